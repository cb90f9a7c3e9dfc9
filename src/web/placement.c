/* placement.c — pages and API of the initial assessment and the placement
 * (issue 5): the phases, the candidate list of a phase with each candidate's
 * assessment status, the fast assessment page (one inmate after another, keyboard
 * first: autofocus, natural tab order, "save and next"), CSV import of
 * assessments, the placement proposal shown before anyone confirms it, enrolment
 * status changes and overrides; the assessment and enrolment entities for the
 * generic lists, CSV and API; and the sections other pages show (the WBP page,
 * counts by trade interest on the screening page). */
#include "placement.h"
#include "programs.h"
#include "../core/csv.h"
#include "../core/program.h"
#include "../core/wbp.h"
#include "../store/placement_store.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }
static const char *ddate(req_t *r, date_t d)
{
    if (d == DATE_NONE) return "-";
    char b[DATE_ISO_LEN];
    date_format(d, b);
    return fmt_date_id(&r->a, b);
}
static const char *status_label(const char *code)
{
    int s = code ? enrol_status_parse(code) : -1;
    return s < 0 ? (code ? code : "-") : _(rec_choice_label(&enrolment_def.fields[ENF_STATUS], code));
}

/* ---------------------------------------------------------------- WBP references */

const char *wbp_ref_label(req_t *r, int64_t id)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(r->db, &e, "SELECT regno, name FROM wbp WHERE id = ?", "i", id);
    const char *s = NULL;
    if (st && db_step(st, &e) == 1) {
        s = arena_printf(&r->a, "%s — %s", db_col_text(st, 0), db_col_text(st, 1));
        while (db_step(st, &e) == 1) {}
    }
    db_finalize(st);
    return s ? s : arena_printf(&r->a, "#%lld", (long long)id);
}
static const char *wbp_label_cb(req_t *r, int64_t id) { return wbp_ref_label(r, id); }

int wbp_owned_filter(req_t *r, rec_query_t *q)
{
    if (q->q && *q->q) {
        buf_t lb;
        buf_init(&lb);
        buf_putc(&lb, '%');
        for (const char *p = q->q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&lb, '\\');
            buf_putc(&lb, *p);
        }
        buf_putc(&lb, '%');
        const char *like = arena_strdup(&r->a, lb.data);
        buf_release(&lb);
        rec_cond_t *c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS,
                                     "r.wbp_id IN (SELECT id FROM wbp WHERE lower(name) LIKE lower(?) ESCAPE '\\' "
                                     "OR lower(regno) LIKE lower(?) ESCAPE '\\')");
        rec_cond_text(c, like);
        rec_cond_text(c, like);
    }
    q->q = NULL; /* the search is on the WBP, not on the record's own columns */
    const char *w = req_query(r, "wbp_id");
    if (w && *w) {
        int64_t id;
        if (!parse_i64(w, &id) || id <= 0)
            return web_fail(r, 400, "bad_query", "%s", _("wbp_id harus bilangan bulat positif"));
        rec_cond_int(rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, "r.wbp_id = ?"), id);
    }
    return 0;
}

/* The phase key of an agreement and phase number (0 when none). */
static int64_t phase_key(req_t *r, const char *agreement_id, const char *phase)
{
    err_t e;
    err_clear(&e);
    int64_t id = db_one_int(r->db, &e, "SELECT id FROM agreement_quota WHERE agreement_id = ? AND phase = ?", "ii",
                            num(agreement_id), num(phase));
    return id < 0 ? 0 : id;
}

/* ---------------------------------------------------------------- entities */

static void assessment_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    int64_t pk = phase_key(r, rec->v[ASF_AGREEMENT_ID], rec->v[ASF_PHASE]);
    h(b, "<div class=\"actions\"><a href=\"/wbp/%s\">%s</a>", rec->v[ASF_WBP_ID], _("Halaman WBP"));
    if (pk && ent_can(r, "GET", arena_printf(&r->a, "/phases/%lld", (long long)pk)))
        h(b, "<a href=\"/phases/%D\">%s</a>", pk, _("Calon peserta tahap ini"));
    if (pk && ent_can(r, "GET", arena_printf(&r->a, "/phases/%lld/assess", (long long)pk)))
        h(b, "<a class=\"button\" href=\"/phases/%D/assess?wbp=%s\">%s</a>", pk, rec->v[ASF_WBP_ID],
          _("Ubah di halaman asesmen"));
    h(b, "</div>");
}

const entity_t assessment_trade_entity;
const entity_t assessment_entity = {
    .def = &assessment_def,
    .slug = "assessments",
    .title = N_("Asesmen awal"),
    .one = N_("Asesmen"),
    .label_field = ASF_ASSESSED_ON,
    .list_cols = L(ASF_WBP_ID, ASF_AGREEMENT_ID, ASF_PHASE, ASF_ASSESSED_ON, ASF_ASSESSOR, ASF_RISK),
    .search = L(ASF_WBP_ID),
    .sort = L(ASF_ASSESSED_ON, ASF_PHASE, ASF_ASSESSOR, ASF_RISK),
    .filters = L(ASF_AGREEMENT_ID, ASF_PHASE, ASF_RISK, ASF_LITERACY, ASF_NUMERACY),
    .default_sort = ASF_ASSESSED_ON,
    .default_desc = true,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{ASF_WBP_ID, NULL, "wbp", NULL, wbp_label_cb, NULL},
                                {ASF_AGREEMENT_ID, &agreement_entity, "agreement_title"},
                                {-1}},
    .children = (const entity_t *const[]){&assessment_trade_entity, NULL},
    .list_filter = wbp_owned_filter,
    .show = assessment_show,
};

const entity_t assessment_trade_entity = {
    .def = &assessment_trade_def,
    .slug = "assessment-trades",
    .title = N_("Minat, bakat dan kelayakan per kejuruan"),
    .one = N_("Kejuruan asesmen"),
    .parent = &assessment_entity,
    .child_key = "trades",
    .label_field = ATF_KEJURUAN_ID,
    .list_cols = L(ATF_KEJURUAN_ID, ATF_INTEREST_RANK, ATF_APTITUDE, ATF_FIT),
    .default_sort = ATF_INTEREST_RANK,
    .unique_field = ATF_KEJURUAN_ID,
    .refs = (const ent_ref_t[]){{ATF_KEJURUAN_ID, &kejuruan_entity, "kejuruan_name"}, {-1}},
};

/* Instructors see the placements of their own programmes only. */
static void enrolment_scope(req_t *r, rec_cond_t *conds, int *n, int cap)
{
    if (!str_eq(r->user.role, "instruktur")) return;
    rec_cond_int(rec_cond_add(conds, n, cap,
                              "r.program_id IN (SELECT program_id FROM program_instructor WHERE user_id = ?)"),
                 r->user.id);
}

static const char *enrolment_cell(req_t *r, const rec_t *rec, int field)
{
    (void)r;
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
                                                 "reason", ev[i].reason ? ev[i].reason : "", "overridden",
                                                 ev[i].overridden, "by", ev[i].user_name ? ev[i].user_name : ""));
    json_object_set_new(o, "events", arr);
    int64_t pk = phase_key(r, rec->v[ENF_AGREEMENT_ID], rec->v[ENF_PHASE]);
    json_object_set_new(o, "phase_id", pk ? json_integer(pk) : json_null());
}

