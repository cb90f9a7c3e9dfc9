/* production.c — production units and their split rules, production runs and their
 * workers, sales and their items, and PNBP deposits, described as entities for the
 * generic pages, CSV and API (entity.h), with the hooks that carry their rules:
 * a split's parts add up to 100% and no rule is changed or back-dated over sales
 * already settled; a settled sale, its items and the workers of its production run
 * are locked; a sale's total is the sum of its items (item amount = quantity x price,
 * half up); a sale names a production run of its own unit made on or before it;
 * a deposit's amount covers the PNBP of the sales it lists. Settling, deposits'
 * sales and receipts: the last part of this file. */
#include "../pages.h"
#include "../../store/production_store.h"
#include "../../report/prod_report.h"
#include "../../store/settings.h"
#include <stdlib.h>
#include <string.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

/* The settlement section of a sale's page, the covered sales of a deposit's page
 * (the entities' show hooks), and the JSON of a settlement outcome; below. */
static void sale_settlement_section(req_t *r, resp_t *w, const rec_t *sale);
static void deposit_sales_section(req_t *r, resp_t *w, const rec_t *dep);
static json_t *settle_json(req_t *r, const prod_settle_t *o);

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* Links between the production registers, under their lists. */
static void prod_links(req_t *r, resp_t *w)
{
    h(&w->body, "<nav aria-label=\"%s\"><p><a href=\"/production-units\">%s</a> · <a href=\"/productions\">%s</a> · "
                "<a href=\"/sales\">%s</a> · <a href=\"/pnbp-deposits\">%s</a> · <a href=\"/reports\">%s</a></p></nav>",
      _("Produksi"), _("Unit produksi"), _("Produksi"), _("Penjualan"), _("Setoran PNBP"), _("Laporan"));
    (void)r;
}

/* ---------------------------------------------------------------- units and split rules */

/* The unit's rule in force today, as JSON (null when none). */
static json_t *rule_today_json(req_t *r, int64_t unit_id)
{
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    prod_split_row_t s;
    json_t *o = json_null();
    if (prod_split_in_force(r->db, &e, &r->a, unit_id, today, &s) == 1)
        o = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)s.id, "effective_from",
                      s.effective_from, "premi_bp", (json_int_t)s.premi_bp, "pnbp_bp", (json_int_t)s.pnbp_bp,
                      "capital_bp", (json_int_t)s.capital_bp, "share_basis", s.share_basis, "remainder_to",
                      s.remainder_to);
    return o ? o : json_null();
}

static void unit_json(req_t *r, json_t *o, const rec_t *rec)
{
    json_object_set_new(o, "split_today", rule_today_json(r, rec->id));
}

static void unit_show(req_t *r, resp_t *w, const rec_t *rec)
{
    (void)r;
    buf_t *b = &w->body;
    h(b, "<h2>%s</h2><p>%s</p><ul>", _("Pembagian hasil"),
      _("Hasil setiap penjualan dibagi menurut aturan yang berlaku pada tanggal penjualan: aturan dengan tanggal mulai "
        "berlaku paling akhir yang tidak melewati tanggal itu. Rupiah selalu bulat; sisa pembulatan masuk ke bagian "
        "yang dipilih aturan, sehingga premi + PNBP + modal kerja = pendapatan. Aturan yang sudah dipakai penjualan "
        "yang dibagi tidak dapat diubah: tambahkan aturan baru dengan tanggal berlaku baru."));
    h(b, "<li><a href=\"/productions?unit_id=%D\">%s</a></li><li><a href=\"/sales?unit_id=%D\">%s</a></li></ul>", rec->id,
      _("Produksi unit ini"), rec->id, _("Penjualan unit ini"));
}

/* A rule may not take effect on or before the unit's last settled sale, nor may one
 * that did be changed or removed: settled sales keep the rule they were split by. */
static int split_check_dates(ent_write_t *w, err_t *e, int64_t unit_id, const char *new_from, const char *old_from)
{
    char last[11];
    int has = prod_unit_last_settled(w->db, e, unit_id, last);
    if (has < 0) return -1;
    if (!has) return 0;
    if (old_from && strcmp(old_from, last) <= 0)
        field_err(w->fe, "effective_from",
                  _("Aturan ini berlaku untuk penjualan yang sudah dibagi (terakhir %s); aturan yang sudah dipakai tidak "
                    "dapat diubah atau dihapus. Tambahkan aturan baru dengan tanggal berlaku setelah %s."),
                  fmt_date_id(&w->r->a, last), fmt_date_id(&w->r->a, last));
    else if (new_from && strcmp(new_from, last) <= 0)
        field_err(w->fe, "effective_from",
                  _("Penjualan unit ini sudah dibagi sampai %s; aturan baru harus berlaku setelah tanggal itu"),
                  fmt_date_id(&w->r->a, last));
    return 0;
}

