/* entity_api.c — the generic JSON API of an entity (entity.h): list in the
 * register's shape {items, page, per_page, total}, get, create (201), partial
 * update (PATCH, merged inside its transaction), and delete of child records.
 * Validation failures answer 422 with every field's message. */
#include "entity.h"
#include "../util/i18n.h"
#include <stdlib.h>
#include <string.h>

int ent_api_list(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_query_t q;
    if (ent_query_from_req(r, en, &q) < 0) return -1;
    if (en->parent) { /* GET /api/v1/parent/{id}/key: the owner must be visible */
        rec_t parent;
        if (ent_load(r, en->parent, r->id, &parent) < 0) return -1;
        q.parent_id = parent.id;
    }
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (rec_list(r->db, &e, &r->a, en->def, r->user.id, &q, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < pg.n; i++) json_array_append_new(items, ent_to_json(r, en, &pg.rows[i], false));
    return resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", q.page, "per_page", q.per_page, "total",
                                       (json_int_t)pg.total));
}

int ent_api_get(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    return resp_json(w, 200, ent_to_json(r, en, &rec, true));
}

/* Answers with the saved record (status 200 or 201). */
static int reply_record(req_t *r, resp_t *w, const entity_t *en, int64_t id, int status)
{
    rec_t rec;
    if (ent_load(r, en, id, &rec) < 0) return -1;
    if (status == 201) resp_header(w, "Location", arena_printf(&r->a, "/api/v1/%s/%lld", en->slug, (long long)id));
    return resp_json(w, status, ent_to_json(r, en, &rec, true));
}

int ent_api_create(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    rec_t *parent;
    if (ent_load_parent(r, en, r->id, &parent) < 0) return -1;
    int64_t site_id = parent ? parent->site_id : 0;
    json_t *body = req_json(r);
    if (!body) return -1;
    if (en->parent) {
        json_t *pid = json_object_get(body, d->parent);
        if (pid && !(json_is_integer(pid) && json_integer_value(pid) == parent->id)) {
            json_decref(body);
            return web_fail(r, 400, "read_only", _("%s diambil dari alamat; jangan diisi lain"), d->parent);
        }
        json_object_del(body, d->parent);
        /* the site is the owner's too: another value is refused, not silently ignored */
        json_t *site = json_object_get(body, "site");
        if (site && !(json_is_string(site) && str_eq(json_string_value(site), parent->site_code))) {
            json_decref(body);
            return web_fail(r, 400, "read_only", _("site diambil dari %s pemiliknya; jangan diisi lain"), en->parent->one);
        }
    } else {
        json_t *site = json_object_get(body, "site");
        if (site && !json_is_string(site)) {
            json_decref(body);
            return web_fail(r, 400, "bad_type", _("site harus berupa teks (kode lokasi)"));
        }
        if ((site_id = ent_pick_site(r, en, site ? json_string_value(site) : NULL)) < 0) {
            json_decref(body);
            return -1;
        }
    }
    bool confirm = true;
    if (en->review && web_api_confirm(r, body, &confirm) < 0) {
        json_decref(body);
        return -1;
    }
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    ent_refuse_readonly(r, en, body, &fe);
    web_json_to_values(r, d, body, v, &fe);
    json_decref(body);
    int64_t id = 0;
    if (!confirm) { /* a create that is hard to undo: the preview first (issue 22) */
        web_review_t rv;
        review_init(&rv, arena_printf(&r->a, _("Tinjau %s"), i18n_pgettext("one", en->one)), NULL);
        if (ent_save_review(r, en, parent, site_id, v, &fe, &rv) < 0) return -1;
        if (fe.n) return web_validation_reply(r, w, &fe);
        return web_review_json(r, w, &rv, NULL);
    }
    if (ent_save(r, en, NULL, parent, site_id, v, NULL, &fe, &id) < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    return reply_record(r, w, en, id, 201);
}

int ent_api_patch(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    const record_def_t *d = en->def;
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    rec_t *parent;
    if (ent_load_parent(r, en, rec.parent_id, &parent) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    if (json_object_get(body, "site") || (d->parent && json_object_get(body, d->parent))) {
        json_decref(body);
        return web_fail(r, 400, "read_only", _("lokasi%s tidak dapat diubah lewat PATCH"), d->parent ? _(" dan pemilik") : "");
    }
    const char **v = arena_alloc(&r->a, sizeof(char *) * (size_t)d->nfields);
    memset(v, 0, sizeof(char *) * (size_t)d->nfields);
    field_errs_t fe = {0};
    ent_refuse_readonly(r, en, body, &fe);
    int64_t id = 0;
    int rc = ent_save(r, en, &rec, parent, rec.site_id, v, body, &fe, &id);
    json_decref(body);
    if (rc < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    return reply_record(r, w, en, rec.id, 200);
}

int ent_api_delete(req_t *r, resp_t *w)
{
    const entity_t *en = ent_of(r);
    rec_t rec;
    if (ent_load(r, en, r->id, &rec) < 0) return -1;
    field_errs_t fe = {0};
    if (ent_delete(r, en, &rec, &fe) < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    w->status = 204;
    w->ctype = "application/json; charset=utf-8";
    buf_reset(&w->body);
    return 0;
}
