/* test_eligibility.c — rule sets as data (parse, validate, pick by date) and the
 * asimilasi evaluation with its dates and Indonesian explanations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/eligibility.h"
#include "core/rulefile.h"
#include "testdate.h"
#include "testelig.h"

static const char *valid_rules =
    "{\"code\":\"uji-1\",\"title\":\"Uji\",\"basis\":\"Permenkumham 7/2022\",\"confirmed\":true,\"effective_from\":\"2022-04-01\","
    "\"applies_to\":\"dewasa\",\"date_method\":\"bulan-hari\","
    "\"general\":{\"fraction\":\"1/2\",\"min_months_served\":0,\"months_without_discipline\":6,"
    "\"forms\":[\"dalam_lapas\",\"lapas_terbuka\",\"kerja_sosial\",\"pihak_ketiga\"]},"
    "\"special\":{\"fraction\":\"2/3\",\"min_months_served\":9,\"months_without_discipline\":9,\"forms\":[\"kerja_sosial\"]},"
    "\"special_crimes\":{\"categories\":[\"terorisme\",\"narkotika\",\"korupsi\"],\"narkotika_min_sentence_months\":60},"
    "\"discipline\":{\"blocking_levels\":[\"berat\"],\"register_f_only\":true},"
    "\"sppn\":{\"min_score\":60,\"recent_months\":3,\"attendance_counts\":true,\"attendance_min_percent\":80},"
    "\"exclusions\":{\"seumur_hidup\":true,\"mati\":true,\"tahanan\":true,\"keselamatan_terancam\":true},"
    "\"extra_conditions\":{\"terorisme_deradikalisasi\":true,\"korupsi_denda_uang_pengganti\":true,\"wna_dokumen\":true}}";

/* valid_rules with the first occurrence of from replaced by to. */
static char *variant(const char *from, const char *to)
{
    const char *p = strstr(valid_rules, from);
    assert_non_null(p);
    size_t n = strlen(valid_rules) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(p - valid_rules), valid_rules, to, p + strlen(from));
    return s;
}

