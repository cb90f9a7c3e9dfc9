/* reconcile.c — Bekal's sentence dates against an SDP export (see reconcile.h). */
#include "reconcile.h"
#include "rulefile.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const col_keys[RCOL__COUNT] = {"regno", "name", "expiry", "half", "two_thirds", "remisi_total"};

const char *recon_col_key(recon_col_t c) { return c < RCOL__COUNT ? col_keys[c] : "?"; }

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan rekonsiliasi SDP tidak sah: kunci \"%s\" %s"), key, why);
}

/* Lower case; runs of space . / - _ become one '_'; surrounding blanks dropped. */
static void fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        bool sep = c == ' ' || c == '.' || c == '/' || c == '-' || c == '_';
        if (sep && n > 0 && out[n - 1] == '_') continue;
        out[n++] = sep ? '_' : (char)tolower(c);
    }
    while (n > 0 && out[n - 1] == '_') n--;
    out[n] = 0;
}

int recon_rules_from_json(json_t *root, recon_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"method_tolerance_days", "columns", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_open_ruleset(root, RULES_KIND_RECON, keys, r->code, sizeof r->code, &r->effective_from, e) < 0 ||
        rf_int(root, "method_tolerance_days", "method_tolerance_days", 0, 31, &r->tolerance_days, "invalid_ruleset", e) < 0)
        return -1;
    const char *k;
    json_t *v;
    json_t *cols = json_object_get(root, "columns");
    if (!json_is_object(cols)) return bad(e, "columns", _("harus objek nama kolom"));
    json_object_foreach(cols, k, v) {
        int c = -1;
        for (int i = 0; i < RCOL__COUNT; i++)
            if (!strcmp(k, col_keys[i])) c = i;
        if (c < 0) return bad(e, k, _("bukan kolom yang dikenal"));
        if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > RECON_MAX_ALIASES)
            return bad(e, k, _("harus daftar 1 sampai 12 nama kolom"));
        for (size_t i = 0; i < json_array_size(v); i++) {
            const char *s = json_string_value(json_array_get(v, i));
            if (!s || !*s || strlen(s) >= RECON_ALIAS_LEN) return bad(e, k, _("harus daftar nama kolom pendek"));
            fold(s, r->aliases[c][r->naliases[c]++], RECON_ALIAS_LEN);
        }
    }
    if (!r->naliases[RCOL_REGNO]) return bad(e, "columns.regno", _("wajib ada"));
    return 0;
}

