/* recon_store.c — an SDP export against the register (see recon_store.h). */
#include "recon_store.h"
#include "elig_store.h"
#include "../core/csv.h"
#include "../core/rulefile.h"
#include <stdlib.h>
#include <string.h>

/* Bekal's side: one inmate in custody on the date. */
typedef struct {
    const char *site_code, *regno, *name;
    bool has_dates;
    sentence_t s;
    sentence_dates_t d;
    const char *corrected; /* the corrections of the dates in force (elig_corr_note), or NULL */
    bool used;
} bekal_t;

struct collect {
    arena_t *a;
    bekal_t *v;
    size_t n, cap;
};

static int collect_row(void *vc, const elig_row_t *row, err_t *e)
{
    (void)e;
    struct collect *c = vc;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    bekal_t *b = &c->v[c->n++];
    memset(b, 0, sizeof *b);
    b->site_code = arena_strdup(c->a, row->site_code ? row->site_code : "");
    b->regno = arena_strdup(c->a, row->regno ? row->regno : "");
    b->name = arena_strdup(c->a, row->name ? row->name : "");
    if (row->res && row->res->has_dates) {
        b->has_dates = true;
        b->s = row->res->sentence;
        b->d = row->res->dates;
        char note[400];
        elig_corr_note(row->res, note, sizeof note);
        if (note[0]) b->corrected = arena_strdup(c->a, note);
    }
    return 0;
}

static int by_regno(const void *x, const void *y)
{
    const bekal_t *a = x, *b = y;
    int c = strcmp(a->regno, b->regno);
    return c ? c : strcmp(a->site_code, b->site_code);
}

/* Differences first, the largest first; then the class, the number. */
static int worklist_order(const void *x, const void *y)
{
    const recon_row_t *a = x, *b = y;
    int sa = a->res.cls == RECON_SAMA, sb = b->res.cls == RECON_SAMA;
    if (sa != sb) return sa - sb;
    if (a->res.size != b->res.size) return a->res.size > b->res.size ? -1 : 1;
    if (a->res.cls != b->res.cls) return (int)a->res.cls - (int)b->res.cls;
    int c = strcmp(a->regno, b->regno);
    return c ? c : strcmp(a->site_code, b->site_code);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    size_t k = strspn(s, " \t");
    if (k) memmove(s, s + k, n - k + 1);
}

static void add_error(recon_run_t *out, arena_t *a, long line, const char *msg)
{
    if (out->nlisted < RECON_MAX_ERRORS) {
        out->errors[out->nlisted].line = line;
        out->errors[out->nlisted].msg = arena_strdup(a, msg);
        out->nlisted++;
    }
    out->nerrors++;
}

