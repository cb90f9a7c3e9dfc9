/* premi_store.c — posting to the premi ledger atomically (see premi_store.h). */
#include "premi_store.h"
#include "rowmap.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *premi_kind_name(premi_kind_t k)
{
    switch (k) {
    case PREMI_DEBIT: return "debit";
    case PREMI_PAYOUT: return "payout";
    case PREMI_CREDIT: break;
    }
    return "credit";
}

int premi_saved_bp_at(db_t *db, err_t *e, int64_t site_id, const char *date, int *out)
{
    /* the site's own rows first, then the default (site_id NULL); latest in force */
    int rc = rm_first(db_query(db, e,
                               "SELECT saved_bp FROM premi_policy WHERE (site_id = ? OR site_id IS NULL)"
                               " AND effective_from <= ?"
                               " ORDER BY CASE WHEN site_id IS NULL THEN 1 ELSE 0 END, effective_from DESC, id DESC"
                               " LIMIT 1",
                               "it", site_id, date),
                      e, NULL, "n", out);
    if (rc < 0) return -1;
    if (rc == 0)
        return err_set(e, 409, "no_premi_policy", "belum ada pengaturan bagian premi yang ditabung untuk tanggal %.10s",
                       date);
    return 0;
}

int premi_balance_get(db_t *db, err_t *e, int64_t wbp_id, premi_balance_t *out)
{
    *out = (premi_balance_t){0, 0};
    return rm_first(db_query(db, e, "SELECT spendable, saved FROM premi_balance WHERE wbp_id = ?", "i", wbp_id), e, NULL,
                    "ii", &out->spendable, &out->saved) < 0
               ? -1
               : 0;
}

struct post_ctx {
    const actor_t *who;
    const premi_post_t *p;
    premi_entry_t *out;
};

/* Reads the balance row, locked for this transaction (see the header). */
static int read_locked(db_t *db, err_t *e, int64_t wbp_id, premi_balance_t *bal, int64_t *entries)
{
    int rc = rm_first(db_query_locked(db, e, "SELECT spendable, saved, entries FROM premi_balance WHERE wbp_id = ?", "i",
                                      wbp_id),
                      e, NULL, "iii", &bal->spendable, &bal->saved, entries);
    if (rc == 0) return err_set(e, 500, "db_error", "saldo premi tidak ditemukan");
    return rc < 0 ? -1 : 0;
}

