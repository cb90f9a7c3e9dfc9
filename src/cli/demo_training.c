/* demo_training.c — the training part of `bekal init --demo` (issue 6), made with
 * the same store functions the pages use:
 *  - the finished phase-1 programme "Las listrik tahap 1" (3 May - 14 June 2021):
 *    the site's 2021 holidays, the generated sessions (Monday to Saturday, 8 JP a
 *    day, one day cancelled), six participants enrolled, their attendance entered on
 *    each session's day by the instructor, competency results per unit (one
 *    re-assessment), completion by the rule set (one participant fails on
 *    attendance), certificates for those who completed, and one external
 *    competency test (uji kompetensi) with its BNSP certificate;
 *  - "Menjahit lanjutan angkatan 1 (contoh)" under the second (made-up) agreement,
 *    which ended three days before the dataset's "today" (in the first five days
 *    of a month: ends tomorrow) with its last session's
 *    attendance and its last unit's results not yet entered: a new user (and the
 *    browser story) can finish it, decide completion and print certificates.
 *
 * Participants: the programme's enrolments when placement (issue 5) made any,
 * else the first six inmates by id who were in custody for the whole programme
 * (detained before it started, expiry after it ended), enrolled as placed. The
 * synthetic register's coaching scores do not reach back to 2021, so none of the
 * 2021 participants is asimilasi-eligible on the start date; both programmes are
 * held inside the Lapas. Everything is deterministic (dates fixed or relative to
 * the dataset's "today", patterns by position). */
#include "demo.h"
#include "../core/program.h"
#include "../core/schedule.h"
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

/* How far a demo programme is run. */
typedef struct {
    const char *start_reason;
    int weekdays_mask;       /* bit 0 = Monday */
    bool with_cancelled_day; /* CANCELLED_DATE as a cancelled session */
    bool leave_last_open;    /* the last session's attendance and the last unit's results not entered */
    bool finish;             /* completion and certificates */
} run_t;

