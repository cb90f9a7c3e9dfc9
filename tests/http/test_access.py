"""test_access.py — who may do what, and where: the role matrix on pages, API and
CSV; isolation between sites (a user of site A never reads or changes site B's
inmates: by id → 404 exactly like a missing record, via list/search/CSV, via PATCH,
via POST with B's code → 403); and sessions shared by two `bekal serve` processes on
one database."""
import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
ROLES = ["admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas"]
WRITERS = {"admin", "staf"}
AUDIT_READERS = {"admin", "kalapas", "kanwil"}
TOK = {}
IDS = {}


def setUpModule():
    global S
    H.setup_db()
    for name in ROLES + ["admin.ptk"]:
        TOK[name] = H.token_for(name)
    IDS["A"] = H.wbp_ids("LPKTP", 3)
    IDS["B"] = H.wbp_ids("LPPTK", 3)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def logged_in(name):
    c = S.client()
    c.login(name)
    return c


def seen_by(role, default):
    """An inmate of site A the role may read: default, or for a role that sees only
    some inmates of its site (issue 21: wali, instruktur, bapas) the first one in its
    scope (the demo gives each such account some)."""
    if role not in ("wali", "instruktur", "bapas"):
        return default
    return int(H.db_one("SELECT min(ws.wbp_id) FROM wbp_scope ws JOIN app_user u ON u.id = ws.user_id JOIN wbp w "
                        "ON w.id = ws.wbp_id JOIN site s ON s.id = w.site_id WHERE u.name = ? AND s.code = 'LPKTP'",
                        (role,)))


def csv_rows(r):
    recs = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    return recs[0], recs[1:]


def total(page):
    m = re.search(r"(\d+) WBP ditemukan", page.text)
    if not m:
        raise AssertionError("no total on list page: %r" % page)
    return int(m.group(1))


class RoleMatrix(H.BekalTest):
    def test_pages_by_role(self):
        for role in ROLES:
            a = seen_by(role, IDS["A"][0])
            with self.subTest(role=role):
                c = logged_in(role)
                writer = role in WRITERS
                self.assertStatus(c.get("/"), 200)
                self.assertStatus(c.get("/wbp"), 200)
                self.assertStatus(c.get("/wbp/%d" % a), 200)
                self.assertStatus(c.get("/wbp.csv"), 200)
                self.assertStatus(c.get("/wbp/new"), 200 if writer else 403)
                self.assertStatus(c.get("/wbp/import"), 200 if writer else 403)
                self.assertStatus(c.get("/wbp/%d/edit" % a), 200 if writer else 403)
                self.assertStatus(c.get("/audit"), 200 if role in AUDIT_READERS else 403)
                # the UI offers only what the role may do
                lst = c.get("/wbp").text
                self.assertEqual('href="/wbp/new"' in lst, writer)
                self.assertEqual('href="/wbp/%d/edit"' % a in c.get("/wbp/%d" % a).text, writer)
                self.assertEqual('href="/audit"' in lst, role in AUDIT_READERS)

    def test_form_writes_by_role(self):
        a = IDS["A"][1]
        for role in ROLES:
            with self.subTest(role=role):
                c = logged_in(role)
                n, row = H.wbp_count(), H.wbp_row(a, "name, updated_at")
                f = {k: str(v) for k, v in H.valid_wbp().items()}
                if role == "kanwil":
                    f["site"] = "LPKTP"
                r = c.post_form("/wbp", f)
                self.assertStatus(r, 303 if role in WRITERS else 403)
                self.assertEqual(H.wbp_count(), n + (1 if role in WRITERS else 0))
                f2 = dict(f, regno=H.uniq("RM/"), name="Diubah " + role)
                r = c.post_form("/wbp/%d" % a, f2)
                if role in WRITERS:
                    self.assertStatus(r, 303)
                    self.assertEqual(H.wbp_row(a, "name")[0], "Diubah " + role)
                else:
                    self.assertStatus(r, 403)
                    self.assertEqual(H.wbp_row(a, "name, updated_at"), row)
                if role not in WRITERS:
                    r = c.upload_csv("regno,name,sex,crime_category,detention_start,pidana\n"
                                     "%s,Unggah Terlarang,L,umum,2020-01-01,1y\n" % H.uniq("RO/"), site="LPKTP")
                    self.assertStatus(r, 403)
                    self.assertEqual(H.wbp_count(), n)

    def test_api_by_role(self):
        for role in ROLES:
            a = seen_by(role, IDS["A"][2])
            with self.subTest(role=role):
                c = S.client(token=TOK[role])
                writer = role in WRITERS
                self.assertEqual(c.api("GET", "/api/v1/me").json()["role"], role)
                self.assertStatus(c.api("GET", "/api/v1/wbp"), 200)
                self.assertStatus(c.api("GET", "/api/v1/wbp/%d" % a), 200)
                n = H.wbp_count()
                body = H.valid_wbp(site="LPKTP")
                r = c.api("POST", "/api/v1/wbp", body)
                if writer:
                    self.assertStatus(r, 201)
                else:
                    self.assertApiError(r, 403, "forbidden")
                self.assertEqual(H.wbp_count(), n + (1 if writer else 0))
                before = H.wbp_row(a, "name, updated_at")
                r = c.api("PATCH", "/api/v1/wbp/%d" % a, {"name": "Patch " + role})
                if writer:
                    self.assertStatus(r, 200)
                    self.assertEqual(H.wbp_row(a, "name")[0], "Patch " + role)
                else:
                    self.assertApiError(r, 403, "forbidden")
                    self.assertEqual(H.wbp_row(a, "name, updated_at"), before)

    def test_inactive_user_loses_access(self):
        name = H.add_user(H.uniq("off").lower(), "staf", "LPKTP")
        tok = H.token_for(name)
        c = logged_in(name)
        H.db_exec("UPDATE app_user SET active = 0 WHERE name = ?", (name,))
        self.assertRedirect(c.get("/wbp"), "/login")
        self.assertApiError(S.client(token=tok).api("GET", "/api/v1/wbp"), 401)
        S.client().login(name, expect=401)


