/* demo_access.c — the demo's access data (issue 21): its database keeps the known
 * demo password short (password.min_length 8 there; a real installation keeps
 * the 12 of migration 016), and the wali's caseload. Kept apart from demo.c so the
 * two change independently. */
#include "demo.h"
#include "../core/assess.h"
#include "../store/auth.h"
#include "../store/caseload_store.h"
#include "../store/production_store.h"
#include "../store/settings.h"
#include <stdlib.h>

int demo_seed_access(db_t *db, err_t *e, const actor_t *who)
{
    field_errs_t fe = {0};
    setting_new_t in = {"password.min_length", "", "1900-01-01", "8",
                        "Basis data demo: kata sandi contoh bekal123 (instalasi sungguhan: 12)"};
    if (setting_add(db, e, who, 0, &in, &fe) < 0) return -1;
    if (fe.n) return err_set(e, 500, "demo", "demo: password.min_length: %s", fe.e[0].msg);
    return 0;
}

/* The demo wali's caseload (issue 21): every inmate with a proposal and every
 * fourth inmate in custody at site_id, assigned from the anchor day, so the wali
 * account sees (and may write coaching records for) a caseload, not the prison. */
int demo_seed_caseload(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    auth_user_t wali;
    if (auth_user_by_name(db, e, "wali", &wali) != 1) return err_set(e, 500, "demo", "demo: akun wali tidak ada");
    arena_t a;
    arena_init(&a);
    int rc = -1, n = 0;
    int64_t *ids;
    const char **labels;
    rec_page_t us;
    rec_query_t q = {0};
    q.site_id = site_id, q.per_page = 1000, q.sort = REC_SORT_ID;
    if (prod_wbp_options(db, e, &a, site_id, &n, &ids, &labels) < 0 || rec_list(db, e, &a, &usulan_def, 0, &q, &us) < 0)
        goto out;
    int64_t *pick = arena_alloc(&a, sizeof(int64_t) * (size_t)(n + us.n + 1));
    int np = 0;
    for (int i = 0; i < us.n; i++) pick[np++] = strtoll(us.rows[i].v[USF_WBP_ID], NULL, 10);
    for (int i = 0; i < n; i += 4) pick[np++] = ids[i];
    for (int i = 0; i < np; i++) {
        bool seen = false;
        for (int k = 0; k < i && !seen; k++) seen = pick[k] == pick[i];
        if (seen) continue;
        const char *v[CLF_COUNT] = {0};
        v[CLF_WBP_ID] = arena_printf(&a, "%lld", (long long)pick[i]);
        v[CLF_USER_ID] = arena_printf(&a, "%lld", (long long)wali.id);
        v[CLF_STARTED_ON] = anchor;
        const char *field = NULL, *msg = NULL;
        int ok = caseload_validate(db, e, &a, site_id, 0, NULL, v, anchor, &field, &msg);
        if (ok < 0) goto out;
        if (!ok) {
            err_set(e, 500, "demo", "demo: caseload %s: %s", field, msg);
            goto out;
        }
        if (rec_insert(db, e, &caseload_def, who, site_id, v) < 0) goto out;
    }
    rc = 0;
out:
    arena_release(&a);
    return rc;
}
