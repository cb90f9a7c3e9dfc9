/* datecorr.c — corrections of computed dates (issue 24): the kalapas (or admin)
 * records a correction of an inmate's expiry, 1/2 or 2/3 date with a coded reason,
 * the document it rests on and a note; every page that uses the date uses the
 * correction and says so (the eligibility computation applies it); it lapses by
 * itself when the inputs it corrected change, and this section says why. The
 * section on the WBP page, the form, the withdrawal and the API. Reasons are rule
 * data (rules/koreksi-tanggal-*.json). */
#include "../web.h"
#include "../pages.h"
#include "../../store/datecorr_store.h"
#include "../../store/wbp_store.h"
#include <string.h>

static const char *state_label(const char *state)
{
    if (str_eq(state, "berlaku")) return _("berlaku");
    if (str_eq(state, "gugur")) return _("gugur");
    return _("berakhir");
}

/* The form with the values typed (which, corrected_date, reason, document_ref, note,
 * decided_on) and the errors fe. */
static const char *const names[] = {"which", "corrected_date", "reason", "document_ref", "note", "decided_on", NULL};

static void corr_form(req_t *r, buf_t *b, int64_t wbp_id, const void *vrules, const char *const *v,
                      const field_errs_t *fe)
{
    const datecorr_rules_t *rules = vrules;
    const char *err[6], *id[6];
    for (int i = 0; i < 6; i++) {
        err[i] = fe ? field_errs_for(fe, names[i]) : NULL;
        id[i] = arena_printf(&r->a, "dc-%s", names[i]);
    }
    h(b, "<form method=\"post\" action=\"/wbp/%D/date-corrections\" class=\"filters\">", wbp_id);
    h_csrf(r, b);
    h_select_open(b, id[0], names[0], _("Tanggal yang dikoreksi"), true, NULL, err[0]);
    for (int k = 0; k < DC__COUNT; k++)
        h(b, "<option value=\"%s\"%R>%s</option>", datecorr_kind_code((datecorr_kind_t)k),
          v[0] && str_eq(v[0], datecorr_kind_code((datecorr_kind_t)k)) ? " selected" : "",
          datecorr_kind_label((datecorr_kind_t)k));
    h_select_close(b, id[0], err[0]);
    h_input(b, id[1], names[1], _("Tanggal koreksi"), true, "type=\"date\" required", v[1], err[1]);
    h_select_open(b, id[2], names[2], _("Alasan"), true, NULL, err[2]);
    h(b, "<option value=\"\">%s</option>", _("Pilih alasan"));
    for (int i = 0; i < rules->n; i++)
        h(b, "<option value=\"%s\"%R>%s</option>", rules->reasons[i].code,
          v[2] && str_eq(v[2], rules->reasons[i].code) ? " selected" : "", datecorr_label(&rules->reasons[i]));
    h_select_close(b, id[2], err[2]);
    h_input(b, id[3], names[3], _("Nomor dokumen dasar"), true, "maxlength=\"200\" required", v[3], err[3]);
    h_input(b, id[4], names[4], _("Catatan"), false, "maxlength=\"500\"", v[4], err[4]);
    h_input(b, id[5], names[5], _("Tanggal keputusan"), false, "type=\"date\"", v[5], err[5]);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Catat koreksi"));
}

void datecorr_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    buf_t *b = &w->body;
    date_t today = today_date();
    bool can_write =
        route_role_may(r->user.role, "POST", arena_printf(&r->a, "/wbp/%lld/date-corrections", (long long)wbp->id));
    err_t e;
    err_clear(&e);
    dc_item_t *items;
    int n = 0;
    if (dc_list(r->db, &e, &r->a, r->user.id, wbp->id, today, &items, &n) < 0) return;
    if (!n && !can_write) return;
    datecorr_rules_t rules;
    if (dc_rules(today, &rules, &e) < 0) return;
    h(b, "<h2 id=\"koreksi-tanggal\">%s</h2>", _("Koreksi tanggal"));
    for (int i = 0; i < n; i++) {
        const dc_item_t *it = &items[i];
        const char *const *v = it->rec.v;
        int k = datecorr_kind_parse(v[DCF_WHICH]);
        const char *what = k >= 0 ? datecorr_kind_label((datecorr_kind_t)k) : v[DCF_WHICH];
        if (str_eq(it->state, "berlaku"))
            h(b, "<p class=\"notice\" role=\"status\">%s</p>",
              arena_printf(&r->a, _("%s dikoreksi menjadi %s (hitungan Bekal %s): %s, dokumen %s."), what,
                           fmt_date_id(&r->a, v[DCF_CORRECTED]), fmt_date_id(&r->a, v[DCF_COMPUTED]), it->reason_label,
                           v[DCF_DOCUMENT]));
        else if (str_eq(it->state, "gugur"))
            h(b, "<p class=\"error\" role=\"alert\">%s</p>",
              arena_printf(&r->a, _("Koreksi %s menjadi %s gugur karena %s. Tanggal kembali ke hitungan Bekal; catat "
                                    "koreksi baru bila masih perlu."),
                           what, fmt_date_id(&r->a, v[DCF_CORRECTED]), it->cause ? it->cause : "-"));
    }
    if (n) {
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
             "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Riwayat koreksi tanggal"), _("Tanggal keputusan"), _("Tanggal yang dikoreksi"), _("Hitungan Bekal"),
          _("Tanggal koreksi"), _("Alasan"), _("Nomor dokumen dasar"), _("Catatan"), _("Keadaan"));
        for (int i = 0; i < n; i++) {
            const char *const *v = items[i].rec.v;
            int k = datecorr_kind_parse(v[DCF_WHICH]);
            const char *st = state_label(items[i].state);
            if (v[DCF_ENDED_ON])
                st = arena_printf(&r->a, "%s %s — %s", st, fmt_date_id(&r->a, v[DCF_ENDED_ON]),
                                  v[DCF_END_REASON] ? v[DCF_END_REASON] : "");
            else if (items[i].cause)
                st = arena_printf(&r->a, "%s: %s", st, items[i].cause);
            h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s",
              fmt_date_id(&r->a, v[DCF_DECIDED_ON]), k >= 0 ? datecorr_kind_label((datecorr_kind_t)k) : v[DCF_WHICH],
              fmt_date_id(&r->a, v[DCF_COMPUTED]), fmt_date_id(&r->a, v[DCF_CORRECTED]), items[i].reason_label,
              v[DCF_DOCUMENT], v[DCF_NOTE] ? v[DCF_NOTE] : "-", st);
            if (can_write && !v[DCF_ENDED_ON])
                web_end_form(r, b, "/date-corrections", "dc", items[i].rec.id, NULL, _("Cabut koreksi"));
            h(b, "</td></tr>");
        }
        h(b, "</tbody></table>");
    }
    if (can_write) {
        h(b, "<details><summary>%s</summary><p>%s</p>", _("Catat koreksi tanggal"),
          _("Bila tanggal hitungan Bekal keliru (misalnya SDP memuat koreksi putusan pengadilan yang datanya belum ada di "
            "Bekal), catat tanggal yang benar dengan alasan dan nomor dokumennya. Koreksi dipakai di semua halaman dan "
            "gugur sendiri bila data yang dikoreksinya berubah (remisi baru, masa pidana, tanggal mulai, subsider)."));
        char t[DATE_ISO_LEN];
        date_format(today, t);
        const char *v[6] = {NULL, NULL, NULL, NULL, NULL, t};
        corr_form(r, b, wbp->id, &rules, v, NULL);
        h(b, "</details>");
    }
}

