/* release_store.c — release side effects, due-for-release and follow-up reads
 * (release_store.h). */
#include "release_store.h"
#include "rowmap.h"
#include "scope.h"
#include "records.h"
#include "elig_store.h"
#include "premi_store.h"
#include "settings.h"
#include <jansson.h>
#include <stdio.h>
#include "../core/enrolment.h"
#include "../core/rulefile.h"
#include "../util/i18n.h"
#include <stdlib.h>
#include <string.h>

int release_premi_payout(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *date, int64_t *paid)
{
    *paid = 0;
    premi_balance_t bal;
    if (premi_balance_get(db, e, wbp_id, &bal) < 0) return -1;
    if (bal.spendable + bal.saved <= 0) return 0;
    premi_post_t p = {wbp_id, PREMI_PAYOUT, 0, date, 0, NULL, "pembayaran premi saat bebas"};
    premi_entry_t out;
    if (premi_post(db, e, who, &p, &out) < 0) return -1;
    *paid = out.amount;
    return 0;
}

/* Ends every open enrolment of the inmate with reason "bebas". */
static int close_enrolments(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *at, int *closed)
{
    enum { MAXE = 64 };
    int64_t ids[MAXE], sites[MAXE];
    int st_from[MAXE], n = 0;
    db_stmt_t *st = db_query(db, e, "SELECT id, site_id, status FROM enrolment WHERE wbp_id = ? ORDER BY id", "i",
                             wbp_id);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int s = enrol_status_parse(db_col_text(st, 2));
        if (s < 0 || enrol_is_final((enrol_status_t)s) || n >= MAXE) continue;
        ids[n] = db_col_int(st, 0), sites[n] = db_col_int(st, 1), st_from[n++] = s;
    }
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (enrol_transition((enrol_status_t)st_from[i], ENROL_MUNDUR, "bebas", e) < 0) return -1;
        const char *from = enrol_status_code((enrol_status_t)st_from[i]);
        if (db_run(db, e,
                   "UPDATE enrolment SET status = 'mundur', reason = 'bebas', withdraw_reason = 'bebas', status_at = ?, updated_at = ?, "
                   "updated_by = ? WHERE id = ?",
                   "ttii", at, at, who->user_id, ids[i]) < 0)
            return -1;
        if (db_run(db, e,
                   "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, reason, "
                   "withdraw_reason, user_id) SELECT site_id, id, ?, ?, 'mundur', program_id, 'bebas', 'bebas', ? "
                   "FROM enrolment WHERE id = ?",
                   "ttii", at, from, who->user_id, ids[i]) < 0)
            return -1;
        char before[80], after[160];
        snprintf(before, sizeof before, "{\"status\":\"%s\"}", from);
        snprintf(after, sizeof after,
                 "{\"status\":\"mundur\",\"reason\":\"bebas\",\"withdraw_reason\":\"bebas\",\"status_at\":\"%s\"}", at);
        if (audit_append(db, e, who, sites[i], "update", "enrolment", ids[i], before, after) < 0) return -1;
    }
    *closed = n;
    return 0;
}

/* 0 when wbp_id is held (ditahan) at site_id, with its detention start in det; else
 * 422 not_in_custody (or -1 on a database error). */
static int in_custody(db_t *db, err_t *e, int64_t site_id, int64_t wbp_id, char det[11])
{
    int64_t ws = 0;
    char status[16] = "";
    det[0] = 0;
    if (rm_first(db_query(db, e, "SELECT site_id, status, detention_start FROM wbp WHERE id = ?", "i", wbp_id), e, NULL,
                 "icc", &ws, status, sizeof status, det, (size_t)11) < 0)
        return -1;
    if (ws != site_id || !str_eq(status, "ditahan"))
        return err_set(e, 422, "not_in_custody", _("WBP ini tidak sedang ditahan di lokasi ini"));
    return 0;
}

int release_apply(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id, const char *date,
                  int64_t *paid, int *closed)
{
    *paid = 0, *closed = 0;
    char det[11];
    if (in_custody(db, e, site_id, wbp_id, det) < 0) return -1;
    char now[11];
    today_iso(now);
    if (close_enrolments(db, e, who, wbp_id, now, closed) < 0) return -1;
    /* the site's list digest (migration 037) is dropped by the status change: rebuilt here */
    if (db_run(db, e, "UPDATE wbp SET status = 'bebas', updated_at = ?, updated_by = ? WHERE id = ?", "tii", now,
               who->user_id, wbp_id) < 0 ||
        wbp_search_flush(db, e) < 0)
        return -1;
    if (audit_append(db, e, who, site_id, "update", "wbp", wbp_id, "{\"status\":\"ditahan\"}",
                     "{\"status\":\"bebas\"}") < 0)
        return -1;
    return release_premi_payout(db, e, who, wbp_id, date, paid);
}

