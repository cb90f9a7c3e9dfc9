/* release_store.h — what recording a release does besides its own row (issue 8):
 * ends the inmate's open enrolments with the reason "bebas" (core/enrolment.h rules,
 * one enrolment_event each), marks the inmate released (wbp.status = 'bebas') and
 * pays out the premi balance; plus the reads behind the due-for-release and
 * overdue follow-up lists. Every write audited, inside the caller's transaction. */
#ifndef BEKAL_RELEASE_STORE_H
#define BEKAL_RELEASE_STORE_H
#include "audit.h"
#include "../core/date.h"
#include "../core/followup.h"

/* Pays out the whole premi balance of an inmate on date (a ledger payout entry
 * emptying both parts, audited by premi_store). *paid gets the amount, 0 when the
 * balance is empty. The one place release touches premi: swap it for the
 * production area's payout function when that lands. 0 or -1. */
int release_premi_payout(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *date, int64_t *paid);

/* Checks the inmate is at site_id and in custody (422 "not_in_custody" otherwise),
 * ends the open enrolments, sets the status and pays out (*paid). Must run inside
 * db_tx (joins it). *closed gets the number of enrolments ended. 0 or -1. */
int release_apply(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id, const char *date,
                  int64_t *paid, int *closed);

/* A release dated in the future is scheduled (issue 22): nothing changes until its
 * date. This checks it may be scheduled: the inmate is in custody at site_id (422
 * "not_in_custody"), date is not before the detention began (422 "invalid_date") and
 * no other release is scheduled (422 "already_scheduled"). 0 or -1. */
int release_check_custody(db_t *db, err_t *e, int64_t site_id, int64_t wbp_id, const char *date);

/* Applies every scheduled release dated on or before today (release_apply as the
 * system, state 'berlaku', the payout stored, audited "apply"), each in its own
 * transaction; one that cannot be applied (the inmate left custody meanwhile) is
 * reported on stderr and stays scheduled. Run by `bekal serve` at start and daily,
 * and by `bekal release apply-due`. 0 or -1 (reading the list failed). */
int release_apply_due(db_t *db, err_t *e, const char *today, int *applied, int *failed);

/* What reversing a release did. */
typedef struct {
    int64_t id, release_id;     /* the release_reversal row, the release */
    int64_t premi_restored;     /* the payout reversed (a credit entry), rupiah */
    int enrolments_restored;    /* enrolments back to the status the release ended */
    bool was_scheduled;         /* it had not taken effect: only cancelled */
} release_reversal_t;

/* Reverses a release recorded by mistake, within the site's setting
 * release.correction_days after it was recorded: the inmate is in custody again,
 * the enrolments it ended get their status back, its premi payout is reversed by a
 * credit of the same parts, the release is marked 'dibatalkan' and a
 * release_reversal row keeps the reason; every step audited, one transaction.
 * 0 or -1: 400 no reason, 404, 409 "already_reversed", "correction_window_closed",
 * "not_released", "premi_spent". */
int release_reverse(db_t *db, err_t *e, const actor_t *who, int64_t release_id, const char *reason,
                    release_reversal_t *out);

/* What release_reverse() would restore: the enrolments the release ended and the
 * premi it paid out (both 0 for a scheduled release). 0 or -1. */
int release_reverse_preview(db_t *db, err_t *e, int64_t release_id, int *enrolments, int64_t *premi);

/* One inmate due for release. Strings arena-owned. */
typedef struct {
    int64_t id, site_id;
    const char *site_code, *regno, *name;
    date_t expiry;       /* the computed release date (expiry with remisi granted) */
    date_t two_thirds;   /* 2/3 date (pembebasan bersyarat) */
    const char *training; /* enrolment status summary: "Terdaftar: Las (tahap 1)" or "" */
} due_row_t;

/* Inmates in custody at the sites uid sees (site_id 0: all of them) whose computed
 * release date falls in [today, today + months]; ordered by that date. */
int release_due_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, date_t today, int months,
                     due_row_t **out, int *n);

/* One released inmate's follow-up schedule. */
typedef struct {
    int64_t release_id, wbp_id, site_id;
    const char *site_code, *regno, *name, *kind, *district;
    date_t released;
    int npoints, overdue;
    followup_point_t points[FOLLOWUP_MAX_POINTS];
    const char *last_status; /* the latest contact's outcome code, or NULL */
} fu_row_t;

/* Every release at the visible sites (site_id 0: all of them; release_id 0: every
 * release) with its schedule on today (rules in force on today). only_overdue
 * keeps the ones with an overdue point. */
int release_followups(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, int64_t release_id, date_t today,
                      bool only_overdue, fu_row_t **out, int *n);

/* The inmates in custody a release may name: at site_id (0: any) among the sites
 * of user uid, by name, at most 5000; parallel arrays ids/labels ("Name (regno)"). 0 or -1. */
int release_wbp_options(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, int *n, int64_t **ids,
                        const char ***labels);

#endif
