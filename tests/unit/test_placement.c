/* test_placement.c — placement by deferred acceptance: stability on many random
 * instances against a brute-force blocking-pair check, capacity and eligibility,
 * determinism under shuffled input, the tie-break, waiting-list order and
 * promotion after a withdrawal; the placement rule files; the enrolment status
 * table (every illegal change rejected). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/placement.h"
#include "core/placement_json.h"
#include "core/enrolment.h"
#include "core/ruleset.h"
#include "testdate.h"

/* ---- a random instance ------------------------------------------------------ */

#define MAXC 80
#define MAXP 10
#define MAXT 4

typedef struct {
    char id[32], regno[32];
    char interest_buf[8][32];
    const char *interests[8];
    pl_score_t scores[MAXT];
    pl_elig_t elig[MAXP];
} cand_store_t;

typedef struct {
    cand_store_t cs[MAXC];
    char pid[MAXP][32];
    pl_candidate_t cand[MAXC];
    pl_program_t prog[MAXP];
    pl_input_t in;
    pl_rules_t rules;
} inst_t;

static const char *const trades[MAXT] = {"las_listrik", "menjahit", "komputer", "perikanan"};
static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
    return n ? (unsigned)(rng_state % n) : 0;
}

static void random_rules(pl_rules_t *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->head.code, sizeof r->head.code, "acak");
    r->method = rnd(2) ? PL_WEIGHTED : PL_LEXICOGRAPHIC;
    int order[3] = {0, 1, 2};
    for (int i = 2; i > 0; i--) {
        int j = (int)rnd((unsigned)i + 1), t = order[i];
        order[i] = order[j], order[j] = t;
    }
    r->n_keys = 1 + (int)rnd(3);
    for (int i = 0; i < r->n_keys; i++) r->keys[i] = (pl_key_t)order[i], r->weights[i] = (int)rnd(4) * 10;
    r->weights[0] += 5;
    r->horizon_days = 100 + (int)rnd(800);
    for (int i = 0; i < RISK__COUNT; i++) r->risk_points[i] = (int)rnd(3) * 50;
    r->excluded_risk = rnd(3) ? 0 : 1u << RISK_TINGGI;
    r->min_aptitude = rnd(4) ? 0 : 30;
    r->unknown_fitness_ok = rnd(2);
    r->must_stay_until_end = rnd(2);
}

/* Small numbers so that ties (aptitude, release) are common. */
static void random_instance(inst_t *x, size_t nc, size_t np, size_t nt)
{
    memset(x, 0, sizeof *x);
    random_rules(&x->rules);
    date_t base = D("2021-04-01");
    for (size_t p = 0; p < np; p++) {
        pl_program_t *g = &x->prog[p];
        snprintf(x->pid[p], sizeof x->pid[p], "P%zu", p * 7 % 11 + 100 * (p % 2)); /* unique, not in input order */
        g->id = x->pid[p];
        g->trade = trades[rnd((unsigned)nt)];
        g->capacity = (int)rnd(5);
        g->min_participants = g->capacity ? (int)rnd((unsigned)g->capacity + 1) : 0;
        g->requires_asimilasi = rnd(3) != 0;
        g->start = base + (date_t)rnd(4) * 7;
        g->end = rnd(3) ? g->start + 30 + (date_t)rnd(20) : DATE_NONE;
        g->excluded_risk = rnd(5) ? 0 : 1u << RISK_SEDANG;
    }
    for (size_t c = 0; c < nc; c++) {
        cand_store_t *s = &x->cs[c];
        pl_candidate_t *d = &x->cand[c];
        snprintf(s->id, sizeof s->id, "c%zu", c);
        snprintf(s->regno, sizeof s->regno, "W-%u", rnd(4) ? (unsigned)c : rnd(6)); /* some regnos repeat */
        d->id = s->id;
        d->regno = s->regno;
        size_t ni = rnd(5);
        for (size_t i = 0; i < ni; i++) {
            if (rnd(3))
                snprintf(s->interest_buf[i], sizeof s->interest_buf[i], "%s", trades[rnd((unsigned)nt)]);
            else if (np)
                snprintf(s->interest_buf[i], sizeof s->interest_buf[i], "%s", x->pid[rnd((unsigned)np)]);
            else
                snprintf(s->interest_buf[i], sizeof s->interest_buf[i], "tidak_ada");
            s->interests[i] = s->interest_buf[i];
        }
        d->interests = s->interests;
        d->n_interests = ni;
        size_t ns = 0;
        for (size_t t = 0; t < nt; t++) {
            if (!rnd(4)) continue;
            s->scores[ns++] = (pl_score_t){trades[t], rnd(5) ? (int)rnd(5) * 20 : -1, rnd(6) ? 1 : (int)rnd(2) - 1};
        }
        d->scores = s->scores;
        d->n_scores = ns;
        d->fit_default = (int)rnd(3) - 1;
        d->release = rnd(6) ? base + 20 + (date_t)rnd(10) * 40 : DATE_NONE;
        d->risk = (risk_level_t)rnd(3);
        d->eligible_from = rnd(5) ? base - 60 + (date_t)rnd(6) * 20 : DATE_NONE;
        size_t ne = 0;
        for (size_t p = 0; p < np; p++)
            if (!rnd(8)) s->elig[ne++] = (pl_elig_t){x->pid[p], rnd(2) != 0};
        d->elig_at_start = s->elig;
        d->n_elig = ne;
    }
    x->in = (pl_input_t){x->cand, nc, x->prog, np};
}

