/* server.c — libmicrohttpd glue: request lifecycle, authentication, the access
 * check (one place: role from the route table, CSRF), dispatch and the one error
 * reply. Per-request memory lives in req_t.a and is freed on completion. */
#include "web.h"
#include "memo.h"
#include "../store/release_store.h"
#include "../store/transfer_store.h"
#include "../store/access_log_store.h"
#include <time.h>
#include <microhttpd.h>
#include <sodium.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <time.h>

db_pool_t *web_pool;
auth_session_policy_t web_session_policy = {12, 60};
static bool behind_tls, log_requests;

/* The server's log: one line per event on stderr, in logfmt (key=value, values with
 * spaces quoted). Under systemd (JOURNAL_STREAM is set) each line starts with its
 * sd-daemon priority, "<3>" error ... "<6>" info, so the journal files it at that
 * level; the level is also a field for a log read elsewhere. */
static bool to_journal(void)
{
    const char *j = getenv("JOURNAL_STREAM");
    return j && *j;
}

static void log_value(buf_t *b, const char *v)
{
    if (!v || !*v) {
        buf_puts(b, "-");
        return;
    }
    if (!strpbrk(v, " \"=\n\r\t")) {
        buf_puts(b, v);
        return;
    }
    buf_putc(b, '"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\') buf_putc(b, '\\'), buf_putc(b, *v);
        else if (*v == '\n' || *v == '\r' || *v == '\t') buf_putc(b, ' ');
        else buf_putc(b, *v);
    }
    buf_putc(b, '"');
}

/* One line: prio (3 error, 4 warning, 6 info), then pairs of key, value; NULL ends. */
void web_log(int prio, ...)
{
    buf_t b;
    buf_init(&b);
    if (to_journal()) buf_printf(&b, "<%d>", prio);
    char t[32];
    now_iso(t);
    buf_printf(&b, "time=%s level=%s", t, prio <= 3 ? "error" : prio == 4 ? "warning" : "info");
    va_list ap;
    va_start(ap, prio);
    for (const char *k; (k = va_arg(ap, const char *));) {
        const char *v = va_arg(ap, const char *);
        buf_printf(&b, " %s=", k);
        log_value(&b, v);
    }
    va_end(ap);
    buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, stderr); /* one write: lines of threads do not mix */
    buf_release(&b);
}

#define BODY_LIMIT (1u << 20)          /* 1 MiB for forms and JSON */
#define UPLOAD_LIMIT (32u << 20)       /* 32 MiB for uploads (CSV, scanned PDF) */
#define PUBLIC_BODY_LIMIT (16u << 10)  /* 16 KiB for what anyone may send (the login form) */
#define MAX_QUERY_ARGS 64              /* more query parameters: 400 at once */
#define MAX_HEADERS 64                 /* more request headers: 431 at once */
#define MAX_FORM_FIELDS 2000           /* more form fields: 400 */

bool web_behind_tls;

const char *req_query(req_t *r, const char *k) { return kv_get(&r->query, k); }
const char *req_form(req_t *r, const char *k) { return kv_get(&r->form, k); }
const web_file_t *req_file(req_t *r, const char *field)
{
    for (int i = 0; i < r->nfiles; i++)
        if (str_eq(r->files[i].field, field) && r->files[i].len > 0) return &r->files[i];
    return NULL;
}
int req_query_int(req_t *r, const char *k, int def, int min, int max)
{
    int64_t v;
    const char *s = req_query(r, k);
    if (!s || !parse_i64(s, &v)) return def;
    return v < min ? min : v > max ? max : (int)v;
}
const char *req_header(req_t *r, const char *k) { return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, k); }
const char *req_cookie(req_t *r, const char *k) { return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, k); }

