/* migrate.c — `bekal migrate --from sqlite:PATH --to postgres://...`: moves a
 * prison's data into the regional database. The engine (table list, id mapping,
 * copy, audit chain, checksums) is store/migrate_store.c; this file reads the
 * options and opens the two databases. `bekal migrate --tables` prints the list
 * (tests/http/test_migrate.py compares it with the schema). */
#include "cli.h"
#include "../store/migrate_store.h"
#include <getopt.h>

static void migrate_help(void)
{
    printf("Pemakaian: bekal migrate --from sqlite:BERKAS --to postgres://... [--site KODE]\n"
           "          bekal migrate --tables\n\n"
           "Memindahkan seluruh data satu Lapas (lokasi, pengguna, register WBP dan pembinaan, PKS dan\n"
           "program, produksi dan premi, penempatan, pelatihan dan sertifikat, usulan, pembebasan, log audit)\n"
           "ke basis data wilayah. Aman diulang: baris yang sudah dipindahkan tidak disalin lagi. Di akhir,\n"
           "jumlah baris dan checksum SHA-256 sumber dan tujuan dibandingkan per tabel.\n"
           "--tables mencetak daftar tabel dan cara tiap tabel dipindahkan.\n");
}

int cmd_migrate(int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *only = NULL, *db_ignored = NULL, *none[1];
    bool tables = false;
    /* --db is accepted like every command's; --from/--to name the databases */
    const cli_opt_t opts[] = {CLI_VAL("from", &from), CLI_VAL("to", &to), CLI_VAL("site", &only), CLI_FLAG("tables", &tables),
                              {0}};
    int prc = cli_parse("migrate", argc, argv, opts, &db_ignored, migrate_help, none, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (tables) {
        migrate_print_tables(stdout);
        return 0;
    }
    if (!from || !to) return cli_usage_error("migrate", "--from dan --to wajib diisi");
    db_t *src = cli_open_db(from), *dst = src ? cli_open_db(to) : NULL;
    if (!src || !dst) {
        db_close(src);
        return 1;
    }
    int bad = migrate_run(src, dst, only, cli_progress, stdout, stderr);
    db_close(src);
    db_close(dst);
    return bad;
}
