/* htmltab.h — report tables (table.h) written as HTML for pages. */
#ifndef BEKAL_REPORT_HTMLTAB_H
#define BEKAL_REPORT_HTMLTAB_H
#include "table.h"

/* Appends t as an escaped <table> ("Tabel N. title" caption, totals in <tfoot>). */
void report_table_html(buf_t *b, const rep_table_t *t, const char *id);
int rep_table_no(const rep_table_t *t);
/* Appends open, text escaped and close: one cell, such as <th scope="col">title</th>. */
void html_cell(buf_t *b, const char *open, const char *text, const char *close);

#endif
