/* test_memo.c — the memo of computed page parts (src/web/memo.h): served only for
 * the same key and data version, never when turned off or older than its age
 * limit, a newer computation never replaced by an older one, the least recently
 * used entry dropped when the table is full; concurrent first requests for one
 * key computed once (memo_get_or_claim), a failed computation handing the claim on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
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

/* Eight threads ask for the same key at once, as eight worker threads do for a
 * view nobody has computed yet: one computes (slowly), the others wait for it and
 * get its text. Without the claim all eight computed (the bench's PostgreSQL
 * dashboard row: 32 connections each computing an 11-second view). */
static pthread_mutex_t count_mu = PTHREAD_MUTEX_INITIALIZER;
static int computed, served;
static const char *flight_key = "view";

static void *asker(void *arg)
{
    int64_t version = (int64_t)(intptr_t)arg;
    buf_t b;
    buf_init(&b);
    if (memo_get_or_claim(flight_key, version, &b, 30.0)) {
        pthread_mutex_lock(&count_mu);
        if (b.data && strcmp(b.data, "sections") == 0) served++;
        pthread_mutex_unlock(&count_mu);
    } else {
        pthread_mutex_lock(&count_mu);
        computed++;
        pthread_mutex_unlock(&count_mu);
        usleep(300 * 1000); /* the computation */
        memo_put(flight_key, version, "sections", 8);
    }
    buf_release(&b);
    return NULL;
}

static void run_askers(int n, int64_t version)
{
    pthread_t t[8];
    computed = served = 0;
    for (int i = 0; i < n; i++) assert_int_equal(pthread_create(&t[i], NULL, asker, (void *)(intptr_t)version), 0);
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
}

static void test_single_flight(void **state)
{
    (void)state;
    memo_config(60);
    run_askers(8, 1);
    assert_int_equal(computed, 1);
    assert_int_equal(served, 7);
    /* the data moved on: computed once more, once */
    run_askers(8, 2);
    assert_int_equal(computed, 1);
    assert_int_equal(served, 7);
    /* the memo turned off: no claims, every request computes */
    memo_config(0);
    run_askers(4, 3);
    assert_int_equal(computed, 4);
    memo_config(60);
}

/* A computation that fails releases its claim: the next request computes (it
 * does not wait for the text that will never come), and a request waiting for
 * it is woken and computes. */
static void test_claim_released(void **state)
{
    (void)state;
    memo_config(60);
    buf_t b;
    buf_init(&b);
    assert_false(memo_get_or_claim("k", 1, &b, 5.0)); /* claimed by this thread */
    memo_release("k");
    assert_false(memo_get_or_claim("k", 1, &b, 5.0)); /* claimed again at once */
    /* another thread finds the claim held and waits */
    pthread_t t;
    computed = served = 0;
    flight_key = "k";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(pthread_create(&t, NULL, asker, (void *)(intptr_t)1), 0);
    usleep(100 * 1000);
    memo_release("k"); /* the owner fails: the waiter is woken and computes */
    pthread_join(t, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(computed, 1);
    assert_true(t1.tv_sec - t0.tv_sec < 5);
    flight_key = "view";
    buf_release(&b);
    memo_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_and_version),
        cmocka_unit_test(test_off_and_age),
        cmocka_unit_test(test_least_recently_used_goes),
        cmocka_unit_test(test_single_flight),
        cmocka_unit_test(test_claim_released),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
