/* test_db.c — the store layer (db.h) against a real database: the URL in
 * BEKAL_TEST_DB (postgres://... or an SQLite path), or a temporary SQLite file.
 * The same tests run on both drivers; the few that only make sense on one say so
 * and are skipped on the other. On PostgreSQL the schema `public` is dropped and
 * recreated first, so give it a database of its own (scripts/pg.sh newdb). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/db.h"
#include "testdb.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct migration {
    const char *name;
    const char *sql;
};
extern const struct migration bekal_migrations[];
extern const int bekal_migrations_count;

static testdb_t g_t;
#define g_url (g_t.url)
static db_t *g_db;

static bool is_pg(void) { return db_kind(g_db) == DB_POSTGRES; }


static int64_t q_int(const char *sql, const char *types, ...)
{
    /* only used with "" or "t": keep it simple */
    err_t e;
    err_clear(&e);
    va_list ap;
    va_start(ap, types);
    const char *arg = types && types[0] == 't' ? va_arg(ap, const char *) : NULL;
    va_end(ap);
    int64_t v = types && types[0] == 't' ? db_one_int(g_db, &e, sql, "t", arg) : db_one_int(g_db, &e, sql, "");
    check_ok(v, &e, sql);
    return v;
}

static int group_setup(void **state)
{
    (void)state;
    g_db = testdb_open(&g_t, "db", false); /* the migrations are what it tests */
    return g_db ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    testdb_close(&g_t, g_db);
    return 0;
}

/* ---- migrations --------------------------------------------------------------- */

static void test_migrate_twice(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    check_ok(db_migrate(g_db, &e), &e, "first migrate");
    assert_int_equal(q_int("SELECT count(*) FROM schema_migrations", ""), bekal_migrations_count);
    check_ok(db_migrate(g_db, &e), &e, "second migrate");
    assert_int_equal(q_int("SELECT count(*) FROM schema_migrations", ""), bekal_migrations_count);
    for (int i = 0; i < bekal_migrations_count; i++)
        assert_int_equal(q_int("SELECT count(*) FROM schema_migrations WHERE name = ?", "t", bekal_migrations[i].name),
                         1);
    assert_int_equal(q_int("SELECT count(*) FROM site", ""), 0);
    assert_int_equal(q_int("SELECT last_id FROM audit_head WHERE id = 1", ""), 0);
    check_ok(db_exec(g_db, "CREATE TABLE tnull (id INTEGER, a TEXT, b BIGINT)", &e), &e, "create tnull");
}

/* ---- statements ---------------------------------------------------------------- */

static int64_t add_site(const char *code, const char *name, err_t *e)
{
    return db_one_int(g_db, e, "INSERT INTO site(code, name) VALUES (?, ?) RETURNING id", "tt", code, name);
}

static void test_insert_returning(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    int64_t a = add_site("LP01", "Lapas Satu", &e);
    check_ok(a, &e, "insert LP01");
    int64_t b = add_site("LP02", "Lapas Dua", &e);
    check_ok(b, &e, "insert LP02");
    assert_true(a > 0);
    assert_true(b > a);
    db_stmt_t *st = db_query(g_db, &e, "SELECT id, code, name FROM site WHERE id = ?", "i", b);
    assert_non_null(st);
    assert_int_equal(db_step(st, &e), 1);
    assert_int_equal(db_col_int(st, 0), b);
    assert_string_equal(db_col_text(st, 1), "LP02");
    assert_string_equal(db_col_text(st, 2), "Lapas Dua");
    assert_int_equal(db_step(st, &e), 0);
    db_finalize(st);
}

static void test_quotes_in_parameters(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    const char *nasty = "O'Brien \"si ?\" '); DROP TABLE site; -- $1 \\ 'x''y' ?";
    int64_t id = add_site("Q'1", nasty, &e);
    check_ok(id, &e, "insert nasty");
    db_stmt_t *st = db_query(g_db, &e, "SELECT name, code FROM site WHERE code = ? AND name = ?", "tt", "Q'1", nasty);
    assert_non_null(st);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), nasty);
    assert_string_equal(db_col_text(st, 1), "Q'1");
    db_finalize(st);
    /* UTF-8 survives both ways */
    const char *utf = "Lapas Perempuan — Kelas IIA, Semarang ✓";
    check_ok(db_run(g_db, &e, "UPDATE site SET region = ? WHERE id = ?", "ti", utf, id), &e, "update utf8");
    st = db_query(g_db, &e, "SELECT region FROM site WHERE id = ?", "i", id);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), utf);
    db_finalize(st);
}

