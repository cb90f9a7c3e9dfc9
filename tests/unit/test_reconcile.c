/* test_reconcile.c — Bekal's dates against an SDP export (core/reconcile.h): the
 * built-in rule file, header spellings, row parsing (both date forms, remisi as a
 * period or days, bad cells) and each class of difference at its edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/reconcile.h"
#include "core/rulefile.h"
#include "testrules.h"

TEST_BUILTIN_RULES(builtin, recon_rules_t, RULES_KIND_RECON, recon_rules_from_json, "2026-01-01")

/* DOMAIN.md's case: 9 May 2017, 2 years, remisi 3m15d: 2019-01-24, 2018-01-24, 2018-05-25. */
static sentence_t base(void)
{
    sentence_t s;
    memset(&s, 0, sizeof s);
    s.start = D("2017-05-09");
    s.term = (period_t){2, 0, 0};
    s.remisi = (period_t){0, 3, 15};
    return s;
}

static recon_class_t classify(const sentence_t *s, const char *exp, const char *half, const char *tt, const char *rem,
                              recon_result_t *res)
{
    recon_rules_t r = builtin();
    sentence_dates_t d;
    err_t e;
    err_clear(&e);
    assert_int_equal(sentence_dates(s, &d, &e), 0);
    recon_sdp_t sdp;
    memset(&sdp, 0, sizeof sdp);
    sdp.expiry = exp ? D(exp) : DATE_NONE;
    sdp.half = half ? D(half) : DATE_NONE;
    sdp.two_thirds = tt ? D(tt) : DATE_NONE;
    if (rem) {
        sdp.has_remisi = true;
        assert_int_equal(period_parse(rem, &sdp.remisi, &e), 0);
    }
    recon_classify(&r, s, &d, &sdp, res);
    return res->cls;
}

static void rules_and_header(void **state)
{
    (void)state;
    recon_rules_t r = builtin();
    assert_true(r.tolerance_days >= 1);
    int map[RCOL__COUNT];
    err_t e;
    err_clear(&e);
    const char *h1[] = {"No. Registrasi", "NAMA", "Tanggal Ekspirasi", "tgl 1/2", "Tanggal-Dua-Pertiga", "Total Remisi"};
    assert_int_equal(recon_map_header(&r, h1, 6, map, &e), 0);
    assert_int_equal(map[RCOL_REGNO], 0);
    assert_int_equal(map[RCOL_NAME], 1);
    assert_int_equal(map[RCOL_EXPIRY], 2);
    assert_int_equal(map[RCOL_HALF], 3);
    assert_int_equal(map[RCOL_TWO_THIRDS], 4);
    assert_int_equal(map[RCOL_REMISI], 5);
    const char *h2[] = {"regno", "tanggal_setengah"};
    assert_int_equal(recon_map_header(&r, h2, 2, map, &e), 0);
    assert_int_equal(map[RCOL_EXPIRY], -1);
    /* no date column, or no number: refused, naming what is accepted */
    const char *h3[] = {"regno", "nama"};
    assert_int_equal(recon_map_header(&r, h3, 2, map, &e), -1);
    assert_non_null(strstr(e.msg, "tanggal_ekspirasi"));
    const char *h4[] = {"nama", "tanggal_ekspirasi"};
    assert_int_equal(recon_map_header(&r, h4, 2, map, &e), -1);
    /* a rule file with an unknown key is refused */
    json_t *bad = json_pack("{s:s,s:s,s:s,s:b,s:s,s:i,s:{s:[s]},s:i}", "kind", RULES_KIND_RECON, "code", "x", "title", "t", "confirmed", 0, "effective_from",
                            "2021-01-01", "method_tolerance_days", 2, "columns", "regno", "regno", "typo", 1);
    assert_int_equal(recon_rules_from_json(bad, &r, &e), -1);
    assert_non_null(strstr(e.msg, "typo"));
    json_decref(bad);
}

