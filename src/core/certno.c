/* certno.c — certificate number formats: validation, rendering, sequence
 * partitions; BNSP expiry (format rules in certno.h). */
#include "certno.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const tok_names[CERT_TOK__COUNT] = {"seq", "program", "year", "month", "roman_month", "site",
                                                       "trade"};
static const char *const per_names[CERT_PER__COUNT] = {"site", "year", "month", "trade", "program"};

const char *certno_per_name(certno_per_t p) { return str_at(per_names, CERT_PER__COUNT, (int)p); }

int certno_per_parse(const char *s) { return str_index(per_names, CERT_PER__COUNT, s); }

const char *certno_roman_month(int m)
{
    static const char *const r[12] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    return m >= 1 && m <= 12 ? r[m - 1] : "?";
}

static bool is_literal(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
           c == '.' || c == '_';
}

#define fbad(e, ...) err_set_prefix(e, 400, "invalid_certno_format", "Format nomor sertifikat tidak sah", __VA_ARGS__)

/* One piece of a format: a literal run [p, p+len) or a token with its width. */
typedef struct {
    bool token;
    const char *p;
    size_t len;
    certno_token_t tok;
    int width; /* 0: none */
} piece_t;

/* Reads the piece at fmt + *pos; advances *pos. 0 or -1 (e set). */
static int next_piece(const char *fmt, size_t *pos, piece_t *pc, err_t *e)
{
    const char *s = fmt + *pos;
    memset(pc, 0, sizeof *pc);
    if (*s == '}') return fbad(e, "kurung tutup \"}\" pada posisi %zu tanpa kurung buka", *pos + 1);
    if (*s != '{') {
        size_t n = 0;
        while (s[n] && s[n] != '{' && s[n] != '}') {
            if (!is_literal(s[n])) {
                unsigned char c = (unsigned char)s[n];
                if (c >= 0x21 && c < 0x7f)
                    return fbad(e, "karakter \"%c\" pada posisi %zu tidak boleh dipakai (hanya huruf, angka, / - . _)",
                                c, *pos + n + 1);
                return fbad(e, "karakter pada posisi %zu tidak boleh dipakai (hanya huruf, angka, / - . _; tanpa spasi)",
                            *pos + n + 1);
            }
            n++;
        }
        pc->p = s, pc->len = n;
        *pos += n;
        return 0;
    }
    const char *close = strchr(s, '}');
    const char *open2 = strchr(s + 1, '{');
    if (!close || (open2 && open2 < close))
        return fbad(e, "kurung buka \"{\" pada posisi %zu tidak ditutup", *pos + 1);
    size_t inner = (size_t)(close - s - 1);
    const char *colon = memchr(s + 1, ':', inner);
    size_t name_len = colon ? (size_t)(colon - s - 1) : inner;
    int tok = -1;
    for (int i = 0; i < CERT_TOK__COUNT; i++)
        if (strlen(tok_names[i]) == name_len && !memcmp(s + 1, tok_names[i], name_len)) tok = i;
    if (tok < 0)
        return fbad(e, "token {%.*s} pada posisi %zu tidak dikenal (yang ada: seq, program, year, month, roman_month, "
                    "site, trade)", (int)(inner > 30 ? 30 : inner), s + 1, *pos + 1);
    pc->token = true, pc->tok = (certno_token_t)tok;
    if (colon) {
        if (tok != CERT_TOK_SEQ && tok != CERT_TOK_PROGRAM)
            return fbad(e, "token {%s} pada posisi %zu tidak boleh diberi lebar (hanya {seq:N} dan {program:N})",
                        tok_names[tok], *pos + 1);
        const char *w = colon + 1;
        size_t wl = (size_t)(close - w);
        int width = 0;
        bool ok = wl >= 1 && wl <= 2;
        for (size_t i = 0; ok && i < wl; i++) {
            ok = w[i] >= '0' && w[i] <= '9';
            width = width * 10 + (w[i] - '0');
        }
        if (!ok || width < 1 || width > 9)
            return fbad(e, "lebar pada {%s:...} posisi %zu harus angka 1 sampai 9, mis. {%s:04}", tok_names[tok],
                        *pos + 1, tok_names[tok]);
        pc->width = width;
    }
    *pos += inner + 2;
    return 0;
}

