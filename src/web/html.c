/* html.c — the escaping HTML writer, the page layout and Indonesian formatting. */
#include "web.h"
#include "../core/auditdiff.h"
#include "../store/settings.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void h_esc(buf_t *b, const char *s) { buf_put_html(b, s); }

void h_thead(buf_t *b, ...)
{
    va_list ap;
    va_start(ap, b);
    buf_puts(b, "<thead><tr>");
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;) h(b, "<th scope=\"col\">%s</th>", s);
    va_end(ap);
    buf_puts(b, "</tr></thead><tbody>");
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
        case 'd': buf_put_i64(b, va_arg(ap, int)); break;
        case 'D': buf_put_i64(b, va_arg(ap, int64_t)); break;
        case 'R': buf_puts(b, va_arg(ap, const char *)); break;
        case '%': buf_putc(b, '%'); break;
        default: abort(); /* programming error in a literal format */
        }
    }
    va_end(ap);
}

void h_csrf(req_t *r, buf_t *b) { h(b, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", r->user.csrf); }

static void field_open(buf_t *b, const char *tag, const char *id, const char *name, const char *label, bool star,
                       const char *attrs)
{
    h(b, "<div><label for=\"%s\">%s%R</label><%R id=\"%s\" name=\"%s\"", id, label, star ? " *" : "", tag, id, name);
    if (attrs && *attrs) h(b, " %R", attrs);
}
static void field_err_attrs(buf_t *b, const char *id, const char *err)
{
    if (err) h(b, " aria-invalid=\"true\" aria-describedby=\"%s-err\"", id);
    h(b, ">");
}
static void field_err_span(buf_t *b, const char *id, const char *err)
{
    if (err) h(b, "<span class=\"field-error\" id=\"%s-err\">%s</span>", id, err);
}

void h_input(buf_t *b, const char *id, const char *name, const char *label, bool star, const char *attrs,
             const char *value, const char *err)
{
    field_open(b, "input", id, name, label, star, attrs);
    h(b, " value=\"%s\"", value ? value : "");
    field_err_attrs(b, id, err);
    field_err_span(b, id, err);
    h(b, "</div>");
}

void h_select_open(buf_t *b, const char *id, const char *name, const char *label, bool star, const char *attrs,
                   const char *err)
{
    field_open(b, "select", id, name, label, star, attrs);
    field_err_attrs(b, id, err);
}

void h_select_close(buf_t *b, const char *id, const char *err)
{
    h(b, "</select>");
    field_err_span(b, id, err);
    h(b, "</div>");
}

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
int web_zone(req_t *r, int64_t site_id)
{
    for (int i = 0; i < r->nzone; i++)
        if (r->zone_site[i] == site_id) return r->zone_off[i];
    int off = site_id || !r->authed ? setting_zone(r->db, site_id) : setting_zone_user(r->db, r->user.id);
    int i = r->nzone < (int)ARRAY_LEN(r->zone_site) ? r->nzone++ : (int)(site_id & 7);
    r->zone_site[i] = site_id, r->zone_off[i] = off;
    return off;
}

const char *fmt_time(req_t *r, int64_t site_id, const char *iso)
{
    int64_t t;
    if (!iso) return "";
    if (!time_parse_utc(iso, &t)) return iso;
    /* a list shows many entries of the same minute and zone: the last text is kept */
    int off = web_zone(r, site_id);
    int64_t min = t >= 0 ? t / 60 : -((-t + 59) / 60);
    if (r->time_text && r->time_min == min && r->time_off == off && r->time_lang == r->lang) return r->time_text;
    char out[80];
    time_format_local(t, off, out, sizeof out);
    r->time_min = min, r->time_off = off, r->time_lang = r->lang;
    return r->time_text = arena_strdup(&r->a, out);
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

/* The main menu, by task: Beranda (the inbox), then groups of pages. Each entry is
 * shown to the roles the route table admits to GET it (route_role_may), so the menu
 * never offers a page that answers 403; a group with no entry for the role is not
 * shown. Each group is a <details> (opens without JavaScript); on a phone the whole
 * menu folds behind a "Menu" switch (a checkbox and its label, CSS only). */
enum { G_NONE, G_REGISTER, G_ASIMILASI, G_PELATIHAN, G_PRODUKSI, G_PEMBEBASAN, G_LAPORAN, G_ADMIN, G__COUNT };
static const char *const group_label[G__COUNT] = {
    NULL,
    NC_("menu", "Register"),
    NC_("menu", "Asimilasi"),
    NC_("menu", "Pelatihan"),
    NC_("menu", "Produksi"),
    NC_("menu", "Pembebasan"),
    NC_("menu", "Laporan"),
    NC_("menu", "Admin"),
};
static const struct {
    int group;
    const char *href, *label;
} nav[] = {
    {G_NONE, "/", NC_("menu", "Beranda")},
    {G_REGISTER, "/wbp", NC_("menu", "Register WBP")},
    {G_REGISTER, "/caseloads", NC_("menu", "Penugasan wali")},
    {G_REGISTER, "/reconcile", NC_("menu", "Rekonsiliasi SDP")},
    {G_ASIMILASI, "/eligibility", NC_("menu", "Penyaringan asimilasi")},
    {G_ASIMILASI, "/usulan", NC_("menu", "Usulan asimilasi")},
    {G_ASIMILASI, "/tpp", NC_("menu", "Sidang TPP")},
    {G_ASIMILASI, "/not-proposed", NC_("menu", "Tidak diusulkan")},
    {G_PELATIHAN, "/agreements", NC_("menu", "PKS")},
    {G_PELATIHAN, "/partners", NC_("menu", "Mitra")},
    {G_PELATIHAN, "/kejuruan", NC_("menu", "Kejuruan")},
    {G_PELATIHAN, "/programs", NC_("menu", "Program pelatihan")},
    {G_PELATIHAN, "/movements", NC_("menu", "Keluar-masuk")},
    {G_PELATIHAN, "/placement", NC_("menu", "Penempatan")},
    {G_PELATIHAN, "/certificates", NC_("menu", "Sertifikat")},
    {G_PRODUKSI, "/sales", NC_("menu", "Produksi dan penjualan")},
    {G_PRODUKSI, "/pnbp-deposits", NC_("menu", "Setoran PNBP")},
    {G_PEMBEBASAN, "/releases/due", NC_("menu", "Pembebasan")},
    {G_PEMBEBASAN, "/releases", NC_("menu", "Daftar pembebasan")},
    {G_PEMBEBASAN, "/followups/overdue", NC_("menu", "Tindak lanjut terlambat")},
    {G_LAPORAN, "/dashboard", NC_("menu", "Dasbor")},
    {G_LAPORAN, "/reports", NC_("menu", "Laporan")},
    {G_ADMIN, "/users", NC_("menu", "Pengguna")},
    {G_ADMIN, "/settings", NC_("menu", "Pengaturan")},
    {G_ADMIN, "/audit", NC_("menu", "Log audit")},
    {G_ADMIN, "/access-log", NC_("menu", "Log akses")},
    {G_ADMIN, "/sync", NC_("menu", "Sinkronisasi")},
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
/* Whether entry i is the page being shown (or a page under it). */
static bool nav_current(const req_t *r, size_t i)
{
    const char *href = nav[i].href;
    if (str_eq(r->path, href)) return true;
    if (!href[1] || !str_startswith(r->path, href) || r->path[strlen(href)] != '/') return false;
    /* /releases/due has its own entry: /releases is not current there */
    for (size_t k = 0; k < ARRAY_LEN(nav); k++)
        if (k != i && strlen(nav[k].href) > strlen(href) && str_startswith(r->path, nav[k].href)) return false;
    return true;
}
static void nav_menu(req_t *r, buf_t *b)
{
    uint32_t mask = nav_mask(r->user.role);
    h(b, "<nav class=\"menu\" aria-label=\"%s\"><input type=\"checkbox\" id=\"menu-buka\" class=\"menu-switch\">"
         "<label for=\"menu-buka\" class=\"menu-label\">%s</label><ul class=\"groups\">",
      _("Menu utama"), _("Menu"));
    for (int g = 0; g < G__COUNT; g++) {
        bool any = false, here = false;
        for (size_t i = 0; i < ARRAY_LEN(nav); i++)
            if (nav[i].group == g && (mask >> i & 1u)) any = true, here = here || nav_current(r, i);
        if (!any) continue;
        if (g != G_NONE)
            h(b, "<li class=\"group\"><details%R><summary>%s</summary><ul>", here ? " class=\"here\"" : "",
              i18n_pgettext("menu", group_label[g]));
        for (size_t i = 0; i < ARRAY_LEN(nav); i++)
            if (nav[i].group == g && (mask >> i & 1u))
                h(b, "<li><a href=\"%R\"%R>%s</a></li>", nav[i].href, nav_current(r, i) ? " aria-current=\"page\"" : "",
                  i18n_pgettext("menu", nav[i].label));
        if (g != G_NONE) h(b, "</ul></details></li>");
    }
    h(b, "</ul></nav>");
}

/* /static/select.js: a filter box before every long <select> (20 options or more, or
 * marked data-search), so a list of 330 inmates can be searched by typing. Without
 * JavaScript the plain select works as it is. The box's label comes from the
 * script tag's data-label (the reader's language). Served by Bekal (no CDN; the
 * Content-Security-Policy allows scripts from 'self' only). */
static const char select_js[] =
    "(function(){'use strict';\n"
    "var me=document.currentScript,label=(me&&me.getAttribute('data-label'))||'Filter';\n"
    "function enhance(sel,n){if(sel.multiple||sel.getAttribute('data-enhanced'))return;\n"
    " sel.setAttribute('data-enhanced','1');\n"
    " var all=Array.prototype.slice.call(sel.options),box=document.createElement('input');\n"
    " box.type='search';box.className='select-filter';box.id=(sel.id||'sel'+n)+'-filter';\n"
    " box.setAttribute('aria-label',label);box.placeholder=label;box.autocomplete='off';\n"
    " if(sel.id)box.setAttribute('aria-controls',sel.id);\n"
    " sel.parentNode.insertBefore(box,sel);\n"
    " box.addEventListener('input',function(){\n"
    "  var t=box.value.toLowerCase().trim(),cur=sel.value,first=null;\n"
    "  while(sel.options.length)sel.remove(0);\n"
    "  all.forEach(function(o){if(!t||o.value===''||o.value===cur||o.text.toLowerCase().indexOf(t)>=0){sel.add(o);\n"
    "   if(!first&&o.value!=='')first=o;}});\n"
    "  sel.value=cur;\n"
    " });\n"
    " box.addEventListener('keydown',function(ev){if(ev.key==='Enter'){ev.preventDefault();\n"
    "  for(var i=0;i<sel.options.length;i++)if(sel.options[i].value!==''&&sel.options[i].text.toLowerCase()\n"
    "   .indexOf(box.value.toLowerCase().trim())>=0){sel.value=sel.options[i].value;sel.dispatchEvent(new Event('change'));break;}\n"
    "  sel.focus();}});\n"
    "}\n"
    "function run(){var s=document.querySelectorAll('select');for(var i=0;i<s.length;i++)\n"
    " if(s[i].options.length>=20||s[i].hasAttribute('data-search'))enhance(s[i],i);}\n"
    "if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',run);else run();\n"
    "})();\n";

int page_static_js(req_t *r, resp_t *w)
{
    (void)r;
    return resp_text(w, "text/javascript; charset=utf-8", select_js);
}

void page_begin(req_t *r, resp_t *w, const char *title)
{
    buf_t *b = &w->body;
    w->ctype = "text/html; charset=utf-8";
    h(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>%s — Bekal</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
         "<script src=\"/static/select.js\" defer data-label=\"%s\"></script></head><body>\n"
         "<a class=\"skip\" href=\"#isi\">%s</a>\n<header class=\"top\"><div class=\"brand\">Bekal</div>",
      str_eq(r->lang, "en") ? "en" : "id", title, _("Ketik untuk menyaring pilihan"), _("Langsung ke isi"));
    if (r->authed) {
        nav_menu(r, b);
        /* the global search (pages/search.c): a plain GET form */
        h(b, "<form class=\"cari\" method=\"get\" action=\"/search\" role=\"search\"><label for=\"cari\" "
             "class=\"sr\">%s</label><input type=\"search\" id=\"cari\" name=\"q\" maxlength=\"100\" placeholder=\"%s\">"
             "<button type=\"submit\">%s</button></form>",
          _("Cari nama, nomor registrasi, sertifikat atau PKS"), _("Cari…"), _("Cari"));
        h(b, "<form class=\"lang\" method=\"post\" action=\"/lang\">");
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
int page_end(req_t *r, resp_t *w)
{
    (void)r;
    h(&w->body, "</main>\n<footer>Bekal %s — %s</footer></body></html>\n", BEKAL_VERSION,
      _("data pribadi dilindungi UU 27/2022; gunakan hanya untuk tugas."));
    return 0;
}
