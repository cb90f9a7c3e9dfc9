/* dashboard.c — the dashboard (per site, or the region of a Kanwil user) as a page
 * and as JSON, and the monthly report download, built from the section providers
 * of report/sections.h. GET /api/v1/dashboard?site=CODE|region=1&month=YYYY-MM: the
 * dashboard's sections as JSON, with the same access and scope as the /dashboard
 * page (dash_scope). Each section: its code, table
 * number, title, columns (title and type), rows, totals and its chart. Cells are
 * numbers for int and rupiah columns, a number with two decimals for percentages
 * (83.33 = 83,33 %), "YYYY-MM-DD" for dates, text, or null when empty. */
#include "../pages.h"
#include "../../store/movement_store.h"
#include "../memo.h"
#include "../../report/htmltab.h"
#include "../../report/sections.h"
#include "../../util/i18n.h"
#include <string.h>

/* A dashboard memo entry: its key and the data version it was computed at. */
typedef struct {
    const char *key;
    int64_t version;
} dash_memo_t;

/* ---------------------------------------------------------------- dashboard and report */

/* The dashboard's sections: each chart with its table beside it (below it on narrow screens). */
const char dash_css[] = "section.dash{display:flex;flex-wrap:wrap;gap:12px 20px;align-items:flex-start;margin:0 0 22px}"
                        "section.dash>svg{flex:0 1 640px;max-width:100%;height:auto;background:#fff}"
                        "section.dash>table{flex:1 1 380px;width:auto}";

/* The scope from ?site=CODE or ?region=1 (Kanwil: every site given; the default
 * for a Kanwil user); others default to their first site. *code gets the site
 * code (NULL for the region). 0, or -1 with r->err. */
static int dash_scope(req_t *r, const char **code)
{
    const char *s = req_query(r, "site"), *reg = req_query(r, "region");
    bool kanwil = str_eq(r->user.role, "kanwil");
    *code = NULL;
    if (reg && *reg && !str_eq(reg, "0")) {
        if (s && *s) return web_fail(r, 400, "bad_query", "%s", _("pilih site atau region, bukan keduanya"));
        if (!kanwil) return web_fail(r, 403, "forbidden", "%s", _("tampilan wilayah hanya untuk pengguna Kanwil"));
        return 0;
    }
    if (s && *s) {
        if (web_pick_site(r, s) < 0) return -1;
        *code = s;
        return 0;
    }
    if (kanwil) return 0;
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    if (!sites.n) return web_fail(r, 403, "forbidden", "%s", _("akun ini belum diberi lokasi"));
    *code = sites.code[0];
    return 0;
}

static const char *dash_this_month(req_t *r)
{
    char s[11];
    today_iso(s);
    return arena_printf(&r->a, "%.7s", s);
}

/* The memo key of the dashboard's sections for this request: besides the data they
 * depend on the view, the language, the month, today's date and the scope (the site,
 * or for the region every site the user sees). NULL with r->err on a database error. */
static const char *dash_memo_key(req_t *r, const char *view, const char *code, const char *month,
                                 const site_list_t *sites)
{
    char today[11];
    today_iso(today);
    buf_t k;
    buf_init(&k);
    buf_printf(&k, "dashboard|%s|%s|%s|%s|", view, r->lang ? r->lang : "id", month, today);
    if (code) {
        buf_printf(&k, "site:%s", code);
    } else {
        site_list_t own;
        err_t e;
        err_clear(&e);
        if (!sites && site_list_for(r->db, &e, &r->a, r->user.id, &own) < 0) {
            buf_release(&k);
            web_fail(r, e.status, e.code, "%s", e.msg);
            return NULL;
        }
        if (!sites) sites = &own;
        buf_puts(&k, "sites:");
        for (int i = 0; i < sites->n; i++) buf_printf(&k, "%s%lld", i ? "," : "", (long long)sites->id[i]);
    }
    const char *key = arena_strdup(&r->a, k.data);
    buf_release(&k);
    return key;
}

/* How long a request waits for another one computing the same view before it
 * computes too (memo_get_or_claim). */
#define DASH_MEMO_WAIT_S 60.0

