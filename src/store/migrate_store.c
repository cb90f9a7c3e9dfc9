/* migrate_store.c — the engine of `bekal migrate` (cli/migrate.c): moves a
 * prison's data from one database into the regional one.
 *
 * One table list (mig_tables[], in dependency order) drives the copy: per site,
 * in one target transaction, the site (by code), its users (by name, with their
 * password hashes) and site grants, then every table of the list. A row's
 * columns are read from the source as they are (SELECT *), its references to
 * other copied rows (the list's refs, the site, users in created_by and the
 * like) are translated to the target's ids, and the row is inserted; an existing
 * target row with the same natural key (a WBP's registration number, a
 * certificate's number, ...) is mapped instead of duplicated. migration_map
 * remembers every source row copied, so a second run copies nothing. Documents
 * (scans) are base64 text columns and are copied unchanged, byte for byte.
 *
 * The site's audit log is copied last: each entry keeps its time, author,
 * action, entity and before/after texts (its entity id translated) and is
 * appended to the target's own hash chain, so `bekal check` verifies the target.
 * At the end, per table, row counts and a SHA-256 over every copied row (values
 * as text, references by their source id) are compared between source and
 * target. `bekal migrate --tables` prints the list (tests/http/test_migrate.py
 * compares it with the schema: a new table must be added to it or excluded). */
#include "migrate_store.h"
#include "audit.h"
#include "records.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const actor_t migrate_actor = {0, "migrate", "admin"};

/* How a table is copied. */
typedef enum {
    MT_ROWS,    /* generic: rows of the site, references mapped, migration_map */
    MT_META,    /* site, app_user, user_site: by code / by name (copy_site_meta) */
    MT_COUNTER, /* certificate_counter: raised to the source's value */
    MT_AUDIT,   /* audit_log: appended to the target's chain */
    MT_SKIP,    /* not copied (reason in `scope`) */
} mig_how_t;

typedef struct {
    const char *table; /* also its entity name in migration_map */
    mig_how_t how;
    /* The SQL condition selecting the site's rows (one ? = the source site id);
     * NULL: "site_id = ?". For MT_SKIP: why it is not copied. */
    const char *scope;
    /* "col=table ...": columns holding ids of rows of other tables in this list
     * (app_user: users, mapped by name). site_id, created_by and updated_by are
     * references to the site and users wherever they appear. */
    const char *refs;
    /* "col col": a target row with these values (after mapping) is the same row. */
    const char *natural;
    /* The row's key when it is not an "id" the database assigns: a referencing
     * column whose mapped value is the target row's key. */
    const char *idcol;
    const char *audit_entity; /* the entity name audit entries use, when not the table's */
} mig_table_t;

/* Every table of the schema, in an order where a row's references are copied
 * before it. */
static const mig_table_t mig_tables[] = {
    {"site", MT_META, NULL, NULL, NULL, NULL, NULL},
    {"app_user", MT_META, NULL, NULL, NULL, NULL, "user"},
    {"user_site", MT_META, NULL, NULL, NULL, NULL, NULL},
    {"session", MT_SKIP, "sesi login: pengguna masuk lagi di server tujuan", NULL, NULL, NULL, NULL},
    {"login_failure", MT_SKIP, "pembatas percobaan login, sementara", NULL, NULL, NULL, NULL},
    {"access_log", MT_SKIP, "log akses data pribadi: tetap di basis data asal sampai masa simpannya habis", NULL, NULL,
     NULL, NULL},
    {"login_throttle", MT_SKIP, "jeda percobaan login per alamat dan nama, sementara", NULL, NULL, NULL, NULL},
    {"schema_migrations", MT_SKIP, "milik tiap basis data", NULL, NULL, NULL, NULL},
    {"migration_map", MT_SKIP, "catatan migrasi di basis data tujuan", NULL, NULL, NULL, NULL},
    {"wbp_search_site", MT_SKIP, "ringkasan pencarian WBP, dibangun ulang dari tabel wbp", NULL, NULL,
     NULL, NULL},
    {"sync_state", MT_SKIP, "keadaan sinkronisasi lokasi ini dengan hub", NULL, NULL, NULL, NULL},
    {"sync_change", MT_SKIP, "antrean baris berubah yang belum diterima hub", NULL, NULL, NULL, NULL},
    {"sync_link", MT_SKIP, "baris hub yang dibawa turun, sampai hub mencatatnya", NULL, NULL, NULL, NULL},
    {"sync_site", MT_SKIP, "di hub: lokasi yang bersinkronisasi dan saksi rantainya", NULL, NULL, NULL, NULL},
    {"sync_witness", MT_SKIP, "di hub: rantai audit lokasi seperti diterima", NULL, NULL, NULL, NULL},
    {"audit_head", MT_SKIP, "kepala rantai audit tujuan, diperbarui saat log audit disalin", NULL, NULL, NULL, NULL},
    {"api_token", MT_ROWS, "user_id IN (SELECT user_id FROM user_site WHERE site_id = ?)", "user_id=app_user",
     "token_hash", NULL, NULL},
    {"setting", MT_ROWS, NULL, NULL, NULL, NULL, NULL},
    {"wbp", MT_ROWS, NULL, NULL, "site_id regno", NULL, NULL},
    {"remisi", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, NULL},
    {"discipline", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, NULL},
    {"sppn", MT_ROWS, NULL, "wbp_id=wbp", "wbp_id month", NULL, NULL},
    {"partner", MT_ROWS, NULL, NULL, "site_id name", NULL, NULL},
    {"agreement", MT_ROWS, NULL, "partner_id=partner provider_id=partner", "site_id number_site", NULL, NULL},
    {"agreement_party", MT_ROWS, NULL, "agreement_id=agreement", NULL, NULL, NULL},
    {"agreement_quota", MT_ROWS, NULL, "agreement_id=agreement reopened_by=app_user", "agreement_id phase", NULL, NULL},
    {"kejuruan", MT_ROWS, NULL, NULL, "site_id code", NULL, NULL},
    {"competency_unit", MT_ROWS, NULL, "kejuruan_id=kejuruan", "kejuruan_id seq", NULL, NULL},
    {"agreement_kejuruan", MT_ROWS, NULL, "agreement_id=agreement kejuruan_id=kejuruan", "agreement_id kejuruan_id",
     NULL, NULL},
    {"program", MT_ROWS, NULL, "agreement_id=agreement kejuruan_id=kejuruan provider_id=partner", NULL, NULL, NULL},
    {"program_instructor", MT_ROWS, NULL, "program_id=program user_id=app_user", "program_id user_id", NULL, NULL},
    {"agreement_document", MT_ROWS, NULL, "agreement_id=agreement", NULL, NULL, NULL},
    {"production_unit", MT_ROWS, NULL, NULL, "site_id code", NULL, NULL},
    {"revenue_split", MT_ROWS, NULL, "unit_id=production_unit", "unit_id effective_from", NULL, NULL},
    {"production", MT_ROWS, NULL, "unit_id=production_unit", NULL, NULL, NULL},
    {"production_worker", MT_ROWS, NULL, "production_id=production wbp_id=wbp", "production_id wbp_id", NULL, NULL},
    {"sale", MT_ROWS, NULL, "unit_id=production_unit production_id=production split_id=revenue_split",
     "site_id receipt_no", NULL, NULL},
    {"sale_item", MT_ROWS, NULL, "sale_id=sale", NULL, NULL, NULL},
    {"pnbp_deposit", MT_ROWS, NULL, NULL, "ntpn", NULL, NULL},
    {"pnbp_deposit_sale", MT_ROWS, "deposit_id IN (SELECT id FROM pnbp_deposit WHERE site_id = ?)",
     "deposit_id=pnbp_deposit sale_id=sale", "sale_id", "sale_id", NULL},
    {"premi_policy", MT_ROWS, NULL, NULL, NULL, NULL, NULL},
    {"premi_balance", MT_ROWS, NULL, "wbp_id=wbp", "wbp_id", "wbp_id", NULL},
    {"premi_ledger", MT_ROWS, NULL, "wbp_id=wbp sale_id=sale reverses_id=premi_ledger", NULL, NULL, NULL},
    {"sale_reversal", MT_ROWS, NULL, "sale_id=sale split_id=revenue_split", NULL, NULL, NULL},
    {"assessment", MT_ROWS, NULL, "wbp_id=wbp agreement_id=agreement", "wbp_id agreement_id phase", NULL, NULL},
    {"assessment_trade", MT_ROWS, NULL, "assessment_id=assessment kejuruan_id=kejuruan", "assessment_id kejuruan_id",
     NULL, NULL},
    {"enrolment", MT_ROWS, NULL, "wbp_id=wbp agreement_id=agreement program_id=program", "wbp_id agreement_id phase",
     NULL, NULL},
    {"enrolment_event", MT_ROWS, NULL, "enrolment_id=enrolment program_id=program user_id=app_user", NULL, NULL, NULL},
    {"holiday", MT_ROWS, NULL, NULL, "site_id holiday_date", NULL, NULL},
    {"training_session", MT_ROWS, NULL, "program_id=program unit_id=competency_unit instructor_id=app_user", NULL,
     NULL, NULL},
    {"attendance", MT_ROWS, NULL, "session_id=training_session enrolment_id=enrolment entered_by=app_user",
     "session_id enrolment_id", NULL, NULL},
    {"attendance_change", MT_ROWS, NULL, "attendance_id=attendance user_id=app_user", NULL, NULL, NULL},
    {"movement", MT_ROWS, NULL, "session_id=training_session wbp_id=wbp", "session_id wbp_id", NULL, NULL},
    {"competency_result", MT_ROWS, NULL, "enrolment_id=enrolment unit_id=competency_unit", NULL, NULL, NULL},
    {"uji_kompetensi", MT_ROWS, NULL, "enrolment_id=enrolment", NULL, NULL, NULL},
    {"certificate", MT_ROWS, NULL, "enrolment_id=enrolment program_id=program revoked_by=app_user", "number", NULL,
     NULL},
    {"certificate_counter", MT_COUNTER, "seq_key IN (SELECT seq_key FROM certificate WHERE site_id = ?)", NULL,
     "seq_key", "seq_key", NULL},
    {"tpp_session", MT_ROWS, NULL, NULL, "site_id session_date", NULL, NULL},
    {"usulan", MT_ROWS, NULL, "wbp_id=wbp enrolment_id=enrolment tpp_session_id=tpp_session", NULL, NULL, NULL},
    {"usulan_event", MT_ROWS, NULL, "usulan_id=usulan user_id=app_user", NULL, NULL, NULL},
    {"usulan_document", MT_ROWS, NULL, "usulan_id=usulan", "usulan_id doc_code", NULL, NULL},
    {"wbp_release", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, "release"},
    {"release_reversal", MT_ROWS, NULL, "release_id=wbp_release", "release_id", NULL, NULL},
    {"followup", MT_ROWS, NULL, "release_id=wbp_release", NULL, NULL, NULL},
    {"release_readiness", MT_ROWS, NULL, "wbp_id=wbp", "wbp_id item", NULL, NULL},
    {"wbp_exclusion", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, NULL},
    {"wbp_not_proposed", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, NULL},
    {"wbp_transfer", MT_SKIP,
     "pemindahan antarlokasi merujuk dua lokasi: catatannya tetap di basis data asal (tanggal pindah WBP dan "
     "riwayat premi ikut tersalin)", NULL, NULL, NULL, NULL},
    {"wbp_date_correction", MT_ROWS, NULL, "wbp_id=wbp", NULL, NULL, NULL},
    {"caseload", MT_ROWS, NULL, "wbp_id=wbp user_id=app_user", NULL, NULL, NULL},
    {"audit_log", MT_AUDIT, NULL, "user_id=app_user", NULL, NULL, NULL},
};
#define NTABLES ((int)ARRAY_LEN(mig_tables))
#define T_SITE 0
#define T_USER 1

