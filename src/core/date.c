/* date.c — civil-date arithmetic on day numbers (algorithms after H. Hinnant,
 * "chrono-compatible low-level date algorithms"). */
#include "date.h"
#include "../util/i18n.h"
#include "../util/util.h"
#include <stdio.h>
#include <string.h>

static const char *const bulan_id[12] = {N_("Januari"), N_("Februari"), N_("Maret"),     N_("April"),
                                         N_("Mei"),     N_("Juni"),     N_("Juli"),      N_("Agustus"),
                                         N_("September"), N_("Oktober"), N_("November"), N_("Desember")};

bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

date_t date_from_ymd(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t dn, int *y, int *m, int *d)
{
    int64_t z = (int64_t)dn + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

/* Reads exactly n digits from s; -1 when one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool date_parse(const char *s, date_t *out)
{
    if (!s || strlen(s) != 10) return false;
    int y, m, d;
    if (s[4] == '-' && s[7] == '-') {
        y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    } else if ((s[2] == '-' && s[5] == '-') || (s[2] == '/' && s[5] == '/')) {
        d = digits(s, 2), m = digits(s + 3, 2), y = digits(s + 6, 4);
    } else {
        return false;
    }
    if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d)) return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

bool date_parse_month(const char *s, int32_t *mi)
{
    if (!s || strlen(s) != 7 || s[4] != '-') return false;
    int y = digits(s, 4), m = digits(s + 5, 2);
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12) return false;
    *mi = y * 12 + (m - 1);
    return true;
}

date_t date_month_first(int32_t mi)
{
    int32_t y = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    return date_from_ymd((int)y, (int)(mi - y * 12) + 1, 1);
}

/* dn's year, month and day; false (and out emptied) for DATE_NONE. */
static bool ymd_or_empty(date_t dn, char *out, int *y, int *m, int *d)
{
    if (dn == DATE_NONE) {
        out[0] = 0;
        return false;
    }
    date_to_ymd(dn, y, m, d);
    return true;
}

void date_format(date_t dn, char out[DATE_ISO_LEN])
{
    int y, m, d;
    if (!ymd_or_empty(dn, out, &y, &m, &d)) return;
    if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999; /* out of range: never produced by checked inputs */
    /* digits written directly: imports and eligibility format millions of dates */
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10), out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10), out[4] = '-', out[5] = (char)('0' + m / 10 % 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + d / 10 % 10), out[9] = (char)('0' + d % 10), out[10] = 0;
}

/* "30 September 2025", the month's name translated when ui. */
static void format_long(date_t dn, char out[DATE_LONG_LEN], bool ui)
{
    int y, m, d;
    if (!ymd_or_empty(dn, out, &y, &m, &d)) return;
    snprintf(out, DATE_LONG_LEN, "%d %s %d", d, ui ? _(bulan_id[m - 1]) : bulan_id[m - 1], y);
}

void date_format_long(date_t dn, char out[DATE_LONG_LEN]) { format_long(dn, out, false); }
void date_format_long_ui(date_t dn, char out[DATE_LONG_LEN]) { format_long(dn, out, true); }

date_t date_add_months(date_t dn, int32_t n)
{
    int y, m, d;
    date_to_ymd(dn, &y, &m, &d);
    int64_t mi = (int64_t)y * 12 + (m - 1) + n;
    int64_t ny = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    int nm = (int)(mi - ny * 12) + 1;
    int dim = date_days_in_month((int)ny, nm);
    return date_from_ymd((int)ny, nm, d > dim ? dim : d);
}

date_t today_date(void)
{
    char t[DATE_ISO_LEN];
    today_iso(t);
    date_t d = DATE_NONE;
    date_parse(t, &d);
    return d;
}
