/* rowmap.c — one generic row reader for the column tables of rowmap.h. */
#include "rowmap.h"
#include "../core/date.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One column i of st into the field at f, as rm_type_t says. */
static void read_col(db_stmt_t *st, int i, rm_type_t type, int (*parse)(const char *), arena_t *a, void *f)
{
    switch (type) {
    case RM_INT: *(int64_t *)f = db_col_int(st, i); break;
    case RM_BOOL: *(bool *)f = db_col_int(st, i) != 0; break;
    case RM_I32: *(int *)f = (int)db_col_int(st, i); break;
    case RM_ENUM: *(int *)f = parse(db_col_text(st, i)); break;
    case RM_TEXT: *(const char **)f = arena_strdup(a, db_col_text(st, i)); break;
    case RM_STR: {
        const char *s = db_col_text(st, i);
        *(const char **)f = arena_strdup(a, s ? s : "");
        break;
    }
    case RM_DATE: {
        const char *s = db_col_text(st, i);
        date_t d;
        *(date_t *)f = s && date_parse(s, &d) ? d : DATE_NONE;
        break;
    }
    case RM_SKIP: break;
    }
}

void rm_read(db_stmt_t *st, arena_t *a, const rm_spec_t *spec, void *out)
{
    char *base = out;
    for (int i = 0; i < spec->ncol; i++) read_col(st, i, spec->col[i].type, spec->col[i].parse, a, base + spec->col[i].off);
}

void *rm_list(db_stmt_t *st, err_t *e, arena_t *a, const rm_spec_t *spec, int *count)
{
    *count = 0;
    if (!st) return NULL;
    char *arr = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = db_step(st, e)) == 1) {
        if (n == cap) arr = arena_regrow(a, arr, n, &cap, spec->size);
        void *r = arr + (size_t)n++ * spec->size;
        memset(r, 0, spec->size);
        rm_read(st, a, spec, r);
    }
    db_finalize(st);
    if (rc < 0) return NULL;
    *count = n;
    return arr ? arr : arena_alloc(a, spec->size);
}

int rm_one(db_stmt_t *st, err_t *e, arena_t *a, const rm_spec_t *spec, void *out)
{
    memset(out, 0, spec->size);
    if (!st) return -1;
    int rc = db_step(st, e), got = rc;
    if (rc == 1) rm_read(st, a, spec, out);
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? -1 : got;
}

int rm_first(db_stmt_t *st, err_t *e, arena_t *a, const char *cols, ...)
{
    if (!st) return -1;
    int rc = db_step(st, e), got = rc;
    if (rc == 1) {
        va_list ap;
        va_start(ap, cols);
        for (int i = 0; cols[i]; i++) {
            if (cols[i] == '-') continue;
            if (cols[i] == '?') {
                *va_arg(ap, bool *) = !db_col_null(st, i);
                continue;
            }
            if (cols[i] == 'c') {
                char *buf = va_arg(ap, char *);
                size_t cap = va_arg(ap, size_t);
                const char *s = db_col_text(st, i);
                snprintf(buf, cap, "%s", s ? s : "");
                continue;
            }
            static const char letter[] = "inbtsd";
            static const rm_type_t type[] = {RM_INT, RM_I32, RM_BOOL, RM_TEXT, RM_STR, RM_DATE};
            const char *k = strchr(letter, cols[i]);
            if (!k) abort(); /* a letter not listed above: the caller is wrong */
            read_col(st, i, type[k - letter], NULL, a, va_arg(ap, void *));
        }
        va_end(ap);
    }
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? -1 : got;
}

int rm_index(const void *rows, int n, size_t size, size_t off, int64_t id)
{
    const char *r = rows;
    for (int i = 0; i < n; i++) {
        int64_t v;
        memcpy(&v, r + (size_t)i * size + off, sizeof v);
        if (v == id) return i;
    }
    return -1;
}

int rm_ids(db_stmt_t *st, err_t *e, int64_t *ids, int max)
{
    if (!st) return -1;
    int n = 0, rc;
    while ((rc = db_step(st, e)) == 1)
        if (n < max) ids[n++] = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? -1 : n;
}
