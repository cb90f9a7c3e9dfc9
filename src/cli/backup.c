/* backup.c — `bekal backup FILE` and `bekal restore FILE` for SQLite databases.
 *
 * backup: a consistent snapshot through SQLite's online backup API (db_backup), taken
 * while `bekal serve` keeps running, written to FILE.tmp-PID, checked (integrity and
 * the audit chain), synced and renamed to FILE, so FILE is either absent or complete.
 *
 * restore: FILE is first copied into a staging file next to the target and checked
 * there (integrity, a Bekal schema, the audit chain) and brought up to the current
 * schema; only then is the target's whole content replaced from the staging copy in
 * one SQLite transaction (db_restore). A failure at any step leaves the target as it
 * was; a running server sees the old or the new database, never a mix. A target that
 * already exists is replaced only with --force.
 *
 * PostgreSQL: both commands refuse and point to pg_dump / pg_basebackup (README). */
#include "cli.h"
#include "../store/audit.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pg_hint[] =
    "basis data PostgreSQL dicadangkan dan dipulihkan dengan alat PostgreSQL sendiri (pg_dump/pg_restore, "
    "atau pg_basebackup); lihat README, bagian \"Cadangan dan pemulihan\"";

static const char *sqlite_path(const char *url) { return str_startswith(url, "sqlite:") ? url + 7 : url; }

/* Integrity, a Bekal schema and an intact audit chain. Prints what is wrong;
 * returns 0 when all is well (counts in *wbp and *audit), -1 otherwise. */
static void print_problem(void *what, const char *msg) { fprintf(stderr, "bekal: %s rusak: %s\n", (const char *)what, msg); }

static int verify(db_t *db, const char *what, int64_t *wbp, int64_t *audit)
{
    err_t e;
    err_clear(&e);
    int bad = db_integrity_check(db, &e, print_problem, (void *)what);
    if (bad < 0) {
        fprintf(stderr, "bekal: %s tidak dapat diperiksa: %s\n", what, e.msg);
        return -1;
    }
    if (bad) return -1;
    err_clear(&e);
    if ((*wbp = db_bekal_wbp_count(db, &e)) < 0) {
        fprintf(stderr, "bekal: %s bukan basis data Bekal: %s\n", what, e.msg);
        return -1;
    }
    if (audit_verify(db, &e, audit) < 0) {
        fprintf(stderr, "bekal: %s: rantai log audit tidak utuh: %s\n", what, e.msg);
        return -1;
    }
    return 0;
}

/* fsync of a file or directory; -1 on failure. */
static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}
static int sync_dir_of(const char *path)
{
    char *copy = xstrdup(path);
    int rc = sync_path(dirname(copy));
    free(copy);
    return rc;
}
/* Removes an SQLite file and its -wal/-shm/-journal companions. */
static void remove_db_files(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "%s%s", path, suffix[i]);
        unlink(b.data);
        buf_release(&b);
    }
}

static void backup_help(void)
{
    printf("Pemakaian: bekal backup BERKAS [--force] [--db URL]\n\n"
           "Menyalin basis data SQLite ke BERKAS dengan API cadangan daring SQLite: salinan yang\n"
           "konsisten, boleh saat `bekal serve` berjalan. Salinan diperiksa (integritas dan rantai log\n"
           "audit) lalu baru diberi nama BERKAS; BERKAS tidak pernah setengah jadi.\n"
           "  --force   timpa BERKAS bila sudah ada\n"
           "PostgreSQL: gunakan pg_dump atau pg_basebackup (lihat README).\n");
}
static void restore_help(void)
{
    printf("Pemakaian: bekal restore BERKAS [--force] [--db URL]\n\n"
           "Memulihkan basis data SQLite (--db) dari cadangan BERKAS. BERKAS diperiksa lebih dulu\n"
           "(integritas, skema Bekal, rantai log audit) pada salinan sementara; lalu seluruh isi basis\n"
           "data tujuan diganti dalam satu transaksi. Bila ada langkah yang gagal, tujuan tidak berubah.\n"
           "  --force   ganti basis data tujuan yang sudah ada (tanpa --force: ditolak)\n"
           "Sebaiknya hentikan `bekal serve` lebih dulu: perubahan setelah cadangan dibuat akan hilang.\n"
           "PostgreSQL: gunakan pg_restore/psql (lihat README).\n");
}

/* A backup or restore: the database, the backup file, --force; the staging database
 * beside the file it is made for (temp_db), the error of the steps, and what verify()
 * counted. */
typedef struct {
    const char *url, *file;
    bool force;
    buf_t tmp;
    err_t e;
    int64_t wbp, audit;
} bk_job_t;

/* Options shared by both commands: CLI_RUN with *j filled, or the exit code after a
 * usage error or for a PostgreSQL database (they copy SQLite files). */
