/* pembinaan.h — field tables of the records kept per WBP for eligibility:
 * remisi granted, discipline (Register F) and the monthly SPPN score. */
#ifndef BEKAL_PEMBINAAN_H
#define BEKAL_PEMBINAAN_H
#include "record.h"

enum remisi_field { RF_KIND, RF_MONTHS, RF_DAYS, RF_GRANTED_DATE, RF_DECREE_NO, RF_COUNT };
enum discipline_field {
    DF_OFFENCE, DF_LEVEL, DF_DECISION_DATE, DF_PUNISH_START, DF_PUNISH_END, DF_REGISTER_F, DF_CANCELLED,
    DF_CANCEL_REASON, DF_COUNT
};
enum sppn_field { SF_MONTH, SF_SCORE, SF_PREDICATE, SF_COUNT };

extern const record_def_t remisi_def, discipline_def, sppn_def;

/* Cross-field checks (remisi amount not zero, punishment end after start, a
 * cancellation has a reason...). today is YYYY-MM-DD. */
void remisi_validate(const char **v, const char *today, field_errs_t *fe);
void discipline_validate(const char **v, const char *today, field_errs_t *fe);
void sppn_validate(const char **v, const char *today, field_errs_t *fe);

/* A heavy (berat) punishment is recorded in Register F (Permenkumham 6/2013): ticks
 * v[DF_REGISTER_F] when it is not; true when it did. */
bool discipline_tick_register_f(const char **v);
/* Remisi against the inmate's sentence (DOMAIN.md 2): none for a life or death
 * sentence (sentence_kind), and one grant of at most max_days (30-day months plus
 * days; the amount DOMAIN gives for its kind, a dated setting). */
void remisi_check(const char **v, const char *sentence_kind, int64_t max_days, field_errs_t *fe);

#endif
