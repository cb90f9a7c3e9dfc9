/* records.c — generic record persistence driven by the field tables.
 * Column names come only from the compiled-in field tables, never from input;
 * every value is a bound parameter. */
#include "records.h"
#include "scope.h"
#include <stdlib.h>
#include <string.h>


static void col_list(buf_t *b, const record_def_t *d, const char *prefix)
{
    for (int i = 0; i < d->nfields; i++) {
        if (i) buf_puts(b, ", ");
        buf_puts(b, prefix);
        buf_puts(b, d->fields[i].name);
    }
}

/* The column holding the inmate a record of d is about ("r.id" for the register
 * itself, "r.wbp_id" for records that belong to an inmate), or NULL. Every generic
 * read of such a record adds WBP_SCOPE on it: the one place the inmate scope of
 * wali, instruktur and bapas reaches the generic pages, exports and API. */
static const char *wbp_col(const record_def_t *d)
{
    if (str_eq(d->table, "wbp")) return "r.id";
    /* the assignments themselves: who sees which is the caseload entity's scope
     * (a wali: their own, ended ones included) */
    if (str_eq(d->table, "caseload")) return NULL;
    if ((d->parent && str_eq(d->parent, "wbp_id")) || rec_field_index(d, "wbp_id") >= 0) return "r.wbp_id";
    return NULL;
}
/* Appends " AND WBP_SCOPE(col)" for d (binds "ii" uid, uid; see wbp_scope_bind). */
static void wbp_scope_sql(buf_t *sql, const record_def_t *d, int64_t uid)
{
    const char *col = uid ? wbp_col(d) : NULL;
    if (!col) return;
    if (str_eq(col, "r.id")) buf_puts(sql, " AND " WBP_SCOPE("r.id"));
    else buf_puts(sql, " AND " WBP_SCOPE("r.wbp_id"));
}
static void wbp_scope_bind(db_stmt_t *st, const record_def_t *d, int64_t uid, int *idx)
{
    if (!uid || !wbp_col(d)) return;
    db_bind_int(st, (*idx)++, uid);
    db_bind_int(st, (*idx)++, uid);
}

int rec_load(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t id, rec_t *out)
{
    return rec_load_cond(db, e, a, d, uid, id, NULL, 0, out);
}

rec_cond_t *rec_cond_add(rec_cond_t *conds, int *n, int cap, const char *sql)
{
    if (*n >= cap) return NULL;
    rec_cond_t *c = &conds[(*n)++];
    memset(c, 0, sizeof *c);
    c->sql = sql;
    return c;
}
void rec_cond_int(rec_cond_t *c, int64_t v)
{
    if (c && c->nargs < REC_COND_ARGS) c->args[c->nargs++] = (rec_arg_t){'i', NULL, v};
}
void rec_cond_text(rec_cond_t *c, const char *v)
{
    if (c && c->nargs < REC_COND_ARGS) c->args[c->nargs++] = (rec_arg_t){'t', v, 0};
}

/* Binds the arguments of conds from parameter *idx on. */
static void bind_conds(db_stmt_t *st, const rec_cond_t *conds, int ncond, int *idx)
{
    for (int c = 0; c < ncond; c++)
        for (int k = 0; k < conds[c].nargs; k++) {
            const rec_arg_t *g = &conds[c].args[k];
            if (g->type == 'i') db_bind_int(st, (*idx)++, g->i);
            else db_bind_text(st, (*idx)++, g->t);
        }
}

/* The columns every read selects, in this order: id, site_id, site code, site
 * name, created_at, updated_at, the parent column (or 0), then the fields. */
static void select_cols(buf_t *sql, const record_def_t *d)
{
    buf_puts(sql, "SELECT r.id, r.site_id, s.code, s.name, r.created_at, r.updated_at, ");
    if (d->parent) buf_printf(sql, "r.%s, ", d->parent);
    else buf_puts(sql, "0, ");
    col_list(sql, d, "r.");
}
static void read_row(db_stmt_t *st, arena_t *a, const record_def_t *d, rec_t *out)
{
    out->id = db_col_int(st, 0);
    out->site_id = db_col_int(st, 1);
    out->site_code = arena_strdup(a, db_col_text(st, 2));
    out->site_name = arena_strdup(a, db_col_text(st, 3));
    out->created_at = arena_strdup(a, db_col_text(st, 4));
    out->updated_at = arena_strdup(a, db_col_text(st, 5));
    out->parent_id = db_col_int(st, 6);
    out->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
    for (int i = 0; i < d->nfields; i++) out->v[i] = arena_strdup(a, db_col_text(st, 7 + i));
}

