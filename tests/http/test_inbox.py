"""test_inbox.py — the task inbox (issue 25): every role's home page lists the work
waiting for it, with a count, a due date, a status tag and a link; GET /api/v1/inbox
gives the same items.

* Each demo role sees exactly its items (rules/kotak-tugas-default.json), on the page
  and in the API; every link is a page the role may open (no 403).
* /inbox is the same page as /; the page shows each item's count and tag.
* Doing one task lowers its count: settling a sale (staf), taking a session's
  attendance (instruktur), a wali's SPPN score, a Kalapas' decree on a proposal.
* The counts keep to the role's scope: the admin of another site sees other counts;
  the wali's count is the caseload's.
"""
import re

import harness as H

ROLE_ITEMS = {
    "admin": ["eligible_new", "assessments_open", "placements_confirm", "certificates_issue", "sales_settle",
              "pnbp_deposit", "releases_due", "agreements_expiring", "movements_late"],
    "staf": ["eligible_new", "assessments_open", "placements_confirm", "certificates_issue", "sales_settle",
             "pnbp_deposit", "releases_due", "agreements_expiring", "movements_late"],
    "wali": ["sppn_missing", "usulan_documents"],
    "instruktur": ["attendance_today", "results_missing"],
    "kalapas": ["usulan_decree", "certificates_sign", "movements_late"],
    "kanwil": ["usulan_approval", "sites_lagging"],
    "bapas": ["followups_due"],
}


def setUpModule():
    H.setup_db()
    global SERVER, API
    SERVER = H.start_server()
    API = {role: SERVER.client(token=H.token_for(role)) for role in ROLE_ITEMS}


def tearDownModule():
    H.stop_servers()


def inbox(role):
    r = API[role].get("/api/v1/inbox")
    assert r.status == 200, r
    return {it["code"]: it for it in r.json()["items"]}


def page(role):
    c = SERVER.client()
    c.login(role)
    return c


class Items(H.BekalTest):
    def test_each_role_sees_its_items(self):
        for role, codes in ROLE_ITEMS.items():
            with self.subTest(role=role):
                r = API[role].get("/api/v1/inbox")
                self.assertStatus(r, 200)
                j = r.json()
                self.assertEqual(j["date"], H.TODAY.isoformat())
                self.assertEqual([it["code"] for it in j["items"]], codes)
                c = page(role)
                home = c.get("/")
                self.assertStatus(home, 200)
                self.assertEqual(c.get("/inbox").text.count('data-code="'), len(codes))
                for it in j["items"]:
                    self.assertEqual(set(it), {"code", "title", "count", "due", "url", "status"})
                    self.assertIsInstance(it["count"], int)
                    self.assertGreaterEqual(it["count"], 0)
                    self.assertIn(it["status"], ("done", "later", "soon", "overdue"))
                    if it["count"] == 0:
                        self.assertEqual(it["status"], "done")
                    if it["due"] is not None:
                        self.assertRegex(it["due"], r"^\d{4}-\d\d-\d\d$")
                        if it["count"] and it["due"] < H.TODAY.isoformat():
                            self.assertEqual(it["status"], "overdue")
                    row = re.search(r'<tr id="tugas-%s" data-code="%s" data-count="(\d+)">(.*?)</tr>'
                                    % (it["code"], it["code"]), home.text, re.S)
                    self.assertIsNotNone(row, it["code"])
                    self.assertEqual(int(row.group(1)), it["count"])
                    self.assertIn('class="tag st-%s"' % it["status"], row.group(2))
                    if it["url"]:
                        self.assertIn('href="%s"' % it["url"].replace("&", "&amp;"), row.group(2))
                        self.assertStatus(c.get(it["url"]), 200, "%s %s" % (role, it["url"]))

    def test_demo_has_work(self):
        """The demo day gives most roles something to do (so the tests below test something)."""
        self.assertGreater(inbox("staf")["sales_settle"]["count"], 0)
        self.assertGreater(inbox("staf")["pnbp_deposit"]["count"], 0)
        self.assertGreater(inbox("staf")["agreements_expiring"]["count"], 0)
        self.assertGreater(inbox("bapas")["followups_due"]["count"], 0)


    def test_english(self):
        c = page("staf")
        self.assertStatus(c.post_form("/lang", {"lang": "en", "next": "/"}), 303)
        r = c.get("/")
        self.assertIn("Task inbox", r.text)
        self.assertIn(">Inmates newly eligible for asimilasi</a>", r.text)
        self.assertIn("<summary>Training</summary>", r.text)
        self.assertNotIn("Kotak tugas", r.text)
        j = c.get("/api/v1/inbox").json()
        self.assertEqual(j["items"][0]["title"], "Inmates newly eligible for asimilasi")
        c.post_form("/lang", {"lang": "id", "next": "/"})

