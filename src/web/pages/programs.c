/* programs.c — partners, cooperation agreements (PKS), the trade catalogue and
 * training programmes described as entities for the generic pages and API
 * (entity.h), with the hooks that carry their rules: quota per phase, validity,
 * trades covered, instructor scoping (the one place it is decided), defaults
 * from settings and referenced records; the agreement's document upload and
 * download; and the "agreements ending soon" list on the home page. */
#include "../pages.h"
#include "../training_common.h"
#include "../../core/program.h"
#include "../../store/program_store.h"
#include "../../store/scope.h"
#include "../../store/settings.h"
#include <stdlib.h>
#include <string.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static int64_t num(const char *s) { return s ? strtoll(s, NULL, 10) : 0; }

/* A setting in force today for a site (0: every site); def when it cannot be read. */
static int64_t setting_today(req_t *r, db_t *db, const char *name, int64_t site_id, int64_t def)
{
    char today[11];
    today_iso(today);
    int64_t v;
    err_t e;
    err_clear(&e);
    if (setting_int(db ? db : r->db, &e, name, site_id, today, &v) < 0) return def;
    return v;
}

/* ---------------------------------------------------------------- partner */

const entity_t partner_entity = {
    .def = &partner_def,
    .slug = "partners",
    .title = N_("Mitra kerja sama"),
    .one = N_("Mitra"),
    .label_field = PAF_NAME,
    .list_cols = L(PAF_NAME, PAF_KIND, PAF_CONTACT_NAME, PAF_CONTACT_PHONE),
    .search = L(PAF_NAME, PAF_ADDRESS, PAF_CONTACT_NAME),
    .sort = L(PAF_NAME, PAF_KIND, PAF_CONTACT_NAME),
    .filters = L(PAF_KIND),
    .default_sort = PAF_NAME,
    .unique_field = PAF_NAME,
};

/* ---------------------------------------------------------------- kejuruan */

static void kejuruan_json(req_t *r, json_t *o, const rec_t *rec)
{
    int64_t jp_min = setting_today(r, NULL, "training.jp_minutes", rec->site_id, 40);
    const char *jp = rec->v[KJF_STANDARD_JP];
    json_object_set_new(o, "standard_minutes", jp ? json_integer(num(jp) * jp_min) : json_null());
    err_t e;
    err_clear(&e);
    int64_t units = prog_units_jp(r->db, &e, rec->id);
    json_object_set_new(o, "units_jp", json_integer(units < 0 ? 0 : units));
}

static void kejuruan_show(req_t *r, resp_t *w, const rec_t *rec)
{
    int64_t jp_min = setting_today(r, NULL, "training.jp_minutes", rec->site_id, 40);
    err_t e;
    err_clear(&e);
    int64_t units = prog_units_jp(r->db, &e, rec->id);
    h(&w->body, "<h2>%s</h2><p>%s <code>training.jp_minutes</code>). %s", _("Jam pelajaran"),
      arena_printf(&r->a, _("1 JP = %lld menit (pengaturan"), (long long)jp_min),
      arena_printf(&r->a, _("Jumlah JP unit kompetensi: %lld JP"), (long long)(units < 0 ? 0 : units)));
    if (rec->v[KJF_STANDARD_JP]) {
        int64_t jp = num(rec->v[KJF_STANDARD_JP]), mins = jp * jp_min;
        h(&w->body, "; %s",
          arena_printf(&r->a, _("JP standar kejuruan: %lld JP = %lld jam %lld menit"), (long long)jp,
                       (long long)(mins / 60), (long long)(mins % 60)));
        if (units != jp) h(&w->body, " <span class=\"error\">%s</span>",
                           _("(jumlah JP unit belum sama dengan JP standar)"));
    }
    h(&w->body, ".</p>");
}

extern const entity_t competency_unit_entity;
const entity_t kejuruan_entity = {
    .def = &kejuruan_def,
    .slug = "kejuruan",
    .title = N_("Kejuruan"),
    .one = NC_("one", "Kejuruan"), /* "Trade", where the list is "Trades" */
    .label_field = KJF_NAME,
    .list_cols = L(KJF_NAME, KJF_CODE, KJF_STANDARD_REF, KJF_STANDARD_JP, KJF_DAYS, KJF_ACTIVE),
    .search = L(KJF_CODE, KJF_NAME, KJF_STANDARD_REF),
    .sort = L(KJF_CODE, KJF_NAME, KJF_STANDARD_JP, KJF_DAYS),
    .filters = L(KJF_ACTIVE),
    .default_sort = KJF_CODE,
    .unique_field = KJF_CODE,
    .children = (const entity_t *const[]){&competency_unit_entity, NULL},
    .json = kejuruan_json,
    .show = kejuruan_show,
};

