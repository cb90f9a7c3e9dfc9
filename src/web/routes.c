/* routes.c — the route table (path pattern, method, handler, roles, flags) and
 * the matcher. A path that exists under another method gives 405, else 404. */
#include "web.h"
#include <string.h>

#include "handlers.h"

#define WBP_WRITE (R_ADMIN | R_STAF)
#define WBP_READ R_ANY
#define PEMBINAAN_WRITE (R_ADMIN | R_STAF | R_WALI)

const route_t route_table[] = {
    {"GET", "/healthz", page_healthz, R_PUBLIC, 0},
    {"GET", "/static/app.css", page_static_css, R_PUBLIC, 0},
    {"GET", "/login", page_login_form, R_PUBLIC, 0},
    {"POST", "/login", page_login, R_PUBLIC, 0},
    {"POST", "/logout", page_logout, R_ANY, 0},
    {"POST", "/lang", page_lang, R_ANY, 0},
    {"GET", "/", page_home, R_ANY, 0},
    {"GET", "/wbp", page_wbp_list, WBP_READ, 0},
    {"GET", "/wbp.csv", page_wbp_csv, WBP_READ, 0},
    {"GET", "/wbp/new", page_wbp_new, WBP_WRITE, 0},
    {"POST", "/wbp", page_wbp_create, WBP_WRITE, 0},
    {"GET", "/wbp/import", page_wbp_import_form, WBP_WRITE, 0},
    {"POST", "/wbp/import", page_wbp_import, WBP_WRITE, RF_UPLOAD},
    {"GET", "/wbp/{id}", page_wbp_show, WBP_READ, 0},
    {"GET", "/wbp/{id}/edit", page_wbp_edit, WBP_WRITE, 0},
    {"POST", "/wbp/{id}", page_wbp_update, WBP_WRITE, 0},
    {"POST", "/wbp/{id}/remisi", page_remisi_create, PEMBINAAN_WRITE, 0},
    {"POST", "/wbp/{id}/discipline", page_discipline_create, PEMBINAAN_WRITE, 0},
    {"POST", "/wbp/{id}/sppn", page_sppn_create, PEMBINAAN_WRITE, 0},
    {"POST", "/discipline/{id}/cancel", page_discipline_cancel, PEMBINAAN_WRITE, 0},
    {"GET", "/eligibility", page_eligibility, WBP_READ, 0},
    {"GET", "/eligibility.csv", page_eligibility_csv, WBP_READ, 0},
    {"GET", "/audit", page_audit, R_ADMIN | R_KALAPAS | R_KANWIL, 0},
    {"GET", "/api/v1/me", api_me, R_ANY, RF_API},
    {"GET", "/api/v1/wbp", api_wbp_list, WBP_READ, RF_API},
    {"POST", "/api/v1/wbp", api_wbp_create, WBP_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}", api_wbp_get, WBP_READ, RF_API},
    {"PATCH", "/api/v1/wbp/{id}", api_wbp_patch, WBP_WRITE, RF_API},
    {"GET", "/api/v1/eligibility", api_eligibility, WBP_READ, RF_API},
    {"GET", "/api/v1/wbp/{id}/eligibility", api_wbp_eligibility, WBP_READ, RF_API},
    {"GET", "/api/v1/wbp/{id}/remisi", api_remisi_list, WBP_READ, RF_API},
    {"POST", "/api/v1/wbp/{id}/remisi", api_remisi_create, PEMBINAAN_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/discipline", api_discipline_list, WBP_READ, RF_API},
    {"POST", "/api/v1/wbp/{id}/discipline", api_discipline_create, PEMBINAAN_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/sppn", api_sppn_list, WBP_READ, RF_API},
    {"POST", "/api/v1/wbp/{id}/sppn", api_sppn_create, PEMBINAAN_WRITE, RF_API},
};
const int route_count = (int)ARRAY_LEN(route_table);

int role_bit(const char *role)
{
    for (int i = 0; auth_roles[i]; i++)
        if (str_eq(role, auth_roles[i])) return 1 << i;
    return 0;
}

/* Matches path against pattern; {id} takes a positive decimal integer. */
static bool match(const char *pat, const char *path, int64_t *id)
{
    while (*pat && *path) {
        if (str_startswith(pat, "{id}")) {
            const char *s = path;
            int64_t v = 0;
            while (*path >= '0' && *path <= '9' && path - s < 18) v = v * 10 + (*path++ - '0');
            if (path == s || v <= 0 || (*path && *path != '/')) return false;
            *id = v;
            pat += 4;
            continue;
        }
        if (*pat != *path) return false;
        pat++, path++;
    }
    return !*pat && !*path;
}

const route_t *route_match(const char *method, const char *path, int64_t *id, int *status)
{
    bool path_seen = false;
    for (int i = 0; i < route_count; i++) {
        int64_t v = 0;
        if (!match(route_table[i].pattern, path, &v)) continue;
        path_seen = true;
        if (str_eq(route_table[i].method, method)) {
            *id = v;
            return &route_table[i];
        }
    }
    *status = path_seen ? 405 : 404;
    return NULL;
}

const char *route_allowed(arena_t *a, const char *path)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < route_count; i++) {
        int64_t v;
        if (match(route_table[i].pattern, path, &v) && !strstr(b.data ? b.data : "", route_table[i].method))
            buf_printf(&b, "%s%s", b.len ? ", " : "", route_table[i].method);
    }
    if (b.data && strstr(b.data, "GET")) buf_puts(&b, ", HEAD");
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_release(&b);
    return s;
}
