/* routes.c — the route table (path pattern, method, handler, roles, flags) and
 * the matcher. A path that exists under another method gives 405, else 404.
 * The table is declared once below: rows written out for what is special to an
 * area, and one ENTITY(...) line for the list, show, create, update, delete and
 * child routes of each entity (web.h, docs/development.md "Routes"); routes_init()
 * expands the declarations into route_table before main. */
#include "web.h"
#include <string.h>

#include "pages.h"

#define WBP_WRITE (R_ADMIN | R_STAF)
#define WBP_READ R_ANY
#define PEMBINAAN_WRITE (R_ADMIN | R_STAF | R_WALI)
/* SDP reconciliation (pages/reconcile.c): those who keep or check the register's dates */
#define RECON_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
/* eligible inmates not proposed (pages/notproposed.c): those who decide on proposals mark them */
#define NP_WRITE (R_ADMIN | R_STAF | R_WALI | R_KALAPAS)
/* corrections of computed dates (pages/datecorr.c): the kalapas (and admin) record
 * them; whoever sees the inmate sees them */
#define DC_WRITE (R_ADMIN | R_KALAPAS)
/* Agreements, partners, trades and programmes (programs.c): admin/staf write,
 * kalapas/kanwil read; instruktur read and edit their own programmes only (the
 * programme entity's scope), and read the trade catalogue. */
#define AGR_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
#define AGR_WRITE (R_ADMIN | R_STAF)
#define KJ_READ R_ANY
#define PROG_READ (AGR_READ | R_INSTRUKTUR)
#define PROG_EDIT (AGR_WRITE | R_INSTRUKTUR)
/* Release and follow-up (release.c): admin/staf record releases, Bapas (and
 * admin/staf) write follow-ups; kalapas, kanwil and wali read. Dashboard and the
 * monthly report: admin, staf, kalapas, kanwil (the regional view: kanwil). */
#define REL_READ (R_ADMIN | R_STAF | R_WALI | R_KALAPAS | R_KANWIL | R_BAPAS)
#define REL_WRITE (R_ADMIN | R_STAF)
#define FU_WRITE (R_ADMIN | R_STAF | R_BAPAS)
#define DASH_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
/* Production, sales, PNBP and premi (pages/production.c, premi.c,
 * reports.c): admin/staf write; kalapas/kanwil read; wali reads the premi of
 * inmates; instruktur none. */
#define PROD_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
#define PROD_WRITE (R_ADMIN | R_STAF)
#define PREMI_READ (PROD_READ | R_WALI)
/* Assessment, placement and the asimilasi proposal (placement.c, usulan.c): admin,
 * staf and wali enter assessments and proposals (wali: the case officer of the
 * inmates); admin and staf confirm placements and change enrolments; kalapas and
 * kanwil read, and take the steps the approval chain gives them (checked against
 * the chain inside); instruktur see the placements of their own programmes only
 * (the enrolment entity's scope); bapas read proposals (their Litmas is in it). */
#define AS_READ (R_ADMIN | R_STAF | R_WALI | R_KALAPAS | R_KANWIL)
#define AS_WRITE (R_ADMIN | R_STAF | R_WALI)
#define PL_WRITE (R_ADMIN | R_STAF)
#define EN_READ (AS_READ | R_INSTRUKTUR)
#define US_READ (AS_READ | R_BAPAS)
#define US_STEP (R_ADMIN | R_STAF | R_WALI | R_KALAPAS | R_KANWIL)
/* Training (pages/training.c, results.c, certificates.c): admin/staf run it (schedule, start, completion,
 * certificates, tests, holidays); instructors also enter attendance and results
 * and edit sessions of their own programmes (the programme's scope); kalapas and
 * kanwil read; certificates are read by admin, staf, kalapas and kanwil; the
 * verification page is public. */
#define TRN_RUN (R_ADMIN | R_STAF)
#define TRN_ENTRY (R_ADMIN | R_STAF | R_INSTRUKTUR)
#define CERT_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
/* Caseloads (pages/caseload.c, issue 21): admin and staf assign and end them;
 * kalapas and kanwil read; a wali reads their own (the entity's scope). */
#define CL_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL | R_WALI)
#define CL_WRITE (R_ADMIN | R_STAF)
/* The safety-threatened record (pages/exclusion.c, issue 20): a coaching decision,
 * written by admin, staf and kalapas; read by them, kanwil and the wali (of the caseload). */
