/* pages_production.c — the production handlers that are not generic entity pages:
 * settling a sale (page and API), the sale's settlement section, the sales receipt
 * PDF, and the sales a PNBP deposit covers (section, form and API). */
#include "production.h"
#include "../report/prod_report.h"
#include <stdlib.h>
#include <string.h>

json_t *settle_json(req_t *r, const prod_settle_t *o)
{
    (void)r;
    char ef[DATE_ISO_LEN];
    date_format(o->rule.effective_from, ef);
    json_t *shares = json_array();
    for (int i = 0; i < o->nshares; i++)
        json_array_append_new(shares, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "wbp_id",
                                                (json_int_t)o->shares[i].wbp_id, "name", o->shares[i].name, "regno",
                                                o->shares[i].regno, "weight", (json_int_t)o->shares[i].weight, "premi",
                                                (json_int_t)o->shares[i].share, "ledger_id",
                                                (json_int_t)o->shares[i].ledger_id));
    json_t *rule = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)o->split_id, "effective_from", ef,
                             "premi_bp", (json_int_t)o->rule.premi_bp, "pnbp_bp", (json_int_t)o->rule.pnbp_bp,
                             "capital_bp", (json_int_t)o->rule.capital_bp, "share_basis",
                             money_basis_name(o->rule.basis), "remainder_to", money_bucket_name(o->rule.remainder));
    return json_pack("{s:I, s:b, s:I, s:I, s:I, s:I, s:o, s:o}", "sale_id", (json_int_t)o->sale_id, "already_settled",
                     o->already, "revenue", (json_int_t)o->split.revenue, "premi", (json_int_t)o->split.premi, "pnbp",
                     (json_int_t)o->split.pnbp, "capital", (json_int_t)o->split.capital, "rule", rule, "shares",
                     shares);
}

/* Settles the sale (already loaded: access before parsing), confirming total. 0 and
 * *o, or -1 with r->err. */
