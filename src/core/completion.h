/* completion.h — does a participant complete the training (DOMAIN.md section
 * 4)? The completion rule is data (trainrules.h, "completion"): a minimum
 * attendance rate, and optionally every competency unit kompeten and every
 * session's attendance recorded. Each requirement is reported met or not with
 * an Indonesian explanation, as asimilasi eligibility does. Pure: no I/O, no
 * globals, no allocation.
 *
 * Decisions:
 *  - Evaluated on a date `at`: sessions after `at` are not held yet; results
 *    dated after `at` are not known yet.
 *  - A unit's result is its latest assessment by date (a later re-assessment
 *    replaces an earlier belum kompeten; on the same date the later entry in the
 *    array wins). No assessment: belum dinilai.
 *  - Requirements: program_selesai (at >= the last session's date) always;
 *    kehadiran (rate >= minimum; attendance.h) always; kehadiran_tercatat
 *    (no held session without an entry) and unit_kompeten when the rule says.
 *  - A requirement not met is "pending" when data or time is missing (the
 *    programme has not ended; a session not recorded; a unit not assessed; no
 *    attendance counted yet; an attendance rate under the minimum that
 *    recording the missing sessions as hadir would lift) and "failed" otherwise.
 *  - Outcome: before the programme ends, belum (not yet). After: tidak_lulus
 *    when any requirement failed (its reasons), else belum when any is pending
 *    (what is missing), else lulus.
 *  - completed_on (lulus only): the later of the last session's date and the
 *    last kompeten result that counted: the date the certificate can carry. */
#ifndef BEKAL_COMPLETION_H
#define BEKAL_COMPLETION_H
#include "trainrules.h"

typedef enum { COMP_LULUS, COMP_TIDAK_LULUS, COMP_BELUM } comp_outcome_t;
/* "lulus", "tidak_lulus", "belum" */
const char *comp_outcome_name(comp_outcome_t o);

typedef enum {
    COMP_REQ_PROGRAM_SELESAI, COMP_REQ_KEHADIRAN, COMP_REQ_KEHADIRAN_TERCATAT, COMP_REQ_UNIT_KOMPETEN, COMP_REQ__COUNT
} comp_req_code_t;
/* "program_selesai", "kehadiran", "kehadiran_tercatat", "unit_kompeten" */
const char *comp_req_code_name(comp_req_code_t c);

typedef enum { UNIT_BELUM_DINILAI, UNIT_BELUM_KOMPETEN, UNIT_KOMPETEN } comp_unit_state_t;
/* "belum_dinilai", "belum_kompeten", "kompeten" */
const char *comp_unit_state_name(comp_unit_state_t s);

/* One assessment of one unit. */
typedef struct {
    int unit;          /* index into the programme's units */
    bool kompeten;     /* false: belum kompeten */
    date_t date;
} comp_assessment_t;

typedef struct {
    const att_session_t *sessions;
    size_t n_sessions;
    size_t n_units;
    const char *const *unit_codes; /* n_units names for the texts; NULL: "unit ke-N" */
} comp_programme_t;

typedef struct {
    const signed char *status;       /* per session: att_status_t or ATT_NONE */
    const comp_assessment_t *results;
    size_t n_results;
} comp_participant_t;

typedef struct {
    comp_req_code_t code;
    bool met;
    bool pending;       /* not met for want of data or time, not a failure */
    char detail[480];
    char detail_coded[1400]; /* the same coded (msg.h), for the reader's language; "" when it did not fit */
} comp_req_t;

typedef struct {
    comp_outcome_t outcome;
    char reason[1200];      /* one line for the enrolment status history */
    char reason_coded[4000]; /* the same coded (msg.h), to be stored; "" when it did not fit */
    date_t completed_on;    /* lulus: see the header comment; else DATE_NONE */
    att_summary_t att;
    int units_kompeten, units_belum_kompeten, units_belum_dinilai;
    int n;
    comp_req_t req[COMP_REQ__COUNT];
} comp_eval_t;

/* The state of unit u for p at `at` (latest result), and its date (DATE_NONE
 * when not assessed). */
comp_unit_state_t comp_unit_state(const comp_participant_t *p, int unit, date_t at, date_t *when);

/* Evaluates p in prog on `at` with rules r. Results naming a unit outside
 * 0..n_units-1 are ignored. */
void comp_evaluate(const train_rules_t *r, const comp_programme_t *prog, const comp_participant_t *p, date_t at,
                   comp_eval_t *out);

/* A completion reason stored in Indonesian before the reasons were coded (the
 * formats comp_evaluate wrote then: "Tidak lulus. Kehadiran 70% (28 dari 40 JP) di
 * bawah minimum 80%.") read back as its coded form (msg.h), so that it too is shown in
 * the reader's language; NULL for any other text. Caller decrefs. */
json_t *comp_reason_legacy(const char *stored);

#endif
