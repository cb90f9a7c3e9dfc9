/* transfer.c — an inmate transferred to another site (issue 26): the section on the
 * WBP page (the transfers made or scheduled, the form, and the training record at
 * every site, which the receiving site reads), POST /wbp/{id}/transfer with its
 * review step (issue 22: what the transfer ends and carries, then confirm=1), and
 * POST /api/v1/wbp/{id}/transfer ({to_site, date, note, confirm}: without confirm
 * the preview). The work is transfer_store.c's. */
#include "../web.h"
#include "../pages.h"
#include "../review.h"
#include "../../store/transfer_store.h"
#include "../../store/site_store.h"
#include "../../core/wbp.h"
#include "../../core/msg.h"
#include "../../core/enrolment.h"
#include <string.h>

/* An enrolment's status for people ("Placed"), or the stored code when unknown. */
static const char *enrol_status_text(const char *code)
{
    int s = code ? enrol_status_parse(code) : -1;
    return s < 0 ? (code && *code ? code : "-") : _(enrol_status_label((enrol_status_t)s));
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

struct site_opts {
    buf_t *b;
    const char *cur, *own;
};
static void site_option(const char *code, const char *name, const char *region, void *ctx)
{
    (void)region;
    struct site_opts *o = ctx;
    if (o->own && str_eq(code, o->own)) return;
    h(o->b, "<option value=\"%s\"%R>%s — %s</option>", code, o->cur && str_eq(o->cur, code) ? " selected" : "", code, name);
}

/* The transfer form with the values typed and the errors fe. */
static void transfer_form(req_t *r, buf_t *b, const rec_t *wbp, const char *to, const char *date, const char *note,
                          const field_errs_t *fe)
{
    const char *et = fe ? field_errs_for(fe, "to_site") : NULL;
    h(b, "<form method=\"post\" action=\"/wbp/%D/transfer\" class=\"filters\">", wbp->id);
    h_csrf(r, b);
    h_select_open(b, "tr-site", "to_site", _("Lokasi tujuan"), true, "required", et);
    h(b, "<option value=\"\">%s</option>", _("Pilih lokasi"));
    struct site_opts o = {b, to, wbp->site_code};
    err_t e;
    err_clear(&e);
    site_each(r->db, &e, site_option, &o);
    h_select_close(b, "tr-site", et);
    h_input(b, "tr-date", "date", _("Tanggal pemindahan"), true, "type=\"date\" required", date,
            fe ? field_errs_for(fe, "date") : NULL);
    h_input(b, "tr-note", "note", _("Catatan (dasar pemindahan)"), false, "maxlength=\"500\"", note,
            fe ? field_errs_for(fe, "note") : NULL);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Tinjau pemindahan"));
}

static const char *state_label(const char *s)
{
    return str_eq(s, "terjadwal") ? _("terjadwal") : _("berlaku");
}

void transfer_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    transfer_row_t *tr;
    int nt = 0;
    if (transfer_list(r->db, &e, &r->a, wbp->id, &tr, &nt) < 0) nt = 0;
    bool can_write = route_role_may(r->user.role, "POST", arena_printf(&r->a, "/wbp/%lld/transfer", (long long)wbp->id));
    bool scheduled = false;
    for (int i = 0; i < nt; i++)
        if (str_eq(tr[i].state, "terjadwal")) scheduled = true;
    history_enrolment_t *en;
    history_certificate_t *ce;
    int nen = 0, nce = 0;
    if (transfer_history(r->db, &e, &r->a, wbp->id, &en, &nen, &ce, &nce) < 0) nen = nce = 0;
    bool may_transfer = can_write && str_eq(wbp->v[WF_STATUS], "ditahan") && !scheduled;
    if (!nt && !may_transfer && !nen && !nce) return;
    h(b, "<h2 id=\"pindah\">%s</h2>", _("Pemindahan dan riwayat pelatihan"));
    if (nt) {
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Pemindahan"), _("Tanggal"), _("Dari"), _("Ke"), _("Keadaan"), _("Pelatihan diakhiri"), _("Premi dibawa"),
          _("Catatan"));
        for (int i = 0; i < nt; i++)
            h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td></tr>",
              fmt_date_id(&r->a, tr[i].transfer_date), tr[i].from_site, tr[i].to_site, state_label(tr[i].state),
              tr[i].enrolments_ended, fmt_rupiah(&r->a, tr[i].premi_carried), or_dash(tr[i].note));
        h(b, "</tbody></table>");
    }
    if (may_transfer) {
        h(b, "<details><summary>%s</summary><p>%s</p>", _("Pindahkan WBP ke lokasi lain"),
          _("Keikutsertaan pelatihan yang masih berjalan diakhiri (alasan: pindah), saldo premi dan riwayatnya dibawa ke "
            "lokasi tujuan, dan catatan pembinaan ikut pindah. Tanggal yang akan datang dijadwalkan."));
        char t[DATE_ISO_LEN];
        date_format(today_date(), t);
        transfer_form(r, b, wbp, NULL, t, NULL, NULL);
        h(b, "</details>");
    }
    if ((nen || nce) && route_role_may(r->user.role, "GET", arena_printf(&r->a, "/wbp/%lld/cv.pdf", (long long)wbp->id)))
        h(b, "<p><a href=\"/wbp/%D/cv.pdf\">%s</a></p>", wbp->id,
          _("Daftar riwayat keterampilan (CV) dari catatan pelatihan, PDF untuk dibawa pulang"));
    if (nen || nce) {
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Riwayat pelatihan di semua lokasi"), _("Lokasi"), _("PKS"), _("Program"), _("Keadaan"), _("Sejak"));
        for (int i = 0; i < nen; i++)
            h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s</td><td>%s</td></tr>", en[i].site, or_dash(en[i].agreement),
              or_dash(en[i].program), enrol_status_text(en[i].status), en[i].reason && *en[i].reason ? ": " : "",
              en[i].reason ? msg_text(&r->a, en[i].reason) : "", en[i].status_at ? arena_strndup(&r->a, en[i].status_at, 10) : "-");
        h(b, "</tbody></table>");
        if (nce) {
            h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
              _("Sertifikat"), _("Nomor"), _("Program"), _("Lokasi"), _("Terbit"));
            for (int i = 0; i < nce; i++)
                h(b, "<tr><td>%s%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", ce[i].number,
                  ce[i].revoked ? _(" (dicabut)") : "", or_dash(ce[i].program), ce[i].site, fmt_date_id(&r->a, ce[i].issued_on));
            h(b, "</tbody></table>");
        }
    }
}

