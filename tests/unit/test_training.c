/* test_training.c — the training core: session schedule (JP preserved, no
 * session on holidays or non-training days, unit boundaries, overflow), the
 * attendance rate and its threshold, the correction window's edges, the
 * completion rule, certificate numbers and the training rule set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include "util/i18n.h"
#include "core/completion.h"
#include "core/msg.h"
#include "core/ruleset.h"
#include "core/rulefile.h"
#include "core/schedule.h"
#include "testdate.h"

static int64_t T(const char *s)
{
    int64_t t;
    assert_true(att_time_parse(s, 420, &t));
    return t;
}

/* The built-in rule set, or with a patch (JSON text). */
static train_rules_t rules_with(const char *patch)
{
    train_rules_t r;
    err_t e;
    err_clear(&e);
    json_t *p = patch ? json_loads(patch, 0, NULL) : NULL;
    if (patch) assert_non_null(p);
    int rc = train_rules_builtin_at(D("2025-01-01"), p, &r, &e);
    if (rc < 0) fprintf(stderr, "%s\n", e.msg);
    assert_int_equal(rc, 0);
    json_decref(p);
    return r;
}

/* ---------------------------------------------------------------- schedule */

static void test_weekday(void **st)
{
    (void)st;
    assert_int_equal(sched_iso_weekday(D("1970-01-01")), 4);
    assert_int_equal(sched_iso_weekday(D("1969-12-31")), 3);
    assert_int_equal(sched_iso_weekday(D("1900-01-01")), 1);
    assert_int_equal(sched_iso_weekday(D("2025-03-03")), 1);
    assert_int_equal(sched_iso_weekday(D("2025-03-09")), 7);
    assert_int_equal(sched_weekday_parse("jumat"), 5);
    assert_int_equal(sched_weekday_parse("jum'at"), 5);
    assert_int_equal(sched_weekday_parse("friday"), -1);
    assert_string_equal(sched_weekday_name(6), "sabtu");
    int m;
    assert_true(sched_time_parse("07:30", &m));
    assert_int_equal(m, 450);
    assert_false(sched_time_parse("24:00", &m));
    assert_false(sched_time_parse("7:30", &m));
    char b[8];
    sched_time_format(13 * 60 + 5, b);
    assert_string_equal(b, "13:05");
}

/* Checks the invariants of a generated schedule against its input. */
static void check_layout(const sched_input_t *in, const sched_result_t *r)
{
    int sum = 0, unit_sum[64] = {0};
    int last_unit = 0;
    for (size_t i = 0; i < r->n_sessions; i++) {
        const sched_session_t *x = &r->sessions[i];
        sum += x->jp;
        assert_true(x->jp >= 1);
        assert_true(x->date >= in->start && x->date <= in->end);
        assert_true(in->weekdays >> (sched_iso_weekday(x->date) - 1) & 1);
        for (size_t k = 0; k < in->n_holidays; k++) assert_int_not_equal(x->date, in->holidays[k]);
        for (size_t k = 0; k < in->n_cancelled; k++) assert_int_not_equal(x->date, in->cancelled[k]);
        /* times: JP length, plus the break when the session spans it (it never does) */
        assert_int_equal(x->end - x->start, x->jp * in->jp_minutes);
        if (in->break_after_jp > 0)
            assert_true(x->day_jp_from + x->jp - 1 <= in->break_after_jp || x->day_jp_from > in->break_after_jp);
        if (i > 0 && r->sessions[i - 1].date == x->date) {
            assert_int_equal(r->sessions[i - 1].day_jp_from + r->sessions[i - 1].jp, x->day_jp_from);
            assert_true(x->start >= r->sessions[i - 1].end);
        } else {
            assert_int_equal(x->day_jp_from, 1);
            assert_int_equal(x->start, in->day_start);
            if (i > 0) assert_true(x->date > r->sessions[i - 1].date);
        }
        if (in->n_units) {
            assert_true(x->unit >= last_unit && x->unit < (int)in->n_units);
            assert_int_equal(x->unit_jp_from, unit_sum[x->unit] + 1);
            unit_sum[x->unit] += x->jp;
            last_unit = x->unit;
        } else assert_int_equal(x->unit, -1);
    }
    assert_int_equal(sum, r->scheduled_jp);
    if (r->fits) {
        assert_int_equal(sum, r->total_jp);
        for (size_t u = 0; u < in->n_units; u++) assert_int_equal(unit_sum[u], in->unit_jp[u]);
    }
    for (size_t k = 0; k < r->n_skipped; k++) {
        date_t d = r->skipped[k].date;
        assert_true(in->weekdays >> (sched_iso_weekday(d) - 1) & 1);
        bool hol = false, can = false;
        for (size_t j = 0; j < in->n_holidays; j++) hol = hol || in->holidays[j] == d;
        for (size_t j = 0; j < in->n_cancelled; j++) can = can || in->cancelled[j] == d;
        assert_true(hol || can);
        assert_int_equal(r->skipped[k].reason, hol ? SKIP_LIBUR : SKIP_BATAL);
    }
}

