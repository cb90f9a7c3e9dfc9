/* transfer_store.h — an inmate transferred to another site on the same database
 * (issue 26, table wbp_transfer, migration 022). A transfer dated today or earlier is
 * applied at once; one dated later is scheduled ('terjadwal') and applied on its date
 * by transfer_apply_due (`bekal serve` daily, `bekal release apply-due`). Applying
 * one, in one transaction: the open enrolments end (mundur, coded reason "pindah"),
 * the premi balance goes over with a closing entry at the sending site and an opening
 * entry of the same parts at the receiving one (premi_transfer), the inmate's coaching
 * records (remisi, discipline, SPPN, safety records, not-proposed marks) follow him,
 * and wbp.site_id and wbp.transfer_date are set; every change audited. Enrolments and
 * certificates stay the sending site's (its programmes); the receiving site reads
 * them through transfer_history. */
#ifndef BEKAL_TRANSFER_STORE_H
#define BEKAL_TRANSFER_STORE_H
#include "records.h"
#include "../core/date.h"

typedef struct {
    int64_t id, wbp_id, from_site_id, to_site_id;
    const char *from_site, *to_site; /* codes */
    const char *transfer_date, *state, *note;
    int enrolments_ended;
    int64_t premi_carried;
} transfer_row_t;

/* Records the transfer of WBP wbp_id (visible to uid) to the site with code to_site
 * on `date` (NULL or empty: today) with a note. Field faults go to fe (then 0,
 * nothing written): to_site unknown or the inmate's own, date not a date or before
 * detention. 422 "not_in_custody" when the inmate is not held here, 409
 * "already_scheduled" when a transfer is already scheduled, 409 "regno_taken" when
 * the receiving site has an inmate with the same registration number. 0 and *out,
 * or -1 with e set (404 not visible). With dry_run the whole transfer is made and
 * rolled back (the review page shows *out). */
int transfer_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *to_site,
                    const char *date, const char *note, date_t today, bool dry_run, field_errs_t *fe,
                    transfer_row_t *out);

/* The transfers of WBP wbp_id, oldest first (arena-owned). 0 or -1. */
int transfer_list(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, transfer_row_t **rows, int *n);

/* Applies the scheduled transfers dated on or before today, each in its own
 * transaction, as the system. 0 or -1 (reading the list failed). */
int transfer_apply_due(db_t *db, err_t *e, const char *today, int *applied, int *failed);

/* The inmate's training record at every site (whoever sees the inmate sees it):
 * enrolments with the programme, the site and the status, and certificates. */
typedef struct {
    int64_t id;
    const char *site, *agreement, *program, *status, *reason, *withdraw_reason, *status_at;
} history_enrolment_t;
typedef struct {
    int64_t id;
    const char *site, *number, *program, *issued_on;
    bool revoked;
} history_certificate_t;
int transfer_history(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, history_enrolment_t **en, int *nen,
                     history_certificate_t **certs, int *ncert);

#endif
