/* placement.c — placement rules, deferred acceptance, waiting list, promotion,
 * explanations and the stability check (see placement.h for the decisions). */
#include "placement.h"
#include "msg.h"
#include "../util/i18n.h"
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERRC "invalid_rules"
#define KMAX (PL_KEY__COUNT + 1) /* weighted score + the keys */

/* ---- names --------------------------------------------------------------- */

static const char *const risk_names[RISK__COUNT] = {N_("rendah"), N_("sedang"), N_("tinggi")};
static const char *const key_names[PL_KEY__COUNT] = {"aptitude", "time_left", "risk"};
static const char *const reason_codes[PL__COUNT] = {"memenuhi_syarat",       "risiko_dikecualikan",
                                                    "tidak_layak_fisik",     "kelayakan_belum_dinilai",
                                                    "bakat_kurang",          "belum_syarat_asimilasi",
                                                    "bebas_sebelum_selesai", "kuota_penuh",
                                                    "tanpa_minat",           "mundur"};
static const char *const reason_labels[PL__COUNT] = {N_("memenuhi syarat"),
                                                     N_("tingkat risiko dikecualikan"),
                                                     N_("tidak layak fisik"),
                                                     N_("kelayakan fisik belum dinilai"),
                                                     N_("nilai bakat di bawah batas"),
                                                     N_("belum memenuhi syarat asimilasi pada tanggal mulai"),
                                                     N_("bebas sebelum program selesai"),
                                                     N_("semua kursi sudah terisi"),
                                                     N_("tidak berminat pada program tahap ini"),
                                                     N_("mundur")};

const char *risk_level_name(risk_level_t r) { return str_at(risk_names, RISK__COUNT, (int)r); }

int risk_level_parse(const char *s) { return str_index(risk_names, RISK__COUNT, s); }

const char *pl_key_name(pl_key_t k) { return str_at(key_names, PL_KEY__COUNT, (int)k); }

int pl_key_parse(const char *s) { return str_index(key_names, PL_KEY__COUNT, s); }

const char *pl_reason_code(pl_reason_t r) { return str_at(reason_codes, PL__COUNT, (int)r); }

/* ---- rules ----------------------------------------------------------------- */

static int parse_priority(json_t *root, pl_rules_t *r, err_t *e)
{
    static const char *const p_keys[] = {"method", "keys", "time_left_horizon_days", "risk_points", NULL};
    static const char *const k_keys[] = {"key", "weight", NULL};
    json_t *o = rf_object(root, "priority", "priority", ERRC, e);
    if (!o || rf_only_keys(o, "priority", p_keys, ERRC, e) < 0) return -1;
    char m[32];
    if (rf_string(o, "method", "priority.method", m, sizeof m, true, ERRC, e) < 0) return -1;
    if (!strcmp(m, "lexicographic"))
        r->method = PL_LEXICOGRAPHIC;
    else if (!strcmp(m, "weighted"))
        r->method = PL_WEIGHTED;
    else
        return rf_bad(e, ERRC, "priority.method", "harus \"lexicographic\" atau \"weighted\"");
    json_t *a = rf_array_n(o, "keys", "priority.keys", 1, PL_KEY__COUNT, "kunci", ERRC, e);
    if (!a) return -1;
    size_t n = json_array_size(a);
    unsigned seen = 0;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(a, i);
        char path[64], sub[80];
        snprintf(path, sizeof path, "priority.keys[%zu]", i);
        if (!json_is_object(it)) return rf_bad(e, ERRC, path, "harus berupa objek");
        if (rf_only_keys(it, path, k_keys, ERRC, e) < 0) return -1;
        char kn[32];
        snprintf(sub, sizeof sub, "%s.key", path);
        if (rf_string(it, "key", sub, kn, sizeof kn, true, ERRC, e) < 0) return -1;
        int k = pl_key_parse(kn);
        if (k < 0) return rf_bad(e, ERRC, sub, "harus \"aptitude\", \"time_left\" atau \"risk\"");
        if (seen & (1u << k)) return rf_bad(e, ERRC, sub, "sudah disebut sebelumnya");
        seen |= 1u << k;
        r->keys[i] = (pl_key_t)k;
        snprintf(sub, sizeof sub, "%s.weight", path);
        if (json_object_get(it, "weight")) {
            if (rf_int(it, "weight", sub, 0, 100, &r->weights[i], ERRC, e) < 0) return -1;
        } else if (r->method == PL_WEIGHTED) {
            return rf_bad(e, ERRC, sub, "wajib ada untuk metode \"weighted\"");
        }
        sum += r->weights[i];
    }
    r->n_keys = (int)n;
    if (r->method == PL_WEIGHTED && sum == 0)
        return rf_bad(e, ERRC, "priority.keys", "jumlah bobot harus lebih dari 0");
    if (rf_int(o, "time_left_horizon_days", "priority.time_left_horizon_days", 1, 36500, &r->horizon_days, ERRC, e) < 0)
        return -1;
    json_t *rp = rf_object(o, "risk_points", "priority.risk_points", ERRC, e);
    static const char *const rp_keys[] = {"rendah", "sedang", "tinggi", NULL};
    if (!rp || rf_only_keys(rp, "priority.risk_points", rp_keys, ERRC, e) < 0) return -1;
    return 0;
}

static int parse_risk_points(json_t *root, pl_rules_t *r, err_t *e)
{
    json_t *rp = json_object_get(json_object_get(root, "priority"), "risk_points");
    for (int i = 0; i < RISK__COUNT; i++) {
        char path[64];
        snprintf(path, sizeof path, "priority.risk_points.%s", risk_names[i]);
        if (rf_int(rp, risk_names[i], path, 0, 100, &r->risk_points[i], ERRC, e) < 0) return -1;
    }
    return 0;
}

static int parse_eligibility(json_t *root, pl_rules_t *r, err_t *e)
{
    static const char *const keys[] = {"excluded_risk", "min_aptitude", "unknown_fitness_ok", "must_stay_until_end",
                                       NULL};
    json_t *o = rf_object(root, "eligibility", "eligibility", ERRC, e);
    if (!o || rf_only_keys(o, "eligibility", keys, ERRC, e) < 0) return -1;
    json_t *a = rf_array(o, "excluded_risk", "eligibility.excluded_risk", ERRC, e);
    if (!a) return -1;
    size_t i;
    json_t *it;
    json_array_foreach (a, i, it) {
        int k = json_is_string(it) ? risk_level_parse(json_string_value(it)) : -1;
        if (k < 0) return rf_bad(e, ERRC, "eligibility.excluded_risk", "hanya boleh berisi rendah, sedang, tinggi");
        r->excluded_risk |= 1u << k;
    }
    if (rf_int(o, "min_aptitude", "eligibility.min_aptitude", 0, 100, &r->min_aptitude, ERRC, e) < 0) return -1;
    if (rf_bool(o, "unknown_fitness_ok", "eligibility.unknown_fitness_ok", &r->unknown_fitness_ok, ERRC, e) < 0)
        return -1;
    return rf_bool(o, "must_stay_until_end", "eligibility.must_stay_until_end", &r->must_stay_until_end, ERRC, e);
}

