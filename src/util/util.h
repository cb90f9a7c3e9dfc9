/* util.h — the one allocation policy, the growable buffer, the per-request arena
 * and the one error type shared by every layer.
 *
 * Allocation policy: x*alloc() abort the process on out-of-memory; nothing else
 * in Bekal checks for NULL from an allocator. */
#ifndef BEKAL_UTIL_H
#define BEKAL_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <stdarg.h>
#include <stdbool.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable byte buffer; always NUL-terminated. Owner calls buf_release(). */
typedef struct {
    char *data;
    size_t len, cap;
} buf_t;
void buf_init(buf_t *b);
void buf_reserve(buf_t *b, size_t extra);
void buf_append(buf_t *b, const void *p, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
/* The decimal digits of v (with '-' when negative), without printf. */
void buf_put_i64(buf_t *b, int64_t v);
void buf_printf(buf_t *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vprintf(buf_t *b, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/* s (NULL: nothing) escaped for HTML and XML text and attribute values (& < > " '). */
void buf_put_html(buf_t *b, const char *s);
void buf_reset(buf_t *b);
/* Hands the data to the caller (caller frees) and leaves b empty. */
char *buf_steal(buf_t *b);
void buf_release(buf_t *b);

/* Arena: many small allocations freed at once (one per request). */
typedef struct arena_block arena_block;
typedef struct {
    arena_block *head;
} arena_t;
void arena_init(arena_t *a);
void *arena_alloc(arena_t *a, size_t n);
char *arena_strdup(arena_t *a, const char *s);
/* An array in the arena that grows as rows come: a copy of old[0..n) with room for
 * twice *cap elements (16 at first); *cap is updated. Use through ARENA_PUSH. */
void *arena_regrow(arena_t *a, const void *old, int n, int *cap, size_t size);
/* The next element of the arena array arr (n elements, room for cap; both ints, updated),
 * zeroed: `row_t *r = ARENA_PUSH(a, rows, n, cap);`. */
#define ARENA_PUSH(a, arr, n, cap)                                                                    \
    ((n) == (cap) ? (void)((arr) = arena_regrow((a), (arr), (n), &(cap), sizeof *(arr))) : (void)0,   \
     memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_printf(arena_t *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
void arena_release(arena_t *a);

/* The one error type. status is the HTTP status it maps to (400..599),
 * code a stable machine code ("not_found"), msg a message in Indonesian. */
typedef struct {
    int status;
    char code[48];
    char msg[400];
} err_t;
/* Sets e (when not NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(err_t *e, int status, const char *code, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* The same with the message "PREFIX: formatted" (prefix NULL: the formatted text only). */
int err_set_prefix(err_t *e, int status, const char *code, const char *prefix, const char *fmt, ...) PRINTF_LIKE(5, 6);
void err_clear(err_t *e);

/* Small string helpers. */
bool str_eq(const char *a, const char *b);
bool str_startswith(const char *s, const char *prefix);
/* The index of s among names[0..n) (the codes of an enum), -1 when it is none of them or NULL. */
int str_index(const char *const *names, int n, const char *s);
/* names[i], or "?" when i is not in [0, n). */
const char *str_at(const char *const *names, int n, int i);
/* Parses a whole decimal integer; false on junk, overflow or empty input. */
bool parse_i64(const char *s, int64_t *out);
/* True when s is valid UTF-8 without NUL or C0 controls other than \t \n \r. */
bool utf8_valid_text(const char *s, size_t n);
/* Replaces invalid UTF-8 bytes (e.g. a character cut by %.40s) with '?' in place. */
void utf8_sanitize(char *s);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);

/* Now, from the program's one clock: time(NULL), or in a test build the instant that
 * BEKAL_NOW sets (util.c). Every "now" and "today" of Bekal comes from here. */
time_t clock_now(void);
/* Current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC) and today's date "YYYY-MM-DD" (local). */
void now_iso(char out[32]);
void today_iso(char out[11]);

/* _() and N_(): translations (i18n.h). */
#include "i18n.h"

#endif
