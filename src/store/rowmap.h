/* rowmap.h — declarative row mapping (issue 19; after the result specifications of
 * GNU Taler's database layer): a query's columns are described once as a table of
 * {type, offset into the row struct}, in SELECT order, and one reader fills the
 * struct. Store files describe their rows with RM_COL and read them with
 * rm_read / rm_list / rm_one instead of writing `x->f = db_col_...(st, i)` per column.
 *
 *   static const rm_col_t agr_cols[] = {RM_COL(agr_t, RM_STR, site), RM_COL(agr_t, RM_INT, n)};
 *   static const rm_spec_t agr_spec = RM_SPEC(agr_t, agr_cols);
 *   agr_t *rows = rm_list(db_query(db, e, "SELECT ...", ...), e, a, &agr_spec, &n);
 *
 * A field wanted both as text and as a date selects its column twice
 * ("SELECT d, d, ..." with RM_TEXT and RM_DATE). */
#ifndef BEKAL_ROWMAP_H
#define BEKAL_ROWMAP_H
#include "db.h"
#include <stddef.h>

typedef enum {
    RM_INT,  /* int64_t; SQL NULL reads 0 */
    RM_TEXT, /* const char * copied into the arena; SQL NULL stays NULL */
    RM_STR,  /* const char * copied into the arena; SQL NULL reads "" */
    RM_DATE, /* date_t (core/date.h) of 'YYYY-MM-DD...' text; NULL or unparsable: DATE_NONE */
    RM_BOOL, /* bool; nonzero integer */
    RM_I32,  /* int; SQL NULL reads 0 */
    RM_ENUM, /* int: the column's text through the column's parse (e.g. att_status_parse) */
    RM_SKIP, /* a column not kept */
} rm_type_t;

typedef struct {
    rm_type_t type;
    size_t off;
    int (*parse)(const char *); /* RM_ENUM only */
} rm_col_t;

typedef struct {
    const rm_col_t *col;
    int ncol;
    size_t size; /* sizeof the row struct */
} rm_spec_t;

#define RM_COL(T, type, field) {(type), offsetof(T, field), NULL}
#define RM_ENUM_COL(T, field, parse) {RM_ENUM, offsetof(T, field), (parse)}
#define RM_SKIPPED {RM_SKIP, 0, NULL}
#define RM_SPEC(T, cols) {(cols), (int)(sizeof(cols) / sizeof((cols)[0])), sizeof(T)}

/* Fills the struct at out from the current row of st, column i by spec->col[i]
 * (text copied into a). Other fields of out are left as they are. */
void rm_read(db_stmt_t *st, arena_t *a, const rm_spec_t *spec, void *out);
/* Steps st (NULL: an error already set in e) to its end and finalizes it. Returns an
 * arena array of the rows (each zeroed before it is read; never NULL on success) with
 * their count in *n, or NULL with e set (*n 0). */
void *rm_list(db_stmt_t *st, err_t *e, arena_t *a, const rm_spec_t *spec, int *n);
/* The first row of st into out (zeroed first); the rest are stepped over and st is
 * finalized. 1 with a row, 0 without, -1 on error. */
int rm_one(db_stmt_t *st, err_t *e, arena_t *a, const rm_spec_t *spec, void *out);

/* The first row of st (NULL: an error already set in e) into the pointers that
 * follow, one for each letter of cols, in SELECT order:
 *   'i' int64_t *          'n' int *              'b' bool *   (SQL NULL reads 0)
 *   't' const char ** copied into a (SQL NULL stays NULL)      's' the same, SQL NULL reads ""
 *   'd' date_t *           'c' char * and its size (size_t): the text cut to fit, SQL NULL reads ""
 *   '?' bool *: whether the column is not NULL               '-' a column not read (no pointer)
 * for the one-row reads that keep a few columns in locals (a struct read more than
 * once has a column table and rm_one). The rest are stepped over and st is finalized.
 * 1 with a row, 0 without (the pointers untouched), -1 on error. */
int rm_first(db_stmt_t *st, err_t *e, arena_t *a, const char *cols, ...);

/* The first column of st's rows (NULL: an error already set in e), as integers, into
 * ids: at most max of them, the rest stepped over; st is finalized. The count, or -1. */
int rm_ids(db_stmt_t *st, err_t *e, int64_t *ids, int max);

/* The index of the first of the n rows at rows whose int64_t field equals id, or -1:
 * the look-ups by id in arrays that rm_list read, e.g. RM_INDEX(d->units, d->n_units, id, unit_id). */
int rm_index(const void *rows, int n, size_t size, size_t off, int64_t id);
#define RM_INDEX(rows, n, field, id) rm_index((rows), (n), sizeof *(rows), offsetof(__typeof__(*(rows)), field), (id))

/* Defines the reader of the rows that belong to one id, the commonest list:
 *   int fn(db_t *db, err_t *e, arena_t *a, int64_t id, T **out, int *n)
 * runs sql (a string literal with one "?", bound to id) and reads its rows by spec
 * into *out (count *n); 0 or -1. tests/lint.sh checks the "?". */
#define RM_LIST_BY_ID(fn, T, spec, sql)                                                                       \
    int fn(db_t *db, err_t *e, arena_t *a, int64_t id, T **out, int *n)                                     \
    {                                                                                                       \
        *out = rm_list(db_query(db, e, "" sql, "i", id), e, a, &(spec), n);                                  \
        return *out ? 0 : -1;                                                                               \
    }

#endif
