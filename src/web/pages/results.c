/* results.c — competency results per participant and unit (the matrix, and
 * entering one unit's results for every participant at once), completion of a
 * programme (the completion rule sets each enrolment's status with its reason),
 * a participant's training record (attendance, results, the completion rule's
 * explanation, status history, external competency tests, certificates), and
 * recording an external competency test (uji kompetensi). */
#include "../pages.h"
#include "../training_common.h"
#include "../../core/training.h"
#include "../../store/cert_store.h"
#include "../../store/enrol_store.h"
#include "../../core/msg.h"
#include <stdlib.h>
#include <string.h>

static const char *iso(req_t *r, date_t d)
{
    char b[DATE_ISO_LEN];
    date_format(d, b);
    return arena_strdup(&r->a, b);
}

/* ---------------------------------------------------------------- results */

/* The latest result of person for unit u, or NULL. */
static const trn_result_t *latest(const trn_data_t *d, int64_t eid, int64_t unit_id)
{
    const trn_result_t *best = NULL;
    for (int i = 0; i < d->n_results; i++) {
        const trn_result_t *x = &d->results[i];
        if (x->enrolment_id != eid || x->unit_id != unit_id) continue;
        if (!best || x->date > best->date || (x->date == best->date && x->id > best->id)) best = x;
    }
    return best;
}

