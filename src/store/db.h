/* db.h — the one SQL wrapper. Every query in Bekal goes through here with bound
 * parameters; nothing outside src/store/ calls sqlite3_* or PQ*.
 *
 * SQL is written once, with `?` placeholders, in the subset both SQLite and
 * PostgreSQL accept. The postgres driver rewrites `?` to `$n`. Values cross the
 * boundary as text or 64-bit integers; dates are 'YYYY-MM-DD' text, booleans 0/1.
 *
 * A db_t is one connection, used by one thread at a time; db_pool_t hands them
 * out. */
#ifndef BEKAL_DB_H
#define BEKAL_DB_H
#include "../util/util.h"

typedef enum { DB_SQLITE, DB_POSTGRES } db_kind_t;
typedef struct db db_t;
typedef struct db_stmt db_stmt_t;

/* Driver vtable; each driver fills one (sqlite.c, pg.c). */
typedef struct db_driver {
    db_kind_t kind;
    int (*open)(const char *target, db_t **out, err_t *e);
    int (*open_ro)(const char *target, db_t **out, err_t *e); /* read-only; NULL: open, then read-only transactions */
    void (*close)(db_t *db);
    int (*exec)(db_t *db, const char *sql, err_t *e); /* no parameters, may hold several statements */
    db_stmt_t *(*prepare)(db_t *db, const char *sql, err_t *e);
    void (*bind_text)(db_stmt_t *st, int idx, const char *v); /* idx from 1; NULL binds NULL */
    void (*bind_int)(db_stmt_t *st, int idx, int64_t v);
    void (*bind_null)(db_stmt_t *st, int idx);
    int (*step)(db_stmt_t *st, err_t *e);                  /* 1 row, 0 done, -1 error */
    int (*ncols)(db_stmt_t *st);
    const char *(*col_text)(db_stmt_t *st, int col);       /* NULL for SQL NULL; valid until next step */
    int64_t (*col_int)(db_stmt_t *st, int col);
    bool (*col_null)(db_stmt_t *st, int col);
    const char *(*col_name)(db_stmt_t *st, int col);
    int64_t (*changes)(db_stmt_t *st);                     /* rows changed by the last step */
    void (*finalize)(db_stmt_t *st);
    bool (*is_retryable)(const err_t *e);                  /* busy / serialisation failure */
    /* whole-database copy to (to_file) or from the SQLite file at path; NULL: unsupported */
    int (*copy)(db_t *db, const char *path, bool to_file, err_t *e);
    void (*bind_text_nocopy)(db_stmt_t *st, int idx, const char *v); /* optional; else bind_text */
    /* optional (SQLite); else bytea's hex text form ("\\x..."), bound and read as text */
    void (*bind_blob)(db_stmt_t *st, int idx, const void *v, size_t n);
    const void *(*col_blob)(db_stmt_t *st, int col, size_t *n);
    int64_t (*scan_steps)(db_t *db); /* optional (SQLite): see db_scan_steps() */
    void (*read_begin)(db_t *db);    /* optional (SQLite): see db_read_begin() */
    void (*read_end)(db_t *db);
} db_driver_t;

struct db {
    const db_driver_t *drv;
    int tx_depth;
    /* PostgreSQL: 1 when the database's collation and character type are C, so
     * texts sort as bytes and lower() folds ASCII only (as on SQLite), -1 when not,
     * 0 not yet asked (wbp_store.c) */
    signed char texts_as_bytes;
};
struct db_stmt {
    db_t *db;
};

extern const db_driver_t db_sqlite_driver;
extern const db_driver_t db_postgres_driver;

/* Opens "postgres://..." / "postgresql://..." with the postgres driver, anything
 * else (optionally "sqlite:PATH") as an SQLite file. */
int db_open(const char *url, db_t **out, err_t *e);
/* Opens url for reading only, changing nothing in it: SQLite read-only (no journal
 * mode switch; works on read-only media), PostgreSQL with read-only transactions.
 * No migrations are applied. */
