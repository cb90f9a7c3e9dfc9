#!/usr/bin/env python3
"""`bekal migrate --from sqlite:PATH --to TARGET`: a prison's SQLite file moved into
the test database (PostgreSQL in the postgres run, another SQLite file otherwise).
Idempotent per site, counts and checksums verified, audit chain intact after."""
import os
import tempfile

import harness as H


class Migrate(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bekal-mig-")
        cls.src = os.path.join(cls.tmp, "prison.db")
        r = H.cli("init", "--demo", db=cls.src)
        assert r.code == 0, r
        H.cli("init")  # the regional database, empty

    def src_count(self, table):
        return int(H.db_one("SELECT count(*) FROM %s" % table, db=self.src))

    def test_copies_verifies_and_is_idempotent(self):
        r = H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, db=None)
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("TIDAK COCOK", r.out)
        self.assertIn("cocok", r.out)
        for t in ("wbp", "remisi", "discipline", "sppn"):
            self.assertGreater(self.src_count(t), 0, t)
            self.assertEqual(int(H.db_one("SELECT count(*) FROM %s" % t)) , self.src_count(t), t)
        # same answers on both sides
        a = H.cli("eligibility", "--at", "2026-11-28", "--format", "csv", db=self.src)
        b = H.cli("eligibility", "--at", "2026-11-28", "--format", "csv")
        self.assertEqual(sorted(a.out.splitlines()), sorted(b.out.splitlines()))
        # a second run copies nothing
        audit_before = H.audit_count()
        r2 = H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, db=None)
        self.assertEqual(r2.code, 0, r2)
        self.assertIn("0 WBP, 0 remisi, 0 disiplin, 0 SPPN disalin", r2.out)
        for t in ("wbp", "remisi", "discipline", "sppn"):
            self.assertEqual(int(H.db_one("SELECT count(*) FROM %s" % t)) , self.src_count(t), t)
        self.assertEqual(H.audit_count(), audit_before + 2)  # one "migrate" entry per site
        self.assertEqual(H.cli("check").code, 0)
        # a migrated user can log in on the regional database with the same password
        s = H.start_server()
        c = s.client()
        c.login("staf")
        self.assertStatus(c.get("/wbp"), 200)

    def test_verification_catches_a_changed_row(self):
        H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, "--site", "LPPTK", db=None)
        wid = int(H.db_one("SELECT max(target_id) FROM migration_map WHERE site_code = 'LPPTK' AND entity = 'wbp'"))
        old = H.db_one("SELECT name FROM wbp WHERE id = %d" % wid)
        H.db_exec("UPDATE wbp SET name = 'Diubah Diam-diam' WHERE id = %d" % wid)
        try:
            r = H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, "--site", "LPPTK", db=None)
            self.assertNotEqual(r.code, 0, r)
            self.assertIn("TIDAK COCOK", r.out)
        finally:
            H.db_exec("UPDATE wbp SET name = '%s' WHERE id = %d" % (old.replace("'", "''"), wid))

    def test_usage_errors(self):
        self.assertEqual(H.cli("migrate", "--from", "sqlite:" + self.src, db=None).code, 2)
        self.assertEqual(H.cli("migrate", "--bogus", db=None).code, 2)
        r = H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, "--site", "NOPE", db=None)
        self.assertNotEqual(r.code, 0)


if __name__ == "__main__":
    try:
        H.main()
    finally:
        H.stop_servers()
