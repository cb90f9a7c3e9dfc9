/* fuzz_csv.c — libFuzzer harness for the CSV reader (core/csv.h) and the WBP
 * row validation the importer does on top of it (store/wbp_import.c is bound to a
 * database, so its pure part is replayed here: header -> field table, rec_set per
 * cell after csv_unguard, the "pidana" column through period_parse, rec_finish,
 * wbp_validate).
 *
 * Input: byte 0 picks the reader options (delimiter detected or fixed, small field
 * and column limits), the rest is the file. Invariants: records are well formed
 * (n >= 1, lengths match, limits kept, lines increase), end and error are sticky;
 * every record written back with csv_write_row() and read again (then unguarded)
 * gives the same cells; every value rec_set() keeps is valid and normal
 * (fuzz_check_values). Unknown header names are mapped by position so random input
 * still reaches every field type. */
#include "fuzz.h"
#include "core/csv.h"
#include "core/period.h"
#include "core/wbp.h"
#include <ctype.h>

#define MAX_ROWS 64
#define COL_SITE (-2)
#define COL_PIDANA (-3)

/* Writes rec (after a fixed header line, so a leading BOM-like cell is not mistaken
 * for a byte-order mark) and reads it back with the same delimiter. */
static void check_roundtrip(const csv_record_t *rec, char delim, const csv_opts_t *o)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "h\n");
    csv_write_row(&b, rec->f, rec->n, delim);
    csv_opts_t ro = {delim, (o->max_field ? o->max_field : CSV_DEFAULT_MAX_FIELD) + 1, o->max_cols};
    csv_reader_t *r = csv_open(b.data, b.len, &ro);
    csv_record_t back;
    FUZZ_CHECK(csv_next(r, &back) == 1 && back.n == 1 && !strcmp(back.f[0], "h"), "header lost");
    int rc = csv_next(r, &back);
    FUZZ_CHECK(rc == 1, "written row does not read back: %s\n  written: %s", csv_error(r) ? csv_error(r) : "(end)",
               b.data);
    FUZZ_CHECK(back.n == rec->n, "%d cells written, %d read back: %s", rec->n, back.n, b.data);
    for (int i = 0; i < rec->n; i++) {
        char *c = xstrdup(back.f[i]);
        csv_unguard(c);
        FUZZ_CHECK(!strcmp(c, rec->f[i]), "cell %d: \"%s\" came back as \"%s\"", i, rec->f[i], c);
        free(c);
    }
    FUZZ_CHECK(csv_next(r, &back) == 0, "extra record after the written row: %s", b.data);
    csv_close(r);
    buf_release(&b);
}

/* The header names as the importer maps them: trimmed, lower-cased field names,
 * "site" or "pidana"; anything else by position (harness only). */
static void map_header(const csv_record_t *h, int *cols)
{
    for (int i = 0; i < h->n; i++) {
        char name[64];
        const char *s = h->f[i];
        while (isspace((unsigned char)*s)) s++;
        size_t n = strlen(s);
        while (n && isspace((unsigned char)s[n - 1])) n--;
        if (n >= sizeof name) n = sizeof name - 1;
        for (size_t k = 0; k < n; k++) name[k] = (char)tolower((unsigned char)s[k]);
        name[n] = 0;
        int idx = rec_field_index(&wbp_def, name);
        if (idx < 0 && !strcmp(name, "site")) idx = COL_SITE;
        else if (idx < 0 && !strcmp(name, "pidana")) idx = COL_PIDANA;
        else if (idx < 0) {
            int k = i % (WF_COUNT + 1);
            idx = k == WF_COUNT ? COL_PIDANA : k;
        }
        cols[i] = idx;
    }
}

/* The importer's "pidana" column: "seumur hidup", "mati" or a period, into the
 * sentence fields (same rules as wbp_import.c apply_pidana). */
static void apply_pidana(arena_t *a, const char **v, const char *raw, field_errs_t *fe)
{
    char *s = arena_strdup(a, raw);
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    if (!n) return;
    const char *kind = "pidana", *ys = "0", *ms = "0", *ds = "0";
    if (!strcasecmp(s, "seumur hidup") || !strcasecmp(s, "sh")) kind = "seumur_hidup";
    else if (!strcasecmp(s, "mati")) kind = "mati";
    else {
        period_t p;
        err_t pe;
        err_clear(&pe);
        if (period_parse(s, &p, &pe) < 0) {
            field_err(fe, "pidana", "%s", pe.msg);
            return;
        }
        ys = arena_printf(a, "%d", p.years);
        ms = arena_printf(a, "%d", p.months);
        ds = arena_printf(a, "%d", p.days);
    }
    const int idx[4] = {WF_SENTENCE_KIND, WF_TERM_YEARS, WF_TERM_MONTHS, WF_TERM_DAYS};
    const char *want[4] = {kind, ys, ms, ds};
    for (int k = 0; k < 4; k++)
        if (v[idx[k]] && strcmp(v[idx[k]], want[k])) return; /* conflicting column: an error in the importer */
    for (int k = 0; k < 4; k++) rec_set(a, &wbp_def, v, idx[k], want[k], fe);
}

