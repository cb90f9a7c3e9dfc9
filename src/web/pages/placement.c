/* placement.c — pages and API of the initial assessment and the placement
 * (issue 5): the phases, the candidate list of a phase with each candidate's
 * assessment status, the fast assessment page (one inmate after another, keyboard
 * first: autofocus, natural tab order, "save and next"), CSV import of
 * assessments, the placement proposal shown before anyone confirms it, enrolment
 * status changes and overrides; the assessment and enrolment entities for the
 * generic lists, CSV and API; and the sections other pages show (the WBP page,
 * counts by trade interest on the screening page). */
#include "../pages.h"
#include "../phase_common.h"
#include "../../core/csv.h"
#include "../../core/program.h"
#include "../../core/wbp.h"
#include "../../core/rulefile.h"
#include "../../core/withdraw.h"
#include "../../store/placement_store.h"
#include "../../store/program_store.h"
#include "../../store/scope.h"
#include "../../store/usulan_store.h"
#include "../../core/msg.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }
static const char *status_label(const char *code)
{
    int s = code ? enrol_status_parse(code) : -1;
    return s < 0 ? (code ? code : "-") : _(rec_choice_label(&enrolment_def.fields[ENF_STATUS], code));
}

/* ---------------------------------------------------------------- WBP references */


/* ---------------------------------------------------------------- entities */

/* Instructors see the placements of their own programmes only. */
static void enrolment_scope(req_t *r, rec_cond_t *conds, int *n, int cap)
{
    if (!str_eq(r->user.role, "instruktur")) return;
    rec_cond_int(rec_cond_add(conds, n, cap,
                              INSTRUCTOR_PROGRAMS("r.program_id")),
                 r->user.id);
}

static const char *enrolment_cell(req_t *r, const rec_t *rec, int field)
{
    if (field == ENF_REASON) return msg_text(&r->a, rec->v[ENF_REASON]);
    return field == ENF_STATUS ? status_label(rec->v[ENF_STATUS]) : NULL;
}

static void enrolment_json(req_t *r, json_t *o, const rec_t *rec)
{
    enrol_event_t *ev;
    int n = 0;
    err_t e;
    err_clear(&e);
    json_t *arr = json_array();
    if (enrol_events(r->db, &e, &r->a, rec->id, &ev, &n) == 0)
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:o, s:s, s:b, s:s}", "at", ev[i].at, "from_status",
                                                 ev[i].from_status ? json_string(ev[i].from_status) : json_null(),
                                                 "to_status", ev[i].to_status, "program_id",
                                                 ev[i].program_id ? json_integer(ev[i].program_id) : json_null(),
                                                 "reason", ev[i].reason ? msg_text(&r->a, ev[i].reason) : "", "overridden",
                                                 ev[i].overridden, "by", ev[i].user_name ? ev[i].user_name : ""));
    json_object_set_new(o, "events", arr);
    if (rec->v[ENF_REASON]) json_object_set_new(o, "reason", json_string(msg_text(&r->a, rec->v[ENF_REASON])));
    int64_t pk = phase_web_key(r, rec->v[ENF_AGREEMENT_ID], rec->v[ENF_PHASE]);
    json_object_set_new(o, "phase_id", pk ? json_integer(pk) : json_null());
}

/* Events, and the forms for a status change and an override. */
/* The status form of an enrolment's page (to: the status chosen, reason: as typed;
 * err/err_field: a refusal shown beside "to" or "reason"), also shown again on its
 * own after a refused change (issue 22). */
static void status_form(req_t *r, buf_t *b, const rec_t *rec, int from, const char *to, const char *reason,
                        const char *err_field, const char *err)
{
    const char *st_path = arena_printf(&r->a, "/enrolments/%lld/status", (long long)rec->id);
    if (!(from >= 0 && !enrol_is_final((enrol_status_t)from) && ent_can(r, "POST", st_path))) return;
    h(b, "<h2>%s</h2><form method=\"post\" action=\"%s\" class=\"filters\">", _("Ubah status"), st_path);
    h_csrf(r, b);
    bool at_to = err && !str_eq(err_field, "reason") && !str_eq(err_field, "withdraw_reason"), at_reason = err && str_eq(err_field, "reason");
    h(b, "<div><label for=\"st-to\">%s</label>", _("Status baru"));
    if (at_to) h(b, "<p class=\"error\" id=\"st-to-err\" role=\"alert\">%s</p>", err);
    h(b, "<select id=\"st-to\" name=\"to\"%R>", at_to ? " aria-invalid=\"true\" aria-describedby=\"st-to-err\"" : "");
    for (int s = 0; s < ENROL__COUNT; s++)
        if (s != ENROL_DITEMPATKAN && s != ENROL_DAFTAR_TUNGGU && enrol_can((enrol_status_t)from, (enrol_status_t)s))
            h(b, "<option value=\"%s\"%R>%s</option>", enrol_status_code((enrol_status_t)s),
              str_eq(to, enrol_status_code((enrol_status_t)s)) ? " selected" : "",
              status_label(enrol_status_code((enrol_status_t)s)));
    h(b, "</select></div>");
    /* a withdrawal's coded reason (rule data; issue 26), kept when the form comes back */
    if (enrol_can((enrol_status_t)from, ENROL_MUNDUR)) {
        char td[DATE_ISO_LEN];
        today_iso(td);
        date_t t = DATE_NONE;
        date_parse(td, &t);
        json_t *j = rulefile_in_force(RULES_KIND_WITHDRAW, t, NULL);
        withdraw_rules_t wr;
        err_t we;
        err_clear(&we);
        if (j && withdraw_rules_from_json(j, &wr, &we) == 0) {
            const char *cur = req_form(r, "withdraw_reason");
            bool at_w = err && str_eq(err_field, "withdraw_reason");
            h(b, "<div><label for=\"st-withdraw\">%s</label>", _("Alasan mundur (bila status baru Mundur)"));
            if (at_w) h(b, "<p class=\"error\" id=\"st-withdraw-err\" role=\"alert\">%s</p>", err);
            h(b, "<select id=\"st-withdraw\" name=\"withdraw_reason\"%R>",
              at_w ? " aria-invalid=\"true\" aria-describedby=\"st-withdraw-err\"" : "");
            for (int i = 0; i < wr.n; i++)
                h(b, "<option value=\"%s\"%R>%s</option>", wr.reasons[i].code,
                  (cur ? str_eq(cur, wr.reasons[i].code) : str_eq(wr.reasons[i].code, WITHDRAW_OTHER)) ? " selected" : "",
                  withdraw_label(&wr, wr.reasons[i].code));
            h(b, "</select></div>");
        }
        json_decref(j);
    }
    h(b, "<div><label for=\"st-reason\">%s *</label>", _("Alasan"));
    if (at_reason) h(b, "<p class=\"error\" id=\"st-reason-err\" role=\"alert\">%s</p>", err);
    h(b, "<input id=\"st-reason\" name=\"reason\" required maxlength=\"1000\" size=\"50\" value=\"%s\"%R></div>"
         "<div><button type=\"submit\">%s</button></div></form>",
      reason ? reason : "", at_reason ? " aria-invalid=\"true\" aria-describedby=\"st-reason-err\"" : "",
      _("Simpan status"));
}

