/* eligibility.c — asimilasi requirements, each met / not met with its date. */
#include "eligibility.h"
#include <stdio.h>
#include <string.h>

static const char *const req_names[REQ__COUNT] = {
    "status_hukum",        "jenis_pidana",   "masa_pidana",          "masa_minimal", "berkelakuan_baik",
    "aktif_pembinaan",     "deradikalisasi", "denda_uang_pengganti", "dokumen_wna", "keselamatan",
};
static const char *const req_labels[REQ__COUNT] = {
    N_("Status hukum"),          N_("Jenis pidana"),   N_("Masa pidana (1/2 atau 2/3)"),
    N_("Masa minimal menjalani pidana"), N_("Berkelakuan baik"), N_("Aktif mengikuti pembinaan"),
    N_("Deradikalisasi"),        N_("Denda dan uang pengganti"), N_("Dokumen WNA"),
    N_("Keselamatan tidak terancam"),
};

const char *elig_req_code_name(elig_req_code_t c)
{
    return (unsigned)c < REQ__COUNT ? req_names[c] : "?";
}
const char *elig_req_label(elig_req_code_t c)
{
    return (unsigned)c < REQ__COUNT ? _(req_labels[c]) : "?";
}


int legal_class_parse(const char *s)
{
    static const char *const n[] = {"narapidana", "tahanan", "anak"};
    return str_index(n, 3, s);
}

int sentence_kind_parse(const char *s)
{
    static const char *const n[] = {"pidana", "seumur_hidup", "mati"};
    return str_index(n, 3, s);
}

/* Appends a requirement; met follows from met_from unless set explicitly later. */
static elig_req_t *add_req(elig_result_t *r, elig_req_code_t code, date_t met_from, date_t at)
{
    elig_req_t *q = &r->req[r->n++];
    memset(q, 0, sizeof *q);
    q->code = code;
    q->met_from = met_from;
    q->met = met_from != DATE_NONE && met_from <= at;
    q->d = q->d0 = DATE_NONE;
    return q;
}

bool elig_form_allowed(const elig_result_t *r, usulan_form_t f)
{
    if (!r->rules || (unsigned)f >= USL_FORM__COUNT) return false;
    const rule_track_t *t = r->special ? &r->rules->special : &r->rules->general;
    return (t->forms >> f) & 1u;
}

static bool is_special(const ruleset_t *rs, const elig_input_t *in)
{
    if (!(rs->special_categories & (1u << in->crime))) return false;
    if (in->crime != CRIME_NARKOTIKA) return true;
    if (in->kind != SENTENCE_PIDANA) return true;
    return period_sentence_days(&in->term) >= 30 * (int64_t)rs->narkotika_min_sentence_months;
}

/* Good conduct: the latest blocking punishment + N months. */
static void good_conduct(const ruleset_t *rs, const rule_track_t *t, const elig_input_t *in, date_t at,
                         elig_result_t *r)
{
    date_t last = DATE_NONE;
    const elig_discipline_t *which = NULL;
    for (size_t i = 0; i < in->n_discipline; i++) {
        const elig_discipline_t *d = &in->discipline[i];
        if (d->cancelled || !(rs->blocking_levels & (1u << d->level))) continue;
        /* a heavy punishment is recorded in Register F (Permenkumham 6/2013), ticked or not */
        if (rs->register_f_only && !d->in_register_f && d->level != DISC_BERAT) continue;
        date_t known = d->decision != DATE_NONE ? d->decision : d->punish_start;
        if (known == DATE_NONE || known > at) continue;
        date_t ref = d->punish_end != DATE_NONE ? d->punish_end : d->punish_start != DATE_NONE ? d->punish_start
                                                                                            : d->decision;
        if (last == DATE_NONE || ref > last) last = ref, which = d;
    }
    if (last == DATE_NONE) {
        elig_req_t *q = add_req(r, REQ_BERKELAKUAN_BAIK, in->detention_start, at);
        if (in->detention_start == DATE_NONE) q->met = true;
        q->a = t->months_no_discipline;
        return;
    }
    elig_req_t *q = add_req(r, REQ_BERKELAKUAN_BAIK, date_add_months(last, t->months_no_discipline), at);
    q->reason = 1;
    q->a = t->months_no_discipline;
    q->b = (int)which->level;
    q->d = last;
    q->d0 = which->punish_start != DATE_NONE ? which->punish_start : which->decision;
    snprintf(r->offence, sizeof r->offence, "%s", which->offence ? which->offence : "");
}

