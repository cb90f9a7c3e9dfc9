/* placement_store.c — phases, candidates, assessments, the placement proposal and
 * the enrolment changes that follow it (see placement_store.h). */
#include "../core/msg.h"
#include "placement_store.h"
#include "rowmap.h"
#include "caseload_store.h"
#include "elig_store.h"
#include "../core/csv.h"
#include "../core/rulefile.h"
#include "../core/withdraw.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- rules */

#define MAX_PL_RULES 16
static pl_rules_t pl_sets[MAX_PL_RULES];
static size_t pl_nsets;
static pthread_once_t pl_once = PTHREAD_ONCE_INIT;
static void load_pl_rules(void)
{
    err_t e;
    err_clear(&e);
    if (pl_rules_load_builtins(pl_sets, MAX_PL_RULES, &pl_nsets, &e) < 0) pl_nsets = 0;
}

/* ---------------------------------------------------------------- small helpers */

static const char *itoa_a(arena_t *a, int64_t v) { return arena_printf(a, "%lld", (long long)v); }
static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* ---------------------------------------------------------------- phases */

/* The phase queries below share their SELECT list (spelled out in each: only literal
 * SQL text) and its column table. */
#define C(f, t) RM_COL(phase_t, t, f)
static const rm_col_t phase_cols[] = {C(id, RM_INT),           C(site_id, RM_INT),          C(agreement_id, RM_INT),
                                      C(phase, RM_I32),        C(quota_min, RM_I32),        C(quota_max, RM_I32),
                                      C(agreement_title, RM_TEXT), C(agreement_number, RM_TEXT), C(agreement_status, RM_TEXT),
                                      C(site_code, RM_TEXT),   C(site_name, RM_TEXT)};
#undef C
static const rm_spec_t phase_spec = RM_SPEC(phase_t, phase_cols);

int64_t phase_quota_id(db_t *db, err_t *e, int64_t agreement_id, int64_t phase)
{
    return db_one_int(db, e, "SELECT id FROM agreement_quota WHERE agreement_id = ? AND phase = ?", "ii", agreement_id,
                      phase);
}

int phase_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, phase_t *out)
{
    return rm_one(db_query(db, e,
                           "SELECT q.id, q.site_id, q.agreement_id, q.phase, q.quota_min, q.quota_max, a.title, a.number_site, "
                           "a.status, s.code, s.name FROM agreement_quota q JOIN agreement a ON a.id = q.agreement_id "
                           "JOIN site s ON s.id = q.site_id "
                           "WHERE q.id = ? AND (? = 0 OR q.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
                           "iii", id, uid, uid),
                  e, a, &phase_spec, out);
}

int phase_find(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *spec, phase_t *out)
{
    const char *colon = spec ? strchr(spec, ':') : NULL;
    int64_t ag, ph;
    if (!colon) {
        if (!parse_i64(spec ? spec : "", &ag) || ag <= 0) return 0;
        return phase_load(db, e, a, uid, ag, out);
    }
    char *left = arena_strndup(a, spec, (size_t)(colon - spec));
    if (!parse_i64(left, &ag) || !parse_i64(colon + 1, &ph) || ag <= 0 || ph <= 0) return 0;
    return rm_one(db_query(db, e,
                           "SELECT q.id, q.site_id, q.agreement_id, q.phase, q.quota_min, q.quota_max, a.title, a.number_site, "
                           "a.status, s.code, s.name FROM agreement_quota q JOIN agreement a ON a.id = q.agreement_id "
                           "JOIN site s ON s.id = q.site_id "
                           "WHERE q.agreement_id = ? AND q.phase = ? AND (? = 0 OR q.site_id IN "
                           "(SELECT site_id FROM user_site WHERE user_id = ?))",
                           "iiii", ag, ph, uid, uid),
                  e, a, &phase_spec, out);
}

int phase_list(db_t *db, err_t *e, arena_t *a, int64_t uid, phase_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT q.id, q.site_id, q.agreement_id, q.phase, q.quota_min, q.quota_max, a.title, a.number_site, "
                            "a.status, s.code, s.name FROM agreement_quota q JOIN agreement a ON a.id = q.agreement_id "
                            "JOIN site s ON s.id = q.site_id "
                            "WHERE (? = 0 OR q.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) "
                            "ORDER BY s.code, a.signed_date DESC, a.id, q.phase",
                            "ii", uid, uid),
                   e, a, &phase_spec, n);
    return *out ? 0 : -1;
}

/* ---------------------------------------------------------------- phase data */

typedef struct {
    int64_t wbp_id;
    const char *regno, *name;
    bool eligible;
    date_t from, release;
} elig_one_t;

struct scan_ctx {
    arena_t *a;
    elig_one_t *rows;
    int n, cap;
    bool custody_only; /* skip an inmate not in custody (a scan of one inmate, today) */
};
static int scan_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct scan_ctx *c = vc;
    if (c->custody_only && !row->in->in_custody) return 0;
    elig_one_t *o = ARENA_PUSH(c->a, c->rows, c->n, c->cap);
    o->wbp_id = row->id;
    o->regno = arena_strdup(c->a, row->regno ? row->regno : "");
    o->name = arena_strdup(c->a, row->name ? row->name : "");
    o->eligible = row->res->eligible;
    o->from = row->res->eligible_from;
    o->release = row->res->has_dates ? row->res->dates.expiry : DATE_NONE;
    return 0;
}

typedef struct {
    int64_t wbp_id;
    const char *regno, *name, *status;
    const char *f[12];
    int64_t i[6];
} row_t;

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

static int cand_cmp(const void *x, const void *y)
{
    const ph_cand_t *a = x, *b = y;
    int c = pl_regno_cmp(a->regno, b->regno);
    return c ? c : (a->wbp_id < b->wbp_id ? -1 : a->wbp_id > b->wbp_id);
}

int phase_cand_index(const phase_data_t *d, int64_t wbp_id) { return RM_INDEX(d->cand, d->ncand, wbp_id, wbp_id); }
int phase_prog_index(const phase_data_t *d, int64_t program_id) { return RM_INDEX(d->prog, d->nprog, id, program_id); }
static int trade_index(const phase_data_t *d, int64_t kejuruan_id) { return RM_INDEX(d->trade, d->ntrade, id, kejuruan_id); }

/* Rows of a query, each (wbp_id, then text columns), read in full first so no
 * second statement runs while one is open. */
