/* calc_training.c — `bekal calc schedule FILE.json` and `bekal calc completion
 * FILE.json`: the training calculators (schedule.h, attendance.h, completion.h,
 * certno.h) from a JSON file to JSON on stdout, for the golden tests and for
 * trying rule changes. Input keys are checked strictly (a typo is an error);
 * malformed input gives an Indonesian message on stderr and exit code 2.
 * Dispatched by cmd_calc (calc.c). */
#include "cli.h"
#include "../core/completion.h"
#include "../core/schedule.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The calculations on a parsed input object: *out gets the output. 0, or -1 with e
 * set on bad input. Used by the commands below and by tests/fuzz/fuzz_training.c
 * (which compiles this file into the harness). */
int calc_schedule_json(json_t *root, json_t **out, err_t *e);
int calc_completion_json(json_t *root, json_t **out, err_t *e);

#define EC "invalid_input"
#define MAX_LIST 5000 /* holidays, sessions, participants, results... */

static void schedule_help(void)
{
    printf("Pemakaian: bekal calc schedule BERKAS.json\n\n"
           "Menyusun sesi pelatihan dari BERKAS.json dan mencetak satu objek JSON. Kunci berkas:\n"
           "  start, end (YYYY-MM-DD), weekdays ([\"senin\",...,\"jumat\"]; bawaan senin s.d. jumat),\n"
           "  jp_per_day, day_start (\"08:00\"), break_after_jp, break_minutes, total_jp (0: isi rentang),\n"
           "  holidays, cancelled ([\"YYYY-MM-DD\" | {date, name}]), units ([{code, jp}]),\n"
           "  jp_minutes (bawaan: aturan pelatihan yang berlaku pada start), rules (perubahan aturan).\n"
           "Keluaran: {ruleset, jp_minutes, fits, total_jp, scheduled_jp, capacity_jp, training_days, first,\n"
           "  last, needed_end, message, sessions, skipped, units}. Rentang yang tidak memuat total JP:\n"
           "  fits false dan message (kode keluar 0); masukan yang salah: kode keluar 2.\n");
}

static void completion_help(void)
{
    printf("Pemakaian: bekal calc completion BERKAS.json\n\n"
           "Menilai kehadiran dan kelulusan peserta pelatihan dengan aturan pelatihan yang berlaku pada\n"
           "tanggal sesi pertama (atau at). Kunci berkas:\n"
           "  at (tanggal penilaian), rules (perubahan aturan, mis. {\"attendance\": {\"izin\": \"dikecualikan\"}}),\n"
           "  schedule (seperti calc schedule) atau sessions ([{date, jp}]) dengan units ([\"KODE\" | {code}]),\n"
           "  participants: [{id, attendance: \"HHIS-A\" (H hadir, I izin, S sakit, A alpa, - belum dicatat;\n"
           "    satu huruf per sesi), results: [{unit: KODE|indeks, result: kompeten|belum_kompeten, date}]}],\n"
           "  certificate: {first_seq, site, trade, program, issued} (nomor untuk peserta yang lulus),\n"
           "  corrections: [{entered_at, now, role, reason}] dengan utc_offset_minutes (bawaan 420, WIB),\n"
           "  bnsp: [{issued}] (masa berlaku sertifikat kompetensi).\n");
}

#define bad(e, ...) err_set(e, 400, EC, __VA_ARGS__)

static int only_keys(json_t *o, const char *where, const char *const *allowed, err_t *e)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++) ok = ok || !strcmp(k, allowed[i]);
        if (!ok) return bad(e, "kunci \"%s%s%.60s\" tidak dikenal", where, *where ? "." : "", k);
    }
    return 0;
}

static int get_date(json_t *o, const char *key, const char *path, bool required, date_t *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = DATE_NONE;
    if (!v || json_is_null(v)) return required ? bad(e, "%s wajib diisi", path) : 0;
    if (!json_is_string(v) || !date_parse(json_string_value(v), out))
        return bad(e, "%s: tanggal tidak sah (pakai YYYY-MM-DD)", path);
    return 0;
}