static void test_schedule_basic(void **st)
{
    (void)st;
    date_t hol[] = {D("2025-03-31"), D("2025-04-01"), D("2025-03-29") /* a Saturday: not listed */};
    date_t can[] = {D("2025-03-05")};
    int units[] = {30, 50, 160};
    sched_input_t in = {D("2025-03-03"), D("2025-04-30"), 0x1f, 8, 40, 8 * 60, 4, 60, 240, hol, 3, can, 1, units, 3};
    sched_result_t r;
    err_t e;
    assert_int_equal(sched_generate(&in, &r, &e), 0);
    check_layout(&in, &r);
    assert_true(r.fits);
    assert_int_equal(r.training_days, 30);
    assert_date(r.first, "2025-03-03");
    assert_date(r.last, "2025-04-16");
    assert_int_equal(r.n_skipped, 3);
    assert_date(r.skipped[0].date, "2025-03-05");
    assert_int_equal(r.skipped[0].reason, SKIP_BATAL);
    /* morning session 08:00-10:40, break of an hour, afternoon 11:40-14:20 */
    assert_int_equal(r.sessions[0].start, 8 * 60);
    assert_int_equal(r.sessions[0].end, 10 * 60 + 40);
    assert_int_equal(r.sessions[1].start, 11 * 60 + 40);
    assert_int_equal(r.sessions[1].end, 14 * 60 + 20);
    /* unit 1 (30 JP) ends on the 4th day after 2 JP of its afternoon; unit 2 starts right after */
    size_t i = 0;
    while (r.sessions[i].unit == 0) i++;
    assert_date(r.sessions[i - 1].date, "2025-03-07");
    assert_int_equal(r.sessions[i - 1].jp, 2);
    assert_int_equal(r.sessions[i - 1].unit_jp_from, 29);
    assert_date(r.sessions[i].date, "2025-03-07");
    assert_int_equal(r.sessions[i].start, r.sessions[i - 1].end);
    assert_int_equal(r.sessions[i].day_jp_from, 7);
    assert_int_equal(r.sessions[i].unit_jp_from, 1);
    sched_result_release(&r);
}

static void test_schedule_last_day_shorter_and_fill(void **st)
{
    (void)st;
    sched_input_t in = {D("2025-03-03"), D("2025-03-31"), 0x1f, 6, 40, 7 * 60 + 30, 0, 0, 40};
    sched_result_t r;
    err_t e;
    assert_int_equal(sched_generate(&in, &r, &e), 0);
    check_layout(&in, &r);
    assert_int_equal(r.training_days, 7);
    assert_int_equal(r.sessions[r.n_sessions - 1].jp, 4);
    assert_int_equal(r.sessions[r.n_sessions - 1].end, 7 * 60 + 30 + 160);
    assert_int_equal(r.n_skipped, 0);
    sched_result_release(&r);

    /* no total, no units: every training day of the range, Saturdays included */
    date_t hol[] = {D("2025-03-08")};
    sched_input_t f = {D("2025-03-03"), D("2025-03-16"), 0x3f, 5, 45, 8 * 60, 0, 0, 0, hol, 1};
    assert_int_equal(sched_generate(&f, &r, &e), 0);
    check_layout(&f, &r);
    assert_int_equal(r.training_days, 11);
    assert_int_equal(r.total_jp, 55);
    assert_int_equal(r.capacity_jp, 55);
    assert_int_equal(r.sessions[0].end, 8 * 60 + 225);
    sched_result_release(&r);
}

/* Many shapes: JP is preserved and no session lands on a skipped day. */
static void test_schedule_invariants(void **st)
{
    (void)st;
    uint32_t seed = 12345;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 16) % (n)
    for (int round = 0; round < 300; round++) {
        date_t start = D("2024-01-01") + (date_t)RND(700);
        int jpd = 1 + (int)RND(10), brk = RND(2) ? (int)RND((unsigned)jpd) : 0;
        int nu = (int)RND(8), units[8], total = 0;
        for (int u = 0; u < nu; u++) total += units[u] = 1 + (int)RND(60);
        if (!nu) total = RND(3) ? 1 + (int)RND(300) : 0;
        date_t hol[12], can[6];
        for (int k = 0; k < 12; k++) hol[k] = start + (date_t)RND(120);
        for (int k = 0; k < 6; k++) can[k] = start + (date_t)RND(120);
        unsigned wd = 1 + RND(127);
        sched_input_t in = {start, start + 30 + (date_t)RND(200), wd, jpd, 40, 7 * 60, brk, brk ? 30 : 0,
                            nu ? (RND(2) ? total : 0) : total, hol, 12, can, 6, nu ? units : NULL, (size_t)nu};
        sched_result_t r;
        err_t e;
        err_clear(&e);
        int rc = sched_generate(&in, &r, &e);
        if (rc < 0) {
            assert_string_equal(e.code, "schedule_overflow");
            assert_false(r.fits);
            assert_true(r.scheduled_jp < r.total_jp);
            assert_int_equal(r.scheduled_jp, r.capacity_jp);
        }
        check_layout(&in, &r);
        sched_result_release(&r);
    }
#undef RND
}

