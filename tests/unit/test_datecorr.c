/* test_datecorr.c — corrections of computed dates (core/datecorr.h) and how the
 * eligibility computation applies them: the corrected date replaces Bekal's in
 * the dates, the fraction date and eligibility, and lapses when the inputs change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/datecorr.h"
#include "core/eligibility.h"
#include "core/rulefile.h"
#include "testrules.h"
#include "testelig.h"

TEST_BUILTIN_RULES(builtin, datecorr_rules_t, RULES_KIND_DATECORR, datecorr_rules_from_json, "2026-01-01")

static void rules(void **state)
{
    (void)state;
    datecorr_rules_t r = builtin();
    assert_true(r.n >= 3);
    assert_non_null(datecorr_reason(&r, "putusan_pengadilan"));
    assert_non_null(datecorr_reason(&r, "koreksi_sdp"));
    assert_non_null(datecorr_reason(&r, "pindah_berkas"));
    assert_true(datecorr_reason(&r, "lainnya")->note_required);
    assert_null(datecorr_reason(&r, "x"));
    assert_string_equal(datecorr_label(datecorr_reason(&r, "putusan_pengadilan")), "Putusan pengadilan");
    assert_int_equal(datecorr_kind_parse("setengah"), DC_HALF);
    assert_int_equal(datecorr_kind_parse("x"), -1);
    assert_string_equal(datecorr_kind_code(DC_TWO_THIRDS), "dua_pertiga");
    err_t e;
    err_clear(&e);
    json_t *dup = json_pack("{s:s,s:s,s:s,s:b,s:s,s:[{s:s,s:s},{s:s,s:s}]}", "kind", RULES_KIND_DATECORR, "code", "x",
                            "title", "t", "confirmed", 0, "effective_from", "2021-01-01", "reasons", "code", "a", "label",
                            "A", "code", "a", "label", "B");
    assert_int_equal(datecorr_rules_from_json(dup, &r, &e), -1);
    assert_non_null(strstr(e.msg, "ganda"));
    json_decref(dup);
}

static void fingerprint(void **state)
{
    (void)state;
    sentence_t s = {D("2023-01-10"), {2, 0, 0}, {0, 4, 0}, {0, 1, 0}, 0, DATE_METHOD_BULAN_HARI};
    char a[DATECORR_FP_LEN], b[DATECORR_FP_LEN], why[400];
    datecorr_fingerprint(&s, a);
    assert_string_equal(a, "mulai=2023-01-10;pidana=2-0-0;subsider=0-4-0;remisi=0-1-0;tidak_dihitung=0;metode=0");
    assert_int_equal(datecorr_diff(a, a), 0);
    s.remisi = (period_t){0, 2, 15};
    datecorr_fingerprint(&s, b);
    assert_int_equal(datecorr_diff(a, b), DCX_REMISI);
    datecorr_cause_text(DCX_REMISI, a, b, why, sizeof why);
    assert_string_equal(why, "remisi berubah (1 bl 0 hr → 2 bl 15 hr)");
    s.term = (period_t){3, 0, 0};
    s.start = D("2023-02-01");
    datecorr_fingerprint(&s, b);
    assert_int_equal(datecorr_diff(a, b), DCX_START | DCX_TERM | DCX_REMISI);
    datecorr_cause_text(DCX_START | DCX_TERM, a, b, why, sizeof why);
    assert_string_equal(why, "tanggal mulai penahanan berubah, masa pidana berubah");
    assert_int_equal(datecorr_diff(a, ""), DCX_NODATES);
    assert_int_equal(datecorr_diff("rusak", a) & DCX_START, DCX_START);
}

static void check(void **state)
{
    (void)state;
    datecorr_rules_t r = builtin();
    date_t today = D("2026-12-07");
    field_errs_t fe = {0};
    datecorr_check(&r, "setengah", D("2026-11-01"), D("2026-12-01"), "putusan_pengadilan", "W10.PAS-123", NULL,
                   D("2026-12-07"), today, &fe);
    assert_int_equal(fe.n, 0);
    datecorr_check(&r, "ekspirasi", D("2026-12-01"), D("2026-12-01"), "lainnya", "", NULL, D("2026-12-08"), today, &fe);
    assert_non_null(field_errs_for(&fe, "corrected_date")); /* the same as Bekal's */
    assert_non_null(field_errs_for(&fe, "document_ref"));
    assert_non_null(field_errs_for(&fe, "note"));           /* "lainnya" needs one */
    assert_non_null(field_errs_for(&fe, "decided_on"));     /* in the future */
    memset(&fe, 0, sizeof fe);
    datecorr_check(&r, "sepertiga", DATE_NONE, DATE_NONE, "x", "d", NULL, today, today, &fe);
    assert_non_null(field_errs_for(&fe, "which"));
    assert_non_null(field_errs_for(&fe, "corrected_date"));
    assert_non_null(field_errs_for(&fe, "reason"));
    memset(&fe, 0, sizeof fe);
    datecorr_check(&r, "dua_pertiga", D("2026-01-01"), DATE_NONE, "koreksi_sdp", "d", NULL, today, today, &fe);
    assert_non_null(field_errs_for(&fe, "which")); /* Bekal has no date to correct */
    assert_true(datecorr_in_force(D("2026-12-01"), DATE_NONE, D("2026-12-01")));
    assert_false(datecorr_in_force(D("2026-12-01"), DATE_NONE, D("2026-11-30")));
    assert_false(datecorr_in_force(D("2026-12-01"), D("2026-12-05"), D("2026-12-05")));
}