static int read_rows(db_stmt_t *st, err_t *e, arena_t *a, int ntext, int nint, row_t **out, int *n)
{
    *n = 0;
    *out = NULL;
    if (!st) return -1;
    int cap = 0, rc;
    while ((rc = db_step(st, e)) == 1) {
        row_t *r = ARENA_PUSH(a, *out, *n, cap);
        r->wbp_id = db_col_int(st, 0);
        for (int k = 0; k < ntext; k++) r->f[k] = arena_strdup(a, db_col_text(st, 1 + k));
        for (int k = 0; k < nint; k++) r->i[k] = db_col_null(st, 1 + ntext + k) ? -1 : db_col_int(st, 1 + ntext + k);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

#define C(f, t) RM_COL(ph_program_t, t, f)
static const rm_col_t program_cols[] = {C(id, RM_INT),        C(kejuruan_id, RM_INT),   C(name, RM_TEXT),
                                        C(trade_code, RM_TEXT), C(trade_name, RM_TEXT), C(status, RM_TEXT),
                                        C(cap_min, RM_I32),   C(cap_max, RM_I32),       C(start, RM_DATE),
                                        C(end, RM_DATE),      C(requires_asimilasi, RM_BOOL)};
#undef C
static const rm_spec_t program_spec = RM_SPEC(ph_program_t, program_cols);

/* phase_data_load, of all the site's inmates (only < 0) or of inmate only (0: none). */
static int data_load(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, int64_t only,
                     phase_data_t *d)
{
    memset(d, 0, sizeof *d);
    d->ph = *ph;
    d->first_start = d->last_start = DATE_NONE;

    /* programmes of the phase (cancelled ones aside) */
    d->prog = rm_list(db_query(db, e,
                               "SELECT p.id, p.kejuruan_id, p.name, k.code, k.name, p.status, p.capacity_min, "
                               "p.capacity_max, p.start_date, p.end_date, p.require_asimilasi FROM program p "
                               "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE p.agreement_id = ? AND p.phase = ? "
                               "AND p.status <> 'dibatalkan' ORDER BY p.start_date, p.id",
                               "ii", ph->agreement_id, (int64_t)ph->phase),
                      e, a, &program_spec, &d->nprog);
    if (!d->prog) return -1;
    d->trade = arena_alloc(a, sizeof(ph_trade_t) * (size_t)(d->nprog + 1));
    for (int i = 0; i < d->nprog; i++) d->prog[i].key = arena_printf(a, "%s (#%lld)", d->prog[i].name, (long long)d->prog[i].id);
    for (int i = 0; i < d->nprog; i++) {
        ph_program_t *p = &d->prog[i];
        if (p->start != DATE_NONE && (d->first_start == DATE_NONE || p->start < d->first_start)) d->first_start = p->start;
        if (p->start != DATE_NONE && (d->last_start == DATE_NONE || p->start > d->last_start)) d->last_start = p->start;
        if (trade_index(d, p->kejuruan_id) >= 0) continue;
        ph_trade_t *t = &d->trade[d->ntrade++];
        t->id = p->kejuruan_id;
        t->code = p->trade_code;
        t->name = p->trade_name;
        t->key = arena_printf(a, "%s (%s)", p->trade_name, p->trade_code);
    }
    date_t now;
    if (!today || !date_parse(today, &now)) return err_set(e, 500, "bad_date", "tanggal hari ini tidak sah");
    d->at = d->first_start != DATE_NONE && d->first_start < now ? d->first_start : now;

    /* placement rules in force on the first start (else the eligibility date) */
    pthread_once(&pl_once, load_pl_rules);
    const pl_rules_t *rules = pl_rules_pick(pl_sets, pl_nsets, d->first_start != DATE_NONE ? d->first_start : d->at);
    if (rules) d->rules = *rules, d->has_rules = true;

    /* eligibility of every inmate in custody at the site (or of the one inmate: the
     * scan of one reads it whatever its status; on a past date the scan of all does
     * too, and judges custody on that date) */
    struct scan_ctx sc = {a, NULL, 0, 0, false};
    elig_query_t q = {0, ph->site_id, only > 0 ? only : 0, d->at, false};
    if (only > 0) {
        char t[11];
        today_iso(t);
        date_t now_d;
        sc.custody_only = !(date_parse(t, &now_d) && d->at < now_d); /* as elig_scan's "past" */
    }
    if (only != 0 && elig_scan(db, e, &q, scan_row, &sc) < 0) return -1;

    /* assessments, their trades and enrolments of the phase, by WBP */
    row_t *as, *tr, *en;
    int nas, ntr, nen;
    if (read_rows(db_query(db, e,
                           "SELECT x.wbp_id, w.regno, w.name, w.status, x.assessed_on, x.assessor, x.risk, x.literacy, "
                           "x.numeracy, x.experience, x.notes, x.id FROM assessment x JOIN wbp w ON w.id = x.wbp_id "
                           "WHERE x.agreement_id = ? AND x.phase = ? ORDER BY x.wbp_id",
                           "ii", ph->agreement_id, (int64_t)ph->phase),
                  e, a, 10, 1, &as, &nas) < 0 ||
        read_rows(db_query(db, e,
                           "SELECT x.wbp_id, t.kejuruan_id, t.interest_rank, t.aptitude, t.fit FROM assessment_trade t "
                           "JOIN assessment x ON x.id = t.assessment_id WHERE x.agreement_id = ? AND x.phase = ? "
                           "ORDER BY x.wbp_id, t.kejuruan_id",
                           "ii", ph->agreement_id, (int64_t)ph->phase),
                  e, a, 0, 4, &tr, &ntr) < 0 ||
        read_rows(db_query(db, e,
                           "SELECT x.wbp_id, w.regno, w.name, w.status, x.status, x.reason, x.status_at, x.id, "
                           "x.program_id, x.wait_rank, x.overridden FROM enrolment x JOIN wbp w ON w.id = x.wbp_id "
                           "WHERE x.agreement_id = ? AND x.phase = ? ORDER BY x.wbp_id",
                           "ii", ph->agreement_id, (int64_t)ph->phase),
                  e, a, 6, 4, &en, &nen) < 0)
        return -1;

    /* the candidates: the pool, the assessed and the enrolled */
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)(sc.n + nas + nen + 1));
    int nids = 0;
    for (int i = 0; i < sc.n; i++) {
        elig_one_t *o = &sc.rows[i];
        bool pool = o->eligible || (o->from != DATE_NONE && d->last_start != DATE_NONE && o->from <= d->last_start);
        if (pool) ids[nids++] = o->wbp_id;
    }
    for (int i = 0; i < nas; i++) ids[nids++] = as[i].wbp_id;
    for (int i = 0; i < nen; i++) ids[nids++] = en[i].wbp_id;
    qsort(ids, (size_t)nids, sizeof *ids, cmp_i64);
    d->cand = arena_alloc(a, sizeof(ph_cand_t) * (size_t)(nids + 1));
    int si = 0, ai = 0, ei = 0, ti = 0;
    for (int k = 0; k < nids; k++) {
        if (k && ids[k] == ids[k - 1]) continue;
        int64_t id = ids[k];
        ph_cand_t *c = &d->cand[d->ncand++];
        memset(c, 0, sizeof *c);
        c->wbp_id = id;
        c->eligible_from = c->release = DATE_NONE;
        while (si < sc.n && sc.rows[si].wbp_id < id) si++;
        if (si < sc.n && sc.rows[si].wbp_id == id) {
            elig_one_t *o = &sc.rows[si];
            c->evaluated = true;
            c->eligible = o->eligible;
            c->eligible_from = o->eligible ? (o->from != DATE_NONE && o->from <= d->at ? o->from : d->at) : o->from;
            c->release = o->release;
            c->pool = o->eligible || (o->from != DATE_NONE && d->last_start != DATE_NONE && o->from <= d->last_start);
            c->regno = o->regno;
            c->name = o->name;
            c->wbp_status = "ditahan";
        }
        while (ai < nas && as[ai].wbp_id < id) ai++;
        if (ai < nas && as[ai].wbp_id == id) {
            row_t *r = &as[ai];
            c->regno = r->f[0], c->name = r->f[1], c->wbp_status = r->f[2];
            c->assessed_on = r->f[3], c->assessor = r->f[4], c->risk = r->f[5], c->literacy = r->f[6];
            c->numeracy = r->f[7], c->experience = r->f[8], c->notes = r->f[9];
            c->assessment_id = r->i[0];
            while (ti < ntr && tr[ti].wbp_id < id) ti++;
            int t0 = ti;
            while (ti < ntr && tr[ti].wbp_id == id) ti++;
            c->nscores = ti - t0;
            c->scores = arena_alloc(a, sizeof(ph_score_t) * (size_t)(c->nscores + 1));
            for (int j = 0; j < c->nscores; j++)
                c->scores[j] = (ph_score_t){tr[t0 + j].i[0], (int)tr[t0 + j].i[1], (int)tr[t0 + j].i[2],
                                            (int)tr[t0 + j].i[3]};
        }
        while (ei < nen && en[ei].wbp_id < id) ei++;
        if (ei < nen && en[ei].wbp_id == id) {
            row_t *r = &en[ei];
            c->regno = r->f[0], c->name = r->f[1], c->wbp_status = r->f[2];
            c->status = r->f[3], c->reason = r->f[4], c->status_at = r->f[5];
            c->enrolment_id = r->i[0];
            c->program_id = r->i[1] > 0 ? r->i[1] : 0;
            c->wait_rank = r->i[2] > 0 ? (int)r->i[2] : 0;
            c->overridden = r->i[3] > 0;
        }
        bool owned = !c->enrolment_id || (!c->overridden && (str_eq(c->status, "kandidat") ||
                                                              str_eq(c->status, "ditempatkan") ||
                                                              str_eq(c->status, "daftar_tunggu")));
        c->free = c->assessment_id && owned;
    }
    /* seats held by enrolments the placement leaves alone */
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        if (c->free || !c->enrolment_id || !c->program_id) continue;
        if (str_eq(c->status, "ditempatkan") || str_eq(c->status, "terdaftar") || str_eq(c->status, "selesai") ||
            str_eq(c->status, "tidak_lulus")) {
            int p = phase_prog_index(d, c->program_id);
            if (p >= 0) d->prog[p].seats_fixed++;
        }
    }
    qsort(d->cand, (size_t)d->ncand, sizeof *d->cand, cand_cmp);
    return 0;
}

int phase_data_load(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, phase_data_t *d)
{
    return data_load(db, e, a, ph, today, -1, d);
}

int phase_data_load_for(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, int64_t wbp_id,
                        phase_data_t *d)
{
    return data_load(db, e, a, ph, today, wbp_id > 0 ? wbp_id : 0, d);
}

/* ---------------------------------------------------------------- the core's input */

typedef struct {
    pl_input_t in;
    pl_program_t *prog;
    pl_candidate_t *cand;
    int *cand_of; /* input candidate -> data candidate */
} pl_build_t;

static int score_cmp(const void *x, const void *y)
{
    const ph_score_t *a = x, *b = y;
    return a->rank - b->rank;
}

