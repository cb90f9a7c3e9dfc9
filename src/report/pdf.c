/* pdf.c — the report model as an A4 PDF (cairo + pango, font "DejaVu Sans"):
 * letterhead (kop surat) with a double rule on the first page, title, numbered
 * tables whose header is repeated on every page they run onto, a totals row, the
 * signature block, and "Halaman i dari n" on every page. A table with a chart
 * (rep_table_set_chart) has it drawn under it.
 *
 * Layout runs twice over the same code: once into a PDF that is thrown away to
 * count the pages, then for real with the count known. Both passes use PDF
 * surfaces so pango measures text identically. Units are PostScript points; the
 * pango context is set to 72 dpi so font sizes are points too. */
#include "table_int.h"
#include "pdfsurf.h"
#include "qr.h"
#include "../util/i18n.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A4_W 595.276
#define A4_H 841.890
#define M_LEFT 56.7  /* 2 cm */
#define M_RIGHT 42.5 /* 1.5 cm */
#define M_TOP 42.5
#define M_BOTTOM 56.7
#define PAD 3.0      /* cell padding */
#define FONT "DejaVu Sans"

/* Widths text_w measured, kept for the whole report: its passes (and its tables'
 * repeated cells) measure the same texts again, and shaping text is most of the
 * work. Open addressing on (bold, text). */
typedef struct {
    char **key; /* '0' or '1' (bold), then the text */
    size_t *klen;
    double *w;
    size_t n, cap;
} widths_t;

typedef struct {
    const report_t *r;
    widths_t *widths;
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    bool draw;        /* false in the counting pass */
    double pw, ph;    /* page size */
    double y;         /* next free line */
    int page, pages;  /* current page (1-based) and the total when drawing */
    PangoLayout *meas[2]; /* measuring layouts of the table font, regular and bold */
    bool narrow;      /* a table's words did not fit across the page */
} pdf_t;

/* A layout of text in font `font` (pango description) wrapped to width (<= 0: no wrap). */
static PangoLayout *layout(pdf_t *p, const char *text, const char *font, double width, PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, al);
    if (!text || g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(l, text ? text : "", -1);
    } else { /* a cell cut short inside a character: show '?' for the broken bytes */
        char *c = xstrdup(text);
        utf8_sanitize(c);
        pango_layout_set_text(l, c, -1);
        free(c);
    }
    return l;
}

static void lsize(PangoLayout *l, double *w, double *h)
{
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    if (w) *w = (double)log.width / PANGO_SCALE;
    if (h) *h = (double)log.height / PANGO_SCALE;
}

/* Draws (in the drawing pass) and frees l at x, y; returns its height. */
static double show(pdf_t *p, PangoLayout *l, double x, double y)
{
    double h;
    lsize(l, NULL, &h);
    if (p->draw) {
        cairo_move_to(p->cr, x, y);
        pango_cairo_show_layout(p->cr, l);
    }
    g_object_unref(l);
    return h;
}

static double content_w(const pdf_t *p) { return p->pw - M_LEFT - M_RIGHT; }
static double bottom(const pdf_t *p) { return p->ph - M_BOTTOM; }

