/* db.c — driver dispatch, bind helpers, transactions with retry, the pool and
 * the migration runner. Driver-neutral. */
#include "db.h"
#include "audit.h"
#include "rowmap.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sodium.h>

int db_open(const char *url, db_t **out, err_t *e)
{
    if (str_startswith(url, "postgres://") || str_startswith(url, "postgresql://"))
        return db_postgres_driver.open(url, out, e);
    if (str_startswith(url, "sqlite:")) url += 7;
    return db_sqlite_driver.open(url, out, e);
}
int db_open_readonly(const char *url, db_t **out, err_t *e)
{
    if (str_startswith(url, "postgres://") || str_startswith(url, "postgresql://")) {
        if (db_postgres_driver.open(url, out, e) < 0) return -1;
        if (db_exec(*out, "SET default_transaction_read_only = on", e) < 0) {
            db_close(*out);
            *out = NULL;
            return -1;
        }
        return 0;
    }
    if (str_startswith(url, "sqlite:")) url += 7;
    return db_sqlite_driver.open_ro(url, out, e);
}
void db_close(db_t *db)
{
    if (db) db->drv->close(db);
}
db_kind_t db_kind(const db_t *db) { return db->drv->kind; }
int db_exec(db_t *db, const char *sql, err_t *e) { return db->drv->exec(db, sql, e); }
db_stmt_t *db_prepare(db_t *db, const char *sql, err_t *e) { return db->drv->prepare(db, sql, e); }
void db_bind_text(db_stmt_t *st, int i, const char *v) { st->db->drv->bind_text(st, i, v); }
void db_bind_int(db_stmt_t *st, int i, int64_t v) { st->db->drv->bind_int(st, i, v); }
void db_bind_null(db_stmt_t *st, int i) { st->db->drv->bind_null(st, i); }
void db_bind_text_nocopy(db_stmt_t *st, int i, const char *v)
{
    if (st->db->drv->bind_text_nocopy) st->db->drv->bind_text_nocopy(st, i, v);
    else st->db->drv->bind_text(st, i, v);
}
char *pg_bytea_text(const void *v, size_t n)
{
    char *t = xmalloc(2 * n + 3);
    t[0] = '\\', t[1] = 'x';
    hex_encode(v, n, t + 2);
    return t;
}
void db_bind_blob(db_stmt_t *st, int i, const void *v, size_t n)
{
    if (st->db->drv->bind_blob) {
        st->db->drv->bind_blob(st, i, v, n);
        return;
    }
    char *t = pg_bytea_text(v, n);
    st->db->drv->bind_text(st, i, t);
    free(t);
}
static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
int64_t db_col_blob(db_stmt_t *st, int c, void *out, size_t cap)
{
    unsigned char *o = out;
    if (st->db->drv->col_blob) {
        size_t n = 0;
        const void *v = st->db->drv->col_blob(st, c, &n);
        if (!v && db_col_null(st, c)) return -1;
        if (n) memcpy(o, v, n < cap ? n : cap);
        return (int64_t)n;
    }
    const char *t = db_col_text(st, c);
    if (!t) return -1;
    if (t[0] != '\\' || t[1] != 'x') { /* not bytea's hex form: the text's own bytes */
        size_t n = strlen(t);
        memcpy(o, t, n < cap ? n : cap);
        return (int64_t)n;
    }
    size_t n = 0;
    for (const char *p = t + 2; p[0] && p[1]; p += 2, n++) {
        int hi = hexval(p[0]), lo = hexval(p[1]);
        if (n < cap) o[n] = (unsigned char)(hi < 0 || lo < 0 ? 0 : hi << 4 | lo);
    }
    return (int64_t)n;
}
int db_step(db_stmt_t *st, err_t *e) { return st->db->drv->step(st, e); }
int db_ncols(db_stmt_t *st) { return st->db->drv->ncols(st); }
const char *db_col_text(db_stmt_t *st, int c) { return st->db->drv->col_text(st, c); }
int64_t db_col_int(db_stmt_t *st, int c) { return st->db->drv->col_int(st, c); }
bool db_col_null(db_stmt_t *st, int c) { return st->db->drv->col_null(st, c); }
const char *db_col_name(db_stmt_t *st, int c) { return st->db->drv->col_name(st, c); }
int64_t db_changes(db_stmt_t *st) { return st->db->drv->changes(st); }
void db_finalize(db_stmt_t *st)
{
    if (st) st->db->drv->finalize(st);
}

