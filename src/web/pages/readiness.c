/* readiness.c — release readiness (issue 26): the checklist of what an inmate needs to
 * work after release (items: rules/kesiapan-bebas-*.json), each with a state and its
 * date: the section on the WBP page with its form (POST /wbp/{id}/readiness), the
 * API (GET and POST /api/v1/wbp/{id}/readiness) and the progress ("3/8") the release
 * list shows (readiness_progress). The records are readiness_store.c's. */
#include "../web.h"
#include "../pages.h"
#include "../../core/readiness.h"
#include "../../core/rulefile.h"
#include "../../core/wbp.h"
#include "../../store/readiness_store.h"
#include <string.h>

static const char *const state_codes[] = {"belum", "proses", "selesai", "tidak_perlu"};
static const char *const state_labels[] = {N_("belum"), N_("sedang diurus"), N_("selesai"), N_("tidak perlu")};

static const char *state_label(const char *s)
{
    for (size_t i = 0; i < ARRAY_LEN(state_codes); i++)
        if (str_eq(s, state_codes[i])) return _(state_labels[i]);
    return s ? s : "-";
}

static int rules(req_t *r, readiness_rules_t *out)
{
    err_t e;
    err_clear(&e);
    json_t *j = rulefile_in_force(RULES_KIND_READINESS, today_date(), NULL);
    if (!j) return web_fail(r, 500, "no_ruleset", "%s", _("Tidak ada aturan kesiapan bebas yang berlaku"));
    int rc = readiness_rules_from_json(j, out, &e);
    json_decref(j);
    return rc < 0 ? web_fail(r, e.status, e.code, "%s", e.msg) : 0;
}

static const readiness_row_t *find(const readiness_row_t *rows, int n, const char *item)
{
    for (int i = 0; i < n; i++)
        if (str_eq(rows[i].item, item)) return &rows[i];
    return NULL;
}

const char *readiness_progress(req_t *r, int64_t wbp_id)
{
    readiness_rules_t rr;
    err_t e;
    err_clear(&e);
    json_t *j = rulefile_in_force(RULES_KIND_READINESS, today_date(), NULL);
    if (!j) return "-";
    int rc = readiness_rules_from_json(j, &rr, &e);
    json_decref(j);
    if (rc < 0) return "-";
    readiness_row_t *rows;
    int n;
    if (readiness_list(r->db, &e, &r->a, wbp_id, &rows, &n) < 0) return "-";
    int done = 0;
    for (int i = 0; i < rr.n; i++) {
        const readiness_row_t *x = find(rows, n, rr.items[i].code);
        if (x && readiness_state_done(x->state)) done++;
    }
    return arena_printf(&r->a, "%d/%d", done, rr.n);
}

void readiness_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    if (!str_eq(wbp->v[WF_STATUS], "ditahan")) return;
    readiness_rules_t rr;
    err_t e;
    err_clear(&e);
    json_t *j = rulefile_in_force(RULES_KIND_READINESS, today_date(), NULL);
    if (!j) return;
    int rc = readiness_rules_from_json(j, &rr, &e);
    json_decref(j);
    if (rc < 0) return;
    readiness_row_t *rows;
    int n;
    if (readiness_list(r->db, &e, &r->a, wbp->id, &rows, &n) < 0) return;
    buf_t *b = &w->body;
    bool can = route_role_may(r->user.role, "POST", arena_printf(&r->a, "/wbp/%lld/readiness", (long long)wbp->id));
    h(b, "<h2 id=\"kesiapan\">%s (%s)</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Kesiapan bebas"), readiness_progress(r, wbp->id), _("Butir"), _("Keadaan"), _("Tanggal"), _("Catatan"));
    for (int i = 0; i < rr.n; i++) {
        const readiness_row_t *x = find(rows, n, rr.items[i].code);
        h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", readiness_label(&rr.items[i]),
          x ? state_label(x->state) : _("belum"), x ? fmt_date_id(&r->a, x->state_date) : "-", x && x->note ? x->note : "");
    }
    h(b, "</tbody></table>");
    if (!can) return;
    char t[DATE_ISO_LEN];
    date_format(today_date(), t);
    h(b, "<form method=\"post\" action=\"/wbp/%D/readiness\" class=\"filters\">", wbp->id);
    h_csrf(r, b);
    h(b, "<div><label for=\"rd-item\">%s</label><select id=\"rd-item\" name=\"item\">", _("Butir"));
    for (int i = 0; i < rr.n; i++) h(b, "<option value=\"%s\">%s</option>", rr.items[i].code, readiness_label(&rr.items[i]));
    h(b, "</select></div><div><label for=\"rd-state\">%s</label><select id=\"rd-state\" name=\"state\">", _("Keadaan"));
    for (size_t i = 0; i < ARRAY_LEN(state_codes); i++)
        h(b, "<option value=\"%s\">%s</option>", state_codes[i], _(state_labels[i]));
    h(b, "</select></div><div><label for=\"rd-date\">%s</label><input id=\"rd-date\" name=\"date\" type=\"date\" "
         "value=\"%s\"></div><div><label for=\"rd-note\">%s</label><input id=\"rd-note\" name=\"note\" maxlength=\"300\">"
         "</div><div><button type=\"submit\">%s</button></div></form>",
      _("Tanggal"), t, _("Catatan (nomor rekening, pemberi kerja, ...)"), _("Simpan kesiapan"));
}