#define EXCL_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL | R_WALI)
#define EXCL_WRITE (R_ADMIN | R_STAF | R_KALAPAS)
/* Transfers (pages/transfer.c, issue 26): those who keep the register. */
#define TRANSFER_WRITE (R_ADMIN | R_STAF)
/* The CV from the training record (pages/cv.c, issue 26): those who prepare the
 * release (the wali of the caseload, bapas of the inmates with a release) and the kalapas. */
#define CV_READ (R_ADMIN | R_STAF | R_WALI | R_KALAPAS | R_BAPAS)
/* Release readiness (pages/readiness.c, issue 26): those who prepare the release write
 * it (the wali of the caseload too); those who see releases read it. */
#define READY_READ (R_ADMIN | R_STAF | R_WALI | R_KALAPAS | R_KANWIL | R_BAPAS)
#define READY_WRITE (R_ADMIN | R_STAF | R_WALI)
/* Training outside the walls (pages/movements.c, issue 26): the movement list is read
 * by those who run or oversee the programme; the gate's records (departure, return)
 * are written by admin and staf. */
#define MOVE_READ (R_ADMIN | R_STAF | R_KALAPAS | R_KANWIL)
#define MOVE_WRITE (R_ADMIN | R_STAF)
/* The access log of personal data (pages/access_log.c): admin and kalapas, of their sites. */
#define AL_READ (R_ADMIN | R_KALAPAS)

#define WBP_CHILD(child, read, write, ...) CHILD_OF("wbp", child, read, write, __VA_ARGS__)

static const handler_fn wbp_fns[OP_COUNT] = {
    [I_LIST] = page_wbp_list, [I_CSV] = page_wbp_csv, [I_NEW] = page_wbp_new, [I_CREATE] = page_wbp_create,
    [I_SHOW] = page_wbp_show, [I_EDIT] = page_wbp_edit, [I_UPDATE] = page_wbp_update,
    [I_API_LIST] = api_wbp_list, [I_API_CREATE] = api_wbp_create, [I_API_GET] = api_wbp_get,
    [I_API_PATCH] = api_wbp_patch};

