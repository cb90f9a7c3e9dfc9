/* wbp_store.h — queries on the WBP register beyond the generic record functions. */
#ifndef BEKAL_WBP_STORE_H
#define BEKAL_WBP_STORE_H
#include "records.h"
#include "../core/wbp.h"

typedef struct {
    const char *q;      /* name or registration number contains (case-insensitive) */
    const char *status; /* exact, or NULL */
    const char *crime;  /* crime_category, or NULL */
    int64_t site_id;    /* 0 = every visible site */
    const char *sort;   /* regno|name|detention_start|crime_category|status|site; default name */
    bool desc;
    int page, per_page; /* page from 1; per_page 1..200 */
    bool brief;         /* only the fields the list page shows; the others and the times NULL */
    const char *role;   /* the user's role as the request's session read it; NULL: looked up */
} wbp_filter_t;

/* Sites the user may see (uid 0: all), as parallel arrays in the arena. */
typedef struct {
    int n;
    int64_t *id;
    const char **code, **name;
} site_list_t;

typedef struct {
    int64_t total;
    int n;
    rec_t *rows;
    /* set when the list read the user's whole site list on its way (a search of
     * every site of a user): as site_list_for() gives it; else NULL */
    const site_list_t *sites;
} wbp_page_t;

/* Lists the visible WBP matching f. Rows are arena-owned. */
int wbp_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const wbp_filter_t *f, wbp_page_t *out);


/* Inserts or updates the WBP with v[WF_REGNO] at site_id (import key).
 * Returns 0 unchanged, 1 created, 2 updated, -1 error. *id gets the row id. */
int wbp_upsert(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, const char **v, int64_t *id);

int site_list_for(db_t *db, err_t *e, arena_t *a, int64_t uid, site_list_t *out);

/* The inmate with registration number regno (on site_id when not 0; the lowest id
 * when several sites use it): its id, 0 when none, -1 on error. */
int64_t wbp_id_by_regno(db_t *db, err_t *e, const char *regno, int64_t site_id);
/* The inmate named by arg: a numeric id, or a registration number (on site_id when
 * not 0). 0 when none, -1 on error (400 "ambiguous" when the number is used on
 * several sites). */
int64_t wbp_find_by_id_or_regno(db_t *db, err_t *e, const char *arg, int64_t site_id);

/* "regno — name" of inmate id (a record's owner), or NULL when there is none. */
const char *wbp_ref_text(db_t *db, err_t *e, arena_t *a, int64_t id);
/* The same for n inmates in one query: out[i] is ids[i]'s "regno — name", NULL when
 * there is none. 0, or -1 with e set. */
int wbp_ref_texts(db_t *db, err_t *e, arena_t *a, const int64_t *ids, int n, const char **out);
/* Adds to conds the condition "the record's owner (r.wbp_id) has a name or
 * registration number matching like" (a LIKE pattern from db_like_contains()). */
void wbp_cond_owner_matches(rec_cond_t *conds, int *n, int cap, const char *like);

#endif