/* id -> id hash (open addressing), keyed by (table index, id). */
typedef struct {
    uint64_t *key;
    int64_t *val;
    size_t cap, n;
} idmap_t;

static uint64_t idmap_key(int t, int64_t id) { return ((uint64_t)(t + 1) << 52) ^ (uint64_t)id; }
static size_t idmap_slot(const idmap_t *m, uint64_t k)
{
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 20) & (m->cap - 1);
    while (m->key[i] && m->key[i] != k) i = (i + 1) & (m->cap - 1);
    return i;
}
static void idmap_put(idmap_t *m, int t, int64_t id, int64_t v)
{
    if ((m->n + 1) * 2 > m->cap) {
        idmap_t g = {xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(uint64_t)),
                     xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(int64_t)), m->cap ? m->cap * 2 : 1024, 0};
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = idmap_slot(&g, m->key[i]);
                g.key[j] = m->key[i], g.val[j] = m->val[i], g.n++;
            }
        free(m->key), free(m->val);
        *m = g;
    }
    uint64_t k = idmap_key(t, id);
    size_t i = idmap_slot(m, k);
    if (!m->key[i]) m->n++;
    m->key[i] = k, m->val[i] = v;
}
/* The mapped id, or 0 when there is none. */
static int64_t idmap_get(const idmap_t *m, int t, int64_t id)
{
    if (!m->cap) return 0;
    size_t i = idmap_slot(m, idmap_key(t, id));
    return m->key[i] ? m->val[i] : 0;
}
static void idmap_free(idmap_t *m)
{
    free(m->key), free(m->val);
    memset(m, 0, sizeof *m);
}

typedef struct {
    db_t *src, *dst;
    const char *code;
    int64_t src_site, dst_site;
    idmap_t fwd, rev; /* source id -> target id and back, per table */
    long copied[NTABLES], total[NTABLES], done, all;
    migrate_progress_fn progress; /* NULL: none */
    bool sync; /* a sync batch (sync_store.c): rows already mapped are updated to the source's values */
    bool sync_entry; /* sync: the hub's own entry of the batch was appended with the copied ones */
} mig_t;

static const actor_t sync_actor = {0, "sync", "admin"};

/* The hub's own audit entry of a sync batch: what it applied, per table. */
static void sync_summary(const mig_t *m, buf_t *after)
{
    buf_putc(after, '{');
    for (int i = 0; i < NTABLES; i++)
        if (m->copied[i]) buf_printf(after, "%s\"%s\":%ld", after->len > 1 ? "," : "", mig_tables[i].table, m->copied[i]);
    buf_putc(after, '}');
}

static int table_index(const char *name)
{
    for (int i = 0; i < NTABLES; i++)
        if (str_eq(mig_tables[i].table, name)) return i;
    return -1;
}

/* The table a column of table t refers to (T_SITE, T_USER or a list index), or -1. */
static int column_ref(const mig_table_t *t, const char *col)
{
    if (str_eq(col, "site_id")) return T_SITE;
    if (str_eq(col, "created_by") || str_eq(col, "updated_by")) return T_USER;
    size_t n = strlen(col);
    for (const char *p = t->refs; p && *p;) {
        const char *eq = strchr(p, '='), *end = strchr(p, ' ');
        if (!end) end = p + strlen(p);
        if (eq && eq < end && (size_t)(eq - p) == n && strncmp(p, col, n) == 0) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(end - eq - 1), eq + 1);
            return table_index(name);
        }
        p = *end ? end + 1 : end;
    }
    return -1;
}

static bool word_in(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ' ');
        if (!end) end = p + strlen(p);
        if ((size_t)(end - p) == n && strncmp(p, w, n) == 0) return true;
        p = *end ? end + 1 : end;
    }
    return false;
}

/* The piece sizes multi-row statements are cut into, so each table has only a few
 * statement shapes in PostgreSQL's per-connection cache of prepared statements. */
static const int piece_sizes[] = {256, 64, 16, 4, 1};
static int piece_of(int left)
{
    for (size_t i = 0; i < ARRAY_LEN(piece_sizes); i++)
        if (left >= piece_sizes[i]) return piece_sizes[i];
    return 1;
}

/* Records n copied rows of table t (source ids sid, target ids tid) in the maps
 * and in migration_map, in multi-row INSERTs (one round trip per piece). */
