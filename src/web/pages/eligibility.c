/* eligibility.c — asimilasi screening (Penyaringan asimilasi): the page with
 * filters, counts and export, the explanation on each WBP page, and the API. */
#include "../pages.h"
#include "../../report/elig_out.h"
#include "../../store/notprop_store.h"
#include "../../store/placement_store.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void interest_counts_section(req_t *r, resp_t *w, const int64_t *ids, int n);

/* Screening filter from the query string. */
typedef struct {
    date_t at;
    const char *show; /* all | eligible | soon | not */
    int months;       /* for soon */
    const char *reason; /* for not: a requirement code, or NULL for any */
    int64_t site_id;
    bool marked;      /* eligible/soon: list those marked "tidak diusulkan" too (marked=1) */
    const char *q;    /* part of the name or registration number (any case), or NULL */
    int sort;         /* an SK_* column, or -1: registration order (the inmate's id) */
    bool desc;
} screen_t;

/* The list's sort keys (a whitelist), in SK_* order. */
enum { SK_REGNO, SK_NAME, SK_SITE, SK_STATUS, SK_FROM, SK__COUNT };
static const char *const sort_keys[SK__COUNT] = {"regno", "name", "site", "status", "eligible_from"};

static int read_screen(req_t *r, screen_t *s)
{
    memset(s, 0, sizeof *s);
    const char *at = req_query(r, "at");
    char today[11];
    today_iso(today);
    if (!date_parse(at && *at ? at : today, &s->at))
        return web_fail(r, 400, "bad_date", _("tanggal \"at\" tidak sah (pakai TTTT-BB-HH)"));
    s->show = req_query(r, "show");
    if (!s->show || !*s->show) s->show = "all";
    if (!str_eq(s->show, "all") && !str_eq(s->show, "eligible") && !str_eq(s->show, "soon") && !str_eq(s->show, "not"))
        return web_fail(r, 400, "bad_filter", _("filter \"show\" harus all, eligible, soon atau not"));
    s->months = req_query_int(r, "months", 3, 1, 60);
    s->reason = req_query(r, "reason");
    if (s->reason && !*s->reason) s->reason = NULL;
    web_list_t lp;
    if (web_list_params(r, sort_keys, SK__COUNT, -1, false, &lp) < 0) return -1;
    s->q = lp.q;
    s->sort = lp.sort;
    s->desc = lp.desc;
    const char *mk = req_query(r, "marked");
    s->marked = mk && str_eq(mk, "1");
    const char *site = req_query(r, "site");
    if (site && *site) {
        err_t e;
        err_clear(&e);
        s->site_id = site_id_by_code(r->db, &e, site);
        if (s->site_id <= 0) return web_fail(r, 404, "not_found", _("lokasi \"%s\" tidak dikenal"), site);
    }
    return 0;
}

/* Whether hay contains needle, ASCII letters compared without case. */
static bool contains_nocase(const char *hay, const char *needle)
{
    if (!hay) return false;
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return true;
    return !n;
}

static bool matches(const screen_t *s, const elig_row_t *row)
{
    const elig_result_t *res = row->res;
    if (s->q && !contains_nocase(row->name, s->q) && !contains_nocase(row->regno, s->q)) return false;
    if (str_eq(s->show, "eligible")) return res->eligible;
    if (str_eq(s->show, "soon"))
        return !res->eligible && res->eligible_from != DATE_NONE &&
               res->eligible_from < date_add_months(s->at, s->months);
    if (str_eq(s->show, "not")) {
        if (res->eligible) return false;
        if (!s->reason) return true;
        for (int i = 0; i < res->n; i++)
            if (!res->req[i].met && str_eq(elig_req_code_name(res->req[i].code), s->reason)) return true;
        return false;
    }
    return true;
}

