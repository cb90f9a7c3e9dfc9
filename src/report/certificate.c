/* certificate.c — the training certificate PDF (see certificate.h). One page, A4
 * landscape, in PostScript points; pango at 72 dpi so font sizes are points. */
#include "certificate.h"
#include "pdfsurf.h"
#include "qr.h"
#include "../core/date.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW 841.890
#define PH 595.276
#define MARGIN 42.0
#define FONT "DejaVu Sans"

typedef struct {
    cairo_t *cr;
    PangoContext *pc;
} pen_t;

/* Draws text (pango markup off) in font at x, y wrapped to width, aligned; returns its height. */
static double text(pen_t *p, const char *s, const char *font, double x, double y, double width, PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al);
    char *c = xstrdup(s ? s : "");
    utf8_sanitize(c);
    pango_layout_set_text(l, c, -1);
    free(c);
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    return (double)log.height / PANGO_SCALE;
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* "3 Mei 2021" of an ISO date (the text itself when it does not parse). */
static void long_date(const char *iso, char out[DATE_LONG_LEN])
{
    date_t d;
    if (date_parse(iso, &d)) date_format_long(d, out);
    else snprintf(out, DATE_LONG_LEN, "%s", iso);
}

static void upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 'a' + 'A');
}

static void draw(pen_t *p, json_t *c, const cert_pdf_t *in, err_t *e, int *rc)
{
    cairo_t *cr = p->cr;
    double w = PW - 2 * MARGIN;
    /* frame */
    cairo_set_source_rgb(cr, 0.05, 0.36, 0.23);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, 18, 18, PW - 36, PH - 36);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, 24, 24, PW - 48, PH - 48);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);

    char site[300], provider[300];
    snprintf(site, sizeof site, "%s", jstr(c, "site_name"));
    snprintf(provider, sizeof provider, "%s", jstr(c, "provider_name"));
    upper(site);
    upper(provider);
    double y = 40;
    bool blk = str_eq(jstr(c, "variant"), "blk");
    if (blk) /* the skills passport: in the training provider's name only */
        y += text(p, provider, FONT " Bold 13", MARGIN, y, w, PANGO_ALIGN_CENTER);
    else
        y += text(p, site, FONT " Bold 13", MARGIN, y, w, PANGO_ALIGN_CENTER);
    if (!blk && provider[0]) {
        char line[360];
        snprintf(line, sizeof line, "bekerja sama dengan %s", provider);
        y += text(p, line, FONT " 11", MARGIN, y, w, PANGO_ALIGN_CENTER);
    }
    y += 14;
    y += text(p, blk ? "SERTIFIKAT PELATIHAN KERJA" : "SERTIFIKAT PELATIHAN", FONT " Bold 26", MARGIN, y, w,
              PANGO_ALIGN_CENTER);
    char line[1200];
    snprintf(line, sizeof line, "Nomor: %s", jstr(c, "number"));
    y += text(p, line, FONT " 11", MARGIN, y, w, PANGO_ALIGN_CENTER) + 10;
    y += text(p, "diberikan kepada", FONT " Italic 11", MARGIN, y, w, PANGO_ALIGN_CENTER) + 2;
    y += text(p, jstr(c, "holder"), FONT " Bold 20", MARGIN, y, w, PANGO_ALIGN_CENTER) + 8;
    char d1[DATE_LONG_LEN], d2[DATE_LONG_LEN], di[DATE_LONG_LEN];
    long_date(jstr(c, "start_date"), d1);
    long_date(jstr(c, "end_date"), d2);
    long_date(jstr(c, "issued_on"), di);
    json_int_t jp = json_integer_value(json_object_get(c, "total_jp"));
    json_int_t jpm = json_integer_value(json_object_get(c, "jp_minutes"));
    if (blk)
        snprintf(line, sizeof line,
                 "yang telah mengikuti dan menyelesaikan Pelatihan Berbasis Kompetensi kejuruan %s di %s sebanyak %lld "
                 "jam pelajaran (1 JP = %lld menit) pada %s sampai dengan %s, dengan unit kompetensi:",
                 jstr(c, "trade_name"), jstr(c, "provider_name"), (long long)jp, (long long)jpm, d1, d2);
    else
        snprintf(line, sizeof line,
                 "yang telah mengikuti dan menyelesaikan Pelatihan Berbasis Kompetensi kejuruan %s (%s) sebanyak %lld jam "
                 "pelajaran (1 JP = %lld menit) pada %s sampai dengan %s, dengan unit kompetensi:",
                 jstr(c, "trade_name"), jstr(c, "program"), (long long)jp, (long long)jpm, d1, d2);
    y += text(p, line, FONT " 10.5", MARGIN + 30, y, w - 60, PANGO_ALIGN_CENTER) + 6;

    /* the units, in two columns when there are many */
    json_t *units = json_object_get(c, "units");
    size_t nu = json_array_size(units);
    int cols = nu > 5 ? 2 : 1;
    size_t per = cols == 2 ? (nu + 1) / 2 : nu;
    double colw = (w - 60) / cols, uy = y, maxy = y;
    const char *ufont = nu > 12 ? FONT " 7.5" : nu > 8 ? FONT " 8.5" : FONT " 9.5";
    for (size_t i = 0; i < nu; i++) {
        json_t *u = json_array_get(units, i);
        if (cols == 2 && i == per) uy = y;
        double x = MARGIN + 30 + (cols == 2 && i >= per ? colw : 0);
        const char *code = jstr(u, "code");
        snprintf(line, sizeof line, "%zu. %s%s%s (%lld JP)", i + 1, code, *code ? " " : "", jstr(u, "title"),
                 (long long)json_integer_value(json_object_get(u, "jp")));
        uy += text(p, line, ufont, x, uy, colw - 8, PANGO_ALIGN_LEFT) + 1;
        if (uy > maxy) maxy = uy;
    }
    y = maxy + 8;

    /* the QR code and the verification URL, bottom left */
    double qsize = 92, qx = MARGIN + 4, qy = PH - MARGIN - qsize - 22;
    if (qr_draw(cr, in->verify_url, qx, qy, qsize, NULL, e) < 0) {
        *rc = -1;
        return;
    }
    text(p, "Periksa keaslian sertifikat ini:", FONT " 6.5", qx, qy + qsize + 1, 240, PANGO_ALIGN_LEFT);
    text(p, in->verify_url, FONT " 6.5", qx, qy + qsize + 9, 260, PANGO_ALIGN_LEFT);

    /* place and date, then the signatories side by side, bottom right */
    json_t *sig = json_object_get(c, "signatories");
    size_t ns = json_array_size(sig);
    double sx = MARGIN + 270, sw = PW - MARGIN - sx, sy = qy - 18;
    if (sy < y) sy = y;
    snprintf(line, sizeof line, "%s, %s", jstr(c, "place"), di);
    sy += text(p, line, FONT " 10", sx, sy, sw, PANGO_ALIGN_CENTER) + 4;
    size_t nshow = ns ? ns : 1;
    double bw = sw / (double)nshow, top = 0;
    for (size_t i = 0; i < ns; i++) { /* the tallest position sets one signing line for all */
        json_t *s = json_array_get(sig, i);
        double hgt = text(p, jstr(s, "position"), FONT " 9", sx + bw * (double)i, sy, bw - 10, PANGO_ALIGN_CENTER);
        if (hgt > top) top = hgt;
    }
    for (size_t i = 0; i < ns; i++) {
        json_t *s = json_array_get(sig, i);
        double bx = sx + bw * (double)i, by = sy + top;
        text(p, jstr(s, "name"), FONT " Bold 9.5", bx, by + 46, bw - 10, PANGO_ALIGN_CENTER);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, bx + 20, by + 44);
        cairo_line_to(cr, bx + bw - 30, by + 44);
        cairo_stroke(cr);
    }

    if (in->revoked) { /* across the page, and the reason under the title */
        cairo_save(cr);
        cairo_set_source_rgba(cr, 0.75, 0.0, 0.1, 0.35);
        cairo_translate(cr, PW / 2, PH / 2);
        cairo_rotate(cr, -0.45);
        text(p, "DICABUT", FONT " Bold 110", -PW / 2, -80, PW, PANGO_ALIGN_CENTER);
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0.65, 0, 0.1);
        snprintf(line, sizeof line, "SERTIFIKAT INI TELAH DICABUT: %s", in->revoke_reason ? in->revoke_reason : "");
        text(p, line, FONT " Bold 9", MARGIN, 28, w, PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
}

int cert_pdf(const cert_pdf_t *in, buf_t *out, err_t *e)
{
    json_error_t je;
    json_t *c = json_loads(in->content ? in->content : "", 0, &je);
    if (!c || !json_is_object(c)) {
        json_decref(c);
        return err_set(e, 500, "pdf_error", "isi sertifikat tersimpan tidak dapat dibaca");
    }
    char title[300];
    snprintf(title, sizeof title, "Sertifikat Pelatihan %s", jstr(c, "number"));
    cairo_surface_t *surf = pdf_surface_new(
        out, PW, PH, title, str_eq(jstr(c, "variant"), "blk") ? jstr(c, "provider_name") : jstr(c, "site_name"), e);
    if (!surf) {
        json_decref(c);
        return -1;
    }
    cairo_t *cr = cairo_create(surf);
    pen_t p = {cr, pdf_pango_context(cr)};
    int rc = 0;
    draw(&p, c, in, e, &rc);
    cairo_show_page(cr);
    g_object_unref(p.pc);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    json_decref(c);
    if (rc < 0) return -1;
    if (st != CAIRO_STATUS_SUCCESS) return err_set(e, 500, "pdf_error", "gagal menulis PDF: %s", cairo_status_to_string(st));
    return 0;
}
