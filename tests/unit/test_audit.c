/* test_audit.c — the compact audit entries of issue 28: after-images without
 * null members, 32-byte hashes through db_bind_blob/db_col_blob, and migration
 * 029's conversion of a chain in the old form (hex, prev_hash copies), verified
 * before and after. Runs on SQLite or, with BEKAL_TEST_DB=postgres://..., on
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "testdb.h"
#include "store/audit.h"

TESTDB_FIXTURE("audit", NULL)
static const actor_t cli = {0, "cli", "admin"};

static void compact_is(const char *in, const char *want)
{
    buf_t b;
    buf_init(&b);
    const char *got = audit_compact_json(in, &b);
    if (!want) assert_ptr_equal(got, in); /* kept as it is, not copied */
    else assert_string_equal(got, want);
    buf_release(&b);
}

static void test_compact_json(void **s)
{
    (void)s;
    compact_is("{\"a\":1,\"b\":\"x\"}", NULL);                      /* no null: the same text */
    compact_is(NULL, NULL);
    compact_is("{\"a\":null,\"b\":1,\"c\":null}", "{\"b\":1}");
    compact_is("{\"a\":1,\"b\":null}", "{\"a\":1}");
    compact_is("{\"a\":null}", "{}");
    compact_is("{\"a\": null, \"b\": [null, 1], \"c\": {\"d\": null}}", "{\"b\":[null, 1],\"c\":{\"d\": null}}");
    compact_is("{\"s\":\"null\",\"t\":\"a\\\"null\\\"\"}", NULL);       /* "null" inside strings */
    compact_is("{\"s\":\"x,}\",\"n\":null}", "{\"s\":\"x,}\"}");
    compact_is("{\"n\":nullx}", "{\"n\":nullx}");                    /* not the literal null: kept */
    compact_is("[null]", NULL);                                        /* not an object */
    compact_is("{\"a\":null", NULL);                                   /* broken: kept */
    compact_is("{\"a\":null} x", NULL);
}

static void test_create_entries_compact(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    check_ok(db_run(db, &e, "DELETE FROM audit_log", ""), &e, "empty");
    check_ok(db_run(db, &e, "UPDATE audit_head SET last_id = 0 WHERE id = 1", ""), &e, "head");
    db_stmt_t *z = db_prepare(db, "UPDATE audit_head SET last_hash = ? WHERE id = 1", &e);
    unsigned char zero[32] = {0};
    db_bind_blob(z, 1, zero, 32);
    assert_int_equal(db_step(z, &e), 0);
    db_finalize(z);
    check_ok(audit_append(db, &e, &cli, 0, "create", "thing", 1, NULL, "{\"a\":1,\"b\":null}"), &e, "create");
    check_ok(audit_append(db, &e, &cli, 0, "update", "thing", 1, "{\"a\":1,\"b\":null}", "{\"a\":null,\"b\":2}"), &e,
             "update");
    db_stmt_t *st = db_query(db, &e, "SELECT after_json, before_json, hash FROM audit_log ORDER BY id", "");
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "{\"a\":1}"); /* a create: without its null members */
    unsigned char h[40];
    assert_int_equal(db_col_blob(st, 2, h, sizeof h), 32);
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "{\"a\":null,\"b\":2}"); /* an update's image: as given */
    assert_string_equal(db_col_text(st, 1), "{\"a\":1,\"b\":null}");
    db_finalize(st);
    int64_t n;
    check_ok(audit_verify(db, &e, &n), &e, "verify");
    assert_int_equal(n, 2);
    char h1[65], h0[65];
    assert_int_equal(audit_hash_hex(db, &e, 0, h0), 1);
    assert_string_equal(h0, "0000000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(audit_hash_hex(db, &e, 1, h1), 1);
    assert_int_equal(strlen(h1), 64);
    assert_int_equal(audit_hash_hex(db, &e, 99, h1), 0);
    /* a copied entry (bekal migrate) keeps its text exactly */
    audit_entry_t x = {0, "create", "thing", 2, NULL, "{\"a\":null}"};
    audit_origin_t o = {"2026-01-01T00:00:00Z", 0, "asal"};
    int64_t first;
    check_ok(audit_append_copied(db, &e, &x, &o, 1, &first), &e, "copied");
    assert_int_equal(first, 3);
    st = db_query(db, &e, "SELECT after_json FROM audit_log WHERE id = 3", "");
    assert_int_equal(db_step(st, &e), 1);
    assert_string_equal(db_col_text(st, 0), "{\"a\":null}");
    db_finalize(st);
    /* a hash changed: the chain breaks there */
    unsigned char bad[32];
    memset(bad, 0xab, 32);
    st = db_prepare(db, "UPDATE audit_log SET hash = ? WHERE id = 2", &e);
    db_bind_blob(st, 1, bad, 32);
    assert_int_equal(db_step(st, &e), 0);
    db_finalize(st);
    assert_int_equal(audit_verify(db, &e, &n), -1);
    assert_string_equal(e.code, "audit_tampered");
}

/* Puts the log back into the form before migration 029 (hex hashes and prev_hash
 * copies) and forgets that 029 ran, as a database made by the old schema. */
