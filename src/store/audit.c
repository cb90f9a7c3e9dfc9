/* audit.c — append-only audit log; each entry carries the SHA-256 of the one before. */
#include "audit.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* hash = SHA256(prev | id | at | user_id | user_name | site_id | action | entity | entity_id | before | after),
 * fields separated by 0x1f, NULL written as 0x00. */
static void entry_hash(const char *prev, int64_t id, const char *at, int64_t uid, const char *uname, int64_t site,
                       const char *action, const char *entity, int64_t eid, const char *before, const char *after,
                       char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char num[96];
    snprintf(num, sizeof num, "%lld\x1f%lld\x1f%lld\x1f", (long long)id, (long long)uid, (long long)site);
    const char *parts[] = {prev, num, at, uname, action, entity, before, after};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
        const char *p = parts[i] ? parts[i] : "\0";
        crypto_hash_sha256_update(&st, (const unsigned char *)p, parts[i] ? strlen(p) : 1);
        crypto_hash_sha256_update(&st, (const unsigned char *)"\x1f", 1);
    }
    snprintf(num, sizeof num, "%lld", (long long)eid);
    crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num));
    unsigned char h[32];
    crypto_hash_sha256_final(&st, h);
    hex_encode(h, 32, out);
}

int audit_append(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after)
{
    db_stmt_t *st =
        db_query(db, e, "UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id, last_hash", "");
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc != 1) { /* keep a database error as it is: a serialisation failure is retried */
        db_finalize(st);
        return rc < 0 ? -1 : err_set(e, 500, "audit", "kepala log audit tidak ditemukan");
    }
    int64_t id = db_col_int(st, 0);
    char prev[65];
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    while (db_step(st, e) == 1) {}
    db_finalize(st);
    char at[32], hash[65];
    now_iso(at);
    entry_hash(prev, id, at, who->user_id, who->name, site_id, action, entity, entity_id, before, after, hash);
    if (db_run(db, e,
               "INSERT INTO audit_log(id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, "
               "after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
               "ititittitttt", id, at, who->user_id, who->name, site_id, action, entity, entity_id, before, after,
               prev, hash) < 0)
        return -1;
    return db_run(db, e, "UPDATE audit_head SET last_hash = ? WHERE id = 1", "t", hash) < 0 ? -1 : 0;
}

int audit_verify(db_t *db, err_t *e, int64_t *count)
{
    *count = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, "
                             "after_json, prev_hash, hash FROM audit_log ORDER BY id",
                             "");
    if (!st) return -1;
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    int64_t expect_id = 1;
    int rc, bad = 0;
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        char h[65];
        entry_hash(prev, id, db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3), db_col_int(st, 4),
                   db_col_text(st, 5), db_col_text(st, 6), db_col_int(st, 7), db_col_text(st, 8), db_col_text(st, 9),
                   h);
        if (id != expect_id) {
            err_set(e, 500, "audit_gap", "log audit: entri %lld hilang (ditemukan %lld)", (long long)expect_id,
                    (long long)id);
            bad = 1;
            break;
        }
        if (!str_eq(db_col_text(st, 10), prev)) {
            err_set(e, 500, "audit_chain", "log audit: entri %lld tidak menunjuk hash entri sebelumnya", (long long)id);
            bad = 1;
            break;
        }
        if (!str_eq(db_col_text(st, 11), h)) {
            err_set(e, 500, "audit_tampered", "log audit: entri %lld telah diubah (hash tidak cocok)", (long long)id);
            bad = 1;
            break;
        }
        memcpy(prev, h, 65);
        expect_id++;
        (*count)++;
    }
    db_finalize(st);
    if (rc < 0 || bad) return -1;
    st = db_query(db, e, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", "");
    if (!st) return -1;
    if (db_step(st, e) != 1) {
        db_finalize(st);
        return err_set(e, 500, "audit_head", "log audit: kepala rantai hilang");
    }
    if (db_col_int(st, 0) != *count || !str_eq(db_col_text(st, 1), prev))
        bad = err_set(e, 500, "audit_truncated", "log audit: entri terakhir (%lld) hilang atau kepala rantai diubah",
                      (long long)db_col_int(st, 0));
    db_finalize(st);
    return bad ? -1 : 0;
}
