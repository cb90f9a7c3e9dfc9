/* notprop_store.c — eligible inmates marked "tidak diusulkan" (see notprop_store.h). */
#include "notprop_store.h"
#include "scope.h"
#include "elig_store.h"
#include "usulan_store.h"
#include "wbp_record.h"
#include "../core/rulefile.h"
#include "../core/wbp.h"
#include <stdlib.h>
#include <string.h>

int np_rules(date_t on, notprop_rules_t *r, err_t *e)
{
    json_t *j = rulefile_in_force(RULES_KIND_NOTPROP, on, NULL);
    if (!j) return err_set(e, 500, "no_ruleset", "%s", _("Tidak ada aturan tidak diusulkan yang berlaku pada tanggal itu"));
    int rc = notprop_rules_from_json(j, r, e);
    json_decref(j);
    return rc;
}

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

#define NP_COLS                                                                                                        \
    "n.id, n.site_id, s.code, w.regno, w.name, n.reason, n.note, n.decided_on, n.review_on, n.ended_on, n.end_reason, " \
    "n.wbp_id"
#define NP_FROM " FROM wbp_not_proposed n JOIN wbp w ON w.id = n.wbp_id JOIN site s ON s.id = n.site_id"

static void read_row(db_stmt_t *st, arena_t *a, np_row_t *o)
{
    o->id = db_col_int(st, 0);
    o->site_id = db_col_int(st, 1);
    o->site_code = dup(a, st, 2);
    o->regno = dup(a, st, 3);
    o->name = dup(a, st, 4);
    o->reason = dup(a, st, 5);
    o->note = dup(a, st, 6);
    o->decided_on = dup(a, st, 7);
    o->review_on = dup(a, st, 8);
    o->ended_on = dup(a, st, 9);
    o->end_reason = dup(a, st, 10);
    o->wbp_id = db_col_int(st, 11);
}

int np_active(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t today, np_row_t *out)
{
    char t[DATE_ISO_LEN];
    date_format(today, t);
    db_stmt_t *st = db_query(db, e,
                             "SELECT " NP_COLS NP_FROM " WHERE n.wbp_id = ? AND n.ended_on IS NULL AND n.review_on > ? "
                             "ORDER BY n.id DESC LIMIT 1",
                             "it", wbp_id, t);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) read_row(st, a, out);
    db_finalize(st);
    return rc;
}

struct elig_one {
    bool eligible;
    date_t from;
};
static int elig_one_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct elig_one *c = vc;
    if (row->res) {
        c->eligible = row->res->eligible;
        c->from = row->res->eligible_from;
    }
    return 0;
}

int np_may_mark(db_t *db, err_t *e, arena_t *a, int64_t wbp_id, date_t today, const notprop_rules_t *r,
                const char **why, date_t *eligible_from)
{
    *why = NULL;
    struct elig_one c = {false, DATE_NONE};
    elig_query_t q = {0, 0, wbp_id, today, false};
    if (elig_scan(db, e, &q, elig_one_row, &c) < 0) return -1;
    *eligible_from = c.eligible ? today : c.from;
    if (!notprop_in_window(r, c.eligible, c.from, today)) {
        *why = arena_printf(a, _("WBP ini tidak memenuhi syarat asimilasi sekarang atau dalam %d bulan; tanda tidak "
                                 "diusulkan hanya untuk WBP yang memenuhi syarat"),
                            r->window_months);
        return 0;
    }
    int64_t open = usulan_open_id(db, e, wbp_id);
    if (open < 0) return -1;
    if (open) {
        *why = arena_printf(a, _("WBP ini sudah diusulkan (usulan #%lld)"), (long long)open);
        return 0;
    }
    np_row_t cur;
    int rc = np_active(db, e, a, wbp_id, today, &cur);
    if (rc < 0) return -1;
    if (rc == 1) {
        date_t rv = DATE_NONE;
        char lng[DATE_LONG_LEN] = "";
        if (cur.review_on && date_parse(cur.review_on, &rv)) date_format_long_ui(rv, lng);
        *why = arena_printf(a, _("WBP ini sudah ditandai tidak diusulkan sampai %s"), lng);
        return 0;
    }
    return 1;
}

struct create_ctx {
    arena_t *a;
    int64_t wbp_id;
    date_t today;
    const notprop_rules_t *rules;
};
static int may_mark(db_t *db, void *vc, err_t *e)
{
    struct create_ctx *c = vc;
    const char *why;
    date_t from;
    int may = np_may_mark(db, e, c->a, c->wbp_id, c->today, c->rules, &why, &from);
    if (may < 0) return -1;
    return may ? 0 : err_set(e, 409, "not_markable", "%s", why);
}

int np_create(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t wbp_id, const char *reason,
              const char *note, const char *decided_on, date_t today, field_errs_t *fe, int64_t *id)
{
    *id = 0;
    rec_t w;
    if (wbp_rec_load_wbp(db, e, a, uid, wbp_id, &w) < 0) return -1;
    date_t decided = DATE_NONE;
    if (decided_on && *decided_on && !date_parse(decided_on, &decided))
        field_err(fe, "decided_on", "%s", _("Tanggal keputusan harus TTTT-BB-HH"));
    else if (!decided_on || !*decided_on)
        decided = today;
    /* the rules in force on the decision's date; one made before the first rule file
     * is judged by today's */
    notprop_rules_t rules;
    err_t re;
    err_clear(&re);
    if (np_rules(decided != DATE_NONE ? decided : today, &rules, &re) < 0 && np_rules(today, &rules, e) < 0) return -1;
    date_t review;
    if (!fe->n) notprop_check(&rules, reason, note, decided, today, &review, fe);
    if (fe->n) return 0;
    char ds[DATE_ISO_LEN], rs[DATE_ISO_LEN];
    date_format(decided, ds);
    date_format(review, rs);
    const char *v[NPF_COUNT] = {reason, note && *note ? note : NULL, ds, rs, NULL, NULL};
    struct create_ctx c = {a, wbp_id, today, &rules};
    return wbp_rec_create(db, e, &notprop_def, who, &w, v, may_mark, &c, id);
}

