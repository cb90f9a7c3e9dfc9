/* inbox_store.c — the task inbox's counts (see inbox_store.h). */
#include "inbox_store.h"
#include "auth.h"
#include "elig_store.h"
#include "release_store.h"
#include "movement_store.h"
#include "scope.h"
#include "../core/rulefile.h"
#include <pthread.h>
#include <string.h>

const char *const inbox_queries[] = {
    "eligible_new",    "assessments_open", "placements_confirm", "certificates_pending", "sales_unsettled",
    "pnbp_undeposited", "releases_due",    "agreements_expiring", "sppn_missing",        "usulan_documents",
    "attendance_today", "results_missing", "usulan_state",        "sites_lagging",       "followups_due",
    "movements_late",  NULL};

/* The built-in files never change while the program runs: the file in force on a
 * day is parsed once and kept (the last day asked for). */
static pthread_mutex_t rules_mu = PTHREAD_MUTEX_INITIALIZER;
static date_t rules_day = DATE_NONE;
static inbox_rules_t rules_kept;

int inbox_rules(date_t today, inbox_rules_t *r, err_t *e)
{
    pthread_mutex_lock(&rules_mu);
    bool hit = rules_day == today;
    if (hit) *r = rules_kept;
    pthread_mutex_unlock(&rules_mu);
    if (hit) return 0;
    json_t *j = rulefile_in_force(RULES_KIND_INBOX, today, NULL);
    if (!j) return err_set(e, 500, "no_ruleset", _("tidak ada aturan kotak tugas yang berlaku"));
    int rc = inbox_rules_from_json(j, auth_roles, inbox_queries, r, e);
    json_decref(j);
    if (rc == 0) {
        pthread_mutex_lock(&rules_mu);
        rules_kept = *r, rules_day = today;
        pthread_mutex_unlock(&rules_mu);
    }
    return rc;
}

/* One row "count, reference date, the id when count is 1" of st into out. */
static int read_count(db_stmt_t *st, err_t *e, inbox_count_t *out)
{
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        out->count = db_col_int(st, 0);
        date_t d;
        out->ref = !db_col_null(st, 1) && date_parse(db_col_text(st, 1), &d) ? d : DATE_NONE;
        /* a fourth column: the thing is one when the least and greatest ids agree
         * (one programme for many participants); else when one row counts */
        if (db_ncols(st) > 3)
            out->one_id = out->count > 0 && db_col_int(st, 2) == db_col_int(st, 3) ? db_col_int(st, 2) : 0;
        else
            out->one_id = out->count == 1 && db_ncols(st) > 2 && !db_col_null(st, 2) ? db_col_int(st, 2) : 0;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The two items read from sentence dates, from one eligibility scan. */
struct elig_ctx {
    date_t today, new_from, due_to;
    bool want_new, want_due;
    inbox_count_t *nw, *due;
};
static int elig_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct elig_ctx *c = vc;
    const elig_result_t *res = row->res;
    if (!res) return 0;
    if (c->want_new && res->eligible && res->eligible_from != DATE_NONE && res->eligible_from >= c->new_from &&
        res->eligible_from <= c->today) {
        c->nw->count++;
        if (c->nw->ref == DATE_NONE || res->eligible_from < c->nw->ref) c->nw->ref = res->eligible_from;
    }
    if (c->want_due && res->has_dates && res->dates.expiry >= c->today && res->dates.expiry <= c->due_to) {
        c->due->count++;
        if (c->due->ref == DATE_NONE || res->dates.expiry < c->due->ref) c->due->ref = res->dates.expiry;
    }
    return 0;
}

/* The states of d as "?, ?, ..." placeholders are not possible with a fixed type
 * string, so a proposal's state is compared with up to INBOX_MAX_STATES bound
 * values, the unused ones bound to NULL (which matches nothing). */