int page_results(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    int64_t unit_id = 0;
    const char *us = req_query(r, "unit");
    if (us && *us && (!parse_i64(us, &unit_id) || trn_unit_index(&d, unit_id) < 0)) unit_id = 0;
    if (!unit_id && d.n_units) unit_id = d.units[0].id;
    page_begin(r, w, arena_printf(&r->a, "%s: %s", _("Hasil unit kompetensi"), d.p.name));
    buf_t *b = &w->body;
    if (req_query(r, "saved"))
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("%d hasil tersimpan."), req_query_int(r, "saved", 0, 0, 100000)));
    h(b, "<p><a href=\"/programs/%D/training\">%s</a></p>", d.p.id, _("Kembali ke pelaksanaan pelatihan"));
    if (d.n_units == 0) {
        h(b, "<p>%s</p>", _("Kejuruan program ini belum memiliki unit kompetensi."));
        return page_end(r, w);
    }
    /* the matrix */
    h(b, "<div class=\"scroll\"><table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>",
      _("K = kompeten, BK = belum kompeten, - = belum dinilai (hasil terakhir)"), _("Peserta"));
    for (int u = 0; u < d.n_units; u++)
        h(b, "<th scope=\"col\"><abbr title=\"%s\">%d</abbr></th>", d.units[u].title, d.units[u].seq);
    h(b, "</tr></thead><tbody>");
    int attending = 0;
    for (int i = 0; i < d.n_people; i++) {
        const trn_participant_t *p = &d.people[i];
        if (!trn_person_attends(p)) continue;
        attending++;
        h(b, "<tr><th scope=\"row\"><a href=\"/enrolments/%D/training\">%s</a></th>", p->enrolment_id, p->name);
        for (int u = 0; u < d.n_units; u++) {
            const trn_result_t *x = latest(&d, p->enrolment_id, d.units[u].id);
            h(b, "<td>%s</td>", !x ? "-" : x->kompeten ? "K" : "BK");
        }
        h(b, "</tr>");
    }
    if (!attending) h(b, "<tr><td colspan=\"%d\">%s</td></tr>", d.n_units + 1, _("Belum ada peserta terdaftar."));
    h(b, "</tbody></table></div><ol>");
    for (int u = 0; u < d.n_units; u++)
        h(b, "<li value=\"%d\">%s%R%s (%d JP)</li>", d.units[u].seq, d.units[u].code ? d.units[u].code : "",
          d.units[u].code ? " " : "", d.units[u].title, d.units[u].jp);
    h(b, "</ol>");

    bool can_save = ent_can(r, "POST", arena_printf(&r->a, "/programs/%lld/results", (long long)d.p.id));
    if (can_save && attending) {
        int ui = trn_unit_index(&d, unit_id);
        h(b, "<h2 id=\"catat\">%s</h2><form method=\"get\" action=\"/programs/%D/results\" class=\"filters\">",
          _("Catat hasil satu unit"), d.p.id);
        h(b, "<div><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\">", _("Unit kompetensi"));
        for (int u = 0; u < d.n_units; u++)
            h(b, "<option value=\"%D\"%R>%d. %s</option>", d.units[u].id, d.units[u].id == unit_id ? " selected" : "",
              d.units[u].seq, d.units[u].title);
        h(b, "</select></div><div><button type=\"submit\">%s</button></div></form>", _("Pilih"));
        h(b, "<form method=\"post\" action=\"/programs/%D/results\"><input type=\"hidden\" name=\"unit_id\" "
             "value=\"%D\">",
          d.p.id, unit_id);
        h_csrf(r, b);
        h(b, "<p><strong>%d. %s</strong></p><div class=\"grid\">", d.units[ui].seq, d.units[ui].title);
        h(b, "<div class=\"field\"><label for=\"assessed_on\">%s</label><input id=\"assessed_on\" name=\"assessed_on\" "
             "type=\"date\" value=\"%s\"></div>",
          _("Tanggal penilaian"), iso(r, trn_web_today(r, d.p.site_id)));
        h(b, "<div class=\"field\"><label for=\"assessor\">%s</label><input id=\"assessor\" name=\"assessor\" "
             "maxlength=\"120\" value=\"%s\"></div></div><div class=\"att-list\">",
          _("Asesor"), r->user.full_name);
        for (int i = 0; i < d.n_people; i++) {
            const trn_participant_t *p = &d.people[i];
            if (!trn_person_attends(p)) continue;
            const trn_result_t *x = latest(&d, p->enrolment_id, unit_id);
            const char *k = arena_printf(&r->a, "r_%lld", (long long)p->enrolment_id);
            const char *ek = arena_printf(&r->a, "e_%lld", (long long)p->enrolment_id);
            h(b, "<fieldset class=\"att\"><legend>%s</legend><div class=\"att-opts\">", p->name);
            h(b, "<label><input type=\"radio\" name=\"%s\" value=\"kompeten\"> %s</label>", k, _("Kompeten"));
            h(b, "<label><input type=\"radio\" name=\"%s\" value=\"belum_kompeten\"> %s</label>", k, _("Belum kompeten"));
            h(b, "<label><input type=\"radio\" name=\"%s\" value=\"\" checked> %s</label></div>", k, _("Tidak dicatat"));
            h(b, "<label class=\"muted\" for=\"%s\">%s</label><input class=\"note\" id=\"%s\" name=\"%s\" maxlength=\"500\">",
              ek, _("Bukti (portofolio, hasil praktik, observasi)"), ek, ek);
            if (x)
                h(b, "<p class=\"meta\">%s %s, %s (%s)</p>", _("Hasil terakhir:"), competency_result_label(x->kompeten ? "kompeten" : "belum_kompeten"),
                  fmt_date_id(&r->a, x->assessed_on), x->assessor);
            h(b, "</fieldset>");
        }
        h(b, "</div><p class=\"big\"><button type=\"submit\">%s</button></p></form>", _("Simpan hasil"));
    }
    return page_end(r, w);
}

typedef struct {
    int64_t enrolment_id;
    bool kompeten;
    const char *evidence;
} res_entry_t;

struct res_ctx {
    req_t *r;
    const trn_data_t *d;
    int64_t unit_id;
    const char *date, *assessor;
    const res_entry_t *ents;
    int n;
};
static int do_results(db_t *db, void *vc, err_t *e)
{
    struct res_ctx *c = vc;
    for (int i = 0; i < c->n; i++)
        if (trn_result_add(db, e, web_actor(c->r), c->d, c->ents[i].enrolment_id, c->unit_id, c->ents[i].kompeten,
                           c->date, c->assessor, c->ents[i].evidence) < 0)
            return -1;
    return 0;
}

