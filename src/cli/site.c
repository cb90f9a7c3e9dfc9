/* site.c — `bekal site add|list`: the sites (Lapas, Rutan, LPKA). A fresh
 * installation has none, and every account needs one: the first step after
 * installing is `bekal site add`, then `bekal user add`. */
#include "cli.h"
#include "../store/site_store.h"
#include "../store/sync_store.h"
#include <stdlib.h>
#include <string.h>

static int do_add(db_t *db, void *ctx, err_t *e) { return site_add(db, e, &audit_cli_actor, ctx) < 0 ? -1 : 0; }

struct cred_ctx {
    const char *code;
    bool issue;
    char *token;
};
static int do_credential(db_t *db, void *vc, err_t *e)
{
    struct cred_ctx *c = vc;
    free(c->token);
    c->token = NULL;
    return c->issue ? sync_credential_issue(db, e, c->code, &c->token) : sync_credential_revoke(db, e, c->code);
}

struct readmit_ctx {
    const char *code, *reason;
};
static int do_readmit(db_t *db, void *vc, err_t *e)
{
    struct readmit_ctx *c = vc;
    return sync_site_readmit(db, e, &audit_cli_actor, c->code, c->reason);
}

struct region_ctx {
    const char *sub, *hub_id, *region;
};
static int do_region(db_t *db, void *vc, err_t *e)
{
    struct region_ctx *c = vc;
    return sync_national_link(db, e, &audit_cli_actor, c->sub, c->hub_id, c->region);
}
static int do_hub_id(db_t *db, void *vc, err_t *e) { return sync_hub_id(db, e, vc); }

static void print_site(const char *code, const char *name, const char *region, void *ctx)
{
    (void)ctx;
    static const int width[] = {12, 40, 0};
    cli_print_row(width, 3, (const char *const[]){code, name, region});
}

static void site_help(void)
{
    printf("Pemakaian:\n"
           "  bekal site add KODE --name NAMA [--region WILAYAH] [--city KOTA] [--address ALAMAT] [--db URL]\n"
           "  bekal site list [--db URL]\n"
           "  bekal site credential issue|revoke KODE [--db URL]   (di hub Kanwil)\n"
           "  bekal site readmit KODE --reason ALASAN [--db URL]    (di hub Kanwil)\n"
           "  bekal site hub-id [--db URL]                          (di hub Kanwil)\n"
           "  bekal site region LANGGANAN --hub-id ID --region WILAYAH [--db URL]   (di basis data nasional)\n\n"
           "Lokasi (Lapas, Rutan, LPKA). Instalasi baru belum mempunyai lokasi; buat yang pertama,\n"
           "lalu admin pertama dengan `bekal user add NAMA --role admin --site KODE --password-stdin`.\n"
           "  KODE       1-20 huruf, angka, titik, garis bawah atau strip (mis. LPKTP)\n"
           "  --name     nama lengkap, mis. \"Lapas Kelas IIB Ketapang\"\n"
           "  --region   wilayah Kanwil, mis. \"Kalimantan Barat\" (untuk kop surat)\n"
           "  --city     kota tempat tanda tangan laporan\n"
           "credential issue: kredensial sinkronisasi baru untuk lokasi KODE (yang lama tidak berlaku lagi),\n"
           "dicetak sekali; simpan di lokasi untuk `bekal sync --credential-file`. revoke: mencabutnya.\n"
           "readmit: menerima kembali lokasi yang ditolak hub (rantai log auditnya ditulis ulang) setelah\n"
           "Kanwil memeriksanya; saksi hub mulai lagi dari rantai lokasi sekarang. Dicatat di log audit.\n"
           "hub-id: identitas hub ini (dibuat sekali), dikirim bersama status setiap lokasinya ke basis data nasional.\n"
           "region: di basis data nasional, mengikat langganan LANGGANAN (CREATE SUBSCRIPTION) ke hub ID dan\n"
           "wilayahnya; halaman /national mengelompokkan lokasi dan jeda replikasi menurut ikatan ini.\n");
}

