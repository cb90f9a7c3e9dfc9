/* production_store.c — settling sales, PNBP deposit coverage and the report rows
 * (see production_store.h). */
#include "production_store.h"
#include "scope.h"
#include "premi_store.h"
#include "settings.h"
#include "rowmap.h"
#include "../util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *txt(arena_t *a, db_stmt_t *st, int col)
{
    const char *t = db_col_text(st, col);
    return arena_strdup(a, t ? t : "");
}


static const rm_col_t site_cols[] = {
    RM_COL(prod_site_t, RM_INT, id),        RM_COL(prod_site_t, RM_STR, code),      RM_COL(prod_site_t, RM_STR, name),
    RM_COL(prod_site_t, RM_STR, region),    RM_COL(prod_site_t, RM_STR, address),   RM_COL(prod_site_t, RM_STR, city),
    RM_COL(prod_site_t, RM_STR, phone),     RM_COL(prod_site_t, RM_STR, head_name), RM_COL(prod_site_t, RM_STR, head_nip)};
static const rm_spec_t site_spec = RM_SPEC(prod_site_t, site_cols);

int prod_site_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, prod_site_t *out)
{
    return rm_one(db_query(db, e,
                           "SELECT id, code, name, region, address, city, phone, head_name, head_nip FROM site"
                           " WHERE id = ? AND (? = 0 OR id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
                           "iii", site_id, uid, uid),
                  e, a, &site_spec, out);
}

/* ---------------------------------------------------------------- inmates */

int prod_wbp_options(db_t *db, err_t *e, arena_t *a, int64_t site_id, int *n, int64_t **ids, const char ***labels)
{
    *n = 0;
    int64_t cnt = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE site_id = ? AND status = 'ditahan'", "i", site_id);
    if (cnt < 0) return -1;
    *ids = arena_alloc(a, sizeof **ids * (size_t)(cnt + 1));
    *labels = arena_alloc(a, sizeof **labels * (size_t)(cnt + 1));
    db_stmt_t *st = db_query(db, e,
                             "SELECT id, name, regno FROM wbp WHERE site_id = ? AND status = 'ditahan' ORDER BY name, id",
                             "i", site_id);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1 && *n < cnt) {
        (*ids)[*n] = db_col_int(st, 0);
        (*labels)[*n] = arena_printf(a, "%s (%s)", db_col_text(st, 1), db_col_text(st, 2));
        (*n)++;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

const char *prod_wbp_label(db_t *db, err_t *e, arena_t *a, int64_t id)
{
    db_stmt_t *st = db_query(db, e, "SELECT name, regno FROM wbp WHERE id = ?", "i", id);
    if (!st) return NULL;
    const char *s = NULL;
    if (db_step(st, e) == 1) s = arena_printf(a, "%s (%s)", db_col_text(st, 0), db_col_text(st, 1));
    db_finalize(st);
    return s;
}

int prod_wbp_detained_from(db_t *db, err_t *e, int64_t id, char out[11])
{
    out[0] = 0;
    return rm_first(db_query(db, e, "SELECT detention_start FROM wbp WHERE id = ?", "i", id), e, NULL, "c", out,
                    (size_t)11);
}

int prod_wbp_at_site(db_t *db, err_t *e, int64_t site_id, int64_t id)
{
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE id = ? AND site_id = ?", "ii", id, site_id);
    return n < 0 ? -1 : n > 0;
}

/* ---------------------------------------------------------------- sales */

int64_t prod_sale_items_total(db_t *db, err_t *e, int64_t sale_id, int64_t except_item)
{
    return db_one_int(db, e, "SELECT COALESCE(sum(amount), 0) FROM sale_item WHERE sale_id = ? AND id <> ?", "ii",
                      sale_id, except_item);
}

int prod_sale_set_total(db_t *db, err_t *e, const actor_t *who, int64_t sale_id, int64_t total)
{
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e,
                       "UPDATE sale SET total = ?, paid_amount = CASE WHEN payment_status = 'lunas' THEN ? ELSE "
                       "paid_amount END, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ? AND "
                       "split_id IS NULL",
                       "iitii", total, total, now, who ? who->user_id : 0, sale_id);
    if (n <= 0) return n < 0 ? -1 : 0;
    /* the derived total is a change of the sale: audited with its new values (bekal check) */
    int64_t site = 0, t = 0, paid = 0;
    if (rm_first(db_query(db, e, "SELECT site_id, total, paid_amount FROM sale WHERE id = ?", "i", sale_id), e, NULL,
                 "iii", &site, &t, &paid) < 0)
        return -1;
    char after[96];
    snprintf(after, sizeof after, "{\"total\":%lld,\"paid_amount\":%lld}", (long long)t, (long long)paid);
    return audit_append(db, e, who ? who : &audit_cli_actor, site, "update", "sale", sale_id, NULL, after);
}

int prod_sale_settled(db_t *db, err_t *e, int64_t sale_id)
{
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM sale WHERE id = ? AND split_id IS NOT NULL", "i", sale_id);
    return n < 0 ? -1 : n > 0;
}

