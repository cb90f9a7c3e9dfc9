/* notproposed.c — "tidak diusulkan" (issue 24): an inmate who is eligible for
 * asimilasi, or will be within the rule's window, and has no proposal is marked not
 * proposed with a coded reason, a note and a review date; the mark lapses on the
 * review date and the inmate is back among those to decide on. The section on the
 * WBP page, the mark and its withdrawal, the list of marks (/not-proposed, CSV) and
 * the API. Reasons and review periods are rule data (rules/tidak-diusulkan-*.json). */
#include "../web.h"
#include "../pages.h"
#include "../../core/csv.h"
#include "../../store/notprop_store.h"
#include "../../store/wbp_store.h"
#include <string.h>

static const char *reason_label(const notprop_rules_t *rules, const char *code)
{
    const notprop_reason_t *x = notprop_reason(rules, code);
    return x ? notprop_label(x) : code ? code : "-";
}

/* The mark form with the values v (reason, note, decided_on) and the errors fe. */
static void mark_form(req_t *r, buf_t *b, int64_t wbp_id, const void *vrules, const char *const *v,
                      const field_errs_t *fe)
{
    const notprop_rules_t *rules = vrules;
    const char *reason = v[0], *note = v[1], *decided = v[2];
    h(b, "<form method=\"post\" action=\"/wbp/%D/not-proposed\" class=\"filters\">", wbp_id);
    h_csrf(r, b);
    const char *er = fe ? field_errs_for(fe, "reason") : NULL;
    h_select_open(b, "np-reason", "reason", _("Alasan"), true, NULL, er);
    h(b, "<option value=\"\">%s</option>", _("Pilih alasan"));
    for (int i = 0; i < rules->n; i++)
        h(b, "<option value=\"%s\"%R>%s (%s)</option>", rules->reasons[i].code,
          reason && str_eq(reason, rules->reasons[i].code) ? " selected" : "", notprop_label(&rules->reasons[i]),
          arena_printf(&r->a, _("ditinjau lagi %d bulan kemudian"), rules->reasons[i].review_months));
    h_select_close(b, "np-reason", er);
    h_input(b, "np-note", "note", _("Catatan"), false, "maxlength=\"500\"", note, fe ? field_errs_for(fe, "note") : NULL);
    h_input(b, "np-date", "decided_on", _("Tanggal keputusan"), false, "type=\"date\"", decided,
            fe ? field_errs_for(fe, "decided_on") : NULL);
    h(b, "<div><button type=\"submit\">%s</button></div></form>", _("Tandai tidak diusulkan"));
}

