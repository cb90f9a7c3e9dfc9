/* pembinaan.c — remisi, discipline and SPPN field tables and their checks. */
#include "pembinaan.h"
#include <stdlib.h>
#include <string.h>

static const char *const rkind_c[] = {"umum", "khusus", "tambahan", "lainnya", NULL};
static const char *const rkind_l[] = {N_("Remisi umum (17 Agustus)"), N_("Remisi khusus (hari besar keagamaan)"),
                                      N_("Remisi tambahan"), N_("Lainnya"), NULL};
static const field_def_t remisi_fields[RF_COUNT] = {
    [RF_KIND] = F_ENUM("kind", N_("Jenis remisi"), true, rkind_c, rkind_l),
    [RF_MONTHS] = F_INT("months", N_("Bulan"), false, 120, .def = "0"),
    [RF_DAYS] = F_INT("days", N_("Hari"), false, 3650, .def = "0"),
    [RF_GRANTED_DATE] = F_DATE("granted_date", N_("Tanggal diberikan"), true),
    [RF_DECREE_NO] = F_TEXT("decree_no", N_("Nomor SK"), false, 120),
};
const record_def_t remisi_def = {"remisi", "remisi", remisi_fields, RF_COUNT, "wbp_id", N_("Remisi")};

static const char *const level_c[] = {"ringan", "sedang", "berat", NULL};
static const char *const level_l[] = {N_("Ringan (teguran)"), N_("Sedang (tutupan sunyi s.d. 6 hari / hak ditunda)"),
                                      N_("Berat (tutupan sunyi 6-12 hari, dicatat di Register F)"), NULL};
static const field_def_t discipline_fields[DF_COUNT] = {
    [DF_OFFENCE] = F_TEXT("offence", N_("Pelanggaran"), true, 300),
    [DF_LEVEL] = F_ENUM("level", N_("Tingkat hukuman disiplin"), true, level_c, level_l),
    [DF_DECISION_DATE] = F_DATE("decision_date", N_("Tanggal keputusan"), true),
    [DF_PUNISH_START] = F_DATE("punish_start", N_("Hukuman mulai"), false),
    [DF_PUNISH_END] = F_DATE("punish_end", N_("Hukuman selesai"), false),
    [DF_REGISTER_F] = F_BOOL("register_f", N_("Dicatat di Register F"), false, .def = "0"),
    [DF_CANCELLED] = F_BOOL("cancelled", N_("Dibatalkan"), false, .def = "0"),
    [DF_CANCEL_REASON] = F_TEXT("cancel_reason", N_("Alasan pembatalan"), false, 300),
};
const record_def_t discipline_def = {"discipline", "discipline", discipline_fields, DF_COUNT, "wbp_id",
                                    N_("Hukuman disiplin (Register F)")};

static const field_def_t sppn_fields[SF_COUNT] = {
    [SF_MONTH] = F_MONTH("month", N_("Bulan penilaian (TTTT-BB)"), true),
    [SF_SCORE] = F_INT("score", N_("Nilai SPPN (0-100)"), true, 100),
    [SF_PREDICATE] = F_TEXT("predicate", N_("Predikat"), false, 60),
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
