/* exclusion_store.c — the safety-threatened record (see exclusion_store.h). */
#include "exclusion_store.h"
#include "wbp_record.h"
#include "../core/wbp.h"
#include "../util/i18n.h"
#include <string.h>

static const char *const kind_choices[] = {"keselamatan_terancam", NULL};
static const char *const kind_labels[] = {N_("Keselamatan terancam"), NULL};
static const field_def_t exclusion_fields[XF_COUNT] = {
    [XF_KIND] = F_ENUM("kind", N_("Jenis"), true, kind_choices, kind_labels, .def = "keselamatan_terancam"),
    [XF_FROM_DATE] = F_DATE("from_date", N_("Berlaku sejak"), true),
    [XF_UNTIL_DATE] = F_DATE("until_date", N_("Berakhir pada"), false),
    [XF_BASIS] = F_TEXT("basis", N_("Dasar"), true, 300),
    [XF_NOTE] = F_TEXT("note", N_("Catatan"), false, 500),
    [XF_END_REASON] = F_TEXT("end_reason", N_("Alasan berakhir"), false, 300),
};
const record_def_t exclusion_def = {"wbp_exclusion", "wbp_exclusion", exclusion_fields, XF_COUNT, "wbp_id",
                                    N_("Keselamatan terancam")};

int excl_list(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t wbp_id, rec_t **rows, int *n)
{
    return rec_list_children(db, e, a, &exclusion_def, uid, wbp_id, "from_date", rows, n);
}

/* one record in force at a time: checked inside the write transaction */
static int none_open(db_t *db, void *vc, err_t *e)
{
    const rec_t *w = vc;
    int64_t open = db_one_int(db, e, "SELECT count(*) FROM wbp_exclusion WHERE wbp_id = ? AND until_date IS NULL", "i",
                              w->id);
    if (open < 0) return -1;
    if (open)
        return err_set(e, 409, "already_excluded", "%s",
                       _("Keselamatan WBP ini sudah tercatat terancam dan belum berakhir; akhiri dulu catatan itu"));
    return 0;
}

int excl_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *from_date,
                const char *basis, const char *note, date_t today, field_errs_t *fe, int64_t *id)
{
    *id = 0;
    rec_t w;
    if (wbp_rec_load_wbp(db, e, a, uid, wbp_id, &w) < 0) return -1;
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
    return wbp_rec_create(db, e, &exclusion_def, who, &w, v, none_open, &w, id);
}

struct end_ctx {
    const char *until, *reason;
    char today[DATE_ISO_LEN], u[DATE_ISO_LEN];
};
static int end_excl(const rec_t *before, const char **v, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    if (before->v[XF_UNTIL_DATE]) return err_set(e, 409, "not_in_force", "%s", _("Catatan ini sudah berakhir"));
    if (wbp_rec_end_reason(e, c->reason, _("Tuliskan alasan berakhirnya (paling panjang 300 karakter)")) < 0) return -1;
    if (c->until && *c->until) {
        if (!date_normalise(c->until, c->u))
            return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir harus TTTT-BB-HH"));
    } else
        memcpy(c->u, c->today, sizeof c->u);
    if (strcmp(c->u, c->today) > 0)
        return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir tidak boleh sesudah hari ini"));
    if (before->v[XF_FROM_DATE] && strcmp(c->u, before->v[XF_FROM_DATE]) < 0)
        return err_set(e, 422, "invalid_date", "%s", _("Tanggal berakhir tidak boleh sebelum tanggal berlakunya"));
    v[XF_UNTIL_DATE] = c->u;
    v[XF_END_REASON] = c->reason;
    return 0;
}

int excl_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *until_date,
             const char *reason, date_t today, int64_t *wbp_id)
{
    struct end_ctx c = {until_date, reason, "", ""};
    date_format(today, c.today);
    return wbp_rec_end(db, e, a, &exclusion_def, _("Catatan keselamatan terancam tidak ditemukan"), who, uid, id,
                       end_excl, &c, wbp_id);
}