static int settle(req_t *r, const rec_t *sale, int64_t total, prod_settle_t *o)
{
    err_t e;
    err_clear(&e);
    if (prod_sale_settle(r->db, &e, &r->a, web_actor(r), sale->id, total, o) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* The confirmation a settle request carries: {"total": N} (the total being split). */
static const field_def_t settle_fields[1] = {{"total", N_("Total yang dibagi (konfirmasi)"), FT_MONEY, true, 0}};
static const record_def_t settle_def = {"sale", "sale", settle_fields, 1, NULL, N_("Pembagian hasil")};

int api_sale_settle(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *v[1] = {NULL};
    field_errs_t fe = {0};
    web_json_to_values(r, &settle_def, body, v, &fe);
    json_decref(body);
    rec_finish(&settle_def, v, &fe);
    if (fe.n) return web_validation_reply(r, w, &fe);
    prod_settle_t o;
    if (settle(r, &sale, strtoll(v[0], NULL, 10), &o) < 0) return -1;
    resp_json(w, 200, settle_json(r, &o));
    return 0;
}

int page_sale_settle(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    const char *v[1] = {NULL};
    field_errs_t fe = {0};
    rec_set(&r->a, &settle_def, v, 0, req_form(r, "total"), &fe);
    rec_finish(&settle_def, v, &fe);
    if (fe.n) return web_fail(r, 422, "validation", "%s", fe.e[0].msg);
    prod_settle_t o;
    if (settle(r, &sale, strtoll(v[0], NULL, 10), &o) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/sales/%lld?saved=1#pembagian", (long long)r->id));
    return 0;
}

void sale_settlement_section(req_t *r, resp_t *w, const rec_t *sale)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    h(b, "<h2 id=\"pembagian\">%s</h2>", _("Pembagian hasil"));
    h(b, "<p><a class=\"button\" href=\"/sales/%D/receipt.pdf\">%s</a></p>", sale->id, _("Cetak kuitansi (PDF)"));
    prod_settle_t o;
    int rc = sale->v[SAF_SPLIT_ID] ? prod_sale_outcome(r->db, &e, &r->a, sale->id, &o) : 0;
    if (rc < 0) {
        h(b, "<p class=\"error\">%s</p>", _("Pembagian hasil tidak dapat dimuat."));
        return;
    }
    if (rc == 0) {
        h(b, "<p>%s</p>", _("Penjualan ini belum dibagi. Setelah lunas, hasilnya dibagi menurut aturan unit produksi "
                            "yang berlaku pada tanggal penjualan, dan premi setiap pekerja produksinya dikreditkan ke "
                            "buku premi mereka."));
        const char *act = arena_printf(&r->a, "/sales/%lld/settle", (long long)sale->id);
        if (ent_can(r, "POST", act)) {
            h(b, "<form method=\"post\" action=\"%s\">", act);
            h_csrf(r, b);
            h(b, "<input type=\"hidden\" name=\"total\" value=\"%s\"><button type=\"submit\">%s %s</button></form>",
              sale->v[SAF_TOTAL] ? sale->v[SAF_TOTAL] : "0", _("Bagi hasil dan kreditkan premi dari total"),
              fmt_rupiah(&r->a, sale->v[SAF_TOTAL] ? strtoll(sale->v[SAF_TOTAL], NULL, 10) : 0));
        }
        return;
    }
    char t1[40], t2[40], t3[40], ef[DATE_ISO_LEN];
    date_format(o.rule.effective_from, ef);
    h(b, "<p>%s %s: %s %s%%, %s %s%%, %s %s%%; %s; %s: %s.</p>", _("Dibagi menurut aturan yang berlaku mulai"),
      fmt_date_id(&r->a, ef), _("premi"),
      rec_fixed_text(o.rule.premi_bp, 2, t1, sizeof t1), _("PNBP"), rec_fixed_text(o.rule.pnbp_bp, 2, t2, sizeof t2),
      _("modal kerja"), rec_fixed_text(o.rule.capital_bp, 2, t3, sizeof t3),
      o.rule.basis == SHARE_HOURS ? _("premi dibagi menurut jam kerja") : _("premi dibagi menurut kepingan"),
      _("sisa pembulatan ke"),
      o.rule.remainder == BUCKET_PREMI  ? _("premi")
      : o.rule.remainder == BUCKET_PNBP ? _("PNBP")
                                        : _("modal kerja"));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody><tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
         "</tbody></table>",
      _("Pendapatan"), _("Premi WBP"), _("PNBP"), _("Modal kerja"), fmt_rupiah(&r->a, o.split.revenue),
      fmt_rupiah(&r->a, o.split.premi), fmt_rupiah(&r->a, o.split.pnbp), fmt_rupiah(&r->a, o.split.capital));
    if (o.nshares) {
        h(b, "<h3>%s</h3><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Premi per pekerja"), _("WBP"), _("No. registrasi"),
          o.rule.basis == SHARE_HOURS ? _("Menit kerja") : _("Kepingan"), _("Premi"));
        for (int i = 0; i < o.nshares; i++)
            h(b, "<tr><td><a href=\"/wbp/%D#premi\">%s</a></td><td>%s</td><td>%D</td><td>%s</td></tr>",
              o.shares[i].wbp_id, o.shares[i].name, o.shares[i].regno, o.shares[i].weight,
              fmt_rupiah(&r->a, o.shares[i].share));
        h(b, "</tbody></table>");
    }
    db_stmt_t *st = db_query(r->db, &e,
                             "SELECT d.id, d.ntpn, d.deposit_date FROM pnbp_deposit_sale x"
                             " JOIN pnbp_deposit d ON d.id = x.deposit_id WHERE x.sale_id = ?",
                             "i", sale->id);
    if (st && db_step(st, &e) == 1)
        h(b, "<p>%s <a href=\"/pnbp-deposits/%D\">NTPN %s</a> (%s).</p>", _("PNBP penjualan ini sudah disetor:"),
          db_col_int(st, 0), db_col_text(st, 1), fmt_date_id(&r->a, db_col_text(st, 2)));
    else if (o.split.pnbp > 0)
        h(b, "<p class=\"error\">%s %s</p>", _("PNBP penjualan ini belum disetor:"), fmt_rupiah(&r->a, o.split.pnbp));
    db_finalize(st);
    const char *act = arena_printf(&r->a, "/sales/%lld/reverse", (long long)sale->id);
    if (ent_can(r, "POST", act)) {
        h(b, "<h3>%s</h3><form method=\"post\" action=\"%s\">", _("Koreksi bagi hasil"), act);
        h_csrf(r, b);
        h(b, "<label for=\"rev-reason\">%s</label><textarea id=\"rev-reason\" name=\"reason\" required></textarea>"
             "<button type=\"submit\">%s</button></form>",
          _("Alasan pembatalan"), _("Tinjau pembatalan"));
    }
}

