/* datecorr.h — a correction of a date Bekal computes for one inmate (the expiry,
 * the 1/2 or the 2/3 date), recorded with a coded reason, the document it rests on
 * and a note (issue 24). The eligibility computation (eligibility.h) uses a
 * correction in force instead of its own date and says so; the correction lapses
 * by itself when the inputs it corrected change: it keeps a fingerprint of what
 * the date was computed from (start, sentence, subsider, remisi, method) and is
 * used only while the inputs give the same fingerprint.
 *
 * The reasons are rule data: rules/koreksi-tanggal-*.json (kind "koreksi_tanggal").
 * Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_DATECORR_H
#define BEKAL_DATECORR_H
#include "date.h"
#include "record.h"
#include "rulefile.h"
#include "sentence.h"
#include "../util/util.h"
#include <jansson.h>

#define RULES_KIND_DATECORR "koreksi_tanggal"
#define DATECORR_MAX_REASONS RF_MAX_REASONS

/* Which date is corrected. */
typedef enum { DC_EXPIRY, DC_HALF, DC_TWO_THIRDS, DC__COUNT } datecorr_kind_t;
/* "ekspirasi", "setengah", "dua_pertiga" */
const char *datecorr_kind_code(datecorr_kind_t k);
/* -1 unknown */
int datecorr_kind_parse(const char *s);
/* The date's name in the reader's language ("Ekspirasi (bebas murni)"). */
const char *datecorr_kind_label(datecorr_kind_t k);

typedef rf_reason_t datecorr_reason_t;
typedef rf_reasons_t datecorr_rules_t;

/* Reads a "koreksi_tanggal" rule file. 0, or -1 (code "invalid_ruleset"). */
int datecorr_rules_from_json(json_t *root, datecorr_rules_t *r, err_t *e);
const datecorr_reason_t *datecorr_reason(const datecorr_rules_t *r, const char *code);
/* The reason's label in the reader's language (the built-in ones are translated). */
const char *datecorr_label(const datecorr_reason_t *x);

/* The stored correction (table wbp_date_correction, owned by a WBP). */
enum {
    DCF_WHICH, DCF_COMPUTED, DCF_CORRECTED, DCF_REASON, DCF_DOCUMENT, DCF_NOTE, DCF_INPUTS, DCF_DECIDED_ON,
    DCF_ENDED_ON, DCF_END_REASON, DCF_COUNT
};
extern const record_def_t datecorr_def;

/* The fingerprint of the inputs of a sentence's dates: "mulai=2021-01-10;pidana=9-6-0;
 * subsider=0-4-0;remisi=0-3-0;tidak_dihitung=0;metode=0". */
#define DATECORR_FP_LEN 160
void datecorr_fingerprint(const sentence_t *s, char out[DATECORR_FP_LEN]);

/* The parts in which two fingerprints differ (0: the same). */
enum { DCX_START = 1, DCX_TERM = 2, DCX_SUBSIDER = 4, DCX_REMISI = 8, DCX_UNCOUNTED = 16, DCX_METHOD = 32,
       DCX_NODATES = 64 };
unsigned datecorr_diff(const char *stored, const char *now);
/* Why a correction lapsed, in the reader's language ("remisi berubah (0 bl 0 hr →
 * 1 bl 0 hr)" when both fingerprints are given, "masa pidana berubah", ...). */
void datecorr_cause_text(unsigned diff, const char *stored, const char *now, char *buf, size_t n);

/* Checks a correction: a known date kind and reason, a corrected date other than the
 * computed one (computed: DATE_NONE when Bekal has no date: refused), a document
 * reference (1..200 bytes), a note where the reason requires one (at most 500
 * bytes), the decision date not in the future. Errors go to fe under "which",
 * "corrected_date", "reason", "document_ref", "note" and "decided_on". */
void datecorr_check(const datecorr_rules_t *r, const char *which, date_t corrected, date_t computed, const char *reason,
                    const char *document, const char *note, date_t decided, date_t today, field_errs_t *fe);

/* Whether a correction decided on `from` and ended on `until` (DATE_NONE: not
 * ended) is in force on `on`. */
bool datecorr_in_force(date_t from, date_t until, date_t on);

#endif