/* Walks fmt; sets *tokens. 0 or -1. */
static int scan(const char *fmt, unsigned *tokens, err_t *e)
{
    *tokens = 0;
    if (!fmt || !*fmt) return fbad(e, "format kosong");
    size_t n = strlen(fmt);
    if (n > CERTNO_FORMAT_MAX) return fbad(e, "format %zu karakter, paling panjang %d", n, CERTNO_FORMAT_MAX);
    size_t pos = 0;
    piece_t pc;
    while (pos < n) {
        if (next_piece(fmt, &pos, &pc, e) < 0) return -1;
        if (pc.token) *tokens |= 1u << pc.tok;
    }
    return 0;
}

unsigned certno_tokens(const char *fmt)
{
    unsigned t;
    return scan(fmt, &t, NULL) < 0 ? 0 : t;
}

int certno_validate(const char *fmt, unsigned seq_per, err_t *e)
{
    unsigned t;
    if (scan(fmt, &t, e) < 0) return -1;
    if (!(t & 1u << CERT_TOK_SEQ)) return fbad(e, "harus memuat {seq} (nomor urut) agar setiap nomor unik");
    static const struct {
        certno_per_t per;
        unsigned need;
        const char *tokens;
    } req[] = {
        {CERT_PER_SITE, 1u << CERT_TOK_SITE, "{site}"},
        {CERT_PER_YEAR, 1u << CERT_TOK_YEAR, "{year}"},
        {CERT_PER_MONTH, 1u << CERT_TOK_YEAR, "{year}"},
        {CERT_PER_TRADE, 1u << CERT_TOK_TRADE, "{trade}"},
        {CERT_PER_PROGRAM, 1u << CERT_TOK_PROGRAM, "{program}"},
    };
    for (size_t i = 0; i < ARRAY_LEN(req); i++)
        if ((seq_per & 1u << req[i].per) && !(t & req[i].need))
            return fbad(e, "nomor urut diulang per %s (seq_per) tetapi format tidak memuat %s, sehingga nomor dapat "
                        "kembar", per_names[req[i].per], req[i].tokens);
    if ((seq_per & 1u << CERT_PER_MONTH) && !(t & (1u << CERT_TOK_MONTH | 1u << CERT_TOK_ROMAN_MONTH)))
        return fbad(e, "nomor urut diulang per month (seq_per) tetapi format tidak memuat {month} atau {roman_month}, "
                    "sehingga nomor dapat kembar");
    if (seq_per >> CERT_PER__COUNT) return fbad(e, "seq_per berisi bagian yang tidak dikenal");
    return 0;
}

static int check_code(const char *what, const char *s, err_t *e)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0) return err_set(e, 400, "invalid_certno_value", "Kode %s untuk nomor sertifikat belum diisi", what);
    if (n > CERTNO_CODE_MAX)
        return err_set(e, 400, "invalid_certno_value", "Kode %s untuk nomor sertifikat paling panjang %d karakter", what,
                       CERTNO_CODE_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return err_set(e, 400, "invalid_certno_value",
                           "Kode %s untuk nomor sertifikat hanya boleh huruf, angka dan -", what);
    }
    return 0;
}