/* SPPN: the K full months before the month of X each scored >= threshold. */
static void coaching(const ruleset_t *rs, const elig_input_t *in, date_t at, elig_result_t *r)
{
    enum { WINDOW = 256 };
    int k = rs->sppn_months;
    if (k <= 0) {
        elig_req_t *q = add_req(r, REQ_AKTIF_PEMBINAAN, DATE_NONE, at);
        q->met = true;
        q->reason = 2;
        return;
    }
    /* per month back (0 = last month): scored well, scored low, attended enough */
    uint64_t good[WINDOW / 64] = {0}, badm[WINDOW / 64] = {0}, att[WINDOW / 64] = {0};
    int32_t cur = date_month_index(at);
    for (size_t i = 0; i < in->n_sppn; i++) {
        int32_t m = in->sppn[i].month;
        if (m >= cur || m < cur - WINDOW) continue;
        int32_t ix = cur - 1 - m;
        if (in->sppn[i].score >= rs->sppn_min_score) good[ix / 64] |= 1ull << (ix % 64);
        else badm[ix / 64] |= 1ull << (ix % 64);
    }
    bool used_attendance = false;
    for (size_t i = 0; rs->attendance_counts && i < in->n_attendance; i++) {
        const elig_attendance_t *x = &in->attendance[i];
        if (x->month >= cur || x->month < cur - WINDOW || x->total <= 0) continue;
        if ((int64_t)x->present * 100 < (int64_t)rs->attendance_min_percent * x->total) continue;
        int32_t ix = cur - 1 - x->month;
        att[ix / 64] |= 1ull << (ix % 64);
    }
#define BIT(a, i) ((a)[(i) / 64] >> ((i) % 64) & 1)
    int i0 = 0; /* months back (0 = last month) of the latest month that does not qualify */
    while (i0 < WINDOW && ((BIT(good, i0) && !BIT(badm, i0)) || BIT(att, i0))) i0++;
    /* the window's months that do not qualify: no score at all, or a low one */
    for (int ix = k - 1; ix >= 0 && ix < WINDOW; ix--) {
        bool ok = (BIT(good, ix) && !BIT(badm, ix)) || BIT(att, ix);
        if (BIT(att, ix) && !(BIT(good, ix) && !BIT(badm, ix))) used_attendance = true;
        if (ok) continue;
        if ((BIT(good, ix) || BIT(badm, ix)) && r->n_low < ELIG_MAX_MONTHS) r->low[r->n_low++] = cur - 1 - ix;
        else if (!BIT(good, ix) && !BIT(badm, ix) && r->n_missing < ELIG_MAX_MONTHS)
            r->missing[r->n_missing++] = cur - 1 - ix;
    }
#undef BIT
    elig_req_t *q = add_req(r, REQ_AKTIF_PEMBINAAN, date_month_first(cur - i0 + k), at);
    q->reason = q->met ? (used_attendance ? 3 : 0) : 1;
    q->a = rs->sppn_min_score;
    q->b = k;
    q->d0 = rs->attendance_counts ? rs->attendance_min_percent : -1;
}

/* The corrections in force on `at`: each replaces its date while the inputs are
 * those it was recorded with, else it has lapsed (datecorr.h). */