/* ---------------------------------------------------------------- settlement reversal (issue 22) */

/* POST /sales/{id}/reverse: without confirm=1 the review page (the split to undo,
 * the credits reversed, the reason), with it the reversing entries. */
int page_sale_reverse(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    const char *reason = req_form(r, "reason"), *confirm = req_form(r, "confirm");
    bool ok_reason = reason && *reason;
    err_t e;
    err_clear(&e);
    prod_sale_reversal_t o;
    if (ok_reason && confirm && str_eq(confirm, "1")) {
        if (prod_sale_reverse(r->db, &e, web_actor(r), r->id, reason, false, &o) == 0) {
            resp_redirect(w, arena_printf(&r->a, "/sales/%lld?saved=1#pembagian", (long long)r->id));
            return 0;
        }
        if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    err_t e2;
    err_clear(&e2);
    if (prod_sale_reverse(r->db, &e2, web_actor(r), r->id, NULL, true, &o) < 0 && !e.msg[0]) e = e2;
    page_begin(r, w, _("Tinjau pembatalan bagi hasil"));
    buf_t *b = &w->body;
    h(b, "<h1>%s</h1>", _("Tinjau pembatalan bagi hasil"));
    if (e.msg[0]) h(b, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
    h(b, "<p>%s</p><ul><li>%s: %s</li><li>%s: %s, %s %s, %s %s</li><li>%s: %d</li></ul>",
      _("Bagi hasil penjualan ini akan dibatalkan dengan entri pembalik (catatan lama tetap tersimpan):"),
      _("Penjualan"), sale.v[SAF_RECEIPT_NO] ? sale.v[SAF_RECEIPT_NO] : "", _("Premi"), fmt_rupiah(&r->a, o.premi),
      _("PNBP"), fmt_rupiah(&r->a, o.pnbp), _("modal kerja"), fmt_rupiah(&r->a, o.capital),
      _("kredit premi pekerja yang dibalik (didebit)"), o.credits);
    h(b, "<form method=\"post\" action=\"/sales/%D/reverse\">", r->id);
    h_csrf(r, b);
    h(b, "<label for=\"reason\">%s</label>", _("Alasan pembatalan"));
    if (!ok_reason) h(b, "<p class=\"error\" id=\"reason-err\">%s</p>", _("Alasan pembatalan wajib diisi"));
    h(b, "<textarea id=\"reason\" name=\"reason\" required%R>%s</textarea>",
      ok_reason ? "" : " aria-describedby=\"reason-err\"", reason ? reason : "");
    h(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> "
         "<a href=\"/sales/%D\">%s</a></form>",
      _("Ya, batalkan bagi hasil"), r->id, _("Batal"));
    page_end(r, w);
    return 0;
}

/* POST /api/v1/sales/{id}/reverse {reason, confirm}: without "confirm": true the
 * preview only; with it the reversing entries. */
int api_sale_reverse(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *reason = json_string_value(json_object_get(body, "reason"));
    bool confirm = json_is_true(json_object_get(body, "confirm"));
    reason = reason ? arena_strdup(&r->a, reason) : NULL;
    json_decref(body);
    if (!reason || !*reason) {
        field_errs_t fe = {0};
        field_err(&fe, "reason", "%s", _("Alasan pembatalan wajib diisi"));
        return web_validation_reply(r, w, &fe);
    }
    err_t e;
    err_clear(&e);
    prod_sale_reversal_t o;
    if (prod_sale_reverse(r->db, &e, web_actor(r), r->id, reason, !confirm, &o) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_json(w, 200, json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:i}", "applied", confirm, "sale_id",
                                (json_int_t)r->id, "reversal_id", (json_int_t)o.id, "total", (json_int_t)o.total,
                                "premi", (json_int_t)o.premi, "pnbp", (json_int_t)o.pnbp, "capital",
                                (json_int_t)o.capital, "credits_reversed", o.credits));
    return 0;
}

/* GET /sales/{id}/receipt.pdf */
int page_sale_receipt(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    err_t e;
    err_clear(&e);
    report_t *rep = prodrep_sale_receipt(r->db, &e, r->user.id, sale.id);
    if (!rep) return web_fail(r, e.status, e.code, "%s", e.msg);
    int rc = report_pdf(rep, &w->body, NULL, &e);
    report_free(rep);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    w->ctype = "application/pdf";
    resp_header(w, "Content-Disposition",
                arena_printf(&r->a, "inline; filename=\"kuitansi-%lld.pdf\"", (long long)sale.id));
    return 0;
}

/* ---------------------------------------------------------------- PNBP deposits */

void deposit_sales_section(req_t *r, resp_t *w, const rec_t *dep)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    prod_sale_row_t *cov, *open;
    int ncov = 0, nopen = 0;
    h(b, "<h2 id=\"penjualan\">%s</h2>", _("Penjualan yang PNBP-nya dicakup setoran ini"));
    if (prod_sales_list(r->db, &e, &r->a, r->user.id, dep->site_id, NULL, NULL, false, dep->id, &cov, &ncov) < 0 ||
        prod_sales_list(r->db, &e, &r->a, r->user.id, dep->site_id, NULL, NULL, true, 0, &open, &nopen) < 0) {
        h(b, "<p class=\"error\">%s</p>", _("Daftar penjualan tidak dapat dimuat."));
        return;
    }
    rupiah_t covered = 0;
    for (int i = 0; i < ncov; i++) covered += cov[i].pnbp;
    int64_t amount = dep->v[PDF_AMOUNT] ? strtoll(dep->v[PDF_AMOUNT], NULL, 10) : 0;
    h(b, "<p>%s %s · %s %s · %s %s</p>", _("Jumlah setoran:"), fmt_rupiah(&r->a, amount), _("PNBP dicakup:"),
      fmt_rupiah(&r->a, covered), _("belum dialokasikan:"), fmt_rupiah(&r->a, amount - covered));
    const char *act = arena_printf(&r->a, "/pnbp-deposits/%lld/sales", (long long)dep->id);
    bool can = ent_can(r, "POST", act);
    if (can) {
        h(b, "<form method=\"post\" action=\"%s\">", act);
        h_csrf(r, b);
    }
    h(b, "<table><thead><tr>%R<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      can ? "<th scope=\"col\">✓</th>" : "", _("Tanggal"), _("Kuitansi"), _("Unit"), _("Pembeli"), _("PNBP"));
    for (int k = 0; k < 2; k++) {
        prod_sale_row_t *rows = k ? open : cov;
        int n = k ? nopen : ncov;
        for (int i = 0; i < n; i++) {
            h(b, "<tr>");
            if (can)
                h(b, "<td><input type=\"checkbox\" id=\"s-%D\" name=\"sale_id\" value=\"%D\"%R aria-label=\"%s\"></td>",
                  rows[i].id, rows[i].id, k ? "" : " checked", rows[i].receipt_no);
            h(b, "<td>%s</td><td><a href=\"/sales/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>",
              fmt_date_id(&r->a, rows[i].sale_date), rows[i].id, rows[i].receipt_no, rows[i].unit_code,
              rows[i].buyer, fmt_rupiah(&r->a, rows[i].pnbp));
        }
    }
    if (ncov + nopen == 0) h(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Tidak ada penjualan dengan PNBP terutang."));
    h(b, "</tbody></table>");
    if (can) h(b, "<p>%s</p><p><button type=\"submit\">%s</button></p></form>",
               _("Centang penjualan yang PNBP-nya disetor dengan NTPN ini (di atas: yang sudah dicakup; di bawahnya: "
                 "yang belum disetor)."),
               _("Simpan penjualan yang dicakup"));
}

/* Sets the covered sales and answers: 0 done, 1 field errors in fe, -1 r->err. */
static int set_sales(req_t *r, const rec_t *dep, const int64_t *ids, int n, field_errs_t *fe)
{
    err_t e;
    err_clear(&e);
    if (prod_deposit_set_sales(r->db, &e, &r->a, web_actor(r), dep->id, ids, n, fe) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return fe->n ? 1 : 0;
}

#define MAX_COVER 1000

int page_deposit_sales(req_t *r, resp_t *w)
{
    rec_t dep;
    if (ent_load(r, &pnbp_deposit_entity, r->id, &dep) < 0) return -1;
    int64_t *ids = arena_alloc(&r->a, sizeof *ids * MAX_COVER);
    int n = 0;
    field_errs_t fe = {0};
    for (int i = 0; i < r->form.n; i++) {
        if (str_eq(r->form.kv[i].k, "_csrf")) continue;
        if (!str_eq(r->form.kv[i].k, "sale_id")) {
            field_err(&fe, "sale_ids", _("kolom \"%.60s\" tidak dikenal"), r->form.kv[i].k);
            continue;
        }
        int64_t id;
        if (!parse_i64(r->form.kv[i].v, &id) || id <= 0) {
            field_err(&fe, "sale_ids", _("id penjualan \"%.40s\" tidak sah"), r->form.kv[i].v);
            continue;
        }
        if (n == MAX_COVER) return web_fail(r, 400, "too_many", _("paling banyak %d penjualan per setoran"), MAX_COVER);
        ids[n++] = id;
    }
    int rc = fe.n ? 1 : set_sales(r, &dep, ids, n, &fe);
    if (rc < 0) return -1;
    if (rc == 0) {
        resp_redirect(w, arena_printf(&r->a, "/pnbp-deposits/%lld?saved=1#penjualan", (long long)dep.id));
        return 0;
    }
    page_begin(r, w, _("Penjualan yang dicakup setoran PNBP"));
    h(&w->body, "<div class=\"error\" role=\"alert\"><ul>");
    for (int i = 0; i < fe.n; i++) h(&w->body, "<li>%s</li>", fe.e[i].msg);
    h(&w->body, "</ul></div><p><a href=\"/pnbp-deposits/%D\">%s</a></p>", dep.id, _("Kembali ke setoran"));
    page_end(r, w);
    w->status = 422;
    return 0;
}

int api_deposit_sales(req_t *r, resp_t *w)
{
    rec_t dep;
    if (ent_load(r, &pnbp_deposit_entity, r->id, &dep) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (!str_eq(k, "sale_ids")) field_err(&fe, arena_strdup(&r->a, k), _("kolom \"%.60s\" tidak dikenal"), k);
    }
    json_t *arr = json_object_get(body, "sale_ids");
    int64_t *ids = arena_alloc(&r->a, sizeof *ids * MAX_COVER);
    int n = 0;
    if (!json_is_array(arr))
        field_err(&fe, "sale_ids", _("sale_ids wajib berupa daftar id penjualan (boleh kosong)"));
    else if (json_array_size(arr) > MAX_COVER)
        field_err(&fe, "sale_ids", _("paling banyak %d penjualan per setoran"), MAX_COVER);
    else
        for (size_t i = 0; i < json_array_size(arr); i++) {
            json_t *x = json_array_get(arr, i);
            if (!json_is_integer(x) || json_integer_value(x) <= 0) {
                field_err(&fe, "sale_ids", _("sale_ids harus berisi id penjualan (bilangan bulat positif)"));
                break;
            }
            ids[n++] = json_integer_value(x);
        }
    json_decref(body);
    int rc = fe.n ? 1 : set_sales(r, &dep, ids, n, &fe);
    if (rc < 0) return -1;
    if (rc == 1) return web_validation_reply(r, w, &fe);
    if (ent_load(r, &pnbp_deposit_entity, dep.id, &dep) < 0) return -1;
    resp_json(w, 200, ent_to_json(r, &pnbp_deposit_entity, &dep, true));
    return 0;
}
