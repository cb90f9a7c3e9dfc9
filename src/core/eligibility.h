/* eligibility.h — is an inmate eligible for asimilasi on a date, from when, and
 * why (DOMAIN.md section 3). Pure and allocation-free: the caller owns the input
 * arrays and the result; the rule sets are parsed once (ruleset.h). Details in
 * Indonesian are rendered on demand with elig_req_detail(), so a screening of
 * many inmates that needs only met/met_from pays nothing for the text.
 *
 * Decisions where the sources leave room (see also the rule-set notes):
 *  - The rule set is the one in force on the evaluation date (`at`), for "anak"
 *    when legal_class is anak, else "dewasa"; all dates use that rule set.
 *  - Only remisi granted on or before `at` count: later ones were not granted
 *    yet on that date. So the dates are what was known on `at`, and eligible_from
 *    is a projection assuming no further remisi, discipline or missing SPPN.
 *  - Only discipline records decided on or before `at` count; a record counts
 *    when not cancelled, its level blocks and (when the rule says so) it is in
 *    Register F; a heavy (berat) punishment is always in Register F. Good conduct is met from (punishment end, else punishment start,
 *    else decision date) + N months; with no such record, from detention start.
 *  - SPPN: on date X the requirement holds when each of the K full calendar
 *    months before X's month has a score >= threshold (the month of X is not yet
 *    assessed), or, where the rule set says so, programme attendance of at least
 *    its share of that month's recorded sessions. Months without either are
 *    "missing" (belum dinilai), apart from those scored too low. When not met, met_from projects the earliest first-of-month on
 *    which it can hold if every later month qualifies.
 *  - A requirement is met on its met_from date itself ("1/2 tercapai pada ...").
 *  - Facts without a date (verdict final, deradicalisation, fine paid,
 *    foreigners' documents) give met_from = DATE_NONE when met, and when not met
 *    met_from = DATE_NONE too (no date can be foreseen); eligible_from is then
 *    DATE_NONE. eligible_from is also DATE_NONE when it would fall on or after
 *    the expiry date (released first).
 *  - Narcotics are "special" when the sentence as imposed (without subsider) is
 *    >= narkotika_min_sentence_months (30-day months: 30*M + D >= 30*threshold).
 *  - An unpaid fine's subsider lengthens the sentence for every date. */
#ifndef BEKAL_ELIGIBILITY_H
#define BEKAL_ELIGIBILITY_H
#include "ruleset.h"
#include "datecorr.h"

typedef enum { LEGAL_NARAPIDANA, LEGAL_TAHANAN, LEGAL_ANAK } legal_class_t;
typedef enum { SENTENCE_PIDANA, SENTENCE_SEUMUR_HIDUP, SENTENCE_MATI } sentence_kind_t;
/* "narapidana"/"tahanan"/"anak" and "pidana"/"seumur_hidup"/"mati"; -1 unknown. */
int legal_class_parse(const char *s);
int sentence_kind_parse(const char *s);

typedef struct {
    period_t amount;
    date_t granted; /* decree date; DATE_NONE counts as granted */
} elig_remisi_t;

typedef struct {
    discipline_level_t level;
    date_t decision;                 /* date of the decision */
    date_t punish_start, punish_end; /* DATE_NONE when not recorded */
    bool in_register_f;              /* a heavy (berat) punishment counts as in Register F whatever this says */
    bool cancelled;
    const char *offence;             /* the offence, for the explanation; NULL when not known */
} elig_discipline_t;

typedef struct {
    int32_t month; /* date_month_index() of the assessed month */
    int score;     /* 0..100 */
} elig_sppn_t;

/* Programme attendance in one month: sessions attended (hadir) of those recorded. */
typedef struct {
    int32_t month; /* date_month_index() */
    int present, total;
} elig_attendance_t;

/* A correction of a computed date (datecorr.h), as stored. */
typedef struct {
    int64_t id;
    datecorr_kind_t kind;
    date_t date;          /* the corrected date */
    date_t from, until;   /* decided on; ended on (DATE_NONE: not ended) */
    const char *inputs;   /* the fingerprint of the inputs when it was recorded */
    const char *reason;   /* the reason as shown (its label) */
} elig_correction_t;

typedef struct {
    legal_class_t legal_class;
    crime_category_t crime;
    sentence_kind_t kind;
    period_t term;            /* as imposed */
    date_t detention_start;   /* DATE_NONE when unknown */
    period_t subsider;        /* counts only when !fine_paid */
    bool fine_paid;           /* also true when no fine was imposed */
    bool restitution_paid;    /* also true when none was imposed */
    bool foreign;             /* nationality other than WNI */
    bool foreign_docs;        /* embassy guarantee and immigration statement provided */
    bool deradicalised;       /* deradicalisation completed, pledge signed */
    bool in_custody;          /* status "ditahan" */
    int32_t uncounted_days;
    const elig_remisi_t *remisi;
    size_t n_remisi;
    const elig_discipline_t *discipline;
    size_t n_discipline;
    const elig_sppn_t *sppn;
    size_t n_sppn;
    const elig_attendance_t *attendance; /* counts as active coaching when the rule set says so */
    size_t n_attendance;
    /* the record that the inmate's safety is threatened (DATE_NONE: none): from, until
     * (DATE_NONE: open) and its basis (the decision that recorded it) */
    date_t threatened_from, threatened_until;
    const char *threatened_basis;
    /* corrections of the dates, any order; the one of each kind in force on `at`
     * (the latest decided) counts */
    const elig_correction_t *corr;
    size_t n_corr;
} elig_input_t;