/* The core's input for the free candidates of d (capacity less the fixed seats). */
static void build_input(arena_t *a, const phase_data_t *d, pl_build_t *b)
{
    memset(b, 0, sizeof *b);
    b->prog = arena_alloc(a, sizeof(pl_program_t) * (size_t)(d->nprog + 1));
    for (int i = 0; i < d->nprog; i++) {
        const ph_program_t *p = &d->prog[i];
        /* the fixed seats count towards both the capacity and the minimum (a finished
         * programme keeps its graduates' seats; the core must not be asked for more than
         * the seats left) */
        int cap = p->cap_max - p->seats_fixed, min = p->cap_min - p->seats_fixed;
        if (cap < 0) cap = 0;
        if (min < 0) min = 0;
        if (min > cap) min = cap;
        b->prog[i] = (pl_program_t){p->key, d->trade[trade_index(d, p->kejuruan_id)].key, cap,
                                    min, p->requires_asimilasi, p->start, p->end, 0};
    }
    b->cand = arena_alloc(a, sizeof(pl_candidate_t) * (size_t)(d->ncand + 1));
    b->cand_of = arena_alloc(a, sizeof(int) * (size_t)(d->ncand + 1));
    int n = 0;
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        if (!c->free) continue;
        ph_score_t *sorted = arena_alloc(a, sizeof *sorted * (size_t)(c->nscores + 1));
        memcpy(sorted, c->scores, sizeof *sorted * (size_t)c->nscores);
        qsort(sorted, (size_t)c->nscores, sizeof *sorted, score_cmp);
        const char **interests = arena_alloc(a, sizeof(char *) * (size_t)(c->nscores + 1));
        pl_score_t *scores = arena_alloc(a, sizeof(pl_score_t) * (size_t)(c->nscores + 1));
        int ni = 0, ns = 0;
        for (int k = 0; k < c->nscores; k++) {
            int t = trade_index(d, sorted[k].kejuruan_id);
            if (t < 0) continue; /* a trade not on offer in this phase */
            if (sorted[k].rank >= 1) interests[ni++] = d->trade[t].key;
            scores[ns++] = (pl_score_t){d->trade[t].key, sorted[k].aptitude, sorted[k].fit};
        }
        int risk = risk_level_parse(c->risk ? c->risk : "rendah");
        b->cand[n] = (pl_candidate_t){itoa_a(a, c->wbp_id), c->regno ? c->regno : "", interests, (size_t)ni, scores,
                                      (size_t)ns, -1, c->release, risk < 0 ? RISK_RENDAH : (risk_level_t)risk,
                                      c->eligible_from, NULL, 0};
        b->cand_of[n++] = i;
    }
    b->in = (pl_input_t){b->cand, (size_t)n, b->prog, (size_t)d->nprog};
}

/* ---------------------------------------------------------------- the plan */

static void fingerprint(const phase_data_t *d, const ph_plan_t *p, char out[65])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char line[128];
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *o = &p->out[i];
        int n = snprintf(line, sizeof line, "%lld|%lld|%d|", (long long)d->cand[o->cand].wbp_id,
                         o->prog >= 0 ? (long long)d->prog[o->prog].id : 0LL, o->wait_rank);
        crypto_hash_sha256_update(&h, (const unsigned char *)line, (unsigned long long)n);
        crypto_hash_sha256_update(&h, (const unsigned char *)o->reason, strlen(o->reason) + 1);
    }
    unsigned char md[32];
    crypto_hash_sha256_final(&h, md);
    hex_encode(md, 32, out);
}

int phase_plan(arena_t *a, const phase_data_t *d, ph_plan_t *p, err_t *e)
{
    memset(p, 0, sizeof *p);
    if (!d->nprog)
        return err_set(e, 422, "no_programs", _("Tahap %d PKS \"%s\" belum mempunyai program pelatihan"), d->ph.phase,
                       d->ph.agreement_title);
    if (!d->has_rules) {
        char dd[DATE_LONG_LEN];
        date_format_long_ui(d->first_start, dd);
        return err_set(e, 422, "no_rules", _("Belum ada aturan penempatan yang berlaku pada %s"), dd);
    }
    pl_build_t b;
    build_input(a, d, &b);
    pl_result_t r;
    if (pl_place(&b.in, &d->rules, &r, e) < 0) return -1;
    p->out = arena_alloc(a, sizeof(ph_outcome_t) * (b.in.n_cand + 1));
    p->filled = arena_alloc(a, sizeof(int) * (size_t)(d->nprog + 1));
    p->applicants = arena_alloc(a, sizeof(int) * (size_t)(d->nprog + 1));
    for (int i = 0; i < d->nprog; i++) p->filled[i] = r.filled[i], p->applicants[i] = r.applicants[i];
    buf_t why;
    buf_init(&why);
    for (int pass = 0; pass < 2; pass++) {
        const int *list = pass == 0 ? r.placed : r.waitlist;
        size_t nl = pass == 0 ? r.n_placed : r.n_waitlist;
        for (size_t k = 0; k < nl; k++) {
            int c = list[k];
            const pl_outcome_t *oc = &r.out[c];
            ph_outcome_t *o = &p->out[p->nout++];
            memset(o, 0, sizeof *o);
            o->cand = b.cand_of[c];
            o->prog = oc->prog;
            if (oc->prog >= 0) {
                const pl_pref_t *pf = &r.pref[r.pref_off[c] + (size_t)oc->pref_pos];
                o->interest_rank = pf->interest_rank;
                o->priority_rank = pf->rank;
                p->nplaced++;
            } else {
                o->wait_rank = oc->wait_rank;
                o->code = pl_reason_code(oc->why);
                p->nwait++;
            }
            char *coded = pl_explain_coded(&r, (size_t)c); /* stored coded, shown in the reader's language */
            o->reason = arena_strdup(a, coded ? coded : "");
            free(coded);
            const ph_cand_t *cd = &d->cand[o->cand];
            const char *want = o->prog >= 0 ? "ditempatkan" : "daftar_tunggu";
            int64_t want_prog = o->prog >= 0 ? d->prog[o->prog].id : 0;
            o->change = !cd->enrolment_id || !str_eq(cd->status, want) || cd->program_id != want_prog;
            o->update = o->change || cd->wait_rank != o->wait_rank || !str_eq(cd->reason, o->reason);
            p->nchanges += o->change;
            p->nupdates += o->update;
        }
    }
    buf_release(&why);
    pl_result_free(&r);
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        if (c->free) continue;
        if (c->enrolment_id) p->nfixed++;
        else if (!c->assessment_id) p->nunassessed++;
    }
    fingerprint(d, p, p->fingerprint);
    return 0;
}

static json_t *jdate(date_t dt)
{
    if (dt == DATE_NONE) return json_null();
    char b[DATE_ISO_LEN];
    date_format(dt, b);
    return json_string(b);
}
static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *phase_json(const phase_data_t *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:i}", "id", (json_int_t)d->ph.id, "agreement_id",
                     (json_int_t)d->ph.agreement_id, "agreement", d->ph.agreement_title ? d->ph.agreement_title : "",
                     "agreement_number", d->ph.agreement_number ? d->ph.agreement_number : "", "phase", d->ph.phase,
                     "site", d->ph.site_code ? d->ph.site_code : "", "quota_min", d->ph.quota_min, "quota_max",
                     d->ph.quota_max);
}

/* A stored reason in the reader's language (coded ones rendered, msg.h); NULL gives null. */
static json_t *jmsg(const char *s)
{
    if (!s) return json_null();
    buf_t b;
    buf_init(&b);
    msg_render(s, &b);
    json_t *j = json_string(b.data ? b.data : "");
    buf_release(&b);
    return j;
}

json_t *phase_plan_json(const phase_data_t *d, const ph_plan_t *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "phase", phase_json(d));
    json_object_set_new(o, "at", jdate(d->at));
    json_object_set_new(o, "ruleset", json_string(d->rules.head.code));
    json_t *placed = json_array(), *wait = json_array(), *changes = json_array();
    for (int i = 0; i < p->nout; i++) {
        const ph_outcome_t *x = &p->out[i];
        const ph_cand_t *c = &d->cand[x->cand];
        if (x->prog >= 0)
            json_array_append_new(
                placed, json_pack("{s:s, s:I, s:s, s:I, s:s, s:i, s:i, s:o}", "wbp", c->regno, "wbp_id",
                                  (json_int_t)c->wbp_id, "name", c->name ? c->name : "", "program",
                                  (json_int_t)d->prog[x->prog].id, "program_name", d->prog[x->prog].name,
                                  "interest_rank", x->interest_rank, "priority_rank", x->priority_rank, "reason",
                                  jmsg(x->reason)));
        else
            json_array_append_new(wait, json_pack("{s:s, s:I, s:s, s:i, s:s, s:o}", "wbp", c->regno, "wbp_id",
                                                  (json_int_t)c->wbp_id, "name", c->name ? c->name : "", "rank",
                                                  x->wait_rank, "code", x->code, "reason", jmsg(x->reason)));
        if (x->change)
            json_array_append_new(
                changes, json_pack("{s:s, s:o, s:s, s:o, s:o}", "wbp", c->regno, "from_status", jstr(c->status),
                                   "to_status", x->prog >= 0 ? "ditempatkan" : "daftar_tunggu", "from_program",
                                   c->program_id ? json_integer(c->program_id) : json_null(), "to_program",
                                   x->prog >= 0 ? json_integer(d->prog[x->prog].id) : json_null()));
    }
    json_object_set_new(o, "placed", placed);
    json_object_set_new(o, "waitlist", wait);
    json_t *fixed = json_array(), *unassessed = json_array();
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        if (c->free) continue;
        if (c->enrolment_id)
            json_array_append_new(fixed, json_pack("{s:s, s:I, s:s, s:o, s:b, s:o}", "wbp", c->regno, "wbp_id",
                                                   (json_int_t)c->wbp_id, "status", c->status, "program",
                                                   c->program_id ? json_integer(c->program_id) : json_null(),
                                                   "overridden", c->overridden, "reason", jmsg(c->reason)));
        else if (!c->assessment_id)
            json_array_append_new(unassessed, json_pack("{s:s, s:I, s:s}", "wbp", c->regno, "wbp_id",
                                                        (json_int_t)c->wbp_id, "name", c->name ? c->name : ""));
    }
    json_object_set_new(o, "fixed", fixed);
    json_object_set_new(o, "unassessed", unassessed);
    json_t *progs = json_array(), *under = json_array();
    for (int i = 0; i < d->nprog; i++) {
        const ph_program_t *g = &d->prog[i];
        int total = p->filled[i] + g->seats_fixed;
        json_array_append_new(progs, json_pack("{s:I, s:s, s:s, s:o, s:i, s:i, s:i, s:i, s:i}", "id", (json_int_t)g->id,
                                               "name", g->name, "trade", g->trade_code, "start", jdate(g->start),
                                               "capacity", g->cap_max, "min", g->cap_min, "seats_fixed",
                                               g->seats_fixed, "placed", p->filled[i], "applicants",
                                               p->applicants[i]));
        if (total < g->cap_min)
            json_array_append_new(under, json_pack("{s:I, s:s, s:i, s:i}", "program", (json_int_t)g->id, "name",
                                                   g->name, "participants", total, "min", g->cap_min));
    }
    json_object_set_new(o, "programs", progs);
    json_object_set_new(o, "under_minimum", under);
    json_object_set_new(o, "changes", changes);
    json_object_set_new(o, "summary",
                        json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "candidates", d->ncand, "placed", p->nplaced,
                                  "waitlist", p->nwait, "fixed", p->nfixed, "unassessed", p->nunassessed, "changes",
                                  p->nchanges));
    json_object_set_new(o, "fingerprint", json_string(p->fingerprint));
    return o;
}

