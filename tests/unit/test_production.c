/* test_production.c — the production records' pure parts (core/production.c,
 * core/record.c FT_FIXED): decimal quantities and percentages kept as exact
 * integers, split rules from field values (100% or a message with the sum),
 * workers, deposits' NTPN, a sale's payment fields, amounts in words, and the split
 * of field values by the money core end to end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/production.h"

static void test_fixed_parse_and_text(void **st)
{
    (void)st;
    int64_t v;
    assert_true(rec_fixed_parse("2,5", 3, &v));
    assert_int_equal(v, 2500);
    assert_true(rec_fixed_parse("2.5", 3, &v));
    assert_int_equal(v, 2500);
    assert_true(rec_fixed_parse("12", 3, &v));
    assert_int_equal(v, 12000);
    assert_true(rec_fixed_parse("0,001", 3, &v));
    assert_int_equal(v, 1);
    assert_true(rec_fixed_parse("35,50", 2, &v)); /* percent as basis points */
    assert_int_equal(v, 3550);
    assert_true(rec_fixed_parse("1,2500", 3, &v)); /* trailing zeros beyond the scale are exact */
    assert_int_equal(v, 1250);
    const char *bad[] = {"", ",5", "2,", "2,0001", "-1", "1.000,5", "2,5kg", "1e3", " 2", "2,,5", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (rec_fixed_parse(bad[i], 3, &v)) fail_msg("\"%s\" parsed as %lld", bad[i], (long long)v);
    char t[40];
    assert_string_equal(rec_fixed_text(2500, 3, t, sizeof t), "2,5");
    assert_string_equal(rec_fixed_text(12000, 3, t, sizeof t), "12");
    assert_string_equal(rec_fixed_text(1, 3, t, sizeof t), "0,001");
    assert_string_equal(rec_fixed_text(3550, 2, t, sizeof t), "35,5");
    assert_string_equal(rec_fixed_text(10000, 2, t, sizeof t), "100");
    /* every text written reads back as the same integer */
    for (int64_t x = 0; x < 20000; x += 7) {
        rec_fixed_text(x, 3, t, sizeof t);
        assert_true(rec_fixed_parse(t, 3, &v));
        assert_int_equal(v, x);
    }
}

static void test_fixed_through_field_table(void **st)
{
    (void)st;
    arena_t a;
    arena_init(&a);
    const char *v[RSF_COUNT] = {0};
    field_errs_t fe = {0};
    assert_true(rec_set(&a, &revenue_split_def, v, RSF_PREMI_BP, "33,33", &fe));
    assert_string_equal(v[RSF_PREMI_BP], "3333");
    assert_false(rec_set(&a, &revenue_split_def, v, RSF_PNBP_BP, "100,01", &fe)); /* over 100% */
    assert_non_null(field_errs_for(&fe, "pnbp_bp"));
    assert_non_null(strstr(field_errs_for(&fe, "pnbp_bp"), "100"));
    arena_release(&a);
}

static void test_split_rule_values(void **st)
{
    (void)st;
    const char *v[RSF_COUNT] = {"2024-06-01", "3500", "5000", "1500", "hours", "pnbp", NULL};
    field_errs_t fe = {0};
    split_validate(v, &fe);
    assert_int_equal(fe.n, 0);
    split_rule_t r;
    assert_true(split_rule_from_values(v, 7, &r));
    assert_int_equal(r.unit_id, 7);
    assert_int_equal(r.basis, SHARE_HOURS);
    assert_int_equal(r.remainder, BUCKET_PNBP);
    money_split_t s;
    err_t e;
    assert_int_equal(money_split(1000003, &r, &s, &e), 0);
    assert_int_equal(s.premi, 350001);
    assert_int_equal(s.capital, 150000);
    assert_int_equal(s.pnbp, 500002); /* the remainder bucket takes the rupiah left by rounding */
    assert_int_equal(s.premi + s.pnbp + s.capital, s.revenue);
    v[RSF_CAPITAL_BP] = "1000";
    split_validate(v, &fe);
    assert_int_equal(fe.n, 1);
    assert_non_null(strstr(field_errs_for(&fe, "capital_bp"), "95"));
}

static void test_workers_deposits_sales(void **st)
{
    (void)st;
    field_errs_t fe = {0};
    const char *w[PWF_COUNT] = {"1", "0", "0"};
    worker_validate(w, &fe);
    assert_non_null(field_errs_for(&fe, "pieces"));
    fe.n = 0;
    w[PWF_MINUTES] = "60";
    worker_validate(w, &fe);
    assert_int_equal(fe.n, 0);

    const char *d[PDF_COUNT] = {"2025-03-10", "1000", "0A1B2C3D4E5F6A7B", NULL, NULL};
    deposit_validate(d, &fe);
    assert_int_equal(fe.n, 0);
    d[PDF_NTPN] = "0A1B2C3D4E5F6A7";
    deposit_validate(d, &fe);
    assert_non_null(field_errs_for(&fe, "ntpn"));
    fe.n = 0;
    d[PDF_NTPN] = "0A1B2C3D4E5F6A7-";
    deposit_validate(d, &fe);
    assert_non_null(field_errs_for(&fe, "ntpn"));

    fe.n = 0;
    const char *s[SAF_COUNT] = {0};
    s[SAF_TOTAL] = "1000";
    s[SAF_PAYMENT_STATUS] = "belum";
    s[SAF_PAID_AMOUNT] = "5";
    sale_validate(s, &fe);
    assert_non_null(field_errs_for(&fe, "paid_amount"));
    fe.n = 0;
    s[SAF_PAYMENT_STATUS] = "sebagian";
    s[SAF_PAID_AMOUNT] = "1000";
    sale_validate(s, &fe);
    assert_non_null(field_errs_for(&fe, "paid_amount"));
    fe.n = 0;
    s[SAF_PAID_AMOUNT] = "999";
    sale_validate(s, &fe);
    assert_int_equal(fe.n, 0);
}

static void test_terbilang(void **st)
{
    (void)st;
    char t[400];
    static const struct {
        rupiah_t v;
        const char *want;
    } cases[] = {
        {0, "nol rupiah"},
        {1, "satu rupiah"},
        {11, "sebelas rupiah"},
        {12, "dua belas rupiah"},
        {19, "sembilan belas rupiah"},
        {20, "dua puluh rupiah"},
        {100, "seratus rupiah"},
        {115, "seratus lima belas rupiah"},
        {1000, "seribu rupiah"},
        {1001, "seribu satu rupiah"},
        {2000, "dua ribu rupiah"},
        {150003, "seratus lima puluh ribu tiga rupiah"},
        {1250000, "satu juta dua ratus lima puluh ribu rupiah"},
        {1000000000, "satu miliar rupiah"},
        {2000001000, "dua miliar seribu rupiah"},
        {999999999999LL, "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta "
                         "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan rupiah"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(rupiah_terbilang(cases[i].v, t, sizeof t), cases[i].want);
    char q[40];
    assert_string_equal(production_qty_text(2500, "kg", q, sizeof q), "2,5 kg");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_parse_and_text), cmocka_unit_test(test_fixed_through_field_table),
        cmocka_unit_test(test_split_rule_values),    cmocka_unit_test(test_workers_deposits_sales),
        cmocka_unit_test(test_terbilang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
