/* reconcile.c — /reconcile: compare Bekal's sentence dates with an SDP export
 * (issue 24). The officer uploads the export; the page shows the counts per class
 * and the worklist, or sends them as CSV, XLSX or PDF. Nothing is stored: the
 * comparison is read-only (store/recon_store.h), and the register is the user's
 * sites only. POST /api/v1/reconcile/sdp takes the CSV as the request body. */
#include "../web.h"
#include "../pages.h"
#include "../../report/htmltab.h"
#include "../../report/prod_report.h"
#include "../../report/recon_out.h"
#include "../../store/records.h"
#include "../../store/settings.h"
#include "../../store/wbp_store.h"
#include <stdlib.h>
#include <string.h>

static const char *const formats[][2] = {
    {"html", N_("Tampilkan di layar")}, {"pdf", "PDF"}, {"xlsx", "XLSX"}, {"csv", "CSV"}};

static void upload_form(req_t *r, resp_t *w, const site_list_t *sites, const char *site, const char *at,
                        const char *fmt)
{
    buf_t *b = &w->body;
    h(b, "<p>%s</p><p>%s <code>%s</code>; %s</p>",
      _("Unggah ekspor tanggal pidana dari SDP. Bekal membandingkan tanggal ekspirasi, 1/2 dan 2/3 setiap WBP dengan "
        "tanggal yang dihitungnya sendiri dan menggolongkan setiap selisih menurut sebabnya. Tidak ada data yang diubah."),
      _("Kolom yang dibaca:"), "no_registrasi, nama, tanggal_ekspirasi, tanggal_setengah, tanggal_dua_pertiga, total_remisi",
      _("judul kolom boleh berhuruf besar atau berspasi; tanggal TTTT-BB-HH atau HH-BB-TTTT; total remisi boleh kosong."));
    h(b, "<form method=\"post\" action=\"/reconcile\" enctype=\"multipart/form-data\">");
    h_csrf(r, b);
    web_site_field(b, sites, 0, site);
    h(b, "<div class=\"field\"><label for=\"f-at\">%s</label><input id=\"f-at\" name=\"at\" type=\"date\" "
         "value=\"%s\"></div><div class=\"field\"><label for=\"f-file\">%s</label>"
         "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required></div>"
         "<div class=\"field\"><label for=\"f-format\">%s</label><select id=\"f-format\" name=\"format\">",
      _("Per tanggal (remisi sampai tanggal ini)"), at, _("Berkas ekspor SDP (CSV)"), _("Hasil"));
    for (size_t i = 0; i < ARRAY_LEN(formats); i++)
        h(b, "<option value=\"%s\"%R>%s</option>", formats[i][0], str_eq(fmt, formats[i][0]) ? " selected" : "",
          _(formats[i][1]));
    h(b, "</select></div><p><button type=\"submit\">%s</button></p></form>", _("Bandingkan"));
}

int page_reconcile_form(req_t *r, resp_t *w)
{
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    char today[DATE_ISO_LEN];
    today_iso(today);
    page_begin(r, w, _("Rekonsiliasi dengan SDP"));
    upload_form(r, w, &sites, NULL, today, "html");
    return page_end(r, w);
}

/* The site and date of a comparison (form or query); -1 with r->err set. */
static int read_params(req_t *r, const char *site, const char *at_s, int64_t *sid, date_t *at)
{
    char today[DATE_ISO_LEN];
    today_iso(today);
    if (!at_s || !*at_s) at_s = today;
    if (!date_parse(at_s, at)) return web_fail(r, 400, "bad_date", "%s", _("tanggal harus TTTT-BB-HH"));
    *sid = web_pick_site(r, site && *site ? site : NULL);
    return *sid < 0 ? -1 : 0;
}

/* The largest export taken, in bytes (setting reconcile.export_max_kib). */
static size_t export_limit(req_t *r)
{
    int64_t kib = web_setting_int(r, "reconcile.export_max_kib", 16384);
    return (size_t)(kib < 1 ? 16384 : kib) * 1024;
}

static const char *site_code_of(const site_list_t *sites, int64_t sid)
{
    for (int i = 0; i < sites->n; i++)
        if (sites->id[i] == sid) return sites->code[i];
    return NULL;
}

/* Sends the result as a file of format fmt (csv, xlsx, pdf). */
static int send_file(req_t *r, resp_t *w, const recon_run_t *run, const char *fmt)
{
    char at[DATE_ISO_LEN];
    date_format(run->at, at);
    return web_send_report(r, w, recon_report(run), fmt,
                           arena_printf(&r->a, "rekonsiliasi-sdp-%s-%s.%s", run->site_code ? run->site_code : "semua",
                                        at, fmt));
}

