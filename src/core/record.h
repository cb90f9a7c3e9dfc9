/* record.h — declarative field tables for the records staff edit (WBP, remisi, ...).
 *
 * One table per entity says each field's name (= column = JSON key = CSV header),
 * its Indonesian label, type, whether it is required, its length limit and its
 * allowed values. Forms, the JSON API and the CSV importers all feed values through
 * rec_set(), so a value is validated and normalised in exactly one place.
 * Values are kept as normalised strings (NULL = empty) in an arena. */
#ifndef BEKAL_RECORD_H
#define BEKAL_RECORD_H
#include "../util/util.h"

/* FT_MONTH is a calendar month written YYYY-MM. FT_FIXED is a decimal number with
 * `scale` decimals kept as an exact integer in units of 10^-scale (a quantity of 2,5
 * with scale 3 is stored 2500; 35,5% with scale 2 is 3550 basis points): forms and
 * pages write it with a decimal comma ("2,5"; a point is accepted too), JSON, CSV and
 * the database carry the stored integer, and `max` bounds the stored integer. */
typedef enum { FT_TEXT, FT_DATE, FT_INT, FT_MONEY, FT_BOOL, FT_ENUM, FT_MONTH, FT_FIXED } field_type_t;

typedef struct {
    const char *name;  /* column, JSON key and CSV header */
    const char *label; /* Indonesian label for forms and messages */
    field_type_t type;
    bool required;
    int max;                     /* FT_TEXT: max bytes; FT_INT: max value */
    const char *const *choices;  /* FT_ENUM: allowed values, NULL-terminated */
    const char *const *clabels;  /* FT_ENUM: their labels */
    const char *def;             /* default when absent on create, or NULL */
    int scale;                   /* FT_FIXED: decimals (1..6) */
} field_def_t;

/* Field constructors, one per kind, each naming only what its kind uses; a
 * default (or other member) follows as a designator: F_INT("x", N_("X"), false,
 * 100, .def = "0"). F_ID is a reference to another row (an id, no upper bound). */
#define F_TEXT(name, label, req, maxlen, ...) {name, label, FT_TEXT, req, maxlen, __VA_ARGS__}
#define F_INT(name, label, req, maxval, ...) {name, label, FT_INT, req, maxval, __VA_ARGS__}
#define F_ID(name, label, req, ...) {name, label, FT_INT, req, 0, __VA_ARGS__}
#define F_DATE(name, label, req, ...) {name, label, FT_DATE, req, 0, __VA_ARGS__}
#define F_MONTH(name, label, req, ...) {name, label, FT_MONTH, req, 0, __VA_ARGS__}
#define F_MONEY(name, label, req, ...) {name, label, FT_MONEY, req, 0, __VA_ARGS__}
#define F_BOOL(name, label, req, ...) {name, label, FT_BOOL, req, 0, __VA_ARGS__}
#define F_ENUM(name, label, req, codes, labels, ...) {name, label, FT_ENUM, req, 0, codes, labels, __VA_ARGS__}
#define F_FIXED(name, label, req, maxval, decimals, ...) \
    {name, label, FT_FIXED, req, maxval, .scale = decimals, __VA_ARGS__}

typedef struct {
    const char *entity; /* "wbp" */
    const char *table;
    const field_def_t *fields;
    int nfields;
    const char *parent; /* column naming the owning WBP ("wbp_id"), or NULL */
    const char *title;  /* Indonesian name of the record kind, for pages */
} record_def_t;

#define FIELD_ERRS_MAX 48
typedef struct {
    int n;
    struct {
        const char *field;
        char msg[200];
    } e[FIELD_ERRS_MAX];
} field_errs_t;
void field_err(field_errs_t *fe, const char *field, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* The message for a field, or NULL. */
const char *field_errs_for(const field_errs_t *fe, const char *field);

int rec_field_index(const record_def_t *d, const char *name);
/* Normalises raw into v[i] (arena copy; NULL when empty). Returns false and adds an
 * Indonesian message to fe when the value is invalid. */
bool rec_set(arena_t *a, const record_def_t *d, const char **v, int i, const char *raw, field_errs_t *fe);
/* Fills defaults for absent fields, then reports absent required fields. */
void rec_finish(const record_def_t *d, const char **v, field_errs_t *fe);
/* The stored integer of an FT_FIXED field as decimal text with a comma and no
 * trailing zeros (2500, scale 3 -> "2,5"; 3500, scale 2 -> "35"). Returns out. */
char *rec_fixed_text(int64_t stored, int scale, char *out, size_t n);
/* Parses decimal text ("2,5", "2.5", "2") with at most `scale` decimals into the
 * stored integer. False on anything else (negative, grouping, too many decimals). */
bool rec_fixed_parse(const char *s, int scale, int64_t *out);

/* Label of an enum value, or the value itself. */
const char *rec_choice_label(const field_def_t *f, const char *value);

/* Strict date normalisation through date_parse() (core/date.h): accepts YYYY-MM-DD
 * and DD-MM-YYYY (also with '/'), writes YYYY-MM-DD. False for impossible dates. */
bool date_normalise(const char *in, char out[11]);

#endif
