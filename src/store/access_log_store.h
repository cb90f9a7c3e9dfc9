/* access_log_store.h — the access log of personal data (issue 21; table
 * access_log, migration 018): one row per answered read, written by the request
 * framework (web/access_log.c), pruned after the retention period (setting
 * access_log.retention_days), read on /access-log through the generic list
 * (core/accesslog.h holds the field table). */
#ifndef BEKAL_ACCESS_LOG_STORE_H
#define BEKAL_ACCESS_LOG_STORE_H
#include "audit.h"
#include "db.h"

/* One read. subject: "list" for a list or report, else the table whose row the
 * route's {id} names ("wbp", "enrolment", "certificate", ...); the store finds the
 * inmate and the site from it. Strings borrowed. */
typedef struct {
    const char *at; /* ISO time */
    int64_t user_id;
    const char *user_name, *role, *action, *route, *path, *subject;
    int64_t subject_id;   /* the route's {id}, 0 when none */
    const char *filter, *format, *client;
    const char *site_code; /* a list: the site its filter names, or NULL */
    int status;
} access_entry_t;

/* True when the store knows subject (a table whose {id} it can trace to an inmate, or "list"). */
bool access_log_subject_known(const char *subject);
/* Writes n entries in one transaction (PostgreSQL: without waiting for the commit
 * to reach the disk, synchronous_commit off: a crash may lose the last fraction of a
 * second of entries, never make the log inconsistent). An entry whose record does
 * not exist (any more) writes nothing. 0, or -1 with e set (nothing written). */
int access_log_add_many(db_t *db, err_t *e, const access_entry_t *xs, int n);
/* Deletes the entries older than the retention period in force today (setting
 * access_log.retention_days), audited as one entry when any were deleted, in its own
 * transaction. *deleted gets the count, *keep_from the first day kept (11 bytes). 0 or -1. */
int access_log_prune(db_t *db, err_t *e, const actor_t *who, const char *today, int64_t *deleted, char keep_from[11]);
/* The condition of the log's search box over the list's alias r (the user, the
 * filter, or the inmate's name or number): four bound LIKE patterns. */
const char *access_log_search_sql(void);

#endif
