/* test_routes.c — the router and the route table (src/web/routes.c, web.h).
 * Matching: {id} takes a positive decimal number and nothing else, {*} the non-empty
 * rest of the path, every other character itself; a path known under another method
 * is a 405, an unknown one a 404.
 * The table from its declarations: an entity declared with operations X gives
 * exactly the rows X names (method, pattern, handler, roles, flags, ctx, pd), a
 * child's list and create sit under its owner, edit roles and handler overrides
 * apply, rows written out pass unchanged and in place; and in the real table no two
 * rows of one method can match the same path, so the order of the rows never
 * decides which handler answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "web/pages.h"

static const entity_t thing = {.slug = "things"};
static const entity_t part = {.slug = "thing-parts", .parent = &thing, .child_key = "parts"};

static int my_list(req_t *r, resp_t *w)
{
    (void)r, (void)w;
    return 0;
}

static int my_special(req_t *r, resp_t *w)
{
    (void)r, (void)w;
    return 0;
}

enum { RD = R_ADMIN | R_KANWIL, WR = R_ADMIN, ED = R_ADMIN | R_INSTRUKTUR };

static void check_rows(const route_t *got, int n, const route_t *want, int nwant)
{
    assert_int_equal(n, nwant);
    for (int i = 0; i < n; i++) {
        char at[160];
        snprintf(at, sizeof at, "row %d: %s %s", i, got[i].method, got[i].pattern);
        if (strcmp(got[i].method, want[i].method) || strcmp(got[i].pattern, want[i].pattern))
            fail_msg("%s, want %s %s", at, want[i].method, want[i].pattern);
        if (got[i].fn != want[i].fn) fail_msg("%s: handler", at);
        if (got[i].roles != want[i].roles) fail_msg("%s: roles %x, want %x", at, got[i].roles, want[i].roles);
        if (got[i].flags != want[i].flags) fail_msg("%s: flags", at);
        if (got[i].ctx != want[i].ctx) fail_msg("%s: ctx", at);
        if (!(got[i].pd == want[i].pd || (got[i].pd && want[i].pd && !strcmp(got[i].pd, want[i].pd))))
            fail_msg("%s: pd %s, want %s", at, got[i].pd ? got[i].pd : "NULL", want[i].pd ? want[i].pd : "NULL");
    }
}

/* Expands decl[0..n) and checks the rows against want[0..m). */
static void expect_expansion(const route_decl_t *decl, int n, const route_t *want, int m)
{
    arena_t a;
    arena_init(&a);
    route_t *rows;
    int got = route_expand(&a, decl, n, &rows);
    check_rows(rows, got, want, m);
    arena_release(&a);
}

/* A register (every operation), its edit roles, the lists' and a record's pd. */
static void test_register(void **state)
{
    (void)state;
    const route_decl_t decl[] = {ENTITY(thing, RD, WR, OPS_REGISTER, .edit = ED, .pd = AL_LIST, .pd_row = "thing")};
    const route_t want[] = {
        {"GET", "/things", ent_page_list, RD, 0, &thing, AL_LIST},
        {"GET", "/things.csv", ent_page_csv, RD, 0, &thing, AL_LIST},
        {"GET", "/things/new", ent_page_new, WR, 0, &thing},
        {"POST", "/things", ent_page_create, WR, 0, &thing},
        {"GET", "/things/{id}", ent_page_show, RD, 0, &thing, "thing"},
        {"GET", "/things/{id}/edit", ent_page_edit, ED, 0, &thing, "thing"},
        {"POST", "/things/{id}", ent_page_update, ED, 0, &thing},
        {"GET", "/api/v1/things", ent_api_list, RD, RF_API, &thing, AL_LIST},
        {"POST", "/api/v1/things", ent_api_create, WR, RF_API, &thing},
        {"GET", "/api/v1/things/{id}", ent_api_get, RD, RF_API, &thing, "thing"},
        {"PATCH", "/api/v1/things/{id}", ent_api_patch, ED, RF_API, &thing},
    };
    expect_expansion(decl, (int)ARRAY_LEN(decl), want, (int)ARRAY_LEN(want));
}

/* A child: list and create under the owner's record, the rest under its own slug;
 * without .edit the writers edit. */
static void test_child_and_link(void **state)
{
    (void)state;
    const route_decl_t decl[] = {
        ENTITY(part, RD, WR, OPS_CHILD, .pd = "thing"),
        ENTITY(part, RD, WR, OPS_LINK),
    };
    const route_t want[] = {
        {"POST", "/things/{id}/parts", ent_page_create, WR, 0, &part},
        {"GET", "/thing-parts/{id}/edit", ent_page_edit, WR, 0, &part},
        {"POST", "/thing-parts/{id}", ent_page_update, WR, 0, &part},
        {"POST", "/thing-parts/{id}/delete", ent_page_delete, WR, 0, &part},
        {"GET", "/api/v1/things/{id}/parts", ent_api_list, RD, RF_API, &part, "thing"},
        {"POST", "/api/v1/things/{id}/parts", ent_api_create, WR, RF_API, &part},
        {"GET", "/api/v1/thing-parts/{id}", ent_api_get, RD, RF_API, &part},
        {"PATCH", "/api/v1/thing-parts/{id}", ent_api_patch, WR, RF_API, &part},
        {"DELETE", "/api/v1/thing-parts/{id}", ent_api_delete, WR, RF_API, &part},
        /* the link: added and removed, never edited */
        {"POST", "/things/{id}/parts", ent_page_create, WR, 0, &part},
        {"POST", "/thing-parts/{id}/delete", ent_page_delete, WR, 0, &part},
        {"GET", "/api/v1/things/{id}/parts", ent_api_list, RD, RF_API, &part},
        {"POST", "/api/v1/things/{id}/parts", ent_api_create, WR, RF_API, &part},
        {"GET", "/api/v1/thing-parts/{id}", ent_api_get, RD, RF_API, &part},
        {"DELETE", "/api/v1/thing-parts/{id}", ent_api_delete, WR, RF_API, &part},
    };
    expect_expansion(decl, (int)ARRAY_LEN(decl), want, (int)ARRAY_LEN(want));
}