struct screen_ctx {
    req_t *r;
    const screen_t *s;
    int page, per;
    long matched, eligible, soon, total;
    long unmet[REQ__COUNT];
    buf_t *rows;  /* HTML rows, JSON items or CSV lines */
    int mode;     /* 0 HTML, 1 JSON, 2 CSV, 3 every row into out (print view, export) */
    rep_table_t *out;
    int64_t *ids; /* HTML: every matching inmate, for the counts by trade interest */
    int nids, capids;
    /* inmates with a "tidak diusulkan" mark in force on the date (id order), left out of
     * the eligible and soon lists (issue 24: decided on already); hidden counts them */
    int64_t *marks;
    int nmarks;
    long hidden;
    /* sorted by a column (s->sort >= 0): the first `keep` matching rows in that order,
     * each with its rendered row (HTML, JSON or CSV), kept in order as they come */
    struct sorted_row *top;
    int ntop, captop;
};

struct sorted_row {
    int64_t id;
    char *regno, *name, *site, *out;
    bool eligible;
    date_t from;
};

static int cmp_text(const char *a, const char *b) { return strcasecmp(a ? a : "", b ? b : ""); }
/* Order of two rows by the screen's column (then by id, ascending). */
static int sorted_cmp(const screen_t *s, const struct sorted_row *a, const struct sorted_row *b)
{
    int c = 0;
    switch (s->sort) {
    case SK_REGNO: c = cmp_text(a->regno, b->regno); break;
    case SK_NAME: c = cmp_text(a->name, b->name); break;
    case SK_SITE: c = cmp_text(a->site, b->site); break;
    case SK_STATUS: c = (int)b->eligible - (int)a->eligible; break; /* those who qualify first */
    default: break;
    }
    if (!c && (s->sort == SK_STATUS || s->sort == SK_FROM)) /* no date after every date */
        c = a->from == b->from ? 0 : a->from == DATE_NONE ? 1 : b->from == DATE_NONE ? -1 : a->from < b->from ? -1 : 1;
    if (s->desc) c = -c;
    return c ? c : a->id < b->id ? -1 : a->id > b->id;
}

static void sorted_free(struct sorted_row *x)
{
    free(x->regno), free(x->name), free(x->site), free(x->out);
}

/* How many rows of the sorted order a mode needs: every row for the CSV, the print view
 * and the exports, up to the end of the page for the page and the API. */
static long sorted_keep(const struct screen_ctx *c) { return c->mode >= 2 ? LONG_MAX : (long)c->page * c->per; }

static void screen_row_html(struct screen_ctx *c, buf_t *out, const elig_row_t *row);

/* A row for the print view and the exports: its cells, each ended by a unit separator
 * (kept as text while a sorted scan orders the rows; screen_cells_out writes them). */
static void screen_row_cells(struct screen_ctx *c, buf_t *out, const elig_row_t *row)
{
    const elig_result_t *res = row->res;
    char from[DATE_LONG_LEN], detail[1024];
    date_format_long_ui(res->eligible_from, from);
    buf_printf(out, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f", row->regno ? row->regno : "", row->name ? row->name : "",
               row->site_code ? row->site_code : "", res->eligible ? _("Memenuhi") : _("Belum"), from[0] ? from : "-");
    size_t start = out->len;
    for (int i = 0; i < res->n; i++) {
        if (res->req[i].met) continue;
        elig_req_detail(res, &res->req[i], c->s->at, detail, sizeof detail);
        buf_printf(out, "%s%s", out->len > start ? "; " : "", detail);
    }
    if (out->len == start) buf_puts(out, _("Semua syarat terpenuhi."));
    buf_putc(out, '\x1f');
}

static void screen_cells_out(rep_table_t *t, const char *cells)
{
    rep_row(t);
    for (const char *p = cells; p && *p;) {
        const char *end = strchr(p, '\x1f');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *cell = xmalloc(n + 1);
        memcpy(cell, p, n);
        cell[n] = 0;
        rep_text(t, cell);
        free(cell);
        p = end ? end + 1 : p + n;
    }
}

