/* wbp.c — the WBP register pages: list (search, filters, sort, paging,
 * CSV export), detail with change history, create/edit forms and CSV upload. */
#include "../pages.h"
#include "../../store/wbp_store.h"
#include "../../store/wbp_import.h"
#include "../../core/csv.h"
#include <stdlib.h>
#include <string.h>

/* Reads the list filter from the query string (shared by page, CSV and API). */
static int wbp_filter_from_query(req_t *r, wbp_filter_t *f)
{
    memset(f, 0, sizeof *f);
    f->q = req_query(r, "q");
    if (f->q && strlen(f->q) > 100) return web_fail(r, 400, "bad_query", _("kata pencarian terlalu panjang (maks. 100)"));
    f->status = req_query(r, "status");
    f->crime = req_query(r, "crime_category");
    if (f->status && !*f->status) f->status = NULL;
    if (f->crime && !*f->crime) f->crime = NULL;
    if (f->q && !*f->q) f->q = NULL;
    f->sort = req_query(r, "sort");
    f->desc = str_eq(req_query(r, "dir"), "desc");
    f->page = req_query_int(r, "page", 1, 1, 1000000);
    f->per_page = req_query_int(r, "per_page", 50, 1, 200);
    f->role = r->user.role[0] ? r->user.role : NULL; /* as the session read it: not asked again */
    return web_query_site(r, &f->site_id);
}

static void select_options(buf_t *b, const field_def_t *f, const char *cur, const char *all_label)
{
    if (all_label) h(b, "<option value=\"\">%s</option>", all_label);
    for (int k = 0; f->choices[k]; k++)
        h(b, "<option value=\"%s\"%R>%s</option>", f->choices[k], str_eq(cur, f->choices[k]) ? " selected" : "",
          f->clabels ? _(f->clabels[k]) : f->choices[k]);
}

/* Link to the list with the current filters and one parameter changed (list.c). */
static const char *list_link(req_t *r, const char *key, const char *val) { return web_list_link(r, "/wbp", key, val); }

