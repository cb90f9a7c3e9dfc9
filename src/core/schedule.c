/* schedule.c — session generator (layout rules in schedule.h). */
#include "schedule.h"
#include "../util/i18n.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEEDED_END_HORIZON 3660 /* days after start searched for needed_end */

int sched_iso_weekday(date_t d)
{
    /* 1970-01-01 (day 0) was a Thursday (ISO 4). */
    int r = (int)(((int64_t)d % 7 + 7 + 3) % 7);
    return r + 1;
}

static const char *const wd_names[7] = {"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"};

const char *sched_weekday_name(int iso)
{
    return iso >= 1 && iso <= 7 ? wd_names[iso - 1] : "?";
}

int sched_weekday_parse(const char *s)
{
    if (!s) return -1;
    if (!strcmp(s, "jum'at")) return 5;
    for (int i = 0; i < 7; i++)
        if (!strcmp(s, wd_names[i])) return i + 1;
    return -1;
}

const char *sched_skip_reason_name(sched_skip_reason_t r)
{
    return r == SKIP_LIBUR ? "libur" : r == SKIP_BATAL ? "batal" : "?";
}

bool sched_time_parse(const char *s, int *minutes)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return false;
    *minutes = h * 60 + m;
    return true;
}

void sched_time_format(int minutes, char out[8])
{
    if (minutes < 0 || minutes > 24 * 60) minutes = 0;
    snprintf(out, 8, "%02d:%02d", minutes / 60, minutes % 60);
}

void sched_result_release(sched_result_t *r)
{
    if (!r) return;
    free(r->sessions);
    free(r->skipped);
    r->sessions = NULL, r->skipped = NULL;
    r->n_sessions = r->n_skipped = 0;
}

#define bad(e, ...) err_set_prefix(e, 400, "invalid_schedule", "Jadwal tidak dapat dibuat", __VA_ARGS__)

static bool in_list(date_t d, const date_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == d) return true;
    return false;
}

/* 0 not a training weekday, 1 holiday, 2 cancelled, 3 training day. */
static int day_kind(const sched_input_t *in, date_t d)
{
    if (!(in->weekdays >> (sched_iso_weekday(d) - 1) & 1)) return 0;
    if (in_list(d, in->holidays, in->n_holidays)) return 1;
    if (in_list(d, in->cancelled, in->n_cancelled)) return 2;
    return 3;
}

static int check_input(const sched_input_t *in, int *unit_total, err_t *e)
{
    if (in->start == DATE_NONE || in->end == DATE_NONE) return bad(e, "tanggal mulai dan selesai wajib diisi");
    if (in->start > in->end) return bad(e, "tanggal selesai sebelum tanggal mulai");
    if (in->end - in->start + 1 > SCHED_MAX_DAYS)
        return bad(e, "rentang tanggal %d hari, paling panjang %d hari", in->end - in->start + 1, SCHED_MAX_DAYS);
    if (!(in->weekdays & 0x7f)) return bad(e, "belum ada hari latihan dalam seminggu");
    if (in->jp_per_day < 1 || in->jp_per_day > 24) return bad(e, "JP per hari %d, harus 1 sampai %d", in->jp_per_day, 24);
    if (in->jp_minutes < 1 || in->jp_minutes > 240)
        return bad(e, "lama 1 JP %d menit, harus 1 sampai %d menit", in->jp_minutes, 240);
    if (in->day_start < 0 || in->day_start >= 24 * 60) return bad(e, "jam mulai tidak sah");
    if (in->break_after_jp < 0 || (in->break_after_jp > 0 && in->break_after_jp >= in->jp_per_day))
        return bad(e, "istirahat sesudah JP ke-%d, harus antara 1 dan %d (atau 0: tanpa istirahat)",
                   in->break_after_jp, in->jp_per_day - 1);
    if (in->break_after_jp > 0 && (in->break_minutes < 1 || in->break_minutes > 600))
        return bad(e, "lama istirahat %d menit, harus 1 sampai %d menit", in->break_minutes, 600);
    int day_end = in->day_start + in->jp_per_day * in->jp_minutes + (in->break_after_jp > 0 ? in->break_minutes : 0);
    if (day_end > 24 * 60)
        return bad(e, "%d JP sehari tidak selesai sebelum tengah malam (selesai %d menit sesudah pukul 00.00)",
                   in->jp_per_day, day_end);
    if (in->total_jp < 0 || in->total_jp > SCHED_MAX_TOTAL_JP)
        return bad(e, "total JP %d, harus 0 sampai %d", in->total_jp, SCHED_MAX_TOTAL_JP);
    if (in->n_units > SCHED_MAX_UNITS) return bad(e, "%d unit kompetensi, paling banyak %d", (int)in->n_units, SCHED_MAX_UNITS);
    int sum = 0;
    for (size_t i = 0; i < in->n_units; i++) {
        if (in->unit_jp[i] < 1 || in->unit_jp[i] > SCHED_MAX_TOTAL_JP)
            return bad(e, "JP unit ke-%d harus 1 sampai %d", (int)i + 1, SCHED_MAX_TOTAL_JP);
        sum += in->unit_jp[i];
        if (sum > SCHED_MAX_TOTAL_JP) return bad(e, "jumlah JP unit melebihi %d", SCHED_MAX_TOTAL_JP);
    }
    if (in->n_units && in->total_jp && sum != in->total_jp)
        return bad(e, "jumlah JP unit kompetensi (%d) tidak sama dengan JP program (%d)", sum, in->total_jp);
    for (size_t i = 0; i < in->n_holidays; i++)
        if (in->holidays[i] == DATE_NONE) return bad(e, "tanggal libur ke-%d tidak sah", (int)i + 1);
    for (size_t i = 0; i < in->n_cancelled; i++)
        if (in->cancelled[i] == DATE_NONE) return bad(e, "tanggal batal ke-%d tidak sah", (int)i + 1);
    *unit_total = sum;
    return 0;
}

