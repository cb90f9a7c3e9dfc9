/* init.c — `bekal init [--demo]`: create or migrate the database, optionally seed demo data. */
#include "cli.h"
#include "demo.h"
#include <string.h>

static void init_help(void)
{
    printf("Pemakaian: bekal init [--demo] [--db URL]\n\n"
           "Membuat basis data baru atau menerapkan migrasi yang belum dijalankan (aman diulang).\n"
           "  --demo     isi data contoh: Lapas Kelas IIB Ketapang, pengguna tiap peran, 300+ WBP fiktif\n"
           "  --db URL   berkas SQLite atau postgres://... (bawaan: $BEKAL_DB atau bekal.db)\n");
}

int cmd_init(int argc, char **argv)
{
    const char *url = cli_default_db();
    bool demo = false;
    const cli_opt_t opts[] = {CLI_FLAG("demo", &demo), {0}};
    int prc = cli_parse("init", argc, argv, opts, &url, init_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error("init", "argumen tidak dikenal: %s", argv[optind]);
    err_t e;
    err_clear(&e);
    db_t *db = NULL;
    if (db_open(url, &db, &e) < 0 || db_migrate(db, &e) < 0) {
        fprintf(stderr, "bekal init: %s\n", e.msg);
        db_close(db);
        return 1;
    }
    printf("Basis data siap: %s\n", url);
    if (demo) {
        if (demo_seed(db, &e) < 0) {
            fprintf(stderr, "bekal init: data contoh gagal dibuat: %s\n", e.msg);
            db_close(db);
            return 1;
        }
        printf("Data contoh tersedia.\n%s", demo_logins);
    }
    db_close(db);
    return 0;
}
