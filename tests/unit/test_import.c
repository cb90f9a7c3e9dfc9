/* test_import.c — the WBP CSV importer and exporter against a real database
 * ($BEKAL_TEST_DB, else a temporary SQLite file): good rows, bad rows that write
 * nothing, re-import, dry run, the pidana column, site access, export round trip.
 * Run from the repository root (fixtures in tests/data/). Each test uses its own
 * site so the tests share one database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/wbp_import.h"
#include "store/audit.h"
#include "testdb.h"

TESTDB_FIXTURE("import", NULL)
static const actor_t who = {0, "test", "admin"};

static int64_t new_site(const char *code)
{
    err_t e;
    err_clear(&e);
    int64_t id = db_one_int(db, &e, "INSERT INTO site(code, name) VALUES (?, ?) RETURNING id", "tt", code, code);
    if (id <= 0) fail_msg("site %s: %s", code, e.msg);
    return id;
}

static int64_t count(const char *sql, const char *site)
{
    err_t e;
    err_clear(&e);
    int64_t n = site ? db_one_int(db, &e, sql, "t", site) : db_one_int(db, &e, sql, "");
    if (n < 0) fail_msg("%s: %s", sql, e.msg);
    return n;
}
static int64_t wbp_count(const char *site)
{
    return count("SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ?", site);
}
static int64_t audit_count(void) { return count("SELECT count(*) FROM audit_log", NULL); }

static char *read_fixture(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/tests/data/%s", getenv("BEKAL_SRCDIR") ? getenv("BEKAL_SRCDIR") : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s (run from the repository root)", path);
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

static int import_text(int64_t uid, const char *site, const char *csv, size_t len, bool dry, arena_t *a,
                       wbp_import_result_t *res)
{
    err_t e;
    err_clear(&e);
    int rc = wbp_import_csv(db, &e, a, &who, uid, site, csv, len, dry, NULL, res);
    if (rc < 0 && res->nerrors == 0) fprintf(stderr, "import failed: %s\n", e.msg);
    if (rc < 0 && res->nerrors > 0) {
        assert_int_equal(e.status, 422);
        assert_string_equal(e.code, "import_invalid");
    }
    return rc;
}
static int import_str(const char *site, const char *csv, bool dry, arena_t *a, wbp_import_result_t *res)
{
    return import_text(0, site, csv, strlen(csv), dry, a, res);
}

/* True when res lists an error on line/column whose message contains part. */
static bool has_error(const wbp_import_result_t *res, long line, const char *column, const char *part)
{
    for (int i = 0; i < res->nlisted; i++) {
        const wbp_import_error_t *x = &res->errors[i];
        if (x->line == line && (column ? str_eq(x->column, column) : !x->column) && strstr(x->message, part))
            return true;
    }
    fprintf(stderr, "missing error line %ld column %s \"%s\"; have:\n", line, column ? column : "-", part);
    for (int i = 0; i < res->nlisted; i++) fprintf(stderr, "  %s\n", res->errors[i].message);
    return false;
}

/* One column of one WBP (by site and regno) as text; caller frees. */
static char *col_of(const char *site, const char *regno, const char *col)
{
    err_t e;
    err_clear(&e);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT w.%s FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? AND w.regno = ?", col);
    db_stmt_t *st = db_query(db, &e, sql, "tt", site, regno);
    if (!st) fail_msg("%s", e.msg);
    char *v = NULL;
    if (db_step(st, &e) == 1) v = db_col_text(st, 0) ? xstrdup(db_col_text(st, 0)) : xstrdup("(null)");
    while (db_step(st, &e) == 1) {}
    db_finalize(st);
    return v ? v : xstrdup("(none)");
}
static void assert_col(const char *site, const char *regno, const char *col, const char *want)
{
    char *v = col_of(site, regno, col);
    if (strcmp(v, want)) fail_msg("%s %s.%s = \"%s\", want \"%s\"", site, regno, col, v, want);
    free(v);
}

