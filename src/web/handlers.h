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
int page_lang(req_t *r, resp_t *w);
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
/* pages_users.c: accounts and API tokens (admin) */
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
/* Loads the WBP with id r->id if the user may see it; another site's record is
 * reported exactly like a missing one (404). 0, or -1 with r->err set. */
int web_load_wbp(req_t *r, rec_t *rec);
/* Inserts a validated WBP at site_id in its own transaction, audited as the
 * acting user. Returns the new id, or -1 with e set (409 on a duplicate regno). */
int64_t web_wbp_insert(req_t *r, int64_t site_id, const char **v, err_t *e);
/* The acting user as an audit actor (arena-owned). */
const actor_t *web_actor(req_t *r);

/* The premi section of the WBP page (pages_premi.c). */
void premi_section(req_t *r, resp_t *w, const rec_t *wbp);

/* Active agreements ending within the configured days, for the home page (programs.c). */
void agreements_expiring_section(req_t *r, resp_t *w);

#endif
