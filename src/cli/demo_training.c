/* demo_training.c — the finished phase-1 programme of `bekal init --demo` (issue
 * 6): "Las listrik tahap 1" (3 May - 14 June 2021) run from start to end with the
 * same store functions the pages use: the site's 2021 holidays, the generated
 * sessions (Monday to Saturday, 8 JP a day, one day cancelled), six participants
 * enrolled, their attendance entered on each session's day by the instructor,
 * competency results per unit (one re-assessment), completion by the rule set
 * (one participant fails on attendance), certificates for those who completed,
 * and one external competency test (uji kompetensi) with its BNSP certificate.
 *
 * Participants: the programme's enrolments when placement (issue 5) made any,
 * else the first six inmates by id who were in custody for the whole programme
 * (detained before it started, expiry after it ended), enrolled as placed. The
 * synthetic register's coaching scores do not reach back to 2021, so none of them
 * is asimilasi-eligible on the start date; the programme is held inside the Lapas.
 * Everything is deterministic (fixed dates, patterns by position). */
#include "demo.h"
#include "../core/training.h"
#include "../store/cert_store.h"
#include "../store/elig_store.h"
#include "../store/enrol_store.h"
#include "../store/records.h"
#include "../store/training_store.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PEOPLE 6
#define WIB (7 * 3600)

static const struct {
    const char *date, *name;
} holidays_2021[] = {
    {"2021-05-12", "Cuti bersama Idul Fitri 1442 H"},
    {"2021-05-13", "Hari Raya Idul Fitri 1442 H; Kenaikan Isa Almasih"},
    {"2021-05-14", "Hari Raya Idul Fitri 1442 H"},
    {"2021-05-26", "Hari Raya Waisak 2565 BE"},
    {"2021-06-01", "Hari Lahir Pancasila"},
};
#define CANCELLED_DATE "2021-05-21"

struct pick {
    int64_t ids[DEMO_PEOPLE];
    int n;
    date_t start, end;
};

/* Inmates in custody for the whole programme, by id. */
static int pick_row(void *ctx, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct pick *p = ctx;
    if (p->n >= DEMO_PEOPLE || !row->res || !row->res->has_dates) return 0;
    if (row->in->detention_start == DATE_NONE || row->in->detention_start > p->start) return 0;
    if (row->res->dates.expiry <= p->end) return 0;
    p->ids[p->n++] = row->id;
    return 0;
}

static int64_t epoch_of(date_t d, int hh, int mm) { return (int64_t)d * 86400 + hh * 3600 + mm * 60 - WIB; }

static const char *iso_at(arena_t *a, date_t d, int hh, int mm)
{
    int64_t t = epoch_of(d, hh, mm);
    date_t day = (date_t)(t / 86400);
    int s = (int)(t % 86400);
    char ds[DATE_ISO_LEN];
    date_format(day, ds);
    return arena_printf(a, "%sT%02d:%02d:00Z", ds, s / 3600, s / 60 % 60);
}

/* The attendance of participant k at session i (a fixed pattern). */
static int pattern(int k, int i)
{
    if (k == 4 && (i % 4 == 1 || i % 4 == 2)) return ATT_ALPA; /* misses half: under the minimum */
    if (k == 2 && (i == 9 || i == 10)) return ATT_SAKIT;
    if (k == 2 && i == 31) return ATT_IZIN;
    if (k == 1 && i == 17) return ATT_IZIN;
    return ATT_HADIR;
}

