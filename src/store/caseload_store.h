/* caseload_store.h — a wali's caseload (issue 21): the dated assignments of
 * inmates to case officers (table caseload, migration 017) behind the inmate
 * scope (scope.h WBP_SCOPE), and whether a user's role is restricted to some
 * inmates of their sites. Assign and end run in one transaction with their audit
 * entry; the page, the API and the command line use the same checks. */
#ifndef BEKAL_CASELOAD_STORE_H
#define BEKAL_CASELOAD_STORE_H
#include "records.h"
#include "../core/scope.h"

/* 1 when user uid sees only some inmates of their sites (wali, instruktur,
 * bapas), 0 when every one (uid 0 too), -1 on error. */
int scope_user_restricted(db_t *db, err_t *e, int64_t uid);

/* Marks in keep[i] whether user uid sees inmate ids[i] (its site and WBP_SCOPE).
 * 0 or -1. */
int scope_visible(db_t *db, err_t *e, int64_t uid, const int64_t *ids, int n, bool *keep);

/* Checks a caseload record v (caseload_def order) at site_id before it is written
 * (inside the caller's transaction): the inmate is at the site, the officer is an
 * active wali of the site, the dates fit today (caseload_dates_ok), an update
 * changes only the end and notes (before: the stored values, or NULL on create),
 * and there is no other assignment in force of the same inmate to the same wali
 * (id: the record's own id, 0 on create). 1 fits, 0 refused with *field and *msg
 * (a translated message, arena a), -1 on error. */
int caseload_validate(db_t *db, err_t *e, arena_t *a, int64_t site_id, int64_t id, const char *const *before,
                      const char **v, const char *today, const char **field, const char **msg);

/* Assigns inmate wbp_id to wali user_id from started (NULL: today): the site is
 * the inmate's; 422 "validation" when caseload_validate refuses. The new id, or -1. */
int64_t caseload_assign(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t wbp_id, int64_t user_id,
                        const char *started, const char *notes);
/* Ends assignment id on ended (NULL: today); 404 when there is none, 409 when
 * it has already ended, 422 when the date does not fit. 0 or -1. */
int caseload_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t id, const char *ended);
/* The assignment in force of wbp_id to user_id: its id, 0 when none, -1 on error. */
int64_t caseload_live_id(db_t *db, err_t *e, int64_t wbp_id, int64_t user_id);

/* One assignment with its names, for lists. */
typedef struct {
    int64_t id;
    const char *site_code, *regno, *wbp_name, *wali, *started_on, *ended_on, *notes;
} caseload_row_t;
/* Assignments (user_id 0: every wali; site_id 0: every site; with_ended: ended
 * ones too), by site, wali and registration number. Rows arena-owned. 0 or -1. */
int caseload_list(db_t *db, err_t *e, arena_t *a, int64_t user_id, int64_t site_id, bool with_ended,
                  caseload_row_t **out, int *n);

#endif
