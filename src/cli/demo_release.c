/* demo_release.c — demo releases with follow-up contacts (issue 8): four inmates of
 * a site released at different times before the anchor, through the same
 * release_apply() (enrolments ended, status, premi payout) and audited record
 * inserts as the pages; the oldest releases have contacts missing, so the overdue
 * list has something to show. */
#include "demo.h"
#include "../core/date.h"
#include "../core/release.h"
#include "../store/records.h"
#include "../store/release_store.h"
#include <stdio.h>
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
        {20, "cuti_menjelang_bebas", "Kabupaten Ketapang", {0}, {NULL}, {NULL}},
    };
    date_t at;
    if (!date_parse(anchor, &at)) return err_set(e, 500, "demo", "bad anchor %s", anchor);
    int64_t ids[4];
    int n = 0;
    db_stmt_t *st = db_query(db, e, "SELECT id FROM wbp WHERE site_id = ? AND status = 'ditahan' ORDER BY id LIMIT 4",
                             "i", site_id);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) ids[n++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        char d[DATE_ISO_LEN], pay[24];
        date_t rd = at - rel[i].days_ago;
        date_format(rd, d);
        int64_t paid;
        int closed;
        if (release_apply(db, e, who, site_id, ids[i], d, &paid, &closed) < 0) return -1;
        char wid[24];
        snprintf(wid, sizeof wid, "%lld", (long long)ids[i]);
        snprintf(pay, sizeof pay, "%lld", (long long)paid);
        const char *v[RLF_COUNT] = {wid, rel[i].kind, d, rel[i].district, "0812-0000-000 (contoh)", pay, NULL, "berlaku"};
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
