/* recon_store.h — one reconciliation of an SDP export with the register (issue 24):
 * reads the export, computes Bekal's dates for the inmates in custody on a date
 * (the eligibility scan, so the dates are the ones every other page shows) and
 * classifies each row (core/reconcile.h). It changes nothing. */
#ifndef BEKAL_RECON_STORE_H
#define BEKAL_RECON_STORE_H
#include "db.h"
#include "../core/reconcile.h"

typedef struct {
    const char *site_code, *regno, *name; /* name: Bekal's, else the export's */
    long line;                            /* the export's line; 0 for hanya_bekal */
    bool has_bekal;                       /* Bekal has dates for the inmate */
    sentence_dates_t bekal;
    period_t bekal_remisi;
    const char *corrected;                /* Bekal's dates include a correction: which, why; or NULL */
    bool has_sdp;
    recon_sdp_t sdp;
    recon_result_t res;
} recon_row_t;

#define RECON_MAX_ERRORS 50

typedef struct {
    long line;
    const char *msg;
} recon_error_t;

typedef struct {
    date_t at;
    const char *site_code; /* NULL: every site the user may see */
    char rules_code[64];
    int n;
    recon_row_t *rows; /* the worklist order: differences first, largest first; then sama */
    int counts[RECON__COUNT];
    long nerrors;      /* export rows that could not be read (skipped) */
    int nlisted;
    recon_error_t errors[RECON_MAX_ERRORS];
} recon_run_t;

/* Compares the CSV export data[0..len) with the register of site_id (0: every site
 * uid may see; uid 0: every site) on date at. Strings and rows live in a. Returns 0,
 * or -1 with e set (no rule set, an unreadable header or file). */
int recon_run(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *site_code, date_t at,
              const char *data, size_t len, recon_run_t *out);

#endif
