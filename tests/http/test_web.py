"""test_web.py — the server-rendered pages of the real `bekal serve`: login, logout
and the session cookie, CSRF on every form route and on cookie-authenticated API
writes, login throttling, escaping of hostile input, the WBP list (search, filters,
sorting, paging), CSV download, create/edit validation, CSV upload, 404 and 405."""
import csv
import hashlib
import html
import io
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
ROW_RE = re.compile(r'<tr><td>([^<]*)</td><td><a href="/wbp/(\d+)">([^<]*)</a></td><td>([^<]*)</td>')
FORM_ROUTES = ["/logout", "/wbp", "/wbp/{id}", "/wbp/import", "/wbp/{id}/remisi", "/wbp/{id}/discipline",
               "/wbp/{id}/sppn", "/discipline/1/cancel"]


def setUpModule():
    global S
    H.setup_db()
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def rows(page):
    """[(regno, id, name, site)] from a list page, unescaped."""
    return [(html.unescape(a), int(b), html.unescape(c), d) for a, b, c, d in ROW_RE.findall(page.text)]


def total(page):
    m = re.search(r"(\d+) WBP ditemukan", page.text)
    if not m:
        raise AssertionError("no total on list page: %r" % page)
    return int(m.group(1))


def lpktp_count(where="1=1", params=()):
    return int(H.db_one("SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' AND "
                        + where, params))


def lpktp_values():
    """{id: {regno, name, detention_start, status}} for every LPKTP row, in one query."""
    return {int(i): {"regno": a, "name": b, "detention_start": c, "status": d} for i, a, b, c, d in H.db_query(
        "SELECT w.id, w.regno, w.name, w.detention_start, w.status FROM wbp w JOIN site s ON s.id = w.site_id "
        "WHERE s.code = 'LPKTP'")}


def form_fields(**over):
    d = H.valid_wbp(**over)
    return {k: str(v) for k, v in d.items()}


class Basics(H.BekalTest):
    def test_healthz_and_css(self):
        c = S.client()
        r = c.get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.text.strip(), "ok")
        r = c.get("/static/app.css")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/css"))
        self.assertIn("body", r.text)
        r = c.request("HEAD", "/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.body, b"")

    def test_security_headers(self):
        c = S.client()
        r = c.get("/login")
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.header("X-Frame-Options"), "DENY")
        self.assertIn("frame-ancestors 'none'", r.header("Content-Security-Policy") or "")
        self.assertIn('lang="id"', r.text)

    def test_404_and_405(self):
        c = S.client()
        c.login("admin")
        for path in ("/nope", "/wbp/0", "/wbp/abc", "/wbp/12abc", "/wbp/99999999", "/wbp/1/nope", "/wbp//1",
                     "/static/../healthz.css", "/WBP"):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertStatus(r, 404)
                self.assertTrue(r.header("Content-Type").startswith("text/html"))
                self.assertIn("tidak ditemukan", r.text.lower())
        for method, path in (("DELETE", "/wbp"), ("PUT", "/wbp/1"), ("POST", "/healthz"), ("GET", "/logout"),
                             ("POST", "/wbp.csv"), ("PATCH", "/wbp/1"), ("DELETE", "/login")):
            with self.subTest(method=method, path=path):
                r = c.request(method, path, b"" if method != "GET" else None)
                self.assertStatus(r, 405)
        # not found even when not logged in (no redirect to /login for a path that does not exist)
        self.assertStatus(S.client().get("/nope"), 404)

    def test_405_names_allowed_methods(self):
        # RFC 9110 15.5.6: a 405 response MUST carry an Allow header listing the methods.
        c = S.client()
        r = c.request("DELETE", "/wbp", b"")
        self.assertStatus(r, 405)
        allow = r.header("Allow")
        self.assertIsNotNone(allow, "405 without an Allow header")
        self.assertEqual({m.strip() for m in allow.split(",")} & {"GET", "POST"}, {"GET", "POST"})


