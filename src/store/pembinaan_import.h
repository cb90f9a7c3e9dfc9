/* pembinaan_import.h — CSV import of remisi, discipline and SPPN records.
 * Columns: `site` (optional, else the site_code argument), `regno` (the WBP's
 * registration number) and the record's field names (core/pembinaan.c). Every row
 * is validated first; nothing is written unless all rows are valid; a row equal
 * to a record the WBP already has is left alone, so re-importing changes nothing. */
#ifndef BEKAL_PEMBINAAN_IMPORT_H
#define BEKAL_PEMBINAAN_IMPORT_H
#include "wbp_import.h"

/* Same result shape as the WBP import (updated is always 0). */
int pembinaan_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, const record_def_t *d,
                         const char *site_code, const char *data, size_t len, bool dry_run, wbp_import_result_t *res);

#endif
