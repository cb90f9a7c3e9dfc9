/* placement.h — the initial assessment, placement and asimilasi proposal area
 * (issue 5): the entities read through the generic pages and API (assessment with
 * its trades, enrolment, usulan), and the handlers of placement.c (phases,
 * candidates, the fast assessment page, CSV import, the placement proposal and
 * its confirmation, enrolment status changes and overrides) and usulan.c
 * (proposal workflow, dossier and scans, TPP session list as PDF and XLSX). */
#ifndef BEKAL_WEB_PLACEMENT_H
#define BEKAL_WEB_PLACEMENT_H
#include "entity.h"

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
const char *wbp_ref_label(req_t *r, int64_t id);
/* The list_filter hook shared by the entities that belong to a WBP: ?q= searches
 * the WBP's name and registration number, ?wbp_id= narrows to one WBP. */
int wbp_owned_filter(req_t *r, rec_query_t *q);
/* Assessments, placements and proposals of a WBP, on the WBP's page. */
void placement_wbp_section(req_t *r, resp_t *w, const rec_t *wbp);
/* Counts by trade interest (first choice and any choice) of the inmates with
 * ids[0..n) (ascending; their latest assessment), for the screening page. */
void interest_counts_section(req_t *r, resp_t *w, const int64_t *ids, int n);

/* usulan.c */
int page_usulan_create(req_t *r, resp_t *w);
int page_usulan_step(req_t *r, resp_t *w);
int page_usulan_documents(req_t *r, resp_t *w);
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

#endif
