/* report.c — `bekal report KIND [--month YYYY-MM | --year YYYY] [--site CODE]
 * [--format csv|xlsx|pdf] [-o FILE]`: the production reports of issue 7 (revenue,
 * pnbp, premi, pnbp-outstanding, and statement --wbp ID) as files, the same ones the
 * web pages send (src/report/prod_report.c). Writes to stdout or to FILE. The CSV of
 * `report revenue --month` has one row per production unit: site, unit_code,
 * unit_name, sales, revenue, premi, pnbp, capital (premi + pnbp + capital = revenue). */
#include "cli.h"
#include "../report/prod_report.h"
#include "../store/wbp_store.h"
#include <stdlib.h>
#include <string.h>

static void report_help(void)
{
    fputs(_("Pemakaian: bekal report JENIS [--month TTTT-BB | --year TTTT] [--site KODE] [--format csv|xlsx|pdf]\n"
            "                    [-o BERKAS] [--db URL]\n"
            "       bekal report statement --wbp ID|NOREG [--site KODE] [--format ...] [-o BERKAS]\n\n"
            "Laporan produksi, PNBP dan premi dengan kop surat Lapas (PDF), lembar kerja (XLSX) atau CSV.\n"
            "JENIS:\n"
            "  revenue           pendapatan dan pembagiannya (premi, PNBP, modal kerja) per unit produksi;\n"
            "                    dengan --year juga per bulan\n"
            "  pnbp              PNBP per unit (sudah dan belum disetor) dan setoran ke kas negara\n"
            "  premi             premi dari penjualan per unit dan mutasi premi setiap WBP\n"
            "  pnbp-outstanding  penjualan yang PNBP-nya belum disetor (tanpa periode: semuanya)\n"
            "  statement         rekening premi seorang WBP (--wbp)\n"
            "Opsi:\n"
            "  --month TTTT-BB   bulan laporan (bawaan: bulan ini)\n"
            "  --year TTTT       seluruh tahun\n"
            "  --site KODE       hanya lokasi ini (bawaan: semua lokasi)\n"
            "  --format F        csv (bawaan), xlsx atau pdf\n"
            "  -o, --output F    tulis ke berkas F (bawaan: stdout)\n"
            "CSV: RFC 4180, UTF-8, angka tanpa pemisah ribuan, judul kolom tetap (site, unit_code, unit_name,\n"
            "sales, revenue, premi, pnbp, capital, ...); satu baris per unit produksi, tanpa baris jumlah.\n"),
          stdout);
}

int cmd_report(int argc, char **argv)
{
    /* The monthly report to the Kanwil has its own options (report_monthly.c). */
    if (argc >= 2 && str_eq(argv[1], "monthly")) return cmd_report_monthly(argc, argv);
    const char *url = cli_default_db(), *month = NULL, *year = NULL, *site = NULL, *format = "csv", *out = NULL,
               *wbp = NULL;
    const char *cmd = "report";
    const cli_opt_t opts[] = {CLI_VAL("month", &month), CLI_VAL("year", &year), CLI_VAL("site", &site),
                              CLI_VAL("format", &format), CLI_VAL_ABBREV("output", 'o', &out), CLI_VAL("wbp", &wbp),
                              {0}};
    int prc = cli_parse("report", argc, argv, opts, &url, report_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc)
        return cli_usage_error(cmd, _("sebutkan jenis laporan: revenue, pnbp, premi, pnbp-outstanding, statement"));
    const char *kind = argv[optind];
    if (optind + 1 < argc) return cli_usage_error(cmd, _("argumen tidak dikenal: %s"), argv[optind + 1]);
    prodrep_req_t q = {PRODREP_REVENUE, 0, 0, -1, 0, true, NULL};
    bool statement = str_eq(kind, "statement");
    if (!statement && !prodrep_kind_parse(kind, &q.kind))
        return cli_usage_error(cmd, _("jenis laporan tidak dikenal: %s"), kind);
    if (!report_ctype(format)) return cli_usage_error(cmd, _("format tidak dikenal: %s (csv, xlsx atau pdf)"), format);
    if (month && year) return cli_usage_error(cmd, _("pilih salah satu: --month atau --year"));
    if (month && (strlen(month) != 7 || !date_parse_month(month, &q.month)))
        return cli_usage_error(cmd, _("--month harus TTTT-BB, misalnya 2025-03: %s"), month);
    if (year) {
        int64_t y;
        if (!parse_i64(year, &y) || y < 1900 || y > 2999)
            return cli_usage_error(cmd, _("--year harus tahun 1900 sampai 2999: %s"), year);
        q.year = (int)y;
    }
    if (statement && !wbp) return cli_usage_error(cmd, _("statement memerlukan --wbp ID atau nomor registrasi"));
    char today[11];
    today_iso(today);
    q.today = today;
    q.machine = str_eq(format, "csv");
    if (!statement && !month && !year && q.kind != PRODREP_OUTSTANDING) {
        date_t d;
        if (date_parse(today, &d)) q.month = date_month_index(d);
    }
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    int rc = 1;
    report_t *rep = NULL;
    buf_t b;
    buf_init(&b);
    if (site) {
        int64_t sid = site_id_by_code(db, &e, site);
        if (sid <= 0) {
            if (sid == 0) rc = cli_usage_error(cmd, _("lokasi tidak dikenal: %s"), site);
            else fprintf(stderr, "bekal report: %s\n", e.msg);
            goto done;
        }
        q.site_id = sid;
    }
    if (statement) {
        int64_t wid = wbp_find_by_id_or_regno(db, &e, wbp, q.site_id);
        if (wid <= 0) {
            if (wid == 0) rc = cli_usage_error(cmd, _("WBP tidak ditemukan: %s"), wbp);
            else fprintf(stderr, "bekal report: %s\n", e.msg);
            goto done;
        }
        rep = prodrep_statement(db, &e, 0, wid, q.machine, today);
    } else
        rep = prodrep_build(db, &e, &q);
    if (!rep || report_write(rep, format, REP_CSV_NO_TOTALS, &b, &e) < 0) {
        fprintf(stderr, "bekal report: %s\n", e.msg);
        goto done;
    }
    if (out) {
        if (report_save(&b, out, &e) < 0) {
            fprintf(stderr, "bekal report: %s\n", e.msg);
            goto done;
        }
    } else if (b.len && fwrite(b.data, 1, b.len, stdout) != b.len) {
        fprintf(stderr, "bekal report: %s\n", _("gagal menulis ke stdout"));
        goto done;
    }
    rc = 0;
done:
    report_free(rep);
    buf_release(&b);
    db_close(db);
    return rc;
}
