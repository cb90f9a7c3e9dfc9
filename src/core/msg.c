/* msg.c — coded explanations rendered in the reader's language (see msg.h). */
#include "msg.h"
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

const char *msg_text(arena_t *a, const char *stored)
{
    if (!msg_is_coded(stored)) return i18n_stored(stored);
    buf_t b;
    buf_init(&b);
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