const entity_t competency_unit_entity = {
    .def = &competency_unit_def,
    .slug = "competency-units",
    .title = N_("Unit kompetensi"),
    .one = N_("Unit kompetensi"),
    .parent = &kejuruan_entity,
    .child_key = "units",
    .label_field = CUF_TITLE,
    .list_cols = L(CUF_SEQ, CUF_CODE, CUF_TITLE, CUF_JP),
    .sort = L(CUF_SEQ),
    .default_sort = CUF_SEQ,
    .unique_field = CUF_SEQ,
};

/* ---------------------------------------------------------------- agreement */

/* Active agreements whose validity ends between today and until (inclusive). */
static void expiring_cond(rec_cond_t *conds, int *n, int cap, const char *today, const char *until)
{
    rec_cond_t *c = rec_cond_add(conds, n, cap, "r.status = 'aktif' AND r.valid_to >= ? AND r.valid_to <= ?");
    rec_cond_text(c, today);
    rec_cond_text(c, until);
}

/* ?status= means the status as it stands today (an active agreement past its end
 * is "berakhir"); ?expiring_days=N lists active agreements ending within N days. */
static int agreement_list_filter(req_t *r, rec_query_t *q)
{
    char today[11];
    today_iso(today);
    for (int k = 0; k < q->neq; k++) {
        if (q->eq[k].field != AGF_STATUS) continue;
        const char *st = arena_strdup(&r->a, q->eq[k].v);
        q->eq[k] = q->eq[--q->neq];
        rec_cond_t *c;
        if (str_eq(st, "aktif")) {
            c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, "r.status = 'aktif' AND r.valid_to >= ?");
            rec_cond_text(c, today);
        } else if (str_eq(st, "berakhir")) {
            c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS,
                             "r.status = 'berakhir' OR (r.status = 'aktif' AND r.valid_to < ?)");
            rec_cond_text(c, today);
        } else {
            c = rec_cond_add(q->cond, &q->ncond, REC_QUERY_CONDS, "r.status = ?");
            rec_cond_text(c, st);
        }
        break;
    }
    const char *ex = req_query(r, "expiring_days");
    if (ex && *ex) {
        int64_t days;
        char until[11];
        if (!parse_i64(ex, &days) || days < 0 || days > 3650 || !date_iso_add_days(today, days, until))
            return web_fail(r, 400, "bad_query", _("expiring_days harus bilangan bulat 0 sampai 3650"));
        expiring_cond(q->cond, &q->ncond, REC_QUERY_CONDS, today, until);
        if (!req_query(r, "sort")) q->sort = AGF_VALID_TO, q->desc = false;
    }
    return 0;
}

static const char *agreement_cell(req_t *r, const rec_t *rec, int field)
{
    (void)r;
    if (field != AGF_STATUS) return NULL;
    char today[11];
    today_iso(today);
    return rec_choice_label(&agreement_def.fields[AGF_STATUS],
                            agreement_effective_status(rec->v[AGF_STATUS], rec->v[AGF_VALID_TO], today));
}

/* Changing the validity must keep every programme of the agreement inside it. */
static int agreement_check(ent_write_t *w, err_t *e)
{
    const char **v = w->v;
    agreement_validate(v, w->fe);
    if (!w->before || w->fe->n) return 0;
    rec_query_t q;
    memset(&q, 0, sizeof q);
    q.eq[q.neq].field = PGF_AGREEMENT_ID;
    q.eq[q.neq++].v = arena_printf(&w->r->a, "%lld", (long long)w->before->id);
    q.sort = PGF_START_DATE;
    q.page = 1;
    q.per_page = 1000;
    rec_page_t pg;
    if (rec_list(w->db, e, &w->r->a, &program_def, 0, &q, &pg) < 0) return -1;
    for (int i = 0; i < pg.n; i++) {
        const char **p = pg.rows[i].v;
        if (str_eq(p[PGF_STATUS], "dibatalkan") ||
            program_inside_validity(p[PGF_START_DATE], p[PGF_END_DATE], v[AGF_VALID_FROM], v[AGF_VALID_TO]))
            continue;
        bool early = v[AGF_VALID_FROM] && strcmp(p[PGF_START_DATE], v[AGF_VALID_FROM]) < 0;
        field_err(w->fe, early ? "valid_from" : "valid_to",
                  "Program \"%s\" (%s s.d. %s) akan berada di luar masa berlaku PKS (%s s.d. %s); ubah dulu jadwal "
                  "programnya",
                  p[PGF_NAME], fmt_date_id(&w->r->a, p[PGF_START_DATE]), fmt_date_id(&w->r->a, p[PGF_END_DATE]),
                  fmt_date_id(&w->r->a, v[AGF_VALID_FROM]), fmt_date_id(&w->r->a, v[AGF_VALID_TO]));
    }
    return 0;
}

