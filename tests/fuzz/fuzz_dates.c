/* fuzz_dates.c — libFuzzer harness for the date and period parsers:
 * date_parse (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY), date_parse_month (YYYY-MM),
 * date_normalise (record.h) and period_parse ("2 tahun 6 bulan", "2y6m15d").
 * The whole input is one string given to each parser. Invariants: what parses is a
 * real date in range and formats back to the same day; a period formats (compact and
 * long) and re-parses to the same value; a rejected period gets the documented error
 * (400 invalid_period) with a message that is valid UTF-8 whenever the input was. */
#include "fuzz.h"
#include "core/date.h"
#include "core/period.h"
#include "core/record.h"

static void check_date(const char *s, size_t n)
{
    date_t d;
    char norm[11];
    bool ok = date_parse(s, &d);
    FUZZ_CHECK(ok == date_normalise(s, norm), "date_parse and date_normalise disagree on \"%s\"", s);
    if (!ok) return;
    FUZZ_CHECK(n == 10, "accepted a date of %zu bytes", n);
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    FUZZ_CHECK(date_valid_ymd(y, m, dd), "\"%s\" parsed to invalid %d-%d-%d", s, y, m, dd);
    FUZZ_CHECK(date_from_ymd(y, m, dd) == d, "day number of \"%s\" does not round-trip", s);
    char iso[DATE_ISO_LEN], lng[DATE_LONG_LEN];
    date_format(d, iso);
    date_format_long(d, lng);
    FUZZ_CHECK(strcmp(iso, norm) == 0, "date_normalise gave %s, date_format %s", norm, iso);
    if (s[4] == '-') FUZZ_CHECK(strcmp(iso, s) == 0, "ISO \"%s\" formats as %s", s, iso);
    else
        FUZZ_CHECK(!memcmp(s, iso + 8, 2) && !memcmp(s + 3, iso + 5, 2) && !memcmp(s + 6, iso, 4),
                   "day-first \"%s\" formats as %s", s, iso);
    date_t d2;
    FUZZ_CHECK(date_parse(iso, &d2) && d2 == d, "formatted %s does not parse back", iso);
    FUZZ_CHECK(date_month_index(d) == y * 12 + m - 1, "month index of %s", iso);
    /* Month arithmetic, a shift the input chooses (within +-100 years). */
    int32_t k = (int32_t)((unsigned char)s[9] * 37u + (unsigned char)s[0]) % 2401 - 1200;
    date_t e = date_add_months(d, k);
    int y2, m2, d2d;
    date_to_ymd(e, &y2, &m2, &d2d);
    FUZZ_CHECK(y2 * 12 + m2 - 1 == y * 12 + m - 1 + k, "%s + %d months lands in %d-%d", iso, k, y2, m2);
    FUZZ_CHECK(d2d == (dd < date_days_in_month(y2, m2) ? dd : date_days_in_month(y2, m2)),
               "%s + %d months: day %d", iso, k, d2d);
}

static void check_month(const char *s)
{
    int32_t mi;
    if (!date_parse_month(s, &mi)) return;
    FUZZ_CHECK(mi >= DATE_MIN_YEAR * 12 && mi < (DATE_MAX_YEAR + 1) * 12, "month \"%s\" -> index %d", s, (int)mi);
    date_t first = date_month_first(mi);
    char iso[DATE_ISO_LEN];
    date_format(first, iso);
    FUZZ_CHECK(!strncmp(iso, s, 7) && !strcmp(iso + 7, "-01"), "month \"%s\" starts on %s", s, iso);
    FUZZ_CHECK(date_month_index(first) == mi, "month index of %s", iso);
}

static void check_period(const char *s, size_t n)
{
    period_t p, q;
    err_t e;
    err_clear(&e);
    if (period_parse(s, &p, &e) < 0) {
        FUZZ_CHECK(e.status == 400 && !strcmp(e.code, "invalid_period"), "error %d %s", e.status, e.code);
        /* The message quotes the input; it must stay UTF-8 when the input was (it is
         * shown in pages, CLI output and import error lists). */
        (void)n;
        if (fuzz_utf8(s)) FUZZ_CHECK(fuzz_utf8(e.msg), "period error message is not valid UTF-8: %s", e.msg);
        return;
    }
    FUZZ_CHECK(p.years >= 0 && p.years <= PERIOD_MAX_YEARS && p.months >= 0 && p.months <= PERIOD_MAX_MONTHS &&
                   p.days >= 0 && p.days <= PERIOD_MAX_DAYS,
               "\"%s\" -> %dy%dm%dd out of limits", s, (int)p.years, (int)p.months, (int)p.days);
    char c[PERIOD_FMT_LEN], l[64];
    period_format(&p, c);
    period_format_long(&p, l);
    FUZZ_CHECK(period_parse(c, &q, &e) == 0 && !memcmp(&p, &q, sizeof p), "compact %s does not re-parse", c);
    FUZZ_CHECK(period_parse(l, &q, &e) == 0 && !memcmp(&p, &q, sizeof p), "long \"%s\" does not re-parse", l);
    period_t nm = period_normalize(p);
    FUZZ_CHECK(nm.months >= 0 && nm.months < 12 && period_total_months(&nm) == period_total_months(&p) &&
                   nm.days == p.days,
               "normalize %s", c);
    FUZZ_CHECK(period_sentence_days(&p) >= 0, "sentence days of %s", c);
    period_t two[2] = {p, nm};
    period_t sum = period_sum(two, 2);
    FUZZ_CHECK(period_total_months(&sum) == 2 * period_total_months(&p) && sum.days == 2 * p.days, "sum %s", c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512) return 0;
    char *s = fuzz_cstr(data, size);
    size_t n = strlen(s); /* what a C caller would see */
    check_date(s, n);
    check_month(s);
    check_period(s, n);
    free(s);
    return 0;
}
