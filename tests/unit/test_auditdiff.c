/* test_auditdiff.c — an audit entry as a readable change (core/auditdiff.c, issue
 * 25): which fields changed between the row's previous after-image and this one
 * (absent = null; a partial image compares only what it names), and the one time
 * formatter of pages (a UTC timestamp in the site's zone, WIB/WITA/WIT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auditdiff.h"
#include "util/i18n.h"
#include "util/util.h"

/* "field:before>after;..." with "-" for NULL. */
static char *diff_text(const char *prev, const char *after)
{
    audit_change_t *c;
    int n = audit_diff(prev, after, &c);
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s:%s>%s;", c[i].field, c[i].before ? c[i].before : "-", c[i].after ? c[i].after : "-");
    audit_diff_free(c, n);
    char *s = xstrdup(b.data ? b.data : "");
    buf_release(&b);
    return s;
}

static void check(const char *prev, const char *after, const char *want)
{
    char *got = diff_text(prev, after);
    assert_string_equal(got, want);
    free(got);
}

static void test_full_image(void **state)
{
    (void)state;
    /* unchanged fields are left out; a changed one shows before and after */
    check("{\"name\":\"Budi\",\"status\":\"aktif\",\"cell\":\"A1\"}",
          "{\"name\":\"Budi\",\"status\":\"bebas\",\"cell\":\"A1\"}", "status:aktif>bebas;");
    /* a field the new image leaves out became null (images are written without nulls) */
    check("{\"name\":\"Budi\",\"status\":\"aktif\",\"cell\":\"A1\"}", "{\"name\":\"Budi\",\"status\":\"aktif\"}",
          "cell:A1>-;");
    /* a new field, numbers and booleans as text */
    check("{\"a\":1,\"b\":true}", "{\"a\":2,\"b\":false,\"c\":\"x\"}", "a:1>2;b:true>false;c:->x;");
    /* explicit null equals absent */
    check("{\"a\":null,\"b\":1}", "{\"b\":1}", "");
}

static void test_first_and_delete(void **state)
{
    (void)state;
    /* the row's first entry: every field is new */
    check(NULL, "{\"name\":\"Budi\",\"note\":null}", "name:->Budi;");
    /* a delete: every field ends */
    check("{\"name\":\"Budi\"}", NULL, "name:Budi>-;");
    /* text that is not an object is none */
    check("[1,2]", "not json", "");
}

static void test_partial_image(void **state)
{
    (void)state;
    /* an image naming fewer than half of the fields is a partial update: only its own
     * fields are compared, the others are not shown as emptied */
    check("{\"name\":\"Budi\",\"status\":\"aktif\",\"cell\":\"A1\",\"note\":\"x\",\"variant\":\"lapas\"}",
          "{\"variant\":\"blk\"}", "variant:lapas>blk;");
    /* nested values as compact JSON */
    check("{\"a\":{\"x\":1},\"b\":2}", "{\"a\":{\"x\":2},\"b\":2}", "a:{\"x\":1}>{\"x\":2};");
}

/* audit_diff_json on images parsed once (audit_image) answers as audit_diff on the
 * texts: the audit pages parse each image once for the diff and the record's name. */
static void test_parsed_images(void **state)
{
    (void)state;
    static const char *const texts[] = {
        NULL, "", "not json", "[1,2]", "{}", "{\"name\":\"Budi\",\"status\":\"aktif\",\"cell\":\"A1\"}",
        "{\"name\":\"Budi\",\"status\":\"bebas\"}", "{\"variant\":\"blk\"}", "{\"a\":{\"x\":1},\"b\":null}",
        "{\"wbp_id\":7,\"months\":1}", "{\"wbp_id\":7,\"months\":2,\"days\":0}"};
    for (size_t i = 0; i < ARRAY_LEN(texts); i++)
        for (size_t k = 0; k < ARRAY_LEN(texts); k++) {
            char *want = diff_text(texts[i], texts[k]);
            json_t *p = audit_image(texts[i]), *a = audit_image(texts[k]);
            /* none for what is not an object */
            if (texts[i] && texts[i][0] == '{') assert_non_null(p);
            else assert_null(p);
            audit_change_t *c;
            int n = audit_diff_json(p, a, &c);
            buf_t b;
            buf_init(&b);
            for (int j = 0; j < n; j++)
                buf_printf(&b, "%s:%s>%s;", c[j].field, c[j].before ? c[j].before : "-", c[j].after ? c[j].after : "-");
            audit_diff_free(c, n);
            assert_string_equal(b.data ? b.data : "", want);
            buf_release(&b);
            /* the images are left as they were: a second diff reads the same */
            n = audit_diff_json(p, a, &c);
            audit_diff_free(c, n);
            json_decref(p);
            json_decref(a);
            free(want);
        }
}

static void test_record_def(void **state)
{
    (void)state;
    assert_non_null(audit_record_def("wbp"));
    assert_string_equal(audit_record_def("enrolment")->entity, "enrolment");
    assert_null(audit_record_def("no_such_thing"));
    assert_null(audit_record_def(NULL));
}

static void test_zones(void **state)
{
    (void)state;
    char buf[16];
    assert_int_equal(tz_offset_of("WIB"), 420);
    assert_int_equal(tz_offset_of("WITA"), 480);
    assert_int_equal(tz_offset_of("WIT"), 540);
    assert_int_equal(tz_offset_of("UTC"), -1);
    assert_int_equal(tz_offset_of(NULL), -1);
    assert_string_equal(tz_abbr_of(420, buf, sizeof buf), "WIB");
    assert_string_equal(tz_abbr_of(480, buf, sizeof buf), "WITA");
    assert_string_equal(tz_abbr_of(540, buf, sizeof buf), "WIT");
    assert_string_equal(tz_abbr_of(330, buf, sizeof buf), "UTC+05:30");
}

static void test_format(void **state)
{
    (void)state;
    int64_t t;
    char out[80];
    i18n_use("id");
    assert_true(time_parse_utc("2026-12-07T07:05:09Z", &t));
    time_format_local(t, 420, out, sizeof out);
    assert_string_equal(out, "7 Desember 2026 14.05 WIB");
    time_format_local(t, 540, out, sizeof out);
    assert_string_equal(out, "7 Desember 2026 16.05 WIT");
    /* past midnight in the zone: the next day */
    assert_true(time_parse_utc("2026-12-31T17:30:00Z", &t));
    time_format_local(t, 480, out, sizeof out);
    assert_string_equal(out, "1 Januari 2027 01.30 WITA");
    /* without seconds or Z, and with a space */
    assert_true(time_parse_utc("2026-12-07 07:05", &t));
    assert_false(time_parse_utc("2026-12-07", &t));
    assert_false(time_parse_utc("2026-13-07T07:05:00Z", &t));
    assert_false(time_parse_utc("2026-12-07T25:05:00Z", &t));
    assert_false(time_parse_utc(NULL, &t));
    if (i18n_init()) {
        i18n_use("en");
        assert_true(time_parse_utc("2026-12-07T07:05:09Z", &t));
        time_format_local(t, 420, out, sizeof out);
        assert_string_equal(out, "7 December 2026 14:05 WIB");
        i18n_use("id");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_image),  cmocka_unit_test(test_first_and_delete), cmocka_unit_test(test_partial_image),
        cmocka_unit_test(test_parsed_images), cmocka_unit_test(test_record_def),  cmocka_unit_test(test_zones),            cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
