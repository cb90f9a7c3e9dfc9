/* audit.c — the audit log as a readable list of changes (issue 25): who, when (the
 * site's time zone), which record (its kind and name), and each changed field as
 * "field: before → after", where before is what the row's previous entry left;
 * searchable by record, user and date, sortable, paged, a print view and a CSV of
 * the whole filtered list; the raw JSON on each entry's details page. Read-only,
 * scoped to the user's sites. */
#include "../pages.h"
#include "../../core/auditdiff.h"
#include "../../core/csv.h"
#include "../../core/msg.h"
#include "../../store/audit_list.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Kinds of record without a field table, and what officers call them. */
static const struct {
    const char *entity, *label;
} kinds[] = {
    {"user", N_("Akun pengguna")},        {"setting", N_("Pengaturan")},
    {"certificate", N_("Sertifikat")},    {"attendance", N_("Kehadiran")},
    {"site", N_("Lokasi")},               {"premi_ledger", N_("Buku premi")},
    {"premi_policy", N_("Aturan premi")}, {"sync_site", N_("Sinkronisasi lokasi")},
    {"api_token", N_("Token API")},       {"movement", N_("Keluar-masuk peserta")},
    {"phase", N_("Tahap penempatan")},    {"release_readiness", N_("Kesiapan bebas")},
    {"wbp_transfer", N_("Pemindahan WBP")}, {"agreement_document", N_("Berkas PKS")},
    {"usulan_document", N_("Dokumen usulan")}, {"competency_result", N_("Hasil uji kompetensi")},
    {"uji_kompetensi", N_("Uji kompetensi")}, {"training_session", N_("Sesi pelatihan")},
    {"tpp_session", N_("Sidang TPP")},    {"access_log", N_("Log akses")},
    {"wbp_release", N_("Pembebasan")},    {"exclusion", N_("Pengecualian keamanan")},
};
static const struct {
    const char *action, *label;
} actions[] = {
    {"create", N_("Dibuat")},      {"update", N_("Diubah")},          {"delete", N_("Dihapus")},
    {"status", N_("Status diubah")}, {"issue", N_("Diterbitkan")},     {"revoke", N_("Dicabut")},
    {"reprint", N_("Dicetak ulang")}, {"reverse", N_("Dibatalkan (entri pembalik)")},
    {"settle", N_("Dilunasi")},    {"apply", N_("Diterapkan")},       {"transfer", N_("Dipindahkan")},
    {"correct", N_("Dikoreksi")},  {"passwd", N_("Kata sandi diganti")}, {"depart", N_("Berangkat")},
    {"return", N_("Kembali")},     {"reopen", N_("Dibuka kembali")},   {"set", N_("Ditetapkan")},
    {"prune", N_("Dipangkas")},    {"sync", N_("Disinkronkan")},       {"sync_pull", N_("Diterima dari hub")},
};

/* The human name of a record kind. */
static const char *kind_label(const char *entity)
{
    const record_def_t *d = audit_record_def(entity);
    if (d && d->title) return _(d->title);
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
        if (str_eq(kinds[i].entity, entity)) return _(kinds[i].label);
    return entity ? entity : "";
}
static const char *action_label(const char *action)
{
    for (size_t i = 0; i < ARRAY_LEN(actions); i++)
        if (str_eq(actions[i].action, action)) return _(actions[i].label);
    return action ? action : "";
}

/* The label of field `name` of a record kind. */
static const char *field_label(const char *entity, const char *name)
{
    const record_def_t *d = audit_record_def(entity);
    int i = d ? rec_field_index(d, name) : -1;
    if (i >= 0 && d->fields[i].label) return _(d->fields[i].label);
    static const struct {
        const char *name, *label;
    } common[] = {{"name", N_("Nama")},     {"status", N_("Status")},   {"note", N_("Catatan")},
                  {"reason", N_("Alasan")}, {"value", N_("Nilai")},     {"role", N_("Peran")},
                  {"site", N_("Lokasi")},   {"effective_from", N_("Berlaku mulai")}, {"date", N_("Tanggal")},
                  {"full_name", N_("Nama lengkap")}, {"active", N_("Aktif")}, {"wbp_id", N_("WBP")}};
    for (size_t k = 0; k < ARRAY_LEN(common); k++)
        if (str_eq(common[k].name, name)) return _(common[k].label);
    return name;
}