class SiteIsolation(H.BekalTest):
    """admin (LPKTP) and admin.ptk (LPPTK) must never see or touch each other's WBP."""

    def pairs(self):
        # (client of site A, ids of site B, B's site code, A's site code)
        return [(logged_in("admin"), IDS["B"], "LPPTK", "LPKTP"),
                (logged_in("admin.ptk"), IDS["A"], "LPKTP", "LPPTK")]

    def test_by_id_is_404_like_missing(self):
        for c, other_ids, other_site, own in self.pairs():
            for oid in other_ids:
                with self.subTest(user=own, id=oid):
                    for path in ("/wbp/%d", "/wbp/%d/edit"):
                        r = c.get(path % oid)
                        self.assertStatus(r, 404)
                        missing = c.get(path % 99999999)
                        # (the page's own path appears too: the language switch's `next` field)
                        self.assertEqual(r.text.replace(path % oid, "P").replace(" %d " % oid, " N "),
                                         missing.text.replace(path % 99999999, "P").replace(" 99999999 ", " N "),
                                         "another site's record is told apart from a missing one")
                    r = c.api("GET", "/api/v1/wbp/%d" % oid)
                    e = self.assertApiError(r, 404, "not_found")
                    e2 = self.assertApiError(c.api("GET", "/api/v1/wbp/99999999"), 404, "not_found")
                    self.assertEqual(e["message"].replace(" %d " % oid, " N "), e2["message"].replace(" 99999999 ", " N "))
                    for sub in ("remisi", "discipline", "sppn"):
                        self.assertApiError(c.api("GET", "/api/v1/wbp/%d/%s" % (oid, sub)), 404)

    def test_cannot_change_other_site(self):
        for c, other_ids, other_site, own in self.pairs():
            oid = other_ids[0]
            snap, audit = H.wbp_row(oid, "*"), H.audit_count()
            with self.subTest(user=own):
                f = {k: str(v) for k, v in H.valid_wbp(name="Dibajak").items()}
                self.assertStatus(c.post_form("/wbp/%d" % oid, f), 404)
                self.assertApiError(c.api("PATCH", "/api/v1/wbp/%d" % oid, {"name": "Dibajak"}), 404)
                tok = S.client(token=TOK["admin" if own == "LPKTP" else "admin.ptk"])
                self.assertApiError(tok.api("PATCH", "/api/v1/wbp/%d" % oid, {"name": "Dibajak"}), 404)
                self.assertApiError(tok.api("PATCH", "/api/v1/wbp/%d" % oid, raw=b"{bad"), 404)
                # pembinaan records under another site's WBP
                self.assertStatus(c.post_form("/wbp/%d/remisi" % oid, {"kind": "umum", "months": "1",
                                                                       "granted_date": "2024-08-17"}), 404)
                self.assertApiError(tok.api("POST", "/api/v1/wbp/%d/remisi" % oid,
                                            {"kind": "umum", "months": 1, "granted_date": "2024-08-17"}), 404)
                self.assertApiError(tok.api("POST", "/api/v1/wbp/%d/sppn" % oid,
                                            {"month": "2024-01", "score": 80}), 404)
                self.assertApiError(tok.api("POST", "/api/v1/wbp/%d/discipline" % oid,
                                            {"offence": "x", "level": "ringan", "decision_date": "2024-01-01"}), 404)
            self.assertEqual(H.wbp_row(oid, "*"), snap)
            self.assertEqual(H.audit_count(), audit)

    def test_cannot_create_in_other_site(self):
        for c, other_ids, other_site, own in self.pairs():
            with self.subTest(user=own):
                n_other = H.wbp_count(other_site)
                body = H.valid_wbp(site=other_site)
                self.assertApiError(c.api("POST", "/api/v1/wbp", body), 403, "forbidden")
                tok = S.client(token=TOK["admin" if own == "LPKTP" else "admin.ptk"])
                self.assertApiError(tok.api("POST", "/api/v1/wbp", body), 403, "forbidden")
                self.assertApiError(tok.api("POST", "/api/v1/wbp", H.valid_wbp(site="NOPE")), 403)
                f = {k: str(v) for k, v in body.items()}
                self.assertStatus(c.post_form("/wbp", f), 403)
                # CSV upload: the form's site, and a site column in the file
                text = "regno,name,sex,crime_category,detention_start,pidana\n%s,Lintas,L,umum,2020-01-01,1y\n"
                r = c.upload_csv(text % H.uniq("X/"), site=other_site)
                self.assertStatus(r, 403)
                text2 = ("site,regno,name,sex,crime_category,detention_start,pidana\n"
                         "%s,%s,Sah,L,umum,2020-01-01,1y\n%s,%s,Lintas,L,umum,2020-01-01,1y\n"
                         % (own, H.uniq("X/"), other_site, H.uniq("X/")))
                r = c.upload_csv(text2)
                self.assertStatus(r, 422)
                self.assertRegex(r.text, r"<tr><td>3</td><td>site</td>")
                self.assertEqual(H.wbp_count(other_site), n_other)

    def test_regno_of_other_site_is_free(self):
        # conflicts are per site: an existing regno of site B does not block site A
        c, other_ids, other_site, own = self.pairs()[0]
        regno = H.wbp_row(other_ids[1], "regno")[0]
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp(regno=regno))
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["site"], own)
        items = c.api("GET", "/api/v1/wbp?per_page=200&q=" + regno.replace("/", "%2F")).json()["items"]
        same = [x for x in items if x["regno"] == regno]
        self.assertEqual([x["site"] for x in same], [own])

    def test_lists_search_and_csv_are_scoped(self):
        for c, other_ids, other_site, own in self.pairs():
            with self.subTest(user=own):
                n_own = H.wbp_count(own)
                page = c.get("/wbp", {"per_page": 200})
                self.assertEqual(total(page), n_own)
                self.assertNotIn(">%s<" % other_site, page.text)
                self.assertEqual(total(c.get("/wbp", {"site": other_site})), 0)
                oregno, oname = H.wbp_row(other_ids[2], "regno, name")
                j = c.api("GET", "/api/v1/wbp?q=" + oregno.replace("/", "%2F")).json()
                self.assertNotIn(other_ids[2], [x["id"] for x in j["items"]])
                self.assertNotIn(oregno, [x["regno"] for x in j["items"]])
                self.assertNotIn(other_ids[2], [x["id"] for x in
                                                c.api("GET", "/api/v1/wbp?q=" + oname.replace(" ", "+")).json()[
                                                    "items"]])
                j = c.api("GET", "/api/v1/wbp?per_page=200&page=1").json()
                self.assertEqual(j["total"], n_own)
                seen = set()
                for p in range(1, (n_own + 199) // 200 + 1):
                    items = c.api("GET", "/api/v1/wbp?per_page=200&page=%d" % p).json()["items"]
                    self.assertEqual({x["site"] for x in items}, {own})
                    seen |= {x["id"] for x in items}
                self.assertEqual(len(seen), n_own)
                self.assertFalse(seen & set(other_ids))
                self.assertEqual(c.api("GET", "/api/v1/wbp?site=" + other_site).json()["total"], 0)
                head, rows = csv_rows(c.get("/wbp.csv"))
                self.assertEqual(len(rows), n_own)
                self.assertEqual({x[0] for x in rows}, {own})
                self.assertNotIn(oregno, [x[1] for x in rows])
                head, rows = csv_rows(c.get("/wbp.csv", {"site": other_site}))
                self.assertEqual(rows, [])
                head, rows = csv_rows(c.get("/wbp.csv", {"q": oregno}))
                self.assertNotIn(oregno, [x[1] for x in rows])
                home = c.get("/")
                self.assertIn("Lapas", home.text)
                self.assertNotIn('/wbp?site=%s"' % other_site, home.text)

    def test_eligibility_is_scoped(self):
        for c, other_ids, other_site, own in self.pairs():
            with self.subTest(user=own):
                own_ids = {int(x[0]) for x in H.db_query(
                    "SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ?", (own,))}
                for oid in other_ids:
                    self.assertApiError(c.api("GET", "/api/v1/wbp/%d/eligibility" % oid), 404, "not_found")
                self.assertStatus(c.api("GET", "/api/v1/wbp/%d/eligibility" % next(iter(own_ids))), 200)
                j = c.api("GET", "/api/v1/eligibility?per_page=200").json()
                items = j.get("items", [])
                self.assertTrue(items)
                self.assertEqual({x["site"] for x in items}, {own})
                self.assertLessEqual({x["id"] for x in items}, own_ids)
                self.assertLessEqual(j["total"], len(own_ids))
                page = c.get("/eligibility")
                self.assertStatus(page, 200)
                linked = {int(x) for x in re.findall(r'href="/wbp/(\d+)[#"]', page.text)}
                self.assertTrue(linked)
                self.assertLessEqual(linked, own_ids)
                self.assertStatus(c.get("/eligibility.csv"), 200)

    def test_audit_log_is_scoped(self):
        # a change in site B must not show up in the audit log of site A's users
        b_name = "Audit Rahasia " + H.uniq("B")
        r = S.client(token=TOK["admin.ptk"]).api("POST", "/api/v1/wbp", H.valid_wbp(name=b_name))
        self.assertStatus(r, 201)
        a_name = "Audit Terbuka " + H.uniq("A")
        self.assertStatus(S.client(token=TOK["admin"]).api("POST", "/api/v1/wbp", H.valid_wbp(name=a_name)), 201)
        for role in ("admin", "kalapas"):
            with self.subTest(role=role):
                page = logged_in(role).get("/audit")
                self.assertStatus(page, 200)
                self.assertIn(a_name, page.text)
                self.assertNotIn(b_name, page.text)
        page = logged_in("admin.ptk").get("/audit")
        self.assertIn(b_name, page.text)
        self.assertNotIn(a_name, page.text)
        page = logged_in("kanwil").get("/audit")
        self.assertIn(b_name, page.text)
        self.assertIn(a_name, page.text)

    def test_kanwil_sees_both_sites(self):
        c = logged_in("kanwil")
        n_a, n_b = H.wbp_count("LPKTP"), H.wbp_count("LPPTK")
        self.assertEqual(total(c.get("/wbp")), n_a + n_b)
        self.assertEqual(total(c.get("/wbp", {"site": "LPPTK"})), n_b)
        self.assertEqual(total(c.get("/wbp", {"site": "LPKTP"})), n_a)
        self.assertIn('<select id="site" name="site">', c.get("/wbp").text)
        for wid in (IDS["A"][0], IDS["B"][0]):
            self.assertStatus(c.get("/wbp/%d" % wid), 200)
            self.assertStatus(c.api("GET", "/api/v1/wbp/%d" % wid), 200)
        head, rows = csv_rows(c.get("/wbp.csv"))
        self.assertEqual(len(rows), n_a + n_b)
        self.assertEqual({x[0] for x in rows}, {"LPKTP", "LPPTK"})
        # but kanwil is read-only everywhere
        self.assertApiError(c.api("PATCH", "/api/v1/wbp/%d" % IDS["B"][0], {"name": "x"}), 403, "forbidden")

    def test_user_granted_a_second_site(self):
        name = H.add_user(H.uniq("two").lower(), "staf", "LPKTP,LPPTK")
        c = logged_in(name)
        self.assertStatus(c.get("/wbp/%d" % IDS["B"][0]), 200)
        # with two sites a new record must name its site
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp())
        self.assertApiError(r, 422)
        r = c.api("POST", "/api/v1/wbp", H.valid_wbp(site="LPPTK"))
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["site"], "LPPTK")
        # removing the grant takes effect at once, also for the existing session
        H.db_exec("DELETE FROM user_site WHERE user_id = (SELECT id FROM app_user WHERE name = ?) AND "
                  "site_id = (SELECT id FROM site WHERE code = 'LPPTK')", (name,))
        self.assertStatus(c.get("/wbp/%d" % IDS["B"][0]), 404)
        self.assertApiError(c.api("GET", "/api/v1/wbp/%d" % r.json()["id"]), 404)

    def test_user_without_any_site_sees_nothing(self):
        name = H.add_user(H.uniq("nos").lower(), "kalapas", "LPKTP")
        H.db_exec("DELETE FROM user_site WHERE user_id = (SELECT id FROM app_user WHERE name = ?)", (name,))
        c = logged_in(name)
        self.assertEqual(total(c.get("/wbp")), 0)
        self.assertEqual(c.api("GET", "/api/v1/wbp").json()["total"], 0)
        self.assertStatus(c.get("/wbp/%d" % IDS["A"][0]), 404)
        self.assertEqual(csv_rows(c.get("/wbp.csv"))[1], [])


