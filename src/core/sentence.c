/* sentence.c — expiry and fraction dates of a sentence (see sentence.h). */
#include "sentence.h"
#include <string.h>

const char *date_method_name(date_method_t m)
{
    return m == DATE_METHOD_HARI ? "hari" : "bulan-hari";
}

bool date_method_parse(const char *s, date_method_t *out)
{
    if (!s) return false;
    if (!strcmp(s, "bulan-hari")) *out = DATE_METHOD_BULAN_HARI;
    else if (!strcmp(s, "hari")) *out = DATE_METHOD_HARI;
    else return false;
    return true;
}

/* The sentence to serve: term plus subsider, not normalized into sentence days. */
static period_t total_term(const sentence_t *s)
{
    return period_add(s->term, s->subsider);
}

/* Adds a period days first, then months. */
static date_t add_period(date_t d, const period_t *p)
{
    return date_add_months(date_add_days(d, p->days), period_total_months(p));
}

/* Subtracts the remisi total days first, then months; then adds uncounted days. */
static date_t finish(const sentence_t *s, date_t d)
{
    d = date_add_months(date_add_days(d, -s->remisi.days), -period_total_months(&s->remisi));
    return date_add_days(d, s->uncounted_days);
}

date_t sentence_expiry(const sentence_t *s)
{
    period_t t = total_term(s);
    return finish(s, add_period(s->start, &t));
}

date_t sentence_fraction(const sentence_t *s, int p, int q)
{
    if (p >= q) return sentence_expiry(s);
    if (p < 0) p = 0;
    period_t t = total_term(s);
    if (s->method == DATE_METHOD_HARI) {
        int64_t base = add_period(s->start, &t) - s->start;
        int64_t f = (p * base + q - 1) / q;
        return finish(s, date_add_days(s->start, (int32_t)f));
    }
    int64_t n = period_sentence_days(&t);
    int64_t f = (p * n + q - 1) / q; /* ceil(p*N/q) sentence days */
    period_t fp = {0, (int32_t)(f / 30), (int32_t)(f % 30)};
    return finish(s, add_period(s->start, &fp));
}

int sentence_validate(const sentence_t *s, err_t *e)
{
    if (s->start == DATE_NONE)
        return err_set(e, 400, "invalid_sentence", "Tanggal mulai penahanan belum diisi");
    if (period_is_zero(&s->term))
        return err_set(e, 400, "invalid_sentence", "Masa pidana tidak boleh nol");
    if (s->uncounted_days < 0 || s->uncounted_days > PERIOD_MAX_DAYS)
        return err_set(e, 400, "invalid_sentence", "Jumlah hari yang tidak dihitung harus antara 0 dan %d",
                       PERIOD_MAX_DAYS);
    if (sentence_expiry(s) - s->uncounted_days < s->start)
        return err_set(e, 400, "invalid_sentence", "Jumlah remisi melebihi masa pidana");
    return 0;
}

int sentence_dates(const sentence_t *s, sentence_dates_t *out, err_t *e)
{
    if (sentence_validate(s, e) < 0) return -1;
    out->expiry = sentence_expiry(s);
    out->half = sentence_fraction(s, 1, 2);
    out->two_thirds = sentence_fraction(s, 2, 3);
    return 0;
}

int32_t sentence_served_days(const sentence_t *s, date_t at)
{
    int64_t d = (int64_t)at - s->start - s->uncounted_days;
    return d < 0 ? 0 : (int32_t)d;
}

period_t sentence_served_at(const sentence_t *s, date_t at)
{
    period_t r = {0, 0, 0};
    int32_t served = sentence_served_days(s, at);
    if (s->method == DATE_METHOD_HARI) {
        r.months = served / 30;
        r.days = served % 30;
        return period_normalize(r);
    }
    date_t end = s->start + served;
    int32_t m = (date_month_index(end) - date_month_index(s->start));
    while (m > 0 && date_add_months(s->start, m) > end) m--;
    r.months = m;
    r.days = end - date_add_months(s->start, m);
    return period_normalize(r);
}

date_t sentence_served_months_date(const sentence_t *s, int32_t months)
{
    date_t d = s->method == DATE_METHOD_HARI ? date_add_days(s->start, 30 * months) : date_add_months(s->start, months);
    return date_add_days(d, s->uncounted_days);
}
