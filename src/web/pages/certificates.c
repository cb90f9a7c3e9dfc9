/* certificates.c — training certificates: the list, one certificate's page,
 * its PDF (report/certificate.h), revocation with a reason, issuing (one
 * participant, or every participant of a programme who completed), and the public
 * verification page.
 *
 * Verification (issue 21): GET /verify?kode=CODE with the certificate's random
 * verification code (cert_store.h; its QR link) shows what an employer needs: the
 * number, the holder's name, the trade, the training dates, the issue date, the BLK,
 * and whether it is valid or revoked (with the date, not the reason): never
 * sentence, crime or registration data. GET /verify/{number} with the number as it
 * is printed, slashes included ("/verify/0001/PLT/LAS/LPKTP/V/2021"; "%2F" for "/"
 * works too), says only whether that number is a valid certificate: numbers run in
 * sequence, so a visitor could walk through them, and they name no one. Lookups are limited per client address (a token
 * bucket of `verify.rate_per_minute` lookups a minute, a setting; 429 with
 * Retry-After beyond it). The limiter is process state (one table for the
 * server's threads, under a mutex); behind a reverse proxy set
 * BEKAL_TRUST_PROXY=1 so the client's address is read from X-Forwarded-For
 * (req_client_ip). */
#include "../pages.h"
#include "../training_common.h"
#include "../../report/certificate.h"
#include "../../store/cert_store.h"
#include "../../store/settings.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *status_label(const char *s) { return str_eq(s, "valid") ? _("Berlaku") : _("Dicabut"); }

/* ---------------------------------------------------------------- list and page */

/* The list's sort keys, in cert_sort_t order (a whitelist). */
static const char *const cert_sort_keys[CS__COUNT] = {"issued_on", "number", "holder_name", "trade_name", "status", "site"};

static int cert_query_parse(req_t *r, bool strict, cert_query_t *q)
{
    memset(q, 0, sizeof *q);
    q->q = req_query(r, "q");
    if (q->q && strlen(q->q) > 100) return web_fail(r, 400, "bad_query", "%s", _("kata pencarian terlalu panjang (maks. 100)"));
    const char *st = req_query(r, "status");
    if (str_eq(st, "valid") || str_eq(st, "dicabut")) q->status = st;
    else if (strict && st && *st) return web_fail(r, 400, "bad_query", "%s", _("status harus valid atau dicabut"));
    const char *pid = req_query(r, "program_id");
    if (pid && *pid && (!parse_i64(pid, &q->program_id) || q->program_id < (strict ? 1 : 0))) {
        if (strict) return web_fail(r, 400, "bad_query", "%s", _("program_id harus bilangan bulat positif"));
        q->program_id = -1; /* matches nothing */
    }
    if (web_query_site(r, &q->site_id) < 0) return -1;
    web_list_t lp;
    if (web_list_params(r, cert_sort_keys, CS__COUNT, CS_ISSUED, true, &lp) < 0) return -1;
    q->sort = lp.sort;
    q->desc = lp.desc;
    q->page = lp.page;
    q->per_page = lp.per_page;
    return 0;
}

