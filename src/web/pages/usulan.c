/* usulan.c — pages and API of the asimilasi proposal (usulan, issue 5): the
 * proposal entity for the generic list, CSV and API, its page with the approval
 * chain and the next steps the user's role may take, the dossier checklist with
 * scans, the step history; creating a proposal from the WBP page; and the TPP
 * session list for a date as a page, PDF and XLSX (src/report/table.h). */
#include "../pages.h"
#include "../../report/table.h"
#include "../../store/settings.h"
#include "../../store/site_store.h"
#include "../../store/usulan_store.h"
#include <stdlib.h>
#include <string.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})


static const char *state_label(const char *chain_code, const char *state)
{
    const usulan_chain_t *c = usulan_chain_by_code(chain_code);
    int s = c ? usulan_state_index(c, state) : -1;
    return s >= 0 ? usulan_label(&c->states[s]) : state ? state : "-";
}

static json_t *guard_json(const usulan_guard_t *g, bool unmet_only);
static void guard_table(req_t *r, buf_t *b, const usulan_guard_t *g, bool unmet_only);

/* The proposal's eligibility on the date it is judged on (planned start or today). 0 or -1. */
static int usulan_eligibility(req_t *r, const usulan_full_t *f, usulan_guard_t *g)
{
    char today[11];
    today_iso(today);
    date_t td;
    date_parse(today, &td);
    err_t e;
    err_clear(&e);
    return usulan_guard(r->db, &e, &r->a, f->rec.v[USF_WBP_ID] ? strtoll(f->rec.v[USF_WBP_ID], NULL, 10) : 0,
                        usulan_guard_date(f, td), usulan_form_parse(f->rec.v[USF_FORM]), g);
}

/* ---------------------------------------------------------------- entity */

static const char *usulan_cell(req_t *r, const rec_t *rec, int field)
{
    (void)r;
    return field == USF_STATE ? state_label(rec->v[USF_CHAIN_CODE], rec->v[USF_STATE]) : NULL;
}

static json_t *checklist_json(req_t *r, const usulan_full_t *f, bool *complete)
{
    err_t e;
    err_clear(&e);
    usulan_check_t list[USL_MAX_DOCS];
    int n = usulan_checklist_for(r->db, &e, &r->a, f, list, complete);
    usulan_doc_row_t *rows;
    int nr = 0;
    if (usulan_docs(r->db, &e, &r->a, f->rec.id, &rows, &nr) < 0) nr = 0;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        const usulan_doc_row_t *row = NULL;
        for (int k = 0; k < nr; k++)
            if (str_eq(rows[k].code, list[i].doc->code)) row = &rows[k];
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "code", list[i].doc->code, "label", usulan_label(list[i].doc),
                           "status", usulan_doc_status_code(list[i].status), "why", list[i].why, "document_id",
                           row ? json_integer(row->id) : json_null(), "note",
                           row && row->note ? json_string(row->note) : json_null(), "scan",
                           row && row->has_scan
                               ? json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)row->id, "file_name",
                                           row->file_name ? row->file_name : "", "content_type",
                                           row->content_type ? row->content_type : "", "size_bytes",
                                           (json_int_t)row->size, "sha256", row->sha256)
                               : json_null()));
    }
    return arr;
}

static void usulan_json(req_t *r, json_t *o, const rec_t *rec)
{
    usulan_full_t f;
    err_t e;
    err_clear(&e);
    if (usulan_load(r->db, &e, &r->a, r->user.id, rec->id, &f) <= 0) return;
    json_object_set_new(o, "state_label", json_string(state_label(rec->v[USF_CHAIN_CODE], rec->v[USF_STATE])));
    json_object_set_new(o, "wbp", json_string(f.regno ? f.regno : ""));
    json_object_set_new(o, "wbp_name", json_string(f.name ? f.name : ""));
    json_object_set_new(o, "program_name", f.program_name ? json_string(f.program_name) : json_null());
    usulan_guard_t g;
    if (usulan_eligibility(r, &f, &g) == 0) json_object_set_new(o, "eligibility", guard_json(&g, false));
    bool complete = false;
    json_object_set_new(o, "checklist", checklist_json(r, &f, &complete));
    json_object_set_new(o, "dossier_complete", json_boolean(complete));
    const usulan_trans_t *next[USL_MAX_TRANS];
    int nn = usulan_next_steps(&f, next, USL_MAX_TRANS);
    json_t *steps = json_array();
    for (int i = 0; i < nn; i++) {
        json_t *roles = json_array(), *req = json_array();
        for (int k = 0; k < next[i]->n_roles; k++) json_array_append_new(roles, json_string(next[i]->roles[k]));
        for (int k = 0; k < USL_F__COUNT; k++)
            if (next[i]->requires >> k & 1u) json_array_append_new(req, json_string(usulan_field_code((usulan_field_t)k)));
        json_array_append_new(steps, json_pack("{s:s, s:s, s:o, s:o}", "to", f.chain->states[next[i]->to].code,
                                               "label", usulan_label(&f.chain->states[next[i]->to]), "roles", roles,
                                               "requires", req));
    }
    json_object_set_new(o, "next", steps);
    usulan_event_t *ev;
    int n = 0;
    json_t *arr = json_array();
    if (usulan_events(r->db, &e, &r->a, rec->id, &ev, &n) == 0)
        for (int i = 0; i < n; i++) {
            json_error_t je;
            json_t *fields = json_loads(ev[i].fields ? ev[i].fields : "{}", 0, &je);
            json_array_append_new(arr, json_pack("{s:s, s:o, s:s, s:o, s:o, s:s, s:s}", "at", ev[i].at, "from",
                                                 ev[i].from_state ? json_string(ev[i].from_state) : json_null(), "to",
                                                 ev[i].to_state, "fields", fields ? fields : json_object(), "reason",
                                                 ev[i].reason ? json_string(ev[i].reason) : json_null(), "by",
                                                 ev[i].user_name, "role", ev[i].role));
        }
    json_object_set_new(o, "events", arr);
}

/* A date input or text input for a field a step needs. */
static void step_field_v(req_t *r, buf_t *b, const char *prefix, usulan_field_t f, bool required, const char *value,
                         const char *error)
{
    const char *code = usulan_field_code(f);
    bool is_date = f == USL_F_TPP_DATE || f == USL_F_DECREE_DATE || f == USL_F_LETTER_DATE || f == USL_F_START_DATE ||
                   f == USL_F_END_DATE;
    h(b, "<div><label for=\"%s-%s\">%s%R</label>", prefix, code, _(usulan_field_label(f)), required ? " *" : "");
    if (error) h(b, "<p class=\"error\" id=\"%s-%s-err\" role=\"alert\">%s</p>", prefix, code, error);
    h(b, "<input id=\"%s-%s\" name=\"%s\" type=\"%R\" value=\"%s\"%R%R%R></div>", prefix, code, code,
      is_date ? "date" : "text", value ? value : "", required ? " required" : "", is_date ? "" : " maxlength=\"300\"",
      error ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"%s-%s-err\"", prefix, code) : "");
}
static void step_field(req_t *r, buf_t *b, const char *prefix, usulan_field_t f, bool required)
{
    step_field_v(r, b, prefix, f, required, NULL, NULL);
}


/* The dossier's documents as one table; for a user who may change them, one form
 * (one CSRF token, one submit) with each document's fields on its row: present,
 * note, scan (issue 25: was a form per document). err/val (NULL: none) are a
 * refused submission's per-document errors and typed values (index as list). */
