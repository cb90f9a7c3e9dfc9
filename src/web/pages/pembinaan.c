/* pembinaan.c — remisi, discipline (Register F) and SPPN records of a WBP:
 * the sections on the WBP page, their add forms, cancellation of a discipline
 * record, and the matching API. One generic implementation over the field tables. */
#include "../pages.h"
#include "../../core/pembinaan.h"
#include "../../core/wbp.h"
#include "../../store/settings.h"
#include <stdlib.h>
#include <string.h>

#define PEMBINAAN_WRITE (R_ADMIN | R_STAF | R_WALI) /* same as the route table */

typedef void (*validate_fn)(const char **v, const char *today, field_errs_t *fe);
static const struct kind {
    const record_def_t *def;
    const char *slug, *order;
    validate_fn validate;
} kinds[] = {
    {&remisi_def, "remisi", "granted_date", remisi_validate},
    {&discipline_def, "discipline", "decision_date", discipline_validate},
    {&sppn_def, "sppn", "month", sppn_validate},
};

static const char *show_value(req_t *r, const field_def_t *f, const char *v)
{
    if (!v) return "-";
    if (f->type == FT_DATE) return fmt_date_id(&r->a, v);
    if (f->type == FT_BOOL) return str_eq(v, "1") ? _("Ya") : _("Tidak");
    return rec_choice_label(f, v);
}

static void add_form(req_t *r, buf_t *b, const struct kind *k, int64_t wbp_id)
{
    const record_def_t *d = k->def;
    h(b, "<details><summary>%s</summary><form method=\"post\" action=\"/wbp/%D/%s\" class=\"filters\">",
      arena_printf(&r->a, _("Tambah %s"), _(d->title)), wbp_id, k->slug);
    h_csrf(r, b);
    for (int i = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        if (d == &discipline_def && (i == DF_CANCELLED || i == DF_CANCEL_REASON)) continue;
        h(b, "<div><label for=\"%s-%s\">%s%R</label>", k->slug, f->name, _(f->label), f->required ? " *" : "");
        if (f->type == FT_ENUM) {
            h(b, "<select id=\"%s-%s\" name=\"%s\">", k->slug, f->name, f->name);
            for (int c = 0; f->choices[c]; c++)
                h(b, "<option value=\"%s\">%s</option>", f->choices[c], f->clabels ? _(f->clabels[c]) : f->choices[c]);
            h(b, "</select>");
        } else if (f->type == FT_BOOL)
            h(b, "<select id=\"%s-%s\" name=\"%s\"><option value=\"0\">%s</option><option value=\"1\">%s</option>"
                 "</select>",
              k->slug, f->name, f->name, _("Tidak"), _("Ya"));
        else
            h(b, "<input id=\"%s-%s\" name=\"%s\" type=\"%R\"%R>", k->slug, f->name, f->name,
              f->type == FT_DATE ? "date" : f->type == FT_INT ? "number" : f->type == FT_MONTH ? "month" : "text",
              f->type == FT_INT ? " min=\"0\"" : "");
        h(b, "</div>");
    }
    h(b, "<div><button type=\"submit\">%s</button></div></form></details>",
      _("Simpan"));
}

