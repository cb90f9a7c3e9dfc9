/* movement_store.c — the daily movement list (see movement_store.h). */
#include "movement_store.h"
#include "audit.h"
#include "scope.h"
#include "settings.h"
#include "../core/movement.h"
#include "../util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

void movement_now_local(db_t *db, int64_t site_id, char out[17])
{
    int64_t off = setting_zone(db, site_id);
    time_t t = clock_now() + (time_t)off * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

int movement_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *date, const char *now_local,
                  mv_session_t **out, int *n)
{
    *out = NULL, *n = 0;
    int64_t all = uid ? uid : 0;
    db_stmt_t *st = db_query(
        db, e,
        "SELECT ts.id, p.id, ts.site_id, s.code, ts.session_date, ts.start_time, ts.end_time, p.name, "
        "COALESCE(NULLIF(p.venue, ''), pr.name, ''), w.id, w.regno, w.name, m.id, m.escort, m.departed_at, m.returned_at "
        "FROM training_session ts JOIN program p ON p.id = ts.program_id JOIN site s ON s.id = ts.site_id "
        "LEFT JOIN partner pr ON pr.id = p.provider_id JOIN enrolment en ON en.program_id = p.id "
        "JOIN wbp w ON w.id = en.wbp_id LEFT JOIN movement m ON m.session_id = ts.id AND m.wbp_id = w.id "
        "WHERE " SITE_SCOPE("ts") " AND ts.session_date = ? AND ts.cancelled = 0 AND (p.outside = 1 OR p.place = 'blk') "
        "AND (en.status IN ('terdaftar', 'selesai', 'tidak_lulus') OR m.id IS NOT NULL) "
        "ORDER BY ts.start_time, p.name, ts.id, w.name, w.id",
        "iiiit", all, all, site_id, site_id, date);
    if (!st) return -1;
    int cap = 0, rc;
    mv_session_t *s = NULL;
    int pcap = 0;
    while ((rc = db_step(st, e)) == 1) {
        int64_t sid = db_col_int(st, 0);
        if (!*n || (*out)[*n - 1].session_id != sid) {
            s = ARENA_PUSH(a, *out, *n, cap);
            s->session_id = sid, s->program_id = db_col_int(st, 1), s->site_id = db_col_int(st, 2);
            s->site_code = dup(a, st, 3), s->date = dup(a, st, 4), s->start_time = dup(a, st, 5);
            s->end_time = dup(a, st, 6), s->program = dup(a, st, 7), s->place = dup(a, st, 8);
            movement_session_end(s->date, s->end_time, s->session_end);
            pcap = 0;
        }
        mv_person_t *p = ARENA_PUSH(a, s->people, s->npeople, pcap);
        p->wbp_id = db_col_int(st, 9), p->regno = dup(a, st, 10), p->name = dup(a, st, 11);
        p->movement_id = db_col_null(st, 12) ? 0 : db_col_int(st, 12);
        p->escort = dup(a, st, 13), p->departed_at = dup(a, st, 14), p->returned_at = dup(a, st, 15);
        p->late = movement_late(s->session_end, p->departed_at, p->returned_at, now_local);
        if (p->late) s->nlate++;
        if (p->escort && *p->escort && !s->escort) s->escort = p->escort;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

struct rec_ctx {
    const actor_t *who;
    int64_t uid, session_id, wbp_id;
    bool depart;
    const char *escort, *time;
    field_errs_t *fe;
    int count;
    char date[11];
};

static int record_tx(db_t *db, void *vc, err_t *e)
{
    struct rec_ctx *c = vc;
    c->count = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT ts.site_id, ts.session_date, ts.end_time, ts.program_id, ts.cancelled, "
                             "CASE WHEN p.outside = 1 OR p.place = 'blk' THEN 1 ELSE 0 END FROM training_session ts "
                             "JOIN program p ON p.id = ts.program_id WHERE ts.id = ? AND " SITE_SCOPE("ts"),
                             "iiiii", c->session_id, c->uid, c->uid, (int64_t)0, (int64_t)0);
    if (!st) return -1;
    int rc = db_step(st, e);
    int64_t site = 0, program = 0, cancelled = 0, outside = 0;
    char date[11] = "";
    if (rc == 1) {
        site = db_col_int(st, 0), program = db_col_int(st, 3), cancelled = db_col_int(st, 4), outside = db_col_int(st, 5);
        snprintf(date, sizeof date, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
    }
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0) return -1;
    if (!site) return err_set(e, 404, "not_found", "%s", _("Sesi pelatihan tidak ditemukan"));
    if (!outside)
        return err_set(e, 422, "not_outside", "%s", _("Program sesi ini tidak diadakan di luar tembok"));
    if (cancelled) return err_set(e, 422, "cancelled", "%s", _("Sesi ini dibatalkan"));
    snprintf(c->date, sizeof c->date, "%s", date);
    char at[17];
    if (c->time && *c->time) {
        if (!movement_time_valid(c->time)) {
            field_err(c->fe, "time", "%s", _("Jam harus berbentuk JJ:MM, misalnya 07:30"));
            return 0;
        }
        snprintf(at, sizeof at, "%s %s", date, c->time);
    } else {
        movement_now_local(db, site, at);
    }
    /* field checks only after the session is known visible: another site's session is 404 */
    if (!c->depart && !c->wbp_id) {
        field_err(c->fe, "wbp_id", "%s", _("Sebutkan WBP yang kembali"));
        return 0;
    }
    if (c->depart && (!c->escort || !*c->escort)) {
        field_err(c->fe, "escort", "%s", _("Tuliskan nama petugas pengawal"));
        return 0;
    }
    if (c->escort && strlen(c->escort) > 300) {
        field_err(c->fe, "escort", "%s", _("Nama petugas pengawal paling banyak 300 karakter"));
        return 0;
    }
    /* the people concerned: one, or (departure without a person) every participant not yet out */
    int64_t ids[512];
    int nid = 0;
    st = db_query(db, e,
                  "SELECT en.wbp_id FROM enrolment en WHERE en.program_id = ? AND en.status IN ('terdaftar', 'selesai', "
                  "'tidak_lulus') AND (CAST(? AS BIGINT) = 0 OR en.wbp_id = ?) AND NOT EXISTS (SELECT 1 FROM movement m "
                  "WHERE m.session_id = ? AND m.wbp_id = en.wbp_id AND m.departed_at IS NOT NULL AND CAST(? AS BIGINT) = 0) "
                  "ORDER BY en.wbp_id",
                  "iiiii", program, c->wbp_id, c->wbp_id, c->session_id, c->wbp_id);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1)
        if (nid < (int)ARRAY_LEN(ids)) ids[nid++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0) return -1;
    if (c->wbp_id && !nid)
        return err_set(e, 404, "not_found", "%s", _("WBP ini bukan peserta sesi pelatihan ini"));
    char now[32];
    now_iso(now);
    for (int i = 0; i < nid; i++) {
        st = db_query(db, e, "SELECT id, departed_at, returned_at FROM movement WHERE session_id = ? AND wbp_id = ?", "ii",
                      c->session_id, ids[i]);
        if (!st) return -1;
        int64_t mid = 0;
        char dep[17] = "", ret[17] = "";
        if ((rc = db_step(st, e)) == 1) {
            mid = db_col_int(st, 0);
            snprintf(dep, sizeof dep, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
            snprintf(ret, sizeof ret, "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
        }
        while (rc == 1) rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0) return -1;
        char after[512];
        if (c->depart) {
            if (*dep) return err_set(e, 409, "already_departed", "%s", _("Keberangkatan WBP ini sudah dicatat"));
            if (mid) {
                if (db_run(db, e,
                           "UPDATE movement SET escort = ?, departed_at = ?, updated_at = ?, updated_by = "
                           "NULLIF(CAST(? AS BIGINT), 0) WHERE id = ?",
                           "tttii", c->escort, at, now, c->who->user_id, mid) < 0)
                    return -1;
            } else {
                mid = db_one_int(db, e,
                                 "INSERT INTO movement(site_id, session_id, wbp_id, escort, departed_at, created_at, "
                                 "created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), "
                                 "?, NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                                 "iiitttiti", site, c->session_id, ids[i], c->escort, at, now, c->who->user_id, now,
                                 c->who->user_id);
                if (mid < 0) return -1;
            }
            json_t *j = json_pack("{s:I,s:I,s:s,s:s}", "session_id", (json_int_t)c->session_id, "wbp_id",
                                  (json_int_t)ids[i], "escort", c->escort, "departed_at", at);
            if (audit_write(db, e,
                            &(audit_write_t){c->who, site, "depart", "movement", mid, .after = j, .after_text = "{}",
                                             .sort_keys = true}) < 0)
                return -1;
        } else {
            if (!*dep) return err_set(e, 409, "not_departed", "%s", _("Keberangkatan WBP ini belum dicatat"));
            if (*ret) return err_set(e, 409, "already_returned", "%s", _("Kepulangan WBP ini sudah dicatat"));
            if (strcmp(at, dep) < 0) {
                field_err(c->fe, "time", _("Jam kembali tidak boleh sebelum jam berangkat (%s)"), dep + 11);
                return 0;
            }
            if (db_run(db, e,
                       "UPDATE movement SET returned_at = ?, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
                       "WHERE id = ?",
                       "ttii", at, now, c->who->user_id, mid) < 0)
                return -1;
            snprintf(after, sizeof after, "{\"returned_at\":\"%s\"}", at);
            if (audit_append(db, e, c->who, site, "return", "movement", mid, NULL, after) < 0) return -1;
        }
        c->count++;
    }
    return 0;
}

int movement_record(db_t *db, err_t *e, const actor_t *who, int64_t uid, int64_t session_id, int64_t wbp_id, bool depart,
                    const char *escort, const char *time, field_errs_t *fe, int *count, char *session_date)
{
    struct rec_ctx c = {who, uid, session_id, wbp_id, depart, escort, time, fe, 0, ""};
    int before = fe->n;
    if (db_tx(db, record_tx, &c, e) < 0) return -1;
    if (fe->n > before) return 0;
    if (count) *count = c.count;
    if (session_date) snprintf(session_date, 11, "%s", c.date);
    return 0;
}

int movement_late_count(db_t *db, err_t *e, int64_t uid, const char *from, const char *to, const char *now_local,
                        int64_t *count, char first[11])
{
    *count = 0, first[0] = 0;
    db_stmt_t *st = db_query(db, e,
                             "SELECT count(*), min(ts.session_date) FROM movement m JOIN training_session ts ON ts.id = "
                             "m.session_id WHERE " SITE_SCOPE("ts") " AND ts.session_date >= ? AND ts.session_date <= ? "
                             "AND m.departed_at IS NOT NULL AND ((m.returned_at IS NULL AND ? > ts.session_date || ' ' || "
                             "ts.end_time) OR m.returned_at > ts.session_date || ' ' || ts.end_time)",
                             "iiiittt", uid, uid, (int64_t)0, (int64_t)0, from, to, now_local);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) {
        *count = db_col_int(st, 0);
        snprintf(first, 11, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
    }
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}
