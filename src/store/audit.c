/* audit.c — append-only audit log; each entry carries the SHA-256 of the one before. */
#include "audit.h"
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* hash = SHA256(prev | id | at | user_id | user_name | site_id | action | entity | entity_id | before | after),
 * fields separated by 0x1f, NULL written as 0x00.
 *
 * The bytes are gathered into one buffer and hashed in one call. SHA-256 comes
 * from OpenSSL's libcrypto (already loaded by libpq), which uses the CPU's SHA
 * instructions: an import hashes ~700 bytes per row, and libsodium's portable
 * SHA-256 was a quarter of the import's time. libsodium stays the fallback. */
static EVP_MD *sha256_md; /* fetched once, shared by every thread */
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static void sha256_fetch(void) { sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL); }

/* Per-call hashing state: the message buffer and an OpenSSL context (NULL:
 * use libsodium). */
typedef struct {
    buf_t msg;
    EVP_MD_CTX *ctx;
} hasher_t;
static void hasher_init(hasher_t *hs)
{
    pthread_once(&sha256_once, sha256_fetch);
    buf_init(&hs->msg);
    hs->ctx = sha256_md ? EVP_MD_CTX_new() : NULL;
}
static void hasher_free(hasher_t *hs)
{
    buf_release(&hs->msg);
    EVP_MD_CTX_free(hs->ctx);
}

static void put_num(buf_t *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void entry_hash(hasher_t *hs, const char *prev, int64_t id, const char *at, int64_t uid, const char *uname,
                       int64_t site, const char *action, const char *entity, int64_t eid, const char *before,
                       const char *after, char out[65])
{
    buf_t *b = &hs->msg;
    buf_reset(b);
    const char *parts[] = {prev, NULL, at, uname, action, entity, before, after};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
        if (i == 1) { /* "id\x1fuid\x1fsite\x1f" */
            put_num(b, id), buf_putc(b, 0x1f), put_num(b, uid), buf_putc(b, 0x1f), put_num(b, site), buf_putc(b, 0x1f);
        } else if (parts[i]) {
            buf_puts(b, parts[i]);
        } else {
            buf_append(b, "", 1); /* NULL: one 0x00 byte */
        }
        buf_putc(b, 0x1f);
    }
    put_num(b, eid);
    unsigned char h[32];
    unsigned int hl = 0;
    if (!hs->ctx || EVP_DigestInit_ex2(hs->ctx, sha256_md, NULL) != 1 || EVP_DigestUpdate(hs->ctx, b->data, b->len) != 1 ||
        EVP_DigestFinal_ex(hs->ctx, h, &hl) != 1 || hl != 32)
        crypto_hash_sha256(h, (const unsigned char *)b->data, b->len);
    hex_encode(h, 32, out);
}

void audit_row_hash(const char *prev, const audit_row_t *r, char out[65])
{
    hasher_t hs;
    hasher_init(&hs);
    entry_hash(&hs, prev, r->id, r->at, r->user_id, r->user_name, r->site_id, r->action, r->entity, r->entity_id,
               r->before, r->after, out);
    hasher_free(&hs);
}

int audit_append(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after)
{
    audit_entry_t one = {site_id, action, entity, entity_id, before, after};
    return audit_append_many(db, e, who, &one, 1);
}

/* Rows per multi-row INSERT into audit_log: powers of two up to AUDIT_CHUNK, so
 * seven fixed SQL texts cover every batch size and stay in the statement cache. */
#define AUDIT_CHUNK 64
#define AUDIT_ROW "(?,?,?,?,?,?,?,?,?,?,?,?)"
#define AUDIT_ROWS2 AUDIT_ROW "," AUDIT_ROW
#define AUDIT_ROWS4 AUDIT_ROWS2 "," AUDIT_ROWS2
#define AUDIT_ROWS8 AUDIT_ROWS4 "," AUDIT_ROWS4
#define AUDIT_ROWS16 AUDIT_ROWS8 "," AUDIT_ROWS8
#define AUDIT_ROWS32 AUDIT_ROWS16 "," AUDIT_ROWS16
#define AUDIT_ROWS64 AUDIT_ROWS32 "," AUDIT_ROWS32

