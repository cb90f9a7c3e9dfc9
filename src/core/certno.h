/* certno.h — training-certificate numbers from a configurable format, and the
 * BNSP competency certificate's expiry. Pure: no I/O, no globals, no allocation.
 *
 * The format (rule set key certificate.number_format) is literal text with
 * tokens in braces:
 *   {seq}  {seq:N}      the sequence value, zero-padded to N digits (N 1..9)
 *   {program} {program:N}  the programme id, optionally zero-padded
 *   {year}              the issue year, 4 digits
 *   {month}             the issue month, 2 digits (01..12)
 *   {roman_month}       the issue month in Roman numerals (I..XII)
 *   {site}              the site (prison) code, e.g. KTP
 *   {trade}             the trade code, e.g. LAS
 * Literal characters: letters, digits and / - . _ (the number goes into a
 * verification URL and a QR code, so no spaces or other punctuation).
 * Example: "{seq:04}/PLT/{trade}/{site}/{roman_month}/{year}" ->
 * "0007/PLT/LAS/KTP/III/2025".
 *
 * The sequence is an input: the store keeps one counter per partition and
 * hands out the next value in a transaction (never reusing one). certificate.
 * seq_per says what partitions it ("site", "year", "month", "trade",
 * "program"; [] = one counter for all). A number stays unique only if the
 * format shows every partition: validation refuses seq_per "year" without
 * {year}, "month" without {year} and a month token, and so on.
 * certno_seq_key() gives the partition's key for the store's counter table. */
#ifndef BEKAL_CERTNO_H
#define BEKAL_CERTNO_H
#include "date.h"
#include "../util/util.h"

#define CERTNO_FORMAT_MAX 100 /* format length */
#define CERTNO_MAX 128        /* rendered number length, NUL included */
#define CERTNO_CODE_MAX 20    /* site and trade codes */

typedef enum {
    CERT_TOK_SEQ, CERT_TOK_PROGRAM, CERT_TOK_YEAR, CERT_TOK_MONTH, CERT_TOK_ROMAN_MONTH, CERT_TOK_SITE,
    CERT_TOK_TRADE, CERT_TOK__COUNT
} certno_token_t;

/* Partitions of the sequence (bits for seq_per). */
typedef enum { CERT_PER_SITE, CERT_PER_YEAR, CERT_PER_MONTH, CERT_PER_TRADE, CERT_PER_PROGRAM, CERT_PER__COUNT } certno_per_t;
/* "site", "year", "month", "trade", "program" and back; -1 unknown. */
const char *certno_per_name(certno_per_t p);
int certno_per_parse(const char *s);

typedef struct {
    long seq;           /* >= 1 */
    date_t issued;
    const char *site;   /* 1..20 of A-Z a-z 0-9 - */
    const char *trade;  /* same */
    long program;       /* >= 0 */
} certno_values_t;

/* Checks a format (and that it shows every partition in seq_per, bits of
 * certno_per_t). Clear Indonesian errors naming the position, code
 * "invalid_certno_format". 0 or -1. */
int certno_validate(const char *fmt, unsigned seq_per, err_t *e);
/* The tokens a valid format uses (bits of certno_token_t). */
unsigned certno_tokens(const char *fmt);
/* Renders the number into out (CERTNO_MAX bytes). Validates the format and the
 * values (code "invalid_certno_value"). 0 or -1. */
int certno_render(const char *fmt, const certno_values_t *v, char out[CERTNO_MAX], err_t *e);
/* The counter key of v's partition: "site=KTP;year=2025", "" for one counter. */
void certno_seq_key(unsigned seq_per, const certno_values_t *v, char *out, size_t n);
/* "I".."XII"; "?" outside 1..12. */
const char *certno_roman_month(int month);

/* BNSP competency certificate: valid through issued + years (the same date,
 * 29 February becoming 28 February), inclusive. */
date_t bnsp_expiry(date_t issued, int years);
bool bnsp_valid_on(date_t issued, date_t expiry, date_t d);

#endif
