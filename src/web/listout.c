/* listout.c — print view and export of a whole filtered list (listout.h). */
#include "listout.h"
#include "../report/htmltab.h"
#include <stdlib.h>
#include <string.h>

/* Parameters that belong to the list's view, not to its filter. */
static bool view_param(const char *k)
{
    return str_eq(k, "page") || str_eq(k, "per_page") || str_eq(k, "print") || str_eq(k, "export") ||
           str_eq(k, "saved");
}

int web_list_out_max(void)
{
    const char *v = getenv("BEKAL_EXPORT_MAX_ROWS");
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : 0;
    return v && *v && !*end && n >= 1 && n <= 1000000 ? (int)n : LIST_OUT_MAX_ROWS;
}

int web_list_mode(req_t *r, list_mode_t *mode)
{
    *mode = LIST_HTML;
    const char *ex = req_query(r, "export"), *pr = req_query(r, "print");
    if (ex && *ex) {
        if (str_eq(ex, "csv")) *mode = LIST_CSV;
        else if (str_eq(ex, "xlsx")) *mode = LIST_XLSX;
        else return web_fail(r, 400, "bad_format", _("export harus csv atau xlsx"));
    } else if (pr && *pr) {
        if (!str_eq(pr, "1")) return web_fail(r, 400, "bad_query", _("print harus 1"));
        *mode = LIST_PRINT;
    }
    return 0;
}

/* The list's query string without its view parameters, "" or "a=1&b=2&". */
static const char *filter_query(req_t *r)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "");
    for (int i = 0; i < r->query.n; i++) {
        const char *k = r->query.kv[i].k, *v = r->query.kv[i].v;
        if (view_param(k) || !v || !*v) continue;
        h(&b, "%u=%u&", k, v);
    }
    char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_release(&b);
    return s;
}

void web_list_links(req_t *r, buf_t *b) { web_list_links_raw(r, b, NULL); }

void web_list_links_raw(req_t *r, buf_t *b, const char *raw)
{
    const char *fq = filter_query(r);
    h(b, "<p class=\"list-out actions\">%s <a href=\"%s?%sprint=1\" rel=\"nofollow\">%s</a> · "
         "<a href=\"%s?%sexport=csv\" rel=\"nofollow\">CSV</a> · <a href=\"%s?%sexport=xlsx\" rel=\"nofollow\">XLSX</a>",
      _("Seluruh daftar sesuai saringan:"), r->path, fq, _("Cetak"), r->path, fq, r->path, fq);
    if (raw)
        h(b, " · <a class=\"raw-csv\" href=\"%s\" rel=\"nofollow\">%s</a>", raw,
          _("Data mentah (CSV: semua kolom, kode tersimpan)"));
    h(b, "</p>");
}

static const char *yes_no(req_t *r, const char *v)
{
    (void)r;
    return str_eq(v, "1") ? _("Ya") : str_eq(v, "0") ? _("Tidak") : v;
}
static const char *wbp_value(req_t *r, const char *v)
{
    int64_t id;
    return parse_i64(v, &id) && id > 0 ? wbp_ref_label(r, id) : v;
}