static int split_check(ent_write_t *w, err_t *e)
{
    split_validate(w->v, w->fe);
    if (w->fe->n || !w->parent) return 0;
    split_rule_t rule;
    err_t me;
    if (split_rule_from_values(w->v, w->parent->id, &rule) && money_rule_check(&rule, &me) < 0)
        field_err(w->fe, "capital_bp", "%s", me.msg);
    const char *old = w->before ? w->before->v[RSF_EFFECTIVE_FROM] : NULL;
    if (w->before) {
        /* an unchanged rule is no change */
        bool same = true;
        for (int i = 0; i < RSF_COUNT; i++) same &= str_eq(w->v[i], w->before->v[i]) || (!w->v[i] && !w->before->v[i]);
        if (same) return 0;
    }
    return split_check_dates(w, e, w->parent->id, w->v[RSF_EFFECTIVE_FROM], old);
}

static int split_check_delete(ent_write_t *w, err_t *e)
{
    return split_check_dates(w, e, w->before->parent_id, NULL, w->before->v[RSF_EFFECTIVE_FROM]);
}

static const char *split_cell(req_t *r, const rec_t *rec, int field)
{
    if (field != RSF_PREMI_BP && field != RSF_PNBP_BP && field != RSF_CAPITAL_BP) return NULL;
    char t[40];
    return rec->v[field] ? arena_printf(&r->a, "%s%%", rec_fixed_text(num(rec->v[field]), 2, t, sizeof t)) : "-";
}

const entity_t production_unit_entity;
const entity_t revenue_split_entity = {
    .def = &revenue_split_def,
    .slug = "revenue-splits",
    .title = N_("Aturan pembagian hasil"),
    .one = N_("Aturan pembagian"),
    .parent = &production_unit_entity,
    .child_key = "splits",
    .label_field = RSF_EFFECTIVE_FROM,
    .list_cols = L(RSF_EFFECTIVE_FROM, RSF_PREMI_BP, RSF_PNBP_BP, RSF_CAPITAL_BP, RSF_SHARE_BASIS, RSF_REMAINDER_TO,
                   RSF_BASIS_NOTE),
    .default_sort = RSF_EFFECTIVE_FROM,
    .unique_field = RSF_EFFECTIVE_FROM,
    .check = split_check,
    .check_delete = split_check_delete,
    .cell = split_cell,
};

const entity_t production_unit_entity = {
    .def = &production_unit_def,
    .slug = "production-units",
    .title = N_("Unit produksi"),
    .one = N_("Unit produksi"),
    .label_field = PUF_NAME,
    .list_cols = L(PUF_NAME, PUF_CODE, PUF_TRADE, PUF_SUPERVISOR, PUF_ACTIVE),
    .search = L(PUF_CODE, PUF_NAME, PUF_SUPERVISOR),
    .sort = L(PUF_CODE, PUF_NAME, PUF_TRADE),
    .filters = L(PUF_ACTIVE),
    .default_sort = PUF_CODE,
    .unique_field = PUF_CODE,
    .children = (const entity_t *const[]){&revenue_split_entity, NULL},
    .json = unit_json,
    .show = unit_show,
    .list_extra = prod_links,
};

/* ---------------------------------------------------------------- production runs */

/* A new run or sale needs an active unit. */
static int unit_active_check(ent_write_t *w, err_t *e, int field)
{
    if (w->before || !w->v[field] || field_errs_for(w->fe, production_def.fields[0].name)) return 0;
    rec_t u;
    int rc = rec_load(w->db, e, &w->r->a, &production_unit_def, 0, num(w->v[field]), &u);
    if (rc < 0) return -1;
    if (rc == 1 && str_eq(u.v[PUF_ACTIVE], "0"))
        field_err(w->fe, "unit_id", _("Unit produksi \"%s\" tidak aktif"), u.v[PUF_NAME]);
    return 0;
}

static int production_check(ent_write_t *w, err_t *e)
{
    if (unit_active_check(w, e, PRF_UNIT_ID) < 0) return -1;
    if (!w->before) return 0;
    int64_t n = prod_settled_sales_of_run(w->db, e, w->before->id);
    if (n < 0) return -1;
    if (n > 0 && !str_eq(w->v[PRF_UNIT_ID], w->before->v[PRF_UNIT_ID]))
        field_err(w->fe, "unit_id", _("Produksi ini sudah dipakai %lld penjualan yang dibagi; unitnya tidak dapat diubah"),
                  (long long)n);
    return 0;
}

static void production_json(req_t *r, json_t *o, const rec_t *rec)
{
    err_t e;
    err_clear(&e);
    int64_t n = prod_settled_sales_of_run(r->db, &e, rec->id);
    json_object_set_new(o, "settled_sales", json_integer(n < 0 ? 0 : n));
}

static const char *qty_cell(req_t *r, const rec_t *rec, int field, int qty_field, int unit_field)
{
    if (field != qty_field || !rec->v[qty_field]) return NULL;
    char t[80];
    return arena_strdup(&r->a, production_qty_text(num(rec->v[qty_field]), rec->v[unit_field], t, sizeof t));
}
static const char *production_cell(req_t *r, const rec_t *rec, int field)
{
    return qty_cell(r, rec, field, PRF_QTY_MILLI, PRF_QTY_UNIT);
}

