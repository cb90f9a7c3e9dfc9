/* test_memo.c — the memo of computed page parts (src/web/memo.h): served only for
 * the same key and data version, never when turned off or older than its age
 * limit, a newer computation never replaced by an older one, the least recently
 * used entry dropped when the table is full. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "web/memo.h"

/* The text kept for key at version, or NULL (a static buffer). */
static const char *got(const char *key, int64_t version)
{
    static char out[256];
    buf_t b;
    buf_init(&b);
    bool hit = memo_get(key, version, &b);
    snprintf(out, sizeof out, "%s", hit ? (b.data ? b.data : "") : "");
    buf_release(&b);
    return hit ? out : NULL;
}

static void test_key_and_version(void **state)
{
    (void)state;
    memo_config(60);
    assert_null(got("a", 1));
    memo_put("a", 1, "satu", 4);
    assert_string_equal(got("a", 1), "satu");
    assert_string_equal(got("a", 1), "satu"); /* served again */
    assert_null(got("b", 1));
    assert_null(got("a", 2)); /* the data moved on: dropped */
    assert_null(got("a", 1));
    memo_put("a", 3, "tiga", 4);
    memo_put("a", 2, "dua", 3); /* an older computation finishing late is not kept */
    assert_string_equal(got("a", 3), "tiga");
    memo_put("a", 4, "empat", 5);
    assert_string_equal(got("a", 4), "empat");
    /* the text is appended to what the buffer holds */
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "<p>");
    assert_true(memo_get("a", 4, &b));
    assert_string_equal(b.data, "<p>empat");
    buf_release(&b);
    memo_clear();
    assert_null(got("a", 4));
}

static void test_off_and_age(void **state)
{
    (void)state;
    memo_config(0);
    assert_int_equal(memo_max_age(), 0);
    memo_put("a", 1, "x", 1);
    assert_null(got("a", 1));
    memo_config(2);
    memo_put("a", 1, "x", 1);
    assert_string_equal(got("a", 1), "x");
    usleep(2200 * 1000);
    assert_null(got("a", 1)); /* older than its age limit */
    memo_config(60);
}

static void test_least_recently_used_goes(void **state)
{
    (void)state;
    memo_config(60);
    char k[16];
    for (int i = 0; i < 64; i++) {
        snprintf(k, sizeof k, "k%d", i);
        memo_put(k, 1, k, strlen(k));
    }
    assert_string_equal(got("k0", 1), "k0"); /* k0 used: k1 is now the oldest */
    memo_put("new", 1, "new", 3);
    assert_null(got("k1", 1));
    assert_string_equal(got("k0", 1), "k0");
    assert_string_equal(got("k2", 1), "k2");
    assert_string_equal(got("new", 1), "new");
    memo_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_and_version),
        cmocka_unit_test(test_off_and_age),
        cmocka_unit_test(test_least_recently_used_goes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