static bool is_marked(const struct screen_ctx *c, int64_t id)
{
    int lo = 0, hi = c->nmarks;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (c->marks[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < c->nmarks && c->marks[lo] == id;
}

static int screen_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct screen_ctx *c = vc;
    const elig_result_t *res = row->res;
    c->total++;
    if (res->eligible) c->eligible++;
    else {
        if (res->eligible_from != DATE_NONE && res->eligible_from < date_add_months(c->s->at, c->s->months)) c->soon++;
        for (int i = 0; i < res->n; i++)
            if (!res->req[i].met) c->unmet[res->req[i].code]++;
    }
    if (!matches(c->s, row)) return 0;
    if (c->marks && is_marked(c, row->id)) {
        c->hidden++;
        return 0;
    }
    c->matched++;
    if (c->mode == 0) {
        if (c->nids == c->capids) {
            c->capids = c->capids ? c->capids * 2 : 256;
            c->ids = xrealloc(c->ids, sizeof *c->ids * (size_t)c->capids);
        }
        c->ids[c->nids++] = row->id;
    }
    buf_t *out = c->rows, one;
    if (c->s->sort >= 0) {
        /* sorted: keep the row only when it falls within the first sorted_keep() rows so far */
        struct sorted_row x = {row->id, NULL, NULL, NULL, NULL, res->eligible, res->eligible_from};
        x.regno = (char *)row->regno, x.name = (char *)row->name, x.site = (char *)row->site_code;
        long keep = sorted_keep(c);
        int lo = 0, hi = c->ntop;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (sorted_cmp(c->s, &c->top[mid], &x) < 0) lo = mid + 1;
            else hi = mid;
        }
        if (lo >= keep) return 0;
        if (c->ntop == keep) sorted_free(&c->top[--c->ntop]); /* the last one drops out */
        if (c->ntop == c->captop) {
            c->captop = c->captop ? c->captop * 2 : 64;
            c->top = xrealloc(c->top, sizeof *c->top * (size_t)c->captop);
        }
        memmove(&c->top[lo + 1], &c->top[lo], sizeof *c->top * (size_t)(c->ntop - lo));
        x.regno = xstrdup(row->regno ? row->regno : ""), x.name = xstrdup(row->name ? row->name : "");
        x.site = xstrdup(row->site_code ? row->site_code : "");
        buf_init(&one);
        out = &one;
        c->top[lo] = x;
        c->ntop++;
        if (c->mode == 3) screen_row_cells(c, out, row);
        else if (c->mode == 2) elig_row_csv(out, row);
        else if (c->mode == 1) elig_row_json(out, row, c->s->at);
        else screen_row_html(c, out, row);
        c->top[lo].out = xstrdup(one.data ? one.data : "");
        buf_release(&one);
        return 0;
    }
    if (c->mode == 2) {
        elig_row_csv(c->rows, row);
        return 0;
    }
    if (c->mode == 3) {
        buf_t cells;
        buf_init(&cells);
        screen_row_cells(c, &cells, row);
        screen_cells_out(c->out, cells.data);
        buf_release(&cells);
        return 0;
    }
    if (c->matched <= (long)(c->page - 1) * c->per || c->matched > (long)c->page * c->per) return 0;
    if (c->mode == 1) {
        if (c->rows->len) buf_putc(c->rows, ',');
        elig_row_json(c->rows, row, c->s->at);
        return 0;
    }
    screen_row_html(c, out, row);
    return 0;
}

/* One row of the page's table. */
static void screen_row_html(struct screen_ctx *c, buf_t *out, const elig_row_t *row)
{
    const elig_result_t *res = row->res;
    char from[DATE_LONG_LEN], detail[1024];
    date_format_long_ui(res->eligible_from, from);
    char note[400];
    elig_corr_note(res, note, sizeof note);
    h(out, "<tr><td>%s</td><td><a href=\"/wbp/%D#asimilasi\">%s</a></td><td>%s</td><td>%s</td><td>%s",
      row->regno, row->id, row->name, row->site_code, res->eligible ? _("Memenuhi") : _("Belum"), from[0] ? from : "-");
    /* a corrected date says so, with its reason (issue 24) */
    if (note[0]) h(out, "<br><small class=\"corrected\">%s</small>", note);
    h(out, "</td><td>");
    bool any = false;
    for (int i = 0; i < res->n; i++) {
        if (res->req[i].met) continue;
        elig_req_detail(res, &res->req[i], c->s->at, detail, sizeof detail);
        h(out, "%R%s", any ? "<br>" : "", detail);
        any = true;
    }
    h(out, "%s</td></tr>", any ? "" : _("Semua syarat terpenuhi."));
}

