/* production.c — field tables of production units, split rules, production runs and
 * their workers, sales and their items, and PNBP deposits; the pure checks on them. */
#include "production.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const field_def_t unit_fields[PUF_COUNT] = {
    [PUF_CODE] = F_TEXT("code", N_("Kode unit"), true, 20),
    [PUF_NAME] = F_TEXT("name", N_("Nama unit produksi"), true, 120),
    [PUF_TRADE] = F_TEXT("trade", N_("Bidang / kejuruan"), false, 120, .def = ""),
    [PUF_SUPERVISOR] = F_TEXT("supervisor", N_("Penanggung jawab"), false, 120, .def = ""),
    [PUF_ACTIVE] = F_BOOL("active", N_("Aktif"), false, .def = "1"),
};
const record_def_t production_unit_def = {"production_unit", "production_unit", unit_fields, PUF_COUNT, NULL,
                                          N_("Unit produksi")};

static const char *const basis_c[] = {"pieces", "hours", NULL};
static const char *const basis_l[] = {N_("Per kepingan (jumlah barang)"), N_("Per jam kerja"), NULL};
static const char *const bucket_c[] = {"capital", "premi", "pnbp", NULL};
static const char *const bucket_l[] = {N_("Modal kerja"), N_("Premi"), N_("PNBP"), NULL};
static const field_def_t split_fields[RSF_COUNT] = {
    [RSF_EFFECTIVE_FROM] = F_DATE("effective_from", N_("Berlaku mulai"), true),
    [RSF_PREMI_BP] = F_FIXED("premi_bp", N_("Premi WBP (%)"), true, MONEY_BP_FULL, 2),
    [RSF_PNBP_BP] = F_FIXED("pnbp_bp", N_("PNBP (%)"), true, MONEY_BP_FULL, 2),
    [RSF_CAPITAL_BP] = F_FIXED("capital_bp", N_("Modal kerja (%)"), true, MONEY_BP_FULL, 2),
    [RSF_SHARE_BASIS] = F_ENUM("share_basis", N_("Dasar pembagian premi"), false, basis_c, basis_l, .def = "pieces"),
    [RSF_REMAINDER_TO] = F_ENUM("remainder_to", N_("Penerima sisa pembulatan"), false, bucket_c, bucket_l,
                                .def = "capital"),
    [RSF_BASIS_NOTE] = F_TEXT("basis_note", N_("Dasar penetapan (SK / keputusan)"), false, 300, .def = ""),
};
const record_def_t revenue_split_def = {"revenue_split", "revenue_split", split_fields, RSF_COUNT, "unit_id",
                                        N_("Aturan pembagian hasil")};

static const field_def_t production_fields[PRF_COUNT] = {
    [PRF_UNIT_ID] = F_ID("unit_id", N_("Unit produksi"), true),
    [PRF_PROD_DATE] = F_DATE("prod_date", N_("Tanggal produksi"), true),
    [PRF_PRODUCT] = F_TEXT("product", N_("Produk"), true, 200),
    [PRF_QTY_MILLI] = F_FIXED("qty_milli", N_("Banyaknya"), true, 0, 3),
    [PRF_QTY_UNIT] = F_TEXT("qty_unit", N_("Satuan"), false, 20, .def = "buah"),
    [PRF_NOTE] = F_TEXT("note", N_("Catatan"), false, 1000, .def = ""),
};
const record_def_t production_def = {"production", "production", production_fields, PRF_COUNT, NULL,
                                     N_("Produksi")};

static const field_def_t worker_fields[PWF_COUNT] = {
    [PWF_WBP_ID] = F_ID("wbp_id", N_("WBP"), true),
    [PWF_PIECES] = F_INT("pieces", N_("Kepingan dikerjakan"), false, 1000000, .def = "0"),
    [PWF_MINUTES] = F_INT("minutes", N_("Lama kerja (menit)"), false, 1000000, .def = "0"),
};
const record_def_t production_worker_def = {"production_worker", "production_worker", worker_fields, PWF_COUNT,
                                            "production_id", N_("Pekerja")};

