/* assess.h — the records of issue 5 as field tables (core/record.h): the initial
 * assessment (asesmen awal) of a WBP for a phase of an agreement and its rows per
 * trade (interest rank, aptitude, fitness), the enrolment (status per WBP and
 * phase), and the asimilasi proposal (usulan); plus the pure checks an assessment
 * needs beyond its fields, and the reading of a CSV interest list.
 *
 * Columns are migration 006 (assessment, assessment_trade, enrolment) and 008
 * (usulan). Pure: no I/O, no globals. */
#ifndef BEKAL_ASSESS_H
#define BEKAL_ASSESS_H
#include "record.h"

enum assessment_field {
    ASF_WBP_ID, ASF_AGREEMENT_ID, ASF_PHASE, ASF_ASSESSED_ON, ASF_ASSESSOR, ASF_LITERACY, ASF_NUMERACY, ASF_RISK,
    ASF_EXPERIENCE, ASF_NOTES, ASF_COUNT
};
/* One trade of an assessment (child of assessment, column assessment_id). */
enum assessment_trade_field { ATF_KEJURUAN_ID, ATF_INTEREST_RANK, ATF_APTITUDE, ATF_FIT, ATF_COUNT };
enum enrolment_field {
    ENF_WBP_ID, ENF_AGREEMENT_ID, ENF_PHASE, ENF_PROGRAM_ID, ENF_STATUS, ENF_WAIT_RANK, ENF_REASON, ENF_OVERRIDDEN,
    ENF_STATUS_AT, ENF_WITHDRAW_REASON, ENF_COUNT
};
enum usulan_field {
    USF_WBP_ID, USF_ENROLMENT_ID, USF_VARIANT, USF_CHAIN_CODE, USF_STATE, USF_FORM, USF_TPP_DATE, USF_DECREE_NO,
    USF_DECREE_DATE, USF_LETTER_NO, USF_LETTER_DATE, USF_START_DATE, USF_END_DATE, USF_REASON, USF_NOTES,
    USF_STATE_AT, USF_PLANNED_START, USF_COUNT
};

extern const record_def_t assessment_def, assessment_trade_def, enrolment_def, usulan_def;

/* Highest interest rank accepted (a phase offers a handful of trades). */
#define ASSESS_MAX_RANK 20

/* Cross-field checks of an assessment: phase >= 1, assessed on or before today
 * (YYYY-MM-DD). */
void assess_validate(const char **v, const char *today, field_errs_t *fe);

/* The per-trade values of one assessment. */
typedef struct {
    const char *code; /* the trade's code, for field names and messages */
    const char **v;   /* ATF_COUNT normalised values */
} assess_trade_row_t;
/* Normalises raw into row->v[field] through assessment_trade_def; an error is
 * reported on "<field name>_<code>" (e.g. "aptitude_LAS", arena-owned) so a form
 * can show it next to that trade's input. false on an invalid value. */
bool assess_trade_set(arena_t *a, assess_trade_row_t *row, int field, const char *raw, field_errs_t *fe);
/* The rows checked together: interest ranks are 1..ASSESS_MAX_RANK and used once,
 * and at least one trade is wanted unless allow_none. */
void assess_trades_validate(arena_t *a, const assess_trade_row_t *rows, int n, bool allow_none, field_errs_t *fe);

/* Splits an interest list written "LAS > KOMP > JAHIT" (also separated by ',',
 * ';', '|' or '/') into at most max trimmed codes, in order, into out (arena
 * copies). Returns the count, or -1 when there are more than max. */
int assess_split_interests(arena_t *a, const char *s, const char **out, int max);

#endif