int pl_rules_from_json(json_t *root, pl_rules_t *r, err_t *e)
{
    static const char *const top[] = {"priority", "eligibility", NULL};
    memset(r, 0, sizeof *r);
    if (rulefile_open(root, PLACEMENT_KIND, ERRC, top, &r->head, e) < 0) return -1;
    if (parse_priority(root, r, e) < 0 || parse_risk_points(root, r, e) < 0) return -1;
    return parse_eligibility(root, r, e);
}

int pl_rules_parse(const char *text, pl_rules_t *out, err_t *e)
{
    json_t *root = rf_load_text(text, ERRC, e);
    int rc = root ? pl_rules_from_json(root, out, e) : -1;
    json_decref(root);
    return rc;
}

json_t *pl_rules_to_json(const pl_rules_t *r)
{
    json_t *o = json_object();
    rulefile_head_json(o, PLACEMENT_KIND, &r->head);
    json_t *keys = json_array();
    for (int i = 0; i < r->n_keys; i++)
        json_array_append_new(keys, json_pack("{s:s, s:i}", "key", key_names[r->keys[i]], "weight", r->weights[i]));
    json_t *rp = json_object();
    for (int i = 0; i < RISK__COUNT; i++) json_object_set_new(rp, risk_names[i], json_integer(r->risk_points[i]));
    json_object_set_new(o, "priority",
                        json_pack("{s:s, s:o, s:i, s:o}", "method",
                                  r->method == PL_WEIGHTED ? "weighted" : "lexicographic", "keys", keys,
                                  "time_left_horizon_days", r->horizon_days, "risk_points", rp));
    json_t *ex = json_array();
    for (int i = 0; i < RISK__COUNT; i++)
        if (r->excluded_risk & (1u << i)) json_array_append_new(ex, json_string(risk_names[i]));
    json_object_set_new(o, "eligibility",
                        json_pack("{s:o, s:i, s:b, s:b}", "excluded_risk", ex, "min_aptitude", r->min_aptitude,
                                  "unknown_fitness_ok", r->unknown_fitness_ok, "must_stay_until_end",
                                  r->must_stay_until_end));
    return o;
}

RF_BUILTINS(pl_rules_t, pl_rules, PLACEMENT_KIND, "Aturan penempatan bawaan", "penempatan-*.json",
            " berlaku pada tanggal yang sama", 0, ERRC)
RF_PICK_BY_DATE(pl_rules_t, pl_rules)

/* ---- orders and keys ---------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

int pl_regno_cmp(const char *a, const char *b)
{
    const char *p = a, *q = b;
    while (*p && *q) {
        if (is_digit(*p) && is_digit(*q)) {
            while (*p == '0' && is_digit(p[1])) p++;
            while (*q == '0' && is_digit(q[1])) q++;
            size_t lp = 0, lq = 0;
            while (is_digit(p[lp])) lp++;
            while (is_digit(q[lq])) lq++;
            if (lp != lq) return lp < lq ? -1 : 1;
            int c = memcmp(p, q, lp);
            if (c) return c < 0 ? -1 : 1;
            p += lp, q += lq;
        } else {
            if (*p != *q) return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
            p++, q++;
        }
    }
    if (*p || *q) return *p ? 1 : -1;
    int c = strcmp(a, b); /* "007" and "7": a total order all the same */
    return c < 0 ? -1 : c > 0;
}

/* Keys of candidate c at programme p, larger = higher priority; apt is the
 * candidate's aptitude for p's trade (0 when untested). Returns the count. */
static int priority_keys(const pl_rules_t *r, const pl_candidate_t *c, const pl_program_t *p, int apt, int64_t *k)
{
    int n = 0;
    if (r->method == PL_WEIGHTED) {
        int64_t sum = 0;
        for (int i = 0; i < r->n_keys; i++) {
            int64_t s = 0;
            switch (r->keys[i]) {
            case PL_KEY_APTITUDE: s = apt * 10; break;
            case PL_KEY_RISK: s = r->risk_points[c->risk] * 10; break;
            case PL_KEY_TIME_LEFT:
                if (c->release != DATE_NONE) {
                    int64_t d = (int64_t)c->release - p->start;
                    if (d < 0) d = 0;
                    s = d >= r->horizon_days ? 0 : (r->horizon_days - d) * 1000 / r->horizon_days;
                }
                break;
            default: break;
            }
            sum += s * r->weights[i];
        }
        k[n++] = sum;
    }
    for (int i = 0; i < r->n_keys; i++) {
        switch (r->keys[i]) {
        case PL_KEY_APTITUDE: k[n++] = apt; break;
        case PL_KEY_RISK: k[n++] = r->risk_points[c->risk]; break;
        case PL_KEY_TIME_LEFT: k[n++] = c->release == DATE_NONE ? INT64_MIN / 2 : -(int64_t)c->release; break;
        default: k[n++] = 0; break;
        }
    }
    return n;
}

static int keys_cmp(const int64_t *a, const int64_t *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] > b[i] ? -1 : 1;
    return 0;
}

static int tiebreak_cmp(const pl_candidate_t *a, const pl_candidate_t *b)
{
    int c = pl_regno_cmp(a->regno, b->regno);
    return c ? c : strcmp(a->id, b->id);
}

/* The acceptability rules on resolved facts: apt (-1 untested), fit (1/0/-1),
 * elig (1/0 per-programme answer, -1 none). */
static pl_reason_t accept_core(const pl_rules_t *r, const pl_candidate_t *c, const pl_program_t *p, int apt, int fit,
                               int elig)
{
    if (p->requires_asimilasi) {
        bool ok = elig >= 0 ? elig == 1 : (c->eligible_from != DATE_NONE && c->eligible_from <= p->start);
        if (!ok) return PL_NOT_ELIGIBLE_AT_START;
    }
    if (c->release != DATE_NONE) {
        date_t limit = r->must_stay_until_end && p->end != DATE_NONE ? p->end : p->start;
        if (c->release < limit) return PL_RELEASED_BEFORE_END;
    }
    if ((r->excluded_risk | p->excluded_risk) & (1u << c->risk)) return PL_RISK_EXCLUDED;
    if (fit < 0) fit = c->fit_default;
    if (fit == 0) return PL_UNFIT;
    if (fit < 0 && !r->unknown_fitness_ok) return PL_FITNESS_UNKNOWN;
    if ((apt < 0 ? 0 : apt) < r->min_aptitude) return PL_APTITUDE_LOW;
    return PL_OK;
}

