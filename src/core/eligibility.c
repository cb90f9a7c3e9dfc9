/* eligibility.c — asimilasi requirements, each met / not met with its date. */
#include "eligibility.h"
#include <stdio.h>
#include <string.h>

static const char *const req_names[REQ__COUNT] = {
    "status_hukum",        "jenis_pidana",   "masa_pidana",          "masa_minimal", "berkelakuan_baik",
    "aktif_pembinaan",     "deradikalisasi", "denda_uang_pengganti", "dokumen_wna",
};
static const char *const req_labels[REQ__COUNT] = {
    N_("Status hukum"),          N_("Jenis pidana"),   N_("Masa pidana (1/2 atau 2/3)"),
    N_("Masa minimal menjalani pidana"), N_("Berkelakuan baik"), N_("Aktif mengikuti pembinaan"),
    N_("Deradikalisasi"),        N_("Denda dan uang pengganti"), N_("Dokumen WNA"),
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
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, n[i])) return i;
    return -1;
}

int sentence_kind_parse(const char *s)
{
    static const char *const n[] = {"pidana", "seumur_hidup", "mati"};
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, n[i])) return i;
    return -1;
}

/* Appends a requirement; met follows from met_from unless set explicitly later. */
static elig_req_t *add_req(elig_result_t *r, elig_req_code_t code, date_t met_from, date_t at)
{
    elig_req_t *q = &r->req[r->n++];
    memset(q, 0, sizeof *q);
    q->code = code;
    q->met_from = met_from;
    q->met = met_from != DATE_NONE && met_from <= at;
    q->d = DATE_NONE;
    return q;
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
    int level = 0;
    for (size_t i = 0; i < in->n_discipline; i++) {
        const elig_discipline_t *d = &in->discipline[i];
        if (d->cancelled || !(rs->blocking_levels & (1u << d->level))) continue;
        if (rs->register_f_only && !d->in_register_f) continue;
        date_t known = d->decision != DATE_NONE ? d->decision : d->punish_start;
        if (known == DATE_NONE || known > at) continue;
        date_t ref = d->punish_end != DATE_NONE ? d->punish_end : d->punish_start != DATE_NONE ? d->punish_start
                                                                                            : d->decision;
        if (last == DATE_NONE || ref > last) last = ref, level = (int)d->level;
    }
    if (last == DATE_NONE) {
        elig_req_t *q = add_req(r, REQ_BERKELAKUAN_BAIK, in->detention_start, at);
        q->met = true;
        q->a = t->months_no_discipline;
        return;
    }
    elig_req_t *q = add_req(r, REQ_BERKELAKUAN_BAIK, date_add_months(last, t->months_no_discipline), at);
    q->reason = 1;
    q->a = t->months_no_discipline;
    q->b = level;
    q->d = last;
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
    uint64_t good[WINDOW / 64] = {0}, badm[WINDOW / 64] = {0};
    int32_t cur = date_month_index(at);
    for (size_t i = 0; i < in->n_sppn; i++) {
        int32_t m = in->sppn[i].month;
        if (m >= cur || m < cur - WINDOW) continue;
        int32_t ix = cur - 1 - m;
        if (in->sppn[i].score >= rs->sppn_min_score) good[ix / 64] |= 1ull << (ix % 64);
        else badm[ix / 64] |= 1ull << (ix % 64);
    }
    int i0 = 0; /* months back (0 = last month) of the latest month that does not qualify */
    while (i0 < WINDOW && (good[i0 / 64] >> (i0 % 64) & 1) && !(badm[i0 / 64] >> (i0 % 64) & 1)) i0++;
    elig_req_t *q = add_req(r, REQ_AKTIF_PEMBINAAN, date_month_first(cur - i0 + k), at);
    q->reason = q->met ? 0 : 1;
    q->a = rs->sppn_min_score;
    q->b = k;
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
        return err_set(e, 500, "no_ruleset", "Tidak ada aturan asimilasi (%s) yang berlaku pada %s",
                       applies == APPLIES_ANAK ? "anak" : "dewasa", d);
    }
    r->rules = rs;
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
        q->met = true;
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
    int data = 0; /* 0 ok, 1 missing, 2 life/death, 3 remisi too large */
    if (in->kind != SENTENCE_PIDANA) data = 2;
    else if (in->detention_start == DATE_NONE || period_is_zero(&in->term)) data = 1;
    else if (sentence_dates(&s, &r->dates, NULL) < 0) data = 3;
    r->has_dates = data == 0;

    /* masa_pidana: the track's fraction date (left out when the fraction is 0) */
    if (t->frac_p > 0 || data != 0) {
        if (data == 0) r->fraction_date = sentence_fraction(&s, t->frac_p, t->frac_q);
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

void elig_req_detail(const elig_result_t *r, const elig_req_t *q, date_t at, char *buf, size_t n)
{
    char d1[DATE_LONG_LEN], d2[DATE_LONG_LEN];
    date_format_long_ui(q->met_from, d1);
    date_format_long_ui(q->d, d2);
    static const char *const nodata[] = {
        "", N_("masa pidana atau tanggal mulai penahanan belum dicatat"),
        N_("pidana seumur hidup atau mati tidak mempunyai tanggal"), N_("jumlah remisi melebihi masa pidana")};
    switch (q->code) {
    case REQ_STATUS_HUKUM: {
        static const char *const t[] = {
            N_("Berstatus narapidana (putusan telah berkekuatan hukum tetap)."),
            N_("Berstatus anak binaan; berlaku aturan asimilasi untuk anak."),
            N_("Masih berstatus tahanan (belum ada putusan berkekuatan hukum tetap): tidak dapat diberi asimilasi."),
            N_("Berstatus tahanan; aturan yang berlaku tidak mengecualikan tahanan."),
            N_("Tidak sedang berada di dalam Lapas (bebas atau pindah).")};
        snprintf(buf, n, "%s", _(t[q->reason]));
        break;
    }
    case REQ_JENIS_PIDANA: {
        static const char *const t[] = {
            N_("Pidana penjara waktu tertentu."),
            N_("Pidana seumur hidup dikecualikan dari asimilasi (UU 22/2022 Pasal 10 ayat 4)."),
            N_("Pidana mati dikecualikan dari asimilasi (UU 22/2022 Pasal 10 ayat 4)."),
            N_("Pidana seumur hidup; aturan yang berlaku tidak mengecualikannya."),
            N_("Pidana mati; aturan yang berlaku tidak mengecualikannya.")};
        snprintf(buf, n, "%s", _(t[q->reason]));
        break;
    }
    case REQ_MASA_PIDANA:
        if (q->reason) snprintf(buf, n, _("Tanggal %d/%d masa pidana tidak dapat dihitung: %s."), q->a, q->b, _(nodata[q->reason]));
        else snprintf(buf, n, _("%d/%d masa pidana %s %s."), q->a, q->b, when(q->met_from, at), d1);
        break;
    case REQ_MASA_MINIMAL:
        if (q->reason) snprintf(buf, n, _("Tanggal menjalani %d bulan pidana tidak dapat dihitung: %s."), q->a, _(nodata[q->reason]));
        else snprintf(buf, n, _("Masa menjalani pidana paling sedikit %d bulan %s %s."), q->a, when(q->met_from, at), d1);
        break;
    case REQ_BERKELAKUAN_BAIK:
        if (!q->reason)
            snprintf(buf, n, _("Tidak ada hukuman disiplin yang menghalangi asimilasi dalam %d bulan terakhir."), q->a);
        else
            snprintf(buf, n, _("Hukuman disiplin %s%s terakhir berakhir %s; %d bulan tanpa hukuman disiplin %s %s."),
                     disc_level_word((discipline_level_t)q->b),
                     r->rules && r->rules->register_f_only ? " (Register F)" : "", d2, q->a, when(q->met_from, at), d1);
        break;
    case REQ_AKTIF_PEMBINAAN:
        if (q->reason == 2) snprintf(buf, n, _("Aturan yang berlaku tidak mensyaratkan nilai SPPN."));
        else if (q->met)
            snprintf(buf, n, _("Aktif mengikuti pembinaan: nilai SPPN %d bulan terakhir masing-masing paling sedikit %d "
                     "(terpenuhi sejak %s)."), q->b, q->a, d1);
        else
            snprintf(buf, n, _("Nilai SPPN %d bulan terakhir belum semuanya paling sedikit %d; paling cepat terpenuhi "
                     "%s bila nilai bulan-bulan berikutnya mencukupi."), q->b, q->a, d1);
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
    default:
        snprintf(buf, n, "?");
    }
}