static void agreement_json(req_t *r, json_t *o, const rec_t *rec)
{
    char today[11];
    today_iso(today);
    json_object_set_new(o, "effective_status",
                        json_string(agreement_effective_status(rec->v[AGF_STATUS], rec->v[AGF_VALID_TO], today)));
    json_object_set_new(o, "days_left", json_integer(agreement_days_left(rec->v[AGF_VALID_TO], today)));
    agreement_doc_t *docs;
    int n = 0;
    err_t e;
    err_clear(&e);
    json_t *arr = json_array();
    if (agreement_doc_list(r->db, &e, &r->a, rec->id, &docs, &n) == 0)
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s}", "id", (json_int_t)docs[i].id,
                                                 "file_name", docs[i].file_name, "size_bytes",
                                                 (json_int_t)docs[i].size, "sha256", docs[i].sha256, "created_at",
                                                 docs[i].created_at, "created_by", docs[i].created_by));
    json_object_set_new(o, "documents", arr);
}

/* The document section and the programmes by phase on the agreement's page. */
static void agreement_show(req_t *r, resp_t *w, const rec_t *rec)
{
    buf_t *b = &w->body;
    err_t e;
    err_clear(&e);
    /* programmes by phase against the quota */
    h(b, "<h2 id=\"program\">%s</h2>",
      _("Program pelatihan per tahap"));
    rec_page_t quotas; /* by phase (the entity's order) */
    if (ent_children(r, &agreement_quota_entity, rec, &quotas, &e) < 0) quotas.n = 0;
    rec_query_t q;
    memset(&q, 0, sizeof q);
    q.eq[q.neq].field = PGF_AGREEMENT_ID;
    q.eq[q.neq++].v = arena_printf(&r->a, "%lld", (long long)rec->id);
    q.sort = PGF_PHASE;
    q.page = 1;
    q.per_page = 1000;
    ent_scope(r, &program_entity, q.cond, &q.ncond, REC_QUERY_CONDS);
    rec_page_t progs;
    if (rec_list(r->db, &e, &r->a, &program_def, r->user.id, &q, &progs) < 0) progs.n = 0;
    h(b, "<p><a href=\"/agreements/%D/scorecard\">%s</a></p>", rec->id,
      _("Rapor PKS: hasil per tahap dan saran tempat tahap berikutnya"));
    if (quotas.n == 0) h(b, "<p>%s</p>",
                         _("PKS ini belum menetapkan kuota peserta per tahap."));
    bool can_add = ent_can(r, "GET", "/programs/new");
    for (int k = 0; k < quotas.n; k++) {
        int64_t phase = num(quotas.rows[k].v[AQF_PHASE]), used = 0, count = 0;
        for (int i = 0; i < progs.n; i++)
            if (num(progs.rows[i].v[PGF_PHASE]) == phase && !str_eq(progs.rows[i].v[PGF_STATUS], "dibatalkan"))
                used += num(progs.rows[i].v[PGF_CAPACITY_MAX]), count++;
        int64_t qmin = num(quotas.rows[k].v[AQF_QUOTA_MIN]), qmax = num(quotas.rows[k].v[AQF_QUOTA_MAX]);
        h(b, "<h3>%s</h3><p>%s", arena_printf(&r->a, _("Tahap %lld"), (long long)phase),
          arena_printf(&r->a, _("%lld program, kapasitas maksimum %lld orang dari kuota %lld–%lld orang."),
                       (long long)count, (long long)used, (long long)qmin, (long long)qmax));
        if (used < qmin) h(b, " <span class=\"error\">%s</span>",
                           _("Kapasitas belum mencapai kuota minimum."));
        h(b, "</p><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Program"), _("Kejuruan"), _("Mulai"), _("Selesai"), _("Kapasitas"), _("Status"));
        for (int i = 0; i < progs.n; i++) {
            const rec_t *p = &progs.rows[i];
            if (num(p->v[PGF_PHASE]) != phase) continue;
            h(b, "<tr><td><a href=\"/programs/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s–%s</td>"
                 "<td>%s</td></tr>",
              p->id, p->v[PGF_NAME], ent_display(r, &program_entity, p, PGF_KEJURUAN_ID),
              fmt_date_id(&r->a, p->v[PGF_START_DATE]), fmt_date_id(&r->a, p->v[PGF_END_DATE]),
              p->v[PGF_CAPACITY_MIN], p->v[PGF_CAPACITY_MAX], ent_display(r, &program_entity, p, PGF_STATUS));
        }
        h(b, "</tbody></table>");
        if (can_add)
            h(b, "<p><a class=\"button\" href=\"/programs/new?agreement_id=%D&amp;phase=%D\">%s</a></p>", rec->id,
              phase, arena_printf(&r->a, _("Tambah program tahap %lld"), (long long)phase));
    }

    /* the scanned document */
    int64_t max_kib = setting_today(r, NULL, "agreement.document_max_kib", rec->site_id, 10240);
    h(b, "<h2 id=\"dokumen\">%s</h2>",
      _("Dokumen PKS (hasil pindaian)"));
    agreement_doc_t *docs;
    int n = 0;
    if (agreement_doc_list(r->db, &e, &r->a, rec->id, &docs, &n) < 0) n = 0;
    if (n == 0) h(b, "<p>%s</p>",
                  _("Belum ada dokumen yang diunggah."));
    else {
        h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Berkas"), _("Ukuran"), _("SHA-256"), _("Diunggah"), _("Oleh"));
        for (int i = 0; i < n; i++)
            h(b, "<tr><td><a href=\"/agreement-documents/%D\">%s</a>%s</td><td>%D KiB</td><td><code>%s</code></td>"
                 "<td>%s</td><td>%s</td></tr>",
              docs[i].id, docs[i].file_name, i == 0 ? _(" (terbaru)") : "", (docs[i].size + 1023) / 1024,
              arena_strndup(&r->a, docs[i].sha256, 16), fmt_time(r, rec->site_id, docs[i].created_at), docs[i].created_by);
        h(b, "</tbody></table>");
    }
    const char *up = arena_printf(&r->a, "/agreements/%lld/document", (long long)rec->id);
    if (ent_can(r, "POST", up)) {
        h(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">", up);
        h_csrf(r, b);
        h(b, "<div class=\"field\"><label for=\"f-file\">%s</label>"
             "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".pdf,application/pdf\" required></div><p>"
             "<button type=\"submit\">%s</button></p></form>",
          arena_printf(&r->a, _("Unggah PKS yang sudah ditandatangani (PDF, maksimal %lld KiB)"), (long long)max_kib),
          _("Unggah"));
    }
}