static void footer(pdf_t *p)
{
    char s[64];
    if (p->pages > 0) snprintf(s, sizeof s, _("Halaman %d dari %d"), p->page, p->pages);
    else snprintf(s, sizeof s, _("Halaman %d"), p->page);
    double fy = p->ph - M_BOTTOM + 18;
    if (p->draw) cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    show(p, layout(p, p->r->title, FONT " 7", content_w(p) * 0.7, PANGO_ALIGN_LEFT), M_LEFT, fy);
    show(p, layout(p, s, FONT " 7", content_w(p), PANGO_ALIGN_RIGHT), M_LEFT, fy);
    if (p->draw) cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void new_page(pdf_t *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = M_TOP;
}

static void hline(pdf_t *p, double x0, double x1, double y, double w)
{
    if (!p->draw) return;
    cairo_set_line_width(p->cr, w);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

/* Letterhead (first page), title and subtitle. */
static void heading(pdf_t *p)
{
    const report_t *r = p->r;
    double w = content_w(p);
    for (int i = 0; i < r->nkop; i++)
        p->y += show(p, layout(p, r->kop[i], i < 2 ? FONT " Bold 12" : FONT " 9", w, PANGO_ALIGN_CENTER), M_LEFT,
                     p->y);
    if (r->nkop) {
        p->y += 4;
        hline(p, M_LEFT, M_LEFT + w, p->y, 1.6);
        hline(p, M_LEFT, M_LEFT + w, p->y + 2.6, 0.5);
        p->y += 14;
    }
    p->y += show(p, layout(p, r->title, FONT " Bold 12", w, PANGO_ALIGN_CENTER), M_LEFT, p->y);
    if (r->subtitle[0]) p->y += show(p, layout(p, r->subtitle, FONT " 10", w, PANGO_ALIGN_CENTER), M_LEFT, p->y);
    p->y += 10;
}

static size_t widths_slot(const widths_t *m, const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->key[i] && !(m->klen[i] == n && memcmp(m->key[i], k, n) == 0)) i = (i + 1) & (m->cap - 1);
    return i;
}

static void widths_put(widths_t *m, char *k, size_t n, double w)
{
    if ((m->n + 1) * 2 > m->cap) {
        widths_t g = {NULL, NULL, NULL, m->n, m->cap ? m->cap * 2 : 1024};
        g.key = xcalloc(g.cap, sizeof *g.key);
        g.klen = xmalloc(g.cap * sizeof *g.klen);
        g.w = xmalloc(g.cap * sizeof *g.w);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i]) continue;
            size_t j = widths_slot(&g, m->key[i], m->klen[i]);
            g.key[j] = m->key[i], g.klen[j] = m->klen[i], g.w[j] = m->w[i];
        }
        free(m->key), free(m->klen), free(m->w);
        *m = g;
    }
    size_t i = widths_slot(m, k, n);
    m->key[i] = k, m->klen[i] = n, m->w[i] = w, m->n++;
}

static void widths_free(widths_t *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->key[i]);
    free(m->key), free(m->klen), free(m->w);
}

/* The width of text in the regular or bold 8 pt table font (one layout each, reused;
 * each text measured once a report). */
static double text_w(pdf_t *p, const char *s, size_t n, bool bold)
{
    widths_t *m = p->widths;
    char *k = xmalloc(n + 2);
    k[0] = bold ? '1' : '0';
    memcpy(k + 1, s, n);
    k[n + 1] = 0;
    if (m->cap) {
        size_t i = widths_slot(m, k, n + 1);
        if (m->key[i]) {
            free(k);
            return m->w[i];
        }
    }
    PangoLayout **l = &p->meas[bold];
    if (!*l) *l = layout(p, "", bold ? FONT " Bold 8" : FONT " 8", -1, PANGO_ALIGN_LEFT);
    if (g_utf8_validate(s, (gssize)n, NULL)) {
        pango_layout_set_text(*l, s, (int)n);
    } else {
        char *c = xmalloc(n + 1);
        memcpy(c, s, n);
        c[n] = 0;
        utf8_sanitize(c);
        pango_layout_set_text(*l, c, -1);
        free(c);
    }
    double w;
    lsize(*l, &w, NULL);
    widths_put(m, k, n + 1, w);
    return w;
}

/* The widest space-separated word of s. */
static double longest_word(pdf_t *p, const char *s, bool bold)
{
    double best = 0;
    while (*s) {
        while (*s == ' ') s++;
        size_t n = strcspn(s, " ");
        if (n) {
            double w = text_w(p, s, n, bold);
            if (w > best) best = w;
        }
        s += n;
    }
    return best;
}

/* s with a line break put at a space wherever the next word would pass width:
 * table cells wrap only at spaces, never inside a word (the caller frees). */
