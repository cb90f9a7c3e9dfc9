/* pages.h — the handlers of the area files under src/web/pages/ that the route
 * table (routes.c) needs, the entity descriptions it routes to, and the sections
 * one area shows on another's page (composed in compose.c, never called from one
 * page file into another). One area, one file: pages/<area>.c. Helpers the areas
 * share are framework (web.h, request.c; training_common.h). */
#ifndef BEKAL_PAGES_H
#define BEKAL_PAGES_H
#include "entity.h"
#include "review.h"
#include "listout.h"
int page_healthz(req_t *r, resp_t *w);
/* sync.c: the hub's sync routes (a site's credential) and its page of sites */
int api_sync_cursor(req_t *r, resp_t *w);
int api_sync_push(req_t *r, resp_t *w);
int api_sync_pull(req_t *r, resp_t *w);
int page_sync(req_t *r, resp_t *w);
int page_national(req_t *r, resp_t *w);
int api_national_sites(req_t *r, resp_t *w);
int page_static_css(req_t *r, resp_t *w);
int page_login_form(req_t *r, resp_t *w);
int page_login(req_t *r, resp_t *w);
int page_logout(req_t *r, resp_t *w);
int page_lang(req_t *r, resp_t *w);
/* pages/inbox.c: the home page (the task inbox, issue 25) and its API */
int page_home(req_t *r, resp_t *w);
int api_inbox(req_t *r, resp_t *w);
/* pages/search.c: the global search of the header */
int page_search(req_t *r, resp_t *w);
int page_wbp_list(req_t *r, resp_t *w);
int page_wbp_csv(req_t *r, resp_t *w);
int page_wbp_new(req_t *r, resp_t *w);
int page_wbp_create(req_t *r, resp_t *w);
int page_wbp_show(req_t *r, resp_t *w);
int page_wbp_edit(req_t *r, resp_t *w);
int page_wbp_update(req_t *r, resp_t *w);
int page_wbp_import_form(req_t *r, resp_t *w);
int page_wbp_import(req_t *r, resp_t *w);
int page_audit(req_t *r, resp_t *w);
int page_audit_csv(req_t *r, resp_t *w);  /* GET /audit.csv: the whole filtered list (issue 25) */
int page_audit_show(req_t *r, resp_t *w); /* GET /audit/{id}: one entry and its JSON (issue 25) */
/* pages/access_log.c: the access log of personal data (admin, kalapas; issue 21) */
extern const entity_t access_log_entity;
/* pages/settings.c: GET /settings, POST /settings (admin; issue 22). */
int page_settings(req_t *r, resp_t *w);
int page_settings_add(req_t *r, resp_t *w);
/* pages/users.c: accounts and API tokens (admin) */
int page_users(req_t *r, resp_t *w);
int page_user_edit(req_t *r, resp_t *w);
int page_user_set(req_t *r, resp_t *w);
int page_user_state(req_t *r, resp_t *w);
int page_token_revoke(req_t *r, resp_t *w);
int api_me(req_t *r, resp_t *w);
int api_wbp_list(req_t *r, resp_t *w);
int api_wbp_get(req_t *r, resp_t *w);
int api_wbp_create(req_t *r, resp_t *w);
int api_wbp_patch(req_t *r, resp_t *w);

int page_remisi_create(req_t *r, resp_t *w);
int page_discipline_create(req_t *r, resp_t *w);
int page_sppn_create(req_t *r, resp_t *w);
int page_discipline_cancel(req_t *r, resp_t *w);
int api_remisi_list(req_t *r, resp_t *w);
int api_discipline_list(req_t *r, resp_t *w);
int api_sppn_list(req_t *r, resp_t *w);
int api_remisi_create(req_t *r, resp_t *w);
int api_discipline_create(req_t *r, resp_t *w);
int api_sppn_create(req_t *r, resp_t *w);

/* pages/eligibility.c */
int page_eligibility(req_t *r, resp_t *w);
int page_eligibility_csv(req_t *r, resp_t *w);
int api_eligibility(req_t *r, resp_t *w);
int api_wbp_eligibility(req_t *r, resp_t *w);
/* Sections of the WBP page, the home page and a programme page (compose.c). */
void eligibility_section(req_t *r, resp_t *w, const rec_t *wbp);
void pembinaan_sections(req_t *r, resp_t *w, const rec_t *wbp);
void premi_section(req_t *r, resp_t *w, const rec_t *wbp);
void placement_wbp_section(req_t *r, resp_t *w, const rec_t *wbp);
void agreements_expiring_section(req_t *r, resp_t *w);
void training_program_links(req_t *r, resp_t *w, const rec_t *program);
/* Style rules of the training pages and the dashboard, appended to /static/app.css. */
extern const char training_css[], dash_css[], inbox_css[], movement_css[];