static void apply_corrections(const elig_input_t *in, date_t at, const sentence_t *s, elig_result_t *r)
{
    r->frac_corr = -1;
    if (r->has_dates) datecorr_fingerprint(s, r->inputs);
    date_t *dates[DC__COUNT] = {&r->dates.expiry, &r->dates.half, &r->dates.two_thirds};
    for (int k = 0; k < DC__COUNT; k++) {
        const elig_correction_t *c = NULL;
        for (size_t i = 0; i < in->n_corr; i++) {
            const elig_correction_t *x = &in->corr[i];
            if ((int)x->kind != k || !datecorr_in_force(x->from, x->until, at)) continue;
            if (!c || x->from > c->from || (x->from == c->from && x->id > c->id)) c = x;
        }
        if (!c) continue;
        elig_corr_t *o = &r->corr[k];
        o->id = c->id;
        o->corrected = c->date;
        o->computed = r->has_dates ? *dates[k] : DATE_NONE;
        snprintf(o->reason, sizeof o->reason, "%s", c->reason ? c->reason : "");
        snprintf(o->inputs, sizeof o->inputs, "%s", c->inputs ? c->inputs : "");
        o->cause = r->has_dates ? datecorr_diff(c->inputs, r->inputs) : DCX_NODATES;
        if (o->cause) {
            o->state = ELIG_CORR_LAPSED;
            continue;
        }
        o->state = ELIG_CORR_APPLIED;
        *dates[k] = c->date;
    }
}

bool elig_corrected(const elig_result_t *r)
{
    for (int k = 0; k < DC__COUNT; k++)
        if (r->corr[k].state == ELIG_CORR_APPLIED) return true;
    return false;
}

void elig_corr_note(const elig_result_t *r, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < DC__COUNT && k < n; i++)
        if (r->corr[i].state == ELIG_CORR_APPLIED)
            k += (size_t)snprintf(buf + k, n - k, _("%s%s dikoreksi: %s"), k ? "; " : "", datecorr_kind_label((datecorr_kind_t)i),
                                  r->corr[i].reason);
}