/* The manual placement form, likewise (program: the programme chosen). */
static void override_form(req_t *r, buf_t *b, const rec_t *rec, int from, const char *program, const char *reason,
                          const char *err_field, const char *err)
{
    err_t e;
    err_clear(&e);
    const char *ov_path = arena_printf(&r->a, "/enrolments/%lld/override", (long long)rec->id);
    if (!(from >= 0 && (from == ENROL_KANDIDAT || from == ENROL_DITEMPATKAN || from == ENROL_DAFTAR_TUNGGU) &&
          ent_can(r, "POST", ov_path)))
        return;
    rec_query_t q;
    memset(&q, 0, sizeof q);
    q.eq[q.neq].field = PGF_AGREEMENT_ID;
    q.eq[q.neq++].v = rec->v[ENF_AGREEMENT_ID];
    q.eq[q.neq].field = PGF_PHASE;
    q.eq[q.neq++].v = rec->v[ENF_PHASE];
    q.sort = PGF_START_DATE;
    q.page = 1;
    q.per_page = 200;
    rec_page_t progs;
    if (rec_list(r->db, &e, &r->a, &program_def, r->user.id, &q, &progs) < 0) progs.n = 0;
    int64_t chosen = program ? num(program) : num(rec->v[ENF_PROGRAM_ID]);
    bool at_prog = err && !str_eq(err_field, "reason"), at_reason = err && str_eq(err_field, "reason");
    h(b, "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\" action=\"%s\" class=\"filters\">",
      _("Penempatan manual"),
      _("Keputusan staf yang menggantikan usulan penempatan: dicatat dengan alasan dan tidak diubah oleh "
        "penempatan berikutnya."),
      ov_path);
    h_csrf(r, b);
    h(b, "<div><label for=\"ov-program\">%s</label>", _("Ke program"));
    if (at_prog) h(b, "<p class=\"error\" id=\"ov-program-err\" role=\"alert\">%s</p>", err);
    h(b, "<select id=\"ov-program\" name=\"program_id\"%R><option value=\"\">%s</option>",
      at_prog ? " aria-invalid=\"true\" aria-describedby=\"ov-program-err\"" : "", _("Daftar tunggu"));
    for (int i = 0; i < progs.n; i++)
        if (!str_eq(progs.rows[i].v[PGF_STATUS], "dibatalkan"))
            h(b, "<option value=\"%D\"%R>%s</option>", progs.rows[i].id, progs.rows[i].id == chosen ? " selected" : "",
              progs.rows[i].v[PGF_NAME]);
    h(b, "</select></div><div><label for=\"ov-reason\">%s *</label>", _("Alasan"));
    if (at_reason) h(b, "<p class=\"error\" id=\"ov-reason-err\" role=\"alert\">%s</p>", err);
    h(b, "<input id=\"ov-reason\" name=\"reason\" required maxlength=\"1000\" size=\"50\" value=\"%s\"%R></div>"
         "<div><button type=\"submit\">%s</button></div></form>",
      reason ? reason : "", at_reason ? " aria-invalid=\"true\" aria-describedby=\"ov-reason-err\"" : "",
      _("Simpan penempatan manual"));
}

static void enrolment_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    int64_t pk = phase_web_key(r, rec->v[ENF_AGREEMENT_ID], rec->v[ENF_PHASE]);
    h(b, "<div class=\"actions\"><a href=\"/wbp/%s\">%s</a>", rec->v[ENF_WBP_ID], _("Halaman WBP"));
    if (pk && ent_can(r, "GET", arena_printf(&r->a, "/phases/%lld/placement", (long long)pk)))
        h(b, "<a href=\"/phases/%D/placement\">%s</a>", pk, _("Usulan penempatan tahap ini"));
    h(b, "</div>");
    const char *promoted = req_query(r, "promoted");
    if (promoted && *promoted)
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Kursi yang kosong diberikan kepada %s dari daftar tunggu."), promoted));
    h(b, "<h2 id=\"riwayat\">%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Riwayat status"), _("Waktu"), _("Perubahan"), _("Program"), _("Alasan"), _("Oleh"));
    enrol_event_t *ev;
    int n = 0;
    if (enrol_events(r->db, &e, &r->a, rec->id, &ev, &n) < 0) n = 0;
    for (int i = 0; i < n; i++) {
        /* shown as stored (a typed reason): marked Indonesian; a coded one, or one stored
         * before the codes that msg_text reads back, is in the reader's language */
        const char *why = msg_text(&r->a, ev[i].reason);
        bool as_stored = !msg_is_coded(ev[i].reason) && str_eq(why, ev[i].reason);
        h(b, "<tr><td>%s</td><td>%s → %s%R</td><td>%s</td><td%R>%s</td><td>%s</td></tr>", fmt_time(r, rec->site_id, ev[i].at),
          ev[i].from_status ? status_label(ev[i].from_status) : _("(baru)"), status_label(ev[i].to_status),
          ev[i].overridden ? arena_printf(&r->a, " <strong>(%s)</strong>", _("manual")) : "",
          ev[i].program_name ? ev[i].program_name : "-", as_stored ? " lang=\"id\"" : "", why, ev[i].user_name);
    }
    if (!n) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Belum ada riwayat."));
    h(b, "</tbody></table>");

    int from = enrol_status_parse(rec->v[ENF_STATUS]);
    const char *tr_path = arena_printf(&r->a, "/enrolments/%lld/training", (long long)rec->id);
    if (from >= 0 && (from == ENROL_TERDAFTAR || enrol_is_final((enrol_status_t)from)) && num(rec->v[ENF_PROGRAM_ID]) &&
        ent_can(r, "GET", tr_path))
        h(b, "<div class=\"actions\"><a href=\"%s\">%s</a></div>", tr_path,
          _("Pelatihan: kehadiran, hasil uji, kelulusan dan sertifikat"));
    status_form(r, b, rec, from, NULL, NULL, NULL, NULL);
    override_form(r, b, rec, from, NULL, NULL, NULL, NULL);
}

const entity_t enrolment_entity = {
    .def = &enrolment_def,
    .slug = "enrolments",
    .title = N_("Penempatan peserta"),
    .one = N_("Penempatan"),
    .label_field = ENF_STATUS,
    .list_cols = L(ENF_WBP_ID, ENF_AGREEMENT_ID, ENF_PHASE, ENF_PROGRAM_ID, ENF_STATUS, ENF_WAIT_RANK, ENF_OVERRIDDEN),
    .search = L(ENF_WBP_ID),
    .sort = L(ENF_PHASE, ENF_STATUS, ENF_WAIT_RANK, ENF_STATUS_AT),
    .filters = L(ENF_AGREEMENT_ID, ENF_PHASE, ENF_PROGRAM_ID, ENF_STATUS, ENF_OVERRIDDEN),
    .default_sort = REC_SORT_ID,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{ENF_WBP_ID, NULL, "wbp", NULL, wbp_ref_text, NULL},
                                {ENF_AGREEMENT_ID, &agreement_entity, "agreement_title"},
                                {ENF_PROGRAM_ID, &program_entity, "program_name"},
                                {-1}},
    .scope = enrolment_scope,
    .list_filter = wbp_owned_filter,
    .show = enrolment_show,
    .json = enrolment_json,
    .cell = enrolment_cell,
};

