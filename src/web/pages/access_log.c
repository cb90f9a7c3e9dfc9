/* access_log.c — /access-log (issue 21): who read which inmate's record, and which
 * list or report with what filter, for admin and kalapas of their sites. The
 * generic list (search, sort, pages, CSV) and API over the access_log field table
 * (core/accesslog.h); the entries are written by the framework (web/access_log.c),
 * never by a page. The search box finds the user, the filter, or the inmate's name
 * or number; ?wbp_id= one inmate, ?from= / ?to= a period (dates of `at`). */
#include "../pages.h"
#include "../../core/accesslog.h"
#include "../../store/access_log_store.h"

#define L(...) ((const int[]){__VA_ARGS__, -1})


static int al_filter(req_t *r, rec_query_t *q)
{
    err_t e;
    err_clear(&e);
    if (web_access_log_flush(r->db, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg); /* the newest too */
    if (q->q && *q->q) {
        const char *like = db_like_contains(&r->a, q->q);
        rec_cond_t *c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, access_log_search_sql());
        for (int i = 0; i < 4; i++) rec_cond_text(c, like);
    }
    q->q = NULL;
    if (web_query_wbp_id(r, q) < 0) return -1;
    static const struct {
        const char *param, *cond;
    } range[] = {{"from", "r.at >= ?"}, {"to", "r.at < ?"}};
    for (size_t i = 0; i < ARRAY_LEN(range); i++) {
        const char *d = req_query(r, range[i].param);
        if (!d || !*d) continue;
        char iso[11];
        if (!date_normalise(d, iso))
            return web_fail(r, 400, "bad_query", _("%s harus tanggal (YYYY-MM-DD)"), range[i].param);
        if (i == 1) { /* "to" includes its day */
            date_t t;
            date_parse(iso, &t);
            date_format(date_add_days(t, 1), iso);
        }
        rec_cond_text(rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, range[i].cond), arena_strdup(&r->a, iso));
    }
    return 0;
}

const entity_t access_log_entity = {
    .def = &access_log_def,
    .slug = "access-log",
    .title = N_("Log akses data pribadi"),
    .one = N_("Entri log akses"),
    .label_field = ALF_AT,
    .list_cols = L(ALF_AT, ALF_USER_NAME, ALF_ROLE, ALF_ACTION, ALF_WBP_ID, ALF_PATH, ALF_FILTER, ALF_FORMAT),
    .search = L(ALF_USER_NAME),
    .sort = L(ALF_AT, ALF_USER_NAME, ALF_ROLE, ALF_ACTION, ALF_WBP_ID, ALF_FORMAT),
    .filters = L(ALF_USER_NAME, ALF_ROLE, ALF_ACTION, ALF_SUBJECT, ALF_FORMAT),
    .default_sort = ALF_AT,
    .default_desc = true,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{ALF_WBP_ID, NULL, "wbp_label", NULL, wbp_ref_text, NULL}, {-1}},
    .readonly = L(ALF_AT, ALF_USER_NAME, ALF_ROLE, ALF_ACTION, ALF_ROUTE, ALF_PATH, ALF_SUBJECT, ALF_SUBJECT_ID,
                  ALF_WBP_ID, ALF_FILTER, ALF_FORMAT, ALF_STATUS, ALF_CLIENT),
    .list_filter = al_filter,
};
