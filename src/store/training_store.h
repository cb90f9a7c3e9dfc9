/* training_store.h — what running a programme reads and writes (issue 6): the
 * programme with its trade, units, sessions, participants (enrolments placed in
 * it), their attendance and competency results, loaded at once (trn_load); the
 * site's holidays; generating the sessions; saving an attendance grid with the
 * correction window (core/attendance.h) and its history; competency results and
 * the external competency test. Writes run inside the caller's transaction and
 * are audited. The caller has checked that the user may see the programme. */
#ifndef BEKAL_TRAINING_STORE_H
#define BEKAL_TRAINING_STORE_H
#include "records.h"
#include "../core/completion.h"
#include "../core/enrolment.h"
#include "../core/schedule.h"

typedef struct {
    int64_t id, site_id, kejuruan_id, agreement_id, provider_id; /* provider 0 when none */
    const char *name, *site_code, *site_name, *site_address, *trade_code, *trade_name, *provider_name;
    const char *start_date, *end_date, *status;
    date_t start, end;
    int phase, total_jp; /* total_jp 0 when not set */
} trn_program_t;

typedef struct {
    int64_t id;
    int seq, jp;
    const char *code, *title; /* code may be NULL */
} trn_unit_t;

typedef struct {
    int64_t id, unit_id, instructor_id; /* 0 when none */
    date_t date;
    const char *date_iso, *start_time, *end_time, *topic, *cancel_reason;
    int jp;
    bool cancelled;
} trn_session_t;

typedef struct {
    int64_t enrolment_id, wbp_id;
    const char *name, *regno, *status_at;
    enrol_status_t status;
} trn_participant_t;

typedef struct {
    int64_t id, session_id, enrolment_id, entered_by;
    int status; /* att_status_t */
    const char *note, *entered_at, *updated_at;
} trn_att_t;

typedef struct {
    int64_t id, enrolment_id, unit_id;
    bool kompeten;
    date_t date;
    const char *assessed_on, *assessor, *evidence, *created_at;
} trn_result_t;

typedef struct {
    trn_program_t p;
    trn_unit_t *units;
    int n_units;
    trn_session_t *sessions; /* every session, cancelled ones too, by date and start time */
    int n_sessions;
    trn_participant_t *people; /* enrolments in the programme that are placed, enrolled or finished, by name */
    int n_people;
    trn_att_t *att;
    int n_att;
    trn_result_t *results; /* by enrolment, unit, date, id */
    int n_results;
} trn_data_t;

/* Loads programme program_id with everything above (arena-owned). 1, 0 when there
 * is no such programme, -1 on error. */
int trn_load(db_t *db, err_t *e, arena_t *a, int64_t program_id, trn_data_t *out);
/* The attendance entry of an enrolment at a session, or NULL. */
const trn_att_t *trn_att_find(const trn_data_t *d, int64_t session_id, int64_t enrolment_id);
/* Index of a unit / participant / session by id, or -1. */
int trn_unit_index(const trn_data_t *d, int64_t unit_id);
int trn_person_index(const trn_data_t *d, int64_t enrolment_id);
int trn_session_index(const trn_data_t *d, int64_t session_id);
/* True when the participant's attendance is entered and changed on the grid
 * (enrolled or finished; not placed-only or withdrawn). */
bool trn_person_attends(const trn_participant_t *p);

/* The training rules for the programme: the built-in rule file of kind pelatihan
 * in force on its start date. 0 or -1. */
int trn_rules(const trn_data_t *d, train_rules_t *out, err_t *e);
/* Completion of participant `person` on `at` (core/completion.h): the sessions not
 * cancelled, the participant's entries and results. Pure over d. */
void trn_evaluate(const trn_data_t *d, const train_rules_t *r, int person, date_t at, comp_eval_t *out);
/* Held, non-cancelled JP of the programme's sessions (all of them when at is DATE_NONE). */
int trn_scheduled_jp(const trn_data_t *d, date_t at);

/* The site's holidays between from and to (inclusive) as dates. 0 or -1. */
int trn_holidays(db_t *db, err_t *e, arena_t *a, int64_t site_id, date_t from, date_t to, date_t **out, int *n);

