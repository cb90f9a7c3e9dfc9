/* bench/placement.c — the placement benchmark (issue 5): `bench/run.sh` runs
 * build/bench/placement and compares the placement of C candidates into P
 * programmes (deferred acceptance, priority ranks, waiting list and every
 * Indonesian reason, as `bekal calc placement` produces them) with a ceiling
 * measured in the same run: reading and parsing the same candidate file.
 *
 * Usage: placement [--candidates C] [--programs P] [--repeat R] FILE.json
 * Writes a deterministic instance to FILE.json when it does not exist (5 trades,
 * P/5 programmes each, capacity 16..30; every candidate ranks 1..3 trades and has
 * an aptitude per trade), then prints "PLACE_SECONDS PARSE_SECONDS" (the best of
 * R runs each) on stdout and a summary on stderr. Exit 1 when the result is not
 * stable. */
#include "core/placement_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng = 0x5DEECE66Dull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void date_str(date_t d, char out[DATE_ISO_LEN]) { date_format(d, out); }

static int generate(const char *path, int nc, int np)
{
    static const char *const trades[5] = {"las_listrik", "perbaikan_komputer", "pengolahan_hasil_pertanian",
                                          "pengolahan_hasil_perikanan", "menjahit"};
    static const char *const risks[3] = {"rendah", "sedang", "tinggi"};
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    date_t base;
    date_parse("2021-04-05", &base);
    char d1[DATE_ISO_LEN], d2[DATE_ISO_LEN];
    fputs("{\"programs\":[\n", f);
    for (int p = 0; p < np; p++) {
        date_t s = base + (date_t)(p / 5) * 14;
        date_str(s, d1);
        date_str(s + 33, d2);
        fprintf(f,
                "%s{\"id\":\"PRG-%03d\",\"trade\":\"%s\",\"capacity\":%u,\"min\":10,\"start\":\"%s\",\"end\":\"%s\"}\n",
                p ? "," : "", p + 1, trades[p % 5], 16 + rnd(15), d1, d2);
    }
    fputs("],\"candidates\":[\n", f);
    for (int c = 0; c < nc; c++) {
        int k = 1 + (int)rnd(3), first = (int)rnd(5);
        fprintf(f, "%s{\"wbp\":\"BI-%05d/2020\",\"interests\":[", c ? "," : "", c + 1);
        for (int i = 0; i < k; i++) fprintf(f, "%s\"%s\"", i ? "," : "", trades[(first + i * 2) % 5]);
        fputs("],\"aptitude\":{", f);
        for (int t = 0; t < 5; t++) fprintf(f, "%s\"%s\":%u", t ? "," : "", trades[t], rnd(101));
        date_str(base - 200 + (date_t)rnd(260), d1);
        date_str(base + 40 + (date_t)rnd(1500), d2);
        fprintf(f, "},\"fit\":%s,\"risk\":\"%s\",\"eligible_from\":\"%s\",\"release_date\":\"%s\"}\n",
                rnd(20) ? "true" : "false",
                risks[rnd(10) < 6   ? 0
                      : rnd(10) < 8 ? 1
                                    : 2],
                d1, d2);
    }
    fputs("]}\n", f);
    return fclose(f);
}

int main(int argc, char **argv)
{
    int nc = 5000, np = 50, repeat = 5;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--candidates") && i + 1 < argc)
            nc = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--programs") && i + 1 < argc)
            np = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else
            path = argv[i];
    }
    if (!path || nc < 1 || np < 1 || repeat < 1) {
        fprintf(stderr, "usage: placement [--candidates C] [--programs P] [--repeat R] FILE.json\n");
        return 2;
    }
    FILE *exists = fopen(path, "r");
    if (exists)
        fclose(exists);
    else if (generate(path, nc, np) < 0) {
        perror(path);
        return 1;
    }
    double best_parse = 1e9, best_place = 1e9;
    size_t placed = 0, waiting = 0;
    bool stable = true;
    err_t e;
    for (int run = 0; run < repeat; run++) {
        /* ceiling: read and parse the candidate file into the placement input */
        double t0 = now();
        json_error_t je;
        json_t *root = json_load_file(path, 0, &je);
        pl_json_input_t pj;
        if (!root || pl_json_input_parse(root, &pj, &e) < 0) {
            fprintf(stderr, "placement: %s\n", root ? e.msg : je.text);
            return 1;
        }
        double t1 = now();
        json_decref(root);
        /* value: rules, placement, and the output with every reason */
        pl_rules_t rules;
        pl_result_t r;
        double t2 = now();
        if (pl_json_rules(&pj, &rules, &e) < 0 || pl_place(&pj.in, &rules, &r, &e) < 0) {
            fprintf(stderr, "placement: %s\n", e.msg);
            return 1;
        }
        json_t *out = pl_result_json(&r);
        double t3 = now();
        if (t1 - t0 < best_parse) best_parse = t1 - t0;
        if (t3 - t2 < best_place) best_place = t3 - t2;
        char why[300];
        if (run == 0 && !pl_check_stable(&r, why, sizeof why)) {
            fprintf(stderr, "placement: NOT STABLE: %s\n", why);
            stable = false;
        }
        placed = r.n_placed, waiting = r.n_waitlist;
        json_decref(out);
        pl_result_free(&r);
        pl_json_input_free(&pj);
    }
    fprintf(stderr, "placement %d candidates x %d programmes: %zu placed, %zu waiting; place %.4f s, parse %.4f s\n",
            nc, np, placed, waiting, best_place, best_parse);
    printf("%.4f %.4f\n", best_place, best_parse);
    return stable ? 0 : 1;
}
