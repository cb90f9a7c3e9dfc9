/* svg.h — bar and line charts drawn on the server as SVG, for pages (no script).
 * Each chart is an accessible image: role="img", aria-label, <title> and <desc>
 * (a summary written from the data), a <title> on every bar or point giving its
 * exact value; svg_chart_table() writes the same numbers as an HTML table to put
 * next to it (for screen readers, printing and copying). All text is escaped. */
#ifndef BEKAL_REPORT_SVG_H
#define BEKAL_REPORT_SVG_H
#include "table.h"

typedef enum { CHART_BAR, CHART_LINE } chart_kind_t;

typedef struct {
    const char *name;       /* legend text */
    const int64_t *values;  /* one per label */
} chart_series_t;

typedef struct {
    chart_kind_t kind;
    const char *id;                /* id prefix, unique in the page ("grafik-pendapatan") */
    const char *title;
    const char *desc;              /* NULL: a summary is written from the data */
    rep_type_t value_type;         /* REP_INT, REP_RUPIAH or REP_PERCENT (basis points) */
    const char *const *labels;     /* categories along the x axis */
    int nlabels;
    const chart_series_t *series;
    int nseries;
    int width, height;             /* 0: 640 x 320 */
} chart_t;

/* Appends the <svg> element. The category labels never overlap nor leave the
 * canvas: level when each fits its slot, on two lines (split at a space) when that
 * fits, else a bar chart turns into a horizontal one (labels on the left, cut with
 * "…" past a third of the width) and a line chart slants them at 45 degrees (cut
 * past 130 px, every k-th label when the slots are narrow). The height grows when
 * the labels need it. Text widths come from svg_text_width(). */
void svg_chart(buf_t *out, const chart_t *c);
/* Appends a <table> with the same data: caption = title, one row per label, one
 * column per series, values formatted as in reports ("Rp 1.234.567"). */
void svg_chart_table(buf_t *out, const chart_t *c);
/* The y axis of a chart: from *y0 (0, or below the lowest value) to *y1 in steps
 * of *step (1, 2 or 5 times a power of ten), about `ticks` of them. Shared by the
 * SVG and the PDF drawing so both show the same scale. */
void chart_scale(const chart_t *c, int ticks, int64_t *y0, int64_t *y1, int64_t *step);
/* The colour of series number `series` (the palette both drawings use), as RGB 0..1. */
void chart_rgb(int series, double rgb[3]);
/* Keeps a copy of c (its texts and values) with table t, in t's report: the PDF
 * draws it under the table (pdf.c). */
void rep_table_set_chart(rep_table_t *t, const chart_t *c);
/* The chart kept with t, or NULL. */
const chart_t *rep_table_chart(const rep_table_t *t);

/* The width in px of the first len bytes of s at font size `size` in DejaVu Sans
 * (the charts' font; a per-character table, 1 em for characters beyond ASCII, and
 * 4 % of room for wider fallback fonts). */
double svg_text_width(const char *s, size_t len, double size);

/* Compact axis label: "Rp 1,5 jt", "250 rb", "12,5%". */
void svg_axis_label(rep_type_t type, int64_t v, char *out, size_t n);

#endif
