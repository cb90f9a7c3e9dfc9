/* elig_store.c — loads eligibility inputs with bound, site-scoped queries and
 * runs the evaluation for each inmate. */
#include "elig_store.h"
#include "scope.h"
#include "../core/rulefile.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RULESETS 32
static ruleset_t rulesets[MAX_RULESETS];
static size_t nrulesets;
static err_t rules_err;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static void load_rules(void)
{
    err_clear(&rules_err);
    if (ruleset_load_builtins(rulesets, MAX_RULESETS, &nrulesets, &rules_err) < 0) nrulesets = 0;
}
const ruleset_t *elig_rulesets(size_t *n, err_t *e)
{
    pthread_once(&rules_once, load_rules);
    if (!nrulesets) {
        if (e) *e = rules_err;
        return NULL;
    }
    *n = nrulesets;
    return rulesets;
}

/* A child table held in memory: rows sorted by wbp id. */
typedef struct {
    int64_t *wbp;
    void *rows;
    size_t n, cap, size;
} children_t;
static void *child_push(children_t *c, int64_t wbp)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->wbp = xrealloc(c->wbp, c->cap * sizeof(int64_t));
        c->rows = xrealloc(c->rows, c->cap * c->size);
    }
    c->wbp[c->n] = wbp;
    return (char *)c->rows + c->n++ * c->size;
}
static void child_free(children_t *c)
{
    free(c->wbp);
    free(c->rows);
}
static date_t col_date(db_stmt_t *st, int i)
{
    date_t d;
    const char *s = db_col_text(st, i);
    return s && date_parse(s, &d) ? d : DATE_NONE;
}

/* The inmates of a query, binding "iiiiii" uid, uid (the role's inmate scope,
 * scope.h WBP_SCOPE), uid, uid, site, site (the sites). SCOPE_ALL reads every
 * inmate row and suits a query over every site (uid 0, site 0: the command line);
 * SCOPE_SITES reads the sites' rows through the wbp(site_id, ...) indexes, for a
 * user's or a site's inmates (the dashboard of a region reads its few sites, not
 * all 300,000 inmates of a national database). Same rows, same bindings. */
#define SCOPE_ALL WBP_SCOPE("w.id") " AND (? = 0 OR w.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) AND (? = 0 OR w.site_id = ?)"
#define SCOPE_SITES WBP_SCOPE("w.id") " AND " SITE_SCOPE("w")
#define SCOPED(q) ((q)->uid || (q)->site_id)

/* Which inmates, binding "ii" wbp, wbp: those in custody, or the one inmate wbp_id.
 * The CASE form keeps SQLite from splitting it into an OR of two index scans (which
 * reads the whole wbp index) so that the sites drive the query. */
/* (The inmate's id is compared with a BIGINT 0: PostgreSQL types a bare "? = 0" as
 * integer, and an id past 2^31 from a request would fail there instead of matching none.) */
#define WHO_ALL " AND ((? = CAST(0 AS BIGINT) AND (? = 1 OR w.status = 'ditahan')) OR w.id = ?)"
#define WHO_SITES " AND (CASE WHEN ? = CAST(0 AS BIGINT) THEN (? = 1 OR w.status = 'ditahan') ELSE w.id = ? END)"
#define SCOPE_SITES_WHO SCOPE_SITES WHO_SITES
/* A past date of some sites' inmates (issue 26): the site an inmate was held at on
 * that date (the sending site of the first transfer after it, else today's), binding
 * PAST_TYPES: PAST_CANDIDATES's, then uid, uid, uid, at, uid, site, at, site, then WHO_ALL's. */
#define SITE_AT                                                                                                  \
    "COALESCE((SELECT t.site_id FROM wbp_transfer t WHERE t.wbp_id = w.id AND t.state = 'berlaku' AND "          \
    "t.transfer_date > ? ORDER BY t.transfer_date, t.id LIMIT 1), w.site_id)"
#define SCOPE_PAST_WHO                                                                                           \
    PAST_CANDIDATES " AND " WBP_SCOPE("w.id") " AND (? = 0 OR " SITE_AT " IN (SELECT site_id FROM user_site "     \
    "WHERE user_id = ?)) AND (? = 0 OR " SITE_AT " = ?)" WHO_ALL
