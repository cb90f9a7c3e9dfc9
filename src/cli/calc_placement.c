/* calc_placement.c — `bekal calc placement FILE.json`: the placement proposal for
 * a problem described in JSON (placement_json.h), printed as JSON. Used by the
 * golden files in tests/golden/placement/. Bad input: Indonesian message on
 * stderr, exit code 2. */
#include "cli.h"
#include "../core/placement_json.h"
#include <stdlib.h>
#include <string.h>

static void placement_help(void)
{
    printf("Pemakaian: bekal calc placement BERKAS.json\n\n"
           "Usulan penempatan calon peserta ke program pelatihan (deferred acceptance, calon mengajukan):\n"
           "stabil dan deterministik. Kunci berkas:\n"
           "  at (tanggal aturan; bawaan: mulai program paling awal), rules (kode aturan penempatan atau objek),\n"
           "  programs: [{id, trade, capacity, min, start, end, requires_asimilasi, excluded_risk}],\n"
           "  candidates: [{wbp, id, interests, aptitude {kejuruan: 0..100}, fit (true/false/{kejuruan: bool}),\n"
           "                release_date atau days_left, risk (rendah|sedang|tinggi), eligible_from,\n"
           "                eligible_at_start {program: bool}}],\n"
           "  withdraw: [wbp | {wbp, moves}] (mundur setelah penempatan, berurutan).\n"
           "Keluaran: {ruleset, at, placed [{wbp, program, interest_rank, priority_rank, reason}],\n"
           "  waitlist [{wbp, rank, code, reason}], programs, under_minimum, withdrawals, summary}.\n");
}

int cmd_calc_placement(int argc, char **argv)
{
    const char *cmd = "calc placement";
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        placement_help();
        return 0;
    }
    if (argc != 2 || argv[1][0] == '-') return cli_usage_error(cmd, "pemakaian: bekal calc placement BERKAS.json");
    json_error_t je;
    json_t *root = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &je);
    if (!root) return cli_usage_error(cmd, "%s: JSON tidak dapat dibaca (baris %d): %s", argv[1], je.line, je.text);
    err_t e;
    err_clear(&e);
    json_t *out;
    int rc = pl_json_run(root, &out, &e);
    json_decref(root);
    if (rc < 0) {
        if (e.status >= 500) {
            fprintf(stderr, "bekal %s: %s\n", cmd, e.msg);
            return 1;
        }
        return cli_usage_error(cmd, "%s: %s", argv[1], e.msg);
    }
    return cli_print_json(out);
}
