/* table.h — the report model every printed or downloaded report is made of, and
 * its writers: CSV, XLSX (libxlsxwriter) and PDF (cairo + pango).
 *
 * A report has a title, an optional subtitle, letterhead lines (kop surat), numbered
 * tables with typed columns and an optional totals row, and an optional signature
 * block. Build one with report_new() and the report_* calls below, write it with
 * report_csv() / report_xlsx() / report_pdf(), free it with report_free(). Every
 * string passed in is copied; the report owns its memory.
 *
 * Cell values are typed by their column:
 *   REP_TEXT     UTF-8 text
 *   REP_INT      a whole number                       (CSV "1234", PDF "1.234")
 *   REP_RUPIAH   whole rupiah                          (CSV "1234567", PDF "Rp 1.234.567",
 *                                                       XLSX number formatted "Rp "#,##0)
 *   REP_DATE     a date_t                              (CSV "2025-03-08", PDF "08-03-2025",
 *                                                       XLSX a real date, dd/mm/yyyy)
 *   REP_PERCENT  basis points, 1250 = 12,50%           (CSV "12.50", PDF "12,50%",
 *                                                       XLSX 0.125 formatted 0.00%)
 * Any cell may be empty (report_null).
 *
 * CSV choice: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 **without** a byte-order
 * mark by default, numbers and dates unformatted (machine-readable: other programs
 * and the import code read it back). For people opening the file in Excel the XLSX
 * output is the one to use; REP_CSV_BOM adds the UTF-8 BOM Excel needs to detect
 * the encoding for those who still want CSV. Cells are guarded against formula
 * injection as csv.h does. Only the tables are written: one header line, the rows
 * and the totals row (REP_CSV_NO_TOTALS leaves it out); several tables are separated
 * by one empty line, each preceded by its title line unless there is only one. */
#ifndef BEKAL_REPORT_TABLE_H
#define BEKAL_REPORT_TABLE_H
#include "../core/date.h"
#include "../util/util.h"

typedef enum { REP_TEXT, REP_INT, REP_RUPIAH, REP_DATE, REP_PERCENT } rep_type_t;

typedef struct {
    const char *title; /* column header */
    rep_type_t type;
    bool sum;          /* numeric column summed in the totals row */
} rep_col_t;

typedef struct report report_t;
typedef struct rep_table rep_table_t;

report_t *report_new(const char *title);
void report_free(report_t *r);
void report_set_subtitle(report_t *r, const char *subtitle);
/* Appends a letterhead (kop surat) line; the first lines are printed larger. */
void report_add_letterhead(report_t *r, const char *line);
/* The signature block under the last table: "PLACE, DATE", the position, room to
 * sign, the name, and "NIP. ..." when nip is not empty. date may be DATE_NONE. */
void report_set_signature(report_t *r, const char *place, date_t date, const char *position, const char *name,
                          const char *nip);
/* Landscape A4 for wide tables (PDF and XLSX page setup). */
void report_set_landscape(report_t *r, bool landscape);
/* Author / creator metadata for PDF and XLSX properties (optional). */
void report_set_author(report_t *r, const char *author);

/* Adds table number n (1, 2, ...) with ncols columns (copied). The table belongs to r. */
rep_table_t *report_add_table(report_t *r, const char *title, const rep_col_t *cols, int ncols);
/* Starts a new row; the cells follow in column order. A row left short is padded
 * with empty cells. */
void rep_row(rep_table_t *t);
void rep_text(rep_table_t *t, const char *s);
void rep_int(rep_table_t *t, int64_t v);      /* REP_INT, REP_RUPIAH, REP_PERCENT (bp) */
void rep_date(rep_table_t *t, date_t d);      /* DATE_NONE writes an empty cell */
void rep_null(rep_table_t *t);
/* Asks for a totals row labelled `label` (in the first column): the sum of every
 * column marked sum. rep_set_total() gives a column an explicit total instead
 * (e.g. an overall percentage). */