json_t *req_json(req_t *r)
{
    const char *ct = req_header(r, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
        web_fail(r, 415, "unsupported_media_type", _("Content-Type harus application/json"));
        return NULL;
    }
    if (!utf8_valid_text(r->body.data ? r->body.data : "", r->body.len)) {
        web_fail(r, 400, "bad_encoding", _("isi permintaan bukan UTF-8 yang sah"));
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        web_fail(r, 400, "malformed_json", _("JSON tidak sah pada baris %d kolom %d: %s"), je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        web_fail(r, 400, "malformed_json", _("isi permintaan harus berupa objek JSON"));
        return NULL;
    }
    return j;
}

void resp_header(resp_t *w, const char *k, const char *v)
{
    if (w->nhdr < RESP_MAX_HEADERS) w->hdr[w->nhdr].k = k, w->hdr[w->nhdr].v = v, w->nhdr++;
}
void resp_redirect(resp_t *w, const char *location)
{
    w->status = 303;
    resp_header(w, "Location", location);
}
int resp_text(resp_t *w, const char *ctype, const char *text)
{
    w->ctype = ctype;
    buf_puts(&w->body, text);
    return 0;
}
int resp_redirect_buf(req_t *r, resp_t *w, buf_t *u)
{
    resp_redirect(w, arena_strdup(&r->a, u->data));
    buf_release(u);
    return 0;
}
int resp_json(resp_t *w, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s) { /* a value jansson refused: never crash, answer with a fixed body */
        status = 500;
        s = xstrdup("{\"error\":{\"code\":\"internal\",\"message\":\"gagal menyusun jawaban JSON\"}}");
    }
    w->status = status;
    w->ctype = "application/json; charset=utf-8";
    buf_reset(&w->body);
    buf_puts(&w->body, s);
    buf_putc(&w->body, '\n');
    free(s);
    return 0;
}
static int web_vfail(req_t *r, int status, const char *code, const char *fmt, va_list ap) PRINTF_LIKE(4, 0);
static int web_vfail(req_t *r, int status, const char *code, const char *fmt, va_list ap)
{
    r->err.status = status;
    snprintf(r->err.code, sizeof r->err.code, "%s", code);
    vsnprintf(r->err.msg, sizeof r->err.msg, fmt, ap);
    utf8_sanitize(r->err.msg);
    return -1;
}

int web_fail(req_t *r, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    web_vfail(r, status, code, fmt, ap);
    va_end(ap);
    return -1;
}

int web_found(req_t *r, int rc, const err_t *e, const char *fmt, ...)
{
    if (rc > 0) return 0;
    if (rc < 0) return web_fail(r, e->status, e->code, "%s", e->msg);
    va_list ap;
    va_start(ap, fmt);
    web_vfail(r, 404, "not_found", fmt, ap);
    va_end(ap);
    return -1;
}

void web_error(req_t *r, resp_t *w)
{
    err_t *e = &r->err;
    if (e->status < 400 || e->status > 599) e->status = 500;
    if (e->status >= 500) {
        /* Our bug or the database's: log details, show a generic message. */
        web_log(3, "event", "error", "method", r->method, "route", r->route ? r->route->pattern : "-", "status",
                arena_printf(&r->a, "%d", e->status), "code", e->code, "message", e->msg, (char *)NULL);
        if (e->status == 500)
            snprintf(e->msg, sizeof e->msg, "%s", _("terjadi kesalahan pada server; coba lagi atau hubungi admin"));
    }
    if (!e->code[0]) snprintf(e->code, sizeof e->code, "error");
    w->nhdr = 0;
    buf_reset(&w->body);
    if (r->is_api) {
        json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", e->code, "message", e->msg);
        resp_json(w, e->status, j);
        return;
    }
    int status = e->status;
    w->status = status; /* page_begin leaves the requested path out of error pages */
    page_begin(r, w, status == 404 ? _("Tidak ditemukan") : status == 403 ? _("Akses ditolak") : _("Terjadi kesalahan"));
    h(&w->body, "<p class=\"error\" role=\"alert\">%s</p><p><a href=\"/\">%s</a></p>", e->msg, _("Kembali ke beranda"));
    page_end(r, w);
    w->status = status;
}

const char *req_client_ip(req_t *r)
{
    char buf[INET6_ADDRSTRLEN] = "?";
    const union MHD_ConnectionInfo *ci =
        r->conn ? MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    bool loopback = false;
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
            inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
            loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
        } else if (sa->sa_family == AF_INET6) {
            const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
            inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
            loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
        }
    }
    const char *trust = getenv("BEKAL_TRUST_PROXY");
    if ((trust && str_eq(trust, "1")) || (web_behind_tls && loopback)) {
        const char *xff = req_header(r, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ') last++;
            if (*last && strlen(last) < 46) return arena_strdup(&r->a, last);
        }
    }
    return arena_strdup(&r->a, buf);
}

