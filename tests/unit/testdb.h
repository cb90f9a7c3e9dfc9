/* testdb.h — the database of a unit test that needs one (issue 19: one setup for
 * them all). BEKAL_TEST_DB names it (postgres://... or an SQLite path; run-all.sh
 * gives each test a fresh one); without it, an SQLite file in a temporary directory
 * that testdb_close() removes. On PostgreSQL the schema `public` is dropped and made
 * again first, so a rerun on the same database starts clean. Include after cmocka.h. */
#ifndef BEKAL_TESTDB_H
#define BEKAL_TESTDB_H

#include "store/db.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char url[512]; /* what db_open() took: a second connection opens the same */
    char dir[256]; /* the temporary directory, or "" */
} testdb_t;

/* Fails the running test with the error's message when rc < 0. */
static inline void check_ok(int64_t rc, const err_t *e, const char *what)
{
    if (rc < 0) fail_msg("%s: %s [%s]", what, e->msg, e->code);
}

/* Opens the test's database (name: the test's, for messages and the file name) and,
 * when `migrate`, brings it to the current schema. NULL after a message on stderr. */
static inline db_t *testdb_open(testdb_t *t, const char *name, bool migrate)
{
    memset(t, 0, sizeof *t);
    const char *u = getenv("BEKAL_TEST_DB");
    if (u && *u) {
        snprintf(t->url, sizeof t->url, "%s", u);
    } else {
        snprintf(t->dir, sizeof t->dir, "/tmp/bekal-test-%s.XXXXXX", name);
        if (!mkdtemp(t->dir)) {
            perror("mkdtemp");
            return NULL;
        }
        snprintf(t->url, sizeof t->url, "%s/%s.db", t->dir, name);
    }
    err_t e;
    err_clear(&e);
    db_t *db = NULL;
    if (db_open(t->url, &db, &e) < 0) {
        fprintf(stderr, "test_%s: cannot open %s: %s\n", name, t->url, e.msg);
        return NULL;
    }
    if (db_kind(db) == DB_POSTGRES && db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", &e) < 0) {
        fprintf(stderr, "test_%s: cannot reset the schema: %s\n", name, e.msg);
        db_close(db);
        return NULL;
    }
    if (migrate && db_migrate(db, &e) < 0) {
        fprintf(stderr, "test_%s: migrate: %s\n", name, e.msg);
        db_close(db);
        return NULL;
    }
    fprintf(stderr, "test_%s: running on %s\n", name, db_kind(db) == DB_POSTGRES ? "PostgreSQL" : "SQLite");
    return db;
}

/* Closes the database and removes the temporary SQLite files, if any. */
static inline void testdb_close(testdb_t *t, db_t *db)
{
    db_close(db);
    if (!t->dir[0]) return;
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    char p[sizeof t->url + 16];
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
        snprintf(p, sizeof p, "%s%s", t->url, sfx[i]);
        unlink(p);
    }
    rmdir(t->dir);
}

/* The fixture of a test file whose tests share one migrated database: declares `tdb`
 * and `db`, and testdb_setup/testdb_teardown for cmocka_run_group_tests. name: the
 * test's (messages, the file name); prepare (a void (*)(void), or NULL): what the
 * setup does after the open, such as loading the tests' data. */
#define TESTDB_FIXTURE(name, prepare)                                                                                  \
    static testdb_t tdb;                                                                                               \
    static db_t *db;                                                                                                   \
    static int testdb_setup(void **s)                                                                                  \
    {                                                                                                                  \
        void (*prepare_)(void) = prepare;                                                                              \
        (void)s;                                                                                                       \
        db = testdb_open(&tdb, name, true);                                                                            \
        if (!db) return -1;                                                                                            \
        if (prepare_) prepare_();                                                                                      \
        return 0;                                                                                                      \
    }                                                                                                                  \
    static int testdb_teardown(void **s)                                                                               \
    {                                                                                                                  \
        (void)s;                                                                                                       \
        testdb_close(&tdb, db);                                                                                        \
        return 0;                                                                                                      \
    }

#endif