/* Parameters many lists share: the search, the site, the WBP, paging-free filters. */
static const list_param_t common_params[] = {
    {"q", N_("Pencarian"), NULL, NULL, NULL},
    {"site", N_("Lokasi"), NULL, NULL, NULL},
    {"wbp_id", N_("WBP"), NULL, NULL, wbp_value},
    {"program_id", N_("Program"), NULL, NULL, NULL},
    {"months", N_("Jangka (bulan)"), NULL, NULL, NULL},
    {"month", N_("Bulan"), NULL, NULL, NULL},
    {"at", N_("Per tanggal"), NULL, NULL, NULL},
    {"from", N_("Dari tanggal"), NULL, NULL, NULL},
    {"to", N_("Sampai tanggal"), NULL, NULL, NULL},
    {"marked", N_("Termasuk yang ditandai"), NULL, NULL, yes_no},
    {"settled", N_("Sudah dibagi"), NULL, NULL, yes_no},
    {"expiring_days", N_("Berakhir dalam (hari)"), NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const list_param_t *find_param(const list_param_t *t, const char *k)
{
    for (; t && t->key; t++)
        if (str_eq(t->key, k)) return t;
    return NULL;
}

static const char *choice_name(const char *const *choices, const char *const *clabels, const char *v)
{
    for (int i = 0; choices && clabels && choices[i] && clabels[i]; i++)
        if (str_eq(choices[i], v)) return _(clabels[i]);
    return v;
}

/* "Saringan: Pencarian = budi, Status = Aktif" from the query (empty when unfiltered):
 * each parameter by its label and each coded value by its name, in the reader's
 * language; a parameter no table knows is shown as it is. */
static const char *filter_text(req_t *r, const list_out_t *l)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < r->query.n; i++) {
        const char *k = r->query.kv[i].k, *v = r->query.kv[i].v;
        if (view_param(k) || str_eq(k, "sort") || str_eq(k, "dir") || !v || !*v) continue;
        const char *label = k, *val = v;
        const list_param_t *p = find_param(l->params, k);
        int fi = !p && l->def ? rec_field_index(l->def, k) : -1;
        if (!p && fi < 0) p = find_param(common_params, k);
        if (p) {
            label = _(p->label);
            val = p->value ? p->value(r, v) : choice_name(p->choices, p->clabels, v);
        } else if (fi >= 0) {
            label = _(l->def->fields[fi].label);
            val = choice_name(l->def->fields[fi].choices, l->def->fields[fi].clabels, v);
        }
        buf_printf(&b, "%s%s = %s", b.len ? ", " : "", label, val);
    }
    const char *s = b.len ? arena_printf(&r->a, _("Saringan: %s"), b.data) : "";
    buf_release(&b);
    return s;
}

int web_list_serve(req_t *r, resp_t *w, list_mode_t mode, const list_out_t *l)
{
    report_t *rep = report_new(l->title);
    report_set_author(rep, r->user.full_name);
    const char *ft = filter_text(r, l);
    if (*ft) report_set_subtitle(rep, ft);
    rep_table_t *t = report_add_table(rep, l->title, l->cols, l->ncols);
    int per = l->per_page > 0 ? l->per_page : 500;
    int max = web_list_out_max();
    if (per > max) per = max;
    /* one page past the cap at most, so that a cut list is told from one of exactly max rows */
    for (int page = 1;; page++) {
        int n = l->rows(r, l->ctx, page, per, t);
        if (n < 0) {
            report_free(rep);
            return -1;
        }
        if (n < per || rep_nrows(t) > max) break;
    }
    bool cut = rep_nrows(t) > max;
    if (cut) rep_truncate(t, max);
    int nrows = rep_nrows(t);
    err_t e;
    err_clear(&e);
    if (mode == LIST_CSV || mode == LIST_XLSX) {
        int rc = 0;
        if (mode == LIST_CSV) report_csv(rep, &w->body, REP_CSV_BOM | REP_CSV_NO_TOTALS);
        else rc = report_xlsx(rep, &w->body, &e);
        report_free(rep);
        if (rc < 0) {
            buf_reset(&w->body);
            return web_fail(r, e.status, e.code, "%s", e.msg);
        }
        if (cut) resp_header(w, "X-Bekal-Rows-Cut", arena_printf(&r->a, "%d", max));
        const char *fmt = mode == LIST_CSV ? "csv" : "xlsx";
        resp_file(r, w, report_ctype(fmt), false, arena_printf(&r->a, "%s.%s", l->name, fmt));
        return 0;
    }
    /* the print view: the content alone, no menu, paging or forms */
    buf_t *b = &w->body;
    w->ctype = "text/html; charset=utf-8";
    h(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>%s — Bekal</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>"
         "<body class=\"print-view\">\n<main id=\"isi\"><h1>%s</h1>\n",
      str_eq(r->lang, "en") ? "en" : "id", l->title, l->title);
    if (*ft) h(b, "<p>%s</p>", ft);
    char today[16];
    today_iso(today);
    h(b, "<p class=\"muted\">%s</p>",
      arena_printf(&r->a, _("%d baris, dicetak %s oleh %s."), nrows, fmt_date_id(&r->a, today), r->user.full_name));
    if (cut)
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Daftar ini dipotong pada %d baris pertama (batas cetak dan ekspor). Persempit saringan "
                                "untuk melihat sisanya."),
                       max));
    h(b, "<p class=\"actions\"><a href=\"%s?%s\">%s</a></p>\n", r->path, filter_query(r), _("Kembali ke daftar"));
    report_table_html(b, t, "daftar");
    report_free(rep);
    h(b, "</main></body></html>\n");
    return 0;
}
