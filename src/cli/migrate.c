/* migrate.c — `bekal migrate --from sqlite:PATH --to postgres://...`: moves a
 * prison's data into the regional database. The engine (table list, id mapping,
 * copy, audit chain, checksums) is store/migrate_store.c; this file reads the
 * options and opens the two databases. `bekal migrate --tables` prints the list
 * (tests/http/test_migrate.py compares it with the schema). */
#include "cli.h"
#include "../store/migrate_store.h"
#include <getopt.h>

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
                                         {"site", required_argument, 0, 's'}, {"db", required_argument, 0, 'd'},
                                         {"tables", no_argument, 0, 'T'},     {"help", no_argument, 0, 'h'},
                                         {0}};
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
        case 'T': migrate_print_tables(stdout); return 0;
        case 'h':
            printf("Pemakaian: bekal migrate --from sqlite:BERKAS --to postgres://... [--site KODE]\n"
                   "          bekal migrate --tables\n\n"
                   "Memindahkan seluruh data satu Lapas (lokasi, pengguna, register WBP dan pembinaan, PKS dan\n"
                   "program, produksi dan premi, penempatan, pelatihan dan sertifikat, usulan, pembebasan, log audit)\n"
                   "ke basis data wilayah. Aman diulang: baris yang sudah dipindahkan tidak disalin lagi. Di akhir,\n"
                   "jumlah baris dan checksum SHA-256 sumber dan tujuan dibandingkan per tabel.\n"
                   "--tables mencetak daftar tabel dan cara tiap tabel dipindahkan.\n");
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
    int bad = migrate_run(src, dst, only, cli_progress, stdout, stderr);
    db_close(src);
    db_close(dst);
    return bad;
}
