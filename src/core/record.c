/* record.c — validation and normalisation of field values from any source. */
#include "record.h"
#include "date.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void field_err(field_errs_t *fe, const char *field, const char *fmt, ...)
{
    if (!fe || fe->n >= FIELD_ERRS_MAX) return;
    fe->e[fe->n].field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fe->e[fe->n].msg, sizeof fe->e[fe->n].msg, fmt, ap);
    va_end(ap);
    utf8_sanitize(fe->e[fe->n].msg);
    fe->n++;
}
const char *field_errs_for(const field_errs_t *fe, const char *field)
{
    for (int i = 0; fe && i < fe->n; i++)
        if (str_eq(fe->e[i].field, field)) return fe->e[i].msg;
    return NULL;
}
int rec_field_index(const record_def_t *d, const char *name)
{
    for (int i = 0; i < d->nfields; i++)
        if (str_eq(d->fields[i].name, name)) return i;
    return -1;
}

bool date_normalise(const char *in, char out[11])
{
    date_t d;
    if (!date_parse(in, &d)) return false;
    date_format(d, out);
    return true;
}

static char *trim(arena_t *a, const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return arena_strndup(a, s, n);
}

bool rec_set(arena_t *a, const record_def_t *d, const char **v, int i, const char *raw, field_errs_t *fe)
{
    const field_def_t *f = &d->fields[i];
    if (!raw) {
        v[i] = NULL;
        return true;
    }
    if (!utf8_valid_text(raw, strlen(raw))) {
        field_err(fe, f->name, _("%s: teks tidak sah (bukan UTF-8 atau berisi karakter kendali)"), _(f->label));
        return false;
    }
    char *s = trim(a, raw);
    if (!*s) {
        v[i] = NULL;
        return true;
    }
    switch (f->type) {
    case FT_TEXT:
        if ((int)strlen(s) > f->max) {
            field_err(fe, f->name, _("%s terlalu panjang (maksimal %d karakter)"), _(f->label), f->max);
            return false;
        }
        break;
    case FT_DATE: {
        char iso[11];
        if (!date_normalise(s, iso)) {
            field_err(fe, f->name, _("%s: tanggal \"%.40s\" tidak sah (pakai TTTT-BB-HH atau HH-BB-TTTT)"), _(f->label), s);
            return false;
        }
        s = arena_strdup(a, iso);
        break;
    }
    case FT_INT:
    case FT_MONEY: {
        /* Money may be written "Rp 1.250.000"; thousands dots are dropped. */
        char *o = s, *w = s;
        if (f->type == FT_MONEY) {
            if (strncasecmp(o, "rp", 2) == 0) o += 2;
            while (*o == ' ' || *o == '.') o++;
            for (; *o; o++)
                if (*o != '.' && *o != ' ') *w++ = *o;
            *w = 0;
        }
        int64_t n;
        if (!parse_i64(s, &n) || n < 0 || (f->max > 0 && n > f->max) || n > 1000000000000000LL) {
            if (f->max > 0)
                field_err(fe, f->name, _("%s harus bilangan bulat 0 sampai %d"), _(f->label), f->max);
            else
                field_err(fe, f->name, _("%s harus bilangan bulat tidak negatif"), _(f->label));
            return false;
        }
        /* canonical digits (no sign: n >= 0 here), without printf */
        char tmp[24], *p = tmp + sizeof tmp;
        *--p = 0;
        do *--p = (char)('0' + n % 10);
        while (n /= 10);
        s = arena_strdup(a, p);
        break;
    }
    case FT_BOOL:
        if (!strcasecmp(s, "1") || !strcasecmp(s, "ya") || !strcasecmp(s, "true") || !strcasecmp(s, "y") ||
            !strcasecmp(s, "on") || !strcasecmp(s, "sudah") || !strcasecmp(s, "lunas"))
            s = "1";
        else if (!strcasecmp(s, "0") || !strcasecmp(s, "tidak") || !strcasecmp(s, "false") || !strcasecmp(s, "n") ||
                 !strcasecmp(s, "belum") || !strcasecmp(s, "off"))
            s = "0";
        else {
            field_err(fe, f->name, _("%s harus ya atau tidak"), _(f->label));
            return false;
        }
        break;
    case FT_FIXED: {
        int64_t n;
        if (!rec_fixed_parse(s, f->scale, &n) || (f->max > 0 && n > f->max)) {
            char mx[40];
            if (f->max > 0)
                field_err(fe, f->name, _("%s harus angka 0 sampai %s (paling banyak %d angka di belakang koma)"), _(f->label),
                          rec_fixed_text(f->max, f->scale, mx, sizeof mx), f->scale);
            else
                field_err(fe, f->name, _("%s harus angka tidak negatif (paling banyak %d angka di belakang koma)"),
                          _(f->label), f->scale);
            return false;
        }
        s = arena_printf(a, "%lld", (long long)n);
        break;
    }
    case FT_MONTH: {
        int32_t month;
        if (!date_parse_month(s, &month)) {
            field_err(fe, f->name, _("%s: bulan \"%.40s\" tidak sah (pakai TTTT-BB)"), _(f->label), s);
            return false;
        }
        break;
    }
    case FT_ENUM: {
        int k;
        for (k = 0; f->choices[k]; k++)
            if (!strcasecmp(s, f->choices[k]) || (f->clabels && !strcasecmp(s, f->clabels[k]))) break;
        if (!f->choices[k]) {
            buf_t b;
            buf_init(&b);
            for (int j = 0; f->choices[j]; j++) buf_printf(&b, "%s%s", j ? ", " : "", f->choices[j]);
            field_err(fe, f->name, _("%s: nilai \"%.40s\" tidak dikenal (pilihan: %s)"), _(f->label), s, b.data);
            buf_release(&b);
            return false;
        }
        s = (char *)f->choices[k];
        break;
    }
    }
    v[i] = s;
    return true;
}