static char *wrap_words(pdf_t *p, const char *s, bool bold, double width)
{
    buf_t b;
    buf_init(&b);
    size_t line = 0; /* where the current line starts in b */
    while (*s) {
        size_t sp = strspn(s, " ");
        const char *word = s + sp;
        size_t n = strcspn(word, " \n");
        if (!n) {
            if (*word == '\n') buf_putc(&b, '\n'), line = b.len, s = word + 1;
            else s = word;
            continue;
        }
        if (b.len > line) {
            /* the line so far, the spaces and the word */
            buf_append(&b, s, sp + n);
            if (text_w(p, b.data + line, b.len - line, bold) > width) {
                b.len -= sp + n;
                buf_putc(&b, '\n');
                line = b.len;
                buf_append(&b, word, n);
            }
        } else {
            buf_append(&b, word, n);
        }
        s = word + n;
    }
    buf_putc(&b, 0);
    return b.data;
}

/* Column widths: rep_fit_columns() over each column's longest word (its minimum)
 * and longest cell (what it would like); numbers and dates do not wrap. A table
 * whose minimums do not fit marks the page as too narrow (report_pdf then lays
 * the report out in landscape). */
static void col_widths(pdf_t *p, const rep_table_t *t, double *cw)
{
    int nc = t->ncols > 0 ? t->ncols : 1;
    double minw[nc], pref[nc];
    bool grow[nc];
    for (int c = 0; c < t->ncols; c++) {
        bool text = t->cols[c].type == REP_TEXT;
        double mn = longest_word(p, t->cols[c].title, true), pf = 0;
        int64_t tv;
        int nrows = t->nrows + (t->totals_label ? 1 : 0);
        for (int i = 0; i < nrows; i++) {
            char disp[1024];
            bool bold = i >= t->nrows;
            if (i < t->nrows) {
                const rep_cell_t *cell = rep_cell(t, i, c);
                rep_cell_display(t->cols[c].type, cell->null, cell->i, cell->s, disp, sizeof disp);
            } else if (rep_total(t, c, &tv)) {
                rep_cell_display(t->cols[c].type, false, tv, NULL, disp, sizeof disp);
            } else {
                snprintf(disp, sizeof disp, "%s", c == 0 ? t->totals_label : "");
            }
            double w = text_w(p, disp, strlen(disp), bold);
            if (w > pf) pf = w;
            if (text) {
                double lw = longest_word(p, disp, bold);
                if (lw > mn) mn = lw;
            } else if (w > mn) {
                mn = w;
            }
        }
        minw[c] = mn + 2 * PAD + 1;
        pref[c] = (pf > mn ? pf : mn) + 2 * PAD + 1;
        grow[c] = text;
    }
    if (!rep_fit_columns(minw, pref, grow, t->ncols, content_w(p), cw)) p->narrow = true;
}

typedef enum { ROW_HEAD, ROW_BODY, ROW_TOTAL } rowkind_t;

/* The cell texts of a row (head, body row i, or totals) into disp[c]. */
static void row_texts(const rep_table_t *t, rowkind_t k, int i, char (*disp)[1024])
{
    for (int c = 0; c < t->ncols; c++) {
        int64_t v;
        if (k == ROW_HEAD) snprintf(disp[c], 1024, "%s", t->cols[c].title);
        else if (k == ROW_BODY) {
            const rep_cell_t *cell = rep_cell(t, i, c);
            rep_cell_display(t->cols[c].type, cell->null, cell->i, cell->s, disp[c], 1024);
        } else if (rep_total(t, c, &v)) rep_cell_display(t->cols[c].type, false, v, NULL, disp[c], 1024);
        else snprintf(disp[c], 1024, "%s", c == 0 ? t->totals_label : "");
    }
}

/* A cell's text as it is printed in a column of width w: headers and text cells
 * broken into lines at spaces (wrap_words), numbers and dates as they are. */