/* The page of certificates q finds (*n of *total): 0, or -1 with r->err. */
static int list_certs(req_t *r, const cert_query_t *q, cert_t **rows, int *n, int64_t *total)
{
    err_t e;
    err_clear(&e);
    if (cert_list(r->db, &e, &r->a, r->user.id, q, rows, n, total) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

/* The whole filtered list for the print view and the exports (listout.h). */
static int cert_rows(req_t *r, void *vc, int page, int per_page, rep_table_t *t)
{
    cert_query_t *q = vc;
    q->page = page;
    q->per_page = per_page;
    cert_t *rows;
    int n;
    int64_t total;
    if (list_certs(r, q, &rows, &n, &total) < 0) return -1;
    for (int i = 0; i < n; i++) {
        rep_row(t);
        rep_text(t, rows[i].number);
        rep_text(t, rows[i].holder_name);
        rep_text(t, rows[i].trade_name);
        rep_text(t, fmt_date_id(&r->a, rows[i].issued_on));
        rep_text(t, status_label(rows[i].status));
        rep_text(t, rows[i].site_code);
    }
    return n;
}

int page_certificates(req_t *r, resp_t *w)
{
    cert_query_t q;
    list_mode_t mode;
    if (web_list_mode(r, &mode) < 0) return -1;
    if (cert_query_parse(r, false, &q) < 0) return -1;
    if (mode != LIST_HTML) {
        static const char *const heads[] = {N_("Nomor"), N_("Peserta"), N_("Kejuruan"), N_("Terbit"), N_("Status"),
                                            N_("Lokasi")};
        rep_col_t cols[6];
        for (int i = 0; i < 6; i++) cols[i] = (rep_col_t){_(heads[i]), REP_TEXT, false};
        static const char *const st_keys[] = {"valid", "dicabut", NULL};
        static const char *const st_labels[] = {N_("Berlaku"), N_("Dicabut"), NULL};
        static const list_param_t params[] = {{"status", N_("Status"), st_keys, st_labels, NULL},
                                              {NULL, NULL, NULL, NULL, NULL}};
        list_out_t l = {_("Sertifikat pelatihan"), "sertifikat", cols, 6, cert_rows, &q, 200, params, NULL};
        return web_list_serve(r, w, mode, &l);
    }
    const char *st = q.status;
    cert_t *rows;
    int n;
    int64_t total;
    if (list_certs(r, &q, &rows, &n, &total) < 0) return -1;
    page_begin(r, w, _("Sertifikat pelatihan"));
    buf_t *b = &w->body;
    h(b, "<form class=\"filters\" method=\"get\" action=\"/certificates\" role=\"search\"><div><label for=\"q\">%s</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div><div><label for=\"status\">%s</label>"
         "<select id=\"status\" name=\"status\"><option value=\"\">%s</option><option value=\"valid\"%R>%s</option>"
         "<option value=\"dicabut\"%R>%s</option></select></div>%R<div><button type=\"submit\">%s</button> "
         "<a href=\"/certificates\">%s</a></div></form>",
      _("Cari nomor / nama / no. registrasi"), q.q ? q.q : "", _("Status"), _("Semua"), str_eq(st, "valid") ? " selected" : "",
      _("Berlaku"), str_eq(st, "dicabut") ? " selected" : "", _("Dicabut"),
      q.program_id > 0 ? arena_printf(&r->a, "<input type=\"hidden\" name=\"program_id\" value=\"%lld\">", (long long)q.program_id) : "",
      _("Terapkan"), _("Atur ulang"));
    web_list_links(r, b);
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>", arena_printf(&r->a, _("%lld sertifikat ditemukan."), (long long)total));
    h(b, "<div class=\"scroll\"><table><thead><tr>");
    static const char *const heads[CS__COUNT] = {N_("Terbit"), N_("Nomor"), N_("Peserta"), N_("Kejuruan"), N_("Status"),
                                                 N_("Lokasi")};
    static const int col_order[CS__COUNT] = {CS_NUMBER, CS_HOLDER, CS_TRADE, CS_ISSUED, CS_STATUS, CS_SITE};
    for (int k = 0; k < CS__COUNT; k++) {
        int c = col_order[k];
        web_sort_th(r, b, "/certificates", cert_sort_keys[c], _(heads[c]), q.sort == c, q.desc);
    }
    h(b, "</tr></thead><tbody>");
    for (int i = 0; i < n; i++)
        h(b, "<tr><td><a href=\"/certificates/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
          rows[i].id, rows[i].number, rows[i].holder_name, rows[i].trade_name, fmt_date_id(&r->a, rows[i].issued_on),
          status_label(rows[i].status), rows[i].site_code);
    if (!n) h(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Tidak ada data yang cocok."));
    h(b, "</tbody></table></div>");
    web_pager(r, b, "/certificates", q.page, total, q.per_page);
    return page_end(r, w);
}

static int load_cert(req_t *r, int64_t id, cert_t *c)
{
    err_t e;
    err_clear(&e);
    int rc = cert_get(r->db, &e, &r->a, r->user.id, id, c);
    if (rc <= 0) return web_found(r, rc, &e, _("Sertifikat dengan id %lld tidak ditemukan"), (long long)id);
    return 0;
}

/* The verification link of c (its QR code's), giving c a code first when it has none. */
static const char *verify_url(req_t *r, cert_t *c)
{
    err_t e;
    err_clear(&e);
    if (cert_ensure_code(r->db, &e, &r->a, c) < 0) {
        web_fail(r, e.status, e.code, "%s", e.msg);
        return NULL;
    }
    return cert_verify_url(&r->a, r->db, c->site_id, c->verify_code);
}

int page_certificate(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_cert(r, r->id, &c) < 0) return -1;
    const char *url = verify_url(r, &c);
    if (!url) return -1;
    page_begin(r, w, arena_printf(&r->a, _("Sertifikat %s"), c.number));
    buf_t *b = &w->body;
    if (req_query(r, "saved")) h(b, "<p class=\"notice\" role=\"status\">%s</p>", _("Data tersimpan."));
    if (req_query(r, "issued")) h(b, "<p class=\"notice\" role=\"status\">%s</p>", _("Sertifikat diterbitkan."));
    h(b, "<p class=\"actions\"><a class=\"button\" href=\"/certificates/%D/pdf\">%s</a> <a href=\"/certificates\">%s</a></p>",
      c.id, _("Cetak (PDF)"), _("Kembali ke daftar sertifikat"));
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s – %s</dd>"
         "<dt>%s</dt><dd>%d JP</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
      _("Nomor"), c.number, _("Peserta"), c.holder_name, _("Kejuruan"), c.trade_name, _("Tanggal pelatihan"),
      fmt_date_id(&r->a, c.start_date), fmt_date_id(&r->a, c.end_date), _("Jam pelajaran"), c.total_jp, _("Terbit"),
      fmt_date_id(&r->a, c.issued_on), _("Lokasi"), c.site_name, _("Status"), status_label(c.status));
    if (!str_eq(c.status, "valid"))
        h(b, "<dt>%s</dt><dd>%s · %s</dd>", _("Dicabut"), c.revoked_at ? fmt_time(r, 0, c.revoked_at) : "-",
          c.revoke_reason ? c.revoke_reason : "");
    h(b, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd><dt>%s</dt><dd><a href=\"/enrolments/%D/training\">%s</a></dd></dl>",
      _("Halaman verifikasi"), url, url, _("Data pelatihan peserta"), c.enrolment_id, _("Lihat"));
    const char *rp = arena_printf(&r->a, "/certificates/%lld/reprint", (long long)c.id);
    if (str_eq(c.status, "valid") && ent_can(r, "POST", rp)) {
        h(b, "<form method=\"post\" action=\"%s\"><p>%s ", rp,
          _("Data peserta, penanda tangan atau program dikoreksi setelah sertifikat terbit? Cetak ulang dengan data yang "
            "benar; nomornya tetap."));
        h_csrf(r, b);
        h(b, "<button type=\"submit\">%s</button></p></form>", _("Tinjau cetak ulang dengan data terbaru"));
    }
    const char *rv = arena_printf(&r->a, "/certificates/%lld/revoke", (long long)c.id);
    if (str_eq(c.status, "valid") && ent_can(r, "POST", rv)) {
        h(b, "<details><summary>%s</summary><form method=\"post\" action=\"%s\">", _("Cabut sertifikat"), rv);
        h_csrf(r, b);
        h(b, "<div class=\"field\"><label for=\"reason\">%s *</label><textarea id=\"reason\" name=\"reason\" rows=\"3\" "
             "maxlength=\"500\" required></textarea></div><p><button type=\"submit\">%s</button></p></form></details>",
          _("Alasan pencabutan"), _("Cabut"));
    }
    return page_end(r, w);
}

/* "sertifikat-0001-PLT-LAS-LPKTP-V-2021.pdf" */
static const char *pdf_name(req_t *r, const char *number)
{
    char *s = arena_printf(&r->a, "sertifikat-%s.pdf", number);
    for (char *p = s; *p; p++)
        if (*p == '/') *p = '-';
    return s;
}

int page_certificate_pdf(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_cert(r, r->id, &c) < 0) return -1;
    const char *url = verify_url(r, &c);
    if (!url) return -1;
    cert_pdf_t in = {c.content, url, !str_eq(c.status, "valid"), c.revoke_reason};
    err_t e;
    err_clear(&e);
    buf_reset(&w->body);
    if (cert_pdf(&in, &w->body, &e) < 0) {
        buf_reset(&w->body);
        return web_fail(r, e.status, e.code, "%s", e.msg);
    }
    resp_file(r, w, "application/pdf", true, pdf_name(r, c.number));
    return 0;
}

