/* entity.c — the shared part of the generic entity layer (entity.h): scoped
 * loads, list queries from the query string, reference labels and checks, JSON,
 * and the one transaction every create/update/delete goes through. */
#include "entity.h"
#include "../store/program_store.h"
#include "../store/wbp_store.h"
#include <stdlib.h>
#include <string.h>

const entity_t *ent_of(req_t *r) { return r->route ? (const entity_t *)r->route->ctx : NULL; }

bool ent_can(req_t *r, const char *method, const char *path)
{
    int64_t id = 0;
    int st = 0;
    const route_t *rt = route_match(method, path, &id, &st);
    return rt && (rt->roles == R_PUBLIC || (rt->roles & role_bit(r->user.role)));
}

void ent_scope(req_t *r, const entity_t *en, rec_cond_t *conds, int *n, int cap)
{
    if (en->scope) en->scope(r, conds, n, cap);
}

bool ent_readonly(const entity_t *en, int field)
{
    for (const int *f = en->readonly; f && *f >= 0; f++)
        if (*f == field) return true;
    return false;
}

void ent_refuse_readonly(req_t *r, const entity_t *en, json_t *body, field_errs_t *fe)
{
    (void)r;
    for (const int *f = en->readonly; f && *f >= 0; f++) {
        const field_def_t *fd = &en->def->fields[*f];
        if (json_object_get(body, fd->name))
            field_err(fe, fd->name, _("%s dihitung oleh aplikasi dan tidak dapat diisi"), _(fd->label));
    }
}

const ent_ref_t *ent_ref_for(const entity_t *en, int field)
{
    for (const ent_ref_t *f = en->refs; f && f->field >= 0; f++)
        if (f->field == field) return f;
    return NULL;
}

/* rec_load_cond with the entity's scope, on db (the request's, or a transaction's). */
static int load_scoped(req_t *r, db_t *db, err_t *e, const entity_t *en, int64_t id, rec_t *out)
{
    rec_cond_t conds[4];
    int n = 0;
    ent_scope(r, en, conds, &n, 4);
    return rec_load_cond(db, e, &r->a, en->def, r->user.id, id, conds, n, out);
}

int ent_load(req_t *r, const entity_t *en, int64_t id, rec_t *out)
{
    err_t e;
    err_clear(&e);
    int rc = load_scoped(r, r->db, &e, en, id, out);
    /* another site's record (or one outside the user's scope) is reported exactly like a missing one */
    if (rc <= 0) return web_found(r, rc, &e, _("%s dengan id %lld tidak ditemukan"), i18n_pgettext("one", en->one), (long long)id);
    if (en->parent) {
        rec_t p;
        rc = load_scoped(r, r->db, &e, en->parent, out->parent_id, &p);
        if (rc <= 0) return web_found(r, rc, &e, _("%s dengan id %lld tidak ditemukan"), i18n_pgettext("one", en->one), (long long)id);
    }
    return 0;
}

int ent_load_parent(req_t *r, const entity_t *en, int64_t parent_id, rec_t **parent)
{
    *parent = NULL;
    if (!en->parent) return 0;
    *parent = arena_alloc(&r->a, sizeof **parent);
    return ent_load(r, en->parent, parent_id, *parent);
}

int ent_query_from_req(req_t *r, const entity_t *en, rec_query_t *q)
{
    memset(q, 0, sizeof *q);
    const record_def_t *d = en->def;
    q->q = req_query(r, "q");
    if (q->q && strlen(q->q) > 100) return web_fail(r, 400, "bad_query", _("kata pencarian terlalu panjang (maks. 100)"));
    if (q->q && !*q->q) q->q = NULL;
    q->search = en->search;
    q->sort = en->default_sort;
    q->desc = en->default_desc;
    const char *sort = req_query(r, "sort");
    if (sort && *sort) {
        if (str_eq(sort, "site")) q->sort = REC_SORT_SITE, q->desc = false;
        for (const int *s = en->sort; s && *s >= 0; s++)
            if (str_eq(sort, d->fields[*s].name))
                q->sort = str_eq(sort, "wbp_id") ? REC_SORT_WBP : *s, q->desc = false;
    }
    const char *dir = req_query(r, "dir");
    if (str_eq(dir, "desc")) q->desc = true;
    else if (str_eq(dir, "asc")) q->desc = false;
    q->page = req_query_int(r, "page", 1, 1, 1000000);
    q->per_page = req_query_int(r, "per_page", 50, 1, 200);
    if (web_query_site(r, &q->site_id) < 0) return -1;
    const char **tmp = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(tmp, 0, sizeof(char *) * (size_t)d->nfields);
    for (const int *f = en->filters; f && *f >= 0 && q->neq < REC_QUERY_EQ; f++) {
        const char *raw = req_query(r, d->fields[*f].name);
        if (!raw || !*raw) continue;
        field_errs_t fe = {0};
        if (!rec_set(&r->a, d, tmp, *f, raw, &fe)) return web_fail(r, 400, "bad_query", "%s", fe.e[0].msg);
        if (!tmp[*f]) continue;
        q->eq[q->neq].field = *f;
        q->eq[q->neq].v = tmp[*f];
        q->neq++;
    }
    if (en->list_filter && en->list_filter(r, q) < 0) return -1;
    ent_scope(r, en, q->cond, &q->ncond, REC_QUERY_CONDS);
    return 0;
}

