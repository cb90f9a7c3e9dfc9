/* accesslog.h — the access log of personal data (issue 21): its field table and the
 * pure rules that say what one read was (a record viewed, a list viewed, an export),
 * in which format, with what filter, and which entries a retention period keeps.
 * Written by the request framework (web/access_log.c), stored by
 * store/access_log_store.c, read on /access-log. Pure. */
#ifndef BEKAL_ACCESSLOG_H
#define BEKAL_ACCESSLOG_H
#include "record.h"
#include "date.h"

enum access_log_field {
    ALF_AT, ALF_USER_NAME, ALF_ROLE, ALF_ACTION, ALF_ROUTE, ALF_PATH, ALF_SUBJECT, ALF_SUBJECT_ID, ALF_WBP_ID,
    ALF_FILTER, ALF_FORMAT, ALF_STATUS, ALF_CLIENT, ALF_COUNT
};
extern const record_def_t access_log_def;

/* The format of an answer from its path and its ?format= value (NULL when absent):
 * "csv", "xlsx" or "pdf" for a file (a path ending in .csv/.xlsx/.pdf or /pdf, or
 * format=csv|xlsx|pdf), else "json" for the API and "html" for a page. Static text. */
const char *accesslog_format(const char *path, const char *format_param, bool is_api);
/* The action: "ekspor" for a file format, else "daftar" for a list, "lihat" for a record. */
const char *accesslog_action(const char *format, bool is_list);
/* The filter of a list as text: the query's pairs "k=v" joined by "&", in order,
 * without empty values and without the paging parameters page and per_page (they
 * do not change what is disclosed over all pages); at most max-1 bytes, cut at a
 * UTF-8 character boundary. keys/vals: n pairs. Returns out. */
char *accesslog_filter_text(const char *const *keys, const char *const *vals, int n, char *out, size_t max);
/* The first day an entry is kept on `today` with a retention of days (>= 1): entries
 * dated before it are pruned. Returns the ISO date into out (11 bytes); false when
 * days < 1 or today is not a date. */
bool accesslog_keep_from(const char *today, int64_t days, char out[11]);

#endif
