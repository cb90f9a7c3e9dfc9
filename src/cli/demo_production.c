/* demo_production.c — production, sales, PNBP and premi demo data for `bekal init
 * --demo` (DOMAIN.md §5, issue 7): production units at both prisons with dated split
 * rules (Ketapang's welding shop changes its split two months before the dataset's
 * "today", so both rules are in use), five months of production runs (the four
 * months before the month of "today" and this month up to "today") with their
 * workers and the sales of their output, settled through prod_sale_settle() exactly
 * as the pages do (so every worker's premi is credited to the ledger), the PNBP of
 * all but the last two months deposited with made-up NTPNs, a few purchases paid
 * with premi, and the letterhead data of the sites. Deterministic for a given
 * anchor; names, numbers and receipts are made up. */
#include "demo.h"
#include "../core/production.h"
#include "../store/production_store.h"
#include "../store/records.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t rin(uint64_t *s, int64_t lo, int64_t hi) { return lo + (int64_t)(demo_rnd(s) % (uint64_t)(hi - lo + 1)); }

static const char *day(arena_t *a, date_t d)
{
    char s[DATE_ISO_LEN];
    date_format(d, s);
    return arena_strdup(a, s);
}

typedef struct {
    const char *product, *unit;
    int64_t qty_lo, qty_hi; /* thousandths */
    int64_t price_lo, price_hi;
} product_t;

typedef struct {
    const char *code, *name, *trade, *supervisor;
    /* the first rule, and the one that replaces it two months before "today" (premi_bp 0: none) */
    int bp[2][3];
    const char *basis[2], *rem[2], *note[2];
    product_t products[3];
} unit_spec_t;

static const unit_spec_t ktp_units[] = {
    {"LAS", "Bengkel las", "Las listrik", "Joko Susilo Hutabarat (contoh)",
     {{5000, 1500, 3500}, {3500, 5000, 1500}},
     {"pieces", "pieces"},
     {"capital", "capital"},
     {"Kepmenkeh 1990: premi 50%, PNBP 15%, modal 35% (contoh)", "Keputusan Kalapas: 35/50/15 (contoh)"},
     {{"Teralis jendela", "buah", 1000, 4000, 350000, 650000},
      {"Pagar besi per meter", "meter", 2000, 8000, 275000, 400000},
      {"Rak besi", "buah", 1000, 3000, 450000, 900000}}},
    {"JAHIT", "Konveksi", "Menjahit", "Dewi Lestari Panjaitan (contoh)",
     {{3500, 5000, 1500}, {0, 0, 0}},
     {"hours", NULL},
     {"capital", NULL},
     {"Keputusan Kalapas: 35/50/15 (contoh)", NULL},
     {{"Seragam sekolah", "stel", 10000, 30000, 85000, 120000},
      {"Masker kain", "lusin", 5000, 20000, 30000, 45000},
      {"Mukena", "buah", 5000, 15000, 95000, 150000}}},
    {"OLTAN", "Pengolahan pangan", "Pengolahan hasil pertanian", "Siti Rahmah Nasution (contoh)",
     {{2500, 1000, 6500}, {0, 0, 0}},
     {"hours", NULL},
     {"premi", NULL},
     {"Keputusan Kalapas: 25/10/65 (contoh)", NULL},
     {{"Keripik pisang", "kg", 2500, 12500, 60000, 75000},
      {"Kerupuk ikan", "kg", 2000, 8000, 55000, 70000},
      {"Selai nanas", "botol", 10000, 40000, 18000, 25000}}},
};
static const unit_spec_t ptk_units[] = {
    {"KAYU", "Bengkel kayu", "Pertukangan kayu", "Yohanes Kristianto (contoh)",
     {{2500, 1000, 6500}, {0, 0, 0}},
     {"hours", NULL},
     {"capital", NULL},
     {"Keputusan Kalapas: 25/10/65 (contoh)", NULL},
     {{"Kursi kayu", "buah", 2000, 6000, 250000, 400000},
      {"Lemari kecil", "buah", 1000, 2000, 750000, 1200000},
      {"Bingkai foto", "buah", 10000, 30000, 25000, 40000}}},
};

static const char *const buyers[] = {"CV Maju Bersama Ketapang (contoh)", "Koperasi Pegawai Lapas (contoh)",
                                     "Toko Bangunan Sinar Jaya (contoh)", "Ibu Maria Goreti (contoh)",
                                     "SMP Negeri 3 (contoh)",             "Bapak Hendra Gunawan (contoh)"};

typedef struct {
    db_t *db;
    err_t *e;
    arena_t *a;
    const actor_t *who;
    uint64_t rs;
    int receipts;
} seed_t;

/* Inmates in custody at a site, oldest first (the demo's workers). */
static int workers_of(seed_t *s, int64_t site, const char *since, int64_t *ids, int max)
{
    return demo_workers(s->db, s->e, site, since, ids, max);
}

