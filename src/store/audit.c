/* audit.c — append-only audit log; each entry carries the SHA-256 of the one before. */
#include "audit.h"
#include "sync_store.h"
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

/* The entry's hash: raw (32 bytes) and, when hex is not NULL, as 64 hex digits.
 * prev is the previous entry's hash in hex, as it has always been hashed. */
static void entry_hash(hasher_t *hs, const char *prev, int64_t id, const char *at, int64_t uid, const char *uname,
                       int64_t site, const char *action, const char *entity, int64_t eid, const char *before,
                       const char *after, unsigned char h[32], char *hex)
{
    buf_t *b = &hs->msg;
    buf_reset(b);
    const char *parts[] = {prev, NULL, at, uname, action, entity, before, after};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
        if (i == 1) { /* "id\x1fuid\x1fsite\x1f" */
            buf_put_i64(b, id), buf_putc(b, 0x1f), buf_put_i64(b, uid), buf_putc(b, 0x1f), buf_put_i64(b, site), buf_putc(b, 0x1f);
        } else if (parts[i]) {
            buf_puts(b, parts[i]);
        } else {
            buf_append(b, "", 1); /* NULL: one 0x00 byte */
        }
        buf_putc(b, 0x1f);
    }
    buf_put_i64(b, eid);
    unsigned int hl = 0;
    if (!hs->ctx || EVP_DigestInit_ex2(hs->ctx, sha256_md, NULL) != 1 || EVP_DigestUpdate(hs->ctx, b->data, b->len) != 1 ||
        EVP_DigestFinal_ex(hs->ctx, h, &hl) != 1 || hl != 32)
        crypto_hash_sha256(h, (const unsigned char *)b->data, b->len);
    if (hex) hex_encode(h, 32, hex);
}

void audit_row_hash(const char *prev, const audit_row_t *r, char out[65])
{
    hasher_t hs;
    hasher_init(&hs);
    unsigned char h[32];
    entry_hash(&hs, prev, r->id, r->at, r->user_id, r->user_name, r->site_id, r->action, r->entity, r->entity_id,
               r->before, r->after, h, out);
    hasher_free(&hs);
}

int audit_append(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after)
{
    audit_entry_t one = {site_id, action, entity, entity_id, before, after};
    return audit_append_many(db, e, who, &one, 1);
}

const actor_t audit_cli_actor = {0, "cli", "admin"};

int audit_write(db_t *db, err_t *e, const audit_write_t *w)
{
    size_t flags = JSON_COMPACT | (w->sort_keys ? JSON_SORT_KEYS : JSON_PRESERVE_ORDER);
    char *bs = w->before ? json_dumps(w->before, flags) : NULL, *as = w->after ? json_dumps(w->after, flags) : NULL;
    json_decref(w->before);
    json_decref(w->after);
    int rc = audit_append(db, e, w->who ? w->who : &audit_cli_actor, w->site_id, w->action, w->entity, w->entity_id,
                          bs ? bs : w->before_text, as ? as : w->after_text);
    free(bs);
    free(as);
    return rc;
}

/* ---------------------------------------------------------------- the compact form (issue 28) */

/* Skips one JSON value at p (well-formed or not: stops at the end); returns the
 * byte after it. */
static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}
static const char *skip_string(const char *p) /* p at '"' */
{
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1]) p++;
    return *p ? p + 1 : NULL;
}
static const char *skip_value(const char *p)
{
    p = skip_ws(p);
    if (*p == '"') return skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '"') {
                if (!(p = skip_string(p))) return NULL;
                p--;
            } else if (*p == '{' || *p == '[') depth++;
            else if ((*p == '}' || *p == ']') && --depth == 0) return p + 1;
        }
        return NULL;
    }
    const char *q = p;
    while (*q && *q != ',' && *q != '}' && *q != ']' && *q != ' ' && *q != '\n' && *q != '\t' && *q != '\r') q++;
    return q > p ? q : NULL;
}

