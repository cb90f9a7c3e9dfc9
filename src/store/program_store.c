/* program_store.c — capacity per phase, quota, trades covered, instructor
 * accounts and agreement documents (see program_store.h). */
#include "program_store.h"
#include "rowmap.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t prog_phase_used(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, int64_t exclude_id)
{
    return db_one_int(db, e,
                      "SELECT COALESCE(sum(capacity_max), 0) FROM program WHERE agreement_id = ? AND phase = ? "
                      "AND status <> 'dibatalkan' AND id <> ?",
                      "iii", agreement_id, phase, exclude_id);
}

int prog_phase_quota(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, int64_t *quota_max)
{
    return rm_first(db_query(db, e, "SELECT quota_max FROM agreement_quota WHERE agreement_id = ? AND phase = ?", "ii",
                             agreement_id, phase),
                    e, NULL, "i", quota_max);
}

int prog_agreement_covers(db_t *db, err_t *e, int64_t agreement_id, int64_t kejuruan_id)
{
    int64_t all = db_one_int(db, e, "SELECT count(*) FROM agreement_kejuruan WHERE agreement_id = ?", "i",
                             agreement_id);
    if (all <= 0) return all < 0 ? -1 : 1;
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM agreement_kejuruan WHERE agreement_id = ? AND kejuruan_id = ?",
                           "ii", agreement_id, kejuruan_id);
    return n < 0 ? -1 : n > 0;
}

int64_t prog_count_using(db_t *db, err_t *e, int64_t agreement_id, int64_t key, bool by_phase)
{
    if (by_phase)
        return db_one_int(db, e,
                          "SELECT count(*) FROM program WHERE agreement_id = ? AND phase = ? AND status <> 'dibatalkan'",
                          "ii", agreement_id, key);
    return db_one_int(db, e,
                      "SELECT count(*) FROM program WHERE agreement_id = ? AND kejuruan_id = ? "
                      "AND status <> 'dibatalkan'",
                      "ii", agreement_id, key);
}

