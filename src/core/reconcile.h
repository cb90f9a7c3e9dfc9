/* reconcile.h — comparing Bekal's sentence dates with an SDP export (issue 24).
 *
 * SDP (Sistem Database Pemasyarakatan) holds the official record. An export of
 * its sentence dates (registration number, name, expiry, 1/2, 2/3 and, optionally,
 * the remisi total) is compared inmate by inmate with the dates Bekal computes,
 * and every difference is put in one class by its likely cause:
 *
 *   remisi            SDP's remisi total differs, and Bekal's sentence with SDP's
 *                     total gives SDP's dates (within the tolerance);
 *   subsider          Bekal counts an unpaid fine's subsider, and without it the
 *                     dates are SDP's;
 *   metode            the other date method (bulan-hari / hari) gives SDP's dates,
 *                     or every date differs by at most the tolerance;
 *   pidana            the differences fit a different start of detention (every
 *                     date moved by the same number of days: a different start,
 *                     or a remisi when SDP gives no total) and/or a different
 *                     sentence length (expiry moved by t, 1/2 by t/2, 2/3 by 2t/3);
 *   tidak_diketahui   none of these explains it (or a side has no dates);
 * and, for the worklist, sama (no difference), hanya_sdp (not in Bekal) and
 * hanya_bekal (in custody in Bekal, not in the export).
 *
 * The tolerance and the accepted column names are rule data (rules/rekonsiliasi-
 * sdp-*.json, kind "rekonsiliasi_sdp"). Pure: no I/O, no globals, no allocation. */
#ifndef BEKAL_RECONCILE_H
#define BEKAL_RECONCILE_H
#include "sentence.h"
#include <jansson.h>

#define RULES_KIND_RECON "rekonsiliasi_sdp"

typedef enum { RCOL_REGNO, RCOL_NAME, RCOL_EXPIRY, RCOL_HALF, RCOL_TWO_THIRDS, RCOL_REMISI, RCOL__COUNT } recon_col_t;

#define RECON_MAX_ALIASES 12
#define RECON_ALIAS_LEN 48

typedef struct {
    char code[64];
    date_t effective_from;
    int tolerance_days; /* "a day or so": a method difference */
    int naliases[RCOL__COUNT];
    char aliases[RCOL__COUNT][RECON_MAX_ALIASES][RECON_ALIAS_LEN];
} recon_rules_t;

/* Reads a "rekonsiliasi_sdp" rule file. 0, or -1 with an Indonesian message
 * (code "invalid_ruleset"). */
int recon_rules_from_json(json_t *root, recon_rules_t *r, err_t *e);

/* "regno", "name", "expiry", "half", "two_thirds", "remisi_total". */
const char *recon_col_key(recon_col_t c);

/* Maps the header fields hdr[0..n) to columns: map[c] is the field index of
 * column c, or -1. Names are compared after folding case and turning spaces,
 * dots, slashes and hyphens into '_'. The registration number and at least one
 * date column are required: -1 with a message naming the accepted headers. */
int recon_map_header(const recon_rules_t *r, const char *const *hdr, int n, int map[RCOL__COUNT], err_t *e);

/* One row of the export. */
typedef struct {
    date_t expiry, half, two_thirds; /* DATE_NONE when the export has none */
    bool has_remisi;
    period_t remisi; /* the remisi total, when has_remisi */
} recon_sdp_t;

/* Reads the dates and the remisi total of one record (fields f[0..n)) with map.
 * An empty cell is "none"; a date is YYYY-MM-DD or DD-MM-YYYY (DD/MM/YYYY); the
 * remisi total a period ("3 bulan 15 hari", "3m15d") or a whole number of days.
 * 0, or -1 with a message naming the column (status 400, code "invalid_row"). */
int recon_parse_row(const int map[RCOL__COUNT], const char *const *f, int n, recon_sdp_t *out, err_t *e);

typedef enum {
    RECON_SAMA,
    RECON_REMISI,
    RECON_PIDANA,
    RECON_SUBSIDER,
    RECON_METODE,
    RECON_TIDAK_DIKETAHUI,
    RECON_HANYA_SDP,
    RECON_HANYA_BEKAL,
    RECON__COUNT
} recon_class_t;

/* Why, within the class (for the explanation). */
typedef enum {
    RR_NONE,
    RR_REMISI_TOTAL,    /* remisi: SDP's total gives SDP's dates */
    RR_SUBSIDER,        /* subsider: Bekal's dates without the subsider are SDP's */
    RR_METHOD,          /* metode: the other method gives SDP's dates */
    RR_SMALL,           /* metode: every difference within the tolerance */
    RR_START,           /* pidana: every date moved by `shift` days, remisi totals equal */
    RR_START_OR_REMISI, /* pidana: the same, and SDP gives no remisi total */
    RR_TERM,            /* pidana: a sentence `term_days` longer in SDP */
    RR_TERM_AND_START,  /* pidana: both */
    RR_UNEXPLAINED,     /* tidak_diketahui: none of the causes fits */
    RR_NO_BEKAL_DATES,  /* tidak_diketahui: Bekal has no dates (life, death, missing data) */
    RR_NO_SDP_DATES,    /* tidak_diketahui: the export row has no date */
    RR_AMBIGUOUS,       /* tidak_diketahui: the number names inmates at several sites */
} recon_reason_t;

typedef struct {
    recon_class_t cls;
    recon_reason_t reason;
    bool has[3];      /* expiry, 1/2, 2/3 compared */
    int32_t diff[3];  /* SDP − Bekal in days, where compared */
    int32_t size;     /* the largest |diff| (the worklist's order) */
    int32_t shift;    /* pidana: the start difference in days */
    int32_t term_days;/* pidana: the sentence difference in days */
} recon_result_t;

/* Classifies SDP's row against Bekal's sentence s and its dates b (computed from
 * s). s and b NULL: the inmate has no dates in Bekal. */
void recon_classify(const recon_rules_t *r, const sentence_t *s, const sentence_dates_t *b, const recon_sdp_t *sdp,
                    recon_result_t *out);
/* A result of a class that compares nothing (hanya_sdp, hanya_bekal, ambiguous). */
void recon_result_only(recon_class_t cls, recon_reason_t reason, recon_result_t *out);

/* "sama", "remisi", "pidana", "subsider", "metode", "tidak_diketahui", "hanya_sdp", "hanya_bekal". */
const char *recon_class_code(recon_class_t c);
/* The class in the reader's language ("Remisi tidak sama"). */
const char *recon_class_label(recon_class_t c);
/* The explanation of res in the reader's language. Always NUL-terminates. */
void recon_explain(const recon_result_t *res, char *buf, size_t n);

#endif
