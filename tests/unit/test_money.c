/* test_money.c — core/money.c: property tests over randomised sales (every sale and
 * every period reconciles to the rupiah; the parts that are not the remainder
 * bucket are exact floors), effective-dated rule selection against a brute-force
 * reference, premi sharing (sums exactly, each within one rupiah of its exact
 * proportion, independent of input order), the premi ledger (never negative, debits
 * only from the spendable part, payout empties both), and rupiah formatting.
 * The random seed is printed; BEKAL_SEED=N repeats a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t g_rng;

static uint64_t rnd(void)
{
    /* xorshift64* */
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * 2685821657736338717ULL;
}
static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

/* Revenues spread over every size, with the edges often. */
static rupiah_t rnd_amount(void)
{
    switch (rnd() % 8) {
    case 0: return rnd_in(0, 10);
    case 1: return MONEY_MAX - rnd_in(0, 10);
    case 2: return rnd_in(0, 10000);
    case 3: return rnd_in(0, 100000000);
    default: {
        int digits = (int)rnd_in(1, 15);
        int64_t lim = 1;
        for (int i = 0; i < digits; i++) lim *= 10;
        return rnd_in(0, lim);
    }
    }
}

static void rnd_rule(split_rule_t *r, int64_t unit, date_t from)
{
    int a = (int)rnd_in(0, MONEY_BP_FULL), b = (int)rnd_in(0, MONEY_BP_FULL - a);
    int parts[3] = {a, b, MONEY_BP_FULL - a - b};
    /* shuffle so every part is sometimes large */
    for (int i = 2; i > 0; i--) {
        int j = (int)rnd_in(0, i), t = parts[i];
        parts[i] = parts[j];
        parts[j] = t;
    }
    *r = (split_rule_t){unit, from, parts[0], parts[1], parts[2], rnd() % 2 ? SHARE_HOURS : SHARE_PIECES,
                        (money_bucket_t)(rnd() % 3)};
}

/* floor(a * bp / 10000) computed independently with 128-bit arithmetic. */
static rupiah_t ref_floor(rupiah_t a, int bp) { return (rupiah_t)((__int128)a * bp / MONEY_BP_FULL); }

static void check_split(rupiah_t revenue, const split_rule_t *r, const money_split_t *s)
{
    assert_int_equal(s->revenue, revenue);
    assert_int_equal(s->premi + s->pnbp + s->capital, revenue);
    const rupiah_t parts[3] = {s->premi, s->pnbp, s->capital};
    const int bps[3] = {r->premi_bp, r->pnbp_bp, r->capital_bp};
    const money_bucket_t which[3] = {BUCKET_PREMI, BUCKET_PNBP, BUCKET_CAPITAL};
    for (int i = 0; i < 3; i++) {
        rupiah_t fl = ref_floor(revenue, bps[i]);
        assert_true(parts[i] >= 0);
        if (which[i] == r->remainder) {
            /* the bucket gets its floor plus the two others' fractions: less than 2 rupiah */
            assert_true(parts[i] >= fl && parts[i] <= fl + 2);
        } else {
            assert_int_equal(parts[i], fl);
        }
    }
}

static date_t d(const char *s)
{
    date_t v;
    assert_true(date_parse(s, &v));
    return v;
}

#define NUNITS 4
#define NRULES 12

/* Reference: the rule of `unit` in force on `day`, by scanning every date backwards. */
static const split_rule_t *ref_rule(const split_rule_t *rules, int n, int64_t unit, date_t day)
{
    for (date_t x = day; x >= d("2019-01-01"); x--)
        for (int i = 0; i < n; i++)
            if (rules[i].unit_id == unit && rules[i].effective_from == x) return &rules[i];
    return NULL;
}