json_t *phase_candidates_json(const phase_data_t *d)
{
    json_t *o = json_object(), *items = json_array();
    json_object_set_new(o, "phase", phase_json(d));
    json_object_set_new(o, "at", jdate(d->at));
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        json_t *interests = json_array();
        for (int r = 1; r <= ASSESS_MAX_RANK; r++)
            for (int k = 0; k < c->nscores; k++) {
                int t = trade_index(d, c->scores[k].kejuruan_id);
                if (c->scores[k].rank == r && t >= 0) json_array_append_new(interests, json_string(d->trade[t].code));
            }
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "wbp_id",
                             (json_int_t)c->wbp_id, "wbp", c->regno ? c->regno : "", "name", c->name ? c->name : "",
                             "eligible", c->eligible, "eligible_from", jdate(c->eligible_from), "release",
                             jdate(c->release), "pool", c->pool, "assessment_id",
                             c->assessment_id ? json_integer(c->assessment_id) : json_null(), "assessed_on",
                             jstr(c->assessed_on), "interests", interests, "status", jstr(c->status), "program_id",
                             c->program_id ? json_integer(c->program_id) : json_null(), "wait_rank",
                             c->wait_rank ? json_integer(c->wait_rank) : json_null()));
    }
    json_object_set_new(o, "items", items);
    return o;
}

/* ---------------------------------------------------------------- enrolment writes */

static int add_event(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, int64_t enrolment_id,
                     const char *from, const char *to, int64_t program_id, const char *reason, bool overridden,
                     const char *withdraw)
{
    char now[32];
    now_iso(now);
    return db_run(db, e,
                  "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, reason, "
                  "overridden, user_id, withdraw_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "iitttttbtt", site_id, enrolment_id, now, from, to, program_id ? itoa_a(a, program_id) : NULL,
                  reason ? reason : "", (int)overridden, who->user_id ? itoa_a(a, who->user_id) : NULL, withdraw) < 0
               ? -1
               : 0;
}

/* What an enrolment should become. */
typedef struct {
    const char *status;
    int64_t program_id;
    int wait_rank; /* 0: none */
    const char *reason;
    bool overridden;
    bool event;               /* record an event (status or programme changed) */
    const char *event_reason; /* NULL: reason */
    const char *withdraw_reason; /* a withdrawal's code (core/withdraw.h), or NULL */
} enrol_to_t;

/* Creates or updates the enrolment of candidate c of d to t, audited; the event
 * when t->event. *id (may be NULL) gets the enrolment id. */
static int enrol_write(db_t *db, err_t *e, arena_t *a, const actor_t *who, const phase_data_t *d, const ph_cand_t *c,
                       const enrol_to_t *t, int64_t *id)
{
    char now[32];
    now_iso(now);
    const char *v[ENF_COUNT] = {itoa_a(a, c->wbp_id),
                                itoa_a(a, d->ph.agreement_id),
                                itoa_a(a, d->ph.phase),
                                t->program_id ? itoa_a(a, t->program_id) : NULL,
                                t->status,
                                t->wait_rank ? itoa_a(a, t->wait_rank) : NULL,
                                t->reason ? t->reason : "",
                                t->overridden ? "1" : "0",
                                arena_strdup(a, now),
                                t->withdraw_reason};
    int64_t eid = c->enrolment_id;
    const char *from = NULL;
    if (!eid) {
        eid = rec_insert(db, e, &enrolment_def, who, d->ph.site_id, v);
        if (eid < 0) return -1;
    } else {
        rec_t before;
        int rc = rec_load(db, e, a, &enrolment_def, 0, eid, &before);
        if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", "penempatan %lld tidak ditemukan", (long long)eid) : -1;
        from = before.v[ENF_STATUS];
        if (!t->event) v[ENF_STATUS_AT] = before.v[ENF_STATUS_AT];
        if (!t->withdraw_reason && str_eq(before.v[ENF_STATUS], t->status))
            v[ENF_WITHDRAW_REASON] = before.v[ENF_WITHDRAW_REASON];
        if (rec_update(db, e, &enrolment_def, who, &before, v) < 0) return -1;
    }
    if (id) *id = eid;
    if (!t->event && c->enrolment_id) return 0;
    return add_event(db, e, a, who, d->ph.site_id, eid, from, t->status, t->program_id,
                     t->event_reason ? t->event_reason : t->reason, t->overridden, t->withdraw_reason);
}

struct apply_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, phase_id;
    const char *today, *fp;
    ph_apply_t *res;
};

/* ---------------------------------------------------------------- phase state (issue 22) */

#define C(f, t) RM_COL(phase_state_t, t, f)
static const rm_col_t state_cols[] = {C(programs, RM_I32),    C(first_start, RM_TEXT), C(last_end, RM_TEXT),
                                      C(signed_date, RM_TEXT), C(reopened_at, RM_TEXT), C(reopen_reason, RM_TEXT)};
#undef C
static const rm_spec_t state_spec = RM_SPEC(phase_state_t, state_cols);

int phase_state_get(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, phase_state_t *out)
{
    int rc = rm_one(db_query(db, e,
                             "SELECT (SELECT count(*) FROM program p WHERE p.agreement_id = q.agreement_id AND "
                             "p.phase = q.phase AND p.status <> 'dibatalkan'), (SELECT min(p.start_date) FROM program p "
                             "WHERE p.agreement_id = q.agreement_id AND p.phase = q.phase AND p.status <> 'dibatalkan'), "
                             "(SELECT max(p.end_date) FROM program p WHERE p.agreement_id = q.agreement_id AND "
                             "p.phase = q.phase AND p.status <> 'dibatalkan'), ag.signed_date, q.reopened_at, "
                             "q.reopen_reason FROM agreement_quota q JOIN agreement ag ON ag.id = q.agreement_id "
                             "WHERE q.id = ?",
                             "i", ph->id),
                    e, a, &state_spec, out);
    if (rc < 0) return -1;
    out->ended = out->programs > 0 && out->last_end && strcmp(out->last_end, today) < 0;
    out->closed = out->ended && !out->reopened_at;
    return 0;
}

int phase_refuse_closed(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today)
{
    phase_state_t s;
    if (phase_state_get(db, e, a, ph, today, &s) < 0) return -1;
    if (s.closed)
        return err_set(e, 409, "phase_closed",
                       _("Tahap ini sudah ditutup: semua programnya berakhir (terakhir %s). Hasil penempatannya tetap; "
                         "admin dapat membuka kembali tahap ini dengan alasan."),
                       s.last_end);
    return 0;
}

int assess_check_phase(db_t *db, err_t *e, arena_t *a, const phase_t *ph, const char *today, const char *on)
{
    phase_state_t ps;
    if (phase_state_get(db, e, a, ph, today, &ps) < 0) return -1;
    if (ps.closed) return phase_refuse_closed(db, e, a, ph, today);
    if (on && ps.signed_date && strcmp(on, ps.signed_date) < 0)
        return err_set(e, 422, "invalid_date", _("Tanggal asesmen %s sebelum PKS ditandatangani (%s)"), on,
                       ps.signed_date);
    if (on && ps.last_end && strcmp(on, ps.last_end) > 0)
        return err_set(e, 422, "invalid_date", _("Tanggal asesmen %s sesudah program tahap ini berakhir (%s)"), on,
                       ps.last_end);
    if (on && strcmp(on, today) > 0) return err_set(e, 422, "invalid_date", _("Tanggal asesmen %s di masa depan"), on);
    return 0;
}

struct reopen_ctx {
    const actor_t *who;
    int64_t uid, phase_id;
    const char *reason;
    arena_t *a;
};

