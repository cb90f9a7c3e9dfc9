/* check_store.c — data rows against the after-images of their audit entries
 * (check_store.h, core/afterimage.h). */
#include "check_store.h"
#include "audit.h"
#include "records.h"
#include "../core/afterimage.h"
#include "../core/assess.h"
#include "../core/pembinaan.h"
#include "../core/production.h"
#include "../core/program.h"
#include "../core/release.h"
#include "../core/training.h"
#include "../core/wbp.h"
#include <stdlib.h>
#include <string.h>

/* The tables checked. strict: every row must have an entry (every write path of the
 * table writes one: the field-table writers of records.c, the importers, the demo);
 * else a row without any entry is counted as not covered, not a fault. */
static const struct {
    const record_def_t *d;
    bool strict;
} tables[] = {
    {&wbp_def, true},
    {&remisi_def, true},
    {&discipline_def, true},
    {&sppn_def, true},
    {&release_def, true},
    {&followup_def, true},
    {&partner_def, true},
    {&agreement_def, true},
    {&agreement_party_def, true},
    {&agreement_quota_def, true},
    {&agreement_kejuruan_def, true},
    {&kejuruan_def, true},
    {&competency_unit_def, true},
    {&program_def, true},
    {&program_instructor_def, true},
    {&holiday_def, true},
    {&session_def, true},
    {&assessment_def, true},
    {&assessment_trade_def, true},
    {&enrolment_def, true},
    {&usulan_def, true},
    {&production_unit_def, true},
    {&revenue_split_def, true},
    {&production_def, true},
    {&production_worker_def, true},
    {&sale_def, true},
    {&sale_item_def, true},
    {&pnbp_deposit_def, true},
};
#define NT ((int)ARRAY_LEN(tables))

typedef struct {
    json_t *image;
    bool deleted, seen;
} img_t;

typedef struct {
    img_t *v;
    int64_t cap;
} imgs_t;

typedef struct {
    imgs_t t[NT];
    check_rows_t *out;
    int cur;
    int64_t uncovered;
    buf_t what;
} fold_t;

static int table_of(const char *entity)
{
    for (int i = 0; i < NT; i++)
        if (str_eq(entity, tables[i].d->entity)) return i;
    return -1;
}

static img_t *slot(imgs_t *s, int64_t id)
{
    if (id <= 0 || id > 100000000) return NULL;
    if (id >= s->cap) {
        int64_t cap = s->cap ? s->cap : 1024;
        while (cap <= id) cap *= 2;
        s->v = realloc(s->v, sizeof *s->v * (size_t)cap);
        if (!s->v) abort();
        memset(s->v + s->cap, 0, sizeof *s->v * (size_t)(cap - s->cap));
        s->cap = cap;
    }
    return &s->v[id];
}

static int on_entry(void *ctx, const char *action, const char *entity, int64_t entity_id, const char *after)
{
    fold_t *f = ctx;
    int t = table_of(entity);
    if (t < 0) return 0;
    img_t *m = slot(&f->t[t], entity_id);
    if (m) afterimage_fold(&m->image, &m->deleted, action, after);
    return 0;
}

static int on_row(void *ctx, int64_t id, const char *const *v)
{
    fold_t *f = ctx;
    const record_def_t *d = tables[f->cur].d;
    f->out->rows++;
    img_t *m = slot(&f->t[f->cur], id);
    if (m) m->seen = true;
    if (!m || (!m->image && !m->deleted)) {
        if (tables[f->cur].strict) {
            f->out->faults++;
            f->out->bad(f->out->ctx, d->table, id, "tidak ada entri log audit untuk baris ini");
        } else
            f->uncovered++;
        return 0;
    }
    if (m->deleted) {
        f->out->faults++;
        f->out->bad(f->out->ctx, d->table, id, "log audit mencatatnya dihapus, tetapi barisnya ada");
        return 0;
    }
    buf_reset(&f->what);
    for (int i = 0; i < d->nfields; i++) {
        const char *name = d->fields[i].name;
        json_t *want = json_object_get(m->image, name);
        if (!want || !afterimage_field_compared(name)) continue;
        f->out->fields++;
        if (afterimage_value_eq(want, v[i])) continue;
        char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT);
        buf_printf(&f->what, "%s%s (log audit: %s, tabel: %s)", f->what.len ? "; " : "", name, w ? w : "?",
                   v[i] ? v[i] : "NULL");
        free(w);
    }
    if (f->what.len) {
        f->out->faults++;
        f->out->bad(f->out->ctx, d->table, id, f->what.data);
    }
    return 0;
}

int check_rows_against_audit(db_t *db, err_t *e, check_rows_t *out)
{
    fold_t f;
    memset(&f, 0, sizeof f);
    f.out = out;
    buf_init(&f.what);
    int rc = audit_each(db, e, on_entry, &f);
    for (int t = 0; rc == 0 && t < NT; t++) {
        f.cur = t;
        f.uncovered = 0;
        rc = rec_each_row(db, e, tables[t].d, on_row, &f);
        if (rc < 0) break;
        if (f.uncovered && out->uncovered) out->uncovered(out->ctx, tables[t].d->table, f.uncovered);
        for (int64_t id = 1; id < f.t[t].cap; id++) {
            img_t *m = &f.t[t].v[id];
            if (m->image && !m->deleted && !m->seen) {
                out->faults++;
                out->bad(out->ctx, tables[t].d->table, id, "baris ada di log audit tetapi tidak ada di tabel (dihapus di luar Bekal)");
            }
        }
    }
    for (int t = 0; t < NT; t++) {
        for (int64_t id = 0; id < f.t[t].cap; id++) json_decref(f.t[t].v[id].image);
        free(f.t[t].v);
    }
    buf_release(&f.what);
    return rc;
}
