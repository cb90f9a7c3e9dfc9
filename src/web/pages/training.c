/* training.c — a programme's training page (participants with live
 * attendance and completion, sessions, schedule generation, start of training),
 * the attendance grid of one session (phone-sized: one card per participant with
 * big choices, no table), the session and holiday entities, and the helpers the
 * other training files share (training_common.c). */
#include "../pages.h"
#include "../training_common.h"
#include "../../core/program.h"
#include "../../core/training.h"
#include "../../store/program_store.h"
#include "../../store/scope.h"
#include "../../store/enrol_store.h"
#include "../../store/settings.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

const char training_css[] =
    ".scroll{overflow-x:auto;max-width:100%}.scroll table{min-width:480px}"
    ".att-list{display:grid;gap:10px;margin:10px 0}"
    "fieldset.att{border:1px solid var(--line);background:#fff;padding:8px 10px 10px;margin:0;min-width:0}"
    "fieldset.att legend{font-weight:600;padding:0 4px}"
    ".att-opts{display:grid;grid-template-columns:repeat(auto-fit,minmax(72px,1fr));gap:6px;margin:6px 0}"
    ".att-opts label{display:flex;align-items:center;gap:6px;min-height:44px;min-width:44px;padding:6px 8px;"
    "border:1px solid #8a929c;border-radius:4px;background:#f6f7f9;cursor:pointer;margin:0}"
    ".att-opts input{width:22px;height:22px;margin:0}"
    ".att-opts label:has(input:checked){background:#0b5d3b;color:#fff;border-color:#0b5d3b}"
    ".att .note{width:100%;min-height:40px}.att .meta{font-size:13px;color:var(--muted);margin:4px 0 0}"
    ".flag{color:var(--err);font-weight:600}"
    ".badge{display:inline-block;padding:1px 6px;border-radius:3px;background:#e9edf1;font-size:13px}"
    ".badge.bad{background:#fde8ec;color:var(--err)}.badge.good{background:#e3f4ea;color:#0b5d3b}"
    ".big button,button.big{min-height:48px;padding:10px 18px;font-size:16px}"
    "form.inline{display:inline}details{margin:10px 0}summary{cursor:pointer;font-weight:600;min-height:32px}"
    "dl.kv dd{margin:0;overflow-wrap:anywhere}"
    ".verify{padding:14px 16px;margin:12px 0;background:#fff;border:1px solid var(--line)}"
    ".verify.ok{border-left:8px solid var(--brand)}.verify.bad{border-left:8px solid var(--err)}"
    ".weekdays{display:flex;flex-wrap:wrap;gap:8px}.weekdays label{font-weight:normal;display:flex;gap:4px;"
    "align-items:center;min-height:32px}"
    "@media (max-width:600px){main{padding:8px 10px 30px}dl.kv{grid-template-columns:1fr}"
    "header nav ul{flex-wrap:wrap;gap:8px}}";

/* ---------------------------------------------------------------- shared helpers */

static const char *iso(req_t *r, date_t d)
{
    char b[DATE_ISO_LEN];
    date_format(d, b);
    return arena_strdup(&r->a, b);
}

static const char *unit_label(req_t *r, const trn_data_t *d, int64_t unit_id)
{
    int u = trn_unit_index(d, unit_id);
    if (u < 0) return "-";
    const trn_unit_t *x = &d->units[u];
    return arena_printf(&r->a, "%d. %s", x->seq, x->title ? x->title : "");
}

static const char *user_label(req_t *r, int64_t id)
{
    if (!id) return "-";
    err_t e;
    err_clear(&e);
    const char *s = prog_user_label(r->db, &e, &r->a, id);
    return s ? s : "-";
}

void training_program_links(req_t *r, resp_t *w, const rec_t *program)
{
    buf_t *b = &w->body;
    h(b, "<h2 id=\"pelatihan\">%s</h2><p class=\"actions\">", _("Pelaksanaan pelatihan"));
    h(b, "<a class=\"button\" href=\"/programs/%D/training\">%s</a>", program->id, _("Jadwal, kehadiran dan peserta"));
    h(b, " <a href=\"/programs/%D/results\">%s</a>", program->id, _("Hasil uji unit kompetensi"));
    if (ent_can(r, "GET", "/certificates"))
        h(b, " <a href=\"/certificates?program_id=%D\">%s</a>", program->id, _("Sertifikat program ini"));
    h(b, "</p>");
}

/* ---------------------------------------------------------------- session entity */

/* An instructor sees the sessions of own programmes only (as programs.c does for programmes). */
static void session_scope(req_t *r, rec_cond_t *conds, int *n, int cap)
{
    if (!str_eq(r->user.role, "instruktur")) return;
    rec_cond_t *c = rec_cond_add(conds, n, cap, INSTRUCTOR_PROGRAMS("r.program_id"));
    rec_cond_int(c, r->user.id);
}

/* The units of the trade of the programme of the session being edited (r->id). */
static int unit_options(req_t *r, int64_t site_id, ent_options_t *out)
{
    (void)site_id;
    err_t e;
    err_clear(&e);
    memset(out, 0, sizeof *out);
    if (trn_session_units(r->db, &e, &r->a, r->id, &out->n, &out->id, &out->label) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}
/* A session keeps its programme; its unit must be one of the programme's trade;
 * its times must hold its JP (rule set in force on the programme's start). */
static int session_check(ent_write_t *w, err_t *e)
{
    const char **v = w->v;
    if (w->before && !str_eq(v[TSF_PROGRAM_ID], w->before->v[TSF_PROGRAM_ID]))
        field_err(w->fe, "program_id", "%s", _("Program sebuah sesi tidak dapat diubah"));
    int64_t pid = w->before ? strtoll(w->before->v[TSF_PROGRAM_ID], NULL, 10) : strtoll(v[TSF_PROGRAM_ID] ? v[TSF_PROGRAM_ID] : "0", NULL, 10);
    int jp_minutes = 0;
    const char *start_iso;
    int rc = trn_program_start(w->db, e, &w->r->a, pid, &start_iso);
    if (rc < 0) return -1;
    if (rc == 1) {
        date_t start;
        train_rules_t rules;
        err_t ignore;
        if (date_parse(start_iso, &start) && train_rules_builtin_at(start, NULL, &rules, &ignore) == 0)
            jp_minutes = rules.jp_minutes;
    }
    session_validate(v, jp_minutes, w->fe);
    if (v[TSF_UNIT_ID]) {
        int n = trn_unit_of_program(w->db, e, strtoll(v[TSF_UNIT_ID], NULL, 10), pid);
        if (n < 0) return -1;
        if (n == 0) field_err(w->fe, "unit_id", "%s", _("Unit kompetensi itu bukan unit kejuruan program ini"));
    }
    return 0;
}

const entity_t session_entity = {
    .def = &session_def,
    .slug = "sessions",
    .title = N_("Sesi pelatihan"),
    .one = N_("Sesi"),
    .label_field = TSF_SESSION_DATE,
    .list_cols = L(TSF_SESSION_DATE, TSF_START_TIME, TSF_END_TIME, TSF_JP, TSF_UNIT_ID, TSF_INSTRUCTOR_ID),
    .sort = L(TSF_SESSION_DATE),
    .default_sort = TSF_SESSION_DATE,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{TSF_PROGRAM_ID, &program_entity, "program_name"},
                                {TSF_UNIT_ID, NULL, "unit_title", unit_options, trn_unit_label, trn_unit_at_site},
                                {TSF_INSTRUCTOR_ID, .label_key = "instructor_name", .user_role = "instruktur"},
                                {-1}},
    .check = session_check,
    .scope = session_scope,
};

