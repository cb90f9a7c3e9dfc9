/* settings.c — reads dated settings (table `setting`, migration 004). */
#include "settings.h"
#include <stdio.h>
#include <string.h>

int setting_get(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date, bool required,
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
    if (rc < 0) return -1;
    if (*out) return 1;
    if (!required) return 0;
    return err_set(e, 500, "setting_missing", "pengaturan %s belum ada untuk tanggal %s", name, date);
}

int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out)
{
    arena_t a;
    arena_init(&a);
    const char *v;
    int rc = setting_get(db, e, &a, name, site_id, date, true, &v);
    if (rc == 1) rc = parse_i64(v, out) ? 0 : err_set(e, 500, "setting_invalid", "pengaturan %s bukan bilangan bulat", name);
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}