/* ---- placement (pages/placement.c, assessment.c, usulan.c) ---- */

extern const entity_t assessment_entity, assessment_trade_entity, enrolment_entity, usulan_entity;

/* placement.c */
int page_placement_home(req_t *r, resp_t *w);
int page_phase_candidates(req_t *r, resp_t *w);
int page_phase_candidates_csv(req_t *r, resp_t *w);
int page_phase_assess_form(req_t *r, resp_t *w);
int page_phase_assess(req_t *r, resp_t *w);
int page_phase_import_form(req_t *r, resp_t *w);
int page_phase_import(req_t *r, resp_t *w);
int page_phase_placement(req_t *r, resp_t *w);
int page_phase_apply(req_t *r, resp_t *w);
/* POST /phases/{id}/reopen, /api/v1/phases/{id}/reopen: reopen a closed phase (admin). */
int page_phase_reopen(req_t *r, resp_t *w);
int api_phase_reopen(req_t *r, resp_t *w);
int page_enrolment_status(req_t *r, resp_t *w);
int page_enrolment_override(req_t *r, resp_t *w);
int api_phases(req_t *r, resp_t *w);
int api_phase_candidates(req_t *r, resp_t *w);
int api_phase_placement(req_t *r, resp_t *w);
int api_phase_apply(req_t *r, resp_t *w);
int api_phase_assessments(req_t *r, resp_t *w);
int api_phase_assess(req_t *r, resp_t *w);
int api_enrolment_status(req_t *r, resp_t *w);
int api_enrolment_override(req_t *r, resp_t *w);
/* "REGNO — name" of a WBP, for reference columns ("#id" when unknown). */
/* The list_filter hook shared by the entities that belong to a WBP: ?q= searches
 * the WBP's name and registration number, ?wbp_id= narrows to one WBP. */
/* Assessments, placements and proposals of a WBP, on the WBP's page. */
/* Counts by trade interest (first choice and any choice) of the inmates with
 * ids[0..n) (ascending; their latest assessment), for the screening page. */

/* usulan.c */
int page_usulan_create(req_t *r, resp_t *w);
int page_usulan_step(req_t *r, resp_t *w);
int page_usulan_documents(req_t *r, resp_t *w);
int page_usulan_dossier(req_t *r, resp_t *w);
int page_usulan_scan(req_t *r, resp_t *w);
int page_tpp(req_t *r, resp_t *w);
int page_tpp_pdf(req_t *r, resp_t *w);
int page_tpp_xlsx(req_t *r, resp_t *w);
int page_tpp_session(req_t *r, resp_t *w);
int api_usulan_create(req_t *r, resp_t *w);
int api_usulan_step(req_t *r, resp_t *w);
int api_usulan_documents(req_t *r, resp_t *w);
/* POST and GET /api/v1/usulan-documents/{id}/scan: the body is the scan (PDF, JPEG, PNG). */
int api_usulan_scan_upload(req_t *r, resp_t *w);
int api_usulan_scan_get(req_t *r, resp_t *w);
int api_tpp(req_t *r, resp_t *w);

/* ---- production (pages/production.c, premi.c, reports.c) ---- */

extern const entity_t production_unit_entity, revenue_split_entity, production_entity, production_worker_entity,
    sale_entity, sale_item_entity, pnbp_deposit_entity;

/* pages/production.c: settling, receipts, deposits */
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

/* pages/reports.c */
/* GET /reports: the list of reports with their period and format choices. */
int page_reports(req_t *r, resp_t *w);
/* GET /reports/revenue|pnbp|premi|pnbp-outstanding?month=YYYY-MM|year=YYYY&site=&format=html|pdf|xlsx|csv */
int page_report_revenue(req_t *r, resp_t *w);
int page_report_pnbp(req_t *r, resp_t *w);
int page_report_premi(req_t *r, resp_t *w);
int page_report_outstanding(req_t *r, resp_t *w);

/* ---- programmes and agreements (pages/programs.c) ---- */

extern const entity_t partner_entity, agreement_entity, agreement_party_entity, agreement_quota_entity,
    agreement_kejuruan_entity, kejuruan_entity, competency_unit_entity, program_entity, program_instructor_entity;

/* POST /agreements/{id}/document (multipart, field "file"); GET /agreements/{id}/document
 * (the newest); GET /agreement-documents/{id} (any version). */
