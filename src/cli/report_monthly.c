/* report_monthly.c — `bekal report monthly --month YYYY-MM [--site CODE | --region]
 * --format pdf|xlsx|csv [-o FILE]`: the monthly report to the regional office
 * (report/sections.h), to a file or stdout. */
#include "cli.h"
#include "../report/sections.h"
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static void report_help(void)
{
    printf("Pemakaian: bekal report monthly --month YYYY-MM [--site KODE | --region] --format pdf|xlsx|csv\n"
           "                            [-o BERKAS] [--db URL]\n\n"
           "Laporan bulanan ke Kanwil: PKS dan masa berlakunya, alur calon peserta (syarat asimilasi),\n"
           "peserta per kejuruan dan tahap, pendapatan/PNBP/premi per bulan, WBP bebas dan keadaannya.\n"
           "  --site KODE  satu lokasi (kop surat lokasi itu); --region: semua lokasi\n"
           "  -o BERKAS    tulis ke berkas (bawaan: stdout)\n");
}

int cmd_report_monthly(int argc, char **argv)
{
    const char *url = cli_default_db(), *site = NULL, *month = NULL, *format = NULL, *outp = NULL;
    bool region = false;
    const cli_opt_t opts[] = {CLI_VAL("month", &month), CLI_VAL("site", &site), CLI_FLAG("region", &region),
                              CLI_VAL("format", &format), CLI_VAL_ABBREV("output", 'o', &outp), {0}};
    int prc = cli_parse("report", argc, argv, opts, &url, report_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc || !str_eq(argv[optind], "monthly"))
        return cli_usage_error("report", "jenis laporan: bekal report monthly --month YYYY-MM ...");
    if (optind + 1 < argc) return cli_usage_error("report", "argumen tidak dikenal: %s", argv[optind + 1]);
    if (!month) return cli_usage_error("report", "--month YYYY-MM wajib");
    if (!format) return cli_usage_error("report", "--format pdf|xlsx|csv wajib");
    if (!str_eq(format, "pdf") && !str_eq(format, "xlsx") && !str_eq(format, "csv"))
        return cli_usage_error("report", "format tidak dikenal: %s (pdf, xlsx atau csv)", format);
    if (site && region) return cli_usage_error("report", "pilih --site KODE atau --region, bukan keduanya");
    if (!site && !region) return cli_usage_error("report", "sebutkan --site KODE atau --region");
    if ((str_eq(format, "pdf") || str_eq(format, "xlsx")) && !outp && isatty(1))
        return cli_usage_error("report", "keluaran biner: pakai -o BERKAS");
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) return 1;
    sec_out_t *so = arena_alloc(&cs.a, sizeof *so * (size_t)report_nsections);
    buf_t b;
    buf_init(&b);
    int rc = 1;
    report_t *rep = report_monthly(cs.db, &cs.e, &cs.a, 0, month, site, so);
    if (rep && report_write(rep, format, 0, &b, &cs.e) == 0) {
        if (outp) rc = report_save(&b, outp, &cs.e) < 0 ? 1 : 0;
        else rc = fwrite(b.data ? b.data : "", 1, b.len, stdout) == b.len ? 0 : 1;
    }
    if (rc) fprintf(stderr, "bekal report: %s\n", cs.e.msg[0] ? cs.e.msg : "gagal menulis");
    if (rep) report_free(rep);
    buf_release(&b);
    cli_session_close(&cs);
    return rc == 0 ? 0 : (cs.e.status == 400 ? 2 : 1);
}
