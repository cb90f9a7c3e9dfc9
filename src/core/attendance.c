/* attendance.c — attendance sums and rate, the below-minimum flag, the
 * correction window (rules in attendance.h). */
#include "attendance.h"
#include "auditdiff.h"
#include "../util/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[ATT__COUNT] = {"hadir", "izin", "sakit", "alpa"};
static const char *const treat_names[ATT_TREAT__COUNT] = {"hadir", "tidak_hadir", "dikecualikan"};
static const char *const role_names[ATT_ROLE__COUNT] = {"admin",   "staf",   "wali", "instruktur",
                                                        "kalapas", "kanwil", "bapas"};

const char *att_status_name(int s)
{
    if (s == ATT_NONE) return "belum_dicatat";
    return str_at(status_names, ATT__COUNT, s);
}

int att_status_parse(const char *s) { return str_index(status_names, ATT__COUNT, s); }

const char *att_treatment_name(att_treatment_t t) { return str_at(treat_names, ATT_TREAT__COUNT, (int)t); }

int att_treatment_parse(const char *s) { return str_index(treat_names, ATT_TREAT__COUNT, s); }

unsigned att_role_bit(const char *role)
{
    for (int i = 0; role && i < ATT_ROLE__COUNT; i++)
        if (!strcmp(role, role_names[i])) return 1u << i;
    return 0;
}

const char *att_role_name(int i)
{
    return i >= 0 && i < ATT_ROLE__COUNT ? role_names[i] : NULL;
}

void att_summarise(const att_rules_t *r, const att_session_t *sessions, size_t n, const signed char *status,
                   date_t at, att_summary_t *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        int jp = sessions[i].jp;
        if (sessions[i].date > at) {
            out->remaining_jp += jp;
            continue;
        }
        int s = status ? status[i] : ATT_NONE;
        if (s < 0 || s >= ATT__COUNT) s = ATT_NONE;
        out->held_jp += jp;
        att_treatment_t t;
        if (s == ATT_NONE) {
            out->unrecorded_jp += jp;
            out->unrecorded_sessions++;
            t = r->treat[ATT_TREAT_NONE];
        } else {
            out->jp_by_status[s] += jp;
            t = s == ATT_HADIR ? ATT_ATTENDED : s == ATT_ALPA ? ATT_ABSENT : r->treat[s];
        }
        if (t == ATT_ATTENDED) out->attended_jp += jp;
        else if (t == ATT_ABSENT) out->absent_jp += jp;
        else out->excluded_jp += jp;
    }
    out->base_jp = out->attended_jp + out->absent_jp;
    out->rate_bp = out->base_jp > 0 ? (int)((int64_t)out->attended_jp * 10000 / out->base_jp) : -1;
    out->below_min = out->base_jp > 0 && (int64_t)out->attended_jp * 10000 < (int64_t)r->min_rate_bp * out->base_jp;
    /* best case: every remaining session attended and every missing entry recorded as hadir */
    att_treatment_t tn = r->treat[ATT_TREAT_NONE];
    int64_t best_att = out->attended_jp + out->remaining_jp + (tn != ATT_ATTENDED ? out->unrecorded_jp : 0);
    int64_t best_base = out->base_jp + out->remaining_jp + (tn == ATT_EXCLUDED ? out->unrecorded_jp : 0);
    out->best_rate_bp = best_base > 0 ? (int)(best_att * 10000 / best_base) : -1;
    out->cannot_reach = best_base > 0 && best_att * 10000 < (int64_t)r->min_rate_bp * best_base;
}

void att_rate_format(int bp, char out[16])
{
    if (bp < 0) snprintf(out, 16, "-");
    else if (bp % 100 == 0) snprintf(out, 16, "%d%%", bp / 100);
    else snprintf(out, 16, "%d,%02d%%", bp / 100, bp % 100);
}

