/* test_wbp_list.c — the WBP list query (wbp_list) against a brute-force
 * reference: every sort and direction, search text with LIKE's special
 * characters and other case, status/crime/site filters, user scope, page sizes
 * and pages past the end; totals, ids and their order must match exactly.
 * Also the brief field set of the list page, site_list_for, and (SQLite) that
 * a short search reads the site index alone. The search digests (migration
 * 012 on SQLite, 033 on PostgreSQL): the same answers without digests, after wbp_search_flush()
 * builds them, and after names, numbers and sites change and inmates are
 * deleted behind the application's back (the triggers drop the digests); the
 * list really reads them (both databases), and looks the inmates they name up
 * by id; the default order (SQLite) sorts the found inmates by the names and numbers the digests
 * hold (migration 013), and a digest that disagrees with the rows shown is not
 * trusted. Runs on
 * $BEKAL_TEST_DB when set, else on a temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "store/wbp_store.h"
#include "testdb.h"

static void load_data(void);
TESTDB_FIXTURE("wbp_list", load_data)
static int64_t uid_two; /* a user who sees sites LB and LC */

typedef struct {
    int64_t id, site_id;
    char site[8], regno[24], name[40], status[12], crime[20], start[16];
    bool gone; /* deleted */
} row_t;
static row_t rows[400];
static int nrows;
static int64_t site_ids[3];
static const char *const site_codes[3] = {"LA", "LB", "LC"};


/* Names with duplicates (ties), case variants and LIKE's special characters. */
static const char *const names[] = {"Budi Santoso", "BUDI", "budiman", "Adi Budi", "Sari", "Sari", "Dedi 50%",
                                    "Dedi 50x", "A_b", "Axb", "back\\slash", "backxslash", "Zainal", "budi",
                                    "D\xc3\xa9" "di \"Q\" Santoso"};
static const char *const statuses[] = {"ditahan", "bebas", "pindah"};
static const char *const crimes[] = {"umum", "narkotika", "korupsi"};

static void load_data(void)
{
    err_t e;
    err_clear(&e);
    for (int s = 0; s < 3; s++) {
        site_ids[s] = db_one_int(db, &e, "INSERT INTO site(code, name) VALUES (?, ?) RETURNING id", "tt",
                                 site_codes[s], site_codes[s]);
        check_ok(site_ids[s], &e, "site");
    }
    for (int i = 0; i < 360; i++) {
        row_t *r = &rows[nrows++];
        int s = (i * 7) % 3;
        r->site_id = site_ids[s];
        snprintf(r->site, sizeof r->site, "%s", site_codes[s]);
        /* regnos collide across sites on purpose (unique only within one) */
        snprintf(r->regno, sizeof r->regno, "BI.%04d", (i * 37) % 200);
        snprintf(r->name, sizeof r->name, "%s", names[(i * 5 + i / 14) % ARRAY_LEN(names)]);
        snprintf(r->status, sizeof r->status, "%s", statuses[(i / 3) % 3]);
        snprintf(r->crime, sizeof r->crime, "%s", crimes[(i / 2) % 3]);
        snprintf(r->start, sizeof r->start, "20%02d-0%d-1%d", 10 + i % 13, 1 + i % 9, i % 10);
        int64_t dup = db_one_int(db, &e, "SELECT count(*) FROM wbp WHERE site_id = ? AND regno = ?", "it",
                                 r->site_id, r->regno);
        check_ok(dup, &e, "dup");
        if (dup) {
            nrows--;
            continue;
        }
        r->id = db_one_int(db, &e,
                           "INSERT INTO wbp(site_id, regno, name, sex, crime_category, detention_start, status, "
                           "term_years, created_at, updated_at) VALUES (?, ?, ?, 'L', ?, ?, ?, 2, 'x', 'x') RETURNING id",
                           "ittttt", r->site_id, r->regno, r->name, r->crime, r->start, r->status);
        check_ok(r->id, &e, "wbp");
    }
    uid_two = db_one_int(db, &e,
                         "INSERT INTO app_user(name, role, password_hash, created_at) VALUES ('two', 'kanwil', 'x', 'x') "
                         "RETURNING id",
                         "");
    check_ok(uid_two, &e, "user");
    for (int s = 1; s < 3; s++)
        check_ok(db_run(db, &e, "INSERT INTO user_site(user_id, site_id) VALUES (?, ?)", "ii", uid_two, site_ids[s]),
                 &e, "user_site");
}

/* ---- the reference ---------------------------------------------------------- */

