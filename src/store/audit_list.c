/* audit_list.c — the audit log as a list of changes, read for pages and exports. */
#include "audit_list.h"
#include "rowmap.h"
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

/* AUDIT_COLS's columns, in order. */
#define C(f, t) RM_COL(audit_item_t, t, f)
static const rm_col_t item_cols[] = {C(v.id, RM_INT),        C(v.at, RM_TEXT),     C(v.user_name, RM_TEXT),
                                     C(v.action, RM_TEXT),   C(v.entity, RM_TEXT), C(v.entity_id, RM_INT),
                                     C(v.after, RM_TEXT),    C(site_id, RM_INT),   C(prev_id, RM_INT),
                                     C(prev, RM_TEXT)};
#undef C
static const rm_spec_t item_spec = RM_SPEC(audit_item_t, item_cols);

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
    *out = rm_list(st, e, a, &item_spec, n);
    return *out ? 0 : -1;
}

int audit_get(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, int64_t id, audit_item_t *out)
{
    return rm_one(db_query(db, e, "SELECT " AUDIT_COLS "FROM audit_log a WHERE a.id = ? AND " AUDIT_SCOPE, "iit", id,
                           uid, role),
                  e, a, &item_spec, out);
}
