/* program.h — cooperation agreements (PKS) with partner agencies, the trade
 * catalogue (kejuruan and its ordered competency units) and training programmes
 * (a batch of one trade in one phase of an agreement): their field tables and the
 * pure rule checks (DOMAIN.md sections 1 and 4).
 *
 * The checks take values, never the database: the caller (the web entity hooks)
 * reads the agreement, the quota and the capacities already used and passes the
 * numbers in. Messages are Indonesian and name the numbers and dates involved.
 * Pure: no I/O, no globals. */
#ifndef BEKAL_PROGRAM_H
#define BEKAL_PROGRAM_H
#include "record.h"

enum partner_field {
    PAF_NAME, PAF_KIND, PAF_ADDRESS, PAF_CONTACT_NAME, PAF_CONTACT_POSITION, PAF_CONTACT_PHONE, PAF_CONTACT_EMAIL,
    PAF_NOTES, PAF_COUNT
};
enum agreement_field {
    AGF_TITLE, AGF_PARTNER_ID, AGF_PROVIDER_ID, AGF_NUMBER_SITE, AGF_NUMBER_PARTNER, AGF_SIGNED_DATE,
    AGF_SIGNED_PLACE, AGF_VALID_FROM, AGF_VALID_TO, AGF_OBLIGATIONS_SITE, AGF_OBLIGATIONS_PARTNER, AGF_STATUS,
    AGF_NOTES, AGF_CERT_VARIANT, AGF_COUNT
};
/* Signatories and witnesses of an agreement. */
enum agreement_party_field { APF_ROLE, APF_SIDE, APF_NAME, APF_POSITION, APF_ORGANISATION, APF_COUNT };
/* Participants allowed per phase (tahap). */
enum agreement_quota_field { AQF_PHASE, AQF_QUOTA_MIN, AQF_QUOTA_MAX, AQF_NOTE, AQF_COUNT };
/* Trades an agreement covers. */
enum agreement_kejuruan_field { AKF_KEJURUAN_ID, AKF_COUNT };
enum kejuruan_field {
    KJF_CODE, KJF_NAME, KJF_STANDARD_REF, KJF_STANDARD_JP, KJF_DAYS, KJF_DESCRIPTION, KJF_ACTIVE, KJF_COUNT
};
enum competency_unit_field { CUF_SEQ, CUF_CODE, CUF_TITLE, CUF_JP, CUF_COUNT };
enum program_field {
    PGF_NAME, PGF_AGREEMENT_ID, PGF_PHASE, PGF_KEJURUAN_ID, PGF_PROVIDER_ID, PGF_PLACE, PGF_START_DATE,
    PGF_END_DATE, PGF_TOTAL_JP, PGF_DAYS, PGF_SCHEDULE, PGF_CAPACITY_MIN, PGF_CAPACITY_MAX, PGF_REQUIRE_ASIMILASI,
    PGF_STATUS, PGF_NOTES, PGF_OUTSIDE, PGF_VENUE, PGF_COUNT
};
enum program_instructor_field { PIF_USER_ID, PIF_COUNT };

extern const record_def_t partner_def, agreement_def, agreement_party_def, agreement_quota_def,
    agreement_kejuruan_def, kejuruan_def, competency_unit_def, program_def, program_instructor_def;

/* Agreement: validity ends on or after it starts. */
void agreement_validate(const char **v, field_errs_t *fe);
/* Quota of a phase: phase >= 1, minimum <= maximum. */
void quota_validate(const char **v, field_errs_t *fe);
/* Programme on its own: planned end on or after start, capacity minimum <= maximum
 * (maximum at least 1), training at the BLK requires asimilasi-eligible participants. */
void program_validate(const char **v, field_errs_t *fe);

/* True when [start, end] lies inside the validity [valid_from, valid_to] (ISO dates). */
bool program_inside_validity(const char *start, const char *end, const char *valid_from, const char *valid_to);
/* The validity rule for a programme: start and end inside the agreement's validity.
 * Adds a field error (start_date / end_date) and returns false when not. */
bool program_check_validity(const char *start, const char *end, const char *valid_from, const char *valid_to,
                            field_errs_t *fe);
/* The quota rule for a phase: the maximum capacities of the phase's programmes
 * (others_max: every other programme of the phase that is not cancelled) plus this
 * one's must not exceed the agreement's maximum quota for the phase. has_quota false
 * means the agreement sets no quota for the phase, which is an error too. Adds a
 * field error (phase / capacity_max) and returns false when broken. */
bool program_check_quota(int64_t phase, bool has_quota, int64_t quota_max, int64_t others_max, int64_t this_max,
                         field_errs_t *fe);
/* Lowering a phase's quota: the programmes already in the phase (used: the sum of
 * their maximum capacities) must still fit. Adds an error on quota_max. */
bool quota_check_used(int64_t phase, int64_t quota_max, int64_t used, field_errs_t *fe);

/* The status as it stands on `today`: "diakhiri" and "draft" as stored; an active
 * (or stored-expired) agreement whose valid_to is before today is "berakhir". */
const char *agreement_effective_status(const char *status, const char *valid_to, const char *today);
/* Days from today to valid_to (negative when past); 0 for missing dates. */
int64_t agreement_days_left(const char *valid_to, const char *today);
/* today + days as YYYY-MM-DD into out; false on a bad date. */
bool date_iso_add_days(const char *today, int64_t days, char out[11]);

/* The upload rule for a scanned agreement: not empty, at most max_bytes, a PDF
 * (starts with "%PDF-" and has the "%%EOF" trailer near its end). Returns 0 when
 * acceptable; otherwise the HTTP status to answer (413 too large, 415 not a PDF,
 * 400 empty) with an Indonesian message in msg. */
int pdf_check(const char *data, size_t len, size_t max_bytes, char *msg, size_t msgsz);

#endif