int64_t prod_settled_sales_of_run(db_t *db, err_t *e, int64_t production_id)
{
    return db_one_int(db, e, "SELECT count(*) FROM sale WHERE production_id = ? AND split_id IS NOT NULL", "i",
                      production_id);
}

int prod_unit_last_settled(db_t *db, err_t *e, int64_t unit_id, char latest[11])
{
    latest[0] = 0;
    int rc = rm_first(db_query(db, e, "SELECT max(sale_date) FROM sale WHERE unit_id = ? AND split_id IS NOT NULL", "i",
                               unit_id),
                      e, NULL, "c", latest, (size_t)11);
    return rc < 0 ? -1 : latest[0] != 0;
}

int64_t prod_sales_using_split(db_t *db, err_t *e, int64_t split_id)
{
    return db_one_int(db, e, "SELECT count(*) FROM sale WHERE split_id = ?", "i", split_id);
}

static int basis_of(const char *s)
{
    money_basis_t b = 0;
    money_basis_parse(s, &b);
    return (int)b;
}
static int bucket_of(const char *s)
{
    money_bucket_t b = 0;
    money_bucket_parse(s, &b);
    return (int)b;
}
/* A split rule: the columns of RULE_COLS, in their order. */
#define RULE_COLS "unit_id, effective_from, premi_bp, pnbp_bp, capital_bp, share_basis, remainder_to"
#define C(f, t) RM_COL(split_rule_t, t, f)
static const rm_col_t rule_cols[] = {C(unit_id, RM_INT),    C(effective_from, RM_DATE), C(premi_bp, RM_I32),
                                     C(pnbp_bp, RM_I32),    C(capital_bp, RM_I32),
                                     RM_ENUM_COL(split_rule_t, basis, basis_of),
                                     RM_ENUM_COL(split_rule_t, remainder, bucket_of)};
#undef C
static const rm_spec_t rule_spec = RM_SPEC(split_rule_t, rule_cols);