int page_agreement_doc_upload(req_t *r, resp_t *w);
int page_agreement_doc_latest(req_t *r, resp_t *w);
int page_agreement_doc_get(req_t *r, resp_t *w);
/* POST /api/v1/agreements/{id}/document (body: the PDF, Content-Type application/pdf,
 * ?file_name=); GET /api/v1/agreements/{id}/document (the newest). */
int api_agreement_doc_upload(req_t *r, resp_t *w);
int api_agreement_doc_latest(req_t *r, resp_t *w);

/* ---- caseload (pages/caseload.c, issue 21) ---- */
extern const entity_t caseload_entity;
/* POST /caseloads/{id}/end (form: ended_on) and /api/v1/caseloads/{id}/end. */
int page_caseload_end(req_t *r, resp_t *w);
int api_caseload_end(req_t *r, resp_t *w);

/* ---- release and dashboard (pages/release.c, pages/dashboard.c) ---- */

extern const entity_t release_entity, followup_entity;

/* POST /releases/{id}/reverse (review page, then confirm=1) and
 * /api/v1/releases/{id}/reverse ({reason, confirm}): a reversing entry (issue 22). */
int page_release_reverse(req_t *r, resp_t *w);
int api_release_reverse(req_t *r, resp_t *w);
/* GET /releases/due?months=1|2|3[&site=] and /api/v1/releases/due. */
int page_release_due(req_t *r, resp_t *w);
int api_release_due(req_t *r, resp_t *w);
/* GET /followups/overdue[?site=] and /api/v1/followups/overdue. */
int page_followups_overdue(req_t *r, resp_t *w);
int api_followups_overdue(req_t *r, resp_t *w);
/* GET /dashboard[?site=|region=1][&month=YYYY-MM]. */
int page_dashboard(req_t *r, resp_t *w);
/* GET /api/v1/dashboard[?site=|region=1][&month=YYYY-MM]: the same sections as
 * JSON (pages/dashboard.c). */
int api_dashboard(req_t *r, resp_t *w);
/* GET /reports/monthly: the form; with ?format=pdf|xlsx|csv&month=YYYY-MM the file. */
int page_report_monthly(req_t *r, resp_t *w);

/* ---- training (pages/training.c, results.c, certificates.c) ---- */
extern const entity_t session_entity, holiday_entity;
/* ---- pages/training.c ---- */
int page_training(req_t *r, resp_t *w);           /* GET /programs/{id}/training */
int page_sessions_generate(req_t *r, resp_t *w);  /* POST /programs/{id}/sessions/generate */
int page_training_start(req_t *r, resp_t *w);     /* POST /programs/{id}/start */
int page_session(req_t *r, resp_t *w);            /* GET /sessions/{id} */
int page_attendance_save(req_t *r, resp_t *w);    /* POST /sessions/{id}/attendance */
int page_holiday_delete(req_t *r, resp_t *w);     /* POST /holidays/{id}/delete */

/* ---- pages/results.c ---- */
int page_results(req_t *r, resp_t *w);            /* GET /programs/{id}/results */
int page_results_save(req_t *r, resp_t *w);       /* POST /programs/{id}/results */
int page_training_complete(req_t *r, resp_t *w);  /* POST /programs/{id}/complete */
int page_enrolment(req_t *r, resp_t *w);          /* GET /enrolments/{id} */
int page_uji_create(req_t *r, resp_t *w);         /* POST /enrolments/{id}/uji */

int page_certificates(req_t *r, resp_t *w);           /* GET /certificates */
int page_certificate(req_t *r, resp_t *w);            /* GET /certificates/{id} */
int page_certificate_pdf(req_t *r, resp_t *w);        /* GET /certificates/{id}/pdf */
int page_certificate_revoke(req_t *r, resp_t *w);     /* POST /certificates/{id}/revoke */
int page_certificate_reprint(req_t *r, resp_t *w);    /* POST /certificates/{id}/reprint (issue 22) */
int page_certificate_issue(req_t *r, resp_t *w);      /* POST /enrolments/{id}/certificate */
int page_certificates_issue_all(req_t *r, resp_t *w); /* POST /programs/{id}/certificates */
int page_verify_form(req_t *r, resp_t *w);            /* GET /verify (public) */
int page_verify(req_t *r, resp_t *w);                 /* GET /verify/{number} (public, rate-limited) */