int db_open_readonly(const char *url, db_t **out, err_t *e);
void db_close(db_t *db);
db_kind_t db_kind(const db_t *db);

int db_exec(db_t *db, const char *sql, err_t *e);
db_stmt_t *db_prepare(db_t *db, const char *sql, err_t *e);
void db_bind_text(db_stmt_t *st, int idx, const char *v);
void db_bind_int(db_stmt_t *st, int idx, int64_t v);
void db_bind_null(db_stmt_t *st, int idx);
/* Appends v (NULL: SQL NULL) to a PostgreSQL array literal being built in arr,
 * which starts with "{"; the caller closes it with "}". Bound as text and cast
 * ("CAST(? AS bigint[])"), an array carries a column of many rows in one
 * parameter (INSERT ... SELECT FROM unnest(...)). */
void pg_array_append(buf_t *arr, const char *v);
/* As db_bind_text, but the driver may keep the pointer instead of a copy: v must
 * stay valid and unchanged until the statement is finalized. For bulk writes
 * that bind thousands of values per statement. */
void db_bind_text_nocopy(db_stmt_t *st, int idx, const char *v);
/* A binary value ({{BLOB}} column: BLOB on SQLite, bytea on PostgreSQL), copied. */
void db_bind_blob(db_stmt_t *st, int idx, const void *v, size_t n);
/* Copies column col's binary value into out (at most cap bytes); returns its
 * length (which may exceed cap: then out holds the first cap bytes), or -1 for
 * NULL. A text value counts as its bytes (so a hash written as hex text is not
 * 32 bytes long). */
int64_t db_col_blob(db_stmt_t *st, int col, void *out, size_t cap);
/* The PostgreSQL text form of a bytea value: "\x" and two hex digits a byte
 * (malloc'd), for array literals (pg_array_append) and casts. */
char *pg_bytea_text(const void *v, size_t n);
int db_step(db_stmt_t *st, err_t *e);
int db_ncols(db_stmt_t *st);
const char *db_col_text(db_stmt_t *st, int col);
int64_t db_col_int(db_stmt_t *st, int col);
bool db_col_null(db_stmt_t *st, int col);
const char *db_col_name(db_stmt_t *st, int col);
int64_t db_changes(db_stmt_t *st);
void db_finalize(db_stmt_t *st);

/* The LIKE pattern "%q%" for a literal q (its % _ and \ escaped for LIKE ... ESCAPE
 * '\'), in a; "" when q is NULL or empty (callers test `? = ''`). */
const char *db_like_contains(arena_t *a, const char *q);

/* Prepares sql and binds arguments described by `types`, one char each:
 *   't' const char * (NULL binds NULL)   'i' int64_t   'b' int (bool/int)   'n' nothing (NULL)
 * Returns the statement, ready to step, or NULL with e set. */
db_stmt_t *db_query(db_t *db, err_t *e, const char *sql, const char *types, ...);
/* db_query() of sql with " FOR UPDATE" added on PostgreSQL, which locks the rows read
 * until the transaction ends; SQLite's write transaction excludes other writers already. */
db_stmt_t *db_query_locked(db_t *db, err_t *e, const char *sql, const char *types, ...);
/* Runs a statement that returns no rows; returns rows changed, or -1. */
int64_t db_run(db_t *db, err_t *e, const char *sql, const char *types, ...);
/* Runs an INSERT ... RETURNING id (or any one-integer query); returns the value, or -1
 * on error, 0 when there was no row. */
int64_t db_one_int(db_t *db, err_t *e, const char *sql, const char *types, ...);

/* A read transaction over the statements that follow (SQLite; nothing elsewhere),
 * so that a page's reads take one snapshot and one WAL read lock instead of one per
 * statement (each is two fcntl() calls and a look at the WAL index: ~10 % of the list
 * page's CPU, issue 28). It never holds a write: db_tx(), a write statement or any
 * db_exec() ends it first, and the statements after it run as before, each on its
 * own. db_read_end() ends it (and db_pool_put() does). Outside a transaction only. */
