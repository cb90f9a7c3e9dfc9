/* cert_store.h — training certificates (sertifikat pelatihan): issuing one to a
 * participant whose enrolment is "selesai", with a number from the rule set's
 * format (core/certno.h) and the next value of its partition's counter (table
 * certificate_counter, taken in the issuing transaction, so concurrent issues
 * never share a number); reading, listing and revoking them. The certificate
 * keeps, as JSON, everything its PDF prints (report/certificate.h), taken when it
 * was issued: a reprint is the same document with the same number. */
#ifndef BEKAL_CERT_STORE_H
#define BEKAL_CERT_STORE_H
#include "audit.h"
#include "../core/date.h"
#include <jansson.h>

typedef struct {
    int64_t id, site_id, enrolment_id, program_id, seq, revoked_by;
    int total_jp;
    const char *number, *seq_key, *holder_name, *trade_name, *start_date, *end_date, *issued_on, *content, *status,
        *revoked_at, *revoke_reason, *site_code, *site_name, *created_at, *regno;
    const char *verify_code; /* CERT_CODE_LEN hex digits; NULL for a row made outside Bekal (cert_ensure_code) */
} cert_t;

/* A certificate's verification code: 128 random bits (libsodium) as 32 lowercase hex
 * digits, URL-safe; printed in its QR link. The public page names the holder only
 * for the code; the number alone tells only whether it is valid (issue 21). */
#define CERT_CODE_LEN 32
void cert_new_code(char out[CERT_CODE_LEN + 1]);
/* True when s has the form of a code (no lookup). */
bool cert_code_ok(const char *s);
/* By its verification code, at any site (the public verification page). 1, 0, -1. */
int cert_by_code(db_t *db, err_t *e, arena_t *a, const char *code, cert_t *out);
/* Gives c a code when it has none (a row made outside Bekal: the migration gave every
 * earlier certificate one), audited, and sets c->verify_code. 0 or -1. */
int cert_ensure_code(db_t *db, err_t *e, arena_t *a, cert_t *c);

/* One certificate by id, if user uid may see its site (uid 0: any). 1, 0, -1. */
int cert_get(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, cert_t *out);
/* By its number, at any site (the public verification page, the command line). 1, 0, -1. */
int cert_by_number(db_t *db, err_t *e, arena_t *a, const char *number, cert_t *out);
/* The enrolment's valid certificate (1), none (0), -1 error. */
int cert_valid_for(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, cert_t *out);
/* Every certificate of an enrolment, newest first. 0 or -1. */
int cert_of_enrolment(db_t *db, err_t *e, arena_t *a, int64_t enrolment_id, cert_t **out, int *n);

typedef struct {
    const char *q;       /* part of the number, the holder's name or registration number (literal) */
    const char *status;  /* "valid" / "dicabut" / NULL */
    int64_t site_id;     /* 0: every visible site; -1 matches nothing */
    int64_t program_id;  /* 0: any */
    int page, per_page;
    int sort;            /* a cert_sort_t: the column the list is ordered by */
    bool desc;
} cert_query_t;
/* The list's sort columns (a whitelist: the store maps each to its ORDER BY). */
typedef enum { CS_ISSUED, CS_NUMBER, CS_HOLDER, CS_TRADE, CS_STATUS, CS_SITE, CS__COUNT } cert_sort_t;
/* The certificates user uid may see matching q, in q's order (then by id). 0 or -1. */
int cert_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const cert_query_t *q, cert_t **out, int *n,
              int64_t *total);

/* Issues the certificate of enrolment_id dated `issued` (inside the caller's
 * transaction; see the header comment), with a new verification code. The number's
 * format is the rule set's unless the dated setting certificate.number_format (and
 * certificate.seq_per) in force for the site says another, e.g. one without the
 * site code; 422 "invalid_certno_format" when that setting is not a valid format. 409 "not_completed" unless the enrolment
 * is "selesai", 409 "already_issued" when it has a valid certificate (its number
 * in the message). Audited. Fills out. 0 or -1. */
/* The signatories a certificate prints (up to three, the Lapas side first) from the
 * agreement's parties; NULL with 422 "missing_signatories" when a side named by the
 * dated setting certificate.signatories_required ("lapas,mitra") has none (issue 22).
 * New reference. */
json_t *cert_signatories(db_t *db, err_t *e, arena_t *a, int64_t agreement_id, int64_t site_id, const char *date);
int cert_issue(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t enrolment_id, date_t issued, cert_t *out);

/* A certificate issued before a correction (the holder's name, the agreement's
 * signatories, the programme's names or dates), printed again with the data as they
 * are now: the same number and issue date, the stored content rebuilt (inside the
 * caller's transaction; audited "reprint" when anything changed). *before gets the
 * certificate as it was, *after as it is. 404, 409 "revoked", 422
 * "missing_signatories". 0 or -1. */
int cert_reprint(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t id, cert_t *before, cert_t *after);

/* Revokes certificate id with a reason (inside the caller's transaction, audited).
 * 400 "reason_required", 404, 409 "already_revoked". 0 or -1. */
int cert_revoke(db_t *db, err_t *e, const actor_t *who, int64_t id, const char *reason);

/* The public verification URL of a certificate: $BEKAL_PUBLIC_URL, else the setting
 * certificate.public_url in force today (site's own first), then "/verify?kode="
 * and its verification code. Arena-owned. */
const char *cert_verify_url(arena_t *a, db_t *db, int64_t site_id, const char *code);

#endif