/* The whole filtered register for the print view and the exports (listout.h). */
static int wbp_rows(req_t *r, void *vc, int page, int per_page, rep_table_t *t)
{
    wbp_filter_t *f = vc;
    f->page = page;
    f->per_page = per_page;
    arena_t a;
    arena_init(&a);
    wbp_page_t pg;
    err_t e;
    err_clear(&e);
    if (wbp_list(r->db, &e, &a, r->user.id, f, &pg) < 0) {
        arena_release(&a);
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    const field_def_t *fd = wbp_def.fields;
    for (int i = 0; i < pg.n; i++) {
        const char **v = pg.rows[i].v;
        rep_row(t);
        rep_text(t, v[WF_REGNO]);
        rep_text(t, v[WF_NAME]);
        rep_text(t, pg.rows[i].site_code);
        rep_text(t, rec_choice_label(&fd[WF_CRIME_CATEGORY], v[WF_CRIME_CATEGORY]));
        rep_text(t, wbp_sentence_text(&a, v));
        rep_text(t, fmt_date_id(&a, v[WF_DETENTION_START]));
        rep_text(t, rec_choice_label(&fd[WF_STATUS], v[WF_STATUS]));
    }
    arena_release(&a);
    return pg.n;
}

int page_wbp_list(req_t *r, resp_t *w)
{
    wbp_filter_t f;
    list_mode_t mode;
    if (web_list_mode(r, &mode) < 0) return -1;
    if (wbp_filter_from_query(r, &f) < 0) return -1;
    if (mode != LIST_HTML) {
        static const char *const heads[] = {N_("No. registrasi"), N_("Nama"), N_("Lokasi"), N_("Kategori"),
                                            N_("Pidana"), N_("Mulai ditahan"), N_("Status")};
        rep_col_t cols[7];
        for (int i = 0; i < 7; i++) cols[i] = (rep_col_t){_(heads[i]), REP_TEXT, false};
        f.brief = true;
        list_out_t l = {_("Register WBP"), "register-wbp", cols, 7, wbp_rows, &f, 200, NULL, &wbp_def};
        return web_list_serve(r, w, mode, &l);
    }
    f.brief = true;
    wbp_page_t pg;
    err_t e;
    err_clear(&e);
    if (wbp_list(r->db, &e, &r->a, r->user.id, &f, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    site_list_t sites;
    if (pg.sites) sites = *pg.sites; /* read with the search digests */
    else if (web_user_sites(r, &sites) < 0) return -1;
    buf_reserve(&w->body, 4096 + (size_t)pg.n * 256); /* room for the page at once */
    page_begin(r, w, _("Register WBP"));
    buf_t *b = &w->body;
    const field_def_t *fd = wbp_def.fields;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/wbp\" role=\"search\"><div><label for=\"q\">%s"
         "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div><div><label for=\"status\">%s"
         "</label><select id=\"status\" name=\"status\">",
      _("Cari nama / no. registrasi"), f.q ? f.q : "", _("Status"));
    select_options(b, &fd[WF_STATUS], f.status, _("Semua"));
    h(b, "</select></div><div><label for=\"crime_category\">%s</label>"
         "<select id=\"crime_category\" name=\"crime_category\">",
      _("Kategori tindak pidana"));
    select_options(b, &fd[WF_CRIME_CATEGORY], f.crime, _("Semua"));
    h(b, "</select></div>");
    web_site_select(r, b, &sites);
    h(b, "<div><button type=\"submit\">%s</button> <a href=\"/wbp\">%s</a></div></form>",
      _("Terapkan"), _("Atur ulang"));
    int bit = role_bit(r->user.role);
    h(b, "<div class=\"actions\">");
    if (bit & (R_ADMIN | R_STAF))
        h(b, "<a class=\"button\" href=\"/wbp/new\">%s</a><a class=\"button\" href=\"/wbp/import\">%s</a>",
          _("Tambah WBP"), _("Impor CSV"));
    const char *filters = strchr(list_link(r, "page", ""), '?'); /* the current filters, without the page */
    h(b, "</div>");
    web_list_links_raw(r, b, arena_printf(&r->a, "/wbp.csv%s", filters ? filters : ""));
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>",
      arena_printf(&r->a, _("%lld WBP ditemukan."), (long long)pg.total));
    static const struct {
        const char *key, *label;
    } cols[] = {{"regno", N_("No. registrasi")}, {"name", N_("Nama")}, {"site", N_("Lokasi")},
                {"crime_category", N_("Kategori")}, {NULL, N_("Pidana")}, {"detention_start", N_("Mulai ditahan")},
                {"status", N_("Status")}};
    h(b, "<table><caption class=\"muted\">%s</caption><thead><tr>", arena_printf(&r->a, _("Halaman %d"), f.page));
    for (size_t i = 0; i < ARRAY_LEN(cols); i++) {
        if (!cols[i].key) {
            h(b, "<th scope=\"col\">%s</th>", _(cols[i].label));
            continue;
        }
        web_sort_th(r, b, "/wbp", cols[i].key, _(cols[i].label), str_eq(f.sort && *f.sort ? f.sort : "name", cols[i].key),
                    f.desc);
    }
    h(b, "</tr></thead><tbody>");
    for (int i = 0; i < pg.n; i++) {
        const char **v = pg.rows[i].v;
        h(b, "<tr><td>%s</td><td><a href=\"/wbp/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
             "<td>%s</td></tr>",
          v[WF_REGNO], pg.rows[i].id, v[WF_NAME], pg.rows[i].site_code,
          rec_choice_label(&fd[WF_CRIME_CATEGORY], v[WF_CRIME_CATEGORY]), wbp_sentence_text(&r->a, v),
          fmt_date_id(&r->a, v[WF_DETENTION_START]), rec_choice_label(&fd[WF_STATUS], v[WF_STATUS]));
    }
    if (pg.n == 0) h(b, "<tr><td colspan=\"7\">%s</td></tr>",
                     _("Tidak ada data yang cocok."));
    h(b, "</tbody></table>");
    web_pager(r, b, "/wbp", f.page, pg.total, f.per_page);
    return page_end(r, w);
}

/* CSV of the filtered list (every page), for spreadsheets. */
int page_wbp_csv(req_t *r, resp_t *w)
{
    wbp_filter_t f;
    if (wbp_filter_from_query(r, &f) < 0) return -1;
    err_t e;
    err_clear(&e);
    resp_file(r, w, "text/csv; charset=utf-8", false, "register-wbp.csv");
    buf_t *b = &w->body;
    buf_puts(b, "\xEF\xBB\xBF" "site");
    for (int i = 0; i < WF_COUNT; i++) buf_printf(b, ",%s", wbp_def.fields[i].name);
    buf_puts(b, "\r\n");
    f.per_page = 200;
    for (f.page = 1;; f.page++) {
        arena_t a;
        arena_init(&a);
        wbp_page_t pg;
        if (wbp_list(r->db, &e, &a, r->user.id, &f, &pg) < 0) {
            arena_release(&a);
            return web_fail(r, e.status, e.code, "%s", e.msg);
        }
        for (int i = 0; i < pg.n; i++) {
            csv_write_cell(b, pg.rows[i].site_code, ',');
            for (int k = 0; k < WF_COUNT; k++) {
                buf_putc(b, ',');
                csv_write_cell(b, pg.rows[i].v[k], ',');
            }
            buf_puts(b, "\r\n");
        }
        arena_release(&a);
        if (pg.n < f.per_page) break;
    }
    return 0;
}

/* Renders the create/edit form from the field table. v may be NULL (empty form). */
static void wbp_form(req_t *r, resp_t *w, const char *action, const char **v, const field_errs_t *fe,
                     const site_list_t *sites, int64_t site_id)
{
    buf_t *b = &w->body;
    if (fe && fe->n) {
        h(b, "<div class=\"error\" role=\"alert\"><p>%s</p><ul>",
          _("Periksa kembali isian berikut:"));
        for (int i = 0; i < fe->n; i++)
            h(b, "<li><a href=\"#f-%s\">%s</a></li>", fe->e[i].field, fe->e[i].msg);
        h(b, "</ul></div>");
    }
    h(b, "<form method=\"post\" action=\"%s\" novalidate>", action);
    h_csrf(r, b);
    h(b, "<div class=\"grid\">");
    if (sites) web_site_field(b, sites, site_id, NULL);
    for (int i = 0; i < wbp_def.nfields; i++) {
        const field_def_t *f = &wbp_def.fields[i];
        const char *val = v ? v[i] : f->def;
        const char *msg = field_errs_for(fe, f->name);
        const char *inv = msg ? " aria-invalid=\"true\"" : "";
        const char *desc = msg ? arena_printf(&r->a, " aria-describedby=\"m-%s\"", f->name) : "";
        h(b, "<div class=\"field\"><label for=\"f-%s\">%s%R</label>", f->name, _(f->label), f->required ? " *" : "");
        switch (f->type) {
        case FT_ENUM:
            h(b, "<select id=\"f-%s\" name=\"%s\"%R%R>", f->name, f->name, inv, desc);
            select_options(b, f, val, f->required && !val ? _("— pilih —") : (!f->required && !f->def ? "—" : NULL));
            h(b, "</select>");
            break;
        case FT_BOOL:
            h(b, "<select id=\"f-%s\" name=\"%s\"%R%R><option value=\"0\"%R>%s</option><option value=\"1\"%R>%s"
                 "</option></select>",
              f->name, f->name, inv, desc, str_eq(val, "1") ? "" : " selected", _("Tidak"), str_eq(val, "1") ? " selected" : "", _("Ya"));
            break;
        default:
            h(b, "<input id=\"f-%s\" name=\"%s\" type=\"%R\" value=\"%s\"%R%R%R%R>", f->name, f->name,
              f->type == FT_DATE ? "date" : f->type == FT_INT ? "number" : "text", val ? val : "",
              f->type == FT_INT ? " min=\"0\"" : "", f->type == FT_MONEY ? " inputmode=\"numeric\"" : "",
              inv, desc);
        }
        if (msg) h(b, "<div class=\"msg\" id=\"m-%s\">%s</div>", f->name, msg);
        h(b, "</div>");
    }
    h(b, "</div><p class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/wbp\">%s</a></p></form>",
      _("Simpan"), _("Batal"));
}

/* Reads every field of the submitted form (an arena array) and validates the whole record. */
static const char **wbp_from_form(req_t *r, field_errs_t *fe)
{
    const char **v = arena_alloc(&r->a, sizeof(char *) * WF_COUNT);
    memset(v, 0, sizeof(char *) * WF_COUNT);
    char today[11];
    today_iso(today);
    for (int i = 0; i < wbp_def.nfields; i++) rec_set(&r->a, &wbp_def, v, i, req_form(r, wbp_def.fields[i].name), fe);
    rec_finish(&wbp_def, v, fe);
    wbp_validate(v, today, fe);
    return v;
}

int page_wbp_new(req_t *r, resp_t *w)
{
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    page_begin(r, w, _("Tambah WBP"));
    wbp_form(r, w, "/wbp", NULL, NULL, &sites, sites.n ? sites.id[0] : 0);
    return page_end(r, w);
}

struct save_ctx {
    const actor_t *who;
    int64_t site_id, id;
    const char **v;
    const rec_t *before;
};
static int do_create(db_t *db, void *vc, err_t *e)
{
    struct save_ctx *c = vc;
    c->id = rec_insert(db, e, &wbp_def, c->who, c->site_id, c->v);
    return c->id < 0 ? -1 : 0;
}
static int64_t web_wbp_insert(req_t *r, int64_t site_id, const char **v, err_t *e)
{
    struct save_ctx c = {web_actor(r), site_id, 0, v, NULL};
    return db_tx(r->db, do_create, &c, e) < 0 ? -1 : c.id;
}
static int do_update(db_t *db, void *vc, err_t *e)
{
    struct save_ctx *c = vc;
    return rec_update(db, e, &wbp_def, c->who, c->before, c->v);
}

int page_wbp_create(req_t *r, resp_t *w)
{
    int64_t site_id = web_pick_site(r, req_form(r, "site"));
    if (site_id < 0) return -1;
    field_errs_t fe = {0};
    const char **v = wbp_from_form(r, &fe);
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!fe.n && (id = web_wbp_insert(r, site_id, v, &e)) < 0) {
        if (!db_err_conflict(&e)) return web_fail(r, e.status, e.code, "%s", e.msg);
        field_err(&fe, "regno", _("Nomor registrasi sudah dipakai di lokasi ini"));
    }
    if (fe.n) {
        site_list_t sites;
        if (web_user_sites(r, &sites) < 0) return -1;
        page_begin(r, w, _("Tambah WBP"));
        wbp_form(r, w, "/wbp", v, &fe, &sites, site_id);
        page_end(r, w);
        w->status = 422;
        return 0;
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1", (long long)id));
    return 0;
}

int page_wbp_show(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, "%s (%s)", rec.v[WF_NAME], rec.v[WF_REGNO]));
    buf_t *b = &w->body;
    if (req_query(r, "saved")) h(b, "<p class=\"notice\" role=\"status\">%s</p>",
                                 _("Data tersimpan."));
    h(b, "<div class=\"actions\">");
    if (role_bit(r->user.role) & (R_ADMIN | R_STAF)) h(b, "<a class=\"button\" href=\"/wbp/%D/edit\">%s</a>",
                                                       rec.id, _("Ubah"));
    h(b, "<a href=\"/wbp\">%s</a></div><dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
      _("Kembali ke register"), _("Lokasi"), rec.site_name, _("Pidana"), wbp_sentence_text(&r->a, rec.v));
    for (int i = 0; i < wbp_def.nfields; i++) {
        const field_def_t *f = &wbp_def.fields[i];
        const char *val = rec.v[i];
        if (i == WF_TERM_YEARS || i == WF_TERM_MONTHS || i == WF_TERM_DAYS) continue;
        if (f->type == FT_DATE) val = fmt_date_id(&r->a, val);
        else if (f->type == FT_MONEY) val = fmt_rupiah(&r->a, val ? strtoll(val, NULL, 10) : 0);
        else if (f->type == FT_BOOL) val = str_eq(val, "1") ? _("Ya") : _("Tidak");
        else val = rec_choice_label(f, val);
        h(b, "<dt>%s</dt><dd>%s</dd>", _(f->label), val && *val ? val : "-");
    }
    h(b, "</dl>");
    web_wbp_sections(r, w, &rec);
    web_history(r, b, "wbp", rec.id, rec.site_id);
    return page_end(r, w);
}