static int get_int(json_t *o, const char *key, const char *path, int lo, int hi, int dflt, int *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = dflt;
    if (!v) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return bad(e, "%s harus bilangan bulat %d sampai %d", path, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

/* A list of dates ("YYYY-MM-DD" or {date, name}); *out is malloc'd. */
static int dates_list(json_t *o, const char *key, date_t **out, size_t *n, err_t *e)
{
    *out = NULL, *n = 0;
    json_t *a = json_object_get(o, key);
    if (!a) return 0;
    if (!json_is_array(a) || json_array_size(a) > MAX_LIST)
        return bad(e, "%s harus berupa daftar tanggal (paling banyak %d)", key, MAX_LIST);
    *out = xcalloc(json_array_size(a) + 1, sizeof **out);
    size_t i;
    json_t *it;
    json_array_foreach(a, i, it) {
        json_t *d = json_is_object(it) ? json_object_get(it, "date") : it;
        if (!json_is_string(d) || !date_parse(json_string_value(d), &(*out)[i]))
            return bad(e, "%s[%zu]: tanggal tidak sah (pakai YYYY-MM-DD atau {date, name})", key, i);
    }
    *n = json_array_size(a);
    return 0;
}

/* The rule set in force on date with the input's "rules" patch. */
static int load_rules(json_t *root, date_t date, train_rules_t *r, err_t *e)
{
    json_t *patch = json_object_get(root, "rules");
    return train_rules_builtin_at(date, patch, r, e);
}

typedef struct {
    sched_input_t in;
    date_t *holidays, *cancelled;
    int *unit_jp;
    const char **unit_codes; /* point into the JSON */
    size_t n_units;
} sched_json_t;

static void sched_json_free(sched_json_t *s)
{
    free(s->holidays);
    free(s->cancelled);
    free(s->unit_jp);
    free(s->unit_codes);
    memset(s, 0, sizeof *s);
}

/* Reads a schedule object; jp_minutes from o or from rules. */
static int parse_schedule(json_t *o, const train_rules_t *rules, sched_json_t *s, err_t *e)
{
    static const char *const keys[] = {"start", "end", "weekdays", "jp_per_day", "day_start", "break_after_jp",
                                       "break_minutes", "total_jp", "holidays", "cancelled", "units", "jp_minutes",
                                       "rules", NULL};
    memset(s, 0, sizeof *s);
    sched_input_t *in = &s->in;
    if (!json_is_object(o)) return bad(e, "jadwal harus berupa objek JSON");
    if (only_keys(o, "", keys, e) < 0) return -1;
    if (get_date(o, "start", "start", true, &in->start, e) < 0 || get_date(o, "end", "end", true, &in->end, e) < 0)
        return -1;
    json_t *w = json_object_get(o, "weekdays");
    if (!w) in->weekdays = 0x1f; /* Monday to Friday */
    else {
        if (!json_is_array(w)) return bad(e, "weekdays harus berupa daftar hari, mis. [\"senin\", \"selasa\"]");
        size_t i;
        json_t *it;
        json_array_foreach(w, i, it) {
            int d = json_is_string(it) ? sched_weekday_parse(json_string_value(it))
                    : json_is_integer(it) && json_integer_value(it) >= 1 && json_integer_value(it) <= 7
                        ? (int)json_integer_value(it)
                        : -1;
            if (d < 0) return bad(e, "weekdays[%zu]: hari tidak dikenal (senin ... minggu, atau 1 ... 7)", i);
            in->weekdays |= 1u << (d - 1);
        }
    }
    if (!json_object_get(o, "jp_per_day")) return bad(e, "jp_per_day wajib diisi");
    if (get_int(o, "jp_per_day", "jp_per_day", 0, 1000, 0, &in->jp_per_day, e) < 0 ||
        get_int(o, "jp_minutes", "jp_minutes", 0, 1000, rules->jp_minutes, &in->jp_minutes, e) < 0 ||
        get_int(o, "break_after_jp", "break_after_jp", 0, 1000, 0, &in->break_after_jp, e) < 0 ||
        get_int(o, "break_minutes", "break_minutes", 0, 10000, 0, &in->break_minutes, e) < 0 ||
        get_int(o, "total_jp", "total_jp", 0, 1000000, 0, &in->total_jp, e) < 0)
        return -1;
    json_t *ds = json_object_get(o, "day_start");
    in->day_start = 8 * 60;
    if (ds && (!json_is_string(ds) || !sched_time_parse(json_string_value(ds), &in->day_start)))
        return bad(e, "day_start harus jam \"HH:MM\", mis. \"08:00\"");
    if (dates_list(o, "holidays", &s->holidays, &in->n_holidays, e) < 0 ||
        dates_list(o, "cancelled", &s->cancelled, &in->n_cancelled, e) < 0)
        return -1;
    in->holidays = s->holidays, in->cancelled = s->cancelled;
    json_t *u = json_object_get(o, "units");
    if (u) {
        if (!json_is_array(u) || json_array_size(u) > SCHED_MAX_UNITS)
            return bad(e, "units harus berupa daftar [{code, jp}] (paling banyak %d)", SCHED_MAX_UNITS);
        s->n_units = json_array_size(u);
        s->unit_jp = xcalloc(s->n_units + 1, sizeof *s->unit_jp);
        s->unit_codes = xcalloc(s->n_units + 1, sizeof *s->unit_codes);
        size_t i;
        json_t *it;
        json_array_foreach(u, i, it) {
            json_t *c = json_object_get(it, "code"), *jp = json_object_get(it, "jp");
            if (!json_is_object(it) || !json_is_string(c) || !json_is_integer(jp) || json_integer_value(jp) < 1 ||
                json_integer_value(jp) > SCHED_MAX_TOTAL_JP)
                return bad(e, "units[%zu] harus {\"code\": \"...\", \"jp\": 1..%d}", i, SCHED_MAX_TOTAL_JP);
            s->unit_codes[i] = json_string_value(c);
            s->unit_jp[i] = (int)json_integer_value(jp);
        }
        in->unit_jp = s->unit_jp, in->n_units = s->n_units;
    }
    return 0;
}

static json_t *session_json(const sched_json_t *s, const sched_session_t *x)
{
    char a[8], b[8];
    sched_time_format(x->start, a);
    sched_time_format(x->end, b);
    json_t *o = json_pack("{s:o, s:s, s:s, s:s, s:i, s:i}", "date", cli_date_json(x->date), "weekday",
                          sched_weekday_name(sched_iso_weekday(x->date)), "start", a, "end", b, "jp", x->jp,
                          "day_jp_from", x->day_jp_from);
    if (x->unit >= 0) {
        json_object_set_new(o, "unit", json_integer(x->unit));
        json_object_set_new(o, "unit_code", json_string(s->unit_codes[x->unit]));
        json_object_set_new(o, "unit_jp_from", json_integer(x->unit_jp_from));
    }
    return o;
}

static json_t *schedule_json(const train_rules_t *rules, const sched_json_t *s, const sched_result_t *r,
                             const err_t *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "ruleset", json_string(rules->code));
    json_object_set_new(o, "jp_minutes", json_integer(s->in.jp_minutes));
    json_object_set_new(o, "fits", json_boolean(r->fits));
    json_object_set_new(o, "total_jp", json_integer(r->total_jp));
    json_object_set_new(o, "scheduled_jp", json_integer(r->scheduled_jp));
    json_object_set_new(o, "capacity_jp", json_integer(r->capacity_jp));
    json_object_set_new(o, "training_days", json_integer(r->training_days));
    json_object_set_new(o, "first", cli_date_json(r->first));
    json_object_set_new(o, "last", cli_date_json(r->last));
    json_object_set_new(o, "needed_end", cli_date_json(r->needed_end));
    json_object_set_new(o, "message", r->fits ? json_null() : json_string(e->msg));
    json_t *ss = json_array(), *sk = json_array(), *us = json_array();
    for (size_t i = 0; i < r->n_sessions; i++) json_array_append_new(ss, session_json(s, &r->sessions[i]));
    for (size_t i = 0; i < r->n_skipped; i++)
        json_array_append_new(sk, json_pack("{s:o, s:s, s:s}", "date", cli_date_json(r->skipped[i].date), "weekday",
                                            sched_weekday_name(sched_iso_weekday(r->skipped[i].date)), "reason",
                                            sched_skip_reason_name(r->skipped[i].reason)));
    for (size_t u = 0; u < s->n_units; u++) {
        date_t first = DATE_NONE, last = DATE_NONE;
        int placed = 0;
        for (size_t i = 0; i < r->n_sessions; i++) {
            if (r->sessions[i].unit != (int)u) continue;
            if (first == DATE_NONE) first = r->sessions[i].date;
            last = r->sessions[i].date;
            placed += r->sessions[i].jp;
        }
        json_array_append_new(us, json_pack("{s:s, s:i, s:i, s:o, s:o}", "code", s->unit_codes[u], "jp",
                                            s->unit_jp[u], "scheduled_jp", placed, "first", cli_date_json(first), "last",
                                            cli_date_json(last)));
    }
    json_object_set_new(o, "sessions", ss);
    json_object_set_new(o, "skipped", sk);
    json_object_set_new(o, "units", us);
    return o;
}

/* Reads FILE (the only argument); handles --help. *root is NULL when rc is set. */
static int read_input(int argc, char **argv, const char *cmd, void (*help)(void), json_t **root, int *rc)
{
    *root = NULL;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        help();
        return *rc = 0, -1;
    }
    if (argc != 2) return *rc = cli_usage_error(cmd, "pakai: bekal %s BERKAS.json", cmd), -1;
    json_error_t je;
    *root = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &je);
    if (!*root)
        return *rc = cli_usage_error(cmd, "%s: JSON tidak dapat dibaca (baris %d): %s", argv[1], je.line, je.text), -1;
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return *rc = cli_usage_error(cmd, "%s: harus berupa objek JSON", argv[1]), -1;
    }
    return 0;
}