int elig_evaluate(const ruleset_t *sets, size_t nsets, const elig_input_t *in, date_t at, elig_result_t *r,
                  err_t *e)
{
    memset(r, 0, sizeof *r);
    r->eligible_from = DATE_NONE;
    r->fraction_date = DATE_NONE;
    r->dates.expiry = r->dates.half = r->dates.two_thirds = DATE_NONE;
    rule_applies_t applies = in->legal_class == LEGAL_ANAK ? APPLIES_ANAK : APPLIES_DEWASA;
    const ruleset_t *rs = ruleset_pick(sets, nsets, applies, at);
    if (!rs) {
        char d[DATE_ISO_LEN];
        date_format(at, d);
        /* a date before every rule set: the date asked for is wrong, not the server */
        return err_set(e, 422, "no_ruleset", "Tidak ada aturan asimilasi (%s) yang berlaku pada %s",
                       applies == APPLIES_ANAK ? "anak" : "dewasa", d);
    }
    r->rules = rs;
    r->crime = in->crime;
    r->kind = in->kind;
    r->special = is_special(rs, in);
    const rule_track_t *t = r->special ? &rs->special : &rs->general;

    /* status_hukum: convicted, in custody */
    elig_req_t *q = add_req(r, REQ_STATUS_HUKUM, DATE_NONE, at);
    if (!in->in_custody) q->reason = 4;
    else if (in->legal_class == LEGAL_TAHANAN) q->reason = rs->exclude_remand ? 2 : 3;
    else q->reason = in->legal_class == LEGAL_ANAK ? 1 : 0;
    q->met = q->reason != 4 && q->reason != 2;

    /* jenis_pidana: life and death are excluded */
    q = add_req(r, REQ_JENIS_PIDANA, DATE_NONE, at);
    if (in->kind == SENTENCE_PIDANA) {
        q->met_from = in->detention_start;
        q->met = in->detention_start == DATE_NONE || in->detention_start <= at;
    } else {
        q->reason = in->kind == SENTENCE_SEUMUR_HIDUP ? 1 : 2;
        bool excluded = in->kind == SENTENCE_SEUMUR_HIDUP ? rs->exclude_life : rs->exclude_death;
        q->met = !excluded;
        if (!excluded) q->reason += 2;
    }

    /* the sentence and its dates, with the remisi granted up to `at` */
    sentence_t s = {in->detention_start, in->term, {0, 0, 0}, {0, 0, 0}, in->uncounted_days, rs->method};
    if (!in->fine_paid) s.subsider = in->subsider;
    if (in->kind == SENTENCE_PIDANA)
        for (size_t i = 0; i < in->n_remisi; i++)
            if (in->remisi[i].granted == DATE_NONE || in->remisi[i].granted <= at)
                s.remisi = period_add(s.remisi, in->remisi[i].amount);
    r->remisi_total = s.remisi;
    r->sentence = s;
    int data = 0; /* 0 ok, 1 missing, 2 life/death, 3 remisi too large, 4 remand: no verdict yet */
    if (in->kind != SENTENCE_PIDANA) data = 2;
    else if (in->legal_class == LEGAL_TAHANAN) data = 4;
    else if (in->detention_start == DATE_NONE || period_is_zero(&in->term)) data = 1;
    else if (sentence_dates(&s, &r->dates, NULL) < 0) data = 3;
    r->has_dates = data == 0;
    apply_corrections(in, at, &s, r);

    /* masa_pidana: the track's fraction date (left out when the fraction is 0) */
    if (t->frac_p > 0 || data != 0) {
        if (data == 0) r->fraction_date = sentence_fraction(&s, t->frac_p, t->frac_q);
        /* a corrected 1/2 or 2/3 is the track's fraction date when it is that fraction */
        int fk = t->frac_q == 2 * t->frac_p ? DC_HALF : 3 * t->frac_p == 2 * t->frac_q ? DC_TWO_THIRDS : -1;
        if (data == 0 && fk >= 0 && r->corr[fk].state == ELIG_CORR_APPLIED) {
            r->fraction_date = r->corr[fk].corrected;
            r->frac_corr = fk;
        }
        q = add_req(r, REQ_MASA_PIDANA, r->fraction_date, at);
        q->reason = data;
        q->a = t->frac_p;
        q->b = t->frac_q;
    }
    /* masa_minimal: months actually served */
    if (t->min_months_served > 0) {
        q = add_req(r, REQ_MASA_MINIMAL,
                    data == 0 ? sentence_served_months_date(&s, t->min_months_served) : DATE_NONE, at);
        q->reason = data;
        q->a = t->min_months_served;
    }
    good_conduct(rs, t, in, at, r);
    coaching(rs, in, at, r);
    if (in->crime == CRIME_TERORISME && rs->terorisme_deradicalisation) {
        q = add_req(r, REQ_DERADIKALISASI, DATE_NONE, at);
        q->met = in->deradicalised;
    }
    if (in->crime == CRIME_KORUPSI && rs->korupsi_fine_restitution) {
        q = add_req(r, REQ_DENDA_UANG_PENGGANTI, DATE_NONE, at);
        q->reason = (in->fine_paid ? 0 : 1) | (in->restitution_paid ? 0 : 2);
        q->met = q->reason == 0;
    }
    if (in->foreign && rs->wna_documents) {
        q = add_req(r, REQ_DOKUMEN_WNA, DATE_NONE, at);
        q->met = in->foreign_docs;
    }
    /* the safety-threatened exclusion: a dated record, in force on `at` */
    if (rs->exclude_threatened && in->threatened_from != DATE_NONE && in->threatened_from <= at &&
        (in->threatened_until == DATE_NONE || in->threatened_until > at)) {
        q = add_req(r, REQ_KESELAMATAN, in->threatened_until, at);
        q->met = false;
        q->d0 = in->threatened_from;
        snprintf(r->threat_basis, sizeof r->threat_basis, "%s", in->threatened_basis ? in->threatened_basis : "");
    }

    /* overall: all met; eligible_from = the latest met_from, none if an unmet
     * requirement has no date or it falls on/after the expiry */
    bool all = true, foreseeable = true;
    date_t from = DATE_NONE;
    for (int i = 0; i < r->n; i++) {
        all = all && r->req[i].met;
        if (!r->req[i].met && r->req[i].met_from == DATE_NONE) foreseeable = false;
        if (r->req[i].met_from != DATE_NONE && (from == DATE_NONE || r->req[i].met_from > from))
            from = r->req[i].met_from;
    }
    if (!foreseeable || (r->has_dates && from != DATE_NONE && from >= r->dates.expiry)) from = DATE_NONE;
    r->eligible_from = from;
    r->eligible = all && (!r->has_dates || at < r->dates.expiry) && (from == DATE_NONE || from <= at);
    if (all && from == DATE_NONE && r->has_dates) r->eligible = false;
    return 0;
}

