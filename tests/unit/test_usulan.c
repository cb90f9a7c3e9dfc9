/* test_usulan.c — the asimilasi proposal workflow as data: the built-in approval
 * chains (with and without the Kanwil step), every legal transition accepted and
 * every illegal one rejected naming the current and requested states, required
 * fields, roles and date order, chain validation; the dossier checklist for
 * several inmate profiles. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/i18n.h"
#include "core/usulan.h"
#include "store/auth.h"
#include "testdate.h"

static usulan_chain_t g_chains[8];
static size_t g_n;

static int setup(void **st)
{
    (void)st;
    err_t e;
    return usulan_chain_load_builtins(g_chains, 8, &g_n, &e);
}

static const usulan_chain_t *chain(const char *variant)
{
    const usulan_chain_t *c = usulan_chain_pick(g_chains, g_n, variant, D("2024-01-01"));
    assert_non_null(c);
    return c;
}

/* Every field filled, in date order. */
static usulan_fields_t all_fields(void)
{
    return (usulan_fields_t){"alasan yang cukup", "SK/123/2024",   "W20-PK.01/5",   D("2024-02-01"),
                             D("2024-02-05"),     D("2024-02-10"), D("2024-02-15"), D("2024-08-15")};
}

static void test_builtin_chains(void **st)
{
    (void)st;
    assert_true(g_n >= 2);
    assert_int_equal(g_n, rulefile_count(USULAN_CHAIN_KIND));
    const usulan_chain_t *k = chain("kalapas"), *w = chain("kanwil");
    assert_string_equal(k->head.code, "alur-usulan-kalapas");
    assert_string_equal(w->head.code, "alur-usulan-kanwil");
    assert_null(usulan_chain_pick(g_chains, g_n, "kalapas", D("2017-12-31")));
    assert_null(usulan_chain_pick(g_chains, g_n, "pusat", D("2024-01-01")));
    for (size_t i = 0; i < g_n; i++) {
        const usulan_chain_t *c = &g_chains[i];
        assert_string_equal(c->states[c->initial].code, "draft");
        /* every role named in a chain is a role accounts can have */
        for (int t = 0; t < c->n_trans; t++)
            for (int r = 0; r < c->trans[t].n_roles; r++)
                if (!auth_role_valid(c->trans[t].roles[r])) fail_msg("%s: role %s", c->head.code, c->trans[t].roles[r]);
        /* the Kalapas decision requires the decree number and date */
        int rec = usulan_state_index(c, "direkomendasikan"), dec = usulan_state_index(c, "ditetapkan");
        const usulan_trans_t *t = usulan_find_trans(c, rec, dec);
        assert_non_null(t);
        assert_true(t->requires & (1u << USL_F_DECREE_NO));
        assert_true(t->requires & (1u << USL_F_DECREE_DATE));
        /* revoking requires a reason */
        t = usulan_find_trans(c, usulan_state_index(c, "aktif"), usulan_state_index(c, "dicabut"));
        assert_non_null(t);
        assert_true(t->requires & (1u << USL_F_REASON));
        assert_true(usulan_state_final(c, usulan_state_index(c, "selesai")));
        assert_true(usulan_state_final(c, usulan_state_index(c, "dicabut")));
        assert_true(usulan_state_final(c, usulan_state_index(c, "ditolak")));
        assert_false(usulan_state_final(c, usulan_state_index(c, "aktif")));
    }
}

/* Walks codes[] from the initial state with every field and the first allowed role. */
static void walk(const usulan_chain_t *c, const char *const *codes, usulan_t *u)
{
    usulan_init(c, u);
    usulan_fields_t f = all_fields();
    for (size_t i = 0; codes[i]; i++) {
        const usulan_trans_t *t = usulan_find_trans(c, u->state, usulan_state_index(c, codes[i]));
        assert_non_null(t);
        err_t e;
        if (usulan_apply(c, u, codes[i], &f, t->roles[0], &e) < 0)
            fail_msg("%s -> %s: %s", c->head.code, codes[i], e.msg);
        assert_string_equal(c->states[u->state].code, codes[i]);
    }
}

