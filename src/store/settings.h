/* settings.h — dated settings: the rules that are numbers (1 JP = 40 minutes, the
 * first phase's 25-30 participants, the expiry window, the upload limit) live in
 * table `setting` with the date each value takes effect, never as constants in
 * code. A site may have its own row; it wins over the one for every site. */
#ifndef BEKAL_SETTINGS_H
#define BEKAL_SETTINGS_H
#include "audit.h"

/* The integer value of `name` in force on `date` (YYYY-MM-DD) for site_id (0: the
 * value for every site). 0 and *out set, or -1 with e set (500 "setting_missing"
 * when no row is in force, or the value is not an integer). */
int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out);
/* The text value of `name` in force on `date` for site_id, arena-owned: 1 found,
 * 0 when no row is in force (*out NULL), -1 on error. */
int setting_text(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date,
                 const char **out);

/* The same for a setting that must exist: NULL with e set (500 "setting_missing")
 * when none is in force. */
const char *setting_text_req(db_t *db, err_t *e, arena_t *a, const char *name, int64_t site_id, const char *date);

/* Adds a dated value of setting `name` (site_id 0: for every site), audited;
 * inside the caller's transaction. Names and values are plain text without quotes. */
int setting_add(db_t *db, err_t *e, const actor_t *who, const char *name, int64_t site_id, const char *from,
                const char *value, const char *note);

#endif
