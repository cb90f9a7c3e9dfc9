/* production_store.h — the production queries beyond the generic record functions
 * (migrations/005_production.sql): settling a sale (its split by the rule in force
 * and its workers' premi credits, in one transaction), sale totals from items, the
 * sales a PNBP deposit covers, outstanding PNBP, the rows the reports add up, the
 * inmates a production run may name, and the site's letterhead data.
 *
 * Scope: uid is the acting user (0: the command line, every site); rows of sites the
 * user may not see are never returned. Strings are arena-owned. */
#ifndef BEKAL_PRODUCTION_STORE_H
#define BEKAL_PRODUCTION_STORE_H
#include "records.h"
#include "premi_store.h"
#include "../core/production.h"

/* ---- the site, for letterheads and signatures ---- */
typedef struct {
    int64_t id;
    const char *code, *name, *region, *address, *city, *phone, *head_name, *head_nip;
} prod_site_t;
/* 1 found (and visible to uid), 0 not, -1 error. */
int prod_site_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, prod_site_t *out);

/* ---- inmates a production run may name (the worker reference) ---- */
/* Inmates in custody at site_id, by name: parallel arrays ids/labels ("Name (regno)"). */
int prod_wbp_options(db_t *db, err_t *e, arena_t *a, int64_t site_id, int *n, int64_t **ids, const char ***labels);
/* "Name (regno)" of inmate id, or NULL. */
const char *prod_wbp_label(db_t *db, err_t *e, arena_t *a, int64_t id);
/* The date inmate id's detention began into out (YYYY-MM-DD): 1, 0 unknown inmate, -1. */
int prod_wbp_detained_from(db_t *db, err_t *e, int64_t id, char out[11]);
/* 1 when inmate id is at site_id, 0 not, -1 error. */
int prod_wbp_at_site(db_t *db, err_t *e, int64_t site_id, int64_t id);

/* ---- sales ---- */
/* Sum of the amounts of sale_id's items, leaving out item except_item (0: none). -1 on error. */
int64_t prod_sale_items_total(db_t *db, err_t *e, int64_t sale_id, int64_t except_item);
/* Stores total (and, for a sale paid in full, the paid amount) on sale_id. 0 or -1. */
int prod_sale_set_total(db_t *db, err_t *e, const actor_t *who, int64_t sale_id, int64_t total);
/* 1 when sale_id is settled (its split recorded), 0 not, -1 error. */
int prod_sale_settled(db_t *db, err_t *e, int64_t sale_id);
/* Settled sales of a production run. -1 on error. */
int64_t prod_settled_sales_of_run(db_t *db, err_t *e, int64_t production_id);
/* The date of a unit's latest settled sale into latest: 1, 0 when it has none, -1. */
int prod_unit_last_settled(db_t *db, err_t *e, int64_t unit_id, char latest[11]);
/* Settled sales that used split rule split_id. -1 on error. */
int64_t prod_sales_using_split(db_t *db, err_t *e, int64_t split_id);

/* One worker's share in a settled sale. */
typedef struct {
    int64_t wbp_id, weight, ledger_id;
    rupiah_t share;
    const char *name, *regno;
} prod_share_t;
/* The outcome of settling a sale. */
typedef struct {
    bool already;          /* it had been settled before: nothing new was written */
    int64_t sale_id, site_id, split_id;
    money_split_t split;
    split_rule_t rule;
    int nshares;
    prod_share_t *shares;  /* arena */
} prod_settle_t;
/* Settles sale_id (visible to who->user_id) in one transaction: checks that it is
 * paid in full and has items, finds the unit's split rule in force on the sale date,
 * splits the total (money_split), shares the premi among the workers of its
 * production run by the rule's basis (money_share), records the split on the sale,
 * credits each worker's premi through premi_post() and writes the audit entries.
 * Settling a settled sale changes nothing and answers its recorded outcome
 * (out->already). -1 with e: 404 unknown, 409 not paid / no rule / no production
 * run named, 422 nothing to split or no worker to credit. */
/* expect_total >= 0 is the total the caller confirms it is splitting: when the sale's
 * total (its recorded one, once settled) differs, nothing is written and the answer is
 * 409 "total_changed" (items changed since the caller looked); -1 skips the check. */
int prod_sale_settle(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t sale_id, int64_t expect_total,
                     prod_settle_t *out);
/* The recorded outcome of a settled sale (shares from its ledger credits). 1, 0 when
 * not settled, -1 error. */
int prod_sale_outcome(db_t *db, err_t *e, arena_t *a, int64_t sale_id, prod_settle_t *out);

