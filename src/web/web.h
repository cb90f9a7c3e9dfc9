/* web.h — the per-request context, the response, the route table and the writers
 * every page and API handler uses.
 *
 * Handler contract (DESIGN.md): the router has already checked login, role and
 * CSRF; the handler parses and validates only its declared parameters, calls
 * store/core, renders into w, and returns 0. On failure it returns -1 with r->err
 * set; the one error path (web_error) renders it as HTML or JSON. All request
 * memory comes from r->a and is freed when the request completes. */
#ifndef BEKAL_WEB_H
#define BEKAL_WEB_H
#include "../core/date.h"
#include "../store/auth.h"
#include "../store/db.h"
#include "../store/wbp_store.h"
#include "../store/wbp_import.h"
#include <jansson.h>

struct MHD_Connection;

typedef struct {
    const char *k, *v;
} kv_t;
typedef struct {
    int n, cap;
    kv_t *kv;
} kvlist_t;

/* A file part of a multipart form: its field name, file name and bytes (NUL after). */
typedef struct {
    const char *field, *name, *data;
    size_t len;
} web_file_t;

typedef struct req {
    arena_t a;
    struct MHD_Connection *conn;
    const char *method, *path, *query_raw;
    bool is_api, is_head;
    buf_t body;
    size_t body_limit;
    bool too_large;
    bool too_many_args; /* the query string was cut off (server.c uri_seen) */
    bool early; /* answered on the headers alone (server.c early_answer) */
    kvlist_t query, form;
    /* multipart upload: the first file part */
    const char *file_name, *file_data;
    size_t file_len;
    web_file_t *files; /* every file part, in order (the first is file_name/file_data above) */
    int nfiles;
    auth_user_t user;
    bool authed, via_token;
    const char *session_token;
    db_t *db;
    int64_t id; /* {id} captured from the path */
    const struct route *route; /* the matched route (its ctx describes generic handlers' subject) */
    err_t err;
    const char *lang;
    /* fmt_time's caches: the zones read (zone_off minutes, of zone_site), and the
     * last time shown (time_min: minutes since the epoch, in zone time_off, language
     * time_lang) */
    int64_t zone_site[8];
    int zone_off[8], nzone;
    int64_t time_min;
    int time_off;
    const char *time_text, *time_lang;
    struct deferred *deferred; /* a sync push handed to the workers (server.c), or NULL */
} req_t;

#define RESP_MAX_HEADERS 8
typedef struct {
    int status;
    const char *ctype;
    buf_t body;
    int nhdr;
    struct {
        const char *k, *v;
    } hdr[RESP_MAX_HEADERS];
} resp_t;

typedef int (*handler_fn)(req_t *r, resp_t *w);
/* The type of a handler, to declare several at once: `handler_t page_a, page_b;`. */
typedef int handler_t(req_t *r, resp_t *w);

/* Roles as bits, for the route table. */
enum {
    R_ADMIN = 1 << 0, R_STAF = 1 << 1, R_WALI = 1 << 2, R_INSTRUKTUR = 1 << 3,
    R_KALAPAS = 1 << 4, R_KANWIL = 1 << 5, R_BAPAS = 1 << 6,
    R_ANY = 0x7f,
    R_PUBLIC = 0 /* no login needed */
};
/* RF_SITE: a sync route of the hub (pages/sync.c): no user login, the handler
 * checks the site's credential (Authorization: Bearer) itself. */
enum { RF_API = 1, RF_NOCSRF = 2, RF_UPLOAD = 4, RF_SITE = 8 };

typedef struct route {
    const char *method;
    const char *pattern; /* "/wbp/{id}/edit" */
    handler_fn fn;
    int roles; /* R_PUBLIC or a mask */
    int flags;
    const void *ctx; /* what a generic handler works on (an entity_t, src/web/entity.h), or NULL */
    /* Personal data this route discloses, for the access log (web/access_log.c): NULL
     * none; AL_LIST a list, report or export of inmates (logged with its filter); else
     * the table whose row the path's {id} names ("wbp", "certificate", ...), which
     * the store traces to the inmate. */
    const char *pd;
} route_t;
#define AL_LIST "list"

