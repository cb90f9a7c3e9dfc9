/* access_log_store.c — writes and prunes the access log (access_log_store.h). */
#include "access_log_store.h"
#include "settings.h"
#include "../core/accesslog.h"
#include <stdio.h>
#include <string.h>

/* Every entry is one INSERT ... SELECT: the subquery x gives the site s and the
 * inmate w of what was read (no row: nothing is written). The parameters of the
 * select list are cast, as PostgreSQL would otherwise take them for text. */
#define AL_INSERT                                                                                                      \
    "INSERT INTO access_log(site_id, wbp_id, at, user_id, user_name, role, action, route, path, subject, "           \
    "subject_id, filter, format, status, client, created_at, updated_at) SELECT x.s, x.w, ?, CAST(? AS BIGINT), ?, "   \
    "?, ?, ?, ?, ?, CAST(? AS BIGINT), ?, ?, CAST(? AS INTEGER), ?, ?, ? FROM ("
#define AL_TYPES "tittttttittittt" /* at, user_id, user_name ... subject, subject_id, filter, format, status, client, created_at, updated_at */
#define AL_ARGS(x)                                                                                                     \
    (x)->at, (x)->user_id, (x)->user_name, (x)->role, (x)->action, (x)->route, (x)->path, (x)->subject,               \
        (x)->subject_id, (x)->filter ? (x)->filter : "", (x)->format ? (x)->format : "", (int64_t)(x)->status,        \
        (x)->client ? (x)->client : "", (x)->at, (x)->at

static const char *const subjects[] = {"list", "wbp", "enrolment", "assessment", "usulan", "wbp_release",
                                       "premi_ledger", "certificate", "followup", "usulan_document", NULL};

bool access_log_subject_known(const char *subject)
{
    for (int i = 0; subjects[i]; i++)
        if (str_eq(subject, subjects[i])) return true;
    return false;
}

static int64_t add(db_t *db, err_t *e, const access_entry_t *x)
{
    const char *s = x->subject;
    int64_t id = x->subject_id;
    if (str_eq(s, "list"))
        return db_run(db, e,
                      AL_INSERT "SELECT COALESCE((SELECT id FROM site WHERE code = ?), (SELECT min(site_id) FROM "
                                "user_site WHERE user_id = ?), (SELECT min(id) FROM site)) AS s, CAST(NULL AS BIGINT) "
                                "AS w) x",
                      AL_TYPES "ti", AL_ARGS(x), x->site_code ? x->site_code : "", x->user_id);
    if (str_eq(s, "wbp"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, id AS w FROM wbp WHERE id = ?) x", AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "enrolment"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, wbp_id AS w FROM enrolment WHERE id = ?) x", AL_TYPES "i",
                      AL_ARGS(x), id);
    if (str_eq(s, "assessment"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, wbp_id AS w FROM assessment WHERE id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "usulan"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, wbp_id AS w FROM usulan WHERE id = ?) x", AL_TYPES "i",
                      AL_ARGS(x), id);
    if (str_eq(s, "wbp_release"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, wbp_id AS w FROM wbp_release WHERE id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "premi_ledger"))
        return db_run(db, e, AL_INSERT "SELECT site_id AS s, wbp_id AS w FROM premi_ledger WHERE id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "certificate"))
        return db_run(db, e,
                      AL_INSERT "SELECT c.site_id AS s, n.wbp_id AS w FROM certificate c JOIN enrolment n ON n.id = "
                                "c.enrolment_id WHERE c.id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "followup"))
        return db_run(db, e,
                      AL_INSERT "SELECT f.site_id AS s, l.wbp_id AS w FROM followup f JOIN wbp_release l ON l.id = "
                                "f.release_id WHERE f.id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    if (str_eq(s, "usulan_document"))
        return db_run(db, e,
                      AL_INSERT "SELECT d.site_id AS s, u.wbp_id AS w FROM usulan_document d JOIN usulan u ON u.id = "
                                "d.usulan_id WHERE d.id = ?) x",
                      AL_TYPES "i", AL_ARGS(x), id);
    return err_set(e, 500, "access_log", "log akses: jenis data tidak dikenal: %s", s ? s : "-");
}

struct many {
    const access_entry_t *xs;
    int n;
};

static int add_tx(db_t *db, void *ctx, err_t *e)
{
    struct many *m = ctx;
    if (db_kind(db) == DB_POSTGRES && db_exec(db, "SET LOCAL synchronous_commit TO OFF", e) < 0) return -1;
    for (int i = 0; i < m->n; i++)
        if (add(db, e, &m->xs[i]) < 0) return -1;
    return 0;
}

int access_log_add_many(db_t *db, err_t *e, const access_entry_t *xs, int n)
{
    struct many m = {xs, n};
    return n ? db_tx(db, add_tx, &m, e) : 0;
}

int access_log_prune(db_t *db, err_t *e, const actor_t *who, const char *today, int64_t *deleted, char keep_from[11])
{
    *deleted = 0;
    keep_from[0] = 0;
    int64_t days;
    if (setting_int(db, e, "access_log.retention_days", 0, today, &days) < 0) return -1;
    if (!accesslog_keep_from(today, days, keep_from))
        return err_set(e, 500, "setting_invalid", "pengaturan access_log.retention_days harus 1 hari atau lebih");
    int64_t n = db_run(db, e, "DELETE FROM access_log WHERE at < ?", "t", keep_from);
    if (n < 0) return -1;
    *deleted = n;
    if (!n) return 0;
    char after[96];
    snprintf(after, sizeof after, "{\"deleted\":%lld,\"before\":\"%s\",\"retention_days\":%lld}", (long long)n,
             keep_from, (long long)days);
    return audit_append(db, e, who, 0, "prune", "access_log", 0, NULL, after);
}

const char *access_log_search_sql(void)
{
    return "(lower(r.user_name) LIKE lower(?) ESCAPE '\\' OR "
           "lower(r.filter) LIKE lower(?) ESCAPE '\\' OR r.wbp_id IN (SELECT id FROM wbp WHERE lower(name) LIKE "
           "lower(?) ESCAPE '\\' OR lower(regno) LIKE lower(?) ESCAPE '\\'))";
}