/* The candidate's preference, computed naively: interests in order, a trade as
 * its programmes by (start, id). Returns the count; out gets programme indices. */
static size_t naive_pref(const pl_input_t *in, size_t c, int *out)
{
    const pl_candidate_t *d = &in->cand[c];
    size_t n = 0;
    for (size_t i = 0; i < d->n_interests; i++) {
        int single = -1;
        for (size_t p = 0; p < in->n_prog; p++)
            if (!strcmp(in->prog[p].id, d->interests[i])) single = (int)p;
        int cands[MAXP];
        size_t k = 0;
        if (single >= 0)
            cands[k++] = single;
        else
            for (size_t p = 0; p < in->n_prog; p++)
                if (!strcmp(in->prog[p].trade, d->interests[i])) cands[k++] = (int)p;
        /* sort by (start, id natural) */
        for (size_t a = 1; a < k; a++)
            for (size_t b = a; b > 0; b--) {
                const pl_program_t *x = &in->prog[cands[b - 1]], *y = &in->prog[cands[b]];
                if (x->start > y->start || (x->start == y->start && pl_regno_cmp(x->id, y->id) > 0)) {
                    int t = cands[b];
                    cands[b] = cands[b - 1], cands[b - 1] = t;
                }
            }
        for (size_t a = 0; a < k; a++) {
            bool dup = false;
            for (size_t z = 0; z < n; z++) dup = dup || out[z] == cands[a];
            if (!dup) out[n++] = cands[a];
        }
    }
    return n;
}

/* Independent check: capacity, acceptability, and no blocking pair, using only
 * the public naive functions. Withdrawn candidates take no part. */
static void brute_force_stable(const pl_result_t *r)
{
    const pl_input_t *in = r->in;
    int count[MAXP + 1] = {0};
    for (size_t c = 0; c < in->n_cand; c++) {
        int p = r->out[c].prog;
        if (p < 0) continue;
        assert_int_equal(pl_acceptable(in, r->rules, c, (size_t)p), PL_OK);
        int pref[MAXP];
        size_t n = naive_pref(in, c, pref);
        bool listed = false;
        for (size_t i = 0; i < n; i++) listed = listed || pref[i] == p;
        assert_true(listed);
        count[p]++;
    }
    for (size_t p = 0; p < in->n_prog; p++) {
        assert_true(count[p] <= in->prog[p].capacity);
        assert_int_equal(count[p], r->filled[p]);
    }
    for (size_t c = 0; c < in->n_cand; c++) {
        if (r->out[c].why == PL_WITHDRAWN) continue;
        int pref[MAXP];
        size_t n = naive_pref(in, c, pref);
        for (size_t i = 0; i < n; i++) {
            int p = pref[i];
            if (p == r->out[c].prog) break; /* only programmes c prefers to its own */
            if (pl_acceptable(in, r->rules, c, (size_t)p) != PL_OK) continue;
            if (count[p] < in->prog[p].capacity)
                fail_msg("blocking: %s wants %s which has a free seat", in->cand[c].regno, in->prog[p].id);
            for (size_t m = 0; m < in->n_cand; m++)
                if (r->out[m].prog == p && pl_priority_cmp(in, r->rules, (size_t)p, m, c) > 0)
                    fail_msg("blocking: %s and %s (holds %s with lower priority)", in->cand[c].regno, in->prog[p].id,
                             in->cand[m].regno);
        }
    }
    char why[300];
    if (!pl_check_stable(r, why, sizeof why)) fail_msg("pl_check_stable: %s", why);
}

/* Every candidate not placed and not withdrawn is on the waiting list once, ranks 1..n. */
static void check_waitlist(const pl_result_t *r)
{
    size_t expect = 0;
    for (size_t c = 0; c < r->in->n_cand; c++) expect += r->out[c].prog < 0 && r->out[c].why != PL_WITHDRAWN;
    assert_int_equal(r->n_waitlist, expect);
    for (size_t i = 0; i < r->n_waitlist; i++) {
        const pl_outcome_t *o = &r->out[r->waitlist[i]];
        assert_int_equal(o->prog, -1);
        assert_int_equal(o->wait_rank, (int)i + 1);
        assert_true(o->why != PL_OK && o->why != PL_WITHDRAWN);
    }
    for (size_t i = 1; i < r->n_waitlist; i++) /* groups in order: full, not eligible yet, others, no interests */
        if (r->out[r->waitlist[i - 1]].why == PL_FULL)
            continue;
        else
            assert_true(r->out[r->waitlist[i]].why != PL_FULL);
}

static void test_random_stable(void **st)
{
    (void)st;
    static inst_t x;
    rng_state = 0x9E3779B97F4A7C15ull;
    int placed_total = 0, full_total = 0;
    for (int it = 0; it < 1500; it++) {
        size_t nc = 1 + rnd(MAXC), np = rnd(MAXP + 1), nt = 1 + rnd(MAXT);
        random_instance(&x, nc, np, nt);
        pl_result_t r;
        err_t e;
        if (pl_place(&x.in, &x.rules, &r, &e) < 0) fail_msg("instance %d: %s", it, e.msg);
        brute_force_stable(&r);
        check_waitlist(&r);
        placed_total += (int)r.n_placed;
        for (size_t i = 0; i < r.n_waitlist; i++) full_total += r.out[r.waitlist[i]].why == PL_FULL;
        /* every explanation renders */
        buf_t b;
        buf_init(&b);
        for (size_t c = 0; c < nc; c++) {
            pl_explain(&r, c, &b);
            assert_true(b.len > 10);
            buf_reset(&b);
        }
        buf_release(&b);
        pl_result_free(&r);
    }
    /* the instances exercise both outcomes */
    assert_true(placed_total > 5000);
    assert_true(full_total > 1000);
}

