/* training_store.c — loading a programme's training data and writing sessions,
 * attendance, competency results and competency tests (see training_store.h). */
#include "training_store.h"
#include "rowmap.h"
#include "../core/training.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static date_t parse_date(const char *s)
{
    date_t d;
    return s && date_parse(s, &d) ? d : DATE_NONE;
}

/* The column tables of trn_load's queries, in SELECT order (store/rowmap.h). A date
 * kept both as text and as date_t is selected twice. */
#define C(f, t) RM_COL(trn_program_t, t, f)
static const rm_col_t program_cols[] = {
    C(id, RM_INT),         C(site_id, RM_INT),      C(kejuruan_id, RM_INT),  C(agreement_id, RM_INT),
    C(provider_id, RM_INT), C(name, RM_TEXT),       C(site_code, RM_TEXT),   C(site_name, RM_TEXT),
    C(site_address, RM_TEXT), C(trade_code, RM_TEXT), C(trade_name, RM_TEXT), C(provider_name, RM_TEXT),
    C(start_date, RM_TEXT), C(start, RM_DATE),      C(end_date, RM_TEXT),    C(end, RM_DATE),
    C(status, RM_TEXT),    C(phase, RM_I32),        C(total_jp, RM_I32)};
#undef C
#define C(f, t) RM_COL(trn_unit_t, t, f)
static const rm_col_t unit_cols[] = {C(id, RM_INT), C(seq, RM_I32), C(code, RM_TEXT), C(title, RM_TEXT), C(jp, RM_I32)};
#undef C
#define C(f, t) RM_COL(trn_session_t, t, f)
static const rm_col_t session_cols[] = {
    C(id, RM_INT),      C(date_iso, RM_TEXT),      C(date, RM_DATE),          C(start_time, RM_TEXT),
    C(end_time, RM_TEXT), C(jp, RM_I32),           C(unit_id, RM_INT),        C(instructor_id, RM_INT),
    C(topic, RM_TEXT),  C(cancelled, RM_BOOL),     C(cancel_reason, RM_TEXT)};
#undef C
#define C(f, t) RM_COL(trn_participant_t, t, f)
static const rm_col_t person_cols[] = {C(enrolment_id, RM_INT), C(wbp_id, RM_INT), C(name, RM_TEXT), C(regno, RM_TEXT),
                                       RM_ENUM_COL(trn_participant_t, status, enrol_status_parse),
                                       C(status_at, RM_TEXT)};
#undef C
#define C(f, t) RM_COL(trn_att_t, t, f)
static const rm_col_t att_cols[] = {C(id, RM_INT),         C(session_id, RM_INT),
                                    C(enrolment_id, RM_INT), RM_ENUM_COL(trn_att_t, status, att_status_parse),
                                    C(note, RM_TEXT),       C(entered_at, RM_TEXT),
                                    C(entered_by, RM_INT),  C(updated_at, RM_TEXT)};
#undef C
#define C(f, t) RM_COL(trn_result_t, t, f)
static const rm_col_t result_cols[] = {C(id, RM_INT),          C(enrolment_id, RM_INT), C(unit_id, RM_INT),
                                       C(kompeten, RM_BOOL),   C(assessed_on, RM_TEXT), C(date, RM_DATE),
                                       C(assessor, RM_TEXT),   C(evidence, RM_TEXT),    C(created_at, RM_TEXT)};
#undef C
static const rm_spec_t program_spec = RM_SPEC(trn_program_t, program_cols);
static const rm_spec_t unit_spec = RM_SPEC(trn_unit_t, unit_cols);
static const rm_spec_t session_spec = RM_SPEC(trn_session_t, session_cols);
static const rm_spec_t person_spec = RM_SPEC(trn_participant_t, person_cols);
static const rm_spec_t att_spec = RM_SPEC(trn_att_t, att_cols);
static const rm_spec_t result_spec = RM_SPEC(trn_result_t, result_cols);