static void test_good_file_and_reimport(void **s)
{
    (void)s;
    new_site("TGOOD");
    size_t len;
    char *csv = read_fixture("wbp_good.csv", &len);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, "TGOOD", csv, len, false, &a, &res), 0);
    assert_int_equal(res.rows, 8);
    assert_int_equal(res.created, 8);
    assert_int_equal(res.updated + res.unchanged + res.nerrors, 0);
    assert_int_equal(wbp_count("TGOOD"), 8);
    assert_int_equal(audit_count(), audit0 + 8);
    /* DD-MM-YYYY and DD/MM/YYYY normalised; pidana parsed; quoted ';' and "" kept */
    assert_col("TGOOD", "BI.0001/2020", "birth_date", "1985-05-12");
    assert_col("TGOOD", "BI.0001/2020", "detention_start", "2020-03-01");
    assert_col("TGOOD", "BI.0001/2020", "crime_detail", "Pasal 362 KUHP; pencurian");
    assert_col("TGOOD", "BI.0001/2020", "term_years", "2");
    assert_col("TGOOD", "BI.0001/2020", "term_months", "6");
    assert_col("TGOOD", "BI.0002/2021", "fine", "1000000000");
    assert_col("TGOOD", "BI.0002/2021", "term_years", "5");
    assert_col("TGOOD", "BIIa.0003/2025", "birth_date", "1978-11-03");
    assert_col("TGOOD", "BIIa.0003/2025", "term_months", "8");
    assert_col("TGOOD", "BIIa.0003/2025", "term_days", "15");
    assert_col("TGOOD", "BIIa.0003/2025", "status", "ditahan");
    assert_col("TGOOD", "BI.0004/2017", "sentence_kind", "seumur_hidup");
    assert_col("TGOOD", "BI.0005/2018", "sentence_kind", "mati");
    assert_col("TGOOD", "BI.0005/2018", "term_years", "0");
    assert_col("TGOOD", "BIIb.0006/2026", "term_days", "45");
    assert_col("TGOOD", "AII.0007/2026", "legal_class", "tahanan");
    assert_col("TGOOD", "BI.0008/2016", "crime_detail", "Pasal 3 UU 31/1999 \"Tipikor\"");
    assert_col("TGOOD", "BI.0008/2016", "fine_paid", "1");

    /* the same file again changes nothing, not even the audit log */
    assert_int_equal(import_text(0, "TGOOD", csv, len, false, &a, &res), 0);
    assert_int_equal(res.rows, 8);
    assert_int_equal(res.unchanged, 8);
    assert_int_equal(res.created + res.updated, 0);
    assert_int_equal(audit_count(), audit0 + 8);

    /* one changed value: one update */
    char *mod = xstrdup(csv);
    char *p = strstr(mod, "Rina Halim");
    memcpy(p, "Rina Hakim", 10);
    assert_int_equal(import_text(0, "TGOOD", mod, len, false, &a, &res), 0);
    assert_int_equal(res.updated, 1);
    assert_int_equal(res.unchanged, 7);
    assert_col("TGOOD", "BIIb.0006/2026", "name", "Rina Hakim");
    assert_int_equal(audit_count(), audit0 + 9);
    free(mod);
    free(csv);
    arena_release(&a);
}

static void test_bad_rows_write_nothing(void **s)
{
    (void)s;
    new_site("TBAD");
    size_t len;
    char *csv = read_fixture("wbp_bad.csv", &len);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, "TBAD", csv, len, false, &a, &res), -1);
    assert_int_equal(res.rows, 7);
    assert_int_equal(res.created + res.updated + res.unchanged, 0);
    assert_true(has_error(&res, 3, "birth_date", "baris 3, kolom birth_date: Tanggal lahir: tanggal \"31-02-2020\" tidak sah"));
    assert_true(has_error(&res, 4, "crime_category", "\"pencurian\" tidak dikenal"));
    assert_true(has_error(&res, 5, "name", "Nama wajib diisi"));
    assert_true(has_error(&res, 6, "name", "terlalu panjang"));
    assert_true(has_error(&res, 7, "sex", "\"X\" tidak dikenal"));
    assert_true(has_error(&res, 8, "regno", "sudah dipakai di baris 2"));
    assert_int_equal(res.nerrors, 6);
    assert_int_equal(wbp_count("TBAD"), 0);
    assert_int_equal(audit_count(), audit0);
    free(csv);
    arena_release(&a);
}

static void test_dry_run(void **s)
{
    (void)s;
    new_site("TDRY");
    size_t len;
    char *csv = read_fixture("wbp_good.csv", &len);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, "TDRY", csv, len, true, &a, &res), 0);
    assert_int_equal(res.rows, 8);
    assert_int_equal(res.created, 8);
    assert_int_equal(wbp_count("TDRY"), 0);
    assert_int_equal(audit_count(), audit0);
    /* after a real import, a dry run counts the rows as unchanged */
    assert_int_equal(import_text(0, "TDRY", csv, len, false, &a, &res), 0);
    assert_int_equal(import_text(0, "TDRY", csv, len, true, &a, &res), 0);
    assert_int_equal(res.unchanged, 8);
    /* a dry run of a bad file reports the same errors */
    free(csv);
    csv = read_fixture("wbp_bad.csv", &len);
    assert_int_equal(import_text(0, "TDRY", csv, len, true, &a, &res), -1);
    assert_int_equal(res.nerrors, 6);
    assert_int_equal(wbp_count("TDRY"), 8);
    free(csv);
    arena_release(&a);
}

