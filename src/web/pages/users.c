/* users.c — accounts and API tokens for admins (issue 21): the accounts that
 * share a site with the admin, one account's role, sites, state and tokens, and the
 * acts on them: change role and sites (only the admin's own sites are given or
 * taken), disable, enable, delete (after a confirmation: it cannot be undone), and
 * revoke a token. The account is named by the `name` field, the token by `id`;
 * another site's account is answered 404 like one that does not exist. Every act
 * is audited in its transaction (store/auth.c); CSRF is checked by the router. */
#include "../pages.h"
#include <string.h>

/* The account `name` if it shares a site with the admin into *out: 0, or -1 with
 * r->err (400 when no name is given, 404 for an account the admin does not see). */
static int visible_account(req_t *r, const char *name, auth_account_t **out)
{
    err_t e;
    err_clear(&e);
    auth_user_t u;
    if (!name || !*name) return web_fail(r, 400, "missing_field", "%s", _("sebutkan nama pengguna (kolom name)"));
    int rc = strlen(name) > 60 ? 0 : auth_user_by_name(r->db, &e, name, &u);
    int n = 0;
    if (rc > 0 && auth_account_list(r->db, &e, &r->a, r->user.id, u.id, out, &n) < 0) rc = -1;
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (n != 1) return web_fail(r, 404, "not_found", "%s", _("pengguna tidak ditemukan"));
    return 0;
}

static const char *state_label(const auth_account_t *u)
{
    return u->deleted_at ? _("dihapus") : u->active ? _("aktif") : _("nonaktif");
}

int page_users(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    auth_account_t *us;
    int n;
    if (auth_account_list(r->db, &e, &r->a, r->user.id, 0, &us, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Pengguna"));
    buf_t *b = &w->body;
    h(b, "<p class=\"muted\">%s</p><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Akun yang berbagi lokasi dengan Anda. Akun baru dibuat dengan bekal user add."), _("Nama pengguna"),
      _("Nama lengkap"), _("Peran"), _("Lokasi"), _("Status"));
    for (int i = 0; i < n; i++)
        h(b, "<tr><td><a href=\"/users/edit?name=%u\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
          us[i].name, us[i].name, us[i].full_name, us[i].role, us[i].sites, state_label(&us[i]));
    h(b, "</tbody></table>");
    return page_end(r, w);
}

int page_user_edit(req_t *r, resp_t *w)
{
    auth_account_t *u;
    if (visible_account(r, req_query(r, "name"), &u) < 0) return -1;
    err_t e;
    err_clear(&e);
    auth_site_t *mine;
    int nmine;
    auth_token_info_t *toks;
    int ntok;
    if (auth_user_sites(r->db, &e, &r->a, r->user.id, &mine, &nmine) < 0 ||
        auth_token_list(r->db, &e, &r->a, u->id, &toks, &ntok) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, arena_printf(&r->a, _("Pengguna %s"), u->name));
    buf_t *b = &w->body;
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
         "<dt>%s</dt><dd>%s</dd></dl>",
      _("Nama lengkap"), u->full_name, _("Peran"), u->role, _("Lokasi"), u->sites, _("Status"), state_label(u),
      _("Dibuat"), fmt_time(r, 0, u->created_at));
    if (!u->deleted_at) {
        h(b, "<h2>%s</h2><form method=\"post\" action=\"/users/set\">", _("Peran dan lokasi"));
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"name\" value=\"%s\"><div class=\"field\"><label for=\"role\">%s</label>"
             "<select id=\"role\" name=\"role\">",
          u->name, _("Peran"));
        for (int i = 0; auth_roles[i]; i++)
            h(b, "<option value=\"%s\"%R>%s</option>", auth_roles[i], str_eq(auth_roles[i], u->role) ? " selected" : "",
              auth_roles[i]);
        h(b, "</select></div><fieldset><legend>%s</legend>", _("Lokasi (hanya lokasi Anda sendiri)"));
        for (int i = 0; i < nmine; i++) {
            char *pat = arena_printf(&r->a, ",%s,", mine[i].code), *have = arena_printf(&r->a, ",%s,", u->sites);
            h(b, "<label><input type=\"checkbox\" name=\"site\" value=\"%s\"%R> %s (%s)</label>", mine[i].code,
              strstr(have, pat) ? " checked" : "", mine[i].name, mine[i].code);
        }
        h(b, "</fieldset><p><button type=\"submit\">%s</button></p></form><h2>%s</h2><div class=\"actions\">",
          _("Simpan"), _("Akses"));
        static const char *const acts[] = {"disable", "enable", "delete"};
        for (int i = 0; i < 3; i++) {
            if ((i == 0 && !u->active) || (i == 1 && u->active)) continue;
            h(b, "<form method=\"post\" action=\"/users/state\">");
            h_csrf(r, b);
            h(b, "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" name=\"action\" value=\"%s\">"
                 "<button type=\"submit\">%s</button></form>",
              u->name, acts[i], i == 0 ? _("Nonaktifkan") : i == 1 ? _("Aktifkan") : _("Hapus…"));
        }
        h(b, "</div><p class=\"muted\">%s</p>",
          _("Menonaktifkan atau menghapus mengakhiri semua sesi pengguna dan mencabut token API-nya."));
    }
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\"></th></tr></thead><tbody>",
      _("Token API"), _("Dibuat"), _("Terakhir dipakai"), _("Berlaku sampai"), _("Status"));
    char now[32];
    now_iso(now);
    for (int i = 0; i < ntok; i++) {
        bool expired = toks[i].expires_at && strcmp(toks[i].expires_at, now) <= 0;
        h(b, "<tr><td>%D</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", toks[i].id, fmt_time(r, 0, toks[i].created_at),
          toks[i].last_used_at ? fmt_time(r, 0, toks[i].last_used_at) : "–", toks[i].expires_at ? fmt_time(r, 0, toks[i].expires_at) : _("tanpa batas"),
          toks[i].revoked ? _("dicabut") : expired ? _("kedaluwarsa") : _("berlaku"));
        if (!toks[i].revoked) {
            h(b, "<form method=\"post\" action=\"/users/tokens/revoke\">");
            h_csrf(r, b);
            h(b, "<input type=\"hidden\" name=\"id\" value=\"%D\"><button type=\"submit\">%s</button></form>", toks[i].id,
              _("Cabut"));
        }
        h(b, "</td></tr>");
    }
    h(b, "</tbody></table><p class=\"muted\">%s</p><p><a href=\"/users\">%s</a></p>",
      _("Token baru dibuat dengan bekal token create NAMA [--expires HARI]."), _("Kembali ke daftar pengguna"));
    return page_end(r, w);
}

