/* wbp_store.c — the WBP register: searchable, sortable, paged list and import upsert. */
#include "wbp_store.h"
#include "scope.h"
#include "caseload_store.h"
#include "../core/scope.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Sort orders. Those for name and regno follow an index within each site
 * (wbp(site_id, name, regno) from migration 010, and UNIQUE(site_id, regno)),
 * ties broken in the index's own order, so the database stops reading a site
 * once it has a page of rows from it instead of sorting the whole scope. */
static const struct {
    const char *key, *cols[3]; /* each column sorted the same way, ASC or DESC */
} sorts[] = {
    {"name", {"w.name", "w.regno", "w.id"}},
    {"regno", {"w.regno", "w.id"}},
    {"detention_start", {"w.detention_start", "w.id"}},
    {"crime_category", {"w.crime_category", "w.id"}},
    {"status", {"w.status", "w.id"}},
    {"site", {"s.code", "w.id"}},
};

/* The fields the list page shows (filter.brief): the others are left NULL. */
static const int brief_fields[] = {WF_REGNO,       WF_NAME,      WF_CRIME_CATEGORY,  WF_SENTENCE_KIND, WF_TERM_YEARS,
                                   WF_TERM_MONTHS, WF_TERM_DAYS, WF_DETENTION_START, WF_STATUS};

/* Bound values of a list query, in placeholder order. */
typedef struct {
    int n;
    struct {
        char t; /* 'i' or 't' */
        int64_t i;
        const char *s;
    } v[16];
} binds_t;
static void bind_i(binds_t *b, int64_t i) { b->v[b->n].t = 'i', b->v[b->n].i = i, b->n++; }
static void bind_t(binds_t *b, const char *s) { b->v[b->n].t = 't', b->v[b->n].s = s, b->n++; }
static db_stmt_t *query_binds(db_t *db, err_t *e, const char *sql, const binds_t *b)
{
    db_stmt_t *st = db_prepare(db, sql, e);
    if (!st) return NULL;
    for (int i = 0; i < b->n; i++) {
        if (b->v[i].t == 'i') db_bind_int(st, i + 1, b->v[i].i);
        else db_bind_text(st, i + 1, b->v[i].s);
    }
    return st;
}

/* Writes " FROM wbp w [JOIN site s] [JOIN user_site us] WHERE ..." with only the
 * filters in use, and their values into b: the planner sees what is asked, and
 * no row pays for `? IS NULL OR ...` tests of filters not given. A user's scope
 * is a join on user_site, so the site indexes are used; the command line (uid 0)
 * sees every site.
 * The search text is literal. SQLite: the driver's bekal_contains(), which
 * answers as LIKE '%text%' does there (ASCII case ignored) at half the cost per
 * row. PostgreSQL: LIKE with % _ and \ escaped, both sides lower()ed (its LIKE
 * minds case), the pattern built in SQL ('%' || ? || '%'). */
static void list_from(buf_t *sql, binds_t *b, db_t *db, arena_t *a, int64_t uid, const wbp_filter_t *f, bool site,
                      const char *cand, bool restricted)
{
    if (cand && db_kind(db) == DB_SQLITE) {
        /* the inmates the digests of the list's sites found (a JSON array of
         * ids; the sites were narrowed to the user's there), checked below by
         * bekal_contains() as without them */
        buf_puts(sql, " FROM (SELECT value AS id FROM json_each(?)) AS c CROSS JOIN wbp w ON w.id = c.id");
        bind_t(b, cand);
        if (site) buf_puts(sql, " JOIN site s ON s.id = w.site_id");
        buf_puts(sql, " WHERE 1 = 1");
    } else if (cand) {
        /* PostgreSQL: the same ids as an array literal ("{1,2}"), read by one index
         * scan of the primary key (id = ANY: ~20 % less than joining a function
         * scan of the JSON array) */
        buf_puts(sql, " FROM wbp w");
        if (site) buf_puts(sql, " JOIN site s ON s.id = w.site_id");
        buf_puts(sql, " WHERE w.id = ANY(CAST(? AS BIGINT[]))");
        bind_t(b, cand);
    } else {
        buf_puts(sql, " FROM wbp w");
        if (site) buf_puts(sql, " JOIN site s ON s.id = w.site_id");
        if (uid) {
            buf_puts(sql, " JOIN user_site us ON us.site_id = w.site_id AND us.user_id = ?");
            bind_i(b, uid);
        }
        buf_puts(sql, " WHERE 1 = 1");
    }
    if (restricted) {
        /* the inmates this user's role may see within the sites (store/scope.h) */
        buf_puts(sql, " AND " WBP_SCOPE_RESTRICTED("w.id"));
        bind_i(b, uid);
    }
    if (f->site_id && !cand) {
        buf_puts(sql, " AND w.site_id = ?");
        bind_i(b, f->site_id);
    }
    if (f->q && *f->q && db_kind(db) == DB_SQLITE) {
        /* the SQLite driver's bekal_contains(): LIKE's answer, at half its cost */
        buf_puts(sql, " AND (bekal_contains(w.name, ?) OR bekal_contains(w.regno, ?))");
        bind_t(b, f->q);
        bind_t(b, f->q);
    } else if (f->q && *f->q) {
        buf_t lb;
        buf_init(&lb);
        for (const char *p = f->q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&lb, '\\');
            buf_putc(&lb, *p);
        }
        const char *text = arena_strdup(a, lb.data);
        buf_release(&lb);
        buf_puts(sql, " AND (lower(w.name) LIKE lower('%' || CAST(? AS TEXT) || '%') ESCAPE '\\'"
                      " OR lower(w.regno) LIKE lower('%' || CAST(? AS TEXT) || '%') ESCAPE '\\')");
        bind_t(b, text);
        bind_t(b, text);
    }
    if (f->status) {
        buf_puts(sql, " AND w.status = ?");
        bind_t(b, f->status);
    }
    if (f->crime) {
        buf_puts(sql, " AND w.crime_category = ?");
        bind_t(b, f->crime);
    }
}

