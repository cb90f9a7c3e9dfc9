/* wbp_import.c — CSV import of the WBP register: validate and write every row in
 * one transaction, rolled back when any row is invalid (see wbp_import.h). The
 * file is read once by the streaming CSV reader, so memory holds one batch of rows
 * plus the set of (site, regno) keys seen, never the whole parsed file. */
#include "wbp_import.h"
#include "../util/i18n.h"
#include "../core/csv.h"
#include "../core/period.h"
#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_SITE = -2, COL_PIDANA = -3 };

/* Sites named in the file, resolved once: id 0 unknown; allowed for uid. */
typedef struct {
    char *code;
    int64_t id;
    int allowed;
    bool empty; /* set in the writing transaction: the site had no WBP at its start */
    buf_t digest;     /* its search digest, built as its rows are written (imp_t.digests) */
    bool digest_bad;  /* a value the digest cannot be built from here: wbp_search_flush() builds it */
} site_ent_t;

/* (site_id, regno) → first line, open addressing; for duplicate detection. */
typedef struct {
    char *key;
    uint64_t hash;
    long line;
} key_ent_t;

typedef struct {
    db_t *db;
    err_t *e;
    arena_t *a;
    const actor_t *who;
    int64_t uid;
    const char *data;
    size_t len;
    bool dry_run;
    void (*progress)(long, long);
    wbp_import_result_t *res;

    int ncols;
    int *cols;           /* CSV column → field index or COL_* */
    bool has_field[WF_COUNT];
    bool has_pidana;
    const char *default_site; /* code, or NULL */
    site_ent_t **sites; /* hash table of sitecap slots */
    size_t sitecap;
    int nsites;
    key_ent_t *keys;
    size_t nkeys, keycap;
    arena_t keymem; /* the keys' text, released at the end */
    char today[11];
    long rows_hint;     /* lines of the file after the header: about the rows */
    bool in_tx;         /* in the writing transaction: new sites are checked for WBP */
    bool digests;       /* the sites' search digests are built here (search_trigger_defer) */
} imp_t;

/* ---- errors ---- */

/* Keeps one error (message already complete) and counts it. */
static void push_error(imp_t *im, long line, const char *column, const char *message)
{
    wbp_import_result_t *r = im->res;
    r->nerrors++;
    if (r->nlisted >= WBP_IMPORT_MAX_ERRORS) return;
    if (!r->errors) r->errors = arena_alloc(im->a, sizeof *r->errors * WBP_IMPORT_MAX_ERRORS);
    wbp_import_error_t *x = &r->errors[r->nlisted++];
    x->line = line;
    x->column = column ? arena_strdup(im->a, column) : NULL;
    x->message = arena_strdup(im->a, message);
}

void wbp_import_error(arena_t *a, wbp_import_result_t *res, long line, const char *col, const char *msg)
{
    if (res->nlisted < WBP_IMPORT_MAX_ERRORS) {
        if (res->nlisted % 64 == 0) {
            wbp_import_error_t *n = arena_alloc(a, sizeof *n * (size_t)(res->nlisted + 64));
            if (res->nlisted) memcpy(n, res->errors, sizeof *n * (size_t)res->nlisted);
            res->errors = n;
        }
        wbp_import_error_t *x = &res->errors[res->nlisted++];
        x->line = line;
        x->column = col ? arena_strdup(a, col) : NULL;
        x->message = line ? (col ? arena_printf(a, _("baris %ld, kolom %s: %s"), line, col, msg)
                                 : arena_printf(a, _("baris %ld: %s"), line, msg))
                          : arena_strdup(a, msg);
    }
    res->nerrors++;
}

/* Adds an error, prefixed "baris N, kolom C: " (or "baris N: ") when line > 0. */
static void add_error(imp_t *im, long line, const char *column, const char *fmt, ...) PRINTF_LIKE(4, 5);
static void add_error(imp_t *im, long line, const char *column, const char *fmt, ...)
{
    if (im->res->nlisted >= WBP_IMPORT_MAX_ERRORS) {
        im->res->nerrors++;
        return;
    }
    char msg[400], full[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0 && column) snprintf(full, sizeof full, "baris %ld, kolom %s: %s", line, column, msg);
    else if (line > 0) snprintf(full, sizeof full, "baris %ld: %s", line, msg);
    else snprintf(full, sizeof full, "%s", msg);
    push_error(im, line, column, full);
}

/* ---- header ---- */

static int map_header(imp_t *im, const csv_record_t *h)
{
    im->ncols = h->n;
    im->cols = xcalloc((size_t)h->n, sizeof *im->cols);
    bool seen_site = false;
    int errs = 0;
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
        bool dup = false;
        if (idx >= 0) {
            dup = im->has_field[idx];
            im->has_field[idx] = true;
        } else if (str_eq(name, "site")) {
            idx = COL_SITE;
            dup = seen_site;
            seen_site = true;
        } else if (str_eq(name, "pidana")) {
            idx = COL_PIDANA;
            dup = im->has_pidana;
            im->has_pidana = true;
        } else {
            add_error(im, h->line, name[0] ? name : "(kosong)",
                      "kolom \"%.60s\" tidak dikenal (nama kolom yang sah: nama isian WBP seperti regno, name, "
                      "birth_date, ditambah site dan pidana)",
                      name);
            errs++;
            continue;
        }
        if (dup) {
            add_error(im, h->line, name, "kolom \"%s\" muncul lebih dari sekali", name);
            errs++;
        }
        im->cols[i] = idx;
    }
    for (int f = 0; f < WF_COUNT; f++) {
        const field_def_t *fd = &wbp_def.fields[f];
        if (fd->required && !im->has_field[f]) {
            add_error(im, h->line, fd->name, "kolom wajib \"%s\" (%s) tidak ada di baris judul", fd->name, fd->label);
            errs++;
        }
    }
    return errs ? -1 : 0;
}

/* ---- sites ---- */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Whether site s holds no WBP yet (inside the writing transaction, so no other
 * writer can add any before the commit): its rows are then all new. */
static int site_check_empty(imp_t *im, site_ent_t *s)
{
    if (s->id <= 0) return 0;
    int64_t any = db_one_int(im->db, im->e, "SELECT count(*) FROM (SELECT 1 FROM wbp WHERE site_id = ? LIMIT 1) AS x",
                             "i", s->id);
    if (any < 0) return -1;
    s->empty = any == 0;
    return 0;
}