static db_stmt_t *vquery(db_t *db, err_t *e, const char *sql, const char *types, va_list ap)
{
    db_stmt_t *st = db_prepare(db, sql, e);
    if (!st) return NULL;
    for (int i = 0; types && types[i]; i++) {
        switch (types[i]) {
        case 't': db_bind_text(st, i + 1, va_arg(ap, const char *)); break;
        case 'i': db_bind_int(st, i + 1, va_arg(ap, int64_t)); break;
        case 'b': db_bind_int(st, i + 1, va_arg(ap, int)); break;
        case 'n': db_bind_null(st, i + 1); break;
        default: abort(); /* programming error: bad type string */
        }
    }
    return st;
}
db_stmt_t *db_query(db_t *db, err_t *e, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt_t *st = vquery(db, e, sql, types, ap);
    va_end(ap);
    return st;
}
db_stmt_t *db_query_locked(db_t *db, err_t *e, const char *sql, const char *types, ...)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, sql);
    if (db_kind(db) == DB_POSTGRES) buf_puts(&b, " FOR UPDATE");
    va_list ap;
    va_start(ap, types);
    db_stmt_t *st = vquery(db, e, b.data, types, ap);
    va_end(ap);
    buf_release(&b);
    return st;
}
int64_t db_run(db_t *db, err_t *e, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt_t *st = vquery(db, e, sql, types, ap);
    va_end(ap);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {}
    int64_t n = rc < 0 ? -1 : db_changes(st);
    db_finalize(st);
    return n;
}
int64_t db_one_int(db_t *db, err_t *e, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt_t *st = vquery(db, e, sql, types, ap);
    va_end(ap);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t v = rc == 1 ? db_col_int(st, 0) : rc;
    if (rc == 1) while ((rc = db_step(st, e)) == 1) {}
    db_finalize(st);
    return rc < 0 ? -1 : v;
}

static int db_copy(db_t *db, const char *path, bool to_file, err_t *e)
{
    if (!db->drv->copy)
        return err_set(e, 501, "unsupported",
                       "cadangan/pemulihan dengan bekal hanya untuk SQLite; untuk PostgreSQL gunakan pg_dump atau "
                       "pg_basebackup (lihat README, bagian \"Cadangan dan pemulihan\")");
    if (db->tx_depth) return err_set(e, 500, "in_transaction", "penyalinan basis data tidak boleh di dalam transaksi");
    return db->drv->copy(db, path, to_file, e);
}
int db_backup(db_t *db, const char *path, err_t *e) { return db_copy(db, path, true, e); }

int db_integrity_check(db_t *db, err_t *e, void (*bad)(void *ctx, const char *msg), void *ctx)
{
    db_stmt_t *st = db_query(db, e, "PRAGMA integrity_check", "");
    int rc = 0, n = 0;
    while (st && (rc = db_step(st, e)) == 1)
        if (!str_eq(db_col_text(st, 0), "ok")) {
            bad(ctx, db_col_text(st, 0));
            n++;
        }
    db_finalize(st);
    return !st || rc < 0 ? -1 : n;
}

int64_t db_bekal_wbp_count(db_t *db, err_t *e)
{
    if (db_one_int(db, e, "SELECT count(*) FROM schema_migrations", "") < 0) return -1;
    return db_one_int(db, e, "SELECT count(*) FROM wbp", "");
}
int db_restore(db_t *db, const char *path, err_t *e) { return db_copy(db, path, false, e); }

void db_read_begin(db_t *db)
{
    if (db->drv->read_begin && !db->tx_depth) db->drv->read_begin(db);
}
void db_read_end(db_t *db)
{
    if (db->drv->read_end) db->drv->read_end(db);
}
int64_t db_scan_steps(db_t *db) { return db->drv->scan_steps ? db->drv->scan_steps(db) : -1; }

int db_cache_grow(db_t *db, int64_t kib, int64_t *prev, err_t *e)
{
    *prev = 0;
    if (db_kind(db) != DB_SQLITE) return 0;
    db_stmt_t *st = db_prepare(db, "PRAGMA cache_size", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) *prev = db_col_int(st, 0); /* < 0: KiB, > 0: pages */
    db_finalize(st);
    if (rc < 0) return -1;
    if (*prev < 0 && -*prev >= kib) { /* already as large: nothing to put back */
        *prev = 0;
        return 0;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", -(long long)kib);
    return db_exec(db, sql, e);
}
void db_cache_restore(db_t *db, int64_t prev)
{
    if (db_kind(db) != DB_SQLITE || prev == 0) return;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)prev);
    err_t ignored;
    db_exec(db, sql, &ignored);
}