/* The level of a disciplinary punishment as a word of the sentence ("berat"). */
static const char *disc_level_word(discipline_level_t l)
{
    static const char *const w[] = {N_("ringan"), N_("sedang"), N_("berat")};
    return (unsigned)l < ARRAY_LEN(w) && (unsigned)l < DISC__COUNT ? _(w[l]) : discipline_level_name(l);
}

/* "tercapai pada 12 Maret 2025" / "akan tercapai pada ..." */
static const char *when(date_t d, date_t at)
{
    return d <= at ? _("tercapai pada") : _("akan tercapai pada");
}

/* "9 th 6 bl", "78 bl 20 hr", "0 bl 0 hr" (zero parts left out unless all are zero:
 * then "0 bl 0 hr"). */
static void period_short(const period_t *p, char *out, size_t n)
{
    if (period_is_zero(p)) {
        snprintf(out, n, _("0 bl 0 hr"));
        return;
    }
    size_t k = 0;
    out[0] = 0;
    if (p->years && k < n) k += (size_t)snprintf(out + k, n - k, _("%d th"), p->years);
    if (p->months && k < n) k += (size_t)snprintf(out + k, n - k, _("%s%d bl"), k ? " " : "", p->months);
    if (p->days && k < n) snprintf(out + k, n - k, _("%s%d hr"), k ? " " : "", p->days);
}

/* "Maret 2021" from a month index (the long date of its first day without the day). */
static void month_word(int32_t m, char out[DATE_LONG_LEN])
{
    char d[DATE_LONG_LEN];
    date_format_long_ui(date_month_first(m), d);
    const char *sp = strchr(d, ' ');
    snprintf(out, DATE_LONG_LEN, "%s", sp ? sp + 1 : d);
}

/* Appends the months ms[0..n) as words ("Januari 2021, Februari 2021"). */
static size_t months_list(const int32_t *ms, int n, char *buf, size_t cap)
{
    size_t k = 0;
    for (int i = 0; i < n && k < cap; i++) {
        char w[DATE_LONG_LEN];
        month_word(ms[i], w);
        k += (size_t)snprintf(buf + k, cap - k, "%s%s", i ? ", " : "", w);
    }
    return k < cap ? k : cap - 1;
}

/* The track's reason: "(tindak pidana khusus: narkotika ≥ 5 tahun)" / "(tindak pidana umum)". */
static void track_words(const elig_result_t *r, char *out, size_t n)
{
    if (!r->special) {
        snprintf(out, n, "%s", _("tindak pidana umum"));
        return;
    }
    const char *c = crime_category_name(r->crime);
    if (r->crime == CRIME_NARKOTIKA) {
        int m = r->rules->narkotika_min_sentence_months;
        if (m % 12 == 0) snprintf(out, n, _("tindak pidana khusus: %s ≥ %d tahun"), c, m / 12);
        else snprintf(out, n, _("tindak pidana khusus: %s ≥ %d bulan"), c, m);
    } else
        snprintf(out, n, _("tindak pidana khusus: %s"), c);
}

