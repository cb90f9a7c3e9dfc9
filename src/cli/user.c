/* user.c — `bekal user add|list|passwd` and `bekal token create`. */
#include "cli.h"
#include "../store/auth.h"
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const actor_t cli_actor = {0, "cli", "admin"};

struct add_ctx {
    const char *name, *role, *site, *pw, *full;
    int64_t id;
};
static int do_add(db_t *db, void *vc, err_t *e)
{
    struct add_ctx *c = vc;
    c->id = auth_user_add(db, e, &cli_actor, c->name, c->role, c->site, c->pw, c->full);
    return c->id < 0 ? -1 : 0;
}
struct pw_ctx {
    const char *name, *pw;
};
static int do_passwd(db_t *db, void *vc, err_t *e)
{
    struct pw_ctx *c = vc;
    return auth_user_passwd(db, e, &cli_actor, c->name, c->pw);
}

static void user_help(void)
{
    printf("Pemakaian:\n"
           "  bekal user add NAMA --role PERAN --site KODE[,KODE...] --password-stdin [--full-name TEKS]\n"
           "  bekal user list\n"
           "  bekal user passwd NAMA --password-stdin\n\n"
           "Peran: admin, staf, wali, instruktur, kalapas, kanwil, bapas.\n"
           "Kata sandi dibaca dari stdin (satu baris, minimal 8 karakter) dan disimpan sebagai hash argon2id.\n"
           "Opsi umum: --db URL\n");
}

static int user_list(db_t *db)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(db, &e, "SELECT u.id, u.name, u.role, u.active, u.full_name FROM app_user u ORDER BY u.name", "");
    if (!st) {
        fprintf(stderr, "bekal user list: %s\n", e.msg);
        return 1;
    }
    printf("%-20s %-11s %-6s %-24s %s\n", "NAMA", "PERAN", "AKTIF", "NAMA LENGKAP", "LOKASI");
    while (db_step(st, &e) == 1) {
        buf_t sites;
        buf_init(&sites);
        db_stmt_t *s2 = db_query(db, &e,
                                 "SELECT s.code FROM user_site us JOIN site s ON s.id = us.site_id WHERE us.user_id = ? "
                                 "ORDER BY s.code",
                                 "i", db_col_int(st, 0));
        while (s2 && db_step(s2, &e) == 1) buf_printf(&sites, "%s%s", sites.len ? "," : "", db_col_text(s2, 0));
        db_finalize(s2);
        printf("%-20s %-11s %-6s %-24s %s\n", db_col_text(st, 1), db_col_text(st, 2),
               db_col_int(st, 3) ? "ya" : "tidak", db_col_text(st, 4), sites.data ? sites.data : "");
        buf_release(&sites);
    }
    db_finalize(st);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"role", required_argument, 0, 'r'},
                                         {"site", required_argument, 0, 's'},
                                         {"full-name", required_argument, 0, 'f'},
                                         {"password-stdin", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    const char *url = cli_default_db(), *role = NULL, *site = NULL, *full = NULL;
    bool pw_stdin = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'r': role = optarg; break;
        case 's': site = optarg; break;
        case 'f': full = optarg; break;
        case 'p': pw_stdin = true; break;
        case 'h': user_help(); return 0;
        default: return cli_usage_error("user", "opsi tidak dikenal atau tanpa nilai: %s", argv[optind - 1]);
        }
    }
    if (optind >= argc) return cli_usage_error("user", "sebutkan subperintah: add, list atau passwd");
    const char *sub = argv[optind];
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    int extra = argc - optind - (name ? 2 : 1);
    if (str_eq(sub, "list")) {
        if (name) return cli_usage_error("user", "argumen tidak dikenal: %s", name);
    } else if (str_eq(sub, "add") || str_eq(sub, "passwd")) {
        if (!name) return cli_usage_error("user", "sebutkan NAMA pengguna");
        if (extra > 0) return cli_usage_error("user", "argumen tidak dikenal: %s", argv[optind + 2]);
        if (!pw_stdin) return cli_usage_error("user", "kata sandi harus diberikan lewat --password-stdin");
        if (str_eq(sub, "add") && (!role || !site))
            return cli_usage_error("user", "user add memerlukan --role dan --site");
    } else
        return cli_usage_error("user", "subperintah tidak dikenal: %s", sub);

    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    int rc = 0;
    if (str_eq(sub, "list")) {
        rc = user_list(db);
    } else {
        char *pw = cli_read_line_stdin();
        if (!pw) {
            fprintf(stderr, "bekal user: kata sandi tidak terbaca dari stdin\n");
            db_close(db);
            return 1;
        }
        if (str_eq(sub, "add")) {
            struct add_ctx ac = {name, role, site, pw, full, 0};
            rc = db_tx(db, do_add, &ac, &e);
            if (rc == 0) printf("Pengguna %s (%s) dibuat.\n", name, role);
        } else {
            struct pw_ctx pc = {name, pw};
            rc = db_tx(db, do_passwd, &pc, &e);
            if (rc == 0) printf("Kata sandi %s diubah.\n", name);
        }
        sodium_memzero(pw, strlen(pw));
        free(pw);
        if (rc < 0) fprintf(stderr, "bekal user %s: %s\n", sub, e.msg);
    }
    db_close(db);
    return rc ? 1 : 0;
}

struct tok_ctx {
    const char *name;
    char token[72];
};
static int do_token(db_t *db, void *vc, err_t *e)
{
    struct tok_ctx *c = vc;
    return auth_token_create(db, e, &cli_actor, c->name, c->token);
}

int cmd_token(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0}};
    const char *url = cli_default_db();
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': url = optarg; break;
        case 'h':
            printf("Pemakaian: bekal token create NAMA [--db URL]\n\n"
                   "Mencetak token API baru untuk pengguna NAMA. Simpan baik-baik: basis data hanya menyimpan "
                   "hash-nya.\nPakai dengan header: Authorization: Bearer TOKEN\n");
            return 0;
        default: return cli_usage_error("token", "opsi tidak dikenal: %s", argv[optind - 1]);
        }
    }
    if (argc - optind != 2 || !str_eq(argv[optind], "create"))
        return cli_usage_error("token", "pemakaian: bekal token create NAMA");
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    struct tok_ctx tc = {argv[optind + 1], {0}};
    int rc = db_tx(db, do_token, &tc, &e);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "bekal token: %s\n", e.msg);
        return 1;
    }
    printf("%s\n", tc.token);
    return 0;
}
