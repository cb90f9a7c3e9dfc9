"""test_badinput.py — hostile and broken input on every route, generated from the route
table (`bekal routes --format json`).

  * every API write (POST/PATCH): malformed JSON, wrong top-level types, wrong media
    types, invalid UTF-8, oversized bodies, and per field (fields learnt from the 422
    answer to {} and from the matching GET) wrong types, missing values, very long
    strings, control characters, impossible dates and numbers, SQL/HTML injection
  * every form POST: broken URL encoding, invalid UTF-8, NUL, thousands of fields,
    oversized bodies, wrong content types, broken multipart, and per field (fields
    scraped from the forms the pages render for that route) the same hostile values
  * every GET route: hostile query parameters and impossible ids in the path
  * headers: garbage cookies and Authorization values

Answers must be 2xx/3xx (a hostile value that is still valid, stored literally) or 4xx
with a clear message (API: {"error":{"code","message"}}; pages: an alert), never 5xx,
and the server must stay up (checked after every route; no sanitizer report at exit).
Injection strings are then read back: stored byte for byte, shown escaped on the pages
that display them. Prints the number of inputs tried and of 5xx answers."""
import html
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
ROUTES = []
TOKEN = {}
FIXTURE = {}
STATS = {"inputs": 0, "5xx": 0}

INJECTIONS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'; DROP TABLE wbp; --",
    "' OR '1'='1",
    "Robert'); DELETE FROM audit_log;--",
    "%' OR 1=1 --",
    "1; SELECT pg_sleep(5)--",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "a\\' OR 1=1 /* */ --",
    "</textarea><svg onload=alert(1)>",
]
# JSON values no field accepts: always a 4xx
BAD_TYPES = [[], {}, [1, 2], {"a": 1}, 1.5, -0.5, 1e300]
# values that may or may not be valid for a field: never a 5xx
ODD_VALUES = ([True, False, None, 0, -1, 2 ** 62, -(2 ** 62), "", " ", "\t\n", "x" * 130, "x" * 5000,
               "x" * 200000, "\u0001\u0002\u007f", "\u202eRTL", "\U0001F600" * 40, "2020-02-30", "9999-99-99",
               "0000-00-00", "31-12-1899", "1e10", "0x10", "NaN", "-0", "99999999999999999999"] + INJECTIONS)
# raw JSON texts that are not a valid JSON object
BAD_JSON = [b"", b"{", b"}", b"{\"a\":", b"[1,2", b"nul", b"{'a':1}", b"{\"a\":1,}", b"{\"a\":1}{\"b\":2}",
            b"{\"a\":1,\"a\":2}", b"\x00", b"\xef\xbb\xbf{}", b"[" * 5000 + b"]" * 5000, b"{\"a\":" * 3000,
            b"{\"name\":\"\xff\xfe\"}", b"{\"name\":\"\xc0\xaf\"}", b"{\"name\":\"\xed\xa0\x80\"}",
            b"{\"name\":\"\\ud800\"}", b"{\"name\":\"a\\u0000b\"}", b"{\"n\":123456789012345678901234567890}",
            b"{\"n\":1e999}", b"\"string\"", b"42", b"null", b"true", b"[]", b"[{}]"]
# raw form bodies that are broken
BAD_FORMS = [b"%zz=1", b"a=%f", b"a=%", b"%", b"a=%00", b"a=1&b=%G1", b"\xff\xfe=\xfd", b"a=\xc0\xaf",
             b"a=%ff%fe", b"a=%ed%a0%80", b"=&&=&", b"a" * 300000, b"a=1&" * 20000, b"\x00\x01\x02"]
BAD_QUERY = ["page=abc", "page=-1", "page=99999999999999999999", "per_page=0", "per_page=100000", "sort=zzz",
             "sort=name;DROP", "dir=sideways", "q=" + "x" * 5000, "q=%ff%fe", "q=%00", "q=%", "q=%zz",
             "site=%27%20OR%201%3D1--", "site=" + "Z" * 500, "status=%3Cscript%3E", "crime_category=%27",
             "at=2020-02-30", "at=abc", "at=99999-01-01", "&&&==", "a[]=1&a[]=2", "site=LPKTP&site=LPPTK"]