/* ---------------------------------------------------------------- phase loading */

static const char *program_name(const phase_data_t *d, int64_t id)
{
    int p = phase_prog_index(d, id);
    return p >= 0 ? d->prog[p].name : NULL;
}

/* ---------------------------------------------------------------- the phases */

/* The phases the user sees, only those of ?site= when it is given. */
static int visible_phases(req_t *r, phase_t **ph, int *n)
{
    err_t e;
    err_clear(&e);
    int all;
    if (phase_list(r->db, &e, &r->a, r->user.id, ph, &all) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *site = req_query(r, "site");
    *n = 0;
    for (int i = 0; i < all; i++)
        if (!site || !*site || str_eq(site, (*ph)[i].site_code)) (*ph)[(*n)++] = (*ph)[i];
    return 0;
}

int page_placement_home(req_t *r, resp_t *w)
{
    phase_t *ph;
    int n;
    if (visible_phases(r, &ph, &n) < 0) return -1;
    err_t e;
    err_clear(&e);
    page_begin(r, w, _("Asesmen dan penempatan"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>",
      _("Setiap tahap PKS: daftar calon peserta (WBP yang memenuhi syarat asimilasi pada tanggal mulai program), asesmen "
        "awal, usulan penempatan ke program, dan daftar tunggu."));
    h(b, "<table>");
    h_thead(b, _("PKS"), _("Tahap"), _("Lokasi"), _("Program (kapasitas)"), _("Diasesmen"), _("Ditempatkan"),
            _("Daftar tunggu"), NULL);
    for (int i = 0; i < n; i++) {
        int64_t np = prog_count_using(r->db, &e, ph[i].agreement_id, (int64_t)ph[i].phase, true);
        int64_t cap = prog_phase_used(r->db, &e, ph[i].agreement_id, (int64_t)ph[i].phase, 0);
        ph_tally_t t;
        phase_tally(r->db, &e, ph[i].agreement_id, (int64_t)ph[i].phase, &t);
        h(b, "<tr><td><a href=\"/phases/%D\">%s</a></td><td>%d</td><td>%s</td><td>%D (%D)</td><td>%D</td>"
             "<td>%D</td><td>%D</td></tr>",
          ph[i].id, ph[i].agreement_title, ph[i].phase, ph[i].site_code, np, cap, t.assessed, t.placed, t.waiting);
    }
    if (!n) h(b, "<tr><td colspan=\"7\">%s</td></tr>", _("Belum ada tahap PKS (kuota per tahap) di lokasi Anda."));
    h(b, "</tbody></table>");
    if (ent_can(r, "GET", "/usulan"))
        h(b, "<p><a href=\"/usulan\">%s</a> · <a href=\"/tpp\">%s</a></p>", _("Usulan asimilasi"),
          _("Daftar sidang TPP"));
    return page_end(r, w);
}

/* ---------------------------------------------------------------- candidates */

static bool cand_matches(req_t *r, const ph_cand_t *c)
{
    const char *show = req_query(r, "show"), *q = req_query(r, "q");
    if (str_eq(show, "unassessed") && c->assessment_id) return false;
    if (str_eq(show, "assessed") && !c->assessment_id) return false;
    if (q && *q) {
        size_t n = strlen(q);
        bool hit = false;
        for (const char *s = c->name; s && *s && !hit; s++) hit = !strncasecmp(s, q, n);
        for (const char *s = c->regno; s && *s && !hit; s++) hit = !strncasecmp(s, q, n);
        if (!hit) return false;
    }
    return true;
}

int page_phase_candidates(req_t *r, resp_t *w)
{
    const char *q = req_query(r, "q"), *show = req_query(r, "show");
    if (q && strlen(q) > 100) return web_fail(r, 400, "bad_query", "%s", _("kata pencarian terlalu panjang (maks. 100)"));
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Calon peserta: %s"), phase_web_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_web_header(r, b, &d, "");
    phase_web_programs(r, b, &d);
    char at[DATE_ISO_LEN];
    date_format(d.at, at);
    h(b, "<p>%s</p>",
      arena_printf(&r->a,
                   _("Calon: WBP di dalam Lapas yang memenuhi syarat asimilasi pada tanggal mulai program atau "
                     "sebelumnya (dinilai per %s), ditambah yang sudah diasesmen atau ditempatkan."),
                   fmt_date_id(&r->a, at)));
    int assessed = 0, placed = 0, waiting = 0;
    for (int i = 0; i < d.ncand; i++) {
        assessed += d.cand[i].assessment_id != 0;
        placed += str_eq(d.cand[i].status, "ditempatkan") || str_eq(d.cand[i].status, "terdaftar");
        waiting += str_eq(d.cand[i].status, "daftar_tunggu");
    }
    h(b, "<div class=\"cards\"><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span>"
         "<b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b>"
         "</div><div class=\"card\"><span>%s</span><b>%d</b></div></div>",
      _("Calon"), d.ncand, _("Sudah diasesmen"), assessed, _("Belum diasesmen"), d.ncand - assessed, _("Ditempatkan"),
      placed, _("Daftar tunggu"), waiting);
    h(b, "<form class=\"filters\" method=\"get\" action=\"/phases/%D\" role=\"search\"><div><label for=\"q\">%s</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div><div><label for=\"show\">%s</label>"
         "<select id=\"show\" name=\"show\">",
      d.ph.id, _("Cari nama / no. registrasi"), q ? q : "", _("Tampilkan"));
    static const char *const shows[][2] = {{"", N_("Semua calon")}, {"unassessed", N_("Belum diasesmen")},
                                           {"assessed", N_("Sudah diasesmen")}};
    for (size_t i = 0; i < ARRAY_LEN(shows); i++)
        h(b, "<option value=\"%s\"%R>%s</option>", shows[i][0], str_eq(show ? show : "", shows[i][0]) ? " selected" : "",
          _(shows[i][1]));
    h(b, "</select></div><div><button type=\"submit\">%s</button></div></form>", _("Terapkan"));
    h(b, "<div class=\"actions\"><a class=\"button\" href=\"/phases/%D/candidates.csv\">%s</a></div>", d.ph.id,
      _("Unduh CSV"));
    bool can_assess = ent_can(r, "GET", arena_printf(&r->a, "/phases/%lld/assess", (long long)d.ph.id));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "</tr></thead><tbody>",
      _("No. registrasi"), _("Nama"), _("Memenuhi syarat sejak"), _("Perkiraan bebas"), _("Asesmen"), _("Minat"),
      _("Penempatan"));
    int rows = 0;
    for (int i = 0; i < d.ncand; i++) {
        const ph_cand_t *c = &d.cand[i];
        if (!cand_matches(r, c)) continue;
        rows++;
        h(b, "<tr><td><a href=\"/wbp/%D\">%s</a></td><td>%s</td><td>%s%R</td><td>%s</td><td>", c->wbp_id, c->regno,
          c->name, c->eligible_from != DATE_NONE ? phase_web_date(r, c->eligible_from) : _("belum dapat diperkirakan"),
          c->evaluated ? "" : arena_printf(&r->a, " <span class=\"muted\">(%s)</span>", _("tidak di dalam Lapas")),
          phase_web_date(r, c->release));
        if (c->assessment_id)
            h(b, "<a href=\"/assessments/%D\">%s</a>", c->assessment_id,
              arena_printf(&r->a, _("Sudah, %s"), fmt_date_id(&r->a, c->assessed_on)));
        else
            h(b, "%s", _("Belum"));
        if (can_assess)
            h(b, " · <a href=\"/phases/%D/assess?wbp=%D\">%s</a>", d.ph.id, c->wbp_id,
              c->assessment_id ? _("Ubah") : _("Asesmen"));
        h(b, "</td><td>%s</td><td>", phase_web_interests(r, &d, c));
        if (c->enrolment_id) {
            const char *pn = program_name(&d, c->program_id);
            h(b, "<a href=\"/enrolments/%D\">%s</a>%s%s", c->enrolment_id, status_label(c->status), pn ? ": " : "",
              pn ? pn : "");
            if (c->wait_rank) h(b, " (%s)", arena_printf(&r->a, _("urutan %d"), c->wait_rank));
        } else
            h(b, "-");
        h(b, "</td></tr>");
    }
    if (!rows) h(b, "<tr><td colspan=\"7\">%s</td></tr>", _("Tidak ada calon yang cocok."));
    h(b, "</tbody></table>");
    return page_end(r, w);
}

int page_phase_candidates_csv(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    resp_file(r, w, "text/csv; charset=utf-8", false,
              arena_printf(&r->a, "calon-tahap-%d-pks-%lld.csv", d.ph.phase, (long long)d.ph.agreement_id));
    buf_t *b = &w->body;
    buf_puts(b, "\xEF\xBB\xBF"
                "wbp_id,regno,name,eligible,eligible_from,release,assessed_on,interests,status,program_id,wait_rank\r\n");
    for (int i = 0; i < d.ncand; i++) {
        const ph_cand_t *c = &d.cand[i];
        char ef[DATE_ISO_LEN], rel[DATE_ISO_LEN];
        date_format(c->eligible_from, ef);
        date_format(c->release, rel);
        const char *interests = phase_web_interests(r, &d, c);
        const char *cells[] = {arena_printf(&r->a, "%lld", (long long)c->wbp_id), c->regno, c->name,
                               c->eligible ? "1" : "0", ef, rel, c->assessed_on,
                               str_eq(interests, "-") ? NULL : interests, c->status,
                               c->program_id ? arena_printf(&r->a, "%lld", (long long)c->program_id) : NULL,
                               c->wait_rank ? arena_printf(&r->a, "%d", c->wait_rank) : NULL};
        for (size_t k = 0; k < ARRAY_LEN(cells); k++) {
            if (k) buf_putc(b, ',');
            csv_write_cell(b, cells[k], ',');
        }
        buf_puts(b, "\r\n");
    }
    return 0;
}

/* ---------------------------------------------------------------- the placement proposal */

static void outcome_rows(req_t *r, buf_t *b, const phase_data_t *d, const ph_plan_t *p, int prog)
{
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *o = &p->out[i];
        if (o->prog != prog) continue;
        const ph_cand_t *c = &d->cand[o->cand];
        h(b, "<tr><td>%s</td><td><a href=\"/wbp/%D\">%s</a></td><td>%s</td>", prog < 0 ? arena_printf(&r->a, "%d", o->wait_rank) : arena_printf(&r->a, "%d", o->priority_rank), c->wbp_id, c->regno, c->name);
        if (prog >= 0) h(b, "<td>%d</td>", o->interest_rank);
        /* the same rows the count of changes counts: moved, or only the waiting rank or reason */
        h(b, "<td>%s</td><td>%s</td></tr>", msg_text(&r->a, o->reason),
          o->change ? _("pindah tempat atau status") : o->update ? _("urutan atau alasan") : "");
    }
}