/* Candidate ids (in result order) of placed and waitlist, joined. */
static void signature(const pl_result_t *r, buf_t *b)
{
    buf_t t;
    buf_init(&t);
    for (size_t i = 0; i < r->n_placed; i++) {
        size_t c = (size_t)r->placed[i];
        pl_explain(r, c, &t);
        buf_printf(b, "P %s>%s %s\n", r->in->cand[c].id, r->in->prog[r->out[c].prog].id, t.data);
        buf_reset(&t);
    }
    for (size_t i = 0; i < r->n_waitlist; i++) {
        size_t c = (size_t)r->waitlist[i];
        pl_explain(r, c, &t);
        buf_printf(b, "W %s %s\n", r->in->cand[c].id, t.data);
        buf_reset(&t);
    }
    buf_release(&t);
}

static void test_deterministic_under_shuffle(void **st)
{
    (void)st;
    static inst_t x, y;
    rng_state = 42;
    for (int it = 0; it < 300; it++) {
        size_t nc = 1 + rnd(MAXC), np = rnd(MAXP + 1), nt = 1 + rnd(MAXT);
        random_instance(&x, nc, np, nt);
        pl_result_t r1, r2;
        err_t e;
        assert_int_equal(pl_place(&x.in, &x.rules, &r1, &e), 0);
        /* y: the same instance with candidates, programmes, scores and answers shuffled */
        y = x;
        for (size_t c = 0; c < nc; c++) y.cand[c] = x.cand[c];
        for (size_t i = nc; i > 1; i--) {
            size_t j = rnd((unsigned)i);
            pl_candidate_t t = y.cand[i - 1];
            y.cand[i - 1] = y.cand[j], y.cand[j] = t;
        }
        for (size_t i = np; i > 1; i--) {
            size_t j = rnd((unsigned)i);
            pl_program_t t = y.prog[i - 1];
            y.prog[i - 1] = y.prog[j], y.prog[j] = t;
        }
        static pl_score_t sc[MAXC][MAXT];
        for (size_t c = 0; c < nc; c++) { /* reversed scores; pointers into x's strings stay valid */
            pl_candidate_t *d = &y.cand[c];
            for (size_t k = 0; k < d->n_scores; k++) sc[c][k] = d->scores[d->n_scores - 1 - k];
            d->scores = sc[c];
        }
        y.in = (pl_input_t){y.cand, nc, y.prog, np};
        assert_int_equal(pl_place(&y.in, &x.rules, &r2, &e), 0);
        buf_t a, b;
        buf_init(&a);
        buf_init(&b);
        signature(&r1, &a);
        signature(&r2, &b);
        assert_string_equal(a.data ? a.data : "", b.data ? b.data : "");
        buf_release(&a);
        buf_release(&b);
        pl_result_free(&r1);
        pl_result_free(&r2);
    }
}

/* ---- withdrawal and promotion -------------------------------------------------- */

static void test_random_promotion(void **st)
{
    (void)st;
    static inst_t x;
    rng_state = 7;
    int promoted = 0, moved = 0;
    for (int it = 0; it < 600; it++) {
        size_t nc = 1 + rnd(MAXC), np = 1 + rnd(MAXP), nt = 1 + rnd(MAXT);
        random_instance(&x, nc, np, nt);
        bool allow_moves = it % 2;
        pl_result_t r;
        err_t e;
        assert_int_equal(pl_place(&x.in, &x.rules, &r, &e), 0);
        for (int k = 0; k < 4 && r.n_placed; k++) {
            size_t c = (size_t)r.placed[rnd((unsigned)r.n_placed)];
            int p = r.out[c].prog;
            /* who should get the seat: the best candidate at p among those on the waiting list
             * (and, with moves, those placed at something they like less) */
            int best = -1;
            for (size_t d = 0; d < nc; d++) {
                if (d == c || r.out[d].why == PL_WITHDRAWN || r.out[d].prog == p) continue;
                if (pl_acceptable(&x.in, &x.rules, d, (size_t)p) != PL_OK) continue;
                int pref[MAXP];
                size_t n = naive_pref(&x.in, d, pref), at = n, mine = n;
                for (size_t i = 0; i < n; i++) {
                    if (pref[i] == p) at = i;
                    if (pref[i] == r.out[d].prog) mine = i;
                }
                if (at == n) continue;
                if (r.out[d].prog >= 0 && (!allow_moves || at > mine)) continue;
                if (best < 0 || pl_priority_cmp(&x.in, &x.rules, (size_t)p, d, (size_t)best) < 0) best = (int)d;
            }
            int filled = r.filled[p];
            pl_move_t *mv;
            size_t nm;
            assert_int_equal(pl_withdraw(&r, c, allow_moves, &mv, &nm, &e), 0);
            assert_int_equal(r.out[c].why, PL_WITHDRAWN);
            if (best < 0) {
                assert_int_equal(nm, 0);
                assert_int_equal(r.filled[p], filled - 1);
            } else {
                assert_true(nm >= 1);
                assert_int_equal(mv[0].cand, best);
                assert_int_equal(mv[0].prog, p);
                assert_int_equal(r.out[best].prog, p);
                assert_int_equal(r.filled[p], filled);
                promoted++;
                moved += (int)nm - 1;
                for (size_t i = 1; i < nm; i++) assert_int_equal(mv[i].prog, mv[i - 1].from);
                buf_t b;
                buf_init(&b);
                pl_explain_move(&r, &mv[0], c, &b);
                assert_non_null(strstr(b.data, x.in.prog[p].id));
                buf_release(&b);
            }
            free(mv);
            if (allow_moves) brute_force_stable(&r); /* a vacancy chain keeps the matching stable */
            check_waitlist(&r);
            /* withdrawing twice is refused */
            assert_int_equal(pl_withdraw(&r, c, allow_moves, &mv, &nm, &e), -1);
            free(mv);
        }
        pl_result_free(&r);
    }
    assert_true(promoted > 100);
    assert_true(moved > 5);
}