static void production_show(req_t *r, resp_t *w, const rec_t *rec)
{
    err_t e;
    err_clear(&e);
    int64_t n = prod_settled_sales_of_run(r->db, &e, rec->id);
    buf_t *b = &w->body;
    h(b, "<h2>%s</h2><p>", _("Penjualan"));
    if (n > 0)
        h(b, "%s ", _("Produksi ini sudah dipakai penjualan yang dibagi hasilnya; daftar pekerjanya terkunci."));
    h(b, "<a href=\"/sales?production_id=%D\">%s</a>", rec->id, _("Penjualan hasil produksi ini"));
    if (ent_can(r, "GET", "/sales/new"))
        h(b, " · <a href=\"/sales/new?unit_id=%s&amp;production_id=%D\">%s</a>", rec->v[PRF_UNIT_ID], rec->id,
          _("Catat penjualan hasil produksi ini"));
    h(b, "</p>");
}

/* Workers: inmates at the site (any status: the run may predate a release). */
static int worker_options(req_t *r, int64_t site_id, ent_options_t *out)
{
    err_t e;
    err_clear(&e);
    memset(out, 0, sizeof *out);
    if (!site_id) return 0;
    if (prod_wbp_options(r->db, &e, &r->a, site_id, &out->n, &out->id, &out->label) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* The workers of a run are locked once a settled sale shared premi among them. */
static int worker_locked(ent_write_t *w, err_t *e, int64_t production_id)
{
    int64_t n = prod_settled_sales_of_run(w->db, e, production_id);
    if (n < 0) return -1;
    if (n > 0)
        field_err(w->fe, "wbp_id",
                  _("Premi penjualan hasil produksi ini sudah dibagi kepada para pekerjanya (%lld penjualan); daftar "
                    "pekerja tidak dapat diubah lagi"),
                  (long long)n);
    return 0;
}
/* A worker was in custody on the day of the run. */
static int worker_check(ent_write_t *w, err_t *e)
{
    worker_validate(w->v, w->fe);
    int64_t prod = w->parent ? w->parent->id : w->before->parent_id;
    if (w->v[PWF_WBP_ID] && !field_errs_for(w->fe, "wbp_id")) {
        const char *pdate = rec_field_text(w->db, e, &w->r->a, &production_def, PRF_PROD_DATE, prod);
        char from[11];
        int rc = prod_wbp_detained_from(w->db, e, num(w->v[PWF_WBP_ID]), from);
        if (rc < 0) return -1;
        if (rc == 1 && pdate && *from && strcmp(from, pdate) > 0)
            field_err(w->fe, "wbp_id", _("WBP ini baru ditahan sejak %s, sesudah tanggal produksi (%s)"),
                      fmt_date_id(&w->r->a, from), fmt_date_id(&w->r->a, pdate));
    }
    return worker_locked(w, e, prod);
}
static int worker_check_delete(ent_write_t *w, err_t *e) { return worker_locked(w, e, w->before->parent_id); }

static bool run_locked(req_t *r, const rec_t *owner)
{
    err_t e;
    err_clear(&e);
    return prod_settled_sales_of_run(r->db, &e, owner->id) != 0;
}

const entity_t production_worker_entity = {
    .def = &production_worker_def,
    .slug = "production-workers",
    .title = N_("Pekerja (WBP)"),
    .one = N_("Pekerja"),
    .parent = &production_entity,
    .child_key = "workers",
    .label_field = PWF_WBP_ID,
    .list_cols = L(PWF_WBP_ID, PWF_PIECES, PWF_MINUTES),
    .default_sort = REC_SORT_ID,
    .unique_field = PWF_WBP_ID,
    .refs = (const ent_ref_t[]){{PWF_WBP_ID, NULL, "wbp_name", worker_options, prod_wbp_label, prod_wbp_at_site}, {-1}},
    .check = worker_check,
    .check_delete = worker_check_delete,
    .locked = run_locked,
};

const entity_t production_entity = {
    .def = &production_def,
    .slug = "productions",
    .title = N_("Produksi"),
    .one = N_("Produksi"),
    .label_field = PRF_PRODUCT,
    .list_cols = L(PRF_PRODUCT, PRF_PROD_DATE, PRF_UNIT_ID, PRF_QTY_MILLI),
    .search = L(PRF_PRODUCT, PRF_NOTE),
    .sort = L(PRF_PROD_DATE, PRF_PRODUCT),
    .filters = L(PRF_UNIT_ID, PRF_PROD_DATE),
    .default_sort = PRF_PROD_DATE,
    .default_desc = true,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{PRF_UNIT_ID, &production_unit_entity, "unit_name"}, {-1}},
    .children = (const entity_t *const[]){&production_worker_entity, NULL},
    .check = production_check,
    .json = production_json,
    .cell = production_cell,
    .show = production_show,
    .list_extra = prod_links,
};

/* ---------------------------------------------------------------- sales */

/* month=YYYY-MM (the sales of that month), settled=1|0, pnbp=outstanding. */
static int sale_list_filter(req_t *r, rec_query_t *q)
{
    const char *m = req_query(r, "month");
    if (m && *m) {
        int32_t mi;
        if (strlen(m) != 7 || !date_parse_month(m, &mi))
            return web_fail(r, 400, "bad_query", _("month harus berbentuk TTTT-BB, misalnya 2025-03"));
        char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
        date_format(date_month_first(mi), from);
        date_format(date_month_first(mi + 1), to);
        rec_cond_t *c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, "r.sale_date >= ? AND r.sale_date < ?");
        rec_cond_text(c, arena_strdup(&r->a, from));
        rec_cond_text(c, arena_strdup(&r->a, to));
    }
    const char *s = req_query(r, "settled");
    if (s && *s) {
        if (!str_eq(s, "1") && !str_eq(s, "0"))
            return web_fail(r, 400, "bad_query", _("settled harus 1 (sudah dibagi) atau 0 (belum)"));
        rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS,
                     str_eq(s, "1") ? "r.split_id IS NOT NULL" : "r.split_id IS NULL");
    }
    const char *p = req_query(r, "pnbp");
    if (p && *p) {
        if (!str_eq(p, "outstanding") && !str_eq(p, "deposited"))
            return web_fail(r, 400, "bad_query", _("pnbp harus outstanding (belum disetor) atau deposited (sudah)"));
        prod_sales_cond_pnbp(q->cond, &q->ncond, REC_QUERY_CONDS, str_eq(p, "outstanding"));
    }
    return 0;
}

