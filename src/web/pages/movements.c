/* movements.c — the daily movement list of training outside the walls (issue 26):
 * GET /movements?date=&site= (the gate's document: every session held outside on the
 * date, its place, escort officers, participants with departure and return, a check
 * box per person, late people flagged; printable, CSS hides the forms), its PDF
 * GET /movements.pdf, recording the departure of a session's participants
 * (POST /sessions/{id}/depart: escort, time) and a person's return
 * (POST /sessions/{id}/return: wbp_id, time), and the API: GET /api/v1/movements,
 * POST /api/v1/sessions/{id}/depart and /return. The work is movement_store.c's. */
#include "../web.h"
#include "../pages.h"
#include "../../report/table.h"
#include "../../store/movement_store.h"
#include "../../store/wbp_store.h"
#include "../../util/i18n.h"
#include <string.h>

/* The list prints as the gate's document: the menu, filters and forms are left out. */
const char movement_css[] = "tr.late td{background:#fde8ec}.checkbox{font-size:20px}form.inline{display:inline}"
                            "@media print{header,nav,footer,.noprint,.skip{display:none!important}"
                            "section.movement{break-inside:avoid}}";

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }
/* "HH:MM" of a local time "YYYY-MM-DD HH:MM" ("-" when none). */
static const char *hhmm(const char *t) { return t && strlen(t) >= 16 ? t + 11 : "-"; }

/* ?date= (default today) and ?site=CODE (one of the user's sites; another code: none). */
static int list_params(req_t *r, char date[11], int64_t *site_id)
{
    const char *d = req_query(r, "date");
    date_t dt;
    if (d && *d) {
        if (!date_parse(d, &dt)) return web_fail(r, 400, "bad_query", "%s", _("date harus tanggal YYYY-MM-DD"));
    } else {
        dt = today_date();
    }
    date_format(dt, date);
    *site_id = 0;
    const char *s = req_query(r, "site");
    if (s && *s) {
        err_t e;
        err_clear(&e);
        site_list_t sites;
        *site_id = -1;
        if (site_list_for(r->db, &e, &r->a, r->user.id, &sites) == 0)
            for (int i = 0; i < sites.n; i++)
                if (str_eq(sites.code[i], s)) *site_id = sites.id[i];
    }
    return 0;
}

/* The list the request asks for (?date=, ?site=): its date, site and local "now", and
 * the sessions. */
typedef struct {
    char date[11], now[17];
    int64_t site_id;
    mv_session_t *ss;
    int n;
} mv_list_t;

