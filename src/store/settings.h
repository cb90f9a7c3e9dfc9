/* settings.h — dated settings: the rules that are numbers (1 JP = 40 minutes, the
 * first phase's 25-30 participants, the expiry window, the upload limit) live in
 * table `setting` with the date each value takes effect, never as constants in
 * code. A site may have its own row; it wins over the one for every site. */
#ifndef BEKAL_SETTINGS_H
#define BEKAL_SETTINGS_H
#include "db.h"

/* The integer value of `name` in force on `date` (YYYY-MM-DD) for site_id (0: the
 * value for every site). 0 and *out set, or -1 with e set (500 "setting_missing"
 * when no row is in force, or the value is not an integer). */
int setting_int(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, int64_t *out);
/* The same for a text setting: the value (copied into out, at most n-1 bytes) in
 * force on date for site_id. 0, or -1 with e set (500 "setting_missing"). */
int setting_text(db_t *db, err_t *e, const char *name, int64_t site_id, const char *date, char *out, size_t n);

#endif