/* The route table (routes.c): its declarations expanded once, before main, into
 * rows. Read-only after that. */
extern const route_t *route_table;
extern int route_count;

/* ---- route declarations (routes.c; docs/development.md "Routes") ----
 * A declaration is a route written out (method set: the first seven members are a
 * route_t's, in its order, so a row reads `{"GET", "/x", fn, roles, flags}`), or the
 * routes of an entity (method NULL, entity or slug set): one line gives each
 * operation of ops its row, from the entity's slug (and for a child entity, its
 * parent's slug and its child_key):
 *
 *   op          method  pattern                      handler          roles  pd
 *   OP_LIST     GET     /slug                        ent_page_list    read   pd
 *   OP_CSV      GET     /slug.csv                    ent_page_csv     read   pd
 *   OP_NEW      GET     /slug/new                    ent_page_new     write  -
 *   OP_CREATE   POST    /slug                        ent_page_create  write  -
 *   OP_SHOW     GET     /slug/{id}                   ent_page_show    read   pd_row
 *   OP_EDIT     GET     /slug/{id}/edit              ent_page_edit    edit   pd_row
 *   OP_UPDATE   POST    /slug/{id}                   ent_page_update  edit   -
 *   OP_DELETE   POST    /slug/{id}/delete            ent_page_delete  write  -
 *   API_LIST    GET     /api/v1/slug                 ent_api_list     read   pd
 *   API_CREATE  POST    /api/v1/slug                 ent_api_create   write  -
 *   API_GET     GET     /api/v1/slug/{id}            ent_api_get      read   pd_row
 *   API_PATCH   PATCH   /api/v1/slug/{id}            ent_api_patch    edit   -
 *   API_DELETE  DELETE  /api/v1/slug/{id}            ent_api_delete   write  -
 *
 * (API rows carry RF_API.) For a child entity, list and create sit under the owner:
 * /parent-slug/{id}/child_key and /api/v1/parent-slug/{id}/child_key (its pd then
 * names the owner's table, as {id} is the owner's). roles is read; edit 0 means
 * write. fns replaces generic handlers by op, `{[I_LIST] = page_x_list, ...}` (NULL
 * entries keep the generic one); a declaration by slug (no entity) names every
 * handler in fns, and its rows have no ctx. A declaration by slug with a child
 * (`.slug = "wbp", .child = "remisi"`) is the child rows of that slug's records:
 * its list and create ops under /slug/{id}/child and /api/v1/slug/{id}/child, its
 * ops those its fns name (CHILD_OF below). */
enum { /* an operation's place in fns[] */
    I_LIST, I_CSV, I_NEW, I_CREATE, I_SHOW, I_EDIT, I_UPDATE, I_DELETE,
    I_API_LIST, I_API_CREATE, I_API_GET, I_API_PATCH, I_API_DELETE, OP_COUNT
};
enum { /* ops bits */
    OP_LIST = 1 << I_LIST, OP_CSV = 1 << I_CSV, OP_NEW = 1 << I_NEW, OP_CREATE = 1 << I_CREATE,
    OP_SHOW = 1 << I_SHOW, OP_EDIT = 1 << I_EDIT, OP_UPDATE = 1 << I_UPDATE, OP_DELETE = 1 << I_DELETE,
    API_LIST = 1 << I_API_LIST, API_CREATE = 1 << I_API_CREATE, API_GET = 1 << I_API_GET,
    API_PATCH = 1 << I_API_PATCH, API_DELETE = 1 << I_API_DELETE
};
/* A register: its list, export, form, show, edit; JSON list, create, read, patch. */
#define OPS_PAGES (OP_LIST | OP_CSV | OP_NEW | OP_CREATE | OP_SHOW | OP_EDIT | OP_UPDATE)
#define OPS_API (API_LIST | API_CREATE | API_GET | API_PATCH)
#define OPS_REGISTER (OPS_PAGES | OPS_API)
/* Rows of an owner, shown and edited on its page; deleted one by one. */
#define OPS_CHILD (OP_CREATE | OP_EDIT | OP_UPDATE | OP_DELETE | OPS_API | API_DELETE)
/* Rows added and removed, never edited (a link between two records). */
#define OPS_LINK (OP_CREATE | OP_DELETE | API_LIST | API_CREATE | API_GET | API_DELETE)
/* Read only: lists, export, show; the writes are the area's own routes. */
#define OPS_READ (OP_LIST | OP_CSV | OP_SHOW | API_LIST | API_GET)

