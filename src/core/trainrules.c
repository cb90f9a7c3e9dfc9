/* trainrules.c — the "pelatihan" rule file: parse, validate, pick by date. */
#include "trainrules.h"
#include "rulefile.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EC "invalid_training_rules"

/* The shared rule-file readers (rulefile.h) with this file's error code. */
static int tr_bad(err_t *e, const char *path, const char *why) { return rf_bad(e, EC, path, why); }
static int tr_only_keys(json_t *obj, const char *where, const char *const *allowed, err_t *e)
{
    return rf_only_keys(obj, where, allowed, EC, e);
}
static json_t *tr_typed(json_t *obj, const char *key, const char *path, bool array, err_t *e)
{
    return array ? rf_array(obj, key, path, EC, e) : rf_object(obj, key, path, EC, e);
}
static int tr_string(json_t *obj, const char *key, const char *path, char *out, size_t cap, bool required, err_t *e)
{
    return rf_string(obj, key, path, out, cap, required, EC, e);
}
static int tr_int(json_t *obj, const char *key, const char *path, int lo, int hi, int *out, err_t *e)
{
    return rf_int(obj, key, path, lo, hi, out, EC, e);
}
static int tr_bool(json_t *obj, const char *key, const char *path, bool *out, err_t *e)
{
    return rf_bool(obj, key, path, out, EC, e);
}

