/* datecorr_store.h — corrections of computed dates (core/datecorr.h): recording
 * one (audited; it replaces the one in force for the same date), withdrawing it,
 * and the inmate's corrections with what became of each. The eligibility scan
 * (elig_store.h) reads them and applies them. */
#ifndef BEKAL_DATECORR_STORE_H
#define BEKAL_DATECORR_STORE_H
#include "records.h"
#include "elig_store.h"
#include "../core/datecorr.h"

/* The rule file in force on `on`. 0, or -1 with e set. */
int dc_rules(date_t on, datecorr_rules_t *r, err_t *e);

/* The eligibility result of WBP wbp_id (any status) on `at`: 1 and *out, 0 not
 * visible to uid, -1 error. */
int dc_result(db_t *db, err_t *e, int64_t uid, int64_t wbp_id, date_t at, elig_result_t *out);

/* Records a correction of date `which` of WBP wbp_id (visible to uid). The fields are
 * checked into fe (then 0, nothing written). Bekal's date and the fingerprint of its
 * inputs are taken now; a correction of the same date still in force is ended
 * ("diganti"). 0 with *id, or -1 with e set (404 not visible). */
int dc_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *which,
              const char *corrected, const char *reason, const char *document, const char *note,
              const char *decided_on, date_t today, field_errs_t *fe, int64_t *id);

/* Withdraws correction id (visible to uid) on `today` with a reason (audited; the row
 * stays). 0, or -1 (404 not visible, 409 already ended, 422 empty reason). *wbp_id
 * gets its inmate. */
int dc_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *reason,
           date_t today, int64_t *wbp_id);

/* One correction with what became of it on `today`. */
typedef struct {
    rec_t rec;
    const char *state;   /* "berlaku", "gugur", "berakhir" */
    const char *cause;   /* gugur: why, in the reader's language; else NULL */
    const char *reason_label;
} dc_item_t;

/* The corrections of WBP wbp_id (visible to uid), newest first. 0 or -1. */
int dc_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, date_t today, dc_item_t **items, int *n);

#endif
