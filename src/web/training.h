/* training.h — the training area of the web application (issue 6): a programme's
 * training page (participants with their live attendance and completion, the
 * sessions, generating the schedule, starting the training, completion and
 * certificates), the attendance grid of a session (usable on a phone), the
 * competency results, a participant's training record, holidays, certificates
 * (list, page, PDF, revocation), the public verification page and the API.
 *
 * Files: pages_training.c (programme page, schedule, sessions, attendance,
 * holidays), pages_results.c (results, completion, participant page, uji
 * kompetensi), pages_certificates.c (certificates and /verify), api_training.c.
 * Who may see what follows the programme's scope (an instructor: own
 * programmes only, programs.c) and the site. */
#ifndef BEKAL_WEB_TRAINING_H
#define BEKAL_WEB_TRAINING_H
#include "programs.h"
#include "../store/training_store.h"
#include "../store/cert_store.h"

extern const entity_t session_entity, holiday_entity;

/* ---- shared by the training files (pages_training.c) ---- */
/* Loads programme program_id's training data and rules if the user may see the
 * programme (404 like a missing one otherwise). 0, or -1 with r->err. */
int trn_web_load(req_t *r, int64_t program_id, trn_data_t *d, train_rules_t *rules);
/* The site's zone (setting training.utc_offset_minutes, default 420 = WIB). */
int trn_web_utc_offset(req_t *r, int64_t site_id);
/* Today at the site (its zone). */
date_t trn_web_today(req_t *r, int64_t site_id);
/* An action form without fields of its own (start, complete, issue, generate)
 * must carry confirm=1 (its button's hidden field): a bare or mangled POST does
 * nothing. 0, or -1 with r->err (422). */
int trn_web_confirmed(req_t *r);
/* "83,33%" or "-" for the rate of a summary. */
const char *trn_web_rate(req_t *r, const att_summary_t *s);
/* Label of an attendance status ("Hadir", ...; "Belum dicatat" for ATT_NONE). */
const char *trn_web_att_label(int status);
/* Label of a completion outcome. */
const char *trn_web_outcome_label(comp_outcome_t o);
/* Saves the attendance entries of session s of d in one transaction (the page and
 * the API). 0, or -1 with e set (see trn_attendance_save). */
int trn_web_save_attendance(req_t *r, const trn_data_t *d, const train_rules_t *rules, const trn_session_t *s,
                            const trn_att_entry_t *entries, int n, const char *reason, trn_att_outcome_t *out, err_t *e);
/* Loads session id (scoped) with its programme's data and rules; *si gets its
 * index in d. 0 or -1 with r->err (404). */
int trn_web_load_session(req_t *r, int64_t id, trn_data_t *d, train_rules_t *rules, int *si);
/* The training links on a programme's page (programs.c calls it from its show hook). */
void training_program_links(req_t *r, resp_t *w, const rec_t *program);
/* The training pages' styles, served after app.css's own (pages_auth.c). */
extern const char training_css[];

/* ---- pages_training.c ---- */
int page_training(req_t *r, resp_t *w);           /* GET /programs/{id}/training */
int page_sessions_generate(req_t *r, resp_t *w);  /* POST /programs/{id}/sessions/generate */
int page_training_start(req_t *r, resp_t *w);     /* POST /programs/{id}/start */
int page_session(req_t *r, resp_t *w);            /* GET /sessions/{id} */
int page_attendance_save(req_t *r, resp_t *w);    /* POST /sessions/{id}/attendance */
int page_holiday_delete(req_t *r, resp_t *w);     /* POST /holidays/{id}/delete */

/* ---- pages_results.c ---- */
int page_results(req_t *r, resp_t *w);            /* GET /programs/{id}/results */
int page_results_save(req_t *r, resp_t *w);       /* POST /programs/{id}/results */
int page_training_complete(req_t *r, resp_t *w);  /* POST /programs/{id}/complete */
int page_enrolment(req_t *r, resp_t *w);          /* GET /enrolments/{id} */
int page_uji_create(req_t *r, resp_t *w);         /* POST /enrolments/{id}/uji */
/* Loads enrolment id and its programme's data if the user may see the programme.
 * *person gets the participant's index. 0 or -1 with r->err (404). */
int trn_web_load_enrolment(req_t *r, int64_t enrolment_id, trn_data_t *d, train_rules_t *rules, int *person);

/* Every field error as one 422 message (the pages' forms). Returns -1. */
int trn_web_results_error(req_t *r, const field_errs_t *fe);

/* ---- pages_certificates.c ---- */
/* The certificate list's query (q, status, program_id, site, page, per_page), for the
 * page and the API: strict (the API) answers 400 for a status or programme it does
 * not know, else (the page) they are ignored / match nothing. 0, or -1 with r->err. */
int cert_query_parse(req_t *r, bool strict, cert_query_t *q);
int page_certificates(req_t *r, resp_t *w);           /* GET /certificates */
int page_certificate(req_t *r, resp_t *w);            /* GET /certificates/{id} */
int page_certificate_pdf(req_t *r, resp_t *w);        /* GET /certificates/{id}/pdf */
int page_certificate_revoke(req_t *r, resp_t *w);     /* POST /certificates/{id}/revoke */
int page_certificate_issue(req_t *r, resp_t *w);      /* POST /enrolments/{id}/certificate */
int page_certificates_issue_all(req_t *r, resp_t *w); /* POST /programs/{id}/certificates */
int page_verify_form(req_t *r, resp_t *w);            /* GET /verify (public) */
int page_verify(req_t *r, resp_t *w);                 /* GET /verify/{number} (public, rate-limited) */
/* Revokes certificate id (visible to the user) with reason: 0 or -1 with r->err
 * (422 without a reason, 409 when already revoked). */
int trn_web_revoke(req_t *r, int64_t id, const char *reason);

/* ---- api_training.c ---- */
int api_program_sessions(req_t *r, resp_t *w);      /* GET /api/v1/programs/{id}/sessions */
int api_program_participants(req_t *r, resp_t *w);  /* GET /api/v1/programs/{id}/participants */
int api_session_attendance(req_t *r, resp_t *w);    /* GET /api/v1/sessions/{id}/attendance */
int api_attendance_save(req_t *r, resp_t *w);       /* POST /api/v1/sessions/{id}/attendance */
int api_result_create(req_t *r, resp_t *w);         /* POST /api/v1/enrolments/{id}/results */
int api_certificates(req_t *r, resp_t *w);          /* GET /api/v1/certificates */
int api_certificate(req_t *r, resp_t *w);           /* GET /api/v1/certificates/{id} */
int api_certificate_revoke(req_t *r, resp_t *w);    /* POST /api/v1/certificates/{id}/revoke */

#endif
