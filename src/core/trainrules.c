/* trainrules.c — the "pelatihan" rule file: parse, validate, pick by date. */
#include "trainrules.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EC "invalid_training_rules"

static int get_treat(json_t *o, const char *key, const char *path, att_treatment_t *out, err_t *e)
{
    char s[32];
    if (rf_string(o, key, path, s, sizeof s, true, EC, e) < 0) return -1;
    int t = att_treatment_parse(s);
    if (t < 0) return rf_bad(e, EC, path, "harus \"hadir\", \"tidak_hadir\" atau \"dikecualikan\"");
    *out = (att_treatment_t)t;
    return 0;
}

static int get_roles(json_t *o, const char *key, const char *path, unsigned *out, err_t *e)
{
    json_t *a = rf_array(o, key, path, EC, e), *it;
    size_t i;
    if (!a) return -1;
    *out = 0;
    json_array_foreach(a, i, it) {
        unsigned b = json_is_string(it) ? att_role_bit(json_string_value(it)) : 0;
        if (!b) return rf_bad(e, EC, path, "berisi peran yang tidak dikenal (admin, staf, wali, instruktur, kalapas, "
                                           "kanwil, bapas)");
        *out |= b;
    }
    return 0;
}

int train_rules_from_json(json_t *root, train_rules_t *r, err_t *e)
{
    static const char *const top[] = {"kind",       "code",       "title",      "source",      "notes",
                                      "confirmed",  "effective_from", "jp_minutes", "attendance", "correction",
                                      "completion", "certificate", "bnsp",      NULL};
    static const char *const a_keys[] = {"izin", "sakit", "belum_dicatat", NULL};
    static const char *const c_keys[] = {"window_days", "entry_roles", "late_roles", NULL};
    static const char *const k_keys[] = {"min_attendance_percent", "all_units_kompeten", "attendance_recorded", NULL};
    static const char *const s_keys[] = {"number_format", "seq_per", NULL};
    static const char *const b_keys[] = {"validity_years", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_head(root, RULEFILE_KIND_PELATIHAN, EC, &r->head, e) < 0) return -1;
    if (rf_only_keys(root, "", top, EC, e) < 0) return -1;
    if (rf_int(root, "jp_minutes", "jp_minutes", 1, 240, &r->jp_minutes, EC, e) < 0) return -1;

    json_t *o = rf_object(root, "attendance", "attendance", EC, e);
    if (!o || rf_only_keys(o, "attendance", a_keys, EC, e) < 0) return -1;
    r->att.treat[ATT_HADIR] = ATT_ATTENDED;
    r->att.treat[ATT_ALPA] = ATT_ABSENT;
    if (get_treat(o, "izin", "attendance.izin", &r->att.treat[ATT_IZIN], e) < 0 ||
        get_treat(o, "sakit", "attendance.sakit", &r->att.treat[ATT_SAKIT], e) < 0 ||
        get_treat(o, "belum_dicatat", "attendance.belum_dicatat", &r->att.treat[ATT_TREAT_NONE], e) < 0)
        return -1;

    if (!(o = rf_object(root, "correction", "correction", EC, e)) || rf_only_keys(o, "correction", c_keys, EC, e) < 0)
        return -1;
    if (rf_int(o, "window_days", "correction.window_days", 0, 366, &r->att.window_days, EC, e) < 0 ||
        get_roles(o, "entry_roles", "correction.entry_roles", &r->att.entry_roles, e) < 0 ||
        get_roles(o, "late_roles", "correction.late_roles", &r->att.late_roles, e) < 0)
        return -1;
    if (!r->att.entry_roles) return rf_bad(e, EC, "correction.entry_roles", "tidak boleh kosong");

    if (!(o = rf_object(root, "completion", "completion", EC, e)) || rf_only_keys(o, "completion", k_keys, EC, e) < 0)
        return -1;
    json_t *v = json_object_get(o, "min_attendance_percent");
    if (!v) return rf_bad(e, EC, "completion.min_attendance_percent", "wajib ada");
    double pct = json_number_value(v);
    double bp = round(pct * 100);
    if (!json_is_number(v) || pct < 0 || pct > 100 || fabs(pct * 100 - bp) > 1e-6)
        return rf_bad(e, EC, "completion.min_attendance_percent",
                      "harus angka 0 sampai 100 dengan paling banyak dua desimal, mis. 80 atau 87.5");
    r->att.min_rate_bp = (int)bp;
    if (rf_bool(o, "all_units_kompeten", "completion.all_units_kompeten", &r->require_all_units, EC, e) < 0 ||
        rf_bool(o, "attendance_recorded", "completion.attendance_recorded", &r->require_recorded, EC, e) < 0)
        return -1;

    if (!(o = rf_object(root, "certificate", "certificate", EC, e)) ||
        rf_only_keys(o, "certificate", s_keys, EC, e) < 0)
        return -1;
    if (rf_string(o, "number_format", "certificate.number_format", r->certno_format, sizeof r->certno_format, true, EC,
                  e) < 0)
        return -1;
    json_t *a = rf_array(o, "seq_per", "certificate.seq_per", EC, e), *it;
    size_t i;
    if (!a) return -1;
    json_array_foreach(a, i, it) {
        int p = json_is_string(it) ? certno_per_parse(json_string_value(it)) : -1;
        if (p < 0) return rf_bad(e, EC, "certificate.seq_per", "berisi nilai yang tidak dikenal (site, year, month, trade, program)");
        r->seq_per |= 1u << p;
    }
    err_t fe;
    if (certno_validate(r->certno_format, r->seq_per, &fe) < 0)
        return err_set(e, 400, EC, "Aturan tidak sah: kunci \"certificate.number_format\": %s", fe.msg);

    if (!(o = rf_object(root, "bnsp", "bnsp", EC, e)) || rf_only_keys(o, "bnsp", b_keys, EC, e) < 0) return -1;
    return rf_int(o, "validity_years", "bnsp.validity_years", 1, 20, &r->bnsp_validity_years, EC, e);
}