static void test_placeholder_in_literals(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    /* `?` inside '...', "..." and comments is text, not a parameter. */
    db_stmt_t *st = db_query(g_db, &e,
                             "SELECT 'a?''b?' || ? AS \"what?\", /* ? */ ? -- trailing ?\n"
                             "  AS second",
                             "ti", "x", (int64_t)42);
    assert_non_null(st);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "a?'b?x");
    assert_string_equal(db_col_name(st, 0), "what?");
    assert_int_equal(db_col_int(st, 1), 42);
    assert_string_equal(db_col_name(st, 1), "second");
    assert_int_equal(db_step(st, &e), 0);
    db_finalize(st);
    assert_int_equal(q_int("SELECT count(*) FROM site WHERE name <> 'is this ?' AND code = ?", "t", "LP01"), 1);
}

static void test_nulls(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    check_ok(db_run(g_db, &e, "INSERT INTO tnull(id, a, b) VALUES (?, ?, ?)", "itn", (int64_t)1, (const char *)NULL),
             &e, "insert nulls");
    check_ok(db_run(g_db, &e, "INSERT INTO tnull(id, a, b) VALUES (?, ?, ?)", "iti", (int64_t)2, "", (int64_t)-7), &e,
             "insert values");
    db_stmt_t *st = db_prepare(g_db, "INSERT INTO tnull(id, a, b) VALUES (?, ?, ?)", &e);
    assert_non_null(st);
    db_bind_int(st, 1, 3);
    db_bind_text(st, 2, "tiga");
    db_bind_null(st, 3);
    assert_int_equal(db_step(st, &e), 0);
    assert_int_equal(db_changes(st), 1);
    db_finalize(st);

    st = db_query(g_db, &e, "SELECT a, b FROM tnull ORDER BY id", "");
    assert_int_equal(db_step(st, &e), 1);
    assert_true(db_col_null(st, 0));
    assert_null(db_col_text(st, 0));
    assert_true(db_col_null(st, 1));
    assert_int_equal(db_col_int(st, 1), 0);
    assert_int_equal(db_step(st, &e), 1);
    assert_false(db_col_null(st, 0)); /* '' is not NULL */
    assert_string_equal(db_col_text(st, 0), "");
    assert_int_equal(db_col_int(st, 1), -7);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "tiga");
    assert_true(db_col_null(st, 1));
    assert_int_equal(db_step(st, &e), 0);
    db_finalize(st);
    assert_int_equal(q_int("SELECT count(*) FROM tnull WHERE b IS NULL", ""), 2);
    /* big integers round-trip */
    check_ok(db_run(g_db, &e, "UPDATE tnull SET b = ? WHERE id = 3", "i", (int64_t)INT64_MAX), &e, "big");
    assert_int_equal(q_int("SELECT b FROM tnull WHERE id = 3", ""), INT64_MAX);
}

static void test_changes(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_int_equal(db_run(g_db, &e, "UPDATE site SET head_name = ? WHERE code LIKE ?", "tt", "Kalapas", "LP%"), 2);
    assert_int_equal(db_run(g_db, &e, "UPDATE site SET head_name = ? WHERE code = ?", "tt", "x", "none"), 0);
    assert_int_equal(db_run(g_db, &e, "DELETE FROM tnull WHERE id >= ?", "i", (int64_t)2), 2);
    /* booleans read as 1/0 on both databases */
    db_stmt_t *st = db_query(g_db, &e, "SELECT count(*) > 0, count(*) < 0 FROM site", "");
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "1");
    assert_int_equal(db_col_int(st, 0), 1);
    assert_int_equal(db_col_int(st, 1), 0);
    db_finalize(st);
}