/* What became of the correction of one date. */
typedef enum { ELIG_CORR_NONE, ELIG_CORR_APPLIED, ELIG_CORR_LAPSED } elig_corr_state_t;
typedef struct {
    elig_corr_state_t state;
    int64_t id;
    date_t computed;  /* Bekal's own date (DATE_NONE when it has none) */
    date_t corrected; /* the correction's date */
    unsigned cause;   /* LAPSED: the parts of the inputs that changed (DCX_*) */
    char reason[120];
    char inputs[DATECORR_FP_LEN]; /* LAPSED: the fingerprint it was recorded with */
} elig_corr_t;

typedef enum {
    REQ_STATUS_HUKUM, REQ_JENIS_PIDANA, REQ_MASA_PIDANA, REQ_MASA_MINIMAL, REQ_BERKELAKUAN_BAIK,
    REQ_AKTIF_PEMBINAAN, REQ_DERADIKALISASI, REQ_DENDA_UANG_PENGGANTI, REQ_DOKUMEN_WNA, REQ_KESELAMATAN, REQ__COUNT
} elig_req_code_t;

/* One requirement. reason/a/b/d carry what elig_req_detail() needs. */
typedef struct {
    elig_req_code_t code;
    bool met;
    date_t met_from; /* DATE_NONE: no date (see header comment) */
    int reason;      /* per-code variant of the explanation */
    int a, b;        /* numbers for the text (fraction, months, score...) */
    date_t d;        /* an extra date for the text (punishment end...) */
    date_t d0;       /* another (punishment start...) */
} elig_req_t;

#define ELIG_MAX_MONTHS 24

typedef struct {
    bool eligible;
    date_t eligible_from;    /* DATE_NONE: none before expiry / cannot be foreseen */
    const ruleset_t *rules;  /* the rule set applied */
    bool special;            /* special-crime track */
    bool has_dates;          /* dates below are set (a fixed-term sentence with its data) */
    sentence_dates_t dates;  /* expiry, 1/2, 2/3 with the remisi granted up to `at` */
    date_t fraction_date;    /* the track's fraction date (1/2 or 2/3) */
    period_t remisi_total;   /* remisi counted */
    sentence_t sentence;     /* the sentence the dates were computed from (for the arithmetic) */
    char inputs[DATECORR_FP_LEN]; /* its fingerprint (datecorr.h); "" without dates */
    /* the corrections of expiry, 1/2 and 2/3 (datecorr_kind_t): APPLIED ones are in
     * dates above (and in fraction_date when the track's fraction is that date) */
    elig_corr_t corr[DC__COUNT];
    int frac_corr;           /* the kind whose correction gave fraction_date, -1 none */
    crime_category_t crime;
    sentence_kind_t kind;
    /* active coaching: the months of the window without a score (and without enough
     * attendance), and those scored below the threshold, oldest first */
    int n_missing, n_low;
    int32_t missing[ELIG_MAX_MONTHS], low[ELIG_MAX_MONTHS];
    char offence[160];       /* the offence of the punishment that counts (copied; "" when none) */
    char threat_basis[200];  /* the basis of the safety-threatened record (copied) */
    int n;
    elig_req_t req[REQ__COUNT];
} elig_result_t;

/* Evaluates in on date at with the rule set in force then (from sets[0..nsets)).
 * Fills out; returns 0, or -1 when no rule set is in force on that date
 * (code "no_ruleset"). Never allocates. */
int elig_evaluate(const ruleset_t *sets, size_t nsets, const elig_input_t *in, date_t at, elig_result_t *out,
                  err_t *e);

/* Whether any date of r is a correction (applied). */
bool elig_corrected(const elig_result_t *r);
/* "dikoreksi: Putusan pengadilan" for the applied corrections of r ("" when none). */
void elig_corr_note(const elig_result_t *r, char *buf, size_t n);

/* Whether the track of r allows the asimilasi form f (rule data). */
bool elig_form_allowed(const elig_result_t *r, usulan_form_t f);

/* "status_hukum", "masa_pidana", ... */
const char *elig_req_code_name(elig_req_code_t c);
/* The requirement's label in the user's language ("Berkelakuan baik"). */
const char *elig_req_label(elig_req_code_t c);
/* The Indonesian explanation of requirement q of result r, evaluated at `at`
 * ("1/2 masa pidana tercapai pada 12 Maret 2025."). Always NUL-terminates. */
void elig_req_detail(const elig_result_t *r, const elig_req_t *q, date_t at, char *buf, size_t n);

#endif