/* One unit at a site: its rules, five months of runs and sales. */
static int seed_unit(seed_t *s, int64_t site, const char *site_code, const unit_spec_t *u, const int64_t *workers,
                     int nworkers, int32_t month0, date_t today, int64_t **sales, int *nsales)
{
    arena_t *a = s->a;
    const char *raw[PUF_COUNT] = {u->code, u->name, u->trade, u->supervisor, "1"};
    int64_t unit = demo_put(s->db, s->e, a, s->who, &production_unit_def, site, 0, raw, NULL);
    if (unit < 0) return -1;
    for (int k = 0; k < 2; k++) {
        if (!u->bp[k][0] && !u->bp[k][1]) continue;
        const char *from = k == 0 ? "2021-06-01" : day(a, date_month_first(month0 + 2));
        const char *rr[RSF_COUNT] = {from, demo_int(a, u->bp[k][0] / 100), demo_int(a, u->bp[k][1] / 100), demo_int(a, u->bp[k][2] / 100),
                                     u->basis[k], u->rem[k], u->note[k]};
        if (demo_put(s->db, s->e, a, s->who, &revenue_split_def, site, unit, rr, split_validate) < 0) return -1;
    }
    for (int m = 0; m < 5; m++) {
        int32_t month = month0 + m;
        for (int run = 0; run < 2; run++) {
            const product_t *p = &u->products[rin(&s->rs, 0, 2)];
            date_t mfirst = date_month_first(month);
            date_t pd = date_add_days(mfirst, (int32_t)rin(&s->rs, run * 13, run * 13 + 9));
            if (pd > today) pd = mfirst + (pd - mfirst) % (today - mfirst + 1); /* this month: up to today */
            int64_t qty = rin(&s->rs, p->qty_lo / 500, p->qty_hi / 500) * 500;
            char q[40]; /* FT_FIXED values are given as decimal text ("2,5") */
            const char *pr[PRF_COUNT] = {demo_int(a, unit), day(a, pd), p->product, rec_fixed_text(qty, 3, q, sizeof q),
                                         p->unit, NULL};
            int64_t prod = demo_put(s->db, s->e, a, s->who, &production_def, site, 0, pr, NULL);
            if (prod < 0) return -1;
            int nw = (int)rin(&s->rs, 3, 4), first = (int)rin(&s->rs, 0, nworkers - 1);
            for (int i = 0; i < nw && i < nworkers; i++) {
                const char *wr[PWF_COUNT] = {demo_int(a, workers[(first + i) % nworkers]), demo_int(a, rin(&s->rs, 2, 12)),
                                             demo_int(a, rin(&s->rs, 8, 40) * 60)};
                if (demo_put(s->db, s->e, a, s->who, &production_worker_def, site, prod, wr, worker_validate) < 0) return -1;
            }
            /* the run's output sold a few days later, paid in full except some of the last month's */
            date_t sd = date_add_days(pd, (int32_t)rin(&s->rs, 1, 5));
            if (sd > today) sd = today;
            bool unpaid = m == 4 && run == 1;
            const char *sr[SAF_COUNT] = {demo_int(a, unit),
                                         demo_int(a, prod),
                                         day(a, sd),
                                         arena_printf(a, "PJ/%s/%s/%04d", site_code, day(a, sd), ++s->receipts),
                                         buyers[rin(&s->rs, 0, (int64_t)ARRAY_LEN(buyers) - 1)],
                                         unpaid ? "belum" : "lunas",
                                         "0",
                                         NULL,
                                         "0"};
            int64_t sale = demo_put(s->db, s->e, a, s->who, &sale_def, site, 0, sr, NULL);
            if (sale < 0) return -1;
            char pq[40];
            int64_t price = rin(&s->rs, p->price_lo / 500, p->price_hi / 500) * 500;
            rupiah_t amount;
            if (money_item_amount(qty, price, &amount, s->e) < 0) return -1;
            const char *ir[SIF_COUNT] = {p->product, rec_fixed_text(qty, 3, pq, sizeof pq), p->unit, demo_int(a, price),
                                         demo_int(a, amount)};
            if (demo_put(s->db, s->e, a, s->who, &sale_item_def, site, sale, ir, NULL) < 0 ||
                prod_sale_set_total(s->db, s->e, s->who, sale, amount) < 0)
                return -1;
            if (!unpaid) {
                prod_settle_t out;
                if (prod_sale_settle(s->db, s->e, a, s->who, sale, amount, &out) < 0) return -1;
            }
            *sales = xrealloc(*sales, sizeof **sales * (size_t)(*nsales + 1));
            (*sales)[(*nsales)++] = sale;
        }
    }
    return 0;
}

