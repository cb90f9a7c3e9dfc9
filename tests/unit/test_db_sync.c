/* test_db_sync.c — the sync store (store/sync_store.c, issue 23) without HTTP: a
 * site (a temporary SQLite file) and a hub (BEKAL_TEST_DB: postgres://... or an
 * SQLite path; a temporary SQLite file otherwise). run-all.sh runs it on both
 * databases. Checks: audit_row_hash reproduces the chain; the change triggers
 * queue inserts, updates and deletes; a batch applied at the hub maps every row and
 * witnesses the chain; the same batch again changes nothing; a batch that does not
 * continue the witness is refused and the site stays refused; a gap is answered
 * with the witness; credentials issue, authenticate and revoke; a refused site is
 * re-admitted only with a reason; the hub hands down its settings for every site
 * (again only when changed); settings at the wrong side are refused. On PostgreSQL the
 * schema `public` is dropped and recreated first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/sync_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[256], g_site_url[300], g_hub_url[512];
static db_t *g_site, *g_hub;
static const actor_t g_who = {0, "test", "admin"};

static void ok(int64_t rc, const err_t *e, const char *what)
{
    if (rc < 0) fail_msg("%s: %s [%s]", what, e->msg, e->code);
}

static int64_t q1(db_t *db, const char *sql, const char *arg)
{
    err_t e;
    err_clear(&e);
    int64_t v = arg ? db_one_int(db, &e, sql, "t", arg) : db_one_int(db, &e, sql, "");
    ok(v, &e, sql);
    return v;
}

struct wbp_ctx {
    const char *regno;
    int64_t id;
};
static int add_wbp_tx(db_t *db, void *vc, err_t *e)
{
    struct wbp_ctx *c = vc;
    char now[32];
    now_iso(now);
    c->id = db_one_int(db, e,
                       "INSERT INTO wbp(site_id, regno, name, sex, crime_category, detention_start, created_at, updated_at)"
                       " VALUES ((SELECT id FROM site WHERE code = 'KTP'), ?, ?, 'L', 'umum', '2023-01-01', ?, ?) RETURNING id",
                       "tttt", c->regno, c->regno, now, now);
    if (c->id <= 0) return -1;
    return audit_append(db, e, &g_who, 1, "create", "wbp", c->id, NULL, "{\"regno\":\"x\"}");
}
static int64_t add_wbp(const char *regno)
{
    err_t e;
    err_clear(&e);
    struct wbp_ctx c = {regno, 0};
    ok(db_tx(g_site, add_wbp_tx, &c, &e), &e, "add wbp");
    return c.id;
}

static db_t *open_fresh(const char *url)
{
    err_t e;
    err_clear(&e);
    db_t *db = NULL;
    if (db_open(url, &db, &e) < 0) return NULL;
    if (db_kind(db) == DB_POSTGRES && db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", &e) < 0) return NULL;
    if (db_migrate(db, &e) < 0) {
        fprintf(stderr, "test_db_sync: migrate %s: %s\n", url, e.msg);
        return NULL;
    }
    return db;
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s", "/tmp/bekal-test-sync.XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    snprintf(g_site_url, sizeof g_site_url, "%s/site.db", g_dir);
    const char *u = getenv("BEKAL_TEST_DB");
    if (u && *u) snprintf(g_hub_url, sizeof g_hub_url, "%s", u);
    else snprintf(g_hub_url, sizeof g_hub_url, "%s/hub.db", g_dir);
    g_site = open_fresh(g_site_url);
    g_hub = open_fresh(g_hub_url);
    if (!g_site || !g_hub) return -1;
    fprintf(stderr, "test_db_sync: hub on %s\n", db_kind(g_hub) == DB_POSTGRES ? "PostgreSQL" : "SQLite");
    err_t e;
    err_clear(&e);
    if (db_run(g_site, &e, "INSERT INTO site(code, name) VALUES ('KTP', 'Lapas Ketapang')", "") < 0) return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(g_site);
    db_close(g_hub);
    const char *names[] = {"site.db", "hub.db"}, *sfx[] = {"", "-wal", "-shm", "-journal"};
    char p[400];
    for (size_t i = 0; i < 2; i++)
        for (size_t k = 0; k < 4; k++) {
            snprintf(p, sizeof p, "%s/%s%s", g_dir, names[i], sfx[k]);
            unlink(p);
        }
    rmdir(g_dir);
    return 0;
}

/* The hub takes the site's batches until nothing is left; returns the hub's witness. */
static int64_t push_all(const sync_state_t *st, int64_t after)
{
    for (int guard = 0; guard < 50; guard++) {
        err_t e;
        err_clear(&e);
        sync_batch_t b = {0};
        ok(sync_collect(g_site, &e, st, after, 3, 4, &b), &e, "collect");
        json_t *reply = NULL;
        ok(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), &e, "push");
        int64_t wid = json_integer_value(json_object_get(reply, "witnessed_id"));
        ok(sync_batch_done(g_site, &e, &b, wid, json_string_value(json_object_get(reply, "witnessed_hash"))), &e, "done");
        json_decref(reply);
        bool more = b.more;
        sync_batch_free(&b);
        after = wid;
        if (!more) return after;
    }
    fail_msg("push never ended");
    return -1;
}

