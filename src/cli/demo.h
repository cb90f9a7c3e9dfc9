/* demo.h — the demo dataset behind `bekal init --demo`. */
#ifndef BEKAL_DEMO_H
#define BEKAL_DEMO_H
#include "../store/db.h"

/* Seeds two sites (LPKTP Ketapang, LPPTK Pontianak), one user per role and ~370
 * synthetic inmates, deterministically, in one audited transaction. Does nothing
 * and returns 0 when site LPKTP already exists. Returns 0 or -1 with e set. */
int demo_seed(db_t *db, err_t *e);

/* The demo accounts and their shared password, ready to print. */
extern const char demo_logins[];

#endif
