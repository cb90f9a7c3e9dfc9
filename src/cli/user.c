/* user.c — `bekal user add|list|passwd` and `bekal token create`. */
#include "cli.h"
#include "../store/auth.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct add_ctx {
    const char *name, *role, *site, *pw, *full;
    int64_t id;
};
static int do_add(db_t *db, void *vc, err_t *e)
{
    struct add_ctx *c = vc;
    c->id = auth_user_add(db, e, &audit_cli_actor, c->name, c->role, c->site, c->pw, c->full);
    return c->id < 0 ? -1 : 0;
}
struct pw_ctx {
    const char *name, *pw;
};
static int do_passwd(db_t *db, void *vc, err_t *e)
{
    struct pw_ctx *c = vc;
    return auth_user_passwd(db, e, &audit_cli_actor, c->name, c->pw);
}

struct state_ctx {
    const char *name, *what, *role, *site;
};
static int do_state(db_t *db, void *vc, err_t *e)
{
    struct state_ctx *c = vc;
    if (str_eq(c->what, "set")) return auth_user_set(db, e, &audit_cli_actor, c->name, c->role, c->site, 0);
    return auth_user_set_state(db, e, &audit_cli_actor, c->name, c->what);
}

static void user_help(void)
{
    printf("Pemakaian:\n"
           "  bekal user add NAMA --role PERAN --site KODE[,KODE...] --password-stdin [--full-name TEKS]\n"
           "  bekal user list\n"
           "  bekal user passwd NAMA --password-stdin\n"
           "  bekal user disable NAMA      nonaktifkan: sesi berakhir, token API dicabut\n"
           "  bekal user enable NAMA       aktifkan lagi (token yang dicabut tetap dicabut)\n"
           "  bekal user delete NAMA       hapus untuk selamanya; namanya tetap di riwayat\n"
           "  bekal user set NAMA [--role PERAN] [--site KODE[,KODE...]]\n\n"
           "Peran: admin, staf, wali, instruktur, kalapas, kanwil, bapas.\n"
           "Kata sandi dibaca dari stdin (satu baris; minimal sepanjang pengaturan password.min_length, 12 karakter,\n"
           "bukan kata sandi umum) dan disimpan sebagai hash argon2id. Mengganti kata sandi mengakhiri sesi dan\n"
           "mencabut token API pengguna itu.\n"
           "Opsi umum: --db URL\n");
}

static int user_list(db_t *db)
{
    err_t e;
    err_clear(&e);
    arena_t a;
    arena_init(&a);
    auth_account_t *us;
    int n;
    if (auth_account_list(db, &e, &a, 0, 0, &us, &n) < 0) {
        fprintf(stderr, "bekal user list: %s\n", e.msg);
        arena_release(&a);
        return 1;
    }
    static const int width[] = {20, 11, 6, 24, 0};
    cli_print_row(width, 5, (const char *const[]){"NAMA", "PERAN", "AKTIF", "NAMA LENGKAP", "LOKASI"});
    for (int i = 0; i < n; i++)
        cli_print_row(width, 5,
                      (const char *const[]){us[i].name, us[i].role,
                                            us[i].deleted_at ? "hapus" : us[i].active ? "ya" : "tidak",
                                            us[i].full_name, us[i].sites});
    arena_release(&a);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    const char *url = cli_default_db(), *role = NULL, *site = NULL, *full = NULL;
    bool pw_stdin = false;
    const cli_opt_t opts[] = {CLI_VAL("role", &role), CLI_VAL("site", &site), CLI_VAL("full-name", &full),
                              CLI_FLAG("password-stdin", &pw_stdin), {0}};
    int prc = cli_parse("user", argc, argv, opts, &url, user_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind >= argc)
        return cli_usage_error("user", "sebutkan subperintah: add, list, passwd, disable, enable, delete atau set");
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
    } else if (str_eq(sub, "disable") || str_eq(sub, "enable") || str_eq(sub, "delete") || str_eq(sub, "set")) {
        if (!name) return cli_usage_error("user", "sebutkan NAMA pengguna");
        if (extra > 0) return cli_usage_error("user", "argumen tidak dikenal: %s", argv[optind + 2]);
        if (str_eq(sub, "set") && !role && !site) return cli_usage_error("user", "user set memerlukan --role dan/atau --site");
        if (!str_eq(sub, "set") && (role || site))
            return cli_usage_error("user", "--role dan --site hanya untuk user add dan user set");
        db_t *db = cli_open_db(url);
        if (!db) return 1;
        err_t e;
        err_clear(&e);
        struct state_ctx sc = {name, sub, role, site};
        int rc = db_tx(db, do_state, &sc, &e);
        db_close(db);
        if (rc < 0) {
            fprintf(stderr, "bekal user %s: %s\n", sub, e.msg);
            return 1;
        }
        printf("Pengguna %s: %s.\n", name,
               str_eq(sub, "disable") ? "dinonaktifkan; sesinya berakhir dan token API-nya dicabut"
               : str_eq(sub, "enable") ? "diaktifkan"
               : str_eq(sub, "delete") ? "dihapus; sesinya berakhir dan token API-nya dicabut"
                                       : "diubah");
        return 0;
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
    int days;
    int64_t id;
    char token[72];
};
static int do_token(db_t *db, void *vc, err_t *e)
{
    struct tok_ctx *c = vc;
    c->id = auth_token_create(db, e, &audit_cli_actor, c->name, c->days, c->token);
    return c->id < 0 ? -1 : 0;
}
static int do_revoke(db_t *db, void *vc, err_t *e) { return auth_token_revoke(db, e, &audit_cli_actor, *(int64_t *)vc); }