/* A receipt number when none is given: PJ/<unit code>/<YYYYMMDD>/<n>; the paid
 * amount follows the payment status (nothing, or the whole total). */
static int sale_defaults(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e)
{
    (void)parent;
    if (!v[SAF_RECEIPT_NO] && v[SAF_UNIT_ID] && v[SAF_SALE_DATE]) {
        const char *code = rec_field_text(db, e, &r->a, &production_unit_def, PUF_CODE, num(v[SAF_UNIT_ID]));
        int64_t n = prod_sales_on(db, e, num(v[SAF_UNIT_ID]), v[SAF_SALE_DATE]);
        if (n < 0) return -1;
        if (code) {
            const char *d = v[SAF_SALE_DATE];
            v[SAF_RECEIPT_NO] = arena_printf(&r->a, "PJ/%s/%.4s%.2s%.2s/%lld", code, d, d + 5, d + 8, (long long)n + 1);
        }
    }
    const char *st = v[SAF_PAYMENT_STATUS] ? v[SAF_PAYMENT_STATUS] : "belum";
    if (str_eq(st, "lunas")) v[SAF_PAID_AMOUNT] = v[SAF_TOTAL] ? v[SAF_TOTAL] : "0";
    else if (!v[SAF_PAID_AMOUNT]) v[SAF_PAID_AMOUNT] = "0";
    return 0;
}

static int sale_check(ent_write_t *w, err_t *e)
{
    const char **v = w->v;
    if (!v[SAF_RECEIPT_NO] && !field_errs_for(w->fe, "receipt_no"))
        field_err(w->fe, "receipt_no", _("Nomor kuitansi wajib diisi"));
    sale_validate(v, w->fe);
    if (unit_active_check(w, e, SAF_UNIT_ID) < 0) return -1;
    if (w->before && w->before->v[SAF_SPLIT_ID]) {
        static const int locked[] = {SAF_UNIT_ID, SAF_PRODUCTION_ID, SAF_SALE_DATE, SAF_PAYMENT_STATUS,
                                     SAF_PAID_AMOUNT, SAF_RECEIPT_NO};
        for (size_t i = 0; i < ARRAY_LEN(locked); i++) {
            int f = locked[i];
            if (str_eq(v[f], w->before->v[f]) || (!v[f] && !w->before->v[f])) continue;
            field_err(w->fe, sale_def.fields[f].name,
                      _("Penjualan ini sudah dibagi hasilnya; %s tidak dapat diubah lagi (hanya pembeli dan catatan)"),
                      _(sale_def.fields[f].label));
        }
        return 0;
    }
    if (v[SAF_PRODUCTION_ID] && v[SAF_UNIT_ID] && !field_errs_for(w->fe, "production_id")) {
        rec_t p;
        int rc = rec_load(w->db, e, &w->r->a, &production_def, 0, num(v[SAF_PRODUCTION_ID]), &p);
        if (rc < 0) return -1;
        if (rc == 1 && !str_eq(p.v[PRF_UNIT_ID], v[SAF_UNIT_ID]))
            field_err(w->fe, "production_id", _("Produksi \"%s\" milik unit produksi lain"), p.v[PRF_PRODUCT]);
        else if (rc == 1 && v[SAF_SALE_DATE] && strcmp(p.v[PRF_PROD_DATE], v[SAF_SALE_DATE]) > 0)
            field_err(w->fe, "production_id", _("Produksi \"%s\" tanggal %s, sesudah tanggal penjualan"),
                      p.v[PRF_PRODUCT], fmt_date_id(&w->r->a, p.v[PRF_PROD_DATE]));
    }
    return 0;
}

