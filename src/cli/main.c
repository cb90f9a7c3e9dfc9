/* main.c — the `bekal` program: global options and the subcommand table. */
#include "cli.h"
#include "../util/conf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"init", cmd_init, "membuat atau memigrasi basis data (--demo: data contoh)"},
    {"serve", cmd_serve, "menjalankan aplikasi web dan API"},
    {"site", cmd_site, "mengelola lokasi: Lapas, Rutan, LPKA (add, list)"},
    {"user", cmd_user, "mengelola akun pengguna (add, list, passwd)"},
    {"caseload", cmd_caseload, "penugasan WBP kepada wali pemasyarakatan (assign, end, list)"},
    {"token", cmd_token, "membuat token API untuk pengguna"},
    {"import", cmd_import, "mengimpor data dari CSV (wbp)"},
    {"export", cmd_export, "mengekspor data (wbp) ke CSV atau JSON"},
    {"check", cmd_check, "memeriksa integritas basis data dan rantai log audit"},
    {"calc", cmd_calc, "kalkulator tanggal pidana (sentence) dan syarat asimilasi"},
    {"eligibility", cmd_eligibility, "penyaringan syarat asimilasi semua WBP pada suatu tanggal"},
    {"migrate", cmd_migrate, "memindahkan data Lapas dari SQLite ke basis data wilayah (PostgreSQL)"},
    {"sync", cmd_sync, "satu putaran sinkronisasi lokasi ini dengan hub Kanwil (--hub URL)"},
    {"rules", cmd_rules, "menampilkan aturan asimilasi yang berlaku (rules show)"},
    {"routes", cmd_routes, "menampilkan tabel rute web dan API (metode, pola, peran, tanda)"},
    {"backup", cmd_backup, "membuat cadangan basis data SQLite yang konsisten (boleh saat serve berjalan)"},
    {"restore", cmd_restore, "memulihkan basis data SQLite dari cadangan"},
    {"place", cmd_place, "usulan penempatan calon peserta ke program satu tahap PKS (--apply: simpan)"},
    {"report", cmd_report, "laporan: monthly (bulanan ke Kanwil), revenue, pnbp, premi, statement (CSV, XLSX, PDF)"},
    {"release", cmd_release, "menerapkan pembebasan terjadwal yang tanggalnya tiba (apply-due)"},
    {"access-log", cmd_access_log, "log akses data pribadi: menghapus entri yang melewati masa simpan (prune)"},
    {"reconcile", cmd_reconcile, "membandingkan tanggal pidana dengan ekspor SDP (reconcile sdp BERKAS.csv)"},
    {"certificate", cmd_certificate, "sertifikat pelatihan: cetak PDF (pdf NOMOR) atau daftar (list)"},
};

static void usage(FILE *f)
{
    fprintf(f, "Pemakaian: bekal [--db URL] PERINTAH [OPSI]...\n\n"
               "Bekal: program pelatihan kerja WBP, dari PKS sampai pasca-bebas.\n\nPerintah:\n");
    for (size_t i = 0; i < ARRAY_LEN(commands); i++) fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOpsi umum:\n"
               "  --db URL      berkas SQLite atau postgres://... (bawaan: $BEKAL_DB, `db` di berkas\n"
               "                konfigurasi, atau bekal.db)\n"
               "  --config BERKAS  berkas konfigurasi `kunci = nilai` (bawaan: $BEKAL_CONFIG, atau\n"
               "                " CONF_DEFAULT_PATH " bila ada; $BEKAL_CONFIG=none: tanpa berkas);\n"
               "                baris perintah menang atas lingkungan, lingkungan atas berkas\n"
               "  --help        bantuan ini; `bekal PERINTAH --help` untuk tiap perintah\n"
               "  --version     versi program\n");
}

const char *cli_default_db(void)
{
    const char *v = getenv("BEKAL_DB");
    return v && *v ? v : "bekal.db";
}

/* An existing database (a SQLite file must be there: `bekal init` makes it), brought
 * up to date, or opened read-only as it is; NULL after a message on stderr. */
static db_t *open_existing(const char *url, bool readonly)
{
    err_t e;
    err_clear(&e);
    const char *path = str_startswith(url, "sqlite:") ? url + 7 : url;
    struct stat sb;
    if (!str_startswith(url, "postgres") && stat(path, &sb) != 0) {
        fprintf(stderr, "bekal: basis data %s belum ada; jalankan `bekal init` dahulu\n", path);
        return NULL;
    }
    db_t *db = NULL;
    if (readonly ? db_open_readonly(url, &db, &e) < 0 : (db_open(url, &db, &e) < 0 || db_migrate(db, &e) < 0)) {
        fprintf(stderr, "bekal: %s\n", e.msg);
        db_close(db);
        return NULL;
    }
    return db;
}

db_t *cli_open_db(const char *url) { return open_existing(url, false); }
db_t *cli_open_db_readonly(const char *url) { return open_existing(url, true); }

