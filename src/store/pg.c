/* pg.c — the PostgreSQL driver (libpq). Placeholder until the PostgreSQL work lands:
 * every call fails with a clear message. */
#include "db.h"

static int pg_open(const char *url, db_t **out, err_t *e)
{
    (void)url, (void)out;
    return err_set(e, 500, "db_open", "driver PostgreSQL belum tersedia");
}
const db_driver_t db_postgres_driver = {.kind = DB_POSTGRES, .open = pg_open};
