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
    static const char *const keys[] = {"kind", "code", "title", "source", "notes", "confirmed", "effective_from", "reasons",
                                       NULL};
    memset(r, 0, sizeof *r);
    rulefile_head_t head;
    if (rulefile_head(root, RULES_KIND_WITHDRAW, "invalid_ruleset", &head, e) < 0 ||
        rf_only_keys(root, "", keys, "invalid_ruleset", e) < 0)
        return -1;
    snprintf(r->code, sizeof r->code, "%s", head.code);
    r->effective_from = head.effective_from;
    json_t *rs = json_object_get(root, "reasons");
    if (!json_is_array(rs) || json_array_size(rs) == 0 || json_array_size(rs) > WITHDRAW_MAX_REASONS)
        return bad(e, "reasons", _("harus daftar 1 sampai 16 alasan"));
    bool other = false;
    for (size_t i = 0; i < json_array_size(rs); i++) {
        json_t *x = json_array_get(rs, i);
        withdraw_reason_t *p = &r->reasons[r->n];
        const char *c = json_string_value(json_object_get(x, "code")), *l = json_string_value(json_object_get(x, "label"));
        json_t *nr = json_object_get(x, "note_required");
        if (!json_is_object(x) || !c || !*c || strlen(c) >= sizeof p->code || !l || !*l || strlen(l) >= sizeof p->label ||
            (nr && !json_is_boolean(nr)))
            return bad(e, "reasons", _("setiap alasan: code, label, note_required (pilihan)"));
        for (int j = 0; j < r->n; j++)
            if (!strcmp(r->reasons[j].code, c)) return bad(e, "reasons", _("kode alasan ganda"));
        snprintf(p->code, sizeof p->code, "%s", c);
        snprintf(p->label, sizeof p->label, "%s", l);
        p->note_required = nr && json_is_true(nr);
        other = other || !strcmp(c, WITHDRAW_OTHER);
        r->n++;
    }
    /* old withdrawals without a code are counted under it: it must exist */
    if (!other) return bad(e, "reasons", _("harus memuat alasan \"lainnya\""));
    return 0;
}

const withdraw_reason_t *withdraw_reason(const withdraw_rules_t *r, const char *code)
{
    for (int i = 0; code && i < r->n; i++)
        if (!strcmp(r->reasons[i].code, code)) return &r->reasons[i];
    return NULL;
}

const char *withdraw_label(const withdraw_rules_t *r, const char *code)
{
    const withdraw_reason_t *x = withdraw_reason(r, code);
    if (!x) x = withdraw_reason(r, WITHDRAW_OTHER);
    if (!x) return code ? code : WITHDRAW_OTHER;
    for (size_t i = 0; i < sizeof builtin_labels / sizeof builtin_labels[0]; i++)
        if (!strcmp(builtin_labels[i], x->label)) return _(builtin_labels[i]);
    return x->label;
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
