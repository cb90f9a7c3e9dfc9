/* test_dates.c — civil dates, periods and sentence dates (DOMAIN.md section 2). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/sentence.h"
#include "testdate.h"

static void test_parse_format(void **st)
{
    (void)st;
    date_t d;
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(D("1970-01-02"), 1);
    assert_int_equal(D("1969-12-31"), -1);
    assert_int_equal(D("2000-03-01") - D("2000-02-28"), 2); /* 2000 is leap */
    assert_int_equal(D("1900-03-01") - D("1900-02-28"), 1); /* 1900 is not */
    assert_int_equal(D("09-05-2017"), D("2017-05-09"));
    assert_int_equal(D("09/05/2017"), D("2017-05-09"));
    assert_date(D("2024-02-29"), "2024-02-29");
    assert_date(D("31-12-2099"), "2099-12-31");
    const char *bad[] = {"2021-02-30", "2023-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "31-04-2020",
                         "2019-4-01",  "2019-04-1",  "20190401",   "",           "2019-04-01x", "x019-04-01",
                         "1899-12-31", "3000-01-01", "2019/04/01", "09-05/2017", " 2019-04-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = 12345;
        assert_false(date_parse(bad[i], &d));
        assert_int_equal(d, 12345); /* untouched on failure */
    }
    assert_false(date_parse(NULL, &d));
    char b[DATE_ISO_LEN];
    date_format(DATE_NONE, b);
    assert_string_equal(b, "");
    char l[DATE_LONG_LEN];
    date_format_long(D("2025-03-12"), l);
    assert_string_equal(l, "12 Maret 2025");
    date_format_long(D("2019-01-24"), l);
    assert_string_equal(l, "24 Januari 2019");
}

