/* fuzz_router.c — libFuzzer harness for the router, route_match() over the real
 * route table (web/routes.c; the whole library is linked for its handlers).
 *
 * Input: "METHOD PATH" (split at the first space; without one the method is GET and
 * the input is the path). Invariants, against an independent segment-by-segment
 * matcher written here: a route is returned exactly when one matches path and
 * method, it is the first such row, {id} is a positive decimal of at most 18 digits
 * and is handed back; otherwise the status is 405 when the path exists under another
 * method, else 404. role_bit() gives 0 or one bit for any string.
 * The 404/405 reply is then made the way dispatch() (web/server.c, static) makes
 * it, through the real web_fail()/web_error(): JSON for /api/ paths (it must parse),
 * HTML otherwise (the method and path must come out escaped). The method comes
 * from the client's request line and is not checked by anything before this. */
#include "fuzz.h"
#include "web/web.h"

/* Does path match pattern? Segments split at '/', "{id}" takes 1..18 digits with a
 * value above 0 (leading zeros allowed, as in routes.c). */
static bool ref_match(const char *pat, const char *path, int64_t *id)
{
    *id = 0;
    for (;;) {
        size_t pl = strcspn(pat, "/"), sl = strcspn(path, "/");
        if (pl == 4 && !strncmp(pat, "{id}", 4)) {
            if (sl < 1 || sl > 18) return false;
            int64_t v = 0;
            for (size_t i = 0; i < sl; i++) {
                if (path[i] < '0' || path[i] > '9') return false;
                v = v * 10 + (path[i] - '0');
            }
            if (v <= 0) return false;
            *id = v;
        } else if (pl != sl || strncmp(pat, path, pl)) {
            return false;
        }
        pat += pl, path += sl;
        if (!*pat || !*path) return !*pat && !*path;
        pat++, path++; /* both at '/' */
    }
}

/* dispatch()'s reply when no route matches (server.c), checked. */
static void check_reply(const char *method, const char *path, int status)
{
    req_t r;
    memset(&r, 0, sizeof r);
    arena_init(&r.a);
    r.method = method, r.path = path, r.lang = "id";
    r.is_api = str_startswith(path, "/api/");
    resp_t w = {0};
    buf_init(&w.body);
    if (status == 405) web_fail(&r, 405, "method_not_allowed", "metode %s tidak diizinkan untuk %s", r.method, r.path);
    else web_fail(&r, 404, "not_found", "halaman atau sumber daya tidak ditemukan");
    web_error(&r, &w);
    FUZZ_CHECK(w.status == status && w.body.len > 0, "%s %s: reply %d, %zu bytes", method, path, w.status, w.body.len);
    if (r.is_api) {
        json_error_t je;
        json_t *j = json_loadb(w.body.data, w.body.len, 0, &je);
        FUZZ_CHECK(j && json_is_object(json_object_get(j, "error")), "%s %s: reply is not a JSON error", method, path);
        json_decref(j);
    } else {
        const char *m = strstr(w.body.data, "<p class=\"error\"");
        FUZZ_CHECK(m && !strstr(m, "<script") && !strstr(m, "<img"), "%s %s: markup in the error page", method, path);
    }
    buf_release(&w.body);
    arena_release(&r.a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *s = fuzz_cstr(data, size), *method, *path;
    size_t plen;
    if (memchr(s, ' ', size)) fuzz_split(s, size, ' ', &method, &path, &plen);
    else method = "GET", path = s;

    int64_t id = -1;
    int status = 0;
    const route_t *rt = route_match(method, path, &id, &status);

    const route_t *want = NULL;
    int64_t want_id = 0;
    bool path_seen = false;
    for (int i = 0; i < route_count; i++) {
        int64_t v;
        if (!ref_match(route_table[i].pattern, path, &v)) continue;
        path_seen = true;
        if (!want && !strcmp(route_table[i].method, method)) want = &route_table[i], want_id = v;
    }
    FUZZ_CHECK(rt == want, "%s %s: router gave %s %s, reference %s %s", method, path, rt ? rt->method : "-",
               rt ? rt->pattern : "-", want ? want->method : "-", want ? want->pattern : "-");
    if (rt) {
        FUZZ_CHECK(id == want_id, "%s %s: id %lld, reference %lld", method, path, (long long)id, (long long)want_id);
        FUZZ_CHECK(strstr(rt->pattern, "{id}") ? id > 0 && id < 1000000000000000000LL : id == 0,
                   "%s %s: id %lld for %s", method, path, (long long)id, rt->pattern);
        FUZZ_CHECK(rt->fn != NULL, "route %s %s without handler", rt->method, rt->pattern);
    } else {
        FUZZ_CHECK(status == (path_seen ? 405 : 404), "%s %s: status %d", method, path, status);
        check_reply(method, path, status);
    }
    int bit = role_bit(path);
    FUZZ_CHECK(bit >= 0 && (bit & (bit - 1)) == 0 && bit <= R_ANY, "role_bit(%s) = %d", path, bit);
    free(s);
    return 0;
}