/* The site of a code, looked up once per distinct code (hash table of entries that
 * never move). NULL on a database error. */
static site_ent_t *site_lookup(imp_t *im, const char *code)
{
    if (im->sitecap) {
        size_t j = fnv1a(code) & (im->sitecap - 1);
        for (; im->sites[j]; j = (j + 1) & (im->sitecap - 1))
            if (str_eq(im->sites[j]->code, code)) return im->sites[j];
    }
    int64_t id = site_id_by_code(im->db, im->e, code);
    if (id < 0) return NULL;
    int allowed = id > 0 ? rec_site_allowed(im->db, im->e, im->uid, id) : 0;
    if (allowed < 0) return NULL;
    if ((size_t)(im->nsites + 1) * 2 > im->sitecap) {
        size_t ncap = im->sitecap ? im->sitecap * 2 : 64;
        site_ent_t **ns = xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < im->sitecap; i++) {
            if (!im->sites[i]) continue;
            size_t j = fnv1a(im->sites[i]->code) & (ncap - 1);
            while (ns[j]) j = (j + 1) & (ncap - 1);
            ns[j] = im->sites[i];
        }
        free(im->sites);
        im->sites = ns;
        im->sitecap = ncap;
    }
    site_ent_t *s = xmalloc(sizeof *s);
    s->code = xstrdup(code);
    s->id = id;
    s->allowed = allowed;
    s->empty = false;
    buf_init(&s->digest);
    s->digest_bad = false;
    if (im->in_tx && site_check_empty(im, s) < 0) {
        free(s->code);
        buf_release(&s->digest);
        free(s);
        return NULL;
    }
    size_t j = fnv1a(code) & (im->sitecap - 1);
    while (im->sites[j]) j = (j + 1) & (im->sitecap - 1);
    im->sites[j] = s;
    im->nsites++;
    return s;
}

/* ---- duplicate keys ---- */

/* Records key; returns 0 when new, else the line where it was first seen. The
 * table is sized once from the file's line count (key_reserve), and each slot
 * keeps its key's hash, so a probe reads the slot alone: at 300,000 rows the
 * table is megabytes and every read of a key's text is a cache miss. */
static void key_table(imp_t *im, size_t cap)
{
    key_ent_t *nk = xcalloc(cap, sizeof *nk);
    for (size_t i = 0; i < im->keycap; i++) {
        if (!im->keys[i].key) continue;
        size_t j = im->keys[i].hash & (cap - 1);
        while (nk[j].key) j = (j + 1) & (cap - 1);
        nk[j] = im->keys[i];
    }
    free(im->keys);
    im->keys = nk;
    im->keycap = cap;
}
static void key_reserve(imp_t *im, long rows)
{
    size_t cap = 1024;
    while (cap < (size_t)rows * 2 && cap < ((size_t)1 << 26)) cap <<= 1;
    if (cap > im->keycap) key_table(im, cap);
}
static long key_seen(imp_t *im, const char *key, long line)
{
    if ((im->nkeys + 1) * 2 > im->keycap) key_table(im, im->keycap ? im->keycap * 2 : 1024);
    uint64_t h = fnv1a(key);
    size_t j = h & (im->keycap - 1);
    while (im->keys[j].key) {
        if (im->keys[j].hash == h && str_eq(im->keys[j].key, key)) return im->keys[j].line;
        j = (j + 1) & (im->keycap - 1);
    }
    im->keys[j].key = arena_strdup(&im->keymem, key);
    im->keys[j].hash = h;
    im->keys[j].line = line;
    im->nkeys++;
    return 0;
}

/* ---- rows ---- */

static bool blank_record(const csv_record_t *r)
{
    for (int i = 0; i < r->n; i++)
        for (const char *s = r->f[i]; *s; s++)
            if (!isspace((unsigned char)*s)) return false;
    return true;
}

/* "seumur hidup", "mati" or a period ("2 tahun 6 bulan", "2y6m15d") into the
 * sentence fields; values already set from their own columns must agree. */
static void apply_pidana(arena_t *sa, const char **v, const char *raw, field_errs_t *fe)
{
    char *s = arena_strdup(sa, raw);
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    if (!n) return;
    const char *kind, *ys = "0", *ms = "0", *ds = "0";
    if (!strcasecmp(s, "seumur hidup") || !strcasecmp(s, "seumur_hidup") || !strcasecmp(s, "sh"))
        kind = "seumur_hidup";
    else if (!strcasecmp(s, "mati") || !strcasecmp(s, "pidana mati") || !strcasecmp(s, "hukuman mati"))
        kind = "mati";
    else {
        period_t p;
        err_t pe;
        err_clear(&pe);
        if (period_parse(s, &p, &pe) < 0) {
            field_err(fe, "pidana", _("%s; pidana seumur hidup ditulis \"seumur hidup\", pidana mati \"mati\""), pe.msg);
            return;
        }
        kind = "pidana";
        ys = arena_printf(sa, "%d", p.years);
        ms = arena_printf(sa, "%d", p.months);
        ds = arena_printf(sa, "%d", p.days);
    }
    const int idx[4] = {WF_SENTENCE_KIND, WF_TERM_YEARS, WF_TERM_MONTHS, WF_TERM_DAYS};
    const char *want[4] = {kind, ys, ms, ds};
    for (int k = 0; k < 4; k++) {
        if (v[idx[k]] && !str_eq(v[idx[k]], want[k])) {
            field_err(fe, "pidana", _("\"%.40s\" bertentangan dengan kolom %s (\"%s\")"), s,
                      wbp_def.fields[idx[k]].name, v[idx[k]]);
            return;
        }
    }
    for (int k = 0; k < 4; k++) rec_set(sa, &wbp_def, v, idx[k], want[k], fe);
}

/* One data record parsed and checked on its own (parse_fields), before the
 * checks that need the import's state (finish_row): its site and key. Made on
 * the reading thread in a large import (reader_main), else as each row comes. */
typedef struct {
    long line;
    int ncells;              /* cells in the record */
    const char **v;          /* the values, WF_COUNT (NULL: the row has the wrong number of cells) */
    field_errs_t *fe;        /* its field errors, only the fe->n used (NULL: none) */
    int nfield;              /* of which the first nfield came before wbp_validate() */
    const char *site;        /* the site cell, or NULL */
    const char *after;       /* its audit after-image when it has no error (reading thread), else NULL */
} prow_t;

