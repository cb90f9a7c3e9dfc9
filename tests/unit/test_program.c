/* test_program.c — the pure agreement and programme rules (core/program.c):
 * quota per phase, validity, capacity and dates, effective status, PDF check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/program.h"
#include "util/i18n.h"

static void assert_msg_has(const field_errs_t *fe, const char *field, const char *needle)
{
    const char *m = field_errs_for(fe, field);
    if (!m) fail_msg("no error on %s", field);
    if (!strstr(m, needle)) fail_msg("error on %s is \"%s\", want it to contain \"%s\"", field, m, needle);
}

/* Fills a programme's values through the field table, as every source does. */
static void prog(const char **v, const char *start, const char *end, const char *cmin, const char *cmax,
                 const char *place, const char *asim)
{
    memset(v, 0, sizeof(char *) * PGF_COUNT);
    v[PGF_NAME] = "Las listrik tahap 1";
    v[PGF_AGREEMENT_ID] = "1";
    v[PGF_PHASE] = "1";
    v[PGF_KEJURUAN_ID] = "1";
    v[PGF_START_DATE] = start;
    v[PGF_END_DATE] = end;
    v[PGF_CAPACITY_MIN] = cmin;
    v[PGF_CAPACITY_MAX] = cmax;
    v[PGF_PLACE] = place;
    v[PGF_REQUIRE_ASIMILASI] = asim;
}

static void test_quota(void **st)
{
    (void)st;
    field_errs_t fe = {0};
    /* phase 1 of the Ketapang PKS: quota 30; four programmes use 24, a fifth of 6 fits exactly */
    assert_true(program_check_quota(1, true, 30, 24, 6, &fe));
    assert_int_equal(fe.n, 0);
    /* one more place does not, and the message names quota, used, room left and asked */
    assert_false(program_check_quota(1, true, 30, 24, 7, &fe));
    assert_int_equal(fe.n, 1);
    assert_msg_has(&fe, "capacity_max", "Kuota tahap 1 PKS ini 30 orang");
    assert_msg_has(&fe, "capacity_max", "sudah memakai 24");
    assert_msg_has(&fe, "capacity_max", "paling banyak 6 (diisi 7)");
    /* already over (quota lowered elsewhere): room is 0, never negative */
    fe.n = 0;
    assert_false(program_check_quota(2, true, 10, 12, 1, &fe));
    assert_msg_has(&fe, "capacity_max", "paling banyak 0 (diisi 1)");
    /* no quota for the phase at all */
    fe.n = 0;
    assert_false(program_check_quota(3, false, 0, 0, 5, &fe));
    assert_msg_has(&fe, "phase", "tidak menetapkan kuota peserta untuk tahap 3");
    /* lowering a quota below what programmes already use */
    fe.n = 0;
    assert_true(quota_check_used(1, 30, 30, &fe));
    assert_false(quota_check_used(1, 28, 30, &fe));
    assert_msg_has(&fe, "quota_max", "sudah memakai kapasitas 30 orang");
    assert_msg_has(&fe, "quota_max", "(diisi 28)");
}

static void test_quota_row(void **st)
{
    (void)st;
    const char *v[AQF_COUNT] = {"1", "25", "30", NULL};
    field_errs_t fe = {0};
    quota_validate(v, &fe);
    assert_int_equal(fe.n, 0);
    v[AQF_QUOTA_MIN] = "31";
    quota_validate(v, &fe);
    assert_msg_has(&fe, "quota_min", "Kuota minimum (31) tidak boleh lebih besar dari kuota maksimum (30)");
    fe.n = 0;
    v[AQF_QUOTA_MIN] = "0";
    v[AQF_PHASE] = "0";
    v[AQF_QUOTA_MAX] = "0";
    quota_validate(v, &fe);
    assert_non_null(field_errs_for(&fe, "phase"));
    assert_non_null(field_errs_for(&fe, "quota_max"));
}

