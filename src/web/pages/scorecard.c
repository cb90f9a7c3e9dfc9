/* scorecard.c — the agreement scorecard (issue 26), per PKS and phase: places agreed
 * and filled, attendance, pass rate, certificates, withdrawals by coded reason, PNBP
 * and premi from its trades, outcomes after release, days to expiry, and the next
 * phase's places per trade suggested by the rule file (rules/rapor-pks-*.json) with
 * how each number came about. GET /agreements/{id}/scorecard (page),
 * /agreements/{id}/scorecard.pdf (to attach to the renewal letter) and
 * GET /api/v1/agreements/{id}/scorecard. The numbers are scorecard_store.c's. */
#include "../web.h"
#include "../pages.h"
#include "../../core/program.h"
#include "../../core/rulefile.h"
#include "../../core/withdraw.h"
#include "../../report/table.h"
#include "../../store/scorecard_store.h"
#include <string.h>

typedef struct {
    scorecard_t sc;
    sc_rules_t rules;
    withdraw_rules_t wr;
    char rules_name[128];
    int64_t days_left;
} sc_view_t;

static int load(req_t *r, sc_view_t *v)
{
    err_t e;
    err_clear(&e);
    date_t today = today_date();
    const char *name = NULL;
    json_t *j = rulefile_in_force(RULES_KIND_SCORECARD, today, &name);
    if (!j) return web_fail(r, 500, "no_ruleset", "%s", _("Tidak ada aturan rapor PKS yang berlaku"));
    int rc = sc_rules_from_json(j, &v->rules, &e);
    json_decref(j);
    snprintf(v->rules_name, sizeof v->rules_name, "%s", v->rules.code);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    j = rulefile_in_force(RULES_KIND_WITHDRAW, today, NULL);
    if (!j) return web_fail(r, 500, "no_ruleset", "%s", _("Tidak ada aturan alasan mundur yang berlaku"));
    rc = withdraw_rules_from_json(j, &v->wr, &e);
    json_decref(j);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (scorecard_load(r->db, &e, &r->a, r->user.id, r->id, &v->rules, &v->sc) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    char t[DATE_ISO_LEN];
    date_format(today, t);
    v->days_left = agreement_days_left(v->sc.valid_to, t);
    return 0;
}

/* "12,50%" of a/b (b 0: "-"). */
static const char *pct(arena_t *a, int64_t n, int64_t d)
{
    if (d <= 0) return "-";
    int64_t bp = (n * 10000 + d / 2) / d;
    return arena_printf(a, "%lld,%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}
static int64_t bp_of(int64_t n, int64_t d) { return d > 0 ? (n * 10000 + d / 2) / d : 0; }

static const char *const outcome_labels[SC_OUTCOMES] = {N_("Bekerja"), N_("Masih pelatihan"), N_("Tidak bekerja"),
                                                        N_("Tidak diketahui")};

int page_scorecard(req_t *r, resp_t *w)
{
    sc_view_t v;
    if (load(r, &v) < 0) return -1;
    scorecard_t *sc = &v.sc;
    page_begin(r, w, _("Rapor PKS"));
    buf_t *b = &w->body;
    h(b, "<p><a href=\"/agreements/%D\">%s</a> (%s) · <a href=\"/agreements/%D/scorecard.pdf\">%s</a></p>", sc->id,
      sc->title, sc->number, sc->id, _("Unduh PDF untuk surat perpanjangan"));
    h(b, "<dl class=\"kv\" id=\"ringkasan\"><dt>%s</dt><dd>%s – %s</dd><dt>%s</dt><dd>%R%s</span></dd><dt>%s</dt><dd>%s</dd>"
         "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%D</dd></dl>",
      _("Masa berlaku"), fmt_date_id(&r->a, sc->valid_from), fmt_date_id(&r->a, sc->valid_to), _("Hari sampai berakhir"),
      v.days_left < 0 ? "<span class=\"error\">" : "<span>",
      arena_printf(&r->a, v.days_left < 0 ? _("berakhir %lld hari yang lalu") : _("%lld hari"),
                   (long long)(v.days_left < 0 ? -v.days_left : v.days_left)),
      _("PNBP dari kejuruannya"), fmt_rupiah(&r->a, sc->pnbp), _("Premi dari kejuruannya"), fmt_rupiah(&r->a, sc->premi),
      _("Penjualan yang dihitung"), sc->sales);
    for (int i = 0; i < sc->nphases; i++) {
        sc_phase_t *p = &sc->phases[i];
        h(b, "<h2 id=\"tahap-%d\">%s %d</h2><table class=\"scorecard\"><tbody>", p->phase, _("Tahap"), p->phase);
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"quota\">%D</td></tr><tr><th scope=\"row\">%s</th><td data-k=\"filled\">%D</td></tr>",
          _("Tempat disepakati"), p->quota, _("Tempat terisi"), p->filled);
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"attendance\">%s (%D / %D)</td></tr>", _("Kehadiran"),
          pct(&r->a, p->att_hadir, p->att_total), p->att_hadir, p->att_total);
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"pass\">%s (%D / %D)</td></tr>", _("Tingkat kelulusan"),
          pct(&r->a, p->completed, p->completed + p->failed), p->completed, p->completed + p->failed);
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"certificates\">%D</td></tr>", _("Sertifikat"), p->certificates);
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"withdrawn\">%D", _("Mundur"), p->withdrawn);
        for (int k = 0; k < p->nreasons; k++)
            h(b, "%s%s: %D", k ? "; " : " (", withdraw_label(&v.wr, p->reason[k]), p->reason_n[k]);
        h(b, "%s</td></tr>", p->nreasons ? ")" : "");
        h(b, "<tr><th scope=\"row\">%s</th><td data-k=\"released\">%D", _("Peserta yang sudah bebas"), p->released);
        for (int g = 0; g < SC_OUTCOMES; g++) h(b, "%s%s: %D", g ? "; " : " (", _(outcome_labels[g]), p->outcome[g]);
        h(b, ")</td></tr></tbody></table>");
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Saran tempat tahap berikutnya per kejuruan"), _("Kejuruan"), _("Saran"), _("Cara menghitung"), _("Lulus / bebas bekerja"));
        for (int k = 0; k < p->ntrades; k++) {
            sc_trade_t *t = &p->trades[k];
            h(b, "<tr><td>%s</td><td>%D</td><td>%s</td><td>%D/%D · %D/%D</td></tr>", t->trade, t->s.places, t->s.how,
              t->in.completed, t->in.completed + t->in.failed, t->in.working, t->in.released);
        }
        h(b, "</tbody></table>");
    }
    h(b, "<p>%s <code>%s</code>.</p>", _("Aturan saran dan kelompok hasil setelah bebas:"), v.rules_name);
    return page_end(r, w);
}

