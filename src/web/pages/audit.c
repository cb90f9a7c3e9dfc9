/* audit.c — the audit log, read-only, paged, scoped to the user's sites. */
#include "../pages.h"

int page_audit(req_t *r, resp_t *w)
{
    int page = req_query_int(r, "page", 1, 1, 1000000), per = 50;
    const char *entity = req_query(r, "entity");
    if (entity && !*entity) entity = NULL;
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(r->db, &e,
                             "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json FROM audit_log "
                             "WHERE (site_id IN (SELECT site_id FROM user_site WHERE user_id = ?) OR "
                             "(site_id = 0 AND ? = 'admin')) AND (CAST(? AS TEXT) IS NULL OR entity = ?) "
                             "ORDER BY id DESC LIMIT ? OFFSET ?",
                             "itttii", r->user.id, r->user.role, entity, entity, (int64_t)per + 1,
                             (int64_t)(page - 1) * per);
    if (!st) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Log audit"));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/audit\"><div><label for=\"entity\">%s</label>"
         "<input id=\"entity\" name=\"entity\" value=\"%s\"></div><div><button type=\"submit\">%s</button>"
         "</div></form><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
         "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
         "</th></tr></thead><tbody>",
      _("Jenis data"), entity ? entity : "", _("Terapkan"), _("Waktu (UTC)"), _("Oleh"), _("Tindakan"), _("Data"), _("Sebelum"), _("Sesudah"));
    int n = 0, rc;
    while ((rc = db_step(st, &e)) == 1 && n < per) {
        n++;
        h(b, "<tr><td>%D</td><td>%s</td><td>%s</td><td>%s</td><td>%s #%D</td><td><code>%s</code></td>"
             "<td><code>%s</code></td></tr>",
          db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
          db_col_int(st, 5), db_col_text(st, 6), db_col_text(st, 7));
    }
    bool more = rc == 1;
    db_finalize(st);
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
