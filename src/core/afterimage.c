/* afterimage.c — the pure rules of `bekal check`'s row check (afterimage.h). */
#include "afterimage.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

bool afterimage_value_eq(const json_t *v, const char *stored)
{
    if (!v || json_is_null(v)) return !stored || !*stored;
    if (!stored) return json_is_string(v) && !*json_string_value(v);
    if (json_is_string(v)) return strcmp(json_string_value(v), stored) == 0;
    if (json_is_true(v)) return strcmp(stored, "1") == 0;
    if (json_is_false(v)) return strcmp(stored, "0") == 0;
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return strcmp(buf, stored) == 0;
    }
    return false; /* a real, an array or an object is never a field's stored value */
}

bool afterimage_field_compared(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n && !(n >= 3 && strcmp(name + n - 3, "_id") == 0);
}

void afterimage_fold(json_t **image, bool *deleted, const char *action, const char *after)
{
    if (action && strcmp(action, "delete") == 0) {
        *deleted = true;
        json_decref(*image);
        *image = NULL;
        return;
    }
    json_error_t je;
    json_t *a = after ? json_loads(after, 0, &je) : NULL;
    if (!json_is_object(a)) {
        json_decref(a);
        return;
    }
    if (action && strcmp(action, "create") == 0) {
        json_decref(*image);
        *image = a;
        *deleted = false;
        return;
    }
    if (!*image) *image = json_object();
    json_object_update(*image, a);
    json_decref(a);
}