struct revoke_ctx {
    req_t *r;
    int64_t id;
    const char *reason;
};
static int do_revoke(db_t *db, void *vc, err_t *e)
{
    struct revoke_ctx *c = vc;
    return cert_revoke(db, e, web_actor(c->r), c->id, c->reason);
}

static int trn_web_revoke(req_t *r, int64_t id, const char *reason)
{
    cert_t c;
    if (load_cert(r, id, &c) < 0) return -1;
    if (reason && strlen(reason) > 500) return web_fail(r, 422, "validation", "%s", _("Alasan terlalu panjang (maksimal 500 karakter)"));
    struct revoke_ctx x = {r, c.id, reason};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_revoke, &x, &e) < 0)
        return web_fail(r, e.status == 400 ? 422 : e.status, e.status == 400 ? "validation" : e.code, "%s", e.msg);
    return 0;
}

int page_certificate_revoke(req_t *r, resp_t *w)
{
    if (trn_web_revoke(r, r->id, req_form(r, "reason")) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/certificates/%lld?saved=1", (long long)r->id));
    return 0;
}

/* ---------------------------------------------------------------- reprinting (issue 22) */

struct reprint_ctx {
    req_t *r;
    int64_t id;
    cert_t before, after;
};
static int do_reprint(db_t *db, void *vc, err_t *e)
{
    struct reprint_ctx *c = vc;
    return cert_reprint(db, e, &c->r->a, web_actor(c->r), c->id, &c->before, &c->after);
}

/* POST /certificates/{id}/reprint: without confirm=1 the review (the certificate
 * rebuilt from today's data and rolled back: what changes, the number that stays),
 * with it the stored content is replaced (audited) and the certificate page shown. */
int page_certificate_reprint(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_cert(r, r->id, &c) < 0) return -1;
    struct reprint_ctx x;
    memset(&x, 0, sizeof x);
    x.r = r, x.id = c.id;
    err_t e;
    err_clear(&e);
    const char *back = arena_printf(&r->a, "/certificates/%lld", (long long)c.id);
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        review_init(&rv, _("Tinjau cetak ulang sertifikat"),
                    _("Sertifikat ini dicetak ulang dengan data yang berlaku sekarang; nomor dan tanggal terbitnya tetap."));
        int dry = review_dry_run(r, &rv, do_reprint, &x);
        if (dry < 0) return -1;
        if (dry) {
            review_text(r, &rv, "number", _("Nomor (tetap)"), c.number);
            review_text(r, &rv, "holder_before", _("Nama peserta sekarang tercetak"), x.before.holder_name);
            review_text(r, &rv, "holder_after", _("Nama peserta setelah cetak ulang"), x.after.holder_name);
            review_text(r, &rv, "changed", _("Isi sertifikat berubah"),
                        str_eq(x.before.content, x.after.content) ? _("tidak") : _("ya"));
            json_error_t je;
            json_t *sig = json_loads(x.after.content ? x.after.content : "{}", 0, &je);
            const char *keys[] = {"name", "position"};
            const char *labels[] = {_("Penanda tangan"), _("Jabatan")};
            review_table(&rv, "signatories", _("Penanda tangan setelah cetak ulang"), 2, keys, labels, NULL);
            size_t i;
            json_t *s;
            json_array_foreach(json_object_get(sig, "signatories"), i, s)
                review_row(r, &rv, json_string_value(json_object_get(s, "name")),
                           json_string_value(json_object_get(s, "position")));
            json_decref(sig);
        }
        return web_review_page(r, w, &rv, _("Ya, cetak ulang dengan data terbaru"), back);
    }
    if (db_tx(r->db, do_reprint, &x, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_redirect(w, arena_printf(&r->a, "/certificates/%lld?saved=1", (long long)c.id));
    return 0;
}

/* ---------------------------------------------------------------- issuing */

struct issue_ctx {
    req_t *r;
    int64_t enrolment_id;
    date_t issued;
    cert_t out;
};
static int do_issue(db_t *db, void *vc, err_t *e)
{
    struct issue_ctx *c = vc;
    return cert_issue(db, e, &c->r->a, web_actor(c->r), c->enrolment_id, c->issued, &c->out);
}

/* The review of issuing certificates (issue 22): the issuing itself, run and
 * rolled back (db_dry_run), for one participant (only >= 0) or every finished
 * participant without a valid certificate: who, and the number each would get or
 * why it would be refused. */
struct issue_review_ctx {
    req_t *r;
    const trn_data_t *d;
    int only;
    date_t today;
    web_review_t *rv;
    int issued, refused;
};
static int do_issue_review(db_t *db, void *vc, err_t *e)
{
    struct issue_review_ctx *c = vc;
    c->issued = c->refused = 0;
    c->rv->nrow = 0;
    for (int i = 0; i < c->d->n_people; i++) {
        const trn_participant_t *p = &c->d->people[i];
        if (c->only >= 0 ? i != c->only : p->status != ENROL_SELESAI) continue;
        cert_t have, out;
        int rc = cert_valid_for(db, e, &c->r->a, p->enrolment_id, &have);
        if (rc < 0) return -1;
        if (rc == 1 && c->only < 0) continue;
        if (cert_issue(db, e, &c->r->a, web_actor(c->r), p->enrolment_id, c->today, &out) < 0) {
            if (e->status >= 500 || c->only >= 0) return -1;
            review_row(c->r, c->rv, p->regno, p->name, "", e->msg);
            err_clear(e);
            c->refused++;
            continue;
        }
        review_row(c->r, c->rv, p->regno, p->name, out.number, "");
        c->issued++;
    }
    return 0;
}

static int issue_review(req_t *r, const trn_data_t *d, int only, web_review_t *rv)
{
    review_init(rv, _("Tinjau penerbitan sertifikat"),
                _("Sertifikat pelatihan berikut akan diterbitkan dengan nomornya. Sertifikat yang sudah terbit hanya dapat "
                  "dicabut, tidak dihapus."));
    char iso[DATE_ISO_LEN];
    struct issue_review_ctx c = {r, d, only, trn_web_today(r, d->p.site_id), rv, 0, 0};
    date_format(c.today, iso);
    review_text(r, rv, "program", _("Program"), d->p.name);
    review_text(r, rv, "issued_on", _("Tanggal terbit"), iso);
    const char *keys[] = {"regno", "name", "number", "refused"};
    const char *labels[] = {_("No. registrasi"), _("Nama"), _("Nomor sertifikat"), _("Tidak dapat diterbitkan")};
    review_table(rv, "certificates", _("Sertifikat yang diterbitkan"), 4, keys, labels, NULL);
    int dry = review_dry_run(r, rv, do_issue_review, &c);
    if (dry <= 0) return dry;
    review_int(rv, "count", _("Jumlah sertifikat"), c.issued);
    if (!c.issued && only < 0) {
        err_t e;
        err_set(&e, 409, "nothing_to_issue", "%s", _("Tidak ada sertifikat yang dapat diterbitkan"));
        review_refuse(rv, &e);
    }
    return 0;
}

int page_certificate_issue(req_t *r, resp_t *w)
{
    trn_data_t d;
    int pi;
    if (trn_web_load_enrolment(r, r->id, &d, NULL, &pi) < 0) return -1;
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        if (issue_review(r, &d, pi, &rv) < 0) return -1;
        return web_review_page(r, w, &rv, _("Ya, terbitkan sertifikat"),
                               arena_printf(&r->a, "/enrolments/%lld/training#sertifikat", (long long)d.people[pi].enrolment_id));
    }
    struct issue_ctx c = {r, d.people[pi].enrolment_id, trn_web_today(r, d.p.site_id), {0}};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_issue, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (ent_can(r, "GET", arena_printf(&r->a, "/certificates/%lld", (long long)c.out.id)))
        resp_redirect(w, arena_printf(&r->a, "/certificates/%lld?issued=1", (long long)c.out.id));
    else
        resp_redirect(w, arena_printf(&r->a, "/enrolments/%lld/training?saved=1#sertifikat", (long long)c.enrolment_id));
    return 0;
}