/* PNBP of the first three months deposited, each month on the 10th of the next. */
static int seed_deposits(seed_t *s, int64_t site, int32_t month0)
{
    arena_t *a = s->a;
    for (int m = 0; m < 3; m++) {
        prod_sale_row_t *rows;
        int n;
        const char *from = day(a, date_month_first(month0 + m)), *to = day(a, date_month_first(month0 + m + 1));
        if (prod_sales_list(s->db, s->e, a, 0, site, from, to, true, 0, &rows, &n) < 0) return -1;
        if (n == 0) continue;
        int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)n);
        rupiah_t sum = 0;
        for (int i = 0; i < n; i++) ids[i] = rows[i].id, sum += rows[i].pnbp;
        char ntpn[17];
        static const char al[] = "0123456789ABCDEF";
        for (int i = 0; i < 16; i++) ntpn[i] = al[demo_rnd(&s->rs) % 16];
        ntpn[16] = 0;
        const char *dr[PDF_COUNT] = {day(a, date_add_days(date_month_first(month0 + m + 1), 9)), demo_int(a, sum),
                                     arena_strdup(a, ntpn), demo_int(a, 820000000000000 + (int64_t)rin(&s->rs, 0, 99999)),
                                     "Setoran PNBP hasil penjualan unit produksi (contoh)"};
        int64_t dep = demo_put(s->db, s->e, a, s->who, &pnbp_deposit_def, site, 0, dr, deposit_validate);
        if (dep < 0) return -1;
        field_errs_t fe = {0};
        if (prod_deposit_set_sales(s->db, s->e, a, s->who, dep, ids, n, &fe) < 0) return -1;
        if (fe.n) return err_set(s->e, 500, "demo", "setoran contoh tidak sah: %s", fe.e[0].msg);
    }
    return 0;
}

/* A few purchases inside, paid from the spendable premi. */
static int seed_purchases(seed_t *s, const int64_t *workers, int n, date_t anchor)
{
    static const char *const what[] = {"Sabun dan perlengkapan mandi", "Kopi dan gula", "Sandal dan kaos",
                                       "Buku tulis dan alat tulis", "Makanan ringan"};
    for (int i = 0; i < n; i++) {
        premi_balance_t bal;
        if (premi_balance_get(s->db, s->e, workers[i], &bal) < 0) return -1;
        rupiah_t amount = bal.spendable / 3 / 500 * 500;
        if (amount < 5000) continue;
        premi_post_t p = {workers[i], PREMI_DEBIT, amount, day(s->a, date_add_days(anchor, -(int32_t)rin(&s->rs, 1, 9))),
                          0, arena_printf(s->a, "KOP/%05d", (int)rin(&s->rs, 100, 99999)),
                          what[rin(&s->rs, 0, (int64_t)ARRAY_LEN(what) - 1)]};
        if (premi_post(s->db, s->e, s->who, &p, NULL) < 0) return -1;
    }
    return 0;
}

static int site_letterhead(seed_t *s, int64_t site, const char *city, const char *phone, const char *head,
                           const char *nip)
{
    return demo_site_letterhead(s->db, s->e, s->who, site, city, phone, head, nip);
}

int demo_seed_production(db_t *db, err_t *e, const actor_t *who, int64_t ktp, int64_t ptk, const char *anchor)
{
    arena_t a;
    arena_init(&a);
    seed_t s = {db, e, &a, who, 0x5052454D49ULL /* "PREMI" */, 0};
    int ret = -1;
    int64_t *sales = NULL, wk[40], wp[40];
    int nsales = 0;
    date_t today;
    if (!date_parse(anchor, &today)) {
        err_set(e, 500, "demo", "tanggal acuan data contoh tidak sah: %s", anchor);
        goto out;
    }
    int32_t month0 = date_month_index(today) - 4; /* the four months before this one, and this one */
    if (site_letterhead(&s, ktp, "Ketapang", "(0534) 32011 (contoh)", "Bambang Sutejo Wiryawan",
                        "19700512 199203 1 002 (contoh)") < 0 ||
        site_letterhead(&s, ptk, "Pontianak", "(0561) 74005 (contoh)", "Fransiskus Xaverius Ladjar (contoh)",
                        "19710304 199303 1 001 (contoh)") < 0)
        goto out;
    const char *since = day(&a, date_month_first(month0));
    int nk = workers_of(&s, ktp, since, wk, 18), np = workers_of(&s, ptk, since, wp, 6);
    if (nk < 0 || np < 0) goto out;
    if (nk < 9 || np < 3) {
        err_set(e, 500, "demo", "terlalu sedikit WBP contoh untuk unit produksi");
        goto out;
    }
    for (size_t i = 0; i < ARRAY_LEN(ktp_units); i++)
        if (seed_unit(&s, ktp, "LPKTP", &ktp_units[i], wk + (int)i * (nk / 3), nk / 3, month0, today, &sales, &nsales) < 0)
            goto out;
    for (size_t i = 0; i < ARRAY_LEN(ptk_units); i++)
        if (seed_unit(&s, ptk, "LPPTK", &ptk_units[i], wp, np, month0, today, &sales, &nsales) < 0) goto out;
    if (seed_deposits(&s, ktp, month0) < 0 || seed_deposits(&s, ptk, month0) < 0) goto out;
    if (seed_purchases(&s, wk, nk / 2, today) < 0 || seed_purchases(&s, wp, np / 2, today) < 0) goto out;
    ret = 0;
out:
    free(sales);
    arena_release(&a);
    return ret;
}