/* ---------------------------------------------------------------- holiday entity */

static void holiday_show(req_t *r, resp_t *w, const rec_t *rec)
{
    const char *del = arena_printf(&r->a, "/holidays/%lld/delete", (long long)rec->id);
    if (!ent_can(r, "POST", del)) return;
    buf_t *b = &w->body;
    h(b, "<form method=\"post\" action=\"%s\">", del);
    h_csrf(r, b);
    h(b, "<input type=\"hidden\" name=\"holiday_date\" value=\"%s\"><button type=\"submit\">%s</button></form>",
      rec->v[HF_DATE], _("Hapus hari libur ini"));
}

const entity_t holiday_entity = {
    .def = &holiday_def,
    .slug = "holidays",
    .title = N_("Hari libur"),
    .one = N_("Hari libur"),
    .label_field = HF_NAME,
    .list_cols = L(HF_DATE, HF_NAME),
    .search = L(HF_NAME),
    .sort = L(HF_DATE, HF_NAME),
    .default_sort = HF_DATE,
    .default_desc = true,
    .unique_field = HF_DATE,
    .show = holiday_show,
};

struct holiday_del {
    req_t *r;
    const rec_t *rec;
};
static int do_holiday_delete(db_t *db, void *vc, err_t *e)
{
    struct holiday_del *c = vc;
    return rec_delete(db, e, &holiday_def, web_actor(c->r), c->rec);
}

/* The form repeats the holiday's date, so a stale or forged form cannot delete another day. */
int page_holiday_delete(req_t *r, resp_t *w)
{
    rec_t rec;
    if (ent_load(r, &holiday_entity, r->id, &rec) < 0) return -1;
    const char *d = req_form(r, "holiday_date");
    if (!str_eq(d, rec.v[HF_DATE]))
        return web_fail(r, 422, "validation", _("Konfirmasi tanggal hari libur tidak cocok; muat ulang halaman lalu coba lagi"));
    struct holiday_del c = {r, &rec};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_holiday_delete, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, "/holidays?saved=1");
    return 0;
}

/* ---------------------------------------------------------------- programme training page */

/* ent_can for pre + id + post ("/programs/", 7, "/start"). */
static bool can(req_t *r, const char *method, const char *pre, int64_t id, const char *post)
{
    return ent_can(r, method, arena_printf(&r->a, "%s%lld%s", pre, (long long)id, post));
}

static void generate_form(req_t *r, buf_t *b, const trn_data_t *d)
{
    int jp_day = 8;
    rec_t prog;
    err_t e;
    err_clear(&e);
    if (rec_load(r->db, &e, &r->a, &program_def, 0, d->p.id, &prog) == 1 && prog.v[PGF_DAYS] && d->p.total_jp > 0) {
        long days = strtol(prog.v[PGF_DAYS], NULL, 10);
        if (days > 0) jp_day = (int)((d->p.total_jp + days - 1) / days);
        if (jp_day > 12) jp_day = 12;
    }
    h(b, "<details%R><summary>%s</summary>", d->n_sessions ? "" : " open", _("Buat jadwal sesi"));
    h(b, "<p class=\"muted\">%s</p>",
      _("Sesi dibuat dari tanggal mulai sampai selesai program pada hari latihan yang dipilih; hari libur lokasi dan "
        "tanggal yang dibatalkan dilewati. Unit kompetensi diajarkan berurutan sesuai JP-nya. Membuat ulang jadwal "
        "menghapus sesi yang belum dibatalkan dan hanya dapat dilakukan sebelum ada kehadiran yang dicatat."));
    h(b, "<form method=\"post\" action=\"/programs/%D/sessions/generate\"><input type=\"hidden\" name=\"confirm\" "
         "value=\"1\">",
      d->p.id);
    h_csrf(r, b);
    /* the days' names in the reader's language; the values stay the rule's codes */
    static const char *const wd_label[7] = {N_("Senin"), N_("Selasa"), N_("Rabu"),  N_("Kamis"),
                                            N_("Jumat"), N_("Sabtu"),  N_("Minggu")};
    h(b, "<fieldset><legend>%s</legend><div class=\"weekdays\">", _("Hari latihan"));
    for (int i = 1; i <= 7; i++)
        h(b, "<label><input type=\"checkbox\" name=\"weekday\" value=\"%s\"%R> %s</label>", sched_weekday_name(i),
          i <= 5 ? " checked" : "", _(wd_label[i - 1]));
    h(b, "</div></fieldset><div class=\"grid\">");
    h(b, "<div class=\"field\"><label for=\"g-jp\">%s</label><input id=\"g-jp\" name=\"jp_per_day\" type=\"number\" "
         "min=\"1\" max=\"24\" value=\"%d\"></div>",
      _("JP per hari"), jp_day);
    h(b, "<div class=\"field\"><label for=\"g-start\">%s</label><input id=\"g-start\" name=\"day_start\" "
         "value=\"08:00\"></div>",
      _("Jam mulai (JJ:MM)"));
    h(b, "<div class=\"field\"><label for=\"g-break\">%s</label><input id=\"g-break\" name=\"break_after_jp\" "
         "type=\"number\" min=\"0\" max=\"24\" value=\"4\"></div>",
      _("Istirahat sesudah JP ke- (0: tanpa istirahat)"));
    h(b, "<div class=\"field\"><label for=\"g-bmin\">%s</label><input id=\"g-bmin\" name=\"break_minutes\" "
         "type=\"number\" min=\"0\" max=\"240\" value=\"30\"></div>",
      _("Lama istirahat (menit)"));
    h(b, "<div class=\"field\"><label for=\"g-instr\">%s</label><select id=\"g-instr\" name=\"instructor_id\">"
         "<option value=\"\">—</option>",
      _("Instruktur"));
    user_list_t ins;
    prog_instructors(r->db, &e, &r->a, d->p.id, &ins);
    for (int i = 0; i < ins.n; i++)
        h(b, "<option value=\"%D\"%R>%s (%s)</option>", ins.id[i], i == 0 ? " selected" : "", ins.full_name[i],
          ins.name[i]);
    h(b, "</select></div>");
    h(b, "<div class=\"field\"><label for=\"g-cancel\">%s</label><textarea id=\"g-cancel\" name=\"cancelled\" "
         "rows=\"3\"></textarea></div></div>",
      _("Tanggal yang dibatalkan (satu per baris, TTTT-BB-HH)"));
    h(b, "<p><button type=\"submit\">%s</button> <a href=\"/holidays\">%s</a></p></form></details>",
      _("Buat jadwal"), _("Kelola hari libur"));
}