/* A value as shown: "—" for none, Ya/Tidak for true/false. */
static const char *value_label(const char *v)
{
    if (!v || !*v) return "—";
    if (str_eq(v, "true")) return _("Ya");
    if (str_eq(v, "false")) return _("Tidak");
    return v;
}

/* Values by id (an inmate's name, an entry's parsed image), each read at most once
 * a request. Open addressing, cap a power of two; a slot is pending until its value
 * has been read. */
typedef struct {
    int64_t *id;
    const void **val;
    bool *used, *pending;
    int n, cap;
} idmap_t;

static int idmap_slot(const idmap_t *m, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    int i = (int)(h >> 40) & (m->cap - 1);
    while (m->used[i] && m->id[i] != id) i = (i + 1) & (m->cap - 1);
    return i;
}

/* The slot of id, added (pending) when new. */
static int idmap_add(arena_t *a, idmap_t *m, int64_t id)
{
    if ((m->n + 1) * 2 > m->cap) {
        idmap_t g = {0};
        g.cap = m->cap ? m->cap * 2 : 256;
        g.id = arena_alloc(a, sizeof *g.id * (size_t)g.cap);
        g.val = arena_alloc(a, sizeof *g.val * (size_t)g.cap);
        g.used = arena_alloc(a, (size_t)g.cap);
        g.pending = arena_alloc(a, (size_t)g.cap);
        memset(g.used, 0, (size_t)g.cap);
        for (int i = 0; i < m->cap; i++) {
            if (!m->used[i]) continue;
            int k = idmap_slot(&g, m->id[i]);
            g.used[k] = true, g.id[k] = m->id[i], g.val[k] = m->val[i], g.pending[k] = m->pending[i];
        }
        g.n = m->n;
        *m = g;
    }
    int i = idmap_slot(m, id);
    if (!m->used[i]) m->used[i] = true, m->id[i] = id, m->val[i] = NULL, m->pending[i] = true, m->n++;
    return i;
}

/* Inmates' "regno — name" by id: an inmate's records name the inmate in many entries. */
typedef idmap_t names_t;

/* The inmate an image names the record by: its wbp_id when it has none of the name
 * keys below (0: none). *name: the name it has, else NULL. */
static int64_t image_owner(arena_t *a, const json_t *j, const char **name)
{
    static const char *const keys[] = {"name", "full_name", "title", "number", "regno", "code", "cert_no"};
    *name = NULL;
    if (!j) return 0;
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        json_t *v = json_object_get(j, keys[i]);
        if (json_is_string(v) && *json_string_value(v)) {
            *name = arena_strdup(a, json_string_value(v));
            return 0;
        }
    }
    json_t *w = json_object_get(j, "wbp_id");
    if (!json_is_integer(w)) return 0;
    return (int64_t)json_integer_value(w);
}

/* An entry's two images (after, the previous one) parsed once, NULL for none. */
typedef struct {
    json_t *img[2];
} images_t;

/* The after-image of entry id (text), parsed once for the list: an entry's image is
 * also the previous image of the row's next entry. The first caller gets the
 * map's reference, the others one of their own. */
static json_t *image_of(arena_t *a, idmap_t *m, int64_t id, const char *text)
{
    if (!id) return audit_image(text);
    int s = idmap_add(a, m, id);
    if (!m->pending[s]) return json_incref((json_t *)m->val[s]);
    m->pending[s] = false;
    json_t *j = audit_image(text);
    m->val[s] = j;
    return j;
}