int page_wbp_edit(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Ubah WBP %s"), rec.v[WF_REGNO]));
    wbp_form(r, w, arena_printf(&r->a, "/wbp/%lld", (long long)rec.id), rec.v, NULL, NULL, rec.site_id);
    return page_end(r, w);
}

int page_wbp_update(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    field_errs_t fe = {0};
    const char **v = wbp_from_form(r, &fe);
    err_t e;
    err_clear(&e);
    struct save_ctx c = {web_actor(r), rec.site_id, rec.id, v, &rec};
    if (!fe.n && db_tx(r->db, do_update, &c, &e) < 0) {
        if (!db_err_conflict(&e)) return web_fail(r, e.status, e.code, "%s", e.msg);
        field_err(&fe, "regno", _("Nomor registrasi sudah dipakai di lokasi ini"));
    }
    if (fe.n) {
        page_begin(r, w, arena_printf(&r->a, _("Ubah WBP %s"), rec.v[WF_REGNO]));
        wbp_form(r, w, arena_printf(&r->a, "/wbp/%lld", (long long)rec.id), v, &fe, NULL, rec.site_id);
        page_end(r, w);
        w->status = 422;
        return 0;
    }
    resp_redirect(w, arena_printf(&r->a, "/wbp/%lld?saved=1", (long long)rec.id));
    return 0;
}