static void test_ruleset_parse(void **st)
{
    (void)st;
    ruleset_t r;
    err_t e;
    err_clear(&e);
    assert_int_equal(ruleset_parse(valid_rules, &r, &e), 0);
    assert_string_equal(r.code, "uji-1");
    assert_int_equal(r.effective_from, D("2022-04-01"));
    assert_int_equal(r.special.frac_p, 2);
    assert_int_equal(r.special.frac_q, 3);
    assert_int_equal(r.special.min_months_served, 9);
    assert_int_equal(r.general.months_no_discipline, 6);
    assert_int_equal(r.special_categories, (1u << CRIME_TERORISME) | (1u << CRIME_NARKOTIKA) | (1u << CRIME_KORUPSI));
    assert_int_equal(r.blocking_levels, 1u << DISC_BERAT);
    assert_int_equal(r.sppn_min_score, 60);
    assert_true(r.exclude_remand);
    /* round trip through ruleset_to_json */
    json_t *j = ruleset_to_json(&r);
    char *txt = json_dumps(j, 0);
    ruleset_t r2;
    assert_int_equal(ruleset_parse(txt, &r2, &e), 0);
    assert_memory_equal(&r, &r2, sizeof r);
    free(txt);
    json_decref(j);

    struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"1/2\"", "\"3/2\"", "general.fraction"},
        {"\"1/2\"", "\"1/0\"", "general.fraction"},
        {"\"2/3\"", "\"dua pertiga\"", "special.fraction"},
        {"\"2022-04-01\"", "\"2022-02-30\"", "effective_from"},
        {"\"dewasa\"", "\"remaja\"", "applies_to"},
        {"\"bulan-hari\"", "\"minggu\"", "date_method"},
        {"\"korupsi\"]", "\"pencurian\"]", "special_crimes.categories"},
        {"\"terorisme\",", "\"umum\",", "special_crimes.categories"},
        {"[\"berat\"]", "[\"parah\"]", "discipline.blocking_levels"},
        {"\"min_score\":60", "\"min_score\":101", "sppn.min_score"},
        {"\"min_score\":60", "\"min_score\":\"60\"", "sppn.min_score"},
        {"\"register_f_only\":true", "\"register_f_only\":1", "discipline.register_f_only"},
        {"\"code\":\"uji-1\"", "\"code\":\"Uji 1\"", "code"},
        {"\"code\":\"uji-1\",", "", "code"},
        {"\"title\":\"Uji\"", "\"title\":\"Uji\",\"judul\":\"x\"", "judul"},
        {"\"mati\":true,", "\"mati\":true,\"anak\":true,", "exclusions.anak"},
        {"\"sppn\":{\"min_score\":60,\"recent_months\":3,\"attendance_counts\":true,\"attendance_min_percent\":80},", "", "sppn"},
        {"[\"kerja_sosial\"]}", "[\"kerja_bakti\"]}", "special.forms"},
        {"[\"kerja_sosial\"]}", "[]}", "special.forms"},
        {"\"basis\":\"Permenkumham 7/2022\",", "", "basis"},
        {"\"attendance_min_percent\":80", "\"attendance_min_percent\":101", "sppn.attendance_min_percent"},
        {"\"min_months_served\":9", "\"min_months_served\":-1", "special.min_months_served"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *s = variant(bad[i].from, bad[i].to);
        err_clear(&e);
        assert_int_equal(ruleset_parse(s, &r, &e), -1);
        assert_string_equal(e.code, "invalid_ruleset");
        if (!strstr(e.msg, bad[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i].msg);
        free(s);
    }
    assert_int_equal(ruleset_parse("{", &r, &e), -1);
    assert_non_null(strstr(e.msg, "JSON"));
    assert_int_equal(ruleset_parse("[]", &r, &e), -1);
    assert_int_equal(ruleset_parse(NULL, &r, &e), -1);
}

static void test_ruleset_pick_and_builtins(void **st)
{
    (void)st;
    ruleset_t sets[16];
    size_t n;
    err_t e;
    err_clear(&e);
    assert_int_equal(ruleset_load_builtins(sets, 16, &n, &e), 0);
    /* rules/ holds files of other kinds too (rulefile.h); only asimilasi ones load */
    assert_int_equal(n, rulefile_count(RULEFILE_KIND_ASIMILASI));
    assert_true(n >= 3);
    /* each rule set from the day its regulation took effect (its rule file names the source) */
    assert_null(ruleset_pick(sets, n, APPLIES_DEWASA, D("2012-11-11")));
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2012-11-12"))->code, "pp-99-2012");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2017-06-01"))->code, "pp-99-2012");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2018-02-25"))->code, "pp-99-2012");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2018-02-26"))->code, "permenkumham-3-2018");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2022-01-27"))->code, "permenkumham-3-2018");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2022-01-28"))->code, "permenkumham-7-2022");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2022-08-02"))->code, "permenkumham-7-2022");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2022-08-03"))->code, "uu-22-2022");
    assert_string_equal(ruleset_pick(sets, n, APPLIES_DEWASA, D("2030-01-01"))->code, "uu-22-2022");
    /* the special-crime track allows social work only, in every adult rule set */
    for (size_t i = 0; i < n; i++)
        if (sets[i].applies_to == APPLIES_DEWASA) {
            assert_int_equal(sets[i].special.forms, 1u << USL_FORM_KERJA_SOSIAL);
            assert_int_equal(sets[i].general.forms, (1u << USL_FORM__COUNT) - 1);
            assert_true(sets[i].basis[0] != 0);
        }
    const ruleset_t *anak = ruleset_pick(sets, n, APPLIES_ANAK, D("2024-01-01"));
    assert_non_null(anak);
    assert_string_equal(anak->code, "anak-default");
    assert_false(anak->confirmed);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(ruleset_builtin_name(i));
        assert_non_null(ruleset_builtin_json(i));
    }
    assert_null(ruleset_builtin_name(ruleset_builtin_count()));
    assert_int_equal(ruleset_load_builtins(sets, 1, &n, &e), -1); /* too small */
    assert_int_equal(n, 0);
    assert_int_equal(crime_category_parse("keamanan_negara"), CRIME_KEAMANAN_NEGARA);
    assert_int_equal(crime_category_parse("pencurian"), -1);
    assert_int_equal(discipline_level_parse("berat"), DISC_BERAT);
    assert_int_equal(discipline_level_parse(NULL), -1);
    assert_int_equal(legal_class_parse("anak"), LEGAL_ANAK);
    assert_int_equal(sentence_kind_parse("seumur_hidup"), SENTENCE_SEUMUR_HIDUP);
    assert_int_equal(sentence_kind_parse("x"), -1);
}


