/* test_chart.c — chart label layout (issue 25): charts with few, many, long and
 * wrapped labels are rendered to SVG, the SVG is read back, every <text> becomes a
 * box (its width measured with pango in DejaVu Sans, the font the PDF uses, not
 * with svg.c's own table), rotated boxes included; no two boxes may intersect and
 * none may leave the canvas. Also: svg_text_width() is never narrower than pango's
 * measurement, and the PDF's column width algorithm (table.h: rep_fit_columns). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "report/svg.h"
#include "report/table.h"
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static PangoLayout *g_l;
static PangoContext *g_pc;
static cairo_t *g_cr;
static cairo_surface_t *g_s;

static void pango_teardown(void)
{
    if (!g_l) return;
    g_object_unref(g_l);
    g_object_unref(g_pc);
    cairo_destroy(g_cr);
    cairo_surface_destroy(g_s);
    g_l = NULL;
}

static void pango_setup(void)
{
    if (g_l) return;
    cairo_surface_t *s = g_s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = g_cr = cairo_create(s);
    PangoContext *pc = g_pc = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    g_l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 11");
    pango_layout_set_font_description(g_l, fd);
    pango_font_description_free(fd);
}

/* The width of s at 11 px in DejaVu Sans as pango lays it out. */
static double pango_w(const char *s)
{
    pango_setup();
    pango_layout_set_text(g_l, s, -1);
    PangoRectangle ink, log;
    pango_layout_get_extents(g_l, &ink, &log);
    return (double)log.width / PANGO_SCALE;
}

static void test_width_table(void **state)
{
    (void)state;
    const char *s[] = {"Lokasi", "Status", "WWW mmm", "Lapas Kelas IIA Pekanbaru", "Rp 12,5 jt", "0123456789",
                       "Pembinaan kemandirian — las", "Ä É ø ñ", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        double t = svg_text_width(s[i], strlen(s[i]), 11), p = pango_w(s[i]);
        if (t < p) fail_msg("'%s': table %.1f < pango %.1f", s[i], t, p);
        if (t > p * 1.6 + 5) fail_msg("'%s': table %.1f far above pango %.1f", s[i], t, p);
    }
}

/* ---- the SVG read back as boxes */
typedef struct {
    double x[4], y[4];
    char text[200];
} box_t;

static const char *attr(const char *tag, const char *end, const char *name, char *out, size_t n)
{
    char pat[40];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *p = strstr(tag, pat);
    if (!p || p > end) return NULL;
    p += strlen(pat);
    const char *q = strchr(p, '"');
    snprintf(out, n, "%.*s", (int)(q - p), p);
    return out;
}