/* Checks the shared fields of a result (date not in the future, an assessor).
 * Field errors into fe; the normalised date into date. */
static void result_fields(req_t *r, int64_t site_id, const char *date_in, const char *assessor, char date[11],
                          field_errs_t *fe)
{
    date_t dt;
    if (!date_in || !date_parse(date_in, &dt)) field_err(fe, "assessed_on", "%s", _("Tanggal penilaian wajib diisi (TTTT-BB-HH)"));
    else if (dt > trn_web_today(r, site_id)) field_err(fe, "assessed_on", "%s", _("Tanggal penilaian tidak boleh di masa depan"));
    else date_format(dt, date);
    if (!assessor || !*assessor) field_err(fe, "assessor", "%s", _("Nama asesor wajib diisi"));
    else if (strlen(assessor) > 120) field_err(fe, "assessor", "%s", _("Nama asesor terlalu panjang (maksimal 120 karakter)"));
}

static int trn_web_results_error(req_t *r, const field_errs_t *fe)
{
    buf_t b;
    buf_init(&b);
    for (int i = 0; i < fe->n; i++) buf_printf(&b, "%s%s", i ? "; " : "", fe->e[i].msg);
    int rc = web_fail(r, 422, "validation", "%s", b.data ? b.data : "");
    buf_release(&b);
    return rc;
}

int page_results_save(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    field_errs_t fe = {0};
    int64_t unit_id = 0;
    const char *us = req_form(r, "unit_id");
    if (!us || !parse_i64(us, &unit_id) || trn_unit_index(&d, unit_id) < 0)
        field_err(&fe, "unit_id", "%s", _("Pilih unit kompetensi program ini"));
    char date[11] = "";
    const char *assessor = req_form(r, "assessor");
    result_fields(r, d.p.site_id, req_form(r, "assessed_on"), assessor, date, &fe);
    res_entry_t *ents = arena_alloc(&r->a, sizeof *ents * (size_t)(d.n_people + 1));
    int n = 0;
    for (int i = 0; i < d.n_people; i++) {
        const trn_participant_t *p = &d.people[i];
        if (!trn_person_attends(p)) continue;
        const char *v = req_form(r, arena_printf(&r->a, "r_%lld", (long long)p->enrolment_id));
        const char *ev = req_form(r, arena_printf(&r->a, "e_%lld", (long long)p->enrolment_id));
        if (!v || !*v) continue;
        int k = competency_result_parse(v);
        if (k < 0) {
            field_err(&fe, "result", _("Hasil \"%.20s\" tidak dikenal (kompeten atau belum_kompeten)"), v);
            continue;
        }
        if (ev && strlen(ev) > 500) field_err(&fe, "evidence", "%s", _("Bukti terlalu panjang (maksimal 500 karakter)"));
        ents[n++] = (res_entry_t){p->enrolment_id, k == 1, ev};
    }
    if (!fe.n && n == 0) field_err(&fe, "result", "%s", _("Belum ada hasil yang dipilih"));
    if (fe.n) return trn_web_results_error(r, &fe);
    struct res_ctx c = {r, &d, unit_id, date, assessor, ents, n};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_results, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/programs/%lld/results?unit=%lld&saved=%d", (long long)d.p.id,
                                  (long long)unit_id, n));
    return 0;
}

/* ---------------------------------------------------------------- completion */

struct comp_ctx {
    req_t *r;
    const trn_data_t *d;
    const train_rules_t *rules;
    date_t at;
    int lulus, gagal, belum;
};
static int do_complete(db_t *db, void *vc, err_t *e)
{
    struct comp_ctx *c = vc;
    c->lulus = c->gagal = c->belum = 0;
    for (int i = 0; i < c->d->n_people; i++) {
        if (c->d->people[i].status != ENROL_TERDAFTAR) continue;
        comp_eval_t ev;
        trn_evaluate(c->d, c->rules, i, c->at, &ev);
        if (ev.outcome == COMP_BELUM) {
            c->belum++;
            continue;
        }
        enrol_status_t to = ev.outcome == COMP_LULUS ? ENROL_SELESAI : ENROL_TIDAK_LULUS;
        if (enrol_set_status(db, e, web_actor(c->r), c->d->people[i].enrolment_id, to,
                             ev.reason_coded[0] ? ev.reason_coded : ev.reason, NULL, NULL) < 0)
            return -1;
        if (to == ENROL_SELESAI) c->lulus++;
        else c->gagal++;
    }
    return 0;
}