int db_checks_skip(db_t *db, err_t *e)
{
    return db_kind(db) == DB_SQLITE ? db_exec(db, "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF", e)
                                    : 0;
}
void db_checks_restore(db_t *db)
{
    if (db_kind(db) != DB_SQLITE) return;
    err_t ignored;
    db_exec(db, "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON", &ignored);
}

int db_indexes_drop(db_t *db, const char *table, db_index_set_t *saved, err_t *e)
{
    saved->n = 0;
    if (db_kind(db) != DB_SQLITE) return 0;
    char *names[16];
    db_stmt_t *st = db_query(db, e,
                             "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT "
                             "NULL ORDER BY name",
                             "t", table);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1 && saved->n < (int)ARRAY_LEN(saved->sql)) {
        names[saved->n] = xstrdup(db_col_text(st, 0));
        saved->sql[saved->n++] = xstrdup(db_col_text(st, 1));
    }
    db_finalize(st);
    for (int i = 0; i < saved->n; i++) {
        if (rc >= 0) {
            buf_t sql;
            buf_init(&sql);
            buf_puts(&sql, "DROP INDEX \"");
            buf_puts(&sql, names[i]); /* a name from the schema the migrations wrote */
            buf_putc(&sql, '"');
            if (db_exec(db, sql.data, e) < 0) rc = -1;
            buf_release(&sql);
        }
        free(names[i]);
    }
    if (rc < 0) {
        for (int i = 0; i < saved->n; i++) free(saved->sql[i]);
        saved->n = 0;
        return -1;
    }
    return 0;
}
int db_indexes_rebuild(db_t *db, db_index_set_t *saved, err_t *e)
{
    int rc = 0;
    for (int i = 0; i < saved->n; i++) {
        if (rc == 0 && e && db_exec(db, saved->sql[i], e) < 0) rc = -1;
        free(saved->sql[i]);
    }
    saved->n = 0;
    return rc;
}

/* Runs PRAGMA journal_mode=<mode>; true when the database answers with that mode. */
static bool journal_mode_set(db_t *db, const char *sql, const char *want)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_prepare(db, sql, &e);
    if (!st) return false;
    bool ok = db_step(st, &e) == 1 && db_col_text(st, 0) && strcasecmp(db_col_text(st, 0), want) == 0;
    db_finalize(st);
    return ok;
}
bool db_journal_bulk(db_t *db)
{
    if (db_kind(db) != DB_SQLITE || db->tx_depth) return false;
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_prepare(db, "PRAGMA journal_mode", &e);
    if (!st) return false;
    bool wal = db_step(st, &e) == 1 && db_col_text(st, 0) && strcasecmp(db_col_text(st, 0), "wal") == 0;
    db_finalize(st);
    return wal && journal_mode_set(db, "PRAGMA journal_mode = DELETE", "delete");
}
void db_journal_restore(db_t *db)
{
    if (db_kind(db) == DB_SQLITE && !db->tx_depth) journal_mode_set(db, "PRAGMA journal_mode = WAL", "wal");
}

static int tx_run(db_t *db, db_tx_fn fn, void *ctx, err_t *e, const char *pg_begin)
{
    if (db->tx_depth > 0) {
        db->tx_depth++;
        int rc = fn(db, ctx, e);
        db->tx_depth--;
        return rc;
    }
    db_read_end(db); /* a write never runs inside a read snapshot */
    const char *begin = db_kind(db) == DB_SQLITE ? "BEGIN IMMEDIATE" : pg_begin;
    for (int attempt = 0;; attempt++) {
        err_clear(e);
        if (db_exec(db, begin, e) < 0) {
            if (db->drv->is_retryable(e) && attempt < 50) goto retry;
            return -1;
        }
        db->tx_depth = 1;
        int rc = fn(db, ctx, e);
        db->tx_depth = 0;
        if (rc == 0 && db_exec(db, "COMMIT", e) == 0) return 0;
        err_t keep = *e;
        err_t ignored;
        db_exec(db, "ROLLBACK", &ignored);
        *e = keep;
        if (!db->drv->is_retryable(e) || attempt >= 50) return -1;
    retry:;
        /* jittered backoff, 1 ms up to ~100 ms; randombytes is thread-safe */
        uint32_t ms = 1 + randombytes_uniform(attempt < 6 ? 2u << attempt : 100u);
        struct timespec ts = {0, (long)ms * 1000000L};
        nanosleep(&ts, NULL);
    }
}