static void test_happy_paths(void **st)
{
    (void)st;
    usulan_t u;
    const char *const kalapas[] = {"diusulkan_tpp", "direkomendasikan", "ditetapkan", "aktif", "selesai", NULL};
    walk(chain("kalapas"), kalapas, &u);
    assert_string_equal(u.decree_no, "SK/123/2024");
    assert_int_equal(u.decree_date, D("2024-02-05"));
    assert_int_equal(u.start_date, D("2024-02-15"));
    const char *const kanwil[] = {"diusulkan_tpp", "direkomendasikan", "ditetapkan", "disetujui_kanwil",
                                  "aktif",         "dicabut",          NULL};
    walk(chain("kanwil"), kanwil, &u);
    assert_string_equal(u.letter_no, "W20-PK.01/5");
    assert_string_equal(u.reason, "alasan yang cukup");

    /* without the Kanwil step in the kalapas chain, and required in the kanwil chain */
    const usulan_chain_t *w = chain("kanwil");
    const char *const to_decree[] = {"diusulkan_tpp", "direkomendasikan", "ditetapkan", NULL};
    walk(w, to_decree, &u);
    err_t e;
    usulan_fields_t f = all_fields();
    assert_int_equal(usulan_apply(w, &u, "aktif", &f, NULL, &e), -1);
    assert_string_equal(e.code, "illegal_transition");
    assert_non_null(strstr(e.msg, "\"Ditetapkan Kalapas (SK), diteruskan ke Kanwil\" (ditetapkan)"));
    assert_non_null(strstr(e.msg, "\"Asimilasi berjalan\" (aktif)"));
    assert_non_null(strstr(e.msg, "\"Disetujui Kanwil\""));
    assert_null(usulan_find_trans(chain("kalapas"), usulan_state_index(chain("kalapas"), "ditetapkan"),
                                  usulan_state_index(chain("kalapas"), "disetujui_kanwil")));
}

/* Every (from, to) pair: legal ones succeed with every field, illegal ones are refused
 * with both states named; u is unchanged after a refusal. */
static void test_every_transition(void **st)
{
    (void)st;
    int legal = 0, illegal = 0;
    for (size_t ci = 0; ci < g_n; ci++) {
        const usulan_chain_t *c = &g_chains[ci];
        for (int from = 0; from < c->n_states; from++)
            for (int to = 0; to < c->n_states; to++) {
                usulan_t u;
                usulan_init(c, &u);
                u.state = from;
                usulan_t before = u;
                usulan_fields_t f = all_fields();
                err_t e;
                err_clear(&e);
                const usulan_trans_t *t = usulan_find_trans(c, from, to);
                int rc = usulan_apply(c, &u, c->states[to].code, &f, t ? t->roles[0] : NULL, &e);
                if (t) {
                    if (rc != 0)
                        fail_msg("%s: %s -> %s refused: %s", c->head.code, c->states[from].code, c->states[to].code,
                                 e.msg);
                    assert_int_equal(u.state, to);
                    legal++;
                    continue;
                }
                if (rc != -1) fail_msg("%s: %s -> %s accepted", c->head.code, c->states[from].code, c->states[to].code);
                assert_string_equal(e.code, "illegal_transition");
                assert_int_equal(e.status, 409);
                assert_non_null(strstr(e.msg, c->states[from].label));
                if (to != from) assert_non_null(strstr(e.msg, c->states[to].label));
                assert_memory_equal(&u, &before, sizeof u);
                illegal++;
            }
    }
    assert_int_equal(legal, 8 + 10);
    assert_true(illegal > 100);
    /* a final state says so */
    const usulan_chain_t *k = chain("kalapas");
    usulan_t u;
    usulan_init(k, &u);
    u.state = usulan_state_index(k, "selesai");
    err_t e;
    assert_int_equal(usulan_apply(k, &u, "aktif", NULL, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "status akhir"));
    assert_int_equal(usulan_apply(k, &u, "entah", NULL, NULL, &e), -1);
    assert_string_equal(e.code, "invalid_status");
    assert_int_equal(usulan_apply(k, &u, NULL, NULL, NULL, &e), -1);
    usulan_init(k, &u);
    assert_int_equal(usulan_apply(k, &u, "aktif", NULL, NULL, &e), -1);
    assert_string_equal(e.msg, "Usulan berstatus \"Draf\" (draft) tidak dapat diubah menjadi \"Asimilasi berjalan\" "
                               "(aktif) menurut alur alur-usulan-kalapas; dari \"Draf\" hanya boleh ke \"Diusulkan ke "
                               "sidang TPP\"");
}

