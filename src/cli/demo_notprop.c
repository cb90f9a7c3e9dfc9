/* demo_notprop.c — demo "tidak diusulkan" marks (issue 24): three inmates of a site
 * who are eligible for asimilasi on the anchor day and have no proposal, marked with
 * different reasons of the rule file in force, ten days before the anchor, through
 * the same checks (np_may_mark) and audited insert as the page; one with a note. */
#include "demo.h"
#include "../store/elig_store.h"
#include "../store/notprop_store.h"
#include <string.h>

struct pick {
    int64_t ids[64];
    int n;
};
static int pick_eligible(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct pick *p = vc;
    if (row->res && row->res->eligible && p->n < (int)ARRAY_LEN(p->ids)) p->ids[p->n++] = row->id;
    return 0;
}

int demo_seed_notprop(db_t *db, err_t *e, const actor_t *who, int64_t site_id, const char *anchor)
{
    static const struct {
        const char *reason, *note;
    } marks[] = {
        {"ditolak_wbp", "WBP memilih menunggu pembebasan bersyarat (contoh)"},
        {"kesehatan", NULL},
        {"sidang_kasus", NULL},
    };
    date_t at, decided;
    if (!date_parse(anchor, &at)) return err_set(e, 500, "demo", "bad anchor %s", anchor);
    decided = date_add_days(at, -10);
    notprop_rules_t rules;
    if (np_rules(decided, &rules, e) < 0) return -1;
    struct pick p = {{0}, 0};
    elig_query_t q = {0, site_id, 0, at, false};
    if (elig_scan(db, e, &q, pick_eligible, &p) < 0) return -1;
    arena_t a;
    arena_init(&a);
    int made = 0, rc = 0;
    /* from the end of the list: the first eligible inmates are the ones the other demo areas use */
    for (int i = p.n - 1; i >= 0 && made < (int)ARRAY_LEN(marks) && rc == 0; i--) {
        const char *why;
        date_t from;
        int may = np_may_mark(db, e, &a, p.ids[i], at, &rules, &why, &from);
        if (may < 0) rc = -1;
        if (may != 1) continue;
        const notprop_reason_t *x = notprop_reason(&rules, marks[made].reason);
        if (!x) {
            rc = err_set(e, 500, "demo", "reason %s is not in the rules", marks[made].reason);
            break;
        }
        char ds[DATE_ISO_LEN], rs[DATE_ISO_LEN];
        date_format(decided, ds);
        date_format(date_add_months(decided, x->review_months), rs);
        const char *v[NPF_COUNT] = {x->code, marks[made].note, ds, rs, NULL, NULL};
        if (rec_insert_child(db, e, &notprop_def, who, site_id, p.ids[i], v) < 0) rc = -1;
        made++;
    }
    arena_release(&a);
    return rc;
}