int trn_load(db_t *db, err_t *e, arena_t *a, int64_t program_id, trn_data_t *d)
{
    memset(d, 0, sizeof *d);
    int rc = rm_one(db_query(db, e,
                             "SELECT p.id, p.site_id, p.kejuruan_id, p.agreement_id, COALESCE(p.provider_id, 0), p.name, "
                             "s.code, s.name, s.address, k.code, k.name, pr.name, p.start_date, p.start_date, p.end_date, "
                             "p.end_date, p.status, p.phase, COALESCE(p.total_jp, 0) FROM program p "
                             "JOIN site s ON s.id = p.site_id JOIN kejuruan k ON k.id = p.kejuruan_id "
                             "LEFT JOIN partner pr ON pr.id = p.provider_id WHERE p.id = ?",
                             "i", program_id),
                    e, a, &program_spec, &d->p);
    if (rc <= 0) return rc;
    d->units = rm_list(db_query(db, e, "SELECT id, seq, code, title, jp FROM competency_unit WHERE kejuruan_id = ? "
                                       "ORDER BY seq, id", "i", d->p.kejuruan_id),
                       e, a, &unit_spec, &d->n_units);
    if (!d->units) return -1;
    d->sessions = rm_list(db_query(db, e,
                                   "SELECT id, session_date, session_date, start_time, end_time, jp, COALESCE(unit_id, 0), "
                                   "COALESCE(instructor_id, 0), topic, cancelled, cancel_reason FROM training_session "
                                   "WHERE program_id = ? ORDER BY session_date, start_time, id",
                                   "i", program_id),
                          e, a, &session_spec, &d->n_sessions);
    if (!d->sessions) return -1;
    /* only the statuses listed, so every status parses */
    d->people = rm_list(db_query(db, e,
                                 "SELECT e.id, e.wbp_id, w.name, w.regno, e.status, e.status_at FROM enrolment e "
                                 "JOIN wbp w ON w.id = e.wbp_id WHERE e.program_id = ? "
                                 "AND e.status IN ('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus') ORDER BY w.name, e.id",
                                 "i", program_id),
                        e, a, &person_spec, &d->n_people);
    if (!d->people) return -1;
    d->att = rm_list(db_query(db, e,
                              "SELECT a.id, a.session_id, a.enrolment_id, a.status, a.note, a.entered_at, "
                              "COALESCE(a.entered_by, 0), a.updated_at FROM attendance a "
                              "JOIN training_session t ON t.id = a.session_id WHERE t.program_id = ? "
                              "ORDER BY a.session_id, a.enrolment_id",
                              "i", program_id),
                     e, a, &att_spec, &d->n_att);
    if (!d->att) return -1;
    d->results = rm_list(db_query(db, e,
                                  "SELECT r.id, r.enrolment_id, r.unit_id, CASE WHEN r.result = 'kompeten' THEN 1 ELSE 0 END, "
                                  "r.assessed_on, r.assessed_on, r.assessor, r.evidence, r.created_at FROM competency_result r "
                                  "JOIN enrolment e ON e.id = r.enrolment_id WHERE e.program_id = ? "
                                  "ORDER BY r.enrolment_id, r.unit_id, r.assessed_on, r.id",
                                  "i", program_id),
                         e, a, &result_spec, &d->n_results);
    return d->results ? 1 : -1;
}

