/* placement_json.h — a placement problem as JSON in, the proposal as JSON out:
 * the shape of `bekal calc placement FILE.json` (golden files) and of the
 * placement benchmark. Pure: parses a json_t, returns a json_t.
 *
 * Input:
 *   {"at": "YYYY-MM-DD",            rule-set date and days_left reference
 *                                   (default: the earliest programme start)
 *    "rules": "CODE" | {...},       a built-in placement rule file by code, or
 *                                   one inline (default: the built-in in force on at)
 *    "programs": [{"id", "trade", "capacity", "min", "start", "end",
 *                  "requires_asimilasi" (default true), "excluded_risk": [...]}],
 *    "candidates": [{"wbp" (registration number), "id" (default: wbp),
 *                    "interests": [trade or programme id, ...],
 *                    "aptitude": {trade: 0..100},
 *                    "fit": true | false | {trade: true|false},   (absent: not assessed)
 *                    "release_date": DATE | "days_left": N (from at),
 *                    "risk": "rendah"|"sedang"|"tinggi",
 *                    "eligible_from": DATE | null,
 *                    "eligible_at_start": {programme id: true|false}}],
 *    "withdraw": [wbp or id | {"wbp": ..., "moves": true|false}]}  in order, after placing
 * Output: {"ruleset", "at", "placed": [{"wbp", "program", "interest_rank",
 *   "priority_rank", "reason"}], "waitlist": [{"wbp", "rank", "code", "reason"}],
 *   "programs": [{"id", "capacity", "min", "placed", "applicants"}],
 *   "under_minimum": [{"program", "placed", "min", "reason"}],
 *   "withdrawals": [{"wbp", "program", "moves": [{"wbp", "program", "from", "reason"}]}],
 *   "summary": {"candidates", "placed", "waitlist", "withdrawn"}}
 * placed and waitlist show the state after the withdrawals. */
#ifndef BEKAL_PLACEMENT_JSON_H
#define BEKAL_PLACEMENT_JSON_H
#include "placement.h"

/* The parsed input. Strings point into root, which it holds a reference to. */
typedef struct {
    json_t *root;
    pl_input_t in;
    date_t at;
    json_t *rules_json; /* "rules" as given, or NULL */
    json_t *withdraw;   /* "withdraw" array, or NULL */
    pl_candidate_t *cand;
    pl_program_t *prog;
    const char **interests; /* every candidate's, concatenated */
    pl_score_t *scores;
    pl_elig_t *elig;
} pl_json_input_t;

/* Parses root (takes its own reference). Errors name the entry and key, code
 * "invalid_input". 0 or -1; on 0 free with pl_json_input_free. */
int pl_json_input_parse(json_t *root, pl_json_input_t *out, err_t *e);
void pl_json_input_free(pl_json_input_t *in);

/* The rules the input asks for, into *out (inline, by code, or the built-in in
 * force on in->at). 0 or -1. */
int pl_json_rules(const pl_json_input_t *in, pl_rules_t *out, err_t *e);

/* placed, waitlist, programs, under_minimum and summary of a result (new reference). */
json_t *pl_result_json(const pl_result_t *r);

/* The whole calculation: parse, pick the rules, place, apply the withdrawals;
 * *out gets the output object (caller owns it). 0 or -1. */
int pl_json_run(json_t *root, json_t **out, err_t *e);

#endif