/* A connection from the pool for the request; false after the error reply (503). */
static bool take_db(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    r->db = db_pool_get(web_pool, &e);
    if (r->db) return true;
    web_fail(r, 503, "db_unavailable", _("basis data tidak tersedia: %s"), e.msg);
    web_error(r, w);
    return false;
}

/* Who is asking: a Bearer token, else the session cookie. */
static int authenticate(req_t *r)
{
    const char *auth = req_header(r, "Authorization");
    err_t e;
    err_clear(&e);
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        int rc = auth_token_lookup(r->db, &e, auth + 7, &r->user);
        if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        if (rc == 0) return web_fail(r, 401, "unauthorized", _("token API tidak sah atau sudah dicabut"));
        r->authed = r->via_token = true;
        return 0;
    }
    const char *sid = req_cookie(r, "bekal_sid");
    if (sid) {
        int rc = auth_session_lookup(r->db, &e, sid, &web_session_policy, &r->user);
        if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        if (rc == 1) r->authed = true, r->session_token = sid;
    }
    return 0;
}

static bool csrf_ok(req_t *r)
{
    if (r->via_token) return true; /* bearer tokens are not sent by browsers on their own */
    const char *t = req_form(r, "_csrf");
    if (!t) t = req_header(r, "X-CSRF-Token");
    size_t n = strlen(r->user.csrf);
    return t && n == 64 && strlen(t) == n && sodium_memcmp(t, r->user.csrf, n) == 0;
}

bool media_type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static void dispatch(req_t *r, resp_t *w)
{
    int64_t id = 0;
    int status = 404;
    const route_t *rt = route_match(r->method, r->path, &id, &status);
    r->is_api = str_startswith(r->path, "/api/");
    r->lang = i18n_pick(NULL, req_header(r, "Accept-Language"));
    i18n_use(r->lang);
    if (!rt) {
        /* a logged-in user gets the answer in the language chosen in Bekal, not the browser's */
        if (req_cookie(r, "bekal_sid") || req_header(r, "Authorization")) {
            err_t e;
            err_clear(&e);
            r->db = db_pool_get(web_pool, &e);
            if (r->db && authenticate(r) == 0 && r->authed && r->user.lang[0]) {
                r->lang = i18n_pick(r->user.lang, NULL);
                i18n_use(r->lang);
            }
        }
        if (status == 405) web_fail(r, 405, "method_not_allowed", _("metode %s tidak diizinkan untuk %s"), r->method, r->path);
        else web_fail(r, 404, "not_found", _("halaman atau sumber daya tidak ditemukan"));
        web_error(r, w);
        if (status == 405) resp_header(w, "Allow", route_allowed(&r->a, r->path));
        return;
    }
    r->id = id;
    r->route = rt;
    if (r->too_large) {
        web_fail(r, 413, "too_large", _("isi permintaan terlalu besar (maksimal %zu KiB)"), r->body_limit / 1024);
        web_error(r, w);
        return;
    }
    const char *ct = req_header(r, "Content-Type");
    if (str_eq(r->method, "POST") && !(rt->flags & RF_API)) {
        int rc = 0;
        /* a page takes only what its browser form sends: JSON or text is not read as a form,
         * and only an upload form takes multipart (a file) */
        bool upload = rt->flags & RF_UPLOAD;
        if ((ct || r->body.len) && !media_type_is(ct, "application/x-www-form-urlencoded") &&
            !(upload && media_type_is(ct, "multipart/form-data"))) {
            web_fail(r, 415, "unsupported_media_type", _("formulir ini harus dikirim sebagai %s"),
                     upload ? "multipart/form-data" : "application/x-www-form-urlencoded");
            web_error(r, w);
            return;
        }
        if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0)
        {
            rc = multipart_parse_all(&r->a, ct, r->body.data ? r->body.data : "", r->body.len, &r->form, &r->files,
                                     &r->nfiles);
            if (rc == 0 && r->nfiles > 0)
                r->file_name = r->files[0].name, r->file_data = r->files[0].data, r->file_len = r->files[0].len;
        }
        else
            rc = form_parse(&r->a, r->body.data ? r->body.data : "", r->body.len, &r->form);
        if (rc < 0) {
            web_fail(r, 400, "malformed_form", _("isian formulir tidak dapat dibaca"));
            web_error(r, w);
            return;
        }
        if (r->form.n > MAX_FORM_FIELDS) {
            web_fail(r, 400, "too_many_fields", _("formulir berisi terlalu banyak isian (maksimal %d)"), MAX_FORM_FIELDS);
            web_error(r, w);
            return;
        }
        for (int i = 0; i < r->form.n; i++)
            if (!utf8_valid_text(r->form.kv[i].v, strlen(r->form.kv[i].v))) {
                web_fail(r, 400, "bad_encoding", _("isian \"%s\" bukan teks UTF-8 yang sah"), r->form.kv[i].k);
                web_error(r, w);
                return;
            }
    }
    if (!take_db(r, w)) return;
    /* a page's reads in one snapshot (store/db.h); writes end it, the pool ends it */
    if (str_eq(r->method, "GET") || str_eq(r->method, "HEAD")) db_read_begin(r->db);
    if (!(rt->flags & RF_SITE) && authenticate(r) < 0) {
        web_error(r, w);
        return;
    }
    if (r->authed && r->user.lang[0]) {
        r->lang = i18n_pick(r->user.lang, NULL);
        i18n_use(r->lang);
    }
    if (rt->roles != R_PUBLIC) {
        if (!r->authed) {
            if (r->is_api) web_fail(r, 401, "unauthorized", _("silakan masuk atau kirim token API"));
            else {
                resp_redirect(w, arena_printf(&r->a, "/login?next=%s", r->path));
                return;
            }
            web_error(r, w);
            return;
        }
        if (!(rt->roles & role_bit(r->user.role))) {
            web_fail(r, 403, "forbidden", _("peran %s tidak berwenang untuk tindakan ini"), r->user.role);
            web_error(r, w);
            return;
        }
        bool unsafe = !str_eq(r->method, "GET") && !str_eq(r->method, "HEAD");
        if (unsafe && !(rt->flags & RF_NOCSRF) && !csrf_ok(r)) {
            web_fail(r, 403, "csrf", _("token formulir (CSRF) tidak cocok; muat ulang halaman lalu coba lagi"));
            web_error(r, w);
            return;
        }
    }
    /* the access log of personal data: after the answer is made, before it is sent */
    if (rt->fn(r, w) < 0 || web_access_log(r, w) < 0) web_error(r, w);
}