extern const entity_t agreement_party_entity, agreement_quota_entity, agreement_kejuruan_entity;
const entity_t agreement_entity = {
    .def = &agreement_def,
    .slug = "agreements",
    .title = N_("Perjanjian kerja sama (PKS)"),
    .one = N_("PKS"),
    .label_field = AGF_TITLE,
    .list_cols = L(AGF_TITLE, AGF_NUMBER_SITE, AGF_PARTNER_ID, AGF_SIGNED_DATE, AGF_VALID_TO, AGF_STATUS),
    .search = L(AGF_TITLE, AGF_NUMBER_SITE, AGF_NUMBER_PARTNER),
    .sort = L(AGF_TITLE, AGF_NUMBER_SITE, AGF_SIGNED_DATE, AGF_VALID_FROM, AGF_VALID_TO, AGF_STATUS),
    .filters = L(AGF_PARTNER_ID, AGF_STATUS),
    .default_sort = AGF_SIGNED_DATE,
    .default_desc = true,
    .unique_field = AGF_NUMBER_SITE,
    .refs = (const ent_ref_t[]){{AGF_PARTNER_ID, &partner_entity, "partner_name"},
                                {AGF_PROVIDER_ID, &partner_entity, "provider_name"},
                                {-1}},
    .children = (const entity_t *const[]){&agreement_party_entity, &agreement_quota_entity,
                                          &agreement_kejuruan_entity, NULL},
    .check = agreement_check,
    .list_filter = agreement_list_filter,
    .show = agreement_show,
    .json = agreement_json,
    .cell = agreement_cell,
};

const entity_t agreement_party_entity = {
    .def = &agreement_party_def,
    .slug = "agreement-parties",
    .title = N_("Penandatangan dan saksi"),
    .one = N_("Penandatangan/saksi"),
    .parent = &agreement_entity,
    .child_key = "parties",
    .label_field = APF_NAME,
    .list_cols = L(APF_ROLE, APF_SIDE, APF_NAME, APF_POSITION, APF_ORGANISATION),
    .default_sort = REC_SORT_ID,
    .unique_field = -1,
};

/* A new quota row takes the next phase; the first phase's 25-30 come from settings. */
static int quota_defaults(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e)
{
    if (!parent) return 0;
    if (!v[AQF_PHASE]) {
        int64_t last = prog_last_phase(db, e, parent->id);
        if (last < 0) return -1;
        v[AQF_PHASE] = arena_printf(&r->a, "%lld", (long long)last + 1);
    }
    if (str_eq(v[AQF_PHASE], "1")) {
        if (!v[AQF_QUOTA_MIN])
            v[AQF_QUOTA_MIN] = arena_printf(&r->a, "%lld", (long long)setting_today(r, db, "agreement.first_phase_quota_min",
                                                                                     parent->site_id, 25));
        if (!v[AQF_QUOTA_MAX])
            v[AQF_QUOTA_MAX] = arena_printf(&r->a, "%lld", (long long)setting_today(r, db, "agreement.first_phase_quota_max",
                                                                                     parent->site_id, 30));
    }
    return 0;
}

