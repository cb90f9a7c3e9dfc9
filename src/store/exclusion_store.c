/* exclusion_store.c — the safety-threatened record (see exclusion_store.h). */
#include "exclusion_store.h"
#include "../core/wbp.h"
#include "../util/i18n.h"
#include <string.h>

static const char *const kind_choices[] = {"keselamatan_terancam", NULL};
static const char *const kind_labels[] = {N_("Keselamatan terancam"), NULL};
static const field_def_t exclusion_fields[XF_COUNT] = {
    [XF_KIND] = {"kind", N_("Jenis"), FT_ENUM, true, 0, kind_choices, kind_labels, "keselamatan_terancam", 0},
    [XF_FROM_DATE] = {"from_date", N_("Berlaku sejak"), FT_DATE, true, 0, NULL, NULL, NULL, 0},
    [XF_UNTIL_DATE] = {"until_date", N_("Berakhir pada"), FT_DATE, false, 0, NULL, NULL, NULL, 0},
    [XF_BASIS] = {"basis", N_("Dasar"), FT_TEXT, true, 300, NULL, NULL, NULL, 0},
    [XF_NOTE] = {"note", N_("Catatan"), FT_TEXT, false, 500, NULL, NULL, NULL, 0},
    [XF_END_REASON] = {"end_reason", N_("Alasan berakhir"), FT_TEXT, false, 300, NULL, NULL, NULL, 0},
};
const record_def_t exclusion_def = {"wbp_exclusion", "wbp_exclusion", exclusion_fields, XF_COUNT, "wbp_id",
                                    N_("Keselamatan terancam")};

int excl_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, rec_t **rows, int *n)
{
    return rec_list_children(db, e, a, &exclusion_def, uid, wbp_id, "from_date", rows, n);
}

struct create_ctx {
    const actor_t *who;
    int64_t wbp_id, site_id, id;
    const char **v;
};
static int do_create(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    /* one record in force at a time: checked inside the write transaction */
    int64_t open = db_one_int(db, e, "SELECT count(*) FROM wbp_exclusion WHERE wbp_id = ? AND until_date IS NULL", "i",
                              c->wbp_id);
    if (open < 0) return -1;
    if (open)
        return err_set(e, 409, "already_excluded", "%s",
                       _("Keselamatan WBP ini sudah tercatat terancam dan belum berakhir; akhiri dulu catatan itu"));
    c->id = rec_insert_child(db, e, &exclusion_def, c->who, c->site_id, c->wbp_id, c->v);
    return c->id < 0 ? -1 : 0;
}

int excl_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *from_date,
                const char *basis, const char *note, date_t today, field_errs_t *fe, int64_t *id)
{
    *id = 0;
    rec_t w;
    int rc = rec_load(db, e, a, &wbp_def, uid, wbp_id, &w);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "%s", _("WBP tidak ditemukan"));
    const char **v = arena_alloc(a, sizeof(char *) * XF_COUNT);
    memset(v, 0, sizeof(char *) * XF_COUNT);
    char t[DATE_ISO_LEN];
    date_format(today, t);
    rec_set(a, &exclusion_def, v, XF_FROM_DATE, from_date && *from_date ? from_date : t, fe);
    rec_set(a, &exclusion_def, v, XF_BASIS, basis, fe);
    rec_set(a, &exclusion_def, v, XF_NOTE, note, fe);
    rec_finish(&exclusion_def, v, fe);
    if (v[XF_FROM_DATE] && strcmp(v[XF_FROM_DATE], t) > 0)
        field_err(fe, "from_date", "%s", _("Tanggal berlaku tidak boleh sesudah hari ini"));
    const char *det = w.v[WF_DETENTION_START];
    if (v[XF_FROM_DATE] && det && strcmp(v[XF_FROM_DATE], det) < 0)
        field_err(fe, "from_date", "%s", _("Tanggal berlaku tidak boleh sebelum tanggal penahanan"));
    if (fe->n) return 0;
    struct create_ctx c = {who, wbp_id, w.site_id, 0, v};
    if (db_tx(db, do_create, &c, e) < 0) return -1;
    *id = c.id;
    return 0;
}

struct end_ctx {
    arena_t *a;
    const actor_t *who;
    int64_t uid, id;
    const char *until, *reason;
    date_t today;
    int64_t wbp_id;
};
static int do_end(db_t *db, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    rec_t before;
    int rc = rec_load(db, e, c->a, &exclusion_def, c->uid, c->id, &before);
    if (rc < 0) return -1;
    if (rc == 0) return err_set(e, 404, "not_found", "%s", _("Catatan keselamatan terancam tidak ditemukan"));
    c->wbp_id = before.parent_id;
    if (before.v[XF_UNTIL_DATE])
        return err_set(e, 409, "not_in_force", "%s", _("Catatan ini sudah berakhir"));
    if (!c->reason || !*c->reason || strlen(c->reason) > 300)
        return err_set(e, 422, "validation", "%s", _("Tuliskan alasan berakhirnya (paling panjang 300 karakter)"));
    char t[DATE_ISO_LEN], u[DATE_ISO_LEN];
    date_format(c->today, t);
    if (c->until && *c->until) {
        if (!date_normalise(c->until, u))
            return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir harus TTTT-BB-HH"));
    } else
        memcpy(u, t, sizeof u);
    if (strcmp(u, t) > 0) return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir tidak boleh sesudah hari ini"));
    if (before.v[XF_FROM_DATE] && strcmp(u, before.v[XF_FROM_DATE]) < 0)
        return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir tidak boleh sebelum tanggal berlakunya"));
    const char *v[XF_COUNT];
    memcpy(v, before.v, sizeof v);
    v[XF_UNTIL_DATE] = u;
    v[XF_END_REASON] = c->reason;
    return rec_update(db, e, &exclusion_def, c->who, &before, v);
}

int excl_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *until_date,
             const char *reason, date_t today, int64_t *wbp_id)
{
    *wbp_id = 0;
    struct end_ctx c = {a, who, uid, id, until_date, reason, today, 0};
    int rc = db_tx(db, do_end, &c, e);
    *wbp_id = c.wbp_id;
    return rc;
}
