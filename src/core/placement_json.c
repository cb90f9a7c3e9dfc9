/* placement_json.c — JSON input and output of the placement (see placement_json.h). */
#include "placement_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERRI "invalid_input"
#define MAX_PL_RULES 32

static int only_keys(json_t *o, const char *where, const char *const *keys, err_t *e)
{
    const char *k;
    json_t *v;
    json_object_foreach (o, k, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k)) i++;
        if (!keys[i]) return err_set(e, 400, ERRI, "%s: kunci \"%.60s\" tidak dikenal", where, k);
    }
    return 0;
}

static int get_str(json_t *o, const char *key, const char *where, bool required, const char **out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) return required ? err_set(e, 400, ERRI, "%s: \"%s\" wajib diisi", where, key) : 0;
    if (!json_is_string(v) || !json_string_length(v))
        return err_set(e, 400, ERRI, "%s: \"%s\" harus berupa teks yang tidak kosong", where, key);
    *out = json_string_value(v);
    return 0;
}

static int get_int(json_t *o, const char *key, const char *where, int lo, int hi, int *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_set(e, 400, ERRI, "%s: \"%s\" harus bilangan bulat %d sampai %d", where, key, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

static int get_bool(json_t *o, const char *key, const char *where, bool *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_boolean(v)) return err_set(e, 400, ERRI, "%s: \"%s\" harus true atau false", where, key);
    *out = json_is_true(v);
    return 0;
}

static int get_date(json_t *o, const char *key, const char *where, date_t *out, err_t *e)
{
    const char *s;
    *out = DATE_NONE;
    if (get_str(o, key, where, false, &s, e) < 0) return -1;
    if (s && !date_parse(s, out))
        return err_set(e, 400, ERRI, "%s: \"%s\" bukan tanggal yang sah: \"%.40s\"", where, key, s);
    return 0;
}

static int risk_set(json_t *a, const char *where, unsigned *out, err_t *e)
{
    *out = 0;
    if (!a || json_is_null(a)) return 0;
    if (!json_is_array(a)) return err_set(e, 400, ERRI, "%s: \"excluded_risk\" harus berupa daftar", where);
    size_t i;
    json_t *it;
    json_array_foreach (a, i, it) {
        int k = json_is_string(it) ? risk_level_parse(json_string_value(it)) : -1;
        if (k < 0) return err_set(e, 400, ERRI, "%s: \"excluded_risk\" hanya boleh rendah, sedang, tinggi", where);
        *out |= 1u << k;
    }
    return 0;
}

static int parse_program(json_t *o, size_t i, pl_program_t *p, err_t *e)
{
    static const char *const keys[] = {
        "id", "trade", "capacity", "min", "start", "end", "requires_asimilasi", "excluded_risk", "name", NULL};
    char where[48];
    snprintf(where, sizeof where, "programs[%zu]", i);
    if (!json_is_object(o)) return err_set(e, 400, ERRI, "%s harus berupa objek", where);
    if (only_keys(o, where, keys, e) < 0) return -1;
    p->requires_asimilasi = true;
    p->capacity = -1;
    if (get_str(o, "id", where, true, &p->id, e) < 0 || get_str(o, "trade", where, true, &p->trade, e) < 0 ||
        get_int(o, "capacity", where, 0, 100000, &p->capacity, e) < 0 ||
        get_int(o, "min", where, 0, 100000, &p->min_participants, e) < 0 ||
        get_date(o, "start", where, &p->start, e) < 0 || get_date(o, "end", where, &p->end, e) < 0 ||
        get_bool(o, "requires_asimilasi", where, &p->requires_asimilasi, e) < 0 ||
        risk_set(json_object_get(o, "excluded_risk"), where, &p->excluded_risk, e) < 0)
        return -1;
    if (p->capacity < 0) return err_set(e, 400, ERRI, "%s: \"capacity\" wajib diisi", where);
    if (p->start == DATE_NONE) return err_set(e, 400, ERRI, "%s: \"start\" wajib diisi", where);
    return 0;
}

/* Counts what the candidates need in the flat arrays. */
static void count_candidate(json_t *o, size_t *ni, size_t *ns, size_t *ne)
{
    json_t *v = json_object_get(o, "interests");
    if (json_is_array(v)) *ni += json_array_size(v);
    v = json_object_get(o, "aptitude");
    if (json_is_object(v)) *ns += json_object_size(v);
    v = json_object_get(o, "fit");
    if (json_is_object(v)) *ns += json_object_size(v);
    v = json_object_get(o, "eligible_at_start");
    if (json_is_object(v)) *ne += json_object_size(v);
}

static int parse_candidate(json_t *o, size_t i, pl_json_input_t *pj, size_t *ni, size_t *ns, size_t *ne, err_t *e)
{
    static const char *const keys[] = {"id",           "wbp",       "interests", "aptitude",      "fit",
                                       "release_date", "days_left", "risk",      "eligible_from", "eligible_at_start",
                                       "name",         NULL};
    pl_candidate_t *c = &pj->cand[i];
    char where[48];
    snprintf(where, sizeof where, "candidates[%zu]", i);
    if (!json_is_object(o)) return err_set(e, 400, ERRI, "%s harus berupa objek", where);
    if (only_keys(o, where, keys, e) < 0) return -1;
    if (get_str(o, "wbp", where, true, &c->regno, e) < 0 || get_str(o, "id", where, false, &c->id, e) < 0) return -1;
    snprintf(where, sizeof where, "calon %.30s", c->regno);
    if (!c->id) c->id = c->regno;
    const char *risk;
    if (get_str(o, "risk", where, true, &risk, e) < 0) return -1;
    int rk = risk_level_parse(risk);
    if (rk < 0) return err_set(e, 400, ERRI, "%s: \"risk\" harus rendah, sedang atau tinggi", where);
    c->risk = (risk_level_t)rk;
    if (get_date(o, "release_date", where, &c->release, e) < 0 ||
        get_date(o, "eligible_from", where, &c->eligible_from, e) < 0)
        return -1;
    json_t *dl = json_object_get(o, "days_left");
    if (dl && !json_is_null(dl)) {
        int d = 0;
        if (c->release != DATE_NONE)
            return err_set(e, 400, ERRI, "%s: pakai \"release_date\" atau \"days_left\", jangan keduanya", where);
        if (get_int(o, "days_left", where, 0, 365000, &d, e) < 0) return -1;
        c->release = pj->at + d;
    }
    /* interests */
    json_t *a = json_object_get(o, "interests");
    c->interests = pj->interests + *ni;
    if (a && !json_is_null(a)) {
        if (!json_is_array(a)) return err_set(e, 400, ERRI, "%s: \"interests\" harus berupa daftar", where);
        size_t k;
        json_t *it;
        json_array_foreach (a, k, it) {
            if (!json_is_string(it) || !json_string_length(it))
                return err_set(e, 400, ERRI, "%s: \"interests\" harus berisi teks (kejuruan atau id program)", where);
            pj->interests[(*ni)++] = json_string_value(it);
            c->n_interests++;
        }
    }
    /* aptitude and fitness */
    c->scores = pj->scores + *ns;
    c->fit_default = -1;
    json_t *apt = json_object_get(o, "aptitude"), *fit = json_object_get(o, "fit");
    if (apt && !json_is_null(apt) && !json_is_object(apt))
        return err_set(e, 400, ERRI, "%s: \"aptitude\" harus berupa objek {kejuruan: nilai}", where);
    if (fit && !json_is_null(fit) && !json_is_object(fit) && !json_is_boolean(fit))
        return err_set(e, 400, ERRI, "%s: \"fit\" harus true, false atau objek {kejuruan: true|false}", where);
    if (json_is_boolean(fit)) c->fit_default = json_is_true(fit);
    const char *k;
    json_t *v;
    if (json_is_object(apt))
        json_object_foreach (apt, k, v) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100)
                return err_set(e, 400, ERRI, "%s: nilai bakat \"%.40s\" harus bilangan bulat 0 sampai 100", where, k);
            json_t *f = json_is_object(fit) ? json_object_get(fit, k) : NULL;
            if (f && !json_is_boolean(f))
                return err_set(e, 400, ERRI, "%s: kelayakan fisik \"%.40s\" harus true atau false", where, k);
            pj->scores[(*ns)++] = (pl_score_t){k, (int)json_integer_value(v), f ? json_is_true(f) : -1};
            c->n_scores++;
        }
    if (json_is_object(fit))
        json_object_foreach (fit, k, v) {
            if (!json_is_boolean(v))
                return err_set(e, 400, ERRI, "%s: kelayakan fisik \"%.40s\" harus true atau false", where, k);
            if (json_is_object(apt) && json_object_get(apt, k)) continue;
            pj->scores[(*ns)++] = (pl_score_t){k, -1, json_is_true(v)};
            c->n_scores++;
        }
    /* per-programme asimilasi answers */
    json_t *el = json_object_get(o, "eligible_at_start");
    c->elig_at_start = pj->elig + *ne;
    if (el && !json_is_null(el)) {
        if (!json_is_object(el))
            return err_set(e, 400, ERRI, "%s: \"eligible_at_start\" harus berupa objek {id program: true|false}",
                           where);
        json_object_foreach (el, k, v) {
            if (!json_is_boolean(v))
                return err_set(e, 400, ERRI, "%s: \"eligible_at_start\".\"%.40s\" harus true atau false", where, k);
            pj->elig[(*ne)++] = (pl_elig_t){k, json_is_true(v)};
            c->n_elig++;
        }
    }
    return 0;
}