class TwoServers(H.BekalTest):
    def test_session_valid_on_both_processes(self):
        s2 = H.Server().start()
        try:
            c1 = logged_in("staf")
            c2 = s2.client()
            self.assertRedirect(c2.get("/"), "/login")
            c2.set_sid(c1.sid())
            home = c2.get("/")
            self.assertStatus(home, 200)
            self.assertIn("Nurhayati Rangkuti", home.text)
            self.assertEqual(H.find_csrf(home.text), c1.csrf, "the CSRF token belongs to the session")
            c2.csrf = c1.csrf
            # a write on process 2 with the token from process 1
            r = c2.api("POST", "/api/v1/wbp", H.valid_wbp())
            self.assertStatus(r, 201)
            wid = r.json()["id"]
            self.assertStatus(c1.api("GET", "/api/v1/wbp/%d" % wid), 200)
            f = {k: str(v) for k, v in H.valid_wbp().items()}
            self.assertStatus(c2.post_form("/wbp", f), 303)
            # logout on process 2 ends the session on process 1
            self.assertRedirect(c2.post_form("/logout", {}), "/login")
            self.assertRedirect(c1.get("/"), "/login")
            self.assertApiError(c1.api("GET", "/api/v1/me"), 401)
            # and a session made on process 2 works on process 1
            c3 = s2.client()
            c3.login("kalapas")
            c4 = S.client()
            c4.set_sid(c3.sid())
            self.assertEqual(c4.api("GET", "/api/v1/me").json()["name"], "kalapas")
        finally:
            s2.stop()  # asserts a clean exit of the second process too


if __name__ == "__main__":
    H.main()