static int parse_args(const char *cmd, int argc, char **argv, bk_job_t *j)
{
    memset(j, 0, sizeof *j);
    buf_init(&j->tmp);
    err_clear(&j->e);
    j->url = cli_default_db();
    const cli_opt_t opts[] = {CLI_FLAG("force", &j->force), {0}};
    int prc = cli_parse(cmd, argc, argv, opts, &j->url, str_eq(cmd, "backup") ? backup_help : restore_help, NULL, 0,
                        NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc) return cli_usage_error(cmd, "sebutkan BERKAS cadangan");
    if (optind + 1 < argc) return cli_usage_error(cmd, "argumen tidak dikenal: %s", argv[optind + 1]);
    if (str_startswith(j->url, "postgres")) {
        fprintf(stderr, "bekal %s: %s\n", cmd, pg_hint);
        return 1;
    }
    j->file = argv[optind];
    return CLI_RUN;
}

/* j->tmp gets a staging database path beside path (path.TAG-PID), with no file left there. */
static void temp_db(bk_job_t *j, const char *path, const char *tag)
{
    buf_printf(&j->tmp, "%s.%s-%ld", path, tag, (long)getpid());
    remove_db_files(j->tmp.data);
}

int cmd_backup(int argc, char **argv)
{
    bk_job_t j;
    int rc = parse_args("backup", argc, argv, &j);
    if (rc != CLI_RUN) return rc;
    const char *file = j.file;
    struct stat sb;
    if (!j.force && stat(file, &sb) == 0) {
        fprintf(stderr, "bekal backup: %s sudah ada; pilih nama lain atau pakai --force\n", file);
        return 1;
    }
    db_t *db = cli_open_db_readonly(j.url);
    if (!db) return 1;
    temp_db(&j, file, "tmp");
    rc = 1;
    if (db_backup(db, j.tmp.data, &j.e) < 0) {
        fprintf(stderr, "bekal backup: %s\n", j.e.msg);
        goto out;
    }
    db_t *copy = NULL;
    if (db_open(j.tmp.data, &copy, &j.e) < 0) {
        fprintf(stderr, "bekal backup: salinan tidak dapat dibuka: %s\n", j.e.msg);
        goto out;
    }
    int ok = verify(copy, "salinan", &j.wbp, &j.audit);
    /* a rollback-journal file: one self-contained file that opens even read-only
     * (a WAL file would grow -wal/-shm companions wherever it is read) */
    if (ok == 0 && db_exec(copy, "PRAGMA journal_mode=DELETE", &j.e) < 0) {
        fprintf(stderr, "bekal backup: %s\n", j.e.msg);
        ok = -1;
    }
    db_close(copy);
    if (ok < 0) goto out;
    if (sync_path(j.tmp.data) < 0 || rename(j.tmp.data, file) < 0 || sync_dir_of(file) < 0) {
        fprintf(stderr, "bekal backup: gagal menulis %s: %s\n", file, strerror(errno));
        goto out;
    }
    printf("Cadangan tersimpan di %s: %lld WBP, %lld entri log audit (rantai utuh)\n", file, (long long)j.wbp,
           (long long)j.audit);
    rc = 0;
out:
    if (rc) remove_db_files(j.tmp.data);
    buf_release(&j.tmp);
    db_close(db);
    return rc;
}

int cmd_restore(int argc, char **argv)
{
    bk_job_t j;
    int rc = parse_args("restore", argc, argv, &j);
    if (rc != CLI_RUN) return rc;
    const char *file = j.file, *target = sqlite_path(j.url);
    struct stat sb;
    if (stat(file, &sb) != 0) {
        fprintf(stderr, "bekal restore: berkas cadangan %s tidak ada\n", file);
        return 1;
    }
    if (!j.force && stat(target, &sb) == 0 && sb.st_size > 0) {
        fprintf(stderr, "bekal restore: basis data %s sudah ada; pakai --force untuk menggantinya dengan isi %s\n",
                target, file);
        return 1;
    }
    temp_db(&j, target, "restore");
    rc = 1;
    db_t *stage = NULL, *db = NULL;
    /* 1. stage and check the backup without touching the target */
    if (db_open(j.tmp.data, &stage, &j.e) < 0 || db_restore(stage, file, &j.e) < 0) {
        fprintf(stderr, "bekal restore: %s tidak dapat dibaca sebagai cadangan: %s\n", file, j.e.msg);
        goto out;
    }
    if (verify(stage, file, &j.wbp, &j.audit) < 0) goto out;
    if (db_migrate(stage, &j.e) < 0) {
        fprintf(stderr, "bekal restore: migrasi skema cadangan gagal: %s\n", j.e.msg);
        goto out;
    }
    db_close(stage);
    stage = NULL;
    /* 2. replace the target's content in one transaction */
    if (db_open(j.url, &db, &j.e) < 0 || db_restore(db, j.tmp.data, &j.e) < 0) {
        fprintf(stderr, "bekal restore: %s\n", j.e.msg);
        goto out;
    }
    printf("Basis data %s dipulihkan dari %s: %lld WBP, %lld entri log audit (rantai utuh)\n", target, file,
           (long long)j.wbp, (long long)j.audit);
    rc = 0;
out:
    db_close(stage);
    db_close(db);
    remove_db_files(j.tmp.data);
    buf_release(&j.tmp);
    return rc;
}
