/* wbp.c — the WBP field table (one source for forms, API, CSV) and its checks. */
#include "wbp.h"
#include <stdlib.h>
#include <string.h>

static const char *const sex_c[] = {"L", "P", NULL};
static const char *const sex_l[] = {N_("Laki-laki"), N_("Perempuan"), NULL};
static const char *const class_c[] = {"narapidana", "tahanan", "anak", NULL};
static const char *const class_l[] = {N_("Narapidana"), N_("Tahanan (belum berkekuatan hukum tetap)"), N_("Anak binaan"), NULL};
static const char *const crime_c[] = {"umum", "narkotika", "korupsi", "terorisme", "keamanan_negara",
                                      "ham_berat", "transnasional", "lainnya", NULL};
static const char *const crime_l[] = {N_("Pidana umum"), N_("Narkotika"), N_("Korupsi"), N_("Terorisme"), N_("Kejahatan keamanan negara"),
                                      N_("Pelanggaran HAM berat"), N_("Kejahatan transnasional terorganisasi"), N_("Lainnya"),
                                      NULL};
static const char *const kind_c[] = {"pidana", "seumur_hidup", "mati", NULL};
static const char *const kind_l[] = {N_("Pidana waktu tertentu"), N_("Seumur hidup"), N_("Mati"), NULL};
static const char *const status_c[] = {"ditahan", "bebas", "pindah", NULL};
static const char *const status_l[] = {N_("Di dalam Lapas"), N_("Bebas"), N_("Pindah"), NULL};
static const char *const rel_c[] = {"Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Konghucu", "Lainnya", NULL};

static const field_def_t fields[WF_COUNT] = {
    [WF_REGNO] = F_TEXT("regno", N_("Nomor registrasi"), true, 40),
    [WF_NAME] = F_TEXT("name", N_("Nama"), true, 120),
    [WF_BIRTH_DATE] = F_DATE("birth_date", N_("Tanggal lahir"), false),
    [WF_SEX] = F_ENUM("sex", N_("Jenis kelamin"), true, sex_c, sex_l),
    [WF_RELIGION] = F_ENUM("religion", N_("Agama"), false, rel_c, NULL),
    [WF_NATIONALITY] = F_TEXT("nationality", N_("Kewarganegaraan"), false, 60, .def = "WNI"),
    [WF_EDUCATION] = F_TEXT("education", N_("Pendidikan"), false, 60),
    [WF_LEGAL_CLASS] = F_ENUM("legal_class", N_("Status hukum"), false, class_c, class_l, .def = "narapidana"),
    [WF_CRIME_CATEGORY] = F_ENUM("crime_category", N_("Kategori tindak pidana"), true, crime_c, crime_l),
    [WF_CRIME_DETAIL] = F_TEXT("crime_detail", N_("Pasal / uraian tindak pidana"), false, 200),
    [WF_SENTENCE_KIND] = F_ENUM("sentence_kind", N_("Jenis pidana"), false, kind_c, kind_l, .def = "pidana"),
    [WF_TERM_YEARS] = F_INT("term_years", N_("Lama pidana (tahun)"), false, 100, .def = "0"),
    [WF_TERM_MONTHS] = F_INT("term_months", N_("Lama pidana (bulan)"), false, 1200, .def = "0"),
    [WF_TERM_DAYS] = F_INT("term_days", N_("Lama pidana (hari)"), false, 36500, .def = "0"),
    [WF_DETENTION_START] = F_DATE("detention_start", N_("Tanggal mulai ditahan"), true),
    [WF_VERDICT_NO] = F_TEXT("verdict_no", N_("Nomor putusan"), false, 120),
    [WF_VERDICT_DATE] = F_DATE("verdict_date", N_("Tanggal putusan"), false),
    [WF_FINE] = F_MONEY("fine", N_("Denda (Rp)"), false, .def = "0"),
    [WF_FINE_PAID] = F_BOOL("fine_paid", N_("Denda dibayar"), false, .def = "0"),
    [WF_SUBSIDER_MONTHS] = F_INT("subsider_months", N_("Subsider (bulan)"), false, 120, .def = "0"),
    [WF_SUBSIDER_DAYS] = F_INT("subsider_days", N_("Subsider (hari)"), false, 3650, .def = "0"),
    [WF_RESTITUTION] = F_MONEY("restitution", N_("Uang pengganti / restitusi (Rp)"), false, .def = "0"),
    [WF_RESTITUTION_PAID] = F_BOOL("restitution_paid", N_("Uang pengganti dibayar"), false, .def = "0"),
    [WF_STATUS] = F_ENUM("status", N_("Status"), false, status_c, status_l, .def = "ditahan"),
    [WF_DERADICALISED] = F_BOOL("deradicalised", N_("Program deradikalisasi selesai (terorisme)"), false, .def = "0"),
    [WF_FOREIGN_DOCS] = F_BOOL("foreign_docs", N_("Dokumen WNA lengkap (jaminan kedutaan, keterangan imigrasi)"),
                               false, .def = "0"),
};

const record_def_t wbp_def = {"wbp", "wbp", fields, WF_COUNT, NULL, N_("WBP")};