static int reopen_tx(db_t *db, void *vc, err_t *e)
{
    struct reopen_ctx *c = vc;
    phase_t ph;
    int rc = phase_load(db, e, c->a, c->uid, c->phase_id, &ph);
    if (rc <= 0)
        return rc == 0 ? err_set(e, 404, "not_found", _("tahap dengan id %lld tidak ditemukan"), (long long)c->phase_id)
                       : -1;
    char today[11], now[32];
    today_iso(today);
    now_iso(now);
    phase_state_t s;
    if (phase_state_get(db, e, c->a, &ph, today, &s) < 0) return -1;
    if (!s.closed) return err_set(e, 409, "phase_open", _("Tahap ini tidak sedang ditutup"));
    if (db_run(db, e, "UPDATE agreement_quota SET reopened_at = ?, reopened_by = NULLIF(CAST(? AS BIGINT), 0), "
                      "reopen_reason = ?, updated_at = ? WHERE id = ?",
               "titti", now, c->who->user_id, c->reason, now, c->phase_id) < 0)
        return -1;
    json_t *j = json_pack("{s:s, s:s}", "reopened_at", now, "reopen_reason", c->reason);
    return audit_write(db, e,
                       &(audit_write_t){c->who, ph.site_id, "reopen", "phase", c->phase_id, .after = j,
                                        .before_text = "{\"closed\":true}", .after_text = "{}"});
}

int phase_reopen(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id, const char *reason)
{
    if (!reason || !*reason) return err_set(e, 400, "field_required", _("Alasan membuka kembali wajib diisi"));
    struct reopen_ctx c = {who, uid, phase_id, reason, a};
    return db_tx(db, reopen_tx, &c, e);
}

static int do_apply(db_t *db, void *vc, err_t *e)
{
    struct apply_ctx *x = vc;
    memset(x->res, 0, sizeof *x->res);
    phase_t ph;
    phase_data_t d;
    ph_plan_t p;
    int rc = phase_load(db, e, x->a, x->uid, x->phase_id, &ph);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("tahap dengan id %lld tidak ditemukan"),
                                          (long long)x->phase_id)
                                : -1;
    if (phase_data_load(db, e, x->a, &ph, x->today, &d) < 0 || phase_plan(x->a, &d, &p, e) < 0) return -1;
    if (x->fp && *x->fp && !str_eq(x->fp, p.fingerprint))
        return err_set(e, 409, "proposal_changed",
                       _("Usulan penempatan sudah berubah sejak ditampilkan (data asesmen, kelayakan atau penempatan "
                         "berubah); tinjau usulan yang baru lalu konfirmasi lagi"));
    for (int i = 0; i < p.nout; i++) {
        const ph_outcome_t *o = &p.out[i];
        if (!o->update) continue;
        const ph_cand_t *c = &d.cand[o->cand];
        const char *to = o->prog >= 0 ? "ditempatkan" : "daftar_tunggu";
        if (o->change && c->enrolment_id && !str_eq(c->status, to)) {
            int from = enrol_status_parse(c->status), want = enrol_status_parse(to);
            if (from < 0 || enrol_transition((enrol_status_t)from, (enrol_status_t)want, o->reason, e) < 0) return -1;
        }
        enrol_to_t t = {to, o->prog >= 0 ? d.prog[o->prog].id : 0, o->wait_rank, o->reason, false, o->change, NULL};
        if (enrol_write(db, e, x->a, x->who, &d, c, &t, NULL) < 0) return -1;
        if (!c->enrolment_id) x->res->created++;
        else if (o->change) x->res->changed++;
        else x->res->updated++;
    }
    return 0;
}

int phase_apply(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id, const char *today,
                const char *fp, ph_apply_t *res)
{
    struct apply_ctx x = {a, who, uid, phase_id, today, fp, res};
    return db_tx(db, do_apply, &x, e);
}

/* ---------------------------------------------------------------- status changes */

/* The enrolment id visible to uid, its phase and the phase's data. */
static int load_for_change(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, const char *today, rec_t *rec,
                           phase_data_t *d, int *ci)
{
    int rc = rec_load(db, e, a, &enrolment_def, uid, id, rec);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("penempatan dengan id %lld tidak ditemukan"),
                                          (long long)id)
                                : -1;
    phase_t ph;
    char spec[64];
    snprintf(spec, sizeof spec, "%s:%s", rec->v[ENF_AGREEMENT_ID], rec->v[ENF_PHASE]);
    rc = phase_find(db, e, a, 0, spec, &ph);
    if (rc <= 0) return rc == 0 ? err_set(e, 409, "no_phase", _("tahap penempatan ini tidak ada lagi di PKS")) : -1;
    if (phase_data_load(db, e, a, &ph, today, d) < 0) return -1;
    *ci = phase_cand_index(d, num(rec->v[ENF_WBP_ID]));
    if (*ci < 0) return err_set(e, 500, "inconsistent", "penempatan %lld tanpa calon", (long long)id);
    return 0;
}

/* Seats taken at programme index p (enrolments other than except_id). */
static int seats_taken(const phase_data_t *d, int p, int64_t except_id)
{
    int n = 0;
    for (int i = 0; i < d->ncand; i++) {
        const ph_cand_t *c = &d->cand[i];
        if (c->enrolment_id == except_id || c->program_id != d->prog[p].id) continue;
        if (str_eq(c->status, "ditempatkan") || str_eq(c->status, "terdaftar") || str_eq(c->status, "selesai") ||
            str_eq(c->status, "tidak_lulus"))
            n++;
    }
    return n;
}

/* Gives the waiting list new ranks 1..n in their present order. */
static int renumber_waitlist(db_t *db, err_t *e, arena_t *a, const actor_t *who, const phase_data_t *d)
{
    int n = 0;
    int *idx = arena_alloc(a, sizeof(int) * (size_t)(d->ncand + 1));
    for (int i = 0; i < d->ncand; i++)
        if (str_eq(d->cand[i].status, "daftar_tunggu")) idx[n++] = i;
    /* by rank (none last), then enrolment id: insertion sort */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            const ph_cand_t *x = &d->cand[idx[j - 1]], *y = &d->cand[idx[j]];
            int rx = x->wait_rank ? x->wait_rank : 1 << 30, ry = y->wait_rank ? y->wait_rank : 1 << 30;
            if (rx < ry || (rx == ry && x->enrolment_id < y->enrolment_id)) break;
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    for (int k = 0; k < n; k++) {
        const ph_cand_t *c = &d->cand[idx[k]];
        if (c->wait_rank == k + 1) continue;
        enrol_to_t t = {"daftar_tunggu", c->program_id, k + 1, c->reason, c->overridden, false, NULL};
        if (enrol_write(db, e, a, who, d, c, &t, NULL) < 0) return -1;
    }
    return 0;
}

/* The best candidate on the waiting list for a seat at programme index p: free,
 * waitlisted, named the programme's trade, acceptable; the highest priority there. */
static int best_waiting(arena_t *a, const phase_data_t *d, int p, int *interest_rank)
{
    pl_build_t b;
    build_input(a, d, &b);
    const char *key = b.prog[p].trade;
    int best = -1;
    for (size_t c = 0; c < b.in.n_cand; c++) {
        const ph_cand_t *cd = &d->cand[b.cand_of[c]];
        if (!str_eq(cd->status, "daftar_tunggu")) continue;
        int rank = 0;
        for (size_t k = 0; k < b.cand[c].n_interests && !rank; k++)
            if (str_eq(b.cand[c].interests[k], key)) rank = (int)k + 1;
        if (!rank || pl_acceptable(&b.in, &d->rules, c, (size_t)p) != PL_OK) continue;
        if (best < 0 || pl_priority_cmp(&b.in, &d->rules, (size_t)p, c, (size_t)best) < 0) {
            best = (int)c;
            *interest_rank = rank;
        }
    }
    return best < 0 ? -1 : b.cand_of[best];
}

struct change_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, id, program_id;
    const char *to, *reason, *today;
    ph_promotion_t *promoted;
    bool override;
    const char *code; /* a withdrawal's coded reason (NULL: "lainnya") */
};

