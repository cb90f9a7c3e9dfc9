/* demo.h — the demo dataset behind `bekal init --demo`. */
#ifndef BEKAL_DEMO_H
#define BEKAL_DEMO_H
#include "../store/audit.h"

/* Seeds two sites (LPKTP Ketapang, LPPTK Pontianak), one user per role and ~370
 * synthetic inmates, deterministically, in one audited transaction. Does nothing
 * and returns 0 when site LPKTP already exists. Returns 0 or -1 with e set. */
int demo_seed(db_t *db, err_t *e);

/* The partners, agreements (the Ketapang PKS of 8 March 2021), trades with units and
 * phase-1 programmes of site_id (demo_programs.c), inside the caller's
 * transaction; anchor is the dataset's "today" (YYYY-MM-DD). 0 or -1. */
int demo_seed_programs(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);

/* The training demo (demo_training.c), inside the caller's transaction: the
 * finished phase-1 programme "Las listrik tahap 1" (holidays, sessions,
 * participants, attendance, results, completion, certificates) and a sewing
 * programme of the second agreement that ended just before `anchor` and waits for
 * its last entries and completion. Runs after the programmes (and any placement)
 * are seeded. 0 or -1. */
int demo_seed_training(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);

/* The demo accounts and their shared password, ready to print. */
extern const char demo_logins[];

#endif