/* Who can have been at the sites in scope on that date: today at one of them, or
 * sent away from one of them after it. A superset of SITE_AT's answer that indexes
 * give (wbp(site_id, ...), wbp_transfer(state, transfer_date)), so the sites drive
 * the query: SITE_AT alone is a correlated subquery that SQLite evaluated for every
 * inmate of the database (~1 s a query at N=300k, six queries a scan; bench/README.md).
 * Binds "iiiitiiii": uid, uid, site, site, at, uid, uid, site, site. */
#define PAST_CANDIDATES                                                                                          \
    "w.id IN (SELECT w1.id FROM wbp w1 WHERE " SITE_SCOPE("w1") " UNION ALL SELECT t1.wbp_id FROM wbp_transfer t1 " \
    "WHERE t1.state = 'berlaku' AND t1.transfer_date > ? AND " SITE_SCOPE("t1") ")"
#define PAST_TYPES "iiiitiiii" "iiitiitiiii"
#define PAST_ARGS                                                                                                \
    q->uid, q->uid, q->site_id, q->site_id, at_s, q->uid, q->uid, q->site_id, q->site_id, q->uid, q->uid, q->uid, \
        at_s, q->uid, q->site_id, at_s, q->site_id, q->wbp_id, past, q->wbp_id
#define SCOPE_ALL_WHO SCOPE_ALL WHO_ALL

/* Scope of the child queries: the same inmates the main query reads. */
#define CHILD_SCOPE(scope_who) " JOIN wbp w ON w.id = c.wbp_id WHERE " scope_who " ORDER BY c.wbp_id, c.id"

/* Strings the children keep (offences, bases), freed with the scan. */
typedef struct {
    char **s;
    size_t n, cap;
} strpool_t;
static const char *pool_dup(strpool_t *p, const char *s)
{
    if (!s) return NULL;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->s = xrealloc(p->s, p->cap * sizeof *p->s);
    }
    return p->s[p->n++] = xstrdup(s);
}
static void pool_free(strpool_t *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->s[i]);
    free(p->s);
}

/* A safety-threatened record (wbp_exclusion). */
typedef struct {
    date_t from, until;
    const char *basis;
} excl_t;

/* The corrections of the dates (wbp_date_correction), each reason as its label in
 * the rule file in force today (the code when the file no longer has it). */
