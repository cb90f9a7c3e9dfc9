"""test_matrix.py — the access-control matrix, generated from the route table.

`bekal routes --format json` lists every route; tests/http/data/access.txt says, for
each METHOD PATTERN, which roles may use it and how it names a site (format at the top
of that file). For every route x every role (admin staf wali instruktur kalapas kanwil
bapas, plus anonymous) x the user's own site vs another site, one request is made and
its answer classified as allowed or denied; API routes are tried with the session
cookie and with a Bearer token. A route missing from the expectations file fails.

Also generated from the table: CSRF (missing, wrong, another session's token → 403 on
every route that needs one, nothing changed), and session expiry and logout (the old
session id and its CSRF token stop working)."""
import hashlib
import json
import os
import re
import sys
import http.cookiejar
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLES = ["admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas"]
EXPECT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "access.txt")
OWN, OTHER = H.SITE_A, H.SITE_B
S = None
ROUTES = []
EXPECT = {}
USERS = {}      # role -> user name (site A only)
TOKENS = {}     # role -> API token
IDS = {}        # (table, site code) -> an id of that table at that site
B_DATA = []     # strings that only site B's data contains
STATS = {"cells": 0}


# ---------------------------------------------------------------- expectations

def load_expectations(path=EXPECT_FILE):
    """{ "METHOD PATTERN": {"roles": set|None (public), "site": kind, "table": str|None} }.
    Raises ValueError naming the line on any malformed entry."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 4:
                raise ValueError("%s:%d: want METHOD PATTERN ROLES SITE, got %r" % (path, no, line))
            method, pattern, roles, site = parts
            if roles == "public":
                rset = None
            elif roles == "any":
                rset = set(ROLES)
            else:
                rset = set(roles.split(","))
                bad = rset - set(ROLES)
                if bad:
                    raise ValueError("%s:%d: unknown role(s) %s" % (path, no, ", ".join(sorted(bad))))
            table = None
            if site.startswith("id:"):
                table = site[3:]
                if not re.fullmatch(r"[a-z_][a-z0-9_]*", table):
                    raise ValueError("%s:%d: bad table name %r" % (path, no, table))
                site = "id"
            if site not in ("none", "list", "create", "id"):
                raise ValueError("%s:%d: SITE must be none, list, create or id:TABLE, got %r" % (path, no, site))
            if (site == "id") != ("{id}" in pattern):
                raise ValueError("%s:%d: a pattern with {id} needs SITE id:TABLE, and only such a pattern"
                                 % (path, no))
            key = method + " " + pattern
            if key in out:
                raise ValueError("%s:%d: %s listed twice" % (path, no, key))
            out[key] = {"roles": rset, "site": site, "table": table}
    return out


def routes_from_binary():
    r = H.cli("routes", "--format", "json", db=None)
    if r.code != 0:
        raise AssertionError("bekal routes failed: %r" % r)
    return json.loads(r.out)


# ---------------------------------------------------------------- fixtures

def setUpModule():
    global S, ROUTES, EXPECT
    H.setup_db()
    ROUTES = routes_from_binary()
    EXPECT = load_expectations()
    for role in ROLES:
        USERS[role] = H.add_user("mx." + role, role, OWN)
        TOKENS[role] = H.token_for(USERS[role])
    S = H.start_server()
    # training (issue 6): a finished programme at each site, mx.instruktur teaching site A's
    # (made before the markers below, whose audit entries must stay the newest)
    import training_fixtures  # noqa: E402
    for site, admin, instr in ((OWN, "admin", ("mx.instruktur",)), (OTHER, "admin.ptk", ())):
        for table, rid in training_fixtures.matrix_fixture(S, site, admin, instr).items():
            IDS[(table, site)] = rid
    # one marker inmate per site, through the API, so ids and names are known
    for site, admin in ((OWN, "admin"), (OTHER, "admin.ptk")):
        c = S.client(token=H.token_for(admin))
        body = H.valid_wbp(regno=H.uniq("MTX%s/" % site[-1]), name="Penanda Matriks " + H.uniq(site))
        r = c.api("POST", "/api/v1/wbp", body)
        if r.status != 201:
            raise AssertionError("marker WBP: %r" % r)
        wid = r.json()["id"]
        IDS[("wbp", site)] = wid
        # a discipline record, for /discipline/{id}/...
        r = c.api("POST", "/api/v1/wbp/%d/discipline" % wid,
                  {"offence": "Penanda", "level": "ringan", "decision_date": "2024-01-10"})
        if r.status != 201:
            raise AssertionError("marker discipline: %r" % r)
        if site == OTHER:
            B_DATA.extend([body["regno"], body["name"]])
    B_DATA.append(H.db_one("SELECT name FROM site WHERE code = ?", (OTHER,)))
    a_regnos = {r[0] for r in H.db_query("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id "
                                         "WHERE s.code = ?", (OWN,))}
    b_regnos = [r[0] for r in H.db_query("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id "
                                         "WHERE s.code = ? ORDER BY w.id", (OTHER,))]
    B_DATA.extend(x for x in b_regnos if x not in a_regnos and not any(x in a for a in a_regnos))


def tearDownModule():
    print("matrix: %d cells checked" % STATS["cells"], file=sys.stderr)
    H.stop_servers()


def row_id(table, site):
    """An id of a row of table at site (cached)."""
    key = (table, site)
    if key not in IDS:
        v = H.db_one("SELECT t.id FROM %s t JOIN site s ON s.id = t.site_id WHERE s.code = ? ORDER BY t.id LIMIT 1"
                     % table, (site,))
        if v is None:
            raise AssertionError("no %s row at site %s: add a fixture in test_matrix.setUpModule" % (table, site))
        IDS[key] = int(v)
    return IDS[key]


def set_cookie(c, name, value, path="/"):
    host = urllib.parse.urlparse(c.base).hostname
    c.jar.set_cookie(http.cookiejar.Cookie(0, name, value, None, False, host, False, False, path, True, False,
                                           None, False, None, None, {}))


def session_ended(r):
    sc = r.cookie("bekal_sid")
    return sc is not None and "Max-Age=0" in sc


# ---------------------------------------------------------------- one request

def send(c, route, exp, site, bearer=False):
    """Makes the route's request for site (a site code) with client c. The body is
    deliberately minimal: access control runs before any parsing."""
    method, pattern, flags = route["method"], route["pattern"], route["flags"]
    kind = exp["site"]
    path = pattern.replace("{id}", str(row_id(exp["table"], site))) if kind == "id" else pattern
    if "api" in flags:
        if method == "GET":
            return c.api("GET", path + ("?site=" + site if kind == "list" else ""))
        return c.api(method, path, {"site": site} if kind == "create" else {})
    if method == "GET":
        return c.get(path, {"site": site} if kind == "list" else None)
    fields = [("site", site)] if kind == "create" else []
    if exp["roles"] is None:  # public form (the login form): it has its own CSRF pair
        set_cookie(c, "bekal_lc", "c" * 64, "/login")
        return c.post_form(path, fields + [("_csrf", "c" * 64)], csrf=False)
    if "upload" in flags:
        return c.post_multipart(path, fields, [("file", "x.csv", b"x\n", "text/csv")])
    return c.request(method, path, urllib.parse.urlencode(fields + ([("_csrf", c.csrf)] if c.csrf is not None else [])).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})


def verdict(r):
    """allow | deny | login (sent to the login page) | notfound | error."""
    if r.status >= 500:
        return "error"
    if r.status in (401, 403):
        return "deny"
    if r.status in (302, 303) and (r.header("Location") or "").startswith("/login?next="):
        return "login"
    if r.status == 404:
        return "notfound"
    return "allow"


def expected(route, exp, role, site):
    """The verdict the expectations file asks for, and for lists whether B's data must be absent."""
    if exp["roles"] is None:
        return "allow"
    if role is None:
        return "deny" if "api" in route["flags"] else "login"
    if role not in exp["roles"]:
        return "deny"
    if site == OTHER:
        return {"id": "notfound", "create": "deny"}.get(exp["site"], "allow")
    return "allow"


