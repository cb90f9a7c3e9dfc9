/* funnel_store.c — the asimilasi funnel per site (see funnel_store.h). */
#include "funnel_store.h"
#include "elig_store.h"
#include "notprop_store.h"
#include "scope.h"
#include "usulan_store.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t wbp_id, site_id;
    funnel_usulan_t u;
    date_t eligible_from; /* from the scan, when the inmate is in it */
} fu_t;

typedef struct {
    int64_t wbp_id;
    const char *reason;
} fmark_t;

static date_t col_date10(db_stmt_t *st, int i)
{
    const char *s = db_col_text(st, i);
    char d10[11];
    date_t d;
    if (!s || strlen(s) < 10) return DATE_NONE;
    memcpy(d10, s, 10);
    d10[10] = 0;
    return date_parse(d10, &d) ? d : DATE_NONE;
}

/* Whether every step into state s of chain c requires a reason (refused, revoked). */
static bool refusal_state(const usulan_chain_t *c, int s)
{
    bool any = false;
    for (int i = 0; i < c->n_trans; i++) {
        if (c->trans[i].to != s) continue;
        if (!(c->trans[i].requires & (1u << USL_F_REASON))) return false;
        any = true;
    }
    return any;
}

struct scan {
    arena_t *a;
    funnel_t *f;
    fu_t *us;
    size_t nus, ui;
    fmark_t *marks;
    size_t nmarks, mi;
};

static funnel_site_t *site_of(funnel_t *f, arena_t *a, int64_t id, const char *code)
{
    for (int k = 0; k < f->nsites; k++)
        if (f->site[k].site_id == id) return &f->site[k];
    if (f->nsites == FUNNEL_MAX_SITES || !code) return NULL;
    funnel_site_t *s = &f->site[f->nsites++];
    memset(s, 0, sizeof *s);
    s->site_id = id;
    s->site_code = arena_strdup(a, code);
    return s;
}

static int scan_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct scan *c = vc;
    funnel_t *f = c->f;
    bool eligible = row->res && row->res->eligible;
    date_t ef = row->res ? (eligible && row->res->eligible_from == DATE_NONE ? f->at : row->res->eligible_from) : DATE_NONE;
    while (c->ui < c->nus && c->us[c->ui].wbp_id < row->id) c->ui++;
    size_t u0 = c->ui;
    while (c->ui < c->nus && c->us[c->ui].wbp_id == row->id) c->us[c->ui++].eligible_from = ef;
    while (c->mi < c->nmarks && c->marks[c->mi].wbp_id < row->id) c->mi++;
    const char *reason = c->mi < c->nmarks && c->marks[c->mi].wbp_id == row->id ? c->marks[c->mi].reason : NULL;
    funnel_usulan_t us[32];
    size_t n = 0;
    for (size_t i = u0; i < c->ui && n < ARRAY_LEN(us); i++) us[n++] = c->us[i].u;
    int s = funnel_inmate_stage(us, n, eligible, reason != NULL, f->at);
    if (s == FN_NONE && !eligible) return 0;
    funnel_site_t *fs = site_of(f, c->a, row->site_id, row->site_code);
    if (!fs) return 0;
    if (eligible) fs->eligible++;
    if (s == FN_NONE) return 0;
    fs->stage[s]++;
    if (s == FN_NOT_PROPOSED) {
        int k = 0;
        while (k < f->rules.n && strcmp(f->rules.reasons[k].code, reason)) k++;
        fs->reason[k]++; /* k == n: a code no longer in the rules */
    }
    return 0;
}

static void gap_push(arena_t *a, funnel_site_t *s, int k, int32_t v)
{
    if (s->ngaps[k] == s->capgaps[k]) {
        size_t cap = s->capgaps[k] ? s->capgaps[k] * 2 : 64;
        int32_t *nv = arena_alloc(a, sizeof *nv * cap);
        if (s->ngaps[k]) memcpy(nv, s->gaps[k], sizeof *nv * s->ngaps[k]);
        s->gaps[k] = nv, s->capgaps[k] = cap;
    }
    s->gaps[k][s->ngaps[k]++] = v;
}