static const char *sale_cell(req_t *r, const rec_t *rec, int field)
{
    if (field == SAF_SPLIT_ID) return rec->v[SAF_SPLIT_ID] ? _("Sudah dibagi") : _("Belum dibagi");
    if ((field == SAF_PREMI || field == SAF_PNBP || field == SAF_CAPITAL) && !rec->v[field]) return "-";
    (void)r;
    return NULL;
}

static void sale_json(req_t *r, json_t *o, const rec_t *rec)
{
    json_object_set_new(o, "settled", json_boolean(rec->v[SAF_SPLIT_ID] != NULL));
    err_t e;
    err_clear(&e);
    prod_sale_deposit_t d;
    json_t *dep = NULL;
    if (prod_sale_deposit(r->db, &e, &r->a, rec->id, &d) == 1)
        dep = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)d.id, "ntpn", d.ntpn, "deposit_date", d.deposit_date);
    json_object_set_new(o, "pnbp_deposit", dep ? dep : json_null());
    if (rec->v[SAF_SPLIT_ID]) {
        prod_settle_t out;
        if (prod_sale_outcome(r->db, &e, &r->a, rec->id, &out) == 1) {
            json_t *s = settle_json(r, &out);
            json_object_set(o, "shares", json_object_get(s, "shares"));
            json_object_set(o, "rule", json_object_get(s, "rule"));
            json_decref(s);
        }
    }
}

/* Links to the month's report and the sales with PNBP outstanding. */
static void sale_list_extra(req_t *r, resp_t *w)
{
    const char *m = req_query(r, "month");
    buf_t *b = &w->body;
    if (m && *m)
        h(b, "<p><a href=\"/reports/revenue?month=%u\">%s</a></p>", m, _("Laporan pendapatan bulan ini"));
    h(b, "<p><a href=\"/sales?pnbp=outstanding\">%s</a></p>", _("Penjualan yang PNBP-nya belum disetor"));
    prod_links(r, w);
}

const entity_t sale_item_entity;
const entity_t sale_entity = {
    .def = &sale_def,
    .slug = "sales",
    .title = N_("Penjualan"),
    .one = N_("Penjualan"),
    .label_field = SAF_RECEIPT_NO,
    .list_cols = L(SAF_RECEIPT_NO, SAF_SALE_DATE, SAF_UNIT_ID, SAF_BUYER, SAF_TOTAL, SAF_PAYMENT_STATUS, SAF_SPLIT_ID),
    .search = L(SAF_RECEIPT_NO, SAF_BUYER, SAF_NOTE),
    .sort = L(SAF_SALE_DATE, SAF_RECEIPT_NO, SAF_BUYER, SAF_TOTAL, SAF_PAYMENT_STATUS),
    .filters = L(SAF_UNIT_ID, SAF_PRODUCTION_ID, SAF_PAYMENT_STATUS, SAF_SALE_DATE),
    .default_sort = SAF_SALE_DATE,
    .default_desc = true,
    .unique_field = SAF_RECEIPT_NO,
    .refs = (const ent_ref_t[]){{SAF_UNIT_ID, &production_unit_entity, "unit_name"},
                                {SAF_PRODUCTION_ID, &production_entity, "production_product"},
                                {-1}},
    .children = (const entity_t *const[]){&sale_item_entity, NULL},
    .readonly = L(SAF_TOTAL, SAF_SPLIT_ID, SAF_PREMI, SAF_PNBP, SAF_CAPITAL),
    .defaults = sale_defaults,
    .check = sale_check,
    .list_filter = sale_list_filter,
    .show = sale_settlement_section,
    .json = sale_json,
    .cell = sale_cell,
    .list_extra = sale_list_extra,
};

/* An item's amount is quantity x unit price (half up); the sale's total follows. */
static int item_check(ent_write_t *w, err_t *e)
{
    int64_t sale_id = w->parent ? w->parent->id : w->before->parent_id;
    int st = prod_sale_settled(w->db, e, sale_id);
    if (st < 0) return -1;
    if (st) {
        field_err(w->fe, "product", _("Penjualan ini sudah dibagi hasilnya; barangnya tidak dapat diubah"));
        return 0;
    }
    if (!w->v[SIF_QTY_MILLI] || !w->v[SIF_UNIT_PRICE]) return 0;
    rupiah_t amount;
    err_t me;
    if (money_item_amount(num(w->v[SIF_QTY_MILLI]), num(w->v[SIF_UNIT_PRICE]), &amount, &me) < 0) {
        field_err(w->fe, "unit_price", "%s", me.msg);
        return 0;
    }
    w->v[SIF_AMOUNT] = arena_printf(&w->r->a, "%lld", (long long)amount);
    int64_t others = prod_sale_items_total(w->db, e, sale_id, w->before ? w->before->id : 0);
    if (others < 0) return -1;
    if (others + amount > MONEY_MAX) {
        field_err(w->fe, "unit_price", _("Total penjualan terlalu besar"));
        return 0;
    }
    return prod_sale_set_total(w->db, e, web_actor(w->r), sale_id, others + amount);
}

