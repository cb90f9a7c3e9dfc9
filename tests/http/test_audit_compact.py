"""test_audit_compact.py — compact audit entries (issue 28), on both databases.

  * a database in the form before migration 029 (hex hashes, each entry with a copy
    of the previous one's hash) passes `bekal check` as it is; `bekal init` converts
    it (32-byte hashes, no copy), the chain still verifies with the same number of
    entries and the same head hash, new entries go on from it, a create made now is
    stored without null members, and the audit page shows the entries as before
  * a tampered database in the old form converts as it is and still fails `bekal
    check` at the same entry
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None


def setUpModule():
    global S
    H.setup_db()
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def hex_of(col):
    return "encode(%s, 'hex')" % col if H.IS_PG else "lower(hex(%s))" % col


OLD_FORM_PG = [
    "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
    "ALTER TABLE audit_log ALTER COLUMN hash TYPE TEXT USING encode(hash, 'hex')",
    "UPDATE audit_log SET prev_hash = COALESCE((SELECT p.hash FROM audit_log p WHERE p.id = audit_log.id - 1), "
    "repeat('0', 64))",
    "ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL",
    "ALTER TABLE audit_head ALTER COLUMN last_hash TYPE TEXT USING encode(last_hash, 'hex')",
    "DELETE FROM schema_migrations WHERE name = '029_audit_compact'",
]
OLD_FORM_SQLITE = """
CREATE TABLE audit_old (id BIGINT PRIMARY KEY, at TEXT NOT NULL, user_id BIGINT, user_name TEXT NOT NULL,
  site_id BIGINT, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id BIGINT, before_json TEXT,
  after_json TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_old SELECT id, at, user_id, user_name, site_id, action, entity, entity_id, before_json,
  after_json, COALESCE((SELECT lower(hex(p.hash)) FROM audit_log p WHERE p.id = a.id - 1), '%s'),
  lower(hex(hash)) FROM audit_log a;
DROP TABLE audit_log; ALTER TABLE audit_old RENAME TO audit_log;
CREATE TABLE head_old (id INTEGER PRIMARY KEY CHECK (id = 1), last_id BIGINT NOT NULL, last_hash TEXT NOT NULL);
INSERT INTO head_old SELECT id, last_id, lower(hex(last_hash)) FROM audit_head;
DROP TABLE audit_head; ALTER TABLE head_old RENAME TO audit_head;
DELETE FROM schema_migrations WHERE name = '029_audit_compact';
""" % ("0" * 64)


def to_old_form():
    """The log as the schema before migration 029 kept it, made from the current one."""
    if H.IS_PG:
        for q in OLD_FORM_PG:
            H.db_exec(q)
        H.db_release()
        return
    H.db_release()
    con = sqlite3.connect(H.DB[7:] if H.DB.startswith("sqlite:") else H.DB)
    con.executescript(OLD_FORM_SQLITE)
    con.commit()
    con.close()


def chain_line(r):
    return [l for l in r.out.splitlines() if "log audit" in l and "baris data" not in l]


class AuditCompact(H.BekalTest):
    def test_1_old_form_converts_and_verifies(self):
        n = int(H.db_one("SELECT count(*) FROM audit_log"))
        self.assertGreater(n, 10)
        head = H.db_one("SELECT %s FROM audit_head" % hex_of("last_hash"))
        self.assertEqual(len(head), 64)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM audit_log WHERE length(hash) = 32")), n)
        to_old_form()
        self.assertEqual(H.db_one("SELECT last_hash FROM audit_head"), head)
        self.assertEqual(len(H.db_one("SELECT prev_hash FROM audit_log WHERE id = 2")), 64)
        # bekal check reads the old form as it is (it does not migrate)
        r = H.cli("check")
        self.assertEqual(chain_line(r), ["OK: rantai log audit utuh (%d entri)" % n], r)
        # the conversion, verified before and after
        r = H.cli("init")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("rusak", r.err)
        r = H.cli("check")
        self.assertEqual(chain_line(r), ["OK: rantai log audit utuh (%d entri)" % n], r)
        self.assertEqual(H.db_one("SELECT %s FROM audit_head" % hex_of("last_hash")), head)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM audit_log WHERE length(hash) = 32")), n)
        rows = (H.db_query("SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_log'")
                if H.IS_PG else H.db_query("SELECT name FROM pragma_table_info('audit_log')"))
        cols = [r[0].lower() for r in rows]
        self.assertIn("hash", cols)
        self.assertNotIn("prev_hash", cols)
        # the chain goes on; a create is stored without its null members
        name = "Ringkas " + H.uniq("R")
        api = S.client(token=H.token_for("admin"))
        r = api.api("POST", "/api/v1/wbp", H.valid_wbp(name=name))
        self.assertStatus(r, 201)
        after = H.db_one("SELECT after_json FROM audit_log WHERE action = 'create' AND entity = 'wbp' "
                         "ORDER BY id DESC LIMIT 1")
        self.assertIn(name, after)
        self.assertNotIn("null", after)
        n2 = int(H.db_one("SELECT count(*) FROM audit_log"))
        self.assertGreater(n2, n)
        r = H.cli("check")
        self.assertEqual(chain_line(r), ["OK: rantai log audit utuh (%d entri)" % n2], r)
        # the audit page shows the entries as before
        c = S.client()
        c.login("admin")
        page = c.get("/audit")
        self.assertStatus(page, 200)
        self.assertIn(name, page.text)

    def test_2_tampered_old_form_still_fails(self):
        to_old_form()
        H.db_exec("UPDATE audit_log SET after_json = ? WHERE id = 3", ('{"name":"dipalsukan"}',))
        r = H.cli("check")
        self.assertNotEqual(r.code, 0, r)
        self.assertRegex(r.out, r"SALAH: log audit: entri 3 telah diubah")
        r = H.cli("init")
        self.assertEqual(r.code, 0, r)
        self.assertIn("sudah rusak sebelum dikonversi", r.err)
        r = H.cli("check")
        self.assertNotEqual(r.code, 0, r)
        self.assertRegex(r.out, r"SALAH: log audit: entri 3 telah diubah")
        self.assertEqual(int(H.db_one("SELECT count(*) FROM schema_migrations WHERE name = '029_audit_compact'")), 1)


if __name__ == "__main__":
    H.main()