int recon_map_header(const recon_rules_t *r, const char *const *hdr, int n, int map[RCOL__COUNT], err_t *e)
{
    for (int c = 0; c < RCOL__COUNT; c++) map[c] = -1;
    for (int i = 0; i < n; i++) {
        char f[RECON_ALIAS_LEN];
        fold(hdr[i], f, sizeof f);
        for (int c = 0; c < RCOL__COUNT; c++)
            for (int j = 0; j < r->naliases[c] && map[c] < 0; j++)
                if (!strcmp(f, r->aliases[c][j])) map[c] = i;
    }
    if (map[RCOL_REGNO] >= 0 && (map[RCOL_EXPIRY] >= 0 || map[RCOL_HALF] >= 0 || map[RCOL_TWO_THIRDS] >= 0)) return 0;
    char names[400];
    size_t len = 0;
    names[0] = 0;
    static const recon_col_t want[] = {RCOL_REGNO, RCOL_EXPIRY, RCOL_HALF, RCOL_TWO_THIRDS};
    for (size_t i = 0; i < sizeof want / sizeof want[0] && len + 60 < sizeof names; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", r->aliases[want[i]][0]);
    return err_set(e, 400, "bad_header",
                   _("Baris judul ekspor SDP harus memuat nomor registrasi dan paling sedikit satu tanggal (%s)"),
                   names);
}

static int row_bad(err_t *e, recon_col_t c, const char *why)
{
    return err_set(e, 400, "invalid_row", _("kolom %s: %s"), col_keys[c], why);
}

int recon_parse_row(const int map[RCOL__COUNT], const char *const *f, int n, recon_sdp_t *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    date_t *dates[3] = {&out->expiry, &out->half, &out->two_thirds};
    for (int k = 0; k < 3; k++) {
        *dates[k] = DATE_NONE;
        int i = map[RCOL_EXPIRY + k];
        const char *s = i >= 0 && i < n ? f[i] : "";
        while (*s == ' ') s++;
        if (!*s) continue;
        char t[16];
        snprintf(t, sizeof t, "%s", s);
        for (size_t j = strlen(t); j > 0 && t[j - 1] == ' '; j--) t[j - 1] = 0;
        if (!date_parse(t, dates[k])) return row_bad(e, (recon_col_t)(RCOL_EXPIRY + k), _("tanggal harus TTTT-BB-HH atau HH-BB-TTTT"));
    }
    int i = map[RCOL_REMISI];
    const char *s = i >= 0 && i < n ? f[i] : "";
    while (*s == ' ') s++;
    if (*s) {
        char *end;
        long d = strtol(s, &end, 10);
        while (*end == ' ') end++;
        if (!*end && end != s) {
            if (d < 0 || d > PERIOD_MAX_DAYS) return row_bad(e, RCOL_REMISI, _("jumlah hari remisi di luar batas"));
            out->remisi = (period_t){0, 0, (int32_t)d};
        } else {
            err_t pe;
            err_clear(&pe);
            if (period_parse(s, &out->remisi, &pe) < 0)
                return row_bad(e, RCOL_REMISI, _("harus lama waktu (\"3 bulan 15 hari\") atau jumlah hari"));
        }
        out->has_remisi = true;
    }
    return 0;
}

void recon_result_only(recon_class_t cls, recon_reason_t reason, recon_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->cls = cls;
    out->reason = reason;
}

/* Every compared date of sdp within tol days of d. */
static bool fits(const recon_sdp_t *sdp, const sentence_dates_t *d, int tol)
{
    const date_t want[3] = {sdp->expiry, sdp->half, sdp->two_thirds}, got[3] = {d->expiry, d->half, d->two_thirds};
    for (int k = 0; k < 3; k++)
        if (want[k] != DATE_NONE && abs(want[k] - got[k]) > tol) return false;
    return true;
}

/* The dates of s changed by alter, when valid. */
static bool dates_of(const sentence_t *s, sentence_dates_t *out)
{
    err_t e;
    err_clear(&e);
    return sentence_dates(s, out, &e) == 0;
}

void recon_classify(const recon_rules_t *r, const sentence_t *s, const sentence_dates_t *b, const recon_sdp_t *sdp,
                    recon_result_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !b) {
        recon_result_only(RECON_TIDAK_DIKETAHUI, RR_NO_BEKAL_DATES, out);
        return;
    }
    const date_t want[3] = {sdp->expiry, sdp->half, sdp->two_thirds}, got[3] = {b->expiry, b->half, b->two_thirds};
    int ncmp = 0;
    for (int k = 0; k < 3; k++) {
        if (want[k] == DATE_NONE) continue;
        out->has[k] = true;
        out->diff[k] = want[k] - got[k];
        if (abs(out->diff[k]) > out->size) out->size = abs(out->diff[k]);
        ncmp++;
    }
    if (ncmp == 0) {
        out->cls = RECON_TIDAK_DIKETAHUI;
        out->reason = RR_NO_SDP_DATES;
        return;
    }
    if (out->size == 0) {
        out->cls = RECON_SAMA;
        return;
    }
    int tol = r->tolerance_days;
    sentence_t alt;
    sentence_dates_t d;
    /* a remisi missing on one side: SDP's total explains SDP's dates */
    if (sdp->has_remisi && period_sentence_days(&sdp->remisi) != period_sentence_days(&s->remisi)) {
        alt = *s;
        alt.remisi = sdp->remisi;
        if (dates_of(&alt, &d) && fits(sdp, &d, tol)) {
            out->cls = RECON_REMISI;
            out->reason = RR_REMISI_TOTAL;
            return;
        }
    }
    /* Bekal counts a subsider that SDP does not (the fine paid, or not recorded there) */
    if (!period_is_zero(&s->subsider)) {
        alt = *s;
        alt.subsider = (period_t){0, 0, 0};
        if (dates_of(&alt, &d) && fits(sdp, &d, tol)) {
            out->cls = RECON_SUBSIDER;
            out->reason = RR_SUBSIDER;
            return;
        }
    }
    /* the other way of counting */
    alt = *s;
    alt.method = s->method == DATE_METHOD_HARI ? DATE_METHOD_BULAN_HARI : DATE_METHOD_HARI;
    if (dates_of(&alt, &d) && fits(sdp, &d, 0)) {
        out->cls = RECON_METODE;
        out->reason = RR_METHOD;
        return;
    }
    if (out->size <= tol) {
        out->cls = RECON_METODE;
        out->reason = RR_SMALL;
        return;
    }
    /* a different start and/or sentence length: expiry moves by a + t, 1/2 by
     * a + t/2, 2/3 by a + 2t/3. All three dates pin a and t and check each other;
     * with fewer, only an equal move of every date is read as a start. */
    bool same = true;
    int first = -1;
    for (int k = 0; k < 3; k++)
        if (out->has[k]) {
            if (first < 0) first = k;
            else if (abs(out->diff[k] - out->diff[first]) > tol) same = false;
        }
    bool remisi_same = sdp->has_remisi && period_sentence_days(&sdp->remisi) == period_sentence_days(&s->remisi);
    if (same) {
        out->cls = RECON_PIDANA;
        out->reason = remisi_same ? RR_START : RR_START_OR_REMISI;
        out->shift = out->diff[first];
        return;
    }
    if (ncmp == 3) {
        int32_t t = 2 * (out->diff[0] - out->diff[1]), a = out->diff[0] - t;
        int32_t third = a + (2 * t) / 3;
        if (abs(out->diff[2] - third) <= tol + 1) {
            out->cls = RECON_PIDANA;
            out->shift = a;
            out->term_days = t;
            out->reason = abs(a) <= tol ? RR_TERM : RR_TERM_AND_START;
            return;
        }
    }
    out->cls = RECON_TIDAK_DIKETAHUI;
    out->reason = RR_UNEXPLAINED;
}

