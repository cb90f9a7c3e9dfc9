/* settings.c — /settings (issue 22): every dated per-site setting with its
 * meaning (the row's note) and the date each value takes effect, the whole history,
 * and a form for an admin to add a new dated value (never an edit: a new row,
 * audited). A form that fails is shown again with what was typed and the message
 * beside the field. */
#include "../pages.h"
#include "../../store/settings.h"

static int settings_page(req_t *r, resp_t *w, const setting_new_t *in, const field_errs_t *fe, bool saved)
{
    err_t e;
    err_clear(&e);
    setting_row_t *rows;
    int n;
    if (settings_list(r->db, &e, &r->a, r->user.id, &rows, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe && fe->n) w->status = 422;
    page_begin(r, w, _("Pengaturan"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>",
      _("Setiap pengaturan berlaku mulai tanggalnya; nilai lama tetap tersimpan sebagai riwayat. Baris sebuah lokasi "
        "mengalahkan baris untuk semua lokasi. Perubahan dicatat di log audit."));
    if (saved) h(b, "<p class=\"notice\" role=\"status\">%s</p>", _("Pengaturan disimpan."));
    if (fe && fe->n) { /* a refused form: the messages up front, announced, then each beside its field */
        h(b, "<div class=\"error\" role=\"alert\"><p>%s</p><ul>", _("Periksa kembali isian berikut:"));
        for (int i = 0; i < fe->n; i++) h(b, "<li>%s</li>", fe->e[i].msg);
        h(b, "</ul></div>");
    }
    h(b, "<h2>%s</h2><form method=\"post\" action=\"/settings\">", _("Tambah nilai baru"));
    h_csrf(r, b);
    const char *msg;
    h(b, "<div class=\"field\"><label for=\"f-name\">%s *</label><select id=\"f-name\" name=\"name\">", _("Pengaturan"));
    for (int i = 0; i < n; i++)
        if (i == 0 || !str_eq(rows[i].name, rows[i - 1].name))
            h(b, "<option value=\"%s\"%R>%s</option>", rows[i].name,
              in && in->name && str_eq(in->name, rows[i].name) ? " selected" : "", rows[i].name);
    h(b, "</select>");
    if (fe && (msg = field_errs_for(fe, "name"))) h(b, "<p class=\"error\">%s</p>", msg);
    h(b, "</div><div class=\"field\"><label for=\"f-site\">%s</label><input id=\"f-site\" name=\"site\" value=\"%s\" "
         "placeholder=\"%s\">",
      _("Kode lokasi (kosong: semua lokasi)"), in && in->site_code ? in->site_code : "", "LPKTP");
    if (fe && (msg = field_errs_for(fe, "site"))) h(b, "<p class=\"error\">%s</p>", msg);
    h(b, "</div><div class=\"field\"><label for=\"f-from\">%s *</label><input id=\"f-from\" name=\"effective_from\" "
         "type=\"date\" value=\"%s\" required>",
      _("Berlaku mulai"), in && in->effective_from ? in->effective_from : "");
    if (fe && (msg = field_errs_for(fe, "effective_from"))) h(b, "<p class=\"error\">%s</p>", msg);
    h(b, "</div><div class=\"field\"><label for=\"f-value\">%s *</label><input id=\"f-value\" name=\"value\" "
         "value=\"%s\">",
      _("Nilai"), in && in->value ? in->value : "");
    if (fe && (msg = field_errs_for(fe, "value"))) h(b, "<p class=\"error\">%s</p>", msg);
    h(b, "</div><div class=\"field\"><label for=\"f-note\">%s</label><input id=\"f-note\" name=\"note\" value=\"%s\">"
         "</div><p><button type=\"submit\">%s</button></p></form>",
      _("Keterangan"), in && in->note ? in->note : "", _("Simpan"));
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Semua pengaturan dan riwayatnya"), _("Pengaturan"), _("Lokasi"), _("Berlaku mulai"), _("Nilai"),
      _("Arti"));
    for (int i = 0; i < n; i++)
        h(b, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", rows[i].name,
          rows[i].site_code[0] ? rows[i].site_code : _("semua"), fmt_date_id(&r->a, rows[i].effective_from),
          rows[i].value, rows[i].note);
    h(b, "</tbody></table>");
    return page_end(r, w);
}

int page_settings(req_t *r, resp_t *w)
{
    return settings_page(r, w, NULL, NULL, req_query(r, "saved") != NULL);
}

struct add_ctx {
    req_t *r;
    const setting_new_t *in;
    field_errs_t *fe;
};
static int add_tx(db_t *db, void *vc, err_t *e)
{
    struct add_ctx *c = vc;
    c->fe->n = 0;
    return setting_add(db, e, web_actor(c->r), c->r->user.id, c->in, c->fe);
}

int page_settings_add(req_t *r, resp_t *w)
{
    setting_new_t in = {req_form(r, "name"), req_form(r, "site"), req_form(r, "effective_from"), req_form(r, "value"),
                        req_form(r, "note")};
    field_errs_t fe = {0};
    err_t e;
    err_clear(&e);
    struct add_ctx c = {r, &in, &fe};
    if (db_tx(r->db, add_tx, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe.n) return settings_page(r, w, &in, &fe, false);
    resp_redirect(w, "/settings?saved=1");
    return 0;
}
