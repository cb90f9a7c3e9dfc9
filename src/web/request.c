/* request.c — helpers every area's handlers share: the acting user, the site of a
 * new record, loading a WBP the user may see, JSON bodies through a field table and
 * the 422 reply, and the WBP reference columns of records that belong to an inmate.
 * (They lived in the WBP and placement page files; no page file calls another.) */
#include "web.h"
#include "entity.h"
#include "../store/wbp_store.h"
#include "../report/table.h"
#include "../store/audit.h"
#include "../store/settings.h"
#include <stdlib.h>
#include <string.h>

const actor_t *web_actor(req_t *r)
{
    actor_t *a = arena_alloc(&r->a, sizeof *a);
    a->user_id = r->user.id, a->name = r->user.name, a->role = r->user.role;
    return a;
}

/* The site a new record goes to: the requested code, or the user's only site. */
int64_t web_pick_site(req_t *r, const char *code)
{
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    if (!code || !*code) {
        if (sites.n == 1) return sites.id[0];
        return web_fail(r, 422, "validation", _("pilih lokasi (site) untuk WBP ini"));
    }
    for (int i = 0; i < sites.n; i++)
        if (str_eq(sites.code[i], code)) return sites.id[i];
    return web_fail(r, 403, "forbidden", _("Anda tidak berwenang atas lokasi \"%s\""), code);
}

int64_t web_setting_int(req_t *r, const char *name, int64_t def)
{
    char today[DATE_ISO_LEN];
    today_iso(today);
    int64_t v = def;
    err_t e;
    err_clear(&e);
    return setting_int(r->db, &e, name, 0, today, &v) < 0 ? def : v;
}

int web_user_sites(req_t *r, site_list_t *sites)
{
    err_t e;
    err_clear(&e);
    if (site_list_for(r->db, &e, &r->a, r->user.id, sites) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int web_load_wbp(req_t *r, rec_t *rec)
{
    err_t e;
    err_clear(&e);
    int rc = rec_load(r->db, &e, &r->a, &wbp_def, r->user.id, r->id, rec);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    /* Another site's record is reported exactly like a missing one. */
    if (rc == 0) return web_fail(r, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)r->id);
    return 0;
}

/* Applies the JSON members to v through the field table d. Unknown keys and wrong
 * types are field errors; "site" and "id" are left to the caller. */
void web_json_to_values(req_t *r, const record_def_t *d, json_t *body, const char **v, field_errs_t *fe)
{
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (str_eq(key, "site") || str_eq(key, "id")) continue;
        int i = rec_field_index(d, key);
        if (i < 0) {
            field_err(fe, arena_strdup(&r->a, key), _("kolom \"%.60s\" tidak dikenal"), key);
            continue;
        }
        const char *s = NULL;
        if (json_is_string(val)) s = json_string_value(val);
        else if (json_is_integer(val) && d->fields[i].type == FT_FIXED) {
            /* JSON carries the stored integer (thousandths, basis points); rec_set reads decimals */
            char t[40];
            s = json_integer_value(val) < 0 ? "-1" : arena_strdup(&r->a, rec_fixed_text(json_integer_value(val),
                                                                                         d->fields[i].scale, t, sizeof t));
        } else if (json_is_integer(val)) s = arena_printf(&r->a, "%lld", (long long)json_integer_value(val));
        else if (json_is_boolean(val)) s = json_is_true(val) ? "1" : "0";
        else if (json_is_null(val)) s = NULL;
        else {
            field_err(fe, d->fields[i].name, "%s: tipe nilai tidak sah (harus teks, angka atau boolean)",
                      d->fields[i].label);
            continue;
        }
        rec_set(&r->a, d, v, i, s, fe);
    }
}

int web_validation_reply(req_t *r, resp_t *w, const field_errs_t *fe)
{
    (void)r;
    json_t *fields = json_object();
    for (int i = 0; i < fe->n; i++) json_object_set_new(fields, fe->e[i].field, json_string(fe->e[i].msg));
    return resp_json(w, 422, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "validation", "message", fe->e[0].msg,
                                       "fields", fields));
}

