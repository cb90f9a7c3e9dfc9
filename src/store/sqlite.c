/* sqlite.c — the SQLite driver: one file, WAL, foreign keys on, busy timeout.
 *
 * Prepared statements are reused per connection, keyed by SQL text: db_prepare()
 * hands out an idle cached statement when there is one, db_finalize() resets it,
 * clears its bindings and gives it back; only eviction (least recently used, past
 * LITE_CACHE_MAX) and close finalize for real. When the same SQL is prepared again
 * while its cached statement is still out (nested use), a fresh statement is made
 * and really finalized on db_finalize(). sqlite3_prepare_v2 statements re-prepare
 * themselves after schema changes; still, anything but transaction control and
 * PRAGMAs run through db_exec() empties the cache (as in the postgres driver), so
 * db_prepare() on a dropped table fails there as it did without a cache.
 * BEKAL_SQLITE_STMT_CACHE=0 turns it off. */
#include "db.h"
#include <sqlite3.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define LITE_CACHE_BUCKETS 256
#define LITE_CACHE_MAX 96

typedef struct lite_stmt lite_stmt;
typedef struct lite_cached {
    struct lite_cached *next; /* bucket chain */
    uint64_t hash;
    uint64_t used;  /* tick of the last hand-out, for eviction */
    char *sql;
    sqlite3_stmt *s;
    lite_stmt *out; /* the handle using it now, or NULL when idle */
} lite_cached;

typedef struct {
    db_t base;
    sqlite3 *h;
    bool use_cache;
    lite_cached *buckets[LITE_CACHE_BUCKETS];
    int ncached;
    uint64_t tick;
    int64_t scan_steps; /* FULLSCAN_STEP of the statements finished (db_scan_steps) */
    bool read_tx;       /* a deferred BEGIN of db_read_begin() is open */
} lite_db;
struct lite_stmt {
    db_stmt_t base;
    sqlite3_stmt *s;
    lite_cached *c; /* cache entry it borrows s from, or NULL: s is its own */
    int64_t changes;
};

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

static void lite_cache_clear(lite_db *d);

/* True when sql begins with keyword kw (case-insensitive, after blanks). */
static bool lite_starts(const char *sql, const char *kw)
{
    while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r') sql++;
    size_t n = strlen(kw);
    for (size_t i = 0; i < n; i++)
        if ((sql[i] & ~0x20) != kw[i]) return false;
    return !((sql[n] >= 'A' && sql[n] <= 'Z') || (sql[n] >= 'a' && sql[n] <= 'z') || sql[n] == '_');
}

/* Ends db_read_begin()'s transaction, if open (a read: COMMIT only lets go). While
 * a statement is still being read (a write inside a loop over a SELECT) the COMMIT is
 * refused and the transaction stays ours: the write then runs in it, as it ran in the
 * SELECT's own transaction without it, and db_pool_put() commits it. */