/* ---------------------------------------------------------------- due list */

struct due_ctx {
    arena_t *a;
    date_t from, to;
    due_row_t *rows;
    int n, cap;
};

static int due_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct due_ctx *c = vc;
    if (!row->res || !row->res->has_dates) return 0;
    date_t x = row->res->dates.expiry;
    if (x < c->from || x > c->to) return 0;
    due_row_t *d = ARENA_PUSH(c->a, c->rows, c->n, c->cap);
    d->id = row->id, d->site_id = row->site_id;
    d->site_code = arena_strdup(c->a, row->site_code);
    d->regno = arena_strdup(c->a, row->regno);
    d->name = arena_strdup(c->a, row->name);
    d->expiry = x;
    d->two_thirds = row->res->dates.two_thirds;
    d->training = "";
    return 0;
}

static int cmp_due(const void *a, const void *b)
{
    const due_row_t *x = a, *y = b;
    if (x->expiry != y->expiry) return x->expiry < y->expiry ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* "Terdaftar: Program (tahap 1); Kandidat: -" from the inmate's enrolments. When
 * the training tables (migration 007) land, attendance/result/certificate go here. */
static int training_summary(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, const char **out)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT en.status, p.name, en.phase FROM enrolment en LEFT JOIN program p ON "
                             "p.id = en.program_id WHERE en.wbp_id = ? ORDER BY en.id",
                             "i", wbp_id);
    if (!st) return -1;
    buf_t b;
    buf_init(&b);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int s = enrol_status_parse(db_col_text(st, 0));
        const char *pn = db_col_text(st, 1);
        buf_printf(&b, "%s%s: %s (%s %lld)", b.len ? "; " : "", s >= 0 ? _(enrol_status_label((enrol_status_t)s)) : "?",
                   pn ? pn : "-", _("tahap"), (long long)db_col_int(st, 2));
    }
    db_finalize(st);
    *out = arena_strdup(a, b.data ? b.data : "");
    buf_release(&b);
    return rc < 0 ? -1 : 0;
}

int release_due_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, date_t today, int months,
                     due_row_t **out, int *n)
{
    struct due_ctx c = {a, today, date_add_months(today, months), NULL, 0, 0};
    elig_query_t q = {uid, site_id, 0, today, false};
    if (elig_scan(db, e, &q, due_row, &c) < 0) return -1;
    if (c.n) qsort(c.rows, (size_t)c.n, sizeof *c.rows, cmp_due);
    for (int i = 0; i < c.n; i++)
        if (training_summary(db, e, a, c.rows[i].id, &c.rows[i].training) < 0) return -1;
    *out = c.rows, *n = c.n;
    return 0;
}

/* ---------------------------------------------------------------- follow-ups */