/* Checks and records one item; field faults into fe. 0 or -1 (r->err set). */
static int record(req_t *r, const rec_t *wbp, const char *item, const char *state, const char *date, const char *note,
                  field_errs_t *fe)
{
    readiness_rules_t rr;
    if (rules(r, &rr) < 0) return -1;
    date_t d;
    if (!item || !readiness_item(&rr, item)) field_err(fe, "item", "%s", _("Butir kesiapan tidak dikenal"));
    if (!readiness_state_valid(state)) field_err(fe, "state", "%s", _("Keadaan harus belum, proses, selesai atau tidak_perlu"));
    if (date && *date && (!date_parse(date, &d) || d > today_date()))
        field_err(fe, "date", "%s", _("Tanggal harus tanggal YYYY-MM-DD, tidak sesudah hari ini"));
    if (note && strlen(note) > 300) field_err(fe, "note", "%s", _("Catatan paling banyak 300 karakter"));
    if (fe->n) return 0;
    char t[DATE_ISO_LEN];
    date_format(today_date(), t);
    err_t e;
    err_clear(&e);
    if (readiness_set(r->db, &e, web_actor(r), wbp->site_id, wbp->id, item, state, date && *date ? date : t, note) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_readiness_set(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    field_errs_t fe = {0};
    if (record(r, &wbp, req_form(r, "item"), req_form(r, "state"), req_form(r, "date"), req_form(r, "note"), &fe) < 0)
        return -1;
    if (fe.n) return web_fail(r, 422, "invalid", "%s", fe.e[0].msg);
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld#kesiapan", (long long)wbp.id));
    return 0;
}

static int reply(req_t *r, resp_t *w, const rec_t *wbp)
{
    readiness_rules_t rr;
    if (rules(r, &rr) < 0) return -1;
    readiness_row_t *rows;
    int n;
    err_t e;
    err_clear(&e);
    if (readiness_list(r->db, &e, &r->a, wbp->id, &rows, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    int done = 0;
    for (int i = 0; i < rr.n; i++) {
        const readiness_row_t *x = find(rows, n, rr.items[i].code);
        if (x && readiness_state_done(x->state)) done++;
        json_t *o = json_pack("{s:s,s:s,s:s}", "item", rr.items[i].code, "label", readiness_label(&rr.items[i]), "state",
                              x ? x->state : "belum");
        json_object_set_new(o, "state_date", x ? json_string(x->state_date) : json_null());
        json_object_set_new(o, "note", x && x->note ? json_string(x->note) : json_null());
        json_array_append_new(items, o);
    }
    return resp_json(w, 200, json_pack("{s:I,s:o,s:i,s:i,s:i}", "wbp_id", (json_int_t)wbp->id, "items", items, "done", done, "total",
                                       rr.n, "weeks", rr.weeks));
}

int api_readiness_get(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    return reply(r, w, &wbp);
}

int api_readiness_set(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    static const char *const allowed[] = {"item", "state", "date", "note", NULL};
    const char *v[4];
    int rc;
    if (!web_json_read(r, w, allowed, v, &rc)) return rc;
    field_errs_t fe = {0};
    if (record(r, &wbp, v[0], v[1], v[2], v[3], &fe) < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    return reply(r, w, &wbp);
}
