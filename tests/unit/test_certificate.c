/* test_certificate.c — the training certificate PDF (report/certificate.h): one A4
 * landscape page whose text, read back with pdftotext, holds the prison's and the
 * BLK's names, the number, holder, trade, JP, dates, units, place and date,
 * signatories and the verification URL; the QR code decodes to that URL (zbarimg,
 * when installed); a revoked certificate says DICABUT with its reason; many units
 * still fit one page; content that is not the stored JSON is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "report/certificate.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/bekal-test-cert.XXXXXX";

static const char *content =
    "{\"number\":\"0007/PLT/LAS/LPKTP/III/2025\",\"site_name\":\"Lapas Kelas IIB Ketapang\","
    "\"provider_name\":\"UPT BLK Ketapang\",\"holder\":\"Budi Santoso\",\"program\":\"Las listrik tahap 1\","
    "\"trade_code\":\"LAS\",\"trade_name\":\"Las listrik\",\"start_date\":\"2025-03-03\",\"end_date\":\"2025-04-11\","
    "\"total_jp\":240,\"jp_minutes\":40,\"issued_on\":\"2025-04-15\","
    "\"units\":[{\"code\":\"C.25LAS01.001.1\",\"title\":\"Menerapkan K3 pengelasan\",\"jp\":20},"
    "{\"code\":\"\",\"title\":\"Mengelas pelat posisi bawah tangan\",\"jp\":220}],"
    "\"signatories\":[{\"name\":\"Kalapas Contoh\",\"position\":\"Kepala Lapas\",\"organisation\":\"\"},"
    "{\"name\":\"Kepala BLK Contoh\",\"position\":\"Kepala UPT BLK Ketapang\",\"organisation\":\"\"}],"
    "\"place\":\"Ketapang\"}";
static const char *url = "https://bekal.contoh.id/verify/0007/PLT/LAS/LPKTP/III/2025";

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
    if (!b.data) buf_puts(&b, "");
    return buf_steal(&b);
}

/* The number after "Pages:" in pdfinfo output, or -1. */
static int pages_of(const char *info)
{
    const char *p = strstr(info, "Pages:");
    return p ? atoi(p + 6) : -1;
}

/* Writes the PDF of in to g_dir/name; returns the path (static). */
static const char *write_pdf(const cert_pdf_t *in, const char *name)
{
    static char path[512];
    buf_t b;
    buf_init(&b);
    err_t e;
    err_clear(&e);
    if (cert_pdf(in, &b, &e) < 0) fail_msg("cert_pdf: %s", e.msg);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF-", 5);
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    buf_release(&b);
    return path;
}

/* pdftotext of path with whitespace runs folded to one space (caller frees). */
static char *pdf_text(const char *path)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
    char *t = run_cmd(cmd), *o = t;
    for (const char *p = t; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\f') {
            if (o > t && o[-1] == ' ') continue;
            *o++ = ' ';
        } else
            *o++ = *p;
    }
    *o = 0;
    return t;
}

static void test_text_and_layout(void **state)
{
    (void)state;
    cert_pdf_t in = {content, url, false, NULL};
    const char *path = write_pdf(&in, "valid.pdf");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run_cmd(cmd);
    int pages = pages_of(info);
    bool landscape = strstr(info, "841.89 x 595.276") || strstr(info, "842 x 595"); /* A4 landscape, in points */
    bool titled = strstr(info, "Sertifikat Pelatihan 0007/PLT/LAS/LPKTP/III/2025") != NULL;
    free(info);
    assert_int_equal(pages, 1);
    assert_true(landscape);
    assert_true(titled);
    char *t = pdf_text(path);
    const char *want[] = {"LAPAS KELAS IIB KETAPANG", "UPT BLK KETAPANG", "SERTIFIKAT PELATIHAN",
                          "Nomor: 0007/PLT/LAS/LPKTP/III/2025", "Budi Santoso", "Las listrik", "240 jam",
                          "3 Maret 2025", "11 April 2025", "C.25LAS01.001.1 Menerapkan K3 pengelasan (20 JP)",
                          "Mengelas pelat posisi bawah tangan (220 JP)", "Ketapang, 15 April 2025", "Kepala Lapas",
                          "Kalapas Contoh", "Kepala BLK Contoh", url};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(t, want[i])) {
            printf("certificate text lacks \"%s\":\n%s\n", want[i], t);
            free(t);
            fail();
        }
    assert_null(strstr(t, "DICABUT"));
    free(t);
    if (system("command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "pdftoppm -png -r 200 '%s' '%s/qr' && zbarimg -q '%s/qr-1.png' 2>/dev/null", path,
                 g_dir, g_dir);
        char *qr = run_cmd(cmd);
        assert_non_null(strstr(qr, url));
        free(qr);
    }
}

static void test_revoked(void **state)
{
    (void)state;
    cert_pdf_t in = {content, url, true, "Data peserta keliru"};
    char *t = pdf_text(write_pdf(&in, "revoked.pdf"));
    assert_non_null(strstr(t, "DICABUT"));
    assert_non_null(strstr(t, "Data peserta keliru"));
    assert_non_null(strstr(t, "Budi Santoso"));
    free(t);
}

static void test_many_units_one_page(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{\"number\":\"1/X\",\"holder\":\"Nama Panjang Sekali Bin Nama Panjang\",\"units\":[");
    for (int i = 0; i < 20; i++)
        buf_printf(&b, "%s{\"code\":\"U%02d\",\"title\":\"Unit kompetensi dengan judul yang cukup panjang nomor %d\","
                       "\"jp\":12}",
                   i ? "," : "", i + 1, i + 1);
    buf_puts(&b, "],\"signatories\":[{\"name\":\"A\",\"position\":\"B\"}],\"total_jp\":240,\"jp_minutes\":40}");
    cert_pdf_t in = {b.data, url, false, NULL};
    const char *path = write_pdf(&in, "many.pdf");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *info = run_cmd(cmd);
    int pages = pages_of(info);
    free(info);
    assert_int_equal(pages, 1);
    char *t = pdf_text(path);
    assert_non_null(strstr(t, "U20 Unit kompetensi"));
    free(t);
    buf_release(&b);
}

static void test_bad_content(void **state)
{
    (void)state;
    const char *bad[] = {"", "[]", "{", "\"teks\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cert_pdf_t in = {bad[i], url, false, NULL};
        buf_t b;
        buf_init(&b);
        err_t e;
        err_clear(&e);
        assert_int_equal(cert_pdf(&in, &b, &e), -1);
        assert_string_equal(e.code, "pdf_error");
        buf_release(&b);
    }
    /* invalid UTF-8 inside a string jansson accepted is still printed, never a crash */
    cert_pdf_t in = {"{\"holder\":\"Nama \\u00e9\"}", url, false, NULL};
    char *t = pdf_text(write_pdf(&in, "odd.pdf"));
    free(t);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(g_dir) ? 0 : -1;
}
static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_layout),
        cmocka_unit_test(test_revoked),
        cmocka_unit_test(test_many_units_one_page),
        cmocka_unit_test(test_bad_content),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