/* The schedule calculation on a parsed input object: *out gets the output (caller
 * owns it). 0, or -1 with e set on bad input. Also what tests/fuzz/fuzz_training.c runs. */
int calc_schedule_json(json_t *root, json_t **out, err_t *e)
{
    train_rules_t rules;
    sched_json_t s;
    sched_result_t r = {0};
    date_t start;
    int rc = -1;
    *out = NULL;
    memset(&s, 0, sizeof s);
    if (get_date(root, "start", "start", true, &start, e) < 0 || load_rules(root, start, &rules, e) < 0 ||
        parse_schedule(root, &rules, &s, e) < 0)
        goto out;
    if (sched_generate(&s.in, &r, e) < 0 && strcmp(e->code, "schedule_overflow")) goto out;
    *out = schedule_json(&rules, &s, &r, e);
    rc = 0;
out:
    sched_result_release(&r);
    sched_json_free(&s);
    return rc;
}

/* `bekal calc CMD BERKAS.json`: fn on the file's object, its output printed. */
static int run_file(int argc, char **argv, const char *cmd, void (*help)(void),
                    int (*fn)(json_t *root, json_t **out, err_t *e))
{
    json_t *root, *out;
    int rc = 2;
    if (read_input(argc, argv, cmd, help, &root, &rc) < 0) return rc;
    err_t e;
    err_clear(&e);
    if (fn(root, &out, &e) < 0) rc = cli_usage_error(cmd, "%s: %s", argv[1], e.msg);
    else rc = cli_print_json(out);
    json_decref(root);
    return rc;
}

