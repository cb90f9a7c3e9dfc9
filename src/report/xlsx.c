/* xlsx.c — the report model as an XLSX workbook (libxlsxwriter): one sheet per
 * table, headed by the letterhead, title and table title; numbers are real numbers
 * (rupiah formatted "Rp "#,##0, percentages 0.00%), dates real dates (dd/mm/yyyy),
 * totals SUM formulas carrying their value; the signature block under the last
 * table. A4, header row repeated on every printed page. */
#include "table_int.h"
#include "../util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_format *kop1, *kop, *title, *subtitle, *caption, *head, *text, *num, *money, *date, *pct;
    lxw_format *t_text, *t_num, *t_money, *t_pct, *sig, *sig_name;
} fmts_t;

static void make_formats(lxw_workbook *wb, fmts_t *f)
{
    f->kop1 = workbook_add_format(wb);
    format_set_bold(f->kop1);
    format_set_font_size(f->kop1, 13);
    f->kop = workbook_add_format(wb);
    format_set_font_size(f->kop, 10);
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 13);
    f->subtitle = workbook_add_format(wb);
    format_set_italic(f->subtitle);
    f->caption = workbook_add_format(wb);
    format_set_bold(f->caption);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_bg_color(f->head, 0xD9E2F3);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);

    lxw_format **body[] = {&f->text, &f->num, &f->money, &f->date, &f->pct};
    lxw_format **tot[] = {&f->t_text, &f->t_num, &f->t_money, NULL, &f->t_pct};
    static const char *const numfmt[] = {NULL, "#,##0", "\"Rp \"#,##0", "dd/mm/yyyy", "0.00%"};
    for (size_t i = 0; i < ARRAY_LEN(body); i++) {
        *body[i] = workbook_add_format(wb);
        format_set_border(*body[i], LXW_BORDER_THIN);
        format_set_align(*body[i], LXW_ALIGN_VERTICAL_TOP);
        if (numfmt[i]) format_set_num_format(*body[i], numfmt[i]);
        else format_set_text_wrap(*body[i]);
        if (!tot[i]) continue;
        *tot[i] = workbook_add_format(wb);
        format_set_border(*tot[i], LXW_BORDER_THIN);
        format_set_bold(*tot[i]);
        format_set_bg_color(*tot[i], 0xF2F2F2);
        if (numfmt[i]) format_set_num_format(*tot[i], numfmt[i]);
    }
    f->sig = workbook_add_format(wb);
    format_set_align(f->sig, LXW_ALIGN_CENTER);
    f->sig_name = workbook_add_format(wb);
    format_set_align(f->sig_name, LXW_ALIGN_CENTER);
    format_set_bold(f->sig_name);
    format_set_underline(f->sig_name, LXW_UNDERLINE_SINGLE);
}

/* Sheet names: at most 31 characters, none of []:*?/\, unique ("1 Pendapatan ..."). */
static void sheet_name(const rep_table_t *t, char out[32])
{
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%d %s", t->no, t->title);
    size_t o = 0, chars = 0;
    for (const unsigned char *p = (const unsigned char *)tmp; *p && chars < 31;) {
        size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 1;
        if (o + len > 31) break;
        for (size_t k = 0; k < len && p[k]; k++) {
            unsigned char c = p[k];
            out[o++] = (char)(strchr("[]:*?/\\'", c) && c ? '-' : c);
        }
        p += len;
        chars++;
    }
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = 0;
}