static void dossier_table(req_t *r, buf_t *b, int64_t id, const usulan_full_t *f, const usulan_check_t *list, int n,
                          const char *const *err, const char *const *val_present)
{
    err_t e;
    err_clear(&e);
    usulan_doc_row_t *rows;
    int nr = 0;
    if (usulan_docs(r->db, &e, &r->a, id, &rows, &nr) < 0) nr = 0;
    const char *act = arena_printf(&r->a, "/usulan/%lld/dossier", (long long)id);
    bool can_docs = ent_can(r, "POST", act) && !usulan_state_final(f->chain, f->u.state);
    if (can_docs) {
        h(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" id=\"berkas-form\">", act);
        h_csrf(r, b);
    }
    h(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>%R</tr></thead><tbody>",
      _("Dokumen"), _("Status"), _("Keterangan"), _("Pindaian"),
      can_docs ? arena_printf(&r->a, "<th scope=\"col\">%s</th>", _("Perbarui")) : "");
    static const char *const st_label[] = {N_("Ada"), N_("Belum ada"), N_("Tidak perlu")};
    for (int i = 0; i < n; i++) {
        const usulan_doc_row_t *row = NULL;
        for (int k = 0; k < nr; k++)
            if (str_eq(rows[k].code, list[i].doc->code)) row = &rows[k];
        h(b, "<tr><td>%s</td><td>%s</td><td>%s%s%s</td><td>", usulan_label(list[i].doc), _(st_label[list[i].status]),
          list[i].why, row && row->note ? " — " : "", row && row->note ? row->note : "");
        if (row && row->has_scan)
            h(b, "<a href=\"/usulan-documents/%D\">%s</a>", row->id, row->file_name ? row->file_name : _("unduh"));
        else
            h(b, "-");
        h(b, "</td>");
        if (can_docs) {
            const char *code = list[i].doc->code, *fid = arena_printf(&r->a, "d-%s", code);
            const char *er = err ? err[i] : NULL;
            bool present = val_present && val_present[i] ? str_eq(val_present[i], "1") : row && row->present;
            const char *note = row && row->note ? row->note : "";
            if (err) {
                const char *typed = req_form(r, arena_printf(&r->a, "note-%s", code));
                if (typed) note = typed;
            }
            h(b, "<td><div><label for=\"%s-present\">%s</label><select id=\"%s-present\" name=\"present-%s\"%R>"
                 "<option value=\"1\"%R>%s</option><option value=\"0\"%R>%s</option></select></div>",
              fid, _("Ada"), fid, code, er ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"%s-err\"", fid) : "",
              present ? " selected" : "", _("Ya"), present ? "" : " selected", _("Tidak"));
            h(b, "<div><label for=\"%s-note\">%s</label><input id=\"%s-note\" name=\"note-%s\" maxlength=\"300\" "
                 "value=\"%s\"></div>",
              fid, _("Keterangan"), fid, code, note);
            h(b, "<div><label for=\"%s-file\">%s</label><input id=\"%s-file\" name=\"file-%s\" type=\"file\" "
                 "accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\"></div>",
              fid, _("Pindaian (PDF, JPEG, PNG)"), fid, code);
            if (er) h(b, "<span id=\"%s-err\" class=\"field-error\" role=\"alert\">%s</span>", fid, er);
            h(b, "</td>");
        }
        h(b, "</tr>");
    }
    h(b, "</tbody></table></div>");
    if (can_docs) h(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", _("Simpan berkas"));
}

static void usulan_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    usulan_full_t f;
    err_t e;
    err_clear(&e);
    if (usulan_load(r->db, &e, &r->a, r->user.id, rec->id, &f) <= 0) return;
    h(b, "<div class=\"actions\"><a href=\"/wbp/%s\">%s</a>", rec->v[USF_WBP_ID],
      arena_printf(&r->a, _("Halaman WBP %s"), f.regno ? f.regno : ""));
    if (rec->v[USF_TPP_DATE])
        h(b, "<a href=\"/tpp?date=%s\">%s</a>", rec->v[USF_TPP_DATE],
          arena_printf(&r->a, _("Daftar sidang TPP %s"), fmt_date_id(&r->a, rec->v[USF_TPP_DATE])));
    h(b, "</div>");
    if (f.program_name) h(b, "<p>%s</p>", arena_printf(&r->a, _("Program pelatihan: %s"), f.program_name));

    /* the chain */
    h(b, "<h2 id=\"alur\">%s</h2>", _("Alur persetujuan"));
    if (!f.chain) {
        h(b, "<p class=\"error\">%s</p>", _("Aturan alur usulan ini tidak dikenal lagi."));
        return;
    }
    h(b, "<p class=\"muted\">%s</p><ol>", arena_printf(&r->a, _("%s (aturan %s)"), rulefile_title(&f.chain->head), f.chain->head.code));
    for (int s = 0; s < f.chain->n_states; s++)
        h(b, "<li%R>%s%R</li>", s == f.u.state ? " aria-current=\"step\"" : "", usulan_label(&f.chain->states[s]),
          s == f.u.state ? arena_printf(&r->a, " <strong>← %s</strong>", _("sekarang")) : "");
    h(b, "</ol>");
    const usulan_trans_t *next[USL_MAX_TRANS];
    int nn = usulan_next_steps(&f, next, USL_MAX_TRANS);

    /* eligibility: each requirement with its date; a forward step needs it met */
    usulan_guard_t g;
    h(b, "<h2 id=\"syarat\">%s</h2>", _("Syarat asimilasi"));
    if (usulan_eligibility(r, &f, &g) < 0)
        h(b, "<p class=\"error\">%s</p>", _("Syarat asimilasi tidak dapat dihitung."));
    else {
        bool guarded = false;
        for (int i = 0; i < nn; i++) guarded |= usulan_trans_guarded(next[i]);
        h(b, "<p class=\"%R\">%s</p>", g.eligible ? "notice" : "error",
          g.eligible ? arena_printf(&r->a, _("Memenuhi syarat asimilasi pada %s (aturan %s; %s)."), fmt_date_id(&r->a, g.at),
                                    g.ruleset ? g.ruleset : "-", g.basis ? g.basis : "-")
          : guarded ? arena_printf(&r->a, _("Tidak memenuhi syarat asimilasi pada %s (aturan %s; %s): langkah yang "
                                            "memajukan usulan ini terhalang sampai syarat di bawah terpenuhi."),
                                   fmt_date_id(&r->a, g.at), g.ruleset ? g.ruleset : "-", g.basis ? g.basis : "-")
                    : arena_printf(&r->a, _("Tidak memenuhi syarat asimilasi pada %s (aturan %s; %s)."),
                                   fmt_date_id(&r->a, g.at), g.ruleset ? g.ruleset : "-", g.basis ? g.basis : "-"));
        guard_table(r, b, &g, false);
    }
    const char *step = arena_printf(&r->a, "/usulan/%lld/step", (long long)rec->id);
    bool can_step = ent_can(r, "POST", step);
    if (nn) h(b, "<h3>%s</h3>", _("Langkah berikutnya"));
    else h(b, "<p>%s</p>", _("Usulan ini sudah selesai diproses (tahap akhir)."));
    for (int i = 0; i < nn; i++) {
        const usulan_trans_t *t = next[i];
        const usulan_state_t *to = &f.chain->states[t->to];
        bool mine = false;
        buf_t roles;
        buf_init(&roles);
        for (int k = 0; k < t->n_roles; k++) {
            mine |= str_eq(t->roles[k], r->user.role);
            buf_printf(&roles, "%s%s", k ? ", " : "", t->roles[k]);
        }
        if (!can_step || !mine) {
            h(b, "<p>%s</p>", arena_printf(&r->a, _("Ke \"%s\": oleh %s."), usulan_label(to), roles.data ? roles.data : "-"));
            buf_release(&roles);
            continue;
        }
        buf_release(&roles);
        const char *prefix = arena_printf(&r->a, "st%d", i);
        h(b, "<form method=\"post\" action=\"%s\" class=\"filters\">", step);
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"to\" value=\"%s\">", to->code);
        for (int k = 0; k < USL_F__COUNT; k++)
            if (t->requires >> k & 1u) step_field(r, b, prefix, (usulan_field_t)k, true);
        if (!(t->requires >> USL_F_REASON & 1u)) step_field(r, b, prefix, USL_F_REASON, false);
        h(b, "<div><button type=\"submit\">%s</button></div></form>", arena_printf(&r->a, _("Ubah ke: %s"), usulan_label(to)));
    }

    /* the dossier */
    bool complete = false;
    usulan_check_t list[USL_MAX_DOCS];
    int n = usulan_checklist_for(r->db, &e, &r->a, &f, list, &complete);
    h(b, "<h2 id=\"berkas\">%s</h2>", _("Kelengkapan berkas"));
    if (n < 0) {
        h(b, "<p class=\"error\">%s</p>", e.msg);
        n = 0;
    } else
        h(b, "<p class=\"%R\">%s</p>", complete ? "notice" : "muted",
          complete ? _("Berkas lengkap.") : _("Berkas belum lengkap: usulan baru dapat diajukan ke sidang TPP bila "
                                                "semua dokumen yang wajib sudah ada."));
    dossier_table(r, b, rec->id, &f, list, n, NULL, NULL);

    /* the history */
    usulan_event_t *ev;
    int ne = 0;
    if (usulan_events(r->db, &e, &r->a, rec->id, &ev, &ne) < 0) ne = 0;
    h(b, "<h2 id=\"riwayat\">%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Riwayat usulan"), _("Waktu"), _("Langkah"), _("Isian"), _("Oleh"));
    for (int i = 0; i < ne; i++)
        h(b, "<tr><td>%s</td><td>%s → %s</td><td><code>%s</code></td><td>%s (%s)</td></tr>", fmt_time(r, rec->site_id, ev[i].at),
          ev[i].from_state ? state_label(rec->v[USF_CHAIN_CODE], ev[i].from_state) : _("(baru)"),
          state_label(rec->v[USF_CHAIN_CODE], ev[i].to_state), ev[i].fields ? ev[i].fields : "{}", ev[i].user_name,
          ev[i].role);
    h(b, "</tbody></table>");
}