int calc_schedule(int argc, char **argv) { return run_file(argc, argv, "calc schedule", schedule_help, calc_schedule_json); }

/* Everything `calc completion` reads, owned here. */
typedef struct {
    train_rules_t rules;
    sched_json_t sj;
    sched_result_t sr;
    att_session_t *sessions;
    size_t n_sessions;
    const char **unit_codes;
    size_t n_units;
    date_t at;
    signed char *status;        /* n_participants x n_sessions */
    comp_assessment_t *results; /* all participants' results */
    size_t *res_from, *res_n;   /* per participant: slice of results */
    const char **ids;
    size_t n_participants;
} comp_input_t;

static void comp_input_free(comp_input_t *c)
{
    if (c->unit_codes != c->sj.unit_codes) free(c->unit_codes);
    sched_result_release(&c->sr);
    sched_json_free(&c->sj);
    free(c->sessions);
    free(c->status);
    free(c->results);
    free(c->res_from);
    free(c->res_n);
    free(c->ids);
}

static int unit_index(const comp_input_t *c, json_t *u)
{
    if (json_is_integer(u)) {
        json_int_t i = json_integer_value(u);
        return i >= 0 && (size_t)i < c->n_units ? (int)i : -1;
    }
    if (!json_is_string(u)) return -1;
    for (size_t i = 0; i < c->n_units; i++)
        if (!strcmp(c->unit_codes[i], json_string_value(u))) return (int)i;
    return -1;
}

