/* datecorr.c — corrections of computed dates (see datecorr.h). */
#include "datecorr.h"
#include "rulefile.h"
#include <stdio.h>
#include <string.h>

static const char *const kind_codes[DC__COUNT] = {"ekspirasi", "setengah", "dua_pertiga"};
static const char *const kind_labels[DC__COUNT] = {N_("Ekspirasi (bebas murni)"), N_("1/2 masa pidana"),
                                                   N_("2/3 masa pidana")};

/* The labels of the built-in reasons (rules/koreksi-tanggal-default.json), here so
 * that they are translated. */
static const char *const builtin_labels[] = {N_("Putusan pengadilan"), N_("Koreksi data SDP"),
                                             N_("Pemindahan berkas dari Lapas lain"), N_("Lainnya (dengan catatan)")};

static const char *const which_choices[] = {"ekspirasi", "setengah", "dua_pertiga", NULL};
static const char *const which_labels[] = {N_("Ekspirasi (bebas murni)"), N_("1/2 masa pidana"), N_("2/3 masa pidana"),
                                           NULL};

static const field_def_t datecorr_fields[DCF_COUNT] = {
    [DCF_WHICH] = F_ENUM("which", N_("Tanggal yang dikoreksi"), true, which_choices, which_labels),
    [DCF_COMPUTED] = F_DATE("computed_date", N_("Tanggal hitungan Bekal"), false),
    [DCF_CORRECTED] = F_DATE("corrected_date", N_("Tanggal koreksi"), true),
    [DCF_REASON] = F_TEXT("reason", N_("Alasan"), true, 40),
    [DCF_DOCUMENT] = F_TEXT("document_ref", N_("Nomor dokumen dasar"), true, 200),
    [DCF_NOTE] = F_TEXT("note", N_("Catatan"), false, 500),
    [DCF_INPUTS] = F_TEXT("inputs", N_("Data yang dikoreksi"), true, DATECORR_FP_LEN),
    [DCF_DECIDED_ON] = F_DATE("decided_on", N_("Tanggal keputusan"), true),
    [DCF_ENDED_ON] = F_DATE("ended_on", N_("Berakhir pada"), false),
    [DCF_END_REASON] = F_TEXT("end_reason", N_("Alasan berakhir"), false, 300),
};
const record_def_t datecorr_def = {"wbp_date_correction", "wbp_date_correction", datecorr_fields, DCF_COUNT, "wbp_id",
                                   N_("Koreksi tanggal")};

const char *datecorr_kind_code(datecorr_kind_t k) { return str_at(kind_codes, DC__COUNT, (int)k); }

int datecorr_kind_parse(const char *s) { return str_index(kind_codes, DC__COUNT, s); }

const char *datecorr_kind_label(datecorr_kind_t k) { return (unsigned)k < DC__COUNT ? _(kind_labels[k]) : "?"; }

static int bad(err_t *e, const char *key, const char *why)
{
    return err_set(e, 400, "invalid_ruleset", _("Aturan koreksi tanggal tidak sah: kunci \"%s\" %s"), key, why);
}

int datecorr_rules_from_json(json_t *root, datecorr_rules_t *r, err_t *e)
{
    return rf_reasons_read(root, RULES_KIND_DATECORR, false, bad, r, e);
}

const datecorr_reason_t *datecorr_reason(const datecorr_rules_t *r, const char *code) { return rf_reason_find(r, code); }

const char *datecorr_label(const datecorr_reason_t *x) { return rf_reason_text(builtin_labels, ARRAY_LEN(builtin_labels), x); }

void datecorr_fingerprint(const sentence_t *s, char out[DATECORR_FP_LEN])
{
    char st[DATE_ISO_LEN] = "-";
    if (s->start != DATE_NONE) date_format(s->start, st);
    snprintf(out, DATECORR_FP_LEN, "mulai=%s;pidana=%d-%d-%d;subsider=%d-%d-%d;remisi=%d-%d-%d;tidak_dihitung=%d;metode=%d",
             st, s->term.years, s->term.months, s->term.days, s->subsider.years, s->subsider.months, s->subsider.days,
             s->remisi.years, s->remisi.months, s->remisi.days, (int)s->uncounted_days, (int)s->method);
}

/* The value of part key in fingerprint fp into out ("" when absent). */
static void part(const char *fp, const char *key, char *out, size_t n)
{
    out[0] = 0;
    size_t kl = strlen(key);
    for (const char *p = fp; p && *p;) {
        if (!strncmp(p, key, kl) && p[kl] == '=') {
            const char *v = p + kl + 1, *end = strchr(v, ';');
            size_t len = end ? (size_t)(end - v) : strlen(v);
            if (len >= n) len = n - 1;
            memcpy(out, v, len);
            out[len] = 0;
            return;
        }
        p = strchr(p, ';');
        if (p) p++;
    }
}