static int item_check_delete(ent_write_t *w, err_t *e)
{
    int64_t sale_id = w->before->parent_id;
    int st = prod_sale_settled(w->db, e, sale_id);
    if (st < 0) return -1;
    if (st) {
        field_err(w->fe, "product", _("Penjualan ini sudah dibagi hasilnya; barangnya tidak dapat dihapus"));
        return 0;
    }
    int64_t others = prod_sale_items_total(w->db, e, sale_id, w->before->id);
    if (others < 0) return -1;
    return prod_sale_set_total(w->db, e, web_actor(w->r), sale_id, others);
}

static bool sale_locked(req_t *r, const rec_t *owner)
{
    (void)r;
    return owner->v[SAF_SPLIT_ID] != NULL;
}

static const char *item_cell(req_t *r, const rec_t *rec, int field)
{
    return qty_cell(r, rec, field, SIF_QTY_MILLI, SIF_QTY_UNIT);
}

const entity_t sale_item_entity = {
    .def = &sale_item_def,
    .slug = "sale-items",
    .title = N_("Barang terjual"),
    .one = N_("Barang"),
    .parent = &sale_entity,
    .child_key = "items",
    .label_field = SIF_PRODUCT,
    .list_cols = L(SIF_PRODUCT, SIF_QTY_MILLI, SIF_UNIT_PRICE, SIF_AMOUNT),
    .default_sort = REC_SORT_ID,
    .unique_field = -1,
    .readonly = L(SIF_AMOUNT),
    .check = item_check,
    .check_delete = item_check_delete,
    .cell = item_cell,
    .locked = sale_locked,
};

/* ---------------------------------------------------------------- PNBP deposits */

static int deposit_check(ent_write_t *w, err_t *e)
{
    deposit_validate(w->v, w->fe);
    if (!w->before || !w->v[PDF_AMOUNT]) return 0;
    int64_t covered = prod_deposit_covered(w->db, e, w->before->id);
    if (covered < 0) return -1;
    if (num(w->v[PDF_AMOUNT]) < covered) {
        char t[MONEY_FMT_LEN];
        field_err(w->fe, "amount", _("Setoran ini sudah mencakup PNBP penjualan sebesar %s; jumlahnya tidak boleh kurang"),
                  money_format(covered, t));
    }
    return 0;
}

static void deposit_json(req_t *r, json_t *o, const rec_t *rec)
{
    prod_sale_row_t *rows;
    int n = 0;
    err_t e;
    err_clear(&e);
    json_t *arr = json_array();
    int64_t covered = 0;
    if (prod_sales_list(r->db, &e, &r->a, r->user.id, 0, NULL, NULL, false, rec->id, &rows, &n) == 0)
        for (int i = 0; i < n; i++) {
            covered += rows[i].pnbp;
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:I}", "sale_id", (json_int_t)rows[i].id,
                                                 "receipt_no", rows[i].receipt_no, "sale_date", rows[i].sale_date,
                                                 "unit_code", rows[i].unit_code, "pnbp", (json_int_t)rows[i].pnbp));
        }
    json_object_set_new(o, "sales", arr);
    json_object_set_new(o, "covered", json_integer(covered));
    json_object_set_new(o, "unallocated", json_integer(num(rec->v[PDF_AMOUNT]) - covered));
}

/* The PNBP not yet deposited, under the deposits list. */
static void deposit_list_extra(req_t *r, resp_t *w)
{
    prod_sale_row_t *rows;
    int n = 0;
    err_t e;
    err_clear(&e);
    buf_t *b = &w->body;
    h(b, "<h2 id=\"pnbp-terutang\">%s</h2>", _("PNBP yang belum disetor"));
    if (prod_sales_list(r->db, &e, &r->a, r->user.id, 0, NULL, NULL, true, 0, &rows, &n) < 0) {
        h(b, "<p class=\"error\">%s</p>", _("Daftar PNBP terutang tidak dapat dimuat."));
        return;
    }
    rupiah_t sum = 0;
    for (int i = 0; i < n; i++) sum += rows[i].pnbp;
    h(b, "<p>%s <strong>%s</strong> (%D %s). <a href=\"/reports/pnbp-outstanding\">%s</a> · "
         "<a href=\"/sales?pnbp=outstanding\">%s</a></p>",
      _("Jumlah PNBP dari penjualan yang sudah dibagi tetapi belum disetor:"), fmt_rupiah(&r->a, sum), (int64_t)n,
      _("penjualan"), _("Laporan PNBP terutang"), _("Daftar penjualannya"));
    prod_links(r, w);
}

const entity_t pnbp_deposit_entity = {
    .def = &pnbp_deposit_def,
    .slug = "pnbp-deposits",
    .title = N_("Setoran PNBP"),
    .one = N_("Setoran PNBP"),
    .label_field = PDF_NTPN,
    .list_cols = L(PDF_NTPN, PDF_DEPOSIT_DATE, PDF_AMOUNT, PDF_BILLING_CODE),
    .search = L(PDF_NTPN, PDF_BILLING_CODE, PDF_NOTE),
    .sort = L(PDF_DEPOSIT_DATE, PDF_NTPN, PDF_AMOUNT),
    .filters = L(PDF_DEPOSIT_DATE),
    .default_sort = PDF_DEPOSIT_DATE,
    .default_desc = true,
    .unique_field = PDF_NTPN,
    .check = deposit_check,
    .show = deposit_sales_section,
    .json = deposit_json,
    .list_extra = deposit_list_extra,
};