/* Whether the m bytes at t are those of q (lower case), ASCII case ignored
 * (as SQLite's lower() and bekal_contains() fold case). */
static bool eq_fold(const char *t, const char *q, size_t m)
{
    for (size_t i = 0; i < m; i++) {
        char c = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] + 32) : t[i];
        if (c != q[i]) return false;
    }
    return true;
}

/* The first place in [p, end) holding the m bytes of q (m > 0, lower case),
 * ASCII case ignored, or NULL. With SSE2, 16 places at a time are tested for
 * q's first and last bytes (a letter's case is ignored by setting bit 0x20,
 * other bytes are compared as they are), and only those passing are compared
 * in full: a digest is scanned at a few instructions per 16 bytes. */
static const char *find(const char *p, const char *end, const char *q, size_t m)
{
#ifdef __SSE2__
    const char q0 = q[0], ql = q[m - 1];
    const __m128i f = _mm_set1_epi8(q0), l = _mm_set1_epi8(ql);
    const __m128i fo = _mm_set1_epi8(q0 >= 'a' && q0 <= 'z' ? 0x20 : 0);
    const __m128i lo = _mm_set1_epi8(ql >= 'a' && ql <= 'z' ? 0x20 : 0);
    while ((size_t)(end - p) >= m + 15) { /* both loads inside [p, end) */
        __m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)p), fo);
        __m128i y = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + m - 1)), lo);
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, f), _mm_cmpeq_epi8(y, l)));
        while (mask) {
            const char *c = p + __builtin_ctz(mask);
            if (eq_fold(c, q, m)) return c;
            mask &= mask - 1;
        }
        p += 16;
    }
#endif
    for (; (size_t)(end - p) >= m; p++)
        if (eq_fold(p, q, m)) return p;
    return NULL;
}

/* PostgreSQL: a digest row's version, for the cache below (NULL without a row). */
#define PG_DIGEST_VER "d.xmin::text || '/' || d.ctid::text || '/' || octet_length(d.entries)"

/* Above this many inmates found in the digests, the list searches the index
 * entries itself (a short text in a large scope finds nearly everyone). */
#define MAX_CANDIDATES 4096

/* An inmate the digests found: its id and site, its name and number as stored
 * (for the default order), and the text of its entry's other fields (crime
 * category to status, migration 037), all pointing into an arena copy of the
 * entry. */
typedef struct {
    int64_t id, site_id;
    const char *name, *regno, *rest;
    size_t nl, rl, restl;
} cand_t;
/* The candidates, and the sites whose digests were read (ordered by code; as
 * site_list_for() gives them when every site of the user was read). */
typedef struct {
    int n, cap;
    cand_t *v;
    site_list_t sites;
    bool all_sites;
} cands_t;

/* The fields of an entry after its id, in this order (migration 037). */
static const int rest_fields[] = {WF_CRIME_CATEGORY, WF_SENTENCE_KIND, WF_TERM_YEARS,     WF_TERM_MONTHS,
                                  WF_TERM_DAYS,      WF_DETENTION_START, WF_STATUS};
#define ENTRY_SEPS (2 + (int)ARRAY_LEN(rest_fields)) /* the US separators of an entry */

/* Adds the entries of one site's digest text t that hold the search text q (m
 * bytes, lower case) in their name or number to *c. False when the digest
 * cannot serve (an entry not of the digest's form, too many found). */
static bool scan_digest(arena_t *a, cands_t *c, int64_t site, const char *t, const char *q, size_t m)
{
    const char *end = t + strlen(t);
    for (const char *p = t; p < end;) {
        const char *hit = find(p, end, q, m);
        if (!hit) break;
        /* the entry holding the hit, and its fields */
        const char *x = memchr(hit, 0x1e, (size_t)(end - hit));
        if (!x) x = end;
        const char *s = hit;
        while (s > t && s[-1] != 0x1e) s--;
        const char *u[ENTRY_SEPS + 1];
        int nu = 0;
        for (const char *y = s; nu <= ENTRY_SEPS && (y = memchr(y, 0x1f, (size_t)(x - y))) != NULL; y++) u[nu++] = y;
        if (nu != ENTRY_SEPS) return false; /* not a digest entry of this form: don't trust it */
        p = x + 1;
        /* the entry's first hit: in its name or number, else (in the id or a
         * later field) the entry does not hold the text */
        if (hit + m > u[1]) continue;
        int64_t id = 0;
        const char *d = u[1] + 1;
        if (d == u[2] || u[2] - d > 18) return false;
        for (; d < u[2]; d++) {
            if (*d < '0' || *d > '9') return false;
            id = id * 10 + (*d - '0');
        }
        if (c->n == c->cap) {
            if (c->n >= MAX_CANDIDATES) return false;
            int cap = c->cap ? c->cap * 2 : 128;
            cand_t *v = arena_alloc(a, sizeof(cand_t) * (size_t)cap);
            if (c->n) memcpy(v, c->v, sizeof(cand_t) * (size_t)c->n);
            c->v = v, c->cap = cap;
        }
        cand_t *k = &c->v[c->n++];
        const char *ent = arena_strndup(a, s, (size_t)(x - s));
        k->id = id, k->site_id = site;
        k->nl = (size_t)(u[0] - s), k->rl = (size_t)(u[1] - u[0] - 1);
        k->name = ent;
        k->regno = ent + (u[0] + 1 - s);
        k->rest = ent + (u[2] + 1 - s);
        k->restl = (size_t)(x - u[2] - 1);
    }
    return true;
}