class Scope(H.BekalTest):
    def test_other_site_admin(self):
        """admin.ptk (Pontianak) counts Pontianak's sales, not Ketapang's."""
        c = SERVER.client(token=H.token_for("admin.ptk"))
        mine = c.get("/api/v1/inbox").json()
        ptk = {it["code"]: it["count"] for it in mine["items"]}
        want = int(H.db_one("SELECT count(*) FROM sale s JOIN site t ON t.id = s.site_id WHERE t.code = ? AND "
                            "s.split_id IS NULL AND s.total > 0 AND NOT EXISTS (SELECT 1 FROM sale_reversal v "
                            "WHERE v.sale_id = s.id)", (H.SITE_B,)))
        self.assertEqual(ptk["sales_settle"], want)

    def test_wali_counts_the_caseload(self):
        n = inbox("wali")["sppn_missing"]["count"]
        everyone = int(H.db_one("SELECT count(*) FROM wbp w JOIN site t ON t.id = w.site_id WHERE t.code = ? AND "
                                "w.status = 'ditahan'", (H.SITE_A,)))
        caseload = int(H.db_one("SELECT count(*) FROM caseload c JOIN app_user u ON u.id = c.user_id WHERE "
                                "u.name = 'wali' AND c.ended_on IS NULL"))
        self.assertLessEqual(n, caseload)
        self.assertLess(n, everyone)


