/* followup.h — the follow-up schedule after release (DOMAIN.md §6, issue 8):
 * which contacts are due, done or overdue. The schedule (months after release) and
 * its tolerances are a rule file of kind "tindak_lanjut" (rules/tindak-lanjut-*.json).
 * Pure: no I/O, no allocation. */
#ifndef BEKAL_FOLLOWUP_H
#define BEKAL_FOLLOWUP_H
#include "../util/util.h"
#include "date.h"
#include <jansson.h>

#define FOLLOWUP_MAX_POINTS 12
#define RULES_KIND_FOLLOWUP "tindak_lanjut"

typedef struct {
    char code[64];
    date_t effective_from;
    int months[FOLLOWUP_MAX_POINTS]; /* strictly increasing, 1..120 */
    int npoints;
    int early_days; /* a contact this many days before a due date already counts for it */
    int grace_days; /* a point is overdue this many days after its due date */
} followup_rules_t;

/* Parses and checks a rule file (unknown or missing keys, bad values: errors naming
 * the key, code "invalid_ruleset"). 0 or -1. */
int followup_rules_from_json(json_t *root, followup_rules_t *r, err_t *e);

typedef enum {
    FU_NOT_YET,  /* its window has not opened */
    FU_DUE,      /* window open, not overdue yet */
    FU_DONE,     /* a contact counts for it */
    FU_OVERDUE   /* no contact and more than grace_days past due */
} followup_state_t;

typedef struct {
    int month;            /* months after release */
    date_t due;           /* release + month months */
    date_t done_on;       /* the contact that counts for it, or DATE_NONE */
    int contact;          /* index of that contact in the input, or -1 */
    followup_state_t state;
    int days_overdue;     /* > 0 only when FU_OVERDUE */
} followup_point_t;

/* Lays the schedule over the contacts made (any order; dates before the release
 * are ignored). Each contact counts for at most one point: the earliest point not
 * yet done whose window (due - early_days) has opened by the contact's date.
 * out gets r->npoints points in schedule order. Returns the number overdue. */
int followup_schedule(const followup_rules_t *r, date_t released, const date_t *contacts, int ncontacts, date_t today,
                      followup_point_t *out);
/* "belum waktunya", "jatuh tempo", "selesai", "terlambat" (translatable). */
const char *followup_state_label(followup_state_t s);

#endif