static char *cell_lines(pdf_t *p, const rep_table_t *t, rowkind_t k, int c, const char *disp, double w)
{
    if (k == ROW_HEAD || t->cols[c].type == REP_TEXT) return wrap_words(p, disp, k != ROW_BODY, w - 2 * PAD);
    return xstrdup(disp);
}

static double row_height(pdf_t *p, const rep_table_t *t, rowkind_t k, int i, const double *cw)
{
    char(*disp)[1024] = xmalloc((size_t)t->ncols * sizeof *disp);
    row_texts(t, k, i, disp);
    double hmax = 0;
    for (int c = 0; c < t->ncols; c++) {
        double h;
        char *txt = cell_lines(p, t, k, c, disp[c], cw[c]);
        PangoLayout *l = layout(p, txt, k == ROW_BODY ? FONT " 8" : FONT " Bold 8", cw[c] - 2 * PAD + 0.5,
                                PANGO_ALIGN_LEFT);
        free(txt);
        lsize(l, NULL, &h);
        g_object_unref(l);
        if (h > hmax) hmax = h;
    }
    free(disp);
    return hmax + 2 * PAD;
}

static void draw_row(pdf_t *p, const rep_table_t *t, rowkind_t k, int i, const double *cw, double h)
{
    char(*disp)[1024] = xmalloc((size_t)t->ncols * sizeof *disp);
    row_texts(t, k, i, disp);
    double x = M_LEFT;
    for (int c = 0; c < t->ncols; c++) {
        if (p->draw) {
            if (k != ROW_BODY) {
                if (k == ROW_HEAD) cairo_set_source_rgb(p->cr, 0.85, 0.89, 0.95);
                else cairo_set_source_rgb(p->cr, 0.95, 0.95, 0.95);
                cairo_rectangle(p->cr, x, p->y, cw[c], h);
                cairo_fill(p->cr);
                cairo_set_source_rgb(p->cr, 0, 0, 0);
            }
            cairo_set_line_width(p->cr, 0.5);
            cairo_rectangle(p->cr, x, p->y, cw[c], h);
            cairo_stroke(p->cr);
        }
        PangoAlignment al = k == ROW_HEAD                  ? PANGO_ALIGN_CENTER
                            : t->cols[c].type == REP_TEXT ? PANGO_ALIGN_LEFT
                            : t->cols[c].type == REP_DATE ? PANGO_ALIGN_CENTER
                                                          : PANGO_ALIGN_RIGHT;
        char *txt = cell_lines(p, t, k, c, disp[c], cw[c]);
        show(p, layout(p, txt, k == ROW_BODY ? FONT " 8" : FONT " Bold 8", cw[c] - 2 * PAD + 0.5, al), x + PAD,
             p->y + PAD);
        free(txt);
        x += cw[c];
    }
    p->y += h;
    free(disp);
}

static double caption(pdf_t *p, const rep_table_t *t, bool cont, bool measure_only)
{
    char s[700];
    snprintf(s, sizeof s, "%s %d. %s%s", _("Tabel"), t->no, t->title, cont ? _(" (lanjutan)") : "");
    PangoLayout *l = layout(p, s, FONT " Bold 9", content_w(p), PANGO_ALIGN_LEFT);
    if (measure_only) {
        double h;
        lsize(l, NULL, &h);
        g_object_unref(l);
        return h + 3;
    }
    return show(p, l, M_LEFT, p->y) + 3;
}

static void table(pdf_t *p, const rep_table_t *t)
{
    double *cw = xcalloc((size_t)t->ncols, sizeof *cw);
    col_widths(p, t, cw);
    double hh = row_height(p, t, ROW_HEAD, 0, cw);
    int nrows = t->nrows + (t->totals_label ? 1 : 0);
    /* keep the caption and header with the first row */
    double first = nrows ? row_height(p, t, t->nrows ? ROW_BODY : ROW_TOTAL, 0, cw) : 0;
    if (p->y + caption(p, t, false, true) + hh + first > bottom(p) && p->y > M_TOP) new_page(p);
    p->y += caption(p, t, false, false);
    draw_row(p, t, ROW_HEAD, 0, cw, hh);
    for (int i = 0; i < nrows; i++) {
        rowkind_t k = i < t->nrows ? ROW_BODY : ROW_TOTAL;
        double h = row_height(p, t, k, i, cw);
        if (p->y + h > bottom(p)) {
            new_page(p);
            p->y += caption(p, t, true, false);
            draw_row(p, t, ROW_HEAD, 0, cw, hh);
        }
        draw_row(p, t, k, i, cw, h);
    }
    p->y += 16;
    free(cw);
}