/* ---- PNBP ---- */
/* A settled sale with its PNBP, and the deposit covering it (0: outstanding). */
typedef struct {
    int64_t id, site_id, unit_id, deposit_id;
    const char *sale_date, *receipt_no, *buyer, *unit_code, *unit_name, *site_code, *ntpn;
    rupiah_t total, premi, pnbp, capital;
} prod_sale_row_t;
/* Settled sales with sale_date in [from, to) (NULL: unbounded) at site_id (0: every
 * visible site), by date; only_outstanding: those whose PNBP is not deposited yet;
 * deposit_id > 0: only the sales that deposit covers. */
int prod_sales_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                    bool only_outstanding, int64_t deposit_id, prod_sale_row_t **rows, int *n);
/* Sum of the PNBP a deposit covers. -1 on error. */
int64_t prod_deposit_covered(db_t *db, err_t *e, int64_t deposit_id);
/* Replaces the sales deposit_id covers by sale_ids[0..n) in one transaction, audited:
 * each must be a settled sale of the deposit's site with PNBP, not covered by another
 * deposit, and together their PNBP must not exceed the deposit's amount. Field errors
 * into fe (nothing written); -1 with e on other failures. */
int prod_deposit_set_sales(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t deposit_id,
                           const int64_t *sale_ids, int n, field_errs_t *fe);

/* ---- reports ---- */
typedef struct {
    int64_t id, site_id;
    const char *code, *name, *site_code;
    bool active;
} prod_unit_row_t;
/* Production units of site_id (0: every visible site), by site and code. */
int prod_units_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, prod_unit_row_t **rows, int *n);
/* PNBP deposits dated in [from, to) with the PNBP they cover. */
typedef struct {
    int64_t id, site_id;
    const char *deposit_date, *ntpn, *billing_code, *site_code;
    rupiah_t amount, covered;
    int64_t nsales;
} prod_deposit_row_t;
int prod_deposits_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                       prod_deposit_row_t **rows, int *n);
/* Premi movements of each inmate with ledger entries dated in [from, to): sums by
 * kind and the balance now. */
typedef struct {
    int64_t wbp_id, site_id;
    const char *name, *regno, *site_code;
    rupiah_t credits, debits, payouts, spendable, saved;
} prod_premi_row_t;
int prod_premi_by_inmate(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from,
                         const char *to, prod_premi_row_t **rows, int *n);

/* What reversing a settlement did (or, dry, would do). */
typedef struct {
    int64_t id;                          /* the sale_reversal row (0 when dry) */
    int64_t total, premi, pnbp, capital; /* the split undone */
    int credits;                         /* premi credits reversed by debits */
} prod_sale_reversal_t;

/* Reverses a settlement made by mistake (issue 22), within the site's setting
 * sale.correction_days after it: every premi credit it made is reversed by a debit
 * of the same parts (premi_reverse), the split it recorded is kept in a
 * sale_reversal row with the reason, and the sale is unsettled (it may be settled
 * again); audited "reverse", one transaction. dry: only checks and fills *out.
 * 0 or -1: 400 no reason, 404, 409 "not_settled", "pnbp_deposited" (release it from
 * its deposit first), "correction_window_closed", "premi_spent". */
int prod_sale_reverse(db_t *db, err_t *e, const actor_t *who, int64_t sale_id, const char *reason, bool dry,
                      prod_sale_reversal_t *out);

/* ---- what the pages show ---- */
/* A split rule row as stored (texts arena-owned). */
typedef struct {
    int64_t id, premi_bp, pnbp_bp, capital_bp;
    const char *effective_from, *share_basis, *remainder_to;
} prod_split_row_t;
/* The rule of unit_id in force on date (the latest effective_from not after it): 1, 0 none, -1. */
int prod_split_in_force(db_t *db, err_t *e, arena_t *a, int64_t unit_id, const char *date, prod_split_row_t *out);
/* Adds to conds the sale list's PNBP filter: settled sales with PNBP not yet deposited
 * (outstanding), or sales whose PNBP is on a deposit. */
void prod_sales_cond_pnbp(rec_cond_t *conds, int *n, int cap, bool outstanding);
/* How many sales unit_id has on date (YYYY-MM-DD), or -1. */
int64_t prod_sales_on(db_t *db, err_t *e, int64_t unit_id, const char *date);
/* The PNBP deposit that covers sale_id: 1 with *out (texts arena-owned), 0 none, -1. */
typedef struct {
    int64_t id;
    const char *ntpn, *deposit_date;
} prod_sale_deposit_t;
int prod_sale_deposit(db_t *db, err_t *e, arena_t *a, int64_t sale_id, prod_sale_deposit_t *out);

#endif
