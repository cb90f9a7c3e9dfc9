/* test_assess.c — the assessment's pure checks (core/assess.h): the field tables
 * of assessment, trade rows, enrolment and proposal; interest ranks used once and
 * starting at 1; per-trade errors named after the trade so a form can show them
 * next to its input; the assessment date not in the future; reading an interest
 * list written "LAS > KOMP". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/assess.h"

static assess_trade_row_t row(arena_t *a, const char *code, const char *rank, const char *apt, const char *fit)
{
    assess_trade_row_t r = {code, arena_alloc(a, sizeof(char *) * ATF_COUNT)};
    memset(r.v, 0, sizeof(char *) * ATF_COUNT);
    field_errs_t fe = {0};
    r.v[ATF_KEJURUAN_ID] = "1";
    assert_true(assess_trade_set(a, &r, ATF_INTEREST_RANK, rank, &fe));
    assert_true(assess_trade_set(a, &r, ATF_APTITUDE, apt, &fe));
    assert_true(assess_trade_set(a, &r, ATF_FIT, fit, &fe));
    assert_int_equal(fe.n, 0);
    return r;
}

static void test_ranks(void **st)
{
    (void)st;
    arena_t a;
    arena_init(&a);
    assess_trade_row_t ok[] = {row(&a, "LAS", "1", "80", "ya"), row(&a, "KOMP", "2", NULL, "tidak"),
                               row(&a, "JAHIT", NULL, "55", NULL)};
    field_errs_t fe = {0};
    assess_trades_validate(&a, ok, 3, false, &fe);
    assert_int_equal(fe.n, 0);
    assert_string_equal(ok[0].v[ATF_FIT], "1");
    assert_string_equal(ok[1].v[ATF_FIT], "0");
    assert_null(ok[2].v[ATF_FIT]);

    assess_trade_row_t dup[] = {row(&a, "LAS", "1", NULL, NULL), row(&a, "KOMP", "1", NULL, NULL)};
    assess_trades_validate(&a, dup, 2, false, &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "interest_rank_KOMP");
    assert_non_null(strstr(fe.e[0].msg, "dua kali"));
    assert_non_null(strstr(fe.e[0].msg, "LAS"));

    fe.n = 0;
    assess_trade_row_t zero[] = {row(&a, "LAS", "0", NULL, NULL)};
    assess_trades_validate(&a, zero, 1, false, &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "interest_rank_LAS");

    fe.n = 0;
    assess_trade_row_t none[] = {row(&a, "LAS", NULL, "70", "1")};
    assess_trades_validate(&a, none, 1, true, &fe);
    assert_int_equal(fe.n, 0);
    assess_trades_validate(&a, none, 1, false, &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "interests");
    arena_release(&a);
}

static void test_trade_field_errors(void **st)
{
    (void)st;
    arena_t a;
    arena_init(&a);
    assess_trade_row_t r = {"OLKAN", arena_alloc(&a, sizeof(char *) * ATF_COUNT)};
    memset(r.v, 0, sizeof(char *) * ATF_COUNT);
    field_errs_t fe = {0};
    assert_false(assess_trade_set(&a, &r, ATF_APTITUDE, "101", &fe));
    assert_false(assess_trade_set(&a, &r, ATF_FIT, "mungkin", &fe));
    assert_false(assess_trade_set(&a, &r, ATF_INTEREST_RANK, "x", &fe));
    assert_int_equal(fe.n, 3);
    assert_string_equal(fe.e[0].field, "aptitude_OLKAN");
    assert_string_equal(fe.e[1].field, "fit_OLKAN");
    assert_string_equal(fe.e[2].field, "interest_rank_OLKAN");
    for (int i = 0; i < 3; i++) assert_non_null(strstr(fe.e[i].msg, "OLKAN"));
    assert_true(assess_trade_set(&a, &r, ATF_APTITUDE, " 100 ", &fe));
    assert_string_equal(r.v[ATF_APTITUDE], "100");
    arena_release(&a);
}

static void test_assessment_fields(void **st)
{
    (void)st;
    arena_t a;
    arena_init(&a);
    const char *v[ASF_COUNT] = {0};
    field_errs_t fe = {0};
    assert_true(rec_set(&a, &assessment_def, v, ASF_WBP_ID, "7", &fe));
    assert_true(rec_set(&a, &assessment_def, v, ASF_AGREEMENT_ID, "1", &fe));
    assert_true(rec_set(&a, &assessment_def, v, ASF_PHASE, "1", &fe));
    assert_true(rec_set(&a, &assessment_def, v, ASF_ASSESSED_ON, "12-04-2021", &fe));
    assert_true(rec_set(&a, &assessment_def, v, ASF_ASSESSOR, "Nurhayati", &fe));
    assert_false(rec_set(&a, &assessment_def, v, ASF_RISK, "ekstrem", &fe));
    assert_true(rec_set(&a, &assessment_def, v, ASF_LITERACY, "Cukup", &fe));
    fe.n = 0;
    rec_finish(&assessment_def, v, &fe);
    assert_int_equal(fe.n, 0);
    assert_string_equal(v[ASF_ASSESSED_ON], "2021-04-12");
    assert_string_equal(v[ASF_RISK], "rendah"); /* the default, as the column's */
    assert_string_equal(v[ASF_LITERACY], "cukup");
    assess_validate(v, "2021-04-12", &fe);
    assert_int_equal(fe.n, 0);
    assess_validate(v, "2021-04-11", &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "assessed_on");
    /* the enrolment statuses are the core's (enrolment.h) */
    const field_def_t *f = &enrolment_def.fields[ENF_STATUS];
    const char *codes[] = {"kandidat", "ditempatkan", "daftar_tunggu", "terdaftar", "mundur", "selesai", "tidak_lulus"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) assert_string_equal(f->choices[i], codes[i]);
    assert_null(f->choices[7]);
    arena_release(&a);
}

static void test_split_interests(void **st)
{
    (void)st;
    arena_t a;
    arena_init(&a);
    const char *out[4];
    assert_int_equal(assess_split_interests(&a, " LAS > KOMP>JAHIT ", out, 4), 3);
    assert_string_equal(out[0], "LAS");
    assert_string_equal(out[1], "KOMP");
    assert_string_equal(out[2], "JAHIT");
    assert_int_equal(assess_split_interests(&a, "OLTAN, OLKAN; JAHIT|LAS", out, 4), 4);
    assert_string_equal(out[3], "LAS");
    assert_int_equal(assess_split_interests(&a, "A/B/C/D/E", out, 4), -1);
    assert_int_equal(assess_split_interests(&a, "", out, 4), 0);
    assert_int_equal(assess_split_interests(&a, " > , ", out, 4), 0);
    assert_int_equal(assess_split_interests(&a, NULL, out, 4), 0);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_trade_field_errors),
        cmocka_unit_test(test_assessment_fields),
        cmocka_unit_test(test_split_interests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
