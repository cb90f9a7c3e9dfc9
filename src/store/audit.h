/* audit.h — who is acting, and the append-only, hash-chained audit log. */
#ifndef BEKAL_AUDIT_H
#define BEKAL_AUDIT_H
#include "db.h"
#include <jansson.h>

/* The person (or tool) making a change. user_id 0 means the command line. */
typedef struct {
    int64_t user_id;
    const char *name;
    const char *role;
} actor_t;

/* Appends one entry; must run inside db_tx() so it commits with the change.
 * before/after are JSON texts or NULL. */
int audit_append(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *action, const char *entity,
                 int64_t entity_id, const char *before, const char *after);

/* The command line as an actor (user 0, "cli", admin): what a NULL who means to audit_write(). */
extern const actor_t audit_cli_actor;

/* One write to describe to audit_write(). Each image is a JSON value, written as
 * compact text (keys sorted when sort_keys) and released: audit_write() takes the
 * references, also when it fails. When an image's value is NULL (none given, or
 * json_pack failed) its text is used instead, which may be NULL too (no image). */
typedef struct {
    const actor_t *who; /* NULL: audit_cli_actor */
    int64_t site_id;
    const char *action, *entity;
    int64_t entity_id;
    json_t *before, *after;
    const char *before_text, *after_text;
    bool sort_keys;
} audit_write_t;
/* Appends the entry w describes (as audit_append()). Returns 0 or -1. */
int audit_write(db_t *db, err_t *e, const audit_write_t *w);

/* One entry for audit_append_many(); strings are borrowed. */
typedef struct {
    int64_t site_id;
    const char *action, *entity;
    int64_t entity_id;
    const char *before, *after; /* JSON texts or NULL */
} audit_entry_t;

/* Appends n entries in order, chained exactly as n audit_append() calls would be,
 * with one read and one update of the chain head and multi-row inserts. Must run
 * inside db_tx(). Returns 0 or -1. */
int audit_append_many(db_t *db, err_t *e, const actor_t *who, const audit_entry_t *ents, int n);

/* When and by whom an entry copied from another database (bekal migrate) was made. */
typedef struct {
    const char *at;
    int64_t user_id;
    const char *user_name;
} audit_origin_t;
/* Appends n entries copied from another database, each with its own time and
 * author (orig[i]), chained on this database's chain. *first_id gets the id of
 * the first (the others follow contiguously). Must run inside db_tx(). */
int audit_append_copied(db_t *db, err_t *e, const audit_entry_t *ents, const audit_origin_t *orig, int n,
                        int64_t *first_id);

/* One stored entry, as the chain hashes it (sync: the hub checks a site's entries). */
typedef struct {
    int64_t id;
    const char *at;
    int64_t user_id;
    const char *user_name;
    int64_t site_id;
    const char *action, *entity;
    int64_t entity_id;
    const char *before, *after;
} audit_row_t;
/* The hash of entry r chained after prev (64 hex digits), as audit_append computes it. */
void audit_row_hash(const char *prev, const audit_row_t *r, char out[65]);

/* The stored hash of entry id as 64 hex digits (entry 0: 64 zeros); 1 found, 0
 * not found (out ""), -1 error. Hashes are stored as 32 bytes (issue 28). */
int audit_hash_hex(db_t *db, err_t *e, int64_t id, char out[65]);

/* The compact form of an after-image (issue 28): json without its top-level null
 * members. Returns json itself when nothing is dropped (or it is not a JSON
 * object), else out's text. New "create" entries are stored so: the record's
 * other fields were null. */
const char *audit_compact_json(const char *json, buf_t *out);

/* Migration 029 (hex hashes and prev_hash copies -> 32-byte hashes): after = 0
 * verifies the old chain before the conversion, after = 1 verifies the new one and
 * fails (rolling the migration back) when a chain intact before is not intact
 * after with the same number of entries. A chain already broken is converted as
 * it is (a warning on stderr; `bekal check` keeps failing). */
int audit_convert_check(db_t *db, int after, err_t *e);

/* Recomputes the chain. Returns 0 when intact; otherwise -1 with e->msg naming the
 * first broken entry. *count gets the number of entries checked. */
int audit_verify(db_t *db, err_t *e, int64_t *count);

/* Calls fn for every entry in chain order with its action, entity, entity id and
 * after image (NULL when none); strings valid during the call. fn returns 0, or -1
 * to stop (returned). 0 or -1 with e set. Reads only. */
int audit_each(db_t *db, err_t *e,
               int (*fn)(void *ctx, const char *action, const char *entity, int64_t entity_id, const char *after),
               void *ctx);

/* One entry as the pages show it (strings arena-owned; before/after NULL when none). */
typedef struct {
    int64_t id, entity_id;
    const char *at, *user_name, *action, *entity, *before, *after;
} audit_view_t;
/* The 20 latest entries about one record (entity, entity_id), newest first, without
 * the before/after images. 0 or -1. */
int audit_recent(db_t *db, err_t *e, arena_t *a, const char *entity, int64_t entity_id, audit_view_t **out, int *n);
/* One page of the log as the user uid (role) may see it: the entries of the user's
 * sites, and the site-less ones for an admin; only entity's when entity is not
 * NULL; newest first, limit rows from offset. 0 or -1. */
int audit_page(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, const char *entity, int64_t limit,
               int64_t offset, audit_view_t **out, int *n);

#endif