static const char *const security_headers[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"Cache-Control", "no-store"},
};

static enum MHD_Result collect_query(void *c, enum MHD_ValueKind k, const char *key, const char *val)
{
    (void)k;
    req_t *r = c;
    if (!key || !utf8_valid_text(key, strlen(key))) return MHD_YES;
    if (val && !utf8_valid_text(val, strlen(val))) val = NULL;
    if (r->query.n < MAX_QUERY_ARGS) kv_add(&r->a, &r->query, arena_strdup(&r->a, key), arena_strdup(&r->a, val ? val : ""));
    return MHD_YES;
}

/* URL decoding for libmicrohttpd, as its own except that %00 turns into DEL (0x7f)
 * instead of ending the string: "/wbp/1%00/x" must not be served as "/wbp/1". No
 * route matches DEL, and query values holding it are dropped as invalid text. */
static size_t unescape_url(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    size_t n = MHD_http_unescape(s);
    for (size_t i = 0; i < n; i++)
        if (!s[i]) s[i] = 0x7f;
    return n;
}

static enum MHD_Result count_values(void *c, enum MHD_ValueKind k, const char *key, const char *val)
{
    (void)k, (void)key, (void)val;
    (*(int *)c)++;
    return MHD_YES;
}

/* Sends the answer in w (and releases w's body). */
static enum MHD_Result send_reply(req_t *r, struct MHD_Connection *conn, resp_t *w)
{
    /* the body's buffer (malloc'd) is handed over: MHD frees it, a large export is not
     * copied once more */
    struct MHD_Response *resp =
        w->body.data ? MHD_create_response_from_buffer(r->is_head ? 0 : w->body.len, w->body.data, MHD_RESPMEM_MUST_FREE)
                     : MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        buf_release(&w->body);
        return MHD_NO;
    }
    buf_init(&w->body);
    MHD_add_response_header(resp, "Content-Type", w->ctype);
    for (size_t i = 0; i < ARRAY_LEN(security_headers); i++)
        MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
    if (web_behind_tls) MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    for (int i = 0; i < w->nhdr; i++) MHD_add_response_header(resp, w->hdr[i].k, w->hdr[i].v);
    if (r->early) MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)w->status, resp);
    MHD_destroy_response(resp);
    buf_release(&w->body);
    return ret;
}