static int create(req_t *r, err_t *e, int64_t wbp_id, const char *const *v, date_t today, field_errs_t *fe, int64_t *id)
{
    return dc_create(r->db, e, &r->a, web_actor(r), r->user.id, wbp_id, v[0], v[1], v[2], v[3], v[4], v[5], today, fe,
                     id);
}

static int rules_at(date_t today, void *out, err_t *e) { return dc_rules(today, out, e); }

static int reply_one(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status);

static const web_child_t datecorr_child = {
    .fields = names,
    .create = create,
    .title = N_("Koreksi tanggal tidak tersimpan"),
    .anchor = "koreksi-tanggal",
    .rules_size = sizeof(datecorr_rules_t),
    .rules = rules_at,
    .form = corr_form,
    .reply = reply_one,
};

int page_datecorr_create(req_t *r, resp_t *w) { return web_child_page_create(r, w, &datecorr_child); }

int page_datecorr_end(req_t *r, resp_t *w)
{
    return web_end_record(r, w, dc_end, "/date-corrections", "dc", _("Koreksi tidak dicabut"), _("Cabut koreksi"),
                          "koreksi-tanggal");
}

/* ---------------------------------------------------------------- API */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *item_json(const dc_item_t *it)
{
    const char *const *v = it->rec.v;
    json_t *o = json_pack("{s:I,s:I,s:s}", "id", (json_int_t)it->rec.id, "wbp_id", (json_int_t)it->rec.parent_id, "which",
                          v[DCF_WHICH]);
    static const int fields[] = {DCF_COMPUTED, DCF_CORRECTED, DCF_REASON, DCF_DOCUMENT, DCF_NOTE,
                                 DCF_INPUTS,   DCF_DECIDED_ON, DCF_ENDED_ON, DCF_END_REASON};
    for (size_t i = 0; i < ARRAY_LEN(fields); i++)
        json_object_set_new(o, datecorr_def.fields[fields[i]].name, str_or_null(v[fields[i]]));
    json_object_set_new(o, "reason_label", str_or_null(it->reason_label));
    json_object_set_new(o, "state", json_string(it->state));
    json_object_set_new(o, "lapse_cause", str_or_null(it->cause));
    return o;
}

static int reply_list(req_t *r, resp_t *w, int64_t wbp_id, int64_t one, int status)
{
    dc_item_t *items;
    int n;
    err_t e;
    err_clear(&e);
    if (dc_list(r->db, &e, &r->a, r->user.id, wbp_id, today_date(), &items, &n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        if (one && items[i].rec.id != one) continue;
        if (one) {
            resp_json(w, status, item_json(&items[i]));
            json_decref(arr);
            return 0;
        }
        json_array_append_new(arr, item_json(&items[i]));
    }
    if (one) {
        json_decref(arr);
        return web_fail(r, 500, "internal", "%s", _("koreksi tidak terbaca"));
    }
    return resp_json(w, status, json_pack("{s:I,s:o}", "wbp_id", (json_int_t)wbp_id, "items", arr));
}

int api_datecorr_list(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    return reply_list(r, w, wbp.id, 0, 200);
}

static int reply_one(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status)
{
    (void)today;
    return reply_list(r, w, wbp_id, id, status);
}

int api_datecorr_create(req_t *r, resp_t *w) { return web_child_api_create(r, w, &datecorr_child); }

int api_datecorr_end(req_t *r, resp_t *w)
{
    static const char *const allowed[] = {"reason", NULL};
    const char *reason;
    int rc;
    if (!web_json_read(r, w, allowed, &reason, &rc)) return rc;
    int64_t wbp_id;
    err_t e;
    err_clear(&e);
    if (dc_end(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, reason, today_date(), &wbp_id) < 0)
        return web_fail_field(r, w, &e, "reason");
    return reply_list(r, w, wbp_id, r->id, 200);
}
