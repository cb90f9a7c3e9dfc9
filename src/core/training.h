/* training.h — the field tables of the records a training programme is run with
 * (issue 6): the days off at a site (holiday) and the programme's sessions
 * (training_session), with their pure checks. Attendance, competency results,
 * the competency test and certificates have their own stores (store/training_store.h,
 * store/cert_store.h); the rules (attendance rate, correction window, completion,
 * certificate numbers) are core/attendance.h, completion.h, certno.h. Pure. */
#ifndef BEKAL_TRAINING_H
#define BEKAL_TRAINING_H
#include "record.h"

enum holiday_field { HF_DATE, HF_NAME, HF_COUNT };
enum session_field {
    TSF_PROGRAM_ID, TSF_SESSION_DATE, TSF_START_TIME, TSF_END_TIME, TSF_JP, TSF_UNIT_ID, TSF_INSTRUCTOR_ID,
    TSF_TOPIC, TSF_CANCELLED, TSF_CANCEL_REASON, TSF_COUNT
};

extern const record_def_t holiday_def, session_def;

/* A session on its own: times HH:MM with the end after the start, long enough for
 * its JP of jp_minutes each (0: not checked), and a cancelled session needs a
 * reason. Field errors into fe. */
void session_validate(const char **v, int jp_minutes, field_errs_t *fe);

/* The competency results and the competency test's outcomes: "kompeten",
 * "belum_kompeten" and back (-1 unknown); labels "Kompeten", "Belum kompeten". */
int competency_result_parse(const char *s);
const char *competency_result_label(const char *code);

#endif