static int do_change(db_t *db, void *vc, err_t *e)
{
    struct change_ctx *x = vc;
    rec_t rec;
    phase_data_t d;
    int ci = 0;
    if (x->promoted) memset(x->promoted, 0, sizeof *x->promoted);
    if (load_for_change(db, e, x->a, x->uid, x->id, x->today, &rec, &d, &ci) < 0) return -1;
    ph_cand_t *c = &d.cand[ci];
    int from = enrol_status_parse(rec.v[ENF_STATUS]);
    if (from < 0) return err_set(e, 500, "inconsistent", "status penempatan tidak dikenal");
    const char *reason = x->reason && *x->reason ? x->reason : NULL;

    if (x->override) {
        const char *to = x->program_id ? "ditempatkan" : "daftar_tunggu";
        int p = -1;
        if (x->program_id) {
            p = phase_prog_index(&d, x->program_id);
            if (p < 0)
                return err_set(e, 422, "bad_program", _("program %lld bukan program tahap %d PKS ini"),
                               (long long)x->program_id, d.ph.phase);
        }
        if (from == ENROL_DITEMPATKAN && p >= 0 && c->program_id == x->program_id)
            return err_set(e, 409, "illegal_transition", _("WBP ini sudah ditempatkan di program \"%s\""),
                           d.prog[p].name);
        if (!(from == ENROL_DITEMPATKAN && p >= 0) &&
            enrol_transition((enrol_status_t)from, (enrol_status_t)enrol_status_parse(to), reason, e) < 0)
            return -1;
        if (!reason) return err_set(e, 400, "reason_required", _("perubahan manual memerlukan alasan"));
        int wait = 0;
        if (p >= 0) {
            int taken = seats_taken(&d, p, c->enrolment_id);
            if (taken >= d.prog[p].cap_max)
                return err_set(e, 409, "program_full",
                               _("Program \"%s\" sudah penuh (%d dari %d kursi terisi); pindahkan dulu peserta lain"),
                               d.prog[p].name, taken, d.prog[p].cap_max);
            if (d.prog[p].requires_asimilasi &&
                (c->eligible_from == DATE_NONE || d.prog[p].start == DATE_NONE || c->eligible_from > d.prog[p].start)) {
                char s[DATE_LONG_LEN];
                date_format_long_ui(d.prog[p].start, s);
                return err_set(e, 409, "not_eligible",
                               _("%s belum memenuhi syarat asimilasi pada tanggal mulai program \"%s\" (%s); program "
                                 "ini mensyaratkannya"),
                               c->regno, d.prog[p].name, s);
            }
        } else {
            for (int i = 0; i < d.ncand; i++)
                if (str_eq(d.cand[i].status, "daftar_tunggu") && d.cand[i].wait_rank > wait) wait = d.cand[i].wait_rank;
            wait++;
        }
        enrol_to_t t = {to, p >= 0 ? x->program_id : 0, wait,
                        arena_printf(x->a, _("Diubah manual oleh %s: %s"), x->who->name, reason), true, true, reason};
        if (enrol_write(db, e, x->a, x->who, &d, c, &t, NULL) < 0) return -1;
        c->status = to, c->wait_rank = wait, c->program_id = t.program_id;
        return renumber_waitlist(db, e, x->a, x->who, &d);
    }

    int to = enrol_status_parse(x->to ? x->to : "");
    if (to < 0)
        return err_set(e, 400, "bad_status", _("status \"%s\" tidak dikenal"), x->to ? x->to : "");
    if ((to == ENROL_DITEMPATKAN || to == ENROL_DAFTAR_TUNGGU) && enrol_can((enrol_status_t)from, (enrol_status_t)to))
        return err_set(e, 400, "use_override",
                       _("penempatan ke program atau ke daftar tunggu dilakukan lewat perubahan manual (pilih program "
                         "atau daftar tunggu, dengan alasan)"));
    if (enrol_transition((enrol_status_t)from, (enrol_status_t)to, reason, e) < 0) return -1;
    const char *code = NULL;
    if (to == ENROL_MUNDUR) {
        /* the coded reason (rule data in force today; none given: "lainnya" with the reason as its note) */
        date_t td = DATE_NONE;
        date_parse(x->today, &td);
        json_t *j = rulefile_in_force(RULES_KIND_WITHDRAW, td, NULL);
        if (!j) return err_set(e, 500, "no_ruleset", "%s", _("Tidak ada aturan alasan mundur yang berlaku pada tanggal itu"));
        withdraw_rules_t wr;
        int rc = withdraw_rules_from_json(j, &wr, e);
        json_decref(j);
        if (rc < 0) return -1;
        code = x->code && *x->code ? x->code : WITHDRAW_OTHER;
        field_errs_t fe = {0};
        withdraw_check(&wr, code, reason, &fe);
        if (fe.n)
            return err_set(e, 422, str_eq(fe.e[0].field, "reason") ? "withdraw_note" : "withdraw_reason", "%s", fe.e[0].msg);
        code = withdraw_reason(&wr, code)->code;
        code = arena_strdup(x->a, code);
    }
    int64_t freed = (from == ENROL_DITEMPATKAN || from == ENROL_TERDAFTAR) && to == ENROL_MUNDUR ? c->program_id : 0;
    enrol_to_t t = {enrol_status_code((enrol_status_t)to), c->program_id, 0, reason, c->overridden, true, NULL, code};
    if (enrol_write(db, e, x->a, x->who, &d, c, &t, NULL) < 0) return -1;
    c->status = t.status, c->wait_rank = 0, c->free = false;
    if (!freed) return from == ENROL_DAFTAR_TUNGGU ? renumber_waitlist(db, e, x->a, x->who, &d) : 0;

    /* the freed seat goes to the waiting list */
    int p = phase_prog_index(&d, freed);
    if (p < 0 || seats_taken(&d, p, c->enrolment_id) >= d.prog[p].cap_max || !d.has_rules)
        return renumber_waitlist(db, e, x->a, x->who, &d);
    int rank = 0, best = best_waiting(x->a, &d, p, &rank);
    if (best >= 0) {
        ph_cand_t *b = &d.cand[best];
        const char *why =
            arena_printf(x->a,
                         _("Naik dari daftar tunggu ke %s menggantikan %s yang mundur: pilihan ke-%d, prioritas "
                           "tertinggi di program ini di antara daftar tunggu yang memenuhi syarat."),
                         d.prog[p].key, c->regno, rank);
        enrol_to_t bt = {"ditempatkan", freed, 0, why, false, true, NULL};
        int64_t bid;
        if (enrol_transition(ENROL_DAFTAR_TUNGGU, ENROL_DITEMPATKAN, why, e) < 0 ||
            enrol_write(db, e, x->a, x->who, &d, b, &bt, &bid) < 0)
            return -1;
        b->status = "ditempatkan", b->wait_rank = 0, b->program_id = freed;
        if (x->promoted)
            *x->promoted = (ph_promotion_t){bid, b->wbp_id, freed, b->regno, d.prog[p].name};
    }
    return renumber_waitlist(db, e, x->a, x->who, &d);
}

int enrol_change_status(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *to,
                        const char *reason, const char *code, const char *today, ph_promotion_t *promoted)
{
    struct change_ctx x = {a, who, uid, id, 0, to, reason, today, promoted, false, code};
    return db_tx(db, do_change, &x, e);
}

int enrol_override(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, int64_t program_id,
                   const char *reason, const char *today)
{
    struct change_ctx x = {a, who, uid, id, program_id, NULL, reason, today, NULL, true, NULL};
    return db_tx(db, do_change, &x, e);
}

#define C(f, t) RM_COL(enrol_event_t, t, f)
static const rm_col_t event_cols[] = {C(at, RM_TEXT),        C(from_status, RM_TEXT), C(to_status, RM_TEXT),
                                      C(reason, RM_TEXT),    C(user_name, RM_TEXT),   C(program_name, RM_TEXT),
                                      C(program_id, RM_INT), C(overridden, RM_BOOL)};
#undef C
static const rm_spec_t event_spec = RM_SPEC(enrol_event_t, event_cols);

RM_LIST_BY_ID(enrol_events, enrol_event_t, event_spec,
              "SELECT v.at, v.from_status, v.to_status, v.reason, COALESCE(u.full_name, u.name, 'cli'), "
              "p.name, v.program_id, v.overridden FROM enrolment_event v "
              "LEFT JOIN app_user u ON u.id = v.user_id LEFT JOIN program p ON p.id = v.program_id "
              "WHERE v.enrolment_id = ? ORDER BY v.id")

/* ---------------------------------------------------------------- assessments */

void assess_in_init(arena_t *a, const phase_data_t *d, assess_in_t *in)
{
    in->v = arena_alloc(a, sizeof(char *) * ASF_COUNT);
    memset(in->v, 0, sizeof(char *) * ASF_COUNT);
    in->v[ASF_AGREEMENT_ID] = itoa_a(a, d->ph.agreement_id);
    in->v[ASF_PHASE] = itoa_a(a, d->ph.phase);
    in->ntrades = d->ntrade;
    in->trades = arena_alloc(a, sizeof(assess_trade_row_t) * (size_t)(d->ntrade + 1));
    for (int t = 0; t < d->ntrade; t++) {
        in->trades[t].code = d->trade[t].code;
        in->trades[t].v = arena_alloc(a, sizeof(char *) * ATF_COUNT);
        memset(in->trades[t].v, 0, sizeof(char *) * ATF_COUNT);
        in->trades[t].v[ATF_KEJURUAN_ID] = itoa_a(a, d->trade[t].id);
    }
}

void assess_in_from_cand(arena_t *a, const phase_data_t *d, int ci, assess_in_t *in)
{
    assess_in_init(a, d, in);
    const ph_cand_t *c = &d->cand[ci];
    in->v[ASF_WBP_ID] = itoa_a(a, c->wbp_id);
    in->v[ASF_ASSESSED_ON] = c->assessed_on;
    in->v[ASF_ASSESSOR] = c->assessor;
    in->v[ASF_LITERACY] = c->literacy;
    in->v[ASF_NUMERACY] = c->numeracy;
    in->v[ASF_RISK] = c->risk;
    in->v[ASF_EXPERIENCE] = c->experience;
    in->v[ASF_NOTES] = c->notes;
    for (int k = 0; k < c->nscores; k++) {
        int t = trade_index(d, c->scores[k].kejuruan_id);
        if (t < 0) continue;
        const char **v = in->trades[t].v;
        if (c->scores[k].rank >= 0) v[ATF_INTEREST_RANK] = itoa_a(a, c->scores[k].rank);
        if (c->scores[k].aptitude >= 0) v[ATF_APTITUDE] = itoa_a(a, c->scores[k].aptitude);
        if (c->scores[k].fit >= 0) v[ATF_FIT] = c->scores[k].fit ? "1" : "0";
    }
}

