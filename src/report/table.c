/* table.c — the report model (building and reading it back), display formatting of
 * cells and the CSV writer. The XLSX and PDF writers are in xlsx.c and pdf.c. */
#include "table_int.h"
#include "../core/csv.h"
#include "../core/money.h"
#include "../util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies s into the report's arena with invalid UTF-8 bytes replaced by '?', so that
 * every writer gets valid text (XLSX is XML; pango wants UTF-8). */
static char *adup(report_t *r, const char *s)
{
    char *c = arena_strdup(&r->a, s ? s : "");
    utf8_sanitize(c);
    return c;
}

report_t *report_new(const char *title)
{
    report_t *r = xcalloc(1, sizeof *r);
    arena_init(&r->a);
    r->title = adup(r, title);
    r->subtitle = adup(r, "");
    r->author = adup(r, "Bekal");
    r->sig_date = DATE_NONE;
    return r;
}

void report_free(report_t *r)
{
    if (!r) return;
    for (int i = 0; i < r->ntables; i++) {
        rep_table_t *t = r->tables[i];
        free(t->cells);
        free(t->cols);
        free(t->has_total);
        free(t->total);
        free(t);
    }
    free(r->tables);
    free(r->kop);
    arena_release(&r->a);
    free(r);
}

void report_set_subtitle(report_t *r, const char *s) { r->subtitle = adup(r, s); }
void report_set_author(report_t *r, const char *s) { r->author = adup(r, s); }
void report_set_landscape(report_t *r, bool l) { r->landscape = l; }

void report_add_letterhead(report_t *r, const char *line)
{
    if (r->nkop == r->capkop) {
        r->capkop = r->capkop ? r->capkop * 2 : 4;
        r->kop = xrealloc(r->kop, (size_t)r->capkop * sizeof *r->kop);
    }
    r->kop[r->nkop++] = adup(r, line);
}

void report_set_signature(report_t *r, const char *place, date_t date, const char *position, const char *name,
                          const char *nip)
{
    r->has_sig = true;
    r->sig_place = adup(r, place);
    r->sig_date = date;
    r->sig_position = adup(r, position);
    r->sig_name = adup(r, name);
    r->sig_nip = adup(r, nip);
}

void rep_sig_dateline(const report_t *r, char *out, size_t n)
{
    char d[DATE_LONG_LEN];
    date_format_long_ui(r->sig_date, d);
    const char *place = r->sig_place ? r->sig_place : "";
    snprintf(out, n, "%s%s%s", place, *place && *d ? ", " : "", d);
}

rep_table_t *report_add_table(report_t *r, const char *title, const rep_col_t *cols, int ncols)
{
    if (ncols < 1) abort(); /* programming error: a table needs a column */
    rep_table_t *t = xcalloc(1, sizeof *t);
    t->rep = r;
    t->title = adup(r, title);
    t->ncols = ncols;
    t->cols = xcalloc((size_t)ncols, sizeof *t->cols);
    for (int i = 0; i < ncols; i++) {
        t->cols[i] = cols[i];
        t->cols[i].title = adup(r, cols[i].title);
    }
    t->has_total = xcalloc((size_t)ncols, sizeof *t->has_total);
    t->total = xcalloc((size_t)ncols, sizeof *t->total);
    t->cur = ncols; /* no row open */
    if (r->ntables == r->captables) {
        r->captables = r->captables ? r->captables * 2 : 4;
        r->tables = xrealloc(r->tables, (size_t)r->captables * sizeof *r->tables);
    }
    r->tables[r->ntables++] = t;
    t->no = r->ntables;
    return t;
}

/* Pads the open row with empty cells. */
static void finish_row(rep_table_t *t)
{
    while (t->nrows > 0 && t->cur < t->ncols) {
        rep_cell_t *c = &t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols + (size_t)t->cur++];
        *c = (rep_cell_t){true, 0, NULL};
    }
}

void rep_row(rep_table_t *t)
{
    finish_row(t);
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    t->nrows++;
    t->cur = 0;
    /* cells start empty, so a row left short needs no padding later */
    for (int c = 0; c < t->ncols; c++)
        t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols + (size_t)c] = (rep_cell_t){true, 0, NULL};
}

/* The next cell of the open row; NULL (ignored) when the row is full. */
static rep_cell_t *next_cell(rep_table_t *t)
{
    if (t->nrows == 0) rep_row(t);
    if (t->cur >= t->ncols) return NULL;
    return &t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols + (size_t)t->cur++];
}

void rep_text(rep_table_t *t, const char *s)
{
    rep_cell_t *c = next_cell(t);
    if (c) *c = (rep_cell_t){s == NULL, 0, s ? adup(t->rep, s) : NULL};
}
void rep_int(rep_table_t *t, int64_t v)
{
    rep_cell_t *c = next_cell(t);
    if (c) *c = (rep_cell_t){false, v, NULL};
}
void rep_date(rep_table_t *t, date_t d)
{
    rep_cell_t *c = next_cell(t);
    if (c) *c = (rep_cell_t){d == DATE_NONE, d, NULL};
}
void rep_null(rep_table_t *t)
{
    rep_cell_t *c = next_cell(t);
    if (c) *c = (rep_cell_t){true, 0, NULL};
}

