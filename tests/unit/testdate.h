/* testdate.h — dates in the unit tests: D("2024-02-29") for a date the test writes
 * (the test fails when it does not parse) and assert_date() for one it checks.
 * Include after cmocka.h. */
#ifndef BEKAL_TESTDATE_H
#define BEKAL_TESTDATE_H

#include "core/date.h"

static inline date_t D(const char *s)
{
    date_t d = DATE_NONE;
    assert_true(date_parse(s, &d));
    return d;
}

static inline void assert_date(date_t d, const char *want)
{
    char b[DATE_ISO_LEN];
    date_format(d, b);
    assert_string_equal(b, want);
}

#endif
