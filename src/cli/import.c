/* import.c — `bekal import wbp FILE.csv [--site KODE] [--dry-run]`: the CSV importer
 * (store/wbp_import.c) on the command line, with a progress bar on a terminal. */
#include "cli.h"
#include "../core/pembinaan.h"
#include "../store/pembinaan_import.h"
#include "../store/wbp_import.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void import_help(bool wbp)
{
    printf("Pemakaian: bekal import wbp BERKAS.csv [--site KODE] [--dry-run] [--db URL]\n\n");
    if (!wbp) {
        printf("Mengimpor data dari berkas CSV. Jenis data yang didukung: wbp (register WBP).\n"
               "`bekal import wbp --help` menjelaskan kolomnya.\n\n");
    } else {
        printf("Mengimpor register WBP dari CSV (UTF-8, pemisah koma atau titik koma, baris pertama = nama\n"
               "kolom). Kunci impor adalah nomor registrasi per lokasi: impor ulang berkas yang sama tidak\n"
               "mengubah apa pun. Setiap baris diperiksa dahulu; jika ada satu saja yang salah, tidak ada yang\n"
               "disimpan dan setiap kesalahan disebut dengan baris dan kolomnya.\n\nKolom:\n");
        for (int i = 0; i < wbp_def.nfields; i++) {
            const field_def_t *f = &wbp_def.fields[i];
            printf("  %-17s %s%s", f->name, f->label, f->required ? " (wajib)" : "");
            if (f->type == FT_DATE) printf(" — TTTT-BB-HH atau HH-BB-TTTT");
            if (f->type == FT_BOOL) printf(" — ya/tidak, 1/0");
            if (f->type == FT_ENUM) {
                printf(" — ");
                for (int k = 0; f->choices[k]; k++) printf("%s%s", k ? ", " : "", f->choices[k]);
            }
            printf("\n");
        }
        printf("  %-17s kode lokasi baris ini (jika tidak ada: --site)\n", "site");
        printf("  %-17s lama pidana sekaligus: \"2 tahun 6 bulan\", \"2y6m15d\", \"seumur hidup\", \"mati\"\n",
               "pidana");
    }
    printf("\nOpsi:\n"
           "  --site KODE  lokasi untuk baris tanpa kolom site (bawaan: satu-satunya lokasi yang ada)\n"
           "  --dry-run    periksa dan hitung saja; tidak ada yang disimpan\n"
           "  --db URL     berkas SQLite atau postgres://... (bawaan: $BEKAL_DB atau bekal.db)\n");
}

/* --help: the columns of the wbp file when the command names it (`bekal import wbp --help`). */
static int help_argc;
static char **help_argv;
static void import_help_cb(void)
{
    bool wbp = false;
    for (int i = 1; i < help_argc; i++) wbp = wbp || str_eq(help_argv[i], "wbp");
    import_help(wbp);
}

static void show_progress(long done, long total) { cli_progress("Mengimpor", done, total); }

int cmd_import(int argc, char **argv)
{
    const char *url = cli_default_db(), *site = NULL;
    bool dry = false;
    const cli_opt_t opts[] = {CLI_VAL("site", &site), CLI_FLAG("dry-run", &dry), {0}};
    help_argc = argc, help_argv = argv;
    int rc0 = cli_parse("import", argc, argv, opts, &url, import_help_cb, NULL, 0, NULL);
    if (rc0 != CLI_RUN) return rc0;
    const char *what = optind < argc ? argv[optind] : NULL;
    if (!what) return cli_usage_error("import", "sebutkan jenis data: bekal import wbp BERKAS.csv");
    const record_def_t *child = str_eq(what, "remisi")       ? &remisi_def
                                : str_eq(what, "discipline") ? &discipline_def
                                : str_eq(what, "sppn")       ? &sppn_def
                                                             : NULL;
    if (!str_eq(what, "wbp") && !child)
        return cli_usage_error("import", "jenis data tidak dikenal: %s (yang ada: wbp, remisi, discipline, sppn)", what);
    if (optind + 1 >= argc) return cli_usage_error("import", "sebutkan berkas CSV: bekal import wbp BERKAS.csv");
    if (optind + 2 < argc) return cli_usage_error("import", "argumen tidak dikenal: %s", argv[optind + 2]);
    const char *path = argv[optind + 1];

    cli_file_t in;
    if (cli_read_file("import", path, &in) < 0) return 1;
    /* a bulk import allocates and frees its buffers once per batch of rows: by
     * default glibc hands the top of the heap back to the OS after each batch and
     * the next one faults it in again (at 300,000 rows ~2,000 brk calls and ~0.6 s
     * of system time); this process only imports, so the heap keeps its pages */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    cli_session_t cs;
    if (cli_session_open(&cs, url) < 0) {
        cli_file_release(&in);
        return 1;
    }
    wbp_import_result_t res;
    int rc = child ? pembinaan_import_csv(cs.db, &cs.e, &cs.a, &audit_cli_actor, 0, child, site, in.data, in.len, dry,
                                          &res)
                   : wbp_import_csv(cs.db, &cs.e, &cs.a, &audit_cli_actor, 0, site, in.data, in.len, dry,
                                    cli_progress_enabled() ? show_progress : NULL, &res);
    int exit_code = 0;
    if (rc == 0) {
        printf("%s: %ld baris, %ld baru, %ld diubah, %ld tidak berubah%s\n", dry ? "Uji coba" : "Impor selesai",
               res.rows, res.created, res.updated, res.unchanged, dry ? "; tidak ada yang disimpan" : "");
    } else if (res.nerrors > 0) {
        for (int i = 0; i < res.nlisted; i++) fprintf(stderr, "%s\n", res.errors[i].message);
        if (res.nerrors > res.nlisted)
            fprintf(stderr, "... dan %ld kesalahan lain tidak ditampilkan\n", res.nerrors - res.nlisted);
        fprintf(stderr, "Impor dibatalkan: %ld kesalahan dalam %s; tidak ada data yang disimpan.\n", res.nerrors,
                path);
        exit_code = 1;
    } else {
        fprintf(stderr, "bekal import: %s\n", cs.e.msg);
        exit_code = 1;
    }
    cli_session_close(&cs);
    cli_file_release(&in);
    return exit_code;
}
