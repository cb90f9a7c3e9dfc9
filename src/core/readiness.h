/* readiness.h — release readiness (issue 26): the checklist's items as rule data
 * (rules/kesiapan-bebas-*.json, kind "kesiapan_bebas"): code and label, and how many
 * weeks before release the checklist is shown. States of an item: belum, proses,
 * selesai, tidak_perlu; an item counts as done when selesai or tidak_perlu.
 * Pure: no I/O, no globals. */
#ifndef BEKAL_READINESS_H
#define BEKAL_READINESS_H
#include "date.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_READINESS "kesiapan_bebas"
#define READINESS_MAX_ITEMS 16
typedef struct {
    char code[32], label[120];
    char label_en[160]; /* optional "label_en" */
} readiness_item_t;
typedef struct {
    char code[64];
    int weeks, n;
    readiness_item_t items[READINESS_MAX_ITEMS];
} readiness_rules_t;

/* Reads a "kesiapan_bebas" rule file. 0, or -1 (code "invalid_ruleset"). */
int readiness_rules_from_json(json_t *root, readiness_rules_t *r, err_t *e);
/* The item with code, or NULL. */
const readiness_item_t *readiness_item(const readiness_rules_t *r, const char *code);
/* The item's label in the reader's language: label_en for an English reader when given,
 * else the built-in labels translated, another file's as written. */
const char *readiness_label(const readiness_item_t *x);
/* Whether state is one of the four; whether it counts as done. */
bool readiness_state_valid(const char *state);
bool readiness_state_done(const char *state);

#endif