static void test_unique_conflict(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_int_equal(add_site("LP01", "lagi", &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.code, "conflict");
    assert_true(strlen(e.msg) > 0);
    /* the connection stays usable */
    assert_int_equal(q_int("SELECT count(*) FROM site WHERE code = ?", "t", "LP01"), 1);
    /* other errors are 500 db_error */
    err_clear(&e);
    /* a bad statement fails at prepare (SQLite, PostgreSQL's cached DML) or at the first step */
    db_stmt_t *st = db_query(g_db, &e, "SELECT nope FROM nowhere WHERE x = ?", "i", (int64_t)1);
    if (st) {
        assert_int_equal(db_step(st, &e), -1);
        db_finalize(st);
    }
    assert_string_equal(e.code, "db_error");
    err_clear(&e);
    assert_int_equal(db_run(g_db, &e, "SELECT nope FROM nowhere", ""), -1);
    assert_int_equal(e.status, 500);
    assert_string_equal(e.code, "db_error");
    err_clear(&e);
    assert_int_equal(db_exec(g_db, "INSERT INTO nowhere VALUES (1)", &e), -1);
    assert_string_equal(e.code, "db_error");
}

/* Column names before the first step and after an empty result. */
static void test_columns(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(g_db, &e, "SELECT code, name AS nama FROM site WHERE code = ? ORDER BY id", "t", "LP01");
    assert_int_equal(db_ncols(st), 2);
    assert_string_equal(db_col_name(st, 1), "nama");
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "LP01");
    assert_int_equal(db_step(st, &e), 0);
    db_finalize(st);
    st = db_query(g_db, &e, "SELECT code, name FROM site WHERE code = ?", "t", "nothing");
    assert_int_equal(db_step(st, &e), 0);
    assert_int_equal(db_ncols(st), 2);
    assert_string_equal(db_col_name(st, 0), "code");
    db_finalize(st);
}

/* ---- transactions ---------------------------------------------------------------- */

struct txc {
    const char *code;
    int fail_at; /* 0 never, 1 outer after insert, 2 inner after insert */
    int calls;
};
static int tx_inner(db_t *db, void *vctx, err_t *e)
{
    struct txc *c = vctx;
    char code[64];
    snprintf(code, sizeof code, "%s-in", c->code);
    if (db_one_int(db, e, "INSERT INTO site(code, name) VALUES (?, ?) RETURNING id", "tt", code, "inner") < 0)
        return -1;
    if (c->fail_at == 2) return err_set(e, 422, "inner_failed", "%s", "gagal di dalam");
    return 0;
}
static int tx_outer(db_t *db, void *vctx, err_t *e)
{
    struct txc *c = vctx;
    c->calls++;
    assert_int_equal(db->tx_depth, 1);
    if (db_one_int(db, e, "INSERT INTO site(code, name) VALUES (?, ?) RETURNING id", "tt", c->code, "outer") < 0)
        return -1;
    if (c->fail_at == 1) return err_set(e, 422, "outer_failed", "%s", "gagal");
    if (db_tx(db, tx_inner, c, e) < 0) return -1;
    assert_int_equal(db->tx_depth, 1);
    return 0;
}
static int64_t count_code(const char *code) { return q_int("SELECT count(*) FROM site WHERE code = ?", "t", code); }

static void test_tx_commit_rollback_nested(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    struct txc ok = {"TX1", 0, 0};
    check_ok(db_tx(g_db, tx_outer, &ok, &e), &e, "tx commit");
    assert_int_equal(ok.calls, 1);
    assert_int_equal(g_db->tx_depth, 0);
    assert_int_equal(count_code("TX1"), 1);
    assert_int_equal(count_code("TX1-in"), 1);

    struct txc bad = {"TX2", 1, 0};
    assert_int_equal(db_tx(g_db, tx_outer, &bad, &e), -1);
    assert_string_equal(e.code, "outer_failed"); /* the caller's error survives the rollback */
    assert_int_equal(e.status, 422);
    assert_int_equal(count_code("TX2"), 0);

    struct txc inner_bad = {"TX3", 2, 0};
    assert_int_equal(db_tx(g_db, tx_outer, &inner_bad, &e), -1);
    assert_string_equal(e.code, "inner_failed");
    assert_int_equal(count_code("TX3"), 0); /* the inner failure rolls back the outer work too */
    assert_int_equal(count_code("TX3-in"), 0);
    assert_int_equal(g_db->tx_depth, 0);

    /* a database error inside the transaction: rolled back, connection usable */
    struct txc dup = {"LP01", 0, 0};
    assert_int_equal(db_tx(g_db, tx_outer, &dup, &e), -1);
    assert_string_equal(e.code, "conflict");
    assert_int_equal(dup.calls, 1); /* not retried */
    assert_int_equal(count_code("LP01-in"), 0);
    assert_int_equal(count_code("LP01"), 1);
}

