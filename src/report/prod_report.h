/* prod_report.h — the production reports (issue 7) built on the report model
 * (table.h), with the site's letterhead and its head's signature: revenue, PNBP and
 * premi by month or year and by production unit, outstanding PNBP, an inmate's premi
 * statement, and the receipts (a sale, a premi purchase or payout). The web pages and
 * `bekal report` build the same reports through these functions.
 *
 * Every amount comes from settled sales, each split once when it was settled; a
 * period's figures are sums of those per-sale splits (never a split of a sum), so
 * premi + PNBP + working capital = revenue on every row and in every total.
 *
 * Scope: uid is the acting user (0: the command line, every site); nothing of a site
 * the user may not see is read. Reports are in the caller's language (_()); with
 * `machine` set the column titles are fixed English keys for programs reading the CSV
 * (site, unit_code, unit_name, sales, revenue, premi, pnbp, capital, ...). */
#ifndef BEKAL_PROD_REPORT_H
#define BEKAL_PROD_REPORT_H
#include "table.h"
#include "../store/production_store.h"

typedef enum { PRODREP_REVENUE, PRODREP_PNBP, PRODREP_PREMI, PRODREP_OUTSTANDING } prodrep_kind_t;

typedef struct {
    prodrep_kind_t kind;
    int64_t uid;
    int64_t site_id;    /* 0: every site the user may see; -1: none (a site the user may not see) */
    int32_t month;      /* a month index (date_month_index), or -1 */
    int year;           /* with month -1: a whole year; 0 with month -1: no period (outstanding: all) */
    bool machine;       /* CSV column keys instead of titles */
    const char *today;  /* YYYY-MM-DD: the date of issue (signature, days outstanding) */
} prodrep_req_t;

/* "revenue", "pnbp", "premi", "pnbp-outstanding". */
const char *prodrep_slug(prodrep_kind_t k);
bool prodrep_kind_parse(const char *s, prodrep_kind_t *out);
/* The report; NULL with e set on failure. Caller report_free()s. */
report_t *prodrep_build(db_t *db, err_t *e, const prodrep_req_t *q);
/* The premi statement of inmate wbp_id (404 when not visible). */
report_t *prodrep_statement(db_t *db, err_t *e, int64_t uid, int64_t wbp_id, bool machine, const char *today);
/* The receipt of a sale, and of a premi ledger entry (404 when not visible). */
report_t *prodrep_sale_receipt(db_t *db, err_t *e, int64_t uid, int64_t sale_id);
report_t *prodrep_premi_receipt(db_t *db, err_t *e, int64_t uid, int64_t entry_id);

#endif
