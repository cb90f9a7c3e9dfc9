/* records.h — generic load/insert/update of field-table records (core/record.h),
 * scoped to the sites a user may see and written to the audit log.
 *
 * Scope: uid is the acting user; uid 0 (the command line) sees every site.
 * Every table behind a record_def_t has id, site_id, created_at/by, updated_at/by. */
#ifndef BEKAL_RECORDS_H
#define BEKAL_RECORDS_H
#include "../core/record.h"
#include "audit.h"
#include <jansson.h>

/* The SQL fragment that limits site_id to a user's sites; binds "ii" uid, uid. */
#define SCOPE_SQL "(? = 0 OR site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))"

typedef struct {
    int64_t id, site_id;
    const char *site_code, *site_name;
    const char *created_at, *updated_at;
    const char **v; /* d->nfields values, arena-owned */
    int64_t parent_id; /* the owner's id when d->parent is set (rec_load, rec_list) */
} rec_t;

/* Loads one record the user may see. Returns 1 found, 0 not found (or not visible), -1 error. */
int rec_load(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t id, rec_t *out);
/* Inserts (inside the caller's transaction) and audits; returns the new id or -1. */
int64_t rec_insert(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id, const char **v);
/* Same for a record owned by a WBP (d->parent set). */
int64_t rec_insert_child(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id,
                         int64_t parent_id, const char **v);
/* Lists the visible records owned by parent_id, ordered by order_col (a field name). */
int rec_list_children(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t parent_id,
                      const char *order_col, rec_t **out, int *n);
/* Updates every field of an existing record and audits before/after. */
int rec_update(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *before,
               const char **v);

/* Bulk forms for importers, inside the caller's transaction. rec_insert_many inserts
 * n records (vs[i] the values of row i, site_ids[i] its site) with multi-row
 * INSERTs and audits each as rec_insert() would, with one batched audit append;
 * ids[i] gets row i's new id. Returned ids are matched to rows by (site_id,
 * value of field `key`), which must be unique among the rows (a unique key of the
 * table). Returns 0 or -1 (then nothing of the batch should be kept: the caller's
 * transaction fails). */
int rec_insert_many(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int n, const int64_t *site_ids,
                    const char **const *vs, int key, int64_t *ids, const char *const *afters);
/* afters (may be NULL): each row's after-image as rec_json_append_compact() writes
 * it, made beforehand (the importer makes them on its reading thread). */
void rec_json_append_compact(buf_t *b, const record_def_t *d, const char **v);
/* Updates n existing records (befores[i] to vs[i]) as n rec_update() calls would,
 * auditing the changed ones with one batched append. Returns 0 or -1. */
int rec_update_many(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int n, const rec_t *befores,
                    const char **const *vs);

/* Appends the text of rec_to_json_text(d, v) to b (written directly, without
 * building a jansson object). */
void rec_json_append(buf_t *b, const record_def_t *d, const char **v);

/* JSON of a record's values: ints and money as numbers, booleans as true/false.
 * Caller owns the result (json_decref). */
json_t *rec_to_json(const record_def_t *d, const char **v);
/* Same as text (caller frees). */
char *rec_to_json_text(const record_def_t *d, const char **v);

/* True when the user may act on site_id (uid 0 always may). */
int rec_site_allowed(db_t *db, err_t *e, int64_t uid, int64_t site_id);
/* Looks up a site id by code; 0 when unknown, -1 on error. */
int64_t site_id_by_code(db_t *db, err_t *e, const char *code);

/* ---- generic lists (rec_list) and scoped loads ---- */

/* An extra condition: a compiled-in SQL fragment over the record alias `r` (never
 * input), ANDed to the query, with up to REC_COND_ARGS bound values in order. */
#define REC_COND_ARGS 4
typedef struct {
    char type; /* 't' text, 'i' integer */
    const char *t;
    int64_t i;
} rec_arg_t;
typedef struct {
    const char *sql;
    int nargs;
    rec_arg_t args[REC_COND_ARGS];
} rec_cond_t;
/* Appends a condition to an array of capacity cap; returns it for rec_cond_int/text,
 * or NULL when the array is full. */
rec_cond_t *rec_cond_add(rec_cond_t *conds, int *n, int cap, const char *sql);
void rec_cond_int(rec_cond_t *c, int64_t v);
void rec_cond_text(rec_cond_t *c, const char *v);

#define REC_SORT_ID (-1)
#define REC_SORT_SITE (-2)
#define REC_SORT_WBP (-3) /* the inmate's name, for records with a wbp_id */
#define REC_QUERY_CONDS 8
#define REC_QUERY_EQ 8
typedef struct {
    const char *q;     /* contains (case-insensitive, literal) in any of the search fields */
    const int *search; /* field indexes, -1 terminated; NULL: no search */
    int sort;          /* a field index, REC_SORT_ID or REC_SORT_SITE (callers whitelist it) */
    bool desc;
    int64_t site_id;   /* 0: every visible site; -1 matches nothing */
    int64_t parent_id; /* 0: any owner; else d->parent = parent_id */
    int page, per_page; /* page from 1; per_page 1..1000 */
    int neq;           /* exact matches: field index and normalised value */
    struct {
        int field;
        const char *v;
    } eq[REC_QUERY_EQ];
    int ncond;
    rec_cond_t cond[REC_QUERY_CONDS];
} rec_query_t;

typedef struct {
    int64_t total; /* rows matching, over every page */
    int n;
    rec_t *rows;   /* arena-owned, with site code and name */
} rec_page_t;

/* Lists the records of d the user may see that match q: one count and one page.
 * Returns 0 or -1. */
int rec_list(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, const rec_query_t *q,
             rec_page_t *out);
/* rec_load() with extra conditions (e.g. an instructor sees only own programmes):
 * 1 found, 0 not found or not visible, -1 error. */
int rec_load_cond(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t id,
                  const rec_cond_t *conds, int ncond, rec_t *out);
/* Deletes one record (inside the caller's transaction) and audits it with its
 * values (and owner) as `before`. 0 or -1. */
int rec_delete(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *before);
/* The text of field `field` of record id (no scope: the caller checked it), or NULL. */
const char *rec_field_text(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int field, int64_t id);

/* Calls fn for every row of d's table (no scope: `bekal check`), in id order, with
 * the fields' stored text (NULL for SQL NULL; valid during the call). fn returns 0,
 * or -1 to stop (returned). 0 or -1 with e set. */
int rec_each_row(db_t *db, err_t *e, const record_def_t *d, int (*fn)(void *ctx, int64_t id, const char *const *v),
                 void *ctx);

/* Builds the search digest (migrations 012, 033) of every site that lacks one,
 * i.e. whose inmates changed since. Runs inside the caller's transaction after
 * it writes inmates. Returns 0 or -1. */
int wbp_search_flush(db_t *db, err_t *e);

#endif
