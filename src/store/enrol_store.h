/* enrol_store.h — changing an enrolment's status (migration 006, core/enrolment.h)
 * the one way: the change is checked against the status table, needs a reason,
 * is made only if the status is still the one read (compare and set), and is
 * written with an enrolment_event row (time, from, to, programme, reason, user)
 * and an audit entry, inside the caller's transaction. */
#ifndef BEKAL_ENROL_STORE_H
#define BEKAL_ENROL_STORE_H
#include "audit.h"
#include "../core/enrolment.h"

typedef struct {
    int64_t id, site_id, wbp_id, agreement_id, program_id; /* program_id 0 when none */
    int phase;
    enrol_status_t status;
    const char *status_at, *reason; /* arena-owned */
} enrol_row_t;

/* Loads enrolment id (no site scope: the caller checked it). 1 found, 0 not, -1 error. */
int enrol_get(db_t *db, err_t *e, arena_t *a, int64_t id, enrol_row_t *out);

/* Changes enrolment id to `to` with reason (see the header comment), at time `at`
 * ("YYYY-MM-DDTHH:MM:SSZ"; NULL: now). Must run inside db_tx(). 0, or -1 with e
 * set: 404 no such enrolment, 409 "illegal_transition" (also when another writer
 * changed it first), 400 "reason_required". *from (may be NULL) gets the status
 * it had. */
int enrol_set_status(db_t *db, err_t *e, const actor_t *who, int64_t id, enrol_status_t to, const char *reason,
                     const char *at, enrol_status_t *from);

/* The same with the coded reason of a withdrawal (to ENROL_MUNDUR): code is one of
 * the codes of the withdrawal reasons in force (rules/alasan-mundur-*.json, checked
 * by the caller), written to enrolment.withdraw_reason and the event; NULL: none. */
int enrol_set_status_coded(db_t *db, err_t *e, const actor_t *who, int64_t id, enrol_status_t to, const char *reason,
                           const char *code, const char *at, enrol_status_t *from);

#endif
