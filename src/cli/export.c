/* export.c — `bekal export wbp [--format csv|json] [--site KODE]`: the whole WBP
 * register to stdout, streamed row by row by wbp_export() (store/wbp_import.c); the
 * CSV has the import's columns (site + field names), so it re-imports unchanged. */
#include "cli.h"
#include "../store/wbp_import.h"
#include <stdlib.h>
#include <string.h>

static void export_help(void)
{
    printf("Pemakaian: bekal export wbp [--format csv|json] [--site KODE] [--db URL]\n\n"
           "Menulis seluruh register WBP ke stdout.\n"
           "  --format csv   (bawaan) baris judul berisi site dan nama kolom; dapat diimpor kembali dengan\n"
           "                 `bekal import wbp`. Sel yang diawali = + - @ diberi awalan ' (pengaman rumus).\n"
           "  --format json  larik objek: id, site dan setiap isian\n"
           "  --site KODE    hanya lokasi ini\n"
           "  --db URL       berkas SQLite atau postgres://... (bawaan: $BEKAL_DB atau bekal.db)\n");
}

static int to_stdout(void *ctx, const char *data, size_t n, err_t *e)
{
    (void)ctx;
    if (fwrite(data, 1, n, stdout) != n) return err_set(e, 500, "write_failed", "gagal menulis ke stdout");
    return 0;
}

int cmd_export(int argc, char **argv)
{
    const char *url = cli_default_db(), *site = NULL, *format = "csv";
    const cli_opt_t opts[] = {CLI_VAL("format", &format), CLI_VAL("site", &site), {0}};
    int prc = cli_parse("export", argc, argv, opts, &url, export_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (!str_eq(format, "csv") && !str_eq(format, "json"))
        return cli_usage_error("export", "format tidak dikenal: %s (csv atau json)", format);
    if (optind >= argc) return cli_usage_error("export", "sebutkan jenis data: bekal export wbp");
    if (!str_eq(argv[optind], "wbp"))
        return cli_usage_error("export", "jenis data tidak dikenal: %s (yang ada: wbp)", argv[optind]);
    if (optind + 1 < argc) return cli_usage_error("export", "argumen tidak dikenal: %s", argv[optind + 1]);
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    long n = wbp_export(db, &e, 0, site, str_eq(format, "json") ? WBP_EXPORT_JSON : WBP_EXPORT_CSV, to_stdout, NULL);
    db_close(db);
    if (n >= 0 && (fflush(stdout) != 0 || ferror(stdout))) n = err_set(&e, 500, "write_failed", "gagal menulis ke stdout");
    if (n < 0) {
        fprintf(stderr, "bekal export: %s\n", e.msg);
        return 1;
    }
    return 0;
}