static const route_decl_t routes[] = {
    {"GET", "/healthz", page_healthz, R_PUBLIC, 0},
    {"GET", "/static/app.css", page_static_css, R_PUBLIC, 0},
    {"GET", "/static/select.js", page_static_js, R_PUBLIC, 0},
    {"GET", "/login", page_login_form, R_PUBLIC, 0},
    {"POST", "/login", page_login, R_PUBLIC, 0},
    {"POST", "/logout", page_logout, R_ANY, 0},
    {"POST", "/lang", page_lang, R_ANY, 0},
    {"GET", "/", page_home, R_ANY, 0},
    {"GET", "/inbox", page_home, R_ANY, 0},
    {"GET", "/search", page_search, R_ANY, 0, NULL, AL_LIST},
    /* the register of inmates (pages/wbp.c): its own handlers */
    {.slug = "wbp", .roles = WBP_READ, .write = WBP_WRITE, .ops = OPS_REGISTER, .pd = AL_LIST, .pd_row = "wbp",
     .fns = wbp_fns},
    {"GET", "/wbp/import", page_wbp_import_form, WBP_WRITE, 0},
    {"POST", "/wbp/import", page_wbp_import, WBP_WRITE, RF_UPLOAD},
    {"POST", "/discipline/{id}/cancel", page_discipline_cancel, PEMBINAAN_WRITE, 0},
    {"POST", "/exclusions/{id}/end", page_exclusion_end, EXCL_WRITE, 0},
    /* the records kept on an inmate's page: created under /wbp/{id}/..., listed by the API */
    WBP_CHILD("remisi", WBP_READ, PEMBINAAN_WRITE, [I_CREATE] = page_remisi_create,
              [I_API_LIST] = api_remisi_list, [I_API_CREATE] = api_remisi_create),
    WBP_CHILD("discipline", WBP_READ, PEMBINAAN_WRITE, [I_CREATE] = page_discipline_create,
              [I_API_LIST] = api_discipline_list, [I_API_CREATE] = api_discipline_create),
    WBP_CHILD("sppn", WBP_READ, PEMBINAAN_WRITE, [I_CREATE] = page_sppn_create, [I_API_LIST] = api_sppn_list,
              [I_API_CREATE] = api_sppn_create),
    WBP_CHILD("exclusions", EXCL_READ, EXCL_WRITE, [I_CREATE] = page_exclusion_create,
              [I_API_LIST] = api_exclusion_list, [I_API_CREATE] = api_exclusion_create),
    WBP_CHILD("readiness", READY_READ, READY_WRITE, [I_CREATE] = page_readiness_set,
              [I_API_LIST] = api_readiness_get, [I_API_CREATE] = api_readiness_set),
    WBP_CHILD("date-corrections", WBP_READ, DC_WRITE, [I_CREATE] = page_datecorr_create,
              [I_API_LIST] = api_datecorr_list, [I_API_CREATE] = api_datecorr_create),
    WBP_CHILD("not-proposed", WBP_READ, NP_WRITE, [I_CREATE] = page_notprop_create,
              [I_API_CREATE] = api_notprop_create),
    WBP_CHILD("usulan", WBP_READ, AS_WRITE, [I_CREATE] = page_usulan_create, [I_API_CREATE] = api_usulan_create),
    WBP_CHILD("transfer", WBP_READ, TRANSFER_WRITE, [I_CREATE] = page_transfer, [I_API_CREATE] = api_transfer),
    WBP_CHILD("transfers", WBP_READ, 0, [I_API_LIST] = api_transfer_list),
    WBP_CHILD("eligibility", WBP_READ, 0, [I_API_LIST] = api_wbp_eligibility),
    WBP_CHILD("premi", PREMI_READ, 0, [I_API_LIST] = api_wbp_premi),
    WBP_CHILD("premi/debits", PREMI_READ, PROD_WRITE, [I_CREATE] = page_premi_debit,
              [I_API_CREATE] = api_premi_debit),
    WBP_CHILD("premi/payout", PREMI_READ, PROD_WRITE, [I_CREATE] = page_premi_payout,
              [I_API_CREATE] = api_premi_payout),
    WBP_CHILD("premi/statement", PREMI_READ, 0, [I_LIST] = page_premi_statement),
    WBP_CHILD("cv.pdf", CV_READ, 0, [I_LIST] = page_wbp_cv), /* a child's page: its OP_LIST row */
    {"GET", "/eligibility", page_eligibility, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/eligibility.csv", page_eligibility_csv, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/not-proposed", page_notprop_list, US_READ, 0, NULL, AL_LIST},
    {"GET", "/not-proposed.csv", page_notprop_csv, US_READ, 0, NULL, AL_LIST},
    {"POST", "/not-proposed/{id}/end", page_notprop_end, NP_WRITE, 0},
    {"POST", "/date-corrections/{id}/end", page_datecorr_end, DC_WRITE, 0},
    {"GET", "/reconcile", page_reconcile_form, RECON_READ, 0},
    {"POST", "/reconcile", page_reconcile, RECON_READ, RF_UPLOAD},
    {"GET", "/audit", page_audit, R_ADMIN | R_KALAPAS | R_KANWIL, 0},
    {"GET", "/audit.csv", page_audit_csv, R_ADMIN | R_KALAPAS | R_KANWIL, 0},
    {"GET", "/audit/{id}", page_audit_show, R_ADMIN | R_KALAPAS | R_KANWIL, 0},
    /* sync (pages/sync.c): a site calls these with its credential; the Kanwil's page of sites */
    {"GET", "/api/v1/sync/cursor", api_sync_cursor, R_PUBLIC, RF_API | RF_SITE},
    {"POST", "/api/v1/sync/push", api_sync_push, R_PUBLIC, RF_API | RF_NOCSRF | RF_SITE},
    {"GET", "/api/v1/sync/pull", api_sync_pull, R_PUBLIC, RF_API | RF_SITE},
    {"GET", "/sync", page_sync, R_ADMIN | R_KANWIL, 0},
    /* the national view: every region's sites and their lag (at the national database) */
    {"GET", "/national", page_national, R_ADMIN | R_KANWIL, 0},
    {"GET", "/api/v1/national/sites", api_national_sites, R_ADMIN | R_KANWIL, RF_API},
    ENTITY(access_log_entity, AL_READ, 0, OPS_READ),
    {"GET", "/settings", page_settings, R_ADMIN, 0},
    {"POST", "/settings", page_settings_add, R_ADMIN, 0},
    {"GET", "/users", page_users, R_ADMIN, 0},
    {"GET", "/users/edit", page_user_edit, R_ADMIN, 0},
    {"POST", "/users/set", page_user_set, R_ADMIN, 0},
    {"POST", "/users/state", page_user_state, R_ADMIN, 0},
    {"POST", "/users/tokens/revoke", page_token_revoke, R_ADMIN, 0},
    {"GET", "/api/v1/me", api_me, R_ANY, RF_API},
    {"GET", "/api/v1/inbox", api_inbox, R_ANY, RF_API},
    {"GET", "/api/v1/openapi.json", api_openapi, R_ANY, RF_API},
    {"GET", "/api/v1/eligibility", api_eligibility, WBP_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/reconcile/sdp", api_reconcile, RECON_READ, RF_API | RF_UPLOAD},
    {"GET", "/api/v1/not-proposed", api_notprop_list, US_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/not-proposed/{id}/end", api_notprop_end, NP_WRITE, RF_API},
    {"POST", "/api/v1/date-corrections/{id}/end", api_datecorr_end, DC_WRITE, RF_API},
    {"POST", "/api/v1/exclusions/{id}/end", api_exclusion_end, EXCL_WRITE, RF_API},
    ENTITY(partner_entity, AGR_READ, AGR_WRITE, OPS_REGISTER),
    ENTITY(agreement_entity, AGR_READ, AGR_WRITE, OPS_REGISTER),
    ENTITY(agreement_party_entity, AGR_READ, AGR_WRITE, OPS_CHILD),
    ENTITY(agreement_quota_entity, AGR_READ, AGR_WRITE, OPS_CHILD),
    ENTITY(agreement_kejuruan_entity, AGR_READ, AGR_WRITE, OPS_LINK),
    {"POST", "/agreements/{id}/document", page_agreement_doc_upload, AGR_WRITE, RF_UPLOAD},
    {"GET", "/agreements/{id}/document", page_agreement_doc_latest, AGR_READ, 0},
    {"GET", "/agreement-documents/{id}", page_agreement_doc_get, AGR_READ, 0},
    {"GET", "/agreements/{id}/scorecard", page_scorecard, AGR_READ, 0},
    {"GET", "/agreements/{id}/scorecard.pdf", page_scorecard_pdf, AGR_READ, 0},
    {"GET", "/api/v1/agreements/{id}/scorecard", api_scorecard, AGR_READ, RF_API},
    {"GET", "/api/v1/agreements/{id}/document", api_agreement_doc_latest, AGR_READ, RF_API},
    {"POST", "/api/v1/agreements/{id}/document", api_agreement_doc_upload, AGR_WRITE, RF_API | RF_UPLOAD},
    ENTITY(kejuruan_entity, KJ_READ, AGR_WRITE, OPS_REGISTER),
    ENTITY(competency_unit_entity, KJ_READ, AGR_WRITE, OPS_CHILD),
    ENTITY(program_entity, PROG_READ, AGR_WRITE, OPS_REGISTER, .edit = PROG_EDIT),
    ENTITY(program_instructor_entity, PROG_READ, AGR_WRITE, OPS_LINK),
    ENTITY(caseload_entity, CL_READ, CL_WRITE, OPS_REGISTER, .pd = AL_LIST),
    {"POST", "/caseloads/{id}/end", page_caseload_end, CL_WRITE, 0},
    {"POST", "/api/v1/caseloads/{id}/end", api_caseload_end, CL_WRITE, RF_API},
    ENTITY(release_entity, REL_READ, REL_WRITE, OP_LIST | OP_CSV | OP_NEW | OP_CREATE | OP_SHOW | API_LIST | API_CREATE | API_GET,
           .pd = AL_LIST, .pd_row = "wbp_release"),
    {"GET", "/releases/due", page_release_due, REL_READ, 0, NULL, AL_LIST},
    ENTITY(followup_entity, REL_READ, FU_WRITE, OP_CREATE | OP_EDIT | OP_UPDATE | OPS_API, .pd = "wbp_release", .pd_row = "followup"),
    {"POST", "/releases/{id}/reverse", page_release_reverse, REL_WRITE, 0},
    {"GET", "/followups/overdue", page_followups_overdue, REL_READ, 0, NULL, AL_LIST},
    {"GET", "/api/v1/releases/due", api_release_due, REL_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/releases/{id}/reverse", api_release_reverse, REL_WRITE, RF_API},
    {"GET", "/api/v1/followups/overdue", api_followups_overdue, REL_READ, RF_API, NULL, AL_LIST},
    {"GET", "/dashboard", page_dashboard, DASH_READ, 0},
    {"GET", "/reports/monthly", page_report_monthly, DASH_READ, 0},
    {"GET", "/api/v1/dashboard", api_dashboard, DASH_READ, RF_API},
    ENTITY(production_unit_entity, PROD_READ, PROD_WRITE, OPS_REGISTER),
    ENTITY(revenue_split_entity, PROD_READ, PROD_WRITE, OPS_CHILD),
    ENTITY(production_entity, PROD_READ, PROD_WRITE, OPS_REGISTER),
    ENTITY(production_worker_entity, PROD_READ, PROD_WRITE, OPS_CHILD),
    ENTITY(sale_entity, PROD_READ, PROD_WRITE, OPS_REGISTER),
    {"POST", "/sales/{id}/settle", page_sale_settle, PROD_WRITE, 0},
    {"POST", "/sales/{id}/reverse", page_sale_reverse, PROD_WRITE, 0},
    {"GET", "/sales/{id}/receipt.pdf", page_sale_receipt, PROD_READ, 0},
    ENTITY(sale_item_entity, PROD_READ, PROD_WRITE, OPS_CHILD),
    {"POST", "/api/v1/sales/{id}/settle", api_sale_settle, PROD_WRITE, RF_API},
    {"POST", "/api/v1/sales/{id}/reverse", api_sale_reverse, PROD_WRITE, RF_API},
    ENTITY(pnbp_deposit_entity, PROD_READ, PROD_WRITE, OPS_REGISTER),
    {"POST", "/pnbp-deposits/{id}/sales", page_deposit_sales, PROD_WRITE, 0},
    {"POST", "/api/v1/pnbp-deposits/{id}/sales", api_deposit_sales, PROD_WRITE, RF_API},
    {"GET", "/premi-entries/{id}/receipt.pdf", page_premi_receipt, PREMI_READ, 0, NULL, "premi_ledger"},
    {"GET", "/reports", page_reports, PROD_READ, 0},
    {"GET", "/reports/revenue", page_report_revenue, PROD_READ, 0},
    {"GET", "/reports/pnbp", page_report_pnbp, PROD_READ, 0},
    {"GET", "/reports/premi", page_report_premi, PROD_READ, 0, NULL, AL_LIST},
    {"GET", "/reports/pnbp-outstanding", page_report_outstanding, PROD_READ, 0},
    {"GET", "/placement", page_placement_home, AS_READ, 0},
    {"GET", "/phases/{id}", page_phase_candidates, AS_READ, 0, NULL, AL_LIST},
    {"GET", "/phases/{id}/candidates.csv", page_phase_candidates_csv, AS_READ, 0, NULL, AL_LIST},
    {"GET", "/phases/{id}/assess", page_phase_assess_form, AS_WRITE, 0},
    {"POST", "/phases/{id}/assess", page_phase_assess, AS_WRITE, 0},
    {"GET", "/phases/{id}/assessments/import", page_phase_import_form, AS_WRITE, 0},
    {"POST", "/phases/{id}/assessments/import", page_phase_import, AS_WRITE, RF_UPLOAD},
    {"GET", "/phases/{id}/placement", page_phase_placement, AS_READ, 0, NULL, AL_LIST},
    {"POST", "/phases/{id}/placement", page_phase_apply, PL_WRITE, 0},
    {"POST", "/phases/{id}/reopen", page_phase_reopen, R_ADMIN, 0},
    ENTITY(assessment_entity, AS_READ, 0, OPS_READ, .pd = AL_LIST, .pd_row = "assessment"),
    ENTITY(enrolment_entity, EN_READ, 0, OPS_READ, .pd = AL_LIST, .pd_row = "enrolment"),
    {"POST", "/enrolments/{id}/status", page_enrolment_status, PL_WRITE, 0},
    {"POST", "/enrolments/{id}/override", page_enrolment_override, PL_WRITE, 0},
    ENTITY(usulan_entity, US_READ, 0, OPS_READ, .pd = AL_LIST, .pd_row = "usulan"),
    {"POST", "/usulan/{id}/step", page_usulan_step, US_STEP, 0},
    {"POST", "/usulan/{id}/dossier", page_usulan_dossier, AS_WRITE, RF_UPLOAD},
    {"GET", "/usulan-documents/{id}", page_usulan_scan, US_READ, 0, NULL, "usulan_document"},
    {"GET", "/tpp", page_tpp, US_READ, 0, NULL, AL_LIST},
    {"GET", "/tpp.pdf", page_tpp_pdf, US_READ, 0, NULL, AL_LIST},
    {"GET", "/tpp.xlsx", page_tpp_xlsx, US_READ, 0, NULL, AL_LIST},
    {"POST", "/tpp", page_tpp_session, PL_WRITE, 0},
    {"GET", "/api/v1/phases", api_phases, AS_READ, RF_API},
    {"GET", "/api/v1/phases/{id}/candidates", api_phase_candidates, AS_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/phases/{id}/assessments", api_phase_assessments, AS_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/phases/{id}/assessments", api_phase_assess, AS_WRITE, RF_API},
    {"GET", "/api/v1/phases/{id}/placement", api_phase_placement, AS_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/phases/{id}/placement", api_phase_apply, PL_WRITE, RF_API},
    {"POST", "/api/v1/phases/{id}/reopen", api_phase_reopen, R_ADMIN, RF_API},
    {"POST", "/api/v1/enrolments/{id}/status", api_enrolment_status, PL_WRITE, RF_API},
    {"POST", "/api/v1/enrolments/{id}/override", api_enrolment_override, PL_WRITE, RF_API},
    {"POST", "/api/v1/usulan/{id}/step", api_usulan_step, US_STEP, RF_API},
    {"POST", "/api/v1/usulan/{id}/documents", api_usulan_documents, AS_WRITE, RF_API},
    {"GET", "/api/v1/usulan-documents/{id}/scan", api_usulan_scan_get, US_READ, RF_API, NULL, "usulan_document"},
    {"POST", "/api/v1/usulan-documents/{id}/scan", api_usulan_scan_upload, AS_WRITE, RF_API | RF_UPLOAD},
    {"GET", "/api/v1/tpp", api_tpp, US_READ, RF_API, NULL, AL_LIST},
    /* training (issue 6) */
    {"GET", "/programs/{id}/training", page_training, PROG_READ, 0},
    {"POST", "/programs/{id}/sessions/generate", page_sessions_generate, TRN_RUN, 0},
    {"POST", "/programs/{id}/start", page_training_start, TRN_RUN, 0},
    {"GET", "/programs/{id}/results", page_results, PROG_READ, 0, NULL, AL_LIST},
    {"POST", "/programs/{id}/results", page_results_save, TRN_ENTRY, 0},
    {"POST", "/programs/{id}/complete", page_training_complete, TRN_RUN, 0},
    {"POST", "/programs/{id}/certificates", page_certificates_issue_all, TRN_RUN, 0},
    {"GET", "/sessions/{id}", page_session, PROG_READ, 0, NULL, AL_LIST},
    {"POST", "/sessions/{id}/attendance", page_attendance_save, TRN_ENTRY, 0},
    {"GET", "/movements", page_movements, MOVE_READ, 0, NULL, AL_LIST},
    {"GET", "/movements.pdf", page_movements_pdf, MOVE_READ, 0, NULL, AL_LIST},
    {"POST", "/sessions/{id}/depart", page_movement_depart, MOVE_WRITE, 0},
    {"POST", "/sessions/{id}/return", page_movement_return, MOVE_WRITE, 0},
    ENTITY(session_entity, PROG_READ, TRN_ENTRY, OP_EDIT | OP_UPDATE | API_GET | API_PATCH),
    {"GET", "/enrolments/{id}/training", page_enrolment, PROG_READ, 0, NULL, "enrolment"},
    {"POST", "/enrolments/{id}/uji", page_uji_create, TRN_RUN, 0},
    {"POST", "/enrolments/{id}/certificate", page_certificate_issue, TRN_RUN, 0},
    {"GET", "/certificates", page_certificates, CERT_READ, 0, NULL, AL_LIST},
    {"GET", "/certificates/{id}", page_certificate, CERT_READ, 0, NULL, "certificate"},
    {"GET", "/certificates/{id}/pdf", page_certificate_pdf, CERT_READ, 0, NULL, "certificate"},
    {"POST", "/certificates/{id}/revoke", page_certificate_revoke, TRN_RUN, 0},
    {"POST", "/certificates/{id}/reprint", page_certificate_reprint, TRN_RUN, 0},
    ENTITY(holiday_entity, PROG_READ, TRN_RUN, OP_LIST | OP_NEW | OP_CREATE | OP_SHOW | OP_EDIT | OP_UPDATE | API_LIST | API_CREATE),
    {"POST", "/holidays/{id}/delete", page_holiday_delete, TRN_RUN, 0},
    {"GET", "/verify", page_verify_form, R_PUBLIC, 0},
    {"GET", "/verify/{*}", page_verify, R_PUBLIC, 0},
    {"GET", "/api/v1/programs/{id}/sessions", api_program_sessions, PROG_READ, RF_API},
    {"GET", "/api/v1/programs/{id}/participants", api_program_participants, PROG_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/sessions/{id}/attendance", api_session_attendance, PROG_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/movements", api_movements, MOVE_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/sessions/{id}/depart", api_movement_depart, MOVE_WRITE, RF_API},
    {"POST", "/api/v1/sessions/{id}/return", api_movement_return, MOVE_WRITE, RF_API},
    {"POST", "/api/v1/sessions/{id}/attendance", api_attendance_save, TRN_ENTRY, RF_API},
    {"POST", "/api/v1/enrolments/{id}/results", api_result_create, TRN_ENTRY, RF_API},
    {"GET", "/api/v1/certificates", api_certificates, CERT_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/certificates/{id}", api_certificate, CERT_READ, RF_API, NULL, "certificate"},
    {"POST", "/api/v1/certificates/{id}/revoke", api_certificate_revoke, TRN_RUN, RF_API},
};

const route_t *route_table;
int route_count;

/* The rows an entity's operations give, in the order of the OP_* bits (the table
 * in web.h). */
static const struct {
    const char *method;
    const char *tail; /* after the base: "" "/{id}" ... */
    bool api, child_base; /* child_base: under the owner for a child entity */
    handler_fn fn;
    char who;   /* 'r' read, 'w' write, 'e' edit */
    char pd;    /* 'l' the lists' pd, 'r' pd_row, 0 none */
} op_rows[OP_COUNT] = {
    {"GET", "", false, true, ent_page_list, 'r', 'l'},
    {"GET", ".csv", false, true, ent_page_csv, 'r', 'l'},
    {"GET", "/new", false, true, ent_page_new, 'w', 0},
    {"POST", "", false, true, ent_page_create, 'w', 0},
    {"GET", "/{id}", false, false, ent_page_show, 'r', 'r'},
    {"GET", "/{id}/edit", false, false, ent_page_edit, 'e', 'r'},
    {"POST", "/{id}", false, false, ent_page_update, 'e', 0},
    {"POST", "/{id}/delete", false, false, ent_page_delete, 'w', 0},
    {"GET", "", true, true, ent_api_list, 'r', 'l'},
    {"POST", "", true, true, ent_api_create, 'w', 0},
    {"GET", "/{id}", true, false, ent_api_get, 'r', 'r'},
    {"PATCH", "/{id}", true, false, ent_api_patch, 'e', 0},
    {"DELETE", "/{id}", true, false, ent_api_delete, 'w', 0},
};

/* The rows of one entity declaration. */
static void expand_entity(arena_t *a, const route_decl_t *d, route_t **out, int *n, int *cap)
{
    const entity_t *en = d->entity;
    const char *slug = en ? en->slug : d->slug;
    /* a child's list and create: /parent-slug/{id}/child_key */
    const char *owned = en && en->parent ? arena_printf(a, "%s/{id}/%s", en->parent->slug, en->child_key)
                        : d->child       ? arena_printf(a, "%s/{id}/%s", slug, d->child)
                                         : slug;
    int ops = d->ops;
    if (d->child) /* CHILD_OF: the ops it names a handler for */
        for (int k = 0; k < OP_COUNT; k++) ops |= d->fns[k] ? 1 << k : 0;
    for (int k = 0; k < OP_COUNT; k++) {
        if (!(ops & (1 << k))) continue;
        route_t *rt = ARENA_PUSH(a, *out, *n, *cap);
        rt->method = op_rows[k].method;
        rt->pattern = arena_printf(a, "%s/%s%s", op_rows[k].api ? "/api/v1" : "", op_rows[k].child_base ? owned : slug,
                                   op_rows[k].tail);
        rt->fn = d->fns && d->fns[k] ? d->fns[k] : op_rows[k].fn;
        rt->roles = op_rows[k].who == 'r' ? d->roles : op_rows[k].who == 'e' && d->edit ? d->edit : d->write;
        rt->flags = op_rows[k].api ? RF_API : 0;
        rt->ctx = en;
        rt->pd = op_rows[k].pd == 'l' ? d->pd : op_rows[k].pd == 'r' ? d->pd_row : NULL;
    }
}

int route_expand(arena_t *a, const route_decl_t *decl, int n, route_t **out)
{
    int count = 0, cap = 0;
    *out = NULL;
    for (int i = 0; i < n; i++) {
        if (!decl[i].method) {
            expand_entity(a, &decl[i], out, &count, &cap);
            continue;
        }
        route_t *rt = ARENA_PUSH(a, *out, count, cap);
        *rt = (route_t){decl[i].method, decl[i].pattern, decl[i].fn, decl[i].roles, decl[i].flags, decl[i].ctx,
                        decl[i].pd};
    }
    return count;
}

/* Expanded before main and before any thread: the table is read-only from then on. */
__attribute__((constructor)) static void routes_init(void)
{
    static arena_t a;
    static route_t *rows;
    arena_init(&a);
    route_count = route_expand(&a, routes, (int)ARRAY_LEN(routes), &rows);
    route_table = rows;
}

int role_bit(const char *role)
{
    for (int i = 0; auth_roles[i]; i++)
        if (str_eq(role, auth_roles[i])) return 1 << i;
    return 0;
}

/* Matches path against pattern; {id} takes a positive decimal integer; {*} at
 * the end takes the rest of the path, slashes included (not empty). */
static bool match(const char *pat, const char *path, int64_t *id)
{
    /* (called for every route on every request, and for every link a page checks:
     * plain characters are compared in a tight loop; only a '{' starts a placeholder) */
    while (*pat && *path) {
        if (*pat != '{') {
            if (*pat != *path) return false;
            pat++, path++;
            continue;
        }
        if (pat[1] == '*' && pat[2] == '}' && !pat[3]) return true; /* *path is not empty here */
        if (pat[1] == 'i' && pat[2] == 'd' && pat[3] == '}') {
            const char *s = path;
            int64_t v = 0;
            while (*path >= '0' && *path <= '9' && path - s < 18) v = v * 10 + (*path++ - '0');
            if (path == s || v <= 0 || (*path && *path != '/')) return false;
            *id = v;
            pat += 4;
            continue;
        }
        if (*pat != *path) return false; /* a '{' that starts no placeholder is a plain character */
        pat++, path++;
    }
    return !*pat && !*path;
}

const route_t *route_match(const char *method, const char *path, int64_t *id, int *status)
{
    bool path_seen = false;
    for (int i = 0; i < route_count; i++) {
        int64_t v = 0;
        if (!match(route_table[i].pattern, path, &v)) continue;
        path_seen = true;
        if (str_eq(route_table[i].method, method)) {
            *id = v;
            return &route_table[i];
        }
    }
    *status = path_seen ? 405 : 404;
    return NULL;
}

const char *route_allowed(arena_t *a, const char *path)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < route_count; i++) {
        int64_t v;
        if (match(route_table[i].pattern, path, &v) && !strstr(b.data ? b.data : "", route_table[i].method))
            buf_printf(&b, "%s%s", b.len ? ", " : "", route_table[i].method);
    }
    if (b.data && strstr(b.data, "GET")) buf_puts(&b, ", HEAD");
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_release(&b);
    return s;
}

bool route_role_may(const char *role, const char *method, const char *path)
{
    int64_t id;
    int status;
    const route_t *rt = route_match(method, path, &id, &status);
    return rt && (rt->roles & role_bit(role)) != 0;
}