static void test_hash_reproduces_chain(void **state)
{
    (void)state;
    add_wbp("BI.1/2025");
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(g_site, &e, "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, "
                                         "before_json, after_json FROM audit_log ORDER BY id",
                             "");
    int n = 0;
    while (st && db_step(st, &e) == 1) {
        audit_row_t r = {db_col_int(st, 0), db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3), db_col_int(st, 4),
                         db_col_text(st, 5), db_col_text(st, 6), db_col_int(st, 7), db_col_text(st, 8), db_col_text(st, 9)};
        char h[65], prev[65], stored[65]; /* stored as 32 bytes, no copy of prev (issue 28) */
        assert_int_equal(audit_hash_hex(g_site, &e, r.id - 1, prev), 1);
        assert_int_equal(audit_hash_hex(g_site, &e, r.id, stored), 1);
        audit_row_hash(prev, &r, h);
        assert_string_equal(h, stored);
        n++;
    }
    db_finalize(st);
    assert_true(n >= 1);
}

static void test_first_sync_and_changes(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    char *tok = NULL;
    ok(sync_credential_issue(g_hub, &e, "KTP", &tok), &e, "issue");
    char code[64];
    assert_int_equal(sync_hub_auth(g_hub, &e, tok, code), 1);
    assert_string_equal(code, "KTP");
    assert_int_equal(sync_hub_auth(g_hub, &e, "bks_wrong", code), 0);
    sync_state_t st;
    ok(sync_site_init(g_site, &e, NULL, "http://hub", &st), &e, "init");
    assert_string_equal(st.site_code, "KTP");
    /* the rows made before the triggers are queued by the first round */
    assert_true(q1(g_site, "SELECT count(*) FROM sync_change WHERE tbl = 'wbp'", NULL) >= 1);
    for (int i = 2; i <= 8; i++) {
        char r[32];
        snprintf(r, sizeof r, "BI.%d/2025", i);
        add_wbp(r);
    }
    int64_t head = sync_local_head(g_site, &e);
    int64_t w = push_all(&st, 0);
    assert_int_equal(w, head);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM sync_change", NULL), 0);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ?", "KTP"), 8);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_witness WHERE site_code = ?", "KTP"), head);
    assert_int_equal(q1(g_hub, "SELECT witnessed_id FROM sync_site WHERE site_code = ?", "KTP"), head);
    /* an update and a delete at the site reach the hub; the triggers queue them */
    ok(db_run(g_site, &e, "UPDATE wbp SET name = 'Nama Baru' WHERE regno = 'BI.2/2025'", ""), &e, "update");
    ok(db_run(g_site, &e, "DELETE FROM wbp WHERE regno = 'BI.8/2025'", ""), &e, "delete");
    assert_int_equal(q1(g_site, "SELECT count(*) FROM sync_change", NULL), 2);
    add_wbp("BI.9/2025");
    sync_batch_t b = {0};
    ok(sync_collect(g_site, &e, &st, w, 100, 100, &b), &e, "collect");
    json_t *reply = NULL;
    ok(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), &e, "push");
    int64_t w2 = json_integer_value(json_object_get(reply, "witnessed_id"));
    json_decref(reply);
    assert_int_equal(w2, w + 1);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM wbp WHERE name = 'Nama Baru'", NULL), 1);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM wbp WHERE regno = 'BI.8/2025'", NULL), 0);
    /* the same batch again (its answer was lost): nothing changes, the witness stays */
    int64_t rows = q1(g_hub, "SELECT count(*) FROM wbp", NULL), maps = q1(g_hub, "SELECT count(*) FROM migration_map", NULL);
    int64_t hub_audit = q1(g_hub, "SELECT count(*) FROM audit_log", NULL);
    ok(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), &e, "push again");
    assert_int_equal(json_integer_value(json_object_get(reply, "witnessed_id")), w2);
    json_decref(reply);
    ok(sync_batch_done(g_site, &e, &b, w2, ""), &e, "done");
    sync_batch_free(&b);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM wbp", NULL), rows);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM migration_map", NULL), maps);
    /* (the hub's own entry of the repeated batch says what it rewrote: the same rows) */
    assert_true(q1(g_hub, "SELECT count(*) FROM audit_log", NULL) <= hub_audit + 1);
    free(tok);
}