/* kind, code, title, source, notes, confirmed, effective_from */
static int read_head(json_t *root, train_rules_t *r, err_t *e)
{
    char k[32], d[32];
    if (tr_string(root, "kind", "kind", k, sizeof k, true, e) < 0) return -1;
    if (strcmp(k, RULES_KIND_PELATIHAN)) return tr_bad(e, "kind", "harus \"" RULES_KIND_PELATIHAN "\"");
    if (tr_string(root, "code", "code", r->code, sizeof r->code, true, e) < 0) return -1;
    for (const char *c = r->code; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return tr_bad(e, "code", "hanya boleh huruf kecil, angka, - dan _");
    if (tr_string(root, "title", "title", r->title, sizeof r->title, true, e) < 0 ||
        tr_string(root, "source", "source", r->source, sizeof r->source, false, e) < 0 ||
        tr_string(root, "notes", "notes", r->notes, sizeof r->notes, false, e) < 0 ||
        tr_string(root, "title_en", "title_en", r->title_en, sizeof r->title_en, false, e) < 0 ||
        tr_string(root, "notes_en", "notes_en", r->notes_en, sizeof r->notes_en, false, e) < 0 ||
        tr_bool(root, "confirmed", "confirmed", &r->confirmed, e) < 0 ||
        tr_string(root, "effective_from", "effective_from", d, sizeof d, true, e) < 0)
        return -1;
    if (!date_parse(d, &r->effective_from)) return tr_bad(e, "effective_from", "harus tanggal YYYY-MM-DD yang sah");
    return 0;
}

static int get_treat(json_t *o, const char *key, const char *path, att_treatment_t *out, err_t *e)
{
    char s[32];
    if (tr_string(o, key, path, s, sizeof s, true, e) < 0) return -1;
    int t = att_treatment_parse(s);
    if (t < 0) return tr_bad(e, path, "harus \"hadir\", \"tidak_hadir\" atau \"dikecualikan\"");
    *out = (att_treatment_t)t;
    return 0;
}

static int get_roles(json_t *o, const char *key, const char *path, unsigned *out, err_t *e)
{
    json_t *a = tr_typed(o, key, path, true, e), *it;
    size_t i;
    if (!a) return -1;
    *out = 0;
    json_array_foreach(a, i, it) {
        unsigned b = json_is_string(it) ? att_role_bit(json_string_value(it)) : 0;
        if (!b) return tr_bad(e, path, "berisi peran yang tidak dikenal (admin, staf, wali, instruktur, kalapas, "
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
    if (!json_is_object(root)) return err_set(e, 400, EC, "Aturan tidak sah: harus berupa objek JSON");
    if (tr_only_keys(root, "", top, e) < 0 || read_head(root, r, e) < 0) return -1;
    if (tr_int(root, "jp_minutes", "jp_minutes", 1, 240, &r->jp_minutes, e) < 0) return -1;

    json_t *o = tr_typed(root, "attendance", "attendance", false, e);
    if (!o || tr_only_keys(o, "attendance", a_keys, e) < 0) return -1;
    r->att.treat[ATT_HADIR] = ATT_ATTENDED;
    r->att.treat[ATT_ALPA] = ATT_ABSENT;
    if (get_treat(o, "izin", "attendance.izin", &r->att.treat[ATT_IZIN], e) < 0 ||
        get_treat(o, "sakit", "attendance.sakit", &r->att.treat[ATT_SAKIT], e) < 0 ||
        get_treat(o, "belum_dicatat", "attendance.belum_dicatat", &r->att.treat[ATT_TREAT_NONE], e) < 0)
        return -1;

    if (!(o = tr_typed(root, "correction", "correction", false, e)) || tr_only_keys(o, "correction", c_keys, e) < 0)
        return -1;
    if (tr_int(o, "window_days", "correction.window_days", 0, 366, &r->att.window_days, e) < 0 ||
        get_roles(o, "entry_roles", "correction.entry_roles", &r->att.entry_roles, e) < 0 ||
        get_roles(o, "late_roles", "correction.late_roles", &r->att.late_roles, e) < 0)
        return -1;
    if (!r->att.entry_roles) return tr_bad(e, "correction.entry_roles", "tidak boleh kosong");

    if (!(o = tr_typed(root, "completion", "completion", false, e)) || tr_only_keys(o, "completion", k_keys, e) < 0)
        return -1;
    json_t *v = json_object_get(o, "min_attendance_percent");
    if (!v) return tr_bad(e, "completion.min_attendance_percent", "wajib ada");
    double pct = json_number_value(v);
    double bp = round(pct * 100);
    if (!json_is_number(v) || pct < 0 || pct > 100 || fabs(pct * 100 - bp) > 1e-6)
        return tr_bad(e, "completion.min_attendance_percent",
                      "harus angka 0 sampai 100 dengan paling banyak dua desimal, mis. 80 atau 87.5");
    r->att.min_rate_bp = (int)bp;
    if (tr_bool(o, "all_units_kompeten", "completion.all_units_kompeten", &r->require_all_units, e) < 0 ||
        tr_bool(o, "attendance_recorded", "completion.attendance_recorded", &r->require_recorded, e) < 0)
        return -1;

    if (!(o = tr_typed(root, "certificate", "certificate", false, e)) ||
        tr_only_keys(o, "certificate", s_keys, e) < 0)
        return -1;
    if (tr_string(o, "number_format", "certificate.number_format", r->certno_format, sizeof r->certno_format, true, e) < 0)
        return -1;
    json_t *a = tr_typed(o, "seq_per", "certificate.seq_per", true, e), *it;
    size_t i;
    if (!a) return -1;
    json_array_foreach(a, i, it) {
        int p = json_is_string(it) ? certno_per_parse(json_string_value(it)) : -1;
        if (p < 0) return tr_bad(e, "certificate.seq_per", "berisi nilai yang tidak dikenal (site, year, month, trade, program)");
        r->seq_per |= 1u << p;
    }
    err_t fe;
    if (certno_validate(r->certno_format, r->seq_per, &fe) < 0)
        return err_set(e, 400, EC, "Aturan tidak sah: kunci \"certificate.number_format\": %s", fe.msg);

    if (!(o = tr_typed(root, "bnsp", "bnsp", false, e)) || tr_only_keys(o, "bnsp", b_keys, e) < 0) return -1;
    return tr_int(o, "validity_years", "bnsp.validity_years", 1, 20, &r->bnsp_validity_years, e);
}

int train_rules_parse(const char *text, train_rules_t *out, err_t *e)
{
    json_t *root = rf_load_text(text, EC, e);
    int rc = root ? train_rules_from_json(root, out, e) : -1;
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
    char eff[DATE_ISO_LEN];
    date_format(r->effective_from, eff);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "kind", RULES_KIND_PELATIHAN, "code", r->code, "title",
                          r->title, "source", r->source, "notes", r->notes, "confirmed", r->confirmed,
                          "effective_from", eff);
    if (r->title_en[0]) json_object_set_new(o, "title_en", json_string(r->title_en));
    if (r->notes_en[0]) json_object_set_new(o, "notes_en", json_string(r->notes_en));
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
        if (sets[i].effective_from <= date && (!best || sets[i].effective_from >= best->effective_from))
            best = &sets[i];
    return best;
}

int train_rules_load_builtins(train_rules_t *out, size_t cap, size_t *n, err_t *e)
{
    size_t m = 0;
    *n = 0;
    for (size_t i = 0; i < rulefile_count(RULES_KIND_PELATIHAN); i++) {
        if (m >= cap) return err_set(e, 500, "too_many_rulesets", "Terlalu banyak aturan pelatihan bawaan (lebih dari %zu)", cap);
        if (train_rules_parse(rulefile_json(RULES_KIND_PELATIHAN, i), &out[m], e) < 0) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            return err_set(e, 500, EC, "Aturan bawaan %s: %s", rulefile_name(RULES_KIND_PELATIHAN, i), msg);
        }
        for (size_t j = 0; j < m; j++)
            if (out[j].effective_from == out[m].effective_from)
                return err_set(e, 500, EC, "Aturan pelatihan bawaan %s dan %s berlaku pada tanggal yang sama",
                               out[j].code, out[m].code);
        m++;
    }
    if (!m) return err_set(e, 500, "no_training_rules", "Aturan pelatihan bawaan tidak tersedia");
    *n = m;
    return 0;
}

int train_rules_builtin_at(date_t date, json_t *patch, train_rules_t *out, err_t *e)
{
    if (patch && !json_is_object(patch))
        return err_set(e, 400, EC, "Aturan tidak sah: perubahan aturan harus berupa objek JSON");
    const char *name = NULL;
    json_t *j = rulefile_in_force(RULES_KIND_PELATIHAN, date, &name);
    if (!j) {
        char d[DATE_ISO_LEN];
        date_format(date, d);
        /* the date is the caller's (a programme's start, a calc input): not a server fault */
        return err_set(e, 422, "no_training_rules", "Tidak ada aturan pelatihan yang berlaku pada %s", d);
    }
    if (patch) json_object_update_recursive(j, patch);
    int rc = train_rules_from_json(j, out, e);
    json_decref(j);
    if (rc < 0 && !patch) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_set(e, 500, EC, "Aturan bawaan %s: %s", name ? name : "?", msg);
    }
    return rc;
}
