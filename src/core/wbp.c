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
    [WF_REGNO] = {"regno", N_("Nomor registrasi"), FT_TEXT, true, 40},
    [WF_NAME] = {"name", N_("Nama"), FT_TEXT, true, 120},
    [WF_BIRTH_DATE] = {"birth_date", N_("Tanggal lahir"), FT_DATE, false, 0},
    [WF_SEX] = {"sex", N_("Jenis kelamin"), FT_ENUM, true, 0, sex_c, sex_l},
    [WF_RELIGION] = {"religion", N_("Agama"), FT_ENUM, false, 0, rel_c, NULL},
    [WF_NATIONALITY] = {"nationality", N_("Kewarganegaraan"), FT_TEXT, false, 60, NULL, NULL, "WNI"},
    [WF_EDUCATION] = {"education", N_("Pendidikan"), FT_TEXT, false, 60},
    [WF_LEGAL_CLASS] = {"legal_class", N_("Status hukum"), FT_ENUM, false, 0, class_c, class_l, "narapidana"},
    [WF_CRIME_CATEGORY] = {"crime_category", N_("Kategori tindak pidana"), FT_ENUM, true, 0, crime_c, crime_l},
    [WF_CRIME_DETAIL] = {"crime_detail", N_("Pasal / uraian tindak pidana"), FT_TEXT, false, 200},
    [WF_SENTENCE_KIND] = {"sentence_kind", N_("Jenis pidana"), FT_ENUM, false, 0, kind_c, kind_l, "pidana"},
    [WF_TERM_YEARS] = {"term_years", N_("Lama pidana (tahun)"), FT_INT, false, 100, NULL, NULL, "0"},
    [WF_TERM_MONTHS] = {"term_months", N_("Lama pidana (bulan)"), FT_INT, false, 1200, NULL, NULL, "0"},
    [WF_TERM_DAYS] = {"term_days", N_("Lama pidana (hari)"), FT_INT, false, 36500, NULL, NULL, "0"},
    [WF_DETENTION_START] = {"detention_start", N_("Tanggal mulai ditahan"), FT_DATE, true, 0},
    [WF_VERDICT_NO] = {"verdict_no", N_("Nomor putusan"), FT_TEXT, false, 120},
    [WF_VERDICT_DATE] = {"verdict_date", N_("Tanggal putusan"), FT_DATE, false, 0},
    [WF_FINE] = {"fine", N_("Denda (Rp)"), FT_MONEY, false, 0, NULL, NULL, "0"},
    [WF_FINE_PAID] = {"fine_paid", N_("Denda dibayar"), FT_BOOL, false, 0, NULL, NULL, "0"},
    [WF_SUBSIDER_MONTHS] = {"subsider_months", N_("Subsider (bulan)"), FT_INT, false, 120, NULL, NULL, "0"},
    [WF_SUBSIDER_DAYS] = {"subsider_days", N_("Subsider (hari)"), FT_INT, false, 3650, NULL, NULL, "0"},
    [WF_RESTITUTION] = {"restitution", N_("Uang pengganti / restitusi (Rp)"), FT_MONEY, false, 0, NULL, NULL, "0"},
    [WF_RESTITUTION_PAID] = {"restitution_paid", N_("Uang pengganti dibayar"), FT_BOOL, false, 0, NULL, NULL, "0"},
    [WF_STATUS] = {"status", N_("Status"), FT_ENUM, false, 0, status_c, status_l, "ditahan"},
    [WF_DERADICALISED] = {"deradicalised", N_("Program deradikalisasi selesai (terorisme)"), FT_BOOL, false, 0, NULL, NULL,
                          "0"},
    [WF_FOREIGN_DOCS] = {"foreign_docs", N_("Dokumen WNA lengkap (jaminan kedutaan, keterangan imigrasi)"), FT_BOOL, false,
                         0, NULL, NULL, "0"},
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