const char *ent_ref_label(req_t *r, const ent_ref_t *ref, const char *v)
{
    if (!v) return "-";
    int64_t id = strtoll(v, NULL, 10);
    const char *s = NULL;
    if (ref->target) {
        err_t e;
        err_clear(&e);
        s = rec_field_text(r->db, &e, &r->a, ref->target->def, ref->target->label_field, id);
    } else if (ref->user_role) {
        err_t e;
        err_clear(&e);
        s = prog_user_label(r->db, &e, &r->a, id);
    } else if (ref->label) {
        err_t e;
        err_clear(&e);
        s = ref->label(r->db, &e, &r->a, id);
    }
    return s ? s : arena_printf(&r->a, "#%lld", (long long)id);
}

/* The active users of a role at a site as choices "Full Name (login)". */
static int user_options(req_t *r, const char *role, int64_t site_id, ent_options_t *out)
{
    user_list_t u;
    err_t e;
    err_clear(&e);
    if (site_role_users(r->db, &e, &r->a, site_id, role, &u) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    out->n = u.n;
    out->id = u.id;
    out->label = arena_alloc(&r->a, sizeof(char *) * (size_t)(u.n + 1));
    for (int i = 0; i < u.n; i++) out->label[i] = arena_printf(&r->a, "%s (%s)", u.full_name[i], u.name[i]);
    return 0;
}

int ent_ref_options(req_t *r, const ent_ref_t *ref, int64_t site_id, ent_options_t *out)
{
    memset(out, 0, sizeof *out);
    if (ref->user_role) return user_options(r, ref->user_role, site_id, out);
    if (!ref->target) return ref->options ? ref->options(r, site_id, out) : 0;
    const entity_t *t = ref->target;
    rec_query_t q;
    memset(&q, 0, sizeof q);
    q.sort = t->label_field;
    q.site_id = site_id;
    q.page = 1;
    q.per_page = 1000;
    ent_scope(r, t, q.cond, &q.ncond, REC_QUERY_CONDS);
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (rec_list(r->db, &e, &r->a, t->def, r->user.id, &q, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    out->n = pg.n;
    out->id = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(pg.n + 1));
    out->label = arena_alloc(&r->a, sizeof(char *) * (size_t)(pg.n + 1));
    for (int i = 0; i < pg.n; i++) {
        out->id[i] = pg.rows[i].id;
        const char *l = pg.rows[i].v[t->label_field];
        out->label[i] = site_id ? l : arena_printf(&r->a, "%s (%s)", l ? l : "-", pg.rows[i].site_code);
        if (!out->label[i]) out->label[i] = "-";
    }
    /* Two records with the same name (a product made twice) are told apart by the
     * target's next list column (the production date), or by their number. */
    int *ix = arena_alloc(&r->a, sizeof(int) * (size_t)(pg.n + 1));
    for (int i = 0; i < pg.n; i++) ix[i] = i;
    for (int i = 1; i < pg.n; i++) /* the rows come sorted by the label: equal labels are neighbours */
        if (str_eq(out->label[i], out->label[i - 1])) ix[i] = ix[i - 1] = -1;
    for (int i = 0; i < pg.n; i++) {
        if (ix[i] >= 0) continue;
        int detail = t->list_cols[0] >= 0 && t->list_cols[1] >= 0 && t->list_cols[1] != t->label_field ? t->list_cols[1]
                     : -1;
        const char *d = detail >= 0 ? ent_display(r, t, &pg.rows[i], detail) : NULL;
        out->label[i] = d && *d && !str_eq(d, "-") ? arena_printf(&r->a, "%s — %s #%lld", out->label[i], d, (long long)out->id[i])
                                                   : arena_printf(&r->a, "%s #%lld", out->label[i], (long long)out->id[i]);
    }
    return 0;
}

const char *ent_display(req_t *r, const entity_t *en, const rec_t *rec, int field)
{
    if (en->cell) {
        const char *s = en->cell(r, rec, field);
        if (s) return s;
    }
    const field_def_t *f = &en->def->fields[field];
    const char *v = rec->v[field];
    const ent_ref_t *ref = ent_ref_for(en, field);
    if (ref) return ent_ref_label(r, ref, v);
    if (!v) return "-";
    switch (f->type) {
    case FT_DATE: return fmt_date_id(&r->a, v);
    case FT_BOOL: return str_eq(v, "1") ? _("Ya") : _("Tidak");
    case FT_MONEY: return fmt_rupiah(&r->a, strtoll(v, NULL, 10));
    case FT_FIXED: {
        char t[40];
        return arena_strdup(&r->a, rec_fixed_text(strtoll(v, NULL, 10), f->scale, t, sizeof t));
    }
    case FT_ENUM: return _(rec_choice_label(f, v));
    case FT_TEXT: /* a stored time ("at", "..._at"): in the site's zone, like every time shown */
        if (str_eq(f->name, "at") || (strlen(f->name) > 3 && str_eq(f->name + strlen(f->name) - 3, "_at")))
            return fmt_time(r, rec->site_id, v);
        return v;
    default: return v;
    }
}

json_t *ent_to_json(req_t *r, const entity_t *en, const rec_t *rec, bool with_children)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(rec->id));
    json_object_set_new(o, "site", json_string(rec->site_code ? rec->site_code : ""));
    if (en->def->parent) json_object_set_new(o, en->def->parent, json_integer(rec->parent_id));
    json_t *f = rec_to_json(en->def, rec->v);
    json_object_update(o, f);
    json_decref(f);
    for (const ent_ref_t *ref = en->refs; ref && ref->field >= 0; ref++)
        json_object_set_new(o, ref->label_key,
                            rec->v[ref->field] ? json_string(ent_ref_label(r, ref, rec->v[ref->field])) : json_null());
    if (en->json) en->json(r, o, rec);
    for (const entity_t *const *c = en->children; with_children && c && *c; c++) {
        rec_page_t pg;
        err_t e;
        err_clear(&e);
        json_t *arr = json_array();
        if (ent_children(r, *c, rec, &pg, &e) == 0)
            for (int i = 0; i < pg.n; i++) json_array_append_new(arr, ent_to_json(r, *c, &pg.rows[i], false));
        json_object_set_new(o, (*c)->child_key, arr);
    }
    json_object_set_new(o, "created_at", json_string(rec->created_at ? rec->created_at : ""));
    json_object_set_new(o, "updated_at", json_string(rec->updated_at ? rec->updated_at : ""));
    return o;
}