void notprop_section(req_t *r, resp_t *w, const rec_t *wbp)
{
    buf_t *b = &w->body;
    date_t today = today_date();
    notprop_rules_t rules;
    err_t e;
    err_clear(&e);
    if (np_rules(today, &rules, &e) < 0) return;
    /* the forms only for those the route table lets mark */
    bool can_write = route_role_may(r->user.role, "POST", arena_printf(&r->a, "/wbp/%lld/not-proposed", (long long)wbp->id));
    np_row_t cur;
    int rc = np_active(r->db, &e, &r->a, wbp->id, today, &cur);
    if (rc < 0) return;
    const char *why = NULL;
    date_t from = DATE_NONE;
    int may = rc == 0 ? np_may_mark(r->db, &e, &r->a, wbp->id, today, &rules, &why, &from) : 0;
    rec_t *hist;
    int nh = 0;
    if (rec_list_children(r->db, &e, &r->a, &notprop_def, r->user.id, wbp->id, "decided_on", &hist, &nh) < 0) nh = 0;
    if (rc == 0 && may <= 0 && nh == 0) return; /* nothing to decide, nothing decided */
    h(b, "<h2 id=\"tidak-diusulkan\">%s</h2>", _("Tidak diusulkan"));
    if (rc == 1) {
        h(b, "<p class=\"notice\" role=\"status\">%s</p>",
          arena_printf(&r->a, _("Ditandai tidak diusulkan sejak %s: %s. Ditinjau lagi pada %s."),
                       fmt_date_id(&r->a, cur.decided_on), reason_label(&rules, cur.reason), fmt_date_id(&r->a, cur.review_on)));
        if (cur.note) h(b, "<p>%s: %s</p>", _("Catatan"), cur.note);
        if (can_write) web_end_form(r, b, "/not-proposed", "np", cur.id, NULL, _("Cabut tanda"));
    } else if (may == 1) {
        h(b, "<p>%s</p>",
          _("WBP ini memenuhi syarat asimilasi (atau segera memenuhi) dan belum diusulkan. Bila tidak diusulkan, "
            "catat alasannya: WBP ini kembali ke daftar pada tanggal tinjau."));
        if (can_write) {
            char t[DATE_ISO_LEN];
            date_format(today, t);
            mark_form(r, b, wbp->id, &rules, (const char *const[]){NULL, NULL, t}, NULL);
        }
    }
    if (nh) {
        h(b, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
             "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Riwayat tanda"), _("Tanggal keputusan"), _("Alasan"), _("Catatan"), _("Ditinjau lagi pada"), _("Dicabut"));
        for (int i = nh - 1; i >= 0; i--)
            h(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", fmt_date_id(&r->a, hist[i].v[NPF_DECIDED_ON]),
              reason_label(&rules, hist[i].v[NPF_REASON]), hist[i].v[NPF_NOTE] ? hist[i].v[NPF_NOTE] : "-",
              fmt_date_id(&r->a, hist[i].v[NPF_REVIEW_ON]),
              hist[i].v[NPF_ENDED_ON]
                  ? arena_printf(&r->a, "%s — %s", fmt_date_id(&r->a, hist[i].v[NPF_ENDED_ON]),
                                 hist[i].v[NPF_END_REASON] ? hist[i].v[NPF_END_REASON] : "")
                  : "-");
        h(b, "</tbody></table>");
    }
}

static int create(req_t *r, err_t *e, int64_t wbp_id, const char *const *v, date_t today, field_errs_t *fe, int64_t *id)
{
    return np_create(r->db, e, &r->a, web_actor(r), r->user.id, wbp_id, v[0], v[1], v[2], today, fe, id);
}

static int rules_at(date_t today, void *out, err_t *e) { return np_rules(today, out, e); }

static int reply_active(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status);

static const web_child_t notprop_child = {
    .fields = (const char *const[]){"reason", "note", "decided_on", NULL},
    .create = create,
    .title = N_("Tanda tidak diusulkan tidak tersimpan"),
    .anchor = "tidak-diusulkan",
    .conflict = true,
    .rules_size = sizeof(notprop_rules_t),
    .rules = rules_at,
    .form = mark_form,
    .reply = reply_active,
};

int page_notprop_create(req_t *r, resp_t *w) { return web_child_page_create(r, w, &notprop_child); }

int page_notprop_end(req_t *r, resp_t *w)
{
    return web_end_record(r, w, np_end, "/not-proposed", "np", _("Tanda tidak dicabut"), _("Cabut tanda"),
                          "tidak-diusulkan");
}

/* ---------------------------------------------------------------- the list */

static const char *const sort_keys[NP_SORTS] = {"review_on", "decided_on", "name", "regno", "reason"};
static const char *const state_keys[] = {"berlaku", "semua", "lewat"};

static int read_filter(req_t *r, np_filter_t *f)
{
    memset(f, 0, sizeof *f);
    f->q = req_query(r, "q");
    f->reason = req_query(r, "reason");
    if (f->reason && !*f->reason) f->reason = NULL;
    const char *st = req_query(r, "state"), *so = req_query(r, "sort"), *dir = req_query(r, "dir");
    f->state = NP_IN_FORCE;
    for (int i = 0; st && *st && i < 3; i++)
        if (str_eq(st, state_keys[i])) f->state = (np_state_t)i;
    for (int i = 0; so && *so && i < NP_SORTS; i++)
        if (str_eq(so, sort_keys[i])) f->sort = i;
    f->desc = dir && str_eq(dir, "desc");
    f->page = req_query_int(r, "page", 1, 1, 1000000);
    f->per_page = req_query_int(r, "per_page", 50, 1, 1000);
    return web_query_site(r, &f->site_id);
}

