/* msg.c — coded explanations rendered in the reader's language (see msg.h). */
#include "msg.h"
#include "completion.h"
#include "../util/i18n.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void msg_add(json_t *m, const char *fmt, const char *spec, ...)
{
    json_t *it = json_array();
    json_array_append_new(it, json_string(fmt));
    va_list ap;
    va_start(ap, spec);
    for (const char *p = spec; p && *p; p++) {
        char tmp[32];
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            json_array_append_new(it, json_string(s ? s : ""));
            break;
        }
        case 'i': snprintf(tmp, sizeof tmp, "%d", va_arg(ap, int)); json_array_append_new(it, json_string(tmp)); break;
        case 'I':
            snprintf(tmp, sizeof tmp, "%" PRId64, va_arg(ap, int64_t));
            json_array_append_new(it, json_string(tmp));
            break;
        case 'd': {
            char d[DATE_ISO_LEN];
            date_format(va_arg(ap, date_t), d);
            json_array_append_new(it, json_pack("{s:s}", "d", d));
            break;
        }
        case 't': json_array_append_new(it, json_pack("{s:s}", "t", va_arg(ap, const char *))); break;
        case 'm': json_array_append_new(it, va_arg(ap, json_t *)); break;
        default: break;
        }
    }
    va_end(ap);
    json_array_append_new(m, it);
}

char *msg_dump(const json_t *m) { return json_dumps(m, JSON_COMPACT); }

static void render_arg(const json_t *a, buf_t *out)
{
    if (json_is_string(a)) {
        buf_puts(out, json_string_value(a));
    } else if (json_is_array(a)) {
        msg_render_json(a, out);
    } else if (json_is_object(a)) {
        const char *d = json_string_value(json_object_get(a, "d")), *t = json_string_value(json_object_get(a, "t"));
        date_t dt;
        if (d && date_parse(d, &dt)) {
            char s[DATE_LONG_LEN];
            date_format_long_ui(dt, s);
            buf_puts(out, s);
        } else if (t) {
            buf_puts(out, i18n_stored(t));
        }
    }
}

void msg_render_json(const json_t *m, buf_t *out)
{
    size_t i;
    const json_t *it;
    json_array_foreach(m, i, it)
    {
        const char *fmt = json_string_value(json_array_get(it, 0));
        if (!fmt) continue;
        const char *f = i18n_stored(fmt);
        size_t k = 1;
        for (const char *p = f; *p; p++) {
            if (p[0] == '%' && p[1] == 's') {
                render_arg(json_array_get(it, k++), out);
                p++;
            } else if (p[0] == '%' && p[1] == '%') {
                buf_putc(out, '%');
                p++;
            } else {
                buf_putc(out, *p);
            }
        }
    }
}

bool msg_is_coded(const char *s) { return s && s[0] == '[' && s[1] == '['; }

/* ---- reading texts stored before the codes ---- */

typedef struct {
    const char *s;
    const msg_legacy_t *t;
    long budget; /* steps left: a text that does not match gives up soon */
} match_t;

static bool match_seq(match_t *c, const msg_pattern_t *pats, size_t pos, size_t end, json_t *out, int depth);

/* The argument s[pos..k) of kind spec as a coded argument, or NULL. */
static json_t *match_arg(match_t *c, char spec, size_t pos, size_t k, int depth)
{
    const char *a = c->s + pos;
    size_t n = k - pos;
    switch (spec) {
    case 's': return json_stringn(a, n);
    case 'n':
        for (size_t i = 0; i < n; i++)
            if (!((a[i] >= '0' && a[i] <= '9') || a[i] == ',' || a[i] == '.' || a[i] == '%' || a[i] == '-')) return NULL;
        return json_stringn(a, n);
    case 't':
        for (size_t i = 0; c->t->texts[i]; i++)
            if (strlen(c->t->texts[i]) == n && !memcmp(c->t->texts[i], a, n)) return json_pack("{s:s}", "t", c->t->texts[i]);
        return NULL;
    case 'd': {
        int day, year;
        char mon[16];
        char buf[48];
        if (n >= sizeof buf) return NULL;
        memcpy(buf, a, n);
        buf[n] = 0;
        if (sscanf(buf, "%d %15s %d", &day, mon, &year) != 3) return NULL;
        for (int m = 1; m <= 12; m++) {
            if (!date_valid_ymd(year, m, day)) continue;
            date_t d = date_from_ymd(year, m, day);
            char longd[DATE_LONG_LEN], iso[DATE_ISO_LEN];
            date_format_long(d, longd);
            if (!strcmp(longd, buf)) {
                date_format(d, iso);
                return json_pack("{s:s}", "d", iso);
            }
        }
        return NULL;
    }
    case 'm': {
        if (depth >= 3) return NULL;
        json_t *m = json_array();
        if (match_seq(c, c->t->sub, pos, k, m, depth + 1)) return m;
        json_decref(m);
        return NULL;
    }
    default: return NULL;
    }
}

