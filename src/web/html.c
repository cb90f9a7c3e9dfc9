/* html.c — the escaping HTML writer, the page layout and Indonesian formatting. */
#include "web.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void h_esc(buf_t *b, const char *s)
{
    if (!s) return;
    for (;;) { /* unescaped bytes are copied in runs (strcspn is vectorised), not one by one */
        size_t n = strcspn(s, "&<>\"'");
        buf_append(b, s, n);
        s += n;
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: return; /* the end */
        }
        buf_puts(b, rep);
        s++;
    }
}
/* Decimal digits of v, without printf. */
static void put_i64(buf_t *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}
static void url_enc(buf_t *b, const char *s)
{
    static const char hx[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~')
            buf_putc(b, (char)c);
        else {
            buf_putc(b, '%');
            buf_putc(b, hx[c >> 4]);
            buf_putc(b, hx[c & 15]);
        }
    }
}
void h(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            const char *q = strchr(p, '%');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            buf_append(b, p, n);
            p += n - 1;
            continue;
        }
        switch (*++p) {
        case 's': h_esc(b, va_arg(ap, const char *)); break;
        case 'u': url_enc(b, va_arg(ap, const char *)); break;
        case 'd': put_i64(b, va_arg(ap, int)); break;
        case 'D': put_i64(b, va_arg(ap, int64_t)); break;
        case 'R': buf_puts(b, va_arg(ap, const char *)); break;
        case '%': buf_putc(b, '%'); break;
        default: abort(); /* programming error in a literal format */
        }
    }
    va_end(ap);
}