int page_certificates_issue_all(req_t *r, resp_t *w)
{
    trn_data_t d;
    if (trn_web_load(r, r->id, &d, NULL) < 0) return -1;
    if (!web_review_confirmed(r)) {
        web_review_t rv;
        if (issue_review(r, &d, -1, &rv) < 0) return -1;
        return web_review_page(r, w, &rv, _("Ya, terbitkan sertifikat"),
                               arena_printf(&r->a, "/programs/%lld/training#peserta", (long long)d.p.id));
    }
    date_t today = trn_web_today(r, d.p.site_id);
    int issued = 0, failed = 0;
    for (int i = 0; i < d.n_people; i++) {
        if (d.people[i].status != ENROL_SELESAI) continue;
        cert_t have;
        err_t e;
        err_clear(&e);
        int rc = cert_valid_for(r->db, &e, &r->a, d.people[i].enrolment_id, &have);
        if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        if (rc == 1) continue;
        struct issue_ctx c = {r, d.people[i].enrolment_id, today, {0}};
        if (db_tx(r->db, do_issue, &c, &e) < 0) {
            if (e.status >= 500) return web_fail(r, e.status, e.code, "%s", e.msg);
            failed++;
        } else
            issued++;
    }
    resp_redirect(w, arena_printf(&r->a, "/programs/%lld/training?issued=%d&failed=%d#peserta", (long long)d.p.id, issued,
                                  failed));
    return 0;
}

