/* test_inbox.c — the task inbox's rule data and status tags (core/inbox.h): the
 * built-in file gives each role its items, a bad file is refused naming the key,
 * and the tag follows the count, the due date and the warning window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/inbox.h"
#include "core/rulefile.h"
#include "testdate.h"

static const char *const roles[] = {"admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas", NULL};
static const char *const queries[] = {"sales_unsettled", "usulan_state", "eligible_new", "assessments_open",
                                      "placements_confirm", "certificates_pending", "pnbp_undeposited", "releases_due",
                                      "agreements_expiring", "sppn_missing", "usulan_documents", "attendance_today",
                                      "results_missing", "sites_lagging", "followups_due", "movements_late", NULL};

static int parse(const char *text, inbox_rules_t *r, err_t *e)
{
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    int rc = inbox_rules_from_json(j, roles, queries, r, e);
    json_decref(j);
    return rc;
}

static void builtin(void **state)
{
    (void)state;
    json_t *j = rulefile_in_force(RULES_KIND_INBOX, D("2026-12-07"), NULL);
    assert_non_null(j);
    inbox_rules_t r;
    err_t e;
    err_clear(&e);
    assert_int_equal(inbox_rules_from_json(j, roles, queries, &r, &e), 0);
    json_decref(j);
    assert_int_equal(r.warn_days, 7);
    int per_role[7] = {0};
    for (int i = 0; i < r.n; i++)
        for (int k = 0; k < 7; k++) per_role[k] += (r.items[i].roles >> k) & 1;
    assert_int_equal(per_role[0], 9); /* admin */
    assert_int_equal(per_role[1], 9); /* staf */
    assert_int_equal(per_role[2], 2); /* wali */
    assert_int_equal(per_role[3], 2); /* instruktur */
    assert_int_equal(per_role[4], 3); /* kalapas */
    assert_int_equal(per_role[5], 2); /* kanwil */
    assert_int_equal(per_role[6], 1); /* bapas */
    for (int i = 0; i < r.n; i++) {
        if (!strcmp(r.items[i].code, "releases_due")) assert_int_equal(r.items[i].days, 30);
        if (!strcmp(r.items[i].code, "agreements_expiring")) assert_int_equal(r.items[i].days, 90);
        if (!strcmp(r.items[i].code, "usulan_approval")) {
            assert_string_equal(r.items[i].variant, "kanwil");
            assert_int_equal(r.items[i].nstates, 1);
            assert_string_equal(r.items[i].states[0], "ditetapkan");
        }
        assert_true(r.items[i].url[0] == '/');
        assert_non_null(inbox_title(&r.items[i]));
    }
}

#define HEAD "{\"kind\":\"kotak_tugas\",\"code\":\"x\",\"title\":\"t\",\"source\":\"s\",\"notes\":\"\",\"confirmed\":false," \
             "\"effective_from\":\"2020-01-01\",\"warn_days\":3,\"items\":["

static void refused(void **state)
{
    (void)state;
    static const struct {
        const char *items, *key;
    } bad[] = {
        {"{\"code\":\"a\",\"query\":\"nope\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/sales\"}", "query"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"boss\"],\"title\":\"A\",\"url\":\"/sales\"}", "roles"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"http://x/\"}", "url"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"//x\"}", "url"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/s\",\"days\":-1}", "days"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/s\",\"extra\":1}", "extra"},
        {"{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/s\"},"
         "{\"code\":\"a\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/s\"}", "items"},
        {"{\"code\":\"A B\",\"query\":\"sales_unsettled\",\"roles\":[\"staf\"],\"title\":\"A\",\"url\":\"/s\"}", "code"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, HEAD "%s]}", bad[i].items);
        inbox_rules_t r;
        err_t e;
        err_clear(&e);
        assert_int_equal(parse(text, &r, &e), -1);
        assert_string_equal(e.code, "invalid_ruleset");
        assert_non_null(strstr(e.msg, bad[i].key));
    }
    char text[1024];
    snprintf(text, sizeof text, HEAD "{\"code\":\"a\",\"query\":\"usulan_state\",\"roles\":[\"kalapas\",\"kanwil\"],"
                                     "\"title\":\"A\",\"url\":\"/usulan\",\"states\":[\"x\",\"y\"],\"due_days\":5}]}");
    inbox_rules_t r;
    err_t e;
    err_clear(&e);
    assert_int_equal(parse(text, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].roles, (1 << 4) | (1 << 5));
    assert_int_equal(r.items[0].nstates, 2);
    assert_int_equal(r.items[0].due_days, 5);
    assert_string_equal(inbox_title(&r.items[0]), "A");
}

static void status(void **state)
{
    (void)state;
    date_t t = D("2026-12-07");
    assert_int_equal(inbox_status(0, D("2026-01-01"), t, 7), INBOX_DONE);
    assert_int_equal(inbox_status(3, DATE_NONE, t, 7), INBOX_LATER);
    assert_int_equal(inbox_status(3, D("2026-12-06"), t, 7), INBOX_OVERDUE);
    assert_int_equal(inbox_status(3, D("2026-12-07"), t, 7), INBOX_SOON);
    assert_int_equal(inbox_status(3, D("2026-12-14"), t, 7), INBOX_SOON);
    assert_int_equal(inbox_status(3, D("2026-12-15"), t, 7), INBOX_LATER);
    assert_int_equal(inbox_status(3, D("2026-12-07"), t, 0), INBOX_SOON);
    assert_string_equal(inbox_status_code(INBOX_OVERDUE), "overdue");
    assert_string_equal(inbox_status_code(INBOX_DONE), "done");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(builtin), cmocka_unit_test(refused), cmocka_unit_test(status)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