/* The split rules of a unit, with their ids in the same order. */
static int load_rules(db_t *db, err_t *e, arena_t *a, int64_t unit_id, split_rule_t **rules, int64_t **ids, int *n)
{
    *n = 0;
    *rules = NULL;
    *ids = NULL;
    db_stmt_t *st = db_query(db, e,
                             "SELECT " RULE_COLS ", id FROM revenue_split WHERE unit_id = ? ORDER BY effective_from, id",
                             "i", unit_id);
    if (!st) return -1;
    int rc, nid = 0, cap = 0, idcap = 0;
    while ((rc = db_step(st, e)) == 1) {
        *ARENA_PUSH(a, *ids, nid, idcap) = db_col_int(st, 7);
        rm_read(st, a, &rule_spec, ARENA_PUSH(a, *rules, *n, cap));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The rule behind split_id, into out. 1, 0, -1. */
static int load_rule(db_t *db, err_t *e, int64_t split_id, split_rule_t *out)
{
    return rm_one(db_query(db, e, "SELECT " RULE_COLS " FROM revenue_split WHERE id = ?", "i", split_id), e, NULL,
                  &rule_spec, out);
}

/* A ledger entry l that no later entry reverses (issue 22). */
#define NOT_REVERSED "NOT EXISTS (SELECT 1 FROM premi_ledger rv WHERE rv.reverses_id = l.id)"

int prod_sale_outcome(db_t *db, err_t *e, arena_t *a, int64_t sale_id, prod_settle_t *out)
{
    memset(out, 0, sizeof *out);
    int64_t prod = 0;
    money_split_t *sp = &out->split;
    int rc = rm_first(db_query(db, e,
                               "SELECT site_id, split_id, total, premi, pnbp, capital, COALESCE(production_id, 0)"
                               " FROM sale WHERE id = ? AND split_id IS NOT NULL",
                               "i", sale_id),
                      e, NULL, "iiiiiii", &out->site_id, &out->split_id, &sp->revenue, &sp->premi, &sp->pnbp,
                      &sp->capital, &prod);
    if (rc != 1) return rc;
    out->sale_id = sale_id;
    db_stmt_t *st;
    if (load_rule(db, e, out->split_id, &out->rule) < 0) return -1;
    int64_t cnt = db_one_int(db, e, "SELECT count(*) FROM premi_ledger l WHERE sale_id = ? AND kind = 'credit' AND " NOT_REVERSED, "i",
                             sale_id);
    if (cnt < 0) return -1;
    out->shares = arena_alloc(a, sizeof *out->shares * (size_t)(cnt + 1));
    st = db_query(db, e,
                  "SELECT l.wbp_id, l.amount, l.id, x.name, x.regno, COALESCE(pw.pieces, 0), COALESCE(pw.minutes, 0)"
                  " FROM premi_ledger l JOIN wbp x ON x.id = l.wbp_id"
                  " LEFT JOIN production_worker pw ON pw.production_id = ? AND pw.wbp_id = l.wbp_id"
                  " WHERE l.sale_id = ? AND l.kind = 'credit' AND " NOT_REVERSED " ORDER BY l.wbp_id",
                  "ii", prod, sale_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1 && out->nshares < cnt) {
        prod_share_t *s = &out->shares[out->nshares++];
        s->wbp_id = db_col_int(st, 0);
        s->share = db_col_int(st, 1);
        s->ledger_id = db_col_int(st, 2);
        s->name = txt(a, st, 3);
        s->regno = txt(a, st, 4);
        s->weight = out->rule.basis == SHARE_HOURS ? db_col_int(st, 6) : db_col_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 1;
}

struct settle_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t sale_id, expect;
    prod_settle_t *out;
    db_t *db; /* set by settle_tx */
};

static int total_changed(err_t *e, const char *receipt, int64_t expect, int64_t total)
{
    char a[MONEY_FMT_LEN], b[MONEY_FMT_LEN];
    return err_set(e, 409, "total_changed",
                   _("total penjualan %s adalah %s, bukan %s yang dikonfirmasi; periksa barangnya lalu ulangi"), receipt,
                   money_format(total, a), money_format(expect, b));
}

struct settle_workers_ctx {
    struct settle_ctx *c;
    const char *receipt;
    int64_t unit, prod;
};

/* money_settle's workers(): none when the split gives no premi; else the workers of
 * the sale's production run (which must be named and be the unit's), weighed by
 * minutes or pieces as the rule says, into ws and the answer's shares. */
static int settle_workers(void *vw, const split_rule_t *rule, const money_split_t *split, money_worker_t **wsp,
                          size_t *nwp, err_t *e)
{
    struct settle_workers_ctx *w = vw;
    struct settle_ctx *c = w->c;
    prod_settle_t *o = c->out;
    const char *receipt = w->receipt;
    int64_t unit = w->unit, prod = w->prod;
    *wsp = NULL;
    *nwp = 0;
    if (split->premi <= 0) return 0;
    if (!prod)
        return err_set(e, 409, "no_production",
                       _("penjualan %s belum menyebut produksinya: premi dibagi kepada pekerja produksi itu; pilih "
                         "produksinya dahulu"),
                       receipt);
    int64_t punit = db_one_int(c->db, e, "SELECT unit_id FROM production WHERE id = ?", "i", prod);
    if (punit < 0) return -1;
    if (punit != unit)
        return err_set(e, 409, "wrong_production",
                       _("produksi yang disebut penjualan %s milik unit produksi lain; pilih produksi unit ini"),
                       receipt);
    int64_t cnt = db_one_int(c->db, e, "SELECT count(*) FROM production_worker WHERE production_id = ?", "i", prod);
    if (cnt < 0) return -1;
    money_worker_t *ws = arena_alloc(c->a, sizeof *ws * (size_t)(cnt + 1));
    o->shares = arena_alloc(c->a, sizeof *o->shares * (size_t)(cnt + 1));
    db_stmt_t *st = db_query(c->db, e,
                             "SELECT w.wbp_id, w.pieces, w.minutes, x.name, x.regno FROM production_worker w"
                             " JOIN wbp x ON x.id = w.wbp_id WHERE w.production_id = ? ORDER BY w.wbp_id",
                             "i", prod);
    if (!st) return -1;
    size_t nw = 0;
    int rc;
    while ((rc = db_step(st, e)) == 1 && (int64_t)nw < cnt) {
        ws[nw].key = db_col_int(st, 0);
        ws[nw].weight = rule->basis == SHARE_HOURS ? db_col_int(st, 2) : db_col_int(st, 1);
        prod_share_t *s = &o->shares[nw];
        s->wbp_id = ws[nw].key;
        s->weight = ws[nw].weight;
        s->name = txt(c->a, st, 3);
        s->regno = txt(c->a, st, 4);
        nw++;
    }
    db_finalize(st);
    if (rc < 0) return -1;
    *wsp = ws;
    *nwp = nw;
    return 0;
}

static int settle_tx(db_t *db, void *vc, err_t *e)
{
    struct settle_ctx *c = vc;
    c->db = db;
    prod_settle_t *o = c->out;
    memset(o, 0, sizeof *o);
    int64_t uid = c->who ? c->who->user_id : 0;
    int64_t site = 0, unit = 0, prod = 0;
    const char *date = NULL, *receipt = NULL, *paid = NULL;
    bool settled = false;
    int rc = rm_first(db_query_locked(db, e,
                                      "SELECT site_id, unit_id, COALESCE(production_id, 0), sale_date, receipt_no, "
                                      "payment_status, split_id FROM sale WHERE id = ? AND (? = 0 OR site_id IN "
                                      "(SELECT site_id FROM user_site WHERE user_id = ?))",
                                      "iii", c->sale_id, uid, uid),
                      e, c->a, "iiisss?", &site, &unit, &prod, &date, &receipt, &paid, &settled);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", _("penjualan dengan id %lld tidak ditemukan"), (long long)c->sale_id);
    if (settled) {
        if (prod_sale_outcome(db, e, c->a, c->sale_id, o) < 0) return -1;
        o->already = true;
        if (c->expect >= 0 && c->expect != o->split.revenue) return total_changed(e, receipt, c->expect, o->split.revenue);
        return 0;
    }
    o->sale_id = c->sale_id;
    o->site_id = site;
    int64_t total = prod_sale_items_total(db, e, c->sale_id, 0);
    if (total < 0) return -1;
    if (c->expect >= 0 && c->expect != total) return total_changed(e, receipt, c->expect, total);
    if (total == 0)
        return err_set(e, 422, "nothing_to_split",
                       _("penjualan %s belum berisi barang dengan nilai; tambahkan barang yang terjual dahulu"), receipt);
    if (!str_eq(paid, "lunas"))
        return err_set(e, 409, "not_paid",
                       _("penjualan %s belum lunas; hasil dibagi (premi, PNBP, modal kerja) setelah pembayaran diterima "
                         "penuh"),
                       receipt);
    split_rule_t *rules;
    int64_t *ids;
    int nrules;
    if (load_rules(db, e, c->a, unit, &rules, &ids, &nrules) < 0) return -1;
    date_t d;
    if (!date_parse(date, &d)) return err_set(e, 500, "db_error", "tanggal penjualan rusak: %s", date);
    struct settle_workers_ctx wc = {c, receipt, unit, prod};
    money_settlement_t sm;
    rc = money_settle(total, rules, (size_t)nrules, unit, d, settle_workers, &wc, &sm, e);
    if (rc == MONEY_SETTLE_NO_RULE)
        return err_set(e, 409, "no_split_rule",
                       _("belum ada aturan pembagian hasil unit produksi ini yang berlaku pada %s; tambahkan aturan di "
                         "halaman unit produksi"),
                       date);
    if (rc == MONEY_SETTLE_NO_SHARE) {
        char m[sizeof e->msg];
        snprintf(m, sizeof m, "%s", e->msg);
        return err_set(e, 422, "no_workers", "%s (%s)", m,
                       sm.rule->basis == SHARE_HOURS ? _("dasar pembagian: jam kerja") : _("dasar pembagian: kepingan"));
    }
    if (rc < 0) return -1;
    const split_rule_t *rule = sm.rule;
    o->rule = *rule;
    o->split_id = ids[rule - rules];
    o->split = sm.split;
    o->nshares = (int)sm.nw;
    for (size_t i = 0; i < sm.nw; i++) o->shares[i].share = sm.ws[i].share;

    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e,
                       "UPDATE sale SET total = ?, paid_amount = ?, split_id = ?, premi = ?, pnbp = ?, capital = ?,"
                       " updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ? AND split_id IS NULL",
                       "iiiiiitii", total, total, o->split_id, o->split.premi, o->split.pnbp, o->split.capital, now,
                       uid, c->sale_id);
    if (n < 0) return -1;
    if (n != 1) return err_set(e, 409, "conflict", _("penjualan ini sedang dibagi oleh transaksi lain; silakan ulangi"));

    json_t *credits = json_array();
    for (int i = 0; i < o->nshares; i++) {
        prod_share_t *s = &o->shares[i];
        if (s->share <= 0) continue;
        premi_post_t p = {s->wbp_id, PREMI_CREDIT, s->share, date, c->sale_id, NULL,
                          "Premi hasil penjualan"};
        premi_entry_t ent;
        if (premi_post(db, e, c->who, &p, &ent) < 0) {
            json_decref(credits);
            return -1;
        }
        s->ledger_id = ent.id;
        json_array_append_new(credits, json_pack("{s:I, s:I, s:I}", "wbp_id", (json_int_t)s->wbp_id, "weight",
                                                 (json_int_t)s->weight, "premi", (json_int_t)s->share));
    }
    char ef[DATE_ISO_LEN];
    date_format(rule->effective_from, ef);
    json_t *after = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:o}", "split_id", (json_int_t)o->split_id,
                              "rule_from", ef, "total", (json_int_t)total, "paid_amount", (json_int_t)total, "premi",
                              (json_int_t)o->split.premi, "pnbp",
                              (json_int_t)o->split.pnbp, "capital", (json_int_t)o->split.capital, "share_basis",
                              money_basis_name(rule->basis), "remainder_to", money_bucket_name(rule->remainder),
                              "credits", credits);
    return audit_write(db, e,
                       &(audit_write_t){c->who, site, "settle", "sale", c->sale_id, .after = after,
                                        .before_text = "{\"split_id\":null}", .after_text = "{}"});
}