static void detail_has(const elig_result_t *r, elig_req_code_t c, date_t at, const char *want)
{
    char b[1024];
    const elig_req_t *q = req(r, c);
    assert_non_null(q);
    elig_req_detail(r, q, at, b, sizeof b);
    if (!strstr(b, want)) fail_msg("%s: \"%s\" lacks \"%s\"", elig_req_code_name(c), b, want);
}

static void test_general(void **st)
{
    (void)st;
    elig_input_t in = inmate_sppn_to("2024-02");
    elig_result_t r;
    err_t e;
    date_t at = D("2024-03-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_string_equal(r.rules->code, "uu-22-2022");
    assert_false(r.special);
    assert_true(r.eligible);
    assert_date(r.eligible_from, "2024-01-10");
    assert_date(r.dates.expiry, "2025-01-10");
    assert_date(r.dates.half, "2024-01-10");
    assert_int_equal(r.n, 5);
    assert_null(req(&r, REQ_MASA_MINIMAL));
    assert_date(req(&r, REQ_AKTIF_PEMBINAAN)->met_from, "2023-04-01");
    detail_has(&r, REQ_MASA_PIDANA, at, "1/2 masa pidana tercapai pada 10 Januari 2024");
    /* the arithmetic is shown */
    detail_has(&r, REQ_MASA_PIDANA, at, "1/2 × (2 th) = 12 bl 0 hr sejak 10 Januari 2023, dikurangi remisi 0 bl 0 hr");
    detail_has(&r, REQ_STATUS_HUKUM, at, "narapidana");
    detail_has(&r, REQ_AKTIF_PEMBINAAN, at, "1 April 2023");

    at = D("2023-12-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_date(r.eligible_from, "2024-01-10");
    assert_false(req(&r, REQ_MASA_PIDANA)->met);
    detail_has(&r, REQ_MASA_PIDANA, at, "akan tercapai pada 10 Januari 2024");

    /* 2017 is screened under PP 99/2012; nothing before it took effect */
    err_clear(&e);
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2017-06-01"), &r, &e), 0);
    assert_string_equal(r.rules->code, "pp-99-2012");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2012-11-11"), &r, &e), -1);
    assert_string_equal(e.code, "no_ruleset");
    assert_int_equal(e.status, 422); /* the date asked for is wrong, not the server */
    assert_int_equal(elig_evaluate(g_sets, 0, &in, at, &r, &e), -1);
}

static void test_discipline(void **st)
{
    (void)st;
    elig_input_t in = inmate_sppn_to("2024-02");
    elig_discipline_t d = {DISC_BERAT, D("2023-09-25"), D("2023-09-25"), D("2023-10-01"), true, false, "berkelahi"};
    in.discipline = &d;
    in.n_discipline = 1;
    elig_result_t r;
    err_t e;
    date_t at = D("2024-03-01");
    /* 5 months back: blocked until 2024-04-01 */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_date(req(&r, REQ_BERKELAKUAN_BAIK)->met_from, "2024-04-01");
    assert_date(r.eligible_from, "2024-04-01");
    detail_has(&r, REQ_BERKELAKUAN_BAIK, at, "berat (berkelahi), 25 September 2023 s.d. 1 Oktober 2023");
    detail_has(&r, REQ_BERKELAKUAN_BAIK, at, "Register F");
    /* 7 months back: met */
    d.punish_end = D("2023-08-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    assert_date(r.eligible_from, "2024-02-01");
    /* cancelled or a light level: ignored; a heavy one blocks with the Register F box unticked */
    d.punish_end = D("2024-02-20");
    d.cancelled = true;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    d.cancelled = false;
    d.in_register_f = false;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_date(req(&r, REQ_BERKELAKUAN_BAIK)->met_from, "2024-08-20");
    d.level = DISC_SEDANG; /* not blocking by default, and not in Register F */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    d.in_register_f = true;
    d.level = DISC_RINGAN;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    /* decided after `at`: not yet known */
    d.level = DISC_BERAT;
    d.decision = D("2024-03-02");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    /* ends so late that good conduct comes after the expiry: eligible_from none */
    d.decision = D("2024-02-01");
    d.punish_end = D("2024-08-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_int_equal(r.eligible_from, DATE_NONE);
}

static void test_sppn(void **st)
{
    (void)st;
    elig_input_t in = inmate_sppn_to("2024-02");
    elig_result_t r;
    err_t e;
    g_sppn[13].score = 59; /* Feb 2024 */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-03-01"), &r, &e), 0);
    assert_false(req(&r, REQ_AKTIF_PEMBINAAN)->met);
    assert_date(req(&r, REQ_AKTIF_PEMBINAAN)->met_from, "2024-06-01");
    detail_has(&r, REQ_AKTIF_PEMBINAAN, D("2024-03-01"), "1 Juni 2024");
    /* Dec 2023 missing: earliest 2024-04-01 */
    in = inmate_sppn_to("2024-02");
    g_sppn[11].month -= 100; /* move Dec 2023 far away */
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-03-01"), &r, &e), 0);
    assert_date(req(&r, REQ_AKTIF_PEMBINAAN)->met_from, "2024-04-01");
    assert_int_equal(r.n_missing, 1);
    assert_int_equal(r.n_low, 0);
    detail_has(&r, REQ_AKTIF_PEMBINAAN, D("2024-03-01"), "Belum dinilai: Desember 2023.");
    /* no scores at all: every month missing, none low */
    in = inmate_sppn_to("2024-02");
    in.n_sppn = 0;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-03-01"), &r, &e), 0);
    assert_date(req(&r, REQ_AKTIF_PEMBINAAN)->met_from, "2024-06-01");
    assert_int_equal(r.n_missing, 3);
    assert_int_equal(r.n_low, 0);
    /* attendance counts as active coaching (rule set: at least 80% of the month's sessions) */
    int32_t dec, jan, feb;
    assert_true(date_parse_month("2023-12", &dec) && date_parse_month("2024-01", &jan) && date_parse_month("2024-02", &feb));
    elig_attendance_t att[3] = {{dec, 8, 10}, {jan, 10, 10}, {feb, 7, 10}};
    in.attendance = att;
    in.n_attendance = 3;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-03-01"), &r, &e), 0);
    assert_false(req(&r, REQ_AKTIF_PEMBINAAN)->met); /* February: 70% */
    assert_int_equal(r.n_missing, 1);
    assert_int_equal(r.missing[0], feb);
    att[2].present = 8;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2024-03-01"), &r, &e), 0);
    assert_true(req(&r, REQ_AKTIF_PEMBINAAN)->met);
    detail_has(&r, REQ_AKTIF_PEMBINAAN, D("2024-03-01"), "hadir paling sedikit 80%");
}

static void test_special(void **st)
{
    (void)st;
    elig_input_t in = inmate_sppn_to("2023-11");
    in.crime = CRIME_KORUPSI;
    in.term = (period_t){1, 0, 0};
    elig_result_t r;
    err_t e;
    date_t at = D("2023-12-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.special);
    assert_date(req(&r, REQ_MASA_PIDANA)->met_from, "2023-09-10");
    assert_date(req(&r, REQ_MASA_MINIMAL)->met_from, "2023-10-10");
    assert_true(r.eligible);
    assert_date(r.eligible_from, "2023-10-10");
    detail_has(&r, REQ_MASA_PIDANA, at, "2/3 masa pidana");
    detail_has(&r, REQ_MASA_PIDANA, at, "(tindak pidana khusus: korupsi)");
    assert_true(elig_form_allowed(&r, USL_FORM_KERJA_SOSIAL));
    assert_false(elig_form_allowed(&r, USL_FORM_PIHAK_KETIGA));
    assert_false(elig_form_allowed(&r, USL_FORM_DALAM_LAPAS));
    detail_has(&r, REQ_DENDA_UANG_PENGGANTI, at, "lunas");
    /* restitution unpaid */
    in.restitution_paid = false;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_int_equal(r.eligible_from, DATE_NONE);
    detail_has(&r, REQ_DENDA_UANG_PENGGANTI, at, "Uang pengganti belum");
    /* the same case under the 3/2018 set (no 9-month minimum) */
    in.restitution_paid = true;
    in.detention_start = D("2021-06-01");
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2022-01-27"), &r, &e), 0);
    assert_string_equal(r.rules->code, "permenkumham-3-2018");
    assert_null(req(&r, REQ_MASA_MINIMAL));
    /* narcotics: special only from 5 years */
    in = inmate_sppn_to("2023-11");
    in.crime = CRIME_NARKOTIKA;
    in.term = (period_t){4, 11, 29};
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.special);
    in.term = (period_t){5, 0, 0};
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.special);
    in.term = (period_t){0, 60, 0};
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.special);
    /* terrorism needs deradicalisation */
    in.crime = CRIME_TERORISME;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(req(&r, REQ_DERADIKALISASI)->met);
    in.deradicalised = true;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(req(&r, REQ_DERADIKALISASI)->met);
}

static void test_exclusions(void **st)
{
    (void)st;
    elig_input_t in = inmate_sppn_to("2024-02");
    elig_result_t r;
    err_t e;
    date_t at = D("2024-03-01");
    in.kind = SENTENCE_SEUMUR_HIDUP;
    in.term = (period_t){0, 0, 0};
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_false(r.has_dates);
    assert_int_equal(r.eligible_from, DATE_NONE);
    assert_false(req(&r, REQ_JENIS_PIDANA)->met);
    detail_has(&r, REQ_JENIS_PIDANA, at, "seumur hidup");
    detail_has(&r, REQ_MASA_PIDANA, at, "tidak dapat dihitung");
    in.kind = SENTENCE_MATI;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    detail_has(&r, REQ_JENIS_PIDANA, at, "mati");
    in = inmate_sppn_to("2024-02");
    in.legal_class = LEGAL_TAHANAN;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    assert_false(req(&r, REQ_STATUS_HUKUM)->met);
    assert_int_equal(r.eligible_from, DATE_NONE);
    in = inmate_sppn_to("2024-02");
    in.in_custody = false;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    /* foreigners: not excluded, need documents */
    in = inmate_sppn_to("2024-02");
    in.foreign = true;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_false(r.eligible);
    detail_has(&r, REQ_DOKUMEN_WNA, at, "kedutaan");
    in.foreign_docs = true;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_true(r.eligible);
    /* anak: own rule set */
    in = inmate_sppn_to("2024-02");
    in.legal_class = LEGAL_ANAK;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, at, &r, &e), 0);
    assert_string_equal(r.rules->code, "anak-default");
    assert_null(req(&r, REQ_MASA_PIDANA));
    assert_date(req(&r, REQ_MASA_MINIMAL)->met_from, "2023-04-10");
    detail_has(&r, REQ_STATUS_HUKUM, at, "anak");
}

