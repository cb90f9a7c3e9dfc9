/* cv_store.c — the CV's data (see cv_store.h). */
#include "cv_store.h"
#include <string.h>

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

/* Grows *arr (of elem bytes, *cap kept by the caller) to hold n + 1. */
static void *grow(arena_t *a, void *arr, int n, int *cap, size_t elem)
{
    if (n < *cap) return arr;
    int nc = *cap ? *cap * 2 : 16;
    void *g = arena_alloc(a, elem * (size_t)nc);
    if (n) memcpy(g, arr, elem * (size_t)n);
    *cap = nc;
    return g;
}

int cv_load(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, cv_t *out)
{
    memset(out, 0, sizeof *out);
    db_stmt_t *st = db_query(db, e, "SELECT name FROM wbp WHERE id = ?", "i", wbp_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) out->name = dup(a, st, 0);
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0) return -1;
    if (!out->name) return err_set(e, 404, "not_found", "WBP tidak ditemukan");
    /* units passed: the latest result per enrolment and unit is kompeten */
    st = db_query(db, e,
                  "SELECT k.name, COALESCE(cu.code, ''), cu.title, cr.assessed_on FROM competency_result cr "
                  "JOIN enrolment en ON en.id = cr.enrolment_id JOIN competency_unit cu ON cu.id = cr.unit_id "
                  "JOIN kejuruan k ON k.id = cu.kejuruan_id WHERE en.wbp_id = ? AND cr.result = 'kompeten' AND NOT "
                  "EXISTS (SELECT 1 FROM competency_result c2 WHERE c2.enrolment_id = cr.enrolment_id AND c2.unit_id = "
                  "cr.unit_id AND (c2.assessed_on > cr.assessed_on OR (c2.assessed_on = cr.assessed_on AND c2.id > "
                  "cr.id))) ORDER BY k.name, cu.seq, cr.assessed_on",
                  "i", wbp_id);
    if (!st) return -1;
    int cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        out->units = grow(a, out->units, out->nunits, &cap, sizeof *out->units);
        cv_unit_t *u = &out->units[out->nunits++];
        u->trade = dup(a, st, 0), u->code = dup(a, st, 1), u->title = dup(a, st, 2), u->assessed_on = dup(a, st, 3);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    /* valid certificates, with the training provider (never the site) */
    st = db_query(db, e,
                  "SELECT c.trade_name, COALESCE(pr.name, ''), c.start_date, c.end_date, c.issued_on, c.total_jp FROM "
                  "certificate c JOIN enrolment en ON en.id = c.enrolment_id JOIN program p ON p.id = c.program_id "
                  "LEFT JOIN partner pr ON pr.id = p.provider_id WHERE en.wbp_id = ? AND c.status = 'valid' "
                  "ORDER BY c.issued_on, c.id",
                  "i", wbp_id);
    if (!st) return -1;
    cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        out->certs = grow(a, out->certs, out->ncerts, &cap, sizeof *out->certs);
        cv_cert_t *c = &out->certs[out->ncerts++];
        c->trade = dup(a, st, 0), c->provider = dup(a, st, 1), c->start_date = dup(a, st, 2), c->end_date = dup(a, st, 3);
        c->issued_on = dup(a, st, 4), c->total_jp = db_col_int(st, 5);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    out->jp_attended = db_one_int(db, e,
                                  "SELECT COALESCE(sum(ts.jp), 0) FROM attendance at JOIN enrolment en ON en.id = "
                                  "at.enrolment_id JOIN training_session ts ON ts.id = at.session_id WHERE en.wbp_id = ? "
                                  "AND at.status = 'hadir' AND ts.cancelled = 0",
                                  "i", wbp_id);
    if (out->jp_attended < 0) return -1;
    /* production work, by trade and product */
    st = db_query(db, e,
                  "SELECT u.trade, p.product, count(*), COALESCE(sum(w.pieces), 0), COALESCE(sum(w.minutes), 0) FROM "
                  "production_worker w JOIN production p ON p.id = w.production_id JOIN production_unit u ON u.id = "
                  "p.unit_id WHERE w.wbp_id = ? GROUP BY u.trade, p.product ORDER BY u.trade, p.product",
                  "i", wbp_id);
    if (!st) return -1;
    cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        out->work = grow(a, out->work, out->nwork, &cap, sizeof *out->work);
        cv_work_t *w = &out->work[out->nwork++];
        w->trade = dup(a, st, 0), w->product = dup(a, st, 1), w->runs = db_col_int(st, 2), w->pieces = db_col_int(st, 3);
        w->minutes = db_col_int(st, 4);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