static void test_pidana_column(void **s)
{
    (void)s;
    new_site("TPID");
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    const char *good = "regno,name,sex,crime_category,detention_start,pidana\n"
                       "P1,Andi Wijaya,L,umum,2020-01-01,2 tahun 6 bulan\n"
                       "P2,Bayu Hakim,L,umum,2020-01-01,2y6m15d\n"
                       "P3,Dimas Lubis,L,umum,2020-01-01,Seumur Hidup\n"
                       "P4,Gilang Jaya,L,narkotika,2020-01-01,mati\n"
                       "P5,Hadi Anwar,L,umum,2020-01-01,  3 bulan  \n";
    assert_int_equal(import_str("TPID", good, false, &a, &res), 0);
    assert_int_equal(res.created, 5);
    assert_col("TPID", "P1", "term_years", "2");
    assert_col("TPID", "P1", "term_months", "6");
    assert_col("TPID", "P1", "term_days", "0");
    assert_col("TPID", "P1", "sentence_kind", "pidana");
    assert_col("TPID", "P2", "term_days", "15");
    assert_col("TPID", "P3", "sentence_kind", "seumur_hidup");
    assert_col("TPID", "P4", "sentence_kind", "mati");
    assert_col("TPID", "P5", "term_months", "3");

    const char *bad = "regno,name,sex,crime_category,detention_start,pidana,term_years\n"
                      "Q1,Andi Wijaya,L,umum,2020-01-01,dua tahun,\n"
                      "Q2,Bayu Hakim,L,umum,2020-01-01,2y,3\n"
                      "Q3,Dimas Lubis,L,umum,2020-01-01,2y,2\n"
                      "Q4,Eko Harahap,L,umum,2020-01-01,,\n"
                      "Q5,Fikri Ilyas,L,umum,2020-01-01,seumur hidup,4\n";
    assert_int_equal(import_str("TPID", bad, false, &a, &res), -1);
    assert_true(has_error(&res, 2, "pidana", "Jangka waktu \"dua tahun\" tidak sah"));
    assert_true(has_error(&res, 3, "pidana", "bertentangan dengan kolom term_years"));
    assert_true(has_error(&res, 5, "term_years", "Lama pidana wajib diisi"));
    assert_true(has_error(&res, 6, "pidana", "bertentangan"));
    assert_int_equal(res.nerrors, 4); /* Q3 agrees with its term_years */
    /* with no term columns, a missing sentence is reported under pidana */
    const char *missing = "regno,name,sex,crime_category,detention_start,pidana\n"
                          "R1,Andi Wijaya,L,umum,2020-01-01,\n";
    assert_int_equal(import_str("TPID", missing, false, &a, &res), -1);
    assert_true(has_error(&res, 2, "pidana", "Lama pidana wajib diisi"));
    arena_release(&a);
}

static void test_header_and_syntax_errors(void **s)
{
    (void)s;
    new_site("THDR");
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    assert_int_equal(import_str("THDR", "regno,name,sex,crime_category,detention_start,nama_ibu,term_years\n"
                                         "H1,Andi,L,umum,2020-01-01,Ibu,1\n",
                                false, &a, &res),
                     -1);
    assert_true(has_error(&res, 1, "nama_ibu", "kolom \"nama_ibu\" tidak dikenal"));
    assert_int_equal(import_str("THDR", "regno,name,sex,crime_category,term_years,Name\nH1,Andi,L,umum,1,x\n", false,
                                &a, &res),
                     -1);
    assert_true(has_error(&res, 1, "name", "lebih dari sekali"));
    assert_true(has_error(&res, 1, "detention_start", "kolom wajib \"detention_start\""));
    /* upper-case headers and a BOM are fine; a short row is an error */
    assert_int_equal(import_str("THDR", "\xEF\xBB\xBFREGNO,Name,SEX,crime_category,detention_start,term_years\n"
                                         "H1,Andi,L,umum,2020-01-01,1\nH2,Budi,L\n",
                                false, &a, &res),
                     -1);
    assert_true(has_error(&res, 3, NULL, "jumlah kolom 3, seharusnya 6"));
    assert_int_equal(res.nerrors, 1);
    assert_int_equal(import_str("THDR", "regno,name,sex,crime_category,detention_start,term_years\n"
                                         "H1,Andi,L,umum,2020-01-01,1\nH2,\"Budi,L,umum,2020-01-01,1\n",
                                false, &a, &res),
                     -1);
    assert_true(has_error(&res, 3, NULL, "baris 3: tanda kutip pada kolom ke-2 tidak ditutup"));
    assert_int_equal(import_str("THDR", "", false, &a, &res), -1);
    assert_true(has_error(&res, 0, NULL, "berkas kosong"));
    assert_int_equal(import_str("THDR", "regno,name,sex,crime_category,detention_start\n", false, &a, &res), 0);
    assert_int_equal(res.rows, 0);
    /* blank rows (as spreadsheets leave them) are skipped; a future date is refused */
    assert_int_equal(import_str("THDR", "regno;name;sex;crime_category;detention_start;term_years\n;;;;;\n"
                                         "H9;Andi;L;umum;2099-01-01;1\n",
                                false, &a, &res),
                     -1);
    assert_int_equal(res.rows, 1);
    assert_true(has_error(&res, 3, "detention_start", "masa depan"));
    assert_int_equal(wbp_count("THDR"), 0);
    /* unknown --site */
    assert_int_equal(import_str("NOSUCH", "regno,name,sex,crime_category,detention_start,term_years\n", false, &a,
                                &res),
                     -1);
    assert_true(has_error(&res, 0, "site", "\"NOSUCH\" tidak dikenal"));
    arena_release(&a);
}

