/* elig_out.h — eligibility answers as JSON and CSV text (CLI, API, web export).
 * Hand-written writers: a screening of 300,000 inmates must not pay for a DOM. */
#ifndef BEKAL_ELIG_OUT_H
#define BEKAL_ELIG_OUT_H
#include "../store/elig_store.h"

/* Appends a JSON string literal (quotes, escapes, control characters as \u00XX). */
void json_put_str(buf_t *b, const char *s);
/* One inmate's answer as a JSON object (no trailing newline). */
void elig_row_json(buf_t *b, const elig_row_t *row, date_t at);
/* CSV header and one row: regno, site, name, crime, eligible, eligible_from, expiry,
 * half, two_thirds, ruleset, then one "met/met_from" column per requirement code. */
void elig_csv_header(buf_t *b);
void elig_row_csv(buf_t *b, const elig_row_t *row);

#endif