/* Reads the list into l. 0, or -1 with r->err. */
static int load(req_t *r, mv_list_t *l)
{
    if (list_params(r, l->date, &l->site_id) < 0) return -1;
    err_t e;
    err_clear(&e);
    movement_now_local(r->db, l->site_id > 0 ? l->site_id : 0, l->now);
    if (movement_list(r->db, &e, &r->a, r->user.id, l->site_id, l->date, l->now, &l->ss, &l->n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_movements(req_t *r, resp_t *w)
{
    mv_list_t l;
    if (load(r, &l) < 0) return -1;
    page_begin(r, w, _("Daftar keluar-masuk pelatihan di luar tembok"));
    buf_t *b = &w->body;
    h(b, "<form method=\"get\" action=\"/movements\" class=\"filters noprint\"><div><label for=\"mv-date\">%s</label>"
         "<input id=\"mv-date\" name=\"date\" type=\"date\" value=\"%s\"></div><div><button type=\"submit\">%s</button>"
         "</div></form>",
      _("Tanggal"), l.date, _("Tampilkan"));
    h(b, "<p>%s: <strong>%s</strong>. %s <a class=\"noprint\" href=\"/movements.pdf?date=%u\">%s</a></p>", _("Tanggal"),
      fmt_date_id(&r->a, l.date), _("Cetak halaman ini atau unduh dokumen pintu utama:"), l.date, _("PDF"));
    int late = 0;
    for (int i = 0; i < l.n; i++) late += l.ss[i].nlate;
    if (late)
        h(b, "<p class=\"error\" role=\"alert\">%s</p>",
          arena_printf(&r->a, _("%d orang terlambat kembali (belum kembali saat sesi berakhir, atau kembali sesudahnya)."),
                       late));
    if (!l.n) h(b, "<p>%s</p>", _("Tidak ada sesi pelatihan di luar tembok pada tanggal ini."));
    bool can = false;
    if (l.n) can = route_role_may(r->user.role, "POST", arena_printf(&r->a, "/sessions/%lld/depart", (long long)l.ss[0].session_id));
    for (int i = 0; i < l.n; i++) {
        mv_session_t *s = &l.ss[i];
        h(b, "<section class=\"movement\" id=\"sesi-%D\"><h2>%s — %s–%s</h2><p>%s: %s · %s: %s · %s: %s</p>", s->session_id,
          s->program, s->start_time, s->end_time, _("Tempat"), or_dash(s->place), _("Petugas pengawal"), or_dash(s->escort),
          _("Lokasi"), s->site_code);
        h(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>%R</tr>"
             "</thead><tbody>",
          _("No"), _("No. registrasi"), _("Nama"), _("Berangkat"), _("Kembali"), _("Keterangan"), _("Periksa"),
          can ? "<th scope=\"col\" class=\"noprint\"></th>" : "");
        for (int k = 0; k < s->npeople; k++) {
            mv_person_t *p = &s->people[k];
            h(b, "<tr%R><td>%d</td><td>%s</td><td><a href=\"/wbp/%D\">%s</a></td><td>%s</td><td>%s</td><td>",
              p->late ? " class=\"late\"" : "", k + 1, p->regno, p->wbp_id, p->name, hhmm(p->departed_at),
              hhmm(p->returned_at));
            if (p->late) h(b, "<strong class=\"error\">%s</strong>", _("Terlambat"));
            h(b, "</td><td><span class=\"checkbox\" role=\"img\" aria-label=\"%s\">&#9744;</span></td>", _("diperiksa petugas"));
            if (can) {
                h(b, "<td class=\"noprint\">");
                if (p->departed_at && !p->returned_at) {
                    h(b, "<form method=\"post\" action=\"/sessions/%D/return\" class=\"inline\">", s->session_id);
                    h_csrf(r, b);
                    h(b, "<input type=\"hidden\" name=\"wbp_id\" value=\"%D\"><input id=\"ret-%D-%D\" name=\"time\" "
                         "type=\"time\" aria-label=\"%s\"> <button type=\"submit\">%s</button></form>",
                      p->wbp_id, s->session_id, p->wbp_id, arena_printf(&r->a, "%s: %s", _("Jam kembali (kosong: sekarang)"), p->name),
                      _("Catat kembali"));
                }
                h(b, "</td>");
            }
            h(b, "</tr>");
        }
        h(b, "</tbody></table></div>");
        bool anyone_in = false;
        for (int k = 0; k < s->npeople; k++)
            if (!s->people[k].departed_at) anyone_in = true;
        if (can && anyone_in) {
            h(b, "<form method=\"post\" action=\"/sessions/%D/depart\" class=\"filters noprint\">", s->session_id);
            h_csrf(r, b);
            h(b, "<div><label for=\"esc-%D\">%s *</label><input id=\"esc-%D\" name=\"escort\" required maxlength=\"300\" "
                 "value=\"%s\"></div><div><label for=\"dep-%D\">%s</label><input id=\"dep-%D\" name=\"time\" "
                 "type=\"time\"></div><div><button type=\"submit\">%s</button></div></form>",
              s->session_id, _("Petugas pengawal"), s->session_id, s->escort ? s->escort : "", s->session_id,
              _("Jam berangkat (kosong: sekarang)"), s->session_id, _("Catat keberangkatan peserta yang belum berangkat"));
        }
        h(b, "</section>");
    }
    return page_end(r, w);
}

int page_movements_pdf(req_t *r, resp_t *w)
{
    mv_list_t l;
    if (load(r, &l) < 0) return -1;
    report_t *rep = report_new(_("DAFTAR KELUAR-MASUK PELATIHAN DI LUAR TEMBOK"));
    report_set_subtitle(rep, arena_printf(&r->a, "%s %s", _("Tanggal"), fmt_date_id(&r->a, l.date)));
    static const rep_col_t cols[] = {{N_("No"), REP_INT, false},      {N_("No. registrasi"), REP_TEXT, false},
                                     {N_("Nama"), REP_TEXT, false},   {N_("Berangkat"), REP_TEXT, false},
                                     {N_("Kembali"), REP_TEXT, false}, {N_("Keterangan"), REP_TEXT, false},
                                     {N_("Periksa"), REP_TEXT, false}};
    rep_col_t tc[ARRAY_LEN(cols)];
    for (size_t i = 0; i < ARRAY_LEN(cols); i++) tc[i] = cols[i], tc[i].title = _(cols[i].title);
    for (int i = 0; i < l.n; i++) {
        mv_session_t *s = &l.ss[i];
        rep_table_t *t = report_add_table(
            rep,
            arena_printf(&r->a, "%s, %s–%s; %s: %s; %s: %s (%s)", s->program, s->start_time, s->end_time, _("tempat"),
                         or_dash(s->place), _("pengawal"), or_dash(s->escort), s->site_code),
            tc, (int)ARRAY_LEN(tc));
        for (int k = 0; k < s->npeople; k++) {
            mv_person_t *p = &s->people[k];
            rep_row(t);
            rep_int(t, k + 1);
            rep_text(t, p->regno);
            rep_text(t, p->name);
            rep_text(t, hhmm(p->departed_at));
            rep_text(t, hhmm(p->returned_at));
            rep_text(t, p->late ? _("Terlambat") : "");
            rep_text(t, "\xe2\x98\x90"); /* U+2610 BALLOT BOX */
        }
    }
    if (!l.n) {
        rep_table_t *t = report_add_table(rep, _("Tidak ada sesi pelatihan di luar tembok pada tanggal ini."), tc, 1);
        (void)t;
    }
    return web_send_report(r, w, rep, "pdf", arena_printf(&r->a, "keluar-masuk-%s.pdf", l.date));
}

static json_t *list_json(mv_session_t *ss, int n, const char *date)
{
    json_t *items = json_array(), *sessions = json_array();
    for (int i = 0; i < n; i++) {
        mv_session_t *s = &ss[i];
        json_array_append_new(sessions,
                              json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:i}", "session_id", (json_int_t)s->session_id,
                                        "program_id", (json_int_t)s->program_id, "program", s->program, "site",
                                        s->site_code, "start_time", s->start_time, "end_time", s->end_time, "place",
                                        s->place ? s->place : "", "escort", s->escort ? json_string(s->escort) : json_null(),
                                        "late", s->nlate));
        for (int k = 0; k < s->npeople; k++) {
            mv_person_t *p = &s->people[k];
            json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:b}", "wbp_id", (json_int_t)p->wbp_id, "regno", p->regno,
                                  "name", p->name, "session_id", (json_int_t)s->session_id, "program_id",
                                  (json_int_t)s->program_id, "place", s->place ? s->place : "", "session_end",
                                  s->session_end, "late", p->late);
            json_object_set_new(o, "escort", p->escort && *p->escort ? json_string(p->escort) : json_null());
            json_object_set_new(o, "departed_at", p->departed_at ? json_string(p->departed_at) : json_null());
            json_object_set_new(o, "returned_at", p->returned_at ? json_string(p->returned_at) : json_null());
            json_array_append_new(items, o);
        }
    }
    return json_pack("{s:s,s:o,s:o}", "date", date, "items", items, "sessions", sessions);
}