static int remember_many(mig_t *m, err_t *e, int t, const int64_t *sid, const int64_t *tid, int n)
{
    char now[32];
    now_iso(now);
    for (int i = 0; i < n; i++) {
        idmap_put(&m->fwd, t, sid[i], tid[i]);
        idmap_put(&m->rev, t, tid[i], sid[i]);
    }
    if (db_kind(m->dst) == DB_POSTGRES) { /* one statement: the ids travel as two arrays */
        buf_t sa, ta;
        buf_init(&sa), buf_init(&ta);
        buf_putc(&sa, '{'), buf_putc(&ta, '{');
        for (int i = 0; i < n; i++) buf_printf(&sa, "%s%lld", i ? "," : "", (long long)sid[i]);
        for (int i = 0; i < n; i++) buf_printf(&ta, "%s%lld", i ? "," : "", (long long)tid[i]);
        buf_putc(&sa, '}'), buf_putc(&ta, '}');
        int64_t r = db_run(m->dst, e, "INSERT INTO migration_map(site_code, entity, source_id, target_id, migrated_at) "
                                      "SELECT ?, ?, u.s, u.t, ? FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[])) "
                                      "AS u(s, t)",
                           "ttttt", m->code, mig_tables[t].table, now, sa.data, ta.data);
        buf_release(&sa), buf_release(&ta);
        return r < 0 ? -1 : 0;
    }
    buf_t q;
    buf_init(&q);
    for (int i = 0; i < n;) {
        int k = piece_of(n - i);
        buf_reset(&q);
        buf_puts(&q, "INSERT INTO migration_map(site_code, entity, source_id, target_id, migrated_at) VALUES ");
        for (int j = 0; j < k; j++) buf_puts(&q, j ? ", (?,?,?,?,?)" : "(?,?,?,?,?)");
        db_stmt_t *st = db_prepare(m->dst, q.data, e);
        if (!st) {
            buf_release(&q);
            return -1;
        }
        for (int j = 0; j < k; j++, i++) {
            db_bind_text(st, 5 * j + 1, m->code);
            db_bind_text(st, 5 * j + 2, mig_tables[t].table);
            db_bind_int(st, 5 * j + 3, sid[i]);
            db_bind_int(st, 5 * j + 4, tid[i]);
            db_bind_text(st, 5 * j + 5, now);
        }
        int s = db_step(st, e);
        db_finalize(st);
        if (s < 0) {
            buf_release(&q);
            return -1;
        }
    }
    buf_release(&q);
    return 0;
}

