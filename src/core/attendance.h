/* attendance.h — training attendance (DOMAIN.md section 4): the statuses hadir,
 * izin, sakit and alpa; each participant's JP attended, JP held and attendance
 * rate; the flag below the minimum; and the correction window (who may change
 * an entry, and when). Pure: no I/O, no globals, no allocation.
 *
 * The rate, precisely (every choice is a rule setting, trainrules.h):
 *  - A session counts as held from its date on (date <= `at`), whole: its JP.
 *  - Each held session's entry for the participant is hadir, izin, sakit, alpa
 *    or none yet (belum dicatat). Each of these is treated as one of
 *      attended  (JP counted as attended and as held),
 *      absent    (JP counted as held, not attended),
 *      excluded  (JP left out of the rate altogether).
 *    hadir is always attended and alpa always absent; izin, sakit and belum
 *    dicatat are settings (default: izin and sakit absent, belum dicatat
 *    excluded, so a session not yet entered does not drop anyone's live rate;
 *    the completion rule can require every session to be recorded).
 *  - base JP = attended + absent JP; rate = attended / base. Compared exactly
 *    in integers: below the minimum when attended * 10000 < min_bp * base.
 *    The rate shown is rounded down to 0.01 % ("79,99%" is below 80 %, and
 *    exactly 80 % is not). With base 0 there is no rate and no flag.
 *
 * The correction window: an entry may be corrected by the entry roles (and the
 * late roles) until entered_at + window_days * 24 h, that instant included.
 * After it only the late roles may, and only with a reason (which the caller
 * stores in the audit log). window_days 0: every correction is a late one. */
#ifndef BEKAL_ATTENDANCE_H
#define BEKAL_ATTENDANCE_H
#include "date.h"
#include "../util/util.h"

typedef enum { ATT_HADIR, ATT_IZIN, ATT_SAKIT, ATT_ALPA, ATT__COUNT } att_status_t;
#define ATT_NONE (-1) /* no entry yet ("belum dicatat") */
/* The treatments' index for "no entry yet" in att_rules_t.treat[]. */
#define ATT_TREAT_NONE ATT__COUNT

typedef enum { ATT_ATTENDED, ATT_ABSENT, ATT_EXCLUDED, ATT_TREAT__COUNT } att_treatment_t;

/* "hadir", "izin", "sakit", "alpa" (and "belum_dicatat" for ATT_NONE) and back; -1 unknown. */
const char *att_status_name(int s);
int att_status_parse(const char *s);
/* "hadir", "tidak_hadir", "dikecualikan" and back; -1 unknown. */
const char *att_treatment_name(att_treatment_t t);
int att_treatment_parse(const char *s);

/* The roles known to Bekal (as in store/auth.c), as bits for role sets. */
#define ATT_ROLE__COUNT 7
/* Bit of a role name ("admin", "staf", "wali", "instruktur", "kalapas", "kanwil",
 * "bapas"); 0 when unknown. */
unsigned att_role_bit(const char *role);
const char *att_role_name(int i);

typedef struct {
    att_treatment_t treat[ATT__COUNT + 1]; /* per status, [ATT_TREAT_NONE] for no entry */
    int min_rate_bp;                       /* minimum rate in 0.01 %: 8000 = 80 % */
    int window_days;                       /* correction window (0: none) */
    unsigned entry_roles;                  /* may enter, and correct within the window */
    unsigned late_roles;                   /* may correct after the window, with a reason */
} att_rules_t;

typedef struct {
    date_t date;
    int jp;
} att_session_t;

typedef struct {
    int held_jp;          /* JP of sessions held by `at` */
    int attended_jp;      /* held, treated as attended */
    int absent_jp;        /* held, treated as absent */
    int excluded_jp;      /* held, left out of the rate */
    int unrecorded_jp;    /* held, no entry (counted in one of the three above) */
    int unrecorded_sessions;
    int jp_by_status[ATT__COUNT];
    int base_jp;          /* attended + absent */
    int rate_bp;          /* floor(attended * 10000 / base); -1 when base is 0 */
    bool below_min;       /* base > 0 and the rate is under the minimum */
    int remaining_jp;     /* JP of sessions after `at` */
    int best_rate_bp;     /* the rate when every remaining session is attended and every
                           * held session without an entry is recorded hadir; -1 when no base */
    bool cannot_reach;    /* even then under the minimum */
} att_summary_t;

/* Sums one participant's attendance at `at`. status[i] is the entry for
 * sessions[i] (att_status_t or ATT_NONE). */
void att_summarise(const att_rules_t *r, const att_session_t *sessions, size_t n, const signed char *status,
                   date_t at, att_summary_t *out);

/* "83,33%" (Indonesian decimal comma; whole percentages without decimals: "80%");
 * "-" for a negative rate. */
void att_rate_format(int rate_bp, char out[16]);

typedef enum { CORR_ALLOWED, CORR_NEEDS_REASON, CORR_REFUSED } corr_decision_t;
/* "diizinkan", "perlu_alasan", "ditolak" */
const char *corr_decision_name(corr_decision_t d);

typedef struct {
    corr_decision_t decision;
    bool late;          /* after the window: a late correction (audited with its reason) */
    int64_t deadline;   /* end of the window, seconds since the epoch (UTC) */
    char msg[400];      /* Indonesian explanation, times in the site's zone */
} corr_result_t;

/* May role correct an entry first made at entered_at, now? reason may be NULL or
 * empty (no reason given). Times are seconds since the epoch (UTC);
 * utc_offset_min is the site's zone for the message (420 = WIB). */
void att_correction_check(const att_rules_t *r, int64_t entered_at, int64_t now, const char *role,
                          const char *reason, int utc_offset_min, corr_result_t *out);

/* Parses "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM" into
 * seconds since the epoch. A time without zone is read in default_offset_min. */
bool att_time_parse(const char *s, int default_offset_min, int64_t *out);
/* "8 Maret 2025 pukul 10.00 WIB" for t in the zone utc_offset_min. */
void att_time_format(int64_t t, int utc_offset_min, char *out, size_t n);

#endif
