/* test_funnel.c — the asimilasi funnel (core/funnel.h): a proposal's stage from the
 * dates its chain filled, an inmate's stage, the days between stages, the median. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/funnel.h"
#include "testdate.h"

static funnel_usulan_t U(const char *created, const char *tpp, const char *decree, const char *start, const char *end)
{
    funnel_usulan_t u = {D(created), tpp ? D(tpp) : DATE_NONE, decree ? D(decree) : DATE_NONE,
                         start ? D(start) : DATE_NONE, end ? D(end) : DATE_NONE, false, false, DATE_NONE};
    return u;
}

static void stages(void **st)
{
    (void)st;
    funnel_usulan_t u = U("2026-01-05", "2026-01-20", "2026-02-03", "2026-02-10", "2026-06-10");
    assert_int_equal(funnel_usulan_stage(&u, D("2026-01-04")), FN_NONE);
    assert_int_equal(funnel_usulan_stage(&u, D("2026-01-05")), FN_PROPOSED);
    assert_int_equal(funnel_usulan_stage(&u, D("2026-01-25")), FN_TPP);
    assert_int_equal(funnel_usulan_stage(&u, D("2026-02-05")), FN_DECREE);
    assert_int_equal(funnel_usulan_stage(&u, D("2026-03-01")), FN_RUNNING);
    assert_int_equal(funnel_usulan_stage(&u, D("2026-06-10")), FN_COMPLETED);
    /* refused at the TPP: no stage once closed, a stage before */
    funnel_usulan_t r = U("2026-01-05", "2026-01-20", NULL, NULL, NULL);
    r.final = true, r.refused = true, r.state_on = D("2026-01-22");
    assert_int_equal(funnel_usulan_stage(&r, D("2026-01-21")), FN_TPP);
    assert_int_equal(funnel_usulan_stage(&r, D("2026-01-22")), FN_NONE);
    /* revoked while running (end_date filled by the revocation) is not completed */
    funnel_usulan_t v = U("2026-01-05", "2026-01-20", "2026-02-03", "2026-02-10", "2026-03-01");
    v.final = true, v.refused = true, v.state_on = D("2026-03-01");
    assert_int_equal(funnel_usulan_stage(&v, D("2026-02-20")), FN_RUNNING);
    assert_int_equal(funnel_usulan_stage(&v, D("2026-03-02")), FN_NONE);
    /* completed normally: final, not refused */
    u.final = true, u.state_on = D("2026-06-10");
    assert_int_equal(funnel_usulan_stage(&u, D("2026-07-01")), FN_COMPLETED);
    /* the inmate: the furthest proposal, else eligible / marked */
    funnel_usulan_t two[2] = {r, U("2026-02-01", NULL, NULL, NULL, NULL)};
    assert_int_equal(funnel_inmate_stage(two, 2, true, false, D("2026-02-02")), FN_PROPOSED);
    assert_int_equal(funnel_inmate_stage(two, 1, true, false, D("2026-02-02")), FN_NO_DECISION);
    assert_int_equal(funnel_inmate_stage(two, 1, true, true, D("2026-02-02")), FN_NOT_PROPOSED);
    assert_int_equal(funnel_inmate_stage(two, 1, false, true, D("2026-02-02")), FN_NONE);
    assert_int_equal(funnel_inmate_stage(NULL, 0, false, false, D("2026-02-02")), FN_NONE);
    assert_string_equal(funnel_stage_code(FN_DECREE), "sk");
}

static void gaps_and_median(void **st)
{
    (void)st;
    funnel_usulan_t u = U("2026-01-05", "2026-01-20", "2026-02-03", "2026-02-10", NULL);
    int32_t d[FT__COUNT];
    funnel_gaps(&u, D("2025-12-31"), D("2026-01-01"), D("2026-01-31"), d);
    assert_int_equal(d[FT_ELIG_PROP], 5);
    assert_int_equal(d[FT_PROP_TPP], 15);
    assert_int_equal(d[FT_TPP_DECREE], -1); /* the decree came in February */
    funnel_gaps(&u, DATE_NONE, D("2026-02-01"), D("2026-02-28"), d);
    assert_int_equal(d[FT_ELIG_PROP], -1);
    assert_int_equal(d[FT_TPP_DECREE], 14);
    assert_int_equal(d[FT_DECREE_START], 7);
    assert_int_equal(d[FT_START_END], -1);
    int32_t v[] = {9, 1, 5, 3};
    assert_int_equal(funnel_median(v, 4), 3);
    assert_int_equal(funnel_median(v, 3), 3);
    int32_t one[] = {42};
    assert_int_equal(funnel_median(one, 1), 42);
    assert_int_equal(funnel_median(NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest t[] = {cmocka_unit_test(stages), cmocka_unit_test(gaps_and_median)};
    return cmocka_run_group_tests(t, NULL, NULL);
}