/* PostgreSQL: the digests this process last read, by site and row version
 * (xmin, ctid and length: a row version's text never changes, and the triggers
 * replace a changed digest by a new row), so a search asks the database only
 * for the versions of its sites' digests and reads again only those that
 * changed: a site's digest is ~35 KB at N=300k, and sending the user's three
 * of them was most of the list's cost on PostgreSQL. At most DCACHE_MAX bytes
 * are kept (then it starts afresh). Searches scan the cached texts in place
 * under a read lock: copying them into the request's arena made glibc give the
 * memory back to the system after each request (madvise and a TLB flush on
 * every core, a sixth of the server's CPU in perf). */
#define DCACHE_MAX (16u << 20)
typedef struct {
    int64_t site_id;
    char *ver, *text;
    size_t len;
} dcache_t;
static pthread_rwlock_t dc_lock = PTHREAD_RWLOCK_INITIALIZER;
static dcache_t *dc;
static int dc_n, dc_cap;
static size_t dc_bytes;

/* Scans the cached text of site's digest at version ver into *c (scan_digest):
 * 1 done (*serve its answer), 0 not cached. */
static int dcache_scan(arena_t *a, cands_t *c, int64_t site, const char *ver, const char *q, size_t m, bool *serve)
{
    int out = 0;
    pthread_rwlock_rdlock(&dc_lock);
    for (int i = 0; i < dc_n; i++)
        if (dc[i].site_id == site) {
            if (str_eq(dc[i].ver, ver)) {
                *serve = scan_digest(a, c, site, dc[i].text, q, m);
                out = 1;
            }
            break;
        }
    pthread_rwlock_unlock(&dc_lock);
    return out;
}

static void dcache_put(int64_t site, const char *ver, const char *text)
{
    size_t len = strlen(text);
    if (len > DCACHE_MAX / 4) return;
    pthread_rwlock_wrlock(&dc_lock);
    int at = -1;
    for (int i = 0; i < dc_n && at < 0; i++)
        if (dc[i].site_id == site) at = i;
    if (at >= 0) { /* a newer version of the site's digest */
        dc_bytes -= dc[at].len;
        free(dc[at].ver), free(dc[at].text);
        dc[at] = dc[--dc_n];
    }
    if (dc_bytes + len > DCACHE_MAX) { /* full: start afresh */
        for (int i = 0; i < dc_n; i++) free(dc[i].ver), free(dc[i].text);
        dc_n = 0, dc_bytes = 0;
    }
    if (dc_n == dc_cap) {
        dc_cap = dc_cap ? dc_cap * 2 : 64;
        dc = xrealloc(dc, sizeof *dc * (size_t)dc_cap);
    }
    dc[dc_n++] = (dcache_t){site, xstrdup(ver), xstrdup(text), len};
    dc_bytes += len;
    pthread_rwlock_unlock(&dc_lock);
}

/* PostgreSQL: scans site's digest at version ver into *c, from the cache or
 * read (and cached). Returns 1 done (*serve the scan's answer; false also when
 * the digest is gone or changed since), -1 on a database error. */
static int pg_digest_scan(db_t *db, err_t *e, arena_t *a, cands_t *c, int64_t site, const char *ver, const char *q,
                          size_t m, bool *serve)
{
    if (dcache_scan(a, c, site, ver, q, m, serve)) return 1;
    db_stmt_t *st = db_query(db, e, "SELECT " PG_DIGEST_VER ", d.entries FROM wbp_search_site d WHERE d.site_id = ?",
                             "i", site);
    if (!st) return -1;
    int r = db_step(st, e);
    *serve = false;
    if (r == 1 && str_eq(db_col_text(st, 0), ver)) {
        dcache_put(site, ver, db_col_text(st, 1));
        *serve = scan_digest(a, c, site, db_col_text(st, 1), q, m);
    }
    while (r == 1) r = db_step(st, e);
    db_finalize(st);
    return r < 0 ? -1 : 1;
}

/* Room for one more site in l (n of cap used; cap updated), and in extra, an array
 * kept beside it, when not NULL. */
static void site_list_room(arena_t *a, site_list_t *l, int *cap, const char ***extra)
{
    if (l->n < *cap) return;
    int c = *cap;
    l->id = arena_regrow(a, l->id, l->n, &c, sizeof *l->id);
    c = *cap, l->code = arena_regrow(a, l->code, l->n, &c, sizeof *l->code);
    c = *cap, l->name = arena_regrow(a, l->name, l->n, &c, sizeof *l->name);
    if (extra) c = *cap, *extra = arena_regrow(a, *extra, l->n, &c, sizeof **extra);
    *cap = c;
}