int release_followups(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, int64_t release_id, date_t today,
                      bool only_overdue, fu_row_t **out, int *n)
{
    *out = NULL, *n = 0;
    followup_rules_t rules;
    json_t *j = rulefile_in_force(RULES_KIND_FOLLOWUP, today, NULL);
    if (!j) return err_set(e, 500, "no_ruleset", _("tidak ada jadwal tindak lanjut yang berlaku"));
    int rc = followup_rules_from_json(j, &rules, e);
    json_decref(j);
    if (rc < 0) return -1;
    /* releases first, then all their contacts: one statement open at a time */
    db_stmt_t *st = db_query(db, e,
                             "SELECT r.id, r.wbp_id, r.site_id, s.code, w.regno, w.name, r.kind, r.district, "
                             "r.release_date FROM wbp_release r JOIN wbp w ON w.id = r.wbp_id JOIN site s ON "
                             "s.id = r.site_id WHERE " SITE_SCOPE("r") " AND " WBP_SCOPE("r.wbp_id") " AND ((? = 0 AND r.state = 'berlaku') OR r.id = ?) ORDER BY r.release_date, r.id",
                             "iiiiiiii", uid, uid, site_id, site_id, uid, uid, release_id, release_id);
    if (!st) return -1;
    fu_row_t *rows = NULL;
    int cnt = 0, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        fu_row_t *f = ARENA_PUSH(a, rows, cnt, cap);
        f->release_id = db_col_int(st, 0), f->wbp_id = db_col_int(st, 1), f->site_id = db_col_int(st, 2);
        f->site_code = arena_strdup(a, db_col_text(st, 3));
        f->regno = arena_strdup(a, db_col_text(st, 4));
        f->name = arena_strdup(a, db_col_text(st, 5));
        f->kind = arena_strdup(a, db_col_text(st, 6));
        f->district = arena_strdup(a, db_col_text(st, 7));
        if (!date_parse(db_col_text(st, 8) ? db_col_text(st, 8) : "", &f->released)) f->released = today;
    }
    db_finalize(st);
    if (rc < 0) return -1;
    int keep = 0;
    for (int i = 0; i < cnt; i++) {
        fu_row_t *f = &rows[i];
        date_t dates[256];
        int nd = 0;
        st = db_query(db, e, "SELECT contact_date, status FROM followup WHERE release_id = ? ORDER BY contact_date, id",
                      "i", f->release_id);
        if (!st) return -1;
        while ((rc = db_step(st, e)) == 1) {
            date_t d;
            if (nd < 256 && date_parse(db_col_text(st, 0) ? db_col_text(st, 0) : "", &d)) dates[nd++] = d;
            f->last_status = arena_strdup(a, db_col_text(st, 1));
        }
        db_finalize(st);
        if (rc < 0) return -1;
        f->npoints = rules.npoints;
        f->overdue = followup_schedule(&rules, f->released, dates, nd, today, f->points);
        if (!only_overdue || f->overdue > 0) rows[keep++] = *f;
    }
    *out = rows, *n = keep;
    return 0;
}

/* ---------------------------------------------------------------- scheduled releases (issue 22) */

int release_check_custody(db_t *db, err_t *e, int64_t site_id, int64_t wbp_id, const char *date)
{
    char det[11];
    if (in_custody(db, e, site_id, wbp_id, det) < 0) return -1;
    date_t dd;
    if (date && *det && strcmp(date, det) < 0) {
        char dl[DATE_LONG_LEN];
        if (date_parse(det, &dd)) date_format_long_ui(dd, dl);
        else snprintf(dl, sizeof dl, "%s", det);
        return err_set(e, 422, "invalid_date", _("Tanggal bebas tidak boleh sebelum tanggal penahanan (%s)"), dl);
    }
    int64_t live = db_one_int(db, e, "SELECT count(*) FROM wbp_release WHERE wbp_id = ? AND state = 'terjadwal'", "i",
                              wbp_id);
    if (live < 0) return -1;
    if (live) return err_set(e, 422, "already_scheduled", _("Pembebasan WBP ini sudah dijadwalkan"));
    return 0;
}

static int apply_due(db_t *db, int64_t id, err_t *e)
{
    static const actor_t sys = {0, "bekal", "admin"};
    int64_t site_id = 0, wbp_id = 0;
    char date[11] = "";
    int still = rm_first(db_query(db, e,
                                  "SELECT site_id, wbp_id, release_date FROM wbp_release WHERE id = ? AND "
                                  "state = 'terjadwal'",
                                  "i", id),
                         e, NULL, "iic", &site_id, &wbp_id, date, sizeof date);
    if (still <= 0) return still;
    int64_t paid = 0;
    int closed = 0;
    if (release_apply(db, e, &sys, site_id, wbp_id, date, &paid, &closed) < 0) return -1;
    char now[32];
    now_iso(now);
    if (db_run(db, e, "UPDATE wbp_release SET state = 'berlaku', payout = ?, updated_at = ? WHERE id = ?", "iti", paid,
               now, id) < 0)
        return -1;
    char after[96];
    snprintf(after, sizeof after, "{\"state\":\"berlaku\",\"payout\":%lld,\"enrolments_closed\":%d}", (long long)paid,
             closed);
    return audit_append(db, e, &sys, site_id, "apply", "release", id, "{\"state\":\"terjadwal\"}", after);
}

int release_apply_due(db_t *db, err_t *e, const char *today, int *applied, int *failed)
{
    return db_apply_due(db, e,
                        "SELECT id FROM wbp_release WHERE state = 'terjadwal' AND release_date <= ? "
                        "ORDER BY release_date, id",
                        today, "pembebasan terjadwal", apply_due, applied, failed);
}

/* ---------------------------------------------------------------- reversal (issue 22) */

