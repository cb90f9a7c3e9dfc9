/* release.h — release, follow-up, dashboard and monthly report pages and API
 * (release.c). */
#ifndef BEKAL_WEB_RELEASE_H
#define BEKAL_WEB_RELEASE_H
#include "entity.h"
#include "../store/wbp_store.h"

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
 * JSON (api_dashboard.c). */
int api_dashboard(req_t *r, resp_t *w);
/* The dashboard's scope from ?site=CODE or ?region=1 (Kanwil: every site given, the
 * default for a Kanwil user; others default to their first site). *code gets the
 * site code (NULL for the region). 0, or -1 with r->err. */
int dash_scope(req_t *r, const char **code);
/* The dashboard's sections from the memo (memo.h) for this request: view ("page",
 * "api"), scope (code, or for the region every site the user sees: sites, or read
 * here when NULL), month; the language and today's date are added. 1: found and
 * appended to out; 0: not kept, m says where to memo_put() it once computed; -1
 * with r->err on a database error. */
typedef struct {
    const char *key;
    int64_t version;
} dash_memo_t;
int dash_memo_get(req_t *r, const char *view, const char *code, const char *month, const site_list_t *sites,
                  dash_memo_t *m, buf_t *out);
/* The dashboard's style rules (appended to /static/app.css). */
extern const char dash_css[];
/* "YYYY-MM" of today (r's arena). */
const char *dash_this_month(req_t *r);
/* GET /reports/monthly: the form; with ?format=pdf|xlsx|csv&month=YYYY-MM the file. */
int page_report_monthly(req_t *r, resp_t *w);

#endif
