/* withdraw.h — the coded reasons of a withdrawal from a programme (status mundur,
 * issue 26): health, transfer, release, discipline, own request, security, other
 * with a note. Rule data: rules/alasan-mundur-*.json (kind "alasan_mundur"), the file
 * in force on the day of the withdrawal. Withdrawals recorded before the codes (free
 * text) count as "lainnya". Pure: no I/O, no globals. */
#ifndef BEKAL_WITHDRAW_H
#define BEKAL_WITHDRAW_H
#include "date.h"
#include "record.h"
#include "rulefile.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_WITHDRAW "alasan_mundur"
#define WITHDRAW_MAX_REASONS RF_MAX_REASONS
#define WITHDRAW_OTHER "lainnya" /* the code of a withdrawal without one */

typedef rf_reason_t withdraw_reason_t;
typedef rf_reasons_t withdraw_rules_t;

/* Reads an "alasan_mundur" rule file. 0, or -1 (code "invalid_ruleset"). */
int withdraw_rules_from_json(json_t *root, withdraw_rules_t *r, err_t *e);
/* The reason with code, or NULL. */
const withdraw_reason_t *withdraw_reason(const withdraw_rules_t *r, const char *code);
/* The label of code in the reader's language: the rule's label (the built-in ones
 * translated), "lainnya"'s for NULL or an unknown code. */
const char *withdraw_label(const withdraw_rules_t *r, const char *code);
/* Checks a withdrawal's coded reason and note: the code is known (fe "withdraw_reason"),
 * a note where the rule asks for one (fe "reason"). */
void withdraw_check(const withdraw_rules_t *r, const char *code, const char *note, field_errs_t *fe);

#endif