const char *recon_class_code(recon_class_t c)
{
    static const char *const n[RECON__COUNT] = {"sama",   "remisi",          "pidana",    "subsider",
                                                "metode", "tidak_diketahui", "hanya_sdp", "hanya_bekal"};
    return c < RECON__COUNT ? n[c] : "?";
}

const char *recon_class_label(recon_class_t c)
{
    switch (c) {
    case RECON_SAMA: return _("Sama");
    case RECON_REMISI: return _("Remisi tidak sama");
    case RECON_PIDANA: return _("Pidana atau tanggal mulai berbeda");
    case RECON_SUBSIDER: return _("Subsider");
    case RECON_METODE: return _("Beda cara menghitung");
    case RECON_TIDAK_DIKETAHUI: return _("Sebab tidak diketahui");
    case RECON_HANYA_SDP: return _("Hanya ada di SDP");
    case RECON_HANYA_BEKAL: return _("Hanya ada di Bekal");
    default: return "?";
    }
}

void recon_explain(const recon_result_t *res, char *buf, size_t n)
{
    /* the reasons whose text has no number in it */
    static const char *const plain[] = {
        [RR_REMISI_TOTAL] = N_("Total remisi SDP berbeda; dengan total SDP, tanggal Bekal sama dengan SDP. Periksa remisi yang belum dicatat di salah satu sisi."),
        [RR_SUBSIDER] = N_("Bekal menambahkan subsider denda yang belum dibayar; tanpa subsider, tanggal sama dengan SDP. Periksa apakah denda sudah dibayar."),
        [RR_METHOD] = N_("Dengan cara menghitung yang lain (bulan-hari atau hari), tanggal sama dengan SDP."),
        [RR_UNEXPLAINED] = N_("Selisih tidak cocok dengan remisi, subsider, cara menghitung, tanggal mulai atau lama pidana."),
        [RR_NO_BEKAL_DATES] = N_("Bekal tidak mempunyai tanggal untuk WBP ini (pidana seumur hidup atau mati, atau data pidana belum lengkap)."),
        [RR_NO_SDP_DATES] = N_("Baris ekspor SDP tidak memuat tanggal."),
        [RR_AMBIGUOUS] = N_("Nomor registrasi ini ada di beberapa lokasi; pilih lokasi (--site) untuk mencocokkan."),
    };
    if (!n) return;
    switch (res->reason) {
    case RR_NONE:
        if (res->cls == RECON_SAMA) snprintf(buf, n, "%s", _("Semua tanggal sama."));
        else if (res->cls == RECON_HANYA_SDP)
            snprintf(buf, n, "%s", _("Nomor registrasi ini tidak ada di register Bekal lokasi ini."));
        else if (res->cls == RECON_HANYA_BEKAL)
            snprintf(buf, n, "%s", _("WBP ini ada di Bekal (dalam Lapas) tetapi tidak ada di ekspor SDP."));
        else buf[0] = 0;
        break;
    case RR_REMISI_TOTAL:
    case RR_SUBSIDER:
    case RR_METHOD:
    case RR_UNEXPLAINED:
    case RR_NO_BEKAL_DATES:
    case RR_NO_SDP_DATES:
    case RR_AMBIGUOUS: snprintf(buf, n, "%s", _(plain[res->reason])); break;
    case RR_SMALL:
        snprintf(buf, n, _("Selisih paling banyak %d hari: kemungkinan beda cara menghitung."), (int)res->size);
        break;
    case RR_START:
        snprintf(buf, n, _("Semua tanggal bergeser %d hari dengan remisi yang sama: tanggal mulai penahanan berbeda."),
                 (int)res->shift);
        break;
    case RR_START_OR_REMISI:
        snprintf(buf, n,
                 _("Semua tanggal bergeser %d hari: tanggal mulai penahanan atau total remisi berbeda (ekspor tidak memuat total remisi yang sama)."),
                 (int)res->shift);
        break;
    case RR_TERM:
        snprintf(buf, n, _("Lama pidana berbeda sekitar %d hari (ekspirasi, 1/2 dan 2/3 bergeser sebanding)."),
                 (int)res->term_days);
        break;
    case RR_TERM_AND_START:
        snprintf(buf, n, _("Lama pidana berbeda sekitar %d hari dan tanggal mulai bergeser %d hari."), (int)res->term_days,
                 (int)res->shift);
        break;
    }
}