/* The images of n entries (all read before any is freed). */
static void images_read(arena_t *a, images_t *im, const audit_item_t *rows, int n)
{
    idmap_t m = {0};
    for (int i = 0; i < n; i++) {
        im[i].img[0] = image_of(a, &m, rows[i].v.id, rows[i].v.after);
        im[i].img[1] = image_of(a, &m, rows[i].prev_id, rows[i].prev);
    }
}
static void images_free(images_t *im)
{
    json_decref(im->img[0]);
    json_decref(im->img[1]);
}

/* Reads in one query the inmates n entries' images may be named by (the ones not read
 * yet). */
static void names_prefetch(req_t *r, names_t *m, const images_t *im, int n)
{
    arena_t a;
    arena_init(&a);
    int64_t *ids = arena_alloc(&a, sizeof *ids * (size_t)(2 * n + 1));
    int k = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2; j++) {
            const char *name;
            int64_t w = image_owner(&a, im[i].img[j], &name);
            if (name) break; /* the image names the record itself */
            if (!w) continue;
            int s = idmap_add(&r->a, m, w);
            if (m->pending[s]) ids[k++] = w, m->pending[s] = false;
        }
    const char **text = arena_alloc(&a, sizeof *text * (size_t)(k + 1));
    err_t e;
    err_clear(&e);
    if (wbp_ref_texts(r->db, &e, &a, ids, k, text) < 0)
        for (int i = 0; i < k; i++) m->pending[idmap_slot(m, ids[i])] = true; /* read one by one below */
    else
        for (int i = 0; i < k; i++) m->val[idmap_slot(m, ids[i])] = text[i] ? arena_strdup(&r->a, text[i]) : NULL;
    arena_release(&a);
}

/* The name of the record an entry is about: the image's name, title, number or
 * code; an inmate's child record names the inmate. Arena a. */
static const char *record_name(req_t *r, arena_t *a, names_t *m, const images_t *im)
{
    for (int k = 0; k < 2; k++) {
        const char *found;
        int64_t w = image_owner(a, im->img[k], &found);
        if (found) return found;
        if (!im->img[k] || !json_is_integer(json_object_get(im->img[k], "wbp_id"))) continue;
        int s = idmap_add(&r->a, m, w);
        if (m->pending[s]) {
            err_t e;
            err_clear(&e);
            m->val[s] = wbp_ref_text(r->db, &e, &r->a, w);
            m->pending[s] = false;
        }
        if (m->val[s]) return m->val[s];
    }
    return NULL;
}

/* The filter of the request (record, user, from, to dates in the user's zone, entity,
 * sort) into f. */
static void filter_from_req(req_t *r, audit_filter_t *f)
{
    memset(f, 0, sizeof *f);
    f->record = req_query(r, "q");
    f->user = req_query(r, "user");
    f->entity = req_query(r, "entity");
    f->entity_id = req_query_int(r, "record_id", 0, 0, 2000000000);
    f->sort = req_query_int(r, "sort", 0, 0, AUDIT_SORT__COUNT - 1);
    int off = web_zone(r, 0);
    const char *bound[2] = {req_query(r, "from"), req_query(r, "to")};
    for (int k = 0; k < 2; k++) {
        date_t d;
        if (!bound[k] || !date_parse(bound[k], &d)) continue;
        /* local midnight of the day (the day after for "to") in UTC */
        int64_t t = ((int64_t)d + k) * 86400 - (int64_t)off * 60;
        date_t day = (date_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
        int secs = (int)(t - (int64_t)day * 86400);
        char iso[DATE_ISO_LEN];
        date_format(day, iso);
        const char *s = arena_printf(&r->a, "%sT%02d:%02d:00Z", iso, secs / 3600, secs / 60 % 60);
        if (k == 0) f->from = s;
        else f->to = s;
    }
}

/* The query string of the filter (for the pager, sorting, print and CSV links),
 * without page and sort. */
static const char *filter_query(req_t *r)
{
    static const char *const keys[] = {"q", "user", "from", "to", "entity", "record_id"};
    buf_t *b = arena_alloc(&r->a, sizeof *b);
    buf_init(b);
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        const char *v = req_query(r, keys[i]);
        if (v && *v) h(b, "&%s=%u", keys[i], v);
    }
    const char *s = arena_strdup(&r->a, b->data ? b->data : "");
    buf_release(b);
    return s;
}