void wbp_validate(const char **v, const char *today, field_errs_t *fe)
{
    const char *kind = v[WF_SENTENCE_KIND] ? v[WF_SENTENCE_KIND] : "pidana";
    long y = v[WF_TERM_YEARS] ? atol(v[WF_TERM_YEARS]) : 0, m = v[WF_TERM_MONTHS] ? atol(v[WF_TERM_MONTHS]) : 0,
         d = v[WF_TERM_DAYS] ? atol(v[WF_TERM_DAYS]) : 0;
    bool cls_tahanan = str_eq(v[WF_LEGAL_CLASS], "tahanan");
    if (str_eq(kind, "pidana") && y + m + d == 0 && !cls_tahanan)
        field_err(fe, "term_years", _("Lama pidana wajib diisi untuk pidana waktu tertentu"));
    if (!str_eq(kind, "pidana") && y + m + d != 0)
        field_err(fe, "term_years", _("Pidana seumur hidup atau mati tidak memiliki lama pidana"));
    if (today) {
        if (v[WF_DETENTION_START] && strcmp(v[WF_DETENTION_START], today) > 0)
            field_err(fe, "detention_start", _("Tanggal mulai ditahan tidak boleh di masa depan"));
        if (v[WF_BIRTH_DATE] && strcmp(v[WF_BIRTH_DATE], today) > 0)
            field_err(fe, "birth_date", _("Tanggal lahir tidak boleh di masa depan"));
        if (v[WF_VERDICT_DATE] && strcmp(v[WF_VERDICT_DATE], today) > 0)
            field_err(fe, "verdict_date", _("Tanggal putusan tidak boleh di masa depan"));
    }
    if (v[WF_BIRTH_DATE] && v[WF_DETENTION_START] && strcmp(v[WF_BIRTH_DATE], v[WF_DETENTION_START]) >= 0)
        field_err(fe, "birth_date", _("Tanggal lahir harus sebelum tanggal mulai ditahan"));
    if (v[WF_VERDICT_DATE] && v[WF_DETENTION_START] && strcmp(v[WF_VERDICT_DATE], v[WF_DETENTION_START]) < 0)
        field_err(fe, "verdict_date", _("Tanggal putusan tidak boleh sebelum tanggal mulai ditahan"));
}

/* atol() of a stored count: digits read here, anything else by atol(). */
static long count_of(const char *s)
{
    if (!s) return 0;
    long n = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && p - s < 18; p++) n = n * 10 + (*p - '0');
    return *p || p == s ? atol(s) : n;
}

/* A short text assembled on the stack (the term of one inmate); too long a
 * text is cut, which the translations' few words never reach. */
typedef struct {
    char s[160];
    size_t len;
} text_t;
static void put(text_t *t, const char *s, size_t n)
{
    if (n > sizeof t->s - 1 - t->len) n = sizeof t->s - 1 - t->len;
    memcpy(t->s + t->len, s, n);
    t->len += n;
}

/* Appends fmt with its one count directive ("%ld" or "%1$ld", as msgfmt -c
 * allows the translation of "%ld tahun") replaced by n, without printf. */
static void put_count(text_t *b, const char *fmt, long n)
{
    for (const char *p = fmt; *p;) {
        const char *q = strchr(p, '%');
        if (!q) {
            put(b, p, strlen(p));
            break;
        }
        put(b, p, (size_t)(q - p));
        if (q[1] == '%') {
            put(b, "%", 1);
            p = q + 2;
        } else if (strncmp(q, "%ld", 3) == 0 || strncmp(q, "%1$ld", 5) == 0) {
            char tmp[24], *t = tmp + sizeof tmp;
            unsigned long u = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
            do *--t = (char)('0' + u % 10);
            while (u /= 10);
            if (n < 0) *--t = '-';
            put(b, t, (size_t)(tmp + sizeof tmp - t));
            p = q + (q[1] == 'l' ? 3 : 5);
        } else {
            put(b, "%", 1);
            p = q + 1;
        }
    }
}

/* One part of the term: nothing for 0, "1 tahun" for 1, "%ld tahun" for more
 * (a negative count shows nothing, the space before it only), after a space
 * when space and something came before. */
static void put_part(text_t *b, long n, const char *one, const char *many, bool space)
{
    if (!n) return;
    if (space && b->len) put(b, " ", 1);
    if (n == 1) put(b, one, strlen(one));
    else if (n > 1) put_count(b, many, n);
}

const char *wbp_sentence_text(arena_t *a, const char **v)
{
    if (str_eq(v[WF_SENTENCE_KIND], "seumur_hidup")) return _("Seumur hidup");
    if (str_eq(v[WF_SENTENCE_KIND], "mati")) return _("Pidana mati");
    long y = count_of(v[WF_TERM_YEARS]), m = count_of(v[WF_TERM_MONTHS]), d = count_of(v[WF_TERM_DAYS]);
    if (y + m + d == 0) return "-";
    text_t b;
    b.len = 0;
    /* "1 tahun" apart from "%ld tahun", so that English can say "1 year" and "2 years" */
    put_part(&b, y, _("1 tahun"), _("%ld tahun"), false);
    put_part(&b, m, _("1 bulan"), _("%ld bulan"), true);
    put_part(&b, d, _("1 hari"), _("%ld hari"), true);
    return arena_strndup(a, b.s, b.len);
}