int page_phase_placement(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    ph_plan_t p;
    err_t e;
    err_clear(&e);
    int rc = phase_plan(&r->a, &d, &p, &e);
    page_begin(r, w, arena_printf(&r->a, _("Usulan penempatan: %s"), phase_web_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_web_header(r, b, &d, "/placement");
    if (req_query(r, "applied"))
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Penempatan disimpan: %d peserta baru, %d pindah tempat atau status, %d diperbarui urutan atau alasannya."),
                       req_query_int(r, "created", 0, 0, 100000), req_query_int(r, "changed", 0, 0, 100000),
                       req_query_int(r, "updated", 0, 0, 100000)));
    if (rc < 0) {
        h(b, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
        phase_web_programs(r, b, &d);
        return page_end(r, w);
    }
    char at[DATE_ISO_LEN];
    date_format(d.at, at);
    h(b, "<p>%s</p>",
      arena_printf(&r->a,
                   _("Penempatan otomatis menurut pilihan peserta dan nilainya: setiap peserta mendapat program "
                     "pilihan tertinggi yang kursinya masih tersedia untuk urutan prioritasnya, sehingga tidak ada "
                     "peserta yang lebih berhak atas kursi orang lain. Data yang sama selalu memberi hasil yang sama. "
                     "Urutan prioritas menurut aturan \"%s\"; syarat asimilasi dinilai per %s. Penempatan manual dan "
                     "peserta yang sudah terdaftar, selesai atau mundur tidak diubah."),
                   rulefile_title(&d.rules.head), fmt_date_id(&r->a, at)));
    /* one count of changes everywhere: the rows the confirmation writes (p.nupdates);
     * of them, p.nchanges move someone (a new place, status or programme) */
    h(b, "<div class=\"cards\"><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span>"
         "<b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b>"
         "</div><div class=\"card\"><span>%s</span><b>%d</b><small>%s</small></div></div>",
      _("Ditempatkan"), p.nplaced, _("Daftar tunggu"), p.nwait, _("Tetap (tidak diubah)"), p.nfixed,
      _("Belum diasesmen"), p.nunassessed, _("Peserta yang datanya berubah"), p.nupdates,
      arena_printf(&r->a, _("%d pindah tempat atau status, %d hanya urutan tunggu atau alasan"), p.nchanges,
                   p.nupdates - p.nchanges));
    const char *apply = arena_printf(&r->a, "/phases/%lld/placement", (long long)d.ph.id);
    char today[11];
    today_iso(today);
    phase_state_t ps;
    if (phase_state_get(r->db, &e, &r->a, &d.ph, today, &ps) < 0) ps.closed = false;
    if (ps.closed) {
        h(b, "<p class=\"notice\" role=\"status\">%s <a href=\"/phases/%D\">%s</a></p>",
          arena_printf(&r->a,
                       _("Tahap ini sudah ditutup: semua programnya berakhir (terakhir %s). Penempatan yang tersimpan "
                         "tidak diubah lagi; usulan di bawah hanya untuk dibaca."),
                       fmt_date_id(&r->a, ps.last_end)),
          d.ph.id, _("Lihat hasil yang tersimpan"));
        const char *ro = arena_printf(&r->a, "/phases/%lld/reopen", (long long)d.ph.id);
        if (ent_can(r, "POST", ro)) {
            h(b, "<form method=\"post\" action=\"%s\" class=\"actions\">", ro);
            h_csrf(r, b);
            h(b, "<label for=\"reopen-reason\">%s</label><textarea id=\"reopen-reason\" name=\"reason\" required>"
                 "</textarea><button type=\"submit\">%s</button></form>",
              _("Alasan membuka kembali tahap"), _("Buka kembali tahap"));
        }
    } else if (ps.reopened_at)
        h(b, "<p class=\"notice\">%s</p>",
          arena_printf(&r->a, _("Tahap ini dibuka kembali oleh admin: %s"), ps.reopen_reason ? ps.reopen_reason : ""));
    if (!ps.closed && p.nupdates == 0)
        h(b, "<p class=\"notice\">%s</p>", _("Penempatan yang tersimpan sudah sama dengan usulan ini."));
    else if (!ps.closed && ent_can(r, "POST", apply)) {
        h(b, "<form method=\"post\" action=\"%s\" class=\"actions\">", apply);
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"fingerprint\" value=\"%s\"><button type=\"submit\">%s</button></form>",
          p.fingerprint,
          arena_printf(&r->a, _("Konfirmasi dan simpan penempatan (%d peserta berubah)"), p.nupdates));
    }
    for (int i = 0; i < d.nprog; i++) {
        const ph_program_t *g = &d.prog[i];
        h(b, "<h2>%s</h2><p class=\"muted\">%s</p>", g->name,
          arena_printf(&r->a, _("%s, mulai %s; %d kursi (paling sedikit %d peserta); %d sudah terisi tetap; %d diusulkan di sini; %d pelamar memenuhi syarat"),
                       g->trade_name, phase_web_date(r, g->start), g->cap_max, g->cap_min, g->seats_fixed, p.filled[i],
                       p.applicants[i]));
        if (g->seats_fixed + p.filled[i] < g->cap_min)
            h(b, "<p class=\"error\">%s</p>",
              arena_printf(&r->a, _("Di bawah jumlah minimum peserta (%d dari %d)."), g->seats_fixed + p.filled[i],
                           g->cap_min));
        h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Prioritas"), _("No. registrasi"), _("Nama"), _("Pilihan ke"), _("Alasan"), _("Berubah"));
        outcome_rows(r, b, &d, &p, i);
        h(b, "</tbody></table>");
    }
    h(b, "<h2 id=\"daftar-tunggu\">%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Daftar tunggu"), _("Urutan"), _("No. registrasi"), _("Nama"), _("Alasan"), _("Berubah"));
    outcome_rows(r, b, &d, &p, -1);
    if (!p.nwait) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Tidak ada."));
    h(b, "</tbody></table>");
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Tetap (tidak diubah oleh penempatan)"), _("No. registrasi"), _("Status"), _("Program"), _("Alasan"));
    int nf = 0;
    for (int i = 0; i < d.ncand; i++) {
        const ph_cand_t *c = &d.cand[i];
        if (c->free || !c->enrolment_id) continue;
        nf++;
        const char *pn = program_name(&d, c->program_id);
        h(b, "<tr><td><a href=\"/enrolments/%D\">%s</a></td><td>%s%R</td><td>%s</td><td%R>%s</td></tr>",
          c->enrolment_id,
          c->regno, status_label(c->status),
          c->overridden ? arena_printf(&r->a, " <strong>(%s)</strong>", _("manual")) : "", pn ? pn : "-",
          /* a finished participant's reason is the completion verdict, whose details
           * are still Indonesian sentences (issue 25): marked so */
          " lang=\"id\"", c->reason ? msg_text(&r->a, c->reason) : "");
    }
    if (!nf) h(b, "<tr><td colspan=\"4\">%s</td></tr>", _("Tidak ada."));
    h(b, "</tbody></table>");
    if (p.nunassessed) {
        h(b, "<h2>%s</h2><ul>", _("Calon yang belum diasesmen (tidak ikut ditempatkan)"));
        for (int i = 0; i < d.ncand; i++)
            if (!d.cand[i].assessment_id && !d.cand[i].enrolment_id)
                h(b, "<li><a href=\"/phases/%D/assess?wbp=%D\">%s — %s</a></li>", d.ph.id, d.cand[i].wbp_id,
                  d.cand[i].regno, d.cand[i].name);
        h(b, "</ul>");
    }
    return page_end(r, w);
}

