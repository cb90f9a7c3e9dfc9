/* migrate.c — `bekal migrate --from sqlite:PATH --to postgres://...`: moves a
 * prison's data into the regional database.
 *
 * Per site, in one target transaction: the site (by code), its users (by name,
 * with their password hashes) and site grants, then the WBP register and the
 * remisi, discipline and SPPN records. migration_map remembers every source row
 * copied, so a second run copies nothing; a WBP already present under the same
 * registration number is mapped, not duplicated. New rows are written through the
 * audited record functions. At the end, row counts and a SHA-256 over every
 * copied row (values as text, owners by their source id) are compared between
 * source and target. */
#include "cli.h"
#include "../core/pembinaan.h"
#include "../core/wbp.h"
#include "../store/records.h"
#include <getopt.h>
#include <sodium.h>
#include <string.h>

static const actor_t migrate_actor = {0, "migrate", "admin"};
static const record_def_t *const entities[] = {&wbp_def, &remisi_def, &discipline_def, &sppn_def};

typedef struct {
    db_t *src, *dst;
    const char *code;
    int64_t src_site, dst_site;
    long copied[4], total[4], done, all;
} mig_t;

static int64_t mapped(db_t *dst, err_t *e, const char *code, const char *entity, int64_t source_id)
{
    return db_one_int(dst, e, "SELECT target_id FROM migration_map WHERE site_code = ? AND entity = ? AND source_id = ?",
                      "tti", code, entity, source_id);
}
static int remember(db_t *dst, err_t *e, const char *code, const char *entity, int64_t sid, int64_t tid)
{
    char now[32];
    now_iso(now);
    return db_run(dst, e,
                  "INSERT INTO migration_map(site_code, entity, source_id, target_id, migrated_at) VALUES (?,?,?,?,?)",
                  "ttiit", code, entity, sid, tid, now) < 0 ? -1 : 0;
}

/* Reads the source rows of one entity for the site: id, owner id (or 0), values. */
static db_stmt_t *source_rows(mig_t *m, err_t *e, const record_def_t *d)
{
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT id, %s", d->parent ? d->parent : "0");
    for (int i = 0; i < d->nfields; i++) buf_printf(&sql, ", %s", d->fields[i].name);
    buf_printf(&sql, " FROM %s WHERE site_id = ? ORDER BY id", d->table);
    db_stmt_t *st = db_query(m->src, e, sql.data, "i", m->src_site);
    buf_release(&sql);
    return st;
}

static int copy_site_meta(mig_t *m, err_t *e)
{
    db_stmt_t *st = db_query(m->src, e, "SELECT code, name, region, address, head_name, head_nip FROM site WHERE id = ?",
                             "i", m->src_site);
    if (!st || db_step(st, e) != 1) {
        db_finalize(st);
        return -1;
    }
    int64_t id = db_one_int(m->dst, e, "SELECT id FROM site WHERE code = ?", "t", m->code);
    if (id == 0)
        id = db_one_int(m->dst, e,
                        "INSERT INTO site(code, name, region, address, head_name, head_nip) VALUES (?,?,?,?,?,?) "
                        "RETURNING id",
                        "tttttt", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                        db_col_text(st, 4), db_col_text(st, 5));
    db_finalize(st);
    if (id <= 0) return -1;
    m->dst_site = id;
    /* users of the site: by name, keeping their password hash and role */
    st = db_query(m->src, e,
                  "SELECT u.name, u.full_name, u.role, u.password_hash, u.lang, u.active, u.created_at FROM app_user u "
                  "JOIN user_site us ON us.user_id = u.id WHERE us.site_id = ? ORDER BY u.id",
                  "i", m->src_site);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t uid = db_one_int(m->dst, e, "SELECT id FROM app_user WHERE name = ?", "t", db_col_text(st, 0));
        if (uid == 0)
            uid = db_one_int(m->dst, e,
                             "INSERT INTO app_user(name, full_name, role, password_hash, lang, active, created_at) "
                             "VALUES (?,?,?,?,?,?,?) RETURNING id",
                             "tttttit", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                             db_col_text(st, 4), db_col_int(st, 5), db_col_text(st, 6));
        if (uid <= 0) break;
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

static int copy_entity(mig_t *m, err_t *e, int k)
{
    const record_def_t *d = entities[k];
    db_stmt_t *st = source_rows(m, e, d);
    if (!st) return -1;
    const char **v = xcalloc((size_t)d->nfields, sizeof(char *));
    arena_t a;
    arena_init(&a);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t sid = db_col_int(st, 0), owner = db_col_int(st, 1);
        m->done++;
        if (m->done % 50 == 0) cli_progress(m->code, m->done, m->all);
        int64_t have = mapped(m->dst, e, m->code, d->entity, sid);
        if (have < 0) break;
        if (have > 0) continue;
        for (int i = 0; i < d->nfields; i++) v[i] = arena_strdup(&a, db_col_text(st, 2 + i));
        int64_t tid = 0;
        if (d == &wbp_def) {
            tid = db_one_int(m->dst, e, "SELECT id FROM wbp WHERE site_id = ? AND regno = ?", "it", m->dst_site,
                             v[WF_REGNO]);
            if (tid == 0) tid = rec_insert(m->dst, e, d, &migrate_actor, m->dst_site, v);
        } else {
            int64_t towner = mapped(m->dst, e, m->code, "wbp", owner);
            if (towner <= 0) {
                if (towner == 0) err_set(e, 500, "migrate_orphan", "%s #%lld: WBP pemiliknya belum dipindahkan",
                                         d->entity, (long long)sid);
                break;
            }
            tid = rec_insert_child(m->dst, e, d, &migrate_actor, m->dst_site, towner, v);
        }
        if (tid <= 0 || remember(m->dst, e, m->code, d->entity, sid, tid) < 0) break;
        m->copied[k]++;
        arena_release(&a);
    }
    if (rc == 1) rc = -1;
    db_finalize(st);
    arena_release(&a);
    free(v);
    return rc < 0 ? -1 : 0;
}

