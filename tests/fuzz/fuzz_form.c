/* fuzz_form.c — libFuzzer harness for URL, query and form decoding (web/parse.c):
 * url_decode and form_parse over the whole input; multipart_parse with the first
 * line as the Content-Type header and the rest as the body.
 *
 * Invariants: decoding never yields NUL from %00; what url_decode gives back is
 * re-encoded with the real URL writer (h() "%u", web/html.c) and decodes to the
 * same text; a parsed form re-encoded as k=v&... parses to the same pairs; a parsed
 * multipart body rebuilt with a fresh boundary parses to the same fields and file;
 * every value is a copy of bytes of the body. All buffers are exact-size heap
 * copies so ASan sees reads past the end. */
#include "fuzz.h"
#include "web/web.h"

static char *copy(const char *p, size_t n)
{
    char *s = xmalloc(n ? n : 1);
    if (n) memcpy(s, p, n);
    return s;
}

static void check_url_decode(arena_t *a, const char *in, size_t n)
{
    char *out = NULL;
    if (!url_decode(a, in, n, &out)) {
        FUZZ_CHECK(memchr(in, '%', n), "url_decode failed without a %% escape");
        return;
    }
    FUZZ_CHECK(out && strlen(out) <= n, "decoded longer than the input");
    if (!memchr(in, '%', n) && !memchr(in, '+', n) && !memchr(in, 0, n))
        FUZZ_CHECK(strlen(out) == n && !memcmp(out, in, n), "plain text changed by decoding");
    buf_t b;
    buf_init(&b);
    h(&b, "%u", out);
    char *e = copy(b.data, b.len), *back = NULL;
    FUZZ_CHECK(url_decode(a, e, b.len, &back) && !strcmp(back, out), "\"%s\" -> \"%s\" does not decode back",
               out, BUF_S(b));
    free(e);
    buf_release(&b);
}

static void check_form(arena_t *a, const char *in, size_t n)
{
    kvlist_t kv = {0};
    if (form_parse(a, in, n, &kv) < 0) {
        FUZZ_CHECK(memchr(in, '%', n), "form_parse failed without a %% escape");
        return;
    }
    size_t pieces = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && in[j] != '&') j++;
        pieces += j > i;
        i = j + 1;
    }
    FUZZ_CHECK((size_t)kv.n == pieces, "%d pairs from %zu pieces", kv.n, pieces);
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < kv.n; i++) {
        FUZZ_CHECK(kv.kv[i].k && kv.kv[i].v, "pair %d without key or value", i);
        h(&b, i ? "&%u=%u" : "%u=%u", kv.kv[i].k, kv.kv[i].v);
    }
    char *e = copy(b.data, b.len);
    kvlist_t back = {0};
    FUZZ_CHECK(form_parse(a, e, b.len, &back) == 0 && back.n == kv.n, "re-encoded form %s does not parse back",
               BUF_S(b));
    for (int i = 0; i < kv.n; i++)
        FUZZ_CHECK(!strcmp(back.kv[i].k, kv.kv[i].k) && !strcmp(back.kv[i].v, kv.kv[i].v),
                   "pair %d changed: %s=%s -> %s=%s", i, kv.kv[i].k, kv.kv[i].v, back.kv[i].k, back.kv[i].v);
    if (kv.n) FUZZ_CHECK(kv_get(&kv, kv.kv[0].k) == kv.kv[0].v, "kv_get does not find the first pair");
    free(e);
    buf_release(&b);
}

#define BOUNDARY "fuzzB0undary"

static void check_multipart(arena_t *a, const char *ctype, const char *body, size_t n, const char *whole,
                            size_t wn)
{
    kvlist_t f = {0};
    const char *fname = NULL, *fdata = NULL;
    size_t flen = 0;
    if (multipart_parse(a, ctype, body, n, &f, &fname, &fdata, &flen) < 0) return;
    FUZZ_CHECK(!fdata == !fname, "file data without a name or the reverse");
    if (fdata) {
        FUZZ_CHECK(flen <= n && fdata[flen] == 0, "file of %zu bytes in a body of %zu", flen, n);
        FUZZ_CHECK(!flen || fuzz_find(body, n, fdata, flen), "file data is not a part of the body");
    }
    for (int i = 0; i < f.n; i++) {
        FUZZ_CHECK(f.kv[i].k && f.kv[i].v, "field %d without name or value", i);
        FUZZ_CHECK(!strchr(f.kv[i].k, '"'), "field name with a quote");
        FUZZ_CHECK(!*f.kv[i].v || fuzz_find(body, n, f.kv[i].v, strlen(f.kv[i].v)), "value not from the body");
    }
    if (fuzz_find(whole, wn, BOUNDARY, strlen(BOUNDARY))) return; /* the rebuilt body would be ambiguous */
    /* Rebuild with our own boundary and parse again. */
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < f.n; i++) {
        buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", f.kv[i].k);
        buf_puts(&b, f.kv[i].v);
        buf_puts(&b, "\r\n");
    }
    if (fdata) {
        buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                   "Content-Type: text/csv\r\n\r\n", fname);
        buf_append(&b, fdata, flen);
        buf_puts(&b, "\r\n");
    }
    buf_puts(&b, "--" BOUNDARY "--\r\n");
    char *e = copy(b.data, b.len);
    kvlist_t g = {0};
    const char *gname = NULL, *gdata = NULL;
    size_t glen = 0;
    int rc = multipart_parse(a, "multipart/form-data; boundary=" BOUNDARY, e, b.len, &g, &gname, &gdata, &glen);
    FUZZ_CHECK(rc == 0 && g.n == f.n, "rebuilt body: rc %d, %d fields instead of %d", rc, g.n, f.n);
    for (int i = 0; i < f.n; i++)
        FUZZ_CHECK(!strcmp(g.kv[i].k, f.kv[i].k) && !strcmp(g.kv[i].v, f.kv[i].v), "rebuilt field %d changed", i);
    FUZZ_CHECK(!gdata == !fdata, "rebuilt file lost or gained");
    if (fdata)
        FUZZ_CHECK(!strcmp(gname, fname) && glen == flen && !memcmp(gdata, fdata, flen), "rebuilt file changed");
    free(e);
    buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    arena_t a;
    arena_init(&a);
    char *whole = copy((const char *)data, size);
    check_url_decode(&a, whole, size);
    check_form(&a, whole, size);

    const char *nl = memchr(whole, '\n', size);
    size_t hl = nl ? (size_t)(nl - whole) : size;
    char *ctype = xstrndup(whole, hl);
    size_t bn = nl ? size - hl - 1 : 0;
    char *body = copy(nl ? nl + 1 : "", bn);
    check_multipart(&a, ctype, body, bn, whole, size);

    free(body);
    free(ctype);
    free(whole);
    arena_release(&a);
    return 0;
}