static elig_remisi_t g_rem[4];

/* The fixture's inmate with SPPN up to 2024-10. */
static elig_input_t inmate(void) { return inmate_sppn_to("2024-10"); }

static void applied(void **st)
{
    (void)st;
    elig_input_t in = inmate();
    elig_result_t r;
    err_t e;
    date_t at = D("2023-12-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_date(r.dates.half, "2024-01-10");
    assert_int_equal(r.frac_corr, -1);
    char fp[DATECORR_FP_LEN];
    snprintf(fp, sizeof fp, "%s", r.inputs);
    /* a court decision puts 1/2 on 2023-11-20: eligible on 2023-12-01 */
    elig_correction_t c[2] = {{7, DC_HALF, D("2023-11-20"), D("2023-11-25"), DATE_NONE, fp, "Putusan pengadilan"},
                              {8, DC_EXPIRY, D("2024-12-20"), D("2023-11-25"), DATE_NONE, fp, "Koreksi data SDP"}};
    in.corr = c;
    in.n_corr = 2;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    assert_date(r.dates.half, "2023-11-20");
    assert_date(r.fraction_date, "2023-11-20");
    assert_date(r.eligible_from, "2023-11-20");
    assert_date(r.dates.expiry, "2024-12-20");
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_APPLIED);
    assert_date(r.corr[DC_HALF].computed, "2024-01-10");
    assert_int_equal(r.frac_corr, DC_HALF);
    assert_true(elig_corrected(&r));
    char b[1024];
    elig_req_detail(&r, req(&r, REQ_MASA_PIDANA), at, b, sizeof b);
    assert_non_null(strstr(b, "dikoreksi (Putusan pengadilan)"));
    assert_non_null(strstr(b, "hitungan Bekal 10 Januari 2024"));
    elig_corr_note(&r, b, sizeof b);
    assert_string_equal(b, "Ekspirasi (bebas murni) dikoreksi: Koreksi data SDP; 1/2 masa pidana dikoreksi: Putusan pengadilan");
    /* the corrected expiry ends eligibility */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-12-21"), &r, &e), 0);
    assert_false(r.eligible);
    /* before the decision the correction was not known */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2023-11-24"), &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_NONE);
    assert_date(r.dates.half, "2024-01-10");
    /* ended: no longer used from that day */
    c[0].until = D("2023-11-30");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_NONE);
    assert_false(r.eligible);
    /* two of one date: the latest decided counts */
    elig_correction_t two[2] = {{1, DC_HALF, D("2023-11-01"), D("2023-11-10"), DATE_NONE, fp, "A"},
                                {2, DC_HALF, D("2023-11-15"), D("2023-11-20"), DATE_NONE, fp, "B"}};
    in.corr = two;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_date(r.dates.half, "2023-11-15");
    assert_string_equal(r.corr[DC_HALF].reason, "B");
}

static void lapsed(void **st)
{
    (void)st;
    elig_input_t in = inmate();
    elig_result_t r;
    err_t e;
    date_t at = D("2023-12-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    char fp[DATECORR_FP_LEN];
    snprintf(fp, sizeof fp, "%s", r.inputs);
    elig_correction_t c = {7, DC_HALF, D("2023-11-20"), D("2023-11-25"), DATE_NONE, fp, "Putusan pengadilan"};
    in.corr = &c;
    in.n_corr = 1;
    /* a new remisi: the correction lapses, Bekal's own date (with the remisi) is back */
    g_rem[0] = (elig_remisi_t){{0, 1, 0}, D("2023-11-28")};
    in.remisi = g_rem;
    in.n_remisi = 1;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_LAPSED);
    assert_int_equal(r.corr[DC_HALF].cause, DCX_REMISI);
    assert_date(r.dates.half, "2023-12-10");
    assert_int_equal(r.frac_corr, -1);
    assert_false(elig_corrected(&r));
    char why[400];
    datecorr_cause_text(r.corr[DC_HALF].cause, r.corr[DC_HALF].inputs, r.inputs, why, sizeof why);
    assert_string_equal(why, "remisi berubah (0 bl 0 hr → 1 bl 0 hr)");
    /* a remisi granted after the evaluation date does not count then: still applied */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2023-11-26"), &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_APPLIED);
    /* a changed sentence */
    in.n_remisi = 0;
    in.term = (period_t){2, 6, 0};
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_LAPSED);
    assert_int_equal(r.corr[DC_HALF].cause, DCX_TERM);
    /* no dates at all any more (life sentence) */
    in.kind = SENTENCE_SEUMUR_HIDUP;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_int_equal(r.corr[DC_HALF].state, ELIG_CORR_LAPSED);
    assert_int_equal(r.corr[DC_HALF].cause, DCX_NODATES);
}

int main(void)
{
    const struct CMUnitTest t[] = {cmocka_unit_test(rules), cmocka_unit_test(fingerprint), cmocka_unit_test(check),
                                   cmocka_unit_test(applied), cmocka_unit_test(lapsed)};
    return cmocka_run_group_tests(t, elig_setup, NULL);
}