/* Replaces the programme's sessions with a generated schedule: refused (409) when
 * any attendance has been entered; cancelled sessions are kept (their dates were
 * passed to the generator as cancelled), the others are deleted; each new session
 * gets unit_ids[s.unit] (0: none) and the instructor. Audited per session. Inside
 * a transaction. *created gets the number made. 0 or -1. */
int trn_sessions_replace(db_t *db, err_t *e, const actor_t *who, const trn_data_t *d, const sched_result_t *res,
                         const int64_t *unit_ids, int64_t instructor_id, int *created);

/* One cell of an attendance grid. status ATT_NONE: leave the entry as it is. */
typedef struct {
    int64_t enrolment_id;
    int status;
    const char *note; /* NULL or "" : no note */
} trn_att_entry_t;

typedef struct {
    int inserted, corrected, late, unchanged;
} trn_att_outcome_t;

/* Saves the entries of one session, all or nothing, inside the caller's
 * transaction. A first entry needs a role among the rule's entry roles; a change
 * of an existing entry goes through att_correction_check (after the window only
 * the late roles, with a reason) and is kept in attendance_change. Every write is
 * audited (a late correction with its reason). now is seconds since the epoch:
 * the time the entries are made (the window is judged and the rows stamped with it).
 * -1 with e: 403 "correction_refused" / "entry_refused", 422 "reason_required",
 * 422 "not_participant" for an enrolment that is not in the grid. */
int trn_attendance_save(db_t *db, err_t *e, const actor_t *who, const att_rules_t *rules, int utc_offset_min,
                        int64_t now, const trn_data_t *d, const trn_session_t *s, const trn_att_entry_t *entries,
                        int n, const char *reason, trn_att_outcome_t *out);

/* Adds a competency result (audited). The unit must be one of the programme's and
 * the enrolment one of its participants (422 otherwise). Returns the id or -1. */
int64_t trn_result_add(db_t *db, err_t *e, const actor_t *who, const trn_data_t *d, int64_t enrolment_id,
                       int64_t unit_id, bool kompeten, const char *assessed_on, const char *assessor,
                       const char *evidence);

/* An external competency test (uji kompetensi) of an enrolment. */
typedef struct {
    int64_t id, enrolment_id;
    const char *lsp, *scheme, *test_date, *result, *bnsp_number, *bnsp_issued, *bnsp_expiry, *notes, *created_at;
} trn_uji_t;
/* Adds one (audited); bnsp_expiry is computed by the caller (core/certno.h). Returns the id or -1. */
int64_t trn_uji_add(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const trn_uji_t *u);
/* The tests of an enrolment, latest first. 0 or -1. */
int trn_uji_list(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, trn_uji_t **out, int *n);

/* The status history of an enrolment (enrolment_event), oldest first. */
typedef struct {
    const char *at, *from_status, *to_status, *reason, *user_name;
} trn_event_t;
int trn_enrolment_events(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, trn_event_t **out, int *n);

/* The correction history of the entries of one enrolment (or of a session when
 * enrolment_id is 0 and session_id given), latest first. */
typedef struct {
    int64_t session_id, enrolment_id;
    const char *at, *from_status, *to_status, *reason, *user_name;
    bool late;
} trn_change_t;
int trn_att_changes(db_t *db, err_t *e, arena_t *a, int64_t session_id, int64_t enrolment_id, trn_change_t **out,
                    int *n);

/* ---- the session form's references ---- */
/* The units of the trade of session_id's programme, by sequence, as parallel arrays
 * ids/labels ("SEQ. title"). 0 or -1. */
int trn_session_units(db_t *db, err_t *e, arena_t *a, int64_t session_id, int *n, int64_t **ids,
                      const char ***labels);
/* "SEQ. title" of unit_id, or NULL. */
const char *trn_unit_label(db_t *db, err_t *e, arena_t *a, int64_t unit_id);
/* 1 when unit_id belongs to site_id, 0 not, -1 error. */
int trn_unit_at_site(db_t *db, err_t *e, int64_t site_id, int64_t unit_id);
/* 1 when unit_id is a unit of the trade of programme program_id, 0 not, -1 error. */
int trn_unit_of_program(db_t *db, err_t *e, int64_t unit_id, int64_t program_id);
/* The start date (text as stored, NULL when none) of programme program_id: 1, 0 no such programme, -1. */
int trn_program_start(db_t *db, err_t *e, arena_t *a, int64_t program_id, const char **start);

#endif
