/* rulefile.h — rule files of several kinds in one rules/ directory, and the
 * JSON field readers their parsers share.
 *
 * Every rules/NAME.json is built into the binary (scripts/embed.sh). A file's
 * top-level "kind" says what it holds: no "kind" (or "asimilasi") is an
 * asimilasi rule set (ruleset.h); "penempatan" the placement priorities
 * (placement.h); "alur_usulan" an asimilasi proposal approval chain and
 * "berkas_usulan" the proposal dossier checklist (usulan.h). Each kind has its
 * own code, title, source, notes, confirmed flag and effective_from date.
 * Pure: no I/O, no globals (the built-in texts are read-only data). */
#ifndef BEKAL_RULEFILE_H
#define BEKAL_RULEFILE_H
#include "date.h"
#include "../util/util.h"
#include <jansson.h>
#include <stddef.h>

#define RULEFILE_KIND_ASIMILASI "asimilasi"

/* Built-in files of a kind, in file-name order: how many, and the i-th's name
 * (file name without .json) and JSON text; NULL past the end. */
size_t rulefile_count(const char *kind);
const char *rulefile_name(const char *kind, size_t i);
const char *rulefile_json(const char *kind, size_t i);

/* Every built-in file whatever its kind, in file-name order: how many, and the
 * i-th's name and JSON text (NULL past the end). Sync compares a site's rule
 * files with its hub's. */
size_t rulefile_total(void);
const char *rulefile_any_name(size_t i);
const char *rulefile_any_json(size_t i);

/* The built-in file of kind in force on date (the latest "effective_from" <= date)
 * as a new JSON reference (caller json_decref()s); *name (if given) gets its file
 * name. NULL when none is in force. */
json_t *rulefile_in_force(const char *kind, date_t on, const char **name);

/* The fields every rule file has besides its body. */
typedef struct {
    char code[64]; /* lower-case letters, digits, - and _ */
    char title[200];
    char title_en[200]; /* optional "title_en": the title in English */
    char source[300];
    char notes[1200];
    char notes_en[1200]; /* optional "notes_en": the notes in English */
    bool confirmed; /* false: not confirmed by a public source (a local setting) */
    date_t effective_from;
} rulefile_head_t;

/* The title in the thread's language (title_en when English and given). */
const char *rulefile_title(const rulefile_head_t *h);
/* The notes in the thread's language (notes_en when English and given). */
const char *rulefile_notes(const rulefile_head_t *h);
/* Reads "code", "title", "title_en" (optional), "source", "notes", "notes_en" (optional), "confirmed", "effective_from" of root
 * and checks "kind" equals kind. errcode is the error code to use. 0 or -1. */
int rulefile_head(json_t *root, const char *kind, const char *errcode, rulefile_head_t *h, err_t *e);
/* rulefile_head, and no other keys at the top than the head's ("title_en" included)
 * and body_keys (NULL-terminated). 0 or -1. */
int rulefile_open(json_t *root, const char *kind, const char *errcode, const char *const *body_keys, rulefile_head_t *h,
                  err_t *e);
/* rulefile_open for a rule set that keeps only its head's code (into code, n bytes)
 * and date (into *effective_from unless NULL); error code "invalid_ruleset". 0 or -1. */
int rulefile_open_ruleset(json_t *root, const char *kind, const char *const *body_keys, char *code, size_t n,
                          date_t *effective_from, err_t *e);
/* The JSON text parsed (duplicate keys refused; NULL reads as ""), or NULL with e set
 * (400 errcode, the line and what is wrong). The caller json_decref()s it. */
json_t *rf_load_text(const char *text, const char *errcode, err_t *e);
/* Adds the head fields (and "kind") to obj. */
void rulefile_head_json(json_t *obj, const char *kind, const rulefile_head_t *h);
/* A date as JSON: "YYYY-MM-DD", or null for DATE_NONE (a new reference). */
json_t *rf_date_json(date_t d);

