/* cli.h — subcommands of the `bekal` program and their shared helpers.
 * Every subcommand is `int cmd_x(int argc, char **argv)` with argv[0] = its name,
 * returns the process exit code: 0 ok, 1 failure, 2 usage error. */
#ifndef BEKAL_CLI_H
#define BEKAL_CLI_H
#include "../store/db.h"
#include "../store/audit.h" /* audit_cli_actor: who the commands act as */
#include "../core/date.h"
#include <jansson.h>
#include <stdio.h>
#include <unistd.h> /* optind: with pos NULL, cli_parse leaves the arguments from argv[optind] */

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
/* `bekal site add|list` (site.c). */
int cmd_site(int argc, char **argv);
int cmd_token(int argc, char **argv);
/* `bekal caseload assign|end|list` (caseload.c): a wali's caseload. */
int cmd_caseload(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_eligibility(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
/* `bekal sync --hub URL` (sync.c): one round of sync with the hub. */
int cmd_sync(int argc, char **argv);
/* One round (push, pull) of site db with hub, credential cred; site: its code or
 * NULL (the database's only site). A report line to out (may be NULL). 0, or -1
 * with err. */
int sync_round(db_t *db, const char *hub, const char *cred, const char *site, FILE *out, char *err, size_t errlen);
/* `bekal check --hub`: compares this database's chain with the hub's witness; prints OK/SALAH, returns 0 or 1. */
int sync_check_hub(db_t *db, const char *hub, const char *cred);
/* The site credential from file (first line), else $BEKAL_SYNC_CREDENTIAL; NULL after a message. Caller frees. */
char *sync_read_credential(const char *file);
/* `bekal serve --sync-hub`: rounds every `minutes` in a background thread with its own connection. */
int sync_start_background(const char *db_url, const char *hub, const char *cred_file, int minutes);
int cmd_routes(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
/* `bekal report KIND ...`: production, PNBP and premi reports as CSV/XLSX/PDF (report.c). */
/* `bekal report monthly ...` (report_monthly.c), dispatched by cmd_report. */
int cmd_report_monthly(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* `bekal place --phase ID` (place.c). */
int cmd_place(int argc, char **argv);
/* `bekal release apply-due` (release.c). */
int cmd_release(int argc, char **argv);
int cmd_access_log(int argc, char **argv);
/* `bekal certificate pdf NUMBER | list` (certificate.c). */
int cmd_certificate(int argc, char **argv);
/* `bekal reconcile sdp FILE.csv` and `bekal calc reconcile FILE.json` (reconcile.c). */
int cmd_reconcile(int argc, char **argv);
int calc_reconcile(int argc, char **argv);
/* `bekal calc split FILE.json` (calc_split.c), dispatched by cmd_calc. */
int calc_split(int argc, char **argv);
/* `bekal calc placement FILE.json` (calc_placement.c), dispatched by cmd_calc. */
int cmd_calc_placement(int argc, char **argv);
/* `bekal calc schedule|completion FILE.json` (calc_training.c), dispatched by cmd_calc. */
int calc_schedule(int argc, char **argv);
int calc_completion(int argc, char **argv);
/* `bekal calc batch` (calc_batch.c): many calc runs in one process, dispatched by cmd_calc. */
int calc_batch(int argc, char **argv);

/* The database URL when no --db is given: $BEKAL_DB, else "bekal.db". */
const char *cli_default_db(void);
/* Opens the database for a command other than init: refuses a missing SQLite
 * file, then applies pending migrations. Prints the error and returns NULL. */
db_t *cli_open_db(const char *url);
/* Opens url read-only, changing nothing in it (no migrations, no journal-mode
 * switch; works on read-only media): for check and backup. NULL after a message. */
db_t *cli_open_db_readonly(const char *url);
/* What a command working on the database holds: the connection (cli_open_db), the
 * error of its store calls and an arena. cli_session_open: 0, or -1 after the message;
 * cli_session_close releases the arena and closes the connection. */
typedef struct {
    db_t *db;
    err_t e;
    arena_t a;
} cli_session_t;
int cli_session_open(cli_session_t *s, const char *url);
void cli_session_close(cli_session_t *s);
/* Prints "bekal CMD: MSG" to stderr and returns 2 (usage errors). */
int cli_usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* The options of a subcommand, for cli_parse: `--NAME VALUE` (or `--NAME=VALUE`)
 * stores VALUE in *(const char **)dst; a flag (`--NAME`, no value) sets *(bool *)dst.
 * The last value given wins. A list ends with {0}. */
typedef struct {
    const char *name;
    bool flag;
    void *dst;
    char abbrev; /* a one-letter form (-o FILE), or 0 */
    /* a repeatable option: called with dst and each value in turn; returns CLI_RUN to go
     * on, else the exit code (after its own message: cli_usage_error) */
    int (*each)(void *dst, const char *cmd, const char *value);
} cli_opt_t;
#define CLI_VAL(name, dst) {name, false, (void *)(dst), 0, NULL}
#define CLI_FLAG(name, dst) {name, true, (void *)(dst), 0, NULL}
#define CLI_VAL_ABBREV(name, letter, dst) {name, false, (void *)(dst), letter, NULL}
#define CLI_EACH(name, fn, dst) {name, false, (void *)(dst), 0, fn}
#define CLI_RUN (-1)
/* Reads the arguments of `bekal CMD` (argv[0] is CMD): the options of opts, `--db URL`
 * into *url (when url is not NULL; set it to cli_default_db() first) and `--help`
 * (calls help). Other arguments go in order into pos[0..maxpos), their count into
 * *npos; with pos NULL they stay in argv[optind..argc) (options moved before them, as
 * getopt_long does) for the command to read. Returns CLI_RUN when the
 * command should go on, else the exit code to return at once: 0 after --help, 2 after
 * a usage error (an unknown option, an option without its value, one argument too
 * many), written to stderr as cli_usage_error does. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts, const char **url, void (*help)(void),
              const char **pos, int maxpos, int *npos);
/* One line of a list printed as a text table on stdout: the n cells, each left-aligned
 * in its column of width[i] characters (the last as it is), one space apart. */
void cli_print_row(const int *width, int n, const char *const *cells);
/* Prints o (taken) as indented JSON on stdout; 0, or 1 when it cannot be written. */
int cli_print_json(json_t *o);
/* A date as JSON: "YYYY-MM-DD", null for DATE_NONE (rf_date_json). */
json_t *cli_date_json(date_t d);
/* The input object o at where (a path for messages) has no keys but keys (NULL-terminated):
 * 0, or -1 with e a 400 "invalid_input" ("... harus berupa objek", "kunci ... tidak dikenal"). */
int cli_json_keys(json_t *o, const char *where, const char *const *keys, err_t *e);
/* Reads one line (the password) from stdin, without the newline; NULL on EOF. Caller frees. */
char *cli_read_line_stdin(void);
/* True when stderr is a terminal (progress bars are shown only then). */
bool cli_progress_enabled(void);
/* Draws a progress bar "label [#####     ] done/total" on stderr when enabled. */
void cli_progress(const char *label, long done, long total);

/* A whole input file ("-" is stdin): mapped when possible (no copy of a large
 * file), else read. cli_read_file prints "bekal CMD: ..." and returns -1 when it
 * cannot; free with cli_file_release. */
typedef struct {
    char *data;
    size_t len;
    bool mapped;
} cli_file_t;
int cli_read_file(const char *cmd, const char *path, cli_file_t *fd);
void cli_file_release(cli_file_t *fd);

#endif
