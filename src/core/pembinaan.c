/* pembinaan.c — remisi, discipline and SPPN field tables and their checks. */
#include "pembinaan.h"
#include <stdlib.h>
#include <string.h>

static const char *const rkind_c[] = {"umum", "khusus", "tambahan", "lainnya", NULL};
static const char *const rkind_l[] = {N_("Remisi umum (17 Agustus)"), N_("Remisi khusus (hari besar keagamaan)"),
                                      N_("Remisi tambahan"), N_("Lainnya"), NULL};
static const field_def_t remisi_fields[RF_COUNT] = {
    [RF_KIND] = {"kind", N_("Jenis remisi"), FT_ENUM, true, 0, rkind_c, rkind_l},
    [RF_MONTHS] = {"months", N_("Bulan"), FT_INT, false, 120, NULL, NULL, "0"},
    [RF_DAYS] = {"days", N_("Hari"), FT_INT, false, 3650, NULL, NULL, "0"},
    [RF_GRANTED_DATE] = {"granted_date", N_("Tanggal diberikan"), FT_DATE, true, 0},
    [RF_DECREE_NO] = {"decree_no", N_("Nomor SK"), FT_TEXT, false, 120},
};
const record_def_t remisi_def = {"remisi", "remisi", remisi_fields, RF_COUNT, "wbp_id", N_("Remisi")};

static const char *const level_c[] = {"ringan", "sedang", "berat", NULL};
static const char *const level_l[] = {N_("Ringan (teguran)"), N_("Sedang (tutupan sunyi s.d. 6 hari / hak ditunda)"),
                                      N_("Berat (tutupan sunyi 6-12 hari, dicatat di Register F)"), NULL};
static const field_def_t discipline_fields[DF_COUNT] = {
    [DF_OFFENCE] = {"offence", N_("Pelanggaran"), FT_TEXT, true, 300},
    [DF_LEVEL] = {"level", N_("Tingkat hukuman disiplin"), FT_ENUM, true, 0, level_c, level_l},
    [DF_DECISION_DATE] = {"decision_date", N_("Tanggal keputusan"), FT_DATE, true, 0},
    [DF_PUNISH_START] = {"punish_start", N_("Hukuman mulai"), FT_DATE, false, 0},
    [DF_PUNISH_END] = {"punish_end", N_("Hukuman selesai"), FT_DATE, false, 0},
    [DF_REGISTER_F] = {"register_f", N_("Dicatat di Register F"), FT_BOOL, false, 0, NULL, NULL, "0"},
    [DF_CANCELLED] = {"cancelled", N_("Dibatalkan"), FT_BOOL, false, 0, NULL, NULL, "0"},
    [DF_CANCEL_REASON] = {"cancel_reason", N_("Alasan pembatalan"), FT_TEXT, false, 300},
};
const record_def_t discipline_def = {"discipline", "discipline", discipline_fields, DF_COUNT, "wbp_id",
                                    N_("Hukuman disiplin (Register F)")};

static const field_def_t sppn_fields[SF_COUNT] = {
    [SF_MONTH] = {"month", N_("Bulan penilaian (TTTT-BB)"), FT_MONTH, true, 0},
    [SF_SCORE] = {"score", N_("Nilai SPPN (0-100)"), FT_INT, true, 100},
    [SF_PREDICATE] = {"predicate", N_("Predikat"), FT_TEXT, false, 60},
};
const record_def_t sppn_def = {"sppn", "sppn", sppn_fields, SF_COUNT, "wbp_id", N_("Penilaian pembinaan bulanan (SPPN)")};

static void not_future(const char *v, const char *today, const char *field, const char *label, field_errs_t *fe)
{
    if (v && today && strcmp(v, today) > 0) field_err(fe, field, _("%s tidak boleh di masa depan"), label);
}

void remisi_validate(const char **v, const char *today, field_errs_t *fe)
{
    if ((!v[RF_MONTHS] || atoi(v[RF_MONTHS]) == 0) && (!v[RF_DAYS] || atoi(v[RF_DAYS]) == 0))
        field_err(fe, "months", _("Besar remisi (bulan dan/atau hari) wajib diisi"));
    not_future(v[RF_GRANTED_DATE], today, "granted_date", N_("Tanggal diberikan"), fe);
}

void discipline_validate(const char **v, const char *today, field_errs_t *fe)
{
    not_future(v[DF_DECISION_DATE], today, "decision_date", "Tanggal keputusan", fe);
    if (v[DF_PUNISH_START] && v[DF_PUNISH_END] && strcmp(v[DF_PUNISH_END], v[DF_PUNISH_START]) < 0)
        field_err(fe, "punish_end", _("Hukuman selesai tidak boleh sebelum hukuman mulai"));
    if (str_eq(v[DF_CANCELLED], "1") && !v[DF_CANCEL_REASON])
        field_err(fe, "cancel_reason", _("Alasan pembatalan wajib diisi bila hukuman dibatalkan"));
}

bool discipline_tick_register_f(const char **v)
{
    if (!str_eq(v[DF_LEVEL], "berat") || str_eq(v[DF_REGISTER_F], "1")) return false;
    v[DF_REGISTER_F] = "1";
    return true;
}

void remisi_check(const char **v, const char *sentence_kind, int64_t max_days, field_errs_t *fe)
{
    if (sentence_kind && !str_eq(sentence_kind, "pidana")) {
        field_err(fe, "kind", _("Remisi tidak diberikan untuk pidana seumur hidup atau pidana mati"));
        return;
    }
    int64_t days = 30 * (int64_t)(v[RF_MONTHS] ? atoi(v[RF_MONTHS]) : 0) + (v[RF_DAYS] ? atoi(v[RF_DAYS]) : 0);
    if (max_days > 0 && days > max_days)
        field_err(fe, "months", _("Remisi %s sekali diberikan paling banyak %lld bulan %lld hari"),
                  v[RF_KIND] ? v[RF_KIND] : "", (long long)(max_days / 30), (long long)(max_days % 30));
}

void sppn_validate(const char **v, const char *today, field_errs_t *fe)
{
    if (v[SF_MONTH] && today && strncmp(v[SF_MONTH], today, 7) > 0)
        field_err(fe, "month", _("Bulan penilaian tidak boleh di masa depan"));
}
