/* assessment.c — the initial assessment of a placement phase (issue 5): the
 * assessment and its trade scores as entities for the generic lists, CSV and API,
 * the fast assessment page (one inmate after another, keyboard first: autofocus,
 * natural tab order, "save and next"), CSV import of assessments, and the API of a
 * phase's assessments. The phase's pages share their header (phase_common.c). */
#include "../pages.h"
#include "../phase_common.h"
#include "../../core/csv.h"
#include "../../core/program.h"
#include "../../core/wbp.h"
#include "../../store/placement_store.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* ---------------------------------------------------------------- entities */

static void assessment_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    int64_t pk = phase_web_key(r, rec->v[ASF_AGREEMENT_ID], rec->v[ASF_PHASE]);
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
    .refs = (const ent_ref_t[]){{ASF_WBP_ID, NULL, "wbp", NULL, wbp_ref_text, NULL},
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
      c->eligible_from != DATE_NONE ? phase_web_date(r, c->eligible_from) : _("belum dapat diperkirakan"),
      _("Perkiraan bebas"), phase_web_date(r, c->release));
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
    page_begin(r, w, arena_printf(&r->a, _("Asesmen awal: %s"), phase_web_title(r, &d->ph)));
    buf_t *b = &w->body;
    phase_web_header(r, b, d, "/assess");
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
    if (phase_web_load(r, &d) < 0) return -1;
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
    assess_check(r->db, &e, &r->a, r->user.id, d, in, today, fe);
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

/* The inmate whose assessment in holds (0: none valid). */
static int64_t assess_wbp(const assess_in_t *in, const field_errs_t *fe)
{
    return in->v[ASF_WBP_ID] && !field_errs_for(fe, "wbp_id") ? num(in->v[ASF_WBP_ID]) : 0;
}

/* The id a request names as wbp_id (0: none), to load the phase's data for it. */
static int64_t wbp_named(const char *s)
{
    int64_t id;
    return s && parse_i64(s, &id) && id > 0 ? id : 0;
}

/* Loads into d what checking and saving the assessment read into in needs: the data
 * for inmate `named` (the request's wbp_id) was loaded before reading; when the value
 * read is another inmate, again for that one (the trades, and so in, stay the same). */
static int assess_data_for(req_t *r, const phase_t *ph, int64_t named, const assess_in_t *in, const field_errs_t *fe,
                           phase_data_t *d)
{
    int64_t wid = assess_wbp(in, fe);
    return wid == named ? 0 : phase_web_data(r, ph, wid, d);
}

int page_phase_assess(req_t *r, resp_t *w)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    /* checking and saving need only the inmate's own part of the candidate list; the
     * page with the form again (a field refused) shows all of it */
    phase_data_t d;
    int64_t named = wbp_named(req_form(r, "wbp_id"));
    if (phase_web_data(r, &ph, named, &d) < 0) return -1;
    assess_in_t in;
    field_errs_t fe = {0};
    assess_read(r, &d, &in, &fe, form_get, NULL);
    if (assess_data_for(r, &ph, named, &in, &fe, &d) < 0) return -1;
    int64_t loaded = assess_wbp(&in, &fe); /* the inmate d was loaded for */
    struct save_ctx sc;
    if (assess_submit(r, &d, &in, &fe, &sc) < 0) return -1;
    if (fe.n) {
        /* An inmate who is not a candidate of the data loaded for them is not one of
         * the whole list either (phase_data_load_for): the plain 422, without reading
         * every inmate's eligibility. */
        int64_t wid = num(in.v[ASF_WBP_ID]);
        if (wid > 0 && wid != loaded && phase_web_data(r, &ph, wid, &d) < 0) return -1;
        if (wid <= 0 || phase_cand_index(&d, wid) < 0) return web_fail(r, 422, "validation", "%s", fe.e[0].msg);
        if (phase_web_data(r, &ph, -1, &d) < 0) return -1;
        int ci = phase_cand_index(&d, wid);
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
        return resp_redirect_buf(r, w, &u);
    }
    return 0;
}

/* ---------------------------------------------------------------- CSV import */