/* Matches the rest of format f (argument argi next) of pattern p at pos, the item
 * built so far in item; then the rest of the text as a sequence into out. */
static bool match_fmt(match_t *c, const msg_pattern_t *pats, const msg_pattern_t *p, const char *f, size_t argi,
                      size_t pos, size_t end, json_t *item, json_t *out, int depth)
{
    if (--c->budget < 0) return false;
    while (*f && !(f[0] == '%' && f[1] == 's')) {
        char ch = f[0] == '%' && f[1] == '%' ? '%' : f[0];
        if (pos >= end || c->s[pos] != ch) return false;
        f += ch == '%' ? 2 : 1;
        pos++;
    }
    if (!*f) {
        json_array_append(out, item);
        if (match_seq(c, pats, pos, end, out, depth)) return true;
        json_array_remove(out, json_array_size(out) - 1);
        return false;
    }
    char spec = p->spec[argi];
    if (!spec) return false;
    /* shortest argument first; an argument that ends the format ("%s" alone) longest
     * first, so a sequence is not cut into pieces that read the same */
    bool last = !f[2];
    for (size_t i = pos + 1; i <= end; i++) {
        size_t k = last ? end - (i - pos - 1) : i;
        json_t *a = match_arg(c, spec, pos, k, depth);
        if (!a) {
            if (c->budget < 0) return false;
            continue;
        }
        json_array_append_new(item, a);
        if (match_fmt(c, pats, p, f + 2, argi + 1, k, end, item, out, depth)) return true;
        json_array_remove(item, json_array_size(item) - 1);
        if (c->budget < 0) return false;
    }
    return false;
}

static bool match_seq(match_t *c, const msg_pattern_t *pats, size_t pos, size_t end, json_t *out, int depth)
{
    if (pos == end) return json_array_size(out) > 0;
    for (const msg_pattern_t *p = pats; p->fmt; p++) {
        json_t *item = json_array();
        json_array_append_new(item, json_string(p->fmt));
        bool ok = match_fmt(c, pats, p, p->fmt, 0, pos, end, item, out, depth);
        json_decref(item);
        if (ok) return true;
        if (c->budget < 0) return false;
    }
    return false;
}

json_t *msg_match(const char *text, const msg_legacy_t *t)
{
    if (!text || !*text || msg_is_coded(text) || strlen(text) > 4000) return NULL;
    match_t c = {text, t, 200000};
    json_t *m = json_array();
    if (match_seq(&c, t->pats, 0, strlen(text), m, 0)) return m;
    json_decref(m);
    return NULL;
}

const char *msg_text(arena_t *a, const char *stored)
{
    json_t *legacy = NULL;
    if (!msg_is_coded(stored) && !(legacy = comp_reason_legacy(stored))) return i18n_stored(stored);
    buf_t b;
    buf_init(&b);
    if (legacy) {
        msg_render_json(legacy, &b);
        json_decref(legacy);
    } else
        msg_render(stored, &b);
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_release(&b);
    return s;
}

void msg_render(const char *stored, buf_t *out)
{
    if (!stored) return;
    if (msg_is_coded(stored)) {
        json_error_t je;
        json_t *m = json_loads(stored, 0, &je);
        if (json_is_array(m)) {
            msg_render_json(m, out);
            json_decref(m);
            return;
        }
        json_decref(m);
    }
    buf_puts(out, stored);
}