/* The first look at a request, on its headers only, before any of its body is read:
 * limits on headers and query parameters, then for a request that carries a body
 * the route, its size limit, and who is asking (session or token on the headers).
 * Fills w and returns true when the request is answered here: the body is then never
 * read (a 401, 403, 404, 405 or 413 costs the server no memory for it). */
static bool early_answer(req_t *r, struct MHD_Connection *conn, resp_t *w)
{
    int nh = 0, nq = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_values, &nh);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, count_values, &nq);
    r->is_api = str_startswith(r->path, "/api/");
    if (nh > MAX_HEADERS) {
        web_fail(r, 431, "too_many_headers", _("permintaan membawa terlalu banyak header (maksimal %d)"), MAX_HEADERS);
        web_error(r, w);
        return true;
    }
    if (nq > MAX_QUERY_ARGS || r->too_many_args) {
        web_fail(r, 400, "too_many_parameters", _("alamat membawa terlalu banyak parameter (maksimal %d)"),
                 MAX_QUERY_ARGS);
        web_error(r, w);
        return true;
    }
    const char *cl = req_header(r, "Content-Length"), *te = req_header(r, "Transfer-Encoding");
    int64_t len = 0;
    bool has_body = (cl && (!parse_i64(cl, &len) || len > 0)) || te;
    if (!has_body) return false;
    int64_t id = 0;
    int status = 404;
    const route_t *rt = route_match(str_eq(r->method, "HEAD") ? "GET" : r->method, r->path, &id, &status);
    if (!rt) {
        if (status == 405)
            web_fail(r, 405, "method_not_allowed", _("metode %s tidak diizinkan untuk %s"), r->method, r->path);
        else
            web_fail(r, 404, "not_found", _("halaman atau sumber daya tidak ditemukan"));
        web_error(r, w);
        if (status == 405) resp_header(w, "Allow", route_allowed(&r->a, r->path));
        return true;
    }
    r->body_limit = (rt->flags & (RF_UPLOAD | RF_SITE)) ? UPLOAD_LIMIT : rt->roles == R_PUBLIC ? PUBLIC_BODY_LIMIT : BODY_LIMIT;
    if (len > (int64_t)r->body_limit) {
        web_fail(r, 413, "too_large", _("isi permintaan terlalu besar (maksimal %zu KiB)"), r->body_limit / 1024);
        web_error(r, w);
        return true;
    }
    if (rt->roles == R_PUBLIC) return false;
    if (!take_db(r, w)) return true;
    bool answered = true;
    if (authenticate(r) < 0) web_error(r, w);
    else if (!r->authed) {
        if (r->is_api) {
            web_fail(r, 401, "unauthorized", _("silakan masuk atau kirim token API"));
            web_error(r, w);
        } else
            resp_redirect(w, arena_printf(&r->a, "/login?next=%s", r->path));
    } else if (!(rt->roles & role_bit(r->user.role))) {
        if (r->user.lang[0]) { /* the caller is known: their own language, as dispatch() answers */
            r->lang = i18n_pick(r->user.lang, NULL);
            i18n_use(r->lang);
        }
        web_fail(r, 403, "forbidden", _("peran %s tidak berwenang untuk tindakan ini"), r->user.role);
        web_error(r, w);
    } else
        answered = false;
    /* dispatch() looks again when the body is in: the connection is not held meanwhile */
    db_pool_put(web_pool, r->db);
    r->db = NULL;
    r->authed = r->via_token = false;
    r->session_token = NULL;
    memset(&r->user, 0, sizeof r->user);
    return answered;
}

/* Marks a request whose query string had too many parameters (uri_seen). */
static char too_many_args_mark;