static int load_corrections(db_t *db, err_t *e, const elig_query_t *q, int past, children_t *cor, strpool_t *pool)
{
#define COR_COLS "c.wbp_id, c.id, c.which, c.corrected_date, c.decided_on, c.ended_on, c.inputs, c.reason"
    db_stmt_t *st = SCOPED(q) ? db_query(db, e, "SELECT " COR_COLS " FROM wbp_date_correction c" CHILD_SCOPE(SCOPE_SITES_WHO),
                                         "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past,
                                         q->wbp_id)
                              : db_query(db, e, "SELECT " COR_COLS " FROM wbp_date_correction c" CHILD_SCOPE(SCOPE_ALL_WHO),
                                         "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past,
                                         q->wbp_id);
    if (!st) return -1;
    int rc;
    datecorr_rules_t rules;
    bool have_rules = false;
    while ((rc = db_step(st, e)) == 1) {
        int k = datecorr_kind_parse(db_col_text(st, 2));
        if (k < 0) continue;
        elig_correction_t *c = child_push(cor, db_col_int(st, 0));
        c->id = db_col_int(st, 1);
        c->kind = (datecorr_kind_t)k;
        c->date = col_date(st, 3);
        c->from = col_date(st, 4);
        c->until = col_date(st, 5);
        c->inputs = pool_dup(pool, db_col_text(st, 6));
        const char *code = db_col_text(st, 7);
        if (!have_rules) {
            char t[DATE_ISO_LEN];
            date_t today = DATE_NONE;
            today_iso(t);
            date_parse(t, &today);
            json_t *j = rulefile_in_force(RULES_KIND_DATECORR, today, NULL);
            err_t re;
            err_clear(&re);
            if (!j || datecorr_rules_from_json(j, &rules, &re) < 0) memset(&rules, 0, sizeof rules);
            json_decref(j);
            have_rules = true;
        }
        const datecorr_reason_t *x = datecorr_reason(&rules, code);
        c->reason = pool_dup(pool, x ? datecorr_label(x) : code ? code : "-");
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

static int load_children(db_t *db, err_t *e, const elig_query_t *q, int past, children_t *rem, children_t *dis,
                         children_t *spp, children_t *att, children_t *exc, strpool_t *pool)
{
    char at_s[DATE_ISO_LEN];
    date_format(q->at, at_s);
    db_stmt_t *st = past && SCOPED(q) ? db_query(db, e,
                                         "SELECT c.wbp_id, c.months, c.days, c.granted_date FROM remisi c"
                                         CHILD_SCOPE(SCOPE_PAST_WHO), PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e,
                                         "SELECT c.wbp_id, c.months, c.days, c.granted_date FROM remisi c"
                                         CHILD_SCOPE(SCOPE_SITES_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id,
                                         q->wbp_id, past, q->wbp_id)
                              : db_query(db, e,
                                         "SELECT c.wbp_id, c.months, c.days, c.granted_date FROM remisi c"
                                         CHILD_SCOPE(SCOPE_ALL_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id,
                                         q->wbp_id, past, q->wbp_id);
    int rc;
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        elig_remisi_t *r = child_push(rem, db_col_int(st, 0));
        r->amount = (period_t){0, (int32_t)db_col_int(st, 1), (int32_t)db_col_int(st, 2)};
        r->granted = col_date(st, 3);
    }
    db_finalize(st);
    if (rc < 0) return -1;
#define DISC_COLS "c.wbp_id, c.level, c.decision_date, c.punish_start, c.punish_end, c.register_f, c.cancelled, c.offence"
    st = past && SCOPED(q) ? db_query(db, e, "SELECT " DISC_COLS " FROM discipline c" CHILD_SCOPE(SCOPE_PAST_WHO), PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e, "SELECT " DISC_COLS " FROM discipline c" CHILD_SCOPE(SCOPE_SITES_WHO), "iiiiiiiii", q->uid,
                              q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id)
                   : db_query(db, e, "SELECT " DISC_COLS " FROM discipline c" CHILD_SCOPE(SCOPE_ALL_WHO), "iiiiiiiii", q->uid,
                              q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        elig_discipline_t *d = child_push(dis, db_col_int(st, 0));
        int lvl = discipline_level_parse(db_col_text(st, 1));
        d->level = lvl < 0 ? DISC_BERAT : (discipline_level_t)lvl;
        d->decision = col_date(st, 2);
        d->punish_start = col_date(st, 3);
        d->punish_end = col_date(st, 4);
        d->in_register_f = db_col_int(st, 5) != 0;
        d->cancelled = db_col_int(st, 6) != 0;
        d->offence = pool_dup(pool, db_col_text(st, 7));
    }
    db_finalize(st);
    if (rc < 0) return -1;
    st = past && SCOPED(q) ? db_query(db, e, "SELECT c.wbp_id, c.month, c.score FROM sppn c" CHILD_SCOPE(SCOPE_PAST_WHO), PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e, "SELECT c.wbp_id, c.month, c.score FROM sppn c" CHILD_SCOPE(SCOPE_SITES_WHO), "iiiiiiiii",
                              q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id)
                   : db_query(db, e, "SELECT c.wbp_id, c.month, c.score FROM sppn c" CHILD_SCOPE(SCOPE_ALL_WHO), "iiiiiiiii",
                              q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        elig_sppn_t *s = child_push(spp, db_col_int(st, 0));
        int32_t mi = 0;
        date_parse_month(db_col_text(st, 1), &mi);
        s->month = mi;
        s->score = (int)db_col_int(st, 2);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    /* programme attendance per month (sessions not cancelled): present of recorded.
     * Every site (the command line): all attendance rows grouped once, then joined.
     * Some sites (a user, a site) or one inmate: the inmates in scope drive it (wbp -> enrolment ->
     * attendance by their indexes), grouped after the scope; grouping every row of the
     * database first made a page's first view sort the whole attendance table (356,221
     * rows at N=300k: ~1.7 s and a 20 MiB sorter in the server; bench/README.md). */
#define ATT_FROM                                                                                                    \
    " FROM (SELECT n.wbp_id AS wbp_id, substr(s.session_date, 1, 7) AS month, "                                     \
    "SUM(CASE WHEN a.status = 'hadir' THEN 1 ELSE 0 END) AS present, COUNT(*) AS total, MIN(a.id) AS id "           \
    "FROM attendance a JOIN training_session s ON s.id = a.session_id JOIN enrolment n ON n.id = a.enrolment_id "   \
    "WHERE s.cancelled = 0 GROUP BY n.wbp_id, substr(s.session_date, 1, 7)) c"
#define ATT_SCOPED(scope_who)                                                                                       \
    " FROM wbp w JOIN enrolment n ON n.wbp_id = w.id JOIN attendance a ON a.enrolment_id = n.id "                   \
    "JOIN training_session s ON s.id = a.session_id WHERE s.cancelled = 0 AND " scope_who                           \
    " GROUP BY n.wbp_id, substr(s.session_date, 1, 7) ORDER BY n.wbp_id, MIN(a.id)"
    st = past && SCOPED(q) ? db_query(db, e, "SELECT n.wbp_id, substr(s.session_date, 1, 7), SUM(CASE WHEN a.status = 'hadir' THEN 1 ELSE 0 END), COUNT(*)" ATT_SCOPED(SCOPE_PAST_WHO),
                              PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e, "SELECT n.wbp_id, substr(s.session_date, 1, 7), SUM(CASE WHEN a.status = 'hadir' THEN 1 ELSE 0 END), COUNT(*)" ATT_SCOPED(SCOPE_SITES_WHO),
                              "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id)
        : q->wbp_id ? db_query(db, e, "SELECT n.wbp_id, substr(s.session_date, 1, 7), SUM(CASE WHEN a.status = 'hadir' THEN 1 ELSE 0 END), COUNT(*)" ATT_SCOPED("w.id = ? AND " SCOPE_ALL_WHO), "iiiiiiiiii", q->wbp_id, q->uid,
                               q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id)
                   : db_query(db, e, "SELECT c.wbp_id, c.month, c.present, c.total" ATT_FROM CHILD_SCOPE(SCOPE_ALL_WHO),
                              "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id, q->wbp_id, past, q->wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        elig_attendance_t *x = child_push(att, db_col_int(st, 0));
        int32_t mi = 0;
        date_parse_month(db_col_text(st, 1), &mi);
        x->month = mi;
        x->present = (int)db_col_int(st, 2);
        x->total = (int)db_col_int(st, 3);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    st = past && SCOPED(q) ? db_query(db, e, "SELECT c.wbp_id, c.from_date, c.until_date, c.basis FROM wbp_exclusion c"
                              CHILD_SCOPE(SCOPE_PAST_WHO), PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e, "SELECT c.wbp_id, c.from_date, c.until_date, c.basis FROM wbp_exclusion c"
                              CHILD_SCOPE(SCOPE_SITES_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id,
                              q->wbp_id, past, q->wbp_id)
                   : db_query(db, e, "SELECT c.wbp_id, c.from_date, c.until_date, c.basis FROM wbp_exclusion c"
                              CHILD_SCOPE(SCOPE_ALL_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid, q->site_id, q->site_id,
                              q->wbp_id, past, q->wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        excl_t *x = child_push(exc, db_col_int(st, 0));
        x->from = col_date(st, 1);
        x->until = col_date(st, 2);
        x->basis = pool_dup(pool, db_col_text(st, 3));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Advances cursor *i past rows of ids below id; returns the count of rows for id. */
static size_t take(const children_t *c, size_t *i, int64_t id)
{
    while (*i < c->n && c->wbp[*i] < id) (*i)++;
    size_t start = *i;
    while (*i < c->n && c->wbp[*i] == id) (*i)++;
    return *i - start;
}

int elig_scan(db_t *db, err_t *e, const elig_query_t *q, elig_row_fn fn, void *ctx)
{
    size_t nsets = 0;
    const ruleset_t *sets = elig_rulesets(&nsets, e);
    if (!sets) return -1;
    children_t rem = {.size = sizeof(elig_remisi_t)}, dis = {.size = sizeof(elig_discipline_t)},
               spp = {.size = sizeof(elig_sppn_t)}, att = {.size = sizeof(elig_attendance_t)},
               exc = {.size = sizeof(excl_t)}, cor = {.size = sizeof(elig_correction_t)};
    strpool_t pool = {0};
    /* a past date: who was in custody then goes by the records (detention, release,
     * transfer, verdict), not by today's status */
    char today_s[11];
    today_iso(today_s);
    date_t today;
    int past = date_parse(today_s, &today) && q->at < today ? 1 : 0;
    int rc = load_children(db, e, q, past, &rem, &dis, &spp, &att, &exc, &pool);
    char at_s[DATE_ISO_LEN];
    date_format(q->at, at_s);
    if (rc == 0 && !q->baseline) rc = load_corrections(db, e, q, past, &cor, &pool);
    db_stmt_t *st = NULL;
    if (rc == 0)
#define WBP_COLS                                                                                               \
    "w.site_id, s.code, w.regno, w.name, w.legal_class, w.crime_category, w.sentence_kind, w.term_years, "       \
    "w.term_months, w.term_days, w.detention_start, w.fine, w.fine_paid, w.subsider_months, w.subsider_days, "  \
    "w.restitution, w.restitution_paid, w.nationality, w.foreign_docs, w.deradicalised, w.status, "            \
    "(SELECT min(r.release_date) FROM wbp_release r WHERE r.wbp_id = w.id), w.transfer_date, w.updated_at, "     \
    "w.verdict_date "
#define WBP_WHERE(scope_who) " FROM wbp w JOIN site s ON s.id = w.site_id WHERE " scope_who " ORDER BY w.id"
        st = past && SCOPED(q) ? db_query(db, e, "SELECT w.id, " WBP_COLS WBP_WHERE(SCOPE_PAST_WHO), PAST_TYPES, PAST_ARGS)
        : SCOPED(q) ? db_query(db, e, "SELECT w.id, " WBP_COLS WBP_WHERE(SCOPE_SITES_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid,
                                  q->site_id, q->site_id, q->wbp_id, past, q->wbp_id)
                       : db_query(db, e, "SELECT w.id, " WBP_COLS WBP_WHERE(SCOPE_ALL_WHO), "iiiiiiiii", q->uid, q->uid, q->uid, q->uid,
                                  q->site_id, q->site_id, q->wbp_id, past, q->wbp_id);
    if (!st) rc = -1;
    size_t ri = 0, di = 0, si = 0, ai = 0, xi = 0, ci = 0;
    elig_result_t res;
    while (rc == 0 && (rc = db_step(st, e)) == 1) {
        rc = 0;
        elig_input_t in;
        memset(&in, 0, sizeof in);
        int64_t id = db_col_int(st, 0);
        int lc = legal_class_parse(db_col_text(st, 5)), cc = crime_category_parse(db_col_text(st, 6)),
            sk = sentence_kind_parse(db_col_text(st, 7));
        in.legal_class = lc < 0 ? LEGAL_NARAPIDANA : (legal_class_t)lc;
        in.crime = cc < 0 ? CRIME_LAINNYA : (crime_category_t)cc;
        in.kind = sk < 0 ? SENTENCE_PIDANA : (sentence_kind_t)sk;
        in.term = (period_t){(int32_t)db_col_int(st, 8), (int32_t)db_col_int(st, 9), (int32_t)db_col_int(st, 10)};
        in.detention_start = col_date(st, 11);
        in.fine_paid = db_col_int(st, 12) == 0 || db_col_int(st, 13) != 0;
        in.subsider = (period_t){0, (int32_t)db_col_int(st, 14), (int32_t)db_col_int(st, 15)};
        in.restitution_paid = db_col_int(st, 16) == 0 || db_col_int(st, 17) != 0;
        const char *nat = db_col_text(st, 18);
        in.foreign = nat && *nat && strcasecmp(nat, "WNI") != 0 && strcasecmp(nat, "Indonesia") != 0;
        in.foreign_docs = db_col_int(st, 19) != 0;
        in.deradicalised = db_col_int(st, 20) != 0;
        const char *status = db_col_text(st, 21);
        in.in_custody = str_eq(status, "ditahan");
        if (past) {
            /* in custody on `at`: detained by then, not released or transferred before it */
            date_t released = col_date(st, 22), moved = col_date(st, 23), verdict = col_date(st, 25);
            const char *upd = db_col_text(st, 24);
            date_t changed = DATE_NONE;
            char u10[11];
            if (upd && strlen(upd) >= 10) {
                memcpy(u10, upd, 10);
                u10[10] = 0;
                date_parse(u10, &changed);
            }
            if (str_eq(status, "pindah") && moved == DATE_NONE) moved = changed;
            if (str_eq(status, "bebas") && released == DATE_NONE) released = changed;
            in.in_custody = in.detention_start != DATE_NONE && in.detention_start <= q->at &&
                            (released == DATE_NONE || released >= q->at) &&
                            (!str_eq(status, "pindah") || moved == DATE_NONE || moved >= q->at);
            /* not yet sentenced on `at`: a remand prisoner then */
            if (in.legal_class == LEGAL_NARAPIDANA && verdict != DATE_NONE && verdict > q->at)
                in.legal_class = LEGAL_TAHANAN;
        }
        in.n_attendance = take(&att, &ai, id);
        in.attendance = (const elig_attendance_t *)att.rows + (ai - in.n_attendance);
        in.threatened_from = in.threatened_until = DATE_NONE;
        size_t nx = take(&exc, &xi, id);
        for (size_t k = 0; k < nx; k++) { /* the record in force on `at`, else the latest before it */
            const excl_t *x = (const excl_t *)exc.rows + (xi - nx + k);
            if (x->from == DATE_NONE || x->from > q->at) continue;
            if (in.threatened_from == DATE_NONE || x->from > in.threatened_from)
                in.threatened_from = x->from, in.threatened_until = x->until, in.threatened_basis = x->basis;
        }
        in.n_remisi = take(&rem, &ri, id);
        in.remisi = (const elig_remisi_t *)rem.rows + (ri - in.n_remisi);
        in.n_discipline = take(&dis, &di, id);
        in.discipline = (const elig_discipline_t *)dis.rows + (di - in.n_discipline);
        in.n_corr = take(&cor, &ci, id);
        in.corr = (const elig_correction_t *)cor.rows + (ci - in.n_corr);
        in.n_sppn = take(&spp, &si, id);
        in.sppn = (const elig_sppn_t *)spp.rows + (si - in.n_sppn);
        if (past && !q->wbp_id && !in.in_custody) continue; /* not here on that date */
        elig_row_t row = {id, db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
                          db_col_text(st, 6), &in, NULL};
        if (!q->baseline) {
            if (elig_evaluate(sets, nsets, &in, q->at, &res, e) < 0) {
                rc = -1;
                break;
            }
            row.res = &res;
        }
        if (fn(ctx, &row, e) < 0) rc = -1;
    }
    db_finalize(st);
    child_free(&rem);
    child_free(&dis);
    child_free(&spp);
    child_free(&att);
    child_free(&exc);
    child_free(&cor);
    pool_free(&pool);
    return rc < 0 ? -1 : 0;
}

static int dates_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    elig_dates_t *c = vc;
    c->found = true;
    c->detention = row->in->detention_start;
    c->has_dates = row->res && row->res->has_dates;
    if (c->has_dates) c->d = row->res->dates;
    return 0;
}

int elig_dates_at(db_t *db, err_t *e, int64_t wbp_id, date_t at, elig_dates_t *out)
{
    *out = (elig_dates_t){false, DATE_NONE, false, {0}};
    elig_query_t q = {0, 0, wbp_id, at, false};
    return elig_scan(db, e, &q, dates_row, out);
}