static void test_site_column_and_access(void **s)
{
    (void)s;
    int64_t sa = new_site("TSA");
    new_site("TSB");
    err_t e;
    err_clear(&e);
    int64_t uid = db_one_int(db, &e,
                             "INSERT INTO app_user(name, role, password_hash, created_at) VALUES ('imp_staf', 'staf', "
                             "'x', '2026-01-01T00:00:00Z') RETURNING id",
                             "");
    assert_true(uid > 0);
    assert_int_equal(db_run(db, &e, "INSERT INTO user_site(user_id, site_id) VALUES (?, ?)", "ii", uid, sa), 1);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    const char *csv = "site,regno,name,sex,crime_category,detention_start,term_years\n"
                      "TSA,S1,Andi,L,umum,2020-01-01,1\n"
                      "TSB,S1,Budi,L,umum,2020-01-01,1\n"
                      "TSA,S1,Citra,P,umum,2020-01-01,1\n"
                      "ZZZ,S2,Dedi,L,umum,2020-01-01,1\n";
    assert_int_equal(import_text(uid, NULL, csv, strlen(csv), false, &a, &res), -1);
    assert_true(has_error(&res, 3, "site", "tidak berwenang atas lokasi (site) \"TSB\""));
    assert_true(has_error(&res, 4, "regno", "sudah dipakai di baris 2"));
    assert_true(has_error(&res, 5, "site", "\"ZZZ\" tidak dikenal"));
    assert_int_equal(res.nerrors, 3);
    /* the same regno at two sites is fine for a user of both (uid 0) */
    const char *two = "site,regno,name,sex,crime_category,detention_start,term_years\n"
                      "TSA,S1,Andi,L,umum,2020-01-01,1\n"
                      "TSB,S1,Budi,L,umum,2020-01-01,1\n";
    assert_int_equal(import_str(NULL, two, false, &a, &res), 0);
    assert_int_equal(res.created, 2);
    /* a user with one site may leave out --site */
    const char *one = "regno,name,sex,crime_category,detention_start,term_years\nS3,Eko,L,umum,2020-01-01,1\n";
    assert_int_equal(import_text(uid, NULL, one, strlen(one), false, &a, &res), 0);
    assert_int_equal(res.created, 1);
    assert_int_equal(wbp_count("TSA"), 2);
    /* but may not name another site */
    assert_int_equal(import_text(uid, "TSB", one, strlen(one), false, &a, &res), -1);
    assert_true(has_error(&res, 0, "site", "tidak berwenang"));
    arena_release(&a);
}

/* More rows than one write batch, spread over sites: the batched lookups find every
 * existing row, and one change among hundreds is one update. */
static void test_many_rows_batches(void **s)
{
    (void)s;
    new_site("TM1");
    new_site("TM2");
    new_site("TM3");
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "site;regno;name;sex;crime_category;detention_start;pidana\n");
    /* 1,400 rows: read on the import's second thread (from 1,000 lines) */
    for (int i = 0; i < 1400; i++)
        buf_printf(&b, "TM%d;R%04d;Nama %d;%s;umum;2020-01-%02d;%d bulan\n", 1 + i % 3, i / 2, i, i % 5 ? "L" : "P",
                   1 + i % 28, 1 + i % 11);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    assert_int_equal(import_text(0, NULL, b.data, b.len, false, &a, &res), 0);
    assert_int_equal(res.created, 1400);
    assert_int_equal(wbp_count("TM2"), 467);
    assert_int_equal(import_text(0, NULL, b.data, b.len, false, &a, &res), 0);
    assert_int_equal(res.unchanged, 1400);
    char *p = strstr(b.data, ";Nama 600;");
    assert_non_null(p);
    memcpy(p + 1, "Nami", 4);
    assert_int_equal(import_text(0, NULL, b.data, b.len, false, &a, &res), 0);
    assert_int_equal(res.updated, 1);
    assert_int_equal(res.unchanged, 1399);
    assert_col("TM1", "R0300", "name", "Nami 600");
    buf_release(&b);
    arena_release(&a);
}

/* A large file (read on the second thread) with errors far apart: every one is
 * listed, in file order, the rows after the first are still checked, a syntax
 * error ends the reading, and nothing is written. */
static void test_many_rows_errors(void **s)
{
    (void)s;
    new_site("TE1");
    new_site("TE2");
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "site,regno,name,sex,crime_category,detention_start,pidana\n");
    for (int i = 0; i < 3000; i++) { /* line i + 2 */
        long line = i + 2;
        if (line == 5) buf_puts(&b, "TE1,E5,Nama,X,umum,2020-01-02,1 tahun\n");
        else if (line == 700) buf_puts(&b, "TE1,E700,Nama,L,umum\n");
        else if (line == 1300) buf_puts(&b, "TE1,Q2,Nama,L,umum,2020-01-02,1 tahun\n"); /* line 4's key */
        else if (line == 2600) buf_puts(&b, "TE9,E2600,Nama,L,umum,2020-01-02,1 tahun\n");
        else buf_printf(&b, "TE%d,Q%d,Nama %d,L,umum,2020-01-02,%d bulan\n", 1 + i % 2, i, i, 1 + i % 11);
    }
    buf_puts(&b, "TE1,\"E,Nama\n"); /* a quote never closed */
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, NULL, b.data, b.len, false, &a, &res), -1);
    assert_int_equal(res.nerrors, 5);
    assert_int_equal(res.rows, 3000);
    assert_int_equal(res.errors[0].line, 5);
    assert_string_equal(res.errors[0].column, "sex");
    assert_int_equal(res.errors[1].line, 700);
    assert_true(strstr(res.errors[1].message, "jumlah kolom 5, seharusnya 7") != NULL);
    assert_int_equal(res.errors[2].line, 1300);
    assert_true(strstr(res.errors[2].message, "sudah dipakai di baris 4") != NULL);
    assert_int_equal(res.errors[3].line, 2600);
    assert_true(strstr(res.errors[3].message, "\"TE9\" tidak dikenal") != NULL);
    assert_int_equal(res.errors[4].line, 3002);
    assert_null(res.errors[4].column);
    assert_int_equal(res.created + res.updated + res.unchanged, 0);
    assert_int_equal(wbp_count("TE1") + wbp_count("TE2"), 0);
    assert_int_equal(audit_count(), audit0);
    buf_release(&b);
    arena_release(&a);
}

