/* release.c — `bekal release apply-due`: applies the scheduled releases whose date
 * has come (issue 22). `bekal serve` does the same at start and once a day; this
 * command is for a site that does not keep the server running (cron). */
#include "cli.h"
#include "../store/release_store.h"
#include "../store/transfer_store.h"
#include "../util/i18n.h"
#include <string.h>

static void release_help(void)
{
    printf("%s", _("Pemakaian: bekal release apply-due [--db URL]\n"
                   "Menerapkan pembebasan terjadwal yang tanggalnya sudah tiba: kepesertaan pelatihan diakhiri,\n"
                   "status WBP menjadi bebas dan premi dibayarkan. Juga menerapkan pemindahan terjadwal yang\n"
                   "tanggalnya sudah tiba. `bekal serve` melakukannya saat mulai dan setiap hari.\n"));
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
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) return 1;
    char today[11];
    today_iso(today);
    int applied = 0, failed = 0;
    int rc = release_apply_due(cs.db, &cs.e, today, &applied, &failed);
    if (rc < 0) fprintf(stderr, "bekal release: %s\n", cs.e.msg);
    else printf(_("%d pembebasan terjadwal diterapkan, %d gagal\n"), applied, failed);
    /* scheduled transfers (issue 26) fall due the same way */
    int tr_applied = 0, tr_failed = 0;
    if (rc == 0) {
        rc = transfer_apply_due(cs.db, &cs.e, today, &tr_applied, &tr_failed);
        if (rc < 0) fprintf(stderr, "bekal release: %s\n", cs.e.msg);
        else printf(_("%d pemindahan terjadwal diterapkan, %d gagal\n"), tr_applied, tr_failed);
        failed += tr_failed;
    }
    cli_session_close(&cs);
    return rc < 0 || failed ? 1 : 0;
}
