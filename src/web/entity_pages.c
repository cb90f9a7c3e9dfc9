/* entity_pages.c — the generic HTML pages of an entity (entity.h): list with
 * search, filters, sort and paging; CSV export of the filtered list; the record
 * page with its child sections and change history; create/edit forms with field
 * errors next to the fields; child create/delete from the owner's page. */
#include "entity.h"
#include "listout.h"
#include "../core/csv.h"
#include <stdlib.h>
#include <string.h>

static void select_enum(buf_t *b, const field_def_t *f, const char *cur, const char *empty_label)
{
    if (empty_label) h(b, "<option value=\"\">%s</option>", empty_label);
    for (int k = 0; f->choices[k]; k++)
        h(b, "<option value=\"%s\"%R>%s</option>", f->choices[k], str_eq(cur, f->choices[k]) ? " selected" : "",
          f->clabels ? _(f->clabels[k]) : f->choices[k]);
}

static void select_ref(req_t *r, buf_t *b, const ent_ref_t *ref, int64_t site_id, const char *cur,
                       const char *empty_label)
{
    ent_options_t o;
    if (ref->target && !ent_can(r, "GET", arena_printf(&r->a, "/%s", ref->target->slug))) {
        /* a user who may not list the target (an instructor and agreements) keeps the current value only */
        if (empty_label) h(b, "<option value=\"\">%s</option>", empty_label);
        if (cur) h(b, "<option value=\"%s\" selected>%s</option>", cur, ent_ref_label(r, ref, cur));
        return;
    }
    if (ent_ref_options(r, ref, site_id, &o) < 0) o.n = 0;
    if (empty_label) h(b, "<option value=\"\">%s</option>", empty_label);
    for (int i = 0; i < o.n; i++) {
        const char *id = arena_printf(&r->a, "%lld", (long long)o.id[i]);
        h(b, "<option value=\"%s\"%R>%s</option>", id, str_eq(cur, id) ? " selected" : "", o.label[i]);
    }
}

/* The whole filtered list for the print view and the exports (listout.h): the
 * list's columns, and the site when the user sees several. */
struct ent_rows {
    const entity_t *en;
    rec_query_t q;
    bool site;
};