/* libmicrohttpd calls this with the raw URI before it parses the query string into
 * its per-connection memory. A query of more than MAX_QUERY_ARGS parameters would
 * fill that memory and the connection would close without an answer, so its
 * parameters are cut off here (the buffer is MHD's own read buffer, writable) and
 * the request is marked for a 400 at once. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls, (void)c;
    char *q = strchr(uri, '?');
    if (!q) return NULL;
    int n = 1;
    for (const char *p = q + 1; *p; p++)
        if (*p == '&' || *p == ';') n++;
    if (n <= MAX_QUERY_ARGS) return NULL;
    q[1] = 0;
    return &too_many_args_mark;
}

static void run_request(req_t *r, resp_t *w, const struct timespec *t0);
static bool defer_push(req_t *r, const struct timespec *t0);
/* A sync push handed to the workers (defer_push, below). */
struct deferred {
    req_t *r;
    resp_t w;
    struct timespec t0;
    bool done;
    struct deferred *next;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls, (void)version;
    req_t *r = *con_cls == &too_many_args_mark ? NULL : *con_cls;
    if (!r) {
        bool cut = *con_cls == &too_many_args_mark;
        r = xcalloc(1, sizeof *r);
        r->too_many_args = cut;
        arena_init(&r->a);
        buf_init(&r->body);
        r->conn = conn;
        r->method = arena_strdup(&r->a, method);
        r->path = arena_strdup(&r->a, url);
        r->body_limit = BODY_LIMIT;
        r->lang = "id";
        *con_cls = r;
        r->lang = i18n_pick(NULL, req_header(r, "Accept-Language"));
        i18n_use(r->lang);
        resp_t w = {.status = 200, .ctype = "text/html; charset=utf-8"};
        buf_init(&w.body);
        bool answered = early_answer(r, conn, &w);
        i18n_use("id");
        if (!answered) {
            buf_release(&w.body);
            return MHD_YES;
        }
        r->early = true;
        r->is_head = str_eq(method, "HEAD");
        return send_reply(r, conn, &w);
    }
    if (r->deferred) { /* a push the workers ran (defer_push): its answer */
        struct deferred *d = r->deferred;
        if (!d->done) return MHD_YES; /* not yet (MHD calls again after the resume) */
        r->deferred = NULL;
        enum MHD_Result ret = send_reply(r, conn, &d->w);
        free(d);
        return ret;
    }
    if (r->early) { /* answered on the headers: the body is dropped unread */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_large) {
            if (r->body.len + *upload_size > r->body_limit) {
                r->too_large = true;
                buf_release(&r->body);
            } else
                buf_append(&r->body, upload, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    r->is_head = str_eq(method, "HEAD");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0); /* a duration, not a date: not the program's clock */
    if (r->is_head) r->method = "GET";
    /* Query string: MHD has decoded it; keep only valid UTF-8 text. */
    resp_t w = {.status = 200, .ctype = "text/html; charset=utf-8"};
    buf_init(&w.body);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
    if (defer_push(r, &t0)) {
        buf_release(&w.body);
        return MHD_YES;
    }
    run_request(r, &w, &t0);
    return send_reply(r, conn, &w);
}

/* Runs a request whose body is in: dispatch, the connection back to the pool, the log line. */
static void run_request(req_t *r, resp_t *w, const struct timespec *t0)
{
    struct timespec t1;
    dispatch(r, w);
    i18n_use("id"); /* the thread goes back to the default language */
    /* The connection goes back to the pool now, not when the answer has been sent:
     * this thread may be the one that has to send it, and waiting in db_pool_get()
     * for a connection held by an answer it should send would never end. */
    db_pool_put(web_pool, r->db);
    r->db = NULL;
    if (behind_tls) /* served over HTTPS by the proxy: cookies go back only over HTTPS */
        for (int i = 0; i < w->nhdr; i++)
            if (strcasecmp(w->hdr[i].k, "Set-Cookie") == 0) w->hdr[i].v = arena_printf(&r->a, "%s; Secure", w->hdr[i].v);
    if (log_requests) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
        web_log(w->status >= 500 ? 3 : 6, "event", "request", "method", r->is_head ? "HEAD" : r->method, "route",
                r->route ? r->route->pattern : "-", "status", arena_printf(&r->a, "%d", w->status), "ms",
                arena_printf(&r->a, "%.1f", ms), "user", r->authed ? r->user.name : "-", (char *)NULL);
    }
}

