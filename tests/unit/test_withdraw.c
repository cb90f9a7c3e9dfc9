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
#include "core/readiness.h"
#include "core/inbox.h"
#include "core/notprop.h"
#include "core/trainrules.h"
#include "core/ruleset.h"
#include "util/i18n.h"
#include "testrules.h"

TEST_BUILTIN_RULES(builtin, withdraw_rules_t, RULES_KIND_WITHDRAW, withdraw_rules_from_json, "2026-12-07")

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

/* Rule-file texts in both languages (issue 25): every reader takes "title_en",
 * "notes_en" and "label_en" (an item's "title_en" in the inbox), and an English
 * reader is shown them, also for a label the catalogue does not know. */
static void both_languages(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    json_t *j = json_loads("{\"kind\": \"alasan_mundur\", \"code\": \"x\", \"title\": \"Judul\", \"title_en\": \"Title\","
                           " \"notes\": \"Catatan\", \"notes_en\": \"Notes\", \"confirmed\": false,"
                           " \"effective_from\": \"2020-01-01\", \"reasons\": ["
                           "{\"code\": \"lainnya\", \"label\": \"Alasan buatan sendiri\", \"label_en\": \"A home-made reason\","
                           " \"note_required\": true}, {\"code\": \"kesehatan\", \"label\": \"Kesehatan\"}]}",
                           0, NULL);
    withdraw_rules_t r;
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), 0);
    i18n_use("id");
    assert_string_equal(withdraw_label(&r, "lainnya"), "Alasan buatan sendiri");
    if (i18n_init()) {
        i18n_use("en");
        assert_string_equal(withdraw_label(&r, "lainnya"), "A home-made reason");
        assert_string_equal(withdraw_label(&r, "kesehatan"), "Health"); /* no label_en: the catalogue's */
        i18n_use("id");
    }
    /* an _en key must be text; only title, label and notes have one */
    json_object_set_new(j, "title_en", json_integer(1));
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), -1);
    json_object_set_new(j, "title_en", json_string("Title"));
    json_object_set_new(j, "code_en", json_string("x"));
    assert_int_equal(withdraw_rules_from_json(j, &r, &e), -1);
    json_decref(j);
    static const char *const allowed[] = {"title", "label", "code", NULL};
    assert_true(rf_key_allowed("title_en", allowed));
    assert_true(rf_key_allowed("label_en", allowed));
    assert_false(rf_key_allowed("notes_en", allowed)); /* no "notes" here */
    assert_false(rf_key_allowed("code_en", allowed));

    /* every built-in file of these kinds reads, and gives English to an English reader */
    date_t d;
    assert_true(date_parse("2026-12-07", &d));
    readiness_rules_t rr;
    j = rulefile_in_force(RULES_KIND_READINESS, d, NULL);
    assert_int_equal(readiness_rules_from_json(j, &rr, &e), 0);
    json_decref(j);
    notprop_rules_t np;
    j = rulefile_in_force(RULES_KIND_NOTPROP, d, NULL);
    assert_int_equal(notprop_rules_from_json(j, &np, &e), 0);
    json_decref(j);
    train_rules_t tr;
    assert_int_equal(train_rules_builtin_at(d, NULL, &tr, &e), 0);
    assert_string_equal(tr.title_en, "Competency-based training: schedule, attendance, passing and certificates (the "
                                     "prison's default settings)");
    for (size_t i = 0; i < rulefile_count(RULEFILE_KIND_ASIMILASI); i++) {
        ruleset_t rs;
        j = json_loads(rulefile_json(RULEFILE_KIND_ASIMILASI, i), 0, NULL);
        assert_int_equal(ruleset_from_json(j, &rs, &e), 0);
        assert_true(rs.title_en[0] && rs.notes_en[0]);
        json_decref(j);
    }
    if (i18n_init()) {
        i18n_use("en");
        assert_string_equal(readiness_label(readiness_item(&rr, "rekening")), "Bank account (for premium payments)");
        assert_string_equal(notprop_label(notprop_reason(&np, "ditolak_wbp")), "Declined by the inmate");
        i18n_use("id");
    }
    assert_string_equal(readiness_label(readiness_item(&rr, "rekening")), "Rekening bank (untuk pembayaran premi)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules),
        cmocka_unit_test(check),
        cmocka_unit_test(refused_files),
        cmocka_unit_test(both_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
