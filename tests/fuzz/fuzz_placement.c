/* fuzz_placement.c — libFuzzer harness for the placement JSON input
 * (placement_json.h: `bekal calc placement FILE.json`, the golden files, the
 * benchmark): the input as JSON through pl_json_run(), and again step by step
 * (pl_json_input_parse, pl_json_rules, pl_place) to check the matching itself.
 *
 * Invariants: a refused input is a 400 "invalid_input"/"invalid_rules" error with
 * a UTF-8 message; an accepted one gives an output that dumps to JSON, whose
 * summary agrees with its lists, with no programme over capacity; the placement
 * is stable (pl_check_stable: capacities, acceptability, interests, no blocking
 * pair); every reason is UTF-8 text. */
#include "fuzz.h"
#include "core/placement_json.h"

static void check_err(const err_t *e)
{
    FUZZ_CHECK(e->status >= 400 && e->status < 500, "status %d (%s: %s)", e->status, e->code, e->msg);
    FUZZ_CHECK(e->code[0] && e->msg[0], "error without code or message");
    FUZZ_CHECK(fuzz_utf8(e->msg), "error message not UTF-8: %s", e->msg);
}

static size_t arr_len(json_t *o, const char *k)
{
    json_t *a = json_object_get(o, k);
    FUZZ_CHECK(json_is_array(a), "output lacks array %s", k);
    return json_array_size(a);
}

static void check_output(json_t *out)
{
    char *s = json_dumps(out, JSON_COMPACT);
    FUZZ_CHECK(s != NULL, "output does not dump");
    free(s);
    json_t *sum = json_object_get(out, "summary");
    FUZZ_CHECK(json_is_object(sum), "no summary");
    size_t np = arr_len(out, "placed"), nw = arr_len(out, "waitlist");
    FUZZ_CHECK((size_t)json_integer_value(json_object_get(sum, "placed")) == np, "summary.placed");
    FUZZ_CHECK((size_t)json_integer_value(json_object_get(sum, "waitlist")) == nw, "summary.waitlist");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(out, "programs"), i, p) {
        json_int_t cap = json_integer_value(json_object_get(p, "capacity"));
        json_int_t pl = json_integer_value(json_object_get(p, "placed"));
        FUZZ_CHECK(pl >= 0 && pl <= cap, "programme %zu: %lld placed, capacity %lld", i, (long long)pl,
                   (long long)cap);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!root) return 0;
    err_t e;
    err_clear(&e);
    json_t *out = NULL;
    if (pl_json_run(root, &out, &e) < 0) {
        FUZZ_CHECK(out == NULL, "output on error");
        check_err(&e);
    } else {
        check_output(out);
        json_decref(out);
    }
    /* the matching itself, before any withdrawal */
    pl_json_input_t pj;
    err_clear(&e);
    if (pl_json_input_parse(root, &pj, &e) == 0) {
        pl_rules_t rules;
        pl_result_t r;
        if (pl_json_rules(&pj, &rules, &e) == 0 && pl_place(&pj.in, &rules, &r, &e) == 0) {
            char why[300];
            FUZZ_CHECK(pl_check_stable(&r, why, sizeof why), "placement not stable: %s", why);
            size_t seats = 0;
            for (size_t p = 0; p < pj.in.n_prog; p++) {
                FUZZ_CHECK(r.filled[p] >= 0 && r.filled[p] <= pj.in.prog[p].capacity, "programme %zu over capacity", p);
                seats += (size_t)r.filled[p];
            }
            FUZZ_CHECK(seats == r.n_placed, "%zu seats filled, %zu placed", seats, r.n_placed);
            for (size_t c = 0; c < pj.in.n_cand; c++) {
                buf_t b;
                buf_init(&b);
                pl_explain(&r, c, &b);
                FUZZ_CHECK(fuzz_utf8(BUF_S(b)), "reason for candidate %zu is not UTF-8", c);
                buf_release(&b);
            }
            pl_result_free(&r);
        } else {
            check_err(&e);
        }
        pl_json_input_free(&pj);
    } else {
        check_err(&e);
    }
    json_decref(root);
    return 0;
}