/* ---- hand-made cases ---------------------------------------------------------------- */

static pl_rules_t default_rules(void)
{
    pl_rules_t sets[8];
    size_t n;
    err_t e;
    assert_int_equal(pl_rules_load_builtins(sets, 8, &n, &e), 0);
    const pl_rules_t *r = pl_rules_pick(sets, n, D("2021-04-05"));
    assert_non_null(r);
    return *r;
}

/* Runs the JSON calculator on text; returns the output object (caller decrefs). */
static json_t *run_json(const char *text)
{
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    if (!root) fail_msg("bad test JSON: %s", je.text);
    json_t *out;
    err_t e;
    if (pl_json_run(root, &out, &e) < 0) fail_msg("pl_json_run: %s", e.msg);
    json_decref(root);
    return out;
}

static const char *placed_at(json_t *out, const char *wbp)
{
    size_t i;
    json_t *it;
    json_array_foreach (json_object_get(out, "placed"), i, it)
        if (!strcmp(json_string_value(json_object_get(it, "wbp")), wbp))
            return json_string_value(json_object_get(it, "program"));
    return NULL;
}

static void test_tiebreak_natural_regno(void **st)
{
    (void)st;
    /* identical candidates: W-9 comes before W-10 (natural order), whatever the input order */
    const char *a = "{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2021-04-05\"}],"
                    "\"candidates\":["
                    "{\"wbp\":\"W-10\",\"interests\":[\"t\"],\"aptitude\":{\"t\":50},\"fit\":true,\"risk\":\"rendah\","
                    "\"eligible_from\":\"2021-01-01\"},"
                    "{\"wbp\":\"W-9\",\"interests\":[\"t\"],\"aptitude\":{\"t\":50},\"fit\":true,\"risk\":\"rendah\","
                    "\"eligible_from\":\"2021-01-01\"}]}";
    json_t *o = run_json(a);
    assert_string_equal(placed_at(o, "W-9"), "P");
    assert_null(placed_at(o, "W-10"));
    json_decref(o);
    assert_true(pl_regno_cmp("W-9", "W-10") < 0);
    assert_true(pl_regno_cmp("W-010", "W-9") > 0);
    assert_true(pl_regno_cmp("W-7", "W-007") != 0);
    assert_true(pl_regno_cmp("B.I-12/2020", "B.I-12/2021") < 0);
    assert_true(pl_regno_cmp("A", "A1") < 0);
    assert_int_equal(pl_regno_cmp("X-1", "X-1"), 0);
}

