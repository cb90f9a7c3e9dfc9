/* test_report.c — the report output layer: one sample report written as CSV
 * (compared exactly), XLSX (unzipped here with zlib and its sheet XML checked for
 * real numeric and date cells and the rupiah format), PDF (page count from the
 * file's /Count and from pdfinfo, text read back with pdftotext: letterhead, repeated
 * table header on continuation pages, signature), SVG charts (accessible labels,
 * escaping) and QR codes (decoded back with zbarimg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/money.h"
#include "report/qr.h"
#include "report/svg.h"
#include "report/table.h"
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char g_dir[] = "/tmp/bekal-test-report.XXXXXX";

static date_t d(const char *s)
{
    date_t v;
    assert_true(date_parse(s, &v));
    return v;
}

/* The sample: a revenue table per unit with totals, and a second table with dates
 * and percentages; letterhead and signature. */
static report_t *sample(int extra_rows)
{
    report_t *r = report_new("Laporan Pendapatan Unit Produksi");
    report_set_subtitle(r, "Bulan Maret 2025");
    report_add_letterhead(r, "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN");
    report_add_letterhead(r, "LEMBAGA PEMASYARAKATAN KELAS IIB KETAPANG");
    report_add_letterhead(r, "Jl. Jenderal Sudirman No. 1, Ketapang, Kalimantan Barat");
    report_set_signature(r, "Ketapang", d("2025-04-01"), "Kepala Lapas", "Budi Santoso, S.H.", "197001011990031001");
    static const rep_col_t c1[] = {{"Unit produksi", REP_TEXT, false},
                                   {"Penjualan", REP_INT, true},
                                   {"Pendapatan", REP_RUPIAH, true},
                                   {"Premi", REP_RUPIAH, true},
                                   {"PNBP", REP_RUPIAH, true},
                                   {"Modal kerja", REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(r, "Pendapatan per unit", c1, 6);
    rep_row(t);
    rep_text(t, "Bengkel las");
    rep_int(t, 3);
    rep_int(t, 1234567);
    rep_int(t, 617283);
    rep_int(t, 185185);
    rep_int(t, 432099);
    rep_row(t);
    rep_text(t, "Menjahit, \"Garmen\"");
    rep_int(t, 1);
    rep_int(t, 100000);
    rep_int(t, 50000);
    rep_int(t, 15000);
    rep_int(t, 35000);
    rep_row(t);
    rep_text(t, "=Roti");
    rep_int(t, 0);
    rep_int(t, 0);
    rep_null(t); /* short row: padded */
    rep_totals(t, "Jumlah");

    static const rep_col_t c2[] = {{"Tanggal berlaku", REP_DATE, false},
                                   {"Premi", REP_PERCENT, false},
                                   {"Keterangan", REP_TEXT, false}};
    rep_table_t *u = report_add_table(r, "Aturan pembagian hasil", c2, 3);
    rep_row(u);
    rep_date(u, d("2025-01-01"));
    rep_int(u, 5000);
    rep_text(u, "Kepmen 1990");
    rep_row(u);
    rep_date(u, d("2025-03-15"));
    rep_int(u, 3750);
    rep_text(u, "perubahan, baris\nkedua");
    for (int i = 0; i < extra_rows; i++) {
        char s[64];
        snprintf(s, sizeof s, "baris tambahan %d", i + 1);
        rep_row(u);
        rep_date(u, d("2025-03-15") + i);
        rep_int(u, i);
        rep_text(u, s);
    }
    return r;
}

static void test_csv_exact(void **state)
{
    (void)state;
    report_t *r = sample(0);
    buf_t b;
    buf_init(&b);
    report_csv(r, &b, 0);
    const char *want = "Pendapatan per unit\r\n"
                       "Unit produksi,Penjualan,Pendapatan,Premi,PNBP,Modal kerja\r\n"
                       "Bengkel las,3,1234567,617283,185185,432099\r\n"
                       "\"Menjahit, \"\"Garmen\"\"\",1,100000,50000,15000,35000\r\n"
                       "'=Roti,0,0,,,\r\n"
                       "Jumlah,4,1334567,667283,200185,467099\r\n"
                       "\r\n"
                       "Aturan pembagian hasil\r\n"
                       "Tanggal berlaku,Premi,Keterangan\r\n"
                       "2025-01-01,50.00,Kepmen 1990\r\n"
                       "2025-03-15,37.50,\"perubahan, baris\nkedua\"\r\n";
    assert_string_equal(b.data, want);
    buf_reset(&b);
    report_csv(r, &b, REP_CSV_BOM | REP_CSV_NO_TOTALS);
    assert_memory_equal(b.data, "\xEF\xBB\xBFPendapatan per unit\r\n", 24);
    assert_null(strstr(b.data, "Jumlah"));
    int64_t v;
    assert_true(rep_total(report_table(r, 0), 2, &v));
    assert_int_equal(v, 1334567);
    assert_false(rep_total(report_table(r, 0), 0, &v));
    assert_int_equal(rep_nrows(report_table(r, 0)), 3);
    buf_release(&b);
    report_free(r);
}

static void test_display(void **state)
{
    (void)state;
    char s[64];
    rep_cell_display(REP_RUPIAH, false, 1234567, NULL, s, sizeof s);
    assert_string_equal(s, "Rp 1.234.567");
    rep_cell_display(REP_RUPIAH, false, -5000, NULL, s, sizeof s);
    assert_string_equal(s, "-Rp 5.000");
    rep_cell_display(REP_PERCENT, false, 1250, NULL, s, sizeof s);
    assert_string_equal(s, "12,50%");
    rep_cell_display(REP_DATE, false, d("2021-03-08"), NULL, s, sizeof s);
    assert_string_equal(s, "08-03-2021");
    rep_cell_display(REP_INT, true, 5, NULL, s, sizeof s);
    assert_string_equal(s, "");
}

/* ---- a minimal zip reader (central directory + raw inflate) ----------------- */

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Returns the member `name` of the zip in z[0..n) (caller frees), or NULL. */
static char *unzip_member(const unsigned char *z, size_t n, const char *name)
{
    size_t eocd = n >= 22 ? n - 22 : 0;
    while (eocd > 0 && le32(z + eocd) != 0x06054b50) eocd--;
    if (le32(z + eocd) != 0x06054b50) return NULL;
    uint16_t count = le16(z + eocd + 10);
    size_t p = le32(z + eocd + 16);
    for (int i = 0; i < count && p + 46 <= n; i++) {
        if (le32(z + p) != 0x02014b50) return NULL;
        uint16_t method = le16(z + p + 10), fnl = le16(z + p + 28), exl = le16(z + p + 30), cml = le16(z + p + 32);
        uint32_t csize = le32(z + p + 20), usize = le32(z + p + 24), loff = le32(z + p + 42);
        if (fnl == strlen(name) && !memcmp(z + p + 46, name, fnl)) {
            const unsigned char *lh = z + loff;
            const unsigned char *data = lh + 30 + le16(lh + 26) + le16(lh + 28);
            char *out = malloc(usize + 1);
            if (method == 0) {
                memcpy(out, data, usize);
            } else {
                z_stream zs = {0};
                inflateInit2(&zs, -MAX_WBITS);
                zs.next_in = (unsigned char *)data;
                zs.avail_in = csize;
                zs.next_out = (unsigned char *)out;
                zs.avail_out = usize;
                int rc = inflate(&zs, Z_FINISH);
                inflateEnd(&zs);
                if (rc != Z_STREAM_END) {
                    free(out);
                    return NULL;
                }
            }
            out[usize] = 0;
            return out;
        }
        p += 46 + fnl + exl + cml;
    }
    return NULL;
}

/* The <c r="REF" ...>...</c> element of a sheet into out (fails when missing). */
static void cell_xml(const char *sheet, const char *ref, char out[256])
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *p = strstr(sheet, key);
    if (!p) fail_msg("no cell %s", ref);
    const char *q = strstr(p, "</c>");
    const char *selfclose = strstr(p, "/>");
    if (selfclose && (!q || selfclose < q)) q = selfclose;
    size_t n = (size_t)(q - p) + 4;
    snprintf(out, 256, "%.*s", (int)(n < 255 ? n : 255), p);
}

static void test_xlsx(void **state)
{
    (void)state;
    report_t *r = sample(0);
    buf_t b;
    buf_init(&b);
    err_t e;
    err_clear(&e);
    assert_int_equal(report_xlsx(r, &b, &e), 0);
    assert_memory_equal(b.data, "PK\x03\x04", 4);
    const unsigned char *z = (const unsigned char *)b.data;
    char *wbx = unzip_member(z, b.len, "xl/workbook.xml");
    assert_non_null(wbx);
    assert_non_null(strstr(wbx, "name=\"1 Pendapatan per unit\""));
    assert_non_null(strstr(wbx, "name=\"2 Aturan pembagian hasil\""));
    char *s1 = unzip_member(z, b.len, "xl/worksheets/sheet1.xml");
    char *s2 = unzip_member(z, b.len, "xl/worksheets/sheet2.xml");
    char *st = unzip_member(z, b.len, "xl/styles.xml");
    char *ss = unzip_member(z, b.len, "xl/sharedStrings.xml");
    assert_non_null(s1);
    assert_non_null(s2);
    assert_non_null(st);
    assert_non_null(ss);
    /* letterhead (3 lines) + blank + title + subtitle + blank + caption + header = 9 rows:
     * data start at row 10. Numbers are <v> values without t="s". */
    char cell[256];
    cell_xml(s1, "C10", cell);
    assert_null(strstr(cell, "t=\"")); /* a number, not a (shared) string */
    assert_non_null(strstr(cell, "><v>1234567</v></c>"));
    cell_xml(s1, "D10", cell);
    assert_non_null(strstr(cell, "><v>617283</v></c>"));
    cell_xml(s1, "A10", cell);
    assert_non_null(strstr(cell, "t=\"s\"")); /* the unit name is text */
    /* totals: a SUM formula with its value */
    assert_non_null(strstr(s1, "<f>SUM(C10:C12)</f><v>1334567</v>"));
    assert_non_null(strstr(s1, "<f>SUM(B10:B12)</f><v>4</v>"));
    assert_non_null(strstr(s1, "<pageSetup paperSize=\"9\""));
    /* the rupiah and percent number formats */
    assert_non_null(strstr(st, "formatCode=\"&quot;Rp &quot;#,##0\""));
    assert_non_null(strstr(st, "formatCode=\"0.00%\""));
    assert_non_null(strstr(st, "formatCode=\"dd/mm/yyyy\""));
    /* dates are serial numbers (2025-01-01 = 45658), percentages fractions */
    assert_non_null(strstr(s2, "><v>45658</v></c>"));
    assert_non_null(strstr(s2, "><v>0.5</v></c>"));
    assert_non_null(strstr(s2, "><v>0.375</v></c>"));
    /* texts, the letterhead and the signature block are shared strings */
    assert_non_null(strstr(ss, "Menjahit, &quot;Garmen&quot;") ? ss : strstr(ss, "Menjahit, \"Garmen\""));
    assert_non_null(strstr(ss, "LEMBAGA PEMASYARAKATAN KELAS IIB KETAPANG"));
    assert_non_null(strstr(ss, "Ketapang, 1 April 2025"));
    assert_non_null(strstr(ss, "NIP. 197001011990031001"));
    free(wbx);
    free(s1);
    free(s2);
    free(st);
    free(ss);
    buf_release(&b);
    report_free(r);
}

/* Runs a command, returns its stdout (caller frees). */
static char *run_cmd(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(&b, chunk, n);
    int rc = pclose(p);
    if (rc != 0) fail_msg("command failed (%d): %s", rc, cmd);
    return buf_steal(&b);
}

/* The value of "Field:   value" in pdfinfo output (static storage, overwritten). */
static const char *info_field(const char *info, const char *field)
{
    static char v[256];
    char key[64];
    snprintf(key, sizeof key, "\n%s:", field);
    const char *p = strncmp(info, key + 1, strlen(key + 1)) == 0 ? info : strstr(info, key);
    if (!p) fail_msg("pdfinfo has no %s:\n%s", field, info);
    p += strlen(key) - (p == info ? 1 : 0);
    while (*p == ' ') p++;
    size_t n = strcspn(p, "\n");
    snprintf(v, sizeof v, "%.*s", (int)n, p);
    return v;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* The /Count of the PDF's page tree root (the largest /Count in the file). */
static int pdf_count(const buf_t *b)
{
    int best = 0;
    for (size_t i = 0; i + 7 < b->len; i++)
        if (!memcmp(b->data + i, "/Count ", 7)) {
            int v = atoi(b->data + i + 7);
            if (v > best) best = v;
        }
    return best;
}

static void write_pdf(report_t *r, const char *name, int *pages, char *path, size_t pn)
{
    buf_t b;
    buf_init(&b);
    err_t e;
    err_clear(&e);
    assert_int_equal(report_pdf(r, &b, pages, &e), 0);
    assert_memory_equal(b.data, "%PDF-", 5);
    assert_int_equal(pdf_count(&b), *pages);
    snprintf(path, pn, "%s/%s", g_dir, name);
    assert_int_equal(report_save(&b, path, &e), 0);
    buf_release(&b);
}

static void test_pdf_one_page(void **state)
{
    (void)state;
    report_t *r = sample(0);
    int pages = 0;
    char path[512], cmd[700];
    write_pdf(r, "one.pdf", &pages, path, sizeof path);
    assert_int_equal(pages, 1);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run_cmd(cmd);
    assert_int_equal(atoi(info_field(info, "Pages")), 1);
    assert_string_equal(info_field(info, "Title"), "Laporan Pendapatan Unit Produksi");
    assert_non_null(strstr(info_field(info, "Page size"), "(A4)"));
    free(info);
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
    char *txt = run_cmd(cmd);
    assert_non_null(strstr(txt, "LEMBAGA PEMASYARAKATAN KELAS IIB KETAPANG"));
    assert_non_null(strstr(txt, "Tabel 1. Pendapatan per unit"));
    assert_non_null(strstr(txt, "Rp 1.234.567"));
    assert_non_null(strstr(txt, "Rp 1.334.567")); /* total */
    assert_non_null(strstr(txt, "37,50%"));
    assert_non_null(strstr(txt, "15-03-2025"));
    assert_non_null(strstr(txt, "Ketapang, 1 April 2025"));
    assert_non_null(strstr(txt, "Budi Santoso, S.H."));
    assert_non_null(strstr(txt, "NIP. 197001011990031001"));
    assert_non_null(strstr(txt, "Halaman 1 dari 1"));
    free(txt);
    report_free(r);
}

static void test_pdf_pages(void **state)
{
    (void)state;
    report_t *r = sample(150); /* table 2 runs over several pages */
    report_set_landscape(r, false);
    int pages = 0;
    char path[512], cmd[700];
    write_pdf(r, "many.pdf", &pages, path, sizeof path);
    assert_true(pages >= 3);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run_cmd(cmd);
    char want[64];
    assert_int_equal(atoi(info_field(info, "Pages")), pages);
    free(info);
    int rows_seen = 0;
    for (int pg = 1; pg <= pages; pg++) {
        snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d -l %d '%s' -", pg, pg, path);
        char *txt = run_cmd(cmd);
        snprintf(want, sizeof want, "Halaman %d dari %d", pg, pages);
        assert_non_null(strstr(txt, want));
        /* letterhead on the first page only */
        assert_int_equal(strstr(txt, "KELAS IIB KETAPANG") != NULL, pg == 1);
        int here = count_of(txt, "baris tambahan ");
        rows_seen += here;
        if (pg > 1 && here > 0) {
            /* a continuation page repeats the caption and the column header */
            assert_non_null(strstr(txt, "Tabel 2. Aturan pembagian hasil (lanjutan)"));
            assert_non_null(strstr(txt, "Keterangan"));
        }
        if (pg == pages) assert_non_null(strstr(txt, "Budi Santoso, S.H."));
        free(txt);
    }
    assert_int_equal(rows_seen, 150); /* every row printed once */
    report_free(r);

    /* landscape: wider pages */
    r = sample(0);
    report_set_landscape(r, true);
    write_pdf(r, "land.pdf", &pages, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    info = run_cmd(cmd);
    assert_string_equal(info_field(info, "Page size"), "841.89 x 595.276 pts (A4)");
    free(info);
    report_free(r);
}

/* Broken UTF-8 and very long cells: every writer still produces a valid file. */
static void test_bad_text(void **state)
{
    (void)state;
    report_t *r = report_new("Judul \xff rusak");
    static const rep_col_t c[] = {{"Nama", REP_TEXT, false}, {"Nilai", REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(r, "Tabel \xc3", c, 2);
    rep_row(t);
    rep_text(t, "ab\xff\xfe" "cd");
    rep_int(t, 5);
    buf_t long_text;
    buf_init(&long_text);
    for (int i = 0; i < 700; i++) buf_puts(&long_text, "é"); /* 1400 bytes: cut inside a character at 1023 */
    rep_row(t);
    rep_text(t, long_text.data);
    rep_int(t, 7);
    buf_release(&long_text);
    buf_t b;
    buf_init(&b);
    report_csv(r, &b, 0);
    assert_true(utf8_valid_text(b.data, b.len));
    assert_non_null(strstr(b.data, "ab??cd,5\r\n"));
    buf_reset(&b);
    err_t e;
    err_clear(&e);
    int pages = 0;
    assert_int_equal(report_pdf(r, &b, &pages, &e), 0);
    assert_int_equal(pages, 1);
    buf_reset(&b);
    assert_int_equal(report_xlsx(r, &b, &e), 0);
    char *ss = unzip_member((const unsigned char *)b.data, b.len, "xl/sharedStrings.xml");
    assert_non_null(ss);
    assert_true(utf8_valid_text(ss, strlen(ss)));
    assert_non_null(strstr(ss, "ab??cd"));
    free(ss);
    buf_release(&b);
    report_free(r);
}

/* No tables, an empty table with totals, a table wider than the page: all write. */
static void test_edge_shapes(void **state)
{
    (void)state;
    err_t e;
    buf_t b;
    buf_init(&b);
    int pages = 0;
    report_t *r = report_new("Kosong");
    report_csv(r, &b, 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(report_pdf(r, &b, &pages, &e), 0);
    assert_int_equal(pages, 1);
    buf_reset(&b);
    assert_int_equal(report_xlsx(r, &b, &e), 0);
    report_free(r);

    r = report_new("Lebar");
    static const rep_col_t one[] = {{"Nilai", REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(r, "tanpa baris", one, 1);
    rep_totals(t, NULL);
    rep_col_t wide[30];
    for (int i = 0; i < 30; i++) wide[i] = (rep_col_t){"Kolom yang panjang sekali", i % 2 ? REP_RUPIAH : REP_TEXT, true};
    rep_table_t *w = report_add_table(r, "lebar", wide, 30);
    rep_row(w);
    for (int i = 0; i < 30; i++) {
        if (i % 2) rep_int(w, 123456789012LL);
        else rep_text(w, "teks");
    }
    buf_reset(&b);
    report_csv(r, &b, 0);
    assert_non_null(strstr(b.data, "tanpa baris\r\nNilai\r\n0\r\n")); /* header, then the total 0 */
    buf_reset(&b);
    assert_int_equal(report_pdf(r, &b, &pages, &e), 0);
    buf_reset(&b);
    assert_int_equal(report_xlsx(r, &b, &e), 0);
    buf_release(&b);
    report_free(r);
}

static void test_svg(void **state)
{
    (void)state;
    const char *labels[] = {"Jan", "Feb", "Mar <&>"};
    int64_t rev[] = {1500000, 0, 2750000}, premi[] = {750000, 0, 1375000};
    chart_series_t ser[] = {{"Pendapatan", rev}, {"Premi", premi}};
    chart_t c = {.kind = CHART_BAR, .id = "g1", .title = "Pendapatan \"bulanan\"", .value_type = REP_RUPIAH,
                 .labels = labels, .nlabels = 3, .series = ser, .nseries = 2};
    buf_t b;
    buf_init(&b);
    svg_chart(&b, &c);
    assert_non_null(strstr(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(b.data, "role=\"img\" aria-label=\"Pendapatan &quot;bulanan&quot;\""));
    assert_non_null(strstr(b.data, "aria-describedby=\"g1-desc\""));
    assert_non_null(strstr(b.data, "<title id=\"g1-title\">Pendapatan &quot;bulanan&quot;</title>"));
    assert_non_null(strstr(b.data, "Nilai tertinggi Rp 2.750.000 (Mar &lt;&amp;&gt;, Pendapatan)"));
    assert_non_null(strstr(b.data, "<title>Jan — Pendapatan: Rp 1.500.000</title>"));
    assert_non_null(strstr(b.data, "<title>Mar &lt;&amp;&gt; — Premi: Rp 1.375.000</title>"));
    assert_int_equal(count_of(b.data, "<rect x="), 6 + 2); /* 6 bars + 2 legend keys */
    assert_non_null(strstr(b.data, ">Rp 3 jt</text>"));   /* nice axis top */
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "Mar <&>"));
    buf_reset(&b);
    svg_chart_table(&b, &c);
    assert_non_null(strstr(b.data, "<caption>Pendapatan &quot;bulanan&quot;</caption>"));
    assert_non_null(strstr(b.data, "<tr><th scope=\"row\">Mar &lt;&amp;&gt;</th><td class=\"num\">Rp 2.750.000</td>"
                                   "<td class=\"num\">Rp 1.375.000</td></tr>"));
    buf_reset(&b);
    c.kind = CHART_LINE;
    c.nseries = 1;
    c.value_type = REP_INT;
    svg_chart(&b, &c);
    assert_non_null(strstr(b.data, "<polyline"));
    assert_int_equal(count_of(b.data, "<circle "), 3);
    assert_non_null(strstr(b.data, "<title>Feb — Pendapatan: 0</title>"));
    buf_release(&b);
    char s[32];
    svg_axis_label(REP_RUPIAH, 1500000, s, sizeof s);
    assert_string_equal(s, "Rp 1,5 jt");
    svg_axis_label(REP_INT, 250000, s, sizeof s);
    assert_string_equal(s, "250 rb");
    svg_axis_label(REP_PERCENT, 1250, s, sizeof s);
    assert_string_equal(s, "12,50%");
}

static void test_qr(void **state)
{
    (void)state;
    const char *text = "https://bekal.example/verifikasi/SERT-2025-000123?k=Ab9_x";
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 300);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_paint(cr);
    err_t e;
    err_clear(&e);
    int modules = 0;
    assert_int_equal(qr_draw(cr, text, 20, 20, 260, &modules, &e), 0);
    assert_true(modules >= 21 && (modules - 17) % 4 == 0); /* a real QR version size */
    cairo_destroy(cr);
    char path[512], cmd[700];
    snprintf(path, sizeof path, "%s/qr.png", g_dir);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw '%s' 2>/dev/null", path);
    char *got = run_cmd(cmd);
    size_t n = strlen(got);
    while (n && got[n - 1] == '\n') got[--n] = 0;
    assert_string_equal(got, text);
    free(got);
    assert_int_equal(qr_draw(NULL, "", 0, 0, 10, NULL, &e), -1);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(g_dir) ? 0 : -1;
}
static int teardown(void **state)
{
    (void)state;
    if (getenv("BEKAL_KEEP")) return 0; /* leave the files to look at */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_exact), cmocka_unit_test(test_display), cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_pdf_one_page), cmocka_unit_test(test_pdf_pages), cmocka_unit_test(test_bad_text), cmocka_unit_test(test_edge_shapes),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_qr),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
