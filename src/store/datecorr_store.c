/* datecorr_store.c — corrections of computed dates (see datecorr_store.h). */
#include "datecorr_store.h"
#include "wbp_record.h"
#include "../core/rulefile.h"
#include "../core/wbp.h"
#include <string.h>

int dc_rules(date_t on, datecorr_rules_t *r, err_t *e)
{
    json_t *j = rulefile_in_force(RULES_KIND_DATECORR, on, NULL);
    if (!j) return err_set(e, 500, "no_ruleset", "%s", _("Tidak ada aturan koreksi tanggal yang berlaku pada tanggal itu"));
    int rc = datecorr_rules_from_json(j, r, e);
    json_decref(j);
    return rc;
}

struct one {
    elig_result_t *out;
    bool found;
};
static int one_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct one *c = vc;
    if (row->res) *c->out = *row->res;
    c->found = true;
    return 0;
}

int dc_result(db_t *db, err_t *e, int64_t uid, int64_t wbp_id, date_t at, elig_result_t *out)
{
    struct one c = {out, false};
    elig_query_t q = {uid, 0, wbp_id, at, false};
    if (elig_scan(db, e, &q, one_row, &c) < 0) return -1;
    return c.found ? 1 : 0;
}

struct create_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t wbp_id;
    const char *which, *today;
};
/* the one in force for this date is replaced */
static int end_replaced(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    rec_t *old;
    int n = 0;
    if (rec_list_children(db, e, c->a, &datecorr_def, 0, c->wbp_id, "decided_on", &old, &n) < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (old[i].v[DCF_ENDED_ON] || !str_eq(old[i].v[DCF_WHICH], c->which)) continue;
        const char *v[DCF_COUNT];
        memcpy(v, old[i].v, sizeof v);
        v[DCF_ENDED_ON] = c->today;
        v[DCF_END_REASON] = _("Diganti koreksi baru");
        if (rec_update(db, e, &datecorr_def, c->who, &old[i], v) < 0) return -1;
    }
    return 0;
}

int dc_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *which,
              const char *corrected, const char *reason, const char *document, const char *note,
              const char *decided_on, date_t today, field_errs_t *fe, int64_t *id)
{
    *id = 0;
    rec_t w;
    if (wbp_rec_load_wbp(db, e, a, uid, wbp_id, &w) < 0) return -1;
    date_t decided = today, cdate = DATE_NONE;
    if (decided_on && *decided_on && !date_parse(decided_on, &decided)) {
        field_err(fe, "decided_on", "%s", _("Tanggal keputusan harus TTTT-BB-HH"));
        decided = DATE_NONE;
    }
    if (corrected && *corrected && !date_parse(corrected, &cdate))
        field_err(fe, "corrected_date", "%s", _("Tanggal koreksi harus TTTT-BB-HH"));
    datecorr_rules_t rules;
    if (dc_rules(today, &rules, e) < 0) return -1;
    /* Bekal's own date today and what it was computed from */
    elig_result_t *res = arena_alloc(a, sizeof *res);
    int rc = dc_result(db, e, uid, wbp_id, today, res);
    if (rc < 0) return -1;
    int k = datecorr_kind_parse(which);
    date_t computed = DATE_NONE;
    if (rc == 1 && k >= 0 && res->has_dates) {
        date_t ds[DC__COUNT] = {res->dates.expiry, res->dates.half, res->dates.two_thirds};
        computed = res->corr[k].state != ELIG_CORR_NONE ? res->corr[k].computed : ds[k];
    }
    if (!fe->n || !field_errs_for(fe, "corrected_date"))
        datecorr_check(&rules, which, cdate, computed, reason, document, note, decided, today, fe);
    if (fe->n) return 0;
    char cs[DATE_ISO_LEN], ks[DATE_ISO_LEN], ds[DATE_ISO_LEN], ts[DATE_ISO_LEN];
    date_format(cdate, cs);
    date_format(computed, ks);
    date_format(decided, ds);
    date_format(today, ts);
    const char *v[DCF_COUNT] = {datecorr_kind_code((datecorr_kind_t)k), ks, cs, reason, document,
                                note && *note ? note : NULL, arena_strdup(a, res->inputs), ds, NULL, NULL};
    struct create_ctx c = {a, who, wbp_id, v[DCF_WHICH], ts};
    return wbp_rec_create(db, e, &datecorr_def, who, &w, v, end_replaced, &c, id);
}

struct end_ctx {
    const char *reason;
    char today[DATE_ISO_LEN];
};
static int end_corr(const rec_t *before, const char **v, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    if (wbp_rec_end_reason(e, c->reason, _("Tuliskan alasan pencabutan (paling panjang 300 karakter)")) < 0) return -1;
    if (before->v[DCF_ENDED_ON]) return err_set(e, 409, "not_in_force", "%s", _("Koreksi ini sudah berakhir"));
    v[DCF_ENDED_ON] = c->today;
    v[DCF_END_REASON] = c->reason;
    return 0;
}

int dc_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *reason,
           date_t today, int64_t *wbp_id)
{
    struct end_ctx c = {reason, ""};
    date_format(today, c.today);
    return wbp_rec_end(db, e, a, &datecorr_def, _("Koreksi tanggal tidak ditemukan"), who, uid, id, end_corr, &c, wbp_id);
}

int dc_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, date_t today, dc_item_t **items, int *n)
{
    *items = NULL;
    *n = 0;
    rec_t *rows;
    int nr = 0;
    if (rec_list_children(db, e, a, &datecorr_def, uid, wbp_id, "decided_on", &rows, &nr) < 0) return -1;
    if (!nr) return 0;
    elig_result_t *res = arena_alloc(a, sizeof *res);
    int rc = dc_result(db, e, uid, wbp_id, today, res);
    if (rc < 0) return -1;
    datecorr_rules_t rules;
    err_t re;
    err_clear(&re);
    if (dc_rules(today, &rules, &re) < 0) memset(&rules, 0, sizeof rules);
    *items = arena_alloc(a, sizeof **items * (size_t)nr);
    for (int i = nr - 1; i >= 0; i--) { /* newest first */
        dc_item_t *it = &(*items)[(*n)++];
        memset(it, 0, sizeof *it);
        it->rec = rows[i];
        const datecorr_reason_t *x = datecorr_reason(&rules, rows[i].v[DCF_REASON]);
        it->reason_label = x ? datecorr_label(x) : rows[i].v[DCF_REASON];
        int k = datecorr_kind_parse(rows[i].v[DCF_WHICH]);
        const elig_corr_t *c = rc == 1 && k >= 0 ? &res->corr[k] : NULL;
        date_t from = DATE_NONE, until = DATE_NONE;
        date_parse(rows[i].v[DCF_DECIDED_ON], &from);
        if (rows[i].v[DCF_ENDED_ON]) date_parse(rows[i].v[DCF_ENDED_ON], &until);
        if (!datecorr_in_force(from, until, today) || !c || c->id != rows[i].id) {
            it->state = "berakhir";
            continue;
        }
        if (c->state == ELIG_CORR_APPLIED) {
            it->state = "berlaku";
            continue;
        }
        it->state = "gugur";
        char why[400];
        datecorr_cause_text(c->cause, c->inputs, res->inputs, why, sizeof why);
        it->cause = arena_strdup(a, why);
    }
    return 0;
}
