/* training_common.h — what the training area's page files share (pages/training.c,
 * results.c, certificates.c; defined in training_common.c): loading a programme's
 * or an enrolment's training data the user may see, the site's day, confirm=1 of
 * action forms, labels. Who may see what follows the programme's scope (an
 * instructor: own programmes only) and the site. */
#ifndef BEKAL_WEB_TRAINING_COMMON_H
#define BEKAL_WEB_TRAINING_COMMON_H
#include "web.h"
#include "../store/records.h"
#include "../store/training_store.h"
#include "../store/cert_store.h"

/* Loads programme program_id's training data and rules if the user may see the
 * programme (404 like a missing one otherwise). 0, or -1 with r->err. */
int trn_web_load(req_t *r, int64_t program_id, trn_data_t *d, train_rules_t *rules);
/* The site's zone (setting site.time_zone, default WIB). */
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

/* Loads enrolment id and its programme's data if the user may see the programme.
 * *person gets the participant's index. 0 or -1 with r->err (404). */
int trn_web_load_enrolment(req_t *r, int64_t enrolment_id, trn_data_t *d, train_rules_t *rules, int *person);

#endif