void db_read_begin(db_t *db);
void db_read_end(db_t *db);

/* Rows that db's statements have stepped through in full table or index scans
 * (SQLite's SQLITE_STMTSTATUS_FULLSCAN_STEP, summed as statements finish) since the
 * connection opened; -1 where the driver does not count them (PostgreSQL). Tests use
 * it to check that a query scoped to some sites reads those sites' rows, not every
 * row of the database (issue 28: such scans cost seconds and tens of MiB at N=300k). */
int64_t db_scan_steps(db_t *db);
/* Page-cache hint for one large write (an import): on SQLite sets this connection's
 * page cache to `kib` KiB and stores the previous setting in *prev for
 * db_cache_restore(); SQLite allocates the cache only as it fills, so a small
 * write costs nothing more. A no-op on PostgreSQL. Returns 0 or -1. */
int db_cache_grow(db_t *db, int64_t kib, int64_t *prev, err_t *e);
/* Puts back the setting db_cache_grow() stored (SQLite frees the pages over it). */
void db_cache_restore(db_t *db, int64_t prev);
/* Bulk-write hint for a writer that has validated every value by the rules the
 * schema's CHECK constraints state (the field tables of core/; a unit test
 * compares the two) and has resolved every reference it writes (the importer
 * looks each site up): on SQLite this connection skips CHECK constraints and
 * foreign-key checks until db_checks_restore(). SQLite rebuilds a temporary
 * table for each `x IN (...)` list on every row it checks, which cost a bulk
 * import a fifth of its time; the foreign key is a lookup of the site per row
 * (~2 % of the import). Call it outside a transaction (SQLite ignores
 * foreign_keys inside one, and then keeps checking). A no-op on PostgreSQL.
 * Returns 0 or -1. */
int db_checks_skip(db_t *db, err_t *e);
void db_checks_restore(db_t *db);
/* Index deferral for a bulk load into an empty table, inside one transaction:
 * on SQLite db_indexes_drop() drops the table's indexes made by CREATE INDEX
 * (not those of UNIQUE / PRIMARY KEY constraints) and keeps their SQL;
 * db_indexes_rebuild() creates them again, each in one sorted pass instead of a
 * random B-tree insert per row, and frees the set (call it on every path; on
 * an error path the rollback restores the indexes by itself). A no-op on
 * PostgreSQL, where DROP INDEX would lock the table against readers. */
typedef struct {
    int n;
    char *sql[16];
} db_index_set_t;
int db_indexes_drop(db_t *db, const char *table, db_index_set_t *saved, err_t *e);
int db_indexes_rebuild(db_t *db, db_index_set_t *saved, err_t *e);
/* Journal for a bulk load that mostly appends to the file (SQLite, issue 10): WAL
 * writes every page twice (the log, then the checkpoint into the file), while the
 * rollback journal keeps only the original content of pages that existed before
 * the transaction: pages past the file's original end are written once and, on a
 * rollback or after a kill, cut off by truncating the file back. db_journal_bulk()
 * switches a WAL database to the rollback journal (DELETE) for the coming
 * transaction, outside any transaction; SQLite allows that only while no other
 * connection has the database open, so the switch fails harmlessly otherwise.
 * Returns true when switched; then db_journal_restore() must follow the
 * transaction (switches back to WAL; should that fail because another connection
 * opened meanwhile, the next connection that opens the file switches it). A no-op
 * (false) on PostgreSQL and inside a transaction. */
bool db_journal_bulk(db_t *db);
void db_journal_restore(db_t *db);

/* Whole-database copies through SQLite's online backup API (backup/restore):
 * db_backup() writes a consistent snapshot of db to the SQLite file at path (which
 * should not exist yet) while other connections keep reading and writing;
 * db_restore() replaces db's whole content with the SQLite file at path, opened
 * read-only, in one transaction: other connections see the old or the new
 * database, never a mix, and a failure leaves the old one. Both return 0, or -1
 * with e set; on PostgreSQL e is 501 "unsupported" (use pg_dump / pg_basebackup). */
