/* training.c — field tables of holidays and training sessions and their checks
 * (see training.h). */
#include "training.h"
#include "schedule.h"
#include <stdlib.h>
#include <string.h>

static const field_def_t holiday_fields[HF_COUNT] = {
    [HF_DATE] = F_DATE("holiday_date", N_("Tanggal"), true),
    [HF_NAME] = F_TEXT("name", N_("Keterangan hari libur"), true, 120),
};
const record_def_t holiday_def = {"holiday", "holiday", holiday_fields, HF_COUNT, NULL, N_("Hari libur")};

static const field_def_t session_fields[TSF_COUNT] = {
    [TSF_PROGRAM_ID] = F_ID("program_id", N_("Program"), true),
    [TSF_SESSION_DATE] = F_DATE("session_date", N_("Tanggal sesi"), true),
    [TSF_START_TIME] = F_TEXT("start_time", N_("Jam mulai (JJ:MM)"), true, 5),
    [TSF_END_TIME] = F_TEXT("end_time", N_("Jam selesai (JJ:MM)"), true, 5),
    [TSF_JP] = F_INT("jp", N_("Jam pelajaran (JP)"), true, 24),
    [TSF_UNIT_ID] = F_ID("unit_id", N_("Unit kompetensi"), false),
    [TSF_INSTRUCTOR_ID] = F_ID("instructor_id", N_("Instruktur"), false),
    [TSF_TOPIC] = F_TEXT("topic", N_("Materi"), false, 300),
    [TSF_CANCELLED] = F_BOOL("cancelled", N_("Dibatalkan"), false, .def = "0"),
    [TSF_CANCEL_REASON] = F_TEXT("cancel_reason", N_("Alasan pembatalan"), false, 300),
};
const record_def_t session_def = {"training_session", "training_session", session_fields, TSF_COUNT, NULL,
                                  N_("Sesi pelatihan")};

void session_validate(const char **v, int jp_minutes, field_errs_t *fe)
{
    int s = 0, t = 0;
    bool ok_s = !v[TSF_START_TIME] || sched_time_parse(v[TSF_START_TIME], &s);
    bool ok_t = !v[TSF_END_TIME] || sched_time_parse(v[TSF_END_TIME], &t);
    if (!ok_s) field_err(fe, "start_time", _("Jam mulai \"%.10s\" tidak sah (pakai JJ:MM, misalnya 08:00)"), v[TSF_START_TIME]);
    if (!ok_t) field_err(fe, "end_time", _("Jam selesai \"%.10s\" tidak sah (pakai JJ:MM, misalnya 13:20)"), v[TSF_END_TIME]);
    if (ok_s && ok_t && v[TSF_START_TIME] && v[TSF_END_TIME]) {
        if (t <= s)
            field_err(fe, "end_time", _("Jam selesai %s harus sesudah jam mulai %s"), v[TSF_END_TIME], v[TSF_START_TIME]);
        else if (jp_minutes > 0 && v[TSF_JP]) {
            long jp = strtol(v[TSF_JP], NULL, 10);
            if (jp >= 1 && (long)(t - s) < jp * jp_minutes)
                field_err(fe, "end_time",
                          _("%ld JP x %d menit = %ld menit tidak muat dalam %s sampai %s (%d menit)"), jp, jp_minutes,
                          jp * jp_minutes, v[TSF_START_TIME], v[TSF_END_TIME], t - s);
        }
    }
    if (v[TSF_JP] && strtol(v[TSF_JP], NULL, 10) < 1) field_err(fe, "jp", _("JP sesi paling sedikit 1"));
    if (str_eq(v[TSF_CANCELLED], "1") && !v[TSF_CANCEL_REASON])
        field_err(fe, "cancel_reason", _("Sesi yang dibatalkan perlu alasan pembatalan"));
}

int competency_result_parse(const char *s)
{
    if (str_eq(s, "kompeten")) return 1;
    if (str_eq(s, "belum_kompeten")) return 0;
    return -1;
}

const char *competency_result_label(const char *code)
{
    return str_eq(code, "kompeten") ? _("Kompeten") : str_eq(code, "belum_kompeten") ? _("Belum kompeten") : "-";
}
