/* api_wbp.c — JSON API for the WBP register: list, get, create, partial update. */
#include "handlers.h"
#include "../store/wbp_store.h"
#include <stdlib.h>
#include <string.h>


/* id, site, every field, created_at, updated_at. */
static json_t *wbp_to_api(const rec_t *rec)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(rec->id));
    json_object_set_new(o, "site", json_string(rec->site_code));
    json_t *f = rec_to_json(&wbp_def, rec->v);
    json_object_update(o, f);
    json_decref(f);
    json_object_set_new(o, "created_at", json_string(rec->created_at ? rec->created_at : ""));
    json_object_set_new(o, "updated_at", json_string(rec->updated_at ? rec->updated_at : ""));
    return o;
}

int api_me(req_t *r, resp_t *w)
{
    resp_json(w, 200, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)r->user.id, "name", r->user.name, "full_name",
                                r->user.full_name, "role", r->user.role));
    return 0;
}

int api_wbp_list(req_t *r, resp_t *w)
{
    wbp_filter_t f;
    if (wbp_filter_from_query(r, &f) < 0) return -1;
    wbp_page_t pg;
    err_t e;
    err_clear(&e);
    if (wbp_list(r->db, &e, &r->a, r->user.id, &f, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < pg.n; i++) json_array_append_new(items, wbp_to_api(&pg.rows[i]));
    resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", f.page, "per_page",
                                f.per_page < 1 ? 50 : f.per_page, "total", (json_int_t)pg.total));
    return 0;
}

int api_wbp_get(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    resp_json(w, 200, wbp_to_api(&rec));
    return 0;
}

/* Applies the JSON members to v through the field table d. Unknown keys and wrong
 * types are field errors; "site" and "id" are left to the caller. */
void web_json_to_values(req_t *r, const record_def_t *d, json_t *body, const char **v, field_errs_t *fe)
{
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (str_eq(key, "site") || str_eq(key, "id")) continue;
        int i = rec_field_index(d, key);
        if (i < 0) {
            field_err(fe, arena_strdup(&r->a, key), "kolom \"%.60s\" tidak dikenal", key);
            continue;
        }
        const char *s = NULL;
        if (json_is_string(val)) s = json_string_value(val);
        else if (json_is_integer(val) && d->fields[i].type == FT_FIXED) {
            /* JSON carries the stored integer (thousandths, basis points); rec_set reads decimals */
            char t[40];
            s = json_integer_value(val) < 0 ? "-1" : arena_strdup(&r->a, rec_fixed_text(json_integer_value(val),
                                                                                         d->fields[i].scale, t, sizeof t));
        } else if (json_is_integer(val)) s = arena_printf(&r->a, "%lld", (long long)json_integer_value(val));
        else if (json_is_boolean(val)) s = json_is_true(val) ? "1" : "0";
        else if (json_is_null(val)) s = NULL;
        else {
            field_err(fe, d->fields[i].name, "%s: tipe nilai tidak sah (harus teks, angka atau boolean)",
                      d->fields[i].label);
            continue;
        }
        rec_set(&r->a, d, v, i, s, fe);
    }
}

int web_validation_reply(req_t *r, resp_t *w, const field_errs_t *fe)
{
    (void)r;
    json_t *fields = json_object();
    for (int i = 0; i < fe->n; i++) json_object_set_new(fields, fe->e[i].field, json_string(fe->e[i].msg));
    resp_json(w, 422, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "validation", "message", fe->e[0].msg,
                                "fields", fields));
    return 0;
}

int api_wbp_create(req_t *r, resp_t *w)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    json_t *site = json_object_get(body, "site");
    if (site && !json_is_string(site)) {
        json_decref(body);
        return web_fail(r, 400, "bad_type", _("site harus berupa teks (kode lokasi)"));
    }
    int64_t site_id = web_pick_site(r, site ? json_string_value(site) : NULL);
    if (site_id < 0) {
        json_decref(body);
        return -1;
    }
    const char **v = arena_alloc(&r->a, sizeof(char *) * WF_COUNT);
    memset(v, 0, sizeof(char *) * WF_COUNT);
    field_errs_t fe = {0};
    web_json_to_values(r, &wbp_def, body, v, &fe);
    json_decref(body);
    char today[11];
    today_iso(today);
    rec_finish(&wbp_def, v, &fe);
    wbp_validate(v, today, &fe);
    if (fe.n) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    int64_t id = web_wbp_insert(r, site_id, v, &e);
    if (id < 0) {
        if (e.status == 409) return web_fail(r, 409, "conflict", _("nomor registrasi sudah dipakai di lokasi ini"));
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    rec_t rec;
    r->id = id;
    if (web_load_wbp(r, &rec) < 0) return -1;
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/wbp/%lld", (long long)id));
    resp_json(w, 201, wbp_to_api(&rec));
    return 0;
}

/* PATCH reads the record, merges the body and writes it inside one transaction,
 * so concurrent patches of different fields never undo each other. */
struct patch_ctx {
    req_t *r;
    json_t *body;
    field_errs_t fe;
    int64_t id;
};
static int do_patch(db_t *db, void *vc, err_t *e)
{
    struct patch_ctx *c = vc;
    req_t *r = c->r;
    rec_t rec;
    int rc = rec_load(db, e, &r->a, &wbp_def, r->user.id, c->id, &rec);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", "WBP dengan id %lld tidak ditemukan", (long long)c->id) : -1;
    const char **v = arena_alloc(&r->a, sizeof(char *) * WF_COUNT);
    memcpy(v, rec.v, sizeof(char *) * WF_COUNT);
    memset(&c->fe, 0, sizeof c->fe);
    web_json_to_values(r, &wbp_def, c->body, v, &c->fe);
    char today[11];
    today_iso(today);
    rec_finish(&wbp_def, v, &c->fe);
    wbp_validate(v, today, &c->fe);
    if (c->fe.n) return err_set(e, 422, "validation", "%s", c->fe.e[0].msg);
    return rec_update(db, e, &wbp_def, web_actor(r), &rec, v);
}

int api_wbp_patch(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    if (json_object_get(body, "site")) {
        json_decref(body);
        return web_fail(r, 400, "read_only", _("lokasi WBP tidak dapat diubah lewat PATCH (gunakan mutasi)"));
    }
    struct patch_ctx c = {r, body, {0}, rec.id};
    err_t e;
    err_clear(&e);
    int rc = db_tx(r->db, do_patch, &c, &e);
    json_decref(body);
    if (rc < 0) {
        if (c.fe.n) return web_validation_reply(r, w, &c.fe);
        if (e.status == 409) return web_fail(r, 409, "conflict", _("nomor registrasi sudah dipakai di lokasi ini"));
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    if (web_load_wbp(r, &rec) < 0) return -1;
    resp_json(w, 200, wbp_to_api(&rec));
    return 0;
}