int recon_run(db_t *db, err_t *e, arena_t *a, int64_t uid, int64_t site_id, const char *site_code, date_t at,
              const char *data, size_t len, recon_run_t *out)
{
    memset(out, 0, sizeof *out);
    out->at = at;
    out->site_code = site_code;
    json_t *rj = rulefile_in_force(RULES_KIND_RECON, at, NULL);
    if (!rj) return err_set(e, 500, "no_ruleset", _("Tidak ada aturan rekonsiliasi SDP yang berlaku pada tanggal itu"));
    recon_rules_t rules;
    int rrc = recon_rules_from_json(rj, &rules, e);
    json_decref(rj);
    if (rrc < 0) return -1;
    snprintf(out->rules_code, sizeof out->rules_code, "%s", rules.code);

    struct collect c = {a, NULL, 0, 0};
    elig_query_t q = {uid, site_id, 0, at, false};
    if (elig_scan(db, e, &q, collect_row, &c) < 0) {
        free(c.v);
        return -1;
    }
    if (c.n) qsort(c.v, c.n, sizeof *c.v, by_regno);

    csv_reader_t *rd = csv_open(data, len, NULL);
    csv_record_t rec;
    int map[RCOL__COUNT];
    int rc = csv_next(rd, &rec);
    if (rc <= 0) {
        rc = rc == 0 ? err_set(e, 400, "empty_file", _("Berkas ekspor SDP kosong"))
                     : err_set(e, 400, "bad_csv", "%s", csv_error(rd));
        csv_close(rd);
        free(c.v);
        return rc;
    }
    if (recon_map_header(&rules, rec.f, rec.n, map, e) < 0) {
        csv_close(rd);
        free(c.v);
        return -1;
    }
    size_t cap = 64;
    recon_row_t *rows = xmalloc(cap * sizeof *rows);
    int n = 0;
    /* the sites the export speaks of: their inmates missing from it are listed */
    const char **seen_sites = NULL;
    size_t nseen = 0;
    while ((rc = csv_next(rd, &rec)) == 1) {
        int ri = map[RCOL_REGNO];
        char regno[128];
        snprintf(regno, sizeof regno, "%s", ri < rec.n ? rec.f[ri] : "");
        trim(regno);
        if (!*regno) {
            add_error(out, a, rec.line, _("nomor registrasi kosong"));
            continue;
        }
        recon_sdp_t sdp;
        err_t re;
        err_clear(&re);
        if (recon_parse_row(map, rec.f, rec.n, &sdp, &re) < 0) {
            add_error(out, a, rec.line, re.msg);
            continue;
        }
        if ((size_t)n == cap) rows = xrealloc(rows, (cap *= 2) * sizeof *rows);
        recon_row_t *row = &rows[n++];
        memset(row, 0, sizeof *row);
        row->line = rec.line;
        row->regno = arena_strdup(a, regno);
        row->has_sdp = true;
        row->sdp = sdp;
        int ni = map[RCOL_NAME];
        row->name = arena_strdup(a, ni >= 0 && ni < rec.n ? rec.f[ni] : "");
        row->site_code = site_code ? site_code : "";
        /* the register's inmates with this number */
        bekal_t key = {.regno = row->regno, .site_code = ""};
        size_t lo = 0, hi = c.n;
        while (lo < hi) { /* first with regno >= key */
            size_t mid = (lo + hi) / 2;
            if (strcmp(c.v[mid].regno, key.regno) < 0) lo = mid + 1;
            else hi = mid;
        }
        size_t nmatch = 0;
        while (lo + nmatch < c.n && !strcmp(c.v[lo + nmatch].regno, row->regno)) nmatch++;
        if (nmatch == 0) {
            recon_result_only(RECON_HANYA_SDP, RR_NONE, &row->res);
            continue;
        }
        for (size_t k = 0; k < nmatch; k++) c.v[lo + k].used = true;
        if (nmatch > 1) {
            recon_result_only(RECON_TIDAK_DIKETAHUI, RR_AMBIGUOUS, &row->res);
            continue;
        }
        bekal_t *b = &c.v[lo];
        row->site_code = b->site_code;
        if (*b->name) row->name = b->name;
        bool known = false;
        for (size_t k = 0; k < nseen && !known; k++) known = !strcmp(seen_sites[k], b->site_code);
        if (!known) {
            seen_sites = xrealloc(seen_sites, (nseen + 1) * sizeof *seen_sites);
            seen_sites[nseen++] = b->site_code;
        }
        row->has_bekal = b->has_dates;
        row->bekal = b->d;
        row->corrected = b->corrected;
        row->bekal_remisi = b->s.remisi;
        row->corrected = b->corrected;
        recon_classify(&rules, b->has_dates ? &b->s : NULL, b->has_dates ? &b->d : NULL, &sdp, &row->res);
    }
    if (rc < 0) add_error(out, a, csv_error_line(rd), csv_error(rd));
    csv_close(rd);
    for (size_t i = 0; i < c.n; i++) {
        bekal_t *b = &c.v[i];
        if (b->used) continue;
        bool listed = site_id != 0;
        for (size_t k = 0; k < nseen && !listed; k++) listed = !strcmp(seen_sites[k], b->site_code);
        if (!listed) continue;
        if ((size_t)n == cap) rows = xrealloc(rows, (cap *= 2) * sizeof *rows);
        recon_row_t *row = &rows[n++];
        memset(row, 0, sizeof *row);
        row->site_code = b->site_code;
        row->regno = b->regno;
        row->name = b->name;
        row->has_bekal = b->has_dates;
        row->bekal = b->d;
        row->corrected = b->corrected;
        row->bekal_remisi = b->s.remisi;
        recon_result_only(RECON_HANYA_BEKAL, RR_NONE, &row->res);
    }
    free(seen_sites);
    free(c.v);
    if (n) qsort(rows, (size_t)n, sizeof *rows, worklist_order);
    out->rows = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *rows);
    memcpy(out->rows, rows, (size_t)n * sizeof *rows);
    out->n = n;
    free(rows);
    for (int i = 0; i < n; i++) out->counts[out->rows[i].res.cls]++;
    return 0;
}
