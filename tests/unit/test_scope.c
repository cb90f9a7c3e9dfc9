/* test_scope.c — least privilege within a site (issue 21): which roles see only
 * some inmates, and the rules of a wali's caseload assignment (dates against
 * today, what an update may change). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/scope.h"

static void roles(void **state)
{
    (void)state;
    assert_int_equal(scope_of_role("wali"), SCOPE_CASELOAD);
    assert_int_equal(scope_of_role("instruktur"), SCOPE_PROGRAMME);
    assert_int_equal(scope_of_role("bapas"), SCOPE_RELEASE);
    const char *all[] = {"admin", "staf", "kalapas", "kanwil"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        assert_int_equal(scope_of_role(all[i]), SCOPE_SITES);
        assert_false(scope_role_restricted(all[i]));
    }
    assert_true(scope_role_restricted("wali"));
    assert_true(scope_role_restricted("instruktur"));
    assert_true(scope_role_restricted("bapas"));
    assert_false(scope_role_restricted(NULL));
    assert_false(scope_role_restricted("Wali")); /* roles are exact codes */
}

static void dates(void **state)
{
    (void)state;
    const char *f = NULL, *m = NULL;
    const char *today = "2026-12-07";
    assert_true(caseload_dates_ok("2026-12-07", NULL, today, &f, &m));   /* from today, in force */
    assert_true(caseload_dates_ok("2025-01-01", "", today, &f, &m));
    assert_true(caseload_dates_ok("2025-01-01", "2025-01-01", today, &f, &m)); /* a one-day assignment */
    assert_true(caseload_dates_ok("2025-01-01", "2026-12-07", today, &f, &m));
    assert_false(caseload_dates_ok("2026-12-08", NULL, today, &f, &m));  /* starts tomorrow */
    assert_string_equal(f, "started_on");
    assert_false(caseload_dates_ok(NULL, NULL, today, &f, &m));
    assert_string_equal(f, "started_on");
    assert_false(caseload_dates_ok("2025-01-02", "2025-01-01", today, &f, &m)); /* ends before it starts */
    assert_string_equal(f, "ended_on");
    assert_false(caseload_dates_ok("2025-01-01", "2026-12-08", today, &f, &m)); /* ends in the future */
    assert_string_equal(f, "ended_on");
    assert_non_null(m);
}

static void changes(void **state)
{
    (void)state;
    const char *before[CLF_COUNT] = {"5", "9", "2025-01-01", NULL, "catatan"};
    const char *after[CLF_COUNT];
    const char *f = NULL;
    memcpy(after, before, sizeof after);
    assert_true(caseload_change_ok(before, after, &f));
    after[CLF_ENDED_ON] = "2026-01-01", after[CLF_NOTES] = "pindah blok"; /* ending, with a note */
    assert_true(caseload_change_ok(before, after, &f));
    const int fixed[] = {CLF_WBP_ID, CLF_USER_ID, CLF_STARTED_ON};
    const char *names[] = {"wbp_id", "user_id", "started_on"};
    for (int i = 0; i < 3; i++) {
        memcpy(after, before, sizeof after);
        after[fixed[i]] = "2024-02-02";
        assert_false(caseload_change_ok(before, after, &f));
        assert_string_equal(f, names[i]);
    }
    /* an ended assignment stays ended: not reopened, not re-dated */
    const char *ended[CLF_COUNT] = {"5", "9", "2025-01-01", "2025-06-30", NULL};
    memcpy(after, ended, sizeof after);
    after[CLF_ENDED_ON] = NULL;
    assert_false(caseload_change_ok(ended, after, &f));
    assert_string_equal(f, "ended_on");
    after[CLF_ENDED_ON] = "2025-07-01";
    assert_false(caseload_change_ok(ended, after, &f));
    memcpy(after, ended, sizeof after);
    after[CLF_NOTES] = "catatan baru";
    assert_true(caseload_change_ok(ended, after, &f));
    /* "" and NULL are the same empty value */
    memcpy(after, before, sizeof after);
    after[CLF_ENDED_ON] = "";
    assert_true(caseload_change_ok(before, after, &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(roles), cmocka_unit_test(dates), cmocka_unit_test(changes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
