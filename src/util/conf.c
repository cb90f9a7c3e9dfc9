/* conf.c — the configuration file (see conf.h). */
#include "conf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const conf_key_t conf_keys[] = {
    {"db", "BEKAL_DB", false},
    {"listen", "BEKAL_LISTEN", false},
    {"public-url", "BEKAL_PUBLIC_URL", false},
    {"behind-tls", "BEKAL_BEHIND_TLS", true},
    {"trust-proxy", "BEKAL_TRUST_PROXY", true},
    {"threads", "BEKAL_THREADS", false},
    {"pool", "BEKAL_POOL_SIZE", false},
    {"session-hours", "BEKAL_SESSION_HOURS", false},
    {"session-idle", "BEKAL_SESSION_IDLE_MINUTES", false},
    {"cache-seconds", "BEKAL_CACHE_SECONDS", false},
    {"log-requests", "BEKAL_LOG_REQUESTS", true},
    {"sync-hub", "BEKAL_SYNC_HUB", false},
    {"sync-every", "BEKAL_SYNC_EVERY", false},
    {"sync-credential-file", "BEKAL_SYNC_CREDENTIAL_FILE", false},
    {"export-max-rows", "BEKAL_EXPORT_MAX_ROWS", false},
};
const size_t conf_key_count = ARRAY_LEN(conf_keys);

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

static const char *bool_value(const char *v)
{
    static const char *const yes[] = {"1", "yes", "true", "on", "ya"}, *const no[] = {"0", "no", "false", "off", "tidak"};
    for (size_t i = 0; i < ARRAY_LEN(yes); i++)
        if (strcasecmp(v, yes[i]) == 0) return "1";
    for (size_t i = 0; i < ARRAY_LEN(no); i++)
        if (strcasecmp(v, no[i]) == 0) return "0";
    return NULL;
}

int conf_parse(const char *text, int (*set)(const char *env, const char *value, void *ctx), void *ctx, err_t *e)
{
    int lineno = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        lineno++;
        if (n >= sizeof line) return err_set(e, 400, "bad_config", "baris %d terlalu panjang", lineno);
        memcpy(line, p, n);
        line[n] = 0;
        p = nl ? nl + 1 : p + n;
        const char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) return err_set(e, 400, "bad_config", "baris %d: bukan `kunci = nilai`: %.80s", lineno, s);
        *eq = 0;
        char *key = (char *)s, *val = eq + 1;
        key = (char *)trim(key);
        val = (char *)trim(val);
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') val[vl - 1] = 0, val++;
        if (!utf8_valid_text(val, strlen(val)) || strpbrk(val, "\t\n"))
            return err_set(e, 400, "bad_config", "baris %d: nilai %s bukan teks satu baris", lineno, key);
        const conf_key_t *k = NULL;
        for (size_t i = 0; i < conf_key_count && !k; i++)
            if (str_eq(key, conf_keys[i].key)) k = &conf_keys[i];
        if (!k) return err_set(e, 400, "bad_config", "baris %d: kunci tidak dikenal: %.60s", lineno, key);
        const char *v = val;
        if (k->boolean && !(v = bool_value(val)))
            return err_set(e, 400, "bad_config", "baris %d: %s harus yes atau no, bukan %.60s", lineno, key, val);
        if (set(k->env, v, ctx) < 0) return err_set(e, 400, "bad_config", "baris %d: %s tidak dapat dipakai", lineno, key);
    }
    return 0;
}

static int set_env(const char *env, const char *value, void *ctx)
{
    (void)ctx;
    return setenv(env, value, 0);
}

int conf_load(const char *path, err_t *e)
{
    FILE *f = fopen(path, "r");
    if (!f) return err_set(e, 400, "bad_config", "berkas konfigurasi %s tidak dapat dibaca: %s", path, strerror(errno));
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20)) buf_append(&b, chunk, n);
    fclose(f);
    int rc = conf_parse(b.data ? b.data : "", set_env, NULL, e);
    if (rc < 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, 400, "bad_config", "%s: %s", path, msg);
    }
    buf_release(&b);
    return rc;
}