static void test_calendar(void **st)
{
    (void)st;
    assert_true(date_is_leap(2024));
    assert_true(date_is_leap(2000));
    assert_false(date_is_leap(1900));
    assert_false(date_is_leap(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_int_equal(date_days_in_month(2023, 13), 0);
    /* every day 1900..2999 round-trips */
    for (date_t d = D("1900-01-01"); d <= D("2999-12-31"); d += 17) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_true(date_valid_ymd(y, m, dd));
        assert_int_equal(date_from_ymd(y, m, dd), d);
    }
}

static void test_add_months(void **st)
{
    (void)st;
    assert_date(date_add_months(D("2021-01-31"), 1), "2021-02-28");
    assert_date(date_add_months(D("2024-01-31"), 1), "2024-02-29");
    assert_date(date_add_months(D("2024-02-29"), 12), "2025-02-28");
    assert_date(date_add_months(D("2024-02-29"), 48), "2028-02-29");
    assert_date(date_add_months(D("2019-05-31"), 6), "2019-11-30");
    assert_date(date_add_months(D("2019-03-31"), -1), "2019-02-28");
    assert_date(date_add_months(D("2020-03-31"), -1), "2020-02-29");
    assert_date(date_add_months(D("2019-01-15"), -1), "2018-12-15");
    assert_date(date_add_months(D("2019-01-15"), -13), "2017-12-15");
    assert_date(date_add_months(D("2019-01-15"), 0), "2019-01-15");
    assert_date(date_add_days(D("2023-12-20"), 20), "2024-01-09");
    int32_t mi;
    assert_true(date_parse_month("2024-02", &mi));
    assert_date(date_month_first(mi), "2024-02-01");
    assert_date(date_month_first(mi + 11), "2025-01-01");
    assert_int_equal(date_month_index(D("2024-02-29")), mi);
    assert_false(date_parse_month("2024-13", &mi));
    assert_false(date_parse_month("2024-2", &mi));
    assert_false(date_parse_month("2024-02-01", &mi));
}

static period_t P(const char *s)
{
    period_t p;
    err_t e;
    err_clear(&e);
    assert_int_equal(period_parse(s, &p, &e), 0);
    return p;
}

static void assert_period(period_t p, const char *want)
{
    char b[PERIOD_FMT_LEN];
    period_format(&p, b);
    assert_string_equal(b, want);
}

static void test_period_parse(void **st)
{
    (void)st;
    period_t p = P("2y6m15d");
    assert_int_equal(p.years, 2);
    assert_int_equal(p.months, 6);
    assert_int_equal(p.days, 15);
    assert_period(P("15d"), "15d");
    assert_period(P("2y"), "2y");
    assert_period(P("6m"), "6m");
    assert_period(P("2 tahun 6 bulan 15 hari"), "2y6m15d");
    assert_period(P("  2 TAHUN, 6 Bulan  "), "2y6m");
    assert_period(P("1 th 6 bln 3 hr"), "1y6m3d");
    assert_period(P("3 hari"), "3d");
    assert_period(P("0d"), "0d");
    assert_period(P("15d 2y"), "2y15d"); /* any order */
    assert_period(P("1 year 2 months 3 days"), "1y2m3d");
    struct {
        const char *in, *msg;
    } bad[] = {
        {"", "kosong"},          {"   ", "kosong"},        {"-1y", "negatif"},       {"2x", "satuan"},
        {"12", "tanpa satuan"},  {"y", "angka"},           {"1y1y", "dua kali"},     {"2 tahunan", "satuan"},
        {"1y-2m", "karakter"},   {"1.5y", "karakter"},     {"101y", "terlalu besar"}, {"99999999999y", "terlalu besar"},
        {"36601d", "terlalu besar"}, {"1y 2 bulan 3", "tanpa satuan"}, {"1y;2m", "karakter"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        period_t q = {7, 7, 7};
        err_t e;
        err_clear(&e);
        assert_int_equal(period_parse(bad[i].in, &q, &e), -1);
        assert_string_equal(e.code, "invalid_period");
        if (!strstr(e.msg, bad[i].msg)) fail_msg("\"%s\": message \"%s\" lacks \"%s\"", bad[i].in, e.msg, bad[i].msg);
        assert_int_equal(q.years, 7); /* untouched */
    }
    err_t e;
    assert_int_equal(period_parse(NULL, &p, &e), -1);
}

static void test_period_sum_format(void **st)
{
    (void)st;
    period_t r[] = {P("15d"), P("2m"), P("1m")};
    assert_period(period_sum(r, 3), "3m15d");
    period_t r2[] = {P("15d"), P("15d"), P("20d")};
    assert_period(period_sum(r2, 3), "50d"); /* 30 days are not folded into a month */
    period_t r3[] = {P("6m"), P("6m"), P("3m")};
    assert_period(period_sum(r3, 3), "1y3m"); /* months are folded into years */
    assert_period(period_sum(NULL, 0), "0d");
    assert_period(period_normalize(P("18m")), "1y6m");
    assert_int_equal(period_sentence_days(&(period_t){1, 3, 0}), 450);
    char l[64];
    period_format_long(&(period_t){2, 6, 15}, l);
    assert_string_equal(l, "2 tahun 6 bulan 15 hari");
    period_format_long(&(period_t){0, 0, 0}, l);
    assert_string_equal(l, "0 hari");
}

static sentence_t S(const char *start, const char *term, const char *remisi)
{
    sentence_t s = {D(start), P(term), {0, 0, 0}, remisi ? P(remisi) : (period_t){0, 0, 0}, 0, DATE_METHOD_BULAN_HARI};
    return s;
}

static void test_sentence_ahok(void **st)
{
    (void)st;
    /* DOMAIN.md worked case: 2y from 2017-05-09, remisi 15d + 2m + 1m, released 2019-01-24 */
    sentence_t s = S("2017-05-09", "2y", "3m15d");
    sentence_dates_t d;
    err_t e;
    assert_int_equal(sentence_dates(&s, &d, &e), 0);
    assert_date(d.expiry, "2019-01-24");
    assert_date(d.half, "2018-01-24");
    assert_date(d.two_thirds, "2018-05-25");
    assert_int_equal(sentence_fraction(&s, 1, 1), d.expiry);
    assert_int_equal(sentence_fraction(&s, 3, 2), d.expiry);
}

static void test_sentence_fractions(void **st)
{
    (void)st;
    /* 1/2 of 1y3m = 7m15d; 2/3 of 2y8m = 21m10d (DOMAIN.md) */
    sentence_t a = S("2020-01-01", "1y3m", NULL);
    assert_date(sentence_fraction(&a, 1, 2), "2020-08-16");
    sentence_t b = S("2019-03-05", "2y8m", NULL);
    assert_date(sentence_fraction(&b, 2, 3), "2020-12-15");
    assert_date(sentence_fraction(&b, 0, 3), "2019-03-05");
    assert_date(sentence_fraction(&b, 3, 4), "2021-03-05"); /* 720 = 24m */
    /* days first, then months: 2020-01-16 + 15d = 01-31, + 1m = 02-29 */
    sentence_t c = S("2020-01-16", "1m15d", NULL);
    assert_date(sentence_expiry(&c), "2020-02-29");
    /* days only: 45d -> 2/3 = 30 sentence days = 1 month */
    sentence_t d = S("2023-03-10", "45d", NULL);
    assert_date(sentence_expiry(&d), "2023-04-24");
    assert_date(sentence_fraction(&d, 1, 2), "2023-04-02");
    assert_date(sentence_fraction(&d, 2, 3), "2023-04-10");
    /* remisi 50d, not folded: 2021-03-31 - 50d = 02-09 */
    sentence_t f = S("2018-03-31", "3y", "50d");
    assert_date(sentence_expiry(&f), "2021-02-09");
    /* subsider and uncounted days */
    sentence_t g = S("2021-01-10", "1y", NULL);
    g.subsider = P("3m");
    assert_date(sentence_expiry(&g), "2022-04-10");
    assert_date(sentence_fraction(&g, 1, 2), "2021-08-25");
    g.subsider = P("0d");
    g.uncounted_days = 10;
    assert_date(sentence_expiry(&g), "2022-01-20");
}

static void test_sentence_method_hari(void **st)
{
    (void)st;
    sentence_t a = S("2020-01-01", "1y3m", NULL);
    a.method = DATE_METHOD_HARI;
    assert_date(sentence_fraction(&a, 1, 2), "2020-08-16"); /* 228 of 456 days */
    assert_date(sentence_fraction(&a, 2, 3), "2020-10-31"); /* 304 days */
    a.method = DATE_METHOD_BULAN_HARI;
    assert_date(sentence_fraction(&a, 2, 3), "2020-11-01");
    sentence_t b = S("2017-05-09", "2y", "3m15d");
    b.method = DATE_METHOD_HARI;
    assert_date(sentence_fraction(&b, 2, 3), "2018-05-24");
    assert_date(sentence_expiry(&b), "2019-01-24");
    date_method_t m;
    assert_true(date_method_parse("hari", &m));
    assert_int_equal(m, DATE_METHOD_HARI);
    assert_true(date_method_parse("bulan-hari", &m));
    assert_int_equal(m, DATE_METHOD_BULAN_HARI);
    assert_false(date_method_parse("minggu", &m));
    assert_false(date_method_parse(NULL, &m));
    assert_string_equal(date_method_name(DATE_METHOD_HARI), "hari");
}

static void test_sentence_errors(void **st)
{
    (void)st;
    sentence_dates_t d;
    err_t e;
    sentence_t s = S("2020-01-01", "1m", "2m");
    assert_int_equal(sentence_dates(&s, &d, &e), -1);
    assert_string_equal(e.code, "invalid_sentence");
    assert_non_null(strstr(e.msg, "melebihi"));
    s = S("2020-01-01", "0d", NULL);
    assert_int_equal(sentence_dates(&s, &d, &e), -1);
    assert_non_null(strstr(e.msg, "nol"));
    s = S("2020-01-01", "1y", NULL);
    s.start = DATE_NONE;
    assert_int_equal(sentence_validate(&s, &e), -1);
    s = S("2020-01-01", "1y", NULL);
    s.uncounted_days = -1;
    assert_int_equal(sentence_validate(&s, &e), -1);
    s = S("2020-01-01", "1m", "1m"); /* remisi equal to the sentence: expiry = start, allowed */
    assert_int_equal(sentence_dates(&s, &d, &e), 0);
    assert_date(d.expiry, "2020-01-01");
}

static void test_served(void **st)
{
    (void)st;
    sentence_t s = S("2023-01-31", "2y", "1m");
    assert_int_equal(sentence_served_days(&s, D("2023-02-10")), 10);
    assert_int_equal(sentence_served_days(&s, D("2022-12-01")), 0);
    /* 9 months actually served: remisi do not shorten it; month end clamps */
    assert_date(sentence_served_months_date(&s, 9), "2023-10-31");
    assert_date(sentence_served_months_date(&s, 1), "2023-02-28");
    s.uncounted_days = 5;
    assert_date(sentence_served_months_date(&s, 9), "2023-11-05");
    assert_int_equal(sentence_served_days(&s, D("2023-02-10")), 5);
    s.uncounted_days = 0;
    assert_period(sentence_served_at(&s, D("2023-11-15")), "9m15d");
    assert_period(sentence_served_at(&s, D("2024-02-28")), "1y28d"); /* 01-31 + 12m = 2024-01-31 */
    assert_period(sentence_served_at(&s, D("2023-02-28")), "1m");
    s.method = DATE_METHOD_HARI;
    assert_date(sentence_served_months_date(&s, 9), "2023-10-28"); /* 270 days */
    assert_period(sentence_served_at(&s, D("2023-03-05")), "1m3d"); /* 33 days */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_format),      cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_add_months),        cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_sum_format), cmocka_unit_test(test_sentence_ahok),
        cmocka_unit_test(test_sentence_fractions), cmocka_unit_test(test_sentence_method_hari),
        cmocka_unit_test(test_sentence_errors),   cmocka_unit_test(test_served),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
