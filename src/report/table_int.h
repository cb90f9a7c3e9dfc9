/* table_int.h — the report model's insides, shared by its writers (table.c,
 * xlsx.c, pdf.c) and nothing else. */
#ifndef BEKAL_REPORT_TABLE_INT_H
#define BEKAL_REPORT_TABLE_INT_H
#include "svg.h"

typedef struct {
    bool null;
    int64_t i;       /* numbers, dates (date_t), basis points */
    const char *s;   /* text (arena) */
} rep_cell_t;

struct rep_table {
    report_t *rep;
    int no;          /* 1-based table number */
    char *title;
    int ncols;
    rep_col_t *cols; /* titles in the arena */
    rep_cell_t *cells; /* nrows * ncols */
    int nrows, cap;
    int cur;         /* cells filled in the current row */
    char *totals_label; /* NULL: no totals row */
    bool *has_total;    /* explicit totals set */
    int64_t *total;
    chart_t *chart;     /* NULL: no chart (rep_table_set_chart; in the report's arena) */
};

struct report {
    arena_t a;
    char *title, *subtitle, *author;
    char **kop;
    int nkop, capkop;
    bool has_sig, landscape;
    char *sig_place, *sig_position, *sig_name, *sig_nip;
    date_t sig_date;
    rep_table_t **tables;
    int ntables, captables;
    char *qr_text;                   /* NULL: no QR code */
    char *recv_label, *recv_name;    /* NULL: no receiver's signature */
};

static inline const rep_cell_t *rep_cell(const rep_table_t *t, int row, int col)
{
    return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* "PLACE, 8 Maret 2025" (or just the place / date) into out. */
void rep_sig_dateline(const report_t *r, char *out, size_t n);

#endif
