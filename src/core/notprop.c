/* notprop.c — eligible inmates marked not proposed (see notprop.h). */
#include "notprop.h"
#include "rulefile.h"
#include <string.h>

/* The labels of the built-in reasons (rules/tidak-diusulkan-default.json), here so
 * that they are translated; a rule file's other labels are shown as written. */
static const char *const builtin_labels[] = {
    N_("Ditolak oleh WBP sendiri"), N_("Menunggu sidang kasus"), N_("Penilaian keamanan"),
    N_("Alasan kesehatan"),         N_("Sedang mengikuti program lain"), N_("Lainnya (dengan catatan)"),
};

static const field_def_t notprop_fields[NPF_COUNT] = {
    [NPF_REASON] = {"reason", N_("Alasan"), FT_TEXT, true, 40},
    [NPF_NOTE] = {"note", N_("Catatan"), FT_TEXT, false, 500},
    [NPF_DECIDED_ON] = {"decided_on", N_("Tanggal keputusan"), FT_DATE, true, 0},
    [NPF_REVIEW_ON] = {"review_on", N_("Ditinjau lagi pada"), FT_DATE, true, 0},
    [NPF_ENDED_ON] = {"ended_on", N_("Dicabut pada"), FT_DATE, false, 0},
    [NPF_END_REASON] = {"end_reason", N_("Alasan pencabutan"), FT_TEXT, false, 300},
};
const record_def_t notprop_def = {"wbp_not_proposed", "wbp_not_proposed", notprop_fields, NPF_COUNT, "wbp_id",
                                  N_("Tidak diusulkan")};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan tidak diusulkan tidak sah: kunci \"%s\" %s"), key, why);
}

int notprop_rules_from_json(json_t *root, notprop_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"kind",           "code",          "title",   "source", "notes", "confirmed",
                                       "effective_from", "window_months", "reasons", NULL};
    memset(r, 0, sizeof *r);
    rulefile_head_t head;
    if (rulefile_head(root, RULES_KIND_NOTPROP, "invalid_ruleset", &head, e) < 0 ||
        rf_only_keys(root, "", keys, "invalid_ruleset", e) < 0 ||
        rf_int(root, "window_months", "window_months", 0, 24, &r->window_months, "invalid_ruleset", e) < 0)
        return -1;
    snprintf(r->code, sizeof r->code, "%s", head.code);
    r->effective_from = head.effective_from;
    json_t *rs = json_object_get(root, "reasons");
    if (!json_is_array(rs) || json_array_size(rs) == 0 || json_array_size(rs) > NOTPROP_MAX_REASONS)
        return bad(e, "reasons", _("harus daftar 1 sampai 16 alasan"));
    for (size_t i = 0; i < json_array_size(rs); i++) {
        json_t *x = json_array_get(rs, i);
        notprop_reason_t *p = &r->reasons[r->n];
        const char *c = json_string_value(json_object_get(x, "code")), *l = json_string_value(json_object_get(x, "label"));
        json_t *m = json_object_get(x, "review_months"), *nr = json_object_get(x, "note_required");
        if (!json_is_object(x) || !c || !*c || strlen(c) >= sizeof p->code || !l || !*l || strlen(l) >= sizeof p->label ||
            !json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 24 || (nr && !json_is_boolean(nr)))
            return bad(e, "reasons", _("setiap alasan: code, label, review_months 1-24, note_required (pilihan)"));
        for (int j = 0; j < r->n; j++)
            if (!strcmp(r->reasons[j].code, c)) return bad(e, "reasons", _("kode alasan ganda"));
        snprintf(p->code, sizeof p->code, "%s", c);
        snprintf(p->label, sizeof p->label, "%s", l);
        p->review_months = (int)json_integer_value(m);
        p->note_required = nr && json_is_true(nr);
        r->n++;
    }
    return 0;
}

const notprop_reason_t *notprop_reason(const notprop_rules_t *r, const char *code)
{
    for (int i = 0; code && i < r->n; i++)
        if (!strcmp(r->reasons[i].code, code)) return &r->reasons[i];
    return NULL;
}

const char *notprop_label(const notprop_reason_t *x)
{
    for (size_t i = 0; i < sizeof builtin_labels / sizeof builtin_labels[0]; i++)
        if (!strcmp(builtin_labels[i], x->label)) return _(builtin_labels[i]);
    return x->label;
}

void notprop_check(const notprop_rules_t *r, const char *reason, const char *note, date_t decided, date_t today,
                   date_t *review, field_errs_t *fe)
{
    const notprop_reason_t *x = notprop_reason(r, reason);
    *review = DATE_NONE;
    if (!x) field_err(fe, "reason", "%s", _("Pilih alasan tidak diusulkan"));
    bool has_note = note && *note;
    if (x && x->note_required && !has_note) field_err(fe, "note", "%s", _("Alasan ini memerlukan catatan"));
    if (note && strlen(note) > 500) field_err(fe, "note", "%s", _("Catatan paling panjang 500 karakter"));
    if (decided == DATE_NONE) field_err(fe, "decided_on", "%s", _("Tanggal keputusan wajib diisi (TTTT-BB-HH)"));
    else if (decided > today) field_err(fe, "decided_on", "%s", _("Tanggal keputusan tidak boleh di masa depan"));
    if (x && decided != DATE_NONE) *review = date_add_months(decided, x->review_months);
}

bool notprop_in_window(const notprop_rules_t *r, bool eligible, date_t eligible_from, date_t today)
{
    if (eligible) return true;
    return eligible_from != DATE_NONE && eligible_from <= date_add_months(today, r->window_months);
}

bool notprop_active(date_t review, date_t ended, date_t on)
{
    return ended == DATE_NONE && review != DATE_NONE && on < review;
}