/* db_dry_run (issue 22): the act runs and its outputs are kept, its writes are not;
 * a failure is the act's own; inside a transaction it is refused. */
static int tx_dry_outer(db_t *db, void *vctx, err_t *e)
{
    (void)vctx;
    return db_dry_run(db, tx_outer, &(struct txc){"DRY9", 0, 0}, e);
}
static void test_dry_run(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    struct txc ok = {"DRY1", 0, 0};
    check_ok(db_dry_run(g_db, tx_outer, &ok, &e), &e, "dry run");
    assert_int_equal(ok.calls, 1); /* it ran */
    assert_int_equal(e.status, 0);
    assert_int_equal(g_db->tx_depth, 0);
    assert_int_equal(count_code("DRY1"), 0); /* and nothing stayed */
    assert_int_equal(count_code("DRY1-in"), 0);

    struct txc bad = {"DRY2", 1, 0};
    assert_int_equal(db_dry_run(g_db, tx_outer, &bad, &e), -1);
    assert_string_equal(e.code, "outer_failed");
    assert_int_equal(e.status, 422);

    struct txc real = {"DRY3", 0, 0};
    check_ok(db_tx(g_db, tx_outer, &real, &e), &e, "real after dry");
    assert_int_equal(count_code("DRY3"), 1);

    assert_int_equal(db_tx(g_db, tx_dry_outer, NULL, &e), -1);
    assert_string_equal(e.code, "in_transaction");
    assert_int_equal(count_code("DRY9"), 0);
}

/* PostgreSQL only: a serialisation failure makes db_tx run the function again. */
struct serctx {
    int calls;
    db_t *other;
};
static int tx_conflicting(db_t *db, void *vctx, err_t *e)
{
    struct serctx *c = vctx;
    c->calls++;
    int64_t v = db_one_int(db, e, "SELECT b FROM tnull WHERE id = 100", "");
    if (v < 0) return -1;
    if (c->calls == 1) { /* someone else changes the row after we read it */
        err_t e2;
        err_clear(&e2);
        check_ok(db_run(c->other, &e2, "UPDATE tnull SET b = b + 10 WHERE id = 100", ""), &e2, "other update");
    }
    return db_run(db, e, "UPDATE tnull SET b = ? WHERE id = 100", "i", v + 1) < 0 ? -1 : 0;
}
static void test_tx_retries_serialization(void **state)
{
    (void)state;
    if (!is_pg()) skip();
    err_t e;
    err_clear(&e);
    check_ok(db_run(g_db, &e, "INSERT INTO tnull(id, a, b) VALUES (100, 'ser', 0)", ""), &e, "seed");
    struct serctx c = {0, NULL};
    check_ok(db_open(g_url, &c.other, &e), &e, "open second connection");
    check_ok(db_tx(g_db, tx_conflicting, &c, &e), &e, "tx with conflict");
    assert_int_equal(c.calls, 2);
    assert_int_equal(q_int("SELECT b FROM tnull WHERE id = 100", ""), 11);
    assert_true(g_db->drv->is_retryable(&(err_t){503, "db_serialization", ""}));
    assert_false(g_db->drv->is_retryable(&(err_t){409, "conflict", ""}));
    db_close(c.other);
}

/* ---- reading while reading, many rows ------------------------------------------ */

static int fill_rows(db_t *db, void *vctx, err_t *e)
{
    (void)vctx;
    for (int i = 1; i <= 3000; i++) {
        if (db_run(db, e, "INSERT INTO tnull(id, a, b) VALUES (?, ?, ?)", "iti", (int64_t)(1000 + i), "row",
                   (int64_t)i) < 0)
            return -1;
    }
    return 0;
}
static void test_nested_reads(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    check_ok(db_tx(g_db, fill_rows, NULL, &e), &e, "fill");
    db_stmt_t *outer = db_query(g_db, &e, "SELECT id, b FROM tnull WHERE a = ? ORDER BY id", "t", "row");
    assert_non_null(outer);
    int n = 0, rc;
    int64_t sum = 0;
    while ((rc = db_step(outer, &e)) == 1) {
        int64_t id = db_col_int(outer, 0);
        if (n % 500 == 0) { /* another statement on the same connection mid-iteration */
            assert_int_equal(q_int("SELECT b FROM tnull WHERE id = 1001", ""), 1);
        }
        assert_int_equal(id, 1001 + n);
        sum += db_col_int(outer, 1);
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 3000);
    assert_int_equal(sum, 3000 * 3001 / 2);
    db_finalize(outer);

    /* leaving a statement half read, then using the connection */
    outer = db_query(g_db, &e, "SELECT id FROM tnull WHERE a = ? ORDER BY id", "t", "row");
    assert_int_equal(db_step(outer, &e), 1);
    db_finalize(outer);
    assert_int_equal(q_int("SELECT count(*) FROM tnull WHERE a = ?", "t", "row"), 3000);
    check_ok(db_run(g_db, &e, "DELETE FROM tnull WHERE a = ?", "t", "row"), &e, "cleanup");
}