/* Appends " WHERE r.col = ?", limited to uid's sites and, for a record of inmates, to
 * the inmates uid may see (wbp_scope_sql); own_bind() binds it (key, uid) from *idx. */
static void own_where(buf_t *sql, const record_def_t *d, const char *col, int64_t uid)
{
    buf_printf(sql, " WHERE r.%s = ? AND (? = 0 OR r.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
               col);
    wbp_scope_sql(sql, d, uid);
}
static void own_bind(db_stmt_t *st, const record_def_t *d, int64_t key, int64_t uid, int *idx)
{
    db_bind_int(st, (*idx)++, key);
    db_bind_int(st, (*idx)++, uid);
    db_bind_int(st, (*idx)++, uid);
    wbp_scope_bind(st, d, uid, idx);
}

int rec_load_cond(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, int64_t id,
                  const rec_cond_t *conds, int ncond, rec_t *out)
{
    buf_t sql;
    buf_init(&sql);
    select_cols(&sql, d);
    buf_printf(&sql, " FROM %s r JOIN site s ON s.id = r.site_id", d->table);
    own_where(&sql, d, "id", uid);
    for (int c = 0; c < ncond; c++) buf_printf(&sql, " AND (%s)", conds[c].sql);
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    int idx = 1;
    own_bind(st, d, id, uid, &idx);
    bind_conds(st, conds, ncond, &idx);
    int rc = db_step(st, e);
    if (rc == 1) {
        read_row(st, a, d, out);
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return rc;
}

/* Writes the FROM and WHERE of rec_list; list_bind() binds them in the same order. */
static void list_where(buf_t *sql, const record_def_t *d, int64_t uid, const rec_query_t *q, const char *like)
{
    buf_printf(sql, " FROM %s r JOIN site s ON s.id = r.site_id", d->table);
    if (uid) buf_puts(sql, " JOIN user_site us ON us.site_id = r.site_id AND us.user_id = ? WHERE 1 = 1");
    else buf_puts(sql, " WHERE 1 = 1");
    wbp_scope_sql(sql, d, uid);
    if (q->site_id) buf_puts(sql, " AND r.site_id = ?");
    if (q->parent_id && d->parent) buf_printf(sql, " AND r.%s = ?", d->parent);
    if (like && q->search && q->search[0] >= 0) {
        buf_puts(sql, " AND (");
        for (int k = 0; q->search[k] >= 0; k++)
            buf_printf(sql, "%slower(r.%s) LIKE lower(?) ESCAPE '\\'", k ? " OR " : "", d->fields[q->search[k]].name);
        buf_putc(sql, ')');
    }
    for (int k = 0; k < q->neq; k++) buf_printf(sql, " AND r.%s = ?", d->fields[q->eq[k].field].name);
    for (int c = 0; c < q->ncond; c++) buf_printf(sql, " AND (%s)", q->cond[c].sql);
}
static void list_bind(db_stmt_t *st, const record_def_t *d, int64_t uid, const rec_query_t *q, const char *like,
                      int *idx)
{
    if (uid) db_bind_int(st, (*idx)++, uid);
    wbp_scope_bind(st, d, uid, idx);
    if (q->site_id) db_bind_int(st, (*idx)++, q->site_id);
    if (q->parent_id && d->parent) db_bind_int(st, (*idx)++, q->parent_id);
    if (like && q->search)
        for (int k = 0; q->search[k] >= 0; k++) db_bind_text(st, (*idx)++, like);
    for (int k = 0; k < q->neq; k++) {
        field_type_t t = d->fields[q->eq[k].field].type;
        if (t == FT_INT || t == FT_MONEY || t == FT_FIXED || t == FT_BOOL) db_bind_int(st, (*idx)++, strtoll(q->eq[k].v, NULL, 10));
        else db_bind_text(st, (*idx)++, q->eq[k].v);
    }
    bind_conds(st, q->cond, q->ncond, idx);
}

int rec_list(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int64_t uid, const rec_query_t *q,
             rec_page_t *out)
{
    out->total = 0, out->n = 0, out->rows = NULL;
    int per = q->per_page < 1 ? 50 : q->per_page > 1000 ? 1000 : q->per_page;
    int page = q->page < 1 ? 1 : q->page;
    /* The search text is literal: % _ and \ are escaped for LIKE ... ESCAPE '\'. */
    const char *like = q->q && *q->q ? db_like_contains(a, q->q) : NULL;
    /* column names come from the compiled-in field table; sort is an index into it */
    const char *order = q->sort == REC_SORT_SITE ? "s.code"
                        : q->sort == REC_SORT_WBP && rec_field_index(d, "wbp_id") >= 0
                            ? "(SELECT sw.name FROM wbp sw WHERE sw.id = r.wbp_id)"
                        : q->sort >= 0 && q->sort < d->nfields
                            ? arena_printf(a, "r.%s", d->fields[q->sort].name)
                            : "r.id";
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT count(*)");
    list_where(&sql, d, uid, q, like);
    db_stmt_t *st = db_prepare(db, sql.data, e);
    int rc = -1;
    if (st) {
        int idx = 1;
        list_bind(st, d, uid, q, like, &idx);
        rc = db_step(st, e);
        if (rc == 1) out->total = db_col_int(st, 0);
        while (rc == 1 && (rc = db_step(st, e)) == 1) {}
        db_finalize(st);
    }
    if (rc < 0) {
        buf_release(&sql);
        return -1;
    }
    buf_reset(&sql);
    select_cols(&sql, d);
    list_where(&sql, d, uid, q, like);
    buf_printf(&sql, " ORDER BY %s %s, r.id %s LIMIT ? OFFSET ?", order, q->desc ? "DESC" : "ASC",
               q->desc ? "DESC" : "ASC");
    st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    int idx = 1;
    list_bind(st, d, uid, q, like, &idx);
    db_bind_int(st, idx++, per);
    db_bind_int(st, idx++, (int64_t)(page - 1) * per);
    out->rows = arena_alloc(a, sizeof(rec_t) * (size_t)per);
    while ((rc = db_step(st, e)) == 1 && out->n < per) {
        rec_t *r = &out->rows[out->n++];
        memset(r, 0, sizeof *r);
        read_row(st, a, d, r);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Takes the inmates marked by the triggers of migrations 012 (SQLite), 033
 * (PostgreSQL) and 037 into the WBP search index: rebuilds every site's missing
 * digest, an entry per inmate holding the fields the list page shows (037).
 * Here rather than in wbp_store.c so the generic writes need nothing from the
 * stores built on them (records.h <- wbp_store.h, one way). */
int wbp_search_flush(db_t *db, err_t *e)
{
    if (db_kind(db) != DB_SQLITE)
        return db_exec(db,
                       "INSERT INTO wbp_search_site(site_id, entries) SELECT s.id, coalesce((SELECT string_agg(w.name"
                       " || chr(31) || w.regno || chr(31) || w.id || chr(31) || w.crime_category || chr(31) ||"
                       " w.sentence_kind || chr(31) || w.term_years || chr(31) || w.term_months || chr(31) ||"
                       " w.term_days || chr(31) || w.detention_start || chr(31) || w.status, chr(30))"
                       " FROM wbp w WHERE w.site_id = s.id), '')"
                       " FROM site s WHERE NOT EXISTS (SELECT 1 FROM wbp_search_site d WHERE d.site_id = s.id)",
                       e);
    return db_exec(db,
                   "INSERT INTO wbp_search_site(site_id, entries) SELECT s.id, coalesce((SELECT group_concat(w.name"
                   " || char(31) || w.regno || char(31) || w.id || char(31) || w.crime_category || char(31) ||"
                   " w.sentence_kind || char(31) || w.term_years || char(31) || w.term_months || char(31) ||"
                   " w.term_days || char(31) || w.detention_start || char(31) || w.status, char(30))"
                   " FROM wbp w WHERE w.site_id = s.id), '')"
                   " FROM site s WHERE NOT EXISTS (SELECT 1 FROM wbp_search_site d WHERE d.site_id = s.id)",
                   e);
}

/* After a write to the WBP register: takes the inmates it marked into the
 * search index (migration 012); other tables: nothing. */
static int search_flush(db_t *db, err_t *e, const record_def_t *d)
{
    return str_eq(d->table, "wbp") ? wbp_search_flush(db, e) : 0;
}

int rec_delete(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *before)
{
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "DELETE FROM %s WHERE id = ?", d->table);
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    db_bind_int(st, 1, before->id);
    int rc;
    while ((rc = db_step(st, e)) == 1) {}
    db_finalize(st);
    if (rc < 0) return -1;
    buf_t b;
    buf_init(&b);
    rec_json_append(&b, d, before->v);
    if (d->parent && b.len > 1 && b.data[b.len - 1] == '}') {
        b.len--;
        buf_printf(&b, "%s\"%s\":%lld}", b.len > 1 ? "," : "", d->parent, (long long)before->parent_id);
    }
    int arc = audit_append(db, e, who, before->site_id, "delete", d->entity, before->id, b.data, NULL);
    buf_release(&b);
    return arc < 0 ? -1 : search_flush(db, e, d);
}

const char *rec_field_text(db_t *db, err_t *e, arena_t *a, const record_def_t *d, int field, int64_t id)
{
    if (field < 0 || field >= d->nfields) return NULL;
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT %s FROM %s WHERE id = ?", d->fields[field].name, d->table);
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    const char *s = NULL;
    int rc = db_step(st, e);
    if (rc == 1) {
        s = arena_strdup(a, db_col_text(st, 0));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return s;
}

/* strtoll(s, NULL, 10), with a short way for the plain digits rec_set() stores. */
static int64_t to_int(const char *s)
{
    const char *q = s + (*s == '-');
    int64_t x = 0;
    int nd = 0;
    for (; q[nd] >= '0' && q[nd] <= '9' && nd < 18; nd++) x = x * 10 + (q[nd] - '0');
    if (nd == 0 || q[nd]) return strtoll(s, NULL, 10);
    return q == s ? x : -x;
}

static void bind_values(db_stmt_t *st, const record_def_t *d, const char **v, int first)
{
    for (int i = 0; i < d->nfields; i++) {
        if (!v[i]) db_bind_null(st, first + i);
        else if (d->fields[i].type == FT_INT || d->fields[i].type == FT_MONEY || d->fields[i].type == FT_FIXED ||
                 d->fields[i].type == FT_BOOL)
            db_bind_int(st, first + i, to_int(v[i]));
        else db_bind_text_nocopy(st, first + i, v[i]); /* every caller steps and finalizes while v lives */
    }
}

int64_t rec_insert(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id, const char **v)
{
    return rec_insert_child(db, e, d, who, site_id, 0, v);
}

/* Writes "INSERT INTO t (...) VALUES (...)[, (...)]" for `rows` rows into sql, with
 * the parent column when d has one, and the id first when with_id. */
static void insert_sql(buf_t *sql, const record_def_t *d, int rows, bool with_id)
{
    buf_reset(sql);
    buf_puts(sql, "INSERT INTO ");
    buf_puts(sql, d->table);
    buf_puts(sql, with_id ? " (id, site_id, created_at, created_by, updated_at, updated_by, "
                          : " (site_id, created_at, created_by, updated_at, updated_by, ");
    if (d->parent) {
        buf_puts(sql, d->parent);
        buf_puts(sql, ", ");
    }
    col_list(sql, d, "");
    buf_puts(sql, ") VALUES ");
    for (int r = 0; r < rows; r++) {
        buf_puts(sql, r ? ", (" : "(");
        buf_puts(sql, with_id ? "?, ?, ?, ?, ?, ?" : "?, ?, ?, ?, ?");
        if (d->parent) buf_puts(sql, ", ?");
        for (int i = 0; i < d->nfields; i++) buf_puts(sql, ", ?");
        buf_putc(sql, ')');
    }
}

/* Binds the five bookkeeping columns of one row from parameter `first`. */
static void bind_meta(db_stmt_t *st, int first, int64_t site_id, const char *now, const actor_t *who)
{
    db_bind_int(st, first, site_id);
    db_bind_text_nocopy(st, first + 1, now); /* callers finalize before now goes */
    if (who->user_id) db_bind_int(st, first + 2, who->user_id);
    else db_bind_null(st, first + 2);
    db_bind_text_nocopy(st, first + 3, now);
    if (who->user_id) db_bind_int(st, first + 4, who->user_id);
    else db_bind_null(st, first + 4);
}

int64_t rec_insert_child(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int64_t site_id,
                         int64_t parent_id, const char **v)
{
    char now[32];
    now_iso(now);
    buf_t sql;
    buf_init(&sql);
    insert_sql(&sql, d, 1, false);
    buf_puts(&sql, " RETURNING id");
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    bind_meta(st, 1, site_id, now, who);
    if (d->parent) db_bind_int(st, 6, parent_id);
    bind_values(st, d, v, d->parent ? 7 : 6);
    int rc = db_step(st, e);
    int64_t id = rc == 1 ? db_col_int(st, 0) : -1;
    if (rc == 1) while (db_step(st, e) == 1) {}
    db_finalize(st);
    if (id < 0) return -1;
    buf_t after;
    buf_init(&after);
    rec_json_append(&after, d, v);
    if (d->parent && after.len > 1 && after.data[after.len - 1] == '}') {
        /* the audit entry names the owner too, as a last key (what jansson's
         * json_object_set_new on the parsed text wrote) */
        after.len--;
        buf_printf(&after, "%s\"%s\":%lld}", after.len > 1 ? "," : "", d->parent, (long long)parent_id);
    }
    int arc = audit_append(db, e, who, site_id, "create", d->entity, id, NULL, after.data);
    buf_release(&after);
    return arc < 0 || search_flush(db, e, d) < 0 ? -1 : id;
}

/* Rows per multi-row INSERT: powers of two up to this, so a few SQL texts cover
 * every batch size and stay in the statement cache. */
#define INSERT_CHUNK 64

int rec_insert_many(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int n, const int64_t *site_ids,
                    const char **const *vs, int key, int64_t *ids, const char *const *afters)
{
    if (n <= 0) return 0;
    if (d->parent || key < 0 || key >= d->nfields)
        return err_set(e, 500, "bad_call", "rec_insert_many: %s tanpa kunci unik", d->entity);
    /* SQLite, inside the writing transaction (no other writer until it ends): the
     * ids are the ones AUTOINCREMENT would give, max(sequence, largest id) + 1 on,
     * written by us, so no RETURNING (SQLite keeps every returned row in a
     * temporary table) and no matching of the rows it returns */
    int64_t next = 0;
    if (db_kind(db) == DB_SQLITE && db->tx_depth > 0) {
        buf_t q;
        buf_init(&q);
        buf_printf(&q, "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '%s'), 0), "
                       "coalesce((SELECT max(id) FROM %s), 0)) + 1", d->table, d->table);
        next = db_one_int(db, e, q.data, "");
        buf_release(&q);
        if (next < 0) return -1;
    }
    int cols = 5 + d->nfields + (next ? 1 : 0), top = INSERT_CHUNK;
    while (top > 1 && top * cols > 30000) top >>= 1; /* stay under the databases' parameter limits */
    char now[32];
    now_iso(now);
    buf_t sql;
    buf_init(&sql);
    for (int i = 0; i < n; i++) ids[i] = next ? next + i : 0;
    int ret = 0;
    for (int done = 0, built = 0; ret == 0 && done < n;) {
        int k = top;
        while (k > n - done) k >>= 1;
        if (k != built) { /* the text of the last chunk size is kept */
            insert_sql(&sql, d, k, next != 0);
            if (!next) buf_printf(&sql, " RETURNING id, site_id, %s", d->fields[key].name);
            built = k;
        }
        db_stmt_t *st = db_prepare(db, sql.data, e);
        if (!st) {
            ret = -1;
            break;
        }
        for (int j = 0; j < k; j++) {
            int p = j * cols + 1;
            if (next) db_bind_int(st, p++, ids[done + j]);
            bind_meta(st, p, site_ids[done + j], now, who);
            bind_values(st, d, vs[done + j], p + 5);
        }
        /* RETURNING promises no order: match each returned row by (site, key),
         * trying the row in the same position first */
        int rc, got = 0;
        while ((rc = db_step(st, e)) == 1) {
            int64_t sid = db_col_int(st, 1);
            const char *kv = db_col_text(st, 2);
            int hit = -1;
            for (int t = 0; t < k && hit < 0; t++) {
                int j = (got + t) % k;
                if (!ids[done + j] && site_ids[done + j] == sid && str_eq(vs[done + j][key], kv)) hit = j;
            }
            if (hit >= 0) ids[done + hit] = db_col_int(st, 0);
            got++;
        }
        db_finalize(st);
        if (rc < 0) ret = -1;
        for (int j = 0; ret == 0 && j < k; j++)
            if (ids[done + j] <= 0)
                ret = err_set(e, 500, "db_error", "kesalahan basis data: id baru %s tidak kembali", d->entity);
        done += k;
    }
    buf_release(&sql);
    if (ret < 0) return -1;

    /* one audit entry per row, after-values written into one buffer */
    buf_t json;
    buf_init(&json);
    size_t *off = xmalloc(sizeof *off * (size_t)n);
    for (int i = 0; !afters && i < n; i++) {
        off[i] = json.len;
        rec_json_append_compact(&json, d, (const char **)vs[i]);
        buf_putc(&json, 0);
    }
    audit_entry_t *ents = xmalloc(sizeof *ents * (size_t)n);
    for (int i = 0; i < n; i++)
        ents[i] = (audit_entry_t){site_ids[i], "create", d->entity, ids[i], NULL, afters ? afters[i] : json.data + off[i]};
    ret = audit_append_many(db, e, who, ents, n);
    free(ents);
    free(off);
    buf_release(&json);
    return ret;
}

/* Runs the UPDATE of one record (sql: its text, built by update_sql). */
static int update_row(db_t *db, err_t *e, const char *sql, const record_def_t *d, const actor_t *who,
                      const char *now, const rec_t *before, const char **v)
{
    db_stmt_t *st = db_prepare(db, sql, e);
    if (!st) return -1;
    bind_values(st, d, v, 1);
    db_bind_text(st, d->nfields + 1, now);
    if (who->user_id) db_bind_int(st, d->nfields + 2, who->user_id);
    else db_bind_null(st, d->nfields + 2);
    db_bind_int(st, d->nfields + 3, before->id);
    int rc;
    while ((rc = db_step(st, e)) == 1) {}
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
static void update_sql(buf_t *sql, const record_def_t *d)
{
    buf_puts(sql, "UPDATE ");
    buf_puts(sql, d->table);
    buf_puts(sql, " SET ");
    for (int i = 0; i < d->nfields; i++) {
        buf_puts(sql, d->fields[i].name);
        buf_puts(sql, " = ?, ");
    }
    buf_puts(sql, "updated_at = ?, updated_by = ? WHERE id = ?");
}

/* An update that changes nothing a reader could see is not written at all (not even
 * updated_at): every change to the data has its audit entry, and this one has none. */
int rec_update(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *before, const char **v)
{
    char *b = rec_to_json_text(d, before->v), *a = rec_to_json_text(d, v);
    int rc = 0;
    if (!str_eq(a, b)) {
        char now[32];
        now_iso(now);
        buf_t sql;
        buf_init(&sql);
        update_sql(&sql, d);
        rc = update_row(db, e, sql.data, d, who, now, before, v);
        buf_release(&sql);
        if (rc == 0) rc = audit_append(db, e, who, before->site_id, "update", d->entity, before->id, b, a);
        if (rc == 0) rc = search_flush(db, e, d);
    }
    free(a);
    free(b);
    return rc < 0 ? -1 : 0;
}

int rec_update_many(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, int n, const rec_t *befores,
                    const char **const *vs)
{
    if (n <= 0) return 0;
    char now[32];
    now_iso(now);
    buf_t sql, json;
    buf_init(&sql);
    buf_init(&json);
    update_sql(&sql, d);
    size_t(*off)[2] = xmalloc(sizeof *off * (size_t)n);
    int *changed = xmalloc(sizeof *changed * (size_t)n);
    int nch = 0, ret = 0;
    for (int i = 0; i < n && ret == 0; i++) {
        const char **v = (const char **)vs[i];
        size_t ob = json.len;
        rec_json_append(&json, d, befores[i].v);
        buf_putc(&json, 0);
        size_t oa = json.len;
        rec_json_append(&json, d, v);
        buf_putc(&json, 0);
        if (strcmp(json.data + ob, json.data + oa) == 0) { /* nothing a reader could see changed: not written */
            json.len = ob;
            json.data[ob] = 0;
            continue;
        }
        if (update_row(db, e, sql.data, d, who, now, &befores[i], v) < 0) {
            ret = -1;
            break;
        }
        off[nch][0] = ob;
        off[nch][1] = oa;
        changed[nch++] = i;
    }
    if (ret == 0 && nch > 0) {
        audit_entry_t *ents = xmalloc(sizeof *ents * (size_t)nch);
        for (int c = 0; c < nch; c++) {
            const rec_t *b = &befores[changed[c]];
            ents[c] = (audit_entry_t){b->site_id, "update", d->entity, b->id, json.data + off[c][0],
                                      json.data + off[c][1]};
        }
        ret = audit_append_many(db, e, who, ents, nch);
        free(ents);
    }
    free(changed);
    free(off);
    buf_release(&json);
    buf_release(&sql);
    return ret;
}

json_t *rec_to_json(const record_def_t *d, const char **v)
{
    json_t *o = json_object();
    for (int i = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        json_t *j;
        if (!v[i]) j = json_null();
        else if (f->type == FT_INT || f->type == FT_MONEY || f->type == FT_FIXED) j = json_integer(strtoll(v[i], NULL, 10));
        else if (f->type == FT_BOOL) j = json_boolean(str_eq(v[i], "1"));
        else j = json_string(v[i]);
        json_object_set_new(o, f->name, j);
    }
    return o;
}
/* The jansson route, kept for values the direct writer does not take. */
static char *json_text_jansson(const record_def_t *d, const char **v)
{
    json_t *o = rec_to_json(d, v);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

/* Length of the UTF-8 character at p when it is well formed (RFC 3629: no
 * overlong forms, surrogates or code points past U+10FFFF), exactly what
 * jansson's json_string() accepts; 0 otherwise. p[0] >= 0x80. */
static int utf8_char_len(const unsigned char *p)
{
    unsigned c = p[0];
    int n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
    else return 0;
    for (int k = 1; k <= n; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0; /* also stops at the NUL */
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n + 1;
}

/* Writes s as a JSON string at p, as jansson writes it without
 * JSON_ENSURE_ASCII/ESCAPE_SLASH: '"' and '\\' escaped, \b \f \n \r \t, other
 * controls as \u00XX. p has room for 6 bytes per byte of s plus the quotes.
 * Returns the end, or NULL when s is not well-formed UTF-8. */
static char *json_str_put(char *p, const char *str)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str;
    *p++ = '"';
    for (;;) {
        unsigned c = *s;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *p++ = (char)c;
            s++;
            continue;
        }
        if (c == 0) break;
        if (c >= 0x80) {
            int n = utf8_char_len(s);
            if (!n) return NULL;
            memcpy(p, s, (size_t)n);
            p += n, s += n;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default: memcpy(p, "u00", 3), p[3] = hex[c >> 4], p[4] = hex[c & 15], p += 5; break;
        }
        s++;
    }
    *p++ = '"';
    return p;
}

/* A JSON integer at p as jansson writes json_integer(strtoll(s)): a value already
 * in that form (the usual case: what rec_set() stored) is copied as it is. p has
 * room for 24 bytes or the length of s, whichever is more. */
static char *json_int_put(char *p, const char *s)
{
    const char *q = s + (*s == '-');
    size_t nd = 0;
    while (q[nd] >= '0' && q[nd] <= '9') nd++;
    if (!q[nd] && nd > 0 && nd <= 18 && (q[0] != '0' || (nd == 1 && q == s))) {
        size_t n = (size_t)(q - s) + nd;
        memcpy(p, s, n);
        return p + n;
    }
    long long x = strtoll(s, NULL, 10);
    char tmp[24], *t = tmp + sizeof tmp;
    unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do *--t = (char)('0' + u % 10);
    while (u /= 10);
    if (x < 0) *--t = '-';
    memcpy(p, t, (size_t)(tmp + sizeof tmp - t));
    return p + (tmp + sizeof tmp - t);
}

/* Writes the object straight into b: room is made once per field, no call per
 * piece (the importer writes one per row). A text that is not well-formed UTF-8
 * sends the whole object through jansson, which drops such a value. */
static void json_append(buf_t *b, const record_def_t *d, const char **v, bool skip_null)
{
    size_t start = b->len;
    buf_reserve(b, 2);
    b->data[b->len++] = '{';
    for (int i = 0, put = 0; i < d->nfields; i++) {
        const field_def_t *f = &d->fields[i];
        if (skip_null && !v[i]) continue;
        size_t nl = strlen(f->name), vl = v[i] ? strlen(v[i]) : 0;
        buf_reserve(b, nl + 4 + 6 * vl + 26 + 1); /* ,"name": value } */
        char *p = b->data + b->len;
        if (put++) *p++ = ',';
        /* field names are compiled-in identifiers: nothing to escape */
        *p++ = '"';
        memcpy(p, f->name, nl);
        p += nl;
        *p++ = '"', *p++ = ':';
        if (!v[i]) memcpy(p, "null", 4), p += 4;
        else if (f->type == FT_INT || f->type == FT_MONEY || f->type == FT_FIXED) p = json_int_put(p, v[i]);
        else if (f->type == FT_BOOL) {
            if (str_eq(v[i], "1")) memcpy(p, "true", 4), p += 4;
            else memcpy(p, "false", 5), p += 5;
        } else if (!(p = json_str_put(p, v[i]))) {
            b->len = start;
            b->data[start] = 0;
            char *s = json_text_jansson(d, v);
            if (s) buf_puts(b, s);
            free(s);
            return;
        }
        b->len = (size_t)(p - b->data);
    }
    b->data[b->len++] = '}';
    b->data[b->len] = 0;
}
void rec_json_append(buf_t *b, const record_def_t *d, const char **v) { json_append(b, d, v, false); }
/* A create's after-image as the audit log keeps it (issue 28): without null
 * members, written so here rather than stripped in audit.c (the importer's path). */
void rec_json_append_compact(buf_t *b, const record_def_t *d, const char **v) { json_append(b, d, v, true); }

char *rec_to_json_text(const record_def_t *d, const char **v)
{
    buf_t b;
    buf_init(&b);
    rec_json_append(&b, d, v);
    return buf_steal(&b);
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
    buf_printf(&sql, " FROM %s r", d->table);
    own_where(&sql, d, d->parent, uid);
    buf_printf(&sql, " ORDER BY r.%s, r.id", rec_field_index(d, order_col) >= 0 ? order_col : "id");
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    int idx = 1;
    own_bind(st, d, parent_id, uid, &idx);
    int cap = 8, rc;
    *n = 0;
    *out = arena_alloc(a, sizeof(rec_t) * (size_t)cap);
    while ((rc = db_step(st, e)) == 1) {
        rec_t *r = ARENA_PUSH(a, *out, *n, cap);
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

int rec_each_row(db_t *db, err_t *e, const record_def_t *d, int (*fn)(void *ctx, int64_t id, const char *const *v),
                 void *ctx)
{
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT r.id, ");
    col_list(&sql, d, "r.");
    buf_printf(&sql, " FROM %s r ORDER BY r.id", d->table);
    db_stmt_t *st = db_query(db, e, sql.data, "");
    buf_release(&sql);
    if (!st) return -1;
    const char **v = xmalloc(sizeof *v * (size_t)(d->nfields + 1));
    int rc, ret = 0;
    while ((rc = db_step(st, e)) == 1) {
        for (int i = 0; i < d->nfields; i++) v[i] = db_col_text(st, 1 + i);
        if (fn(ctx, db_col_int(st, 0), v) < 0) {
            ret = -1;
            break;
        }
    }
    free(v);
    db_finalize(st);
    return rc < 0 ? -1 : ret;
}