int prod_sale_settle(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t sale_id, int64_t expect_total,
                     prod_settle_t *out)
{
    struct settle_ctx c = {a, who, sale_id, expect_total, out, NULL};
    return db_tx(db, settle_tx, &c, e);
}

/* ---------------------------------------------------------------- PNBP */

static const rm_col_t sale_spec_cols[] = {RM_COL(prod_sale_row_t, RM_INT, id), RM_COL(prod_sale_row_t, RM_INT, site_id), RM_COL(prod_sale_row_t, RM_INT, unit_id), RM_COL(prod_sale_row_t, RM_STR, sale_date), RM_COL(prod_sale_row_t, RM_STR, receipt_no), RM_COL(prod_sale_row_t, RM_STR, buyer), RM_COL(prod_sale_row_t, RM_STR, unit_code), RM_COL(prod_sale_row_t, RM_STR, unit_name), RM_COL(prod_sale_row_t, RM_STR, site_code), RM_COL(prod_sale_row_t, RM_INT, total), RM_COL(prod_sale_row_t, RM_INT, premi), RM_COL(prod_sale_row_t, RM_INT, pnbp), RM_COL(prod_sale_row_t, RM_INT, capital), RM_COL(prod_sale_row_t, RM_INT, deposit_id), RM_COL(prod_sale_row_t, RM_STR, ntpn)};
static const rm_spec_t sale_spec = RM_SPEC(prod_sale_row_t, sale_spec_cols);

