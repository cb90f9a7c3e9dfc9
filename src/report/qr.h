/* qr.h — QR codes (libqrencode) drawn onto a cairo surface: for certificates and
 * receipts that carry a verification link. */
#ifndef BEKAL_REPORT_QR_H
#define BEKAL_REPORT_QR_H
#include "../util/util.h"
#include <cairo.h>

/* Draws text as a QR code (error correction level M, 8-bit mode) with its
 * four-module quiet zone in white, as a size x size square whose top-left corner
 * is at (x, y) in cr's user space. Modules are drawn as filled black squares
 * (vector output on PDF surfaces). *modules (may be NULL) gets the symbol's width
 * in modules, without the quiet zone. 0 or -1 (e set). */
int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, int *modules, err_t *e);

#endif
