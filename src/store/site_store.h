/* site_store.h — the sites (a prison, Lapas/Rutan/LPKA) from the command line:
 * `bekal site add` makes the first one on a fresh installation. */
#ifndef BEKAL_SITE_STORE_H
#define BEKAL_SITE_STORE_H
#include "audit.h"
#include "db.h"

typedef struct {
    const char *code, *name, *region, *address, *city;
} site_new_t;

/* Adds a site; checks the code (1-20 of A-Z a-z 0-9 . _ -) and the name; writes the
 * audit log (call inside db_tx). Returns the new id, or -1 with e (409 when the code
 * exists). */
int64_t site_add(db_t *db, err_t *e, const actor_t *who, const site_new_t *s);

/* Calls fn for each site in code order: code, name, region. -1 with e on error. */
int site_each(db_t *db, err_t *e, void (*fn)(const char *code, const char *name, const char *region, void *ctx),
              void *ctx);

/* The address of site_id (NULL when none): 1, 0 no such site, -1. */
int site_address(db_t *db, err_t *e, arena_t *a, int64_t site_id, const char **address);

#endif
