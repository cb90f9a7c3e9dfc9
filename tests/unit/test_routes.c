/* test_routes.c — the router's path matching (src/web/routes.c route_match): {id}
 * takes a positive decimal number and nothing else, {*} the non-empty rest of the
 * path, every other character itself; a path known under another method is a 405,
 * an unknown one a 404. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "web/web.h"

static const route_t *m(const char *method, const char *path, int64_t *id, int *status)
{
    *id = -7;
    *status = 0;
    return route_match(method, path, id, status);
}

static void plain_and_id(void **state)
{
    (void)state;
    int64_t id;
    int st;
    const route_t *r = m("GET", "/healthz", &id, &st);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/healthz");
    r = m("GET", "/wbp/12", &id, &st);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/wbp/{id}");
    assert_int_equal(id, 12);
    r = m("PATCH", "/api/v1/wbp/987654321", &id, &st);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/api/v1/wbp/{id}");
    assert_int_equal(id, 987654321);
    /* the id is a positive decimal number, whole between slashes, at most 18 digits */
    const char *bad[] = {"/wbp/0",    "/wbp/-1",  "/wbp/12x",   "/wbp/x12",  "/wbp/",
                         "/wbp/1e3",  "/wbp/0x10", "/wbp/1%00", "/wbp/12/", "/wbp/1234567890123456789",
                         "/healthz/", "/healthzz", "/healthz?", "/Wbp/12"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = m("GET", bad[i], &id, &st);
        if (r) fail_msg("%s matched %s", bad[i], r->pattern);
        assert_int_equal(st, 404);
    }
}

static void rest_of_path(void **state)
{
    (void)state;
    int64_t id;
    int st;
    const route_t *r = m("GET", "/verify/AB12-CD/34", &id, &st);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/verify/{*}");
    assert_null(m("GET", "/verify/", &id, &st)); /* the rest may not be empty */
    assert_int_equal(st, 404);
}

static void method(void **state)
{
    (void)state;
    int64_t id;
    int st;
    assert_null(m("DELETE", "/wbp/12", &id, &st));
    assert_int_equal(st, 405); /* the path is known, the method is not */
    assert_null(m("get", "/healthz", &id, &st)); /* methods are exact */
    assert_int_equal(st, 405);
    /* every pattern of the table matches itself once its {id} is a number */
    for (int i = 0; i < route_count; i++) {
        char path[512];
        const char *p = route_table[i].pattern;
        size_t n = 0;
        while (*p && n < sizeof path - 4) {
            if (!strncmp(p, "{id}", 4)) memcpy(path + n, "42", 2), n += 2, p += 4;
            else if (!strcmp(p, "{*}")) memcpy(path + n, "x", 1), n += 1, p += 3;
            else path[n++] = *p++;
        }
        path[n] = 0;
        const route_t *r = m(route_table[i].method, path, &id, &st);
        if (!r) fail_msg("%s %s: no route for %s", route_table[i].method, route_table[i].pattern, path);
        if (strchr(route_table[i].pattern, '{') && strstr(route_table[i].pattern, "{id}")) assert_int_equal(id, 42);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_and_id),
        cmocka_unit_test(rest_of_path),
        cmocka_unit_test(method),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
