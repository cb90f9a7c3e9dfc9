/* report_store.c — the queries of the report sections (report_store.h), each row
 * read through its column table (rowmap.h). */
#include "report_store.h"
#include "rowmap.h"
#include "scope.h"


/* Defines int fn(db, e, a, uid, site_id, from, to, T **rows): the rows of sql (a
 * string literal whose parameters are SITE_SCOPE's four, uid and site_id, then the
 * period from and to) read by the column table cols; their count, or -1. */
#define RS_DATED(fn, T, cols, sql)                                                                                     \
    int fn(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to, T **rows) \
    {                                                                                                                \
        static const rm_spec_t spec = RM_SPEC(T, cols);                                                              \
        int n;                                                                                                       \
        *rows = rm_list(db_query(db, e, "" sql, "iiiitt", uid, uid, site_id, site_id, from, to), e, a, &spec, &n);   \
        return *rows ? n : -1;                                                                                       \
    }

int rs_agreements(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_agreement_t **rows)
{
    static const rm_col_t cols[] = {RM_COL(rs_agreement_t, RM_STR, site), RM_COL(rs_agreement_t, RM_STR, number),
                                    RM_COL(rs_agreement_t, RM_STR, partner), RM_COL(rs_agreement_t, RM_STR, valid_to),
                                    RM_COL(rs_agreement_t, RM_STR, status)};
    static const rm_spec_t spec = RM_SPEC(rs_agreement_t, cols);
    int n;
    *rows = rm_list(db_query(db, e,
                           "SELECT s.code, a.number_site, p.name, a.valid_to, a.status FROM agreement a "
                           "JOIN site s ON s.id = a.site_id JOIN partner p ON p.id = a.partner_id WHERE " SITE_SCOPE("a")
                           " AND a.status IN ('aktif','berakhir') ORDER BY a.valid_to, a.id",
                           "iiii", uid, uid, site_id, site_id),
                  e, a, &spec, &n);
    return *rows ? n : -1;
}

int rs_participants(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_participants_t **rows)
{
    static const rm_col_t cols[] = {RM_COL(rs_participants_t, RM_STR, trade), RM_COL(rs_participants_t, RM_INT, phase),
                                    RM_COL(rs_participants_t, RM_INT, n[0]),  RM_COL(rs_participants_t, RM_INT, n[1]),
                                    RM_COL(rs_participants_t, RM_INT, n[2]),  RM_COL(rs_participants_t, RM_INT, n[3]),
                                    RM_COL(rs_participants_t, RM_INT, n[4])};
    static const rm_spec_t spec = RM_SPEC(rs_participants_t, cols);
    int n;
    *rows = rm_list(db_query(db, e,
                           "SELECT k.name, en.phase, "
                           "SUM(CASE WHEN en.status = 'ditempatkan' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN en.status = 'terdaftar' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN en.status = 'selesai' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN en.status = 'tidak_lulus' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN en.status = 'mundur' THEN 1 ELSE 0 END) "
                           "FROM enrolment en JOIN program p ON p.id = en.program_id JOIN kejuruan k ON k.id = "
                           "p.kejuruan_id WHERE " SITE_SCOPE("en") " GROUP BY k.name, en.phase ORDER BY k.name, en.phase",
                           "iiii", uid, uid, site_id, site_id),
                  e, a, &spec, &n);
    return *rows ? n : -1;
}

int rs_month_sums(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, rs_money_t kind, const char *from,
                  const char *to, rs_month_sum_t **rows)
{
    static const rm_col_t cols[] = {RM_COL(rs_month_sum_t, RM_STR, month), RM_COL(rs_month_sum_t, RM_INT, v[0]),
                                    RM_COL(rs_month_sum_t, RM_INT, v[1]), RM_COL(rs_month_sum_t, RM_INT, v[2])};
    static const rm_spec_t spec = RM_SPEC(rs_month_sum_t, cols);
    db_stmt_t *st;
    if (kind == RS_MONEY_SALES)
        st = db_query(db, e,
                      "SELECT substr(x.sale_date, 1, 7), SUM(x.total), SUM(COALESCE(x.pnbp, 0)), "
                      "SUM(COALESCE(x.premi, 0)) FROM sale x WHERE " SITE_SCOPE("x")
                      " AND x.sale_date >= ? AND x.sale_date <= ? GROUP BY substr(x.sale_date, 1, 7)",
                      "iiiitt", uid, uid, site_id, site_id, from, to);
    else if (kind == RS_MONEY_DEPOSITS)
        st = db_query(db, e,
                      "SELECT substr(x.deposit_date, 1, 7), SUM(x.amount), 0, 0 FROM pnbp_deposit x WHERE " SITE_SCOPE("x")
                      " AND x.deposit_date >= ? AND x.deposit_date <= ? GROUP BY substr(x.deposit_date, 1, 7)",
                      "iiiitt", uid, uid, site_id, site_id, from, to);
    else
        st = db_query(db, e,
                      "SELECT substr(x.entry_date, 1, 7), SUM(x.amount), 0, 0 FROM premi_ledger x WHERE " SITE_SCOPE("x")
                      " AND x.kind = 'payout' AND x.entry_date >= ? AND x.entry_date <= ? "
                      "GROUP BY substr(x.entry_date, 1, 7)",
                      "iiiitt", uid, uid, site_id, site_id, from, to);
    int n;
    *rows = rm_list(st, e, a, &spec, &n);
    return *rows ? n : -1;
}