static void test_required_fields_roles_dates(void **st)
{
    (void)st;
    const usulan_chain_t *k = chain("kalapas");
    usulan_t u;
    const char *const to_rec[] = {"diusulkan_tpp", "direkomendasikan", NULL};
    walk(k, to_rec, &u);
    usulan_t before = u;
    err_t e;
    /* the decree needs its number and date */
    usulan_fields_t f = all_fields();
    f.decree_no = "   ";
    assert_int_equal(usulan_apply(k, &u, "ditetapkan", &f, "kalapas", &e), -1);
    assert_string_equal(e.code, "field_required");
    assert_string_equal(e.msg, "Nomor SK wajib diisi untuk mengubah usulan dari \"Direkomendasikan TPP\" ke "
                               "\"Ditetapkan Kalapas (SK)\"");
    f = all_fields();
    f.decree_date = DATE_NONE;
    assert_int_equal(usulan_apply(k, &u, "ditetapkan", &f, "kalapas", &e), -1);
    assert_non_null(strstr(e.msg, "Tanggal SK wajib diisi"));
    /* only the Kalapas decides */
    f = all_fields();
    assert_int_equal(usulan_apply(k, &u, "ditetapkan", &f, "wali", &e), -1);
    assert_string_equal(e.code, "forbidden");
    assert_int_equal(e.status, 403);
    assert_non_null(strstr(e.msg, "kalapas"));
    /* the decree is not dated before the TPP session */
    f.decree_date = D("2024-01-31");
    assert_int_equal(usulan_apply(k, &u, "ditetapkan", &f, "kalapas", &e), -1);
    assert_string_equal(e.code, "invalid_date");
    assert_non_null(
        strstr(e.msg, "Tanggal sidang TPP (1 Februari 2024) tidak boleh sesudah Tanggal SK (31 Januari 2024)"));
    if (i18n_init()) { /* in English, English dates (issue 18) */
        i18n_use("en");
        assert_int_equal(usulan_apply(k, &u, "ditetapkan", &f, "kalapas", &e), -1);
        assert_non_null(strstr(e.msg, "(1 February 2024)"));
        assert_non_null(strstr(e.msg, "(31 January 2024)"));
        i18n_use(NULL);
    }
    assert_memory_equal(&u, &before, sizeof u);
    /* a rejection needs a reason */
    assert_int_equal(
        usulan_apply(k, &u, "ditolak",
                     &(usulan_fields_t){NULL, NULL, NULL, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE},
                     "kalapas", &e),
        -1);
    assert_non_null(strstr(e.msg, "Alasan wajib diisi"));
    /* revocation: reason and end date, end not before start */
    const char *const to_active[] = {"ditetapkan", "aktif", NULL};
    f = all_fields();
    for (int i = 0; to_active[i]; i++) assert_int_equal(usulan_apply(k, &u, to_active[i], &f, NULL, &e), 0);
    usulan_fields_t rv = {NULL, NULL, NULL, DATE_NONE, DATE_NONE, DATE_NONE, DATE_NONE, D("2024-03-01")};
    assert_int_equal(usulan_apply(k, &u, "dicabut", &rv, "kalapas", &e), -1);
    assert_non_null(strstr(e.msg, "Alasan"));
    rv.reason = "melanggar tata tertib";
    rv.end_date = D("2024-02-14");
    assert_int_equal(usulan_apply(k, &u, "dicabut", &rv, "kalapas", &e), -1);
    assert_string_equal(e.code, "invalid_date");
    rv.end_date = D("2024-03-01");
    assert_int_equal(usulan_apply(k, &u, "dicabut", &rv, "kalapas", &e), 0);
    assert_string_equal(u.reason, "melanggar tata tertib");
    assert_int_equal(u.end_date, D("2024-03-01"));
}

