/* auditdiff.h — an audit entry as a readable change (issue 25): which fields of
 * the row changed, each with its value before and after, and the time of the entry
 * in the site's zone. Pure: the caller hands in the JSON texts and the offset. */
#ifndef BEKAL_AUDITDIFF_H
#define BEKAL_AUDITDIFF_H
#include "../util/util.h"
#include "date.h"
#include "record.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One changed field: before/after are the values as text (strings as they are,
 * numbers in decimal, true/false as "true"/"false", objects and arrays as compact
 * JSON), NULL for null or absent. */
typedef struct {
    char *field, *before, *after;
} audit_change_t;

/* The fields that differ between prev (the row's previous after-image, NULL when
 * none) and after (this entry's after-image, NULL when none, e.g. a delete). A field
 * absent from an image counts as null. An after-image that names fewer than half
 * of prev's fields is a partial update (it names only what it set): then only its
 * own fields are compared; otherwise every field of either image is. Text that is
 * not a JSON object counts as none. Order: after's fields, then prev's others.
 * *out gets a malloc'd array (free with audit_diff_free); returns the count. */
int audit_diff(const char *prev, const char *after, audit_change_t **out);
/* The same for images parsed once by audit_image (NULL for none): a page that also
 * reads an entry's record name from its images parses each only once. */
int audit_diff_json(const json_t *prev, const json_t *after, audit_change_t **out);
/* An audit image (after_json) as a JSON object, NULL when text is NULL, empty or not
 * a JSON object. Caller owns it (json_decref). */
json_t *audit_image(const char *text);
void audit_diff_free(audit_change_t *c, int n);

/* The field table of the record kind an audit entry names ("wbp" -> wbp_def), or
 * NULL when it has none. */
const record_def_t *audit_record_def(const char *entity);

/* Time zones of Indonesia: "WIB" (Asia/Jakarta, UTC+7), "WITA" (Asia/Makassar,
 * UTC+8), "WIT" (Asia/Jayapura, UTC+9). The offset in minutes of abbreviation abbr,
 * or -1 when it is none of them. */
int tz_offset_of(const char *abbr);
/* The abbreviation of offset off (minutes east of UTC): "WIB", "WITA", "WIT", else
 * "UTC+HH:MM" into buf (n >= 16). Returns buf or a literal. */
const char *tz_abbr_of(int off, char *buf, size_t n);
/* Parses a UTC timestamp "YYYY-MM-DDTHH:MM[:SS][Z]" (also with a space for T) into
 * seconds since the epoch. */
bool time_parse_utc(const char *iso, int64_t *out);
/* "7 Desember 2026 14.05 WIB" ("7 December 2026 14:05 WIB" in English: the month
 * and the separator follow the interface language) for t in the zone off. */
void time_format_local(int64_t t, int off, char *out, size_t n);
/* The parts time_format_local writes: t's local date (long, the reader's language)
 * into d, hours and minutes, and the zone's abbreviation (returned; zone is room for it). */
const char *time_local_parts(int64_t t, int off, char d[DATE_LONG_LEN], int *hh, int *mm, char zone[16]);

#endif