/* The fraction date with its arithmetic: "2/3 × (9 th 6 bl + subsider 4 bl) = 78 bl
 * 20 hr sejak 10 Januari 2021, dikurangi remisi 0 bl 0 hr → 30 Juli 2027 (tindak
 * pidana khusus: narkotika ≥ 5 tahun)". */
static void fraction_text(const elig_result_t *r, const elig_req_t *q, date_t at, char *buf, size_t n)
{
    const sentence_t *s = &r->sentence;
    char term[48], sub[64] = "", part[48], rem[48], start[DATE_LONG_LEN], end[DATE_LONG_LEN], track[96], unc[64] = "";
    period_short(&s->term, term, sizeof term);
    if (!period_is_zero(&s->subsider)) {
        char t[48];
        period_short(&s->subsider, t, sizeof t);
        snprintf(sub, sizeof sub, _(" + subsider %s"), t);
    }
    if (s->method == DATE_METHOD_BULAN_HARI) {
        int64_t days = 30 * (int64_t)(period_total_months(&s->term) + period_total_months(&s->subsider)) + s->term.days +
                       s->subsider.days;
        int64_t f = q->b ? (q->a * days + q->b - 1) / q->b : 0;
        period_t fp = {0, (int32_t)(f / 30), (int32_t)(f % 30)};
        snprintf(part, sizeof part, _("%d bl %d hr"), fp.months, fp.days);
    } else {
        sentence_t whole = *s;
        whole.remisi = (period_t){0, 0, 0};
        whole.uncounted_days = 0;
        int64_t b = sentence_expiry(&whole) - s->start;
        snprintf(part, sizeof part, _("%lld hari"), (long long)(q->b ? (q->a * b + q->b - 1) / q->b : 0));
    }
    period_t rm = s->remisi;
    snprintf(rem, sizeof rem, _("%d bl %d hr"), period_total_months(&rm), rm.days);
    if (s->uncounted_days) snprintf(unc, sizeof unc, _(", ditambah %d hari tidak terhitung"), (int)s->uncounted_days);
    date_format_long_ui(s->start, start);
    date_format_long_ui(q->met_from, end);
    track_words(r, track, sizeof track);
    snprintf(buf, n, _("%d/%d masa pidana %s %s: %d/%d × (%s%s) = %s sejak %s, dikurangi remisi %s%s → %s (%s)."), q->a,
             q->b, when(q->met_from, at), end, q->a, q->b, term, sub, part, start, rem, unc, end, track);
}