const trn_att_t *trn_att_find(const trn_data_t *d, int64_t session_id, int64_t enrolment_id)
{
    int lo = 0, hi = d->n_att - 1;
    while (lo <= hi) { /* sorted by (session_id, enrolment_id) */
        int mid = (lo + hi) / 2;
        const trn_att_t *x = &d->att[mid];
        if (x->session_id == session_id && x->enrolment_id == enrolment_id) return x;
        if (x->session_id < session_id || (x->session_id == session_id && x->enrolment_id < enrolment_id)) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}

int trn_unit_index(const trn_data_t *d, int64_t unit_id) { return RM_INDEX(d->units, d->n_units, id, unit_id); }
int trn_person_index(const trn_data_t *d, int64_t enrolment_id)
{
    return RM_INDEX(d->people, d->n_people, enrolment_id, enrolment_id);
}
int trn_session_index(const trn_data_t *d, int64_t session_id)
{
    return RM_INDEX(d->sessions, d->n_sessions, id, session_id);
}

bool trn_person_attends(const trn_participant_t *p)
{
    return p->status == ENROL_TERDAFTAR || p->status == ENROL_SELESAI || p->status == ENROL_TIDAK_LULUS;
}

int trn_rules(const trn_data_t *d, train_rules_t *out, err_t *e)
{
    return train_rules_builtin_at(d->p.start == DATE_NONE ? 0 : d->p.start, NULL, out, e);
}

void trn_evaluate(const trn_data_t *d, const train_rules_t *r, int person, date_t at, comp_eval_t *out)
{
    int64_t eid = d->people[person].enrolment_id;
    att_session_t *ss = xmalloc(sizeof *ss * (size_t)(d->n_sessions + 1));
    signed char *status = xmalloc((size_t)d->n_sessions + 1);
    size_t n = 0;
    for (int i = 0; i < d->n_sessions; i++) {
        const trn_session_t *s = &d->sessions[i];
        if (s->cancelled || s->date == DATE_NONE) continue;
        const trn_att_t *x = trn_att_find(d, s->id, eid);
        ss[n] = (att_session_t){s->date, s->jp};
        status[n++] = (signed char)(x && x->status >= 0 ? x->status : ATT_NONE);
    }
    comp_assessment_t *as = xmalloc(sizeof *as * (size_t)(d->n_results + 1));
    size_t na = 0;
    for (int i = 0; i < d->n_results; i++) {
        const trn_result_t *x = &d->results[i];
        int u = trn_unit_index(d, x->unit_id);
        if (x->enrolment_id != eid || u < 0 || x->date == DATE_NONE) continue;
        as[na++] = (comp_assessment_t){u, x->kompeten, x->date};
    }
    const char **codes = xmalloc(sizeof *codes * (size_t)(d->n_units + 1));
    for (int i = 0; i < d->n_units; i++) codes[i] = d->units[i].code ? d->units[i].code : d->units[i].title;
    comp_programme_t prog = {ss, n, (size_t)d->n_units, codes};
    comp_participant_t p = {status, as, na};
    comp_evaluate(r, &prog, &p, at, out);
    free(codes);
    free(as);
    free(status);
    free(ss);
}

int trn_scheduled_jp(const trn_data_t *d, date_t at)
{
    int jp = 0;
    for (int i = 0; i < d->n_sessions; i++)
        if (!d->sessions[i].cancelled && (at == DATE_NONE || d->sessions[i].date <= at)) jp += d->sessions[i].jp;
    return jp;
}

int trn_holidays(db_t *db, err_t *e, arena_t *a, int64_t site_id, date_t from, date_t to, date_t **out, int *n)
{
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    date_format(from, f);
    date_format(to, t);
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    db_stmt_t *st = db_query(db, e,
                             "SELECT holiday_date FROM holiday WHERE site_id = ? AND holiday_date >= ? "
                             "AND holiday_date <= ? ORDER BY holiday_date",
                             "itt", site_id, f, t);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1) {
        date_t d = parse_date(db_col_text(st, 0));
        if (d != DATE_NONE) *ARENA_PUSH(a, *out, *n, cap) = d;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The JSON text of a session as trn_data_t holds it (for the audit log; caller frees). */
static char *session_json(const trn_session_t *s, int64_t program_id)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:i,s:b}", "program_id", (json_int_t)program_id, "session_date",
                          s->date_iso ? s->date_iso : "", "start_time", s->start_time ? s->start_time : "", "end_time",
                          s->end_time ? s->end_time : "", "jp", s->jp, "cancelled", s->cancelled);
    if (s->unit_id) json_object_set_new(o, "unit_id", json_integer(s->unit_id));
    if (s->instructor_id) json_object_set_new(o, "instructor_id", json_integer(s->instructor_id));
    char *txt = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return txt;
}