/* Loads what earlier runs copied for this site into m->fwd / m->rev. */
static int load_map(mig_t *m, err_t *e)
{
    db_stmt_t *st = db_query(m->dst, e, "SELECT entity, source_id, target_id FROM migration_map WHERE site_code = ?",
                             "t", m->code);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int t = table_index(db_col_text(st, 0));
        if (t < 0) continue;
        idmap_put(&m->fwd, t, db_col_int(st, 1), db_col_int(st, 2));
        idmap_put(&m->rev, t, db_col_int(st, 2), db_col_int(st, 1));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Maps every source user already on the target (by name), so that references to
 * them translate both ways even when nothing is copied. */
static int load_users(mig_t *m, err_t *e)
{
    db_stmt_t *st = db_query(m->src, e, "SELECT id, name FROM app_user ORDER BY id", "");
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t tid = db_one_int(m->dst, e, "SELECT id FROM app_user WHERE name = ?", "t", db_col_text(st, 1));
        if (tid < 0) {
            rc = -1;
            break;
        }
        if (tid > 0) {
            idmap_put(&m->fwd, T_USER, db_col_int(st, 0), tid);
            idmap_put(&m->rev, T_USER, tid, db_col_int(st, 0));
        }
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The target id of source user uid: the target's user of the same name, made
 * (without site grants) when missing. 0 with e set on failure. */
static int64_t map_user(mig_t *m, err_t *e, int64_t uid)
{
    int64_t have = idmap_get(&m->fwd, T_USER, uid);
    if (have) return have;
    db_stmt_t *st = db_query(m->src, e,
                             "SELECT name, full_name, role, password_hash, lang, active, created_at FROM app_user "
                             "WHERE id = ?",
                             "i", uid);
    if (!st) return 0;
    if (db_step(st, e) != 1) {
        db_finalize(st);
        err_set(e, 500, "migrate_orphan", "pengguna #%lld tidak ada di sumber", (long long)uid);
        return 0;
    }
    int64_t tid = db_one_int(m->dst, e, "SELECT id FROM app_user WHERE name = ?", "t", db_col_text(st, 0));
    /* sync: regional accounts belong to the hub; one a site made arrives unable to
     * log in until the hub's admin lets it (issue 23) */
    bool regional = m->sync && str_eq(db_col_text(st, 2), "kanwil");
    if (tid == 0)
        tid = db_one_int(m->dst, e,
                         "INSERT INTO app_user(name, full_name, role, password_hash, lang, active, created_at) "
                         "VALUES (?,?,?,?,?,?,?) RETURNING id",
                         "tttttit", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                         db_col_text(st, 4), regional ? 0 : db_col_int(st, 5), db_col_text(st, 6));
    db_finalize(st);
    if (tid <= 0) return 0;
    idmap_put(&m->fwd, T_USER, uid, tid);
    idmap_put(&m->rev, T_USER, tid, uid);
    return tid;
}

static int copy_site_meta(mig_t *m, err_t *e)
{
    db_stmt_t *st = db_query(m->src, e, "SELECT code, name, region, address, head_name, head_nip, city, phone FROM site "
                                        "WHERE id = ?",
                             "i", m->src_site);
    if (!st || db_step(st, e) != 1) {
        db_finalize(st);
        return -1;
    }
    int64_t id = db_one_int(m->dst, e, "SELECT id FROM site WHERE code = ?", "t", m->code);
    if (id == 0)
        id = db_one_int(m->dst, e,
                        "INSERT INTO site(code, name, region, address, head_name, head_nip, city, phone) "
                        "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                        "tttttttt", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                        db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7));
    db_finalize(st);
    if (id <= 0) return -1;
    m->dst_site = id;
    /* users of the site: by name, keeping their password hash and role, and their grant.
     * Sync: a regional (kanwil) account's grants are the hub's (it hands them down and
     * takes them away); a site's grant is taken only with the account's first arrival. */
    st = db_query(m->src, e, "SELECT us.user_id, u.role FROM user_site us JOIN app_user u ON u.id = us.user_id WHERE "
                             "us.site_id = ? ORDER BY us.user_id",
                  "i", m->src_site);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        bool hub_owned = m->sync && str_eq(db_col_text(st, 1), "kanwil") && idmap_get(&m->fwd, T_USER, db_col_int(st, 0));
        int64_t uid = map_user(m, e, db_col_int(st, 0));
        if (uid <= 0) {
            rc = -1;
            break;
        }
        if (hub_owned) continue;
        int64_t has = db_one_int(m->dst, e, "SELECT count(*) FROM user_site WHERE user_id = ? AND site_id = ?", "ii",
                                 uid, m->dst_site);
        if (has < 0 || (has == 0 && db_run(m->dst, e, "INSERT INTO user_site(user_id, site_id) VALUES (?, ?)", "ii",
                                           uid, m->dst_site) < 0)) {
            rc = -1;
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* SELECT of the site's rows of table t, key first: "SELECT key, * FROM t WHERE scope ORDER BY key". */
static db_stmt_t *source_rows(mig_t *m, err_t *e, const mig_table_t *t)
{
    buf_t sql;
    buf_init(&sql);
    const char *key = t->idcol ? t->idcol : "id";
    buf_printf(&sql, "SELECT %s, * FROM %s WHERE %s ORDER BY 1", key, t->table, t->scope ? t->scope : "site_id = ?");
    db_stmt_t *st = db_query(m->src, e, sql.data, "i", m->src_site);
    buf_release(&sql);
    return st;
}

/* The target value of column c (reference kind ref) of a source row, in out
 * (NULL: SQL NULL). Returns 0, or -1 with e set for a reference not copied. */
static int map_value(mig_t *m, err_t *e, const mig_table_t *t, const char *col, int ref, const char *v, char out[32],
                     const char **res)
{
    *res = v;
    if (!v || ref < 0) return 0;
    int64_t id = strtoll(v, NULL, 10), tid;
    if (id == 0 && ref == T_USER) return 0; /* the command line (user 0) */
    if (ref == T_SITE) {
        if (id != m->src_site)
            return err_set(e, 500, "migrate_foreign", "%s.%s menunjuk lokasi lain (#%lld)", t->table, col,
                           (long long)id);
        tid = m->dst_site;
    } else if (ref == T_USER) {
        tid = map_user(m, e, id);
        if (tid <= 0) return -1;
    } else if ((tid = idmap_get(&m->fwd, ref, id)) == 0) {
        return err_set(e, 500, "migrate_orphan", "%s.%s: %s #%lld belum dipindahkan", t->table, col,
                       mig_tables[ref].table, (long long)id);
    }
    snprintf(out, 32, "%lld", (long long)tid);
    *res = out;
    return 0;
}

/* Rows of one table waiting to be written together (copy_rows): up to ROWBUF
 * rows, their values already mapped to the target (copies in the arena). */
enum { ROWBUF = 256 };
typedef struct {
    int ti, nc, keycol;
    bool assigned; /* the target assigns the key (an "id") */
    char **name;
    int n;
    int64_t sid[ROWBUF], tid[ROWBUF];
    int dup[ROWBUF];   /* an earlier row of the same batch with the same natural key, or -1 */
    const char **val;  /* ROWBUF x nc */
    char **ntype;      /* PostgreSQL: the natural key columns' types (NULL for the others) */
    arena_t a;
} rowbuf_t;

#define RB_VAL(b, i, c) ((b)->val[(size_t)(i) * (size_t)(b)->nc + (size_t)(c)])

/* Whether pending rows i and j have the same natural key (no NULLs in it). */
static bool rb_same_natural(const rowbuf_t *b, const mig_table_t *t, int i, int j)
{
    for (int c = 0; c < b->nc; c++) {
        if (!word_in(t->natural, b->name[c])) continue;
        const char *x = RB_VAL(b, i, c), *y = RB_VAL(b, j, c);
        if (!x || !y || !str_eq(x, y)) return false;
    }
    return true;
}
static bool rb_natural_null(const rowbuf_t *b, const mig_table_t *t, int i)
{
    for (int c = 0; c < b->nc; c++)
        if (word_in(t->natural, b->name[c]) && !RB_VAL(b, i, c)) return true;
    return false;
}

/* PostgreSQL: the type of column col of table ti (format_type), the table's
 * columns read from the catalogue once per process (the schema is the
 * migrations'). NULL with e set when the column does not exist. */
typedef struct {
    int n;
    char **name, **type;
} coltypes_t;
static coltypes_t coltypes[NTABLES];
static pthread_mutex_t coltypes_mu = PTHREAD_MUTEX_INITIALIZER;
static const char *pg_coltype(mig_t *m, err_t *e, int ti, const char *col)
{
    pthread_mutex_lock(&coltypes_mu);
    coltypes_t *c = &coltypes[ti];
    if (!c->name) {
        db_stmt_t *st = db_query(m->dst, e, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                                            "attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped",
                                 "t", mig_tables[ti].table);
        int s = st ? 0 : -1, cap = 0;
        coltypes_t x = {0, NULL, NULL};
        while (st && (s = db_step(st, e)) == 1) {
            if (x.n == cap) {
                cap = cap ? cap * 2 : 32;
                x.name = xrealloc(x.name, (size_t)cap * sizeof *x.name);
                x.type = xrealloc(x.type, (size_t)cap * sizeof *x.type);
            }
            x.name[x.n] = xstrdup(db_col_text(st, 0));
            x.type[x.n++] = xstrdup(db_col_text(st, 1));
        }
        db_finalize(st);
        if (s < 0) {
            for (int i = 0; i < x.n; i++) free(x.name[i]), free(x.type[i]);
            free(x.name), free(x.type);
            pthread_mutex_unlock(&coltypes_mu);
            return NULL;
        }
        if (!x.name) x.name = xcalloc(1, sizeof *x.name);
        *c = x;
    }
    const char *type = NULL;
    for (int i = 0; i < c->n && !type; i++)
        if (str_eq(c->name[i], col)) type = c->type[i];
    pthread_mutex_unlock(&coltypes_mu);
    if (!type) err_set(e, 500, "migrate_schema", "%s.%s: kolom tidak ada", mig_tables[ti].table, col);
    return type;
}

/* The target rows with the natural keys of the pending rows (an existing row,
 * entered before the move or by another site's run, is the same row). On
 * PostgreSQL one query for the whole batch: the keys travel as one array per
 * column (typed as the table's columns, from the catalogue) and come back with
 * their ordinal, "unnest(...) WITH ORDINALITY JOIN t ON ..."; on SQLite one
 * query a row (in-process). */
static int rb_natural(mig_t *m, err_t *e, rowbuf_t *b)
{
    const mig_table_t *t = &mig_tables[b->ti];
    const char *key = t->idcol ? t->idcol : "id";
    int rc = 0;
    buf_t q;
    buf_init(&q);
    if (db_kind(m->dst) != DB_POSTGRES) {
        buf_printf(&q, "SELECT %s FROM %s WHERE ", key, t->table);
        for (int c = 0, k = 0; c < b->nc; c++)
            if (word_in(t->natural, b->name[c])) buf_printf(&q, "%s%s = ?", k++ ? " AND " : "", b->name[c]);
        for (int i = 0; i < b->n && rc == 0; i++) {
            if (rb_natural_null(b, t, i)) continue;
            db_stmt_t *st = db_prepare(m->dst, q.data, e);
            if (!st) {
                rc = -1;
                break;
            }
            for (int c = 0, k = 1; c < b->nc; c++)
                if (word_in(t->natural, b->name[c])) db_bind_text(st, k++, RB_VAL(b, i, c));
            int s = db_step(st, e);
            if (s == 1) b->tid[i] = db_col_int(st, 0);
            db_finalize(st);
            if (s < 0) rc = -1;
        }
        buf_release(&q);
        return rc;
    }
    if (!b->ntype) { /* the natural columns' types, once per table */
        b->ntype = xcalloc((size_t)b->nc, sizeof *b->ntype);
        for (int c = 0; c < b->nc && rc == 0; c++) {
            if (!word_in(t->natural, b->name[c])) continue;
            const char *ty = pg_coltype(m, e, b->ti, b->name[c]);
            if (ty) b->ntype[c] = xstrdup(ty);
            else rc = -1;
        }
        if (rc < 0) {
            buf_release(&q);
            return -1;
        }
    }
    int *ask = xcalloc((size_t)b->n, sizeof *ask), na = 0;
    for (int i = 0; i < b->n; i++)
        if (!rb_natural_null(b, t, i)) ask[na++] = i;
    if (na == 0) {
        free(ask);
        buf_release(&q);
        return 0;
    }
    buf_printf(&q, "SELECT v.n, t.%s FROM unnest(", key);
    int nn = 0;
    for (int c = 0; c < b->nc; c++)
        if (b->ntype[c]) buf_printf(&q, "%sCAST(? AS %s[])", nn++ ? ", " : "", b->ntype[c]);
    buf_puts(&q, ") WITH ORDINALITY AS v(");
    for (int j = 0; j < nn; j++) buf_printf(&q, "k%d, ", j);
    buf_printf(&q, "n) JOIN %s t ON ", t->table);
    for (int c = 0, j = 0; c < b->nc; c++)
        if (b->ntype[c]) buf_printf(&q, "%st.%s = v.k%d", j ? " AND " : "", b->name[c], j), j++;
    buf_printf(&q, " ORDER BY v.n, t.%s", key);
    db_stmt_t *st = db_prepare(m->dst, q.data, e);
    buf_t *arr = xcalloc((size_t)nn, sizeof *arr);
    for (int c = 0, j = 0; st && c < b->nc; c++) {
        if (!b->ntype[c]) continue;
        buf_init(&arr[j]);
        buf_putc(&arr[j], '{');
        for (int r = 0; r < na; r++) pg_array_append(&arr[j], RB_VAL(b, ask[r], c));
        buf_putc(&arr[j], '}');
        db_bind_text_nocopy(st, j + 1, arr[j].data);
        j++;
    }
    int s = st ? 0 : -1;
    while (st && (s = db_step(st, e)) == 1) {
        int64_t n = db_col_int(st, 0);
        if (n >= 1 && n <= na && !b->tid[ask[n - 1]]) b->tid[ask[n - 1]] = db_col_int(st, 1);
    }
    db_finalize(st);
    for (int j = 0; st && j < nn; j++) buf_release(&arr[j]);
    free(arr);
    free(ask);
    buf_release(&q);
    return s < 0 ? -1 : 0;
}

/* Inserts the pending rows listed in ins[0..n): on PostgreSQL in multi-row INSERTs
 * (ids the database assigns are taken from the table's sequence first, in one
 * query), on SQLite one INSERT a row (in-process, no round trip to save). */
static int rb_insert(mig_t *m, err_t *e, rowbuf_t *b, const int *ins, int n)
{
    const mig_table_t *t = &mig_tables[b->ti];
    if (n == 0) return 0;
    if (b->assigned && b->keycol < 0) return err_set(e, 500, "migrate_insert", "%s: tanpa kolom id", t->table);
    bool pg = db_kind(m->dst) == DB_POSTGRES;
    int rc = 0;
    if (pg && b->assigned) {
        db_stmt_t *st = db_query(m->dst, e, "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
                                 "ti", t->table, (int64_t)n);
        int s, k = 0;
        while (st && (s = db_step(st, e)) == 1)
            if (k < n) b->tid[ins[k++]] = db_col_int(st, 0);
        db_finalize(st);
        if (!st || s < 0) return -1;
        if (k != n) return err_set(e, 500, "migrate_insert", "%s: urutan id tidak memberi %d nilai", t->table, n);
    }
    if (pg) { /* one INSERT ... SELECT FROM unnest(one array a column) for the whole batch */
        buf_t q, *arr = xcalloc((size_t)b->nc, sizeof *arr);
        buf_init(&q);
        buf_printf(&q, "INSERT INTO %s (", t->table);
        for (int c = 0; c < b->nc; c++) buf_printf(&q, "%s%s", c ? ", " : "", b->name[c]);
        buf_puts(&q, ") SELECT * FROM unnest(");
        for (int c = 0; c < b->nc && rc == 0; c++) {
            const char *ty = pg_coltype(m, e, b->ti, b->name[c]);
            if (!ty) rc = -1;
            else buf_printf(&q, "%sCAST(? AS %s[])", c ? ", " : "", ty);
        }
        buf_putc(&q, ')');
        for (int r = 0; r < n; r++) {
            int i = ins[r];
            if (!b->assigned) b->tid[i] = b->keycol >= 0 && RB_VAL(b, i, b->keycol) ? strtoll(RB_VAL(b, i, b->keycol), NULL, 10) : 0;
        }
        for (int c = 0; c < b->nc; c++) {
            buf_init(&arr[c]);
            buf_putc(&arr[c], '{');
            for (int r = 0; r < n; r++) {
                char num[32];
                const char *v = RB_VAL(b, ins[r], c);
                if (c == b->keycol && b->assigned) snprintf(num, sizeof num, "%lld", (long long)b->tid[ins[r]]), v = num;
                pg_array_append(&arr[c], v);
            }
            buf_putc(&arr[c], '}');
        }
        db_stmt_t *st = rc == 0 ? db_prepare(m->dst, q.data, e) : NULL;
        if (st) {
            for (int c = 0; c < b->nc; c++) db_bind_text_nocopy(st, c + 1, arr[c].data);
            int s;
            while ((s = db_step(st, e)) == 1) {}
            if (s < 0) rc = -1;
            db_finalize(st);
        } else {
            rc = -1;
        }
        for (int r = 0; r < n && rc == 0; r++)
            if (b->tid[ins[r]] <= 0)
                rc = err_set(e, 500, "migrate_insert", "%s #%lld: tidak tersimpan", t->table, (long long)b->sid[ins[r]]);
        if (rc == 0) m->copied[b->ti] += n;
        for (int c = 0; c < b->nc; c++) buf_release(&arr[c]);
        free(arr);
        buf_release(&q);
        return rc;
    }
    buf_t q;
    buf_init(&q);
    for (int from = 0; from < n && rc == 0;) {
        int k = pg ? piece_of(n - from) : 1;
        /* SQLite and an assigned key: the database gives it (RETURNING) */
        bool returning = !pg && b->assigned;
        buf_reset(&q);
        buf_printf(&q, "INSERT INTO %s (", t->table);
        int np = 0;
        for (int c = 0; c < b->nc; c++)
            if (!(returning && c == b->keycol)) buf_printf(&q, "%s%s", np++ ? ", " : "", b->name[c]);
        buf_puts(&q, ") VALUES ");
        for (int r = 0; r < k; r++) {
            buf_puts(&q, r ? ", (" : "(");
            for (int j = 0; j < np; j++) buf_puts(&q, j ? ", ?" : "?");
            buf_putc(&q, ')');
        }
        if (returning) buf_puts(&q, " RETURNING id");
        db_stmt_t *st = db_prepare(m->dst, q.data, e);
        if (!st) {
            rc = -1;
            break;
        }
        int p = 1;
        for (int r = 0; r < k; r++) {
            int i = ins[from + r];
            if (!b->assigned) b->tid[i] = b->keycol >= 0 && RB_VAL(b, i, b->keycol) ? strtoll(RB_VAL(b, i, b->keycol), NULL, 10) : 0;
            for (int c = 0; c < b->nc; c++) {
                if (returning && c == b->keycol) continue;
                if (c == b->keycol && b->assigned) {
                    db_bind_int(st, p++, b->tid[i]);
                } else {
                    db_bind_text_nocopy(st, p++, RB_VAL(b, i, c));
                }
            }
        }
        int s = db_step(st, e);
        if (s == 1 && returning) b->tid[ins[from]] = db_col_int(st, 0);
        while (s == 1) s = db_step(st, e);
        db_finalize(st);
        for (int r = 0; r < k && s >= 0; r++)
            if (b->tid[ins[from + r]] <= 0) {
                err_set(e, 500, "migrate_insert", "%s #%lld: tidak tersimpan", t->table, (long long)b->sid[ins[from + r]]);
                s = -1;
            }
        if (s < 0) rc = -1;
        m->copied[b->ti] += k;
        from += k;
    }
    buf_release(&q);
    return rc;
}

/* Writes the pending rows: natural keys looked up, the new rows inserted, every
 * row remembered. */
static int rb_flush(mig_t *m, err_t *e, rowbuf_t *b)
{
    if (b->n == 0) return 0;
    const mig_table_t *t = &mig_tables[b->ti];
    for (int i = 0; i < b->n; i++) b->tid[i] = 0, b->dup[i] = -1;
    if (t->natural && rb_natural(m, e, b) < 0) return -1;
    int ins[ROWBUF], n = 0;
    for (int i = 0; i < b->n; i++) {
        if (b->tid[i]) continue;
        if (t->natural && !rb_natural_null(b, t, i))
            for (int j = 0; j < i && b->dup[i] < 0; j++)
                if (b->dup[j] < 0 && !b->tid[j] && rb_same_natural(b, t, i, j)) b->dup[i] = j;
        if (b->dup[i] < 0) ins[n++] = i;
    }
    /* a duplicate's first row has no tid yet: inserts first, then the duplicates */
    if (rb_insert(m, e, b, ins, n) < 0) return -1;
    for (int i = 0; i < b->n; i++)
        if (b->dup[i] >= 0) b->tid[i] = b->tid[b->dup[i]];
    if (remember_many(m, e, b->ti, b->sid, b->tid, b->n) < 0) return -1;
    b->n = 0;
    arena_release(&b->a);
    return 0;
}

/* Copies the site's rows of table ti that are not yet in the target (in sync,
 * rows already there are updated to the source's values). New rows are written
 * ROWBUF at a time (rb_flush): per batch one natural-key query, multi-row
 * INSERTs and multi-row map INSERTs instead of three statements a row. */
static int copy_rows(mig_t *m, err_t *e, int ti)
{
    const mig_table_t *t = &mig_tables[ti];
    db_stmt_t *st = source_rows(m, e, t);
    if (!st) return -1;
    int nc = db_ncols(st) - 1; /* columns after the key */
    rowbuf_t *b = xcalloc(1, sizeof *b);
    b->ti = ti, b->nc = nc, b->keycol = -1, b->assigned = !t->idcol;
    b->name = xcalloc((size_t)nc, sizeof *b->name);
    b->val = xcalloc((size_t)ROWBUF * (size_t)(nc ? nc : 1), sizeof *b->val);
    arena_init(&b->a);
    int *ref = xcalloc((size_t)nc, sizeof *ref);
    const char **val = xcalloc((size_t)nc, sizeof *val);
    char(*num)[32] = xcalloc((size_t)nc, sizeof *num);
    arena_t a;
    arena_init(&a);
    bool selfref = false;
    for (int c = 0; c < nc; c++) {
        b->name[c] = xstrdup(db_col_name(st, c + 1));
        ref[c] = column_ref(t, b->name[c]);
        selfref |= ref[c] == ti;
        if (str_eq(b->name[c], t->idcol ? t->idcol : "id")) b->keycol = c;
    }
    buf_t upd;
    buf_init(&upd);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t sid = db_col_int(st, 0);
        m->done++;
        if (m->done % 200 == 0) if (m->progress) m->progress(m->code, m->done, m->all);
        int64_t have = idmap_get(&m->fwd, ti, sid);
        if (have && !m->sync) continue;
        /* a reference to a row of this table still waiting: write those first */
        for (int c = 0; selfref && c < nc && b->n; c++) {
            const char *v = db_col_text(st, c + 1);
            if (ref[c] == ti && v && !idmap_get(&m->fwd, ti, strtoll(v, NULL, 10)) && rb_flush(m, e, b) < 0) {
                rc = -1;
                break;
            }
        }
        if (rc < 0) break;
        int bad = 0;
        for (int c = 0; c < nc && !bad; c++)
            bad = map_value(m, e, t, b->name[c], ref[c], arena_strdup(&a, db_col_text(st, c + 1)), num[c], &val[c]);
        if (bad) {
            rc = -1;
            break;
        }
        if (have) { /* sync: the row's latest state at the site */
            if (!upd.len) {
                buf_printf(&upd, "UPDATE %s SET ", t->table);
                int k = 0;
                for (int c = 0; c < nc; c++)
                    if (c != b->keycol) buf_printf(&upd, "%s%s = ?", k++ ? ", " : "", b->name[c]);
                buf_printf(&upd, " WHERE %s = ?", t->idcol ? t->idcol : "id");
            }
            db_stmt_t *q = db_prepare(m->dst, upd.data, e);
            if (!q) {
                rc = -1;
                break;
            }
            int k = 1;
            for (int c = 0; c < nc; c++)
                if (c != b->keycol) db_bind_text(q, k++, val[c]);
            db_bind_int(q, k, have);
            int s = db_step(q, e);
            db_finalize(q);
            if (s < 0) {
                rc = -1;
                break;
            }
            m->copied[ti]++;
            arena_release(&a);
            continue;
        }
        b->sid[b->n] = sid;
        for (int c = 0; c < nc; c++) RB_VAL(b, b->n, c) = val[c] ? arena_strdup(&b->a, val[c]) : NULL;
        b->n++;
        arena_release(&a);
        if (b->n == ROWBUF && rb_flush(m, e, b) < 0) {
            rc = -1;
            break;
        }
    }
    db_finalize(st);
    if (rc == 0 && rb_flush(m, e, b) < 0) rc = -1;
    buf_release(&upd);
    arena_release(&a);
    arena_release(&b->a);
    for (int c = 0; c < nc; c++) free(b->name[c]), free(b->ntype ? b->ntype[c] : NULL);
    free(b->name), free(b->val), free(b->ntype), free(b);
    free(ref), free(val), free(num);
    return rc < 0 ? -1 : 0;
}

/* Raises the target's certificate counters to the source's values, so numbers
 * issued on the target continue the prison's sequences. */
static int copy_counters(mig_t *m, err_t *e, int ti)
{
    db_stmt_t *st = db_query(m->src, e,
                             "SELECT seq_key, last_seq, updated_at FROM certificate_counter WHERE seq_key IN "
                             "(SELECT seq_key FROM certificate WHERE site_id = ?) ORDER BY seq_key",
                             "i", m->src_site);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        m->done++;
        const char *key = db_col_text(st, 0);
        int64_t seq = db_col_int(st, 1);
        int64_t n = db_run(m->dst, e, "UPDATE certificate_counter SET last_seq = ?, updated_at = ? WHERE seq_key = ? "
                                      "AND last_seq < ?",
                           "itti", seq, db_col_text(st, 2), key, seq);
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0) {
            int64_t has = db_one_int(m->dst, e, "SELECT count(*) FROM certificate_counter WHERE seq_key = ?", "t", key);
            if (has < 0 || (has == 0 && db_run(m->dst, e, "INSERT INTO certificate_counter(seq_key, last_seq, "
                                                          "updated_at) VALUES (?, ?, ?)",
                                               "tit", key, seq, db_col_text(st, 2)) < 0)) {
                rc = -1;
                break;
            }
            n = has == 0;
        }
        m->copied[ti] += n;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The list index of the table an audit entry's entity names, or -1. */
static int audit_entity_table(const char *entity)
{
    if (!entity) return -1;
    for (int i = 0; i < NTABLES; i++)
        if (mig_tables[i].how != MT_SKIP &&
            str_eq(entity, mig_tables[i].audit_entity ? mig_tables[i].audit_entity : mig_tables[i].table))
            return i;
    return -1;
}

/* Appends the site's audit entries not yet copied to the target's chain, each
 * with its own time and author; the entity id is translated when the entity is a
 * copied table and the row was copied. */
static int copy_audit(mig_t *m, err_t *e, int ti)
{
    enum { BATCH = 512 };
    db_stmt_t *st = db_query(m->src, e,
                             "SELECT id, at, user_id, user_name, action, entity, entity_id, before_json, after_json "
                             "FROM audit_log WHERE site_id = ? ORDER BY id",
                             "i", m->src_site);
    if (!st) return -1;
    audit_entry_t *ents = xcalloc(BATCH + 1, sizeof *ents); /* + the hub's own entry of a sync batch */
    audit_origin_t *orig = xcalloc(BATCH + 1, sizeof *orig);
    int64_t *sids = xcalloc(BATCH, sizeof *sids), *tids = xcalloc(BATCH, sizeof *tids);
    arena_t a;
    arena_init(&a);
    int n = 0, rc;
    for (;;) {
        rc = db_step(st, e);
        if (rc == 1) {
            m->done++;
            int64_t sid = db_col_int(st, 0);
            if (idmap_get(&m->fwd, ti, sid)) continue;
            int64_t uid = db_col_int(st, 2), eid = db_col_int(st, 6);
            if (uid && (uid = map_user(m, e, uid)) <= 0) {
                rc = -1;
                break;
            }
            int et = audit_entity_table(db_col_text(st, 5));
            int64_t teid = et == T_SITE ? (eid == m->src_site ? m->dst_site : 0)
                           : et == T_USER ? idmap_get(&m->fwd, T_USER, eid)
                           : et >= 0      ? idmap_get(&m->fwd, et, eid)
                                          : 0;
            sids[n] = sid;
            orig[n] = (audit_origin_t){arena_strdup(&a, db_col_text(st, 1)), uid, arena_strdup(&a, db_col_text(st, 3))};
            ents[n] = (audit_entry_t){m->dst_site, arena_strdup(&a, db_col_text(st, 4)),
                                      arena_strdup(&a, db_col_text(st, 5)), teid ? teid : eid,
                                      arena_strdup(&a, db_col_text(st, 7)), arena_strdup(&a, db_col_text(st, 8))};
            n++;
        }
        if (rc < 0) break;
        if (n == BATCH || (rc == 0 && n > 0)) {
            int64_t first;
            /* sync: the hub's own entry of the batch goes with the last copied ones, so the
             * hub's chain head (locked to the commit) is taken and written once, not twice */
            buf_t after;
            buf_init(&after);
            int extra = 0;
            char now[32];
            if (m->sync && rc == 0) {
                m->copied[ti] += n;
                sync_summary(m, &after);
                m->copied[ti] -= n;
                now_iso(now);
                orig[n] = (audit_origin_t){now, sync_actor.user_id, sync_actor.name};
                ents[n] = (audit_entry_t){m->dst_site, "sync", "site", m->dst_site, NULL, after.data};
                extra = 1;
            }
            int arc = audit_append_copied(m->dst, e, ents, orig, n + extra, &first);
            buf_release(&after);
            if (arc < 0) {
                rc = -1;
                break;
            }
            if (extra) m->sync_entry = true;
            for (int i = 0; i < n; i++) tids[i] = first + i;
            if (remember_many(m, e, ti, sids, tids, n) < 0) {
                rc = -1;
                break;
            }
            m->copied[ti] += n;
            n = 0;
            arena_release(&a);
        }
        if (rc == 0) break;
    }
    db_finalize(st);
    arena_release(&a);
    free(ents), free(orig), free(sids), free(tids);
    return rc < 0 ? -1 : 0;
}

static int copy_site(db_t *dst, void *vm, err_t *e)
{
    mig_t *m = vm;
    (void)dst;
    memset(m->copied, 0, sizeof m->copied);
    m->done = 0;
    idmap_free(&m->fwd);
    idmap_free(&m->rev);
    if (load_map(m, e) < 0 || load_users(m, e) < 0 || copy_site_meta(m, e) < 0) return -1;
    for (int i = 0; i < NTABLES; i++) {
        int rc = 0;
        switch (mig_tables[i].how) {
        case MT_ROWS: rc = copy_rows(m, e, i); break;
        case MT_COUNTER: rc = copy_counters(m, e, i); break;
        case MT_AUDIT: rc = copy_audit(m, e, i); break;
        default: break;
        }
        if (rc < 0) return -1;
    }
    /* the search digests of the sites whose inmates were copied (records.h) */
    if (wbp_search_flush(m->dst, e) < 0) return -1;
    if (m->progress) m->progress(m->code, m->all, m->all);
    if (m->sync_entry) return 0; /* appended with the copied entries */
    buf_t after;
    buf_init(&after);
    sync_summary(m, &after);
    int rc = audit_append(m->dst, e, m->sync ? &sync_actor : &migrate_actor, m->dst_site, m->sync ? "sync" : "migrate",
                          "site", m->dst_site, NULL, after.data);
    buf_release(&after);
    return rc;
}

/* The value of one column as the checksum sees it, on either side: references
 * as the source's ids (the target's translated back through the map), the site
 * as "S", the command line user as "0", NULL as 0x01. */
static const char *canon(mig_t *m, int side, const mig_table_t *t, int ref, const char *v, const char *entity,
                         char out[40])
{
    if (!v) return "\x01";
    if (ref < 0 && !(t->how == MT_AUDIT && entity)) return v;
    int64_t id = strtoll(v, NULL, 10);
    if (ref == T_SITE) return id == (side ? m->dst_site : m->src_site) ? "S" : "?";
    if (ref == T_USER && id == 0) return "0";
    if (ref < 0) { /* an audit entry's entity id */
        int et = audit_entity_table(entity);
        if (et == T_SITE) return id == (side ? m->dst_site : m->src_site) ? "S" : v;
        if (et < 0 || side == 0) return v;
        int64_t sid = idmap_get(&m->rev, et, id);
        if (!sid) return v;
        snprintf(out, 40, "%lld", (long long)sid);
        return out;
    }
    if (side == 0) return v;
    int64_t sid = idmap_get(&m->rev, ref, id);
    snprintf(out, 40, sid ? "%lld" : "?%lld", (long long)(sid ? sid : id));
    return out;
}

/* SHA-256 over table ti's rows of the site in source-key order. side 0 reads the
 * source, 1 the target rows the map names. Columns: the source's, less the key
 * when the database assigns it (and the audit log's own chain columns, and a
 * token's last_used_at). */
static int checksum(mig_t *m, err_t *e, int ti, int side, char out[65], long *count)
{
    const mig_table_t *t = &mig_tables[ti];
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    *count = 0;
    db_stmt_t *st = source_rows(m, e, t); /* side 0; for side 1 only its column names */
    if (!st) return -1;
    int nc = db_ncols(st) - 1, ec = -1;
    char **name = xcalloc((size_t)nc, sizeof *name);
    int *ref = xcalloc((size_t)nc, sizeof *ref);
    bool *use = xcalloc((size_t)nc, sizeof *use);
    const char *key = t->idcol ? t->idcol : "id";
    for (int c = 0; c < nc; c++) {
        name[c] = xstrdup(db_col_name(st, c + 1));
        ref[c] = column_ref(t, name[c]);
        /* last_used_at (a token's last use, issue 21) is bookkeeping that every use moves */
        use[c] = !(str_eq(name[c], key) && !t->idcol) && !str_eq(name[c], "last_used_at") &&
                 !(t->how == MT_AUDIT && (str_eq(name[c], "prev_hash") || str_eq(name[c], "hash")));
        if (t->how == MT_AUDIT && str_eq(name[c], "entity")) ec = c;
    }
    if (side == 1) {
        db_finalize(st);
        buf_t q;
        buf_init(&q);
        buf_printf(&q, "SELECT %s", t->how == MT_COUNTER ? "t.seq_key" : "m.source_id");
        for (int c = 0; c < nc; c++) buf_printf(&q, ", t.%s", name[c]);
        if (t->how == MT_COUNTER) { /* counters are not in the map: the site's keys on the target */
            buf_printf(&q, " FROM %s t WHERE t.seq_key IN (SELECT seq_key FROM certificate WHERE site_id = ?) "
                           "ORDER BY 1", t->table);
            st = db_query(m->dst, e, q.data, "i", m->dst_site);
        } else {
            buf_printf(&q, " FROM migration_map m JOIN %s t ON t.%s = m.target_id WHERE m.site_code = ? AND "
                           "m.entity = ? ORDER BY m.source_id", t->table, key);
            st = db_query(m->dst, e, q.data, "tt", m->code, t->table);
        }
        buf_release(&q);
    }
    int rc = st ? 0 : -1;
    while (st && (rc = db_step(st, e)) == 1) {
        for (int c = 0; c < nc; c++) {
            if (!use[c] || (t->how == MT_COUNTER && str_eq(name[c], "updated_at"))) continue; /* raised, not copied */
            char tmp[40];
            const char *ent = ec >= 0 && str_eq(name[c], "entity_id") ? db_col_text(st, ec + 1) : NULL;
            const char *s = canon(m, side, t, ref[c], db_col_text(st, c + 1), ent, tmp);
            crypto_hash_sha256_update(&hs, (const unsigned char *)s, strlen(s));
            crypto_hash_sha256_update(&hs, (const unsigned char *)"\x1f", 1);
        }
        crypto_hash_sha256_update(&hs, (const unsigned char *)"\x1e", 1);
        (*count)++;
    }
    db_finalize(st);
    for (int c = 0; c < nc; c++) free(name[c]);
    free(name), free(ref), free(use);
    unsigned char h[32];
    crypto_hash_sha256_final(&hs, h);
    hex_encode(h, 32, out);
    return rc < 0 ? -1 : 0;
}

/* `--tables`: the list, one table a line: "name<TAB>how<TAB>references (or why
 * not copied)<TAB>entity name in the audit log". */
void migrate_print_tables(FILE *out)
{
    static const char *const how[] = {"salin", "lokasi/pengguna", "penghitung", "log-audit", "tidak"};
    for (int i = 0; i < NTABLES; i++) {
        const mig_table_t *t = &mig_tables[i];
        fprintf(out, "%s\t%s\t%s\t%s\n", t->table, how[t->how], t->how == MT_SKIP ? t->scope : t->refs ? t->refs : "",
               t->audit_entity ? t->audit_entity : t->table);
    }
}

/* Rules for every site (site_id NULL) that the source has and the target lacks
 * are not copied (they would change every site of the region): each is named,
 * to be added as a rule of the site if it should still apply to it. */
static void warn_global_rules(db_t *src, db_t *dst, err_t *e, FILE *out)
{
    db_stmt_t *st = db_query(src, e, "SELECT name, effective_from, value FROM setting WHERE site_id IS NULL ORDER BY id", "");
    while (st && db_step(st, e) == 1)
        if (db_one_int(dst, e, "SELECT count(*) FROM setting WHERE site_id IS NULL AND name = ? AND effective_from = ? "
                               "AND value = ?",
                       "ttt", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2)) == 0)
            fprintf(out, "Peringatan: aturan umum sumber tidak ada di tujuan, tidak disalin: setting %s berlaku %s = %s\n",
                   db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    db_finalize(st);
    st = db_query(src, e, "SELECT effective_from, saved_bp FROM premi_policy WHERE site_id IS NULL ORDER BY id", "");
    while (st && db_step(st, e) == 1)
        if (db_one_int(dst, e, "SELECT count(*) FROM premi_policy WHERE site_id IS NULL AND effective_from = ? AND "
                               "saved_bp = ?",
                       "ti", db_col_text(st, 0), db_col_int(st, 1)) == 0)
            fprintf(out, "Peringatan: aturan umum sumber tidak ada di tujuan, tidak disalin: premi_policy berlaku %s = %lld\n",
                   db_col_text(st, 0), (long long)db_col_int(st, 1));
    db_finalize(st);
}

/* Copies one site (one target transaction) and verifies it; returns 0 when all matched. */
static int migrate_site(db_t *src, db_t *dst, int64_t src_site, const char *code, err_t *e,
                        migrate_progress_fn progress, FILE *out, FILE *err)
{
    mig_t m;
    memset(&m, 0, sizeof m);
    m.src = src, m.dst = dst, m.code = code, m.src_site = src_site, m.progress = progress;
    for (int i = 0; i < NTABLES; i++) {
        const mig_table_t *t = &mig_tables[i];
        if (t->how == MT_SKIP || t->how == MT_META) continue;
        buf_t q;
        buf_init(&q);
        buf_printf(&q, "SELECT count(*) FROM %s WHERE %s", t->table, t->scope ? t->scope : "site_id = ?");
        m.total[i] = (long)db_one_int(src, e, q.data, "i", m.src_site);
        buf_release(&q);
        m.all += m.total[i];
    }
    int bad = 0;
    if (db_tx(dst, copy_site, &m, e) < 0) {
        fprintf(err, "bekal migrate: lokasi %s gagal, tidak ada yang disimpan untuk lokasi ini: %s\n", code, e->msg);
        bad = 1;
    } else {
        long sum = 0;
        for (int i = 0; i < NTABLES; i++) sum += m.copied[i];
        fprintf(out, "Lokasi %s: %ld baris disalin (sisanya sudah ada).\n", code, sum);
        fprintf(out, "  %-20s %8s %8s %8s  %s\n", "tabel", "disalin", "sumber", "tujuan", "checksum");
        int empty = 0;
        for (int i = 0; i < NTABLES; i++) {
            const mig_table_t *t = &mig_tables[i];
            if (t->how == MT_SKIP || t->how == MT_META) continue;
            char hs[65], ht[65];
            long ns = 0, nt = 0;
            err_clear(e);
            if (checksum(&m, e, i, 0, hs, &ns) < 0 || checksum(&m, e, i, 1, ht, &nt) < 0) {
                fprintf(err, "bekal migrate: verifikasi %s %s gagal: %s\n", code, t->table, e->msg);
                bad = 1;
                continue;
            }
            bool ok = ns == nt && str_eq(hs, ht);
            if (ok && ns == 0) { /* nothing on either side: one line for all of them below */
                empty++;
                continue;
            }
            fprintf(out, "  %-20s %8ld %8ld %8ld  %.16s %s\n", t->table, m.copied[i], ns, nt, hs, ok ? "cocok" : "TIDAK COCOK");
            if (!ok) bad = 1;
        }
        if (empty) printf("  %d tabel lain kosong di sumber dan tujuan (cocok)\n", empty);
    }
    idmap_free(&m.fwd);
    idmap_free(&m.rev);
    return bad;
}


int migrate_run(db_t *src, db_t *dst, const char *only, migrate_progress_fn progress, FILE *out, FILE *err)
{
    err_t e;
    err_clear(&e);
    int bad = 0;
    int64_t n = 0;
    if (audit_verify(src, &e, &n) < 0) { /* copied entries would carry a broken history */
        fprintf(err, "bekal migrate: log audit sumber rusak, tidak ada yang dipindahkan: %s\n", e.msg);
        return 1;
    }
    db_stmt_t *sites = db_query(src, &e, "SELECT id, code FROM site WHERE (CAST(? AS TEXT) IS NULL OR code = ?) ORDER BY code",
                                "tt", only, only);
    int nsites = 0;
    while (sites && db_step(sites, &e) == 1) {
        nsites++;
        char code[64];
        snprintf(code, sizeof code, "%s", db_col_text(sites, 1));
        err_t se;
        err_clear(&se);
        bad |= migrate_site(src, dst, db_col_int(sites, 0), code, &se, progress, out, err);
    }
    db_finalize(sites);
    if (nsites > 0) {
        err_clear(&e);
        warn_global_rules(src, dst, &e, out);
    }
    if (nsites == 0 && only) {
        fprintf(err, "bekal migrate: lokasi %s tidak ada di sumber\n", only);
        bad = 1;
    }
    return bad;
}

/* ---- sync (store/sync_store.c) ---- */

void migrate_sync_tables(void (*fn)(void *ctx, const char *table, const char *key, const char *scope), void *ctx)
{
    for (int i = 0; i < NTABLES; i++)
        if (mig_tables[i].how == MT_ROWS)
            fn(ctx, mig_tables[i].table, mig_tables[i].idcol ? mig_tables[i].idcol : "id",
               mig_tables[i].scope ? mig_tables[i].scope : "site_id = ?");
}

bool migrate_sync_table_known(const char *table)
{
    int i = table_index(table);
    return i >= 0 && (mig_tables[i].how == MT_ROWS || mig_tables[i].how == MT_COUNTER);
}

/* Deletes the target rows of the site whose source rows were deleted (dels), in
 * reverse dependency order (a second time deletes nothing). */
static int sync_deletes(mig_t *m, err_t *e, const migrate_sync_del_t *dels, int ndel)
{
    for (int ti = NTABLES - 1; ti >= 0; ti--) {
        const mig_table_t *t = &mig_tables[ti];
        if (t->how != MT_ROWS) continue;
        for (int i = 0; i < ndel; i++) {
            if (!str_eq(dels[i].table, t->table)) continue;
            int64_t tid = idmap_get(&m->fwd, ti, dels[i].id);
            if (!tid) continue;
            buf_t q;
            buf_init(&q);
            buf_printf(&q, "DELETE FROM %s WHERE %s = ?", t->table, t->idcol ? t->idcol : "id");
            int64_t n = db_run(m->dst, e, q.data, "i", tid);
            buf_release(&q);
            if (n < 0) return -1;
            /* the map keeps the pair: audit entries about the row still translate */
            m->copied[ti] += n;
        }
    }
    return 0;
}

int migrate_sync_apply(db_t *src, db_t *dst, const char *code, int64_t src_site, const char *const *carried,
                       int n_carried, const migrate_sync_del_t *dels,
                       int ndel, long *applied, int64_t *dst_site, err_t *e)
{
    mig_t m;
    memset(&m, 0, sizeof m);
    m.src = src, m.dst = dst, m.code = code, m.src_site = src_site, m.sync = true;
    int rc = -1;
    if (load_map(&m, e) == 0 && load_users(&m, e) == 0 && copy_site_meta(&m, e) == 0 &&
        sync_deletes(&m, e, dels, ndel) == 0) {
        rc = 0;
        for (int i = 0; i < NTABLES && rc == 0; i++) {
            bool has = !carried || mig_tables[i].how != MT_ROWS;
            for (int k = 0; k < n_carried && !has; k++) has = str_eq(carried[k], mig_tables[i].table);
            if (!has) continue;
            switch (mig_tables[i].how) {
            case MT_ROWS: rc = copy_rows(&m, e, i); break;
            case MT_COUNTER: rc = copy_counters(&m, e, i); break;
            case MT_AUDIT: rc = copy_audit(&m, e, i); break;
            default: break;
            }
        }
    }
    long sum = 0;
    for (int i = 0; i < NTABLES; i++) sum += m.copied[i];
    if (rc == 0 && sum > 0 && !m.sync_entry) { /* the hub's own audit entry of the batch (none copied) */
        buf_t after;
        buf_init(&after);
        sync_summary(&m, &after);
        rc = audit_append(dst, e, &sync_actor, m.dst_site, "sync", "site", m.dst_site, NULL, after.data);
        buf_release(&after);
    }
    *applied = sum;
    *dst_site = m.dst_site;
    idmap_free(&m.fwd);
    idmap_free(&m.rev);
    return rc;
}