const char *audit_compact_json(const char *json, buf_t *out)
{
    if (!json || !strstr(json, "null")) return json;
    const char *p = skip_ws(json);
    if (*p != '{') return json;
    buf_reset(out);
    buf_putc(out, '{');
    int kept = 0, dropped = 0;
    p = skip_ws(p + 1);
    if (*p == '}') return json;
    for (;;) {
        if (*p != '"') return json;
        const char *k0 = p, *k1 = skip_string(p);
        if (!k1) return json;
        p = skip_ws(k1);
        if (*p != ':') return json;
        const char *v0 = skip_ws(p + 1), *v1 = skip_value(v0);
        if (!v1) return json;
        if (v1 - v0 == 4 && memcmp(v0, "null", 4) == 0) dropped++;
        else {
            if (kept++) buf_putc(out, ',');
            buf_append(out, k0, (size_t)(k1 - k0));
            buf_putc(out, ':');
            buf_append(out, v0, (size_t)(v1 - v0));
        }
        p = skip_ws(v1);
        if (*p == ',') {
            p = skip_ws(p + 1);
            continue;
        }
        if (*p != '}' || *skip_ws(p + 1)) return json;
        break;
    }
    if (!dropped) return json;
    buf_putc(out, '}');
    return out->data;
}

/* Rows per multi-row INSERT into audit_log: powers of two up to AUDIT_CHUNK, so
 * seven fixed SQL texts cover every batch size and stay in the statement cache. */
#define AUDIT_CHUNK 64
#define AUDIT_ROW "(?,?,?,?,?,?,?,?,?,?,?)"
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
                                          "entity, entity_id, before_json, after_json, hash) VALUES " rows, e)
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

/* Reads the chain head's hash (column col of st) as hex into out; false when it is
 * not 32 bytes. */
static bool head_hex(db_stmt_t *st, int col, char out[65])
{
    unsigned char h[32];
    int64_t n = db_col_blob(st, col, h, sizeof h);
    if (n != 32) {
        memset(out, '0', 64), out[64] = 0;
        return false;
    }
    hex_encode(h, 32, out);
    return true;
}

/* Appends n entries; orig (NULL: now and `who` for every entry) gives each its
 * own time and author. *first_id gets the id of the first. A new entry that
 * creates a record keeps its after-image without null members (audit_compact_json);
 * copied entries (orig) are kept as they are. */
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
    head_hex(st, 1, prev);
    while (db_step(st, e) == 1) {}
    db_finalize(st);
    char at[32];
    now_iso(at);
    typedef struct {
        unsigned char raw[32];
        char hex[65];
    } hash_t;
    hash_t *hash = xmalloc(sizeof *hash * (size_t)n);
    const char **after = xmalloc(sizeof *after * (size_t)n);
    buf_t compact; /* the compacted after-images, NUL-separated; offsets until all are in */
    buf_init(&compact);
    size_t *off = xmalloc(sizeof *off * (size_t)n);
    buf_t one;
    buf_init(&one);
    for (int i = 0; i < n; i++) {
        const char *x = ents[i].after;
        off[i] = (size_t)-1;
        if (!orig && x && ents[i].action && str_eq(ents[i].action, "create")) {
            const char *c = audit_compact_json(x, &one);
            if (c != x) {
                off[i] = compact.len;
                buf_append(&compact, c, strlen(c) + 1);
            }
        }
    }
    buf_release(&one);
    for (int i = 0; i < n; i++) after[i] = off[i] == (size_t)-1 ? ents[i].after : compact.data + off[i];
    free(off);
    hasher_t hs;
    hasher_init(&hs);
    for (int i = 0; i < n; i++) {
        const audit_entry_t *x = &ents[i];
        entry_hash(&hs, i ? hash[i - 1].hex : prev, first + i, orig ? orig[i].at : at,
                   orig ? orig[i].user_id : who->user_id, orig ? orig[i].user_name : who->name, x->site_id, x->action,
                   x->entity, x->entity_id, x->before, after[i], hash[i].raw, hash[i].hex);
    }
    hasher_free(&hs);
    int rc = 0;
    if (db_kind(db) == DB_POSTGRES && n > 1) { /* one INSERT ... SELECT FROM unnest(one array a column) */
        buf_t a[11];
        for (int c = 0; c < 11; c++) buf_init(&a[c]), buf_putc(&a[c], '{');
        for (int i = 0; i < n; i++) {
            const audit_entry_t *x = &ents[i];
            char num[4][24], hb[67];
            snprintf(num[0], sizeof num[0], "%lld", (long long)(first + i));
            snprintf(num[1], sizeof num[1], "%lld", (long long)(orig ? orig[i].user_id : who->user_id));
            snprintf(num[2], sizeof num[2], "%lld", (long long)x->site_id);
            snprintf(num[3], sizeof num[3], "%lld", (long long)x->entity_id);
            hb[0] = '\\', hb[1] = 'x';
            memcpy(hb + 2, hash[i].hex, 65);
            const char *v[11] = {num[0], orig ? orig[i].at : at, num[1], orig ? orig[i].user_name : who->name, num[2],
                                 x->action, x->entity, num[3], x->before, after[i], hb};
            for (int c = 0; c < 11; c++) pg_array_append(&a[c], v[c]);
        }
        for (int c = 0; c < 11; c++) buf_putc(&a[c], '}');
        st = db_prepare(db, "INSERT INTO audit_log(id, at, user_id, user_name, site_id, action, entity, entity_id, "
                            "before_json, after_json, hash) SELECT * FROM unnest(CAST(? AS bigint[]), "
                            "CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS bigint[]), "
                            "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), "
                            "CAST(? AS text[]), CAST(? AS bytea[]))",
                        e);
        if (!st) rc = -1;
        for (int c = 0; st && c < 11; c++) db_bind_text_nocopy(st, c + 1, a[c].data);
        int s = st ? 0 : -1;
        while (st && (s = db_step(st, e)) == 1) {}
        db_finalize(st);
        if (s < 0) rc = -1;
        for (int c = 0; c < 11; c++) buf_release(&a[c]);
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
            int i = done + j, p = 11 * j;
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
            db_bind_text_nocopy(st, p + 10, after[i]);
            db_bind_blob(st, p + 11, hash[i].raw, 32);
        }
        int s;
        while ((s = db_step(st, e)) == 1) {}
        db_finalize(st);
        if (s < 0) rc = -1;
        done += k;
    }
    if (rc == 0) {
        st = db_prepare(db, "UPDATE audit_head SET last_hash = ? WHERE id = 1", e);
        if (st) db_bind_blob(st, 1, hash[n - 1].raw, 32);
        if (!st || db_step(st, e) < 0) rc = -1;
        db_finalize(st);
    }
    free(hash);
    free(after);
    buf_release(&compact);
    return rc;
}

