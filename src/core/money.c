/* money.c — revenue splits, premi sharing and premi ledger rules in whole rupiah
 * (rounding rules in money.h). Pure. */
#include "money.h"
#include "../util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *money_bucket_name(money_bucket_t b)
{
    switch (b) {
    case BUCKET_PREMI: return "premi";
    case BUCKET_PNBP: return "pnbp";
    case BUCKET_CAPITAL: break;
    }
    return "capital";
}
const char *money_basis_name(money_basis_t b) { return b == SHARE_HOURS ? "hours" : "pieces"; }

bool money_bucket_parse(const char *s, money_bucket_t *out)
{
    if (!s) return false;
    if (str_eq(s, "capital") || str_eq(s, "modal")) *out = BUCKET_CAPITAL;
    else if (str_eq(s, "premi")) *out = BUCKET_PREMI;
    else if (str_eq(s, "pnbp")) *out = BUCKET_PNBP;
    else return false;
    return true;
}
bool money_basis_parse(const char *s, money_basis_t *out)
{
    if (!s) return false;
    if (str_eq(s, "pieces") || str_eq(s, "kepingan")) *out = SHARE_PIECES;
    else if (str_eq(s, "hours") || str_eq(s, "jam")) *out = SHARE_HOURS;
    else return false;
    return true;
}

int money_rule_check(const split_rule_t *r, err_t *e)
{
    const int bp[3] = {r->premi_bp, r->pnbp_bp, r->capital_bp};
    static const char *const names[3] = {"premi", "PNBP", "modal kerja"};
    for (int i = 0; i < 3; i++)
        if (bp[i] < 0 || bp[i] > MONEY_BP_FULL)
            return err_set(e, 400, "invalid_split", "bagian %s harus antara 0 dan 10000 basis poin (0–100%%), bukan %d",
                           names[i], bp[i]);
    if (bp[0] + bp[1] + bp[2] != MONEY_BP_FULL)
        return err_set(e, 400, "invalid_split",
                       "premi + PNBP + modal kerja harus 10000 basis poin (100%%), bukan %d", bp[0] + bp[1] + bp[2]);
    if (r->effective_from == DATE_NONE)
        return err_set(e, 400, "invalid_split", "aturan pembagian hasil memerlukan tanggal mulai berlaku");
    if (r->basis != SHARE_PIECES && r->basis != SHARE_HOURS)
        return err_set(e, 400, "invalid_split", "dasar pembagian premi harus kepingan atau jam");
    if (r->remainder != BUCKET_CAPITAL && r->remainder != BUCKET_PREMI && r->remainder != BUCKET_PNBP)
        return err_set(e, 400, "invalid_split", "penerima sisa pembulatan harus modal kerja, premi atau PNBP");
    return 0;
}

const split_rule_t *money_rule_at(const split_rule_t *rules, size_t n, int64_t unit_id, date_t d)
{
    const split_rule_t *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const split_rule_t *r = &rules[i];
        if (r->unit_id != unit_id || r->effective_from == DATE_NONE || r->effective_from > d) continue;
        if (!best || r->effective_from > best->effective_from) best = r;
    }
    return best;
}

int money_rules_check(const split_rule_t *rules, size_t n, err_t *e)
{
    for (size_t i = 0; i < n; i++) {
        if (money_rule_check(&rules[i], e) < 0) return -1;
        for (size_t j = 0; j < i; j++)
            if (rules[j].unit_id == rules[i].unit_id && rules[j].effective_from == rules[i].effective_from) {
                char d[DATE_ISO_LEN];
                date_format(rules[i].effective_from, d);
                return err_set(e, 400, "duplicate_split", "dua aturan pembagian hasil unit yang sama berlaku mulai %s",
                               d);
            }
    }
    return 0;
}

rupiah_t money_bp_floor(rupiah_t amount, int bp)
{
    /* amount = q*10000 + r: q*bp <= amount, r*bp < 10^8; no overflow for any bp <= 10000 */
    rupiah_t q = amount / MONEY_BP_FULL, r = amount % MONEY_BP_FULL;
    return q * bp + r * bp / MONEY_BP_FULL;
}

static int amount_ok(rupiah_t v, const char *what, err_t *e)
{
    if (v < 0) return err_set(e, 400, "invalid_amount", "%s tidak boleh negatif", what);
    if (v > MONEY_MAX) return err_set(e, 400, "invalid_amount", "%s terlalu besar", what);
    return 0;
}

