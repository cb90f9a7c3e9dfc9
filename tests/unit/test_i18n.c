/* test_i18n.c — choosing the interface language (i18n_pick) and translating
 * through the built catalogue (build/locale, found next to the test binary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "util/i18n.h"
#include "util/util.h"

static void pick(void **state)
{
    (void)state;
    assert_string_equal(i18n_pick(NULL, NULL), "id");
    assert_string_equal(i18n_pick("", ""), "id");
    assert_string_equal(i18n_pick(NULL, "en-US,en;q=0.9"), "en");
    assert_string_equal(i18n_pick(NULL, "EN"), "en");
    assert_string_equal(i18n_pick(NULL, "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"), "id");
    assert_string_equal(i18n_pick(NULL, "en;q=0.5, id;q=0.8"), "id");
    assert_string_equal(i18n_pick(NULL, "fr-FR, en;q=0.1"), "en");
    assert_string_equal(i18n_pick(NULL, "fr-FR, de"), "id");
    assert_string_equal(i18n_pick(NULL, "en;q=0"), "id");      /* q=0: not acceptable */
    assert_string_equal(i18n_pick(NULL, "eng, english"), "id"); /* not the tag "en" */
    assert_string_equal(i18n_pick(NULL, "in"), "id");
    assert_string_equal(i18n_pick(NULL, ";;;,,,q=,en;q=abc"), "id");
    assert_string_equal(i18n_pick("en", "id"), "en"); /* the stored preference wins */
    assert_string_equal(i18n_pick("id", "en"), "id");
    assert_string_equal(i18n_pick("xx", "en"), "en"); /* an unknown preference is ignored */
}

static void translate(void **state)
{
    (void)state;
    if (!i18n_init()) skip(); /* no English locale on this machine: deps.sh makes one */
    i18n_use("en");
    assert_string_equal(_("Beranda"), "Home");
    assert_string_equal(_("Maret"), "March");
    assert_string_equal(_("teks yang tidak ada di katalog"), "teks yang tidak ada di katalog");
    i18n_use("id");
    assert_string_equal(_("Beranda"), "Beranda");
    i18n_use(NULL);
    assert_string_equal(_("Beranda"), "Beranda");
}

/* Dates shown to the reader are in the reader's language (issue 18): every month in
 * English through date_format_long_ui; date_format_long stays Indonesian (stored texts). */
static void long_dates(void **state)
{
    (void)state;
    if (!i18n_init()) skip();
    static const char *const en[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
    static const char *const id[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                     "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
    char s[DATE_LONG_LEN], want[64];
    for (int m = 1; m <= 12; m++) {
        int day = m == 2 ? 28 : m == 12 ? 31 : 30;
        date_t d = date_from_ymd(2026, m, day);
        i18n_use("en");
        date_format_long_ui(d, s);
        snprintf(want, sizeof want, "%d %s 2026", day, en[m - 1]);
        assert_string_equal(s, want);
        date_format_long(d, s); /* stored texts: Indonesian whatever the interface */
        snprintf(want, sizeof want, "%d %s 2026", day, id[m - 1]);
        assert_string_equal(s, want);
        i18n_use("id");
        date_format_long_ui(d, s);
        assert_string_equal(s, want);
    }
    i18n_use("en");
    date_format_long_ui(date_from_ymd(2028, 2, 29), s);
    assert_string_equal(s, "29 February 2028");
    i18n_use(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(pick), cmocka_unit_test(translate), cmocka_unit_test(long_dates)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
