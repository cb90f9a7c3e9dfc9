/* fuzz.h — what the libFuzzer harnesses share: a NUL-terminated copy of the input,
 * splitting the input into parts, and FUZZ_CHECK, which aborts on a broken invariant
 * (libFuzzer reports the abort as a crash and saves the input).
 *
 * Harness rules: no state kept between runs, everything allocated is freed (leaks
 * are reported by ASan), invariants checked after every successful parse. */
#ifndef BEKAL_FUZZ_H
#define BEKAL_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/util.h"
#include "core/date.h"
#include "core/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "\nfuzz invariant broken at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* A buf_t's text; buf_init() leaves data NULL until something is written. */
#define BUF_S(b) ((b).data ? (b).data : "")

/* A NUL-terminated heap copy of data[0..n) (caller frees). NUL bytes inside stay. */
static inline char *fuzz_cstr(const uint8_t *data, size_t n)
{
    char *s = xmalloc(n + 1);
    if (n) memcpy(s, data, n);
    s[n] = 0;
    return s;
}

/* Splits s[0..n) at the first byte sep: *a = s[0..i), *b = rest; both point into s,
 * which must be writable (the separator becomes NUL). Without sep, *b is "". */
static inline void fuzz_split(char *s, size_t n, char sep, char **a, char **b, size_t *blen)
{
    char *p = n ? memchr(s, sep, n) : NULL;
    *a = s;
    if (!p) {
        *b = s + n;
        *blen = 0;
        return;
    }
    *p = 0;
    *b = p + 1;
    *blen = n - (size_t)(p + 1 - s);
}

/* First occurrence of needle[0..nl) in hay[0..hl), or NULL (memmem is a GNU extension). */
static inline const char *fuzz_find(const char *hay, size_t hl, const char *needle, size_t nl)
{
    if (nl == 0) return hay;
    for (size_t i = 0; i + nl <= hl; i++)
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, nl)) return hay + i;
    return NULL;
}

/* Length of the well-formed UTF-8 sequence at p (n bytes available), 0 if there is
 * none; written from Unicode's table of well-formed byte sequences (Table 3-7). */
static inline size_t fuzz_utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0], lo = 0x80, hi = 0xbf;
    size_t len;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c == 0xe0) len = 3, lo = 0xa0;
    else if (c >= 0xe1 && c <= 0xec) len = 3;
    else if (c == 0xed) len = 3, hi = 0x9f;
    else if (c >= 0xee && c <= 0xef) len = 3;
    else if (c == 0xf0) len = 4, lo = 0x90;
    else if (c >= 0xf1 && c <= 0xf3) len = 4;
    else if (c == 0xf4) len = 4, hi = 0x8f;
    else return 0;
    if (n < len || p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return len;
}
/* True when the C string s is well-formed UTF-8 (what jansson's json_string needs;
 * control characters are allowed, unlike utf8_valid_text). */
static inline bool fuzz_utf8(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0, l; i < n; i += l)
        if (!(l = fuzz_utf8_seq((const unsigned char *)s + i, n - i))) return false;
    return true;
}

/* Checks the values rec_set() left in v[] for record d: each is NULL or non-empty,
 * trimmed, valid UTF-8 text of the field's type in its normal form, and setting it
 * again gives the same value (normalisation is idempotent). Scratch memory from a. */
static inline void fuzz_check_values(arena_t *a, const record_def_t *d, const char **v)
{
    const char **w = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
    for (int i = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        const char *s = v[i];
        if (!s) continue;
        size_t n = strlen(s);
        FUZZ_CHECK(n > 0 && utf8_valid_text(s, n), "%s.%s: empty or invalid text", d->entity, f->name);
        FUZZ_CHECK(!strchr(" \t\r\n", s[0]) && !strchr(" \t\r\n", s[n - 1]), "%s.%s: untrimmed \"%s\"",
                   d->entity, f->name, s);
        switch (f->type) {
        case FT_TEXT: FUZZ_CHECK((int)n <= f->max, "%s.%s: %zu bytes > %d", d->entity, f->name, n, f->max); break;
        case FT_DATE: {
            char iso[11];
            FUZZ_CHECK(date_normalise(s, iso) && !strcmp(iso, s), "%s.%s: date \"%s\" not normal", d->entity,
                       f->name, s);
            break;
        }
        case FT_INT:
        case FT_FIXED:
        case FT_MONEY: {
            int64_t x;
            char back[32];
            FUZZ_CHECK(parse_i64(s, &x) && x >= 0 && (f->max <= 0 || x <= f->max), "%s.%s: number \"%s\"",
                       d->entity, f->name, s);
            snprintf(back, sizeof back, "%lld", (long long)x);
            FUZZ_CHECK(!strcmp(back, s), "%s.%s: number \"%s\" not normal", d->entity, f->name, s);
            break;
        }
        case FT_BOOL: FUZZ_CHECK(!strcmp(s, "0") || !strcmp(s, "1"), "%s.%s: bool \"%s\"", d->entity, f->name, s); break;
        case FT_ENUM: {
            int k = 0;
            while (f->choices[k] && strcmp(f->choices[k], s)) k++;
            FUZZ_CHECK(f->choices[k] != NULL, "%s.%s: \"%s\" is not a choice", d->entity, f->name, s);
            break;
        }
        case FT_MONTH: {
            int32_t mi;
            FUZZ_CHECK(n == 7 && date_parse_month(s, &mi), "%s.%s: month \"%s\"", d->entity, f->name, s);
            break;
        }
        }
        field_errs_t fe;
        fe.n = 0;
        w[i] = NULL;
        FUZZ_CHECK(rec_set(a, d, w, i, s, &fe) && w[i] && !strcmp(w[i], s) && fe.n == 0,
                   "%s.%s: \"%s\" does not set again to itself", d->entity, f->name, s);
    }
}

/* Field errors: each names a field and, when the input was UTF-8, has a message
 * that is well-formed UTF-8 too (the messages go into JSON replies, and jansson's
 * json_string/json_pack fail on invalid UTF-8). */
static inline void fuzz_check_errs(const field_errs_t *fe, bool input_was_utf8)
{
    FUZZ_CHECK(fe->n >= 0 && fe->n <= FIELD_ERRS_MAX, "%d field errors", fe->n);
    for (int k = 0; k < fe->n; k++) {
        FUZZ_CHECK(fe->e[k].field && fe->e[k].msg[0], "field error %d without field or message", k);
        if (input_was_utf8)
            FUZZ_CHECK(fuzz_utf8(fe->e[k].msg),
                       "field error for %s is not valid UTF-8: %s", fe->e[k].field, fe->e[k].msg);
    }
}

#endif