void assess_check(db_t *db, err_t *e, arena_t *a, int64_t uid, const phase_data_t *d, assess_in_t *in,
                  const char *today, field_errs_t *fe)
{
    in->v[ASF_AGREEMENT_ID] = itoa_a(a, d->ph.agreement_id);
    in->v[ASF_PHASE] = itoa_a(a, d->ph.phase);
    rec_finish(&assessment_def, in->v, fe);
    assess_validate(in->v, today, fe);
    assess_trades_validate(a, in->trades, in->ntrades, true, fe);
    if (!in->v[ASF_WBP_ID] || field_errs_for(fe, "wbp_id")) return;
    int64_t wid = num(in->v[ASF_WBP_ID]);
    if (phase_cand_index(d, wid) >= 0) return;
    db_stmt_t *st = db_query(db, e, "SELECT status, regno FROM wbp WHERE id = ? AND site_id = ?", "ii", wid,
                             d->ph.site_id);
    if (!st) {
        field_err(fe, "wbp_id", "%s", e->msg);
        return;
    }
    int rc = db_step(st, e);
    const char *status = rc == 1 ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    if (rc == 1) while (db_step(st, e) == 1) {}
    db_finalize(st);
    /* an inmate outside the user's scope (a wali's caseload, issue 21) is, to them, an
     * inmate that does not exist: not assessed, and nothing of it shown */
    bool visible = true;
    if (status && scope_visible(db, e, uid, &wid, 1, &visible) < 0) {
        field_err(fe, "wbp_id", "%s", e->msg);
        return;
    }
    if (!status || !visible) field_err(fe, "wbp_id", _("WBP dengan id %lld tidak ada di %s"), (long long)wid, d->ph.site_name);
    else if (!str_eq(status, "ditahan"))
        field_err(fe, "wbp_id", _("WBP ini tidak berada di dalam Lapas (status %s)"), status);
}

static bool same_values(const record_def_t *def, const char **x, const char **y)
{
    for (int i = 0; i < def->nfields; i++)
        if (!(str_eq(x[i], y[i]) || (!x[i] && !y[i]))) return false;
    return true;
}

int assess_save(db_t *db, err_t *e, arena_t *a, const actor_t *who, const phase_data_t *d, const assess_in_t *in,
                int64_t *id, int *result)
{
    *result = 0;
    int64_t wid = num(in->v[ASF_WBP_ID]);
    int64_t aid = db_one_int(db, e, "SELECT id FROM assessment WHERE wbp_id = ? AND agreement_id = ? AND phase = ?",
                             "iii", wid, d->ph.agreement_id, (int64_t)d->ph.phase);
    if (aid < 0) return -1;
    if (!aid) {
        if ((aid = rec_insert(db, e, &assessment_def, who, d->ph.site_id, in->v)) < 0) return -1;
        *result = 1;
    } else {
        rec_t before;
        int rc = rec_load(db, e, a, &assessment_def, 0, aid, &before);
        if (rc <= 0) return rc == 0 ? err_set(e, 409, "conflict", "asesmen %lld hilang", (long long)aid) : -1;
        if (!same_values(&assessment_def, before.v, in->v)) {
            if (rec_update(db, e, &assessment_def, who, &before, in->v) < 0) return -1;
            *result = 2;
        }
    }
    *id = aid;
    rec_t *have;
    int nh;
    if (rec_list_children(db, e, a, &assessment_trade_def, 0, aid, "kejuruan_id", &have, &nh) < 0) return -1;
    for (int t = 0; t < in->ntrades; t++) {
        const char **v = in->trades[t].v;
        bool empty = !v[ATF_INTEREST_RANK] && !v[ATF_APTITUDE] && !v[ATF_FIT];
        const rec_t *old = NULL;
        for (int k = 0; k < nh && !old; k++)
            if (str_eq(have[k].v[ATF_KEJURUAN_ID], v[ATF_KEJURUAN_ID])) old = &have[k];
        if (empty && old) {
            if (rec_delete(db, e, &assessment_trade_def, who, old) < 0) return -1;
        } else if (!empty && !old) {
            if (rec_insert_child(db, e, &assessment_trade_def, who, d->ph.site_id, aid, v) < 0) return -1;
        } else if (!empty && !same_values(&assessment_trade_def, old->v, v)) {
            if (rec_update(db, e, &assessment_trade_def, who, old, v) < 0) return -1;
        } else
            continue;
        if (!*result) *result = 2;
    }
    /* the WBP becomes a candidate of the phase */
    int ci = phase_cand_index(d, wid);
    if (ci >= 0 && d->cand[ci].enrolment_id) return 0;
    int64_t have_en = db_one_int(db, e, "SELECT count(*) FROM enrolment WHERE wbp_id = ? AND agreement_id = ? AND phase = ?",
                                 "iii", wid, d->ph.agreement_id, (int64_t)d->ph.phase);
    if (have_en != 0) return have_en < 0 ? -1 : 0;
    ph_cand_t c = {.wbp_id = wid};
    enrol_to_t t = {"kandidat", 0, 0, _("Asesmen awal dicatat; menunggu penempatan"), false, true, NULL};
    return enrol_write(db, e, a, who, d, &c, &t, NULL);
}

/* ---------------------------------------------------------------- CSV import */


enum { COL_SKIP = -100, COL_REGNO = -1, COL_SITE = -2, COL_INTERESTS = -3 };
/* Column kinds beyond the assessment fields: trade columns are 1000*kind + trade. */
enum { TC_INTEREST = 1, TC_APTITUDE = 2, TC_FIT = 3 };

struct import_ctx {
    arena_t *a;
    const actor_t *who;
    phase_data_t *d;
    assess_in_t *rows;
    long n;
    bool dry;
    wbp_import_result_t *res;
};

static int import_rows(db_t *db, void *vc, err_t *e)
{
    struct import_ctx *c = vc;
    c->res->created = c->res->updated = c->res->unchanged = 0;
    for (long i = 0; i < c->n; i++) {
        int64_t id;
        int result;
        if (assess_save(db, e, c->a, c->who, c->d, &c->rows[i], &id, &result) < 0) return -1;
        if (result == 1) c->res->created++;
        else if (result == 2) c->res->updated++;
        else c->res->unchanged++;
    }
    if (c->dry) return err_set(e, 200, "dry_run", "uji coba: dibatalkan");
    return 0;
}

int phase_data_scope(db_t *db, err_t *e, arena_t *a, int64_t uid, phase_data_t *d)
{
    int restricted = scope_user_restricted(db, e, uid);
    if (restricted <= 0 || d->ncand == 0) return restricted < 0 ? -1 : 0;
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)d->ncand);
    bool *keep = arena_alloc(a, sizeof(bool) * (size_t)d->ncand);
    for (int i = 0; i < d->ncand; i++) ids[i] = d->cand[i].wbp_id;
    if (scope_visible(db, e, uid, ids, d->ncand, keep) < 0) return -1;
    int n = 0;
    for (int i = 0; i < d->ncand; i++)
        if (keep[i]) d->cand[n++] = d->cand[i];
    d->ncand = n;
    return 0;
}

