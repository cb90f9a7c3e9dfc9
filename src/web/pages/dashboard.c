/* api_dashboard.c — GET /api/v1/dashboard?site=CODE|region=1&month=YYYY-MM: the
 * dashboard's sections (report/sections.h) as JSON, with the same access and scope
 * as the /dashboard page (release.c dash_scope). Each section: its code, table
 * number, title, columns (title and type), rows, totals and its chart. Cells are
 * numbers for int and rupiah columns, a number with two decimals for percentages
 * (83.33 = 83,33 %), "YYYY-MM-DD" for dates, text, or null when empty. */
#include "release.h"
#include "memo.h"
#include "../report/htmltab.h"
#include "../report/sections.h"
#include "../util/i18n.h"
#include <string.h>

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
    err_t e;
    err_clear(&e);
    sec_out_t *so = arena_alloc(&r->a, sizeof *so * (size_t)report_nsections);
    report_t *rep = report_monthly(r->db, &e, &r->a, r->user.id, month, code, so);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
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
    return 0;
}