static void test_priority_order_from_rules(void **st)
{
    (void)st;
    /* A: aptitude 90, released late; B: aptitude 60, released soon. One seat. */
#define PRIO_FMT                                                                                                       \
    "{\"rules\":{\"kind\":\"penempatan\",\"code\":\"uji\",\"title\":\"Uji\",\"confirmed\":false,"                      \
    "\"effective_from\":\"2020-01-01\",\"priority\":{\"method\":\"%s\",\"keys\":[%s],"                                 \
    "\"time_left_horizon_days\":730,\"risk_points\":{\"rendah\":100,\"sedang\":50,\"tinggi\":0}},"                     \
    "\"eligibility\":{\"excluded_risk\":[],\"min_aptitude\":0,\"unknown_fitness_ok\":true,"                            \
    "\"must_stay_until_end\":true}},"                                                                                  \
    "\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2021-04-05\"}],"                           \
    "\"candidates\":["                                                                                                 \
    "{\"wbp\":\"A\",\"interests\":[\"t\"],\"aptitude\":{\"t\":90},\"risk\":\"sedang\","                                \
    "\"release_date\":\"2024-01-01\",\"eligible_from\":\"2021-01-01\"},"                                               \
    "{\"wbp\":\"B\",\"interests\":[\"t\"],\"aptitude\":{\"t\":60},\"risk\":\"rendah\","                                \
    "\"release_date\":\"2021-09-01\",\"eligible_from\":\"2021-01-01\"}]}"

    struct {
        const char *keys, *winner;
    } cases[] = {
        {"{\"key\":\"aptitude\"},{\"key\":\"time_left\"}", "A"},
        {"{\"key\":\"time_left\"},{\"key\":\"aptitude\"}", "B"},
        {"{\"key\":\"risk\"}", "B"},
        {"{\"key\":\"aptitude\"},{\"key\":\"risk\"}", "A"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char text[2000];
        snprintf(text, sizeof text, PRIO_FMT, "lexicographic", cases[i].keys);
        json_t *o = run_json(text);
        if (!placed_at(o, cases[i].winner)) fail_msg("case %zu: %s not placed", i, cases[i].winner);
        json_decref(o);
    }
    /* weighted: 50/50 aptitude and time left: A 900*50 + 0 = 45000; B 600*50 + (730-149)*1000/730*50 = 69750 */
    char text[2000];
    snprintf(text, sizeof text, PRIO_FMT, "weighted",
             "{\"key\":\"aptitude\",\"weight\":50},{\"key\":\"time_left\",\"weight\":50}");
    json_t *o = run_json(text);
    assert_string_equal(placed_at(o, "B"), "P");
    const char *reason = json_string_value(json_object_get(json_array_get(json_object_get(o, "placed"), 0), "reason"));
    assert_non_null(strstr(reason, "skor berbobot 69750"));
    json_decref(o);
}

static void test_eligibility_reasons(void **st)
{
    (void)st;
    pl_rules_t rules = default_rules(); /* excludes high risk; unknown fitness = unfit; stay until end */
    pl_score_t s_ok[] = {{"las", 70, 1}}, s_unfit[] = {{"las", 90, 0}}, s_unknown[] = {{"las", 90, -1}};
    const char *want[] = {"las"};
    pl_program_t prog[] = {{"P-LAS", "las", 1, 0, true, D("2021-04-05"), D("2021-05-14"), 0}};
    pl_candidate_t cand[] = {
        {"1", "W-1", want, 1, s_ok, 1, -1, D("2022-01-01"), RISK_RENDAH, D("2021-01-01"), NULL, 0},
        {"2", "W-2", want, 1, s_ok, 1, -1, D("2022-01-01"), RISK_RENDAH, D("2021-04-06"), NULL, 0}, /* a day late */
        {"3", "W-3", want, 1, s_unfit, 1, -1, D("2022-01-01"), RISK_RENDAH, D("2021-01-01"), NULL, 0},
        {"4", "W-4", want, 1, s_unknown, 1, -1, D("2022-01-01"), RISK_RENDAH, D("2021-01-01"), NULL, 0},
        {"5", "W-5", want, 1, s_ok, 1, -1, D("2022-01-01"), RISK_TINGGI, D("2021-01-01"), NULL, 0},
        {"6", "W-6", want, 1, s_ok, 1, -1, D("2021-05-13"), RISK_RENDAH, D("2021-01-01"), NULL, 0}, /* a day early */
        {"7", "W-7", NULL, 0, s_ok, 1, -1, D("2022-01-01"), RISK_RENDAH, D("2021-01-01"), NULL, 0},
        {"8", "W-8", want, 1, s_ok, 1, -1, D("2022-01-01"), RISK_RENDAH, DATE_NONE, NULL, 0},
        {"9", "W-9", want, 1, s_ok, 1, -1, D("2021-05-14"), RISK_RENDAH, D("2021-04-05"), NULL, 0}, /* exactly */
    };
    pl_input_t in = {cand, ARRAY_LEN(cand), prog, 1};
    pl_reason_t expect[] = {
        PL_OK, PL_NOT_ELIGIBLE_AT_START, PL_UNFIT, PL_FITNESS_UNKNOWN, PL_RISK_EXCLUDED, PL_RELEASED_BEFORE_END,
        PL_OK, PL_NOT_ELIGIBLE_AT_START, PL_OK};
    for (size_t c = 0; c < ARRAY_LEN(cand); c++)
        if (pl_acceptable(&in, &rules, c, 0) != expect[c])
            fail_msg("W-%zu: %s, expected %s", c + 1, pl_reason_code(pl_acceptable(&in, &rules, c, 0)),
                     pl_reason_code(expect[c]));
    pl_result_t r;
    err_t e;
    assert_int_equal(pl_place(&in, &rules, &r, &e), 0);
    /* W-1 and W-9 acceptable: W-9 released sooner wins the one seat */
    assert_int_equal(r.n_placed, 1);
    assert_string_equal(cand[r.placed[0]].regno, "W-9");
    assert_int_equal(r.applicants[0], 2);
    assert_int_equal(r.out[0].why, PL_FULL);
    assert_int_equal(r.out[0].wait_rank, 1); /* capacity full comes first */
    assert_int_equal(r.out[1].why, PL_NOT_ELIGIBLE_AT_START);
    assert_int_equal(r.out[6].why, PL_NO_INTERESTS);
    assert_int_equal(r.out[6].wait_rank, (int)r.n_waitlist); /* no interests last */
    buf_t b;
    buf_init(&b);
    pl_explain(&r, 1, &b);
    assert_non_null(strstr(b.data, "belum memenuhi syarat asimilasi pada tanggal mulai 5 April 2021"));
    assert_non_null(strstr(b.data, "memenuhi syarat mulai 6 April 2021"));
    buf_reset(&b);
    pl_explain(&r, 0, &b);
    assert_non_null(strstr(b.data, "kuota 1 kursi sudah terisi oleh peserta dengan prioritas lebih tinggi"));
    assert_non_null(strstr(b.data, "ia urutan ke-2 dari 2 pelamar, yang terakhir diterima urutan ke-1"));
    buf_reset(&b);
    pl_explain(&r, 5, &b);
    assert_non_null(strstr(b.data, "sebelum program selesai 14 Mei 2021"));
    buf_reset(&b);
    pl_explain(&r, (size_t)r.placed[0], &b);
    assert_non_null(strstr(b.data, "pilihan ke-1"));
    assert_non_null(strstr(b.data, "Prioritas ke-1 dari 2"));
    buf_release(&b);
    pl_result_free(&r);

    /* a per-programme answer wins over eligible_from */
    pl_elig_t yes[] = {{"P-LAS", true}}, no[] = {{"P-LAS", false}};
    cand[1].elig_at_start = yes, cand[1].n_elig = 1;
    cand[0].elig_at_start = no, cand[0].n_elig = 1;
    assert_int_equal(pl_acceptable(&in, &rules, 1, 0), PL_OK);
    assert_int_equal(pl_acceptable(&in, &rules, 0, 0), PL_NOT_ELIGIBLE_AT_START);
    /* a programme that does not require asimilasi */
    prog[0].requires_asimilasi = false;
    assert_int_equal(pl_acceptable(&in, &rules, 7, 0), PL_OK);
    /* a programme's own risk exclusion adds to the rules' */
    prog[0].excluded_risk = 1u << RISK_RENDAH;
    assert_int_equal(pl_acceptable(&in, &rules, 7, 0), PL_RISK_EXCLUDED);
}

static void test_interests_and_capacity(void **st)
{
    (void)st;
    /* Two sewing programmes: a trade interest takes the earlier one first; a programme id
     * interest names one; capacity 0 takes nobody. */
    const char *text =
        "{\"programs\":["
        "{\"id\":\"JHT-2\",\"trade\":\"menjahit\",\"capacity\":2,\"min\":2,\"start\":\"2021-06-01\"},"
        "{\"id\":\"JHT-1\",\"trade\":\"menjahit\",\"capacity\":1,\"start\":\"2021-04-05\"},"
        "{\"id\":\"LAS\",\"trade\":\"las\",\"capacity\":0,\"start\":\"2021-04-05\"}],"
        "\"candidates\":["
        "{\"wbp\":\"A\",\"interests\":[\"menjahit\"],\"aptitude\":{\"menjahit\":80},\"fit\":true,\"risk\":\"rendah\","
        "\"eligible_from\":\"2021-01-01\"},"
        "{\"wbp\":\"B\",\"interests\":[\"menjahit\"],\"aptitude\":{\"menjahit\":70},\"fit\":true,\"risk\":\"rendah\","
        "\"eligible_from\":\"2021-01-01\"},"
        "{\"wbp\":\"C\",\"interests\":[\"JHT-2\",\"menjahit\"],\"aptitude\":{\"menjahit\":10},\"fit\":true,"
        "\"risk\":\"rendah\",\"eligible_from\":\"2021-01-01\"},"
        "{\"wbp\":\"D\",\"interests\":[\"las\"],\"aptitude\":{\"las\":100},\"fit\":true,\"risk\":\"rendah\","
        "\"eligible_from\":\"2021-01-01\"}]}";
    json_t *o = run_json(text);
    assert_string_equal(placed_at(o, "A"), "JHT-1");
    assert_string_equal(placed_at(o, "B"), "JHT-2");
    assert_string_equal(placed_at(o, "C"), "JHT-2");
    assert_null(placed_at(o, "D"));
    json_t *w = json_array_get(json_object_get(o, "waitlist"), 0);
    assert_string_equal(json_string_value(json_object_get(w, "wbp")), "D");
    assert_string_equal(json_string_value(json_object_get(w, "code")), "kuota_penuh");
    /* JHT-2 reached its minimum of 2; nothing under minimum */
    assert_int_equal(json_array_size(json_object_get(o, "under_minimum")), 0);
    json_t *s = json_object_get(o, "summary");
    assert_int_equal(json_integer_value(json_object_get(s, "placed")), 3);
    assert_int_equal(json_integer_value(json_object_get(s, "waitlist")), 1);
    json_decref(o);
}

static void test_input_errors(void **st)
{
    (void)st;
    pl_rules_t rules = default_rules();
    const char *want[] = {"las"};
    pl_program_t prog[] = {{"P", "las", 2, 0, true, D("2021-04-05"), DATE_NONE, 0},
                           {"Q", "las", 2, 0, true, D("2021-04-05"), DATE_NONE, 0}};
    pl_candidate_t cand[] = {{"1", "W-1", want, 1, NULL, 0, 1, DATE_NONE, RISK_RENDAH, DATE_NONE, NULL, 0},
                             {"2", "W-2", want, 1, NULL, 0, 1, DATE_NONE, RISK_RENDAH, DATE_NONE, NULL, 0}};
    pl_input_t in = {cand, 2, prog, 2};
    pl_result_t r;
    err_t e;
    assert_int_equal(pl_place(&in, &rules, &r, &e), 0);
    pl_result_free(&r);
    prog[1].id = "P";
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "Program P disebut dua kali"));
    prog[1].id = "Q";
    cand[1].id = "1";
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "disebut dua kali"));
    cand[1].id = "2";
    prog[0].min_participants = 3;
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "minimum"));
    prog[0].min_participants = 0;
    prog[0].end = D("2021-04-01");
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "selesai sebelum"));
    prog[0].end = DATE_NONE;
    pl_elig_t el[] = {{"ZZZ", true}};
    cand[0].elig_at_start = el, cand[0].n_elig = 1;
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "ZZZ"));
    assert_string_equal(e.code, "invalid_input");
    cand[0].n_elig = 0;
    cand[0].risk = (risk_level_t)7;
    assert_int_equal(pl_place(&in, &rules, &r, &e), -1);
    assert_non_null(strstr(e.msg, "risiko"));
}

