/* wbp_import.h — the WBP register's CSV importer and exporter, shared by
 * `bekal import wbp`, `bekal export wbp` and the web upload.
 *
 * Columns are the WBP field names (core/wbp.c: regno, name, birth_date, sex, ...),
 * in any order, header names case-insensitive, plus two optional columns:
 *   site    the site code of the row (else the site_code argument; else the only
 *           site the user may see);
 *   pidana  the sentence written "2 tahun 6 bulan", "2y6m15d", "seumur hidup" or
 *           "mati"; it fills sentence_kind and term_years/months/days.
 * Unknown or repeated columns are errors. Delimiter ',' or ';', UTF-8 with or
 * without BOM, dates YYYY-MM-DD or DD-MM-YYYY. Cells that an export guarded against
 * formula injection ('=..., '-...) are unguarded.
 *
 * Every row is validated (field rules, cross-field rules, site access, duplicate
 * regno in the file) and the rows are written in one transaction, in one pass over
 * the file: while no row has failed, rows are written a batch at a time; after
 * the first error the rest is only checked, every error is listed, and the
 * transaction is rolled back, so nothing of an invalid file is kept. Rows are
 * keyed by regno within the site:
 * existing rows are looked up per batch; new rows go in with rec_insert_many()
 * (multi-row INSERTs), changed rows with rec_update_many(), each created or
 * changed row with its own audit entry (chained, appended per batch); unchanged
 * rows are not written at all, so a second import of the same file changes
 * nothing, not even the audit log. A large first load from the command line
 * (uid 0) into an empty register on SQLite runs its transaction with the rollback
 * journal when no other connection is open (db_journal_bulk in db.h). */
#ifndef BEKAL_WBP_IMPORT_H
#define BEKAL_WBP_IMPORT_H
#include "wbp_store.h"

/* At most this many errors are listed; nerrors counts them all. */
#define WBP_IMPORT_MAX_ERRORS 1000

typedef struct {
    long line;           /* physical line in the file (1 = header); 0 = the file as a whole */
    const char *column;  /* column (field) name, or NULL */
    const char *message; /* whole Indonesian sentence: "baris 12, kolom birth_date: ..." */
} wbp_import_error_t;

typedef struct {
    long rows;                  /* data rows read (blank rows are skipped) */
    long created, updated, unchanged;
    long nerrors;               /* every error found */
    int nlisted;                /* errors kept in errors[], at most WBP_IMPORT_MAX_ERRORS */
    wbp_import_error_t *errors; /* in the caller's arena */
} wbp_import_result_t;

/* Imports data[0..len) as WBP rows for user uid (0 = command line, every site) acting
 * as who. site_code may be NULL. With dry_run everything is checked and counted the
 * same way (the writes run in a savepoint that is rolled back) and nothing is kept.
 * progress, when not NULL, is called now and then with rows written so far and the
 * total. Strings in res live in arena a.
 * Returns 0 when every row was valid (and written unless dry_run); -1 otherwise:
 * with res->nerrors > 0 and e = 422 "import_invalid" when rows were invalid (nothing
 * written), or with e set by the database on a system failure. */
int wbp_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, const char *site_code,
                   const char *data, size_t len, bool dry_run, void (*progress)(long done, long total),
                   wbp_import_result_t *res);

/* Counts an error in res and lists it while fewer than WBP_IMPORT_MAX_ERRORS are:
 * "baris N, kolom C: msg" (in the reader's language; "baris N: msg" without a column,
 * msg alone for line 0). The imports of assessments and coaching records share it. */
void wbp_import_error(arena_t *a, wbp_import_result_t *res, long line, const char *col, const char *msg);

/* Export, the importer's mirror image: CSV with a header of site + field names
 * (re-imports unchanged; cells guarded against formula injection) or a JSON array of
 * objects {id, site, fields...}. Rows are streamed to sink in chunks, ordered by site
 * and id; never the whole register in memory. */
typedef enum { WBP_EXPORT_CSV, WBP_EXPORT_JSON } wbp_export_fmt_t;
/* Receives the output; returns 0, or -1 to stop (then wbp_export returns -1 and e
 * should be set by the sink or gets "write_failed"). */
typedef int (*wbp_sink_fn)(void *ctx, const char *data, size_t n, err_t *e);
/* Exports the WBP of the sites uid may see (0: all), only site_code when not NULL
 * (404 "unknown_site" when it is unknown or not visible). Returns the number of rows
 * written, or -1 with e set. */
long wbp_export(db_t *db, err_t *e, int64_t uid, const char *site_code, wbp_export_fmt_t fmt, wbp_sink_fn sink,
                void *ctx);

#endif