int db_tx(db_t *db, db_tx_fn fn, void *ctx, err_t *e)
{
    return tx_run(db, fn, ctx, e, "BEGIN ISOLATION LEVEL SERIALIZABLE");
}
struct due_one {
    db_due_fn fn;
    int64_t id;
};
static int due_one_tx(db_t *db, void *vc, err_t *e)
{
    struct due_one *c = vc;
    return c->fn(db, c->id, e);
}
int db_apply_due(db_t *db, err_t *e, const char *sql, const char *today, const char *what, db_due_fn fn, int *applied,
                 int *failed)
{
    *applied = 0, *failed = 0;
    enum { MAXD = 256 };
    int64_t due[MAXD];
    int n = rm_ids(db_query(db, e, sql, "t", today), e, due, MAXD);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
        err_t e1;
        err_clear(&e1);
        struct due_one c = {fn, due[i]};
        if (db_tx(db, due_one_tx, &c, &e1) < 0) {
            fprintf(stderr, "bekal: %s %lld tidak dapat diterapkan: %s\n", what, (long long)due[i], e1.msg);
            (*failed)++;
        } else
            (*applied)++;
    }
    return 0;
}
int db_tx_shared(db_t *db, db_tx_fn fn, void *ctx, err_t *e)
{
    return tx_run(db, fn, ctx, e, "BEGIN ISOLATION LEVEL READ COMMITTED");
}

struct dry_run {
    db_tx_fn fn;
    void *ctx;
    bool done;
};
static int dry_run_fn(db_t *db, void *vc, err_t *e)
{
    struct dry_run *d = vc;
    d->done = false;
    if (d->fn(db, d->ctx, e) < 0) return -1;
    d->done = true;
    return err_set(e, 200, "dry_run", "rolled back"); /* not retryable: db_tx rolls back and stops */
}

int db_dry_run(db_t *db, db_tx_fn fn, void *ctx, err_t *e)
{
    if (db->tx_depth) return err_set(e, 500, "in_transaction", "uji coba tidak boleh di dalam transaksi");
    struct dry_run d = {fn, ctx, false};
    int rc = db_tx(db, dry_run_fn, &d, e);
    if (d.done) {
        err_clear(e);
        return 0;
    }
    return rc;
}

struct db_pool {
    char *url;
    int size, nopen, nfree;
    db_t **free;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};