int audit_append_many(db_t *db, err_t *e, const actor_t *who, const audit_entry_t *ents, int n)
{
    /* a change at the wrong side (a hub changing a syncing site's rows) is refused
     * here, where every change passes (issue 23). Only a site listed in sync_site
     * can be owned elsewhere: a batch (an import's rows spread over many sites)
     * asks once whether there is any, rather than once per site. */
    bool any_syncing = true;
    if (n > 1) {
        int64_t any = db_one_int(db, e, "SELECT count(*) FROM (SELECT 1 FROM sync_site LIMIT 1) AS x", "");
        if (any < 0) return -1;
        any_syncing = any > 0;
    }
    for (int i = 0; any_syncing && i < n; i++) {
        bool seen = i > 0 && ents[i - 1].site_id == ents[i].site_id && str_eq(ents[i - 1].entity, ents[i].entity) &&
                    str_eq(ents[i - 1].action, ents[i].action);
        if (!seen && sync_row_owner(db, e, who, ents[i].site_id, ents[i].action, ents[i].entity) < 0) return -1;
    }
    int64_t first;
    return append_entries(db, e, who, ents, NULL, n, &first);
}

int audit_append_copied(db_t *db, err_t *e, const audit_entry_t *ents, const audit_origin_t *orig, int n,
                        int64_t *first_id)
{
    return append_entries(db, e, NULL, ents, orig, n, first_id);
}

#define ZERO_HEX "0000000000000000000000000000000000000000000000000000000000000000"

static int verify_chain(db_t *db, err_t *e, int64_t *count, bool hex);

int audit_verify(db_t *db, err_t *e, int64_t *count)
{
    *count = 0;
    /* a database not yet migrated (bekal check opens without migrating) */
    int64_t compact = db_one_int(db, e, "SELECT count(*) FROM schema_migrations WHERE name = '029_audit_compact'", "");
    if (compact < 0) return -1;
    return verify_chain(db, e, count, compact == 0);
}

/* Walks the chain in order: ids without gaps, each hash recomputed from the entry and
 * its predecessor's, the head naming the last. hex: the form before migration 029
 * (hex texts, each entry with a copy of the previous entry's hash, which must match);
 * else the compact form (32-byte hashes, no copy). Same checks and messages for both. */