/* A minimal valid chain with one substitution. */
static const char *valid_chain =
    "{\"kind\":\"alur_usulan\",\"code\":\"uji\",\"variant\":\"uji\",\"title\":\"Uji\",\"confirmed\":false,"
    "\"effective_from\":\"2020-01-01\","
    "\"states\":[{\"code\":\"a\",\"label\":\"A\",\"initial\":true},{\"code\":\"b\",\"label\":\"B\"},"
    "{\"code\":\"c\",\"label\":\"C\"}],"
    "\"transitions\":[{\"from\":\"a\",\"to\":\"b\",\"roles\":[\"staf\"],\"requires\":[\"reason\"]},"
    "{\"from\":\"b\",\"to\":\"c\",\"roles\":[\"kalapas\"],\"requires\":[\"decree_no\",\"decree_date\"]}]}";

static void test_chain_validation(void **st)
{
    (void)st;
    usulan_chain_t c;
    err_t e;
    assert_int_equal(usulan_chain_parse(valid_chain, &c, &e), 0);
    assert_int_equal(c.n_states, 3);
    assert_true(usulan_state_final(&c, 2));
    struct {
        const char *from, *to, *msg;
    } bad[] = {
        {",\"initial\":true", "", "status awal"},
        {"\"label\":\"B\"}", "\"label\":\"B\",\"initial\":true}", "hanya boleh satu"},
        {"\"to\":\"c\"", "\"to\":\"z\"", "transitions[1].to"},
        {"\"to\":\"c\"", "\"to\":\"b\"", "transitions[1].to"},
        {"{\"from\":\"b\",\"to\":\"c\"", "{\"from\":\"c\",\"to\":\"b\"", "states.c"}, /* c unreachable */
        {"\"decree_date\"]}]", "\"decree_date\"]},{\"from\":\"c\",\"to\":\"b\",\"roles\":[\"staf\"],\"requires\":[]}]",
         "tidak pernah dapat sampai ke status akhir"}, /* b <-> c: no way out */
        {"[\"reason\"]", "[\"alasan\"]", "transitions[0].requires"},
        {"[\"staf\"]", "[]", "transitions[0].roles"},
        {"[\"staf\"]", "[\"Staf Giatja\"]", "transitions[0].roles"},
        {"\"code\":\"b\"", "\"code\":\"a\"", "states[1].code"},
        {"\"variant\":\"uji\",", "", "variant"},
        {"\"kind\":\"alur_usulan\"", "\"kind\":\"berkas_usulan\"", "kind"},
        {"\"states\":", "\"status\":[],\"states\":", "status"},
        {"{\"code\":\"c\",\"label\":\"C\"}", "{\"code\":\"c\",\"label\":\"C\"},{\"code\":\"d\",\"label\":\"D\"}",
         "states.d"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        const char *p = strstr(valid_chain, bad[i].from);
        assert_non_null(p);
        size_t len = strlen(valid_chain) - strlen(bad[i].from) + strlen(bad[i].to) + 1;
        char *s = malloc(len);
        snprintf(s, len, "%.*s%s%s", (int)(p - valid_chain), valid_chain, bad[i].to, p + strlen(bad[i].from));
        assert_int_equal(usulan_chain_parse(s, &c, &e), -1);
        assert_string_equal(e.code, "invalid_rules");
        if (!strstr(e.msg, bad[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i].msg);
        free(s);
    }
    /* a duplicate transition */
    char dup[2000];
    snprintf(dup, sizeof dup, "%s", valid_chain);
    char *p = strstr(dup, "]}]}");
    snprintf(p, sizeof dup - (size_t)(p - dup),
             "]},{\"from\":\"a\",\"to\":\"b\",\"roles\":[\"staf\"],\"requires\":[]}]}");
    assert_int_equal(usulan_chain_parse(dup, &c, &e), -1);
    assert_non_null(strstr(e.msg, "sudah disebut"));
    assert_int_equal(usulan_chain_parse("{", &c, &e), -1);
}

/* ---- dossier ----------------------------------------------------------------- */

static usulan_dossier_t g_doss;

static const usulan_check_t *find(const usulan_check_t *list, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i].doc->code, code)) return &list[i];
    fail_msg("document %s not in the checklist", code);
    return NULL;
}

