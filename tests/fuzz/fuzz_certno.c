/* fuzz_certno.c — libFuzzer harness for certificate number formats (certno.h).
 * Input: lines "FORMAT\nSEQ_PER\nSITE\nTRADE\nSEQ\nPROGRAM\nISSUED" (missing
 * lines are empty; SEQ_PER, SEQ and PROGRAM are read as numbers, ISSUED with
 * date_parse). The format goes through certno_validate, certno_tokens and
 * certno_render with fixed good values and with the input's values;
 * certno_seq_key gets the input's partitions.
 *
 * Invariants: an error is a 400 with a code and a UTF-8 message; a valid format
 * shows {seq} and renders with good values into at most CERTNO_MAX - 1 bytes of
 * letters, digits and / - . _; two sequence values give two numbers (the number
 * is unique); certno_tokens agrees with what validate accepted; a rendered number
 * with the input's values holds only the allowed characters; the counter key is
 * NUL-terminated within its buffer. */
#include "fuzz.h"
#include "core/certno.h"

static void check_err(const err_t *e)
{
    FUZZ_CHECK(e->status == 400 && e->code[0] && e->msg[0], "bad error %d %s", e->status, e->code);
    FUZZ_CHECK(fuzz_utf8(e->msg), "error message not UTF-8: %s", e->msg);
}

static void check_number(const char *num)
{
    size_t n = strlen(num);
    FUZZ_CHECK(n > 0 && n < CERTNO_MAX, "number length %zu", n);
    for (size_t i = 0; i < n; i++) {
        char c = num[i];
        FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("/-._", c),
                   "character 0x%02x in number \"%s\"", (unsigned char)c, num);
    }
}

static char *line(char **p)
{
    char *s = *p, *nl = strchr(s, '\n');
    if (nl) *nl = 0, *p = nl + 1;
    else *p = s + strlen(s);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024) return 0;
    char *buf = fuzz_cstr(data, size), *p = buf;
    char *fmt = line(&p), *per_s = line(&p), *site = line(&p), *trade = line(&p), *seq_s = line(&p),
         *prog_s = line(&p), *date_s = line(&p);
    unsigned per = (unsigned)strtoul(per_s, NULL, 10);
    err_t e;
    err_clear(&e);
    int ok = certno_validate(fmt, per, &e);
    if (ok < 0) check_err(&e);
    unsigned toks = certno_tokens(fmt);
    if (ok == 0) {
        FUZZ_CHECK(toks & 1u << CERT_TOK_SEQ, "valid format without {seq}");
        certno_values_t good = {7, DATE_NONE, "KTP", "LAS", 12};
        FUZZ_CHECK(date_parse("2025-03-09", &good.issued), "date");
        char a[CERTNO_MAX], b[CERTNO_MAX];
        err_clear(&e);
        if (certno_render(fmt, &good, a, &e) == 0) {
            check_number(a);
            good.seq = 8;
            FUZZ_CHECK(certno_render(fmt, &good, b, &e) == 0, "seq 8 refused where 7 was not");
            check_number(b);
            FUZZ_CHECK(strcmp(a, b) != 0, "seq 7 and 8 give the same number %s", a);
        } else {
            check_err(&e); /* only a number too long */
            FUZZ_CHECK(!strcmp(e.code, "invalid_certno_value"), "valid format refused: %s", e.msg);
        }
    } else if (per == 0) {
        FUZZ_CHECK(toks == 0 || !(toks & 1u << CERT_TOK_SEQ), "format refused though it scans and shows {seq}");
    }
    /* the input's own values */
    certno_values_t v = {strtol(seq_s, NULL, 10), DATE_NONE, site, trade, strtol(prog_s, NULL, 10)};
    if (!date_parse(date_s, &v.issued)) v.issued = DATE_NONE;
    char num[CERTNO_MAX];
    err_clear(&e);
    if (certno_render(fmt, &v, num, &e) == 0) check_number(num);
    else check_err(&e);
    char key[48];
    memset(key, 'x', sizeof key);
    certno_seq_key(per, &v, key, sizeof key);
    FUZZ_CHECK(memchr(key, 0, sizeof key) != NULL, "counter key not terminated");
    free(buf);
    return 0;
}