const entity_t usulan_entity = {
    .def = &usulan_def,
    .slug = "usulan",
    .title = N_("Usulan asimilasi"),
    .one = N_("Usulan"),
    .label_field = USF_STATE,
    .list_cols = L(USF_WBP_ID, USF_FORM, USF_STATE, USF_TPP_DATE, USF_DECREE_NO, USF_DECREE_DATE, USF_STATE_AT),
    .search = L(USF_WBP_ID),
    .sort = L(USF_WBP_ID, USF_FORM, USF_STATE, USF_TPP_DATE, USF_DECREE_NO, USF_DECREE_DATE, USF_STATE_AT),
    .filters = L(USF_STATE, USF_FORM, USF_VARIANT, USF_TPP_DATE),
    .default_sort = REC_SORT_ID,
    .default_desc = true,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{USF_WBP_ID, NULL, "wbp_label", NULL, wbp_ref_text, NULL}, {-1}},
    .list_filter = wbp_owned_filter,
    .show = usulan_show,
    .json = usulan_json,
    .cell = usulan_cell,
};

/* ---------------------------------------------------------------- create and steps */

/* The guard as JSON: {at, eligible, ruleset, basis, requirements: [{code, label, met, met_from, detail}]};
 * unmet_only keeps only the requirements not met. */
static json_t *guard_json(const usulan_guard_t *g, bool unmet_only)
{
    json_t *reqs = json_array();
    for (int i = 0; i < g->n; i++) {
        const usulan_req_t *q = &g->req[i];
        if (unmet_only && q->met) continue;
        json_array_append_new(reqs, json_pack("{s:s, s:s, s:b, s:o, s:s}", "code", q->code, "label", q->label, "met",
                                              q->met, "met_from", q->met_from ? json_string(q->met_from) : json_null(),
                                              "detail", q->detail));
    }
    return json_pack("{s:s, s:b, s:o, s:o, s:o}", "at", g->at, "eligible", g->eligible, "ruleset",
                     g->ruleset ? json_string(g->ruleset) : json_null(), "basis",
                     g->basis ? json_string(g->basis) : json_null(), "requirements", reqs);
}

/* The 422 of a refused create or step: the unmet requirements, each with code, detail, met_from. */
static int api_not_eligible(req_t *r, resp_t *w, const err_t *e, const usulan_guard_t *g)
{
    json_t *gj = guard_json(g, true);
    json_t *err = json_pack("{s:s, s:s, s:O, s:O, s:O}", "code", e->code, "message", e->msg, "at",
                            json_object_get(gj, "at"), "ruleset", json_object_get(gj, "ruleset"), "unmet",
                            json_object_get(gj, "requirements"));
    json_decref(gj);
    (void)r;
    return resp_json(w, 422, json_pack("{s:o}", "error", err));
}

/* The requirements as an HTML table: each one, met or not, with its date. */
static void guard_table(req_t *r, buf_t *b, const usulan_guard_t *g, bool unmet_only)
{
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Syarat"), _("Terpenuhi"), _("Sejak / pada"), _("Penjelasan"));
    for (int i = 0; i < g->n; i++) {
        const usulan_req_t *q = &g->req[i];
        if (unmet_only && q->met) continue;
        h(b, "<tr><td>%s <code>%s</code></td><td>%s</td><td>%s</td><td>%s</td></tr>", q->label, q->code,
          q->met ? _("Ya") : _("Tidak"), q->met_from ? fmt_date_id(&r->a, q->met_from) : "-", q->detail);
    }
    h(b, "</tbody></table>");
}

static int create(req_t *r, const char *form, const char *notes, const char *planned, int64_t *id, err_t *e,
                  usulan_guard_t *g)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    if (notes && (strlen(notes) > 2000 || !utf8_valid_text(notes, strlen(notes))))
        return web_fail(r, 400, "bad_notes", "%s", _("catatan harus teks yang sah, paling panjang 2000 karakter"));
    char today[11];
    today_iso(today);
    err_clear(e);
    if (usulan_create(r->db, e, &r->a, web_actor(r), r->user.id, r->id, form, notes, planned, today, id, g) < 0) {
        if (str_eq(e->code, "not_eligible")) return 1; /* the caller shows why */
        return web_fail(r, e->status, e->code, "%s", e->msg);
    }
    return 0;
}