/* Prepares the INSERT of k entries (k a power of two <= AUDIT_CHUNK). */
static db_stmt_t *audit_insert_prepare(db_t *db, int k, err_t *e)
{
#define AUDIT_INSERT(rows) db_prepare(db, "INSERT INTO audit_log(id, at, user_id, user_name, site_id, action, " \
                                          "entity, entity_id, before_json, after_json, prev_hash, hash) VALUES " rows, e)
    switch (k) {
    case 64: return AUDIT_INSERT(AUDIT_ROWS64);
    case 32: return AUDIT_INSERT(AUDIT_ROWS32);
    case 16: return AUDIT_INSERT(AUDIT_ROWS16);
    case 8: return AUDIT_INSERT(AUDIT_ROWS8);
    case 4: return AUDIT_INSERT(AUDIT_ROWS4);
    case 2: return AUDIT_INSERT(AUDIT_ROWS2);
    default: return AUDIT_INSERT(AUDIT_ROW);
    }
#undef AUDIT_INSERT
}

/* Appends n entries; orig (NULL: now and `who` for every entry) gives each its
 * own time and author. *first_id gets the id of the first. */
static int append_entries(db_t *db, err_t *e, const actor_t *who, const audit_entry_t *ents,
                          const audit_origin_t *orig, int n, int64_t *first_id)
{
    *first_id = 0;
    if (n <= 0) return 0;
    db_stmt_t *st = db_query(db, e, "UPDATE audit_head SET last_id = last_id + ? WHERE id = 1 RETURNING last_id, last_hash",
                             "i", (int64_t)n);
    if (!st) return -1;
    int hrc = db_step(st, e);
    if (hrc != 1) { /* a database error (e.g. a serialisation failure db_tx retries) is kept as it is */
        db_finalize(st);
        return hrc < 0 ? -1 : err_set(e, 500, "audit", "kepala log audit tidak ditemukan");
    }
    int64_t first = db_col_int(st, 0) - n + 1;
    *first_id = first;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    while (db_step(st, e) == 1) {}
    db_finalize(st);
    char at[32];
    now_iso(at);
    char(*hash)[65] = xmalloc(sizeof *hash * (size_t)n);
    hasher_t hs;
    hasher_init(&hs);
    for (int i = 0; i < n; i++) {
        const audit_entry_t *x = &ents[i];
        entry_hash(&hs, i ? hash[i - 1] : prev, first + i, orig ? orig[i].at : at,
                   orig ? orig[i].user_id : who->user_id, orig ? orig[i].user_name : who->name, x->site_id, x->action,
                   x->entity, x->entity_id, x->before, x->after, hash[i]);
    }
    hasher_free(&hs);
    int rc = 0;
    if (db_kind(db) == DB_POSTGRES && n > 1) { /* one INSERT ... SELECT FROM unnest(one array a column) */
        buf_t a[12];
        for (int c = 0; c < 12; c++) buf_init(&a[c]), buf_putc(&a[c], '{');
        for (int i = 0; i < n; i++) {
            const audit_entry_t *x = &ents[i];
            char num[4][24];
            snprintf(num[0], sizeof num[0], "%lld", (long long)(first + i));
            snprintf(num[1], sizeof num[1], "%lld", (long long)(orig ? orig[i].user_id : who->user_id));
            snprintf(num[2], sizeof num[2], "%lld", (long long)x->site_id);
            snprintf(num[3], sizeof num[3], "%lld", (long long)x->entity_id);
            const char *v[12] = {num[0], orig ? orig[i].at : at, num[1], orig ? orig[i].user_name : who->name, num[2],
                                 x->action, x->entity, num[3], x->before, x->after, i ? hash[i - 1] : prev, hash[i]};
            for (int c = 0; c < 12; c++) pg_array_append(&a[c], v[c]);
        }
        for (int c = 0; c < 12; c++) buf_putc(&a[c], '}');
        st = db_prepare(db, "INSERT INTO audit_log(id, at, user_id, user_name, site_id, action, entity, entity_id, "
                            "before_json, after_json, prev_hash, hash) SELECT * FROM unnest(CAST(? AS bigint[]), "
                            "CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS bigint[]), "
                            "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), "
                            "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))",
                        e);
        if (!st) rc = -1;
        for (int c = 0; st && c < 12; c++) db_bind_text_nocopy(st, c + 1, a[c].data);
        int s = st ? 0 : -1;
        while (st && (s = db_step(st, e)) == 1) {}
        db_finalize(st);
        if (s < 0) rc = -1;
        for (int c = 0; c < 12; c++) buf_release(&a[c]);
    }
    for (int done = db_kind(db) == DB_POSTGRES && n > 1 ? n : 0; rc == 0 && done < n;) {
        int k = AUDIT_CHUNK;
        while (k > n - done) k >>= 1;
        st = audit_insert_prepare(db, k, e);
        if (!st) {
            rc = -1;
            break;
        }
        for (int j = 0; j < k; j++) {
            int i = done + j, p = 12 * j;
            const audit_entry_t *x = &ents[i];
            /* all of these outlive the statement, finalized below */
            db_bind_int(st, p + 1, first + i);
            db_bind_text_nocopy(st, p + 2, orig ? orig[i].at : at);
            db_bind_int(st, p + 3, orig ? orig[i].user_id : who->user_id);
            db_bind_text_nocopy(st, p + 4, orig ? orig[i].user_name : who->name);
            db_bind_int(st, p + 5, x->site_id);
            db_bind_text_nocopy(st, p + 6, x->action);
            db_bind_text_nocopy(st, p + 7, x->entity);
            db_bind_int(st, p + 8, x->entity_id);
            db_bind_text_nocopy(st, p + 9, x->before);
            db_bind_text_nocopy(st, p + 10, x->after);
            db_bind_text_nocopy(st, p + 11, i ? hash[i - 1] : prev);
            db_bind_text_nocopy(st, p + 12, hash[i]);
        }
        int s;
        while ((s = db_step(st, e)) == 1) {}
        db_finalize(st);
        if (s < 0) rc = -1;
        done += k;
    }
    if (rc == 0 && db_run(db, e, "UPDATE audit_head SET last_hash = ? WHERE id = 1", "t", hash[n - 1]) < 0) rc = -1;
    free(hash);
    return rc;
}

