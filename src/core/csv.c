/* csv.c — bounded CSV reader and formula-guarded writer (see csv.h). */
#include "csv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_reader {
    const char *p;
    size_t len, pos;
    char delim;
    bool started, failed;
    size_t max_field;
    int max_cols;
    long line; /* physical line of p[pos] */
    buf_t store; /* the current record's fields, each NUL-terminated */
    int cap;
    size_t *offs, *lens;
    const char **ptrs;
    char err[200];
    long err_line;
};

csv_reader_t *csv_open(const char *data, size_t len, const csv_opts_t *opts)
{
    csv_reader_t *r = xcalloc(1, sizeof *r);
    r->p = data ? data : "";
    r->len = data ? len : 0;
    r->delim = opts ? opts->delim : 0;
    r->max_field = opts && opts->max_field ? opts->max_field : CSV_DEFAULT_MAX_FIELD;
    r->max_cols = opts && opts->max_cols > 0 ? opts->max_cols : CSV_DEFAULT_MAX_COLS;
    r->line = 1;
    buf_init(&r->store);
    return r;
}

void csv_close(csv_reader_t *r)
{
    if (!r) return;
    buf_release(&r->store);
    free(r->offs);
    free(r->lens);
    free(r->ptrs);
    free(r);
}

const char *csv_error(const csv_reader_t *r) { return r->failed ? r->err : NULL; }
long csv_error_line(const csv_reader_t *r) { return r->failed ? r->err_line : 0; }
char csv_delimiter(const csv_reader_t *r) { return r->delim ? r->delim : ','; }
size_t csv_offset(const csv_reader_t *r) { return r->pos; }

static int fail(csv_reader_t *r, long line, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail(csv_reader_t *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    r->err_line = line;
    r->failed = true;
    return -1;
}

char csv_detect_delimiter(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    long commas = 0, semis = 0;
    bool q = false;
    for (; i < len; i++) {
        char c = data[i];
        if (c == '"') q = !q;
        else if (!q && (c == '\n' || c == '\r')) break;
        else if (!q && c == ',') commas++;
        else if (!q && c == ';') semis++;
    }
    return semis > commas ? ';' : ',';
}

/* Counts line ends in s[0..n): LF, CRLF and a lone CR each count once. next is the
 * byte after the chunk (or 0) so a CR at its end followed by LF is not counted twice. */
static long count_lines(const char *s, size_t n, char next)
{
    long k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') k++;
        else if (s[i] == '\r' && (i + 1 < n ? s[i + 1] : next) != '\n') k++;
    }
    return k;
}

/* Appends s[0..n) to the current field, enforcing the field limit and rejecting NUL. */
static int field_add(csv_reader_t *r, size_t start, const char *s, size_t n, int col, long line)
{
    if (r->store.len - start + n > r->max_field)
        return fail(r, line, "baris %ld: kolom ke-%d lebih panjang dari %zu byte", line, col, r->max_field);
    if (memchr(s, 0, n)) return fail(r, line, "baris %ld: kolom ke-%d berisi karakter NUL", line, col);
    buf_append(&r->store, s, n);
    return 0;
}