int page_usulan_create(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    const char *form = req_form(r, "form");
    if (!form || !*form) return web_fail(r, 400, "missing_form", "%s", _("pilih bentuk asimilasi"));
    int64_t id;
    err_t e;
    usulan_guard_t g;
    const char *notes = req_form(r, "notes"), *planned = req_form(r, "planned_start");
    int rc = create(r, form, notes, planned, &id, &e, &g);
    if (rc < 0) return -1;
    if (rc == 0) {
        resp_redirect(w, arena_printf(&r->a, "/usulan/%lld?saved=1", (long long)id));
        return 0;
    }
    /* refused: the form again with what was typed, the reasons beside the button */
    page_begin(r, w, _("Usulan asimilasi tidak dapat dibuat"));
    w->status = 422;
    buf_t *b = &w->body;
    h(b, "<p class=\"error\" role=\"alert\">%s</p>",
      arena_printf(&r->a, _("WBP %s belum memenuhi syarat asimilasi pada %s (aturan %s). Tidak ada peran yang dapat "
                            "mengesampingkan syarat hukum; data yang salah diperbaiki di register."),
                   wbp.v[WF_REGNO], fmt_date_id(&r->a, g.at), g.ruleset ? g.ruleset : "-"));
    const char *action = arena_printf(&r->a, "/wbp/%lld/usulan", (long long)wbp.id);
    h(b, "<div class=\"usulan-create\"><form method=\"post\" action=\"%s\" class=\"filters\">", action);
    h_csrf(r, b);
    h(b, "<div><label for=\"us-form\">%s</label><select id=\"us-form\" name=\"form\">", _("Bentuk asimilasi"));
    const field_def_t *fd = &usulan_def.fields[USF_FORM];
    for (int k = 0; fd->choices[k]; k++)
        h(b, "<option value=\"%s\"%R>%s</option>", fd->choices[k], str_eq(form, fd->choices[k]) ? " selected" : "",
          _(fd->clabels[k]));
    h(b, "</select></div><div><label for=\"us-start\">%s</label><input id=\"us-start\" name=\"planned_start\" "
         "type=\"date\" value=\"%s\"></div><div><label for=\"us-notes\">%s</label><input id=\"us-notes\" "
         "name=\"notes\" maxlength=\"2000\" value=\"%s\"></div><div><button type=\"submit\">%s</button></div>"
         "</form><div class=\"reasons\" id=\"syarat-belum\"><h2>%s</h2>",
      _("Rencana mulai (kosong: hari ini)"), planned ? planned : "", _("Catatan"), notes ? notes : "",
      _("Buat usulan asimilasi"), _("Syarat yang belum terpenuhi"));
    guard_table(r, b, &g, true);
    h(b, "</div></div><p><a href=\"/wbp/%D#penempatan\">%s</a></p>", wbp.id, _("Kembali ke halaman WBP"));
    page_end(r, w);
    w->status = 422;
    return 0;
}

/* 0 done, 1 refused by the eligibility guard (e and g say why), -1 failed. */
static int step(req_t *r, const char *to, const usulan_step_in_t *f, err_t *e, usulan_guard_t *g)
{
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    err_clear(e);
    if (!to || !*to) return web_fail(r, 400, "missing_to", "%s", _("sebutkan tahap tujuan (to)"));
    if (usulan_step(r->db, e, &r->a, web_actor(r), r->user.id, r->id, to, f, g) < 0) {
        if (str_eq(e->code, "not_eligible")) return 1;
        return web_fail(r, e->status, e->code, "%s", e->msg);
    }
    return 0;
}

/* The step form of transition `to` on its own page (issue 22): shown again after a
 * refused step with what was typed and the message beside the field it names (or
 * above the form), the unmet requirements when the guard refused; 422. NULL trans:
 * the refusal alone with the way back to the proposal. */
static const usulan_trans_t *step_trans(const usulan_full_t *f, const char *to)
{
    const usulan_trans_t *next[USL_MAX_TRANS];
    int nn = usulan_next_steps(f, next, USL_MAX_TRANS);
    for (int i = 0; i < nn; i++)
        if (to && str_eq(f->chain->states[next[i]->to].code, to)) return next[i];
    return NULL;
}

static const char *step_value(const usulan_step_in_t *in, usulan_field_t k)
{
    switch (k) {
    case USL_F_REASON: return in->reason;
    case USL_F_TPP_DATE: return in->tpp_date;
    case USL_F_DECREE_NO: return in->decree_no;
    case USL_F_DECREE_DATE: return in->decree_date;
    case USL_F_LETTER_NO: return in->letter_no;
    case USL_F_LETTER_DATE: return in->letter_date;
    case USL_F_START_DATE: return in->start_date;
    case USL_F_END_DATE: return in->end_date;
    default: return NULL;
    }
}

static int step_form_again(req_t *r, resp_t *w, const char *to, const usulan_step_in_t *in, const err_t *e,
                           const usulan_guard_t *g)
{
    usulan_full_t f;
    err_t le;
    err_clear(&le);
    if (usulan_load(r->db, &le, &r->a, r->user.id, r->id, &f) <= 0 || !f.chain)
        return web_fail(r, e->status, e->code, "%s", e->msg);
    const usulan_trans_t *t = step_trans(&f, to);
    w->status = e->status >= 400 && e->status < 500 ? (e->status == 400 ? 422 : e->status) : 422;
    const char *tl = t ? usulan_label(&f.chain->states[t->to]) : (to ? to : "-");
    page_begin(r, w, arena_printf(&r->a, _("Langkah usulan: %s"), tl));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", arena_printf(&r->a, _("Usulan asimilasi %s — %s, sekarang: %s"), f.regno ? f.regno : "", f.name ? f.name : "",
                   usulan_label(&f.chain->states[f.u.state])));
    /* the field the message names, if any */
    int at = -1;
    if (t)
        for (int k = 0; k < USL_F__COUNT && at < 0; k++)
            if (strstr(e->msg, _(usulan_field_label((usulan_field_t)k)))) at = k;
    if (at < 0) h(b, "<p class=\"error\" role=\"alert\">%s</p>", e->msg);
    if (g && str_eq(e->code, "not_eligible")) guard_table(r, b, g, true);
    if (t) {
        h(b, "<form method=\"post\" action=\"/usulan/%D/step\" class=\"filters\">", r->id);
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"to\" value=\"%s\">", to);
        for (int k = 0; k < USL_F__COUNT; k++) {
            bool req = t->requires >> k & 1u;
            if (!req && k != USL_F_REASON) continue;
            step_field_v(r, b, "again", (usulan_field_t)k, req, step_value(in, (usulan_field_t)k),
                         k == at ? e->msg : NULL);
        }
        h(b, "<div><button type=\"submit\">%s</button></div></form>", arena_printf(&r->a, _("Ubah ke: %s"), tl));
    }
    h(b, "<p><a href=\"/usulan/%D#alur\">%s</a></p>", r->id, _("Kembali ke usulan"));
    return page_end(r, w);
}

struct step_dry {
    req_t *r;
    const char *to;
    const usulan_step_in_t *in;
    usulan_guard_t *g;
};
static int step_dry_fn(db_t *db, void *vc, err_t *e)
{
    struct step_dry *c = vc;
    return usulan_step(db, e, &c->r->a, web_actor(c->r), c->r->user.id, c->r->id, c->to, c->in, c->g);
}

/* The review of a step (issue 22): the step itself, run and rolled back: whose
 * proposal, from which state to which, with the dates and numbers entered. 0 (a
 * refusal is left in rv->refusal and *g), or -1 with r->err. */
static int step_review(req_t *r, const char *to, const usulan_step_in_t *in, web_review_t *rv, usulan_guard_t *g)
{
    usulan_full_t f;
    err_t e;
    err_clear(&e);
    int rc = usulan_load(r->db, &e, &r->a, r->user.id, r->id, &f);
    if (rc <= 0) return web_found(r, rc, &e, _("usulan dengan id %lld tidak ditemukan"), (long long)r->id);
    if (!to || !*to) return web_fail(r, 400, "missing_to", "%s", _("sebutkan tahap tujuan (to)"));
    review_init(rv, _("Tinjau langkah usulan"),
                _("Langkah ini dicatat dalam riwayat usulan dan tidak dapat dihapus; koreksinya adalah langkah "
                  "berikutnya (misalnya pencabutan) dengan alasan."));
    struct step_dry c = {r, to, in, g};
    int dry = review_dry_run(r, rv, step_dry_fn, &c);
    if (dry <= 0) return dry;
    const usulan_trans_t *t = f.chain ? step_trans(&f, to) : NULL;
    review_text(r, rv, "wbp", _("WBP"), arena_printf(&r->a, "%s — %s", f.regno ? f.regno : "", f.name ? f.name : ""));
    review_text(r, rv, "from", _("Dari tahap"), f.chain ? usulan_label(&f.chain->states[f.u.state]) : "");
    review_text(r, rv, "to", _("Ke tahap"), t ? usulan_label(&f.chain->states[t->to]) : to);
    for (int k = 0; k < USL_F__COUNT; k++) {
        const char *v = step_value(in, (usulan_field_t)k);
        if (v && *v) review_text(r, rv, usulan_field_code((usulan_field_t)k), _(usulan_field_label((usulan_field_t)k)), v);
    }
    return 0;
}

