/* qr.c — QR codes with libqrencode onto cairo. */
#include "qr.h"
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#define QUIET 4 /* modules of white border the standard asks for */

int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, int *modules, err_t *e)
{
    if (!text || !*text) return err_set(e, 400, "invalid_qr", "teks kode QR kosong");
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return err_set(e, 400, "invalid_qr", "teks tidak dapat dijadikan kode QR (%s)",
                       errno == ERANGE ? "terlalu panjang" : "gagal");
    int n = q->width;
    double m = size / (n + 2 * QUIET);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++)
            if (q->data[r * n + c] & 1) cairo_rectangle(cr, x + (c + QUIET) * m, y + (r + QUIET) * m, m, m);
    cairo_fill(cr);
    cairo_restore(cr);
    if (modules) *modules = n;
    QRcode_free(q);
    return 0;
}