/* The review of a programme's completion (issue 22): each enrolled participant's
 * outcome under the completion rule (pure: nothing is written), with its reason. */
static void complete_review(req_t *r, const trn_data_t *d, const train_rules_t *rules, date_t at, web_review_t *rv)
{
    review_init(rv, _("Tinjau penetapan kelulusan"),
                _("Status peserta yang memenuhi aturan kelulusan menjadi selesai (lulus), yang gagal memenuhinya menjadi "
                  "tidak lulus, dengan alasannya; yang datanya belum lengkap dibiarkan."));
    review_text(r, rv, "program", _("Program"), d->p.name);
    const char *keys[] = {"regno", "name", "outcome", "reason"};
    const char *labels[] = {_("No. registrasi"), _("Nama"), _("Hasil"), _("Alasan")};
    review_table(rv, "participants", _("Peserta"), 4, keys, labels, NULL);
    int lulus = 0, gagal = 0, belum = 0;
    for (int i = 0; i < d->n_people; i++) {
        if (d->people[i].status != ENROL_TERDAFTAR) continue;
        comp_eval_t ev;
        trn_evaluate(d, rules, i, at, &ev);
        lulus += ev.outcome == COMP_LULUS, gagal += ev.outcome == COMP_TIDAK_LULUS, belum += ev.outcome == COMP_BELUM;
        review_row(r, rv, d->people[i].regno, d->people[i].name, trn_web_outcome_label(ev.outcome),
                   ev.outcome == COMP_BELUM ? _("dibiarkan: data belum lengkap")
                   : msg_text(&r->a, ev.reason_coded[0] ? ev.reason_coded : ev.reason));
    }
    review_int(rv, "lulus", _("Lulus (selesai)"), lulus);
    review_int(rv, "tidak_lulus", _("Tidak lulus"), gagal);
    review_int(rv, "belum", _("Dibiarkan"), belum);
}

int page_training_complete(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    if (trn_web_load(r, r->id, &d, &rules) < 0) return -1;
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        complete_review(r, &d, &rules, trn_web_today(r, d.p.site_id), &rv);
        return web_review_page(r, w, &rv, _("Ya, tetapkan kelulusan"),
                               arena_printf(&r->a, "/programs/%lld/training#peserta", (long long)d.p.id));
    }
    struct comp_ctx c = {r, &d, &rules, trn_web_today(r, d.p.site_id), 0, 0, 0};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_complete, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/programs/%lld/training?lulus=%d&gagal=%d&belum=%d#peserta", (long long)d.p.id,
                                  c.lulus, c.gagal, c.belum));
    return 0;
}

/* ---------------------------------------------------------------- a participant's record */

static const char *status_label(const char *code)
{
    int s = enrol_status_parse(code);
    return s < 0 ? (code ? code : "-") : _(enrol_status_label((enrol_status_t)s));
}