const char *wbp_ref_label(req_t *r, int64_t id)
{
    err_t e;
    err_clear(&e);
    const char *s = wbp_ref_text(r->db, &e, &r->a, id);
    return s ? s : arena_printf(&r->a, "#%lld", (long long)id);
}

int wbp_owned_filter(req_t *r, rec_query_t *q)
{
    if (q->q && *q->q) {
        wbp_cond_owner_matches(q->cond, &q->ncond, REC_QUERY_CONDS, db_like_contains(&r->a, q->q));
    }
    q->q = NULL; /* the search is on the WBP, not on the record's own columns */
    return web_query_wbp_id(r, q);
}

int web_query_wbp_id(req_t *r, rec_query_t *q)
{
    const char *w = req_query(r, "wbp_id");
    if (w && *w) {
        int64_t id;
        if (!parse_i64(w, &id) || id <= 0)
            return web_fail(r, 400, "bad_query", "%s", _("wbp_id harus bilangan bulat positif"));
        rec_cond_int(rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, "r.wbp_id = ?"), id);
    }
    return 0;
}

/* Refuses members of body not in allowed (NULL-terminated): a field error each. */
void web_json_only_members(req_t *r, json_t *body, const char *const *allowed, field_errs_t *fe)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        bool ok = false;
        for (int i = 0; allowed[i] && !ok; i++) ok = str_eq(k, allowed[i]);
        if (!ok) field_err(fe, arena_strdup(&r->a, k), _("kolom \"%.60s\" tidak dikenal"), k);
    }
}

void web_end_form(req_t *r, buf_t *b, const char *action, const char *prefix, int64_t id, const char *reason,
                  const char *button)
{
    h(b, "<form method=\"post\" action=\"%s/%D/end\" class=\"filters\">", action, id);
    h_csrf(r, b);
    h_input(b, arena_printf(&r->a, "%s-end-%lld", prefix, (long long)id), "reason", _("Alasan pencabutan"), true,
            "maxlength=\"300\" required", reason, NULL);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", button);
}

