/* recon_out.h — a reconciliation with SDP (store/recon_store.h) as a report
 * (counts per class and the worklist: CSV, XLSX, PDF, the page's tables) and as
 * JSON (`bekal reconcile sdp --format json`, the API). */
#ifndef BEKAL_RECON_OUT_H
#define BEKAL_RECON_OUT_H
#include "table.h"
#include "../store/recon_store.h"
#include <jansson.h>

/* Table 1: counts per class; table 2: the worklist (every row that differs, the
 * largest difference first, then the rows that agree); table 3, when rows could
 * not be read: their lines and messages. */
report_t *recon_report(const recon_run_t *run);

/* {at, site, rules, counts: {class: n}, rows: [{regno, name, site, line, class,
 * class_label, explanation, size, bekal: {expiry, half, two_thirds, remisi_total},
 * sdp: {...}, diff: {expiry, half, two_thirds}}], errors: [{line, message}],
 * errors_total}. */
json_t *recon_json(const recon_run_t *run);

#endif
