/* funnel_store.h — the asimilasi funnel per site (core/funnel.h): every inmate in
 * custody on a date who is eligible or has a proposal holding a stage counted once,
 * the not proposed by reason, and the days between stages of the transitions made
 * in a period. The eligibility scan decides who is eligible (corrections included). */
#ifndef BEKAL_FUNNEL_STORE_H
#define BEKAL_FUNNEL_STORE_H
#include "db.h"
#include "../core/funnel.h"
#include "../core/notprop.h"

#define FUNNEL_MAX_SITES 64

typedef struct {
    int64_t site_id;
    const char *site_code;
    int64_t eligible;                       /* eligible on the date (whatever their stage) */
    int64_t stage[FN__COUNT];               /* each inmate in exactly one */
    int64_t reason[NOTPROP_MAX_REASONS + 1]; /* FN_NOT_PROPOSED by reason (rules order; last: a code not in the rules) */
    int32_t *gaps[FT__COUNT];               /* days of the transitions in the period (arena) */
    size_t ngaps[FT__COUNT], capgaps[FT__COUNT];
} funnel_site_t;

typedef struct {
    date_t from, to, at;
    notprop_rules_t rules; /* the reasons in force on `at` */
    int nsites;
    funnel_site_t site[FUNNEL_MAX_SITES]; /* by site code */
} funnel_t;

/* The funnel of the sites uid may see (site_id: only that one; 0 all) on `at`, with
 * the transitions made within [from, to]. Lives in a. 0, or -1 with e set. */
int funnel_collect(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, date_t from, date_t to, date_t at,
                   funnel_t *out);

#endif