static int copy_site(db_t *dst, void *vm, err_t *e)
{
    mig_t *m = vm;
    (void)dst;
    memset(m->copied, 0, sizeof m->copied);
    m->done = 0;
    if (copy_site_meta(m, e) < 0) return -1;
    for (int k = 0; k < 4; k++)
        if (copy_entity(m, e, k) < 0) return -1;
    cli_progress(m->code, m->all, m->all);
    char after[300];
    snprintf(after, sizeof after, "{\"wbp\":%ld,\"remisi\":%ld,\"discipline\":%ld,\"sppn\":%ld}", m->copied[0],
             m->copied[1], m->copied[2], m->copied[3]);
    return audit_append(m->dst, e, &migrate_actor, m->dst_site, "migrate", "site", m->dst_site, NULL, after);
}

/* SHA-256 over an entity's rows of the site, in source-id order, values as text,
 * owners by their source id. side 0 reads the source, 1 the target via the map. */
static int checksum(mig_t *m, err_t *e, int k, int side, char out[65], long *count)
{
    const record_def_t *d = entities[k];
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    *count = 0;
    db_stmt_t *st = side == 0 ? source_rows(m, e, d)
                              : db_query(m->dst, e,
                                         "SELECT source_id, target_id FROM migration_map WHERE site_code = ? AND "
                                         "entity = ? ORDER BY source_id",
                                         "tt", m->code, d->entity);
    if (!st) return -1;
    arena_t a;
    arena_init(&a);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        const char **v;
        int64_t owner;
        rec_t r;
        if (side == 0) {
            v = arena_alloc(&a, sizeof(char *) * (size_t)d->nfields);
            for (int i = 0; i < d->nfields; i++) v[i] = arena_strdup(&a, db_col_text(st, 2 + i));
            owner = db_col_int(st, 1);
        } else {
            if (rec_load(m->dst, e, &a, d, 0, db_col_int(st, 1), &r) != 1) {
                rc = err_set(e, 500, "migrate_missing", "%s #%lld tidak ada di tujuan", d->entity,
                             (long long)db_col_int(st, 1));
                break;
            }
            v = r.v;
            owner = 0;
            if (d->parent) {
                buf_t q;
                buf_init(&q);
                buf_printf(&q, "SELECT m.source_id FROM %s c JOIN migration_map m ON m.target_id = c.%s AND "
                               "m.entity = 'wbp' AND m.site_code = ? WHERE c.id = ?",
                           d->table, d->parent);
                owner = db_one_int(m->dst, e, q.data, "ti", m->code, r.id);
                buf_release(&q);
            }
        }
        char num[32];
        snprintf(num, sizeof num, "%lld|", (long long)owner);
        crypto_hash_sha256_update(&hs, (const unsigned char *)num, strlen(num));
        for (int i = 0; i < d->nfields; i++) {
            const char *s = v[i] ? v[i] : "\x01";
            crypto_hash_sha256_update(&hs, (const unsigned char *)s, strlen(s));
            crypto_hash_sha256_update(&hs, (const unsigned char *)"\x1f", 1);
        }
        (*count)++;
        arena_release(&a);
    }
    db_finalize(st);
    arena_release(&a);
    unsigned char h[32];
    crypto_hash_sha256_final(&hs, h);
    hex_encode(h, 32, out);
    return rc < 0 ? -1 : 0;
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
                                         {"site", required_argument, 0, 's'}, {"db", required_argument, 0, 'd'},
                                         {"help", no_argument, 0, 'h'},       {0}};
    const char *from = NULL, *to = NULL, *only = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 's': only = optarg; break;
        case 'd': break; /* accepted like every command; --from/--to name the databases */
        case 'h':
            printf("Pemakaian: bekal migrate --from sqlite:BERKAS --to postgres://... [--site KODE]\n\n"
                   "Memindahkan data satu Lapas (lokasi, pengguna, register WBP, remisi, disiplin, SPPN) ke basis data\n"
                   "wilayah. Aman diulang: baris yang sudah dipindahkan tidak disalin lagi. Di akhir, jumlah baris dan\n"
                   "checksum SHA-256 sumber dan tujuan dibandingkan.\n");
            return 0;
        default: return cli_usage_error("migrate", "opsi tidak dikenal atau tanpa nilai: %s", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage_error("migrate", "argumen tidak dikenal: %s", argv[optind]);
    if (!from || !to) return cli_usage_error("migrate", "--from dan --to wajib diisi");
    db_t *src = cli_open_db(from), *dst = src ? cli_open_db(to) : NULL;
    if (!src || !dst) {
        db_close(src);
        return 1;
    }
    err_t e;
    err_clear(&e);
    int bad = 0;
    db_stmt_t *sites = db_query(src, &e, "SELECT id, code FROM site WHERE (CAST(? AS TEXT) IS NULL OR code = ?) ORDER BY code",
                                "tt", only, only);
    int nsites = 0;
    while (sites && db_step(sites, &e) == 1) {
        nsites++;
        mig_t m = {src, dst, NULL, db_col_int(sites, 0), 0, {0}, {0}, 0, 0};
        char code[64];
        snprintf(code, sizeof code, "%s", db_col_text(sites, 1));
        m.code = code;
        for (int k = 0; k < 4; k++) {
            buf_t q;
            buf_init(&q);
            buf_printf(&q, "SELECT count(*) FROM %s WHERE site_id = ?", entities[k]->table);
            m.total[k] = (long)db_one_int(src, &e, q.data, "i", m.src_site);
            buf_release(&q);
            m.all += m.total[k];
        }
        if (db_tx(dst, copy_site, &m, &e) < 0) {
            fprintf(stderr, "bekal migrate: lokasi %s gagal, tidak ada yang disimpan untuk lokasi ini: %s\n", code, e.msg);
            bad = 1;
            continue;
        }
        printf("Lokasi %s: %ld WBP, %ld remisi, %ld disiplin, %ld SPPN disalin (sisanya sudah ada).\n", code,
               m.copied[0], m.copied[1], m.copied[2], m.copied[3]);
        for (int k = 0; k < 4; k++) {
            char hs[65], ht[65];
            long ns = 0, nt = 0;
            if (checksum(&m, &e, k, 0, hs, &ns) < 0 || checksum(&m, &e, k, 1, ht, &nt) < 0) {
                fprintf(stderr, "bekal migrate: verifikasi %s %s gagal: %s\n", code, entities[k]->entity, e.msg);
                bad = 1;
                continue;
            }
            bool ok = ns == nt && str_eq(hs, ht);
            printf("  %-10s sumber %7ld baris  tujuan %7ld baris  checksum %.16s %s\n", entities[k]->entity, ns, nt,
                   hs, ok ? "cocok" : "TIDAK COCOK");
            if (!ok) bad = 1;
        }
    }
    db_finalize(sites);
    if (nsites == 0 && only) {
        fprintf(stderr, "bekal migrate: lokasi %s tidak ada di sumber\n", only);
        bad = 1;
    }
    db_close(src);
    db_close(dst);
    return bad;
}
