/* calc_split.c — `bekal calc split FILE.json`: the revenue split calculator. Reads
 * split rules and sales from a JSON file, splits every sale by the rule in force on
 * its date, shares each sale's premi among its workers, sums per month and unit, and
 * credits each worker's premi into spendable and saved parts. Prints one JSON
 * object; used by the golden tests (tests/golden/split/). Malformed input gives an
 * Indonesian message on stderr and exit code 2. All arithmetic is core/money.c. */
#include "cli.h"
#include "../core/money.h"
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void calc_split_help(void)
{
    printf("Pemakaian: bekal calc split BERKAS.json\n\n"
           "Membagi hasil penjualan unit produksi menjadi premi, PNBP dan modal kerja menurut aturan\n"
           "yang berlaku pada tanggal penjualan, membagi premi kepada pekerja (per kepingan atau per jam),\n"
           "menjumlahkan per bulan dan unit, dan memisahkan premi tiap pekerja menjadi bagian yang dapat\n"
           "dibelanjakan dan bagian yang ditabung sampai bebas. Rupiah selalu bulat; sisa pembulatan\n"
           "masuk ke bagian \"remainder\" aturan (bawaan: modal kerja), sehingga premi + PNBP + modal = pendapatan.\n\n"
           "Kunci berkas:\n"
           "  rules: [{unit, effective_from, premi_bp, pnbp_bp, capital_bp, share_by: pieces|hours,\n"
           "           remainder: capital|premi|pnbp}]   (basis poin: 10000 = 100%%)\n"
           "  saved_bp: bagian tiap kredit premi yang ditabung sampai bebas (basis poin, bawaan 0)\n"
           "  sales: [{id, unit, date, amount | items: [{qty, price}],\n"
           "           workers: [{wbp, pieces | hours | minutes}]}]\n"
           "Keluaran: {saved_bp, sales: [...], periods: [{month, unit, ...}], total, workers: [...]}.\n");
}

typedef struct {
    char **names;
    size_t n;
} names_t;

/* Index of s in names (adding it when missing). */
static int64_t name_id(names_t *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->names[i], s)) return (int64_t)i;
    t->names = xrealloc(t->names, (t->n + 1) * sizeof *t->names);
    t->names[t->n] = xstrdup(s);
    return (int64_t)t->n++;
}
static void names_free(names_t *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->names[i]);
    free(t->names);
}

static const char *req_str(json_t *o, const char *key, const char *where, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v) || !*json_string_value(v)) {
        err_set(e, 400, "invalid_input", "%s: \"%s\" wajib berupa teks", where, key);
        return NULL;
    }
    return json_string_value(v);
}

static int req_int(json_t *o, const char *key, const char *where, int64_t lo, int64_t hi, int64_t *out, err_t *e)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_set(e, 400, "invalid_input", "%s: \"%s\" wajib bilangan bulat %lld sampai %lld", where, key,
                       (long long)lo, (long long)hi);
    *out = json_integer_value(v);
    return 0;
}

static int req_date(json_t *o, const char *key, const char *where, date_t *out, err_t *e)
{
    const char *s = req_str(o, key, where, e);
    if (!s) return -1;
    if (!date_parse(s, out))
        return err_set(e, 400, "invalid_input", "%s: \"%s\" bukan tanggal yang sah: \"%.40s\"", where, key, s);
    return 0;
}

/* A JSON number as an exact multiple of 1/scale (qty in thousandths, hours in minutes). */
static int scaled(json_t *v, int64_t scale, const char *what, const char *where, int64_t *out, err_t *e)
{
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0 || json_integer_value(v) > INT64_MAX / scale / 1000)
            return err_set(e, 400, "invalid_input", "%s: %s di luar batas", where, what);
        *out = json_integer_value(v) * scale;
        return 0;
    }
    if (!json_is_real(v)) return err_set(e, 400, "invalid_input", "%s: %s harus berupa angka", where, what);
    double x = json_real_value(v) * (double)scale, r = nearbyint(x);
    if (!(x >= 0) || x > 1e15 || fabs(x - r) > 1e-6)
        return err_set(e, 400, "invalid_input", "%s: %s tidak sah (paling teliti 1/%lld)", where, what,
                       (long long)scale);
    *out = (int64_t)r;
    return 0;
}