static void check_row(arena_t *a, const csv_record_t *rec, const int *cols)
{
    const char *v[WF_COUNT] = {0};
    field_errs_t fe;
    fe.n = 0;
    const char *pidana = NULL;
    for (int i = 0; i < rec->n; i++) {
        const char *raw = rec->f[i];
        if (raw[0] == '\'') raw = csv_unguard(arena_strdup(a, raw));
        if (cols[i] >= 0) {
            int before = fe.n;
            const char *old = v[cols[i]];
            bool ok = rec_set(a, &wbp_def, v, cols[i], raw, &fe);
            FUZZ_CHECK(ok ? fe.n == before : (fe.n == before + 1 || before == FIELD_ERRS_MAX) && v[cols[i]] == old,
                       "rec_set(%s) returned %d with %d new errors", wbp_def.fields[cols[i]].name, ok, fe.n - before);
        } else if (cols[i] == COL_PIDANA)
            pidana = raw;
    }
    if (pidana) apply_pidana(a, v, pidana, &fe);
    fuzz_check_values(a, &wbp_def, v);
    rec_finish(&wbp_def, v, &fe);
    wbp_validate(v, "2025-06-30", &fe);
    fuzz_check_values(a, &wbp_def, v);
    fuzz_check_errs(&fe, false);
    if (fe.n == 0) {
        for (int f = 0; f < WF_COUNT; f++)
            FUZZ_CHECK(!wbp_def.fields[f].required || v[f], "valid row without required %s", wbp_def.fields[f].name);
        const char *t = wbp_sentence_text(a, v);
        FUZZ_CHECK(t && *t, "no sentence text");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024) return 0;
    static const char delims[4] = {0, ',', ';', '\t'};
    unsigned sel = data[0];
    csv_opts_t o = {delims[sel & 3], (sel & 4) ? 16 : 0, (sel & 8) ? 4 : 0};
    /* The reader does not copy its input: give it an exact-size heap copy so ASan
     * sees any read past the end. */
    size_t n = size - 1;
    char *buf = xmalloc(n ? n : 1);
    if (n) memcpy(buf, data + 1, n);

    arena_t a;
    arena_init(&a);
    csv_reader_t *r = csv_open(buf, n, &o);
    csv_record_t rec;
    int rc, rows = 0, *cols = NULL, ncols = 0;
    long last_line = 0;
    size_t max_field = o.max_field ? o.max_field : CSV_DEFAULT_MAX_FIELD;
    int max_cols = o.max_cols ? o.max_cols : CSV_DEFAULT_MAX_COLS;
    while ((rc = csv_next(r, &rec)) == 1) {
        FUZZ_CHECK(rec.n >= 1 && rec.n <= max_cols, "record with %d fields", rec.n);
        FUZZ_CHECK(rec.line > last_line, "record line %ld after %ld", rec.line, last_line);
        last_line = rec.line;
        for (int i = 0; i < rec.n; i++) {
            FUZZ_CHECK(rec.f[i] && strlen(rec.f[i]) == rec.len[i], "field %d length %zu", i, rec.len[i]);
            FUZZ_CHECK(rec.len[i] <= max_field, "field %d has %zu bytes > %zu", i, rec.len[i], max_field);
        }
        FUZZ_CHECK(csv_offset(r) <= n, "offset %zu past %zu", csv_offset(r), n);
        char d = csv_delimiter(r);
        FUZZ_CHECK(o.delim ? d == o.delim : (d == ',' || d == ';'), "delimiter %d", d);
        check_roundtrip(&rec, d, &o);
        if (rows == 0) {
            ncols = rec.n;
            cols = xmalloc(sizeof *cols * (size_t)ncols);
            map_header(&rec, cols);
        } else if (rec.n == ncols && rows <= MAX_ROWS) {
            check_row(&a, &rec, cols);
        }
        rows++;
    }
    if (rc < 0) {
        const char *e = csv_error(r);
        FUZZ_CHECK(e && *e && csv_error_line(r) > 0, "error without message or line");
        FUZZ_CHECK(!strncmp(e, "baris ", 6), "error message does not name the line: %s", e);
    } else
        FUZZ_CHECK(rc == 0 && !csv_error(r), "csv_next returned %d", rc);
    FUZZ_CHECK(csv_next(r, &rec) == rc, "end/error not sticky");
    csv_close(r);
    free(cols);
    arena_release(&a);
    free(buf);
    return 0;
}