void elig_req_detail(const elig_result_t *r, const elig_req_t *q, date_t at, char *buf, size_t n)
{
    char d1[DATE_LONG_LEN], d2[DATE_LONG_LEN], d0[DATE_LONG_LEN];
    date_format_long_ui(q->met_from, d1);
    date_format_long_ui(q->d, d2);
    date_format_long_ui(q->d0, d0);
    const char *basis = r->rules && r->rules->basis[0] ? r->rules->basis : "";
    static const char *const nodata[] = {
        "", N_("masa pidana atau tanggal mulai penahanan belum dicatat"),
        N_("pidana seumur hidup atau mati tidak mempunyai tanggal"), N_("jumlah remisi melebihi masa pidana"),
        N_("belum ada putusan (masih tahanan)")};
    switch (q->code) {
    case REQ_STATUS_HUKUM:
        if (q->reason == 1 && r->rules && !r->rules->confirmed)
            snprintf(buf, n, _("Berstatus anak binaan; berlaku aturan asimilasi untuk anak (%s), yang BELUM "
                               "DIKONFIRMASI: ambang untuk anak belum dipastikan dari sumber resmi."),
                     r->rules->code);
        else {
            static const char *const t[] = {
                N_("Berstatus narapidana (putusan telah berkekuatan hukum tetap)."),
                N_("Berstatus anak binaan; berlaku aturan asimilasi untuk anak."),
                N_("Masih berstatus tahanan: belum ada putusan berkekuatan hukum tetap, sehingga tidak dapat diberi "
                   "asimilasi."),
                N_("Berstatus tahanan (belum ada putusan); aturan yang berlaku tidak mengecualikan tahanan."),
                N_("Tidak sedang berada di dalam Lapas (bebas atau pindah).")};
            snprintf(buf, n, "%s", _(t[q->reason]));
        }
        break;
    case REQ_JENIS_PIDANA:
        if (q->reason == 1) snprintf(buf, n, _("Pidana seumur hidup dikecualikan dari asimilasi (%s)."), basis);
        else if (q->reason == 2) snprintf(buf, n, _("Pidana mati dikecualikan dari asimilasi (%s)."), basis);
        else {
            static const char *const t[] = {N_("Pidana penjara waktu tertentu."), "", "",
                                            N_("Pidana seumur hidup; aturan yang berlaku tidak mengecualikannya."),
                                            N_("Pidana mati; aturan yang berlaku tidak mengecualikannya.")};
            snprintf(buf, n, "%s", _(t[q->reason]));
        }
        break;
    case REQ_MASA_PIDANA:
        if (q->reason) snprintf(buf, n, _("Tanggal %d/%d masa pidana tidak dapat dihitung: %s."), q->a, q->b, _(nodata[q->reason]));
        else if (r->frac_corr >= 0) {
            const elig_corr_t *c = &r->corr[r->frac_corr];
            char was[DATE_LONG_LEN];
            date_format_long_ui(c->computed, was);
            snprintf(buf, n, _("%d/%d masa pidana %s %s: tanggal dikoreksi (%s); hitungan Bekal %s."), q->a, q->b,
                     when(q->met_from, at), d1, c->reason, was);
        } else fraction_text(r, q, at, buf, n);
        break;
    case REQ_MASA_MINIMAL:
        if (q->reason) snprintf(buf, n, _("Tanggal menjalani %d bulan pidana tidak dapat dihitung: %s."), q->a, _(nodata[q->reason]));
        else {
            char start[DATE_LONG_LEN];
            date_format_long_ui(r->sentence.start, start);
            snprintf(buf, n, _("Masa menjalani pidana paling sedikit %d bulan %s %s (%s + %d bulan%s)."), q->a,
                     when(q->met_from, at), d1, start, q->a,
                     r->sentence.uncounted_days ? _(" + hari tidak terhitung") : "");
        }
        break;
    case REQ_BERKELAKUAN_BAIK:
        if (!q->reason)
            snprintf(buf, n, _("Tidak ada hukuman disiplin yang menghalangi asimilasi dalam %d bulan terakhir."), q->a);
        else {
            char what[200] = "";
            if (r->offence[0]) snprintf(what, sizeof what, " (%s)", r->offence);
            char span[2 * DATE_LONG_LEN + 16];
            if (q->d0 != DATE_NONE && q->d0 != q->d) snprintf(span, sizeof span, _("%s s.d. %s"), d0, d2);
            else snprintf(span, sizeof span, "%s", d2);
            snprintf(buf, n, _("Hukuman disiplin %s%s, %s (Register F); %d bulan tanpa hukuman disiplin %s %s."),
                     disc_level_word((discipline_level_t)q->b), what, span, q->a, when(q->met_from, at), d1);
        }
        break;
    case REQ_AKTIF_PEMBINAAN:
        if (q->reason == 2) snprintf(buf, n, _("Aturan yang berlaku tidak mensyaratkan nilai SPPN."));
        else if (q->met && q->reason == 3)
            snprintf(buf, n, _("Aktif mengikuti pembinaan: %d bulan terakhir masing-masing bernilai SPPN paling sedikit %d "
                               "atau hadir paling sedikit %d%% dalam program (terpenuhi sejak %s)."),
                     q->b, q->a, q->d0, d1);
        else if (q->met)
            snprintf(buf, n, _("Aktif mengikuti pembinaan: nilai SPPN %d bulan terakhir masing-masing paling sedikit %d "
                     "(terpenuhi sejak %s)."), q->b, q->a, d1);
        else {
            char miss[400] = "", low[400] = "";
            if (r->n_missing) {
                char l[360];
                months_list(r->missing, r->n_missing, l, sizeof l);
                snprintf(miss, sizeof miss, _(" Belum dinilai: %s."), l);
            }
            if (r->n_low) {
                char l[360];
                months_list(r->low, r->n_low, l, sizeof l);
                snprintf(low, sizeof low, _(" Nilai kurang dari %d: %s."), q->a, l);
            }
            if (q->d0 >= 0)
                snprintf(buf, n, _("Syarat aktif pembinaan (%d bulan terakhir: nilai SPPN paling sedikit %d atau hadir "
                                   "paling sedikit %d%% dalam program) belum terpenuhi.%s%s Paling cepat %s bila "
                                   "bulan-bulan berikutnya mencukupi."),
                         q->b, q->a, q->d0, miss, low, d1);
            else
                snprintf(buf, n, _("Syarat aktif pembinaan (%d bulan terakhir: nilai SPPN paling sedikit %d) belum "
                                   "terpenuhi.%s%s Paling cepat %s bila bulan-bulan berikutnya mencukupi."),
                         q->b, q->a, miss, low, d1);
        }
        break;
    case REQ_DERADIKALISASI:
        snprintf(buf, n, "%s", q->met ? _("Telah mengikuti program deradikalisasi dan menyatakan ikrar setia kepada NKRI.")
                                      : _("Belum tercatat telah mengikuti program deradikalisasi dan ikrar setia "
                                          "kepada NKRI (syarat tindak pidana terorisme)."));
        break;
    case REQ_DENDA_UANG_PENGGANTI: {
        static const char *const t[] = {N_("Denda dan uang pengganti telah dibayar lunas."),
                                        N_("Denda belum dibayar lunas (syarat tindak pidana korupsi)."),
                                        N_("Uang pengganti belum dibayar lunas (syarat tindak pidana korupsi)."),
                                        N_("Denda dan uang pengganti belum dibayar lunas (syarat tindak pidana korupsi).")};
        snprintf(buf, n, "%s", _(t[q->reason & 3]));
        break;
    }
    case REQ_DOKUMEN_WNA:
        snprintf(buf, n, "%s", q->met ? _("Warga negara asing: jaminan kedutaan besar/konsulat dan surat keterangan "
                                          "imigrasi telah dilengkapi.")
                                      : _("Warga negara asing: perlu jaminan dari kedutaan besar/konsulat dan surat "
                                          "keterangan dari imigrasi."));
        break;
    case REQ_KESELAMATAN:
        if (q->met_from != DATE_NONE)
            snprintf(buf, n, _("Keselamatan WBP tercatat terancam sejak %s sampai %s (dasar: %s); dikecualikan dari "
                               "asimilasi selama itu (%s)."),
                     d0, d1, r->threat_basis[0] ? r->threat_basis : "-", basis);
        else
            snprintf(buf, n, _("Keselamatan WBP tercatat terancam sejak %s (dasar: %s); dikecualikan dari asimilasi "
                               "(%s)."),
                     d0, r->threat_basis[0] ? r->threat_basis : "-", basis);
        break;
    default:
        snprintf(buf, n, "?");
    }
}
