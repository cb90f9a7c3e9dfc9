/* inbox.h — the task inbox (issue 25): which items each role sees on its home
 * page, with their thresholds, and the colour tag of an item from its count and
 * due date.
 *
 * The items are rule data: rules/kotak-tugas-*.json (kind "kotak_tugas"), the file
 * in force today. Each item names a query (the store's counting function,
 * store/inbox_store.c), the roles that see it, its title, the page that does the
 * work, a window (days), the days from its reference date to its due date, and for
 * proposals the chain states (and variant) it waits in. Pure: no I/O, no globals. */
#ifndef BEKAL_INBOX_H
#define BEKAL_INBOX_H
#include "date.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_INBOX "kotak_tugas"
#define INBOX_MAX_ITEMS 32
#define INBOX_MAX_STATES 8

typedef struct {
    char code[40], query[40];
    char title[160];
    char title_en[200]; /* optional "title_en" */
    char url[200];
    int roles;                 /* bit i: auth_roles[i] (the order of role_names given to the parser) */
    int days;                  /* window in days (0: none) */
    int due_days;              /* due date = reference date + due_days */
    int nstates;
    char states[INBOX_MAX_STATES][40];
    char variant[40];          /* "" any */
} inbox_item_def_t;

typedef struct {
    char code[64];
    date_t effective_from;
    int warn_days;
    int n;
    inbox_item_def_t items[INBOX_MAX_ITEMS];
} inbox_rules_t;

/* Reads a "kotak_tugas" rule file; roles are looked up in role_names (NULL-ended,
 * bit i for role_names[i]), queries in queries (NULL-ended). 0, or -1 (code
 * "invalid_ruleset") naming the key. */
int inbox_rules_from_json(json_t *root, const char *const *role_names, const char *const *queries, inbox_rules_t *r,
                          err_t *e);

/* The item's title in the reader's language: its title_en for an English reader when
 * the file gives one, else the built-in titles translated, another file's as written. */
const char *inbox_title(const inbox_item_def_t *d);

typedef enum {
    INBOX_DONE,    /* nothing waiting */
    INBOX_LATER,   /* waiting, due later than warn_days (or no due date) */
    INBOX_SOON,    /* due within warn_days */
    INBOX_OVERDUE  /* past its due date */
} inbox_status_t;

/* The tag of an item with count things waiting and due date due (DATE_NONE: none). */
inbox_status_t inbox_status(int64_t count, date_t due, date_t today, int warn_days);
/* "done", "later", "soon", "overdue": the API's and the style sheet's names. */
const char *inbox_status_code(inbox_status_t s);
/* The tag's words in the reader's language. */
const char *inbox_status_label(inbox_status_t s);

#endif