static void test_json_input_errors(void **st)
{
    (void)st;
    struct {
        const char *text, *msg;
    } cases[] = {
        {"[]", "objek"},
        {"{\"programs\":[]} ", "\"at\" wajib"},
        {"{\"programs\":[],\"at\":\"2021-04-05\"}", NULL},
        {"{\"candidates\":[]}", "programs"},
        {"{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"start\":\"2021-01-01\"}]}", "capacity"},
        {"{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2021-02-30\"}]}", "tanggal"},
        {"{\"programs\":[],\"candidates\":[{\"wbp\":\"A\"}]}", "risk"},
        {"{\"programs\":[],\"candidates\":[{\"wbp\":\"A\",\"risk\":\"x\"}]}", "rendah"},
        {"{\"programs\":[],\"candidates\":[{\"wbp\":\"A\",\"risk\":\"rendah\",\"aptitude\":{\"t\":101}}]}",
         "0 sampai 100"},
        {"{\"programs\":[],\"candidates\":[{\"wbp\":\"A\",\"risk\":\"rendah\",\"bogus\":1}]}", "bogus"},
        {"{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2021-01-01\"}],\"rules\":\"tidak-"
         "ada\"}",
         "tidak-ada"},
        {"{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2021-04-05\"}],\"withdraw\":[\"X\"]}",
         "tidak ada"},
        {"{\"programs\":[{\"id\":\"P\",\"trade\":\"t\",\"capacity\":1,\"start\":\"2019-01-01\"}]}", "Belum ada aturan"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        json_t *root = json_loads(cases[i].text, 0, NULL);
        assert_non_null(root);
        json_t *out = NULL;
        err_t e;
        err_clear(&e);
        int rc = pl_json_run(root, &out, &e);
        json_decref(root);
        if (!cases[i].msg) {
            if (rc != 0) fail_msg("case %zu: %s", i, e.msg);
            json_decref(out);
            continue;
        }
        if (rc != -1) fail_msg("case %zu accepted", i);
        if (!strstr(e.msg, cases[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i].msg);
    }
}

/* ---- rule files ------------------------------------------------------------------------ */

static void test_rules(void **st)
{
    (void)st;
    pl_rules_t sets[8], r2;
    size_t n;
    err_t e;
    assert_int_equal(pl_rules_load_builtins(sets, 8, &n, &e), 0);
    assert_true(n >= 1);
    assert_int_equal(n, rulefile_count(PLACEMENT_KIND));
    assert_null(pl_rules_pick(sets, n, D("2000-01-01")));
    const pl_rules_t *r = pl_rules_pick(sets, n, D("2021-04-05"));
    assert_non_null(r);
    assert_string_equal(r->head.code, "penempatan-default");
    assert_int_equal(r->method, PL_WEIGHTED);
    assert_int_equal(r->keys[0], PL_KEY_APTITUDE);
    assert_true(r->excluded_risk & (1u << RISK_TINGGI));
    /* the asimilasi rule sets do not see the placement file, and the other way round */
    for (size_t i = 0; i < ruleset_builtin_count(); i++) assert_null(strstr(ruleset_builtin_name(i), "penempatan"));
    ruleset_t rs[16];
    size_t nrs;
    assert_int_equal(ruleset_load_builtins(rs, 16, &nrs, &e), 0);
    assert_int_equal(rulefile_count(RULEFILE_KIND_ASIMILASI), nrs);
    assert_null(rulefile_name(PLACEMENT_KIND, n));
    /* round trip */
    json_t *j = pl_rules_to_json(r);
    char *txt = json_dumps(j, JSON_COMPACT);
    assert_int_equal(pl_rules_parse(txt, &r2, &e), 0);
    assert_memory_equal(r, &r2, sizeof r2);
    /* every error names its key */
    struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"penempatan\"", "\"asimilasi\"", "kind"},
        {"\"weighted\"", "\"acak\"", "priority.method"},
        {"\"time_left\"", "\"aptitude\"", "priority.keys[1].key"},
        {"\"key\":\"risk\"", "\"key\":\"umur\"", "priority.keys[2].key"},
        {"\"weight\":50", "\"weight\":500", "priority.keys[0].weight"},
        {",\"weight\":30", "", "priority.keys[1].weight"},
        {"\"sedang\":50", "\"sedang\":50,\"ekstrem\":0", "priority.risk_points.ekstrem"},
        {",\"tinggi\":0", "", "priority.risk_points.tinggi"},
        {"[\"tinggi\"]", "[\"merah\"]", "eligibility.excluded_risk"},
        {"\"min_aptitude\":0", "\"min_aptitude\":-1", "eligibility.min_aptitude"},
        {"\"must_stay_until_end\":true", "\"must_stay_until_end\":1", "eligibility.must_stay_until_end"},
        {"\"effective_from\":\"2021-03-08\"", "\"effective_from\":\"kemarin\"", "effective_from"},
        {"\"title\":", "\"judul\":\"x\",\"title\":", "judul"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        const char *p = strstr(txt, bad[i].from);
        if (!p) fail_msg("case %zu: \"%s\" not in %s", i, bad[i].from, txt);
        size_t len = strlen(txt) - strlen(bad[i].from) + strlen(bad[i].to) + 1;
        char *s = malloc(len);
        snprintf(s, len, "%.*s%s%s", (int)(p - txt), txt, bad[i].to, p + strlen(bad[i].from));
        assert_int_equal(pl_rules_parse(s, &r2, &e), -1);
        assert_string_equal(e.code, "invalid_rules");
        if (!strstr(e.msg, bad[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i].msg);
        free(s);
    }
    free(txt);
    json_decref(j);
    assert_int_equal(pl_rules_parse("{", &r2, &e), -1);
    assert_int_equal(risk_level_parse("sedang"), RISK_SEDANG);
    assert_int_equal(risk_level_parse("merah"), -1);
    assert_int_equal(pl_key_parse("time_left"), PL_KEY_TIME_LEFT);
    assert_string_equal(pl_reason_code(PL_FULL), "kuota_penuh");
}

/* ---- a large instance stays fast and stable ---------------------------------------------- */

static void test_large(void **st)
{
    (void)st;
    enum { NC = 3000, NP = 30, NT = 5 };
    static char ids[NC][16], pids[NP][16];
    static const char *ints[NC][3];
    static pl_score_t sc[NC][NT];
    static pl_candidate_t cand[NC];
    static pl_program_t prog[NP];
    const char *tr[NT] = {"a", "b", "c", "d", "e"};
    rng_state = 99;
    for (int p = 0; p < NP; p++) {
        snprintf(pids[p], sizeof pids[p], "P%02d", p);
        prog[p] = (pl_program_t){pids[p],   tr[p % NT], 10 + (int)rnd(20), 0, true, D("2021-04-05") + (date_t)rnd(60),
                                 DATE_NONE, 0};
    }
    for (int c = 0; c < NC; c++) {
        snprintf(ids[c], sizeof ids[c], "W-%d", c);
        for (int k = 0; k < 3; k++) ints[c][k] = tr[rnd(NT)];
        for (int t = 0; t < NT; t++) sc[c][t] = (pl_score_t){tr[t], (int)rnd(101), 1};
        cand[c] = (pl_candidate_t){ids[c],
                                   ids[c],
                                   ints[c],
                                   3,
                                   sc[c],
                                   NT,
                                   1,
                                   D("2021-06-01") + (date_t)rnd(900),
                                   (risk_level_t)rnd(2),
                                   D("2021-01-01") + (date_t)rnd(200),
                                   NULL,
                                   0};
    }
    pl_input_t in = {cand, NC, prog, NP};
    pl_rules_t rules = default_rules();
    pl_result_t r;
    err_t e;
    assert_int_equal(pl_place(&in, &rules, &r, &e), 0);
    char why[300];
    if (!pl_check_stable(&r, why, sizeof why)) fail_msg("%s", why);
    assert_int_equal(r.n_placed + r.n_waitlist, NC);
    assert_true(r.n_placed > 200);
    pl_result_free(&r);
}

/* ---- enrolment status table ---------------------------------------------------------------- */

static void test_enrolment(void **st)
{
    (void)st;
    /* the legal changes, listed independently of the table in enrolment.c */
    static const char *const legal[] = {"kandidat>ditempatkan",      "kandidat>daftar_tunggu", "kandidat>mundur",
                                        "daftar_tunggu>ditempatkan", "daftar_tunggu>mundur",   "ditempatkan>terdaftar",
                                        "ditempatkan>daftar_tunggu", "ditempatkan>mundur",     "terdaftar>selesai",
                                        "terdaftar>tidak_lulus",     "terdaftar>mundur",       NULL};
    int n_legal = 0;
    for (int f = 0; f < ENROL__COUNT; f++)
        for (int t = 0; t < ENROL__COUNT; t++) {
            char key[64];
            snprintf(key, sizeof key, "%s>%s", enrol_status_code((enrol_status_t)f),
                     enrol_status_code((enrol_status_t)t));
            bool want = false;
            for (int i = 0; legal[i]; i++) want = want || !strcmp(legal[i], key);
            err_t e;
            err_clear(&e);
            int rc = enrol_transition((enrol_status_t)f, (enrol_status_t)t, "alasan uji", &e);
            assert_int_equal(enrol_can((enrol_status_t)f, (enrol_status_t)t), want);
            if (want) {
                if (rc != 0) fail_msg("%s refused: %s", key, e.msg);
                n_legal++;
                /* a reason is required */
                assert_int_equal(enrol_transition((enrol_status_t)f, (enrol_status_t)t, "  ", &e), -1);
                assert_string_equal(e.code, "reason_required");
                assert_int_equal(enrol_transition((enrol_status_t)f, (enrol_status_t)t, NULL, &e), -1);
            } else {
                if (rc != -1) fail_msg("%s accepted", key);
                assert_string_equal(e.code, "illegal_transition");
                assert_int_equal(e.status, 409);
                assert_non_null(strstr(e.msg, enrol_status_label((enrol_status_t)f)));
                if (f != t) assert_non_null(strstr(e.msg, enrol_status_label((enrol_status_t)t)));
            }
        }
    assert_int_equal(n_legal, 11);
    err_t e;
    enrol_transition(ENROL_DITEMPATKAN, ENROL_SELESAI, "x", &e);
    assert_string_equal(e.msg, "Status pendaftaran \"Ditempatkan\" tidak dapat diubah menjadi \"Selesai\"; dari "
                               "\"Ditempatkan\" hanya boleh ke \"Daftar tunggu\", \"Terdaftar (mengikuti "
                               "pelatihan)\", \"Mundur\"");
    enrol_transition(ENROL_SELESAI, ENROL_MUNDUR, "x", &e);
    assert_non_null(strstr(e.msg, "status akhir"));
    assert_true(enrol_is_final(ENROL_TIDAK_LULUS));
    assert_false(enrol_is_final(ENROL_TERDAFTAR));
    assert_int_equal(enrol_status_parse("daftar_tunggu"), ENROL_DAFTAR_TUNGGU);
    assert_int_equal(enrol_status_parse("lulus"), -1);
    assert_int_equal(enrol_transition((enrol_status_t)99, ENROL_MUNDUR, "x", &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_random_stable),
        cmocka_unit_test(test_deterministic_under_shuffle),
        cmocka_unit_test(test_random_promotion),
        cmocka_unit_test(test_tiebreak_natural_regno),
        cmocka_unit_test(test_priority_order_from_rules),
        cmocka_unit_test(test_eligibility_reasons),
        cmocka_unit_test(test_interests_and_capacity),
        cmocka_unit_test(test_input_errors),
        cmocka_unit_test(test_json_input_errors),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_enrolment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
