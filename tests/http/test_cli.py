"""test_cli.py — the `bekal` command line as users and scripts see it: help and
version, usage errors (exit 2), accounts and tokens, the CSV importer (good rows, bad
rows named by line and column in Indonesian, nothing written unless every row is
valid, re-import changes nothing), export round trip (CSV and JSON), `bekal check`
on an intact and on a tampered audit log, and the sentence calculator."""
import csv
import hashlib
import io
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
WBP_FIELDS = ["regno", "name", "birth_date", "sex", "religion", "nationality", "education", "legal_class",
              "crime_category", "crime_detail", "sentence_kind", "term_years", "term_months", "term_days",
              "detention_start", "verdict_no", "verdict_date", "fine", "fine_paid", "subsider_months",
              "subsider_days", "restitution", "restitution_paid", "status", "deradicalised", "foreign_docs"]
SUBCOMMANDS = ["init", "serve", "user", "token", "import", "export", "check", "calc"]


def setUpModule():
    H.setup_db()


def write_tmp(text, suffix=".csv"):
    fd, path = tempfile.mkstemp(suffix=suffix, dir=H._TMP)
    with os.fdopen(fd, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def row_by_regno(regno, cols):
    rows = H.db_query("SELECT %s FROM wbp w JOIN site s ON s.id = w.site_id WHERE w.regno = ?" % cols, (regno,))
    return rows


def import_counts(out):
    """(rows, created, updated, unchanged) from the importer's summary line."""
    m = re.search(r"(\d+) baris, (\d+) baru, (\d+) diubah, (\d+) tidak berubah", out)
    if not m:
        raise AssertionError("no import summary in %r" % out)
    return tuple(int(x) for x in m.groups())


class HelpAndUsage(H.BekalTest):
    def test_help(self):
        r = H.cli("--help", db=None)
        self.assertEqual(r.code, 0, r)
        self.assertIn("Pemakaian", r.out)
        for c in SUBCOMMANDS:
            self.assertRegex(r.out, r"(?m)^\s+%s\s" % c, "command %s not listed in --help" % c)
        self.assertIn("--db", r.out)

    def test_version(self):
        r = H.cli("--version", db=None)
        self.assertEqual(r.code, 0, r)
        with open(os.path.join(H.ROOT, "VERSION")) as f:
            want = f.read().strip()
        self.assertEqual(r.out.strip(), "bekal " + want)

    def test_every_subcommand_has_help(self):
        for c in SUBCOMMANDS:
            with self.subTest(cmd=c):
                r = H.cli(c, "--help", db=None)
                self.assertEqual(r.code, 0, r)
                self.assertIn("Pemakaian", r.out, r)
                self.assertIn(c, r.out, r)
        r = H.cli("import", "wbp", "--help", db=None)
        self.assertEqual(r.code, 0, r)
        for col in ("regno", "detention_start", "pidana", "site"):
            self.assertIn(col, r.out)

    def test_unknown_options_exit_2(self):
        cases = [
            ["--bogus"],
            ["--bogus", "check"],
            ["frobnicate"],
            [],
            ["init", "--bogus"],
            ["init", "extra-arg"],
            ["serve", "--bogus"],
            ["user", "list", "--bogus"],
            ["user", "frob"],
            ["user", "add", "someone", "--role", "staf", "--site", "LPKTP"],  # no --password-stdin
            ["token", "create", "admin", "--bogus"],
            ["token", "create"],
            ["import", "wbp", "x.csv", "--bogus"],
            ["import", "wbp"],
            ["import", "inmates", "x.csv"],
            ["export", "wbp", "--bogus"],
            ["export", "wbp", "--format", "xml"],
            ["export", "wbp", "--format"],
            ["export", "things"],
            ["check", "--bogus"],
            ["check", "extra"],
            ["calc", "sentence", "--bogus"],
        ]
        for args in cases:
            with self.subTest(args=args):
                r = H.cli(*args)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.strip(), "usage error without a message: %r" % r)
                self.assertEqual(r.out.strip(), "", "usage error wrote to stdout: %r" % r)

    def test_db_from_environment(self):
        r = H.cli("check", db=None, env={"BEKAL_DB": H.DB})
        self.assertEqual(r.code, 0, r)
        r = H.cli("check", "--db", H.DB, db=None)  # --db after the subcommand
        self.assertEqual(r.code, 0, r)

    def test_missing_sqlite_database(self):
        if H.IS_PG:
            self.skipTest("SQLite only")
        path = os.path.join(H._TMP, "does-not-exist.db")
        r = H.cli("check", db=path)
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("init", r.err)
        self.assertFalse(os.path.exists(path), "check created a database file")

    def test_serve_bad_listen(self):
        r = H.cli("serve", "--listen", "not-an-address")
        self.assertEqual(r.code, 2, r)
        r = H.cli("serve", "--threads", "0")
        self.assertEqual(r.code, 2, r)

    def test_init_is_idempotent(self):
        before = (H.wbp_count(), int(H.db_one("SELECT count(*) FROM app_user")), H.audit_count())
        r = H.cli("init")
        self.assertEqual(r.code, 0, r)
        r = H.cli("init", "--demo")
        self.assertEqual(r.code, 0, r)
        after = (H.wbp_count(), int(H.db_one("SELECT count(*) FROM app_user")), H.audit_count())
        self.assertEqual(before, after)
        self.assertEqual(H.cli("check").code, 0)


