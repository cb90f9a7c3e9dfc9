/* production.h — production, sales, PNBP and premi (issue 7; DOMAIN.md §5): the
 * production units (with their dated revenue split rules), production runs (with
 * their workers), sales (with their items) and PNBP deposits as entities for the
 * generic pages, CSV and API (production.c), and the handlers that are not generic:
 * settling a sale, the sales a deposit covers, receipts (pages_production.c), the
 * premi ledger of an inmate (pages_premi.c) and the reports (pages_reports.c). */
#ifndef BEKAL_WEB_PRODUCTION_H
#define BEKAL_WEB_PRODUCTION_H
#include "entity.h"
#include "../store/production_store.h"

extern const entity_t production_unit_entity, revenue_split_entity, production_entity, production_worker_entity,
    sale_entity, sale_item_entity, pnbp_deposit_entity;

/* pages_production.c */
/* POST /sales/{id}/settle, POST /api/v1/sales/{id}/settle: splits the sale and credits
 * its workers' premi (idempotent: a settled sale answers its recorded split). */
int page_sale_settle(req_t *r, resp_t *w);
int api_sale_settle(req_t *r, resp_t *w);
/* POST /sales/{id}/reverse (review page, then confirm=1), POST /api/v1/sales/{id}/reverse
 * ({reason, confirm}): a settlement reversed by reversing entries (issue 22). */
int page_sale_reverse(req_t *r, resp_t *w);
int api_sale_reverse(req_t *r, resp_t *w);
/* GET /sales/{id}/receipt.pdf: the sales receipt (kuitansi). */
int page_sale_receipt(req_t *r, resp_t *w);
/* POST /pnbp-deposits/{id}/sales (form: sale_id repeated), POST /api/v1/pnbp-deposits/{id}/sales
 * ({"sale_ids": [...]}): the sales whose PNBP the deposit covers (replaces the set). */
int page_deposit_sales(req_t *r, resp_t *w);
int api_deposit_sales(req_t *r, resp_t *w);
/* The settlement section of a sale's page, the covered sales of a deposit's page. */
void sale_settlement_section(req_t *r, resp_t *w, const rec_t *sale);
void deposit_sales_section(req_t *r, resp_t *w, const rec_t *dep);
/* JSON of a settlement outcome. */
json_t *settle_json(req_t *r, const prod_settle_t *o);

/* pages_premi.c */
/* The premi section of the WBP page (balance, ledger, purchase and payout forms). */
void premi_section(req_t *r, resp_t *w, const rec_t *wbp);
/* GET /api/v1/wbp/{id}/premi: balance and ledger. */
int api_wbp_premi(req_t *r, resp_t *w);
/* POST /api/v1/wbp/{id}/premi/debits and /wbp/{id}/premi/debits: a purchase inside. */
int api_premi_debit(req_t *r, resp_t *w);
int page_premi_debit(req_t *r, resp_t *w);
/* POST /api/v1/wbp/{id}/premi/payout and /wbp/{id}/premi/payout: payout on release. */
int api_premi_payout(req_t *r, resp_t *w);
int page_premi_payout(req_t *r, resp_t *w);
/* GET /premi-entries/{id}/receipt.pdf: receipt of a purchase or a payout. */
int page_premi_receipt(req_t *r, resp_t *w);
/* GET /wbp/{id}/premi/statement?format=pdf|xlsx|csv: the inmate's statement. */
int page_premi_statement(req_t *r, resp_t *w);

/* pages_reports.c */
/* GET /reports: the list of reports with their period and format choices. */
int page_reports(req_t *r, resp_t *w);
/* GET /reports/revenue|pnbp|premi|pnbp-outstanding?month=YYYY-MM|year=YYYY&site=&format=html|pdf|xlsx|csv */
int page_report_revenue(req_t *r, resp_t *w);
int page_report_pnbp(req_t *r, resp_t *w);
int page_report_premi(req_t *r, resp_t *w);
int page_report_outstanding(req_t *r, resp_t *w);

#endif
