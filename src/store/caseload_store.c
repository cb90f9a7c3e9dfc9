/* caseload_store.c — caseload assignments and the role scope test (caseload_store.h). */
#include "caseload_store.h"
#include "program_store.h"
#include "scope.h"
#include "../core/date.h"
#include "../util/i18n.h"
#include <stdlib.h>
#include <string.h>

int scope_user_restricted(db_t *db, err_t *e, int64_t uid)
{
    if (uid == 0) return 0;
    db_stmt_t *st = db_query(db, e, "SELECT role FROM app_user WHERE id = ?", "i", uid);
    if (!st) return -1;
    int rc = db_step(st, e), out = 0;
    if (rc == 1) {
        out = scope_role_restricted(db_col_text(st, 0)) ? 1 : 0;
        while ((rc = db_step(st, e)) == 1) {}
    }
    db_finalize(st);
    return rc < 0 ? -1 : out;
}

int scope_visible(db_t *db, err_t *e, int64_t uid, const int64_t *ids, int n, bool *keep)
{
    for (int i = 0; i < n; i++) keep[i] = false;
    if (n == 0) return 0;
    buf_t b;
    buf_init(&b);
    db_json_ids(&b, ids, n);
#define VISIBLE_REST                                                                                               \
    ") AND (? = 0 OR w.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) AND " WBP_SCOPE("w.id")
    db_stmt_t *st;
    if (db_kind(db) == DB_SQLITE)
        st = db_query(db, e, "SELECT w.id FROM wbp w WHERE w.id IN (" DB_ID_SET_SQLITE VISIBLE_REST, "tiiii", b.data, uid,
                      uid, uid, uid);
    else
        st = db_query(db, e, "SELECT w.id FROM wbp w WHERE w.id IN (" DB_ID_SET_PG VISIBLE_REST, "tiiii", b.data, uid, uid,
                      uid, uid);
    buf_release(&b);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        for (int i = 0; i < n; i++)
            if (ids[i] == id) keep[i] = true;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int64_t caseload_live_id(db_t *db, err_t *e, int64_t wbp_id, int64_t user_id)
{
    return db_one_int(db, e,
                      "SELECT COALESCE(min(id), 0) FROM caseload WHERE wbp_id = ? AND user_id = ? AND ended_on IS NULL",
                      "ii", wbp_id, user_id);
}

int caseload_validate(db_t *db, err_t *e, arena_t *a, int64_t site_id, int64_t id, const char *const *before,
                      const char **v, const char *today, const char **field, const char **msg)
{
    const char *m = NULL;
    if (before && !caseload_change_ok(before, v, field)) {
        *msg = str_eq(*field, "ended_on") ? _("Penugasan yang sudah berakhir tidak dapat diubah")
                                          : _("Hanya tanggal berakhir dan catatan penugasan yang dapat diubah");
        return 0;
    }
    if (!caseload_dates_ok(v[CLF_STARTED_ON], v[CLF_ENDED_ON], today, field, &m)) {
        *msg = _(m);
        return 0;
    }
    int64_t wbp_id = v[CLF_WBP_ID] ? strtoll(v[CLF_WBP_ID], NULL, 10) : 0;
    int64_t user_id = v[CLF_USER_ID] ? strtoll(v[CLF_USER_ID], NULL, 10) : 0;
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE id = ? AND site_id = ?", "ii", wbp_id, site_id);
    if (n < 0) return -1;
    if (n == 0) {
        *field = "wbp_id", *msg = _("WBP tidak ditemukan di lokasi ini");
        return 0;
    }
    if (!before) {
        int ok = site_role_valid(db, e, site_id, "wali", user_id);
        if (ok < 0) return -1;
        if (!ok) {
            *field = "user_id", *msg = _("Pengguna ini bukan wali pemasyarakatan aktif di lokasi ini");
            return 0;
        }
    }
    if (!v[CLF_ENDED_ON] || !*v[CLF_ENDED_ON]) {
        int64_t other = db_one_int(db, e,
                                   "SELECT count(*) FROM caseload WHERE wbp_id = ? AND user_id = ? AND ended_on IS NULL "
                                   "AND id <> ?",
                                   "iii", wbp_id, user_id, id);
        if (other < 0) return -1;
        if (other > 0) {
            *field = "wbp_id", *msg = _("WBP ini sudah menjadi tanggungan wali tersebut");
            return 0;
        }
    }
    (void)a;
    return 1;
}

struct assign_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t wbp_id, user_id, id;
    const char *started, *notes, *today;
};
static int assign_tx(db_t *db, void *vc, err_t *e)
{
    struct assign_ctx *c = vc;
    int64_t site = db_one_int(db, e, "SELECT COALESCE(min(site_id), 0) FROM wbp WHERE id = ?", "i", c->wbp_id);
    if (site < 0) return -1;
    if (site == 0) return err_set(e, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)c->wbp_id);
    const char *v[CLF_COUNT] = {0};
    v[CLF_WBP_ID] = arena_printf(c->a, "%lld", (long long)c->wbp_id);
    v[CLF_USER_ID] = arena_printf(c->a, "%lld", (long long)c->user_id);
    v[CLF_STARTED_ON] = c->started ? c->started : c->today;
    v[CLF_NOTES] = c->notes;
    const char *field = NULL, *msg = NULL;
    int ok = caseload_validate(db, e, c->a, site, 0, NULL, v, c->today, &field, &msg);
    if (ok < 0) return -1;
    if (!ok) return err_set(e, 422, "validation", "%s: %s", field, msg);
    c->id = rec_insert(db, e, &caseload_def, c->who, site, v);
    return c->id < 0 ? -1 : 0;
}