static int ent_rows(req_t *r, void *vc, int page, int per_page, rep_table_t *t)
{
    struct ent_rows *c = vc;
    c->q.page = page;
    c->q.per_page = per_page;
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (rec_list(r->db, &e, &r->a, c->en->def, r->user.id, &c->q, &pg) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    for (int i = 0; i < pg.n; i++) {
        rep_row(t);
        for (const int *col = c->en->list_cols; *col >= 0; col++) rep_text(t, ent_display(r, c->en, &pg.rows[i], *col));
        if (c->site) rep_text(t, pg.rows[i].site_code);
    }
    return pg.n;
}

static int ent_list_out(req_t *r, resp_t *w, const entity_t *en, const rec_query_t *q, list_mode_t mode)
{
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    struct ent_rows c = {en, *q, sites.n > 1};
    int n = 0;
    for (const int *col = en->list_cols; *col >= 0; col++) n++;
    rep_col_t *cols = arena_alloc(&r->a, sizeof *cols * (size_t)(n + 1));
    n = 0;
    for (const int *col = en->list_cols; *col >= 0; col++) cols[n++] = (rep_col_t){_(en->def->fields[*col].label), REP_TEXT, false};
    if (c.site) cols[n++] = (rep_col_t){_("Lokasi"), REP_TEXT, false};
    list_out_t l = {_(en->title), en->slug, cols, n, ent_rows, &c, 0, NULL, en->def};
    return web_list_serve(r, w, mode, &l);
}

int ent_page_list(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    rec_query_t q;
    list_mode_t mode;
    if (web_list_mode(r, &mode) < 0) return -1;
    if (ent_query_from_req(r, en, &q) < 0) return -1;
    if (mode != LIST_HTML) return ent_list_out(r, w, en, &q, mode);
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (rec_list(r->db, &e, &r->a, d, r->user.id, &q, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    const char *base = arena_printf(&r->a, "/%s", en->slug);
    page_begin(r, w, _(en->title));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"%s\" role=\"search\">", base);
    if (en->search) {
        /* a search on the inmate (wbp_owned_filter) looks at the name and the registration number */
        if (str_eq(d->fields[en->search[0]].name, "wbp_id"))
            h(b, "<div><label for=\"q\">%s", _("Cari nama / no. registrasi WBP"));
        else {
            h(b, "<div><label for=\"q\">%s", _("Cari"));
            for (const int *s = en->search; *s >= 0; s++) h(b, "%R%s", s == en->search ? " " : " / ", _(d->fields[*s].label));
        }
        h(b, "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div>", q.q ? q.q : "");
    }
    for (const int *f = en->filters; f && *f >= 0; f++) {
        const field_def_t *fd = &d->fields[*f];
        const char *cur = req_query(r, fd->name);
        const ent_ref_t *ref = ent_ref_for(en, *f);
        h(b, "<div><label for=\"f-%s\">%s</label>", fd->name, _(fd->label));
        if (ref) {
            h(b, "<select id=\"f-%s\" name=\"%s\">", fd->name, fd->name);
            select_ref(r, b, ref, 0, cur, _("Semua"));
            h(b, "</select>");
        } else if (fd->type == FT_ENUM) {
            h(b, "<select id=\"f-%s\" name=\"%s\">", fd->name, fd->name);
            select_enum(b, fd, cur, _("Semua"));
            h(b, "</select>");
        } else if (fd->type == FT_BOOL)
            h(b, "<select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option><option value=\"1\"%R>%s</option>"
                 "<option value=\"0\"%R>%s</option></select>",
              fd->name, fd->name, _("Semua"), str_eq(cur, "1") ? " selected" : "", _("Ya"), str_eq(cur, "0") ? " selected" : "", _("Tidak"));
        else
            h(b, "<input id=\"f-%s\" name=\"%s\" type=\"%R\" value=\"%s\">", fd->name, fd->name,
              fd->type == FT_INT ? "number" : fd->type == FT_DATE ? "date" : "text", cur ? cur : "");
        h(b, "</div>");
    }
    web_site_select(r, b, &sites);
    h(b, "<div><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
      _("Terapkan"), base, _("Atur ulang"));
    h(b, "<div class=\"actions\">");
    if (ent_can(r, "GET", arena_printf(&r->a, "/%s/new", en->slug)))
        h(b, "<a class=\"button\" href=\"/%s/new\">%s</a>", en->slug, arena_printf(&r->a, _("Tambah %s"), i18n_pgettext("one", en->one)));
    const char *filters = strchr(web_list_link(r, base, "page", ""), '?');
    h(b, "</div>");
    web_list_links_raw(r, b, arena_printf(&r->a, "/%s.csv%s", en->slug, filters ? filters : ""));
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>",
      arena_printf(&r->a, _("%lld %s ditemukan."), (long long)pg.total, i18n_pgettext("one", en->one)));
    h(b, "<table><caption class=\"muted\">%s</caption><thead><tr>", arena_printf(&r->a, _("Halaman %d"), q.page));
    int ncols = 0;
    for (const int *c = en->list_cols; *c >= 0; c++, ncols++) {
        bool sortable = false;
        for (const int *s = en->sort; s && *s >= 0; s++) sortable |= *s == *c;
        if (!sortable) {
            h(b, "<th scope=\"col\">%s</th>", _(d->fields[*c].label));
            continue;
        }
        /* an inmate column sorts by the inmate's name (REC_SORT_WBP) */
        bool cur = q.sort == *c || (q.sort == REC_SORT_WBP && str_eq(d->fields[*c].name, "wbp_id"));
        web_sort_th(r, b, base, d->fields[*c].name, _(d->fields[*c].label), cur, q.desc);
    }
    if (sites.n > 1) web_sort_th(r, b, base, "site", _("Lokasi"), q.sort == REC_SORT_SITE, q.desc);
    h(b, "</tr></thead><tbody>");
    for (int i = 0; i < pg.n; i++) {
        h(b, "<tr>");
        for (const int *c = en->list_cols; *c >= 0; c++) {
            const char *txt = ent_display(r, en, &pg.rows[i], *c);
            if (c == en->list_cols)
                h(b, "<td><a href=\"/%s/%D\">%s</a></td>", en->slug, pg.rows[i].id, txt);
            else
                h(b, "<td>%s</td>", txt);
        }
        if (sites.n > 1) h(b, "<td>%s</td>", pg.rows[i].site_code);
        h(b, "</tr>");
    }
    if (pg.n == 0) h(b, "<tr><td colspan=\"%d\">%s</td></tr>",
                     ncols + (sites.n > 1), _("Tidak ada data yang cocok."));
    h(b, "</tbody></table>");
    web_pager(r, b, base, q.page, pg.total, q.per_page);
    if (en->list_extra) en->list_extra(r, w);
    return page_end(r, w);
}

/* CSV of the filtered list (every page): id, site, the owner's id for a child, then
 * every field, each reference followed by its label column. */
int ent_page_csv(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    rec_query_t q;
    if (ent_query_from_req(r, en, &q) < 0) return -1;
    err_t e;
    err_clear(&e);
    resp_file(r, w, "text/csv; charset=utf-8", false, arena_printf(&r->a, "%s.csv", en->slug));
    buf_t *b = &w->body;
    buf_puts(b, "\xEF\xBB\xBF" "id,site");
    if (d->parent) buf_printf(b, ",%s", d->parent);
    for (int i = 0; i < d->nfields; i++) {
        buf_printf(b, ",%s", d->fields[i].name);
        const ent_ref_t *ref = ent_ref_for(en, i);
        if (ref) buf_printf(b, ",%s", ref->label_key);
    }
    buf_puts(b, "\r\n");
    q.per_page = 500;
    for (q.page = 1;; q.page++) {
        rec_page_t pg;
        if (rec_list(r->db, &e, &r->a, d, r->user.id, &q, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        for (int i = 0; i < pg.n; i++) {
            const rec_t *row = &pg.rows[i];
            buf_printf(b, "%lld,", (long long)row->id);
            csv_write_cell(b, row->site_code, ',');
            if (d->parent) buf_printf(b, ",%lld", (long long)row->parent_id);
            for (int k = 0; k < d->nfields; k++) {
                buf_putc(b, ',');
                csv_write_cell(b, row->v[k], ',');
                const ent_ref_t *ref = ent_ref_for(en, k);
                if (ref) {
                    buf_putc(b, ',');
                    csv_write_cell(b, row->v[k] ? ent_ref_label(r, ref, row->v[k]) : NULL, ',');
                }
            }
            buf_puts(b, "\r\n");
        }
        if (pg.n < q.per_page) break;
    }
    return 0;
}

/* One form control for field i of en (id prefix p keeps several forms on a page apart). */
static void field_control(req_t *r, buf_t *b, const entity_t *en, int i, const char *val, const field_errs_t *fe,
                          int64_t site_id, const char *p)
{
    const field_def_t *f = &en->def->fields[i];
    const char *msg = field_errs_for(fe, f->name);
    const char *inv = msg ? " aria-invalid=\"true\"" : "";
    const char *desc = msg ? arena_printf(&r->a, " aria-describedby=\"%sm-%s\"", p, f->name) : "";
    const ent_ref_t *ref = ent_ref_for(en, i);
    if (f->type == FT_FIXED && val) {
        char t[40];
        val = arena_strdup(&r->a, rec_fixed_text(strtoll(val, NULL, 10), f->scale, t, sizeof t));
    }
    h(b, "<div class=\"field\"><label for=\"%sf-%s\">%s%R</label>", p, f->name, _(f->label), f->required ? " *" : "");
    if (ref) {
        h(b, "<select id=\"%sf-%s\" name=\"%s\"%R%R>", p, f->name, f->name, inv, desc);
        select_ref(r, b, ref, site_id, val, f->required ? _("— pilih —") : "—");
        h(b, "</select>");
    } else if (f->type == FT_ENUM) {
        h(b, "<select id=\"%sf-%s\" name=\"%s\"%R%R>", p, f->name, f->name, inv, desc);
        select_enum(b, f, val, f->required && !val ? _("— pilih —") : (!f->required && !f->def ? "—" : NULL));
        h(b, "</select>");
    } else if (f->type == FT_BOOL) {
        h(b, "<select id=\"%sf-%s\" name=\"%s\"%R%R><option value=\"0\"%R>%s</option><option value=\"1\"%R>%s"
             "</option></select>",
          p, f->name, f->name, inv, desc, str_eq(val, "1") ? "" : " selected", _("Tidak"), str_eq(val, "1") ? " selected" : "", _("Ya"));
    } else if (f->type == FT_TEXT && f->max > 300) {
        h(b, "<textarea id=\"%sf-%s\" name=\"%s\" rows=\"4\"%R%R>%s</textarea>", p, f->name, f->name, inv, desc,
          val ? val : "");
    } else {
        h(b, "<input id=\"%sf-%s\" name=\"%s\" type=\"%R\" value=\"%s\"%R%R%R>", p, f->name, f->name,
          f->type == FT_DATE ? "date" : f->type == FT_INT ? "number" : f->type == FT_MONTH ? "month" : "text",
          val ? val : "", f->type == FT_INT ? " min=\"0\"" : f->type == FT_FIXED ? " inputmode=\"decimal\"" : "", inv,
          desc);
    }
    if (msg) h(b, "<div class=\"msg\" id=\"%sm-%s\">%s</div>", p, f->name, msg);
    h(b, "</div>");
}

static void error_summary(buf_t *b, const field_errs_t *fe)
{
    if (!fe || !fe->n) return;
    h(b, "<div class=\"error\" role=\"alert\"><p>%s</p><ul>",
      _("Periksa kembali isian berikut:"));
    for (int i = 0; i < fe->n; i++) h(b, "<li><a href=\"#f-%s\">%s</a></li>", fe->e[i].field, fe->e[i].msg);
    h(b, "</ul></div>");
}

/* The create/edit form. v NULL: defaults. sites: a site choice (create of a
 * top-level record by a user with several sites), else NULL. */
static void ent_form(req_t *r, resp_t *w, const entity_t *en, const char *action, const char *cancel,
                     const char **v, const field_errs_t *fe, const site_list_t *sites, int64_t site_id)
{
    buf_t *b = &w->body;
    error_summary(b, fe);
    h(b, "<form method=\"post\" action=\"%s\" novalidate>", action);
    h_csrf(r, b);
    h(b, "<div class=\"grid\">");
    if (sites && sites->n > 1) web_site_field(b, sites, site_id, NULL);
    for (int i = 0; i < en->def->nfields; i++)
        if (!ent_readonly(en, i))
            field_control(r, b, en, i, v ? v[i] : en->def->fields[i].def, fe, sites && sites->n > 1 ? 0 : site_id, "");
    if (en->form_extra) en->form_extra(r, b, v, fe);
    h(b, "</div><p class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></p></form>",
      _("Simpan"), cancel, _("Batal"));
}

/* Reads every field of the submitted form into v (normalised; errors into fe). */
static const char **values_from_form(req_t *r, const entity_t *en, field_errs_t *fe)
{
    const record_def_t *d = en->def;
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    for (int i = 0; i < d->nfields; i++)
        if (!ent_readonly(en, i)) rec_set(&r->a, d, v, i, req_form(r, d->fields[i].name), fe);
    return v;
}

int ent_page_new(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    site_list_t sites;
    err_t e;
    err_clear(&e);
    if (web_user_sites(r, &sites) < 0) return -1;
    /* fields may be prefilled from the query string (/programs/new?agreement_id=3&phase=1) */
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    field_errs_t ignored = {0};
    for (int i = 0; i < d->nfields; i++) {
        v[i] = NULL;
        const char *qv = req_query(r, d->fields[i].name);
        if (qv && *qv) rec_set(&r->a, d, v, i, qv, &ignored);
    }
    if (en->defaults) en->defaults(r, r->db, NULL, v, &e);
    for (int i = 0; i < d->nfields; i++)
        if (!v[i]) v[i] = d->fields[i].def;
    page_begin(r, w, arena_printf(&r->a, _("Tambah %s"), i18n_pgettext("one", en->one)));
    ent_form(r, w, en, arena_printf(&r->a, "/%s", en->slug), arena_printf(&r->a, "/%s", en->slug), v, NULL, &sites,
             sites.n ? sites.id[0] : 0);
    return page_end(r, w);
}

/* The page after a failed create/update: the form again with the errors (422). */
static int form_again(req_t *r, resp_t *w, const entity_t *en, const char *title, const char *action,
                      const char *cancel, const char **v, const field_errs_t *fe, bool with_sites, int64_t site_id)
{
    site_list_t sites;
    err_t e;
    err_clear(&e);
    if (with_sites && site_list_for(r->db, &e, &r->a, r->user.id, &sites) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, title);
    ent_form(r, w, en, action, cancel, v, fe, with_sites ? &sites : NULL, site_id);
    page_end(r, w);
    w->status = 422;
    return 0;
}

int ent_page_create(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t *parent;
    if (ent_load_parent(r, en, r->id, &parent) < 0) return -1;
    int64_t site_id = parent ? parent->site_id : ent_pick_site(r, en, req_form(r, "site"));
    if (site_id < 0) return -1;
    field_errs_t fe = {0};
    const char **v = values_from_form(r, en, &fe);
    int64_t id = 0;
    web_review_t rv;
    bool review = en->review && !web_review_confirmed(r);
    if (review) review_init(&rv, arena_printf(&r->a, _("Tinjau %s"), i18n_pgettext("one", en->one)), NULL);
    if ((review ? ent_save_review(r, en, parent, site_id, v, &fe, &rv)
                : ent_save(r, en, NULL, parent, site_id, v, NULL, &fe, &id)) < 0)
        return -1;
    if (review && !fe.n) /* the write as it would be, run and rolled back: review it first */
        return web_review_page(r, w, &rv, en->review_button ? _(en->review_button) : _("Ya, simpan"),
                               en->parent ? arena_printf(&r->a, "/%s/%lld", en->parent->slug, (long long)parent->id)
                                          : web_review_edit_url(r, arena_printf(&r->a, "/%s/new", en->slug)));
    if (fe.n) {
        const char *action = en->parent ? r->path : arena_printf(&r->a, "/%s", en->slug);
        const char *cancel = en->parent ? arena_printf(&r->a, "/%s/%lld", en->parent->slug, (long long)parent->id)
                                        : arena_printf(&r->a, "/%s", en->slug);
        return form_again(r, w, en, arena_printf(&r->a, _("Tambah %s"), i18n_pgettext("one", en->one)), action, cancel, v, &fe, !en->parent,
                          site_id);
    }
    if (en->parent)
        resp_redirect(w, arena_printf(&r->a, "/%s/%lld?saved=1#%s", en->parent->slug, (long long)parent->id,
                                      en->child_key));
    else
        resp_redirect(w, arena_printf(&r->a, "/%s/%lld?saved=1", en->slug, (long long)id));
    return 0;
}

int ent_page_edit(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Ubah %s"), i18n_pgettext("one", en->one)));
    ent_form(r, w, en, arena_printf(&r->a, "/%s/%lld", en->slug, (long long)rec.id), ent_url(r, en, &rec), rec.v,
             NULL, NULL, rec.site_id);
    return page_end(r, w);
}

int ent_page_update(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    rec_t *parent;
    if (ent_load_parent(r, en, rec.parent_id, &parent) < 0) return -1;
    field_errs_t fe = {0};
    const char **v = values_from_form(r, en, &fe);
    int64_t id = 0;
    if (ent_save(r, en, &rec, parent, rec.site_id, v, NULL, &fe, &id) < 0) return -1;
    if (fe.n)
        return form_again(r, w, en, arena_printf(&r->a, _("Ubah %s"), i18n_pgettext("one", en->one)), r->path, ent_url(r, en, &rec), v, &fe,
                          false, rec.site_id);
    const char *url = ent_url(r, en, &rec);
    const char *hash = strchr(url, '#');
    resp_redirect(w, hash ? arena_printf(&r->a, "%.*s?saved=1%s", (int)(hash - url), url, hash)
                          : arena_printf(&r->a, "%s?saved=1", url));
    return 0;
}

int ent_page_delete(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    const char *url = ent_url(r, en, &rec);
    if (!str_eq(req_form(r, "confirm"), "1")) { /* the delete buttons ask first, without JavaScript */
        const char *what = ent_display(r, en, &rec, en->label_field);
        page_begin(r, w, arena_printf(&r->a, _("Hapus %s?"), i18n_pgettext("one", en->one)));
        buf_t *b = &w->body;
        h(b, "<p>%s <strong>%s</strong></p><form method=\"post\" action=\"%s\" class=\"big\">",
          _("Data ini akan dihapus dan tidak dapat dikembalikan:"), what, r->path);
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> "
             "<a href=\"%s\">%s</a></form>",
          _("Ya, hapus"), url, _("Batal"));
        return page_end(r, w);
    }
    field_errs_t fe = {0};
    if (ent_delete(r, en, &rec, &fe) < 0) return -1;
    if (fe.n) {
        return web_refused_page(r, w, arena_printf(&r->a, _("%s tidak dapat dihapus"), i18n_pgettext("one", en->one)),
                                &fe, url, _("Kembali"));
    }
    const char *hash = strchr(url, '#');
    resp_redirect(w, hash ? arena_printf(&r->a, "%.*s?saved=1%s", (int)(hash - url), url, hash)
                          : arena_printf(&r->a, "%s?saved=1", url));
    return 0;
}

/* A child entity's section on its owner's page: the rows, edit/delete controls
 * and an add form, each shown only when the route table lets this user use it. */
static void child_section(req_t *r, resp_t *w, const entity_t *c, const rec_t *owner)
{
    buf_t *b = &w->body;
    const record_def_t *d = c->def;
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (ent_children(r, c, owner, &pg, &e) < 0) {
        h(b, "<p class=\"error\">%s</p>", arena_printf(&r->a, _("%s tidak dapat dimuat."), _(c->title)));
        return;
    }
    bool locked = c->locked && c->locked(r, owner);
    bool can_edit = !locked && ent_can(r, "GET", arena_printf(&r->a, "/%s/1/edit", c->slug));
    bool can_delete = !locked && ent_can(r, "POST", arena_printf(&r->a, "/%s/1/delete", c->slug));
    const char *add = arena_printf(&r->a, "/%s/%lld/%s", c->parent->slug, (long long)owner->id, c->child_key);
    bool can_add = !locked && ent_can(r, "POST", add);
    h(b, "<h2 id=\"%s\">%s</h2><table><thead><tr>", c->child_key, _(c->title));
    int ncols = 0;
    for (const int *col = c->list_cols; *col >= 0; col++, ncols++) h(b, "<th scope=\"col\">%s</th>", _(d->fields[*col].label));
    if (can_edit || can_delete) h(b, "<th scope=\"col\">%s</th>",
                                  _("Tindakan"));
    h(b, "</tr></thead><tbody>");
    for (int i = 0; i < pg.n; i++) {
        h(b, "<tr>");
        for (const int *col = c->list_cols; *col >= 0; col++) h(b, "<td>%s</td>", ent_display(r, c, &pg.rows[i], *col));
        if (can_edit || can_delete) {
            h(b, "<td>");
            if (can_edit) h(b, "<a href=\"/%s/%D/edit\">%s</a> ",
                            c->slug, pg.rows[i].id, _("Ubah"));
            if (can_delete) {
                h(b, "<form class=\"inline\" method=\"post\" action=\"/%s/%D/delete\">", c->slug, pg.rows[i].id);
                h_csrf(r, b);
                h(b, "<button type=\"submit\">%s</button></form>",
                  _("Hapus"));
            }
            h(b, "</td>");
        }
        h(b, "</tr>");
    }
    if (pg.n == 0) h(b, "<tr><td colspan=\"%d\">%s</td></tr>",
                     ncols + 1, _("Belum ada data."));
    h(b, "</tbody></table>");
    if (!can_add) return;
    h(b, "<details><summary>%s</summary><form method=\"post\" action=\"%s\" class=\"filters\">",
      arena_printf(&r->a, _("Tambah %s"), i18n_pgettext("one", c->one)), add);

    h_csrf(r, b);
    const char *prefix = arena_printf(&r->a, "%s-", c->child_key);
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    if (c->defaults) c->defaults(r, r->db, owner, v, &e);
    for (int i = 0; i < d->nfields; i++)
        if (!ent_readonly(c, i)) field_control(r, b, c, i, v[i] ? v[i] : d->fields[i].def, NULL, owner->site_id, prefix);
    h(b, "<div><button type=\"submit\">%s</button></div></form></details>",
      _("Simpan"));
}

int ent_page_show(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    /* the label as shown elsewhere: a reference by its name, a date or a choice by its text */
    const char *name = ent_display(r, en, &rec, en->label_field);
    page_begin(r, w, arena_printf(&r->a, "%s: %s", i18n_pgettext("one", en->one), name));
    buf_t *b = &w->body;
    if (req_query(r, "saved")) h(b, "<p class=\"notice\" role=\"status\">%s</p>",
                                 _("Data tersimpan."));
    h(b, "<div class=\"actions\">");
    if (ent_can(r, "GET", arena_printf(&r->a, "/%s/%lld/edit", en->slug, (long long)rec.id)))
        h(b, "<a class=\"button\" href=\"/%s/%D/edit\">%s</a>",
          en->slug, rec.id, _("Ubah"));
    h(b, "<a href=\"/%s\">%s</a></div><dl class=\"kv\"><dt>%s</dt><dd>%s</dd>",
      en->slug, arena_printf(&r->a, _("Kembali ke daftar %s"), _(en->title)), _("Lokasi"), rec.site_name);
    for (int i = 0; i < d->nfields; i++) {
        const ent_ref_t *ref = ent_ref_for(en, i);
        const char *txt = ent_display(r, en, &rec, i);
        if (ref && ref->target && rec.v[i] && !ref->target->parent &&
            ent_can(r, "GET", arena_printf(&r->a, "/%s/%s", ref->target->slug, rec.v[i])))
            h(b, "<dt>%s</dt><dd><a href=\"/%s/%s\">%s</a></dd>", _(d->fields[i].label), ref->target->slug, rec.v[i], txt);
        else
            h(b, "<dt>%s</dt><dd>%s</dd>", _(d->fields[i].label), txt && *txt ? txt : "-");
    }
    h(b, "</dl>");
    for (const entity_t *const *c = en->children; c && *c; c++) child_section(r, w, *c, &rec);
    if (en->show) en->show(r, w, &rec);
    web_history(r, b, d->entity, rec.id, rec.site_id);
    return page_end(r, w);
}