static int dash_memo_get(req_t *r, const char *view, const char *code, const char *month, const site_list_t *sites,
                  dash_memo_t *m, buf_t *out)
{
    err_t e;
    err_clear(&e);
    m->key = dash_memo_key(r, view, code, month, sites);
    if (!m->key) return -1;
    m->version = memo_version(r->db, &e);
    if (m->version < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    /* one computation of a view at a time: requests for the same view wait for it
     * (a server that starts, or the first view after a change, under many
     * requests) rather than all computing it at once */
    return memo_get_or_claim(m->key, m->version, out, DASH_MEMO_WAIT_S) ? 1 : 0;
}

/* The month's report and its sections (*so) computed for a view the memo missed; NULL
 * with r->err, the memo's claim on the view given up, when it cannot be. */
static report_t *dash_compute(req_t *r, const dash_memo_t *m, const char *code, const char *month, sec_out_t **so)
{
    err_t e;
    err_clear(&e);
    *so = arena_alloc(&r->a, sizeof **so * (size_t)report_nsections);
    report_t *rep = report_monthly(r->db, &e, &r->a, r->user.id, month, code, *so);
    if (!rep) {
        memo_release(m->key);
        web_fail(r, e.status, e.code, "%s", e.msg);
    }
    return rep;
}

/* The dashboard's sections as HTML into out: from the memo (memo.h) when nothing
 * was written since they were computed for the same scope, month, language and
 * day; else computed now and kept. 0, or -1 with r->err (e.g. 400 bad month). */
static int dash_sections_html(req_t *r, const char *code, const char *month, const site_list_t *sites, buf_t *out)
{
    dash_memo_t m;
    int hit = dash_memo_get(r, "page", code, month, sites, &m, out);
    if (hit != 0) return hit < 0 ? -1 : 0;
    sec_out_t *so;
    report_t *rep = dash_compute(r, &m, code, month, &so);
    if (!rep) return -1;
    for (int i = 0; i < report_nsections; i++) {
        h(out, "<section class=\"dash\" id=\"%s\">", report_sections[i].code);
        if (so[i].has_chart) svg_chart(out, &so[i].chart);
        report_table_html(out, so[i].table, arena_printf(&r->a, "tabel-%s", report_sections[i].code));
        h(out, "</section>");
    }
    report_free(rep);
    memo_put(m.key, m.version, out->data, out->len);
    return 0;
}

int page_dashboard(req_t *r, resp_t *w)
{
    const char *code, *month = req_query(r, "month");
    if (dash_scope(r, &code) < 0) return -1;
    if (!month || !*month) month = dash_this_month(r);
    bool kanwil = str_eq(r->user.role, "kanwil");
    site_list_t sites = {0};
    err_t e;
    err_clear(&e);
    if (kanwil && site_list_for(r->db, &e, &r->a, r->user.id, &sites) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    buf_t secs;
    buf_init(&secs);
    if (dash_sections_html(r, code, month, kanwil ? &sites : NULL, &secs) < 0) {
        buf_release(&secs);
        return -1;
    }
    page_begin(r, w, code ? arena_printf(&r->a, "%s — %s", _("Dasbor"), code) : _("Dasbor wilayah"));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/dashboard\"><div><label for=\"month\">%s</label>"
         "<input id=\"month\" name=\"month\" value=\"%s\" pattern=\"[0-9]{4}-[0-9]{2}\"></div>",
      _("Bulan"), month);
    if (code) h(b, "<input type=\"hidden\" name=\"site\" value=\"%s\">", code);
    else h(b, "<input type=\"hidden\" name=\"region\" value=\"1\">");
    h(b, "<div><button type=\"submit\">%s</button></div></form><p>", _("Tampilkan"));
    if (kanwil) {
        h(b, "<a href=\"/dashboard?region=1&amp;month=%u\">%s</a>", month, _("Semua lokasi"));
        for (int i = 0; i < sites.n; i++)
            h(b, " · <a href=\"/dashboard?site=%u&amp;month=%u\">%s</a>", sites.code[i], month, sites.code[i]);
        h(b, " · ");
    }
    h(b, "<a href=\"/reports/monthly?month=%u%R%u\">%s</a></p>", month, code ? "&amp;site=" : "&amp;region=1",
      code ? code : "", _("Unduh laporan bulanan"));
    /* people out for training outside the walls and not back by the session's end
     * (issue 26): live, the last 7 days up to now */
    {
        char now[17], first[11], lo[DATE_ISO_LEN], hi[DATE_ISO_LEN];
        date_t today = today_date();
        date_format(date_add_days(today, -7), lo);
        date_format(today, hi);
        movement_now_local(r->db, 0, now);
        int64_t late = 0;
        err_clear(&e);
        if (movement_late_count(r->db, &e, r->user.id, lo, hi, now, &late, first) == 0 && late > 0)
            h(b, "<p class=\"error\" role=\"alert\" id=\"movements-late\">%s <a href=\"/movements?date=%u\">%s</a></p>",
              arena_printf(&r->a, _("%lld orang terlambat kembali dari pelatihan di luar tembok dalam 7 hari terakhir."),
                           (long long)late),
              first, _("Daftar keluar-masuk"));
    }
    buf_append(b, secs.data, secs.len);
    buf_release(&secs);
    return page_end(r, w);
}

int page_report_monthly(req_t *r, resp_t *w)
{
    const char *code, *month = req_query(r, "month"), *format = req_query(r, "format");
    if (dash_scope(r, &code) < 0) return -1;
    if (!format || !*format) {
        page_begin(r, w, _("Laporan bulanan"));
        h(&w->body,
          "<form method=\"get\" action=\"/reports/monthly\"><div><label for=\"month\">%s</label><input id=\"month\" "
          "name=\"month\" value=\"%s\" required pattern=\"[0-9]{4}-[0-9]{2}\"></div>",
          _("Bulan (YYYY-MM)"), month && *month ? month : dash_this_month(r));
        if (code) h(&w->body, "<input type=\"hidden\" name=\"site\" value=\"%s\"><p>%s: %s</p>", code, _("Lokasi"), code);
        else h(&w->body, "<input type=\"hidden\" name=\"region\" value=\"1\"><p>%s</p>", _("Semua lokasi"));
        h(&w->body, "<div><label for=\"format\">%s</label><select id=\"format\" name=\"format\"><option value=\"pdf\">PDF"
                    "</option><option value=\"xlsx\">XLSX</option><option value=\"csv\">CSV</option></select></div>"
                    "<div><button type=\"submit\">%s</button></div></form>",
          _("Format"), _("Unduh"));
        return page_end(r, w);
    }
    if (!str_eq(format, "pdf") && !str_eq(format, "xlsx") && !str_eq(format, "csv"))
        return web_fail(r, 400, "bad_format", "%s", _("format harus pdf, xlsx atau csv"));
    err_t e;
    err_clear(&e);
    sec_out_t *so = arena_alloc(&r->a, sizeof *so * (size_t)report_nsections);
    report_t *rep = report_monthly(r->db, &e, &r->a, r->user.id, month ? month : "", code, so);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
    int rc = report_write(rep, format, 0, &w->body, &e);
    report_free(rep);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_file(r, w, report_ctype(format), false,
              arena_printf(&r->a, "laporan-bulanan-%s-%s.%s", code ? code : "wilayah", month, format));
    return 0;
}

/* ---------------------------------------------------------------- API (was api_dashboard.c) */

static const char *type_name(rep_type_t t)
{
    switch (t) {
    case REP_INT: return "int";
    case REP_RUPIAH: return "rupiah";
    case REP_DATE: return "date";
    case REP_PERCENT: return "percent";
    default: return "text";
    }
}

/* One value of a column of type t as JSON; null when empty. */
static json_t *value_json(rep_type_t t, bool null, int64_t v, const char *text)
{
    if (null) return json_null();
    switch (t) {
    case REP_INT:
    case REP_RUPIAH: return json_integer(v);
    case REP_PERCENT: return json_real((double)v / 100.0);
    case REP_DATE: {
        char d[DATE_ISO_LEN];
        date_format((date_t)v, d);
        return json_string(d);
    }
    default: return json_string(text ? text : "");
    }
}

static json_t *cell_json(const rep_table_t *t, int row, int col)
{
    char disp[1024];
    int64_t num;
    rep_cell_text(t, row, col, disp, sizeof disp, &num);
    rep_type_t ty = rep_col(t, col)->type;
    return value_json(ty, ty != REP_TEXT && !disp[0], num, disp);
}

static json_t *chart_json(const chart_t *c)
{
    json_t *o = json_object(), *labels = json_array(), *series = json_array();
    json_object_set_new(o, "id", json_string(c->id ? c->id : ""));
    json_object_set_new(o, "title", json_string(c->title ? c->title : ""));
    json_object_set_new(o, "kind", json_string(c->kind == CHART_LINE ? "line" : "bar"));
    json_object_set_new(o, "value_type", json_string(type_name(c->value_type)));
    for (int i = 0; i < c->nlabels; i++) json_array_append_new(labels, json_string(c->labels[i]));
    for (int s = 0; s < c->nseries; s++) {
        json_t *vals = json_array();
        for (int i = 0; i < c->nlabels; i++)
            json_array_append_new(vals, value_json(c->value_type, false, c->series[s].values[i], NULL));
        json_array_append_new(series, json_pack("{s:s,s:o}", "name", c->series[s].name ? c->series[s].name : "",
                                                "values", vals));
    }
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "series", series);
    return o;
}