/* The inmates of the list's sites (f->site_id, else the user's, else every
 * site) whose name or number in the site digests (migrations 012, 013, 033,
 * 037: entries "name US regno US id US crime_category US sentence_kind US
 * term_years US term_months US term_days US detention_start US status" joined
 * by RS) contains the search text, ASCII case ignored, into *c (arena a): the
 * search's answer as the digests tell it. The sites read come with their code
 * and name, ordered by code (c->sites; c->all_sites when they are the user's,
 * or every site, as site_list_for() gives them). SQLite reads the digests in
 * the same query; PostgreSQL their versions, then the texts from the cache
 * above. Returns 1, or 0 when the digests cannot serve (no text, control
 * characters in it, a site without a digest, an entry not of that form, too
 * many found): the list then searches as before; -1 on a database error. */
static int search_candidates(db_t *db, err_t *e, arena_t *a, int64_t uid, const wbp_filter_t *f, cands_t *c)
{
    memset(c, 0, sizeof *c);
    if (!f->q || !*f->q) return 0;
    size_t m = strlen(f->q);
    char *q = arena_strdup(a, f->q);
    for (size_t i = 0; i < m; i++) {
        unsigned char ch = (unsigned char)q[i];
        if (ch < 0x20) return 0; /* the digests' separators are control characters */
        /* PostgreSQL's lower() folds more than ASCII (É, and with it the LIKE the
         * found rows are checked with): a text beyond ASCII is searched as before */
        if (ch >= 0x80 && db_kind(db) != DB_SQLITE) return 0;
        if (ch >= 'A' && ch <= 'Z') q[i] = (char)(ch + 32);
    }
    bool lite = db_kind(db) == DB_SQLITE;
    /* SQLite: the digest itself; PostgreSQL: its version */
    const char *dcol = lite ? "d.entries" : PG_DIGEST_VER;
    /* the site list's order, by code: SQLite's sorter would copy each row with its
     * digest (~35 KB a site at N=300k), so the sites are sorted here (BINARY order,
     * as SQLite's ORDER BY) */
    const char *order = lite ? "" : " ORDER BY s.code";
    db_stmt_t *st;
    if (f->site_id && uid)
        st = db_query(db, e,
                      arena_printf(a, "SELECT us.site_id, %s, s.code, s.name FROM user_site us JOIN site s"
                                      " ON s.id = us.site_id LEFT JOIN wbp_search_site d ON d.site_id = us.site_id"
                                      " WHERE us.user_id = ? AND us.site_id = ?", dcol),
                      "ii", uid, f->site_id);
    else if (f->site_id)
        st = db_query(db, e,
                      arena_printf(a, "SELECT s.id, %s, s.code, s.name FROM site s LEFT JOIN wbp_search_site d"
                                      " ON d.site_id = s.id WHERE s.id = ?", dcol),
                      "i", f->site_id);
    else if (uid)
        st = db_query(db, e,
                      arena_printf(a, "SELECT us.site_id, %s, s.code, s.name FROM user_site us JOIN site s"
                                      " ON s.id = us.site_id LEFT JOIN wbp_search_site d ON d.site_id = us.site_id"
                                      " WHERE us.user_id = ?%s", dcol, order),
                      "i", uid);
    else
        st = db_query(db, e,
                      arena_printf(a, "SELECT s.id, %s, s.code, s.name FROM site s LEFT JOIN wbp_search_site d"
                                      " ON d.site_id = s.id%s", dcol, order),
                      "");
    if (!st) return -1;
    int rc = 0, scap = 0;
    bool serve = true;
    site_list_t *sl = &c->sites;
    const char **vers = NULL;
    while ((rc = db_step(st, e)) == 1) {
        int64_t site = db_col_int(st, 0);
        site_list_room(a, sl, &scap, &vers); /* every row: the site list is whole even when the digests cannot serve */
        sl->id[sl->n] = site;
        sl->code[sl->n] = arena_strdup(a, db_col_text(st, 2));
        sl->name[sl->n] = arena_strdup(a, db_col_text(st, 3));
        vers[sl->n] = db_col_null(st, 1) ? NULL : lite ? "" : arena_strdup(a, db_col_text(st, 1));
        sl->n++;
        if (!vers[sl->n - 1]) serve = false; /* a site whose digest is being rebuilt */
        else if (lite && serve) serve = scan_digest(a, c, site, db_col_text(st, 1), q, m);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; !lite && serve && i < sl->n; i++)
        if (pg_digest_scan(db, e, a, c, sl->id[i], vers[i], q, m, &serve) < 0) return -1;
    c->all_sites = !f->site_id;
    for (int i = 1; lite && i < sl->n; i++) /* by code (a user has a few sites; every site: already near order) */
        for (int j = i; j > 0 && strcmp(sl->code[j - 1], sl->code[j]) > 0; j--) {
            int64_t ti = sl->id[j];
            const char *tc = sl->code[j], *tn = sl->name[j];
            sl->id[j] = sl->id[j - 1], sl->code[j] = sl->code[j - 1], sl->name[j] = sl->name[j - 1];
            sl->id[j - 1] = ti, sl->code[j - 1] = tc, sl->name[j - 1] = tn;
        }
    if (!sl->id) { /* as site_list_for(): arrays all the same */
        sl->id = arena_alloc(a, sizeof(int64_t));
        sl->code = arena_alloc(a, sizeof(char *));
        sl->name = arena_alloc(a, sizeof(char *));
    }
    return serve ? 1 : 0;
}

/* PostgreSQL: whether the database's collation and character type are C (asked
 * once per connection): texts then sort as SQLite's BINARY order does, and
 * lower() folds ASCII letters only, so the digests' answer and order are the
 * database's own. SQLite: always. -1 on a database error. */