static void rows(void **state)
{
    (void)state;
    int map[RCOL__COUNT] = {0, 1, 2, 3, 4, 5};
    recon_sdp_t s;
    err_t e;
    err_clear(&e);
    const char *f1[] = {"B.1/2020", "Ahmad", "24-01-2019", " 2018-01-24 ", "", "45"};
    assert_int_equal(recon_parse_row(map, f1, 6, &s, &e), 0);
    assert_int_equal(s.expiry, D("2019-01-24"));
    assert_int_equal(s.half, D("2018-01-24"));
    assert_int_equal(s.two_thirds, DATE_NONE);
    assert_true(s.has_remisi);
    assert_int_equal(s.remisi.days, 45);
    const char *f2[] = {"x", "y", "2019-01-24", "", "", "3 bulan 15 hari"};
    assert_int_equal(recon_parse_row(map, f2, 6, &s, &e), 0);
    assert_int_equal(s.remisi.months, 3);
    assert_int_equal(s.remisi.days, 15);
    const char *f3[] = {"x", "y", "2019-02-30", "", "", ""};
    assert_int_equal(recon_parse_row(map, f3, 6, &s, &e), -1);
    assert_non_null(strstr(e.msg, "expiry"));
    const char *f4[] = {"x", "y", "2019-01-24", "", "", "banyak"};
    assert_int_equal(recon_parse_row(map, f4, 6, &s, &e), -1);
    assert_non_null(strstr(e.msg, "remisi_total"));
    /* a short record: missing cells are empty */
    const char *f5[] = {"x", "y", "2019-01-24"};
    assert_int_equal(recon_parse_row(map, f5, 3, &s, &e), 0);
    assert_false(s.has_remisi);
}

static void classes(void **state)
{
    (void)state;
    recon_result_t r;
    sentence_t s = base();
    assert_int_equal(classify(&s, "2019-01-24", "2018-01-24", "2018-05-25", NULL, &r), RECON_SAMA);
    /* one month more remisi in SDP */
    assert_int_equal(classify(&s, "2018-12-24", "2017-12-24", "2018-04-25", "4m15d", &r), RECON_REMISI);
    /* the same dates shifted, SDP's total equal: a start date */
    assert_int_equal(classify(&s, "2018-12-24", "2017-12-24", "2018-04-25", "3m15d", &r), RECON_PIDANA);
    assert_int_equal(r.reason, RR_START);
    assert_int_equal(r.shift, -31);
    /* no total in SDP: start or remisi */
    assert_int_equal(classify(&s, "2018-12-24", "2017-12-24", "2018-04-25", NULL, &r), RECON_PIDANA);
    assert_int_equal(r.reason, RR_START_OR_REMISI);
    /* subsider only where Bekal has one */
    sentence_t sub = base();
    sub.subsider = (period_t){0, 2, 0};
    assert_int_equal(classify(&sub, "2019-01-24", "2018-01-24", "2018-05-25", NULL, &r), RECON_SUBSIDER);
    /* the tolerance's edge: 2 days is a method difference, 3 days is not */
    assert_int_equal(classify(&s, "2019-01-26", "2018-01-24", "2018-05-25", NULL, &r), RECON_METODE);
    assert_int_equal(r.reason, RR_SMALL);
    assert_int_not_equal(classify(&s, "2019-01-27", "2018-01-24", "2018-05-25", NULL, &r), RECON_METODE);
    /* a longer sentence: t, t/2, 2t/3 */
    assert_int_equal(classify(&s, "2019-07-24", "2018-04-24", "2018-09-25", "3m15d", &r), RECON_PIDANA);
    assert_true(r.reason == RR_TERM || r.reason == RR_TERM_AND_START);
    assert_in_range(r.term_days, 178, 186);
    /* only the expiry compared, and it differs a lot: a shift of one date */
    assert_int_equal(classify(&s, "2019-06-01", NULL, NULL, NULL, &r), RECON_PIDANA);
    assert_false(r.has[1]);
    assert_int_equal(r.size, D("2019-06-01") - D("2019-01-24"));
    assert_int_equal(classify(&s, "2019-03-24", "2017-10-01", "2018-05-25", NULL, &r), RECON_TIDAK_DIKETAHUI);
    assert_int_equal(r.reason, RR_UNEXPLAINED);
    /* no dates on one side */
    assert_int_equal(classify(&s, NULL, NULL, NULL, NULL, &r), RECON_TIDAK_DIKETAHUI);
    assert_int_equal(r.reason, RR_NO_SDP_DATES);
    recon_rules_t rr = builtin();
    recon_sdp_t sdp = {D("2019-01-24"), DATE_NONE, DATE_NONE, false, {0, 0, 0}};
    recon_classify(&rr, NULL, NULL, &sdp, &r);
    assert_int_equal(r.reason, RR_NO_BEKAL_DATES);
    /* every class and reason has a code, a label and an explanation */
    char buf[400];
    for (int c = 0; c < RECON__COUNT; c++) {
        assert_string_not_equal(recon_class_code((recon_class_t)c), "?");
        assert_string_not_equal(recon_class_label((recon_class_t)c), "?");
    }
    for (int k = RR_REMISI_TOTAL; k <= RR_AMBIGUOUS; k++) {
        recon_result_only(RECON_TIDAK_DIKETAHUI, (recon_reason_t)k, &r);
        recon_explain(&r, buf, sizeof buf);
        assert_true(strlen(buf) > 10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_and_header),
        cmocka_unit_test(rows),
        cmocka_unit_test(classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