static json_t *section_json(const section_t *sec, const sec_out_t *so)
{
    const rep_table_t *t = so->table;
    json_t *o = json_object(), *cols = json_array(), *rows = json_array();
    json_object_set_new(o, "code", json_string(sec->code));
    json_object_set_new(o, "number", json_integer(rep_table_no(t)));
    json_object_set_new(o, "title", json_string(rep_table_title(t)));
    int nc = rep_ncols(t), nr = rep_nrows(t);
    for (int c = 0; c < nc; c++)
        json_array_append_new(cols, json_pack("{s:s,s:s}", "title", rep_col(t, c)->title, "type",
                                              type_name(rep_col(t, c)->type)));
    for (int i = 0; i < nr; i++) {
        json_t *row = json_array();
        for (int c = 0; c < nc; c++) json_array_append_new(row, cell_json(t, i, c));
        json_array_append_new(rows, row);
    }
    json_object_set_new(o, "columns", cols);
    json_object_set_new(o, "rows", rows);
    const char *tl = rep_totals_label(t);
    if (tl) {
        json_t *tot = json_array();
        for (int c = 0; c < nc; c++) {
            int64_t v;
            if (rep_total(t, c, &v)) json_array_append_new(tot, value_json(rep_col(t, c)->type, false, v, NULL));
            else json_array_append_new(tot, c == 0 ? json_string(tl) : json_null());
        }
        json_object_set_new(o, "totals", tot);
    } else json_object_set_new(o, "totals", json_null());
    json_object_set_new(o, "chart", so->has_chart ? chart_json(&so->chart) : json_null());
    return o;
}

