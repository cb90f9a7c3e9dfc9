/* cv_store.h — what the CV made from an inmate's training record holds (issue 26,
 * GET /wbp/{id}/cv.pdf): the holder's name, the trades trained in with the competency
 * units passed (a unit's latest result is kompeten), the valid certificates (trade,
 * training provider, dates, JP), the JP attended (sessions marked hadir) and the
 * production work (product, runs, pieces, minutes). Nothing about the prison, the
 * offence or the sentence is read: the CV goes home with the person. */
#ifndef BEKAL_CV_STORE_H
#define BEKAL_CV_STORE_H
#include "records.h"

typedef struct {
    const char *trade, *code, *title;
    const char *assessed_on;
} cv_unit_t;
typedef struct {
    const char *trade, *provider, *start_date, *end_date, *issued_on;
    int64_t total_jp;
} cv_cert_t;
typedef struct {
    const char *trade, *product;
    int64_t runs, pieces, minutes;
} cv_work_t;
typedef struct {
    const char *name;
    cv_unit_t *units;
    int nunits;
    cv_cert_t *certs;
    int ncerts;
    int64_t jp_attended;
    cv_work_t *work;
    int nwork;
} cv_t;

/* The CV of WBP wbp_id (the caller checked it may be seen). Arena-owned. 0 or -1. */
int cv_load(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, cv_t *out);

#endif