void pembinaan_sections(req_t *r, resp_t *w, const rec_t *wbp)
{
    buf_t *b = &w->body;
    bool can_write = role_bit(r->user.role) & PEMBINAAN_WRITE;
    for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
        const record_def_t *d = kinds[k].def;
        rec_t *rows;
        int n;
        err_t e;
        err_clear(&e);
        if (rec_list_children(r->db, &e, &r->a, d, r->user.id, wbp->id, kinds[k].order, &rows, &n) < 0) continue;
        h(b, "<h2 id=\"%s\">%s</h2>", kinds[k].slug, _(d->title));
        if (d == &discipline_def && req_query(r, "regf"))
            h(b, "<p class=\"notice\" role=\"status\">%s</p>",
              _("Hukuman disiplin berat dicatat di Register F (dicentang otomatis): hukuman berat selalu dicatat di "
                "Register F dan menghalangi asimilasi."));
        h(b, "<table><thead><tr>");
        for (int i = 0; i < d->nfields; i++) h(b, "<th scope=\"col\">%s</th>", _(d->fields[i].label));
        if (d == &discipline_def && can_write) h(b, "<th scope=\"col\">%s</th>",
                                                 _("Tindakan"));
        h(b, "</tr></thead><tbody>");
        for (int j = 0; j < n; j++) {
            h(b, "<tr>");
            for (int i = 0; i < d->nfields; i++) h(b, "<td>%s</td>", show_value(r, &d->fields[i], rows[j].v[i]));
            if (d == &discipline_def && can_write) {
                h(b, "<td>");
                if (!str_eq(rows[j].v[DF_CANCELLED], "1")) {
                    h(b, "<form method=\"post\" action=\"/discipline/%D/cancel\">", rows[j].id);
                    h_csrf(r, b);
                    h(b, "<label for=\"cr-%D\">%s</label><input id=\"cr-%D\" name=\"cancel_reason\" required> "
                         "<button type=\"submit\">%s</button></form>",
                      rows[j].id, _("Alasan pembatalan"), rows[j].id, _("Batalkan"));
                }
                h(b, "</td>");
            }
            h(b, "</tr>");
        }
        if (n == 0)
            h(b, "<tr><td colspan=\"%d\">%s</td></tr>",
              d->nfields + (d == &discipline_def && can_write ? 1 : 0), _("Belum ada data."));
        h(b, "</tbody></table>");
        if (can_write) add_form(r, b, &kinds[k], wbp->id);
    }
}

struct ins_ctx {
    const record_def_t *d;
    const actor_t *who;
    int64_t site_id, parent, id;
    const char **v;
};
static int do_insert(db_t *db, void *vc, err_t *e)
{
    struct ins_ctx *c = vc;
    c->id = rec_insert_child(db, e, c->d, c->who, c->site_id, c->parent, c->v);
    return c->id < 0 ? -1 : 0;
}

/* Validates v (already filled) and inserts it under the WBP; on field errors
 * fills fe and returns 0 without writing. Returns -1 with r->err on failure. */
static int save_child(req_t *r, const struct kind *k, const rec_t *wbp, const char **v, field_errs_t *fe, int64_t *id,
                      bool *ticked)
{
    char today[11];
    today_iso(today);
    rec_finish(k->def, v, fe);
    k->validate(v, today, fe);
    *ticked = k->def == &discipline_def && discipline_tick_register_f(v);
    if (k->def == &remisi_def && !fe->n) {
        /* the largest single grant of its kind: dated setting remisi.max_days.KIND */
        int64_t max_days = 0;
        err_t se;
        err_clear(&se);
        const char *name = arena_printf(&r->a, "remisi.max_days.%s", v[RF_KIND] ? v[RF_KIND] : "lainnya");
        if (setting_int(r->db, &se, name, wbp->site_id, v[RF_GRANTED_DATE] ? v[RF_GRANTED_DATE] : today, &max_days) < 0)
            max_days = 0;
        remisi_check(v, wbp->v[WF_SENTENCE_KIND], max_days, fe);
    }
    if (fe->n) return 0;
    struct ins_ctx c = {k->def, web_actor(r), wbp->site_id, wbp->id, 0, v};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_insert, &c, &e) < 0) {
        if (db_err_conflict(&e)) {
            field_err(fe, k->def->fields[0].name, _("Data untuk %s ini sudah ada"), _(k->def->fields[0].label));

            return 0;
        }
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    *id = c.id;
    return 0;
}