int demo_seed_training(db_t *db, err_t *e, const actor_t *who, int64_t site_id)
{
    arena_t a;
    arena_init(&a);
    int ret = -1;
    int64_t pid = db_one_int(db, e, "SELECT id FROM program WHERE site_id = ? AND phase = 1 AND name = ?", "it", site_id,
                             "Las listrik tahap 1");
    if (pid <= 0) {
        if (pid == 0) err_set(e, 500, "demo", "program contoh Las listrik tahap 1 tidak ada");
        goto out;
    }
    int64_t instr_id = db_one_int(db, e, "SELECT id FROM app_user WHERE name = 'instruktur'", "");
    int64_t staf_id = db_one_int(db, e, "SELECT id FROM app_user WHERE name = 'staf'", "");
    if (instr_id < 0 || staf_id < 0) goto out;
    const actor_t instr = {instr_id, "instruktur", "instruktur"}, staf = {staf_id, "staf", "staf"};

    /* holidays */
    for (size_t i = 0; i < ARRAY_LEN(holidays_2021); i++) {
        const char *v[HF_COUNT] = {holidays_2021[i].date, holidays_2021[i].name};
        if (rec_insert(db, e, &holiday_def, who, site_id, v) < 0) goto out;
    }

    trn_data_t d;
    if (trn_load(db, e, &a, pid, &d) <= 0) goto out;
    train_rules_t rules;
    if (trn_rules(&d, &rules, e) < 0) goto out;

    /* sessions: Monday to Saturday, 8 JP from 08:00 with a 30-minute break after the 4th */
    date_t hol[ARRAY_LEN(holidays_2021)], cancelled;
    for (size_t i = 0; i < ARRAY_LEN(holidays_2021); i++) date_parse(holidays_2021[i].date, &hol[i]);
    date_parse(CANCELLED_DATE, &cancelled);
    int ujp[64];
    int64_t uids[64];
    int nu = 0;
    for (int i = 0; i < d.n_units && nu < 64; i++) ujp[nu] = d.units[i].jp, uids[nu++] = d.units[i].id;
    sched_input_t in = {d.p.start, d.p.end, 0x3f, 8, rules.jp_minutes, 8 * 60, 4, 30, d.p.total_jp, hol,
                        ARRAY_LEN(hol), &cancelled, 1, ujp, (size_t)nu};
    sched_result_t res;
    memset(&res, 0, sizeof res);
    if (sched_generate(&in, &res, e) < 0) {
        sched_result_release(&res);
        goto out;
    }
    int created = 0;
    int rc = trn_sessions_replace(db, e, who, &d, &res, uids, instr_id, &created);
    sched_result_release(&res);
    if (rc < 0) goto out;
    const char *cv[TSF_COUNT] = {arena_printf(&a, "%lld", (long long)pid), CANCELLED_DATE, "08:00", "13:50", "8", NULL,
                                 arena_printf(&a, "%lld", (long long)instr_id), NULL, "1",
                                 "Instruktur berhalangan (sakit); materi dipindah ke hari Sabtu"};
    if (rec_insert(db, e, &session_def, who, site_id, cv) < 0) goto out;

    /* participants: placement's, else six inmates in custody throughout */
    int64_t have = db_one_int(db, e,
                              "SELECT count(*) FROM enrolment WHERE program_id = ? AND status IN ('ditempatkan', "
                              "'terdaftar')",
                              "i", pid);
    if (have < 0) goto out;
    if (have == 0) {
        struct pick p = {{0}, 0, d.p.start, d.p.end};
        elig_query_t q = {0, site_id, 0, d.p.start, false};
        if (elig_scan(db, e, &q, pick_row, &p) < 0) goto out;
        const char *at = iso_at(&a, date_add_days(d.p.start, -14), 9, 0);
        for (int k = 0; k < p.n; k++) {
            int64_t taken = db_one_int(db, e, "SELECT count(*) FROM enrolment WHERE wbp_id = ? AND agreement_id = ? AND "
                                              "phase = 1", "ii", p.ids[k], d.p.agreement_id);
            if (taken != 0) {
                if (taken < 0) goto out;
                continue;
            }
            const char *why = "Data contoh: ditempatkan di program Las listrik tahap 1 (asesmen awal April 2021)";
            int64_t eid = db_one_int(db, e,
                                     "INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, "
                                     "reason, status_at, created_at, created_by, updated_at, updated_by) VALUES "
                                     "(?, ?, ?, 1, ?, 'ditempatkan', ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, "
                                     "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                                     "iiiitttiti", site_id, p.ids[k], d.p.agreement_id, pid, why, at, at, staf.user_id,
                                     at, staf.user_id);
            if (eid <= 0) goto out;
            if (db_run(db, e,
                       "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, "
                       "reason, overridden, user_id) VALUES (?, ?, ?, NULL, 'ditempatkan', ?, ?, 0, ?)",
                       "iititi", site_id, eid, at, pid, why, staf.user_id) < 0)
                goto out;
            char after[200];
            snprintf(after, sizeof after, "{\"wbp_id\":%lld,\"program_id\":%lld,\"status\":\"ditempatkan\"}",
                     (long long)p.ids[k], (long long)pid);
            if (audit_append(db, e, &staf, site_id, "create", "enrolment", eid, NULL, after) < 0) goto out;
        }
    }

    /* the training starts: placed -> enrolled */
    if (trn_load(db, e, &a, pid, &d) <= 0) goto out;
    const char *start_at = iso_at(&a, d.p.start, 7, 30);
    for (int k = 0; k < d.n_people; k++)
        if (d.people[k].status == ENROL_DITEMPATKAN &&
            enrol_set_status(db, e, &staf, d.people[k].enrolment_id, ENROL_TERDAFTAR,
                             "Pelatihan Las listrik tahap 1 dimulai 3 Mei 2021", start_at, NULL) < 0)
            goto out;
    if (trn_load(db, e, &a, pid, &d) <= 0) goto out;

    /* attendance, entered by the instructor at the end of each session's day */
    trn_att_entry_t ents[64];
    int held = 0;
    for (int i = 0; i < d.n_sessions; i++) {
        const trn_session_t *s = &d.sessions[i];
        if (s->cancelled) continue;
        int n = 0;
        for (int k = 0; k < d.n_people && n < 64; k++)
            if (trn_person_attends(&d.people[k]))
                ents[n] = (trn_att_entry_t){d.people[k].enrolment_id, pattern(k, held), NULL}, n++;
        for (int k = 0; k < n; k++)
            if (ents[k].status == ATT_IZIN) ents[k].note = "Izin: kunjungan keluarga";
            else if (ents[k].status == ATT_SAKIT) ents[k].note = "Sakit (surat poliklinik Lapas)";
        trn_att_outcome_t o;
        if (trn_attendance_save(db, e, &instr, &rules.att, 420, epoch_of(s->date, 14, 0), &d, s, ents, n, NULL, &o) < 0)
            goto out;
        held++;
    }

    /* results: each unit assessed on its last session's date */
    for (int u = 0; u < d.n_units; u++) {
        date_t last = d.p.end;
        for (int i = 0; i < d.n_sessions; i++)
            if (!d.sessions[i].cancelled && d.sessions[i].unit_id == d.units[u].id) last = d.sessions[i].date;
        char ds[DATE_ISO_LEN], later[DATE_ISO_LEN];
        date_format(last, ds);
        date_format(date_add_days(last, 7), later);
        for (int k = 0; k < d.n_people; k++) {
            if (!trn_person_attends(&d.people[k])) continue;
            bool first_ok = !(k == 3 && u == 3) && !(k == 4 && u == 4);
            const char *ev = first_ok ? "Observasi praktik dan portofolio" : "Hasil las belum memenuhi kriteria unjuk kerja";
            if (trn_result_add(db, e, &instr, &d, d.people[k].enrolment_id, d.units[u].id, first_ok, ds,
                               "Sri Wahyuningrum", ev) < 0)
                goto out;
            if (k == 3 && u == 3 && /* re-assessed a week later */
                trn_result_add(db, e, &instr, &d, d.people[k].enrolment_id, d.units[u].id, true, later,
                               "Sri Wahyuningrum", "Uji ulang praktik: memenuhi kriteria") < 0)
                goto out;
        }
    }

    /* completion by the rule set, the day after the last session */
    if (trn_load(db, e, &a, pid, &d) <= 0) goto out;
    date_t last = d.p.start;
    for (int i = 0; i < d.n_sessions; i++)
        if (!d.sessions[i].cancelled) last = d.sessions[i].date;
    date_t decided = date_add_days(last, 4);
    const char *decided_at = iso_at(&a, decided, 10, 0);
    for (int k = 0; k < d.n_people; k++) {
        if (d.people[k].status != ENROL_TERDAFTAR) continue;
        comp_eval_t ev;
        trn_evaluate(&d, &rules, k, decided, &ev);
        if (ev.outcome == COMP_BELUM) continue;
        if (enrol_set_status(db, e, &staf, d.people[k].enrolment_id,
                             ev.outcome == COMP_LULUS ? ENROL_SELESAI : ENROL_TIDAK_LULUS, ev.reason, decided_at, NULL) < 0)
            goto out;
    }

    /* certificates for those who completed, and one competency test */
    if (trn_load(db, e, &a, pid, &d) <= 0) goto out;
    int first_done = -1;
    for (int k = 0; k < d.n_people; k++) {
        if (d.people[k].status != ENROL_SELESAI) continue;
        cert_t c;
        if (cert_issue(db, e, &a, &staf, d.people[k].enrolment_id, date_add_days(decided, 3), &c) < 0) goto out;
        if (first_done < 0) first_done = k;
    }
    if (first_done >= 0) {
        date_t tested, issued;
        date_parse("2021-07-20", &tested);
        date_parse("2021-07-28", &issued);
        char ts[DATE_ISO_LEN], is[DATE_ISO_LEN], xs[DATE_ISO_LEN];
        date_format(tested, ts);
        date_format(issued, is);
        date_format(bnsp_expiry(issued, rules.bnsp_validity_years), xs);
        trn_uji_t u = {0, d.people[first_done].enrolment_id, "LSP P1 BLK Ketapang (contoh)", "Klaster Juru Las SMAW",
                       ts, "kompeten", "DEMO/BNSP/LAS/2021/0001", is, xs, "Nomor sertifikat BNSP adalah contoh.", NULL};
        if (trn_uji_add(db, e, &staf, site_id, &u) < 0) goto out;
    }
    ret = 0;
out:
    arena_release(&a);
    return ret;
}
