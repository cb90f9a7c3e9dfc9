/* wbp.c — the WBP field table (one source for forms, API, CSV) and its checks. */
#include "wbp.h"
#include <stdlib.h>
#include <string.h>

static const char *const sex_c[] = {"L", "P", NULL};
static const char *const sex_l[] = {"Laki-laki", "Perempuan", NULL};
static const char *const class_c[] = {"narapidana", "tahanan", "anak", NULL};
static const char *const class_l[] = {"Narapidana", "Tahanan (belum berkekuatan hukum tetap)", "Anak binaan", NULL};
static const char *const crime_c[] = {"umum", "narkotika", "korupsi", "terorisme", "keamanan_negara",
                                      "ham_berat", "transnasional", "lainnya", NULL};
static const char *const crime_l[] = {"Pidana umum", "Narkotika", "Korupsi", "Terorisme", "Kejahatan keamanan negara",
                                      "Pelanggaran HAM berat", "Kejahatan transnasional terorganisasi", "Lainnya",
                                      NULL};
static const char *const kind_c[] = {"pidana", "seumur_hidup", "mati", NULL};
static const char *const kind_l[] = {"Pidana waktu tertentu", "Seumur hidup", "Mati", NULL};
static const char *const status_c[] = {"ditahan", "bebas", "pindah", NULL};
static const char *const status_l[] = {"Di dalam Lapas", "Bebas", "Pindah", NULL};
static const char *const rel_c[] = {"Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Konghucu", "Lainnya", NULL};

static const field_def_t fields[WF_COUNT] = {
    [WF_REGNO] = {"regno", "Nomor registrasi", FT_TEXT, true, 40},
    [WF_NAME] = {"name", "Nama", FT_TEXT, true, 120},
    [WF_BIRTH_DATE] = {"birth_date", "Tanggal lahir", FT_DATE, false, 0},
    [WF_SEX] = {"sex", "Jenis kelamin", FT_ENUM, true, 0, sex_c, sex_l},
    [WF_RELIGION] = {"religion", "Agama", FT_ENUM, false, 0, rel_c, NULL},
    [WF_NATIONALITY] = {"nationality", "Kewarganegaraan", FT_TEXT, false, 60, NULL, NULL, "WNI"},
    [WF_EDUCATION] = {"education", "Pendidikan", FT_TEXT, false, 60},
    [WF_LEGAL_CLASS] = {"legal_class", "Status hukum", FT_ENUM, false, 0, class_c, class_l, "narapidana"},
    [WF_CRIME_CATEGORY] = {"crime_category", "Kategori tindak pidana", FT_ENUM, true, 0, crime_c, crime_l},
    [WF_CRIME_DETAIL] = {"crime_detail", "Pasal / uraian tindak pidana", FT_TEXT, false, 200},
    [WF_SENTENCE_KIND] = {"sentence_kind", "Jenis pidana", FT_ENUM, false, 0, kind_c, kind_l, "pidana"},
    [WF_TERM_YEARS] = {"term_years", "Lama pidana (tahun)", FT_INT, false, 100, NULL, NULL, "0"},
    [WF_TERM_MONTHS] = {"term_months", "Lama pidana (bulan)", FT_INT, false, 1200, NULL, NULL, "0"},
    [WF_TERM_DAYS] = {"term_days", "Lama pidana (hari)", FT_INT, false, 36500, NULL, NULL, "0"},
    [WF_DETENTION_START] = {"detention_start", "Tanggal mulai ditahan", FT_DATE, true, 0},
    [WF_VERDICT_NO] = {"verdict_no", "Nomor putusan", FT_TEXT, false, 120},
    [WF_VERDICT_DATE] = {"verdict_date", "Tanggal putusan", FT_DATE, false, 0},
    [WF_FINE] = {"fine", "Denda (Rp)", FT_MONEY, false, 0, NULL, NULL, "0"},
    [WF_FINE_PAID] = {"fine_paid", "Denda dibayar", FT_BOOL, false, 0, NULL, NULL, "0"},
    [WF_SUBSIDER_MONTHS] = {"subsider_months", "Subsider (bulan)", FT_INT, false, 120, NULL, NULL, "0"},
    [WF_SUBSIDER_DAYS] = {"subsider_days", "Subsider (hari)", FT_INT, false, 3650, NULL, NULL, "0"},
    [WF_RESTITUTION] = {"restitution", "Uang pengganti / restitusi (Rp)", FT_MONEY, false, 0, NULL, NULL, "0"},
    [WF_RESTITUTION_PAID] = {"restitution_paid", "Uang pengganti dibayar", FT_BOOL, false, 0, NULL, NULL, "0"},
    [WF_STATUS] = {"status", "Status", FT_ENUM, false, 0, status_c, status_l, "ditahan"},
    [WF_DERADICALISED] = {"deradicalised", "Program deradikalisasi selesai (terorisme)", FT_BOOL, false, 0, NULL, NULL,
                          "0"},
    [WF_FOREIGN_DOCS] = {"foreign_docs", "Dokumen WNA lengkap (jaminan kedutaan, keterangan imigrasi)", FT_BOOL, false,
                         0, NULL, NULL, "0"},
};