int prod_sales_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                    bool only_outstanding, int64_t deposit_id, prod_sale_row_t **rows, int *n)
{
    db_stmt_t *st = db_query(
        db, e,
        "SELECT s.id, s.site_id, s.unit_id, s.sale_date, s.receipt_no, s.buyer, u.code, u.name, t.code, s.total,"
        " s.premi, s.pnbp, s.capital, COALESCE(ds.deposit_id, 0), COALESCE(d.ntpn, '')"
        " FROM sale s JOIN production_unit u ON u.id = s.unit_id JOIN site t ON t.id = s.site_id"
        " LEFT JOIN pnbp_deposit_sale ds ON ds.sale_id = s.id LEFT JOIN pnbp_deposit d ON d.id = ds.deposit_id"
        " WHERE s.split_id IS NOT NULL"
        " AND " SITE_SCOPE("s") " AND (? = '' OR s.sale_date >= ?) AND (? = '' OR s.sale_date < ?)"
        " AND (? = 0 OR (ds.sale_id IS NULL AND s.pnbp > 0)) AND (? = 0 OR ds.deposit_id = ?)"
        " ORDER BY s.sale_date, s.id",
        "iiiittttiii", uid, uid, site_id, site_id, from ? from : "", from ? from : "", to ? to : "", to ? to : "",
        (int64_t)only_outstanding, deposit_id, deposit_id);
    *rows = rm_list(st, e, a, &sale_spec, n);
    return *rows ? 0 : -1;
}

int64_t prod_deposit_covered(db_t *db, err_t *e, int64_t deposit_id)
{
    return db_one_int(db, e, "SELECT COALESCE(sum(amount), 0) FROM pnbp_deposit_sale WHERE deposit_id = ?", "i",
                      deposit_id);
}

struct cover_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t deposit_id;
    const int64_t *ids;
    int n;
    field_errs_t *fe;
    int fe0;
};