int trn_sessions_replace(db_t *db, err_t *e, const actor_t *who, const trn_data_t *d, const sched_result_t *res,
                         const int64_t *unit_ids, int64_t instructor_id, int *created)
{
    *created = 0;
    int64_t entered = db_one_int(db, e,
                                 "SELECT count(*) FROM attendance a JOIN training_session t ON t.id = a.session_id "
                                 "WHERE t.program_id = ?",
                                 "i", d->p.id);
    if (entered < 0) return -1;
    if (entered > 0)
        return err_set(e, 409, "attendance_exists",
                       _("Jadwal tidak dapat dibuat ulang: sudah ada %lld catatan kehadiran. Ubah sesi satu per satu."),
                       (long long)entered);
    for (int i = 0; i < d->n_sessions; i++) {
        const trn_session_t *s = &d->sessions[i];
        if (s->cancelled) continue;
        if (db_run(db, e, "DELETE FROM training_session WHERE id = ?", "i", s->id) < 0) return -1;
        char *b = session_json(s, d->p.id);
        int rc = audit_append(db, e, who, d->p.site_id, "delete", "training_session", s->id, b, NULL);
        free(b);
        if (rc < 0) return -1;
    }
    arena_t a;
    arena_init(&a);
    int ret = 0;
    for (size_t i = 0; i < res->n_sessions && ret == 0; i++) {
        const sched_session_t *s = &res->sessions[i];
        char date[DATE_ISO_LEN], st[8], en[8];
        date_format(s->date, date);
        sched_time_format(s->start, st);
        sched_time_format(s->end, en);
        const char *v[TSF_COUNT] = {0};
        v[TSF_PROGRAM_ID] = arena_printf(&a, "%lld", (long long)d->p.id);
        v[TSF_SESSION_DATE] = date;
        v[TSF_START_TIME] = st;
        v[TSF_END_TIME] = en;
        v[TSF_JP] = arena_printf(&a, "%d", s->jp);
        int64_t uid = s->unit >= 0 && unit_ids ? unit_ids[s->unit] : 0;
        if (uid) v[TSF_UNIT_ID] = arena_printf(&a, "%lld", (long long)uid);
        if (instructor_id) v[TSF_INSTRUCTOR_ID] = arena_printf(&a, "%lld", (long long)instructor_id);
        v[TSF_CANCELLED] = "0";
        if (rec_insert(db, e, &session_def, who, d->p.site_id, v) < 0) ret = -1;
        else (*created)++;
    }
    arena_release(&a);
    return ret;
}