void h_csrf(req_t *r, buf_t *b) { h(b, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", r->user.csrf); }

static const char *const bulan[] = {N_("Januari"), N_("Februari"), N_("Maret"),     N_("April"),
                                    N_("Mei"),     N_("Juni"),     N_("Juli"),      N_("Agustus"),
                                    N_("September"), N_("Oktober"), N_("November"), N_("Desember")};
static bool dig(char c) { return c >= '0' && c <= '9'; }
const char *fmt_date_id(arena_t *a, const char *iso)
{
    /* "YYYY-MM-DD...": the text assembled here (a page of the list shows 50) */
    if (iso && dig(iso[0]) && dig(iso[1]) && dig(iso[2]) && dig(iso[3]) && iso[4] == '-' && dig(iso[5]) &&
        dig(iso[6]) && iso[7] == '-' && dig(iso[8]) && dig(iso[9])) {
        int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
        int m = (iso[5] - '0') * 10 + (iso[6] - '0'), d = (iso[8] - '0') * 10 + (iso[9] - '0');
        if (m < 1 || m > 12) return iso;
        const char *mon = _(bulan[m - 1]);
        size_t ml = strlen(mon);
        char *out = arena_alloc(a, ml + 12), *o = out;
        if (d >= 10) *o++ = (char)('0' + d / 10);
        *o++ = (char)('0' + d % 10);
        *o++ = ' ';
        memcpy(o, mon, ml);
        o += ml;
        *o++ = ' ';
        char yd[4];
        int n = 0;
        do yd[n++] = (char)('0' + y % 10);
        while (y /= 10);
        while (n) *o++ = yd[--n];
        *o = 0;
        return out;
    }
    if (!iso || strlen(iso) < 10) return iso ? iso : "";
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    if (m < 1 || m > 12) return iso;
    return arena_printf(a, "%d %s %d", d, _(bulan[m - 1]), y);
}
const char *fmt_rupiah(arena_t *a, int64_t v)
{
    char digits[32], out[48];
    bool neg = v < 0;
    snprintf(digits, sizeof digits, "%llu", neg ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = 0;
    return arena_printf(a, "%sRp %s", neg ? "-" : "", out);
}

/* The main menu. Each entry is shown to the roles the route table admits to GET it
 * (route_role_may), so the menu never offers a page that answers 403. */
static const struct {
    const char *href, *label;
} nav[] = {
    {"/", NC_("menu", "Beranda")},
    {"/wbp", NC_("menu", "Register WBP")},
    {"/eligibility", NC_("menu", "Penyaringan asimilasi")},
    {"/agreements", NC_("menu", "PKS")},
    {"/partners", NC_("menu", "Mitra")},
    {"/kejuruan", NC_("menu", "Kejuruan")},
    {"/programs", NC_("menu", "Program pelatihan")},
    {"/sales", NC_("menu", "Produksi dan penjualan")},
    {"/reports", NC_("menu", "Laporan")},
    {"/placement", NC_("menu", "Penempatan")},
    {"/usulan", NC_("menu", "Usulan asimilasi")},
    {"/caseloads", NC_("menu", "Penugasan wali")},
    {"/certificates", NC_("menu", "Sertifikat")},
    {"/audit", NC_("menu", "Log audit")},
    {"/access-log", NC_("menu", "Log akses")},
    {"/settings", NC_("menu", "Pengaturan")},
    {"/users", NC_("menu", "Pengguna")},
    {"/releases/due", NC_("menu", "Pembebasan")},
    {"/dashboard", NC_("menu", "Dasbor")},
    {"/sync", NC_("menu", "Sinkronisasi")},
};

/* Which menu entries each role sees (bit i: nav[i]), worked out once from the route
 * table: a page render does no route matching for its menu. */
static uint32_t nav_masks[32];
static pthread_once_t nav_once = PTHREAD_ONCE_INIT;
static void nav_init(void)
{
    for (int k = 0; auth_roles[k] && k < 32; k++)
        for (size_t i = 0; i < ARRAY_LEN(nav) && i < 32; i++)
            if (route_role_may(auth_roles[k], "GET", nav[i].href)) nav_masks[k] |= 1u << i;
}
static uint32_t nav_mask(const char *role)
{
    pthread_once(&nav_once, nav_init);
    int bit = role_bit(role);
    for (int k = 0; k < 32; k++)
        if (bit == 1 << k) return nav_masks[k];
    return 0;
}

void page_begin(req_t *r, resp_t *w, const char *title)
{
    buf_t *b = &w->body;
    w->ctype = "text/html; charset=utf-8";
    h(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>%s — Bekal</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body>\n"
         "<a class=\"skip\" href=\"#isi\">%s</a>\n<header class=\"top\"><div class=\"brand\">Bekal</div>",
      str_eq(r->lang, "en") ? "en" : "id", title, _("Langsung ke isi"));
    if (r->authed) {
        h(b, "<nav aria-label=\"%s\"><ul>", _("Menu utama"));
        uint32_t mask = nav_mask(r->user.role);
        for (size_t i = 0; i < ARRAY_LEN(nav); i++)
            if (mask >> i & 1u)
                h(b, "<li><a href=\"%R\"%R>%s</a></li>", nav[i].href,
                  (str_eq(r->path, nav[i].href) || (nav[i].href[1] && str_startswith(r->path, nav[i].href)))
                      ? " aria-current=\"page\""
                      : "",
                  i18n_pgettext("menu", nav[i].label));
        h(b, "</ul></nav><form class=\"lang\" method=\"post\" action=\"/lang\">");
        h_csrf(r, b);
        /* Back to this page after switching; an error page (a 404 for another site's
         * record must look exactly like one for a missing record) goes home. */
        h(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", w->status >= 400 ? "/" : r->path);
        if (str_eq(r->lang, "en"))
            h(b, "<button type=\"submit\" name=\"lang\" value=\"id\" lang=\"id\">Bahasa Indonesia</button></form>");
        else
            h(b, "<button type=\"submit\" name=\"lang\" value=\"en\" lang=\"en\">English</button></form>");
        h(b, "<form class=\"logout\" method=\"post\" action=\"/logout\">");
        h_csrf(r, b);
        h(b, "<span>%s (%s)</span> <button type=\"submit\">%s</button></form>", r->user.full_name, r->user.role,
          _("Keluar"));
    }
    h(b, "</header>\n<main id=\"isi\"><h1>%s</h1>\n", title);
}
void page_end(req_t *r, resp_t *w)
{
    (void)r;
    h(&w->body, "</main>\n<footer>Bekal %s — %s</footer></body></html>\n", BEKAL_VERSION,
      _("data pribadi dilindungi UU 27/2022; gunakan hanya untuk tugas."));
}
