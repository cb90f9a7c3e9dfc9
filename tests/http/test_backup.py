"""test_backup.py — `bekal backup FILE` and `bekal restore FILE`.

SQLite: backups are taken while `bekal serve` answers concurrent API writes; each
backup holds every write acknowledged before it started, passes `bekal check` (the
audit chain verifies) and has no half-written change (every WBP has its audit entry).
A restore into a new file reproduces the backup table by table, row by row; a restore
over the live database (--force, server running) brings back exactly the backup's
content and the server keeps serving it. Refusals leave the target untouched:
existing target without --force, a tampered or non-database backup, an existing
backup file. PostgreSQL: both commands refuse with a pointer to pg_dump/pg_basebackup."""
import hashlib
import os
import shutil
import sqlite3
import tempfile
import threading

import harness as H

TMP = tempfile.mkdtemp(prefix="bekal-backup-")
TABLES = ["site", "app_user", "user_site", "wbp", "remisi", "discipline", "sppn", "audit_log", "audit_head",
          "api_token", "schema_migrations"]


def dump(path):
    """{table: sorted rows} of an SQLite file, for exact comparison."""
    con = sqlite3.connect(path)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: sorted(con.execute("SELECT * FROM %s" % t).fetchall(), key=repr) for t in TABLES if t in have}
    finally:
        con.close()


def count(path, table):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    finally:
        con.close()


def file_sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tearDownModule():
    H.stop_servers()
    shutil.rmtree(TMP, ignore_errors=True)


class PostgresRefuses(H.BekalTest):
    def test_pg_points_to_pg_tools(self):
        if not H.IS_PG:
            self.skipTest("PostgreSQL run only")
        H.setup_db()
        for cmd in ("backup", "restore"):
            with self.subTest(cmd=cmd):
                r = H.cli(cmd, os.path.join(TMP, "x.db"))
                self.assertEqual(r.code, 1, r)
                self.assertIn("pg_dump" if cmd == "backup" else "pg_restore", r.err)
                self.assertIn("README", r.err)
        self.assertFalse(os.path.exists(os.path.join(TMP, "x.db")))


