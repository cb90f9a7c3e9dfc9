/* fuzz_money.c — libFuzzer harness for core/money.c and the report CSV writer.
 * Input layout: the whole input is given to money_parse(); then, read as numbers,
 * bytes 0-1 and 2-3 are two split percentages (basis points mod 10001), byte 4 the
 * remainder bucket and the premi saved share, bytes 5-12 the revenue, and the rest
 * pairs of bytes as worker weights. Invariants: a parsed amount formats and parses
 * back to itself; every split adds up to the revenue with the non-bucket parts exact
 * floors; shares add up to the premi, each within one rupiah of its exact part; a
 * credit adds up, a debit never overdraws; the CSV of a report holding the input as
 * text is valid UTF-8 when the input was, and reads back as the same cell. */
#include "fuzz.h"
#include "core/csv.h"
#include "core/money.h"
#include "report/table.h"

static uint64_t take(const uint8_t *d, size_t n, size_t off, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) v = v << 8 | (off + i < n ? d[off + i] : 0);
    return v;
}

static void check_parse(const char *s)
{
    rupiah_t v;
    if (!money_parse(s, &v)) return;
    FUZZ_CHECK(v >= 0 && v <= MONEY_MAX, "\"%s\" parsed to %lld", s, (long long)v);
    char f[MONEY_FMT_LEN];
    rupiah_t w;
    FUZZ_CHECK(money_parse(money_format(v, f), &w) && w == v, "%lld formats as \"%s\" which does not parse back",
               (long long)v, f);
}

static void check_split(const uint8_t *d, size_t n)
{
    int a = (int)(take(d, n, 0, 2) % 10001), b = (int)(take(d, n, 2, 2) % (uint64_t)(10001 - a));
    split_rule_t r = {1, 0, a, b, 10000 - a - b, SHARE_PIECES, (money_bucket_t)(take(d, n, 4, 1) % 3)};
    rupiah_t rev = (rupiah_t)(take(d, n, 5, 8) % (uint64_t)(MONEY_MAX + 1));
    money_split_t s;
    err_t e;
    FUZZ_CHECK(money_split(rev, &r, &s, &e) == 0, "split of %lld refused: %s", (long long)rev, e.msg);
    FUZZ_CHECK(s.premi + s.pnbp + s.capital == rev, "split of %lld does not add up", (long long)rev);
    const rupiah_t parts[3] = {s.premi, s.pnbp, s.capital};
    const int bps[3] = {r.premi_bp, r.pnbp_bp, r.capital_bp};
    const money_bucket_t which[3] = {BUCKET_PREMI, BUCKET_PNBP, BUCKET_CAPITAL};
    for (int i = 0; i < 3; i++) {
        rupiah_t fl = (rupiah_t)((__int128)rev * bps[i] / 10000);
        if (which[i] == r.remainder) FUZZ_CHECK(parts[i] >= fl && parts[i] <= fl + 2, "bucket %d off", i);
        else FUZZ_CHECK(parts[i] == fl, "part %d is %lld, floor %lld", i, (long long)parts[i], (long long)fl);
    }
    /* shares of the premi among the workers the rest of the input describes */
    size_t nw = n > 13 ? (n - 13) / 2 : 0;
    if (nw > 300) nw = 300;
    money_worker_t *w = xcalloc(nw ? nw : 1, sizeof *w);
    int64_t wsum = 0;
    for (size_t i = 0; i < nw; i++) {
        w[i] = (money_worker_t){(int64_t)(i * 7919 % 301), (int64_t)take(d, n, 13 + 2 * i, 2), 0};
        wsum += w[i].weight;
    }
    int rc = money_share(s.premi, w, nw, &e);
    FUZZ_CHECK(rc == 0 || (s.premi > 0 && wsum == 0), "share refused: %s", e.msg);
    if (rc == 0) {
        rupiah_t sum = 0;
        for (size_t i = 0; i < nw; i++) {
            sum += w[i].share;
            rupiah_t fl = wsum ? (rupiah_t)((__int128)s.premi * w[i].weight / wsum) : 0;
            FUZZ_CHECK(w[i].share == fl || w[i].share == fl + 1, "share %zu is %lld, floor %lld", i,
                       (long long)w[i].share, (long long)fl);
        }
        FUZZ_CHECK(sum == s.premi, "shares add up to %lld, premi %lld", (long long)sum, (long long)s.premi);
    }
    free(w);
    /* ledger: a credit of the premi, then a debit of the revenue */
    premi_balance_t bal = {0, 0};
    premi_move_t mv;
    int saved = (int)(take(d, n, 4, 1) * 40 % 10001);
    if (s.premi > 0) {
        FUZZ_CHECK(premi_credit(&bal, s.premi, saved, &mv, &e) == 0, "credit refused");
        FUZZ_CHECK(mv.spendable_delta + mv.saved_delta == s.premi && mv.spendable_delta >= 0 && mv.saved_delta >= 0,
                   "credit parts");
        bal = mv.after;
    }
    if (rev > 0) {
        rc = premi_debit(&bal, rev, &mv, &e);
        FUZZ_CHECK((rc == 0) == (rev <= bal.spendable), "debit of %lld from %lld", (long long)rev,
                   (long long)bal.spendable);
        if (rc == 0) FUZZ_CHECK(mv.after.spendable >= 0 && mv.after.saved == bal.saved, "debit result");
    }
}

static void check_csv(const char *s, size_t n)
{
    if (strlen(s) != n) return; /* NUL inside: C strings cannot carry it */
    report_t *r = report_new("fuzz");
    static const rep_col_t cols[] = {{"teks", REP_TEXT, false}, {"n", REP_RUPIAH, true}};
    rep_table_t *t = report_add_table(r, "t", cols, 2);
    rep_row(t);
    rep_text(t, s);
    rep_int(t, 1);
    buf_t b;
    buf_init(&b);
    report_csv(r, &b, 0);
    bool valid = utf8_valid_text(s, n);
    if (valid) {
        FUZZ_CHECK(utf8_valid_text(BUF_S(b), b.len), "CSV of valid text is not valid UTF-8");
        csv_opts_t o = {',', 0, 0};
        csv_reader_t *rd = csv_open(BUF_S(b), b.len, &o);
        csv_record_t rec;
        FUZZ_CHECK(csv_next(rd, &rec) == 1 && rec.n == 2, "header");
        int got = csv_next(rd, &rec);
        if (n > 0) { /* an empty first cell plus "1" is still a record */
            FUZZ_CHECK(got == 1 && rec.n == 2, "row did not read back");
            char *cell = xstrdup(rec.f[0]);
            csv_unguard(cell);
            /* the reader drops a lone CR at the end of a line; compare without CRs */
            FUZZ_CHECK(strchr(s, '\r') || strcmp(cell, s) == 0, "cell \"%s\" read back as \"%s\"", s, cell);
            free(cell);
        }
        csv_close(rd);
    }
    buf_release(&b);
    report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *s = fuzz_cstr(data, size);
    check_parse(s);
    check_split(data, size);
    check_csv(s, size);
    free(s);
    return 0;
}
