/* conf.h — /etc/bekal/bekal.conf: the settings of `bekal serve` (and the database of
 * every command) as a file, for installed systems.
 *
 * The file is lines of `key = value`; `#` starts a comment line; blank lines are
 * skipped; a value may be put in double quotes. Each key is one of `bekal serve`'s
 * options and stands for its environment variable (conf_keys). Loading a file sets
 * each variable that is not already set, so the command line wins over the
 * environment, and the environment over the file. */
#ifndef BEKAL_CONF_H
#define BEKAL_CONF_H
#include "util.h"

typedef struct {
    const char *key;  /* "listen" */
    const char *env;  /* "BEKAL_LISTEN" */
    bool boolean;     /* yes/no/true/false/on/off/1/0, stored as "1" or "0" */
} conf_key_t;
extern const conf_key_t conf_keys[];
extern const size_t conf_key_count;

/* The default place of the file, used when it exists. */
#define CONF_DEFAULT_PATH "/etc/bekal/bekal.conf"

/* Parses text (a whole file) and calls set(env, value, ctx) for each setting.
 * Returns 0, or -1 with e (400, "bad_config") naming the line that is wrong. */
int conf_parse(const char *text, int (*set)(const char *env, const char *value, void *ctx), void *ctx, err_t *e);
/* Reads path and sets each variable not yet in the environment. -1 with e when the
 * file cannot be read or is wrong. */
int conf_load(const char *path, err_t *e);

#endif