static int run_screen(req_t *r, struct screen_ctx *c)
{
    err_t e;
    err_clear(&e);
    elig_query_t q = {r->user.id, c->s->site_id, 0, c->s->at, false};
    bool hide = !c->s->marked && (str_eq(c->s->show, "eligible") || str_eq(c->s->show, "soon"));
    if (hide && np_marked_ids(r->db, &e, c->s->site_id, c->s->at, &c->marks, &c->nmarks) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    int rc = elig_scan(r->db, &e, &q, screen_row, c);
    free(c->marks);
    c->marks = NULL;
    /* sorted: the page's rows (every row for the CSV) in order */
    long from = c->mode >= 2 ? 0 : (long)(c->page - 1) * c->per;
    for (int i = 0; i < c->ntop; i++) {
        if (rc == 0 && i >= from && c->mode == 3) screen_cells_out(c->out, c->top[i].out);
        else if (rc == 0 && i >= from) {
            if (c->mode == 1 && c->rows->len) buf_putc(c->rows, ',');
            buf_puts(c->rows, c->top[i].out);
        }
        sorted_free(&c->top[i]);
    }
    free(c->top);
    c->top = NULL;
    c->ntop = 0;
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

static const char *screen_link(req_t *r, const screen_t *s, const char *show, const char *reason, int page)
{
    char at[DATE_ISO_LEN];
    date_format(s->at, at);
    buf_t b;
    buf_init(&b);
    h(&b, "/eligibility?at=%u&show=%u&months=%d", at, show, s->months);
    if (reason) h(&b, "&reason=%u", reason);
    if (s->marked) h(&b, "&marked=1");
    const char *site = req_query(r, "site");
    if (site && *site) h(&b, "&site=%u", site);
    if (s->q) h(&b, "&q=%u", s->q);
    if (s->sort >= 0) h(&b, "&sort=%u%R", sort_keys[s->sort], s->desc ? "&dir=desc" : "");
    if (page > 1) h(&b, "&page=%d", page);
    char *out = arena_strdup(&r->a, b.data);
    buf_release(&b);
    return out;
}

/* The whole filtered screening for the print view and the exports (listout.h): one scan. */
static int screen_rows(req_t *r, void *vc, int page, int per_page, rep_table_t *t)
{
    (void)page, (void)per_page;
    struct screen_ctx c = {r, vc, 1, 1, 0, 0, 0, 0, {0}, NULL, 3, t};
    if (run_screen(r, &c) < 0) return -1;
    return 0;
}

/* A requirement's name for the printout's filter line. */
static const char *req_name(req_t *r, const char *code)
{
    (void)r;
    for (int i = 0; i < REQ__COUNT; i++)
        if (str_eq(code, elig_req_code_name((elig_req_code_t)i))) return elig_req_label((elig_req_code_t)i);
    return code;
}

int page_eligibility(req_t *r, resp_t *w)
{
    screen_t s;
    list_mode_t mode;
    if (web_list_mode(r, &mode) < 0) return -1;
    if (read_screen(r, &s) < 0) return -1;
    if (mode != LIST_HTML) {
        static const char *const heads[] = {N_("No. registrasi"), N_("Nama"), N_("Lokasi"), N_("Status"),
                                            N_("Memenuhi sejak"), N_("Syarat yang belum")};
        rep_col_t cols[6];
        for (int i = 0; i < 6; i++) cols[i] = (rep_col_t){_(heads[i]), REP_TEXT, false};
        static const char *const show_keys[] = {"all", "eligible", "soon", "not", NULL};
        static const char *const show_labels[] = {N_("Semua WBP di dalam"), N_("Memenuhi syarat sekarang"),
                                                  N_("Memenuhi dalam N bulan"), N_("Belum memenuhi"), NULL};
        static const list_param_t params[] = {{"show", N_("Tampilkan"), show_keys, show_labels, NULL},
                                              {"months", N_("N bulan"), NULL, NULL, NULL},
                                              {"reason", N_("Alasan belum memenuhi"), NULL, NULL, req_name},
                                              {NULL, NULL, NULL, NULL, NULL}};
        list_out_t l = {_("Penyaringan asimilasi"), "penyaringan-asimilasi", cols, 6, screen_rows, &s, 1, params, NULL};
        return web_list_serve(r, w, mode, &l);
    }
    buf_t rows;
    buf_init(&rows);
    struct screen_ctx c = {r, &s, req_query_int(r, "page", 1, 1, 100000), 50, 0, 0, 0, 0, {0}, &rows, 0};
    if (run_screen(r, &c) < 0) {
        buf_release(&rows);
        free(c.ids);
        return -1;
    }
    page_begin(r, w, _("Penyaringan asimilasi"));
    buf_t *b = &w->body;
    char at[DATE_ISO_LEN], at_long[DATE_LONG_LEN];
    date_format(s.at, at);
    date_format_long_ui(s.at, at_long);
    h(b, "<form class=\"filters\" method=\"get\" action=\"/eligibility\" role=\"search\"><div><label for=\"q\">%s</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div><div><label for=\"at\">%s</label>"
         "<input id=\"at\" name=\"at\" type=\"date\" value=\"%s\"></div><div><label for=\"show\">%s</label>"
         "<select id=\"show\" name=\"show\">",
      _("Cari nama / no. registrasi"), s.q ? s.q : "", _("Per tanggal"), at, _("Tampilkan"));
    static const char *const shows[][2] = {{"all", N_("Semua WBP di dalam")},
                                           {"eligible", N_("Memenuhi syarat sekarang")},
                                           {"soon", N_("Memenuhi dalam N bulan")},
                                           {"not", N_("Belum memenuhi")}};
    for (size_t i = 0; i < ARRAY_LEN(shows); i++)
        h(b, "<option value=\"%s\"%R>%s</option>", shows[i][0], str_eq(s.show, shows[i][0]) ? " selected" : "",
          _(shows[i][1]));
    h(b, "</select></div><div><label for=\"months\">%s</label>"
         "<input id=\"months\" name=\"months\" type=\"number\" min=\"1\" max=\"60\" value=\"%d\"></div><div>"
         "<label for=\"reason\">%s</label><select id=\"reason\" name=\"reason\"><option value=\"\">%s</option>",
      _("N bulan"), s.months, _("Alasan belum memenuhi"), _("Semua alasan"));
    for (int i = 0; i < REQ__COUNT; i++) {
        const char *code = elig_req_code_name((elig_req_code_t)i);
        h(b, "<option value=\"%s\"%R>%s</option>", code, str_eq(s.reason, code) ? " selected" : "",
          elig_req_label((elig_req_code_t)i));
    }
    h(b, "</select></div>");
    if (s.sort >= 0) /* a new filter keeps the order */
        h(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"><input type=\"hidden\" name=\"dir\" value=\"%R\">",
          sort_keys[s.sort], s.desc ? "desc" : "asc");
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Saring"));
    h(b, "<div class=\"cards\"><div class=\"card\"><span>%s</span><b>%D</b></div><div class=\"card\"><span>"
         "%s</span><b><a href=\"%s\">%D</a></b></div><div class=\"card\"><span>"
         "%s</span><b><a href=\"%s\">%D</a></b></div></div>",
      _("WBP di dalam"), (int64_t)c.total, arena_printf(&r->a, _("Memenuhi per %s"), at_long),
      screen_link(r, &s, "eligible", NULL, 1), (int64_t)c.eligible,
      arena_printf(&r->a, _("Memenuhi dalam %d bulan"), s.months), screen_link(r, &s, "soon", NULL, 1),
      (int64_t)c.soon);
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Belum memenuhi, menurut syarat"), _("Syarat"), _("Jumlah WBP"));
    for (int i = 0; i < REQ__COUNT; i++)
        if (c.unmet[i])
            h(b, "<tr><td><a href=\"%s\">%s</a></td><td>%D</td></tr>",
              screen_link(r, &s, "not", elig_req_code_name((elig_req_code_t)i), 1),
              elig_req_label((elig_req_code_t)i), (int64_t)c.unmet[i]);
    h(b, "</tbody></table>");
    interest_counts_section(r, w, c.ids, c.nids);
    free(c.ids);
    h(b, "<div class=\"actions\">");
    if (route_role_may(r->user.role, "GET", "/not-proposed"))
        h(b, " <a class=\"button\" href=\"/not-proposed\">%s</a>", _("WBP yang tidak diusulkan"));
    if (route_role_may(r->user.role, "GET", "/reconcile"))
        h(b, " <a class=\"button\" href=\"/reconcile\">%s</a>", _("Cocokkan tanggal dengan SDP"));
    h(b, "</div>");
    if (c.hidden)
        h(b, "<p class=\"notice\" role=\"status\">%s <a href=\"/not-proposed\">%s</a> · <a href=\"%s&amp;marked=1\">%s</a></p>",
          arena_printf(&r->a, _("%ld WBP yang ditandai tidak diusulkan (tanda masih berlaku) tidak ditampilkan di daftar ini."),
                       c.hidden),
          _("Lihat daftar tidak diusulkan"), screen_link(r, &s, s.show, s.reason, 1), _("Tampilkan juga yang ditandai"));
    web_list_links_raw(r, b,
                       arena_printf(&r->a, "/eligibility.csv%s", strchr(screen_link(r, &s, s.show, s.reason, 1), '?')));
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p><table><thead><tr>",
      arena_printf(&r->a, _("%ld WBP cocok dengan saringan."), c.matched));
    static const char *const heads[SK__COUNT] = {N_("No. registrasi"), N_("Nama"), N_("Lokasi"), N_("Status"),
                                                 N_("Memenuhi sejak")};
    for (int k = 0; k < SK__COUNT; k++)
        web_sort_th(r, b, "/eligibility", sort_keys[k], _(heads[k]), s.sort == k, s.desc);
    h(b, "<th scope=\"col\">%s</th></tr></thead><tbody>%R", _("Syarat yang belum"), rows.data ? rows.data : "");
    if (c.matched == 0) h(b, "<tr><td colspan=\"6\">%s</td></tr>",
                          _("Tidak ada WBP yang cocok."));
    h(b, "</tbody></table>");
    buf_release(&rows);
    int pages = (int)((c.matched + c.per - 1) / c.per);
    h(b, "<nav class=\"pager\" aria-label=\"%s\">",
      _("Halaman"));
    if (c.page > 1) h(b, "<a href=\"%s\" rel=\"prev\">%s</a>",
                      screen_link(r, &s, s.show, s.reason, c.page - 1), _("« Sebelumnya"));
    h(b, "<span>%s</span>", arena_printf(&r->a, _("Halaman %d dari %d"), c.page, pages < 1 ? 1 : pages));
    if (c.page < pages) h(b, "<a href=\"%s\" rel=\"next\">%s</a>",
                          screen_link(r, &s, s.show, s.reason, c.page + 1), _("Berikutnya »"));
    h(b, "</nav>");
    return page_end(r, w);
}

int page_eligibility_csv(req_t *r, resp_t *w)
{
    screen_t s;
    if (read_screen(r, &s) < 0) return -1;
    resp_file(r, w, "text/csv; charset=utf-8", false, "penyaringan-asimilasi.csv");
    buf_puts(&w->body, "\xEF\xBB\xBF");
    elig_csv_header(&w->body);
    struct screen_ctx c = {r, &s, 1, 1, 0, 0, 0, 0, {0}, &w->body, 2};
    return run_screen(r, &c);
}

int api_eligibility(req_t *r, resp_t *w)
{
    screen_t s;
    if (read_screen(r, &s) < 0) return -1;
    buf_t items;
    buf_init(&items);
    struct screen_ctx c = {r, &s, req_query_int(r, "page", 1, 1, 1000000), req_query_int(r, "per_page", 100, 1, 1000),
                           0, 0, 0, 0, {0}, &items, 1};
    if (run_screen(r, &c) < 0) {
        buf_release(&items);
        return -1;
    }
    char at[DATE_ISO_LEN];
    date_format(s.at, at);
    w->ctype = "application/json; charset=utf-8";
    buf_printf(&w->body, "{\"at\":\"%s\",\"total\":%ld,\"eligible\":%ld,\"matched\":%ld,\"hidden_marked\":%ld,\"page\":%d,"
                         "\"per_page\":%d,\"items\":[%s]}\n",
               at, c.total, c.eligible, c.matched, c.hidden, c.page, c.per, items.data ? items.data : "");
    buf_release(&items);
    return 0;
}

struct one_ctx {
    buf_t *b;
    date_t at;
    bool found;
};
static int one_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct one_ctx *c = vc;
    elig_row_json(c->b, row, c->at);
    c->found = true;
    return 0;
}