static void test_validity(void **st)
{
    (void)st;
    const char *from = "2021-03-08", *to = "2026-03-07";
    field_errs_t fe = {0};
    assert_true(program_check_validity("2021-05-03", "2021-06-14", from, to, &fe));
    assert_true(program_check_validity("2021-03-08", "2026-03-07", from, to, &fe)); /* both ends inclusive */
    assert_int_equal(fe.n, 0);
    assert_false(program_check_validity("2021-03-07", "2021-04-30", from, to, &fe));
    assert_msg_has(&fe, "start_date", "Rencana mulai 7 Maret 2021 berada di luar masa berlaku PKS (8 Maret 2021 s.d. "
                                      "7 Maret 2026)");
    assert_null(field_errs_for(&fe, "end_date"));
    fe.n = 0;
    assert_false(program_check_validity("2026-02-01", "2026-03-08", from, to, &fe));
    assert_msg_has(&fe, "end_date", "Rencana selesai 8 Maret 2026 berada di luar masa berlaku PKS");
    assert_null(field_errs_for(&fe, "start_date"));
    fe.n = 0;
    assert_false(program_check_validity("2027-01-01", "2027-02-01", from, to, &fe));
    assert_int_equal(fe.n, 2);
    assert_true(program_inside_validity("2021-05-03", "2021-06-14", from, to));
    assert_false(program_inside_validity("2021-05-03", "2026-06-14", from, to));
    assert_false(program_inside_validity("2020-05-03", "2021-06-14", from, to));
}

static void test_program_own_rules(void **st)
{
    (void)st;
    const char *v[PGF_COUNT];
    field_errs_t fe = {0};
    prog(v, "2021-05-03", "2021-06-14", "5", "6", "lapas", "1");
    program_validate(v, &fe);
    assert_int_equal(fe.n, 0);
    /* end before start */
    prog(v, "2021-06-14", "2021-05-03", "5", "6", "lapas", "1");
    program_validate(v, &fe);
    assert_msg_has(&fe, "end_date", "Rencana selesai (3 Mei 2021) tidak boleh sebelum rencana mulai (14 Juni 2021)");
    /* in English, the dates of the message are English too (issue 18) */
    if (i18n_init()) {
        i18n_use("en");
        fe.n = 0;
        program_validate(v, &fe);
        assert_msg_has(&fe, "end_date", "(3 May 2021) cannot be before the planned start (14 June 2021)");
        i18n_use(NULL);
    }
    /* capacity minimum above maximum */
    fe.n = 0;
    prog(v, "2021-05-03", "2021-06-14", "8", "6", "lapas", "1");
    program_validate(v, &fe);
    assert_msg_has(&fe, "capacity_min", "Kapasitas minimum (8) tidak boleh lebih besar dari kapasitas maksimum (6)");
    fe.n = 0;
    prog(v, "2021-05-03", "2021-06-14", "0", "0", "lapas", "1");
    program_validate(v, &fe);
    assert_non_null(field_errs_for(&fe, "capacity_max"));
    /* training at the BLK is outside the prison: participants must be asimilasi-eligible */
    fe.n = 0;
    prog(v, "2021-05-03", "2021-06-14", "5", "6", "blk", "0");
    program_validate(v, &fe);
    assert_msg_has(&fe, "require_asimilasi", "Pelatihan di BLK");
    fe.n = 0;
    prog(v, "2021-05-03", "2021-06-14", "5", "6", "blk", "1");
    program_validate(v, &fe);
    assert_int_equal(fe.n, 0);
}