static int by_code(const void *x, const void *y)
{
    return strcmp(((const funnel_site_t *)x)->site_code, ((const funnel_site_t *)y)->site_code);
}

#define FN_SCOPE(t)                                                                                                   \
    " WHERE " WBP_SCOPE(t ".wbp_id") " AND (? = 0 OR " t ".site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) " \
    "AND (? = 0 OR " t ".site_id = ?)"

int funnel_collect(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, date_t from, date_t to, date_t at,
                   funnel_t *out)
{
    memset(out, 0, sizeof *out);
    out->from = from, out->to = to, out->at = at;
    if (np_rules(at, &out->rules, e) < 0) return -1;
    char ats[DATE_ISO_LEN];
    date_format(at, ats);
    struct scan c = {a, out, NULL, 0, 0, NULL, 0, 0};
    size_t cap = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.wbp_id, u.site_id, u.chain_code, u.state, u.state_at, u.created_at, u.tpp_date, "
                             "u.decree_date, u.start_date, u.end_date FROM usulan u" FN_SCOPE("u") " ORDER BY u.wbp_id, u.id",
                             "iiiiii", uid, uid, uid, uid, site_id, site_id);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        if (c.nus == cap) {
            cap = cap ? cap * 2 : 256;
            c.us = xrealloc(c.us, sizeof *c.us * cap);
        }
        fu_t *x = &c.us[c.nus++];
        memset(x, 0, sizeof *x);
        x->wbp_id = db_col_int(st, 0);
        x->site_id = db_col_int(st, 1);
        const usulan_chain_t *ch = usulan_chain_by_code(db_col_text(st, 2));
        int s = ch ? usulan_state_index(ch, db_col_text(st, 3)) : -1;
        x->u.final = ch && s >= 0 && usulan_state_final(ch, s);
        x->u.refused = x->u.final && refusal_state(ch, s);
        x->u.state_on = col_date10(st, 4);
        x->u.created = col_date10(st, 5);
        x->u.tpp = col_date10(st, 6);
        x->u.decree = col_date10(st, 7);
        x->u.start = col_date10(st, 8);
        x->u.end = col_date10(st, 9);
        x->eligible_from = DATE_NONE;
    }
    db_finalize(st);
    if (rc < 0) goto fail;
    cap = 0;
    st = db_query(db, e,
                  "SELECT n.wbp_id, n.reason FROM wbp_not_proposed n" FN_SCOPE("n")
                  " AND n.decided_on <= ? AND n.review_on > ? AND (n.ended_on IS NULL OR n.ended_on > ?) "
                  "ORDER BY n.wbp_id, n.id DESC",
                  "iiiiiittt", uid, uid, uid, uid, site_id, site_id, ats, ats, ats);
    if (!st) goto fail;
    while ((rc = db_step(st, e)) == 1) {
        int64_t w = db_col_int(st, 0);
        if (c.nmarks && c.marks[c.nmarks - 1].wbp_id == w) continue; /* the latest mark of each */
        if (c.nmarks == cap) {
            cap = cap ? cap * 2 : 64;
            c.marks = xrealloc(c.marks, sizeof *c.marks * cap);
        }
        c.marks[c.nmarks++] = (fmark_t){w, arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "")};
    }
    db_finalize(st);
    if (rc < 0) goto fail;
    elig_query_t q = {uid, site_id, 0, at, false};
    if (elig_scan(db, e, &q, scan_row, &c) < 0) goto fail;
    /* the days between stages of the transitions made in the period, by the proposal's site */
    for (size_t i = 0; i < c.nus; i++) {
        int32_t d[FT__COUNT];
        funnel_gaps(&c.us[i].u, c.us[i].eligible_from, from, to, d);
        funnel_site_t *fs = NULL;
        for (int k = 0; k < FT__COUNT; k++) {
            if (d[k] < 0) continue;
            if (!fs) fs = site_of(out, a, c.us[i].site_id, NULL);
            if (!fs) break; /* a site with no inmate in the funnel now: not listed */
            gap_push(a, fs, k, d[k]);
        }
    }
    qsort(out->site, (size_t)out->nsites, sizeof out->site[0], by_code);
    free(c.us);
    free(c.marks);
    return 0;
fail:
    free(c.us);
    free(c.marks);
    return -1;
}
