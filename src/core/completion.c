/* completion.c — the completion rule, requirement by requirement (decisions in
 * completion.h). */
#include "completion.h"
#include "msg.h"
#include "../util/i18n.h"
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *comp_outcome_name(comp_outcome_t o)
{
    static const char *const n[] = {"lulus", "tidak_lulus", "belum"};
    return (unsigned)o < 3 ? n[o] : "?";
}

const char *comp_req_code_name(comp_req_code_t c)
{
    static const char *const n[COMP_REQ__COUNT] = {"program_selesai", "kehadiran", "kehadiran_tercatat",
                                                   "unit_kompeten"};
    return (unsigned)c < COMP_REQ__COUNT ? n[c] : "?";
}

const char *comp_unit_state_name(comp_unit_state_t s)
{
    static const char *const n[] = {"belum_dinilai", "belum_kompeten", "kompeten"};
    return (unsigned)s < 3 ? n[s] : "?";
}

comp_unit_state_t comp_unit_state(const comp_participant_t *p, int unit, date_t at, date_t *when)
{
    const comp_assessment_t *last = NULL;
    for (size_t i = 0; i < p->n_results; i++) {
        const comp_assessment_t *a = &p->results[i];
        if (a->unit != unit || (a->date != DATE_NONE && a->date > at)) continue;
        if (!last || a->date >= last->date) last = a;
    }
    if (when) *when = last ? last->date : DATE_NONE;
    return !last ? UNIT_BELUM_DINILAI : last->kompeten ? UNIT_KOMPETEN : UNIT_BELUM_KOMPETEN;
}

