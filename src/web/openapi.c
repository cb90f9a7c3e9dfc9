/* openapi.c — GET /api/v1/openapi.json: the API described as OpenAPI 3.1, generated
 * from the route table (every RF_API route: method, path, roles, path parameters)
 * and the entity descriptions (each record's fields with their types, limits,
 * allowed values and whether they are required), so the description cannot miss a
 * route or disagree with a field table. Routes with their own handlers get the
 * record schema when they serve a record kind (WBP, remisi, discipline, SPPN, safety
 * records), else
 * a generic object; the prose is in docs/api.md. */
#include "web.h"
#include "entity.h"
#include "../core/pembinaan.h"
#include "../core/wbp.h"
#include "../store/exclusion_store.h"
#include <pthread.h>
#include <string.h>

/* Routes with their own handlers that read or write one record kind. */
static const struct {
    const char *pattern;
    const record_def_t *def;
} own_records[] = {
    {"/api/v1/wbp", &wbp_def},
    {"/api/v1/wbp/{id}", &wbp_def},
    {"/api/v1/wbp/{id}/remisi", &remisi_def},
    {"/api/v1/wbp/{id}/discipline", &discipline_def},
    {"/api/v1/wbp/{id}/sppn", &sppn_def},
    {"/api/v1/wbp/{id}/exclusions", &exclusion_def},
};

static bool is_entity_handler(handler_fn fn)
{
    return fn == ent_api_list || fn == ent_api_get || fn == ent_api_create || fn == ent_api_patch ||
           fn == ent_api_delete;
}

static json_t *field_schema(const field_def_t *f, bool nullable)
{
    json_t *s = json_object();
    const char *type = "string";
    switch (f->type) {
    case FT_INT:
        type = "integer";
        if (f->max > 0) json_object_set_new(s, "maximum", json_integer(f->max));
        break;
    case FT_MONEY: type = "integer"; break;
    case FT_FIXED:
        type = "integer";
        json_object_set_new(s, "x-decimals", json_integer(f->scale));
        if (f->max > 0) json_object_set_new(s, "maximum", json_integer(f->max));
        break;
    case FT_BOOL: type = "boolean"; break;
    case FT_DATE: json_object_set_new(s, "format", json_string("date")); break;
    case FT_MONTH: json_object_set_new(s, "pattern", json_string("^[0-9]{4}-[0-9]{2}$")); break;
    case FT_ENUM: {
        json_t *e = json_array();
        for (const char *const *c = f->choices; c && *c; c++) json_array_append_new(e, json_string(*c));
        if (nullable) json_array_append_new(e, json_null());
        json_object_set_new(s, "enum", e);
        break;
    }
    case FT_TEXT:
        if (f->max > 0) json_object_set_new(s, "maxLength", json_integer(f->max));
        break;
    }
    json_object_set_new(s, "type", nullable ? json_pack("[s,s]", type, "null") : json_string(type));
    json_object_set_new(s, "description", json_string(f->label));
    if (f->def) json_object_set_new(s, "x-default", json_string(f->def));
    return s;
}

/* The record as the API returns it, and as a create/update body takes it. */
static json_t *record_schema(const record_def_t *d, const entity_t *en, bool input)
{
    json_t *props = json_object(), *req = json_array();
    if (!input) {
        json_object_set_new(props, "id", json_pack("{s:s,s:i}", "type", "integer", "minimum", 1));
        json_object_set_new(props, "site", json_pack("{s:s,s:s}", "type", "string", "description", "kode lokasi"));
        if (d->parent) json_object_set_new(props, d->parent, json_pack("{s:s}", "type", "integer"));
    } else
        json_object_set_new(props, "site",
                            json_pack("{s:s,s:s}", "type", "string", "description", "kode lokasi (bila lebih dari satu)"));
    for (int i = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        bool ro = en && ent_readonly(en, i);
        if (input && ro) continue;
        json_t *s = field_schema(f, !(f->required && !input));
        if (ro) json_object_set_new(s, "readOnly", json_true());
        json_object_set_new(props, f->name, s);
        if (input && f->required && !f->def) json_array_append_new(req, json_string(f->name));
    }
    if (!input) {
        for (const ent_ref_t *ref = en ? en->refs : NULL; ref && ref->field >= 0; ref++)
            json_object_set_new(props, ref->label_key, json_pack("{s:[s,s]}", "type", "string", "null"));
        for (const entity_t *const *c = en ? en->children : NULL; c && *c; c++)
            json_object_set_new(props, (*c)->child_key,
                                json_pack("{s:s,s:o}", "type", "array", "items", record_schema((*c)->def, *c, false)));
        json_object_set_new(props, "created_at", json_pack("{s:s}", "type", "string"));
        json_object_set_new(props, "updated_at", json_pack("{s:s}", "type", "string"));
    }
    json_t *s = json_pack("{s:s,s:s,s:o}", "type", "object", "title", d->title ? d->title : d->entity, "properties",
                          props);
    if (json_array_size(req)) json_object_set_new(s, "required", req);
    else json_decref(req);
    return s;
}