static int post_tx(db_t *db, void *vctx, err_t *e)
{
    struct post_ctx *c = vctx;
    const premi_post_t *p = c->p;
    premi_entry_t *o = c->out;
    memset(o, 0, sizeof *o);
    o->site_id = db_one_int(db, e, "SELECT site_id FROM wbp WHERE id = ?", "i", p->wbp_id);
    if (o->site_id < 0) return -1;
    if (o->site_id == 0) return err_set(e, 404, "not_found", "WBP tidak ditemukan");
    char now[32];
    now_iso(now);
    if (db_run(db, e,
               "INSERT INTO premi_balance(wbp_id, site_id, spendable, saved, entries, updated_at)"
               " VALUES (?, ?, 0, 0, 0, ?) ON CONFLICT (wbp_id) DO NOTHING",
               "iit", p->wbp_id, o->site_id, now) < 0)
        return -1;
    premi_balance_t bal = {0, 0};
    int64_t entries = 0;
    if (read_locked(db, e, p->wbp_id, &bal, &entries) < 0) return -1;

    int rc;
    switch (p->kind) {
    case PREMI_CREDIT:
        if (premi_saved_bp_at(db, e, o->site_id, p->date, &o->saved_bp) < 0) return -1;
        rc = premi_credit(&bal, p->amount, o->saved_bp, &o->move, e);
        break;
    case PREMI_DEBIT: rc = premi_debit(&bal, p->amount, &o->move, e); break;
    case PREMI_PAYOUT: rc = premi_payout(&bal, &o->move, e); break;
    default: return err_set(e, 400, "invalid_input", "jenis catatan premi tidak dikenal");
    }
    if (rc < 0) return -1;
    o->amount = o->move.spendable_delta + o->move.saved_delta;
    if (o->amount < 0) o->amount = -o->amount;

    /* write back only the balance that was read (compare and set) */
    int64_t n = db_run(db, e,
                       "UPDATE premi_balance SET spendable = ?, saved = ?, entries = entries + 1, updated_at = ?"
                       " WHERE wbp_id = ? AND spendable = ? AND saved = ? AND entries = ?",
                       "iitiiii", o->move.after.spendable, o->move.after.saved, now, p->wbp_id, bal.spendable,
                       bal.saved, entries);
    if (n < 0) return -1;
    if (n != 1)
        return err_set(e, 409, "conflict", "saldo premi berubah oleh transaksi lain; silakan ulangi");
    o->id = db_one_int(db, e,
                       "INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta,"
                       " spendable_after, saved_after, sale_id, receipt_no, note, created_at, created_by)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0))"
                       " RETURNING id",
                       "iittiiiiiittti", o->site_id, p->wbp_id, p->date, premi_kind_name(p->kind), o->amount,
                       o->move.spendable_delta, o->move.saved_delta, o->move.after.spendable, o->move.after.saved,
                       p->sale_id, p->receipt_no ? p->receipt_no : "", p->note ? p->note : "", now,
                       c->who ? c->who->user_id : 0);
    if (o->id <= 0) return o->id < 0 ? -1 : err_set(e, 500, "db_error", "catatan premi tidak tersimpan");
    json_t *a = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "wbp_id", (json_int_t)p->wbp_id, "entry_date",
                          p->date, "kind", premi_kind_name(p->kind), "amount", (json_int_t)o->amount,
                          "spendable_delta", (json_int_t)o->move.spendable_delta, "saved_delta",
                          (json_int_t)o->move.saved_delta, "spendable_after", (json_int_t)o->move.after.spendable,
                          "saved_after", (json_int_t)o->move.after.saved);
    if (p->sale_id) json_object_set_new(a, "sale_id", json_integer(p->sale_id));
    if (p->receipt_no && *p->receipt_no) json_object_set_new(a, "receipt_no", json_string(p->receipt_no));
    if (p->note && *p->note) json_object_set_new(a, "note", json_string(p->note));
    return audit_write(db, e,
                       &(audit_write_t){c->who, o->site_id, "create", "premi_ledger", o->id, .after = a,
                                        .after_text = "{}"});
}

int premi_post(db_t *db, err_t *e, const actor_t *who, const premi_post_t *p, premi_entry_t *out)
{
    date_t d;
    if (!p->date || !date_parse(p->date, &d) || strlen(p->date) != 10 || p->date[4] != '-')
        return err_set(e, 400, "invalid_input", "tanggal catatan premi harus YYYY-MM-DD");
    if (p->kind != PREMI_PAYOUT && (p->amount <= 0 || p->amount > MONEY_MAX))
        return err_set(e, 400, "invalid_input", "jumlah premi harus lebih dari Rp 0");
    if (p->kind != PREMI_CREDIT && p->sale_id)
        return err_set(e, 400, "invalid_input", "hanya kredit premi yang berasal dari penjualan");
    premi_entry_t tmp;
    struct post_ctx c = {who, p, out ? out : &tmp};
    return db_tx(db, post_tx, &c, e);
}

#define C(f, t) RM_COL(premi_row_t, t, f)
static const rm_col_t entry_cols[] = {
    C(id, RM_INT),           C(site_id, RM_INT),         C(wbp_id, RM_INT),        C(entry_date, RM_STR),
    C(kind, RM_STR),         C(amount, RM_INT),          C(spendable_delta, RM_INT), C(saved_delta, RM_INT),
    C(spendable_after, RM_INT), C(saved_after, RM_INT),  C(sale_id, RM_INT),       C(receipt_no, RM_STR),
    C(note, RM_STR),         C(created_at, RM_STR),      C(sale_receipt_no, RM_STR), C(created_by, RM_STR)};
#undef C
static const rm_spec_t entry_spec = RM_SPEC(premi_row_t, entry_cols);
/* the columns of entry_cols and the tables they come from */
#define ENTRY_COLS                                                                                                   \
    "l.id, l.site_id, l.wbp_id, l.entry_date, l.kind, l.amount, l.spendable_delta, l.saved_delta,"                   \
    " l.spendable_after, l.saved_after, l.sale_id, l.receipt_no, l.note, l.created_at, s.receipt_no,"               \
    " COALESCE(u.full_name, u.name, '')"                                                                            \
    " FROM premi_ledger l LEFT JOIN sale s ON s.id = l.sale_id"                                                     \
    " LEFT JOIN app_user u ON u.id = l.created_by"