/* ---------------------------------------------------------------- settlement, receipts, deposits (was pages_production.c) */

static json_t *settle_json(req_t *r, const prod_settle_t *o)
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

struct settle_dry {
    req_t *r;
    int64_t sale_id, total;
    prod_settle_t *o;
};
static int settle_dry_fn(db_t *db, void *vc, err_t *e)
{
    struct settle_dry *c = vc;
    return prod_sale_settle(db, e, &c->r->a, web_actor(c->r), c->sale_id, c->total, c->o);
}

/* The review of settling sale for total (issue 22): the settlement itself, run and
 * rolled back (db_dry_run): the split (revenue, premi, PNBP, working capital) and
 * each worker's premi. *already: it was settled before (nothing to review). 0, or
 * -1 with r->err on a server fault; a refusal is kept in rv. */
static int settle_review(req_t *r, const rec_t *sale, int64_t total, web_review_t *rv, bool *already)
{
    review_init(rv, _("Tinjau pembagian hasil"),
                _("Hasil penjualan ini akan dibagi menurut aturan unit produksi, dan premi setiap pekerja dikreditkan ke "
                  "buku premi mereka. Kesalahan hanya dapat dikoreksi dengan entri pembalik."));
    prod_settle_t o;
    memset(&o, 0, sizeof o);
    struct settle_dry c = {r, sale->id, total, &o};
    *already = false;
    int dry = review_dry_run(r, rv, settle_dry_fn, &c);
    if (dry <= 0) return dry;
    *already = o.already;
    review_text(r, rv, "sale", _("Penjualan"),
                arena_printf(&r->a, "%s, %s (%s)", sale->v[SAF_RECEIPT_NO] ? sale->v[SAF_RECEIPT_NO] : "-",
                             sale->v[SAF_BUYER] ? sale->v[SAF_BUYER] : "-", fmt_date_id(&r->a, sale->v[SAF_SALE_DATE])));
    review_money(rv, "revenue", _("Pendapatan"), o.split.revenue);
    review_money(rv, "premi", _("Premi WBP"), o.split.premi);
    review_money(rv, "pnbp", _("PNBP"), o.split.pnbp);
    review_money(rv, "capital", _("Modal kerja"), o.split.capital);
    static const int kinds[] = {RV_INT, RV_TEXT, RV_TEXT, RV_INT, RV_MONEY};
    const char *keys[] = {"wbp_id", "regno", "name", "weight", "premi"};
    const char *labels[] = {_("Id WBP"), _("No. registrasi"), _("Nama"),
                            o.rule.basis == SHARE_HOURS ? _("Menit kerja") : _("Kepingan"), _("Premi")};
    review_table(rv, "shares", _("Premi per pekerja"), 5, keys, labels, kinds);
    for (int i = 0; i < o.nshares; i++)
        review_row(r, rv, arena_printf(&r->a, "%lld", (long long)o.shares[i].wbp_id), o.shares[i].regno,
                   o.shares[i].name, arena_printf(&r->a, "%lld", (long long)o.shares[i].weight),
                   arena_printf(&r->a, "%lld", (long long)o.shares[i].share));
    return 0;
}

/* POST /api/v1/sales/{id}/settle {total, confirm}: without "confirm": true the
 * preview (issue 22), with it the settlement. */
int api_sale_settle(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    bool confirm;
    json_t *body = web_api_confirm_body(r, &confirm);
    if (!body) return -1;
    const char *v[1] = {NULL};
    field_errs_t fe = {0};
    web_json_to_values(r, &settle_def, body, v, &fe);
    json_decref(body);
    rec_finish(&settle_def, v, &fe);
    if (fe.n) return web_validation_reply(r, w, &fe);
    if (!confirm) {
        web_review_t rv;
        bool already;
        if (settle_review(r, &sale, strtoll(v[0], NULL, 10), &rv, &already) < 0) return -1;
        if (!already) return web_review_json(r, w, &rv, NULL);
    }
    prod_settle_t o;
    if (settle(r, &sale, strtoll(v[0], NULL, 10), &o) < 0) return -1;
    return resp_json(w, 200, settle_json(r, &o));
}

/* POST /sales/{id}/settle: without confirm=1 the review page, with it the
 * settlement; a refusal (a wrong total, an unpaid sale) is shown with the way back
 * to the sale (a 4xx), never acted on. */
