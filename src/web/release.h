/* release.h — release, follow-up, dashboard and monthly report pages and API
 * (release.c). */
#ifndef BEKAL_WEB_RELEASE_H
#define BEKAL_WEB_RELEASE_H
#include "entity.h"

extern const entity_t release_entity, followup_entity;

/* GET /releases/due?months=1|2|3[&site=] and /api/v1/releases/due. */
int page_release_due(req_t *r, resp_t *w);
int api_release_due(req_t *r, resp_t *w);
/* GET /followups/overdue[?site=] and /api/v1/followups/overdue. */
int page_followups_overdue(req_t *r, resp_t *w);
int api_followups_overdue(req_t *r, resp_t *w);
/* GET /dashboard[?site=|region=1][&month=YYYY-MM]. */
int page_dashboard(req_t *r, resp_t *w);
/* GET /reports/monthly: the form; with ?format=pdf|xlsx|csv&month=YYYY-MM the file. */
int page_report_monthly(req_t *r, resp_t *w);

#endif