int db_backup(db_t *db, const char *path, err_t *e);
int db_restore(db_t *db, const char *path, err_t *e);
/* SQLite's integrity check of db: calls bad(ctx, message) for each problem found and
 * returns their number, or -1 with e set when the check could not run. */
int db_integrity_check(db_t *db, err_t *e, void (*bad)(void *ctx, const char *msg), void *ctx);
/* Whether db holds a Bekal schema: the number of WBP rows, or -1 with e set when
 * its tables (schema_migrations, wbp) cannot be read. */
int64_t db_bekal_wbp_count(db_t *db, err_t *e);

/* A set of ids sent as one text parameter, for "x IN (...)": db_json_ids() writes
 * the ids into b as a JSON array ("[1,2]"), and DB_ID_SET_SQLITE / DB_ID_SET_PG
 * select them back from that parameter (json_each / json_array_elements_text). */
#define DB_ID_SET_SQLITE "SELECT value FROM json_each(?)"
#define DB_ID_SET_PG "SELECT CAST(x AS BIGINT) FROM json_array_elements_text(CAST(? AS json)) AS x"
void db_json_ids(buf_t *b, const int64_t *ids, int n);

/* The database refused a write because it would duplicate a unique key (or break
 * another constraint): the store's 409 "conflict". Other 409s (not_owner, a state
 * that has moved on) carry their own code and message, never "already exists". */
static inline bool db_err_conflict(const err_t *e) { return e->status == 409 && str_eq(e->code, "conflict"); }

/* Transactions. db_tx() runs fn inside BEGIN/COMMIT and retries the whole
 * function on busy/serialisation failures (up to a bound); fn returns 0 or -1.
 * Nested calls join the outer transaction: an inner failure must be returned
 * up to the outermost fn, which then fails too (there are no savepoints). */
typedef int (*db_tx_fn)(db_t *db, void *ctx, err_t *e);
int db_tx(db_t *db, db_tx_fn fn, void *ctx, err_t *e);
/* db_tx() at READ COMMITTED on PostgreSQL (SQLite: the same as db_tx). For writers
 * that serialise themselves where they must (advisory locks, row locks such as the
 * audit head's), so that unrelated writers run at the same time instead of failing
 * each other's serialisable commit (issue 23: the hub applies sites' pushes). */
int db_tx_shared(db_t *db, db_tx_fn fn, void *ctx, err_t *e);
/* Runs fn like db_tx() but always rolls back (issue 22: the review step shows what
 * an act would change, from the act itself, and changes nothing). Returns fn's
 * result: 0 (its outputs in ctx describe the act), or -1 with e set as the act
 * would have failed. Refused (500) inside a transaction, which it cannot undo. */
int db_dry_run(db_t *db, db_tx_fn fn, void *ctx, err_t *e);

/* Scheduled acts applied on their date (issue 22: releases, transfers): the ids that
 * sql selects (its one "?" bound to today), at most 256 in its order, each applied by
 * fn in a transaction of its own (db_tx). A failure is written to stderr as "bekal:
 * <what> <id> tidak dapat diterapkan: <message>" and counted in *failed, the others in
 * *applied (fn returns 0 also when the act is no longer due). -1 only when sql fails. */
typedef int (*db_due_fn)(db_t *db, int64_t id, err_t *e);
int db_apply_due(db_t *db, err_t *e, const char *sql, const char *today, const char *what, db_due_fn fn, int *applied,
                 int *failed);

/* Connection pool: `size` connections opened lazily to url. */
typedef struct db_pool db_pool_t;
db_pool_t *db_pool_new(const char *url, int size);
db_t *db_pool_get(db_pool_t *p, err_t *e); /* blocks while all are busy */
void db_pool_put(db_pool_t *p, db_t *db);
void db_pool_free(db_pool_t *p);

/* Migrations built into the binary (migrations/NNN_name.sql). Applies the ones not
 * yet recorded in schema_migrations, each in its own transaction. Idempotent. */
int db_migrate(db_t *db, err_t *e);

#endif
