/* caseload.c — a wali's caseload (issue 21): the dated assignments of inmates to
 * case officers, as an entity (entity.h: list searchable by the inmate's name or
 * number, sortable, paged, CSV, show, forms with CSRF, API), plus "end" (page and
 * API) that closes an assignment in force on a date. Admin and staf assign and
 * end; kalapas and kanwil read; a wali reads their own. The assignment in force
 * is what store/scope.h WBP_SCOPE gives a wali to see and write for. */
#include "../pages.h"
#include "../../core/scope.h"
#include "../../store/caseload_store.h"
#include "../../store/production_store.h"
#include "../../store/program_store.h"
#include "../../util/i18n.h"
#include <stdlib.h>
#include <string.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static int wbp_options(req_t *r, int64_t site_id, ent_options_t *out)
{
    err_t e;
    err_clear(&e);
    if (prod_wbp_options(r->db, &e, &r->a, site_id, &out->n, &out->id, &out->label) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* A wali sees their own assignments (the inmate scope already keeps them to
 * their caseload; this also hides another wali's assignment of the same inmate). */
static void caseload_scope(req_t *r, rec_cond_t *conds, int *n, int cap)
{
    if (scope_of_role(r->user.role) != SCOPE_CASELOAD) return;
    rec_cond_int(rec_cond_add(conds, n, cap, "r.user_id = ?"), r->user.id);
}

static int caseload_defaults(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e)
{
    (void)r, (void)db, (void)parent, (void)e;
    if (!v[CLF_STARTED_ON]) {
        char today[11];
        today_iso(today);
        v[CLF_STARTED_ON] = arena_strdup(&r->a, today);
    }
    return 0;
}

static int caseload_check(ent_write_t *w, err_t *e)
{
    if (w->fe->n) return 0;
    char today[11];
    today_iso(today);
    const char *field = NULL, *msg = NULL;
    int ok = caseload_validate(w->db, e, &w->r->a, w->site_id, w->before ? w->before->id : 0,
                               w->before ? w->before->v : NULL, w->v, today, &field, &msg);
    if (ok < 0) return -1;
    if (!ok) field_err(w->fe, field, "%s", msg);
    return 0;
}

static void caseload_show(req_t *r, resp_t *w, const rec_t *rec)
{
    if (rec->v[CLF_ENDED_ON] && *rec->v[CLF_ENDED_ON]) return;
    const char *action = arena_printf(&r->a, "/caseloads/%lld/end", (long long)rec->id);
    if (!ent_can(r, "POST", action)) return;
    buf_t *b = &w->body;
    h(b, "<form method=\"post\" action=\"/caseloads/%D/end\">", rec->id);
    h_csrf(r, b);
    h(b, "<label for=\"ended_on\">%s</label><input type=\"date\" id=\"ended_on\" name=\"ended_on\">"
         "<button type=\"submit\">%s</button></form>",
      _("Tanggal berakhir (kosong: hari ini)"), _("Akhiri penugasan"));
}

const entity_t caseload_entity = {
    .def = &caseload_def,
    .slug = "caseloads",
    .title = N_("Penugasan wali pemasyarakatan"),
    .one = N_("Penugasan wali"),
    .label_field = CLF_WBP_ID,
    .list_cols = L(CLF_WBP_ID, CLF_USER_ID, CLF_STARTED_ON, CLF_ENDED_ON),
    .search = L(CLF_WBP_ID),
    .sort = L(CLF_STARTED_ON, CLF_ENDED_ON, CLF_USER_ID),
    .filters = L(CLF_USER_ID, CLF_WBP_ID),
    .default_sort = CLF_STARTED_ON,
    .default_desc = true,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){/* no valid hook: caseload_validate (the check hook) insists on the inmate's site */
                                {CLF_WBP_ID, NULL, "wbp_label", wbp_options, wbp_ref_text},
                                {CLF_USER_ID, .label_key = "user_name", .user_role = "wali"},
                                {-1}},
    .defaults = caseload_defaults,
    .check = caseload_check,
    .scope = caseload_scope,
    .list_filter = wbp_owned_filter,
    .show = caseload_show,
};

/* Ends assignment r->id (visible to the user) on `ended_on` (empty: today). */
static int end_assignment(req_t *r, const char *ended)
{
    rec_t rec;
    if (ent_load(r, &caseload_entity, r->id, &rec) < 0) return -1;
    err_t e;
    err_clear(&e);
    if (caseload_end(r->db, &e, &r->a, web_actor(r), r->id, ended && *ended ? ended : NULL) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* POST /caseloads/{id}/end (ended_on). */
int page_caseload_end(req_t *r, resp_t *w)
{
    if (end_assignment(r, req_form(r, "ended_on")) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/caseloads/%lld?saved=1", (long long)r->id));
    return 0;
}

/* POST /api/v1/caseloads/{id}/end {"ended_on": "YYYY-MM-DD"}: the record. */
int api_caseload_end(req_t *r, resp_t *w)
{
    rec_t seen; /* another site's assignment is 404 whatever the body says */
    if (ent_load(r, &caseload_entity, r->id, &seen) < 0) return -1;
    json_t *j = req_json(r);
    if (!j) return -1;
    const char *ended = NULL;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"ended_on", NULL};
    web_json_only_members(r, j, allowed, &fe);
    json_t *v = json_object_get(j, "ended_on");
    if (!v) field_err(&fe, "ended_on", "%s", _("ended_on wajib diisi (tanggal berakhir, YYYY-MM-DD)"));
    else if (!json_is_string(v)) field_err(&fe, "ended_on", "%s", _("ended_on harus teks tanggal"));
    else ended = arena_strdup(&r->a, json_string_value(v));
    json_decref(j);
    if (fe.n) return web_validation_reply(r, w, &fe);
    if (end_assignment(r, ended) < 0) return -1;
    rec_t rec;
    if (ent_load(r, &caseload_entity, r->id, &rec) < 0) return -1;
    return resp_json(w, 200, ent_to_json(r, &caseload_entity, &rec, false));
}
