/* certificate.c — `bekal certificate pdf NUMBER [--out FILE]`: one training
 * certificate as its PDF (report/certificate.h), exactly as the web page prints
 * it (a reprint: the number never changes); `bekal certificate list`: every
 * certificate as JSON lines (number, participant, trade, issued, status, site). */
#include "cli.h"
#include "../report/certificate.h"
#include "../report/table.h"
#include "../store/cert_store.h"
#include "../store/records.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void certificate_help(void)
{
    printf("Pemakaian: bekal certificate pdf NOMOR [--out BERKAS] [--db URL]\n"
           "          bekal certificate list [--site KODE] [--db URL]\n\n"
           "  pdf   menulis sertifikat pelatihan bernomor NOMOR sebagai PDF ke stdout (atau --out BERKAS),\n"
           "        sama dengan cetakan dari halaman web; sertifikat yang dicabut dicetak dengan tanda DICABUT.\n"
           "        Tautan verifikasi di kode QR memakai $BEKAL_PUBLIC_URL atau pengaturan certificate.public_url.\n"
           "  list  satu objek JSON per baris: number, participant, trade, issued, status, site\n");
}

static int cert_pdf_cmd(db_t *db, const char *number, const char *out_path)
{
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    cert_t c;
    int ret = 1;
    int rc = cert_by_number(db, &e, &a, number, &c);
    if (rc < 0) fprintf(stderr, "bekal certificate: %s\n", e.msg);
    else if (rc == 0) fprintf(stderr, "bekal certificate: sertifikat nomor %s tidak ditemukan\n", number);
    else if (cert_ensure_code(db, &e, &a, &c) < 0)
        fprintf(stderr, "bekal certificate: %s\n", e.msg);
    else {
        cert_pdf_t in = {c.content, cert_verify_url(&a, db, c.site_id, c.verify_code), !str_eq(c.status, "valid"),
                         c.revoke_reason};
        buf_t b;
        buf_init(&b);
        if (cert_pdf(&in, &b, &e) < 0) fprintf(stderr, "bekal certificate: %s\n", e.msg);
        else if (out_path) {
            if (report_save(&b, out_path, &e) < 0) fprintf(stderr, "bekal certificate: %s\n", e.msg);
            else ret = 0;
        } else if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0)
            fprintf(stderr, "bekal certificate: gagal menulis ke stdout\n");
        else
            ret = 0;
        buf_release(&b);
    }
    arena_release(&a);
    return ret;
}

static int cert_list_cmd(db_t *db, const char *site)
{
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    cert_query_t q = {0};
    q.per_page = 200;
    int ret = 0;
    if (site) {
        q.site_id = site_id_by_code(db, &e, site);
        if (q.site_id <= 0) {
            fprintf(stderr, "bekal certificate: lokasi %s tidak dikenal\n", site);
            arena_release(&a);
            return 1;
        }
    }
    for (q.page = 1;; q.page++) {
        cert_t *rows;
        int n;
        int64_t total;
        if (cert_list(db, &e, &a, 0, &q, &rows, &n, &total) < 0) {
            fprintf(stderr, "bekal certificate: %s\n", e.msg);
            ret = 1;
            break;
        }
        for (int i = 0; i < n; i++) {
            json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "number", rows[i].number, "participant",
                                  rows[i].holder_name, "trade", rows[i].trade_name, "issued", rows[i].issued_on,
                                  "status", rows[i].status, "site", rows[i].site_code);
            char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            puts(s);
            free(s);
            json_decref(o);
        }
        if (n < q.per_page) break;
    }
    arena_release(&a);
    return ret;
}

int cmd_certificate(int argc, char **argv)
{
    const char *url = cli_default_db(), *out = NULL, *site = NULL;
    const cli_opt_t opts[] = {CLI_VAL("out", &out), CLI_VAL("site", &site), {0}};
    int prc = cli_parse("certificate", argc, argv, opts, &url, certificate_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc) return cli_usage_error("certificate", "sebutkan perintah: pdf NOMOR atau list");
    const char *sub = argv[optind];
    if (str_eq(sub, "pdf")) {
        if (optind + 1 >= argc) return cli_usage_error("certificate", "sebutkan nomor sertifikat: bekal certificate pdf NOMOR");
        if (optind + 2 < argc) return cli_usage_error("certificate", "argumen tidak dikenal: %s", argv[optind + 2]);
    } else if (str_eq(sub, "list")) {
        if (optind + 1 < argc) return cli_usage_error("certificate", "argumen tidak dikenal: %s", argv[optind + 1]);
    } else
        return cli_usage_error("certificate", "perintah tidak dikenal: %s (pdf atau list)", sub);
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    int rc = str_eq(sub, "pdf") ? cert_pdf_cmd(db, argv[optind + 1], out) : cert_list_cmd(db, site);
    db_close(db);
    return rc;
}
