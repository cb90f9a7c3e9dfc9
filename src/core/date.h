/* date.h — civil dates as day numbers (days since 1970-01-01, proleptic Gregorian),
 * strict parsing (ISO YYYY-MM-DD and DD-MM-YYYY), ISO and Indonesian long formats,
 * and the calendar arithmetic the sentence rules need (months clamp to month end).
 * Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_DATE_H
#define BEKAL_DATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;
#define DATE_NONE INT32_MIN  /* "no date" (unknown, never) */
#define DATE_MIN_YEAR 1900   /* parse accepts years DATE_MIN_YEAR..DATE_MAX_YEAR */
#define DATE_MAX_YEAR 2999
#define DATE_ISO_LEN 11      /* "YYYY-MM-DD" + NUL */
#define DATE_LONG_LEN 32     /* "30 September 2025" + NUL, with room */

bool date_is_leap(int year);
/* Days in month m (1..12) of year; 0 for a bad month. */
int date_days_in_month(int year, int month);
bool date_valid_ymd(int year, int month, int day);
/* Day number of a valid y-m-d (not checked: call date_valid_ymd first). */
date_t date_from_ymd(int year, int month, int day);
void date_to_ymd(date_t d, int *year, int *month, int *day);

/* Parses the whole string as YYYY-MM-DD or DD-MM-YYYY (also DD/MM/YYYY): exact
 * digit counts, real calendar day (2021-02-30 fails), year in range. */
bool date_parse(const char *s, date_t *out);
/* Today (clock_now(), the one "today" of the program, set by BEKAL_NOW in the test
 * build) as a date: the one function here that reads something, the clock. */
date_t today_date(void);
/* "YYYY-MM-DD"; "" for DATE_NONE. */
void date_format(date_t d, char out[DATE_ISO_LEN]);
/* "12 Maret 2025"; "" for DATE_NONE. */
void date_format_long(date_t d, char out[DATE_LONG_LEN]);
/* The same with the month's name in the thread's interface language (i18n_use), for
 * text shown and not stored; date_format_long stays Indonesian for stored reasons. */
void date_format_long_ui(date_t d, char out[DATE_LONG_LEN]);

static inline date_t date_add_days(date_t d, int32_t n) { return d + n; }
/* Adds n months (n may be negative); a day that does not exist in the target
 * month becomes its last day (31 Jan + 1 month = 28/29 Feb). */
date_t date_add_months(date_t d, int32_t n);

/* Months as a single index: year*12 + (month-1). */
static inline int32_t date_month_index(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y * 12 + (m - 1);
}
/* First day of a month index. */
date_t date_month_first(int32_t month_index);
/* Parses "YYYY-MM" into a month index. */
bool date_parse_month(const char *s, int32_t *month_index);

#endif
