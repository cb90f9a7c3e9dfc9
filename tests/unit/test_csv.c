/* test_csv.c — the CSV reader's edge cases and the formula-guarded writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include "core/csv.h"

/* Reads all records of s into a "a|b|c\n" dump (fields joined by |, each record ended
 * by its line number in brackets). Returns the final csv_next() result. */
static int dump(const char *s, size_t n, const csv_opts_t *o, buf_t *out, char *delim)
{
    csv_reader_t *r = csv_open(s, n, o);
    csv_record_t rec;
    int rc;
    while ((rc = csv_next(r, &rec)) == 1) {
        for (int i = 0; i < rec.n; i++) {
            assert_int_equal(strlen(rec.f[i]), rec.len[i]);
            buf_printf(out, "%s%s", i ? "|" : "", rec.f[i]);
        }
        buf_printf(out, "[%ld]\n", rec.line);
    }
    if (delim) *delim = csv_delimiter(r);
    if (rc < 0) buf_printf(out, "ERR %ld: %s\n", csv_error_line(r), csv_error(r));
    assert_int_equal(csv_next(r, &rec), rc); /* sticky end / error */
    csv_close(r);
    return rc;
}

static void check(const char *in, const char *want)
{
    buf_t b;
    buf_init(&b);
    dump(in, strlen(in), NULL, &b, NULL);
    assert_string_equal(b.data ? b.data : "", want);
    buf_release(&b);
}

static void test_simple(void **s)
{
    (void)s;
    check("a,b,c\n1,2,3\n", "a|b|c[1]\n1|2|3[2]\n");
    check("a,b,c\n1,2,3", "a|b|c[1]\n1|2|3[2]\n"); /* no final newline */
    check("a,,c\n,,\n", "a||c[1]\n||[2]\n");
    check("", "");
    check("x", "x[1]\n");
}

static void test_crlf_and_blank_lines(void **s)
{
    (void)s;
    check("a;b\r\n1;2\r\n\r\n3;4\r\n", "a|b[1]\n1|2[2]\n3|4[4]\n");
    check("a,b\r1,2\r", "a|b[1]\n1|2[2]\n"); /* old Mac line ends */
    check("\n\na,b\n\n", "a|b[3]\n");
}

static void test_quotes(void **s)
{
    (void)s;
    check("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", "a,b|say \"hi\"|[1]\n");
    /* a quoted field spanning lines: the next record reports its physical line */
    check("n,t\n1,\"line one\nline two\r\nline three\"\n2,x\n", "n|t[1]\n1|line one\nline two\r\nline three[2]\n2|x[5]\n");
    check("a,b\"c\n", "a|b\"c[1]\n"); /* a quote inside an unquoted field is literal */
    check("\"\"\"\"\n", "\"[1]\n");
}

static void test_unterminated_quote(void **s)
{
    (void)s;
    check("a,b\n1,\"open\n2,3\n", "a|b[1]\nERR 2: baris 2: tanda kutip pada kolom ke-2 tidak ditutup\n");
    check("a,b\n1,\"x\"y\n", "a|b[1]\nERR 2: baris 2: karakter \"y\" sesudah tanda kutip penutup pada kolom ke-2\n");
}

static void test_bom_and_delimiter(void **s)
{
    (void)s;
    char d;
    buf_t b;
    buf_init(&b);
    const char *in = "\xEF\xBB\xBFregno;name;crime_detail\nA1;Budi;pasal 1, ayat 2\n";
    dump(in, strlen(in), NULL, &b, &d);
    assert_int_equal(d, ';');
    assert_string_equal(b.data, "regno|name|crime_detail[1]\nA1|Budi|pasal 1, ayat 2[2]\n");
    buf_reset(&b);
    /* commas win when the header has more of them; semicolons inside quotes do not count */
    in = "\"a;b;c\",d,e\n1,2,3\n";
    dump(in, strlen(in), NULL, &b, &d);
    assert_int_equal(d, ',');
    assert_string_equal(b.data, "a;b;c|d|e[1]\n1|2|3[2]\n");
    buf_reset(&b);
    /* fixed delimiter */
    csv_opts_t o = {.delim = '\t'};
    in = "a\tb\n";
    dump(in, strlen(in), &o, &b, &d);
    assert_int_equal(d, '\t');
    assert_string_equal(b.data, "a|b[1]\n");
    buf_release(&b);
    assert_int_equal(csv_detect_delimiter("", 0), ',');
    assert_int_equal(csv_detect_delimiter("\xEF\xBB\xBF", 3), ',');
}

