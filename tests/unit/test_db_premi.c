/* test_db_premi.c — the premi ledger store (store/premi_store.c) and migration 005
 * against a real database: BEKAL_TEST_DB (postgres://... or an SQLite path), or a
 * temporary SQLite file. run-all.sh runs it on both databases. Checks the policy
 * lookup, credit/debit/payout with balances, refused debits leaving no trace, the
 * database CHECKs, the audit chain, and two threads debiting one ledger at once:
 * never overdrawn, exact final balance, a consistent running balance. On
 * PostgreSQL the schema `public` is dropped and recreated first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/premi_store.h"
#include "testdb.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static testdb_t g_t;
#define g_url (g_t.url)
static db_t *g_db;
static int64_t g_site, g_site2, g_wbp, g_wbp2;
static const actor_t g_who = {0, "test", "admin"};

static int64_t q1(const char *sql, int64_t arg)
{
    err_t e;
    err_clear(&e);
    int64_t v = db_one_int(g_db, &e, sql, "i", arg);
    check_ok(v, &e, sql);
    return v;
}

static int64_t add_wbp(int64_t site, const char *regno, err_t *e)
{
    char now[32];
    now_iso(now);
    return db_one_int(g_db, e,
                      "INSERT INTO wbp(site_id, regno, name, sex, crime_category, detention_start, created_at, updated_at)"
                      " VALUES (?, ?, ?, 'L', 'umum', '2023-01-01', ?, ?) RETURNING id",
                      "itttt", site, regno, regno, now, now);
}

static int group_setup(void **state)
{
    (void)state;
    g_db = testdb_open(&g_t, "db_premi", true);
    if (!g_db) return -1;
    err_t e;
    err_clear(&e);
    g_site = db_one_int(g_db, &e, "INSERT INTO site(code, name) VALUES ('KTP', 'Lapas Ketapang') RETURNING id", "");
    g_site2 = db_one_int(g_db, &e, "INSERT INTO site(code, name) VALUES ('PTK', 'Lapas Pontianak') RETURNING id", "");
    g_wbp = add_wbp(g_site, "BI.001/2025", &e);
    g_wbp2 = add_wbp(g_site2, "BI.777/2025", &e);
    if (g_site <= 0 || g_site2 <= 0 || g_wbp <= 0 || g_wbp2 <= 0) {
        fprintf(stderr, "test_db_premi: fixtures: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    testdb_close(&g_t, g_db);
    return 0;
}

static int post(db_t *db, int64_t wbp, premi_kind_t k, rupiah_t amount, const char *date, premi_entry_t *out,
                err_t *e)
{
    premi_post_t p = {wbp, k, amount, date, 0, k == PREMI_CREDIT ? NULL : "NOTA-1", NULL};
    return premi_post(db, e, &g_who, &p, out);
}

static void test_policy(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    int bp = -1;
    /* the default row of the migration */
    check_ok(premi_saved_bp_at(g_db, &e, g_site, "2025-01-01", &bp), &e, "default policy");
    assert_int_equal(bp, 5000);
    assert_int_equal(premi_saved_bp_at(g_db, &e, g_site, "1999-12-31", &bp), -1);
    assert_string_equal(e.code, "no_premi_policy");
    /* a site's own setting wins from its date on; the other site keeps the default */
    char now[32];
    now_iso(now);
    check_ok(db_run(g_db, &e,
                    "INSERT INTO premi_policy(site_id, effective_from, saved_bp, created_at, updated_at)"
                    " VALUES (?, '2025-06-01', 3000, ?, ?)",
                    "itt", g_site, now, now),
             &e, "site policy");
    check_ok(premi_saved_bp_at(g_db, &e, g_site, "2025-05-31", &bp), &e, "before");
    assert_int_equal(bp, 5000);
    check_ok(premi_saved_bp_at(g_db, &e, g_site, "2025-06-01", &bp), &e, "on");
    assert_int_equal(bp, 3000);
    check_ok(premi_saved_bp_at(g_db, &e, g_site2, "2025-06-01", &bp), &e, "other site");
    assert_int_equal(bp, 5000);
}

