"""test_check_rows.py — `bekal check` names a direct SQL edit (issue 23): besides the
audit chain it compares every row of the tables described by field tables with the
after-images of its audit entries.

  * the untouched demo database passes, and so does one changed through the API
  * an UPDATE of a sentence, an INSERT of a remisi and a DELETE of an SPPN score typed
    straight into the tables are each named (table, id, field with both values) and
    the exit status is 1
  * check changes nothing in the database it reads
"""
import hashlib
import os
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


def digest():
    if H.IS_PG:
        return None
    H.db_release()
    with open(H.DB, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class CheckRows(H.BekalTest):
    def test_direct_edits_are_named(self):
        r = H.cli("check")
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.out, r"OK: \d+ baris data sama dengan log audit")
        # a change through Bekal keeps it passing
        api = S.client(token=H.token_for("staf"))
        wid, other = H.wbp_ids(H.SITE_A, 2)
        r = api.api("PATCH", "/api/v1/wbp/%d" % other, {"term_months": 7})
        self.assertStatus(r, 200)
        self.assertEqual(H.cli("check").code, 0)
        # straight into the tables, behind Bekal's back
        years = int(H.db_one("SELECT term_years FROM wbp WHERE id = ?", (wid,)))
        H.db_exec("UPDATE wbp SET term_years = ? WHERE id = ?", (years + 5, wid))
        site = int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (wid,)))
        H.db_exec("INSERT INTO remisi(site_id, wbp_id, kind, months, days, granted_date, decree_no, created_at, "
                  "updated_at) VALUES (?, ?, 'umum', 3, 0, '2025-08-17', 'SELUNDUPAN', 'x', 'x')", (site, wid))
        rid = int(H.db_one("SELECT max(id) FROM remisi"))
        sid = int(H.db_one("SELECT max(id) FROM sppn"))
        H.db_exec("DELETE FROM sppn WHERE id = ?", (sid,))
        before = digest()
        r = H.cli("check")
        self.assertEqual(r.code, 1, r)
        self.assertIn("SALAH: baris wbp id %d berbeda dari log audit: term_years (log audit: %d, tabel: %d)"
                      % (wid, years, years + 5), r.out)
        self.assertIn("SALAH: baris remisi id %d" % rid, r.out)
        self.assertIn("tidak ada entri log audit", r.out)
        self.assertIn("SALAH: baris sppn id %d" % sid, r.out)
        self.assertIn("OK: rantai log audit utuh", r.out)  # the chain itself was not touched
        self.assertEqual(digest(), before, "check changed the database it read")
        # put the sentence back by SQL: that row passes again, the others are still named
        H.db_exec("UPDATE wbp SET term_years = ? WHERE id = ?", (years, wid))
        r = H.cli("check")
        self.assertNotIn("baris wbp id %d" % wid, r.out)
        self.assertEqual(r.code, 1)


if __name__ == "__main__":
    H.main()
