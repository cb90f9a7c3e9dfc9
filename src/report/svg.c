/* svg.c — server-made SVG bar and line charts with accessible labels, and the
 * matching HTML table. */
#include "svg.h"
#include "htmltab.h"
#include "../core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                      "#CC79A7", "#56B4E9", "#000000", "#F0E442"}; /* Okabe–Ito */

void chart_rgb(int series, double rgb[3])
{
    const char *h = palette[(size_t)(series < 0 ? 0 : series) % ARRAY_LEN(palette)];
    for (int i = 0; i < 3; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char ch = h[1 + 2 * i + k];
            v = v * 16 + (ch >= 'A' ? ch - 'A' + 10 : ch - '0');
        }
        rgb[i] = v / 255.0;
    }
}

/* An id made safe for attributes and url(#...): letters, digits, - and _ only. */
static void put_id(buf_t *b, const char *id, const char *suffix)
{
    for (const char *s = id && *id ? id : "grafik"; *s; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        buf_putc(b, ok ? c : '-');
    }
    buf_puts(b, suffix);
}

void svg_axis_label(rep_type_t type, int64_t v, char *out, size_t n)
{
    if (type == REP_PERCENT) {
        rep_cell_display(REP_PERCENT, false, v, NULL, out, n);
        return;
    }
    static const struct { int64_t unit; const char *name; } u[] = {
        {1000000000000LL, "T"}, {1000000000LL, "M"}, {1000000LL, "jt"}, {1000LL, "rb"}};
    const char *pre = type == REP_RUPIAH ? "Rp " : "";
    int64_t a = v < 0 ? -v : v;
    for (size_t i = 0; i < ARRAY_LEN(u); i++) {
        if (a < u[i].unit) continue;
        int64_t whole = a / u[i].unit, tenth = (a % u[i].unit) * 10 / u[i].unit;
        if (tenth) snprintf(out, n, "%s%s%lld,%lld %s", v < 0 ? "-" : "", pre, (long long)whole, (long long)tenth, u[i].name);
        else snprintf(out, n, "%s%s%lld %s", v < 0 ? "-" : "", pre, (long long)whole, u[i].name);
        return;
    }
    snprintf(out, n, "%s%s%lld", v < 0 ? "-" : "", pre, (long long)a);
}

/* A "nice" step (1, 2 or 5 times a power of ten) giving about `ticks` intervals. */
static int64_t nice_step(int64_t range, int ticks)
{
    if (range <= 0) return 1;
    int64_t raw = (range + ticks - 1) / ticks, p = 1;
    while (p <= raw / 10) p *= 10;
    if (p >= raw) return p;
    if (2 * p >= raw) return 2 * p;
    if (5 * p >= raw) return 5 * p;
    return 10 * p;
}

void chart_scale(const chart_t *c, int ticks, int64_t *y0, int64_t *y1, int64_t *step)
{
    int64_t lo = 0, hi = 0;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
    *step = nice_step(hi - lo, ticks);
    *y0 = lo < 0 ? -(((-lo) + *step - 1) / *step) * *step : 0;
    *y1 = ((hi + *step - 1) / *step) * *step;
    if (*y1 <= *y0) *y1 = *y0 + *step;
}

static void value_text(const chart_t *c, int64_t v, char *out, size_t n)
{
    rep_cell_display(c->value_type, false, v, NULL, out, n);
}

/* DejaVu Sans advance widths of ASCII 32..126 in thousandths of an em (measured with
 * pango; test_chart checks them against it). */
static const short dv_w[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838};

double svg_text_width(const char *s, size_t len, double size)
{
    double em = 0;
    for (size_t i = 0; s && i < len && s[i];) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 32 && ch < 127) {
            em += dv_w[ch - 32];
            i++;
            continue;
        }
        /* any other character: one em (wider than nearly every glyph of the font) */
        em += 1000;
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return em * size / 1000.0 * 1.04; /* a little room for fonts wider than DejaVu */
}

