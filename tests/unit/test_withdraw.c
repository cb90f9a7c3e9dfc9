/* test_withdraw.c — coded withdrawal reasons (core/withdraw.h): the built-in rule
 * file, the check of a code and its note, the labels (unknown or missing codes read
 * as "lainnya"), and rule files that are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/withdraw.h"
#include "core/rulefile.h"

static withdraw_rules_t builtin(void)
{
    withdraw_rules_t r;
    err_t e;
    err_clear(&e);
    date_t d;
    assert_true(date_parse("2026-12-07", &d));
    json_t *j = rulefile_in_force(RULES_KIND_WITHDRAW, d, NULL);
    assert_non_null(j);
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), 0);
    json_decref(j);
    return r;
}

static void rules(void **state)
{
    (void)state;
    withdraw_rules_t r = builtin();
    static const char *const codes[] = {"kesehatan", "pindah", "bebas", "disiplin", "permintaan_sendiri", "keamanan",
                                        "lainnya"};
    assert_int_equal(r.n, 7);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) assert_non_null(withdraw_reason(&r, codes[i]));
    assert_true(withdraw_reason(&r, "lainnya")->note_required);
    assert_false(withdraw_reason(&r, "kesehatan")->note_required);
    assert_null(withdraw_reason(&r, "nope"));
    assert_string_equal(withdraw_label(&r, "kesehatan"), "Kesehatan");
    /* an old withdrawal without a code, or a code no longer in the rules: "lainnya" */
    assert_string_equal(withdraw_label(&r, NULL), "Lainnya (dengan catatan)");
    assert_string_equal(withdraw_label(&r, "dulu"), "Lainnya (dengan catatan)");
}

static void check(void **state)
{
    (void)state;
    withdraw_rules_t r = builtin();
    field_errs_t fe = {0};
    withdraw_check(&r, "kesehatan", NULL, &fe);
    assert_int_equal(fe.n, 0);
    withdraw_check(&r, "nope", "x", &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "withdraw_reason");
    fe.n = 0;
    withdraw_check(&r, "lainnya", "", &fe);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "reason");
    fe.n = 0;
    withdraw_check(&r, "lainnya", "sakit gigi", &fe);
    assert_int_equal(fe.n, 0);
}

static void refused_files(void **state)
{
    (void)state;
    withdraw_rules_t r;
    err_t e;
    err_clear(&e);
    /* without "lainnya" (old withdrawals need it) */
    json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:[{s:s,s:s}]}", "kind", RULES_KIND_WITHDRAW, "code", "x", "title",
                          "t", "source", "s", "confirmed", 0, "effective_from", "2000-01-01", "reasons", "code", "a",
                          "label", "A");
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), -1);
    assert_string_equal(e.code, "invalid_ruleset");
    json_decref(j);
    /* a code twice */
    err_clear(&e);
    j = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:[{s:s,s:s},{s:s,s:s}]}", "kind", RULES_KIND_WITHDRAW, "code", "x", "title",
                  "t", "source", "s", "confirmed", 0, "effective_from", "2000-01-01", "reasons", "code", "lainnya", "label",
                  "L", "code", "lainnya", "label", "L");
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), -1);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(check),
        cmocka_unit_test(refused_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
