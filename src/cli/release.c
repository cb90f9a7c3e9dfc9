/* release.c — `bekal release apply-due`: applies the scheduled releases whose date
 * has come (issue 22). `bekal serve` does the same at start and once a day; this
 * command is for a site that does not keep the server running (cron). */
#include "cli.h"
#include "../store/release_store.h"
#include "../util/i18n.h"
#include <string.h>

static void release_help(void)
{
    printf("%s", _("Pemakaian: bekal release apply-due [--db URL]\n"
                   "Menerapkan pembebasan terjadwal yang tanggalnya sudah tiba: kepesertaan pelatihan diakhiri,\n"
                   "status WBP menjadi bebas dan premi dibayarkan. `bekal serve` melakukannya saat mulai dan\n"
                   "setiap hari.\n"));
}

int cmd_release(int argc, char **argv)
{
    const char *url = cli_default_db();
    const cli_opt_t opts[] = {{0}};
    int prc = cli_parse("release", argc, argv, opts, &url, release_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc || !str_eq(argv[optind], "apply-due"))
        return cli_usage_error("release", "%s", _("sebutkan perintah: apply-due"));
    if (optind + 1 < argc) return cli_usage_error("release", _("argumen tidak dikenal: %s"), argv[optind + 1]);
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    int applied = 0, failed = 0;
    int rc = release_apply_due(db, &e, today, &applied, &failed);
    if (rc < 0) fprintf(stderr, "bekal release: %s\n", e.msg);
    else printf(_("%d pembebasan terjadwal diterapkan, %d gagal\n"), applied, failed);
    db_close(db);
    return rc < 0 || failed ? 1 : 0;
}