/* The built-in files of a kind whose parsed form holds a rulefile_head_t, loaded into
 * an array by rf_load_builtins and picked by date by rf_pick. */
typedef struct {
    const char *kind;
    const char *what;   /* "Aturan penempatan bawaan": the start of its error texts */
    const char *glob;   /* "penempatan-*.json": named when none is built in */
    const char *clash;  /* what follows "WHAT A dan B" when two files clash */
    size_t size;        /* of one parsed file */
    size_t head_off;    /* offset of its rulefile_head_t */
    size_t variant_off; /* offset of a char[] that must also be equal to clash; 0: none */
    int (*parse)(const char *text, void *out, err_t *e);
} rf_builtins_t;
/* Parses the built-in files of k->kind into out (room for cap of k->size bytes), *n
 * how many. Two files clash when they share effective_from (and variant). -1 with e
 * (500): none built in ("no_rules"), more than cap ("too_many_rules"), a file that does
 * not parse or two that clash (errcode). */
int rf_load_builtins(const rf_builtins_t *k, const char *errcode, void *out, size_t cap, size_t *n, err_t *e);
/* The element of arr (n of size bytes, head at head_off) in force on date: the latest
 * effective_from on or before it (the later one of equal dates); NULL when none. */
const void *rf_pick(const void *arr, size_t n, size_t size, size_t head_off, date_t date);
/* Defines PFX_load_builtins(T *out, size_t cap, size_t *n, err_t *e) for a kind whose
 * parsed form T has its rulefile_head_t in member head and is parsed by
 * PFX_parse(text, T *, e): rf_load_builtins with the rf_builtins_t {KIND, WHAT, GLOB,
 * CLASH, VARIANT_OFF} and error code ERRCODE. */