static void test_schedule_overflow(void **st)
{
    (void)st;
    date_t hol[] = {D("2025-03-10"), D("2025-03-18")};
    sched_input_t in = {D("2025-03-03"), D("2025-03-14"), 0x1f, 6, 40, 8 * 60, 0, 0, 80, hol, 2};
    sched_result_t r;
    err_t e;
    assert_int_equal(sched_generate(&in, &r, &e), -1);
    assert_string_equal(e.code, "schedule_overflow");
    assert_false(r.fits);
    assert_int_equal(r.capacity_jp, 54);
    assert_int_equal(r.scheduled_jp, 54);
    /* 26 JP left = 5 days from 17 March, skipping the holiday on the 18th */
    assert_date(r.needed_end, "2025-03-24");
    assert_non_null(strstr(e.msg, "hanya memuat 54 JP"));
    assert_non_null(strstr(e.msg, "kurang 26 JP dari 80 JP"));
    assert_non_null(strstr(e.msg, "24 Maret 2025"));
    sched_result_release(&r);
    /* in English, the message and its dates are English (issue 18) */
    if (i18n_init()) {
        i18n_use("en");
        assert_int_equal(sched_generate(&in, &r, &e), -1);
        assert_non_null(strstr(e.msg, "3 March 2025"));
        assert_non_null(strstr(e.msg, "24 March 2025"));
        assert_null(strstr(e.msg, "Maret"));
        assert_null(strstr(e.msg, "hanya"));
        sched_result_release(&r);
        i18n_use(NULL);
    }
}

