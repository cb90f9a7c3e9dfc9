/* placement_store.h — the storage side of the initial assessment and the placement
 * (issue 5): phases, candidates with their eligibility, assessment and enrolment,
 * the placement proposal built from them with the pure core (core/placement.h),
 * applying it, overrides, status changes and promotion from the waiting list.
 *
 * A phase is one row of agreement_quota (an agreement and its phase number); its
 * id is the "phase key" the pages, the API and `bekal place --phase` use
 * (`bekal place` also takes AGREEMENT_ID:PHASE).
 *
 * Candidates of a phase: the inmates in custody at the agreement's site who are
 * asimilasi-eligible at a programme's start date or become eligible before it,
 * plus anyone already assessed or enrolled for the phase. Eligibility is answered
 * on the phase's eligibility date: the earliest programme start, or today when
 * that is still ahead (then eligible_from, the projection, says whether they will
 * be by the start).
 *
 * The placement places the assessed candidates whose enrolment the placement owns
 * (none yet, kandidat, ditempatkan or daftar_tunggu, not overridden by staff). The
 * other enrolments are fixed: overrides, enrolled (terdaftar), finished and
 * withdrawn ones are left alone, and the seats they hold are taken off the
 * programmes' capacity. Applying writes only what differs, so a second run over
 * the same data writes nothing. Every write is audited (audit_log) and every
 * status or programme change gets an enrolment_event with its reason. */
#ifndef BEKAL_PLACEMENT_STORE_H
#define BEKAL_PLACEMENT_STORE_H
#include "records.h"
#include "wbp_import.h"
#include "../core/assess.h"
#include "../core/enrolment.h"
#include "../core/placement.h"
#include <jansson.h>

typedef struct {
    int64_t id, site_id, agreement_id;
    int phase, quota_min, quota_max;
    const char *agreement_title, *agreement_number, *agreement_status, *site_code, *site_name;
} phase_t;

/* The phase with key id if uid may see its site: 1, 0 (none or not visible), -1. */
int phase_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, phase_t *out);
/* The id of the quota row (the phase key) of agreement_id and phase: the id, 0 when
 * none, or -1 with e set. */
int64_t phase_quota_id(db_t *db, err_t *e, int64_t agreement_id, int64_t phase);
/* The phase named by spec: "AGREEMENT_ID:PHASE" or a phase key. 1, 0, -1. */
int phase_find(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *spec, phase_t *out);
/* Every phase uid may see, by agreement and phase number. 0 or -1. */
int phase_list(db_t *db, err_t *e, arena_t *a, int64_t uid, phase_t **out, int *n);

typedef struct {
    int64_t id, kejuruan_id;
    const char *name, *trade_code, *trade_name, *status;
    int cap_min, cap_max;
    date_t start, end;
    bool requires_asimilasi;
    int seats_fixed; /* held by enrolments the placement leaves alone */
    const char *key; /* the core's programme id: "NAME (#ID)" */
} ph_program_t;

/* A trade on offer in the phase (the trades of its programmes, in programme order). */
typedef struct {
    int64_t id;
    const char *code, *name;
    const char *key; /* the core's trade key: "NAME (CODE)" */
} ph_trade_t;

/* One assessment row for a trade: -1 = not given. */
typedef struct {
    int64_t kejuruan_id;
    int rank, aptitude, fit;
} ph_score_t;

typedef struct {
    int64_t wbp_id;
    const char *regno, *name, *wbp_status;
    /* eligibility on the phase's date (inmates in custody only) */
    bool evaluated, eligible, pool;
    date_t eligible_from, release;
    /* the assessment (assessment_id 0: none) */
    int64_t assessment_id;
    const char *assessed_on, *assessor, *risk, *literacy, *numeracy, *experience, *notes;
    ph_score_t *scores;
    int nscores;
    /* the enrolment (enrolment_id 0: none) */
    int64_t enrolment_id, program_id;
    const char *status, *reason, *status_at;
    int wait_rank; /* 0: none */
    bool overridden;
    bool free; /* assessed, and the placement owns its enrolment */
} ph_cand_t;

typedef struct {
    phase_t ph;
    date_t at;                    /* eligibility date */
    date_t first_start, last_start; /* DATE_NONE without programmes */
    ph_program_t *prog;
    int nprog;
    ph_trade_t *trade;
    int ntrade;
    ph_cand_t *cand; /* by registration number in natural order */
    int ncand;
    pl_rules_t rules;
    bool has_rules;
} phase_data_t;

/* Loads everything the candidate list and the placement need, inside or outside a
 * transaction. today is YYYY-MM-DD. 0 or -1. */
