/* search.c — the global search of the header (issue 25): one box for a name, a
 * registration number, a certificate number or an agreement (PKS) number; the
 * results page lists the matches of each kind, each scoped like its own list
 * (the inmates a role may see, the sites of the user) and shown only to the roles
 * that may open that list. Reads through the lists' own store functions. */
#include "../pages.h"
#include "../../core/program.h"
#include "../../store/cert_store.h"
#include <string.h>

#define SEARCH_ROWS 20

static void more_link(buf_t *b, const char *base, const char *q, int64_t total, int shown)
{
    if (total > shown)
        h(b, "<p><a href=\"%R?q=%u\">%s</a></p>", base, q,
          _("Lihat semua hasil di daftarnya"));
}

/* One kind's matches on the results page: the heading with their total, then "none"
 * or a table of the rows' three cells (the first a link to base/id), and the link to
 * the full list when not all are shown. */
typedef struct {
    const char *anchor, *title, *none, *base;
    const char *head[3];
} kind_t;
typedef struct {
    int64_t id;
    const char *cell[3];
} hit_t;

static void write_hits(buf_t *b, const kind_t *k, const char *q, int64_t total, const hit_t *hits, int n, int *found)
{
    h(b, "<h2 id=\"%s\">%s (%D)</h2>", k->anchor, k->title, total);
    *found += n;
    if (!n) {
        h(b, "<p>%s</p>", k->none);
        return;
    }
    h(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "</tr></thead><tbody>",
      k->head[0], k->head[1], k->head[2]);
    for (int i = 0; i < n; i++)
        h(b, "<tr><td><a href=\"%R/%D\">%s</a></td><td>%s</td><td>%s</td></tr>", k->base, hits[i].id, hits[i].cell[0],
          hits[i].cell[1], hits[i].cell[2]);
    h(b, "</tbody></table></div>");
    more_link(b, k->base, q, total, n);
}

static int wbp_section(req_t *r, buf_t *b, const char *q, int *found)
{
    if (!route_role_may(r->user.role, "GET", "/wbp")) return 0;
    wbp_filter_t f = {.q = q, .page = 1, .per_page = SEARCH_ROWS, .brief = true, .sort = "name"};
    wbp_page_t pg;
    err_t e;
    err_clear(&e);
    if (wbp_list(r->db, &e, &r->a, r->user.id, &f, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    hit_t *hits = arena_alloc(&r->a, sizeof *hits * (size_t)(pg.n + 1));
    for (int i = 0; i < pg.n; i++)
        hits[i] = (hit_t){pg.rows[i].id, {pg.rows[i].v[WF_REGNO], pg.rows[i].v[WF_NAME], pg.rows[i].site_code}};
    const kind_t k = {"hasil-wbp", _("WBP"), _("Tidak ada WBP yang cocok."), "/wbp",
                      {_("Nomor registrasi"), _("Nama"), _("Lokasi")}};
    write_hits(b, &k, q, pg.total, hits, pg.n, found);
    return 0;
}

static int cert_section(req_t *r, buf_t *b, const char *q, int *found)
{
    if (!route_role_may(r->user.role, "GET", "/certificates")) return 0;
    cert_query_t cq = {.q = q, .page = 1, .per_page = SEARCH_ROWS};
    cert_t *c;
    int n;
    int64_t total;
    err_t e;
    err_clear(&e);
    if (cert_list(r->db, &e, &r->a, r->user.id, &cq, &c, &n, &total) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    hit_t *hits = arena_alloc(&r->a, sizeof *hits * (size_t)(n + 1));
    for (int i = 0; i < n; i++) hits[i] = (hit_t){c[i].id, {c[i].number, c[i].holder_name, c[i].trade_name}};
    const kind_t k = {"hasil-sertifikat", _("Sertifikat"), _("Tidak ada sertifikat yang cocok."), "/certificates",
                      {_("Nomor sertifikat"), _("Pemegang"), _("Kejuruan")}};
    write_hits(b, &k, q, total, hits, n, found);
    return 0;
}

static int pks_section(req_t *r, buf_t *b, const char *q, int *found)
{
    if (!route_role_may(r->user.role, "GET", "/agreements")) return 0;
    static const int fields[] = {AGF_NUMBER_SITE, AGF_NUMBER_PARTNER, AGF_TITLE, -1};
    rec_query_t rq;
    memset(&rq, 0, sizeof rq);
    rq.q = q, rq.search = fields, rq.sort = AGF_VALID_TO, rq.desc = true, rq.page = 1, rq.per_page = SEARCH_ROWS;
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    if (rec_list(r->db, &e, &r->a, &agreement_def, r->user.id, &rq, &pg) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    hit_t *hits = arena_alloc(&r->a, sizeof *hits * (size_t)(pg.n + 1));
    for (int i = 0; i < pg.n; i++)
        hits[i] = (hit_t){pg.rows[i].id,
                          {pg.rows[i].v[AGF_NUMBER_SITE], pg.rows[i].v[AGF_TITLE],
                           fmt_date_id(&r->a, pg.rows[i].v[AGF_VALID_TO])}};
    const kind_t k = {"hasil-pks", _("PKS"), _("Tidak ada PKS yang cocok."), "/agreements",
                      {_("Nomor PKS"), _("Judul"), _("Berlaku sampai")}};
    write_hits(b, &k, q, pg.total, hits, pg.n, found);
    return 0;
}

/* GET /search?q=: the matches of each kind the role may list. */
int page_search(req_t *r, resp_t *w)
{
    const char *q = req_query(r, "q");
    while (q && (*q == ' ' || *q == '\t')) q++;
    if (q && strlen(q) > 100) return web_fail(r, 400, "bad_query", "%s", _("Kata pencarian terlalu panjang (maksimal 100 karakter)"));
    buf_t res;
    buf_init(&res);
    int found = 0;
    if (q && *q && (wbp_section(r, &res, q, &found) < 0 || cert_section(r, &res, q, &found) < 0 ||
                    pks_section(r, &res, q, &found) < 0)) {
        buf_release(&res);
        return -1;
    }
    page_begin(r, w, _("Pencarian"));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/search\" role=\"search\"><div><label for=\"q-cari\">%s</label>"
         "<input type=\"search\" id=\"q-cari\" name=\"q\" value=\"%s\" maxlength=\"100\"></div><div><button type=\"submit\">%s"
         "</button></div></form>",
      _("Nama, nomor registrasi, nomor sertifikat atau nomor PKS"), q ? q : "", _("Cari"));
    if (q && *q) {
        if (!found) h(b, "<p role=\"status\">%s</p>", arena_printf(&r->a, _("Tidak ada yang cocok dengan \"%s\"."), q));
        if (res.len) buf_append(b, res.data, res.len);
    }
    buf_release(&res);
    return page_end(r, w);
}