int ent_children(req_t *r, const entity_t *c, const rec_t *owner, rec_page_t *pg, err_t *e)
{
    rec_query_t q;
    memset(&q, 0, sizeof q);
    q.parent_id = owner->id;
    q.sort = c->default_sort;
    q.desc = c->default_desc;
    q.page = 1;
    q.per_page = 1000;
    return rec_list(r->db, e, &r->a, c->def, r->user.id, &q, pg);
}

/* Every reference value must name a record the user may see, at the same site. */
static int check_refs(ent_write_t *w, err_t *e)
{
    for (const ent_ref_t *ref = w->en->refs; ref && ref->field >= 0; ref++) {
        const char *v = w->v[ref->field];
        if (!v) continue;
        int64_t id = strtoll(v, NULL, 10);
        const field_def_t *f = &w->en->def->fields[ref->field];
        if (ref->target) {
            rec_t t;
            int rc = id > 0 ? load_scoped(w->r, w->db, e, ref->target, id, &t) : 0;
            if (rc < 0) return -1;
            if (rc == 0 || t.site_id != w->site_id)
                field_err(w->fe, f->name, _("%s: %s dengan id %lld tidak ada di lokasi ini"), _(f->label), i18n_pgettext("one", ref->target->one),
                          (long long)id);
        } else if (ref->valid || ref->user_role) {
            int rc = ref->user_role ? site_role_valid(w->db, e, w->site_id, ref->user_role, id)
                                    : ref->valid(w->db, e, w->site_id, id);
            if (rc < 0) return -1;
            if (rc == 0) field_err(w->fe, f->name, _("%s dengan id %lld tidak dapat dipilih di lokasi ini"), _(f->label),
                                   (long long)id);
        }
    }
    return 0;
}

struct save_ctx {
    ent_write_t w;
    json_t *patch;
    int64_t id;
    bool del;
    int fe0; /* field errors the caller found before the transaction */
    web_review_t *rv; /* a review (run in db_dry_run): the entity's review hook describes the write */
};