int web_end_record(req_t *r, resp_t *w, web_end_fn end, const char *action, const char *prefix, const char *title,
                   const char *button, const char *anchor)
{
    const char *reason = req_form(r, "reason");
    int64_t wbp_id;
    err_t e;
    err_clear(&e);
    if (end(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, reason, today_date(), &wbp_id) < 0) {
        if (e.status != 422) return web_fail(r, e.status, e.code, "%s", e.msg);
        page_begin(r, w, title);
        w->status = 422;
        h(&w->body, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
        web_end_form(r, &w->body, action, prefix, r->id, reason, button);
        return page_end(r, w);
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1#%s", (long long)wbp_id, anchor));
    return 0;
}

void web_form_again(req_t *r, resp_t *w, const char *title, int status, const rec_t *wbp, const char *anchor,
                    const char *msg)
{
    page_begin(r, w, title);
    w->status = status;
    h(&w->body, "<p><a href=\"/wbp/%D%s\">%s — %s</a></p><p class=\"error\" role=\"alert\">%s</p>", wbp->id, anchor,
      wbp->v[WF_REGNO], wbp->v[WF_NAME], msg ? msg : _("Periksa isian yang ditandai."));
}

void resp_file(req_t *r, resp_t *w, const char *ctype, bool show, const char *name)
{
    w->ctype = ctype;
    resp_header(w, "Content-Disposition",
                arena_printf(&r->a, "%s; filename=\"%s\"", show ? "inline" : "attachment", name));
}

int web_send_report(req_t *r, resp_t *w, report_t *rep, const char *fmt, const char *name)
{
    err_t e;
    err_clear(&e);
    int rc = report_write(rep, fmt, REP_CSV_NO_TOTALS, &w->body, &e);
    report_free(rep);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_file(r, w, report_ctype(fmt), str_eq(fmt, "pdf"), name);
    return 0;
}

void web_history(req_t *r, buf_t *b, const char *entity, int64_t id, int64_t site_id)
{
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
         "</th></tr></thead><tbody>",
      _("Riwayat perubahan"), _("Waktu"), _("Oleh"), _("Tindakan"));
    err_t e;
    err_clear(&e);
    audit_view_t *hist;
    int nhist;
    audit_recent(r->db, &e, &r->a, entity, id, &hist, &nhist);
    for (int i = 0; i < nhist; i++)
        h(b, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>", fmt_time(r, site_id, hist[i].at), hist[i].user_name,
          str_eq(hist[i].action, "create") ? _("dibuat") : str_eq(hist[i].action, "delete") ? _("dihapus") : _("diubah"));
    h(b, "</tbody></table>");
}

static const char **child_values(req_t *r, const web_child_t *k)
{
    size_t n = 0;
    while (k->fields[n]) n++;
    return arena_alloc(&r->a, (n + 1) * sizeof(const char *));
}

int web_child_page_create(req_t *r, resp_t *w, const web_child_t *k)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const char **v = child_values(r, k);
    for (size_t i = 0; k->fields[i]; i++) v[i] = req_form(r, k->fields[i]);
    field_errs_t fe = {0};
    int64_t id;
    err_t e;
    err_clear(&e);
    date_t today = today_date();
    bool conflict = false;
    if (k->create(r, &e, wbp.id, v, today, &fe, &id) < 0) {
        if (!k->conflict || e.status != 409) return web_fail(r, e.status, e.code, "%s", e.msg);
        conflict = true;
    }
    if (conflict || fe.n) {
        /* the form again with what was typed and the reason beside it */
        void *rules = NULL;
        if (k->rules_size) {
            err_t re;
            err_clear(&re);
            rules = arena_alloc(&r->a, k->rules_size);
            if (k->rules(today, rules, &re) < 0) return web_fail(r, re.status, re.code, "%s", re.msg);
        }
        web_form_again(r, w, _(k->title), conflict ? 409 : 422, &wbp,
                       k->anchored ? arena_printf(&r->a, "#%s", k->anchor) : "", conflict ? e.msg : NULL);
        if (!conflict) k->form(r, &w->body, wbp.id, rules, v, &fe);
        return page_end(r, w);
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1#%s", (long long)wbp.id, k->anchor));
    return 0;
}

int web_child_api_create(req_t *r, resp_t *w, const web_child_t *k)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const char **v = child_values(r, k);
    int rc;
    if (!web_json_read(r, w, k->fields, v, &rc)) return rc;
    field_errs_t fe = {0};
    int64_t id;
    err_t e;
    err_clear(&e);
    date_t today = today_date();
    if (k->create(r, &e, wbp.id, v, today, &fe, &id) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe.n) return web_validation_reply(r, w, &fe);
    return k->reply(r, w, wbp.id, id, today, 201);
}

bool web_json_read(req_t *r, resp_t *w, const char *const *allowed, const char **v, int *rc)
{
    json_t *body = req_json(r);
    if (!body) {
        *rc = -1;
        return false;
    }
    field_errs_t fe = {0};
    web_json_only_members(r, body, allowed, &fe);
    for (size_t i = 0; allowed[i]; i++) {
        json_t *m = json_object_get(body, allowed[i]);
        const char *s = json_string_value(m);
        v[i] = s ? arena_strdup(&r->a, s) : NULL;
        if (m && !s && !json_is_null(m)) field_err(&fe, allowed[i], "%s", _("harus berupa teks"));
    }
    json_decref(body);
    if (!fe.n) return true;
    *rc = web_validation_reply(r, w, &fe);
    return false;
}

int web_fail_field(req_t *r, resp_t *w, const err_t *e, const char *field)
{
    if (e->status != 422) return web_fail(r, e->status, e->code, "%s", e->msg);
    field_errs_t fe = {0};
    field_err(&fe, field, "%s", e->msg);
    return web_validation_reply(r, w, &fe);
}

/* The form of a reversal's review page (issue 22: a release, a settlement): the reason,
 * its error when it was missing, and the confirmation that sends base/{id}/reverse;
 * "Batal" goes back to base/{id}. */