int page_scorecard_pdf(req_t *r, resp_t *w)
{
    sc_view_t v;
    if (load(r, &v) < 0) return -1;
    scorecard_t *sc = &v.sc;
    report_t *rep = report_new(_("RAPOR PERJANJIAN KERJA SAMA"));
    report_set_subtitle(rep, arena_printf(&r->a, "%s — %s", sc->title, sc->number));
    rep_col_t cols[] = {{_("Ukuran"), REP_TEXT, false}, {_("Nilai"), REP_TEXT, false}};
    rep_table_t *t = report_add_table(rep, _("PKS"), cols, 2);
    const char *rows[][2] = {
        {_("Masa berlaku"), arena_printf(&r->a, "%s – %s", fmt_date_id(&r->a, sc->valid_from), fmt_date_id(&r->a, sc->valid_to))},
        {_("Hari sampai berakhir"), arena_printf(&r->a, "%lld", (long long)v.days_left)},
        {_("PNBP dari kejuruannya"), fmt_rupiah(&r->a, sc->pnbp)},
        {_("Premi dari kejuruannya"), fmt_rupiah(&r->a, sc->premi)},
    };
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) rep_row(t), rep_text(t, rows[i][0]), rep_text(t, rows[i][1]);
    for (int i = 0; i < sc->nphases; i++) {
        sc_phase_t *p = &sc->phases[i];
        t = report_add_table(rep, arena_printf(&r->a, "%s %d", _("Tahap"), p->phase), cols, 2);
        buf_t wd;
        buf_init(&wd);
        for (int k = 0; k < p->nreasons; k++)
            buf_printf(&wd, "%s%s: %lld", k ? "; " : "", withdraw_label(&v.wr, p->reason[k]), (long long)p->reason_n[k]);
        buf_t oc;
        buf_init(&oc);
        for (int g = 0; g < SC_OUTCOMES; g++)
            buf_printf(&oc, "%s%s: %lld", g ? "; " : "", _(outcome_labels[g]), (long long)p->outcome[g]);
        const char *pr[][2] = {
            {_("Tempat disepakati / terisi"), arena_printf(&r->a, "%lld / %lld", (long long)p->quota, (long long)p->filled)},
            {_("Kehadiran"), pct(&r->a, p->att_hadir, p->att_total)},
            {_("Tingkat kelulusan"), pct(&r->a, p->completed, p->completed + p->failed)},
            {_("Sertifikat"), arena_printf(&r->a, "%lld", (long long)p->certificates)},
            {_("Mundur"), arena_printf(&r->a, "%lld (%s)", (long long)p->withdrawn, wd.len ? wd.data : "-")},
            {_("Sudah bebas"), arena_printf(&r->a, "%lld (%s)", (long long)p->released, oc.data)},
        };
        for (size_t k = 0; k < ARRAY_LEN(pr); k++) rep_row(t), rep_text(t, pr[k][0]), rep_text(t, pr[k][1]);
        buf_release(&wd);
        buf_release(&oc);
        rep_col_t sc_cols[] = {{_("Kejuruan"), REP_TEXT, false}, {_("Saran tempat"), REP_INT, true},
                               {_("Cara menghitung"), REP_TEXT, false}};
        rep_table_t *s = report_add_table(rep, arena_printf(&r->a, "%s %d", _("Saran tempat tahap berikutnya, setelah tahap"),
                                                            p->phase),
                                          sc_cols, 3);
        for (int k = 0; k < p->ntrades; k++)
            rep_row(s), rep_text(s, p->trades[k].trade), rep_int(s, p->trades[k].s.places), rep_text(s, p->trades[k].s.how);
        rep_totals(s, _("Jumlah"));
    }
    return web_send_report(r, w, rep, "pdf", arena_printf(&r->a, "rapor-pks-%lld.pdf", (long long)sc->id));
}