static int quota_check(ent_write_t *w, err_t *e)
{
    quota_validate(w->v, w->fe);
    if (w->fe->n || !w->parent) return 0;
    int64_t phase = num(w->v[AQF_PHASE]);
    if (w->before && num(w->before->v[AQF_PHASE]) != phase) {
        int64_t old = num(w->before->v[AQF_PHASE]);
        int64_t n = prog_count_using(w->db, e, w->parent->id, old, true);
        if (n < 0) return -1;
        if (n > 0)
            field_err(w->fe, "phase", _("Tahap %lld masih dipakai %lld program; nomor tahapnya tidak dapat diubah"),
                      (long long)old, (long long)n);
    }
    int64_t used = prog_phase_used(w->db, e, w->parent->id, phase, 0);
    if (used < 0) return -1;
    quota_check_used(phase, num(w->v[AQF_QUOTA_MAX]), used, w->fe);
    return 0;
}

static int quota_check_delete(ent_write_t *w, err_t *e)
{
    int64_t phase = num(w->before->v[AQF_PHASE]);
    int64_t n = prog_count_using(w->db, e, w->before->parent_id, phase, true);
    if (n < 0) return -1;
    if (n > 0)
        field_err(w->fe, "phase", _("Tahap %lld masih dipakai %lld program; kuotanya tidak dapat dihapus"),
                  (long long)phase, (long long)n);
    return 0;
}

const entity_t agreement_quota_entity = {
    .def = &agreement_quota_def,
    .slug = "agreement-quotas",
    .title = N_("Kuota peserta per tahap"),
    .one = N_("Kuota tahap"),
    .parent = &agreement_entity,
    .child_key = "quotas",
    .label_field = AQF_PHASE,
    .list_cols = L(AQF_PHASE, AQF_QUOTA_MIN, AQF_QUOTA_MAX, AQF_NOTE),
    .default_sort = AQF_PHASE,
    .unique_field = AQF_PHASE,
    .defaults = quota_defaults,
    .check = quota_check,
    .check_delete = quota_check_delete,
};

static int trade_check_delete(ent_write_t *w, err_t *e)
{
    int64_t kj = num(w->before->v[AKF_KEJURUAN_ID]);
    int64_t n = prog_count_using(w->db, e, w->before->parent_id, kj, false);
    if (n < 0) return -1;
    if (n > 0)
        field_err(w->fe, "kejuruan_id", _("Kejuruan ini masih dipakai %lld program PKS ini; tidak dapat dihapus dari PKS"),
                  (long long)n);
    return 0;
}

const entity_t agreement_kejuruan_entity = {
    .def = &agreement_kejuruan_def,
    .slug = "agreement-trades",
    .title = N_("Kejuruan yang dicakup PKS"),
    .one = N_("Kejuruan PKS"),
    .parent = &agreement_entity,
    .child_key = "trades",
    .label_field = AKF_KEJURUAN_ID,
    .list_cols = L(AKF_KEJURUAN_ID),
    .default_sort = REC_SORT_ID,
    .unique_field = AKF_KEJURUAN_ID,
    .refs = (const ent_ref_t[]){{AKF_KEJURUAN_ID, &kejuruan_entity, "kejuruan_name"}, {-1}},
    .check_delete = trade_check_delete,
};

/* ---------------------------------------------------------------- programme */

/* Instructor accounts see and edit only the programmes they are listed on. This
 * is the one place that rule lives: every read of a programme (list, CSV, page,
 * API, its instructors) goes through the entity's scope. */
static void program_scope(req_t *r, rec_cond_t *conds, int *n, int cap)
{
    if (!str_eq(r->user.role, "instruktur")) return;
    rec_cond_t *c = rec_cond_add(conds, n, cap, INSTRUCTOR_PROGRAMS("r.id"));
    rec_cond_int(c, r->user.id);
}

/* Empty JP, days and provider are taken from the trade and the agreement. */
static int program_defaults(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e)
{
    (void)parent;
    if (v[PGF_KEJURUAN_ID] && (!v[PGF_TOTAL_JP] || !v[PGF_DAYS])) {
        rec_t kj;
        int rc = rec_load(db, e, &r->a, &kejuruan_def, r->user.id, num(v[PGF_KEJURUAN_ID]), &kj);
        if (rc < 0) return -1;
        if (rc == 1) {
            if (!v[PGF_TOTAL_JP]) v[PGF_TOTAL_JP] = kj.v[KJF_STANDARD_JP];
            if (!v[PGF_DAYS]) v[PGF_DAYS] = kj.v[KJF_DAYS];
        }
    }
    if (v[PGF_AGREEMENT_ID] && !v[PGF_PROVIDER_ID]) {
        rec_t ag;
        int rc = rec_load(db, e, &r->a, &agreement_def, r->user.id, num(v[PGF_AGREEMENT_ID]), &ag);
        if (rc < 0) return -1;
        if (rc == 1) v[PGF_PROVIDER_ID] = ag.v[AGF_PROVIDER_ID];
    }
    return 0;
}

/* The programme rules: its own (dates, capacity, place), the agreement's validity,
 * the trades it covers, and the quota of the phase. */