static char *id_list_json(db_t *db, err_t *e, int64_t deposit_id)
{
    json_t *arr = json_array();
    db_stmt_t *st = db_query(db, e, "SELECT sale_id FROM pnbp_deposit_sale WHERE deposit_id = ? ORDER BY sale_id", "i",
                             deposit_id);
    while (st && db_step(st, e) == 1) json_array_append_new(arr, json_integer(db_col_int(st, 0)));
    db_finalize(st);
    json_t *o = json_pack("{s:o}", "sale_ids", arr);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static int cover_tx(db_t *db, void *vc, err_t *e)
{
    struct cover_ctx *c = vc;
    c->fe->n = c->fe0;
    int64_t site = 0, amount = 0;
    int rc = rm_first(db_query_locked(db, e, "SELECT site_id, amount FROM pnbp_deposit WHERE id = ?", "i", c->deposit_id),
                      e, NULL, "ii", &site, &amount);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", _("setoran PNBP tidak ditemukan"));
    int64_t sum = 0;
    for (int i = 0; i < c->n; i++) {
        int64_t sid = c->ids[i];
        bool dup = false;
        for (int k = 0; k < i; k++) dup |= c->ids[k] == sid;
        if (dup) continue;
        int64_t ssite = 0, pnbp = 0;
        bool settled = false;
        const char *rno = "", *other = "";
        rc = rm_first(db_query(db, e,
                               "SELECT s.site_id, s.split_id, COALESCE(s.pnbp, 0), s.receipt_no,"
                               " COALESCE((SELECT d.ntpn FROM pnbp_deposit_sale x JOIN pnbp_deposit d ON d.id = "
                               "x.deposit_id WHERE x.sale_id = s.id AND x.deposit_id <> ?), '') FROM sale s WHERE s.id = ?",
                               "ii", c->deposit_id, sid),
                      e, c->a, "i?iss", &ssite, &settled, &pnbp, &rno, &other);
        if (rc < 0) return -1;
        if (rc == 0 || ssite != site)
            field_err(c->fe, "sale_ids", _("Penjualan dengan id %lld tidak ada di lokasi setoran ini"), (long long)sid);
        else if (!settled)
            field_err(c->fe, "sale_ids", _("Penjualan %s belum dibagi hasilnya, jadi PNBP-nya belum diketahui"), rno);
        else if (pnbp <= 0)
            field_err(c->fe, "sale_ids", _("Penjualan %s tidak memiliki PNBP"), rno);
        else if (*other)
            field_err(c->fe, "sale_ids", _("PNBP penjualan %s sudah disetor dengan NTPN %s"), rno, other);
        else
            sum += pnbp;
    }
    if (!c->fe->n && sum > amount) {
        char s1[MONEY_FMT_LEN], s2[MONEY_FMT_LEN];
        field_err(c->fe, "sale_ids", _("PNBP penjualan yang dipilih (%s) melebihi jumlah setoran (%s)"),
                  money_format(sum, s1), money_format(amount, s2));
    }
    if (c->fe->n) return err_set(e, 422, "validation", "%s", c->fe->e[0].msg);
    char *before = id_list_json(db, e, c->deposit_id);
    if (db_run(db, e, "DELETE FROM pnbp_deposit_sale WHERE deposit_id = ?", "i", c->deposit_id) < 0) {
        free(before);
        return -1;
    }
    for (int i = 0; i < c->n; i++) {
        bool dup = false;
        for (int k = 0; k < i; k++) dup |= c->ids[k] == c->ids[i];
        if (dup) continue;
        if (db_run(db, e,
                   "INSERT INTO pnbp_deposit_sale(deposit_id, sale_id, amount)"
                   " SELECT ?, id, pnbp FROM sale WHERE id = ?",
                   "ii", c->deposit_id, c->ids[i]) < 0) {
            free(before);
            return -1;
        }
    }
    char *after = id_list_json(db, e, c->deposit_id);
    rc = audit_append(db, e, c->who ? c->who : &audit_cli_actor, site, "update", "pnbp_deposit", c->deposit_id, before,
                      after);
    free(before);
    free(after);
    return rc;
}

int prod_deposit_set_sales(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t deposit_id,
                           const int64_t *sale_ids, int n, field_errs_t *fe)
{
    struct cover_ctx c = {a, who, deposit_id, sale_ids, n, fe, fe->n};
    if (db_tx(db, cover_tx, &c, e) < 0) return fe->n > c.fe0 ? 0 : -1;
    return 0;
}

/* ---------------------------------------------------------------- report rows */

static const rm_col_t unit_spec_cols[] = {RM_COL(prod_unit_row_t, RM_INT, id), RM_COL(prod_unit_row_t, RM_INT, site_id), RM_COL(prod_unit_row_t, RM_STR, code), RM_COL(prod_unit_row_t, RM_STR, name), RM_COL(prod_unit_row_t, RM_STR, site_code), RM_COL(prod_unit_row_t, RM_BOOL, active)};
static const rm_spec_t unit_spec = RM_SPEC(prod_unit_row_t, unit_spec_cols);

int prod_units_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, prod_unit_row_t **rows, int *n)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id, u.site_id, u.code, u.name, t.code, u.active FROM production_unit u"
                             " JOIN site t ON t.id = u.site_id"
                             " WHERE " SITE_SCOPE("u") " ORDER BY t.code, u.code",
                             "iiii", uid, uid, site_id, site_id);
    *rows = rm_list(st, e, a, &unit_spec, n);
    return *rows ? 0 : -1;
}

static const rm_col_t deposit_spec_cols[] = {RM_COL(prod_deposit_row_t, RM_INT, id), RM_COL(prod_deposit_row_t, RM_INT, site_id), RM_COL(prod_deposit_row_t, RM_STR, deposit_date), RM_COL(prod_deposit_row_t, RM_STR, ntpn), RM_COL(prod_deposit_row_t, RM_STR, billing_code), RM_COL(prod_deposit_row_t, RM_STR, site_code), RM_COL(prod_deposit_row_t, RM_INT, amount), RM_COL(prod_deposit_row_t, RM_INT, covered), RM_COL(prod_deposit_row_t, RM_INT, nsales)};
static const rm_spec_t deposit_spec = RM_SPEC(prod_deposit_row_t, deposit_spec_cols);

int prod_deposits_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                       prod_deposit_row_t **rows, int *n)
{
    db_stmt_t *st = db_query(
        db, e,
        "SELECT d.id, d.site_id, d.deposit_date, d.ntpn, d.billing_code, t.code, d.amount,"
        " COALESCE((SELECT sum(x.amount) FROM pnbp_deposit_sale x WHERE x.deposit_id = d.id), 0),"
        " (SELECT count(*) FROM pnbp_deposit_sale x WHERE x.deposit_id = d.id)"
        " FROM pnbp_deposit d JOIN site t ON t.id = d.site_id"
        " WHERE " SITE_SCOPE("d") " AND (? = '' OR d.deposit_date >= ?) AND (? = '' OR d.deposit_date < ?)"
        " ORDER BY d.deposit_date, d.id",
        "iiiitttt", uid, uid, site_id, site_id, from ? from : "", from ? from : "", to ? to : "", to ? to : "");
    *rows = rm_list(st, e, a, &deposit_spec, n);
    return *rows ? 0 : -1;
}