static void unescape(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    static const struct { const char *e; char c; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    for (size_t i = 0; i < n && o + 1 < cap;) {
        bool done = false;
        for (size_t k = 0; k < 5; k++)
            if (!strncmp(s + i, ents[k].e, strlen(ents[k].e))) {
                out[o++] = ents[k].c, i += strlen(ents[k].e), done = true;
                break;
            }
        if (!done) out[o++] = s[i++];
    }
    out[o] = 0;
}

/* One line of text at (x, y) with anchor, rotated by deg about (cx, cy). */
static void add_box(box_t *b, int *n, const char *text, double x, double y, const char *anchor, double deg, double cx,
                    double cy)
{
    double w = pango_w(text), x0 = str_eq(anchor, "end") ? x - w : str_eq(anchor, "middle") ? x - w / 2 : x;
    double xs[4] = {x0, x0 + w, x0 + w, x0}, ys[4] = {y - 9, y - 9, y + 3, y + 3};
    double a = deg * M_PI / 180, ca = cos(a), sa = sin(a);
    box_t *bx = &b[(*n)++];
    for (int k = 0; k < 4; k++) {
        double dx = xs[k] - cx, dy = ys[k] - cy;
        bx->x[k] = cx + dx * ca - dy * sa;
        bx->y[k] = cy + dx * sa + dy * ca;
    }
    snprintf(bx->text, sizeof bx->text, "%s", text);
}

static int read_boxes(const char *svg, box_t *b, int cap, double *W, double *H)
{
    char v[200];
    const char *vb = strstr(svg, "viewBox=\"");
    assert_non_null(vb);
    assert_int_equal(sscanf(vb, "viewBox=\"0 0 %lf %lf\"", W, H), 2);
    int n = 0;
    for (const char *p = strstr(svg, "<text "); p; p = strstr(p + 1, "<text ")) {
        const char *gt = strchr(p, '>'), *end = strstr(p, "</text>");
        double x = atof(attr(p, gt, "x", v, sizeof v)), y = atof(attr(p, gt, "y", v, sizeof v));
        char anchor[20] = "start";
        attr(p, gt, "text-anchor", anchor, sizeof anchor);
        double deg = 0, cx = 0, cy = 0;
        if (attr(p, gt, "transform", v, sizeof v)) assert_int_equal(sscanf(v, "rotate(%lf %lf %lf)", &deg, &cx, &cy), 3);
        const char *body = gt + 1;
        if (!strncmp(body, "<tspan", 6)) {
            double ty = y;
            for (const char *t = body; t && t < end; t = strstr(t + 1, "<tspan")) {
                const char *tg = strchr(t, '>'), *te = strstr(t, "</tspan>");
                double tx = atof(attr(t, tg, "x", v, sizeof v));
                ty += atof(attr(t, tg, "dy", v, sizeof v));
                char txt[200];
                unescape(tg + 1, (size_t)(te - tg - 1), txt, sizeof txt);
                assert_true(n < cap);
                add_box(b, &n, txt, tx, ty, anchor, deg, cx, cy);
            }
        } else {
            char txt[200];
            unescape(body, (size_t)(end - body), txt, sizeof txt);
            assert_true(n < cap);
            add_box(b, &n, txt, x, y, anchor, deg, cx, cy);
        }
    }
    return n;
}

/* Separating axis test of two convex quadrilaterals (touching within 0.5 px allowed). */
static bool overlap(const box_t *a, const box_t *b)
{
    const box_t *q[2] = {a, b};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 4; k++) {
            double ex = q[s]->x[(k + 1) % 4] - q[s]->x[k], ey = q[s]->y[(k + 1) % 4] - q[s]->y[k];
            double len = sqrt(ex * ex + ey * ey);
            if (len == 0) continue;
            double nx = -ey / len, ny = ex / len, lo[2] = {1e18, 1e18}, hi[2] = {-1e18, -1e18};
            for (int t = 0; t < 2; t++)
                for (int m = 0; m < 4; m++) {
                    double d = q[t]->x[m] * nx + q[t]->y[m] * ny;
                    if (d < lo[t]) lo[t] = d;
                    if (d > hi[t]) hi[t] = d;
                }
            if (hi[0] <= lo[1] + 0.5 || hi[1] <= lo[0] + 0.5) return false;
        }
    return true;
}

/* Renders c and checks its text boxes; returns how many label texts it has. */
static int check_chart(const chart_t *c, const char *must)
{
    buf_t b;
    buf_init(&b);
    svg_chart(&b, c);
    static box_t bx[400];
    double W, H;
    int n = read_boxes(b.data, bx, 400, &W, &H);
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++)
            if (bx[i].x[k] < -0.5 || bx[i].x[k] > W + 0.5 || bx[i].y[k] < -0.5 || bx[i].y[k] > H + 0.5)
                fail_msg("%s: label '%s' leaves the %gx%g canvas (%.1f, %.1f)", c->title, bx[i].text, W, H, bx[i].x[k],
                         bx[i].y[k]);
        for (int j = 0; j < i; j++)
            if (overlap(&bx[i], &bx[j])) fail_msg("%s: labels '%s' and '%s' overlap", c->title, bx[j].text, bx[i].text);
    }
    if (must && !strstr(b.data, must)) fail_msg("%s: no '%s' in\n%s", c->title, must, b.data);
    buf_release(&b);
    return n;
}