struct user_act {
    req_t *r;
    const char *name, *action, *role, *sites;
    int64_t token;
};
static int user_act_tx(db_t *db, void *vc, err_t *e)
{
    struct user_act *c = vc;
    if (c->token) return auth_token_revoke(db, e, web_actor(c->r), c->token);
    if (c->action) return auth_user_set_state(db, e, web_actor(c->r), c->name, c->action);
    return auth_user_set(db, e, web_actor(c->r), c->name, c->role, c->sites, c->r->user.id);
}

static int run_act(req_t *r, resp_t *w, struct user_act *c)
{
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, user_act_tx, c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    /* user names are [a-z0-9._-] (auth_user_add): safe in a URL as they are */
    resp_redirect(w, arena_printf(&r->a, "/users/edit?name=%s", c->name));
    return 0;
}

int page_user_set(req_t *r, resp_t *w)
{
    auth_account_t *u;
    if (visible_account(r, req_form(r, "name"), &u) < 0) return -1;
    const char *role = req_form(r, "role");
    if (!role || !auth_role_valid(role)) return web_fail(r, 422, "invalid", "%s", _("pilih peran yang dikenal"));
    buf_t sites;
    buf_init(&sites);
    for (int i = 0; i < r->form.n; i++)
        if (str_eq(r->form.kv[i].k, "site")) buf_printf(&sites, "%s%s", sites.len ? "," : "", r->form.kv[i].v);
    struct user_act c = {r, u->name, NULL, role, arena_strdup(&r->a, sites.data ? sites.data : ""), 0};
    buf_release(&sites);
    return run_act(r, w, &c);
}

int page_user_state(req_t *r, resp_t *w)
{
    auth_account_t *u;
    if (visible_account(r, req_form(r, "name"), &u) < 0) return -1;
    const char *act = req_form(r, "action");
    if (!act || !(str_eq(act, "disable") || str_eq(act, "enable") || str_eq(act, "delete")))
        return web_fail(r, 422, "invalid", "%s", _("tindakan harus disable, enable atau delete"));
    const char *confirm = req_form(r, "confirm");
    if (str_eq(act, "delete") && !(confirm && str_eq(confirm, "1"))) {
        page_begin(r, w, arena_printf(&r->a, _("Hapus pengguna %s?"), u->name));
        buf_t *b = &w->body;
        h(b, "<p>%s</p><form method=\"post\" action=\"/users/state\">",
          _("Akun ini tidak dapat dipakai lagi dan namanya tidak dapat diberikan kepada orang lain; riwayatnya tetap "
            "menyebut namanya. Semua sesi berakhir dan token API-nya dicabut."));
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" name=\"action\" value=\"delete\">"
             "<input type=\"hidden\" name=\"confirm\" value=\"1\"><div class=\"actions\"><button type=\"submit\">%s"
             "</button><a href=\"/users/edit?name=%u\">%s</a></div></form>",
          u->name, _("Ya, hapus"), u->name, _("Batal"));
        return page_end(r, w);
    }
    struct user_act c = {r, u->name, act, NULL, NULL, 0};
    return run_act(r, w, &c);
}

int page_token_revoke(req_t *r, resp_t *w)
{
    int64_t id = 0;
    const char *s = req_form(r, "id");
    if (!s || !parse_i64(s, &id) || id <= 0) return web_fail(r, 422, "invalid", "%s", _("nomor token tidak sah"));
    err_t e;
    err_clear(&e);
    int64_t owner = auth_token_owner(r->db, &e, id);
    if (owner < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    auth_account_t *u = NULL;
    int n = 0;
    if (owner > 0 && auth_account_list(r->db, &e, &r->a, r->user.id, owner, &u, &n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (n != 1) return web_fail(r, 404, "not_found", "%s", _("token tidak ditemukan"));
    struct user_act c = {r, u->name, NULL, NULL, NULL, id};
    return run_act(r, w, &c);
}