static json_t *ref_to(const char *name) { return json_pack("{s:s+}", "$ref", "#/components/schemas/", name); }

static json_t *json_content(json_t *schema)
{
    return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *roles_of(int roles)
{
    json_t *a = json_array();
    for (int i = 0; auth_roles[i]; i++)
        if (roles & (1 << i)) json_array_append_new(a, json_string(auth_roles[i]));
    return a;
}

/* "/api/v1/wbp/{id}/remisi" -> "get_wbp_id_remisi" */
static const char *operation_id(arena_t *a, const route_t *rt)
{
    buf_t b;
    buf_init(&b);
    for (const char *m = rt->method; *m; m++) buf_putc(&b, (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m));
    for (const char *p = rt->pattern + strlen("/api/v1"); *p; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) buf_putc(&b, c);
        else if ((c == '/' || c == '-' || c == '.' || c == '_') && b.data[b.len - 1] != '_') buf_putc(&b, '_');
    }
    while (b.len && b.data[b.len - 1] == '_') b.data[--b.len] = 0;
    const char *s = arena_strdup(a, b.data);
    buf_release(&b);
    return s;
}

static void add_schema(json_t *schemas, const char *name, const record_def_t *d, const entity_t *en)
{
    if (json_object_get(schemas, name)) return;
    json_object_set_new(schemas, name, record_schema(d, en, false));
    char in[96];
    snprintf(in, sizeof in, "%s_input", name);
    json_object_set_new(schemas, in, record_schema(d, en, true));
}

