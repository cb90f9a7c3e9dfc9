/* demo_release.c — demo releases with follow-up contacts (issue 8): five inmates of
 * a site released at different times up to the anchor (one in the month before the
 * anchor's, one in the anchor's month, so the dashboard's last two months have one),
 * none of them in training (the open sewing programme keeps its participants), through the same
 * release_apply() (enrolments ended, status, premi payout) and audited record
 * inserts as the pages; the oldest releases have contacts missing, so the overdue
 * list has something to show. Each release passes the page's checks (issue 20): the
 * inmate was detained by its date and its kind fits his sentence dates, or the notes
 * carry the confirmation's reason. */
#include "demo.h"
#include "../core/date.h"
#include "../core/release.h"
#include "../store/records.h"
#include "../store/release_store.h"
#include "../store/elig_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int demo_seed_releases(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    static const struct {
        int days_ago;
        const char *kind, *district;
        int contacts[3]; /* days after release; 0 ends */
        const char *status[3], *employer[3];
    } rel[] = {
        {400, "bebas_murni", "Kabupaten Ketapang", {95, 185, 0}, {"menganggur", "bekerja_sesuai_pelatihan"},
         {NULL, "Bengkel Las Sinar Jaya (contoh)"}},
        {220, "pembebasan_bersyarat", "Kabupaten Kayong Utara", {0}, {NULL}, {NULL}},
        {100, "cuti_bersyarat", "Kota Pontianak", {88, 0}, {"wirausaha"}, {"Usaha jahit rumahan (contoh)"}},
        {-1, "cuti_menjelang_bebas", "Kabupaten Ketapang", {0}, {NULL}, {NULL}}, /* the month before */
        {-2, "bebas_murni", "Kabupaten Sanggau", {0}, {NULL}, {NULL}},          /* this month */
    };
    date_t at;
    if (!date_parse(anchor, &at)) return err_set(e, 500, "demo", "bad anchor %s", anchor);
    /* the candidates: held inmates not in training, in id order */
    enum { MAXC = 400 };
    int64_t cand[MAXC];
    bool used[MAXC];
    int nc = 0;
    if ((nc = demo_release_candidates(db, e, site_id, cand, MAXC)) < 0) return -1;
    for (int i = 0; i < nc; i++) used[i] = false;
    for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
        char d[DATE_ISO_LEN], pay[24];
        int dom = atoi(anchor + 8); /* day of the month */
        int ago = rel[i].days_ago == -1 ? dom + 10 : rel[i].days_ago == -2 ? (dom - 1) / 2 : rel[i].days_ago;
        date_t rd = at - ago;
        date_format(rd, d);
        /* issue 20: the demo's releases pass the page's checks: an inmate detained by the
         * release date whose kind fits his dates (bebas murni from the expiry, parole and
         * conditional leave from 2/3); when none fits, the first detained one with the
         * confirmation's stated reason in the notes, as the page asks */
        int pick = -1, fallback = -1;
        for (int k = 0; k < nc && pick < 0; k++) {
            if (used[k]) continue;
            elig_result_t res;
            date_t detention;
            int found = elig_one(db, e, 0, cand[k], rd, &res, &detention);
            if (found < 0) return -1;
            if (!found || detention == DATE_NONE || detention > rd) continue;
            if (fallback < 0) fallback = k;
            date_t need = res.has_dates ? release_kind_due(rel[i].kind, &res.dates) : DATE_NONE;
            if (res.has_dates && (need == DATE_NONE || need <= rd)) pick = k;
        }
        const char *notes = NULL;
        if (pick < 0 && fallback >= 0) {
            pick = fallback;
            notes = "Jenis pembebasan dikonfirmasi walaupun tidak sesuai tanggal pidana: keputusan Kanwil (contoh)";
        }
        if (pick < 0) continue;
        used[pick] = true;
        int64_t wbp_id = cand[pick];
        int64_t paid;
        int closed;
        if (release_apply(db, e, who, site_id, wbp_id, d, &paid, &closed) < 0) return -1;
        char wid[24];
        snprintf(wid, sizeof wid, "%lld", (long long)wbp_id);
        snprintf(pay, sizeof pay, "%lld", (long long)paid);
        const char *v[RLF_COUNT] = {wid, rel[i].kind, d, rel[i].district, "0812-0000-000 (contoh)", pay, notes, "berlaku"};
        int64_t rid = rec_insert(db, e, &release_def, who, site_id, v);
        if (rid < 0) return -1;
        for (int k = 0; k < 3 && rel[i].contacts[k]; k++) {
            char cd[DATE_ISO_LEN];
            date_format(rd + rel[i].contacts[k], cd);
            const char *fv[FUF_COUNT] = {cd, k ? "bapas" : "staf", "telepon", rel[i].status[k], rel[i].employer[k],
                                         NULL};
            if (rec_insert_child(db, e, &followup_def, who, site_id, rid, fv) < 0) return -1;
        }
    }
    return 0;
}