int money_split(rupiah_t revenue, const split_rule_t *r, money_split_t *out, err_t *e)
{
    if (amount_ok(revenue, "pendapatan", e) < 0 || money_rule_check(r, e) < 0) return -1;
    rupiah_t premi = money_bp_floor(revenue, r->premi_bp);
    rupiah_t pnbp = money_bp_floor(revenue, r->pnbp_bp);
    rupiah_t capital = money_bp_floor(revenue, r->capital_bp);
    switch (r->remainder) {
    case BUCKET_PREMI: premi = revenue - pnbp - capital; break;
    case BUCKET_PNBP: pnbp = revenue - premi - capital; break;
    case BUCKET_CAPITAL: capital = revenue - premi - pnbp; break;
    }
    *out = (money_split_t){revenue, premi, pnbp, capital};
    return 0;
}

void money_totals_add(money_totals_t *t, const money_split_t *s)
{
    t->sales++;
    t->revenue += s->revenue;
    t->premi += s->premi;
    t->pnbp += s->pnbp;
    t->capital += s->capital;
}

bool money_totals_reconcile(const money_totals_t *t) { return t->premi + t->pnbp + t->capital == t->revenue; }

int money_item_amount(int64_t qty_milli, rupiah_t unit_price, rupiah_t *out, err_t *e)
{
    if (qty_milli < 0) return err_set(e, 400, "invalid_quantity", "jumlah barang tidak boleh negatif");
    if (amount_ok(unit_price, "harga satuan", e) < 0) return -1;
    unsigned __int128 p = (unsigned __int128)qty_milli * (unsigned __int128)unit_price + 500;
    p /= 1000;
    if (p > (unsigned __int128)MONEY_MAX) return err_set(e, 400, "invalid_amount", "nilai barang terlalu besar");
    *out = (rupiah_t)p;
    return 0;
}

/* The worker that gets the next left-over rupiah: larger remainder, then larger
 * weight, then smaller key, then earlier position. */
static bool share_before(const money_worker_t *w, const uint64_t *rem, size_t a, size_t b)
{
    if (rem[a] != rem[b]) return rem[a] > rem[b];
    if (w[a].weight != w[b].weight) return w[a].weight > w[b].weight;
    if (w[a].key != w[b].key) return w[a].key < w[b].key;
    return a < b;
}

int money_share(rupiah_t total, money_worker_t *w, size_t n, err_t *e)
{
    if (amount_ok(total, "premi", e) < 0) return -1;
    unsigned __int128 wsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i].weight < 0) return err_set(e, 400, "invalid_weight", "jam atau kepingan kerja tidak boleh negatif");
        wsum += (unsigned __int128)w[i].weight;
        w[i].share = 0;
    }
    if (total == 0) return 0;
    if (wsum == 0)
        return err_set(e, 400, "no_workers",
                       "premi tidak dapat dibagi: tidak ada pekerja dengan jam atau kepingan kerja pada produksi ini");
    if (wsum > (unsigned __int128)INT64_MAX)
        return err_set(e, 400, "invalid_weight", "jumlah jam atau kepingan kerja terlalu besar");
    uint64_t W = (uint64_t)wsum;
    rupiah_t given = 0;
    uint64_t remst[64];
    uint64_t *rem = n <= ARRAY_LEN(remst) ? remst : xcalloc(n, sizeof *rem);
    for (size_t i = 0; i < n; i++) {
        unsigned __int128 p = (unsigned __int128)total * (unsigned __int128)w[i].weight;
        w[i].share = (rupiah_t)(p / W);
        rem[i] = (uint64_t)(p % W);
        given += w[i].share;
    }
    /* fewer than n rupiah are left over; hand them out one at a time */
    for (rupiah_t left = total - given; left > 0; left--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (w[i].weight == 0 || rem[i] == UINT64_MAX) continue;
            if (best == n || share_before(w, rem, i, best)) best = i;
        }
        w[best].share++;
        rem[best] = UINT64_MAX; /* taken: at most one extra rupiah each */
        /* UINT64_MAX is never a real remainder (< W <= INT64_MAX) */
    }
    if (rem != remst) free(rem);
    return 0;
}