json_t *openapi_document(arena_t *a)
{
    json_t *paths = json_object(), *schemas = json_object();
    json_object_set_new(schemas, "Error",
                        json_pack("{s:s,s:[s],s:{s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s},s:{s:s}}}}}", "type", "object",
                                  "required", "error", "properties", "error", "type", "object", "required", "code",
                                  "message", "properties", "code", "type", "string", "message", "type", "string",
                                  "fields", "type", "object"));
    json_object_set_new(schemas, "ReviewPreview",
                        json_pack("{s:s,s:s,s:{s:{s:s,s:b},s:{s:s,s:b},s:{s:s},s:{s:s}}}", "type", "object",
                                  "description", "the answer of an act that needs \"confirm\": true, called without it",
                                  "properties", "applied", "type", "boolean", "const", 0, "confirm_required", "type",
                                  "boolean", "const", 1, "action", "type", "string", "preview", "type", "object"));
    /* GET /api/v1/inbox (pages/inbox.c, issue 25) */
    json_object_set_new(
        schemas, "Inbox",
        json_loads("{\"type\":\"object\",\"description\":\"the task inbox of the calling user's role\","
                   "\"properties\":{\"date\":{\"type\":\"string\",\"format\":\"date\"},\"items\":{\"type\":"
                   "\"array\",\"items\":{\"type\":\"object\",\"required\":[\"code\",\"title\",\"count\","
                   "\"due\",\"url\",\"status\"],\"properties\":{\"code\":{\"type\":\"string\"},\"title\":"
                   "{\"type\":\"string\"},\"count\":{\"type\":\"integer\",\"minimum\":0},\"due\":{\"type\":"
                   "[\"string\",\"null\"],\"format\":\"date\"},\"url\":{\"type\":[\"string\",\"null\"]},"
                   "\"status\":{\"type\":\"string\",\"enum\":[\"done\",\"later\",\"soon\",\"overdue\"]}}}}}}",
                   0, NULL));
    json_object_set_new(schemas, "Object", json_pack("{s:s,s:s}", "type", "object", "description",
                                                     "lihat docs/api.md untuk anggota jawaban ini"));
    for (int i = 0; i < route_count; i++) {
        const route_t *rt = &route_table[i];
        if (!(rt->flags & RF_API)) continue;
        const entity_t *en = is_entity_handler(rt->fn) ? rt->ctx : NULL;
        const record_def_t *d = en ? en->def : NULL;
        for (size_t k = 0; !d && k < ARRAY_LEN(own_records); k++)
            if (str_eq(own_records[k].pattern, rt->pattern)) d = own_records[k].def;
        const char *name = d ? (en ? en->slug : d->entity) : NULL;
        if (d) add_schema(schemas, name, d, en);

        json_t *op = json_object();
        const char *tail = rt->pattern + strlen("/api/v1/");
        size_t tl = strcspn(tail, "/");
        json_object_set_new(op, "operationId", json_string(operation_id(a, rt)));
        json_object_set_new(op, "tags", json_pack("[s%]", tail, tl));
        json_object_set_new(op, "summary", json_string(arena_printf(a, "%s %s", rt->method, rt->pattern)));
        if (rt->flags & RF_SITE) { /* no account: a site's sync credential (bekal site credential issue) */
            json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearer"));
            json_object_set_new(op, "x-roles", json_pack("[s]", "public"));
            json_object_set_new(op, "x-site-credential", json_true());
        }
        else if (rt->roles != R_PUBLIC) json_object_set_new(op, "x-roles", roles_of(rt->roles));
        else json_object_set_new(op, "security", json_array());
        json_t *params = json_array();
        if (strstr(rt->pattern, "{id}"))
            json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:{s:s,s:i}}", "name", "id", "in", "path", "required",
                                                    1, "schema", "type", "integer", "minimum", 1));
        bool list = rt->fn == ent_api_list || (d && !en && str_eq(rt->method, "GET") && !strstr(rt->pattern, "{id}"));
        if (list && en) {
            static const char *const qp[] = {"q", "sort", "dir", "page", "per_page", "site"};
            for (size_t k = 0; k < ARRAY_LEN(qp); k++)
                json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s}}", "name", qp[k], "in", "query", "schema",
                                                        "type", k >= 3 && k <= 4 ? "integer" : "string"));
            for (const int *f = en->filters; f && *f >= 0; f++)
                json_array_append_new(params, json_pack("{s:s,s:s,s:o}", "name", d->fields[*f].name, "in", "query",
                                                        "schema", field_schema(&d->fields[*f], false)));
        }
        if (str_eq(rt->pattern, "/api/v1/releases/due")) { /* search and order over the computed dates (issue 25) */
            static const char *const qp[] = {"months", "site", "q", "sort", "dir"};
            static const char *const desc[] = {"1, 2 atau 3 (bawaan 3)", "kode lokasi", "nama atau no. registrasi",
                                               "site, regno, name, release_date, two_thirds, training", "asc atau desc"};
            for (size_t k = 0; k < ARRAY_LEN(qp); k++)
                json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s},s:s}", "name", qp[k], "in", "query", "schema",
                                                        "type", k == 0 ? "integer" : "string", "description", desc[k]));
        }
        if (str_eq(rt->pattern, "/api/v1/movements")) { /* the daily movement list (issue 26) */
            json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s,s:s},s:s}", "name", "date", "in", "query", "schema",
                                                    "type", "string", "format", "date", "description",
                                                    "tanggal (kosong: hari ini)"));
            json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s}}", "name", "site", "in", "query", "schema", "type",
                                                    "string"));
            json_object_set_new(op, "description",
                                json_string("Sesi program yang diadakan di luar tembok pada tanggal itu: items (satu per "
                                            "peserta: wbp_id, program_id, session_id, place, escort, departed_at, "
                                            "returned_at dalam waktu setempat YYYY-MM-DD HH:MM, late) dan sessions."));
        }
        if (strstr(rt->pattern, "/api/v1/sessions/{id}/depart") || strstr(rt->pattern, "/api/v1/sessions/{id}/return"))
            json_object_set_new(op, "description",
                                json_string("Badan: {escort (wajib untuk keberangkatan), wbp_id (wajib untuk kepulangan; "
                                            "tanpa wbp_id keberangkatan mencatat semua peserta yang belum berangkat), time "
                                            "(JJ:MM pada tanggal sesi; kosong: sekarang)}. Diaudit."));
        if (json_array_size(params)) json_object_set_new(op, "parameters", params);
        else json_decref(params);

        bool body = str_eq(rt->method, "POST") || str_eq(rt->method, "PATCH") || str_eq(rt->method, "PUT");
        if (body) {
            json_t *schema = d && (rt->fn == ent_api_create || rt->fn == ent_api_patch || !en)
                                 ? ref_to(arena_printf(a, "%s_input", name))
                                 : ref_to("Object");
            json_t *rb = json_pack("{s:o}", "content", json_content(schema));
            if (str_eq(rt->method, "POST") && !(rt->flags & RF_UPLOAD)) json_object_set_new(rb, "required", json_true());
            if (rt->flags & RF_UPLOAD)
                json_object_set_new(json_object_get(rb, "content"), "multipart/form-data",
                                    json_pack("{s:{s:s}}", "schema", "type", "object"));
            json_object_set_new(op, "requestBody", rb);
        }
        json_t *ok_schema;
        if (d && list)
            ok_schema = json_pack("{s:s,s:{s:{s:s,s:o},s:{s:s},s:{s:s},s:{s:s}}}", "type", "object", "properties",
                                  "items", "type", "array", "items", ref_to(name), "page", "type", "integer",
                                  "per_page", "type", "integer", "total", "type", "integer");
        else if (d && rt->fn != ent_api_delete)
            ok_schema = ref_to(name);
        else if (str_eq(rt->pattern, "/api/v1/inbox"))
            ok_schema = ref_to("Inbox");
        else
            ok_schema = ref_to("Object");
        json_t *responses = json_object();
        const char *ok = rt->fn == ent_api_delete ? "204" : rt->fn == ent_api_create ? "201" : "200";
        if (str_eq(ok, "204")) {
            json_decref(ok_schema);
            json_object_set_new(responses, ok, json_pack("{s:s}", "description", "dihapus"));
        } else
            json_object_set_new(responses, ok,
                                json_pack("{s:s,s:o}", "description", "berhasil", "content", json_content(ok_schema)));
        /* acts that are hard to undo (issue 22): without "confirm": true only the preview */
        static const char *const reviewed[] = {"/api/v1/phases/{id}/placement", "/api/v1/sales/{id}/settle",
                                               "/api/v1/usulan/{id}/step", "/api/v1/releases/{id}/reverse",
                                               "/api/v1/sales/{id}/reverse", "/api/v1/wbp/{id}/transfer",
                                               "/api/v1/enrolments/{id}/status"};
        bool review = rt->fn == ent_api_create && en && en->review;
        for (size_t k = 0; k < ARRAY_LEN(reviewed) && !review; k++)
            review = str_eq(rt->method, "POST") && str_eq(rt->pattern, reviewed[k]);
        if (review) {
            json_object_set_new(op, "x-confirm", json_true());
            json_object_set_new(op, "description",
                                json_string("Tindakan yang sulit dibatalkan: tanpa \"confirm\": true di badan permintaan "
                                            "jawabannya pratinjau (200 ReviewPreview: apa yang akan berubah) dan tidak ada "
                                            "yang berubah; dengan \"confirm\": true tindakan dijalankan."));
            if (!json_object_get(responses, "200"))
                json_object_set_new(responses, "200",
                                    json_pack("{s:s,s:o}", "description", "pratinjau (tanpa confirm)", "content",
                                              json_content(ref_to("ReviewPreview"))));
        }
        json_object_set_new(responses, "default",
                            json_pack("{s:s,s:o}", "description", "kesalahan (400, 401, 403, 404, 409, 422, 5xx)",
                                      "content", json_content(ref_to("Error"))));
        json_object_set_new(op, "responses", responses);

        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[8];
        snprintf(method, sizeof method, "%s", rt->method);
        for (char *m = method; *m; m++) *m = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
        json_object_set_new(item, method, op);
    }
    return json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:{s:o,s:{s:{s:s,s:s},s:{s:s,s:s,s:s}}},s:[{s:[]},{s:[]}]}",
                     "openapi", "3.1.0", "info", "title", "Bekal API", "version", BEKAL_VERSION, "description",
                     "API JSON Bekal. Masuk dengan token (Authorization: Bearer TOKEN, `bekal token create`) atau "
                     "sesi peramban (cookie bekal_sid, dengan X-CSRF-Token pada metode yang mengubah). Peran yang "
                     "boleh memakai tiap operasi ada di x-roles.",
                     "servers", "url", "/", "paths", paths, "components", "schemas", schemas, "securitySchemes",
                     "bearer", "type", "http", "scheme", "bearer", "session", "type", "apiKey", "in", "cookie", "name",
                     "bekal_sid", "security", "bearer", "session");
}

/* The document depends only on the route table and the record definitions, which
 * do not change while the program runs: it is built and written out once. */
static char *openapi_text;
static void openapi_build(void)
{
    arena_t a;
    arena_init(&a);
    json_t *doc = openapi_document(&a);
    openapi_text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    arena_release(&a);
}

int api_openapi(req_t *r, resp_t *w)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, openapi_build);
    if (!openapi_text) return web_fail(r, 500, "internal", "%s", _("gagal menyusun dokumen OpenAPI"));
    w->status = 200;
    w->ctype = "application/json; charset=utf-8";
    buf_reset(&w->body);
    buf_puts(&w->body, openapi_text);
    buf_putc(&w->body, '\n');
    return 0;
}
