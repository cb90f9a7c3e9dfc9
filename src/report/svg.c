/* svg.c — server-made SVG bar and line charts with accessible labels, and the
 * matching HTML table. */
#include "svg.h"
#include "../core/money.h"
#include <stdio.h>
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

/* Escapes text for XML/HTML content and attribute values. */
static void esc(buf_t *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
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

void svg_chart(buf_t *b, const chart_t *c)
{
    int W = c->width > 0 ? c->width : 640, H = c->height > 0 ? c->height : 320;
    bool rotate = c->nlabels > 6;
    double left = 78, right = 16, top = 16, legend = c->nseries > 1 ? 22 : 0;
    double bottom = (rotate ? 70 : 34) + legend;
    double pw = W - left - right, ph = H - top - bottom;

    int maxs = -1, maxl = -1;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->nlabels; i++) {
            int64_t v = c->series[s].values[i];
            if (maxs < 0 || v > c->series[maxs].values[maxl]) maxs = s, maxl = i;
        }
    int64_t y0, y1, step;
    chart_scale(c, 4, &y0, &y1, &step);
#define YPOS(v) (top + ph - (double)((v) - y0) * ph / (double)(y1 - y0))

    char tmp[128];
    buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                  "height=\"%d\" role=\"img\" aria-label=\"", W, H, W, H);
    esc(b, c->title);
    buf_puts(b, "\" aria-describedby=\"");
    put_id(b, c->id, "-desc");
    buf_puts(b, "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">\n<title id=\"");
    put_id(b, c->id, "-title");
    buf_puts(b, "\">");
    esc(b, c->title);
    buf_puts(b, "</title>\n<desc id=\"");
    put_id(b, c->id, "-desc");
    buf_puts(b, "\">");
    if (c->desc) {
        esc(b, c->desc);
    } else {
        buf_printf(b, c->kind == CHART_BAR ? _("Grafik batang: %d kategori") : _("Grafik garis: %d kategori"),
                   c->nlabels);
        if (c->nseries > 1) buf_printf(b, _(", %d seri"), c->nseries);
        if (maxs >= 0) {
            value_text(c, c->series[maxs].values[maxl], tmp, sizeof tmp);
            buf_puts(b, _(". Nilai tertinggi "));
            esc(b, tmp);
            buf_puts(b, " (");
            esc(b, c->labels[maxl]);
            if (c->nseries > 1) {
                buf_puts(b, ", ");
                esc(b, c->series[maxs].name);
            }
            buf_puts(b, ")");
        }
        buf_puts(b, _(". Angka lengkap ada pada tabel."));

    }
    buf_puts(b, "</desc>\n");

    /* grid and y axis labels */
    buf_puts(b, "<g class=\"axis\" aria-hidden=\"true\">\n");
    for (int64_t v = y0; v <= y1; v += step) {
        double y = YPOS(v);
        buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", left, y, left + pw, y,
                   v == 0 ? "#555" : "#ddd");
        svg_axis_label(c->value_type, v, tmp, sizeof tmp);
        buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 4);
        esc(b, tmp);
        buf_puts(b, "</text>\n");
    }
    double slot = c->nlabels ? pw / c->nlabels : pw;
    for (int i = 0; i < c->nlabels; i++) {
        double x = left + slot * (i + 0.5), y = top + ph + 14;
        if (rotate)
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %.1f)\">", x, y,
                       x, y);
        else buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, y);
        esc(b, c->labels[i]);
        buf_puts(b, "</text>\n");
    }
    buf_puts(b, "</g>\n");

    /* data */
    double zero = YPOS(0);
    for (int s = 0; s < c->nseries; s++) {
        const char *col = palette[s % ARRAY_LEN(palette)];
        buf_printf(b, "<g class=\"series\" fill=\"%s\" stroke=\"%s\">\n", col, col);
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
            buf_puts(b, "<title>");
            esc(b, c->labels[i]);
            if (c->nseries > 1 || (c->series[s].name && *c->series[s].name)) {
                buf_puts(b, " — ");
                esc(b, c->series[s].name);
            }
            value_text(c, v, tmp, sizeof tmp);
            buf_puts(b, ": ");
            esc(b, tmp);
            buf_puts(b, "</title>");
            buf_puts(b, c->kind == CHART_BAR ? "</rect>\n" : "</circle>\n");
        }
        buf_puts(b, "</g>\n");
    }
    if (c->nseries > 1) {
        buf_puts(b, "<g class=\"legend\" aria-hidden=\"true\">\n");
        double x = left;
        for (int s = 0; s < c->nseries; s++) {
            buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, H - 16.0,
                       palette[s % ARRAY_LEN(palette)]);
            buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 14, H - 7.0);
            esc(b, c->series[s].name);
            buf_puts(b, "</text>\n");
            x += 28 + 7.0 * (double)strlen(c->series[s].name ? c->series[s].name : "");
        }
        buf_puts(b, "</g>\n");
    }
    buf_puts(b, "</svg>\n");
#undef YPOS
}

void svg_chart_table(buf_t *b, const chart_t *c)
{
    char tmp[128];
    buf_puts(b, "<table class=\"chart-data\" id=\"");
    put_id(b, c->id, "-table");
    buf_puts(b, "\">\n<caption>");
    esc(b, c->title);
    buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\"></th>");
    for (int s = 0; s < c->nseries; s++) {
        buf_puts(b, "<th scope=\"col\">");
        esc(b, c->series[s].name);
        buf_puts(b, "</th>");
    }
    buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < c->nlabels; i++) {
        buf_puts(b, "<tr><th scope=\"row\">");
        esc(b, c->labels[i]);
        buf_puts(b, "</th>");
        for (int s = 0; s < c->nseries; s++) {
            value_text(c, c->series[s].values[i], tmp, sizeof tmp);
            buf_puts(b, "<td class=\"num\">");
            esc(b, tmp);
            buf_puts(b, "</td>");
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</tbody>\n</table>\n");
}
