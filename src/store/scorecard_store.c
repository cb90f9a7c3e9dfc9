/* scorecard_store.c — the agreement scorecard's numbers (see scorecard_store.h). */
#include "scorecard_store.h"
#include "rowmap.h"
#include "scope.h"
#include <stdio.h>
#include <string.h>

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

static sc_trade_t *trade_of(sc_phase_t *p, int64_t kid)
{
    for (int i = 0; i < p->ntrades; i++)
        if (p->trades[i].kejuruan_id == kid) return &p->trades[i];
    return NULL;
}

static int load_phase(db_t *db, err_t *e, arena_t *a, const sc_rules_t *r, int64_t ag, sc_phase_t *p)
{
    int64_t ph = p->phase;
    int rc;
    p->quota = db_one_int(db, e, "SELECT COALESCE(max(quota_max), 0) FROM agreement_quota WHERE agreement_id = ? AND phase = ?",
                          "ii", ag, ph);
    if (p->quota < 0) return -1;
    /* the agreement's trades, then the phase's counts per trade */
    db_stmt_t *st = db_query(db, e,
                             "SELECT k.id, k.name FROM agreement_kejuruan ak JOIN kejuruan k ON k.id = ak.kejuruan_id "
                             "WHERE ak.agreement_id = ? ORDER BY k.name",
                             "i", ag);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1)
        if (p->ntrades < SC_MAX_TRADES) {
            sc_trade_t *t = &p->trades[p->ntrades++];
            memset(t, 0, sizeof *t);
            t->kejuruan_id = db_col_int(st, 0), t->trade = dup(a, st, 1);
        }
    db_finalize(st);
    if (rc < 0) return -1;
    st = db_query(db, e,
                  "SELECT p.kejuruan_id, en.status, count(*) FROM enrolment en JOIN program p ON p.id = en.program_id "
                  "WHERE en.agreement_id = ? AND en.phase = ? GROUP BY p.kejuruan_id, en.status",
                  "ii", ag, ph);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        const char *s = db_col_text(st, 1);
        int64_t n = db_col_int(st, 2);
        sc_trade_t *t = trade_of(p, db_col_int(st, 0));
        bool filled = str_eq(s, "ditempatkan") || str_eq(s, "terdaftar") || str_eq(s, "selesai") || str_eq(s, "tidak_lulus");
        if (filled) p->filled += n;
        if (str_eq(s, "selesai")) p->completed += n;
        if (str_eq(s, "tidak_lulus")) p->failed += n;
        if (t) {
            if (filled) t->in.filled += n;
            if (str_eq(s, "selesai")) t->in.completed += n;
            if (str_eq(s, "tidak_lulus")) t->in.failed += n;
        }
    }
    db_finalize(st);
    if (rc < 0) return -1;
    /* the waiting list by first choice of trade */
    st = db_query(db, e,
                  "SELECT at.kejuruan_id, count(*) FROM enrolment en JOIN assessment a ON a.wbp_id = en.wbp_id AND "
                  "a.agreement_id = en.agreement_id AND a.phase = en.phase JOIN assessment_trade at ON at.assessment_id = "
                  "a.id AND at.interest_rank = 1 WHERE en.agreement_id = ? AND en.phase = ? AND en.status = "
                  "'daftar_tunggu' GROUP BY at.kejuruan_id",
                  "ii", ag, ph);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        sc_trade_t *t = trade_of(p, db_col_int(st, 0));
        if (t) t->in.waitlist += db_col_int(st, 1);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    /* attendance of the sessions held */
    if (rm_first(db_query(db, e,
                          "SELECT COALESCE(sum(CASE WHEN at.status = 'hadir' THEN 1 ELSE 0 END), 0), count(*) FROM "
                          "attendance at JOIN training_session ts ON ts.id = at.session_id JOIN program p ON p.id = "
                          "ts.program_id WHERE p.agreement_id = ? AND p.phase = ? AND ts.cancelled = 0",
                          "ii", ag, ph),
                 e, NULL, "ii", &p->att_hadir, &p->att_total) < 0)
        return -1;
    p->certificates = db_one_int(db, e,
                                 "SELECT count(*) FROM certificate c JOIN program p ON p.id = c.program_id WHERE "
                                 "p.agreement_id = ? AND p.phase = ? AND c.status = 'valid'",
                                 "ii", ag, ph);
    if (p->certificates < 0) return -1;
    /* withdrawals by coded reason, as the monthly report counts them */
    st = db_query(db, e,
                  "SELECT COALESCE(withdraw_reason, CASE WHEN reason = 'bebas' THEN 'bebas' ELSE 'lainnya' END) AS k, "
                  "count(*) FROM enrolment WHERE agreement_id = ? AND phase = ? AND status = 'mundur' GROUP BY "
                  "COALESCE(withdraw_reason, CASE WHEN reason = 'bebas' THEN 'bebas' ELSE 'lainnya' END) ORDER BY 1",
                  "ii", ag, ph);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1)
        if (p->nreasons < SC_MAX_REASONS) {
            p->reason[p->nreasons] = dup(a, st, 0);
            p->reason_n[p->nreasons] = db_col_int(st, 1);
            p->withdrawn += p->reason_n[p->nreasons++];
        }
    db_finalize(st);
    if (rc < 0) return -1;
    /* outcomes after release: the participants (placed, any later status) who were
     * released, by their latest follow-up */
    st = db_query(db, e,
                  "SELECT pr.kejuruan_id, (SELECT f.status FROM followup f WHERE f.release_id = r.id ORDER BY "
                  "f.contact_date DESC, f.id DESC LIMIT 1) FROM enrolment en JOIN program pr ON pr.id = en.program_id "
                  "JOIN wbp_release r ON r.wbp_id = en.wbp_id WHERE en.agreement_id = ? AND en.phase = ? AND en.status "
                  "IN ('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus', 'mundur')",
                  "ii", ag, ph);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        int g = sc_outcome(r, db_col_text(st, 1));
        p->released++;
        p->outcome[g]++;
        sc_trade_t *t = trade_of(p, db_col_int(st, 0));
        if (t) {
            t->in.released++;
            if (g == SC_WORKING) t->in.working++;
        }
    }
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < p->ntrades; i++) sc_suggest(r, &p->trades[i].in, &p->trades[i].s);
    return 0;
}

