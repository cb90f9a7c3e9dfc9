/* pg.c — the PostgreSQL driver (libpq).
 *
 * - `?` placeholders are rewritten to $1..$n (not inside '...', E'...', "...",
 *   $tag$...$tag$, -- and block comments). Parameters travel as text; the server
 *   infers their types from context, so ints and text both work where SQLite's
 *   loose typing would.
 * - Results are read in libpq's single-row mode, so a statement over 300,000 rows
 *   holds one row at a time. A connection carries one running query: when another
 *   statement starts on it while one is still being read (nested loops), the
 *   remaining rows of the first are read into that statement's memory first.
 * - DML/SELECT statements are prepared once per connection (PQprepare, at
 *   db_prepare, so syntax errors show there as with SQLite) and reused, keyed by
 *   SQL text, up to PG_CACHE_MAX (later ones run unprepared). The cache is
 *   dropped after any DDL run through this connection and on reconnect; a
 *   statement the server reports as stale (schema changed by another process) is
 *   re-prepared, transparently outside a transaction or through db_tx's retry
 *   inside one. BEKAL_PG_STMT_CACHE=0 turns the cache off (e.g. behind a pooler
 *   in transaction mode).
 * - Errors map SQLSTATE: 23xxx → 409 conflict, 40001/40P01 → db_serialization
 *   (retryable), lost connection → 503 db_unavailable, others → 500 db_error.
 *   A connection lost outside a transaction is re-opened on next use; one lost
 *   inside a transaction fails every statement until the ROLLBACK.
 * - Boolean results are returned as "1"/"0" like SQLite's, so `SELECT a > b`
 *   reads the same on both databases. */
#include "db.h"
#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_CACHE_BUCKETS 256
#define PG_CACHE_MAX 512
#define PG_BOOLOID 16

typedef struct pg_cached {
    struct pg_cached *next;
    uint64_t hash;
    char *sql; /* the caller's SQL text (with `?`) */
    char name[24];
} pg_cached;

typedef struct pg_stmt pg_stmt;
typedef struct {
    db_t base;
    PGconn *c;
    pg_stmt *streaming; /* the statement whose results are still arriving, if any */
    bool lost_tx;       /* connection dropped inside a transaction: only ROLLBACK clears */
    bool use_cache;
    pg_cached *buckets[PG_CACHE_BUCKETS];
    int ncached;
    unsigned next_id;
} pg_db;

enum { ST_NEW, ST_RUNNING, ST_DONE };
struct pg_stmt {
    db_stmt_t base;
    char *orig;  /* SQL as given (cache key) */
    char *sql;   /* rewritten with $n */
    int nparams;
    char **vals; /* nparams text values, NULL = SQL NULL; owned */
    int state;
    bool cacheable, idle_at_start, rows_seen, retried, retry_pending, has_err, peeked;
    int peek_rc;
    PGresult **q; /* results read ahead (drained), consumed from qhead */
    size_t qhead, qlen, qcap;
    PGresult *cur; /* result holding the current row */
    int row;
    PGresult *meta; /* last result with column descriptions, for names after the end */
    int64_t changes;
    err_t err;
};

static void pg_drain(pg_db *d);
static void pg_finalize(db_stmt_t *st);

/* ---- errors ------------------------------------------------------------- */

/* Copies a libpq message into out without newlines or trailing space. */
static void pg_clean_msg(const char *in, char *out, size_t n)
{
    size_t j = 0;
    for (const char *p = in ? in : ""; *p && j + 1 < n; p++) out[j++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
    while (j > 0 && isspace((unsigned char)out[j - 1])) j--;
    out[j] = 0;
    if (!j) snprintf(out, n, "%s", "kesalahan tidak diketahui");
}

/* Sets e from a failed result (r may be NULL: the connection's message is used). */
static int pg_err(pg_db *d, const PGresult *r, err_t *e)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char msg[300];
    pg_clean_msg(primary ? primary : (r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(d->c)),
                 msg, sizeof msg);
    if (PQstatus(d->c) == CONNECTION_BAD || (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)))
        return err_set(e, 503, "db_unavailable", "koneksi ke PostgreSQL terputus: %s", msg);
    if (state && strncmp(state, "23", 2) == 0)
        return err_set(e, 409, "conflict", "data bertentangan dengan data yang sudah ada: %s", msg);
    if (state && (str_eq(state, "40001") || str_eq(state, "40P01")))
        return err_set(e, 503, "db_serialization", "transaksi bertabrakan dengan transaksi lain, coba lagi: %s", msg);
    /* A cached statement the server no longer accepts (schema changed elsewhere). */
    if (state && ((str_eq(state, "0A000") && strstr(msg, "cached plan")) ||
                  (str_eq(state, "26000") && strstr(msg, "prepared statement"))))
        return err_set(e, 503, "db_stale_plan", "struktur basis data berubah, coba lagi: %s", msg);
    return err_set(e, 500, "db_error", "kesalahan basis data: %s", msg);
}