/* Sync pushes (POST to an RF_SITE route: a batch applied in one transaction, tens of
 * milliseconds) are applied by a pool of workers that take them from one queue
 * (issue 23). libmicrohttpd gives each of its threads the connections it accepted,
 * and a thread that wakes first accepts up to ten at once: when 20 sites pushed
 * together, one thread held ten pushes and applied them one after the other while
 * other threads idled. The connection is suspended while its push waits and runs,
 * and resumed with the answer, which its own thread then sends (on_request). */
static pthread_mutex_t dq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dq_cv = PTHREAD_COND_INITIALIZER;
static struct deferred *dq_head, *dq_tail;
static bool dq_running; /* workers are there to take pushes (false before start and once stopping) */
static pthread_t *dq_threads;
static int dq_nthreads;

static void *dq_worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&dq_mu);
        while (!dq_head && dq_running) pthread_cond_wait(&dq_cv, &dq_mu);
        struct deferred *d = dq_head;
        if (d) {
            dq_head = d->next;
            if (!dq_head) dq_tail = NULL;
        }
        pthread_mutex_unlock(&dq_mu);
        if (!d) return NULL; /* stopping and the queue is empty */
        run_request(d->r, &d->w, &d->t0);
        d->done = true; /* read by the connection's thread after the resume (MHD's lock orders it) */
        MHD_resume_connection(d->r->conn);
    }
}

/* Hands a sync push to the workers; false: the caller runs it itself. */
static bool defer_push(req_t *r, const struct timespec *t0)
{
    if (!str_eq(r->method, "POST")) return false;
    int64_t id = 0;
    int status = 0;
    const route_t *rt = route_match(r->method, r->path, &id, &status);
    if (!rt || !(rt->flags & RF_SITE)) return false;
    struct deferred *d = xcalloc(1, sizeof *d);
    d->r = r, d->t0 = *t0;
    d->w = (resp_t){.status = 200, .ctype = "text/html; charset=utf-8"};
    buf_init(&d->w.body);
    pthread_mutex_lock(&dq_mu);
    if (!dq_running) {
        pthread_mutex_unlock(&dq_mu);
        free(d);
        return false;
    }
    r->deferred = d;
    MHD_suspend_connection(r->conn);
    if (dq_tail) dq_tail->next = d;
    else dq_head = d;
    dq_tail = d;
    pthread_cond_signal(&dq_cv);
    pthread_mutex_unlock(&dq_mu);
    return true;
}

static void dq_start(int n)
{
    dq_threads = xcalloc((size_t)n, sizeof *dq_threads);
    pthread_mutex_lock(&dq_mu);
    dq_running = true;
    pthread_mutex_unlock(&dq_mu);
    for (int i = 0; i < n; i++)
        if (pthread_create(&dq_threads[dq_nthreads], NULL, dq_worker, NULL) == 0) dq_nthreads++;
}

/* Stops taking pushes; the workers finish the queue (every suspended connection is
 * resumed) and end. */
static void dq_stop(void)
{
    pthread_mutex_lock(&dq_mu);
    dq_running = false;
    pthread_cond_broadcast(&dq_cv);
    pthread_mutex_unlock(&dq_mu);
    for (int i = 0; i < dq_nthreads; i++) pthread_join(dq_threads[i], NULL);
    free(dq_threads);
    dq_threads = NULL, dq_nthreads = 0;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode t)
{
    (void)cls, (void)conn, (void)t;
    req_t *r = *con_cls;
    if (!r || *con_cls == &too_many_args_mark) return;
    if (r->deferred) { /* ended before its answer was sent */
        buf_release(&r->deferred->w.body);
        free(r->deferred);
    }
    db_pool_put(web_pool, r->db);
    buf_release(&r->body);
    arena_release(&r->a);
    free(r);
    *con_cls = NULL;
}

/* Once a day (checked every minute, and at start): prunes the access log past its
 * retention period (issue 21) and applies the scheduled releases whose date has come
 * (issue 22). last holds the day it last ran. */