static void test_remisi_until_at(void **st)
{
    (void)st;
    /* the Ahok case: remisi count only once granted */
    elig_input_t in = inmate_sppn_to("2024-02");
    in.detention_start = D("2017-05-09");
    elig_remisi_t rem[] = {{{0, 0, 15}, D("2017-12-25")}, {{0, 2, 0}, D("2018-08-17")}, {{0, 1, 0}, D("2018-12-25")}};
    in.remisi = rem;
    in.n_remisi = 3;
    elig_result_t r;
    err_t e;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2018-06-01"), &r, &e), 0);
    assert_date(r.dates.half, "2018-04-24");
    assert_date(r.dates.expiry, "2019-04-24");
    assert_int_equal(r.remisi_total.days, 15);
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2019-01-01"), &r, &e), 0);
    assert_date(r.dates.expiry, "2019-01-24");
    assert_date(r.dates.half, "2018-01-24");
    assert_date(r.dates.two_thirds, "2018-05-25");
    /* an absurd remisi larger than the sentence: no dates, explained */
    elig_remisi_t big = {{3, 0, 0}, D("2018-01-01")};
    in.remisi = &big;
    in.n_remisi = 1;
    assert_int_equal(elig_evaluate(g_sets, g_n, &in, D("2019-01-01"), &r, &e), 0);
    assert_false(r.has_dates);
    detail_has(&r, REQ_MASA_PIDANA, D("2019-01-01"), "melebihi");
}