static bool pg_retryable(const err_t *e)
{
    return str_eq(e->code, "db_serialization") || str_eq(e->code, "db_stale_plan");
}

/* ---- statement cache --------------------------------------------------------- */

static uint64_t pg_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Forgets every cached statement; deallocates them on the server when it can. */
static void pg_cache_clear(pg_db *d, bool server)
{
    if (d->ncached == 0) return;
    for (int i = 0; i < PG_CACHE_BUCKETS; i++) {
        for (pg_cached *c = d->buckets[i], *n; c; c = n) {
            n = c->next;
            free(c->sql);
            free(c);
        }
        d->buckets[i] = NULL;
    }
    d->ncached = 0;
    if (server) pg_drain(d);
    if (server && PQstatus(d->c) == CONNECTION_OK && PQtransactionStatus(d->c) != PQTRANS_INERROR)
        PQclear(PQexec(d->c, "DEALLOCATE ALL"));
}

static void pg_cache_drop(pg_db *d, const char *sql)
{
    uint64_t h = pg_hash(sql);
    for (pg_cached **pp = &d->buckets[h % PG_CACHE_BUCKETS]; *pp; pp = &(*pp)->next) {
        pg_cached *c = *pp;
        if (c->hash == h && strcmp(c->sql, sql) == 0) {
            *pp = c->next;
            free(c->sql);
            free(c);
            d->ncached--;
            return;
        }
    }
}

/* Returns the server-side name for s, preparing it on first use; NULL with
 * s->err set on failure, or NULL with no error when the cache is full. */
static const char *pg_cache_find(pg_db *d, const char *sql, uint64_t h)
{
    for (pg_cached *c = d->buckets[h % PG_CACHE_BUCKETS]; c; c = c->next)
        if (c->hash == h && strcmp(c->sql, sql) == 0) return c->name;
    return NULL;
}
static const char *pg_cache_get(pg_db *d, pg_stmt *s)
{
    uint64_t h = pg_hash(s->orig);
    const char *name = pg_cache_find(d, s->orig, h);
    if (name || d->ncached >= PG_CACHE_MAX) return name;
    pg_cached **bucket = &d->buckets[h % PG_CACHE_BUCKETS];
    pg_cached *c = xcalloc(1, sizeof *c);
    snprintf(c->name, sizeof c->name, "bekal_%u", ++d->next_id);
    PGresult *r = PQprepare(d->c, c->name, s->sql, s->nparams, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_err(d, r, &s->err);
        s->has_err = true;
        PQclear(r);
        free(c);
        return NULL;
    }
    PQclear(r);
    c->hash = h;
    c->sql = xstrdup(s->orig);
    c->next = *bucket;
    *bucket = c;
    d->ncached++;
    return c->name;
}

/* ---- connection -------------------------------------------------------------- */

/* Session settings applied on every (re)connect. */
static int pg_session_setup(pg_db *d, err_t *e)
{
    if (PQsetClientEncoding(d->c, "UTF8") != 0) return pg_err(d, NULL, e);
    PGresult *r = PQexec(d->c, "SET client_min_messages = warning");
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) pg_err(d, r, e);
    PQclear(r);
    return ok ? 0 : -1;
}

/* Makes sure the connection is usable before a new command. A connection that
 * dropped outside a transaction is re-opened; one that dropped inside a
 * transaction stays failed until `rollback` (the caller is running ROLLBACK). */
static int pg_ensure(pg_db *d, bool rollback, err_t *e)
{
    if (PQstatus(d->c) == CONNECTION_OK) return 0;
    if (d->lost_tx && !rollback)
        return err_set(e, 503, "db_unavailable", "%s",
                       "koneksi ke PostgreSQL terputus di tengah transaksi; transaksi dibatalkan");
    pg_cache_clear(d, false);
    PQreset(d->c);
    if (PQstatus(d->c) != CONNECTION_OK) {
        char msg[300];
        pg_clean_msg(PQerrorMessage(d->c), msg, sizeof msg);
        return err_set(e, 503, "db_unavailable", "tidak dapat terhubung kembali ke PostgreSQL: %s", msg);
    }
    d->lost_tx = false;
    return pg_session_setup(d, e);
}

