/* notprop.h — "tidak diusulkan": an inmate who is eligible for asimilasi (or will
 * be within a window) and has no proposal is marked not proposed, with a coded
 * reason, a note and a review date; on the review date the mark lapses and the
 * inmate is back among those to decide on (issue 24).
 *
 * The reasons, their review periods, whether a note is required and the window are
 * rule data: rules/tidak-diusulkan-*.json (kind "tidak_diusulkan"), the file in force
 * on the date of the decision. Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_NOTPROP_H
#define BEKAL_NOTPROP_H
#include "date.h"
#include "record.h"
#include "rulefile.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_NOTPROP "tidak_diusulkan"
#define NOTPROP_MAX_REASONS RF_MAX_REASONS

/* window_months: eligible now or within this many months; each reason's review_months. */
typedef rf_reason_t notprop_reason_t;
typedef rf_reasons_t notprop_rules_t;

/* Reads a "tidak_diusulkan" rule file. 0, or -1 (code "invalid_ruleset"). */
int notprop_rules_from_json(json_t *root, notprop_rules_t *r, err_t *e);
/* The reason with code, or NULL. */
const notprop_reason_t *notprop_reason(const notprop_rules_t *r, const char *code);
/* The reason's label in the reader's language (the built-in ones are translated). */
const char *notprop_label(const notprop_reason_t *x);

/* The stored mark (table wbp_not_proposed, owned by a WBP). */
enum { NPF_REASON, NPF_NOTE, NPF_DECIDED_ON, NPF_REVIEW_ON, NPF_ENDED_ON, NPF_END_REASON, NPF_COUNT };
extern const record_def_t notprop_def;

/* Checks a decision: the reason is known, a note where the rule requires one (at
 * most 500 bytes), the decision not in the future; fills *review (decided + the
 * reason's months). Errors go to fe under "reason", "note" and "decided_on". */
void notprop_check(const notprop_rules_t *r, const char *reason, const char *note, date_t decided, date_t today,
                   date_t *review, field_errs_t *fe);

/* Whether an inmate may be marked: eligible on `today`, or eligible_from within the
 * window (eligible_from <= today + window months). */
bool notprop_in_window(const notprop_rules_t *r, bool eligible, date_t eligible_from, date_t today);

/* Whether a mark decided with review date `review` and ended on `ended` (DATE_NONE:
 * not ended) holds on `on`. */
bool notprop_active(date_t review, date_t ended, date_t on);

#endif
