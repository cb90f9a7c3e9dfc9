/* scope.h — least privilege within a site (issue 21): which roles see only some
 * inmates of their sites, and the rules of a wali's caseload assignment (the
 * dated record that gives a case officer their inmates). Pure. The SQL that
 * applies the scope is store/scope.h WBP_SCOPE, with the same role list. */
#ifndef BEKAL_CORE_SCOPE_H
#define BEKAL_CORE_SCOPE_H
#include "record.h"
#include <stdbool.h>

typedef enum {
    SCOPE_SITES,     /* every inmate of the user's sites: admin, staf, kalapas, kanwil */
    SCOPE_CASELOAD,  /* wali: the caseload in force */
    SCOPE_PROGRAMME, /* instruktur: the participants of their programmes */
    SCOPE_RELEASE,   /* bapas: inmates with a release or a proposal */
} scope_kind_t;

/* The inmate scope of a role ("wali" -> SCOPE_CASELOAD); unknown roles SCOPE_SITES
 * (they have no routes anyway). */
scope_kind_t scope_of_role(const char *role);
/* True when the role sees only some inmates of its sites. */
bool scope_role_restricted(const char *role);

/* The caseload record (table caseload). */
enum caseload_field { CLF_WBP_ID, CLF_USER_ID, CLF_STARTED_ON, CLF_ENDED_ON, CLF_NOTES, CLF_COUNT };
extern const record_def_t caseload_def;

/* Checks the dates of an assignment (ISO texts; ended NULL or "" when in force)
 * against today: it starts no later than today, and ends (when it does) on or
 * after its start and no later than today. On a breach returns false with
 * *field ("started_on" or "ended_on") and *msg (an N_() text to translate). */
bool caseload_dates_ok(const char *started, const char *ended, const char *today, const char **field,
                       const char **msg);
/* The changes an update of an assignment may make: its end date and notes only;
 * true when before -> after keeps the inmate, the officer and the start (and an
 * ended assignment is not reopened). *field names the first refused change. */
bool caseload_change_ok(const char *const *before, const char *const *after, const char **field);

#endif