class Tasks(H.BekalTest):
    def test_settling_a_sale_lowers_the_count(self):
        before = inbox("staf")["sales_settle"]["count"]
        self.assertGreater(before, 0)
        sid = int(H.db_one("SELECT min(s.id) FROM sale s JOIN site t ON t.id = s.site_id WHERE t.code = ? AND "
                           "s.split_id IS NULL AND s.total > 0", (H.SITE_A,)))
        total = int(H.db_one("SELECT total FROM sale WHERE id = ?", (sid,)))
        # the payment is recorded first (a sale is divided once it is paid in full)
        self.assertStatus(API["staf"].api("PATCH", "/api/v1/sales/%d" % sid,
                                          {"payment_status": "lunas", "paid_amount": total}), 200)
        self.assertEqual(inbox("staf")["sales_settle"]["count"], before)
        r = API["staf"].api("POST", "/api/v1/sales/%d/settle" % sid, {"total": total, "confirm": True})
        self.assertStatus(r, 200)
        self.assertEqual(inbox("staf")["sales_settle"]["count"], before - 1)
        self.assertEqual(inbox("admin")["sales_settle"]["count"], before - 1)

    def test_attendance_lowers_the_count(self):
        it = inbox("instruktur")["attendance_today"]
        if it["count"] == 0:
            self.skipTest("no session without attendance on this demo day")
        sid = int(H.db_one(
            "SELECT min(ts.id) FROM training_session ts WHERE ts.session_date >= ? AND ts.session_date <= ? AND "
            "ts.cancelled = 0 AND ts.program_id IN (SELECT pi.program_id FROM program_instructor pi JOIN app_user u "
            "ON u.id = pi.user_id WHERE u.name = 'instruktur') AND NOT EXISTS (SELECT 1 FROM attendance a "
            "WHERE a.session_id = ts.id)", (H.day(-14), H.TODAY.isoformat())))
        self.assertEqual(it["url"], "/sessions/%d" % sid)                 # straight to the first one
        ens = [int(x[0]) for x in H.db_query(
            "SELECT e.id FROM enrolment e JOIN training_session ts ON ts.program_id = e.program_id WHERE ts.id = ? "
            "AND e.status IN ('terdaftar', 'selesai', 'tidak_lulus') ORDER BY e.id", (sid,))]
        self.assertTrue(ens)
        # from the inbox to the session, then "Semua hadir" with one exception chosen
        c = page("instruktur")
        form = c.get("/sessions/%d" % sid)
        self.assertStatus(form, 200)
        self.assertIn('name="all" value="hadir"', form.text)
        before = H.audit_count()
        fields = {"all": "hadir", "s_%d" % ens[0]: "sakit"}
        r = c.post_form("/sessions/%d/attendance" % sid, fields)
        self.assertStatus(r, 303)
        got = dict((int(a), b) for a, b in H.db_query(
            "SELECT enrolment_id, status FROM attendance WHERE session_id = ?", (sid,)))
        self.assertEqual(got, dict([(ens[0], "sakit")] + [(e, "hadir") for e in ens[1:]]))
        self.assertEqual(H.audit_count(), before + len(ens))           # one audit entry per mark, as one by one
        self.assertEqual(inbox("instruktur")["attendance_today"]["count"], it["count"] - 1)
        # a second "Semua hadir" changes nothing already recorded
        r = c.post_form("/sessions/%d/attendance" % sid, {"all": "hadir"})
        self.assertStatus(r, (303, 422))
        self.assertEqual(H.db_one("SELECT status FROM attendance WHERE session_id = ? AND enrolment_id = ?",
                                  (sid, ens[0])), "sakit")
        self.assertStatus(c.post_form("/sessions/%d/attendance" % sid, {"all": "alpa"}), 422)

    def test_sppn_lowers_the_wali_count(self):
        it = inbox("wali")["sppn_missing"]
        self.assertGreater(it["count"], 0)
        m = H.TODAY.month - 1 or 12
        y = H.TODAY.year if H.TODAY.month > 1 else H.TODAY.year - 1
        month = "%04d-%02d" % (y, m)
        wid = int(H.db_one(
            "SELECT min(w.id) FROM wbp w JOIN caseload c ON c.wbp_id = w.id AND c.ended_on IS NULL JOIN app_user u ON "
            "u.id = c.user_id AND u.name = 'wali' WHERE w.status = 'ditahan' AND w.detention_start < ? AND NOT EXISTS "
            "(SELECT 1 FROM sppn s WHERE s.wbp_id = w.id AND s.month = ?)", (H.TODAY.isoformat()[:8] + "01", month)))
        r = API["wali"].api("POST", "/api/v1/wbp/%d/sppn" % wid, {"month": month, "score": 80})
        self.assertStatus(r, 201)
        self.assertEqual(inbox("wali")["sppn_missing"]["count"], it["count"] - 1)


GROUPS = ["Register", "Asimilasi", "Pelatihan", "Produksi", "Pembebasan", "Laporan", "Admin"]


class Navigation(H.BekalTest):
    def test_menu_by_task_offers_only_what_the_role_may_open(self):
        """The header menu: Beranda, then groups (a <details> each, no script); every
        link answers 200 for the role; a group without a page for the role is not shown."""
        seen = {}
        for role in ROLE_ITEMS:
            with self.subTest(role=role):
                c = page(role)
                home = c.get("/wbp")
                self.assertStatus(home, 200)
                nav = re.search(r'<nav class="menu" aria-label="Menu utama">(.*?)</nav>', home.text, re.S)
                self.assertIsNotNone(nav)
                nav = nav.group(1)
                # the menu needs no script: none in it, and the page's only script is the
                # optional filter box of long selects (/static/select.js, issue 25)
                self.assertNotIn("<script", nav)
                self.assertNotRegex(nav, r"\son[a-z]+=")
                self.assertEqual(re.findall(r"<script[^>]*>", home.text),
                                 ['<script src="/static/select.js" defer data-label="%s">' % "Ketik untuk menyaring pilihan"])
                self.assertIn('<a href="/">Beranda</a>', nav)
                groups = re.findall(r"<details[^>]*><summary>([^<]+)</summary>", nav)
                self.assertTrue(set(groups) <= set(GROUPS), groups)
                self.assertEqual(groups, [g for g in GROUPS if g in groups])      # in the task order
                self.assertIn("Register", groups)
                # the register is the page shown: its group is marked, its link current
                self.assertIn('<details class="here"><summary>Register</summary>', nav)
                self.assertIn('<a href="/wbp" aria-current="page">', nav)
                links = re.findall(r'<a href="([^"]+)"', nav)
                self.assertEqual(len(links), len(set(links)))
                for href in links:
                    self.assertStatus(c.get(href), 200, "%s %s" % (role, href))
                seen[role] = set(groups)
        self.assertIn("Admin", seen["admin"])
        self.assertNotIn("Admin", seen["staf"])
        self.assertNotIn("Produksi", seen["wali"])           # a wali sees no sale links (issue 25)
        self.assertNotIn("Produksi", seen["instruktur"])
        self.assertEqual(seen["bapas"] & {"Produksi", "Admin"}, set())

    def test_phone_menu_folds_without_script(self):
        r = page("staf").get("/")
        self.assertIn('<input type="checkbox" id="menu-buka" class="menu-switch"><label for="menu-buka" '
                      'class="menu-label">Menu</label>', r.text)
        css = SERVER.client().get("/static/app.css").text
        self.assertIn(".menu-switch:not(:checked)~ul.groups{display:none}", css)
        self.assertIn("@media (max-width:600px)", css)


