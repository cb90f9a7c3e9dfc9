/* wbp_store.c — the WBP register: searchable, sortable, paged list and import upsert. */
#include "wbp_store.h"
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *key, *order;
} sorts[] = {
    {"name", "w.name"},           {"regno", "w.regno"},   {"detention_start", "w.detention_start"},
    {"crime_category", "w.crime_category"}, {"status", "w.status"}, {"site", "s.code"},
};

int wbp_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const wbp_filter_t *f, wbp_page_t *out)
{
    const record_def_t *d = &wbp_def;
    const char *order = "w.name";
    for (size_t i = 0; i < ARRAY_LEN(sorts); i++)
        if (str_eq(f->sort, sorts[i].key)) order = sorts[i].order;
    int per = f->per_page < 1 ? 50 : f->per_page > 200 ? 200 : f->per_page;
    int page = f->page < 1 ? 1 : f->page;
    /* The search text is literal: % _ and \ are escaped for LIKE ... ESCAPE '\'. */
    const char *like = NULL;
    if (f->q && *f->q) {
        buf_t lb;
        buf_init(&lb);
        buf_putc(&lb, '%');
        for (const char *p = f->q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&lb, '\\');
            buf_putc(&lb, *p);
        }
        buf_putc(&lb, '%');
        like = arena_strdup(a, lb.data);
        buf_release(&lb);
    }

    /* Optional filters are written as (? IS NULL OR col = ?) so the SQL text is fixed. */
    /* A user's scope is a join on user_site, so the planner can walk the site
     * indexes; the command line (uid 0) sees every site. Both texts bind uid twice. */
    static const char where_user[] =
        " FROM wbp w JOIN site s ON s.id = w.site_id"
        " JOIN user_site us ON us.site_id = w.site_id AND us.user_id = ? WHERE ? <> 0"
        " AND (? = 0 OR w.site_id = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR lower(w.name) LIKE lower(?) ESCAPE '\\' OR lower(w.regno) LIKE lower(?) ESCAPE '\\')"
        " AND (CAST(? AS TEXT) IS NULL OR w.status = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR w.crime_category = ?)";
    static const char where_all[] =
        " FROM wbp w JOIN site s ON s.id = w.site_id WHERE ? = 0 AND ? = 0"
        " AND (? = 0 OR w.site_id = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR lower(w.name) LIKE lower(?) ESCAPE '\\' OR lower(w.regno) LIKE lower(?) ESCAPE '\\')"
        " AND (CAST(? AS TEXT) IS NULL OR w.status = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR w.crime_category = ?)";
    const char *where = uid ? where_user : where_all;
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT count(*)%s", where);
    out->total = db_one_int(db, e, sql.data, "iiiittttttt", uid, uid, f->site_id, f->site_id, like, like, like,
                            f->status, f->status, f->crime, f->crime);
    if (out->total < 0) {
        buf_release(&sql);
        return -1;
    }
    buf_reset(&sql);
    buf_puts(&sql, "SELECT w.id, w.site_id, s.code, s.name, w.created_at, w.updated_at");
    for (int i = 0; i < d->nfields; i++) buf_printf(&sql, ", w.%s", d->fields[i].name);
    buf_printf(&sql, "%s ORDER BY %s %s, w.id LIMIT ? OFFSET ?", where, order, f->desc ? "DESC" : "ASC");
    db_stmt_t *st = db_query(db, e, sql.data, "iiiitttttttii", uid, uid, f->site_id, f->site_id, like, like,
                             like, f->status, f->status, f->crime, f->crime, (int64_t)per,
                             (int64_t)(page - 1) * per);
    buf_release(&sql);
    if (!st) return -1;
    out->rows = arena_alloc(a, sizeof(rec_t) * (size_t)per);
    out->n = 0;
    int rc;
    while ((rc = db_step(st, e)) == 1 && out->n < per) {
        rec_t *r = &out->rows[out->n++];
        r->id = db_col_int(st, 0);
        r->site_id = db_col_int(st, 1);
        r->site_code = arena_strdup(a, db_col_text(st, 2));
        r->site_name = arena_strdup(a, db_col_text(st, 3));
        r->created_at = arena_strdup(a, db_col_text(st, 4));
        r->updated_at = arena_strdup(a, db_col_text(st, 5));
        r->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
        for (int i = 0; i < d->nfields; i++) r->v[i] = arena_strdup(a, db_col_text(st, 6 + i));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int wbp_upsert(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, const char **v, int64_t *id)
{
    int64_t existing = db_one_int(db, e, "SELECT id FROM wbp WHERE site_id = ? AND regno = ?", "it", site_id,
                                  v[WF_REGNO]);
    if (existing < 0) return -1;
    if (existing == 0) {
        *id = rec_insert(db, e, &wbp_def, who, site_id, v);
        return *id < 0 ? -1 : 1;
    }
    rec_t before;
    if (rec_load(db, e, a, &wbp_def, 0, existing, &before) != 1) return -1;
    *id = existing;
    bool same = true;
    for (int i = 0; i < WF_COUNT && same; i++) same = str_eq(before.v[i], v[i]) || (!before.v[i] && !v[i]);
    if (same) return 0;
    return rec_update(db, e, &wbp_def, who, &before, v) < 0 ? -1 : 2;
}

int site_list_for(db_t *db, err_t *e, arena_t *a, int64_t uid, site_list_t *out)
{
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM site WHERE (? = 0 OR id IN (SELECT site_id FROM user_site "
                                  "WHERE user_id = ?))", "ii", uid, uid);
    if (n < 0) return -1;
    out->n = 0;
    out->id = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
    out->code = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
    out->name = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
    db_stmt_t *st = db_query(db, e, "SELECT id, code, name FROM site WHERE (? = 0 OR id IN (SELECT site_id FROM "
                                    "user_site WHERE user_id = ?)) ORDER BY code", "ii", uid, uid);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1 && out->n < n) {
        out->id[out->n] = db_col_int(st, 0);
        out->code[out->n] = arena_strdup(a, db_col_text(st, 1));
        out->name[out->n] = arena_strdup(a, db_col_text(st, 2));
        out->n++;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
