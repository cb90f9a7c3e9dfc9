/* handlers.h — every route handler, one group per area file, and the helpers
 * the areas share. */
#ifndef BEKAL_HANDLERS_H
#define BEKAL_HANDLERS_H
#include "web.h"
#include "../store/wbp_store.h"

int page_healthz(req_t *r, resp_t *w);
int page_static_css(req_t *r, resp_t *w);
int page_login_form(req_t *r, resp_t *w);
int page_login(req_t *r, resp_t *w);
int page_logout(req_t *r, resp_t *w);
int page_home(req_t *r, resp_t *w);
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

/* JSON body -> field values through a field table (api_wbp.c), and the 422 reply. */
void web_json_to_values(req_t *r, const record_def_t *d, json_t *body, const char **v, field_errs_t *fe);
int web_validation_reply(req_t *r, resp_t *w, const field_errs_t *fe);
/* Remisi, discipline and SPPN sections of the WBP page (pages_pembinaan.c). */
void pembinaan_sections(req_t *r, resp_t *w, const rec_t *wbp);

int page_eligibility(req_t *r, resp_t *w);
int page_eligibility_csv(req_t *r, resp_t *w);
int api_eligibility(req_t *r, resp_t *w);
int api_wbp_eligibility(req_t *r, resp_t *w);
/* Eligibility explanation and timeline on the WBP page (pages_eligibility.c). */
void eligibility_section(req_t *r, resp_t *w, const rec_t *wbp);

/* Shared by the WBP pages and API (pages_wbp.c). */
int wbp_filter_from_query(req_t *r, wbp_filter_t *f);
/* The site for a new record: the given code if the user may use it, or the user's
 * only site. Returns the id, or -1 with r->err set. */
int64_t web_pick_site(req_t *r, const char *code);
/* The acting user as an audit actor (arena-owned). */
const actor_t *web_actor(req_t *r);

#endif
