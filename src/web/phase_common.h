/* phase_common.h — what the pages of a placement phase share (phase_common.c):
 * pages/placement.c (phases, candidates, placement proposal) and
 * pages/assessment.c (fast assessment page, CSV import, assessment API). */
#ifndef BEKAL_WEB_PHASE_COMMON_H
#define BEKAL_WEB_PHASE_COMMON_H
#include "web.h"
#include "../store/placement_store.h"

/* The phase key of an agreement and phase number (0 when none). */
int64_t phase_web_key(req_t *r, const char *agreement_id, const char *phase);
/* Loads phase r->id (404 when the user may not see it). 0, or -1 with r->err. */
int phase_web_load_phase(req_t *r, phase_t *ph);
/* A date as the pages write it ("-" when none). */
const char *phase_web_date(req_t *r, date_t d);
/* The phase's programmes (name, trade, dates, capacity) as a table. */
void phase_web_programs(req_t *r, buf_t *b, const phase_data_t *d);
/* Loads phase r->id (404 when the user may not see it) and its data as of today.
 * 0, or -1 with r->err. */
int phase_web_load(req_t *r, phase_data_t *d);
/* The data of phase ph the user may see, as of today: all of it (wbp_id < 0, as
 * phase_web_load), or what checking and saving inmate wbp_id's assessment needs
 * (phase_data_load_for; 0: no inmate of the pool). 0, or -1 with r->err. */
int phase_web_data(req_t *r, const phase_t *ph, int64_t wbp_id, phase_data_t *d);
/* "Tahap N — agreement title". */
const char *phase_web_title(req_t *r, const phase_t *ph);
/* The phase's facts and the links between its pages (here: the current page's
 * suffix: "", "/assess", "/assessments/import", "/placement"). */
void phase_web_header(req_t *r, buf_t *b, const phase_data_t *d, const char *here);
/* Interests of a candidate as trade codes in rank order: "LAS > KOMP". */
const char *phase_web_interests(req_t *r, const phase_data_t *d, const ph_cand_t *c);

#endif
