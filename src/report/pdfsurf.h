/* pdfsurf.h — what the two PDFs (pdf.c's reports, certificate.c's certificates)
 * draw on: a cairo PDF surface writing into a buffer, and a pango context on it at
 * 72 dpi so that font sizes are PostScript points. */
#ifndef BEKAL_REPORT_PDFSURF_H
#define BEKAL_REPORT_PDFSURF_H
#include "../util/util.h"
#include <cairo.h>
#include <pango/pangocairo.h>

/* A PDF surface of w x h points whose bytes are appended to out (NULL: thrown away),
 * with title, author and creator "Bekal" in its metadata (not when out is NULL); NULL
 * with e set (500 "pdf_error") when cairo cannot make one. */
cairo_surface_t *pdf_surface_new(buf_t *out, double w, double h, const char *title, const char *author, err_t *e);
/* A pango context on cr at 72 dpi without hinting, so that text measures the same
 * on every surface; the caller g_object_unref()s it. */
PangoContext *pdf_pango_context(cairo_t *cr);

#endif
