/* access_log_store.c — writes and prunes the access log (access_log_store.h). */
#include "access_log_store.h"
#include "settings.h"
#include "../core/accesslog.h"
#include <stdio.h>
#include <string.h>

static const char *const subjects[] = {"list", "wbp", "enrolment", "assessment", "usulan", "wbp_release",
                                       "premi_ledger", "certificate", "followup", "usulan_document", NULL};

bool access_log_subject_known(const char *subject)
{
    for (int i = 0; subjects[i]; i++)
        if (str_eq(subject, subjects[i])) return true;
    return false;
}

/* The query giving the site and the inmate (or NULL) of what x read; NULL with e set. */
static db_stmt_t *subject_query(db_t *db, err_t *e, const access_entry_t *x)
{
    const char *s = x->subject;
    int64_t id = x->subject_id;
    if (str_eq(s, "list"))
        return db_query(db, e,
                        "SELECT COALESCE((SELECT id FROM site WHERE code = ?), (SELECT min(site_id) FROM user_site "
                        "WHERE user_id = ?), (SELECT min(id) FROM site)), NULL",
                        "ti", x->site_code ? x->site_code : "", x->user_id);
    if (str_eq(s, "wbp")) return db_query(db, e, "SELECT site_id, id FROM wbp WHERE id = ?", "i", id);
    if (str_eq(s, "enrolment")) return db_query(db, e, "SELECT site_id, wbp_id FROM enrolment WHERE id = ?", "i", id);
    if (str_eq(s, "assessment")) return db_query(db, e, "SELECT site_id, wbp_id FROM assessment WHERE id = ?", "i", id);
    if (str_eq(s, "usulan")) return db_query(db, e, "SELECT site_id, wbp_id FROM usulan WHERE id = ?", "i", id);
    if (str_eq(s, "wbp_release"))
        return db_query(db, e, "SELECT site_id, wbp_id FROM wbp_release WHERE id = ?", "i", id);
    if (str_eq(s, "premi_ledger"))
        return db_query(db, e, "SELECT site_id, wbp_id FROM premi_ledger WHERE id = ?", "i", id);
    if (str_eq(s, "certificate"))
        return db_query(db, e,
                        "SELECT c.site_id, n.wbp_id FROM certificate c JOIN enrolment n ON n.id = c.enrolment_id "
                        "WHERE c.id = ?",
                        "i", id);
    if (str_eq(s, "followup"))
        return db_query(db, e,
                        "SELECT f.site_id, l.wbp_id FROM followup f JOIN wbp_release l ON l.id = f.release_id "
                        "WHERE f.id = ?",
                        "i", id);
    if (str_eq(s, "usulan_document"))
        return db_query(db, e,
                        "SELECT d.site_id, u.wbp_id FROM usulan_document d JOIN usulan u ON u.id = d.usulan_id "
                        "WHERE d.id = ?",
                        "i", id);
    err_set(e, 500, "access_log", "log akses: jenis data tidak dikenal: %s", s ? s : "-");
    return NULL;
}

/* The site of the list entry before it in the same batch, when it had the same user
 * and site filter (a list's site depends on nothing else): a batch is mostly one
 * user's pages, and the lookup was a sixth of the writer's time (issue 28). */
typedef struct {
    bool set;
    int64_t user_id, site;
    char site_code[64];
} list_site_t;

/* An entry to insert: its site and inmate, and the entry. */
typedef struct {
    int64_t site, wbp;
    const access_entry_t *x;
} row_t;

/* Inserts rows[0..n) in statements of up to ROWS_MAX rows each: a batch of
 * 1,000 entries had taken 1,000 INSERTs, each a round trip on PostgreSQL (a
 * quarter of the list page's cost there, issue 28). The sizes are powers of two,
 * so a few SQL texts serve every batch. 0 or -1. */
#define ROWS_MAX 64
static int insert_rows(db_t *db, err_t *e, const row_t *rows, int n)
{
    static const char one[] = "(?, NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?, "
                              "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?)";
    while (n > 0) {
        int k = ROWS_MAX;
        while (k > n) k >>= 1;
        buf_t sql;
        buf_init(&sql);
        buf_puts(&sql, "INSERT INTO access_log(site_id, wbp_id, at, user_id, user_name, role, action, route, path, "
                       "subject, subject_id, filter, format, status, client, created_at, updated_at) VALUES ");
        for (int i = 0; i < k; i++) {
            if (i) buf_puts(&sql, ", ");
            buf_puts(&sql, one);
        }
        db_stmt_t *st = db_prepare(db, sql.data, e);
        buf_release(&sql);
        if (!st) return -1;
        for (int i = 0, p = 1; i < k; i++) {
            const access_entry_t *x = rows[i].x;
            db_bind_int(st, p++, rows[i].site);
            db_bind_int(st, p++, rows[i].wbp);
            db_bind_text(st, p++, x->at);
            db_bind_int(st, p++, x->user_id);
            db_bind_text(st, p++, x->user_name);
            db_bind_text(st, p++, x->role);
            db_bind_text(st, p++, x->action);
            db_bind_text(st, p++, x->route);
            db_bind_text(st, p++, x->path);
            db_bind_text(st, p++, x->subject);
            db_bind_int(st, p++, x->subject_id);
            db_bind_text(st, p++, x->filter ? x->filter : "");
            db_bind_text(st, p++, x->format ? x->format : "");
            db_bind_int(st, p++, (int64_t)x->status);
            db_bind_text(st, p++, x->client ? x->client : "");
            db_bind_text(st, p++, x->at);
            db_bind_text(st, p++, x->at);
        }
        int rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0) return -1;
        rows += k, n -= k;
    }
    return 0;
}