static int program_check(ent_write_t *w, err_t *e)
{
    const char **v = w->v;
    program_validate(v, w->fe);
    if (!v[PGF_AGREEMENT_ID] || field_errs_for(w->fe, "agreement_id")) return 0;
    int64_t aid = num(v[PGF_AGREEMENT_ID]);
    rec_t ag;
    int rc = rec_load(w->db, e, &w->r->a, &agreement_def, 0, aid, &ag);
    if (rc <= 0) return rc;
    if (str_eq(ag.v[AGF_STATUS], "diakhiri") && (!w->before || num(w->before->v[PGF_AGREEMENT_ID]) != aid))
        field_err(w->fe, "agreement_id", _("PKS \"%s\" sudah diakhiri; program baru tidak dapat dibuat di bawahnya"),
                  ag.v[AGF_TITLE]);
    program_check_validity(v[PGF_START_DATE], v[PGF_END_DATE], ag.v[AGF_VALID_FROM], ag.v[AGF_VALID_TO], w->fe);
    if (v[PGF_KEJURUAN_ID] && !field_errs_for(w->fe, "kejuruan_id")) {
        int cov = prog_agreement_covers(w->db, e, aid, num(v[PGF_KEJURUAN_ID]));
        if (cov < 0) return -1;
        if (cov == 0)
            field_err(w->fe, "kejuruan_id", _("Kejuruan \"%s\" tidak tercakup dalam PKS \"%s\""),
                      ent_ref_label(w->r, ent_ref_for(&program_entity, PGF_KEJURUAN_ID), v[PGF_KEJURUAN_ID]),
                      ag.v[AGF_TITLE]);
    }
    if (!str_eq(v[PGF_STATUS], "dibatalkan") && v[PGF_PHASE] && v[PGF_CAPACITY_MAX]) {
        int64_t phase = num(v[PGF_PHASE]), quota = 0;
        int found = prog_phase_quota(w->db, e, aid, phase, &quota);
        if (found < 0) return -1;
        int64_t used = prog_phase_used(w->db, e, aid, phase, w->before ? w->before->id : 0);
        if (used < 0) return -1;
        program_check_quota(phase, found == 1, quota, used, num(v[PGF_CAPACITY_MAX]), w->fe);
    }
    return 0;
}

static void program_json(req_t *r, json_t *o, const rec_t *rec)
{
    int64_t jp_min = setting_today(r, NULL, "training.jp_minutes", rec->site_id, 40);
    const char *jp = rec->v[PGF_TOTAL_JP];
    json_object_set_new(o, "total_minutes", jp ? json_integer(num(jp) * jp_min) : json_null());
}

static void program_show(req_t *r, resp_t *w, const rec_t *rec)
{
    int64_t jp_min = setting_today(r, NULL, "training.jp_minutes", rec->site_id, 40);
    buf_t *b = &w->body;
    h(b, "<h2>%s</h2><p>",
      _("Jam pelatihan dan kuota"));
    if (rec->v[PGF_TOTAL_JP]) {
        int64_t mins = num(rec->v[PGF_TOTAL_JP]) * jp_min;
        h(b, "%s ", arena_printf(&r->a, _("%s JP × %lld menit = %lld jam %lld menit."), rec->v[PGF_TOTAL_JP],
                                 (long long)jp_min, (long long)(mins / 60), (long long)(mins % 60)));
    }
    err_t e;
    err_clear(&e);
    int64_t quota = 0, aid = num(rec->v[PGF_AGREEMENT_ID]), phase = num(rec->v[PGF_PHASE]);
    int found = prog_phase_quota(r->db, &e, aid, phase, &quota);
    int64_t used = prog_phase_used(r->db, &e, aid, phase, 0);
    if (found == 1 && used >= 0)
        h(b, "%s", arena_printf(&r->a, _("Tahap %lld PKS ini: kapasitas terpakai %lld dari kuota maksimum %lld orang."),
                                (long long)phase, (long long)used, (long long)quota));
    h(b, "</p>");
    web_program_sections(r, w, rec);
}

extern const entity_t program_instructor_entity;
const entity_t program_entity = {
    .def = &program_def,
    .slug = "programs",
    .title = N_("Program pelatihan"),
    .one = N_("Program"),
    .label_field = PGF_NAME,
    .list_cols = L(PGF_NAME, PGF_AGREEMENT_ID, PGF_PHASE, PGF_KEJURUAN_ID, PGF_START_DATE, PGF_END_DATE,
                   PGF_CAPACITY_MAX, PGF_STATUS),
    .search = L(PGF_NAME, PGF_SCHEDULE),
    .sort = L(PGF_NAME, PGF_PHASE, PGF_START_DATE, PGF_END_DATE, PGF_CAPACITY_MAX, PGF_STATUS),
    .filters = L(PGF_AGREEMENT_ID, PGF_PHASE, PGF_KEJURUAN_ID, PGF_PLACE, PGF_STATUS),
    .default_sort = PGF_START_DATE,
    .unique_field = -1,
    .refs = (const ent_ref_t[]){{PGF_AGREEMENT_ID, &agreement_entity, "agreement_title"},
                                {PGF_KEJURUAN_ID, &kejuruan_entity, "kejuruan_name"},
                                {PGF_PROVIDER_ID, &partner_entity, "provider_name"},
                                {-1}},
    .children = (const entity_t *const[]){&program_instructor_entity, NULL},
    .defaults = program_defaults,
    .check = program_check,
    .scope = program_scope,
    .json = program_json,
    .show = program_show,
};