/* The bulk write path: every created or changed row has its own audit entry whose
 * entity id is that row and whose JSON is what rec_to_json_text() writes for the
 * stored values (rows spread over sites, names with quotes, backslashes and UTF-8);
 * the chain verifies. */
static void check_audit_since(int64_t from, const char *action, int expect)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(db, &e,
                             "SELECT a.entity_id, a.after_json, a.before_json, a.site_id FROM audit_log a "
                             "WHERE a.id >= ? AND a.action = ? ORDER BY a.id",
                             "it", from, action);
    assert_non_null(st);
    arena_t a;
    arena_init(&a);
    int n = 0;
    while (db_step(st, &e) == 1) {
        int64_t id = db_col_int(st, 0), site = db_col_int(st, 3);
        char *after = xstrdup(db_col_text(st, 1));
        bool has_before = db_col_text(st, 2) != NULL;
        rec_t r;
        assert_int_equal(rec_load(db, &e, &a, &wbp_def, 0, id, &r), 1);
        assert_int_equal(r.site_id, site);
        char *want = rec_to_json_text(&wbp_def, r.v);
        if (str_eq(action, "create")) { /* a create's image is stored without its null members (issue 28) */
            buf_t cb;
            buf_init(&cb);
            const char *c = audit_compact_json(want, &cb);
            if (c != want) {
                free(want);
                want = xstrdup(c);
            }
            buf_release(&cb);
        }
        if (strcmp(after, want)) fail_msg("audit of wbp %lld:\n %s\nwant\n %s", (long long)id, after, want);
        assert_true(has_before == str_eq(action, "update"));
        free(want);
        free(after);
        n++;
    }
    db_finalize(st);
    arena_release(&a);
    assert_int_equal(n, expect);
    int64_t count;
    if (audit_verify(db, &e, &count) < 0) fail_msg("audit chain: %s", e.msg);
}

static void test_bulk_audit_matches(void **s)
{
    (void)s;
    new_site("TBA");
    new_site("TBB");
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "site,regno,name,sex,crime_category,detention_start,pidana,fine\n");
    for (int i = 0; i < 300; i++)
        buf_printf(&b, "%s,Q%04d,\"Nama \"\"%d\"\" \\ \xC3\x87\xF0\x9F\x98\x80\",%s,umum,2020-02-%02d,%d bulan,%d\n",
                   i % 3 ? "TBA" : "TBB", i, i, i % 2 ? "L" : "P", 1 + i % 28, 1 + i % 7, i * 100);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    int64_t from = count("SELECT last_id FROM audit_head", NULL) + 1;
    assert_int_equal(import_text(0, NULL, b.data, b.len, false, &a, &res), 0);
    assert_int_equal(res.created, 300);
    check_audit_since(from, "create", 300);

    /* 30 changed, 5 new, the rest unchanged */
    buf_t c;
    buf_init(&c);
    buf_puts(&c, "site,regno,name,sex,crime_category,detention_start,pidana,fine\n");
    for (int i = 0; i < 305; i++)
        buf_printf(&c, "%s,Q%04d,\"Nama \"\"%d\"\" \\ \xC3\x87\xF0\x9F\x98\x80\",%s,umum,2020-02-%02d,%d bulan,%d\n",
                   i % 3 ? "TBA" : "TBB", i, i, i % 2 ? "L" : "P", 1 + i % 28, 1 + i % 7,
                   i * 100 + (i % 10 == 0 ? 1 : 0));
    from = count("SELECT last_id FROM audit_head", NULL) + 1;
    assert_int_equal(import_text(0, NULL, c.data, c.len, false, &a, &res), 0);
    assert_int_equal(res.created, 5);
    assert_int_equal(res.updated, 30);
    assert_int_equal(res.unchanged, 270);
    check_audit_since(from, "create", 5);
    check_audit_since(from, "update", 30);
    assert_col("TBA", "Q0010", "fine", "1001");
    buf_release(&c);
    buf_release(&b);
    arena_release(&a);
}

