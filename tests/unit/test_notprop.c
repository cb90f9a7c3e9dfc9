/* test_notprop.c — "tidak diusulkan" marks (core/notprop.h): the built-in rule file,
 * the decision checks, the review date, the window and when a mark holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/notprop.h"
#include "core/rulefile.h"
#include "testrules.h"

TEST_BUILTIN_RULES(builtin, notprop_rules_t, RULES_KIND_NOTPROP, notprop_rules_from_json, "2026-01-01")

static void rules(void **state)
{
    (void)state;
    notprop_rules_t r = builtin();
    assert_true(r.n >= 6);
    assert_int_equal(r.window_months, 3);
    const notprop_reason_t *x = notprop_reason(&r, "lainnya");
    assert_non_null(x);
    assert_true(x->note_required);
    assert_null(notprop_reason(&r, "nope"));
    assert_string_equal(notprop_label(notprop_reason(&r, "kesehatan")), "Alasan kesehatan");
    err_t e;
    err_clear(&e);
    json_t *dup = json_pack("{s:s,s:s,s:s,s:b,s:s,s:i,s:[{s:s,s:s,s:i},{s:s,s:s,s:i}]}", "kind", RULES_KIND_NOTPROP, "code", "x",
                            "title", "t", "confirmed", 0, "effective_from", "2021-01-01", "window_months", 3, "reasons", "code", "a", "label", "A",
                            "review_months", 1, "code", "a", "label", "B", "review_months", 2);
    assert_int_equal(notprop_rules_from_json(dup, &r, &e), -1);
    assert_non_null(strstr(e.msg, "ganda"));
    json_decref(dup);
    json_t *zero = json_pack("{s:s,s:s,s:s,s:b,s:s,s:i,s:[{s:s,s:s,s:i}]}", "kind", RULES_KIND_NOTPROP, "code", "x",
                             "title", "t", "confirmed", 0, "effective_from", "2021-01-01", "window_months", 3, "reasons", "code", "a", "label", "A",
                             "review_months", 0);
    assert_int_equal(notprop_rules_from_json(zero, &r, &e), -1);
    assert_non_null(strstr(e.msg, "review_months"));
    json_decref(zero);
}

static void check(void **state)
{
    (void)state;
    notprop_rules_t r = builtin();
    field_errs_t fe = {0};
    date_t review;
    notprop_check(&r, "kesehatan", NULL, D("2026-12-31"), D("2026-12-31"), &review, &fe);
    assert_int_equal(fe.n, 0);
    assert_int_equal(review, D("2027-02-28")); /* 31 Dec + 2 months: clamped to the month's end */
    notprop_check(&r, "program_lain", "", D("2026-08-31"), D("2026-12-31"), &review, &fe);
    assert_int_equal(review, D("2027-02-28"));
    memset(&fe, 0, sizeof fe);
    notprop_check(&r, "lainnya", "", D("2026-12-01"), D("2026-12-07"), &review, &fe);
    assert_non_null(field_errs_for(&fe, "note"));
    memset(&fe, 0, sizeof fe);
    notprop_check(&r, "lainnya", "pindah blok", D("2026-12-08"), D("2026-12-07"), &review, &fe);
    assert_non_null(field_errs_for(&fe, "decided_on"));
    assert_null(field_errs_for(&fe, "note"));
    memset(&fe, 0, sizeof fe);
    notprop_check(&r, NULL, NULL, DATE_NONE, D("2026-12-07"), &review, &fe);
    assert_non_null(field_errs_for(&fe, "reason"));
    assert_non_null(field_errs_for(&fe, "decided_on"));
    assert_int_equal(review, DATE_NONE);
}

static void window_and_active(void **state)
{
    (void)state;
    notprop_rules_t r = builtin(); /* 3 months */
    date_t t = D("2026-12-07");
    assert_true(notprop_in_window(&r, true, DATE_NONE, t));
    assert_true(notprop_in_window(&r, false, D("2027-03-07"), t));
    assert_false(notprop_in_window(&r, false, D("2027-03-08"), t));
    assert_false(notprop_in_window(&r, false, DATE_NONE, t));
    /* a mark holds up to the day before its review date */
    assert_true(notprop_active(D("2027-02-07"), DATE_NONE, D("2027-02-06")));
    assert_false(notprop_active(D("2027-02-07"), DATE_NONE, D("2027-02-07")));
    assert_false(notprop_active(D("2027-02-07"), D("2026-12-10"), D("2026-12-11")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(check),
        cmocka_unit_test(window_and_active),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