static int texts_as_bytes(db_t *db, err_t *e)
{
    if (db_kind(db) == DB_SQLITE) return 1;
    if (!db->texts_as_bytes) {
        db_stmt_t *st = db_query(db, e, "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()", "");
        if (!st) return -1;
        int rc = db_step(st, e);
        bool c = false;
        if (rc == 1) {
            const char *co = db_col_text(st, 0), *ct = db_col_text(st, 1);
            c = (str_eq(co, "C") || str_eq(co, "POSIX")) && (str_eq(ct, "C") || str_eq(ct, "POSIX"));
            while ((rc = db_step(st, e)) == 1) {}
        }
        db_finalize(st);
        if (rc < 0) return -1;
        db->texts_as_bytes = c ? 1 : -1;
    }
    return db->texts_as_bytes > 0;
}

/* The candidates' ids as a JSON array (for SQLite's json_each()), or for
 * PostgreSQL an array literal ("{1,2}"). */
static const char *cands_json(db_t *db, arena_t *a, const cands_t *c)
{
    bool lite = db_kind(db) == DB_SQLITE;
    buf_t ids;
    buf_init(&ids);
    buf_putc(&ids, lite ? '[' : '{');
    for (int i = 0; i < c->n; i++) {
        if (i) buf_putc(&ids, ',');
        buf_printf(&ids, "%lld", (long long)c->v[i].id);
    }
    buf_putc(&ids, lite ? ']' : '}');
    const char *out = arena_strdup(a, ids.data);
    buf_release(&ids);
    return out;
}

/* SQLite's BINARY order of two texts: bytes, then the shorter first. */
static int bin_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    int r = memcmp(a, b, na < nb ? na : nb);
    return r ? r : na < nb ? -1 : na > nb;
}
/* The default order: name, regno, id (ascending). */
static int cand_cmp(const void *pa, const void *pb)
{
    const cand_t *a = pa, *b = pb;
    int r = bin_cmp(a->name, a->nl, b->name, b->nl);
    if (!r) r = bin_cmp(a->regno, a->rl, b->regno, b->rl);
    return r ? r : a->id < b->id ? -1 : a->id > b->id;
}

/* The columns of a listed row: id, site, its code and name (when the query
 * joins site s, else NULL), times (NULL in the brief set), then the fields
 * (the brief set or all). */
static void row_cols(buf_t *sql, const wbp_filter_t *f, bool site)
{
    const record_def_t *d = &wbp_def;
    buf_puts(sql, site ? "SELECT w.id, w.site_id, s.code, s.name" : "SELECT w.id, w.site_id, NULL, NULL");
    buf_puts(sql, f->brief ? ", NULL, NULL" : ", w.created_at, w.updated_at");
    if (f->brief)
        for (size_t i = 0; i < ARRAY_LEN(brief_fields); i++) buf_printf(sql, ", w.%s", d->fields[brief_fields[i]].name);
    else
        for (int i = 0; i < d->nfields; i++) buf_printf(sql, ", w.%s", d->fields[i].name);
}

/* Copies the row_cols() columns of st's current row into r (arena a). */
static void row_fill(db_stmt_t *st, arena_t *a, const wbp_filter_t *f, rec_t *r)
{
    const record_def_t *d = &wbp_def;
    r->id = db_col_int(st, 0);
    r->site_id = db_col_int(st, 1);
    if (!db_col_null(st, 2)) {
        r->site_code = arena_strdup(a, db_col_text(st, 2));
        r->site_name = arena_strdup(a, db_col_text(st, 3));
    }
    r->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
    if (f->brief) {
        for (int i = 0; i < d->nfields; i++) r->v[i] = NULL;
        for (size_t i = 0; i < ARRAY_LEN(brief_fields); i++)
            r->v[brief_fields[i]] = arena_strdup(a, db_col_text(st, 6 + (int)i));
    } else {
        r->created_at = arena_strdup(a, db_col_text(st, 4));
        r->updated_at = arena_strdup(a, db_col_text(st, 5));
        for (int i = 0; i < d->nfields; i++) r->v[i] = arena_strdup(a, db_col_text(st, 6 + i));
    }
}

/* The page from the digests' candidates (search_candidates) in one query: all
 * of them that pass the filters, sorted, their rows read as they come; the
 * total is their number. */
static int list_candidates(db_t *db, err_t *e, arena_t *a, int64_t uid, const wbp_filter_t *f, int sort, int per,
                           int page, const char *cand, bool restricted, wbp_page_t *out)
{
    buf_t sql;
    buf_init(&sql);
    binds_t b = {0};
    row_cols(&sql, f, true);
    list_from(&sql, &b, db, a, uid, f, true, cand, restricted);
    for (int i = 0; i < 3 && sorts[sort].cols[i]; i++)
        buf_printf(&sql, "%s%s %s", i ? ", " : " ORDER BY ", sorts[sort].cols[i], f->desc ? "DESC" : "ASC");
    db_stmt_t *st = query_binds(db, e, sql.data, &b);
    buf_release(&sql);
    if (!st) return -1;
    int64_t seen = 0, skip = (int64_t)(page - 1) * per;
    int rc;
    while ((rc = db_step(st, e)) == 1)
        if (seen++ >= skip && out->n < per) row_fill(st, a, f, &out->rows[out->n++]);
    db_finalize(st);
    if (rc < 0) return -1;
    out->total = seen;
    return 0;
}