int cli_session_open(cli_session_t *s, const char *url)
{
    s->db = cli_open_db(url);
    if (!s->db) return -1;
    err_clear(&s->e);
    arena_init(&s->a);
    return 0;
}

void cli_session_close(cli_session_t *s)
{
    arena_release(&s->a);
    db_close(s->db);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "bekal %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(lihat `bekal %s --help`)\n", cmd);
    return 2;
}

char *cli_read_line_stdin(void)
{
    buf_t b;
    buf_init(&b);
    int c;
    while ((c = getchar()) != EOF && c != '\n') buf_putc(&b, (char)c);
    if (c == EOF && b.len == 0) {
        buf_release(&b);
        return NULL;
    }
    if (b.len && b.data[b.len - 1] == '\r') b.data[--b.len] = 0;
    return buf_steal(&b);
}

bool cli_progress_enabled(void) { return isatty(STDERR_FILENO); }

void cli_progress(const char *label, long done, long total)
{
    if (!cli_progress_enabled() || total <= 0) return;
    int width = 30, fill = (int)(width * done / total);
    fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld", label, fill, "##############################", width - fill, "", done,
            total);
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

/* The configuration file: --config FILE (before or after the subcommand), else
 * $BEKAL_CONFIG ("none": no file), else CONF_DEFAULT_PATH when it exists. It sets
 * the variables the environment does not set yet. Returns 0, or 2 after printing
 * what is wrong. */
static int load_config(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc && !path; i++) {
        if (str_eq(argv[i], "--")) break;
        if (str_eq(argv[i], "--config") && i + 1 < argc) path = argv[i + 1];
        else if (str_startswith(argv[i], "--config=")) path = argv[i] + 9;
    }
    if (!path) path = getenv("BEKAL_CONFIG");
    if (path && (!*path || str_eq(path, "none"))) return 0;
    if (!path) {
        if (access(CONF_DEFAULT_PATH, F_OK) != 0) return 0;
        path = CONF_DEFAULT_PATH;
    }
    err_t e;
    err_clear(&e);
    if (conf_load(path, &e) < 0) {
        fprintf(stderr, "bekal: %s\n", e.msg);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fputs("bekal: libsodium gagal dimulai\n", stderr);
        return 1;
    }
    /* The command line speaks $BEKAL_LANG ("en" or Indonesian), not $LANG, so
     * scripts that read its messages see the same language everywhere. */
    i18n_init();
    i18n_use(getenv("BEKAL_LANG"));
    if (load_config(argc, argv) != 0) return 2;
    int i = 1;
    /* Global options before the subcommand; --db is exported so every subcommand sees it. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (str_eq(argv[i], "--help") || str_eq(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (str_eq(argv[i], "--version")) {
            printf("bekal %s\n", BEKAL_VERSION);
            return 0;
        } else if (str_eq(argv[i], "--db") && i + 1 < argc) {
            setenv("BEKAL_DB", argv[++i], 1);
        } else if (str_startswith(argv[i], "--db=")) {
            setenv("BEKAL_DB", argv[i] + 5, 1);
        } else if (str_eq(argv[i], "--config") && i + 1 < argc) {
            i++; /* read by load_config */
        } else if (str_startswith(argv[i], "--config=")) {
        } else {
            fprintf(stderr, "bekal: opsi tidak dikenal: %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    for (size_t c = 0; c < ARRAY_LEN(commands); c++)
        if (str_eq(argv[i], commands[c].name)) return commands[c].fn(argc - i, argv + i);
    fprintf(stderr, "bekal: perintah tidak dikenal: %s\n", argv[i]);
    usage(stderr);
    return 2;
}

/* The file's bytes: mapped when possible (no copy of a large file), else read. */
int cli_read_file(const char *cmd, const char *path, cli_file_t *fd)
{
    memset(fd, 0, sizeof *fd);
    int f = str_eq(path, "-") ? STDIN_FILENO : open(path, O_RDONLY);
    if (f < 0) {
        fprintf(stderr, "bekal %s: %s %s: %s\n", cmd, _("tidak dapat membuka"), path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(f, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, f, 0);
        if (p != MAP_FAILED) {
            fd->data = p;
            fd->len = (size_t)sb.st_size;
            fd->mapped = true;
            if (f != STDIN_FILENO) close(f);
            return 0;
        }
    }
    buf_t b;
    buf_init(&b);
    char chunk[65536];
    ssize_t n;
    while ((n = read(f, chunk, sizeof chunk)) > 0) buf_append(&b, chunk, (size_t)n);
    int err = n < 0 ? errno : 0;
    if (f != STDIN_FILENO) close(f);
    if (err) {
        fprintf(stderr, "bekal %s: %s %s: %s\n", cmd, _("gagal membaca"), path, strerror(err));
        buf_release(&b);
        return -1;
    }
    fd->len = b.len;
    fd->data = b.data ? buf_steal(&b) : xstrdup("");
    return 0;
}

void cli_file_release(cli_file_t *fd)
{
    if (fd->mapped) munmap(fd->data, fd->len);
    else free(fd->data);
}