static const char *const fp_keys[] = {"mulai", "pidana", "subsider", "remisi", "tidak_dihitung", "metode"};

unsigned datecorr_diff(const char *stored, const char *now)
{
    if (!now || !*now) return DCX_NODATES;
    if (!stored || !strcmp(stored, now)) return stored ? 0 : DCX_TERM;
    unsigned d = 0;
    for (size_t i = 0; i < ARRAY_LEN(fp_keys); i++) {
        char a[48], b[48];
        part(stored, fp_keys[i], a, sizeof a);
        part(now, fp_keys[i], b, sizeof b);
        if (strcmp(a, b)) d |= 1u << i;
    }
    return d ? d : DCX_TERM; /* differs in some other way: treat as a changed sentence */
}

/* "1-2-3" (years-months-days) as "1 th 2 bl 3 hr". */
static void period_words(const char *v, char *out, size_t n)
{
    int y = 0, m = 0, d = 0;
    if (sscanf(v, "%d-%d-%d", &y, &m, &d) != 3) {
        snprintf(out, n, "%s", v);
        return;
    }
    if (y) snprintf(out, n, _("%d th %d bl %d hr"), y, m, d);
    else snprintf(out, n, _("%d bl %d hr"), m, d);
}

void datecorr_cause_text(unsigned diff, const char *stored, const char *now, char *buf, size_t n)
{
    static const char *const words[] = {N_("tanggal mulai penahanan berubah"), N_("masa pidana berubah"),
                                        N_("subsider berubah"),                N_("remisi berubah"),
                                        N_("hari tidak terhitung berubah"),    N_("metode hitung berubah"),
                                        N_("tanggal tidak lagi dapat dihitung")};
    size_t k = 0;
    buf[0] = 0;
    for (size_t i = 0; i < ARRAY_LEN(words) && k < n; i++) {
        if (!(diff & (1u << i))) continue;
        k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? ", " : "", _(words[i]));
        if (i == 3 && stored && now && k < n) { /* the remisi: before and after */
            char a[48], b[48], wa[48], wb[48];
            part(stored, "remisi", a, sizeof a);
            part(now, "remisi", b, sizeof b);
            period_words(a, wa, sizeof wa);
            period_words(b, wb, sizeof wb);
            k += (size_t)snprintf(buf + k, n - k, " (%s → %s)", wa, wb);
        }
    }
}

void datecorr_check(const datecorr_rules_t *r, const char *which, date_t corrected, date_t computed, const char *reason,
                    const char *document, const char *note, date_t decided, date_t today, field_errs_t *fe)
{
    if (datecorr_kind_parse(which) < 0)
        field_err(fe, "which", "%s", _("Pilih tanggal yang dikoreksi: ekspirasi, setengah atau dua_pertiga"));
    else if (computed == DATE_NONE)
        field_err(fe, "which", "%s", _("Bekal tidak menghitung tanggal ini untuk WBP ini (data pidana belum lengkap, atau "
                                       "pidana seumur hidup/mati): perbaiki datanya, bukan tanggalnya"));
    if (corrected == DATE_NONE) field_err(fe, "corrected_date", "%s", _("Tanggal koreksi wajib diisi (TTTT-BB-HH)"));
    else if (computed != DATE_NONE && corrected == computed)
        field_err(fe, "corrected_date", "%s", _("Tanggal koreksi sama dengan hitungan Bekal"));
    const datecorr_reason_t *x = datecorr_reason(r, reason);
    if (!x) field_err(fe, "reason", "%s", _("Pilih alasan koreksi"));
    if (!document || !*document) field_err(fe, "document_ref", "%s", _("Nomor dokumen dasar wajib diisi"));
    else if (strlen(document) > 200) field_err(fe, "document_ref", "%s", _("Nomor dokumen paling panjang 200 karakter"));
    bool has_note = note && *note;
    if (x && x->note_required && !has_note) field_err(fe, "note", "%s", _("Alasan ini memerlukan catatan"));
    if (note && strlen(note) > 500) field_err(fe, "note", "%s", _("Catatan paling panjang 500 karakter"));
    if (decided == DATE_NONE) field_err(fe, "decided_on", "%s", _("Tanggal keputusan wajib diisi (TTTT-BB-HH)"));
    else if (decided > today) field_err(fe, "decided_on", "%s", _("Tanggal keputusan tidak boleh di masa depan"));
}

bool datecorr_in_force(date_t from, date_t until, date_t on)
{
    return from != DATE_NONE && from <= on && (until == DATE_NONE || on < until);
}