int api_wbp_eligibility(req_t *r, resp_t *w)
{
    screen_t s;
    if (read_screen(r, &s) < 0) return -1;
    struct one_ctx c = {&w->body, s.at, false};
    elig_query_t q = {r->user.id, 0, r->id, s.at, false};
    err_t e;
    err_clear(&e);
    if (elig_scan(r->db, &e, &q, one_row, &c) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (!c.found) return web_fail(r, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)r->id);
    w->ctype = "application/json; charset=utf-8";
    buf_putc(&w->body, '\n');
    return 0;
}

/* A date in the reader's long form ("12 Maret 2025"), "-" for none. */
static const char *fmt_date_iso_long(req_t *r, date_t d)
{
    char l[DATE_LONG_LEN];
    date_format_long_ui(d, l);
    return arena_strdup(&r->a, l[0] ? l : "-");
}

/* The explanation and timeline on the WBP page. */
void eligibility_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    screen_t s;
    if (read_screen(r, &s) < 0) {
        err_clear(&r->err);
        char today[11];
        today_iso(today);
        date_parse(today, &s.at);
    }
    err_t e;
    err_clear(&e);
    buf_t *b = &w->body;
    char at_long[DATE_LONG_LEN], d[DATE_LONG_LEN], detail[1024];
    date_format_long_ui(s.at, at_long);
    h(b, "<h2 id=\"asimilasi\">%s</h2>", arena_printf(&r->a, _("Syarat asimilasi per %s"), at_long));
    elig_result_t one;
    date_t detention;
    if (elig_one(r->db, &e, r->user.id, wbp->id, s.at, &one, &detention) <= 0) {
        h(b, "<p class=\"error\">%s</p>", arena_printf(&r->a, _("Syarat asimilasi tidak dapat dihitung: %s"), e.msg));
        return;
    }
    const elig_result_t *res = &one;
    date_format_long_ui(res->eligible_from, d);
    h(b, "<p class=\"%R\"><strong>%s</strong> %s%s</p>", res->eligible ? "notice" : "muted",
      res->eligible ? _("Memenuhi syarat asimilasi.") : _("Belum memenuhi syarat asimilasi."),
      !res->eligible && d[0] ? arena_printf(&r->a, _("Diperkirakan memenuhi pada %s."), d) : "",
      arena_printf(&r->a, _(" Aturan: %s."), res->rules ? res->rules->code : "-"));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Syarat"), _("Terpenuhi"), _("Sejak / pada"), _("Penjelasan"));
    for (int i = 0; i < res->n; i++) {
        const elig_req_t *qr = &res->req[i];
        date_format_long_ui(qr->met_from, d);
        elig_req_detail(res, qr, s.at, detail, sizeof detail);
        h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
          elig_req_label(qr->code), qr->met ? _("Ya") : _("Belum"), d[0] ? d : "-", detail);
    }
    h(b, "</tbody></table>");
    if (res->has_dates) {
        struct {
            const char *label;
            date_t when;
            int corr; /* the correction that gave the date, -1 none */
        } tl[] = {{N_("Mulai ditahan"), DATE_NONE, -1},
                  {N_("1/2 masa pidana"), res->dates.half, res->corr[DC_HALF].state == ELIG_CORR_APPLIED ? DC_HALF : -1},
                  {N_("2/3 masa pidana"), res->dates.two_thirds,
                   res->corr[DC_TWO_THIRDS].state == ELIG_CORR_APPLIED ? DC_TWO_THIRDS : -1},
                  {N_("Memenuhi syarat asimilasi"), res->eligible_from, -1},
                  {N_("Ekspirasi (bebas murni)"), res->dates.expiry,
                   res->corr[DC_EXPIRY].state == ELIG_CORR_APPLIED ? DC_EXPIRY : -1}};
        const char *ds = wbp->v[WF_DETENTION_START];
        if (ds) date_parse(ds, &tl[0].when);
        /* sort by date: a handful of entries, insertion sort */
        for (size_t i = 1; i < ARRAY_LEN(tl); i++)
            for (size_t j = i; j > 0 && tl[j].when != DATE_NONE &&
                               (tl[j - 1].when == DATE_NONE || tl[j - 1].when > tl[j].when);
                 j--) {
                __typeof__(tl[0]) t = tl[j];
                tl[j] = tl[j - 1];
                tl[j - 1] = t;
            }
        h(b, "<h3>%s</h3><ol class=\"timeline\">",
          _("Garis waktu"));
        for (size_t i = 0; i < ARRAY_LEN(tl); i++) {
            if (tl[i].when == DATE_NONE) continue;
            date_format_long_ui(tl[i].when, d);
            h(b, "<li><strong>%s</strong> — %s%s%s</li>", d, _(tl[i].label), tl[i].when <= s.at ? _(" (sudah lewat)") : "",
              tl[i].corr >= 0 ? arena_printf(&r->a, _(" — dikoreksi: %s (hitungan Bekal %s)"), res->corr[tl[i].corr].reason,
                                             fmt_date_iso_long(r, res->corr[tl[i].corr].computed))
                              : "");

        }
        h(b, "</ol>");
    }
}