const entity_t program_instructor_entity = {
    .def = &program_instructor_def,
    .slug = "program-instructors",
    .title = N_("Instruktur"),
    .one = N_("Instruktur"),
    .parent = &program_entity,
    .child_key = "instructors",
    .label_field = PIF_USER_ID,
    .list_cols = L(PIF_USER_ID),
    .default_sort = REC_SORT_ID,
    .unique_field = PIF_USER_ID,
    .refs = (const ent_ref_t[]){{PIF_USER_ID, .label_key = "user_name", .user_role = "instruktur"}, {-1}},
};

/* ---------------------------------------------------------------- documents */

/* A file name safe for a Content-Disposition header and a page: letters, digits,
 * ". _ -" and spaces kept, anything else "_", no leading dot or space, at most 100
 * bytes, ".pdf" at the end. */
static const char *safe_file_name(req_t *r, const char *in, int64_t agreement_id)
{
    const char *base = in ? strrchr(in, '/') : NULL;
    base = base ? base + 1 : in;
    if (base) {
        const char *bs = strrchr(base, '\\');
        if (bs) base = bs + 1;
    }
    while (base && (*base == '.' || *base == ' ')) base++; /* no hidden file (".pdf") and no blank stem */
    buf_t b;
    buf_init(&b);
    for (const char *p = base; p && *p && b.len < 96; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-' || c == ' ';
        buf_putc(&b, ok ? c : '_');
    }
    if (b.len == 0 || str_eq(b.data, ".") || str_eq(b.data, ".."))
        buf_printf(&b, "pks-%lld", (long long)agreement_id);
    size_t n = b.len;
    if (n < 4 || strcmp(b.data + n - 4, ".pdf") != 0) buf_puts(&b, ".pdf");
    const char *s = arena_strdup(&r->a, b.data);
    buf_release(&b);
    return s;
}

struct doc_ctx {
    req_t *r;
    const rec_t *ag;
    const char *name, *data;
    size_t len;
    int64_t id;
};
static int do_doc_insert(db_t *db, void *vc, err_t *e)
{
    struct doc_ctx *c = vc;
    c->id = agreement_doc_insert(db, e, &c->r->a, web_actor(c->r), c->ag->site_id, c->ag->id, c->name, c->data,
                                 c->len);
    return c->id < 0 ? -1 : 0;
}

/* Checks an upload (size limit from settings, PDF) and stores it. Returns the new
 * document id, or -1 with r->err (413 too large, 415 not a PDF, 400 empty). */
