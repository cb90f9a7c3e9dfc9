/* audit.c — the audit log, read-only, paged, scoped to the user's sites. */
#include "../pages.h"

int page_audit(req_t *r, resp_t *w)
{
    int page = req_query_int(r, "page", 1, 1, 1000000), per = 50;
    const char *entity = req_query(r, "entity");
    if (entity && !*entity) entity = NULL;
    err_t e;
    err_clear(&e);
    audit_view_t *rows;
    int nrows;
    if (audit_page(r->db, &e, &r->a, r->user.id, r->user.role, entity, (int64_t)per + 1, (int64_t)(page - 1) * per,
                   &rows, &nrows) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Log audit"));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/audit\"><div><label for=\"entity\">%s</label>"
         "<input id=\"entity\" name=\"entity\" value=\"%s\"></div><div><button type=\"submit\">%s</button>"
         "</div></form><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
         "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
         "</th></tr></thead><tbody>",
      _("Jenis data"), entity ? entity : "", _("Terapkan"), _("Waktu (UTC)"), _("Oleh"), _("Tindakan"), _("Data"), _("Sebelum"), _("Sesudah"));
    for (int i = 0; i < nrows && i < per; i++) {
        const audit_view_t *x = &rows[i];
        h(b, "<tr><td>%D</td><td>%s</td><td>%s</td><td>%s</td><td>%s #%D</td><td><code>%s</code></td>"
             "<td><code>%s</code></td></tr>",
          x->id, x->at, x->user_name, x->action, x->entity, x->entity_id, x->before, x->after);
    }
    bool more = nrows > per;
    h(b, "</tbody></table><nav class=\"pager\" aria-label=\"%s\">",
      _("Halaman"));
    if (page > 1) h(b, "<a href=\"/audit?page=%d&amp;entity=%u\">%s</a>",
                    page - 1, entity ? entity : "", _("« Sebelumnya"));
    h(b, "<span>%s</span>", arena_printf(&r->a, _("Halaman %d"), page));

    if (more) h(b, "<a href=\"/audit?page=%d&amp;entity=%u\">%s</a>",
                page + 1, entity ? entity : "", _("Berikutnya »"));
    h(b, "</nav>");
    page_end(r, w);
    return 0;
}
