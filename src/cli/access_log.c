/* access_log.c — `bekal access-log prune`: deletes the entries of the access log of
 * personal data older than the retention period in force (setting
 * access_log.retention_days), audited as one entry. `bekal serve` does the same at
 * start and once a day; this command is for a site that does not keep the server
 * running (cron). */
#include "cli.h"
#include "../store/access_log_store.h"
#include "../util/i18n.h"
#include <string.h>

static void access_log_help(void)
{
    printf("%s", _("Pemakaian: bekal access-log prune [--db URL]\n"
                   "Menghapus entri log akses data pribadi yang lebih tua dari masa simpan (pengaturan\n"
                   "access_log.retention_days, hari). Penghapusan dicatat di log audit. `bekal serve`\n"
                   "melakukannya saat mulai dan setiap hari.\n"));
}

int cmd_access_log(int argc, char **argv)
{
    const char *url = cli_default_db(), *pos[2];
    int npos;
    int rc0 = cli_parse("access-log", argc, argv, NULL, &url, access_log_help, pos, 2, &npos);
    if (rc0 != CLI_RUN) return rc0;
    if (npos < 1 || !str_eq(pos[0], "prune"))
        return cli_usage_error("access-log", "%s", _("sebutkan perintah: prune"));
    if (npos > 1) return cli_usage_error("access-log", _("argumen tidak dikenal: %s"), pos[1]);
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) return 1;
    char today[11];
    today_iso(today);
    int64_t deleted;
    char keep_from[11];
    int rc = access_log_prune(cs.db, &cs.e, &audit_cli_actor, today, &deleted, keep_from);
    if (rc < 0) fprintf(stderr, "bekal access-log: %s\n", cs.e.msg);
    else printf(_("%lld entri log akses sebelum %s dihapus\n"), (long long)deleted, keep_from);
    cli_session_close(&cs);
    return rc < 0 ? 1 : 0;
}
