/* eligibility.c — `bekal eligibility` (asimilasi screening) and `bekal rules show`. */
#include "cli.h"
#include "../report/elig_out.h"
#include "../store/records.h"
#include "../store/wbp_store.h"
#include <string.h>
#include <stdlib.h>

struct out_ctx {
    buf_t b;
    bool csv, first;
    date_t at;
    long rows;
};
static void flush_out(struct out_ctx *o, bool force)
{
    if (o->b.len >= 65536 || (force && o->b.len)) {
        fwrite(o->b.data, 1, o->b.len, stdout);
        buf_reset(&o->b);
    }
}
static int write_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct out_ctx *o = vc;
    o->rows++;
    if (!row->res) return 0; /* baseline: read only */
    if (o->csv) elig_row_csv(&o->b, row);
    else {
        buf_puts(&o->b, o->first ? "[\n" : ",\n");
        elig_row_json(&o->b, row, o->at);
    }
    o->first = false;
    flush_out(o, false);
    return 0;
}

static void eligibility_help(void)
{
    printf("Pemakaian: bekal eligibility --at TANGGAL [--site KODE] [--wbp NOREG] [--format json|csv] [--db URL]\n\n"
           "Menyaring syarat asimilasi setiap WBP yang berada di dalam Lapas pada TANGGAL, dengan aturan yang\n"
           "berlaku pada tanggal itu. Untuk tiap WBP: eligible, eligible_from (tanggal paling awal semua syarat\n"
           "terpenuhi, atau null) dan requirements (kode, terpenuhi, sejak kapan, penjelasan).\n"
           "  --wbp NOREG   hanya satu WBP (nomor registrasi; pakai --site bila nomor sama di beberapa lokasi)\n"
           "  --baseline    hanya membaca baris yang sama tanpa menilai (pembanding tolok ukur)\n");
}

int cmd_eligibility(int argc, char **argv)
{
    const char *url = cli_default_db(), *at_s = NULL, *site = NULL, *regno = NULL, *fmt = "json";
    bool baseline = false;
    const cli_opt_t opts[] = {CLI_VAL("at", &at_s), CLI_VAL("site", &site), CLI_VAL("wbp", &regno),
                              CLI_VAL("format", &fmt), CLI_FLAG("baseline", &baseline), {0}};
    int prc = cli_parse("eligibility", argc, argv, opts, &url, eligibility_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind < argc) return cli_usage_error("eligibility", "argumen tidak dikenal: %s", argv[optind]);
    date_t at;
    if (!at_s) return cli_usage_error("eligibility", "--at TANGGAL wajib diisi");
    if (!date_parse(at_s, &at)) return cli_usage_error("eligibility", "tanggal --at tidak sah: %s", at_s);
    if (!str_eq(fmt, "json") && !str_eq(fmt, "csv"))
        return cli_usage_error("eligibility", "--format harus json atau csv");
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    elig_query_t q = {0, 0, 0, at, baseline};
    int rc = 0;
    if (site) {
        q.site_id = site_id_by_code(db, &e, site);
        if (q.site_id == 0) rc = err_set(&e, 404, "not_found", "lokasi \"%s\" tidak dikenal", site);
    }
    if (rc == 0 && regno) {
        q.wbp_id = wbp_id_by_regno(db, &e, regno, q.site_id);
        if (q.wbp_id == 0) rc = err_set(&e, 404, "not_found", "WBP dengan nomor registrasi \"%s\" tidak ditemukan", regno);
    }
    struct out_ctx o = {.csv = str_eq(fmt, "csv"), .first = true, .at = at};
    buf_init(&o.b);
    if (rc == 0 && o.csv && !baseline) elig_csv_header(&o.b);
    if (rc == 0) rc = elig_scan(db, &e, &q, write_row, &o);
    if (rc == 0 && !o.csv && !baseline) buf_puts(&o.b, o.first ? "[]\n" : "\n]\n");
    if (rc == 0 && baseline) buf_printf(&o.b, "%ld baris dibaca\n", o.rows);
    if (rc == 0 && regno && !o.csv && !baseline) { /* one inmate: the object itself, not an array */
        size_t n = o.b.len;
        if (n > 5 && str_startswith(o.b.data, "[\n")) {
            memmove(o.b.data, o.b.data + 2, n - 2);
            o.b.len = n - 2 - 3; /* drop "\n]\n" */
            buf_putc(&o.b, '\n');
        }
    }
    flush_out(&o, true);
    buf_release(&o.b);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "bekal eligibility: %s\n", e.msg);
        return 1;
    }
    return 0;
}

int cmd_rules(int argc, char **argv)
{
    if (argc >= 2 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
        printf("Pemakaian: bekal rules show [KODE]\n\n"
               "Menampilkan aturan asimilasi (pecahan masa pidana, bulan tanpa hukuman disiplin, ambang SPPN,\n"
               "pengecualian, syarat tambahan, metode tanggal) beserta tanggal berlakunya, sebagai JSON.\n");
        return 0;
    }
    if (argc < 2 || !str_eq(argv[1], "show") || argc > 3)
        return cli_usage_error("rules", "pemakaian: bekal rules show [KODE]");
    err_t e;
    err_clear(&e);
    size_t n = 0;
    const ruleset_t *sets = elig_rulesets(&n, &e);
    if (!sets) {
        fprintf(stderr, "bekal rules: %s\n", e.msg);
        return 1;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (argc < 3 || str_eq(argv[2], sets[i].code)) json_array_append_new(arr, ruleset_to_json(&sets[i]));
    if (argc == 3 && json_array_size(arr) == 0) {
        json_decref(arr);
        fprintf(stderr, "bekal rules: aturan \"%s\" tidak ada\n", argv[2]);
        return 1;
    }
    char *s = json_dumps(argc == 3 ? json_array_get(arr, 0) : arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(s);
    free(s);
    json_decref(arr);
    return 0;
}
