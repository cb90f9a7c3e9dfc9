/* htmltab.c — a report table (table.h) as an HTML <table>, for the dashboard,
 * with the same display text the PDF prints. A writer of the model, like csv/xlsx/pdf. */
#include "htmltab.h"
#include "table_int.h"
#include "../util/i18n.h"
#include <string.h>

int rep_table_no(const rep_table_t *t) { return t->no; }

void html_cell(buf_t *b, const char *open, const char *text, const char *close)
{
    buf_puts(b, open);
    buf_put_html(b, text);
    buf_puts(b, close);
}

void report_table_html(buf_t *b, const rep_table_t *t, const char *id)
{
    char tmp[128];
    buf_puts(b, "<table class=\"report\"");
    if (id) {
        buf_puts(b, " id=\"");
        buf_put_html(b, id);
        buf_puts(b, "\"");
    }
    buf_puts(b, ">\n<caption>");
    buf_printf(b, "%s %d. ", _("Tabel"), t->no);
    buf_put_html(b, t->title);
    buf_puts(b, "</caption>\n<thead><tr>");
    for (int c = 0; c < t->ncols; c++) html_cell(b, "<th scope=\"col\">", t->cols[c].title, "</th>");
    buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int r = 0; r < t->nrows; r++) {
        buf_puts(b, "<tr>");
        for (int c = 0; c < t->ncols; c++) {
            const rep_cell_t *x = rep_cell(t, r, c);
            rep_cell_display(t->cols[c].type, x->null, x->i, x->s, tmp, sizeof tmp);
            html_cell(b, t->cols[c].type == REP_TEXT || t->cols[c].type == REP_DATE ? "<td>" : "<td class=\"num\">", tmp,
                      "</td>");
        }
        buf_puts(b, "</tr>\n");
    }
    if (!t->nrows) {
        buf_printf(b, "<tr><td colspan=\"%d\">", t->ncols);
        buf_put_html(b, _("(tidak ada data)"));
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</tbody>\n");
    if (t->totals_label) {
        buf_puts(b, "<tfoot><tr>");
        for (int c = 0; c < t->ncols; c++) {
            int64_t v;
            if (c == 0)
                html_cell(b, "<th scope=\"row\">", t->totals_label, "</th>");
            else if (rep_total(t, c, &v)) {
                rep_cell_display(t->cols[c].type, false, v, NULL, tmp, sizeof tmp);
                html_cell(b, "<td class=\"num\">", tmp, "</td>");
            } else
                buf_puts(b, "<td></td>");
        }
        buf_puts(b, "</tr></tfoot>\n");
    }
    buf_puts(b, "</table>\n");
}
