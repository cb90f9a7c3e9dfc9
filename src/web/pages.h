/* pages.h — the handlers of the area files under src/web/pages/ that the route
 * table (routes.c) needs, the entity descriptions it routes to, and the sections
 * one area shows on another's page (composed in compose.c, never called from one
 * page file into another). One area, one file: pages/<area>.c, one block here per
 * file, in the order of the file names. Which path and roles a handler answers is
 * the route table's. Helpers the areas share are framework (web.h, request.c;
 * training_common.h). */
#ifndef BEKAL_PAGES_H
#define BEKAL_PAGES_H
#include "entity.h"
#include "review.h"
#include "listout.h"

/* access_log.c: the access log of personal data (admin, kalapas; issue 21) */
extern const entity_t access_log_entity;

/* assessment.c: assessments of a phase's candidates (form, CSV import, API) */
extern const entity_t assessment_entity, assessment_trade_entity;
handler_t page_phase_assess_form, page_phase_assess, page_phase_import_form, page_phase_import,
    api_phase_assessments, api_phase_assess;

/* audit.c, auth.c: the audit log; health, style sheet, login, logout, language */
handler_t page_audit;
handler_t page_audit_csv;  /* GET /audit.csv: the whole filtered list (issue 25) */
handler_t page_audit_show; /* GET /audit/{id}: one entry and its JSON (issue 25) */
handler_t page_healthz, page_static_css, page_login_form, page_login, page_logout, page_lang;

/* caseload.c (issue 21): POST /caseloads/{id}/end (form: ended_on) and its API */
extern const entity_t caseload_entity;
handler_t page_caseload_end, api_caseload_end;

/* certificates.c: certificates, their PDF, revocation and reprint (issue 22), issue
 * one or a programme's; the public verification page (rate-limited) */
handler_t page_certificates, page_certificate, page_certificate_pdf, page_certificate_revoke,
    page_certificate_reprint, page_certificate_issue, page_certificates_issue_all, page_verify_form, page_verify,
    api_certificates, api_certificate, api_certificate_revoke;

/* cv.c (issue 26): GET /wbp/{id}/cv.pdf, the CV from the training record */
handler_t page_wbp_cv;

/* dashboard.c: GET /dashboard and /api/v1/dashboard [?site=|region=1][&month=YYYY-MM];
 * GET /reports/monthly: the form, with ?format=pdf|xlsx|csv&month=YYYY-MM the file */
handler_t page_dashboard, api_dashboard, page_report_monthly;

/* datecorr.c: corrections of computed dates: the WBP page's section, the form, the
 * withdrawal, the API */
void datecorr_section(req_t *r, resp_t *w, const rec_t *wbp);
handler_t page_datecorr_create, page_datecorr_end, api_datecorr_list, api_datecorr_create, api_datecorr_end;

/* eligibility.c: screening (page, CSV, API) and one inmate's dates */
handler_t page_eligibility, page_eligibility_csv, api_eligibility, api_wbp_eligibility;

/* exclusion.c (issue 20): the safety-threatened record: the WBP page's section,
 * recording and ending one, the API */
void exclusion_section(req_t *r, resp_t *w, const rec_t *wbp);
handler_t page_exclusion_create, page_exclusion_end, api_exclusion_list, api_exclusion_create, api_exclusion_end;

/* inbox.c: the home page (the task inbox, issue 25) and its API */
handler_t page_home, api_inbox;

/* movements.c (issue 26): the daily movement list (page, PDF, API) and the gate's
 * records of departure and return per session */
handler_t page_movements, page_movements_pdf, page_movement_depart, page_movement_return, api_movements,
    api_movement_depart, api_movement_return;

/* notproposed.c: "tidak diusulkan": the WBP page's section, the mark and its
 * withdrawal, the list (page, CSV) and the API */
void notprop_section(req_t *r, resp_t *w, const rec_t *wbp);
handler_t page_notprop_create, page_notprop_end, page_notprop_list, page_notprop_csv, api_notprop_list,
    api_notprop_create, api_notprop_end;

/* pembinaan.c: remisi, discipline (and its cancellation) and SPPN of an inmate */
handler_t page_remisi_create, page_discipline_create, page_sppn_create, page_discipline_cancel, api_remisi_list,
    api_discipline_list, api_sppn_list, api_remisi_create, api_discipline_create, api_sppn_create;

/* placement.c: the placement home, a phase's candidates (page, CSV, API), the
 * placement run and its confirmation, reopening a closed phase (admin), an
 * enrolment's status and override */
extern const entity_t enrolment_entity;
handler_t page_placement_home, page_phase_candidates, page_phase_candidates_csv, page_phase_placement,
    page_phase_apply, page_phase_reopen, api_phase_reopen, page_enrolment_status, page_enrolment_override,
    api_phases, api_phase_candidates, api_phase_placement, api_phase_apply, api_enrolment_status,
    api_enrolment_override;

/* premi.c: an inmate's premi (balance and ledger), a purchase inside (debits), the
 * payout on release, receipts, the statement (?format=pdf|xlsx|csv) */
handler_t api_wbp_premi, api_premi_debit, page_premi_debit, api_premi_payout, page_premi_payout,
    page_premi_receipt, page_premi_statement;