/* ---- API: pages/training.c, results.c, certificates.c ---- */
int api_program_sessions(req_t *r, resp_t *w);      /* GET /api/v1/programs/{id}/sessions */
int api_program_participants(req_t *r, resp_t *w);  /* GET /api/v1/programs/{id}/participants */
int api_session_attendance(req_t *r, resp_t *w);    /* GET /api/v1/sessions/{id}/attendance */
int api_attendance_save(req_t *r, resp_t *w);       /* POST /api/v1/sessions/{id}/attendance */
int api_result_create(req_t *r, resp_t *w);         /* POST /api/v1/enrolments/{id}/results */
int api_certificates(req_t *r, resp_t *w);          /* GET /api/v1/certificates */
int api_certificate(req_t *r, resp_t *w);           /* GET /api/v1/certificates/{id} */
int api_certificate_revoke(req_t *r, resp_t *w);    /* POST /api/v1/certificates/{id}/revoke */

/* /reconcile (pages/reconcile.c): an SDP export against the register, read-only.
 * GET the upload form; POST (multipart: site, at, format, file) the result page or
 * file; POST /api/v1/reconcile/sdp?site=&at=&format= with the CSV as the body. */
int page_reconcile_form(req_t *r, resp_t *w);
int page_reconcile(req_t *r, resp_t *w);
int api_reconcile(req_t *r, resp_t *w);

/* The safety-threatened record (pages/exclusion.c): the section on the WBP page,
 * recording (POST /wbp/{id}/exclusions) and ending one (POST /exclusions/{id}/end),
 * and the API. */
void exclusion_section(req_t *r, resp_t *w, const rec_t *wbp);
int page_exclusion_create(req_t *r, resp_t *w);
int page_exclusion_end(req_t *r, resp_t *w);
int api_exclusion_list(req_t *r, resp_t *w);
int api_exclusion_create(req_t *r, resp_t *w);
int api_exclusion_end(req_t *r, resp_t *w);

/* Transfers (pages/transfer.c, issue 26): the section on the WBP page (transfers,
 * the form, the training record at every site), POST /wbp/{id}/transfer (review,
 * then confirm=1) and the API. */
void transfer_section(req_t *r, resp_t *w, const rec_t *wbp);
/* Training outside the walls (pages/movements.c, issue 26): the daily movement list
 * (page, PDF, API) and the gate's records of departure and return per session. */
int page_movements(req_t *r, resp_t *w);
/* The CV from the training record (pages/cv.c, issue 26): GET /wbp/{id}/cv.pdf. */
int page_wbp_cv(req_t *r, resp_t *w);
/* Release readiness (pages/readiness.c, issue 26): the WBP page's checklist, its form
 * and API, and the progress "done/total" for the release list. */
void readiness_section(req_t *r, resp_t *w, const rec_t *wbp);
const char *readiness_progress(req_t *r, int64_t wbp_id);
int page_readiness_set(req_t *r, resp_t *w);
int api_readiness_get(req_t *r, resp_t *w);
int api_readiness_set(req_t *r, resp_t *w);
/* The agreement scorecard (pages/scorecard.c, issue 26): page, PDF and API. */
int page_scorecard(req_t *r, resp_t *w);
int page_scorecard_pdf(req_t *r, resp_t *w);
int api_scorecard(req_t *r, resp_t *w);
int page_movements_pdf(req_t *r, resp_t *w);
int page_movement_depart(req_t *r, resp_t *w);
int page_movement_return(req_t *r, resp_t *w);
int api_movements(req_t *r, resp_t *w);
int api_movement_depart(req_t *r, resp_t *w);
int api_movement_return(req_t *r, resp_t *w);
int page_transfer(req_t *r, resp_t *w);
int api_transfer(req_t *r, resp_t *w);
int api_transfer_list(req_t *r, resp_t *w);

/* "tidak diusulkan" (pages/notproposed.c): the section on the WBP page, the mark
 * (POST /wbp/{id}/not-proposed) and its withdrawal (POST /not-proposed/{id}/end),
 * the list (/not-proposed, .csv) and the API. */
void notprop_section(req_t *r, resp_t *w, const rec_t *wbp);
int page_notprop_create(req_t *r, resp_t *w);
int page_notprop_end(req_t *r, resp_t *w);
int page_notprop_list(req_t *r, resp_t *w);
int page_notprop_csv(req_t *r, resp_t *w);
int api_notprop_list(req_t *r, resp_t *w);
int api_notprop_create(req_t *r, resp_t *w);
int api_notprop_end(req_t *r, resp_t *w);
/* corrections of computed dates (pages/datecorr.c): the section on the WBP page, the
 * form and the withdrawal, the API */
void datecorr_section(req_t *r, resp_t *w, const rec_t *wbp);
int page_datecorr_create(req_t *r, resp_t *w);
int page_datecorr_end(req_t *r, resp_t *w);
int api_datecorr_list(req_t *r, resp_t *w);
int api_datecorr_create(req_t *r, resp_t *w);
int api_datecorr_end(req_t *r, resp_t *w);

#endif