static void test_random_sales_reconcile(void **state)
{
    (void)state;
    err_t e;
    for (int round = 0; round < 20; round++) {
        split_rule_t rules[NRULES];
        date_t base = d("2020-01-01");
        for (int i = 0; i < NRULES; i++) {
            date_t from;
            bool dup;
            do { /* distinct dates per unit */
                from = base + (date_t)rnd_in(0, 5 * 365);
                dup = false;
                for (int j = 0; j < i; j++) dup |= rules[j].unit_id == i % NUNITS && rules[j].effective_from == from;
            } while (dup);
            rnd_rule(&rules[i], i % NUNITS, from);
        }
        err_clear(&e);
        assert_int_equal(money_rules_check(rules, NRULES, &e), 0);
        money_totals_t per[6 * 12][NUNITS];
        memset(per, 0, sizeof per);
        money_totals_t all = {0};
        rupiah_t revenue_sum = 0;
        int nsales = 0;
        for (int k = 0; k < 2000; k++) {
            int64_t unit = rnd_in(0, NUNITS - 1);
            date_t day = base + (date_t)rnd_in(0, 6 * 365 - 1);
            const split_rule_t *r = money_rule_at(rules, NRULES, unit, day);
            if (k < 100) assert_ptr_equal(r, ref_rule(rules, NRULES, unit, day)); /* the reference is slow */
            if (!r) continue;
            rupiah_t rev = rnd_amount() / 1000; /* keep 2000 sales' sum in range */
            money_split_t s;
            assert_int_equal(money_split(rev, r, &s, &e), 0);
            check_split(rev, r, &s);
            int m = date_month_index(day) - date_month_index(base);
            money_totals_add(&per[m][unit], &s);
            money_totals_add(&all, &s);
            revenue_sum += rev;
            nsales++;
        }
        /* every period (month x unit) reconciles, and the periods add up to the whole */
        money_totals_t again = {0};
        for (int m = 0; m < 6 * 12; m++)
            for (int u = 0; u < NUNITS; u++) {
                assert_true(money_totals_reconcile(&per[m][u]));
                again.sales += per[m][u].sales;
                again.revenue += per[m][u].revenue;
                again.premi += per[m][u].premi;
                again.pnbp += per[m][u].pnbp;
                again.capital += per[m][u].capital;
            }
        assert_true(money_totals_reconcile(&all));
        assert_int_equal(all.sales, nsales);
        assert_int_equal(all.revenue, revenue_sum);
        assert_memory_equal(&again, &all, sizeof all);
    }
    /* the extremes of a single sale */
    for (int k = 0; k < 20000; k++) {
        split_rule_t r;
        rnd_rule(&r, 0, d("2024-01-01"));
        rupiah_t rev = rnd_amount();
        money_split_t s;
        assert_int_equal(money_split(rev, &r, &s, &e), 0);
        check_split(rev, &r, &s);
    }
}

static void test_effective_dated_change(void **state)
{
    (void)state;
    split_rule_t rules[] = {
        {1, d("2025-03-15"), 3500, 5000, 1500, SHARE_HOURS, BUCKET_CAPITAL},
        {1, d("2025-01-01"), 5000, 1500, 3500, SHARE_PIECES, BUCKET_CAPITAL},
        {2, d("2025-02-01"), 2500, 1000, 6500, SHARE_PIECES, BUCKET_CAPITAL},
    };
    assert_null(money_rule_at(rules, 3, 1, d("2024-12-31")));
    assert_ptr_equal(money_rule_at(rules, 3, 1, d("2025-01-01")), &rules[1]);
    assert_ptr_equal(money_rule_at(rules, 3, 1, d("2025-03-14")), &rules[1]);
    assert_ptr_equal(money_rule_at(rules, 3, 1, d("2025-03-15")), &rules[0]);
    assert_ptr_equal(money_rule_at(rules, 3, 1, d("2030-01-01")), &rules[0]);
    assert_null(money_rule_at(rules, 3, 2, d("2025-01-31")));
    assert_null(money_rule_at(rules, 3, 3, d("2025-06-01")));
    err_t e;
    money_split_t a, b;
    assert_int_equal(money_split(1000000, money_rule_at(rules, 3, 1, d("2025-03-14")), &a, &e), 0);
    assert_int_equal(money_split(1000000, money_rule_at(rules, 3, 1, d("2025-03-15")), &b, &e), 0);
    assert_int_equal(a.premi, 500000);
    assert_int_equal(a.pnbp, 150000);
    assert_int_equal(b.premi, 350000);
    assert_int_equal(b.pnbp, 500000);
    /* a duplicate date for one unit is a data error */
    rules[2] = (split_rule_t){1, d("2025-01-01"), 100, 100, 9800, SHARE_PIECES, BUCKET_CAPITAL};
    assert_int_equal(money_rules_check(rules, 3, &e), -1);
    assert_string_equal(e.code, "duplicate_split");
    /* bad rules */
    split_rule_t bad = {1, d("2025-01-01"), 5000, 1500, 3000, SHARE_PIECES, BUCKET_CAPITAL};
    assert_int_equal(money_split(100, &bad, &a, &e), -1);
    assert_non_null(strstr(e.msg, "bukan 9500"));
    bad.capital_bp = 3500;
    bad.effective_from = DATE_NONE;
    assert_int_equal(money_rule_check(&bad, &e), -1);
    bad.effective_from = d("2025-01-01");
    assert_int_equal(money_split(-1, &bad, &a, &e), -1);
    assert_int_equal(money_split(MONEY_MAX + 1, &bad, &a, &e), -1);
    assert_int_equal(money_split(MONEY_MAX, &bad, &a, &e), 0);
    check_split(MONEY_MAX, &bad, &a);
}