int api_movements(req_t *r, resp_t *w)
{
    mv_list_t l;
    if (load(r, &l) < 0) return -1;
    json_t *o = list_json(l.ss, l.n, l.date);
    json_object_set_new(o, "now", json_string(l.now));
    return resp_json(w, 200, o);
}

/* The page's forms: record, then back to the list of the session's date. */
static int page_record(req_t *r, resp_t *w, bool depart)
{
    const char *escort = req_form(r, "escort"), *time = req_form(r, "time"), *wid = req_form(r, "wbp_id");
    int64_t wbp_id = 0;
    if (wid && *wid && (!parse_i64(wid, &wbp_id) || wbp_id <= 0))
        return web_fail(r, 400, "bad_form", "%s", _("wbp_id harus bilangan bulat positif"));
    field_errs_t fe = {0};
    err_t e;
    err_clear(&e);
    int count = 0;
    char date[11] = "";
    if (movement_record(r->db, &e, web_actor(r), r->user.id, r->id, wbp_id, depart, escort, time, &fe, &count, date) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe.n) return web_fail(r, 422, "invalid", "%s", fe.e[0].msg);
    resp_redirect(w, arena_printf(&r->a, "/movements?date=%s#sesi-%lld", date, (long long)r->id));
    return 0;
}
int page_movement_depart(req_t *r, resp_t *w) { return page_record(r, w, true); }
int page_movement_return(req_t *r, resp_t *w) { return page_record(r, w, false); }

static int api_record(req_t *r, resp_t *w, bool depart)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"wbp_id", "escort", "time", NULL};
    web_json_only_members(r, body, allowed, &fe);
    json_t *jw = json_object_get(body, "wbp_id");
    int64_t wbp_id = 0;
    if (jw && !json_is_null(jw)) {
        if (!json_is_integer(jw) || json_integer_value(jw) <= 0) field_err(&fe, "wbp_id", "%s", _("wbp_id harus bilangan bulat positif"));
        else wbp_id = json_integer_value(jw);
    }
    const char *escort = json_string_value(json_object_get(body, "escort")), *time = json_string_value(json_object_get(body, "time"));
    escort = escort ? arena_strdup(&r->a, escort) : NULL;
    time = time ? arena_strdup(&r->a, time) : NULL;
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    int count = 0;
    if (movement_record(r->db, &e, web_actor(r), r->user.id, r->id, wbp_id, depart, escort, time, &fe, &count, NULL) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (fe.n) return web_validation_reply(r, w, &fe);
    return resp_json(w, 200, json_pack("{s:I,s:s,s:i}", "session_id", (json_int_t)r->id, "recorded", depart ? "depart" : "return",
                                       "count", count));
}
int api_movement_depart(req_t *r, resp_t *w) { return api_record(r, w, true); }
int api_movement_return(req_t *r, resp_t *w) { return api_record(r, w, false); }