#define RF_BUILTINS(T, PFX, KIND, WHAT, GLOB, CLASH, VARIANT_OFF, ERRCODE)                                           \
    static int PFX##_parse_any(const char *text, void *out, err_t *e) { return PFX##_parse(text, out, e); }          \
    static const rf_builtins_t PFX##_builtins = {KIND, WHAT, GLOB, CLASH, sizeof(T), offsetof(T, head), VARIANT_OFF, \
                                                 PFX##_parse_any};                                                   \
    int PFX##_load_builtins(T *out, size_t cap, size_t *n, err_t *e)                                                 \
    {                                                                                                                \
        return rf_load_builtins(&PFX##_builtins, ERRCODE, out, cap, n, e);                                           \
    }
/* Defines const T *PFX_pick(const T *arr, size_t n, date_t date): rf_pick on T's head. */
#define RF_PICK_BY_DATE(T, PFX)                                       \
    const T *PFX##_pick(const T *arr, size_t n, date_t date)          \
    {                                                                 \
        return rf_pick(arr, n, sizeof *arr, offsetof(T, head), date); \
    }

/* Field readers. path names the key in errors ("priority.keys[1].weight");
 * errors are Indonesian, with code errcode, status 400. Each returns 0 or -1. */
int rf_bad(err_t *e, const char *errcode, const char *path, const char *why);
/* Whether key k is in allowed (NULL-terminated), or is the English counterpart of an
 * allowed text key: "title_en", "label_en" or "notes_en" beside "title", "label" or
 * "notes". Every rule file may give its texts in both languages (tests/rules_en.py
 * requires it of the shipped ones). */
bool rf_key_allowed(const char *k, const char *const *allowed);
/* Rejects keys of obj not in allowed (rf_key_allowed; an _en key must be text); where is obj's path ("" at the top). */
int rf_only_keys(json_t *obj, const char *where, const char *const *allowed, const char *errcode, err_t *e);
/* The member key of obj; NULL (and e set) when missing or not of the wanted type. */
json_t *rf_object(json_t *obj, const char *key, const char *path, const char *errcode, err_t *e);
json_t *rf_array(json_t *obj, const char *key, const char *path, const char *errcode, err_t *e);
/* rf_array holding lo..hi elements; else NULL and e set ("harus berisi LO sampai HI what"). */
json_t *rf_array_n(json_t *obj, const char *key, const char *path, size_t lo, size_t hi, const char *what,
                   const char *errcode, err_t *e);
int rf_string(json_t *obj, const char *key, const char *path, char *out, size_t cap, bool required, const char *errcode,
              err_t *e);
int rf_int(json_t *obj, const char *key, const char *path, int lo, int hi, int *out, const char *errcode, err_t *e);
int rf_bool(json_t *obj, const char *key, const char *path, bool *out, const char *errcode, err_t *e);
/* Where rf_coded_item puts element i's texts: its code, label and label_en, in an array
 * whose elements stand stride bytes apart; dup is the error for a code already used by
 * an earlier element ("kode status sudah dipakai"). RF_CODED(x, dup) for x, a pointer
 * to the element with members code, label and label_en. */
typedef struct {
    char *code, *label, *label_en;
    size_t ccap, lcap, lecap, stride;
    const char *dup;
} rf_coded_t;
#define RF_CODED(x, dup)                                                                                                  \
    (&(rf_coded_t){(x)->code, (x)->label, (x)->label_en, sizeof(x)->code, sizeof(x)->label, sizeof(x)->label_en,        \
                   sizeof *(x), dup})
/* Element i of array a named name ("states"): an object with no keys but keys, its "code"
 * (rf_code, not one of elements 0..i-1), its required "label" and optional "label_en"
 * into to's places; path gets "name[i]". The element, or NULL with e set. */
json_t *rf_coded_item(json_t *a, size_t i, const char *name, const char *const *keys, const char *errcode,
                      const rf_coded_t *to, char path[48], err_t *e);
/* A code-like string: 1..cap-1 characters of a-z, 0-9, - and _. */
int rf_code(json_t *v, const char *path, char *out, size_t cap, const char *errcode, err_t *e);

/* Coded reasons: the body of the rule kinds that list reasons with a code, a label
 * and whether a note is required ("tidak_diusulkan" also a review period per
 * reason and a window; "alasan_mundur", "koreksi_tanggal"). One reader for all. */
#define RF_MAX_REASONS 16
typedef struct {
    char code[40];
    char label[120];
    char label_en[160]; /* optional "label_en" */
    int review_months; /* "tidak_diusulkan" only (0 for the other kinds) */
    bool note_required;
} rf_reason_t;

typedef struct {
    char code[64];
    date_t effective_from;
    int window_months; /* "tidak_diusulkan" only */
    int n;
    rf_reason_t reasons[RF_MAX_REASONS];
} rf_reasons_t;

/* How a kind words its errors: bad(e, key, why) sets e and returns -1. */
typedef int (*rf_bad_fn)(err_t *e, const char *key, const char *why);
/* Reads a coded-reason rule file of kind: the head, no other top-level keys than the
 * head's, "reasons" and (with_months) "window_months" (0-24); 1..RF_MAX_REASONS reasons
 * with distinct codes; with_months each has "review_months" 1-24. 0, or -1. */
int rf_reasons_read(json_t *root, const char *kind, bool with_months, rf_bad_fn bad, rf_reasons_t *r, err_t *e);
/* The reason with code, or NULL. */
const rf_reason_t *rf_reason_find(const rf_reasons_t *r, const char *code);
/* label in the reader's language: translated when it is one of the n built-in labels
 * (N_() texts), as written otherwise. */
const char *rf_reason_label(const char *const *builtin, size_t n, const char *label);
/* The reason's label in the reader's language: its label_en for an English reader when
 * the file gives one, else rf_reason_label. */
const char *rf_reason_text(const char *const *builtin, size_t n, const rf_reason_t *x);

#endif