int api_dashboard(req_t *r, resp_t *w)
{
    const char *code, *month = req_query(r, "month");
    if (dash_scope(r, &code) < 0) return -1;
    if (!month || !*month) month = dash_this_month(r);
    /* the same memo as the page's sections (memo.h), for the JSON text */
    dash_memo_t m;
    int hit = dash_memo_get(r, "api", code, month, NULL, &m, &w->body);
    if (hit < 0) return -1;
    if (hit) {
        w->status = 200;
        w->ctype = "application/json; charset=utf-8";
        return 0;
    }
    sec_out_t *so;
    report_t *rep = dash_compute(r, &m, code, month, &so);
    if (!rep) return -1;
    json_t *secs = json_array();
    for (int i = 0; i < report_nsections; i++) json_array_append_new(secs, section_json(&report_sections[i], &so[i]));
    json_t *o = json_object();
    json_object_set_new(o, "month", json_string(month));
    json_object_set_new(o, "site", code ? json_string(code) : json_null());
    json_object_set_new(o, "region", json_boolean(code == NULL));
    json_object_set_new(o, "title", json_string(report_title(rep)));
    json_object_set_new(o, "subtitle", json_string(report_subtitle(rep)));
    json_object_set_new(o, "sections", secs);
    report_free(rep);
    resp_json(w, 200, o);
    if (w->status == 200) memo_put(m.key, m.version, w->body.data, w->body.len);
    else memo_release(m.key);
    return 0;
}
