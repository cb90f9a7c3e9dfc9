"""test_access_log.py — the access log of personal data (issue 21):

  * viewing an inmate's record (page and API), a certificate that names one, a list
    with a filter and an export each write the right entry (who, action, inmate,
    filter, format), read back through /api/v1/access-log and /access-log(.csv)
  * a record the reader may not see (404) writes nothing
  * only admin and kalapas read the log (every other role 403)
  * `bekal access-log prune` keeps exactly the entries within the retention period
    (setting access_log.retention_days), and audits the deletion
"""
import csv
import io
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


def log_entries(reader, **params):
    """The log as the reader's API answers it, newest first."""
    q = dict(per_page="100", sort="at", dir="desc")
    q.update(params)
    r = reader.get("/api/v1/access-log", params=q)
    assert r.status == 200, r
    return r.json()["items"] if "items" in r.json() else r.json()["data"]


class Entries(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.admin = S.client()
        cls.admin.login("admin")
        cls.reader = S.client()
        cls.reader.login("kalapas")

    def newest(self, **params):
        rows = log_entries(self.reader, **params)
        self.assertTrue(rows, "no entry for %r" % (params,))
        return rows[0]

    def test_record_view_page_and_api(self):
        wid = H.wbp_ids(H.SITE_A, 1)[0]
        staf = S.client()
        staf.login("staf")
        self.assertStatus(staf.get("/wbp/%d" % wid), 200)
        e = self.newest(wbp_id=str(wid), user_name="staf")
        self.assertEqual((e["action"], e["route"], e["path"], e["format"], e["status"]),
                         ("lihat", "GET /wbp/{id}", "/wbp/%d" % wid, "html", 200))
        self.assertEqual(e["role"], "staf")
        self.assertIn(H.wbp_row(wid, "regno")[0], e["wbp_label"])
        tok = H.token_for("staf")
        self.assertStatus(S.client(token=tok).get("/api/v1/wbp/%d" % wid), 200)
        e = self.newest(wbp_id=str(wid), user_name="staf")
        self.assertEqual((e["action"], e["route"], e["format"]), ("lihat", "GET /api/v1/wbp/{id}", "json"))

    def test_certificate_names_its_holder(self):
        cid = H.db_one("SELECT min(id) FROM certificate")
        if not cid:
            self.skipTest("the demo has no certificate")
        wid = int(H.db_one("SELECT n.wbp_id FROM certificate c JOIN enrolment n ON n.id = c.enrolment_id "
                           "WHERE c.id = ?", (int(cid),)))
        self.assertStatus(self.admin.get("/certificates/%d" % int(cid)), 200)
        e = self.newest(wbp_id=str(wid), user_name="admin")
        self.assertEqual((e["action"], e["subject"], e["subject_id"]), ("lihat", "certificate", int(cid)))
        self.assertStatus(self.admin.get("/certificates/%d/pdf" % int(cid)), 200)
        e = self.newest(wbp_id=str(wid), user_name="admin")
        self.assertEqual((e["action"], e["format"]), ("ekspor", "pdf"))

    def test_list_with_filter_and_export(self):
        wali = S.client()
        wali.login("wali")
        self.assertStatus(wali.get("/wbp", params={"q": "budi", "status": "ditahan", "page": "1"}), 200)
        e = self.newest(user_name="wali", action="daftar")
        self.assertEqual((e["route"], e["filter"], e["format"], e["subject"]),
                         ("GET /wbp", "q=budi&status=ditahan", "html", "list"))
        self.assertIsNone(e["wbp_id"])
        self.assertEqual(e["site"], H.SITE_A)
        self.assertStatus(wali.get("/wbp.csv", params={"q": "a"}), 200)
        e = self.newest(user_name="wali", action="ekspor")
        self.assertEqual((e["route"], e["filter"], e["format"]), ("GET /wbp.csv", "q=a", "csv"))
        tok = H.token_for("wali")
        self.assertStatus(S.client(token=tok).get("/api/v1/wbp", params={"status": "bebas"}), 200)
        e = self.newest(user_name="wali", action="daftar")
        self.assertEqual((e["route"], e["filter"], e["format"]), ("GET /api/v1/wbp", "status=bebas", "json"))

    def test_not_found_writes_nothing(self):
        before = int(H.db_one("SELECT count(*) FROM access_log WHERE path = '/wbp/999999'"))
        self.assertStatus(self.admin.get("/wbp/999999"), 404)
        log_entries(self.reader)  # flushes the queue
        self.assertEqual(int(H.db_one("SELECT count(*) FROM access_log WHERE path = '/wbp/999999'")), before)

    def test_page_search_and_csv(self):
        wid = H.wbp_ids(H.SITE_A, 2)[1]
        regno, name = H.wbp_row(wid)
        self.assertStatus(self.admin.get("/wbp/%d/edit" % wid), 200)
        r = self.reader.get("/access-log", params={"q": regno})
        self.assertStatus(r, 200)
        self.assertIn("/wbp/%d/edit" % wid, r.text)
        r = self.reader.get("/access-log.csv", params={"q": regno, "sort": "user_name"})
        self.assertStatus(r, 200)
        rows = list(csv.DictReader(io.StringIO(r.text)))
        self.assertTrue(any(x["path"] == "/wbp/%d/edit" % wid and x["user_name"] == "admin" for x in rows), rows[:3])
        # the log's own reads are not logged, and paging is not a filter
        self.assertStatus(self.reader.get("/access-log", params={"page": "2"}), 200)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM access_log WHERE path LIKE '/access-log%'")), 0)


class Readers(H.BekalTest):
    def test_only_admin_and_kalapas(self):
        for role in ("staf", "wali", "instruktur", "kanwil", "bapas"):
            name = H.add_user(H.uniq("al" + role).lower(), role, H.SITE_A)
            c = S.client()
            c.login(name)
            self.assertStatus(c.get("/access-log"), 403, role)
            self.assertStatus(c.get("/access-log.csv"), 403, role)
            self.assertApiError(S.client(token=H.token_for(name)).get("/api/v1/access-log"), 403)
        for name in ("admin", "kalapas"):
            c = S.client()
            c.login(name)
            self.assertStatus(c.get("/access-log"), 200, name)

    def test_other_site_not_shown(self):
        ptk = S.client()
        ptk.login("admin.ptk")
        wid = H.wbp_ids(H.SITE_A, 3)[2]
        admin = S.client()
        admin.login("admin")
        self.assertStatus(admin.get("/wbp/%d" % wid), 200)
        self.assertEqual(log_entries(ptk, wbp_id=str(wid)), [])
        self.assertTrue(log_entries(admin, wbp_id=str(wid)))


class Prune(H.BekalTest):
    def test_prune_respects_the_setting(self):
        admin = S.client()
        admin.login("admin")
        log_entries(admin)  # what the server queued is written
        site = int(H.db_one("SELECT id FROM site WHERE code = ?", (H.SITE_A,)))
        for days, path in ((40, "/prune/old"), (20, "/prune/kept"), (0, "/prune/today")):
            at = H.day(-days) + "T01:00:00Z"
            H.db_exec("INSERT INTO access_log(site_id, at, user_id, user_name, role, action, route, path, subject, "
                      "status, created_at, updated_at) VALUES (?, ?, 1, 'admin', 'admin', 'lihat', 'GET /x', ?, "
                      "'wbp', 200, ?, ?)", (site, at, path, at, at))
        # the default (730 days) keeps all three
        r = H.cli("access-log", "prune")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM access_log WHERE path LIKE '/prune/%'")), 3)
        # a new value of the setting, from today, through the settings page
        r = admin.get("/settings")
        self.assertIn("access_log.retention_days", r.text)
        r = admin.post_form("/settings", {"name": "access_log.retention_days", "site": "",
                                          "effective_from": H.day(0), "value": "30", "note": "uji"})
        self.assertIn(r.status, (200, 303), r)
        r = H.cli("access-log", "prune")
        self.assertEqual(r.code, 0, r)
        self.assertIn(H.day(-30), r.out)
        left = sorted(x[0] for x in H.db_query("SELECT path FROM access_log WHERE path LIKE '/prune/%'"))
        self.assertEqual(left, ["/prune/kept", "/prune/today"])
        self.assertEqual(int(H.db_one("SELECT count(*) FROM access_log WHERE at < ?", (H.day(-30),))), 0)
        a = H.db_query("SELECT after_json FROM audit_log WHERE entity = 'access_log' AND action = 'prune' "
                       "ORDER BY id DESC LIMIT 1")
        self.assertIn('"retention_days":30', a[0][0])


if __name__ == "__main__":
    H.main()
