/* usulan_store.h — the asimilasi proposal (usulan) in the database (migration
 * 008): creating one under the approval chain the site's setting names
 * (usulan.chain, dated), its steps through core/usulan.h (illegal steps 409,
 * roles 403, missing fields 400), the dossier checklist with scans, and the TPP
 * session list. Every change is audited; every step is an usulan_event.
 *
 * Rules kept here: one open proposal per WBP (409 while another is not in a final
 * state); a proposal is put to the TPP only with a complete dossier (409 naming
 * the documents missing); the first proposal put to a date makes that date's
 * tpp_session. Scans are PDF, JPEG or PNG up to usulan.scan_max_kib KiB. */
#ifndef BEKAL_USULAN_STORE_H
#define BEKAL_USULAN_STORE_H
#include "records.h"
#include "../core/assess.h"
#include "../core/eligibility.h"
#include "../core/usulan.h"

/* The built-in chain with this code, or NULL. */
const usulan_chain_t *usulan_chain_by_code(const char *code);
/* The built-in dossier rules in force on date, or NULL. */
const usulan_dossier_t *usulan_dossier_at(date_t date);

typedef struct {
    rec_t rec;                   /* the row (usulan_def values) */
    const usulan_chain_t *chain; /* NULL when its code is no longer built in */
    usulan_t u;                  /* the workflow facts of the row */
    const char *regno, *name, *crime, *program_name;
    date_t created;
} usulan_full_t;

/* Proposal id if uid may see it: 1, 0, -1. */
int usulan_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, usulan_full_t *out);

/* One requirement of the eligibility guard (strings in the arena). */
typedef struct {
    const char *code, *label, *detail, *met_from; /* met_from: YYYY-MM-DD or NULL */
    bool met;
} usulan_req_t;

/* Eligibility of an inmate for an usulan on a date (issue 20): every requirement of
 * the rule set in force then (core/eligibility.h) and, when a form is given, whether
 * the track allows it ("bentuk_asimilasi", rule data). No role can override it. */
typedef struct {
    char at[DATE_ISO_LEN];
    bool eligible;
    const char *ruleset, *basis;
    int n;
    usulan_req_t req[REQ__COUNT + 1];
} usulan_guard_t;

/* Evaluates the guard for WBP wbp_id on date at with form (-1: any). 0 or -1. */
int usulan_guard(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t at, int form, usulan_guard_t *g);
/* The date a proposal is judged on: its planned start when that is after today, else today. */
date_t usulan_guard_date(const usulan_full_t *f, date_t today);

/* The id of WBP wbp_id's proposal that is still open (not in a final state of its
 * chain), 0 when none, -1 on error. */
int64_t usulan_open_id(db_t *db, err_t *e, int64_t wbp_id);

/* A new proposal for WBP wbp_id (visible to uid) in the initial state of the chain
 * in force today, linked to the WBP's latest placement when it has one. form is an
 * asimilasi form code; planned_start (YYYY-MM-DD, today or later; NULL: none) the
 * planned start, the date eligibility is judged on (else today). An inmate not
 * eligible then is refused: 422 "not_eligible", and *guard (when not NULL) says why.
 * 0 with *id, or -1 (404, 409 open proposal, 422 bad form or not eligible, 400 bad date). */
int usulan_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *form,
                  const char *notes, const char *planned_start, const char *today, int64_t *id, usulan_guard_t *guard);

/* What a step brings (strings as entered; dates YYYY-MM-DD or DD-MM-YYYY). */
typedef struct {
    const char *reason, *tpp_date, *decree_no, *decree_date, *letter_no, *letter_date, *start_date, *end_date;
} usulan_step_in_t;
/* Whether a transition moves a proposal forward and so must find the inmate
 * eligible again (TPP, recommendation, decree, start): every one that needs neither
 * a reason nor an end date (rejection, revocation and the end stay open). */
bool usulan_trans_guarded(const usulan_trans_t *t);
/* Moves proposal id to state `to` as who (who->role is checked against the chain).
 * A forward step evaluates eligibility again (at the start date given, else
 * usulan_guard_date()); not eligible: 422 "not_eligible" with *guard (when not NULL).
 * 0 or -1 (404, 409 illegal or dossier incomplete, 403 role, 400 fields/dates, 422). */
int usulan_step(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *to,
                const usulan_step_in_t *f, usulan_guard_t *guard);