static int page_child_create(req_t *r, resp_t *w, const struct kind *k)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const record_def_t *d = k->def;
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    for (int i = 0; i < d->nfields; i++) rec_set(&r->a, d, v, i, req_form(r, d->fields[i].name), &fe);
    int64_t id = 0;
    bool ticked = false;
    if (save_child(r, k, &wbp, v, &fe, &id, &ticked) < 0) return -1;
    if (fe.n) {
        return web_refused_page(r, w, arena_printf(&r->a, _("%s tidak tersimpan"), _(d->title)), &fe,
                                arena_printf(&r->a, "/wbp/%lld#%s", (long long)wbp.id, k->slug), _("Kembali ke data WBP"));
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1%s#%s", (long long)wbp.id, ticked ? "&regf=1" : "", k->slug));
    return 0;
}
int page_remisi_create(req_t *r, resp_t *w) { return page_child_create(r, w, &kinds[0]); }
int page_discipline_create(req_t *r, resp_t *w) { return page_child_create(r, w, &kinds[1]); }
int page_sppn_create(req_t *r, resp_t *w) { return page_child_create(r, w, &kinds[2]); }

struct upd_ctx {
    const actor_t *who;
    const rec_t *before;
    const char **v;
};
static int do_update(db_t *db, void *vc, err_t *e)
{
    struct upd_ctx *c = vc;
    return rec_update(db, e, &discipline_def, c->who, c->before, c->v);
}

/* Cancels a discipline record (it then no longer blocks asimilasi), with a reason. */
int page_discipline_cancel(req_t *r, resp_t *w)
{
    rec_t rec;
    err_t e;
    err_clear(&e);
    int rc = rec_load(r->db, &e, &r->a, &discipline_def, r->user.id, r->id, &rec);
    if (rc <= 0) return web_found(r, rc, &e, _("catatan disiplin tidak ditemukan"));
    const char *reason = req_form(r, "cancel_reason");
    const char **v = arena_alloc(&r->a, sizeof(char *) * DF_COUNT);
    memcpy(v, rec.v, sizeof(char *) * DF_COUNT);
    field_errs_t fe = {0};
    rec_set(&r->a, &discipline_def, v, DF_CANCEL_REASON, reason, &fe);
    v[DF_CANCELLED] = "1";
    discipline_validate(v, NULL, &fe);
    if (fe.n) return web_fail(r, 422, "validation", "%s", fe.e[0].msg);
    struct upd_ctx c = {web_actor(r), &rec, v};
    if (db_tx(r->db, do_update, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1#discipline", (long long)rec.parent_id));
    return 0;
}

/* API: GET lists, POST adds (JSON object with the record's fields). */
static json_t *child_json(const record_def_t *d, const rec_t *row)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(row->id));
    json_t *f = rec_to_json(d, row->v);
    json_object_update(o, f);
    json_decref(f);
    return o;
}
static int api_child_list(req_t *r, resp_t *w, const struct kind *k)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    rec_t *rows;
    int n;
    err_t e;
    err_clear(&e);
    if (rec_list_children(r->db, &e, &r->a, k->def, r->user.id, wbp.id, k->order, &rows, &n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, child_json(k->def, &rows[i]));
    return resp_json(w, 200, json_pack("{s:I,s:o}", "wbp_id", (json_int_t)wbp.id, "items", items));
}
static int api_child_create(req_t *r, resp_t *w, const struct kind *k)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const record_def_t *d = k->def;
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    web_json_to_values(r, d, body, v, &fe);
    json_decref(body);
    int64_t id = 0;
    bool ticked = false;
    if (fe.n == 0 && save_child(r, k, &wbp, v, &fe, &id, &ticked) < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    rec_t row = {.id = id, .v = v};
    json_t *j = child_json(d, &row);
    if (ticked)
        json_object_set_new(j, "notice", json_string(_("Hukuman disiplin berat dicatat di Register F (dicentang otomatis).")));
    return resp_json(w, 201, j);
}
int api_remisi_list(req_t *r, resp_t *w) { return api_child_list(r, w, &kinds[0]); }
int api_discipline_list(req_t *r, resp_t *w) { return api_child_list(r, w, &kinds[1]); }
int api_sppn_list(req_t *r, resp_t *w) { return api_child_list(r, w, &kinds[2]); }
int api_remisi_create(req_t *r, resp_t *w) { return api_child_create(r, w, &kinds[0]); }
int api_discipline_create(req_t *r, resp_t *w) { return api_child_create(r, w, &kinds[1]); }
int api_sppn_create(req_t *r, resp_t *w) { return api_child_create(r, w, &kinds[2]); }
