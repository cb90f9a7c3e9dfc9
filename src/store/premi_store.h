/* premi_store.h — the inmates' premi ledger (migrations/005_production.sql):
 * posting credits, debits and payouts atomically, reading balances and the policy
 * setting (the saved share).
 *
 * Every post runs in one transaction (db_tx; it joins the caller's when there is
 * one) that locks the inmate's premi_balance row (PostgreSQL: SELECT ... FOR UPDATE
 * under SERIALIZABLE; SQLite: the write lock BEGIN IMMEDIATE takes), applies the
 * ledger rule of core/money.c to the balance it read, writes the balance back only if
 * it is still the one read, appends the ledger entry and its audit entry. So two
 * simultaneous debits can never overdraw: the second sees the first's result (or is
 * retried by db_tx), and the CHECKs on premi_balance refuse a negative balance in
 * any case. */
#ifndef BEKAL_PREMI_STORE_H
#define BEKAL_PREMI_STORE_H
#include "../core/money.h"
#include "audit.h"

typedef enum { PREMI_CREDIT, PREMI_DEBIT, PREMI_PAYOUT } premi_kind_t;

/* One entry to post. Strings are borrowed. */
typedef struct {
    int64_t wbp_id;
    premi_kind_t kind;
    rupiah_t amount;        /* credit and debit: > 0; payout: ignored (pays the whole balance) */
    const char *date;       /* entry date YYYY-MM-DD */
    int64_t sale_id;        /* the sale a credit comes from, or 0 */
    const char *receipt_no; /* purchase or payout receipt, or NULL */
    const char *note;       /* or NULL */
} premi_post_t;

/* The entry as written. */
typedef struct {
    int64_t id, site_id;
    rupiah_t amount;
    premi_move_t move; /* deltas and the balance after */
    int saved_bp;      /* credits: the saved share applied */
} premi_entry_t;

const char *premi_kind_name(premi_kind_t k);

/* Posts one entry. 0 and *out filled, or -1 with e set: 404 unknown inmate,
 * 400 bad input, 409 insufficient spendable balance / nothing to pay out. */
int premi_post(db_t *db, err_t *e, const actor_t *who, const premi_post_t *p, premi_entry_t *out);

/* The balance of an inmate ({0, 0} when nothing was ever posted). 0 or -1. */
int premi_balance_get(db_t *db, err_t *e, int64_t wbp_id, premi_balance_t *out);

/* The saved share (basis points) in force for a site on date: the site's own
 * premi_policy row with the latest effective_from <= date, else the default row
 * (site_id NULL). -1 with e set when none is in force. */
int premi_saved_bp_at(db_t *db, err_t *e, int64_t site_id, const char *date, int *out);

/* One ledger entry as stored, with the sale's receipt number for a credit. */
typedef struct {
    int64_t id, site_id, wbp_id, sale_id;
    const char *entry_date, *kind, *receipt_no, *sale_receipt_no, *note, *created_at, *created_by;
    rupiah_t amount, spendable_delta, saved_delta, spendable_after, saved_after;
} premi_row_t;
/* The ledger of an inmate in posting order (arena-owned rows). 0 or -1. */
int premi_ledger_list(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, premi_row_t **rows, int *n);
/* One entry by id: 1 found, 0 not, -1 error. */
int premi_ledger_get(db_t *db, err_t *e, arena_t *a, int64_t id, premi_row_t *out);

/* Pays out an inmate's whole premi balance (spendable and saved) on release: the
 * one call the release workflow makes. Posts a payout entry dated date with the
 * receipt number (NULL: none) and note, audited; joins the caller's transaction.
 * 0 and *out, or -1: 404 unknown inmate, 409 nothing to pay out. */
int premi_release_payout(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *date,
                         const char *receipt_no, const char *note, premi_entry_t *out);

/* Posts the reversing entry of ledger entry entry_id (issue 22: a mistake is undone
 * by a new entry, never by deleting one): the same parts with the opposite sign (a
 * credit is reversed by a debit, a payout or debit by a credit), marked reverses_id,
 * audited; joins the caller's transaction. 0 and *out, or -1: 404 no such entry,
 * 409 "already_reversed", 409 "premi_spent" when the balance no longer holds what a
 * credit gave. */
int premi_reverse(db_t *db, err_t *e, const actor_t *who, int64_t entry_id, const char *date, const char *note,
                  premi_entry_t *out);

/* Carries an inmate's whole premi balance from site from_site to to_site (a transfer,
 * issue 26), inside the caller's transaction: a 'transfer_out' entry at from_site takes
 * both parts to zero, a 'transfer_in' entry at to_site gives the same parts back (the
 * two amounts are equal), and the balance row moves to to_site; each entry audited at
 * its site. Nothing is posted when the balance is zero. *carried gets the amount.
 * 0 or -1. */
int premi_transfer(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, int64_t from_site, int64_t to_site,
                   const char *date, const char *note_out, const char *note_in, rupiah_t *carried);

#endif