int phase_data_load(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, phase_data_t *out);
/* What checking and saving one inmate's assessment needs (assess_check, assess_save),
 * without the eligibility of every inmate of the site: phase_data_load's programmes
 * and trades, and of its candidates the assessed and enrolled ones, and wbp_id when
 * phase_data_load has it in the pool (0: none). wbp_id is then a candidate exactly
 * when it is one of phase_data_load's, with the same values. 0 or -1. */
int phase_data_load_for(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, int64_t wbp_id,
                        phase_data_t *out);
/* Keeps only the candidates user uid may see (issue 21: a wali's caseload, an
 * instructor's participants, bapas' inmates; store/scope.h); nothing changes for
 * the other roles. 0 or -1. */
int phase_data_scope(db_t *db, err_t *e, arena_t *a, int64_t uid, phase_data_t *d);
/* Index of the candidate with wbp_id, or -1. */
int phase_cand_index(const phase_data_t *d, int64_t wbp_id);
/* Index of the programme with id, or -1. */
int phase_prog_index(const phase_data_t *d, int64_t program_id);

/* The placement proposal for the free candidates. */
typedef struct {
    int cand;           /* index into data->cand */
    int prog;           /* index into data->prog; -1 on the waiting list */
    int interest_rank, priority_rank; /* placed */
    int wait_rank;      /* waiting list */
    const char *code;   /* waiting list: the core's reason code */
    const char *reason; /* the explanation (Indonesian) */
    bool change;        /* status or programme differ from the enrolment (or there is none) */
    bool update;        /* anything stored differs (also wait rank or reason) */
} ph_outcome_t;

typedef struct {
    ph_outcome_t *out; /* placed first (by programme, then priority), then the waiting list in order */
    int nout, nplaced, nwait;
    int *filled, *applicants; /* per programme: placed by this plan, acceptable applicants */
    int nfixed, nunassessed, nchanges, nupdates;
    char fingerprint[65]; /* SHA-256 of the proposal: what a confirmation refers to */
} ph_plan_t;

/* Runs the placement over d. 0, or -1 with e (422 when the phase has no
 * programmes or no placement rules are in force). */
int phase_plan(arena_t *a, const phase_data_t *d, ph_plan_t *out, err_t *e);
/* The proposal as JSON: phase, at, ruleset, placed [{wbp, wbp_id, name, program,
 * program_name, interest_rank, priority_rank, reason}], waitlist [{wbp, wbp_id,
 * name, rank, code, reason}], fixed, unassessed, programs, under_minimum,
 * changes, summary, fingerprint. New reference. */
json_t *phase_plan_json(const phase_data_t *d, const ph_plan_t *p);
/* Candidates as JSON: {phase, at, items: [{wbp_id, wbp, name, eligible,
 * eligible_from, release, pool, assessment_id, assessed_on, interests, status,
 * program_id, wait_rank}]}. New reference. */
json_t *phase_candidates_json(const phase_data_t *d);

/* A phase's state (issue 22): closed once every programme of it (cancelled ones
 * aside) has ended, unless an admin reopened it. Strings arena-owned or NULL. */
typedef struct {
    int programs;
    const char *first_start, *last_end, *signed_date, *reopened_at, *reopen_reason;
    bool ended, closed;
} phase_state_t;
int phase_state_get(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, phase_state_t *out);
/* 0 when the phase is open; -1 with 409 "phase_closed" when closed (or a db error). */
int phase_refuse_closed(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today);
/* An assessment may be saved for the phase on date on (NULL: only the state): 409
 * "phase_closed", 422 "invalid_date" before the agreement was signed, after the
 * phase's last programme ended or after today. 0 or -1. */
int assess_check_phase(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, const char *on);
/* Reopens a closed phase with a reason (admin; audited "reopen"). 0 or -1: 400 no
 * reason, 404, 409 "phase_open". */
int phase_reopen(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id, const char *reason);

typedef struct {
    int created, changed, updated; /* enrolments created, status/programme changed, other fields updated */
} ph_apply_t;
/* Applies the proposal for phase_id in one transaction: loads and plans again,
 * refuses (409 "proposal_changed") when fingerprint is given and differs, writes
 * the enrolments that differ with their events, audited as who. 0 or -1. */
int phase_apply(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id, const char *today,
                const char *fingerprint, ph_apply_t *res);

/* One seat given to someone from the waiting list after a withdrawal. */
typedef struct {
    int64_t enrolment_id, wbp_id, program_id;
    const char *regno, *program_name;
} ph_promotion_t;