/* Appends to buf (size n) without overflowing; keeps it NUL-terminated. */
static void cat(char *buf, size_t n, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void cat(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* Keeps m (stolen) as the text out (cap bytes), or "" when it does not fit. */
static void keep_coded(char *out, size_t cap, json_t *m)
{
    char *t = msg_dump(m);
    json_decref(m);
    out[0] = 0;
    if (t && strlen(t) < cap) memcpy(out, t, strlen(t) + 1);
    free(t);
}
#define set_coded(o, m) keep_coded((o)->reason_coded, sizeof (o)->reason_coded, (m))
#define set_detail(q, m) keep_coded((q)->detail_coded, sizeof (q)->detail_coded, (m))

static comp_req_t *add(comp_eval_t *o, comp_req_code_t code, bool met, bool pending)
{
    comp_req_t *q = &o->req[o->n++];
    q->code = code;
    q->met = met;
    q->pending = !met && pending;
    q->detail[0] = 0;
    q->detail_coded[0] = 0;
    return q;
}

/* "izin, sakit dan belum dicatat" of the excluded statuses with JP; coded into m too. */
static void excluded_names(const train_rules_t *r, const att_summary_t *s, char *buf, size_t n, json_t *m)
{
    const char *names[3];
    int k = 0;
    if (r->att.treat[ATT_IZIN] == ATT_EXCLUDED && s->jp_by_status[ATT_IZIN]) names[k++] = N_("izin");
    if (r->att.treat[ATT_SAKIT] == ATT_EXCLUDED && s->jp_by_status[ATT_SAKIT]) names[k++] = N_("sakit");
    if (r->att.treat[ATT_TREAT_NONE] == ATT_EXCLUDED && s->unrecorded_jp) names[k++] = N_("belum dicatat");
    buf[0] = 0;
    for (int i = 0; i < k; i++) {
        cat(buf, n, "%s%s", i == 0 ? "" : i == k - 1 ? " dan " : ", ", names[i]);
        msg_add(m, i == 0 ? "%s" : i == k - 1 ? N_(" dan %s") : ", %s", "t", names[i]);
    }
}

static void attendance_req(const train_rules_t *r, bool ended, comp_eval_t *o)
{
    const att_summary_t *s = &o->att;
    char rate[16], min[16], best[16], ex[64];
    att_rate_format(s->rate_bp, rate);
    att_rate_format(r->att.min_rate_bp, min);
    att_rate_format(s->best_rate_bp, best);
    bool met = s->base_jp > 0 && !s->below_min;
    /* Not final while the best case (every missing entry recorded as hadir;
     * attendance.h) still reaches the minimum. */
    comp_req_t *q = add(o, COMP_REQ_KEHADIRAN, met, !ended || s->base_jp == 0 || !s->cannot_reach);
    json_t *m = json_array(), *names = json_array();
    if (s->base_jp == 0) {
        snprintf(q->detail, sizeof q->detail, "Belum ada kehadiran yang dihitung (minimum %s).", min);
        msg_add(m, N_("Belum ada kehadiran yang dihitung (minimum %s)."), "s", min);
    } else {
        snprintf(q->detail, sizeof q->detail, "Kehadiran %s (%d dari %d JP) %s minimum %s.", rate, s->attended_jp,
                 s->base_jp, met ? "memenuhi" : "di bawah", min);
        msg_add(m, met ? N_("Kehadiran %s (%s dari %s JP) memenuhi minimum %s.")
                       : N_("Kehadiran %s (%s dari %s JP) di bawah minimum %s."),
                "siis", rate, s->attended_jp, s->base_jp, min);
    }
    excluded_names(r, s, ex, sizeof ex, names);
    if (s->excluded_jp > 0) {
        cat(q->detail, sizeof q->detail, " %d JP %s tidak dihitung.", s->excluded_jp, ex);
        msg_add(m, N_(" %s JP %s tidak dihitung."), "im", s->excluded_jp, names);
    } else
        json_decref(names);
    if (!ended && s->cannot_reach) {
        cat(q->detail, sizeof q->detail, " Minimum tidak lagi dapat tercapai walaupun semua sesi berikutnya dihadiri "
                                         "(paling tinggi %s).", best);
        msg_add(m, N_(" Minimum tidak lagi dapat tercapai walaupun semua sesi berikutnya dihadiri (paling tinggi %s)."),
                "s", best);
    }
    set_detail(q, m);
}

static void units_req(const comp_programme_t *prog, const comp_participant_t *p, date_t at, bool ended,
                      comp_eval_t *o, date_t *last_kompeten)
{
    *last_kompeten = DATE_NONE;
    size_t nu = prog->n_units;
    if (nu == 0) {
        comp_req_t *q = add(o, COMP_REQ_UNIT_KOMPETEN, false, true);
        snprintf(q->detail, sizeof q->detail, "Program belum mempunyai daftar unit kompetensi.");
        json_t *m = json_array();
        msg_add(m, N_("Program belum mempunyai daftar unit kompetensi."), "");
        set_detail(q, m);
        return;
    }
    for (size_t u = 0; u < nu; u++) {
        date_t when;
        comp_unit_state_t st = comp_unit_state(p, (int)u, at, &when);
        if (st == UNIT_KOMPETEN) {
            o->units_kompeten++;
            if (when != DATE_NONE && (*last_kompeten == DATE_NONE || when > *last_kompeten)) *last_kompeten = when;
        } else if (st == UNIT_BELUM_KOMPETEN) o->units_belum_kompeten++;
        else o->units_belum_dinilai++;
    }
    bool met = o->units_kompeten == (int)nu;
    comp_req_t *q = add(o, COMP_REQ_UNIT_KOMPETEN, met, !ended || o->units_belum_dinilai > 0);
    json_t *m = json_array();
    if (met) {
        snprintf(q->detail, sizeof q->detail, "Semua %zu unit kompetensi kompeten.", nu);
        msg_add(m, N_("Semua %s unit kompetensi kompeten."), "I", (int64_t)nu);
        set_detail(q, m);
        return;
    }
    snprintf(q->detail, sizeof q->detail, "%zu dari %zu unit kompetensi belum kompeten:",
             nu - (size_t)o->units_kompeten, nu);
    msg_add(m, N_("%s dari %s unit kompetensi belum kompeten:"), "II", (int64_t)(nu - (size_t)o->units_kompeten),
            (int64_t)nu);
    int listed = 0, left = (int)nu - o->units_kompeten;
    for (size_t u = 0; u < nu; u++) {
        comp_unit_state_t st = comp_unit_state(p, (int)u, at, NULL);
        if (st == UNIT_KOMPETEN) continue;
        char name[80];
        json_t *nm = json_array();
        if (prog->unit_codes && prog->unit_codes[u]) {
            snprintf(name, sizeof name, "%.70s", prog->unit_codes[u]);
            msg_add(nm, "%s", "s", name);
        } else {
            snprintf(name, sizeof name, "unit ke-%zu", u + 1);
            msg_add(nm, N_("unit ke-%s"), "I", (int64_t)(u + 1));
        }
        const char *what = st == UNIT_BELUM_KOMPETEN ? N_("belum kompeten") : N_("belum dinilai");
        if (listed == 6 || strlen(q->detail) + strlen(name) + 40 >= sizeof q->detail) {
            cat(q->detail, sizeof q->detail, " dan %d unit lainnya", left - listed);
            msg_add(m, N_(" dan %s unit lainnya"), "i", left - listed);
            json_decref(nm);
            break;
        }
        cat(q->detail, sizeof q->detail, "%s %s (%s)", listed ? "," : "", name, what);
        msg_add(m, listed ? ", %s (%s)" : " %s (%s)", "mt", nm, what);
        listed++;
    }
    cat(q->detail, sizeof q->detail, ".");
    msg_add(m, ".", "");
    set_detail(q, m);
}

void comp_evaluate(const train_rules_t *r, const comp_programme_t *prog, const comp_participant_t *p, date_t at,
                   comp_eval_t *o)
{
    memset(o, 0, sizeof *o);
    o->completed_on = DATE_NONE;
    date_t last = DATE_NONE;
    for (size_t i = 0; i < prog->n_sessions; i++)
        if (last == DATE_NONE || prog->sessions[i].date > last) last = prog->sessions[i].date;
    bool ended = last != DATE_NONE && at >= last;
    att_summarise(&r->att, prog->sessions, prog->n_sessions, p->status, at, &o->att);

    char d[DATE_LONG_LEN];
    date_format_long(last, d);
    comp_req_t *q = add(o, COMP_REQ_PROGRAM_SELESAI, ended, true);
    json_t *dm = json_array();
    if (last == DATE_NONE) {
        snprintf(q->detail, sizeof q->detail, "Program belum mempunyai jadwal sesi.");
        msg_add(dm, N_("Program belum mempunyai jadwal sesi."), "");
    } else {
        snprintf(q->detail, sizeof q->detail, "Program %s: sesi terakhir %s.", ended ? "selesai" : "belum selesai", d);
        msg_add(dm, ended ? N_("Program selesai: sesi terakhir %s.") : N_("Program belum selesai: sesi terakhir %s."),
                "d", last);
    }
    set_detail(q, dm);

    attendance_req(r, ended, o);

    if (r->require_recorded) {
        q = add(o, COMP_REQ_KEHADIRAN_TERCATAT, o->att.unrecorded_sessions == 0, true);
        json_t *tm = json_array();
        if (q->met) {
            snprintf(q->detail, sizeof q->detail, "Kehadiran semua sesi yang telah berlangsung sudah dicatat.");
            msg_add(tm, N_("Kehadiran semua sesi yang telah berlangsung sudah dicatat."), "");
        } else {
            snprintf(q->detail, sizeof q->detail, "Kehadiran %d sesi (%d JP) belum dicatat.", o->att.unrecorded_sessions,
                     o->att.unrecorded_jp);
            msg_add(tm, N_("Kehadiran %s sesi (%s JP) belum dicatat."), "ii", o->att.unrecorded_sessions,
                    o->att.unrecorded_jp);
        }
        set_detail(q, tm);
    }
    date_t last_kompeten = DATE_NONE;
    if (r->require_all_units) units_req(prog, p, at, ended, o, &last_kompeten);

    bool all = true, failed = false;
    for (int i = 0; i < o->n; i++) {
        all = all && o->req[i].met;
        failed = failed || (!o->req[i].met && !o->req[i].pending);
    }
    if (!ended) o->outcome = COMP_BELUM;
    else if (failed) o->outcome = COMP_TIDAK_LULUS;
    else o->outcome = all ? COMP_LULUS : COMP_BELUM;

    /* The reason: what decided the outcome. */
    if (o->outcome == COMP_LULUS) {
        char rate[16], min[16];
        att_rate_format(o->att.rate_bp, rate);
        att_rate_format(r->att.min_rate_bp, min);
        snprintf(o->reason, sizeof o->reason, "Lulus: kehadiran %s (minimum %s)", rate, min);
        if (r->require_all_units) cat(o->reason, sizeof o->reason, ", semua %zu unit kompetensi kompeten", prog->n_units);
        cat(o->reason, sizeof o->reason, ".");
        json_t *m = json_array();
        msg_add(m, N_("Lulus: kehadiran %s (minimum %s)"), "ss", rate, min);
        if (r->require_all_units) msg_add(m, N_(", semua %s unit kompetensi kompeten"), "I", (int64_t)prog->n_units);
        msg_add(m, ".", "");
        set_coded(o, m);
        o->completed_on = last_kompeten != DATE_NONE && last_kompeten > last ? last_kompeten : last;
        return;
    }
    snprintf(o->reason, sizeof o->reason, "%s.",
             o->outcome == COMP_TIDAK_LULUS ? "Tidak lulus" : "Belum dapat ditetapkan");
    json_t *m = json_array();
    msg_add(m, "%s.", "t", o->outcome == COMP_TIDAK_LULUS ? N_("Tidak lulus") : N_("Belum dapat ditetapkan"));
    for (int i = 0; i < o->n; i++) {
        const comp_req_t *x = &o->req[i];
        if (x->met) continue;
        if (o->outcome == COMP_TIDAK_LULUS && x->pending) continue;
        cat(o->reason, sizeof o->reason, " %s", x->detail);
        json_error_t je;
        json_t *xm = x->detail_coded[0] ? json_loads(x->detail_coded, 0, &je) : NULL;
        if (json_is_array(xm)) msg_add(m, " %s", "m", xm);
        else {
            json_decref(xm);
            msg_add(m, " %s", "s", x->detail);
        }
    }
    set_coded(o, m);
}

/* ---- reasons stored before the codes (issue 25) ---- */

/* The formats comp_evaluate used (the coded form's message ids), flat: the details
 * follow the outcome after a space. */
static const msg_pattern_t legacy_pats[] = {
    {N_("Lulus: kehadiran %s (minimum %s)"), "nn"},
    {N_(", semua %s unit kompetensi kompeten"), "n"},
    {".", ""},
    {"%s.", "t"},
    {" ", ""},
    {N_("Program belum mempunyai jadwal sesi."), ""},
    {N_("Program selesai: sesi terakhir %s."), "d"},
    {N_("Program belum selesai: sesi terakhir %s."), "d"},
    {N_("Belum ada kehadiran yang dihitung (minimum %s)."), "n"},
    {N_("Kehadiran %s (%s dari %s JP) memenuhi minimum %s."), "nnnn"},
    {N_("Kehadiran %s (%s dari %s JP) di bawah minimum %s."), "nnnn"},
    {N_(" %s JP %s tidak dihitung."), "nm"},
    {N_(" Minimum tidak lagi dapat tercapai walaupun semua sesi berikutnya dihadiri (paling tinggi %s)."), "n"},
    {N_("Kehadiran semua sesi yang telah berlangsung sudah dicatat."), ""},
    {N_("Kehadiran %s sesi (%s JP) belum dicatat."), "nn"},
    {N_("Program belum mempunyai daftar unit kompetensi."), ""},
    {N_("Semua %s unit kompetensi kompeten."), "n"},
    {N_("%s dari %s unit kompetensi belum kompeten:"), "nn"},
    {" %s (%s)", "mt"},
    {", %s (%s)", "mt"},
    {N_(" dan %s unit lainnya"), "n"},
    {NULL, NULL},
};
/* Inside an argument: the excluded statuses ("izin dan sakit") and a unit's name. */
static const msg_pattern_t legacy_sub[] = {
    {"%s", "t"}, {N_(" dan %s"), "t"}, {", %s", "t"}, {N_("unit ke-%s"), "s"}, {"%s", "s"}, {NULL, NULL},
};
static const char *const legacy_texts[] = {N_("Tidak lulus"), N_("Belum dapat ditetapkan"), N_("izin"), N_("sakit"),
                                           N_("belum dicatat"), N_("belum kompeten"), N_("belum dinilai"), NULL};

json_t *comp_reason_legacy(const char *stored)
{
    static const msg_legacy_t table = {legacy_pats, legacy_sub, legacy_texts};
    if (!stored || !(!strncmp(stored, "Lulus: kehadiran ", 17) || !strncmp(stored, "Tidak lulus.", 12) ||
                     !strncmp(stored, "Belum dapat ditetapkan.", 23)))
        return NULL;
    return msg_match(stored, &table);
}
