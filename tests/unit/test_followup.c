/* test_followup.c — the follow-up schedule after release: the built-in rule file,
 * due/done/overdue states at their edges, contacts counted once, rule errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/followup.h"
#include "core/rulefile.h"
#include "testrules.h"

TEST_BUILTIN_RULES(builtin, followup_rules_t, RULES_KIND_FOLLOWUP, followup_rules_from_json, "2026-01-01")

static void schedule_states(void **state)
{
    (void)state;
    followup_rules_t r = builtin(); /* 3, 6, 12 months; early 30; grace 14 */
    assert_int_equal(r.npoints, 3);
    followup_point_t p[FOLLOWUP_MAX_POINTS];
    date_t rel = D("2025-01-15");
    /* No contact: 3-month point due 15 April; overdue from 30 April. */
    assert_int_equal(followup_schedule(&r, rel, NULL, 0, D("2025-04-29"), p), 0);
    assert_int_equal(p[0].due, D("2025-04-15"));
    assert_int_equal(p[0].state, FU_DUE);
    assert_int_equal(p[1].state, FU_NOT_YET);
    assert_int_equal(followup_schedule(&r, rel, NULL, 0, D("2025-04-30"), p), 1);
    assert_int_equal(p[0].state, FU_OVERDUE);
    assert_int_equal(p[0].days_overdue, 15);
    /* The window opens 30 days before the due date. */
    assert_int_equal(followup_schedule(&r, rel, NULL, 0, D("2025-03-15"), p), 0);
    assert_int_equal(p[0].state, FU_NOT_YET);
    assert_int_equal(followup_schedule(&r, rel, NULL, 0, D("2025-03-16"), p), 0);
    assert_int_equal(p[0].state, FU_DUE);
    /* A contact 30 days early counts; 31 days early does not. */
    date_t c1[] = {D("2025-03-16")};
    assert_int_equal(followup_schedule(&r, rel, c1, 1, D("2025-05-01"), p), 0);
    assert_int_equal(p[0].state, FU_DONE);
    assert_int_equal(p[0].done_on, D("2025-03-16"));
    date_t c2[] = {D("2025-03-15")};
    assert_int_equal(followup_schedule(&r, rel, c2, 1, D("2025-05-01"), p), 1);
    assert_int_equal(p[0].contact, -1);
    /* One contact counts for one point only; a late contact serves the earliest open point. */
    date_t c3[] = {D("2025-07-01")};
    assert_int_equal(followup_schedule(&r, rel, c3, 1, D("2025-08-01"), p), 1);
    assert_int_equal(p[0].state, FU_DONE);
    assert_int_equal(p[1].state, FU_OVERDUE); /* due 15 July, overdue after 29 July */
    /* Order of input does not matter; contacts before release are ignored. */
    date_t c4[] = {D("2025-07-10"), D("2024-12-01"), D("2025-04-01"), D("2026-01-10")};
    assert_int_equal(followup_schedule(&r, rel, c4, 4, D("2026-02-01"), p), 0);
    assert_int_equal(p[0].contact, 2);
    assert_int_equal(p[1].contact, 0);
    assert_int_equal(p[2].contact, 3);
    /* Month ends clamp: released 31 August, 6 months = 28/29 February. */
    assert_int_equal(followup_schedule(&r, D("2025-08-31"), NULL, 0, D("2025-09-01"), p), 0);
    assert_int_equal(p[1].due, D("2026-02-28"));
}

static void rule_errors(void **state)
{
    (void)state;
    followup_rules_t r;
    err_t e;
    static const char *const bad[] = {
        "{\"kind\":\"tindak_lanjut\",\"code\":\"x\",\"effective_from\":\"2025-01-01\",\"months_after_release\":[6,3],"
        "\"early_days\":0,\"grace_days\":0}",
        "{\"kind\":\"asimilasi\",\"code\":\"x\",\"effective_from\":\"2025-01-01\",\"months_after_release\":[3],"
        "\"early_days\":0,\"grace_days\":0}",
        "{\"kind\":\"tindak_lanjut\",\"code\":\"x\",\"effective_from\":\"2025-02-30\",\"months_after_release\":[3],"
        "\"early_days\":0,\"grace_days\":0}",
        "{\"kind\":\"tindak_lanjut\",\"code\":\"x\",\"effective_from\":\"2025-01-01\",\"months_after_release\":[3],"
        "\"early_days\":-1,\"grace_days\":0}",
        "{\"kind\":\"tindak_lanjut\",\"code\":\"x\",\"effective_from\":\"2025-01-01\",\"months_after_release\":[3],"
        "\"early_days\":0,\"grace_days\":0,\"extra\":1}",
    };
    static const char *const key[] = {"months_after_release", "kind", "effective_from", "early_days", "extra"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err_clear(&e);
        json_t *j = json_loads(bad[i], 0, NULL);
        assert_non_null(j);
        assert_int_equal(followup_rules_from_json(j, &r, &e), -1);
        assert_non_null(strstr(e.msg, key[i]));
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(schedule_states), cmocka_unit_test(rule_errors)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