/* Changes enrolment id (visible to uid) to status `to` with a reason (through
 * enrol_transition: 409 illegal_transition, 400 reason_required). ditempatkan
 * needs a programme and goes through enrol_override. When a placed candidate
 * withdraws (mundur), the seat goes to the candidate on the waiting list with the
 * highest priority at that programme who named it and may join it (*promoted,
 * enrolment_id 0 when nobody); the waiting list is renumbered. A withdrawal takes a
 * coded reason `code` (rules/alasan-mundur-*.json in force today; NULL or empty:
 * "lainnya", whose note is the reason): an unknown code is a 422 "withdraw_reason", a
 * note the code needs missing a 422 "withdraw_note". 0 or -1. */
int enrol_change_status(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *to,
                        const char *reason, const char *code, const char *today, ph_promotion_t *promoted);
/* Staff decision: enrolment id to programme program_id (0: the waiting list), with a
 * reason; marked overridden, so later placement runs keep it. The programme must be
 * of the same phase, have a free seat (409) and, when it requires asimilasi, the
 * WBP must be eligible by its start (409). 0 or -1. */
int enrol_override(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, int64_t program_id,
                   const char *reason, const char *today);

/* One enrolment event, for pages and the API. */
typedef struct {
    const char *at, *from_status, *to_status, *reason, *user_name, *program_name;
    int64_t program_id;
    bool overridden;
} enrol_event_t;
int enrol_events(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, enrol_event_t **out, int *n);

/* ---- assessments ---- */

/* An assessment as entered: assessment_def values (wbp_id, agreement_id and phase
 * filled from the phase) and one row per trade on offer (trade i of the phase). */
typedef struct {
    const char **v;            /* ASF_COUNT */
    assess_trade_row_t *trades; /* d->ntrade rows, code set, v ATF_COUNT (kejuruan_id filled) */
    int ntrades;
} assess_in_t;

/* A blank input for d (every trade row present, nothing filled). */
void assess_in_init(arena_t *a, const phase_data_t *d, assess_in_t *in);
/* The stored assessment of candidate c into in (values as strings). */
void assess_in_from_cand(arena_t *a, const phase_data_t *d, int c, assess_in_t *in);
/* Checks an input against the phase: the WBP is at the phase's site, within the
 * scope of user uid (0: the command line, every inmate) and, unless already a
 * candidate, in custody; field rules, interest ranks. Errors into fe. */
void assess_check(db_t *db, err_t *e, arena_t *a, int64_t uid, const phase_data_t *d, assess_in_t *in,
                  const char *today, field_errs_t *fe);
/* Writes a checked input (inside the caller's transaction when there is one):
 * creates or updates the assessment of (wbp, agreement, phase) and its trade
 * rows (rows without any value are removed), and makes the WBP's enrolment for the
 * phase (kandidat) when there is none. Writes and audits only what changed:
 * *result gets 1 created, 2 updated, 0 unchanged. *id the assessment. 0 or -1. */
int assess_save(db_t *db, err_t *e, arena_t *a, const actor_t *who, const phase_data_t *d, const assess_in_t *in,
                int64_t *id, int *result);

/* CSV import of assessments for one phase (all or nothing, errors by line and
 * column, re-import changes nothing). Columns: regno*, assessed_on*, assessor*,
 * literacy, numeracy, risk, experience, notes, interests ("LAS > KOMP": trade
 * codes, first choice first) or interest_CODE (rank), aptitude_CODE (0-100),
 * fit_CODE (ya/tidak) for the trades of the phase. Counts in res (created,
 * updated, unchanged). 0, or -1 (res->nerrors > 0: 422 import_invalid). */
int assess_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id,
                      const char *data, size_t len, bool dry_run, wbp_import_result_t *res);

/* How far a phase (agreement, phase number) has come: assessments, enrolments placed
 * or beyond, and on the waiting list. A count is -1 when its query failed (e set). */
typedef struct {
    int64_t assessed, placed, waiting;
} ph_tally_t;
void phase_tally(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, ph_tally_t *out);
/* The initial assessments of inmate wbp_id with their agreement's number, by id
 * (no scope: the caller checked the inmate). 0 or -1. */
typedef struct {
    int64_t id;
    int phase;
    const char *agreement_number, *assessed_on, *risk;
} ph_wbp_assessment_t;
int phase_wbp_assessments(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, ph_wbp_assessment_t **out, int *n);

/* Every trade interest given in an assessment at the sites uid may see (0: all):
 * inmate, assessment, trade and rank, by inmate, assessment date and id. 0 or -1. */
typedef struct {
    int64_t wbp, as;
    const char *code, *name;
    int rank;
} assess_interest_t;
int assess_interests(db_t *db, err_t *e, arena_t *a, int64_t uid, assess_interest_t **out, int *n);

#endif