/* Rows written out stay as written and where they stand; a handler override
 * replaces one op's handler; a declaration by slug has no ctx. */
static void test_written_rows_and_overrides(void **state)
{
    (void)state;
    const handler_fn fns[OP_COUNT] = {[I_LIST] = my_list};
    const route_decl_t decl[] = {
        {"GET", "/special", my_special, R_ANY, 0, NULL, AL_LIST},
        ENTITY(thing, RD, WR, OP_LIST | OP_SHOW, .fns = fns),
        {"POST", "/api/v1/things/{id}/go", my_special, WR, RF_API | RF_UPLOAD},
        {.slug = "own", .roles = RD, .write = WR, .ops = OP_LIST | API_DELETE, .fns = (const handler_fn[OP_COUNT]){
             [I_LIST] = my_list, [I_API_DELETE] = my_special}},
    };
    const route_t want[] = {
        {"GET", "/special", my_special, R_ANY, 0, NULL, AL_LIST},
        {"GET", "/things", my_list, RD, 0, &thing},
        {"GET", "/things/{id}", ent_page_show, RD, 0, &thing},
        {"POST", "/api/v1/things/{id}/go", my_special, WR, RF_API | RF_UPLOAD},
        {"GET", "/own", my_list, RD, 0, NULL},
        {"DELETE", "/api/v1/own/{id}", my_special, WR, RF_API, NULL},
    };
    expect_expansion(decl, (int)ARRAY_LEN(decl), want, (int)ARRAY_LEN(want));
}

/* A child declared by slug: the ops it names a handler for, under /slug/{id}/child,
 * the list disclosing the owner's table. */
static void test_child_of_slug(void **state)
{
    (void)state;
    const route_decl_t decl[] = {
        CHILD_OF("own", "notes", RD, WR, [I_CREATE] = my_special, [I_API_LIST] = my_list),
        CHILD_OF("own", "card.pdf", RD, 0, [I_LIST] = my_list),
    };
    const route_t want[] = {
        {"POST", "/own/{id}/notes", my_special, WR, 0, NULL},
        {"GET", "/api/v1/own/{id}/notes", my_list, RD, RF_API, NULL, "own"},
        {"GET", "/own/{id}/card.pdf", my_list, RD, 0, NULL, "own"},
    };
    expect_expansion(decl, (int)ARRAY_LEN(decl), want, (int)ARRAY_LEN(want));
}

/* Whether some path matches both patterns ({id}: a positive number; {*} at the end:
 * the rest of the path). */
static bool overlap(const char *p, const char *q)
{
    while (*p && *q) {
        if (!strcmp(p, "{*}") || !strcmp(q, "{*}")) return true;
        bool pid = !strncmp(p, "{id}", 4), qid = !strncmp(q, "{id}", 4);
        if (pid || qid) {
            const char *o = pid ? q : p; /* the other side's segment */
            size_t len = strcspn(o, "/");
            if (!(pid && qid)) {
                if (!len) return false;
                for (size_t i = 0; i < len; i++)
                    if (o[i] < '0' || o[i] > '9') return false;
            }
            p += pid ? 4 : len;
            q += qid ? 4 : len;
            continue;
        }
        if (*p != *q) return false;
        p++, q++;
    }
    return !*p && !*q;
}

static void test_real_table_order_free(void **state)
{
    (void)state;
    assert_true(route_count > 300);
    int entity_rows = 0;
    for (int i = 0; i < route_count; i++) {
        const route_t *x = &route_table[i];
        assert_non_null(x->fn);
        assert_true(x->pattern[0] == '/');
        if (x->ctx) entity_rows++;
        for (int j = i + 1; j < route_count; j++) {
            const route_t *y = &route_table[j];
            if (strcmp(x->method, y->method)) continue;
            if (overlap(x->pattern, y->pattern))
                fail_msg("%s %s and %s overlap", x->method, x->pattern, y->pattern);
        }
    }
    assert_true(overlap("/wbp/{id}", "/wbp/12") && !overlap("/wbp/{id}", "/wbp/new") && overlap("/verify/{*}", "/verify/a/b"));
    /* the partner register: its eleven rows, found by the router */
    int64_t id = 0;
    int status = 0;
    const route_t *rt = route_match("PATCH", "/api/v1/partners/7", &id, &status);
    assert_non_null(rt);
    assert_ptr_equal(rt->fn, ent_api_patch);
    assert_ptr_equal(rt->ctx, &partner_entity);
    assert_int_equal(id, 7);
    assert_int_equal(rt->roles, R_ADMIN | R_STAF);
    rt = route_match("POST", "/agreements/3/parties", &id, &status);
    assert_non_null(rt);
    assert_ptr_equal(rt->ctx, &agreement_party_entity);
    assert_null(route_match("DELETE", "/api/v1/partners/7", &id, &status));
    assert_int_equal(status, 405);
    assert_true(entity_rows >= 200);
}

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
        cmocka_unit_test(test_register),
        cmocka_unit_test(test_child_and_link),
        cmocka_unit_test(test_written_rows_and_overrides),
        cmocka_unit_test(test_child_of_slug),
        cmocka_unit_test(test_real_table_order_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