/* Minutes after midnight at which JP slot k (0-based) of a day starts. */
static int slot_start(const sched_input_t *in, int k)
{
    int t = in->day_start + k * in->jp_minutes;
    if (in->break_after_jp > 0 && k >= in->break_after_jp) t += in->break_minutes;
    return t;
}

typedef struct {
    size_t cap_s, cap_k;
    int unit;      /* current unit; -1 without units */
    int unit_left; /* JP left in it */
    int unit_done; /* JP of it already placed */
} layout_t;

/* Appends the sessions of one day of jp JP. */
static void lay_day(const sched_input_t *in, date_t d, int jp, layout_t *L, sched_result_t *out)
{
    int s = 0;
    while (s < jp) {
        int stop = jp;
        if (in->break_after_jp > 0 && s < in->break_after_jp && in->break_after_jp < stop) stop = in->break_after_jp;
        if (L->unit >= 0 && s + L->unit_left < stop) stop = s + L->unit_left;
        if (out->n_sessions == L->cap_s) {
            L->cap_s = L->cap_s ? 2 * L->cap_s : 64;
            out->sessions = xrealloc(out->sessions, L->cap_s * sizeof *out->sessions);
        }
        sched_session_t *x = &out->sessions[out->n_sessions++];
        x->date = d;
        x->start = slot_start(in, s);
        x->end = slot_start(in, stop - 1) + in->jp_minutes;
        x->jp = stop - s;
        x->day_jp_from = s + 1;
        x->unit = L->unit;
        x->unit_jp_from = L->unit >= 0 ? L->unit_done + 1 : 0;
        if (L->unit >= 0) {
            L->unit_done += x->jp;
            L->unit_left -= x->jp;
            if (L->unit_left == 0 && (size_t)L->unit + 1 < in->n_units) {
                L->unit++;
                L->unit_left = in->unit_jp[L->unit];
                L->unit_done = 0;
            }
        }
        s = stop;
    }
    out->scheduled_jp += jp;
    out->training_days++;
    if (out->first == DATE_NONE) out->first = d;
    out->last = d;
}

static void add_skip(date_t d, int kind, layout_t *L, sched_result_t *out)
{
    if (out->n_skipped == L->cap_k) {
        L->cap_k = L->cap_k ? 2 * L->cap_k : 16;
        out->skipped = xrealloc(out->skipped, L->cap_k * sizeof *out->skipped);
    }
    out->skipped[out->n_skipped].date = d;
    out->skipped[out->n_skipped++].reason = kind == 1 ? SKIP_LIBUR : SKIP_BATAL;
}

int sched_generate(const sched_input_t *in, sched_result_t *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->first = out->last = out->needed_end = DATE_NONE;
    int unit_total = 0;
    if (check_input(in, &unit_total, e) < 0) return -1;
    int want = in->total_jp ? in->total_jp : unit_total; /* 0: fill the range */
    bool fill = want == 0;
    layout_t L = {0, 0, in->n_units ? 0 : -1, in->n_units ? in->unit_jp[0] : 0, 0};
    for (date_t d = in->start; d <= in->end; d++) {
        int k = day_kind(in, d);
        if (k == 3) out->capacity_jp += in->jp_per_day;
        if (!fill && out->scheduled_jp >= want) continue;
        if (k == 1 || k == 2) add_skip(d, k, &L, out);
        else if (k == 3) {
            int jp = in->jp_per_day;
            if (!fill && want - out->scheduled_jp < jp) jp = want - out->scheduled_jp;
            lay_day(in, d, jp, &L, out);
        }
    }
    out->total_jp = fill ? out->scheduled_jp : want;
    out->fits = out->scheduled_jp >= out->total_jp;
    if (out->fits) return 0;

    /* Where would it end if training went on past `end`? */
    int left = want - out->scheduled_jp;
    for (date_t d = in->end + 1; d - in->start <= NEEDED_END_HORIZON; d++) {
        if (day_kind(in, d) != 3) continue;
        left -= in->jp_per_day;
        if (left <= 0) {
            out->needed_end = d;
            break;
        }
    }
    char s1[DATE_LONG_LEN], s2[DATE_LONG_LEN], s3[DATE_LONG_LEN], tail[160];
    date_format_long_ui(in->start, s1);
    date_format_long_ui(in->end, s2);
    date_format_long_ui(out->needed_end, s3);
    if (out->needed_end != DATE_NONE)
        snprintf(tail, sizeof tail, _(" Dengan hari latihan yang sama, %d JP baru tercapai pada %s."), want, s3);
    else snprintf(tail, sizeof tail, _(" Dengan hari latihan yang sama, %d JP tidak tercapai dalam 10 tahun."), want);
    return err_set(e, 422, "schedule_overflow",
                   _("Rentang %s s.d. %s hanya memuat %d JP (%d hari latihan x %d JP), kurang %d JP dari %d JP yang "
                     "direncanakan.%s"),
                   s1, s2, out->capacity_jp, out->capacity_jp / in->jp_per_day, in->jp_per_day,
                   want - out->scheduled_jp, want, tail);
}