/* The review of transfer t (made and rolled back). */
static void transfer_review(req_t *r, web_review_t *rv, const transfer_row_t *t)
{
    bool scheduled = str_eq(t->state, "terjadwal");
    review_init(rv, _("Tinjau pemindahan"),
                scheduled ? _("Pemindahan ini dijadwalkan: WBP tetap di lokasi ini sampai tanggalnya; pada tanggal itu "
                              "pelatihannya diakhiri dan saldo premi dibawa ke lokasi tujuan.")
                          : _("Pemindahan ini berlaku sekarang: WBP pindah ke lokasi tujuan, pelatihannya diakhiri dengan "
                              "alasan pindah, saldo premi dan riwayatnya dibawa. Tindakan ini tidak dapat dibatalkan."));
    review_int(rv, "wbp_id", _("Id WBP"), t->wbp_id);
    review_text(r, rv, "wbp", _("WBP"), wbp_ref_label(r, t->wbp_id));
    review_text(r, rv, "from_site", _("Dari"), t->from_site);
    review_text(r, rv, "to_site", _("Ke"), t->to_site);
    review_text(r, rv, "date", _("Tanggal pemindahan"), t->transfer_date);
    review_text(r, rv, "state", _("Keadaan"), scheduled ? _("terjadwal") : _("berlaku sekarang"));
    if (!scheduled) {
        review_int(rv, "enrolments_ended", _("Keikutsertaan pelatihan yang diakhiri"), t->enrolments_ended);
        review_money(rv, "premi_carried", _("Saldo premi yang dibawa"), t->premi_carried);
    }
}

int page_transfer(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const char *to = req_form(r, "to_site"), *date = req_form(r, "date"), *note = req_form(r, "note");
    bool confirmed = web_review_confirmed(r);
    field_errs_t fe = {0};
    transfer_row_t t;
    err_t e;
    err_clear(&e);
    int rc = transfer_create(r->db, &e, &r->a, web_actor(r), r->user.id, wbp.id, to, date, note, today_date(), !confirmed,
                             &fe, &t);
    if (rc < 0 && (e.status >= 500 || e.status == 404)) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (rc < 0 || fe.n) {
        /* the form again with what was typed and the reason beside it */
        web_form_again(r, w, _("Pemindahan tidak dicatat"), rc < 0 ? e.status : 422, &wbp, "#pindah", rc < 0 ? e.msg : NULL);
        transfer_form(r, &w->body, &wbp, to, date, note, &fe);
        return page_end(r, w);
    }
    if (!confirmed) {
        web_review_t rv;
        transfer_review(r, &rv, &t);
        return web_review_page(r, w, &rv, _("Ya, pindahkan WBP"), arena_printf(&r->a, "/wbp/%lld#pindah", (long long)wbp.id));
    }
    /* the inmate may now be out of this user's sites: the page says so instead of a 404 */
    page_begin(r, w, _("Pemindahan dicatat"));
    h(&w->body, "<p class=\"notice\" role=\"status\">%s</p>",
      str_eq(t.state, "terjadwal")
          ? arena_printf(&r->a, _("Pemindahan %s ke %s dijadwalkan pada %s."), wbp.v[WF_REGNO], t.to_site,
                         fmt_date_id(&r->a, t.transfer_date))
          : arena_printf(&r->a, _("%s dipindahkan ke %s: %d keikutsertaan pelatihan diakhiri, saldo premi %s dibawa."),
                         wbp.v[WF_REGNO], t.to_site, t.enrolments_ended, fmt_rupiah(&r->a, t.premi_carried)));
    h(&w->body, "<p><a href=\"/wbp/%D#pindah\">%s</a> · <a href=\"/wbp\">%s</a></p>", wbp.id, _("Data WBP"),
      _("Daftar WBP"));
    return page_end(r, w);
}