/* The programme: from "schedule" (generated) or "sessions" + "units". */
static int comp_programme(json_t *root, comp_input_t *c, err_t *e)
{
    json_t *sch = json_object_get(root, "schedule"), *ses = json_object_get(root, "sessions");
    if (sch && ses) return bad(e, "pakai schedule atau sessions, tidak keduanya");
    date_t first = DATE_NONE;
    if (sch) {
        if (!json_is_object(sch)) return bad(e, "schedule harus berupa objek JSON");
        if (get_date(sch, "start", "schedule.start", true, &first, e) < 0) return -1;
    } else if (ses) {
        if (!json_is_array(ses) || json_array_size(ses) > MAX_LIST)
            return bad(e, "sessions harus berupa daftar [{date, jp}] (paling banyak %d)", MAX_LIST);
        c->n_sessions = json_array_size(ses);
        c->sessions = xcalloc(c->n_sessions + 1, sizeof *c->sessions);
        size_t i;
        json_t *it;
        json_array_foreach(ses, i, it) {
            char path[40];
            snprintf(path, sizeof path, "sessions[%zu].date", i);
            json_t *jp = json_object_get(it, "jp");
            if (!json_is_object(it) || get_date(it, "date", path, true, &c->sessions[i].date, e) < 0) return -1;
            if (!json_is_integer(jp) || json_integer_value(jp) < 1 || json_integer_value(jp) > 24)
                return bad(e, "sessions[%zu].jp harus bilangan bulat 1 sampai 24", i);
            c->sessions[i].jp = (int)json_integer_value(jp);
            if (first == DATE_NONE || c->sessions[i].date < first) first = c->sessions[i].date;
        }
    }
    /* The rule set in force when the programme starts (else on `at`). */
    if (load_rules(root, first != DATE_NONE ? first : c->at, &c->rules, e) < 0) return -1;
    if (sch) {
        if (parse_schedule(sch, &c->rules, &c->sj, e) < 0) return -1;
        if (json_object_get(sch, "rules")) return bad(e, "schedule.rules tidak dipakai di sini: pakai rules di luar schedule");
        if (sched_generate(&c->sj.in, &c->sr, e) < 0) return -1;
        c->n_sessions = c->sr.n_sessions;
        c->sessions = xcalloc(c->n_sessions + 1, sizeof *c->sessions);
        for (size_t i = 0; i < c->n_sessions; i++)
            c->sessions[i] = (att_session_t){c->sr.sessions[i].date, c->sr.sessions[i].jp};
        c->unit_codes = c->sj.unit_codes, c->n_units = c->sj.n_units;
        if (json_object_get(root, "units")) return bad(e, "units ada di dalam schedule");
        return 0;
    }
    json_t *u = json_object_get(root, "units");
    if (!u) return 0;
    if (!json_is_array(u) || json_array_size(u) > SCHED_MAX_UNITS)
        return bad(e, "units harus berupa daftar kode unit (paling banyak %d)", SCHED_MAX_UNITS);
    c->n_units = json_array_size(u);
    c->unit_codes = xcalloc(c->n_units + 1, sizeof *c->unit_codes);
    size_t i;
    json_t *it;
    json_array_foreach(u, i, it) {
        json_t *code = json_is_object(it) ? json_object_get(it, "code") : it;
        if (!json_is_string(code)) return bad(e, "units[%zu] harus kode unit atau {code}", i);
        c->unit_codes[i] = json_string_value(code);
    }
    return 0;
}