struct entity;
typedef struct route_decl {
    /* a route written out; for an entity: roles = who reads, pd = its lists' */
    const char *method;
    const char *pattern;
    handler_fn fn;
    int roles;
    int flags;
    const void *ctx;
    const char *pd;
    /* the routes of an entity (method NULL) */
    const struct entity *entity;
    const char *slug; /* without an entity: the path segment ("wbp") */
    const char *child; /* with slug: the path of child rows under /slug/{id}/ ("remisi") */
    int ops;          /* OP_* | API_* */
    int write;        /* who creates and deletes */
    int edit;         /* who edits; 0: write */
    const char *pd_row; /* what the rows of one record disclose (route_t.pd) */
    const handler_fn *fns; /* OP_COUNT handlers by op bit, or NULL */
} route_decl_t;
/* ENTITY(the_entity, read, write, ops[, .member = value ...]) */
#define ENTITY(en, read_, write_, ...) {.entity = &(en), .roles = (read_), .write = (write_), .ops = __VA_ARGS__}
/* CHILD_OF("wbp", "remisi", read, write, [I_CREATE] = page_x, [I_API_LIST] = api_x_list, ...):
 * the child rows of a register declared by slug, with their own handlers; the
 * lists disclose the owner's table (pd = the slug). */
#define CHILD_OF(slug_, child_, read_, write_, ...)                                                               \
    {.slug = (slug_), .child = (child_), .roles = (read_), .write = (write_), .pd = (slug_),                       \
     .fns = (const handler_fn[OP_COUNT]){__VA_ARGS__}}
/* The rows of decl[0..n) in order into an arena array (*out); their count. The
 * patterns are built in a. */
int route_expand(arena_t *a, const route_decl_t *decl, int n, route_t **out);
int role_bit(const char *role);

/* "GET, POST" — the methods the route table has for path (for the Allow header). */
const char *route_allowed(arena_t *a, const char *path);
/* Whether the route table lets role use method + path (for links to other pages:
 * a page shows a link only to those the route would admit). */
bool route_role_may(const char *role, const char *method, const char *path);
/* Finds the route; *status gets 404 or 405 when none matches. */
const route_t *route_match(const char *method, const char *path, int64_t *id, int *status);

/* Request helpers. */
const char *req_query(req_t *r, const char *k); /* NULL when absent */
const char *req_form(req_t *r, const char *k);
int req_query_int(req_t *r, const char *k, int def, int min, int max);
const char *req_header(req_t *r, const char *k);
/* True when Content-Type ct is the media type want (parameters such as charset allowed). */
bool media_type_is(const char *ct, const char *want);
const char *req_cookie(req_t *r, const char *k);
/* Parses r->body as JSON object; -1 with r->err (400) when malformed. Caller json_decref()s. */
json_t *req_json(req_t *r);

/* Parsers (pure; fuzzed). */
bool url_decode(arena_t *a, const char *s, size_t n, char **out); /* false on bad %xx */
int form_parse(arena_t *a, const char *body, size_t len, kvlist_t *out); /* -1 malformed */
int multipart_parse(arena_t *a, const char *ctype, const char *body, size_t len, kvlist_t *fields,
                    const char **file_name, const char **file_data, size_t *file_len);
/* The same, keeping every file part (arena-owned array). */
int multipart_parse_all(arena_t *a, const char *ctype, const char *body, size_t len, kvlist_t *fields,
                        web_file_t **files, int *nfiles);
/* The file part of the request's form named field with some content, or NULL. */
const web_file_t *req_file(req_t *r, const char *field);
void kv_add(arena_t *a, kvlist_t *l, const char *k, const char *v);
const char *kv_get(const kvlist_t *l, const char *k);

