/* funnel.c — the asimilasi funnel (see funnel.h). */
#include "funnel.h"
#include <stdlib.h>

static const char *const codes[FN__COUNT] = {"tanpa_keputusan", "tidak_diusulkan", "diusulkan", "tpp",
                                             "sk",              "berjalan",        "selesai"};
static const char *const labels[FN__COUNT] = {N_("Memenuhi syarat, belum diputuskan"), N_("Tidak diusulkan"),
                                              N_("Diusulkan"), N_("Sidang TPP"), N_("SK terbit"),
                                              N_("Asimilasi berjalan"), N_("Asimilasi selesai")};
static const char *const gap_labels[FT__COUNT] = {N_("Memenuhi syarat → diusulkan"), N_("Diusulkan → sidang TPP"),
                                                  N_("Sidang TPP → SK"), N_("SK → mulai"), N_("Mulai → selesai")};

const char *funnel_stage_code(funnel_stage_t s) { return (unsigned)s < FN__COUNT ? codes[s] : "?"; }
const char *funnel_stage_label(funnel_stage_t s) { return (unsigned)s < FN__COUNT ? _(labels[s]) : "?"; }
const char *funnel_gap_label(int k) { return (unsigned)k < FT__COUNT ? _(gap_labels[k]) : "?"; }

static bool by(date_t d, date_t at) { return d != DATE_NONE && d <= at; }

int funnel_usulan_stage(const funnel_usulan_t *u, date_t at)
{
    if (!by(u->created, at)) return FN_NONE;
    bool closed = u->final && (u->state_on == DATE_NONE || u->state_on <= at);
    if (closed && u->refused) return FN_NONE;
    if (by(u->end, at)) return FN_COMPLETED;
    if (by(u->start, at)) return closed && u->end == DATE_NONE ? FN_NONE : FN_RUNNING;
    if (closed) return FN_NONE; /* closed before it started: rejected or withdrawn */
    if (by(u->decree, at)) return FN_DECREE;
    if (by(u->tpp, at)) return FN_TPP;
    return FN_PROPOSED;
}

int funnel_inmate_stage(const funnel_usulan_t *us, size_t n, bool eligible, bool marked, date_t at)
{
    int best = FN_NONE;
    for (size_t i = 0; i < n; i++) {
        int s = funnel_usulan_stage(&us[i], at);
        if (s > best) best = s;
    }
    if (best != FN_NONE) return best;
    if (!eligible) return FN_NONE;
    return marked ? FN_NOT_PROPOSED : FN_NO_DECISION;
}

void funnel_gaps(const funnel_usulan_t *u, date_t eligible_from, date_t from, date_t to, int32_t days[FT__COUNT])
{
    const date_t d[FT__COUNT + 1] = {eligible_from, u->created, u->tpp, u->decree, u->start, u->end};
    for (int k = 0; k < FT__COUNT; k++) {
        days[k] = -1;
        if (d[k] == DATE_NONE || d[k + 1] == DATE_NONE || d[k + 1] < from || d[k + 1] > to || d[k + 1] < d[k]) continue;
        days[k] = (int32_t)(d[k + 1] - d[k]);
    }
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

int32_t funnel_median(int32_t *v, size_t n)
{
    if (!n) return -1;
    qsort(v, n, sizeof *v, cmp_i32);
    return v[(n - 1) / 2];
}
