/* exclusion_store.h — the record that an inmate's safety is threatened (DOMAIN.md 3:
 * excluded from asimilasi while it holds; table wbp_exclusion, migrations 014 and
 * 022): recording one with its date, basis and note, ending it with a reason (the row
 * stays), and reading an inmate's records. Every change is audited in its
 * transaction. The eligibility rules read the same rows (elig_store.c). */
#ifndef BEKAL_EXCLUSION_STORE_H
#define BEKAL_EXCLUSION_STORE_H
#include "records.h"
#include "../core/date.h"

enum { XF_KIND, XF_FROM_DATE, XF_UNTIL_DATE, XF_BASIS, XF_NOTE, XF_END_REASON, XF_COUNT };
extern const record_def_t exclusion_def;

/* The records of WBP wbp_id visible to uid, oldest first (rec_t values by XF_*). 0 or -1. */
int excl_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, rec_t **rows, int *n);

/* Records that WBP wbp_id (visible to uid) is threatened from from_date (NULL or
 * empty: today) on the basis `basis` (the decision or legal reference) with a note.
 * The fields are checked into fe (then 0, nothing written): the date must be a date
 * not after today and not before detention, the basis 1-300 bytes, the note at most
 * 500. A record still in force is a 409 "already_excluded". 0 with *id, or -1 with e
 * set (404 not visible). */
int excl_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *from_date,
                const char *basis, const char *note, date_t today, field_errs_t *fe, int64_t *id);

/* Ends record id (visible to uid) on until_date (NULL or empty: today) with a reason:
 * until_date and end_reason are set, the row stays (audited). 0, or -1: 404 not
 * visible, 409 "not_in_force" already ended, 422 "validation" (empty or long reason) or
 * "invalid_date" (not a date, after today or before the record's start). *wbp_id gets
 * its inmate. */
int excl_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *until_date,
             const char *reason, date_t today, int64_t *wbp_id);

#endif