/* Response helpers. */
void resp_header(resp_t *w, const char *k, const char *v);
void resp_redirect(resp_t *w, const char *location);
/* A redirect to the address built in u (with h()'s %u), which is released. 0. */
int resp_redirect_buf(req_t *r, resp_t *w, buf_t *u);
/* The answer is text (a literal or static) of type ctype. 0. */
int resp_text(resp_t *w, const char *ctype, const char *text);
/* The answer is j (stolen) with status; 0, so a handler can `return resp_json(...)`. */
int resp_json(resp_t *w, int status, json_t *j);
/* The answer is a file of type ctype named name: shown in the browser (show) or downloaded. */
void resp_file(req_t *r, resp_t *w, const char *ctype, bool show, const char *name);
struct report;
/* The answer is report rep (freed here) in format fmt (pdf, xlsx or csv): a PDF shown in
 * the browser, the others downloaded, as the file name; a failure is the error reply. */
int web_send_report(req_t *r, resp_t *w, struct report *rep, const char *fmt, const char *name);
/* The one error reply: JSON {"error":{code,message}} for the API, an HTML page otherwise. */
void web_error(req_t *r, resp_t *w);
int web_fail(req_t *r, int status, const char *code, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* The answer to a store call that loads one thing (rc: 1 found, 0 not found, -1 failed
 * with e): 0 when found; else -1 with r->err, a 404 "not_found" with the message fmt
 * when not found, e when failed. */
int web_found(req_t *r, int rc, const err_t *e, const char *fmt, ...) PRINTF_LIKE(4, 5);

/* HTML writer. Format directives:
 *   %s  text, HTML-escaped (NULL prints nothing)   %u  URL component, percent-encoded
 *   %d  int   %D int64_t   %R  raw trusted HTML (only literals or writer output)   %%
 * Everything else in fmt is copied as is; fmt must be a literal. */
void h(buf_t *b, const char *fmt, ...);
void h_esc(buf_t *b, const char *s);
void page_begin(req_t *r, resp_t *w, const char *title);
/* Closes the page; 0, so a handler can end with `return page_end(r, w);`. */
int page_end(req_t *r, resp_t *w);
/* A table's head row: <thead><tr>, a <th scope="col"> for each label (text, escaped)
 * up to NULL, then </tr></thead><tbody>. */
void h_thead(buf_t *b, ...) __attribute__((sentinel));
/* Hidden CSRF field for forms. */
void h_csrf(req_t *r, buf_t *b);
/* A form field in its own <div>: <label for=id>label[ *]</label>, then <input id name
 * attrs value> (attrs: trusted literal attributes such as type="date" required) with
 * err (NULL: none) marked aria-invalid and shown in <span id="ID-err">. web_select_open
 * writes the same up to the open <select id name attrs>; the caller writes the
 * options, then web_select_close(b, id, err). */
void h_input(buf_t *b, const char *id, const char *name, const char *label, bool star, const char *attrs,
             const char *value, const char *err);
void h_select_open(buf_t *b, const char *id, const char *name, const char *label, bool star, const char *attrs,
                   const char *err);
void h_select_close(buf_t *b, const char *id, const char *err);
/* "8 Maret 2021" */
const char *fmt_date_id(arena_t *a, const char *iso);
const char *fmt_rupiah(arena_t *a, int64_t v);
/* The one formatter of times shown (issue 25): a stored UTC timestamp
 * ("2026-12-07T07:05:00Z") as "7 Desember 2026 14.05 WIB" in the time zone of site
 * site_id (setting site.time_zone; 0: the zone of the user's first site, else the
 * general one), in the interface language; text that is no timestamp is given back
 * as it is ("" for NULL). Arena-owned. */
const char *fmt_time(req_t *r, int64_t site_id, const char *iso);
/* The zone's offset (minutes east of UTC) fmt_time uses for site_id. */
int web_zone(req_t *r, int64_t site_id);

/* The API's OpenAPI 3.1 description, from the route table and the entity
 * descriptions (openapi.c); GET /api/v1/openapi.json answers it. Caller owns it. */
json_t *openapi_document(arena_t *a);
int api_openapi(req_t *r, resp_t *w);

/* Server. */
typedef struct {
    const char *db_url;
    const char *listen; /* host:port */
    int threads, pool_size, session_hours;
    int session_idle_min; /* idle timeout of a session, minutes */
    int memo_seconds;     /* how long computed page parts may be kept (memo.h); 0: never */
    bool behind_tls;      /* served over HTTPS by a proxy: Secure cookies, HSTS */
    bool log_requests;    /* one line per request on stderr (server.c) */
    int max_conn_per_ip;  /* connections one client address may hold (0: no cap) */
} serve_opts_t;
int web_serve(const serve_opts_t *o);
/* A line of the server's log on stderr (the journal): prio is syslog's (3 error,
 * 4 warning, 6 info); then key, value pairs ending with NULL. Adds time and level. */
void web_log(int prio, ...);

/* How many password checks may run at once (half the worker threads, at least 1). */
extern int web_login_slots;
/* Behind a TLS reverse proxy (--behind-tls): cookies are Secure and HSTS is sent. */
extern bool web_behind_tls;
/* The client's address: the connection's; when the peer is a trusted proxy
 * (BEKAL_TRUST_PROXY=1, or --behind-tls and a loopback peer) the last address of
 * X-Forwarded-For. Arena-owned. */
const char *req_client_ip(req_t *r);

/* The database pool for the running server. */
extern db_pool_t *web_pool;
/* Session lifetime (absolute hours, idle minutes) from `bekal serve`. */
extern auth_session_policy_t web_session_policy;

/* ---- the access log of personal data (access_log.c) ---- */
/* On unless the server was started with BEKAL_ACCESS_LOG=off (the benchmark's
 * baseline; whoever sets the server's environment holds the database anyway). */
extern bool web_access_log_on;
/* After the handler of a route with pd set answered below 400: one entry (who, what,
 * which inmate or filter, format, status), queued. 0, or -1 with r->err set (503)
 * when the queue is over its bound because the database keeps refusing the entries
 * (the answer is then refused: nothing is disclosed unlogged). */
int web_access_log(req_t *r, const resp_t *w);
/* Entries are queued and written in batches by a writer thread that web_serve()
 * starts with its pool and stops (writing what is left) when it ends. Without the
 * thread each entry is written at once. */
void web_access_log_start(db_pool_t *pool);
void web_access_log_stop(void);
/* Writes what is queued now, with db (the log's page, before it reads). 0 or -1. */
int web_access_log_flush(db_t *db, err_t *e);

/* ---- helpers every area shares (request.c) ---- */
/* The acting user as an audit actor (arena-owned). */
const actor_t *web_actor(req_t *r);
/* The site for a new record: the given code if the user may use it, or the user's
 * only site. Returns the id, or -1 with r->err set. */
int64_t web_pick_site(req_t *r, const char *code);
/* Loads the WBP with id r->id if the user may see it; another site's record is
 * reported exactly like a missing one (404). 0, or -1 with r->err set. */
int web_load_wbp(req_t *r, rec_t *rec);
/* The integer setting name in force today for every site; def when it is missing or
 * not a whole number. */
int64_t web_setting_int(req_t *r, const char *name, int64_t def);
/* The sites the user works at (site_list_for). 0, or -1 with r->err. */
int web_user_sites(req_t *r, site_list_t *sites);
/* JSON body -> field values through a field table, and the 422 reply. */
void web_json_to_values(req_t *r, const record_def_t *d, json_t *body, const char **v, field_errs_t *fe);
int web_validation_reply(req_t *r, resp_t *w, const field_errs_t *fe);
/* A reversal with its review step (issue 22: a release, a settlement), POST
 * /slug/{id}/reverse of the record r->id of en (404 when the user may not see it):
 * without confirm=1 and a reason, the review page (title, the refusal announced,
 * describe's list of what will be undone, the reason and the confirmation, "Batal"
 * back to the record); with them apply(), then back to the record's page (?saved=1
 * and the anchor). */
typedef struct {
    const struct entity *en;
    const char *title, *button, *anchor;
    int (*apply)(req_t *r, const char *reason, err_t *e); /* 0, or -1 with e (a 4xx: shown on the review) */
    /* reads what the review shows into ctx: 0, or -1 after web_fail(); shown is the
     * refusal of apply (empty when none), which preview may fill with its own */
    int (*preview)(req_t *r, void *ctx, err_t *shown);
    void (*describe)(req_t *r, buf_t *b, const rec_t *rec, const void *ctx);
    void *ctx;
} web_reversal_t;
int web_reverse_page(req_t *r, resp_t *w, const web_reversal_t *rv);
/* The API's: the record r->id of en loaded (404 when not visible), and the body
 * {"reason": text, "confirm": true}. false with *rc the handler's answer when the
 * record is not found, the body is no JSON or has no reason (422). */
bool web_reverse_read(req_t *r, resp_t *w, const struct entity *en, const char **reason, bool *confirm, int *rc);
/* A record of an inmate that is ended with a reason (a "tidak diusulkan" mark, a date
 * correction): the store function that ends record id, giving the inmate's id. */
typedef int (*web_end_fn)(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id,
                          const char *reason, date_t today, int64_t *wbp_id);
/* The one-field form that ends record id (POST action/ID/end), the reason typed so far
 * kept; prefix makes the field's HTML id unique on the inmate's page. */
void web_end_form(req_t *r, buf_t *b, const char *action, const char *prefix, int64_t id, const char *reason,
                  const char *button);
/* Handles that form for record r->id: end() with the typed reason and today; a refusal
 * (422) shows its message and the form again under title, another error the error page;
 * done, back to the inmate's page at #anchor. */
int web_end_record(req_t *r, resp_t *w, web_end_fn end, const char *action, const char *prefix, const char *title,
                   const char *button, const char *anchor);
/* A record of an inmate created from named text fields (a safety exclusion, a "tidak
 * diusulkan" mark, a date correction), by the inmate page's form and by the API. */
typedef struct {
    const char *const *fields; /* the form's and the JSON body's names, NULL-terminated; v[] in this order */
    /* the store call: creates the record of inmate wbp_id from v, its id in *id */
    int (*create)(req_t *r, err_t *e, int64_t wbp_id, const char *const *v, date_t today, field_errs_t *fe,
                  int64_t *id);
    const char *title;  /* the page of a refused form (N_ text) */
    const char *anchor; /* the section of the inmate's page ("keselamatan") */
    bool anchored;      /* the refused form's link goes to the section */
    bool conflict;      /* a 409 from create shows its message on that page (else the error page) */
    size_t rules_size;  /* the rules the form needs (0: none), loaded by rules() */
    int (*rules)(date_t today, void *out, err_t *e);
    /* writes the form again: what was typed (v) and the errors beside it */
    void (*form)(req_t *r, buf_t *b, int64_t wbp_id, const void *rules, const char *const *v, const field_errs_t *fe);
    /* the API's answer: record id of inmate wbp_id with status */
    int (*reply)(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status);
} web_child_t;
/* The form's POST /wbp/{id}/...: saved, back to the inmate's page at #anchor; refused,
 * the form again (422) or the conflict's message (409). */
int web_child_page_create(req_t *r, resp_t *w, const web_child_t *k);
/* The API's POST: the JSON body's fields, a validation reply when refused, else k->reply (201). */
int web_child_api_create(req_t *r, resp_t *w, const web_child_t *k);
/* The "Riwayat perubahan" table of a record's page: who created, changed or deleted
 * record id of entity (the audit log's latest entries), times in the site's zone. */
void web_history(req_t *r, buf_t *b, const char *entity, int64_t id, int64_t site_id);
/* The page that shows an inmate's record form again when refused: title, status, a link
 * to the inmate (anchor: "#section" or ""), the message (NULL: "Periksa isian yang
 * ditandai."). The caller writes the form, then page_end(). */
void web_form_again(req_t *r, resp_t *w, const char *title, int status, const rec_t *wbp, const char *anchor,
                    const char *msg);
/* The page of a refused write (422): title, the messages of fe as an announced list,
 * and a link back (href, text). 0. */
int web_refused_page(req_t *r, resp_t *w, const char *title, const field_errs_t *fe, const char *back,
                     const char *back_text);
/* The table of the errors an import listed: line, column, message. */
void web_import_errors(buf_t *b, const wbp_import_result_t *res);
/* Reads a JSON body of text members: v[i] gets member allowed[i] (NULL-terminated) as an
 * arena copy (NULL when absent or null). true when read; false when the reply is made
 * (no body, members not in allowed or not text: a 422), and the handler returns *rc. */
bool web_json_read(req_t *r, resp_t *w, const char *const *allowed, const char **v, int *rc);
/* The reply to a failed store call: a 422 as a validation reply naming field, any
 * other status as web_fail. */
int web_fail_field(req_t *r, resp_t *w, const err_t *e, const char *field);
/* Refuses members of body not in allowed (NULL-terminated): a field error each. */
void web_json_only_members(req_t *r, json_t *body, const char *const *allowed, field_errs_t *fe);
/* "REGNO — name" of a WBP, for reference columns ("#id" when unknown). */
const char *wbp_ref_label(req_t *r, int64_t id);
/* The list_filter hook shared by the entities that belong to a WBP: ?q= searches
 * the WBP's name and registration number, ?wbp_id= narrows to one WBP. */
int wbp_owned_filter(req_t *r, rec_query_t *q);
/* ?wbp_id= of a list's query: narrows q to the rows of that WBP (column wbp_id). 0, or
 * -1 with r->err (400 when it is no positive whole number). */
int web_query_wbp_id(req_t *r, rec_query_t *q);

/* ---- a list page's parameters (list.c): q, sort, dir, page, per_page ---- */
typedef struct {
    const char *q; /* search text, NULL when empty (at most 100 bytes, else 400) */
    int sort;      /* index into the page's sort keys, or the default given */
    bool desc, sorted; /* sorted: the query named a known sort key */
    int page, per_page;
} web_list_t;
/* Reads the parameters; sort must be one of keys[0..nkeys) (a whitelist: anything
 * else keeps def_sort). 0, or -1 with r->err (400 for a search text too long). */
int web_list_params(req_t *r, const char *const *keys, int nkeys, int def_sort, bool def_desc, web_list_t *p);
/* ?site=CODE of a list's filter into *site_id: the site's id, or -1 for an unknown
 * code (the list then matches nothing); unchanged when absent or empty. 0, or -1
 * with r->err. */
int web_query_site(req_t *r, int64_t *site_id);
/* The filter form's "Lokasi" select (every site, or the one ?site= names), when the
 * user sees more than one of sites. */
void web_site_select(req_t *r, buf_t *b, const site_list_t *sites);
/* A form's "Lokasi (Lapas)" field (name "site"): one option a site of sites, the one
 * with id site_id or code site_code (NULL: none) selected. */
void web_site_field(buf_t *b, const site_list_t *sites, int64_t site_id, const char *site_code);
/* base?... with every parameter of the current query kept and key set to val (NULL
 * or "": dropped); a new search or sort starts at page 1. Arena-owned. */
const char *web_list_link(req_t *r, const char *base, const char *key, const char *val);
/* A column heading: a link that sorts by key (NULL: plain heading); cur marks the
 * column the list is sorted by (aria-sort, an arrow; its link turns the order round). */
void web_sort_th(req_t *r, buf_t *b, const char *base, const char *key, const char *label, bool cur, bool desc);
/* The pager under a list: previous, "page P of N", next, each link keeping the query. */
void web_pager(req_t *r, buf_t *b, const char *base, int page, int64_t total, int per);
/* The static script that adds a filter box to long selects (html.c). */
int page_static_js(req_t *r, resp_t *w);

/* ---- where areas meet (compose.c) ---- */
/* The sections other areas add to the WBP page (eligibility, pembinaan, premi,
 * placement), the home page (agreements ending soon) and a programme's page
 * (training links); the areas' style rules after app.css's own. */
void web_wbp_sections(req_t *r, resp_t *w, const rec_t *wbp);
void web_home_sections(req_t *r, resp_t *w);
void web_program_sections(req_t *r, resp_t *w, const rec_t *program);
void web_area_css(buf_t *out);

#endif