static const wbp_filter_t *cur;
static bool ascii_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return n == 0;
}
static int cmp_str(const char *a, const char *b) { return strcmp(a, b); }
static int cmp_id(int64_t a, int64_t b) { return a < b ? -1 : a > b; }
/* The documented orders: name → (name, regno, id); regno → (regno, id);
 * others → (column, id); all in the chosen direction. */
static int ref_cmp(const void *pa, const void *pb)
{
    const row_t *a = *(row_t *const *)pa, *b = *(row_t *const *)pb;
    const char *k = cur->sort ? cur->sort : "name";
    int c = 0;
    if (str_eq(k, "regno")) c = cmp_str(a->regno, b->regno);
    else if (str_eq(k, "detention_start")) c = cmp_str(a->start, b->start);
    else if (str_eq(k, "crime_category")) c = cmp_str(a->crime, b->crime);
    else if (str_eq(k, "status")) c = cmp_str(a->status, b->status);
    else if (str_eq(k, "site")) c = cmp_str(a->site, b->site);
    else {
        c = cmp_str(a->name, b->name);
        if (!c) c = cmp_str(a->regno, b->regno);
    }
    if (!c) c = cmp_id(a->id, b->id);
    return cur->desc ? -c : c;
}
static bool visible(int64_t uid, const row_t *r)
{
    return !r->gone && (uid == 0 || r->site_id != site_ids[0]);
}
/* Ids of the page the reference gives, and the total. */
static int ref_page(int64_t uid, const wbp_filter_t *f, int64_t *ids, int64_t *total)
{
    const row_t *m[400];
    int n = 0;
    for (int i = 0; i < nrows; i++) {
        const row_t *r = &rows[i];
        if (!visible(uid, r)) continue;
        if (f->site_id && r->site_id != f->site_id) continue;
        if (f->q && !ascii_contains(r->name, f->q) && !ascii_contains(r->regno, f->q)) continue;
        if (f->status && !str_eq(r->status, f->status)) continue;
        if (f->crime && !str_eq(r->crime, f->crime)) continue;
        m[n++] = r;
    }
    cur = f;
    qsort(m, (size_t)n, sizeof m[0], ref_cmp);
    *total = n;
    int k = 0;
    for (int i = (f->page - 1) * f->per_page; i < n && k < f->per_page; i++) ids[k++] = m[i]->id;
    return k;
}

static const row_t *row_by_id(int64_t id)
{
    for (int i = 0; i < nrows; i++)
        if (rows[i].id == id) return &rows[i];
    return NULL;
}

/* Every sort, direction, search text, page size and filter against the
 * reference (quick: fewer sorts and page sizes); returns the number of pages
 * checked. */
