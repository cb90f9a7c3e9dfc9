/* settings.c — reads dated settings (table `setting`, migration 004). */
#include "settings.h"
#include <stdio.h>
#include <string.h>

int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT value FROM setting WHERE name = ? AND effective_from <= ? "
                             "AND (site_id IS NULL OR site_id = ?) "
                             "ORDER BY CASE WHEN site_id IS NULL THEN 1 ELSE 0 END, effective_from DESC, id DESC "
                             "LIMIT 1",
                             "tti", name, date, site_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    int ret = -1;
    if (rc == 1) {
        if (parse_i64(db_col_text(st, 0) ? db_col_text(st, 0) : "", out)) ret = 0;
        else err_set(e, 500, "setting_invalid", "pengaturan %s bukan bilangan bulat", name);
        while (db_step(st, e) == 1) {}
    } else if (rc == 0)
        err_set(e, 500, "setting_missing", "pengaturan %s belum ada untuk tanggal %s", name, date);
    db_finalize(st);
    return ret;
}

int setting_text(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date,
                 const char **out)
{
    *out = NULL;
    db_stmt_t *st = db_query(db, e,
                             "SELECT value FROM setting WHERE name = ? AND effective_from <= ? "
                             "AND (site_id IS NULL OR site_id = ?) "
                             "ORDER BY CASE WHEN site_id IS NULL THEN 1 ELSE 0 END, effective_from DESC, id DESC "
                             "LIMIT 1",
                             "tti", name, date, site_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) *out = arena_strdup(a, db_col_text(st, 0) ? db_col_text(st, 0) : "");
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? -1 : *out != NULL;
}

const char *setting_text_req(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date)
{
    const char *out = NULL;
    int rc = setting_text(db, e, a, name, site_id, date, &out);
    if (rc == 0) err_set(e, 500, "setting_missing", "pengaturan %s belum ada untuk tanggal %s", name, date);
    return rc == 1 ? out : NULL;
}

int setting_add(db_t *db, err_t *e, const actor_t *who, const char *name, int64_t site_id, const char *from,
                const char *value, const char *note)
{
    int64_t id = db_one_int(db, e,
                            "INSERT INTO setting(name, site_id, effective_from, value, note) VALUES (?,NULLIF(?, 0),?,?,?) "
                            "RETURNING id",
                            "tittt", name, site_id ? site_id : 0, from, value, note ? note : "");
    if (id < 0) return -1;
    buf_t after;
    buf_init(&after);
    buf_printf(&after, "{\"name\":\"%s\",\"effective_from\":\"%s\",\"value\":\"%s\"}", name, from, value);
    int rc = audit_append(db, e, who, site_id, "create", "setting", id, NULL, after.data);
    buf_release(&after);
    return rc;
}
