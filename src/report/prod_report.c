/* prod_report.c — building the production reports and receipts (prod_report.h). */
#include "prod_report.h"
#include "../store/settings.h"
#include "../store/wbp_store.h"
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = {N_("Januari"), N_("Februari"), N_("Maret"),     N_("April"),
                                          N_("Mei"),     N_("Juni"),     N_("Juli"),      N_("Agustus"),
                                          N_("September"), N_("Oktober"), N_("November"), N_("Desember")};

const char *prodrep_slug(prodrep_kind_t k)
{
    switch (k) {
    case PRODREP_PNBP: return "pnbp";
    case PRODREP_PREMI: return "premi";
    case PRODREP_OUTSTANDING: return "pnbp-outstanding";
    case PRODREP_REVENUE: break;
    }
    return "revenue";
}

bool prodrep_kind_parse(const char *s, prodrep_kind_t *out)
{
    for (int k = PRODREP_REVENUE; k <= PRODREP_OUTSTANDING; k++)
        if (str_eq(s, prodrep_slug((prodrep_kind_t)k))) {
            *out = (prodrep_kind_t)k;
            return true;
        }
    return false;
}

/* "30 November 2026" of an ISO date (arena). */
static const char *long_date(arena_t *a, const char *iso)
{
    date_t d;
    char out[DATE_LONG_LEN];
    if (!iso || !date_parse(iso, &d)) return iso ? iso : "";
    date_format_long_ui(d, out);
    return arena_strdup(a, out);
}

/* The place on a signature line: the site's city, else its region. */
static const char *place(const prod_site_t *s)
{
    return s->city && *s->city ? s->city : s->region ? s->region : "";
}