def setUpModule():
    global S, ROUTES
    H.setup_db()
    ROUTES = json.loads(H.cli("routes", "--format", "json", db=None).out)
    for name in ("admin", "staf", "wali", "kanwil"):
        TOKEN[name] = H.token_for(name)
    S = H.start_server()
    # the inmate every {id} route works on, with one record of each kind
    c = S.client(token=TOKEN["admin"])
    r = c.api("POST", "/api/v1/wbp", H.valid_wbp(site=H.SITE_A))
    if r.status != 201:
        raise AssertionError(r)
    FIXTURE["wbp"] = r.json()["id"]
    r = c.api("POST", "/api/v1/wbp/%d/discipline" % FIXTURE["wbp"],
              {"offence": "Berkelahi", "level": "ringan", "decision_date": "2024-01-10"})
    if r.status != 201:
        raise AssertionError(r)
    FIXTURE["discipline"] = r.json()["id"]
    # a released inmate with one follow-up, for /releases/{id} and /followups/{id}
    r = c.api("POST", "/api/v1/wbp", H.valid_wbp(site=H.SITE_A))
    r = c.api("POST", "/api/v1/releases", {"wbp_id": r.json()["id"], "kind": "bebas_murni",
                                           "release_date": "2024-01-10", "district": "Kabupaten Ketapang"})
    if r.status != 201:
        raise AssertionError(r)
    FIXTURE["release"] = r.json()["id"]
    r = c.api("POST", "/api/v1/releases/%d/followups" % FIXTURE["release"],
              {"contact_date": "2024-04-10", "status": "menganggur"})
    if r.status != 201:
        raise AssertionError(r)
    FIXTURE["followup"] = r.json()["id"]


def tearDownModule():
    print("badinput: %d inputs tried, %d answered 5xx" % (STATS["inputs"], STATS["5xx"]), file=sys.stderr)
    H.stop_servers()


def role_for(route):
    """A demo user whose role may use the route."""
    for name in ("admin", "staf", "wali", "kanwil"):
        if name in route["roles"] or "public" in route["roles"]:
            return name
    raise AssertionError("no demo user for %s %s" % (route["method"], route["pattern"]))


def concrete(pattern):
    """The pattern with {id} filled in: a discipline id under /discipline, else the fixture WBP."""
    ident = FIXTURE["discipline"] if pattern.startswith("/discipline/") else FIXTURE["wbp"]
    for kind in ("release", "followup"):
        if pattern.startswith(("/%ss/" % kind, "/api/v1/%ss/" % kind)):
            ident = FIXTURE[kind]
    return pattern.replace("{id}", str(ident))


def to_pattern(path):
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


