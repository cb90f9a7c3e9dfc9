/* premi.c — an inmate's premi ledger (DOMAIN.md §5): the section on the WBP
 * page (balance, entries, purchase and payout forms, statement downloads), the JSON
 * API (ledger, purchases inside, payout on release), and the receipts and statement
 * as files. Every post goes through premi_store (atomic, audited, never negative). */
#include "../pages.h"
#include "../../store/production_store.h"
#include "../../report/prod_report.h"
#include <stdlib.h>
#include <string.h>

/* The fields of a purchase (debit) or a payout, validated like any record. */
enum { PMF_DATE, PMF_AMOUNT, PMF_RECEIPT_NO, PMF_NOTE, PMF_COUNT };
static const field_def_t premi_fields[PMF_COUNT] = {
    [PMF_DATE] = {"date", N_("Tanggal"), FT_DATE, false, 0},
    [PMF_AMOUNT] = {"amount", N_("Jumlah (Rp)"), FT_MONEY, true, 0},
    [PMF_RECEIPT_NO] = {"receipt_no", N_("Nomor bukti"), FT_TEXT, false, 60},
    [PMF_NOTE] = {"note", N_("Keterangan"), FT_TEXT, false, 300},
};
static const record_def_t premi_move_def = {"premi_ledger", "premi_ledger", premi_fields, PMF_COUNT, NULL,
                                            N_("Catatan premi")};
/* A payout names no amount: it pays the whole balance. */
static const field_def_t payout_fields[3] = {
    {"date", N_("Tanggal pembayaran"), FT_DATE, true, 0},
    {"receipt_no", N_("Nomor bukti"), FT_TEXT, false, 60},
    {"note", N_("Keterangan"), FT_TEXT, false, 300},
};
static const record_def_t payout_def = {"premi_ledger", "premi_ledger", payout_fields, 3, NULL,
                                        N_("Pembayaran premi")};


static json_t *entry_json(const premi_row_t *e)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
                          "entry_date", e->entry_date, "kind", e->kind, "amount", (json_int_t)e->amount,
                          "spendable_delta", (json_int_t)e->spendable_delta, "saved_delta", (json_int_t)e->saved_delta,
                          "spendable_after", (json_int_t)e->spendable_after, "saved_after",
                          (json_int_t)e->saved_after, "receipt_no", e->receipt_no, "note", e->note, "created_at",
                          e->created_at, "created_by", e->created_by);
    json_object_set_new(o, "sale_id", e->sale_id ? json_integer(e->sale_id) : json_null());
    json_object_set_new(o, "sale_receipt_no", *e->sale_receipt_no ? json_string(e->sale_receipt_no) : json_null());
    return o;
}

/* The saved share in force today for a site, in basis points (-1 when none). */
static int saved_bp_today(req_t *r, int64_t site_id)
{
    char today[11];
    today_iso(today);
    int bp;
    err_t e;
    err_clear(&e);
    return premi_saved_bp_at(r->db, &e, site_id, today, &bp) < 0 ? -1 : bp;
}