int cmd_site(int argc, char **argv)
{
    const char *url = cli_default_db();
    site_new_t s = {0};
    const char *reason = NULL, *hub_id = NULL;
    const cli_opt_t opts[] = {CLI_VAL("name", &s.name),  CLI_VAL("region", &s.region),  CLI_VAL("address", &s.address),
                              CLI_VAL("city", &s.city),  CLI_VAL("reason", &reason), CLI_VAL("hub-id", &hub_id), {0}};
    int prc = cli_parse("site", argc, argv, opts, &url, site_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc) return cli_usage_error("site", "sebutkan subperintah: add atau list");
    const char *sub = argv[optind];
    if (str_eq(sub, "add")) {
        if (optind + 1 >= argc) return cli_usage_error("site", "sebutkan KODE lokasi");
        if (optind + 2 < argc) return cli_usage_error("site", "argumen tidak dikenal: %s", argv[optind + 2]);
        if (!s.name) return cli_usage_error("site", "site add memerlukan --name");
        s.code = argv[optind + 1];
    } else if (str_eq(sub, "credential")) {
        if (optind + 2 >= argc || !(str_eq(argv[optind + 1], "issue") || str_eq(argv[optind + 1], "revoke")))
            return cli_usage_error("site", "pemakaian: bekal site credential issue|revoke KODE");
        if (optind + 3 < argc) return cli_usage_error("site", "argumen tidak dikenal: %s", argv[optind + 3]);
        db_t *db = cli_open_db(url);
        if (!db) return 1;
        err_t e;
        err_clear(&e);
        struct cred_ctx cc = {argv[optind + 2], str_eq(argv[optind + 1], "issue"), NULL};
        int rc = db_tx(db, do_credential, &cc, &e);
        if (rc < 0) fprintf(stderr, "bekal site: %s\n", e.msg);
        else if (cc.token) printf("%s\n", cc.token);
        else printf("Kredensial lokasi %s dicabut.\n", cc.code);
        free(cc.token);
        db_close(db);
        return rc < 0 ? 1 : 0;
    } else if (str_eq(sub, "readmit")) {
        if (optind + 1 >= argc) return cli_usage_error("site", "pemakaian: bekal site readmit KODE --reason ALASAN");
        if (optind + 2 < argc) return cli_usage_error("site", "argumen tidak dikenal: %s", argv[optind + 2]);
        if (!reason) return cli_usage_error("site", "site readmit memerlukan --reason (hasil pemeriksaan Kanwil)");
        db_t *db = cli_open_db(url);
        if (!db) return 1;
        err_t e;
        err_clear(&e);
        struct readmit_ctx ra = {argv[optind + 1], reason};
        int rc = db_tx(db, do_readmit, &ra, &e);
        if (rc < 0) fprintf(stderr, "bekal site: %s\n", e.msg);
        else printf("Lokasi %s diterima kembali; saksi hub mulai lagi pada sinkronisasi berikutnya.\n", ra.code);
        db_close(db);
        return rc < 0 ? 1 : 0;
    } else if (str_eq(sub, "hub-id") || str_eq(sub, "region")) {
        bool reg = str_eq(sub, "region");
        if (reg && (optind + 1 >= argc || !hub_id || !s.region))
            return cli_usage_error("site", "pemakaian: bekal site region LANGGANAN --hub-id ID --region WILAYAH");
        if (optind + 1 + reg < argc) return cli_usage_error("site", "argumen tidak dikenal: %s", argv[optind + 1 + reg]);
        db_t *db = cli_open_db(url);
        if (!db) return 1;
        err_t e;
        err_clear(&e);
        char id[65] = "";
        struct region_ctx rc_ = {reg ? argv[optind + 1] : NULL, hub_id, s.region};
        int rc = reg ? db_tx(db, do_region, &rc_, &e) : db_tx(db, do_hub_id, id, &e);
        if (rc < 0) fprintf(stderr, "bekal site: %s\n", e.msg);
        else if (reg) printf("Langganan %s: hub %s, wilayah %s.\n", rc_.sub, hub_id, s.region);
        else printf("%s\n", id);
        db_close(db);
        return rc < 0 ? 1 : 0;
    } else if (str_eq(sub, "list")) {
        if (optind + 1 < argc) return cli_usage_error("site", "argumen tidak dikenal: %s", argv[optind + 1]);
    } else
        return cli_usage_error("site", "subperintah tidak dikenal: %s", sub);
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    int rc = str_eq(sub, "add") ? db_tx(db, do_add, &s, &e) : site_each(db, &e, print_site, NULL);
    if (rc < 0) fprintf(stderr, "bekal site: %s\n", e.msg);
    else if (str_eq(sub, "add")) printf("Lokasi %s dibuat.\n", s.code);
    db_close(db);
    return rc < 0 ? 1 : 0;
}