static int comp_participants(json_t *root, comp_input_t *c, err_t *e)
{
    static const char *const p_keys[] = {"id", "attendance", "results", NULL};
    static const char *const r_keys[] = {"unit", "result", "date", NULL};
    json_t *ps = json_object_get(root, "participants");
    if (ps && (!json_is_array(ps) || json_array_size(ps) > MAX_LIST))
        return bad(e, "participants harus berupa daftar (paling banyak %d)", MAX_LIST);
    size_t np = json_array_size(ps), total = 0, i;
    json_t *p;
    json_array_foreach(ps, i, p) {
        json_t *res = json_object_get(p, "results");
        total += json_is_array(res) ? json_array_size(res) : 0;
    }
    if (total > MAX_LIST) return bad(e, "terlalu banyak hasil uji (paling banyak %d)", MAX_LIST);
    c->n_participants = np;
    c->status = xcalloc(np * c->n_sessions + 1, 1);
    c->results = xcalloc(total + 1, sizeof *c->results);
    c->res_from = xcalloc(np + 1, sizeof *c->res_from);
    c->res_n = xcalloc(np + 1, sizeof *c->res_n);
    c->ids = xcalloc(np + 1, sizeof *c->ids);
    size_t nr = 0;
    json_array_foreach(ps, i, p) {
        char where[48];
        snprintf(where, sizeof where, "participants[%zu]", i);
        if (!json_is_object(p)) return bad(e, "%s harus berupa objek", where);
        if (only_keys(p, where, p_keys, e) < 0) return -1;
        json_t *id = json_object_get(p, "id"), *att = json_object_get(p, "attendance");
        if (!json_is_string(id)) return bad(e, "%s.id wajib berupa teks", where);
        c->ids[i] = json_string_value(id);
        const char *a = att ? json_string_value(att) : "";
        if (att && !a) return bad(e, "%s.attendance harus teks, satu huruf per sesi (H, I, S, A, -)", where);
        if (strlen(a) > c->n_sessions)
            return bad(e, "%s.attendance berisi %zu huruf untuk %zu sesi", where, strlen(a), c->n_sessions);
        signed char *st = c->status + i * c->n_sessions;
        for (size_t k = 0; k < c->n_sessions; k++) {
            char ch = k < strlen(a) ? a[k] : '-';
            st[k] = ch == 'H' || ch == 'h' ? ATT_HADIR : ch == 'I' || ch == 'i' ? ATT_IZIN
                    : ch == 'S' || ch == 's' ? ATT_SAKIT : ch == 'A' || ch == 'a' ? ATT_ALPA : ATT_NONE;
            if (st[k] == ATT_NONE && ch != '-' && ch != '.')
                return bad(e, "%s.attendance: huruf \"%c\" pada sesi ke-%zu tidak dikenal (H, I, S, A, -)", where, ch,
                           k + 1);
        }
        json_t *res = json_object_get(p, "results");
        c->res_from[i] = nr;
        if (res && !json_is_array(res)) return bad(e, "%s.results harus berupa daftar", where);
        size_t k;
        json_t *r;
        json_array_foreach(res, k, r) {
            char rw[80];
            snprintf(rw, sizeof rw, "%s.results[%zu]", where, k);
            if (!json_is_object(r)) return bad(e, "%s harus berupa objek", rw);
            if (only_keys(r, rw, r_keys, e) < 0) return -1;
            comp_assessment_t *x = &c->results[nr];
            x->unit = unit_index(c, json_object_get(r, "unit"));
            if (x->unit < 0) return bad(e, "%s.unit: unit tidak dikenal", rw);
            const char *v = json_string_value(json_object_get(r, "result"));
            if (!v || (strcmp(v, "kompeten") && strcmp(v, "belum_kompeten")))
                return bad(e, "%s.result harus \"kompeten\" atau \"belum_kompeten\"", rw);
            x->kompeten = !strcmp(v, "kompeten");
            char dp[96];
            snprintf(dp, sizeof dp, "%s.date", rw);
            if (get_date(r, "date", dp, true, &x->date, e) < 0) return -1;
            nr++;
        }
        c->res_n[i] = nr - c->res_from[i];
    }
    return 0;
}

static json_t *attendance_json(const att_summary_t *s)
{
    char rate[16], best[16];
    att_rate_format(s->rate_bp, rate);
    att_rate_format(s->best_rate_bp, best);
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i}, s:i, s:s, s:i, s:b, s:i, s:s, s:b}",
                     "held_jp", s->held_jp, "attended_jp", s->attended_jp, "absent_jp", s->absent_jp, "excluded_jp",
                     s->excluded_jp, "unrecorded_jp", s->unrecorded_jp, "unrecorded_sessions",
                     s->unrecorded_sessions, "jp_by_status", "hadir", s->jp_by_status[ATT_HADIR], "izin",
                     s->jp_by_status[ATT_IZIN], "sakit", s->jp_by_status[ATT_SAKIT], "alpa",
                     s->jp_by_status[ATT_ALPA], "base_jp", s->base_jp, "rate", rate, "rate_bp", s->rate_bp,
                     "below_min", s->below_min, "remaining_jp", s->remaining_jp, "best_rate", best, "cannot_reach",
                     s->cannot_reach);
}

/* certificate section: numbers for the participants who pass, in order. */
static int cert_setup(json_t *root, certno_values_t *v, bool *on, err_t *e)
{
    static const char *const keys[] = {"first_seq", "site", "trade", "program", "issued", NULL};
    json_t *c = json_object_get(root, "certificate");
    memset(v, 0, sizeof *v);
    v->issued = DATE_NONE;
    *on = c != NULL;
    if (!c) return 0;
    if (!json_is_object(c) || only_keys(c, "certificate", keys, e) < 0)
        return e->code[0] ? -1 : bad(e, "certificate harus berupa objek");
    int first, program;
    if (get_int(c, "first_seq", "certificate.first_seq", 1, 100000000, 1, &first, e) < 0 ||
        get_int(c, "program", "certificate.program", 0, 1000000000, 0, &program, e) < 0 ||
        get_date(c, "issued", "certificate.issued", false, &v->issued, e) < 0)
        return -1;
    v->seq = first, v->program = program;
    v->site = json_string_value(json_object_get(c, "site"));
    v->trade = json_string_value(json_object_get(c, "trade"));
    return 0;
}

