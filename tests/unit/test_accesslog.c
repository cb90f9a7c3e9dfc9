/* test_accesslog.c — the pure rules of the access log (core/accesslog.h) and of
 * `bekal check`'s row check (core/afterimage.h): format and action of a read, the
 * filter text (paging left out, cut at a character boundary), the retention's first
 * kept day; values compared with stored text, references skipped, entries folded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/accesslog.h"
#include "core/afterimage.h"

static void format_and_action(void **s)
{
    (void)s;
    assert_string_equal(accesslog_format("/wbp.csv", NULL, false), "csv");
    assert_string_equal(accesslog_format("/tpp.xlsx", NULL, false), "xlsx");
    assert_string_equal(accesslog_format("/certificates/3/pdf", NULL, false), "pdf");
    assert_string_equal(accesslog_format("/wbp", "csv", false), "csv");
    assert_string_equal(accesslog_format("/wbp", NULL, false), "html");
    assert_string_equal(accesslog_format("/api/v1/wbp/3", NULL, true), "json");
    assert_string_equal(accesslog_format("/wbp/pdfx", NULL, false), "html");
    assert_string_equal(accesslog_action("csv", true), "ekspor");
    assert_string_equal(accesslog_action("pdf", false), "ekspor");
    assert_string_equal(accesslog_action("html", true), "daftar");
    assert_string_equal(accesslog_action("json", false), "lihat");
}

static void filter_text(void **s)
{
    (void)s;
    const char *k[] = {"q", "page", "status", "per_page", "site", "x"};
    const char *v[] = {"budi", "2", "ditahan", "50", "", "1"};
    char out[100];
    assert_string_equal(accesslog_filter_text(k, v, 6, out, sizeof out), "q=budi&status=ditahan&x=1");
    assert_string_equal(accesslog_filter_text(k, v, 0, out, sizeof out), "");
    /* cut inside "é" (2 bytes): the whole character goes */
    const char *k2[] = {"q"};
    const char *v2[] = {"abé"};
    char small[6]; /* room for 5 bytes: "q=ab" + the first byte of é */
    assert_string_equal(accesslog_filter_text(k2, v2, 1, small, sizeof small), "q=ab");
    char exact[7];
    assert_string_equal(accesslog_filter_text(k2, v2, 1, exact, sizeof exact), "q=ab\xc3\xa9");
}

static void keep_from(void **s)
{
    (void)s;
    char d[11];
    assert_true(accesslog_keep_from("2026-12-07", 30, d));
    assert_string_equal(d, "2026-11-07");
    assert_true(accesslog_keep_from("2024-03-01", 1, d));
    assert_string_equal(d, "2024-02-29");
    assert_false(accesslog_keep_from("2026-12-07", 0, d));
    assert_false(accesslog_keep_from("kemarin", 30, d));
}

static void values_and_folding(void **s)
{
    (void)s;
    json_t *v = json_integer(5);
    assert_true(afterimage_value_eq(v, "5"));
    assert_false(afterimage_value_eq(v, "6"));
    json_decref(v);
    assert_true(afterimage_value_eq(json_true(), "1"));
    assert_false(afterimage_value_eq(json_false(), "1"));
    assert_true(afterimage_value_eq(json_null(), NULL));
    assert_true(afterimage_value_eq(json_null(), ""));
    json_t *t = json_string("Budi");
    assert_true(afterimage_value_eq(t, "Budi"));
    assert_false(afterimage_value_eq(t, NULL));
    json_decref(t);
    assert_true(afterimage_field_compared("term_years"));
    assert_false(afterimage_field_compared("wbp_id"));
    json_t *img = NULL;
    bool deleted = false;
    afterimage_fold(&img, &deleted, "create", "{\"a\":1,\"b\":\"x\"}");
    afterimage_fold(&img, &deleted, "update", "{\"b\":\"y\"}");
    afterimage_fold(&img, &deleted, "status", "not json");
    assert_int_equal(json_integer_value(json_object_get(img, "a")), 1);
    assert_string_equal(json_string_value(json_object_get(img, "b")), "y");
    afterimage_fold(&img, &deleted, "delete", NULL);
    assert_true(deleted);
    assert_null(img);
    afterimage_fold(&img, &deleted, "update", "{\"c\":2}"); /* a partial image with no create */
    assert_int_equal(json_integer_value(json_object_get(img, "c")), 2);
    json_decref(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(format_and_action), cmocka_unit_test(filter_text),
                                       cmocka_unit_test(keep_from), cmocka_unit_test(values_and_folding)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
