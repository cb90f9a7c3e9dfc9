/* money.h — production revenue, its three-way split and the inmate's share (premi),
 * in whole rupiah (DOMAIN.md §5). Pure: no I/O, no globals, no allocation.
 *
 * Rounding rules, stated once:
 *  - A sale's revenue is split by the rule in force on the sale date (the rule with
 *    the latest effective_from on or before it, per production unit). Each of the
 *    two parts that are not the rule's remainder bucket is floor(revenue * bp / 10000);
 *    the remainder bucket (working capital unless the rule says otherwise) gets
 *    revenue minus the other two, so premi + PNBP + capital = revenue exactly.
 *  - A period's totals are the sums of the per-sale splits (split each sale, then
 *    add up; never split a period's sum), so they reconcile exactly too.
 *  - A sale's premi is shared among its workers by pieces or by minutes worked,
 *    by largest remainder: each gets floor(premi * w / W), and the rupiah left over
 *    go one each to the largest remainders; ties go to the larger weight, then the
 *    smaller worker key, then the earlier position. The shares sum to the premi.
 *  - A premi credit is split into a spendable part, floor(amount * (10000 -
 *    saved_bp) / 10000), and a part saved until release (the rest: rupiah left over
 *    by rounding are saved). Debits come only from the spendable part; no balance
 *    ever goes below zero. Payout on release empties both parts.
 *  - An item's amount is quantity (thousandths) times unit price, rounded half up
 *    to the rupiah; a sale's revenue is the sum of its items' amounts. */
#ifndef BEKAL_MONEY_H
#define BEKAL_MONEY_H
#include "../util/util.h"
#include "date.h"

typedef int64_t rupiah_t;

#define MONEY_BP_FULL 10000                /* basis points in 100% */
#define MONEY_MAX ((rupiah_t)1000000000000000LL) /* Rp 10^15: larger amounts are refused */
#define MONEY_FMT_LEN 40                   /* "-Rp 1.000.000.000.000.000" + NUL, with room */

/* The part of a split that receives the rounding remainder. */
typedef enum { BUCKET_CAPITAL = 0, BUCKET_PREMI, BUCKET_PNBP } money_bucket_t;
/* How a sale's premi is shared among its workers. */
typedef enum { SHARE_PIECES = 0, SHARE_HOURS } money_basis_t;

/* A revenue split rule of one production unit from effective_from on. */
typedef struct {
    int64_t unit_id;
    date_t effective_from;
    int premi_bp, pnbp_bp, capital_bp; /* each 0..10000, summing to 10000 */
    money_basis_t basis;
    money_bucket_t remainder;
} split_rule_t;

/* One sale split. */
typedef struct {
    rupiah_t revenue, premi, pnbp, capital;
} money_split_t;

/* Sums of splits (a period, a unit, a report line). */
typedef struct {
    int64_t sales;
    rupiah_t revenue, premi, pnbp, capital;
} money_totals_t;

/* One worker's weight in a sale's production and the share computed for it. */
typedef struct {
    int64_t key;     /* worker id (the tie-break); any stable number */
    int64_t weight;  /* pieces, or minutes worked; >= 0 */
    rupiah_t share;  /* output */
} money_worker_t;

/* An inmate's premi balance. */
typedef struct {
    rupiah_t spendable, saved;
} premi_balance_t;

/* The effect of one ledger entry: deltas added to each part (debits and payouts
 * are negative) and the balance after it. */
typedef struct {
    rupiah_t spendable_delta, saved_delta;
    premi_balance_t after;
} premi_move_t;

/* Names used in data and JSON: "capital"/"premi"/"pnbp", "pieces"/"hours". */
const char *money_bucket_name(money_bucket_t b);
const char *money_basis_name(money_basis_t b);
bool money_bucket_parse(const char *s, money_bucket_t *out);
bool money_basis_parse(const char *s, money_basis_t *out);

/* Checks a rule: each bp 0..10000, summing to 10000, a valid date. 0 or -1 (e set,
 * Indonesian message). */
int money_rule_check(const split_rule_t *r, err_t *e);
/* The rule of unit_id in force on date d among rules[0..n) (any order): the one
 * with the latest effective_from <= d. NULL when none is in force yet. Two rules of
 * one unit with the same effective_from are a data error: the earlier in the array
 * wins, and money_rules_check() reports it. */