class Login(H.BekalTest):
    def test_login_form_and_login_csrf_cookie(self):
        c = S.client()
        r = c.get("/login")
        self.assertStatus(r, 200)
        tok = H.find_csrf(r.text)
        self.assertRegex(tok or "", r"^[0-9a-f]{64}$")
        lc = r.cookie("bekal_lc")
        self.assertIsNotNone(lc)
        self.assertIn("bekal_lc=" + tok, lc)
        self.assertIn("HttpOnly", lc)
        self.assertIn("SameSite=Strict", lc)
        self.assertNotEqual(H.find_csrf(S.client().get("/login").text), tok, "login token not random")

    def test_login_success_session_cookie(self):
        c = S.client()
        r = c.login("staf")
        self.assertEqual(r.header("Location"), "/")
        sc = r.cookie("bekal_sid")
        self.assertIsNotNone(sc, r.cookies())
        attrs = [a.strip() for a in sc.split(";")]
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Strict", attrs)
        self.assertIn("Path=/", attrs)
        sid = c.sid()
        self.assertRegex(sid, r"^[0-9a-f]{64}$")
        # the session is stored only as a hash
        self.assertEqual(int(H.db_one("SELECT count(*) FROM session WHERE token_hash = ?",
                                      (hashlib.sha256(sid.encode()).hexdigest(),))), 1)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM session WHERE token_hash = ?", (sid,))), 0)
        home = c.get("/")
        self.assertStatus(home, 200)
        self.assertIn("Nurhayati Rangkuti", home.text)
        self.assertIn("Keluar", home.text)

    def test_login_redirects_when_already_logged_in(self):
        c = S.client()
        c.login("staf")
        self.assertRedirect(c.get("/login"), "/")

    def test_wrong_password(self):
        name = H.add_user(H.uniq("wp").lower(), "staf", "LPKTP")
        c = S.client()
        r = c.login(name, "salah-sekali", expect=401)
        self.assertIsNone(r.cookie("bekal_sid"))
        self.assertIn("salah", r.text)
        self.assertIn('value="%s"' % name, r.text, "name not kept in the form")
        r = c.login("no-such-user", "whatever1", expect=401)
        self.assertIsNone(r.cookie("bekal_sid"))
        self.assertRedirect(c.get("/"), "/login")

    def test_login_csrf_required(self):
        c = S.client()
        tok = H.find_csrf(c.get("/login").text)
        cases = [
            ("no token", [("name", "admin"), ("password", H.DEMO_PASSWORD)]),
            ("wrong token", [("name", "admin"), ("password", H.DEMO_PASSWORD), ("_csrf", "a" * 64)]),
            ("short token", [("name", "admin"), ("password", H.DEMO_PASSWORD), ("_csrf", tok[:10])]),
        ]
        for label, fields in cases:
            with self.subTest(label):
                r = c.post_form("/login", fields, csrf=False)
                self.assertStatus(r, 403)
                self.assertIsNone(r.cookie("bekal_sid"))
        # a valid-looking token without the bekal_lc cookie (another browser's form)
        other = S.client()
        r = other.post_form("/login", [("name", "admin"), ("password", H.DEMO_PASSWORD), ("_csrf", tok)], csrf=False)
        self.assertStatus(r, 403)
        self.assertIsNone(r.cookie("bekal_sid"))

    def test_login_empty_fields(self):
        c = S.client()
        tok = H.find_csrf(c.get("/login").text)
        r = c.post_form("/login", [("name", ""), ("password", ""), ("_csrf", tok)], csrf=False)
        self.assertStatus(r, 400)
        self.assertIsNone(r.cookie("bekal_sid"))

    def test_next_redirect(self):
        r = S.client().get("/wbp?status=bebas")
        loc = self.assertRedirect(r, "/login?next=")
        self.assertIn("/wbp", loc)
        c = S.client()
        r = c.login("staf", next_path="/wbp")
        self.assertEqual(r.header("Location"), "/wbp")

    def test_next_cannot_leave_the_site(self):
        for nxt in ("//evil.example/x", "http://evil.example/", "https:evil.example", "/\\evil.example",
                    "\\\\evil.example", "/\t/evil.example"):
            with self.subTest(next=nxt):
                c = S.client()
                r = c.login("staf", next_path=nxt)
                loc = r.header("Location")
                self.assertTrue(loc.startswith("/"), loc)
                # browsers treat "\" like "/" and skip tabs: "/\evil" and "/<TAB>/evil" are "//evil"
                norm = loc.replace("\\", "/").replace("\t", "")
                self.assertFalse(norm.startswith("//"), "open redirect to %r" % loc)

    def test_logout(self):
        c = S.client()
        c.login("wali")
        sid = c.sid()
        r = c.post_form("/logout", {}, csrf=False)
        self.assertStatus(r, 403)
        self.assertStatus(c.get("/"), 200, "a rejected logout ended the session")
        r = c.post_form("/logout", {})
        self.assertRedirect(r, "/login")
        sc = r.cookie("bekal_sid")
        self.assertIsNotNone(sc)
        self.assertIn("Max-Age=0", sc)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM session WHERE token_hash = ?",
                                      (hashlib.sha256(sid.encode()).hexdigest(),))), 0)
        replay = S.client()
        replay.set_sid(sid)
        self.assertRedirect(replay.get("/"), "/login")
        self.assertStatus(replay.api("GET", "/api/v1/me"), 401)

    def test_forged_and_expired_sessions(self):
        for sid in ("0" * 64, "zz", "a" * 200, ""):
            with self.subTest(sid=sid):
                c = S.client()
                c.set_sid(sid)
                self.assertRedirect(c.get("/"), "/login")
        c = S.client()
        c.login("instruktur")
        self.assertStatus(c.get("/wbp"), 200)
        h = hashlib.sha256(c.sid().encode()).hexdigest()
        H.db_exec("UPDATE session SET expires_at = '2000-01-01T00:00:00Z' WHERE token_hash = ?", (h,))
        self.assertRedirect(c.get("/wbp"), "/login")

    def test_password_change_ends_sessions(self):
        name = H.add_user(H.uniq("pw").lower(), "staf", "LPKTP")
        c = S.client()
        c.login(name)
        self.assertStatus(c.get("/"), 200)
        r = H.cli("user", "passwd", name, "--password-stdin", stdin="kata-sandi-baru\n")
        self.assertEqual(r.code, 0, r)
        self.assertRedirect(c.get("/"), "/login")
        S.client().login(name, "kata-sandi-baru")

    def test_throttling(self):
        # delays instead of a lock, per address and per name (test_accounts.py has the
        # rest): failures are answered at once, never slowed by a sleeping worker
        name = H.add_user(H.uniq("thr").lower(), "staf", "LPKTP")
        c = S.client(source="127.0.0.11")
        t0 = time.time()
        for i in range(5):
            c.login(name, "bukan-sandinya", expect=401)
        self.assertLess(time.time() - t0, 5, "failed logins are answered at once")
        # five failures are free: the right password still logs in from there
        c.login(name)
        # the successful login cleared the name's count; six more failures make this address wait
        c = S.client(source="127.0.0.12")
        for i in range(6):
            c.login(name, "bukan-sandinya", expect=401)
        r = c.login(name, H.DEMO_PASSWORD, expect=429)
        self.assertIsNone(r.cookie("bekal_sid"))
        self.assertIsNotNone(r.header("Retry-After"))
        self.assertIn("detik", r.text)
        # other addresses with the right password are not affected, nor other names
        S.client(source="127.0.0.13").login(name)
        S.client(source="127.0.0.14").login("staf")