/* A value as written for the reader: a coded explanation (core/msg.h) in the reader's
 * language; a text the program stored in Indonesian translated when it can be; other
 * stored text as it is. *as_stored: true when shown as stored (not translated). */
static const char *value_text(arena_t *a, const char *v, bool *as_stored)
{
    const char *l = value_label(v);
    *as_stored = false;
    if (l != v) return l;
    const char *t = msg_text(a, v);
    /* a coded explanation is written in the reader's language, but may carry parts
     * still stored as Indonesian sentences (the completion verdict's details) */
    *as_stored = msg_is_coded(v) || (t && str_eq(t, v));
    return t ? t : v;
}

/* One value in a change: stored text that was not translated is marked as Indonesian
 * (what a person typed, an older explanation stored as a sentence, or a coded one
 * with such parts). */
static void value_html(req_t *r, buf_t *b, const char *v)
{
    bool stored;
    const char *t = value_text(&r->a, v, &stored);
    h(b, "<span%R>%s</span>", stored ? " lang=\"id\"" : "", t);
}

/* The changes of entry x as a list. */
static void changes_html(req_t *r, buf_t *b, const audit_item_t *x, const images_t *im)
{
    audit_change_t *c;
    int n = audit_diff_json(im->img[1], im->img[0], &c);
    if (!n) h(b, "<span class=\"muted\">%s</span>", x->v.after ? _("tidak ada isian yang berubah") : "—");
    else {
        h(b, "<ul class=\"changes\">");
        for (int i = 0; i < n && i < 12; i++) {
            h(b, "<li><b>%s</b>: ", field_label(x->v.entity, c[i].field));
            value_html(r, b, c[i].before);
            h(b, " → ");
            value_html(r, b, c[i].after);
            h(b, "</li>");
        }
        if (n > 12) h(b, "<li>%s</li>", arena_printf(&r->a, _("dan %d isian lain"), n - 12));
        h(b, "</ul>");
    }
    audit_diff_free(c, n);
}

/* "WBP — Budi Santoso" or "WBP #12". */
static const char *record_label(req_t *r, names_t *m, const audit_item_t *x, const images_t *im)
{
    const char *name = record_name(r, &r->a, m, im);
    return name ? arena_printf(&r->a, "%s — %s", kind_label(x->v.entity), name)
                : arena_printf(&r->a, "%s #%lld", kind_label(x->v.entity), (long long)x->v.entity_id);
}

