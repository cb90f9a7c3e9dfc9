/* pembinaan_import.c — all-or-nothing, idempotent CSV import of WBP child records. */
#include "pembinaan_import.h"
#include "../core/csv.h"
#include "../core/pembinaan.h"
#include <string.h>
#include <strings.h>

typedef struct {
    long line;
    int64_t site_id, wbp_id;
    const char **v;
} prow_t;


static bool same(const record_def_t *d, const char **x, const char **y)
{
    for (int i = 0; i < d->nfields; i++)
        if (!(str_eq(x[i], y[i]) || (!x[i] && !y[i]))) return false;
    return true;
}

struct write_ctx {
    const record_def_t *d;
    const actor_t *who;
    arena_t *a;
    prow_t *rows;
    long n;
    bool dry;
    wbp_import_result_t *res;
};
static int write_rows(db_t *db, void *vc, err_t *e)
{
    struct write_ctx *c = vc;
    for (long i = 0; i < c->n; i++) {
        rec_t *have;
        int nh;
        if (rec_list_children(db, e, c->a, c->d, 0, c->rows[i].wbp_id, c->d->fields[0].name, &have, &nh) < 0)
            return -1;
        bool dup = false;
        for (int k = 0; k < nh && !dup; k++) dup = same(c->d, have[k].v, c->rows[i].v);
        if (dup) {
            c->res->unchanged++;
            continue;
        }
        if (!c->dry && rec_insert_child(db, e, c->d, c->who, c->rows[i].site_id, c->rows[i].wbp_id, c->rows[i].v) < 0)
            return -1;
        c->res->created++;
    }
    return 0;
}

int pembinaan_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, const record_def_t *d,
                         const char *site_code, const char *data, size_t len, bool dry_run, wbp_import_result_t *res)
{
    memset(res, 0, sizeof *res);
    csv_reader_t *r = csv_open(data, len, NULL);
    csv_record_t rec;
    int rc = csv_next(r, &rec);
    if (rc <= 0) {
        wbp_import_error(a, res, 0, NULL, rc < 0 ? csv_error(r) : "berkas kosong: baris judul tidak ada");
        csv_close(r);
        return err_set(e, 422, "import_invalid", "berkas tidak sah");
    }
    int ncol = rec.n, *map = arena_alloc(a, sizeof(int) * (size_t)ncol), site_col = -1, regno_col = -1;
    const char **hdr = arena_alloc(a, sizeof(char *) * (size_t)ncol);
    for (int j = 0; j < ncol; j++) {
        hdr[j] = arena_strdup(a, rec.f[j]);
        map[j] = rec_field_index(d, hdr[j]);
        if (!strcasecmp(hdr[j], "site")) site_col = j;
        else if (!strcasecmp(hdr[j], "regno")) regno_col = j;
        else if (map[j] < 0) wbp_import_error(a, res, 1, hdr[j], "kolom tidak dikenal");
    }
    if (regno_col < 0) wbp_import_error(a, res, 1, "regno", "kolom regno (nomor registrasi WBP) wajib ada");
    int64_t default_site = 0;
    if (site_code) {
        default_site = site_id_by_code(db, e, site_code);
        if (default_site <= 0 || rec_site_allowed(db, e, uid, default_site) != 1)
            wbp_import_error(a, res, 0, NULL, "lokasi (site) tidak dikenal atau tidak diizinkan");
    }
    long cap = 256, n = 0;
    prow_t *rows = arena_alloc(a, sizeof(prow_t) * (size_t)cap);
    char today[11];
    today_iso(today);
    while (res->nerrors == 0 || res->nerrors < WBP_IMPORT_MAX_ERRORS) {
        rc = csv_next(r, &rec);
        if (rc <= 0) break;
        res->rows++;
        if (n == cap) {
            prow_t *nr = arena_alloc(a, sizeof(prow_t) * (size_t)cap * 2);
            memcpy(nr, rows, sizeof(prow_t) * (size_t)cap);
            rows = nr, cap *= 2;
        }
        prow_t *p = &rows[n];
        p->line = rec.line;
        p->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
        memset(p->v, 0, sizeof(char *) * (size_t)d->nfields);
        field_errs_t fe = {0};
        for (int j = 0; j < ncol && j < rec.n; j++)
            if (map[j] >= 0) rec_set(a, d, p->v, map[j], rec.f[j], &fe);
        rec_finish(d, p->v, &fe);
        if (d == &remisi_def) remisi_validate(p->v, today, &fe);
        else if (d == &discipline_def) {
            discipline_validate(p->v, today, &fe);
            discipline_tick_register_f(p->v); /* berat: always in Register F */
        }
        else sppn_validate(p->v, today, &fe);
        for (int k = 0; k < fe.n; k++) wbp_import_error(a, res, rec.line, fe.e[k].field, fe.e[k].msg);
        p->site_id = default_site;
        if (site_col >= 0 && site_col < rec.n && rec.f[site_col][0]) {
            p->site_id = site_id_by_code(db, e, rec.f[site_col]);
            if (p->site_id <= 0 || rec_site_allowed(db, e, uid, p->site_id) != 1) {
                wbp_import_error(a, res, rec.line, "site", "lokasi tidak dikenal atau tidak diizinkan");
                continue;
            }
        }
        if (p->site_id <= 0) {
            wbp_import_error(a, res, rec.line, "site", "lokasi belum ditentukan (kolom site atau --site)");
            continue;
        }
        const char *regno = regno_col >= 0 && regno_col < rec.n ? rec.f[regno_col] : "";
        p->wbp_id = db_one_int(db, e, "SELECT id FROM wbp WHERE site_id = ? AND regno = ?", "it", p->site_id, regno);
        if (p->wbp_id <= 0) {
            wbp_import_error(a, res, rec.line, "regno", arena_printf(a, "WBP \"%.40s\" tidak ada di lokasi ini", regno));
            continue;
        }
        if (fe.n == 0) n++;
    }
    if (rc < 0) wbp_import_error(a, res, csv_error_line(r), NULL, csv_error(r));
    csv_close(r);
    if (res->nerrors) return err_set(e, 422, "import_invalid", "%ld kesalahan; tidak ada yang disimpan", res->nerrors);
    struct write_ctx c = {d, who, a, rows, n, dry_run, res};
    return db_tx(db, write_rows, &c, e);
}