/* Restores the enrolments the release ended (status mundur, reason bebas) to the
 * status they had before, each with an enrolment_event and an audit entry. */
static int restore_enrolments(db_t *db, err_t *e, const actor_t *who, int64_t wbp_id, const char *at, int *restored)
{
    enum { MAXE = 64 };
    int64_t ids[MAXE], sites[MAXE];
    char prev[MAXE][16];
    int n = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT en.id, en.site_id, (SELECT ev.from_status FROM enrolment_event ev WHERE "
                             "ev.enrolment_id = en.id AND ev.to_status = 'mundur' AND ev.reason = 'bebas' ORDER BY "
                             "ev.id DESC LIMIT 1) FROM enrolment en WHERE en.wbp_id = ? AND en.status = 'mundur' AND "
                             "en.reason = 'bebas' ORDER BY en.id",
                             "i", wbp_id);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        const char *p = db_col_text(st, 2);
        if (!p || n >= MAXE) continue;
        ids[n] = db_col_int(st, 0), sites[n] = db_col_int(st, 1);
        snprintf(prev[n++], sizeof prev[0], "%s", p);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (db_run(db, e,
                   "UPDATE enrolment SET status = ?, reason = 'koreksi pembebasan', withdraw_reason = NULL, status_at = ?, updated_at = ?, updated_by = "
                   "NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
                   "tttii", prev[i], at, at, who->user_id, ids[i]) < 0)
            return -1;
        if (db_run(db, e,
                   "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, reason, "
                   "user_id) SELECT site_id, id, ?, 'mundur', ?, program_id, 'koreksi pembebasan', "
                   "NULLIF(CAST(? AS BIGINT), 0) FROM enrolment WHERE id = ?",
                   "ttii", at, prev[i], who->user_id, ids[i]) < 0)
            return -1;
        char after[192];
        snprintf(after, sizeof after,
                 "{\"status\":\"%s\",\"reason\":\"koreksi pembebasan\",\"withdraw_reason\":null,\"status_at\":\"%s\"}",
                 prev[i], at);
        if (audit_append(db, e, who, sites[i], "update", "enrolment", ids[i], "{\"status\":\"mundur\",\"reason\":\"bebas\"}",
                         after) < 0)
            return -1;
    }
    *restored = n;
    return 0;
}

struct rel_rev_ctx {
    const actor_t *who;
    int64_t id;
    const char *reason;
    release_reversal_t *out;
};