static const char *const pay_c[] = {"belum", "sebagian", "lunas", NULL};
static const char *const pay_l[] = {N_("Belum dibayar"), N_("Dibayar sebagian"), N_("Lunas"), NULL};
static const field_def_t sale_fields[SAF_COUNT] = {
    [SAF_UNIT_ID] = F_ID("unit_id", N_("Unit produksi"), true),
    [SAF_PRODUCTION_ID] = F_ID("production_id", N_("Produksi (pekerja yang berbagi premi)"), false),
    [SAF_SALE_DATE] = F_DATE("sale_date", N_("Tanggal penjualan"), true),
    [SAF_RECEIPT_NO] = F_TEXT("receipt_no", N_("Nomor kuitansi"), false, 60),
    [SAF_BUYER] = F_TEXT("buyer", N_("Pembeli"), false, 200, .def = ""),
    [SAF_PAYMENT_STATUS] = F_ENUM("payment_status", N_("Status pembayaran"), false, pay_c, pay_l, .def = "belum"),
    [SAF_PAID_AMOUNT] = F_MONEY("paid_amount", N_("Sudah dibayar (Rp)"), false, .def = "0"),
    [SAF_NOTE] = F_TEXT("note", N_("Catatan"), false, 1000, .def = ""),
    [SAF_TOTAL] = F_MONEY("total", N_("Total (Rp)"), false, .def = "0"),
    [SAF_SPLIT_ID] = F_ID("split_id", N_("Aturan pembagian yang dipakai"), false),
    [SAF_PREMI] = F_MONEY("premi", N_("Premi (Rp)"), false),
    [SAF_PNBP] = F_MONEY("pnbp", N_("PNBP (Rp)"), false),
    [SAF_CAPITAL] = F_MONEY("capital", N_("Modal kerja (Rp)"), false),
};
const record_def_t sale_def = {"sale", "sale", sale_fields, SAF_COUNT, NULL, N_("Penjualan")};

static const field_def_t item_fields[SIF_COUNT] = {
    [SIF_PRODUCT] = F_TEXT("product", N_("Barang"), true, 200),
    [SIF_QTY_MILLI] = F_FIXED("qty_milli", N_("Banyaknya"), true, 0, 3),
    [SIF_QTY_UNIT] = F_TEXT("qty_unit", N_("Satuan"), false, 20, .def = "buah"),
    [SIF_UNIT_PRICE] = F_MONEY("unit_price", N_("Harga satuan (Rp)"), true),
    [SIF_AMOUNT] = F_MONEY("amount", N_("Jumlah harga (Rp)"), false, .def = "0"),
};
const record_def_t sale_item_def = {"sale_item", "sale_item", item_fields, SIF_COUNT, "sale_id", N_("Barang terjual")};

static const field_def_t deposit_fields[PDF_COUNT] = {
    [PDF_DEPOSIT_DATE] = F_DATE("deposit_date", N_("Tanggal setor"), true),
    [PDF_AMOUNT] = F_MONEY("amount", N_("Jumlah setoran (Rp)"), true),
    [PDF_NTPN] = F_TEXT("ntpn", N_("NTPN"), true, 16),
    [PDF_BILLING_CODE] = F_TEXT("billing_code", N_("Kode billing"), false, 30, .def = ""),
    [PDF_NOTE] = F_TEXT("note", N_("Catatan"), false, 1000, .def = ""),
};
const record_def_t pnbp_deposit_def = {"pnbp_deposit", "pnbp_deposit", deposit_fields, PDF_COUNT, NULL,
                                       N_("Setoran PNBP")};

static bool num(const char *s, int64_t *out) { return s && parse_i64(s, out); }

bool split_rule_from_values(const char **v, int64_t unit_id, split_rule_t *out)
{
    int64_t p, q, c;
    memset(out, 0, sizeof *out);
    out->unit_id = unit_id;
    if (!v[RSF_EFFECTIVE_FROM] || !date_parse(v[RSF_EFFECTIVE_FROM], &out->effective_from)) return false;
    if (!num(v[RSF_PREMI_BP], &p) || !num(v[RSF_PNBP_BP], &q) || !num(v[RSF_CAPITAL_BP], &c)) return false;
    if (p > MONEY_BP_FULL || q > MONEY_BP_FULL || c > MONEY_BP_FULL) return false;
    out->premi_bp = (int)p, out->pnbp_bp = (int)q, out->capital_bp = (int)c;
    return money_basis_parse(v[RSF_SHARE_BASIS] ? v[RSF_SHARE_BASIS] : "pieces", &out->basis) &&
           money_bucket_parse(v[RSF_REMAINDER_TO] ? v[RSF_REMAINDER_TO] : "capital", &out->remainder);
}

void split_validate(const char **v, field_errs_t *fe)
{
    int64_t p, q, c;
    if (!num(v[RSF_PREMI_BP], &p) || !num(v[RSF_PNBP_BP], &q) || !num(v[RSF_CAPITAL_BP], &c)) return;
    if (p + q + c != MONEY_BP_FULL) {
        char t[40];
        field_err(fe, "capital_bp", _("Premi + PNBP + modal kerja harus 100%%, bukan %s%%"),
                  rec_fixed_text(p + q + c, 2, t, sizeof t));
    }
}