class Matrix(H.BekalTest):
    def test_every_route_has_an_entry(self):
        table = {r["method"] + " " + r["pattern"] for r in ROUTES}
        missing = sorted(table - set(EXPECT))
        stale = sorted(set(EXPECT) - table)
        self.assertEqual(missing, [], "routes without an access expectation in %s (add a line for each):\n  %s"
                         % (EXPECT_FILE, "\n  ".join(missing)))
        self.assertEqual(stale, [], "expectations for routes that are not in the table:\n  %s" % "\n  ".join(stale))
        self.assertGreaterEqual(len(table), 30)

    def test_file_format_errors_are_reported(self):
        import tempfile
        for bad in ("GET /x any", "GET /x nobody none", "GET /x any somewhere", "GET /x any id:wbp", "GET /x/{id} any none",
                    "GET /x any none\nGET /x any none"):
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
                f.write(bad + "\n")
            with self.subTest(line=bad), self.assertRaises(ValueError):
                load_expectations(f.name)
            os.unlink(f.name)

    def check_cell(self, failures, route, exp, who, role, site, c, bearer=False):
        r = send(c, route, exp, site, bearer)
        got, want = verdict(r), expected(route, exp, role, site)
        STATS["cells"] += 1
        where = "%s %s as %s%s, %s site" % (route["method"], route["pattern"], who, " (token)" if bearer else "",
                                           "own" if site == OWN else "other")
        if got != want:
            failures.append("%s: want %s, got %s (HTTP %s) %s" % (where, want, got, r.status, r.text[:200]))
        elif want == "deny" and role is None and r.status != 401:
            failures.append("%s: anonymous API answer %s, want 401" % (where, r.status))
        elif got == "allow" and exp["site"] == "list" and role is not None:
            leaked = [x for x in B_DATA if x in r.text]
            if leaked:
                failures.append("%s: answer shows another site's data: %s" % (where, leaked[:3]))
        if got in ("deny",) and "api" in route["flags"]:
            try:
                e = r.json()["error"]
                assert e["code"] and e["message"]
            except Exception:  # noqa: BLE001
                failures.append("%s: API denial is not a JSON error: %r" % (where, r))
        return r

    def test_matrix(self):
        failures = []
        for role in [None] + ROLES:
            c = S.client()
            if role:
                c.login(USERS[role])
            tc = S.client(token=TOKENS[role]) if role else None
            for route in ROUTES:
                exp = EXPECT.get(route["method"] + " " + route["pattern"])
                if not exp:
                    continue  # reported by test_every_route_has_an_entry
                for site in (OWN, OTHER):
                    r = self.check_cell(failures, route, exp, role or "anonymous", role, site, c)
                    if role and session_ended(r):  # POST /logout did its job: log in again
                        c = S.client()
                        c.login(USERS[role])
                    if tc and "api" in route["flags"]:
                        self.check_cell(failures, route, exp, role, role, site, tc, bearer=True)
        self.assertTrue(S.alive())
        if failures:
            self.fail("%d of %d cells wrong:\n%s" % (len(failures), STATS["cells"], "\n".join(failures)))

    def test_list_controls_see_the_other_site(self):
        """The 'nothing of site B' checks are not vacuous: a user given both sites sees B's
        data through the same requests."""
        both = H.add_user(H.uniq("mxboth").lower(), "admin", OWN + "," + OTHER)
        c = S.client()
        c.login(both)
        seen = []
        for route in ROUTES:
            exp = EXPECT.get(route["method"] + " " + route["pattern"])
            if exp and exp["site"] == "list" and route["method"] == "GET" and "admin" in (exp["roles"] or ()):
                r = send(c, route, exp, OTHER)
                self.assertStatus(r, 200)
                if any(x in r.text for x in B_DATA):
                    seen.append(route["pattern"])
        for must in ("/", "/wbp", "/api/v1/wbp", "/audit"):
            self.assertIn(must, seen)


