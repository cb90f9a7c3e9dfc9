/* elig_store.h — reads what the eligibility rules need from the database and
 * streams one evaluated inmate at a time (core/eligibility.h does the judging).
 *
 * The child records (remisi, discipline, SPPN) of every inmate in scope are loaded
 * first into compact arrays ordered by WBP id; the inmates are then read with one
 * streaming query. So at most one statement is open at a time on either driver,
 * and memory is proportional to the child records, not to the output. */
#ifndef BEKAL_ELIG_STORE_H
#define BEKAL_ELIG_STORE_H
#include "db.h"
#include "../core/eligibility.h"

typedef struct {
    int64_t id, site_id;
    const char *site_code, *regno, *name, *crime; /* valid during the callback */
    const elig_input_t *in;
    const elig_result_t *res; /* NULL in baseline mode */
} elig_row_t;

typedef int (*elig_row_fn)(void *ctx, const elig_row_t *row, err_t *e);

typedef struct {
    int64_t uid;     /* 0 = every site */
    int64_t site_id; /* 0 = every visible site */
    int64_t wbp_id;  /* 0 = every inmate in custody; else just this one (any status) */
    date_t at;
    bool baseline;   /* read the same rows and columns, but do not evaluate (benchmark ceiling) */
} elig_query_t;

/* The built-in rule sets, parsed once per process. NULL with e set on failure. */
const ruleset_t *elig_rulesets(size_t *n, err_t *e);

/* Calls fn for every inmate matching q, in id order. Returns 0, or -1 with e set
 * (fn returning -1 stops the scan). */
int elig_scan(db_t *db, err_t *e, const elig_query_t *q, elig_row_fn fn, void *ctx);

/* One inmate's detention start and sentence dates at a date, as elig_scan reads them:
 * found false when the scan has no row for him, has_dates false (d unset) when his
 * sentence gives no dates. */
typedef struct {
    bool found;
    date_t detention;
    bool has_dates;
    sentence_dates_t d;
} elig_dates_t;
/* 0, or -1 with e set. */
int elig_dates_at(db_t *db, err_t *e, int64_t wbp_id, date_t at, elig_dates_t *out);

#endif
