/* fuzz_rulefile.c — libFuzzer harness for the rule-file readers (the files in rules/ and
 * the rule texts an administrator or `bekal calc` gives): the input as JSON
 * through every kind's parser — asimilasi (ruleset_from_json), penempatan
 * (pl_rules_from_json), pelatihan (train_rules_from_json, and as a patch over the
 * built-in with train_rules_builtin_at), alur_usulan (usulan_chain_from_json),
 * berkas_usulan (usulan_dossier_from_json), tindak_lanjut
 * (followup_rules_from_json) — and the shared head reader (rulefile_head).
 *
 * Invariants: a refused file is a 4xx error with a code and a UTF-8 message; an
 * accepted one written back with its *_to_json parses again to the same JSON
 * (the written form is a valid rule file and nothing is lost or changed); parsed
 * values are within their documented ranges. */
#include "fuzz.h"
#include "core/followup.h"
#include "core/placement.h"
#include "core/ruleset.h"
#include "core/trainrules.h"
#include "core/usulan.h"

static void check_err(const err_t *e, const char *who)
{
    FUZZ_CHECK(e->status >= 400 && e->status < 500 && e->code[0] && e->msg[0], "%s: bad error %d %s", who,
               e->status, e->code);
    FUZZ_CHECK(fuzz_utf8(e->msg), "%s: error message not UTF-8: %s", who, e->msg);
}

/* to_json(x) parses back (with from_json into y) to the same JSON. */
#define ROUND_TRIP(T, from_json, to_json, x, who)                                                        \
    do {                                                                                                  \
        json_t *j1 = to_json(x);                                                                          \
        FUZZ_CHECK(j1 != NULL, "%s: to_json failed", who);                                               \
        T *y = xcalloc(1, sizeof(T));                                                                     \
        err_t e2;                                                                                         \
        err_clear(&e2);                                                                                   \
        FUZZ_CHECK(from_json(j1, y, &e2) == 0, "%s: written form does not parse: %s", who, e2.msg);     \
        json_t *j2 = to_json(y);                                                                          \
        if (!json_equal(j1, j2)) {                                                                        \
            char *a = json_dumps(j1, JSON_SORT_KEYS), *b = json_dumps(j2, JSON_SORT_KEYS);              \
            FUZZ_CHECK(0, "%s: round trip changes the rules:\n%s\n%s", who, a, b);                      \
        }                                                                                                 \
        json_decref(j1);                                                                                  \
        json_decref(j2);                                                                                  \
        free(y);                                                                                          \
    } while (0)

static void asimilasi(json_t *root)
{
    ruleset_t *r = xcalloc(1, sizeof *r);
    err_t e;
    err_clear(&e);
    if (ruleset_from_json(root, r, &e) == 0) {
        FUZZ_CHECK(r->general.frac_p >= 0 && r->general.frac_p <= r->general.frac_q && r->general.frac_q > 0 &&
                       r->special.frac_p >= 0 && r->special.frac_p <= r->special.frac_q && r->special.frac_q > 0,
                   "fractions out of range");
        ROUND_TRIP(ruleset_t, ruleset_from_json, ruleset_to_json, r, "asimilasi");
    } else {
        check_err(&e, "asimilasi");
    }
    free(r);
}

static void penempatan(json_t *root)
{
    pl_rules_t *r = xcalloc(1, sizeof *r);
    err_t e;
    err_clear(&e);
    if (pl_rules_from_json(root, r, &e) == 0) {
        FUZZ_CHECK(r->n_keys >= 1 && r->n_keys <= PL_KEY__COUNT, "%d keys", r->n_keys);
        for (int i = 0; i < r->n_keys; i++)
            FUZZ_CHECK((unsigned)r->keys[i] < PL_KEY__COUNT && r->weights[i] >= 0 && r->weights[i] <= 100,
                       "key %d", i);
        ROUND_TRIP(pl_rules_t, pl_rules_from_json, pl_rules_to_json, r, "penempatan");
    } else {
        check_err(&e, "penempatan");
    }
    free(r);
}