static void upper(char *s)
{
    for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

/* "{region}" in tmpl replaced by region in capitals. */
static const char *fill_region(arena_t *a, const char *tmpl, const char *region)
{
    char *reg = arena_strdup(a, region ? region : "");
    upper(reg);
    const char *p = strstr(tmpl, "{region}");
    if (!p) return tmpl;
    char *s = arena_printf(a, "%.*s%s%s", (int)(p - tmpl), tmpl, reg, p + 8);
    /* a line left ending in a blank when there is no region */
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = 0;
    return s;
}

/* The letterhead of the sites a report covers, and the signature of the head of
 * the site when it covers exactly one. site_id as in prodrep_req_t. *one gets that
 * site (id 0 when none). */
static int letterhead(db_t *db, err_t *e, arena_t *a, report_t *rep, int64_t uid, int64_t site_id,
                      const char *today, const char *sign_date, prod_site_t *one)
{
    memset(one, 0, sizeof *one);
    int nsites = 0;
    const char *region = NULL;
    bool same_region = true;
    if (site_id > 0) {
        int rc = prod_site_get(db, e, a, uid, site_id, one);
        if (rc < 0) return -1;
        nsites = rc;
        if (rc) region = one->region;
    } else if (site_id == 0) {
        site_list_t sites;
        if (site_list_for(db, e, a, uid, &sites) < 0) return -1;
        for (int i = 0; i < sites.n; i++) {
            prod_site_t s;
            if (prod_site_get(db, e, a, uid, sites.id[i], &s) != 1) continue;
            if (nsites++ == 0) *one = s, region = s.region;
            else if (!str_eq(region, s.region)) same_region = false;
        }
        if (nsites != 1) one->id = 0;
    }
    const char *min, *off;
    setting_get(db, e, a, "report.kop_ministry", one->id, today, true, &min);
    setting_get(db, e, a, "report.kop_office", one->id, today, true, &off);
    if (min && *min) report_add_letterhead(rep, min);
    if (off && *off && nsites > 0 && same_region && region && *region)
        report_add_letterhead(rep, fill_region(a, off, region));
    if (one->id) {
        char *nm = arena_strdup(a, one->name);
        upper(nm);
        report_add_letterhead(rep, nm);
        const char *addr = one->address;
        if (*one->phone) addr = arena_printf(a, "%s%s%s %s", addr, *addr ? " · " : "", _("Telp."), one->phone);
        if (*addr) report_add_letterhead(rep, addr);
        date_t d;
        if (!date_parse(sign_date ? sign_date : today, &d)) d = DATE_NONE;
        report_set_signature(rep, place(one), d,
                             arena_printf(a, "%s %s", _("Kepala"), one->name),
                             *one->head_name ? one->head_name : "(..............................)", one->head_nip);
    }
    report_set_author(rep, one->id ? one->name : "Bekal");
    err_clear(e); /* a missing letterhead setting only leaves the line out */
    return 0;
}

/* The period of a request: [from, to) and its name. false when there is none. */
static bool period_of(arena_t *a, const prodrep_req_t *q, const char **from, const char **to, const char **name)
{
    char f[DATE_ISO_LEN], t[DATE_ISO_LEN];
    if (q->month >= 0) {
        date_format(date_month_first(q->month), f);
        date_format(date_month_first(q->month + 1), t);
        *name = arena_printf(a, "%s %d", _(month_names[q->month % 12]), q->month / 12);
    } else if (q->year > 0) {
        date_format(date_month_first(q->year * 12), f);
        date_format(date_month_first((q->year + 1) * 12), t);
        *name = arena_printf(a, "%s %d", _("Tahun"), q->year);
    } else {
        *from = *to = NULL;
        *name = NULL;
        return false;
    }
    *from = arena_strdup(a, f);
    *to = arena_strdup(a, t);
    return true;
}

static const char *col(const prodrep_req_t *q, const char *key, const char *title)
{
    return q->machine ? key : _(title);
}

/* Rows of settled sales added up per unit (index into units). */
typedef struct {
    money_totals_t t;
    rupiah_t deposited, outstanding;
} unit_acc_t;

static void add_sale(unit_acc_t *acc, const prod_sale_row_t *s)
{
    money_split_t sp = {s->total, s->premi, s->pnbp, s->capital};
    money_totals_add(&acc->t, &sp);
    if (s->deposit_id) acc->deposited += s->pnbp;
    else acc->outstanding += s->pnbp;
}

static int unit_index(const prod_unit_row_t *u, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (u[i].id == id) return i;
    return -1;
}

/* Leading unit columns: [site], unit_code, unit_name. */
static int unit_cols(const prodrep_req_t *q, bool multi, rep_col_t *c)
{
    int n = 0;
    if (multi || q->machine) c[n++] = (rep_col_t){col(q, "site", N_("Lokasi")), REP_TEXT, false};
    c[n++] = (rep_col_t){col(q, "unit_code", N_("Kode unit")), REP_TEXT, false};
    c[n++] = (rep_col_t){col(q, "unit_name", N_("Unit produksi")), REP_TEXT, false};
    return n;
}
static void unit_cells(rep_table_t *t, const prodrep_req_t *q, bool multi, const prod_unit_row_t *u)
{
    rep_row(t);
    if (multi || q->machine) rep_text(t, u->site_code);
    rep_text(t, u->code);
    rep_text(t, u->name);
}

/* The measures a per-unit table shows, each a column of unit_acc_t. */
typedef enum { UM_SALES, UM_REVENUE, UM_PREMI, UM_PNBP, UM_CAPITAL, UM_DEPOSITED, UM_OUTSTANDING } unit_measure_t;
static const struct {
    const char *key, *label;
} unit_measures[] = {
    [UM_SALES] = {"sales", N_("Penjualan")},           [UM_REVENUE] = {"revenue", N_("Pendapatan")},
    [UM_PREMI] = {"premi", N_("Premi WBP")},           [UM_PNBP] = {"pnbp", N_("PNBP")},
    [UM_CAPITAL] = {"capital", N_("Modal kerja")},     [UM_DEPOSITED] = {"pnbp_deposited", N_("Sudah disetor")},
    [UM_OUTSTANDING] = {"pnbp_outstanding", N_("Belum disetor")},
};
static int64_t unit_measure(const unit_acc_t *a, unit_measure_t m)
{
    switch (m) {
    case UM_SALES: return a->t.sales;
    case UM_REVENUE: return a->t.revenue;
    case UM_PREMI: return a->t.premi;
    case UM_PNBP: return a->t.pnbp;
    case UM_CAPITAL: return a->t.capital;
    case UM_DEPOSITED: return a->deposited;
    case UM_OUTSTANDING: return a->outstanding;
    }
    return 0;
}

/* One row per production unit (a retired unit only when it sold something): the unit's
 * columns, then the measures ms[0..nm) of its sales, and a totals row. */
static void unit_table(report_t *rep, const prodrep_req_t *q, bool multi, const prod_unit_row_t *units, int nunits,
                       const prod_sale_row_t *sales, int nsales, const char *title, const unit_measure_t *ms, int nm)
{
    unit_acc_t *acc = xcalloc((size_t)nunits + 1, sizeof *acc);
    for (int i = 0; i < nsales; i++) {
        int k = unit_index(units, nunits, sales[i].unit_id);
        if (k >= 0) add_sale(&acc[k], &sales[i]);
    }
    rep_col_t c[3 + 8];
    int n = unit_cols(q, multi, c);
    for (int j = 0; j < nm && n < (int)ARRAY_LEN(c); j++)
        c[n++] = (rep_col_t){col(q, unit_measures[ms[j]].key, unit_measures[ms[j]].label),
                             ms[j] == UM_SALES ? REP_INT : REP_RUPIAH, true};
    rep_table_t *t = report_add_table(rep, title, c, n);
    for (int i = 0; i < nunits; i++) {
        if (!units[i].active && acc[i].t.sales == 0) continue;
        unit_cells(t, q, multi, &units[i]);
        for (int j = 0; j < nm; j++) rep_int(t, unit_measure(&acc[i], ms[j]));
    }
    rep_totals(t, _("Jumlah"));
    free(acc);
}

/* A column of a list table: a field of the row struct at off, text (const char *),
 * an ISO date as text (REP_DATE), or an integer (int64_t / rupiah_t); days_since: the
 * days from the date text at off to the report's today (empty without one). */
typedef struct {
    const char *key, *label;
    rep_type_t type;
    bool total;
    size_t off;
    bool days_since;
} list_col_t;
#define LC(T, field, key, label, type, total) {(key), (label), (type), (total), offsetof(T, field), false}

/* The one list table of the production reports: one row per element of rows (n of
 * size bytes each): the site code (at site_off) when the report covers several sites
 * or is for machines, then the columns lc[0..nc), and a totals row. */
static void list_table(report_t *rep, const prodrep_req_t *q, bool multi, const char *title, const list_col_t *lc,
                       int nc, const void *rows, size_t size, int n, size_t site_off)
{
    rep_col_t c[12];
    int k = 0;
    bool site = multi || q->machine;
    if (site) c[k++] = (rep_col_t){col(q, "site", N_("Lokasi")), REP_TEXT, false};
    for (int j = 0; j < nc && k < (int)ARRAY_LEN(c); j++)
        c[k++] = (rep_col_t){col(q, lc[j].key, lc[j].label), lc[j].type, lc[j].total};
    rep_table_t *t = report_add_table(rep, title, c, k);
    date_t today;
    if (!date_parse(q->today, &today)) today = DATE_NONE;
    for (int i = 0; i < n; i++) {
        const char *r = (const char *)rows + (size_t)i * size;
        rep_row(t);
        if (site) rep_text(t, *(const char *const *)(r + site_off));
        for (int j = 0; j < nc; j++) {
            const void *f = r + lc[j].off;
            date_t d;
            if (lc[j].days_since) {
                if (date_parse(*(const char *const *)f, &d) && today != DATE_NONE) rep_int(t, today - d);
                else rep_null(t);
            } else if (lc[j].type == REP_TEXT)
                rep_text(t, *(const char *const *)f);
            else if (lc[j].type == REP_DATE)
                rep_date(t, date_parse(*(const char *const *)f, &d) ? d : DATE_NONE);
            else
                rep_int(t, *(const int64_t *)f);
        }
    }
    rep_totals(t, _("Jumlah"));
}

/* The per-month table of a year's revenue report: each month's settled sales and their split. */
static void month_table(report_t *rep, const prodrep_req_t *q, const prod_sale_row_t *sales, int nsales)
{
    rep_col_t c[6] = {{col(q, "month", N_("Bulan")), REP_TEXT, false},
                      {col(q, "sales", N_("Penjualan")), REP_INT, true},
                      {col(q, "revenue", N_("Pendapatan")), REP_RUPIAH, true},
                      {col(q, "premi", N_("Premi WBP")), REP_RUPIAH, true},
                      {col(q, "pnbp", N_("PNBP")), REP_RUPIAH, true},
                      {col(q, "capital", N_("Modal kerja")), REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(rep, _("Pendapatan dan pembagiannya per bulan"), c, 6);
    for (int m = 0; m < 12; m++) {
        money_totals_t mt = {0};
        for (int i = 0; i < nsales; i++) {
            date_t d;
            if (!date_parse(sales[i].sale_date, &d) || date_month_index(d) != q->year * 12 + m) continue;
            money_split_t sp = {sales[i].total, sales[i].premi, sales[i].pnbp, sales[i].capital};
            money_totals_add(&mt, &sp);
        }
        rep_row(t);
        if (q->machine) {
            char k[24];
            snprintf(k, sizeof k, "%04d-%02d", q->year % 10000, (m + 1) % 100);
            rep_text(t, k);
        } else
            rep_text(t, _(month_names[m]));
        rep_int(t, mt.sales);
        rep_int(t, mt.revenue);
        rep_int(t, mt.premi);
        rep_int(t, mt.pnbp);
        rep_int(t, mt.capital);
    }
    rep_totals(t, _("Jumlah"));
}

/* The tables of a production report, in order: the per-month table (a year's report,
 * when by_month), the per-unit table of the measures ms (when unit_title), and the
 * list table of the rows the report's kind loads (when list_title). */
typedef struct {
    bool by_month;
    const char *unit_title;
    const unit_measure_t *ms;
    int nms;
    const char *list_title;
    const list_col_t *lc;
    int nlc;
    size_t site_off; /* the site code's place in a row */
} prod_tables_t;

#define MEASURES(...) (const unit_measure_t[]){__VA_ARGS__}, (int)ARRAY_LEN(((const unit_measure_t[]){__VA_ARGS__}))
#define COLUMNS(...) (const list_col_t[]){__VA_ARGS__}, (int)ARRAY_LEN(((const list_col_t[]){__VA_ARGS__}))

static const prod_tables_t prod_tables[] = {
    [PRODREP_REVENUE] = {true, N_("Pendapatan dan pembagiannya per unit produksi"),
                         MEASURES(UM_SALES, UM_REVENUE, UM_PREMI, UM_PNBP, UM_CAPITAL)},
    [PRODREP_PNBP] = {false, N_("PNBP dari penjualan per unit produksi"),
                      MEASURES(UM_SALES, UM_PNBP, UM_DEPOSITED, UM_OUTSTANDING), N_("Setoran PNBP ke kas negara"),
                      COLUMNS(LC(prod_deposit_row_t, deposit_date, "deposit_date", N_("Tanggal setor"), REP_DATE, false),
                              LC(prod_deposit_row_t, ntpn, "ntpn", N_("NTPN"), REP_TEXT, false),
                              LC(prod_deposit_row_t, billing_code, "billing_code", N_("Kode billing"), REP_TEXT, false),
                              LC(prod_deposit_row_t, nsales, "sales", N_("Penjualan dicakup"), REP_INT, true),
                              LC(prod_deposit_row_t, covered, "covered", N_("PNBP dicakup"), REP_RUPIAH, true),
                              LC(prod_deposit_row_t, amount, "amount", N_("Jumlah setoran"), REP_RUPIAH, true)),
                      offsetof(prod_deposit_row_t, site_code)},
    [PRODREP_PREMI] = {false, N_("Premi WBP dari penjualan per unit produksi"),
                       MEASURES(UM_SALES, UM_REVENUE, UM_PREMI),
                       N_("Buku premi per WBP (mutasi dalam periode, saldo saat ini)"),
                       COLUMNS(LC(prod_premi_row_t, regno, "regno", N_("No. registrasi"), REP_TEXT, false),
                               LC(prod_premi_row_t, name, "name", N_("Nama WBP"), REP_TEXT, false),
                               LC(prod_premi_row_t, credits, "credits", N_("Premi diterima"), REP_RUPIAH, true),
                               LC(prod_premi_row_t, debits, "debits", N_("Dibelanjakan"), REP_RUPIAH, true),
                               LC(prod_premi_row_t, payouts, "payouts", N_("Dibayarkan saat bebas"), REP_RUPIAH, true),
                               LC(prod_premi_row_t, spendable, "spendable", N_("Saldo dapat dibelanjakan"), REP_RUPIAH,
                                  true),
                               LC(prod_premi_row_t, saved, "saved", N_("Saldo tabungan"), REP_RUPIAH, true)),
                       offsetof(prod_premi_row_t, site_code)},
    [PRODREP_OUTSTANDING] = {false, NULL, NULL, 0, N_("Penjualan yang PNBP-nya belum disetor"),
                             COLUMNS(LC(prod_sale_row_t, sale_date, "sale_date", N_("Tanggal"), REP_DATE, false),
                                     LC(prod_sale_row_t, receipt_no, "receipt_no", N_("Nomor kuitansi"), REP_TEXT, false),
                                     LC(prod_sale_row_t, unit_code, "unit_code", N_("Unit"), REP_TEXT, false),
                                     LC(prod_sale_row_t, buyer, "buyer", N_("Pembeli"), REP_TEXT, false),
                                     LC(prod_sale_row_t, total, "revenue", N_("Pendapatan"), REP_RUPIAH, true),
                                     LC(prod_sale_row_t, pnbp, "pnbp", N_("PNBP terutang"), REP_RUPIAH, true),
                                     {"days", N_("Hari sejak penjualan"), REP_INT, false,
                                      offsetof(prod_sale_row_t, sale_date), true}),
                             offsetof(prod_sale_row_t, site_code)},
};

/* Writes the tables of tb; rows (n of size bytes each): the list table's rows. */
static void write_tables(report_t *rep, const prodrep_req_t *q, bool multi, const prod_tables_t *tb,
                         const prod_unit_row_t *units, int nunits, const prod_sale_row_t *sales, int nsales,
                         const void *rows, size_t size, int n)
{
    if (tb->by_month && q->month < 0 && q->year > 0) month_table(rep, q, sales, nsales);
    if (tb->unit_title) unit_table(rep, q, multi, units, nunits, sales, nsales, _(tb->unit_title), tb->ms, tb->nms);
    if (tb->list_title) list_table(rep, q, multi, _(tb->list_title), tb->lc, tb->nlc, rows, size, n, tb->site_off);
}

/* The inputs of the builders below (each run by build()). */
struct statement_in {
    int64_t uid, wbp_id;
    bool machine;
    const char *today;
};
struct record_in {
    int64_t uid, id; /* the user, and the sale or the premi entry */
};

static int build_body(db_t *db, err_t *e, arena_t *a, const void *in, report_t **out)
{
    const prodrep_req_t *q = in;
    const char *from, *to, *pname;
    bool has_period = period_of(a, q, &from, &to, &pname);
    static const char *const titles[] = {N_("LAPORAN PENDAPATAN UNIT PRODUKSI"), N_("LAPORAN PNBP UNIT PRODUKSI"),
                                         N_("LAPORAN PREMI WBP"), N_("LAPORAN PNBP YANG BELUM DISETOR")};
    if (!has_period && q->kind != PRODREP_OUTSTANDING) {
        err_set(e, 400, "bad_period", _("sebutkan bulan (TTTT-BB) atau tahun laporan"));
        return -1;
    }
    report_t *rep = *out = report_new(_(titles[q->kind]));
    prod_site_t one;
    if (letterhead(db, e, a, rep, q->uid, q->site_id, q->today, NULL, &one) < 0) return -1;
    bool multi = one.id == 0;
    const char *sub = q->kind == PRODREP_OUTSTANDING
                          ? (has_period ? arena_printf(a, "%s %s", _("Penjualan"), pname)
                                        : arena_printf(a, "%s %s", _("Keadaan per"), long_date(a, q->today)))
                          : pname;
    if (q->kind == PRODREP_REVENUE || q->kind == PRODREP_PREMI)
        sub = arena_printf(a, "%s — %s", sub,
                           _("penjualan yang sudah dibagi hasilnya; premi + PNBP + modal kerja = pendapatan"));
    report_set_subtitle(rep, sub);
    report_set_landscape(rep, multi || q->kind == PRODREP_PREMI || q->kind == PRODREP_OUTSTANDING);

    prod_unit_row_t *units = NULL;
    prod_sale_row_t *sales = NULL;
    int nunits = 0, nsales = 0;
    int64_t sid = q->site_id;
    if (sid >= 0) {
        if (prod_units_list(db, e, a, q->uid, sid, &units, &nunits) < 0 ||
            prod_sales_list(db, e, a, q->uid, sid, from, to, q->kind == PRODREP_OUTSTANDING, 0, &sales, &nsales) < 0)
            return -1;
    }
    const void *rows = sales; /* the list table's rows: the outstanding report lists the sales */
    size_t size = sizeof *sales;
    int nrows = nsales;
    if (sid >= 0 && q->kind == PRODREP_PNBP) {
        prod_deposit_row_t *deps = NULL;
        if (prod_deposits_list(db, e, a, q->uid, sid, from, to, &deps, &nrows) < 0) return -1;
        rows = deps, size = sizeof *deps;
    } else if (sid >= 0 && q->kind == PRODREP_PREMI) {
        prod_premi_row_t *pr = NULL;
        if (prod_premi_by_inmate(db, e, a, q->uid, sid, from, to, &pr, &nrows) < 0) return -1;
        rows = pr, size = sizeof *pr;
    } else if (q->kind != PRODREP_OUTSTANDING)
        nrows = 0;
    write_tables(rep, q, multi, &prod_tables[q->kind], units, nunits, sales, nsales, rows, size, nrows);
    return 0;
}


static int statement_body(db_t *db, err_t *e, arena_t *a, const void *in, report_t **out)
{
    const struct statement_in *x = in;
    int64_t uid = x->uid, wbp_id = x->wbp_id;
    bool machine = x->machine;
    const char *today = x->today;
    rec_t w;
    int rc = rec_load(db, e, a, &wbp_def, uid, wbp_id, &w);
    if (rc <= 0) {
        if (rc == 0) err_set(e, 404, "not_found", _("WBP dengan id %lld tidak ditemukan"), (long long)wbp_id);
        return -1;
    }
    premi_balance_t bal;
    premi_row_t *rows;
    int n;
    if (premi_balance_get(db, e, wbp_id, &bal) < 0 || premi_ledger_list(db, e, a, wbp_id, &rows, &n) < 0) return -1;
    report_t *rep = *out = report_new(_("REKENING PREMI WBP"));
    prod_site_t one;
    if (letterhead(db, e, a, rep, uid, w.site_id, today, NULL, &one) < 0) return -1;
    char s1[MONEY_FMT_LEN], s2[MONEY_FMT_LEN], s3[MONEY_FMT_LEN];
    report_set_subtitle(rep, arena_printf(a, "%s (%s) — %s %s: %s %s, %s %s, %s %s", w.v[WF_NAME], w.v[WF_REGNO],
                                          _("saldo per"), long_date(a, today), _("dapat dibelanjakan"),
                                          money_format(bal.spendable, s1), _("ditabung sampai bebas"),
                                          money_format(bal.saved, s2), _("jumlah"),
                                          money_format(bal.spendable + bal.saved, s3)));
    report_set_landscape(rep, true);
    rep_col_t c[8] = {{machine ? "entry_id" : _("No. catatan"), REP_INT, false},
                      {machine ? "entry_date" : _("Tanggal"), REP_DATE, false},
                      {machine ? "kind" : _("Jenis"), REP_TEXT, false},
                      {machine ? "description" : _("Uraian"), REP_TEXT, false},
                      {machine ? "credit" : _("Kredit"), REP_RUPIAH, true},
                      {machine ? "debit" : _("Debit"), REP_RUPIAH, true},
                      {machine ? "spendable_after" : _("Saldo dapat dibelanjakan"), REP_RUPIAH, false},
                      {machine ? "saved_after" : _("Saldo tabungan"), REP_RUPIAH, false}};
    rep_table_t *t = report_add_table(rep, _("Mutasi premi"), c, 8);
    for (int i = 0; i < n; i++) {
        const premi_row_t *r = &rows[i];
        rep_row(t);
        rep_int(t, r->id);
        date_t d;
        rep_date(t, date_parse(r->entry_date, &d) ? d : DATE_NONE);
        rep_text(t, machine ? r->kind : premi_kind_label(r->kind));
        const char *desc = r->note;
        if (*r->sale_receipt_no) desc = arena_printf(a, "%s (%s %s)", r->note, _("kuitansi"), r->sale_receipt_no);
        else if (*r->receipt_no) desc = arena_printf(a, "%s (%s %s)", r->note, _("bukti"), r->receipt_no);
        rep_text(t, desc);
        if (str_eq(r->kind, "credit") || str_eq(r->kind, "transfer_in")) {
            rep_int(t, r->amount);
            rep_null(t);
        } else {
            rep_null(t);
            rep_int(t, r->amount);
        }
        rep_int(t, r->spendable_after);
        rep_int(t, r->saved_after);
    }
    rep_totals(t, _("Jumlah"));
    return 0;
}

/* Appends a two-column "what: value" row. */
static void kv(rep_table_t *t, const char *k, const char *v)
{
    rep_row(t);
    rep_text(t, k);
    rep_text(t, v);
}

static int sale_receipt_body(db_t *db, err_t *e, arena_t *a, const void *in, report_t **out)
{
    const struct record_in *x = in;
    int64_t uid = x->uid, sale_id = x->id;
    rec_t s, u;
    int rc = rec_load(db, e, a, &sale_def, uid, sale_id, &s);
    if (rc <= 0) {
        if (rc == 0) err_set(e, 404, "not_found", _("penjualan dengan id %lld tidak ditemukan"), (long long)sale_id);
        return -1;
    }
    if (rec_load(db, e, a, &production_unit_def, 0, strtoll(s.v[SAF_UNIT_ID], NULL, 10), &u) != 1) return -1;
    rec_t *items;
    int n;
    if (rec_list_children(db, e, a, &sale_item_def, uid, sale_id, "id", &items, &n) < 0) return -1;
    report_t *rep = *out = report_new(_("KUITANSI PENJUALAN HASIL PRODUKSI"));
    prod_site_t one;
    if (letterhead(db, e, a, rep, uid, s.site_id, s.v[SAF_SALE_DATE], s.v[SAF_SALE_DATE], &one) < 0) return -1;
    char dl[DATE_LONG_LEN];
    date_t sd;
    if (!date_parse(s.v[SAF_SALE_DATE], &sd)) sd = DATE_NONE;
    date_format_long_ui(sd, dl);
    report_set_subtitle(rep, arena_printf(a, "%s %s · %s %s", _("Nomor"), s.v[SAF_RECEIPT_NO], _("Tanggal"), dl));
    rep_col_t c[5] = {{_("No."), REP_INT, false},
                      {_("Barang"), REP_TEXT, false},
                      {_("Banyaknya"), REP_TEXT, false},
                      {_("Harga satuan"), REP_RUPIAH, false},
                      {_("Jumlah harga"), REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(rep, _("Barang yang dibeli"), c, 5);
    rupiah_t total = 0;
    for (int i = 0; i < n; i++) {
        char q[80];
        rep_row(t);
        rep_int(t, i + 1);
        rep_text(t, items[i].v[SIF_PRODUCT]);
        rep_text(t, production_qty_text(strtoll(items[i].v[SIF_QTY_MILLI], NULL, 10), items[i].v[SIF_QTY_UNIT], q,
                                        sizeof q));
        rep_int(t, strtoll(items[i].v[SIF_UNIT_PRICE], NULL, 10));
        rep_int(t, strtoll(items[i].v[SIF_AMOUNT] ? items[i].v[SIF_AMOUNT] : "0", NULL, 10));
        total += strtoll(items[i].v[SIF_AMOUNT] ? items[i].v[SIF_AMOUNT] : "0", NULL, 10);
    }
    rep_totals(t, _("Total"));
    rep_col_t k[2] = {{_("Keterangan"), REP_TEXT, false}, {"", REP_TEXT, false}};
    t = report_add_table(rep, _("Keterangan"), k, 2);
    char words[400], m1[MONEY_FMT_LEN];
    kv(t, _("Terbilang"), rupiah_terbilang(total, words, sizeof words));
    kv(t, _("Pembeli"), s.v[SAF_BUYER] && *s.v[SAF_BUYER] ? s.v[SAF_BUYER] : "-");
    kv(t, _("Unit produksi"), u.v[PUF_NAME]);
    kv(t, _("Status pembayaran"), _(rec_choice_label(&sale_def.fields[SAF_PAYMENT_STATUS], s.v[SAF_PAYMENT_STATUS])));
    kv(t, _("Sudah dibayar"), money_format(strtoll(s.v[SAF_PAID_AMOUNT] ? s.v[SAF_PAID_AMOUNT] : "0", NULL, 10), m1));
    if (s.v[SAF_SPLIT_ID]) {
        char p1[MONEY_FMT_LEN], p2[MONEY_FMT_LEN], p3[MONEY_FMT_LEN];
        kv(t, _("Pembagian hasil"),
           arena_printf(a, "%s %s · %s %s · %s %s", _("premi WBP"), money_format(strtoll(s.v[SAF_PREMI], NULL, 10), p1),
                        _("PNBP"), money_format(strtoll(s.v[SAF_PNBP], NULL, 10), p2), _("modal kerja"),
                        money_format(strtoll(s.v[SAF_CAPITAL], NULL, 10), p3)));
    }
    if (s.v[SAF_NOTE] && *s.v[SAF_NOTE]) kv(t, _("Catatan"), s.v[SAF_NOTE]);
    /* signed by the unit's supervisor, received by the buyer */
    report_set_signature(rep, place(&one), sd, _("Penanggung jawab unit produksi"),
                         u.v[PUF_SUPERVISOR] && *u.v[PUF_SUPERVISOR] ? u.v[PUF_SUPERVISOR] : "(..............................)", "");
    report_set_receiver(rep, _("Pembeli,"), s.v[SAF_BUYER] && *s.v[SAF_BUYER] ? s.v[SAF_BUYER] : "(..............................)");
    char tm[MONEY_FMT_LEN];
    report_set_qr(rep, arena_printf(a, "BEKAL %s %s %s %s", one.code ? one.code : "", s.v[SAF_RECEIPT_NO],
                                    s.v[SAF_SALE_DATE], money_format(total, tm)));
    return 0;
}

static int premi_receipt_body(db_t *db, err_t *e, arena_t *a, const void *in, report_t **out)
{
    const struct record_in *x = in;
    int64_t uid = x->uid, entry_id = x->id;
    premi_row_t r;
    rec_t w;
    int rc = premi_ledger_get(db, e, a, entry_id, &r);
    if (rc == 1) rc = rec_load(db, e, a, &wbp_def, uid, r.wbp_id, &w); /* visible exactly when its inmate is */
    if (rc <= 0) {
        if (rc == 0) err_set(e, 404, "not_found", _("catatan premi dengan id %lld tidak ditemukan"), (long long)entry_id);
        return -1;
    }
    const char *title = str_eq(r.kind, "payout")  ? _("TANDA TERIMA PEMBAYARAN PREMI WBP")
                        : str_eq(r.kind, "debit") ? _("BUKTI PEMBELIAN DENGAN PREMI WBP")
                                                  : _("BUKTI KREDIT PREMI WBP");
    report_t *rep = *out = report_new(title);
    prod_site_t one;
    if (letterhead(db, e, a, rep, uid, w.site_id, r.entry_date, r.entry_date, &one) < 0) return -1;
    report_set_subtitle(rep, arena_printf(a, "%s %lld", _("Nomor catatan"), (long long)r.id));
    rep_col_t k[2] = {{_("Rincian"), REP_TEXT, false}, {"", REP_TEXT, false}};
    rep_table_t *t = report_add_table(rep, _("Rincian"), k, 2);
    char m[6][MONEY_FMT_LEN], words[400], dl[DATE_LONG_LEN];
    date_t d;
    if (!date_parse(r.entry_date, &d)) d = DATE_NONE;
    date_format_long_ui(d, dl);
    kv(t, _("Nama WBP"), w.v[WF_NAME]);
    kv(t, _("No. registrasi"), w.v[WF_REGNO]);
    kv(t, _("Tanggal"), dl);
    kv(t, _("Jenis"), premi_kind_label(r.kind));
    kv(t, _("Jumlah"), money_format(r.amount, m[0]));
    kv(t, _("Terbilang"), rupiah_terbilang(r.amount, words, sizeof words));
    kv(t, _("Dari/ke bagian dapat dibelanjakan"), money_format(r.spendable_delta, m[1]));
    kv(t, _("Dari/ke bagian tabungan"), money_format(r.saved_delta, m[2]));
    kv(t, _("Saldo dapat dibelanjakan sesudahnya"), money_format(r.spendable_after, m[3]));
    kv(t, _("Saldo tabungan sesudahnya"), money_format(r.saved_after, m[4]));
    if (*r.receipt_no) kv(t, _("Nomor bukti"), r.receipt_no);
    if (*r.sale_receipt_no) kv(t, _("Kuitansi penjualan"), r.sale_receipt_no);
    if (*r.note) kv(t, _("Catatan"), r.note);
    kv(t, _("Dicatat oleh"), *r.created_by ? r.created_by : "-");
    report_set_signature(rep, place(&one), d, _("Petugas"),
                         *r.created_by ? r.created_by : "(..............................)", "");
    report_set_receiver(rep, str_eq(r.kind, "payout") ? _("Yang menerima,") : _("WBP,"), w.v[WF_NAME]);
    report_set_qr(rep, arena_printf(a, "BEKAL %s PREMI %lld %s %s %s", one.code ? one.code : "", (long long)r.id,
                                    w.v[WF_REGNO], r.entry_date, money_format(r.amount, m[5])));
    return 0;
}

/* Runs the builder body with an arena of its own: the report it made, or NULL (what it
 * had built freed) when it failed, with e set. */
typedef int (*builder_fn)(db_t *db, err_t *e, arena_t *a, const void *in, report_t **out);
static report_t *build(builder_fn body, db_t *db, err_t *e, const void *in)
{
    arena_t a;
    arena_init(&a);
    report_t *rep = NULL;
    if (body(db, e, &a, in, &rep) < 0) {
        report_free(rep);
        rep = NULL;
    }
    arena_release(&a);
    return rep;
}

report_t *prodrep_build(db_t *db, err_t *e, const prodrep_req_t *q) { return build(build_body, db, e, q); }

report_t *prodrep_statement(db_t *db, err_t *e, int64_t uid, int64_t wbp_id, bool machine, const char *today)
{
    return build(statement_body, db, e, &(struct statement_in){uid, wbp_id, machine, today});
}

report_t *prodrep_sale_receipt(db_t *db, err_t *e, int64_t uid, int64_t sale_id)
{
    return build(sale_receipt_body, db, e, &(struct record_in){uid, sale_id});
}

report_t *prodrep_premi_receipt(db_t *db, err_t *e, int64_t uid, int64_t entry_id)
{
    return build(premi_receipt_body, db, e, &(struct record_in){uid, entry_id});
}
