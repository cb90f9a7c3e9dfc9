/* funnel.h — the asimilasi funnel (issue 24): where each inmate in the programme's
 * reach stands on a date — eligible with no decision, marked not proposed, proposed,
 * put to the TPP, granted by decree, running, completed — and the days between the
 * stages.
 *
 * A proposal's stage comes from the dates its chain filled (tpp_date, decree_date,
 * start_date, end_date), not from its state codes, so a new approval chain needs no
 * code here. A proposal closed (a final state of its chain) before it started, or
 * closed by a step that requires a reason (refused, revoked: chain data), holds no
 * stage: the inmate counts as if never proposed. An inmate counts once, in the
 * furthest stage of his proposals; without one, when eligible, as not proposed (a
 * mark in force) or with no decision. Pure: no I/O, no allocation. */
#ifndef BEKAL_FUNNEL_H
#define BEKAL_FUNNEL_H
#include "date.h"
#include "../util/util.h"

typedef enum {
    FN_NO_DECISION, /* eligible, no proposal, no mark */
    FN_NOT_PROPOSED, /* eligible, no proposal, a "tidak diusulkan" mark in force */
    FN_PROPOSED,
    FN_TPP,
    FN_DECREE,
    FN_RUNNING,
    FN_COMPLETED,
    FN__COUNT
} funnel_stage_t;
#define FN_NONE (-1)

/* "tanpa_keputusan", "tidak_diusulkan", "diusulkan", "tpp", "sk", "berjalan", "selesai" */
const char *funnel_stage_code(funnel_stage_t s);
const char *funnel_stage_label(funnel_stage_t s);

/* One proposal: the dates its chain filled (DATE_NONE: not filled) and whether it was
 * closed (a final state of its chain) on the date asked about, with closed_on. */
typedef struct {
    date_t created, tpp, decree, start, end;
    bool final;      /* in a final state of its chain now */
    bool refused;    /* that final state is reached only by a step requiring a reason (refused, revoked) */
    date_t state_on; /* the date of its last change of state */
} funnel_usulan_t;

/* The stage proposal u holds on `at` (FN_PROPOSED..FN_COMPLETED), or FN_NONE: not
 * made yet, or closed by then without having started. */
int funnel_usulan_stage(const funnel_usulan_t *u, date_t at);

/* The stage of an inmate on `at` from his proposals us[0..n) (the furthest), else
 * from eligible and marked; FN_NONE when he is not in the funnel. */
int funnel_inmate_stage(const funnel_usulan_t *us, size_t n, bool eligible, bool marked, date_t at);

/* The transitions whose days are measured: eligible→proposed, proposed→TPP, TPP→decree,
 * decree→start, start→end. */
enum { FT_ELIG_PROP, FT_PROP_TPP, FT_TPP_DECREE, FT_DECREE_START, FT_START_END, FT__COUNT };
const char *funnel_gap_label(int k);

/* The days of each transition of proposal u that happened within [from, to] (the later
 * date in the period, both dates known, not backwards): days[k] >= 0 for those, -1 for
 * the others. eligible_from: the day the inmate met every requirement (DATE_NONE:
 * unknown; the first transition is then not measured). */
void funnel_gaps(const funnel_usulan_t *u, date_t eligible_from, date_t from, date_t to, int32_t days[FT__COUNT]);

/* The median of v[0..n) (sorted in place; the lower middle of an even count), -1 for none. */
int32_t funnel_median(int32_t *v, size_t n);

#endif
