/* fuzz_training.c — libFuzzer harness for the training calculators' JSON input:
 * `bekal calc schedule` and `bekal calc completion` (src/cli/calc_training.c,
 * compiled into this harness: calc_schedule_json and calc_completion_json), which
 * reach schedule.c, attendance.c, completion.c, certno.c and the training rules
 * with a patch (trainrules.c). The input goes through both.
 *
 * Invariants: a refused input is a 4xx error with a code and a UTF-8 message; an
 * accepted one gives output that dumps to JSON. Schedule: the sessions' JP add up
 * to scheduled_jp, which is at most total_jp (equal when it fits), the sessions
 * are in date order and each lies within one day (00:00..24:00); a unit's
 * scheduled JP is at most its JP. Completion: every participant has a known
 * outcome, attended JP at most held JP, a rate of 0..100 %, a completed_on date
 * only when lulus, and a certificate number only when lulus. */
#include "fuzz.h"
#include "cli/calc_training.c"
#include "cli/opts.c" /* cli_print_json, cli_date_json, cli_json_keys */

/* calc_training.c's commands call this (cli/main.c); the harness never runs them. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    (void)cmd, (void)fmt;
    return 2;
}

static void check_err(const err_t *e, const char *who)
{
    FUZZ_CHECK(e->status >= 400 && e->status < 500 && e->code[0] && e->msg[0], "%s: bad error %d %s", who,
               e->status, e->code);
    FUZZ_CHECK(fuzz_utf8(e->msg), "%s: error message not UTF-8: %s", who, e->msg);
}

static json_int_t geti(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    FUZZ_CHECK(json_is_integer(v), "output lacks integer %s", k);
    return json_integer_value(v);
}

static int minutes(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    int h, m;
    char extra;
    FUZZ_CHECK(s && sscanf(s, "%d:%d%c", &h, &m, &extra) == 2, "session %s \"%s\"", k, s ? s : "(none)");
    return h * 60 + m;
}

static void check_dumps(json_t *out)
{
    char *s = json_dumps(out, JSON_COMPACT);
    FUZZ_CHECK(s != NULL, "output does not dump");
    free(s);
}

static void check_schedule(json_t *out)
{
    check_dumps(out);
    json_int_t total = geti(out, "total_jp"), sched = geti(out, "scheduled_jp"), sum = 0;
    bool fits = json_is_true(json_object_get(out, "fits"));
    FUZZ_CHECK(sched <= total && (!fits || sched == total), "scheduled %lld of %lld (fits %d)", (long long)sched,
               (long long)total, fits);
    const char *prev = "";
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(out, "sessions"), i, s) {
        const char *d = json_string_value(json_object_get(s, "date"));
        FUZZ_CHECK(d && strcmp(prev, d) <= 0, "session %zu out of date order", i);
        prev = d;
        int a = minutes(s, "start"), b = minutes(s, "end");
        json_int_t jp = geti(s, "jp");
        FUZZ_CHECK(jp >= 1 && a >= 0 && a < b && b <= 24 * 60, "session %zu: %d..%d, %lld JP", i, a, b, (long long)jp);
        sum += jp;
    }
    FUZZ_CHECK(sum == sched, "sessions hold %lld JP, scheduled_jp %lld", (long long)sum, (long long)sched);
    json_array_foreach(json_object_get(out, "units"), i, s)
        FUZZ_CHECK(geti(s, "scheduled_jp") <= geti(s, "jp"), "unit %zu over its JP", i);
}

static void check_completion(json_t *out)
{
    check_dumps(out);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(out, "participants"), i, p) {
        const char *o = json_string_value(json_object_get(p, "outcome"));
        FUZZ_CHECK(o && (!strcmp(o, "lulus") || !strcmp(o, "tidak_lulus") || !strcmp(o, "belum")), "outcome");
        bool lulus = !strcmp(o, "lulus");
        json_t *a = json_object_get(p, "attendance");
        FUZZ_CHECK(geti(a, "attended_jp") <= geti(a, "held_jp") && geti(a, "attended_jp") >= 0, "attended > held");
        json_int_t bp = geti(a, "rate_bp"); /* -1: nothing counted yet */
        FUZZ_CHECK((bp >= 0 && bp <= 10000) || (bp == -1 && geti(a, "base_jp") == 0), "rate %lld", (long long)bp);
        FUZZ_CHECK(lulus == json_is_string(json_object_get(p, "completed_on")), "completed_on vs outcome %s", o);
        FUZZ_CHECK(lulus || !json_object_get(p, "certificate"), "certificate for %s", o);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!root) return 0;
    if (!json_is_object(root)) { /* the commands refuse these before calculating */
        json_decref(root);
        return 0;
    }
    json_t *out;
    err_t e;
    err_clear(&e);
    if (calc_schedule_json(root, &out, &e) == 0) {
        check_schedule(out);
        json_decref(out);
    } else {
        check_err(&e, "schedule");
    }
    err_clear(&e);
    if (calc_completion_json(root, &out, &e) == 0) {
        check_completion(out);
        json_decref(out);
    } else {
        check_err(&e, "completion");
    }
    json_decref(root);
    return 0;
}