static void lite_read_end(db_t *db)
{
    lite_db *d = (lite_db *)db;
    if (!d->read_tx) return;
    if (sqlite3_get_autocommit(d->h) || sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) d->read_tx = false;
}
static void lite_read_begin(db_t *db)
{
    lite_db *d = (lite_db *)db;
    if (d->read_tx || !sqlite3_get_autocommit(d->h)) return;
    d->read_tx = sqlite3_exec(d->h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static int lite_exec(db_t *db, const char *sql, err_t *e)
{
    lite_db *d = (lite_db *)db;
    lite_read_end(db); /* whatever it runs, it runs as it would without the read transaction */
    static const char *const keep[] = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA"};
    bool ddl = true;
    for (size_t i = 0; i < ARRAY_LEN(keep) && ddl; i++) ddl = !lite_starts(sql, keep[i]);
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    /* after a schema change, forget the cached statements (as the postgres driver
     * does) so db_prepare reports a vanished table at once, as without a cache */
    if (ddl) lite_cache_clear(d);
    return rc != SQLITE_OK ? lite_err(d->h, e) : 0;
}

/* SQLite counts every allocation under one process-wide mutex unless told not
 * to; with several server threads that mutex was ~10 % of a page's time. Must
 * run before SQLite initialises itself, i.e. before the first open. */
static pthread_once_t lite_once = PTHREAD_ONCE_INIT;
static void lite_global_init(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

/* bekal_contains(text, part): 1 when part occurs in text with ASCII letters
 * compared without case, exactly what SQLite's LIKE '%part%' answers (its LIKE
 * folds only ASCII; UTF-8 never matches inside a character), else 0; NULL text
 * gives NULL. The WBP search runs it on every inmate in scope: it costs half of
 * LIKE there and needs no escaping of % _ and \. */
/* bekal_unhex(text): the bytes its hex digits spell (migration 029 turns the audit
 * log's hex hashes into 32-byte blobs; SQLite 3.40 has no unhex()); a text that is
 * not hex becomes a blob of its own bytes, so a damaged hash stays damaged. */
static void lite_unhex(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(cx);
        return;
    }
    const unsigned char *t = sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    unsigned char *o = sqlite3_malloc(n / 2 + 1);
    if (!o) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    bool ok = n % 2 == 0;
    for (int i = 0; ok && i < n; i += 2) {
        int v[2];
        for (int k = 0; k < 2; k++) {
            int c = t[i + k];
            v[k] = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
        if (v[0] < 0 || v[1] < 0) ok = false;
        else o[i / 2] = (unsigned char)(v[0] << 4 | v[1]);
    }
    if (ok) sqlite3_result_blob(cx, o, n / 2, sqlite3_free);
    else {
        sqlite3_free(o);
        sqlite3_result_blob(cx, t, n, SQLITE_TRANSIENT);
    }
}

static void lite_contains(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(cx);
        return;
    }
    const unsigned char *t = sqlite3_value_text(argv[0]), *p = sqlite3_value_text(argv[1]);
    int n = sqlite3_value_bytes(argv[0]), m = sqlite3_value_bytes(argv[1]);
    if (!t || !p) {
        sqlite3_result_error_nomem(cx);
        return;
    }
#define LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
    int found = m == 0;
    for (int i = 0; !found && i + m <= n; i++) {
        if (LOWER(t[i]) != LOWER(p[0])) continue;
        int k = 1;
        while (k < m && LOWER(t[i + k]) == LOWER(p[k])) k++;
        found = k == m;
    }
#undef LOWER
    sqlite3_result_int(cx, found);
}

/* True when path is a WAL-mode database file (header bytes 18 and 19 are 2) without
 * its -shm file: no connection has it open (an open WAL database always has one),
 * and a read-only open would otherwise make -wal and -shm beside it. */
static bool wal_without_shm(const char *path)
{
    unsigned char hdr[20];
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    bool wal = fread(hdr, 1, sizeof hdr, f) == sizeof hdr && hdr[18] == 2 && hdr[19] == 2;
    fclose(f);
    if (!wal) return false;
    char *shm = xmalloc(strlen(path) + 5);
    sprintf(shm, "%s-shm", path);
    bool have = access(shm, F_OK) == 0;
    free(shm);
    return !have;
}

/* ro: read-only, without touching the file (no journal-mode switch, no -wal/-shm
 * made where the file is read-only); immutable: also without locks, for a file on
 * read-only media that nothing writes (a WAL file without its -shm there). */
static int lite_open_mode(const char *path, db_t **out, err_t *e, bool ro, bool immutable)
{
    pthread_once(&lite_once, lite_global_init);
    sqlite3 *h = NULL;
    char *uri = NULL;
    if (ro) {
        buf_t u;
        buf_init(&u);
        buf_puts(&u, "file:");
        for (const char *p = path; *p; p++) /* a URI: % ? # are escaped */
            if (*p == '%' || *p == '?' || *p == '#') buf_printf(&u, "%%%02X", (unsigned char)*p);
            else buf_putc(&u, *p);
        buf_puts(&u, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
        uri = xstrdup(u.data);
        buf_release(&u);
    }
    if (ro && !immutable && wal_without_shm(path)) { /* nothing has it open: read it as it is */
        free(uri);
        return lite_open_mode(path, out, e, true, true);
    }
    int flags = ro ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int orc = sqlite3_open_v2(ro ? uri : path, &h, flags | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (orc == SQLITE_OK && ro && sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        if (!immutable) {
            sqlite3_close(h);
            /* a hot rollback journal (a write killed midway): only SQLite's own recovery,
             * which rolls it back, gives the database as it was committed; an immutable
             * read would see the half-written pages. The one case where reading writes. */
            char *jn = xmalloc(strlen(path) + 9);
            sprintf(jn, "%s-journal", path);
            struct stat js;
            bool hot = stat(jn, &js) == 0 && js.st_size > 0;
            free(jn);
            return hot ? lite_open_mode(path, out, e, false, false) : lite_open_mode(path, out, e, true, true);
        }
        orc = SQLITE_CANTOPEN;
    }
    if (orc != SQLITE_OK) {
        err_set(e, 500, "db_open", "tidak dapat membuka basis data %s: %s", path, h ? sqlite3_errmsg(h) : "?");
        sqlite3_close(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 10000);
    sqlite3_create_function_v2(h, "bekal_contains", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               lite_contains, NULL, NULL, NULL);
    sqlite3_create_function_v2(h, "bekal_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               lite_unhex, NULL, NULL, NULL);
    lite_db *d = xcalloc(1, sizeof *d);
    d->base.drv = &db_sqlite_driver;
    d->h = h;
    const char *cache = getenv("BEKAL_SQLITE_STMT_CACHE");
    d->use_cache = !(cache && str_eq(cache, "0"));
    /* WAL is kept in the file, so this only matters for a new file or one that a
     * bulk import switched to the rollback journal (db_journal_bulk): while that
     * import runs the switch is refused (busy) and this connection works in the
     * file's mode, which turns back to WAL when the import ends */
    int jrc = ro ? SQLITE_OK : sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    bool jbad = jrc != SQLITE_OK && (jrc & 0xff) != SQLITE_BUSY && (jrc & 0xff) != SQLITE_LOCKED;
    if (jbad) lite_err(h, e);
    if (jbad ||
        lite_exec(&d->base,
                  ro ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                     : "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;",
                  e) < 0) {
        sqlite3_close(h);
        free(d);
        return -1;
    }
    *out = &d->base;
    return 0;
}
static int lite_open(const char *path, db_t **out, err_t *e) { return lite_open_mode(path, out, e, false, false); }
static int lite_open_ro(const char *path, db_t **out, err_t *e) { return lite_open_mode(path, out, e, true, false); }

/* ---- statement cache ---- */

static uint64_t lite_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Unlinks and frees entry c; an entry still handed out passes its statement to
 * the handle, which then finalizes it itself. */
static void lite_cache_remove(lite_db *d, lite_cached *c)
{
    for (lite_cached **pp = &d->buckets[c->hash % LITE_CACHE_BUCKETS]; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    if (c->out) c->out->c = NULL;
    else sqlite3_finalize(c->s);
    free(c->sql);
    free(c);
    d->ncached--;
}

/* Makes room for one more entry by evicting the least recently used idle one.
 * Returns false when every entry is handed out. */
static bool lite_cache_room(lite_db *d)
{
    if (d->ncached < LITE_CACHE_MAX) return true;
    lite_cached *old = NULL;
    for (int i = 0; i < LITE_CACHE_BUCKETS; i++)
        for (lite_cached *c = d->buckets[i]; c; c = c->next)
            if (!c->out && (!old || c->used < old->used)) old = c;
    if (!old) return false;
    lite_cache_remove(d, old);
    return true;
}

/* Forgets every cached statement (those handed out finish as private ones). */
static void lite_cache_clear(lite_db *d)
{
    if (d->ncached == 0) return;
    for (int i = 0; i < LITE_CACHE_BUCKETS; i++)
        while (d->buckets[i]) lite_cache_remove(d, d->buckets[i]);
}

static void lite_close(db_t *db)
{
    lite_db *d = (lite_db *)db;
    lite_cache_clear(d);
    sqlite3_close(d->h);
    free(d);
}
static db_stmt_t *lite_prepare(db_t *db, const char *sql, err_t *e)
{
    lite_db *d = (lite_db *)db;
    lite_stmt *st = xcalloc(1, sizeof *st);
    st->base.db = db;
    uint64_t h = 0;
    lite_cached *c = NULL;
    if (d->use_cache) {
        h = lite_hash(sql);
        for (c = d->buckets[h % LITE_CACHE_BUCKETS]; c; c = c->next)
            if (c->hash == h && strcmp(c->sql, sql) == 0) break;
        if (c && !c->out) { /* idle: reuse it */
            c->out = st;
            c->used = ++d->tick;
            st->c = c;
            st->s = c->s;
            return &st->base;
        }
    }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(d->h, sql, -1, &s, NULL) != SQLITE_OK) {
        lite_err(d->h, e);
        free(st);
        return NULL;
    }
    st->s = s;
    /* c set here means the SQL is cached but busy (nested use): this one stays private */
    if (d->use_cache && !c && s && lite_cache_room(d)) {
        c = xcalloc(1, sizeof *c);
        c->hash = h;
        c->used = ++d->tick;
        c->sql = xstrdup(sql);
        c->s = s;
        c->out = st;
        c->next = d->buckets[h % LITE_CACHE_BUCKETS];
        d->buckets[h % LITE_CACHE_BUCKETS] = c;
        d->ncached++;
        st->c = c;
    }
    return &st->base;
}
static void lite_bind_text(db_stmt_t *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(((lite_stmt *)st)->s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(((lite_stmt *)st)->s, i);
}
static void lite_bind_text_nocopy(db_stmt_t *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(((lite_stmt *)st)->s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(((lite_stmt *)st)->s, i);
}
static void lite_bind_blob(db_stmt_t *st, int i, const void *v, size_t n)
{
    sqlite3_bind_blob(((lite_stmt *)st)->s, i, v, (int)n, SQLITE_TRANSIENT);
}
static const void *lite_col_blob(db_stmt_t *st, int c, size_t *n)
{
    sqlite3_stmt *s = ((lite_stmt *)st)->s;
    const void *v = sqlite3_column_blob(s, c);
    *n = (size_t)sqlite3_column_bytes(s, c);
    return v;
}
static void lite_bind_int(db_stmt_t *st, int i, int64_t v) { sqlite3_bind_int64(((lite_stmt *)st)->s, i, v); }
static void lite_bind_null(db_stmt_t *st, int i) { sqlite3_bind_null(((lite_stmt *)st)->s, i); }
static int lite_step(db_stmt_t *st, err_t *e)
{
    lite_stmt *s = (lite_stmt *)st;
    if (((lite_db *)st->db)->read_tx && !sqlite3_stmt_readonly(s->s)) lite_read_end(st->db); /* a write: on its own */
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
    lite_stmt *ls = (lite_stmt *)st;
    ((lite_db *)st->db)->scan_steps += sqlite3_stmt_status(ls->s, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
    if (ls->c) { /* back to the cache, ready for the next use */
        sqlite3_reset(ls->s);
        sqlite3_clear_bindings(ls->s);
        ls->c->out = NULL;
    } else {
        sqlite3_finalize(ls->s);
    }
    free(st);
}
static int64_t lite_scan_steps(db_t *db) { return ((lite_db *)db)->scan_steps; }
static bool lite_retryable(const err_t *e) { return str_eq(e->code, "db_busy"); }

/* Copies the whole database between this connection and the SQLite file at path
 * with the online backup API, in one sqlite3_backup_step(-1): to_file writes a
 * snapshot of db (one read transaction: consistent, and in WAL mode writers carry
 * on) into path; otherwise path (opened read-only) replaces db's content in one
 * write transaction. Busy/locked steps are retried for up to ~30 s. */
static int lite_copy(db_t *db, const char *path, bool to_file, err_t *e)
{
    lite_db *d = (lite_db *)db;
    sqlite3 *other = NULL;
    int flags = to_file ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &other, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        err_set(e, 400, "db_open", "tidak dapat membuka %s: %s", path, other ? sqlite3_errmsg(other) : "?");
        sqlite3_close(other);
        return -1;
    }
    sqlite3_busy_timeout(other, 10000);
    sqlite3 *dst = to_file ? other : d->h, *src = to_file ? d->h : other;
    lite_cache_clear(d); /* no statement of ours may hold the database open */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        for (int tries = 0; tries < 600; tries++) {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            sqlite3_sleep(50);
        }
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        int code = b ? sqlite3_extended_errcode(dst) : SQLITE_ERROR;
        err_set(e, (code & 0xff) == SQLITE_BUSY || rc == SQLITE_BUSY ? 503 : 500, "backup_failed",
                "penyalinan basis data gagal: %s", b ? sqlite3_errstr(rc) : sqlite3_errmsg(dst));
        sqlite3_close(other);
        return -1;
    }
    if (sqlite3_close(other) != SQLITE_OK) return err_set(e, 500, "backup_failed", "gagal menutup %s", path);
    return 0;
}

const db_driver_t db_sqlite_driver = {
    .kind = DB_SQLITE,
    .open = lite_open,
    .open_ro = lite_open_ro,
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
    .copy = lite_copy,
    .bind_text_nocopy = lite_bind_text_nocopy,
    .bind_blob = lite_bind_blob,
    .col_blob = lite_col_blob,
    .scan_steps = lite_scan_steps,
    .read_begin = lite_read_begin,
    .read_end = lite_read_end,
};
