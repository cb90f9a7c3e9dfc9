/* demo.h — the demo dataset behind `bekal init --demo`. */
#ifndef BEKAL_DEMO_H
#define BEKAL_DEMO_H
#include "../store/audit.h"
#include "../store/demo_store.h"
#include "../store/records.h"

/* Seeds two sites (LPKTP Ketapang, LPPTK Pontianak), one user per role and ~370
 * synthetic inmates, deterministically, in one audited transaction. Does nothing
 * and returns 0 when site LPKTP already exists. Returns 0 or -1 with e set. */
int demo_seed(db_t *db, err_t *e);

/* The partners, agreements (the Ketapang PKS of 8 March 2021), trades with units and
 * phase-1 programmes of site_id (demo_programs.c), inside the caller's
 * transaction; anchor is the dataset's "today" (YYYY-MM-DD). 0 or -1. */
int demo_seed_programs(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);

/* A few releases of site_id's inmates with follow-ups, some overdue, one of them
 * in the month before anchor's and one in anchor's month (demo_release.c), inside
 * the caller's transaction. 0 or -1. */
/* demo_access.c: the demo database's password length (and later the wali's caseload). */
int demo_seed_access(db_t *db, err_t *e, const actor_t *who);
/* The demo wali's caseload at site_id from anchor (demo_access.c), after the proposals. */
int demo_seed_caseload(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);
int demo_seed_releases(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);
/* Production units with their split rules, five months of production runs and
 * sales up to anchor (this month's included) (settled through the same code as the pages, so premi is
 * credited), PNBP deposits, a few purchases with premi, and the sites' letterhead
 * data, for both sites (demo_production.c); inside the caller's transaction. */
int demo_seed_production(db_t *db, err_t *e, const actor_t *who, int64_t ktp, int64_t ptk, const char *anchor);
/* The 2021 cohort, its initial assessment for phase 1 of the Ketapang PKS, the
 * placement applied, a withdrawal with its promotion and proposals at different
 * steps (demo_placement.c), inside the caller's transaction. 0 or -1. */
int demo_seed_placement(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);
/* The training demo (demo_training.c), inside the caller's transaction: the
 * finished phase-1 programme "Las listrik tahap 1" (holidays, sessions,
 * participants, attendance, results, completion, certificates) and a sewing
 * programme of the second agreement that ended just before `anchor` and waits for
 * its last entries and completion. Runs after the programmes (and any placement)
 * are seeded. 0 or -1. */
int demo_seed_training(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);
/* demo_notprop.c: up to three eligible inmates of a site without a proposal marked "tidak diusulkan". */
int demo_seed_notprop(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);
/* demo_datecorr.c: three corrections of computed dates at a site (dates far from the anchor). */
int demo_seed_datecorr(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor);

/* ---- shared by the seeders (demo.c) ---- */
/* splitmix64: the next number of the deterministic stream *s. */
uint64_t demo_rnd(uint64_t *s);
/* Validates raw values through the field table (and an optional cross-field
 * check) and inserts the record (under parent when d has one). Returns the id, or
 * -1 with e set; invalid demo data is a bug in the seeder (500). */
int64_t demo_put(db_t *db, err_t *e, arena_t *a, const actor_t *who, const record_def_t *d, int64_t site_id,
                 int64_t parent, const char *const *raw, void (*check)(const char **, field_errs_t *));
/* v as decimal text (arena-owned). */
const char *demo_int(arena_t *a, int64_t v);

/* The demo accounts and their shared password, ready to print. */
extern const char demo_logins[];

#endif
