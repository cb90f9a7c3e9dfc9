/* opts.c — cli_parse: one reading of a subcommand's options (--db, --help, its own
 * options and its arguments) for every `bekal` command, in place of a getopt loop in
 * each. */
#include "cli.h"
#include "../core/rulefile.h"
#include "../util/i18n.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DB = 1000, OPT_HELP, OPT_FIRST };
#define MAX_OPTS 48

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts, const char **url, void (*help)(void),
              const char **pos, int maxpos, int *npos)
{
    struct option lo[MAX_OPTS + 3];
    int n = 0;
    if (url) lo[n++] = (struct option){"db", required_argument, 0, OPT_DB};
    lo[n++] = (struct option){"help", no_argument, 0, OPT_HELP};
    for (int i = 0; opts && opts[i].name; i++) {
        if (n >= MAX_OPTS) return cli_usage_error(cmd, "%s", "too many options"); /* a programming error */
        lo[n++] = (struct option){opts[i].name, opts[i].flag ? no_argument : required_argument, 0, OPT_FIRST + i};
    }
    lo[n] = (struct option){0, 0, 0, 0};
    char shorts[2 * MAX_OPTS + 3] = ":h";
    size_t ns = 2;
    for (int i = 0; opts && opts[i].name; i++)
        if (opts[i].abbrev) {
            shorts[ns++] = opts[i].abbrev;
            if (!opts[i].flag) shorts[ns++] = ':';
        }
    shorts[ns] = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        for (int i = 0; opts && opts[i].name && c > 0 && c < 256; i++)
            if (opts[i].abbrev == c) c = OPT_FIRST + i;
        if (c == OPT_DB) *url = optarg;
        else if (c == OPT_HELP || c == 'h') {
            if (help) help();
            return 0;
        } else if (c >= OPT_FIRST) {
            const cli_opt_t *o = &opts[c - OPT_FIRST];
            if (o->flag) *(bool *)o->dst = true;
            else if (o->each) {
                int rc = o->each(o->dst, cmd, optarg);
                if (rc != CLI_RUN) return rc;
            } else
                *(const char **)o->dst = optarg;
        } else if (c == ':')
            return cli_usage_error(cmd, _("opsi %s memerlukan nilai"), argv[optind - 1]);
        else
            return cli_usage_error(cmd, _("opsi tidak dikenal: %s"), argv[optind - 1]);
    }
    if (!pos) return CLI_RUN; /* the command reads argv[optind..argc) itself */
    int k = 0;
    for (; optind < argc; optind++) {
        if (k >= maxpos) return cli_usage_error(cmd, _("argumen tidak dikenal: %s"), argv[optind]);
        pos[k++] = argv[optind];
    }
    if (npos) *npos = k;
    return CLI_RUN;
}

void cli_print_row(const int *width, int n, const char *const *cells)
{
    for (int i = 0; i < n - 1; i++) printf("%-*s ", width[i], cells[i]);
    if (n > 0) printf("%s", cells[n - 1]);
    putchar('\n');
}

int cli_print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) return 1;
    puts(s);
    free(s);
    return 0;
}

json_t *cli_date_json(date_t d) { return rf_date_json(d); }

int cli_json_keys(json_t *o, const char *where, const char *const *keys, err_t *e)
{
    if (!json_is_object(o)) return err_set(e, 400, "invalid_input", "%s harus berupa objek", where);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k)) i++;
        if (!keys[i]) return err_set(e, 400, "invalid_input", "%s: kunci \"%.60s\" tidak dikenal", where, k);
    }
    return 0;
}