static void test_labels(void **state)
{
    (void)state;
    int64_t v1[40], v2[40], v3[40];
    for (int i = 0; i < 40; i++) v1[i] = 1000000 * (i % 7 + 1), v2[i] = 350000 * (i % 5), v3[i] = 12 * i;
    chart_series_t one[] = {{"Jumlah", v3}};
    chart_series_t three[] = {{"Pendapatan kotor dari penjualan produk", v1},
                              {"Premi yang dibayarkan kepada warga binaan", v2},
                              {"Setoran PNBP ke kas negara", v3}};

    const char *shortl[] = {"Jan", "Feb", "Mar"};
    chart_t c = {CHART_BAR, "a", "pendek", NULL, REP_RUPIAH, shortl, 3, three, 3, 0, 0};
    check_chart(&c, "text-anchor=\"middle\">Feb</text>");

    const char *months[] = {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
                            "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"};
    c = (chart_t){CHART_LINE, "b", "dua belas bulan", NULL, REP_INT, months, 12, one, 1, 0, 0};
    check_chart(&c, NULL);

    const char *two[] = {"Calon peserta", "Lulus asesmen", "Sedang pelatihan", "Selesai pelatihan", "Ada sertifikat"};
    c = (chart_t){CHART_BAR, "c", "dua baris", NULL, REP_INT, two, 5, one, 1, 420, 0};
    check_chart(&c, "<tspan");

    const char *longn[] = {"Lapas Kelas IIA Pekanbaru (Riau)", "Rutan Kelas I Jakarta Pusat Salemba",
                           "Lapas Perempuan Kelas IIA Semarang", "Lapas Narkotika Kelas IIA Nusakambangan",
                           "LPKA Kelas I Tangerang", "Lapas Kelas I Makassar", "Lapas Terbuka Kendal",
                           "Rutan Kelas IIB Pelaihari — Tanah Laut, Kalimantan Selatan"};
    c = (chart_t){CHART_BAR, "d", "nama panjang", NULL, REP_RUPIAH, longn, 8, three, 3, 0, 0};
    check_chart(&c, "\xE2\x80\xA6</text>"); /* a horizontal bar chart, the longest name cut */

    const char *many[40];
    char names[40][60];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "Unit produksi nomor %d (menjahit & bordir)", i + 1);
        many[i] = names[i];
    }
    c = (chart_t){CHART_LINE, "e", "banyak dan panjang", NULL, REP_PERCENT, many, 40, one, 1, 0, 0};
    check_chart(&c, "rotate(-45");
    c.kind = CHART_BAR;
    c.title = "banyak batang";
    check_chart(&c, NULL);
    c.nlabels = 9;
    c.kind = CHART_LINE;
    c.title = "sembilan garis";
    check_chart(&c, "rotate(-45");

    const char *one_label[] = {"Pelatihan"};
    c = (chart_t){CHART_BAR, "f", "satu", NULL, REP_INT, one_label, 1, three, 3, 200, 0};
    check_chart(&c, NULL);
}

static void test_fit_columns(void **state)
{
    (void)state;
    double mn[3] = {40, 30, 50}, pf[3] = {100, 30, 150}, w[3];
    bool grow[3] = {true, false, true};
    /* everything fits: preferred widths, the rest to the growing columns by size */
    assert_true(rep_fit_columns(mn, pf, grow, 3, 380, w));
    assert_float_equal(w[0], 100 + 100 * 100.0 / 250, 1e-9);
    assert_float_equal(w[1], 30, 1e-9);
    assert_float_equal(w[2], 150 + 100 * 150.0 / 250, 1e-9);
    /* too little room: minimum plus a share of pref - min (60 and 100 of 160) */
    assert_true(rep_fit_columns(mn, pf, grow, 3, 200, w));
    assert_float_equal(w[0], 40 + 60 * 80.0 / 160, 1e-9);
    assert_float_equal(w[1], 30, 1e-9);
    assert_float_equal(w[2], 50 + 100 * 80.0 / 160, 1e-9);
    assert_float_equal(w[0] + w[1] + w[2], 200, 1e-9);
    /* exactly the minimums */
    assert_true(rep_fit_columns(mn, pf, NULL, 3, 120, w));
    assert_float_equal(w[0], 40, 1e-9);
    assert_float_equal(w[2], 50, 1e-9);
    /* below the minimums: scaled, and false */
    assert_false(rep_fit_columns(mn, pf, grow, 3, 60, w));
    assert_float_equal(w[0] + w[1] + w[2], 60, 1e-9);
    assert_float_equal(w[1], 15, 1e-9);
    /* a preferred width below the minimum counts as the minimum; no grow list: all grow */
    double mn2[2] = {50, 10}, pf2[2] = {20, 10};
    assert_true(rep_fit_columns(mn2, pf2, NULL, 2, 120, w));
    assert_float_equal(w[0], 50 + 60 * 50.0 / 60, 1e-9);
    assert_float_equal(w[1], 10 + 60 * 10.0 / 60, 1e-9);
}

/* pdftotext's words of pdf (a file); the caller frees. */
static char *pdf_text(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    buf_t b;
    buf_init(&b);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
    assert_int_equal(pclose(f), 0);
    buf_putc(&b, 0);
    return b.data;
}

/* True when word is one whole whitespace-separated token of text. */
static bool has_token(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        bool start = p == text || strchr(" \n\t\f", p[-1]);
        bool end = !p[n] || strchr(" \n\t\f", p[n]);
        if (start && end) return true;
    }
    return false;
}