/* Parses and validates one data record into p (arena sa: everything p points to).
 * Uses nothing the writing side changes, so it runs on the reading thread. */
static void parse_fields(const imp_t *im, arena_t *sa, const csv_record_t *r, prow_t *p, bool json)
{
    memset(p, 0, sizeof *p);
    p->line = r->line;
    p->ncells = r->n;
    if (r->n != im->ncols) return;
    const char **v = arena_alloc(sa, sizeof(char *) * WF_COUNT);
    for (int i = 0; i < WF_COUNT; i++) v[i] = NULL;
    p->v = v;
    field_errs_t fe;
    fe.n = 0;
    const char *site = NULL, *pidana = NULL;
    for (int i = 0; i < r->n; i++) {
        const char *raw = r->f[i];
        if (raw[0] == '\'') raw = csv_unguard(arena_strdup(sa, raw));
        int c = im->cols[i];
        if (c >= 0) rec_set(sa, &wbp_def, v, c, raw, &fe);
        else if (c == COL_SITE) site = raw;
        else pidana = raw;
    }
    if (pidana) apply_pidana(sa, v, pidana, &fe);
    rec_finish(&wbp_def, v, &fe);
    p->nfield = fe.n;
    wbp_validate(v, im->today, &fe);
    p->site = site ? arena_strdup(sa, site) : NULL;
    if (fe.n) {
        size_t sz = offsetof(field_errs_t, e) + sizeof fe.e[0] * (size_t)fe.n;
        p->fe = arena_alloc(sa, sz);
        memcpy(p->fe, &fe, sz);
    } else if (json) {
        buf_t b;
        buf_init(&b);
        rec_json_append_compact(&b, &wbp_def, v);
        p->after = arena_strdup(sa, b.data);
        buf_release(&b);
    }
}

/* The rest of a row's checks (reported when report is set; *bad says whether
 * there were any): its field errors, then its site. Returns the row's site, or
 * NULL when it is missing, unknown or not allowed, or on a database error (*dberr). */
static const site_ent_t *finish_row(imp_t *im, arena_t *sa, const prow_t *p, bool report, bool *bad, bool *dberr)
{
    *bad = false;
    *dberr = false;
    if (!p->v) {
        if (report)
            add_error(im, p->line, NULL, "jumlah kolom %d, seharusnya %d seperti baris judul", p->ncells, im->ncols);
        *bad = true;
        return NULL;
    }
    const field_errs_t *fe = p->fe;
    int nfe = fe ? fe->n : 0;
    bool pidana_bad = false;
    for (int k = 0; k < nfe && !pidana_bad; k++) pidana_bad = str_eq(fe->e[k].field, "pidana");
    for (int k = 0; k < nfe; k++) {
        const char *col = fe->e[k].field;
        int fi = rec_field_index(&wbp_def, col);
        bool sentence = fi >= WF_SENTENCE_KIND && fi <= WF_TERM_DAYS;
        /* "a sentence needs a term" says nothing new when the pidana cell was refused */
        if (k >= p->nfield && sentence && pidana_bad) continue;
        /* a sentence field filled from the pidana column is reported under pidana */
        if (sentence && !im->has_field[fi] && im->has_pidana) col = "pidana";
        if (report) add_error(im, p->line, col, "%s", fe->e[k].msg);
    }
    *bad = nfe > 0;

    /* the site */
    char *code = NULL;
    if (p->site) {
        code = arena_strdup(sa, p->site);
        while (isspace((unsigned char)*code)) code++;
        size_t n = strlen(code);
        while (n && isspace((unsigned char)code[n - 1])) code[--n] = 0;
        if (!*code) code = NULL;
    }
    const char *use = code ? code : im->default_site;
    if (!use) {
        if (report)
            add_error(im, p->line, "site", "lokasi (site) tidak disebutkan: isi kolom site atau pakai --site KODE");
        *bad = true;
        return NULL;
    }
    site_ent_t *s = site_lookup(im, use);
    if (!s) {
        *dberr = true;
        return NULL;
    }
    if (s->id == 0 || !s->allowed) {
        if (report) {
            if (s->id == 0) add_error(im, p->line, "site", "lokasi (site) \"%.40s\" tidak dikenal", use);
            else add_error(im, p->line, "site", "Anda tidak berwenang atas lokasi (site) \"%.40s\"", use);
        }
        *bad = true;
        return NULL;
    }
    return s;
}

static bool has_site_col(const imp_t *im)
{
    for (int i = 0; i < im->ncols; i++)
        if (im->cols[i] == COL_SITE) return true;
    return false;
}

/* Reads the header line: maps its columns and checks that every row can have a
 * site. False when the file is refused as a whole (the errors are added). */
static bool read_header(imp_t *im)
{
    csv_reader_t *rd = csv_open(im->data, im->len, NULL);
    csv_record_t r;
    int rc = csv_next(rd, &r);
    bool ok = rc > 0;
    if (rc == 0) add_error(im, 0, NULL, "berkas kosong: baris judul (nama kolom) tidak ada");
    else if (rc < 0) push_error(im, csv_error_line(rd), NULL, csv_error(rd)); /* says "baris N: " itself */
    else if (map_header(im, &r) < 0) ok = false;
    else if (!im->default_site && !has_site_col(im)) {
        add_error(im, 0, "site", "lokasi (site) tidak disebutkan: tambahkan kolom site atau pakai --site KODE");
        ok = false;
    }
    csv_close(rd);
    return ok;
}

/* Whether the row's (site, regno) was seen before in the file: adds the error
 * and returns true when it was. */
static bool duplicate_key(imp_t *im, arena_t *sa, const site_ent_t *s, const char *regno, long line)
{
    /* "site_id US regno", written without printf (once per row) */
    char idtxt[24], *p = idtxt + sizeof idtxt;
    uint64_t u = (uint64_t)s->id;
    *--p = 0;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    size_t il = (size_t)(idtxt + sizeof idtxt - 1 - p), rl = strlen(regno);
    char *key = arena_alloc(sa, il + 1 + rl + 1);
    memcpy(key, p, il);
    key[il] = 0x1f;
    memcpy(key + il + 1, regno, rl + 1);
    long first = key_seen(im, key, line);
    if (first)
        add_error(im, line, "regno", "nomor registrasi \"%.40s\" sudah dipakai di baris %ld untuk lokasi %s", regno,
                  first, s->code);
    return first != 0;
}

