/* auditdiff.c — an audit entry as a readable change; the site's time zone. */
#include "auditdiff.h"
#include "accesslog.h"
#include "assess.h"
#include "datecorr.h"
#include "date.h"
#include "notprop.h"
#include "pembinaan.h"
#include "production.h"
#include "program.h"
#include "release.h"
#include "scope.h"
#include "training.h"
#include "wbp.h"
#include "../util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON value as text (malloc'd), NULL for null/absent. */
static char *value_text(const json_t *v)
{
    char tmp[64];
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return xstrdup(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        return xstrdup(tmp);
    }
    if (json_is_real(v)) {
        snprintf(tmp, sizeof tmp, "%g", json_real_value(v));
        return xstrdup(tmp);
    }
    if (json_is_true(v)) return xstrdup("true");
    if (json_is_false(v)) return xstrdup("false");
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char *r = xstrdup(s ? s : "");
    free(s);
    return r;
}

/* Equal values; null and absent are the same. */
static bool same(const json_t *a, const json_t *b)
{
    if (!a || json_is_null(a)) return !b || json_is_null(b);
    if (!b || json_is_null(b)) return false;
    return json_equal(a, b);
}

json_t *audit_image(const char *text)
{
    if (!text || !*text) return NULL;
    json_t *j = json_loads(text, 0, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static void push(audit_change_t **out, int *n, int *cap, const char *k, const json_t *b, const json_t *a)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *out = xrealloc(*out, sizeof **out * (size_t)*cap);
    }
    audit_change_t *c = &(*out)[(*n)++];
    c->field = xstrdup(k);
    c->before = value_text(b);
    c->after = value_text(a);
}

int audit_diff(const char *prev, const char *after, audit_change_t **out)
{
    json_t *p = audit_image(prev), *a = audit_image(after);
    int n = audit_diff_json(p, a, out);
    json_decref(p);
    json_decref(a);
    return n;
}

int audit_diff_json(const json_t *prev, const json_t *after, audit_change_t **out)
{
    int n = 0, cap = 0;
    /* jansson's iteration takes no const object; nothing here changes them */
    json_t *p = json_is_object(prev) ? (json_t *)prev : NULL, *a = json_is_object(after) ? (json_t *)after : NULL;
    *out = NULL;
    size_t np = p ? json_object_size(p) : 0, na = a ? json_object_size(a) : 0;
    bool full = !a || na * 2 >= np;
    const char *k;
    json_t *v;
    if (a)
        json_object_foreach(a, k, v) {
            const json_t *b = p ? json_object_get(p, k) : NULL;
            if (!same(b, v)) push(out, &n, &cap, k, b, v);
        }
    if (p && full)
        json_object_foreach(p, k, v) {
            if (a && json_object_get(a, k)) continue;
            if (!same(v, NULL)) push(out, &n, &cap, k, v, NULL);
        }
    return n;
}

void audit_diff_free(audit_change_t *c, int n)
{
    for (int i = 0; i < n; i++) free(c[i].field), free(c[i].before), free(c[i].after);
    free(c);
}

const record_def_t *audit_record_def(const char *entity)
{
    static const record_def_t *const defs[] = {
        &wbp_def, &remisi_def, &discipline_def, &sppn_def, &release_def, &followup_def, &partner_def,
        &agreement_def, &agreement_party_def, &agreement_quota_def, &agreement_kejuruan_def, &kejuruan_def,
        &competency_unit_def, &program_def, &program_instructor_def, &holiday_def, &session_def, &assessment_def,
        &assessment_trade_def, &enrolment_def, &usulan_def, &production_unit_def, &revenue_split_def,
        &production_def, &production_worker_def, &sale_def, &sale_item_def, &pnbp_deposit_def, &caseload_def,
        &datecorr_def, &notprop_def, &access_log_def,
    };
    if (!entity) return NULL;
    for (size_t i = 0; i < ARRAY_LEN(defs); i++)
        if (str_eq(defs[i]->entity, entity)) return defs[i];
    return NULL;
}

int tz_offset_of(const char *abbr)
{
    if (!abbr) return -1;
    if (str_eq(abbr, "WIB")) return 420;
    if (str_eq(abbr, "WITA")) return 480;
    if (str_eq(abbr, "WIT")) return 540;
    return -1;
}

const char *tz_abbr_of(int off, char *buf, size_t n)
{
    if (off == 420) return "WIB";
    if (off == 480) return "WITA";
    if (off == 540) return "WIT";
    snprintf(buf, n, "UTC%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60 % 100, abs(off) % 60);
    return buf;
}

static bool digits(const char *s, int k, int *v)
{
    *v = 0;
    for (int i = 0; i < k; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool time_parse_utc(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, sec = 0;
    if (!s || strlen(s) < 16 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi))
        return false;
    if (s[16] == ':' && !digits(s + 17, 2, &sec)) return false;
    if (!date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 60) return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}

const char *time_local_parts(int64_t t, int off, char d[DATE_LONG_LEN], int *hh, int *mm, char zone[16])
{
    int64_t local = t + (int64_t)off * 60;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int secs = (int)(local - day * 86400);
    date_format_long_ui((date_t)day, d);
    *hh = secs / 3600;
    *mm = secs / 60 % 60;
    return tz_abbr_of(off, zone, 16);
}

void time_format_local(int64_t t, int off, char *out, size_t n)
{
    char d[DATE_LONG_LEN], zb[16];
    int hh, mm;
    const char *zone = time_local_parts(t, off, d, &hh, &mm, zb);
    /* TRANSLATORS: a time shown on pages: date, hours, minutes, time zone (WIB, WITA, WIT) */
    snprintf(out, n, _("%s %02d.%02d %s"), d, hh, mm, zone);
}