/* production.c: the production registers; settling a sale (idempotent: a settled
 * sale answers its recorded split) and reversing it (review, then confirm; issue
 * 22), the receipt (kuitansi), the sales a PNBP deposit covers (replaces the set) */
extern const entity_t production_unit_entity, revenue_split_entity, production_entity, production_worker_entity,
    sale_entity, sale_item_entity, pnbp_deposit_entity;
handler_t page_sale_settle, api_sale_settle, page_sale_reverse, api_sale_reverse, page_sale_receipt,
    page_deposit_sales, api_deposit_sales;

/* programs.c: partners, agreements, trades, programmes; an agreement's document
 * (page: multipart field "file"; API: the PDF as the body, ?file_name=), the newest
 * or any version */
extern const entity_t partner_entity, agreement_entity, agreement_party_entity, agreement_quota_entity,
    agreement_kejuruan_entity, kejuruan_entity, competency_unit_entity, program_entity, program_instructor_entity;
handler_t page_agreement_doc_upload, page_agreement_doc_latest, page_agreement_doc_get, api_agreement_doc_upload,
    api_agreement_doc_latest;

/* readiness.c (issue 26): the WBP page's release checklist, its form and API, and
 * the progress "done/total" for the release list */
void readiness_section(req_t *r, resp_t *w, const rec_t *wbp);
const char *readiness_progress(req_t *r, int64_t wbp_id);
handler_t page_readiness_set, api_readiness_get, api_readiness_set;

/* reconcile.c: an SDP export against the register, read-only: the upload form; the
 * result page or file (multipart: site, at, format, file); the API (the CSV as the
 * body, ?site=&at=&format=) */
handler_t page_reconcile_form, page_reconcile, api_reconcile;

/* release.c: releases and follow-ups; a release reversed (review, then confirm;
 * issue 22), releases due (?months=1|2|3), follow-ups overdue */
extern const entity_t release_entity, followup_entity;
handler_t page_release_reverse, api_release_reverse, page_release_due, api_release_due, page_followups_overdue,
    api_followups_overdue;

/* reports.c: the list of reports; ?month=YYYY-MM|year=YYYY&site=&format=html|pdf|xlsx|csv */
handler_t page_reports, page_report_revenue, page_report_pnbp, page_report_premi, page_report_outstanding;

/* results.c: a programme's results and completion, an enrolment's training record
 * and its tests (uji) */
handler_t page_results, page_results_save, page_training_complete, page_enrolment, page_uji_create,
    api_result_create;

/* scorecard.c (issue 26): the agreement scorecard: page, PDF and API */
handler_t page_scorecard, page_scorecard_pdf, api_scorecard;

/* search.c, settings.c, users.c: the header's search; settings (admin, issue 22);
 * accounts and API tokens (admin) */
handler_t page_search;
handler_t page_settings, page_settings_add;
handler_t page_users, page_user_edit, page_user_set, page_user_state, page_token_revoke;

/* sync.c: the hub's sync routes (a site's credential), its page of sites, the
 * national view */
handler_t api_sync_cursor, api_sync_push, api_sync_pull, page_sync, page_national, api_national_sites;

/* training.c: a programme's training page, sessions (generate, start, attendance),
 * holidays */
extern const entity_t session_entity, holiday_entity;
handler_t page_training, page_sessions_generate, page_training_start, page_session, page_attendance_save,
    page_holiday_delete, api_program_sessions, api_program_participants, api_session_attendance,
    api_attendance_save;

/* transfer.c (issue 26): the WBP page's section (transfers, the form, the training
 * record at every site), a transfer (review, then confirm) and the API */
void transfer_section(req_t *r, resp_t *w, const rec_t *wbp);
handler_t page_transfer, api_transfer, api_transfer_list;

/* usulan.c: the asimilasi proposal: create, the chain's steps, documents (the API's
 * scan: the body is the PDF, JPEG or PNG), the TPP list (page, PDF, XLSX, session) */
extern const entity_t usulan_entity;
handler_t page_usulan_create, page_usulan_step, page_usulan_dossier, page_usulan_scan, page_tpp, page_tpp_pdf,
    page_tpp_xlsx, page_tpp_session, api_usulan_create, api_usulan_step, api_usulan_documents,
    api_usulan_scan_upload, api_usulan_scan_get, api_tpp;

/* wbp.c: the register of inmates (its own pages and API), the import, the caller */
handler_t page_wbp_list, page_wbp_csv, page_wbp_new, page_wbp_create, page_wbp_show, page_wbp_edit,
    page_wbp_update, page_wbp_import_form, page_wbp_import, api_me, api_wbp_list, api_wbp_get, api_wbp_create,
    api_wbp_patch;

/* Sections of the WBP page, the home page and a programme page (compose.c). */
void eligibility_section(req_t *r, resp_t *w, const rec_t *wbp);
void pembinaan_sections(req_t *r, resp_t *w, const rec_t *wbp);
void premi_section(req_t *r, resp_t *w, const rec_t *wbp);
void placement_wbp_section(req_t *r, resp_t *w, const rec_t *wbp);
void agreements_expiring_section(req_t *r, resp_t *w);
void training_program_links(req_t *r, resp_t *w, const rec_t *program);
/* Style rules of the training pages and the dashboard, appended to /static/app.css. */
extern const char training_css[], dash_css[], inbox_css[], movement_css[];

#endif
