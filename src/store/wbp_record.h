/* wbp_record.h — what the dated records of an inmate share (a "tidak diusulkan" mark,
 * a safety exclusion, a date correction): each is a child row of the inmate
 * (records.h), created in one audited transaction after a check of its own (one in
 * force at a time, ...), and ended with a reason (the row stays, audited). */
#ifndef BEKAL_WBP_RECORD_H
#define BEKAL_WBP_RECORD_H
#include "records.h"

/* Loads inmate wbp_id visible to uid into *w. 0, or -1 with e set (404 "WBP tidak
 * ditemukan" when not visible). */
int wbp_rec_load_wbp(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, rec_t *w);

/* Inserts the record v of d owned by inmate w (at w's site) in one transaction, after
 * guard(db, ctx, e) (NULL: none) returned 0 in it; *id. 0 or -1 (the guard's error). */
typedef int (*wbp_rec_guard_fn)(db_t *db, void *ctx, err_t *e);
int wbp_rec_create(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *w, const char **v,
                   wbp_rec_guard_fn guard, void *ctx, int64_t *id);

/* Ends record id of d visible to uid in one transaction: loads it (404 not_found, the
 * kind's words), lets end(before, v, ctx, e) check it and set the ending fields in v
 * (a copy of before's values), and writes v (audited). *wbp_id gets its inmate. 0 or -1. */
typedef int (*wbp_rec_end_fn)(const rec_t *before, const char **v, void *ctx, err_t *e);
int wbp_rec_end(db_t *db, err_t *e, arena_t *a, const record_def_t *d, const char *not_found, const actor_t *who,
                int64_t uid, int64_t id, wbp_rec_end_fn end, void *ctx, int64_t *wbp_id);

/* The reason an ending needs: 0 when 1..300 bytes, else a 422 "validation" with msg. */
int wbp_rec_end_reason(err_t *e, const char *reason, const char *msg);

#endif