static int do_save(db_t *db, void *vc, err_t *e)
{
    struct save_ctx *c = vc;
    ent_write_t *w = &c->w;
    const record_def_t *d = w->en->def;
    w->db = db;
    w->fe->n = c->fe0; /* errors found before the transaction stay; a retry starts again from them */
    if (c->del) {
        if (w->en->check_delete && w->en->check_delete(w, e) < 0) return -1;
        if (w->fe->n) return err_set(e, 422, "validation", "%s", w->fe->e[0].msg);
        return rec_delete(db, e, d, web_actor(w->r), w->before);
    }
    if (c->patch) {
        /* re-read inside the transaction, so concurrent patches of different fields never undo each other */
        rec_t *now = arena_alloc(&w->r->a, sizeof *now);
        int rc = load_scoped(w->r, db, e, w->en, c->id, now);
        if (rc <= 0)
            return rc == 0 ? err_set(e, 404, "not_found", "%s dengan id %lld tidak ditemukan", w->en->one,
                                     (long long)c->id)
                           : -1;
        w->before = now;
        memcpy(w->v, now->v, sizeof(char *) * (size_t)d->nfields);
        web_json_to_values(w->r, d, c->patch, w->v, w->fe);
    }
    /* computed fields keep what is stored; only the hooks below may change them */
    for (const int *f = w->en->readonly; f && *f >= 0; f++) w->v[*f] = w->before ? w->before->v[*f] : NULL;
    if (w->en->defaults && w->en->defaults(w->r, db, w->parent, w->v, e) < 0) return -1;
    rec_finish(d, w->v, w->fe);
    if (check_refs(w, e) < 0) return -1;
    if (w->en->check && w->en->check(w, e) < 0) return -1;
    if (w->fe->n) return err_set(e, 422, "validation", "%s", w->fe->e[0].msg);
    if (w->before) return rec_update(db, e, d, web_actor(w->r), w->before, w->v);
    c->id = rec_insert_child(db, e, d, web_actor(w->r), w->site_id, w->parent ? w->parent->id : 0, w->v);
    if (c->id < 0) return -1;
    if (c->rv && w->en->review) w->en->review(w, c->id, c->rv);
    return 0;
}

static int save_run(req_t *r, const entity_t *en, const rec_t *before, const rec_t *parent, int64_t site_id,
                    const char **v, json_t *patch, field_errs_t *fe, int64_t *id, web_review_t *rv)
{
    struct save_ctx c = {{r, r->db, en, before, parent, site_id, v, fe, 0}, patch, before ? before->id : 0, false, fe->n, rv};
    err_t e;
    err_clear(&e);
    *id = 0;
    if ((rv ? db_dry_run(r->db, do_save, &c, &e) : db_tx(r->db, do_save, &c, &e)) < 0) {
        if (fe->n) return 0;
        if (db_err_conflict(&e) && en->unique_field >= 0) {
            const field_def_t *f = &en->def->fields[en->unique_field];
            const ent_ref_t *ref = ent_ref_for(en, en->unique_field);
            const char *val = v[en->unique_field] ? v[en->unique_field] : "";
            if (ref) val = ent_ref_label(r, ref, v[en->unique_field]);
            field_err(fe, f->name, _("%s \"%.80s\" sudah ada"), _(f->label), val);
            return 0;
        }
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    *id = c.id;
    return 0;
}

int ent_save(req_t *r, const entity_t *en, const rec_t *before, const rec_t *parent, int64_t site_id,
             const char **v, json_t *patch, field_errs_t *fe, int64_t *id)
{
    return save_run(r, en, before, parent, site_id, v, patch, fe, id, NULL);
}

int ent_save_review(req_t *r, const entity_t *en, const rec_t *parent, int64_t site_id, const char **v,
                    field_errs_t *fe, web_review_t *rv)
{
    int64_t id;
    return save_run(r, en, NULL, parent, site_id, v, NULL, fe, &id, rv);
}

int ent_delete(req_t *r, const entity_t *en, const rec_t *rec, field_errs_t *fe)
{
    rec_t *parent = NULL;
    if (en->parent) {
        parent = arena_alloc(&r->a, sizeof *parent);
        if (ent_load(r, en->parent, rec->parent_id, parent) < 0) return -1;
    }
    struct save_ctx c = {{r, r->db, en, rec, parent, rec->site_id, rec->v, fe, 0}, NULL, rec->id, true, fe->n, NULL};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_save, &c, &e) < 0) {
        if (fe->n) return 0;
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    return 0;
}

int64_t ent_pick_site(req_t *r, const entity_t *en, const char *code)
{
    if (code && *code) return web_pick_site(r, code);
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    if (sites.n == 1) return sites.id[0];
    return web_fail(r, 422, "validation", _("pilih lokasi (site) untuk %s ini"), i18n_pgettext("one", en->one));
}

const char *ent_url(req_t *r, const entity_t *en, const rec_t *rec)
{
    if (en->parent)
        return arena_printf(&r->a, "/%s/%lld#%s", en->parent->slug, (long long)rec->parent_id, en->child_key);
    return arena_printf(&r->a, "/%s/%lld", en->slug, (long long)rec->id);
}