int page_audit(req_t *r, resp_t *w)
{
    bool print = req_query_int(r, "print", 0, 0, 1) == 1;
    int page = req_query_int(r, "page", 1, 1, 1000000), per = print ? 5000 : 50;
    audit_filter_t f;
    filter_from_req(r, &f);
    err_t e;
    err_clear(&e);
    audit_item_t *rows;
    int nrows;
    if (audit_list(r->db, &e, &r->a, r->user.id, r->user.role, &f, (int64_t)per + 1,
                   print ? 0 : (int64_t)(page - 1) * per, &rows, &nrows) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    const char *fq = filter_query(r);
    page_begin(r, w, _("Log audit"));
    buf_t *b = &w->body;
    char zb[16];
    h(b, "<p>%s</p>",
      arena_printf(&r->a, _("Setiap perubahan data: siapa, kapan (waktu %s), data apa, dan isian yang berubah "
                            "(sebelum → sesudah). Rincian tiap entri memuat data aslinya."),
                   tz_abbr_of(web_zone(r, 0), zb, sizeof zb)));
    if (!print) {
        h(b, "<form class=\"filters\" method=\"get\" action=\"/audit\">"
             "<div><label for=\"q\">%s</label><input id=\"q\" name=\"q\" value=\"%s\"></div>"
             "<div><label for=\"user\">%s</label><input id=\"user\" name=\"user\" value=\"%s\"></div>"
             "<div><label for=\"from\">%s</label><input id=\"from\" name=\"from\" type=\"date\" value=\"%s\"></div>"
             "<div><label for=\"to\">%s</label><input id=\"to\" name=\"to\" type=\"date\" value=\"%s\"></div>"
             "<div><label for=\"sort\">%s</label><select id=\"sort\" name=\"sort\">",
          _("Data (nama, nomor, jenis)"), req_query(r, "q") ? req_query(r, "q") : "", _("Oleh"),
          req_query(r, "user") ? req_query(r, "user") : "", _("Dari tanggal"),
          req_query(r, "from") ? req_query(r, "from") : "", _("Sampai tanggal"),
          req_query(r, "to") ? req_query(r, "to") : "", _("Urutkan"));
        static const char *const sorts[AUDIT_SORT__COUNT] = {N_("Terbaru dulu"), N_("Terlama dulu"), N_("Menurut pengguna"),
                                                             N_("Menurut data")};
        for (int i = 0; i < AUDIT_SORT__COUNT; i++)
            h(b, "<option value=\"%d\"%R>%s</option>", i, f.sort == i ? " selected" : "", _(sorts[i]));
        h(b, "</select></div>");
        if (f.entity && *f.entity) h(b, "<input type=\"hidden\" name=\"entity\" value=\"%s\">", f.entity);
        if (f.entity_id) h(b, "<input type=\"hidden\" name=\"record_id\" value=\"%D\">", f.entity_id);
        h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Terapkan"));
        h(b, "<p class=\"actions\"><a href=\"/audit?print=1&amp;sort=%d%s\">%s</a> "
             "<a href=\"/audit.csv?sort=%d%s\">%s</a></p>",
          f.sort, fq, _("Tampilan cetak (seluruh daftar)"), f.sort, fq, _("Unduh CSV (seluruh daftar)"));
    }
    h(b, "<div class=\"scroll\"><table class=\"audit\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Waktu"), _("Oleh"), _("Data"), _("Perubahan"), _("Rincian"));
    int shown = nrows < per ? nrows : per;
    images_t *im = arena_alloc(&r->a, sizeof *im * (size_t)(shown + 1));
    images_read(&r->a, im, rows, shown);
    names_t names = {0};
    names_prefetch(r, &names, im, shown);
    for (int i = 0; i < shown; i++) {
        const audit_item_t *x = &rows[i];
        h(b, "<tr><td>%s</td><td>%s</td><td>%s<br><span class=\"muted\">%s</span></td><td>",
          fmt_time(r, x->site_id, x->v.at), x->v.user_name, record_label(r, &names, x, &im[i]),
          action_label(x->v.action));
        changes_html(r, b, x, &im[i]);
        images_free(&im[i]);
        h(b, "</td><td><a href=\"/audit/%D\">%s</a></td></tr>", x->v.id,
          arena_printf(&r->a, _("Entri %lld"), (long long)x->v.id));
    }
    if (!nrows) h(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Tidak ada entri."));
    h(b, "</tbody></table></div>");
    bool more = nrows > per;
    if (print && more) h(b, "<p>%s</p>", _("Daftar dipotong pada 5.000 entri; unduh CSV untuk seluruhnya."));
    if (!print) {
        h(b, "<nav class=\"pager\" aria-label=\"%s\">", _("Halaman"));
        if (page > 1)
            h(b, "<a href=\"/audit?page=%d&amp;sort=%d%s\">%s</a>", page - 1, f.sort, fq, _("« Sebelumnya"));
        h(b, "<span>%s</span>", arena_printf(&r->a, _("Halaman %d"), page));
        if (more) h(b, "<a href=\"/audit?page=%d&amp;sort=%d%s\">%s</a>", page + 1, f.sort, fq, _("Berikutnya »"));
        h(b, "</nav>");
    }
    return page_end(r, w);
}

/* GET /audit.csv: the whole filtered list, one line per changed field. */
int page_audit_csv(req_t *r, resp_t *w)
{
    audit_filter_t f;
    filter_from_req(r, &f);
    err_t e;
    err_clear(&e);
    w->ctype = "text/csv; charset=utf-8";
    resp_header(w, "Content-Disposition", "attachment; filename=\"audit.csv\"");
    buf_t *b = &w->body;
    const char *head[] = {_("Entri"), _("Waktu"), _("Oleh"), _("Tindakan"), _("Jenis data"), _("Nomor data"), _("Data"),
                          _("Isian"), _("Sebelum"), _("Sesudah")};
    buf_puts(b, "\xEF\xBB\xBF");
    csv_write_row(b, head, (int)ARRAY_LEN(head), ',');
    const int per = 1000;
    names_t names = {0};
    for (int64_t off = 0;; off += per) {
        audit_item_t *rows;
        int n;
        arena_t a;
        arena_init(&a);
        if (audit_list(r->db, &e, &a, r->user.id, r->user.role, &f, per, off, &rows, &n) < 0) {
            arena_release(&a);
            return web_fail(r, e.status, e.code, "%s", e.msg);
        }
        images_t *im = arena_alloc(&a, sizeof *im * (size_t)(n + 1));
        images_read(&a, im, rows, n);
        names_prefetch(r, &names, im, n);
        for (int i = 0; i < n; i++) {
            const audit_item_t *x = &rows[i];
            audit_change_t *c;
            int nc = audit_diff_json(im[i].img[1], im[i].img[0], &c);
            const char *name = record_name(r, &a, &names, &im[i]);
            bool stored;
            const char *id = arena_printf(&a, "%lld", (long long)x->v.id), *when = fmt_time(r, x->site_id, x->v.at),
                       *rid = arena_printf(&a, "%lld", (long long)x->v.entity_id);
            for (int k = 0; k < (nc ? nc : 1); k++) {
                const char *cells[] = {id, when, x->v.user_name, action_label(x->v.action), kind_label(x->v.entity),
                                       rid, name ? name : "",
                                       nc ? field_label(x->v.entity, c[k].field) : "",
                                       nc && c[k].before ? value_text(&a, c[k].before, &stored) : "",
                                       nc && c[k].after ? value_text(&a, c[k].after, &stored) : ""};
                csv_write_row(b, cells, (int)ARRAY_LEN(cells), ',');
            }
            audit_diff_free(c, nc);
            images_free(&im[i]);
        }
        arena_release(&a);
        if (n < per) break;
    }
    return 0;
}

/* GET /audit/{id}: one entry, its changes and the raw JSON of its after-image and
 * of the row's previous entry. */
int page_audit_show(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    audit_item_t x;
    int rc = audit_get(r->db, &e, &r->a, r->user.id, r->user.role, r->id, &x);
    if (rc < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    if (rc == 0) return web_fail(r, 404, "not_found", "%s", _("Entri tidak ditemukan"));
    images_t im;
    images_read(&r->a, &im, &x, 1);
    names_t names = {0};
    page_begin(r, w, arena_printf(&r->a, _("Entri log audit %lld"), (long long)x.v.id));
    buf_t *b = &w->body;
    h(b, "<dl class=\"kv\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
         "</dl><h2>%s</h2>",
      _("Waktu"), fmt_time(r, x.site_id, x.v.at), _("Oleh"), x.v.user_name, _("Tindakan"), action_label(x.v.action),
      _("Data"), record_label(r, &names, &x, &im), _("Perubahan"));
    changes_html(r, b, &x, &im);
    images_free(&im);
    h(b, "<p><a href=\"/audit?entity=%u&amp;record_id=%D&amp;sort=1\">%s</a></p>", x.v.entity, x.v.entity_id,
      _("Semua perubahan data ini"));
    h(b, "<details><summary>%s</summary><h3>%s</h3><pre class=\"json\">%s</pre>", _("Data asli (JSON)"),
      _("Sesudah perubahan"), x.v.after ? x.v.after : "—");
    if (x.prev_id)
        h(b, "<h3>%s</h3><pre class=\"json\">%s</pre>",
          arena_printf(&r->a, _("Sebelumnya (entri %lld)"), (long long)x.prev_id), x.prev ? x.prev : "—");
    h(b, "</details>");
    return page_end(r, w);
}