/* Events, and the forms for a status change and an override. */
static void enrolment_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    int64_t pk = phase_key(r, rec->v[ENF_AGREEMENT_ID], rec->v[ENF_PHASE]);
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
      _("Riwayat status"), _("Waktu (UTC)"), _("Perubahan"), _("Program"), _("Alasan"), _("Oleh"));
    enrol_event_t *ev;
    int n = 0;
    if (enrol_events(r->db, &e, &r->a, rec->id, &ev, &n) < 0) n = 0;
    for (int i = 0; i < n; i++)
        h(b, "<tr><td>%s</td><td>%s → %s%R</td><td>%s</td><td lang=\"id\">%s</td><td>%s</td></tr>", ev[i].at,
          ev[i].from_status ? status_label(ev[i].from_status) : _("(baru)"), status_label(ev[i].to_status),
          ev[i].overridden ? arena_printf(&r->a, " <strong>(%s)</strong>", _("manual")) : "",
          ev[i].program_name ? ev[i].program_name : "-", ev[i].reason, ev[i].user_name);
    if (!n) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Belum ada riwayat."));
    h(b, "</tbody></table>");

    int from = enrol_status_parse(rec->v[ENF_STATUS]);
    const char *tr_path = arena_printf(&r->a, "/enrolments/%lld/training", (long long)rec->id);
    if (from >= 0 && (from == ENROL_TERDAFTAR || enrol_is_final((enrol_status_t)from)) && num(rec->v[ENF_PROGRAM_ID]) &&
        ent_can(r, "GET", tr_path))
        h(b, "<div class=\"actions\"><a href=\"%s\">%s</a></div>", tr_path,
          _("Pelatihan: kehadiran, hasil uji, kelulusan dan sertifikat"));
    const char *st_path = arena_printf(&r->a, "/enrolments/%lld/status", (long long)rec->id);
    if (from >= 0 && !enrol_is_final((enrol_status_t)from) && ent_can(r, "POST", st_path)) {
        h(b, "<h2>%s</h2><form method=\"post\" action=\"%s\" class=\"filters\">", _("Ubah status"), st_path);
        h_csrf(r, b);
        h(b, "<div><label for=\"st-to\">%s</label><select id=\"st-to\" name=\"to\">", _("Status baru"));
        for (int s = 0; s < ENROL__COUNT; s++)
            if (s != ENROL_DITEMPATKAN && s != ENROL_DAFTAR_TUNGGU && enrol_can((enrol_status_t)from, (enrol_status_t)s))
                h(b, "<option value=\"%s\">%s</option>", enrol_status_code((enrol_status_t)s),
                  status_label(enrol_status_code((enrol_status_t)s)));
        h(b, "</select></div><div><label for=\"st-reason\">%s *</label><input id=\"st-reason\" name=\"reason\" "
             "required maxlength=\"1000\" size=\"50\"></div><div><button type=\"submit\">%s</button></div></form>",
          _("Alasan"), _("Simpan status"));
    }
    const char *ov_path = arena_printf(&r->a, "/enrolments/%lld/override", (long long)rec->id);
    if (from >= 0 && (from == ENROL_KANDIDAT || from == ENROL_DITEMPATKAN || from == ENROL_DAFTAR_TUNGGU) &&
        ent_can(r, "POST", ov_path)) {
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
        h(b, "<h2>%s</h2><p class=\"muted\">%s</p><form method=\"post\" action=\"%s\" class=\"filters\">",
          _("Penempatan manual"),
          _("Keputusan staf yang menggantikan usulan penempatan: dicatat dengan alasan dan tidak diubah oleh "
            "penempatan berikutnya."),
          ov_path);
        h_csrf(r, b);
        h(b, "<div><label for=\"ov-program\">%s</label><select id=\"ov-program\" name=\"program_id\">"
             "<option value=\"\">%s</option>",
          _("Ke program"), _("Daftar tunggu"));
        for (int i = 0; i < progs.n; i++)
            if (!str_eq(progs.rows[i].v[PGF_STATUS], "dibatalkan"))
                h(b, "<option value=\"%D\"%R>%s</option>", progs.rows[i].id,
                  progs.rows[i].id == num(rec->v[ENF_PROGRAM_ID]) ? " selected" : "", progs.rows[i].v[PGF_NAME]);
        h(b, "</select></div><div><label for=\"ov-reason\">%s *</label><input id=\"ov-reason\" name=\"reason\" "
             "required maxlength=\"1000\" size=\"50\"></div><div><button type=\"submit\">%s</button></div></form>",
          _("Alasan"), _("Simpan penempatan manual"));
    }
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
    .refs = (const ent_ref_t[]){{ENF_WBP_ID, NULL, "wbp", NULL, wbp_label_cb, NULL},
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

static int load_phase(req_t *r, phase_t *ph)
{
    err_t e;
    err_clear(&e);
    int rc = phase_load(r->db, &e, &r->a, r->user.id, r->id, ph);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (rc == 0) return web_fail(r, 404, "not_found", _("tahap dengan id %lld tidak ditemukan"), (long long)r->id);
    return 0;
}

static int load_data(req_t *r, phase_data_t *d)
{
    phase_t ph;
    if (load_phase(r, &ph) < 0) return -1;
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    if (phase_data_load(r->db, &e, &r->a, &ph, today, d) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

static const char *phase_title(req_t *r, const phase_t *ph)
{
    return arena_printf(&r->a, _("Tahap %d — %s"), ph->phase, ph->agreement_title);
}

/* The phase's facts and the links between its pages. */
static void phase_header(req_t *r, buf_t *b, const phase_data_t *d, const char *here)
{
    const phase_t *ph = &d->ph;
    h(b, "<p class=\"muted\">");
    if (ent_can(r, "GET", arena_printf(&r->a, "/agreements/%lld", (long long)ph->agreement_id)))
        h(b, "<a href=\"/agreements/%D\">%s</a>", ph->agreement_id, ph->agreement_number);
    else
        h(b, "%s", ph->agreement_number);
    h(b, " · %s · %s</p>", ph->site_name,
      arena_printf(&r->a, _("kuota %d sampai %d peserta"), ph->quota_min, ph->quota_max));
    static const struct {
        const char *suffix, *method, *label;
    } links[] = {{"", "GET", N_("Calon peserta")},
                 {"/assess", "GET", N_("Asesmen cepat")},
                 {"/assessments/import", "GET", N_("Impor CSV asesmen")},
                 {"/placement", "GET", N_("Usulan penempatan")}};
    h(b, "<nav class=\"actions\" aria-label=\"%s\">", _("Halaman tahap"));
    for (size_t i = 0; i < ARRAY_LEN(links); i++) {
        const char *p = arena_printf(&r->a, "/phases/%lld%s", (long long)ph->id, links[i].suffix);
        if (!ent_can(r, links[i].method, p)) continue;
        h(b, "<a href=\"%s\"%R>%s</a>", p, str_eq(here, links[i].suffix) ? " aria-current=\"page\"" : "",
          _(links[i].label));
    }
    if (ent_can(r, "GET", "/enrolments"))
        h(b, "<a href=\"/enrolments?agreement_id=%D&amp;phase=%d\">%s</a>", ph->agreement_id, ph->phase,
          _("Daftar penempatan"));
    h(b, "</nav>");
}

static void programs_table(req_t *r, buf_t *b, const phase_data_t *d)
{
    h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Program tahap ini"), _("Program"), _("Kejuruan"), _("Mulai"), _("Selesai"), _("Kapasitas"));
    for (int i = 0; i < d->nprog; i++) {
        const ph_program_t *p = &d->prog[i];
        h(b, "<tr><td>%s</td><td>%s (%s)</td><td>%s</td><td>%s</td><td>%d–%d</td></tr>", p->name, p->trade_name,
          p->trade_code, ddate(r, p->start), ddate(r, p->end), p->cap_min, p->cap_max);
    }
    if (!d->nprog) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Tahap ini belum mempunyai program pelatihan."));
    h(b, "</tbody></table>");
}

/* Interests of a candidate as trade codes in rank order: "LAS > KOMP". */
static const char *interests_text(req_t *r, const phase_data_t *d, const ph_cand_t *c)
{
    buf_t b;
    buf_init(&b);
    for (int rank = 1; rank <= ASSESS_MAX_RANK; rank++)
        for (int k = 0; k < c->nscores; k++)
            if (c->scores[k].rank == rank)
                for (int t = 0; t < d->ntrade; t++)
                    if (d->trade[t].id == c->scores[k].kejuruan_id)
                        buf_printf(&b, "%s%s", b.len ? " > " : "", d->trade[t].code);
    const char *s = arena_strdup(&r->a, b.data ? b.data : "-");
    buf_release(&b);
    return s;
}

static const char *program_name(const phase_data_t *d, int64_t id)
{
    int p = phase_prog_index(d, id);
    return p >= 0 ? d->prog[p].name : NULL;
}

/* ---------------------------------------------------------------- the phases */

int page_placement_home(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    phase_t *ph;
    int n;
    if (phase_list(r->db, &e, &r->a, r->user.id, &ph, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *site = req_query(r, "site");
    page_begin(r, w, _("Asesmen dan penempatan"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>",
      _("Setiap tahap PKS: daftar calon peserta (WBP yang memenuhi syarat asimilasi pada tanggal mulai program), asesmen "
        "awal, usulan penempatan ke program, dan daftar tunggu."));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "</tr></thead><tbody>",
      _("PKS"), _("Tahap"), _("Lokasi"), _("Program (kapasitas)"), _("Diasesmen"), _("Ditempatkan"),
      _("Daftar tunggu"));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (site && *site && !str_eq(site, ph[i].site_code)) continue;
        int64_t np = db_one_int(r->db, &e,
                                "SELECT count(*) FROM program WHERE agreement_id = ? AND phase = ? AND status <> "
                                "'dibatalkan'",
                                "ii", ph[i].agreement_id, (int64_t)ph[i].phase);
        int64_t cap = db_one_int(r->db, &e,
                                 "SELECT COALESCE(sum(capacity_max), 0) FROM program WHERE agreement_id = ? AND "
                                 "phase = ? AND status <> 'dibatalkan'",
                                 "ii", ph[i].agreement_id, (int64_t)ph[i].phase);
        int64_t as = db_one_int(r->db, &e, "SELECT count(*) FROM assessment WHERE agreement_id = ? AND phase = ?", "ii",
                                ph[i].agreement_id, (int64_t)ph[i].phase);
        int64_t pl = db_one_int(r->db, &e,
                                "SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = ? AND status IN "
                                "('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus')",
                                "ii", ph[i].agreement_id, (int64_t)ph[i].phase);
        int64_t wt = db_one_int(r->db, &e,
                                "SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = ? AND status = "
                                "'daftar_tunggu'",
                                "ii", ph[i].agreement_id, (int64_t)ph[i].phase);
        h(b, "<tr><td><a href=\"/phases/%D\">%s</a></td><td>%d</td><td>%s</td><td>%D (%D)</td><td>%D</td>"
             "<td>%D</td><td>%D</td></tr>",
          ph[i].id, ph[i].agreement_title, ph[i].phase, ph[i].site_code, np, cap, as, pl, wt);
        shown++;
    }
    if (!shown) h(b, "<tr><td colspan=\"7\">%s</td></tr>", _("Belum ada tahap PKS (kuota per tahap) di lokasi Anda."));
    h(b, "</tbody></table>");
    if (ent_can(r, "GET", "/usulan"))
        h(b, "<p><a href=\"/usulan\">%s</a> · <a href=\"/tpp\">%s</a></p>", _("Usulan asimilasi"),
          _("Daftar sidang TPP"));
    page_end(r, w);
    return 0;
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
    if (load_data(r, &d) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Calon peserta: %s"), phase_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_header(r, b, &d, "");
    programs_table(r, b, &d);
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
          c->name, c->eligible_from != DATE_NONE ? ddate(r, c->eligible_from) : _("belum dapat diperkirakan"),
          c->evaluated ? "" : arena_printf(&r->a, " <span class=\"muted\">(%s)</span>", _("tidak di dalam Lapas")),
          ddate(r, c->release));
        if (c->assessment_id)
            h(b, "<a href=\"/assessments/%D\">%s</a>", c->assessment_id,
              arena_printf(&r->a, _("Sudah, %s"), fmt_date_id(&r->a, c->assessed_on)));
        else
            h(b, "%s", _("Belum"));
        if (can_assess)
            h(b, " · <a href=\"/phases/%D/assess?wbp=%D\">%s</a>", d.ph.id, c->wbp_id,
              c->assessment_id ? _("Ubah") : _("Asesmen"));
        h(b, "</td><td>%s</td><td>", interests_text(r, &d, c));
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
    page_end(r, w);
    return 0;
}

int page_phase_candidates_csv(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    w->ctype = "text/csv; charset=utf-8";
    resp_header(w, "Content-Disposition",
                arena_printf(&r->a, "attachment; filename=\"calon-tahap-%d-pks-%lld.csv\"", d.ph.phase,
                             (long long)d.ph.agreement_id));
    buf_t *b = &w->body;
    buf_puts(b, "\xEF\xBB\xBF"
                "wbp_id,regno,name,eligible,eligible_from,release,assessed_on,interests,status,program_id,wait_rank\r\n");
    for (int i = 0; i < d.ncand; i++) {
        const ph_cand_t *c = &d.cand[i];
        char ef[DATE_ISO_LEN], rel[DATE_ISO_LEN];
        date_format(c->eligible_from, ef);
        date_format(c->release, rel);
        const char *interests = interests_text(r, &d, c);
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

/* ---------------------------------------------------------------- the fast assessment page */

/* The candidate to assess: ?wbp=ID, else the first one not assessed yet after
 * ?after=ID (in list order, wrapping), else the first not assessed. -1: none. */
static int target_cand(req_t *r, const phase_data_t *d)
{
    const char *wbp = req_query(r, "wbp");
    int64_t id;
    if (wbp && *wbp) return parse_i64(wbp, &id) ? phase_cand_index(d, id) : -1;
    int start = 0;
    const char *after = req_query(r, "after");
    if (after && parse_i64(after, &id) && phase_cand_index(d, id) >= 0) start = phase_cand_index(d, id) + 1;
    for (int k = 0; k < d->ncand; k++) {
        int i = (start + k) % d->ncand;
        if (!d->cand[i].assessment_id && d->cand[i].pool) return i;
    }
    return -1;
}

static void msg_for(buf_t *b, const field_errs_t *fe, const char *field, const char *id)
{
    const char *m = fe ? field_errs_for(fe, field) : NULL;
    if (m) h(b, "<div class=\"msg\" id=\"m-%s\">%s</div>", id, m);
}
static const char *inv(req_t *r, const field_errs_t *fe, const char *field, const char *id)
{
    return fe && field_errs_for(fe, field) ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"m-%s\"", id)
                                           : "";
}

static void select_level(req_t *r, buf_t *b, const char *name, const char *label, const char *cur,
                         const field_errs_t *fe)
{
    int f = rec_field_index(&assessment_def, name);
    const field_def_t *fd = &assessment_def.fields[f];
    h(b, "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\"%R>", name, label, name,
      name, inv(r, fe, name, name));
    if (!fd->def) h(b, "<option value=\"\">—</option>");
    for (int k = 0; fd->choices[k]; k++)
        h(b, "<option value=\"%s\"%R>%s</option>", fd->choices[k], str_eq(cur, fd->choices[k]) ? " selected" : "",
          _(fd->clabels[k]));
    h(b, "</select>");
    msg_for(b, fe, name, name);
    h(b, "</div>");
}

/* The form for candidate ci (values from in; errors fe, may be NULL). */
static void assess_form(req_t *r, resp_t *w, const phase_data_t *d, int ci, const assess_in_t *in,
                        const field_errs_t *fe)
{
    buf_t *b = &w->body;
    const ph_cand_t *c = &d->cand[ci];
    err_t e;
    err_clear(&e);
    rec_t wbp;
    bool have = rec_load(r->db, &e, &r->a, &wbp_def, r->user.id, c->wbp_id, &wbp) == 1;
    if (fe && fe->n) {
        h(b, "<div class=\"error\" role=\"alert\"><p>%s</p><ul>", _("Periksa kembali isian berikut:"));
        for (int i = 0; i < fe->n; i++) h(b, "<li>%s</li>", fe->e[i].msg);
        h(b, "</ul></div>");
    }
    h(b, "<h2 id=\"wbp\">%s — %s</h2><dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
         "<dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
      c->regno, c->name, _("Tindak pidana"), have && wbp.v[WF_CRIME_DETAIL] ? wbp.v[WF_CRIME_DETAIL] : "-",
      _("Pidana"), have ? wbp_sentence_text(&r->a, wbp.v) : "-", _("Memenuhi syarat asimilasi sejak"),
      c->eligible_from != DATE_NONE ? ddate(r, c->eligible_from) : _("belum dapat diperkirakan"),
      _("Perkiraan bebas"), ddate(r, c->release));
    h(b, "<form method=\"post\" action=\"/phases/%D/assess\" novalidate>", d->ph.id);
    h_csrf(r, b);
    h(b, "<input type=\"hidden\" name=\"wbp_id\" value=\"%D\">", c->wbp_id);
    h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Minat (1 = pilihan pertama), nilai tes bakat dan kelayakan fisik per kejuruan"), _("Kejuruan"),
      _("Urutan minat"), _("Nilai bakat (0-100)"), _("Layak fisik"));
    for (int t = 0; t < d->ntrade; t++) {
        const char *code = d->trade[t].code, **v = in->trades[t].v;
        const char *fr = arena_printf(&r->a, "interest_rank_%s", code), *fa = arena_printf(&r->a, "aptitude_%s", code),
                   *ff = arena_printf(&r->a, "fit_%s", code);
        h(b, "<tr><th scope=\"row\">%s (%s)</th><td><select id=\"f-%s\" name=\"%s\" aria-label=\"%s\"%R%R>"
             "<option value=\"\">—</option>",
          d->trade[t].name, code, fr, fr, arena_printf(&r->a, _("Urutan minat %s"), d->trade[t].name),
          t == 0 ? " autofocus" : "", inv(r, fe, fr, fr));
        for (int k = 1; k <= d->ntrade; k++) {
            const char *s = arena_printf(&r->a, "%d", k);
            h(b, "<option value=\"%s\"%R>%s</option>", s, str_eq(v[ATF_INTEREST_RANK], s) ? " selected" : "", s);
        }
        h(b, "</select>");
        msg_for(b, fe, fr, fr);
        h(b, "</td><td><input id=\"f-%s\" name=\"%s\" type=\"number\" min=\"0\" max=\"100\" inputmode=\"numeric\" "
             "value=\"%s\" aria-label=\"%s\"%R>",
          fa, fa, v[ATF_APTITUDE] ? v[ATF_APTITUDE] : "", arena_printf(&r->a, _("Nilai bakat %s"), d->trade[t].name),
          inv(r, fe, fa, fa));
        msg_for(b, fe, fa, fa);
        h(b, "</td><td><select id=\"f-%s\" name=\"%s\" aria-label=\"%s\"%R><option value=\"\">%s</option>"
             "<option value=\"1\"%R>%s</option><option value=\"0\"%R>%s</option></select>",
          ff, ff, arena_printf(&r->a, _("Layak fisik %s"), d->trade[t].name), inv(r, fe, ff, ff), _("belum dinilai"),
          str_eq(v[ATF_FIT], "1") ? " selected" : "", _("Ya"), str_eq(v[ATF_FIT], "0") ? " selected" : "", _("Tidak"));
        msg_for(b, fe, ff, ff);
        h(b, "</td></tr>");
    }
    h(b, "</tbody></table>");
    msg_for(b, fe, "interests", "interests");
    h(b, "<div class=\"grid\">");
    select_level(r, b, "literacy", _("Baca tulis"), in->v[ASF_LITERACY], fe);
    select_level(r, b, "numeracy", _("Berhitung"), in->v[ASF_NUMERACY], fe);
    select_level(r, b, "risk", _("Tingkat risiko"), in->v[ASF_RISK] ? in->v[ASF_RISK] : "rendah", fe);
    h(b, "<div class=\"field\"><label for=\"f-experience\">%s</label><input id=\"f-experience\" name=\"experience\" "
         "maxlength=\"1000\" value=\"%s\"%R>",
      _("Pengalaman kerja sebelumnya"), in->v[ASF_EXPERIENCE] ? in->v[ASF_EXPERIENCE] : "",
      inv(r, fe, "experience", "experience"));
    msg_for(b, fe, "experience", "experience");
    h(b, "</div><div class=\"field\"><label for=\"f-notes\">%s</label><textarea id=\"f-notes\" name=\"notes\" rows=\"2\""
         " maxlength=\"2000\"%R>%s</textarea>",
      _("Catatan"), inv(r, fe, "notes", "notes"), in->v[ASF_NOTES] ? in->v[ASF_NOTES] : "");
    msg_for(b, fe, "notes", "notes");
    const char *on = in->v[ASF_ASSESSED_ON], *by = in->v[ASF_ASSESSOR];
    h(b, "</div><div class=\"field\"><label for=\"f-assessed_on\">%s *</label><input id=\"f-assessed_on\" "
         "name=\"assessed_on\" type=\"date\" value=\"%s\"%R>",
      _("Tanggal asesmen"), on ? on : "", inv(r, fe, "assessed_on", "assessed_on"));
    msg_for(b, fe, "assessed_on", "assessed_on");
    h(b, "</div><div class=\"field\"><label for=\"f-assessor\">%s *</label><input id=\"f-assessor\" name=\"assessor\" "
         "maxlength=\"120\" value=\"%s\"%R>",
      _("Asesor"), by ? by : "", inv(r, fe, "assessor", "assessor"));
    msg_for(b, fe, "assessor", "assessor");
    h(b, "</div></div><p class=\"actions\"><button type=\"submit\" name=\"next\" value=\"1\">%s</button> "
         "<button type=\"submit\" name=\"next\" value=\"0\">%s</button> <a href=\"/phases/%D/assess?after=%D\">%s</a></p>"
         "</form>",
      _("Simpan & berikutnya"), _("Simpan"), d->ph.id, c->wbp_id, _("Lewati"));
}

/* The jump list: every candidate, marked when assessed. */
static void assess_picker(buf_t *b, const phase_data_t *d, int cur)
{
    h(b, "<form class=\"filters\" method=\"get\" action=\"/phases/%D/assess\"><div><label for=\"pick\">%s</label>"
         "<select id=\"pick\" name=\"wbp\">",
      d->ph.id, _("Pilih WBP lain"));
    for (int i = 0; i < d->ncand; i++)
        h(b, "<option value=\"%D\"%R>%s%s — %s</option>", d->cand[i].wbp_id, i == cur ? " selected" : "",
          d->cand[i].assessment_id ? "✓ " : "", d->cand[i].regno, d->cand[i].name);
    h(b, "</select></div><div><button type=\"submit\">%s</button></div></form>", _("Buka"));
}

static void assess_page(req_t *r, resp_t *w, const phase_data_t *d, int ci, const assess_in_t *in,
                        const field_errs_t *fe)
{
    page_begin(r, w, arena_printf(&r->a, _("Asesmen awal: %s"), phase_title(r, &d->ph)));
    buf_t *b = &w->body;
    phase_header(r, b, d, "/assess");
    int assessed = 0;
    for (int i = 0; i < d->ncand; i++) assessed += d->cand[i].assessment_id != 0;
    const char *saved = req_query(r, "saved");
    int64_t sid;
    if (saved && parse_i64(saved, &sid) && phase_cand_index(d, sid) >= 0)
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Asesmen %s tersimpan."), d->cand[phase_cand_index(d, sid)].regno));
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>",
      arena_printf(&r->a, _("%d dari %d calon sudah diasesmen. Tab berpindah antar isian; Enter menyimpan dan membuka "
                             "calon berikutnya yang belum diasesmen."),
                   assessed, d->ncand));
    if (ci < 0) {
        h(b, "<p class=\"notice\">%s</p><p><a href=\"/phases/%D\">%s</a> · <a href=\"/phases/%D/placement\">%s</a></p>",
          _("Semua calon yang memenuhi syarat sudah diasesmen."), d->ph.id, _("Ke daftar calon"), d->ph.id,
          _("Lihat usulan penempatan"));
    } else
        assess_form(r, w, d, ci, in, fe);
    if (d->ncand) assess_picker(b, d, ci);
    page_end(r, w);
}

int page_phase_assess_form(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    const char *wbp = req_query(r, "wbp");
    int ci = target_cand(r, &d);
    if (ci < 0 && wbp && *wbp)
        return web_fail(r, 404, "not_found", "%s", _("WBP ini bukan calon peserta tahap ini"));
    assess_in_t in;
    if (ci >= 0 && d.cand[ci].assessment_id) assess_in_from_cand(&r->a, &d, ci, &in);
    else {
        assess_in_init(&r->a, &d, &in);
        char today[11];
        today_iso(today);
        const char *on = req_query(r, "on"), *by = req_query(r, "by");
        char iso[11];
        in.v[ASF_ASSESSED_ON] = on && date_normalise(on, iso) ? arena_strdup(&r->a, iso) : arena_strdup(&r->a, today);
        in.v[ASF_ASSESSOR] = by && *by && strlen(by) <= 120 && utf8_valid_text(by, strlen(by)) ? by : r->user.full_name;
    }
    if (ci >= 0) in.v[ASF_WBP_ID] = arena_printf(&r->a, "%lld", (long long)d.cand[ci].wbp_id);
    assess_page(r, w, &d, ci, &in, NULL);
    return 0;
}

/* The assessment input from a form or a JSON object (get: the value of a key). */
static void assess_read(req_t *r, const phase_data_t *d, assess_in_t *in, field_errs_t *fe,
                        const char *(*get)(req_t *, void *, const char *), void *ctx)
{
    assess_in_init(&r->a, d, in);
    static const int fields[] = {ASF_WBP_ID,   ASF_ASSESSED_ON, ASF_ASSESSOR, ASF_LITERACY,
                                 ASF_NUMERACY, ASF_RISK,        ASF_EXPERIENCE, ASF_NOTES};
    for (size_t i = 0; i < ARRAY_LEN(fields); i++)
        rec_set(&r->a, &assessment_def, in->v, fields[i], get(r, ctx, assessment_def.fields[fields[i]].name), fe);
    static const char *const pre[] = {"interest_rank_", "aptitude_", "fit_"};
    static const int tf[] = {ATF_INTEREST_RANK, ATF_APTITUDE, ATF_FIT};
    for (int t = 0; t < d->ntrade; t++)
        for (int k = 0; k < 3; k++)
            assess_trade_set(&r->a, &in->trades[t], tf[k],
                             get(r, ctx, arena_printf(&r->a, "%s%s", pre[k], d->trade[t].code)), fe);
}
static const char *form_get(req_t *r, void *ctx, const char *k)
{
    (void)ctx;
    return req_form(r, k);
}

struct save_ctx {
    req_t *r;
    const phase_data_t *d;
    const assess_in_t *in;
    int64_t id;
    int result;
};
static int do_save(db_t *db, void *vc, err_t *e)
{
    struct save_ctx *c = vc;
    return assess_save(db, e, &c->r->a, web_actor(c->r), c->d, c->in, &c->id, &c->result);
}

/* Checks and saves in; field errors into fe (nothing saved). 0, or -1 with r->err. */
static int assess_submit(req_t *r, const phase_data_t *d, assess_in_t *in, field_errs_t *fe, struct save_ctx *sc)
{
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    assess_check(r->db, &e, &r->a, d, in, today, fe);
    if (fe->n) return 0;
    if (assess_check_phase(r->db, &e, &r->a, &d->ph, today, in->v[ASF_ASSESSED_ON]) < 0) {
        if (e.status != 422) return web_fail(r, e.status, e.code, "%s", e.msg);
        field_err(fe, "assessed_on", "%s", e.msg);
        return 0;
    }
    *sc = (struct save_ctx){r, d, in, 0, 0};
    if (db_tx(r->db, do_save, sc, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_phase_assess(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    assess_in_t in;
    field_errs_t fe = {0};
    assess_read(r, &d, &in, &fe, form_get, NULL);
    struct save_ctx sc;
    if (assess_submit(r, &d, &in, &fe, &sc) < 0) return -1;
    if (fe.n) {
        int ci = phase_cand_index(&d, num(in.v[ASF_WBP_ID]));
        if (ci < 0) return web_fail(r, 422, "validation", "%s", fe.e[0].msg);
        assess_page(r, w, &d, ci, &in, &fe);
        w->status = 422;
        return 0;
    }
    const char *wid = in.v[ASF_WBP_ID];
    if (str_eq(req_form(r, "next"), "0"))
        resp_redirect(w, arena_printf(&r->a, "/phases/%lld/assess?wbp=%s&saved=%s", (long long)d.ph.id, wid, wid));
    else {
        buf_t u;
        buf_init(&u);
        h(&u, "/phases/%D/assess?after=%u&saved=%u&on=%u&by=%u", d.ph.id, wid, wid, in.v[ASF_ASSESSED_ON],
          in.v[ASF_ASSESSOR]);
        resp_redirect(w, arena_strdup(&r->a, u.data));
        buf_release(&u);
    }
    return 0;
}

/* ---------------------------------------------------------------- CSV import */

int page_phase_import_form(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Impor asesmen: %s"), phase_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_header(r, b, &d, "/assessments/import");
    h(b, "<p>%s</p>",
      _("Berkas CSV (UTF-8, pemisah koma atau titik koma), baris pertama nama kolom. Setiap baris diperiksa dahulu; "
        "jika ada satu saja yang salah, tidak ada yang disimpan dan setiap kesalahan disebut dengan baris dan kolomnya. "
        "Impor ulang berkas yang sama tidak mengubah apa pun."));
    buf_t cols;
    buf_init(&cols);
    buf_puts(&cols, "regno,assessed_on,assessor,literacy,numeracy,risk,experience,notes,interests");
    for (int t = 0; t < d.ntrade; t++) buf_printf(&cols, ",aptitude_%s,fit_%s", d.trade[t].code, d.trade[t].code);
    h(b, "<p>%s</p><pre>%s</pre>", _("Kolom:"), cols.data);
    buf_release(&cols);
    h(b, "<ul><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul>",
      _("regno, assessed_on (TTTT-BB-HH), assessor wajib; literacy dan numeracy: baik, cukup, kurang; risk: rendah, "
        "sedang, tinggi."),
      _("interests: kode kejuruan menurut urutan minat, dipisah > (mis. LAS > KOMP); atau kolom interest_KODE berisi "
        "urutan 1, 2, ..."),
      _("aptitude_KODE: nilai tes bakat 0-100; fit_KODE: layak fisik ya atau tidak."),
      _("Kode kejuruan yang dibuka pada tahap ini tertulis di daftar program di atas."));
    programs_table(r, b, &d);
    h(b, "<form method=\"post\" action=\"/phases/%D/assessments/import\" enctype=\"multipart/form-data\">", d.ph.id);
    h_csrf(r, b);
    h(b, "<div class=\"field\"><label for=\"f-file\">%s</label><input id=\"f-file\" name=\"file\" type=\"file\" "
         "accept=\".csv,text/csv\" required></div><div class=\"field\"><label><input type=\"checkbox\" name=\"dry_run\" "
         "value=\"1\"> %s</label></div><p><button type=\"submit\">%s</button></p></form>",
      _("Berkas CSV"), _("Uji coba saja (periksa tanpa menyimpan)"), _("Impor"));
    page_end(r, w);
    return 0;
}

int page_phase_import(req_t *r, resp_t *w)
{
    phase_t ph;
    if (load_phase(r, &ph) < 0) return -1;
    if (!r->file_data) return web_fail(r, 400, "missing_file", "%s", _("pilih berkas CSV yang akan diimpor"));
    bool dry = str_eq(req_form(r, "dry_run"), "1");
    wbp_import_result_t res;
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    if (assess_check_phase(r->db, &e, &r->a, &ph, today, NULL) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    int rc = assess_import_csv(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, r->file_data, r->file_len, dry, &res);
    if (rc < 0 && res.nerrors == 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Hasil impor asesmen"));
    buf_t *b = &w->body;
    if (res.nerrors) {
        w->status = 422;
        h(b, "<div class=\"error\" role=\"alert\"><p>%s</p></div><table><thead><tr><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          arena_printf(&r->a, _("Tidak ada yang disimpan: %ld kesalahan ditemukan."), res.nerrors), _("Baris"),
          _("Kolom"), _("Kesalahan"));
        for (int i = 0; i < res.nlisted; i++)
            h(b, "<tr><td>%D</td><td>%s</td><td>%s</td></tr>", (int64_t)res.errors[i].line,
              res.errors[i].column ? res.errors[i].column : "-", res.errors[i].message);
        h(b, "</tbody></table>");
    } else
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("%s: %ld baris — %ld baru, %ld diubah, %ld tidak berubah."),
                       dry ? _("Uji coba berhasil, tidak ada yang disimpan") : _("Impor selesai"), res.rows,
                       res.created, res.updated, res.unchanged));
    h(b, "<p><a href=\"/phases/%D/assessments/import\">%s</a> · <a href=\"/phases/%D\">%s</a></p>", ph.id,
      _("Impor berkas lain"), ph.id, _("Ke daftar calon"));
    page_end(r, w);
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
        /* the reason is recorded as the enrolment's reason, in Indonesian: marked so */
        h(b, "<td lang=\"id\">%s</td><td>%s</td></tr>", o->reason, o->change ? _("berubah") : "");
    }
}

int page_phase_placement(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    ph_plan_t p;
    err_t e;
    err_clear(&e);
    int rc = phase_plan(&r->a, &d, &p, &e);
    page_begin(r, w, arena_printf(&r->a, _("Usulan penempatan: %s"), phase_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_header(r, b, &d, "/placement");
    if (req_query(r, "applied"))
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Penempatan disimpan: %d baru, %d berubah, %d diperbarui."),
                       req_query_int(r, "created", 0, 0, 100000), req_query_int(r, "changed", 0, 0, 100000),
                       req_query_int(r, "updated", 0, 0, 100000)));
    if (rc < 0) {
        h(b, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
        programs_table(r, b, &d);
        page_end(r, w);
        return 0;
    }
    char at[DATE_ISO_LEN];
    date_format(d.at, at);
    h(b, "<p>%s</p>",
      arena_printf(&r->a,
                   _("Deferred acceptance dengan calon yang mengajukan: hasilnya stabil (tidak ada calon dan program "
                     "yang sama-sama lebih memilih satu sama lain) dan selalu sama untuk data yang sama. Aturan "
                     "prioritas: %s; kelayakan asimilasi dinilai per %s. Penempatan manual, peserta terdaftar, selesai "
                     "dan yang mundur tidak diubah."),
                   d.rules.head.code, fmt_date_id(&r->a, at)));
    h(b, "<div class=\"cards\"><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span>"
         "<b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b></div><div class=\"card\"><span>%s</span><b>%d</b>"
         "</div><div class=\"card\"><span>%s</span><b>%d</b></div></div>",
      _("Ditempatkan"), p.nplaced, _("Daftar tunggu"), p.nwait, _("Tetap (tidak diubah)"), p.nfixed,
      _("Belum diasesmen"), p.nunassessed, _("Perubahan"), p.nchanges);
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
          arena_printf(&r->a, _("Konfirmasi dan simpan penempatan (%d perubahan)"), p.nupdates));
    }
    for (int i = 0; i < d.nprog; i++) {
        const ph_program_t *g = &d.prog[i];
        h(b, "<h2>%s</h2><p class=\"muted\">%s</p>", g->name,
          arena_printf(&r->a, _("%s, mulai %s; kapasitas %d (minimum %d); tetap %d; usulan %d; pelamar memenuhi syarat %d"),
                       g->trade_name, ddate(r, g->start), g->cap_max, g->cap_min, g->seats_fixed, p.filled[i],
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
        h(b, "<tr><td><a href=\"/enrolments/%D\">%s</a></td><td>%s%R</td><td>%s</td><td lang=\"id\">%s</td></tr>",
          c->enrolment_id,
          c->regno, status_label(c->status),
          c->overridden ? arena_printf(&r->a, " <strong>(%s)</strong>", _("manual")) : "", pn ? pn : "-",
          c->reason ? c->reason : "");
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
    page_end(r, w);
    return 0;
}

int page_phase_apply(req_t *r, resp_t *w)
{
    phase_t ph;
    if (load_phase(r, &ph) < 0) return -1;
    const char *fp = req_form(r, "fingerprint");
    if (!fp || !*fp) return web_fail(r, 400, "missing_fingerprint", "%s", _("usulan penempatan yang dikonfirmasi tidak disebut; buka lagi halaman usulan"));
    char today[11];
    today_iso(today);
    ph_apply_t res;
    err_t e;
    err_clear(&e);
    if (phase_refuse_closed(r->db, &e, &r->a, &ph, today) < 0 ||
        phase_apply(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, today, fp, &res) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/phases/%lld/placement?applied=1&created=%d&changed=%d&updated=%d",
                                  (long long)ph.id, res.created, res.changed, res.updated));
    return 0;
}

/* ---------------------------------------------------------------- enrolment changes */

static int enrolment_do(req_t *r, bool override, const char *to, const char *program, const char *reason,
                        ph_promotion_t *prom)
{
    rec_t rec;
    if (ent_load(r, &enrolment_entity, r->id, &rec) < 0) return -1;
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    int rc;
    if (override) {
        int64_t pid = 0;
        if (program && *program && (!parse_i64(program, &pid) || pid <= 0))
            return web_fail(r, 400, "bad_program", "%s", _("program_id harus id program atau kosong (daftar tunggu)"));
        rc = enrol_override(r->db, &e, &r->a, web_actor(r), r->user.id, rec.id, pid, reason, today);
    } else
        rc = enrol_change_status(r->db, &e, &r->a, web_actor(r), r->user.id, rec.id, to, reason, today, prom);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_enrolment_status(req_t *r, resp_t *w)
{
    ph_promotion_t prom = {0};
    if (enrolment_do(r, false, req_form(r, "to"), NULL, req_form(r, "reason"), &prom) < 0) return -1;
    buf_t u;
    buf_init(&u);
    h(&u, "/enrolments/%D?saved=1", r->id);
    if (prom.enrolment_id) h(&u, "&promoted=%u", prom.regno);
    buf_puts(&u, "#riwayat");
    resp_redirect(w, arena_strdup(&r->a, u.data));
    buf_release(&u);
    return 0;
}

int page_enrolment_override(req_t *r, resp_t *w)
{
    if (enrolment_do(r, true, NULL, req_form(r, "program_id"), req_form(r, "reason"), NULL) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/enrolments/%lld?saved=1#riwayat", (long long)r->id));
    return 0;
}

/* ---------------------------------------------------------------- API */

int api_phases(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    phase_t *ph;
    int n;
    if (phase_list(r->db, &e, &r->a, r->user.id, &ph, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *site = req_query(r, "site");
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        if (site && *site && !str_eq(site, ph[i].site_code)) continue;
        json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:i}", "id", (json_int_t)ph[i].id,
                                               "agreement_id", (json_int_t)ph[i].agreement_id, "agreement",
                                               ph[i].agreement_title, "agreement_number", ph[i].agreement_number,
                                               "phase", ph[i].phase, "site", ph[i].site_code, "quota_min",
                                               ph[i].quota_min, "quota_max", ph[i].quota_max));
    }
    resp_json(w, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
    return 0;
}

int api_phase_candidates(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    resp_json(w, 200, phase_candidates_json(&d));
    return 0;
}

int api_phase_placement(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
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
    resp_json(w, 200, j);
    return 0;
}

/* POST /phases/{id}/reopen (form: reason) and /api/v1/phases/{id}/reopen
 * ({reason}): an admin reopens a closed phase (issue 22; audited). */
static int reopen(req_t *r, const char *reason)
{
    phase_t ph;
    if (load_phase(r, &ph) < 0) return -1;
    if (!reason || !*reason) return web_fail(r, 422, "field_required", "%s", _("Alasan membuka kembali wajib diisi"));
    err_t e;
    err_clear(&e);
    if (phase_reopen(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, reason) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_phase_reopen(req_t *r, resp_t *w)
{
    if (reopen(r, req_form(r, "reason")) < 0) return -1;
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
    if (reopen(r, reason) < 0) return -1;
    resp_json(w, 200, json_pack("{s:I, s:b}", "phase_id", (json_int_t)r->id, "closed", 0));
    return 0;
}

int api_phase_apply(req_t *r, resp_t *w)
{
    phase_t ph;
    if (load_phase(r, &ph) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val)
        if (!str_eq(key, "fingerprint")) {
            web_fail(r, 400, "unknown_field", _("kolom \"%.60s\" tidak dikenal (yang ada: fingerprint)"), key);
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
    if (phase_refuse_closed(r->db, &e, &r->a, &ph, today) < 0 ||
        phase_apply(r->db, &e, &r->a, web_actor(r), r->user.id, ph.id, today, fp, &res) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    phase_data_t d;
    ph_plan_t p;
    if (phase_data_load(r->db, &e, &r->a, &ph, today, &d) < 0 || phase_plan(&r->a, &d, &p, &e) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *o = phase_plan_json(&d, &p);
    json_object_set_new(o, "applied", json_pack("{s:i, s:i, s:i}", "created", res.created, "changed", res.changed,
                                                "updated", res.updated));
    resp_json(w, 200, o);
    return 0;
}

/* One stored assessment as JSON (the phase's candidate ci). */
static json_t *assessment_json(const phase_data_t *d, int ci)
{
    const ph_cand_t *c = &d->cand[ci];
    json_t *trades = json_array();
    for (int k = 0; k < c->nscores; k++) {
        const ph_score_t *s = &c->scores[k];
        const char *code = NULL;
        for (int t = 0; t < d->ntrade; t++)
            if (d->trade[t].id == s->kejuruan_id) code = d->trade[t].code;
        json_array_append_new(trades, json_pack("{s:I, s:o, s:o, s:o, s:o}", "kejuruan_id", (json_int_t)s->kejuruan_id,
                                                "code", code ? json_string(code) : json_null(), "interest_rank",
                                                s->rank >= 0 ? json_integer(s->rank) : json_null(), "aptitude",
                                                s->aptitude >= 0 ? json_integer(s->aptitude) : json_null(), "fit",
                                                s->fit >= 0 ? json_boolean(s->fit) : json_null()));
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o}", "id",
                          (json_int_t)c->assessment_id, "wbp_id", (json_int_t)c->wbp_id, "wbp", c->regno, "name",
                          c->name ? c->name : "", "assessed_on", c->assessed_on ? c->assessed_on : "", "assessor",
                          c->assessor ? c->assessor : "", "literacy",
                          c->literacy ? json_string(c->literacy) : json_null(), "numeracy",
                          c->numeracy ? json_string(c->numeracy) : json_null(), "risk", c->risk ? c->risk : "rendah",
                          "experience", c->experience ? json_string(c->experience) : json_null(), "notes",
                          c->notes ? json_string(c->notes) : json_null(), "trades", trades);
    return o;
}

int api_phase_assessments(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < d.ncand; i++)
        if (d.cand[i].assessment_id) json_array_append_new(items, assessment_json(&d, i));
    resp_json(w, 200, json_pack("{s:I, s:o, s:I}", "phase_id", (json_int_t)d.ph.id, "items", items, "total",
                                (json_int_t)json_array_size(items)));
    return 0;
}

/* JSON body -> form-like values: "trades": [{"kejuruan_id" or "code", "interest_rank", "aptitude", "fit"}]
 * and the assessment's own members. */
struct json_get {
    json_t *body;
    const phase_data_t *d;
    field_errs_t *fe;
};
static const char *json_val(req_t *r, json_t *v, const char *key, field_errs_t *fe)
{
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v)) return json_is_true(v) ? "1" : "0";
    field_err(fe, arena_strdup(&r->a, key), _("%s: tipe nilai tidak sah (harus teks, angka atau boolean)"), key);
    return NULL;
}
static const char *json_get_cb(req_t *r, void *vc, const char *k)
{
    struct json_get *g = vc;
    const phase_data_t *d = g->d;
    for (int t = 0; t < d->ntrade; t++) {
        static const char *const pre[] = {"interest_rank_", "aptitude_", "fit_"};
        for (int p = 0; p < 3; p++) {
            size_t n = strlen(pre[p]);
            if (strncmp(k, pre[p], n) || !str_eq(k + n, d->trade[t].code)) continue;
            json_t *trades = json_object_get(g->body, "trades");
            size_t i;
            json_t *it;
            json_array_foreach (trades, i, it) {
                json_t *kid = json_object_get(it, "kejuruan_id"), *code = json_object_get(it, "code");
                bool match = (json_is_integer(kid) && json_integer_value(kid) == d->trade[t].id) ||
                             (json_is_string(code) && !strcasecmp(json_string_value(code), d->trade[t].code));
                if (!match) continue;
                static const char *const keys[] = {"interest_rank", "aptitude", "fit"};
                return json_val(r, json_object_get(it, keys[p]), k, g->fe);
            }
            return NULL;
        }
    }
    return json_val(r, json_object_get(g->body, k), k, g->fe);
}

int api_phase_assess(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (load_data(r, &d) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    /* members and trades must be known */
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val) {
        if (str_eq(key, "trades")) {
            if (!json_is_array(val)) field_err(&fe, "trades", "%s", _("trades harus berupa daftar"));
            size_t i;
            json_t *it;
            json_array_foreach (val, i, it) {
                json_t *kid = json_object_get(it, "kejuruan_id"), *code = json_object_get(it, "code");
                bool known = false;
                for (int t = 0; t < d.ntrade && json_is_object(it); t++)
                    known |= (json_is_integer(kid) && json_integer_value(kid) == d.trade[t].id) ||
                             (json_is_string(code) && !strcasecmp(json_string_value(code), d.trade[t].code));
                if (!known)
                    field_err(&fe, "trades",
                              _("trades[%zu]: kejuruan tidak dibuka pada tahap ini (sebut kejuruan_id atau code)"), i);
            }
            continue;
        }
        int f = rec_field_index(&assessment_def, key);
        if (f < 0 || f == ASF_AGREEMENT_ID || f == ASF_PHASE)
            field_err(&fe, arena_strdup(&r->a, key), _("kolom \"%.60s\" tidak dikenal"), key);
    }
    struct json_get g = {body, &d, &fe};
    assess_in_t in;
    assess_read(r, &d, &in, &fe, json_get_cb, &g);
    struct save_ctx sc;
    int rc = assess_submit(r, &d, &in, &fe, &sc); /* checks everything, saves only when all is valid */
    json_decref(body);
    if (rc < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    phase_t ph = d.ph;
    if (phase_data_load(r->db, &e, &r->a, &ph, today, &d) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    int ci = phase_cand_index(&d, num(in.v[ASF_WBP_ID]));
    if (ci < 0) return web_fail(r, 500, "inconsistent", _("asesmen tersimpan tetapi tidak terbaca"));
    json_t *o = assessment_json(&d, ci);
    json_object_set_new(o, "result", json_string(sc.result == 1 ? "created" : sc.result == 2 ? "updated" : "unchanged"));
    resp_json(w, sc.result == 1 ? 201 : 200, o);
    return 0;
}

static int enrolment_api(req_t *r, resp_t *w, bool override)
{
    rec_t seen;
    if (ent_load(r, &enrolment_entity, r->id, &seen) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *to = NULL, *reason = NULL, *program = NULL;
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val) {
        bool ok = str_eq(key, "reason") || (!override && str_eq(key, "to")) || (override && str_eq(key, "program_id"));
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
    if (enrolment_do(r, override, to, program, reason, &prom) < 0) return -1;
    rec_t rec;
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
    resp_json(w, 200, o);
    return 0;
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
        db_stmt_t *st = db_query(r->db, &e,
                                 "SELECT x.id, a.number_site, x.phase, x.assessed_on, x.risk FROM assessment x "
                                 "JOIN agreement a ON a.id = x.agreement_id WHERE x.wbp_id = ? ORDER BY x.id",
                                 "i", wbp->id);
        while (st && db_step(st, &e) == 1) {
            h(b, "<tr><td><a href=\"/assessments/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>",
              db_col_int(st, 0), _("Asesmen awal"),
              arena_printf(&r->a, _("%s, tahap %d"), db_col_text(st, 1), (int)db_col_int(st, 2)),
              arena_printf(&r->a, _("risiko %s"), db_col_text(st, 4)), fmt_date_id(&r->a, db_col_text(st, 3)));
            rows++;
        }
        db_finalize(st);
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
        db_stmt_t *st = db_query(r->db, &e,
                                 "SELECT id, state, form, state_at FROM usulan WHERE wbp_id = ? ORDER BY id", "i",
                                 wbp->id);
        while (st && db_step(st, &e) == 1) {
            h(b, "<tr><td><a href=\"/usulan/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>", db_col_int(st, 0),
              _("Usulan asimilasi"), _(rec_choice_label(&usulan_def.fields[USF_FORM], db_col_text(st, 2))),
              db_col_text(st, 1), arena_strndup(&r->a, db_col_text(st, 3) ? db_col_text(st, 3) : "-", 10));
            rows++;
        }
        db_finalize(st);
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
        h(b, "</select></div><div><label for=\"us-notes\">%s</label><input id=\"us-notes\" name=\"notes\" "
             "maxlength=\"2000\"></div><div><button type=\"submit\">%s</button></div></form>",
          _("Catatan"), _("Buat usulan asimilasi"));
    }
}

void interest_counts_section(req_t *r, resp_t *w, const int64_t *ids, int n)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    /* every assessment's interests, latest assessment per WBP, by WBP id */
    db_stmt_t *st = db_query(r->db, &e,
                             "SELECT x.wbp_id, x.id, k.code, k.name, t.interest_rank FROM assessment_trade t "
                             "JOIN assessment x ON x.id = t.assessment_id JOIN kejuruan k ON k.id = t.kejuruan_id "
                             "WHERE t.interest_rank IS NOT NULL AND (? = 0 OR x.site_id IN (SELECT site_id FROM "
                             "user_site WHERE user_id = ?)) ORDER BY x.wbp_id, x.assessed_on, x.id",
                             "ii", r->user.id, r->user.id);
    typedef struct {
        const char *code, *name;
        int first, any;
    } tc_t;
    tc_t tc[64];
    int nt = 0, assessed = 0;
    int64_t cur_wbp = -1, cur_as = -1;
    bool in_set = false;
    /* rows of one WBP's latest assessment only: collect per WBP, keep the last assessment's rows */
    struct row {
        int64_t wbp, as;
        const char *code, *name;
        int rank;
    } *rows = NULL;
    int nr = 0, cap = 0;
    while (st && db_step(st, &e) == 1) {
        if (nr == cap) {
            cap = cap ? cap * 2 : 256;
            struct row *x = arena_alloc(&r->a, sizeof *x * (size_t)cap);
            if (nr) memcpy(x, rows, sizeof *x * (size_t)nr);
            rows = x;
        }
        rows[nr++] = (struct row){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(&r->a, db_col_text(st, 2)),
                                  arena_strdup(&r->a, db_col_text(st, 3)), (int)db_col_int(st, 4)};
    }
    db_finalize(st);
    for (int i = 0; i < nr; i++) {
        if (rows[i].wbp != cur_wbp) {
            cur_wbp = rows[i].wbp;
            /* the latest assessment of this WBP: the last rows' assessment id */
            int j = i;
            while (j + 1 < nr && rows[j + 1].wbp == cur_wbp) j++;
            cur_as = rows[j].as;
            int lo = 0, hi = n; /* ids are in ascending order */
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (ids[mid] < cur_wbp) lo = mid + 1;
                else hi = mid;
            }
            in_set = lo < n && ids[lo] == cur_wbp;
            assessed += in_set;
        }
        if (!in_set || rows[i].as != cur_as) continue;
        int t = 0;
        while (t < nt && !str_eq(tc[t].code, rows[i].code)) t++;
        if (t == nt) {
            if (nt == (int)ARRAY_LEN(tc)) continue;
            tc[nt++] = (tc_t){rows[i].code, rows[i].name, 0, 0};
        }
        tc[t].any++;
        tc[t].first += rows[i].rank == 1;
    }
    h(b, "<h2 id=\"minat\">%s</h2><p class=\"muted\">%s</p>", _("Menurut minat kejuruan"),
      arena_printf(&r->a, _("Dari WBP yang cocok dengan saringan: %d sudah diasesmen (minat dari asesmen awal "
                             "terakhir), %d belum."),
                   assessed, n - assessed));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
         "<tbody>",
      _("Kejuruan"), _("Pilihan pertama"), _("Berminat (pilihan mana pun)"));
    for (int t = 0; t < nt; t++)
        h(b, "<tr><td>%s (%s)</td><td>%d</td><td>%d</td></tr>", tc[t].name, tc[t].code, tc[t].first, tc[t].any);
    if (!nt) h(b, "<tr><td colspan=\"3\">%s</td></tr>", _("Belum ada asesmen minat."));
    h(b, "</tbody></table>");
}
