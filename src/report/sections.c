/* sections.c — the section providers of the dashboard and monthly report
 * (sections.h): agreements and their expiry, the eligibility pipeline, participants
 * by trade and phase, attendance per programme, completion and certificates per
 * trade, revenue/PNBP/premi by month, releases and the outcomes of released inmates,
 * withdrawals by coded reason. Each query is scoped to the sites the user sees. */
#include "sections.h"
#include "../store/report_store.h"
#include "../store/elig_store.h"
#include "../store/funnel_store.h"
#include "../store/settings.h"
#include "../core/release.h"
#include "../core/program.h"
#include "../core/trainrules.h"
#include "../core/withdraw.h"
#include "../core/rulefile.h"
#include "../util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void iso(date_t d, char out[DATE_ISO_LEN]) { date_format(d, out); }

static const char **labels_new(arena_t *a, int n) { return arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1)); }
static int64_t *values_new(arena_t *a, int n)
{
    int64_t *v = arena_alloc(a, sizeof(int64_t) * (size_t)(n ? n : 1));
    memset(v, 0, sizeof(int64_t) * (size_t)(n ? n : 1));
    return v;
}

/* ---- 1. agreements and their expiry */
static int sec_agreements(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    (void)ch, (void)has;
    rep_col_t cols[] = {{_("Lokasi"), REP_TEXT, false},  {_("Nomor PKS"), REP_TEXT, false},
                        {_("Mitra"), REP_TEXT, false},
                        {_("Berlaku sampai"), REP_DATE, false}, {_("Sisa hari"), REP_INT, false},
                        {_("Status"), REP_TEXT, false}};
    rep_table_t *t = report_add_table(rep, _("Perjanjian kerja sama dan masa berlakunya"), cols, 6);
    rs_agreement_t *r;
    int n = rs_agreements(c->db, e, c->a, c->uid, c->site_id, &r);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
        date_t to;
        bool ok = date_parse(r[i].valid_to, &to);
        bool ended = str_eq(r[i].status, "berakhir") || (ok && to < c->at);
        rep_row(t);
        rep_text(t, r[i].site);
        rep_text(t, r[i].number);
        rep_text(t, r[i].partner);
        rep_date(t, ok ? to : DATE_NONE);
        if (ok && !ended) rep_int(t, (int64_t)(to - c->at));
        else rep_null(t);
        rep_text(t, ended ? _("Berakhir") : _("Aktif"));
    }
    return 0;
}