static void participants_table(req_t *r, buf_t *b, const trn_data_t *d, const train_rules_t *rules, date_t today)
{
    char minbuf[16];
    att_rate_format(rules->att.min_rate_bp, minbuf);
    h(b, "<h2 id=\"peserta\">%s</h2>", _("Peserta"));
    if (d->n_people == 0) {
        h(b, "<p>%s</p>", _("Belum ada peserta yang ditempatkan di program ini."));
        return;
    }
    h(b, "<p class=\"muted\">%s %s. %s</p>", _("Kehadiran minimum:"), minbuf,
      _("Persentase dihitung dari sesi yang sudah berlangsung dan sudah dicatat (aturan pelatihan)."));
    h(b, "<div class=\"scroll\"><table>");
    h_thead(b, _("Nama"), _("Status"), _("JP hadir / terlaksana"), _("Kehadiran"), _("Unit kompeten"), _("Kelulusan"), NULL);
    for (int i = 0; i < d->n_people; i++) {
        const trn_participant_t *p = &d->people[i];
        comp_eval_t ev;
        trn_evaluate(d, rules, i, today, &ev);
        h(b, "<tr><td><a href=\"/enrolments/%D/training\">%s</a></td><td>%s</td><td>%d / %d</td><td>%s", p->enrolment_id,
          p->name, _(enrol_status_label(p->status)), ev.att.attended_jp, ev.att.held_jp, trn_web_rate(r, &ev.att));
        if (ev.att.below_min) h(b, " <span class=\"flag\">%s</span>", _("di bawah minimum"));
        h(b, "</td><td>%d / %d</td><td>%s</td></tr>", ev.units_kompeten, d->n_units, trn_web_outcome_label(ev.outcome));
    }
    h(b, "</tbody></table></div>");
}

static void sessions_table(req_t *r, buf_t *b, const trn_data_t *d)
{
    h(b, "<h2 id=\"sesi\">%s</h2>", _("Sesi"));
    if (d->n_sessions == 0) {
        h(b, "<p>%s</p>", _("Belum ada sesi. Buat jadwal dari rencana program."));
        return;
    }
    int attending = 0, jp = 0, n = 0;
    for (int i = 0; i < d->n_people; i++) attending += trn_person_attends(&d->people[i]);
    for (int i = 0; i < d->n_sessions; i++)
        if (!d->sessions[i].cancelled) jp += d->sessions[i].jp, n++;
    h(b, "<p>%d %s, %d JP.</p>", n, _("sesi"), jp);
    bool edit = d->n_sessions && can(r, "GET", "/sessions/", d->sessions[0].id, "/edit");
    h(b, "<div class=\"scroll\"><table>");
    h_thead(b, _("Tanggal"), _("Jam"), _("JP"), _("Unit kompetensi"), _("Instruktur"), _("Kehadiran"), NULL);
    for (int i = 0; i < d->n_sessions; i++) {
        const trn_session_t *s = &d->sessions[i];
        int entered = 0;
        for (int k = 0; k < d->n_people; k++)
            if (trn_person_attends(&d->people[k]) && trn_att_find(d, s->id, d->people[k].enrolment_id)) entered++;
        h(b, "<tr><td><a href=\"/sessions/%D\">%s</a></td><td>%s–%s</td><td>%d</td><td>%s</td><td>%s</td><td>",
          s->id, fmt_date_id(&r->a, s->date_iso), s->start_time, s->end_time, s->jp, unit_label(r, d, s->unit_id),
          user_label(r, s->instructor_id));
        if (s->cancelled)
            h(b, "<span class=\"badge bad\">%s</span> %s", _("Dibatalkan"), s->cancel_reason ? s->cancel_reason : "");
        else
            h(b, "%d / %d", entered, attending);
        if (edit) h(b, " <a href=\"/sessions/%D/edit\">%s</a>", s->id, _("Ubah"));
        h(b, "</td></tr>");
    }
    h(b, "</tbody></table></div>");
}

/* The outcome of the last action, from numbers in the query string (never text). */
static void training_notices(req_t *r, buf_t *b)
{
    const char *t = NULL;
    if (req_query(r, "created"))
        t = arena_printf(&r->a, _("Jadwal dibuat: %d sesi pada %d hari latihan; %d hari libur atau batal dilewati."),
                         req_query_int(r, "created", 0, 0, 100000), req_query_int(r, "days", 0, 0, 100000),
                         req_query_int(r, "skipped", 0, 0, 100000));
    if (t && req_query_int(r, "nounits", 0, 0, 1))
        t = arena_printf(&r->a, "%s %s", t,
                         _("Jumlah JP unit kompetensi tidak sama dengan JP program, jadi unit tidak dibagikan ke sesi."));
    if (req_query(r, "started"))
        t = arena_printf(&r->a, _("%d peserta terdaftar."), req_query_int(r, "started", 0, 0, 100000));
    if (req_query(r, "lulus"))
        t = arena_printf(&r->a, _("Kelulusan ditetapkan: %d lulus, %d tidak lulus, %d belum dapat ditetapkan."),
                         req_query_int(r, "lulus", 0, 0, 100000), req_query_int(r, "gagal", 0, 0, 100000),
                         req_query_int(r, "belum", 0, 0, 100000));
    if (req_query(r, "issued"))
        t = arena_printf(&r->a, _("%d sertifikat diterbitkan, %d gagal."), req_query_int(r, "issued", 0, 0, 100000),
                         req_query_int(r, "failed", 0, 0, 100000));
    if (req_query(r, "saved")) t = _("Data tersimpan.");
    if (t) h(b, "<p class=\"notice\" role=\"status\">%s</p>", t);
}