static int verify_chain(db_t *db, err_t *e, int64_t *count, bool hex)
{
    *count = 0;
    db_stmt_t *st = hex ? db_query(db, e,
                                   "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, "
                                   "after_json, hash, prev_hash FROM audit_log ORDER BY id",
                                   "")
                        : db_query(db, e,
                                   "SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, "
                                   "after_json, hash FROM audit_log ORDER BY id",
                                   "");
    if (!st) return -1;
    char prev[65] = ZERO_HEX;
    int64_t expect_id = 1;
    int rc, bad = 0;
    hasher_t hs;
    hasher_init(&hs);
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        if (id != expect_id) {
            bad = err_set(e, 500, "audit_gap", "log audit: entri %lld hilang (ditemukan %lld)", (long long)expect_id,
                          (long long)id);
            break;
        }
        if (hex && !str_eq(db_col_text(st, 11), prev)) {
            bad = err_set(e, 500, "audit_chain", "log audit: entri %lld tidak menunjuk hash entri sebelumnya",
                          (long long)id);
            break;
        }
        unsigned char h[32], stored[32];
        char hh[65];
        entry_hash(&hs, prev, id, db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3), db_col_int(st, 4),
                   db_col_text(st, 5), db_col_text(st, 6), db_col_int(st, 7), db_col_text(st, 8), db_col_text(st, 9),
                   h, hh);
        if (hex ? !str_eq(db_col_text(st, 10), hh)
                : db_col_blob(st, 10, stored, sizeof stored) != 32 || memcmp(stored, h, 32) != 0) {
            bad = err_set(e, 500, "audit_tampered", "log audit: entri %lld telah diubah (hash tidak cocok)", (long long)id);
            break;
        }
        memcpy(prev, hh, 65);
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
    char head[65];
    bool ok = hex ? str_eq(db_col_text(st, 1), prev) : head_hex(st, 1, head) && str_eq(head, prev);
    if (db_col_int(st, 0) != *count || !ok)
        bad = err_set(e, 500, "audit_truncated", "log audit: entri terakhir (%lld) hilang atau kepala rantai diubah",
                      (long long)db_col_int(st, 0));
    db_finalize(st);
    return bad ? -1 : 0;
}

int audit_hash_hex(db_t *db, err_t *e, int64_t id, char out[65])
{
    out[0] = 0;
    if (id == 0) {
        memcpy(out, ZERO_HEX, 65);
        return 1;
    }
    db_stmt_t *st = db_query(db, e, "SELECT hash FROM audit_log WHERE id = ?", "i", id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        unsigned char h[32];
        int64_t n = db_col_blob(st, 0, h, sizeof h);
        if (n == 32) hex_encode(h, 32, out);
        else if (n > 0) { /* not a hash: shown as it is, so it matches nothing */
            size_t k = (size_t)(n < 32 ? n : 32);
            for (size_t i = 0; i < k; i++) out[i] = (char)(h[i] >= 0x20 && h[i] < 0x7f ? h[i] : '?');
            out[k] = 0;
        }
    }
    db_finalize(st);
    return rc;
}

/* ---------------------------------------------------------------- migration 029 */

/* The outcome of the check before the conversion, kept for the check after it
 * (migrations run one at a time: db_migrate holds the lock on PostgreSQL). */
static __thread struct {
    bool ran, ok;
    int64_t count;
    char msg[sizeof ((err_t *)0)->msg];
} convert_before;

int audit_convert_check(db_t *db, int after, err_t *e)
{
    if (!after) {
        err_t ve;
        memset(&ve, 0, sizeof ve);
        convert_before.ran = true;
        convert_before.ok = verify_chain(db, &ve, &convert_before.count, true) == 0;
        snprintf(convert_before.msg, sizeof convert_before.msg, "%s", convert_before.ok ? "" : ve.msg);
        return 0;
    }
    if (!convert_before.ran) return 0;
    convert_before.ran = false;
    err_t ve;
    memset(&ve, 0, sizeof ve);
    int64_t n = 0;
    bool ok = verify_chain(db, &ve, &n, false) == 0;
    if (convert_before.ok && (!ok || n != convert_before.count))
        return err_set(e, 500, "audit_convert", "konversi log audit gagal: rantai utuh sebelumnya (%lld entri), "
                                                "sesudahnya tidak (%lld entri): %s",
                       (long long)convert_before.count, (long long)n, ok ? "jumlah berbeda" : ve.msg);
    if (!convert_before.ok) /* already broken: converted as it is, `bekal check` keeps reporting it */
        fprintf(stderr, "bekal: peringatan: log audit sudah rusak sebelum dikonversi ke bentuk ringkas: %s\n",
                convert_before.msg);
    return 0;
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