/* The review of applying the placement of phase ph (issue 22): the proposal as it
 * stands (what a confirmation refers to, by its fingerprint), and each candidate
 * whose stored enrolment it writes: registration number, name, where to, what was.
 * d and p are filled for the API's preview. 0, or -1 with r->err. */
static int placement_review(req_t *r, const phase_t *ph, phase_data_t *d, ph_plan_t *p, web_review_t *rv)
{
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    review_init(rv, arena_printf(&r->a, _("Tinjau penempatan: %s"), phase_web_title(r, ph)),
                _("Penempatan ini akan disimpan sebagai keikutsertaan para calon di bawah. Peserta yang tergeser masuk "
                  "daftar tunggu."));
    if (phase_data_load(r->db, &e, &r->a, ph, today, d) < 0 || phase_plan(&r->a, d, p, &e) < 0) {
        if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
        review_refuse(rv, &e);
        return 0;
    }
    review_int(rv, "placed", _("Ditempatkan"), p->nplaced);
    review_int(rv, "waitlisted", _("Daftar tunggu"), p->nwait);
    review_int(rv, "updates", _("Peserta yang datanya berubah"), p->nupdates);
    review_int(rv, "changes", _("Di antaranya pindah tempat atau status"), p->nchanges);
    review_text(r, rv, "fingerprint", _("Sidik usulan"), p->fingerprint);
    static const int kinds[] = {RV_INT, RV_TEXT, RV_TEXT, RV_TEXT, RV_TEXT};
    const char *keys[] = {"wbp_id", "regno", "name", "to", "from"};
    const char *labels[] = {_("Id WBP"), _("No. registrasi"), _("Nama"), _("Menjadi"), _("Sebelumnya")};
    review_table(rv, "writes", _("Keikutsertaan yang akan ditulis"), 5, keys, labels, kinds);
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *o = &p->out[i];
        if (!o->update) continue;
        const ph_cand_t *c = &d->cand[o->cand];
        const char *to = o->prog >= 0 ? d->prog[o->prog].name
                                      : arena_printf(&r->a, _("daftar tunggu no. %d"), o->wait_rank);
        const char *from = c->enrolment_id ? arena_printf(&r->a, "%s%s%s", status_label(c->status),
                                                          c->program_id ? ", " : "",
                                                          c->program_id ? program_name(d, c->program_id) : "")
                                           : _("(baru)");
        review_row(r, rv, arena_printf(&r->a, "%lld", (long long)c->wbp_id), c->regno, c->name, to, from);
    }
    return 0;
}