/* ---------------------------------------------------------------- public verification */

#define RL_SLOTS 1024
#define RL_PROBE 8
static struct {
    char ip[48];
    double tokens, last;
} rl[RL_SLOTS];
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;

/* Takes one lookup from ip's bucket (per_minute a minute, as many at once):
 * 0 when allowed, else the seconds until the next one is. */
static int rl_take(const char *ip, int per_minute)
{
    if (per_minute <= 0) return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    uint64_t hsh = 1469598103934665603ULL;
    for (const char *p = ip; *p; p++) hsh = (hsh ^ (unsigned char)*p) * 1099511628211ULL;
    pthread_mutex_lock(&rl_mu);
    int slot = -1, oldest = -1;
    for (int k = 0; k < RL_PROBE; k++) {
        int i = (int)((hsh + (uint64_t)k) % RL_SLOTS);
        if (str_eq(rl[i].ip, ip)) {
            slot = i;
            break;
        }
        if (oldest < 0 || !rl[i].ip[0] || rl[i].last < rl[oldest].last) oldest = i;
        if (!rl[i].ip[0]) break;
    }
    if (slot < 0) { /* a new client (or the longest idle one's slot) */
        slot = oldest;
        snprintf(rl[slot].ip, sizeof rl[slot].ip, "%s", ip);
        rl[slot].tokens = per_minute;
        rl[slot].last = now;
    }
    double t = rl[slot].tokens + (now - rl[slot].last) * per_minute / 60.0;
    if (t > per_minute) t = per_minute;
    rl[slot].last = now;
    int wait = 0;
    if (t >= 1.0) t -= 1.0;
    else wait = (int)ceil((1.0 - t) * 60.0 / per_minute);
    rl[slot].tokens = t;
    pthread_mutex_unlock(&rl_mu);
    return wait < 0 ? 1 : wait;
}