const record_def_t wbp_def = {"wbp", "wbp", fields, WF_COUNT, NULL, "WBP"};

void wbp_validate(const char **v, const char *today, field_errs_t *fe)
{
    const char *kind = v[WF_SENTENCE_KIND] ? v[WF_SENTENCE_KIND] : "pidana";
    long y = v[WF_TERM_YEARS] ? atol(v[WF_TERM_YEARS]) : 0, m = v[WF_TERM_MONTHS] ? atol(v[WF_TERM_MONTHS]) : 0,
         d = v[WF_TERM_DAYS] ? atol(v[WF_TERM_DAYS]) : 0;
    bool cls_tahanan = str_eq(v[WF_LEGAL_CLASS], "tahanan");
    if (str_eq(kind, "pidana") && y + m + d == 0 && !cls_tahanan)
        field_err(fe, "term_years", "Lama pidana wajib diisi untuk pidana waktu tertentu");
    if (!str_eq(kind, "pidana") && y + m + d != 0)
        field_err(fe, "term_years", "Pidana seumur hidup atau mati tidak memiliki lama pidana");
    if (today) {
        if (v[WF_DETENTION_START] && strcmp(v[WF_DETENTION_START], today) > 0)
            field_err(fe, "detention_start", "Tanggal mulai ditahan tidak boleh di masa depan");
        if (v[WF_BIRTH_DATE] && strcmp(v[WF_BIRTH_DATE], today) > 0)
            field_err(fe, "birth_date", "Tanggal lahir tidak boleh di masa depan");
        if (v[WF_VERDICT_DATE] && strcmp(v[WF_VERDICT_DATE], today) > 0)
            field_err(fe, "verdict_date", "Tanggal putusan tidak boleh di masa depan");
    }
    if (v[WF_BIRTH_DATE] && v[WF_DETENTION_START] && strcmp(v[WF_BIRTH_DATE], v[WF_DETENTION_START]) >= 0)
        field_err(fe, "birth_date", "Tanggal lahir harus sebelum tanggal mulai ditahan");
    if (v[WF_VERDICT_DATE] && v[WF_DETENTION_START] && strcmp(v[WF_VERDICT_DATE], v[WF_DETENTION_START]) < 0)
        field_err(fe, "verdict_date", "Tanggal putusan tidak boleh sebelum tanggal mulai ditahan");
}

const char *wbp_sentence_text(arena_t *a, const char **v)
{
    if (str_eq(v[WF_SENTENCE_KIND], "seumur_hidup")) return "Seumur hidup";
    if (str_eq(v[WF_SENTENCE_KIND], "mati")) return "Pidana mati";
    long y = v[WF_TERM_YEARS] ? atol(v[WF_TERM_YEARS]) : 0, m = v[WF_TERM_MONTHS] ? atol(v[WF_TERM_MONTHS]) : 0,
         d = v[WF_TERM_DAYS] ? atol(v[WF_TERM_DAYS]) : 0;
    if (y + m + d == 0) return "-";
    buf_t b;
    buf_init(&b);
    if (y) buf_printf(&b, "%ld tahun", y);
    if (m) buf_printf(&b, "%s%ld bulan", b.len ? " " : "", m);
    if (d) buf_printf(&b, "%s%ld hari", b.len ? " " : "", d);
    char *r = arena_strdup(a, b.data);
    buf_release(&b);
    return r;
}
