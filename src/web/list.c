/* list.c — the one reader and writer of a list page's parameters (issue 25): search
 * text q, sort (a key from the page's whitelist), dir (asc/desc), page and per_page;
 * links that keep every other parameter of the current query (so paging keeps the
 * search, the sort and the filters, without JavaScript), sortable column headings,
 * and the pager. Used by the generic entity lists, the WBP register, the screening
 * and the certificate list; print views and exports take the same parameters. */
#include "web.h"
#include "../store/records.h"
#include <string.h>

int web_list_params(req_t *r, const char *const *keys, int nkeys, int def_sort, bool def_desc, web_list_t *p)
{
    memset(p, 0, sizeof *p);
    p->q = req_query(r, "q");
    if (p->q && strlen(p->q) > 100) return web_fail(r, 400, "bad_query", "%s", _("kata pencarian terlalu panjang (maks. 100)"));
    if (p->q && !*p->q) p->q = NULL;
    p->sort = def_sort;
    p->desc = def_desc;
    p->sorted = false;
    const char *sort = req_query(r, "sort");
    for (int i = 0; sort && *sort && i < nkeys; i++)
        if (keys[i] && str_eq(sort, keys[i])) p->sort = i, p->desc = false, p->sorted = true;
    const char *dir = req_query(r, "dir");
    if (str_eq(dir, "desc")) p->desc = true;
    else if (str_eq(dir, "asc")) p->desc = false;
    p->page = req_query_int(r, "page", 1, 1, 1000000);
    p->per_page = req_query_int(r, "per_page", 50, 1, 200);
    return 0;
}

int web_query_site(req_t *r, int64_t *site_id)
{
    const char *site = req_query(r, "site");
    if (!site || !*site) return 0;
    err_t e;
    err_clear(&e);
    int64_t sid = site_id_by_code(r->db, &e, site);
    if (sid < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    *site_id = sid ? sid : -1; /* an unknown code matches nothing */
    return 0;
}

void web_site_select(req_t *r, buf_t *b, const site_list_t *sites)
{
    if (sites->n <= 1) return;
    const char *cur = req_query(r, "site");
    h(b, "<div><label for=\"site\">%s</label><select id=\"site\" name=\"site\"><option value=\"\">%s</option>",
      _("Lokasi"), _("Semua"));
    for (int i = 0; i < sites->n; i++)
        h(b, "<option value=\"%s\"%R>%s</option>", sites->code[i], str_eq(cur, sites->code[i]) ? " selected" : "",
          sites->name[i]);
    h(b, "</select></div>");
}

void web_site_field(buf_t *b, const site_list_t *sites, int64_t site_id, const char *site_code)
{
    h(b, "<div class=\"field\"><label for=\"f-site\">%s</label><select id=\"f-site\" name=\"site\">",
      _("Lokasi (Lapas)"));
    for (int i = 0; i < sites->n; i++) {
        bool sel = sites->id[i] == site_id || (site_code && str_eq(site_code, sites->code[i]));
        h(b, "<option value=\"%s\"%R>%s</option>", sites->code[i], sel ? " selected" : "", sites->name[i]);
    }
    h(b, "</select></div>");
}

const char *web_list_link(req_t *r, const char *base, const char *key, const char *val)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, base);
    buf_putc(&b, '?');
    bool restart = str_eq(key, "sort") || str_eq(key, "q");
    for (int i = 0; i < r->query.n; i++) {
        const char *k = r->query.kv[i].k, *v = r->query.kv[i].v;
        if (str_eq(k, key) || (restart && str_eq(k, "page")) || (str_eq(key, "sort") && str_eq(k, "dir"))) continue;
        if (v && *v) h(&b, "%u=%u&", k, v);
    }
    if (val && *val) h(&b, "%u=%u&", key, val);
    b.data[--b.len] = 0;
    char *s = arena_strdup(&r->a, b.data);
    buf_release(&b);
    return s;
}

void web_sort_th(req_t *r, buf_t *b, const char *base, const char *key, const char *label, bool cur, bool desc)
{
    if (!key) {
        h(b, "<th scope=\"col\">%s</th>", label);
        return;
    }
    const char *link = web_list_link(r, base, "sort", key);
    /* the current column's link turns the order round; another column starts ascending */
    if (cur) link = arena_printf(&r->a, "%s%sdir=%s", link, strchr(link, '?')[1] ? "&" : "", desc ? "asc" : "desc");
    h(b, "<th scope=\"col\"%R><a href=\"%s\">%s%R</a></th>",
      cur ? (desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : "", link, label,
      cur ? (desc ? " ▼" : " ▲") : "");
}

void web_pager(req_t *r, buf_t *b, const char *base, int page, int64_t total, int per)
{
    if (per < 1) per = 50;
    int pages = (int)((total + per - 1) / per);
    if (pages < 1) pages = 1;
    h(b, "<nav class=\"pager\" aria-label=\"%s\">", _("Halaman"));
    if (page > 1)
        h(b, "<a href=\"%s\" rel=\"prev\">%s</a>", web_list_link(r, base, "page", arena_printf(&r->a, "%d", page - 1)),
          _("« Sebelumnya"));
    h(b, "<span>%s</span>", arena_printf(&r->a, _("Halaman %d dari %d"), page, pages));
    if (page < pages)
        h(b, "<a href=\"%s\" rel=\"next\">%s</a>", web_list_link(r, base, "page", arena_printf(&r->a, "%d", page + 1)),
          _("Berikutnya »"));
    h(b, "</nav>");
}
