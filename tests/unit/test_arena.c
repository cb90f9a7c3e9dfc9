/* test_arena.c — the per-request arena: alignment, independence of allocations,
 * and (under AddressSanitizer, as `make test` builds it) poisoning: only the bytes
 * asked for are addressable; the red zone after each allocation and the unused rest
 * of a block are poisoned, so an overflow inside an arena block is reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "util/util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

static void test_alignment_and_independence(void **state)
{
    (void)state;
    arena_t a;
    arena_init(&a);
    char *prev = NULL;
    for (size_t n = 0; n < 300; n += 7) {
        char *p = arena_alloc(&a, n);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xab, n);
        if (prev) assert_true(p >= prev + 1 || p < prev);
        prev = p;
    }
    char *big = arena_alloc(&a, 100000); /* larger than a block: its own block */
    memset(big, 1, 100000);
    assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
    arena_release(&a);
    assert_null(a.head);
}

static void test_poisoning(void **state)
{
    (void)state;
#ifdef TEST_ASAN
    arena_t a;
    arena_init(&a);
    for (size_t n = 1; n < 200; n += 5) {
        char *p = arena_alloc(&a, n);
        assert_null(__asan_region_is_poisoned(p, n));      /* all n bytes usable */
        assert_true(__asan_address_is_poisoned(p + n));     /* the byte after is not */
        assert_true(__asan_address_is_poisoned(p + n + 8)); /* nor the red zone */
        char *q = arena_alloc(&a, 8);
        assert_true(q >= p + n + 16);                       /* at least a 16-byte gap */
        assert_true(__asan_address_is_poisoned(q - 1));
    }
    char *s = arena_strdup(&a, "abc");
    assert_true(__asan_address_is_poisoned(s + 4)); /* one past the NUL */
    char *f = arena_alloc(&a, 16);
    assert_true(__asan_address_is_poisoned(f + 100)); /* the unused rest of the block */
    arena_release(&a);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_independence),
        cmocka_unit_test(test_poisoning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