/* A table's shape changes under a statement already prepared on this connection
 * (here, and from another connection). */
static void test_schema_change(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    check_ok(db_exec(g_db, "CREATE TABLE tshape (a INTEGER)", &e), &e, "create");
    check_ok(db_run(g_db, &e, "INSERT INTO tshape(a) VALUES (1)", ""), &e, "insert");
    const char *sel = "SELECT * FROM tshape";
    for (int round = 0; round < 3; round++) {
        db_stmt_t *st = db_query(g_db, &e, sel, "");
        int rc = db_step(st, &e);
        if (rc < 0) fail_msg("round %d: %s", round, e.msg);
        assert_int_equal(rc, 1);
        assert_int_equal(db_ncols(st), 1 + round);
        db_finalize(st);
        if (round == 0) {
            check_ok(db_exec(g_db, "ALTER TABLE tshape ADD COLUMN b TEXT", &e), &e, "alter here");
        } else if (round == 1) {
            db_t *other = NULL;
            check_ok(db_open(g_url, &other, &e), &e, "open other");
            check_ok(db_exec(other, "ALTER TABLE tshape ADD COLUMN c TEXT", &e), &e, "alter elsewhere");
            db_close(other);
        }
    }
}

static int tx_select_shape(db_t *db, void *vctx, err_t *e)
{
    int *calls = vctx;
    ++*calls;
    db_stmt_t *st = db_query(db, e, "SELECT * FROM tshape", "");
    int rc = db_step(st, e);
    int n = db_ncols(st);
    db_finalize(st);
    if (rc < 0) return -1;
    return n == 4 ? 0 : err_set(e, 500, "wrong_shape", "%d kolom", n);
}
/* The same inside a transaction: db_tx runs the function again. */
static void test_schema_change_in_tx(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_int_equal(q_int("SELECT count(*) FROM (SELECT * FROM tshape) t", ""), 1);
    db_stmt_t *st = db_query(g_db, &e, "SELECT * FROM tshape", ""); /* prepared with 3 columns */
    assert_int_equal(db_step(st, &e), 1);
    assert_int_equal(db_ncols(st), 3);
    db_finalize(st);
    db_t *other = NULL;
    check_ok(db_open(g_url, &other, &e), &e, "open other");
    check_ok(db_exec(other, "ALTER TABLE tshape ADD COLUMN d TEXT", &e), &e, "alter elsewhere");
    db_close(other);
    int calls = 0;
    check_ok(db_tx(g_db, tx_select_shape, &calls, &e), &e, "tx after schema change");
    const char *cache = getenv("BEKAL_PG_STMT_CACHE");
    bool cached = is_pg() && !(cache && str_eq(cache, "0"));
    assert_int_equal(calls, cached ? 2 : 1); /* only a prepared statement goes stale */
}

/* PostgreSQL only: the server drops the connection; the driver says 503 and then
 * reconnects by itself (outside a transaction). */