/* Naive look-ups for pl_acceptable / pl_priority_cmp. */
static const pl_score_t *find_score(const pl_candidate_t *c, const char *trade)
{
    for (size_t i = 0; i < c->n_scores; i++)
        if (c->scores[i].trade && !strcmp(c->scores[i].trade, trade)) return &c->scores[i];
    return NULL;
}

static int find_elig(const pl_candidate_t *c, const char *prog)
{
    for (size_t i = 0; i < c->n_elig; i++)
        if (c->elig_at_start[i].program && !strcmp(c->elig_at_start[i].program, prog))
            return c->elig_at_start[i].eligible ? 1 : 0;
    return -1;
}

pl_reason_t pl_acceptable(const pl_input_t *in, const pl_rules_t *rules, size_t c, size_t p)
{
    const pl_candidate_t *cd = &in->cand[c];
    const pl_program_t *pg = &in->prog[p];
    const pl_score_t *s = find_score(cd, pg->trade);
    return accept_core(rules, cd, pg, s ? s->aptitude : -1, s ? s->fit : -1, find_elig(cd, pg->id));
}

int pl_priority_cmp(const pl_input_t *in, const pl_rules_t *rules, size_t p, size_t a, size_t b)
{
    if (a == b) return 0;
    int64_t ka[KMAX], kb[KMAX];
    const pl_score_t *sa = find_score(&in->cand[a], in->prog[p].trade);
    const pl_score_t *sb = find_score(&in->cand[b], in->prog[p].trade);
    int n = priority_keys(rules, &in->cand[a], &in->prog[p], sa && sa->aptitude > 0 ? sa->aptitude : 0, ka);
    priority_keys(rules, &in->cand[b], &in->prog[p], sb && sb->aptitude > 0 ? sb->aptitude : 0, kb);
    int c = keys_cmp(ka, kb, n);
    return c ? c : tiebreak_cmp(&in->cand[a], &in->cand[b]);
}

/* ---- preparation ----------------------------------------------------------------- */

/* Sort items for programmes and candidates: the comparators need no context. */
typedef struct {
    const pl_program_t *p;
    const pl_candidate_t *c;
    int idx;
} ref_t;

static int cmp_prog_id(const void *x, const void *y)
{
    return pl_regno_cmp(((const ref_t *)x)->p->id, ((const ref_t *)y)->p->id);
}

static int cmp_cand_tb(const void *x, const void *y) { return tiebreak_cmp(((const ref_t *)x)->c, ((const ref_t *)y)->c); }

static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

static int cmp_trade_start_id(const void *x, const void *y)
{
    const pl_program_t *a = ((const ref_t *)x)->p, *b = ((const ref_t *)y)->p;
    int c = strcmp(a->trade, b->trade);
    if (c) return c;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return pl_regno_cmp(a->id, b->id);
}

/* Indices 0..n-1 of programmes (or candidates) sorted by cmp, into out[0..n). */
static void sorted_indices(const pl_program_t *p, const pl_candidate_t *c, size_t n,
                           int (*cmp)(const void *, const void *), int *out)
{
    ref_t *refs = xcalloc(n + 1, sizeof *refs);
    for (size_t i = 0; i < n; i++) refs[i] = (ref_t){p ? &p[i] : NULL, c ? &c[i] : NULL, (int)i};
    qsort(refs, n, sizeof *refs, cmp);
    for (size_t i = 0; i < n; i++) out[i] = refs[i].idx;
    free(refs);
}

/* One (candidate, programme) interest pair for the priority sort: order =
 * (prog, tb) with key (packed priority keys, larger first) in between. */
typedef struct {
    uint64_t key;
    uint32_t prog, tb;
    int cand, pos;
} pair_t;

static int cmp_pair(const void *x, const void *y)
{
    const pair_t *a = x, *b = y;
    if (a->prog != b->prog) return a->prog < b->prog ? -1 : 1;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return a->tb < b->tb ? -1 : a->tb > b->tb;
}

/* The keys of priority_keys() packed into one integer with the same order:
 * weighted sum (<= 3 * 100 * 1000 < 2^19) in bits 34..52 when weighted, then
 * each raw key in its own field, first key highest: aptitude and risk points
 * 0..100 (7 bits); time left as 2^20 - 1 - days since 1900 (20 bits; unknown
 * release = 0, the lowest). */
static uint64_t pack_keys(const pl_rules_t *r, const int64_t *k)
{
    const date_t d1900 = date_from_ymd(1900, 1, 1);
    uint64_t v = 0;
    int n = 0;
    if (r->method == PL_WEIGHTED) v = (uint64_t)k[n++];
    for (int i = 0; i < r->n_keys; i++, n++) {
        if (r->keys[i] == PL_KEY_TIME_LEFT) {
            int64_t days = -k[n] - d1900; /* k = -release */
            uint64_t f = k[n] == INT64_MIN / 2 ? 0
                         : days < 0            ? 0xFFFFF
                         : days >= 0xFFFFF     ? 1
                                               : 0xFFFFF - (uint64_t)days;
            v = v << 20 | f;
        } else {
            v = v << 7 | (uint64_t)(k[n] < 0 ? 0 : k[n] > 127 ? 127 : k[n]);
        }
    }
    return v;
}

/* Working state of one placement (freed at the end of pl_place). */
typedef struct {
    const char **trades; /* distinct trades, sorted */
    size_t nt;
    int *prog_trade;   /* [n_prog] trade index */
    int *by_trade;     /* programme indices by (trade, start, id) */
    size_t *trade_off; /* [nt + 1] */
    short *apt;        /* [n_cand * nt], -1 untested */
    signed char *fit;  /* [n_cand * nt], -1 not assessed */
} prep_t;

static int trade_index(const prep_t *w, const char *t)
{
    const char **hit = bsearch(&t, w->trades, w->nt, sizeof *w->trades, cmp_str);
    return hit ? (int)(hit - w->trades) : -1;
}

