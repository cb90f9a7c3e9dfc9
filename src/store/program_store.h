/* program_store.h — queries behind the agreement and programme rules that the
 * generic record functions do not cover: capacity used per phase, quota of a
 * phase, trades covered, instructor accounts, and the scanned agreement documents. */
#ifndef BEKAL_PROGRAM_STORE_H
#define BEKAL_PROGRAM_STORE_H
#include "records.h"

/* Sum of capacity_max of the programmes of (agreement, phase) that are not
 * cancelled, leaving out programme exclude_id (0: none). -1 on error. */
int64_t prog_phase_used(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, int64_t exclude_id);
/* The maximum quota of (agreement, phase) into *quota_max. 1 found, 0 none, -1 error. */
int prog_phase_quota(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, int64_t *quota_max);
/* Whether the agreement covers the trade: 1 yes (or it lists no trades at all, so
 * nothing is excluded), 0 no, -1 error. */
int prog_agreement_covers(db_t *db, err_t *e, int64_t agreement_id, int64_t kejuruan_id);
/* Programmes of (agreement, trade) [or (agreement, phase) when by_phase] that are
 * not cancelled: their count, or -1. */
int64_t prog_count_using(db_t *db, err_t *e, int64_t agreement_id, int64_t key, bool by_phase);

/* Users with role instruktur who may work at site_id, as parallel arrays. */
typedef struct {
    int n;
    int64_t *id;
    const char **name, **full_name;
} user_list_t;
/* Active users with role at site_id (ordered by login name); 0 or -1. */
int site_role_users(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char *role, user_list_t *out);
/* 1 when user_id is an active user with role who may work at site_id, 0 when not, -1 error. */
int site_role_valid(db_t *db, err_t *e, int64_t site_id, const char *role, int64_t user_id);
/* "Full Name (login)" of a user, or NULL when there is none. */
const char *prog_user_label(db_t *db, err_t *e, arena_t *a, int64_t user_id);

/* The highest phase with a quota in the agreement (0 when none), or -1. */
int64_t prog_last_phase(db_t *db, err_t *e, int64_t agreement_id);
/* Sum of the JP of a trade's competency units, or -1. */
int64_t prog_units_jp(db_t *db, err_t *e, int64_t kejuruan_id);
/* The agreement a document belongs to (0 when there is no such document), or -1. */
int64_t agreement_doc_owner(db_t *db, err_t *e, int64_t doc_id);

/* A stored agreement document (without its bytes unless loaded by agreement_doc_get). */
typedef struct {
    int64_t id, agreement_id, site_id, size;
    const char *file_name, *content_type, *sha256, *created_at, *created_by;
    const char *data; /* the original bytes (agreement_doc_get only) */
} agreement_doc_t;

/* Stores a document (inside the caller's transaction) and audits it without its
 * bytes (file name, size, sha256). Returns the new id or -1. */
int64_t agreement_doc_insert(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id,
                             int64_t agreement_id, const char *file_name, const char *data, size_t len);
/* Documents of an agreement, newest first (no bytes). 0 or -1. */
int agreement_doc_list(db_t *db, err_t *e, arena_t *a, int64_t agreement_id, agreement_doc_t **out, int *n);
/* Loads a document with its bytes: by doc_id, or the newest of agreement_id when
 * doc_id is 0. The bytes are checked against the stored SHA-256 (500 when they
 * differ). 1 found, 0 none, -1 error. */
int agreement_doc_get(db_t *db, err_t *e, arena_t *a, int64_t doc_id, int64_t agreement_id, agreement_doc_t *out);

/* The instructors listed on programme program_id, in the order they were listed. 0 or -1. */
int prog_instructors(db_t *db, err_t *e, arena_t *a, int64_t program_id, user_list_t *out);
/* 1 when user_id is listed on programme program_id, 0 not, -1 error. */
int prog_has_instructor(db_t *db, err_t *e, int64_t program_id, int64_t user_id);

#endif
