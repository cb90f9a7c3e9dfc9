/* wbp.h — the inmate (WBP) record: its field table and derived values. */
#ifndef BEKAL_WBP_H
#define BEKAL_WBP_H
#include "record.h"

enum wbp_field {
    WF_REGNO, WF_NAME, WF_BIRTH_DATE, WF_SEX, WF_RELIGION, WF_NATIONALITY, WF_EDUCATION, WF_LEGAL_CLASS,
    WF_CRIME_CATEGORY, WF_CRIME_DETAIL, WF_SENTENCE_KIND, WF_TERM_YEARS, WF_TERM_MONTHS, WF_TERM_DAYS,
    WF_DETENTION_START, WF_VERDICT_NO, WF_VERDICT_DATE, WF_FINE, WF_FINE_PAID, WF_SUBSIDER_MONTHS,
    WF_SUBSIDER_DAYS, WF_RESTITUTION, WF_RESTITUTION_PAID, WF_STATUS, WF_DERADICALISED, WF_FOREIGN_DOCS, WF_COUNT
};

extern const record_def_t wbp_def;

/* Cross-field checks after every field is set (life/death carry no term, a
 * sentence needs a term, dates are not in the future...). today is YYYY-MM-DD. */
void wbp_validate(const char **v, const char *today, field_errs_t *fe);

/* "2 tahun 6 bulan", "Seumur hidup", "Mati" for display (arena string). */
const char *wbp_sentence_text(arena_t *a, const char **v);

#endif