static int to_buf(void *ctx, const char *data, size_t n, err_t *e)
{
    (void)e;
    buf_append(ctx, data, n);
    return 0;
}

static void test_export_round_trip(void **s)
{
    (void)s;
    new_site("TRT");
    new_site("TRU");
    size_t len;
    char *csv = read_fixture("wbp_good.csv", &len);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    assert_int_equal(import_text(0, "TRT", csv, len, false, &a, &res), 0);
    /* awkward values: formula-looking, quotes, separators, a line break */
    const char *odd = "regno,name,sex,crime_category,detention_start,term_years,crime_detail,education\n"
                      "=1+1,-Budi,L,umum,2020-01-01,1,\"a \"\"b\"\", c; d\nline two\",@home\n"
                      "'=x,+Cici,P,umum,2020-01-01,1,'plain,''-y\n";
    assert_int_equal(import_str("TRT", odd, false, &a, &res), 0);
    assert_int_equal(res.created, 2);
    assert_col("TRT", "=1+1", "name", "-Budi");
    assert_col("TRT", "=1+1", "education", "@home");
    assert_col("TRT", "=x", "name", "+Cici"); /* an import unguards '= */
    assert_col("TRT", "=x", "crime_detail", "'plain");
    assert_col("TRT", "=x", "education", "'-y");

    err_t e;
    err_clear(&e);
    buf_t out;
    buf_init(&out);
    assert_int_equal(wbp_export(db, &e, 0, "TRT", WBP_EXPORT_CSV, to_buf, &out), 10);
    assert_true(str_startswith(out.data, "site,regno,name,birth_date,sex,"));
    assert_non_null(strstr(out.data, "TRT,'=1+1,'-Budi,"));
    /* re-importing the export changes nothing */
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, NULL, out.data, out.len, false, &a, &res), 0);
    assert_int_equal(res.unchanged, 10);
    assert_int_equal(audit_count(), audit0);
    /* and into another site it recreates the same values */
    buf_t moved;
    buf_init(&moved);
    for (char *p = out.data; *p; p++) {
        if ((p == out.data || p[-1] == '\n') && str_startswith(p, "TRT,")) {
            buf_puts(&moved, "TRU,");
            p += 3;
        } else
            buf_putc(&moved, *p);
    }
    assert_int_equal(import_text(0, NULL, moved.data, moved.len, false, &a, &res), 0);
    assert_int_equal(res.created, 10);
    buf_t out2;
    buf_init(&out2);
    assert_int_equal(wbp_export(db, &e, 0, "TRU", WBP_EXPORT_CSV, to_buf, &out2), 10);
    assert_string_equal(out2.data, moved.data);

    /* JSON: an array of objects with id, site and every field */
    buf_reset(&out);
    assert_int_equal(wbp_export(db, &e, 0, "TRT", WBP_EXPORT_JSON, to_buf, &out), 10);
    json_error_t je;
    json_t *j = json_loads(out.data, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_array_size(j), 10);
    json_t *o = json_array_get(j, 0);
    assert_true(json_integer_value(json_object_get(o, "id")) > 0);
    assert_string_equal(json_string_value(json_object_get(o, "site")), "TRT");
    assert_string_equal(json_string_value(json_object_get(o, "regno")), "BI.0001/2020");
    assert_int_equal(json_integer_value(json_object_get(o, "term_years")), 2);
    assert_true(json_is_false(json_object_get(o, "fine_paid")));
    assert_int_equal(json_object_size(o), 2 + WF_COUNT);
    json_decref(j);
    buf_reset(&out);
    assert_int_equal(wbp_export(db, &e, 0, "NOSUCH", WBP_EXPORT_JSON, to_buf, &out), -1);
    assert_string_equal(e.code, "unknown_site");

    buf_release(&out);
    buf_release(&out2);
    buf_release(&moved);
    free(csv);
    arena_release(&a);
}

/* A first import into an empty site skips the per-batch lookup of existing
 * rows; a file over an empty and a filled site must still update the filled
 * one's rows and create the rest, and a second run must change nothing. */
static void test_empty_and_filled_sites(void **s)
{
    (void)s;
    new_site("TEMPTY");
    new_site("TFULL");
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    assert_int_equal(import_str("TFULL", "regno,name,sex,crime_category,detention_start,pidana\n"
                                         "F1,Lama,L,umum,2024-01-02,2 tahun\n",
                                false, &a, &res), 0);
    assert_int_equal(res.created, 1);
    buf_t csv;
    buf_init(&csv);
    buf_puts(&csv, "site,regno,name,sex,crime_category,detention_start,pidana\n");
    for (int i = 0; i < 600; i++) /* several batches, the two sites interleaved */
        buf_printf(&csv, "%s,%s%d,Nama %d,L,umum,2024-01-02,1 tahun\n", i % 2 ? "TFULL" : "TEMPTY", i % 2 ? "FX" : "EX",
                   i, i);
    buf_puts(&csv, "TFULL,F1,Baru,L,umum,2024-01-02,2 tahun\n");
    int64_t audit0 = audit_count();
    assert_int_equal(import_text(0, NULL, csv.data, csv.len, false, &a, &res), 0);
    assert_int_equal(res.created, 600);
    assert_int_equal(res.updated, 1);
    assert_int_equal(audit_count(), audit0 + 601);
    assert_int_equal(wbp_count("TEMPTY"), 300);
    assert_int_equal(wbp_count("TFULL"), 301);
    assert_col("TFULL", "F1", "name", "Baru");
    /* the empty-site file again: every row is now found and unchanged */
    assert_int_equal(import_text(0, NULL, csv.data, csv.len, false, &a, &res), 0);
    assert_int_equal(res.unchanged, 601);
    assert_int_equal(res.created + res.updated, 0);
    assert_int_equal(audit_count(), audit0 + 601);
    buf_release(&csv);
    arena_release(&a);
}

