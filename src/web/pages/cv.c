/* cv.c — the CV made from an inmate's training record (issue 26): GET /wbp/{id}/cv.pdf,
 * one A4 page in Indonesian whatever the interface language (the person takes it home
 * to show an employer): the trades, the competency units passed, the certificates, the
 * hours of practice and the production work. It says nothing of the prison, the
 * offence or the sentence: no letterhead, no registration number, no site, no
 * signature of the prison; the data come from cv_store.c, which reads none of them. */
#include "../web.h"
#include "../pages.h"
#include "../../core/trainrules.h"
#include "../../report/table.h"
#include "../../store/cv_store.h"
#include <string.h>

static date_t d_of(const char *iso)
{
    date_t d;
    return iso && date_parse(iso, &d) ? d : DATE_NONE;
}

int page_wbp_cv(req_t *r, resp_t *w)
{
    rec_t wbp;
    if (web_load_wbp(r, &wbp) < 0) return -1;
    cv_t cv;
    err_t e;
    err_clear(&e);
    if (cv_load(r->db, &e, &r->a, wbp.id, &cv) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    train_rules_t tr;
    int jp_minutes = train_rules_builtin_at(today_date(), NULL, &tr, &e) == 0 ? tr.jp_minutes : 40;
    report_t *rep = report_new("DAFTAR RIWAYAT KETERAMPILAN");
    report_set_subtitle(rep, cv.name);
    report_set_author(rep, cv.name);
    /* the trades: from the units, the certificates and the work, each once */
    static const rep_col_t skill_cols[] = {{"Kejuruan", REP_TEXT, false}, {"Unit kompetensi dikuasai", REP_INT, false},
                                           {"Sertifikat", REP_INT, false}};
    rep_table_t *t = report_add_table(rep, "Keterampilan", skill_cols, 3);
    const char *seen[64];
    int nseen = 0;
    for (int pass = 0; pass < 3; pass++) {
        int n = pass == 0 ? cv.nunits : pass == 1 ? cv.ncerts : cv.nwork;
        for (int i = 0; i < n; i++) {
            const char *k = pass == 0 ? cv.units[i].trade : pass == 1 ? cv.certs[i].trade : cv.work[i].trade;
            if (!k || !*k) continue;
            bool have = false;
            for (int j = 0; j < nseen; j++) have = have || str_eq(seen[j], k);
            if (have || nseen >= 64) continue;
            seen[nseen++] = k;
            int64_t nu = 0, nc = 0;
            for (int j = 0; j < cv.nunits; j++) nu += str_eq(cv.units[j].trade, k);
            for (int j = 0; j < cv.ncerts; j++) nc += str_eq(cv.certs[j].trade, k);
            rep_row(t);
            rep_text(t, k);
            rep_int(t, nu);
            rep_int(t, nc);
        }
    }
    static const rep_col_t unit_cols[] = {{"Kejuruan", REP_TEXT, false}, {"Kode unit", REP_TEXT, false},
                                          {"Unit kompetensi", REP_TEXT, false}, {"Dinyatakan kompeten", REP_DATE, false}};
    t = report_add_table(rep, "Unit kompetensi yang dikuasai", unit_cols, 4);
    for (int i = 0; i < cv.nunits; i++) {
        rep_row(t);
        rep_text(t, cv.units[i].trade);
        rep_text(t, cv.units[i].code);
        rep_text(t, cv.units[i].title);
        rep_date(t, d_of(cv.units[i].assessed_on));
    }
    static const rep_col_t cert_cols[] = {{"Kejuruan", REP_TEXT, false},   {"Lembaga pelatihan", REP_TEXT, false},
                                          {"Mulai", REP_DATE, false},      {"Selesai", REP_DATE, false},
                                          {"Jam pelajaran", REP_INT, false}, {"Terbit", REP_DATE, false}};
    t = report_add_table(rep, "Sertifikat pelatihan", cert_cols, 6);
    for (int i = 0; i < cv.ncerts; i++) {
        rep_row(t);
        rep_text(t, cv.certs[i].trade);
        rep_text(t, cv.certs[i].provider);
        rep_date(t, d_of(cv.certs[i].start_date));
        rep_date(t, d_of(cv.certs[i].end_date));
        rep_int(t, cv.certs[i].total_jp);
        rep_date(t, d_of(cv.certs[i].issued_on));
    }
    static const rep_col_t hour_cols[] = {{"Jam pelajaran diikuti", REP_INT, false}, {"Menit per jam pelajaran", REP_INT, false},
                                          {"Jam praktik dan teori", REP_INT, false}};
    t = report_add_table(rep, "Jam pelatihan", hour_cols, 3);
    rep_row(t);
    rep_int(t, cv.jp_attended);
    rep_int(t, jp_minutes);
    rep_int(t, cv.jp_attended * jp_minutes / 60);
    static const rep_col_t work_cols[] = {{"Bidang", REP_TEXT, false},       {"Produk", REP_TEXT, false},
                                          {"Kali produksi", REP_INT, false}, {"Jumlah dibuat", REP_INT, false},
                                          {"Jam kerja", REP_INT, false}};
    t = report_add_table(rep, "Pengalaman kerja produksi", work_cols, 5);
    for (int i = 0; i < cv.nwork; i++) {
        rep_row(t);
        rep_text(t, cv.work[i].trade);
        rep_text(t, cv.work[i].product);
        rep_int(t, cv.work[i].runs);
        rep_int(t, cv.work[i].pieces);
        rep_int(t, cv.work[i].minutes / 60);
    }
    return web_send_report(r, w, rep, "pdf", arena_printf(&r->a, "cv-%lld.pdf", (long long)wbp.id));
}