static void test_connection_lost(void **state)
{
    (void)state;
    if (!is_pg()) skip();
    err_t e;
    err_clear(&e);
    int64_t pid = q_int("SELECT pg_backend_pid()", "");
    db_t *other = NULL;
    check_ok(db_open(g_url, &other, &e), &e, "open other");
    check_ok(db_run(other, &e, "SELECT pg_terminate_backend(?)", "i", pid), &e, "terminate");
    usleep(100000);
    int64_t v = db_one_int(g_db, &e, "SELECT 1", "");
    assert_int_equal(v, -1);
    assert_int_equal(e.status, 503);
    assert_string_equal(e.code, "db_unavailable");
    assert_int_equal(q_int("SELECT count(*) FROM site WHERE code = ?", "t", "LP01"), 1); /* reconnected */

    /* inside a transaction: fails until the rollback, never half-commits */
    pid = q_int("SELECT pg_backend_pid()", "");
    check_ok(db_exec(g_db, "BEGIN", &e), &e, "begin");
    check_ok(add_site("LOST1", "x", &e), &e, "insert in tx");
    check_ok(db_run(other, &e, "SELECT pg_terminate_backend(?)", "i", pid), &e, "terminate");
    usleep(100000);
    assert_int_equal(add_site("LOST2", "x", &e), -1);
    assert_string_equal(e.code, "db_unavailable");
    assert_int_equal(add_site("LOST3", "x", &e), -1); /* still in the lost transaction */
    assert_string_equal(e.code, "db_unavailable");
    check_ok(db_exec(g_db, "ROLLBACK", &e), &e, "rollback");
    assert_int_equal(count_code("LOST1") + count_code("LOST2") + count_code("LOST3"), 0);
    db_close(other);
}

static void test_open_errors(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    db_t *db = NULL;
    assert_int_equal(db_open("postgres://budi:rahasia123@127.0.0.1:1/bekal", &db, &e), -1);
    assert_null(db);
    assert_int_equal(e.status, 503);
    assert_string_equal(e.code, "db_unavailable");
    assert_non_null(strstr(e.msg, "tidak dapat terhubung ke PostgreSQL"));
    assert_null(strstr(e.msg, "rahasia123")); /* never the password */
}

/* ---- pool ------------------------------------------------------------------------ */

struct waiter {
    db_pool_t *pool;
    db_t *got;
};
static void *pool_waiter(void *arg)
{
    struct waiter *w = arg;
    err_t e;
    err_clear(&e);
    w->got = db_pool_get(w->pool, &e);
    return NULL;
}
static void test_pool(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    db_pool_t *p = db_pool_new(g_url, 2);
    db_t *a = db_pool_get(p, &e);
    assert_non_null(a);
    db_t *b = db_pool_get(p, &e);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    assert_int_equal(db_one_int(a, &e, "SELECT count(*) FROM site WHERE code = ?", "t", "LP01"), 1);
    assert_int_equal(db_one_int(b, &e, "SELECT count(*) FROM site WHERE code = ?", "t", "LP02"), 1);
    db_pool_put(p, a);
    db_t *c = db_pool_get(p, &e);
    assert_ptr_equal(c, a); /* handed back and reused */

    /* both out: a third caller waits until one comes back */
    struct waiter w = {p, NULL};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, pool_waiter, &w), 0);
    usleep(100000);
    assert_null(w.got);
    /* a connection returned inside an open transaction is rolled back first */
    check_ok(db_exec(b, is_pg() ? "BEGIN" : "BEGIN IMMEDIATE", &e), &e, "begin");
    b->tx_depth = 1;
    check_ok(db_run(b, &e, "INSERT INTO site(code, name) VALUES ('POOL', 'x')", ""), &e, "insert");
    db_pool_put(p, b);
    pthread_join(th, NULL);
    assert_ptr_equal(w.got, b);
    assert_int_equal(b->tx_depth, 0);
    assert_int_equal(db_one_int(b, &e, "SELECT count(*) FROM site WHERE code = 'POOL'", ""), 0);
    db_pool_put(p, w.got);
    db_pool_put(p, c);
    db_pool_free(p);

    /* a pool that cannot connect reports it and does not use up its slots */
    p = db_pool_new(is_pg() ? "postgres://x@127.0.0.1:1/none" : "/nonexistent-dir/x.db", 1);
    for (int i = 0; i < 2; i++) {
        err_clear(&e);
        assert_null(db_pool_get(p, &e));
        assert_true(e.status >= 500);
    }
    db_pool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_twice),
        cmocka_unit_test(test_insert_returning),
        cmocka_unit_test(test_quotes_in_parameters),
        cmocka_unit_test(test_placeholder_in_literals),
        cmocka_unit_test(test_nulls),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_unique_conflict),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_tx_commit_rollback_nested),
        cmocka_unit_test(test_dry_run),
        cmocka_unit_test(test_tx_retries_serialization),
        cmocka_unit_test(test_nested_reads),
        cmocka_unit_test(test_schema_change),
        cmocka_unit_test(test_schema_change_in_tx),
        cmocka_unit_test(test_connection_lost),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_pool),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
