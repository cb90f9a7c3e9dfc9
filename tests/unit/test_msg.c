/* test_msg.c — coded explanations (core/msg.c, issue 25): stored as codes with
 * parameters, written in the reader's language when shown; any other stored text
 * (typed by a person, or written before the codes) is shown as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "util/i18n.h"
#include "util/util.h"

static char *render(const char *stored)
{
    buf_t b;
    buf_init(&b);
    msg_render(stored, &b);
    char *s = xstrdup(b.data ? b.data : "");
    buf_release(&b);
    return s;
}

/* A placement's explanation as placement.c codes it. */
static char *coded_example(void)
{
    date_t start, rel;
    assert_true(date_parse("2021-05-03", &start));
    assert_true(date_parse("2028-03-09", &rel));
    json_t *prog = json_array(), *basis = json_array(), *m = json_array();
    msg_add(prog, "%s (%s, mulai %s)", "ssd", "Las tahap 1", "LAS", start);
    msg_add(basis, "bakat %s, ", "I", (int64_t)67);
    msg_add(basis, "bebas %s", "d", rel);
    msg_add(basis, ", risiko %s", "t", "rendah");
    msg_add(m, "Ditempatkan di %s, pilihan ke-%s. Prioritas ke-%s dari %s pelamar yang memenuhi syarat, kuota %s (%s).",
            "miiiim", prog, 1, 8, 21, 6, basis);
    msg_add(m, " 100%% %s", "s", "x");
    char *s = msg_dump(m);
    json_decref(m);
    return s;
}

static void indonesian_reads_as_before(void **state)
{
    (void)state;
    i18n_use("id");
    char *c = coded_example();
    assert_true(msg_is_coded(c));
    char *t = render(c);
    assert_string_equal(t, "Ditempatkan di Las tahap 1 (LAS, mulai 3 Mei 2021), pilihan ke-1. Prioritas ke-8 dari 21 "
                           "pelamar yang memenuhi syarat, kuota 6 (bakat 67, bebas 9 Maret 2028, risiko rendah). 100% x");
    free(t);
    free(c);
}

static void english_reader(void **state)
{
    (void)state;
    if (!i18n_init()) skip();
    i18n_use("en");
    char *c = coded_example();
    char *t = render(c);
    assert_string_equal(t, "Placed in Las tahap 1 (LAS, starting 3 May 2021), choice 1. Priority 8 of 21 eligible "
                           "applicants, 6 seats (aptitude 67, released 9 March 2028, risk low). 100% x");
    arena_t a;
    arena_init(&a);
    assert_string_equal(msg_text(&a, c), t);
    /* a fixed text the program stored is translated; a typed one is left alone */
    assert_string_equal(msg_text(&a, "Asesmen awal dicatat; menunggu penempatan"), "Initial assessment recorded; awaiting placement");
    assert_string_equal(msg_text(&a, "memilih bekerja di dapur"), "memilih bekerja di dapur");
    assert_null(msg_text(&a, NULL));
    arena_release(&a);
    free(t);
    free(c);
    i18n_use("id");
}

static void other_texts_as_they_are(void **state)
{
    (void)state;
    const char *in[] = {"", "Mundur atas permintaan sendiri", "[not json", "[[\"unterminated", "[1, 2]", "[[]]",
                        "[[\"%s %s\"]]"};
    const char *out[] = {"", "Mundur atas permintaan sendiri", "[not json", "[[\"unterminated", "[1, 2]", "", " "};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        char *t = render(in[i]);
        assert_string_equal(t, out[i]);
        free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indonesian_reads_as_before),
        cmocka_unit_test(english_reader),
        cmocka_unit_test(other_texts_as_they_are),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