int64_t caseload_assign(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t wbp_id, int64_t user_id,
                        const char *started, const char *notes)
{
    char today[11];
    today_iso(today);
    if (started) {
        date_t d;
        if (!date_parse(started, &d)) return err_set(e, 422, "validation", _("tanggal tidak sah: %s"), started);
    }
    struct assign_ctx c = {a, who, wbp_id, user_id, 0, started, notes, today};
    return db_tx(db, assign_tx, &c, e) < 0 ? -1 : c.id;
}

struct end_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t id;
    const char *ended, *today;
};
static int end_tx(db_t *db, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    rec_t before;
    int rc = rec_load(db, e, c->a, &caseload_def, 0, c->id, &before);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", _("Penugasan wali dengan id %lld tidak ditemukan"), (long long)c->id);
    if (before.v[CLF_ENDED_ON] && *before.v[CLF_ENDED_ON])
        return err_set(e, 409, "not_in_force", _("Penugasan ini sudah berakhir pada %s"), before.v[CLF_ENDED_ON]);
    const char **v = arena_alloc(c->a, sizeof(char *) * CLF_COUNT);
    memcpy(v, before.v, sizeof(char *) * CLF_COUNT);
    v[CLF_ENDED_ON] = c->ended ? c->ended : c->today;
    const char *field = NULL, *msg = NULL;
    int ok = caseload_validate(db, e, c->a, before.site_id, c->id, before.v, v, c->today, &field, &msg);
    if (ok < 0) return -1;
    if (!ok) return err_set(e, 422, "validation", "%s: %s", field, msg);
    return rec_update(db, e, &caseload_def, c->who, &before, v);
}

int caseload_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t id, const char *ended)
{
    char today[11];
    today_iso(today);
    if (ended) {
        date_t d;
        if (!date_parse(ended, &d)) return err_set(e, 422, "validation", _("tanggal tidak sah: %s"), ended);
    }
    struct end_ctx c = {a, who, id, ended, today};
    return db_tx(db, end_tx, &c, e);
}

int caseload_list(db_t *db, err_t *e, arena_t *a, int64_t user_id, int64_t site_id, bool with_ended,
                  caseload_row_t **out, int *n)
{
    *n = 0;
    *out = NULL;
    db_stmt_t *st = db_query(db, e,
                             "SELECT c.id, s.code, w.regno, w.name, u.name, c.started_on, c.ended_on, c.notes "
                             "FROM caseload c JOIN site s ON s.id = c.site_id JOIN wbp w ON w.id = c.wbp_id "
                             "JOIN app_user u ON u.id = c.user_id "
                             "WHERE (? = 0 OR c.user_id = ?) AND (? = 0 OR c.site_id = ?) AND (? = 1 OR c.ended_on IS NULL) "
                             "ORDER BY s.code, u.name, w.regno, c.id",
                             "iiiii", user_id, user_id, site_id, site_id, with_ended ? 1 : 0);
    if (!st) return -1;
    int cap = 16, rc;
    *out = arena_alloc(a, sizeof(caseload_row_t) * (size_t)cap);
    while ((rc = db_step(st, e)) == 1) {
        caseload_row_t *r = ARENA_PUSH(a, *out, *n, cap);
        r->id = db_col_int(st, 0);
        r->site_code = arena_strdup(a, db_col_text(st, 1));
        r->regno = arena_strdup(a, db_col_text(st, 2));
        r->wbp_name = arena_strdup(a, db_col_text(st, 3));
        r->wali = arena_strdup(a, db_col_text(st, 4));
        r->started_on = arena_strdup(a, db_col_text(st, 5));
        r->ended_on = db_col_null(st, 6) ? NULL : arena_strdup(a, db_col_text(st, 6));
        r->notes = db_col_null(st, 7) ? NULL : arena_strdup(a, db_col_text(st, 7));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