/* Rows are written in batches: one query looks up the existing rows of a whole batch,
 * so an unchanged row costs no statement of its own and a new one skips the
 * per-row lookup. */
#define WRITE_BATCH 256
/* Page cache for the writing transaction (allocated only as it fills). */
#define IMPORT_CACHE_KIB (32 * 1024)
/* The file mapped into memory for a first load from the command line (SQLite caps
 * it at SQLITE_MAX_MMAP_SIZE, 2 GB on Linux). */
#define IMPORT_MMAP_BYTES "1073741824"
/* Rows from which a load into an empty register defers its secondary indexes. */
#define IMPORT_REINDEX_ROWS 1000

typedef struct {
    const char **v;          /* the row's values (batch arena) */
    site_ent_t *site;
    int64_t site_id;         /* copied: the site cache may reuse its last slot */
    long line;
    int64_t id;              /* existing row, 0 when new */
    const char **old;        /* its stored values */
    bool is_new;             /* known new: its site was empty (keys in a file are unique) */
    const char *after;       /* its after-image made by the reading thread, or NULL */
} brow_t;

static size_t brow_hash(int64_t site_id, const char *regno)
{
    return (size_t)((fnv1a(regno) ^ ((uint64_t)site_id * 0x9E3779B97F4A7C15ULL)) % (2 * WRITE_BATCH));
}

/* Reads rows (id, site_id, regno, fields...) from st into the batch rows they
 * belong to (slot: the (site, regno) hash of the batch); finalizes st. */