int money_settle(rupiah_t revenue, const split_rule_t *rules, size_t nrules, int64_t unit_id, date_t d,
                 money_settle_workers_fn workers, void *ctx, money_settlement_t *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->rule = money_rule_at(rules, nrules, unit_id, d);
    if (!out->rule) return MONEY_SETTLE_NO_RULE;
    if (money_split(revenue, out->rule, &out->split, e) < 0 ||
        workers(ctx, out->rule, &out->split, &out->ws, &out->nw, e) < 0)
        return -1;
    if (out->split.premi > 0 && money_share(out->split.premi, out->ws, out->nw, e) < 0) return MONEY_SETTLE_NO_SHARE;
    return 0;
}
int premi_credit(const premi_balance_t *bal, rupiah_t amount, int saved_bp, premi_move_t *mv, err_t *e)
{
    if (amount <= 0) return err_set(e, 400, "invalid_amount", "kredit premi harus lebih dari Rp 0");
    if (amount > MONEY_MAX) return err_set(e, 400, "invalid_amount", "kredit premi terlalu besar");
    if (saved_bp < 0 || saved_bp > MONEY_BP_FULL)
        return err_set(e, 400, "invalid_setting", "bagian premi yang ditabung harus antara 0 dan 10000 basis poin");
    rupiah_t spend = money_bp_floor(amount, MONEY_BP_FULL - saved_bp);
    mv->spendable_delta = spend;
    mv->saved_delta = amount - spend;
    mv->after.spendable = bal->spendable + spend;
    mv->after.saved = bal->saved + (amount - spend);
    return 0;
}

int premi_debit(const premi_balance_t *bal, rupiah_t amount, premi_move_t *mv, err_t *e)
{
    if (amount <= 0) return err_set(e, 400, "invalid_amount", "debit premi harus lebih dari Rp 0");
    if (amount > bal->spendable) {
        char have[MONEY_FMT_LEN], want[MONEY_FMT_LEN];
        return err_set(e, 409, "insufficient_premi",
                       "saldo premi yang dapat dibelanjakan tidak cukup: tersedia %s, diminta %s (bagian tabungan "
                       "hanya dibayarkan saat bebas)",
                       money_format(bal->spendable, have), money_format(amount, want));
    }
    mv->spendable_delta = -amount;
    mv->saved_delta = 0;
    mv->after.spendable = bal->spendable - amount;
    mv->after.saved = bal->saved;
    return 0;
}

int premi_payout(const premi_balance_t *bal, premi_move_t *mv, err_t *e)
{
    if (bal->spendable < 0 || bal->saved < 0)
        return err_set(e, 500, "negative_premi", "saldo premi negatif: data buku premi rusak");
    if (bal->spendable == 0 && bal->saved == 0)
        return err_set(e, 409, "empty_premi", "tidak ada saldo premi untuk dibayarkan");
    mv->spendable_delta = -bal->spendable;
    mv->saved_delta = -bal->saved;
    mv->after = (premi_balance_t){0, 0};
    return 0;
}

/* Writes the digits of u grouped by dots at o; returns the end (NUL written). At
 * most 26 characters (20 digits, 6 dots). */
static char *group_digits(uint64_t u, char *o)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) *o++ = '.';
        *o++ = digits[i];
    }
    *o = 0;
    return o;
}

char *money_format_int(int64_t v, char out[MONEY_FMT_LEN])
{
    char *o = out;
    if (v < 0) *o++ = '-';
    group_digits(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, o);
    return out;
}

char *money_format(rupiah_t v, char out[MONEY_FMT_LEN])
{
    char *o = out;
    if (v < 0) *o++ = '-';
    memcpy(o, "Rp ", 3);
    group_digits(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, o + 3);
    return out;
}

bool money_parse(const char *s, rupiah_t *out)
{
    if (!s) return false;
    while (*s == ' ') s++;
    if ((s[0] == 'R' || s[0] == 'r') && (s[1] == 'p' || s[1] == 'P')) {
        s += 2;
        if (*s == '.') s++;
        while (*s == ' ') s++;
    }
    /* digits, optionally grouped by dots in threes */
    rupiah_t v = 0;
    int ndig = 0, group = -1; /* digits since the last dot; -1 before the first dot */
    const char *p = s;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v > MONEY_MAX / 10) return false;
            v = v * 10 + (*p - '0');
            ndig++;
            if (group >= 0) group++;
        } else if (*p == '.') {
            if (ndig == 0 || (group >= 0 && group != 3) || (group < 0 && ndig > 3)) return false;
            group = 0;
        } else {
            break;
        }
    }
    while (*p == ' ') p++;
    if (*p || ndig == 0 || (group >= 0 && group != 3) || v > MONEY_MAX) return false;
    *out = v;
    return true;
}

const char *premi_kind_label(const char *kind)
{
    if (str_eq(kind, "credit")) return _("Kredit premi");
    if (str_eq(kind, "debit")) return _("Pembelian");
    if (str_eq(kind, "payout")) return _("Pembayaran saat bebas");
    if (str_eq(kind, "transfer_out")) return _("Dibawa pindah");
    if (str_eq(kind, "transfer_in")) return _("Pindahan dari Lapas asal");
    return kind;
}
