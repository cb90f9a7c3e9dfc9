/* followup.c — the follow-up schedule after release (see followup.h). */
#include "followup.h"
#include "rulefile.h"
#include <string.h>

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan tindak lanjut tidak sah: kunci \"%s\" %s"), key, why);
}

int followup_rules_from_json(json_t *root, followup_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"kind", "code", "title", "source", "notes", "effective_from",
                                       "months_after_release", "early_days", "grace_days", NULL};
    memset(r, 0, sizeof *r);
    if (!json_is_object(root)) return err_set(e, 400, "invalid_ruleset", _("Aturan tidak sah: harus berupa objek JSON"));
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        if (!rf_key_allowed(k, keys)) return bad(e, k, _("tidak dikenal"));
    }
    const char *kind = json_string_value(json_object_get(root, "kind"));
    if (!kind || strcmp(kind, RULES_KIND_FOLLOWUP)) return bad(e, "kind", _("harus \"tindak_lanjut\""));
    const char *code = json_string_value(json_object_get(root, "code"));
    if (!code || !*code || strlen(code) >= sizeof r->code) return bad(e, "code", _("wajib berupa teks pendek"));
    snprintf(r->code, sizeof r->code, "%s", code);
    const char *from = json_string_value(json_object_get(root, "effective_from"));
    if (!from || !date_parse(from, &r->effective_from)) return bad(e, "effective_from", _("harus tanggal TTTT-BB-HH"));
    json_t *m = json_object_get(root, "months_after_release");
    if (!json_is_array(m) || json_array_size(m) == 0 || json_array_size(m) > FOLLOWUP_MAX_POINTS)
        return bad(e, "months_after_release", _("harus daftar 1 sampai 12 bilangan bulan"));
    for (size_t i = 0; i < json_array_size(m); i++) {
        json_t *x = json_array_get(m, i);
        json_int_t n = json_is_integer(x) ? json_integer_value(x) : 0;
        if (n < 1 || n > 120 || (i > 0 && n <= r->months[i - 1]))
            return bad(e, "months_after_release", _("harus bilangan 1-120 yang terus naik"));
        r->months[r->npoints++] = (int)n;
    }
    static const char *const ints[] = {"early_days", "grace_days"};
    for (int i = 0; i < 2; i++) {
        json_t *x = json_object_get(root, ints[i]);
        json_int_t n = json_is_integer(x) ? json_integer_value(x) : -1;
        if (n < 0 || n > 365) return bad(e, ints[i], _("harus bilangan hari 0-365"));
        if (i == 0) r->early_days = (int)n;
        else r->grace_days = (int)n;
    }
    return 0;
}

int followup_schedule(const followup_rules_t *r, date_t released, const date_t *contacts, int ncontacts, date_t today,
                      followup_point_t *out)
{
    for (int p = 0; p < r->npoints; p++) {
        out[p] = (followup_point_t){.month = r->months[p], .due = date_add_months(released, r->months[p]),
                                    .done_on = DATE_NONE, .contact = -1};
    }
    /* Contacts in date order (then input order), each to the earliest open point. */
    bool used[256] = {false};
    int n = ncontacts < 256 ? ncontacts : 256;
    for (;;) {
        int next = -1;
        for (int c = 0; c < n; c++)
            if (!used[c] && contacts[c] != DATE_NONE && contacts[c] >= released &&
                (next < 0 || contacts[c] < contacts[next]))
                next = c;
        if (next < 0) break;
        used[next] = true;
        for (int p = 0; p < r->npoints; p++) {
            if (out[p].contact >= 0) continue;
            if (contacts[next] >= out[p].due - r->early_days) {
                out[p].contact = next;
                out[p].done_on = contacts[next];
            }
            break; /* only the earliest point not done */
        }
    }
    int overdue = 0;
    for (int p = 0; p < r->npoints; p++) {
        followup_point_t *q = &out[p];
        if (q->contact >= 0) q->state = FU_DONE;
        else if (today > q->due + r->grace_days) {
            q->state = FU_OVERDUE;
            q->days_overdue = today - q->due;
            overdue++;
        } else if (today >= q->due - r->early_days)
            q->state = FU_DUE;
        else
            q->state = FU_NOT_YET;
    }
    return overdue;
}

const char *followup_state_label(followup_state_t s)
{
    switch (s) {
    case FU_NOT_YET: return _("belum waktunya");
    case FU_DUE: return _("jatuh tempo");
    case FU_DONE: return _("selesai");
    case FU_OVERDUE: return _("terlambat");
    }
    return "";
}
