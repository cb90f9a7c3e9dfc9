/* audit_list.c — the audit log as a list of changes, read for pages and exports. */
#include "audit_list.h"
#include <string.h>

/* The columns every reader selects; the previous entry of the same row (its id and
 * after-image) is found through index audit_log_entity (migration 031). */
#define AUDIT_PREV                                                                                                   \
    "FROM audit_log p WHERE p.entity = a.entity AND p.entity_id = a.entity_id AND p.id < a.id AND p.after_json IS " \
    "NOT NULL ORDER BY p.id DESC LIMIT 1"
#define AUDIT_COLS                                                                                                  \
    "a.id, a.at, a.user_name, a.action, a.entity, a.entity_id, a.after_json, a.site_id, (SELECT p.id " AUDIT_PREV   \
    ") AS prev_id, (SELECT p.after_json " AUDIT_PREV ") AS prev "
#define AUDIT_SCOPE                                                                                                 \
    "(a.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?) OR (a.site_id = 0 AND ? = 'admin')) "
/* The list's query after its SELECT, up to its ORDER BY. */
#define AUDIT_LIST                                                                                                  \
    AUDIT_COLS "FROM audit_log a WHERE " AUDIT_SCOPE                                                                \
    "AND (CAST(? AS TEXT) IS NULL OR LOWER(a.entity) LIKE LOWER(?) OR LOWER(a.after_json) LIKE LOWER(?) "           \
    "OR CAST(a.entity_id AS TEXT) = ?) AND (CAST(? AS TEXT) IS NULL OR LOWER(a.user_name) LIKE LOWER(?)) "        \
    "AND (CAST(? AS TEXT) IS NULL OR a.at >= ?) AND (CAST(? AS TEXT) IS NULL OR a.at < ?) "                       \
    "AND (CAST(? AS TEXT) IS NULL OR a.entity = ?) AND (CAST(? AS BIGINT) = 0 OR a.entity_id = ?) "

static const char *dup(arena_t *a, db_stmt_t *st, int i)
{
    const char *s = db_col_text(st, i);
    return s ? arena_strdup(a, s) : NULL;
}

static void read_item(arena_t *a, db_stmt_t *st, audit_item_t *x)
{
    memset(x, 0, sizeof *x);
    x->v.id = db_col_int(st, 0);
    x->v.at = dup(a, st, 1);
    x->v.user_name = dup(a, st, 2);
    x->v.action = dup(a, st, 3);
    x->v.entity = dup(a, st, 4);
    x->v.entity_id = db_col_int(st, 5);
    x->v.after = dup(a, st, 6);
    x->site_id = db_col_int(st, 7);
    x->prev_id = db_col_int(st, 8);
    x->prev = dup(a, st, 9);
}

int audit_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, const audit_filter_t *f, int64_t limit,
               int64_t offset, audit_item_t **out, int *n)
{
    int sort = f->sort >= 0 && f->sort < AUDIT_SORT__COUNT ? f->sort : 0;
    const char *rec = f->record && *f->record ? arena_printf(a, "%%%s%%", f->record) : NULL;
    const char *usr = f->user && *f->user ? arena_printf(a, "%%%s%%", f->user) : NULL;
    const char *from = f->from && *f->from ? f->from : NULL, *to = f->to && *f->to ? f->to : NULL;
    const char *ent = f->entity && *f->entity ? f->entity : NULL;
    const char *exact = f->record && *f->record ? f->record : NULL;
#define AUDIT_ARGS                                                                                                   \
    "itttttttttttttiiii", uid, role, rec, rec, rec, exact, usr, usr, from, from, to, to, ent, ent, f->entity_id,    \
        f->entity_id, limit, offset
    db_stmt_t *st;
    switch (sort) {
    case AUDIT_SORT_OLD:
        st = db_query(db, e, "SELECT " AUDIT_LIST "ORDER BY a.id LIMIT ? OFFSET ?", AUDIT_ARGS);
        break;
    case AUDIT_SORT_USER:
        st = db_query(db, e, "SELECT " AUDIT_LIST "ORDER BY a.user_name, a.id DESC LIMIT ? OFFSET ?", AUDIT_ARGS);
        break;
    case AUDIT_SORT_RECORD:
        st = db_query(db, e, "SELECT " AUDIT_LIST "ORDER BY a.entity, a.entity_id, a.id DESC LIMIT ? OFFSET ?",
                      AUDIT_ARGS);
        break;
    default: st = db_query(db, e, "SELECT " AUDIT_LIST "ORDER BY a.id DESC LIMIT ? OFFSET ?", AUDIT_ARGS); break;
    }
#undef AUDIT_ARGS
    *out = NULL;
    *n = 0;
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = db_step(st, e)) == 1) read_item(a, st, ARENA_PUSH(a, *out, *n, cap));
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int audit_get(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, int64_t id, audit_item_t *out)
{
    db_stmt_t *st = db_query(db, e, "SELECT " AUDIT_COLS "FROM audit_log a WHERE a.id = ? AND " AUDIT_SCOPE, "iit",
                             id, uid, role);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) read_item(a, st, out);
    db_finalize(st);
    return rc == 1 ? 1 : rc < 0 ? -1 : 0;
}
