/* release.c — release and follow-up after release (issue 8, DOMAIN.md 6): the
 * release and follow-up records as entities (entity.h) whose create hook ends the
 * inmate's enrolments, marks the inmate released and pays out the premi
 * (store/release_store.h); the due-for-release list (1-3 months, from the computed
 * dates) and the overdue follow-ups list. (The dashboard: dashboard.c.) */
#include "../pages.h"
#include "../listout.h"
#include "../memo.h"
#include "../../core/release.h"
#include "../../report/htmltab.h"
#include "../../report/sections.h"
#include "../../store/elig_store.h"
#include "../../store/production_store.h"
#include "../../store/release_store.h"
#include "../../store/wbp_store.h"
#include "../../util/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define L(...) ((const int[]){__VA_ARGS__, -1})

static const char *iso_of(req_t *r, date_t d)
{
    if (d == DATE_NONE) return "";
    char s[DATE_ISO_LEN];
    date_format(d, s);
    return arena_strdup(&r->a, s);
}

/* ---------------------------------------------------------------- WBP reference */

static int wbp_options(req_t *r, int64_t site_id, ent_options_t *out)
{
    err_t e;
    err_clear(&e);
    if (release_wbp_options(r->db, &e, &r->a, r->user.id, site_id, &out->n, &out->id, &out->label) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

static const char *wbp_label(req_t *r, int64_t id)
{
    err_t e;
    err_clear(&e);
    const char *s = prod_wbp_label(r->db, &e, &r->a, id);
    return s ? s : "-";
}


/* ---------------------------------------------------------------- release */

/* The release against the sentence (issue 20): a kind that does not fit the dates
 * (bebas murni before the expiry, parole or conditional leave before 2/3) only with a
 * confirmation (confirm=1) and a stated reason (notes). */
static int release_fits(ent_write_t *w, int64_t wbp_id, err_t *e)
{
    date_t rd;
    if (!w->v[RLF_RELEASE_DATE] || !date_parse(w->v[RLF_RELEASE_DATE], &rd)) return 0;
    elig_result_t res;
    date_t detention;
    int rc = elig_one(w->db, e, 0, wbp_id, rd, &res, &detention);
    if (rc <= 0) return rc;
    char dl[DATE_LONG_LEN];
    /* a date before the detention is release_check_custody's refusal (release_check) */
    if (!res.has_dates || (detention != DATE_NONE && rd < detention)) return 0;
    const char *kind = w->v[RLF_KIND];
    date_t need = release_kind_due(kind, &res.dates);
    if (need == DATE_NONE || rd >= need) return 0;
    /* confirm_kind (not confirm, which confirms the review step of issue 22) */
    const char *confirm = req_query(w->r, "confirm_kind");
    if (!confirm || !*confirm) confirm = req_form(w->r, "confirm_kind");
    bool confirmed = confirm && str_eq(confirm, "1");
    bool reason = w->v[RLF_NOTES] && *w->v[RLF_NOTES];
    if (confirmed && reason) return 0;
    date_format_long_ui(need, dl);
    field_err(w->fe, "kind",
              str_eq(kind, "bebas_murni")
                  ? _("Bebas murni sebelum tanggal ekspirasi (%s): konfirmasi (confirm_kind=1) dan tulis alasannya di catatan")
                  : _("Pembebasan bersyarat atau cuti bersyarat sebelum 2/3 masa pidana (%s): konfirmasi (confirm_kind=1) dan "
                      "tulis alasannya di catatan"),
              dl);
    return 0;
}

/* Creating a release: the side effects, in the same transaction as the row. A
 * release dated after today is scheduled (issue 22): the inmate stays in custody
 * and `bekal serve` applies it on its date (release_apply_due). A release date before
 * the detention began is refused. */
static int release_check(ent_write_t *w, err_t *e)
{
    if (w->before) {
        field_err(w->fe, "wbp_id", "%s", _("Pembebasan yang sudah dicatat tidak dapat diubah"));
        return 0;
    }
    if (w->fe->n) return 0;
    int64_t wbp_id = strtoll(w->v[RLF_WBP_ID], NULL, 10), paid = 0;
    if (release_fits(w, wbp_id, e) < 0) return -1;
    if (w->fe->n) return 0;
    int closed = 0;
    w->affected = 0;
    char today[11];
    today_iso(today);
    const char *date = w->v[RLF_RELEASE_DATE];
    bool future = date && strcmp(date, today) > 0;
    if (release_check_custody(w->db, e, w->site_id, wbp_id, date) < 0 ||
        (!future && release_apply(w->db, e, web_actor(w->r), w->site_id, wbp_id, date, &paid, &closed) < 0)) {
        if (e->status != 422) return -1;
        field_err(w->fe, str_eq(e->code, "invalid_date") ? "release_date" : "wbp_id", "%s", e->msg);
        err_clear(e);
        return 0;
    }
    w->affected = closed;
    w->v[RLF_PAYOUT] = arena_printf(&w->r->a, "%lld", (long long)paid);
    w->v[RLF_STATE] = future ? "terjadwal" : "berlaku";
    return 0;
}

/* The review of a new release (issue 22), inside the dry run after its effects:
 * who, the date and kind, whether it takes effect now or is scheduled, the
 * enrolments it ends and the premi it pays out. */
static void release_review(ent_write_t *w, int64_t id, web_review_t *rv)
{
    (void)id;
    req_t *r = w->r;
    bool scheduled = str_eq(w->v[RLF_STATE], "terjadwal");
    rv->title = _("Tinjau pembebasan");
    rv->lead = scheduled ? _("Pembebasan ini dijadwalkan: WBP tetap ditahan sampai tanggalnya; pada tanggal itu "
                             "keikutsertaan pelatihannya diakhiri dan premi dibayarkan.")
                         : _("Pembebasan ini berlaku hari ini: status WBP menjadi bebas, keikutsertaan pelatihannya "
                             "diakhiri dan premi dibayarkan. Kesalahan hanya dapat dikoreksi dengan entri pembalik.");
    int64_t wbp_id = strtoll(w->v[RLF_WBP_ID], NULL, 10);
    review_int(rv, "wbp_id", _("Id WBP"), wbp_id);
    review_text(r, rv, "wbp", _("WBP"), wbp_label(r, wbp_id));
    review_text(r, rv, "release_date", _("Tanggal bebas"), w->v[RLF_RELEASE_DATE]);
    review_text(r, rv, "kind", _("Jenis pembebasan"),
                _(rec_choice_label(&release_def.fields[RLF_KIND], w->v[RLF_KIND])));
    review_text(r, rv, "state", _("Keadaan"), scheduled ? _("terjadwal") : _("berlaku hari ini"));
    review_int(rv, "enrolments_ended", _("Keikutsertaan pelatihan yang diakhiri"), w->affected);
    review_money(rv, "premi_payout", _("Premi yang dibayarkan"), w->v[RLF_PAYOUT] ? strtoll(w->v[RLF_PAYOUT], NULL, 10) : 0);
}

/* The confirmation a kind that does not fit the dates needs (release_fits), as a
 * checkbox on the form once the write was refused for it (no JavaScript needed);
 * ticked again when the form comes back with it ticked. */
static void release_form_extra(req_t *r, buf_t *b, const char **v, const field_errs_t *fe)
{
    (void)v;
    bool ticked = str_eq(req_form(r, "confirm_kind"), "1") || str_eq(req_query(r, "confirm_kind"), "1");
    if (!ticked && !field_errs_for(fe, "kind")) return;
    h(b, "<div class=\"field\"><label><input type=\"checkbox\" id=\"f-confirm\" name=\"confirm_kind\" value=\"1\"%R> %s</label></div>",
      ticked ? " checked" : "",
      _("Konfirmasi jenis pembebasan ini walaupun tidak sesuai tanggal (alasannya ditulis di Catatan)"));
}

/* ---------------------------------------------------------------- reversing a release */

/* POST /releases/{id}/reverse: without confirm=1 the review page (what will be
 * restored, the reason typed, the confirm button); with it the reversal. */
struct release_rev {
    int nen;
    int64_t premi;
};
static int release_reverse_apply(req_t *r, const char *reason, err_t *e)
{
    release_reversal_t o;
    return release_reverse(r->db, e, web_actor(r), r->id, reason, &o);
}
static int release_reverse_read(req_t *r, void *ctx, err_t *shown)
{
    (void)shown;
    struct release_rev *c = ctx;
    err_t e;
    err_clear(&e);
    if (release_reverse_preview(r->db, &e, r->id, &c->nen, &c->premi) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}
static void release_reverse_describe(req_t *r, buf_t *b, const rec_t *rec, const void *ctx)
{
    const struct release_rev *c = ctx;
    h(b, "<p>%s</p><ul>", _("Pembebasan ini akan dibatalkan dengan entri pembalik (catatan lama tetap tersimpan):"));
    h(b, "<li>%s: %s, %s %s</li>", _("WBP"), wbp_label(r, strtoll(rec->v[RLF_WBP_ID], NULL, 10)), _("tanggal bebas"),
      fmt_date_id(&r->a, rec->v[RLF_RELEASE_DATE]));
    h(b, "<li>%s</li>", _("status WBP kembali menjadi ditahan"));
    h(b, "<li>%s: %d</li>", _("keikutsertaan pelatihan yang dipulihkan"), c->nen);
    h(b, "<li>%s: %s</li></ul>", _("premi yang dikembalikan ke buku premi"), fmt_rupiah(&r->a, c->premi));
}
int page_release_reverse(req_t *r, resp_t *w)
{
    struct release_rev c = {0};
    const web_reversal_t rv = {&release_entity, _("Tinjau pembatalan pembebasan"), _("Ya, batalkan pembebasan"), "",
                               release_reverse_apply, release_reverse_read, release_reverse_describe, &c};
    return web_reverse_page(r, w, &rv);
}

/* POST /api/v1/releases/{id}/reverse {reason, confirm}: without "confirm": true
 * only the preview (nothing changes); with it the reversal. */
int api_release_reverse(req_t *r, resp_t *w)
{
    const char *reason;
    bool confirm;
    int rc;
    if (!web_reverse_read(r, w, &release_entity, &reason, &confirm, &rc)) return rc;
    err_t e;
    err_clear(&e);
    if (!confirm) {
        int nen = 0;
        int64_t premi = 0;
        if (release_reverse_preview(r->db, &e, r->id, &nen, &premi) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
        return resp_json(w, 200, json_pack("{s:b, s:I, s:{s:s, s:i, s:I}}", "applied", 0, "release_id", (json_int_t)r->id,
                                           "preview", "wbp_status", "ditahan", "enrolments_restored", nen, "premi_restored",
                                           (json_int_t)premi));
    }
    release_reversal_t o;
    if (release_reverse(r->db, &e, web_actor(r), r->id, reason, &o) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    return resp_json(w, 200, json_pack("{s:b, s:I, s:I, s:I, s:i, s:b}", "applied", 1, "release_id", (json_int_t)r->id,
                                       "reversal_id", (json_int_t)o.id, "premi_restored", (json_int_t)o.premi_restored,
                                       "enrolments_restored", o.enrolments_restored, "was_scheduled", o.was_scheduled));
}

/* The follow-up schedule of release rec, NULL when it cannot be read. */
static const fu_row_t *followups_of(req_t *r, const rec_t *rec)
{
    err_t e;
    err_clear(&e);
    fu_row_t *rows;
    int n;
    if (release_followups(r->db, &e, &r->a, r->user.id, 0, rec->id, today_date(), false, &rows, &n) < 0 || n != 1)
        return NULL;
    return &rows[0];
}

static void release_schedule_json(req_t *r, json_t *o, const rec_t *rec)
{
    const fu_row_t *fu = followups_of(r, rec);
    if (!fu) return;
    json_t *arr = json_array();
    for (int i = 0; i < fu->npoints; i++) {
        const followup_point_t *p = &fu->points[i];
        json_t *x = json_object();
        json_object_set_new(x, "month", json_integer(p->month));
        json_object_set_new(x, "due", json_string(iso_of(r, p->due)));
        json_object_set_new(x, "state", json_string(followup_state_label(p->state)));
        json_object_set_new(x, "done_on", p->done_on == DATE_NONE ? json_null() : json_string(iso_of(r, p->done_on)));
        json_object_set_new(x, "days_overdue", json_integer(p->days_overdue));
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "followup_schedule", arr);
    json_object_set_new(o, "followups_overdue", json_integer(fu->overdue));
}

static void release_show(req_t *r, resp_t *w, const rec_t *rec)
{
    const fu_row_t *fu = followups_of(r, rec);
    if (!fu) return;
    buf_t *b = &w->body;
    const char *state = rec->v[RLF_STATE] ? rec->v[RLF_STATE] : "berlaku";
    if (str_eq(state, "terjadwal"))
        h(b, "<p class=\"notice\">%s %s.</p>", _("Pembebasan ini terjadwal: WBP tetap ditahan sampai"),
          fmt_date_id(&r->a, rec->v[RLF_RELEASE_DATE]));
    else if (str_eq(state, "dibatalkan"))
        h(b, "<p class=\"notice\">%s</p>", _("Pembebasan ini sudah dibatalkan dengan entri pembalik (lihat log audit)."));
    const char *act = arena_printf(&r->a, "/releases/%lld/reverse", (long long)rec->id);
    if (!str_eq(state, "dibatalkan") && ent_can(r, "POST", act)) {
        h(b, "<h2>%s</h2><p>%s</p><form method=\"post\" action=\"%s\">", _("Koreksi pembebasan"),
          _("Pembebasan yang salah catat dapat dibatalkan dengan entri pembalik dan alasan; Anda akan melihat apa yang "
            "berubah sebelum mengonfirmasi."),
          act);
        h_csrf(r, b);
        h(b, "<label for=\"reason\">%s</label><textarea id=\"reason\" name=\"reason\" required></textarea>"
             "<button type=\"submit\">%s</button></form>",
          _("Alasan pembatalan"), _("Tinjau pembatalan"));
    }
    if (str_eq(state, "dibatalkan")) return;
    h(b, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>",
      _("Jadwal tindak lanjut"), _("Bulan ke-"), _("Jatuh tempo"), _("Keadaan"), _("Kontak"));
    for (int i = 0; i < fu->npoints; i++) {
        const followup_point_t *p = &fu->points[i];
        h(b, "<tr%R><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>",
          p->state == FU_OVERDUE ? " class=\"error\"" : "", p->month, fmt_date_id(&r->a, iso_of(r, p->due)),
          _(followup_state_label(p->state)),
          p->done_on == DATE_NONE ? "-" : fmt_date_id(&r->a, iso_of(r, p->done_on)));
    }
    h(b, "</tbody></table>");
}

/* Follow-ups: who defaults to the user's side. */
static int followup_defaults(req_t *r, db_t *db, const rec_t *parent, const char **v, err_t *e)
{
    (void)db, (void)parent, (void)e;
    if (!v[FUF_WHO]) v[FUF_WHO] = str_eq(r->user.role, "bapas") ? "bapas" : "staf";
    return 0;
}

/* A contact is on or after the release and not in the future. */
static int followup_check(ent_write_t *w, err_t *e)
{
    (void)e;
    const char *d = w->v[FUF_CONTACT_DATE];
    if (!d || !w->parent) return 0;
    char today[11];
    today_iso(today);
    if (strcmp(d, w->parent->v[RLF_RELEASE_DATE]) < 0)
        field_err(w->fe, "contact_date", "%s", _("Tanggal kontak tidak boleh sebelum tanggal bebas"));
    else if (strcmp(d, today) > 0)
        field_err(w->fe, "contact_date", "%s", _("Tanggal kontak tidak boleh di masa depan"));
    return 0;
}

extern const entity_t followup_entity;
const entity_t release_entity = {
    .def = &release_def,
    .slug = "releases",
    .title = N_("Pembebasan WBP"),
    .one = N_("Pembebasan"),
    .label_field = RLF_WBP_ID,
    .list_cols = L(RLF_WBP_ID, RLF_KIND, RLF_RELEASE_DATE, RLF_DISTRICT, RLF_PAYOUT, RLF_STATE),
    .readonly = L(RLF_STATE),
    .search = L(RLF_WBP_ID), /* the inmate's name or registration number (wbp_owned_filter) */
    .sort = L(RLF_WBP_ID, RLF_RELEASE_DATE, RLF_KIND, RLF_DISTRICT, RLF_PAYOUT, RLF_STATE),
    .filters = L(RLF_KIND, RLF_WBP_ID, RLF_STATE),
    .default_sort = RLF_RELEASE_DATE,
    .default_desc = true,
    .unique_field = RLF_WBP_ID,
    /* any inmate of the site may be named; release_apply() then insists on custody */
    .refs = (const ent_ref_t[]){{RLF_WBP_ID, NULL, "wbp_name", wbp_options, prod_wbp_label, prod_wbp_at_site}, {-1}},
    .children = (const entity_t *const[]){&followup_entity, NULL},
    .list_filter = wbp_owned_filter,
    .check = release_check,
    .show = release_show,
    .json = release_schedule_json,
    .form_extra = release_form_extra,
    .review = release_review,
    .review_button = N_("Ya, catat pembebasan"),
};

const entity_t followup_entity = {
    .def = &followup_def,
    .slug = "followups",
    .title = N_("Tindak lanjut setelah bebas"),
    .one = N_("Tindak lanjut"),
    .parent = &release_entity,
    .child_key = "followups",
    .label_field = FUF_CONTACT_DATE,
    .list_cols = L(FUF_CONTACT_DATE, FUF_WHO, FUF_METHOD, FUF_STATUS, FUF_EMPLOYER),
    .sort = L(FUF_CONTACT_DATE),
    .default_sort = FUF_CONTACT_DATE,
    .unique_field = -1,
    .defaults = followup_defaults,
    .check = followup_check,
};

/* ---------------------------------------------------------------- due for release */

/* The id of site code among the user's sites; -1 (matches no row) when it is not
 * one of them, so a list for another site is simply empty. */
static int64_t visible_site(req_t *r, const char *code)
{
    err_t e;
    err_clear(&e);
    site_list_t sites;
    if (site_list_for(r->db, &e, &r->a, r->user.id, &sites) < 0) return -1;
    for (int i = 0; i < sites.n; i++)
        if (str_eq(sites.code[i], code)) return sites.id[i];
    return -1;
}

/* ?months=1|2|3 (default 3) and ?site=CODE. -1 with r->err on bad input. */
static int due_params(req_t *r, int *months, int64_t *site_id)
{
    const char *m = req_query(r, "months");
    int64_t v = 3;
    if (m && *m && (!parse_i64(m, &v) || v < 1 || v > 3))
        return web_fail(r, 400, "bad_query", "%s", _("months harus 1, 2 atau 3"));
    *months = (int)v;
    *site_id = 0;
    const char *s = req_query(r, "site");
    if (s && *s) *site_id = visible_site(r, s);
    return 0;
}

/* The list's sort keys (web_list_params' whitelist), in column order. */
enum { DS_SITE, DS_REGNO, DS_NAME, DS_DATE, DS_TWO_THIRDS, DS_TRAINING, DS__COUNT };
static const char *const due_sort_keys[DS__COUNT] = {"site", "regno", "name", "release_date", "two_thirds", "training"};

/* Whether hay holds needle, ASCII letters compared without case (names and numbers). */
static bool has_text(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay ? hay : "";; p++) {
        if (!strncasecmp(p, needle, n)) return true;
        if (!*p) return false;
    }
}

/* The sort key of the current request's qsort (one per thread: requests run in parallel). */
static _Thread_local int due_key;
static int due_cmp(const void *x, const void *y)
{
    const due_row_t *a = x, *b = y;
    int key = due_key, c = 0;
    switch (key) {
    case DS_SITE: c = strcmp(a->site_code, b->site_code); break;
    case DS_REGNO: c = strcmp(a->regno, b->regno); break;
    case DS_NAME: c = strcasecmp(a->name, b->name); break;
    case DS_TWO_THIRDS: c = (a->two_thirds > b->two_thirds) - (a->two_thirds < b->two_thirds); break;
    case DS_TRAINING: c = strcmp(a->training, b->training); break;
    default: break;
    }
    if (!c) c = (a->expiry > b->expiry) - (a->expiry < b->expiry);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The due list of the request: ?months, ?site, then ?q (name or registration number)
 * and ?sort/?dir over the computed rows (the release dates are computed, not stored,
 * so the search and the order are applied here; the list holds at most three months'
 * releases). 0, or -1 with r->err. */
typedef struct {
    int months;
    date_t today;
    web_list_t lp;
    due_row_t *rows;
    int n;
} due_list_t;

static int due_load(req_t *r, due_list_t *d)
{
    int64_t site_id = 0;
    if (due_params(r, &d->months, &site_id) < 0 ||
        web_list_params(r, due_sort_keys, DS__COUNT, DS_DATE, false, &d->lp) < 0)
        return -1;
    err_t e;
    err_clear(&e);
    d->today = today_date();
    if (release_due_list(r->db, &e, &r->a, r->user.id, site_id, d->today, d->months, &d->rows, &d->n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    int keep = 0;
    for (int i = 0; i < d->n; i++)
        if (!d->lp.q || has_text(d->rows[i].name, d->lp.q) || has_text(d->rows[i].regno, d->lp.q))
            d->rows[keep++] = d->rows[i];
    d->n = keep;
    due_key = d->lp.sort;
    if (d->n > 1) qsort(d->rows, (size_t)d->n, sizeof *d->rows, due_cmp);
    if (d->lp.desc)
        for (int i = 0, j = d->n - 1; i < j; i++, j--) {
            due_row_t t = d->rows[i];
            d->rows[i] = d->rows[j], d->rows[j] = t;
        }
    return 0;
}

/* Every row of the filtered list for the print view and the exports (listout.h). */
static int due_out_rows(req_t *r, void *vd, int page, int per_page, rep_table_t *t)
{
    due_list_t *d = vd;
    (void)per_page;
    if (page > 1) return 0;
    for (int i = 0; i < d->n; i++) {
        due_row_t *x = &d->rows[i];
        rep_row(t);
        rep_text(t, x->site_code);
        rep_text(t, x->regno);
        rep_text(t, x->name);
        rep_text(t, fmt_date_id(&r->a, iso_of(r, x->expiry)));
        rep_text(t, x->two_thirds == DATE_NONE ? "-" : fmt_date_id(&r->a, iso_of(r, x->two_thirds)));
        rep_text(t, *x->training ? x->training : _("Belum ikut pelatihan"));
    }
    return 0;
}

int page_release_due(req_t *r, resp_t *w)
{
    static const char *const heads[DS__COUNT] = {N_("Lokasi"), N_("No. registrasi"), N_("Nama"), N_("Tanggal bebas"),
                                                 N_("Tanggal 2/3 (PB)"), N_("Status pelatihan")};
    list_mode_t mode;
    due_list_t d;
    if (web_list_mode(r, &mode) < 0 || due_load(r, &d) < 0) return -1;
    if (mode != LIST_HTML) {
        rep_col_t cols[DS__COUNT];
        for (int i = 0; i < DS__COUNT; i++) cols[i] = (rep_col_t){_(heads[i]), REP_TEXT, false};
        list_out_t l = {_("WBP akan bebas"), "wbp-akan-bebas", cols, DS__COUNT, due_out_rows, &d, 0, NULL, NULL};
        return web_list_serve(r, w, mode, &l);
    }
    int months = d.months;
    date_t today = d.today;
    page_begin(r, w, _("WBP akan bebas"));
    buf_t *b = &w->body;
    h(b, "<nav class=\"tabs\" aria-label=\"%s\">", _("Jangka waktu"));
    for (int k = 1; k <= 3; k++)
        h(b, "<a href=\"%s\"%R>%d %s</a> ", web_list_link(r, "/releases/due", "months", arena_printf(&r->a, "%d", k)),
          k == months ? " aria-current=\"page\"" : "", k, _("bulan"));
    h(b, "</nav><p>%s %s %s %s. <a href=\"/followups/overdue\">%s</a> · <a href=\"/releases\">%s</a></p>",
      _("Tanggal bebas (ekspirasi dengan remisi) antara"), fmt_date_id(&r->a, iso_of(r, today)), _("dan"),
      fmt_date_id(&r->a, iso_of(r, date_add_months(today, months))), _("Tindak lanjut terlambat"),
      _("Semua pembebasan"));
    const char *site = req_query(r, "site");
    h(b, "<form class=\"filters\" method=\"get\" action=\"/releases/due\" role=\"search\"><div><label for=\"q\">%s</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"%s\"></div>"
         "<input type=\"hidden\" name=\"months\" value=\"%d\">",
      _("Cari nama / no. registrasi"), d.lp.q ? d.lp.q : "", months);
    if (site && *site) h(b, "<input type=\"hidden\" name=\"site\" value=\"%s\">", site);
    if (d.lp.sorted) /* a new search keeps the order */
        h(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"><input type=\"hidden\" name=\"dir\" value=\"%R\">",
          due_sort_keys[d.lp.sort], d.lp.desc ? "desc" : "asc");
    h(b, "<div><button type=\"submit\">%s</button> <a href=\"/releases/due?months=%d\">%s</a></div></form>",
      _("Terapkan"), months, _("Atur ulang"));
    web_list_links(r, b);
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>", arena_printf(&r->a, _("%d WBP ditemukan."), d.n));
    bool can = ent_can(r, "POST", "/releases");
    h(b, "<div class=\"scroll\"><table id=\"due\"><thead><tr>");
    for (int k = 0; k < DS__COUNT; k++)
        web_sort_th(r, b, "/releases/due", due_sort_keys[k], _(heads[k]), d.lp.sort == k, d.lp.desc);
    h(b, "<th scope=\"col\">%s</th>%R</tr></thead><tbody>", _("Kesiapan bebas"), can ? "<th scope=\"col\"></th>" : "");
    for (int i = 0; i < d.n; i++) {
        due_row_t *x = &d.rows[i];
        h(b, "<tr><td>%s</td><td>%s</td><td><a href=\"/wbp/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>",
          x->site_code, x->regno, x->id, x->name, fmt_date_id(&r->a, iso_of(r, x->expiry)),
          x->two_thirds == DATE_NONE ? "-" : fmt_date_id(&r->a, iso_of(r, x->two_thirds)),
          *x->training ? x->training : _("Belum ikut pelatihan"));
        h(b, "<td><a href=\"/wbp/%D#kesiapan\">%s</a></td>", x->id, readiness_progress(r, x->id));
        if (can)
            h(b, "<td><a href=\"/releases/new?wbp_id=%D&amp;release_date=%u&amp;kind=bebas_murni\">%s</a></td>", x->id,
              iso_of(r, x->expiry), _("Catat pembebasan"));
        h(b, "</tr>");
    }
    if (!d.n)
        h(b, "<tr><td colspan=\"8\">%s</td></tr>",
          d.lp.q ? _("Tidak ada data yang cocok.") : _("Tidak ada WBP yang akan bebas dalam jangka ini."));
    h(b, "</tbody></table></div>");
    return page_end(r, w);
}

int api_release_due(req_t *r, resp_t *w)
{
    due_list_t d;
    if (due_load(r, &d) < 0) return -1;
    int months = d.months, n = d.n;
    date_t today = d.today;
    due_row_t *rows = d.rows;
    json_t *o = json_object(), *arr = json_array();
    json_object_set_new(o, "months", json_integer(months));
    json_object_set_new(o, "from", json_string(iso_of(r, today)));
    json_object_set_new(o, "to", json_string(iso_of(r, date_add_months(today, months))));
    for (int i = 0; i < n; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(rows[i].id));
        json_object_set_new(x, "site", json_string(rows[i].site_code));
        json_object_set_new(x, "regno", json_string(rows[i].regno));
        json_object_set_new(x, "name", json_string(rows[i].name));
        json_object_set_new(x, "release_date", json_string(iso_of(r, rows[i].expiry)));
        json_object_set_new(x, "two_thirds", rows[i].two_thirds == DATE_NONE ? json_null()
                                                                             : json_string(iso_of(r, rows[i].two_thirds)));
        json_object_set_new(x, "training", json_string(rows[i].training));
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "items", arr);
    return resp_json(w, 200, o);
}

/* ---------------------------------------------------------------- overdue follow-ups */

static int overdue_rows(req_t *r, fu_row_t **rows, int *n)
{
    int64_t site_id = 0;
    const char *s = req_query(r, "site");
    if (s && *s) site_id = visible_site(r, s);
    err_t e;
    err_clear(&e);
    if (release_followups(r->db, &e, &r->a, r->user.id, site_id, 0, today_date(), true, rows, n) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    return 0;
}

int page_followups_overdue(req_t *r, resp_t *w)
{
    fu_row_t *rows;
    int n;
    if (overdue_rows(r, &rows, &n) < 0) return -1;
    page_begin(r, w, _("Tindak lanjut terlambat"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p><table id=\"overdue\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "</tr></thead><tbody>",
      _("Jadwal kontak setelah bebas adalah aturan (rules/tindak-lanjut-*.json); titik jadwal terlambat bila belum "
        "ada kontak melewati masa tenggang."),
      _("Lokasi"), _("Nama"), _("Tanggal bebas"), _("Kabupaten/kota tujuan"), _("Terlambat"), _("Kontak terakhir"));
    for (int i = 0; i < n; i++) {
        fu_row_t *f = &rows[i];
        buf_t pts;
        buf_init(&pts);
        for (int k = 0; k < f->npoints; k++)
            if (f->points[k].state == FU_OVERDUE)
            {
                if (pts.len) buf_puts(&pts, "; ");
                buf_printf(&pts, _("bulan ke-%d (%d hari)"), f->points[k].month, f->points[k].days_overdue);
            }
        int li = followup_status_index(f->last_status);
        h(b, "<tr><td>%s</td><td><a href=\"/releases/%D\">%s</a> (%s)</td><td>%s</td><td>%s</td><td>%s</td>"
             "<td>%s</td></tr>",
          f->site_code, f->release_id, f->name, f->regno, fmt_date_id(&r->a, iso_of(r, f->released)), f->district,
          pts.data ? pts.data : "", li >= 0 ? _(followup_status_labels[li]) : _("Belum ada kontak"));
        buf_release(&pts);
    }
    if (!n) h(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Tidak ada tindak lanjut yang terlambat."));
    h(b, "</tbody></table>");
    return page_end(r, w);
}

int api_followups_overdue(req_t *r, resp_t *w)
{
    fu_row_t *rows;
    int n;
    if (overdue_rows(r, &rows, &n) < 0) return -1;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        fu_row_t *f = &rows[i];
        json_t *x = json_object(), *pts = json_array();
        json_object_set_new(x, "release_id", json_integer(f->release_id));
        json_object_set_new(x, "wbp_id", json_integer(f->wbp_id));
        json_object_set_new(x, "site", json_string(f->site_code));
        json_object_set_new(x, "regno", json_string(f->regno));
        json_object_set_new(x, "name", json_string(f->name));
        json_object_set_new(x, "release_date", json_string(iso_of(r, f->released)));
        json_object_set_new(x, "kind", json_string(f->kind));
        json_object_set_new(x, "district", json_string(f->district));
        json_object_set_new(x, "overdue", json_integer(f->overdue));
        json_object_set_new(x, "last_status", f->last_status ? json_string(f->last_status) : json_null());
        for (int k = 0; k < f->npoints; k++) {
            json_t *p = json_object();
            json_object_set_new(p, "month", json_integer(f->points[k].month));
            json_object_set_new(p, "due", json_string(iso_of(r, f->points[k].due)));
            json_object_set_new(p, "state", json_string(followup_state_label(f->points[k].state)));
            json_object_set_new(p, "days_overdue", json_integer(f->points[k].days_overdue));
            json_array_append_new(pts, p);
        }
        json_object_set_new(x, "points", pts);
        json_array_append_new(arr, x);
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", arr);
    return resp_json(w, 200, o);
}