static void test_share(void **state)
{
    (void)state;
    err_t e;
    money_worker_t w[40], v[40];
    for (int k = 0; k < 20000; k++) {
        size_t n = (size_t)rnd_in(1, 40);
        rupiah_t total = rnd() % 4 ? rnd_in(0, 10000000) : rnd_amount();
        int64_t wsum = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = (money_worker_t){(int64_t)i * 7 + 3, rnd() % 5 ? rnd_in(0, 600) : rnd_in(0, 3), -1};
            wsum += w[i].weight;
        }
        if (wsum == 0) w[0].weight = 1, wsum = 1;
        assert_int_equal(money_share(total, w, n, &e), 0);
        rupiah_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += w[i].share;
            rupiah_t fl = (rupiah_t)((__int128)total * w[i].weight / wsum);
            assert_true(w[i].share == fl || w[i].share == fl + 1);
            if (w[i].weight == 0) assert_int_equal(w[i].share, 0);
            for (size_t j = 0; j < i; j++) /* more work never earns less */
                if (w[i].weight > w[j].weight) assert_true(w[i].share >= w[j].share);
        }
        assert_int_equal(sum, total);
        /* the same workers in reverse order get the same shares (keys decide ties) */
        for (size_t i = 0; i < n; i++) v[i] = w[n - 1 - i];
        assert_int_equal(money_share(total, v, n, &e), 0);
        for (size_t i = 0; i < n; i++) assert_int_equal(v[i].share, w[n - 1 - i].share);
    }
    /* ties: three equal workers, 100 rupiah: the smallest key gets the extra one */
    money_worker_t t[3] = {{30, 1, 0}, {10, 1, 0}, {20, 1, 0}};
    assert_int_equal(money_share(100, t, 3, &e), 0);
    assert_int_equal(t[0].share, 33);
    assert_int_equal(t[1].share, 34);
    assert_int_equal(t[2].share, 33);
    /* the larger remainder first: 5 by 2:4 is 1,67 and 3,33 → 2 and 3 */
    money_worker_t u[2] = {{1, 2, 0}, {2, 4, 0}};
    assert_int_equal(money_share(5, u, 2, &e), 0);
    assert_int_equal(u[0].share, 2);
    assert_int_equal(u[1].share, 3);
    /* equal remainders, unequal weights: the larger weight first (2 by 1:3 is 0,5 and 1,5 → 0 and 2) */
    money_worker_t q[2] = {{1, 1, 0}, {2, 3, 0}};
    assert_int_equal(money_share(2, q, 2, &e), 0);
    assert_int_equal(q[0].share, 0);
    assert_int_equal(q[1].share, 2);
    /* nobody to credit */
    money_worker_t z[2] = {{1, 0, 0}, {2, 0, 0}};
    assert_int_equal(money_share(10, z, 2, &e), -1);
    assert_string_equal(e.code, "no_workers");
    assert_int_equal(money_share(0, z, 2, &e), 0);
    assert_int_equal(money_share(5, NULL, 0, &e), -1);
    z[0].weight = -1;
    assert_int_equal(money_share(5, z, 2, &e), -1);
    /* more workers than the stack buffer */
    money_worker_t *big = calloc(1000, sizeof *big);
    for (int i = 0; i < 1000; i++) big[i] = (money_worker_t){i, 1 + i % 3, 0};
    assert_int_equal(money_share(999999, big, 1000, &e), 0);
    rupiah_t s = 0;
    for (int i = 0; i < 1000; i++) s += big[i].share;
    assert_int_equal(s, 999999);
    free(big);
}