void rep_totals(rep_table_t *t, const char *label);
void rep_set_total(rep_table_t *t, int col, int64_t v);

/* Reading the model back (writers, tests). */
int report_ntables(const report_t *r);
rep_table_t *report_table(const report_t *r, int i);
int rep_nrows(const rep_table_t *t);
/* Keeps only the first n rows of t (n >= 0). */
void rep_truncate(rep_table_t *t, int n);
/* The total of column col (computed or explicit); false when the column has none. */
bool rep_total(const rep_table_t *t, int col, int64_t *out);

/* More of the model, read back (the HTML view of a report, tests). */
int report_nletterhead(const report_t *r);
const char *report_letterhead(const report_t *r, int i);
const char *report_title(const report_t *r);
const char *report_subtitle(const report_t *r);
int rep_ncols(const rep_table_t *t);
const rep_col_t *rep_col(const rep_table_t *t, int col);
const char *rep_table_title(const rep_table_t *t);
/* The totals row's label, or NULL when the table has none. */
const char *rep_totals_label(const rep_table_t *t);
/* Cell (row, col) as display text (rep_cell_display); *num gets its number (0 for
 * text or an empty cell). */
void rep_cell_text(const rep_table_t *t, int row, int col, char *out, size_t n, int64_t *num);

/* Receipts (PDF only): a QR code with text printed under the tables, and a second
 * signature block on the left for the person receiving ("Yang menerima,"). */
void report_set_qr(report_t *r, const char *text);
void report_set_receiver(report_t *r, const char *label, const char *name);

/* A cell as display text, as the PDF prints it ("Rp 1.234.567", "08-03-2025",
 * "12,50%"); "" for an empty cell. Writes into out (size n). */
void rep_cell_display(rep_type_t type, bool null, int64_t iv, const char *sv, char *out, size_t n);

enum { REP_CSV_BOM = 1, REP_CSV_NO_TOTALS = 2 };
/* Appends the report as CSV to out (flags REP_CSV_*). */
void report_csv(const report_t *r, buf_t *out, int flags);
/* Appends the report as an XLSX workbook (one sheet per table) to out. Uses a
 * temporary file under $TMPDIR (libxlsxwriter writes files). 0 or -1 (e set). */
int report_xlsx(const report_t *r, buf_t *out, err_t *e);
/* Appends the report as an A4 PDF to out: letterhead, title, numbered tables that
 * break across pages with their header repeated, signature block, page numbers.
 * *pages (may be NULL) gets the page count. 0 or -1 (e set). */
int report_pdf(const report_t *r, buf_t *out, int *pages, err_t *e);
/* The one dispatcher of the formats: r as "csv" (report_csv with csv_flags), "xlsx"
 * or "pdf" into out. 0, or -1 with e set (400 "bad_format" for another format). */
int report_write(const report_t *r, const char *format, int csv_flags, buf_t *out, err_t *e);
/* The Content-Type of a format ("text/csv; charset=utf-8", ...), NULL when unknown. */
const char *report_ctype(const char *format);

/* Column widths of a table (the PDF's; widths in any unit): minw[c] is what column c
 * needs so that no word breaks (its longest word), pref[c] what it would like (its
 * longest cell, never below minw[c]). When the preferred widths fit in avail every
 * column gets its own, and what is left goes to the columns marked grow (may be NULL)
 * in proportion to their preferred width; otherwise each column gets its minimum and
 * the rest of avail is shared in proportion to pref - min (a column shrinks in
 * proportion to what it would lose). When even the minimums do not fit, they are
 * scaled down to fill avail and the answer is false (the caller may turn the page). */
bool rep_fit_columns(const double *minw, const double *pref, const bool *grow, int n, double avail, double *w);

/* Writes buf to path (replacing it). 0 or -1 (e set). */
int report_save(const buf_t *b, const char *path, err_t *e);

#endif