const char *corr_decision_name(corr_decision_t d)
{
    static const char *const n[] = {"diizinkan", "perlu_alasan", "ditolak"};
    return (unsigned)d < 3 ? n[d] : "?";
}

/* True when s has a character other than white space. */
static bool has_text(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s)) return true;
    return false;
}

void att_correction_check(const att_rules_t *r, int64_t entered_at, int64_t now, const char *role,
                          const char *reason, int utc_offset_min, corr_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->deadline = entered_at + (int64_t)r->window_days * 86400;
    unsigned bit = att_role_bit(role);
    char rn[40];
    snprintf(rn, sizeof rn, "%.30s", role && *role ? role : "(tanpa peran)");
    utf8_sanitize(rn);
    if (!bit || !((r->entry_roles | r->late_roles) & bit)) {
        out->decision = CORR_REFUSED;
        snprintf(out->msg, sizeof out->msg, "Peran %s tidak berwenang mengisi atau mengoreksi daftar hadir.", rn);
        return;
    }
    char t_in[64], t_dl[64];
    att_time_format(entered_at, utc_offset_min, t_in, sizeof t_in);
    att_time_format(out->deadline, utc_offset_min, t_dl, sizeof t_dl);
    if (r->window_days > 0 && now <= out->deadline) {
        out->decision = CORR_ALLOWED;
        snprintf(out->msg, sizeof out->msg,
                 "Koreksi diizinkan: masih dalam batas %d hari sejak dicatat (sampai %s).", r->window_days, t_dl);
        return;
    }
    out->late = true;
    char window[200];
    if (r->window_days > 0)
        snprintf(window, sizeof window, "Batas koreksi %d hari sudah lewat (dicatat %s, batas %s).", r->window_days,
                 t_in, t_dl);
    else
        snprintf(window, sizeof window, "Aturan tidak memberi batas waktu koreksi biasa (dicatat %s).", t_in);
    if (!(r->late_roles & bit)) {
        out->decision = CORR_REFUSED;
        snprintf(out->msg, sizeof out->msg, "%s Koreksi sekarang hanya dapat dilakukan staf yang berwenang, dengan alasan.",
                 window);
    } else if (!has_text(reason)) {
        out->decision = CORR_NEEDS_REASON;
        snprintf(out->msg, sizeof out->msg, "%s Koreksi oleh %s harus disertai alasan.", window, rn);
    } else {
        out->decision = CORR_ALLOWED;
        snprintf(out->msg, sizeof out->msg, "%s Koreksi oleh %s diizinkan dengan alasan dan dicatat dalam log audit.",
                 window, rn);
    }
}

/* Reads exactly n digits at *p into *v; advances *p. */
static bool digits(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (!isdigit((unsigned char)**p)) return false;
        *v = *v * 10 + (**p - '0');
    }
    return true;
}

bool att_time_parse(const char *s, int default_offset_min, int64_t *out)
{
    int y, mo, d, h, mi, sec = 0, oh, om, off = default_offset_min;
    const char *p = s;
    if (!s || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' || !digits(&p, 2, &d))
        return false;
    if ((*p != 'T' && *p != ' ') || (p++, !digits(&p, 2, &h)) || *p++ != ':' || !digits(&p, 2, &mi)) return false;
    if (*p == ':' && (p++, !digits(&p, 2, &sec))) return false;
    if (*p == 'Z') off = 0, p++;
    else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 14 || om > 59) return false;
        off = sign * (oh * 60 + om);
    }
    if (*p || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || !date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59)
        return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - (int64_t)off * 60;
    return true;
}

void att_time_format(int64_t t, int utc_offset_min, char *out, size_t n)
{
    char d[DATE_LONG_LEN], zb[16];
    int hh, mm;
    const char *zone = time_local_parts(t, utc_offset_min, d, &hh, &mm, zb);
    /* TRANSLATORS: date, hours, minutes, time zone (WIB, WITA, WIT) */
    snprintf(out, n, _("%s pukul %02d.%02d %s"), d, hh, mm, zone);
}
