/* reports.c — the production reports as pages and downloads: /reports lists
 * them with a period and format choice; /reports/revenue, /reports/pnbp,
 * /reports/premi and /reports/pnbp-outstanding show one (the same report model as
 * the PDF, XLSX and CSV files and `bekal report`, src/report/prod_report.c) as an
 * HTML table with a chart, or send it as a file (?format=pdf|xlsx|csv). */
#include "../pages.h"
#include "../../store/production_store.h"
#include "../../report/prod_report.h"
#include "../../report/svg.h"
#include <stdlib.h>
#include <string.h>

static const struct {
    prodrep_kind_t kind;
    const char *title, *desc;
} reports[] = {
    {PRODREP_REVENUE, N_("Pendapatan per unit produksi"),
     N_("Pendapatan penjualan dan pembagiannya (premi WBP, PNBP, modal kerja) per bulan dan per unit produksi.")},
    {PRODREP_PNBP, N_("PNBP"), N_("PNBP dari penjualan per unit (sudah dan belum disetor) dan setoran ke kas negara.")},
    {PRODREP_PREMI, N_("Premi WBP"), N_("Premi dari penjualan per unit, dan mutasi serta saldo premi setiap WBP.")},
    {PRODREP_OUTSTANDING, N_("PNBP yang belum disetor"), N_("Penjualan yang sudah dibagi tetapi PNBP-nya belum disetor.")},
};

int page_reports(req_t *r, resp_t *w)
{
    char today[11];
    today_iso(today);
    page_begin(r, w, _("Laporan produksi dan premi"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", _("Setiap laporan tersedia sebagai halaman, PDF (dengan kop surat dan tanda tangan), XLSX dan "
                        "CSV. Angka berasal dari penjualan yang sudah dibagi hasilnya; premi + PNBP + modal kerja = "
                        "pendapatan pada setiap baris."));
    for (size_t i = 0; i < ARRAY_LEN(reports); i++) {
        const char *slug = prodrep_slug(reports[i].kind);
        h(b, "<h2>%s</h2><p>%s</p><form class=\"filters\" method=\"get\" action=\"/reports/%s\">", _(reports[i].title),
          _(reports[i].desc), slug);
        h(b, "<div><label for=\"m-%s\">%s</label><input id=\"m-%s\" name=\"month\" type=\"month\" value=\"%s\"></div>",
          slug, _("Bulan"), slug, reports[i].kind == PRODREP_OUTSTANDING ? "" : arena_strndup(&r->a, today, 7));
        h(b, "<div><label for=\"y-%s\">%s</label><input id=\"y-%s\" name=\"year\" type=\"number\" min=\"2000\" "
             "max=\"2999\"></div>",
          slug, _("atau tahun"), slug);
        h(b, "<div><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"format\"><option value=\"html\">%s</option>"
             "<option value=\"pdf\">PDF</option><option value=\"xlsx\">XLSX</option><option value=\"csv\">CSV</option>"
             "</select></div><div><button type=\"submit\">%s</button></div></form>",
          slug, _("Bentuk"), slug, _("Halaman"), _("Tampilkan"));
    }
    return page_end(r, w);
}

/* The HTML view of a report's tables. */
static void report_html(req_t *r, buf_t *b, const report_t *rep)
{
    char cell[1024];
    for (int ti = 0; ti < report_ntables(rep); ti++) {
        rep_table_t *t = report_table(rep, ti);
        int nc = rep_ncols(t), nr = rep_nrows(t);
        h(b, "<table><caption>%s</caption><thead><tr>", rep_table_title(t));
        for (int c = 0; c < nc; c++) h(b, "<th scope=\"col\">%s</th>", rep_col(t, c)->title);
        h(b, "</tr></thead><tbody>");
        for (int i = 0; i < nr; i++) {
            h(b, "<tr>");
            for (int c = 0; c < nc; c++) {
                rep_cell_text(t, i, c, cell, sizeof cell, NULL);
                h(b, "<td%R>%s</td>", rep_col(t, c)->type == REP_TEXT ? "" : " class=\"num\"", cell);
            }
            h(b, "</tr>");
        }
        if (nr == 0) h(b, "<tr><td colspan=\"%d\">%s</td></tr>", nc, _("Tidak ada data."));
        h(b, "</tbody>");
        if (rep_totals_label(t)) {
            h(b, "<tfoot><tr>");
            for (int c = 0; c < nc; c++) {
                int64_t v;
                if (c == 0) h(b, "<th scope=\"row\">%s</th>", rep_totals_label(t));
                else if (rep_total(t, c, &v)) {
                    rep_cell_display(rep_col(t, c)->type, false, v, NULL, cell, sizeof cell);
                    h(b, "<td class=\"num\"><strong>%s</strong></td>", cell);
                } else
                    h(b, "<td></td>");
            }
            h(b, "</tr></tfoot>");
        }
        h(b, "</table>");
    }
    (void)r;
}

