/* caseload.c — `bekal caseload assign|end|list`: a wali's caseload (issue 21) from
 * the command line, with the same checks and audit entries as the /caseloads page
 * and the API (store/caseload_store.h). */
#include "cli.h"
#include "../store/auth.h"
#include "../store/caseload_store.h"
#include "../store/wbp_store.h"
#include <stdlib.h>
#include <string.h>

static void caseload_help(void)
{
    printf("Pemakaian:\n"
           "  bekal caseload assign WALI WBP [--from TANGGAL] [--site KODE] [--notes TEKS] [--db URL]\n"
           "  bekal caseload end ID [--on TANGGAL] [--db URL]\n"
           "  bekal caseload end WALI WBP [--on TANGGAL] [--site KODE] [--db URL]\n"
           "  bekal caseload list [WALI] [--site KODE] [--all] [--db URL]\n\n"
           "Penugasan WBP kepada wali pemasyarakatan. Wali hanya melihat dan mencatat pembinaan\n"
           "(remisi, disiplin, SPPN, asesmen, usulan) untuk WBP yang sedang menjadi tanggungannya.\n"
           "  WALI      nama login akun berperan wali\n"
           "  WBP       id atau nomor registrasi WBP (--site bila nomornya dipakai beberapa lokasi)\n"
           "  --from    tanggal mulai (bawaan: hari ini; tidak boleh di masa depan)\n"
           "  --on      tanggal berakhir (bawaan: hari ini)\n"
           "  --all     daftar juga penugasan yang sudah berakhir\n");
}

static int64_t find_wali(db_t *db, err_t *e, const char *name)
{
    auth_user_t u;
    int rc = auth_user_by_name(db, e, name, &u);
    if (rc < 0) return -1;
    if (rc == 0 || !str_eq(u.role, "wali")) {
        err_set(e, 404, "not_found", "tidak ada akun wali bernama %s", name);
        return -1;
    }
    return u.id;
}

static int64_t find_wbp(db_t *db, err_t *e, const char *arg, int64_t site_id)
{
    int64_t id = wbp_find_by_id_or_regno(db, e, arg, site_id);
    if (id == 0) err_set(e, 404, "not_found", "tidak ada WBP %s", arg);
    return id > 0 ? id : -1;
}

int cmd_caseload(int argc, char **argv)
{
    const char *url = cli_default_db(), *from = NULL, *on = NULL, *site = NULL, *notes = NULL, *pos[4];
    bool all = false;
    const cli_opt_t opts[] = {CLI_VAL("from", &from),   CLI_VAL("on", &on),   CLI_VAL("site", &site),
                              CLI_VAL("notes", &notes), CLI_FLAG("all", &all), {0}};
    int npos;
    int rc0 = cli_parse("caseload", argc, argv, opts, &url, caseload_help, pos, 4, &npos);
    if (rc0 != CLI_RUN) return rc0;
    if (npos < 1) return cli_usage_error("caseload", "sebutkan subperintah: assign, end atau list");
    const char *sub = pos[0];
    int nargs = npos - 1;
    const char **args = pos + 1;
    if (str_eq(sub, "assign")) {
        if (nargs != 2) return cli_usage_error("caseload", "caseload assign memerlukan WALI dan WBP");
    } else if (str_eq(sub, "end")) {
        if (nargs != 1 && nargs != 2) return cli_usage_error("caseload", "caseload end memerlukan ID, atau WALI dan WBP");
    } else if (str_eq(sub, "list")) {
        if (nargs > 1) return cli_usage_error("caseload", "argumen tidak dikenal: %s", args[1]);
    } else
        return cli_usage_error("caseload", "subperintah tidak dikenal: %s", sub);

    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) return 1;
    int rc = -1;
    int64_t site_id = 0;
    if (site) {
        site_id = site_id_by_code(cs.db, &cs.e, site);
        if (site_id == 0) err_set(&cs.e, 404, "not_found", "lokasi %s tidak ada", site);
        if (site_id <= 0) goto out;
    }
    if (str_eq(sub, "assign")) {
        int64_t uid = find_wali(cs.db, &cs.e, args[0]), wid = uid > 0 ? find_wbp(cs.db, &cs.e, args[1], site_id) : -1;
        if (wid < 0) goto out;
        int64_t id = caseload_assign(cs.db, &cs.e, &cs.a, &audit_cli_actor, wid, uid, from, notes);
        if (id < 0) goto out;
        printf("Penugasan %lld: WBP %s menjadi tanggungan %s.\n", (long long)id, args[1], args[0]);
        rc = 0;
    } else if (str_eq(sub, "end")) {
        int64_t id = 0;
        if (nargs == 1) {
            if (!parse_i64(args[0], &id) || id <= 0) {
                err_set(&cs.e, 400, "usage", "ID penugasan harus bilangan bulat positif: %s", args[0]);
                goto out;
            }
        } else {
            int64_t uid = find_wali(cs.db, &cs.e, args[0]), wid = uid > 0 ? find_wbp(cs.db, &cs.e, args[1], site_id) : -1;
            if (wid < 0) goto out;
            id = caseload_live_id(cs.db, &cs.e, wid, uid);
            if (id < 0) goto out;
            if (id == 0) {
                err_set(&cs.e, 404, "not_found", "WBP %s tidak sedang menjadi tanggungan %s", args[1], args[0]);
                goto out;
            }
        }
        if (caseload_end(cs.db, &cs.e, &cs.a, &audit_cli_actor, id, on) < 0) goto out;
        printf("Penugasan %lld berakhir.\n", (long long)id);
        rc = 0;
    } else {
        int64_t uid = nargs == 1 ? find_wali(cs.db, &cs.e, args[0]) : 0;
        if (uid < 0) goto out;
        caseload_row_t *rows;
        int n;
        if (caseload_list(cs.db, &cs.e, &cs.a, uid, site_id, all, &rows, &n) < 0) goto out;
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].site_code, rows[i].wali,
                   rows[i].regno, rows[i].wbp_name, rows[i].started_on, rows[i].ended_on ? rows[i].ended_on : "-");
        rc = 0;
    }
out:
    if (rc < 0) fprintf(stderr, "bekal caseload: %s\n", cs.e.msg);
    cli_session_close(&cs);
    return rc < 0 ? 1 : 0;
}
