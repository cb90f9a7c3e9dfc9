/* movement_store.h — the daily movement list of training outside the walls (issue 26,
 * table movement, migration 026): for a date and the user's sites, every session of a
 * programme held outside (program.outside = 1, or held at the BLK), its participants,
 * the escort officers, each person's departure and return (site-local times
 * "YYYY-MM-DD HH:MM") and whether the person is late (core/movement.h); recording a
 * departure or a return (audited, in one transaction); and the count of late people
 * for the inbox and the dashboard. */
#ifndef BEKAL_MOVEMENT_STORE_H
#define BEKAL_MOVEMENT_STORE_H
#include "records.h"

typedef struct {
    int64_t wbp_id, movement_id;
    const char *regno, *name, *escort, *departed_at, *returned_at;
    bool late;
} mv_person_t;

typedef struct {
    int64_t session_id, program_id, site_id;
    const char *site_code, *date, *start_time, *end_time, *program, *place, *escort;
    char session_end[17];
    mv_person_t *people;
    int npeople, nlate;
} mv_session_t;

/* The site's local time now ("YYYY-MM-DD HH:MM", clock_now() plus the setting
 * site.time_zone of site_id, 0: the general one) into out. */
void movement_now_local(db_t *db, int64_t site_id, char out[17]);

/* The sessions outside the walls on date (YYYY-MM-DD) at the sites in scope of uid
 * (site_id 0: all of them; -1: none), by start time, with their participants and
 * movements; late judged at now_local. Arena-owned. 0 or -1. */
int movement_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *date, const char *now_local,
                  mv_session_t **out, int *n);

/* Records the departure (depart true: with escort, required) or the return of wbp_id
 * (0 with depart: every participant of the session not yet departed) from session
 * session_id, at `time` ("HH:MM" on the session's date; NULL or empty: now, local).
 * Field faults go to fe (nothing written). 404 when the session is not visible to uid
 * or not outside the walls; 409 "already_departed" / "not_departed" /
 * "already_returned". *count: the people recorded; session_date (11 bytes, may be
 * NULL): the session's date. 0 or -1. */
int movement_record(db_t *db, err_t *e, const actor_t *who, int64_t uid, int64_t session_id, int64_t wbp_id, bool depart,
                    const char *escort, const char *time, field_errs_t *fe, int *count, char *session_date);

/* People late (out past the session's end, or back after it) in sessions from `from`
 * to `to` (YYYY-MM-DD) at the sites in scope of uid; *first: the earliest such
 * session's date ("" when none, 11 bytes). 0 or -1. */
int movement_late_count(db_t *db, err_t *e, int64_t uid, const char *from, const char *to, const char *now_local,
                        int64_t *count, char first[11]);

/* The demo data of training outside the walls at site_id (movement_demo.c), inside
 * the caller's transaction, after the training demo. 0 or -1. */
int movement_demo_seed(db_t *db, err_t *e, const actor_t *who, int64_t site_id);
/* The demo's release readiness items (store/movement_demo.c): two items of the site's
 * first inmate in custody. 0 or -1. */
int movement_demo_readiness(db_t *db, err_t *e, const actor_t *who, int64_t site_id);

#endif