/* Remembers whether a failure lost a transaction along with the connection. */
static void pg_note_failure(pg_db *d, PGTransactionStatusType before)
{
    if (PQstatus(d->c) == CONNECTION_BAD && (before != PQTRANS_IDLE || d->base.tx_depth > 0)) d->lost_tx = true;
}

static int pg_open(const char *url, db_t **out, err_t *e)
{
    /* Values before "dbname" are defaults the URL may override. */
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *vals[] = {"10", "bekal", url, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c) return err_set(e, 503, "db_unavailable", "%s", "tidak dapat terhubung ke PostgreSQL: kehabisan memori");
    if (PQstatus(c) != CONNECTION_OK) {
        /* Never echo the URL: it may carry a password. Host, port and database only. */
        char msg[300];
        pg_clean_msg(PQerrorMessage(c), msg, sizeof msg);
        const char *host = PQhost(c), *port = PQport(c), *dbn = PQdb(c);
        err_set(e, 503, "db_unavailable", "tidak dapat terhubung ke PostgreSQL (%s:%s/%s): %s", host ? host : "?",
                port ? port : "?", dbn ? dbn : "?", msg);
        PQfinish(c);
        return -1;
    }
    pg_db *d = xcalloc(1, sizeof *d);
    d->base.drv = &db_postgres_driver;
    d->c = c;
    const char *cache = getenv("BEKAL_PG_STMT_CACHE");
    d->use_cache = !(cache && str_eq(cache, "0"));
    if (pg_session_setup(d, e) < 0) {
        PQfinish(c);
        free(d);
        return -1;
    }
    *out = &d->base;
    return 0;
}

static void pg_close(db_t *db)
{
    pg_db *d = (pg_db *)db;
    pg_cache_clear(d, false); /* the server forgets them with the session */
    PQfinish(d->c);
    free(d);
}

/* ---- SQL text ---------------------------------------------------------------- */

static bool pg_identch(char ch) { return isalnum((unsigned char)ch) || ch == '_' || ch == '$'; }

/* Length of the $tag$ opening at p (p[0] == '$'), or 0 when it is not one. */
static size_t pg_dollar_tag(const char *p)
{
    size_t i = 1;
    if (p[1] != '$' && !(isalpha((unsigned char)p[1]) || p[1] == '_')) return 0;
    while (p[i] && p[i] != '$') {
        if (!(isalnum((unsigned char)p[i]) || p[i] == '_')) return 0;
        i++;
    }
    return p[i] == '$' ? i + 1 : 0;
}

/* Rewrites `?` to $1..$n outside literals, quoted identifiers and comments.
 * Returns a new string (caller frees) and the count in *n. */
static char *pg_rewrite(const char *sql, int *n)
{
    buf_t b;
    buf_init(&b);
    buf_reserve(&b, strlen(sql) + 16);
    const char *p = sql, *span = sql; /* text from span to p is copied verbatim */
    *n = 0;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            bool esc = q == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') && (p - 1 == sql || !pg_identch(p[-2]));
            for (p++; *p; p++) {
                if (esc && *p == '\\' && p[1]) p++;
                else if (*p == q) {
                    if (p[1] == q) p++;
                    else break;
                }
            }
            if (*p) p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else if (p[0] == '/' && p[1] == '*') {
            int depth = 0;
            while (*p) {
                if (p[0] == '/' && p[1] == '*') depth++, p += 2;
                else if (p[0] == '*' && p[1] == '/') {
                    p += 2;
                    if (--depth == 0) break;
                } else p++;
            }
        } else if (*p == '$' && (p == sql || !pg_identch(p[-1])) && pg_dollar_tag(p)) {
            size_t tl = pg_dollar_tag(p);
            const char *end = NULL;
            for (const char *s = p + tl; (s = strchr(s, '$')); s++)
                if (strncmp(s, p, tl) == 0) {
                    end = s;
                    break;
                }
            p = end ? end + tl : p + strlen(p);
        } else if (*p == '?') {
            buf_append(&b, span, (size_t)(p - span));
            buf_printf(&b, "$%d", ++*n);
            span = ++p;
        } else p++;
    }
    buf_append(&b, span, (size_t)(p - span));
    return buf_steal(&b);
}