class Search(H.BekalTest):
    def sections(self, r):
        return dict((k, int(n)) for k, n in re.findall(r'<h2 id="hasil-([a-z]+)">[^<(]+\((\d+)\)</h2>', r.text))

    def test_finds_each_kind_in_scope(self):
        c = page("staf")
        self.assertIn('<form class="cari" method="get" action="/search" role="search">', c.get("/").text)
        regno, name, wid = H.db_query("SELECT w.regno, w.name, w.id FROM wbp w JOIN site s ON s.id = w.site_id "
                                      "WHERE s.code = ? ORDER BY w.id LIMIT 1", (H.SITE_A,))[0]
        for q in (regno, name):
            r = c.get("/search", {"q": q})
            self.assertStatus(r, 200)
            self.assertGreaterEqual(self.sections(r)["wbp"], 1)
            self.assertIn('href="/wbp/%s"' % wid, r.text)
        number, cid = H.db_query("SELECT c.number, c.id FROM certificate c JOIN site s ON s.id = c.site_id WHERE "
                                 "s.code = ? ORDER BY c.id LIMIT 1", (H.SITE_A,))[0]
        r = c.get("/search", {"q": number})
        self.assertEqual(self.sections(r)["sertifikat"], 1)
        self.assertIn('href="/certificates/%s"' % cid, r.text)
        pks, aid = H.db_query("SELECT a.number_site, a.id FROM agreement a JOIN site s ON s.id = a.site_id WHERE "
                              "s.code = ? ORDER BY a.id LIMIT 1", (H.SITE_A,))[0]
        r = c.get("/search", {"q": pks})
        self.assertGreaterEqual(self.sections(r)["pks"], 1)
        self.assertIn('href="/agreements/%s"' % aid, r.text)
        r = c.get("/search", {"q": "tidak-ada-yang-cocok-xyz"})
        self.assertIn('role="status"', r.text)
        self.assertStatus(c.get("/search", {"q": "x" * 101}), 400)

    def test_scoped_like_the_lists(self):
        ptk = page("admin.ptk")
        regno = H.db_one("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? AND NOT EXISTS "
                         "(SELECT 1 FROM wbp x JOIN site t ON t.id = x.site_id WHERE t.code = ? AND x.regno = w.regno) "
                         "ORDER BY w.id LIMIT 1", (H.SITE_A, H.SITE_B))
        self.assertEqual(self.sections(ptk.get("/search", {"q": regno}))["wbp"], 0)       # another site's inmate
        wali = page("wali")
        r = wali.get("/search", {"q": "a"})
        self.assertEqual(set(self.sections(r)), {"wbp"})          # no certificates, no PKS for a wali
        inscope = int(H.db_one("SELECT count(*) FROM wbp w WHERE (lower(w.name) LIKE '%a%' OR lower(w.regno) LIKE "
                               "'%a%') AND w.id IN (SELECT ws.wbp_id FROM wbp_scope ws JOIN app_user u ON "
                               "u.id = ws.user_id WHERE u.name = 'wali')"))
        self.assertEqual(self.sections(r)["wbp"], inscope)
        self.assertEqual(set(self.sections(page("instruktur").get("/search", {"q": "a"}))), {"wbp"})


if __name__ == "__main__":
    H.main()