/* The chart kept with a table (svg.h: the same description, scale and colours as
 * the page's SVG), drawn under it: caption "Grafik N. title", y axis with grid
 * lines, bars (or lines and points), category labels (slanted when there are
 * many), and a legend for several series. Moves to a new page when it does not fit. */
#define CH_PLOT_H 130.0
static void chart_block(pdf_t *p, const rep_table_t *t, const chart_t *c)
{
    if (!c->nlabels || !c->nseries) return;
    double w = content_w(p);
    bool rotate = c->nlabels > 6;
    double xlab_h = rotate ? 62 : 22, legend_h = c->nseries > 1 ? 14 : 0;
    char cap[700];
    snprintf(cap, sizeof cap, "%s %d. %s", _("Grafik"), t->no, c->title ? c->title : "");
    PangoLayout *cl = layout(p, cap, FONT " Bold 8", w, PANGO_ALIGN_LEFT);
    double cap_h;
    lsize(cl, NULL, &cap_h);
    double need = cap_h + 6 + CH_PLOT_H + xlab_h + legend_h + 14;
    if (p->y + need > bottom(p) && p->y > M_TOP) new_page(p);
    p->y += show(p, cl, M_LEFT, p->y) + 6;
    int64_t y0, y1, step;
    chart_scale(c, 4, &y0, &y1, &step);
    double left = M_LEFT + 58, pw = w - 58 - 8, top = p->y, ph = CH_PLOT_H;
#define CH_Y(v) (top + ph - (double)((v) - y0) * ph / (double)(y1 - y0))
    char tmp[128];
    for (int64_t v = y0; v <= y1; v += step) {
        double y = CH_Y(v);
        if (p->draw) {
            if (v == 0) cairo_set_source_rgb(p->cr, 0.33, 0.33, 0.33);
            else cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
            hline(p, left, left + pw, y, 0.5);
            cairo_set_source_rgb(p->cr, 0, 0, 0);
        }
        svg_axis_label(c->value_type, v, tmp, sizeof tmp);
        PangoLayout *l = layout(p, tmp, FONT " 7", 54, PANGO_ALIGN_RIGHT);
        double lh;
        lsize(l, NULL, &lh);
        show(p, l, M_LEFT, y - lh / 2);
    }
    double slot = pw / c->nlabels, zero = CH_Y(0);
    for (int s = 0; s < c->nseries; s++) {
        double rgb[3];
        chart_rgb(s, rgb);
        if (!p->draw) continue;
        cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
        if (c->kind == CHART_LINE && c->nlabels > 1) {
            cairo_set_line_width(p->cr, 1.5);
            for (int i = 0; i < c->nlabels; i++) {
                double x = left + slot * (i + 0.5), y = CH_Y(c->series[s].values[i]);
                if (i) cairo_line_to(p->cr, x, y);
                else cairo_move_to(p->cr, x, y);
            }
            cairo_stroke(p->cr);
        }
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            double y = CH_Y(v);
            if (c->kind == CHART_BAR) {
                double bw = slot * 0.8 / c->nseries;
                if (bw > 36) bw = 36; /* a few categories: narrow bars, centred */
                double x = left + slot * (i + 0.5) - bw * c->nseries / 2 + bw * s;
                cairo_rectangle(p->cr, x, v >= 0 ? y : zero, bw, v >= 0 ? zero - y : y - zero);
                cairo_fill(p->cr);
            } else {
                cairo_arc(p->cr, left + slot * (i + 0.5), y, 2.5, 0, 6.2832);
                cairo_fill(p->cr);
            }
        }
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    }
    /* category labels */
    double ly = top + ph + 3;
    for (int i = 0; i < c->nlabels; i++) {
        double x = left + slot * (i + 0.5);
        if (!rotate) {
            show(p, layout(p, c->labels[i], FONT " 7", slot - 2, PANGO_ALIGN_CENTER), x - (slot - 2) / 2, ly);
            continue;
        }
        PangoLayout *l = layout(p, c->labels[i], FONT " 7", -1, PANGO_ALIGN_LEFT);
        pango_layout_set_width(l, (int)(80 * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        double lw, lh;
        lsize(l, &lw, &lh);
        if (p->draw) {
            cairo_save(p->cr);
            cairo_translate(p->cr, x, ly);
            cairo_rotate(p->cr, -0.7);
            cairo_move_to(p->cr, -lw, -lh / 2);
            pango_cairo_show_layout(p->cr, l);
            cairo_restore(p->cr);
        }
        g_object_unref(l);
    }
    p->y = top + ph + xlab_h;
    if (c->nseries > 1) {
        double x = left;
        for (int s = 0; s < c->nseries; s++) {
            double rgb[3], lw;
            chart_rgb(s, rgb);
            if (p->draw) {
                cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
                cairo_rectangle(p->cr, x, p->y + 2, 7, 7);
                cairo_fill(p->cr);
                cairo_set_source_rgb(p->cr, 0, 0, 0);
            }
            PangoLayout *l = layout(p, c->series[s].name, FONT " 7", -1, PANGO_ALIGN_LEFT);
            lsize(l, &lw, NULL);
            show(p, l, x + 10, p->y);
            x += 24 + lw;
        }
        p->y += legend_h;
    }
    p->y += 14;
#undef CH_Y
}

/* A bold underlined name centred in width w at x, y; returns its height. */
static double sig_name(pdf_t *p, const char *name, double x, double y, double w)
{
    char *mk = g_markup_printf_escaped("<b><u>%s</u></b>", name ? name : "");
    PangoLayout *l = layout(p, "", FONT " 10", w, PANGO_ALIGN_CENTER);
    pango_layout_set_markup(l, mk, -1);
    g_free(mk);
    return show(p, l, x, y);
}

static void signature(pdf_t *p)
{
    const report_t *r = p->r;
    double w = content_w(p) * 0.45, x = M_LEFT + content_w(p) - w;
    char dl[300], nip[200];
    rep_sig_dateline(r, dl, sizeof dl);
    snprintf(nip, sizeof nip, "NIP. %s", r->sig_nip ? r->sig_nip : "");
    double need = 0, h;
    const char *lines[] = {dl, r->has_sig ? r->sig_position : ""};
    for (int i = 0; i < 2; i++) {
        PangoLayout *l = layout(p, lines[i], FONT " 10", w, PANGO_ALIGN_CENTER);
        lsize(l, NULL, &h);
        g_object_unref(l);
        need += h;
    }
    need += 60 + 2 * 14;
    if (p->y + 10 + need > bottom(p)) new_page(p);
    p->y += 10;
    double y0 = p->y, yl = y0;
    if (r->recv_name) { /* the receiver, on the left, level with the position line */
        PangoLayout *l = layout(p, dl, FONT " 10", w, PANGO_ALIGN_CENTER);
        lsize(l, NULL, &h);
        g_object_unref(l);
        yl += h;
        yl += show(p, layout(p, r->recv_label, FONT " 10", w, PANGO_ALIGN_CENTER), M_LEFT, yl);
        yl += 60;
        yl += sig_name(p, r->recv_name, M_LEFT, yl, w);
    }
    if (r->has_sig) {
        p->y += show(p, layout(p, dl, FONT " 10", w, PANGO_ALIGN_CENTER), x, p->y);
        p->y += show(p, layout(p, r->sig_position, FONT " 10", w, PANGO_ALIGN_CENTER), x, p->y);
        p->y += 60; /* room to sign and stamp */
        p->y += sig_name(p, r->sig_name, x, p->y, w);
        if (r->sig_nip[0]) p->y += show(p, layout(p, nip, FONT " 10", w, PANGO_ALIGN_CENTER), x, p->y);
    }
    if (yl > p->y) p->y = yl;
}

/* The QR code (with its text beside it) under the tables. */
static int qr_block(pdf_t *p, err_t *e)
{
    const double size = 72;
    if (p->y + size + 8 > bottom(p)) new_page(p);
    if (p->draw && qr_draw(p->cr, p->r->qr_text, M_LEFT, p->y, size, NULL, e) < 0) return -1;
    show(p, layout(p, p->r->qr_text, FONT " 7", content_w(p) - size - 10, PANGO_ALIGN_LEFT), M_LEFT + size + 10,
         p->y + 8);
    p->y += size + 8;
    return 0;
}

/* One full pass; out NULL discards the PDF. Returns pages or -1. */
static int render(const report_t *r, widths_t *widths, buf_t *out, int total_pages, bool landscape, bool *narrow,
                  err_t *e)
{
    pdf_t p = {.r = r, .widths = widths, .draw = out != NULL, .page = 1, .pages = total_pages, .y = M_TOP};
    p.pw = landscape ? A4_H : A4_W;
    p.ph = landscape ? A4_W : A4_H;
    if (!(p.surf = pdf_surface_new(out, p.pw, p.ph, r->title, r->author, e))) return -1;
    if (out && r->subtitle[0]) cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_SUBJECT, r->subtitle);
    p.cr = cairo_create(p.surf);
    p.pc = pdf_pango_context(p.cr);
    cairo_set_source_rgb(p.cr, 0, 0, 0);

    heading(&p);
    for (int i = 0; i < r->ntables; i++) {
        table(&p, r->tables[i]);
        if (r->tables[i]->chart) chart_block(&p, r->tables[i], r->tables[i]->chart);
    }
    for (int i = 0; i < 2; i++)
        if (p.meas[i]) g_object_unref(p.meas[i]), p.meas[i] = NULL;
    if (narrow) *narrow = p.narrow;
    if (r->qr_text && qr_block(&p, e) < 0) {
        g_object_unref(p.pc);
        cairo_destroy(p.cr);
        cairo_surface_destroy(p.surf);
        return -1;
    }
    if (r->has_sig || r->recv_name) signature(&p);
    footer(&p);
    cairo_show_page(p.cr);

    g_object_unref(p.pc);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surf);
    cairo_status_t st = cairo_surface_status(p.surf);
    cairo_surface_destroy(p.surf);
    if (st != CAIRO_STATUS_SUCCESS) return err_set(e, 500, "pdf_error", "gagal menulis PDF: %s", cairo_status_to_string(st));
    return p.page;
}

int report_pdf(const report_t *r, buf_t *out, int *pages, err_t *e)
{
    for (int i = 0; i < r->ntables; i++) rep_nrows(r->tables[i]); /* closes open rows */
    /* a table whose words do not fit across a portrait page turns the report to landscape */
    bool land = r->landscape, narrow = false;
    widths_t widths = {0};
    int n = render(r, &widths, NULL, 0, land, &narrow, e);
    if (n >= 0 && narrow && !land) {
        land = true;
        n = render(r, &widths, NULL, 0, land, NULL, e);
    }
    int m = n < 0 ? -1 : render(r, &widths, out, n, land, NULL, e);
    widths_free(&widths);
    if (m < 0) return -1;
    if (pages) *pages = m;
    return 0;
}

/* fontconfig (under pango) keeps its configuration and caches for the life of the
 * process and never frees them; LeakSanitizer would report them at exit in the
 * sanitizer builds the tests use. This hook (read by LeakSanitizer only, unused
 * otherwise) leaves those allocations out of its report. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