static int reverse_tx(db_t *db, void *vc, err_t *e)
{
    struct rel_rev_ctx *c = vc;
    release_reversal_t *o = c->out;
    memset(o, 0, sizeof *o);
    o->release_id = c->id;
    int64_t site = 0, wbp = 0;
    char state[16] = "", created[11] = "";
    if (rm_first(db_query(db, e, "SELECT site_id, wbp_id, state, created_at FROM wbp_release WHERE id = ?", "i", c->id),
                 e, NULL, "iicc", &site, &wbp, state, sizeof state, created, sizeof created) < 0)
        return -1;
    if (!site) return err_set(e, 404, "not_found", _("Pembebasan tidak ditemukan"));
    if (str_eq(state, "dibatalkan"))
        return err_set(e, 409, "already_reversed", _("Pembebasan ini sudah dibatalkan"));
    char today[11];
    today_iso(today);
    int64_t days;
    int closed = setting_window_closed(db, e, "release.correction_days", site, created, &days);
    if (closed < 0) return -1;
    if (closed)
        return err_set(e, 409, "correction_window_closed",
                       _("Pembebasan hanya dapat dibatalkan dalam %lld hari setelah dicatat (dicatat %s)"),
                       (long long)days, created);
    o->was_scheduled = str_eq(state, "terjadwal");
    if (!o->was_scheduled) {
        char ws[16] = "";
        if (rm_first(db_query(db, e, "SELECT status FROM wbp WHERE id = ?", "i", wbp), e, NULL, "c", ws, sizeof ws) < 0)
            return -1;
        if (!str_eq(ws, "bebas"))
            return err_set(e, 409, "not_released", _("WBP ini tidak lagi berstatus bebas; pembebasan tidak dapat dibatalkan"));
        if (db_run(db, e, "UPDATE wbp SET status = 'ditahan', updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
                          "WHERE id = ?",
                   "tii", today, c->who->user_id, wbp) < 0 ||
            wbp_search_flush(db, e) < 0) /* the list digest (migration 037) */
            return -1;
        if (audit_append(db, e, c->who, site, "update", "wbp", wbp, "{\"status\":\"bebas\"}",
                         "{\"status\":\"ditahan\",\"reason\":\"koreksi pembebasan\"}") < 0)
            return -1;
        if (restore_enrolments(db, e, c->who, wbp, today, &o->enrolments_restored) < 0) return -1;
        /* the payout this release made: the inmate's last payout not yet reversed */
        int64_t pay = db_one_int(db, e,
                                 "SELECT COALESCE(MAX(l.id), 0) FROM premi_ledger l WHERE l.wbp_id = ? AND l.kind = "
                                 "'payout' AND NOT EXISTS (SELECT 1 FROM premi_ledger r WHERE r.reverses_id = l.id)",
                                 "i", wbp);
        if (pay < 0) return -1;
        if (pay) {
            premi_entry_t pe;
            char note[80];
            snprintf(note, sizeof note, "koreksi pembebasan #%lld", (long long)c->id);
            if (premi_reverse(db, e, c->who, pay, today, note, &pe) < 0) return -1;
            o->premi_restored = pe.amount;
        }
    }
    char now[32];
    now_iso(now);
    if (db_run(db, e,
               "UPDATE wbp_release SET state = 'dibatalkan', updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
               "WHERE id = ?",
               "tii", now, c->who->user_id, c->id) < 0)
        return -1;
    o->id = db_one_int(db, e,
                       "INSERT INTO release_reversal(site_id, release_id, reversed_on, reason, premi_restored, "
                       "enrolments_restored, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
                       "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                       "iittiiti", site, c->id, today, c->reason, o->premi_restored, (int64_t)o->enrolments_restored, now,
                       c->who->user_id);
    if (o->id <= 0) return o->id < 0 ? -1 : err_set(e, 500, "db_error", "pembatalan tidak tersimpan");
    json_t *a = json_pack("{s:s, s:s, s:I, s:i, s:I}", "state", "dibatalkan", "reason", c->reason, "premi_restored",
                          (json_int_t)o->premi_restored, "enrolments_restored", o->enrolments_restored, "reversal_id",
                          (json_int_t)o->id);
    char before[48];
    snprintf(before, sizeof before, "{\"state\":\"%s\"}", state);
    return audit_write(db, e,
                       &(audit_write_t){c->who, site, "reverse", "release", c->id, .after = a, .before_text = before,
                                        .after_text = "{}"});
}

int release_reverse(db_t *db, err_t *e, const actor_t *who, int64_t release_id, const char *reason,
                    release_reversal_t *out)
{
    if (!reason || !*reason) return err_set(e, 400, "field_required", _("Alasan pembatalan wajib diisi"));
    struct rel_rev_ctx c = {who, release_id, reason, out};
    return db_tx(db, reverse_tx, &c, e);
}

int release_reverse_preview(db_t *db, err_t *e, int64_t release_id, int *enrolments, int64_t *premi)
{
    *enrolments = 0, *premi = 0;
    int64_t payout = 0, count = 0;
    char state[16] = "";
    if (rm_first(db_query(db, e,
                          "SELECT r.payout, r.state, (SELECT count(*) FROM enrolment en WHERE en.wbp_id = r.wbp_id "
                          "AND en.status = 'mundur' AND en.reason = 'bebas') FROM wbp_release r WHERE r.id = ?",
                          "i", release_id),
                 e, NULL, "ici", &payout, state, sizeof state, &count) < 0)
        return -1;
    if (str_eq(state, "berlaku")) *premi = payout, *enrolments = (int)count;
    return 0;
}

int release_wbp_options(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, int *n, int64_t **ids,
                        const char ***labels)
{
    db_stmt_t *st = db_query(db, e,
                             "SELECT id, name, regno FROM wbp WHERE status = 'ditahan' AND (? = 0 OR site_id = ?) AND "
                             "site_id IN (SELECT site_id FROM user_site WHERE user_id = ?) ORDER BY name, id LIMIT 5000",
                             "iii", site_id, site_id, uid);
    *n = 0;
    *ids = NULL;
    *labels = NULL;
    if (!st) return -1;
    int rc, k = 0, cap = 0, lcap = 0;
    while ((rc = db_step(st, e)) == 1) {
        *ARENA_PUSH(a, *ids, k, cap) = db_col_int(st, 0);
        *ARENA_PUSH(a, *labels, *n, lcap) = arena_printf(a, "%s (%s)", db_col_text(st, 1), db_col_text(st, 2));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
