/* report_store.h — the data of the dashboard's and monthly report's sections
 * (report/sections.c builds the tables and charts from these rows; report/ has no
 * SQL). Each query is scoped to the sites uid sees (uid 0: every site), and to one
 * site when site_id is not 0 (SITE_SCOPE, scope.h). Rows live in the arena; each
 * list function returns its count, or -1 with e set. */
#ifndef BEKAL_REPORT_STORE_H
#define BEKAL_REPORT_STORE_H
#include "db.h"
#include "../core/date.h"

/* 1. agreements active or ended, by expiry */
typedef struct {
    const char *site, *number, *partner, *valid_to, *status; /* "" for NULL */
} rs_agreement_t;
int rs_agreements(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_agreement_t **rows);

/* 3. enrolments per trade and phase, by status: ditempatkan, terdaftar, selesai,
 * tidak_lulus, mundur */
typedef struct {
    const char *trade;
    int64_t phase, n[5];
} rs_participants_t;
int rs_participants(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_participants_t **rows);

/* 4. money per month ("YYYY-MM") of dates in [from, to]: sales (total, PNBP, premi),
 * PNBP deposits (amount) or premi payouts (amount) */
typedef enum { RS_MONEY_SALES, RS_MONEY_DEPOSITS, RS_MONEY_PAYOUTS } rs_money_t;
typedef struct {
    const char *month;
    int64_t v[3];
} rs_month_sum_t;
int rs_month_sums(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_money_t kind, const char *from,
                  const char *to, rs_month_sum_t **rows);

/* 5. releases in force of one kind dated in [from, to]: how many, how many had
 * finished a training, the premi paid out. 0 or -1. */
typedef struct {
    int64_t count, graduates, payout;
} rs_release_sum_t;
int rs_release_sum(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *kind, const char *from,
                   const char *to, rs_release_sum_t *out);

/* 6. each release in force up to `to`: its latest follow-up status on or before
 * it (NULL: none) and whether the inmate finished a training */
typedef struct {
    const char *status;
    int64_t graduate;
} rs_outcome_t;
int rs_outcomes(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *to, rs_outcome_t **rows);

/* 7. attendance: the sessions held (not cancelled) in [from, at] per programme... */
typedef struct {
    int64_t id;
    const char *site, *name, *trade;
    date_t start;
    int64_t sessions, jp;
} rs_att_program_t;
int rs_att_programs(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *at,
                    rs_att_program_t **rows);
/* ...the JP of their entries per programme by status: hadir, izin, sakit, alpa... */
typedef struct {
    int64_t program_id, jp[4];
} rs_att_status_t;
int rs_att_by_status(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *at,
                     rs_att_status_t **rows);
/* ...and the JP of held sessions with no entry for a participant taking part */
typedef struct {
    int64_t program_id, jp;
} rs_att_unrecorded_t;
int rs_att_unrecorded(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *at,
                      rs_att_unrecorded_t **rows);

/* 8./9. two counts per trade: completions with status_at in [from, before)
 * (lulus, tidak lulus); certificates issued in [from, to] (all, revoked before
 * `before`) */
typedef struct {
    const char *trade;
    int64_t a, b;
} rs_trade_pair_t;
int rs_completions(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *before,
                   rs_trade_pair_t **rows);
int rs_certificates(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                    const char *before, rs_trade_pair_t **rows);

/* 10. withdrawals dated in [from, to] per coded reason ("bebas" / "lainnya" for those
 * recorded before the codes) */
typedef struct {
    const char *code;
    int64_t n;
} rs_code_count_t;
int rs_withdrawals(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                   rs_code_count_t **rows);

/* The distinct regions (site.region, "" for NULL) of the sites uid sees. */
int rs_regions(db_t *db, err_t *e, arena_t *a, int64_t uid, const char ***regions);

/* The site with this code that uid sees, for the monthly report's letterhead and
 * signature (NULL for NULL columns). 1 found, 0 not, -1 error. */
typedef struct {
    int64_t id;
    const char *name, *address, *head_name, *head_nip;
} rs_site_head_t;
int rs_site_head(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *code, rs_site_head_t *out);

#endif