static void reverse_form(req_t *r, buf_t *b, const char *base, bool ok_reason, const char *reason,
                         const char *button)
{
    h(b, "<form method=\"post\" action=\"%s/%D/reverse\">", base, r->id);
    h_csrf(r, b);
    h(b, "<label for=\"reason\">%s</label>", _("Alasan pembatalan"));
    if (!ok_reason)
        h(b, "<p class=\"error\" id=\"reason-err\" role=\"alert\">%s</p>", _("Alasan pembatalan wajib diisi"));
    h(b, "<textarea id=\"reason\" name=\"reason\" required%R>%s</textarea>",
      ok_reason ? "" : " aria-describedby=\"reason-err\"", reason ? reason : "");
    h(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> "
         "<a href=\"%s/%D\">%s</a></form>",
      button, base, r->id, _("Batal"));
}

int web_reverse_page(req_t *r, resp_t *w, const web_reversal_t *rv)
{
    rec_t rec;
    if (ent_load(r, rv->en, r->id, &rec) < 0) return -1;
    const char *base = arena_printf(&r->a, "/%s", rv->en->slug);
    const char *reason = req_form(r, "reason"), *confirm = req_form(r, "confirm");
    bool ok_reason = reason && *reason;
    err_t e;
    err_clear(&e);
    if (ok_reason && confirm && str_eq(confirm, "1")) {
        if (rv->apply(r, reason, &e) == 0) {
            resp_redirect(w, arena_printf(&r->a, "%s/%lld?saved=1%s", base, (long long)r->id, rv->anchor));
            return 0;
        }
        if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    if (rv->preview(r, rv->ctx, &e) < 0) return -1;
    /* no reason, or a reversal refused: a 4xx answer, its message announced (role="alert") */
    if (!ok_reason) w->status = 422;
    else if (e.msg[0] && e.status >= 400 && e.status < 500) w->status = e.status;
    page_begin(r, w, rv->title);
    buf_t *b = &w->body;
    if (e.msg[0]) h(b, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
    rv->describe(r, b, &rec, rv->ctx);
    reverse_form(r, b, base, ok_reason, reason, rv->button);
    return page_end(r, w);
}

bool web_reverse_read(req_t *r, resp_t *w, const struct entity *en, const char **reason, bool *confirm, int *rc)
{
    rec_t rec;
    json_t *body = ent_load(r, en, r->id, &rec) < 0 ? NULL : req_json(r);
    if (!body) {
        *rc = -1;
        return false;
    }
    const char *s = json_string_value(json_object_get(body, "reason"));
    *confirm = json_is_true(json_object_get(body, "confirm"));
    *reason = s ? arena_strdup(&r->a, s) : NULL;
    json_decref(body);
    if (*reason && **reason) return true;
    field_errs_t fe = {0};
    field_err(&fe, "reason", "%s", _("Alasan pembatalan wajib diisi"));
    *rc = web_validation_reply(r, w, &fe);
    return false;
}

int web_refused_page(req_t *r, resp_t *w, const char *title, const field_errs_t *fe, const char *back,
                     const char *back_text)
{
    page_begin(r, w, title);
    h(&w->body, "<div class=\"error\" role=\"alert\"><ul>");
    for (int i = 0; i < fe->n; i++) h(&w->body, "<li>%s</li>", fe->e[i].msg);
    h(&w->body, "</ul></div><p><a href=\"%s\">%s</a></p>", back, back_text);
    page_end(r, w);
    w->status = 422;
    return 0;
}

void web_import_errors(buf_t *b, const wbp_import_result_t *res)
{
    h(b, "<table>");
    h_thead(b, _("Baris"), _("Kolom"), _("Kesalahan"), NULL);
    for (int i = 0; i < res->nlisted; i++)
        h(b, "<tr><td>%D</td><td>%s</td><td>%s</td></tr>", (int64_t)res->errors[i].line,
          res->errors[i].column ? res->errors[i].column : "-", res->errors[i].message);
    h(b, "</tbody></table>");
}
