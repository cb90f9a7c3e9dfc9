/* withdraw.c — coded withdrawal reasons (see withdraw.h). */
#include "withdraw.h"
#include "rulefile.h"
#include <string.h>

/* The labels of the built-in reasons (rules/alasan-mundur-default.json), here so that
 * they are translated; a rule file's other labels are shown as written. */
static const char *const builtin_labels[] = {
    N_("Kesehatan"),        N_("Pindah ke lokasi lain"), N_("Bebas"),    N_("Hukuman disiplin"),
    N_("Permintaan sendiri"), N_("Keamanan"),            N_("Lainnya (dengan catatan)"),
};

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan alasan mundur tidak sah: kunci \"%s\" %s"), key, why);
}

int withdraw_rules_from_json(json_t *root, withdraw_rules_t *r, err_t *e)
{
    if (rf_reasons_read(root, RULES_KIND_WITHDRAW, false, bad, r, e) < 0) return -1;
    /* old withdrawals without a code are counted under it: it must exist */
    if (!rf_reason_find(r, WITHDRAW_OTHER)) return bad(e, "reasons", _("harus memuat alasan \"lainnya\""));
    return 0;
}

const withdraw_reason_t *withdraw_reason(const withdraw_rules_t *r, const char *code) { return rf_reason_find(r, code); }

const char *withdraw_label(const withdraw_rules_t *r, const char *code)
{
    const withdraw_reason_t *x = withdraw_reason(r, code);
    if (!x) x = withdraw_reason(r, WITHDRAW_OTHER);
    if (!x) return code ? code : WITHDRAW_OTHER;
    return rf_reason_text(builtin_labels, ARRAY_LEN(builtin_labels), x);
}

void withdraw_check(const withdraw_rules_t *r, const char *code, const char *note, field_errs_t *fe)
{
    const withdraw_reason_t *x = withdraw_reason(r, code);
    if (!x) {
        field_err(fe, "withdraw_reason", "%s", _("Pilih alasan mundur"));
        return;
    }
    if (x->note_required && (!note || !*note)) field_err(fe, "reason", "%s", _("Alasan mundur ini memerlukan catatan"));
}