static int fill_existing(db_stmt_t *st, err_t *e, arena_t *sa, brow_t *rows, const int *slot)
{
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        int64_t site_id = db_col_int(st, 1);
        const char *regno = db_col_text(st, 2);
        size_t h = brow_hash(site_id, regno);
        while (slot[h] >= 0 && !(rows[slot[h]].site_id == site_id && str_eq(rows[slot[h]].v[WF_REGNO], regno)))
            h = (h + 1) % (2 * WRITE_BATCH);
        if (slot[h] < 0) continue;
        brow_t *b = &rows[slot[h]];
        b->id = db_col_int(st, 0);
        b->old = arena_alloc(sa, sizeof(char *) * WF_COUNT);
        for (int i = 0; i < WF_COUNT; i++) b->old[i] = arena_strdup(sa, db_col_text(st, 3 + i));
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Finds the existing rows of a batch and fills their id/old.
 * One site (the usual file): one query, site_id = ? AND regno IN (...).
 * Several sites: first the ids, one correlated index lookup per (site, regno)
 * key, then the rows of the ids found (none for a file of new rows). Both
 * databases run these as index lookups whatever their statistics say; an OR of
 * hundreds of key pairs cost PostgreSQL's planner seconds per batch, and a join
 * with the key list let it pick a full scan while the table's statistics were
 * still those of the empty table. */
static int lookup_batch(db_t *db, err_t *e, arena_t *sa, brow_t *rows, int n)
{
    /* (site, regno) → batch index, open addressing over 2*WRITE_BATCH slots */
    int slot[2 * WRITE_BATCH];
    for (int i = 0; i < 2 * WRITE_BATCH; i++) slot[i] = -1;
    for (int i = 0; i < n; i++) {
        size_t h = brow_hash(rows[i].site_id, rows[i].v[WF_REGNO]);
        while (slot[h] >= 0) h = (h + 1) % (2 * WRITE_BATCH);
        slot[h] = i;
    }
    bool one_site = true;
    for (int i = 1; i < n && one_site; i++) one_site = rows[i].site_id == rows[0].site_id;
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT id, site_id, regno");
    for (int i = 0; i < WF_COUNT; i++) buf_printf(&sql, ", %s", wbp_def.fields[i].name);
    size_t head = sql.len; /* the column list, reused by the second query */
    if (one_site) {
        buf_puts(&sql, " FROM wbp WHERE site_id = ? AND regno IN (");
        for (int i = 0; i < n; i++) buf_puts(&sql, i ? ", ?" : "?");
        buf_putc(&sql, ')');
        db_stmt_t *st = db_prepare(db, sql.data, e);
        buf_release(&sql);
        if (!st) return -1;
        db_bind_int(st, 1, rows[0].site_id);
        for (int i = 0; i < n; i++) db_bind_text(st, i + 2, rows[i].v[WF_REGNO]);
        return fill_existing(st, e, sa, rows, slot);
    }

    buf_t q;
    buf_init(&q);
    buf_puts(&q, "WITH k(s, r) AS (VALUES (CAST(? AS BIGINT), CAST(? AS TEXT))");
    for (int i = 1; i < n; i++) buf_puts(&q, ", (?, ?)");
    buf_puts(&q, ") SELECT (SELECT w.id FROM wbp w WHERE w.site_id = k.s AND w.regno = k.r) FROM k");
    db_stmt_t *st = db_prepare(db, q.data, e);
    buf_release(&q);
    if (!st) {
        buf_release(&sql);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        db_bind_int(st, 2 * i + 1, rows[i].site_id);
        db_bind_text(st, 2 * i + 2, rows[i].v[WF_REGNO]);
    }
    int64_t ids[WRITE_BATCH];
    int nid = 0, rc;
    while ((rc = db_step(st, e)) == 1)
        if (!db_col_null(st, 0) && nid < WRITE_BATCH) ids[nid++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0 || nid == 0) {
        buf_release(&sql);
        return rc < 0 ? -1 : 0;
    }
    /* the id list padded to a power of two (repeating the last id) so a few SQL
     * texts serve every batch */
    int k = 1;
    while (k < nid) k <<= 1;
    sql.len = head;
    sql.data[head] = 0;
    buf_puts(&sql, " FROM wbp WHERE id IN (");
    for (int i = 0; i < k; i++) buf_puts(&sql, i ? ", ?" : "?");
    buf_putc(&sql, ')');
    st = db_prepare(db, sql.data, e);
    buf_release(&sql);
    if (!st) return -1;
    for (int i = 0; i < k; i++) db_bind_int(st, i + 1, ids[i < nid ? i : nid - 1]);
    return fill_existing(st, e, sa, rows, slot);
}

/* Sets e's message to "baris A: ..." (or "baris A-B: ...") for a failure that the
 * database reported for the rows between those lines. */
static void blame_lines(err_t *e, long from, long to)
{
    char m[sizeof e->msg];
    memcpy(m, e->msg, sizeof m);
    if (from == to) snprintf(e->msg, sizeof e->msg, "baris %ld: %.360s", from, m);
    else snprintf(e->msg, sizeof e->msg, "baris %ld-%ld: %.360s", from, to, m);
}

/* The search digest's entry of a new row, as wbp_search_flush() writes it from the
 * stored row (records.c; migration 037): "name US regno US id US crime_category US
 * sentence_kind US term_years US term_months US term_days US detention_start US
 * status", the entries of a site joined by RS. Texts are stored as they are bound
 * and integers as to_int() binds them, so the text is the one SQLite's || makes;
 * a value missing here (the database's default would fill it) leaves the site's
 * digest to wbp_search_flush(). The order of a site's entries is not the SQL's:
 * readers sort what they find (wbp_store.c, by name, regno, id). */
static void digest_add(site_ent_t *s, const char **v, int64_t id)
{
    static const int f[] = {WF_NAME, WF_REGNO, -1, WF_CRIME_CATEGORY, WF_SENTENCE_KIND, WF_TERM_YEARS,
                            WF_TERM_MONTHS, WF_TERM_DAYS, WF_DETENTION_START, WF_STATUS};
    if (s->digest_bad) return;
    for (size_t k = 0; k < ARRAY_LEN(f); k++) {
        if (f[k] >= 0 && !v[f[k]]) {
            s->digest_bad = true;
            buf_release(&s->digest);
            buf_init(&s->digest);
            return;
        }
    }
    buf_t *b = &s->digest;
    if (b->len) buf_putc(b, 0x1e);
    for (size_t k = 0; k < ARRAY_LEN(f); k++) {
        if (k) buf_putc(b, 0x1f);
        if (f[k] < 0) buf_put_i64(b, id);
        else if (wbp_def.fields[f[k]].type == FT_INT) buf_put_i64(b, strtoll(v[f[k]], NULL, 10));
        else buf_puts(b, v[f[k]]);
    }
}

/* Writes the digests built by digest_add() (before wbp_search_flush(), which adds
 * those of the other sites). */
static int digests_write(imp_t *im, db_t *db, err_t *e)
{
    for (size_t i = 0; i < im->sitecap; i++) {
        site_ent_t *s = im->sites[i];
        if (!s || s->id <= 0 || s->digest_bad || !s->digest.len) continue;
        if (db_run(db, e, "INSERT INTO wbp_search_site(site_id, entries) VALUES (?, ?)", "it", s->id,
                   s->digest.data) < 0)
            return -1;
    }
    return 0;
}
static void digests_reset(imp_t *im)
{
    for (size_t i = 0; i < im->sitecap; i++) {
        if (!im->sites[i]) continue;
        buf_release(&im->sites[i]->digest);
        buf_init(&im->sites[i]->digest);
        im->sites[i]->digest_bad = false;
    }
}

/* Writes one batch; counts into res. New rows go in with multi-row inserts,
 * changed rows are updated; each is audited (creates, then updates, in file
 * order within each group); unchanged rows are not touched. */
static int write_batch(imp_t *im, db_t *db, err_t *e, arena_t *sa, brow_t *rows, int n)
{
    bool all_new = true; /* a first import into empty sites needs no lookup */
    for (int i = 0; i < n && all_new; i++) all_new = rows[i].is_new;
    if (!all_new && lookup_batch(db, e, sa, rows, n) < 0) return -1;
    wbp_import_result_t *res = im->res;
    const char **nv[WRITE_BATCH], **uv[WRITE_BATCH];
    site_ent_t *nsp[WRITE_BATCH];
    const char *nafter[WRITE_BATCH];
    bool afters = true;
    int64_t nsite[WRITE_BATCH], nid[WRITE_BATCH];
    rec_t ub[WRITE_BATCH];
    long nline[WRITE_BATCH], uline[WRITE_BATCH];
    int nn = 0, nu = 0;
    for (int i = 0; i < n; i++) {
        brow_t *b = &rows[i];
        if (b->id == 0) {
            nv[nn] = b->v;
            nafter[nn] = b->after;
            afters = afters && b->after;
            nsp[nn] = b->site;
            nsite[nn] = b->site_id;
            nline[nn++] = b->line;
            continue;
        }
        bool same = true; /* the comparison wbp_upsert() makes */
        for (int k = 0; k < WF_COUNT && same; k++) same = str_eq(b->old[k], b->v[k]) || (!b->old[k] && !b->v[k]);
        if (same) {
            res->unchanged++;
            continue;
        }
        ub[nu] = (rec_t){.id = b->id, .site_id = b->site_id, .v = b->old};
        uv[nu] = b->v;
        uline[nu++] = b->line;
    }
    if (nn && rec_insert_many(db, e, &wbp_def, im->who, nn, nsite, nv, WF_REGNO, nid, afters ? nafter : NULL) < 0) {
        if (nn == 1) blame_lines(e, nline[0], nline[0]);
        else blame_lines(e, nline[0], nline[nn - 1]);
        return -1;
    }
    res->created += nn;
    for (int i = 0; im->digests && i < nn; i++) digest_add(nsp[i], nv[i], nid[i]);
    if (nu && rec_update_many(db, e, &wbp_def, im->who, nu, ub, uv) < 0) {
        blame_lines(e, uline[0], uline[nu - 1]);
        return -1;
    }
    res->updated += nu;
    return 0;
}

/* A load into an empty register (SQLite) sets the search digests' insert trigger
 * aside, as it does the CHECKs and the secondary indexes: the trigger drops the
 * digest of the row's site for every row (a statement of its own, ~5 % of the
 * row's INSERT), while the import drops every digest once here (each was of an
 * empty site: the register is empty and the transaction holds the write lock)
 * and wbp_search_flush() rebuilds them all at the end. The trigger's text is
 * kept and created again before the commit; a rollback or a kill brings it back
 * with the rest of the transaction. Returns the text (NULL: nothing set aside). */
static int search_trigger_defer(db_t *db, err_t *e, char **saved)
{
    *saved = NULL;
    if (db_kind(db) != DB_SQLITE) return 0;
    db_stmt_t *st = db_query(db, e, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'wbp_search_ins'",
                             "");
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == 1) *saved = xstrdup(db_col_text(st, 0));
    db_finalize(st);
    if (rc < 0) return -1;
    if (*saved && db_exec(db, "DROP TRIGGER wbp_search_ins; DELETE FROM wbp_search_site", e) < 0) {
        free(*saved);
        *saved = NULL;
        return -1;
    }
    return 0;
}
static int search_trigger_restore(db_t *db, err_t *e, char *saved)
{
    int rc = saved && e ? db_exec(db, saved, e) : 0;
    free(saved);
    return rc;
}

