/* records.c — generic record persistence driven by the field tables.
 * Column names come only from the compiled-in field tables, never from input;
 * every value is a bound parameter. */
#include "records.h"
#include <stdlib.h>
#include <string.h>

static void col_list(buf_t *b, const record_def_t *d, const char *prefix)
{
    for (int i = 0; i < d->nfields; i++) buf_printf(b, "%s%s%s", i ? ", " : "", prefix, d->fields[i].name);
}

int rec_load(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t id, rec_t *out)
{
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT r.id, r.site_id, s.code, s.name, r.created_at, r.updated_at, ");
    col_list(&sql, d, "r.");
    buf_printf(&sql, " FROM %s r JOIN site s ON s.id = r.site_id WHERE r.id = ? AND "
                     "(? = 0 OR r.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
               d->table);
    db_stmt_t *st = db_query(db, e, sql.data, "iii", id, uid, uid);
    buf_release(&sql);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        out->id = db_col_int(st, 0);
        out->site_id = db_col_int(st, 1);
        out->site_code = arena_strdup(a, db_col_text(st, 2));
        out->site_name = arena_strdup(a, db_col_text(st, 3));
        out->created_at = arena_strdup(a, db_col_text(st, 4));
        out->updated_at = arena_strdup(a, db_col_text(st, 5));
        out->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
        for (int i = 0; i < d->nfields; i++) out->v[i] = arena_strdup(a, db_col_text(st, 6 + i));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc;
}

static void bind_values(db_stmt_t *st, const record_def_t *d, const char **v, int first)
{
    for (int i = 0; i < d->nfields; i++) {
        if (!v[i]) db_bind_null(st, first + i);
        else if (d->fields[i].type == FT_INT || d->fields[i].type == FT_MONEY || d->fields[i].type == FT_BOOL)
            db_bind_int(st, first + i, strtoll(v[i], NULL, 10));
        else db_bind_text(st, first + i, v[i]);
    }
}

int64_t rec_insert(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id, const char **v)
{
    return rec_insert_child(db, e, d, who, site_id, 0, v);
}

int64_t rec_insert_child(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id,
                         int64_t parent_id, const char **v)
{
    char now[32];
    now_iso(now);
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "INSERT INTO %s (site_id, created_at, created_by, updated_at, updated_by, ", d->table);
    if (d->parent) buf_printf(&sql, "%s, ", d->parent);
    col_list(&sql, d, "");
    buf_puts(&sql, d->parent ? ") VALUES (?, ?, ?, ?, ?, ?" : ") VALUES (?, ?, ?, ?, ?");
    for (int i = 0; i < d->nfields; i++) buf_puts(&sql, ", ?");
    buf_puts(&sql, ") RETURNING id");
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    db_bind_int(st, 1, site_id);
    db_bind_text(st, 2, now);
    if (who->user_id) db_bind_int(st, 3, who->user_id);
    else db_bind_null(st, 3);
    db_bind_text(st, 4, now);
    if (who->user_id) db_bind_int(st, 5, who->user_id);
    else db_bind_null(st, 5);
    if (d->parent) db_bind_int(st, 6, parent_id);
    bind_values(st, d, v, d->parent ? 7 : 6);
    int rc = db_step(st, e);
    int64_t id = rc == 1 ? db_col_int(st, 0) : -1;
    if (rc == 1) while (db_step(st, e) == 1) {}
    db_finalize(st);
    if (id < 0) return -1;
    char *after = rec_to_json_text(d, v);
    if (d->parent) { /* the audit entry names the owner too */
        json_t *j = json_loads(after, 0, NULL);
        json_object_set_new(j, d->parent, json_integer(parent_id));
        free(after);
        after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(j);
    }
    int arc = audit_append(db, e, who, site_id, "create", d->entity, id, NULL, after);
    free(after);
    return arc < 0 ? -1 : id;
}

