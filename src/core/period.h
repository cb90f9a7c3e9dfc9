/* period.h — lengths of time as written in verdicts and remisi decrees:
 * years, months and days kept apart ("2 tahun 6 bulan 15 hari"), never folded
 * into one another except years into months (1 tahun = 12 bulan).
 * Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_PERIOD_H
#define BEKAL_PERIOD_H
#include "../util/util.h"

typedef struct {
    int32_t years, months, days;
} period_t;

#define PERIOD_MAX_YEARS 100
#define PERIOD_MAX_MONTHS 1200
#define PERIOD_MAX_DAYS 36600
#define PERIOD_FMT_LEN 32

/* Parses "2y6m15d", "15d", "2y", "6m", "2 tahun 6 bulan 15 hari", "1 th 6 bln"
 * (case-insensitive; spaces and commas between parts allowed; each unit at most
 * once). Units: y/th/thn/tahun/year(s), m/bl/bln/bulan/month(s),
 * d/h/hr/hari/day(s). Rejects empty input, junk, negative numbers and values over
 * the PERIOD_MAX_* limits with an Indonesian message in e (status 400,
 * code "invalid_period"). Returns 0 or -1. */
int period_parse(const char *s, period_t *out, err_t *e);
/* Compact form of the period as stored: "2y6m15d", "3m15d", "2y", "0d". */
void period_format(const period_t *p, char out[PERIOD_FMT_LEN]);
/* Indonesian form: "2 tahun 6 bulan 15 hari", "0 hari". */
void period_format_long(const period_t *p, char out[64]);
/* Months (years*12 + months) and days; months >= 12 become years again, days
 * are never folded into months. */
period_t period_normalize(period_t p);
static inline int32_t period_total_months(const period_t *p) { return p->years * 12 + p->months; }
/* Sentence days N = 30*(12y + m) + d (1 month = 30 days, Keppres 174/1999 Pasal 7). */
static inline int64_t period_sentence_days(const period_t *p)
{
    return 30 * (int64_t)period_total_months(p) + p->days;
}
static inline bool period_is_zero(const period_t *p) { return !p->years && !p->months && !p->days; }
/* a + b, months and days summed separately (30 days stay 30 days), normalized. */
period_t period_add(period_t a, period_t b);
/* Sum of n periods (the remisi total), normalized. */
period_t period_sum(const period_t *ps, size_t n);

#endif
