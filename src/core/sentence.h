/* sentence.h — the dates of a sentence: expiry, 1/2, 2/3 and any fraction p/q,
 * and time actually served (DOMAIN.md section 2).
 *
 * Method "bulan-hari" (default, as practised): the sentence as imposed is
 * N = 30*M + D sentence days; the fraction p/q is ceil(p*N/q) sentence days,
 * written back as months (/30) and days (remainder) and added to the start of
 * detention days first, then months (a missing day clamps to the month's end).
 * Expiry adds the term itself (its days, then its months).
 * Method "hari": the fraction is ceil(p*B/q) plain calendar days, B being the
 * calendar days from start to the expiry before remisi (start + term).
 * Both methods then subtract the remisi total (days first, then months) and add
 * the uncounted days (e.g. time out on a revoked asimilasi). An unpaid fine's
 * subsider is part of the sentence: it lengthens the term for every date.
 * Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_SENTENCE_H
#define BEKAL_SENTENCE_H
#include "date.h"
#include "period.h"

typedef enum { DATE_METHOD_BULAN_HARI = 0, DATE_METHOD_HARI = 1 } date_method_t;

/* "bulan-hari" / "hari". */
const char *date_method_name(date_method_t m);
bool date_method_parse(const char *s, date_method_t *out);

typedef struct {
    date_t start;           /* start of the last continuous detention */
    period_t term;          /* the sentence as imposed */
    period_t subsider;      /* imprisonment in lieu of the fine: zero unless the fine is unpaid */
    period_t remisi;        /* sum of remisi granted (period_sum) */
    int32_t uncounted_days; /* days that do not count as served */
    date_method_t method;
} sentence_t;

typedef struct {
    date_t expiry, half, two_thirds;
} sentence_dates_t;

/* Checks the inputs: start set, term > 0, uncounted days 0..PERIOD_MAX_DAYS,
 * expiry not before start (remisi larger than the sentence). 0 or -1 with an
 * Indonesian message (code "invalid_sentence"). */
int sentence_validate(const sentence_t *s, err_t *e);
/* start + (term + subsider) − remisi + uncounted days. */
date_t sentence_expiry(const sentence_t *s);
/* The date p/q of the sentence is reached (0 <= p <= q, q >= 1); p == q gives the expiry. */
date_t sentence_fraction(const sentence_t *s, int p, int q);
/* Validates, then fills expiry, 1/2 and 2/3. 0 or -1. */
int sentence_dates(const sentence_t *s, sentence_dates_t *out, err_t *e);

/* Days actually served on date at: (at − start) − uncounted days, at least 0. */
int32_t sentence_served_days(const sentence_t *s, date_t at);
/* Time actually served on date at as months and days: whole calendar months
 * (bulan-hari) or 30-day months (hari) from start, the rest as days. */
period_t sentence_served_at(const sentence_t *s, date_t at);
/* The date on which `months` months have actually been served: start + months
 * (calendar, clamped; method hari: 30*months days) + uncounted days. Remisi do
 * not shorten it. */
date_t sentence_served_months_date(const sentence_t *s, int32_t months);

#endif
