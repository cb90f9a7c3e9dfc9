/* schedule.h — a training programme's sessions from its dates, training
 * weekdays, JP per day, JP length, daily start time, break, holidays and
 * cancelled days, with the competency units laid out in order (DOMAIN.md
 * section 4: 1 JP = 40 minutes is a rule setting, trainrules.h). Pure: no I/O,
 * no globals; the result's arrays are allocated and handed to the caller
 * (sched_result_release).
 *
 * How the sessions are laid out (decisions):
 *  - Training days are the dates from start to end (inclusive) whose weekday is
 *    a training weekday and that are neither a holiday nor a cancelled date
 *    (those are listed in `skipped`, holiday first when both).
 *  - Each training day holds jp_per_day JP, starting at day_start; with a break
 *    (break_after_jp > 0), the break of break_minutes follows the day's
 *    break_after_jp-th JP. With total_jp set, days are filled in order until
 *    total_jp is reached: the last day holds what is left (a shorter day).
 *    Without total_jp and without units, every training day in the range is
 *    filled (total = days x jp_per_day). Without total_jp, with units, the
 *    total is the units' JP.
 *  - Units are taught in the order given, each for its JP, continuously: a unit
 *    may span days, and a day may hold the end of one unit and the start of the
 *    next. A session is a run of consecutive JP on one date for one unit: it
 *    ends at a unit boundary, at the break, or at the end of the day. So such a
 *    day has two (or more) sessions back to back, and a day with a break has a
 *    morning and an afternoon session.
 *  - With units and total_jp both given, their JP must be equal.
 *  - When the range cannot hold total_jp, the result says so (fits = false,
 *    capacity_jp, needed_end: the date the total would be reached if training
 *    went on past `end` on the same weekdays, skipping the holidays given), the
 *    sessions that fit are kept, and sched_generate returns -1 with code
 *    "schedule_overflow" and an Indonesian message. */
#ifndef BEKAL_SCHEDULE_H
#define BEKAL_SCHEDULE_H
#include "date.h"
#include "../util/util.h"

#define SCHED_MAX_DAYS 1100     /* the range: start..end at most this many days (about 3 years) */
#define SCHED_MAX_UNITS 500
#define SCHED_MAX_TOTAL_JP 20000

typedef struct {
    date_t start, end;          /* inclusive */
    unsigned weekdays;          /* bit (iso_weekday - 1): Monday = bit 0 ... Sunday = bit 6 */
    int jp_per_day;             /* 1..24 */
    int jp_minutes;             /* length of one JP (rule set: 40) */
    int day_start;              /* minutes after midnight of the first JP */
    int break_after_jp;         /* 0: no break; else the break follows this JP of the day */
    int break_minutes;
    int total_jp;               /* 0: see the header comment */
    const date_t *holidays;
    size_t n_holidays;
    const date_t *cancelled;
    size_t n_cancelled;
    const int *unit_jp;         /* JP of each unit, in teaching order; NULL/0: no units */
    size_t n_units;
} sched_input_t;

typedef struct {
    date_t date;
    int start, end;     /* minutes after midnight */
    int jp;
    int day_jp_from;    /* the session's first JP within its day, 1-based */
    int unit;           /* index into unit_jp; -1 without units */
    int unit_jp_from;   /* the session's first JP within its unit, 1-based (0 without units) */
} sched_session_t;

typedef enum { SKIP_LIBUR, SKIP_BATAL } sched_skip_reason_t;
typedef struct {
    date_t date;
    sched_skip_reason_t reason;
} sched_skip_t;

typedef struct {
    sched_session_t *sessions;  /* caller releases with sched_result_release */
    size_t n_sessions;
    sched_skip_t *skipped;      /* holidays and cancelled dates on training weekdays, up to the last day used */
    size_t n_skipped;
    int total_jp;               /* JP wanted */
    int scheduled_jp;           /* JP placed */
    int training_days;          /* days with at least one session */
    date_t first, last;         /* first and last session dates; DATE_NONE without sessions */
    bool fits;
    int capacity_jp;            /* JP the range holds: training days in range x jp_per_day */
    date_t needed_end;          /* !fits: the date total_jp would be reached; DATE_NONE beyond the limit */
} sched_result_t;

/* ISO weekday of d: 1 = Monday ... 7 = Sunday. */
int sched_iso_weekday(date_t d);
/* "senin".."minggu" (1..7) and back (also "jumat"/"jum'at"); -1 unknown. */
const char *sched_weekday_name(int iso);
int sched_weekday_parse(const char *s);
/* "libur", "batal" */
const char *sched_skip_reason_name(sched_skip_reason_t r);
/* "HH:MM" <-> minutes after midnight (00:00..23:59). */
bool sched_time_parse(const char *s, int *minutes);
void sched_time_format(int minutes, char out[8]);

/* Lays out the sessions (header comment). 0 when they fit; -1 with e set on bad
 * input (code "invalid_schedule", nothing allocated) or when the range is too
 * short (code "schedule_overflow", out filled as described). Release out either way. */
int sched_generate(const sched_input_t *in, sched_result_t *out, err_t *e);
void sched_result_release(sched_result_t *r);

#endif
