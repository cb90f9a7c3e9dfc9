/* movement_demo.c — the demo data of training outside the walls (issue 26), for
 * `bekal init --demo` (cli/demo_outside.c), inside the caller's transaction:
 *  - the site's programmes given by a BLK are held outside (at the BLK), and so is the
 *    made-up sewing programme (at the LPK's workshop);
 *  - the sewing programme's second-to-last session: every participant left at 07:15
 *    with two escort officers and came back before the end, except the first, who came
 *    back 35 minutes late (flagged on the list);
 *  - the BLK-only certificate (skills passport) is the setting of the made-up sewing
 *    agreement;
 *  - the release readiness checklist of the first inmate in custody: e-KTP done, the
 *    bank account under way (movement_demo_readiness). Every change is audited. */
#include "movement_store.h"
#include "rowmap.h"
#include "audit.h"
#include "readiness_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mark_outside(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t id, const char *venue)
{
    char now[32];
    now_iso(now);
    if (db_run(db, e, "UPDATE program SET outside = 1, venue = ?, updated_at = ? WHERE id = ?", "tti", venue, now, id) < 0)
        return -1;
    json_t *j = json_pack("{s:i,s:s}", "outside", 1, "venue", venue);
    return audit_write(db, e,
                       &(audit_write_t){who, site_id, "update", "program", id, .after = j, .after_text = "{}",
                                        .sort_keys = true});
}

int movement_demo_seed(db_t *db, err_t *e, const actor_t *who, int64_t site_id)
{
    int64_t ids[32];
    int n = rm_ids(db_query(db, e,
                            "SELECT p.id FROM program p JOIN partner pr ON pr.id = p.provider_id WHERE p.site_id = ? AND "
                            "pr.kind = 'blk' ORDER BY p.id",
                            "i", site_id),
                   e, ids, 32);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++)
        if (mark_outside(db, e, who, site_id, ids[i], "BLK Ketapang, Jl. Gatot Subroto, Ketapang (contoh)") < 0) return -1;
    int64_t sew = db_one_int(db, e,
                             "SELECT COALESCE(min(id), 0) FROM program WHERE site_id = ? AND name LIKE 'Menjahit lanjutan%'",
                             "i", site_id);
    if (sew < 0) return -1;
    if (!sew) return 0;
    if (mark_outside(db, e, who, site_id, sew, "Bengkel LPK Tata Busana, Jl. Merdeka, Ketapang (contoh)") < 0) return -1;
    int64_t ag = db_one_int(db, e, "SELECT agreement_id FROM program WHERE id = ?", "i", sew);
    if (ag < 0) return -1;
    char now[32];
    now_iso(now);
    if (db_run(db, e, "UPDATE agreement SET certificate_variant = 'blk', updated_at = ? WHERE id = ?", "ti", now, ag) < 0 ||
        audit_append(db, e, who, site_id, "update", "agreement", ag, NULL, "{\"certificate_variant\":\"blk\"}") < 0)
        return -1;
    /* the second-to-last session */
    int rc;
    db_stmt_t *st = db_query(db, e,
                             "SELECT id, session_date, end_time FROM training_session WHERE program_id = ? AND "
                             "cancelled = 0 ORDER BY session_date DESC, start_time DESC",
                             "i", sew);
    if (!st) return -1;
    int64_t sid = 0;
    char date[11] = "", end[6] = "";
    for (int k = 0; k < 2 && (rc = db_step(st, e)) == 1; k++) {
        sid = db_col_int(st, 0);
        snprintf(date, sizeof date, "%s", db_col_text(st, 1));
        snprintf(end, sizeof end, "%s", db_col_text(st, 2));
    }
    while (rc == 1) rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0) return -1;
    if (!sid) return 0;
    int hh = 0, mm = 0;
    if (sscanf(end, "%d:%d", &hh, &mm) != 2) hh = 14, mm = 0;
    int64_t people[64];
    int np = 0;
    st = db_query(db, e, "SELECT wbp_id FROM enrolment WHERE program_id = ? AND status = 'terdaftar' ORDER BY wbp_id", "i",
                  sew);
    if (!st) return -1;
    while ((rc = db_step(st, e)) == 1)
        if (np < 64) people[np++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0) return -1;
    const char *escort = "Rudi Hartono, Yohanes Ake (petugas pengawal, contoh)";
    for (int i = 0; i < np; i++) {
        char dep[32], ret[32], after[400];
        snprintf(dep, sizeof dep, "%s 07:15", date);
        int m = hh * 60 + mm + (i == 0 ? 35 : -10);
        snprintf(ret, sizeof ret, "%s %02d:%02d", date, (m / 60) % 24 & 31, (m % 60) & 63);
        int64_t mid = db_one_int(db, e,
                                 "INSERT INTO movement(site_id, session_id, wbp_id, escort, departed_at, returned_at, "
                                 "created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                 "NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                                 "iiittttiti", site_id, sid, people[i], escort, dep, ret, now, who->user_id, now,
                                 who->user_id);
        if (mid < 0) return -1;
        snprintf(after, sizeof after, "{\"departed_at\":\"%s\",\"returned_at\":\"%s\",\"wbp_id\":%lld}", dep, ret,
                 (long long)people[i]);
        if (audit_append(db, e, who, site_id, "depart", "movement", mid, NULL, after) < 0) return -1;
    }
    return 0;
}

int movement_demo_readiness(db_t *db, err_t *e, const actor_t *who, int64_t site_id)
{
    int64_t wbp = db_one_int(db, e, "SELECT COALESCE(min(id), 0) FROM wbp WHERE site_id = ? AND status = 'ditahan'", "i",
                             site_id);
    if (wbp <= 0) return wbp < 0 ? -1 : 0;
    char today[11];
    today_iso(today);
    if (readiness_set(db, e, who, site_id, wbp, "ektp", "selesai", today, "") < 0) return -1;
    return readiness_set(db, e, who, site_id, wbp, "rekening", "proses", today, "BRI, rekening tabungan");
}
