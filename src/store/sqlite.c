/* sqlite.c — the SQLite driver: one file, WAL, foreign keys on, busy timeout. */
#include "db.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    db_t base;
    sqlite3 *h;
} lite_db;
typedef struct {
    db_stmt_t base;
    sqlite3_stmt *s;
    int64_t changes;
} lite_stmt;

static int lite_err(sqlite3 *h, err_t *e)
{
    int code = sqlite3_extended_errcode(h);
    int prim = code & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return err_set(e, 503, "db_busy", "basis data sedang sibuk: %s", sqlite3_errmsg(h));
    if (prim == SQLITE_CONSTRAINT)
        return err_set(e, 409, "conflict", "data bertentangan dengan data yang sudah ada: %s", sqlite3_errmsg(h));
    return err_set(e, 500, "db_error", "kesalahan basis data: %s", sqlite3_errmsg(h));
}

static int lite_exec(db_t *db, const char *sql, err_t *e)
{
    lite_db *d = (lite_db *)db;
    if (sqlite3_exec(d->h, sql, NULL, NULL, NULL) != SQLITE_OK) return lite_err(d->h, e);
    return 0;
}

static int lite_open(const char *path, db_t **out, err_t *e)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        err_set(e, 500, "db_open", "tidak dapat membuka basis data %s: %s", path, h ? sqlite3_errmsg(h) : "?");
        sqlite3_close(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 10000);
    lite_db *d = xcalloc(1, sizeof *d);
    d->base.drv = &db_sqlite_driver;
    d->h = h;
    if (lite_exec(&d->base,
                  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                  "PRAGMA temp_store=MEMORY;",
                  e) < 0) {
        sqlite3_close(h);
        free(d);
        return -1;
    }
    *out = &d->base;
    return 0;
}
static void lite_close(db_t *db)
{
    lite_db *d = (lite_db *)db;
    sqlite3_close(d->h);
    free(d);
}
static db_stmt_t *lite_prepare(db_t *db, const char *sql, err_t *e)
{
    lite_db *d = (lite_db *)db;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(d->h, sql, -1, &s, NULL) != SQLITE_OK) {
        lite_err(d->h, e);
        return NULL;
    }
    lite_stmt *st = xcalloc(1, sizeof *st);
    st->base.db = db;
    st->s = s;
    return &st->base;
}
static void lite_bind_text(db_stmt_t *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(((lite_stmt *)st)->s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(((lite_stmt *)st)->s, i);
}
static void lite_bind_int(db_stmt_t *st, int i, int64_t v) { sqlite3_bind_int64(((lite_stmt *)st)->s, i, v); }
static void lite_bind_null(db_stmt_t *st, int i) { sqlite3_bind_null(((lite_stmt *)st)->s, i); }
static int lite_step(db_stmt_t *st, err_t *e)
{
    lite_stmt *s = (lite_stmt *)st;
    int rc = sqlite3_step(s->s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) {
        s->changes = sqlite3_changes(((lite_db *)st->db)->h);
        return 0;
    }
    return lite_err(((lite_db *)st->db)->h, e);
}
static int lite_ncols(db_stmt_t *st) { return sqlite3_column_count(((lite_stmt *)st)->s); }
static const char *lite_col_text(db_stmt_t *st, int c)
{
    return (const char *)sqlite3_column_text(((lite_stmt *)st)->s, c);
}
static int64_t lite_col_int(db_stmt_t *st, int c) { return sqlite3_column_int64(((lite_stmt *)st)->s, c); }
static bool lite_col_null(db_stmt_t *st, int c)
{
    return sqlite3_column_type(((lite_stmt *)st)->s, c) == SQLITE_NULL;
}
static const char *lite_col_name(db_stmt_t *st, int c) { return sqlite3_column_name(((lite_stmt *)st)->s, c); }
static int64_t lite_changes(db_stmt_t *st) { return ((lite_stmt *)st)->changes; }
static void lite_finalize(db_stmt_t *st)
{
    sqlite3_finalize(((lite_stmt *)st)->s);
    free(st);
}
static bool lite_retryable(const err_t *e) { return str_eq(e->code, "db_busy"); }

const db_driver_t db_sqlite_driver = {
    .kind = DB_SQLITE,
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .bind_text = lite_bind_text,
    .bind_int = lite_bind_int,
    .bind_null = lite_bind_null,
    .step = lite_step,
    .ncols = lite_ncols,
    .col_text = lite_col_text,
    .col_int = lite_col_int,
    .col_null = lite_col_null,
    .col_name = lite_col_name,
    .changes = lite_changes,
    .finalize = lite_finalize,
    .is_retryable = lite_retryable,
};