static int check_reference(bool quick)
{
    static const char *const all_sorts[] = {NULL, "name", "regno", "detention_start", "crime_category", "status", "site"};
    static const char *const quick_sorts[] = {NULL, "regno", "site"};
    static const char *const qs[] = {NULL,  "budi",  "BuDi", "%",      "50%",       "_",         "a_b",
                                     "\\",  "k\\s", "BI.01", "zzz",    "i ",        "i S",       "SANTOSO",
                                     "\xc3\xa9" "di", "\"q\"", "udi",   "BI.0199", "dedi 50x", "ck\\slash", "1"};
    static const int all_pers[] = {1, 7, 50, 200}, quick_pers[] = {7, 200};
    const char *const *sorts = quick ? quick_sorts : all_sorts;
    size_t nsorts = quick ? ARRAY_LEN(quick_sorts) : ARRAY_LEN(all_sorts);
    const int *pers = quick ? quick_pers : all_pers;
    size_t npers = quick ? ARRAY_LEN(quick_pers) : ARRAY_LEN(all_pers);
    int checked = 0;
    for (int u = 0; u < 2; u++)
        for (size_t si = 0; si < nsorts; si++)
            for (int desc = 0; desc < 2; desc++)
                for (size_t qi = 0; qi < ARRAY_LEN(qs); qi++)
                    for (size_t pi = 0; pi < npers; pi++)
                        for (int filt = 0; filt < 3; filt++) {
                            int64_t uid = u ? uid_two : 0;
                            wbp_filter_t f = {.q = qs[qi], .sort = sorts[si], .desc = desc, .per_page = pers[pi]};
                            if (filt == 1) f.status = "bebas", f.crime = "narkotika";
                            if (filt == 2) f.site_id = site_ids[2];
                            int64_t want_total = 0, want[200], got_total = -1;
                            /* pages 1, 2, the last and one past it */
                            f.page = 1;
                            ref_page(uid, &f, want, &want_total);
                            int last = (int)((want_total + f.per_page - 1) / f.per_page);
                            int pages[] = {1, 2, last > 0 ? last : 1, last + 1};
                            for (size_t pg = 0; pg < ARRAY_LEN(pages); pg++) {
                                if (pers[pi] == 1 && pg == 1) continue; /* enough pages of one */
                                f.page = pages[pg];
                                int nw = ref_page(uid, &f, want, &want_total);
                                arena_t a;
                                arena_init(&a);
                                err_t e;
                                err_clear(&e);
                                wbp_page_t out;
                                check_ok(wbp_list(db, &e, &a, uid, &f, &out), &e, "wbp_list");
                                got_total = out.total;
                                if (got_total != want_total || out.n != nw)
                                    fail_msg("uid %lld sort %s %s q \"%s\" per %d filt %d page %d: total %lld n %d, "
                                             "want %lld n %d",
                                             (long long)uid, sorts[si] ? sorts[si] : "-", desc ? "desc" : "asc",
                                             qs[qi] ? qs[qi] : "-", f.per_page, filt, f.page, (long long)got_total,
                                             out.n, (long long)want_total, nw);
                                for (int i = 0; i < nw; i++) {
                                    if (out.rows[i].id != want[i])
                                        fail_msg("sort %s %s q \"%s\" page %d row %d: id %lld, want %lld",
                                                 sorts[si] ? sorts[si] : "-", desc ? "desc" : "asc",
                                                 qs[qi] ? qs[qi] : "-", f.page, i, (long long)out.rows[i].id,
                                                 (long long)want[i]);
                                    const row_t *r = row_by_id(want[i]);
                                    assert_string_equal(out.rows[i].site_code, r->site);
                                    assert_string_equal(out.rows[i].v[WF_NAME], r->name);
                                    assert_string_equal(out.rows[i].v[WF_REGNO], r->regno);
                                    assert_string_equal(out.rows[i].v[WF_SEX], "L"); /* all fields by default */
                                }
                                arena_release(&a);
                                checked++;
                            }
                        }
    return checked;
}

static int64_t digests(void)
{
    err_t e;
    err_clear(&e);
    int64_t n = db_one_int(db, &e, "SELECT count(*) FROM wbp_search_site", "");
    check_ok(n, &e, "digests");
    return n;
}

/* The inserts above went past the application: no site has a digest and the
 * list searches the index entries; once wbp_search_flush() builds them, the
 * list answers from them, the same. */
static void test_matches_reference(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    assert_int_equal(digests(), 0);
    assert_true(check_reference(false) > 2000);
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    assert_int_equal(digests(), 3); /* on PostgreSQL too (migration 033) */
    assert_true(check_reference(false) > 2000);
}

/* Total of a search for "budi" by the two-site user. */
static int64_t budi_total(void)
{
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    wbp_filter_t f = {.q = "budi", .page = 1, .per_page = 50};
    wbp_page_t out;
    check_ok(wbp_list(db, &e, &a, uid_two, &f, &out), &e, "wbp_list");
    arena_release(&a);
    return out.total;
}

/* The list reads the digests, on both databases: with site LB's digest emptied
 * by hand, LB's inmates are not found; rebuilt, they are. */
static void test_digest_is_read(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    wbp_filter_t f = {.q = "budi", .page = 1, .per_page = 50};
    int64_t want[200], all = 0, in_lc = 0;
    ref_page(uid_two, &f, want, &all);
    f.site_id = site_ids[2];
    ref_page(uid_two, &f, want, &in_lc);
    assert_true(in_lc > 0 && all > in_lc);
    assert_int_equal(budi_total(), all);
    check_ok(db_run(db, &e, "UPDATE wbp_search_site SET entries = '' WHERE site_id = ?", "i", site_ids[1]), &e, "empty");
    assert_int_equal(budi_total(), in_lc);
    check_ok(db_run(db, &e, "DELETE FROM wbp_search_site WHERE site_id = ?", "i", site_ids[1]), &e, "drop");
    assert_int_equal(budi_total(), all); /* no digest: the index entries */
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    assert_int_equal(digests(), 3);
    assert_int_equal(budi_total(), all);
}

/* Renames, renumbers, moves and deletes inmates with plain SQL (as another
 * program would): the triggers drop the digests of the sites concerned, the
 * answers stay the reference's, and again once the digests are rebuilt. */