/* Programme index with id, via r->prog_order; -1 when none. */
static int prog_index(const pl_input_t *in, const int *order, const char *id)
{
    size_t lo = 0, hi = in->n_prog;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = pl_regno_cmp(in->prog[order[mid]].id, id);
        if (!c) return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void prep_free(prep_t *w)
{
    free(w->trades);
    free(w->prog_trade);
    free(w->by_trade);
    free(w->trade_off);
    free(w->apt);
    free(w->fit);
}

static bool blank(const char *s) { return !s || !*s; }

static int validate(const pl_input_t *in, err_t *e)
{
    if (in->n_cand > 1000000 || in->n_prog > 100000)
        return err_set(e, 400, "invalid_input", "Terlalu banyak calon atau program");
    for (size_t p = 0; p < in->n_prog; p++) {
        const pl_program_t *g = &in->prog[p];
        if (blank(g->id)) return err_set(e, 400, "invalid_input", "Program ke-%zu: id wajib diisi", p + 1);
        if (blank(g->trade)) return err_set(e, 400, "invalid_input", "Program %.60s: kejuruan wajib diisi", g->id);
        if (g->capacity < 0 || g->capacity > 100000)
            return err_set(e, 400, "invalid_input", "Program %.60s: kuota harus 0 sampai 100000", g->id);
        if (g->min_participants < 0 || g->min_participants > g->capacity)
            return err_set(e, 400, "invalid_input", _("Program %.60s: jumlah minimum harus 0 sampai kuota"), g->id);
        if (g->start == DATE_NONE)
            return err_set(e, 400, "invalid_input", "Program %.60s: tanggal mulai wajib diisi", g->id);
        if (g->end != DATE_NONE && g->end < g->start)
            return err_set(e, 400, "invalid_input", "Program %.60s: tanggal selesai sebelum tanggal mulai", g->id);
        if (g->excluded_risk >> RISK__COUNT)
            return err_set(e, 400, "invalid_input", "Program %.60s: tingkat risiko tidak dikenal", g->id);
    }
    for (size_t c = 0; c < in->n_cand; c++) {
        const pl_candidate_t *d = &in->cand[c];
        if (blank(d->id)) return err_set(e, 400, "invalid_input", "Calon ke-%zu: id wajib diisi", c + 1);
        if (blank(d->regno))
            return err_set(e, 400, "invalid_input", "Calon %.60s: nomor registrasi wajib diisi", d->id);
        if ((unsigned)d->risk >= RISK__COUNT)
            return err_set(e, 400, "invalid_input", "Calon %.60s: tingkat risiko tidak dikenal", d->regno);
        if (d->fit_default < -1 || d->fit_default > 1)
            return err_set(e, 400, "invalid_input", "Calon %.60s: kelayakan fisik harus 1, 0 atau -1", d->regno);
        if (d->n_interests && !d->interests)
            return err_set(e, 400, "invalid_input", "Calon %.60s: daftar minat kosong", d->regno);
        for (size_t i = 0; i < d->n_interests; i++)
            if (blank(d->interests[i])) return err_set(e, 400, "invalid_input", "Calon %.60s: minat kosong", d->regno);
        for (size_t i = 0; i < d->n_scores; i++) {
            const pl_score_t *s = &d->scores[i];
            if (blank(s->trade))
                return err_set(e, 400, "invalid_input", "Calon %.60s: kejuruan pada nilai bakat kosong", d->regno);
            if (s->aptitude < -1 || s->aptitude > 100)
                return err_set(e, 400, "invalid_input", "Calon %.60s: nilai bakat %.60s harus 0 sampai 100", d->regno,
                               s->trade);
            if (s->fit < -1 || s->fit > 1)
                return err_set(e, 400, "invalid_input", "Calon %.60s: kelayakan fisik %.60s harus 1, 0 atau -1",
                               d->regno, s->trade);
            for (size_t j = 0; j < i; j++)
                if (!strcmp(d->scores[j].trade, s->trade))
                    return err_set(e, 400, "invalid_input", "Calon %.60s: kejuruan %.60s dinilai dua kali", d->regno,
                                   s->trade);
        }
        for (size_t i = 0; i < d->n_elig; i++)
            if (blank(d->elig_at_start[i].program))
                return err_set(e, 400, "invalid_input", "Calon %.60s: program pada syarat asimilasi kosong", d->regno);
    }
    return 0;
}

/* ---- the result's lists ------------------------------------------------------------- */

static const pl_pref_t *pref_of(const pl_result_t *r, size_t c, size_t pos) { return &r->pref[r->pref_off[c] + pos]; }
static size_t pref_len(const pl_result_t *r, size_t c) { return r->pref_off[c + 1] - r->pref_off[c]; }

/* Waiting-list group of a candidate not placed. */
static int wait_group(pl_reason_t why)
{
    switch (why) {
    case PL_FULL: return 0;
    case PL_NOT_ELIGIBLE_AT_START: return 1;
    case PL_NO_INTERESTS: return 3;
    default: return 2;
    }
}

typedef struct {
    int64_t k[KMAX + 1];
    int tb, cand;
} wait_t;


static int cmp_wait(const void *x, const void *y)
{
    const wait_t *a = x, *b = y;
    int c = keys_cmp(a->k, b->k, KMAX + 1); /* keys a rule set does not use are 0 */
    if (c) return c;
    return a->tb < b->tb ? -1 : a->tb > b->tb;
}

/* Main reason of a candidate not placed, from its preference list. */
static pl_reason_t main_reason(const pl_result_t *r, size_t c)
{
    size_t n = pref_len(r, c);
    if (!n) return PL_NO_INTERESTS;
    for (size_t i = 0; i < n; i++)
        if (pref_of(r, c, i)->why == PL_OK) return PL_FULL;
    return pref_of(r, c, 0)->why;
}

static int64_t apt_for(const pl_input_t *in, size_t c, size_t p)
{
    const pl_score_t *s = find_score(&in->cand[c], in->prog[p].trade);
    return s && s->aptitude > 0 ? s->aptitude : 0;
}

/* Orders the waiting list (see placement.h) and numbers it. */
static void build_waitlist(pl_result_t *r)
{
    const pl_input_t *in = r->in;
    size_t n = 0;
    wait_t *w = xcalloc(in->n_cand + 1, sizeof *w);
    for (size_t c = 0; c < in->n_cand; c++) {
        pl_outcome_t *o = &r->out[c];
        if (o->prog >= 0 || o->why == PL_WITHDRAWN) continue;
        o->why = main_reason(r, c);
        wait_t *x = &w[n++];
        x->cand = (int)c;
        x->tb = r->tb[c];
        x->k[0] = -wait_group(o->why);
        int ref = -1;
        for (size_t i = 0; i < pref_len(r, c) && ref < 0; i++)
            if (pref_of(r, c, i)->why == PL_OK) ref = pref_of(r, c, i)->prog;
        if (ref < 0 && pref_len(r, c)) ref = pref_of(r, c, 0)->prog;
        if (ref >= 0)
            priority_keys(r->rules, &in->cand[c], &in->prog[ref], (int)apt_for(in, c, (size_t)ref), x->k + 1);
        else {
            pl_program_t none = {.start = 0};
            priority_keys(r->rules, &in->cand[c], &none, 0, x->k + 1);
        }
    }
    qsort(w, n, sizeof *w, cmp_wait);
    free(r->waitlist);
    r->waitlist = xcalloc(n + 1, sizeof *r->waitlist);
    r->n_waitlist = n;
    for (size_t i = 0; i < n; i++) {
        r->waitlist[i] = w[i].cand;
        r->out[w[i].cand].wait_rank = (int)i + 1;
    }
    free(w);
}

typedef struct {
    int ord, rank, cand;
} placed_t;

static int cmp_placed(const void *x, const void *y)
{
    const placed_t *a = x, *b = y;
    if (a->ord != b->ord) return a->ord < b->ord ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* The placed list by programme id, then priority rank; each programme's cut-off rank. */
static void build_placed(pl_result_t *r)
{
    const pl_input_t *in = r->in;
    int *ord = xcalloc(in->n_prog + 1, sizeof *ord);
    for (size_t i = 0; i < in->n_prog; i++) ord[r->prog_order[i]] = (int)i;
    placed_t *pl = xcalloc(in->n_cand + 1, sizeof *pl);
    size_t n = 0;
    for (size_t c = 0; c < in->n_cand; c++) {
        const pl_outcome_t *o = &r->out[c];
        if (o->prog < 0) continue;
        pl[n++] = (placed_t){ord[o->prog], pref_of(r, c, (size_t)o->pref_pos)->rank, (int)c};
    }
    qsort(pl, n, sizeof *pl, cmp_placed);
    free(r->cutoff);
    r->cutoff = xcalloc(in->n_prog + 1, sizeof *r->cutoff);
    for (size_t i = 0; i < n; i++) /* sorted by rank within a programme: the last one is the cut-off */
        r->cutoff[r->prog_order[pl[i].ord]] = pl[i].rank;
    free(r->placed);
    r->placed = xcalloc(n + 1, sizeof *r->placed);
    r->n_placed = n;
    for (size_t i = 0; i < n; i++) r->placed[i] = pl[i].cand;
    free(pl);
    free(ord);
}

/* ---- deferred acceptance -------------------------------------------------------------- */

/* Max-heap on priority rank (the worst held candidate on top), one per programme. */
typedef struct {
    int rank, cand;
} held_t;

static void heap_push(held_t *h, int *n, held_t x)
{
    int i = (*n)++;
    while (i > 0) {
        int up = (i - 1) / 2;
        if (h[up].rank >= x.rank) break;
        h[i] = h[up];
        i = up;
    }
    h[i] = x;
}

static void heap_down(held_t *h, int n, int i)
{
    held_t x = h[i];
    for (;;) {
        int l = 2 * i + 1, big = i;
        if (l >= n) break;
        big = l;
        if (l + 1 < n && h[l + 1].rank > h[l].rank) big = l + 1;
        if (h[big].rank <= x.rank) break;
        h[i] = h[big];
        i = big;
    }
    h[i] = x;
}

/* Replaces the top (worst) with x. */
static void heap_replace_top(held_t *h, int n, held_t x)
{
    h[0] = x;
    heap_down(h, n, 0);
}

int pl_place(const pl_input_t *in, const pl_rules_t *rules, pl_result_t *r, err_t *e)
{
    memset(r, 0, sizeof *r);
    if (validate(in, e) < 0) return -1;
    prep_t w = {0};
    size_t nc = in->n_cand, np = in->n_prog;
    r->in = in;
    r->rules = rules;

    /* programmes by id; duplicates */
    r->prog_order = xcalloc(np + 1, sizeof *r->prog_order);
    sorted_indices(in->prog, NULL, np, cmp_prog_id, r->prog_order);
    for (size_t i = 1; i < np; i++)
        if (!strcmp(in->prog[r->prog_order[i]].id, in->prog[r->prog_order[i - 1]].id)) {
            err_set(e, 400, "invalid_input", "Program %.60s disebut dua kali", in->prog[r->prog_order[i]].id);
            goto fail;
        }
    /* candidates in tie-break order; duplicate ids */
    int *order = xcalloc(nc + 1, sizeof *order);
    {
        const char **ids = xcalloc(nc + 1, sizeof *ids);
        for (size_t c = 0; c < nc; c++) ids[c] = in->cand[c].id;
        qsort(ids, nc, sizeof *ids, cmp_str);
        for (size_t i = 1; i < nc; i++)
            if (!strcmp(ids[i], ids[i - 1])) {
                err_set(e, 400, "invalid_input", "Calon dengan id %.60s disebut dua kali", ids[i]);
                free(ids);
                free(order);
                goto fail;
            }
        free(ids);
    }
    sorted_indices(NULL, in->cand, nc, cmp_cand_tb, order);
    r->tb = xcalloc(nc + 1, sizeof *r->tb);
    for (size_t i = 0; i < nc; i++) r->tb[order[i]] = (int)i;
    free(order);

    /* trades, and programmes of each trade by (start, id) */
    w.trades = xcalloc(np + 1, sizeof *w.trades);
    for (size_t p = 0; p < np; p++) w.trades[p] = in->prog[p].trade;
    qsort(w.trades, np, sizeof *w.trades, cmp_str);
    for (size_t i = 0; i < np; i++)
        if (!w.nt || strcmp(w.trades[w.nt - 1], w.trades[i])) w.trades[w.nt++] = w.trades[i];
    w.prog_trade = xcalloc(np + 1, sizeof *w.prog_trade);
    for (size_t p = 0; p < np; p++) w.prog_trade[p] = trade_index(&w, in->prog[p].trade);
    w.by_trade = xcalloc(np + 1, sizeof *w.by_trade);
    sorted_indices(in->prog, NULL, np, cmp_trade_start_id, w.by_trade);
    w.trade_off = xcalloc(w.nt + 1, sizeof *w.trade_off);
    for (size_t i = 0, t = 0; t < w.nt; t++) {
        w.trade_off[t] = i;
        while (i < np && w.prog_trade[w.by_trade[i]] == (int)t) i++;
        w.trade_off[t + 1] = i;
    }

    /* aptitude and fitness per (candidate, trade) */
    size_t nt = w.nt ? w.nt : 1;
    w.apt = xmalloc(nc * nt * sizeof *w.apt + 1);
    w.fit = xmalloc(nc * nt * sizeof *w.fit + 1);
    for (size_t c = 0; c < nc; c++) {
        const pl_candidate_t *d = &in->cand[c];
        for (size_t t = 0; t < nt; t++) w.apt[c * nt + t] = -1, w.fit[c * nt + t] = -1;
        for (size_t i = 0; i < d->n_scores; i++) {
            int t = trade_index(&w, d->scores[i].trade);
            if (t < 0) continue; /* a trade not offered in this phase */
            w.apt[c * nt + (size_t)t] = (short)d->scores[i].aptitude;
            w.fit[c * nt + (size_t)t] = (signed char)d->scores[i].fit;
        }
        for (size_t i = 0; i < d->n_elig; i++)
            if (prog_index(in, r->prog_order, d->elig_at_start[i].program) < 0) {
                err_set(e, 400, "invalid_input", "Calon %.60s: program %.60s pada syarat asimilasi tidak dikenal",
                        d->regno, d->elig_at_start[i].program);
                goto fail;
            }
    }

    /* preference lists: interests expanded, acceptability, keys */
    size_t cap = 16, np_pairs = 0;
    pair_t *pairs = xmalloc(cap * sizeof *pairs);
    r->pref_off = xcalloc(nc + 1, sizeof *r->pref_off);
    size_t pcap = nc + 16;
    r->pref = xmalloc(pcap * sizeof *r->pref);
    size_t npref = 0;
    int *seen = xmalloc((np + 1) * sizeof *seen);
    for (size_t p = 0; p < np; p++) seen[p] = -1;
    for (size_t c = 0; c < nc; c++) {
        const pl_candidate_t *d = &in->cand[c];
        r->pref_off[c] = npref;
        for (size_t i = 0; i < d->n_interests; i++) {
            const char *want = d->interests[i];
            int single = prog_index(in, r->prog_order, want);
            size_t from = 0, to = 0;
            int t = single >= 0 ? -1 : trade_index(&w, want);
            if (t >= 0) from = w.trade_off[t], to = w.trade_off[t + 1];
            size_t count = single >= 0 ? 1 : to - from;
            for (size_t j = 0; j < count; j++) {
                int p = single >= 0 ? single : w.by_trade[from + j];
                if (seen[p] == (int)c) continue;
                seen[p] = (int)c;
                int tt = w.prog_trade[p];
                int apt = w.apt[c * nt + (size_t)tt], fit = w.fit[c * nt + (size_t)tt];
                int elig = -1;
                for (size_t k = 0; k < d->n_elig; k++)
                    if (!strcmp(d->elig_at_start[k].program, in->prog[p].id)) elig = d->elig_at_start[k].eligible;
                pl_reason_t why = accept_core(rules, d, &in->prog[p], apt, fit, elig);
                if (npref == pcap) r->pref = xrealloc(r->pref, (pcap *= 2) * sizeof *r->pref);
                r->pref[npref] = (pl_pref_t){p, (int)i + 1, why, 0};
                if (why == PL_OK) {
                    if (np_pairs == cap) pairs = xrealloc(pairs, (cap *= 2) * sizeof *pairs);
                    pair_t *x = &pairs[np_pairs++];
                    int64_t k[KMAX];
                    priority_keys(rules, d, &in->prog[p], apt > 0 ? apt : 0, k);
                    x->key = pack_keys(rules, k);
                    x->prog = (uint32_t)p, x->tb = (uint32_t)r->tb[c], x->cand = (int)c;
                    x->pos = (int)(npref - r->pref_off[c]);
                }
                npref++;
            }
        }
    }
    r->pref_off[nc] = npref;
    free(seen);

    /* priority ranks: every programme's acceptable candidates in order */
    qsort(pairs, np_pairs, sizeof *pairs, cmp_pair);
    r->app = xcalloc(np_pairs + 1, sizeof *r->app);
    r->app_pos = xcalloc(np_pairs + 1, sizeof *r->app_pos);
    r->app_off = xcalloc(np + 1, sizeof *r->app_off);
    r->applicants = xcalloc(np + 1, sizeof *r->applicants);
    for (size_t i = 0; i < np_pairs; i++) {
        const pair_t *x = &pairs[i];
        r->app[i] = x->cand;
        r->app_pos[i] = x->pos;
        r->applicants[x->prog]++;
        r->pref[r->pref_off[x->cand] + (size_t)x->pos].rank = r->applicants[x->prog];
    }
    for (size_t p = 0, i = 0; p < np; p++) {
        r->app_off[p] = i;
        i += (size_t)r->applicants[p];
    }
    r->app_off[np] = np_pairs;
    free(pairs);

    /* deferred acceptance, candidates proposing */
    r->out = xcalloc(nc + 1, sizeof *r->out);
    r->filled = xcalloc(np + 1, sizeof *r->filled);
    size_t *hoff = xcalloc(np + 1, sizeof *hoff);
    size_t htotal = 0;
    for (size_t p = 0; p < np; p++) {
        hoff[p] = htotal;
        htotal += (size_t)(in->prog[p].capacity < r->applicants[p] ? in->prog[p].capacity : r->applicants[p]);
    }
    held_t *heap = xcalloc(htotal + 1, sizeof *heap);
    int *next = xcalloc(nc + 1, sizeof *next);
    int *stack = xcalloc(nc + 1, sizeof *stack);
    size_t top = 0;
    for (size_t c = nc; c-- > 0;) {
        r->out[c] = (pl_outcome_t){-1, -1, PL_FULL, 0};
        stack[top++] = (int)c;
    }
    while (top) {
        int c = stack[--top];
        size_t n = pref_len(r, (size_t)c);
        while ((size_t)next[c] < n) {
            int pos = next[c]++;
            const pl_pref_t *pf = pref_of(r, (size_t)c, (size_t)pos);
            if (pf->why != PL_OK) continue;
            int p = pf->prog, cp = in->prog[p].capacity;
            held_t *h = heap + hoff[p];
            if (r->filled[p] < cp) {
                heap_push(h, &r->filled[p], (held_t){pf->rank, c});
            } else if (cp > 0 && h[0].rank > pf->rank) {
                int out = h[0].cand;
                heap_replace_top(h, r->filled[p], (held_t){pf->rank, c});
                r->out[out].prog = -1;
                stack[top++] = out;
            } else {
                continue;
            }
            r->out[c].prog = p;
            r->out[c].pref_pos = pos;
            break;
        }
    }
    free(next);
    free(stack);
    free(heap);
    free(hoff);
    prep_free(&w);
    build_placed(r);
    build_waitlist(r);
    return 0;
fail:
    prep_free(&w);
    pl_result_free(r);
    return -1;
}

void pl_result_free(pl_result_t *r)
{
    if (!r) return;
    free(r->out);
    free(r->placed);
    free(r->waitlist);
    free(r->filled);
    free(r->applicants);
    free(r->cutoff);
    free(r->pref);
    free(r->pref_off);
    free(r->app);
    free(r->app_off);
    free(r->app_pos);
    free(r->prog_order);
    free(r->tb);
    memset(r, 0, sizeof *r);
}

/* ---- explanations -------------------------------------------------------------------------- */
/* Coded (msg.h): stored as codes with parameters, written in the reader's language when
 * shown (issue 25). Rendered in Indonesian they read as before. */

/* "P-LAS-1 (las_listrik, mulai 3 Mei 2021)" */
static json_t *prog_msg(const pl_program_t *p)
{
    json_t *m = json_array();
    msg_add(m, N_("%s (%s, mulai %s)"), "ssd", p->id, p->trade, p->start);
    return m;
}

static json_t *date_msg(date_t d)
{
    json_t *m = json_array();
    msg_add(m, "%s", "d", d);
    return m;
}

/* The wording of these reasons before issue 25's plain language: explanations stored
 * with them are still written in the reader's language (the catalogue keeps them). */
static const char *const legacy_formats[] = {
    N_("kuota %s penuh oleh peserta berprioritas lebih tinggi (prioritas ke-%s dari %s; batas diterima prioritas "
       "ke-%s)"),
    N_("kuota %s penuh; kursi yang lowong diisi dari daftar tunggu tanpa memindahkan peserta yang sudah ditempatkan "
       "(prioritas ke-%s dari %s)"),
    N_("masih ada kursi, tetapi peserta yang sudah ditempatkan tidak dipindahkan (prioritas ke-%s dari %s)"),
    N_("kuota penuh"),
};

/* Why c does not have programme pf->prog (which it would prefer, or did not get). */
static json_t *why_not_msg(const pl_result_t *r, size_t c, const pl_pref_t *pf)
{
    const pl_input_t *in = r->in;
    const pl_candidate_t *d = &in->cand[c];
    const pl_program_t *p = &in->prog[pf->prog];
    json_t *m = json_array();
    (void)legacy_formats;
    switch (pf->why) {
    case PL_OK: {
        int worst = r->cutoff[pf->prog];
        if (p->capacity == 0) /* every seat is held by a participant the placement does not move */
            msg_add(m, N_("tidak ada kursi tersisa: semua kursinya sudah dipegang peserta yang tidak dipindahkan"), "");
        else if (r->filled[pf->prog] >= p->capacity && pf->rank > worst && worst > 0)
            msg_add(m,
                    N_("kuota %s kursi sudah terisi oleh peserta dengan prioritas lebih tinggi: ia urutan ke-%s dari %s "
                       "pelamar, yang terakhir diterima urutan ke-%s"),
                    "iiii", p->capacity, pf->rank, r->applicants[pf->prog], worst);
        else if (r->filled[pf->prog] >= p->capacity)
            msg_add(m,
                    N_("kuota %s kursi sudah terisi; kursi yang lowong diisi dari daftar tunggu tanpa memindahkan "
                       "peserta yang sudah ditempatkan (ia urutan ke-%s dari %s pelamar)"),
                    "iii", p->capacity, pf->rank, r->applicants[pf->prog]);
        else
            msg_add(m,
                    N_("masih ada kursi, tetapi peserta yang sudah ditempatkan tidak dipindahkan (ia urutan ke-%s "
                       "dari %s pelamar)"),
                    "ii", pf->rank, r->applicants[pf->prog]);
        break;
    }
    case PL_RISK_EXCLUDED:
        msg_add(m, N_("tingkat risiko %s dikecualikan dari program ini"), "t", risk_level_name(d->risk));
        break;
    case PL_UNFIT: msg_add(m, N_("tidak layak fisik untuk kejuruan %s"), "s", p->trade); break;
    case PL_FITNESS_UNKNOWN: msg_add(m, N_("kelayakan fisik untuk kejuruan %s belum dinilai"), "s", p->trade); break;
    case PL_APTITUDE_LOW: {
        const pl_score_t *s = find_score(d, p->trade);
        msg_add(m, N_("nilai bakat %s %s di bawah batas %s"), "sii", p->trade, s && s->aptitude > 0 ? s->aptitude : 0,
                r->rules->min_aptitude);
        break;
    }
    case PL_NOT_ELIGIBLE_AT_START:
        msg_add(m, N_("belum memenuhi syarat asimilasi pada tanggal mulai %s"), "d", p->start);
        if (find_elig(d, p->id) < 0) {
            if (d->eligible_from != DATE_NONE)
                msg_add(m, N_(" (memenuhi syarat mulai %s)"), "d", d->eligible_from);
            else
                msg_add(m, N_(" (tanggal memenuhi syarat belum dapat diperkirakan)"), "");
        }
        break;
    case PL_RELEASED_BEFORE_END:
        if (r->rules->must_stay_until_end && p->end != DATE_NONE)
            msg_add(m, N_("bebas %s, sebelum program selesai %s"), "dd", d->release, p->end);
        else
            msg_add(m, N_("bebas %s, sebelum program mulai"), "d", d->release);
        break;
    default: msg_add(m, "%s", "t", reason_labels[pf->why]); break;
    }
    return m;
}

/* "bakat 80, bebas 1 Januari 2023, risiko rendah" for c at p. */
static json_t *basis_msg(const pl_result_t *r, size_t c, int p)
{
    const pl_candidate_t *d = &r->in->cand[c];
    json_t *m = json_array();
    msg_add(m, N_("bakat %s, "), "I", apt_for(r->in, c, (size_t)p));
    if (d->release == DATE_NONE)
        msg_add(m, N_("tanggal bebas belum diketahui"), "");
    else
        msg_add(m, N_("bebas %s"), "m", date_msg(d->release));
    msg_add(m, N_(", risiko %s"), "t", risk_level_name(d->risk));
    if (r->rules->method == PL_WEIGHTED) {
        int64_t k[KMAX];
        priority_keys(r->rules, d, &r->in->prog[p], (int)apt_for(r->in, c, (size_t)p), k);
        msg_add(m, N_(", skor berbobot %s"), "I", k[0]);
    }
    return m;
}

/* The interests before `upto` (all when upto < 0) and why they were not given. */
static void add_better(const pl_result_t *r, size_t c, int upto, json_t *m)
{
    size_t n = upto < 0 ? pref_len(r, c) : (size_t)upto, shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (shown == 6) {
            char k[24];
            snprintf(k, sizeof k, "%zu", n - i);
            msg_add(m, N_(" Dan %s program lain yang diminati."), "s", k);
            break;
        }
        const pl_pref_t *pf = pref_of(r, c, i);
        msg_add(m, N_(" Pilihan ke-%s %s: %s."), "imm", pf->interest_rank, prog_msg(&r->in->prog[pf->prog]),
                why_not_msg(r, c, pf));
        shown++;
    }
}

static json_t *explain_msg(const pl_result_t *r, size_t c)
{
    const pl_outcome_t *o = &r->out[c];
    json_t *m = json_array();
    if (o->prog >= 0) {
        const pl_pref_t *pf = pref_of(r, c, (size_t)o->pref_pos);
        const pl_program_t *p = &r->in->prog[o->prog];
        msg_add(m, N_("Ditempatkan di %s, pilihan ke-%s. Prioritas ke-%s dari %s pelamar yang memenuhi syarat, kuota %s (%s)."),
                "miiiim", prog_msg(p), pf->interest_rank, pf->rank, r->applicants[o->prog], p->capacity,
                basis_msg(r, c, o->prog));
        add_better(r, c, o->pref_pos, m);
        return m;
    }
    if (o->why == PL_WITHDRAWN) {
        msg_add(m, N_("Mundur."), "");
        return m;
    }
    msg_add(m, N_("Daftar tunggu ke-%s: %s"), "it", o->wait_rank, reason_labels[o->why]);
    for (size_t i = 0; o->why == PL_FULL && i < pref_len(r, c); i++)
        if (pref_of(r, c, i)->why == PL_OK) { /* the priority basis at the first acceptable programme */
            msg_add(m, N_(" (%s)"), "m", basis_msg(r, c, pref_of(r, c, i)->prog));
            break;
        }
    msg_add(m, ".", "");
    if (o->why == PL_NO_INTERESTS) {
        msg_add(m, N_(" Tidak ada kejuruan atau program yang diminati yang dibuka pada tahap ini."), "");
        return m;
    }
    add_better(r, c, -1, m);
    return m;
}

void pl_explain(const pl_result_t *r, size_t c, buf_t *b)
{
    json_t *m = explain_msg(r, c);
    msg_render_json(m, b);
    json_decref(m);
}

char *pl_explain_coded(const pl_result_t *r, size_t c)
{
    json_t *m = explain_msg(r, c);
    char *s = msg_dump(m);
    json_decref(m);
    return s;
}

/* ---- withdrawal and promotion ------------------------------------------------------------------ */

/* The candidate with the highest priority at p who would rather be there than
 * where they are (only the waiting list unless allow_moves); -1 when none.
 * *pos gets its index in that candidate's preference list. */
static int best_for_seat(const pl_result_t *r, int p, bool allow_moves, int *pos)
{
    for (size_t i = r->app_off[p]; i < r->app_off[p + 1]; i++) {
        int c = r->app[i];
        const pl_outcome_t *o = &r->out[c];
        if (o->why == PL_WITHDRAWN || o->prog == p) continue;
        if (o->prog < 0 || (allow_moves && r->app_pos[i] < o->pref_pos)) {
            *pos = r->app_pos[i];
            return c;
        }
    }
    return -1;
}

int pl_withdraw(pl_result_t *r, size_t c, bool allow_moves, pl_move_t **moves, size_t *n_moves, err_t *e)
{
    *moves = NULL;
    *n_moves = 0;
    if (c >= r->in->n_cand) return err_set(e, 400, "invalid_input", "Calon ke-%zu tidak ada", c + 1);
    pl_outcome_t *o = &r->out[c];
    if (o->why == PL_WITHDRAWN)
        return err_set(e, 400, "invalid_input", "Calon %.60s sudah mundur", r->in->cand[c].regno);
    int vacancy = o->prog;
    o->prog = -1;
    o->pref_pos = -1;
    o->why = PL_WITHDRAWN;
    o->wait_rank = 0;
    size_t cap = 0;
    while (vacancy >= 0) {
        r->filled[vacancy]--;
        int pos, d = best_for_seat(r, vacancy, allow_moves, &pos);
        if (d < 0) break;
        if (*n_moves == cap) *moves = xrealloc(*moves, (cap = cap ? cap * 2 : 4) * sizeof **moves);
        pl_outcome_t *od = &r->out[d];
        const pl_pref_t *pf = pref_of(r, (size_t)d, (size_t)pos);
        (*moves)[(*n_moves)++] = (pl_move_t){d, vacancy, od->prog, pf->interest_rank, pf->rank};
        int from = od->prog;
        od->prog = vacancy;
        od->pref_pos = pos;
        od->wait_rank = 0;
        r->filled[vacancy]++;
        vacancy = from;
    }
    build_placed(r);
    build_waitlist(r);
    return 0;
}

void pl_explain_move(const pl_result_t *r, const pl_move_t *m, size_t withdrawn, buf_t *b)
{
    /* coded like the other explanations, so it is written in the reader's language */
    const pl_program_t *p = &r->in->prog[m->prog];
    json_t *msg = json_array();
    msg_add(msg, N_("Mengisi kursi lowong di %s"), "m", prog_msg(p));
    if (m->from < 0)
        msg_add(msg, N_(" setelah %s mundur, dari daftar tunggu"), "s", r->in->cand[withdrawn].regno);
    else
        msg_add(msg, N_(" (pindah dari %s, pilihan yang kurang diminati)"), "s", r->in->prog[m->from].id);
    msg_add(msg,
            N_(": pilihan ke-%s, prioritas ke-%s dari %s pelamar yang memenuhi syarat, tertinggi di antara yang "
               "menginginkan kursi ini (%s)."),
            "iiim", m->interest_rank, m->rank, r->applicants[m->prog], basis_msg(r, (size_t)m->cand, m->prog));
    msg_render_json(msg, b);
    json_decref(msg);
}

/* ---- stability check ----------------------------------------------------------------------------- */

bool pl_check_stable(const pl_result_t *r, char *why, size_t cap)
{
    const pl_input_t *in = r->in;
    size_t np = in->n_prog, nc = in->n_cand;
    int *count = xcalloc(np + 1, sizeof *count), *worst = xcalloc(np + 1, sizeof *worst);
    bool ok = true;
    for (size_t c = 0; c < nc && ok; c++) {
        const pl_outcome_t *o = &r->out[c];
        if (o->prog < 0) continue;
        if (o->pref_pos < 0 || (size_t)o->pref_pos >= pref_len(r, c) ||
            pref_of(r, c, (size_t)o->pref_pos)->prog != o->prog) {
            snprintf(why, cap, "%s ditempatkan di %s yang tidak diminatinya", in->cand[c].regno, in->prog[o->prog].id);
            ok = false;
        } else if (pl_acceptable(in, r->rules, c, (size_t)o->prog) != PL_OK) {
            snprintf(why, cap, "%s ditempatkan di %s tanpa memenuhi syarat", in->cand[c].regno, in->prog[o->prog].id);
            ok = false;
        } else {
            count[o->prog]++;
            int rk = pref_of(r, c, (size_t)o->pref_pos)->rank;
            if (rk > worst[o->prog]) worst[o->prog] = rk;
        }
    }
    for (size_t p = 0; p < np && ok; p++)
        if (count[p] > in->prog[p].capacity || count[p] != r->filled[p]) {
            snprintf(why, cap, "%s: %d peserta untuk kuota %d", in->prog[p].id, count[p], in->prog[p].capacity);
            ok = false;
        }
    for (size_t c = 0; c < nc && ok; c++) {
        const pl_outcome_t *o = &r->out[c];
        if (o->why == PL_WITHDRAWN) continue;
        size_t upto = o->prog >= 0 ? (size_t)o->pref_pos : pref_len(r, c);
        for (size_t i = 0; i < upto && ok; i++) {
            const pl_pref_t *pf = pref_of(r, c, i);
            if (pf->why != PL_OK) continue;
            if (count[pf->prog] < in->prog[pf->prog].capacity) {
                snprintf(why, cap, "pasangan penghalang: %s lebih memilih %s yang masih punya kursi", in->cand[c].regno,
                         in->prog[pf->prog].id);
                ok = false;
            } else if (pf->rank < worst[pf->prog]) {
                snprintf(why, cap,
                         "pasangan penghalang: %s (prioritas ke-%d) lebih memilih %s yang menerima prioritas ke-%d",
                         in->cand[c].regno, pf->rank, in->prog[pf->prog].id, worst[pf->prog]);
                ok = false;
            }
        }
    }
    free(count);
    free(worst);
    return ok;
}