#define FS 11.0   /* font size of every text in a chart */
#define LH 13.0   /* its line height */
#define ASC 10.0  /* from the top of a line to its baseline */
#define ROT 0.70710678 /* sin and cos of the slant of rotated labels (45 degrees) */
#define ROT_MAX 130.0  /* the longest a slanted label may be, in px */

/* The prefix of s (bytes) that fits in width w with "…" after it; *ell tells whether
 * it was cut. */
static size_t fit_len(const char *s, double w, bool *ell)
{
    size_t n = strlen(s);
    *ell = false;
    if (svg_text_width(s, n, FS) <= w) return n;
    double ew = svg_text_width("\xE2\x80\xA6", 3, FS);
    *ell = true;
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        if (svg_text_width(s, n, FS) + ew <= w) break;
    }
    return n;
}

/* Writes the first n bytes of s escaped, then "…" when ell. */
static void esc_n(buf_t *b, const char *s, size_t n, bool ell)
{
    char *t = xmalloc(n + 1);
    memcpy(t, s, n);
    t[n] = 0;
    buf_put_html(b, t);
    free(t);
    if (ell) buf_puts(b, "\xE2\x80\xA6");
}

/* Splits s at its spaces into at most two lines each no wider than w: *cut is where
 * the second line starts (0: one line). False when that is not possible. */
static bool wrap2(const char *s, double w, size_t *cut)
{
    size_t n = strlen(s);
    *cut = 0;
    if (svg_text_width(s, n, FS) <= w) return true;
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] == ' ' && svg_text_width(s, i, FS) <= w) best = i;
    if (!best) return false;
    size_t start = best;
    while (s[start] == ' ') start++;
    if (svg_text_width(s + start, n - start, FS) > w) return false;
    *cut = start;
    return true;
}

typedef enum { LAB_FLAT, LAB_WRAP, LAB_SLANT, LAB_HBAR } lab_mode_t;

/* How the category labels go (svg.h): level, wrapped on two lines, slanted at 45
 * degrees (every k-th label when they are close), or a horizontal bar chart. */
static lab_mode_t label_mode(const chart_t *c, double slot, double *maxw, int *every)
{
    *maxw = 0;
    *every = 1;
    bool wraps = true;
    for (int i = 0; i < c->nlabels; i++) {
        const char *l = c->labels[i] ? c->labels[i] : "";
        double w = svg_text_width(l, strlen(l), FS);
        if (w > *maxw) *maxw = w;
        size_t cut;
        if (!wrap2(l, slot - 6, &cut)) wraps = false;
    }
    if (*maxw <= slot - 6) return LAB_FLAT;
    if (wraps) return LAB_WRAP;
    if (c->kind == CHART_BAR) return LAB_HBAR;
    while (slot * *every * ROT < LH + 2) (*every)++;
    return LAB_SLANT;
}

static void chart_open(buf_t *b, const chart_t *c, int W, int H, int maxs, int maxl)
{
    char tmp[128];
    buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                  "height=\"%d\" role=\"img\" aria-label=\"", W, H, W, H);
    buf_put_html(b, c->title);
    buf_puts(b, "\" aria-describedby=\"");
    put_id(b, c->id, "-desc");
    buf_puts(b, "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">\n<title id=\"");
    put_id(b, c->id, "-title");
    buf_puts(b, "\">");
    buf_put_html(b, c->title);
    buf_puts(b, "</title>\n<desc id=\"");
    put_id(b, c->id, "-desc");
    buf_puts(b, "\">");
    if (c->desc) {
        buf_put_html(b, c->desc);
    } else {
        buf_printf(b, c->kind == CHART_BAR ? _("Grafik batang: %d kategori") : _("Grafik garis: %d kategori"),
                   c->nlabels);
        if (c->nseries > 1) buf_printf(b, _(", %d seri"), c->nseries);
        if (maxs >= 0) {
            value_text(c, c->series[maxs].values[maxl], tmp, sizeof tmp);
            buf_puts(b, _(". Nilai tertinggi "));
            buf_put_html(b, tmp);
            buf_puts(b, " (");
            buf_put_html(b, c->labels[maxl]);
            if (c->nseries > 1) {
                buf_puts(b, ", ");
                buf_put_html(b, c->series[maxs].name);
            }
            buf_puts(b, ")");
        }
        buf_puts(b, _(". Angka lengkap ada pada tabel."));
    }
    buf_puts(b, "</desc>\n");
}