int page_enrolment(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int pi;
    if (trn_web_load_enrolment(r, r->id, &d, &rules, &pi) < 0) return -1;
    const trn_participant_t *p = &d.people[pi];
    date_t today = trn_web_today(r, d.p.site_id);
    comp_eval_t ev;
    trn_evaluate(&d, &rules, pi, today, &ev);
    err_t e;
    err_clear(&e);
    page_begin(r, w, arena_printf(&r->a, "%s: %s", _("Peserta pelatihan"), p->name));
    buf_t *b = &w->body;
    if (req_query(r, "saved")) h(b, "<p class=\"notice\" role=\"status\">%s</p>", _("Data tersimpan."));
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><a href=\"/programs/%D/training\">%s</a></dd>"
         "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %d/%d JP",
      _("No. registrasi"), p->regno, _("Program"), d.p.id, d.p.name, _("Kejuruan"), d.p.trade_name, _("Status"),
      _(enrol_status_label(p->status)), _("Kehadiran"), trn_web_rate(r, &ev.att), ev.att.attended_jp, ev.att.held_jp);
    if (ev.att.below_min) h(b, " <span class=\"flag\">%s</span>", _("di bawah minimum"));
    h(b, "</dd></dl>");
    const char *enrol_path = arena_printf(&r->a, "/enrolments/%lld", (long long)p->enrolment_id);
    if (ent_can(r, "GET", enrol_path))
        h(b, "<div class=\"actions\"><a href=\"%s\">%s</a></div>", enrol_path, _("Penempatan dan riwayat status"));

    /* the completion rule, requirement by requirement, in the reader's language (coded, msg.h) */
    h(b, "<h2 id=\"kelulusan\">%s: %s</h2><ul>", _("Kelulusan menurut aturan"), trn_web_outcome_label(ev.outcome));
    for (int i = 0; i < ev.n; i++)
        h(b, "<li><span class=\"badge %R\">%s</span> %s</li>", ev.req[i].met ? "good" : ev.req[i].pending ? "" : "bad",
          ev.req[i].met ? _("terpenuhi") : ev.req[i].pending ? _("menunggu") : _("tidak terpenuhi"),
          msg_text(&r->a, ev.req[i].detail_coded[0] ? ev.req[i].detail_coded : ev.req[i].detail));
    h(b, "</ul>");

    /* certificates */
    cert_t *certs;
    int nc = 0;
    if (cert_of_enrolment(r->db, &e, &r->a, p->enrolment_id, &certs, &nc) < 0) nc = 0;
    h(b, "<h2 id=\"sertifikat\">%s</h2>", _("Sertifikat pelatihan"));
    bool has_valid = false;
    for (int i = 0; i < nc; i++) {
        has_valid |= str_eq(certs[i].status, "valid");
        bool link = ent_can(r, "GET", arena_printf(&r->a, "/certificates/%lld", (long long)certs[i].id));
        h(b, "<p>%R%s%R · %s %s · %s</p>", link ? arena_printf(&r->a, "<a href=\"/certificates/%lld\">", (long long)certs[i].id) : "",
          certs[i].number, link ? "</a>" : "", _("terbit"), fmt_date_id(&r->a, certs[i].issued_on),
          str_eq(certs[i].status, "valid") ? _("Berlaku") : _("Dicabut"));
    }
    if (!nc) h(b, "<p>%s</p>", _("Belum ada sertifikat."));
    const char *issue = arena_printf(&r->a, "/enrolments/%lld/certificate", (long long)p->enrolment_id);
    if (!has_valid && p->status == ENROL_SELESAI && ent_can(r, "POST", issue)) {
        h(b, "<form method=\"post\" action=\"%s\" class=\"big\">", issue);
        h_csrf(r, b);
        h(b, "<button type=\"submit\">%s</button></form>", _("Terbitkan sertifikat"));
    }

    /* results per unit */
    h(b, "<h2 id=\"hasil\">%s</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Hasil unit kompetensi"), _("Unit"), _("Hasil"), _("Tanggal"), _("Asesor"), _("Bukti"));
    int rows = 0;
    for (int i = 0; i < d.n_results; i++) {
        const trn_result_t *x = &d.results[i];
        if (x->enrolment_id != p->enrolment_id) continue;
        int u = trn_unit_index(&d, x->unit_id);
        h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
          u >= 0 ? arena_printf(&r->a, "%d. %s", d.units[u].seq, d.units[u].title) : "-",
          competency_result_label(x->kompeten ? "kompeten" : "belum_kompeten"), fmt_date_id(&r->a, x->assessed_on),
          x->assessor, x->evidence && *x->evidence ? x->evidence : "-");
        rows++;
    }
    if (!rows) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Belum ada hasil."));
    h(b, "</tbody></table></div>");

    /* attendance per session */
    h(b, "<h2 id=\"kehadiran\">%s</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Kehadiran per sesi"), _("Tanggal"), _("JP"), _("Kehadiran"), _("Catatan"));
    for (int i = 0; i < d.n_sessions; i++) {
        const trn_session_t *s = &d.sessions[i];
        const trn_att_t *x = trn_att_find(&d, s->id, p->enrolment_id);
        h(b, "<tr><td><a href=\"/sessions/%D\">%s</a> %s</td><td>%d</td><td>%s</td><td>%s</td></tr>", s->id,
          fmt_date_id(&r->a, s->date_iso), s->start_time, s->jp,
          s->cancelled ? _("Sesi dibatalkan") : trn_web_att_label(x ? x->status : ATT_NONE), x && x->note ? x->note : "");
    }
    h(b, "</tbody></table></div>");

    /* uji kompetensi */
    trn_uji_t *uji;
    int nu = 0;
    if (trn_uji_list(r->db, &e, &r->a, p->enrolment_id, &uji, &nu) < 0) nu = 0;
    h(b, "<h2 id=\"uji\">%s</h2>", _("Uji kompetensi (LSP/BNSP)"));
    if (!nu) h(b, "<p>%s</p>", _("Belum ada uji kompetensi."));
    for (int i = 0; i < nu; i++) {
        h(b, "<p>%s · %s · %s: %s", fmt_date_id(&r->a, uji[i].test_date), uji[i].lsp, _("hasil"),
          competency_result_label(uji[i].result));
        if (uji[i].bnsp_number) {
            date_t ex;
            bool valid = uji[i].bnsp_expiry && date_parse(uji[i].bnsp_expiry, &ex) && today <= ex;
            h(b, " · %s %s, %s %s (%s)", _("sertifikat BNSP"), uji[i].bnsp_number, _("berlaku sampai"),
              fmt_date_id(&r->a, uji[i].bnsp_expiry), valid ? _("masih berlaku") : _("kedaluwarsa"));
        }
        h(b, "</p>");
    }
    const char *uji_url = arena_printf(&r->a, "/enrolments/%lld/uji", (long long)p->enrolment_id);
    if (ent_can(r, "POST", uji_url)) {
        h(b, "<details><summary>%s</summary><form method=\"post\" action=\"%s\"><div class=\"grid\">",
          _("Catat uji kompetensi"), uji_url);
        h_csrf(r, b);
        h(b, "<div class=\"field\"><label for=\"u-lsp\">%s *</label><input id=\"u-lsp\" name=\"lsp\" maxlength=\"200\"></div>"
             "<div class=\"field\"><label for=\"u-scheme\">%s</label><input id=\"u-scheme\" name=\"scheme\" maxlength=\"200\"></div>"
             "<div class=\"field\"><label for=\"u-date\">%s *</label><input id=\"u-date\" name=\"test_date\" type=\"date\"></div>"
             "<div class=\"field\"><label for=\"u-result\">%s *</label><select id=\"u-result\" name=\"result\">"
             "<option value=\"kompeten\">%s</option><option value=\"belum_kompeten\">%s</option></select></div>"
             "<div class=\"field\"><label for=\"u-no\">%s</label><input id=\"u-no\" name=\"bnsp_number\" maxlength=\"100\"></div>"
             "<div class=\"field\"><label for=\"u-issued\">%s</label><input id=\"u-issued\" name=\"bnsp_issued\" type=\"date\"></div>"
             "<div class=\"field\"><label for=\"u-notes\">%s</label><input id=\"u-notes\" name=\"notes\" maxlength=\"500\"></div>",
          _("LSP"), _("Skema sertifikasi"), _("Tanggal uji"), _("Hasil"), _("Kompeten"), _("Belum kompeten"),
          _("Nomor sertifikat BNSP"), _("Tanggal terbit sertifikat BNSP"), _("Catatan"));
        h(b, "</div><p class=\"muted\">%s</p><p><button type=\"submit\">%s</button></p></form></details>",
          arena_printf(&r->a, _("Sertifikat kompetensi BNSP berlaku %d tahun sejak terbit; tanggal kedaluwarsanya dihitung otomatis."),
                       rules.bnsp_validity_years),
          _("Simpan uji kompetensi"));
    }

    /* status history */
    trn_event_t *ev2;
    int ne = 0;
    if (trn_enrolment_events(r->db, &e, &r->a, p->enrolment_id, &ev2, &ne) < 0) ne = 0;
    h(b, "<h2 id=\"riwayat\">%s</h2><ul>", _("Riwayat status"));
    for (int i = 0; i < ne; i++)
        h(b, "<li>%s: %s → %s (%s). %s</li>", ev2[i].at, ev2[i].from_status ? status_label(ev2[i].from_status) : "-",
          status_label(ev2[i].to_status), ev2[i].user_name ? ev2[i].user_name : "-", msg_text(&r->a, ev2[i].reason));
    if (!ne) h(b, "<li>%s</li>", _("Belum ada perubahan status."));
    h(b, "</ul>");
    return page_end(r, w);
}