void worker_validate(const char **v, field_errs_t *fe)
{
    int64_t p = 0, m = 0;
    num(v[PWF_PIECES], &p);
    num(v[PWF_MINUTES], &m);
    if (p == 0 && m == 0 && !field_errs_for(fe, "pieces") && !field_errs_for(fe, "minutes"))
        field_err(fe, "pieces", _("Isi kepingan yang dikerjakan atau lama kerja (menit); keduanya nol"));
}

void deposit_validate(const char **v, field_errs_t *fe)
{
    const char *n = v[PDF_NTPN];
    if (n && !field_errs_for(fe, "ntpn")) {
        size_t len = strlen(n);
        bool ok = len == 16;
        for (size_t i = 0; ok && i < len; i++)
            ok = (n[i] >= '0' && n[i] <= '9') || (n[i] >= 'A' && n[i] <= 'Z') || (n[i] >= 'a' && n[i] <= 'z');
        if (!ok) field_err(fe, "ntpn", _("NTPN harus 16 huruf atau angka (seperti tertera pada bukti penerimaan negara)"));
    }
    int64_t a;
    if (num(v[PDF_AMOUNT], &a) && a == 0) field_err(fe, "amount", _("Jumlah setoran harus lebih dari Rp 0"));
}

void sale_validate(const char **v, field_errs_t *fe)
{
    int64_t paid = 0, total = 0;
    num(v[SAF_PAID_AMOUNT], &paid);
    num(v[SAF_TOTAL], &total);
    const char *st = v[SAF_PAYMENT_STATUS] ? v[SAF_PAYMENT_STATUS] : "belum";
    if (field_errs_for(fe, "paid_amount") || field_errs_for(fe, "payment_status")) return;
    if (str_eq(st, "belum") && paid != 0)
        field_err(fe, "paid_amount", _("Penjualan yang belum dibayar tidak boleh mencatat pembayaran"));
    else if (str_eq(st, "sebagian") && (paid <= 0 || paid >= total)) {
        char t[MONEY_FMT_LEN];
        field_err(fe, "paid_amount", _("Pembayaran sebagian harus lebih dari Rp 0 dan kurang dari total %s"),
                  money_format(total, t));
    }
}

char *production_qty_text(int64_t qty_milli, const char *unit, char *out, size_t n)
{
    char q[40];
    rec_fixed_text(qty_milli, 3, q, sizeof q);
    snprintf(out, n, "%s%s%s", q, unit && *unit ? " " : "", unit ? unit : "");
    return out;
}

/* Words for 0 < v < 1000 appended to b (with a leading space when b is not empty). */
static void words3(char *b, size_t n, int v)
{
    static const char *const ones[] = {"",     "satu", "dua",     "tiga",    "empat", "lima",
                                       "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"};
    char t[160] = "";
    int hnd = v / 100, rest = v % 100;
    if (hnd == 1) snprintf(t, sizeof t, "seratus");
    else if (hnd > 1) snprintf(t, sizeof t, "%s ratus", ones[hnd]);
    size_t l = strlen(t);
    if (rest == 0) {
    } else if (rest < 12) snprintf(t + l, sizeof t - l, "%s%s", l ? " " : "", ones[rest]);
    else if (rest < 20) snprintf(t + l, sizeof t - l, "%s%s belas", l ? " " : "", ones[rest - 10]);
    else
        snprintf(t + l, sizeof t - l, "%s%s puluh%s%s", l ? " " : "", ones[rest / 10], rest % 10 ? " " : "",
                 ones[rest % 10]);
    size_t bl = strlen(b);
    snprintf(b + bl, n - bl, "%s%s", bl ? " " : "", t);
}

char *rupiah_terbilang(rupiah_t v, char *out, size_t n)
{
    static const char *const scale[] = {"", "ribu", "juta", "miliar", "triliun", "kuadriliun"};
    out[0] = 0;
    if (v == 0) {
        snprintf(out, n, "nol rupiah");
        return out;
    }
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int groups[7], ng = 0;
    while (u > 0 && ng < 7) groups[ng++] = (int)(u % 1000), u /= 1000;
    if (v < 0) snprintf(out, n, "minus");
    for (int g = ng - 1; g >= 0; g--) {
        if (groups[g] == 0) continue;
        size_t l = strlen(out);
        if (g == 1 && groups[g] == 1) snprintf(out + l, n - l, "%sseribu", l ? " " : "");
        else {
            words3(out, n, groups[g]);
            l = strlen(out);
            if (g > 0 && g < 6) snprintf(out + l, n - l, " %s", scale[g]);
        }
    }
    size_t l = strlen(out);
    snprintf(out + l, n - l, " rupiah");
    return out;
}
