/* testelig.h — the eligibility fixture of the unit tests: the built-in rule sets
 * (g_sets[0..g_n), loaded by the group setup elig_setup) and a general-crime inmate
 * whose record the test then changes. Include after cmocka.h and testdate.h. */
#ifndef BEKAL_TESTELIG_H
#define BEKAL_TESTELIG_H

#include "core/eligibility.h"
#include <string.h>

static ruleset_t g_sets[16];
static size_t g_n;

static inline int elig_setup(void **st)
{
    (void)st;
    err_t e;
    return ruleset_load_builtins(g_sets, 16, &g_n, &e);
}

static elig_sppn_t g_sppn[64];

/* A general-crime inmate: 2 years from 2023-01-10 (1/2 on 2024-01-10), SPPN 80 every
 * month from 2023-01 to sppn_to (in g_sppn). */
static inline elig_input_t inmate_sppn_to(const char *sppn_to)
{
    elig_input_t in;
    memset(&in, 0, sizeof in);
    in.legal_class = LEGAL_NARAPIDANA;
    in.crime = CRIME_UMUM;
    in.kind = SENTENCE_PIDANA;
    in.term = (period_t){2, 0, 0};
    in.detention_start = D("2023-01-10");
    in.fine_paid = in.restitution_paid = true;
    in.in_custody = true;
    int32_t a, b;
    assert_true(date_parse_month("2023-01", &a));
    assert_true(date_parse_month(sppn_to, &b));
    size_t k = 0;
    for (int32_t m = a; m <= b && k < 64; m++) g_sppn[k++] = (elig_sppn_t){m, 80};
    in.sppn = g_sppn;
    in.n_sppn = k;
    return in;
}

/* The requirement c of a result, NULL when it has none. */
static inline const elig_req_t *req(const elig_result_t *r, elig_req_code_t c)
{
    for (int i = 0; i < r->n; i++)
        if (r->req[i].code == c) return &r->req[i];
    return NULL;
}

#endif