static void import_form(req_t *r, resp_t *w, const site_list_t *sites)
{
    buf_t *b = &w->body;
    h(b, "<p>%s <code>%s</code> %s <code>%s</code> %s <code>%s</code>), <code>%s</code>%s</p>"
         "<form method=\"post\" action=\"/wbp/import\" enctype=\"multipart/form-data\">",
      _("Unggah berkas CSV (UTF-8, pemisah koma atau titik koma) dengan baris judul berisi nama kolom:"),
      "regno, name, birth_date, sex, religion, nationality, education, legal_class, crime_category, crime_detail, "
      "sentence_kind, term_years, term_months, term_days",
      _("(atau satu kolom"), "pidana", _("seperti"), "2 tahun 6 bulan",
      "detention_start, verdict_no, verdict_date, fine, fine_paid, subsider_months, subsider_days, restitution, "
      "restitution_paid, status",
      _(". Tanggal TTTT-BB-HH atau HH-BB-TTTT. Tidak ada yang disimpan bila satu baris pun salah; impor ulang berkas "
        "yang sama tidak mengubah apa pun."));

    h_csrf(r, b);
    web_site_field(b, sites, 0, NULL);
    h(b, "<div class=\"field\"><label for=\"f-file\">%s</label>"
         "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required></div>"
         "<div class=\"field\"><label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> %s</label></div>"
         "<p><button type=\"submit\">%s</button></p></form>",
      _("Berkas CSV"), _("Uji coba saja (periksa tanpa menyimpan)"), _("Impor"));
}

