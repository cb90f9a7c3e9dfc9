/* parse.c — URL, form and multipart decoding (pure; every input is untrusted). */
#include "web.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

void kv_add(arena_t *a, kvlist_t *l, const char *k, const char *v)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        kv_t *n = arena_alloc(a, sizeof(kv_t) * (size_t)cap);
        if (l->n) memcpy(n, l->kv, sizeof(kv_t) * (size_t)l->n);
        l->kv = n, l->cap = cap;
    }
    l->kv[l->n].k = k, l->kv[l->n].v = v;
    l->n++;
}
const char *kv_get(const kvlist_t *l, const char *k)
{
    for (int i = 0; i < l->n; i++)
        if (str_eq(l->kv[i].k, k)) return l->kv[i].v;
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
bool url_decode(arena_t *a, const char *s, size_t n, char **out)
{
    char *o = arena_alloc(a, n + 1), *p = o;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') *p++ = ' ';
        else if (s[i] == '%') {
            if (i + 2 >= n) return false;
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) return false;
            char c = (char)(hi * 16 + lo);
            if (c == 0) return false;
            *p++ = c;
            i += 2;
        } else
            *p++ = s[i];
    }
    *p = 0;
    *out = o;
    return true;
}

int form_parse(arena_t *a, const char *body, size_t len, kvlist_t *out)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && body[j] != '&') j++;
        if (j > i) {
            const char *eq = memchr(body + i, '=', j - i);
            size_t kl = eq ? (size_t)(eq - (body + i)) : j - i;
            char *k, *v;
            if (!url_decode(a, body + i, kl, &k)) return -1;
            if (eq) {
                if (!url_decode(a, eq + 1, (size_t)(body + j - eq - 1), &v)) return -1;
            } else
                v = arena_strdup(a, "");
            kv_add(a, out, k, v);
        }
        i = j + 1;
    }
    return 0;
}

static const char *memmem_s(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0 || hl < nl) return NULL;
    for (size_t i = 0; i + nl <= hl; i++)
        if (h[i] == n[0] && memcmp(h + i, n, nl) == 0) return h + i;
    return NULL;
}

/* Extracts name="..." (or filename="...") from a Content-Disposition header value. */
static const char *disp_param(arena_t *a, const char *line, size_t n, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= n; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') && strncasecmp(line + i, key, kl) == 0 &&
            line[i + kl] == '=' && line[i + kl + 1] == '"') {
            const char *s = line + i + kl + 2;
            const char *e = memchr(s, '"', (size_t)(line + n - s));
            if (!e) return NULL;
            return arena_strndup(a, s, (size_t)(e - s));
        }
    }
    return NULL;
}

int multipart_parse(arena_t *a, const char *ctype, const char *body, size_t len, kvlist_t *fields,
                    const char **file_name, const char **file_data, size_t *file_len)
{
    web_file_t *files = NULL;
    int n = 0;
    int rc = multipart_parse_all(a, ctype, body, len, fields, &files, &n);
    if (rc == 0 && n > 0) *file_name = files[0].name, *file_data = files[0].data, *file_len = files[0].len;
    return rc;
}

int multipart_parse_all(arena_t *a, const char *ctype, const char *body, size_t len, kvlist_t *fields,
                        web_file_t **files, int *nfiles)
{
    int cap = 0;
    const char *b = ctype ? strstr(ctype, "boundary=") : NULL;
    if (!b) return -1;
    b += 9;
    size_t bl = strcspn(b, "; ");
    if (*b == '"') {
        b++;
        bl = strcspn(b, "\"");
    }
    if (bl == 0 || bl > 200) return -1;
    char *delim = arena_printf(a, "--%.*s", (int)bl, b);
    size_t dl = strlen(delim);
    const char *p = memmem_s(body, len, delim, dl);
    if (!p) return -1;
    const char *end = body + len;
    for (;;) {
        p += dl;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return -1;
        p += 2;
        const char *hend = memmem_s(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return -1;
        const char *name = NULL, *fname = NULL;
        for (const char *l = p; l < hend;) {
            const char *le = memmem_s(l, (size_t)(hend + 2 - l), "\r\n", 2);
            if (!le) le = hend;
            if ((size_t)(le - l) > 20 && strncasecmp(l, "content-disposition:", 20) == 0) {
                name = disp_param(a, l, (size_t)(le - l), "name");
                fname = disp_param(a, l, (size_t)(le - l), "filename");
            }
            l = le + 2;
        }
        const char *data = hend + 4;
        char *nd = arena_printf(a, "\r\n%s", delim);
        const char *next = memmem_s(data, (size_t)(end - data), nd, dl + 2);
        if (!next) return -1;
        size_t n = (size_t)(next - data);
        if (name) {
            if (fname) {
                if (*nfiles == cap) {
                    int nc = cap ? cap * 2 : 4;
                    web_file_t *nf = arena_alloc(a, sizeof *nf * (size_t)nc);
                    if (*nfiles) memcpy(nf, *files, sizeof *nf * (size_t)*nfiles);
                    *files = nf, cap = nc;
                }
                (*files)[(*nfiles)++] = (web_file_t){name, fname, arena_strndup(a, data, n), n};
            } else {
                /* a field's value is text: a NUL byte in it would end it early (what
                 * was checked would not be what was sent), so the form is malformed */
                if (memchr(data, 0, n)) return -1;
                kv_add(a, fields, name, arena_strndup(a, data, n));
            }
        }
        p = next + 2;
    }
}