static void test_names(void **st)
{
    (void)st;
    static const char *const want[] = {"status_hukum", "jenis_pidana", "masa_pidana", "masa_minimal",
                                       "berkelakuan_baik", "aktif_pembinaan", "deradikalisasi",
                                       "denda_uang_pengganti", "dokumen_wna", "keselamatan"};
    for (int i = 0; i < REQ__COUNT; i++) assert_string_equal(elig_req_code_name((elig_req_code_t)i), want[i]);
    assert_string_equal(elig_req_code_name(REQ__COUNT), "?");
}

/* Rule files carry a kind; the asimilasi loader takes only its own, and the
 * generic lookup finds the file of a kind in force on a date. */
static void test_rule_kinds(void **state)
{
    (void)state;
    date_t d;
    assert_true(date_parse("2021-03-08", &d));
    const char *name = NULL;
    json_t *j = rulefile_in_force(RULEFILE_KIND_ASIMILASI, d, &name);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "effective_from")), "2018-02-26");
    json_decref(j);
    assert_true(date_parse("2023-01-01", &d));
    j = rulefile_in_force(RULEFILE_KIND_ASIMILASI, d, &name);
    assert_string_equal(name, "uu-22-2022");
    json_decref(j);
    assert_true(date_parse("2012-11-11", &d));
    assert_null(rulefile_in_force(RULEFILE_KIND_ASIMILASI, d, NULL));
    assert_null(rulefile_in_force("tidak-ada", d, NULL));
    err_t e;
    err_clear(&e);
    ruleset_t r;
    assert_int_equal(ruleset_parse("{\"kind\": \"pelatihan\", \"code\": \"x\"}", &r, &e), -1);
    assert_non_null(strstr(e.msg, "kind"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruleset_parse), cmocka_unit_test(test_ruleset_pick_and_builtins),
        cmocka_unit_test(test_general),       cmocka_unit_test(test_discipline),
        cmocka_unit_test(test_sppn),          cmocka_unit_test(test_special),
        cmocka_unit_test(test_exclusions),    cmocka_unit_test(test_remisi_until_at),
        cmocka_unit_test(test_names),         cmocka_unit_test(test_rule_kinds),
    };
    return cmocka_run_group_tests(tests, elig_setup, NULL);
}
