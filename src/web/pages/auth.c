/* auth.c — health check, stylesheet, login (with throttling), logout. */
#include "../pages.h"
#include "../training_common.h"
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

/* Login throttling (README "Login throttling"; store/auth.h): failures are counted
 * per client address and per name; past the free ones each failure makes the key
 * wait longer (doubling, capped; dated settings login.*). A waiting address is
 * answered 429 at once, with Retry-After; nothing sleeps in a worker thread. A name
 * under attack makes only the addresses that have failed wait: the right password
 * from an address with no failures still logs in, so no one can lock an account. */

static atomic_int verifying; /* password checks under way */
int web_login_slots = 2;

int page_healthz(req_t *r, resp_t *w)
{
    (void)r;
    return resp_text(w, "text/plain; charset=utf-8", "ok\n");
}

static const char css[] =
    ":root{--ink:#1b1f24;--muted:#555;--line:#c9ced6;--brand:#0b5d3b;--bg:#f6f7f9;--err:#a4001d}"
    "*{box-sizing:border-box}body{margin:0;font:15px/1.45 'DejaVu Sans',system-ui,sans-serif;color:var(--ink);"
    "background:var(--bg)}"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}"
    "header.top{display:flex;flex-wrap:wrap;align-items:center;gap:16px;background:var(--brand);color:#fff;"
    "padding:8px 20px}.brand{font-weight:bold;font-size:18px}"
    /* the menu by task (web/html.c nav_menu): groups open as <details>, without script */
    "header nav ul{list-style:none;margin:0;padding:0}header a{color:#fff}"
    "header nav ul.groups{display:flex;flex-wrap:wrap;align-items:center;gap:6px 16px}"
    ".menu-switch,.menu-label{display:none}.group{position:relative}"
    ".group summary{cursor:pointer;white-space:nowrap}.group details.here>summary{font-weight:bold;text-decoration:underline}"
    ".group details>ul{position:absolute;z-index:20;top:100%;left:0;min-width:220px;margin-top:6px;padding:6px 0;"
    "background:#fff;border:1px solid var(--line);box-shadow:0 3px 10px rgba(0,0,0,.25)}"
    ".group details>ul a{display:block;padding:5px 14px;color:var(--ink)}"
    "header a[aria-current]{font-weight:bold;text-decoration:underline}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    "form.cari{display:flex;gap:4px}form.cari input{width:14em;padding:3px 6px}form.cari button{padding:3px 10px;"
    "background:#fff;color:var(--brand)}"
    ".logout{margin-left:auto;display:flex;gap:8px;align-items:center}"
    "main{max-width:1300px;margin:0 auto;padding:12px 20px 40px}h1{font-size:22px;margin:8px 0 14px}"
    "table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:5px 8px;"
    "text-align:left;vertical-align:top}th{background:#e9edf1}th a{color:inherit}"
    "form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin-bottom:12px}"
    "label{display:block;font-weight:600;margin-bottom:2px}input,select,textarea,button{font:inherit;padding:5px 7px}"
    "input,select,textarea{border:1px solid #8a929c;border-radius:3px;background:#fff;max-width:100%}"
    "button,.button{background:var(--brand);color:#fff;border:0;border-radius:3px;padding:6px 14px;cursor:pointer;"
    "text-decoration:none;display:inline-block}"
    ":focus-visible{outline:3px solid #f0b400;outline-offset:2px}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px 18px}"
    ".field .msg,.error{color:var(--err)}.field [aria-invalid=true]{border-color:var(--err)}"
    ".notice{background:#e3f4ea;border-left:4px solid var(--brand);padding:8px 12px}"
    "p.error{background:#fde8ec;border-left:4px solid var(--err);padding:8px 12px}"
    "dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.kv dt{font-weight:600}"
    ".pager{display:flex;gap:10px;align-items:center;margin:10px 0}.muted{color:var(--muted)}"
    ".actions{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}footer{color:var(--muted);font-size:12px;padding:20px}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid var(--line);padding:12px 16px;"
    "min-width:180px}.card b{display:block;font-size:24px}"
    /* Phones: wide tables scroll inside themselves, never the page; nothing is wider
     * than the screen (selects, preformatted text, charts, cards); the menu folds
     * behind its "Menu" switch and its groups open in place. */
    ".scroll{overflow-x:auto;max-width:100%}main{overflow-wrap:break-word}"
    "ul.changes{margin:0;padding-left:1.1em}pre.json{white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%}"
    "@media (max-width:700px){main table{display:block;overflow-x:auto}header.top{padding:8px 12px}"
    "main{padding:10px 12px 30px}}"
    "@media (max-width:600px){header.top{gap:8px}header nav.menu{flex:1 1 100%;order:2}.brand{order:0}"
    ".menu-switch{display:block;position:absolute;opacity:0;width:1px;height:1px}"
    ".menu-label{display:inline-block;border:1px solid #fff;border-radius:3px;padding:3px 12px;cursor:pointer}"
    ".menu-switch:focus-visible+.menu-label{outline:3px solid #f0b400;outline-offset:2px}"
    ".menu-switch:not(:checked)~ul.groups{display:none}"
    "header nav ul.groups{flex-direction:column;align-items:stretch;gap:4px;margin-top:6px}"
    ".group details>ul{position:static;min-width:0;margin:2px 0 4px;padding:0 0 0 14px;background:none;border:0;"
    "box-shadow:none}.group details>ul a{color:#fff;padding:3px 0}"
    ".logout{margin-left:0;flex-wrap:wrap;order:4}form.lang{order:3}form.cari{order:1;flex:1 1 100%}"
    "form.cari input{flex:1 1 auto;width:auto;min-width:0}"
    "form.filters>*{min-width:0;max-width:100%}select,input,textarea{max-width:100%}"
    "pre{white-space:pre-wrap;word-break:break-word}img,svg{max-width:100%;height:auto}"
    ".cards .card{min-width:0;flex:1 1 100%}dl.kv{grid-template-columns:minmax(0,1fr)}"
    ".grid{grid-template-columns:minmax(0,1fr)}}"
    /* Print (lists, certificates, reports): the content only, no menu, forms or buttons;
     * tables take the full width, keep their heads on every page and rows unbroken. */
    /* the filter box select.js puts before a long select */
    "input.select-filter{display:block;margin:0 0 4px;width:100%;max-width:28em}"
    "@page{margin:14mm 12mm}"
    "@media print{header.top,footer,.actions,form,button,.button,details,nav,.pager,.skip,.lang,.logout"
    "{display:none!important}body{background:#fff;color:#000;font-size:10.5pt}"
    "main{max-width:none;margin:0;padding:0}a{color:inherit;text-decoration:none}"
    "table,main table,.scroll table{display:table;width:100%!important;min-width:0;overflow:visible}"
    ".scroll{overflow:visible}thead{display:table-header-group}tr,img,svg,.card,dl.kv{break-inside:avoid}"
    "h1,h2,h3{break-after:avoid}th{background:#eee!important}th,td{border-color:#888}"
    ".notice,p.error{border:1px solid #888;background:none}}";

int page_static_css(req_t *r, resp_t *w)
{
    (void)r;
    resp_text(w, "text/css; charset=utf-8", css);
    web_area_css(&w->body);
    return 0;
}

/* A local path to go to after login: "/..." with no second slash or backslash at
 * the start and no control characters or spaces anywhere; else "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\') return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == '\\' || *p == 0x7f) return "/";
    return next;
}

static void login_form(req_t *r, resp_t *w, const char *msg, const char *name)
{
    char lc[65];
    unsigned char rnd[32];
    randombytes_buf(rnd, sizeof rnd);
    hex_encode(rnd, sizeof rnd, lc);
    /* Login CSRF: the form carries the same random value as a short-lived cookie. */
    resp_header(w, "Set-Cookie",
                arena_printf(&r->a, "bekal_lc=%s; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600", lc));
    page_begin(r, w, _("Masuk"));
    buf_t *b = &w->body;
    if (msg) h(b, "<p class=\"error\" role=\"alert\">%s</p>", msg);
    const char *next = req_query(r, "next");
    if (!next) next = req_form(r, "next");
    h(b, "<form method=\"post\" action=\"/login\" class=\"login\">"
         "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
         "<input type=\"hidden\" name=\"next\" value=\"%s\"><div class=\"field\"><label for=\"name\">%s"
         "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"%s\"></div>"
         "<div class=\"field\"><label for=\"password\">%s</label>"
         "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
         "</div><p><button type=\"submit\">%s</button></p></form>",
      lc, safe_next(next), _("Nama pengguna"), name ? name : "", _("Kata sandi"), _("Masuk"));
    page_end(r, w);
}