int assess_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t phase_id,
                      const char *data, size_t len, bool dry_run, wbp_import_result_t *res)
{
    memset(res, 0, sizeof *res);
    phase_t ph;
    int rc = phase_load(db, e, a, uid, phase_id, &ph);
    if (rc <= 0) return rc == 0 ? err_set(e, 404, "not_found", _("tahap dengan id %lld tidak ditemukan"),
                                          (long long)phase_id)
                                : -1;
    char today[11];
    today_iso(today);
    phase_data_t *d = arena_alloc(a, sizeof *d);
    /* a wali imports assessments for the caseload only: others are not candidates to them */
    if (phase_data_load(db, e, a, &ph, today, d) < 0 || phase_data_scope(db, e, a, uid, d) < 0) return -1;
    csv_reader_t *r = csv_open(data, len, NULL);
    csv_record_t rec;
    rc = csv_next(r, &rec);
    if (rc <= 0) {
        wbp_import_error(a, res, 0, NULL, rc < 0 ? csv_error(r) : _("berkas kosong: baris judul tidak ada"));
        csv_close(r);
        return err_set(e, 422, "import_invalid", _("berkas tidak sah"));
    }
    int ncol = rec.n, *map = arena_alloc(a, sizeof(int) * (size_t)ncol);
    const char **hdr = arena_alloc(a, sizeof(char *) * (size_t)ncol);
    bool have_regno = false, have_on = false, have_by = false;
    for (int j = 0; j < ncol; j++) {
        hdr[j] = arena_strdup(a, rec.f[j]);
        const char *h = hdr[j];
        map[j] = COL_SKIP;
        int f = rec_field_index(&assessment_def, h);
        if (!strcasecmp(h, "regno")) map[j] = COL_REGNO, have_regno = true;
        else if (!strcasecmp(h, "site")) map[j] = COL_SITE;
        else if (!strcasecmp(h, "interests")) map[j] = COL_INTERESTS;
        else if (f >= 0 && f != ASF_WBP_ID && f != ASF_AGREEMENT_ID && f != ASF_PHASE) {
            map[j] = f;
            have_on |= f == ASF_ASSESSED_ON;
            have_by |= f == ASF_ASSESSOR;
        } else {
            static const char *const pre[] = {NULL, "interest_", "aptitude_", "fit_"};
            for (int k = TC_INTEREST; k <= TC_FIT && map[j] == COL_SKIP; k++) {
                size_t pl = strlen(pre[k]);
                if (strncasecmp(h, pre[k], pl) != 0) continue;
                for (int t = 0; t < d->ntrade; t++)
                    if (!strcasecmp(h + pl, d->trade[t].code)) map[j] = 1000 * k + t;
                if (map[j] == COL_SKIP)
                    wbp_import_error(a, res, 1, h,
                            arena_printf(a, _("kejuruan \"%s\" tidak dibuka pada tahap ini"), h + pl));
            }
            if (map[j] == COL_SKIP && !(strncasecmp(h, "interest_", 9) == 0 || strncasecmp(h, "aptitude_", 9) == 0 ||
                                        strncasecmp(h, "fit_", 4) == 0))
                wbp_import_error(a, res, 1, h, _("kolom tidak dikenal"));
        }
        for (int k = 0; k < j; k++)
            if (!strcasecmp(hdr[k], h)) wbp_import_error(a, res, 1, h, _("kolom tertulis dua kali"));
    }
    if (!have_regno) wbp_import_error(a, res, 1, "regno", _("kolom regno (nomor registrasi WBP) wajib ada"));
    if (!have_on) wbp_import_error(a, res, 1, "assessed_on", _("kolom assessed_on (tanggal asesmen) wajib ada"));
    if (!have_by) wbp_import_error(a, res, 1, "assessor", _("kolom assessor (asesor) wajib ada"));
    long cap = 64, n = 0;
    assess_in_t *rows = arena_alloc(a, sizeof *rows * (size_t)cap);
    long *lines = arena_alloc(a, sizeof(long) * (size_t)cap);
    const char **codes = arena_alloc(a, sizeof(char *) * ASSESS_MAX_RANK);
    while (res->nerrors < WBP_IMPORT_MAX_ERRORS) {
        rc = csv_next(r, &rec);
        if (rc <= 0) break;
        res->rows++;
        if (n == cap) {
            assess_in_t *nr = arena_alloc(a, sizeof *nr * (size_t)cap * 2);
            long *nl = arena_alloc(a, sizeof(long) * (size_t)cap * 2);
            memcpy(nr, rows, sizeof *nr * (size_t)cap);
            memcpy(nl, lines, sizeof(long) * (size_t)cap);
            rows = nr, lines = nl, cap *= 2;
        }
        assess_in_t *in = &rows[n];
        assess_in_init(a, d, in);
        field_errs_t fe = {0};
        long before = res->nerrors;
        bool by_list = false, by_cols = false;
        const char *regno = NULL;
        bool regno_bad = false;
        for (int j = 0; j < ncol && j < rec.n; j++) {
            char *cell = arena_strdup(a, rec.f[j]);
            csv_unguard(cell);
            int m = map[j];
            if (m == COL_SKIP || m == COL_SITE) {
                if (m == COL_SITE && *cell && strcasecmp(cell, d->ph.site_code) != 0)
                    wbp_import_error(a, res, rec.line, "site",
                            arena_printf(a, _("baris ini untuk lokasi %s, tetapi tahap ini milik %s"), cell,
                                         d->ph.site_code));
            } else if (m == COL_REGNO) {
                regno = cell;
            } else if (m == COL_INTERESTS) {
                int k = assess_split_interests(a, cell, codes, ASSESS_MAX_RANK);
                if (k < 0) {
                    wbp_import_error(a, res, rec.line, "interests", _("terlalu banyak kejuruan"));
                    continue;
                }
                by_list = k > 0;
                for (int q = 0; q < k; q++) {
                    int t = -1;
                    for (int x = 0; x < d->ntrade; x++)
                        if (!strcasecmp(codes[q], d->trade[x].code)) t = x;
                    if (t < 0) {
                        wbp_import_error(a, res, rec.line, "interests",
                                arena_printf(a, _("kejuruan \"%s\" tidak dibuka pada tahap ini (yang ada: %s)"),
                                             codes[q], d->ntrade ? d->trade[0].code : "-"));
                        continue;
                    }
                    if (in->trades[t].v[ATF_INTEREST_RANK]) {
                        wbp_import_error(a, res, rec.line, "interests",
                                arena_printf(a, _("kejuruan \"%s\" disebut dua kali"), codes[q]));
                        continue;
                    }
                    in->trades[t].v[ATF_INTEREST_RANK] = itoa_a(a, q + 1);
                }
            } else if (m >= 1000) {
                int kind = m / 1000, t = m % 1000;
                int field = kind == TC_INTEREST ? ATF_INTEREST_RANK : kind == TC_APTITUDE ? ATF_APTITUDE : ATF_FIT;
                if (kind == TC_INTEREST && *cell) by_cols = true;
                field_errs_t one = {0};
                if (!assess_trade_set(a, &in->trades[t], field, cell, &one)) wbp_import_error(a, res, rec.line, hdr[j], one.e[0].msg);
            } else {
                rec_set(a, &assessment_def, in->v, m, cell, &fe);
            }
        }
        if (by_list && by_cols)
            wbp_import_error(a, res, rec.line, "interests", _("isi minat lewat kolom interests atau kolom interest_KODE, jangan keduanya"));
        regno_bad = true;
        if (!regno || !*regno) wbp_import_error(a, res, rec.line, "regno", _("nomor registrasi wajib diisi"));
        else {
            int64_t wid = db_one_int(db, e, "SELECT id FROM wbp WHERE site_id = ? AND regno = ?", "it", d->ph.site_id,
                                     regno);
            if (wid < 0) {
                csv_close(r);
                return -1;
            }
            if (!wid)
                wbp_import_error(a, res, rec.line, "regno",
                        arena_printf(a, _("WBP \"%.40s\" tidak ada di %s"), regno, d->ph.site_name));
            else {
                regno_bad = false;
                in->v[ASF_WBP_ID] = itoa_a(a, wid);
                for (long k = 0; k < n; k++)
                    if (str_eq(rows[k].v[ASF_WBP_ID], in->v[ASF_WBP_ID]))
                        wbp_import_error(a, res, rec.line, "regno",
                                arena_printf(a, _("WBP \"%.40s\" sudah ada di baris %ld"), regno, lines[k]));
            }
        }
        assess_check(db, e, a, uid, d, in, today, &fe);
        for (int k = 0; k < fe.n; k++) {
            const char *col = fe.e[k].field;
            if (regno_bad && str_eq(col, "wbp_id")) continue;
            if (str_startswith(col, "interest_rank_")) col = by_list ? "interests" : arena_printf(a, "interest_%s", col + 14);
            else if (str_eq(col, "wbp_id")) col = "regno";
            wbp_import_error(a, res, rec.line, col, fe.e[k].msg);
        }
        lines[n] = rec.line;
        if (res->nerrors == before) n++;
    }
    if (rc < 0) wbp_import_error(a, res, csv_error_line(r), NULL, csv_error(r));
    csv_close(r);
    if (res->nerrors)
        return err_set(e, 422, "import_invalid", _("%ld kesalahan; tidak ada yang disimpan"), res->nerrors);
    struct import_ctx c = {a, who, d, rows, n, dry_run, res};
    if (db_tx(db, import_rows, &c, e) < 0) {
        if (!(dry_run && str_eq(e->code, "dry_run"))) return -1;
        err_clear(e);
    }
    return 0;
}

/* ---------------------------------------------------------------- overview and inmate pages */

void phase_tally(db_t *db, err_t *e, int64_t agreement_id, int64_t phase, ph_tally_t *out)
{
    out->assessed = db_one_int(db, e, "SELECT count(*) FROM assessment WHERE agreement_id = ? AND phase = ?", "ii",
                               agreement_id, phase);
    out->placed = db_one_int(db, e,
                             "SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = ? AND status IN "
                             "('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus')",
                             "ii", agreement_id, phase);
    out->waiting = db_one_int(db, e,
                              "SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = ? AND status = "
                              "'daftar_tunggu'",
                              "ii", agreement_id, phase);
}

#define C(f, t) RM_COL(ph_wbp_assessment_t, t, f)
static const rm_col_t wbp_assessment_cols[] = {C(id, RM_INT), C(agreement_number, RM_TEXT), C(phase, RM_I32),
                                               C(assessed_on, RM_TEXT), C(risk, RM_TEXT)};
#undef C
static const rm_spec_t wbp_assessment_spec = RM_SPEC(ph_wbp_assessment_t, wbp_assessment_cols);

RM_LIST_BY_ID(phase_wbp_assessments, ph_wbp_assessment_t, wbp_assessment_spec,
              "SELECT x.id, a.number_site, x.phase, x.assessed_on, x.risk FROM assessment x "
              "JOIN agreement a ON a.id = x.agreement_id WHERE x.wbp_id = ? ORDER BY x.id")

#define C(f, t) RM_COL(assess_interest_t, t, f)
static const rm_col_t interest_cols[] = {C(wbp, RM_INT), C(as, RM_INT), C(code, RM_TEXT), C(name, RM_TEXT), C(rank, RM_I32)};
#undef C
static const rm_spec_t interest_spec = RM_SPEC(assess_interest_t, interest_cols);

int assess_interests(db_t *db, err_t *e, arena_t *a, int64_t uid, assess_interest_t **out, int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT x.wbp_id, x.id, k.code, k.name, t.interest_rank FROM assessment_trade t "
                            "JOIN assessment x ON x.id = t.assessment_id JOIN kejuruan k ON k.id = t.kejuruan_id "
                            "WHERE t.interest_rank IS NOT NULL AND (? = 0 OR x.site_id IN (SELECT site_id FROM "
                            "user_site WHERE user_id = ?)) ORDER BY x.wbp_id, x.assessed_on, x.id",
                            "ii", uid, uid),
                   e, a, &interest_spec, n);
    return *out ? 0 : -1;
}