class SqliteBackup(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        if H.IS_PG:
            raise __import__("unittest").SkipTest("SQLite backups; PostgreSQL uses pg_dump (see PostgresRefuses)")
        H.setup_db()
        cls.token = H.token_for("staf")

    def test_help_and_usage(self):
        for cmd in ("backup", "restore"):
            r = H.cli(cmd, "--help", db=None)
            self.assertEqual(r.code, 0, r)
            self.assertIn("Pemakaian: bekal " + cmd, r.out)
            self.assertEqual(H.cli(cmd).code, 2)
            self.assertEqual(H.cli(cmd, "a", "b").code, 2)
            self.assertEqual(H.cli(cmd, "a", "--bogus").code, 2)

    def test_backup_while_writing_then_restore(self):
        s = H.start_server()
        acked = []
        lock = threading.Lock()
        stop = threading.Event()

        def writer(k):
            c = s.client(token=self.token)
            i = 0
            while not stop.is_set():
                i += 1
                body = H.valid_wbp(regno="BK/%d/%d" % (k, i), name="Cadangan %d-%d" % (k, i))
                r = c.api("POST", "/api/v1/wbp", body)
                if r.status != 201:
                    continue
                wid = r.json()["id"]
                c.api("PATCH", "/api/v1/wbp/%d" % wid, {"education": "SMA"})
                with lock:
                    acked.append(body["regno"])

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        backups = []
        try:
            for n in range(3):
                while True:  # let some writes land first
                    with lock:
                        if len(acked) >= 15 * (n + 1):
                            break
                    stop.wait(0.05)
                with lock:
                    before = list(acked)
                path = os.path.join(TMP, "live-%d.db" % n)
                r = H.cli("backup", path)
                self.assertEqual(r.code, 0, r)
                self.assertIn("rantai utuh", r.out)
                backups.append((path, before))
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        self.assertTrue(s.alive())
        for path, before in backups:
            with self.subTest(backup=os.path.basename(path)):
                self.assertEqual(sorted(os.listdir(TMP)).count(os.path.basename(path) + "-wal"), 0,
                                 "backup left a -wal file")
                have = {r[0] for r in sqlite3.connect(path).execute("SELECT regno FROM wbp WHERE regno LIKE 'BK/%'")}
                missing = [x for x in before if x not in have]
                self.assertEqual(missing, [], "writes acknowledged before the backup are missing from it")
                r = H.cli("check", db=path)
                self.assertEqual(r.code, 0, r)
                con = sqlite3.connect(path)
                orphans = con.execute("SELECT count(*) FROM wbp w WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
                                      "WHERE a.entity = 'wbp' AND a.entity_id = w.id)").fetchone()[0]
                con.close()
                self.assertEqual(orphans, 0, "a WBP without its audit entry: half-written change in the backup")
        # the live database went on after the last backup
        self.assertGreater(H.wbp_count(), count(backups[-1][0], "wbp"))

        # restore into a new file: identical content
        path = backups[1][0]
        new = os.path.join(TMP, "restored.db")
        r = H.cli("restore", path, db=new)
        self.assertEqual(r.code, 0, r)
        self.assertIn("dipulihkan", r.out)
        self.assertEqual(dump(new), dump(path))
        r = H.cli("check", db=new)
        self.assertEqual(r.code, 0, r)
        self.assertIn("OK: rantai log audit utuh (%d entri)" % count(path, "audit_log"), r.out)

        # over the live database, while the server runs: refused without --force
        live_n = H.wbp_count()
        r = H.cli("restore", path)
        self.assertEqual(r.code, 1, r)
        self.assertIn("--force", r.err)
        self.assertEqual(H.wbp_count(), live_n)
        r = H.cli("restore", path, "--force")
        self.assertEqual(r.code, 0, r)
        live = H.DB[7:] if H.DB.startswith("sqlite:") else H.DB
        self.assertEqual(dump(live), dump(path))
        # the running server serves the restored content
        c = s.client(token=self.token)
        con = sqlite3.connect(path)
        want = con.execute("SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ?",
                           (H.SITE_A,)).fetchone()[0]
        con.close()
        self.assertEqual(c.api("GET", "/api/v1/wbp?per_page=1").json()["total"], want)
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp())
        self.assertStatus(r, 201)
        self.assertEqual(H.cli("check").code, 0)

    def test_refusals_leave_the_target_untouched(self):
        src = os.path.join(TMP, "ref-src.db")
        self.assertEqual(H.cli("backup", src).code, 0)
        # an existing backup file is not overwritten without --force
        sha = file_sha(src)
        r = H.cli("backup", src)
        self.assertEqual(r.code, 1, r)
        self.assertIn("sudah ada", r.err)
        self.assertEqual(file_sha(src), sha)
        self.assertEqual(H.cli("backup", src, "--force").code, 0)
        target = os.path.join(TMP, "ref-target.db")
        self.assertEqual(H.cli("restore", src, db=target).code, 0)
        before = dump(target)
        # a tampered backup: the audit chain does not verify
        bad = os.path.join(TMP, "ref-tampered.db")
        shutil.copy(src, bad)
        con = sqlite3.connect(bad)
        con.execute("UPDATE audit_log SET after_json = replace(after_json, 'a', 'b') "
                    "WHERE id = (SELECT max(id) FROM audit_log)")
        con.commit()
        con.close()
        r = H.cli("restore", bad, "--force", db=target)
        self.assertEqual(r.code, 1, r)
        self.assertIn("audit", r.err)
        self.assertEqual(dump(target), before)
        # not a database at all, a missing file, a truncated file
        junk = os.path.join(TMP, "junk.db")
        with open(junk, "wb") as f:
            f.write(b"this is not a database\n" * 100)
        half = os.path.join(TMP, "half.db")
        with open(src, "rb") as f, open(half, "wb") as g:
            g.write(f.read()[: os.path.getsize(src) // 2])
        for path in (junk, os.path.join(TMP, "nope.db"), half):
            with self.subTest(path=os.path.basename(path)):
                r = H.cli("restore", path, "--force", db=target)
                self.assertEqual(r.code, 1, r)
                self.assertTrue(r.err.strip())
                self.assertEqual(dump(target), before)
        # no staging or temporary files are left behind
        self.assertEqual([f for f in os.listdir(TMP) if ".tmp-" in f or ".restore-" in f], [])


if __name__ == "__main__":
    H.main()
