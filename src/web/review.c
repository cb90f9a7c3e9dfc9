/* review.c — the review step before an act that is hard to undo (issue 22): one
 * description of the change (review.h) rendered as a page with a confirming form,
 * or as the API's preview. Every page and API handler of such an act uses it. */
#include "review.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void review_init(web_review_t *rv, const char *title, const char *lead)
{
    memset(rv, 0, sizeof *rv);
    rv->title = title, rv->lead = lead;
    err_clear(&rv->refusal);
}

static review_item_t *item_add(web_review_t *rv, const char *key, const char *label, int kind)
{
    if (rv->nitem == REVIEW_ITEMS) return NULL;
    review_item_t *it = &rv->item[rv->nitem++];
    it->key = key, it->label = label, it->kind = kind, it->text = NULL, it->num = 0;
    return it;
}

void review_text(req_t *r, web_review_t *rv, const char *key, const char *label, const char *text)
{
    review_item_t *it = item_add(rv, key, label, RV_TEXT);
    if (it) it->text = arena_strdup(&r->a, text ? text : "");
}

void review_int(web_review_t *rv, const char *key, const char *label, int64_t v)
{
    review_item_t *it = item_add(rv, key, label, RV_INT);
    if (it) it->num = v;
}

void review_money(web_review_t *rv, const char *key, const char *label, int64_t v)
{
    review_item_t *it = item_add(rv, key, label, RV_MONEY);
    if (it) it->num = v;
}

void review_table(web_review_t *rv, const char *key, const char *caption, int ncol, const char *const *keys,
                  const char *const *labels, const int *kinds)
{
    rv->table_key = key, rv->table_caption = caption;
    rv->ncol = ncol > REVIEW_COLS ? REVIEW_COLS : ncol;
    for (int i = 0; i < rv->ncol; i++) {
        rv->col_key[i] = keys[i], rv->col_label[i] = labels[i];
        rv->col_kind[i] = kinds ? kinds[i] : RV_TEXT;
    }
    rv->nrow = rv->caprow = 0;
    rv->cell = NULL;
}

void review_row(req_t *r, web_review_t *rv, ...)
{
    if (!rv->ncol) return;
    if (rv->nrow == rv->caprow) {
        int cap = rv->caprow ? rv->caprow * 2 : 16;
        const char **n = arena_alloc(&r->a, sizeof(char *) * (size_t)cap * (size_t)rv->ncol);
        if (rv->nrow) memcpy(n, rv->cell, sizeof(char *) * (size_t)rv->nrow * (size_t)rv->ncol);
        rv->cell = n, rv->caprow = cap;
    }
    va_list ap;
    va_start(ap, rv);
    for (int i = 0; i < rv->ncol; i++) {
        const char *s = va_arg(ap, const char *);
        rv->cell[rv->nrow * rv->ncol + i] = arena_strdup(&r->a, s ? s : "");
    }
    va_end(ap);
    rv->nrow++;
}

void review_refuse(web_review_t *rv, const err_t *e) { rv->refusal = *e; }

int review_dry_run(req_t *r, web_review_t *rv, db_tx_fn fn, void *ctx)
{
    err_t e;
    err_clear(&e);
    if (db_dry_run(r->db, fn, ctx, &e) == 0) return 1;
    if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
    review_refuse(rv, &e);
    return 0;
}

bool web_review_confirmed(req_t *r) { return str_eq(req_form(r, "confirm"), "1"); }

static const char *item_text(req_t *r, const review_item_t *it)
{
    if (it->kind == RV_MONEY) return fmt_rupiah(&r->a, it->num);
    if (it->kind == RV_INT) return arena_printf(&r->a, "%lld", (long long)it->num);
    return it->text;
}