/* SQLite: a load into an empty register drops the secondary indexes and builds
 * them at the end. Afterwards they are all there with the same definitions,
 * also after a dry run and after a load that fails while writing (rolled back). */
static char *index_sql(db_t *d)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(d, &e,
                             "SELECT group_concat(name || ':' || coalesce(sql, ''), ' | ') FROM (SELECT name, sql FROM "
                             "sqlite_schema WHERE type IN ('index', 'trigger') AND tbl_name = 'wbp' AND name <> 'boom' ORDER BY name)",
                             "");
    if (!st || db_step(st, &e) != 1) fail_msg("index_sql: %s", e.msg);
    char *r = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
    while (db_step(st, &e) == 1) {}
    db_finalize(st);
    return r;
}
/* The entries of a site's search digest, sorted and joined by newlines. */
static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }
static char *digest_sorted(db_t *d, const char *code)
{
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(d, &e, "SELECT entries FROM wbp_search_site WHERE site_id = (SELECT id FROM site WHERE code = ?)",
                             "t", code);
    if (!st) fail_msg("%s", e.msg);
    if (db_step(st, &e) != 1) {
        db_finalize(st);
        return xstrdup("(none)");
    }
    char *t = xstrdup(db_col_text(st, 0));
    while (db_step(st, &e) == 1) {}
    db_finalize(st);
    size_t n = 0, cap = 16;
    char **v = xmalloc(sizeof *v * cap);
    for (char *p = t, *q; *p; p = q + 1) {
        q = strchr(p, 0x1e);
        if (n == cap) v = xrealloc(v, sizeof *v * (cap *= 2));
        v[n++] = p;
        if (!q) break;
        *q = 0;
    }
    qsort(v, n, sizeof *v, cmp_str);
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) buf_printf(&b, "%s\n", v[i]);
    free(v);
    free(t);
    return buf_steal(&b);
}

