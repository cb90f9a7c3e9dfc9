/* movement.h — training outside the walls (issue 26): when a person who left through
 * the gate for a session is late. Times are the site's local time as text
 * "YYYY-MM-DD HH:MM" (the store writes them so), so they compare as strings.
 * Pure: no I/O, no globals. */
#ifndef BEKAL_MOVEMENT_H
#define BEKAL_MOVEMENT_H
#include <stdbool.h>
#include <stddef.h>

/* The session's end as "YYYY-MM-DD HH:MM" into out (date "YYYY-MM-DD", end "HH:MM"). */
void movement_session_end(const char *date, const char *end_time, char out[17]);

/* Late: the person departed (departed_at set) and is not back by the session's end
 * (session_end, from movement_session_end): either returned after it, or not returned
 * while now (local, same form) is past it. A person who never left is never late. */
bool movement_late(const char *session_end, const char *departed_at, const char *returned_at, const char *now_local);

/* "HH:MM" with 00 <= HH <= 23 and 00 <= MM <= 59. */
bool movement_time_valid(const char *s);

#endif
