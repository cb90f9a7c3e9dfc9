"""test_headers.py — security headers on every answer and the session rules.

Headers: every GET route of the table (anonymous and logged in) and the error
answers (401, 403, 404, 405, 413) carry a Content-Security-Policy without inline
script, frame denial (frame-ancestors and X-Frame-Options), nosniff and a
Referrer-Policy; no page has inline script, event-handler attributes or inline
styles, so the policy never has to allow them.

Sessions: a login always issues a new session id and ends the one the browser came
with; the idle timeout (--session-idle / BEKAL_SESSION_IDLE_MINUTES) and the
absolute lifetime (--session-hours / BEKAL_SESSION_HOURS) are both enforced, and use
moves the idle deadline on."""
import calendar
import hashlib
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
ROUTES = []
INLINE = [re.compile(p, re.I) for p in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<[a-z][^>]*\son[a-z]+\s*=",
                                        r"<[a-z][^>]*\sstyle\s*=", r"javascript:", r"<style")]


def setUpModule():
    global S, ROUTES
    H.setup_db()
    ROUTES = json.loads(H.cli("routes", "--format", "json", db=None).out)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def sha(sid):
    return hashlib.sha256(sid.encode()).hexdigest()


def iso_to_unix(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def plant_login_csrf(c, value):
    """Gives c the login-form CSRF cookie a GET /login would have set (a browser with a
    session is redirected away from GET /login), so it can POST the form again."""
    host = urllib.parse.urlparse(c.base).hostname
    c.jar.set_cookie(http.cookiejar.Cookie(0, "bekal_lc", value, None, False, host, False, False, "/login", True,
                                           False, None, False, None, None, {}))


def session_row(sid):
    rows = H.db_query("SELECT created_at, expires_at FROM session WHERE token_hash = ?", (sha(sid),))
    return rows[0] if rows else None


class Headers(H.BekalTest):
    def assertSecure(self, r, what):
        csp = r.header("Content-Security-Policy") or ""
        d = {p.strip().split(" ", 1)[0]: p.strip() for p in csp.split(";") if p.strip()}
        self.assertIn("default-src", d, "%s: no CSP: %r" % (what, r))
        self.assertEqual(d.get("script-src"), "script-src 'self'", what)
        self.assertEqual(d.get("frame-ancestors"), "frame-ancestors 'none'", what)
        self.assertEqual(d.get("object-src"), "object-src 'none'", what)
        self.assertEqual(d.get("base-uri"), "base-uri 'none'", what)
        self.assertNotIn("unsafe-inline", csp, what)
        self.assertNotIn("unsafe-eval", csp, what)
        self.assertEqual(r.header("X-Frame-Options"), "DENY", what)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff", what)
        self.assertIn(r.header("Referrer-Policy"), ("same-origin", "no-referrer", "strict-origin-when-cross-origin"),
                      what)
        self.assertEqual(r.header("Cache-Control"), "no-store", what)
        ct = r.header("Content-Type") or ""
        if ct.startswith("text/html"):
            for pat in INLINE:
                m = pat.search(r.text)
                self.assertIsNone(m, "%s: inline script or style %r" % (what, m and m.group(0)))

    def test_every_get_route(self):
        wid = H.wbp_ids(H.SITE_A, 1)[0]
        anon = S.client()
        admin = S.client()
        admin.login("admin")
        n = 0
        for route in ROUTES:
            if route["method"] != "GET":
                continue
            path = route["pattern"].replace("{id}", str(wid))
            for who, c in (("anonymous", anon), ("admin", admin)):
                with self.subTest(path=path, who=who):
                    r = c.get(path)
                    self.assertLess(r.status, 500, r)
                    self.assertSecure(r, "%s as %s" % (path, who))
                    n += 1
        self.assertGreaterEqual(n, 2 * 15)

    def test_error_answers(self):
        c = S.client()
        c.login("wali")
        cases = [("404 page", c.get("/nope")), ("404 api", c.api("GET", "/api/v1/nope")),
                 ("405", c.request("DELETE", "/wbp", b"")), ("403", c.get("/audit")),
                 ("401 api", S.client().api("GET", "/api/v1/me")), ("303 login", S.client().get("/wbp")),
                 ("413", c.post_form("/wbp/%d/remisi" % H.wbp_ids(H.SITE_A, 1)[0], {"x": "y" * (2 << 20)})),
                 ("css", c.get("/static/app.css")), ("csv", c.get("/wbp.csv"))]
        for what, r in cases:
            with self.subTest(what=what):
                self.assertSecure(r, what)

    def test_cookies_are_locked_down(self):
        c = S.client()
        r = c.get("/login")
        lc = r.cookie("bekal_lc")
        r = c.login("staf")
        sc = r.cookie("bekal_sid")
        for cookie in (lc, sc):
            self.assertIn("HttpOnly", cookie)
            self.assertIn("SameSite=Strict", cookie)


class Rotation(H.BekalTest):
    def login_again(self, c, name):
        """POST /login from a browser that already has a session."""
        plant_login_csrf(c, "d" * 64)
        return c.post_form("/login", {"name": name, "password": H.DEMO_PASSWORD, "_csrf": "d" * 64}, csrf=False)

    def test_login_issues_a_new_id_and_ends_the_old_session(self):
        c = S.client()
        c.login("staf")
        old = c.sid()
        self.assertIsNotNone(session_row(old))
        r = self.login_again(c, "staf")
        self.assertRedirect(r, "/")
        new = c.sid()
        self.assertNotEqual(new, old)
        self.assertIsNone(session_row(old), "the old session survived a new login")
        self.assertIsNotNone(session_row(new))
        replay = S.client()
        replay.set_sid(old)
        self.assertRedirect(replay.get("/"), "/login")
        self.assertStatus(c.get("/"), 200)

    def test_planted_session_is_replaced(self):
        # an attacker's own valid session id planted in the victim's browser does not
        # survive the victim's login (and the victim never works under it)
        attacker = S.client()
        attacker.login("bapas")
        planted = attacker.sid()
        victim = S.client()
        victim.set_sid(planted)
        r = self.login_again(victim, "admin")
        self.assertRedirect(r, "/")
        self.assertNotEqual(victim.sid(), planted)
        self.assertIsNone(session_row(planted))
        self.assertRedirect(attacker.get("/"), "/login")
        victim.refresh_csrf()
        self.assertIn("(admin)", victim.get("/").text)

    def test_failed_login_keeps_the_current_session(self):
        c = S.client()
        c.login("kalapas")
        sid = c.sid()
        plant_login_csrf(c, "e" * 64)
        r = c.post_form("/login", {"name": "kalapas", "password": "salah-sandi", "_csrf": "e" * 64}, csrf=False)
        self.assertStatus(r, 401)
        self.assertEqual(c.sid(), sid)
        self.assertStatus(c.get("/"), 200)


class Timeouts(H.BekalTest):
    def test_idle_timeout_setting_and_sliding(self):
        srv = H.start_server(env={"BEKAL_SESSION_IDLE_MINUTES": "5", "BEKAL_SESSION_HOURS": "2"})
        c = srv.client()
        t0 = H.now()
        r = c.login("wali")
        self.assertIn("Max-Age=7200", r.cookie("bekal_sid"))
        created, expires = session_row(c.sid())
        self.assertAlmostEqual(iso_to_unix(expires) - iso_to_unix(created), 300, delta=3)
        self.assertAlmostEqual(iso_to_unix(created), t0, delta=5)
        # close to its idle deadline, a request moves the deadline 5 minutes on
        soon = H.now_iso(20)
        H.db_exec("UPDATE session SET expires_at = ? WHERE token_hash = ?", (soon, sha(c.sid())))
        self.assertStatus(c.get("/wbp"), 200)
        _, expires = session_row(c.sid())
        self.assertAlmostEqual(iso_to_unix(expires), H.now() + 300, delta=5)
        # a request soon after does not write again (deadline unchanged within the minute)
        self.assertStatus(c.get("/"), 200)
        self.assertEqual(session_row(c.sid())[1], expires)
        # idle past the deadline: gone, on pages and API alike
        past = H.now_iso(-1)
        H.db_exec("UPDATE session SET expires_at = ? WHERE token_hash = ?", (past, sha(c.sid())))
        self.assertRedirect(c.get("/wbp"), "/login")
        self.assertApiError(c.api("GET", "/api/v1/me"), 401)
        srv.stop()

    def test_absolute_lifetime(self):
        srv = H.start_server(env={"BEKAL_SESSION_IDLE_MINUTES": "60", "BEKAL_SESSION_HOURS": "1"})
        c = srv.client()
        c.login("kanwil")
        # logged in 59 minutes ago: the idle deadline may not pass the hour
        born = H.now_iso(-59 * 60)
        H.db_exec("UPDATE session SET created_at = ?, expires_at = ? WHERE token_hash = ?",
                  (born, H.now_iso(30), sha(c.sid())))
        self.assertStatus(c.get("/"), 200)
        _, expires = session_row(c.sid())
        self.assertLessEqual(iso_to_unix(expires), iso_to_unix(born) + 3600)
        # older than the lifetime: refused even with a deadline in the future
        old = H.now_iso(-3601)
        H.db_exec("UPDATE session SET created_at = ?, expires_at = ? WHERE token_hash = ?",
                  (old, H.now_iso(600), sha(c.sid())))
        self.assertRedirect(c.get("/"), "/login")
        srv.stop()

    def test_settings_are_validated(self):
        for args in (["--session-hours", "0"], ["--session-hours", "721"], ["--session-idle", "0"],
                     ["--session-hours", "1", "--session-idle", "61"], ["--session-idle", "abc"]):
            with self.subTest(args=args):
                r = H.cli("serve", "--listen", "127.0.0.1:1", *args)
                self.assertEqual(r.code, 2, r)
                self.assertIn("session", r.err)
        r = H.cli("serve", "--help", db=None)
        self.assertIn("--session-idle", r.out)
        self.assertIn("BEKAL_SESSION_IDLE_MINUTES", r.out)


if __name__ == "__main__":
    H.main()