int page_sale_settle(req_t *r, resp_t *w)
{
    rec_t sale;
    if (ent_load(r, &sale_entity, r->id, &sale) < 0) return -1;
    const char *v[1] = {NULL};
    field_errs_t fe = {0};
    rec_set(&r->a, &settle_def, v, 0, req_form(r, "total"), &fe);
    rec_finish(&settle_def, v, &fe);
    const char *back = arena_printf(&r->a, "/sales/%lld#pembagian", (long long)r->id);
    web_review_t rv;
    if (fe.n) {
        err_t e;
        err_set(&e, 422, "validation", "%s", fe.e[0].msg);
        review_init(&rv, _("Tinjau pembagian hasil"), NULL);
        review_refuse(&rv, &e);
        return web_review_page(r, w, &rv, NULL, back);
    }
    bool already = false;
    if (!web_review_confirmed(r)) {
        if (settle_review(r, &sale, strtoll(v[0], NULL, 10), &rv, &already) < 0) return -1;
        if (!already) return web_review_page(r, w, &rv, _("Ya, bagi hasil dan kreditkan premi"), back);
    }
    prod_settle_t o;
    if (settle(r, &sale, strtoll(v[0], NULL, 10), &o) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/sales/%lld?saved=1#pembagian", (long long)r->id));
    return 0;
}

static void sale_settlement_section(req_t *r, resp_t *w, const rec_t *sale)
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
    prod_sale_deposit_t dep;
    if (prod_sale_deposit(r->db, &e, &r->a, sale->id, &dep) == 1)
        h(b, "<p>%s <a href=\"/pnbp-deposits/%D\">NTPN %s</a> (%s).</p>", _("PNBP penjualan ini sudah disetor:"),
          dep.id, dep.ntpn, fmt_date_id(&r->a, dep.deposit_date));
    else if (o.split.pnbp > 0)
        h(b, "<p class=\"error\">%s %s</p>", _("PNBP penjualan ini belum disetor:"), fmt_rupiah(&r->a, o.split.pnbp));
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
static int sale_reverse_apply(req_t *r, const char *reason, err_t *e)
{
    prod_sale_reversal_t o;
    return prod_sale_reverse(r->db, e, web_actor(r), r->id, reason, false, &o);
}
static int sale_reverse_preview(req_t *r, void *ctx, err_t *shown)
{
    err_t e;
    err_clear(&e);
    if (prod_sale_reverse(r->db, &e, web_actor(r), r->id, NULL, true, ctx) < 0 && !shown->msg[0]) *shown = e;
    return 0;
}
static void sale_reverse_describe(req_t *r, buf_t *b, const rec_t *sale, const void *ctx)
{
    const prod_sale_reversal_t *o = ctx;
    const char *receipt = sale->v[SAF_RECEIPT_NO];
    h(b, "<p>%s</p><ul><li>%s: %s</li><li>%s: %s, %s %s, %s %s</li><li>%s: %d</li></ul>",
      _("Bagi hasil penjualan ini akan dibatalkan dengan entri pembalik (catatan lama tetap tersimpan):"),
      _("Penjualan"), receipt ? receipt : "", _("Premi"), fmt_rupiah(&r->a, o->premi), _("PNBP"),
      fmt_rupiah(&r->a, o->pnbp), _("modal kerja"), fmt_rupiah(&r->a, o->capital),
      _("kredit premi pekerja yang dibalik (didebit)"), o->credits);
}
int page_sale_reverse(req_t *r, resp_t *w)
{
    prod_sale_reversal_t o = {0};
    const web_reversal_t rv = {&sale_entity, _("Tinjau pembatalan bagi hasil"), _("Ya, batalkan bagi hasil"), "#pembagian",
                               sale_reverse_apply, sale_reverse_preview, sale_reverse_describe, &o};
    return web_reverse_page(r, w, &rv);
}

/* POST /api/v1/sales/{id}/reverse {reason, confirm}: without "confirm": true the
 * preview only; with it the reversing entries. */
int api_sale_reverse(req_t *r, resp_t *w)
{
    const char *reason;
    bool confirm;
    int rc;
    if (!web_reverse_read(r, w, &sale_entity, &reason, &confirm, &rc)) return rc;
    err_t e;
    err_clear(&e);
    prod_sale_reversal_t o;
    if (prod_sale_reverse(r->db, &e, web_actor(r), r->id, reason, !confirm, &o) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return resp_json(w, 200, json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:i}", "applied", confirm, "sale_id",
                                       (json_int_t)r->id, "reversal_id", (json_int_t)o.id, "total", (json_int_t)o.total,
                                       "premi", (json_int_t)o.premi, "pnbp", (json_int_t)o.pnbp, "capital",
                                       (json_int_t)o.capital, "credits_reversed", o.credits));
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
    return web_send_report(r, w, rep, "pdf", arena_printf(&r->a, "kuitansi-%lld.pdf", (long long)sale.id));
}

/* ---------------------------------------------------------------- PNBP deposits */

static void deposit_sales_section(req_t *r, resp_t *w, const rec_t *dep)
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
    return web_refused_page(r, w, _("Penjualan yang dicakup setoran PNBP"), &fe,
                            arena_printf(&r->a, "/pnbp-deposits/%lld", (long long)dep.id), _("Kembali ke setoran"));
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
    return resp_json(w, 200, ent_to_json(r, &pnbp_deposit_entity, &dep, true));
}