void premi_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    const char *stmt = arena_printf(&r->a, "/wbp/%lld/premi/statement", (long long)wbp->id);
    if (!ent_can(r, "GET", stmt)) return;
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    premi_balance_t bal;
    premi_row_t *rows;
    int n = 0;
    h(b, "<h2 id=\"premi\">%s</h2>", _("Premi (bagian hasil kerja)"));
    if (premi_balance_get(r->db, &e, wbp->id, &bal) < 0 || premi_ledger_list(r->db, &e, &r->a, wbp->id, &rows, &n) < 0) {
        h(b, "<p class=\"error\">%s</p>", _("Buku premi tidak dapat dimuat."));
        return;
    }
    int bp = saved_bp_today(r, wbp->site_id);
    char pct[40];
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", _("Dapat dibelanjakan"),
      fmt_rupiah(&r->a, bal.spendable), _("Ditabung sampai bebas"), fmt_rupiah(&r->a, bal.saved), _("Jumlah"),
      fmt_rupiah(&r->a, bal.spendable + bal.saved));
    if (bp >= 0)
        h(b, "<dt>%s</dt><dd>%s%%</dd>", _("Bagian setiap kredit yang ditabung (pengaturan)"),
          rec_fixed_text(bp, 2, pct, sizeof pct));
    h(b, "</dl><p>%s <a href=\"%s?format=pdf\">PDF</a> · <a href=\"%s?format=xlsx\">XLSX</a> · "
         "<a href=\"%s?format=csv\">CSV</a></p>",
      _("Rekening premi:"), stmt, stmt, stmt);
    h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Mutasi premi"), _("Tanggal"), _("Jenis"), _("Uraian"), _("Jumlah"), _("Dapat dibelanjakan"), _("Tabungan"),
      _("Bukti"));
    for (int i = n - 1; i >= 0; i--) {
        const premi_row_t *x = &rows[i];
        bool credit = str_eq(x->kind, "credit") || str_eq(x->kind, "transfer_in");
        h(b, "<tr><td>%s</td><td>%s</td><td>", fmt_date_id(&r->a, x->entry_date), premi_kind_label(x->kind));
        /* the sale's page only for a role that may open it (a wali may not: the receipt number alone) */
        if (x->sale_id && route_role_may(r->user.role, "GET", "/sales/1"))
            h(b, "%s <a href=\"/sales/%D\">%s</a>", x->note, x->sale_id, x->sale_receipt_no);
        else if (x->sale_id) h(b, "%s %s", x->note, x->sale_receipt_no);
        else h(b, "%s", x->note);
        h(b, "</td><td>%R%s</td><td>%s</td><td>%s</td><td><a href=\"/premi-entries/%D/receipt.pdf\">%s</a></td></tr>",
          credit ? "+" : "−", fmt_rupiah(&r->a, x->amount), fmt_rupiah(&r->a, x->spendable_after),
          fmt_rupiah(&r->a, x->saved_after), x->id, _("PDF"));
    }
    if (n == 0) h(b, "<tr><td colspan=\"7\">%s</td></tr>", _("Belum ada catatan premi."));
    h(b, "</tbody></table>");
    char today[11];
    today_iso(today);
    const char *deb = arena_printf(&r->a, "/wbp/%lld/premi/debits", (long long)wbp->id);
    if (ent_can(r, "POST", deb)) {
        h(b, "<details><summary>%s</summary><form method=\"post\" action=\"%s\" class=\"filters\">",
          _("Catat pembelian dengan premi"), deb);
        h_csrf(r, b);
        h(b, "<div class=\"field\"><label for=\"pd-date\">%s</label><input id=\"pd-date\" name=\"date\" type=\"date\" "
             "value=\"%s\"></div><div class=\"field\"><label for=\"pd-amount\">%s *</label><input id=\"pd-amount\" "
             "name=\"amount\" type=\"text\" inputmode=\"numeric\" required></div><div class=\"field\"><label "
             "for=\"pd-receipt\">%s</label><input id=\"pd-receipt\" name=\"receipt_no\" type=\"text\"></div><div "
             "class=\"field\"><label for=\"pd-note\">%s</label><input id=\"pd-note\" name=\"note\" type=\"text\"></div>"
             "<div><button type=\"submit\">%s</button></div></form><p class=\"muted\">%s</p></details>",
          _("Tanggal"), today, _("Jumlah (Rp)"), _("Nomor bukti"), _("Keterangan"), _("Simpan"),
          _("Pembelian hanya dari bagian yang dapat dibelanjakan; saldo tidak pernah negatif."));
    }
    const char *pay = arena_printf(&r->a, "/wbp/%lld/premi/payout", (long long)wbp->id);
    if (ent_can(r, "POST", pay)) {
        /* shown to those who may pay out; usable once the inmate is released and has a balance */
        bool can = str_eq(wbp->v[WF_STATUS], "bebas") && bal.spendable + bal.saved > 0;
        h(b, "<details><summary>%s</summary><form method=\"post\" action=\"%s\" class=\"filters\">",
          _("Bayarkan seluruh premi (saat bebas)"), pay);
        h_csrf(r, b);
        h(b, "<div class=\"field\"><label for=\"pp-date\">%s *</label><input id=\"pp-date\" name=\"date\" "
             "type=\"date\" value=\"%s\"></div><div class=\"field\"><label for=\"pp-receipt\">%s</label><input "
             "id=\"pp-receipt\" name=\"receipt_no\" type=\"text\"></div><div class=\"field\"><label "
             "for=\"pp-note\">%s</label><input id=\"pp-note\" name=\"note\" type=\"text\"></div><div><button "
             "type=\"submit\"%R>%s %s</button></div></form><p class=\"muted\">%s</p></details>",
          _("Tanggal pembayaran"), today, _("Nomor bukti"), _("Keterangan"), can ? "" : " disabled", _("Bayarkan"),
          fmt_rupiah(&r->a, bal.spendable + bal.saved),
          can ? _("Seluruh saldo (bagian dapat dibelanjakan dan tabungan) dibayarkan; tanda terimanya dapat dicetak.")
              : _("Saldo premi dibayarkan saat WBP bebas."));
    }
}

int api_wbp_premi(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    err_t e;
    err_clear(&e);
    premi_balance_t bal;
    premi_row_t *rows;
    int n = 0;
    if (premi_balance_get(r->db, &e, wbp.id, &bal) < 0 || premi_ledger_list(r->db, &e, &r->a, wbp.id, &rows, &n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, entry_json(&rows[i]));
    int bp = saved_bp_today(r, wbp.site_id);
    return resp_json(w, 200,
                     json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:I, s:I}, s:o, s:o}", "wbp_id", (json_int_t)wbp.id, "regno",
                               wbp.v[WF_REGNO], "name", wbp.v[WF_NAME], "site", wbp.site_code, "balance", "spendable",
                               (json_int_t)bal.spendable, "saved", (json_int_t)bal.saved, "total",
                               (json_int_t)(bal.spendable + bal.saved), "saved_bp", bp >= 0 ? json_integer(bp) : json_null(),
                               "entries", arr));
}