/* Runs programme pid at site_id as far as run says (see the header comment). */
static int run_programme(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, int64_t pid,
                         const run_t *run)
{
    int64_t instr_id = demo_user_id(db, e, "instruktur");
    int64_t staf_id = demo_user_id(db, e, "staf");
    if (instr_id < 0 || staf_id < 0) return -1;
    const actor_t instr = {instr_id, "instruktur", "instruktur"}, staf = {staf_id, "staf", "staf"};
    trn_data_t d;
    if (trn_load(db, e, a, pid, &d) <= 0) return err_set(e, 500, "demo", "program contoh %lld tidak ada", (long long)pid);
    train_rules_t rules;
    if (trn_rules(&d, &rules, e) < 0) return -1;

    /* sessions: 8 JP from 08:00 with a 30-minute break after the 4th, the site's holidays skipped */
    date_t *hol;
    int nh;
    if (trn_holidays(db, e, a, site_id, d.p.start, date_add_days(d.p.end, 30), &hol, &nh) < 0) return -1;
    date_t cancelled;
    date_parse(CANCELLED_DATE, &cancelled);
    int ujp[64];
    int64_t uids[64];
    int nu = 0;
    for (int i = 0; i < d.n_units && nu < 64; i++) ujp[nu] = d.units[i].jp, uids[nu++] = d.units[i].id;
    sched_input_t in = {d.p.start, d.p.end, (unsigned)run->weekdays_mask, 8, rules.jp_minutes, 8 * 60, 4, 30,
                        d.p.total_jp, hol, (size_t)nh, &cancelled, run->with_cancelled_day ? 1 : 0, ujp, (size_t)nu};
    sched_result_t res;
    memset(&res, 0, sizeof res);
    if (sched_generate(&in, &res, e) < 0) {
        sched_result_release(&res);
        return -1;
    }
    int created = 0;
    int rc = trn_sessions_replace(db, e, who, &d, &res, uids, instr_id, &created);
    sched_result_release(&res);
    if (rc < 0) return -1;
    if (run->with_cancelled_day) {
        const char *cv[TSF_COUNT] = {arena_printf(a, "%lld", (long long)pid), CANCELLED_DATE, "08:00", "13:50", "8", NULL,
                                     arena_printf(a, "%lld", (long long)instr_id), NULL, "1",
                                     "Instruktur berhalangan (sakit); materi dipindah ke hari Sabtu"};
        if (rec_insert(db, e, &session_def, who, site_id, cv) < 0) return -1;
    }

    /* participants: placement's, else six inmates in custody throughout */
    int64_t have = demo_program_participants(db, e, pid);
    if (have < 0) return -1;
    if (have == 0) {
        struct pick p = {{0}, 0, d.p.start, d.p.end};
        elig_query_t q = {0, site_id, 0, d.p.start, false};
        if (elig_scan(db, e, &q, pick_row, &p) < 0) return -1;
        const char *at = iso_at(a, date_add_days(d.p.start, -14), 9, 0);
        for (int k = 0; k < p.n; k++) {
            int64_t taken = demo_phase_enrolments(db, e, p.ids[k], d.p.agreement_id, (int64_t)d.p.phase);
            if (taken != 0) {
                if (taken < 0) return -1;
                continue;
            }
            const char *why = arena_printf(a, "Data contoh: ditempatkan di program %s", d.p.name);
            if (demo_enrolment_place(db, e, &staf, site_id, p.ids[k], d.p.agreement_id, (int64_t)d.p.phase, pid, why,
                                     at) < 0)
                return -1;
        }
    }

    /* the training starts: placed -> enrolled */
    if (trn_load(db, e, a, pid, &d) <= 0) return -1;
    const char *start_at = iso_at(a, d.p.start, 7, 30);
    for (int k = 0; k < d.n_people; k++)
        if (d.people[k].status == ENROL_DITEMPATKAN &&
            enrol_set_status(db, e, &staf, d.people[k].enrolment_id, ENROL_TERDAFTAR, run->start_reason, start_at,
                             NULL) < 0)
            return -1;
    if (trn_load(db, e, a, pid, &d) <= 0) return -1;

    /* attendance, entered by the instructor at the end of each session's day */
    int last_held = -1;
    for (int i = 0; i < d.n_sessions; i++)
        if (!d.sessions[i].cancelled) last_held = i;
    trn_att_entry_t ents[64];
    int held = 0;
    for (int i = 0; i < d.n_sessions; i++) {
        const trn_session_t *s = &d.sessions[i];
        if (s->cancelled || (run->leave_last_open && i == last_held)) continue;
        int n = 0;
        for (int k = 0; k < d.n_people && n < 64; k++)
            if (trn_person_attends(&d.people[k])) ents[n] = (trn_att_entry_t){d.people[k].enrolment_id, pattern(k, held), NULL}, n++;
        for (int k = 0; k < n; k++)
            if (ents[k].status == ATT_IZIN) ents[k].note = "Izin: kunjungan keluarga";
            else if (ents[k].status == ATT_SAKIT) ents[k].note = "Sakit (surat poliklinik Lapas)";
        trn_att_outcome_t o;
        if (trn_attendance_save(db, e, &instr, &rules.att, 420, epoch_of(s->date, 14, 0), &d, s, ents, n, NULL, &o) < 0)
            return -1;
        held++;
    }

    /* results: each unit assessed on its last session's date */
    for (int u = 0; u < d.n_units; u++) {
        if (run->leave_last_open && u == d.n_units - 1) break;
        date_t last = d.p.end;
        for (int i = 0; i < d.n_sessions; i++)
            if (!d.sessions[i].cancelled && d.sessions[i].unit_id == d.units[u].id) last = d.sessions[i].date;
        char ds[DATE_ISO_LEN], later[DATE_ISO_LEN];
        date_format(last, ds);
        date_format(date_add_days(last, 7), later);
        for (int k = 0; k < d.n_people; k++) {
            if (!trn_person_attends(&d.people[k])) continue;
            bool first_ok = !(k == 3 && u == 3) && !(k == 4 && u == 4);
            const char *ev = first_ok ? "Observasi praktik dan portofolio" : "Hasil praktik belum memenuhi kriteria unjuk kerja";
            if (trn_result_add(db, e, &instr, &d, d.people[k].enrolment_id, d.units[u].id, first_ok, ds,
                               "Sri Wahyuningrum", ev) < 0)
                return -1;
            if (k == 3 && u == 3 && /* re-assessed a week later */
                trn_result_add(db, e, &instr, &d, d.people[k].enrolment_id, d.units[u].id, true, later,
                               "Sri Wahyuningrum", "Uji ulang praktik: memenuhi kriteria") < 0)
                return -1;
        }
    }
    if (!run->finish) return 0;

    /* completion by the rule set, a few days after the last session */
    if (trn_load(db, e, a, pid, &d) <= 0) return -1;
    date_t last = d.p.start;
    for (int i = 0; i < d.n_sessions; i++)
        if (!d.sessions[i].cancelled) last = d.sessions[i].date;
    date_t decided = date_add_days(last, 4);
    const char *decided_at = iso_at(a, decided, 10, 0);
    for (int k = 0; k < d.n_people; k++) {
        if (d.people[k].status != ENROL_TERDAFTAR) continue;
        comp_eval_t ev;
        trn_evaluate(&d, &rules, k, decided, &ev);
        if (ev.outcome == COMP_BELUM) continue;
        if (enrol_set_status(db, e, &staf, d.people[k].enrolment_id,
                             ev.outcome == COMP_LULUS ? ENROL_SELESAI : ENROL_TIDAK_LULUS,
                             ev.reason_coded[0] ? ev.reason_coded : ev.reason, decided_at, NULL) < 0)
            return -1;
    }

    /* certificates for those who completed, and one competency test */
    if (trn_load(db, e, a, pid, &d) <= 0) return -1;
    int first_done = -1;
    for (int k = 0; k < d.n_people; k++) {
        if (d.people[k].status != ENROL_SELESAI) continue;
        cert_t c;
        if (cert_issue(db, e, a, &staf, d.people[k].enrolment_id, date_add_days(decided, 3), &c) < 0) return -1;
        if (first_done < 0) first_done = k;
    }
    if (first_done >= 0) {
        date_t tested = date_add_days(decided, 35), issued = date_add_days(decided, 43);
        char ts[DATE_ISO_LEN], is[DATE_ISO_LEN], xs[DATE_ISO_LEN];
        date_format(tested, ts);
        date_format(issued, is);
        date_format(bnsp_expiry(issued, rules.bnsp_validity_years), xs);
        trn_uji_t u = {0, d.people[first_done].enrolment_id, "LSP P1 BLK Ketapang (contoh)", "Klaster Juru Las SMAW",
                       ts, "kompeten", "DEMO/BNSP/LAS/2021/0001", is, xs, "Nomor sertifikat BNSP adalah contoh.", NULL};
        if (trn_uji_add(db, e, &staf, site_id, &u) < 0) return -1;
    }
    return 0;
}

