/* htmltab.h — report tables (table.h) written as HTML for pages. */
#ifndef BEKAL_REPORT_HTMLTAB_H
#define BEKAL_REPORT_HTMLTAB_H
#include "table.h"

/* Appends t as an escaped <table> ("Tabel N. title" caption, totals in <tfoot>). */
void report_table_html(buf_t *b, const rep_table_t *t, const char *id);
int rep_table_no(const rep_table_t *t);

#endif