static void interest_counts_section(req_t *r, resp_t *w, const int64_t *ids, int n)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    /* every assessment's interests, latest assessment per WBP, by WBP id */
    typedef struct {
        const char *code, *name;
        int first, any;
    } tc_t;
    tc_t tc[64];
    int nt = 0, assessed = 0;
    int64_t cur_wbp = -1, cur_as = -1;
    bool in_set = false;
    /* rows of one WBP's latest assessment only: collect per WBP, keep the last assessment's rows */
    assess_interest_t *rows;
    int nr;
    assess_interests(r->db, &e, &r->a, r->user.id, &rows, &nr);
    for (int i = 0; i < nr; i++) {
        if (rows[i].wbp != cur_wbp) {
            cur_wbp = rows[i].wbp;
            /* the latest assessment of this WBP: the last rows' assessment id */
            int j = i;
            while (j + 1 < nr && rows[j + 1].wbp == cur_wbp) j++;
            cur_as = rows[j].as;
            int lo = 0, hi = n; /* ids are in ascending order */
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (ids[mid] < cur_wbp) lo = mid + 1;
                else hi = mid;
            }
            in_set = lo < n && ids[lo] == cur_wbp;
            assessed += in_set;
        }
        if (!in_set || rows[i].as != cur_as) continue;
        int t = 0;
        while (t < nt && !str_eq(tc[t].code, rows[i].code)) t++;
        if (t == nt) {
            if (nt == (int)ARRAY_LEN(tc)) continue;
            tc[nt++] = (tc_t){rows[i].code, rows[i].name, 0, 0};
        }
        tc[t].any++;
        tc[t].first += rows[i].rank == 1;
    }
    h(b, "<h2 id=\"minat\">%s</h2><p class=\"muted\">%s</p>", _("Menurut minat kejuruan"),
      arena_printf(&r->a, _("Dari WBP yang cocok dengan saringan: %d sudah diasesmen (minat dari asesmen awal "
                             "terakhir), %d belum."),
                   assessed, n - assessed));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
         "<tbody>",
      _("Kejuruan"), _("Pilihan pertama"), _("Berminat (pilihan mana pun)"));
    for (int t = 0; t < nt; t++)
        h(b, "<tr><td>%s (%s)</td><td>%d</td><td>%d</td></tr>", tc[t].name, tc[t].code, tc[t].first, tc[t].any);
    if (!nt) h(b, "<tr><td colspan=\"3\">%s</td></tr>", _("Belum ada asesmen minat."));
    h(b, "</tbody></table>");
}