int train_rules_parse(const char *text, train_rules_t *out, err_t *e)
{
    json_error_t je;
    json_t *root = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, &je);
    if (!root) return err_set(e, 400, EC, "Aturan tidak sah: JSON rusak pada baris %d: %s", je.line, je.text);
    int rc = train_rules_from_json(root, out, e);
    json_decref(root);
    return rc;
}

static json_t *roles_json(unsigned bits)
{
    json_t *a = json_array();
    for (int i = 0; i < ATT_ROLE__COUNT; i++)
        if (bits & 1u << i) json_array_append_new(a, json_string(att_role_name(i)));
    return a;
}

json_t *train_rules_to_json(const train_rules_t *r)
{
    json_t *o = json_object();
    rulefile_head_json(o, RULEFILE_KIND_PELATIHAN, &r->head);
    json_object_set_new(o, "jp_minutes", json_integer(r->jp_minutes));
    json_object_set_new(o, "attendance",
                        json_pack("{s:s, s:s, s:s}", "izin", att_treatment_name(r->att.treat[ATT_IZIN]), "sakit",
                                  att_treatment_name(r->att.treat[ATT_SAKIT]), "belum_dicatat",
                                  att_treatment_name(r->att.treat[ATT_TREAT_NONE])));
    json_object_set_new(o, "correction",
                        json_pack("{s:i, s:o, s:o}", "window_days", r->att.window_days, "entry_roles",
                                  roles_json(r->att.entry_roles), "late_roles", roles_json(r->att.late_roles)));
    json_t *pct = r->att.min_rate_bp % 100 ? json_real(r->att.min_rate_bp / 100.0) : json_integer(r->att.min_rate_bp / 100);
    json_object_set_new(o, "completion",
                        json_pack("{s:o, s:b, s:b}", "min_attendance_percent", pct, "all_units_kompeten",
                                  r->require_all_units, "attendance_recorded", r->require_recorded));
    json_t *per = json_array();
    for (int p = 0; p < CERT_PER__COUNT; p++)
        if (r->seq_per & 1u << p) json_array_append_new(per, json_string(certno_per_name((certno_per_t)p)));
    json_object_set_new(o, "certificate", json_pack("{s:s, s:o}", "number_format", r->certno_format, "seq_per", per));
    json_object_set_new(o, "bnsp", json_pack("{s:i}", "validity_years", r->bnsp_validity_years));
    return o;
}

const train_rules_t *train_rules_pick(const train_rules_t *sets, size_t n, date_t date)
{
    const train_rules_t *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (sets[i].head.effective_from <= date && (!best || sets[i].head.effective_from >= best->head.effective_from))
            best = &sets[i];
    return best;
}

int train_rules_load_builtins(train_rules_t *out, size_t cap, size_t *n, err_t *e)
{
    size_t count = rulefile_count(RULEFILE_KIND_PELATIHAN);
    *n = 0;
    if (!count) return err_set(e, 500, "no_training_rules", "Aturan pelatihan bawaan tidak tersedia");
    if (count > cap) return err_set(e, 500, "too_many_rulesets", "Terlalu banyak aturan pelatihan bawaan (%zu)", count);
    for (size_t i = 0; i < count; i++) {
        if (train_rules_parse(rulefile_json(RULEFILE_KIND_PELATIHAN, i), &out[i], e) < 0) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            return err_set(e, 500, EC, "Aturan bawaan %s: %s", rulefile_name(RULEFILE_KIND_PELATIHAN, i), msg);
        }
        for (size_t j = 0; j < i; j++)
            if (out[j].head.effective_from == out[i].head.effective_from)
                return err_set(e, 500, EC, "Aturan pelatihan bawaan %s dan %s berlaku pada tanggal yang sama",
                               out[j].head.code, out[i].head.code);
    }
    *n = count;
    return 0;
}

int train_rules_builtin_at(date_t date, json_t *patch, train_rules_t *out, err_t *e)
{
    enum { CAP = 16 };
    train_rules_t sets[CAP];
    size_t n;
    if (train_rules_load_builtins(sets, CAP, &n, e) < 0) return -1;
    const train_rules_t *r = train_rules_pick(sets, n, date);
    if (!r) {
        char d[DATE_ISO_LEN];
        date_format(date, d);
        return err_set(e, 500, "no_training_rules", "Tidak ada aturan pelatihan yang berlaku pada %s", d);
    }
    if (!patch) {
        *out = *r;
        return 0;
    }
    if (!json_is_object(patch)) return err_set(e, 400, EC, "Aturan tidak sah: perubahan aturan harus berupa objek JSON");
    json_t *j = train_rules_to_json(r);
    json_object_update_recursive(j, patch);
    int rc = train_rules_from_json(j, out, e);
    json_decref(j);
    return rc;
}