class Csrf(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.c = S.client()
        cls.c.login("admin")
        cls.other = S.client()
        cls.other.login("staf")
        cls.wid = H.wbp_ids("LPKTP", 1)[0]

    def snapshot(self):
        return (H.wbp_count(), H.audit_count(), int(H.db_one("SELECT count(*) FROM remisi")),
                int(H.db_one("SELECT count(*) FROM session")), H.wbp_row(self.wid, "name, regno"))

    def test_every_form_route_rejects_missing_or_wrong_token(self):
        before = self.snapshot()
        fields = form_fields(name="CSRF Korban")
        for route in FORM_ROUTES:
            path = route.replace("{id}", str(self.wid))
            for label, tok in (("missing", False), ("empty", ""), ("wrong", "b" * 64),
                               ("another user's", self.other.csrf), ("too long", self.c.csrf + "0")):
                with self.subTest(route=route, token=label):
                    if route == "/wbp/import":
                        r = self.c.upload_csv("regno,name,sex,crime_category,detention_start,pidana\n"
                                              "CSRF1,Nama,L,umum,2020-01-01,1y\n", csrf=tok)
                    else:
                        r = self.c.post_form(path, fields, csrf=tok)
                    self.assertStatus(r, 403)
                    self.assertIn("CSRF", r.text)
        self.assertEqual(self.snapshot(), before, "a request without a valid CSRF token changed data")
        self.assertStatus(self.c.get("/"), 200)

    def test_token_in_header_instead_of_field_is_accepted(self):
        # the router accepts the token in X-CSRF-Token as well; a valid one works
        r = self.c.post_form("/wbp", form_fields(), csrf=False, headers={"X-CSRF-Token": self.c.csrf})
        self.assertStatus(r, 303)

    def test_cookie_api_writes_need_header(self):
        before = H.wbp_count()
        for tok in (False, "", "c" * 64, self.other.csrf):
            with self.subTest(token=tok):
                r = self.c.api("POST", "/api/v1/wbp", H.valid_wbp(), csrf=tok)
                self.assertApiError(r, 403, "csrf")
                r = self.c.api("PATCH", "/api/v1/wbp/%d" % self.wid, {"name": "CSRF"}, csrf=tok)
                self.assertApiError(r, 403, "csrf")
        # the token as a query parameter is not a substitute
        r = self.c.api("POST", "/api/v1/wbp?_csrf=" + self.c.csrf, H.valid_wbp(), csrf=False)
        self.assertApiError(r, 403, "csrf")
        self.assertEqual(H.wbp_count(), before)
        self.assertNotEqual(H.wbp_row(self.wid, "name")[0], "CSRF")
        r = self.c.api("POST", "/api/v1/wbp", H.valid_wbp())
        self.assertStatus(r, 201)
        self.assertStatus(self.c.api("GET", "/api/v1/wbp/%d" % self.wid), 200)


class Escaping(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.c = S.client()
        cls.c.login("staf")

    def create(self, **over):
        f = form_fields(**over)
        r = self.c.post_form("/wbp", f)
        self.assertStatus(r, 303)
        m = re.match(r"^/wbp/(\d+)\?saved=1$", r.header("Location") or "")
        self.assertTrue(m, r.header("Location"))
        return int(m.group(1)), f

    def test_hostile_values_stored_literally_shown_escaped(self):
        xss = "<script>alert(1)</script>"
        sqli = "Robert'); DROP TABLE wbp;--"
        attr = '"><img src=x onerror=alert(2)>'
        reg_x = "R<&>\"'/" + H.uniq("")
        id1, _ = self.create(name=xss, regno=reg_x, crime_detail=attr, education="S1 & D3")
        id2, _ = self.create(name=sqli, verdict_no="1' OR '1'='1")
        self.assertEqual(H.wbp_row(id1, "name, regno, crime_detail, education"), (xss, reg_x, attr, "S1 & D3"))
        self.assertEqual(H.wbp_row(id2, "name, verdict_no"), (sqli, "1' OR '1'='1"))
        self.assertGreater(H.wbp_count(), 300, "wbp table damaged")

        pages = [self.c.get("/wbp/%d?saved=1" % id1), self.c.get("/wbp/%d/edit" % id1),
                 self.c.get("/wbp", {"q": "alert(1)"}), self.c.get("/wbp", {"q": xss})]
        for p in pages:
            self.assertStatus(p, 200)
            self.assertNotIn("<script>alert(1)", p.text, p.url)
            self.assertNotIn("<img src=x", p.text, p.url)
            self.assertNotIn(reg_x, p.text, p.url)
        show = pages[0].text
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", show)
        self.assertIn("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", show)
        self.assertIn("S1 &amp; D3", show)
        self.assertIn("Data tersimpan", show)
        edit = pages[1].text
        self.assertIn('value="&lt;script&gt;alert(1)&lt;/script&gt;"', edit)
        self.assertIn('value="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"', edit)
        self.assertIn(html.escape(reg_x, quote=True).replace("&#x27;", "&#39;"), edit)
        # the search box echoes the query escaped
        self.assertIn('value="&lt;script&gt;alert(1)&lt;/script&gt;"', pages[3].text)
        self.assertEqual([x[2] for x in rows(pages[3])], [xss])

        show2 = self.c.get("/wbp/%d" % id2)
        self.assertIn("Robert&#39;); DROP TABLE wbp;--", show2.text)
        found = self.c.get("/wbp", {"q": "Robert'); DROP"})
        self.assertEqual([x[1] for x in rows(found)], [id2])
        # JSON and CSV give the literal values back
        j = self.c.api("GET", "/api/v1/wbp/%d" % id1).json()
        self.assertEqual((j["name"], j["regno"], j["crime_detail"]), (xss, reg_x, attr))
        # the audit log page shows the change escaped
        a = S.client()
        a.login("admin")
        audit = a.get("/audit", {"entity": "wbp"})
        self.assertStatus(audit, 200)
        self.assertNotIn("<script>alert(1)", audit.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", audit.text)
        # the error page for a bad entity filter value echoes it escaped
        audit = a.get("/audit", {"entity": "<b>x</b>"})
        self.assertNotIn("<b>x</b>", audit.text)

    def test_hostile_query_parameters(self):
        for params in ({"sort": "name; DROP TABLE wbp"}, {"dir": "desc; --"}, {"status": "' OR 1=1 --"},
                       {"crime_category": "<x>"}, {"site": "' OR '1'='1"}, {"page": "1 OR 1=1"},
                       {"per_page": "-5"}, {"q": "%"}, {"q": "\x00"}):
            with self.subTest(params=params):
                r = self.c.get("/wbp", params)
                self.assertStatus(r, (200, 400))
                self.assertNotIn("<x>", r.text)
        self.assertGreater(H.wbp_count(), 300)
        r = self.c.get("/wbp", {"status": "' OR 1=1 --"})
        self.assertEqual(total(r), 0)
        r = self.c.get("/wbp", {"site": "' OR '1'='1"})
        self.assertEqual(total(r), 0)

    def test_search_wildcards_are_literal(self):
        # "%" and "_" typed into the search box are characters, not LIKE wildcards
        n_underscore = lpktp_count("(w.name LIKE '%\\_%' ESCAPE '\\' OR w.regno LIKE '%\\_%' ESCAPE '\\')")
        n_percent = lpktp_count("(w.name LIKE '%\\%%' ESCAPE '\\' OR w.regno LIKE '%\\%%' ESCAPE '\\')")
        self.assertEqual(total(self.c.get("/wbp", {"q": "_"})), n_underscore)
        self.assertEqual(total(self.c.get("/wbp", {"q": "%"})), n_percent)


class ListPage(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.c = S.client()
        cls.c.login("admin")

    def test_default_list(self):
        r = self.c.get("/wbp")
        self.assertStatus(r, 200)
        self.assertEqual(total(r), lpktp_count())
        rs = rows(r)
        self.assertEqual(len(rs), 50)
        self.assertEqual({x[3] for x in rs}, {"LPKTP"})
        names = [x[2] for x in rs]
        self.assertEqual(names, sorted(names), "default order is by name")
        self.assertIn("Halaman 1 dari", r.text)
        self.assertIn('rel="next"', r.text)

    def test_search_by_name_and_regno(self):
        regno, name = H.db_query("SELECT w.regno, w.name FROM wbp w JOIN site s ON s.id = w.site_id "
                                 "WHERE s.code = 'LPKTP' ORDER BY w.id LIMIT 1 OFFSET 7")[0]
        r = self.c.get("/wbp", {"q": regno})
        self.assertIn(regno, [x[0] for x in rows(r)])
        self.assertEqual(total(r), lpktp_count("w.regno LIKE ?", ("%" + regno + "%",)))
        part = name.split()[-1]
        r = self.c.get("/wbp", {"q": part.upper(), "per_page": 200})
        want = lpktp_count("(lower(w.name) LIKE lower(?) OR lower(w.regno) LIKE lower(?))",
                           ("%" + part + "%", "%" + part + "%"))
        self.assertEqual(total(r), want)
        for x in rows(r):
            self.assertTrue(part.lower() in x[2].lower() or part.lower() in x[0].lower(), x)
        r = self.c.get("/wbp", {"q": "zzqx-tidak-ada"})
        self.assertEqual(total(r), 0)
        self.assertIn("Tidak ada data yang cocok", r.text)

    def test_filters(self):
        r = self.c.get("/wbp", {"status": "bebas", "per_page": 200})
        self.assertEqual(total(r), lpktp_count("w.status = 'bebas'"))
        self.assertGreaterEqual(total(r), 20)
        ids = [x[1] for x in rows(r)]
        vals = lpktp_values()
        self.assertEqual({vals[i]["status"] for i in ids}, {"bebas"})
        r = self.c.get("/wbp", {"crime_category": "narkotika", "status": "ditahan", "per_page": 200})
        self.assertEqual(total(r), lpktp_count("w.crime_category = 'narkotika' AND w.status = 'ditahan'"))
        self.assertIn('<option value="narkotika" selected>', r.text)
        r = self.c.get("/wbp", {"site": "LPKTP"})
        self.assertEqual(total(r), lpktp_count())
        r = self.c.get("/wbp", {"site": "NOPE"})
        self.assertEqual(total(r), 0)

    def test_sorting(self):
        values = lpktp_values()
        for key, col in (("regno", "regno"), ("name", "name"), ("detention_start", "detention_start")):
            for d in ("asc", "desc"):
                with self.subTest(sort=key, dir=d):
                    r = self.c.get("/wbp", {"sort": key, "dir": d, "per_page": 200})
                    ids = [x[1] for x in rows(r)]
                    vals = [values[i][col] for i in ids]
                    self.assertEqual(len(vals), 200)
                    self.assertEqual(vals, sorted(vals, reverse=(d == "desc")))
        r = self.c.get("/wbp", {"sort": "regno"})
        self.assertIn('aria-sort="ascending"', r.text)
        r = self.c.get("/wbp", {"sort": "regno", "dir": "desc"})
        self.assertIn('aria-sort="descending"', r.text)

    def test_paging(self):
        n = lpktp_count()
        p1 = rows(self.c.get("/wbp", {"per_page": 10, "page": 1, "sort": "regno"}))
        p2 = rows(self.c.get("/wbp", {"per_page": 10, "page": 2, "sort": "regno"}))
        self.assertEqual(len(p1), 10)
        self.assertEqual(len(p2), 10)
        self.assertFalse({x[1] for x in p1} & {x[1] for x in p2})
        self.assertLess(p1[-1][0], p2[0][0])
        last_page = (n + 9) // 10
        pl = self.c.get("/wbp", {"per_page": 10, "page": last_page})
        self.assertEqual(len(rows(pl)), n - 10 * (last_page - 1))
        self.assertIn("Halaman %d dari %d" % (last_page, last_page), pl.text)
        self.assertNotIn('rel="next"', pl.text)
        beyond = self.c.get("/wbp", {"per_page": 10, "page": last_page + 5})
        self.assertStatus(beyond, 200)
        self.assertEqual(rows(beyond), [])
        # out-of-range and junk values are clamped, never an error
        self.assertEqual(len(rows(self.c.get("/wbp", {"per_page": 100000}))), 200)
        self.assertEqual(len(rows(self.c.get("/wbp", {"per_page": 0}))), 1)
        self.assertEqual(rows(self.c.get("/wbp", {"page": -3, "per_page": 10})),
                         rows(self.c.get("/wbp", {"page": 1, "per_page": 10})))
        self.assertStatus(self.c.get("/wbp", {"page": "abc"}), 200)
        self.assertStatus(self.c.get("/wbp", {"page": "99999999999999999999"}), 200)

    def test_csv_download(self):
        r = self.c.get("/wbp.csv", {"status": "bebas"})
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", r.header("Content-Disposition") or "")
        recs = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
        self.assertEqual(recs[0][:3], ["site", "regno", "name"])
        self.assertEqual(len(recs) - 1, lpktp_count("w.status = 'bebas'"))
        status_col = recs[0].index("status")
        self.assertEqual({x[0] for x in recs[1:]}, {"LPKTP"})
        self.assertEqual({x[status_col] for x in recs[1:]}, {"bebas"})
        # the whole filtered list, not one page
        r = self.c.get("/wbp.csv")
        self.assertEqual(len(list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))) - 1, lpktp_count())
        # the list page links to the CSV of the same filter
        page = self.c.get("/wbp", {"status": "bebas", "q": "a"})
        self.assertRegex(page.text, r'href="/wbp\.csv\?[^"]*status=bebas')

    def test_csv_cells_are_formula_guarded(self):
        f = form_fields(name="=HYPERLINK(\"http://evil.example\",\"klik\")", regno=H.uniq("=FORM"))
        r = self.c.post_form("/wbp", f)
        self.assertStatus(r, 303)
        out = self.c.get("/wbp.csv", {"q": "HYPERLINK"})
        recs = list(csv.reader(io.StringIO(out.text.lstrip("\ufeff"))))
        self.assertEqual(len(recs), 2, out.text)
        self.assertTrue(recs[1][2].startswith("'="), recs[1])
        self.assertTrue(recs[1][1].startswith("'="), recs[1])


class Limits(H.BekalTest):
    def test_oversized_form_and_upload(self):
        c = S.client()
        c.login("staf")
        n = H.wbp_count()
        # refused on its headers, before the body is read (the client may see the
        # connection close while it still sends; raw_http sends the headers only)
        st, head, _ = H.raw_http(S, ("POST /wbp HTTP/1.1\r\nHost: x\r\nCookie: bekal_sid=%s\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                                     % (c.sid(), (1 << 20) + 100)).encode())
        self.assertEqual(st, 413, head)
        self.assertIn("text/html", head)
        row = "%s,Besar Sekali,L,umum,2020-01-01,1y\n"
        big = "regno,name,sex,crime_category,detention_start,pidana\n" + "".join(
            row % ("BIG%07d" % i) for i in range(33 * 1024 * 1024 // 37 + 10))
        self.assertGreater(len(big), 32 << 20)
        st, head, _ = H.raw_http(S, ("POST /wbp/import HTTP/1.1\r\nHost: x\r\nCookie: bekal_sid=%s\r\n"
                                     "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n"
                                     % (c.sid(), len(big))).encode())
        self.assertEqual(st, 413, head)
        self.assertEqual(H.wbp_count(), n)
        # a large upload under the limit is accepted (checked only: dry run)
        r = c.upload_csv(big[:200000].rsplit("\n", 1)[0] + "\n", site="LPKTP", dry_run=True)
        self.assertStatus(r, 200)
        self.assertIn("Uji coba berhasil", r.text)
        self.assertEqual(H.wbp_count(), n)
        self.assertStatus(c.get("/healthz"), 200)


class Forms(H.BekalTest):
    def test_home_counts(self):
        home = self.c.get("/")
        in_custody = lpktp_count("w.status = 'ditahan'")
        released = lpktp_count("w.status = 'bebas'")
        self.assertRegex(home.text, r"<b>%d</b><span class=\"muted\">WBP di dalam · %d bebas</span>"
                         % (in_custody, released))
        self.assertIn("Lapas Kelas IIB Ketapang", home.text)
        self.assertNotIn("Pontianak", home.text)

    def test_csv_download_reuploads_unchanged(self):
        a = S.client()
        a.login("admin")
        out = a.get("/wbp.csv")
        n = lpktp_count()
        audit = H.audit_count()
        r = a.upload_csv(out.body, site="LPKTP")
        self.assertStatus(r, 200)
        self.assertIn("%d baris — 0 baru, 0 diubah, %d tidak berubah" % (n, n), r.text)
        self.assertEqual(H.audit_count(), audit)

    @classmethod
    def setUpClass(cls):
        cls.c = S.client()
        cls.c.login("staf")

    def test_pages_render(self):
        wid = H.wbp_ids("LPKTP", 1)[0]
        for path, want in (("/", "Lokasi Anda"), ("/wbp", "Register WBP"), ("/wbp/new", "Tambah WBP"),
                           ("/wbp/%d" % wid, "Riwayat perubahan"), ("/wbp/%d/edit" % wid, "Simpan"),
                           ("/wbp/import", "Berkas CSV")):
            with self.subTest(path=path):
                r = self.c.get(path)
                self.assertStatus(r, 200)
                self.assertTrue(r.header("Content-Type").startswith("text/html"))
                self.assertIn("<!DOCTYPE html>", r.text)
                self.assertIn(want, r.text)
                self.assertTrue(r.text.rstrip().endswith("</html>"))
                self.assertEqual(r.header("Cache-Control"), "no-store")
        # forms that change data carry the CSRF token
        for path in ("/wbp/new", "/wbp/%d/edit" % wid, "/wbp/import"):
            self.assertIn('name="_csrf" value="%s"' % self.c.csrf, self.c.get(path).text)

    def test_create_with_dd_mm_yyyy(self):
        f = form_fields(birth_date="07-08-1991", detention_start="15-01-2020", verdict_date="2020-03-04",
                        fine="Rp 1.250.000", fine_paid="1")
        r = self.c.post_form("/wbp", f)
        self.assertStatus(r, 303)
        wid = int(re.search(r"/wbp/(\d+)", r.header("Location")).group(1))
        self.assertEqual(H.wbp_row(wid, "birth_date, detention_start, verdict_date, fine, fine_paid, term_years"),
                         ("1991-08-07", "2020-01-15", "2020-03-04", "1250000", "1", "2"))
        last = H.db_query("SELECT action, entity, entity_id, user_name FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(last, ("create", "wbp", str(wid), "staf"))
        show = self.c.get("/wbp/%d" % wid)
        self.assertIn("7 Agustus 1991", show.text)
        self.assertIn("Rp 1.250.000", show.text)

    def test_create_validation_messages(self):
        before, audit = H.wbp_count(), H.audit_count()
        r = self.c.post_form("/wbp", {"name": "Hanya Nama", "site": "LPKTP"})
        self.assertStatus(r, 422)
        for label in ("Nomor registrasi wajib diisi", "Jenis kelamin wajib diisi",
                      "Kategori tindak pidana wajib diisi", "Tanggal mulai ditahan wajib diisi"):
            self.assertIn(label, r.text)
        self.assertNotIn("Nama wajib diisi", r.text)
        self.assertIn('value="Hanya Nama"', r.text, "entered values are kept")
        self.assertIn('aria-invalid="true"', r.text)
        self.assertIn('name="_csrf"', r.text)
        cases = [
            ({"birth_date": "31-02-1990"}, "tidak sah"),
            ({"detention_start": "2020-13-01"}, "tidak sah"),
            ({"detention_start": "2999-01-01"}, "tidak boleh di masa depan"),
            ({"birth_date": "2021-01-01"}, "Tanggal lahir harus sebelum tanggal mulai ditahan"),
            ({"verdict_date": "2019-01-01"}, "Tanggal putusan tidak boleh sebelum tanggal mulai ditahan"),
            ({"sentence_kind": "seumur_hidup"}, "tidak memiliki lama pidana"),
            ({"term_years": "0", "term_months": "0"}, "Lama pidana wajib diisi"),
            ({"term_years": "101"}, "0 sampai 100"),
            ({"term_years": "-1"}, "0 sampai 100"),
            ({"term_months": "dua"}, "bilangan bulat"),
            ({"sex": "X"}, "tidak dikenal"),
            ({"crime_category": "pencurian"}, "tidak dikenal"),
            ({"fine_paid": "mungkin"}, "harus ya atau tidak"),
            ({"fine": "seribu"}, "bilangan bulat"),
            ({"name": "A" * 121}, "terlalu panjang"),
            ({"regno": "R" * 41}, "terlalu panjang"),
        ]
        for over, msg in cases:
            with self.subTest(over=over):
                r = self.c.post_form("/wbp", form_fields(**over))
                self.assertStatus(r, 422)
                self.assertIn(msg, html.unescape(r.text))
        # control characters: refused (by the form parser or the field rules)
        r = self.c.post_form("/wbp", form_fields(name="Nama\x01Kendali"))
        self.assertStatus(r, (400, 422))
        self.assertRegex(r.text, "tidak sah|bukan teks")
        self.assertEqual((H.wbp_count(), H.audit_count()), (before, audit), "an invalid form wrote data")

    def test_duplicate_regno(self):
        regno = H.db_one("SELECT regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' LIMIT 1")
        before = H.wbp_count()
        r = self.c.post_form("/wbp", form_fields(regno=regno))
        self.assertStatus(r, 422)
        self.assertIn("sudah dipakai", r.text)
        self.assertEqual(H.wbp_count(), before)

    def test_edit(self):
        r = self.c.post_form("/wbp", form_fields(name="Sebelum Diubah"))
        wid = int(re.search(r"/wbp/(\d+)", r.header("Location")).group(1))
        page = self.c.get("/wbp/%d/edit" % wid)
        self.assertIn('value="Sebelum Diubah"', page.text)
        # submit the form as a browser would: every field from the edit page, one changed
        fields = dict(re.findall(r'<input id="f-[a-z_]+" name="([a-z_]+)" type="[a-z]+" value="([^"]*)"',
                                 page.text))
        fields.update({k: v for k, v in re.findall(
            r'<select id="f-[a-z_]+" name="([a-z_]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected',
            page.text)})
        fields = {k: html.unescape(v) for k, v in fields.items()}
        self.assertEqual(fields.get("sex"), "L")
        fields["name"] = "Sesudah Diubah"
        audit = H.audit_count()
        r = self.c.post_form("/wbp/%d" % wid, fields)
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/wbp/%d?saved=1" % wid)
        self.assertEqual(H.wbp_row(wid, "name, term_years, term_months, birth_date"),
                         ("Sesudah Diubah", "2", "6", "1990-04-01"))
        self.assertEqual(H.audit_count(), audit + 1)
        a = H.db_query("SELECT action, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(a[0], "update")
        self.assertIn("Sebelum Diubah", a[1])
        self.assertIn("Sesudah Diubah", a[2])
        # saving the unchanged form writes no audit entry
        fields_same = dict(fields)
        r = self.c.post_form("/wbp/%d" % wid, fields_same)
        self.assertStatus(r, 303)
        self.assertEqual(H.audit_count(), audit + 1)
        # invalid edit: 422, nothing changed
        bad = dict(fields, detention_start="2999-12-31", name="Tidak Tersimpan")
        r = self.c.post_form("/wbp/%d" % wid, bad)
        self.assertStatus(r, 422)
        self.assertIn("masa depan", r.text)
        self.assertEqual(H.wbp_row(wid, "name")[0], "Sesudah Diubah")
        # another record's regno: 422
        other = H.db_one("SELECT regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' "
                         "AND w.id <> ? LIMIT 1", (wid,))
        r = self.c.post_form("/wbp/%d" % wid, dict(fields, regno=other))
        self.assertStatus(r, 422)
        self.assertIn("sudah dipakai", r.text)
        self.assertStatus(self.c.post_form("/wbp/99999999", fields), 404)

    def test_upload_good_dry_run_and_reimport(self):
        reg = [H.uniq("UP/") for _ in range(3)]
        text = ("regno;name;birth_date;sex;crime_category;detention_start;pidana\n"
                "%s;Unggah Satu;01-02-1980;L;umum;03-04-2020;2 tahun 6 bulan\n"
                "%s;Unggah Dua;1981-02-03;P;narkotika;2021-05-06;seumur hidup\n"
                "%s;Unggah Tiga;;L;korupsi;07-08-2022;1y2m3d\n" % tuple(reg))
        before, audit = H.wbp_count(), H.audit_count()
        r = self.c.upload_csv(text, site="LPKTP", dry_run=True)
        self.assertStatus(r, 200)
        self.assertIn("Uji coba berhasil", r.text)
        self.assertIn("3 baris", r.text)
        self.assertEqual((H.wbp_count(), H.audit_count()), (before, audit))
        r = self.c.upload_csv(text, site="LPKTP")
        self.assertStatus(r, 200)
        self.assertIn("Impor selesai", r.text)
        self.assertIn("3 baru", r.text)
        self.assertEqual(H.wbp_count(), before + 3)
        got = H.db_query("SELECT regno, birth_date, detention_start, sentence_kind, term_years, term_months, "
                         "term_days, created_by FROM wbp WHERE regno IN (?, ?, ?) ORDER BY regno", tuple(reg))
        staf_id = H.db_one("SELECT id FROM app_user WHERE name = 'staf'")
        self.assertEqual(got, sorted([(reg[0], "1980-02-01", "2020-04-03", "pidana", "2", "6", "0", staf_id),
                                      (reg[1], "1981-02-03", "2021-05-06", "seumur_hidup", "0", "0", "0", staf_id),
                                      (reg[2], None, "2022-08-07", "pidana", "1", "2", "3", staf_id)]))
        self.assertEqual(H.db_one("SELECT user_name FROM audit_log ORDER BY id DESC LIMIT 1"), "staf")
        r = self.c.upload_csv(text, site="LPKTP")
        self.assertStatus(r, 200)
        self.assertIn("0 baru, 0 diubah, 3 tidak berubah", r.text)
        self.assertEqual(H.wbp_count(), before + 3)

    def test_upload_bad(self):
        before = H.wbp_count()
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "wbp_bad.csv"), "rb") as f:
            data = f.read()
        r = self.c.upload_csv(data, site="LPKTP")
        self.assertStatus(r, 422)
        self.assertIn("Tidak ada yang disimpan", r.text)
        for line, col in ((3, "birth_date"), (4, "crime_category"), (5, "name"), (6, "sex"), (7, "pidana"),
                          (8, "regno"), (9, "detention_start")):
            self.assertRegex(r.text, r"<tr><td>%d</td><td>%s</td><td>[^<]+</td></tr>" % (line, col))
        self.assertNotRegex(r.text, r"<tr><td>(2|11)</td>")
        self.assertEqual(H.wbp_count(), before)
        # no file
        r = self.c.post_multipart("/wbp/import", [("site", "LPKTP")])
        self.assertStatus(r, 400)
        # not multipart at all
        r = self.c.post_form("/wbp/import", {"site": "LPKTP", "file": "regno,name\n"})
        self.assertStatus(r, 400)
        # binary junk and invalid UTF-8: a clean 4xx, never 500
        for junk in (b"\x00\x01\x02\xff\xfe", b"regno,name\n\xff\xfe,\xc3\x28\n", b"\"" * 1000):
            with self.subTest(junk=junk[:10]):
                r = self.c.upload_csv(junk, site="LPKTP")
                self.assertStatus(r, (400, 422))
        # a broken multipart body
        r = self.c.request("POST", "/wbp/import", b"--xyz\r\nContent-Disposition: form-data; name=\"file\"",
                           {"Content-Type": "multipart/form-data; boundary=xyz"})
        self.assertStatus(r, (400, 403))
        self.assertEqual(H.wbp_count(), before)


if __name__ == "__main__":
    H.main()
