/* routes.c — the route table (path pattern, method, handler, roles, flags) and
 * the matcher. A path that exists under another method gives 405, else 404. */
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

const route_t route_table[] = {
    {"GET", "/healthz", page_healthz, R_PUBLIC, 0},
    {"GET", "/static/app.css", page_static_css, R_PUBLIC, 0},
    {"GET", "/login", page_login_form, R_PUBLIC, 0},
    {"POST", "/login", page_login, R_PUBLIC, 0},
    {"POST", "/logout", page_logout, R_ANY, 0},
    {"POST", "/lang", page_lang, R_ANY, 0},
    {"GET", "/", page_home, R_ANY, 0},
    {"GET", "/inbox", page_home, R_ANY, 0},
    {"GET", "/search", page_search, R_ANY, 0, NULL, AL_LIST},
    {"GET", "/wbp", page_wbp_list, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/wbp.csv", page_wbp_csv, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/wbp/new", page_wbp_new, WBP_WRITE, 0},
    {"POST", "/wbp", page_wbp_create, WBP_WRITE, 0},
    {"GET", "/wbp/import", page_wbp_import_form, WBP_WRITE, 0},
    {"POST", "/wbp/import", page_wbp_import, WBP_WRITE, RF_UPLOAD},
    {"GET", "/wbp/{id}", page_wbp_show, WBP_READ, 0, NULL, "wbp"},
    {"GET", "/wbp/{id}/edit", page_wbp_edit, WBP_WRITE, 0, NULL, "wbp"},
    {"POST", "/wbp/{id}", page_wbp_update, WBP_WRITE, 0},
    {"POST", "/wbp/{id}/remisi", page_remisi_create, PEMBINAAN_WRITE, 0},
    {"POST", "/wbp/{id}/discipline", page_discipline_create, PEMBINAAN_WRITE, 0},
    {"POST", "/wbp/{id}/sppn", page_sppn_create, PEMBINAAN_WRITE, 0},
    {"POST", "/discipline/{id}/cancel", page_discipline_cancel, PEMBINAAN_WRITE, 0},
    {"POST", "/wbp/{id}/exclusions", page_exclusion_create, EXCL_WRITE, 0},
    {"POST", "/exclusions/{id}/end", page_exclusion_end, EXCL_WRITE, 0},
    {"POST", "/wbp/{id}/transfer", page_transfer, TRANSFER_WRITE, 0},
    {"GET", "/wbp/{id}/cv.pdf", page_wbp_cv, CV_READ, 0, NULL, "wbp"},
    {"POST", "/wbp/{id}/readiness", page_readiness_set, READY_WRITE, 0},
    {"GET", "/eligibility", page_eligibility, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/eligibility.csv", page_eligibility_csv, WBP_READ, 0, NULL, AL_LIST},
    {"GET", "/not-proposed", page_notprop_list, US_READ, 0, NULL, AL_LIST},
    {"GET", "/not-proposed.csv", page_notprop_csv, US_READ, 0, NULL, AL_LIST},
    {"POST", "/wbp/{id}/not-proposed", page_notprop_create, NP_WRITE, 0},
    {"POST", "/not-proposed/{id}/end", page_notprop_end, NP_WRITE, 0},
    {"POST", "/wbp/{id}/date-corrections", page_datecorr_create, DC_WRITE, 0},
    {"POST", "/date-corrections/{id}/end", page_datecorr_end, DC_WRITE, 0},
    {"GET", "/reconcile", page_reconcile_form, RECON_READ, 0},
    {"POST", "/reconcile", page_reconcile, RECON_READ, RF_UPLOAD},
    {"GET", "/audit", page_audit, R_ADMIN | R_KALAPAS | R_KANWIL, 0},
    /* sync (pages/sync.c): a site calls these with its credential; the Kanwil's page of sites */
    {"GET", "/api/v1/sync/cursor", api_sync_cursor, R_PUBLIC, RF_API | RF_SITE},
    {"POST", "/api/v1/sync/push", api_sync_push, R_PUBLIC, RF_API | RF_NOCSRF | RF_SITE},
    {"GET", "/api/v1/sync/pull", api_sync_pull, R_PUBLIC, RF_API | RF_SITE},
    {"GET", "/sync", page_sync, R_ADMIN | R_KANWIL, 0},
    /* the national view: every region's sites and their lag (at the national database) */
    {"GET", "/national", page_national, R_ADMIN | R_KANWIL, 0},
    {"GET", "/api/v1/national/sites", api_national_sites, R_ADMIN | R_KANWIL, RF_API},
    {"GET", "/access-log", ent_page_list, AL_READ, 0, &access_log_entity},
    {"GET", "/access-log.csv", ent_page_csv, AL_READ, 0, &access_log_entity},
    {"GET", "/access-log/{id}", ent_page_show, AL_READ, 0, &access_log_entity},
    {"GET", "/api/v1/access-log", ent_api_list, AL_READ, RF_API, &access_log_entity},
    {"GET", "/api/v1/access-log/{id}", ent_api_get, AL_READ, RF_API, &access_log_entity},
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
    {"GET", "/api/v1/wbp", api_wbp_list, WBP_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/wbp", api_wbp_create, WBP_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}", api_wbp_get, WBP_READ, RF_API, NULL, "wbp"},
    {"PATCH", "/api/v1/wbp/{id}", api_wbp_patch, WBP_WRITE, RF_API},
    {"GET", "/api/v1/eligibility", api_eligibility, WBP_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/reconcile/sdp", api_reconcile, RECON_READ, RF_API | RF_UPLOAD},
    {"GET", "/api/v1/not-proposed", api_notprop_list, US_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/wbp/{id}/not-proposed", api_notprop_create, NP_WRITE, RF_API},
    {"POST", "/api/v1/not-proposed/{id}/end", api_notprop_end, NP_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/date-corrections", api_datecorr_list, WBP_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/date-corrections", api_datecorr_create, DC_WRITE, RF_API},
    {"POST", "/api/v1/date-corrections/{id}/end", api_datecorr_end, DC_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/eligibility", api_wbp_eligibility, WBP_READ, RF_API, NULL, "wbp"},
    {"GET", "/api/v1/wbp/{id}/remisi", api_remisi_list, WBP_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/remisi", api_remisi_create, PEMBINAAN_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/discipline", api_discipline_list, WBP_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/discipline", api_discipline_create, PEMBINAAN_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/exclusions", api_exclusion_list, EXCL_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/exclusions", api_exclusion_create, EXCL_WRITE, RF_API},
    {"POST", "/api/v1/exclusions/{id}/end", api_exclusion_end, EXCL_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/transfers", api_transfer_list, WBP_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/transfer", api_transfer, TRANSFER_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/readiness", api_readiness_get, READY_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/readiness", api_readiness_set, READY_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/sppn", api_sppn_list, WBP_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/sppn", api_sppn_create, PEMBINAAN_WRITE, RF_API},
    {"GET", "/partners", ent_page_list, AGR_READ, 0, &partner_entity},
    {"GET", "/partners.csv", ent_page_csv, AGR_READ, 0, &partner_entity},
    {"GET", "/partners/new", ent_page_new, AGR_WRITE, 0, &partner_entity},
    {"POST", "/partners", ent_page_create, AGR_WRITE, 0, &partner_entity},
    {"GET", "/partners/{id}", ent_page_show, AGR_READ, 0, &partner_entity},
    {"GET", "/partners/{id}/edit", ent_page_edit, AGR_WRITE, 0, &partner_entity},
    {"POST", "/partners/{id}", ent_page_update, AGR_WRITE, 0, &partner_entity},
    {"GET", "/api/v1/partners", ent_api_list, AGR_READ, RF_API, &partner_entity},
    {"POST", "/api/v1/partners", ent_api_create, AGR_WRITE, RF_API, &partner_entity},
    {"GET", "/api/v1/partners/{id}", ent_api_get, AGR_READ, RF_API, &partner_entity},
    {"PATCH", "/api/v1/partners/{id}", ent_api_patch, AGR_WRITE, RF_API, &partner_entity},
    {"GET", "/agreements", ent_page_list, AGR_READ, 0, &agreement_entity},
    {"GET", "/agreements.csv", ent_page_csv, AGR_READ, 0, &agreement_entity},
    {"GET", "/agreements/new", ent_page_new, AGR_WRITE, 0, &agreement_entity},
    {"POST", "/agreements", ent_page_create, AGR_WRITE, 0, &agreement_entity},
    {"GET", "/agreements/{id}", ent_page_show, AGR_READ, 0, &agreement_entity},
    {"GET", "/agreements/{id}/edit", ent_page_edit, AGR_WRITE, 0, &agreement_entity},
    {"POST", "/agreements/{id}", ent_page_update, AGR_WRITE, 0, &agreement_entity},
    {"POST", "/agreements/{id}/parties", ent_page_create, AGR_WRITE, 0, &agreement_party_entity},
    {"GET", "/agreement-parties/{id}/edit", ent_page_edit, AGR_WRITE, 0, &agreement_party_entity},
    {"POST", "/agreement-parties/{id}", ent_page_update, AGR_WRITE, 0, &agreement_party_entity},
    {"POST", "/agreement-parties/{id}/delete", ent_page_delete, AGR_WRITE, 0, &agreement_party_entity},
    {"POST", "/agreements/{id}/quotas", ent_page_create, AGR_WRITE, 0, &agreement_quota_entity},
    {"GET", "/agreement-quotas/{id}/edit", ent_page_edit, AGR_WRITE, 0, &agreement_quota_entity},
    {"POST", "/agreement-quotas/{id}", ent_page_update, AGR_WRITE, 0, &agreement_quota_entity},
    {"POST", "/agreement-quotas/{id}/delete", ent_page_delete, AGR_WRITE, 0, &agreement_quota_entity},
    {"POST", "/agreements/{id}/trades", ent_page_create, AGR_WRITE, 0, &agreement_kejuruan_entity},
    {"POST", "/agreement-trades/{id}/delete", ent_page_delete, AGR_WRITE, 0, &agreement_kejuruan_entity},
    {"POST", "/agreements/{id}/document", page_agreement_doc_upload, AGR_WRITE, RF_UPLOAD},
    {"GET", "/agreements/{id}/document", page_agreement_doc_latest, AGR_READ, 0},
    {"GET", "/agreement-documents/{id}", page_agreement_doc_get, AGR_READ, 0},
    {"GET", "/agreements/{id}/scorecard", page_scorecard, AGR_READ, 0},
    {"GET", "/agreements/{id}/scorecard.pdf", page_scorecard_pdf, AGR_READ, 0},
    {"GET", "/api/v1/agreements/{id}/scorecard", api_scorecard, AGR_READ, RF_API},
    {"GET", "/api/v1/agreements", ent_api_list, AGR_READ, RF_API, &agreement_entity},
    {"POST", "/api/v1/agreements", ent_api_create, AGR_WRITE, RF_API, &agreement_entity},
    {"GET", "/api/v1/agreements/{id}", ent_api_get, AGR_READ, RF_API, &agreement_entity},
    {"PATCH", "/api/v1/agreements/{id}", ent_api_patch, AGR_WRITE, RF_API, &agreement_entity},
    {"GET", "/api/v1/agreements/{id}/parties", ent_api_list, AGR_READ, RF_API, &agreement_party_entity},
    {"POST", "/api/v1/agreements/{id}/parties", ent_api_create, AGR_WRITE, RF_API, &agreement_party_entity},
    {"GET", "/api/v1/agreement-parties/{id}", ent_api_get, AGR_READ, RF_API, &agreement_party_entity},
    {"PATCH", "/api/v1/agreement-parties/{id}", ent_api_patch, AGR_WRITE, RF_API, &agreement_party_entity},
    {"DELETE", "/api/v1/agreement-parties/{id}", ent_api_delete, AGR_WRITE, RF_API, &agreement_party_entity},
    {"GET", "/api/v1/agreements/{id}/quotas", ent_api_list, AGR_READ, RF_API, &agreement_quota_entity},
    {"POST", "/api/v1/agreements/{id}/quotas", ent_api_create, AGR_WRITE, RF_API, &agreement_quota_entity},
    {"GET", "/api/v1/agreement-quotas/{id}", ent_api_get, AGR_READ, RF_API, &agreement_quota_entity},
    {"PATCH", "/api/v1/agreement-quotas/{id}", ent_api_patch, AGR_WRITE, RF_API, &agreement_quota_entity},
    {"DELETE", "/api/v1/agreement-quotas/{id}", ent_api_delete, AGR_WRITE, RF_API, &agreement_quota_entity},
    {"GET", "/api/v1/agreements/{id}/trades", ent_api_list, AGR_READ, RF_API, &agreement_kejuruan_entity},
    {"POST", "/api/v1/agreements/{id}/trades", ent_api_create, AGR_WRITE, RF_API, &agreement_kejuruan_entity},
    {"GET", "/api/v1/agreement-trades/{id}", ent_api_get, AGR_READ, RF_API, &agreement_kejuruan_entity},
    {"DELETE", "/api/v1/agreement-trades/{id}", ent_api_delete, AGR_WRITE, RF_API, &agreement_kejuruan_entity},
    {"GET", "/api/v1/agreements/{id}/document", api_agreement_doc_latest, AGR_READ, RF_API},
    {"POST", "/api/v1/agreements/{id}/document", api_agreement_doc_upload, AGR_WRITE, RF_API | RF_UPLOAD},
    {"GET", "/kejuruan", ent_page_list, KJ_READ, 0, &kejuruan_entity},
    {"GET", "/kejuruan.csv", ent_page_csv, KJ_READ, 0, &kejuruan_entity},
    {"GET", "/kejuruan/new", ent_page_new, AGR_WRITE, 0, &kejuruan_entity},
    {"POST", "/kejuruan", ent_page_create, AGR_WRITE, 0, &kejuruan_entity},
    {"GET", "/kejuruan/{id}", ent_page_show, KJ_READ, 0, &kejuruan_entity},
    {"GET", "/kejuruan/{id}/edit", ent_page_edit, AGR_WRITE, 0, &kejuruan_entity},
    {"POST", "/kejuruan/{id}", ent_page_update, AGR_WRITE, 0, &kejuruan_entity},
    {"POST", "/kejuruan/{id}/units", ent_page_create, AGR_WRITE, 0, &competency_unit_entity},
    {"GET", "/competency-units/{id}/edit", ent_page_edit, AGR_WRITE, 0, &competency_unit_entity},
    {"POST", "/competency-units/{id}", ent_page_update, AGR_WRITE, 0, &competency_unit_entity},
    {"POST", "/competency-units/{id}/delete", ent_page_delete, AGR_WRITE, 0, &competency_unit_entity},
    {"GET", "/api/v1/kejuruan", ent_api_list, KJ_READ, RF_API, &kejuruan_entity},
    {"POST", "/api/v1/kejuruan", ent_api_create, AGR_WRITE, RF_API, &kejuruan_entity},
    {"GET", "/api/v1/kejuruan/{id}", ent_api_get, KJ_READ, RF_API, &kejuruan_entity},
    {"PATCH", "/api/v1/kejuruan/{id}", ent_api_patch, AGR_WRITE, RF_API, &kejuruan_entity},
    {"GET", "/api/v1/kejuruan/{id}/units", ent_api_list, KJ_READ, RF_API, &competency_unit_entity},
    {"POST", "/api/v1/kejuruan/{id}/units", ent_api_create, AGR_WRITE, RF_API, &competency_unit_entity},
    {"GET", "/api/v1/competency-units/{id}", ent_api_get, KJ_READ, RF_API, &competency_unit_entity},
    {"PATCH", "/api/v1/competency-units/{id}", ent_api_patch, AGR_WRITE, RF_API, &competency_unit_entity},
    {"DELETE", "/api/v1/competency-units/{id}", ent_api_delete, AGR_WRITE, RF_API, &competency_unit_entity},
    {"GET", "/programs", ent_page_list, PROG_READ, 0, &program_entity},
    {"GET", "/programs.csv", ent_page_csv, PROG_READ, 0, &program_entity},
    {"GET", "/programs/new", ent_page_new, AGR_WRITE, 0, &program_entity},
    {"POST", "/programs", ent_page_create, AGR_WRITE, 0, &program_entity},
    {"GET", "/programs/{id}", ent_page_show, PROG_READ, 0, &program_entity},
    {"GET", "/programs/{id}/edit", ent_page_edit, PROG_EDIT, 0, &program_entity},
    {"POST", "/programs/{id}", ent_page_update, PROG_EDIT, 0, &program_entity},
    {"POST", "/programs/{id}/instructors", ent_page_create, AGR_WRITE, 0, &program_instructor_entity},
    {"POST", "/program-instructors/{id}/delete", ent_page_delete, AGR_WRITE, 0, &program_instructor_entity},
    {"GET", "/api/v1/programs", ent_api_list, PROG_READ, RF_API, &program_entity},
    {"POST", "/api/v1/programs", ent_api_create, AGR_WRITE, RF_API, &program_entity},
    {"GET", "/api/v1/programs/{id}", ent_api_get, PROG_READ, RF_API, &program_entity},
    {"PATCH", "/api/v1/programs/{id}", ent_api_patch, PROG_EDIT, RF_API, &program_entity},
    {"GET", "/api/v1/programs/{id}/instructors", ent_api_list, PROG_READ, RF_API, &program_instructor_entity},
    {"POST", "/api/v1/programs/{id}/instructors", ent_api_create, AGR_WRITE, RF_API, &program_instructor_entity},
    {"GET", "/api/v1/program-instructors/{id}", ent_api_get, PROG_READ, RF_API, &program_instructor_entity},
    {"DELETE", "/api/v1/program-instructors/{id}", ent_api_delete, AGR_WRITE, RF_API, &program_instructor_entity},
    {"GET", "/caseloads", ent_page_list, CL_READ, 0, &caseload_entity, AL_LIST},
    {"GET", "/caseloads.csv", ent_page_csv, CL_READ, 0, &caseload_entity, AL_LIST},
    {"GET", "/caseloads/new", ent_page_new, CL_WRITE, 0, &caseload_entity},
    {"POST", "/caseloads", ent_page_create, CL_WRITE, 0, &caseload_entity},
    {"GET", "/caseloads/{id}", ent_page_show, CL_READ, 0, &caseload_entity},
    {"GET", "/caseloads/{id}/edit", ent_page_edit, CL_WRITE, 0, &caseload_entity},
    {"POST", "/caseloads/{id}", ent_page_update, CL_WRITE, 0, &caseload_entity},
    {"POST", "/caseloads/{id}/end", page_caseload_end, CL_WRITE, 0},
    {"GET", "/api/v1/caseloads", ent_api_list, CL_READ, RF_API, &caseload_entity, AL_LIST},
    {"POST", "/api/v1/caseloads", ent_api_create, CL_WRITE, RF_API, &caseload_entity},
    {"GET", "/api/v1/caseloads/{id}", ent_api_get, CL_READ, RF_API, &caseload_entity},
    {"PATCH", "/api/v1/caseloads/{id}", ent_api_patch, CL_WRITE, RF_API, &caseload_entity},
    {"POST", "/api/v1/caseloads/{id}/end", api_caseload_end, CL_WRITE, RF_API},
    {"GET", "/releases", ent_page_list, REL_READ, 0, &release_entity, AL_LIST},
    {"GET", "/releases.csv", ent_page_csv, REL_READ, 0, &release_entity, AL_LIST},
    {"GET", "/releases/new", ent_page_new, REL_WRITE, 0, &release_entity},
    {"POST", "/releases", ent_page_create, REL_WRITE, 0, &release_entity},
    {"GET", "/releases/due", page_release_due, REL_READ, 0, NULL, AL_LIST},
    {"GET", "/releases/{id}", ent_page_show, REL_READ, 0, &release_entity, "wbp_release"},
    {"POST", "/releases/{id}/followups", ent_page_create, FU_WRITE, 0, &followup_entity},
    {"POST", "/releases/{id}/reverse", page_release_reverse, REL_WRITE, 0},
    {"GET", "/followups/overdue", page_followups_overdue, REL_READ, 0, NULL, AL_LIST},
    {"GET", "/followups/{id}/edit", ent_page_edit, FU_WRITE, 0, &followup_entity, "followup"},
    {"POST", "/followups/{id}", ent_page_update, FU_WRITE, 0, &followup_entity},
    {"GET", "/api/v1/releases", ent_api_list, REL_READ, RF_API, &release_entity, AL_LIST},
    {"POST", "/api/v1/releases", ent_api_create, REL_WRITE, RF_API, &release_entity},
    {"GET", "/api/v1/releases/due", api_release_due, REL_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/releases/{id}", ent_api_get, REL_READ, RF_API, &release_entity, "wbp_release"},
    {"POST", "/api/v1/releases/{id}/reverse", api_release_reverse, REL_WRITE, RF_API},
    {"GET", "/api/v1/releases/{id}/followups", ent_api_list, REL_READ, RF_API, &followup_entity, "wbp_release"},
    {"POST", "/api/v1/releases/{id}/followups", ent_api_create, FU_WRITE, RF_API, &followup_entity},
    {"GET", "/api/v1/followups/overdue", api_followups_overdue, REL_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/followups/{id}", ent_api_get, REL_READ, RF_API, &followup_entity, "followup"},
    {"PATCH", "/api/v1/followups/{id}", ent_api_patch, FU_WRITE, RF_API, &followup_entity},
    {"GET", "/dashboard", page_dashboard, DASH_READ, 0},
    {"GET", "/reports/monthly", page_report_monthly, DASH_READ, 0},
    {"GET", "/api/v1/dashboard", api_dashboard, DASH_READ, RF_API},
    {"GET", "/production-units", ent_page_list, PROD_READ, 0, &production_unit_entity},
    {"GET", "/production-units.csv", ent_page_csv, PROD_READ, 0, &production_unit_entity},
    {"GET", "/production-units/new", ent_page_new, PROD_WRITE, 0, &production_unit_entity},
    {"POST", "/production-units", ent_page_create, PROD_WRITE, 0, &production_unit_entity},
    {"GET", "/production-units/{id}", ent_page_show, PROD_READ, 0, &production_unit_entity},
    {"GET", "/production-units/{id}/edit", ent_page_edit, PROD_WRITE, 0, &production_unit_entity},
    {"POST", "/production-units/{id}", ent_page_update, PROD_WRITE, 0, &production_unit_entity},
    {"POST", "/production-units/{id}/splits", ent_page_create, PROD_WRITE, 0, &revenue_split_entity},
    {"GET", "/revenue-splits/{id}/edit", ent_page_edit, PROD_WRITE, 0, &revenue_split_entity},
    {"POST", "/revenue-splits/{id}", ent_page_update, PROD_WRITE, 0, &revenue_split_entity},
    {"POST", "/revenue-splits/{id}/delete", ent_page_delete, PROD_WRITE, 0, &revenue_split_entity},
    {"GET", "/api/v1/production-units", ent_api_list, PROD_READ, RF_API, &production_unit_entity},
    {"POST", "/api/v1/production-units", ent_api_create, PROD_WRITE, RF_API, &production_unit_entity},
    {"GET", "/api/v1/production-units/{id}", ent_api_get, PROD_READ, RF_API, &production_unit_entity},
    {"PATCH", "/api/v1/production-units/{id}", ent_api_patch, PROD_WRITE, RF_API, &production_unit_entity},
    {"GET", "/api/v1/production-units/{id}/splits", ent_api_list, PROD_READ, RF_API, &revenue_split_entity},
    {"POST", "/api/v1/production-units/{id}/splits", ent_api_create, PROD_WRITE, RF_API, &revenue_split_entity},
    {"GET", "/api/v1/revenue-splits/{id}", ent_api_get, PROD_READ, RF_API, &revenue_split_entity},
    {"PATCH", "/api/v1/revenue-splits/{id}", ent_api_patch, PROD_WRITE, RF_API, &revenue_split_entity},
    {"DELETE", "/api/v1/revenue-splits/{id}", ent_api_delete, PROD_WRITE, RF_API, &revenue_split_entity},
    {"GET", "/productions", ent_page_list, PROD_READ, 0, &production_entity},
    {"GET", "/productions.csv", ent_page_csv, PROD_READ, 0, &production_entity},
    {"GET", "/productions/new", ent_page_new, PROD_WRITE, 0, &production_entity},
    {"POST", "/productions", ent_page_create, PROD_WRITE, 0, &production_entity},
    {"GET", "/productions/{id}", ent_page_show, PROD_READ, 0, &production_entity},
    {"GET", "/productions/{id}/edit", ent_page_edit, PROD_WRITE, 0, &production_entity},
    {"POST", "/productions/{id}", ent_page_update, PROD_WRITE, 0, &production_entity},
    {"POST", "/productions/{id}/workers", ent_page_create, PROD_WRITE, 0, &production_worker_entity},
    {"GET", "/production-workers/{id}/edit", ent_page_edit, PROD_WRITE, 0, &production_worker_entity},
    {"POST", "/production-workers/{id}", ent_page_update, PROD_WRITE, 0, &production_worker_entity},
    {"POST", "/production-workers/{id}/delete", ent_page_delete, PROD_WRITE, 0, &production_worker_entity},
    {"GET", "/api/v1/productions", ent_api_list, PROD_READ, RF_API, &production_entity},
    {"POST", "/api/v1/productions", ent_api_create, PROD_WRITE, RF_API, &production_entity},
    {"GET", "/api/v1/productions/{id}", ent_api_get, PROD_READ, RF_API, &production_entity},
    {"PATCH", "/api/v1/productions/{id}", ent_api_patch, PROD_WRITE, RF_API, &production_entity},
    {"GET", "/api/v1/productions/{id}/workers", ent_api_list, PROD_READ, RF_API, &production_worker_entity},
    {"POST", "/api/v1/productions/{id}/workers", ent_api_create, PROD_WRITE, RF_API, &production_worker_entity},
    {"GET", "/api/v1/production-workers/{id}", ent_api_get, PROD_READ, RF_API, &production_worker_entity},
    {"PATCH", "/api/v1/production-workers/{id}", ent_api_patch, PROD_WRITE, RF_API, &production_worker_entity},
    {"DELETE", "/api/v1/production-workers/{id}", ent_api_delete, PROD_WRITE, RF_API, &production_worker_entity},
    {"GET", "/sales", ent_page_list, PROD_READ, 0, &sale_entity},
    {"GET", "/sales.csv", ent_page_csv, PROD_READ, 0, &sale_entity},
    {"GET", "/sales/new", ent_page_new, PROD_WRITE, 0, &sale_entity},
    {"POST", "/sales", ent_page_create, PROD_WRITE, 0, &sale_entity},
    {"GET", "/sales/{id}", ent_page_show, PROD_READ, 0, &sale_entity},
    {"GET", "/sales/{id}/edit", ent_page_edit, PROD_WRITE, 0, &sale_entity},
    {"POST", "/sales/{id}", ent_page_update, PROD_WRITE, 0, &sale_entity},
    {"POST", "/sales/{id}/settle", page_sale_settle, PROD_WRITE, 0},
    {"POST", "/sales/{id}/reverse", page_sale_reverse, PROD_WRITE, 0},
    {"GET", "/sales/{id}/receipt.pdf", page_sale_receipt, PROD_READ, 0},
    {"POST", "/sales/{id}/items", ent_page_create, PROD_WRITE, 0, &sale_item_entity},
    {"GET", "/sale-items/{id}/edit", ent_page_edit, PROD_WRITE, 0, &sale_item_entity},
    {"POST", "/sale-items/{id}", ent_page_update, PROD_WRITE, 0, &sale_item_entity},
    {"POST", "/sale-items/{id}/delete", ent_page_delete, PROD_WRITE, 0, &sale_item_entity},
    {"GET", "/api/v1/sales", ent_api_list, PROD_READ, RF_API, &sale_entity},
    {"POST", "/api/v1/sales", ent_api_create, PROD_WRITE, RF_API, &sale_entity},
    {"GET", "/api/v1/sales/{id}", ent_api_get, PROD_READ, RF_API, &sale_entity},
    {"PATCH", "/api/v1/sales/{id}", ent_api_patch, PROD_WRITE, RF_API, &sale_entity},
    {"POST", "/api/v1/sales/{id}/settle", api_sale_settle, PROD_WRITE, RF_API},
    {"POST", "/api/v1/sales/{id}/reverse", api_sale_reverse, PROD_WRITE, RF_API},
    {"GET", "/api/v1/sales/{id}/items", ent_api_list, PROD_READ, RF_API, &sale_item_entity},
    {"POST", "/api/v1/sales/{id}/items", ent_api_create, PROD_WRITE, RF_API, &sale_item_entity},
    {"GET", "/api/v1/sale-items/{id}", ent_api_get, PROD_READ, RF_API, &sale_item_entity},
    {"PATCH", "/api/v1/sale-items/{id}", ent_api_patch, PROD_WRITE, RF_API, &sale_item_entity},
    {"DELETE", "/api/v1/sale-items/{id}", ent_api_delete, PROD_WRITE, RF_API, &sale_item_entity},
    {"GET", "/pnbp-deposits", ent_page_list, PROD_READ, 0, &pnbp_deposit_entity},
    {"GET", "/pnbp-deposits.csv", ent_page_csv, PROD_READ, 0, &pnbp_deposit_entity},
    {"GET", "/pnbp-deposits/new", ent_page_new, PROD_WRITE, 0, &pnbp_deposit_entity},
    {"POST", "/pnbp-deposits", ent_page_create, PROD_WRITE, 0, &pnbp_deposit_entity},
    {"GET", "/pnbp-deposits/{id}", ent_page_show, PROD_READ, 0, &pnbp_deposit_entity},
    {"GET", "/pnbp-deposits/{id}/edit", ent_page_edit, PROD_WRITE, 0, &pnbp_deposit_entity},
    {"POST", "/pnbp-deposits/{id}", ent_page_update, PROD_WRITE, 0, &pnbp_deposit_entity},
    {"POST", "/pnbp-deposits/{id}/sales", page_deposit_sales, PROD_WRITE, 0},
    {"GET", "/api/v1/pnbp-deposits", ent_api_list, PROD_READ, RF_API, &pnbp_deposit_entity},
    {"POST", "/api/v1/pnbp-deposits", ent_api_create, PROD_WRITE, RF_API, &pnbp_deposit_entity},
    {"GET", "/api/v1/pnbp-deposits/{id}", ent_api_get, PROD_READ, RF_API, &pnbp_deposit_entity},
    {"PATCH", "/api/v1/pnbp-deposits/{id}", ent_api_patch, PROD_WRITE, RF_API, &pnbp_deposit_entity},
    {"POST", "/api/v1/pnbp-deposits/{id}/sales", api_deposit_sales, PROD_WRITE, RF_API},
    {"GET", "/api/v1/wbp/{id}/premi", api_wbp_premi, PREMI_READ, RF_API, NULL, "wbp"},
    {"POST", "/api/v1/wbp/{id}/premi/debits", api_premi_debit, PROD_WRITE, RF_API},
    {"POST", "/api/v1/wbp/{id}/premi/payout", api_premi_payout, PROD_WRITE, RF_API},
    {"POST", "/wbp/{id}/premi/debits", page_premi_debit, PROD_WRITE, 0},
    {"POST", "/wbp/{id}/premi/payout", page_premi_payout, PROD_WRITE, 0},
    {"GET", "/wbp/{id}/premi/statement", page_premi_statement, PREMI_READ, 0, NULL, "wbp"},
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
    {"GET", "/assessments", ent_page_list, AS_READ, 0, &assessment_entity, AL_LIST},
    {"GET", "/assessments.csv", ent_page_csv, AS_READ, 0, &assessment_entity, AL_LIST},
    {"GET", "/assessments/{id}", ent_page_show, AS_READ, 0, &assessment_entity, "assessment"},
    {"GET", "/enrolments", ent_page_list, EN_READ, 0, &enrolment_entity, AL_LIST},
    {"GET", "/enrolments.csv", ent_page_csv, EN_READ, 0, &enrolment_entity, AL_LIST},
    {"GET", "/enrolments/{id}", ent_page_show, EN_READ, 0, &enrolment_entity, "enrolment"},
    {"POST", "/enrolments/{id}/status", page_enrolment_status, PL_WRITE, 0},
    {"POST", "/enrolments/{id}/override", page_enrolment_override, PL_WRITE, 0},
    {"GET", "/usulan", ent_page_list, US_READ, 0, &usulan_entity, AL_LIST},
    {"GET", "/usulan.csv", ent_page_csv, US_READ, 0, &usulan_entity, AL_LIST},
    {"GET", "/usulan/{id}", ent_page_show, US_READ, 0, &usulan_entity, "usulan"},
    {"POST", "/wbp/{id}/usulan", page_usulan_create, AS_WRITE, 0},
    {"POST", "/usulan/{id}/step", page_usulan_step, US_STEP, 0},
    {"POST", "/usulan/{id}/documents", page_usulan_documents, AS_WRITE, RF_UPLOAD},
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
    {"GET", "/api/v1/assessments", ent_api_list, AS_READ, RF_API, &assessment_entity, AL_LIST},
    {"GET", "/api/v1/assessments/{id}", ent_api_get, AS_READ, RF_API, &assessment_entity, "assessment"},
    {"GET", "/api/v1/enrolments", ent_api_list, EN_READ, RF_API, &enrolment_entity, AL_LIST},
    {"GET", "/api/v1/enrolments/{id}", ent_api_get, EN_READ, RF_API, &enrolment_entity, "enrolment"},
    {"POST", "/api/v1/enrolments/{id}/status", api_enrolment_status, PL_WRITE, RF_API},
    {"POST", "/api/v1/enrolments/{id}/override", api_enrolment_override, PL_WRITE, RF_API},
    {"GET", "/api/v1/usulan", ent_api_list, US_READ, RF_API, &usulan_entity, AL_LIST},
    {"GET", "/api/v1/usulan/{id}", ent_api_get, US_READ, RF_API, &usulan_entity, "usulan"},
    {"POST", "/api/v1/wbp/{id}/usulan", api_usulan_create, AS_WRITE, RF_API},
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
    {"GET", "/sessions/{id}/edit", ent_page_edit, TRN_ENTRY, 0, &session_entity},
    {"POST", "/sessions/{id}", ent_page_update, TRN_ENTRY, 0, &session_entity},
    {"GET", "/enrolments/{id}/training", page_enrolment, PROG_READ, 0, NULL, "enrolment"},
    {"POST", "/enrolments/{id}/uji", page_uji_create, TRN_RUN, 0},
    {"POST", "/enrolments/{id}/certificate", page_certificate_issue, TRN_RUN, 0},
    {"GET", "/certificates", page_certificates, CERT_READ, 0, NULL, AL_LIST},
    {"GET", "/certificates/{id}", page_certificate, CERT_READ, 0, NULL, "certificate"},
    {"GET", "/certificates/{id}/pdf", page_certificate_pdf, CERT_READ, 0, NULL, "certificate"},
    {"POST", "/certificates/{id}/revoke", page_certificate_revoke, TRN_RUN, 0},
    {"POST", "/certificates/{id}/reprint", page_certificate_reprint, TRN_RUN, 0},
    {"GET", "/holidays", ent_page_list, PROG_READ, 0, &holiday_entity},
    {"GET", "/holidays/new", ent_page_new, TRN_RUN, 0, &holiday_entity},
    {"POST", "/holidays", ent_page_create, TRN_RUN, 0, &holiday_entity},
    {"GET", "/holidays/{id}", ent_page_show, PROG_READ, 0, &holiday_entity},
    {"GET", "/holidays/{id}/edit", ent_page_edit, TRN_RUN, 0, &holiday_entity},
    {"POST", "/holidays/{id}", ent_page_update, TRN_RUN, 0, &holiday_entity},
    {"POST", "/holidays/{id}/delete", page_holiday_delete, TRN_RUN, 0},
    {"GET", "/verify", page_verify_form, R_PUBLIC, 0},
    {"GET", "/verify/{*}", page_verify, R_PUBLIC, 0},
    {"GET", "/api/v1/programs/{id}/sessions", api_program_sessions, PROG_READ, RF_API},
    {"GET", "/api/v1/programs/{id}/participants", api_program_participants, PROG_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/sessions/{id}", ent_api_get, PROG_READ, RF_API, &session_entity},
    {"PATCH", "/api/v1/sessions/{id}", ent_api_patch, TRN_ENTRY, RF_API, &session_entity},
    {"GET", "/api/v1/sessions/{id}/attendance", api_session_attendance, PROG_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/movements", api_movements, MOVE_READ, RF_API, NULL, AL_LIST},
    {"POST", "/api/v1/sessions/{id}/depart", api_movement_depart, MOVE_WRITE, RF_API},
    {"POST", "/api/v1/sessions/{id}/return", api_movement_return, MOVE_WRITE, RF_API},
    {"POST", "/api/v1/sessions/{id}/attendance", api_attendance_save, TRN_ENTRY, RF_API},
    {"POST", "/api/v1/enrolments/{id}/results", api_result_create, TRN_ENTRY, RF_API},
    {"GET", "/api/v1/certificates", api_certificates, CERT_READ, RF_API, NULL, AL_LIST},
    {"GET", "/api/v1/certificates/{id}", api_certificate, CERT_READ, RF_API, NULL, "certificate"},
    {"POST", "/api/v1/certificates/{id}/revoke", api_certificate_revoke, TRN_RUN, RF_API},
    {"GET", "/api/v1/holidays", ent_api_list, PROG_READ, RF_API, &holiday_entity},
    {"POST", "/api/v1/holidays", ent_api_create, TRN_RUN, RF_API, &holiday_entity},
};
const int route_count = (int)ARRAY_LEN(route_table);

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