int web_review_page(req_t *r, resp_t *w, const web_review_t *rv, const char *button, const char *cancel)
{
    bool refused = rv->refusal.status >= 400;
    if (refused) w->status = rv->refusal.status;
    page_begin(r, w, rv->title);
    buf_t *b = &w->body;
    if (refused) h(b, "<p class=\"error\" role=\"alert\">%s</p>", rv->refusal.msg);
    else h(b, "<p class=\"notice\" role=\"status\">%s</p>",
           _("Periksa dulu: belum ada yang berubah. Perubahan baru disimpan setelah Anda mengonfirmasi."));
    if (rv->lead) h(b, "<p>%s</p>", rv->lead);
    if (rv->nitem) {
        h(b, "<dl class=\"kv review\">");
        for (int i = 0; i < rv->nitem; i++)
            h(b, "<dt>%s</dt><dd>%s</dd>", rv->item[i].label, item_text(r, &rv->item[i]));
        h(b, "</dl>");
    }
    if (rv->ncol) {
        h(b, "<table class=\"review\">");
        if (rv->table_caption) h(b, "<caption>%s</caption>", rv->table_caption);
        h(b, "<thead><tr>");
        for (int c = 0; c < rv->ncol; c++) h(b, "<th scope=\"col\">%s</th>", rv->col_label[c]);
        h(b, "</tr></thead><tbody>");
        for (int i = 0; i < rv->nrow; i++) {
            h(b, "<tr>");
            for (int c = 0; c < rv->ncol; c++) {
                const char *s = rv->cell[i * rv->ncol + c];
                if (rv->col_kind[c] == RV_MONEY) s = fmt_rupiah(&r->a, strtoll(s, NULL, 10));
                h(b, "<td>%s</td>", s);
            }
            h(b, "</tr>");
        }
        if (!rv->nrow) h(b, "<tr><td colspan=\"%d\">%s</td></tr>", rv->ncol, _("Tidak ada."));
        h(b, "</tbody></table>");
    }
    if (refused) {
        h(b, "<p><a class=\"button\" href=\"%s\">%s</a></p>", cancel, _("Kembali dan perbaiki"));
        return page_end(r, w);
    }
    /* the same values go back with the confirmation: what was reviewed is what is done */
    h(b, "<form method=\"post\" action=\"%s\" class=\"big\">", r->path);
    h_csrf(r, b);
    for (int i = 0; i < r->form.n; i++) {
        const kv_t *kv = &r->form.kv[i];
        if (str_eq(kv->k, "_csrf") || str_eq(kv->k, "confirm")) continue;
        h(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", kv->k, kv->v);
    }
    h(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">%s</button> "
         "<a href=\"%s\">%s</a></form>",
      button, cancel, _("Batal"));
    return page_end(r, w);
}

const char *web_review_edit_url(req_t *r, const char *base)
{
    buf_t u;
    buf_init(&u);
    buf_puts(&u, base);
    char sep = '?';
    for (int i = 0; i < r->form.n; i++) {
        const kv_t *kv = &r->form.kv[i];
        if (str_eq(kv->k, "_csrf") || str_eq(kv->k, "confirm") || !kv->v || !*kv->v) continue;
        buf_putc(&u, sep);
        h(&u, "%u=%u", kv->k, kv->v);
        sep = '&';
    }
    const char *s = arena_strdup(&r->a, u.data);
    buf_release(&u);
    return s;
}

int web_api_confirm(req_t *r, json_t *body, bool *confirm)
{
    json_t *c = json_object_get(body, "confirm");
    *confirm = false;
    if (!c) return 0;
    if (!json_is_boolean(c)) return web_fail(r, 400, "bad_type", "%s", _("confirm harus true atau false"));
    *confirm = json_is_true(c);
    json_object_del(body, "confirm");
    return 0;
}

json_t *web_api_confirm_body(req_t *r, bool *confirm)
{
    json_t *body = req_json(r);
    *confirm = false;
    if (body && web_api_confirm(r, body, confirm) < 0) {
        json_decref(body);
        return NULL;
    }
    return body;
}

int web_review_json(req_t *r, resp_t *w, const web_review_t *rv, json_t *extra)
{
    if (rv->refusal.status >= 400) {
        json_decref(extra);
        return web_fail(r, rv->refusal.status, rv->refusal.code, "%s", rv->refusal.msg);
    }
    json_t *p = json_object();
    for (int i = 0; i < rv->nitem; i++) {
        const review_item_t *it = &rv->item[i];
        json_object_set_new(p, it->key, it->kind == RV_TEXT ? json_string(it->text) : json_integer(it->num));
    }
    if (rv->ncol) {
        json_t *arr = json_array();
        for (int i = 0; i < rv->nrow; i++) {
            json_t *o = json_object();
            for (int c = 0; c < rv->ncol; c++) {
                const char *s = rv->cell[i * rv->ncol + c];
                json_object_set_new(o, rv->col_key[c],
                                    rv->col_kind[c] == RV_TEXT ? json_string(s) : json_integer(strtoll(s, NULL, 10)));
            }
            json_array_append_new(arr, o);
        }
        json_object_set_new(p, rv->table_key, arr);
    }
    if (extra) {
        json_object_update(p, extra);
        json_decref(extra);
    }
    return resp_json(w, 200, json_pack("{s:b, s:b, s:s, s:o}", "applied", 0, "confirm_required", 1, "action", rv->title,
                                       "preview", p));
}