class CsrfEverywhere(H.BekalTest):
    """Every route the table marks 'csrf', for a role that may use it: no token, an
    empty, wrong, over-long or another session's token → 403, and nothing changes."""

    def snapshot(self):
        return tuple(H.db_one("SELECT count(*) FROM %s" % t) for t in
                     ("wbp", "audit_log", "remisi", "discipline", "sppn", "session")) + \
            (H.db_one("SELECT max(updated_at) FROM wbp"),)

    def test_missing_or_wrong_token_is_403(self):
        other = S.client()
        other.login(USERS["staf"])
        n = 0
        for route in ROUTES:
            if "csrf" not in route["flags"]:
                continue
            exp = EXPECT.get(route["method"] + " " + route["pattern"])
            if not exp:
                continue
            role = next(x for x in ROLES if x in route["roles"])
            c = S.client()
            c.login(USERS[role])
            good = c.csrf
            for label, tok in (("missing", None), ("empty", ""), ("wrong", "b" * 64),
                               ("another session's", other.csrf), ("too long", good + "0")):
                with self.subTest(route=route["pattern"], method=route["method"], token=label):
                    before = self.snapshot()
                    c.csrf = tok
                    if "api" in route["flags"]:
                        kind = exp["site"]
                        path = route["pattern"].replace("{id}", str(row_id(exp["table"], OWN))) if kind == "id" \
                            else route["pattern"]
                        r = c.api(route["method"], path, H.valid_wbp(site=OWN) if kind == "create" else {},
                                  csrf=tok if tok is not None else False)
                        self.assertApiError(r, 403, "csrf")
                    else:
                        r = send(c, route, exp, OWN)
                        self.assertStatus(r, 403)
                        self.assertIn("CSRF", r.text)
                    self.assertEqual(self.snapshot(), before, "changed data without a valid CSRF token")
                    n += 1
            c.csrf = good
            self.assertStatus(c.get("/"), 200, "the session survived the rejected requests")
        guarded = sum("csrf" in r["flags"] for r in ROUTES)
        self.assertGreaterEqual(guarded, 13)
        self.assertEqual(n, 5 * guarded)