static void test_schedule_invalid(void **st)
{
    (void)st;
    int units[] = {10, 20};
    struct {
        sched_input_t in;
        const char *msg;
    } cases[] = {
        {{D("2025-03-10"), D("2025-03-03"), 0x1f, 6, 40, 480}, "sebelum tanggal mulai"},
        {{D("2025-03-03"), D("2025-03-10"), 0, 6, 40, 480}, "hari latihan"},
        {{D("2025-03-03"), D("2025-03-10"), 0x1f, 0, 40, 480}, "JP per hari 0"},
        {{D("2025-03-03"), D("2025-03-10"), 0x1f, 12, 40, 20 * 60}, "tengah malam"},
        {{D("2025-03-03"), D("2025-03-10"), 0x1f, 6, 40, 480, 6, 30}, "istirahat sesudah JP ke-6"},
        {{D("2025-03-03"), D("2025-03-10"), 0x1f, 6, 40, 480, 3, 0}, "lama istirahat 0"},
        {{D("2025-03-03"), D("2025-03-10"), 0x1f, 6, 40, 480, 0, 0, 40, NULL, 0, NULL, 0, units, 2},
         "jumlah JP unit kompetensi (30) tidak sama dengan JP program (40)"},
        {{D("2020-01-01"), D("2025-03-10"), 0x1f, 6, 40, 480}, "paling panjang"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        sched_result_t r;
        err_t e;
        err_clear(&e);
        assert_int_equal(sched_generate(&cases[i].in, &r, &e), -1);
        assert_string_equal(e.code, "invalid_schedule");
        if (!strstr(e.msg, cases[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i].msg);
        assert_null(r.sessions);
    }
}

/* -------------------------------------------------------------- attendance */

static void test_rate_threshold(void **st)
{
    (void)st;
    train_rules_t r = rules_with(NULL);
    assert_int_equal(r.att.min_rate_bp, 8000);
    /* 30 sessions of 8 JP; 24 present = 192/240 = exactly 80 %: not below */
    att_session_t s[30];
    signed char status[30];
    for (int i = 0; i < 30; i++) s[i] = (att_session_t){D("2025-03-03") + i, 8}, status[i] = ATT_HADIR;
    for (int i = 0; i < 6; i++) status[i] = ATT_ALPA;
    att_summary_t a;
    att_summarise(&r.att, s, 30, status, D("2025-12-31"), &a);
    assert_int_equal(a.attended_jp, 192);
    assert_int_equal(a.base_jp, 240);
    assert_int_equal(a.rate_bp, 8000);
    assert_false(a.below_min);
    char b[16];
    att_rate_format(a.rate_bp, b);
    assert_string_equal(b, "80%");
    /* one JP less attended: 191/240 = 79.58 % */
    s[29].jp = 7;
    status[29] = ATT_ALPA;
    s[28].jp = 1;
    att_summarise(&r.att, s, 30, status, D("2025-12-31"), &a);
    assert_int_equal(a.attended_jp, 22 * 8 + 1);
    assert_true(a.below_min);
    /* izin: absent by default; excluded when the rule says */
    for (int i = 0; i < 30; i++) s[i].jp = 8, status[i] = ATT_HADIR;
    for (int i = 0; i < 7; i++) status[i] = ATT_IZIN;
    att_summarise(&r.att, s, 30, status, D("2025-12-31"), &a);
    assert_int_equal(a.rate_bp, 7666); /* 184/240, rounded down */
    att_rate_format(a.rate_bp, b);
    assert_string_equal(b, "76,66%");
    assert_true(a.below_min);
    assert_int_equal(a.jp_by_status[ATT_IZIN], 56);
    train_rules_t x = rules_with("{\"attendance\": {\"izin\": \"dikecualikan\"}}");
    att_summarise(&x.att, s, 30, status, D("2025-12-31"), &a);
    assert_int_equal(a.base_jp, 184);
    assert_int_equal(a.excluded_jp, 56);
    assert_int_equal(a.rate_bp, 10000);
    x = rules_with("{\"attendance\": {\"izin\": \"hadir\"}}");
    att_summarise(&x.att, s, 30, status, D("2025-12-31"), &a);
    assert_int_equal(a.attended_jp, 240);
    /* a fractional minimum: 87.5 % */
    x = rules_with("{\"completion\": {\"min_attendance_percent\": 87.5}}");
    assert_int_equal(x.att.min_rate_bp, 8750);
    for (int i = 0; i < 30; i++) status[i] = i < 4 ? ATT_ALPA : ATT_HADIR; /* 208/240 = 86.67 % */
    att_summarise(&x.att, s, 30, status, D("2025-12-31"), &a);
    assert_true(a.below_min);
    status[3] = ATT_HADIR; /* 216/240 = 90 % */
    att_summarise(&x.att, s, 30, status, D("2025-12-31"), &a);
    assert_false(a.below_min);
}

static void test_rate_live(void **st)
{
    (void)st;
    train_rules_t r = rules_with(NULL);
    att_session_t s[10];
    signed char status[10];
    for (int i = 0; i < 10; i++) s[i] = (att_session_t){D("2025-03-03") + i, 6}, status[i] = ATT_NONE;
    status[0] = ATT_HADIR, status[1] = ATT_ALPA, status[2] = ATT_ALPA, status[3] = ATT_SAKIT;
    /* on the 5th day: 4 recorded, the 5th held but not recorded (excluded by default) */
    att_summary_t a;
    att_summarise(&r.att, s, 10, status, D("2025-03-07"), &a);
    assert_int_equal(a.held_jp, 30);
    assert_int_equal(a.unrecorded_jp, 6);
    assert_int_equal(a.unrecorded_sessions, 1);
    assert_int_equal(a.base_jp, 24);
    assert_int_equal(a.attended_jp, 6);
    assert_int_equal(a.rate_bp, 2500);
    assert_true(a.below_min);
    assert_int_equal(a.remaining_jp, 30);
    /* best: the 5 remaining sessions attended and the missing entry hadir,
     * 42/60 = 70 %: 80 % cannot be reached any more */
    assert_int_equal(a.best_rate_bp, 7000);
    assert_true(a.cannot_reach);
    /* nothing held yet: no rate, no flag */
    att_summarise(&r.att, s, 10, status, D("2025-03-02"), &a);
    assert_int_equal(a.rate_bp, -1);
    assert_false(a.below_min);
    char b[16];
    att_rate_format(a.rate_bp, b);
    assert_string_equal(b, "-");
    /* no entry counted as absent when the rule says */
    train_rules_t x = rules_with("{\"attendance\": {\"belum_dicatat\": \"tidak_hadir\"}}");
    att_summarise(&x.att, s, 10, status, D("2025-03-07"), &a);
    assert_int_equal(a.base_jp, 30);
    assert_int_equal(a.rate_bp, 2000);
}

static void test_correction_window(void **st)
{
    (void)st;
    train_rules_t r = rules_with(NULL);
    int64_t in = T("2025-03-01T10:00:00+07:00");
    corr_result_t c;
    /* the deadline itself is inside the window; one second later is not */
    att_correction_check(&r.att, in, T("2025-03-08T10:00:00+07:00"), "instruktur", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    assert_false(c.late);
    assert_int_equal(c.deadline, in + 7 * 86400);
    assert_non_null(strstr(c.msg, "8 Maret 2025 pukul 10.00 WIB"));
    att_correction_check(&r.att, in, T("2025-03-08T03:00:01Z"), "instruktur", "alasan", 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    assert_true(c.late);
    assert_non_null(strstr(c.msg, "Batas koreksi 7 hari sudah lewat"));
    assert_non_null(strstr(c.msg, "hanya dapat dilakukan staf"));
    att_correction_check(&r.att, in, T("2025-03-08T10:00:01"), "staf", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_NEEDS_REASON);
    assert_non_null(strstr(c.msg, "harus disertai alasan"));
    att_correction_check(&r.att, in, T("2025-03-08T10:00:01"), "staf", " \t ", 420, &c);
    assert_int_equal(c.decision, CORR_NEEDS_REASON);
    att_correction_check(&r.att, in, T("2026-01-01T00:00"), "admin", "salah pilih peserta", 420, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    assert_true(c.late);
    assert_non_null(strstr(c.msg, "log audit"));
    att_correction_check(&r.att, in, in + 60, "staf", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    assert_false(c.late);
    /* roles that may not touch attendance, and unknown roles */
    att_correction_check(&r.att, in, in + 60, "wali", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    assert_non_null(strstr(c.msg, "Peran wali tidak berwenang"));
    att_correction_check(&r.att, in, in + 60, "kanwil", "x", 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    att_correction_check(&r.att, in, in + 60, "root", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    att_correction_check(&r.att, in, in + 60, NULL, NULL, 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    /* a clock behind the entry time is inside the window */
    att_correction_check(&r.att, in, in - 3600, "instruktur", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    /* window 0: every correction is late */
    train_rules_t z = rules_with("{\"correction\": {\"window_days\": 0}}");
    att_correction_check(&z.att, in, in, "instruktur", NULL, 420, &c);
    assert_int_equal(c.decision, CORR_REFUSED);
    att_correction_check(&z.att, in, in, "staf", "x", 420, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    assert_true(c.late);
    /* a wider window, and WITA in the message */
    train_rules_t w = rules_with("{\"correction\": {\"window_days\": 14}}");
    att_correction_check(&w.att, in, in + 10 * 86400, "instruktur", NULL, 480, &c);
    assert_int_equal(c.decision, CORR_ALLOWED);
    assert_non_null(strstr(c.msg, "15 Maret 2025 pukul 11.00 WITA"));
}

static void test_time_parse(void **st)
{
    (void)st;
    int64_t t;
    assert_true(att_time_parse("1970-01-01T00:00:00Z", 420, &t));
    assert_int_equal(t, 0);
    assert_true(att_time_parse("1970-01-01T07:00+07:00", 0, &t));
    assert_int_equal(t, 0);
    assert_true(att_time_parse("1970-01-01 07:00", 420, &t));
    assert_int_equal(t, 0);
    assert_true(att_time_parse("1969-12-31T20:00:00-04:00", 420, &t));
    assert_int_equal(t, 0);
    assert_false(att_time_parse("2025-02-30T10:00Z", 0, &t));
    assert_false(att_time_parse("2025-03-01T24:00Z", 0, &t));
    assert_false(att_time_parse("2025-03-01T10:00Zx", 0, &t));
    assert_false(att_time_parse("2025-03-01", 0, &t));
    assert_false(att_time_parse(NULL, 0, &t));
    char b[64];
    att_time_format(0, 540, b, sizeof b);
    assert_string_equal(b, "1 Januari 1970 pukul 09.00 WIT");
    att_time_format(-1, 0, b, sizeof b);
    assert_string_equal(b, "31 Desember 1969 pukul 23.59 UTC+00:00");
}

/* -------------------------------------------------------------- completion */

static const char *const unit_codes[] = {"J.620900.001.01", "J.620900.002.01", "J.620900.003.01"};

/* comp_evaluate, and the reason read back as a reason stored before the codes
 * (comp_reason_legacy): it gives the same Indonesian text, and to an English reader
 * the same text as the coded reason. */
static void eval_check(const train_rules_t *r, const comp_programme_t *prog, const comp_participant_t *p, date_t at,
                       comp_eval_t *ev)
{
    comp_evaluate(r, prog, p, at, ev);
    json_t *legacy = comp_reason_legacy(ev->reason);
    if (!legacy) fprintf(stderr, "not read back: %s\n", ev->reason);
    assert_non_null(legacy);
    char *coded = msg_dump(legacy);
    json_decref(legacy);
    arena_t a;
    arena_init(&a);
    i18n_use("id");
    assert_string_equal(msg_text(&a, coded), ev->reason);
    assert_string_equal(msg_text(&a, ev->reason), ev->reason);
    if (i18n_init()) {
        i18n_use("en");
        const char *want = msg_text(&a, ev->reason_coded);
        assert_string_equal(msg_text(&a, coded), want);
        assert_string_equal(msg_text(&a, ev->reason), want); /* msg_text reads the old text itself */
        assert_true(strcmp(want, ev->reason) != 0);
        i18n_use("id");
    }
    arena_release(&a);
    free(coded);
}

static void test_completion(void **st)
{
    (void)st;
    train_rules_t r = rules_with(NULL);
    att_session_t s[10];
    signed char status[10];
    for (int i = 0; i < 10; i++) s[i] = (att_session_t){D("2025-03-03") + i, 8}, status[i] = ATT_HADIR;
    comp_programme_t prog = {s, 10, 3, unit_codes};
    comp_assessment_t res[] = {{0, true, D("2025-03-05")},
                               {1, false, D("2025-03-09")},
                               {1, true, D("2025-03-12")}, /* re-assessed: kompeten */
                               {2, true, D("2025-03-14")}};
    comp_participant_t p = {status, res, 4};
    comp_eval_t ev;
    eval_check(&r, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_LULUS);
    assert_int_equal(ev.n, 4);
    for (int i = 0; i < 4; i++) assert_true(ev.req[i].met);
    assert_string_equal(ev.reason, "Lulus: kehadiran 100% (minimum 80%), semua 3 unit kompetensi kompeten.");
    assert_date(ev.completed_on, "2025-03-14");
    assert_string_equal(ev.req[1].detail, "Kehadiran 100% (80 dari 80 JP) memenuhi minimum 80%.");

    /* before the last session: not yet, whatever else holds */
    eval_check(&r, &prog, &p, D("2025-03-11"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM);
    assert_false(ev.req[0].met);
    assert_true(ev.req[0].pending);
    assert_non_null(strstr(ev.reason, "Program belum selesai: sesi terakhir 12 Maret 2025."));
    /* on the 11th, unit 2's latest result is belum kompeten; results after `at` do not count */
    assert_int_equal(comp_unit_state(&p, 1, D("2025-03-11"), NULL), UNIT_BELUM_KOMPETEN);
    assert_int_equal(comp_unit_state(&p, 2, D("2025-03-11"), NULL), UNIT_BELUM_DINILAI);

    /* attendance under the minimum after the end: failed, with the numbers */
    status[0] = status[1] = status[2] = ATT_ALPA;
    eval_check(&r, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_TIDAK_LULUS);
    assert_false(ev.req[1].met);
    assert_false(ev.req[1].pending);
    assert_string_equal(ev.reason, "Tidak lulus. Kehadiran 70% (56 dari 80 JP) di bawah minimum 80%.");
    assert_int_equal(ev.completed_on, DATE_NONE);

    /* exactly at the minimum passes */
    status[2] = ATT_HADIR;
    eval_check(&r, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_LULUS);

    /* a unit still belum kompeten fails; a unit not assessed leaves it pending */
    comp_participant_t q = {status, res, 2};
    eval_check(&r, &prog, &q, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM);
    assert_true(ev.req[3].pending);
    assert_string_equal(ev.req[3].detail, "2 dari 3 unit kompetensi belum kompeten: J.620900.002.01 (belum kompeten), "
                                          "J.620900.003.01 (belum dinilai).");
    comp_assessment_t res2[] = {{0, true, D("2025-03-05")}, {1, false, D("2025-03-09")}, {2, true, D("2025-03-14")}};
    comp_participant_t q2 = {status, res2, 3};
    eval_check(&r, &prog, &q2, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_TIDAK_LULUS);
    assert_string_equal(ev.reason, "Tidak lulus. 1 dari 3 unit kompetensi belum kompeten: J.620900.002.01 "
                                   "(belum kompeten).");
    /* the rule may drop the units requirement */
    train_rules_t nu = rules_with("{\"completion\": {\"all_units_kompeten\": false}}");
    eval_check(&nu, &prog, &q2, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_LULUS);
    assert_int_equal(ev.n, 3);

    /* a session not recorded: pending; listed in the reason */
    status[9] = ATT_NONE;
    eval_check(&r, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM);
    assert_string_equal(ev.req[2].detail, "Kehadiran 1 sesi (8 JP) belum dicatat.");
    assert_non_null(strstr(ev.req[1].detail, "8 JP belum dicatat tidak dihitung."));
    /* without that requirement, 7 of 9 recorded sessions (77.77 %) is still not final:
     * the missing one recorded as hadir would make 80 % */
    train_rules_t nr = rules_with("{\"completion\": {\"attendance_recorded\": false}}");
    eval_check(&nr, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM);
    assert_true(ev.req[1].pending);
    assert_non_null(strstr(ev.reason, "77,77%"));
    status[8] = ATT_ALPA; /* 48/72 now, 56/80 at best: final */
    eval_check(&nr, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_TIDAK_LULUS);
    assert_false(ev.req[1].pending);
    status[8] = status[1] = ATT_HADIR; /* 64/72 = 88.88 %: passes with the gap */
    eval_check(&nr, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_LULUS);
    eval_check(&r, &prog, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM); /* the default rule wants every session recorded */

    /* no sessions, no units */
    comp_programme_t empty = {NULL, 0, 0, NULL};
    eval_check(&r, &empty, &p, D("2025-03-20"), &ev);
    assert_int_equal(ev.outcome, COMP_BELUM);
    assert_string_equal(ev.req[0].detail, "Program belum mempunyai jadwal sesi.");
    assert_string_equal(ev.req[3].detail, "Program belum mempunyai daftar unit kompetensi.");
}

/* ------------------------------------------------------------------ certno */

static void test_certno_render(void **st)
{
    (void)st;
    const char *fmt = "{seq:04}/PLT/{trade}/{site}/{roman_month}/{year}";
    certno_values_t v = {7, D("2025-03-17"), "KTP", "LAS", 12};
    char out[CERTNO_MAX];
    err_t e;
    assert_int_equal(certno_validate(fmt, 1u << CERT_PER_SITE | 1u << CERT_PER_YEAR, &e), 0);
    assert_int_equal(certno_render(fmt, &v, out, &e), 0);
    assert_string_equal(out, "0007/PLT/LAS/KTP/III/2025");
    v.seq = 123456;
    assert_int_equal(certno_render(fmt, &v, out, &e), 0);
    assert_string_equal(out, "123456/PLT/LAS/KTP/III/2025"); /* wider than the pad: never cut */
    v.seq = 7;
    assert_int_equal(certno_render("SP-{program:3}-{seq}.{month}-{year}_x", &v, out, &e), 0);
    assert_string_equal(out, "SP-012-7.03-2025_x");
    static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    for (int m = 1; m <= 12; m++) assert_string_equal(certno_roman_month(m), roman[m - 1]);
    assert_string_equal(certno_roman_month(13), "?");
    v.issued = D("2025-12-01");
    assert_int_equal(certno_render("{seq}/{roman_month}", &v, out, &e), 0);
    assert_string_equal(out, "7/XII");
    assert_int_equal(certno_tokens(fmt), 1u << CERT_TOK_SEQ | 1u << CERT_TOK_TRADE | 1u << CERT_TOK_SITE |
                                             1u << CERT_TOK_ROMAN_MONTH | 1u << CERT_TOK_YEAR);
    char key[80];
    certno_seq_key(1u << CERT_PER_SITE | 1u << CERT_PER_YEAR, &v, key, sizeof key);
    assert_string_equal(key, "site=KTP;year=2025");
    certno_seq_key(0, &v, key, sizeof key);
    assert_string_equal(key, "");
    certno_seq_key(1u << CERT_PER_MONTH | 1u << CERT_PER_PROGRAM, &v, key, sizeof key);
    assert_string_equal(key, "month=2025-12;program=12");
    /* bad values */
    v.site = "K T P";
    assert_int_equal(certno_render(fmt, &v, out, &e), -1);
    assert_string_equal(e.code, "invalid_certno_value");
    v.site = "KTP", v.seq = 0;
    assert_int_equal(certno_render(fmt, &v, out, &e), -1);
    v.seq = 1, v.trade = NULL;
    assert_int_equal(certno_render(fmt, &v, out, &e), -1);
    assert_non_null(strstr(e.msg, "kejuruan"));
    v.trade = "LAS", v.issued = DATE_NONE;
    assert_int_equal(certno_render(fmt, &v, out, &e), -1);
    assert_int_equal(certno_render("{seq}/{site}", &v, out, &e), 0); /* no date token: no date needed */
}

static void test_certno_errors(void **st)
{
    (void)st;
    const unsigned site_year = 1u << CERT_PER_SITE | 1u << CERT_PER_YEAR;
    struct {
        const char *fmt;
        unsigned per;
        const char *msg;
    } cases[] = {
        {"", 0, "format kosong"},
        {"{seq", 0, "kurung buka \"{\" pada posisi 1 tidak ditutup"},
        {"A/{seq/{year}", 0, "pada posisi 3 tidak ditutup"},
        {"{seq}}", 0, "kurung tutup \"}\" pada posisi 6 tanpa kurung buka"},
        {"{seq}/{tahun}", 0, "token {tahun} pada posisi 7 tidak dikenal"},
        {"{seq:0}", 0, "harus angka 1 sampai 9"},
        {"{seq:10}", 0, "harus angka 1 sampai 9"},
        {"{seq:x}", 0, "harus angka 1 sampai 9"},
        {"{seq}/{year:4}", 0, "{year} pada posisi 7 tidak boleh diberi lebar"},
        {"PLT/{year}", 0, "harus memuat {seq}"},
        {"{seq} PLT", 0, "posisi 6 tidak boleh dipakai"},
        {"{seq}#{year}", 0, "karakter \"#\" pada posisi 6"},
        {"{seq}/{site}", site_year, "per year (seq_per) tetapi format tidak memuat {year}"},
        {"{seq}/{year}", site_year, "per site (seq_per) tetapi format tidak memuat {site}"},
        {"{seq}/{year}", 1u << CERT_PER_MONTH, "tidak memuat {month} atau {roman_month}"},
        {"{seq}/{month}", 1u << CERT_PER_MONTH, "tidak memuat {year}"},
        {"{seq}", 1u << CERT_PER_PROGRAM, "tidak memuat {program}"},
        {"{seq}/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0,
         "paling panjang 100"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        err_t e;
        err_clear(&e);
        assert_int_equal(certno_validate(cases[i].fmt, cases[i].per, &e), -1);
        assert_string_equal(e.code, "invalid_certno_format");
        if (!strstr(e.msg, cases[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i].msg);
    }
    err_t e;
    assert_int_equal(certno_validate("{seq}/{month}/{year}", 1u << CERT_PER_MONTH, &e), 0);
    assert_int_equal(certno_validate("{seq}/{roman_month}/{year}", 1u << CERT_PER_MONTH, &e), 0);
    assert_int_equal(certno_tokens("{bad}"), 0);
}

static void test_bnsp_expiry(void **st)
{
    (void)st;
    train_rules_t r = rules_with(NULL);
    assert_int_equal(r.bnsp_validity_years, 3);
    date_t x = bnsp_expiry(D("2025-03-12"), r.bnsp_validity_years);
    assert_date(x, "2028-03-12");
    assert_date(bnsp_expiry(D("2024-02-29"), 3), "2027-02-28");
    assert_date(bnsp_expiry(D("2024-02-29"), 4), "2028-02-29");
    assert_int_equal(bnsp_expiry(DATE_NONE, 3), DATE_NONE);
    assert_true(bnsp_valid_on(D("2025-03-12"), x, D("2028-03-12")));
    assert_false(bnsp_valid_on(D("2025-03-12"), x, D("2028-03-13")));
    assert_false(bnsp_valid_on(D("2025-03-12"), x, D("2025-03-11")));
    assert_true(bnsp_valid_on(D("2025-03-12"), x, D("2025-03-12")));
}

/* ------------------------------------------------------------------- rules */

static void test_rules(void **st)
{
    (void)st;
    train_rules_t sets[8];
    size_t n;
    err_t e;
    assert_int_equal(train_rules_load_builtins(sets, 8, &n, &e), 0);
    assert_true(n >= 1);
    const train_rules_t *r = train_rules_pick(sets, n, D("2025-01-01"));
    assert_non_null(r);
    assert_string_equal(r->code, "pelatihan-default");
    assert_int_equal(r->jp_minutes, 40);
    assert_int_equal(r->att.window_days, 7);
    assert_true(r->att.entry_roles & att_role_bit("instruktur"));
    assert_false(r->att.late_roles & att_role_bit("instruktur"));
    assert_null(train_rules_pick(sets, n, D("2000-01-01")));
    assert_int_equal(train_rules_builtin_at(D("2000-01-01"), NULL, &sets[0], &e), -1);
    assert_string_equal(e.code, "no_training_rules");
    /* the training file is of kind pelatihan; the asimilasi loader leaves it out */
    bool found = false;
    for (size_t i = 0; i < rulefile_count(RULES_KIND_PELATIHAN); i++)
        found = found || !strcmp(rulefile_name(RULES_KIND_PELATIHAN, i), "pelatihan-default");
    for (size_t i = 0; i < ruleset_builtin_count(); i++)
        assert_string_not_equal(ruleset_builtin_name(i), "pelatihan-default");
    assert_true(found);
    ruleset_t asim[16];
    size_t na;
    assert_int_equal(ruleset_load_builtins(asim, 16, &na, &e), 0);
    for (size_t i = 0; i < na; i++) assert_null(strstr(asim[i].code, "pelatihan"));
    /* round trip */
    json_t *j = train_rules_to_json(r);
    train_rules_t back;
    assert_int_equal(train_rules_from_json(j, &back, &e), 0);
    assert_int_equal(memcmp(&back.att, &r->att, sizeof back.att), 0);
    assert_string_equal(back.certno_format, r->certno_format);
    assert_int_equal(back.seq_per, r->seq_per);
    json_decref(j);
    /* errors name the key */
    struct {
        const char *patch, *msg;
    } cases[] = {
        {"{\"attendance\": {\"izin\": \"kadang\"}}", "\"attendance.izin\" harus \"hadir\", \"tidak_hadir\""},
        {"{\"attendance\": {\"alpa\": \"hadir\"}}", "\"attendance.alpa\" tidak dikenal"},
        {"{\"correction\": {\"late_roles\": [\"staf\", \"boss\"]}}", "\"correction.late_roles\" berisi peran"},
        {"{\"correction\": {\"entry_roles\": []}}", "\"correction.entry_roles\" tidak boleh kosong"},
        {"{\"completion\": {\"min_attendance_percent\": 80.125}}", "paling banyak dua desimal"},
        {"{\"completion\": {\"min_attendance_percent\": 101}}", "min_attendance_percent"},
        {"{\"certificate\": {\"number_format\": \"{seq}/{site}\"}}", "tidak memuat {year}"},
        {"{\"certificate\": {\"seq_per\": [\"week\"]}}", "certificate.seq_per"},
        {"{\"bnsp\": {\"validity_years\": 0}}", "\"bnsp.validity_years\" harus antara 1 dan 20"},
        {"{\"jp_minutes\": \"40\"}", "\"jp_minutes\" harus berupa bilangan bulat"},
        {"{\"kind\": \"penempatan\"}", "\"kind\" harus \"pelatihan\""},
        {"{\"extra\": 1}", "\"extra\" tidak dikenal"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        json_t *p = json_loads(cases[i].patch, 0, NULL);
        assert_non_null(p);
        train_rules_t t;
        err_clear(&e);
        assert_int_equal(train_rules_builtin_at(D("2025-01-01"), p, &t, &e), -1);
        json_decref(p);
        assert_string_equal(e.code, "invalid_training_rules");
        if (!strstr(e.msg, cases[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i].msg);
    }
}

/* Found by tests/fuzz/fuzz_training.c: a date before every training rule file (a
 * programme starting in 2012, a calc input) was answered as a server fault (500). It
 * is the input's date that no rule covers: a 422 with the date in the message. */
static void test_no_rules_is_input_error(void **state)
{
    (void)state;
    train_rules_t r;
    err_t e;
    err_clear(&e);
    assert_int_equal(train_rules_builtin_at(D("2012-03-20"), NULL, &r, &e), -1);
    assert_string_equal(e.code, "no_training_rules");
    assert_int_equal(e.status, 422);
    assert_non_null(strstr(e.msg, "2012-03-20"));
    json_t *p = json_pack("{s:{s:i}}", "correction", "window_days", 3);
    err_clear(&e);
    assert_int_equal(train_rules_builtin_at(D("2012-03-20"), p, &r, &e), -1);
    assert_int_equal(e.status, 422);
    json_decref(p);
    /* a date with rules in force still works */
    assert_int_equal(train_rules_builtin_at(D("2025-03-20"), NULL, &r, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday),          cmocka_unit_test(test_schedule_basic),
        cmocka_unit_test(test_schedule_last_day_shorter_and_fill), cmocka_unit_test(test_schedule_invariants),
        cmocka_unit_test(test_schedule_overflow), cmocka_unit_test(test_schedule_invalid),
        cmocka_unit_test(test_rate_threshold),   cmocka_unit_test(test_rate_live),
        cmocka_unit_test(test_correction_window), cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_completion),       cmocka_unit_test(test_certno_render),
        cmocka_unit_test(test_certno_errors),    cmocka_unit_test(test_bnsp_expiry),
        cmocka_unit_test(test_rules),            cmocka_unit_test(test_no_rules_is_input_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