static void test_limits(void **s)
{
    (void)s;
    buf_t b;
    buf_init(&b);
    csv_opts_t o = {.max_field = 5, .max_cols = 3};
    const char *in = "a,b,c\n12345,\"12345\",x\n";
    assert_int_equal(dump(in, strlen(in), &o, &b, NULL), 0);
    buf_reset(&b);
    in = "a,b,c\n123456,x,y\n";
    assert_int_equal(dump(in, strlen(in), &o, &b, NULL), -1);
    assert_string_equal(b.data, "a|b|c[1]\nERR 2: baris 2: kolom ke-1 lebih panjang dari 5 byte\n");
    buf_reset(&b);
    in = "a,b,c\nx,\"12\"\"345\"\n";
    assert_int_equal(dump(in, strlen(in), &o, &b, NULL), -1);
    assert_string_equal(b.data, "a|b|c[1]\nERR 2: baris 2: kolom ke-2 lebih panjang dari 5 byte\n");
    buf_reset(&b);
    in = "a,b,c\n1,2,3,4\n";
    assert_int_equal(dump(in, strlen(in), &o, &b, NULL), -1);
    assert_string_equal(b.data, "a|b|c[1]\nERR 2: baris 2: lebih dari 3 kolom\n");
    buf_reset(&b);
    const char nul[] = "a,b\nx\0y,z\n";
    assert_int_equal(dump(nul, sizeof nul - 1, NULL, &b, NULL), -1);
    assert_string_equal(b.data, "a|b[1]\nERR 2: baris 2: kolom ke-1 berisi karakter NUL\n");
    buf_release(&b);
}

static void test_writer(void **s)
{
    (void)s;
    buf_t b;
    buf_init(&b);
    const char *cells[] = {"plain", "a,b", "say \"hi\"", "=SUM(A1)", "-5", "@x", "+1", "two\nlines", NULL, "'=x"};
    csv_write_row(&b, cells, 10, ',');
    assert_string_equal(b.data, "plain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),'-5,'@x,'+1,\"two\nlines\",,''=x\n");
    buf_reset(&b);
    const char *one[] = {""};
    csv_write_row(&b, one, 1, ';');
    const char *semi[] = {"a;b", "=a;b", "c,d"};
    csv_write_row(&b, semi, 3, ';');
    assert_string_equal(b.data, "\"\"\n\"a;b\";\"'=a;b\";c,d\n");
    buf_release(&b);

    /* unguard undoes exactly what the guard added */
    const char *vals[] = {"=1", "'=1", "''=1", "'plain", "plain", "-", "'", "", "\t x", "@"};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        buf_t w;
        buf_init(&w);
        csv_write_cell(&w, vals[i], ',');
        csv_reader_t *r = csv_open(w.data ? w.data : "", w.len, &(csv_opts_t){.delim = ','});
        csv_record_t rec;
        if (w.len == 0) {
            assert_int_equal(csv_next(r, &rec), 0);
        } else {
            assert_int_equal(csv_next(r, &rec), 1);
            char *got = xstrdup(rec.f[0]);
            assert_string_equal(csv_unguard(got), vals[i]);
            free(got);
        }
        csv_close(r);
        buf_release(&w);
    }
}

/* Round trip of random cells through the writer and reader (a poor man's fuzz). */
static void test_roundtrip_random(void **s)
{
    (void)s;
    unsigned seed = 12345;
    const char alphabet[] = "ab,;\"\r\n '=-+@\t";
    for (int iter = 0; iter < 300; iter++) {
        char cells[4][12];
        const char *ptr[4];
        for (int c = 0; c < 4; c++) {
            seed = seed * 1103515245u + 12345u;
            int n = (int)((seed >> 16) % 11);
            for (int k = 0; k < n; k++) {
                seed = seed * 1103515245u + 12345u;
                cells[c][k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
            cells[c][n] = 0;
            ptr[c] = cells[c];
        }
        char delim = iter % 2 ? ';' : ',';
        buf_t b;
        buf_init(&b);
        csv_write_row(&b, ptr, 4, delim);
        csv_write_row(&b, ptr, 4, delim);
        csv_reader_t *r = csv_open(b.data, b.len, &(csv_opts_t){.delim = delim});
        csv_record_t rec;
        for (int row = 0; row < 2; row++) {
            assert_int_equal(csv_next(r, &rec), 1);
            assert_int_equal(rec.n, 4);
            for (int c = 0; c < 4; c++) {
                char *got = xstrdup(rec.f[c]);
                assert_string_equal(csv_unguard(got), cells[c]);
                free(got);
            }
        }
        assert_int_equal(csv_next(r, &rec), 0);
        csv_close(r);
        buf_release(&b);
    }
}

/* Arbitrary bytes never crash the reader and it always ends. */
static void test_garbage(void **s)
{
    (void)s;
    unsigned seed = 7;
    char data[257];
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = (size_t)(iter % 256);
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            data[k] = "a\",;\r\n\0\xEF\xBB\xBF "[(seed >> 16) % 12];
        }
        csv_reader_t *r = csv_open(data, n, &(csv_opts_t){.max_field = 16, .max_cols = 8});
        csv_record_t rec;
        int rc, guard = 0;
        while ((rc = csv_next(r, &rec)) == 1) assert_true(++guard <= 300);
        assert_true(rc == 0 || (rc == -1 && csv_error(r) && csv_error_line(r) > 0));
        csv_close(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),          cmocka_unit_test(test_crlf_and_blank_lines),
        cmocka_unit_test(test_quotes),          cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_bom_and_delimiter), cmocka_unit_test(test_limits),
        cmocka_unit_test(test_writer),          cmocka_unit_test(test_roundtrip_random),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