static const char *list_query(req_t *r, const np_filter_t *f, int sort, bool desc, int page)
{
    const char *site = req_query(r, "site");
    buf_t b;
    buf_init(&b);
    h(&b, "q=%u&amp;site=%u&amp;reason=%u&amp;state=%s&amp;sort=%s&amp;dir=%s&amp;page=%d", f->q ? f->q : "",
      site ? site : "", f->reason ? f->reason : "", state_keys[f->state], sort_keys[sort], desc ? "desc" : "asc", page);
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_release(&b);
    return s;
}

/* The whole filtered list for the print view and the exports (listout.h). */
struct np_out {
    np_filter_t f;
    notprop_rules_t rules;
    date_t today;
};

static int np_rows(req_t *r, void *vc, int page, int per_page, rep_table_t *t)
{
    struct np_out *c = vc;
    c->f.page = page;
    c->f.per_page = per_page;
    np_row_t *rows;
    int n;
    int64_t total;
    err_t e;
    err_clear(&e);
    if (np_list(r->db, &e, &r->a, r->user.id, c->today, &c->f, &rows, &n, &total) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    for (int i = 0; i < n; i++) {
        rep_row(t);
        rep_text(t, rows[i].regno);
        rep_text(t, rows[i].name);
        rep_text(t, rows[i].site_code);
        rep_text(t, reason_label(&c->rules, rows[i].reason));
        rep_text(t, rows[i].note ? rows[i].note : "-");
        rep_text(t, fmt_date_id(&r->a, rows[i].decided_on));
        rep_text(t, fmt_date_id(&r->a, rows[i].review_on));
        rep_text(t, rows[i].ended_on ? fmt_date_id(&r->a, rows[i].ended_on) : "-");
    }
    return n;
}

/* The reason's name for the printout's filter line. */
static const char *np_reason_name(req_t *r, const char *code)
{
    (void)r;
    notprop_rules_t rules;
    err_t e;
    err_clear(&e);
    const notprop_reason_t *x = np_rules(today_date(), &rules, &e) < 0 ? NULL : notprop_reason(&rules, code);
    return x ? notprop_label(x) : code;
}

int page_notprop_list(req_t *r, resp_t *w)
{
    np_filter_t f;
    list_mode_t mode;
    if (web_list_mode(r, &mode) < 0) return -1;
    if (read_filter(r, &f) < 0) return -1;
    date_t today = today_date();
    notprop_rules_t rules;
    err_t e;
    err_clear(&e);
    if (np_rules(today, &rules, &e) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    static const char *const heads[] = {N_("No. registrasi"), N_("Nama"), N_("Lokasi"), N_("Alasan"), N_("Catatan"),
                                        N_("Tanggal keputusan"), N_("Ditinjau lagi pada"), N_("Dicabut")};
    if (mode != LIST_HTML) {
        struct np_out c = {f, rules, today};
        rep_col_t cols[8];
        for (int i = 0; i < 8; i++) cols[i] = (rep_col_t){_(heads[i]), REP_TEXT, false};
        static const char *const st_labels[] = {N_("Masih berlaku"), N_("Semua"), N_("Sudah lewat atau dicabut"), NULL};
        static const char *const st_keys[] = {"berlaku", "semua", "lewat", NULL};
        static const list_param_t params[] = {{"reason", N_("Alasan"), NULL, NULL, np_reason_name},
                                              {"state", N_("Keadaan tanda"), st_keys, st_labels, NULL},
                                              {NULL, NULL, NULL, NULL, NULL}};
        list_out_t l = {_("WBP yang tidak diusulkan"), "tidak-diusulkan", cols, 8, np_rows, &c, 500, params, NULL};
        return web_list_serve(r, w, mode, &l);
    }
    np_row_t *rows;
    int n;
    int64_t total;
    if (np_list(r->db, &e, &r->a, r->user.id, today, &f, &rows, &n, &total) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    page_begin(r, w, _("WBP yang tidak diusulkan"));
    buf_t *b = &w->body;
    h(b, "<p>%s</p>", _("WBP yang memenuhi syarat asimilasi tetapi tidak diusulkan, dengan alasan dan tanggal tinjaunya. "
                        "Pada tanggal tinjau tanda berakhir dan WBP kembali ke daftar yang harus diputuskan."));
    h(b, "<form class=\"filters\" method=\"get\" action=\"/not-proposed\"><div><label for=\"f-q\">%s</label>"
         "<input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\"></div><div><label for=\"f-reason\">%s</label>"
         "<select id=\"f-reason\" name=\"reason\"><option value=\"\">%s</option>",
      _("Cari nama atau nomor registrasi"), f.q ? f.q : "", _("Alasan"), _("Semua alasan"));
    for (int i = 0; i < rules.n; i++)
        h(b, "<option value=\"%s\"%R>%s</option>", rules.reasons[i].code,
          f.reason && str_eq(f.reason, rules.reasons[i].code) ? " selected" : "", notprop_label(&rules.reasons[i]));
    static const char *const state_labels[] = {N_("Masih berlaku"), N_("Semua"), N_("Sudah lewat atau dicabut")};
    h(b, "</select></div><div><label for=\"f-state\">%s</label><select id=\"f-state\" name=\"state\">", _("Keadaan"));
    for (int i = 0; i < 3; i++)
        h(b, "<option value=\"%s\"%R>%s</option>", state_keys[i], (int)f.state == i ? " selected" : "", _(state_labels[i]));
    h(b, "</select></div><div><button type=\"submit\">%s</button></div></form>", _("Saring"));
    web_list_links_raw(r, b, web_list_link(r, "/not-proposed.csv", "page", ""));
    h(b, "<p class=\"muted\" aria-live=\"polite\">%s</p>", arena_printf(&r->a, _("%lld tanda"), (long long)total));
    static const int head_sort[] = {3, 2, -1, 4, -1, 1, 0, -1};
    h(b, "<table><thead><tr>");
    for (int i = 0; i < 8; i++) {
        if (head_sort[i] < 0) {
            h(b, "<th scope=\"col\">%s</th>", _(heads[i]));
            continue;
        }
        bool cur = f.sort == head_sort[i];
        h(b, "<th scope=\"col\"%R><a href=\"/not-proposed?%R\">%s</a></th>",
          cur ? (f.desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : "",
          list_query(r, &f, head_sort[i], cur ? !f.desc : false, 1), _(heads[i]));
    }
    h(b, "</tr></thead><tbody>");
    for (int i = 0; i < n; i++)
        h(b, "<tr><td><a href=\"/wbp/%D#tidak-diusulkan\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
             "<td>%s</td><td>%s</td><td>%s</td></tr>",
          rows[i].wbp_id, rows[i].regno, rows[i].name, rows[i].site_code, reason_label(&rules, rows[i].reason),
          rows[i].note ? rows[i].note : "-", fmt_date_id(&r->a, rows[i].decided_on), fmt_date_id(&r->a, rows[i].review_on),
          rows[i].ended_on ? fmt_date_id(&r->a, rows[i].ended_on) : "-");
    if (n == 0) h(b, "<tr><td colspan=\"8\">%s</td></tr>", _("Tidak ada tanda yang cocok."));
    h(b, "</tbody></table><nav class=\"pager\" aria-label=\"%s\">", _("Halaman"));
    int per = f.per_page, pages = (int)((total + per - 1) / per);
    if (f.page > 1)
        h(b, "<a href=\"/not-proposed?%R\">%s</a> ", list_query(r, &f, f.sort, f.desc, f.page - 1), _("Sebelumnya"));
    h(b, "%s", arena_printf(&r->a, _("Halaman %d dari %d"), f.page, pages < 1 ? 1 : pages));
    if (f.page < pages)
        h(b, " <a href=\"/not-proposed?%R\">%s</a>", list_query(r, &f, f.sort, f.desc, f.page + 1), _("Berikutnya"));
    h(b, "</nav>");
    return page_end(r, w);
}

int page_notprop_csv(req_t *r, resp_t *w)
{
    np_filter_t f;
    if (read_filter(r, &f) < 0) return -1;
    f.page = 1;
    f.per_page = 1000;
    date_t today = today_date();
    err_t e;
    err_clear(&e);
    buf_t *b = &w->body;
    buf_puts(b, "site,regno,name,reason,note,decided_on,review_on,ended_on,end_reason\r\n");
    for (;;) {
        np_row_t *rows;
        int n;
        int64_t total;
        if (np_list(r->db, &e, &r->a, r->user.id, today, &f, &rows, &n, &total) < 0)
            return web_fail(r, e.status, e.code, "%s", e.msg);
        for (int i = 0; i < n; i++) {
            const char *cells[] = {rows[i].site_code, rows[i].regno,     rows[i].name,     rows[i].reason,    rows[i].note,
                                   rows[i].decided_on, rows[i].review_on, rows[i].ended_on, rows[i].end_reason};
            for (size_t k = 0; k < ARRAY_LEN(cells); k++) {
                if (k) buf_putc(b, ',');
                csv_write_cell(b, cells[k], ',');
            }
            buf_puts(b, "\r\n");
        }
        if (n < f.per_page || (int64_t)f.page * f.per_page >= total) break;
        f.page++;
    }
    resp_file(r, w, "text/csv; charset=utf-8", false, "tidak-diusulkan.csv");
    return 0;
}

/* ---------------------------------------------------------------- API */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *row_json(const np_row_t *x)
{
    json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:s}", "id", (json_int_t)x->id, "site", x->site_code, "wbp_id",
                          (json_int_t)x->wbp_id, "regno", x->regno, "name", x->name, "reason", x->reason);
    json_object_set_new(o, "note", str_or_null(x->note));
    json_object_set_new(o, "decided_on", str_or_null(x->decided_on));
    json_object_set_new(o, "review_on", str_or_null(x->review_on));
    json_object_set_new(o, "ended_on", str_or_null(x->ended_on));
    json_object_set_new(o, "end_reason", str_or_null(x->end_reason));
    return o;
}

int api_notprop_list(req_t *r, resp_t *w)
{
    np_filter_t f;
    if (read_filter(r, &f) < 0) return -1;
    np_row_t *rows;
    int n;
    int64_t total;
    err_t e;
    err_clear(&e);
    if (np_list(r->db, &e, &r->a, r->user.id, today_date(), &f, &rows, &n, &total) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, row_json(&rows[i]));
    return resp_json(w, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "page", f.page, "per_page", f.per_page, "total",
                                       (json_int_t)total));
}

/* The answer with the inmate's mark in force (the one just made). */
static int reply_active(req_t *r, resp_t *w, int64_t wbp_id, int64_t id, date_t today, int status)
{
    (void)id;
    np_row_t cur;
    err_t e;
    err_clear(&e);
    if (np_active(r->db, &e, &r->a, wbp_id, today, &cur) != 1) return web_fail(r, 500, "internal", "%s", _("tanda tidak terbaca"));
    return resp_json(w, status, row_json(&cur));
}

int api_notprop_create(req_t *r, resp_t *w) { return web_child_api_create(r, w, &notprop_child); }

int api_notprop_end(req_t *r, resp_t *w)
{
    static const char *const allowed[] = {"reason", NULL};
    const char *reason;
    int rc;
    if (!web_json_read(r, w, allowed, &reason, &rc)) return rc;
    int64_t wbp_id;
    err_t e;
    err_clear(&e);
    if (np_end(r->db, &e, &r->a, web_actor(r), r->user.id, r->id, reason, today_date(), &wbp_id) < 0)
        return web_fail_field(r, w, &e, "reason"); /* the one field of a withdrawal */
    return resp_json(w, 200, json_pack("{s:I,s:I,s:b}", "id", (json_int_t)r->id, "wbp_id", (json_int_t)wbp_id, "ended", 1));
}