int page_phase_import_form(req_t *r, resp_t *w)
{
    phase_data_t d;
    if (phase_web_load(r, &d) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Impor asesmen: %s"), phase_web_title(r, &d.ph)));
    buf_t *b = &w->body;
    phase_web_header(r, b, &d, "/assessments/import");
    h(b, "<p>%s</p>",
      _("Berkas CSV (UTF-8, pemisah koma atau titik koma), baris pertama nama kolom. Setiap baris diperiksa dahulu; "
        "jika ada satu saja yang salah, tidak ada yang disimpan dan setiap kesalahan disebut dengan baris dan kolomnya. "
        "Impor ulang berkas yang sama tidak mengubah apa pun."));
    buf_t cols;
    buf_init(&cols);
    buf_puts(&cols, "regno,assessed_on,assessor,literacy,numeracy,risk,experience,notes,interests");
    for (int t = 0; t < d.ntrade; t++) buf_printf(&cols, ",aptitude_%s,fit_%s", d.trade[t].code, d.trade[t].code);
    h(b, "<p>%s</p><pre><code>%s</code></pre>", _("Kolom:"), cols.data);
    buf_release(&cols);
    h(b, "<ul><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul>",
      _("regno, assessed_on (TTTT-BB-HH), assessor wajib; literacy dan numeracy: baik, cukup, kurang; risk: rendah, "
        "sedang, tinggi."),
      _("interests: kode kejuruan menurut urutan minat, dipisah > (mis. LAS > KOMP); atau kolom interest_KODE berisi "
        "urutan 1, 2, ..."),
      _("aptitude_KODE: nilai tes bakat 0-100; fit_KODE: layak fisik ya atau tidak."),
      _("Kode kejuruan yang dibuka pada tahap ini tertulis di daftar program di atas."));
    phase_web_programs(r, b, &d);
    h(b, "<form method=\"post\" action=\"/phases/%D/assessments/import\" enctype=\"multipart/form-data\">", d.ph.id);
    h_csrf(r, b);
    h(b, "<div class=\"field\"><label for=\"f-file\">%s</label><input id=\"f-file\" name=\"file\" type=\"file\" "
         "accept=\".csv,text/csv\" required></div><div class=\"field\"><label><input type=\"checkbox\" name=\"dry_run\" "
         "value=\"1\"> %s</label></div><p><button type=\"submit\">%s</button></p></form>",
      _("Berkas CSV"), _("Uji coba saja (periksa tanpa menyimpan)"), _("Impor"));
    return page_end(r, w);
}

int page_phase_import(req_t *r, resp_t *w)
{
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
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
        h(b, "<div class=\"error\" role=\"alert\"><p>%s</p></div>",
          arena_printf(&r->a, _("Tidak ada yang disimpan: %ld kesalahan ditemukan."), res.nerrors));
        web_import_errors(b, &res);
    } else
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("%s: %ld baris — %ld baru, %ld diubah, %ld tidak berubah."),
                       dry ? _("Uji coba berhasil, tidak ada yang disimpan") : _("Impor selesai"), res.rows,
                       res.created, res.updated, res.unchanged));
    h(b, "<p><a href=\"/phases/%D/assessments/import\">%s</a> · <a href=\"/phases/%D\">%s</a></p>", ph.id,
      _("Impor berkas lain"), ph.id, _("Ke daftar calon"));
    return page_end(r, w);
}

/* ---------------------------------------------------------------- API */

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
    if (phase_web_load(r, &d) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < d.ncand; i++)
        if (d.cand[i].assessment_id) json_array_append_new(items, assessment_json(&d, i));
    return resp_json(w, 200, json_pack("{s:I, s:o, s:I}", "phase_id", (json_int_t)d.ph.id, "items", items, "total",
                                       (json_int_t)json_array_size(items)));
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
    phase_t ph;
    if (phase_web_load_phase(r, &ph) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    /* checking, saving and the answer need only the inmate's own part of the
     * candidate list */
    json_t *jw = json_object_get(body, "wbp_id");
    int64_t named = json_is_integer(jw) && json_integer_value(jw) > 0 ? (int64_t)json_integer_value(jw)
                                                                       : wbp_named(json_string_value(jw));
    phase_data_t d;
    if (phase_web_data(r, &ph, named, &d) < 0) {
        json_decref(body);
        return -1;
    }
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
    if (assess_data_for(r, &ph, named, &in, &fe, &d) < 0) {
        json_decref(body);
        return -1;
    }
    struct save_ctx sc;
    int rc = assess_submit(r, &d, &in, &fe, &sc); /* checks everything, saves only when all is valid */
    json_decref(body);
    if (rc < 0) return -1;
    if (fe.n) return web_validation_reply(r, w, &fe);
    char today[11];
    today_iso(today);
    err_t e;
    err_clear(&e);
    /* the saved assessment as stored (its inmate is now a candidate: assessed) */
    if (phase_data_load_for(r->db, &e, &r->a, &ph, today, 0, &d) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    int ci = phase_cand_index(&d, num(in.v[ASF_WBP_ID]));
    if (ci < 0) return web_fail(r, 500, "inconsistent", _("asesmen tersimpan tetapi tidak terbaca"));
    json_t *o = assessment_json(&d, ci);
    json_object_set_new(o, "result", json_string(sc.result == 1 ? "created" : sc.result == 2 ? "updated" : "unchanged"));
    return resp_json(w, sc.result == 1 ? 201 : 200, o);
}

