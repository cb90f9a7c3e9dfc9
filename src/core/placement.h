/* placement.h — placing assessed candidates into the training programmes of a
 * phase (issue 5): stable matching by deferred acceptance, candidates proposing.
 *
 * Candidates rank trades or programmes (their interests); programmes rank the
 * candidates who may join them by the priority keys of a placement rule file
 * (rules/penempatan-*.json, kind "penempatan": the order and weights of
 * aptitude, time left to serve and risk, the risk levels excluded, and the
 * other eligibility settings, with an effective date).
 *
 * - A candidate may join a programme ("acceptable") when they named it, or its
 *   trade, among their interests, and: their risk level is not excluded (by the
 *   rules or the programme), they are fit for its trade, their aptitude reaches
 *   the rules' minimum, they are asimilasi-eligible on its start date when it
 *   requires that, and (when the rules say so) they are not released before it
 *   ends (before it starts when it has no end date).
 * - A candidate's preference: interests in rank order; a trade stands for every
 *   programme of that trade, ordered by start date, then programme id. A
 *   programme already listed earlier is not repeated.
 * - A programme's priority among its acceptable candidates: method
 *   "lexicographic" compares the keys in their order; "weighted" compares the
 *   weighted sum of the keys scaled to 0..1000 first, then the keys in order.
 *   Aptitude: higher first (untested = 0). Time left: released sooner first
 *   (weighted: 1000 at release on the start date falling linearly to 0 at the
 *   horizon; unknown release = last). Risk: more rule points first.
 * - Tie-break, independent of input order: registration number in natural
 *   order (digit runs compared as numbers, then byte order), then candidate id
 *   in byte order. Ids must be unique.
 * - The result is the candidate-optimal stable matching: no candidate and
 *   programme both prefer each other to what they got. It is unique for the
 *   strict orders above, so it does not depend on the order of the input.
 * - Everyone not placed is on one waiting list: first those for whom every
 *   acceptable programme is full, then those not yet asimilasi-eligible at the
 *   start, then the other reasons, then those without interests; within each
 *   group by the priority key at their first acceptable programme (else their
 *   first interest), then the tie-break.
 *
 * Pure: no I/O, no globals. pl_place allocates the result; pl_result_free frees
 * it. The input and rules are borrowed and must outlive the result.
 * Cost: O(P log P) for P (candidate, programme) interest pairs, plus O(P log c)
 * for the deferred acceptance (c = capacity). */
#ifndef BEKAL_PLACEMENT_H
#define BEKAL_PLACEMENT_H
#include "rulefile.h"

#define PLACEMENT_KIND "penempatan"

typedef enum { RISK_RENDAH, RISK_SEDANG, RISK_TINGGI, RISK__COUNT } risk_level_t;
/* "rendah", "sedang", "tinggi" and back; -1 when unknown. */
const char *risk_level_name(risk_level_t r);
int risk_level_parse(const char *s);

typedef enum { PL_KEY_APTITUDE, PL_KEY_TIME_LEFT, PL_KEY_RISK, PL_KEY__COUNT } pl_key_t;
/* "aptitude", "time_left", "risk" and back; -1 when unknown. */
const char *pl_key_name(pl_key_t k);
int pl_key_parse(const char *s);
typedef enum { PL_LEXICOGRAPHIC, PL_WEIGHTED } pl_method_t;

/* A placement rule file. */
typedef struct {
    rulefile_head_t head;
    pl_method_t method;
    int n_keys;                   /* 1..PL_KEY__COUNT, each key at most once */
    pl_key_t keys[PL_KEY__COUNT]; /* in priority order */
    int weights[PL_KEY__COUNT];   /* weight of keys[i], 0..100 (weighted method) */
    int horizon_days;             /* time left: days at which the weighted score reaches 0 */
    int risk_points[RISK__COUNT]; /* 0..100, higher = higher priority */
    unsigned excluded_risk;       /* bit (1u << risk_level_t): excluded from every programme */
    int min_aptitude;             /* 0..100: lower aptitude for the trade is not acceptable */
    bool unknown_fitness_ok;      /* fitness not assessed counts as fit */
    bool must_stay_until_end;     /* released before the programme ends: not acceptable */
} pl_rules_t;

