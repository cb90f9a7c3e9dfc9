/* settings.h — dated settings: the rules that are numbers (1 JP = 40 minutes, the
 * first phase's 25-30 participants, the expiry window, the upload limit) live in
 * table `setting` with the date each value takes effect, never as constants in
 * code. A site may have its own row; it wins over the one for every site. */
#ifndef BEKAL_SETTINGS_H
#define BEKAL_SETTINGS_H
#include "db.h"
#include "audit.h"
#include "../core/record.h"

/* The one accessor: the text value of `name` in force on `date` (YYYY-MM-DD) for
 * site_id (0: the value for every site), arena-owned, into *out. Returns 1 when
 * found; when no row is in force, 0 with *out NULL, or, when `required`, -1 with e
 * set (500 "setting_missing"); -1 with e set on a database error. */
int setting_get(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date, bool required,
                const char **out);

/* A required setting read as an integer: 0 and *out set, or -1 with e set (500
 * "setting_missing" when no row is in force, "setting_invalid" when the value is not
 * an integer). A thin wrapper over setting_get() for the pages that read numbers. */
int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out);
/* A correction window: whether more days than the integer setting name (at site_id,
 * today's value) have passed from since (YYYY-MM-DD; an unreadable date never closes
 * it) to today. 1 closed, 0 open, -1 with e; *days the setting's value. */
int setting_window_closed(db_t *db, err_t *e, const char *name, int64_t site_id, const char *since, int64_t *days);

/* One setting row (every dated value is kept: the history). Strings arena-owned;
 * site_code "" for the row that holds for every site. */
typedef struct {
    int64_t id;
    const char *name, *site_code, *effective_from, *value, *note;
} setting_row_t;
/* Every row for every site and for the sites uid is given, by name, site, date. 0 or -1. */
int settings_list(db_t *db, err_t *e, arena_t *a, int64_t uid, setting_row_t **out, int *n);

/* The site's time zone (issue 25): setting site.time_zone, "WIB", "WITA" or "WIT",
 * in force today for site_id (0: every site), as minutes east of UTC; 420 (WIB)
 * when none is set or it cannot be read. Every time shown goes through it. */
#define SITE_ZONE_SETTING "site.time_zone"
int setting_zone(db_t *db, int64_t site_id);
/* The zone of user uid's first site (the general one when none). */
int setting_zone_user(db_t *db, int64_t uid);

/* The premi policy (premi_policy: the part of each credit saved until release, in
 * basis points) as it appears among the settings: listed and added like one. */
#define PREMI_POLICY_SETTING "premi.saved_bp"

/* A new dated value for a known setting (issue 22: the settings page). */
typedef struct {
    const char *name, *site_code, *effective_from, *value, *note; /* site_code NULL/"": every site */
} setting_new_t;
/* Adds it (a new row, never an edit: the old values stay as history), audited.
 * Field errors into fe (nothing written): unknown name, a site that is not uid's, a
 * bad date, a non-integer value for an integer setting. 0, or -1 on a db error. */
int setting_add(db_t *db, err_t *e, const actor_t *who, int64_t uid, const setting_new_t *in, field_errs_t *fe);

#endif