static int parse_rules(json_t *a, names_t *units, split_rule_t **out, size_t *n, err_t *e)
{
    static const char *const keys[] = {"unit", "effective_from", "premi_bp", "pnbp_bp", "capital_bp",
                                       "share_by", "remainder", "note", NULL};
    if (!json_is_array(a) || json_array_size(a) == 0)
        return err_set(e, 400, "invalid_input", "\"rules\" wajib berupa daftar yang tidak kosong");
    *n = json_array_size(a);
    *out = xcalloc(*n, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        json_t *o = json_array_get(a, i);
        char where[48];
        snprintf(where, sizeof where, "rules[%zu]", i);
        split_rule_t *r = &(*out)[i];
        int64_t p, q, c;
        const char *unit;
        if (cli_json_keys(o, where, keys, e) < 0 || !(unit = req_str(o, "unit", where, e)) ||
            req_date(o, "effective_from", where, &r->effective_from, e) < 0 ||
            req_int(o, "premi_bp", where, 0, MONEY_BP_FULL, &p, e) < 0 ||
            req_int(o, "pnbp_bp", where, 0, MONEY_BP_FULL, &q, e) < 0 ||
            req_int(o, "capital_bp", where, 0, MONEY_BP_FULL, &c, e) < 0)
            return -1;
        r->unit_id = name_id(units, unit);
        r->premi_bp = (int)p;
        r->pnbp_bp = (int)q;
        r->capital_bp = (int)c;
        const char *by = json_string_value(json_object_get(o, "share_by"));
        if (!money_basis_parse(by ? by : "", &r->basis))
            return err_set(e, 400, "invalid_input", "%s: \"share_by\" wajib pieces atau hours", where);
        json_t *rem = json_object_get(o, "remainder");
        r->remainder = BUCKET_CAPITAL;
        if (rem && !money_bucket_parse(json_string_value(rem), &r->remainder))
            return err_set(e, 400, "invalid_input", "%s: \"remainder\" harus capital, premi atau pnbp", where);
        if (money_rule_check(r, e) < 0) {
            char m[sizeof e->msg];
            snprintf(m, sizeof m, "%s", e->msg);
            return err_set(e, 400, "invalid_input", "%s: %s", where, m);
        }
    }
    return money_rules_check(*out, *n, e);
}

/* Revenue of a sale: "amount", or the sum of its items (qty x price, half up). */
static int sale_revenue(json_t *o, const char *where, rupiah_t *out, err_t *e)
{
    json_t *amt = json_object_get(o, "amount"), *items = json_object_get(o, "items");
    if ((amt != NULL) == (items != NULL))
        return err_set(e, 400, "invalid_input", "%s: isi salah satu, \"amount\" atau \"items\"", where);
    if (amt) return req_int(o, "amount", where, 0, MONEY_MAX, out, e);
    if (!json_is_array(items) || json_array_size(items) == 0)
        return err_set(e, 400, "invalid_input", "%s: \"items\" wajib berupa daftar yang tidak kosong", where);
    static const char *const keys[] = {"product", "qty", "unit", "price", NULL};
    rupiah_t sum = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        char w[80];
        snprintf(w, sizeof w, "%s.items[%zu]", where, i);
        int64_t qty, price;
        rupiah_t amount;
        if (cli_json_keys(it, w, keys, e) < 0) return -1;
        json_t *qv = json_object_get(it, "qty");
        if (!qv) return err_set(e, 400, "invalid_input", "%s: \"qty\" wajib diisi", w);
        if (scaled(qv, 1000, "qty", w, &qty, e) < 0 || req_int(it, "price", w, 0, MONEY_MAX, &price, e) < 0 ||
            money_item_amount(qty, price, &amount, e) < 0)
            return -1;
        sum += amount;
        if (sum > MONEY_MAX) return err_set(e, 400, "invalid_input", "%s: jumlah penjualan terlalu besar", where);
    }
    *out = sum;
    return 0;
}