struct end_ctx {
    const char *reason;
    char today[DATE_ISO_LEN];
};
static int end_mark(const rec_t *before, const char **v, void *vc, err_t *e)
{
    struct end_ctx *c = vc;
    /* the reason is checked once the mark is known to be visible: another site's (or an
     * inmate's out of the user's scope) is 404 whatever the body says */
    if (wbp_rec_end_reason(e, c->reason, _("Tuliskan alasan pencabutan (paling panjang 300 karakter)")) < 0) return -1;
    if (before->v[NPF_ENDED_ON] || !before->v[NPF_REVIEW_ON] || strcmp(before->v[NPF_REVIEW_ON], c->today) <= 0)
        return err_set(e, 409, "not_in_force", "%s", _("Tanda ini sudah tidak berlaku (sudah dicabut atau lewat tanggal tinjau)"));
    v[NPF_ENDED_ON] = c->today;
    v[NPF_END_REASON] = c->reason;
    return 0;
}

int np_end(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, int64_t id, const char *reason, date_t today,
           int64_t *wbp_id)
{
    struct end_ctx c = {reason, ""};
    date_format(today, c.today);
    return wbp_rec_end(db, e, a, &notprop_def, _("Tanda tidak diusulkan tidak ditemukan"), who, uid, id, end_mark, &c,
                       wbp_id);
}

int np_list(db_t *db, err_t *e, arena_t *a, int64_t uid, date_t today, const np_filter_t *f, np_row_t **rows, int *n,
            int64_t *total)
{
    *rows = NULL;
    *n = 0;
    *total = 0;
    char t[DATE_ISO_LEN];
    date_format(today, t);
    const char *like = db_like_contains(a, f->q);
    const char *reason = f->reason ? f->reason : "";
    int per = f->per_page < 1 ? 50 : f->per_page > 1000 ? 1000 : f->per_page;
    int page = f->page < 1 ? 1 : f->page;
    int64_t state = f->state;
#define NP_WHERE                                                                                                      \
    " WHERE " WBP_SCOPE("n.wbp_id") " AND (? = 0 OR n.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?)) "   \
    "AND (? = 0 OR n.site_id = ?) "                                                                                    \
    "AND (? = '' OR n.reason = ?) AND (? = '' OR lower(w.name) LIKE lower(?) ESCAPE '\\' "                           \
    "OR lower(w.regno) LIKE lower(?) ESCAPE '\\') "                                                                   \
    "AND (? <> 0 OR (n.ended_on IS NULL AND n.review_on > ?)) "                                                       \
    "AND (? <> 2 OR n.ended_on IS NOT NULL OR n.review_on <= ?)"
    *total = db_one_int(db, e, "SELECT count(*)" NP_FROM NP_WHERE, "iiiiiitttttitit", uid, uid, uid, uid, f->site_id, f->site_id,
                        reason, reason, like, like, like, state, t, state, t);
    if (*total < 0) return -1;
    int64_t s = f->sort >= 0 && f->sort < NP_SORTS ? f->sort : 0;
    /* the sort column by its number (a whitelist in SQL), then the id */
#define NP_ORDER(dir)                                                                                                 \
    " ORDER BY CASE CAST(? AS INTEGER) WHEN 0 THEN n.review_on WHEN 1 THEN n.decided_on WHEN 2 THEN lower(w.name) WHEN 3 THEN w.regno " \
    "ELSE n.reason END " dir ", n.id " dir " LIMIT ? OFFSET ?"
    db_stmt_t *st;
    if (f->desc)
        st = db_query(db, e, "SELECT " NP_COLS NP_FROM NP_WHERE NP_ORDER("DESC"), "iiiiiitttttititiii", uid, uid, uid, uid, f->site_id,
                      f->site_id, reason, reason, like, like, like, state, t, state, t, s, (int64_t)per,
                      (int64_t)(page - 1) * per);
    else
        st = db_query(db, e, "SELECT " NP_COLS NP_FROM NP_WHERE NP_ORDER("ASC"), "iiiiiitttttititiii", uid, uid, uid, uid, f->site_id,
                      f->site_id, reason, reason, like, like, like, state, t, state, t, s, (int64_t)per,
                      (int64_t)(page - 1) * per);
    if (!st) return -1;
    *rows = arena_alloc(a, sizeof **rows * (size_t)per);
    int rc;
    while ((rc = db_step(st, e)) == 1 && *n < per) read_row(st, a, &(*rows)[(*n)++]);
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

int np_marked_ids(db_t *db, err_t *e, int64_t site_id, date_t on, int64_t **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    char t[DATE_ISO_LEN];
    date_format(on, t);
    db_stmt_t *st = db_query(db, e,
                             "SELECT DISTINCT n.wbp_id FROM wbp_not_proposed n WHERE (? = 0 OR n.site_id = ?) AND "
                             "n.decided_on <= ? AND n.review_on > ? AND (n.ended_on IS NULL OR n.ended_on > ?) "
                             "ORDER BY n.wbp_id",
                             "iittt", site_id, site_id, t, t, t);
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *ids = xrealloc(*ids, sizeof **ids * (size_t)cap);
        }
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