static int usulan_count(db_t *db, err_t *e, int64_t uid, const inbox_item_def_t *d, bool documents,
                        inbox_count_t *out)
{
    const char *s[INBOX_MAX_STATES];
    for (int i = 0; i < INBOX_MAX_STATES; i++) s[i] = i < d->nstates ? d->states[i] : NULL;
    const char *variant = d->variant;
    if (documents)
        /* a draft (the states given) whose dossier has a document not yet there, or
         * none recorded at all */
        return read_count(
            db_query(db, e,
                     "SELECT count(*), min(substr(u.created_at, 1, 10)), min(u.id) FROM usulan u WHERE " SITE_SCOPE("u")
                     " AND " WBP_SCOPE("u.wbp_id") " AND u.state IN (?, ?, ?, ?, ?, ?, ?, ?) AND (? = '' OR "
                     "u.variant = ?) AND (NOT EXISTS (SELECT 1 FROM usulan_document d WHERE d.usulan_id = u.id AND "
                     "d.present = 1) OR EXISTS (SELECT 1 FROM usulan_document d WHERE d.usulan_id = u.id AND "
                     "d.present = 0))",
                     "iiiiii" "tttttttt" "tt", uid, uid, (int64_t)0, (int64_t)0, uid, uid, s[0], s[1], s[2], s[3], s[4],
                     s[5], s[6], s[7], variant, variant),
            e, out);
    return read_count(db_query(db, e,
                               "SELECT count(*), min(substr(u.state_at, 1, 10)), min(u.id) FROM usulan u WHERE " SITE_SCOPE("u")
                               " AND " WBP_SCOPE("u.wbp_id") " AND u.state IN (?, ?, ?, ?, ?, ?, ?, ?) AND (? = '' OR "
                               "u.variant = ?)",
                               "iiiiii" "tttttttt" "tt", uid, uid, (int64_t)0, (int64_t)0, uid, uid, s[0], s[1], s[2],
                               s[3], s[4], s[5], s[6], s[7], variant, variant),
                      e, out);
}

/* The programmes an instructor teaches narrow an instructor's items; the others see their sites'. */
#define TEACHES(p) "(? = 0 OR " p " IN (SELECT pi.program_id FROM program_instructor pi WHERE pi.user_id = ?))"

