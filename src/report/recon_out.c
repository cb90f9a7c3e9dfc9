/* recon_out.c — a reconciliation with SDP as a report and as JSON (see recon_out.h). */
#include "recon_out.h"
#include "../core/rulefile.h"
#include <string.h>
#include <stdio.h>

/* The row's explanation, with the corrections of Bekal's dates when there are some. */
static void explain(const recon_row_t *w, char *why, size_t n)
{
    recon_explain(&w->res, why, n);
    size_t k = strlen(why);
    if (w->corrected && k < n) snprintf(why + k, n - k, _(" Tanggal Bekal memakai koreksi (%s)."), w->corrected);
}

static const char *const date_keys[3] = {"expiry", "half", "two_thirds"};

report_t *recon_report(const recon_run_t *run)
{
    report_t *r = report_new(_("Rekonsiliasi tanggal pidana dengan SDP"));
    char at[DATE_LONG_LEN];
    date_format_long_ui(run->at, at);
    char sub[300];
    snprintf(sub, sizeof sub, _("Lokasi %s, per %s; aturan %s. Tidak ada data yang diubah."),
             run->site_code ? run->site_code : _("semua"), at, run->rules_code);
    report_set_subtitle(r, sub);
    report_set_landscape(r, true);

    static const rep_col_t ccols[] = {{N_("Kode"), REP_TEXT, false}, {N_("Kelas"), REP_TEXT, false},
                                      {N_("Jumlah"), REP_INT, true}};
    rep_col_t cc[3];
    for (int i = 0; i < 3; i++) cc[i] = (rep_col_t){_(ccols[i].title), ccols[i].type, ccols[i].sum};
    rep_table_t *t = report_add_table(r, _("Jumlah per kelas selisih"), cc, 3);
    for (int k = 0; k < RECON__COUNT; k++) {
        rep_row(t);
        rep_text(t, recon_class_code((recon_class_t)k));
        rep_text(t, recon_class_label((recon_class_t)k));
        rep_int(t, run->counts[k]);
    }
    rep_totals(t, _("Jumlah"));

    static const rep_col_t wcols[] = {
        {N_("No. registrasi"), REP_TEXT, false}, {N_("Nama"), REP_TEXT, false},
        {N_("Lokasi"), REP_TEXT, false},         {N_("Kelas"), REP_TEXT, false},
        {N_("Selisih (hari)"), REP_INT, false},
        {N_("Ekspirasi Bekal"), REP_DATE, false}, {N_("Ekspirasi SDP"), REP_DATE, false},
        {N_("1/2 Bekal"), REP_DATE, false},      {N_("1/2 SDP"), REP_DATE, false},
        {N_("2/3 Bekal"), REP_DATE, false},      {N_("2/3 SDP"), REP_DATE, false},
        {N_("Remisi Bekal"), REP_TEXT, false},   {N_("Remisi SDP"), REP_TEXT, false},
        {N_("Penjelasan"), REP_TEXT, false},
    };
    enum { NW = sizeof wcols / sizeof wcols[0] };
    /* one site: its code is in the subtitle, not in every row */
    bool site_col = run->site_code == NULL;
    rep_col_t wc[NW];
    int nw = 0;
    for (int i = 0; i < NW; i++)
        if (i != 2 || site_col) wc[nw++] = (rep_col_t){_(wcols[i].title), wcols[i].type, false};
    t = report_add_table(r, _("Daftar periksa"), wc, nw);
    for (int i = 0; i < run->n; i++) {
        const recon_row_t *w = &run->rows[i];
        rep_row(t);
        rep_text(t, w->regno);
        rep_text(t, w->name);
        if (site_col) rep_text(t, w->site_code);
        rep_text(t, recon_class_label(w->res.cls));
        if (w->res.has[0] || w->res.has[1] || w->res.has[2]) rep_int(t, w->res.size);
        else rep_null(t);
        const date_t b[3] = {w->bekal.expiry, w->bekal.half, w->bekal.two_thirds},
                     s[3] = {w->sdp.expiry, w->sdp.half, w->sdp.two_thirds};
        for (int k = 0; k < 3; k++) {
            rep_date(t, w->has_bekal ? b[k] : DATE_NONE);
            rep_date(t, w->has_sdp ? s[k] : DATE_NONE);
        }
        char p[64];
        if (w->has_bekal) {
            period_format_long(&w->bekal_remisi, p);
            rep_text(t, p);
        } else rep_null(t);
        if (w->has_sdp && w->sdp.has_remisi) {
            period_format_long(&w->sdp.remisi, p);
            rep_text(t, p);
        } else rep_null(t);
        char why[900];
        explain(w, why, sizeof why);
        rep_text(t, why);
    }
    if (run->nerrors) {
        static const rep_col_t ecols[] = {{N_("Baris"), REP_INT, false}, {N_("Kesalahan"), REP_TEXT, false}};
        rep_col_t ec[2];
        for (int i = 0; i < 2; i++) ec[i] = (rep_col_t){_(ecols[i].title), ecols[i].type, false};
        char title[160];
        snprintf(title, sizeof title, _("Baris ekspor yang tidak dapat dibaca (%ld, tidak dibandingkan)"), run->nerrors);
        t = report_add_table(r, title, ec, 2);
        for (int i = 0; i < run->nlisted; i++) {
            rep_row(t);
            rep_int(t, run->errors[i].line);
            rep_text(t, run->errors[i].msg);
        }
    }
    return r;
}