static const rm_col_t premi_spec_cols[] = {RM_COL(prod_premi_row_t, RM_INT, wbp_id), RM_COL(prod_premi_row_t, RM_INT, site_id), RM_COL(prod_premi_row_t, RM_STR, name), RM_COL(prod_premi_row_t, RM_STR, regno), RM_COL(prod_premi_row_t, RM_STR, site_code), RM_COL(prod_premi_row_t, RM_INT, credits), RM_COL(prod_premi_row_t, RM_INT, debits), RM_COL(prod_premi_row_t, RM_INT, payouts), RM_COL(prod_premi_row_t, RM_INT, spendable), RM_COL(prod_premi_row_t, RM_INT, saved)};
static const rm_spec_t premi_spec = RM_SPEC(prod_premi_row_t, premi_spec_cols);

int prod_premi_by_inmate(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from,
                         const char *to, prod_premi_row_t **rows, int *n)
{
    db_stmt_t *st = db_query(
        db, e,
        "SELECT w.id, w.site_id, w.name, w.regno, t.code,"
        " COALESCE(sum(CASE WHEN l.kind = 'credit' THEN l.amount ELSE 0 END), 0),"
        " COALESCE(sum(CASE WHEN l.kind = 'debit' THEN l.amount ELSE 0 END), 0),"
        " COALESCE(sum(CASE WHEN l.kind = 'payout' THEN l.amount ELSE 0 END), 0),"
        " COALESCE(b.spendable, 0), COALESCE(b.saved, 0)"
        " FROM premi_ledger l JOIN wbp w ON w.id = l.wbp_id JOIN site t ON t.id = w.site_id"
        " LEFT JOIN premi_balance b ON b.wbp_id = w.id"
        " WHERE " SITE_SCOPE("l") " AND l.reverses_id IS NULL AND " NOT_REVERSED " AND (? = '' OR l.entry_date >= ?) AND (? = '' OR l.entry_date < ?)"
        " GROUP BY w.id, w.site_id, w.name, w.regno, t.code, b.spendable, b.saved ORDER BY t.code, w.name, w.id",
        "iiiitttt", uid, uid, site_id, site_id, from ? from : "", from ? from : "", to ? to : "", to ? to : "");
    *rows = rm_list(st, e, a, &premi_spec, n);
    return *rows ? 0 : -1;
}

/* ---------------------------------------------------------------- settlement reversal (issue 22) */

struct sale_rev_ctx {
    const actor_t *who;
    int64_t sale_id;
    const char *reason;
    bool dry;
    prod_sale_reversal_t *out;
};

static int sale_reverse_tx(db_t *db, void *vc, err_t *e)
{
    struct sale_rev_ctx *c = vc;
    prod_sale_reversal_t *o = c->out;
    int64_t uid = c->who ? c->who->user_id : 0;
    memset(o, 0, sizeof *o);
    int64_t site = 0, split = 0, deposited = 0;
    char settled_on[11] = "", receipt[64] = "";
    if (rm_first(db_query(db, e,
                          "SELECT site_id, COALESCE(split_id, 0), total, COALESCE(premi, 0), COALESCE(pnbp, 0),"
                          " COALESCE(capital, 0), updated_at, receipt_no,"
                          " (SELECT count(*) FROM pnbp_deposit_sale ds WHERE ds.sale_id = sale.id)"
                          " FROM sale WHERE id = ?",
                          "i", c->sale_id),
                 e, NULL, "iiiiiicci", &site, &split, &o->total, &o->premi, &o->pnbp, &o->capital, settled_on,
                 sizeof settled_on, receipt, sizeof receipt, &deposited) < 0)
        return -1;
    if (!site) return err_set(e, 404, "not_found", _("penjualan dengan id %lld tidak ditemukan"), (long long)c->sale_id);
    if (!split) return err_set(e, 409, "not_settled", _("Penjualan %s belum dibagi hasilnya"), receipt);
    if (deposited)
        return err_set(e, 409, "pnbp_deposited",
                       _("PNBP penjualan %s sudah tercatat dalam setoran; lepaskan dari setoran itu dahulu"), receipt);
    char today[11];
    today_iso(today);
    int64_t days;
    int closed = setting_window_closed(db, e, "sale.correction_days", site, settled_on, &days);
    if (closed < 0) return -1;
    if (closed)
        return err_set(e, 409, "correction_window_closed",
                       _("Bagi hasil hanya dapat dibatalkan dalam %lld hari setelah dibagi (dibagi %s)"),
                       (long long)days, settled_on);
    /* the credits of this settlement not yet reversed */
    enum { MAXW = 512 };
    int64_t ids[MAXW];
    int n = rm_ids(db_query(db, e,
                            "SELECT l.id, l.amount FROM premi_ledger l WHERE l.sale_id = ? AND l.kind = 'credit' AND "
                            NOT_REVERSED " ORDER BY l.id",
                            "i", c->sale_id),
                   e, ids, MAXW);
    if (n < 0) return -1;
    o->credits = n;
    if (c->dry) return 0;
    char note[96];
    snprintf(note, sizeof note, "koreksi bagi hasil %s", receipt);
    for (int i = 0; i < n; i++) {
        premi_entry_t pe;
        if (premi_reverse(db, e, c->who, ids[i], today, note, &pe) < 0) return -1;
    }
    char now[32];
    now_iso(now);
    o->id = db_one_int(db, e,
                       "INSERT INTO sale_reversal(site_id, sale_id, reversed_on, reason, split_id, total, premi, pnbp,"
                       " capital, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0))"
                       " RETURNING id",
                       "iittiiiiiti", site, c->sale_id, today, c->reason, split, o->total, o->premi, o->pnbp, o->capital,
                       now, uid);
    if (o->id <= 0) return o->id < 0 ? -1 : err_set(e, 500, "db_error", "pembatalan tidak tersimpan");
    if (db_run(db, e,
               "UPDATE sale SET split_id = NULL, premi = NULL, pnbp = NULL, capital = NULL, updated_at = ?,"
               " updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
               "tii", now, uid, c->sale_id) < 0)
        return -1;
    json_t *before = json_pack("{s:I, s:I, s:I, s:I}", "split_id", (json_int_t)split, "premi", (json_int_t)o->premi,
                               "pnbp", (json_int_t)o->pnbp, "capital", (json_int_t)o->capital);
    json_t *after = json_pack("{s:n, s:s, s:I, s:i}", "split_id", "reason", c->reason, "reversal_id", (json_int_t)o->id,
                              "credits_reversed", n);
    return audit_write(db, e,
                       &(audit_write_t){c->who, site, "reverse", "sale", c->sale_id, before, after, "{}", "{}"});
}