/* POST /phases/{id}/placement {fingerprint}: without confirm=1 the review of the
 * proposal (issue 22), with it the placement is written. */
int page_phase_apply(req_t *r, resp_t *w)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    const char *fp = req_form(r, "fingerprint");
    if (!fp || !*fp) return web_fail(r, 400, "missing_fingerprint", "%s", _("usulan penempatan yang dikonfirmasi tidak disebut; buka lagi halaman usulan"));
    char today[11];
    today_iso(today);
    ph_apply_t res;
    err_t e;
    err_clear(&e);
    if (phase_refuse_closed(r->db, &e, &r->a, &ph, today) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (!web_review_confirmed(r)) {
        phase_data_t d;
        ph_plan_t p;
        web_review_t rv;
        if (placement_review(r, &ph, &d, &p, &rv) < 0) return -1;
        if (rv.refusal.status < 400 && !str_eq(fp, p.fingerprint))
            err_set(&rv.refusal, 409, "proposal_changed", "%s",
                    _("Usulan penempatan sudah berubah sejak halaman dibuka; tinjau usulan yang baru"));
        return web_review_page(r, w, &rv, _("Ya, simpan penempatan"),
                               arena_printf(&r->a, "/phases/%lld/placement", (long long)ph.id));
    }
    if (phase_apply(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, today, fp, &res) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/phases/%lld/placement?applied=1&created=%d&changed=%d&updated=%d",
                                  (long long)ph.id, res.created, res.changed, res.updated));
    return 0;
}

/* ---------------------------------------------------------------- enrolment changes */

struct enrol_act {
    req_t *r;
    bool override;
    int64_t id, program_id;
    const char *to, *reason, *today;
    ph_promotion_t *prom;
    const char *wcode; /* a withdrawal's coded reason */
};
static int enrol_act_fn(db_t *db, void *vc, err_t *e)
{
    struct enrol_act *c = vc;
    if (c->override)
        return enrol_override(db, e, &c->r->a, web_actor(c->r), c->r->user.id, c->id, c->program_id, c->reason, c->today);
    return enrol_change_status(db, e, &c->r->a, web_actor(c->r), c->r->user.id, c->id, c->to, c->reason, c->wcode,
                               c->today, c->prom);
}

/* A status change or a manual placement of enrolment r->id. With rv: its review
 * (issue 22), the change run and rolled back: who, from what to what, the reason and
 * whom a withdrawal promotes from the waiting list; a refusal is left in rv. Without
 * rv: the change; a 4xx refusal goes to *refused (returns 1) when refused is given.
 * 0, 1, or -1 with r->err. */
static int enrolment_do(req_t *r, bool override, const char *to, const char *program, const char *reason, const char *wcode,
                        ph_promotion_t *prom, web_review_t *rv, err_t *refused, rec_t *rec)
{
    if (ent_load(r, &enrolment_entity, r->id, rec) < 0) return -1;
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    int64_t pid = 0;
    if (override && program && *program && (!parse_i64(program, &pid) || pid <= 0))
        return web_fail(r, 400, "bad_program", "%s", _("program_id harus id program atau kosong (daftar tunggu)"));
    ph_promotion_t none = {0};
    struct enrol_act c = {r, override, rec->id, pid, to, reason, today, prom ? prom : &none, wcode};
    if (rv) {
        review_init(rv, override ? _("Tinjau penempatan manual") : _("Tinjau perubahan status"),
                    _("Perubahan ini dicatat dalam riwayat penempatan dengan alasannya."));
        int dry = review_dry_run(r, rv, enrol_act_fn, &c);
        if (dry <= 0) return dry;
        review_text(r, rv, "wbp", _("WBP"), wbp_ref_label(r, num(rec->v[ENF_WBP_ID])));
        review_text(r, rv, "from", _("Status sekarang"), status_label(rec->v[ENF_STATUS]));
        if (override) {
            const char *pn = NULL;
            rec_t pr;
            if (pid && ent_load(r, &program_entity, pid, &pr) == 0) pn = pr.v[PGF_NAME];
            review_text(r, rv, "to", _("Ke program"), pid ? (pn ? pn : program) : _("Daftar tunggu"));
        } else
            review_text(r, rv, "to", _("Status baru"), status_label(to));
        if (!override && str_eq(to, "mundur"))
            review_text(r, rv, "withdraw_reason", _("Alasan mundur"),
                        wcode && *wcode ? wcode : WITHDRAW_OTHER);
        review_text(r, rv, "reason", _("Alasan"), reason);
        if (c.prom->enrolment_id)
            review_text(r, rv, "promoted", _("Naik dari daftar tunggu"),
                        arena_printf(&r->a, "%s → %s", c.prom->regno ? c.prom->regno : "",
                                     c.prom->program_name ? c.prom->program_name : ""));
        err_clear(&r->err);
        return 0;
    }
    if (enrol_act_fn(r->db, &c, &e) < 0) {
        if (refused && e.status >= 400 && e.status < 500) {
            *refused = e;
            return 1;
        }
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    return 0;
}

/* The status or manual placement form on its own, with what was typed and the
 * refusal beside its field (422). */
static int enrolment_form_again(req_t *r, resp_t *w, const rec_t *rec, bool override, const char *to,
                                const char *program, const char *reason, const err_t *e)
{
    w->status = e->status == 409 ? 409 : 422;
    page_begin(r, w, override ? _("Penempatan manual") : _("Ubah status"));
    buf_t *b = &w->body;
    h(b, "<p>%s — %s: %s</p>", wbp_ref_label(r, num(rec->v[ENF_WBP_ID])), _("status sekarang"),
      status_label(rec->v[ENF_STATUS]));
    const char *field = str_eq(e->code, "withdraw_reason")                                               ? "withdraw_reason"
                        : str_eq(e->code, "withdraw_note") || str_eq(e->code, "reason_required") || strstr(e->msg, "lasan") ? "reason"
                                                                                                                   : "to";
    int from = enrol_status_parse(rec->v[ENF_STATUS]);
    if (override) override_form(r, b, rec, from, program, reason, field, e->msg);
    else status_form(r, b, rec, from, to, reason, field, e->msg);
    h(b, "<p><a href=\"/enrolments/%D\">%s</a></p>", rec->id, _("Kembali ke penempatan"));
    return page_end(r, w);
}

/* POST /enrolments/{id}/status and /override: the review first, then the change;
 * a refusal shows the form again with what was typed. */
static int enrolment_page(req_t *r, resp_t *w, bool override)
{
    const char *to = req_form(r, "to"), *program = req_form(r, "program_id"), *reason = req_form(r, "reason"),
               *wcode = req_form(r, "withdraw_reason");
    ph_promotion_t prom = {0};
    rec_t rec;
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        if (enrolment_do(r, override, to, program, reason, wcode, &prom, &rv, NULL, &rec) < 0) return -1;
        if (rv.refusal.status >= 400) return enrolment_form_again(r, w, &rec, override, to, program, reason, &rv.refusal);
        return web_review_page(r, w, &rv, _("Ya, simpan perubahan"),
                               arena_printf(&r->a, "/enrolments/%lld", (long long)r->id));
    }
    err_t refused;
    int rc = enrolment_do(r, override, to, program, reason, wcode, &prom, NULL, &refused, &rec);
    if (rc < 0) return -1;
    if (rc > 0) return enrolment_form_again(r, w, &rec, override, to, program, reason, &refused);
    buf_t u;
    buf_init(&u);
    h(&u, "/enrolments/%D?saved=1", r->id);
    if (prom.enrolment_id) h(&u, "&promoted=%u", prom.regno);
    buf_puts(&u, "#riwayat");
    return resp_redirect_buf(r, w, &u);
}