int page_login_form(req_t *r, resp_t *w)
{
    if (r->authed) {
        resp_redirect(w, "/");
        return 0;
    }
    login_form(r, w, NULL, NULL);
    return 0;
}

int page_login(req_t *r, resp_t *w)
{
    const char *name = req_form(r, "name"), *pw = req_form(r, "password"), *tok = req_form(r, "_csrf");
    const char *cookie = req_cookie(r, "bekal_lc");
    if (!tok || !cookie || strlen(tok) != 64 || strlen(cookie) != 64 || sodium_memcmp(tok, cookie, 64) != 0)
        return web_fail(r, 403, "csrf", _("token formulir (CSRF) tidak cocok; muat ulang halaman lalu coba lagi"));
    if (!name || !pw || !*name || !*pw || strlen(name) > 60 || strlen(pw) > 200) {
        w->status = 400;
        login_form(r, w, _("Isi nama pengguna dan kata sandi."), name && strlen(name) <= 60 ? name : NULL);
        return 0;
    }
    err_t e;
    err_clear(&e);
    auth_throttle_policy_t tp;
    if (auth_throttle_policy(r->db, &e, &tp) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *akey = arena_printf(&r->a, "a:%s", req_client_ip(r)), *nkey = arena_printf(&r->a, "n:%s", name);
    int64_t afails, await, nfails, nwait;
    if (auth_throttle_get(r->db, &e, &tp, akey, &afails, &await) < 0 ||
        auth_throttle_get(r->db, &e, &tp, nkey, &nfails, &nwait) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    /* this address waits; or the name waits and this address has failed before */
    int64_t wait = await > 0 ? await : (nwait > 0 && afails > 0) ? nwait : 0;
    if (wait > 0) {
        w->status = 429;
        resp_header(w, "Retry-After", arena_printf(&r->a, "%lld", (long long)wait));
        login_form(r, w,
                   arena_printf(&r->a, _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %lld detik."),
                                (long long)wait),
                   name);
        return 0;
    }
    /* A password check costs tens of milliseconds of CPU: at most half the worker
     * threads do one at a time, so logins can never hold every worker. */
    if (atomic_fetch_add(&verifying, 1) >= web_login_slots) {
        atomic_fetch_sub(&verifying, 1);
        w->status = 429;
        resp_header(w, "Retry-After", "1");
        login_form(r, w, _("Server sedang sibuk memeriksa kata sandi lain. Coba lagi sebentar lagi."), name);
        return 0;
    }
    auth_user_t u;
    int ok = auth_login(r->db, &e, name, pw, &u);
    atomic_fetch_sub(&verifying, 1);
    if (ok < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (!ok) {
        err_t te;
        err_clear(&te);
        /* best effort: a busy database must not turn a wrong password into a 5xx */
        if (auth_throttle_fail(r->db, &te, &tp, akey) == 0) auth_throttle_fail(r->db, &te, &tp, nkey);
        if (afails == 0) auth_throttle_forget_old(r->db, &te, &tp);
        w->status = 401;
        login_form(r, w, _("Nama pengguna atau kata sandi salah."), name);
        return 0;
    }
    char token[65], csrf[65];
    /* Session rotation: a login always gets a new session id, and the session the
     * browser came with (if any) ends, so a planted or older id is never kept. */
    if (r->session_token && auth_session_delete(r->db, &e, r->session_token) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (auth_throttle_clear(r->db, &e, akey) < 0 || auth_throttle_clear(r->db, &e, nkey) < 0 ||
        auth_session_create(r->db, &e, u.id, &web_session_policy, token, csrf) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_header(w, "Set-Cookie",
                arena_printf(&r->a, "bekal_sid=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", token,
                             web_session_policy.hours * 3600));
    const char *next = req_form(r, "next");
    resp_redirect(w, safe_next(next));
    return 0;
}

int page_logout(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    if (r->session_token && auth_session_delete(r->db, &e, r->session_token) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_header(w, "Set-Cookie", "bekal_sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    resp_redirect(w, "/login");
    return 0;
}

/* POST /lang: stores the user's interface language ("id", "en", or "" to follow
 * the browser) and returns to the page the switch was pressed on. The switch always
 * sends `lang`; a request without it is refused rather than read as "". */
static int set_lang_tx(db_t *db, void *ctx, err_t *e)
{
    req_t *r = ctx;
    return auth_user_set_lang(db, e, web_actor(r), r->user.id, req_form(r, "lang"));
}
int page_lang(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    if (!req_form(r, "lang")) return web_fail(r, 400, "missing_field", "%s", _("pilih bahasa (kolom lang tidak ada)"));
    if (db_tx(r->db, set_lang_tx, r, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, safe_next(req_form(r, "next")));
    return 0;
}