/* Fetches the rows of ids[0..n) (n > 0) that still hold the search text into
 * rows[], in that order, in one query; the id list padded to a power of two
 * (repeating the last id) so a few SQL texts serve every page size. Rows gone
 * or no longer matching leave rows[i].id 0. The site's code and name come from
 * one short query per site on the page (a page has a few sites; joining site
 * would look one up per row). */
static int fetch_rows(db_t *db, err_t *e, arena_t *a, const wbp_filter_t *f, const int64_t *ids, int n, bool search,
                      rec_t *rows)
{
    int k = 1;
    while (k < n) k <<= 1;
    buf_t sql;
    buf_init(&sql);
    row_cols(&sql, f, false);
    buf_puts(&sql, " FROM wbp w WHERE w.id IN (");
    for (int i = 0; i < k; i++) buf_puts(&sql, i ? ", ?" : "?");
    buf_putc(&sql, ')');
    if (search) buf_puts(&sql, " AND (bekal_contains(w.name, ?) OR bekal_contains(w.regno, ?))");
    db_stmt_t *st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    for (int i = 0; i < k; i++) db_bind_int(st, i + 1, ids[i < n ? i : n - 1]);
    if (search) {
        db_bind_text(st, k + 1, f->q);
        db_bind_text(st, k + 2, f->q);
    }
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        int at = 0;
        while (at < n && ids[at] != id) at++;
        if (at < n) row_fill(st, a, f, &rows[at]);
    }
    db_finalize(st);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (!rows[i].id || rows[i].site_code) continue;
        st = db_query(db, e, "SELECT code, name FROM site WHERE id = ?", "i", rows[i].site_id);
        if (!st) return -1;
        rc = db_step(st, e);
        const char *code = rc == 1 ? arena_strdup(a, db_col_text(st, 0)) : "";
        const char *name = rc == 1 ? arena_strdup(a, db_col_text(st, 1)) : "";
        db_finalize(st);
        if (rc < 0) return -1;
        for (int j = i; j < n; j++)
            if (rows[j].id && rows[j].site_id == rows[i].site_id) rows[j].site_code = code, rows[j].site_name = name;
    }
    return 0;
}

/* The site's code and name from the sites the digests were read for. */
static void cand_site(const cands_t *c, int64_t site_id, rec_t *r)
{
    for (int i = 0; i < c->sites.n; i++)
        if (c->sites.id[i] == site_id) {
            r->site_code = c->sites.code[i], r->site_name = c->sites.name[i];
            return;
        }
}

/* Fills r's brief fields (the list page's) from candidate k's digest entry
 * (migration 037). False when the entry's fields are not as expected. */
static bool cand_fill(arena_t *a, const cands_t *c, const cand_t *k, rec_t *r)
{
    const record_def_t *d = &wbp_def;
    r->id = k->id;
    r->site_id = k->site_id;
    r->v = arena_alloc(a, sizeof(char *) * (size_t)d->nfields);
    for (int i = 0; i < d->nfields; i++) r->v[i] = NULL;
    r->v[WF_NAME] = arena_strndup(a, k->name, k->nl);
    r->v[WF_REGNO] = arena_strndup(a, k->regno, k->rl);
    const char *p = k->rest, *end = k->rest + k->restl;
    for (size_t i = 0; i < ARRAY_LEN(rest_fields); i++) {
        const char *y = memchr(p, 0x1f, (size_t)(end - p));
        if (!y) y = end;
        if ((y == end) != (i + 1 == ARRAY_LEN(rest_fields))) return false;
        r->v[rest_fields[i]] = arena_strndup(a, p, (size_t)(y - p));
        p = y + 1;
    }
    cand_site(c, k->site_id, r);
    return r->site_code != NULL;
}

/* A search in the default order without status or crime filter, from the
 * digests' candidates alone: sorted here by (name, regno, id) as the digests
 * hold them (SQLite's BINARY order, as ORDER BY would; PostgreSQL's with a C
 * collation), the total is their number. The list page's fields (f->brief)
 * come from the digest entries themselves (migration 037: the triggers drop a
 * site's digest when one of them changes, and the digests and the request's
 * other reads are one snapshot); for all fields only the page's rows are
 * read, checked with bekal_contains() and against the digests' name, number
 * and site (the check catches a change committed between reading the digests
 * and the rows). Returns 1, or 0 when a row disagrees (the caller then uses
 * list_candidates()), -1 on error. */
static int list_sorted(db_t *db, err_t *e, arena_t *a, const wbp_filter_t *f, int per, int page, cands_t *c,
                       wbp_page_t *out)
{
    if (c->n > 1) qsort(c->v, (size_t)c->n, sizeof(cand_t), cand_cmp);
    if (f->desc)
        for (int i = 0, j = c->n - 1; i < j; i++, j--) {
            cand_t t = c->v[i];
            c->v[i] = c->v[j], c->v[j] = t;
        }
    out->total = c->n;
    int64_t skip = (int64_t)(page - 1) * per;
    if (skip >= c->n) return 1;
    int n = c->n - skip < per ? (int)(c->n - skip) : per;
    const cand_t *pc = c->v + skip;
    if (f->brief) {
        for (int i = 0; i < n; i++)
            if (!cand_fill(a, c, &pc[i], &out->rows[i])) return 0;
        out->n = n;
        return 1;
    }
    if (db_kind(db) != DB_SQLITE) return 0; /* fetch_rows checks with bekal_contains() */
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)n);
    for (int i = 0; i < n; i++) ids[i] = pc[i].id;
    if (fetch_rows(db, e, a, f, ids, n, true, out->rows) < 0) return -1;
    for (int i = 0; i < n; i++) {
        const rec_t *r = &out->rows[i];
        const char *nm = r->v ? r->v[WF_NAME] : NULL, *rg = r->v ? r->v[WF_REGNO] : NULL;
        if (r->id != pc[i].id || r->site_id != pc[i].site_id || !nm || !rg || strlen(nm) != pc[i].nl ||
            memcmp(nm, pc[i].name, pc[i].nl) != 0 || strlen(rg) != pc[i].rl || memcmp(rg, pc[i].regno, pc[i].rl) != 0)
            return 0;
    }
    out->n = n;
    return 1;
}