/* Steps st (NULL: error set) through its rows of (id, name, full_name) into out. 0 or -1. */
static int read_users(db_stmt_t *st, err_t *e, arena_t *a, user_list_t *out)
{
    memset(out, 0, sizeof *out);
    if (!st) return -1;
    int rc, ni = 0, nn = 0, ci = 0, cn = 0, cf = 0;
    while ((rc = db_step(st, e)) == 1) {
        *ARENA_PUSH(a, out->id, ni, ci) = db_col_int(st, 0);
        *ARENA_PUSH(a, out->name, nn, cn) = arena_strdup(a, db_col_text(st, 1));
        *ARENA_PUSH(a, out->full_name, out->n, cf) = arena_strdup(a, db_col_text(st, 2));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int site_role_users(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char *role, user_list_t *out)
{
    return read_users(db_query(db, e,
                               "SELECT u.id, u.name, u.full_name FROM app_user u JOIN user_site us ON us.user_id = u.id "
                               "WHERE us.site_id = ? AND u.role = ? AND u.active = 1 ORDER BY u.name",
                               "it", site_id, role),
                      e, a, out);
}

int site_role_valid(db_t *db, err_t *e, int64_t site_id, const char *role, int64_t user_id)
{
    int64_t n = db_one_int(db, e,
                           "SELECT count(*) FROM app_user u JOIN user_site us ON us.user_id = u.id "
                           "WHERE us.site_id = ? AND u.id = ? AND u.role = ? AND u.active = 1",
                           "iit", site_id, user_id, role);
    return n < 0 ? -1 : n > 0;
}

int64_t prog_last_phase(db_t *db, err_t *e, int64_t agreement_id)
{
    return db_one_int(db, e, "SELECT COALESCE(max(phase), 0) FROM agreement_quota WHERE agreement_id = ?", "i",
                      agreement_id);
}

int64_t prog_units_jp(db_t *db, err_t *e, int64_t kejuruan_id)
{
    return db_one_int(db, e, "SELECT COALESCE(sum(jp), 0) FROM competency_unit WHERE kejuruan_id = ?", "i",
                      kejuruan_id);
}

int64_t agreement_doc_owner(db_t *db, err_t *e, int64_t doc_id)
{
    return db_one_int(db, e, "SELECT agreement_id FROM agreement_document WHERE id = ?", "i", doc_id);
}

const char *prog_user_label(db_t *db, err_t *e, arena_t *a, int64_t user_id)
{
    db_stmt_t *st = db_query(db, e, "SELECT name, full_name FROM app_user WHERE id = ?", "i", user_id);
    if (!st) return NULL;
    const char *s = NULL;
    if (db_step(st, e) == 1) {
        const char *full = db_col_text(st, 1);
        s = full && *full ? arena_printf(a, "%s (%s)", full, db_col_text(st, 0)) : arena_strdup(a, db_col_text(st, 0));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return s;
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    hex_encode(h, 32, out);
}

int64_t agreement_doc_insert(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id,
                             int64_t agreement_id, const char *file_name, const char *data, size_t len)
{
    size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(a, b64len);
    sodium_bin2base64(b64, b64len, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
    char sum[65], now[32];
    sha256_hex(data, len, sum);
    now_iso(now);
    int64_t uid = who->user_id;
    int64_t id = db_one_int(db, e,
                            "INSERT INTO agreement_document(site_id, agreement_id, file_name, content_type, size_bytes, "
                            "sha256, data, created_at, created_by, updated_at, updated_by) "
                            "VALUES (?, ?, ?, 'application/pdf', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            "iititttiti", site_id, agreement_id, file_name, (int64_t)len, sum, b64, now, uid, now,
                            uid);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "dokumen PKS tidak tersimpan");
    json_t *after = json_pack("{s:I,s:s,s:I,s:s}", "agreement_id", (json_int_t)agreement_id, "file_name", file_name,
                              "size_bytes", (json_int_t)len, "sha256", sum);
    int rc = audit_write(db, e,
                         &(audit_write_t){who, site_id, "create", "agreement_document", id, .after = after,
                                          .after_text = "{}"});
    return rc < 0 ? -1 : id;
}

/* The document columns of both queries below, in SELECT order (the bytes, when
 * selected, come after them). */
#define C(f, t) RM_COL(agreement_doc_t, t, f)
static const rm_col_t doc_cols[] = {C(id, RM_INT),          C(agreement_id, RM_INT), C(site_id, RM_INT),
                                    C(file_name, RM_TEXT),  C(content_type, RM_TEXT), C(size, RM_INT),
                                    C(sha256, RM_TEXT),     C(created_at, RM_TEXT),  C(created_by, RM_STR)};
#undef C
static const rm_spec_t doc_spec = RM_SPEC(agreement_doc_t, doc_cols);

RM_LIST_BY_ID(agreement_doc_list, agreement_doc_t, doc_spec,
              "SELECT d.id, d.agreement_id, d.site_id, d.file_name, d.content_type, d.size_bytes, "
              "d.sha256, d.created_at, u.name FROM agreement_document d "
              "LEFT JOIN app_user u ON u.id = d.created_by WHERE d.agreement_id = ? ORDER BY d.id DESC")

int agreement_doc_get(db_t *db, err_t *e, arena_t *a, int64_t doc_id, int64_t agreement_id, agreement_doc_t *out)
{
#define DOC_COLS                                                                                          \
    "d.id, d.agreement_id, d.site_id, d.file_name, d.content_type, d.size_bytes, d.sha256, d.created_at, " \
    "u.name, d.data FROM agreement_document d LEFT JOIN app_user u ON u.id = d.created_by "
    db_stmt_t *st = doc_id ? db_query(db, e, "SELECT " DOC_COLS "WHERE d.id = ?", "i", doc_id)
                           : db_query(db, e, "SELECT " DOC_COLS "WHERE d.agreement_id = ? ORDER BY d.id DESC LIMIT 1",
                                      "i", agreement_id);
#undef DOC_COLS
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        memset(out, 0, sizeof *out);
        rm_read(st, a, &doc_spec, out);
        const char *b64 = db_col_text(st, 9) ? db_col_text(st, 9) : "";
        size_t blen = strlen(b64), cap = blen / 4 * 3 + 3, got = 0;
        char *bin = arena_alloc(a, cap + 1);
        if (sodium_base642bin((unsigned char *)bin, cap, b64, blen, NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            rc = err_set(e, 500, "document_corrupt", "dokumen PKS %lld rusak (base64 tidak sah)", (long long)out->id);
        else {
            char sum[65];
            sha256_hex(bin, got, sum);
            if (!str_eq(sum, out->sha256) || (int64_t)got != out->size)
                rc = err_set(e, 500, "document_corrupt", "dokumen PKS %lld rusak (SHA-256 tidak cocok)",
                             (long long)out->id);
            bin[got] = 0;
            out->data = bin;
        }
        if (rc == 1) while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc;
}

int prog_instructors(db_t *db, err_t *e, arena_t *a, int64_t program_id, user_list_t *out)
{
    return read_users(db_query(db, e,
                               "SELECT u.id, u.name, u.full_name FROM program_instructor pi JOIN app_user u ON u.id = "
                               "pi.user_id WHERE pi.program_id = ? ORDER BY pi.id",
                               "i", program_id),
                      e, a, out);
}

int prog_has_instructor(db_t *db, err_t *e, int64_t program_id, int64_t user_id)
{
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM program_instructor WHERE program_id = ? AND user_id = ?", "ii",
                           program_id, user_id);
    return n < 0 ? -1 : n > 0;
}