struct sale_workers_ctx {
    json_t *a; /* the sale's "workers" */
    const char *where;
    const names_t *wbps;
};

/* The workers of a sale with their weights for rule r (money_settle's workers());
 * keys are ranks of the sorted inmate codes, so ties go to the code that sorts first. */
static int sale_workers(void *vc, const split_rule_t *r, const money_split_t *split, money_worker_t **out, size_t *n,
                        err_t *e)
{
    const struct sale_workers_ctx *c = vc;
    json_t *a = c->a;
    const char *where = c->where;
    const names_t *wbps = c->wbps;
    (void)split;
    static const char *const keys[] = {"wbp", "pieces", "hours", "minutes", NULL};
    *n = json_is_array(a) ? json_array_size(a) : 0;
    if (a && !json_is_array(a)) return err_set(e, 400, "invalid_input", "%s: \"workers\" harus berupa daftar", where);
    *out = xcalloc(*n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        json_t *o = json_array_get(a, i);
        char w[80];
        snprintf(w, sizeof w, "%s.workers[%zu]", where, i);
        const char *code;
        if (cli_json_keys(o, w, keys, e) < 0 || !(code = req_str(o, "wbp", w, e))) return -1;
        size_t rank = 0;
        for (size_t k = 0; k < wbps->n; k++)
            if (strcmp(wbps->names[k], code) < 0) rank++;
        (*out)[i].key = (int64_t)rank;
        for (size_t k = 0; k < i; k++)
            if ((*out)[k].key == (int64_t)rank)
                return err_set(e, 400, "invalid_input", "%s: WBP \"%.40s\" tercatat dua kali", w, code);
        json_t *pv = json_object_get(o, "pieces"), *hv = json_object_get(o, "hours"), *mv = json_object_get(o, "minutes");
        if (r->basis == SHARE_PIECES) {
            if (!pv) return err_set(e, 400, "invalid_input", "%s: aturan membagi premi per kepingan: \"pieces\" wajib diisi", w);
            if (req_int(o, "pieces", w, 0, INT32_MAX, &(*out)[i].weight, e) < 0) return -1;
        } else if (hv && mv) {
            return err_set(e, 400, "invalid_input", "%s: isi salah satu, \"hours\" atau \"minutes\"", w);
        } else if (hv) {
            if (scaled(hv, 60, "hours", w, &(*out)[i].weight, e) < 0) return -1;
        } else if (mv) {
            if (req_int(o, "minutes", w, 0, INT32_MAX, &(*out)[i].weight, e) < 0) return -1;
        } else {
            return err_set(e, 400, "invalid_input", "%s: aturan membagi premi per jam: \"hours\" atau \"minutes\" wajib diisi", w);
        }
    }
    return 0;
}

typedef struct {
    int32_t month;
    int64_t unit_id;
    money_totals_t t;
} period_t_;