/* One page in three short queries: the ids of the page in order (from the
 * index alone for the default sort), the total only when the page does not
 * tell it (a full page, or an empty one past page 1), then the rows of those
 * ids, placed in page order here rather than sorted again by the database.
 * A search the site digests can serve: list_sorted() (the default order, no
 * status or crime filter), else list_candidates(). */
int wbp_list(db_t *db, err_t *e, arena_t *a, int64_t uid, const wbp_filter_t *f, wbp_page_t *out)
{
    int sort = 0;
    for (size_t i = 0; i < ARRAY_LEN(sorts); i++)
        if (str_eq(f->sort, sorts[i].key)) sort = (int)i;
    int per = f->per_page < 1 ? 50 : f->per_page > 200 ? 200 : f->per_page;
    int page = f->page < 1 ? 1 : f->page;
    out->n = 0;
    out->total = 0;
    out->sites = NULL;
    out->rows = arena_alloc(a, sizeof(rec_t) * (size_t)per);
    memset(out->rows, 0, sizeof(rec_t) * (size_t)per);

    buf_t sql;
    buf_init(&sql);
    binds_t b = {0};
    /* one look at the user's role: only wali, instruktur and bapas lists carry the
     * inmate scope (store/scope.h); the others' are as fast as before */
    int restricted = f->role ? (uid && scope_role_restricted(f->role) ? 1 : 0) : scope_user_restricted(db, e, uid);
    if (restricted < 0) {
        buf_release(&sql);
        return -1;
    }
    cands_t cands;
    int sc = search_candidates(db, e, a, uid, f, &cands);
    if (sc < 0) {
        buf_release(&sql);
        return -1;
    }
    if (cands.all_sites) { /* the user's site list, read with the digests: the page needs no query of its own */
        site_list_t *sl = arena_alloc(a, sizeof *sl);
        *sl = cands.sites;
        out->sites = sl;
    }
    if (sc > 0) {
        buf_release(&sql);
        /* the digests know sites, not a wali's caseload: a restricted role's
         * search goes through list_from (its WBP_SCOPE_RESTRICTED) */
        /* on PostgreSQL the database's collation orders names, not memcmp: its
         * ORDER BY sorts the found rows (list_candidates) */
        int bytes = sort == 0 && !f->status && !f->crime && !restricted ? texts_as_bytes(db, e) : 0;
        if (bytes < 0) return -1;
        if (bytes) {
            int rc = list_sorted(db, e, a, f, per, page, &cands, out);
            if (rc != 0) return rc;
            out->n = 0, out->total = 0; /* a row disagreed with the digests */
            memset(out->rows, 0, sizeof(rec_t) * (size_t)per);
        }
        return list_candidates(db, e, a, uid, f, sort, per, page, cands_json(db, a, &cands), restricted, out);
    }
    const char *cand = NULL;
    buf_puts(&sql, "SELECT w.id");
    list_from(&sql, &b, db, a, uid, f, str_eq(sorts[sort].key, "site"), cand, restricted);
    for (int i = 0; i < 3 && sorts[sort].cols[i]; i++)
        buf_printf(&sql, "%s%s %s", i ? ", " : " ORDER BY ", sorts[sort].cols[i], f->desc ? "DESC" : "ASC");
    buf_puts(&sql, " LIMIT ? OFFSET ?");
    bind_i(&b, per);
    bind_i(&b, (int64_t)(page - 1) * per);
    int64_t *ids = arena_alloc(a, sizeof(int64_t) * (size_t)per);
    int n = 0, rc = -1;
    db_stmt_t *st = query_binds(db, e, sql.data, &b);
    if (st) {
        while ((rc = db_step(st, e)) == 1)
            if (n < per) ids[n++] = db_col_int(st, 0);
        db_finalize(st);
    }
    if (rc < 0) goto fail;

    if (n > 0 && n < per) {
        out->total = (int64_t)(page - 1) * per + n;
    } else if (n > 0 || page > 1) {
        buf_reset(&sql);
        b.n = 0;
        buf_puts(&sql, "SELECT count(*)");
        list_from(&sql, &b, db, a, uid, f, false, cand, restricted);
        st = query_binds(db, e, sql.data, &b);
        if (!st || (rc = db_step(st, e)) < 0) {
            db_finalize(st);
            goto fail;
        }
        out->total = rc == 1 ? db_col_int(st, 0) : 0;
        while (db_step(st, e) == 1) {}
        db_finalize(st);
    }
    if (n == 0) {
        buf_release(&sql);
        return 0;
    }

    /* the rows, placed in page order here rather than sorted again */
    if (fetch_rows(db, e, a, f, ids, n, false, out->rows) < 0) goto fail;
    /* a row deleted between the two queries leaves a gap: close it */
    for (int i = 0; i < n; i++)
        if (out->rows[i].id == ids[i]) out->rows[out->n++] = out->rows[i];
    buf_release(&sql);
    return 0;
fail:
    buf_release(&sql);
    return -1;
}