static void pelatihan(json_t *root)
{
    train_rules_t *r = xcalloc(1, sizeof *r);
    err_t e;
    err_clear(&e);
    if (train_rules_from_json(root, r, &e) == 0) {
        FUZZ_CHECK(r->jp_minutes > 0, "jp_minutes %d", r->jp_minutes);
        FUZZ_CHECK(certno_validate(r->certno_format, r->seq_per, NULL) == 0, "certificate format kept but invalid");
        ROUND_TRIP(train_rules_t, train_rules_from_json, train_rules_to_json, r, "pelatihan");
    } else {
        check_err(&e, "pelatihan");
    }
    /* the input as a patch over the built-in in force */
    date_t on;
    FUZZ_CHECK(date_parse("2025-06-01", &on), "date");
    err_clear(&e);
    if (train_rules_builtin_at(on, root, r, &e) == 0) {
        FUZZ_CHECK(certno_validate(r->certno_format, r->seq_per, NULL) == 0, "patched certificate format invalid");
        ROUND_TRIP(train_rules_t, train_rules_from_json, train_rules_to_json, r, "pelatihan patch");
    } else {
        check_err(&e, "pelatihan patch");
    }
    free(r);
}

static void usulan(json_t *root)
{
    usulan_chain_t *c = xcalloc(1, sizeof *c);
    err_t e;
    err_clear(&e);
    if (usulan_chain_from_json(root, c, &e) == 0) {
        FUZZ_CHECK(c->n_states >= 1 && c->n_states <= USL_MAX_STATES && c->initial >= 0 && c->initial < c->n_states,
                   "states %d initial %d", c->n_states, c->initial);
        for (int i = 0; i < c->n_trans; i++)
            FUZZ_CHECK(c->trans[i].from >= 0 && c->trans[i].from < c->n_states && c->trans[i].to >= 0 &&
                           c->trans[i].to < c->n_states && c->trans[i].from != c->trans[i].to,
                       "transition %d", i);
        bool any_final = false;
        for (int i = 0; i < c->n_states; i++) any_final = any_final || usulan_state_final(c, i);
        FUZZ_CHECK(any_final, "chain without a final state");
    } else {
        check_err(&e, "alur_usulan");
    }
    free(c);
    usulan_dossier_t *d = xcalloc(1, sizeof *d);
    err_clear(&e);
    if (usulan_dossier_from_json(root, d, &e) == 0)
        FUZZ_CHECK(d->n_docs >= 0 && d->n_docs <= USL_MAX_DOCS, "%d documents", d->n_docs);
    else
        check_err(&e, "berkas_usulan");
    free(d);
}

static void tindak_lanjut(json_t *root)
{
    followup_rules_t r;
    err_t e;
    err_clear(&e);
    if (followup_rules_from_json(root, &r, &e) == 0) {
        FUZZ_CHECK(r.npoints >= 1 && r.npoints <= FOLLOWUP_MAX_POINTS, "%d points", r.npoints);
        for (int i = 0; i < r.npoints; i++)
            FUZZ_CHECK(r.months[i] >= 1 && r.months[i] <= 120 && (i == 0 || r.months[i] > r.months[i - 1]),
                       "months[%d] = %d", i, r.months[i]);
        /* the schedule over a release and a contact or two */
        date_t rel, c[2];
        FUZZ_CHECK(date_parse("2024-01-31", &rel) && date_parse("2024-03-01", &c[0]) && date_parse("2030-01-01", &c[1]),
                   "dates");
        followup_point_t pts[FOLLOWUP_MAX_POINTS];
        int over = followup_schedule(&r, rel, c, 2, c[1], pts);
        FUZZ_CHECK(over >= 0 && over <= r.npoints, "%d overdue", over);
    } else {
        check_err(&e, "tindak_lanjut");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!root) return 0;
    rulefile_head_t h;
    err_t e;
    err_clear(&e);
    if (rulefile_head(root, RULEFILE_KIND_ASIMILASI, "invalid_rules", &h, &e) == 0)
        FUZZ_CHECK(h.code[0] && fuzz_utf8(h.title) && fuzz_utf8(h.notes), "head");
    else
        check_err(&e, "head");
    asimilasi(root);
    penempatan(root);
    pelatihan(root);
    usulan(root);
    tindak_lanjut(root);
    json_decref(root);
    return 0;
}
