/* production.h — the production side of DOMAIN.md §5 as records: production units,
 * their revenue split rules (dated), production runs and the inmates who worked on
 * them, sales and their items, and PNBP deposits (setoran) — the field tables behind
 * the pages, API and CSV (migrations/005_production.sql), and the pure checks on
 * their values. The money arithmetic itself is core/money.c.
 *
 * Units in the tables: rupiah are whole integers (FT_MONEY); quantities are
 * thousandths (FT_FIXED, scale 3: "2,5" kg is 2500); split percentages are basis
 * points (FT_FIXED, scale 2: "35,5" % is 3550). Pure: no I/O, no globals. */
#ifndef BEKAL_PRODUCTION_H
#define BEKAL_PRODUCTION_H
#include "money.h"
#include "record.h"

enum production_unit_field { PUF_CODE, PUF_NAME, PUF_TRADE, PUF_SUPERVISOR, PUF_ACTIVE, PUF_COUNT };
/* A revenue split rule of a unit (child of the unit: unit_id). */
enum revenue_split_field {
    RSF_EFFECTIVE_FROM, RSF_PREMI_BP, RSF_PNBP_BP, RSF_CAPITAL_BP, RSF_SHARE_BASIS, RSF_REMAINDER_TO, RSF_BASIS_NOTE,
    RSF_COUNT
};
enum production_field { PRF_UNIT_ID, PRF_PROD_DATE, PRF_PRODUCT, PRF_QTY_MILLI, PRF_QTY_UNIT, PRF_NOTE, PRF_COUNT };
/* An inmate who worked on a production run (child of the run: production_id). */
enum production_worker_field { PWF_WBP_ID, PWF_PIECES, PWF_MINUTES, PWF_COUNT };
/* A sale. The last six are computed (readonly): total from the items, and the split
 * recorded when the sale is settled. */
enum sale_field {
    SAF_UNIT_ID, SAF_PRODUCTION_ID, SAF_SALE_DATE, SAF_RECEIPT_NO, SAF_BUYER, SAF_PAYMENT_STATUS, SAF_PAID_AMOUNT,
    SAF_NOTE, SAF_TOTAL, SAF_SPLIT_ID, SAF_PREMI, SAF_PNBP, SAF_CAPITAL, SAF_COUNT
};
/* An item of a sale (child of the sale: sale_id); amount is computed. */
enum sale_item_field { SIF_PRODUCT, SIF_QTY_MILLI, SIF_QTY_UNIT, SIF_UNIT_PRICE, SIF_AMOUNT, SIF_COUNT };
enum pnbp_deposit_field { PDF_DEPOSIT_DATE, PDF_AMOUNT, PDF_NTPN, PDF_BILLING_CODE, PDF_NOTE, PDF_COUNT };

extern const record_def_t production_unit_def, revenue_split_def, production_def, production_worker_def, sale_def,
    sale_item_def, pnbp_deposit_def;

/* A split rule from its field values (unit_id given). False when a value is missing
 * or malformed (the field table has already reported it). */
bool split_rule_from_values(const char **v, int64_t unit_id, split_rule_t *out);
/* The rule checks on a split's values: the three parts sum to 100%, a date. Field
 * errors into fe. */
void split_validate(const char **v, field_errs_t *fe);
/* A production worker: at least one of pieces and minutes. */
void worker_validate(const char **v, field_errs_t *fe);
/* A PNBP deposit: an NTPN is 16 characters of letters and digits (the state receipt
 * number printed on the bukti penerimaan negara). */
void deposit_validate(const char **v, field_errs_t *fe);
/* A sale on its own: the paid amount fits the payment status and the total
 * ("belum": nothing paid; "lunas": all of it; "sebagian": some, less than the total). */
void sale_validate(const char **v, field_errs_t *fe);

/* "2,5 kg": a quantity in thousandths and its unit, into out. Returns out. */
char *production_qty_text(int64_t qty_milli, const char *unit, char *out, size_t n);

/* An amount in Indonesian words, as receipts write it ("terbilang"):
 * 1250000 -> "satu juta dua ratus lima puluh ribu rupiah". Returns out. */
char *rupiah_terbilang(rupiah_t v, char *out, size_t n);

#endif