/* Parses and validates one placement rule file; errors name the key (code
 * "invalid_rules"). 0 or -1. */
int pl_rules_parse(const char *json_text, pl_rules_t *out, err_t *e);
int pl_rules_from_json(json_t *root, pl_rules_t *out, err_t *e);
/* The rules as JSON, same shape as the files; caller owns the reference. */
json_t *pl_rules_to_json(const pl_rules_t *r);
/* The rules in force on date (latest effective_from <= date); NULL when none. */
const pl_rules_t *pl_rules_pick(const pl_rules_t *sets, size_t n, date_t date);
/* Parses every built-in placement rule file into out[0..cap); sets *n. 0 or -1. */
int pl_rules_load_builtins(pl_rules_t *out, size_t cap, size_t *n, err_t *e);

/* One candidate's assessment for one trade. */
typedef struct {
    const char *trade;
    int aptitude; /* 0..100; -1 not tested (counts as 0) */
    int fit;      /* 1 fit, 0 unfit, -1 not assessed (then fit_default) */
} pl_score_t;

/* A per-programme answer to "asimilasi-eligible on its start date?". */
typedef struct {
    const char *program;
    bool eligible;
} pl_elig_t;

typedef struct {
    const char *id;               /* unique, e.g. the database id as text */
    const char *regno;            /* registration number (tie-break, output) */
    const char *const *interests; /* ranked: trade codes or programme ids (a programme id wins) */
    size_t n_interests;
    const pl_score_t *scores;
    size_t n_scores;
    int fit_default; /* fitness for trades without one: 1, 0 or -1 (not assessed) */
    date_t release;  /* expected release date; DATE_NONE unknown */
    risk_level_t risk;
    date_t eligible_from;           /* asimilasi-eligible from; DATE_NONE: not foreseen */
    const pl_elig_t *elig_at_start; /* per-programme answers, taking precedence over eligible_from */
    size_t n_elig;
} pl_candidate_t;

typedef struct {
    const char *id; /* unique */
    const char *trade;
    int capacity;            /* seats, >= 0 */
    int min_participants;    /* reported when not reached; 0 none */
    bool requires_asimilasi; /* participants must be asimilasi-eligible on start */
    date_t start, end;       /* end DATE_NONE: not known */
    unsigned excluded_risk;  /* bit (1u << risk_level_t), added to the rules' */
} pl_program_t;

typedef struct {
    const pl_candidate_t *cand;
    size_t n_cand;
    const pl_program_t *prog;
    size_t n_prog;
} pl_input_t;

/* Why a candidate may not join a programme, or was not placed. */
typedef enum {
    PL_OK,                    /* acceptable (placed, or placed elsewhere) */
    PL_RISK_EXCLUDED,         /* risk level excluded */
    PL_UNFIT,                 /* not fit for the trade */
    PL_FITNESS_UNKNOWN,       /* fitness for the trade not assessed */
    PL_APTITUDE_LOW,          /* aptitude below the minimum */
    PL_NOT_ELIGIBLE_AT_START, /* not asimilasi-eligible on the start date */
    PL_RELEASED_BEFORE_END,   /* released before the programme ends */
    PL_FULL,                  /* acceptable, but the seats went to higher priorities */
    PL_NO_INTERESTS,          /* no interest in any programme of the phase */
    PL_WITHDRAWN,             /* withdrew (pl_withdraw) */
    PL__COUNT
} pl_reason_t;
/* Stable code: "kuota_penuh", "tidak_layak_fisik", ... */
const char *pl_reason_code(pl_reason_t r);

/* One entry of a candidate's preference list (internal; read by explanations). */
typedef struct {
    int prog;          /* programme index */
    int interest_rank; /* 1-based rank of the interest that named it */
    pl_reason_t why;   /* PL_OK when acceptable */
    int rank;          /* acceptable: 1-based priority rank at the programme, else 0 */
} pl_pref_t;

typedef struct {
    int prog;        /* programme index, -1 when not placed */
    int pref_pos;    /* placed: index of prog in the preference list */
    pl_reason_t why; /* not placed: the main reason (PL_FULL, PL_WITHDRAWN, ...) */
    int wait_rank;   /* on the waiting list: 1-based position; else 0 */
} pl_outcome_t;