static void test_dossier(void **st)
{
    (void)st;
    usulan_dossier_t ds[4];
    size_t n;
    err_t e;
    assert_int_equal(usulan_dossier_load_builtins(ds, 4, &n, &e), 0);
    const usulan_dossier_t *d = usulan_dossier_pick(ds, n, D("2024-01-01"));
    assert_non_null(d);
    g_doss = *d;
    usulan_check_t out[USL_MAX_DOCS];
    bool complete;

    /* a general-crime WNI, no fine, asimilasi inside the prison */
    usulan_profile_t p = {CRIME_UMUM, false, false, false, false, false, USL_FORM_DALAM_LAPAS};
    const char *present[] = {"putusan_ba8",        "laporan_wali",     "litmas",           "register_f",
                             "register_perubahan", "surat_pernyataan", "jaminan_keluarga", "tidak_dikenal"};
    int k = usulan_checklist(d, &p, present, ARRAY_LEN(present), out, &complete);
    assert_int_equal(k, d->n_docs);
    assert_true(complete);
    assert_int_equal(find(out, k, "putusan_ba8")->status, DOC_ADA);
    assert_string_equal(find(out, k, "putusan_ba8")->why, "wajib untuk semua usulan");
    assert_int_equal(find(out, k, "sertifikat_deradikalisasi")->status, DOC_TIDAK_PERLU);
    assert_string_equal(find(out, k, "sertifikat_deradikalisasi")->why, "tidak perlu: bukan tindak pidana terorisme");
    assert_int_equal(find(out, k, "jaminan_kedutaan")->status, DOC_TIDAK_PERLU);
    assert_string_equal(find(out, k, "jaminan_kedutaan")->why, "tidak perlu: bukan WNA");
    assert_int_equal(find(out, k, "bukti_lunas_denda")->status, DOC_TIDAK_PERLU);
    assert_int_equal(find(out, k, "jaminan_pihak_ketiga")->status, DOC_TIDAK_PERLU);

    /* terrorism, foreigner, work with a third party: their documents become needed and are missing */
    p = (usulan_profile_t){CRIME_TERORISME, true, true, false, false, false, USL_FORM_PIHAK_KETIGA};
    k = usulan_checklist(d, &p, present, ARRAY_LEN(present) - 1, out, &complete);
    assert_false(complete);
    assert_int_equal(find(out, k, "sertifikat_deradikalisasi")->status, DOC_BELUM_ADA);
    assert_string_equal(find(out, k, "sertifikat_deradikalisasi")->why, "wajib karena tindak pidana terorisme");
    assert_int_equal(find(out, k, "jaminan_kedutaan")->status, DOC_BELUM_ADA);
    assert_int_equal(find(out, k, "keterangan_imigrasi")->status, DOC_BELUM_ADA);
    assert_int_equal(find(out, k, "jaminan_pihak_ketiga")->status, DOC_BELUM_ADA);
    assert_non_null(strstr(find(out, k, "jaminan_pihak_ketiga")->why, "kerja dengan pihak ketiga"));
    assert_int_equal(find(out, k, "litmas")->status, DOC_ADA);

    /* corruption with a fine paid and restitution */
    p = (usulan_profile_t){CRIME_KORUPSI, true, false, true, true, true, USL_FORM_KERJA_SOSIAL};
    k = usulan_checklist(d, &p, NULL, 0, out, &complete);
    assert_false(complete);
    assert_int_equal(find(out, k, "bukti_lunas_denda")->status, DOC_BELUM_ADA);
    assert_string_equal(find(out, k, "bukti_lunas_denda")->why, "wajib karena dijatuhi denda, denda sudah dibayar");
    assert_int_equal(find(out, k, "bukti_lunas_uang_pengganti")->status, DOC_BELUM_ADA);
    assert_int_equal(find(out, k, "jaminan_pihak_ketiga")->status, DOC_BELUM_ADA);
    /* a fine not paid (subsider served): no proof asked */
    p.fine_paid = false;
    k = usulan_checklist(d, &p, NULL, 0, out, NULL);
    assert_int_equal(find(out, k, "bukti_lunas_denda")->status, DOC_TIDAK_PERLU);
    assert_string_equal(find(out, k, "bukti_lunas_denda")->why, "tidak perlu: denda tidak dibayar");
    /* the same paper for a narcotics inmate: no restitution document */
    p.crime = CRIME_NARKOTIKA;
    k = usulan_checklist(d, &p, NULL, 0, out, NULL);
    assert_int_equal(find(out, k, "bukti_lunas_uang_pengganti")->status, DOC_TIDAK_PERLU);
    assert_string_equal(usulan_doc_status_code(DOC_BELUM_ADA), "belum_ada");
    assert_int_equal(usulan_form_parse("kerja_sosial"), USL_FORM_KERJA_SOSIAL);
    assert_int_equal(usulan_form_parse("luar"), -1);
}