class BadInput(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.sessions = {}

    def session(self, name):
        if name not in self.sessions:
            c = S.client()
            c.login(name)
            self.sessions[name] = c
        return self.sessions[name]

    def judge(self, r, what, must_fail, api):
        """Records one answer: never 5xx; 4xx must carry a clear message; must_fail
        inputs must not succeed."""
        STATS["inputs"] += 1
        if r.status >= 500:
            STATS["5xx"] += 1
            self.fail("%s: HTTP %s (5xx): %r" % (what, r.status, r))
        if must_fail:
            self.assertTrue(400 <= r.status < 500, "%s: want 4xx, got %r" % (what, r))
        if 400 <= r.status < 500:
            if api:
                ct = r.header("Content-Type") or ""
                self.assertTrue(ct.startswith("application/json"), "%s: error not JSON: %r" % (what, r))
                e = r.json().get("error") or {}
                self.assertTrue(isinstance(e.get("code"), str) and e["code"], "%s: no error code: %r" % (what, r))
                self.assertTrue(isinstance(e.get("message"), str) and e["message"].strip(),
                                "%s: no error message: %r" % (what, r))
            elif r.status not in (401, 405):
                self.assertIn('role="alert"', r.text, "%s: 4xx page without a message: %r" % (what, r))

    def alive(self):
        self.assertTrue(S.alive(), "bekal serve died")
        self.assertStatus(S.client().get("/healthz"), 200)

    # ------------------------------------------------------------ API

    def api_fields(self, c, route, path):
        """Field names the route takes: from the 422 answer to {} and the matching GET."""
        names = set()
        if route["method"] == "POST":
            r = c.api("POST", path, {})
            if r.status == 422:
                names |= set((r.json()["error"].get("fields") or {}).keys())
        g = c.api("GET", path)
        if g.status == 200:
            j = g.json()
            items = j.get("items") if isinstance(j, dict) and "items" in j else [j]
            for it in items[:1]:
                if isinstance(it, dict):
                    names |= {k for k in it if k not in ("id", "created_at", "updated_at", "wbp_id")}
        return sorted(names)

    def api_base(self, c, route, path):
        """A body the route accepts, when one can be learnt: the first item the matching
        GET lists (without its id), or a valid WBP for the WBP collection; else {}."""
        if route["method"] == "PATCH":
            return {}
        if to_pattern(path) == "/api/v1/wbp":
            return H.valid_wbp(site=H.SITE_A)
        for wid in H.wbp_ids(H.SITE_A, 60):
            g = c.api("GET", to_pattern(path).replace("{id}", str(wid)))
            if g.status == 200 and isinstance(g.json(), dict) and g.json().get("items"):
                return {k: v for k, v in g.json()["items"][0].items() if k not in ("id", "wbp_id")}
        return {}

    def test_api_writes(self):
        n_routes = 0
        for route in ROUTES:
            if "api" not in route["flags"] or route["method"] not in ("POST", "PATCH", "PUT"):
                continue
            n_routes += 1
            name = role_for(route)
            c = S.client(token=TOKEN[name])
            path = concrete(route["pattern"])
            where = "%s %s" % (route["method"], route["pattern"])
            with self.subTest(route=where):
                for raw in BAD_JSON:
                    r = c.api(route["method"], path, raw=raw)
                    self.judge(r, "%s body %r" % (where, raw[:40]), True, True)
                for v in (["x"], "x", 1, None, True):
                    r = c.api(route["method"], path, raw=json.dumps(v).encode())
                    self.judge(r, "%s top-level %r" % (where, v), True, True)
                for ctype in (None, "text/plain", "application/jsonx", "application/x-www-form-urlencoded",
                              "multipart/form-data; boundary=x", "application/json; charset=latin1\x01"):
                    r = c.api(route["method"], path, raw=b"{}", ctype=ctype) if ctype and "\x01" not in ctype \
                        else c.request(route["method"], path, b"{}", {"Content-Type": ctype} if ctype else {})
                    # a charset parameter is ignored (JSON is UTF-8, and the body is checked as such)
                    self.judge(r, "%s content-type %r" % (where, ctype), not (ctype or "").startswith("application/json;"),
                               True)
                big = json.dumps({"name": "x" * (1 << 20)}).encode()
                r = c.api(route["method"], path, raw=big)
                self.judge(r, "%s oversized body" % where, True, True)
                self.assertStatus(r, 413)
                fields = self.api_fields(c, route, path)
                self.assertTrue(fields, "%s: no fields learnt" % where)
                base = self.api_base(c, route, path)
                for f in fields + ["no_such_field"]:
                    for v in BAD_TYPES:
                        r = c.api(route["method"], path, dict(base, **{f: v}))
                        self.judge(r, "%s %s=%r" % (where, f, v), True, True)
                    for v in ODD_VALUES:
                        r = c.api(route["method"], path, dict(base, **{f: v}))
                        self.judge(r, "%s %s=%r" % (where, f, str(v)[:40]), f == "no_such_field", True)
                    # missing: the field left out of an otherwise good body
                    if f in base:
                        r = c.api(route["method"], path, {k: v for k, v in base.items() if k != f})
                        self.judge(r, "%s without %s" % (where, f), False, True)
            self.alive()
        self.assertGreaterEqual(n_routes, 5)

    # ------------------------------------------------------------ forms

    def form_fields(self):
        """{form route pattern: field names} scraped from every page the app renders."""
        out = {}
        pages = []
        for c in (self.session("admin"), S.client()):
            for route in ROUTES:
                if route["method"] != "GET" or "api" in route["flags"] or route["pattern"].endswith(".csv"):
                    continue
                pages.append(c.get(concrete(route["pattern"])).text)
        for page in pages:
            for action, body in re.findall(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page, re.S):
                names = set(re.findall(r'name="([^"]+)"', body)) - {"_csrf"}
                out.setdefault(to_pattern(html.unescape(action)), set()).update(names)
        return out

    def test_forms(self):
        scraped = self.form_fields()
        n_routes = 0
        for route in ROUTES:
            if "api" in route["flags"] or route["method"] == "GET":
                continue
            n_routes += 1
            name = role_for(route)
            public = "public" in route["roles"]
            if route["pattern"] == "/logout":  # it ends the session: a session of its own
                c = S.client()
                c.login(name)
            else:
                c = S.client() if public else self.session(name)
            path = concrete(route["pattern"])
            where = "%s %s" % (route["method"], route["pattern"])
            hdr = {"X-CSRF-Token": c.csrf} if c.csrf else {}
            upload = "upload" in route["flags"]
            with self.subTest(route=where):
                if route["pattern"] != "/logout":
                    self.assertIn(route["pattern"], scraped, "%s: no page renders this form" % where)
                for raw in BAD_FORMS:
                    r = c.request("POST", path, raw, dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                    # /logout has no fields: any body that parses just logs out
                    self.judge(r, "%s body %r" % (where, raw[:40]), route["pattern"] != "/logout", False)
                    if route["pattern"] == "/logout" and r.status == 303:
                        break
                for ctype, raw in (("application/json", b'{"a":1}'), ("text/plain", b"a=1"),
                                   ("multipart/form-data", b"--x\r\n"),
                                   ("multipart/form-data; boundary=x", b"garbage"),
                                   ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n"),
                                   ("multipart/form-data; boundary=" + "b" * 300, b"--" + b"b" * 300),
                                   ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; "
                                    b"name=\"file\"; filename=\"a.csv\"\r\n\r\n\xff\xfe\x00\r\n--x--\r\n")):
                    if route["pattern"] == "/logout":
                        break
                    r = c.request("POST", path, raw, dict(hdr, **{"Content-Type": ctype}))
                    self.judge(r, "%s %s %r" % (where, ctype, raw[:30]), True, False)
                r = c.request("POST", path, b"a=" + b"x" * ((32 << 20) if upload else (1 << 20)),
                              dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                self.judge(r, "%s oversized" % where, True, False)
                self.assertStatus(r, 413)
                if route["pattern"] == "/logout":
                    continue
                base = {k: str(v) for k, v in H.valid_wbp(site=H.SITE_A).items()}
                for f in sorted(scraped.get(route["pattern"], ())) + ["no_such_field"]:
                    values = [v for v in ODD_VALUES if isinstance(v, str)] + ["\x00", "a\x00b", "%ff"]
                    for v in values:
                        fields = dict(base, **{f: v})
                        if upload:
                            r = c.post_multipart(path, list(fields.items()),
                                                 [("file", "w.csv", ("regno,name\n%s,%s\n" % (v, v)).encode(),
                                                   "text/csv")])
                        elif public:
                            r = c.post_form(path, fields)
                        else:
                            r = c.post_form(path, fields)
                        self.judge(r, "%s %s=%r" % (where, f, v[:40]), "\x00" in v, False)
                # raw invalid UTF-8 in a field value
                raw = urllib.parse.urlencode(list(base.items())).encode() + b"&name=\xff\xfe"
                r = c.request("POST", path, raw, dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                self.judge(r, "%s raw invalid UTF-8" % where, True, False)
            self.alive()
        self.assertGreaterEqual(n_routes, 7)

    # ------------------------------------------------------------ GET routes, paths, headers

    def test_queries_and_paths(self):
        n = 0
        for route in ROUTES:
            if route["method"] != "GET":
                continue
            name = role_for(route)
            api = "api" in route["flags"]
            c = S.client(token=TOKEN[name]) if api else self.session(name)
            path = concrete(route["pattern"])
            for q in BAD_QUERY + ["%s=%s" % (urllib.parse.quote(x), urllib.parse.quote(x)) for x in INJECTIONS]:
                r = c.request("GET", path + "?" + q)
                self.judge(r, "GET %s?%s" % (route["pattern"], q[:40]), False, api)
                n += 1
            if "{id}" in route["pattern"]:
                for bad in ("0", "-1", "99999999999999999999", "1e3", "0x10", "1%00", "1;2", "%ff",
                            "9223372036854775808", "1/../2"):
                    r = c.request("GET", route["pattern"].replace("{id}", bad))
                    self.judge(r, "GET %s with id %r" % (route["pattern"], bad), True, api)
                    self.assertIn(r.status, (400, 404), r)
            self.alive()
        self.assertGreater(n, 100)

    def test_headers(self):
        for cookie in ("bekal_sid=" + "z" * 4000, "bekal_sid=%00", "bekal_sid=\x7f\x01", "bekal_sid=;;;;",
                       "a" * 3000, "bekal_sid=" + "0" * 64 + "; bekal_sid=" + "1" * 64):
            r = S.client().request("GET", "/wbp", headers={"Cookie": cookie})
            self.judge(r, "cookie %r" % cookie[:30], False, False)
            self.assertRedirect(r, "/login")
        for auth in ("Bearer", "Bearer ", "Bearer " + "x" * 5000, "Bearer bk_" + "g" * 64, "Basic YTpi",
                     "Bearer bk_\x01", "bearer " + TOKEN["admin"][:-1]):
            r = S.client().request("GET", "/api/v1/me", headers={"Authorization": auth})
            self.judge(r, "authorization %r" % auth[:30], True, True)
        self.alive()

    # ------------------------------------------------------------ injections stored and escaped

    def test_injections_stored_literally_and_shown_escaped(self):
        c = S.client(token=TOKEN["admin"])
        page = self.session("admin")
        for inj in INJECTIONS:
            with self.subTest(inj=inj):
                name = inj[:120]
                r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name=name, crime_detail=inj, site=H.SITE_A))
                self.assertStatus(r, 201)
                wid = r.json()["id"]
                self.assertEqual(H.db_one("SELECT name FROM wbp WHERE id = ?", (wid,)), name)
                self.assertEqual(c.api("GET", "/api/v1/wbp/%d" % wid).json()["name"], name)
                r = c.api("POST", "/api/v1/wbp/%d/discipline" % wid,
                          {"offence": inj, "level": "sedang", "decision_date": "2024-02-01"})
                self.assertStatus(r, 201)
                did = r.json()["id"]
                self.assertEqual(H.db_one("SELECT offence FROM discipline WHERE id = ?", (did,)), inj)
                r = page.post_form("/wbp/%d/sppn" % wid, {"month": "2024-03", "score": "80", "predicate": inj[:60]})
                self.assertStatus(r, 303)
                self.assertEqual(H.db_one("SELECT predicate FROM sppn WHERE wbp_id = ?", (wid,)), inj[:60])
                shown = page.get("/wbp/%d" % wid)
                self.assertStatus(shown, 200)
                for s in (name, inj, inj[:60]):
                    esc = html.escape(s, quote=True).replace("&#x27;", "&#39;")
                    self.assertIn(esc, shown.text)
                    if esc != s:
                        self.assertNotIn(s, shown.text, "raw on the WBP page")
                lst = page.get("/wbp", {"q": name})
                esc = html.escape(name, quote=True).replace("&#x27;", "&#39;")
                self.assertIn(esc, lst.text)
                if esc != name:
                    self.assertNotIn(name, lst.text)
        # nothing was dropped or deleted by the SQL-looking strings
        self.assertGreater(H.wbp_count(), 0)
        self.assertEqual(H.cli("check").code, 0)


if __name__ == "__main__":
    H.main()
