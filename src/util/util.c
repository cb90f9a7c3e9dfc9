/* util.c — allocation policy, buffer, arena, error and small string helpers. */
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>

/* Under AddressSanitizer the arena poisons the unused part of each block and keeps
 * a poisoned red zone after every allocation, so reading or writing past the end of
 * an arena allocation is reported like a heap overflow. Elsewhere these are no-ops. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BEKAL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BEKAL_ASAN 1
#endif
#ifdef BEKAL_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ARENA_REDZONE 0
#endif

static void oom(void)
{
    fputs("bekal: kehabisan memori (out of memory)\n", stderr);
    abort();
}
void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom();
    return p;
}
void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) oom();
    return p;
}
void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) oom();
    return p;
}
char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }
char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void buf_init(buf_t *b) { b->data = NULL, b->len = 0, b->cap = 0; }
void buf_reserve(buf_t *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}
void buf_append(buf_t *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}
void buf_puts(buf_t *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(buf_t *b, char c)
{
    if (b->len + 2 > b->cap) buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void buf_put_i64(buf_t *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}
/* Formats straight into the spare room when it fits (the usual case), so the
 * format runs once; only a longer result is measured, room made, and redone. */
void buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    buf_reserve(b, 63);
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->data[b->len] = 0;
        return;
    }
    if ((size_t)n >= room) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}
void buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}
void buf_reset(buf_t *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}
char *buf_steal(buf_t *b)
{
    char *p = b->data ? b->data : xstrdup("");
    buf_init(b);
    return p;
}
void buf_release(buf_t *b)
{
    free(b->data);
    buf_init(b);
}

struct arena_block {
    arena_block *next;
    size_t used, cap;
    max_align_t data[];
};
void arena_init(arena_t *a) { a->head = NULL; }
/* Returns n bytes (16-aligned) from the newest block, or from a new block of at
 * least 16 KiB. Under ASan only the n bytes asked for are addressable. */
void *arena_alloc(arena_t *a, size_t n)
{
    size_t want = n;
    n = ((n + 15) & ~(size_t)15) + ARENA_REDZONE;
    arena_block *b = a->head;
    if (!b || b->used + n > b->cap) {
        size_t cap = n > 16384 ? n : 16384;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap, b->used = 0, b->next = a->head;
        ASAN_POISON_MEMORY_REGION(b->data, cap);
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    ASAN_UNPOISON_MEMORY_REGION(p, want);
    return p;
}
char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}
char *arena_strdup(arena_t *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }
void *arena_regrow(arena_t *a, const void *old, int n, int *cap, size_t size)
{
    *cap = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, size * (size_t)*cap);
    if (n) memcpy(p, old, size * (size_t)n);
    return p;
}
char *arena_printf(arena_t *a, const char *fmt, ...)
{
    char tmp[256]; /* most results fit: format once, then copy */
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
    va_end(ap2);
    char *p = arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
    if (n < 0) p[0] = 0;
    else if ((size_t)n < sizeof tmp) memcpy(p, tmp, (size_t)n + 1);
    else vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
void arena_release(arena_t *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        ASAN_UNPOISON_MEMORY_REGION(b->data, b->cap);
        free(b);
        b = n;
    }
    a->head = NULL;
}

int err_set(err_t *e, int status, const char *code, const char *fmt, ...)
{
    if (!e) return -1;
    e->status = status;
    snprintf(e->code, sizeof e->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    utf8_sanitize(e->msg);
    return -1;
}
int err_set_prefix(err_t *e, int status, const char *code, const char *prefix, const char *fmt, ...)
{
    if (!e) return -1;
    e->status = status;
    snprintf(e->code, sizeof e->code, "%s", code);
    int k = prefix ? snprintf(e->msg, sizeof e->msg, "%s: ", prefix) : 0;
    if (k < 0 || (size_t)k >= sizeof e->msg) k = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg + k, sizeof e->msg - (size_t)k, fmt, ap);
    va_end(ap);
    utf8_sanitize(e->msg);
    return -1;
}
void err_clear(err_t *e)
{
    if (!e) return;
    e->status = 0, e->code[0] = 0, e->msg[0] = 0;
}

bool str_eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
bool str_startswith(const char *s, const char *p) { return s && strncmp(s, p, strlen(p)) == 0; }
int str_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}
const char *str_at(const char *const *names, int n, int i) { return i >= 0 && i < n ? names[i] : "?"; }
bool parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s) return false;
    *out = v;
    return true;
}
bool utf8_valid_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {
            if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
            p++;
            continue;
        }
        int len;
        unsigned cp;
        if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f;
        else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f;
        else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07;
        else return false;
        if (e - p < len) return false;
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += len;
    }
    return true;
}
void hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) out[2 * i] = d[in[i] >> 4], out[2 * i + 1] = d[in[i] & 15];
    out[2 * n] = 0;
}
/* The one clock of the program. A binary built with -DBEKAL_TEST_CLOCK (the sanitizer
 * build the tests run) reads BEKAL_NOW ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS", UTC; a
 * bare date means 05:00 UTC, midday in WIB, WITA and WIT alike) once, and from then on
 * runs from that instant at the real pace. "...@EPOCH" anchors the instant to the real
 * Unix time EPOCH instead of to the first reading (the test harness writes it, so that
 * a server's clock and the tests' agree to the second however late it first reads the
 * clock). The normal build has no such variable. */
#ifdef BEKAL_TEST_CLOCK
#include <pthread.h>
static time_t clock_offset;
static pthread_once_t clock_once = PTHREAD_ONCE_INIT;
static void clock_init(void)
{
    const char *s = getenv("BEKAL_NOW");
    if (!s || !*s) return;
    struct tm tm = {0};
    int y, mo, d, h = 5, mi = 0, se = 0;
    const char *at = strchr(s, '@');
    size_t n = at ? (size_t)(at - s) : strlen(s);
    char *end = NULL;
    long long anchor = at ? strtoll(at + 1, &end, 10) : 0;
    if ((n != 10 && n != 19 && n != 20) || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3 ||
        (n >= 19 && sscanf(s + 10, "T%2d:%2d:%2d", &h, &mi, &se) != 3) || (at && (end == at + 1 || *end))) {
        fprintf(stderr, "BEKAL_NOW: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[@EPOCH], got %s\n", s);
        abort();
    }
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se;
    clock_offset = timegm(&tm) - (at ? (time_t)anchor : time(NULL));
}
time_t clock_now(void)
{
    pthread_once(&clock_once, clock_init);
    return time(NULL) + clock_offset;
}
#else
time_t clock_now(void)
{
    return time(NULL);
}
#endif

void now_iso(char out[32])
{
    time_t t = clock_now();
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
void today_iso(char out[11])
{
    time_t t = clock_now();
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Replaces every byte that does not start a valid UTF-8 sequence (or a control
 * character other than \t \n \r) with '?', in place, so messages that quote or
 * cut client text are always valid text. */
void utf8_sanitize(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
            if (len == 0 || i + len > n || !utf8_valid_text(s + i, len)) len = 0;
        } else if (!utf8_valid_text(s + i, 1))
            len = 0;
        if (len == 0) {
            s[i++] = '?';
            continue;
        }
        i += len;
    }
}