static void test_dossier_validation(void **st)
{
    (void)st;
    usulan_dossier_t d;
    err_t e;
    const char *ok =
        "{\"kind\":\"berkas_usulan\",\"code\":\"b\",\"title\":\"B\",\"confirmed\":true,"
        "\"effective_from\":\"2020-01-01\",\"documents\":[{\"code\":\"x\",\"label\":\"X\",\"when\":{}},"
        "{\"code\":\"y\",\"label\":\"Y\",\"when\":{\"crimes\":[\"korupsi\"],\"forms\":[\"pihak_ketiga\"]}}]}";
    assert_int_equal(usulan_dossier_parse(ok, &d, &e), 0);
    assert_int_equal(d.n_docs, 2);
    assert_int_equal(d.docs[1].when.crimes, 1u << CRIME_KORUPSI);
    struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"korupsi\"", "\"mencuri\"", "documents[1].when.crimes"},
        {"\"pihak_ketiga\"", "\"luar\"", "documents[1].when.forms"},
        {"\"code\":\"y\"", "\"code\":\"x\"", "documents[1].code"},
        {"\"when\":{}", "\"when\":{\"wna\":true}", "documents[0].when.wna"},
        {"\"when\":{}", "\"when\":{\"foreigner\":\"ya\"}", "documents[0].when.foreigner"},
        {",\"when\":{}", "", "documents[0].when"},
        {"\"label\":\"X\"", "\"label\":\"\"", "documents[0].label"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        const char *p = strstr(ok, bad[i].from);
        assert_non_null(p);
        size_t len = strlen(ok) - strlen(bad[i].from) + strlen(bad[i].to) + 1;
        char *s = malloc(len);
        snprintf(s, len, "%.*s%s%s", (int)(p - ok), ok, bad[i].to, p + strlen(bad[i].from));
        assert_int_equal(usulan_dossier_parse(s, &d, &e), -1);
        if (!strstr(e.msg, bad[i].msg)) fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg, bad[i].msg);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_chains),     cmocka_unit_test(test_happy_paths),
        cmocka_unit_test(test_every_transition),   cmocka_unit_test(test_required_fields_roles_dates),
        cmocka_unit_test(test_chain_validation),   cmocka_unit_test(test_dossier),
        cmocka_unit_test(test_dossier_validation),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