int page_training(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    date_t today = trn_web_today(r, d.p.site_id);
    page_begin(r, w, arena_printf(&r->a, "%s: %s", _("Pelatihan"), d.p.name));
    buf_t *b = &w->body;
    training_notices(r, b);
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd><a href=\"/programs/%D\">%s</a></dd><dt>%s</dt><dd>%s</dd>"
         "<dt>%s</dt><dd>%s – %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
      _("Program"), d.p.id, d.p.name, _("Kejuruan"), d.p.trade_name, _("Rencana"), fmt_date_id(&r->a, d.p.start_date),
      fmt_date_id(&r->a, d.p.end_date), _("Penyelenggara"), d.p.provider_name ? d.p.provider_name : "-",
      _("Aturan pelatihan"), rules.code);
    h(b, "<p class=\"actions\"><a href=\"/programs/%D/results\">%s</a>", d.p.id, _("Hasil uji unit kompetensi"));
    if (ent_can(r, "GET", "/certificates"))
        h(b, " <a href=\"/certificates?program_id=%D\">%s</a>", d.p.id, _("Sertifikat"));
    h(b, "</p>");

    int placed = 0, enrolled = 0, done = 0;
    for (int i = 0; i < d.n_people; i++) {
        placed += d.people[i].status == ENROL_DITEMPATKAN;
        enrolled += d.people[i].status == ENROL_TERDAFTAR;
        done += d.people[i].status == ENROL_SELESAI;
    }
    if (placed && can(r, "POST", "/programs/", d.p.id, "/start")) {
        h(b, "<form method=\"post\" action=\"/programs/%D/start\" class=\"big\"><input type=\"hidden\" "
             "name=\"confirm\" value=\"1\">",
          d.p.id);
        h_csrf(r, b);
        h(b, "<p>%d %s <button type=\"submit\">%s</button></p></form>", placed,
          _("peserta ditempatkan dan belum terdaftar."), _("Mulai pelatihan: daftarkan peserta"));
    }
    participants_table(r, b, &d, &rules, today);
    if (enrolled && can(r, "POST", "/programs/", d.p.id, "/complete")) {
        h(b, "<form method=\"post\" action=\"/programs/%D/complete\" class=\"big\">", d.p.id);
        h_csrf(r, b);
        h(b, "<p>%s <button type=\"submit\">%s</button></p></form>",
          _("Menetapkan kelulusan mengubah status peserta yang memenuhi atau gagal memenuhi aturan kelulusan, dengan "
            "alasannya; yang datanya belum lengkap dibiarkan."),
          _("Tetapkan kelulusan"));
    }
    if (done && can(r, "POST", "/programs/", d.p.id, "/certificates")) {
        h(b, "<form method=\"post\" action=\"/programs/%D/certificates\" class=\"big\">", d.p.id);
        h_csrf(r, b);
        h(b, "<p><button type=\"submit\">%s</button></p></form>", _("Terbitkan sertifikat peserta yang lulus"));
    }
    sessions_table(r, b, &d);
    if (can(r, "POST", "/programs/", d.p.id, "/sessions/generate")) generate_form(r, b, &d);
    return page_end(r, w);
}

/* ---------------------------------------------------------------- generating sessions */

struct gen_ctx {
    req_t *r;
    const trn_data_t *d;
    const sched_result_t *res;
    const int64_t *unit_ids;
    int64_t instructor;
    int created;
};
static int do_generate(db_t *db, void *vc, err_t *e)
{
    struct gen_ctx *c = vc;
    return trn_sessions_replace(db, e, web_actor(c->r), c->d, c->res, c->unit_ids, c->instructor, &c->created);
}

static int form_int(req_t *r, const char *k, int def, int min, int max, int *out)
{
    const char *s = req_form(r, k);
    int64_t v;
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    if (!parse_i64(s, &v) || v < min || v > max)
        return web_fail(r, 422, "validation", _("Isian %s harus bilangan bulat %d sampai %d"), k, min, max);
    *out = (int)v;
    return 0;
}

int page_sessions_generate(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0 || trn_web_confirmed(r) < 0) return -1;
    sched_input_t in;
    memset(&in, 0, sizeof in);
    in.start = d.p.start;
    in.end = d.p.end;
    for (int i = 0; i < r->form.n; i++)
        if (str_eq(r->form.kv[i].k, "weekday")) {
            int wd = sched_weekday_parse(r->form.kv[i].v);
            if (wd < 1) return web_fail(r, 422, "validation", _("Hari latihan \"%.20s\" tidak dikenal"), r->form.kv[i].v);
            in.weekdays |= 1u << (wd - 1);
        }
    if (!in.weekdays) in.weekdays = 0x1f; /* Monday to Friday */
    int v;
    if (form_int(r, "jp_per_day", 8, 1, 24, &v) < 0) return -1;
    in.jp_per_day = v;
    if (form_int(r, "break_after_jp", 0, 0, 24, &v) < 0) return -1;
    in.break_after_jp = v;
    if (form_int(r, "break_minutes", 0, 0, 240, &v) < 0) return -1;
    in.break_minutes = v;
    const char *ds = req_form(r, "day_start");
    if (!ds || !*ds) ds = "08:00";
    if (!sched_time_parse(ds, &in.day_start))
        return web_fail(r, 422, "validation", _("Jam mulai \"%.10s\" tidak sah (pakai JJ:MM)"), ds);
    in.jp_minutes = rules.jp_minutes;
    in.total_jp = d.p.total_jp;
    int64_t instructor = 0;
    const char *is = req_form(r, "instructor_id");
    if (!is) { /* not given: the programme's first instructor (the form's default); "" means none */
        err_t e;
        err_clear(&e);
        user_list_t ins;
        if (prog_instructors(r->db, &e, &r->a, d.p.id, &ins) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        instructor = ins.n ? ins.id[0] : 0;
    } else if (*is) {
        int64_t n;
        err_t e;
        err_clear(&e);
        if (!parse_i64(is, &instructor) || instructor <= 0)
            return web_fail(r, 422, "validation", "%s", _("Instruktur tidak sah"));
        n = prog_has_instructor(r->db, &e, d.p.id, instructor);
        if (n < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        if (n == 0) return web_fail(r, 422, "validation", "%s", _("Instruktur itu tidak terdaftar pada program ini"));
    }
    /* cancelled dates: the form's list and the sessions already cancelled */
    int ncap = d.n_sessions + 64, nc = 0;
    date_t *cancelled = arena_alloc(&r->a, sizeof(date_t) * (size_t)ncap);
    for (int i = 0; i < d.n_sessions; i++)
        if (d.sessions[i].cancelled) cancelled[nc++] = d.sessions[i].date;
    const char *cl = req_form(r, "cancelled");
    for (const char *p = cl; p && *p && nc < ncap;) {
        while (*p == '\n' || *p == '\r' || *p == ' ' || *p == ',' || *p == '\t') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != '\n' && *q != '\r' && *q != ' ' && *q != ',' && *q != '\t') q++;
        char tok[32];
        date_t dt;
        if ((size_t)(q - p) >= sizeof tok || (snprintf(tok, sizeof tok, "%.*s", (int)(q - p), p), !date_parse(tok, &dt)))
            return web_fail(r, 422, "validation", _("Tanggal batal \"%.20s\" tidak sah (pakai TTTT-BB-HH)"), p);
        cancelled[nc++] = dt;
        p = q;
    }
    in.cancelled = cancelled;
    in.n_cancelled = (size_t)nc;
    err_t e;
    err_clear(&e);
    date_t *hol;
    int nh;
    if (d.p.start == DATE_NONE || d.p.end == DATE_NONE)
        return web_fail(r, 422, "validation", "%s", _("Program belum memiliki tanggal mulai dan selesai"));
    if (trn_holidays(r->db, &e, &r->a, d.p.site_id, d.p.start, date_add_days(d.p.end, 400), &hol, &nh) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    in.holidays = hol;
    in.n_holidays = (size_t)nh;
    /* units in teaching order, when their JP make up the programme's total (or there is no total) */
    int *ujp = arena_alloc(&r->a, sizeof(int) * (size_t)(d.n_units + 1));
    int64_t *uids = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(d.n_units + 1));
    int sum = 0, nu = 0;
    for (int i = 0; i < d.n_units; i++)
        if (d.units[i].jp > 0) ujp[nu] = d.units[i].jp, uids[nu++] = d.units[i].id, sum += d.units[i].jp;
    bool with_units = nu > 0 && (in.total_jp == 0 || sum == in.total_jp);
    if (with_units) in.unit_jp = ujp, in.n_units = (size_t)nu;
    sched_result_t res;
    memset(&res, 0, sizeof res);
    if (sched_generate(&in, &res, &e) < 0) {
        sched_result_release(&res);
        return web_fail(r, 422, e.code, "%s", e.msg);
    }
    struct gen_ctx c = {r, &d, &res, with_units ? uids : NULL, instructor, 0};
    int rc = db_tx(r->db, do_generate, &c, &e);
    int training_days = res.training_days, skipped = (int)res.n_skipped;
    sched_result_release(&res);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/programs/%lld/training?created=%d&days=%d&skipped=%d&nounits=%d#sesi",
                                  (long long)d.p.id, c.created, training_days, skipped, !with_units && nu > 0));
    return 0;
}