static void test_index_follows_changes(void **s)
{
    (void)s;
    err_t e;
    err_clear(&e);
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    for (int i = 0; i < nrows; i += 7) {
        row_t *r = &rows[i];
        if (r->gone) continue;
        switch ((i / 7) % 4) {
        case 0: /* a budi no more, or one now */
            snprintf(r->name, sizeof r->name, "%s", ascii_contains(r->name, "budi") ? "Tono" : "Rabudin");
            check_ok(db_run(db, &e, "UPDATE wbp SET name = ? WHERE id = ?", "ti", r->name, r->id), &e, "rename");
            break;
        case 1: /* a new number (kept unique within the site) */
            snprintf(r->regno, sizeof r->regno, "X%d-budi", i);
            check_ok(db_run(db, &e, "UPDATE wbp SET regno = ? WHERE id = ?", "ti", r->regno, r->id), &e, "regno");
            break;
        case 2: /* another site, under a number no one there has */
            r->site_id = site_ids[(r->site_id == site_ids[1]) ? 2 : 1];
            snprintf(r->site, sizeof r->site, "%s", r->site_id == site_ids[1] ? "LB" : "LC");
            snprintf(r->regno, sizeof r->regno, "M%d", i);
            check_ok(db_run(db, &e, "UPDATE wbp SET site_id = ?, regno = ? WHERE id = ?", "iti", r->site_id, r->regno,
                            r->id),
                     &e, "move");
            break;
        default:
            r->gone = true;
            check_ok(db_run(db, &e, "DELETE FROM wbp WHERE id = ?", "i", r->id), &e, "delete");
        }
    }
    assert_int_equal(digests(), 0); /* every site had a change (the triggers, both databases) */
    assert_true(check_reference(true) > 500);
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    assert_int_equal(digests(), 3);
    assert_true(check_reference(true) > 500);
}

/* The ids of a one-page search for "budi" (every site, the default order, all
 * on one page) are the reference's. */
static void check_budi_page(void)
{
    wbp_filter_t f = {.q = "budi", .page = 1, .per_page = 200};
    int64_t want[200], total = 0;
    int nw = ref_page(0, &f, want, &total);
    assert_true(nw > 20 && nw == total);
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    wbp_page_t out;
    check_ok(wbp_list(db, &e, &a, 0, &f, &out), &e, "wbp_list");
    assert_int_equal(out.total, total);
    assert_int_equal(out.n, nw);
    for (int i = 0; i < nw; i++) assert_int_equal(out.rows[i].id, want[i]);
    arena_release(&a);
}

/* SQLite: the default order comes from the names and numbers the digests hold
 * (the triggers keep them right, as they keep what the digests find); the rows
 * of the page are checked against them, so a digest that disagrees with a row
 * shown (edited behind the triggers' back here; a change committed between
 * reading the digests and the rows) is not trusted for the order. */
static void test_digest_sort_keys_checked(void **s)
{
    (void)s;
    if (db_kind(db) != DB_SQLITE) skip();
    err_t e;
    err_clear(&e);
    check_ok(db_exec(db, "DELETE FROM wbp_search_site", &e), &e, "drop");
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    assert_int_equal(digests(), 3);
    check_budi_page();
    int64_t n = db_one_int(db, &e, "SELECT count(*) FROM wbp_search_site WHERE instr(entries, 'Budi Santoso' ||"
                                   " char(31)) > 0 AND instr(entries, char(31) || 'BI.00') > 0", "");
    check_ok(n, &e, "count");
    assert_true(n > 0);
    /* every inmate found before is found still, but "ABudi Santoso" sorts first */
    check_ok(db_run(db, &e, "UPDATE wbp_search_site SET entries = replace(entries, 'Budi Santoso' || char(31),"
                            " 'ABudi Santoso' || char(31))", ""), &e, "tamper");
    check_budi_page();
    /* numbers BI.00.. sort last among equal names */
    check_ok(db_exec(db, "DELETE FROM wbp_search_site", &e), &e, "drop");
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    check_ok(db_run(db, &e, "UPDATE wbp_search_site SET entries = replace(entries, char(31) || 'BI.00',"
                            " char(31) || '~BI.00')", ""), &e, "tamper regno");
    check_budi_page();
    check_ok(db_exec(db, "DELETE FROM wbp_search_site", &e), &e, "drop");
    check_ok(wbp_search_flush(db, &e), &e, "flush");
    assert_true(check_reference(true) > 500);
}