static void token_help(void)
{
    printf("Pemakaian:\n"
           "  bekal token create NAMA [--expires HARI]   token API baru (tanpa --expires: tidak kedaluwarsa)\n"
           "  bekal token list [NAMA]                     token: nomor, pengguna, dibuat, terakhir dipakai, berlaku s.d.\n"
           "  bekal token revoke NOMOR                    cabut token\n"
           "Opsi umum: --db URL\n\n"
           "create mencetak token baru. Simpan baik-baik: basis data hanya menyimpan hash-nya.\n"
           "Pakai dengan header: Authorization: Bearer TOKEN\n");
}

static int token_list(db_t *db, const char *name)
{
    err_t e;
    err_clear(&e);
    arena_t a;
    arena_init(&a);
    int64_t uid = 0;
    int rc = 0;
    if (name) {
        auth_user_t u;
        rc = auth_user_by_name(db, &e, name, &u);
        if (rc == 0) err_set(&e, 404, "not_found", "pengguna \"%s\" tidak ditemukan", name);
        uid = u.id;
    }
    auth_token_info_t *t = NULL;
    int n = 0;
    if (rc < 0 || (name && rc == 0) || auth_token_list(db, &e, &a, uid, &t, &n) < 0) {
        fprintf(stderr, "bekal token list: %s\n", e.msg);
        arena_release(&a);
        return 1;
    }
    static const int width[] = {6, 20, 20, 20, 20, 0};
    cli_print_row(width, 6,
                  (const char *const[]){"NOMOR", "PENGGUNA", "DIBUAT", "TERAKHIR DIPAKAI", "BERLAKU S.D.", "STATUS"});
    for (int i = 0; i < n; i++) {
        char now[32];
        now_iso(now);
        const char *st = t[i].revoked                                           ? "dicabut"
                         : t[i].expires_at && strcmp(t[i].expires_at, now) <= 0 ? "kedaluwarsa"
                                                                                : "berlaku";
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)t[i].id);
        cli_print_row(width, 6,
                      (const char *const[]){id, t[i].user, t[i].created_at, t[i].last_used_at ? t[i].last_used_at : "-",
                                            t[i].expires_at ? t[i].expires_at : "-", st});
    }
    arena_release(&a);
    return 0;
}

int cmd_token(int argc, char **argv)
{
    const char *url = cli_default_db(), *expires = NULL;
    const cli_opt_t opts[] = {CLI_VAL("expires", &expires), {0}};
    int prc = cli_parse("token", argc, argv, opts, &url, token_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : "";
    int64_t days = 0, id = 0;
    if (str_eq(sub, "create")) {
        if (nargs != 2) return cli_usage_error("token", "pemakaian: bekal token create NAMA [--expires HARI]");
        if (expires && (!parse_i64(expires, &days) || days < 1 || days > 3650))
            return cli_usage_error("token", "--expires harus 1 sampai 3650 (hari)");
    } else if (str_eq(sub, "list")) {
        if (nargs > 2) return cli_usage_error("token", "pemakaian: bekal token list [NAMA]");
    } else if (str_eq(sub, "revoke")) {
        if (nargs != 2 || !parse_i64(argv[optind + 1], &id) || id <= 0)
            return cli_usage_error("token", "pemakaian: bekal token revoke NOMOR (lihat bekal token list)");
    } else
        return cli_usage_error("token", "sebutkan subperintah: create, list atau revoke");
    if (expires && !str_eq(sub, "create")) return cli_usage_error("token", "--expires hanya untuk token create");
    db_t *db = cli_open_db(url);
    if (!db) return 1;
    err_t e;
    err_clear(&e);
    if (str_eq(sub, "list")) {
        int rc = token_list(db, nargs == 2 ? argv[optind + 1] : NULL);
        db_close(db);
        return rc;
    }
    if (str_eq(sub, "revoke")) {
        int rc = db_tx(db, do_revoke, &id, &e);
        db_close(db);
        if (rc < 0) {
            fprintf(stderr, "bekal token revoke: %s\n", e.msg);
            return 1;
        }
        printf("Token %lld dicabut.\n", (long long)id);
        return 0;
    }
    struct tok_ctx tc = {argv[optind + 1], (int)days, 0, {0}};
    int rc = db_tx(db, do_token, &tc, &e);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "bekal token: %s\n", e.msg);
        return 1;
    }
    printf("%s\n", tc.token);
    return 0;
}