static void test_post_sequence(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    int64_t audit0 = db_one_int(g_db, &e, "SELECT count(*) FROM audit_log", "");
    premi_entry_t en;
    premi_balance_t b;
    /* 2025-01-10: default policy, half saved; the odd rupiah is saved */
    check_ok(post(g_db, g_wbp2, PREMI_CREDIT, 10001, "2025-01-10", &en, &e), &e, "credit");
    assert_int_equal(en.saved_bp, 5000);
    assert_int_equal(en.move.spendable_delta, 5000);
    assert_int_equal(en.move.saved_delta, 5001);
    check_ok(premi_balance_get(g_db, &e, g_wbp2, &b), &e, "balance");
    assert_int_equal(b.spendable, 5000);
    assert_int_equal(b.saved, 5001);
    /* a debit over the spendable part is refused, even though the total would cover it */
    assert_int_equal(post(g_db, g_wbp2, PREMI_DEBIT, 6000, "2025-01-11", &en, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.code, "insufficient_premi");
    assert_string_equal(e.msg, "saldo premi yang dapat dibelanjakan tidak cukup: tersedia Rp 5.000, diminta Rp 6.000 "
                               "(bagian tabungan hanya dibayarkan saat bebas)");
    assert_int_equal(q1("SELECT count(*) FROM premi_ledger WHERE wbp_id = ?", g_wbp2), 1);
    check_ok(post(g_db, g_wbp2, PREMI_DEBIT, 5000, "2025-01-11", &en, &e), &e, "debit all spendable");
    assert_int_equal(en.move.after.spendable, 0);
    assert_int_equal(en.move.after.saved, 5001);
    assert_int_equal(post(g_db, g_wbp2, PREMI_DEBIT, 1, "2025-01-12", &en, &e), -1);
    /* payout on release empties both parts */
    check_ok(post(g_db, g_wbp2, PREMI_PAYOUT, 0, "2025-02-01", &en, &e), &e, "payout");
    assert_int_equal(en.amount, 5001);
    check_ok(premi_balance_get(g_db, &e, g_wbp2, &b), &e, "balance after payout");
    assert_int_equal(b.spendable, 0);
    assert_int_equal(b.saved, 0);
    assert_int_equal(post(g_db, g_wbp2, PREMI_PAYOUT, 0, "2025-02-02", &en, &e), -1);
    assert_string_equal(e.code, "empty_premi");
    /* the ledger: three entries whose deltas add up to the balance */
    assert_int_equal(q1("SELECT count(*) FROM premi_ledger WHERE wbp_id = ?", g_wbp2), 3);
    assert_int_equal(q1("SELECT sum(spendable_delta + saved_delta) FROM premi_ledger WHERE wbp_id = ?", g_wbp2), 0);
    assert_int_equal(q1("SELECT amount FROM premi_ledger WHERE wbp_id = ? AND kind = 'payout'", g_wbp2), 5001);
    assert_int_equal(q1("SELECT count(*) FROM premi_ledger WHERE wbp_id = ? AND kind = 'debit' AND receipt_no = "
                        "'NOTA-1' AND created_by IS NULL AND sale_id IS NULL",
                        g_wbp2),
                     1);
    /* one audit entry per entry written, none for the refused ones; the chain holds */
    assert_int_equal(db_one_int(g_db, &e, "SELECT count(*) FROM audit_log", ""), audit0 + 3);
    assert_int_equal(db_one_int(g_db, &e, "SELECT count(*) FROM audit_log WHERE entity = 'premi_ledger' AND "
                                          "after_json LIKE '%\"kind\":\"payout\"%'", ""),
                     1);
    int64_t n;
    check_ok(audit_verify(g_db, &e, &n), &e, "audit chain");
    /* bad input */
    assert_int_equal(post(g_db, g_wbp2, PREMI_CREDIT, 0, "2025-02-03", &en, &e), -1);
    assert_int_equal(post(g_db, g_wbp2, PREMI_CREDIT, 10, "03-02-2025", &en, &e), -1);
    assert_int_equal(post(g_db, 999999, PREMI_CREDIT, 10, "2025-02-03", &en, &e), -1);
    assert_int_equal(e.status, 404);
}

static void test_database_refuses_negative(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_true(db_run(g_db, &e, "UPDATE premi_balance SET spendable = -1 WHERE wbp_id = ?", "i", g_wbp2) < 0);
    char now[32];
    now_iso(now);
    /* a ledger row whose deltas do not match its kind and amount */
    assert_true(db_run(g_db, &e,
                       "INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, "
                       "saved_delta, spendable_after, saved_after, created_at) VALUES (?, ?, '2025-01-01', 'debit', 5, "
                       "5, 0, 5, 0, ?)",
                       "iit", g_site2, g_wbp2, now) < 0);
    /* a split that does not add up to 100% */
    int64_t unit = db_one_int(g_db, &e,
                              "INSERT INTO production_unit(site_id, code, name, created_at, updated_at)"
                              " VALUES (?, 'LAS', 'Bengkel las', ?, ?) RETURNING id",
                              "itt", g_site, now, now);
    check_ok(unit, &e, "unit");
    assert_true(db_run(g_db, &e,
                       "INSERT INTO revenue_split(site_id, unit_id, effective_from, premi_bp, pnbp_bp, capital_bp,"
                       " created_at, updated_at) VALUES (?, ?, '2025-01-01', 5000, 1500, 3000, ?, ?)",
                       "iitt", g_site, unit, now, now) < 0);
    check_ok(db_run(g_db, &e,
                    "INSERT INTO revenue_split(site_id, unit_id, effective_from, premi_bp, pnbp_bp, capital_bp,"
                    " created_at, updated_at) VALUES (?, ?, '2025-01-01', 5000, 1500, 3500, ?, ?)",
                    "iitt", g_site, unit, now, now),
             &e, "good split");
}

/* ---- two threads debiting one ledger at once ------------------------------------ */

#define DEBITS 40
#define DEBIT_AMOUNT 700

struct worker {
    pthread_barrier_t *go;
    int ok, refused, other;
    char other_msg[512];
};

static void *debit_thread(void *arg)
{
    struct worker *w = arg;
    err_t e;
    err_clear(&e);
    db_t *db = NULL;
    if (db_open(g_url, &db, &e) < 0) {
        w->other = DEBITS;
        snprintf(w->other_msg, sizeof w->other_msg, "%s", e.msg);
        pthread_barrier_wait(w->go);
        return NULL;
    }
    pthread_barrier_wait(w->go);
    for (int i = 0; i < DEBITS; i++) {
        premi_entry_t en;
        premi_post_t p = {g_wbp, PREMI_DEBIT, DEBIT_AMOUNT, "2025-07-01", 0, "KANTIN", NULL};
        if (premi_post(db, &e, &g_who, &p, &en) == 0) w->ok++;
        else if (str_eq(e.code, "insufficient_premi")) w->refused++;
        else {
            w->other++;
            snprintf(w->other_msg, sizeof w->other_msg, "%s [%s]", e.msg, e.code);
        }
        usleep(100); /* let the other thread in between, so the two really interleave */
    }
    db_close(db);
    return NULL;
}

static void test_concurrent_debits(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    /* site policy from 2025-06-01: 30% saved; credit 40.000 -> 28.000 spendable, 12.000 saved */
    premi_entry_t en;
    check_ok(post(g_db, g_wbp, PREMI_CREDIT, 40000, "2025-06-15", &en, &e), &e, "credit");
    assert_int_equal(en.saved_bp, 3000);
    assert_int_equal(en.move.after.spendable, 28000);
    assert_int_equal(en.move.after.saved, 12000);
    /* 80 debits of 700 (56.000) against 28.000 spendable: exactly 40 can succeed */
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    struct worker w[2] = {{&go, 0, 0, 0, ""}, {&go, 0, 0, 0, ""}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&th[i], NULL, debit_thread, &w[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < 2; i++)
        if (w[i].other) fail_msg("thread %d: %d unexpected errors, last: %s", i, w[i].other, w[i].other_msg);
    fprintf(stderr, "test_db_premi: thread debits ok %d/%d, refused %d/%d\n", w[0].ok, w[1].ok, w[0].refused,
            w[1].refused);
    assert_int_equal(w[0].ok + w[1].ok, 28000 / DEBIT_AMOUNT);
    assert_int_equal(w[0].refused + w[1].refused, 2 * DEBITS - 28000 / DEBIT_AMOUNT);
    premi_balance_t b;
    check_ok(premi_balance_get(g_db, &e, g_wbp, &b), &e, "balance");
    assert_int_equal(b.spendable, 28000 - (28000 / DEBIT_AMOUNT) * DEBIT_AMOUNT);
    assert_int_equal(b.saved, 12000);
    /* the ledger's running balance is consistent entry by entry and never negative */
    db_stmt_t *st = db_query(g_db, &e,
                             "SELECT spendable_delta, saved_delta, spendable_after, saved_after FROM premi_ledger"
                             " WHERE wbp_id = ? ORDER BY id",
                             "i", g_wbp);
    assert_non_null(st);
    int64_t s = 0, v = 0, rows = 0;
    while (db_step(st, &e) == 1) {
        s += db_col_int(st, 0);
        v += db_col_int(st, 1);
        assert_int_equal(db_col_int(st, 2), s);
        assert_int_equal(db_col_int(st, 3), v);
        assert_true(s >= 0 && v >= 0);
        rows++;
    }
    db_finalize(st);
    assert_int_equal(rows, 1 + 28000 / DEBIT_AMOUNT);
    assert_int_equal(s, b.spendable);
    assert_int_equal(q1("SELECT entries FROM premi_balance WHERE wbp_id = ?", g_wbp), rows);
    int64_t n;
    check_ok(audit_verify(g_db, &e, &n), &e, "audit chain after concurrent posts");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_post_sequence),
        cmocka_unit_test(test_database_refuses_negative),
        cmocka_unit_test(test_concurrent_debits),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
