/* migrate_store.h — the engine of `bekal migrate` (cli/migrate.c): copies one
 * prison's sites from a source database into a target (regional) database, each
 * site in one target transaction, and verifies row counts and checksums. */
#ifndef BEKAL_MIGRATE_STORE_H
#define BEKAL_MIGRATE_STORE_H
#include "db.h"
#include <stdio.h>

/* Called every 200 rows and at the end of a site: label (the site's code), rows done, rows in all. */
typedef void (*migrate_progress_fn)(const char *label, long done, long total);

/* Prints the table list, one table a line: "name<TAB>how<TAB>references (or why
 * not copied)<TAB>entity name in the audit log". */
void migrate_print_tables(FILE *out);
/* Copies every site of src (only the one with code `only` when not NULL) into dst.
 * The per-table report goes to out, failures to err. Returns 0 when every site
 * was copied and verified, 1 otherwise (a broken source audit log copies nothing). */
int migrate_run(db_t *src, db_t *dst, const char *only, migrate_progress_fn progress, FILE *out, FILE *err);

/* Sync (store/sync_store.c) reuses the engine. The tables a site's changes are
 * tracked in: fn(table, key column, scope condition with one ? = the site id). */
void migrate_sync_tables(void (*fn)(void *ctx, const char *table, const char *key, const char *scope), void *ctx);
/* Whether table is one a sync batch may carry rows of. */
bool migrate_sync_table_known(const char *table);
/* A row deleted at the site: its table and source key. */
typedef struct {
    const char *table;
    int64_t id;
} migrate_sync_del_t;
/* Applies one sync batch, inside the caller's transaction on dst: src is a scratch
 * database holding the site's changed rows (and audit entries) under the site's
 * own ids, src_site the site's id there. New rows are copied as migrate copies
 * them, rows already mapped are updated, dels deleted; the hub writes its own
 * audit entry. *applied gets the rows written, *dst_site the site's id on dst.
 * carried (NULL: every table) names the row tables the batch carries, n_carried
 * of them: the others are not read (a small batch carries a few of ~40 tables).
 * Returns 0 or -1. */
int migrate_sync_apply(db_t *src, db_t *dst, const char *code, int64_t src_site, const char *const *carried,
                       int n_carried, const migrate_sync_del_t *dels,
                       int ndel, long *applied, int64_t *dst_site, err_t *e);

#endif