static void test_gap_and_rewritten_chain(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    sync_state_t st;
    ok(sync_site_init(g_site, &e, NULL, NULL, &st), &e, "init");
    int64_t w = q1(g_hub, "SELECT witnessed_id FROM sync_site WHERE site_code = ?", "KTP");
    /* a batch from beyond the witness: 409 chain_gap, with the witness */
    add_wbp("BI.20/2025");
    sync_batch_t b = {0};
    ok(sync_collect(g_site, &e, &st, w + 1, 100, 100, &b), &e, "collect");
    json_t *reply = NULL;
    assert_int_equal(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), -1);
    assert_string_equal(e.code, "chain_gap");
    assert_int_equal(json_integer_value(json_object_get(reply, "witnessed_id")), w);
    json_decref(reply);
    sync_batch_free(&b);
    /* an entry the hub witnessed, edited and its chain recomputed from there */
    err_clear(&e);
    db_stmt_t *st2 = db_query(g_site, &e, "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, "
                                          "before_json, after_json FROM audit_log WHERE id = ?",
                              "i", w);
    assert_int_equal(db_step(st2, &e), 1);
    audit_row_t r = {db_col_int(st2, 0), db_col_text(st2, 1), db_col_int(st2, 2), db_col_text(st2, 3), db_col_int(st2, 4),
                     db_col_text(st2, 5), db_col_text(st2, 6), db_col_int(st2, 7), db_col_text(st2, 8), "{\"diubah\":1}"};
    char prev[65], h[65];
    assert_int_equal(audit_hash_hex(g_site, &e, w - 1, prev), 1);
    audit_row_hash(prev, &r, h);
    db_finalize(st2);
    unsigned char raw[32];
    for (int i = 0; i < 32; i++) {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        raw[i] = (unsigned char)v;
    }
    db_stmt_t *up = db_prepare(g_site, "UPDATE audit_log SET after_json = '{\"diubah\":1}', hash = ? WHERE id = ?", &e);
    assert_non_null(up);
    db_bind_blob(up, 1, raw, 32);
    db_bind_int(up, 2, w);
    assert_int_equal(db_step(up, &e), 0);
    db_finalize(up);
    /* (the entries after it would be recomputed too; the witness check needs no more) */
    ok(sync_collect(g_site, &e, &st, w, 100, 100, &b), &e, "collect rewritten");
    assert_int_equal(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), -1);
    assert_string_equal(e.code, "chain_refused");
    sync_batch_free(&b);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_site WHERE site_code = ? AND status = 'refused'", "KTP"), 1);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM audit_log WHERE action = 'sync_refused'", NULL), 1);
    /* refused stays refused, whatever comes next */
    ok(sync_collect(g_site, &e, &st, 0, 100, 100, &b), &e, "collect from 0");
    err_clear(&e);
    assert_int_equal(sync_hub_push(g_hub, &e, "KTP", b.body, &reply), -1);
    assert_string_equal(e.code, "chain_refused");
    sync_batch_free(&b);
    /* a revoked credential no longer authenticates */
    err_clear(&e);
    ok(sync_credential_revoke(g_hub, &e, "KTP"), &e, "revoke");
    char code[64];
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_site WHERE credential_hash IS NULL", NULL), 1);
    (void)code;
}