/* A certificate number as certno.h allows: 1..127 of letters, digits, / - . _ */
static bool number_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 128) return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
              c == '.' || c == '_'))
            return false;
    }
    return true;
}

static void verify_form(req_t *r, buf_t *b, const char *value)
{
    h(b, "<form method=\"get\" action=\"/verify\" class=\"filters\"><div><label for=\"kode\">%s</label>"
         "<input id=\"kode\" name=\"kode\" maxlength=\"32\" autocomplete=\"off\" spellcheck=\"false\"></div>"
         "<div><button type=\"submit\">%s</button></div></form>",
      _("Kode verifikasi (32 karakter, di bawah kode QR)"), _("Periksa"));
    h(b, "<form method=\"get\" action=\"/verify\" class=\"filters\"><div><label for=\"nomor\">%s</label>"
         "<input id=\"nomor\" name=\"nomor\" value=\"%s\" maxlength=\"127\" autocomplete=\"off\"></div>"
         "<div><button type=\"submit\">%s</button></div></form>",
      _("Nomor sertifikat (hanya keabsahan)"), value ? value : "", _("Periksa"));
    (void)r;
}

/* The lookup limit per client address (setting verify.rate_per_minute): true when the
 * request was answered with 429. */
static bool verify_limited(req_t *r, resp_t *w)
{
    int64_t per = web_setting_int(r, "verify.rate_per_minute", 30);
    int wait = rl_take(req_client_ip(r), (int)(per > 100000 ? 100000 : per));
    if (wait <= 0) return false;
    w->status = 429;
    resp_header(w, "Retry-After", arena_printf(&r->a, "%d", wait));
    page_begin(r, w, _("Terlalu banyak pemeriksaan"));
    h(&w->body, "<p class=\"error\" role=\"alert\">%s</p>",
      arena_printf(&r->a, _("Terlalu banyak pemeriksaan sertifikat dari alamat Anda. Coba lagi dalam %d detik."), wait));
    page_end(r, w);
    return true;
}

/* GET /verify?kode=CODE: the certificate's details for its verification code (the
 * QR link): what an employer needs, never sentence, crime or registration data. */