static json_t *transfer_json(const transfer_row_t *t)
{
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:i,s:I}", "id", (json_int_t)t->id, "wbp_id", (json_int_t)t->wbp_id,
                          "from_site", t->from_site ? t->from_site : "", "to_site", t->to_site ? t->to_site : "", "date",
                          t->transfer_date ? t->transfer_date : "", "state", t->state ? t->state : "", "enrolments_ended",
                          t->enrolments_ended, "premi_carried", (json_int_t)t->premi_carried);
    json_object_set_new(o, "note", t->note ? json_string(t->note) : json_null());
    return o;
}

int api_transfer(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    bool confirm;
    json_t *body = web_api_confirm_body(r, &confirm);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"to_site", "date", "note", NULL};
    web_json_only_members(r, body, allowed, &fe);
    const char *to = json_string_value(json_object_get(body, "to_site")), *date = json_string_value(json_object_get(body, "date")),
               *note = json_string_value(json_object_get(body, "note"));
    to = to ? arena_strdup(&r->a, to) : NULL;
    date = date ? arena_strdup(&r->a, date) : NULL;
    note = note ? arena_strdup(&r->a, note) : NULL;
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    transfer_row_t t;
    err_t e;
    err_clear(&e);
    if (transfer_create(r->db, &e, &r->a, web_actor(r), r->user.id, wbp.id, to, date, note, today_date(), !confirm, &fe, &t) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe.n) return web_validation_reply(r, w, &fe);
    if (!confirm) {
        web_review_t rv;
        transfer_review(r, &rv, &t);
        return web_review_json(r, w, &rv, NULL);
    }
    return resp_json(w, 201, transfer_json(&t));
}

int api_transfer_list(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    transfer_row_t *tr;
    int nt;
    history_enrolment_t *en;
    history_certificate_t *ce;
    int nen, nce;
    err_t e;
    err_clear(&e);
    if (transfer_list(r->db, &e, &r->a, wbp.id, &tr, &nt) < 0 ||
        transfer_history(r->db, &e, &r->a, wbp.id, &en, &nen, &ce, &nce) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array(), *ens = json_array(), *certs = json_array();
    for (int i = 0; i < nt; i++) json_array_append_new(items, transfer_json(&tr[i]));
    for (int i = 0; i < nen; i++) {
        json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)en[i].id, "site", en[i].site ? en[i].site : "", "status",
                              en[i].status ? en[i].status : "");
        json_object_set_new(o, "agreement", en[i].agreement ? json_string(en[i].agreement) : json_null());
        json_object_set_new(o, "program", en[i].program ? json_string(en[i].program) : json_null());
        json_object_set_new(o, "reason", en[i].reason ? json_string(msg_text(&r->a, en[i].reason)) : json_null());
        json_object_set_new(o, "withdraw_reason", en[i].withdraw_reason ? json_string(en[i].withdraw_reason) : json_null());
        json_object_set_new(o, "status_at", en[i].status_at ? json_string(en[i].status_at) : json_null());
        json_array_append_new(ens, o);
    }
    for (int i = 0; i < nce; i++)
        json_array_append_new(certs, json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)ce[i].id, "site",
                                               ce[i].site ? ce[i].site : "", "number", ce[i].number ? ce[i].number : "",
                                               "program", ce[i].program ? ce[i].program : "", "issued_on",
                                               ce[i].issued_on ? ce[i].issued_on : "", "revoked", ce[i].revoked));
    return resp_json(w, 200, json_pack("{s:I,s:o,s:o,s:o}", "wbp_id", (json_int_t)wbp.id, "items", items, "enrolments", ens,
                                       "certificates", certs));
}
