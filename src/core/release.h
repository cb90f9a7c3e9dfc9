/* release.h — the records of issue 8 (DOMAIN.md 6): the release of an inmate and
 * the follow-up contacts after it, as field tables (core/record.h) for the generic
 * pages and API, plus the outcome groups the dashboard and report count by. Pure. */
#ifndef BEKAL_RELEASE_H
#define BEKAL_RELEASE_H
#include "record.h"
#include "sentence.h"

enum release_field { RLF_WBP_ID, RLF_KIND, RLF_RELEASE_DATE, RLF_DISTRICT, RLF_CONTACT, RLF_PAYOUT, RLF_NOTES, RLF_STATE, RLF_COUNT };
enum followup_field { FUF_CONTACT_DATE, FUF_WHO, FUF_METHOD, FUF_STATUS, FUF_EMPLOYER, FUF_NOTES, FUF_COUNT };

extern const record_def_t release_def, followup_def;

/* The follow-up outcomes in display order (NULL-terminated) and their labels. */
extern const char *const followup_status_codes[];
extern const char *const followup_status_labels[];
#define FOLLOWUP_NSTATUS 6
/* Index of an outcome code, or -1. */
int followup_status_index(const char *code);
/* The first date a release of kind fits the sentence dates d (issue 20): the expiry for
 * bebas murni, 2/3 for parole and conditional leave; DATE_NONE for any other kind. */
date_t release_kind_due(const char *kind, const sentence_dates_t *d);

#endif
