/* test_outside.c — issue 26's pure rules: when a person out for training is late
 * (core/movement.h), the agreement scorecard's rule file, outcome groups and the
 * next phase's suggestion (core/scorecard.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/movement.h"
#include "core/rulefile.h"
#include "core/scorecard.h"
#include "core/readiness.h"
#include "testrules.h"

static void late(void **state)
{
    (void)state;
    char end[17];
    movement_session_end("2026-12-07", "14:00", end);
    assert_string_equal(end, "2026-12-07 14:00");
    /* never left: never late */
    assert_false(movement_late(end, NULL, NULL, "2026-12-07 23:00"));
    /* out, session not over yet */
    assert_false(movement_late(end, "2026-12-07 07:30", NULL, "2026-12-07 13:59"));
    assert_false(movement_late(end, "2026-12-07 07:30", NULL, "2026-12-07 14:00"));
    /* out past the end */
    assert_true(movement_late(end, "2026-12-07 07:30", NULL, "2026-12-07 14:01"));
    assert_true(movement_late(end, "2026-12-07 07:30", NULL, "2026-12-08 08:00"));
    /* back in time, back late (whatever the time now) */
    assert_false(movement_late(end, "2026-12-07 07:30", "2026-12-07 14:00", "2026-12-09 10:00"));
    assert_true(movement_late(end, "2026-12-07 07:30", "2026-12-07 14:20", "2026-12-07 14:20"));
    assert_true(movement_time_valid("07:30"));
    assert_true(movement_time_valid("23:59"));
    assert_false(movement_time_valid("24:00"));
    assert_false(movement_time_valid("7:30"));
    assert_false(movement_time_valid("07-30"));
    assert_false(movement_time_valid(NULL));
}

TEST_BUILTIN_RULES(builtin, sc_rules_t, RULES_KIND_SCORECARD, sc_rules_from_json, "2026-12-07")

static void rules(void **state)
{
    (void)state;
    sc_rules_t r = builtin();
    assert_int_equal(sc_outcome(&r, "bekerja_lain"), SC_WORKING);
    assert_int_equal(sc_outcome(&r, "wirausaha"), SC_WORKING);
    assert_int_equal(sc_outcome(&r, "menganggur"), SC_NOT_WORKING);
    assert_int_equal(sc_outcome(&r, "tidak_terjangkau"), SC_UNKNOWN);
    assert_int_equal(sc_outcome(&r, NULL), SC_UNKNOWN);
    assert_int_equal(sc_outcome(&r, "nope"), SC_UNKNOWN);
    /* a rule file with a missing number is refused */
    err_t e;
    err_clear(&e);
    json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:{s:[],s:[],s:[],s:[]},s:{}}", "kind", RULES_KIND_SCORECARD, "code",
                          "x", "title", "t", "source", "s", "confirmed", 0, "effective_from", "2000-01-01", "outcomes",
                          "bekerja", "pelatihan", "tidak_bekerja", "tidak_diketahui", "suggestion");
    sc_rules_t bad;
    assert_int_equal(sc_rules_from_json(j, &bad, &e), -1);
    assert_string_equal(e.code, "invalid_ruleset");
    json_decref(j);
}

static void suggest(void **state)
{
    (void)state;
    sc_rules_t r = builtin();
    sc_suggestion_t s;
    /* plain: filled + waiting list */
    sc_trade_in_t a = {6, 2, 5, 1, 0, 0};
    sc_suggest(&r, &a, &s);
    assert_int_equal(s.places, 8);
    assert_non_null(strstr(s.how, "daftar tunggu"));
    /* pass rate 2 of 6 (< 60%): 8 - ceil(8 * 25%) = 6 */
    sc_trade_in_t b = {6, 2, 2, 4, 0, 0};
    sc_suggest(&r, &b, &s);
    assert_int_equal(s.places, 6);
    assert_non_null(strstr(s.how, "kelulusan"));
    /* 3 of 4 released working (>= 50%, >= 3 released): 8 + ceil(8 * 20%) = 10 */
    sc_trade_in_t c = {6, 2, 6, 0, 4, 3};
    sc_suggest(&r, &c, &s);
    assert_int_equal(s.places, 10);
    assert_non_null(strstr(s.how, "bekerja"));
    /* too few released: no bonus; the maximum caps */
    sc_trade_in_t d = {6, 2, 6, 0, 2, 2};
    sc_suggest(&r, &d, &s);
    assert_int_equal(s.places, 8);
    sc_trade_in_t f = {30, 20, 30, 0, 0, 0};
    sc_suggest(&r, &f, &s);
    assert_int_equal(s.places, r.max_places);
}

static void readiness(void **state)
{
    (void)state;
    readiness_rules_t r;
    err_t e;
    err_clear(&e);
    date_t d;
    assert_true(date_parse("2026-12-07", &d));
    json_t *j = rulefile_in_force(RULES_KIND_READINESS, d, NULL);
    assert_non_null(j);
    assert_int_equal(readiness_rules_from_json(j, &r, &e), 0);
    json_decref(j);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.weeks, 12);
    assert_non_null(readiness_item(&r, "rekening"));
    assert_null(readiness_item(&r, "paspor"));
    assert_true(readiness_state_valid("tidak_perlu"));
    assert_false(readiness_state_valid("beres"));
    assert_true(readiness_state_done("selesai"));
    assert_true(readiness_state_done("tidak_perlu"));
    assert_false(readiness_state_done("proses"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(late),
        cmocka_unit_test(rules),
        cmocka_unit_test(suggest),
        cmocka_unit_test(readiness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
