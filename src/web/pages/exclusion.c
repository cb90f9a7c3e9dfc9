/* exclusion.c — the record that an inmate's safety is threatened (DOMAIN.md 3,
 * issue 20): while it holds the inmate is excluded from asimilasi, and the
 * eligibility explanation names it with its basis. The section on the WBP page (the
 * record in force with the form to end it, the history, the form to record one),
 * POST /wbp/{id}/exclusions and /exclusions/{id}/end, and the API
 * (GET/POST /api/v1/wbp/{id}/exclusions, POST /api/v1/exclusions/{id}/end). Who may
 * write is the route table's (admin, staf, kalapas); a wali reads the caseload's. */
#include "../web.h"
#include "../pages.h"
#include "../../store/exclusion_store.h"
#include "../../core/wbp.h"
#include <string.h>

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

/* The form recording a record, with the values typed (from_date, basis, note) and the errors fe. */
static void create_form(req_t *r, buf_t *b, int64_t wbp_id, const void *rules, const char *const *v,
                        const field_errs_t *fe)
{
    (void)rules;
    const char *from = v[0], *basis = v[1], *note = v[2];
    h(b, "<form method=\"post\" action=\"/wbp/%D/exclusions\" class=\"filters\">", wbp_id);
    h_csrf(r, b);
    h_input(b, "ex-from", "from_date", _("Berlaku sejak"), true, "type=\"date\" required", from,
            fe ? field_errs_for(fe, "from_date") : NULL);
    h_input(b, "ex-basis", "basis", _("Dasar (keputusan atau peraturan)"), true, "maxlength=\"300\" required", basis,
            fe ? field_errs_for(fe, "basis") : NULL);
    h_input(b, "ex-note", "note", _("Catatan"), false, "maxlength=\"500\"", note, fe ? field_errs_for(fe, "note") : NULL);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Catat keselamatan terancam"));
}

static void end_form(req_t *r, buf_t *b, int64_t id, const char *until, const char *reason, const char *err)
{
    h(b, "<form method=\"post\" action=\"/exclusions/%D/end\" class=\"filters\">", id);
    h_csrf(r, b);
    h_input(b, arena_printf(&r->a, "ex-until-%lld", (long long)id), "until_date", _("Berakhir pada"), false,
            "type=\"date\"", until, NULL);
    h_input(b, arena_printf(&r->a, "ex-end-%lld", (long long)id), "reason", _("Alasan berakhir"), true,
            "maxlength=\"300\" required", reason, err);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Akhiri catatan"));
}

void exclusion_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    const char *api = arena_printf(&r->a, "/api/v1/wbp/%lld/exclusions", (long long)wbp->id);
    if (!route_role_may(r->user.role, "GET", api)) return;
    bool can_write = route_role_may(r->user.role, "POST", api);
    rec_t *rows;
    int n = 0;
    err_t e;
    err_clear(&e);
    if (excl_list(r->db, &e, &r->a, r->user.id, wbp->id, &rows, &n) < 0) return;
    buf_t *b = &w->body;
    if (n == 0 && !can_write) return;
    h(b, "<h2 id=\"keselamatan\">%s</h2>", _("Keselamatan terancam"));
    const rec_t *open = NULL;
    for (int i = 0; i < n; i++)
        if (!rows[i].v[XF_UNTIL_DATE]) open = &rows[i];
    if (open) {
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Keselamatan WBP ini tercatat terancam sejak %s (dasar: %s). Selama catatan ini berlaku, "
                                "WBP dikecualikan dari asimilasi."),
                       fmt_date_id(&r->a, open->v[XF_FROM_DATE]), open->v[XF_BASIS]));
        if (can_write) end_form(r, b, open->id, NULL, NULL, NULL);
    } else if (can_write) {
        h(b, "<p>%s</p>", _("Bila keselamatan WBP terancam, catat sejak kapan dan dasarnya: selama catatan berlaku WBP "
                            "dikecualikan dari asimilasi."));
        h(b, "<details><summary>%s</summary>", _("Catat keselamatan terancam"));
        char t[DATE_ISO_LEN];
        date_format(today_date(), t);
        create_form(r, b, wbp->id, NULL, (const char *const[]){t, NULL, NULL}, NULL);
        h(b, "</details>");
    }
    if (n) {
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Riwayat catatan"), _("Berlaku sejak"), _("Dasar"), _("Catatan"), _("Berakhir pada"), _("Alasan berakhir"));
        for (int i = n - 1; i >= 0; i--)
            h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
              fmt_date_id(&r->a, rows[i].v[XF_FROM_DATE]), or_dash(rows[i].v[XF_BASIS]), or_dash(rows[i].v[XF_NOTE]),
              rows[i].v[XF_UNTIL_DATE] ? fmt_date_id(&r->a, rows[i].v[XF_UNTIL_DATE]) : _("masih berlaku"),
              or_dash(rows[i].v[XF_END_REASON]));
        h(b, "</tbody></table>");
    }
}