int premi_ledger_list(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, premi_row_t **rows, int *n)
{
    *rows = rm_list(db_query(db, e, "SELECT " ENTRY_COLS " WHERE l.wbp_id = ? ORDER BY l.id", "i", wbp_id), e, a, &entry_spec, n);
    return *rows ? 0 : -1;
}

int premi_ledger_get(db_t *db, err_t *e, arena_t *a, int64_t id, premi_row_t *out)
{
    return rm_one(db_query(db, e, "SELECT " ENTRY_COLS " WHERE l.id = ?", "i", id), e, a, &entry_spec, out);
}

int premi_release_payout(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *date,
                         const char *receipt_no, const char *note, premi_entry_t *out)
{
    premi_post_t p = {wbp_id, PREMI_PAYOUT, 0, date, 0, receipt_no, note ? note : "Pembayaran premi saat bebas"};
    return premi_post(db, e, who, &p, out);
}

/* ---------------------------------------------------------------- reversing entries */

struct rev_ctx {
    const actor_t *who;
    int64_t entry_id;
    const char *date, *note;
    premi_entry_t *out;
};

static int reverse_tx(db_t *db, void *vctx, err_t *e)
{
    struct rev_ctx *c = vctx;
    premi_entry_t *o = c->out;
    memset(o, 0, sizeof *o);
    db_stmt_t *st = db_query(db, e,
                             "SELECT wbp_id, site_id, kind, amount, spendable_delta, saved_delta,"
                             " (SELECT count(*) FROM premi_ledger r WHERE r.reverses_id = l.id)"
                             " FROM premi_ledger l WHERE id = ?",
                             "i", c->entry_id);
    int64_t wbp_id = 0, amount = 0, sd = 0, vd = 0, done = 0;
    char kind[16] = "";
    if (rm_first(st, e, NULL, "iiciiii", &wbp_id, &o->site_id, kind, sizeof kind, &amount, &sd, &vd, &done) < 0)
        return -1;
    if (!wbp_id) return err_set(e, 404, "not_found", "catatan premi %lld tidak ditemukan", (long long)c->entry_id);
    if (done) return err_set(e, 409, "already_reversed", "catatan premi %lld sudah dibalik", (long long)c->entry_id);
    if (str_eq(kind, "transfer_out") || str_eq(kind, "transfer_in"))
        return err_set(e, 409, "transfer_entry", "catatan premi %lld adalah pemindahan saldo karena WBP pindah; tidak dapat dibalik",
                       (long long)c->entry_id);
    premi_balance_t bal = {0, 0};
    int64_t entries = 0;
    if (read_locked(db, e, wbp_id, &bal, &entries) < 0) return -1;
    o->move.spendable_delta = -sd, o->move.saved_delta = -vd;
    o->move.after.spendable = bal.spendable - sd, o->move.after.saved = bal.saved - vd;
    o->amount = amount;
    if (o->move.after.spendable < 0 || o->move.after.saved < 0)
        return err_set(e, 409, "premi_spent",
                       "premi yang akan dibalik (Rp %lld) sudah terpakai sebagian: saldo tidak cukup untuk membaliknya",
                       (long long)amount);
    const char *rkind = str_eq(kind, "credit") ? "debit" : "credit";
    char now[32];
    now_iso(now);
    int64_t n = db_run(db, e,
                       "UPDATE premi_balance SET spendable = ?, saved = ?, entries = entries + 1, updated_at = ?"
                       " WHERE wbp_id = ? AND spendable = ? AND saved = ? AND entries = ?",
                       "iitiiii", o->move.after.spendable, o->move.after.saved, now, wbp_id, bal.spendable, bal.saved,
                       entries);
    if (n < 0) return -1;
    if (n != 1) return err_set(e, 409, "conflict", "saldo premi berubah oleh transaksi lain; silakan ulangi");
    o->id = db_one_int(db, e,
                       "INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta,"
                       " spendable_after, saved_after, receipt_no, note, created_at, created_by, reverses_id)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?) RETURNING id",
                       "iittiiiiittii", o->site_id, wbp_id, c->date, rkind, amount, o->move.spendable_delta,
                       o->move.saved_delta, o->move.after.spendable, o->move.after.saved, c->note ? c->note : "", now,
                       c->who ? c->who->user_id : 0, c->entry_id);
    if (o->id <= 0) return o->id < 0 ? -1 : err_set(e, 500, "db_error", "catatan premi tidak tersimpan");
    json_t *a = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "wbp_id", (json_int_t)wbp_id, "entry_date", c->date,
                          "kind", rkind, "amount", (json_int_t)amount, "reverses_id", (json_int_t)c->entry_id,
                          "spendable_after", (json_int_t)o->move.after.spendable, "saved_after",
                          (json_int_t)o->move.after.saved);
    if (c->note && *c->note) json_object_set_new(a, "note", json_string(c->note));
    return audit_write(db, e,
                       &(audit_write_t){c->who, o->site_id, "reverse", "premi_ledger", o->id, .after = a,
                                        .after_text = "{}"});
}