/* The array of one(item, i, ctx, e) for every item of root's optional array key (what:
 * the error when it is not an array); NULL with e set at the first item one refuses. */
static json_t *map_items(json_t *root, const char *key, const char *what,
                         json_t *(*one)(json_t *it, size_t i, const void *ctx, err_t *e), const void *ctx, err_t *e)
{
    json_t *a = json_object_get(root, key), *out = json_array(), *it;
    if (a && !json_is_array(a)) {
        bad(e, "%s", what);
        return json_decref(out), NULL;
    }
    size_t i;
    json_array_foreach(a, i, it) {
        json_t *o = one(it, i, ctx, e);
        if (!o) return json_decref(out), NULL;
        json_array_append_new(out, o);
    }
    return out;
}

struct corr_ctx {
    const train_rules_t *rules;
    int off;
};
static json_t *correction_json(json_t *it, size_t i, const void *vc, err_t *e)
{
    static const char *const keys[] = {"entered_at", "now", "role", "reason", NULL};
    const struct corr_ctx *c = vc;
    char where[48];
    snprintf(where, sizeof where, "corrections[%zu]", i);
    int64_t t_in, t_now;
    if (!json_is_object(it) || only_keys(it, where, keys, e) < 0) {
        if (!e->code[0]) bad(e, "%s harus berupa objek", where);
        return NULL;
    }
    const char *a = json_string_value(json_object_get(it, "entered_at"));
    const char *b = json_string_value(json_object_get(it, "now"));
    if (!att_time_parse(a, c->off, &t_in) || !att_time_parse(b, c->off, &t_now)) {
        bad(e, "%s: entered_at dan now harus waktu \"YYYY-MM-DDTHH:MM[:SS]\" dengan Z atau +HH:MM", where);
        return NULL;
    }
    corr_result_t r;
    att_correction_check(&c->rules->att, t_in, t_now, json_string_value(json_object_get(it, "role")),
                         json_string_value(json_object_get(it, "reason")), c->off, &r);
    char dl[64];
    att_time_format(r.deadline, c->off, dl, sizeof dl);
    return json_pack("{s:s, s:b, s:s, s:s}", "decision", corr_decision_name(r.decision), "late", r.late, "deadline", dl,
                     "message", r.msg);
}

static json_t *corrections_json(json_t *root, const train_rules_t *rules, err_t *e)
{
    struct corr_ctx c = {rules, 0};
    if (get_int(root, "utc_offset_minutes", "utc_offset_minutes", -720, 840, 420, &c.off, e) < 0) return NULL;
    return map_items(root, "corrections", "corrections harus berupa daftar", correction_json, &c, e);
}

struct bnsp_ctx {
    const train_rules_t *rules;
    date_t at;
};
static json_t *bnsp_one_json(json_t *it, size_t i, const void *vc, err_t *e)
{
    const struct bnsp_ctx *c = vc;
    char path[40];
    snprintf(path, sizeof path, "bnsp[%zu].issued", i);
    date_t issued;
    if (!json_is_object(it) || get_date(it, "issued", path, true, &issued, e) < 0) {
        if (!e->code[0]) bad(e, "bnsp[%zu] harus {issued}", i);
        return NULL;
    }
    date_t exp = bnsp_expiry(issued, c->rules->bnsp_validity_years);
    return json_pack("{s:o, s:o, s:i, s:b}", "issued", cli_date_json(issued), "expires", cli_date_json(exp),
                     "validity_years", c->rules->bnsp_validity_years, "valid_at", bnsp_valid_on(issued, exp, c->at));
}

static json_t *bnsp_json(json_t *root, const train_rules_t *rules, date_t at, err_t *e)
{
    struct bnsp_ctx c = {rules, at};
    return map_items(root, "bnsp", "bnsp harus berupa daftar [{issued}]", bnsp_one_json, &c, e);
}

/* The completion calculation on a parsed input object: *out_ gets the output
 * (caller owns it). 0, or -1 with e set on bad input. Also run by
 * tests/fuzz/fuzz_training.c. */