/* POST /usulan/{id}/step: without confirm=1 the review of the step, with it the
 * step; a refused step shows its form again with what was typed (422). */
int page_usulan_step(req_t *r, resp_t *w)
{
    usulan_step_in_t f = {req_form(r, "reason"),      req_form(r, "tpp_date"),   req_form(r, "decree_no"),
                          req_form(r, "decree_date"), req_form(r, "letter_no"),  req_form(r, "letter_date"),
                          req_form(r, "start_date"),  req_form(r, "end_date")};
    const char *to = req_form(r, "to");
    err_t e;
    usulan_guard_t g;
    memset(&g, 0, sizeof g);
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        if (step_review(r, to, &f, &rv, &g) < 0) return -1;
        if (rv.refusal.status >= 400) return step_form_again(r, w, to, &f, &rv.refusal, &g);
        return web_review_page(r, w, &rv, _("Ya, simpan langkah ini"),
                               arena_printf(&r->a, "/usulan/%lld#alur", (long long)r->id));
    }
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    if (!to || !*to) return web_fail(r, 400, "missing_to", "%s", _("sebutkan tahap tujuan (to)"));
    err_clear(&e);
    if (usulan_step(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, to, &f, &g) < 0) {
        if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
        return step_form_again(r, w, to, &f, &e, &g);
    }
    resp_redirect(w, arena_printf(&r->a, "/usulan/%lld?saved=1#alur", (long long)r->id));
    return 0;
}

/* The scan size limit in bytes (setting usulan.scan_max_kib). */
static size_t scan_limit(req_t *r)
{
    return (size_t)web_setting_int(r, "usulan.scan_max_kib", 10240) * 1024;
}