/* ---- the rows, read on a thread of their own ---- */

/* A large import reads, parses and checks the next rows and writes their audit
 * after-images (parse_fields) on a second thread while this one writes the rows
 * before them: the two overlap on a machine with two cores. The reading thread
 * hands over batches of READ_BATCH parsed rows through READ_SLOTS slots, each
 * with its own arena, given back (src_release) once the writer holds none of its
 * rows; everything that needs the import's state or the database (sites, keys,
 * errors, the audit chain) stays on the writing thread, in file order. */
#define READ_BATCH 256
#define READ_SLOTS 4
/* Rows from which the import reads on its own thread. */
#define IMPORT_THREAD_ROWS 1000

typedef struct {
    arena_t a;
    prow_t rows[READ_BATCH];
    int n;
    int end;        /* 0: more follow; 1: the end of the file; -1: a syntax error */
    long err_line;
    const char *err_msg;
} rbatch_t;

typedef struct {
    imp_t *im;
    bool threaded;
    /* one thread: each record parsed as it is read, into the writer's arena */
    csv_reader_t *rd;
    arena_t *sa;
    prow_t cur;
    /* two threads */
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t more, room;
    rbatch_t *slot;
    long produced, consumed, released; /* batches */
    bool stop;
    locale_t loc;
    rbatch_t *at; /* the batch being read (number consumed), or NULL */
    int pos;
} rsrc_t;

static void *reader_main(void *arg)
{
    rsrc_t *src = arg;
    uselocale(src->loc); /* the caller's language for the messages */
    csv_reader_t *rd = csv_open(src->im->data, src->im->len, NULL);
    csv_record_t r;
    csv_next(rd, &r); /* the header, read before */
    for (long b = 0;; b++) {
        pthread_mutex_lock(&src->mu);
        while (!src->stop && b - src->released >= READ_SLOTS) pthread_cond_wait(&src->room, &src->mu);
        bool stop = src->stop;
        pthread_mutex_unlock(&src->mu);
        if (stop) break;
        rbatch_t *x = &src->slot[b % READ_SLOTS];
        x->n = 0;
        x->end = 0;
        while (x->n < READ_BATCH) {
            int rc = csv_next(rd, &r);
            if (rc == 1) {
                if (!blank_record(&r)) parse_fields(src->im, &x->a, &r, &x->rows[x->n++], true);
                continue;
            }
            x->end = rc == 0 ? 1 : -1;
            if (rc < 0) {
                x->err_line = csv_error_line(rd);
                x->err_msg = arena_strdup(&x->a, csv_error(rd));
            }
            break;
        }
        pthread_mutex_lock(&src->mu);
        src->produced++;
        pthread_cond_signal(&src->more);
        pthread_mutex_unlock(&src->mu);
        if (x->end) break;
    }
    csv_close(rd);
    return NULL;
}

static void src_open(rsrc_t *src, imp_t *im, arena_t *sa)
{
    memset(src, 0, sizeof *src);
    src->im = im;
    src->sa = sa;
    if (im->rows_hint >= IMPORT_THREAD_ROWS) {
        src->slot = xcalloc(READ_SLOTS, sizeof *src->slot);
        for (int i = 0; i < READ_SLOTS; i++) arena_init(&src->slot[i].a);
        pthread_mutex_init(&src->mu, NULL);
        pthread_cond_init(&src->more, NULL);
        pthread_cond_init(&src->room, NULL);
        src->loc = uselocale((locale_t)0);
        if (pthread_create(&src->th, NULL, reader_main, src) == 0) {
            src->threaded = true;
            return;
        }
        pthread_cond_destroy(&src->room);
        pthread_cond_destroy(&src->more);
        pthread_mutex_destroy(&src->mu);
        free(src->slot);
        src->slot = NULL;
    }
    src->rd = csv_open(im->data, im->len, NULL);
    csv_record_t r;
    csv_next(src->rd, &r); /* the header, read before */
}

/* The next row: 1 (*out), 0 at the end of the file, -1 on a syntax error (then
 * *err_line and *err_msg). */
static int src_next(rsrc_t *src, const prow_t **out, long *err_line, const char **err_msg)
{
    if (!src->threaded) {
        csv_record_t r;
        for (;;) {
            int rc = csv_next(src->rd, &r);
            if (rc == 1 && blank_record(&r)) continue;
            if (rc == 1) {
                parse_fields(src->im, src->sa, &r, &src->cur, false);
                *out = &src->cur;
            } else if (rc < 0) {
                *err_line = csv_error_line(src->rd);
                *err_msg = csv_error(src->rd);
            }
            return rc;
        }
    }
    for (;;) {
        if (src->at && src->pos < src->at->n) {
            *out = &src->at->rows[src->pos++];
            return 1;
        }
        if (src->at) {
            if (src->at->end) {
                *err_line = src->at->err_line;
                *err_msg = src->at->err_msg;
                return src->at->end > 0 ? 0 : -1;
            }
            src->at = NULL;
            src->consumed++;
        }
        pthread_mutex_lock(&src->mu);
        while (src->produced <= src->consumed) pthread_cond_wait(&src->more, &src->mu);
        pthread_mutex_unlock(&src->mu);
        src->at = &src->slot[src->consumed % READ_SLOTS];
        src->pos = 0;
    }
}

/* Gives back the batches read to their end: the writer holds none of their rows. */
static void src_release(rsrc_t *src)
{
    if (!src->threaded || src->released == src->consumed) return;
    for (long b = src->released; b < src->consumed; b++) arena_release(&src->slot[b % READ_SLOTS].a);
    pthread_mutex_lock(&src->mu);
    src->released = src->consumed;
    pthread_cond_signal(&src->room);
    pthread_mutex_unlock(&src->mu);
}