int csv_next(csv_reader_t *r, csv_record_t *rec)
{
    if (r->failed) return -1;
    const char *p = r->p;
    size_t len = r->len;
    if (!r->started) {
        r->started = true;
        if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
        if (!r->delim) r->delim = csv_detect_delimiter(p, len);
    }
    const char d = r->delim;
    /* Blank lines between records are skipped. */
    while (r->pos < len && (p[r->pos] == '\n' || p[r->pos] == '\r')) {
        if (p[r->pos] == '\r' && r->pos + 1 < len && p[r->pos + 1] == '\n') r->pos++;
        r->pos++;
        r->line++;
    }
    if (r->pos >= len) return 0;

    long rec_line = r->line;
    buf_reset(&r->store);
    int n = 0;
    for (;;) {
        if (n >= r->max_cols) return fail(r, r->line, "baris %ld: lebih dari %d kolom", rec_line, r->max_cols);
        size_t start = r->store.len;
        if (r->pos < len && p[r->pos] == '"') {
            long qline = r->line;
            r->pos++;
            for (;;) {
                const char *q = r->pos < len ? memchr(p + r->pos, '"', len - r->pos) : NULL;
                size_t chunk = q ? (size_t)(q - (p + r->pos)) : len - r->pos;
                if (field_add(r, start, p + r->pos, chunk, n + 1, rec_line) < 0) return -1;
                r->line += count_lines(p + r->pos, chunk, q ? '"' : 0);
                r->pos += chunk;
                if (!q)
                    return fail(r, qline, "baris %ld: tanda kutip pada kolom ke-%d tidak ditutup", qline, n + 1);
                if (r->pos + 1 < len && p[r->pos + 1] == '"') { /* "" is one quote */
                    if (field_add(r, start, "\"", 1, n + 1, rec_line) < 0) return -1;
                    r->pos += 2;
                    continue;
                }
                r->pos++;
                break;
            }
            if (r->pos < len && p[r->pos] != d && p[r->pos] != '\n' && p[r->pos] != '\r')
                return fail(r, r->line, "baris %ld: karakter \"%c\" sesudah tanda kutip penutup pada kolom ke-%d",
                            r->line, p[r->pos] >= 0x20 && p[r->pos] < 0x7f ? p[r->pos] : '?', n + 1);
        } else {
            size_t e = r->pos;
            while (e < len && p[e] != d && p[e] != '\n' && p[e] != '\r') e++;
            if (field_add(r, start, p + r->pos, e - r->pos, n + 1, rec_line) < 0) return -1;
            r->pos = e;
        }
        buf_putc(&r->store, 0);
        if (n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 32;
            r->offs = xrealloc(r->offs, sizeof *r->offs * (size_t)r->cap);
            r->lens = xrealloc(r->lens, sizeof *r->lens * (size_t)r->cap);
            r->ptrs = xrealloc(r->ptrs, sizeof *r->ptrs * (size_t)r->cap);
        }
        r->offs[n] = start;
        r->lens[n] = r->store.len - 1 - start;
        n++;
        if (r->pos >= len) break;
        char c = p[r->pos];
        if (c == d) {
            r->pos++;
            continue;
        }
        if (c == '\r' && r->pos + 1 < len && p[r->pos + 1] == '\n') r->pos++;
        r->pos++;
        r->line++;
        break;
    }
    for (int i = 0; i < n; i++) r->ptrs[i] = r->store.data + r->offs[i];
    rec->line = rec_line;
    rec->n = n;
    rec->f = r->ptrs;
    rec->len = r->lens;
    return 1;
}

/* ---- writer ---- */

static bool is_trigger(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

bool csv_needs_guard(const char *s)
{
    if (!s) return false;
    while (*s == '\'') s++;
    return is_trigger(*s);
}

char *csv_unguard(char *s)
{
    if (s && s[0] == '\'' && csv_needs_guard(s)) memmove(s, s + 1, strlen(s)); /* moves the NUL too */
    return s;
}

void csv_write_cell(buf_t *b, const char *s, char delim)
{
    if (!s) s = "";
    bool guard = csv_needs_guard(s);
    bool quote = false;
    for (const char *c = s; *c && !quote; c++) quote = *c == delim || *c == '"' || *c == '\n' || *c == '\r';
    if (!quote) {
        if (guard) buf_putc(b, '\'');
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    if (guard) buf_putc(b, '\'');
    for (const char *c = s; *c;) {
        const char *q = strchr(c, '"');
        if (!q) {
            buf_puts(b, c);
            break;
        }
        buf_append(b, c, (size_t)(q - c) + 1);
        buf_putc(b, '"');
        c = q + 1;
    }
    buf_putc(b, '"');
}

void csv_write_row(buf_t *b, const char *const *cells, int n, char delim)
{
    /* A lone empty cell would be a blank line, which readers skip. */
    if (n == 1 && (!cells[0] || !*cells[0])) buf_puts(b, "\"\"");
    for (int i = 0; i < n && !(n == 1 && (!cells[0] || !*cells[0])); i++) {
        if (i) buf_putc(b, delim);
        csv_write_cell(b, cells[i], delim);
    }
    buf_putc(b, '\n');
}