/* "YYYY-MM-DDTHH:MM:SSZ" of t (seconds since the epoch, UTC). */
static void iso_time(int64_t t, char out[32])
{
    date_t d = (date_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
    int64_t s = t - (int64_t)d * 86400;
    char day[DATE_ISO_LEN];
    date_format(d, day);
    snprintf(out, 32, "%sT%02d:%02d:%02dZ", day, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

static char *att_json(int64_t session_id, int64_t enrolment_id, const char *status, const char *note, bool late,
                      const char *reason)
{
    json_t *o = json_pack("{s:I,s:I,s:s,s:s}", "session_id", (json_int_t)session_id, "enrolment_id",
                          (json_int_t)enrolment_id, "status", status, "note", note ? note : "");
    if (late) json_object_set_new(o, "late", json_true());
    if (reason && *reason) json_object_set_new(o, "reason", json_string(reason));
    char *txt = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return txt;
}

int trn_attendance_save(db_t *db, err_t *e, const actor_t *who, const att_rules_t *rules, int utc_offset_min,
                        int64_t now, const trn_data_t *d, const trn_session_t *s, const trn_att_entry_t *entries,
                        int n, const char *reason, trn_att_outcome_t *out)
{
    memset(out, 0, sizeof *out);
    if (s->cancelled)
        return err_set(e, 409, "session_cancelled", _("Sesi %s dibatalkan; kehadirannya tidak dicatat"), s->date_iso);
    date_t today = (date_t)((now + (int64_t)utc_offset_min * 60) / 86400);
    if (s->date > today)
        return err_set(e, 422, "session_in_future", _("Sesi tanggal %s belum berlangsung; kehadirannya belum dapat dicatat"),
                       s->date_iso);
    char now_s[32];
    iso_time(now, now_s);
    unsigned role = att_role_bit(who->role);
    for (int i = 0; i < n; i++) {
        const trn_att_entry_t *x = &entries[i];
        if (x->status == ATT_NONE) continue;
        int pi = trn_person_index(d, x->enrolment_id);
        if (pi < 0 || !trn_person_attends(&d->people[pi]))
            return err_set(e, 422, "not_participant", _("Pendaftaran %lld bukan peserta program ini"),
                           (long long)x->enrolment_id);
        const char *note = x->note ? x->note : "";
        const char *status = att_status_name(x->status);
        /* read the entry inside the transaction: the grid the user saw may be stale */
        db_stmt_t *st = db_query(db, e, "SELECT id, status, note, entered_at FROM attendance WHERE session_id = ? "
                                        "AND enrolment_id = ?", "ii", s->id, x->enrolment_id);
        if (!st) return -1;
        int rc = db_step(st, e);
        int64_t id = 0;
        char old_status[16] = "", old_note[600] = "", entered_at[40] = "";
        if (rc == 1) {
            id = db_col_int(st, 0);
            snprintf(old_status, sizeof old_status, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
            snprintf(old_note, sizeof old_note, "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
            snprintf(entered_at, sizeof entered_at, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
            while (db_step(st, e) == 1) {}
        }
        db_finalize(st);
        if (rc < 0) return -1;
        const char *who_name = d->people[pi].name;
        if (!id) {
            if (!(role & rules->entry_roles))
                return err_set(e, 403, "entry_refused", _("Peran %s tidak boleh mencatat kehadiran menurut aturan pelatihan"),
                               who->role);
            id = db_one_int(db, e,
                            "INSERT INTO attendance(site_id, session_id, enrolment_id, status, note, entered_at, "
                            "entered_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), "
                            "?, NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                            "iiitttiti", d->p.site_id, s->id, x->enrolment_id, status, note, now_s, who->user_id,
                            now_s, who->user_id);
            if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "kehadiran tidak tersimpan");
            char *af = att_json(s->id, x->enrolment_id, status, note, false, NULL);
            rc = audit_append(db, e, who, d->p.site_id, "create", "attendance", id, NULL, af);
            free(af);
            if (rc < 0) return -1;
            out->inserted++;
            continue;
        }
        if (str_eq(old_status, status) && str_eq(old_note, note)) {
            out->unchanged++;
            continue;
        }
        int64_t t_entered = 0;
        if (!att_time_parse(entered_at, 0, &t_entered)) t_entered = 0;
        corr_result_t cr;
        att_correction_check(rules, t_entered, now, who->role, reason, utc_offset_min, &cr);
        if (cr.decision == CORR_REFUSED)
            return err_set(e, 403, "correction_refused", _("Kehadiran %s tidak dapat dikoreksi: %s"), who_name, cr.msg);
        if (cr.decision == CORR_NEEDS_REASON)
            return err_set(e, 422, "reason_required", _("Kehadiran %s: %s"), who_name, cr.msg);
        if (db_run(db, e,
                   "UPDATE attendance SET status = ?, note = ?, updated_at = ?, updated_by = NULLIF(CAST(? AS BIGINT), 0) "
                   "WHERE id = ?",
                   "tttii", status, note, now_s, who->user_id, id) < 0)
            return -1;
        const char *why = cr.late && reason ? reason : "";
        if (db_run(db, e,
                   "INSERT INTO attendance_change(site_id, attendance_id, at, user_id, from_status, to_status, "
                   "from_note, to_note, late, reason) VALUES (?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?)",
                   "iitittttit", d->p.site_id, id, now_s, who->user_id, old_status, status, old_note, note,
                   (int64_t)(cr.late ? 1 : 0), why) < 0)
            return -1;
        char *bf = att_json(s->id, x->enrolment_id, old_status, old_note, false, NULL);
        char *af = att_json(s->id, x->enrolment_id, status, note, cr.late, reason);
        rc = audit_append(db, e, who, d->p.site_id, cr.late ? "correct_late" : "correct", "attendance", id, bf, af);
        free(bf);
        free(af);
        if (rc < 0) return -1;
        out->corrected++;
        if (cr.late) out->late++;
    }
    return 0;
}

int64_t trn_result_add(db_t *db, err_t *e, const actor_t *who, const trn_data_t *d, int64_t enrolment_id,
                       int64_t unit_id, bool kompeten, const char *assessed_on, const char *assessor,
                       const char *evidence)
{
    int pi = trn_person_index(d, enrolment_id);
    if (pi < 0 || !trn_person_attends(&d->people[pi]))
        return err_set(e, 422, "not_participant", _("Pendaftaran %lld bukan peserta program ini"), (long long)enrolment_id);
    if (trn_unit_index(d, unit_id) < 0)
        return err_set(e, 422, "unknown_unit", _("Unit kompetensi %lld bukan unit kejuruan program ini"), (long long)unit_id);
    char now[32];
    now_iso(now);
    const char *res = kompeten ? "kompeten" : "belum_kompeten";
    int64_t id = db_one_int(db, e,
                            "INSERT INTO competency_result(site_id, enrolment_id, unit_id, result, assessed_on, assessor, "
                            "evidence, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            "NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                            "iiitttttiti", d->p.site_id, enrolment_id, unit_id, res, assessed_on, assessor,
                            evidence ? evidence : "", now, who->user_id, now, who->user_id);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "hasil tidak tersimpan");
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "enrolment_id", (json_int_t)enrolment_id, "unit_id",
                          (json_int_t)unit_id, "result", res, "assessed_on", assessed_on, "assessor", assessor,
                          "evidence", evidence ? evidence : "");
    int rc = audit_write(db, e, &(audit_write_t){who, d->p.site_id, "create", "competency_result", id, .after = o});
    return rc < 0 ? -1 : id;
}

int64_t trn_uji_add(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const trn_uji_t *u)
{
    char now[32];
    now_iso(now);
    int64_t id = db_one_int(db, e,
                            "INSERT INTO uji_kompetensi(site_id, enrolment_id, lsp, scheme, test_date, result, "
                            "bnsp_number, bnsp_issued, bnsp_expiry, notes, created_at, created_by, updated_at, updated_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, "
                            "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                            "iitttttttttiti", site_id, u->enrolment_id, u->lsp, u->scheme ? u->scheme : "",
                            u->test_date, u->result, u->bnsp_number, u->bnsp_issued, u->bnsp_expiry,
                            u->notes ? u->notes : "", now, who->user_id, now, who->user_id);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "db_error", "uji kompetensi tidak tersimpan");
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "enrolment_id", (json_int_t)u->enrolment_id, "lsp", u->lsp,
                          "scheme", u->scheme ? u->scheme : "", "test_date", u->test_date, "result", u->result);
    if (u->bnsp_number) json_object_set_new(o, "bnsp_number", json_string(u->bnsp_number));
    if (u->bnsp_issued) json_object_set_new(o, "bnsp_issued", json_string(u->bnsp_issued));
    if (u->bnsp_expiry) json_object_set_new(o, "bnsp_expiry", json_string(u->bnsp_expiry));
    int rc = audit_write(db, e, &(audit_write_t){who, site_id, "create", "uji_kompetensi", id, .after = o});
    return rc < 0 ? -1 : id;
}

#define C(f, t) RM_COL(trn_uji_t, t, f)
static const rm_col_t uji_cols[] = {C(id, RM_INT),          C(enrolment_id, RM_INT), C(lsp, RM_TEXT),
                                    C(scheme, RM_TEXT),     C(test_date, RM_TEXT),   C(result, RM_TEXT),
                                    C(bnsp_number, RM_TEXT), C(bnsp_issued, RM_TEXT), C(bnsp_expiry, RM_TEXT),
                                    C(notes, RM_TEXT),      C(created_at, RM_TEXT)};
#undef C
static const rm_spec_t uji_spec = RM_SPEC(trn_uji_t, uji_cols);

RM_LIST_BY_ID(trn_uji_list, trn_uji_t, uji_spec,
              "SELECT id, enrolment_id, lsp, scheme, test_date, result, bnsp_number, bnsp_issued, "
              "bnsp_expiry, notes, created_at FROM uji_kompetensi WHERE enrolment_id = ? "
              "ORDER BY test_date DESC, id DESC")

#define C(f, t) RM_COL(trn_event_t, t, f)
static const rm_col_t event_cols[] = {C(at, RM_TEXT), C(from_status, RM_TEXT), C(to_status, RM_TEXT), C(reason, RM_TEXT),
                                      C(user_name, RM_TEXT)};
#undef C
static const rm_spec_t event_spec = RM_SPEC(trn_event_t, event_cols);

RM_LIST_BY_ID(trn_enrolment_events, trn_event_t, event_spec,
              "SELECT ev.at, ev.from_status, ev.to_status, ev.reason, u.name FROM enrolment_event ev "
              "LEFT JOIN app_user u ON u.id = ev.user_id WHERE ev.enrolment_id = ? ORDER BY ev.at, ev.id")

#define C(f, t) RM_COL(trn_change_t, t, f)
static const rm_col_t change_cols[] = {C(session_id, RM_INT), C(enrolment_id, RM_INT), C(at, RM_TEXT),
                                       C(from_status, RM_TEXT), C(to_status, RM_TEXT),  C(reason, RM_TEXT),
                                       C(user_name, RM_TEXT),  C(late, RM_BOOL)};
#undef C
static const rm_spec_t change_spec = RM_SPEC(trn_change_t, change_cols);

int trn_att_changes(db_t *db, err_t *e, arena_t *a, int64_t session_id, int64_t enrolment_id, trn_change_t **out,
                    int *n)
{
    *out = rm_list(db_query(db, e,
                            "SELECT a.session_id, a.enrolment_id, c.at, c.from_status, c.to_status, c.reason, u.name, "
                            "c.late FROM attendance_change c JOIN attendance a ON a.id = c.attendance_id "
                            "LEFT JOIN app_user u ON u.id = c.user_id WHERE (? = 0 OR a.session_id = ?) "
                            "AND (? = 0 OR a.enrolment_id = ?) ORDER BY c.at DESC, c.id DESC LIMIT 200",
                            "iiii", session_id, session_id, enrolment_id, enrolment_id),
                   e, a, &change_spec, n);
    return *out ? 0 : -1;
}

/* ---------------------------------------------------------------- the session form's references */

int trn_session_units(db_t *db, err_t *e, arena_t *a, int64_t session_id, int *n, int64_t **ids,
                      const char ***labels)
{
    *n = 0;
    int64_t cnt = db_one_int(db, e,
                             "SELECT count(*) FROM competency_unit u JOIN program p ON p.kejuruan_id = u.kejuruan_id "
                             "JOIN training_session t ON t.program_id = p.id WHERE t.id = ?",
                             "i", session_id);
    if (cnt < 0) return -1;
    *ids = arena_alloc(a, sizeof **ids * (size_t)(cnt + 1));
    *labels = arena_alloc(a, sizeof **labels * (size_t)(cnt + 1));
    db_stmt_t *st = db_query(db, e,
                             "SELECT u.id, u.seq, u.title FROM competency_unit u JOIN program p ON p.kejuruan_id = "
                             "u.kejuruan_id JOIN training_session t ON t.program_id = p.id WHERE t.id = ? ORDER BY u.seq",
                             "i", session_id);
    if (!st) return -1;
    while (db_step(st, e) == 1 && *n < cnt) {
        (*ids)[*n] = db_col_int(st, 0);
        (*labels)[*n] = arena_printf(a, "%lld. %s", (long long)db_col_int(st, 1), db_col_text(st, 2));
        (*n)++;
    }
    db_finalize(st);
    return 0;
}

const char *trn_unit_label(db_t *db, err_t *e, arena_t *a, int64_t unit_id)
{
    db_stmt_t *st = db_query(db, e, "SELECT seq, title FROM competency_unit WHERE id = ?", "i", unit_id);
    const char *s = NULL;
    if (st && db_step(st, e) == 1) s = arena_printf(a, "%lld. %s", (long long)db_col_int(st, 0), db_col_text(st, 1));
    db_finalize(st);
    return s;
}

int trn_unit_at_site(db_t *db, err_t *e, int64_t site_id, int64_t unit_id)
{
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM competency_unit WHERE id = ? AND site_id = ?", "ii", unit_id,
                           site_id);
    return n < 0 ? -1 : n > 0;
}

int trn_unit_of_program(db_t *db, err_t *e, int64_t unit_id, int64_t program_id)
{
    int64_t n = db_one_int(db, e,
                           "SELECT count(*) FROM competency_unit u JOIN program p ON p.kejuruan_id = u.kejuruan_id "
                           "WHERE u.id = ? AND p.id = ?",
                           "ii", unit_id, program_id);
    return n < 0 ? -1 : n > 0;
}

int trn_program_start(db_t *db, err_t *e, arena_t *a, int64_t program_id, const char **start)
{
    *start = NULL;
    db_stmt_t *st = db_query(db, e, "SELECT start_date FROM program WHERE id = ?", "i", program_id);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) *start = arena_strdup(a, db_col_text(st, 0));
    db_finalize(st);
    return rc;
}