void rec_finish(const record_def_t *d, const char **v, field_errs_t *fe)
{
    for (int i = 0; i < d->nfields; i++) {
        if (!v[i] && d->fields[i].def) v[i] = d->fields[i].def;
        if (!v[i] && d->fields[i].required && !field_errs_for(fe, d->fields[i].name))
            field_err(fe, d->fields[i].name, _("%s wajib diisi"), _(d->fields[i].label));
    }
}

char *rec_fixed_text(int64_t stored, int scale, char *out, size_t n)
{
    int64_t p = 1;
    for (int i = 0; i < scale; i++) p *= 10;
    uint64_t u = stored < 0 ? (uint64_t)0 - (uint64_t)stored : (uint64_t)stored;
    char frac[8] = "";
    int fl = 0;
    if (scale > 0 && scale < 7) {
        uint64_t f = u % (uint64_t)p;
        for (int i = scale - 1; i >= 0; i--, f /= 10) frac[i] = (char)('0' + f % 10);
        frac[scale] = 0;
        fl = scale;
        while (fl > 0 && frac[fl - 1] == '0') frac[--fl] = 0;
    }
    snprintf(out, n, "%s%llu%s%s", stored < 0 ? "-" : "", (unsigned long long)(u / (uint64_t)p), fl ? "," : "", frac);
    return out;
}

bool rec_fixed_parse(const char *s, int scale, int64_t *out)
{
    if (!s || scale < 0 || scale > 6) return false;
    int64_t whole = 0, frac = 0;
    int nd = 0, nf = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++, nd++) {
        if (whole > 100000000000000LL) return false;
        whole = whole * 10 + (*p - '0');
    }
    if (*p == ',' || *p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, nf++) {
            if (nf >= scale) {
                if (*p != '0') return false; /* more decimals than kept: refuse, never round */
                continue;
            }
            frac = frac * 10 + (*p - '0');
        }
        if (nf == 0) return false;
    }
    if (*p || nd == 0) return false;
    for (int i = nf < scale ? nf : scale; i < scale; i++) frac *= 10;
    int64_t m = 1;
    for (int i = 0; i < scale; i++) m *= 10;
    if (whole > 1000000000000000LL / m) return false;
    *out = whole * m + frac;
    return true;
}

const char *rec_choice_label(const field_def_t *f, const char *value)
{
    if (!value || f->type != FT_ENUM || !f->clabels) return value ? value : "";
    for (int k = 0; f->choices[k]; k++)
        if (str_eq(f->choices[k], value)) return _(f->clabels[k]);
    return value;
}