/* Every space-separated word of s is a token of text. */
static void words_whole(const char *text, const char *s)
{
    char w[200];
    while (*s) {
        while (*s == ' ') s++;
        size_t n = strcspn(s, " ");
        if (!n) break;
        snprintf(w, sizeof w, "%.*s", (int)n, s);
        if (!has_token(text, w)) fail_msg("word '%s' is broken (or missing) in the PDF text:\n%s", w, text);
        s += n;
    }
}

static void test_pdf_words(void **state)
{
    (void)state;
    /* the monthly report's shape: many columns, short headers, long text cells */
    const char *heads[] = {"No", "Lokasi", "Status", "Nama lengkap warga binaan", "Program pelatihan", "Keterangan",
                           "Tanggal", "Jumlah", "Pendapatan"};
    rep_col_t cols[9];
    for (int i = 0; i < 9; i++)
        cols[i] = (rep_col_t){heads[i], i == 6 ? REP_DATE : i == 7 || i == 0 ? REP_INT : i == 8 ? REP_RUPIAH : REP_TEXT,
                              false};
    const char *cells[][4] = {
        {"Lapas Kelas IIA Pekanbaru", "Berjalan", "Muhammad Rizky Pratama Simanjuntak", "Pengelasan dasar SMAW"},
        {"Rutan Salemba", "Selesai", "Siti Nurhaliza", "Tata boga dan pengolahan makanan ringan"},
        {"LPKA Tangerang", "Dibatalkan", "Andi", "Menjahit"},
    };
    const char *notes[] = {"Dipindahkan ke unit produksi setelah lulus uji kompetensi", "-",
                           "Mengundurkan diri karena bebas bersyarat"};
    report_t *r = report_new("Laporan bulanan");
    rep_table_t *t = report_add_table(r, "Peserta", cols, 9);
    for (int i = 0; i < 30; i++) {
        rep_row(t);
        rep_int(t, i + 1);
        for (int k = 0; k < 4; k++) rep_text(t, cells[i % 3][k]);
        rep_text(t, notes[i % 3]);
        date_t d;
        assert_true(date_parse("2026-11-08", &d));
        rep_date(t, d);
        rep_int(t, 1234 * i);
        rep_int(t, 125000000LL * i);
    }
    buf_t out;
    buf_init(&out);
    err_t e;
    err_clear(&e);
    assert_int_equal(report_pdf(r, &out, NULL, &e), 0);
    char path[] = "/tmp/bekal-test-chart-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out.data, out.len), (ssize_t)out.len);
    close(fd);
    char *text = pdf_text(path);
    for (int i = 0; i < 9; i++) words_whole(text, heads[i]);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 4; k++) words_whole(text, cells[i][k]);
        words_whole(text, notes[i]);
    }
    words_whole(text, "Rp 3.625.000.000");
    free(text);

    /* a table whose words cannot fit across a portrait page: the report turns landscape */
    const char *wide[] = {"Penanggungjawab", "Kewarganegaraan", "Pemasyarakatan", "Kemandirian", "Keterampilan",
                          "Pendampingan", "Perlindungan", "Pembimbingan"};
    rep_col_t wc[8];
    for (int i = 0; i < 8; i++) wc[i] = (rep_col_t){wide[i], REP_TEXT, false};
    report_t *r2 = report_new("Lebar");
    rep_table_t *t2 = report_add_table(r2, "Lebar", wc, 8);
    rep_row(t2);
    for (int i = 0; i < 8; i++) rep_text(t2, "Pertanggungjawaban");
    buf_reset(&out);
    assert_int_equal(report_pdf(r2, &out, NULL, &e), 0);
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out.data, out.len), (ssize_t)out.len);
    close(fd);
    char cmd[300], info[4096];
    snprintf(cmd, sizeof cmd, "pdfinfo %s", path);
    FILE *pf = popen(cmd, "r");
    assert_non_null(pf);
    size_t ni = fread(info, 1, sizeof info - 1, pf);
    info[ni] = 0;
    pclose(pf);
    if (!strstr(info, "Page size:       841.89 x 595.276 pts")) fail_msg("not A4 landscape:\n%s", info);
    text = pdf_text(path);
    for (int i = 0; i < 8; i++) words_whole(text, wide[i]);
    words_whole(text, "Pertanggungjawaban");
    free(text);
    unlink(path);
    buf_release(&out);
    report_free(r);
    report_free(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_table),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_fit_columns),
        cmocka_unit_test(test_pdf_words),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pango_teardown();
    return rc;
}