/* ---------------------------------------------------------------- uji kompetensi */

struct uji_ctx {
    req_t *r;
    int64_t site_id;
    trn_uji_t u;
};
static int do_uji(db_t *db, void *vc, err_t *e)
{
    struct uji_ctx *c = vc;
    return trn_uji_add(db, e, web_actor(c->r), c->site_id, &c->u) < 0 ? -1 : 0;
}

static const char *opt(req_t *r, const char *k)
{
    const char *v = req_form(r, k);
    return v && *v ? v : NULL;
}

int page_uji_create(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int pi;
    if (trn_web_load_enrolment(r, r->id, &d, &rules, &pi) < 0) return -1;
    field_errs_t fe = {0};
    trn_uji_t u = {0};
    u.enrolment_id = d.people[pi].enrolment_id;
    u.lsp = opt(r, "lsp");
    u.scheme = opt(r, "scheme");
    u.result = opt(r, "result");
    u.bnsp_number = opt(r, "bnsp_number");
    u.notes = opt(r, "notes");
    date_t td = DATE_NONE, bi = DATE_NONE;
    if (!u.lsp) field_err(&fe, "lsp", "%s", _("Nama LSP wajib diisi"));
    else if (strlen(u.lsp) > 200) field_err(&fe, "lsp", "%s", _("Nama LSP terlalu panjang (maksimal 200 karakter)"));
    if (u.scheme && strlen(u.scheme) > 200) field_err(&fe, "scheme", "%s", _("Skema terlalu panjang (maksimal 200 karakter)"));
    if (!opt(r, "test_date") || !date_parse(opt(r, "test_date"), &td))
        field_err(&fe, "test_date", "%s", _("Tanggal uji wajib diisi (TTTT-BB-HH)"));
    else if (td > trn_web_today(r, d.p.site_id))
        field_err(&fe, "test_date", "%s", _("Tanggal uji tidak boleh di masa depan"));
    if (competency_result_parse(u.result) < 0) field_err(&fe, "result", "%s", _("Hasil uji harus kompeten atau belum_kompeten"));
    if (u.bnsp_number && strlen(u.bnsp_number) > 100)
        field_err(&fe, "bnsp_number", "%s", _("Nomor sertifikat BNSP terlalu panjang (maksimal 100 karakter)"));
    if (u.bnsp_number && str_eq(u.result, "belum_kompeten"))
        field_err(&fe, "bnsp_number", "%s", _("Sertifikat BNSP hanya untuk hasil kompeten"));
    if (opt(r, "bnsp_issued") && !date_parse(opt(r, "bnsp_issued"), &bi))
        field_err(&fe, "bnsp_issued", "%s", _("Tanggal terbit sertifikat BNSP tidak sah (TTTT-BB-HH)"));
    if (u.notes && strlen(u.notes) > 500) field_err(&fe, "notes", "%s", _("Catatan terlalu panjang (maksimal 500 karakter)"));
    if (fe.n) return trn_web_results_error(r, &fe);
    u.test_date = iso(r, td);
    if (u.bnsp_number) {
        if (bi == DATE_NONE) bi = td;
        u.bnsp_issued = iso(r, bi);
        u.bnsp_expiry = iso(r, bnsp_expiry(bi, rules.bnsp_validity_years));
    }
    struct uji_ctx c = {r, d.p.site_id, u};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_uji, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/enrolments/%lld/training?saved=1#uji", (long long)u.enrolment_id));
    return 0;
}