static void src_close(rsrc_t *src)
{
    if (!src->threaded) {
        csv_close(src->rd);
        return;
    }
    pthread_mutex_lock(&src->mu);
    src->stop = true;
    pthread_cond_signal(&src->room);
    pthread_mutex_unlock(&src->mu);
    pthread_join(src->th, NULL);
    for (int i = 0; i < READ_SLOTS; i++) arena_release(&src->slot[i].a);
    free(src->slot);
    pthread_cond_destroy(&src->room);
    pthread_cond_destroy(&src->more);
    pthread_mutex_destroy(&src->mu);
}

/* The one pass, inside the transaction: reads, checks and writes every row. Rows
 * are written a batch at a time while the file has shown no error; after the
 * first error the rest is only checked (every error is listed) and the
 * transaction is rolled back, so an invalid file leaves nothing behind. */
static int write_all(db_t *db, void *ctx, err_t *e)
{
    imp_t *im = ctx;
    wbp_import_result_t *res = im->res;
    /* db_tx may run this again after a retryable failure: start afresh */
    res->rows = res->created = res->updated = res->unchanged = 0;
    res->nerrors = res->nlisted = 0; /* none before: read_header() found none */
    if (im->keycap) memset(im->keys, 0, sizeof *im->keys * im->keycap);
    key_reserve(im, im->rows_hint);
    im->nkeys = 0;
    arena_release(&im->keymem);
    if (im->dry_run && db_exec(db, "SAVEPOINT bekal_import_dry", e) < 0) return -1;
    im->db = db;
    im->e = e;
    for (size_t i = 0; i < im->sitecap; i++)
        if (im->sites[i] && site_check_empty(im, im->sites[i]) < 0) return -1;
    im->in_tx = true; /* sites met from here on are checked as they come */
    /* a load into an empty register builds the secondary indexes once at the
     * end (SQLite), rather than inserting into each of them row by row */
    db_index_set_t idx = {0};
    char *trigger = NULL;
    int64_t filled = db_one_int(db, e, "SELECT count(*) FROM (SELECT 1 FROM wbp LIMIT 1) AS x", "");
    bool bulk = filled == 0 && im->rows_hint >= IMPORT_REINDEX_ROWS;
    if (filled < 0 || (bulk && (db_indexes_drop(db, "wbp", &idx, e) < 0 || search_trigger_defer(db, e, &trigger) < 0))) {
        db_indexes_rebuild(db, &idx, NULL);
        im->in_tx = false;
        return -1;
    }
    digests_reset(im);
    im->digests = trigger != NULL;
    arena_t sa;
    arena_init(&sa);
    rsrc_t src;
    src_open(&src, im, &sa);
    brow_t rows[WRITE_BATCH];
    int n = 0, rc = 1, ret = 0;
    long done = 0, held = 0, err_line = 0;
    const char *err_msg = NULL;
    while (ret == 0 && rc > 0) {
        const prow_t *p = NULL;
        rc = src_next(&src, &p, &err_line, &err_msg);
        if (rc == 1) {
            res->rows++;
            bool bad, dberr;
            const site_ent_t *s = finish_row(im, &sa, p, true, &bad, &dberr);
            if (dberr) {
                ret = -1;
                break;
            }
            const char **v = p->v;
            if (s && v[WF_REGNO] && duplicate_key(im, &sa, s, v[WF_REGNO], p->line)) bad = true;
            if (!bad && res->nerrors == 0)
                rows[n++] = (brow_t){v, (site_ent_t *)s, s->id, p->line, 0, NULL, s->empty, p->after};
            held++;
        }
        if (res->nerrors > 0) { /* nothing more is written: only check, a bounded arena at a time */
            n = 0;
            src_release(&src);
            if (held >= 512 || rc <= 0) arena_release(&sa), held = 0;
            continue;
        }
        if (n == WRITE_BATCH || (rc <= 0 && n > 0)) {
            if (write_batch(im, db, e, &sa, rows, n) < 0) {
                ret = -1;
                break;
            }
            done += n;
            n = 0;
            held = 0;
            arena_release(&sa);
            src_release(&src);
            if (im->progress && done % 1024 == 0) im->progress(done, done > im->rows_hint ? done : im->rows_hint);
        }
    }
    if (rc < 0 && ret == 0) push_error(im, err_line, NULL, err_msg); /* says "baris N: " itself */
    im->in_tx = false;
    src_close(&src);
    arena_release(&sa);
    if (ret == 0 && res->nerrors > 0)
        ret = err_set(e, 422, "import_invalid", "%ld kesalahan dalam berkas; tidak ada data yang disimpan",
                      res->nerrors);
    if (db_indexes_rebuild(db, &idx, ret == 0 ? e : NULL) < 0) ret = -1;
    if (search_trigger_restore(db, ret == 0 ? e : NULL, trigger) < 0) ret = -1;
    if (ret == 0 && im->digests && digests_write(im, db, e) < 0) ret = -1;
    im->digests = false;
    if (ret == 0 && wbp_search_flush(db, e) < 0) ret = -1; /* the search index, in one go */
    if (ret == 0 && im->progress) im->progress(done, done);
    if (ret == 0 && im->dry_run) {
        if (db_exec(db, "ROLLBACK TO SAVEPOINT bekal_import_dry", e) < 0 ||
            db_exec(db, "RELEASE SAVEPOINT bekal_import_dry", e) < 0)
            ret = -1;
    }
    return ret;
}

/* True when the register holds no WBP at all (asked before the transaction: only
 * a hint for the journal; write_all() asks again inside it). */
static bool register_empty(db_t *db)
{
    err_t ignored;
    return db_one_int(db, &ignored, "SELECT count(*) FROM (SELECT 1 FROM wbp LIMIT 1) AS x", "") == 0;
}

