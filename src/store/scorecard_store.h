/* scorecard_store.h — the agreement scorecard's numbers (issue 26), per phase of one
 * agreement: places agreed (the phase's maximum quota) and filled (placed in a
 * programme of the phase and not withdrawn), attendance (hadir of all entries of the
 * sessions held), completed and failed, valid certificates, withdrawals by coded reason
 * (as the monthly report counts them), the participants' outcomes after release (the
 * latest follow-up, grouped by the rule file; released without a follow-up: unknown),
 * and per trade the inputs of the next phase's suggestion (the waiting list counted by
 * first choice of trade); for the agreement: PNBP and premi of the settled sales of its
 * trades' production units within its validity, and its validity. Definitions are in
 * docs/panduan-pengguna.md; the test recomputes them with its own SQL. */
#ifndef BEKAL_SCORECARD_STORE_H
#define BEKAL_SCORECARD_STORE_H
#include "records.h"
#include "../core/scorecard.h"

#define SC_MAX_REASONS 16
#define SC_MAX_TRADES 16
typedef struct {
    int64_t kejuruan_id;
    const char *trade;
    sc_trade_in_t in;
    sc_suggestion_t s;
} sc_trade_t;
typedef struct {
    int phase;
    int64_t quota, filled, att_hadir, att_total, completed, failed, certificates, withdrawn;
    int nreasons;
    const char *reason[SC_MAX_REASONS];
    int64_t reason_n[SC_MAX_REASONS];
    int64_t released, outcome[SC_OUTCOMES];
    int ntrades;
    sc_trade_t trades[SC_MAX_TRADES];
} sc_phase_t;
typedef struct {
    int64_t id, site_id;
    const char *title, *number, *valid_from, *valid_to, *status;
    int64_t pnbp, premi, sales;
    int nphases;
    sc_phase_t *phases;
} scorecard_t;

/* The scorecard of agreement id, if uid may see it (404 otherwise), with the rules r.
 * Arena-owned. 0 or -1. */
int scorecard_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, const sc_rules_t *r, scorecard_t *out);

#endif