int certno_render(const char *fmt, const certno_values_t *v, char out[CERTNO_MAX], err_t *e)
{
    out[0] = 0;
    unsigned t;
    if (scan(fmt, &t, e) < 0) return -1;
    if (v->seq < 1) return err_set(e, 400, "invalid_certno_value", "Nomor urut sertifikat harus 1 atau lebih");
    if ((t & 1u << CERT_TOK_PROGRAM) && v->program < 0)
        return err_set(e, 400, "invalid_certno_value", "Id program untuk nomor sertifikat tidak sah");
    if ((t & (1u << CERT_TOK_YEAR | 1u << CERT_TOK_MONTH | 1u << CERT_TOK_ROMAN_MONTH)) && v->issued == DATE_NONE)
        return err_set(e, 400, "invalid_certno_value", "Tanggal terbit sertifikat belum diisi");
    if ((t & 1u << CERT_TOK_SITE) && check_code("lapas (site)", v->site, e) < 0) return -1;
    if ((t & 1u << CERT_TOK_TRADE) && check_code("kejuruan (trade)", v->trade, e) < 0) return -1;
    int y = 0, m = 0, d = 0;
    if (v->issued != DATE_NONE) date_to_ymd(v->issued, &y, &m, &d);
    size_t pos = 0, len = 0, n = strlen(fmt);
    piece_t pc;
    while (pos < n) {
        next_piece(fmt, &pos, &pc, NULL);
        char tmp[64];
        const char *s = tmp;
        size_t sl;
        if (!pc.token) {
            s = pc.p, sl = pc.len;
        } else {
            switch (pc.tok) {
            case CERT_TOK_SEQ: snprintf(tmp, sizeof tmp, "%0*ld", pc.width, v->seq); break;
            case CERT_TOK_PROGRAM: snprintf(tmp, sizeof tmp, "%0*ld", pc.width, v->program); break;
            case CERT_TOK_YEAR: snprintf(tmp, sizeof tmp, "%04d", y); break;
            case CERT_TOK_MONTH: snprintf(tmp, sizeof tmp, "%02d", m); break;
            case CERT_TOK_ROMAN_MONTH: snprintf(tmp, sizeof tmp, "%s", certno_roman_month(m)); break;
            case CERT_TOK_SITE: s = v->site; break;
            case CERT_TOK_TRADE: s = v->trade; break;
            default: tmp[0] = 0;
            }
            sl = strlen(s);
        }
        if (len + sl >= CERTNO_MAX)
            return err_set(e, 400, "invalid_certno_value", "Nomor sertifikat lebih panjang dari %d karakter",
                           CERTNO_MAX - 1);
        memcpy(out + len, s, sl);
        len += sl;
        out[len] = 0;
    }
    return 0;
}

void certno_seq_key(unsigned seq_per, const certno_values_t *v, char *out, size_t n)
{
    int y = 0, m = 0, d = 0;
    if (v->issued != DATE_NONE) date_to_ymd(v->issued, &y, &m, &d);
    size_t len = 0;
    out[0] = 0;
    for (int p = 0; p < CERT_PER__COUNT && len < n; p++) {
        if (!(seq_per & 1u << p)) continue;
        const char *sep = len ? ";" : "";
        int w = 0;
        switch ((certno_per_t)p) {
        case CERT_PER_SITE: w = snprintf(out + len, n - len, "%ssite=%s", sep, v->site ? v->site : ""); break;
        case CERT_PER_YEAR: w = snprintf(out + len, n - len, "%syear=%04d", sep, y); break;
        case CERT_PER_MONTH: w = snprintf(out + len, n - len, "%smonth=%04d-%02d", sep, y, m); break;
        case CERT_PER_TRADE: w = snprintf(out + len, n - len, "%strade=%s", sep, v->trade ? v->trade : ""); break;
        case CERT_PER_PROGRAM: w = snprintf(out + len, n - len, "%sprogram=%ld", sep, v->program); break;
        default: break;
        }
        if (w < 0) break;
        len += (size_t)w;
    }
}

date_t bnsp_expiry(date_t issued, int years)
{
    return issued == DATE_NONE ? DATE_NONE : date_add_months(issued, 12 * years);
}

bool bnsp_valid_on(date_t issued, date_t expiry, date_t d)
{
    return issued != DATE_NONE && expiry != DATE_NONE && d >= issued && d <= expiry;
}