void pl_json_input_free(pl_json_input_t *pj)
{
    if (!pj) return;
    free(pj->cand);
    free(pj->prog);
    free(pj->interests);
    free(pj->scores);
    free(pj->elig);
    json_decref(pj->root);
    memset(pj, 0, sizeof *pj);
}

int pl_json_input_parse(json_t *root, pl_json_input_t *pj, err_t *e)
{
    static const char *const keys[] = {"at", "rules", "programs", "candidates", "withdraw", "why", NULL};
    memset(pj, 0, sizeof *pj);
    if (!json_is_object(root)) return err_set(e, 400, ERRI, "masukan harus berupa objek JSON");
    if (only_keys(root, "masukan", keys, e) < 0) return -1;
    pj->root = json_incref(root);
    json_t *progs = json_object_get(root, "programs"), *cands = json_object_get(root, "candidates");
    if (!json_is_array(progs)) {
        err_set(e, 400, ERRI, "masukan: \"programs\" wajib berupa daftar");
        goto fail;
    }
    if (cands && !json_is_array(cands)) {
        err_set(e, 400, ERRI, "masukan: \"candidates\" harus berupa daftar");
        goto fail;
    }
    size_t np = json_array_size(progs), nc = json_array_size(cands);
    pj->prog = xcalloc(np + 1, sizeof *pj->prog);
    pj->cand = xcalloc(nc + 1, sizeof *pj->cand);
    pj->at = DATE_NONE;
    for (size_t i = 0; i < np; i++)
        if (parse_program(json_array_get(progs, i), i, &pj->prog[i], e) < 0) goto fail;
    if (get_date(root, "at", "masukan", &pj->at, e) < 0) goto fail;
    if (pj->at == DATE_NONE)
        for (size_t i = 0; i < np; i++)
            if (pj->at == DATE_NONE || pj->prog[i].start < pj->at) pj->at = pj->prog[i].start;
    size_t ni = 0, ns = 0, ne = 0;
    for (size_t i = 0; i < nc; i++) count_candidate(json_array_get(cands, i), &ni, &ns, &ne);
    pj->interests = xcalloc(ni + 1, sizeof *pj->interests);
    pj->scores = xcalloc(ns + 1, sizeof *pj->scores);
    pj->elig = xcalloc(ne + 1, sizeof *pj->elig);
    ni = ns = ne = 0;
    for (size_t i = 0; i < nc; i++) {
        pj->cand[i].release = pj->cand[i].eligible_from = DATE_NONE;
        json_t *dl = json_object_get(json_array_get(cands, i), "days_left");
        if (dl && !json_is_null(dl) && pj->at == DATE_NONE) {
            err_set(e, 400, ERRI, "candidates[%zu]: \"days_left\" memerlukan \"at\" atau program", i);
            goto fail;
        }
        if (parse_candidate(json_array_get(cands, i), i, pj, &ni, &ns, &ne, e) < 0) goto fail;
    }
    pj->rules_json = json_object_get(root, "rules");
    pj->withdraw = json_object_get(root, "withdraw");
    if (pj->withdraw && !json_is_array(pj->withdraw)) {
        err_set(e, 400, ERRI, "masukan: \"withdraw\" harus berupa daftar");
        goto fail;
    }
    pj->in = (pl_input_t){pj->cand, nc, pj->prog, np};
    return 0;
fail:
    pl_json_input_free(pj);
    return -1;
}