int page_reconcile(req_t *r, resp_t *w)
{
    const char *site = req_form(r, "site"), *at_s = req_form(r, "at"), *fmt = req_form(r, "format");
    if (!fmt || !*fmt) fmt = "html";
    if (!str_eq(fmt, "html") && !report_ctype(fmt))
        return web_fail(r, 400, "bad_format", "%s", _("format harus html, pdf, xlsx atau csv"));
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    int64_t sid;
    date_t at;
    if (read_params(r, site, at_s, &sid, &at) < 0) return -1;
    char at_iso[DATE_ISO_LEN];
    date_format(at, at_iso);
    const char *code = site_code_of(&sites, sid);
    recon_run_t run;
    err_t e;
    err_clear(&e);
    int rc = -1;
    if (!r->file_data || r->file_len == 0)
        err_set(&e, 400, "missing_file", "%s", _("pilih berkas CSV ekspor SDP"));
    else if (r->file_len > export_limit(r))
        err_set(&e, 413, "too_large", _("berkas ekspor terlalu besar (maksimal %zu KiB)"), export_limit(r) / 1024);
    else
        rc = recon_run(r->db, &e, &r->a, r->user.id, sid, code, at, r->file_data, r->file_len, &run);
    if (rc < 0) {
        /* the form again, with what was chosen and the reason beside it */
        page_begin(r, w, _("Rekonsiliasi dengan SDP"));
        w->status = e.status >= 400 && e.status < 500 ? 422 : e.status;
        h(&w->body, "<p class=\"error\" role=\"alert\">%s</p>", e.msg);
        upload_form(r, w, &sites, code, at_iso, fmt);
        return page_end(r, w);
    }
    if (!str_eq(fmt, "html")) return send_file(r, w, &run, fmt);
    report_t *rep = recon_report(&run);
    page_begin(r, w, report_title(rep));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", report_subtitle(rep));
    if (run.nerrors)
        h(b, "<p class=\"error\" role=\"alert\">%s</p>",
          arena_printf(&r->a, _("%ld baris ekspor tidak dapat dibaca dan tidak dibandingkan; lihat tabel terakhir."),
                       run.nerrors));
    for (int i = 0; i < report_ntables(rep); i++)
        report_table_html(b, report_table(rep, i), arena_printf(&r->a, "t%d", i + 1));
    report_free(rep);
    h(b, "<h2>%s</h2>", _("Bandingkan lagi atau unduh"));
    upload_form(r, w, &sites, code, at_iso, "pdf");
    return page_end(r, w);
}

/* POST /api/v1/reconcile/sdp?site=&at=&format=json|csv|xlsx|pdf, body: the CSV export. */
int api_reconcile(req_t *r, resp_t *w)
{
    const char *fmt = req_query(r, "format");
    if (!fmt || !*fmt) fmt = "json";
    if (!str_eq(fmt, "json") && !report_ctype(fmt))
        return web_fail(r, 400, "bad_format", "%s", _("format harus json, csv, xlsx atau pdf"));
    const char *ct = req_header(r, "Content-Type");
    if (!ct || !(media_type_is(ct, "text/csv") || media_type_is(ct, "text/plain")))
        return web_fail(r, 415, "unsupported_media_type", "%s",
                        _("Content-Type harus text/csv (isi permintaan: berkas CSV ekspor SDP)"));
    if (r->body.len == 0) return web_fail(r, 400, "missing_file", "%s", _("isi permintaan kosong: kirim berkas CSV ekspor SDP"));
    if (r->body.len > export_limit(r))
        return web_fail(r, 413, "too_large", _("berkas ekspor terlalu besar (maksimal %zu KiB)"), export_limit(r) / 1024);
    site_list_t sites;
    if (web_user_sites(r, &sites) < 0) return -1;
    int64_t sid;
    date_t at;
    if (read_params(r, req_query(r, "site"), req_query(r, "at"), &sid, &at) < 0) return -1;
    recon_run_t run;
    err_t e;
    err_clear(&e);
    if (recon_run(r->db, &e, &r->a, r->user.id, sid, site_code_of(&sites, sid), at, r->body.data, r->body.len, &run) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    if (!str_eq(fmt, "json")) return send_file(r, w, &run, fmt);
    return resp_json(w, 200, recon_json(&run));
}