struct readmit_ctx {
    const char *reason;
};
static int readmit_tx(db_t *db, void *vc, err_t *e)
{
    return sync_site_readmit(db, e, &g_who, "KTP", ((struct readmit_ctx *)vc)->reason);
}

/* Re-admission of the refused site; what the hub hands down; settings at the wrong side. */
static void test_readmit_handdown_owner(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    struct readmit_ctx rc = {"  "};
    assert_int_equal(db_tx(g_hub, readmit_tx, &rc, &e), -1);
    assert_string_equal(e.code, "reason_required");
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_site WHERE site_code = ? AND status = 'refused'", "KTP"), 1);
    assert_true(q1(g_hub, "SELECT count(*) FROM sync_witness WHERE site_code = ?", "KTP") > 0);
    err_clear(&e);
    rc.reason = "Diperiksa Kanwil, BA 1/2026";
    ok(db_tx(g_hub, readmit_tx, &rc, &e), &e, "readmit");
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_site WHERE site_code = ? AND status = 'ok' AND witnessed_id = 0 "
                               "AND readmitted_at IS NOT NULL",
                        "KTP"),
                     1);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM sync_witness WHERE site_code = ?", "KTP"), 0);
    assert_int_equal(q1(g_hub, "SELECT count(*) FROM audit_log WHERE action = 'sync_readmit' AND after_json LIKE ?",
                        "%BA 1/2026%"),
                     1);
    err_clear(&e);
    assert_int_equal(db_tx(g_hub, readmit_tx, &rc, &e), -1); /* not refused any more */
    assert_string_equal(e.code, "not_refused");
    /* the hand-down: the hub's rows for every site, sent again only when changed */
    err_clear(&e);
    ok(db_run(g_hub, &e, "INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                         "('agreement.expiring_days', NULL, '2026-03-01', '120', 'Kanwil')",
              ""),
       &e, "hub setting");
    /* a regional account of the hub, with a grant to the site */
    ok(db_run(g_hub, &e, "INSERT INTO app_user(name, full_name, role, password_hash, created_at) VALUES "
                         "('kw.unit', 'Kanwil Unit', 'kanwil', '$argon2id$hub-hash', '2026-03-01T00:00:00Z')",
              ""),
       &e, "hub account");
    ok(db_run(g_hub, &e, "INSERT INTO user_site(user_id, site_id) SELECT u.id, s.id FROM app_user u, site s WHERE "
                         "u.name = 'kw.unit' AND s.code = 'KTP'",
              ""),
       &e, "hub grant");
    json_t *hd = sync_hub_handdown(g_hub, &e, "KTP", NULL);
    assert_non_null(hd);
    assert_true(json_array_size(json_object_get(hd, "settings")) > 0);
    assert_true(json_array_size(json_object_get(hd, "rules")) > 0);
    char digest[65];
    snprintf(digest, sizeof digest, "%s", json_string_value(json_object_get(hd, "digest")));
    json_t *again = sync_hub_handdown(g_hub, &e, "KTP", digest);
    assert_null(json_object_get(again, "settings"));
    json_decref(again);
    json_t *reply = json_pack("{s:O}", "handdown", hd);
    int n = -1, na = -1;
    char warn[512];
    ok(sync_handdown_apply(g_site, &e, reply, &n, &na, warn, sizeof warn), &e, "apply");
    assert_int_equal(n, 1);
    assert_true(na >= 1);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM app_user u JOIN user_site us ON us.user_id = u.id JOIN site s ON "
                                "s.id = us.site_id AND s.code = 'KTP' WHERE u.role = 'kanwil' AND u.active = 1 AND "
                                "u.password_hash = ?",
                        "$argon2id$hub-hash"),
                     1);
    assert_string_equal(warn, "");
    assert_int_equal(q1(g_site, "SELECT count(*) FROM setting WHERE site_id IS NULL AND name = 'agreement.expiring_days' "
                                "AND effective_from = '2026-03-01' AND value = ?",
                        "120"),
                     1);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM sync_state WHERE hub_digest = ?", digest), 1);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM audit_log WHERE action = 'sync_pull' AND entity = ?", "setting"), 1);
    ok(sync_handdown_apply(g_site, &e, reply, &n, &na, warn, sizeof warn), &e, "apply again");
    assert_int_equal(n, 0);
    assert_int_equal(na, 0);
    json_decref(reply);
    json_decref(hd);
    /* revoked at the hub: the site's copy follows, its sessions end */
    int64_t kw = q1(g_site, "SELECT id FROM app_user WHERE name = ?", "kw.unit");
    ok(db_run(g_site, &e, "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) VALUES ('t-kw', ?, "
                          "'c', '2026-03-01T00:00:00Z', '2099-01-01T00:00:00Z')",
              "i", kw),
       &e, "site session");
    ok(db_run(g_hub, &e, "UPDATE app_user SET active = 0 WHERE name = 'kw.unit'", ""), &e, "revoke");
    hd = sync_hub_handdown(g_hub, &e, "KTP", digest);
    assert_non_null(json_object_get(hd, "users")); /* changed: sent again */
    reply = json_pack("{s:o}", "handdown", hd);
    ok(sync_handdown_apply(g_site, &e, reply, &n, &na, warn, sizeof warn), &e, "apply revoked");
    assert_int_equal(na, 1);
    assert_int_equal(q1(g_site, "SELECT active FROM app_user WHERE name = ?", "kw.unit"), 0);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM session WHERE token_hash = ?", "t-kw"), 0);
    json_decref(reply);
    /* handed down only where granted: another site's digest differs, and without a
     * grant for KTP the account is not sent there; the site withdraws it */
    ok(db_run(g_hub, &e, "DELETE FROM user_site WHERE user_id = (SELECT id FROM app_user WHERE name = 'kw.unit')", ""),
       &e, "grant removed");
    hd = sync_hub_handdown(g_hub, &e, "KTP", digest);
    json_t *users = json_object_get(hd, "users");
    assert_non_null(users);
    size_t ui;
    json_t *urow;
    json_array_foreach(users, ui, urow) assert_string_not_equal(json_string_value(json_array_get(urow, 0)), "kw.unit");
    reply = json_pack("{s:o}", "handdown", hd);
    ok(sync_handdown_apply(g_site, &e, reply, &n, &na, warn, sizeof warn), &e, "apply withdrawn");
    assert_int_equal(na, 1);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM user_site us JOIN app_user u ON u.id = us.user_id WHERE u.name = ?",
                        "kw.unit"),
                     0);
    assert_int_equal(q1(g_site, "SELECT count(*) FROM audit_log WHERE action = 'sync_pull' AND entity = 'user' AND "
                                "after_json LIKE ?",
                        "%withdrawn%"),
                     1);
    ok(sync_handdown_apply(g_site, &e, reply, &n, &na, warn, sizeof warn), &e, "apply withdrawn again");
    assert_int_equal(na, 0); /* withdrawn once */
    json_decref(reply);
    /* accounts at the wrong side: a regional account is changed at the hub only */
    err_clear(&e);
    assert_int_equal(sync_user_owner(g_site, &e, "kanwil", NULL), -1);
    assert_string_equal(e.code, "not_owner");
    err_clear(&e);
    assert_int_equal(sync_user_owner(g_site, &e, "staf", "kanwil"), -1);
    err_clear(&e);
    assert_int_equal(sync_user_owner(g_site, &e, "staf", "wali"), 0);
    assert_int_equal(sync_user_owner(g_hub, &e, "kanwil", NULL), 0);
    /* settings at the wrong side */
    err_clear(&e);
    assert_int_equal(sync_setting_owner(g_site, &e, 0), -1);
    assert_string_equal(e.code, "not_owner");
    err_clear(&e);
    int64_t ktp = q1(g_hub, "SELECT id FROM site WHERE code = ?", "KTP");
    assert_int_equal(sync_setting_owner(g_hub, &e, ktp), -1);
    assert_string_equal(e.code, "not_owner");
    err_clear(&e);
    assert_int_equal(sync_setting_owner(g_hub, &e, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_reproduces_chain),
        cmocka_unit_test(test_first_sync_and_changes),
        cmocka_unit_test(test_gap_and_rewritten_chain),
        cmocka_unit_test(test_readmit_handdown_owner),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
