/* fuzz_text.c — libFuzzer harness for the text guard on headers and cookies.
 *
 * Bekal has no cookie or header parser of its own: libmicrohttpd splits headers
 * and cookies, the session cookie and the Bearer token are only compared with
 * stored values through bound SQL parameters. What guards every query value,
 * form value and JSON body is utf8_valid_text() (util/util.h), so that is fuzzed
 * here, against an independent validator written from Unicode's table of
 * well-formed byte sequences (Table 3-7), plus the HTML text writer the values end
 * up in (h_esc and h() "%s": no markup characters survive, unescaping gives the
 * text back) and fmt_date_id, which formats stored dates for pages. */
#include "fuzz.h"
#include "web/web.h"

static bool ref_valid_text(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c == 0 || c == 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) return false;
        size_t l = fuzz_utf8_seq(p + i, n - i);
        if (!l) return false;
        i += l;
    }
    return true;
}

/* Undoes h_esc; false on an entity h_esc would not write. */
static bool unescape(const char *s, buf_t *out)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    while (*s) {
        if (*s != '&') {
            buf_putc(out, *s++);
            continue;
        }
        size_t k = 0;
        while (k < ARRAY_LEN(ents) && strncmp(s, ents[k].ent, strlen(ents[k].ent))) k++;
        if (k == ARRAY_LEN(ents)) return false;
        buf_putc(out, ents[k].c);
        s += strlen(ents[k].ent);
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024) return 0;
    /* Exact-size copy: utf8_valid_text must not read past n. */
    char *raw = xmalloc(size ? size : 1);
    if (size) memcpy(raw, data, size);
    bool got = utf8_valid_text(raw, size), want = ref_valid_text(data, size);
    FUZZ_CHECK(got == want, "utf8_valid_text says %d, the reference %d (%zu bytes)", got, want, size);
    /* Every prefix of valid text that ends on a sequence boundary is valid too. */
    if (got && size) {
        size_t cut = size;
        do cut--;
        while (cut && (data[cut] & 0xc0) == 0x80);
        FUZZ_CHECK(utf8_valid_text(raw, cut), "prefix of %zu bytes of valid text rejected", cut);
    }
    free(raw);

    char *s = fuzz_cstr(data, size);
    buf_t b, u, b2;
    buf_init(&b), buf_init(&u), buf_init(&b2);
    h_esc(&b, s);
    FUZZ_CHECK(!strpbrk(BUF_S(b), "<>\"'"), "markup character left by h_esc: %s", BUF_S(b));
    FUZZ_CHECK(unescape(BUF_S(b), &u) && !strcmp(BUF_S(u), s), "h_esc output does not unescape to the input");
    h(&b2, "%s", s);
    FUZZ_CHECK(!strcmp(BUF_S(b), BUF_S(b2)), "h(\"%%s\") differs from h_esc");
    h_esc(&b2, NULL);

    arena_t a;
    arena_init(&a);
    const char *d = fmt_date_id(&a, s);
    FUZZ_CHECK(d != NULL, "fmt_date_id returned NULL");
    date_t dn;
    if (date_parse(s, &dn) && s[4] == '-') {
        char want_long[DATE_LONG_LEN];
        date_format_long(dn, want_long);
        FUZZ_CHECK(!strcmp(d, want_long), "fmt_date_id(%s) = %s, date_format_long %s", s, d, want_long);
    }
    arena_release(&a);
    buf_release(&b), buf_release(&u), buf_release(&b2);
    free(s);
    return 0;
}