static int64_t doc_store(req_t *r, const rec_t *ag, const char *name, const char *data, size_t len)
{
    int64_t max_kib = setting_today(r, NULL, "agreement.document_max_kib", ag->site_id, 10240);
    char msg[300];
    int st = pdf_check(data, len, (size_t)max_kib * 1024, msg, sizeof msg);
    if (st) return web_fail(r, st, st == 413 ? "too_large" : st == 415 ? "not_pdf" : "missing_file", "%s", msg);
    struct doc_ctx c = {r, ag, safe_file_name(r, name, ag->id), data, len, 0};
    err_t e;
    err_clear(&e);
    if (db_tx(r->db, do_doc_insert, &c, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return c.id;
}

static int send_doc(req_t *r, resp_t *w, const agreement_doc_t *d)
{
    resp_file(r, w, "application/pdf", false, d->file_name);
    buf_reset(&w->body);
    buf_append(&w->body, d->data, (size_t)d->size);
    return 0;
}

/* The newest document of agreement r->id (visible to the user), or 404. */
static int doc_latest(req_t *r, resp_t *w)
{
    rec_t ag;
    if (ent_load(r, &agreement_entity, r->id, &ag) < 0) return -1;
    agreement_doc_t d;
    err_t e;
    err_clear(&e);
    int rc = agreement_doc_get(r->db, &e, &r->a, 0, ag.id, &d);
    if (rc <= 0) return web_found(r, rc, &e, _("PKS ini belum memiliki dokumen yang diunggah"));
    return send_doc(r, w, &d);
}

int page_agreement_doc_latest(req_t *r, resp_t *w) { return doc_latest(r, w); }
int api_agreement_doc_latest(req_t *r, resp_t *w) { return doc_latest(r, w); }

int page_agreement_doc_get(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    int64_t aid = agreement_doc_owner(r->db, &e, r->id);
    if (aid < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    rec_t ag;
    /* the document is visible exactly when its agreement is */
    if (aid == 0 || ent_load(r, &agreement_entity, aid, &ag) < 0)
        return web_fail(r, 404, "not_found", _("dokumen dengan id %lld tidak ditemukan"), (long long)r->id);
    agreement_doc_t d;
    int rc = agreement_doc_get(r->db, &e, &r->a, r->id, 0, &d);
    if (rc <= 0) return web_found(r, rc, &e, _("dokumen dengan id %lld tidak ditemukan"), (long long)r->id);
    return send_doc(r, w, &d);
}

int page_agreement_doc_upload(req_t *r, resp_t *w)
{
    rec_t ag;
    if (ent_load(r, &agreement_entity, r->id, &ag) < 0) return -1;
    if (!r->file_data) return web_fail(r, 400, "missing_file", _("pilih berkas PDF hasil pindaian PKS"));
    if (doc_store(r, &ag, r->file_name, r->file_data, r->file_len) < 0) return -1;
    resp_redirect(w, arena_printf(&r->a, "/agreements/%lld?saved=1#dokumen", (long long)ag.id));
    return 0;
}

int api_agreement_doc_upload(req_t *r, resp_t *w)
{
    rec_t ag;
    if (ent_load(r, &agreement_entity, r->id, &ag) < 0) return -1;
    const char *ct = req_header(r, "Content-Type");
    if (!ct || strncmp(ct, "application/pdf", 15) != 0 || (ct[15] && ct[15] != ';' && ct[15] != ' '))
        return web_fail(r, 415, "unsupported_media_type", _("Content-Type harus application/pdf (isi permintaan: berkas PDF)"));
    int64_t id = doc_store(r, &ag, req_query(r, "file_name"), r->body.data, r->body.len);
    if (id < 0) return -1;
    agreement_doc_t *docs;
    int n = 0;
    err_t e;
    err_clear(&e);
    if (agreement_doc_list(r->db, &e, &r->a, ag.id, &docs, &n) < 0 || n == 0)
        return web_fail(r, 500, "db_error", _("dokumen tersimpan tetapi tidak dapat dibaca kembali"));
    resp_header(w, "Location", arena_printf(&r->a, "/api/v1/agreements/%lld/document", (long long)ag.id));
    return resp_json(w, 201, json_pack("{s:I,s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)docs[0].id, "agreement_id",
                                       (json_int_t)ag.id, "file_name", docs[0].file_name, "size_bytes",
                                       (json_int_t)docs[0].size, "sha256", docs[0].sha256, "created_at",
                                       docs[0].created_at));
}

/* ---------------------------------------------------------------- home page */

void agreements_expiring_section(req_t *r, resp_t *w)
{
    if (!ent_can(r, "GET", "/agreements")) return;
    int64_t days = setting_today(r, NULL, "agreement.expiring_days", 0, 90);
    char today[11], until[11];
    today_iso(today);
    if (!date_iso_add_days(today, days, until)) return;
    rec_query_t q;
    memset(&q, 0, sizeof q);
    expiring_cond(q.cond, &q.ncond, REC_QUERY_CONDS, today, until);
    q.sort = AGF_VALID_TO;
    q.page = 1;
    q.per_page = 100;
    rec_page_t pg;
    err_t e;
    err_clear(&e);
    buf_t *b = &w->body;
    h(b, "<h2 id=\"pks-berakhir\">%s</h2>", arena_printf(&r->a, _("PKS yang berakhir dalam %lld hari"), (long long)days));
    if (rec_list(r->db, &e, &r->a, &agreement_def, r->user.id, &q, &pg) < 0) {
        h(b, "<p class=\"error\">%s</p>",
          _("Daftar PKS tidak dapat dimuat."));
        return;
    }
    if (pg.n == 0) {
        h(b, "<p>%s</p>", arena_printf(&r->a, _("Tidak ada PKS aktif yang berakhir dalam %lld hari ke depan."), (long long)days));

        return;
    }
    h(b, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("PKS"), _("Mitra"), _("Lokasi"), _("Berlaku sampai"), _("Sisa hari"));
    for (int i = 0; i < pg.n; i++) {
        const rec_t *a = &pg.rows[i];
        h(b, "<tr><td><a href=\"/agreements/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%D</td></tr>", a->id,
          a->v[AGF_TITLE], ent_display(r, &agreement_entity, a, AGF_PARTNER_ID), a->site_code,
          fmt_date_id(&r->a, a->v[AGF_VALID_TO]), agreement_days_left(a->v[AGF_VALID_TO], today));
    }
    h(b, "</tbody></table><p><a href=\"/agreements?expiring_days=%D\">%s</a></p>",
      days, _("Lihat di daftar PKS"));
}