static int one_count(db_t *db, err_t *e, int64_t uid, const char *role, const inbox_item_def_t *d, date_t today,
                     inbox_count_t *out)
{
    char t[DATE_ISO_LEN], lo[DATE_ISO_LEN], hi[DATE_ISO_LEN];
    date_format(today, t);
    int64_t z = 0, teach = str_eq(role, "instruktur") ? 1 : 0;
    const char *q = d->query;
    date_format(date_add_days(today, -d->days), lo);
    if (str_eq(q, "assessments_open"))
        /* phases whose programmes have not started (planned or selecting) and where
         * nobody is placed or enrolled yet: assess the candidates, then place them */
        return read_count(
            db_query(db, e,
                     "SELECT count(*), min(x.s) FROM (SELECT p.agreement_id, p.phase, min(p.start_date) AS s FROM "
                     "program p WHERE " SITE_SCOPE("p") " AND p.status IN ('direncanakan', 'seleksi') GROUP BY "
                     "p.agreement_id, p.phase HAVING min(p.start_date) >= ?) x WHERE NOT EXISTS (SELECT 1 FROM "
                     "enrolment en WHERE en.agreement_id = x.agreement_id AND en.phase = x.phase AND en.status IN "
                     "('ditempatkan', 'terdaftar'))",
                     "iiiit", uid, uid, z, z, t),
            e, out);
    if (str_eq(q, "placements_confirm"))
        return read_count(db_query(db, e,
                                   "SELECT count(*), min(p.start_date) FROM enrolment en JOIN program p ON p.id = "
                                   "en.program_id WHERE " SITE_SCOPE("en") " AND en.status = 'ditempatkan' AND p.end_date >= ?",
                                   "iiiit", uid, uid, z, z, t),
                          e, out);
    if (str_eq(q, "certificates_pending"))
        return read_count(
            db_query(db, e,
                     "SELECT count(*), min(p.end_date), min(p.id) FROM enrolment en JOIN program p ON p.id = "
                     "en.program_id WHERE " SITE_SCOPE("en") " AND en.status = 'selesai' AND NOT EXISTS (SELECT 1 "
                     "FROM certificate c WHERE c.enrolment_id = en.id AND c.status = 'valid')",
                     "iiii", uid, uid, z, z),
            e, out);
    if (str_eq(q, "sales_unsettled"))
        return read_count(db_query(db, e,
                                   "SELECT count(*), min(s.sale_date), min(s.id) FROM sale s WHERE " SITE_SCOPE("s")
                                   " AND s.split_id IS NULL AND s.total > 0 AND NOT EXISTS (SELECT 1 FROM "
                                   "sale_reversal v WHERE v.sale_id = s.id)",
                                   "iiii", uid, uid, z, z),
                          e, out);
    if (str_eq(q, "pnbp_undeposited"))
        return read_count(db_query(db, e,
                                   "SELECT count(*), min(s.sale_date) FROM sale s WHERE " SITE_SCOPE("s")
                                   " AND s.split_id IS NOT NULL AND s.pnbp > 0 AND NOT EXISTS (SELECT 1 FROM "
                                   "pnbp_deposit_sale ds WHERE ds.sale_id = s.id) AND NOT EXISTS (SELECT 1 FROM "
                                   "sale_reversal v WHERE v.sale_id = s.id)",
                                   "iiii", uid, uid, z, z),
                          e, out);
    if (str_eq(q, "agreements_expiring")) {
        date_format(date_add_days(today, d->days), hi);
        return read_count(db_query(db, e,
                                   "SELECT count(*), min(a.valid_to), min(a.id) FROM agreement a WHERE " SITE_SCOPE("a")
                                   " AND a.status = 'aktif' AND a.valid_to >= ? AND a.valid_to <= ?",
                                   "iiiitt", uid, uid, z, z, t, hi),
                          e, out);
    }
    if (str_eq(q, "sppn_missing")) {
        /* last month's score, for the inmates in custody since before that month ended */
        int32_t m = date_month_index(today) - 1;
        date_t first = date_month_first(m), last = date_add_days(date_month_first(m + 1), -1);
        char month[8];
        date_format(first, lo);
        snprintf(month, sizeof month, "%.7s", lo);
        date_format(last, hi);
        /* reference: the first of this month (the due date is due_days after it) */
        date_format(date_month_first(m + 1), lo);
        return read_count(db_query(db, e,
                                   "SELECT count(*), CASE WHEN count(*) > 0 THEN ? END, min(w.id) FROM wbp w WHERE " SITE_SCOPE("w")
                                   " AND " WBP_SCOPE("w.id") " AND w.status = 'ditahan' AND w.detention_start <= ? "
                                   "AND NOT EXISTS (SELECT 1 FROM sppn s WHERE s.wbp_id = w.id AND s.month = ?)",
                                   "tiiiiiitt", lo, uid, uid, z, z, uid, uid, hi, month),
                          e, out);
    }
    if (str_eq(q, "usulan_documents")) return usulan_count(db, e, uid, d, true, out);
    if (str_eq(q, "usulan_state")) return usulan_count(db, e, uid, d, false, out);
    if (str_eq(q, "attendance_today"))
        /* sessions of the last `days` days up to today with no attendance; the link goes
         * to the first of them (the next one to take), however many there are */
        return read_count(
            db_query(db, e,
                     "SELECT count(*), min(ts.session_date), min(ts.id), min(ts.id) FROM training_session ts WHERE " SITE_SCOPE("ts")
                     " AND ts.session_date >= ? AND ts.session_date <= ? AND ts.cancelled = 0 AND (" TEACHES("ts.program_id")
                     " OR ts.instructor_id = ?) AND NOT EXISTS (SELECT 1 FROM attendance at WHERE at.session_id = ts.id)",
                     "iiiittiii", uid, uid, z, z, lo, t, teach, uid, uid),
            e, out);
    if (str_eq(q, "results_missing"))
        /* participants still enrolled in a programme that has ended, without a result */
        return read_count(
            db_query(db, e,
                     "SELECT count(*), min(p.end_date), min(p.id), max(p.id) FROM enrolment en JOIN program p ON "
                     "p.id = en.program_id WHERE " SITE_SCOPE("en") " AND " TEACHES("p.id")
                     " AND en.status = 'terdaftar' AND p.end_date < ? AND NOT EXISTS (SELECT 1 FROM "
                     "competency_result cr WHERE cr.enrolment_id = en.id)",
                     "iiiiiit", uid, uid, z, z, teach, uid, t),
            e, out);
    if (str_eq(q, "movements_late")) {
        /* people out for training outside the walls not back by the session's end
         * (or back after it), in the last `days` days up to today (issue 26) */
        char now[17], first[11];
        movement_now_local(db, 0, now);
        int64_t n = 0;
        if (movement_late_count(db, e, uid, lo, t, now, &n, first) < 0) return -1;
        date_t fd;
        out->count = n, out->ref = *first && date_parse(first, &fd) ? fd : DATE_NONE, out->one_id = 0;
        return 0;
    }
    if (str_eq(q, "sites_lagging")) {
        /* sites of the region with a sync credential whose last good round is older than days */
        char nowlim[DATE_ISO_LEN];
        date_format(date_add_days(today, -d->days), nowlim);
        return read_count(db_query(db, e,
                                   "SELECT count(*), min(substr(COALESCE(ss.last_ok_at, ss.issued_at), 1, 10)) FROM "
                                   "sync_site ss JOIN site s ON s.code = ss.site_code WHERE s.id IN (SELECT site_id "
                                   "FROM user_site WHERE user_id = ?) AND ss.revoked_at IS NULL AND "
                                   "ss.credential_hash IS NOT NULL AND (ss.last_ok_at IS NULL OR ss.last_ok_at < ? "
                                   "OR ss.status = 'refused')",
                                   "it", uid, nowlim),
                          e, out);
    }
    return err_set(e, 500, "invalid_ruleset", "kueri kotak tugas %s tidak dikenal", q);
}