static void daily_tick(char last[11])
{
    char today[11];
    today_iso(today);
    if (str_eq(today, last)) return;
    err_t e;
    err_clear(&e);
    db_t *db = db_pool_get(web_pool, &e);
    if (!db) {
        fprintf(stderr, "bekal serve: %s\n", e.msg);
        return;
    }
    int applied = 0, failed = 0;
    /* the daily pruning of the access log (issue 21) */
    static const actor_t sys = {0, "serve", "admin"};
    int64_t deleted;
    char keep_from[11];
    err_t pe;
    err_clear(&pe);
    if (access_log_prune(db, &pe, &sys, today, &deleted, keep_from) < 0) fprintf(stderr, "bekal serve: %s\n", pe.msg);
    else if (deleted)
        fprintf(stderr, "bekal serve: %lld entri log akses sebelum %s dihapus\n", (long long)deleted, keep_from);
    int tr_applied = 0, tr_failed = 0;
    err_t te;
    err_clear(&te);
    if (transfer_apply_due(db, &te, today, &tr_applied, &tr_failed) < 0) fprintf(stderr, "bekal serve: %s\n", te.msg);
    else if (tr_applied || tr_failed)
        fprintf(stderr, "bekal serve: %d pemindahan terjadwal diterapkan, %d gagal\n", tr_applied, tr_failed);
    if (release_apply_due(db, &e, today, &applied, &failed) < 0) fprintf(stderr, "bekal serve: %s\n", e.msg);
    else {
        memcpy(last, today, 11);
        if (applied || failed)
            fprintf(stderr, "bekal serve: %d pembebasan terjadwal diterapkan, %d gagal\n", applied, failed);
    }
    db_pool_put(web_pool, db);
}

int web_serve(const serve_opts_t *o)
{
    char host[64] = "127.0.0.1";
    int port = 8080;
    const char *colon = strrchr(o->listen, ':');
    if (colon) {
        snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
        port = atoi(colon + 1);
    } else
        port = atoi(o->listen);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (port <= 0 || port > 65535 || inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa.sin_addr) != 1) {
        fprintf(stderr, "bekal serve: alamat --listen tidak sah: %s\n", o->listen);
        return 2;
    }
    if (!i18n_init()) fprintf(stderr, "bekal serve: %s\n", _("peringatan: katalog atau locale bahasa Inggris tidak ditemukan; semua halaman berbahasa Indonesia"));
    web_pool = db_pool_new(o->db_url, o->pool_size);
    web_session_policy.hours = o->session_hours;
    web_behind_tls = o->behind_tls;
    web_login_slots = o->threads / 2 > 0 ? o->threads / 2 : 1;
    web_session_policy.idle_min = o->session_idle_min;
    behind_tls = o->behind_tls;
    log_requests = o->log_requests;
    memo_config(o->memo_seconds);
    const char *al = getenv("BEKAL_ACCESS_LOG");
    web_access_log_on = !(al && str_eq(al, "off"));
    if (!web_access_log_on) fprintf(stderr, "bekal serve: %s\n", _("peringatan: log akses data pribadi dimatikan (BEKAL_ACCESS_LOG=off)"));
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, (uint16_t)port, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_UNESCAPE_CALLBACK, unescape_url, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->max_conn_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64u << 10), MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bekal serve: tidak dapat mendengarkan di %s (port terpakai?)\n", o->listen);
        db_pool_free(web_pool);
        return 1;
    }
    if (web_access_log_on) web_access_log_start(web_pool);
    dq_start(o->threads);
    printf("Bekal berjalan di http://%s:%d/ (Ctrl-C untuk berhenti)\n", host, port);
    fflush(stdout);
    int sig = 0;
    char last_tick[11] = "";
    daily_tick(last_tick);
    for (;;) {
        struct timespec minute = {60, 0};
        sig = sigtimedwait(&set, NULL, &minute);
        if (sig > 0) break;
        daily_tick(last_tick);
    }
    fprintf(stderr, "bekal serve: menerima sinyal %d, berhenti...\n", sig);
    dq_stop();
    MHD_stop_daemon(d);
    web_access_log_stop(); /* writes what is still queued */
    db_pool_free(web_pool);
    return 0;
}