int audit_append_many(db_t *db, err_t *e, const actor_t *who, const audit_entry_t *ents, int n)
{
    int64_t first;
    return append_entries(db, e, who, ents, NULL, n, &first);
}

int audit_append_copied(db_t *db, err_t *e, const audit_entry_t *ents, const audit_origin_t *orig, int n,
                        int64_t *first_id)
{
    return append_entries(db, e, NULL, ents, orig, n, first_id);
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
    hasher_t hs;
    hasher_init(&hs);
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        char h[65];
        entry_hash(&hs, prev, id, db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3), db_col_int(st, 4),
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
    hasher_free(&hs);
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

int audit_each(db_t *db, err_t *e,
               int (*fn)(void *ctx, const char *action, const char *entity, int64_t entity_id, const char *after),
               void *ctx)
{
    db_stmt_t *st = db_query(db, e, "SELECT action, entity, entity_id, after_json FROM audit_log ORDER BY id", "");
    if (!st) return -1;
    int rc, ret = 0;
    while ((rc = db_step(st, e)) == 1)
        if (fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3)) < 0) {
            ret = -1;
            break;
        }
    db_finalize(st);
    return rc < 0 ? -1 : ret;
}


/* ---------------------------------------------------------------- reading the log for pages */

static const char *dup_col(arena_t *a, db_stmt_t *st, int i)
{
    const char *s = db_col_text(st, i);
    return s ? arena_strdup(a, s) : NULL;
}

/* Reads the rows of st (columns id, at, user_name, action, entity, entity_id,
 * before_json, after_json) into *out; finalizes st. */
static int view_rows(db_t *db, err_t *e, arena_t *a, db_stmt_t *st, audit_view_t **out, int *n)
{
    (void)db;
    *out = NULL;
    *n = 0;
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        audit_view_t *v = ARENA_PUSH(a, *out, *n, cap);
        v->id = db_col_int(st, 0);
        v->at = dup_col(a, st, 1);
        v->user_name = dup_col(a, st, 2);
        v->action = dup_col(a, st, 3);
        v->entity = dup_col(a, st, 4);
        v->entity_id = db_col_int(st, 5);
        v->before = dup_col(a, st, 6);
        v->after = dup_col(a, st, 7);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int audit_recent(db_t *db, err_t *e, arena_t *a, const char *entity, int64_t entity_id, audit_view_t **out, int *n)
{
    return view_rows(db, e, a,
                     db_query(db, e,
                              "SELECT id, at, user_name, action, entity, entity_id, NULL, NULL FROM audit_log "
                              "WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 20",
                              "ti", entity, entity_id),
                     out, n);
}

int audit_page(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, const char *entity, int64_t limit,
               int64_t offset, audit_view_t **out, int *n)
{
    return view_rows(db, e, a,
                     db_query(db, e,
                              "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json FROM "
                              "audit_log WHERE (site_id IN (SELECT site_id FROM user_site WHERE user_id = ?) OR "
                              "(site_id = 0 AND ? = 'admin')) AND (CAST(? AS TEXT) IS NULL OR entity = ?) "
                              "ORDER BY id DESC LIMIT ? OFFSET ?",
                              "itttii", uid, role, entity, entity, limit, offset),
                     out, n);
}