int rs_release_sum(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *kind, const char *from,
                   const char *to, rs_release_sum_t *out)
{
    static const rm_col_t cols[] = {RM_COL(rs_release_sum_t, RM_INT, count), RM_COL(rs_release_sum_t, RM_INT, graduates),
                                    RM_COL(rs_release_sum_t, RM_INT, payout)};
    static const rm_spec_t spec = RM_SPEC(rs_release_sum_t, cols);
    int rc = rm_one(db_query(db, e,
                             "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM enrolment en WHERE "
                             "en.wbp_id = r.wbp_id AND en.status = 'selesai') THEN 1 ELSE 0 END), "
                             "COALESCE(SUM(r.payout), 0) FROM wbp_release r WHERE " SITE_SCOPE("r")
                             " AND r.state = 'berlaku' AND r.kind = ? AND r.release_date >= ? AND r.release_date <= ?",
                             "iiiittt", uid, uid, site_id, site_id, kind, from, to),
                    e, a, &spec, out);
    return rc < 0 ? -1 : 0;
}

int rs_outcomes(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *to, rs_outcome_t **rows)
{
    static const rm_col_t cols[] = {RM_COL(rs_outcome_t, RM_TEXT, status), RM_COL(rs_outcome_t, RM_INT, graduate)};
    static const rm_spec_t spec = RM_SPEC(rs_outcome_t, cols);
    int n;
    *rows = rm_list(db_query(db, e,
                           "SELECT (SELECT f.status FROM followup f WHERE f.release_id = r.id AND f.contact_date <= ? "
                           "ORDER BY f.contact_date DESC, f.id DESC LIMIT 1), "
                           "CASE WHEN EXISTS (SELECT 1 FROM enrolment en WHERE en.wbp_id = r.wbp_id AND "
                           "en.status = 'selesai') THEN 1 ELSE 0 END FROM wbp_release r WHERE " SITE_SCOPE("r")
                           " AND r.state = 'berlaku' AND r.release_date <= ?",
                           "tiiiit", to, uid, uid, site_id, site_id, to),
                  e, a, &spec, &n);
    return *rows ? n : -1;
}

#define C(T, type, f) RM_COL(T, type, f)
static const rm_col_t att_program_cols[] = {
    C(rs_att_program_t, RM_INT, id),    C(rs_att_program_t, RM_STR, site),      C(rs_att_program_t, RM_STR, name),
    C(rs_att_program_t, RM_STR, trade), C(rs_att_program_t, RM_DATE, start),    C(rs_att_program_t, RM_INT, sessions),
    C(rs_att_program_t, RM_INT, jp)};
RS_DATED(rs_att_programs, rs_att_program_t, att_program_cols,
         "SELECT p.id, si.code, p.name, k.name, p.start_date, COUNT(*), SUM(ts.jp) "
         "FROM training_session ts JOIN program p ON p.id = ts.program_id "
         "JOIN kejuruan k ON k.id = p.kejuruan_id JOIN site si ON si.id = p.site_id WHERE " SITE_SCOPE("ts")
         " AND ts.cancelled = 0 AND ts.session_date >= ? AND ts.session_date <= ? "
         "GROUP BY p.id, si.code, p.name, k.name, p.start_date ORDER BY k.name, p.name, p.id")

static const rm_col_t att_status_cols[] = {C(rs_att_status_t, RM_INT, program_id), C(rs_att_status_t, RM_INT, jp[0]),
                                           C(rs_att_status_t, RM_INT, jp[1]), C(rs_att_status_t, RM_INT, jp[2]),
                                           C(rs_att_status_t, RM_INT, jp[3])};
RS_DATED(rs_att_by_status, rs_att_status_t, att_status_cols,
         "SELECT ts.program_id, SUM(CASE WHEN a.status = 'hadir' THEN ts.jp ELSE 0 END), "
         "SUM(CASE WHEN a.status = 'izin' THEN ts.jp ELSE 0 END), "
         "SUM(CASE WHEN a.status = 'sakit' THEN ts.jp ELSE 0 END), "
         "SUM(CASE WHEN a.status = 'alpa' THEN ts.jp ELSE 0 END) "
         "FROM training_session ts JOIN attendance a ON a.session_id = ts.id WHERE " SITE_SCOPE("ts")
         " AND ts.cancelled = 0 AND ts.session_date >= ? AND ts.session_date <= ? GROUP BY ts.program_id")