class DemoData(H.BekalTest):
    def test_demo_dataset(self):
        sites = dict(H.db_query("SELECT code, name FROM site"))
        self.assertIn("LPKTP", sites)
        self.assertIn("Ketapang", sites["LPKTP"])
        self.assertGreaterEqual(H.wbp_count("LPKTP"), 300)
        released = int(H.db_one("SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id "
                                "WHERE s.code = 'LPKTP' AND w.status = 'bebas'"))
        self.assertGreaterEqual(released, 20)
        roles = {r[0] for r in H.db_query("SELECT role FROM app_user")}
        self.assertTrue({"admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas"} <= roles, roles)
        self.assertGreaterEqual(int(H.db_one("SELECT count(DISTINCT crime_category) FROM wbp")), 4)
        self.assertGreaterEqual(int(H.db_one("SELECT count(DISTINCT religion) FROM wbp")), 3)
        self.assertGreaterEqual(int(H.db_one("SELECT count(DISTINCT sentence_kind) FROM wbp")), 2)


class Users(H.BekalTest):
    def test_add_list_passwd(self):
        name = H.uniq("u").lower()
        r = H.cli("user", "add", name, "--role", "staf", "--site", "LPKTP", "--password-stdin",
                  stdin="rahasia-123\n")
        self.assertEqual(r.code, 0, r)
        r = H.cli("user", "list")
        self.assertEqual(r.code, 0, r)
        line = [l for l in r.out.splitlines() if l.split() and l.split()[0] == name]
        self.assertEqual(len(line), 1, r.out)
        self.assertIn("staf", line[0])
        self.assertIn("LPKTP", line[0])
        h1 = H.db_one("SELECT password_hash FROM app_user WHERE name = ?", (name,))
        self.assertTrue(h1.startswith("$argon2id$"), h1)
        self.assertNotIn("rahasia-123", h1)
        r = H.cli("user", "passwd", name, "--password-stdin", stdin="lain-sekali-456\n")
        self.assertEqual(r.code, 0, r)
        h2 = H.db_one("SELECT password_hash FROM app_user WHERE name = ?", (name,))
        self.assertTrue(h2.startswith("$argon2id$"))
        self.assertNotEqual(h1, h2)
        # every account change is audited
        self.assertGreaterEqual(int(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = "
                                             "(SELECT id FROM app_user WHERE name = ?)", (name,))), 2)

    def test_add_errors_write_nothing(self):
        users = int(H.db_one("SELECT count(*) FROM app_user"))
        audit = H.audit_count()
        cases = [
            (["admin", "--role", "staf", "--site", "LPKTP"], "rahasia-123"),          # exists
            ([H.uniq("u").lower(), "--role", "raja", "--site", "LPKTP"], "rahasia-123"),  # bad role
            ([H.uniq("u").lower(), "--role", "staf", "--site", "NOPE"], "rahasia-123"),   # unknown site
            ([H.uniq("u").lower(), "--role", "staf", "--site", "LPKTP,NOPE"], "rahasia-123"),
            ([H.uniq("u").lower(), "--role", "staf", "--site", "LPKTP"], "pendek"),       # short password
            (["Bad Name", "--role", "staf", "--site", "LPKTP"], "rahasia-123"),
        ]
        for args, pw in cases:
            with self.subTest(args=args):
                r = H.cli("user", "add", *args, "--password-stdin", stdin=pw + "\n")
                self.assertNotEqual(r.code, 0, r)
                self.assertTrue(r.err.strip(), r)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM app_user")), users)
        self.assertEqual(H.audit_count(), audit)
        r = H.cli("user", "passwd", "nobody-here", "--password-stdin", stdin="rahasia-123\n")
        self.assertNotEqual(r.code, 0, r)

    def test_token_create_stores_hash_only(self):
        tok = H.token_for("staf")
        self.assertRegex(tok, r"^bk_[0-9a-f]{64}$")
        digest = hashlib.sha256(tok.encode()).hexdigest()
        self.assertEqual(int(H.db_one("SELECT count(*) FROM api_token WHERE token_hash = ?", (digest,))), 1)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM api_token WHERE token_hash = ?", (tok,))), 0)
        self.assertNotEqual(H.token_for("staf"), tok)
        r = H.cli("token", "create", "nobody-here")
        self.assertNotEqual(r.code, 0, r)
        self.assertEqual(r.out.strip(), "")