int api_scorecard(req_t *r, resp_t *w)
{
    sc_view_t v;
    if (load(r, &v) < 0) return -1;
    scorecard_t *sc = &v.sc;
    json_t *phases = json_array();
    for (int i = 0; i < sc->nphases; i++) {
        sc_phase_t *p = &sc->phases[i];
        json_t *wd = json_object(), *oc = json_object(), *tr = json_array();
        for (int k = 0; k < p->nreasons; k++) json_object_set_new(wd, p->reason[k], json_integer(p->reason_n[k]));
        for (int g = 0; g < SC_OUTCOMES; g++) json_object_set_new(oc, sc_outcome_codes[g], json_integer(p->outcome[g]));
        for (int k = 0; k < p->ntrades; k++) {
            sc_trade_t *t = &p->trades[k];
            json_array_append_new(tr, json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "kejuruan_id",
                                                (json_int_t)t->kejuruan_id, "trade", t->trade, "filled",
                                                (json_int_t)t->in.filled, "waitlist", (json_int_t)t->in.waitlist,
                                                "completed", (json_int_t)t->in.completed, "failed",
                                                (json_int_t)t->in.failed, "released", (json_int_t)t->in.released,
                                                "working", (json_int_t)t->in.working, "suggested_places",
                                                (json_int_t)t->s.places, "how", t->s.how));
        }
        json_t *o = json_pack("{s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "phase", p->phase, "places_agreed",
                              (json_int_t)p->quota, "places_filled", (json_int_t)p->filled, "attendance_present",
                              (json_int_t)p->att_hadir, "attendance_entries", (json_int_t)p->att_total, "attendance_bp",
                              (json_int_t)bp_of(p->att_hadir, p->att_total), "completed", (json_int_t)p->completed,
                              "failed", (json_int_t)p->failed, "pass_rate_bp",
                              (json_int_t)bp_of(p->completed, p->completed + p->failed), "certificates",
                              (json_int_t)p->certificates, "released", (json_int_t)p->released);
        json_object_set_new(o, "withdrawn", json_integer(p->withdrawn));
        json_object_set_new(o, "withdrawals", wd);
        json_object_set_new(o, "outcomes", oc);
        json_object_set_new(o, "next_phase", tr);
        json_array_append_new(phases, o);
    }
    return resp_json(w, 200,
                     json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:o}", "agreement_id", (json_int_t)sc->id, "number", sc->number,
                               "valid_from", sc->valid_from, "valid_to", sc->valid_to, "days_to_expiry", (json_int_t)v.days_left,
                               "pnbp", (json_int_t)sc->pnbp, "premi", (json_int_t)sc->premi, "sales", (json_int_t)sc->sales,
                               "rules", v.rules_name, "phases", phases));
}