/* ---------------------------------------------------------------- starting the training */

struct start_ctx {
    req_t *r;
    const trn_data_t *d;
    const char *reason;
    int moved;
};
static int do_start(db_t *db, void *vc, err_t *e)
{
    struct start_ctx *c = vc;
    c->moved = 0;
    for (int i = 0; i < c->d->n_people; i++) {
        if (c->d->people[i].status != ENROL_DITEMPATKAN) continue;
        if (enrol_set_status(db, e, web_actor(c->r), c->d->people[i].enrolment_id, ENROL_TERDAFTAR, c->reason, NULL, NULL) < 0)
            return -1;
        c->moved++;
    }
    return 0;
}

int page_training_start(req_t *r, resp_t *w)
{
    trn_data_t d;
    if (trn_web_load(r, r->id, &d, NULL) < 0 || trn_web_confirmed(r) < 0) return -1;
    const char *reason = req_form(r, "reason");
    date_t today = trn_web_today(r, d.p.site_id);
    if (!reason || !*reason)
        reason = arena_printf(&r->a, _("Pelatihan %s dimulai; peserta terdaftar pada %s"), d.p.name, iso(r, today));
    if (strlen(reason) > 500) return web_fail(r, 422, "validation", "%s", _("Alasan terlalu panjang (maksimal 500 karakter)"));
    struct start_ctx c = {r, &d, reason, 0};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_start, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/programs/%lld/training?started=%d", (long long)d.p.id, c.moved));
    return 0;
}

/* ---------------------------------------------------------------- one session: the attendance grid */

static int trn_web_load_session(req_t *r, int64_t id, trn_data_t *d, train_rules_t *rules, int *si)
{
    rec_t s;
    if (ent_load(r, &session_entity, id, &s) < 0) return -1;
    if (trn_web_load(r, strtoll(s.v[TSF_PROGRAM_ID], NULL, 10), d, rules) < 0) return -1;
    *si = trn_session_index(d, s.id);
    if (*si < 0) return web_fail(r, 404, "not_found", _("Sesi dengan id %lld tidak ditemukan"), (long long)id);
    return 0;
}

/* The grid. submitted: the values of a refused save (kept in the form), else NULL;
 * err: its message. */