void rep_totals(rep_table_t *t, const char *label) { t->totals_label = adup(t->rep, label ? label : "Jumlah"); }
void rep_set_total(rep_table_t *t, int col, int64_t v)
{
    if (col < 0 || col >= t->ncols) return;
    t->has_total[col] = true;
    t->total[col] = v;
}

void rep_table_set_chart(rep_table_t *t, const chart_t *c)
{
    report_t *r = t->rep;
    chart_t *k = arena_alloc(&r->a, sizeof *k);
    *k = *c;
    k->id = adup(r, c->id);
    k->title = adup(r, c->title);
    k->desc = c->desc ? adup(r, c->desc) : NULL;
    int nl = c->nlabels > 0 ? c->nlabels : 0, ns = c->nseries > 0 ? c->nseries : 0;
    const char **lab = arena_alloc(&r->a, sizeof *lab * (size_t)(nl + 1));
    for (int i = 0; i < nl; i++) lab[i] = adup(r, c->labels[i]);
    k->labels = lab;
    chart_series_t *s = arena_alloc(&r->a, sizeof *s * (size_t)(ns + 1));
    for (int j = 0; j < ns; j++) {
        int64_t *v = arena_alloc(&r->a, sizeof *v * (size_t)(nl + 1));
        if (nl) memcpy(v, c->series[j].values, sizeof *v * (size_t)nl);
        s[j] = (chart_series_t){adup(r, c->series[j].name), v};
    }
    k->series = s;
    t->chart = k;
}

const chart_t *rep_table_chart(const rep_table_t *t) { return t->chart; }

int report_nletterhead(const report_t *r) { return r->nkop; }
const char *report_letterhead(const report_t *r, int i) { return i >= 0 && i < r->nkop ? r->kop[i] : ""; }

int report_ntables(const report_t *r) { return r->ntables; }
rep_table_t *report_table(const report_t *r, int i) { return i >= 0 && i < r->ntables ? r->tables[i] : NULL; }
int rep_nrows(const rep_table_t *t)
{
    finish_row((rep_table_t *)t);
    return t->nrows;
}

void rep_truncate(rep_table_t *t, int n)
{
    finish_row(t);
    if (n >= 0 && n < t->nrows) t->nrows = n;
}

const char *report_title(const report_t *r) { return r->title; }
const char *report_subtitle(const report_t *r) { return r->subtitle; }
int rep_ncols(const rep_table_t *t) { return t->ncols; }
const rep_col_t *rep_col(const rep_table_t *t, int col) { return col >= 0 && col < t->ncols ? &t->cols[col] : NULL; }
const char *rep_table_title(const rep_table_t *t) { return t->title; }
const char *rep_totals_label(const rep_table_t *t) { return t->totals_label; }
void report_set_qr(report_t *r, const char *text) { r->qr_text = text ? adup(r, text) : NULL; }
void report_set_receiver(report_t *r, const char *label, const char *name)
{
    r->recv_label = adup(r, label);
    r->recv_name = adup(r, name);
}

void rep_cell_text(const rep_table_t *t, int row, int col, char *out, size_t n, int64_t *num)
{
    finish_row((rep_table_t *)t);
    if (num) *num = 0;
    if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols) {
        snprintf(out, n, "%s", "");
        return;
    }
    const rep_cell_t *c = rep_cell(t, row, col);
    rep_cell_display(t->cols[col].type, c->null, c->i, c->s, out, n);
    if (num && !c->null && t->cols[col].type != REP_TEXT) *num = c->i;
}

static bool is_numeric(rep_type_t ty) { return ty == REP_INT || ty == REP_RUPIAH || ty == REP_PERCENT; }

bool rep_total(const rep_table_t *t, int col, int64_t *out)
{
    if (col < 0 || col >= t->ncols) return false;
    if (t->has_total[col]) {
        *out = t->total[col];
        return true;
    }
    if (!t->cols[col].sum || !is_numeric(t->cols[col].type)) return false;
    finish_row((rep_table_t *)t);
    int64_t s = 0;
    for (int i = 0; i < t->nrows; i++) {
        const rep_cell_t *c = rep_cell(t, i, col);
        if (!c->null) s += c->i;
    }
    *out = s;
    return true;
}

void rep_cell_display(rep_type_t type, bool null, int64_t iv, const char *sv, char *out, size_t n)
{
    char tmp[MONEY_FMT_LEN];
    if (null) {
        snprintf(out, n, "%s", "");
        return;
    }
    switch (type) {
    case REP_TEXT: snprintf(out, n, "%s", sv ? sv : ""); break;
    case REP_INT: snprintf(out, n, "%s", money_format_int(iv, tmp)); break;
    case REP_RUPIAH: snprintf(out, n, "%s", money_format(iv, tmp)); break;
    case REP_DATE: {
        int y, m, d;
        date_to_ymd((date_t)iv, &y, &m, &d);
        snprintf(out, n, "%02d-%02d-%04d", d, m, y);
        break;
    }
    case REP_PERCENT: {
        int64_t a = iv < 0 ? -iv : iv;
        snprintf(out, n, "%s%s,%02d%%", iv < 0 ? "-" : "", money_format_int(a / 100, tmp), (int)(a % 100));
        break;
    }
    }
}