int premi_reverse(db_t *db, err_t *e, const actor_t *who, int64_t entry_id, const char *date, const char *note,
                  premi_entry_t *out)
{
    premi_entry_t tmp;
    struct rev_ctx c = {who, entry_id, date, note, out ? out : &tmp};
    return db_tx(db, reverse_tx, &c, e);
}

/* ---------------------------------------------------------------- transfers (issue 26) */

/* Appends one transfer entry (kind, at site) moving sd/vd, the balance after being
 * after; audited at that site. */
static int transfer_entry(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id, const char *kind,
                          const char *date, rupiah_t sd, rupiah_t vd, premi_balance_t after, const char *note,
                          const char *now)
{
    rupiah_t amount = sd + vd < 0 ? -(sd + vd) : sd + vd;
    int64_t id = db_one_int(db, e,
                            "INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta,"
                            " spendable_after, saved_after, receipt_no, note, created_at, created_by)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                            "iittiiiiitti", site_id, wbp_id, date, kind, amount, sd, vd, after.spendable, after.saved,
                            note ? note : "", now, who ? who->user_id : 0);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "catatan premi tidak tersimpan");
    json_t *a = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "wbp_id", (json_int_t)wbp_id, "entry_date", date,
                          "kind", kind, "amount", (json_int_t)amount, "spendable_delta", (json_int_t)sd, "saved_delta",
                          (json_int_t)vd, "spendable_after", (json_int_t)after.spendable, "saved_after",
                          (json_int_t)after.saved);
    if (note && *note) json_object_set_new(a, "note", json_string(note));
    return audit_write(db, e,
                       &(audit_write_t){who, site_id, "create", "premi_ledger", id, .after = a, .after_text = "{}"});
}

int premi_transfer(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, int64_t from_site, int64_t to_site,
                   const char *date, const char *note_out, const char *note_in, rupiah_t *carried)
{
    *carried = 0;
    int64_t have = db_one_int(db, e, "SELECT count(*) FROM premi_balance WHERE wbp_id = ?", "i", wbp_id);
    if (have <= 0) return (int)have; /* nothing ever posted: nothing to carry */
    premi_balance_t bal = {0, 0};
    int64_t entries = 0;
    if (read_locked(db, e, wbp_id, &bal, &entries) < 0) return -1;
    char now[32];
    now_iso(now);
    rupiah_t total = bal.spendable + bal.saved;
    if (total > 0) {
        premi_balance_t zero = {0, 0};
        if (transfer_entry(db, e, who, from_site, wbp_id, "transfer_out", date, -bal.spendable, -bal.saved, zero, note_out,
                           now) < 0 ||
            transfer_entry(db, e, who, to_site, wbp_id, "transfer_in", date, bal.spendable, bal.saved, bal, note_in, now) < 0)
            return -1;
    }
    /* the balance row moves with the inmate; the parts are those read */
    int64_t n = db_run(db, e,
                       "UPDATE premi_balance SET site_id = ?, entries = entries + ?, updated_at = ?"
                       " WHERE wbp_id = ? AND spendable = ? AND saved = ? AND entries = ?",
                       "iitiiii", to_site, (int64_t)(total > 0 ? 2 : 0), now, wbp_id, bal.spendable, bal.saved, entries);
    if (n < 0) return -1;
    if (n != 1) return err_set(e, 409, "conflict", "saldo premi berubah oleh transaksi lain; silakan ulangi");
    *carried = total;
    return 0;
}
