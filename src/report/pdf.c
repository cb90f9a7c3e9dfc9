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

typedef struct {
    const report_t *r;
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    bool draw;        /* false in the counting pass */
    double pw, ph;    /* page size */
    double y;         /* next free line */
    int page, pages;  /* current page (1-based) and the total when drawing */
} pdf_t;

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    if (closure) buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

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

/* Column widths: numbers and dates keep their natural width; text columns share
 * what is left in proportion to their natural width, wrapping when they must. */
static void col_widths(pdf_t *p, const rep_table_t *t, double *cw)
{
    double avail = content_w(p), fixed = 0, textnat = 0, minw[t->ncols > 0 ? t->ncols : 1];
    for (int c = 0; c < t->ncols; c++) {
        double w, best = 0;
        /* headers wrap at spaces: their longest word is the minimum */
        char word[256];
        const char *s = t->cols[c].title;
        while (*s) {
            size_t n = strcspn(s, " ");
            snprintf(word, sizeof word, "%.*s", (int)(n < 255 ? n : 255), s);
            PangoLayout *l = layout(p, word, FONT " Bold 8", -1, PANGO_ALIGN_LEFT);
            lsize(l, &w, NULL);
            g_object_unref(l);
            if (w > best) best = w;
            s += n;
            while (*s == ' ') s++;
        }
        minw[c] = best + 2 * PAD + 1; /* a text column is never narrower than its header's longest word */
        int64_t tv;
        int nrows = t->nrows + (t->totals_label ? 1 : 0);
        for (int i = 0; i < nrows; i++) {
            char disp[1024];
            if (i < t->nrows) {
                const rep_cell_t *cell = rep_cell(t, i, c);
                rep_cell_display(t->cols[c].type, cell->null, cell->i, cell->s, disp, sizeof disp);
            } else if (rep_total(t, c, &tv)) {
                rep_cell_display(t->cols[c].type, false, tv, NULL, disp, sizeof disp);
            } else {
                snprintf(disp, sizeof disp, "%s", c == 0 ? t->totals_label : "");
            }
            PangoLayout *l = layout(p, disp, i < t->nrows ? FONT " 8" : FONT " Bold 8", -1, PANGO_ALIGN_LEFT);
            lsize(l, &w, NULL);
            g_object_unref(l);
            if (w > best) best = w;
        }
        cw[c] = best + 2 * PAD + 1;
        if (t->cols[c].type == REP_TEXT) textnat += cw[c];
        else fixed += cw[c];
    }
    double left = avail - fixed;
    if (textnat > 0 && left > 0) {
        /* shrink (or grow) the text columns to fill exactly, in proportion to their
         * natural width; a column that would fall below its minimum keeps the
         * minimum and the others share the rest (a few rounds settle it) */
        bool pinned[t->ncols > 0 ? t->ncols : 1];
        memset(pinned, 0, sizeof pinned);
        double nat[t->ncols > 0 ? t->ncols : 1];
        for (int c = 0; c < t->ncols; c++) nat[c] = cw[c];
        for (int round = 0; round < 4; round++) {
            double free_w = left, free_nat = 0;
            for (int c = 0; c < t->ncols; c++)
                if (t->cols[c].type == REP_TEXT) {
                    if (pinned[c]) free_w -= cw[c];
                    else free_nat += nat[c];
                }
            if (free_nat <= 0 || free_w <= 0) break;
            bool changed = false;
            for (int c = 0; c < t->ncols; c++)
                if (t->cols[c].type == REP_TEXT && !pinned[c]) {
                    cw[c] = nat[c] * free_w / free_nat;
                    double lo = minw[c] < nat[c] ? minw[c] : nat[c];
                    if (cw[c] < lo) cw[c] = lo, pinned[c] = changed = true;
                }
            if (!changed) break;
        }
    } else {
        /* no text column, or numbers alone overflow: scale everything to fit */
        double tot = fixed + textnat, k = tot > avail ? avail / tot : 1;
        for (int c = 0; c < t->ncols; c++) cw[c] *= k;
    }
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

static double row_height(pdf_t *p, const rep_table_t *t, rowkind_t k, int i, const double *cw)
{
    char(*disp)[1024] = xmalloc((size_t)t->ncols * sizeof *disp);
    row_texts(t, k, i, disp);
    double hmax = 0;
    for (int c = 0; c < t->ncols; c++) {
        double h;
        PangoLayout *l = layout(p, disp[c], k == ROW_BODY ? FONT " 8" : FONT " Bold 8", cw[c] - 2 * PAD,
                                PANGO_ALIGN_LEFT);
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
        show(p, layout(p, disp[c], k == ROW_BODY ? FONT " 8" : FONT " Bold 8", cw[c] - 2 * PAD, al), x + PAD,
             p->y + PAD);
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
static int render(const report_t *r, buf_t *out, int total_pages, err_t *e)
{
    pdf_t p = {.r = r, .draw = out != NULL, .page = 1, .pages = total_pages, .y = M_TOP};
    p.pw = r->landscape ? A4_H : A4_W;
    p.ph = r->landscape ? A4_W : A4_H;
    p.surf = cairo_pdf_surface_create_for_stream(to_buf, out, p.pw, p.ph);
    if (cairo_surface_status(p.surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p.surf);
        return err_set(e, 500, "pdf_error", "tidak dapat membuat PDF");
    }
    if (out) {
        cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, r->title);
        cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_AUTHOR, r->author);
        cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR, "Bekal");
        if (r->subtitle[0]) cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_SUBJECT, r->subtitle);
    }
    p.cr = cairo_create(p.surf);
    p.pc = pango_cairo_create_context(p.cr);
    pango_cairo_context_set_resolution(p.pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    cairo_set_source_rgb(p.cr, 0, 0, 0);

    heading(&p);
    for (int i = 0; i < r->ntables; i++) {
        table(&p, r->tables[i]);
        if (r->tables[i]->chart) chart_block(&p, r->tables[i], r->tables[i]->chart);
    }
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
    int n = render(r, NULL, 0, e);
    if (n < 0) return -1;
    int m = render(r, out, n, e);
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