int pl_json_rules(const pl_json_input_t *pj, pl_rules_t *out, err_t *e)
{
    json_t *rj = pj->rules_json;
    if (json_is_object(rj)) return pl_rules_from_json(rj, out, e);
    if (rj && !json_is_null(rj) && !json_is_string(rj))
        return err_set(e, 400, ERRI, "masukan: \"rules\" harus kode aturan atau objek aturan penempatan");
    pl_rules_t *sets = xcalloc(MAX_PL_RULES, sizeof *sets);
    size_t n;
    int rc = -1;
    if (pl_rules_load_builtins(sets, MAX_PL_RULES, &n, e) < 0) goto out;
    const pl_rules_t *pick = NULL;
    if (json_is_string(rj)) {
        for (size_t i = 0; i < n; i++)
            if (!strcmp(sets[i].head.code, json_string_value(rj))) pick = &sets[i];
        if (!pick) {
            err_set(e, 400, ERRI, "masukan: aturan penempatan \"%.60s\" tidak ada", json_string_value(rj));
            goto out;
        }
    } else if (pj->at == DATE_NONE) {
        err_set(e, 400, ERRI, "masukan: \"at\" wajib diisi bila tidak ada program (tanggal aturan penempatan)");
        goto out;
    } else {
        char d[DATE_ISO_LEN];
        date_format(pj->at, d);
        if (!(pick = pl_rules_pick(sets, n, pj->at))) {
            err_set(e, 400, ERRI, "Belum ada aturan penempatan yang berlaku pada %s", d);
            goto out;
        }
    }
    *out = *pick;
    rc = 0;
out:
    free(sets);
    return rc;
}