static void render_session(req_t *r, resp_t *w, const trn_data_t *d, const train_rules_t *rules, int si,
                           const char *err, bool submitted)
{
    const trn_session_t *s = &d->sessions[si];
    date_t today = trn_web_today(r, d->p.site_id);
    int offset = trn_web_utc_offset(r, d->p.site_id);
    page_begin(r, w, arena_printf(&r->a, "%s %s", _("Kehadiran"), fmt_date_id(&r->a, s->date_iso)));
    buf_t *b = &w->body;
    if (err) h(b, "<p class=\"error\" role=\"alert\">%s</p>", err);
    if (req_query(r, "saved") && !err)
        h(b, "<p class=\"notice\" role=\"status\">%s %s</p>", _("Kehadiran tersimpan."),
          arena_printf(&r->a, _("%d baru, %d dikoreksi (%d sesudah batas waktu), %d tetap."),
                       req_query_int(r, "ins", 0, 0, 100000), req_query_int(r, "cor", 0, 0, 100000),
                       req_query_int(r, "late", 0, 0, 100000), req_query_int(r, "same", 0, 0, 100000)));
    h(b, "<p><a href=\"/programs/%D/training#sesi\">%s</a> · %s %s–%s · %d JP</p>", d->p.id, d->p.name,
      fmt_date_id(&r->a, s->date_iso), s->start_time, s->end_time, s->jp);
    h(b, "<p class=\"muted\">%s: %s · %s: %s</p>", _("Unit"), unit_label(r, d, s->unit_id), _("Instruktur"),
      user_label(r, s->instructor_id));
    /* previous / next session */
    h(b, "<nav class=\"pager\" aria-label=\"%s\">", _("Sesi lain"));
    if (si > 0) h(b, "<a href=\"/sessions/%D\" rel=\"prev\">« %s</a>", d->sessions[si - 1].id, fmt_date_id(&r->a, d->sessions[si - 1].date_iso));
    if (si + 1 < d->n_sessions)
        h(b, "<a href=\"/sessions/%D\" rel=\"next\">%s »</a>", d->sessions[si + 1].id, fmt_date_id(&r->a, d->sessions[si + 1].date_iso));
    if (ent_can(r, "GET", arena_printf(&r->a, "/sessions/%lld/edit", (long long)s->id)))
        h(b, "<a href=\"/sessions/%D/edit\">%s</a>", s->id, _("Ubah sesi"));
    h(b, "</nav>");
    if (s->cancelled) {
        h(b, "<p class=\"error\" role=\"alert\">%s %s</p>", _("Sesi ini dibatalkan:"), s->cancel_reason ? s->cancel_reason : "");
        page_end(r, w);
        return;
    }
    if (s->date > today) {
        h(b, "<p class=\"notice\" role=\"status\">%s</p>", _("Sesi ini belum berlangsung; kehadiran dapat dicatat mulai tanggal sesi."));
        page_end(r, w);
        return;
    }
    char min[16];
    att_rate_format(rules->att.min_rate_bp, min);
    h(b, "<p class=\"muted\">%s</p>",
      arena_printf(&r->a,
                   _("Koreksi boleh dilakukan %d hari sejak dicatat; sesudahnya hanya peran tertentu dengan alasan. "
                     "Kehadiran minimum %s."),
                   rules->att.window_days, min));
    int attending = 0;
    for (int i = 0; i < d->n_people; i++) attending += trn_person_attends(&d->people[i]);
    if (!attending) {
        h(b, "<p>%s</p>", _("Belum ada peserta terdaftar. Mulai pelatihan dari halaman program."));
        page_end(r, w);
        return;
    }
    bool can_save = ent_can(r, "POST", arena_printf(&r->a, "/sessions/%lld/attendance", (long long)s->id));
    h(b, "<form method=\"post\" action=\"/sessions/%D/attendance\">", s->id);
    h_csrf(r, b);
    h(b, "<div class=\"att-list\">");
    for (int i = 0; i < d->n_people; i++) {
        const trn_participant_t *p = &d->people[i];
        if (!trn_person_attends(p)) continue;
        const trn_att_t *x = trn_att_find(d, s->id, p->enrolment_id);
        const char *key = arena_printf(&r->a, "s_%lld", (long long)p->enrolment_id);
        const char *nkey = arena_printf(&r->a, "n_%lld", (long long)p->enrolment_id);
        int cur = x ? x->status : ATT_NONE;
        const char *note = x && x->note ? x->note : "";
        if (submitted) {
            int sv = att_status_parse(req_form(r, key));
            if (sv >= 0) cur = sv;
            if (req_form(r, nkey)) note = req_form(r, nkey);
        }
        comp_eval_t ev;
        trn_evaluate(d, rules, i, today, &ev);
        h(b, "<fieldset class=\"att\"><legend>%s</legend><div class=\"att-opts\">", p->name);
        for (int st = 0; st < ATT__COUNT; st++)
            h(b, "<label><input type=\"radio\" name=\"%s\" value=\"%s\"%R%R> %s</label>", key, att_status_name(st),
              cur == st ? " checked" : "", can_save ? "" : " disabled", trn_web_att_label(st));
        h(b, "</div><label class=\"muted\" for=\"%s\">%s</label><input class=\"note\" id=\"%s\" name=\"%s\" "
             "maxlength=\"500\" value=\"%s\"%R>",
          nkey, _("Catatan"), nkey, nkey, note, can_save ? "" : " disabled");
        h(b, "<p class=\"meta\">%s %s · %d/%d JP", _("Kehadiran"), trn_web_rate(r, &ev.att), ev.att.attended_jp,
          ev.att.held_jp);
        if (ev.att.below_min) h(b, " · <span class=\"flag\">%s</span>", _("di bawah minimum"));
        if (x) {
            char when[80];
            int64_t t = 0;
            if (att_time_parse(x->entered_at, 0, &t)) att_time_format(t, offset, when, sizeof when);
            else snprintf(when, sizeof when, "%s", x->entered_at);
            h(b, " · %s %s", _("dicatat"), when);
        }
        h(b, "</p></fieldset>");
    }
    h(b, "</div>");
    if (can_save) {
        if (att_role_bit(r->user.role) & rules->att.late_roles)
            h(b, "<div class=\"field\"><label for=\"reason\">%s</label><textarea id=\"reason\" name=\"reason\" rows=\"2\" "
                 "maxlength=\"500\"></textarea></div>",
              _("Alasan koreksi (wajib untuk koreksi sesudah batas waktu)"));
        /* "Semua hadir" (issue 25): the first button stays the one Enter presses */
        h(b, "<p class=\"big\"><button type=\"submit\">%s</button> <button type=\"submit\" name=\"all\" "
             "value=\"hadir\" aria-describedby=\"semua-hadir\">%s</button></p><p class=\"muted\" id=\"semua-hadir\">%s</p>",
          _("Simpan kehadiran"), _("Semua hadir"),
          _("Semua hadir: peserta yang belum dicatat dan belum dipilih dicatat hadir; pilihan lain (izin, sakit, alpa) "
            "disimpan seperti dipilih. Pengecualian dapat diubah sesudahnya."));
    }
    h(b, "</form>");
    trn_change_t *ch;
    int nch = 0;
    err_t e;
    err_clear(&e);
    if (trn_att_changes(r->db, &e, &r->a, s->id, 0, &ch, &nch) == 0 && nch > 0) {
        h(b, "<h2>%s</h2><ul>", _("Riwayat koreksi"));
        for (int i = 0; i < nch; i++) {
            int pi = trn_person_index(d, ch[i].enrolment_id);
            h(b, "<li>%s: %s → %s (%s, %s)%R%s</li>", pi >= 0 ? d->people[pi].name : "?",
              trn_web_att_label(att_status_parse(ch[i].from_status)), trn_web_att_label(att_status_parse(ch[i].to_status)),
              ch[i].user_name ? ch[i].user_name : "-", ch[i].at, ch[i].late ? " — " : "",
              ch[i].late ? arena_printf(&r->a, "%s %s", _("koreksi terlambat, alasan:"), ch[i].reason) : "");
        }
        h(b, "</ul>");
    }
    page_end(r, w);
}

int page_session(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int si;
    if (trn_web_load_session(r, r->id, &d, &rules, &si) < 0) return -1;
    render_session(r, w, &d, &rules, si, NULL, false);
    return 0;
}

struct att_ctx {
    req_t *r;
    const train_rules_t *rules;
    int offset;
    const trn_data_t *d;
    const trn_session_t *s;
    const trn_att_entry_t *entries;
    int n;
    const char *reason;
    trn_att_outcome_t out;
};
static int do_att(db_t *db, void *vc, err_t *e)
{
    struct att_ctx *c = vc;
    return trn_attendance_save(db, e, web_actor(c->r), &c->rules->att, c->offset, (int64_t)clock_now(), c->d, c->s,
                               c->entries, c->n, c->reason, &c->out);
}