int prod_sale_reverse(db_t *db, err_t *e, const actor_t *who, int64_t sale_id, const char *reason, bool dry,
                      prod_sale_reversal_t *out)
{
    if (!dry && (!reason || !*reason)) return err_set(e, 400, "field_required", _("Alasan pembatalan wajib diisi"));
    struct sale_rev_ctx c = {who, sale_id, reason, dry, out};
    return db_tx(db, sale_reverse_tx, &c, e);
}

/* ---------------------------------------------------------------- what the pages show */

static const rm_col_t split_cols[] = {
    RM_COL(prod_split_row_t, RM_INT, id),         RM_COL(prod_split_row_t, RM_TEXT, effective_from),
    RM_COL(prod_split_row_t, RM_INT, premi_bp),   RM_COL(prod_split_row_t, RM_INT, pnbp_bp),
    RM_COL(prod_split_row_t, RM_INT, capital_bp), RM_COL(prod_split_row_t, RM_TEXT, share_basis),
    RM_COL(prod_split_row_t, RM_TEXT, remainder_to)};
static const rm_spec_t split_spec = RM_SPEC(prod_split_row_t, split_cols);

int prod_split_in_force(db_t *db, err_t *e, arena_t *a, int64_t unit_id, const char *date, prod_split_row_t *out)
{
    return rm_one(db_query(db, e,
                           "SELECT id, effective_from, premi_bp, pnbp_bp, capital_bp, share_basis, remainder_to"
                           " FROM revenue_split WHERE unit_id = ? AND effective_from <= ?"
                           " ORDER BY effective_from DESC, id DESC LIMIT 1",
                           "it", unit_id, date),
                  e, a, &split_spec, out);
}

void prod_sales_cond_pnbp(rec_cond_t *conds, int *n, int cap, bool outstanding)
{
    rec_cond_add(conds, n, cap,
                 outstanding
                     ? "r.split_id IS NOT NULL AND r.pnbp > 0 AND r.id NOT IN (SELECT sale_id FROM pnbp_deposit_sale)"
                     : "r.id IN (SELECT sale_id FROM pnbp_deposit_sale)");
}

int64_t prod_sales_on(db_t *db, err_t *e, int64_t unit_id, const char *date)
{
    return db_one_int(db, e, "SELECT count(*) FROM sale WHERE unit_id = ? AND sale_date = ?", "it", unit_id, date);
}

static const rm_col_t sale_deposit_cols[] = {RM_COL(prod_sale_deposit_t, RM_INT, id),
                                             RM_COL(prod_sale_deposit_t, RM_TEXT, ntpn),
                                             RM_COL(prod_sale_deposit_t, RM_TEXT, deposit_date)};
static const rm_spec_t sale_deposit_spec = RM_SPEC(prod_sale_deposit_t, sale_deposit_cols);

int prod_sale_deposit(db_t *db, err_t *e, arena_t *a, int64_t sale_id, prod_sale_deposit_t *out)
{
    return rm_one(db_query(db, e,
                           "SELECT d.id, d.ntpn, d.deposit_date FROM pnbp_deposit_sale x"
                           " JOIN pnbp_deposit d ON d.id = x.deposit_id WHERE x.sale_id = ?",
                           "i", sale_id),
                  e, a, &sale_deposit_spec, out);
}