/* True when sql begins (after space, comments and parentheses) with keyword kw. */
static bool pg_starts(const char *sql, const char *kw)
{
    const char *p = sql;
    for (;;) {
        while (isspace((unsigned char)*p) || *p == '(') p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else break;
    }
    size_t n = strlen(kw);
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)p[i]) != kw[i]) return false;
    return !pg_identch(p[n]);
}

static bool pg_is_dml(const char *sql)
{
    return pg_starts(sql, "SELECT") || pg_starts(sql, "INSERT") || pg_starts(sql, "UPDATE") ||
           pg_starts(sql, "DELETE") || pg_starts(sql, "WITH") || pg_starts(sql, "VALUES");
}
/* Statements that cannot change a table's shape; anything else drops the cache. */
static bool pg_keeps_schema(const char *sql)
{
    static const char *const kw[] = {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT",
                                      "RELEASE", "SET", "SHOW", "LOCK", "DEALLOCATE", "ANALYZE", "VACUUM"};
    if (pg_is_dml(sql)) return true;
    for (size_t i = 0; i < ARRAY_LEN(kw); i++)
        if (pg_starts(sql, kw[i])) return true;
    return false;
}

/* ---- running statements -------------------------------------------------------- */

static void pg_push(pg_stmt *s, PGresult *r)
{
    if (s->qlen == s->qcap) {
        s->qcap = s->qcap ? s->qcap * 2 : 16;
        s->q = xrealloc(s->q, s->qcap * sizeof *s->q);
    }
    s->q[s->qlen++] = r;
}

/* Reads the rest of s's results off the wire into s->q, freeing the connection. */
static void pg_drain(pg_db *d)
{
    pg_stmt *s = d->streaming;
    if (!s) return;
    /* Single-row results cost ~2 KB each; rows are gathered into one result. */
    PGresult *r, *acc = NULL;
    while ((r = PQgetResult(d->c))) {
        if (PQresultStatus(r) != PGRES_SINGLE_TUPLE) {
            if (acc) pg_push(s, acc);
            acc = NULL;
            pg_push(s, r);
            continue;
        }
        if (!acc) {
            acc = PQcopyResult(r, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
            if (!acc) abort(); /* out of memory: the allocation policy */
        } else {
            int t = PQntuples(acc), nf = PQnfields(r);
            for (int f = 0; f < nf; f++) {
                bool null = PQgetisnull(r, 0, f);
                if (!PQsetvalue(acc, t, f, null ? NULL : PQgetvalue(r, 0, f), null ? -1 : PQgetlength(r, 0, f)))
                    abort();
            }
        }
        PQclear(r);
    }
    if (acc) pg_push(s, acc);
    d->streaming = NULL;
}

/* Next result of s: read ahead, or from the wire; NULL at the end. */
static PGresult *pg_next(pg_db *d, pg_stmt *s)
{
    if (s->qhead < s->qlen) return s->q[s->qhead++];
    if (d->streaming != s) return NULL;
    PGresult *r = PQgetResult(d->c);
    if (!r) d->streaming = NULL;
    return r;
}

/* Sends s to the server. Returns 0, or -1 with s->err set. */
static int pg_start(pg_stmt *s)
{
    pg_db *d = (pg_db *)s->base.db;
    if (d->streaming && d->streaming != s) pg_drain(d);
    if (pg_ensure(d, false, &s->err) < 0) return -1;
    PGTransactionStatusType before = PQtransactionStatus(d->c);
    s->idle_at_start = before == PQTRANS_IDLE;
    const char *name = NULL;
    if (s->cacheable && !s->retried) {
        name = pg_cache_get(d, s);
        if (!name && s->has_err) {
            pg_note_failure(d, before);
            return -1;
        }
    }
    const char *const *vals = (const char *const *)s->vals;
    int ok = name ? PQsendQueryPrepared(d->c, name, s->nparams, vals, NULL, NULL, 0)
                  : PQsendQueryParams(d->c, s->sql, s->nparams, NULL, vals, NULL, NULL, 0);
    if (!ok) {
        pg_err(d, NULL, &s->err);
        s->has_err = true;
        pg_note_failure(d, before);
        return -1;
    }
    PQsetSingleRowMode(d->c); /* if refused, rows arrive in one result; pg_fetch copes */
    d->streaming = s;
    s->state = ST_RUNNING;
    return 0;
}

/* Moves s to its next row: 1 row, 0 done, -1 error (s->err). */
static int pg_fetch(pg_stmt *s)
{
    pg_db *d = (pg_db *)s->base.db;
    if (s->cur && s->row + 1 < PQntuples(s->cur)) {
        s->row++;
        return 1;
    }
    if (s->cur) {
        PQclear(s->meta);
        s->meta = s->cur;
        s->cur = NULL;
    }
    if (s->state == ST_DONE) return s->has_err ? -1 : 0;
    if (s->state == ST_NEW && pg_start(s) < 0) {
        s->has_err = true;
        s->state = ST_DONE;
        return -1;
    }
    for (;;) {
        PGresult *r = pg_next(d, s);
        if (!r) {
            if (s->retry_pending) { /* stale cached statement, nothing done yet: run it afresh */
                s->retry_pending = false;
                s->retried = true;
                s->has_err = false;
                err_clear(&s->err);
                if (pg_start(s) < 0) {
                    s->has_err = true;
                    s->state = ST_DONE;
                    return -1;
                }
                continue;
            }
            s->state = ST_DONE;
            if (s->has_err) pg_note_failure(d, s->idle_at_start ? PQTRANS_IDLE : PQTRANS_INTRANS);
            else if (!s->cacheable && !pg_keeps_schema(s->orig)) pg_cache_clear(d, true); /* DDL ran */
            return s->has_err ? -1 : 0;
        }
        ExecStatusType st = PQresultStatus(r);
        if (s->has_err || s->retry_pending) {
            PQclear(r);
            continue;
        }
        if (st == PGRES_SINGLE_TUPLE || (st == PGRES_TUPLES_OK && PQntuples(r) > 0)) {
            if (st == PGRES_TUPLES_OK) s->changes = strtoll(PQcmdTuples(r), NULL, 10);
            s->cur = r;
            s->row = 0;
            s->rows_seen = true;
            return 1;
        }
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY) {
            s->changes = strtoll(PQcmdTuples(r), NULL, 10);
            if (st == PGRES_TUPLES_OK) {
                PQclear(s->meta);
                s->meta = r;
            } else PQclear(r);
            continue;
        }
        pg_err(d, r, &s->err);
        s->has_err = true;
        if (str_eq(s->err.code, "db_stale_plan")) {
            pg_cache_drop(d, s->orig);
            if (s->idle_at_start && !s->rows_seen && !s->retried) s->retry_pending = true;
        }
        PQclear(r);
    }
}

