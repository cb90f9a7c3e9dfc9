/* demo_store.c — the demo seeder's own writes and look-ups (see demo_store.h). */
#include "demo_store.h"
#include "rowmap.h"
#include <stdio.h>
#include <string.h>

int64_t demo_site_add(db_t *db, err_t *e, const actor_t *who, const char *code, const char *name, const char *region,
                      const char *address)
{
    int64_t id = db_one_int(db, e, "INSERT INTO site(code, name, region, address) VALUES (?, ?, ?, ?) RETURNING id",
                            "tttt", code, name, region, address);
    if (id <= 0) return id < 0 ? -1 : err_set(e, 500, "demo", "lokasi %s gagal dibuat", code);
    char after[300];
    snprintf(after, sizeof after, "{\"code\":\"%s\",\"name\":\"%s\",\"region\":\"%s\"}", code, name, region);
    return audit_append(db, e, who, id, "create", "site", id, NULL, after) < 0 ? -1 : id;
}

int demo_site_letterhead(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *city, const char *phone,
                         const char *head, const char *nip)
{
    if (db_run(db, e, "UPDATE site SET city = ?, phone = ?, head_name = ?, head_nip = ? WHERE id = ?", "tttti", city,
               phone, head, nip, site_id) < 0)
        return -1;
    char after[400];
    snprintf(after, sizeof after, "{\"city\":\"%s\",\"phone\":\"%s\",\"head_name\":\"%s\",\"head_nip\":\"%s\"}", city,
             phone, head, nip);
    return audit_append(db, e, who, site_id, "update", "site", site_id, NULL, after);
}

int64_t demo_user_id(db_t *db, err_t *e, const char *name)
{
    return db_one_int(db, e, "SELECT id FROM app_user WHERE name = ?", "t", name);
}

int64_t demo_agreement_signed_on(db_t *db, err_t *e, int64_t site_id, const char *date)
{
    return db_one_int(db, e, "SELECT id FROM agreement WHERE site_id = ? AND signed_date = ?", "it", site_id, date);
}

int64_t demo_agreement_by_number(db_t *db, err_t *e, int64_t site_id, const char *number)
{
    return db_one_int(db, e, "SELECT id FROM agreement WHERE site_id = ? AND number_site = ?", "it", site_id, number);
}

int64_t demo_agreement_partner(db_t *db, err_t *e, int64_t agreement_id)
{
    return db_one_int(db, e, "SELECT partner_id FROM agreement WHERE id = ?", "i", agreement_id);
}

int64_t demo_trade_id(db_t *db, err_t *e, int64_t site_id, const char *code)
{
    return db_one_int(db, e, "SELECT id FROM kejuruan WHERE site_id = ? AND code = ?", "it", site_id, code);
}

int64_t demo_program_id(db_t *db, err_t *e, int64_t site_id, int64_t phase, const char *name)
{
    return db_one_int(db, e, "SELECT id FROM program WHERE site_id = ? AND phase = ? AND name = ?", "iit", site_id,
                      phase, name);
}

int demo_workers(db_t *db, err_t *e, int64_t site_id, const char *since, int64_t *ids, int max)
{
    return rm_ids(db_query(db, e,
                           "SELECT id FROM wbp WHERE site_id = ? AND status = 'ditahan' AND legal_class = 'narapidana'"
                           " AND detention_start <= ? ORDER BY id LIMIT ?",
                           "iti", site_id, since, (int64_t)max),
                  e, ids, max);
}

int demo_release_candidates(db_t *db, err_t *e, int64_t site_id, int64_t *ids, int max)
{
    return rm_ids(db_query(db, e,
                           "SELECT id FROM wbp w WHERE site_id = ? AND status = 'ditahan' AND NOT EXISTS "
                           "(SELECT 1 FROM enrolment en WHERE en.wbp_id = w.id AND en.status IN "
                           "('ditempatkan', 'terdaftar')) ORDER BY id LIMIT ?",
                           "ii", site_id, (int64_t)max),
                  e, ids, max);
}

int64_t demo_program_participants(db_t *db, err_t *e, int64_t program_id)
{
    return db_one_int(db, e,
                      "SELECT count(*) FROM enrolment WHERE program_id = ? AND status IN ('ditempatkan', 'terdaftar')",
                      "i", program_id);
}

int64_t demo_phase_enrolments(db_t *db, err_t *e, int64_t wbp_id, int64_t agreement_id, int64_t phase)
{
    return db_one_int(db, e, "SELECT count(*) FROM enrolment WHERE wbp_id = ? AND agreement_id = ? AND phase = ?",
                      "iii", wbp_id, agreement_id, phase);
}

int64_t demo_enrolment_place(db_t *db, err_t *e, const actor_t *who, int64_t site_id, int64_t wbp_id,
                             int64_t agreement_id, int64_t phase, int64_t program_id, const char *reason,
                             const char *at)
{
    int64_t eid = db_one_int(db, e,
                             "INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, "
                             "reason, status_at, created_at, created_by, updated_at, updated_by) VALUES "
                             "(?, ?, ?, ?, ?, 'ditempatkan', ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, "
                             "NULLIF(CAST(? AS BIGINT), 0)) RETURNING id",
                             "iiiiitttiti", site_id, wbp_id, agreement_id, phase, program_id, reason, at, at,
                             who->user_id, at, who->user_id);
    if (eid <= 0) return eid < 0 ? -1 : err_set(e, 500, "demo", "pendaftaran contoh tidak tersimpan");
    if (db_run(db, e,
               "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, "
               "reason, overridden, user_id) VALUES (?, ?, ?, NULL, 'ditempatkan', ?, ?, 0, ?)",
               "iititi", site_id, eid, at, program_id, reason, who->user_id) < 0)
        return -1;
    char after[200];
    snprintf(after, sizeof after, "{\"wbp_id\":%lld,\"program_id\":%lld,\"status\":\"ditempatkan\"}",
             (long long)wbp_id, (long long)program_id);
    if (audit_append(db, e, who, site_id, "create", "enrolment", eid, NULL, after) < 0) return -1;
    return eid;
}