static int create(req_t *r, err_t *e, int64_t wbp_id, const char *const *v, date_t today, field_errs_t *fe, int64_t *id)
{
    return excl_create(r->db, e, &r->a, web_actor(r), r->user.id, wbp_id, v[0], v[1], v[2], today, fe, id);
}

static int reply_one(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status);

static const web_child_t exclusion_child = {
    .fields = (const char *const[]){"from_date", "basis", "note", NULL},
    .create = create,
    .title = N_("Catatan keselamatan terancam tidak tersimpan"),
    .anchor = "keselamatan",
    .anchored = true,
    .conflict = true,
    .form = create_form,
    .reply = reply_one,
};

int page_exclusion_create(req_t *r, resp_t *w) { return web_child_page_create(r, w, &exclusion_child); }

int page_exclusion_end(req_t *r, resp_t *w)
{
    const char *until = req_form(r, "until_date"), *reason = req_form(r, "reason");
    int64_t wbp_id;
    err_t e;
    err_clear(&e);
    if (excl_end(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, until, reason, today_date(), &wbp_id) < 0) {
        if (e.status != 422) return web_fail(r, e.status, e.code, "%s", e.msg);
        page_begin(r, w, _("Catatan keselamatan terancam tidak diakhiri"));
        w->status = 422;
        h(&w->body, "<p><a href=\"/wbp/%D#keselamatan\">%s</a></p>", wbp_id, _("Kembali ke data WBP"));
        end_form(r, &w->body, r->id, until, reason, e.msg);
        return page_end(r, w);
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1#keselamatan", (long long)wbp_id));
    return 0;
}

/* ---------------------------------------------------------------- API */

static json_t *row_json(const rec_t *x, int64_t wbp_id)
{
    json_t *o = json_pack("{s:I,s:I}", "id", (json_int_t)x->id, "wbp_id", (json_int_t)wbp_id);
    json_t *f = rec_to_json(&exclusion_def, x->v);
    json_object_update(o, f);
    json_decref(f);
    json_object_set_new(o, "in_force", json_boolean(x->v[XF_UNTIL_DATE] == NULL));
    return o;
}

/* The records of inmate wbp_id as the answer ({wbp_id, items}), or only record one
 * (when not 0), with status. */
static int reply_list(req_t *r, resp_t *w, int64_t wbp_id, int64_t one, int status)
{
    rec_t *rows;
    int n;
    err_t e;
    err_clear(&e);
    if (excl_list(r->db, &e, &r->a, r->user.id, wbp_id, &rows, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (one) {
        for (int i = 0; i < n; i++)
            if (rows[i].id == one) return resp_json(w, status, row_json(&rows[i], wbp_id));
        return web_fail(r, 500, "internal", "%s", _("catatan tidak terbaca"));
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, row_json(&rows[i], wbp_id));
    return resp_json(w, status, json_pack("{s:I,s:o}", "wbp_id", (json_int_t)wbp_id, "items", items));
}

int api_exclusion_list(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    return reply_list(r, w, wbp.id, 0, 200);
}

/* The answer with record id of inmate wbp_id, read back. */
static int reply_one(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status)
{
    (void)today;
    return reply_list(r, w, wbp_id, id, status);
}

int api_exclusion_create(req_t *r, resp_t *w) { return web_child_api_create(r, w, &exclusion_child); }

int api_exclusion_end(req_t *r, resp_t *w)
{
    static const char *const allowed[] = {"reason", "until_date", NULL};
    const char *v[2];
    int rc;
    if (!web_json_read(r, w, allowed, v, &rc)) return rc;
    int64_t wbp_id;
    err_t e;
    err_clear(&e);
    date_t today = today_date();
    if (excl_end(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, v[1], v[0], today, &wbp_id) < 0)
        return web_fail_field(r, w, &e, str_eq(e.code, "invalid_date") ? "until_date" : "reason");
    return reply_one(r, w, wbp_id, r->id, today, 200);
}