/* ---------------------------------------------------------------- API: results (was api_training.c) */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

struct api_res_ctx {
    req_t *r;
    const trn_data_t *d;
    int64_t eid, unit_id;
    bool kompeten;
    const char *date, *assessor, *evidence;
    int64_t id;
};
static int api_do_result(db_t *db, void *vc, err_t *e)
{
    struct api_res_ctx *c = vc;
    c->id = trn_result_add(db, e, web_actor(c->r), c->d, c->eid, c->unit_id, c->kompeten, c->date, c->assessor,
                           c->evidence);
    return c->id < 0 ? -1 : 0;
}

int api_result_create(req_t *r, resp_t *w)
{
    trn_data_t d;
    train_rules_t rules;
    int pi;
    if (trn_web_load_enrolment(r, r->id, &d, &rules, &pi) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"unit_id", "result", "assessed_on", "assessor", "evidence", NULL};
    web_json_only_members(r, body, allowed, &fe);
    json_t *u = json_object_get(body, "unit_id"), *res = json_object_get(body, "result"),
           *dt = json_object_get(body, "assessed_on"), *as = json_object_get(body, "assessor"),
           *ev = json_object_get(body, "evidence");
    int64_t unit_id = json_is_integer(u) ? json_integer_value(u) : 0;
    if (!json_is_integer(u) || trn_unit_index(&d, unit_id) < 0)
        field_err(&fe, "unit_id", "%s", _("unit_id harus id unit kompetensi kejuruan program ini"));
    int k = json_is_string(res) ? competency_result_parse(json_string_value(res)) : -1;
    if (k < 0) field_err(&fe, "result", "%s", _("result harus kompeten atau belum_kompeten"));
    date_t day = DATE_NONE;
    if (!json_is_string(dt) || !date_parse(json_string_value(dt), &day))
        field_err(&fe, "assessed_on", "%s", _("assessed_on harus tanggal TTTT-BB-HH"));
    else if (day > trn_web_today(r, d.p.site_id))
        field_err(&fe, "assessed_on", "%s", _("Tanggal penilaian tidak boleh di masa depan"));
    if (!json_is_string(as) || !*json_string_value(as) || strlen(json_string_value(as)) > 120 ||
        !utf8_valid_text(json_string_value(as), strlen(json_string_value(as))))
        field_err(&fe, "assessor", "%s", _("assessor harus nama asesor (teks, maksimal 120 karakter)"));
    if (ev && !json_is_null(ev) && (!json_is_string(ev) || strlen(json_string_value(ev)) > 500))
        field_err(&fe, "evidence", "%s", _("evidence harus teks (maksimal 500 karakter)"));
    char ds[DATE_ISO_LEN] = "";
    if (day != DATE_NONE) date_format(day, ds);
    struct api_res_ctx c = {r, &d, d.people[pi].enrolment_id, unit_id, k == 1, ds,
                        json_is_string(as) ? arena_strdup(&r->a, json_string_value(as)) : NULL,
                        json_is_string(ev) ? arena_strdup(&r->a, json_string_value(ev)) : NULL, 0};
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, api_do_result, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)c.id, "enrolment_id", (json_int_t)c.eid, "unit_id",
                          (json_int_t)unit_id, "result", k == 1 ? "kompeten" : "belum_kompeten", "assessed_on", ds,
                          "assessor", c.assessor);
    json_object_set_new(o, "evidence", str_or_null(c.evidence));
    return resp_json(w, 201, o);
}