static void test_ledger_never_negative(void **state)
{
    (void)state;
    err_t e;
    for (int round = 0; round < 200; round++) {
        premi_balance_t bal = {0, 0};
        int saved_bp = (int)rnd_in(0, MONEY_BP_FULL);
        rupiah_t credited = 0, spent = 0, paid = 0;
        for (int k = 0; k < 300; k++) {
            premi_move_t mv;
            int op = (int)(rnd() % 10);
            if (op < 5) {
                rupiah_t a = rnd_in(1, 200000);
                assert_int_equal(premi_credit(&bal, a, saved_bp, &mv, &e), 0);
                assert_int_equal(mv.spendable_delta + mv.saved_delta, a);
                assert_int_equal(mv.spendable_delta, ref_floor(a, MONEY_BP_FULL - saved_bp));
                credited += a;
            } else if (op < 9) {
                rupiah_t a = rnd_in(1, 150000);
                int rc = premi_debit(&bal, a, &mv, &e);
                if (a > bal.spendable) {
                    assert_int_equal(rc, -1);
                    assert_string_equal(e.code, "insufficient_premi");
                    assert_non_null(strstr(e.msg, "tidak cukup"));
                    continue; /* balance untouched */
                }
                assert_int_equal(rc, 0);
                assert_int_equal(mv.saved_delta, 0); /* never from the saved part */
                spent += a;
            } else {
                int rc = premi_payout(&bal, &mv, &e);
                if (bal.spendable == 0 && bal.saved == 0) {
                    assert_int_equal(rc, -1);
                    continue;
                }
                assert_int_equal(rc, 0);
                assert_int_equal(mv.after.spendable, 0);
                assert_int_equal(mv.after.saved, 0);
                paid += -(mv.spendable_delta + mv.saved_delta);
            }
            assert_int_equal(mv.after.spendable, bal.spendable + mv.spendable_delta);
            assert_int_equal(mv.after.saved, bal.saved + mv.saved_delta);
            bal = mv.after;
            assert_true(bal.spendable >= 0 && bal.saved >= 0);
            assert_int_equal(bal.spendable + bal.saved, credited - spent - paid);
        }
    }
    premi_balance_t b = {1000, 5000};
    premi_move_t mv;
    assert_int_equal(premi_debit(&b, 1001, &mv, &e), -1);
    assert_string_equal(e.msg, "saldo premi yang dapat dibelanjakan tidak cukup: tersedia Rp 1.000, diminta Rp 1.001 "
                               "(bagian tabungan hanya dibayarkan saat bebas)");
    assert_int_equal(premi_debit(&b, 0, &mv, &e), -1);
    assert_int_equal(premi_credit(&b, 0, 5000, &mv, &e), -1);
    assert_int_equal(premi_credit(&b, 10, 10001, &mv, &e), -1);
    assert_int_equal(premi_credit(&b, 3, 5000, &mv, &e), 0);
    assert_int_equal(mv.spendable_delta, 1); /* the odd rupiah is saved */
    assert_int_equal(mv.saved_delta, 2);
    assert_int_equal(premi_payout(&b, &mv, &e), 0);
    assert_int_equal(mv.spendable_delta, -1000);
    assert_int_equal(mv.saved_delta, -5000);
}

static void test_item_amount(void **state)
{
    (void)state;
    err_t e;
    rupiah_t v;
    assert_int_equal(money_item_amount(2500, 15001, &v, &e), 0);
    assert_int_equal(v, 37503); /* 37.502,5 half up */
    assert_int_equal(money_item_amount(2499, 1000, &v, &e), 0);
    assert_int_equal(v, 2499);
    assert_int_equal(money_item_amount(1, 499, &v, &e), 0);
    assert_int_equal(v, 0); /* 0,499 */
    assert_int_equal(money_item_amount(1, 500, &v, &e), 0);
    assert_int_equal(v, 1); /* 0,5 */
    assert_int_equal(money_item_amount(-1, 500, &v, &e), -1);
    assert_int_equal(money_item_amount(INT64_MAX, MONEY_MAX, &v, &e), -1);
}

static void test_format_parse(void **state)
{
    (void)state;
    char s[MONEY_FMT_LEN];
    assert_string_equal(money_format(0, s), "Rp 0");
    assert_string_equal(money_format(999, s), "Rp 999");
    assert_string_equal(money_format(1000, s), "Rp 1.000");
    assert_string_equal(money_format(1234567, s), "Rp 1.234.567");
    assert_string_equal(money_format(-1234567, s), "-Rp 1.234.567");
    assert_string_equal(money_format(INT64_MIN, s), "-Rp 9.223.372.036.854.775.808");
    assert_string_equal(money_format_int(-1000, s), "-1.000");
    rupiah_t v;
    assert_true(money_parse("Rp 1.234.567", &v));
    assert_int_equal(v, 1234567);
    assert_true(money_parse("rp1.000", &v) && v == 1000);
    assert_true(money_parse("1234567", &v) && v == 1234567);
    assert_true(money_parse(" 12 ", &v) && v == 12);
    assert_false(money_parse("1.23", &v));
    assert_false(money_parse("1234.567", &v));
    assert_false(money_parse("1.2345", &v));
    assert_false(money_parse("-5", &v));
    assert_false(money_parse("1,5", &v));
    assert_false(money_parse("", &v));
    assert_false(money_parse("Rp", &v));
    assert_false(money_parse("10000000000000000", &v));
    for (int k = 0; k < 10000; k++) {
        rupiah_t a = rnd_amount();
        assert_true(money_parse(money_format(a, s), &v));
        assert_int_equal(v, a);
    }
}

int main(void)
{
    const char *seed = getenv("BEKAL_SEED");
    g_rng = seed && *seed ? strtoull(seed, NULL, 10) : (uint64_t)time(NULL) * 2654435761u + 1;
    if (!g_rng) g_rng = 1;
    fprintf(stderr, "test_money: BEKAL_SEED=%llu\n", (unsigned long long)g_rng);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sales_reconcile), cmocka_unit_test(test_effective_dated_change),
        cmocka_unit_test(test_share),                  cmocka_unit_test(test_ledger_never_negative),
        cmocka_unit_test(test_item_amount),            cmocka_unit_test(test_format_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