class Import(H.BekalTest):
    def test_good_file_then_reimport_changes_nothing(self):
        path = os.path.join(DATA, "wbp_good.csv")
        before, audit0 = H.wbp_count("LPKTP"), H.audit_count()
        r = H.cli("import", "wbp", path, "--site", "LPKTP", "--dry-run")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(import_counts(r.out), (7, 7, 0, 0))
        self.assertEqual(H.wbp_count("LPKTP"), before, "--dry-run wrote rows")
        self.assertEqual(H.audit_count(), audit0, "--dry-run wrote audit entries")

        r = H.cli("import", "wbp", path, "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(import_counts(r.out), (7, 7, 0, 0))
        self.assertEqual(H.wbp_count("LPKTP"), before + 7)
        self.assertEqual(H.audit_count(), audit0 + 7, "one audit entry per created row")
        cols = ("s.code, w.birth_date, w.detention_start, w.verdict_date, w.sentence_kind, w.term_years, "
                "w.term_months, w.term_days, w.crime_detail, w.fine, w.fine_paid, w.status, w.nationality, "
                "w.legal_class")
        got = {k: row_by_regno(k, cols)[0] for k in
               ("CLI.0001/2020", "CLI.0002/2021", "CLI.0003/2023", "CLI.0004/2017", "CLI.0005/2018",
                "CLI.0006/2024", "CLI.0007/2016")}
        self.assertEqual(got["CLI.0001/2020"],
                         ("LPKTP", "1985-05-12", "2020-03-01", "2020-06-15", "pidana", "2", "6", "0",
                          "Pasal 362 KUHP; pencurian", "0", "0", "ditahan", "WNI", "narapidana"))
        g = got["CLI.0002/2021"]
        self.assertEqual((g[5], g[6], g[7], g[9], g[10]), ("5", "6", "0", "1000000000", "0"))
        g = got["CLI.0003/2023"]
        self.assertEqual((g[1], g[5], g[6], g[7], g[11]), ("1978-11-03", "0", "8", "15", "ditahan"))
        self.assertEqual(got["CLI.0004/2017"][4:8], ("seumur_hidup", "0", "0", "0"))
        self.assertEqual(got["CLI.0005/2018"][1], "1980-12-31")
        self.assertEqual(got["CLI.0005/2018"][4], "mati")
        self.assertEqual((got["CLI.0006/2024"][1], got["CLI.0006/2024"][13]), ("2000-02-29", "tahanan"))
        g = got["CLI.0007/2016"]
        self.assertEqual((g[8], g[9], g[10], g[11]), ('Pasal 3 UU 31/1999 "Tipikor"', "200000000", "1", "bebas"))

        stamp = H.db_query("SELECT id, updated_at FROM wbp WHERE regno LIKE 'CLI.%' ORDER BY id")
        audit1 = H.audit_count()
        r = H.cli("import", "wbp", path, "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(import_counts(r.out), (7, 0, 0, 7))
        self.assertEqual(H.wbp_count("LPKTP"), before + 7)
        self.assertEqual(H.audit_count(), audit1, "re-import wrote audit entries")
        self.assertEqual(H.db_query("SELECT id, updated_at FROM wbp WHERE regno LIKE 'CLI.%' ORDER BY id"), stamp)

        # one changed row: one update, audited with before and after
        with open(path, encoding="utf-8-sig") as f:
            text = f.read().replace("Siti Contoh", "Siti Contoh Diubah")
        r = H.cli("import", "wbp", write_tmp(text), "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(import_counts(r.out), (7, 0, 1, 6))
        self.assertEqual(row_by_regno("CLI.0002/2021", "w.name")[0][0], "Siti Contoh Diubah")
        last = H.db_query("SELECT action, entity, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(last[:2], ("update", "wbp"))
        self.assertIn("Siti Contoh\"", last[2])
        self.assertIn("Siti Contoh Diubah", last[3])
        self.assertEqual(H.cli("check").code, 0)

    def test_bad_rows_named_by_line_and_column_nothing_written(self):
        path = os.path.join(DATA, "wbp_bad.csv")
        before, audit0 = H.wbp_count(), H.audit_count()
        for extra in ([], ["--dry-run"]):
            with self.subTest(extra=extra):
                r = H.cli("import", "wbp", path, "--site", "LPKTP", *extra)
                self.assertEqual(r.code, 1, r)
                for line, col in ((3, "birth_date"), (4, "crime_category"), (5, "name"), (6, "sex"),
                                  (7, "pidana"), (8, "regno"), (9, "detention_start")):
                    self.assertRegex(r.err, r"baris %d, kolom %s: \S" % (line, col), r)
                self.assertRegex(r.err, r"baris 10\b", r)  # too few columns
                self.assertNotRegex(r.err, r"(?m)^baris (2|11)\b", "a valid row was reported: %r" % r)
                self.assertIn("baris 2", re.search(r"baris 8, kolom regno:[^\n]*", r.err).group(0))
                # Indonesian messages
                self.assertIn("tidak sah", r.err)
                self.assertIn("wajib diisi", r.err)
                self.assertIn("tidak dikenal", r.err)
                self.assertIn("masa depan", r.err)
                self.assertIn("tidak ada data yang disimpan", r.err)
                self.assertEqual(r.out.strip(), "")
        self.assertEqual(H.wbp_count(), before, "rows written although the file had errors")
        self.assertEqual(H.audit_count(), audit0)
        self.assertEqual(row_by_regno("BAD.1", "w.id"), [])

    def test_header_and_site_errors(self):
        before = H.wbp_count()
        ok_row = "%s,Nama Baik,L,umum,2020-01-01,2 tahun\n"
        cases = [
            # unknown column
            ("regno,name,sex,crime_category,detention_start,pidana,nama_ibu\nH1,Nama,L,umum,2020-01-01,2y,Ani\n",
             ["--site", "LPKTP"], r"kolom nama_ibu"),
            # required column missing
            ("regno,name,sex,crime_category,pidana\nH2,Nama,L,umum,2y\n", ["--site", "LPKTP"], r"detention_start"),
            # repeated column
            ("regno,name,name,sex,crime_category,detention_start,pidana\nH3,A,B,L,umum,2020-01-01,2y\n",
             ["--site", "LPKTP"], r"lebih dari sekali"),
            # unknown site
            ("regno,name,sex,crime_category,detention_start,pidana\n" + ok_row % "H4", ["--site", "NOPE"], r"NOPE"),
            # no site at all with two sites in the database
            ("regno,name,sex,crime_category,detention_start,pidana\n" + ok_row % "H5", [], r"site"),
            # site column naming an unknown site on line 3
            ("site,regno,name,sex,crime_category,detention_start,pidana\nLPKTP," + ok_row % "H6" + "XXX," +
             ok_row % "H7", [], r"baris 3, kolom site"),
            # an empty file
            ("", ["--site", "LPKTP"], r"kosong"),
            # a broken quote
            ("regno,name,sex,crime_category,detention_start,pidana\nH8,\"Nama,L,umum,2020-01-01,2y\n",
             ["--site", "LPKTP"], r"baris"),
        ]
        for text, args, want in cases:
            with self.subTest(want=want, args=args):
                r = H.cli("import", "wbp", write_tmp(text), *args)
                self.assertEqual(r.code, 1, r)
                self.assertRegex(r.err, want)
        self.assertEqual(H.wbp_count(), before)

    def test_site_column_and_default_site(self):
        a, b = H.uniq("SC/"), H.uniq("SC/")
        text = ("site;regno;name;sex;crime_category;detention_start;pidana\n"
                "LPPTK;%s;Orang Pontianak;L;umum;05-05-2021;1 tahun\n"
                ";%s;Orang Ketapang;P;umum;06-05-2021;3 bulan\n" % (a, b))
        r = H.cli("import", "wbp", write_tmp(text), "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(row_by_regno(a, "s.code, w.detention_start")[0], ("LPPTK", "2021-05-05"))
        self.assertEqual(row_by_regno(b, "s.code, w.term_months")[0], ("LPKTP", "3"))

    def test_same_regno_in_two_sites(self):
        reg = H.uniq("DUP/")
        text = "regno,name,sex,crime_category,detention_start,pidana\n%s,Sama Nomor,L,umum,2020-01-01,1y\n" % reg
        p = write_tmp(text)
        self.assertEqual(H.cli("import", "wbp", p, "--site", "LPKTP").code, 0)
        r = H.cli("import", "wbp", p, "--site", "LPPTK")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(import_counts(r.out), (1, 1, 0, 0))
        self.assertEqual(sorted(x[0] for x in row_by_regno(reg, "s.code")), ["LPKTP", "LPPTK"])


class Export(H.BekalTest):
    def _seed_tricky(self):
        regs = [H.uniq("EXP/") for _ in range(5)]
        rows = [
            (regs[0], "=HYPERLINK(\"http://evil\")", "Pasal 1, ayat \"2\"; dan 3"),
            (regs[1], "-2+3 Minus", "+62 812"),
            (regs[2], "@SUM(A1)", "tab\tdi tengah"),
            (regs[3], "Ñoño Ümlaut O'Brien", "koma, titik; kutip \""),
            (regs[4], "'Petik di depan", "baris satu\nbaris dua"),
        ]
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["regno", "name", "sex", "crime_category", "crime_detail", "detention_start", "pidana"])
        for reg, name, detail in rows:
            w.writerow([reg, name, "L", "lainnya", detail, "2019-09-09", "1y2m3d"])
        r = H.cli("import", "wbp", write_tmp(out.getvalue()), "--site", "LPPTK")
        self.assertEqual(r.code, 0, r)
        return rows

    def test_csv_round_trip(self):
        tricky = self._seed_tricky()
        r = H.cli("export", "wbp")
        self.assertEqual(r.code, 0, r)
        text = r.out.lstrip("\ufeff")
        recs = list(csv.reader(io.StringIO(text)))
        self.assertEqual(recs[0], ["site"] + WBP_FIELDS)
        self.assertEqual(len(recs) - 1, H.wbp_count())
        by_reg = {(x[0], x[1]): x for x in recs[1:]}
        for reg, name, detail in tricky:
            cell = by_reg[("LPPTK", reg)][2]
            if name[0] in "=+-@":
                self.assertEqual(cell, "'" + name, "formula cell not guarded")
            else:
                self.assertEqual(cell, name)
        # the export re-imports unchanged
        audit0, n0 = H.audit_count(), H.wbp_count()
        r2 = H.cli("import", "wbp", write_tmp(r.out))
        self.assertEqual(r2.code, 0, r2)
        self.assertEqual(import_counts(r2.out), (n0, 0, 0, n0))
        self.assertEqual(H.audit_count(), audit0)
        for reg, name, detail in tricky:
            self.assertEqual(row_by_regno(reg, "w.name, w.crime_detail")[0], (name, detail or None))

    def test_json_export(self):
        r = H.cli("export", "wbp", "--format", "json")
        self.assertEqual(r.code, 0, r)
        items = json.loads(r.out)
        self.assertIsInstance(items, list)
        self.assertEqual(len(items), H.wbp_count())
        one = items[0]
        for k in ["id", "site"] + WBP_FIELDS:
            self.assertIn(k, one)
        self.assertIsInstance(one["id"], int)
        self.assertIsInstance(one["term_years"], int)
        self.assertIsInstance(one["fine"], int)
        self.assertIsInstance(one["fine_paid"], bool)
        db = H.db_query("SELECT regno, name, detention_start, term_years FROM wbp WHERE id = ?", (one["id"],))[0]
        self.assertEqual((one["regno"], one["name"], one["detention_start"], str(one["term_years"])), db)
        self.assertEqual(len({x["id"] for x in items}), len(items))

    def test_export_one_site(self):
        r = H.cli("export", "wbp", "--site", "LPPTK", "--format", "json")
        self.assertEqual(r.code, 0, r)
        items = json.loads(r.out)
        self.assertEqual(len(items), H.wbp_count("LPPTK"))
        self.assertEqual({x["site"] for x in items}, {"LPPTK"})
        r = H.cli("export", "wbp", "--site", "NOPE")
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("NOPE", r.err)


def hash_hex(col="hash"):
    """The SQL that reads a stored 32-byte hash (issue 28) as hex."""
    return "encode(%s, 'hex')" % col if H.IS_PG else "lower(hex(%s))" % col


def hash_lit(hexstr):
    """The SQL literal of a 32-byte hash given in hex."""
    assert all(c in "0123456789abcdef" for c in hexstr), hexstr
    return "decode('%s', 'hex')" % hexstr if H.IS_PG else "X'%s'" % hexstr


class Check(H.BekalTest):
    COLS = "id, at, user_id, user_name, site_id, action, entity, entity_id, before_json, after_json"

    def _check(self, ok, want=None):
        r = H.cli("check")
        if ok:
            self.assertEqual(r.code, 0, r)
            self.assertIn("OK", r.out)
        else:
            self.assertNotEqual(r.code, 0, r)
            self.assertIn("SALAH", r.out + r.err, r)
            if want:
                self.assertRegex(r.out + r.err, want)
        return r

    def _row(self, i):
        return H.db_query("SELECT %s, %s FROM audit_log WHERE id = ?" % (self.COLS, hash_hex()), (i,))[0]

    def _reinsert(self, row):
        H.db_exec("INSERT INTO audit_log(%s, hash) VALUES (?,?,?,?,?,?,?,?,?,?,%s)" % (self.COLS, hash_lit(row[-1])),
                  row[:-1])

    def test_intact_then_tampered_audit_log(self):
        self._check(True)
        orig = H.db_one("SELECT after_json FROM audit_log WHERE id = 3")
        self.assertIsNotNone(orig)
        H.db_exec("UPDATE audit_log SET after_json = ? WHERE id = 3", ('{"name":"dipalsukan"}',))
        try:
            self._check(False, r"entri 3\b")
        finally:
            H.db_exec("UPDATE audit_log SET after_json = ? WHERE id = 3", (orig,))
        self._check(True)

    def test_tampered_metadata_detected(self):
        for col, val in (("user_name", "orang-lain"), ("at", "2000-01-01T00:00:00Z"), ("entity_id", 999999),
                         ("action", "delete")):
            with self.subTest(col=col):
                orig = H.db_one("SELECT %s FROM audit_log WHERE id = 5" % col)
                H.db_exec("UPDATE audit_log SET %s = ? WHERE id = 5" % col, (val,))
                try:
                    self._check(False, r"entri 5\b")
                finally:
                    H.db_exec("UPDATE audit_log SET %s = ? WHERE id = 5" % col,
                              (int(orig) if col == "entity_id" else orig,))
        self._check(True)

    def test_deleted_entries_detected(self):
        mid = self._row(4)
        H.db_exec("DELETE FROM audit_log WHERE id = 4")
        try:
            self._check(False, r"\b4\b")
        finally:
            self._reinsert(mid)
        self._check(True)
        last_id = int(H.db_one("SELECT max(id) FROM audit_log"))
        last = self._row(last_id)
        H.db_exec("DELETE FROM audit_log WHERE id = ?", (last_id,))
        try:
            self._check(False)
        finally:
            self._reinsert(last)
        self._check(True)

    def test_rehashed_entry_still_breaks_chain(self):
        # An attacker who edits a row and recomputes nothing else cannot hide it by
        # copying the hash of another entry either.
        orig = H.db_one("SELECT %s FROM audit_log WHERE id = 6" % hash_hex())
        other = H.db_one("SELECT %s FROM audit_log WHERE id = 7" % hash_hex())
        self.assertEqual(len(orig), 64)  # stored as 32 bytes
        H.db_exec("UPDATE audit_log SET hash = %s WHERE id = 6" % hash_lit(other))
        try:
            self._check(False, r"entri [67]\b")
        finally:
            H.db_exec("UPDATE audit_log SET hash = %s WHERE id = 6" % hash_lit(orig))
        self._check(True)


class Calc(H.BekalTest):
    def test_sentence_expiry(self):
        r = H.cli("calc", "sentence", "--start", "2017-05-09", "--term", "2y", "--remisi", "15d", "--remisi", "2m",
                  "--remisi", "1m", db=None)
        self.assertEqual(r.code, 0, r)
        j = json.loads(r.out)

        def values(o):
            if isinstance(o, dict):
                for v in o.values():
                    yield from values(v)
            elif isinstance(o, list):
                for v in o:
                    yield from values(v)
            else:
                yield o

        self.assertIn("2019-01-24", list(values(j)), r.out)
        expiry = [v for k, v in j.items() if "expir" in k.lower()] if isinstance(j, dict) else []
        if expiry:
            self.assertEqual(expiry[0], "2019-01-24")

    def test_sentence_bad_input(self):
        for args in (["--start", "2017-02-30", "--term", "2y"], ["--start", "2017-05-09", "--term", "dua tahun"],
                     ["--term", "2y"]):
            with self.subTest(args=args):
                r = H.cli("calc", "sentence", *args, db=None)
                self.assertNotEqual(r.code, 0, r)
                self.assertTrue(r.err.strip(), r)


if __name__ == "__main__":
    H.main()