int scorecard_load(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t id, const sc_rules_t *r, scorecard_t *out)
{
    memset(out, 0, sizeof *out);
    if (rm_first(db_query(db, e,
                          "SELECT ag.id, ag.site_id, ag.title, ag.number_site, ag.valid_from, ag.valid_to, ag.status "
                          "FROM agreement ag WHERE ag.id = ? AND " SITE_SCOPE("ag"),
                          "iiiii", id, uid, uid, (int64_t)0, (int64_t)0),
                 e, a, "iittttt", &out->id, &out->site_id, &out->title, &out->number, &out->valid_from,
                 &out->valid_to, &out->status) < 0)
        return -1;
    if (!out->id) return err_set(e, 404, "not_found", "%s", "PKS tidak ditemukan");
    /* PNBP and premi of the settled sales of its trades' units within its validity */
    if (rm_first(db_query(db, e,
                          "SELECT COALESCE(sum(s.pnbp), 0), COALESCE(sum(s.premi), 0), count(*) FROM sale s JOIN "
                          "production_unit u ON u.id = s.unit_id WHERE s.site_id = ? AND s.split_id IS NOT NULL AND "
                          "s.sale_date >= ? AND s.sale_date <= ? AND NOT EXISTS (SELECT 1 FROM sale_reversal v WHERE "
                          "v.sale_id = s.id) AND lower(u.trade) IN (SELECT lower(k.name) FROM agreement_kejuruan ak "
                          "JOIN kejuruan k ON k.id = ak.kejuruan_id WHERE ak.agreement_id = ?)",
                          "itti", out->site_id, out->valid_from, out->valid_to, id),
                 e, NULL, "iii", &out->pnbp, &out->premi, &out->sales) < 0)
        return -1;
    /* the phases: those with a quota or a programme */
    int64_t phases[32];
    int np = rm_ids(db_query(db, e,
                             "SELECT phase FROM agreement_quota WHERE agreement_id = ? UNION SELECT phase FROM program "
                             "WHERE agreement_id = ? ORDER BY 1",
                             "ii", id, id),
                    e, phases, 32);
    if (np < 0) return -1;
    out->phases = arena_alloc(a, sizeof *out->phases * (size_t)(np ? np : 1));
    memset(out->phases, 0, sizeof *out->phases * (size_t)(np ? np : 1));
    for (int i = 0; i < np; i++) {
        out->phases[i].phase = (int)phases[i];
        if (load_phase(db, e, a, r, id, &out->phases[i]) < 0) return -1;
    }
    out->nphases = np;
    return 0;
}