typedef struct {
    const pl_input_t *in;    /* borrowed */
    const pl_rules_t *rules; /* borrowed */
    pl_outcome_t *out;       /* [n_cand] */
    int *placed;             /* candidate indices, by programme id then priority rank */
    size_t n_placed;
    int *waitlist; /* candidate indices in waiting-list order */
    size_t n_waitlist;
    int *filled;     /* [n_prog] seats taken */
    int *applicants; /* [n_prog] acceptable candidates */
    int *cutoff;     /* [n_prog] worst priority rank placed there (0: nobody) */
    /* internal */
    pl_pref_t *pref;  /* every candidate's preference list, concatenated */
    size_t *pref_off; /* [n_cand + 1] */
    int *app;         /* per programme, acceptable candidates by priority rank */
    size_t *app_off;  /* [n_prog + 1] */
    int *app_pos;     /* [len app] index in the candidate's preference list */
    int *prog_order;  /* programme indices by id */
    int *tb;          /* [n_cand] position in tie-break order */
} pl_result_t;

/* Places every candidate. Validates the input (unique ids, known trades, sane
 * capacities, dates) with Indonesian errors (code "invalid_input"). 0 or -1;
 * on 0 the caller frees *r with pl_result_free. */
int pl_place(const pl_input_t *in, const pl_rules_t *rules, pl_result_t *r, err_t *e);
void pl_result_free(pl_result_t *r);

/* May candidate c join programme p? PL_OK or the reason (independent of the
 * candidate's interests). */
pl_reason_t pl_acceptable(const pl_input_t *in, const pl_rules_t *rules, size_t c, size_t p);
/* Programme p's priority between candidates a and b: < 0 when a comes first,
 * > 0 when b does, 0 only when a == b. Naive (recomputes the keys): for tests. */
int pl_priority_cmp(const pl_input_t *in, const pl_rules_t *rules, size_t p, size_t a, size_t b);
/* Natural order of registration numbers (digit runs as numbers). */
int pl_regno_cmp(const char *a, const char *b);

/* Why c got what it got, in Indonesian (interest rank, priority rank, seats,
 * and for better interests why not). Appends to out. */
void pl_explain(const pl_result_t *r, size_t c, buf_t *out);
/* The same explanation coded (msg.h), to be stored and written in the reader's
 * language when shown (msg_render). Caller frees. */
char *pl_explain_coded(const pl_result_t *r, size_t c);

/* One seat taken when a placed candidate withdrew. */
typedef struct {
    int cand;          /* who takes the seat */
    int prog;          /* the freed seat's programme */
    int from;          /* programme the candidate left (-1: from the waiting list) */
    int interest_rank; /* 1-based interest rank of prog for cand */
    int rank;          /* priority rank of cand at prog */
} pl_move_t;

/* Candidate c withdraws. When c was placed, its seat goes to the candidate with
 * the highest priority at that programme among those who would rather be there:
 * with allow_moves false only candidates on the waiting list (placed ones are
 * kept where they are, e.g. once training began); with allow_moves true also
 * placed candidates who prefer it, whose own seat is then offered the same way
 * (a vacancy chain; the matching stays stable). *moves (caller frees) gets the
 * seats taken in order, *n_moves their count (0 when nobody wanted the seat or
 * c was not placed). The waiting list is renumbered. 0 or -1 (c already
 * withdrawn or out of range). */
int pl_withdraw(pl_result_t *r, size_t c, bool allow_moves, pl_move_t **moves, size_t *n_moves, err_t *e);
/* Indonesian reason for a move, appended to out. withdrawn: who left first. */
void pl_explain_move(const pl_result_t *r, const pl_move_t *m, size_t withdrawn, buf_t *out);

/* Checks the result: seats within capacity, every placement acceptable and in
 * the candidate's interests, and no blocking pair (a candidate and programme
 * that both prefer each other to what they have). Withdrawn candidates take no
 * part. true when stable; else false with the first violation in why. */
bool pl_check_stable(const pl_result_t *r, char *why, size_t cap);

#endif