/* Cacheable statements are prepared on the server now (once per connection), so
 * syntax errors show here as with SQLite; others are checked on the first step. */
static db_stmt_t *pg_prepare(db_t *db, const char *sql, err_t *e)
{
    pg_db *d = (pg_db *)db;
    pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.db = db;
    s->orig = xstrdup(sql);
    s->sql = pg_rewrite(sql, &s->nparams);
    s->vals = s->nparams ? xcalloc((size_t)s->nparams, sizeof *s->vals) : NULL;
    s->cacheable = d->use_cache && pg_is_dml(sql);
    if (s->cacheable && d->ncached < PG_CACHE_MAX && !pg_cache_find(d, s->orig, pg_hash(s->orig))) {
        pg_drain(d);
        if (pg_ensure(d, false, e) < 0) {
            pg_finalize(&s->base);
            return NULL;
        }
        PGTransactionStatusType before = PQtransactionStatus(d->c);
        if (!pg_cache_get(d, s) && s->has_err) {
            if (e) *e = s->err;
            pg_note_failure(d, before);
            pg_finalize(&s->base);
            return NULL;
        }
    }
    return &s->base;
}

static void pg_set(db_stmt_t *st, int i, char *v)
{
    pg_stmt *s = (pg_stmt *)st;
    if (i < 1 || i > s->nparams || s->state != ST_NEW) { /* out of range: ignored, as SQLite does */
        free(v);
        return;
    }
    free(s->vals[i - 1]);
    s->vals[i - 1] = v;
}
static void pg_bind_text(db_stmt_t *st, int i, const char *v) { pg_set(st, i, v ? xstrdup(v) : NULL); }
static void pg_bind_int(db_stmt_t *st, int i, int64_t v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%" PRId64, v);
    pg_set(st, i, xstrdup(tmp));
}
static void pg_bind_null(db_stmt_t *st, int i) { pg_set(st, i, NULL); }