static void to_old_form(void)
{
    err_t e;
    err_clear(&e);
    const char *sql =
        db_kind(db) == DB_POSTGRES
            ? "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;"
              "ALTER TABLE audit_log ALTER COLUMN hash TYPE TEXT USING encode(hash, 'hex');"
              "UPDATE audit_log SET prev_hash = COALESCE((SELECT p.hash FROM audit_log p WHERE p.id = audit_log.id - 1), "
              "repeat('0', 64));"
              "ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL;"
              "ALTER TABLE audit_head ALTER COLUMN last_hash TYPE TEXT USING encode(last_hash, 'hex');"
              "DELETE FROM schema_migrations WHERE name = '029_audit_compact';"
            : "CREATE TABLE audit_old (id BIGINT PRIMARY KEY, at TEXT NOT NULL, user_id BIGINT, user_name TEXT NOT NULL,"
              " site_id BIGINT, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id BIGINT, before_json TEXT,"
              " after_json TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
              "INSERT INTO audit_old SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json,"
              " after_json, COALESCE((SELECT lower(hex(p.hash)) FROM audit_log p WHERE p.id = a.id - 1),"
              " '0000000000000000000000000000000000000000000000000000000000000000'), lower(hex(hash)) FROM audit_log a;"
              "DROP TABLE audit_log; ALTER TABLE audit_old RENAME TO audit_log;"
              "CREATE TABLE head_old (id INTEGER PRIMARY KEY CHECK (id = 1), last_id BIGINT NOT NULL, last_hash TEXT NOT NULL);"
              "INSERT INTO head_old SELECT id, last_id, lower(hex(last_hash)) FROM audit_head;"
              "DROP TABLE audit_head; ALTER TABLE head_old RENAME TO audit_head;"
              "DELETE FROM schema_migrations WHERE name = '029_audit_compact';";
    check_ok(db_exec(db, sql, &e), &e, "old form");
}

/* A fresh log of a few entries, in the new form. */
static void fresh_log(int n)
{
    err_t e;
    err_clear(&e);
    check_ok(db_run(db, &e, "DELETE FROM audit_log", ""), &e, "empty");
    db_stmt_t *z = db_prepare(db, "UPDATE audit_head SET last_id = 0, last_hash = ? WHERE id = 1", &e);
    unsigned char zero[32] = {0};
    db_bind_blob(z, 1, zero, 32);
    assert_int_equal(db_step(z, &e), 0);
    db_finalize(z);
    for (int i = 1; i <= n; i++) {
        char after[64];
        snprintf(after, sizeof after, "{\"n\":%d,\"note\":\"isi %d\"}", i, i);
        check_ok(audit_append(db, &e, &cli, 0, i == 1 ? "create" : "update", "thing", 1, NULL, after), &e, "append");
    }
}

static void test_convert_intact(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    fresh_log(5);
    char before[65], after[65];
    assert_int_equal(audit_hash_hex(db, &e, 5, before), 1);
    to_old_form();
    int64_t n = 0;
    /* bekal check on a database not yet migrated reads the old form */
    check_ok(audit_verify(db, &e, &n), &e, "verify old form");
    assert_int_equal(n, 5);
    check_ok(db_migrate(db, &e), &e, "migrate 029");
    check_ok(audit_verify(db, &e, &n), &e, "verify converted");
    assert_int_equal(n, 5);
    assert_int_equal(audit_hash_hex(db, &e, 5, after), 1);
    assert_string_equal(before, after); /* the same hashes: a hub's witness still holds */
    db_stmt_t *st = db_query(db, &e, "SELECT hash FROM audit_log WHERE id = 3", "");
    assert_int_equal(db_step(st, &e), 1);
    unsigned char h[64];
    assert_int_equal(db_col_blob(st, 0, h, sizeof h), 32);
    db_finalize(st);
    /* the chain goes on */
    check_ok(audit_append(db, &e, &cli, 0, "update", "thing", 1, NULL, "{\"n\":6}"), &e, "append after");
    check_ok(audit_verify(db, &e, &n), &e, "verify after append");
    assert_int_equal(n, 6);
}

static void test_convert_tampered(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    fresh_log(4);
    to_old_form();
    check_ok(db_run(db, &e, "UPDATE audit_log SET after_json = '{\"n\":99}' WHERE id = 2", ""), &e, "tamper");
    int64_t n;
    assert_int_equal(audit_verify(db, &e, &n), -1);
    assert_string_equal(e.code, "audit_tampered");
    err_clear(&e);
    check_ok(db_migrate(db, &e), &e, "migrate 029 (converts a broken chain as it is)");
    assert_int_equal(audit_verify(db, &e, &n), -1);
    assert_string_equal(e.code, "audit_tampered");
    assert_non_null(strstr(e.msg, "entri 2 "));
    /* an entry removed in the old form: still a gap after */
    err_clear(&e);
    fresh_log(4);
    to_old_form();
    check_ok(db_run(db, &e, "DELETE FROM audit_log WHERE id = 3", ""), &e, "delete");
    check_ok(db_migrate(db, &e), &e, "migrate 029");
    assert_int_equal(audit_verify(db, &e, &n), -1);
    assert_string_equal(e.code, "audit_gap");
    /* a head that is not hex survives as bytes that match nothing */
    err_clear(&e);
    fresh_log(2);
    to_old_form();
    check_ok(db_run(db, &e, "UPDATE audit_head SET last_hash = 'bukan hash' WHERE id = 1", ""), &e, "head");
    check_ok(db_migrate(db, &e), &e, "migrate 029");
    assert_int_equal(audit_verify(db, &e, &n), -1);
    assert_string_equal(e.code, "audit_truncated");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_json),
        cmocka_unit_test(test_create_entries_compact),
        cmocka_unit_test(test_convert_intact),
        cmocka_unit_test(test_convert_tampered),
    };
    return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