int calc_completion_json(json_t *root, json_t **out_, err_t *e_)
{
    static const char *const keys[] = {"at", "rules", "schedule", "sessions", "units", "participants", "certificate",
                                       "corrections", "utc_offset_minutes", "bnsp", NULL};
    json_t *out = NULL;
    int rc = -1;
    err_t e;
    err_clear(&e);
    *out_ = NULL;
    comp_input_t c;
    memset(&c, 0, sizeof c);
    certno_values_t cv;
    bool cert_on;
    if (only_keys(root, "", keys, &e) < 0 || get_date(root, "at", "at", true, &c.at, &e) < 0 ||
        comp_programme(root, &c, &e) < 0 || comp_participants(root, &c, &e) < 0 || cert_setup(root, &cv, &cert_on, &e) < 0)
        goto fail;
    out = json_object();
    char min[16];
    att_rate_format(c.rules.att.min_rate_bp, min);
    date_t last = DATE_NONE;
    for (size_t i = 0; i < c.n_sessions; i++)
        if (last == DATE_NONE || c.sessions[i].date > last) last = c.sessions[i].date;
    json_object_set_new(out, "ruleset", json_string(c.rules.code));
    json_object_set_new(out, "at", cli_date_json(c.at));
    json_object_set_new(out, "min_attendance", json_string(min));
    json_object_set_new(out, "sessions", json_integer((json_int_t)c.n_sessions));
    json_object_set_new(out, "last_session", cli_date_json(last));
    json_t *parts = json_array();
    json_object_set_new(out, "participants", parts);
    comp_programme_t prog = {c.sessions, c.n_sessions, c.n_units, c.unit_codes};
    for (size_t i = 0; i < c.n_participants; i++) {
        comp_participant_t p = {c.status + i * c.n_sessions, c.results + c.res_from[i], c.res_n[i]};
        comp_eval_t ev;
        comp_evaluate(&c.rules, &prog, &p, c.at, &ev);
        json_t *o = json_object(), *units = json_array(), *reqs = json_array();
        json_object_set_new(o, "id", json_string(c.ids[i]));
        json_object_set_new(o, "outcome", json_string(comp_outcome_name(ev.outcome)));
        json_object_set_new(o, "reason", json_string(ev.reason));
        json_object_set_new(o, "completed_on", cli_date_json(ev.completed_on));
        json_object_set_new(o, "attendance", attendance_json(&ev.att));
        for (size_t u = 0; u < c.n_units; u++) {
            date_t when;
            comp_unit_state_t st = comp_unit_state(&p, (int)u, c.at, &when);
            json_array_append_new(units, json_pack("{s:s, s:s, s:o}", "code", c.unit_codes[u], "state",
                                                   comp_unit_state_name(st), "date", cli_date_json(when)));
        }
        json_object_set_new(o, "units", units);
        for (int k = 0; k < ev.n; k++)
            json_array_append_new(reqs, json_pack("{s:s, s:b, s:b, s:s}", "code", comp_req_code_name(ev.req[k].code),
                                                  "met", ev.req[k].met, "pending", ev.req[k].pending, "detail",
                                                  ev.req[k].detail));
        json_object_set_new(o, "requirements", reqs);
        if (cert_on && ev.outcome == COMP_LULUS) {
            certno_values_t v = cv;
            if (v.issued == DATE_NONE) v.issued = ev.completed_on;
            char num[CERTNO_MAX], key[160];
            if (certno_render(c.rules.certno_format, &v, num, &e) < 0) goto fail;
            certno_seq_key(c.rules.seq_per, &v, key, sizeof key);
            json_object_set_new(o, "certificate", json_pack("{s:s, s:i, s:s, s:o}", "number", num, "seq",
                                                            (json_int_t)v.seq, "seq_key", key, "issued",
                                                            cli_date_json(v.issued)));
            cv.seq++;
        }
        json_array_append_new(parts, o);
    }
    json_t *corr = corrections_json(root, &c.rules, &e), *bnsp = corr ? bnsp_json(root, &c.rules, c.at, &e) : NULL;
    if (!corr || !bnsp) {
        json_decref(corr);
        goto fail;
    }
    json_object_set_new(out, "corrections", corr);
    json_object_set_new(out, "bnsp", bnsp);
    *out_ = out;
    out = NULL;
    rc = 0;
    goto done;
fail:
    *e_ = e;
done:
    json_decref(out);
    comp_input_free(&c);
    return rc;
}

int calc_completion(int argc, char **argv)
{
    return run_file(argc, argv, "calc completion", completion_help, calc_completion_json);
}