/* The <title> of a bar or point: "label — series: value". */
static void mark_title(buf_t *b, const chart_t *c, int s, int i)
{
    char tmp[128];
    buf_puts(b, "<title>");
    buf_put_html(b, c->labels[i]);
    if (c->nseries > 1 || (c->series[s].name && *c->series[s].name)) {
        buf_puts(b, " — ");
        buf_put_html(b, c->series[s].name);
    }
    value_text(c, c->series[s].values[i], tmp, sizeof tmp);
    buf_puts(b, ": ");
    buf_put_html(b, tmp);
    buf_puts(b, "</title>");
}

/* The legend along the bottom, wrapping onto more rows when the names do not fit
 * in the width; returns the rows it needs (0 for one series). With b NULL it only counts. */
static int legend(buf_t *b, const chart_t *c, double x0, double W, double ytop)
{
    if (c->nseries < 2) return 0;
    double x = x0;
    int rows = 1;
    if (b) buf_puts(b, "<g class=\"legend\" aria-hidden=\"true\">\n");
    for (int s = 0; s < c->nseries; s++) {
        const char *name = c->series[s].name ? c->series[s].name : "";
        bool ell;
        size_t n = fit_len(name, W - x0 - 24, &ell);
        double tw = svg_text_width(name, n, FS) + (ell ? svg_text_width("\xE2\x80\xA6", 3, FS) : 0);
        if (x > x0 && x + 14 + tw > W - 4) x = x0, rows++;
        double y = ytop + (rows - 1) * (LH + 4);
        if (b) {
            buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y + 1,
                       palette[s % ARRAY_LEN(palette)]);
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 14, y + ASC);
            esc_n(b, name, n, ell);
            buf_puts(b, "</text>\n");
        }
        x += 14 + tw + 14;
    }
    if (b) buf_puts(b, "</g>\n");
    return rows;
}

/* A grid line of the value axis at v, from (x1, y1) to (x2, y2), and its label at
 * (tx, ty) anchored as anchor says. */
static void grid_line(buf_t *b, const chart_t *c, int64_t v, double x1, double y1, double x2, double y2, double tx,
                      double ty, const char *anchor)
{
    char tmp[128];
    buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2, y2,
               v == 0 ? "#555" : "#ddd");
    svg_axis_label(c->value_type, v, tmp, sizeof tmp);
    buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", tx, ty, anchor);
    buf_put_html(b, tmp);
    buf_puts(b, "</text>\n");
}

/* Opens the group of series s's marks, in its colour. */
static void series_open(buf_t *b, int s)
{
    const char *col = palette[s % ARRAY_LEN(palette)];
    buf_printf(b, "<g class=\"series\" fill=\"%s\" stroke=\"%s\">\n", col, col);
}

/* A horizontal bar chart: one row per category, its label on the left (cut with
 * "…" when longer than a third of the width; the bar's title and the table hold
 * it whole), values along the bottom. */