int page_enrolment_status(req_t *r, resp_t *w) { return enrolment_page(r, w, false); }

int page_enrolment_override(req_t *r, resp_t *w) { return enrolment_page(r, w, true); }

/* ---------------------------------------------------------------- API */

int api_phases(req_t *r, resp_t *w)
{
    phase_t *ph;
    int n;
    if (visible_phases(r, &ph, &n) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:i}", "id", (json_int_t)ph[i].id,
                                               "agreement_id", (json_int_t)ph[i].agreement_id, "agreement",
                                               ph[i].agreement_title, "agreement_number", ph[i].agreement_number,
                                               "phase", ph[i].phase, "site", ph[i].site_code, "quota_min",
                                               ph[i].quota_min, "quota_max", ph[i].quota_max));
    }
    return resp_json(w, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int api_phase_candidates(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    return resp_json(w, 200, phase_candidates_json(&d));
}

int api_phase_placement(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    ph_plan_t p;
    err_t e;
    err_clear(&e);
    if (phase_plan(&r->a, &d, &p, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    char today[11];
    today_iso(today);
    phase_state_t ps;
    if (phase_state_get(r->db, &e, &r->a, &d.ph, today, &ps) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *j = phase_plan_json(&d, &p);
    json_object_set_new(j, "closed", json_boolean(ps.closed));
    json_object_set_new(j, "reopened_at", ps.reopened_at ? json_string(ps.reopened_at) : json_null());
    return resp_json(w, 200, j);
}

/* POST /phases/{id}/reopen (form: reason) and /api/v1/phases/{id}/reopen
 * ({reason}): an admin reopens a closed phase (issue 22; audited). */
static int reopen(req_t *r, resp_t *w, const char *reason)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    if (!reason || !*reason) {
        if (!r->is_api) return web_fail(r, 422, "field_required", "%s", _("Alasan membuka kembali wajib diisi"));
        field_errs_t fe = {0}; /* the API's 422 names the field, like every validation answer */
        field_err(&fe, "reason", "%s", _("Alasan membuka kembali wajib diisi"));
        web_validation_reply(r, w, &fe);
        return 1;
    }
    err_t e;
    err_clear(&e);
    if (phase_reopen(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, reason) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_phase_reopen(req_t *r, resp_t *w)
{
    if (reopen(r, w, req_form(r, "reason")) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/phases/%lld/placement", (long long)r->id));
    return 0;
}

int api_phase_reopen(req_t *r, resp_t *w)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *reason = json_string_value(json_object_get(body, "reason"));
    reason = reason ? arena_strdup(&r->a, reason) : NULL;
    json_decref(body);
    int rc = reopen(r, w, reason);
    if (rc != 0) return rc < 0 ? -1 : 0;
    return resp_json(w, 200, json_pack("{s:I, s:b}", "phase_id", (json_int_t)r->id, "closed", 0));
}

/* POST /api/v1/phases/{id}/placement {fingerprint, confirm}: without "confirm":
 * true the proposal and what it would write (issue 22), nothing changes; with it
 * the placement is written. */
int api_phase_apply(req_t *r, resp_t *w)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    bool confirm;
    json_t *body = web_api_confirm_body(r, &confirm);
    if (!body) return -1;
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val)
        if (!str_eq(key, "fingerprint")) {
            web_fail(r, 400, "unknown_field", _("kolom \"%.60s\" tidak dikenal (yang ada: fingerprint, confirm)"), key);
            json_decref(body);
            return -1;
        }
    json_t *fpj = json_object_get(body, "fingerprint");
    if (fpj && !json_is_string(fpj) && !json_is_null(fpj)) {
        json_decref(body);
        return web_fail(r, 400, "bad_type", "%s", _("fingerprint harus berupa teks"));
    }
    const char *fp = fpj && json_is_string(fpj) ? arena_strdup(&r->a, json_string_value(fpj)) : NULL;
    json_decref(body);
    char today[11];
    today_iso(today);
    ph_apply_t res;
    err_t e;
    err_clear(&e);
    if (phase_refuse_closed(r->db, &e, &r->a, &ph, today) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    phase_data_t d;
    ph_plan_t p;
    if (!confirm) {
        web_review_t rv;
        if (placement_review(r, &ph, &d, &p, &rv) < 0) return -1;
        if (rv.refusal.status < 400 && fp && !str_eq(fp, p.fingerprint))
            err_set(&rv.refusal, 409, "proposal_changed", "%s",
                    _("Usulan penempatan sudah berubah sejak halaman dibuka; tinjau usulan yang baru"));
        return web_review_json(r, w, &rv, rv.refusal.status < 400 ? json_pack("{s:o}", "proposal", phase_plan_json(&d, &p)) : NULL);
    }
    if (phase_apply(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, today, fp, &res) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (phase_data_load(r->db, &e, &r->a, &ph, today, &d) < 0 || phase_plan(&r->a, &d, &p, &e) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *o = phase_plan_json(&d, &p);
    json_object_set_new(o, "applied", json_pack("{s:i, s:i, s:i}", "created", res.created, "changed", res.changed,
                                                "updated", res.updated));
    return resp_json(w, 200, o);
}

static int enrolment_api(req_t *r, resp_t *w, bool override)
{
    rec_t seen;
    if (ent_load(r, &enrolment_entity, r->id, &seen) < 0) return -1;
    bool confirm;
    json_t *body = web_api_confirm_body(r, &confirm);
    if (!body) return -1;
    const char *to = NULL, *reason = NULL, *program = NULL, *wcode = NULL;
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val) {
        bool ok = str_eq(key, "reason") || (!override && (str_eq(key, "to") || str_eq(key, "withdraw_reason"))) ||
                  (override && str_eq(key, "program_id"));
        if (!ok) {
            web_fail(r, 400, "unknown_field", _("kolom \"%.60s\" tidak dikenal"), key);
            json_decref(body);
            return -1;
        }
        if (str_eq(key, "program_id") && (json_is_integer(val) || json_is_null(val)))
            program = json_is_null(val) ? NULL : arena_printf(&r->a, "%lld", (long long)json_integer_value(val));
        else if (json_is_string(val)) {
            const char *s = arena_strdup(&r->a, json_string_value(val));
            if (str_eq(key, "to")) to = s;
            else if (str_eq(key, "reason")) reason = s;
            else if (str_eq(key, "withdraw_reason")) wcode = s;
            else program = s;
        } else {
            web_fail(r, 400, "bad_type", _("%s: tipe nilai tidak sah"), key);
            json_decref(body);
            return -1;
        }
    }
    json_decref(body);
    field_errs_t fe = {0};
    if (!override && (!to || !*to)) field_err(&fe, "to", "%s", _("Status baru (to) wajib diisi"));
    if (!reason || !*reason) field_err(&fe, "reason", "%s", _("Alasan wajib diisi"));
    else if (!utf8_valid_text(reason, strlen(reason)) || strlen(reason) > 1000)
        field_err(&fe, "reason", "%s", _("Alasan harus teks yang sah, paling panjang 1000 karakter"));
    if (fe.n) return web_validation_reply(r, w, &fe);
    ph_promotion_t prom = {0};
    rec_t rec;
    if (!confirm) { /* the preview (issue 22) */
        web_review_t rv;
        if (enrolment_do(r, override, to, program, reason, wcode, &prom, &rv, NULL, &rec) < 0) return -1;
        return web_review_json(r, w, &rv, NULL);
    }
    if (enrolment_do(r, override, to, program, reason, wcode, &prom, NULL, NULL, &rec) < 0) return -1;
    if (ent_load(r, &enrolment_entity, r->id, &rec) < 0) return -1;
    json_t *o = ent_to_json(r, &enrolment_entity, &rec, false);
    if (!override)
        json_object_set_new(o, "promoted",
                            prom.enrolment_id ? json_pack("{s:I, s:I, s:s, s:I, s:s}", "enrolment_id",
                                                          (json_int_t)prom.enrolment_id, "wbp_id",
                                                          (json_int_t)prom.wbp_id, "wbp", prom.regno, "program_id",
                                                          (json_int_t)prom.program_id, "program_name",
                                                          prom.program_name)
                                              : json_null());
    return resp_json(w, 200, o);
}

int api_enrolment_status(req_t *r, resp_t *w) { return enrolment_api(r, w, false); }
int api_enrolment_override(req_t *r, resp_t *w) { return enrolment_api(r, w, true); }

/* ---------------------------------------------------------------- other pages' sections */

void placement_wbp_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    bool see_as = ent_can(r, "GET", "/assessments"), see_en = ent_can(r, "GET", "/enrolments"),
         see_us = ent_can(r, "GET", "/usulan");
    if (!see_as && !see_en && !see_us) return;
    h(b, "<h2 id=\"penempatan\">%s</h2>", _("Asesmen, penempatan dan usulan asimilasi"));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Catatan"), _("PKS dan tahap"), _("Keadaan"), _("Sejak"));
    int rows = 0;
    if (see_as) {
        ph_wbp_assessment_t *xs;
        int nx;
        phase_wbp_assessments(r->db, &e, &r->a, wbp->id, &xs, &nx);
        for (int i = 0; i < nx; i++) {
            h(b, "<tr><td><a href=\"/assessments/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>",
              xs[i].id, _("Asesmen awal"),
              arena_printf(&r->a, _("%s, tahap %d"), xs[i].agreement_number, xs[i].phase),
              arena_printf(&r->a, _("risiko %s"), xs[i].risk), fmt_date_id(&r->a, xs[i].assessed_on));
            rows++;
        }
    }
    if (see_en) {
        rec_query_t q;
        memset(&q, 0, sizeof q);
        rec_cond_int(rec_cond_add(q.cond, &q.ncond, REC_QUERY_CONDS, "r.wbp_id = ?"), wbp->id);
        ent_scope(r, &enrolment_entity, q.cond, &q.ncond, REC_QUERY_CONDS);
        q.sort = REC_SORT_ID;
        q.page = 1;
        q.per_page = 50;
        rec_page_t pg;
        if (rec_list(r->db, &e, &r->a, &enrolment_def, r->user.id, &q, &pg) < 0) pg.n = 0;
        for (int i = 0; i < pg.n; i++) {
            const rec_t *x = &pg.rows[i];
            const char *pn = x->v[ENF_PROGRAM_ID] ? ent_display(r, &enrolment_entity, x, ENF_PROGRAM_ID) : NULL;
            h(b, "<tr><td><a href=\"/enrolments/%D\">%s</a></td><td>%s</td><td>%s%s%s</td><td>%s</td></tr>", x->id,
              _("Penempatan"),
              arena_printf(&r->a, _("%s, tahap %s"), ent_display(r, &enrolment_entity, x, ENF_AGREEMENT_ID),
                           x->v[ENF_PHASE]),
              status_label(x->v[ENF_STATUS]), pn ? ": " : "", pn ? pn : "",
              x->v[ENF_STATUS_AT] ? arena_strndup(&r->a, x->v[ENF_STATUS_AT], 10) : "-");
            rows++;
        }
    }
    if (see_us) {
        usulan_brief_t *us;
        int nu;
        usulan_of_wbp(r->db, &e, &r->a, wbp->id, &us, &nu);
        for (int i = 0; i < nu; i++) {
            h(b, "<tr><td><a href=\"/usulan/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>", us[i].id,
              _("Usulan asimilasi"), _(rec_choice_label(&usulan_def.fields[USF_FORM], us[i].form)),
              us[i].state, arena_strndup(&r->a, us[i].state_at ? us[i].state_at : "-", 10));
            rows++;
        }
    }
    if (!rows) h(b, "<tr><td colspan=\"4\">%s</td></tr>", _("Belum ada."));
    h(b, "</tbody></table>");
    const char *create = arena_printf(&r->a, "/wbp/%lld/usulan", (long long)wbp->id);
    if (ent_can(r, "POST", create)) {
        h(b, "<form method=\"post\" action=\"%s\" class=\"filters\">", create);
        h_csrf(r, b);
        h(b, "<div><label for=\"us-form\">%s</label><select id=\"us-form\" name=\"form\">", _("Bentuk asimilasi"));
        const field_def_t *f = &usulan_def.fields[USF_FORM];
        for (int k = 0; f->choices[k]; k++) h(b, "<option value=\"%s\">%s</option>", f->choices[k], _(f->clabels[k]));
        h(b, "</select></div><div><label for=\"us-start\">%s</label><input id=\"us-start\" name=\"planned_start\" "
             "type=\"date\"></div><div><label for=\"us-notes\">%s</label><input id=\"us-notes\" name=\"notes\" "
             "maxlength=\"2000\"></div><div><button type=\"submit\">%s</button></div></form>",
          _("Rencana mulai (kosong: hari ini)"), _("Catatan"), _("Buat usulan asimilasi"));
        /* beside the button: what the law still requires today */
        char today[11];
        today_iso(today);
        date_t td;
        date_parse(today, &td);
        usulan_guard_t g;
        if (usulan_guard(r->db, &e, &r->a, wbp->id, td, -1, &g) == 0 && !g.eligible) {
            h(b, "<div class=\"reasons\" id=\"syarat-belum\"><p>%s</p><ul>",
              arena_printf(&r->a, _("Belum memenuhi syarat asimilasi hari ini (aturan %s); usulan akan ditolak:"),
                           g.ruleset ? g.ruleset : "-"));
            for (int i = 0; i < g.n; i++)
                if (!g.req[i].met) h(b, "<li><code>%s</code>: %s</li>", g.req[i].code, g.req[i].detail);
            h(b, "</ul></div>");
        }
    }
}
