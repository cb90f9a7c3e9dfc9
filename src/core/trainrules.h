/* trainrules.h — the training rule set (rule file kind "pelatihan",
 * rules/pelatihan-default.json): JP length, how izin/sakit/no entry count in the
 * attendance rate, the correction window and who may correct, the completion
 * rule, the certificate number format and the BNSP validity. Each file has an
 * effective date; a programme uses the one in force on its start date.
 * Parsed once into a fixed-size struct. The built-in files come through
 * ruleset.h (ruleset_builtin_kind, rules_builtin_in_force). Pure: no I/O, no
 * globals.
 *
 * File shape (every key required, unknown keys refused):
 *   "kind": "pelatihan", "code", "title", "source", "notes", "confirmed",
 *   "effective_from": "YYYY-MM-DD",
 *   "jp_minutes": 40,
 *   "attendance": {"izin": T, "sakit": T, "belum_dicatat": T}
 *        T = "hadir" | "tidak_hadir" | "dikecualikan" (attendance.h),
 *   "correction": {"window_days": 7, "entry_roles": [...], "late_roles": [...]},
 *   "completion": {"min_attendance_percent": 80, "all_units_kompeten": true,
 *                  "attendance_recorded": true},
 *   "certificate": {"number_format": "...", "seq_per": ["site", "year"]} (certno.h),
 *   "bnsp": {"validity_years": 3} */
#ifndef BEKAL_TRAINRULES_H
#define BEKAL_TRAINRULES_H
#include "attendance.h"
#include "certno.h"
#include "ruleset.h"

#define RULES_KIND_PELATIHAN "pelatihan"

typedef struct {
    char code[64];           /* lower-case letters, digits, - and _ */
    char title[200];
    char title_en[240]; /* optional "title_en" */
    char source[300];
    char notes[1200];
    char notes_en[1400]; /* optional "notes_en" */
    bool confirmed;          /* false: thresholds are local settings, not from a public source */
    date_t effective_from;
    int jp_minutes;          /* length of one JP */
    att_rules_t att;         /* treatments, minimum rate (from completion), window, roles */
    bool require_all_units;  /* completion: every unit kompeten */
    bool require_recorded;   /* completion: every session's attendance recorded */
    char certno_format[CERTNO_FORMAT_MAX + 1];
    unsigned seq_per;        /* bits of certno_per_t */
    int bnsp_validity_years;
} train_rules_t;

/* Parses and validates one rule file (code "invalid_training_rules", messages
 * naming the key). 0 or -1. */
int train_rules_from_json(json_t *root, train_rules_t *out, err_t *e);
int train_rules_parse(const char *json_text, train_rules_t *out, err_t *e);
/* The rule set as JSON, the same shape as the file; caller owns the reference. */
json_t *train_rules_to_json(const train_rules_t *r);
/* The one in force on date (latest effective_from <= date); NULL when none. */
const train_rules_t *train_rules_pick(const train_rules_t *sets, size_t n, date_t date);
/* Parses every built-in file of kind "pelatihan" into out[0..cap). 0 or -1. */
int train_rules_load_builtins(train_rules_t *out, size_t cap, size_t *n, err_t *e);
/* The built-in in force on date with patch applied (NULL: none): patch is a
 * partial rule file whose objects are merged into the built-in's key by key,
 * the result validated as a whole (used by `bekal calc` and for local
 * overrides). 0 or -1 (code "no_training_rules", status 422, when none is in force). */
int train_rules_builtin_at(date_t date, json_t *patch, train_rules_t *out, err_t *e);

#endif
