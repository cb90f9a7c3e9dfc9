/* inbox.c — the home page of every role: the task inbox (issue 25) above the
 * user's sites, and GET /api/v1/inbox with the same items.
 *
 * The items (which role sees which, the windows, the pages that do the work) are
 * rule data, rules/kotak-tugas-*.json (core/inbox.h); the counts come from
 * store/inbox_store.c, one query per item in the user's scope. The counts of a
 * user for ten minutes of a day are kept in the memo (web/memo.h) while nothing has been written
 * through Bekal, so a home page seen again costs one query. An item links to its
 * page only when the route table lets the role open it. */
#include "../pages.h"
#include "../memo.h"
#include "../../store/inbox_store.h"
#include <stdlib.h>
#include <string.h>

/* The page of the one thing waiting, per query: before and after its id. */
static const struct {
    const char *query, *pre, *post;
} one_page[] = {
    {"attendance_today", "/sessions/", ""},     {"results_missing", "/programs/", "/results"},
    {"certificates_pending", "/programs/", "/training"}, {"sales_unsettled", "/sales/", ""},
    {"agreements_expiring", "/agreements/", ""},         {"usulan_documents", "/usulan/", ""},
    {"usulan_state", "/usulan/", ""},                    {"sppn_missing", "/wbp/", ""},
    {"followups_due", "/releases/", ""},
};

typedef struct {
    inbox_rules_t rules;
    inbox_count_t c[INBOX_MAX_ITEMS];
    date_t today;
} inbox_t;

/* The memo's text of the counts: one line "count ref one_id" per item. */
static void counts_text(const inbox_t *ib, buf_t *out)
{
    for (int i = 0; i < ib->rules.n; i++)
        buf_printf(out, "%lld %ld %lld\n", (long long)ib->c[i].count, (long)ib->c[i].ref, (long long)ib->c[i].one_id);
}
static bool counts_parse(inbox_t *ib, const char *s)
{
    for (int i = 0; i < ib->rules.n; i++) {
        char *end;
        long long n = strtoll(s, &end, 10);
        long ref = strtol(end, &end, 10);
        long long one = strtoll(end, &end, 10);
        if (*end != '\n') return false;
        ib->c[i] = (inbox_count_t){n, (date_t)ref, DATE_NONE, one};
        if (n >= 0 && ref != DATE_NONE) ib->c[i].due = date_add_days((date_t)ref, ib->rules.items[i].due_days);
        s = end + 1;
    }
    return *s == 0;
}