static int verify_by_code(req_t *r, resp_t *w, const char *code)
{
    if (verify_limited(r, w)) return 0;
    buf_t *b = &w->body;
    cert_t c;
    err_t e;
    err_clear(&e);
    int rc = cert_code_ok(code) ? cert_by_code(r->db, &e, &r->a, code, &c) : 0;
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Verifikasi sertifikat pelatihan"));
    if (rc == 0) {
        w->status = cert_code_ok(code) ? 404 : 400;
        h(b, "<div class=\"verify bad\" role=\"alert\"><p><strong>%s</strong></p><p>%s</p></div>",
          _("Kode verifikasi tidak dikenal."),
          _("Periksa kembali kode di bawah kode QR sertifikat: 32 karakter angka 0-9 dan huruf a-f."));
        verify_form(r, b, NULL);
        return page_end(r, w);
    }
    bool valid = str_eq(c.status, "valid");
    json_error_t je;
    json_t *content = json_loads(c.content ? c.content : "", 0, &je);
    const char *provider = content ? json_string_value(json_object_get(content, "provider_name")) : NULL;
    h(b, "<div class=\"verify %R\" role=\"status\"><p><strong>%s</strong></p>", valid ? "ok" : "bad",
      valid ? _("Sertifikat ini SAH dan BERLAKU.") : _("Sertifikat ini TELAH DICABUT dan tidak berlaku."));
    if (content && str_eq(json_string_value(json_object_get(content, "variant")), "blk")) {
        /* the skills passport (issue 26): the holder's name, the trade, the units and the BLK, nothing more */
        h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><ul>",
          _("Nama"), c.holder_name, _("Kejuruan"), c.trade_name, _("Lembaga pelatihan"), provider ? provider : "",
          _("Unit kompetensi"));
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(content, "units"), i, u)
            h(b, "<li>%s %s</li>", json_string_value(json_object_get(u, "code")), json_string_value(json_object_get(u, "title")));
        h(b, "</ul></dd></dl></div>");
        json_decref(content);
        return page_end(r, w);
    }
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s – %s</dd>"
         "<dt>%s</dt><dd>%s</dd>",
      _("Nomor"), c.number, _("Nama"), c.holder_name, _("Kejuruan"), c.trade_name, _("Tanggal pelatihan"),
      fmt_date_id(&r->a, c.start_date), fmt_date_id(&r->a, c.end_date), _("Tanggal terbit"), fmt_date_id(&r->a, c.issued_on));
    if (provider && *provider) h(b, "<dt>%s</dt><dd>%s</dd>", _("Penyelenggara pelatihan"), provider);
    h(b, "<dt>%s</dt><dd>%s</dd>", _("Status"), valid ? _("Berlaku") : _("Dicabut"));
    if (!valid && c.revoked_at) h(b, "<dt>%s</dt><dd>%s</dd>", _("Dicabut pada"), fmt_date_id(&r->a, c.revoked_at));
    h(b, "</dl></div>");
    json_decref(content);
    return page_end(r, w);
}

int page_verify_form(req_t *r, resp_t *w)
{
    resp_header(w, "X-Robots-Tag", "noindex");
    const char *k = req_query(r, "kode");
    if (k && *k) return verify_by_code(r, w, k);
    const char *n = req_query(r, "nomor");
    if (n && *n && number_ok(n)) {
        buf_t link;
        buf_init(&link);
        buf_puts(&link, "/verify/");
        buf_puts(&link, n); /* number_ok: only URL-safe characters */
        return resp_redirect_buf(r, w, &link);
    }
    page_begin(r, w, _("Verifikasi sertifikat pelatihan"));
    buf_t *b = &w->body;
    if (n && *n) {
        w->status = 400;
        h(b, "<p class=\"error\" role=\"alert\">%s</p>",
          _("Nomor sertifikat hanya berisi huruf, angka dan tanda / - . _ (paling banyak 127 karakter)."));
    }
    h(b, "<p>%s</p>", _("Pindai kode QR pada sertifikat, atau masukkan kode verifikasi yang tercetak di bawahnya. "
                        "Dengan nomor sertifikat saja hanya keabsahannya yang ditampilkan."));
    verify_form(r, b, NULL);
    return page_end(r, w);
}

/* GET /verify/{number}: whether the number belongs to a valid certificate, nothing
 * more (no name: numbers run in sequence, so they can be guessed; the holder's
 * details need the verification code). */