static void test_agreement(void **st)
{
    (void)st;
    const char *v[AGF_COUNT] = {0};
    v[AGF_VALID_FROM] = "2021-03-08";
    v[AGF_VALID_TO] = "2021-03-07";
    field_errs_t fe = {0};
    agreement_validate(v, &fe);
    assert_msg_has(&fe, "valid_to", "Berlaku sampai (7 Maret 2021) tidak boleh sebelum berlaku mulai (8 Maret 2021)");
    fe.n = 0;
    v[AGF_VALID_TO] = "2021-03-08"; /* one day is a valid term */
    agreement_validate(v, &fe);
    assert_int_equal(fe.n, 0);

    assert_string_equal(agreement_effective_status("aktif", "2026-03-07", "2026-03-07"), "aktif");
    assert_string_equal(agreement_effective_status("aktif", "2026-03-07", "2026-03-08"), "berakhir");
    assert_string_equal(agreement_effective_status("diakhiri", "2030-01-01", "2026-03-08"), "diakhiri");
    assert_string_equal(agreement_effective_status("draft", "2020-01-01", "2026-03-08"), "draft");
    assert_string_equal(agreement_effective_status("berakhir", "2030-01-01", "2026-03-08"), "berakhir");
    assert_int_equal(agreement_days_left("2026-03-07", "2026-03-07"), 0);
    assert_int_equal(agreement_days_left("2026-06-05", "2026-03-07"), 90);
    assert_int_equal(agreement_days_left("2026-03-06", "2026-03-07"), -1);
    char out[11];
    assert_true(date_iso_add_days("2026-12-15", 90, out));
    assert_string_equal(out, "2027-03-15");
    assert_false(date_iso_add_days("2026-02-30", 1, out));
}

static void test_pdf(void **st)
{
    (void)st;
    char msg[300];
    static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    size_t n = sizeof pdf - 1;
    assert_int_equal(pdf_check(pdf, n, 1024, msg, sizeof msg), 0);
    assert_int_equal(pdf_check(pdf, n, n, msg, sizeof msg), 0); /* exactly at the limit */
    assert_int_equal(pdf_check(pdf, n, n - 1, msg, sizeof msg), 413);
    assert_non_null(strstr(msg, "terlalu besar"));
    assert_int_equal(pdf_check("", 0, 1024, msg, sizeof msg), 400);
    static const char zip[] = "PK\x03\x04 a zip file %%EOF";
    assert_int_equal(pdf_check(zip, sizeof zip - 1, 1024, msg, sizeof msg), 415);
    assert_non_null(strstr(msg, "bukan PDF"));
    assert_int_equal(pdf_check("%PDF-1.4 truncated", 18, 1024, msg, sizeof msg), 415);
    assert_non_null(strstr(msg, "tidak utuh"));
    /* size text in messages */
    assert_int_equal(pdf_check(pdf, n, 10, msg, sizeof msg), 413);
    assert_non_null(strstr(msg, "batas unggahan dokumen PKS 1 KiB"));
}

static void test_field_tables(void **st)
{
    (void)st;
    /* every table names its parent as the migration does */
    assert_string_equal(agreement_party_def.parent, "agreement_id");
    assert_string_equal(agreement_quota_def.parent, "agreement_id");
    assert_string_equal(agreement_kejuruan_def.parent, "agreement_id");
    assert_string_equal(competency_unit_def.parent, "kejuruan_id");
    assert_string_equal(program_instructor_def.parent, "program_id");
    assert_null(program_def.parent);
    /* enum values normalise through labels too */
    const char *v[PGF_COUNT] = {0};
    field_errs_t fe = {0};
    arena_t a;
    arena_init(&a);
    assert_true(rec_set(&a, &program_def, v, PGF_PLACE, "BLK", &fe));
    assert_string_equal(v[PGF_PLACE], "blk");
    assert_false(rec_set(&a, &program_def, v, PGF_STATUS, "ditunda", &fe));
    assert_non_null(field_errs_for(&fe, "status"));
    rec_finish(&program_def, v, &fe);
    assert_string_equal(v[PGF_REQUIRE_ASIMILASI], "1"); /* yes by default */
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quota),          cmocka_unit_test(test_quota_row), cmocka_unit_test(test_validity),
        cmocka_unit_test(test_program_own_rules), cmocka_unit_test(test_agreement), cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_field_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