static int trn_web_save_attendance(req_t *r, const trn_data_t *d, const train_rules_t *rules, const trn_session_t *s,
                            const trn_att_entry_t *entries, int n, const char *reason, trn_att_outcome_t *out, err_t *e)
{
    struct att_ctx c = {r, rules, trn_web_utc_offset(r, d->p.site_id), d, s, entries, n, reason, {0, 0, 0, 0}};
    int rc = db_tx(r->db, do_att, &c, e);
    *out = c.out;
    return rc;
}

int page_attendance_save(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int si;
    if (trn_web_load_session(r, r->id, &d, &rules, &si) < 0) return -1;
    trn_att_entry_t *entries = arena_alloc(&r->a, sizeof *entries * (size_t)(d.n_people + 1));
    int n = 0;
    /* the "Semua hadir" button: everyone not yet recorded and not chosen is present;
     * saved (and audited) entry by entry exactly like marks chosen one by one */
    const char *all = req_form(r, "all");
    if (all && !str_eq(all, "hadir"))
        return web_fail(r, 422, "validation", "%s", _("Tombol \"Semua hadir\" hanya mengenal nilai hadir"));
    bool all_present = all != NULL;
    for (int i = 0; i < d.n_people; i++) {
        const trn_participant_t *p = &d.people[i];
        if (!trn_person_attends(p)) continue;
        const char *sv = req_form(r, arena_printf(&r->a, "s_%lld", (long long)p->enrolment_id));
        const char *nv = req_form(r, arena_printf(&r->a, "n_%lld", (long long)p->enrolment_id));
        int st = ATT_NONE;
        if (sv && *sv && (st = att_status_parse(sv)) < 0)
            return web_fail(r, 422, "validation", _("Status kehadiran \"%.20s\" tidak dikenal (hadir, izin, sakit, alpa)"), sv);
        if (nv && strlen(nv) > 500) return web_fail(r, 422, "validation", "%s", _("Catatan terlalu panjang (maksimal 500 karakter)"));
        const trn_att_t *x = trn_att_find(&d, d.sessions[si].id, p->enrolment_id);
        if (st == ATT_NONE && nv && *nv && x) st = x->status; /* a note alone changes the note of an existing entry */
        if (st == ATT_NONE && !x && all_present) st = ATT_HADIR; /* "Semua hadir": the ones not yet recorded */
        entries[n++] = (trn_att_entry_t){p->enrolment_id, st, nv};
    }
    bool any = false;
    for (int i = 0; i < n; i++) any |= entries[i].status != ATT_NONE;
    if (!any) {
        w->status = 422;
        render_session(r, w, &d, &rules, si, _("Belum ada kehadiran yang dipilih."), true);
        return 0;
    }
    const char *reason = req_form(r, "reason");
    if (reason && strlen(reason) > 500) return web_fail(r, 422, "validation", "%s", _("Alasan terlalu panjang (maksimal 500 karakter)"));
    trn_att_outcome_t out;
    err_t e;
    err_clear(&e);
    if (trn_web_save_attendance(r, &d, &rules, &d.sessions[si], entries, n, reason, &out, &e) < 0) {
        if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
        w->status = e.status;
        render_session(r, w, &d, &rules, si, arena_printf(&r->a, "%s %s", e.msg, _("Tidak ada yang disimpan.")), true);
        return 0;
    }
    resp_redirect(w, arena_printf(&r->a, "/sessions/%lld?saved=1&ins=%d&cor=%d&late=%d&same=%d", (long long)d.sessions[si].id,
                                  out.inserted, out.corrected, out.late, out.unchanged));
    return 0;
}

/* ---------------------------------------------------------------- API (was api_training.c) */
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* Slices n items into the list shape by ?page= and ?per_page= (default all up to 200). */
static json_t *page_of(req_t *r, json_t *all)
{
    int n = (int)json_array_size(all);
    int per = req_query_int(r, "per_page", 200, 1, 200), page = req_query_int(r, "page", 1, 1, 1000000);
    json_t *items = json_array();
    for (int i = (page - 1) * per; i < n && i < page * per; i++) json_array_append(items, json_array_get(all, i));
    json_t *o = json_pack("{s:o,s:i,s:i,s:i}", "items", items, "page", page, "per_page", per, "total", n);
    json_decref(all);
    return o;
}

static json_t *session_json(const trn_data_t *d, const trn_session_t *s)
{
    int entered = 0;
    for (int k = 0; k < d->n_people; k++)
        if (trn_person_attends(&d->people[k]) && trn_att_find(d, s->id, d->people[k].enrolment_id)) entered++;
    int u = trn_unit_index(d, s->unit_id);
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:i,s:b,s:i}", "id", (json_int_t)s->id, "program_id", (json_int_t)d->p.id,
                          "session_date", s->date_iso ? s->date_iso : "", "start_time", s->start_time ? s->start_time : "",
                          "end_time", s->end_time ? s->end_time : "", "jp", s->jp, "cancelled", s->cancelled,
                          "attendance_entered", entered);
    json_object_set_new(o, "unit_id", s->unit_id ? json_integer(s->unit_id) : json_null());
    json_object_set_new(o, "unit_title", u >= 0 ? str_or_null(d->units[u].title) : json_null());
    json_object_set_new(o, "instructor_id", s->instructor_id ? json_integer(s->instructor_id) : json_null());
    json_object_set_new(o, "topic", str_or_null(s->topic));
    json_object_set_new(o, "cancel_reason", str_or_null(s->cancel_reason));
    return o;
}

int api_program_sessions(req_t *r, resp_t *w)
{
    trn_data_t d;
    if (trn_web_load(r, r->id, &d, NULL) < 0) return -1;
    json_t *all = json_array();
    for (int i = 0; i < d.n_sessions; i++) json_array_append_new(all, session_json(&d, &d.sessions[i]));
    return resp_json(w, 200, page_of(r, all));
}

