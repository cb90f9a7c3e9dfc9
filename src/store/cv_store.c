/* cv_store.c — the CV's data (see cv_store.h). */
#include "cv_store.h"
#include "rowmap.h"
#include <string.h>

/* The column tables of cv_load's lists, in SELECT order. */
static const rm_col_t unit_cols[] = {RM_COL(cv_unit_t, RM_TEXT, trade), RM_COL(cv_unit_t, RM_TEXT, code),
                                     RM_COL(cv_unit_t, RM_TEXT, title), RM_COL(cv_unit_t, RM_TEXT, assessed_on)};
#define C(f, t) RM_COL(cv_cert_t, t, f)
static const rm_col_t cert_cols[] = {C(trade, RM_TEXT),   C(provider, RM_TEXT),  C(start_date, RM_TEXT),
                                     C(end_date, RM_TEXT), C(issued_on, RM_TEXT), C(total_jp, RM_INT)};
#undef C
#define C(f, t) RM_COL(cv_work_t, t, f)
static const rm_col_t work_cols[] = {C(trade, RM_TEXT), C(product, RM_TEXT), C(runs, RM_INT), C(pieces, RM_INT),
                                     C(minutes, RM_INT)};
#undef C
static const rm_spec_t unit_spec = RM_SPEC(cv_unit_t, unit_cols);
static const rm_spec_t cert_spec = RM_SPEC(cv_cert_t, cert_cols);
static const rm_spec_t work_spec = RM_SPEC(cv_work_t, work_cols);

int cv_load(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, cv_t *out)
{
    memset(out, 0, sizeof *out);
    db_stmt_t *st = db_query(db, e, "SELECT name FROM wbp WHERE id = ?", "i", wbp_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) out->name = arena_strdup(a, db_col_text(st, 0));
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0) return -1;
    if (!out->name) return err_set(e, 404, "not_found", "WBP tidak ditemukan");
    /* units passed: the latest result per enrolment and unit is kompeten */
    out->units = rm_list(db_query(db, e,
                                  "SELECT k.name, COALESCE(cu.code, ''), cu.title, cr.assessed_on FROM competency_result cr "
                                  "JOIN enrolment en ON en.id = cr.enrolment_id JOIN competency_unit cu ON cu.id = cr.unit_id "
                                  "JOIN kejuruan k ON k.id = cu.kejuruan_id WHERE en.wbp_id = ? AND cr.result = 'kompeten' "
                                  "AND NOT EXISTS (SELECT 1 FROM competency_result c2 WHERE c2.enrolment_id = cr.enrolment_id "
                                  "AND c2.unit_id = cr.unit_id AND (c2.assessed_on > cr.assessed_on OR (c2.assessed_on = "
                                  "cr.assessed_on AND c2.id > cr.id))) ORDER BY k.name, cu.seq, cr.assessed_on",
                                  "i", wbp_id),
                         e, a, &unit_spec, &out->nunits);
    if (!out->units) return -1;
    /* valid certificates, with the training provider (never the site) */
    out->certs = rm_list(db_query(db, e,
                                  "SELECT c.trade_name, COALESCE(pr.name, ''), c.start_date, c.end_date, c.issued_on, "
                                  "c.total_jp FROM certificate c JOIN enrolment en ON en.id = c.enrolment_id "
                                  "JOIN program p ON p.id = c.program_id LEFT JOIN partner pr ON pr.id = p.provider_id "
                                  "WHERE en.wbp_id = ? AND c.status = 'valid' ORDER BY c.issued_on, c.id",
                                  "i", wbp_id),
                         e, a, &cert_spec, &out->ncerts);
    if (!out->certs) return -1;
    out->jp_attended = db_one_int(db, e,
                                  "SELECT COALESCE(sum(ts.jp), 0) FROM attendance at JOIN enrolment en ON en.id = "
                                  "at.enrolment_id JOIN training_session ts ON ts.id = at.session_id WHERE en.wbp_id = ? "
                                  "AND at.status = 'hadir' AND ts.cancelled = 0",
                                  "i", wbp_id);
    if (out->jp_attended < 0) return -1;
    /* production work, by trade and product */
    out->work = rm_list(db_query(db, e,
                                 "SELECT u.trade, p.product, count(*), COALESCE(sum(w.pieces), 0), COALESCE(sum(w.minutes), 0) "
                                 "FROM production_worker w JOIN production p ON p.id = w.production_id "
                                 "JOIN production_unit u ON u.id = p.unit_id WHERE w.wbp_id = ? GROUP BY u.trade, p.product "
                                 "ORDER BY u.trade, p.product",
                                 "i", wbp_id),
                        e, a, &work_spec, &out->nwork);
    return out->work ? 0 : -1;
}