/* Display width of a string in characters (UTF-8 continuation bytes not counted). */
static double text_width(const char *s)
{
    double n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static lxw_format *body_fmt(const fmts_t *f, rep_type_t ty, bool total)
{
    switch (ty) {
    case REP_INT: return total ? f->t_num : f->num;
    case REP_RUPIAH: return total ? f->t_money : f->money;
    case REP_DATE: return total ? f->t_text : f->date;
    case REP_PERCENT: return total ? f->t_pct : f->pct;
    case REP_TEXT: break;
    }
    return total ? f->t_text : f->text;
}

/* Writes one value; returns an error from libxlsxwriter or LXW_NO_ERROR. */
static lxw_error put_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, rep_type_t ty, const rep_cell_t *c,
                          lxw_format *fmt)
{
    if (c->null) return worksheet_write_blank(ws, row, col, fmt);
    switch (ty) {
    case REP_TEXT: return worksheet_write_string(ws, row, col, c->s ? c->s : "", fmt);
    case REP_INT:
    case REP_RUPIAH: return worksheet_write_number(ws, row, col, (double)c->i, fmt);
    case REP_PERCENT: return worksheet_write_number(ws, row, col, (double)c->i / 10000.0, fmt);
    case REP_DATE: {
        int y, m, d;
        date_to_ymd((date_t)c->i, &y, &m, &d);
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        return worksheet_write_datetime(ws, row, col, &dt, fmt);
    }
    }
    return LXW_NO_ERROR;
}