int rec_update(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *before, const char **v)
{
    char now[32];
    now_iso(now);
    arena_t fa;
    arena_init(&fa);
    rec_t fresh;
    bool fresh_before = rec_load(db, e, &fa, d, 0, before->id, &fresh) == 1;
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "UPDATE %s SET ", d->table);
    for (int i = 0; i < d->nfields; i++) buf_printf(&sql, "%s = ?, ", d->fields[i].name);
    buf_puts(&sql, "updated_at = ?, updated_by = ? WHERE id = ?");
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) {
        arena_release(&fa);
        return -1;
    }
    bind_values(st, d, v, 1);
    db_bind_text(st, d->nfields + 1, now);
    if (who->user_id) db_bind_int(st, d->nfields + 2, who->user_id);
    else db_bind_null(st, d->nfields + 2);
    db_bind_int(st, d->nfields + 3, before->id);
    int rc;
    while ((rc = db_step(st, e)) == 1) {}
    db_finalize(st);
    if (rc < 0) {
        arena_release(&fa);
        return -1;
    }
    /* The audit "before" is what the row held inside this transaction, not what
     * the caller read earlier: no lost update can hide in the log. */
    char *b = fresh_before ? rec_to_json_text(d, fresh.v) : rec_to_json_text(d, before->v), *a = rec_to_json_text(d, v);
    int arc = str_eq(a, b) ? 0 : audit_append(db, e, who, before->site_id, "update", d->entity, before->id, b, a);
    free(a);
    free(b);
    arena_release(&fa);
    return arc;
}

json_t *rec_to_json(const record_def_t *d, const char **v)
{
    json_t *o = json_object();
    for (int i = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        json_t *j;
        if (!v[i]) j = json_null();
        else if (f->type == FT_INT || f->type == FT_MONEY) j = json_integer(strtoll(v[i], NULL, 10));
        else if (f->type == FT_BOOL) j = json_boolean(str_eq(v[i], "1"));
        else j = json_string(v[i]);
        json_object_set_new(o, f->name, j);
    }
    return o;
}
char *rec_to_json_text(const record_def_t *d, const char **v)
{
    json_t *o = rec_to_json(d, v);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

int rec_site_allowed(db_t *db, err_t *e, int64_t uid, int64_t site_id)
{
    if (uid == 0) return 1;
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM user_site WHERE user_id = ? AND site_id = ?", "ii", uid,
                           site_id);
    return n < 0 ? -1 : n > 0;
}
int64_t site_id_by_code(db_t *db, err_t *e, const char *code)
{
    return db_one_int(db, e, "SELECT id FROM site WHERE code = ?", "t", code);
}

int rec_list_children(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t parent_id,
                      const char *order_col, rec_t **out, int *n)
{
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT r.id, r.site_id, r.created_at, r.updated_at");
    for (int i = 0; i < d->nfields; i++) buf_printf(&sql, ", r.%s", d->fields[i].name);
    /* order_col comes from the caller's compiled-in field table */
    buf_printf(&sql, " FROM %s r WHERE r.%s = ? AND "
                     "(? = 0 OR r.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) ORDER BY r.%s, r.id",
               d->table, d->parent, rec_field_index(d, order_col) >= 0 ? order_col : "id");
    db_stmt_t *st = db_query(db, e, sql.data, "iii", parent_id, uid, uid);
    buf_release(&sql);
    if (!st) return -1;
    int cap = 8, rc;
    *n = 0;
    *out = arena_alloc(a, sizeof(rec_t) * (size_t)cap);
    while ((rc = db_step(st, e)) == 1) {
        if (*n == cap) {
            rec_t *nr = arena_alloc(a, sizeof(rec_t) * (size_t)cap * 2);
            memcpy(nr, *out, sizeof(rec_t) * (size_t)cap);
            *out = nr, cap *= 2;
        }
        rec_t *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(st, 0);
        r->site_id = db_col_int(st, 1);
        r->created_at = arena_strdup(a, db_col_text(st, 2));
        r->updated_at = arena_strdup(a, db_col_text(st, 3));
        r->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
        for (int i = 0; i < d->nfields; i++) r->v[i] = arena_strdup(a, db_col_text(st, 4 + i));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