static int pg_step(db_stmt_t *st, err_t *e)
{
    pg_stmt *s = (pg_stmt *)st;
    int rc;
    if (s->peeked) {
        s->peeked = false;
        rc = s->peek_rc;
    } else rc = pg_fetch(s);
    if (rc < 0 && e) *e = s->err;
    return rc;
}

/* Column information needs a result: before the first step, fetch the first row
 * now and hand it out on that step. */
static PGresult *pg_described(pg_stmt *s)
{
    if (s->state == ST_NEW && !s->peeked) {
        s->peek_rc = pg_fetch(s);
        s->peeked = true;
    }
    return s->cur ? s->cur : s->meta;
}
static int pg_ncols(db_stmt_t *st)
{
    PGresult *r = pg_described((pg_stmt *)st);
    return r ? PQnfields(r) : 0;
}
static const char *pg_col_name(db_stmt_t *st, int c)
{
    PGresult *r = pg_described((pg_stmt *)st);
    return r && c >= 0 && c < PQnfields(r) ? PQfname(r, c) : NULL;
}
static bool pg_col_null(db_stmt_t *st, int c)
{
    pg_stmt *s = (pg_stmt *)st;
    return !s->cur || c < 0 || c >= PQnfields(s->cur) || PQgetisnull(s->cur, s->row, c);
}
static const char *pg_col_text(db_stmt_t *st, int c)
{
    pg_stmt *s = (pg_stmt *)st;
    if (pg_col_null(st, c)) return NULL;
    const char *v = PQgetvalue(s->cur, s->row, c);
    if (PQftype(s->cur, c) == PG_BOOLOID) return v[0] == 't' ? "1" : "0";
    return v;
}
static int64_t pg_col_int(db_stmt_t *st, int c)
{
    const char *v = pg_col_text(st, c);
    return v ? strtoll(v, NULL, 10) : 0;
}
static int64_t pg_changes(db_stmt_t *st) { return ((pg_stmt *)st)->changes; }

static void pg_finalize(db_stmt_t *st)
{
    pg_stmt *s = (pg_stmt *)st;
    pg_db *d = (pg_db *)st->db;
    if (d->streaming == s) { /* read and drop what is left; cancelling would abort a transaction */
        PGresult *r;
        while ((r = PQgetResult(d->c))) PQclear(r);
        d->streaming = NULL;
    }
    for (size_t i = s->qhead; i < s->qlen; i++) PQclear(s->q[i]);
    free(s->q);
    PQclear(s->cur);
    PQclear(s->meta);
    for (int i = 0; i < s->nparams; i++) free(s->vals[i]);
    free(s->vals);
    free(s->sql);
    free(s->orig);
    free(s);
}

/* Runs sql (possibly several statements, no parameters). */
static int pg_exec(db_t *db, const char *sql, err_t *e)
{
    pg_db *d = (pg_db *)db;
    pg_drain(d);
    bool rollback = pg_starts(sql, "ROLLBACK") || pg_starts(sql, "ABORT");
    if (rollback && PQstatus(d->c) == CONNECTION_BAD) { /* the server already dropped that transaction */
        d->lost_tx = false;
        err_t ignored;
        pg_ensure(d, true, &ignored);
        return 0;
    }
    if (pg_ensure(d, rollback, e) < 0) return -1;
    PGTransactionStatusType before = PQtransactionStatus(d->c);
    PGresult *r = PQexec(d->c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        pg_err(d, r, e);
        PQclear(r);
        pg_note_failure(d, before);
        return -1;
    }
    /* COMMIT of a failed transaction "succeeds" as ROLLBACK: that is a failure. */
    bool rolled_back = (pg_starts(sql, "COMMIT") || pg_starts(sql, "END")) && str_eq(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    if (rolled_back)
        return err_set(e, 500, "db_error", "%s", "transaksi dibatalkan oleh PostgreSQL karena kesalahan sebelumnya");
    if (!pg_keeps_schema(sql)) pg_cache_clear(d, true);
    return 0;
}

const db_driver_t db_postgres_driver = {
    .kind = DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .ncols = pg_ncols,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_null = pg_col_null,
    .col_name = pg_col_name,
    .changes = pg_changes,
    .finalize = pg_finalize,
    .is_retryable = pg_retryable,
};
