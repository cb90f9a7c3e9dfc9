/* ruleset.h — asimilasi rule sets as data (DOMAIN.md section 3): fractions,
 * months without discipline, SPPN threshold, exclusions, special-crime
 * definition, extra conditions and the date method, each with the date it takes
 * effect. Parsed once from JSON (rules/NAME.json, built into the binary by
 * scripts/embed.sh) into a fixed-size struct: evaluation never allocates.
 * Pure: no I/O, no globals (the built-in JSON texts are read-only data). */
#ifndef BEKAL_RULESET_H
#define BEKAL_RULESET_H
#include "date.h"
#include "sentence.h"
#include <jansson.h>

typedef enum {
    CRIME_UMUM, CRIME_NARKOTIKA, CRIME_KORUPSI, CRIME_TERORISME, CRIME_KEAMANAN_NEGARA,
    CRIME_HAM_BERAT, CRIME_TRANSNASIONAL, CRIME_LAINNYA, CRIME__COUNT
} crime_category_t;
typedef enum { DISC_RINGAN, DISC_SEDANG, DISC_BERAT, DISC__COUNT } discipline_level_t;
typedef enum { APPLIES_DEWASA, APPLIES_ANAK } rule_applies_t;

/* "umum", "narkotika", ... and back; -1 when unknown. */
const char *crime_category_name(crime_category_t c);
int crime_category_parse(const char *s);
const char *discipline_level_name(discipline_level_t l);
int discipline_level_parse(const char *s);

/* The forms of asimilasi (DOMAIN.md 3): inside the prison, at an open prison,
 * social work, work with a third party. Which a track allows is rule data. */
typedef enum {
    USL_FORM_DALAM_LAPAS,
    USL_FORM_LAPAS_TERBUKA,
    USL_FORM_KERJA_SOSIAL,
    USL_FORM_PIHAK_KETIGA,
    USL_FORM__COUNT
} usulan_form_t;
/* "dalam_lapas", "lapas_terbuka", "kerja_sosial", "pihak_ketiga"; -1 unknown. */
const char *usulan_form_code(usulan_form_t f);
int usulan_form_parse(const char *s);

/* One track (general or special crimes). */
typedef struct {
    int frac_p, frac_q;         /* time served: fraction p/q of the sentence (0 <= p <= q) */
    unsigned forms;             /* allowed asimilasi forms: bit (1u << usulan_form_t) */
    int min_months_served;      /* and at least this many months actually served (0: none) */
    int months_no_discipline;   /* no blocking punishment within this many months */
} rule_track_t;

typedef struct {
    char code[64];              /* "permenkumham-7-2022" */
    char title[200];
    char title_en[240]; /* optional "title_en" */
    char source[600];
    char notes[1600];
    char notes_en[1800]; /* optional "notes_en" */
    char basis[200];            /* the legal basis cited in explanations ("PP 99/2012; Permenkumham 21/2013") */
    bool confirmed;             /* false: thresholds not confirmed by a public source */
    date_t effective_from;
    rule_applies_t applies_to;
    date_method_t method;
    rule_track_t general, special;
    unsigned special_categories;      /* bit (1u << crime_category_t) */
    int narkotika_min_sentence_months; /* narcotics are special only from this sentence length */
    unsigned blocking_levels;         /* bit (1u << discipline_level_t) */
    bool register_f_only;             /* only punishments entered in Register F count */
    int sppn_min_score;               /* "active in coaching": SPPN score >= this ... */
    int sppn_months;                  /* ... in each of the last N full months (0: not required) */
    bool attendance_counts;           /* a month also counts as active with programme attendance ... */
    int attendance_min_percent;       /* ... of at least this share of its recorded sessions (hadir) */
    bool exclude_life, exclude_death, exclude_remand;
    bool exclude_threatened;          /* an inmate whose safety is threatened (a dated record) */
    bool terorisme_deradicalisation;  /* terrorism: deradicalisation completed */
    bool korupsi_fine_restitution;    /* corruption: fine and restitution paid */
    bool wna_documents;               /* foreigners: embassy guarantee + immigration statement */
} ruleset_t;

/* Parses and validates one rule set from JSON text. Unknown keys, missing keys,
 * wrong types and out-of-range values are errors naming the key (Indonesian,
 * code "invalid_ruleset"). 0 or -1. */
int ruleset_parse(const char *json_text, ruleset_t *out, err_t *e);
int ruleset_from_json(json_t *root, ruleset_t *out, err_t *e);
/* The rule set as JSON (same shape as the files); caller owns the reference. */
json_t *ruleset_to_json(const ruleset_t *r);

/* The rule set in force on date for applies_to: the latest effective_from <= date.
 * NULL when none is in force yet. */
const ruleset_t *ruleset_pick(const ruleset_t *sets, size_t n, rule_applies_t applies_to, date_t date);

/* Built-in rule files (rules/NAME.json). 0 when the binary was built without them.
 * Every file has a top-level "kind": "asimilasi" (the default when absent: the
 * rule sets above), or another area's name ("penempatan", "pelatihan", "usulan",
 * "produksi", "tindak-lanjut", ...) whose module parses its own keys; every file
 * has "code" and "effective_from" (YYYY-MM-DD). */
#define RULES_KIND_ASIMILASI "asimilasi"
size_t ruleset_builtin_count(void);
/* Name (file name without .json) and JSON text of built-in i. */
const char *ruleset_builtin_name(size_t i);
const char *ruleset_builtin_json(size_t i);
/* Parses every built-in into out[0..cap); sets *n. 0 or -1 (a built-in is bad,
 * cap too small, or none are built in). */
int ruleset_load_builtins(ruleset_t *out, size_t cap, size_t *n, err_t *e);
/* The kind of built-in i into buf (see above). */
const char *ruleset_builtin_kind(size_t i, char *buf, size_t n);
/* The built-in file of kind in force on date (the latest effective_from <= date) as
 * a new JSON reference (caller json_decref()s), *name its file name; NULL if none. */
json_t *rules_builtin_in_force(const char *kind, date_t on, const char **name);

#endif