db_pool_t *db_pool_new(const char *url, int size)
{
    db_pool_t *p = xcalloc(1, sizeof *p);
    p->url = xstrdup(url);
    p->size = size > 0 ? size : 1;
    p->free = xcalloc((size_t)p->size, sizeof(db_t *));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    return p;
}
db_t *db_pool_get(db_pool_t *p, err_t *e)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->nfree > 0) {
            db_t *db = p->free[--p->nfree];
            pthread_mutex_unlock(&p->mu);
            return db;
        }
        if (p->nopen < p->size) {
            p->nopen++;
            pthread_mutex_unlock(&p->mu);
            db_t *db = NULL;
            if (db_open(p->url, &db, e) < 0) {
                pthread_mutex_lock(&p->mu);
                p->nopen--;
                pthread_cond_signal(&p->cv);
                pthread_mutex_unlock(&p->mu);
                return NULL;
            }
            return db;
        }
        pthread_cond_wait(&p->cv, &p->mu);
    }
}
void db_pool_put(db_pool_t *p, db_t *db)
{
    if (!db) return;
    db_read_end(db);
    if (db->tx_depth) { /* a handler left a transaction open: never reuse it dirty */
        err_t ignored;
        db_exec(db, "ROLLBACK", &ignored);
        db->tx_depth = 0;
    }
    pthread_mutex_lock(&p->mu);
    p->free[p->nfree++] = db;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
void db_pool_free(db_pool_t *p)
{
    if (!p) return;
    for (int i = 0; i < p->nfree; i++) db_close(p->free[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->free);
    free(p->url);
    free(p);
}

/* Generated by the build (scripts/embed.sh) from migrations/ *.sql: build/migrations.c. */
struct migration {
    const char *name;
    const char *sql;
};
extern const struct migration bekal_migrations[];
extern const int bekal_migrations_count;

/* Replaces the dialect markers used in migrations:
 *   {{ID}}    integer primary key that the database assigns
 *   {{BLOB}}  binary column
 *   {{NOW}}   the current timestamp as ISO text
 *   {{SQLITE}} ... {{END}}    text kept on SQLite only
 *   {{POSTGRES}} ... {{END}}  text kept on PostgreSQL only */
static char *dialect(const char *sql, db_kind_t k)
{
    static const struct { const char *mark, *lite, *pg; } m[] = {
        {"{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"},
        {"{{BLOB}}", "BLOB", "BYTEA"},
        {"{{NOW}}", "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
         "(to_char(now() at time zone 'utc','YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"},
    };
    buf_t b;
    buf_init(&b);
    bool skip = false; /* inside the other database's block */
    for (const char *p = sql; *p;) {
        static const char *const only[2] = {"{{SQLITE}}", "{{POSTGRES}}"};
        if (strncmp(p, "{{END}}", 7) == 0) {
            skip = false;
            p += 7;
            continue;
        }
        bool block = false;
        for (int j = 0; j < 2 && !block; j++)
            if (strncmp(p, only[j], strlen(only[j])) == 0) {
                skip = (j == 0) != (k == DB_SQLITE);
                p += strlen(only[j]);
                block = true;
            }
        if (block) continue;
        if (skip) {
            p++;
            continue;
        }
        size_t i;
        for (i = 0; i < ARRAY_LEN(m); i++) {
            size_t n = strlen(m[i].mark);
            if (strncmp(p, m[i].mark, n) == 0) {
                buf_puts(&b, k == DB_SQLITE ? m[i].lite : m[i].pg);
                p += n;
                break;
            }
        }
        if (i == ARRAY_LEN(m)) buf_putc(&b, *p++);
    }
    return buf_steal(&b);
}

struct mig_ctx {
    const struct migration *m;
};
static int apply_one(db_t *db, void *vctx, err_t *e)
{
    struct mig_ctx *c = vctx;
    int64_t have = db_one_int(db, e, "SELECT count(*) FROM schema_migrations WHERE name = ?", "t", c->m->name);
    if (have < 0) return -1;
    if (have > 0) return 0;
    /* 029 rewrites the audit chain's hashes: verified before and after */
    bool audit029 = str_startswith(c->m->name, "029_");
    if (audit029 && audit_convert_check(db, 0, e) < 0) return -1;
    char *sql = dialect(c->m->sql, db_kind(db));
    int rc = db_exec(db, sql, e);
    free(sql);
    if (rc == 0 && audit029) rc = audit_convert_check(db, 1, e);
    if (rc < 0) {
        char keep[sizeof e->msg];
        snprintf(keep, sizeof keep, "%s", e->msg);
        return err_set(e, 500, "migration_failed", "migrasi %s gagal: %s", c->m->name, keep);
    }
    char now[32];
    now_iso(now);
    return db_run(db, e, "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", "tt", c->m->name, now) < 0
               ? -1
               : 0;
}
int db_migrate(db_t *db, err_t *e)
{
    /* On PostgreSQL several `bekal serve` processes may start together: a session
     * advisory lock lets one migrate while the others wait. */
    bool pg = db_kind(db) == DB_POSTGRES;
    if (pg && db_exec(db, "SELECT pg_advisory_lock(7215001)", e) < 0) return -1;
    int rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
                     e);
    for (int i = 0; rc == 0 && i < bekal_migrations_count; i++) {
        struct mig_ctx c = {&bekal_migrations[i]};
        rc = db_tx(db, apply_one, &c, e);
    }
    if (pg) {
        err_t ignored;
        db_exec(db, "SELECT pg_advisory_unlock(7215001)", &ignored);
    }
    return rc;
}

const char *db_like_contains(arena_t *a, const char *q)
{
    if (!q || !*q) return "";
    buf_t b;
    buf_init(&b);
    buf_putc(&b, '%');
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    const char *s = arena_strdup(a, b.data);
    buf_release(&b);
    return s;
}

void pg_array_append(buf_t *arr, const char *v)
{
    if (arr->len > 1) buf_putc(arr, ',');
    if (!v) {
        buf_puts(arr, "NULL");
        return;
    }
    buf_putc(arr, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\') buf_putc(arr, '\\');
        buf_putc(arr, *p);
    }
    buf_putc(arr, '"');
}

void db_json_ids(buf_t *b, const int64_t *ids, int n)
{
    buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(b, ',');
        buf_put_i64(b, ids[i]);
    }
    buf_putc(b, ']');
}
