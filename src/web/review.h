/* review.h — the review step before an act that is hard to undo (issue 22;
 * DESIGN.md: "acts that cannot be undone are reviewed"). One description of what an
 * act will change (labelled lines and a table of the people or records it touches,
 * with their amounts), rendered either as the review page, whose form posts the same
 * values back to the same address with confirm=1 (works without JavaScript), or as
 * the API's preview {"applied": false, "confirm_required": true, "preview": {...}}.
 * Handlers compute it without changing anything, usually by running the act itself
 * inside db_dry_run() (store/db.h), which always rolls back. */
#ifndef BEKAL_REVIEW_H
#define BEKAL_REVIEW_H
#include "web.h"

enum { RV_TEXT, RV_INT, RV_MONEY };
#define REVIEW_ITEMS 24
#define REVIEW_COLS 7

typedef struct {
    const char *key, *label, *text;
    int64_t num;
    int kind;
} review_item_t;

typedef struct {
    const char *title, *lead;
    /* the refusal the act would meet (a 4xx): shown on the page instead of the
     * confirmation, returned by the API as the act's own error */
    err_t refusal;
    int nitem;
    review_item_t item[REVIEW_ITEMS];
    const char *table_key, *table_caption;
    int ncol, nrow, caprow;
    const char *col_key[REVIEW_COLS], *col_label[REVIEW_COLS];
    int col_kind[REVIEW_COLS];
    const char **cell; /* nrow * ncol, arena-owned texts (RV_INT/RV_MONEY: decimal digits) */
} web_review_t;

void review_init(web_review_t *rv, const char *title, const char *lead);
/* A line of the review: label and value; key names it in the API preview. */
void review_text(req_t *r, web_review_t *rv, const char *key, const char *label, const char *text);
void review_int(web_review_t *rv, const char *key, const char *label, int64_t v);
void review_money(web_review_t *rv, const char *key, const char *label, int64_t v);
/* The table of what the act touches: ncol columns (API member names, headings, kinds). */
void review_table(web_review_t *rv, const char *key, const char *caption, int ncol, const char *const *keys,
                  const char *const *labels, const int *kinds);
/* One row: ncol texts (RV_INT/RV_MONEY columns as decimal digits). */
void review_row(req_t *r, web_review_t *rv, ...);
/* Keeps e as the refusal the act would meet (a 4xx); returns 0. A 5xx is the
 * caller's to fail with. */
void review_refuse(web_review_t *rv, const err_t *e);
/* Runs the act fn(db, ctx) in db_dry_run (nothing is kept): 1 when it went through;
 * 0 when it was refused (a 4xx, kept in rv as the refusal); -1 with r->err on a
 * server fault (5xx). */
int review_dry_run(req_t *r, web_review_t *rv, db_tx_fn fn, void *ctx);

/* Page: true when the form carries the review's confirmation (confirm=1). */
bool web_review_confirmed(req_t *r);
/* The review page: rv, then (unless refused) a form posting every submitted field
 * back to r->path as hidden fields with confirm=1 and the CSRF token, its button
 * labelled button; cancel links back. 200 (the refusal's status when refused). */
int web_review_page(req_t *r, resp_t *w, const web_review_t *rv, const char *button, const char *cancel);
/* base?k=v&... with the submitted form fields (not the token or the confirmation):
 * a form page that prefills from its query string shows them again. */
const char *web_review_edit_url(req_t *r, const char *base);
/* API: takes the "confirm" member out of body (a boolean; anything else is a 400)
 * into *confirm. 0, or -1 with r->err. */
int web_api_confirm(req_t *r, json_t *body, bool *confirm);
/* API: the request's JSON body with its "confirm" taken out by web_api_confirm; NULL
 * with r->err when there is no body or confirm is not a boolean. The caller frees it. */
json_t *web_api_confirm_body(req_t *r, bool *confirm);
/* API: 200 {"applied": false, "confirm_required": true, "preview": {lines..., table}}
 * with extra's members (stolen, may be NULL) added to the preview; a refused review
 * answers the refusal as the act would. */
int web_review_json(req_t *r, resp_t *w, const web_review_t *rv, json_t *extra);

#endif