/* A cell for CSV: numbers plain, dates ISO, percent as "12.50". */
static void csv_cell(buf_t *b, rep_type_t type, const rep_cell_t *c)
{
    if (c->null) return;
    switch (type) {
    case REP_TEXT: csv_write_cell(b, c->s, ','); break;
    case REP_INT:
    case REP_RUPIAH: buf_printf(b, "%lld", (long long)c->i); break;
    case REP_DATE: {
        char d[DATE_ISO_LEN];
        date_format((date_t)c->i, d);
        buf_puts(b, d);
        break;
    }
    case REP_PERCENT: {
        int64_t a = c->i < 0 ? -c->i : c->i;
        buf_printf(b, "%s%lld.%02d", c->i < 0 ? "-" : "", (long long)(a / 100), (int)(a % 100));
        break;
    }
    }
}

void report_csv(const report_t *r, buf_t *out, int flags)
{
    if (flags & REP_CSV_BOM) buf_puts(out, "\xEF\xBB\xBF");
    for (int ti = 0; ti < r->ntables; ti++) {
        const rep_table_t *t = r->tables[ti];
        finish_row((rep_table_t *)t);
        if (ti > 0) buf_puts(out, "\r\n");
        if (r->ntables > 1) {
            csv_write_cell(out, t->title, ',');
            buf_puts(out, "\r\n");
        }
        for (int c = 0; c < t->ncols; c++) {
            if (c) buf_putc(out, ',');
            csv_write_cell(out, t->cols[c].title, ',');
        }
        buf_puts(out, "\r\n");
        for (int i = 0; i < t->nrows; i++) {
            for (int c = 0; c < t->ncols; c++) {
                if (c) buf_putc(out, ',');
                csv_cell(out, t->cols[c].type, rep_cell(t, i, c));
            }
            buf_puts(out, "\r\n");
        }
        if (t->totals_label && !(flags & REP_CSV_NO_TOTALS)) {
            for (int c = 0; c < t->ncols; c++) {
                if (c) buf_putc(out, ',');
                int64_t v;
                if (c == 0 && !rep_total(t, 0, &v)) csv_write_cell(out, t->totals_label, ',');
                else if (rep_total(t, c, &v)) csv_cell(out, t->cols[c].type, &(rep_cell_t){false, v, NULL});
            }
            buf_puts(out, "\r\n");
        }
    }
}

int report_save(const buf_t *b, const char *path, err_t *e)
{
    FILE *f = fopen(path, "wb");
    if (!f) return err_set(e, 500, "io_error", "tidak dapat menulis %s: %s", path, strerror(errno));
    size_t n = b->len ? fwrite(b->data, 1, b->len, f) : 0;
    int rc = fclose(f);
    if (n != b->len || rc != 0) return err_set(e, 500, "io_error", "gagal menulis %s", path);
    return 0;
}

bool rep_fit_columns(const double *minw, const double *pref, const bool *grow, int n, double avail, double *w)
{
    double smin = 0, spref = 0, sgrow = 0;
    for (int c = 0; c < n; c++) {
        double pf = pref[c] > minw[c] ? pref[c] : minw[c];
        smin += minw[c];
        spref += pf;
        if (!grow || grow[c]) sgrow += pf;
        w[c] = pf;
    }
    if (spref <= avail) {
        double extra = avail - spref;
        for (int c = 0; c < n && sgrow > 0; c++)
            if (!grow || grow[c]) w[c] += extra * w[c] / sgrow;
        return true;
    }
    if (smin <= avail) {
        double k = spref > smin ? (avail - smin) / (spref - smin) : 0;
        for (int c = 0; c < n; c++) w[c] = minw[c] + (w[c] - minw[c]) * k;
        return true;
    }
    for (int c = 0; c < n; c++) w[c] = smin > 0 ? minw[c] * avail / smin : 0;
    return false;
}

const char *report_ctype(const char *format)
{
    if (str_eq(format, "csv")) return "text/csv; charset=utf-8";
    if (str_eq(format, "xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (str_eq(format, "pdf")) return "application/pdf";
    return NULL;
}

int report_write(const report_t *r, const char *format, int csv_flags, buf_t *out, err_t *e)
{
    if (str_eq(format, "csv")) {
        report_csv(r, out, csv_flags);
        return 0;
    }
    if (str_eq(format, "xlsx")) return report_xlsx(r, out, e);
    if (str_eq(format, "pdf")) return report_pdf(r, out, NULL, e);
    return err_set(e, 400, "bad_format", _("format tidak dikenal: %s (pdf, xlsx atau csv)"), format ? format : "");
}