/* Follow-up points due or overdue (the schedule of rules/tindak-lanjut-*.json) of
 * the releases uid sees; the reference date is the earliest point's due date. */
static int followups_count(db_t *db, err_t *e, arena_t *a, int64_t uid, date_t today, inbox_count_t *out)
{
    fu_row_t *rows;
    int n;
    if (release_followups(db, e, a, uid, 0, 0, today, false, &rows, &n) < 0) return -1;
    for (int i = 0; i < n; i++) {
        int due = 0;
        for (int p = 0; p < rows[i].npoints; p++) {
            const followup_point_t *pt = &rows[i].points[p];
            if (pt->state != FU_DUE && pt->state != FU_OVERDUE) continue;
            due++;
            if (out->ref == DATE_NONE || pt->due < out->ref) out->ref = pt->due;
        }
        out->count += due;
        if (due) out->one_id = out->one_id ? -1 : rows[i].release_id;
    }
    if (out->one_id < 0) out->one_id = 0;
    return 0;
}

int inbox_counts(db_t *db, err_t *e, arena_t *a, int64_t uid, const char *role, int role_bit, const inbox_rules_t *r,
                 date_t today, inbox_count_t *out)
{
    struct elig_ctx ec = {today, today, today, false, false, NULL, NULL};
    for (int i = 0; i < r->n; i++) {
        const inbox_item_def_t *d = &r->items[i];
        out[i] = (inbox_count_t){-1, DATE_NONE, DATE_NONE, 0};
        if (!(d->roles & role_bit)) continue;
        out[i].count = 0;
        if (str_eq(d->query, "eligible_new")) {
            ec.want_new = true, ec.nw = &out[i], ec.new_from = date_add_days(today, -d->days);
        } else if (str_eq(d->query, "releases_due")) {
            ec.want_due = true, ec.due = &out[i], ec.due_to = date_add_days(today, d->days);
        } else if (str_eq(d->query, "followups_due")) {
            if (followups_count(db, e, a, uid, today, &out[i]) < 0) return -1;
        } else if (one_count(db, e, uid, role, d, today, &out[i]) < 0) {
            return -1;
        }
    }
    if (ec.want_new || ec.want_due) {
        elig_query_t q = {uid, 0, 0, today, false};
        if (elig_scan(db, e, &q, elig_row, &ec) < 0) return -1;
    }
    for (int i = 0; i < r->n; i++)
        if (out[i].count >= 0 && out[i].ref != DATE_NONE) out[i].due = date_add_days(out[i].ref, r->items[i].due_days);
    return 0;
}

int inbox_sites(db_t *db, err_t *e, arena_t *a, int64_t uid, inbox_site_t **out, int *n)
{
    *out = NULL, *n = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT s.code, s.name, "
                             "(SELECT count(*) FROM wbp w WHERE w.site_id = s.id AND w.status = 'ditahan'), "
                             "(SELECT count(*) FROM wbp w WHERE w.site_id = s.id AND w.status = 'bebas') "
                             "FROM site s WHERE s.id IN (SELECT site_id FROM user_site WHERE user_id = ?) ORDER BY s.code",
                             "i", uid);
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        inbox_site_t *x = ARENA_PUSH(a, *out, *n, cap);
        x->code = arena_strdup(a, db_col_text(st, 0));
        x->name = arena_strdup(a, db_col_text(st, 1));
        x->in_custody = db_col_int(st, 2);
        x->released = db_col_int(st, 3);
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
