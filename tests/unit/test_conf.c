/* test_conf.c — util/conf.c: the configuration file's syntax (comments, blank lines,
 * quotes, spaces), each key mapped to its variable, booleans normalised, unknown keys
 * and bad lines refused with their line number, and conf_load setting only the
 * variables the environment does not set yet (the environment wins over the file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    int n;
    char env[16][40], val[16][200];
} got_t;

static int collect(const char *env, const char *value, void *ctx)
{
    got_t *g = ctx;
    if (g->n >= 16) return -1;
    snprintf(g->env[g->n], sizeof g->env[0], "%s", env);
    snprintf(g->val[g->n], sizeof g->val[0], "%s", value);
    g->n++;
    return 0;
}

static void test_syntax(void **state)
{
    (void)state;
    got_t g = {0};
    err_t e;
    err_clear(&e);
    const char *text = "# Bekal\n\n  db = /var/lib/bekal/bekal.db  \r\nlisten=127.0.0.1:9000\n"
                       "public-url = \"https://bekal.example.id\"\nbehind-tls = Yes\ntrust-proxy = off\n"
                       "   # indented comment\nthreads = 8\nsync-hub = https://bekal.kanwil.example\n"
                       "sync-credential-file = /etc/bekal/sync.key\n";
    assert_int_equal(conf_parse(text, collect, &g, &e), 0);
    assert_int_equal(g.n, 8);
    assert_string_equal(g.env[0], "BEKAL_DB");
    assert_string_equal(g.val[0], "/var/lib/bekal/bekal.db");
    assert_string_equal(g.env[1], "BEKAL_LISTEN");
    assert_string_equal(g.val[1], "127.0.0.1:9000");
    assert_string_equal(g.env[2], "BEKAL_PUBLIC_URL");
    assert_string_equal(g.val[2], "https://bekal.example.id");
    assert_string_equal(g.env[3], "BEKAL_BEHIND_TLS");
    assert_string_equal(g.val[3], "1");
    assert_string_equal(g.env[4], "BEKAL_TRUST_PROXY");
    assert_string_equal(g.val[4], "0");
    assert_string_equal(g.env[5], "BEKAL_THREADS");
    assert_string_equal(g.val[5], "8");
    assert_string_equal(g.env[6], "BEKAL_SYNC_HUB");
    assert_string_equal(g.val[6], "https://bekal.kanwil.example");
    assert_string_equal(g.env[7], "BEKAL_SYNC_CREDENTIAL_FILE");
    assert_string_equal(g.val[7], "/etc/bekal/sync.key");
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"db = x\nlisen = 1\n", "baris 2: kunci tidak dikenal: lisen"},
        {"\n\nthis line has no equals\n", "baris 3: bukan"},
        {"behind-tls = maybe\n", "baris 1: behind-tls harus yes atau no"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        got_t g = {0};
        err_t e;
        err_clear(&e);
        assert_int_equal(conf_parse(bad[i].text, collect, &g, &e), -1);
        assert_string_equal(e.code, "bad_config");
        if (!strstr(e.msg, bad[i].want)) fail_msg("%s: got \"%s\"", bad[i].want, e.msg);
    }
}

static void test_load_environment_wins(void **state)
{
    (void)state;
    char path[] = "/tmp/bekal-test-conf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "listen = 127.0.0.1:7001\npool = 3\n";
    assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    setenv("BEKAL_LISTEN", "127.0.0.1:7002", 1);
    unsetenv("BEKAL_POOL_SIZE");
    err_t e;
    err_clear(&e);
    assert_int_equal(conf_load(path, &e), 0);
    assert_string_equal(getenv("BEKAL_LISTEN"), "127.0.0.1:7002");
    assert_string_equal(getenv("BEKAL_POOL_SIZE"), "3");
    unlink(path);
    assert_int_equal(conf_load(path, &e), -1);
    assert_non_null(strstr(e.msg, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_load_environment_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
