/* pdfsurf.c — the PDF surface and pango context of pdf.c and certificate.c (pdfsurf.h). */
#include "pdfsurf.h"
#include <cairo-pdf.h>

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    if (closure) buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *pdf_surface_new(buf_t *out, double w, double h, const char *title, const char *author, err_t *e)
{
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        err_set(e, 500, "pdf_error", "tidak dapat membuat PDF");
        return NULL;
    }
    if (out) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, author);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Bekal");
    }
    return surf;
}

PangoContext *pdf_pango_context(cairo_t *cr)
{
    PangoContext *pc = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    return pc;
}