static void svg_hbar(buf_t *b, const chart_t *c, int W, double maxw, int maxs, int maxl)
{
    int64_t y0, y1, step;
    chart_scale(c, 4, &y0, &y1, &step);
    char tmp[128];
    double lw = maxw < W / 3.0 ? maxw : W / 3.0;
    double left = lw + 12, top = 10;
    /* the last value label is centred on the right edge of the plot */
    svg_axis_label(c->value_type, y1, tmp, sizeof tmp);
    double right = svg_text_width(tmp, strlen(tmp), FS) / 2 + 6;
    svg_axis_label(c->value_type, y0, tmp, sizeof tmp);
    double w0 = svg_text_width(tmp, strlen(tmp), FS) / 2 + 4;
    if (left < w0) left = w0;
    double row = c->nseries > 1 ? (LH + 2) * c->nseries * 0.8 / 0.7 : LH + 9;
    if (row < LH + 6) row = LH + 6;
    double ph = row * c->nlabels, pw = W - left - right;
    int lrows = legend(NULL, c, left, W, 0);
    int H = (int)(top + ph + 8 + LH + 4 + (lrows ? lrows * (LH + 4) + 4 : 0) + 0.999);
    chart_open(b, c, W, H, maxs, maxl);
#define XPOS(v) (left + (double)((v) - y0) * pw / (double)(y1 - y0))
    buf_puts(b, "<g class=\"axis\" aria-hidden=\"true\">\n");
    for (int64_t v = y0; v <= y1; v += step) {
        double x = XPOS(v);
        grid_line(b, c, v, x, top, x, top + ph, x, top + ph + 8 + ASC, "middle");
    }
    buf_puts(b, "</g>\n<g class=\"labels\" aria-hidden=\"true\">\n");
    for (int i = 0; i < c->nlabels; i++) {
        const char *l = c->labels[i] ? c->labels[i] : "";
        bool ell;
        size_t n = fit_len(l, lw, &ell);
        buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, top + row * (i + 0.5) + 4);
        esc_n(b, l, n, ell);
        buf_puts(b, "</text>\n");
    }
    buf_puts(b, "</g>\n");
    double zero = XPOS(0);
    for (int s = 0; s < c->nseries; s++) {
        series_open(b, s);
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            double x = XPOS(v), bh = row * 0.7 / (c->nseries ? c->nseries : 1);
            double y = top + row * i + row * 0.15 + bh * s;
            buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"none\">", v >= 0 ? zero : x,
                       y, v >= 0 ? x - zero : zero - x, bh);
            mark_title(b, c, s, i);
            buf_puts(b, "</rect>\n");
        }
        buf_puts(b, "</g>\n");
    }
    legend(b, c, left, W, top + ph + 8 + LH + 4);
    buf_puts(b, "</svg>\n");
#undef XPOS
}

void svg_chart(buf_t *b, const chart_t *c)
{
    int W = c->width > 0 ? c->width : 640, H = c->height > 0 ? c->height : 320;
    int maxs = -1, maxl = -1;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            if (maxs < 0 || v > c->series[maxs].values[maxl]) maxs = s, maxl = i;
        }
    int64_t y0, y1, step;
    chart_scale(c, 4, &y0, &y1, &step);
    char tmp[128];

    /* the y axis labels sit in the left margin */
    double left = 16, right = 16, top = 16;
    for (int64_t v = y0; v <= y1; v += step) {
        svg_axis_label(c->value_type, v, tmp, sizeof tmp);
        double w = svg_text_width(tmp, strlen(tmp), FS) + 10;
        if (w > left) left = w;
    }
    double pw = W - left - right, slot = c->nlabels ? pw / c->nlabels : pw, maxw;
    int every;
    lab_mode_t mode = label_mode(c, slot, &maxw, &every);
    if (mode == LAB_HBAR) {
        svg_hbar(b, c, W, maxw, maxs, maxl);
        return;
    }
    double slant = maxw < ROT_MAX ? maxw : ROT_MAX;
    if (mode == LAB_SLANT) {
        /* the first label reaches left of its slot by its slanted width */
        double need = (slant + LH) * ROT + 4 - slot / 2;
        if (need > left) {
            left = need;
            pw = W - left - right;
            slot = c->nlabels ? pw / c->nlabels : pw;
            every = 1;
            while (slot * every * ROT < LH + 2) every++;
        }
    }
    int lrows = legend(NULL, c, left, W, 0);
    double lab_h = mode == LAB_FLAT ? LH + 8 : mode == LAB_WRAP ? 2 * LH + 8 : (slant + LH) * ROT + 12;
    double bottom = lab_h + (lrows ? lrows * (LH + 4) + 4 : 0);
    if (H - top - bottom < 120) H = (int)(top + bottom + 120 + 0.999);
    double ph = H - top - bottom;
