/* demo_datecorr.c — demo corrections of computed dates (issue 24): at a site, three
 * inmates in custody whose fraction date is more than six months away (so that the
 * demo's eligibility counts do not move) get a correction each, recorded by the
 * kalapas five days before the anchor with Bekal's date and the fingerprint of its
 * inputs on the anchor day, audited like the page's: the track's fraction date moved
 * by a court decision, the expiry by an SDP correction, and a 2/3 date from the
 * record of another prison. */
#include "demo.h"
#include "../store/elig_store.h"
#include "../store/datecorr_store.h"
#include <string.h>

typedef struct {
    int64_t id;
    date_t frac, expiry, half, two_thirds;
    bool frac_half;
    char inputs[DATECORR_FP_LEN];
} cand_t;

struct pick {
    date_t at;
    cand_t c[3];
    int n;
};
static int pick(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct pick *p = vc;
    const elig_result_t *r = row->res;
    if (!r || !r->has_dates || r->eligible || r->fraction_date == DATE_NONE || p->n >= 3) return 0;
    if (r->fraction_date <= date_add_months(p->at, 6) || r->dates.expiry <= date_add_months(p->at, 18)) return 0;
    if (!row->id || row->id % 7) return 0; /* spread over the list */
    cand_t *c = &p->c[p->n++];
    c->id = row->id;
    c->frac = r->fraction_date;
    c->expiry = r->dates.expiry;
    c->half = r->dates.half;
    c->two_thirds = r->dates.two_thirds;
    c->frac_half = r->fraction_date == r->dates.half;
    snprintf(c->inputs, sizeof c->inputs, "%s", r->inputs);
    return 0;
}

int demo_seed_datecorr(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    date_t at;
    if (!date_parse(anchor, &at)) return err_set(e, 500, "demo", "bad anchor %s", anchor);
    datecorr_rules_t rules;
    if (dc_rules(at, &rules, e) < 0) return -1;
    struct pick p = {at, {{0}}, 0};
    elig_query_t q = {0, site_id, 0, at, false};
    if (elig_scan(db, e, &q, pick, &p) < 0) return -1;
    char ds[DATE_ISO_LEN];
    date_format(date_add_days(at, -5), ds);
    for (int i = 0; i < p.n; i++) {
        const cand_t *c = &p.c[i];
        datecorr_kind_t k;
        date_t computed, corrected;
        const char *reason, *doc, *note;
        if (i == 0) {
            k = c->frac_half ? DC_HALF : DC_TWO_THIRDS;
            computed = c->frac;
            corrected = date_add_days(computed, -14);
            reason = "putusan_pengadilan", doc = "Putusan PN No. 412/Pid.B/2024/PN (contoh)";
            note = "Pengurangan masa pidana menurut putusan banding; data belum masuk Bekal";
        } else if (i == 1) {
            k = DC_EXPIRY, computed = c->expiry, corrected = date_add_days(computed, 5);
            reason = "koreksi_sdp", doc = "Ekspor SDP November 2026 (contoh)", note = NULL;
        } else {
            k = DC_TWO_THIRDS, computed = c->two_thirds, corrected = date_add_days(computed, -7);
            reason = "pindah_berkas", doc = "Berkas pindahan Lapas asal (contoh)", note = NULL;
        }
        if (!datecorr_reason(&rules, reason)) return err_set(e, 500, "demo", "reason %s is not in the rules", reason);
        char cs[DATE_ISO_LEN], ks[DATE_ISO_LEN];
        date_format(corrected, cs);
        date_format(computed, ks);
        const char *v[DCF_COUNT] = {datecorr_kind_code(k), ks, cs, reason, doc, note, c->inputs, ds, NULL, NULL};
        if (rec_insert_child(db, e, &datecorr_def, who, site_id, c->id, v) < 0) return -1;
    }
    return 0;
}