/* The transitions out of the proposal's state (indices into chain->trans). */
int usulan_next_steps(const usulan_full_t *f, const usulan_trans_t **out, int cap);

typedef struct {
    const char *at, *from_state, *to_state, *fields, *reason, *user_name, *role;
} usulan_event_t;
int usulan_events(db_t *db, err_t *e, arena_t *a, int64_t usulan_id, usulan_event_t **out, int *n);

/* A dossier document row. */
typedef struct {
    int64_t id;
    const char *code, *note, *file_name, *content_type, *sha256, *updated_at;
    bool present, has_scan;
    int64_t size;
} usulan_doc_row_t;
int usulan_docs(db_t *db, err_t *e, arena_t *a, int64_t usulan_id, usulan_doc_row_t **out, int *n);
/* The checklist of proposal f: one entry per document of the dossier rules in
 * force when it was made. Returns the count (<= USL_MAX_DOCS) or -1. */
int usulan_checklist_for(db_t *db, err_t *e, arena_t *a, const usulan_full_t *f, usulan_check_t *out, bool *complete);
/* Sets document `code` of proposal id: present (-1 unchanged, 0, 1), note (NULL
 * unchanged) and, when data is given, its scan (which marks it present). 0 or -1
 * (404, 422 unknown code, 413 too large, 415 neither PDF, JPEG nor PNG). */
int usulan_doc_set(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *code,
                   int present, const char *note, const char *data, size_t len, const char *file_name);
/* One document's change on the dossier form: as usulan_doc_set's arguments. */
typedef struct {
    const char *code, *note, *data, *file_name;
    int present;
    size_t len;
} usulan_doc_in_t;
/* Sets n documents of proposal id in one transaction, each as usulan_doc_set (one
 * audit entry per document). On a refusal nothing is kept, *failed gets the index of
 * the document refused (-1 when none) and -1 is returned. */
int usulan_docs_set(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id,
                    const usulan_doc_in_t *in, int n, int *failed);
/* Whether data is a scan the dossier takes (PDF, JPEG or PNG; a PDF whole): 0, or the
 * HTTP status (415) with the reason in msg. */
int usulan_scan_check(const char *data, size_t len, char *msg, size_t n);
/* The scan of document row doc_id (visible to uid): 1 with *data and *len (arena),
 * 0 none, -1 (SHA-256 checked: 500 document_corrupt). */
int usulan_scan_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t doc_id, usulan_doc_row_t *row,
                    const char **data, size_t *len);

/* One proposal on a TPP session list. */
typedef struct {
    int64_t id, wbp_id, site_id;
    const char *site_code, *site_name, *regno, *name, *crime, *sentence, *form /* code */, *state, *state_label,
        *program;
    bool complete;
    int missing;
    usulan_guard_t guard; /* eligibility on the session date */
} tpp_item_t;
/* Proposals put to the TPP session of date (YYYY-MM-DD) at the sites uid may see
 * (only site_id when not 0), by site and registration number. 0 or -1. */
int tpp_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *date, tpp_item_t **out,
             int *n);
/* The session row of that date and site: place and chair (NULL when none). */
int tpp_session_get(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char *date, const char **place,
                    const char **chair);
/* Sets place and chair of the session on date at site_id (made when missing; with
 * both NULL only made), inside the caller's transaction. 0 or -1. */
int tpp_session_set(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *date, const char *place,
                    const char *chair);
/* The same in its own transaction. */
int tpp_session_save(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *date, const char *place,
                     const char *chair);

/* The proposals of inmate wbp_id, by id (no scope: the caller checked the inmate). 0 or -1. */
typedef struct {
    int64_t id;
    const char *state, *form, *state_at;
} usulan_brief_t;
int usulan_of_wbp(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, usulan_brief_t **out, int *n);

/* The proposal and document code of dossier row doc_id when uid may see its site:
 * 1, 0 none (or not visible), -1. */
int usulan_doc_owner(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t doc_id, int64_t *usulan_id,
                     const char **code);
/* The 20 latest TPP sessions at the sites uid may see (only site_id when > 0), with
 * the number of proposals put to each. 0 or -1. */
typedef struct {
    const char *date, *site_code;
    int proposals;
} tpp_recent_t;
int tpp_recent(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, tpp_recent_t **out, int *n);

#endif