int wbp_import_csv(db_t *db, err_t *e, arena_t *a, const actor_t *who, int64_t uid, const char *site_code,
                   const char *data, size_t len, bool dry_run, void (*progress)(long done, long total),
                   wbp_import_result_t *res)
{
    memset(res, 0, sizeof *res);
    imp_t im = {.db = db, .e = e, .a = a, .who = who, .uid = uid, .data = data, .len = len, .dry_run = dry_run,
                .progress = progress, .res = res};
    today_iso(im.today);
    arena_init(&im.keymem);
    int ret = 0;
    if (site_code && *site_code) {
        im.default_site = site_code;
    } else {
        /* no --site: the only site the user may see, if there is exactly one */
        site_list_t sl;
        if (site_list_for(db, e, a, uid, &sl) < 0) return -1;
        if (sl.n == 1) im.default_site = sl.code[0];
    }
    if (im.default_site) { /* an unknown or forbidden default site is one error, not one per row */
        site_ent_t *s = site_lookup(&im, im.default_site);
        if (!s) ret = -1;
        else if (s->id == 0) add_error(&im, 0, "site", "lokasi (site) \"%.40s\" tidak dikenal", im.default_site);
        else if (!s->allowed)
            add_error(&im, 0, "site", "Anda tidak berwenang atas lokasi (site) \"%.40s\"", im.default_site);
    }
    if (ret == 0 && res->nerrors == 0 && read_header(&im)) {
        /* the number of lines, a hint for the choices below and the progress */
        for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) im.rows_hint++;
        if (len && data[len - 1] != '\n') im.rows_hint++;
        im.rows_hint--; /* the header */
        /* a large import dirties more pages than the default cache holds; spilling
         * them to the WAL mid-transaction and reading them back costs more than
         * the writing itself */
        int64_t prev_cache = 0;
        /* every value passed rec_set()/wbp_validate(), the rules the CHECK
         * constraints repeat (test_import compares the two); a row that did not is
         * never written */
        if (db_cache_grow(db, IMPORT_CACHE_KIB, &prev_cache, e) < 0 || db_checks_skip(db, e) < 0) ret = -1;
        /* a large first load from the command line appends nearly every page it
         * writes: the rollback journal writes them once, WAL twice (db.h) */
        bool journal = ret == 0 && uid == 0 && !dry_run && im.rows_hint >= IMPORT_REINDEX_ROWS &&
                       register_empty(db) && db_journal_bulk(db);
        /* such a load reads its own table back twice, for the two indexes built at
         * the end: ~20,000 pages at N=300,000 that the cache no longer holds; mapped,
         * they are read without a pread() and a copy each */
        int64_t prev_mmap = journal ? db_one_int(db, e, "PRAGMA mmap_size", "") : -1;
        if (prev_mmap == 0 && db_exec(db, "PRAGMA mmap_size = " IMPORT_MMAP_BYTES, e) < 0) ret = -1;
        if (ret == 0 && db_tx(db, write_all, &im, e) < 0) ret = -1;
        if (prev_mmap == 0) {
            err_t ignored;
            db_exec(db, "PRAGMA mmap_size = 0", &ignored);
        }
        if (journal) db_journal_restore(db);
        db_checks_restore(db);
        db_cache_restore(db, prev_cache);
    }
    if (ret == 0 && res->nerrors > 0)
        ret = err_set(e, 422, "import_invalid", "%ld kesalahan dalam berkas; tidak ada data yang disimpan",
                      res->nerrors);
    if (ret < 0) res->created = res->updated = res->unchanged = 0;
    free(im.cols);
    for (size_t i = 0; i < im.sitecap; i++) {
        if (!im.sites[i]) continue;
        free(im.sites[i]->code);
        buf_release(&im.sites[i]->digest);
        free(im.sites[i]);
    }
    free(im.sites);
    arena_release(&im.keymem);
    free(im.keys);
    return ret;
}

/* ---- export ---- */

static int sink_flush(buf_t *b, size_t over, wbp_sink_fn sink, void *ctx, err_t *e)
{
    if (b->len == 0 || b->len < over) return 0;
    int rc = sink(ctx, b->data, b->len, e);
    buf_reset(b);
    if (rc < 0 && e && !e->code[0]) err_set(e, 500, "write_failed", "gagal menulis hasil ekspor");
    return rc < 0 ? -1 : 0;
}

long wbp_export(db_t *db, err_t *e, int64_t uid, const char *site_code, wbp_export_fmt_t fmt, wbp_sink_fn sink,
                void *ctx)
{
    const record_def_t *d = &wbp_def;
    if (site_code) {
        int64_t sid = site_id_by_code(db, e, site_code);
        int ok = sid > 0 ? rec_site_allowed(db, e, uid, sid) : (int)sid;
        if (ok < 0) return -1;
        if (!ok) return err_set(e, 404, "unknown_site", "lokasi (site) \"%.40s\" tidak dikenal", site_code);
    }
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT w.id, s.code");
    for (int i = 0; i < d->nfields; i++) buf_printf(&sql, ", w.%s", d->fields[i].name);
    buf_puts(&sql, " FROM wbp w JOIN site s ON s.id = w.site_id WHERE (CAST(? AS TEXT) IS NULL OR s.code = ?)"
                   " AND (? = 0 OR w.site_id IN (SELECT site_id FROM user_site WHERE user_id = ?))"
                   " ORDER BY s.code, w.id");
    db_stmt_t *st = db_query(db, e, sql.data, "ttii", site_code, site_code, uid, uid);
    buf_release(&sql);
    if (!st) return -1;
    bool json = fmt == WBP_EXPORT_JSON;
    buf_t out;
    buf_init(&out);
    const char *cells[1 + WF_COUNT];
    if (json) {
        buf_putc(&out, '[');
    } else {
        cells[0] = "site";
        for (int i = 0; i < d->nfields; i++) cells[1 + i] = d->fields[i].name;
        csv_write_row(&out, cells, 1 + d->nfields, ',');
    }
    int rc;
    long n = 0;
    while ((rc = db_step(st, e)) == 1) {
        cells[0] = db_col_text(st, 1);
        for (int i = 0; i < d->nfields; i++) cells[1 + i] = db_col_text(st, 2 + i);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
            json_object_set_new(o, "site", json_string(cells[0]));
            json_t *f = rec_to_json(d, cells + 1);
            json_object_update(o, f);
            json_decref(f);
            char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            json_decref(o);
            buf_puts(&out, n ? ",\n" : "\n");
            buf_puts(&out, s);
            free(s);
        } else {
            csv_write_row(&out, cells, 1 + d->nfields, ',');
        }
        n++;
        if (sink_flush(&out, 1 << 16, sink, ctx, e) < 0) {
            rc = -1;
            break;
        }
    }
    db_finalize(st);
    if (rc == 0) {
        if (json) buf_puts(&out, n ? "\n]\n" : "]\n");
        if (sink_flush(&out, 0, sink, ctx, e) < 0) rc = -1;
    }
    buf_release(&out);
    return rc < 0 ? -1 : n;
}