static void test_empty_register_reindex(void **s)
{
    (void)s;
    if (db_kind(db) != DB_SQLITE) skip();
    char path[sizeof tdb.dir + 16];
    snprintf(path, sizeof path, "%s/empty.db", tdb.dir[0] ? tdb.dir : "/tmp");
    unlink(path);
    db_t *d;
    err_t e;
    err_clear(&e);
    if (db_open(path, &d, &e) < 0 || db_migrate(d, &e) < 0) fail_msg("%s", e.msg);
    assert_int_equal(db_run(d, &e, "INSERT INTO site(code, name) VALUES ('TRX', 'TRX')", ""), 1);
    assert_int_equal(db_run(d, &e, "INSERT INTO site(code, name) VALUES ('TRY', 'TRY')", ""), 1);
    char *before = index_sql(d);
    assert_non_null(strstr(before, "wbp_site_name_regno:CREATE INDEX"));
    assert_non_null(strstr(before, "wbp_search_ins:CREATE TRIGGER")); /* set aside during the load, then back */
    buf_t csv;
    buf_init(&csv);
    buf_puts(&csv, "regno,name,sex,crime_category,detention_start,pidana\n");
    for (int i = 0; i < 1500; i++) buf_printf(&csv, "R%d,Nama %d,L,umum,2024-01-02,1 tahun\n", i, 1500 - i);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    /* dry run, then a run that fails in the writing phase: nothing kept, indexes intact */
    assert_int_equal(wbp_import_csv(d, &e, &a, &who, 0, "TRX", csv.data, csv.len, true, NULL, &res), 0);
    assert_int_equal(res.created, 1500);
    char *now = index_sql(d);
    assert_string_equal(now, before);
    free(now);
    assert_int_equal(db_exec(d, "CREATE TRIGGER boom BEFORE INSERT ON wbp WHEN NEW.regno = 'R1400' "
                                "BEGIN SELECT RAISE(ABORT, 'boom'); END", &e), 0);
    assert_true(wbp_import_csv(d, &e, &a, &who, 0, "TRX", csv.data, csv.len, false, NULL, &res) < 0);
    assert_int_equal(db_one_int(d, &e, "SELECT count(*) FROM wbp", ""), 0);
    now = index_sql(d);
    assert_string_equal(now, before);
    free(now);
    assert_int_equal(db_exec(d, "DROP TRIGGER boom", &e), 0);
    /* the real load */
    assert_int_equal(wbp_import_csv(d, &e, &a, &who, 0, "TRX", csv.data, csv.len, false, NULL, &res), 0);
    assert_int_equal(res.created, 1500);
    now = index_sql(d);
    assert_string_equal(now, before);
    free(now);
    assert_int_equal(db_one_int(d, &e, "SELECT count(*) FROM wbp INDEXED BY wbp_site_name_regno WHERE site_id > 0", ""),
                     1500);
    assert_int_equal(db_one_int(d, &e, "SELECT count(*) FROM wbp INDEXED BY wbp_site_status WHERE site_id > 0", ""), 1500);
    assert_int_equal(db_one_int(d, &e, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'", ""), 0);
    int64_t n;
    assert_int_equal(audit_verify(d, &e, &n), 0);
    /* the digests the import built hold the entries wbp_search_flush() makes from
     * the stored rows (their order aside); a site without rows has an empty one */
    char *built = digest_sorted(d, "TRX");
    assert_int_equal(db_one_int(d, &e, "SELECT count(*) FROM wbp_search_site WHERE entries = ''", ""), 1);
    assert_true(db_exec(d, "DELETE FROM wbp_search_site", &e) == 0 && wbp_search_flush(d, &e) == 0);
    char *flushed = digest_sorted(d, "TRX");
    assert_true(strlen(flushed) > 1500 * 20);
    assert_string_equal(built, flushed);
    free(built);
    free(flushed);
    free(before);
    buf_release(&csv);
    arena_release(&a);
    db_close(d);
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p2[sizeof path + 8];
        snprintf(p2, sizeof p2, "%s%s", path, suffix[i]);
        unlink(p2);
    }
}

/* The import skips SQLite's CHECK constraints (db_checks_skip) because every
 * value already passed the field tables' rules: every CHECK on wbp must be an
 * `IN (...)` list equal to the choices of that field, and nothing else. */
static void test_checks_match_field_tables(void **s)
{
    (void)s;
    if (db_kind(db) != DB_SQLITE) skip();
    err_t e;
    err_clear(&e);
    db_stmt_t *st = db_query(db, &e, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'wbp'", "");
    assert_non_null(st);
    assert_int_equal(db_step(st, &e), 1);
    char *sql = xstrdup(db_col_text(st, 0));
    while (db_step(st, &e) == 1) {}
    db_finalize(st);
    int nchecks = 0;
    for (char *p = strstr(sql, "CHECK"); p; p = strstr(p + 1, "CHECK")) {
        char col[64] = "";
        int used = 0;
        if (sscanf(p, "CHECK (%63[a-z_] IN (%n", col, &used) != 1 || !used)
            fail_msg("a CHECK on wbp that is not `col IN (...)`: %.80s", p);
        int fi = rec_field_index(&wbp_def, col);
        assert_true(fi >= 0);
        const field_def_t *f = &wbp_def.fields[fi];
        assert_int_equal(f->type, FT_ENUM);
        int k = 0;
        for (char *q = p + used; *q && *q != ')'; q++) {
            if (*q != '\'') continue;
            char *end = strchr(q + 1, '\'');
            assert_non_null(end);
            if (!f->choices[k] || strlen(f->choices[k]) != (size_t)(end - q - 1) ||
                strncmp(f->choices[k], q + 1, (size_t)(end - q - 1)))
                fail_msg("wbp.%s: CHECK lists '%.*s' where the field table has %s", col, (int)(end - q - 1), q + 1,
                         f->choices[k] ? f->choices[k] : "nothing more");
            k++;
            q = end;
        }
        if (f->choices[k]) fail_msg("wbp.%s: the field table allows %s, the CHECK does not", col, f->choices[k]);
        nchecks++;
    }
    free(sql);
    assert_int_equal(nchecks, 5); /* sex, legal_class, crime_category, sentence_kind, status */
    /* and the skip ends with the import: a bad value is refused again */
    assert_int_equal(db_run(db, &e, "INSERT INTO site(code, name) VALUES ('TCHK', 'TCHK')", ""), 1);
    arena_t a;
    arena_init(&a);
    wbp_import_result_t res;
    assert_int_equal(import_str("TCHK", "regno,name,sex,crime_category,detention_start,pidana\nC1,Adi,L,umum,2024-01-02,2 tahun\n",
                                false, &a, &res), 0);
    arena_release(&a);
    assert_true(db_run(db, &e, "UPDATE wbp SET status = 'hilang' WHERE regno = 'C1'", "") < 0);
    assert_string_equal(e.code, "conflict");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_and_reimport), cmocka_unit_test(test_bad_rows_write_nothing),
        cmocka_unit_test(test_dry_run),                cmocka_unit_test(test_pidana_column),
        cmocka_unit_test(test_header_and_syntax_errors), cmocka_unit_test(test_site_column_and_access),
        cmocka_unit_test(test_export_round_trip),      cmocka_unit_test(test_many_rows_batches),
        cmocka_unit_test(test_many_rows_errors),
        cmocka_unit_test(test_bulk_audit_matches),     cmocka_unit_test(test_checks_match_field_tables),
        cmocka_unit_test(test_empty_and_filled_sites), cmocka_unit_test(test_empty_register_reindex),
    };
    return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
