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
    [NPF_REASON] = F_TEXT("reason", N_("Alasan"), true, 40),
    [NPF_NOTE] = F_TEXT("note", N_("Catatan"), false, 500),
    [NPF_DECIDED_ON] = F_DATE("decided_on", N_("Tanggal keputusan"), true),
    [NPF_REVIEW_ON] = F_DATE("review_on", N_("Ditinjau lagi pada"), true),
    [NPF_ENDED_ON] = F_DATE("ended_on", N_("Dicabut pada"), false),
    [NPF_END_REASON] = F_TEXT("end_reason", N_("Alasan pencabutan"), false, 300),
};
const record_def_t notprop_def = {"wbp_not_proposed", "wbp_not_proposed", notprop_fields, NPF_COUNT, "wbp_id",
                                  N_("Tidak diusulkan")};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan tidak diusulkan tidak sah: kunci \"%s\" %s"), key, why);
}

int notprop_rules_from_json(json_t *root, notprop_rules_t *r, err_t *e)
{
    return rf_reasons_read(root, RULES_KIND_NOTPROP, true, bad, r, e);
}

const notprop_reason_t *notprop_reason(const notprop_rules_t *r, const char *code) { return rf_reason_find(r, code); }

const char *notprop_label(const notprop_reason_t *x) { return rf_reason_text(builtin_labels, ARRAY_LEN(builtin_labels), x); }

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
