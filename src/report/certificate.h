/* certificate.h — the training certificate (sertifikat pelatihan) as a one-page
 * A4 landscape PDF (cairo + pango, DejaVu Sans): the prison's and the BLK's
 * names, the number, the participant, the trade and programme, the JP and dates,
 * the competency units, the place and date of issue, the signatories, and a QR
 * code (libqrencode, qr.h) with the public verification URL printed under it. A
 * revoked certificate is printed with "DICABUT" across it and the reason.
 *
 * The input is the JSON the certificate store kept when the certificate was
 * issued (store/cert_store.h: number, site_name, provider_name, holder, program,
 * trade_code, trade_name, start_date, end_date, total_jp, jp_minutes, issued_on,
 * units [{code, title, jp}], signatories [{name, position, organisation}],
 * place), so a reprint is the same document. The text is Indonesian whatever
 * the user's interface language: it is an official document. */
#ifndef BEKAL_REPORT_CERTIFICATE_H
#define BEKAL_REPORT_CERTIFICATE_H
#include "../util/util.h"

typedef struct {
    const char *content;       /* the stored JSON text */
    const char *verify_url;    /* full URL for the QR code */
    bool revoked;
    const char *revoke_reason; /* when revoked */
} cert_pdf_t;

/* Appends the PDF to out. 0 or -1 (e set: 500 on bad content or a cairo error). */
int cert_pdf(const cert_pdf_t *c, buf_t *out, err_t *e);

#endif