/* SQLite: the inmates the digests found are looked up by id, not by a scan. */
static void test_search_uses_digest_ids(void **s)
{
    (void)s;
    if (db_kind(db) != DB_SQLITE) skip();
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(db, &e,
                             "EXPLAIN QUERY PLAN SELECT w.id FROM (SELECT value AS id FROM json_each(?)) AS c"
                             " CROSS JOIN wbp w ON w.id = c.id JOIN user_site us ON us.site_id = w.site_id AND"
                             " us.user_id = ? WHERE 1 = 1 AND (bekal_contains(w.name, ?) OR bekal_contains(w.regno, ?))"
                             " ORDER BY w.name ASC, w.regno ASC, w.id ASC LIMIT ? OFFSET ?",
                             "titiii", "[1,2,3]", uid_two, "budi", "budi", 50, 0);
    assert_non_null(st);
    bool by_id = false, scan = false;
    while (db_step(st, &e) == 1) {
        const char *d = db_col_text(st, db_ncols(st) - 1);
        if (strstr(d, "SEARCH w USING INTEGER PRIMARY KEY")) by_id = true;
        if (strstr(d, "SCAN w")) scan = true;
    }
    db_finalize(st);
    assert_true(by_id);
    assert_false(scan);
}

/* The list page's brief rows: its fields filled, the rest NULL. */
static void test_brief_fields(void **s)
{
    (void)s;
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    wbp_filter_t f = {.q = "budi", .page = 1, .per_page = 20, .brief = true};
    wbp_page_t out;
    check_ok(wbp_list(db, &e, &a, 0, &f, &out), &e, "wbp_list");
    assert_true(out.n > 0);
    for (int i = 0; i < out.n; i++) {
        const row_t *r = row_by_id(out.rows[i].id);
        const char **v = out.rows[i].v;
        assert_string_equal(v[WF_NAME], r->name);
        assert_string_equal(v[WF_STATUS], r->status);
        assert_string_equal(v[WF_CRIME_CATEGORY], r->crime);
        assert_string_equal(v[WF_DETENTION_START], r->start);
        assert_string_equal(v[WF_SENTENCE_KIND], "pidana");
        assert_string_equal(v[WF_TERM_YEARS], "2");
        assert_null(v[WF_SEX]);
        assert_null(v[WF_NATIONALITY]);
        assert_string_equal(out.rows[i].site_code, r->site);
    }
    arena_release(&a);
}

static void test_site_list(void **s)
{
    (void)s;
    arena_t a;
    arena_init(&a);
    err_t e;
    err_clear(&e);
    site_list_t sl;
    check_ok(site_list_for(db, &e, &a, uid_two, &sl), &e, "sites");
    assert_int_equal(sl.n, 2);
    assert_string_equal(sl.code[0], "LB");
    assert_string_equal(sl.code[1], "LC");
    assert_int_equal(sl.id[1], site_ids[2]);
    check_ok(site_list_for(db, &e, &a, 0, &sl), &e, "sites");
    assert_int_equal(sl.n, 3);
    assert_string_equal(sl.code[0], "LA");
    check_ok(site_list_for(db, &e, &a, 987654, &sl), &e, "sites");
    assert_int_equal(sl.n, 0);
    arena_release(&a);
}

/* SQLite: the search reads names and numbers from the site index alone (no
 * table row per inmate), which is what keeps the list fast at 300,000. */
static void test_search_uses_site_index(void **s)
{
    (void)s;
    if (db_kind(db) != DB_SQLITE) skip();
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(db, &e,
                             "EXPLAIN QUERY PLAN SELECT count(*) FROM wbp w JOIN user_site us ON us.site_id = "
                             "w.site_id AND us.user_id = ? WHERE 1 = 1 AND (bekal_contains(w.name, ?) OR "
                             "bekal_contains(w.regno, ?))",
                             "itt", uid_two, "budi", "budi");
    assert_non_null(st);
    bool covering = false;
    while (db_step(st, &e) == 1)
        if (strstr(db_col_text(st, db_ncols(st) - 1), "COVERING INDEX wbp_site_name_regno")) covering = true;
    db_finalize(st);
    assert_true(covering);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_brief_fields),
        cmocka_unit_test(test_site_list),
        cmocka_unit_test(test_search_uses_site_index),
        cmocka_unit_test(test_search_uses_digest_ids),
        cmocka_unit_test(test_digest_is_read),
        cmocka_unit_test(test_digest_sort_keys_checked),
        cmocka_unit_test(test_index_follows_changes),
    };
    return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
