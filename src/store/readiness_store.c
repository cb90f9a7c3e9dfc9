/* readiness_store.c — release readiness records (see readiness_store.h). */
#include "readiness_store.h"
#include "audit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

int readiness_list(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, readiness_row_t **out, int *n)
{
    *out = NULL, *n = 0;
    db_stmt_t *st = db_query(db, e, "SELECT item, state, state_date, note FROM release_readiness WHERE wbp_id = ? ORDER BY id",
                             "i", wbp_id);
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        readiness_row_t *r = ARENA_PUSH(a, *out, *n, cap);
        r->item = dup(a, st, 0), r->state = dup(a, st, 1), r->state_date = dup(a, st, 2), r->note = dup(a, st, 3);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

struct set_ctx {
    const actor_t *who;
    int64_t site_id, wbp_id;
    const char *item, *state, *date, *note;
};
static int set_tx(db_t *db, void *vc, err_t *e)
{
    struct set_ctx *c = vc;
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e, "SELECT COALESCE(max(id), 0) FROM release_readiness WHERE wbp_id = ? AND item = ?", "it",
                            c->wbp_id, c->item);
    if (id < 0) return -1;
    if (id) {
        if (db_run(db, e,
                   "UPDATE release_readiness SET state = ?, state_date = ?, note = ?, updated_at = ?, updated_by = "
                   "NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
                   "ttttii", c->state, c->date, c->note, now, c->who->user_id, id) < 0)
            return -1;
    } else {
        id = db_one_int(db, e,
                        "INSERT INTO release_readiness(site_id, wbp_id, item, state, state_date, note, created_at, created_by, "
                        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, "
                        "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                        "iittttti" "ti", c->site_id, c->wbp_id, c->item, c->state, c->date, c->note, now, c->who->user_id, now,
                        c->who->user_id);
        if (id < 0) return -1;
    }
    json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s}", "wbp_id", (json_int_t)c->wbp_id, "item", c->item, "state", c->state,
                          "state_date", c->date, "note", c->note);
    return audit_write(db, e,
                       &(audit_write_t){c->who, c->site_id, "set", "release_readiness", id, .after = j, .after_text = "{}",
                                        .sort_keys = true});
}

int readiness_set(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id, const char *item,
                  const char *state, const char *date, const char *note)
{
    struct set_ctx c = {who, site_id, wbp_id, item, state, date, note ? note : ""};
    return db_tx(db, set_tx, &c, e);
}

int64_t readiness_done_count(db_t *db, err_t *e, int64_t wbp_id)
{
    return db_one_int(db, e,
                      "SELECT count(*) FROM release_readiness WHERE wbp_id = ? AND state IN ('selesai', 'tidak_perlu')", "i",
                      wbp_id);
}