const split_rule_t *money_rule_at(const split_rule_t *rules, size_t n, int64_t unit_id, date_t d);
/* Checks every rule and that no unit has two rules from the same date. */
int money_rules_check(const split_rule_t *rules, size_t n, err_t *e);

/* floor(amount * bp / 10000) without overflow, for 0 <= amount <= MONEY_MAX. */
rupiah_t money_bp_floor(rupiah_t amount, int bp);
/* Splits revenue (0..MONEY_MAX) by rule r. 0 or -1 (e set). */
int money_split(rupiah_t revenue, const split_rule_t *r, money_split_t *out, err_t *e);
/* Adds one split to totals (counts one sale). */
void money_totals_add(money_totals_t *t, const money_split_t *s);
/* True when premi + pnbp + capital == revenue. */
bool money_totals_reconcile(const money_totals_t *t);

/* Amount of an item: qty_milli/1000 * unit_price, rounded half up. qty_milli and
 * unit_price must be >= 0; -1 (e set) when the result is over MONEY_MAX. */
int money_item_amount(int64_t qty_milli, rupiah_t unit_price, rupiah_t *out, err_t *e);

/* Shares total (0..MONEY_MAX) among w[0..n) by weight, largest remainder; fills
 * w[i].share. With n == 0 or all weights 0 and total > 0 it fails (nobody to
 * credit); a total of 0 gives every worker 0. 0 or -1 (e set). */
int money_share(rupiah_t total, money_worker_t *w, size_t n, err_t *e);

/* One sale's settlement (DOMAIN.md §5), the one sequence the server (settle_tx in
 * store/production_store.c) and `bekal calc split` (cli/calc_split.c) run: the
 * rule of unit_id in force on d, the split of revenue by it, the workers with their
 * weights for that rule's basis (the caller's workers(), which may refuse with e
 * set), and, when the premi is above zero, the premi shared among them. */
typedef int (*money_settle_workers_fn)(void *ctx, const split_rule_t *rule, const money_split_t *split,
                                       money_worker_t **ws, size_t *nw, err_t *e);
typedef struct {
    const split_rule_t *rule; /* the rule in force (an element of rules) */
    money_split_t split;
    money_worker_t *ws; /* from workers(), with .share filled */
    size_t nw;
} money_settlement_t;
/* 0; MONEY_SETTLE_NO_RULE (e untouched) when no rule is in force; MONEY_SETTLE_NO_SHARE
 * (e set by money_share) when the premi cannot be shared; -1 (e set) otherwise. */
#define MONEY_SETTLE_NO_RULE (-2)
#define MONEY_SETTLE_NO_SHARE (-3)
int money_settle(rupiah_t revenue, const split_rule_t *rules, size_t nrules, int64_t unit_id, date_t d,
                 money_settle_workers_fn workers, void *ctx, money_settlement_t *out, err_t *e);

/* Ledger rules. Each returns 0 and fills *mv, or -1 with an Indonesian message
 * (the balance is untouched). */
/* A credit of amount > 0 with saved_bp (0..10000) of it saved until release. */
int premi_credit(const premi_balance_t *bal, rupiah_t amount, int saved_bp, premi_move_t *mv, err_t *e);
/* A debit (a purchase inside) of amount > 0, only from the spendable part. */
int premi_debit(const premi_balance_t *bal, rupiah_t amount, premi_move_t *mv, err_t *e);
/* Payout on release: both parts, which must not both be zero. The amount paid is
 * -(spendable_delta + saved_delta). */
int premi_payout(const premi_balance_t *bal, premi_move_t *mv, err_t *e);

/* "Rp 1.234.567" (thousands with dots, "-Rp 5" for negatives). Returns out. */
char *money_format(rupiah_t v, char out[MONEY_FMT_LEN]);
/* "1.234.567": an integer with Indonesian thousands dots. Returns out. */
char *money_format_int(int64_t v, char out[MONEY_FMT_LEN]);
/* Parses a whole rupiah amount: "1234567", "1.234.567", "Rp 1.234.567", "Rp1.234.567".
 * Rejects negatives, decimals and amounts over MONEY_MAX. */
bool money_parse(const char *s, rupiah_t *out);

/* The name of a premi ledger entry's kind (credit, debit, payout, transfer_out,
 * transfer_in) in the user's language; kind itself when unknown. */
const char *premi_kind_label(const char *kind);

#endif
