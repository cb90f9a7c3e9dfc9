/* scorecard.h — the agreement scorecard's rules (issue 26): which follow-up statuses
 * count as working, in training, not working or unknown after release, and the rule
 * that suggests the next phase's places per trade. Rule data: rules/rapor-pks-*.json
 * (kind "rapor_pks"), the file in force on the day. Pure: no I/O, no globals. */
#ifndef BEKAL_SCORECARD_H
#define BEKAL_SCORECARD_H
#include "date.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_SCORECARD "rapor_pks"
enum { SC_WORKING, SC_TRAINING, SC_NOT_WORKING, SC_UNKNOWN, SC_OUTCOMES };
#define SC_MAX_STATUSES 12

typedef struct {
    char code[64];
    date_t effective_from;
    char status[SC_OUTCOMES][SC_MAX_STATUSES][40];
    int nstatus[SC_OUTCOMES];
    int64_t pass_rate_min_bp, cut_bp, min_released, working_share_min_bp, bonus_bp, min_places, max_places;
} sc_rules_t;

/* Reads a "rapor_pks" rule file. 0, or -1 (code "invalid_ruleset"). */
int sc_rules_from_json(json_t *root, sc_rules_t *r, err_t *e);
/* The outcome group (SC_*) of a follow-up status; SC_UNKNOWN for NULL or one not listed. */
int sc_outcome(const sc_rules_t *r, const char *status);
/* The codes of the groups ("bekerja", ...) for JSON. */
extern const char *const sc_outcome_codes[SC_OUTCOMES];

/* One trade's inputs and the suggestion. */
typedef struct {
    int64_t filled, waitlist, completed, failed, released, working;
} sc_trade_in_t;
typedef struct {
    int64_t places;
    char how[400]; /* Indonesian, the steps taken */
} sc_suggestion_t;
/* The next phase's places for one trade by the rule (see the rule file's notes). */
void sc_suggest(const sc_rules_t *r, const sc_trade_in_t *in, sc_suggestion_t *out);

#endif
