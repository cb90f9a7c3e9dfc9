/* check_store.h — `bekal check`'s second look (issue 23): every row of the tables
 * described by field tables (core/record.h) against the after-images of its audit
 * entries, so a change typed straight into a data table (an UPDATE of a sentence,
 * an inserted remisi, a deleted row) is named. Reads only. */
#ifndef BEKAL_CHECK_STORE_H
#define BEKAL_CHECK_STORE_H
#include "db.h"

typedef struct {
    /* a row that differs from its audit trail: table, id, and what (fields with the
     * audited and the stored value, "no audit entry", "deleted in the audit log"...) */
    void (*bad)(void *ctx, const char *table, int64_t id, const char *what);
    /* a table whose rows without any audit entry are not a fault (made by a write path
     * that writes no entry for them; named with their number), called once per table */
    void (*uncovered)(void *ctx, const char *table, int64_t rows);
    void *ctx;
    int64_t rows, fields; /* rows read, fields compared */
    int faults;
} check_rows_t;

/* Folds the audit log and compares every row of every described table. 0 (faults
 * counted in out->faults), or -1 with e set when it could not run. */
int check_rows_against_audit(db_t *db, err_t *e, check_rows_t *out);

#endif