#define YPOS(v) (top + ph - (double)((v) - y0) * ph / (double)(y1 - y0))
    chart_open(b, c, W, H, maxs, maxl);

    /* grid and y axis labels */
    buf_puts(b, "<g class=\"axis\" aria-hidden=\"true\">\n");
    for (int64_t v = y0; v <= y1; v += step) {
        double y = YPOS(v);
        grid_line(b, c, v, left, y, left + pw, y, left - 6, y + 4, "end");
    }
    buf_puts(b, "</g>\n<g class=\"labels\" aria-hidden=\"true\">\n");
    for (int i = 0; i < c->nlabels; i++) {
        const char *l = c->labels[i] ? c->labels[i] : "";
        double x = left + slot * (i + 0.5), y = top + ph + 4 + ASC;
        if (mode == LAB_FLAT) {
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, y);
            buf_put_html(b, l);
        } else if (mode == LAB_WRAP) {
            size_t cut;
            wrap2(l, slot - 6, &cut);
            size_t n1 = cut ? cut : strlen(l);
            while (n1 > 0 && l[n1 - 1] == ' ') n1--;
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"><tspan x=\"%.1f\" dy=\"0\">", x, y, x);
            esc_n(b, l, n1, false);
            buf_puts(b, "</tspan>");
            if (cut) {
                buf_printf(b, "<tspan x=\"%.1f\" dy=\"%.1f\">", x, LH);
                buf_put_html(b, l + cut);
                buf_puts(b, "</tspan>");
            }
        } else {
            if (i % every) continue;
            bool ell;
            size_t n = fit_len(l, slant, &ell);
            /* the end of the text at the tick, rising to the left */
            y = top + ph + 6 + ASC * ROT;
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-45 %.1f %.1f)\">", x, y,
                       x, y);
            esc_n(b, l, n, ell);
        }
        buf_puts(b, "</text>\n");
    }
    buf_puts(b, "</g>\n");

    /* data */
    double zero = YPOS(0);
    for (int s = 0; s < c->nseries; s++) {
        series_open(b, s);
        if (c->kind == CHART_LINE && c->nlabels > 1) {
            buf_puts(b, "<polyline fill=\"none\" stroke-width=\"2\" aria-hidden=\"true\" points=\"");
            for (int i = 0; i < c->nlabels; i++)
                buf_printf(b, "%s%.1f,%.1f", i ? " " : "", left + slot * (i + 0.5), YPOS(c->series[s].values[i]));
            buf_puts(b, "\"/>\n");
        }
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            double y = YPOS(v);
            if (c->kind == CHART_BAR) {
                double bw = slot * 0.8 / (c->nseries ? c->nseries : 1);
                double x = left + slot * i + slot * 0.1 + bw * s;
                buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"none\">", x,
                           v >= 0 ? y : zero, bw, v >= 0 ? zero - y : y - zero);
            } else {
                buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\">", left + slot * (i + 0.5), y);
            }
            mark_title(b, c, s, i);
            buf_puts(b, c->kind == CHART_BAR ? "</rect>\n" : "</circle>\n");
        }
        buf_puts(b, "</g>\n");
    }
    legend(b, c, left, W, top + ph + lab_h);
    buf_puts(b, "</svg>\n");
#undef YPOS
}

void svg_chart_table(buf_t *b, const chart_t *c)
{
    char tmp[128];
    buf_puts(b, "<table class=\"chart-data\" id=\"");
    put_id(b, c->id, "-table");
    buf_puts(b, "\">\n<caption>");
    buf_put_html(b, c->title);
    buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\"></th>");
    for (int s = 0; s < c->nseries; s++) html_cell(b, "<th scope=\"col\">", c->series[s].name, "</th>");
    buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < c->nlabels; i++) {
        html_cell(b, "<tr><th scope=\"row\">", c->labels[i], "</th>");
        for (int s = 0; s < c->nseries; s++) {
            value_text(c, c->series[s].values[i], tmp, sizeof tmp);
            html_cell(b, "<td class=\"num\">", tmp, "</td>");
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</tbody>\n</table>\n");
}