static const rm_col_t att_unrecorded_cols[] = {C(rs_att_unrecorded_t, RM_INT, program_id),
                                               C(rs_att_unrecorded_t, RM_INT, jp)};
RS_DATED(rs_att_unrecorded, rs_att_unrecorded_t, att_unrecorded_cols,
         "SELECT ts.program_id, SUM(ts.jp) FROM training_session ts JOIN enrolment en ON "
         "en.program_id = ts.program_id AND en.status IN ('terdaftar', 'selesai', 'tidak_lulus') "
         "WHERE " SITE_SCOPE("ts") " AND ts.cancelled = 0 AND ts.session_date >= ? AND "
         "ts.session_date <= ? AND NOT EXISTS "
         "(SELECT 1 FROM attendance a WHERE a.session_id = ts.id AND a.enrolment_id = en.id) "
         "GROUP BY ts.program_id")

static const rm_col_t pair_cols[] = {C(rs_trade_pair_t, RM_STR, trade), C(rs_trade_pair_t, RM_INT, a),
                                     C(rs_trade_pair_t, RM_INT, b)};
RS_DATED(rs_completions, rs_trade_pair_t, pair_cols,
         "SELECT k.name, SUM(CASE WHEN en.status = 'selesai' THEN 1 ELSE 0 END), "
         "SUM(CASE WHEN en.status = 'tidak_lulus' THEN 1 ELSE 0 END) "
         "FROM enrolment en JOIN program p ON p.id = en.program_id "
         "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE " SITE_SCOPE("en")
         " AND en.status IN ('selesai', 'tidak_lulus') AND en.status_at >= ? AND en.status_at < ? "
         "GROUP BY k.name ORDER BY k.name")

int rs_certificates(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *from, const char *to,
                    const char *before, rs_trade_pair_t **rows)
{
    static const rm_spec_t pair_spec = RM_SPEC(rs_trade_pair_t, pair_cols);
    int n;
    *rows = rm_list(db_query(db, e,
                           "SELECT k.name, COUNT(*), SUM(CASE WHEN x.status = 'dicabut' AND x.revoked_at < ? "
                           "THEN 1 ELSE 0 END) FROM certificate x JOIN program p ON p.id = x.program_id "
                           "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE " SITE_SCOPE("x")
                           " AND x.issued_on >= ? AND x.issued_on <= ? GROUP BY k.name ORDER BY k.name",
                           "tiiiitt", before, uid, uid, site_id, site_id, from, to),
                  e, a, &pair_spec, &n);
    return *rows ? n : -1;
}

static const rm_col_t code_count_cols[] = {C(rs_code_count_t, RM_TEXT, code), C(rs_code_count_t, RM_INT, n)};
#undef C
RS_DATED(rs_withdrawals, rs_code_count_t, code_count_cols,
         "SELECT COALESCE(ev.withdraw_reason, CASE WHEN ev.reason = 'bebas' THEN 'bebas' ELSE "
         "'lainnya' END), count(*) FROM enrolment_event ev WHERE " SITE_SCOPE("ev")
         " AND ev.to_status = 'mundur' AND substr(ev.at, 1, 10) >= ? AND substr(ev.at, 1, 10) <= ? "
         "GROUP BY COALESCE(ev.withdraw_reason, CASE WHEN ev.reason = 'bebas' THEN 'bebas' "
         "ELSE 'lainnya' END)")

typedef struct {
    const char *s;
} one_text_t;

int rs_regions(db_t *db, err_t *e, arena_t *a, int64_t uid, const char ***regions)
{
    static const rm_col_t cols[] = {RM_COL(one_text_t, RM_STR, s)};
    static const rm_spec_t spec = RM_SPEC(one_text_t, cols);
    int n;
    one_text_t *rows = rm_list(db_query(db, e,
                                        "SELECT DISTINCT region FROM site WHERE ? = 0 OR id IN "
                                        "(SELECT site_id FROM user_site WHERE user_id = ?)",
                                        "ii", uid, uid),
                               e, a, &spec, &n);
    if (!rows) return -1;
    const char **out = arena_alloc(a, sizeof *out * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) out[i] = rows[i].s;
    *regions = out;
    return n;
}

int rs_site_head(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *code, rs_site_head_t *out)
{
    static const rm_col_t cols[] = {RM_COL(rs_site_head_t, RM_INT, id), RM_COL(rs_site_head_t, RM_TEXT, name),
                                    RM_COL(rs_site_head_t, RM_TEXT, address), RM_COL(rs_site_head_t, RM_TEXT, head_name),
                                    RM_COL(rs_site_head_t, RM_TEXT, head_nip)};
    static const rm_spec_t spec = RM_SPEC(rs_site_head_t, cols);
    return rm_one(db_query(db, e,
                           "SELECT id, name, address, head_name, head_nip FROM site WHERE code = ? AND "
                           "(? = 0 OR id IN (SELECT site_id FROM user_site WHERE user_id = ?))",
                           "tii", code, uid, uid),
                  e, a, &spec, out);
}