int wbp_upsert(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t site_id, const char **v, int64_t *id)
{
    int64_t existing = db_one_int(db, e, "SELECT id FROM wbp WHERE site_id = ? AND regno = ?", "it", site_id,
                                  v[WF_REGNO]);
    if (existing < 0) return -1;
    if (existing == 0) {
        *id = rec_insert(db, e, &wbp_def, who, site_id, v);
        return *id < 0 ? -1 : 1;
    }
    rec_t before;
    if (rec_load(db, e, a, &wbp_def, 0, existing, &before) != 1) return -1;
    *id = existing;
    bool same = true;
    for (int i = 0; i < WF_COUNT && same; i++) same = str_eq(before.v[i], v[i]) || (!before.v[i] && !v[i]);
    if (same) return 0;
    return rec_update(db, e, &wbp_def, who, &before, v) < 0 ? -1 : 2;
}

/* One query; the arrays grow in the arena (a user has a handful of sites, the
 * command line every site). */
int site_list_for(db_t *db, err_t *e, arena_t *a, int64_t uid, site_list_t *out)
{
    db_stmt_t *st = uid ? db_query(db, e,
                                   "SELECT s.id, s.code, s.name FROM user_site us JOIN site s ON s.id = us.site_id "
                                   "WHERE us.user_id = ? ORDER BY s.code",
                                   "i", uid)
                        : db_query(db, e, "SELECT id, code, name FROM site ORDER BY code", "");
    if (!st) return -1;
    int cap = 0, rc;
    out->n = 0;
    out->id = NULL, out->code = out->name = NULL;
    while ((rc = db_step(st, e)) == 1) {
        site_list_room(a, out, &cap, NULL);
        out->id[out->n] = db_col_int(st, 0);
        out->code[out->n] = arena_strdup(a, db_col_text(st, 1));
        out->name[out->n] = arena_strdup(a, db_col_text(st, 2));
        out->n++;
    }
    db_finalize(st);
    if (!out->id) { /* callers index only below n, but get arrays all the same */
        out->id = arena_alloc(a, sizeof(int64_t));
        out->code = arena_alloc(a, sizeof(char *));
        out->name = arena_alloc(a, sizeof(char *));
    }
    return rc < 0 ? -1 : 0;
}

int64_t wbp_id_by_regno(db_t *db, err_t *e, const char *regno, int64_t site_id)
{
    return db_one_int(db, e, "SELECT min(id) FROM wbp WHERE regno = ? AND (? = 0 OR site_id = ?)", "tii", regno,
                      site_id, site_id);
}

int64_t wbp_find_by_id_or_regno(db_t *db, err_t *e, const char *arg, int64_t site_id)
{
    int64_t id;
    if (parse_i64(arg, &id) && id > 0) {
        int64_t n = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE id = ?", "i", id);
        if (n != 0) return n < 0 ? -1 : id;
    }
    int64_t n = db_one_int(db, e, "SELECT count(*) FROM wbp WHERE regno = ? AND (? = 0 OR site_id = ?)", "tii", arg,
                           site_id, site_id);
    if (n < 0) return -1;
    if (n > 1) return err_set(e, 400, "ambiguous", _("nomor registrasi %s ada di beberapa lokasi; sebutkan --site"), arg);
    if (n == 0) return 0;
    return db_one_int(db, e, "SELECT id FROM wbp WHERE regno = ? AND (? = 0 OR site_id = ?)", "tii", arg, site_id,
                      site_id);
}

const char *wbp_ref_text(db_t *db, err_t *e, arena_t *a, int64_t id)
{
    db_stmt_t *st = db_query(db, e, "SELECT regno, name FROM wbp WHERE id = ?", "i", id);
    const char *s = NULL;
    if (st && db_step(st, e) == 1) {
        s = arena_printf(a, "%s — %s", db_col_text(st, 0), db_col_text(st, 1));
        while (db_step(st, e) == 1) {}
    }
    db_finalize(st);
    return s;
}

int wbp_ref_texts(db_t *db, err_t *e, arena_t *a, const int64_t *ids, int n, const char **out)
{
    for (int i = 0; i < n; i++) out[i] = NULL;
    if (n == 0) return 0;
    buf_t b;
    buf_init(&b);
    db_json_ids(&b, ids, n);
    db_stmt_t *st = db_kind(db) == DB_SQLITE
                        ? db_query(db, e, "SELECT id, regno, name FROM wbp WHERE id IN (" DB_ID_SET_SQLITE ")", "t", b.data)
                        : db_query(db, e, "SELECT id, regno, name FROM wbp WHERE id IN (" DB_ID_SET_PG ")", "t", b.data);
    buf_release(&b);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t id = db_col_int(st, 0);
        const char *s = NULL;
        for (int i = 0; i < n; i++)
            if (ids[i] == id) out[i] = s ? s : (s = arena_printf(a, "%s — %s", db_col_text(st, 1), db_col_text(st, 2)));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

void wbp_cond_owner_matches(rec_cond_t *conds, int *n, int cap, const char *like)
{
    rec_cond_t *c = rec_cond_add(conds, n, cap,
                                 "r.wbp_id IN (SELECT id FROM wbp WHERE lower(name) LIKE lower(?) ESCAPE '\\' "
                                 "OR lower(regno) LIKE lower(?) ESCAPE '\\')");
    rec_cond_text(c, like);
    rec_cond_text(c, like);
}