int page_verify(req_t *r, resp_t *w)
{
    const char *number = r->path + strlen("/verify/");
    resp_header(w, "X-Robots-Tag", "noindex");
    if (verify_limited(r, w)) return 0;
    buf_t *b = &w->body;
    if (!number_ok(number)) {
        w->status = 400;
        page_begin(r, w, _("Verifikasi sertifikat pelatihan"));
        h(b, "<p class=\"error\" role=\"alert\">%s</p>",
          _("Nomor sertifikat hanya berisi huruf, angka dan tanda / - . _ (paling banyak 127 karakter)."));
        verify_form(r, b, NULL);
        return page_end(r, w);
    }
    cert_t c;
    err_t e;
    err_clear(&e);
    int rc = cert_by_number(r->db, &e, &r->a, number, &c);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("Verifikasi sertifikat pelatihan"));
    if (rc == 0) {
        w->status = 404;
        h(b, "<div class=\"verify bad\" role=\"alert\"><p><strong>%s</strong></p><p>%s</p></div>",
          arena_printf(&r->a, _("Nomor %s tidak terdaftar."), number),
          _("Sertifikat dengan nomor ini tidak diterbitkan melalui Bekal. Periksa kembali nomornya."));
        verify_form(r, b, number);
        return page_end(r, w);
    }
    bool valid = str_eq(c.status, "valid");
    h(b, "<div class=\"verify %R\" role=\"status\"><p><strong>%s</strong></p>", valid ? "ok" : "bad",
      arena_printf(&r->a, valid ? _("Nomor %s terdaftar: sertifikatnya SAH dan BERLAKU.")
                                : _("Nomor %s terdaftar, tetapi sertifikatnya TELAH DICABUT."),
                   number));
    h(b, "<p>%s</p></div>",
      _("Nama pemegang dan rincian pelatihan hanya ditampilkan dengan kode verifikasi yang tercetak di bawah kode QR "
        "sertifikat."));
    verify_form(r, b, NULL);
    return page_end(r, w);
}

/* ---------------------------------------------------------------- API (was api_training.c) */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *cert_json(req_t *r, const cert_t *c, bool full)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)c->id, "number", c->number, "participant",
                          c->holder_name, "trade", c->trade_name, "issued", c->issued_on, "status", c->status, "site",
                          c->site_code ? c->site_code : "");
    json_object_set_new(o, "program_id", json_integer(c->program_id));
    json_object_set_new(o, "enrolment_id", json_integer(c->enrolment_id));
    json_object_set_new(o, "start_date", json_string(c->start_date ? c->start_date : ""));
    json_object_set_new(o, "end_date", json_string(c->end_date ? c->end_date : ""));
    json_object_set_new(o, "total_jp", json_integer(c->total_jp));
    cert_t cc = *c;
    const char *url = verify_url(r, &cc);
    json_object_set_new(o, "verify_url", url ? json_string(url) : json_null());
    if (full) {
        json_object_set_new(o, "revoked_at", str_or_null(c->revoked_at));
        json_object_set_new(o, "revoke_reason", str_or_null(c->revoke_reason));
        json_error_t je;
        json_t *content = json_loads(c->content ? c->content : "", 0, &je);
        json_object_set_new(o, "content", content ? content : json_null());
    }
    return o;
}

int api_certificates(req_t *r, resp_t *w)
{
    cert_query_t q;
    if (cert_query_parse(r, true, &q) < 0) return -1;
    cert_t *rows;
    int n;
    int64_t total;
    if (list_certs(r, &q, &rows, &n, &total) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, cert_json(r, &rows[i], false));
    return resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", q.page, "per_page", q.per_page, "total",
                                       (json_int_t)total));
}

/* The certificate r->id that this user may see into *c: 0, or -1 with the failure
 * answered (404 for one that does not exist or is another site's). */
static int load_certificate(req_t *r, cert_t *c)
{
    err_t e;
    err_clear(&e);
    int rc = cert_get(r->db, &e, &r->a, r->user.id, r->id, c);
    if (rc <= 0) return web_found(r, rc, &e, _("Sertifikat dengan id %lld tidak ditemukan"), (long long)r->id);
    return 0;
}

int api_certificate(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_certificate(r, &c) < 0) return -1;
    return resp_json(w, 200, cert_json(r, &c, true));
}

int api_certificate_revoke(req_t *r, resp_t *w)
{
    cert_t c;
    if (load_certificate(r, &c) < 0) return -1;
    json_t *body = req_json(r);
    if (!body) return -1;
    field_errs_t fe = {0};
    static const char *const allowed[] = {"reason", NULL};
    web_json_only_members(r, body, allowed, &fe);
    json_t *rs = json_object_get(body, "reason");
    const char *reason = NULL;
    if (!json_is_string(rs) || !*json_string_value(rs) || strlen(json_string_value(rs)) > 500 ||
        !utf8_valid_text(json_string_value(rs), strlen(json_string_value(rs))))
        field_err(&fe, "reason", "%s", _("reason harus alasan pencabutan (teks, maksimal 500 karakter)"));
    else reason = arena_strdup(&r->a, json_string_value(rs));
    json_decref(body);
    if (fe.n) return web_validation_reply(r, w, &fe);
    if (trn_web_revoke(r, c.id, reason) < 0) return -1;
    if (load_certificate(r, &c) < 0) return -1;
    return resp_json(w, 200, cert_json(r, &c, true));
}
