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

#endif
