/* wbp_record.c — the dated records of an inmate (see wbp_record.h). */
#include "wbp_record.h"
#include "../core/wbp.h"
#include "../util/i18n.h"
#include <string.h>

int wbp_rec_load_wbp(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, rec_t *w)
{
    int rc = rec_load(db, e, a, &wbp_def, uid, wbp_id, w);
    if (rc == 0) return err_set(e, 404, "not_found", "%s", _("WBP tidak ditemukan"));
    return rc < 0 ? -1 : 0;
}

struct create_ctx {
    const record_def_t *d;
    const actor_t *who;
    const rec_t *w;
    const char **v;
    wbp_rec_guard_fn guard;
    void *ctx;
    int64_t id;
};
static int do_create(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    if (c->guard && c->guard(db, c->ctx, e) < 0) return -1;
    c->id = rec_insert_child(db, e, c->d, c->who, c->w->site_id, c->w->id, c->v);
    return c->id < 0 ? -1 : 0;
}

int wbp_rec_create(db_t *db, err_t *e, const record_def_t *d, const actor_t *who, const rec_t *w, const char **v,
                   wbp_rec_guard_fn guard, void *ctx, int64_t *id)
{
    struct create_ctx c = {d, who, w, v, guard, ctx, 0};
    if (db_tx(db, do_create, &c, e) < 0) return -1;
    *id = c.id;
    return 0;
}

struct end_ctx {
    arena_t *a;
    const record_def_t *d;
    const char *not_found;
    const actor_t *who;
    int64_t uid, id;
    wbp_rec_end_fn end;
    void *ctx;
    int64_t wbp_id;
};
static int do_end(db_t *db, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    rec_t before;
    int rc = rec_load(db, e, c->a, c->d, c->uid, c->id, &before);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "%s", c->not_found);
    c->wbp_id = before.parent_id;
    const char **v = arena_alloc(c->a, sizeof *v * (size_t)c->d->nfields);
    memcpy(v, before.v, sizeof *v * (size_t)c->d->nfields);
    if (c->end(&before, v, c->ctx, e) < 0) return -1;
    return rec_update(db, e, c->d, c->who, &before, v);
}

int wbp_rec_end(db_t *db, err_t *e, arena_t *a, const record_def_t *d, const char *not_found, const actor_t *who,
                int64_t uid, int64_t id, wbp_rec_end_fn end, void *ctx, int64_t *wbp_id)
{
    struct end_ctx c = {a, d, not_found, who, uid, id, end, ctx, 0};
    int rc = db_tx(db, do_end, &c, e);
    *wbp_id = c.wbp_id;
    return rc;
}

int wbp_rec_end_reason(err_t *e, const char *reason, const char *msg)
{
    if (!reason || !*reason || strlen(reason) > 300) return err_set(e, 422, "validation", "%s", msg);
    return 0;
}