int page_wbp_import_form(req_t *r, resp_t *w)
{
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    page_begin(r, w, _("Impor WBP dari CSV"));
    import_form(r, w, &sites);
    return page_end(r, w);
}

int page_wbp_import(req_t *r, resp_t *w)
{
    if (!r->file_data) return web_fail(r, 400, "missing_file", _("pilih berkas CSV yang akan diimpor"));
    const char *site = req_form(r, "site");
    if (web_pick_site(r, site) < 0) return -1;
    bool dry = str_eq(req_form(r, "dry_run"), "1");
    wbp_import_result_t res;
    err_t e;
    err_clear(&e);
    int rc = wbp_import_csv(r->db, &e, &r->a, web_actor(r), r->user.id, site, r->file_data, r->file_len, dry, NULL,
                            &res);
    if (rc < 0 && res.nerrors == 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Hasil impor WBP"));
    buf_t *b = &w->body;
    if (res.nerrors) {
        w->status = 422;
        h(b, "<p class=\"error\" role=\"alert\">%s</p>",
          arena_printf(&r->a, _("Tidak ada yang disimpan: %lld kesalahan ditemukan."), (long long)res.nerrors));
        web_import_errors(b, &res);
    } else {
        h(b, "<p class=\"notice\" role=\"status\">%s: %s</p>",
          dry ? _("Uji coba berhasil, tidak ada yang disimpan") : _("Impor selesai"),
          arena_printf(&r->a, _("%lld baris — %lld baru, %lld diubah, %lld tidak berubah."), (long long)res.rows,
                       (long long)res.created, (long long)res.updated, (long long)res.unchanged));
    }
    h(b, "<p><a href=\"/wbp/import\">%s</a> · <a href=\"/wbp\">%s</a></p>",
      _("Impor berkas lain"), _("Ke register"));
    return page_end(r, w);
}

/* ---------------------------------------------------------------- API (was api_wbp.c) */

/* id, site, every field, created_at, updated_at. */
static json_t *wbp_to_api(const rec_t *rec)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(rec->id));
    json_object_set_new(o, "site", json_string(rec->site_code));
    json_t *f = rec_to_json(&wbp_def, rec->v);
    json_object_update(o, f);
    json_decref(f);
    json_object_set_new(o, "created_at", json_string(rec->created_at ? rec->created_at : ""));
    json_object_set_new(o, "updated_at", json_string(rec->updated_at ? rec->updated_at : ""));
    return o;
}

