/* demo_access.c — the demo's access data (issue 21): its database keeps the known
 * demo password short (password.min_length 8 there; a real installation keeps
 * the 12 of migration 016), and the wali's caseload. Kept apart from demo.c so the
 * two change independently. */
#include "demo.h"
#include "../store/settings.h"

int demo_seed_access(db_t *db, err_t *e, const actor_t *who)
{
    field_errs_t fe = {0};
    setting_new_t in = {"password.min_length", "", "1900-01-01", "8",
                        "Basis data demo: kata sandi contoh bekal123 (instalasi sungguhan: 12)"};
    if (setting_add(db, e, who, 0, &in, &fe) < 0) return -1;
    if (fe.n) return err_set(e, 500, "demo", "demo: password.min_length: %s", fe.e[0].msg);
    return 0;
}
