/* routes.c — `bekal routes [--format text|json]`: prints the web route table
 * (method, pattern, roles, flags) straight from src/web/routes.c, so tests and
 * documentation are generated from the table the server really uses. */
#include "cli.h"
#include "../web/web.h"
#include <jansson.h>
#include <stdlib.h>

/* The roles of a route as names: ["public"] for R_PUBLIC, else the role names. */
static json_t *route_roles(const route_t *rt)
{
    json_t *a = json_array();
    if (rt->roles == R_PUBLIC) {
        json_array_append_new(a, json_string("public"));
        return a;
    }
    for (int i = 0; auth_roles[i]; i++)
        if (rt->roles & (1 << i)) json_array_append_new(a, json_string(auth_roles[i]));
    return a;
}

static json_t *route_flags(const route_t *rt)
{
    json_t *a = json_array();
    if (rt->flags & RF_API) json_array_append_new(a, json_string("api"));
    if (rt->flags & RF_NOCSRF) json_array_append_new(a, json_string("nocsrf"));
    if (rt->flags & RF_UPLOAD) json_array_append_new(a, json_string("upload"));
    if (rt->flags & RF_SITE) json_array_append_new(a, json_string("site"));
    bool unsafe = !str_eq(rt->method, "GET") && !str_eq(rt->method, "HEAD");
    /* the router checks CSRF on every unsafe method of a route that needs a login */
    if (unsafe && rt->roles != R_PUBLIC && !(rt->flags & RF_NOCSRF)) json_array_append_new(a, json_string("csrf"));
    return a;
}

/* Joins the strings of a JSON array with sep into b. */
static void join(buf_t *b, json_t *arr, const char *sep)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) buf_printf(b, "%s%s", i ? sep : "", json_string_value(v));
    if (!json_array_size(arr)) buf_puts(b, "-");
}

static void routes_help(void)
{
    printf("Pemakaian: bekal routes [--format text|json|openapi]\n\n"
           "Menampilkan tabel rute aplikasi web dan API: metode, pola path, peran yang boleh, dan tanda.\n"
           "  --format text  (bawaan) satu rute per baris\n"
           "  --format json  larik objek {method, pattern, roles, flags}\n"
           "  --format openapi  uraian OpenAPI 3.1 semua rute API (sama dengan GET /api/v1/openapi.json)\n"
           "Peran \"public\" berarti tanpa login. Tanda: api (jawaban JSON), upload (unggah berkas),\n"
           "csrf (perlu token CSRF bila memakai sesi), nocsrf, site (hanya kredensial lokasi: sinkronisasi).\n");
}

int cmd_routes(int argc, char **argv)
{
    const char *format = "text";
    const cli_opt_t opts[] = {CLI_VAL("format", &format), {0}};
    int prc = cli_parse("routes", argc, argv, opts, NULL, routes_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error("routes", "argumen tidak dikenal: %s", argv[optind]);
    bool json = str_eq(format, "json");
    if (str_eq(format, "openapi")) {
        arena_t a;
        arena_init(&a);
        json_t *doc = openapi_document(&a);
        char *s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(doc);
        arena_release(&a);
        return 0;
    }
    if (!json && !str_eq(format, "text"))
        return cli_usage_error("routes", "format tidak dikenal: %s (text, json atau openapi)", format);
    json_t *all = json_array();
    for (int i = 0; i < route_count; i++) {
        const route_t *rt = &route_table[i];
        json_array_append_new(all, json_pack("{s:s,s:s,s:o,s:o}", "method", rt->method, "pattern", rt->pattern,
                                             "roles", route_roles(rt), "flags", route_flags(rt)));
    }
    if (json) {
        char *s = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
    } else {
        size_t i;
        json_t *o;
        json_array_foreach(all, i, o)
        {
            buf_t roles, flags;
            buf_init(&roles), buf_init(&flags);
            join(&roles, json_object_get(o, "roles"), ",");
            join(&flags, json_object_get(o, "flags"), ",");
            static const int width[] = {6, 34, 50, 0};
            cli_print_row(width, 4,
                          (const char *const[]){json_string_value(json_object_get(o, "method")),
                                                json_string_value(json_object_get(o, "pattern")), roles.data, flags.data});
            buf_release(&roles), buf_release(&flags);
        }
    }
    json_decref(all);
    return 0;
}