int api_me(req_t *r, resp_t *w)
{
    return resp_json(w, 200, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)r->user.id, "name", r->user.name, "full_name",
                                       r->user.full_name, "role", r->user.role));
}

int api_wbp_list(req_t *r, resp_t *w)
{
    wbp_filter_t f;
    if (wbp_filter_from_query(r, &f) < 0) return -1;
    wbp_page_t pg;
    err_t e;
    err_clear(&e);
    if (wbp_list(r->db, &e, &r->a, r->user.id, &f, &pg) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < pg.n; i++) json_array_append_new(items, wbp_to_api(&pg.rows[i]));
    return resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", f.page, "per_page",
                                       f.per_page < 1 ? 50 : f.per_page, "total", (json_int_t)pg.total));
}

int api_wbp_get(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    return resp_json(w, 200, wbp_to_api(&rec));
}

int api_wbp_create(req_t *r, resp_t *w)
{
    json_t *body = req_json(r);
    if (!body) return -1;
    json_t *site = json_object_get(body, "site");
    if (site && !json_is_string(site)) {
        json_decref(body);
        return web_fail(r, 400, "bad_type", _("site harus berupa teks (kode lokasi)"));
    }
    int64_t site_id = web_pick_site(r, site ? json_string_value(site) : NULL);
    if (site_id < 0) {
        json_decref(body);
        return -1;
    }
    const char **v = arena_alloc(&r->a, sizeof(char *) * WF_COUNT);
    memset(v, 0, sizeof(char *) * WF_COUNT);
    field_errs_t fe = {0};
    web_json_to_values(r, &wbp_def, body, v, &fe);
    json_decref(body);
    char today[11];
    today_iso(today);
    rec_finish(&wbp_def, v, &fe);
    wbp_validate(v, today, &fe);
    if (fe.n) return web_validation_reply(r, w, &fe);
    err_t e;
    err_clear(&e);
    int64_t id = web_wbp_insert(r, site_id, v, &e);
    if (id < 0) {
        if (db_err_conflict(&e)) return web_fail(r, 409, "conflict", _("nomor registrasi sudah dipakai di lokasi ini"));
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    rec_t rec;
    r->id = id;
    if (web_load_wbp(r, &rec) < 0) return -1;
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/wbp/%lld", (long long)id));
    return resp_json(w, 201, wbp_to_api(&rec));
}

/* PATCH reads the record, merges the body and writes it inside one transaction,
 * so concurrent patches of different fields never undo each other. */
struct patch_ctx {
    req_t *r;
    json_t *body;
    field_errs_t fe;
    int64_t id;
};
static int do_patch(db_t *db, void *vc, err_t *e)
{
    struct patch_ctx *c = vc;
    req_t *r = c->r;
    rec_t rec;
    int rc = rec_load(db, e, &r->a, &wbp_def, r->user.id, c->id, &rec);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", "WBP dengan id %lld tidak ditemukan", (long long)c->id) : -1;
    const char **v = arena_alloc(&r->a, sizeof(char *) * WF_COUNT);
    memcpy(v, rec.v, sizeof(char *) * WF_COUNT);
    memset(&c->fe, 0, sizeof c->fe);
    web_json_to_values(r, &wbp_def, c->body, v, &c->fe);
    char today[11];
    today_iso(today);
    rec_finish(&wbp_def, v, &c->fe);
    wbp_validate(v, today, &c->fe);
    if (c->fe.n) return err_set(e, 422, "validation", "%s", c->fe.e[0].msg);
    return rec_update(db, e, &wbp_def, web_actor(r), &rec, v);
}

int api_wbp_patch(req_t *r, resp_t *w)
{
    rec_t rec;
    if (web_load_wbp(r, &rec) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    if (json_object_get(body, "site")) {
        json_decref(body);
        return web_fail(r, 400, "read_only", _("lokasi WBP tidak dapat diubah lewat PATCH (gunakan mutasi)"));
    }
    struct patch_ctx c = {r, body, {0}, rec.id};
    err_t e;
    err_clear(&e);
    int rc = db_tx(r->db, do_patch, &c, &e);
    json_decref(body);
    if (rc < 0) {
        if (c.fe.n) return web_validation_reply(r, w, &c.fe);
        if (db_err_conflict(&e)) return web_fail(r, 409, "conflict", _("nomor registrasi sudah dipakai di lokasi ini"));
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    if (web_load_wbp(r, &rec) < 0) return -1;
    return resp_json(w, 200, wbp_to_api(&rec));
}
