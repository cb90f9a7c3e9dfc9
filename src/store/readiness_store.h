/* readiness_store.h — release readiness records (issue 26, table release_readiness,
 * migration 027): one row per inmate and checklist item with its state and date. */
#ifndef BEKAL_READINESS_STORE_H
#define BEKAL_READINESS_STORE_H
#include "records.h"

typedef struct {
    const char *item, *state, *state_date, *note;
} readiness_row_t;

/* The recorded items of WBP wbp_id (arena-owned). 0 or -1. */
int readiness_list(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, readiness_row_t **out, int *n);
/* Records item's state on date (YYYY-MM-DD) with a note for WBP wbp_id at site_id
 * (insert or update), audited, in one transaction. The caller checked item, state and
 * date. 0 or -1. */
int readiness_set(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id, const char *item,
                  const char *state, const char *date, const char *note);
/* How many items of WBP wbp_id are done (selesai or tidak_perlu). -1 on error. */
int64_t readiness_done_count(db_t *db, err_t *e, int64_t wbp_id);

#endif