/* One participant with live attendance, units and the completion rule's answer. */
static json_t *participant_json(req_t *r, const trn_data_t *d, const train_rules_t *rules, int i, date_t at)
{
    const trn_participant_t *p = &d->people[i];
    comp_eval_t ev;
    trn_evaluate(d, rules, i, at, &ev);
    char rate[16];
    att_rate_format(ev.att.rate_bp, rate);
    json_t *req = json_array();
    for (int k = 0; k < ev.n; k++)
        json_array_append_new(req, json_pack("{s:s,s:b,s:b,s:s}", "code", comp_req_code_name(ev.req[k].code), "met",
                                             ev.req[k].met, "pending", ev.req[k].pending, "detail", ev.req[k].detail));
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s}", "enrolment_id", (json_int_t)p->enrolment_id, "wbp_id",
                          (json_int_t)p->wbp_id, "name", p->name ? p->name : "", "regno", p->regno ? p->regno : "",
                          "status", enrol_status_code(p->status));
    json_object_set_new(o, "attendance",
                        json_pack("{s:i,s:i,s:i,s:i,s:s,s:b,s:i}", "held_jp", ev.att.held_jp, "attended_jp",
                                  ev.att.attended_jp, "base_jp", ev.att.base_jp, "rate_bp", ev.att.rate_bp, "rate", rate,
                                  "below_minimum", ev.att.below_min, "unrecorded_sessions", ev.att.unrecorded_sessions));
    json_object_set_new(o, "units_kompeten", json_integer(ev.units_kompeten));
    json_object_set_new(o, "units_total", json_integer(d->n_units));
    json_object_set_new(o, "outcome", json_string(comp_outcome_name(ev.outcome)));
    json_object_set_new(o, "requirements", req);
    cert_t c;
    err_t e;
    err_clear(&e);
    json_object_set_new(o, "certificate",
                        cert_valid_for(r->db, &e, &r->a, p->enrolment_id, &c) == 1 ? json_string(c.number) : json_null());
    return o;
}

int api_program_participants(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    date_t at = trn_web_today(r, d.p.site_id);
    const char *as = req_query(r, "at");
    if (as && *as && !date_parse(as, &at))
        return web_fail(r, 400, "bad_query", "%s", _("at harus tanggal TTTT-BB-HH"));
    json_t *all = json_array();
    for (int i = 0; i < d.n_people; i++) json_array_append_new(all, participant_json(r, &d, &rules, i, at));
    json_t *o = page_of(r, all);
    char min[16];
    att_rate_format(rules.att.min_rate_bp, min);
    char ai[DATE_ISO_LEN];
    date_format(at, ai);
    json_object_set_new(o, "at", json_string(ai));
    json_object_set_new(o, "min_attendance", json_string(min));
    json_object_set_new(o, "rules", json_string(rules.code));
    return resp_json(w, 200, o);
}

static json_t *attendance_json(const trn_data_t *d, const trn_session_t *s)
{
    json_t *items = json_array();
    for (int i = 0; i < d->n_people; i++) {
        const trn_participant_t *p = &d->people[i];
        if (!trn_person_attends(p)) continue;
        const trn_att_t *x = trn_att_find(d, s->id, p->enrolment_id);
        json_t *o = json_pack("{s:I,s:s,s:s}", "enrolment_id", (json_int_t)p->enrolment_id, "name", p->name ? p->name : "",
                              "status", att_status_name(x ? x->status : ATT_NONE));
        json_object_set_new(o, "note", str_or_null(x ? x->note : NULL));
        json_object_set_new(o, "entered_at", str_or_null(x ? x->entered_at : NULL));
        json_object_set_new(o, "updated_at", str_or_null(x ? x->updated_at : NULL));
        json_array_append_new(items, o);
    }
    json_t *o = json_pack("{s:o,s:o}", "session", session_json(d, s), "items", items);
    json_object_set_new(o, "page", json_integer(1));
    json_object_set_new(o, "per_page", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(o, "total", json_integer((json_int_t)json_array_size(items)));
    return o;
}

int api_session_attendance(req_t *r, resp_t *w)
{
    trn_data_t d;
    int si;
    if (trn_web_load_session(r, r->id, &d, NULL, &si) < 0) return -1;
    return resp_json(w, 200, attendance_json(&d, &d.sessions[si]));
}

int api_attendance_save(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int si;
    if (trn_web_load_session(r, r->id, &d, &rules, &si) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"entries", "reason", NULL};
    web_json_only_members(r, body, allowed, &fe);
    json_t *ents = json_object_get(body, "entries"), *rs = json_object_get(body, "reason");
    const char *reason = NULL;
    if (rs && !json_is_null(rs)) {
        if (!json_is_string(rs) || strlen(json_string_value(rs)) > 500 ||
            !utf8_valid_text(json_string_value(rs), strlen(json_string_value(rs))))
            field_err(&fe, "reason", "%s", _("reason harus teks (maksimal 500 karakter)"));
        else reason = arena_strdup(&r->a, json_string_value(rs));
    }
    trn_att_entry_t *list = NULL;
    int n = 0;
    if (!json_is_array(ents) || json_array_size(ents) == 0)
        field_err(&fe, "entries", "%s", _("entries harus daftar isian kehadiran: [{\"enrolment_id\": 12, \"status\": \"hadir\"}]"));
    else if (json_array_size(ents) > 1000)
        field_err(&fe, "entries", "%s", _("entries terlalu banyak (maksimal 1000)"));
    else {
        list = arena_alloc(&r->a, sizeof *list * json_array_size(ents));
        size_t i;
        json_t *it;
        json_array_foreach(ents, i, it)
        {
            json_t *eid = json_object_get(it, "enrolment_id"), *st = json_object_get(it, "status"),
                   *nt = json_object_get(it, "note");
            bool extra = false;
            const char *k;
            json_t *v;
            if (json_is_object(it)) json_object_foreach(it, k, v) extra |= !str_eq(k, "enrolment_id") && !str_eq(k, "status") && !str_eq(k, "note");
            int sv = json_is_string(st) ? att_status_parse(json_string_value(st)) : -1;
            if (!json_is_object(it) || extra || !json_is_integer(eid) || json_integer_value(eid) <= 0 || sv < 0 ||
                (nt && !json_is_null(nt) &&
                 (!json_is_string(nt) || strlen(json_string_value(nt)) > 500 ||
                  !utf8_valid_text(json_string_value(nt), strlen(json_string_value(nt)))))) {
                field_err(&fe, "entries",
                          _("entries[%zu]: perlu enrolment_id (bilangan bulat), status (hadir, izin, sakit, alpa) dan "
                            "note opsional (teks, maksimal 500)"),
                          i);
                break;
            }
            list[n++] = (trn_att_entry_t){json_integer_value(eid), sv,
                                          json_is_string(nt) ? arena_strdup(&r->a, json_string_value(nt)) : NULL};
        }
    }
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    trn_att_outcome_t out;
    err_t e;
    err_clear(&e);
    if (trn_web_save_attendance(r, &d, &rules, &d.sessions[si], list, n, reason, &out, &e) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    /* read back what is stored now */
    if (trn_web_load_session(r, r->id, &d, NULL, &si) < 0) return -1;
    json_t *o = attendance_json(&d, &d.sessions[si]);
    json_object_set_new(o, "saved", json_pack("{s:i,s:i,s:i,s:i}", "inserted", out.inserted, "corrected", out.corrected,
                                              "late", out.late, "unchanged", out.unchanged));
    return resp_json(w, 200, o);
}

