/* period.c — parsing and formatting of "2 tahun 6 bulan 15 hari"-style periods. */
#include "period.h"
#include <stdio.h>
#include <string.h>

enum { U_YEAR, U_MONTH, U_DAY };

static const struct {
    const char *word;
    int unit;
} unit_words[] = {
    {"y", U_YEAR},     {"yr", U_YEAR},      {"th", U_YEAR},     {"thn", U_YEAR},   {"tahun", U_YEAR},
    {"year", U_YEAR},  {"years", U_YEAR},   {"m", U_MONTH},     {"bl", U_MONTH},   {"bln", U_MONTH},
    {"bulan", U_MONTH}, {"mo", U_MONTH},    {"month", U_MONTH}, {"months", U_MONTH}, {"d", U_DAY},
    {"h", U_DAY},      {"hr", U_DAY},       {"hari", U_DAY},    {"day", U_DAY},    {"days", U_DAY},
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == ',';
}

static int bad(err_t *e, const char *s, const char *why)
{
    return err_set(e, 400, "invalid_period",
                   "Jangka waktu \"%.60s\" tidak sah: %s (contoh: 2y6m15d atau \"2 tahun 6 bulan 15 hari\")", s, why);
}

int period_parse(const char *s, period_t *out, err_t *e)
{
    static const char *const unit_name[] = {"tahun", "bulan", "hari"};
    int64_t v[3] = {0, 0, 0};
    bool seen[3] = {false, false, false};
    int parts = 0;
    if (!s) return bad(e, "", "kosong");
    const char *p = s;
    for (;;) {
        while (is_space(*p)) p++;
        if (!*p) break;
        if (*p == '-') return bad(e, s, "tidak boleh negatif");
        if (*p < '0' || *p > '9') return bad(e, s, "harus diawali angka");
        int64_t n = 0;
        while (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p - '0');
            if (n > 1000000) return bad(e, s, "angka terlalu besar");
            p++;
        }
        while (*p == ' ' || *p == '\t') p++;
        char word[12];
        size_t wl = 0;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            if (wl + 1 >= sizeof word) return bad(e, s, "satuan tidak dikenal");
            char c = *p++;
            word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        word[wl] = 0;
        if (!wl) return bad(e, s, *p ? "karakter tidak dikenal" : "angka tanpa satuan (tahun, bulan atau hari)");
        int unit = -1;
        for (size_t i = 0; i < ARRAY_LEN(unit_words); i++)
            if (!strcmp(word, unit_words[i].word)) unit = unit_words[i].unit;
        if (unit < 0) return bad(e, s, "satuan tidak dikenal (pakai tahun/bulan/hari atau y/m/d)");
        if (seen[unit]) {
            char why[64];
            snprintf(why, sizeof why, "satuan %s disebut dua kali", unit_name[unit]);
            return bad(e, s, why);
        }
        seen[unit] = true;
        v[unit] = n;
        parts++;
        /* a unit must be followed by a separator, another number or the end */
        if (*p && !is_space(*p) && !(*p >= '0' && *p <= '9')) return bad(e, s, "karakter tidak dikenal");
    }
    if (!parts) return bad(e, s, "kosong");
    if (v[U_YEAR] > PERIOD_MAX_YEARS || v[U_MONTH] > PERIOD_MAX_MONTHS || v[U_DAY] > PERIOD_MAX_DAYS)
        return bad(e, s, "terlalu besar");
    out->years = (int32_t)v[U_YEAR];
    out->months = (int32_t)v[U_MONTH];
    out->days = (int32_t)v[U_DAY];
    return 0;
}

void period_format(const period_t *p, char out[PERIOD_FMT_LEN])
{
    int n = 0;
    out[0] = 0;
    if (p->years) n += snprintf(out + n, (size_t)(PERIOD_FMT_LEN - n), "%dy", (int)p->years);
    if (p->months && n < PERIOD_FMT_LEN) n += snprintf(out + n, (size_t)(PERIOD_FMT_LEN - n), "%dm", (int)p->months);
    if ((p->days || !n) && n < PERIOD_FMT_LEN) snprintf(out + n, (size_t)(PERIOD_FMT_LEN - n), "%dd", (int)p->days);
}

void period_format_long(const period_t *p, char out[64])
{
    int n = 0;
    out[0] = 0;
    if (p->years) n += snprintf(out + n, (size_t)(64 - n), "%d tahun", (int)p->years);
    if (p->months && n < 64) n += snprintf(out + n, (size_t)(64 - n), "%s%d bulan", n ? " " : "", (int)p->months);
    if ((p->days || !n) && n < 64) snprintf(out + n, (size_t)(64 - n), "%s%d hari", n ? " " : "", (int)p->days);
}

period_t period_normalize(period_t p)
{
    int32_t m = period_total_months(&p);
    period_t r = {m / 12, m % 12, p.days};
    return r;
}

period_t period_add(period_t a, period_t b)
{
    period_t r = {a.years + b.years, a.months + b.months, a.days + b.days};
    return period_normalize(r);
}

period_t period_sum(const period_t *ps, size_t n)
{
    period_t r = {0, 0, 0};
    for (size_t i = 0; i < n; i++) r = period_add(r, ps[i]);
    return r;
}
