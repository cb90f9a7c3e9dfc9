/* notprop_store.h — eligible inmates marked "tidak diusulkan" (core/notprop.h):
 * whether an inmate may be marked, the mark that holds on a date, creating and
 * withdrawing marks (audited), and the list of marks. */
#ifndef BEKAL_NOTPROP_STORE_H
#define BEKAL_NOTPROP_STORE_H
#include "records.h"
#include "../core/notprop.h"

typedef struct {
    int64_t id, site_id, wbp_id;
    const char *site_code, *regno, *name;
    const char *reason, *note, *decided_on, *review_on, *ended_on, *end_reason;
} np_row_t;

/* The rule file in force on `on`. 0, or -1 with e set. */
int np_rules(date_t on, notprop_rules_t *r, err_t *e);

/* The mark of WBP wbp_id that holds on `today` (not withdrawn, review date after
 * today): 1 and *out, 0 none, -1 error. */
int np_active(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t today, np_row_t *out);

/* Whether WBP wbp_id may be marked on `today`: eligible then or within the rule's
 * window, no open proposal, no mark in force. 1 may; 0 may not, with *why (a
 * sentence in the reader's language); -1 error. *eligible_from gets the date all
 * requirements are met (DATE_NONE when none can be foreseen). */
int np_may_mark(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t today, const notprop_rules_t *r,
                const char **why, date_t *eligible_from);

/* Marks WBP wbp_id (visible to uid) not proposed. The decision's fields are checked
 * into fe (then 0, nothing written); np_may_mark's refusal is a 409 with its
 * sentence. 0 with *id, or -1 with e set (404 not visible). */
int np_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *reason,
              const char *note, const char *decided_on, date_t today, field_errs_t *fe, int64_t *id);

/* Withdraws mark id (visible to uid) on `today` with a reason: the row stays,
 * ended_on and end_reason are set (audited). 0, or -1 (404 not visible, 409 no
 * longer in force, 422 empty reason). *wbp_id gets its inmate. */
int np_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *reason, date_t today,
           int64_t *wbp_id);

/* The inmates with a mark that holds on `on` (decided by then, not withdrawn by then,
 * review date after it), in id order, at site_id (0: every site): *ids is malloc'd
 * (free it). 0 or -1. */
int np_marked_ids(db_t *db, err_t *e, int64_t site_id, date_t on, int64_t **ids, int *n);

typedef enum { NP_IN_FORCE, NP_ALL, NP_LAPSED } np_state_t;
typedef struct {
    const char *q;      /* regno or name contains */
    int64_t site_id;    /* 0: every visible site */
    const char *reason; /* NULL: any */
    np_state_t state;
    int sort;           /* 0 review date, 1 decided, 2 name, 3 regno, 4 reason */
    bool desc;
    int page, per_page;
} np_filter_t;
#define NP_SORTS 5
/* The marks uid may see matching f on `today`: one page and the total. 0 or -1. */
int np_list(db_t *db, err_t *e, arena_t *a, int64_t uid, date_t today, const np_filter_t *f, np_row_t **rows, int *n,
            int64_t *total);

#endif