/* The second agreement's sewing programme (PKS "Menjahit Lanjutan"), which ended a
 * few days before the dataset's "today" and waits for its last entries and its
 * completion: what the browser story finishes. Returns its id or -1. */
static int64_t add_open_programme(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id,
                                  const char *anchor)
{
    int64_t ag = demo_agreement_by_number(db, e, site_id, "DEMO/PKS/LPKTP/002");
    int64_t kj = demo_trade_id(db, e, site_id, "JAHIT");
    int64_t lpk = ag > 0 ? demo_agreement_partner(db, e, ag) : ag;
    int64_t instr = demo_user_id(db, e, "instruktur");
    if (ag <= 0 || kj <= 0 || lpk <= 0 || instr <= 0)
        return ag < 0 || kj < 0 || lpk < 0 || instr < 0 ? -1 : err_set(e, 500, "demo", "PKS contoh kedua tidak lengkap");
    /* It ends three days before "today", or, in the first five days of a month,
     * on the next training day (so this month has sessions with attendance too); it
     * starts 33 training days (Monday to Saturday) before its end, so its 260 JP
     * (33 days of 8 JP) run up to the end. */
    date_t at, d_end, d_start;
    if (!date_parse(anchor, &at)) return err_set(e, 500, "demo", "tanggal acuan data contoh tidak sah: %s", anchor);
    d_end = date_add_days(at, atoi(anchor + 8) <= 5 ? 1 : -3);
    if (atoi(anchor + 8) <= 5 && sched_iso_weekday(d_end) == 7) d_end++;
    int days = 0;
    for (d_start = d_end;; d_start--)
        if (sched_iso_weekday(d_start) != 7 && ++days == 33) break;
    char start[DATE_ISO_LEN], end[DATE_ISO_LEN];
    date_format(d_start, start);
    date_format(d_end, end);
    const char *raw[PGF_COUNT] = {"Menjahit lanjutan angkatan 1 (contoh)", arena_printf(a, "%lld", (long long)ag), "1",
                                  arena_printf(a, "%lld", (long long)kj), arena_printf(a, "%lld", (long long)lpk), "lapas",
                                  start, end, "260", "33", "Senin-Jumat 08.00-13.50", "3", "6", "0", "berjalan",
                                  "Program contoh yang menunggu catatan terakhir dan penetapan kelulusan."};
    const char **v = arena_alloc(a, sizeof(char *) * PGF_COUNT);
    memset(v, 0, sizeof(char *) * PGF_COUNT);
    field_errs_t fe = {0};
    for (int i = 0; i < PGF_COUNT; i++) rec_set(a, &program_def, v, i, raw[i], &fe);
    rec_finish(&program_def, v, &fe);
    program_validate(v, &fe);
    program_check_validity(v[PGF_START_DATE], v[PGF_END_DATE],
                           rec_field_text(db, e, a, &agreement_def, AGF_VALID_FROM, ag),
                           rec_field_text(db, e, a, &agreement_def, AGF_VALID_TO, ag), &fe);
    if (fe.n) return err_set(e, 500, "demo", "program contoh menjahit tidak sah: %s", fe.e[0].msg);
    int64_t pid = rec_insert(db, e, &program_def, who, site_id, v);
    if (pid < 0) return -1;
    const char *iv[PIF_COUNT] = {arena_printf(a, "%lld", (long long)instr)};
    if (rec_insert_child(db, e, &program_instructor_def, who, site_id, pid, iv) < 0) return -1;
    return pid;
}

int demo_seed_training(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    arena_t a;
    arena_init(&a);
    int ret = -1;
    int64_t pid = demo_program_id(db, e, site_id, 1, "Las listrik tahap 1");
    if (pid <= 0) {
        if (pid == 0) err_set(e, 500, "demo", "program contoh Las listrik tahap 1 tidak ada");
        goto out;
    }
    for (size_t i = 0; i < ARRAY_LEN(holidays_2021); i++) {
        const char *v[HF_COUNT] = {holidays_2021[i].date, holidays_2021[i].name};
        if (rec_insert(db, e, &holiday_def, who, site_id, v) < 0) goto out;
    }
    const run_t finished = {"Pelatihan Las listrik tahap 1 dimulai 3 Mei 2021", 0x3f, true, false, true};
    if (run_programme(db, e, &a, who, site_id, pid, &finished) < 0) goto out;
    int64_t open = add_open_programme(db, e, &a, who, site_id, anchor);
    if (open < 0) goto out;
    const run_t waiting = {"Pelatihan Menjahit lanjutan angkatan 1 dimulai", 0x3f, false, true, false};
    if (run_programme(db, e, &a, who, site_id, open, &waiting) < 0) goto out;
    ret = 0;
out:
    arena_release(&a);
    return ret;
}