class Sessions(H.BekalTest):
    def test_expired_session_is_refused_everywhere(self):
        c = S.client()
        c.login(USERS["admin"])
        h = hashlib.sha256(c.sid().encode()).hexdigest()
        H.db_exec("UPDATE session SET expires_at = '2000-01-01T00:00:00Z' WHERE token_hash = ?", (h,))
        for route in ROUTES:
            exp = EXPECT.get(route["method"] + " " + route["pattern"])
            if not exp or exp["roles"] is None:
                continue
            with self.subTest(route=route["pattern"], method=route["method"]):
                r = send(c, route, exp, OWN)
                self.assertEqual(verdict(r), "deny" if "api" in route["flags"] else "login", r)

    def test_logout_invalidates_session_and_its_tokens(self):
        c = S.client()
        c.login(USERS["staf"])
        sid, old_csrf = c.sid(), c.csrf
        self.assertRedirect(c.post_form("/logout", {}), "/login")
        self.assertIsNone(H.db_one("SELECT user_id FROM session WHERE token_hash = ?",
                                   (hashlib.sha256(sid.encode()).hexdigest(),)))
        replay = S.client()
        replay.set_sid(sid)
        replay.csrf = old_csrf
        self.assertRedirect(replay.get("/wbp"), "/login?next=")
        self.assertApiError(replay.api("GET", "/api/v1/me"), 401)
        n = H.wbp_count()
        self.assertApiError(replay.api("POST", "/api/v1/wbp", H.valid_wbp()), 401)
        self.assertRedirect(replay.post_form("/wbp", {k: str(v) for k, v in H.valid_wbp().items()}), "/login")
        # a new login gets a new CSRF token; the old one is worthless
        c2 = S.client()
        c2.login(USERS["staf"])
        self.assertNotEqual(c2.csrf, old_csrf)
        self.assertNotEqual(c2.sid(), sid)
        self.assertApiError(c2.api("POST", "/api/v1/wbp", H.valid_wbp(), csrf=old_csrf), 403, "csrf")
        self.assertEqual(H.wbp_count(), n)
        self.assertStatus(c2.api("POST", "/api/v1/wbp", H.valid_wbp()), 201)


if __name__ == "__main__":
    H.main()
