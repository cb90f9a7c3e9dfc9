/* inbox_store.h — the counts behind the task inbox (issue 25, core/inbox.h): for
 * each item of the rule file that a role sees, how many things wait, the earliest
 * reference date (from which the due date follows) and, when exactly one thing
 * waits, its id (so the inbox can link straight to it).
 *
 * One query per item, limited like the lists are: SITE_SCOPE for the sites, and
 * WBP_SCOPE where inmates are counted (a wali's caseload, a bapas' releases). The
 * two items computed from sentence dates (newly eligible, releases due) share one
 * eligibility scan. */
#ifndef BEKAL_INBOX_STORE_H
#define BEKAL_INBOX_STORE_H
#include "db.h"
#include "../core/inbox.h"

/* The queries a rule file may name (NULL-ended). */
extern const char *const inbox_queries[];

/* The rule file in force on today, parsed (roles against auth_roles). 0 or -1. */
int inbox_rules(date_t today, inbox_rules_t *r, err_t *e);

typedef struct {
    int64_t count;
    date_t ref;     /* earliest reference date, DATE_NONE when none */
    date_t due;     /* ref + the item's due_days, DATE_NONE when none */
    int64_t one_id; /* the one thing waiting (a session, a programme), 0 otherwise */
} inbox_count_t;

/* Fills out[i] for every item of r whose roles include role_bit (the others get
 * count -1), for user uid on today; a holds what the counting reads. 0 or -1 with e set. */
int inbox_counts(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, int role_bit, const inbox_rules_t *r,
                 date_t today, inbox_count_t *out);

/* One site of the user's, with its inmates in custody and released (the home page's cards). */
typedef struct {
    const char *code, *name;
    int64_t in_custody, released;
} inbox_site_t;
/* The sites uid is given, by code. Arena-owned. 0 or -1. */
int inbox_sites(db_t *db, err_t *e, arena_t *a, int64_t uid, inbox_site_t **out, int *n);

#endif
