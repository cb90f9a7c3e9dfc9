/* demo_release.c — demo releases with follow-up contacts (issue 8): five inmates of
 * a site released at different times up to the anchor (one in the month before the
 * anchor's, one in the anchor's month, so the dashboard's last two months have one),
 * none of them in training (the open sewing programme keeps its participants), through the same
 * release_apply() (enrolments ended, status, premi payout) and audited record
 * inserts as the pages; the oldest releases have contacts missing, so the overdue
 * list has something to show. */
#include "demo.h"
#include "../core/date.h"
#include "../core/release.h"
#include "../store/records.h"
#include "../store/release_store.h"
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
    int64_t ids[ARRAY_LEN(rel)];
    int n = 0;
    db_stmt_t *st = db_query(db, e, "SELECT id FROM wbp w WHERE site_id = ? AND status = 'ditahan' AND NOT EXISTS "
                             "(SELECT 1 FROM enrolment en WHERE en.wbp_id = w.id AND en.status IN "
                             "('ditempatkan', 'terdaftar')) ORDER BY id LIMIT ?",
                             "ii", site_id, (int64_t)ARRAY_LEN(rel));
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) ids[n++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        char d[DATE_ISO_LEN], pay[24];
        int dom = atoi(anchor + 8); /* day of the month */
        int ago = rel[i].days_ago == -1 ? dom + 10 : rel[i].days_ago == -2 ? (dom - 1) / 2 : rel[i].days_ago;
        date_t rd = at - ago;
        date_format(rd, d);
        int64_t paid;
        int closed;
        if (release_apply(db, e, who, site_id, ids[i], d, &paid, &closed) < 0) return -1;
        char wid[24];
        snprintf(wid, sizeof wid, "%lld", (long long)ids[i]);
        snprintf(pay, sizeof pay, "%lld", (long long)paid);
        const char *v[RLF_COUNT] = {wid, rel[i].kind, d, rel[i].district, "0812-0000-000 (contoh)", pay, NULL};
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