static lxw_error write_sheet(const report_t *r, const rep_table_t *t, lxw_worksheet *ws, const fmts_t *f,
                             bool last)
{
    lxw_error rc = LXW_NO_ERROR;
#define TRY(x)                                                                                                         \
    do {                                                                                                               \
        if ((rc = (x)) != LXW_NO_ERROR) return rc;                                                                     \
    } while (0)
    worksheet_set_paper(ws, 9); /* A4 */
    if (r->landscape) worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_row_t row = 0;
    for (int i = 0; i < r->nkop; i++) TRY(worksheet_write_string(ws, row++, 0, r->kop[i], i < 2 ? f->kop1 : f->kop));
    if (r->nkop) row++;
    TRY(worksheet_write_string(ws, row++, 0, r->title, f->title));
    if (r->subtitle[0]) TRY(worksheet_write_string(ws, row++, 0, r->subtitle, f->subtitle));
    row++;
    char cap[600];
    snprintf(cap, sizeof cap, "%s %d. %s", _("Tabel"), t->no, t->title);
    TRY(worksheet_write_string(ws, row++, 0, cap, f->caption));

    double *width = xcalloc((size_t)t->ncols, sizeof *width);
    lxw_row_t head = row;
    for (int c = 0; c < t->ncols; c++) {
        TRY(worksheet_write_string(ws, row, (lxw_col_t)c, t->cols[c].title, f->head));
        width[c] = text_width(t->cols[c].title);
    }
    row++;
    worksheet_repeat_rows(ws, head, head);
    worksheet_freeze_panes(ws, head + 1, 0);
    lxw_row_t first = row;
    for (int i = 0; i < t->nrows; i++, row++) {
        for (int c = 0; c < t->ncols; c++) {
            const rep_cell_t *cell = rep_cell(t, i, c);
            rep_type_t ty = t->cols[c].type;
            if ((rc = put_cell(ws, row, (lxw_col_t)c, ty, cell, body_fmt(f, ty, false))) != LXW_NO_ERROR) goto out;
            char disp[512];
            rep_cell_display(ty, cell->null, cell->i, cell->s, disp, sizeof disp);
            double w = text_width(disp);
            if (w > width[c]) width[c] = w;
        }
    }
    if (t->totals_label) {
        for (int c = 0; c < t->ncols; c++) {
            rep_type_t ty = t->cols[c].type;
            int64_t v;
            bool has = rep_total(t, c, &v);
            lxw_format *fmt = body_fmt(f, ty, true);
            if (has && !t->has_total[c] && t->nrows > 0) {
                /* a SUM over the rows, with its value cached for readers that do not calculate */
                char from[LXW_MAX_CELL_NAME_LENGTH], to[LXW_MAX_CELL_NAME_LENGTH], fx[2 * LXW_MAX_CELL_NAME_LENGTH + 16];
                lxw_rowcol_to_cell(from, first, (lxw_col_t)c);
                lxw_rowcol_to_cell(to, row - 1, (lxw_col_t)c);
                snprintf(fx, sizeof fx, "=SUM(%s:%s)", from, to);
                rc = worksheet_write_formula_num(ws, row, (lxw_col_t)c, fx, fmt,
                                                 ty == REP_PERCENT ? (double)v / 10000.0 : (double)v);
            } else if (has) {
                rc = put_cell(ws, row, (lxw_col_t)c, ty, &(rep_cell_t){false, v, NULL}, fmt);
            } else if (c == 0) {
                rc = worksheet_write_string(ws, row, 0, t->totals_label, fmt);
            } else {
                rc = worksheet_write_blank(ws, row, (lxw_col_t)c, fmt);
            }
            if (rc != LXW_NO_ERROR) goto out;
        }
        row++;
    }
    for (int c = 0; c < t->ncols; c++) {
        double w = width[c] + 2;
        if (w < 8) w = 8;
        if (w > 60) w = 60;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    if (last && r->has_sig) {
        row += 2;
        lxw_col_t sc = (lxw_col_t)(t->ncols > 2 ? t->ncols - 2 : 0);
        char dl[300];
        rep_sig_dateline(r, dl, sizeof dl);
        if ((rc = worksheet_write_string(ws, row++, sc, dl, f->sig)) != LXW_NO_ERROR) goto out;
        if ((rc = worksheet_write_string(ws, row++, sc, r->sig_position, f->sig)) != LXW_NO_ERROR) goto out;
        row += 3;
        if ((rc = worksheet_write_string(ws, row++, sc, r->sig_name, f->sig_name)) != LXW_NO_ERROR) goto out;
        if (r->sig_nip[0]) {
            char nip[200];
            snprintf(nip, sizeof nip, "NIP. %s", r->sig_nip);
            rc = worksheet_write_string(ws, row++, sc, nip, f->sig);
        }
    }
out:
    free(width);
    return rc;
#undef TRY
}

int report_xlsx(const report_t *r, buf_t *out, err_t *e)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/bekal-xlsx.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return err_set(e, 500, "io_error", "tidak dapat membuat berkas sementara: %s", strerror(errno));
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opts);
    if (!wb) {
        unlink(path);
        return err_set(e, 500, "xlsx_error", "tidak dapat membuat buku kerja XLSX");
    }
    lxw_doc_properties props = {.title = r->title, .subject = r->subtitle, .author = r->author,
                                .comments = "Dibuat oleh Bekal"};
    workbook_set_properties(wb, &props);
    fmts_t f;
    make_formats(wb, &f);
    lxw_error rc = LXW_NO_ERROR;
    for (int i = 0; i < r->ntables && rc == LXW_NO_ERROR; i++) {
        char name[32];
        sheet_name(r->tables[i], name);
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws) {
            snprintf(name, sizeof name, "%s %d", _("Tabel"), r->tables[i]->no);
            ws = workbook_add_worksheet(wb, name);
        }
        if (!ws) rc = LXW_ERROR_SHEETNAME_ALREADY_USED;
        else rc = write_sheet(r, r->tables[i], ws, &f, i == r->ntables - 1);
    }
    if (r->ntables == 0 && rc == LXW_NO_ERROR) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, "Laporan");
        if (ws) worksheet_write_string(ws, 0, 0, r->title, f.title);
    }
    lxw_error crc = workbook_close(wb);
    if (rc == LXW_NO_ERROR) rc = crc;
    if (rc != LXW_NO_ERROR) {
        unlink(path);
        return err_set(e, 500, "xlsx_error", "gagal menulis XLSX: %s", lxw_strerror(rc));
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        unlink(path);
        return err_set(e, 500, "io_error", "tidak dapat membaca XLSX sementara");
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(out, chunk, n);
    fclose(fp);
    unlink(path);
    return 0;
}