/* ---- 2. eligibility pipeline: eligible now, eligible within 3 months, per site */
#define PIPE_MAX 64
struct pipe {
    date_t soon;
    int n;
    int64_t site[PIPE_MAX];
    const char *code[PIPE_MAX];
    int64_t custody[PIPE_MAX], now[PIPE_MAX], in3[PIPE_MAX];
    arena_t *a;
};
static int pipe_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct pipe *p = vc;
    int k = 0;
    while (k < p->n && p->site[k] != row->site_id) k++;
    if (k == p->n) {
        if (p->n == PIPE_MAX) return 0;
        p->site[k] = row->site_id, p->code[k] = arena_strdup(p->a, row->site_code), p->n++;
    }
    p->custody[k]++;
    if (!row->res) return 0;
    if (row->res->eligible) p->now[k]++;
    else if (row->res->eligible_from != DATE_NONE && row->res->eligible_from <= p->soon) p->in3[k]++;
    return 0;
}
static int sec_pipeline(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    struct pipe *p = arena_alloc(c->a, sizeof *p);
    memset(p, 0, sizeof *p);
    p->a = c->a;
    p->soon = date_add_months(c->at, 3);
    elig_query_t q = {c->uid, c->site_id, 0, c->at, false};
    if (elig_scan(c->db, e, &q, pipe_row, p) < 0) return -1;
    rep_col_t cols[] = {{_("Lokasi"), REP_TEXT, false},
                        {_("WBP ditahan"), REP_INT, true},
                        {_("Memenuhi syarat asimilasi sekarang"), REP_INT, true},
                        {_("Memenuhi syarat dalam 3 bulan"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("Alur calon peserta: syarat asimilasi"), cols, 4);
    const char **lab = labels_new(c->a, p->n);
    int64_t *v1 = values_new(c->a, p->n), *v2 = values_new(c->a, p->n);
    for (int k = 0; k < p->n; k++) {
        rep_row(t);
        rep_text(t, p->code[k]);
        rep_int(t, p->custody[k]);
        rep_int(t, p->now[k]);
        rep_int(t, p->in3[k]);
        lab[k] = p->code[k], v1[k] = p->now[k], v2[k] = p->in3[k];
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *s = arena_alloc(c->a, sizeof *s * 2);
    s[0] = (chart_series_t){_("Memenuhi syarat sekarang"), v1};
    s[1] = (chart_series_t){_("Dalam 3 bulan"), v2};
    *ch = (chart_t){CHART_BAR, "grafik-alur", _("Alur calon peserta"), NULL, REP_INT, lab, p->n, s, 2, 0, 0};
    *has = p->n > 0;
    return 0;
}

/* ---- 3. participants by trade and phase (enrolment + programme + kejuruan) */
static int sec_participants(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    rep_col_t cols[] = {{_("Kejuruan"), REP_TEXT, false},     {_("Tahap"), REP_INT, false},
                        {_("Ditempatkan"), REP_INT, true},    {_("Terdaftar (berlatih)"), REP_INT, true},
                        {_("Selesai"), REP_INT, true},        {_("Tidak lulus"), REP_INT, true},
                        {_("Mundur"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("Peserta menurut kejuruan dan tahap"), cols, 7);
    rs_participants_t *r;
    int n = rs_participants(c->db, e, c->a, c->uid, c->site_id, &r);
    if (n < 0) return -1;
    const char **lab = labels_new(c->a, n);
    int64_t *v = values_new(c->a, n), *v2 = values_new(c->a, n);
    for (int i = 0; i < n; i++) {
        rep_row(t);
        rep_text(t, r[i].trade);
        rep_int(t, r[i].phase);
        for (int k = 0; k < 5; k++) rep_int(t, r[i].n[k]);
        lab[i] = arena_printf(c->a, "%s (%s %lld)", r[i].trade, _("tahap"), (long long)r[i].phase);
        v[i] = r[i].n[1], v2[i] = r[i].n[2];
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *s = arena_alloc(c->a, sizeof *s * 2);
    s[0] = (chart_series_t){_("Terdaftar"), v};
    s[1] = (chart_series_t){_("Selesai"), v2};
    *ch = (chart_t){CHART_BAR, "grafik-peserta", _("Peserta menurut kejuruan"), NULL, REP_INT, lab, n, s, 2, 0, 0};
    *has = n > 0;
    return 0;
}

/* ---- 4. revenue, PNBP and premi by month (the six months ending with the period) */
#define MONTHS 6
static int month_sums(const sec_ctx_t *c, err_t *e, rs_money_t kind, const char *from, const char *to,
                      const char *const *keys, int64_t *out)
{
    rs_month_sum_t *r;
    int n = rs_month_sums(c->db, e, c->a, c->uid, c->site_id, kind, from, to, &r);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++)
        for (int m = 0; m < MONTHS; m++)
            if (str_eq(r[i].month, keys[m]))
                for (int k = 0; k < 3; k++) out[m * 3 + k] += r[i].v[k];
    return 0;
}
static int sec_revenue(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    int32_t last = date_month_index(c->to);
    const char **keys = labels_new(c->a, MONTHS);
    for (int m = 0; m < MONTHS; m++) {
        char d[DATE_ISO_LEN];
        iso(date_month_first(last - (MONTHS - 1) + m), d);
        keys[m] = arena_printf(c->a, "%.7s", d);
    }
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    iso(date_month_first(last - (MONTHS - 1)), from);
    iso(c->to, to);
    int64_t sale[MONTHS * 3] = {0}, dep[MONTHS * 3] = {0}, pay[MONTHS * 3] = {0};
    if (month_sums(c, e, RS_MONEY_SALES, from, to, keys, sale) < 0 ||
        month_sums(c, e, RS_MONEY_DEPOSITS, from, to, keys, dep) < 0 ||
        month_sums(c, e, RS_MONEY_PAYOUTS, from, to, keys, pay) < 0)
        return -1;
    rep_col_t cols[] = {{_("Bulan"), REP_TEXT, false},          {_("Pendapatan penjualan"), REP_RUPIAH, true},
                        {_("Bagian PNBP"), REP_RUPIAH, true},   {_("Bagian premi WBP"), REP_RUPIAH, true},
                        {_("PNBP disetor"), REP_RUPIAH, true},  {_("Premi dibayarkan saat bebas"), REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(rep, _("Pendapatan, PNBP dan premi per bulan"), cols, 6);
    int64_t *rv = values_new(c->a, MONTHS), *pn = values_new(c->a, MONTHS), *pr = values_new(c->a, MONTHS);
    for (int m = 0; m < MONTHS; m++) {
        rep_row(t);
        rep_text(t, keys[m]);
        rep_int(t, sale[m * 3]);
        rep_int(t, sale[m * 3 + 1]);
        rep_int(t, sale[m * 3 + 2]);
        rep_int(t, dep[m * 3]);
        rep_int(t, pay[m * 3]);
        rv[m] = sale[m * 3], pn[m] = sale[m * 3 + 1], pr[m] = sale[m * 3 + 2];
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *s = arena_alloc(c->a, sizeof *s * 3);
    s[0] = (chart_series_t){_("Pendapatan"), rv};
    s[1] = (chart_series_t){_("PNBP"), pn};
    s[2] = (chart_series_t){_("Premi"), pr};
    *ch = (chart_t){CHART_BAR, "grafik-pendapatan", _("Pendapatan, PNBP dan premi per bulan"), NULL, REP_RUPIAH,
                    keys, MONTHS, s, 3, 0, 0};
    *has = true;
    return 0;
}

/* ---- 5. releases in the period by kind */
static int sec_releases(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    (void)ch, (void)has;
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    iso(c->from, from);
    iso(c->to, to);
    rep_col_t cols[] = {{_("Jenis pembebasan"), REP_TEXT, false},
                        {_("Jumlah WBP"), REP_INT, true},
                        {_("Lulusan pelatihan"), REP_INT, true},
                        {_("Premi dibayarkan"), REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(rep, _("WBP bebas dalam periode menurut jenis pembebasan"), cols, 4);
    const field_def_t *kf = &release_def.fields[RLF_KIND];
    for (int k = 0; kf->choices[k]; k++) {
        rs_release_sum_t r;
        if (rs_release_sum(c->db, e, c->a, c->uid, c->site_id, kf->choices[k], from, to, &r) < 0) return -1;
        rep_row(t);
        rep_text(t, _(kf->clabels[k]));
        rep_int(t, r.count);
        rep_int(t, r.graduates);
        rep_int(t, r.payout);
    }
    rep_totals(t, _("Jumlah"));
    return 0;
}

/* ---- 6. outcomes of released inmates: each release up to the period's end by
 * its latest follow-up on or before it */
static int sec_outcomes(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    char to[DATE_ISO_LEN];
    iso(c->to, to);
    int64_t all[FOLLOWUP_NSTATUS + 1] = {0}, grad[FOLLOWUP_NSTATUS + 1] = {0};
    rs_outcome_t *r;
    int n = rs_outcomes(c->db, e, c->a, c->uid, c->site_id, to, &r);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
        int k = followup_status_index(r[i].status);
        if (k < 0) k = FOLLOWUP_NSTATUS;
        all[k]++;
        if (r[i].graduate) grad[k]++;
    }
    rep_col_t cols[] = {{_("Keadaan terakhir"), REP_TEXT, false},
                        {_("Lulusan pelatihan"), REP_INT, true},
                        {_("Semua WBP bebas"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("Keadaan WBP setelah bebas (kontak tindak lanjut terakhir)"), cols, 3);
    const char **lab = labels_new(c->a, FOLLOWUP_NSTATUS + 1);
    int64_t *vg = values_new(c->a, FOLLOWUP_NSTATUS + 1), *va = values_new(c->a, FOLLOWUP_NSTATUS + 1);
    for (int k = 0; k <= FOLLOWUP_NSTATUS; k++) {
        lab[k] = k < FOLLOWUP_NSTATUS ? _(followup_status_labels[k]) : _("Belum ada kontak");
        rep_row(t);
        rep_text(t, lab[k]);
        rep_int(t, grad[k]);
        rep_int(t, all[k]);
        vg[k] = grad[k], va[k] = all[k];
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *s = arena_alloc(c->a, sizeof *s * 2);
    s[0] = (chart_series_t){_("Lulusan pelatihan"), vg};
    s[1] = (chart_series_t){_("Semua WBP bebas"), va};
    *ch = (chart_t){CHART_BAR, "grafik-keadaan", _("Keadaan WBP setelah bebas"), NULL, REP_INT, lab,
                    FOLLOWUP_NSTATUS + 1, s, 2, 0, 0};
    *has = true;
    return 0;
}

/* Growable label and value arrays of a chart (arena): grow() makes room for one more. */
struct series3 {
    int n, cap;
    const char **lab;
    int64_t *v[3];
};
static void s3_grow(arena_t *a, struct series3 *s)
{
    if (s->n < s->cap) return;
    int cap = s->cap ? s->cap * 2 : 16;
    const char **nl = labels_new(a, cap);
    if (s->n) memcpy(nl, s->lab, sizeof *nl * (size_t)s->n);
    s->lab = nl;
    for (int k = 0; k < 3; k++) {
        int64_t *nv = values_new(a, cap);
        if (s->n) memcpy(nv, s->v[k], sizeof *nv * (size_t)s->n);
        s->v[k] = nv;
    }
    s->cap = cap;
}

/* rate in basis points, rounded down as attendance.h does; -1 when base is 0 */
static int64_t rate_bp(int64_t num, int64_t base) { return base > 0 ? num * 10000 / base : -1; }

/* ---- 7. attendance per programme: JP attended / JP counted, over the sessions
 * held in the period (not cancelled, dated from the period's first day to `at`).
 * How izin, sakit and a session with no entry count is the programme's training
 * rule set (trainrules.h, in force on its start date), as for each participant's
 * rate (attendance.h); entries of every participant of the session count. */
struct att_prog {
    int64_t id;
    const char *site, *name, *trade;
    date_t start;
    int64_t sessions, jp, by_status[ATT__COUNT], unrecorded;
};
static int att_find(struct att_prog *pr, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (pr[i].id == id) return i;
    return -1;
}
static int sec_attendance(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    char from[DATE_ISO_LEN], at[DATE_ISO_LEN];
    iso(c->from, from);
    iso(c->at < c->to ? c->at : c->to, at);
    /* the sessions held, per programme */
    rs_att_program_t *p;
    int n = rs_att_programs(c->db, e, c->a, c->uid, c->site_id, from, at, &p);
    if (n < 0) return -1;
    struct att_prog *pr = arena_alloc(c->a, sizeof *pr * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        memset(&pr[i], 0, sizeof pr[i]);
        pr[i].id = p[i].id, pr[i].site = p[i].site, pr[i].name = p[i].name, pr[i].trade = p[i].trade;
        pr[i].start = p[i].start, pr[i].sessions = p[i].sessions, pr[i].jp = p[i].jp;
    }
    /* the JP of the entries, by status */
    rs_att_status_t *bs;
    int nb = rs_att_by_status(c->db, e, c->a, c->uid, c->site_id, from, at, &bs);
    if (nb < 0) return -1;
    for (int i = 0; i < nb; i++) {
        int k = att_find(pr, n, bs[i].program_id);
        if (k < 0) continue;
        pr[k].by_status[ATT_HADIR] = bs[i].jp[0], pr[k].by_status[ATT_IZIN] = bs[i].jp[1];
        pr[k].by_status[ATT_SAKIT] = bs[i].jp[2], pr[k].by_status[ATT_ALPA] = bs[i].jp[3];
    }
    /* the JP of held sessions without an entry for a participant taking part */
    rs_att_unrecorded_t *un;
    int nu = rs_att_unrecorded(c->db, e, c->a, c->uid, c->site_id, from, at, &un);
    if (nu < 0) return -1;
    for (int i = 0; i < nu; i++) {
        int k = att_find(pr, n, un[i].program_id);
        if (k >= 0) pr[k].unrecorded = un[i].jp;
    }
    rep_col_t cols[] = {{_("Lokasi"), REP_TEXT, false},         {_("Program"), REP_TEXT, false},
                        {_("Kejuruan"), REP_TEXT, false},       {_("Sesi terlaksana"), REP_INT, true},
                        {_("JP terlaksana"), REP_INT, true},    {_("JP peserta hadir"), REP_INT, true},
                        {_("JP peserta dihitung"), REP_INT, true}, {_("Tingkat kehadiran"), REP_PERCENT, false}};
    rep_table_t *t = report_add_table(rep, _("Kehadiran peserta per program dalam periode (JP hadir / JP dihitung)"),
                                      cols, 8);
    struct series3 s = {0};
    int64_t tot_att = 0, tot_base = 0;
    for (int i = 0; i < n; i++) {
        train_rules_t rules;
        err_t e2;
        err_clear(&e2);
        if (train_rules_builtin_at(pr[i].start == DATE_NONE ? 0 : pr[i].start, NULL, &rules, &e2) < 0)
            return err_set(e, e2.status, e2.code, "%s", e2.msg);
        int64_t att = 0, base = 0;
        for (int k = 0; k <= ATT__COUNT; k++) {
            int64_t jp = k < ATT__COUNT ? pr[i].by_status[k] : pr[i].unrecorded;
            att_treatment_t tr = rules.att.treat[k];
            if (tr == ATT_ATTENDED) att += jp, base += jp;
            else if (tr == ATT_ABSENT) base += jp;
        }
        rep_row(t);
        rep_text(t, pr[i].site);
        rep_text(t, pr[i].name);
        rep_text(t, pr[i].trade);
        rep_int(t, pr[i].sessions);
        rep_int(t, pr[i].jp);
        rep_int(t, att);
        rep_int(t, base);
        if (base > 0) rep_int(t, rate_bp(att, base));
        else rep_null(t);
        tot_att += att, tot_base += base;
        if (base > 0) {
            s3_grow(c->a, &s);
            s.lab[s.n] = arena_printf(c->a, "%s (%s)", pr[i].name, pr[i].trade);
            s.v[0][s.n++] = rate_bp(att, base);
        }
    }
    rep_totals(t, _("Jumlah"));
    if (tot_base > 0) rep_set_total(t, 7, rate_bp(tot_att, tot_base));
    chart_series_t *cs = arena_alloc(c->a, sizeof *cs);
    cs[0] = (chart_series_t){_("Tingkat kehadiran"), s.v[0]};
    *ch = (chart_t){CHART_BAR, "grafik-kehadiran", _("Tingkat kehadiran per program"), NULL, REP_PERCENT, s.lab, s.n,
                    cs, 1, 0, 0};
    *has = s.n > 0;
    return 0;
}

/* The first day after the period, for comparing timestamps ("2025-04-30T10:00:00Z" < "2025-05-01"). */
static const char *day_after(const sec_ctx_t *c)
{
    char d[DATE_ISO_LEN];
    iso(c->to + 1, d);
    return arena_strdup(c->a, d);
}

/* ---- 8. completion: participants whose training ended in the period (their
 * enrolment became selesai = lulus or tidak_lulus then), per trade */
static int sec_completion(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    char from[DATE_ISO_LEN];
    iso(c->from, from);
    rs_trade_pair_t *r;
    int n = rs_completions(c->db, e, c->a, c->uid, c->site_id, from, day_after(c), &r);
    if (n < 0) return -1;
    rep_col_t cols[] = {{_("Kejuruan"), REP_TEXT, false},
                        {_("Lulus"), REP_INT, true},
                        {_("Tidak lulus"), REP_INT, true},
                        {_("Jumlah selesai pelatihan"), REP_INT, true},
                        {_("Tingkat kelulusan"), REP_PERCENT, false}};
    rep_table_t *t = report_add_table(rep, _("Peserta yang menyelesaikan pelatihan dalam periode"), cols, 5);
    struct series3 s = {0};
    int64_t tl = 0, tn = 0;
    for (int i = 0; i < n; i++) {
        int64_t lulus = r[i].a, gagal = r[i].b;
        rep_row(t);
        rep_text(t, r[i].trade);
        rep_int(t, lulus);
        rep_int(t, gagal);
        rep_int(t, lulus + gagal);
        rep_int(t, rate_bp(lulus, lulus + gagal));
        tl += lulus, tn += lulus + gagal;
        s3_grow(c->a, &s);
        s.lab[s.n] = r[i].trade;
        s.v[0][s.n] = lulus, s.v[1][s.n++] = gagal;
    }
    rep_totals(t, _("Jumlah"));
    if (tn > 0) rep_set_total(t, 4, rate_bp(tl, tn));
    chart_series_t *cs = arena_alloc(c->a, sizeof *cs * 2);
    cs[0] = (chart_series_t){_("Lulus"), s.v[0]};
    cs[1] = (chart_series_t){_("Tidak lulus"), s.v[1]};
    *ch = (chart_t){CHART_BAR, "grafik-kelulusan", _("Kelulusan pelatihan per kejuruan"), NULL, REP_INT, s.lab, s.n, cs,
                    2, 0, 0};
    *has = s.n > 0;
    return 0;
}

/* ---- 9. training certificates issued in the period, per trade: still valid at
 * the period's end, or revoked by then */
static int sec_certificates(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    iso(c->from, from);
    iso(c->to, to);
    const char *after = day_after(c);
    rs_trade_pair_t *r;
    int n = rs_certificates(c->db, e, c->a, c->uid, c->site_id, from, to, after, &r);
    if (n < 0) return -1;
    rep_col_t cols[] = {{_("Kejuruan"), REP_TEXT, false},
                        {_("Sertifikat diterbitkan"), REP_INT, true},
                        {_("Berlaku"), REP_INT, true},
                        {_("Dicabut"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("Sertifikat pelatihan yang diterbitkan dalam periode"), cols, 4);
    struct series3 s = {0};
    for (int i = 0; i < n; i++) {
        int64_t all = r[i].a, rev = r[i].b;
        rep_row(t);
        rep_text(t, r[i].trade);
        rep_int(t, all);
        rep_int(t, all - rev);
        rep_int(t, rev);
        s3_grow(c->a, &s);
        s.lab[s.n] = r[i].trade;
        s.v[0][s.n] = all - rev, s.v[1][s.n++] = rev;
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *cs = arena_alloc(c->a, sizeof *cs * 2);
    cs[0] = (chart_series_t){_("Berlaku"), s.v[0]};
    cs[1] = (chart_series_t){_("Dicabut"), s.v[1]};
    *ch = (chart_t){CHART_BAR, "grafik-sertifikat", _("Sertifikat pelatihan per kejuruan"), NULL, REP_INT, s.lab, s.n,
                    cs, 2, 0, 0};
    *has = s.n > 0;
    return 0;
}

/* ---- 10. withdrawals (mundur) in the period by coded reason (issue 26): the codes of
 * rules/alasan-mundur-*.json in force at the period's end; a withdrawal recorded
 * before the codes counts as "bebas" when a release ended it, else "lainnya" */
static int sec_withdrawals(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    withdraw_rules_t wr;
    json_t *j = rulefile_in_force(RULES_KIND_WITHDRAW, c->at, NULL);
    if (!j) return err_set(e, 500, "no_ruleset", "%s", _("Tidak ada aturan alasan mundur yang berlaku pada tanggal itu"));
    int rc = withdraw_rules_from_json(j, &wr, e);
    json_decref(j);
    if (rc < 0) return -1;
    rep_col_t cols[] = {{_("Alasan mundur"), REP_TEXT, false}, {_("Jumlah"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("Peserta mundur menurut alasan"), cols, 2);
    char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
    iso(c->from, from), iso(c->to, to);
    rs_code_count_t *r;
    int nr = rs_withdrawals(c->db, e, c->a, c->uid, c->site_id, from, to, &r);
    if (nr < 0) return -1;
    int n = wr.n;
    const char **lab = labels_new(c->a, n + 1);
    int64_t *v = values_new(c->a, n + 1);
    for (int i = 0; i < n; i++) lab[i] = withdraw_label(&wr, wr.reasons[i].code);
    for (int x = 0; x < nr; x++) {
        const char *code = r[x].code;
        int k = -1;
        for (int i = 0; i < n; i++)
            if (str_eq(wr.reasons[i].code, code)) k = i;
        if (k < 0) k = (int)(withdraw_reason(&wr, WITHDRAW_OTHER) - wr.reasons); /* a code no longer in the rules */
        v[k] += r[x].n;
    }
    for (int i = 0; i < n; i++) {
        rep_row(t);
        rep_text(t, lab[i]);
        rep_int(t, v[i]);
    }
    rep_totals(t, _("Jumlah"));
    chart_series_t *s = arena_alloc(c->a, sizeof *s);
    s[0] = (chart_series_t){_("Mundur"), v};
    *ch = (chart_t){CHART_BAR, "grafik-mundur", _("Peserta mundur menurut alasan"), NULL, REP_INT, lab, n, s, 1, 0, 0};
    int64_t total = 0;
    for (int i = 0; i < n; i++) total += v[i];
    *has = total > 0;
    return 0;
}

/* ---- 11.-13. the asimilasi funnel (issue 24): each inmate eligible on the date, or
 * with a proposal holding a stage, in one stage; the not proposed by reason; the
 * median days between stages of the steps made in the period */
struct sec_memo {
    funnel_t *funnel;
};
static const funnel_t *funnel_of(const sec_ctx_t *c, err_t *e)
{
    if (c->memo && c->memo->funnel) return c->memo->funnel;
    funnel_t *f = arena_alloc(c->a, sizeof *f);
    if (funnel_collect(c->db, e, c->a, c->uid, c->site_id, c->from, c->to, c->at, f) < 0) return NULL;
    if (c->memo) c->memo->funnel = f;
    return f;
}

static int sec_funnel(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    const funnel_t *f = funnel_of(c, e);
    if (!f) return -1;
    rep_col_t cols[2 + FN__COUNT + 1];
    cols[0] = (rep_col_t){_("Lokasi"), REP_TEXT, false};
    cols[1] = (rep_col_t){_("Memenuhi syarat"), REP_INT, true};
    for (int k = 0; k < FN__COUNT; k++) cols[2 + k] = (rep_col_t){funnel_stage_label((funnel_stage_t)k), REP_INT, true};
    cols[2 + FN__COUNT] = (rep_col_t){_("Jumlah dalam alur"), REP_INT, true};
    char at[DATE_LONG_LEN];
    date_format_long_ui(c->at, at);
    rep_table_t *t = report_add_table(rep, arena_printf(c->a, _("Alur asimilasi per %s: setiap WBP pada satu tahap"), at),
                                      cols, 3 + FN__COUNT);
    int64_t *v = values_new(c->a, FN__COUNT);
    for (int i = 0; i < f->nsites; i++) {
        const funnel_site_t *s = &f->site[i];
        rep_row(t);
        rep_text(t, s->site_code);
        rep_int(t, s->eligible);
        int64_t sum = 0;
        for (int k = 0; k < FN__COUNT; k++) rep_int(t, s->stage[k]), sum += s->stage[k], v[k] += s->stage[k];
        rep_int(t, sum);
    }
    rep_totals(t, _("Jumlah"));
    const char **lab = labels_new(c->a, FN__COUNT);
    for (int k = 0; k < FN__COUNT; k++) lab[k] = funnel_stage_label((funnel_stage_t)k);
    chart_series_t *cs = arena_alloc(c->a, sizeof *cs);
    cs[0] = (chart_series_t){_("WBP"), v};
    *ch = (chart_t){CHART_BAR, "grafik-alur-asimilasi", _("Alur asimilasi"), NULL, REP_INT, lab, FN__COUNT, cs, 1, 0, 0};
    *has = f->nsites > 0;
    return 0;
}

static int sec_funnel_reasons(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    (void)ch, (void)has;
    const funnel_t *f = funnel_of(c, e);
    if (!f) return -1;
    rep_col_t cols[] = {{_("Lokasi"), REP_TEXT, false}, {_("Alasan"), REP_TEXT, false}, {_("WBP"), REP_INT, true}};
    rep_table_t *t = report_add_table(rep, _("WBP yang memenuhi syarat tetapi tidak diusulkan, menurut alasan"), cols, 3);
    for (int i = 0; i < f->nsites; i++) {
        const funnel_site_t *s = &f->site[i];
        for (int k = 0; k <= f->rules.n; k++) {
            if (!s->reason[k]) continue;
            rep_row(t);
            rep_text(t, s->site_code);
            rep_text(t, k < f->rules.n ? notprop_label(&f->rules.reasons[k]) : _("Alasan lain (tidak ada di aturan)"));
            rep_int(t, s->reason[k]);
        }
        if (s->stage[FN_NO_DECISION]) {
            rep_row(t);
            rep_text(t, s->site_code);
            rep_text(t, _("Belum ada keputusan (tidak diusulkan dan tidak ditandai)"));
            rep_int(t, s->stage[FN_NO_DECISION]);
        }
    }
    rep_totals(t, _("Jumlah"));
    return 0;
}

static int sec_funnel_days(const sec_ctx_t *c, report_t *rep, chart_t *ch, bool *has, err_t *e)
{
    (void)ch, (void)has;
    const funnel_t *f = funnel_of(c, e);
    if (!f) return -1;
    rep_col_t cols[2 + FT__COUNT];
    cols[0] = (rep_col_t){_("Lokasi"), REP_TEXT, false};
    for (int k = 0; k < FT__COUNT; k++) cols[1 + k] = (rep_col_t){funnel_gap_label(k), REP_INT, false};
    cols[1 + FT__COUNT] = (rep_col_t){_("Langkah dalam periode"), REP_INT, true};
    rep_table_t *t = report_add_table(rep, _("Median hari antartahap asimilasi (langkah dalam periode)"), cols, 2 + FT__COUNT);
    /* every site, then all together */
    size_t all_n[FT__COUNT] = {0};
    for (int i = 0; i < f->nsites; i++)
        for (int k = 0; k < FT__COUNT; k++) all_n[k] += f->site[i].ngaps[k];
    int32_t *all[FT__COUNT];
    size_t fill[FT__COUNT] = {0};
    for (int k = 0; k < FT__COUNT; k++) all[k] = arena_alloc(c->a, sizeof(int32_t) * (all_n[k] ? all_n[k] : 1));
    for (int i = 0; i < f->nsites; i++) {
        const funnel_site_t *s = &f->site[i];
        rep_row(t);
        rep_text(t, s->site_code);
        int64_t steps = 0;
        for (int k = 0; k < FT__COUNT; k++) {
            if (s->ngaps[k]) memcpy(all[k] + fill[k], s->gaps[k], sizeof(int32_t) * s->ngaps[k]);
            fill[k] += s->ngaps[k];
            steps += (int64_t)s->ngaps[k];
            int32_t m = funnel_median(s->gaps[k], s->ngaps[k]);
            if (m < 0) rep_null(t);
            else rep_int(t, m);
        }
        rep_int(t, steps);
    }
    if (f->nsites > 1) {
        rep_row(t);
        rep_text(t, _("Semua lokasi"));
        int64_t steps = 0;
        for (int k = 0; k < FT__COUNT; k++) {
            int32_t m = funnel_median(all[k], fill[k]);
            steps += (int64_t)fill[k];
            if (m < 0) rep_null(t);
            else rep_int(t, m);
        }
        rep_int(t, steps);
    }
    return 0;
}

const section_t report_sections[] = {
    {"agreements", sec_agreements}, {"pipeline", sec_pipeline},     {"participants", sec_participants},
    {"attendance", sec_attendance}, {"completion", sec_completion}, {"certificates", sec_certificates},
    {"revenue", sec_revenue},       {"releases", sec_releases},     {"outcomes", sec_outcomes},
    {"withdrawals", sec_withdrawals},
    {"funnel", sec_funnel},         {"funnel_reasons", sec_funnel_reasons}, {"funnel_days", sec_funnel_days},
};
const int report_nsections = (int)ARRAY_LEN(report_sections);

int sections_run(const sec_ctx_t *c, report_t *rep, sec_out_t *out, err_t *e)
{
    for (int i = 0; i < report_nsections; i++) {
        out[i].has_chart = false;
        memset(&out[i].chart, 0, sizeof out[i].chart);
        if (report_sections[i].fn(c, rep, &out[i].chart, &out[i].has_chart, e) < 0) return -1;
        out[i].table = report_table(rep, report_ntables(rep) - 1);
        if (out[i].has_chart && out[i].table) rep_table_set_chart(out[i].table, &out[i].chart);
    }
    return 0;
}

/* Does the letterhead already have this line (letter case aside)? */
static bool letterhead_has(const report_t *rep, const char *line)
{
    for (int i = 0; i < report_nletterhead(rep); i++)
        if (!strcasecmp(report_letterhead(rep, i), line)) return true;
    return false;
}

/* The name of the regional office (Kanwil) for the letterhead of the regional
 * report: the dated setting report.region_name when it is not empty, else
 * "Kantor Wilayah REGION" when every site uid sees (uid 0: every site) has the same
 * region (site.region), else "". Arena-owned; NULL with e set on error. */
static const char *region_name(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *date)
{
    const char *name = NULL;
    if (setting_get(db, e, a, "report.region_name", 0, date, false, &name) < 0) return NULL;
    if (name && *name) return name;
    const char **regions;
    int n = rs_regions(db, e, a, uid, &regions);
    if (n < 0) return NULL;
    const char *one = n ? regions[0] : NULL;
    if (n != 1 || !*one) return "";
    return arena_printf(a, "%s %s", _("Kantor Wilayah"), one);
}

report_t *report_monthly(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *month, const char *site_code,
                         sec_out_t *out)
{
    int32_t mi;
    if (!month || !date_parse_month(month, &mi))
        return err_set(e, 400, "bad_month", _("bulan harus ditulis YYYY-MM")), NULL;
    date_t from = date_month_first(mi), to = date_month_first(mi + 1) - 1;
    char today_s[11];
    today_iso(today_s);
    date_t today;
    if (!date_parse(today_s, &today)) today = to;
    struct sec_memo *memo = arena_alloc(a, sizeof *memo);
    memset(memo, 0, sizeof *memo);
    sec_ctx_t c = {db, a, uid, 0, from, to, to < today ? to : today, memo};
    const char *site_name = NULL, *addr = NULL, *head = "", *nip = "";
    if (site_code) {
        rs_site_head_t sh;
        if (rs_site_head(db, e, a, uid, site_code, &sh) < 0) return NULL;
        c.site_id = sh.id;
        if (sh.id) site_name = sh.name, addr = sh.address, head = sh.head_name, nip = sh.head_nip;
        if (!c.site_id) return err_set(e, 404, "not_found", _("lokasi %s tidak ditemukan"), site_code), NULL;
    }
    char to_s[DATE_ISO_LEN];
    date_format(to, to_s);
    static const char *const bulan[] = {N_("Januari"), N_("Februari"), N_("Maret"),     N_("April"),
                                        N_("Mei"),     N_("Juni"),     N_("Juli"),      N_("Agustus"),
                                        N_("September"), N_("Oktober"), N_("November"), N_("Desember")};
    int y, m, d;
    date_to_ymd(from, &y, &m, &d);
    report_t *rep = report_new(_("Laporan Bulanan Program Pelatihan Kerja WBP"));
    report_set_subtitle(rep, arena_printf(a, "%s %s %d%s%s", _("Bulan"), _(bulan[m - 1]), y,
                                          site_name ? " — " : _(" — semua lokasi"), site_name ? site_name : ""));
    for (int i = 1; i <= 9; i++) {
        const char *line;
        int rc = setting_get(db, e, a, arena_printf(a, "report.letterhead.%d", i), c.site_id, to_s, false, &line);
        if (rc < 0) goto fail;
        if (rc == 0) break;
        if (*line) report_add_letterhead(rep, line);
    }
    if (site_name) {
        report_add_letterhead(rep, site_name);
        if (addr && *addr) report_add_letterhead(rep, addr);
    } else {
        const char *kanwil = region_name(db, e, a, uid, to_s);
        if (!kanwil) goto fail;
        if (*kanwil && !letterhead_has(rep, kanwil)) report_add_letterhead(rep, kanwil);
    }
    if (sections_run(&c, rep, out, e) < 0) goto fail;
    const char *place = NULL, *pos = NULL;
    if (!site_name) {
        /* the regional report: signed by the Kanwil's official (issue 22), from the
         * report.region.signature.* settings, never by a site's head */
        const char *rname = NULL, *rnip = NULL;
        if (setting_get(db, e, a, "report.region.signature.place", 0, to_s, false, &place) < 0 ||
            setting_get(db, e, a, "report.region.signature.position", 0, to_s, false, &pos) < 0 ||
            setting_get(db, e, a, "report.region.signature.name", 0, to_s, false, &rname) < 0 ||
            setting_get(db, e, a, "report.region.signature.nip", 0, to_s, false, &rnip) < 0)
            goto fail;
        report_set_signature(rep, place ? place : "", today, pos && *pos ? pos : _("Kepala Kantor Wilayah"),
                             rname && *rname ? rname : "........................................", rnip ? rnip : "");
        return rep;
    }
    if (setting_get(db, e, a, "report.signature.place", c.site_id, to_s, false, &place) < 0 ||
        setting_get(db, e, a, "report.signature.position", c.site_id, to_s, false, &pos) < 0)
        goto fail;
    report_set_signature(rep, place ? place : "", today, pos ? pos : _("Kepala Lembaga Pemasyarakatan"),
                         head && *head ? head : "........................................", nip ? nip : "");
    return rep;
fail:
    report_free(rep);
    return NULL;
}