static int period_cmp(const void *a, const void *b)
{
    const period_t_ *x = a, *y = b;
    if (x->month != y->month) return x->month < y->month ? -1 : 1;
    return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

typedef struct {
    rupiah_t premi;
    premi_balance_t bal;
    int64_t credits;
} worker_acc_t;

static json_t *totals_json(json_t *o, const money_totals_t *t)
{
    json_object_set_new(o, "sales", json_integer(t->sales));
    json_object_set_new(o, "revenue", json_integer(t->revenue));
    json_object_set_new(o, "premi", json_integer(t->premi));
    json_object_set_new(o, "pnbp", json_integer(t->pnbp));
    json_object_set_new(o, "capital", json_integer(t->capital));
    json_object_set_new(o, "reconciled", json_boolean(money_totals_reconcile(t)));
    return o;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The whole calculation; *out gets the result object. */
static int run_split(json_t *root, json_t **out, err_t *e)
{
    static const char *const keys[] = {"why", "rules", "saved_bp", "sales", NULL};
    if (cli_json_keys(root, "berkas", keys, e) < 0) return -1;
    names_t units = {0}, wbps = {0};
    split_rule_t *rules = NULL;
    size_t nrules = 0;
    period_t_ *periods = NULL;
    size_t nper = 0;
    worker_acc_t *acc = NULL;
    money_worker_t *ws = NULL;
    int rc = -1;
    int64_t saved_bp = 0;
    json_t *res = json_object(), *jsales = json_array();
    money_totals_t total = {0};

    if (parse_rules(json_object_get(root, "rules"), &units, &rules, &nrules, e) < 0) goto out;
    if (json_object_get(root, "saved_bp") && req_int(root, "saved_bp", "berkas", 0, MONEY_BP_FULL, &saved_bp, e) < 0)
        goto out;
    json_t *sales = json_object_get(root, "sales");
    if (!json_is_array(sales)) {
        err_set(e, 400, "invalid_input", "\"sales\" wajib berupa daftar");
        goto out;
    }
    /* every inmate code first, sorted, so worker keys are their ranks */
    for (size_t i = 0; i < json_array_size(sales); i++) {
        json_t *wa = json_object_get(json_array_get(sales, i), "workers");
        for (size_t k = 0; json_is_array(wa) && k < json_array_size(wa); k++) {
            const char *c = json_string_value(json_object_get(json_array_get(wa, k), "wbp"));
            if (c && *c) name_id(&wbps, c);
        }
    }
    qsort(wbps.names, wbps.n, sizeof *wbps.names, cmp_str);
    acc = xcalloc(wbps.n ? wbps.n : 1, sizeof *acc);

    static const char *const skeys[] = {"id", "unit", "date", "amount", "items", "workers", "buyer", "note", NULL};
    for (size_t i = 0; i < json_array_size(sales); i++) {
        json_t *o = json_array_get(sales, i);
        char where[48];
        snprintf(where, sizeof where, "sales[%zu]", i);
        free(ws);
        ws = NULL;
        const char *unit, *id;
        date_t d;
        rupiah_t revenue;
        if (cli_json_keys(o, where, skeys, e) < 0 || !(id = req_str(o, "id", where, e)) ||
            !(unit = req_str(o, "unit", where, e)) || req_date(o, "date", where, &d, e) < 0 ||
            sale_revenue(o, where, &revenue, e) < 0)
            goto out;
        int64_t uid = name_id(&units, unit);
        struct sale_workers_ctx wc = {json_object_get(o, "workers"), where, &wbps};
        money_settlement_t st;
        int src = money_settle(revenue, rules, nrules, uid, d, sale_workers, &wc, &st, e);
        ws = st.ws;
        size_t nw = st.nw;
        if (src == MONEY_SETTLE_NO_RULE) {
            char ds[DATE_ISO_LEN];
            date_format(d, ds);
            err_set(e, 400, "no_split_rule", "%s (%.40s): belum ada aturan pembagian hasil untuk unit \"%.40s\" pada %s",
                    where, id, unit, ds);
            goto out;
        }
        if (src == MONEY_SETTLE_NO_SHARE) {
            char m[sizeof e->msg];
            snprintf(m, sizeof m, "%s", e->msg);
            err_set(e, 400, "invalid_input", "%s (%.40s): %s", where, id, m);
            goto out;
        }
        if (src < 0) goto out;
        const split_rule_t *r = st.rule;
        money_split_t s = st.split;
        money_totals_add(&total, &s);
        int32_t month = date_month_index(d);
        size_t p = 0;
        while (p < nper && !(periods[p].month == month && periods[p].unit_id == uid)) p++;
        if (p == nper) {
            periods = xrealloc(periods, (nper + 1) * sizeof *periods);
            periods[nper++] = (period_t_){month, uid, {0}};
        }
        money_totals_add(&periods[p].t, &s);

        char ds[DATE_ISO_LEN], rf[DATE_ISO_LEN];
        date_format(d, ds);
        date_format(r->effective_from, rf);
        json_t *js = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "id", id, "unit", unit, "date", ds,
                               "rule_from", rf, "share_by", money_basis_name(r->basis), "remainder_to",
                               money_bucket_name(r->remainder), "revenue", (json_int_t)s.revenue, "premi",
                               (json_int_t)s.premi, "pnbp", (json_int_t)s.pnbp, "capital", (json_int_t)s.capital);
        json_t *jw = json_array();
        for (size_t k = 0; k < nw; k++) {
            worker_acc_t *a = &acc[ws[k].key];
            json_array_append_new(jw, json_pack("{s:s, s:I, s:I}", "wbp", wbps.names[ws[k].key], "weight",
                                                (json_int_t)ws[k].weight, "premi", (json_int_t)ws[k].share));
            if (ws[k].share == 0) continue;
            /* each credit is split on its own (never the sum) */
            premi_move_t mv;
            if (premi_credit(&a->bal, ws[k].share, (int)saved_bp, &mv, e) < 0) goto out;
            a->bal = mv.after;
            a->premi += ws[k].share;
            a->credits++;
        }
        json_object_set_new(js, "workers", jw);
        json_array_append_new(jsales, js);
    }
    qsort(periods, nper, sizeof *periods, period_cmp);
    json_t *jp = json_array();
    for (size_t p = 0; p < nper; p++) {
        char m[DATE_ISO_LEN];
        date_format(date_month_first(periods[p].month), m);
        m[7] = 0;
        json_t *o = json_pack("{s:s, s:s}", "month", m, "unit", units.names[periods[p].unit_id]);
        json_array_append_new(jp, totals_json(o, &periods[p].t));
    }
    json_t *jwk = json_array();
    for (size_t k = 0; k < wbps.n; k++)
        json_array_append_new(jwk, json_pack("{s:s, s:I, s:I, s:I, s:I}", "wbp", wbps.names[k], "credits",
                                             (json_int_t)acc[k].credits, "premi", (json_int_t)acc[k].premi,
                                             "spendable", (json_int_t)acc[k].bal.spendable, "saved",
                                             (json_int_t)acc[k].bal.saved));
    json_object_set_new(res, "saved_bp", json_integer(saved_bp));
    json_object_set(res, "sales", jsales);
    json_object_set_new(res, "periods", jp);
    json_object_set_new(res, "total", totals_json(json_object(), &total));
    json_object_set_new(res, "workers", jwk);
    *out = res;
    res = NULL;
    rc = 0;
out:
    json_decref(res);
    json_decref(jsales);
    free(ws);
    free(acc);
    free(periods);
    free(rules);
    names_free(&units);
    names_free(&wbps);
    return rc;
}

int calc_split(int argc, char **argv)
{
    const char *cmd = "calc split";
    int prc = cli_parse(cmd, argc, argv, NULL, NULL, calc_split_help, NULL, 0, NULL);
    if (prc != CLI_RUN) return prc;
    if (optind != argc - 1) return cli_usage_error(cmd, "sebutkan satu BERKAS.json");
    const char *file = argv[optind];
    json_error_t je;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
    if (!root) return cli_usage_error(cmd, "%s: JSON tidak dapat dibaca (baris %d): %s", file, je.line, je.text);
    err_t e;
    err_clear(&e);
    json_t *res = NULL;
    int rc = run_split(root, &res, &e);
    json_decref(root);
    if (rc < 0) return cli_usage_error(cmd, "%s: %s", file, e.msg);
    return cli_print_json(res);
}
