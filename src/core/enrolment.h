/* enrolment.h — the status of a candidate's enrolment in a training programme
 * (issue 5) and its legal changes, as a table:
 *
 *   kandidat      -> ditempatkan, daftar_tunggu, mundur
 *   daftar_tunggu -> ditempatkan (promotion or override), mundur
 *   ditempatkan   -> terdaftar, daftar_tunggu (override), mundur
 *   terdaftar     -> selesai, tidak_lulus, mundur
 *   mundur, selesai, tidak_lulus: final
 *
 * Every change needs a reason (the caller records it with the time). Pure. */
#ifndef BEKAL_ENROLMENT_H
#define BEKAL_ENROLMENT_H
#include "../util/util.h"

typedef enum {
    ENROL_KANDIDAT,      /* candidate */
    ENROL_DITEMPATKAN,   /* placed */
    ENROL_DAFTAR_TUNGGU, /* waitlisted */
    ENROL_TERDAFTAR,     /* enrolled: training began */
    ENROL_MUNDUR,        /* withdrawn */
    ENROL_SELESAI,       /* completed */
    ENROL_TIDAK_LULUS,   /* failed */
    ENROL__COUNT
} enrol_status_t;

/* "kandidat", "ditempatkan", ... and back (-1 when unknown); label for people
 * ("Daftar tunggu"). */
const char *enrol_status_code(enrol_status_t s);
const char *enrol_status_label(enrol_status_t s);
int enrol_status_parse(const char *s);

/* True when from -> to is in the table. */
bool enrol_can(enrol_status_t from, enrol_status_t to);
/* True when no change leaves s. */
bool enrol_is_final(enrol_status_t s);
/* Checks the change from -> to with its reason: 0, or -1 with an Indonesian
 * message naming both statuses and the allowed ones (code
 * "illegal_transition", status 409), or "reason_required" (400). */
int enrol_transition(enrol_status_t from, enrol_status_t to, const char *reason, err_t *e);

#endif