/* The items of the user's role with their counts: from the memo, else counted. 0 or -1 with r->err. */
static int inbox_load(req_t *r, inbox_t *ib)
{
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    if (!date_parse(today, &ib->today) || inbox_rules(ib->today, &ib->rules, &e) < 0)
        return web_fail(r, e.status ? e.status : 500, e.code[0] ? e.code : "no_ruleset", "%s", e.msg);
    /* the ten minutes of the day too: a person out for training becomes late when the
     * clock passes the session's end, without any change to the data (issue 26) */
    const char *key = arena_printf(&r->a, "inbox|%lld|%s|%s|%lld", (long long)r->user.id, r->user.role, today,
                                   (long long)(clock_now() / 600));
    int64_t version = memo_version(r->db, &e);
    if (version < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    buf_t kept;
    buf_init(&kept);
    bool hit = memo_get(key, version, &kept) && counts_parse(ib, kept.data ? kept.data : "");
    buf_release(&kept);
    if (hit) return 0;
    if (inbox_counts(r->db, &e, &r->a, r->user.id, r->user.role, role_bit(r->user.role), &ib->rules, ib->today, ib->c) < 0)
        return web_fail(r, e.status, e.code, "%s", e.msg);
    buf_t t;
    buf_init(&t);
    counts_text(ib, &t);
    memo_put(key, version, t.data ? t.data : "", t.len);
    buf_release(&t);
    return 0;
}

/* The page that does item i's work, or NULL when the role may not open it. */
static const char *item_url(req_t *r, const inbox_t *ib, int i)
{
    const inbox_item_def_t *d = &ib->rules.items[i];
    if (ib->c[i].one_id > 0)
        for (size_t k = 0; k < ARRAY_LEN(one_page); k++)
            if (str_eq(one_page[k].query, d->query)) {
                const char *u = arena_printf(&r->a, "%s%lld%s", one_page[k].pre, (long long)ib->c[i].one_id,
                                             one_page[k].post);
                if (route_role_may(r->user.role, "GET", u)) return u;
            }
    size_t n = strcspn(d->url, "?");
    const char *path = arena_printf(&r->a, "%.*s", (int)n, d->url);
    return route_role_may(r->user.role, "GET", path) ? d->url : NULL;
}

static int sites_section(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    inbox_site_t *s;
    int n;
    if (inbox_sites(r->db, &e, &r->a, r->user.id, &s, &n) < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    buf_t *b = &w->body;
    h(b, "<h2>%s</h2><div class=\"cards\">", _("Lokasi Anda"));
    for (int i = 0; i < n; i++)
        h(b, "<div class=\"card\"><span>%s</span><b>%D</b><span class=\"muted\">%s</span><br>"
             "<a href=\"/wbp?site=%u\">%s</a></div>",
          s[i].name, s[i].in_custody, arena_printf(&r->a, _("WBP di dalam · %lld bebas"), (long long)s[i].released),
          s[i].code, _("Lihat register"));
    h(b, "</div>");
    return 0;
}

/* The home page's content (the inbox, the sites, the other areas' sections) into w's body. */
static int home_content(req_t *r, resp_t *w)
{
    inbox_t *ib = arena_alloc(&r->a, sizeof *ib);
    if (inbox_load(r, ib) < 0) return -1;
    buf_t *b = &w->body;
    h(b, "<p>%s</p><section class=\"inbox\" aria-labelledby=\"kotak-tugas\"><h2 id=\"kotak-tugas\">%s</h2>",
      arena_printf(&r->a, _("Selamat datang, %s."), r->user.full_name), _("Kotak tugas"));
    int shown = 0;
    for (int i = 0; i < ib->rules.n; i++) shown += ib->c[i].count >= 0;
    if (!shown) {
        h(b, "<p>%s</p>", _("Tidak ada tugas untuk peran Anda."));
    } else {
        h(b, "<div class=\"scroll\"><table class=\"inbox\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
          _("Tugas"), _("Jumlah"), _("Tenggat"), _("Status"));
        for (int i = 0; i < ib->rules.n; i++) {
            if (ib->c[i].count < 0) continue;
            const inbox_item_def_t *d = &ib->rules.items[i];
            inbox_status_t st = inbox_status(ib->c[i].count, ib->c[i].due, ib->today, ib->rules.warn_days);
            const char *url = item_url(r, ib, i);
            char due[DATE_ISO_LEN];
            date_format(ib->c[i].due, due);
            h(b, "<tr id=\"tugas-%s\" data-code=\"%s\" data-count=\"%D\"><td>", d->code, d->code, ib->c[i].count);
            if (url) h(b, "<a href=\"%s\">%s</a>", url, inbox_title(d));
            else h(b, "%s", inbox_title(d));
            h(b, "</td><td class=\"num\">%D</td><td>%s</td><td><span class=\"tag st-%s\">%s</span></td></tr>",
              ib->c[i].count, ib->c[i].count > 0 && due[0] ? fmt_date_id(&r->a, due) : "—", inbox_status_code(st),
              inbox_status_label(st));
        }
        h(b, "</tbody></table></div>");
    }
    h(b, "</section>");
    if (sites_section(r, w) < 0) return -1;
    web_home_sections(r, w);
    return 0;
}

/* GET / and GET /inbox: the inbox, then the user's sites and the other areas' home
 * sections. The content is kept in the memo for the user, role, language and day
 * while nothing is written through Bekal (the header, with the session's CSRF
 * token, is written anew), so the home page seen again costs one query. */
int page_home(req_t *r, resp_t *w)
{
    err_t e;
    err_clear(&e);
    char today[11];
    today_iso(today);
    const char *key = arena_printf(&r->a, "home|%lld|%s|%s|%s", (long long)r->user.id, r->user.role,
                                   r->lang ? r->lang : "id", today);
    int64_t version = memo_version(r->db, &e);
    if (version < 0) return web_fail(r, e.status, e.code, "%s", e.msg);
    resp_t part;
    memset(&part, 0, sizeof part);
    buf_init(&part.body);
    if (!memo_get(key, version, &part.body)) {
        if (home_content(r, &part) < 0) {
            buf_release(&part.body);
            return -1;
        }
        memo_put(key, version, part.body.data ? part.body.data : "", part.body.len);
    }
    page_begin(r, w, _("Beranda"));
    buf_append(&w->body, part.body.data ? part.body.data : "", part.body.len);
    buf_release(&part.body);
    return page_end(r, w);
}

/* GET /api/v1/inbox: {date, items: [{code, title, count, due, url, status}]}. */
int api_inbox(req_t *r, resp_t *w)
{
    inbox_t *ib = arena_alloc(&r->a, sizeof *ib);
    if (inbox_load(r, ib) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < ib->rules.n; i++) {
        if (ib->c[i].count < 0) continue;
        const inbox_item_def_t *d = &ib->rules.items[i];
        char due[DATE_ISO_LEN];
        date_format(ib->c[i].due, due);
        const char *url = item_url(r, ib, i);
        inbox_status_t st = inbox_status(ib->c[i].count, ib->c[i].due, ib->today, ib->rules.warn_days);
        json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:o, s:o, s:s}", "code", d->code, "title",
                                               inbox_title(d), "count", (json_int_t)ib->c[i].count, "due",
                                               due[0] ? json_string(due) : json_null(), "url",
                                               url ? json_string(url) : json_null(), "status", inbox_status_code(st)));
    }
    char today[DATE_ISO_LEN];
    date_format(ib->today, today);
    return resp_json(w, 200, json_pack("{s:s, s:o}", "date", today, "items", items));
}

/* The inbox's style: the colour tags (text says the status too, not colour alone). */
const char inbox_css[] =
    ".tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;white-space:nowrap}"
    ".st-overdue{background:#fde8ec;color:#a4001d;border:1px solid #a4001d}"
    ".st-soon{background:#fff4d6;color:#6b4a00;border:1px solid #b07d00}"
    ".st-later{background:#e3f4ea;color:#0b5d3b;border:1px solid #0b5d3b}"
    ".st-done{background:#eef0f3;color:#555;border:1px solid #c9ced6}"
    "table.inbox td.num{text-align:right;font-weight:600}";
