/* listout.h — the print view and the export of a whole filtered list, one helper
 * for every list page (issue 25: printing a list printed only its current page).
 *
 * A list page answers, on its own route and with the same filter parameters it
 * reads for its view (search, filters, sort, site):
 *   ?print=1       every filtered row on one page with the print stylesheet: no
 *                  menu, no paging, no forms; title, the filter and the row count
 *   ?export=csv    the same rows as CSV (UTF-8 with BOM, for spreadsheets)
 *   ?export=xlsx   the same rows as an XLSX workbook
 * The page describes its columns and gives a function that adds one page of rows
 * to a report table; web_list_serve() walks the pages until the rows run out.
 * web_list_links() writes the "Cetak · CSV · XLSX" links beside the list. */
#ifndef BEKAL_WEB_LISTOUT_H
#define BEKAL_WEB_LISTOUT_H
#include "web.h"
#include "../report/table.h"

typedef enum { LIST_HTML, LIST_PRINT, LIST_CSV, LIST_XLSX } list_mode_t;

typedef struct {
    const char *title;     /* the list's title (translated) */
    const char *name;      /* file name without extension ("register-wbp") */
    const rep_col_t *cols; /* the columns, titles translated */
    int ncols;
    /* Adds the rows of page `page` (1-based, per_page rows) to t; returns how many
     * it added (fewer than per_page ends the walk), or -1 with r->err. */
    int (*rows)(req_t *r, void *ctx, int page, int per_page, rep_table_t *t);
    void *ctx;
    int per_page;          /* 0: 500 */
} list_out_t;

/* What the request asks of the list: 0, or -1 with r->err (400 on an unknown
 * export format or print value). */
int web_list_mode(req_t *r, list_mode_t *mode);
/* The print view or the file of every row of l (mode is not LIST_HTML). 0 or -1. */
int web_list_serve(req_t *r, resp_t *w, list_mode_t mode, const list_out_t *l);
/* The links to the print view and the exports of the list at r->path with the
 * current query (page and per_page dropped), in a <p class="list-out">. */
void web_list_links(req_t *r, buf_t *b);

#endif