/* A bar chart of the first table's rupiah columns against its last text column. */
static void report_chart(req_t *r, buf_t *b, const report_t *rep, const char *id)
{
    rep_table_t *t = report_table(rep, 0);
    if (!t) return;
    int nc = rep_ncols(t), nr = rep_nrows(t), label_col = -1, nser = 0;
    if (nr == 0 || nr > 40) return;
    int sc[8];
    for (int c = 0; c < nc; c++) {
        rep_type_t ty = rep_col(t, c)->type;
        if (ty == REP_TEXT) label_col = c;
        else if (ty == REP_RUPIAH && nser < 8) sc[nser++] = c;
    }
    if (label_col < 0 || nser == 0) return;
    if (nser > 1) nser--, memmove(sc, sc + 1, sizeof(int) * (size_t)nser); /* the parts, not the whole revenue */
    const char **labels = arena_alloc(&r->a, sizeof(char *) * (size_t)nr);
    chart_series_t *ser = arena_alloc(&r->a, sizeof *ser * (size_t)nser);
    char cell[1024];
    for (int i = 0; i < nr; i++) {
        rep_cell_text(t, i, label_col, cell, sizeof cell, NULL);
        labels[i] = arena_strdup(&r->a, cell);
    }
    for (int s = 0; s < nser; s++) {
        int64_t *v = arena_alloc(&r->a, sizeof(int64_t) * (size_t)nr);
        for (int i = 0; i < nr; i++) rep_cell_text(t, i, sc[s], cell, sizeof cell, &v[i]);
        ser[s] = (chart_series_t){rep_col(t, sc[s])->title, v};
    }
    chart_t ch = {CHART_BAR, id, rep_table_title(t), NULL, REP_RUPIAH, labels, nr, ser, nser, 0, 0};
    svg_chart(b, &ch);
}

/* month=YYYY-MM | year=YYYY into q (neither: the current month, or no period for
 * the outstanding list). -1 with r->err on a bad value. */
static int parse_period(req_t *r, prodrep_req_t *q)
{
    const char *m = req_query(r, "month"), *y = req_query(r, "year");
    q->month = -1;
    q->year = 0;
    if (y && *y) {
        int64_t yy;
        if (!parse_i64(y, &yy) || yy < 1900 || yy > 2999)
            return web_fail(r, 400, "bad_query", _("year harus tahun 1900 sampai 2999"));
        q->year = (int)yy;
        return 0;
    }
    if (m && *m) {
        if (strlen(m) != 7 || !date_parse_month(m, &q->month))
            return web_fail(r, 400, "bad_query", _("month harus berbentuk TTTT-BB, misalnya 2025-03"));
        return 0;
    }
    if (q->kind != PRODREP_OUTSTANDING) {
        date_t d;
        if (date_parse(q->today, &d)) q->month = date_month_index(d);
    }
    return 0;
}

static int report_page(req_t *r, resp_t *w, prodrep_kind_t kind)
{
    char today[11];
    today_iso(today);
    prodrep_req_t q = {kind, r->user.id, 0, -1, 0, false, today};
    if (parse_period(r, &q) < 0) return -1;
    err_t e;
    err_clear(&e);
    const char *site = req_query(r, "site");
    if (web_query_site(r, &q.site_id) < 0) return -1; /* a site the user may not see gives an empty report */
    const char *fmt = req_query(r, "format");
    if (!fmt || !*fmt) fmt = "html";
    if (!str_eq(fmt, "html") && !report_ctype(fmt))
        return web_fail(r, 400, "bad_format", _("format harus html, pdf, xlsx atau csv"));
    q.machine = str_eq(fmt, "csv");
    report_t *rep = prodrep_build(r->db, &e, &q);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *slug = prodrep_slug(kind);
    const char *period = q.month >= 0 ? arena_printf(&r->a, "%04d-%02d", q.month / 12, q.month % 12 + 1)
                         : q.year    ? arena_printf(&r->a, "%d", q.year)
                                     : "";
    if (!str_eq(fmt, "html"))
        return web_send_report(r, w, rep, fmt,
                               arena_printf(&r->a, "laporan-%s%s%s.%s", slug, *period ? "-" : "", period, fmt));
    page_begin(r, w, report_title(rep));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", report_subtitle(rep));
    const char *pq = q.month >= 0 ? arena_printf(&r->a, "month=%s", period)
                     : q.year    ? arena_printf(&r->a, "year=%s", period)
                                 : "";
    const char *sq = site && *site ? arena_printf(&r->a, "%ssite=%s", *pq ? "&" : "", site) : "";
    h(b, "<p class=\"actions\">%s <a href=\"/reports/%s?%s%s%sformat=pdf\">PDF</a> · "
         "<a href=\"/reports/%s?%s%s%sformat=xlsx\">XLSX</a> · <a href=\"/reports/%s?%s%s%sformat=csv\">CSV</a> · "
         "<a href=\"/reports\">%s</a></p>",
      _("Unduh:"), slug, pq, sq, *pq || *sq ? "&" : "", slug, pq, sq, *pq || *sq ? "&" : "", slug, pq, sq,
      *pq || *sq ? "&" : "", _("Laporan lain"));
    if (kind == PRODREP_REVENUE) report_chart(r, b, rep, "grafik-pendapatan");
    report_html(r, b, rep);
    report_free(rep);
    return page_end(r, w);
}

int page_report_revenue(req_t *r, resp_t *w) { return report_page(r, w, PRODREP_REVENUE); }
int page_report_pnbp(req_t *r, resp_t *w) { return report_page(r, w, PRODREP_PNBP); }
int page_report_premi(req_t *r, resp_t *w) { return report_page(r, w, PRODREP_PREMI); }
int page_report_outstanding(req_t *r, resp_t *w) { return report_page(r, w, PRODREP_OUTSTANDING); }