static json_t *text(buf_t *b)
{
    json_t *s = json_stringn(b->data ? b->data : "", b->len);
    buf_reset(b);
    return s;
}

json_t *pl_result_json(const pl_result_t *r)
{
    const pl_input_t *in = r->in;
    json_t *o = json_object();
    buf_t b;
    buf_init(&b);
    json_object_set_new(o, "ruleset", json_string(r->rules->head.code));
    json_t *placed = json_array();
    for (size_t i = 0; i < r->n_placed; i++) {
        size_t c = (size_t)r->placed[i];
        const pl_outcome_t *oc = &r->out[c];
        const pl_pref_t *pf = &r->pref[r->pref_off[c] + (size_t)oc->pref_pos];
        pl_explain(r, c, &b);
        json_array_append_new(placed, json_pack("{s:s, s:s, s:i, s:i, s:o}", "wbp", in->cand[c].regno, "program",
                                                in->prog[oc->prog].id, "interest_rank", pf->interest_rank,
                                                "priority_rank", pf->rank, "reason", text(&b)));
    }
    json_object_set_new(o, "placed", placed);
    json_t *wait = json_array();
    for (size_t i = 0; i < r->n_waitlist; i++) {
        size_t c = (size_t)r->waitlist[i];
        pl_explain(r, c, &b);
        json_array_append_new(wait,
                              json_pack("{s:s, s:i, s:s, s:o}", "wbp", in->cand[c].regno, "rank", r->out[c].wait_rank,
                                        "code", pl_reason_code(r->out[c].why), "reason", text(&b)));
    }
    json_object_set_new(o, "waitlist", wait);
    json_t *progs = json_array(), *under = json_array();
    for (size_t i = 0; i < in->n_prog; i++) {
        int p = r->prog_order[i];
        const pl_program_t *g = &in->prog[p];
        json_array_append_new(progs, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "id", g->id, "trade", g->trade,
                                               "capacity", g->capacity, "min", g->min_participants, "placed",
                                               r->filled[p], "applicants", r->applicants[p]));
        if (r->filled[p] < g->min_participants) {
            buf_printf(&b, "Peserta %d, di bawah jumlah minimum %d (pelamar yang memenuhi syarat: %d).", r->filled[p],
                       g->min_participants, r->applicants[p]);
            json_array_append_new(under, json_pack("{s:s, s:i, s:i, s:o}", "program", g->id, "placed", r->filled[p],
                                                   "min", g->min_participants, "reason", text(&b)));
        }
    }
    json_object_set_new(o, "programs", progs);
    json_object_set_new(o, "under_minimum", under);
    size_t withdrawn = 0;
    for (size_t c = 0; c < in->n_cand; c++) withdrawn += r->out[c].why == PL_WITHDRAWN;
    json_object_set_new(o, "summary",
                        json_pack("{s:i, s:i, s:i, s:i}", "candidates", (int)in->n_cand, "placed", (int)r->n_placed,
                                  "waitlist", (int)r->n_waitlist, "withdrawn", (int)withdrawn));
    buf_release(&b);
    return o;
}