static int doc_set(req_t *r, const char *code, const char *present, const char *note, const char *data, size_t len,
                   const char *name)
{
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    if (!code || !*code) return web_fail(r, 400, "missing_doc", "%s", _("sebutkan dokumen (doc_code)"));
    int p = -1;
    if (present && *present) {
        if (str_eq(present, "1") || str_eq(present, "true")) p = 1;
        else if (str_eq(present, "0") || str_eq(present, "false")) p = 0;
        else return web_fail(r, 400, "bad_present", "%s", _("present harus 1 (ada) atau 0 (belum ada)"));
    }
    if (note && (strlen(note) > 300 || !utf8_valid_text(note, strlen(note))))
        return web_fail(r, 400, "bad_note", "%s", _("keterangan harus teks yang sah, paling panjang 300 karakter"));
    if (data && len > scan_limit(r))
        return web_fail(r, 413, "too_large", _("pindaian terlalu besar (maksimal %zu KiB)"), scan_limit(r) / 1024);
    if (data && len == 0) data = NULL;
    err_t e;
    err_clear(&e);
    if (usulan_doc_set(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, code, p, note, data, len, name) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* POST /usulan/{id}/dossier: the dossier form (every document on one form). Each
 * document is checked on its own (choice, note, scan size and kind) and its error
 * shown next to it; when all pass, the documents that changed are written in one
 * transaction, one audited change each (the store refuses a document: nothing kept,
 * the error next to it). Then back to the usulan's page. */
int page_usulan_dossier(req_t *r, resp_t *w)
{
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    usulan_full_t f;
    err_t e;
    err_clear(&e);
    int rc = usulan_load(r->db, &e, &r->a, r->user.id, r->id, &f);
    if (rc <= 0) return web_found(r, rc, &e, _("usulan dengan id %lld tidak ditemukan"), (long long)r->id);
    if (f.chain && f.u.state >= 0 && usulan_state_final(f.chain, f.u.state))
        return web_fail(r, 409, "closed", "%s", _("usulan ini sudah selesai diproses; berkasnya tidak dapat diubah lagi"));
    usulan_check_t list[USL_MAX_DOCS];
    bool complete = false;
    int n = usulan_checklist_for(r->db, &e, &r->a, &f, list, &complete);
    if (n < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    usulan_doc_row_t *rows;
    int nr = 0;
    if (usulan_docs(r->db, &e, &r->a, r->id, &rows, &nr) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *err[USL_MAX_DOCS] = {0}, *pv[USL_MAX_DOCS] = {0};
    usulan_doc_in_t in[USL_MAX_DOCS];
    int idx[USL_MAX_DOCS], nin = 0;
    size_t limit = scan_limit(r);
    bool bad = false;
    int seen = 0; /* fields of the form that came with the request */
    for (int i = 0; i < n; i++) {
        const char *code = list[i].doc->code;
        const char *present = req_form(r, arena_printf(&r->a, "present-%s", code));
        const char *note = req_form(r, arena_printf(&r->a, "note-%s", code));
        const web_file_t *file = req_file(r, arena_printf(&r->a, "file-%s", code));
        seen += present || note || file;
        const usulan_doc_row_t *row = NULL;
        for (int k = 0; k < nr; k++)
            if (str_eq(rows[k].code, code)) row = &rows[k];
        pv[i] = present;
        int p = -1;
        if (present && *present) {
            if (str_eq(present, "1")) p = 1;
            else if (str_eq(present, "0")) p = 0;
            else err[i] = _("Pilih ya atau tidak.");
        }
        if (note && (strlen(note) > 300 || !utf8_valid_text(note, strlen(note))))
            err[i] = _("Keterangan harus teks yang sah, paling panjang 300 karakter.");
        if (file && file->len > limit)
            err[i] = arena_printf(&r->a, _("Pindaian terlalu besar (maksimal %zu KiB)."), limit / 1024);
        else if (file) {
            char msg[300];
            if (usulan_scan_check(file->data, file->len, msg, sizeof msg)) err[i] = arena_strdup(&r->a, msg);
        }
        if (err[i]) {
            bad = true;
            continue;
        }
        bool was = row && row->present;
        const char *old_note = row && row->note ? row->note : "";
        if (!file && (p < 0 || p == (int)was) && (!note || str_eq(note, old_note))) continue; /* unchanged */
        in[nin] = (usulan_doc_in_t){code, note, file ? file->data : NULL, file ? file->name : NULL, p,
                                    file ? file->len : 0};
        idx[nin++] = i;
    }
    /* a request without any of the form's fields is not the form sent back (the form
     * always sends each document's choice): refused, nothing read as "no change" */
    if (!seen && n > 0)
        return web_fail(r, 400, "empty_form", "%s", _("formulir berkas tidak berisi satu pun isian dokumen"));
    if (!bad && nin > 0) {
        int failed = -1;
        if (usulan_docs_set(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, in, nin, &failed) < 0) {
            if (failed < 0 || e.status >= 500 || e.status == 404 || e.status == 409)
                return web_fail(r, e.status, e.code, "%s", e.msg);
            err[idx[failed]] = arena_strdup(&r->a, e.msg);
            bad = true;
        }
    }
    if (!bad) {
        resp_redirect(w, arena_printf(&r->a, "/usulan/%lld?saved=1#berkas", (long long)r->id));
        return 0;
    }
    w->status = 422;
    page_begin(r, w, _("Kelengkapan berkas"));
    buf_t *b = &w->body;
    h(b, "<p class=\"error\" role=\"alert\">%s</p><p><a href=\"/usulan/%D#berkas\">%s</a></p>",
      _("Periksa isian yang ditandai. Belum ada yang disimpan."), r->id, _("Kembali ke usulan"));
    dossier_table(r, b, r->id, &f, list, n, err, pv);
    return page_end(r, w);
}

/* ---------------------------------------------------------------- API */

int api_usulan_create(req_t *r, resp_t *w)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    const char *form = NULL, *notes = NULL, *planned = NULL, *key;
    json_t *val;
    json_object_foreach (body, key, val) {
        if ((!str_eq(key, "form") && !str_eq(key, "notes") && !str_eq(key, "planned_start")) ||
            !(json_is_string(val) || json_is_null(val))) {
            web_fail(r, 400, "bad_field",
                     _("kolom \"%.60s\" tidak dikenal atau bukan teks (yang ada: form, notes, planned_start)"), key);
            json_decref(body);
            return -1;
        }
        const char *s = json_is_string(val) ? arena_strdup(&r->a, json_string_value(val)) : NULL;
        if (str_eq(key, "form")) form = s;
        else if (str_eq(key, "planned_start")) planned = s;
        else notes = s;
    }
    json_decref(body);
    if (!form || !*form) {
        rec_t wbp;
        if (web_load_wbp(r, &wbp) < 0) return -1;
        field_errs_t fe = {0};
        field_err(&fe, "form", "%s", _("Bentuk asimilasi wajib diisi (dalam_lapas, lapas_terbuka, kerja_sosial, pihak_ketiga)"));
        return web_validation_reply(r, w, &fe);
    }
    int64_t id;
    err_t e;
    usulan_guard_t g;
    int crc = create(r, form, notes, planned, &id, &e, &g);
    if (crc < 0) return -1;
    if (crc > 0) return api_not_eligible(r, w, &e, &g);
    rec_t rec;
    if (ent_load(r, &usulan_entity, id, &rec) < 0) return -1;
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/usulan/%lld", (long long)id));
    return resp_json(w, 201, ent_to_json(r, &usulan_entity, &rec, true));
}

/* The string members of a JSON body named in keys (others: 400). */
static int json_strings(req_t *r, json_t *body, const char *const *keys, const char **out)
{
    const char *key;
    json_t *val;
    json_object_foreach (body, key, val) {
        int k = 0;
        while (keys[k] && !str_eq(keys[k], key)) k++;
        if (!keys[k]) return web_fail(r, 400, "bad_field", _("kolom \"%.60s\" tidak dikenal"), key);
        if (json_is_null(val)) continue;
        if (json_is_string(val)) out[k] = arena_strdup(&r->a, json_string_value(val));
        else if (json_is_boolean(val)) out[k] = json_is_true(val) ? "1" : "0";
        else if (json_is_integer(val)) out[k] = arena_printf(&r->a, "%lld", (long long)json_integer_value(val));
        else return web_fail(r, 400, "bad_type", _("%s: tipe nilai tidak sah"), key);
    }
    return 0;
}

/* The API's 422 for proposal r->id when its required member key is missing (a 404
 * first when the user may not see the proposal). */
static int api_missing(req_t *r, resp_t *w, const char *key, const char *msg)
{
    rec_t seen;
    if (ent_load(r, &usulan_entity, r->id, &seen) < 0) return -1;
    field_errs_t fe = {0};
    field_err(&fe, key, "%s", msg);
    return web_validation_reply(r, w, &fe);
}

int api_usulan_step(req_t *r, resp_t *w)
{
    static const char *const keys[] = {"to",         "reason",    "tpp_date",    "decree_no", "decree_date",
                                       "letter_no", "letter_date", "start_date", "end_date",  NULL};
    const char *v[9] = {0};
    bool confirm;
    json_t *body = web_api_confirm_body(r, &confirm);
    if (!body) return -1;
    int rc = json_strings(r, body, keys, v);
    json_decref(body);
    if (rc < 0) return -1;
    usulan_step_in_t f = {v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
    if (!v[0] || !*v[0]) return api_missing(r, w, "to", _("Tahap tujuan (to) wajib diisi"));
    err_t e;
    usulan_guard_t g;
    if (!confirm) { /* the preview (issue 22): nothing changes */
        web_review_t rv;
        memset(&g, 0, sizeof g);
        if (step_review(r, v[0], &f, &rv, &g) < 0) return -1;
        if (str_eq(rv.refusal.code, "not_eligible")) return api_not_eligible(r, w, &rv.refusal, &g);
        return web_review_json(r, w, &rv, NULL);
    }
    int src = step(r, v[0], &f, &e, &g);
    if (src < 0) return -1;
    if (src > 0) return api_not_eligible(r, w, &e, &g);
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    return resp_json(w, 200, ent_to_json(r, &usulan_entity, &rec, true));
}

int api_usulan_documents(req_t *r, resp_t *w)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    static const char *const keys[] = {"doc_code", "present", "note", NULL};
    const char *v[3] = {0};
    int rc = json_strings(r, body, keys, v);
    json_decref(body);
    if (rc < 0) return -1;
    if (!v[0] || !*v[0]) return api_missing(r, w, "doc_code", _("Kode dokumen (doc_code) wajib diisi"));
    if (doc_set(r, v[0], v[1], v[2], NULL, 0, NULL) < 0) return -1;
    rec_t rec;
    if (ent_load(r, &usulan_entity, r->id, &rec) < 0) return -1;
    return resp_json(w, 200, ent_to_json(r, &usulan_entity, &rec, true));
}

/* The dossier document row id if the user may see its proposal: the proposal and
 * the document code. 0, or -1 with r->err (404). */
static int doc_owner(req_t *r, int64_t doc_id, int64_t *usulan_id, const char **code)
{
    err_t e;
    err_clear(&e);
    int rc = usulan_doc_owner(r->db, &e, &r->a, r->user.id, doc_id, usulan_id, code);
    if (rc <= 0) return web_found(r, rc, &e, _("dokumen dengan id %lld tidak ditemukan"), (long long)doc_id);
    rec_t seen;
    return ent_load(r, &usulan_entity, *usulan_id, &seen);
}

/* The row's scan as the answer (content type as stored). */
static int send_scan(req_t *r, resp_t *w, int64_t doc_id)
{
    usulan_doc_row_t row;
    const char *data;
    size_t len;
    err_t e;
    err_clear(&e);
    int rc = usulan_scan_get(r->db, &e, &r->a, r->user.id, doc_id, &row, &data, &len);
    if (rc <= 0) return web_found(r, rc, &e, _("pindaian dengan id %lld tidak ditemukan"), (long long)doc_id);
    resp_file(r, w, row.content_type ? row.content_type : "application/octet-stream", false,
              row.file_name ? row.file_name : "pindaian");
    buf_reset(&w->body);
    buf_append(&w->body, data, len);
    return 0;
}

int page_usulan_scan(req_t *r, resp_t *w)
{
    int64_t uid;
    const char *code;
    if (doc_owner(r, r->id, &uid, &code) < 0) return -1;
    return send_scan(r, w, r->id);
}
int api_usulan_scan_get(req_t *r, resp_t *w)
{
    int64_t uid;
    const char *code;
    if (doc_owner(r, r->id, &uid, &code) < 0) return -1;
    return send_scan(r, w, r->id);
}

int api_usulan_scan_upload(req_t *r, resp_t *w)
{
    int64_t uid;
    const char *code;
    if (doc_owner(r, r->id, &uid, &code) < 0) return -1;
    const char *ct = req_header(r, "Content-Type");
    static const char *const types[] = {"application/pdf", "image/jpeg", "image/png"};
    static const char *const magic[] = {"%PDF-", "\xFF\xD8\xFF", "\x89PNG\r\n\x1a\n"};
    int kind = -1;
    for (size_t i = 0; ct && i < ARRAY_LEN(types); i++) {
        size_t n = strlen(types[i]);
        if (strncmp(ct, types[i], n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ')) kind = (int)i;
    }
    if (kind < 0)
        return web_fail(r, 415, "unsupported_media_type", "%s",
                        _("Content-Type harus application/pdf, image/jpeg atau image/png (isi permintaan: berkas pindaian)"));
    if (r->body.len == 0) return web_fail(r, 400, "missing_file", "%s", _("isi permintaan kosong: kirim berkas pindaian"));
    if (r->body.len > scan_limit(r))
        return web_fail(r, 413, "too_large", _("pindaian terlalu besar (maksimal %zu KiB)"), scan_limit(r) / 1024);
    if (r->body.len < strlen(magic[kind]) || memcmp(r->body.data, magic[kind], strlen(magic[kind])) != 0)
        return web_fail(r, 415, "unsupported_media_type", _("isi berkas bukan %s seperti disebut Content-Type"),
                        types[kind]);
    err_t e;
    err_clear(&e);
    if (usulan_doc_set(r->db, &e, &r->a, web_actor(r), r->user.id, uid, code, 1, NULL, r->body.data, r->body.len,
                       req_query(r, "file_name")) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    usulan_doc_row_t row;
    const char *data;
    size_t len;
    if (usulan_scan_get(r->db, &e, &r->a, r->user.id, r->id, &row, &data, &len) != 1)
        return web_fail(r, 500, "db_error", "%s", _("pindaian tersimpan tetapi tidak dapat dibaca kembali"));
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/usulan-documents/%lld/scan", (long long)r->id));
    return resp_json(w, 201, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)r->id, "usulan_id",
                                       (json_int_t)uid, "doc_code", code, "file_name", row.file_name, "content_type",
                                       row.content_type, "size_bytes", (json_int_t)len, "sha256", row.sha256));
}

/* ---------------------------------------------------------------- TPP session list */

typedef struct {
    char date[DATE_ISO_LEN];
    int64_t site_id;          /* 0: every visible site */
    const char *site_code;    /* the one site's code, else NULL */
    const char *site_name, *site_address;
    tpp_item_t *items;
    int n;
} tpp_q_t;

static int tpp_read(req_t *r, tpp_q_t *q)
{
    memset(q, 0, sizeof *q);
    const char *d = req_query(r, "date");
    char today[11];
    today_iso(today);
    date_t dt;
    if (!date_parse(d && *d ? d : today, &dt)) return web_fail(r, 400, "bad_date", "%s", _("tanggal tidak sah (pakai TTTT-BB-HH)"));
    date_format(dt, q->date);
    err_t e;
    err_clear(&e);
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    const char *site = req_query(r, "site");
    if (site && *site) {
        q->site_id = -1; /* another site's (or an unknown) code: nothing */
        for (int i = 0; i < sites.n; i++)
            if (str_eq(sites.code[i], site)) q->site_id = sites.id[i], q->site_code = sites.code[i], q->site_name = sites.name[i];
    } else if (sites.n == 1)
        q->site_id = sites.id[0], q->site_code = sites.code[0], q->site_name = sites.name[0];
    if (q->site_id > 0) {
        const char *a;
        if (site_address(r->db, &e, &r->a, q->site_id, &a) == 1) q->site_address = a;
    }
    if (q->site_id >= 0 && tpp_list(r->db, &e, &r->a, r->user.id, q->site_id, q->date, &q->items, &q->n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

static const char *upper(arena_t *a, const char *s)
{
    char *u = arena_strdup(a, s ? s : "");
    for (char *p = u; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    return u;
}

static report_t *tpp_report(req_t *r, const tpp_q_t *q)
{
    date_t dt;
    date_parse(q->date, &dt);
    char dl[DATE_LONG_LEN];
    date_format_long_ui(dt, dl);
    report_t *rp = report_new(_("Daftar usulan asimilasi pada sidang TPP"));
    const char *place = NULL, *chair = NULL;
    err_t e;
    err_clear(&e);
    if (q->site_id > 0) tpp_session_get(r->db, &e, &r->a, q->site_id, q->date, &place, &chair);
    report_set_subtitle(rp, arena_printf(&r->a, _("Sidang Tim Pengamat Pemasyarakatan, %s%s%s"), dl, place ? " — " : "",
                                         place ? place : ""));
    report_add_letterhead(rp, _("KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA"));
    if (q->site_name) report_add_letterhead(rp, upper(&r->a, q->site_name));
    if (q->site_address) report_add_letterhead(rp, q->site_address);
    report_set_landscape(rp, true);
    report_set_author(rp, r->user.full_name);
    rep_col_t cols[] = {{_("No."), REP_INT, false},         {_("No. registrasi"), REP_TEXT, false},
                        {_("Nama"), REP_TEXT, false},       {_("Tindak pidana"), REP_TEXT, false},
                        {_("Pidana"), REP_TEXT, false},     {_("Bentuk asimilasi"), REP_TEXT, false},
                        {_("Program pelatihan"), REP_TEXT, false}, {_("Status usulan"), REP_TEXT, false},
                        {_("Berkas"), REP_TEXT, false},     {_("Syarat asimilasi"), REP_TEXT, false},
                        {_("Lokasi"), REP_TEXT, false}};
    int ncols = q->site_code ? 10 : 11;
    /* the verdict in the list; each requirement, met or not with its date, in the
     * second table (one column of every requirement made the list's columns too
     * narrow to read in the PDF) */
    rep_table_t *t = report_add_table(rp, _("Usulan yang dibahas"), cols, ncols);
    for (int i = 0; i < q->n; i++) {
        const tpp_item_t *it = &q->items[i];
        rep_row(t);
        rep_int(t, i + 1);
        rep_text(t, it->regno);
        rep_text(t, it->name);
        rep_text(t, it->crime);
        rep_text(t, it->sentence);
        rep_text(t, _(rec_choice_label(&usulan_def.fields[USF_FORM], it->form)));
        rep_text(t, it->program ? it->program : "-");
        rep_text(t, it->state_label);
        rep_text(t, it->complete ? _("lengkap") : arena_printf(&r->a, _("kurang %d"), it->missing));
        rep_text(t, it->guard.eligible ? _("Memenuhi") : _("Belum memenuhi"));
        if (ncols == 11) rep_text(t, it->site_code);
    }
    rep_col_t rcols[] = {{_("No."), REP_INT, false},
                         {_("No. registrasi"), REP_TEXT, false},
                         {_("Syarat"), REP_TEXT, false},
                         {_("Terpenuhi"), REP_TEXT, false},
                         {_("Terpenuhi sejak"), REP_TEXT, false}};
    rep_table_t *rt = report_add_table(rp, _("Syarat asimilasi tiap usulan"), rcols, 5);
    for (int i = 0; i < q->n; i++) {
        const tpp_item_t *it = &q->items[i];
        for (int k = 0; k < it->guard.n; k++) {
            const usulan_req_t *g = &it->guard.req[k];
            rep_row(rt);
            rep_int(rt, i + 1);
            rep_text(rt, it->regno);
            rep_text(rt, g->label);
            rep_text(rt, g->met ? _("ya") : _("tidak"));
            rep_text(rt, g->met_from ? fmt_date_id(&r->a, g->met_from) : "-");
        }
    }
    report_set_signature(rp, q->site_name ? q->site_name : "", dt, _("Ketua TPP"),
                         chair && *chair ? chair : "(..............................)", NULL);
    return rp;
}

int page_tpp(req_t *r, resp_t *w)
{
    tpp_q_t q;
    if (tpp_read(r, &q) < 0) return -1;
    err_t e;
    err_clear(&e);
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    page_begin(r, w, _("Daftar usulan untuk sidang TPP"));
    buf_t *b = &w->body;
    const char *site = req_query(r, "site");
    h(b, "<form class=\"filters\" method=\"get\" action=\"/tpp\"><div><label for=\"date\">%s</label><input id=\"date\" "
         "name=\"date\" type=\"date\" value=\"%s\"></div>",
      _("Tanggal sidang"), q.date);
    web_site_select(r, b, &sites);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Tampilkan"));
    buf_t qs;
    buf_init(&qs);
    h(&qs, "?date=%u", q.date);
    if (site && *site) h(&qs, "&site=%u", site);
    h(b, "<div class=\"actions\"><a class=\"button\" href=\"/tpp.pdf%R\">%s</a><a class=\"button\" href=\"/tpp.xlsx%R\">"
         "%s</a></div>",
      qs.data, _("Cetak PDF"), qs.data, _("Unduh XLSX"));
    buf_release(&qs);
    const char *place = NULL, *chair = NULL;
    if (q.site_id > 0) tpp_session_get(r->db, &e, &r->a, q.site_id, q.date, &place, &chair);
    h(b, "<p aria-live=\"polite\">%s</p>",
      arena_printf(&r->a, _("%d usulan pada sidang TPP %s."), q.n, fmt_date_id(&r->a, q.date)));
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("No. registrasi"), _("Nama"), _("Pidana"), _("Bentuk asimilasi"), _("Program pelatihan"), _("Status usulan"),
      _("Berkas"), _("Syarat asimilasi"));
    for (int i = 0; i < q.n; i++) {
        const tpp_item_t *it = &q.items[i];
        h(b, "<tr><td><a href=\"/usulan/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
             "<td>%s</td><td><strong>%s</strong><ul>",
          it->id, it->regno, it->name, it->sentence, _(rec_choice_label(&usulan_def.fields[USF_FORM], it->form)), it->program ? it->program : "-", it->state_label,
          it->complete ? _("lengkap") : arena_printf(&r->a, _("kurang %d"), it->missing),
          it->guard.eligible ? _("Memenuhi") : _("Belum memenuhi"));
        for (int k = 0; k < it->guard.n; k++) {
            const usulan_req_t *gq = &it->guard.req[k];
            h(b, "<li>%s: %s%s%s</li>", gq->label, gq->met ? _("ya") : _("tidak"), gq->met_from ? ", " : "",
              gq->met_from ? fmt_date_id(&r->a, gq->met_from) : "");
        }
        h(b, "</ul></td></tr>");
    }
    if (!q.n) h(b, "<tr><td colspan=\"8\">%s</td></tr>", _("Tidak ada usulan pada tanggal ini."));
    h(b, "</tbody></table>");
    if (q.site_id > 0 && ent_can(r, "POST", "/tpp")) {
        h(b, "<h2>%s</h2><form method=\"post\" action=\"/tpp\" class=\"filters\">", _("Tempat dan ketua sidang"));
        h_csrf(r, b);
        h(b, "<input type=\"hidden\" name=\"site\" value=\"%s\"><input type=\"hidden\" name=\"date\" value=\"%s\">"
             "<div><label for=\"tpp-place\">%s</label><input id=\"tpp-place\" name=\"place\" maxlength=\"200\" "
             "value=\"%s\"></div><div><label for=\"tpp-chair\">%s</label><input id=\"tpp-chair\" name=\"chair\" "
             "maxlength=\"200\" value=\"%s\"></div><div><button type=\"submit\">%s</button></div></form>",
          q.site_code, q.date, _("Tempat"), place ? place : "", _("Ketua TPP"), chair ? chair : "", _("Simpan"));
    }
    /* recent sessions */
    tpp_recent_t *ts = NULL;
    int nts = 0;
    if (q.site_id >= 0) tpp_recent(r->db, &e, &r->a, r->user.id, q.site_id, &ts, &nts);
    h(b, "<h2>%s</h2><ul>", _("Sidang TPP terakhir"));
    int ns = 0;
    for (int i = 0; i < nts; i++) {
        h(b, "<li><a href=\"/tpp?date=%s\">%s</a> (%s, %s)</li>", ts[i].date, fmt_date_id(&r->a, ts[i].date),
          ts[i].site_code, arena_printf(&r->a, _("%d usulan"), ts[i].proposals));
        ns++;
    }
    if (!ns) h(b, "<li>%s</li>", _("Belum ada."));
    h(b, "</ul>");
    return page_end(r, w);
}

static int tpp_file(req_t *r, resp_t *w, bool pdf)
{
    tpp_q_t q;
    if (tpp_read(r, &q) < 0) return -1;
    report_t *rp = tpp_report(r, &q);
    err_t e;
    err_clear(&e);
    buf_reset(&w->body);
    int rc = pdf ? report_pdf(rp, &w->body, NULL, &e) : report_xlsx(rp, &w->body, &e);
    report_free(rp);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *fmt = pdf ? "pdf" : "xlsx";
    resp_file(r, w, report_ctype(fmt), false, arena_printf(&r->a, "sidang-tpp-%s.%s", q.date, fmt));
    return 0;
}

int page_tpp_pdf(req_t *r, resp_t *w) { return tpp_file(r, w, true); }
int page_tpp_xlsx(req_t *r, resp_t *w) { return tpp_file(r, w, false); }

int page_tpp_session(req_t *r, resp_t *w)
{
    int64_t site_id = web_pick_site(r, req_form(r, "site"));
    if (site_id < 0) return -1;
    date_t dt;
    const char *d = req_form(r, "date");
    if (!d || !date_parse(d, &dt)) return web_fail(r, 400, "bad_date", "%s", _("tanggal sidang tidak sah (pakai TTTT-BB-HH)"));
    char iso[DATE_ISO_LEN];
    date_format(dt, iso);
    const char *place = req_form(r, "place"), *chair = req_form(r, "chair");
    if ((place && strlen(place) > 200) || (chair && strlen(chair) > 200))
        return web_fail(r, 400, "too_long", "%s", _("tempat dan ketua paling panjang 200 karakter"));
    err_t e;
    err_clear(&e);
    if (tpp_session_save(r->db, &e, web_actor(r), site_id, iso, place && *place ? place : "", chair && *chair ? chair : "") < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *code = req_form(r, "site");
    buf_t u;
    buf_init(&u);
    h(&u, "/tpp?date=%u", iso);
    if (code && *code) h(&u, "&site=%u", code);
    return resp_redirect_buf(r, w, &u);
}

int api_tpp(req_t *r, resp_t *w)
{
    tpp_q_t q;
    if (tpp_read(r, &q) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < q.n; i++) {
        const tpp_item_t *it = &q.items[i];
        json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:i}", "id",
                                               (json_int_t)it->id, "wbp_id", (json_int_t)it->wbp_id, "site",
                                               it->site_code, "wbp", it->regno, "name", it->name, "sentence",
                                               it->sentence, "form", it->form, "state", it->state, "state_label",
                                               it->state_label, "program", it->program ? json_string(it->program) : json_null(),
                                               "dossier_complete", it->complete, "documents_missing", it->missing));
        json_object_set_new(json_array_get(items, json_array_size(items) - 1), "eligibility", guard_json(&it->guard, false));
    }
    return resp_json(w, 200, json_pack("{s:s, s:o, s:i}", "date", q.date, "items", items, "total", q.n));
}