/* Checks the date of a move (today when empty, not in the future). */
static const char *move_date(req_t *r, const char *v, field_errs_t *fe)
{
    char today[11];
    today_iso(today);
    if (!v) return arena_strdup(&r->a, today);
    if (strcmp(v, today) > 0) field_err(fe, "date", _("Tanggal tidak boleh sesudah hari ini (%s)"), today);
    return v;
}

/* Posts a debit or payout from values v (already parsed into fe). 0 with *out, 1
 * with field errors in fe, -1 with r->err. */
static int post_move(req_t *r, const rec_t *wbp, premi_kind_t kind, const char **v, field_errs_t *fe,
                     premi_entry_t *out)
{
    const record_def_t *d = kind == PREMI_PAYOUT ? &payout_def : &premi_move_def;
    rec_finish(d, v, fe);
    const char *date = move_date(r, v[0], fe);
    if (kind == PREMI_PAYOUT && !str_eq(wbp->v[WF_STATUS], "bebas") && !fe->n)
        return web_fail(r, 409, "not_released",
                        _("%s belum bebas (status: %s); premi dibayarkan seluruhnya saat bebas"), wbp->v[WF_NAME],
                        wbp->v[WF_STATUS]);
    if (fe->n) return 1;
    err_t e;
    err_clear(&e);
    int rc;
    if (kind == PREMI_PAYOUT)
        rc = premi_release_payout(r->db, &e, web_actor(r), wbp->id, date, v[1], v[2], out);
    else {
        premi_post_t p = {wbp->id, PREMI_DEBIT, strtoll(v[PMF_AMOUNT], NULL, 10), date, 0, v[PMF_RECEIPT_NO],
                          v[PMF_NOTE] ? v[PMF_NOTE] : _("Pembelian di dalam Lapas")};
        if (p.amount <= 0) {
            field_err(fe, "amount", _("Jumlah pembelian harus lebih dari Rp 0"));
            return 1;
        }
        rc = premi_post(r->db, &e, web_actor(r), &p, out);
    }
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

static int api_move(req_t *r, resp_t *w, premi_kind_t kind)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const record_def_t *d = kind == PREMI_PAYOUT ? &payout_def : &premi_move_def;
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    web_json_to_values(r, d, body, v, &fe);
    json_decref(body);
    premi_entry_t out;
    int rc = post_move(r, &wbp, kind, v, &fe, &out);
    if (rc < 0) return -1;
    if (rc == 1) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    premi_row_t row;
    if (premi_ledger_get(r->db, &e, &r->a, out.id, &row) != 1) return web_fail(r, 500, "db_error", "%s", e.msg);
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/wbp/%lld/premi", (long long)wbp.id));
    return resp_json(w, 201, entry_json(&row));
}

int api_premi_debit(req_t *r, resp_t *w) { return api_move(r, w, PREMI_DEBIT); }
int api_premi_payout(req_t *r, resp_t *w) { return api_move(r, w, PREMI_PAYOUT); }

static int page_move(req_t *r, resp_t *w, premi_kind_t kind)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const record_def_t *d = kind == PREMI_PAYOUT ? &payout_def : &premi_move_def;
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    for (int i = 0; i < d->nfields; i++) rec_set(&r->a, d, v, i, req_form(r, d->fields[i].name), &fe);
    premi_entry_t out;
    int rc = post_move(r, &wbp, kind, v, &fe, &out);
    if (rc < 0) return -1;
    if (rc == 0) {
        resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1#premi", (long long)wbp.id));
        return 0;
    }
    return web_refused_page(r, w, kind == PREMI_PAYOUT ? _("Pembayaran premi") : _("Pembelian dengan premi"), &fe,
                            arena_printf(&r->a, "/wbp/%lld#premi", (long long)wbp.id), _("Kembali ke halaman WBP"));
}

int page_premi_debit(req_t *r, resp_t *w) { return page_move(r, w, PREMI_DEBIT); }
int page_premi_payout(req_t *r, resp_t *w) { return page_move(r, w, PREMI_PAYOUT); }

int page_premi_receipt(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    report_t *rep = prodrep_premi_receipt(r->db, &e, r->user.id, r->id);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
    return web_send_report(r, w, rep, "pdf", arena_printf(&r->a, "premi-%lld.pdf", (long long)r->id));
}

int page_premi_statement(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const char *fmt = req_query(r, "format");
    if (!fmt || !*fmt) fmt = "pdf";
    if (!report_ctype(fmt)) return web_fail(r, 400, "bad_format", _("format harus csv, xlsx atau pdf"));
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    report_t *rep = prodrep_statement(r->db, &e, r->user.id, wbp.id, str_eq(fmt, "csv"), today);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
    return web_send_report(r, w, rep, fmt, arena_printf(&r->a, "premi-wbp-%lld.%s", (long long)wbp.id, fmt));
}
