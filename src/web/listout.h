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

/* How the print view and the exports name a filter parameter of the list: its label
 * (an N_() text) and, when the value is a code, the code's readable name: choices and
 * clabels (N_() texts, NULL-terminated parallel lists) or a function. */
typedef struct {
    const char *key, *label;
    const char *const *choices, *const *clabels;
    const char *(*value)(req_t *r, const char *v); /* translated, arena or static */
} list_param_t;

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
    /* The list's own filter parameters, key NULL ends (NULL: none); then the fields of
     * def (an entity list: label and enum names), then the common ones (listout.c). */
    const list_param_t *params;
    const record_def_t *def;
} list_out_t;

/* At most this many rows go into a print view or an export by default (setting
 * export-max-rows, BEKAL_EXPORT_MAX_ROWS, 1 to 1000000; docs/admin.md): the list is
 * built in memory (the XLSX and the HTML table need every row), so a cap bounds the
 * server's memory; a longer list is cut there and the view and the file say so. */
#define LIST_OUT_MAX_ROWS 20000
/* The cap in force (the setting, else LIST_OUT_MAX_ROWS). */
int web_list_out_max(void);

/* What the request asks of the list: 0, or -1 with r->err (400 on an unknown
 * export format or print value). */
int web_list_mode(req_t *r, list_mode_t *mode);
/* The print view or the file of every row of l (mode is not LIST_HTML), at most
 * web_list_out_max() rows: a longer list is cut there, the print view says so and a
 * file carries the header X-Bekal-Rows-Cut with the cap. 0 or -1. */
int web_list_serve(req_t *r, resp_t *w, list_mode_t mode, const list_out_t *l);
/* The links to the print view and the exports of the list at r->path with the
 * current query (page and per_page dropped), in a <p class="list-out">. */
void web_list_links(req_t *r, buf_t *b);
/* The same, with the list's raw-data export (raw: its URL with the filter, e.g.
 * /wbp.csv?q=...: every stored field with its stored codes, the form imports and
 * scripts read) as a last, labelled link; raw NULL: none. */
void web_list_links_raw(req_t *r, buf_t *b, const char *raw);

#endif
