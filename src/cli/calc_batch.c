/* calc_batch.c — `bekal calc batch`: many calculator runs in one process (the golden
 * tests, tests/golden/run.sh: one process for all files instead of one each, which
 * under ASan cost more than the checks). Each line of stdin is a JSON array of
 * strings, the arguments after `bekal calc` (["sentence", "--start", "2020-01-01",
 * ...]); for each, one line on stdout, {"exit": N, "stdout": "...", "stderr": "..."}:
 * what `bekal calc ARGS...` run alone prints and its exit status. The run's stdout and
 * stderr are the FILE streams stdout and stderr (what every calculator writes to),
 * swapped for memory streams while it runs; the sanitizers' reports still reach the
 * real stderr. A line that is not such an array: exit 2 with a message, nothing run. */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* One run of cmd_calc on args (["calc", ...]); the JSON line of its result, or NULL. */
static json_t *batch_run(int argc, char **argv)
{
    char *out = NULL, *err = NULL;
    size_t out_len = 0, err_len = 0;
    FILE *mo = open_memstream(&out, &out_len), *me = open_memstream(&err, &err_len);
    if (!mo || !me) {
        if (mo) fclose(mo);
        if (me) fclose(me);
        free(out);
        free(err);
        return NULL;
    }
    FILE *real_out = stdout, *real_err = stderr;
    fflush(real_out);
    fflush(real_err);
    /* getopt's own state (a half-read "-abc" of the run before) starts afresh */
    optind = 0;
    static char calc0[] = "calc";
    char *none[] = {calc0, NULL};
    opterr = 0;
    (void)getopt(1, none, "");
    opterr = 1;
    stdout = mo;
    stderr = me;
    int rc = cmd_calc(argc, argv);
    stdout = real_out;
    stderr = real_err;
    fclose(mo);
    fclose(me);
    json_t *o = json_object();
    json_t *so = json_stringn(out, out_len), *se = json_stringn(err, err_len);
    json_object_set_new(o, "exit", json_integer(rc));
    /* not UTF-8: null, which the caller takes for a wrong answer */
    json_object_set_new(o, "stdout", so ? so : json_null());
    json_object_set_new(o, "stderr", se ? se : json_null());
    free(out);
    free(err);
    return o;
}

int calc_batch(int argc, char **argv)
{
    const char *cmd = "calc batch";
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("Pemakaian: bekal calc batch < KASUS\n\n"
               "Banyak perhitungan dalam satu proses (uji golden): tiap baris KASUS larik JSON argumen\n"
               "sesudah `bekal calc` ([\"sentence\", \"--start\", \"2020-01-01\", ...]); tiap baris keluaran\n"
               "{\"exit\", \"stdout\", \"stderr\"} dari perhitungan itu, sama dengan bila dijalankan sendiri.\n");
        return 0;
    }
    if (argc > 1) return cli_usage_error(cmd, "argumen tidak dikenal: %s", argv[1]);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    for (size_t no = 1; rc == 0 && (len = getline(&line, &cap, stdin)) >= 0; no++) {
        if (len == 0 || line[0] == '\n') continue;
        json_error_t je;
        json_t *a = json_loadb(line, (size_t)len, 0, &je);
        size_t n = json_is_array(a) ? json_array_size(a) : 0;
        for (size_t i = 0; i < n; i++)
            if (!json_is_string(json_array_get(a, i))) n = 0;
        if (n == 0 || !strcmp(json_string_value(json_array_get(a, 0)), "batch")) {
            rc = cli_usage_error(cmd, "baris %zu: bukan larik JSON argumen calc (selain batch)", no);
            json_decref(a);
            break;
        }
        char **args = calloc(n + 2, sizeof *args);
        args[0] = strdup("calc");
        for (size_t i = 0; i < n; i++) args[i + 1] = strdup(json_string_value(json_array_get(a, i)));
        /* getopt reorders the array, not the strings: keep the strings to free them */
        char **keep = malloc((n + 1) * sizeof *keep);
        memcpy(keep, args, (n + 1) * sizeof *keep);
        json_t *res = batch_run((int)n + 1, args);
        if (res) {
            char *s = json_dumps(res, JSON_COMPACT);
            if (s) printf("%s\n", s);
            else rc = 1;
            free(s);
            json_decref(res);
        } else {
            fprintf(stderr, "bekal %s: baris %zu: keluaran tidak dapat ditampung\n", cmd, no);
            rc = 1;
        }
        fflush(stdout);
        for (size_t i = 0; i <= n; i++) free(keep[i]);
        free(keep);
        free(args);
        json_decref(a);
    }
    free(line);
    return rc;
}
