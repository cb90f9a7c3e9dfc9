/* enrol_store.c — enrolment status changes with their history and audit (see
 * enrol_store.h). */
#include "enrol_store.h"
#include "rowmap.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An unknown status reads as a candidate. */
static int status_or_kandidat(const char *s)
{
    int v = enrol_status_parse(s);
    return v < 0 ? ENROL_KANDIDAT : v;
}

#define C(f, t) RM_COL(enrol_row_t, t, f)
static const rm_col_t enrol_cols[] = {C(id, RM_INT),          C(site_id, RM_INT), C(wbp_id, RM_INT),
                                      C(agreement_id, RM_INT), C(phase, RM_I32),  C(program_id, RM_INT),
                                      RM_ENUM_COL(enrol_row_t, status, status_or_kandidat), C(status_at, RM_STR),
                                      C(reason, RM_STR)};
#undef C
static const rm_spec_t enrol_spec = RM_SPEC(enrol_row_t, enrol_cols);

int enrol_get(db_t *db, err_t *e, arena_t *a, int64_t id, enrol_row_t *out)
{
    return rm_one(db_query(db, e,
                           "SELECT id, site_id, wbp_id, agreement_id, phase, COALESCE(program_id, 0), status, "
                           "status_at, reason FROM enrolment WHERE id = ?",
                           "i", id),
                  e, a, &enrol_spec, out);
}

int enrol_set_status(db_t *db, err_t *e, const actor_t *who, int64_t id, enrol_status_t to, const char *reason,
                     const char *at, enrol_status_t *from)
{
    return enrol_set_status_coded(db, e, who, id, to, reason, NULL, at, from);
}

int enrol_set_status_coded(db_t *db, err_t *e, const actor_t *who, int64_t id, enrol_status_t to, const char *reason,
                           const char *code, const char *at, enrol_status_t *from)
{
    if (to != ENROL_MUNDUR) code = NULL; /* only a withdrawal has a coded reason */
    arena_t a;
    arena_init(&a);
    enrol_row_t en;
    int ret = -1;
    int rc = enrol_get(db, e, &a, id, &en);
    if (rc <= 0) {
        if (rc == 0) err_set(e, 404, "not_found", "pendaftaran dengan id %lld tidak ditemukan", (long long)id);
        goto out;
    }
    if (from) *from = en.status;
    if (enrol_transition(en.status, to, reason, e) < 0) goto out;
    char now[32];
    if (at) snprintf(now, sizeof now, "%s", at);
    else now_iso(now);
    /* compare and set: another writer that changed it first makes this one fail */
    int64_t n = db_run(db, e,
                       "UPDATE enrolment SET status = ?, reason = ?, withdraw_reason = ?, status_at = ?, updated_at = ?, "
                       "updated_by = NULLIF(CAST(? AS BIGINT), 0) WHERE id = ? AND status = ?",
                       "tttttiit", enrol_status_code(to), reason, code, now, now, who->user_id, id,
                       enrol_status_code(en.status));
    if (n < 0) goto out;
    if (n != 1) {
        err_set(e, 409, "illegal_transition", "status pendaftaran berubah oleh pengguna lain; muat ulang lalu coba lagi");
        goto out;
    }
    if (db_run(db, e,
               "INSERT INTO enrolment_event(site_id, enrolment_id, at, from_status, to_status, program_id, reason, "
               "withdraw_reason, overridden, user_id) VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, 0, "
               "NULLIF(CAST(? AS BIGINT), 0))",
               "iitttitti", en.site_id, id, now, enrol_status_code(en.status), enrol_status_code(to), en.program_id,
               reason, code, who->user_id) < 0)
        goto out;
    json_t *b = json_pack("{s:s,s:s}", "status", enrol_status_code(en.status), "reason", en.reason);
    /* the after-image names every column changed (bekal check compares rows with it) */
    json_t *af = json_pack("{s:s,s:s,s:s}", "status", enrol_status_code(to), "reason", reason, "status_at", now);
    if (code) json_object_set_new(af, "withdraw_reason", json_string(code));
    rc = audit_write(db, e, &(audit_write_t){who, en.site_id, "status", "enrolment", id, b, af, .sort_keys = true});
    if (rc < 0) goto out;
    ret = 0;
out:
    arena_release(&a);
    return ret;
}
