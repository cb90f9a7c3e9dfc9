/* demo_store.h — the writes and look-ups of `bekal init --demo` (cli/demo*.c) that
 * the area stores do not offer: the demo's sites and their letterheads, the ids of
 * the accounts, agreements, trades and programmes it made, the inmates it picks,
 * and the enrolments it writes directly for a programme that had no placement.
 * Writes run inside the caller's transaction and are audited as the seeder's. */
#ifndef BEKAL_DEMO_STORE_H
#define BEKAL_DEMO_STORE_H
#include "audit.h"

/* Adds a site (code, name, region, address) and audits it: its id, or -1. */
int64_t demo_site_add(db_t *db, err_t *e, const actor_t *who, const char *code, const char *name, const char *region,
                      const char *address);
/* Sets a site's letterhead (city, phone, head's name and NIP) and audits it. 0 or -1. */
int demo_site_letterhead(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *city, const char *phone,
                         const char *head, const char *nip);

/* The id of the account with login name (0 none, -1 error). */
int64_t demo_user_id(db_t *db, err_t *e, const char *name);
/* The id of site_id's agreement signed on date / with site number `number`; its
 * partner; the id of site_id's trade with code; of the programme of phase named
 * name at site_id. Each: the id, 0 when none, -1 on error. */
int64_t demo_agreement_signed_on(db_t *db, err_t *e, int64_t site_id, const char *date);
int64_t demo_agreement_by_number(db_t *db, err_t *e, int64_t site_id, const char *number);
int64_t demo_agreement_partner(db_t *db, err_t *e, int64_t agreement_id);
int64_t demo_trade_id(db_t *db, err_t *e, int64_t site_id, const char *code);
int64_t demo_program_id(db_t *db, err_t *e, int64_t site_id, int64_t phase, const char *name);

/* Up to max convicted inmates in custody at site_id detained on or before since, by
 * id, into ids: their number, or -1. */
int demo_workers(db_t *db, err_t *e, int64_t site_id, const char *since, int64_t *ids, int max);
/* Up to max inmates in custody at site_id not placed or enrolled in a programme, by
 * id, into ids: their number, or -1. */
int demo_release_candidates(db_t *db, err_t *e, int64_t site_id, int64_t *ids, int max);

/* Enrolments placed or enrolled in programme program_id: their number, or -1. */
int64_t demo_program_participants(db_t *db, err_t *e, int64_t program_id);
/* Enrolments of wbp_id in (agreement, phase): their number, or -1. */
int64_t demo_phase_enrolments(db_t *db, err_t *e, int64_t wbp_id, int64_t agreement_id, int64_t phase);
/* Places wbp_id in programme program_id of (agreement, phase) at site_id at time at
 * (ISO), by who, with reason: the enrolment, its event and the audit entry. The new
 * enrolment's id, or -1. */
int64_t demo_enrolment_place(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id,
                             int64_t agreement_id, int64_t phase, int64_t program_id, const char *reason,
                             const char *at);

#endif