/* One entry's site and inmate from subject_query into *r (r->site 0: a record that
 * does not exist (any more), nothing is written). 0 or -1. */
static int locate(db_t *db, err_t *e, const access_entry_t *x, list_site_t *last, row_t *r)
{
    bool list = str_eq(x->subject, "list");
    const char *code = x->site_code ? x->site_code : "";
    int64_t site = 0, wbp = 0;
    if (list && last->set && last->user_id == x->user_id && str_eq(last->site_code, code)) {
        site = last->site;
    } else {
        db_stmt_t *st = subject_query(db, e, x);
        if (!st) return -1;
        int rc = db_step(st, e);
        site = rc == 1 && !db_col_null(st, 0) ? db_col_int(st, 0) : 0;
        wbp = rc == 1 && !db_col_null(st, 1) ? db_col_int(st, 1) : 0;
        while (rc == 1) rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0) return -1;
        if (list && strlen(code) < sizeof last->site_code) {
            *last = (list_site_t){.set = true, .user_id = x->user_id, .site = site};
            strcpy(last->site_code, code);
        }
    }
    *r = (row_t){site, wbp, x};
    return 0;
}

struct many {
    const access_entry_t *xs;
    int n;
};

static int add_tx(db_t *db, void *ctx, err_t *e)
{
    struct many *m = ctx;
    if (db_kind(db) == DB_POSTGRES && db_exec(db, "SET LOCAL synchronous_commit TO OFF", e) < 0) return -1;
    list_site_t last = {0}; /* within this transaction only: sites do not change under it */
    row_t rows[ROWS_MAX];
    int n = 0;
    for (int i = 0; i < m->n; i++) {
        if (locate(db, e, &m->xs[i], &last, &rows[n]) < 0) return -1;
        if (rows[n].site) n++;
        if (n == ROWS_MAX) {
            if (insert_rows(db, e, rows, n) < 0) return -1;
            n = 0;
        }
    }
    return insert_rows(db, e, rows, n);
}

int access_log_add_many(db_t *db, err_t *e, const access_entry_t *xs, int n)
{
    struct many m = {xs, n};
    return n ? db_tx(db, add_tx, &m, e) : 0;
}

struct prune {
    const actor_t *who;
    const char *today;
    int64_t *deleted;
    char *keep_from;
};
static int prune_tx(db_t *db, void *vc, err_t *e)
{
    const struct prune *p = vc;
    const char *today = p->today;
    char *keep_from = p->keep_from;
    int64_t days;
    if (setting_int(db, e, "access_log.retention_days", 0, today, &days) < 0) return -1;
    if (!accesslog_keep_from(today, days, keep_from))
        return err_set(e, 500, "setting_invalid", "pengaturan access_log.retention_days harus 1 hari atau lebih");
    int64_t n = db_run(db, e, "DELETE FROM access_log WHERE at < ?", "t", keep_from);
    if (n < 0) return -1;
    *p->deleted = n;
    if (!n) return 0;
    char after[96];
    snprintf(after, sizeof after, "{\"deleted\":%lld,\"before\":\"%s\",\"retention_days\":%lld}", (long long)n,
             keep_from, (long long)days);
    return audit_append(db, e, p->who, 0, "prune", "access_log", 0, NULL, after);
}
int access_log_prune(db_t *db, err_t *e, const actor_t *who, const char *today, int64_t *deleted, char keep_from[11])
{
    *deleted = 0;
    keep_from[0] = 0;
    struct prune p = {who, today, deleted, keep_from};
    return db_tx(db, prune_tx, &p, e);
}

const char *access_log_search_sql(void)
{
    return "(lower(r.user_name) LIKE lower(?) ESCAPE '\\' OR "
           "lower(r.filter) LIKE lower(?) ESCAPE '\\' OR r.wbp_id IN (SELECT id FROM wbp WHERE lower(name) LIKE "
           "lower(?) ESCAPE '\\' OR lower(regno) LIKE lower(?) ESCAPE '\\'))";
}