static json_t *jperiod(bool has, const period_t *p)
{
    if (!has) return json_null();
    char s[PERIOD_FMT_LEN];
    period_format(p, s);
    return json_string(s);
}

json_t *recon_json(const recon_run_t *run)
{
    json_t *o = json_object();
    json_object_set_new(o, "at", rf_date_json(run->at));
    json_object_set_new(o, "site", run->site_code ? json_string(run->site_code) : json_null());
    json_object_set_new(o, "rules", json_string(run->rules_code));
    json_t *counts = json_object();
    for (int k = 0; k < RECON__COUNT; k++)
        json_object_set_new(counts, recon_class_code((recon_class_t)k), json_integer(run->counts[k]));
    json_object_set_new(o, "counts", counts);
    json_t *rows = json_array();
    for (int i = 0; i < run->n; i++) {
        const recon_row_t *w = &run->rows[i];
        json_t *x = json_object();
        json_object_set_new(x, "regno", json_string(w->regno));
        json_object_set_new(x, "name", json_string(w->name));
        json_object_set_new(x, "site", json_string(w->site_code));
        json_object_set_new(x, "line", w->line ? json_integer(w->line) : json_null());
        json_object_set_new(x, "class", json_string(recon_class_code(w->res.cls)));
        json_object_set_new(x, "class_label", json_string(recon_class_label(w->res.cls)));
        char why[900];
        explain(w, why, sizeof why);
        json_object_set_new(x, "explanation", json_string(why));
        json_object_set_new(x, "size", json_integer(w->res.size));
        json_object_set_new(x, "corrected", w->corrected ? json_string(w->corrected) : json_null());
        json_t *bk = json_null(), *sd = json_null(), *df = json_object();
        if (w->has_bekal) {
            bk = json_object();
            const date_t d[3] = {w->bekal.expiry, w->bekal.half, w->bekal.two_thirds};
            for (int k = 0; k < 3; k++) json_object_set_new(bk, date_keys[k], rf_date_json(d[k]));
            json_object_set_new(bk, "remisi_total", jperiod(true, &w->bekal_remisi));
        }
        if (w->has_sdp) {
            sd = json_object();
            const date_t d[3] = {w->sdp.expiry, w->sdp.half, w->sdp.two_thirds};
            for (int k = 0; k < 3; k++) json_object_set_new(sd, date_keys[k], rf_date_json(d[k]));
            json_object_set_new(sd, "remisi_total", jperiod(w->sdp.has_remisi, &w->sdp.remisi));
        }
        for (int k = 0; k < 3; k++)
            json_object_set_new(df, date_keys[k], w->res.has[k] ? json_integer(w->res.diff[k]) : json_null());
        json_object_set_new(x, "bekal", bk);
        json_object_set_new(x, "sdp", sd);
        json_object_set_new(x, "diff", df);
        json_array_append_new(rows, x);
    }
    json_object_set_new(o, "rows", rows);
    json_t *errs = json_array();
    for (int i = 0; i < run->nlisted; i++)
        json_array_append_new(errs, json_pack("{s:I,s:s}", "line", (json_int_t)run->errors[i].line, "message",
                                              run->errors[i].msg));
    json_object_set_new(o, "errors", errs);
    json_object_set_new(o, "errors_total", json_integer(run->nerrors));
    return o;
}