/* Candidate named by a withdraw entry: id first, else a unique registration number. */
static int find_cand(const pl_input_t *in, const char *key, err_t *e)
{
    int by_regno = -1;
    for (size_t c = 0; c < in->n_cand; c++) {
        if (!strcmp(in->cand[c].id, key)) return (int)c;
        if (!strcmp(in->cand[c].regno, key)) {
            if (by_regno >= 0)
                return err_set(e, 400, ERRI,
                               "withdraw: nomor registrasi \"%.60s\" dipakai lebih dari satu calon; "
                               "pakai id",
                               key);
            by_regno = (int)c;
        }
    }
    if (by_regno < 0) return err_set(e, 400, ERRI, "withdraw: calon \"%.60s\" tidak ada", key);
    return by_regno;
}

static int run_withdrawals(pl_result_t *r, json_t *list, json_t *outlist, err_t *e)
{
    size_t i;
    json_t *it;
    buf_t b;
    buf_init(&b);
    json_array_foreach (list, i, it) {
        const char *key = json_is_string(it) ? json_string_value(it) : NULL;
        bool moves = false;
        if (json_is_object(it)) {
            static const char *const keys[] = {"wbp", "moves", NULL};
            if (only_keys(it, "withdraw", keys, e) < 0 || get_str(it, "wbp", "withdraw", true, &key, e) < 0 ||
                get_bool(it, "moves", "withdraw", &moves, e) < 0)
                goto fail;
        }
        if (!key) {
            err_set(e, 400, ERRI, "withdraw[%zu]: harus nomor registrasi atau {\"wbp\", \"moves\"}", i);
            goto fail;
        }
        int c = find_cand(r->in, key, e);
        if (c < 0) goto fail;
        int was = r->out[c].prog;
        pl_move_t *mv;
        size_t n;
        if (pl_withdraw(r, (size_t)c, moves, &mv, &n, e) < 0) goto fail;
        json_t *ma = json_array();
        for (size_t k = 0; k < n; k++) {
            pl_explain_move(r, &mv[k], (size_t)c, &b);
            json_array_append_new(ma, json_pack("{s:s, s:s, s:o, s:o}", "wbp", r->in->cand[mv[k].cand].regno, "program",
                                                r->in->prog[mv[k].prog].id, "from",
                                                mv[k].from < 0 ? json_null() : json_string(r->in->prog[mv[k].from].id),
                                                "reason", text(&b)));
        }
        free(mv);
        json_array_append_new(outlist,
                              json_pack("{s:s, s:o, s:o}", "wbp", r->in->cand[c].regno, "program",
                                        was < 0 ? json_null() : json_string(r->in->prog[was].id), "moves", ma));
    }
    buf_release(&b);
    return 0;
fail:
    buf_release(&b);
    return -1;
}

int pl_json_run(json_t *root, json_t **out, err_t *e)
{
    pl_json_input_t pj;
    pl_rules_t rules;
    pl_result_t r;
    *out = NULL;
    if (pl_json_input_parse(root, &pj, e) < 0) return -1;
    int rc = -1;
    if (pl_json_rules(&pj, &rules, e) < 0) goto done;
    if (pl_place(&pj.in, &rules, &r, e) < 0) goto done;
    json_t *wd = json_array();
    if (pj.withdraw && run_withdrawals(&r, pj.withdraw, wd, e) < 0) {
        json_decref(wd);
        pl_result_free(&r);
        goto done;
    }
    json_t *o = pl_result_json(&r);
    json_object_set_new(o, "at", rf_date_json(pj.at));
    json_object_set_new(o, "withdrawals", wd);
    pl_result_free(&r);
    *out = o;
    rc = 0;
done:
    pl_json_input_free(&pj);
    return rc;
}
