"""test_badinput.py — hostile and broken input on every route, generated from the route
table (`bekal routes --format json`).

  * every API write (POST/PATCH): malformed JSON, wrong top-level types, wrong media
    types, invalid UTF-8, oversized bodies, and per field (fields learnt from the 422
    answer to {} and from the matching GET) wrong types, missing values, very long
    strings, control characters, impossible dates and numbers, SQL/HTML injection
  * every form POST: broken URL encoding, invalid UTF-8, NUL, thousands of fields,
    oversized bodies, wrong content types, broken multipart, and per field (fields
    scraped from the forms the pages render for that route) the same hostile values
  * every DELETE API route: impossible ids, bodies it does not take, an oversized body,
    then the delete itself (once 2xx, then 404)
  * every GET route: hostile query parameters and impossible ids in the path
  * headers: garbage cookies and Authorization values

Answers must be 2xx/3xx (a hostile value that is still valid, stored literally) or 4xx
with a clear message (API: {"error":{"code","message"}}; pages: an alert), never 5xx,
and the server must stay up (checked after every route; no sanitizer report at exit).
Injection strings are then read back: stored byte for byte, shown escaped on the pages
that display them. Prints the number of inputs tried and of 5xx answers.

On PostgreSQL the sweep sends only what reaches the database: field values, ids,
query values. What the web layer refuses before any query (bodies that are not a
JSON object, values of the wrong JSON type, media types, oversized bodies, a
DELETE's body, the form sweep) is the same code whichever database is behind it,
and runs on SQLite only."""
import datetime
import html
import itertools
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from test_matrix import load_expectations  # noqa: E402  (the table each {id} route names)
import training_fixtures  # noqa: E402

S = None
ROUTES = []
TOKEN = {}
FIXTURE = {}
ROWS = {}  # table: the row its {id} routes use instead of the site's first (training_fixtures)
# the enrolment routes of the training (the completed participant of the fixture); the
# others (status, override, the enrolment page) keep the site's first enrolment
TRAINING_ENROLMENT = ("/uji", "/certificate", "/results", "/training")
EXPECT = {}
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
# lists no list-of-ids field accepts: not ids, or ids of nothing
BAD_ID_LISTS = [["x"], [{}], [[1]], [None], [1.5], [0], [-1], [2 ** 62], [1] * 5000, ["1"], [True]]
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

WEB_ONLY_QUERY = {"q=%ff%fe", "q=%00", "q=%", "q=%zz", "&&&==", "a[]=1&a[]=2"}


def setUpModule():
    global S, ROUTES
    H.setup_db()
    # the hub's sync routes take a site's credential and a sync batch, not an account's
    # JSON: tests/http/test_sync.py and tests/unit/test_db_sync.c feed them bad input
    ROUTES = [r for r in json.loads(H.cli("routes", "--format", "json", db=None).out) if "site" not in r["flags"]]
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
    # the programme area: the demo's rows at site A, and a scanned document (the demo has none)
    ag = int(H.db_one("SELECT a.id FROM agreement a JOIN site s ON s.id = a.site_id WHERE s.code = ? "
                      "ORDER BY a.id LIMIT 1", (H.SITE_A,)))
    r = c.api("POST", "/api/v1/agreements/%d/document?file_name=pks.pdf" % ag, raw=pdf(300), ctype="application/pdf")
    if r.status != 201:
        raise AssertionError(r)
    H.add_user("bi.instruktur", "instruktur", H.SITE_A)  # whose listings the delete routes remove
    # the training area: a programme with a participant in every state, so every action
    # of its pages has a form and every API route a row it works on
    training_rows()
    EXPECT.update(load_expectations())
    watch_changes()


# Every change Bekal makes is written to the audit log, in the same transaction (the
# dashboard's memo, src/web/memo.h, relies on it too). On SQLite, triggers count the
# rows inserted, updated and deleted in every table that holds data; each answer the
# sweep judges then checks that, if that count moved since the last answer, so did
# the audit chain's head. Sessions, login failures, the audit log itself, the search
# digests and the access log of personal data (a record of reads, written in batches
# by its own thread, issue 21) are bookkeeping, not data.
NOT_DATA = {"session", "login_failure", "audit_log", "audit_head", "wbp_search_site", "schema_migrations",
            "sqlite_sequence", "test_changes", "access_log"}
# Columns that are bookkeeping in a data table: an UPDATE setting only these is not a change
# (a token's last use, written at most once a minute by any request that uses it).
BOOKKEEPING_COLUMNS = {"api_token": {"last_used_at"}}
CHANGES = {"last": None}  # (rows changed, audit head) at the last answer; None: not watched
# rows `bekal check` names because the fixtures write them with SQL, not through Bekal
FIXTURE_ROWS = re.compile(r"baris (enrolment|holiday) id ")


def watch_changes():
    if H.IS_PG:
        return
    H.db_exec("CREATE TABLE test_changes(n INTEGER NOT NULL)")
    H.db_exec("INSERT INTO test_changes VALUES (0)")
    for (t,) in H.db_query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if t in NOT_DATA:
            continue
        for ev in ("INSERT", "UPDATE", "DELETE"):
            what = ev
            if ev == "UPDATE" and t in BOOKKEEPING_COLUMNS:
                cols = [c[1] for c in H.db_query("PRAGMA table_info(%s)" % t) if c[1] not in BOOKKEEPING_COLUMNS[t]]
                what = "UPDATE OF " + ", ".join(cols)
            H.db_exec("CREATE TRIGGER test_changes_%s_%s AFTER %s ON %s BEGIN UPDATE test_changes SET n = n + 1; END"
                      % (t, ev.lower(), what, t))
    CHANGES["last"] = changes_now()


def changes_now():
    return tuple(int(v) for v in H.db_query("SELECT (SELECT n FROM test_changes), "
                                            "(SELECT last_id FROM audit_head WHERE id = 1)", keep=True)[0])


def training_rows():
    """A fresh training fixture (training_fixtures.matrix_fixture) for the {id} routes of
    programme, session, enrolment and certificate (the sweep uses rows up: it starts,
    completes and revokes)."""
    # the fixture adds a holiday on a fixed day; the last one's is in the way
    H.db_exec("DELETE FROM holiday WHERE holiday_date = ? AND name LIKE 'Libur matriks %'",
              (training_fixtures.day(400),))
    # (with an instructor: the programme page then has the instructors' delete forms too)
    rows = training_fixtures.matrix_fixture(S, H.SITE_A, "admin", ("bi.instruktur",))
    for table in ("program", "training_session", "enrolment", "certificate"):
        ROWS[table] = rows[table]


def pdf(size):
    """A minimal PDF of exactly size bytes."""
    head, tail = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\ntrailer<<>>\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


FIRST = {}


def first_row(table):
    """The first row of table at site A (the delete routes never remove it: they get rows of their own)."""
    if table not in FIRST:
        v = H.db_one("SELECT t.id FROM %s t JOIN site s ON s.id = t.site_id WHERE s.code = ? ORDER BY t.id LIMIT 1"
                     % table, (H.SITE_A,))
        if v is None:
            raise AssertionError("no %s row at site %s for the {id} routes" % (table, H.SITE_A))
        FIRST[table] = int(v)
    return FIRST[table]


def _made(r):
    if r.status != 201:
        raise AssertionError("fixture: %r" % r)
    return r.json()["id"]


# How to make another row of a table a delete route removes (children of the site's
# first agreement, trade and programme).
MAKE = {
    "agreement_party": lambda c: _made(c.api("POST", "/api/v1/agreements/%d/parties" % first_row("agreement"),
                                             {"role": "saksi", "side": "lainnya", "name": H.uniq("Saksi "),
                                              "position": "Saksi"})),
    "agreement_quota": lambda c: _made(c.api("POST", "/api/v1/agreements/%d/quotas" % first_row("agreement"),
                                             {"quota_min": 0, "quota_max": 10})),
    "agreement_kejuruan": lambda c: _made(c.api("POST", "/api/v1/agreements/%d/trades" % first_row("agreement"), {
        "kejuruan_id": _made(c.api("POST", "/api/v1/kejuruan", {"site": H.SITE_A, "code": H.uniq("K"),
                                                                "name": H.uniq("Kejuruan ")}))})),
    "competency_unit": lambda c: _made(c.api("POST", "/api/v1/kejuruan/%d/units" % first_row("kejuruan"), {
        "seq": int(H.db_one("SELECT coalesce(max(seq), 0) + 1 FROM competency_unit WHERE kejuruan_id = ?",
                            (first_row("kejuruan"),))), "title": H.uniq("Unit "), "jp": 1})),
    "program_instructor": lambda c: _made(c.api("POST", "/api/v1/programs/%d/instructors" % first_row("program"), {
        "user_id": int(H.db_one("SELECT id FROM app_user WHERE name = 'bi.instruktur'"))})),
}


# The production area (issue 7): the demo's runs and sales at site A are settled, so
# their item, worker and settle forms are locked away. This file makes its own: a
# production unit with a split rule, an unsettled run with a worker and an unsettled
# sale with an item (used by every {id} route of those tables), and fresh rows for the
# routes that remove or settle one (a row is made again after a request used it up).
def _unit(c):
    u = _made(c.api("POST", "/api/v1/production-units", {"site": H.SITE_A, "code": H.uniq("U"),
                                                          "name": H.uniq("Unit "), "trade": "Uji",
                                                          "supervisor": "Pengawas Uji"}))
    _made(c.api("POST", "/api/v1/production-units/%d/splits" % u,
                {"effective_from": "2020-01-01", "premi_bp": 5000, "pnbp_bp": 1500, "capital_bp": 3500,
                 "share_basis": "pieces", "remainder_to": "capital"}))
    return u


def _inmate(c):
    return _made(c.api("POST", "/api/v1/wbp", H.valid_wbp(site=H.SITE_A)))


def _run(c):
    """An unsettled production run of a unit of its own, with one worker."""
    run = _made(c.api("POST", "/api/v1/productions", {"site": H.SITE_A, "unit_id": _unit(c), "prod_date": "2025-03-02",
                                                       "product": "Barang uji", "qty_milli": 12500, "qty_unit": "kg"}))
    _made(c.api("POST", "/api/v1/productions/%d/workers" % run, {"wbp_id": _inmate(c), "pieces": 3, "minutes": 60}))
    return run


def _sale(c):
    """An unsettled sale of that run, with one item (so it could be settled)."""
    run = _run(c)
    unit = int(H.db_one("SELECT unit_id FROM production WHERE id = ?", (run,)))
    sale = _made(c.api("POST", "/api/v1/sales", {"site": H.SITE_A, "unit_id": unit, "production_id": run,
                                                  "sale_date": "2025-03-05", "buyer": H.uniq("Pembeli "),
                                                  "payment_status": "lunas"}))
    _made(c.api("POST", "/api/v1/sales/%d/items" % sale, {"product": "Barang", "qty_milli": 2000, "unit_price": 15000,
                                                           "qty_unit": "kg"}))
    return sale


HOLIDAYS = itertools.count()


def _holiday(c):
    day = datetime.date(2031, 1, 1) + datetime.timedelta(days=next(HOLIDAYS))
    return _made(c.api("POST", "/api/v1/holidays", {"site": H.SITE_A, "name": H.uniq("Libur "),
                                                     "holiday_date": day.isoformat()}))


MAKE.update({
    "production": _run,
    "sale": _sale,
    "production_worker": lambda c: _made(c.api("POST", "/api/v1/productions/%d/workers" % _run(c),
                                               {"wbp_id": _inmate(c), "pieces": 2, "minutes": 30})),
    "sale_item": lambda c: _made(c.api("POST", "/api/v1/sales/%d/items" % _sale(c),
                                       {"product": "Barang", "qty_milli": 1000, "unit_price": 5000, "qty_unit": "kg"})),
    "revenue_split": lambda c: _made(c.api("POST", "/api/v1/production-units/%d/splits" % _unit(c),
                                           {"effective_from": "2024-01-01", "premi_bp": 4000, "pnbp_bp": 1500,
                                            "capital_bp": 4500, "share_basis": "pieces", "remainder_to": "capital"})),
    "holiday": _holiday,
})
# Tables whose {id} routes get this file's own rows (made by MAKE) instead of the demo's first.
OWN_ROWS = {"production", "sale"}
NOT_YET = set()


def tearDownModule():
    print("badinput: %d inputs tried, %d answered 5xx" % (STATS["inputs"], STATS["5xx"]), file=sys.stderr)
    H.stop_servers()


def role_for(route):
    """A demo user whose role may use the route."""
    for name in ("admin", "staf", "wali", "kanwil"):
        if name in route["roles"] or "public" in route["roles"]:
            return name
    raise AssertionError("no demo user for %s %s" % (route["method"], route["pattern"]))


def deletes(route):
    return route["method"] == "DELETE" or route["pattern"].endswith("/delete")


def outside_sessions(without_movements=False):
    """Sessions at site A of programmes held outside the walls (issue 26: the movement
    routes take only those), not cancelled, with participants; [(id, date)]."""
    return [(int(i), d) for i, d in H.db_query(
        "SELECT ts.id, ts.session_date FROM training_session ts JOIN program p ON p.id = ts.program_id "
        "JOIN site s ON s.id = ts.site_id WHERE s.code = ? AND (p.outside = 1 OR p.place = 'blk') AND ts.cancelled = 0 "
        "AND EXISTS (SELECT 1 FROM enrolment en WHERE en.program_id = p.id AND en.status = 'terdaftar') "
        "AND (? = 0 OR NOT EXISTS (SELECT 1 FROM movement m WHERE m.session_id = ts.id)) ORDER BY ts.id",
        (H.SITE_A, 1 if without_movements else 0))]


def concrete(pattern, method="GET"):
    """The pattern with {id} filled in with a row of the table tests/http/data/access.txt
    names for the route: the fixture WBP and discipline record, else the first row at
    site A. A delete route gets a row made for it (again after a request deleted it: used_up)."""
    if "{id}" not in pattern:
        return pattern
    table = EXPECT[method + " " + pattern]["table"]
    if table == "training_session" and pattern.endswith(("/depart", "/return")):
        ident = outside_sessions()[0][0]
    elif table in ("wbp", "discipline"):
        ident = FIXTURE[table]
    elif table in ROWS and not deletes({"method": method, "pattern": pattern}) and \
            (table != "enrolment" or pattern.endswith(TRAINING_ENROLMENT)):
        ident = ROWS[table]
    elif deletes({"method": method, "pattern": pattern}) or table in OWN_ROWS:
        if table not in FIXTURE:
            FIXTURE[table] = MAKE[table](S.client(token=TOKEN["admin"]))
        ident = FIXTURE[table]
    else:
        ident = first_row(table)
    return pattern.replace("{id}", str(ident))


def settles(route):
    return route["pattern"].endswith("/settle")


def used_up(route, r):
    """After a delete route's request that succeeded, its row is gone (after a settle, the
    sale is locked): the next one gets a new row."""
    if (deletes(route) or settles(route)) and r.status < 400 and not H.asks_confirmation(r):
        FIXTURE.pop(EXPECT[route["method"] + " " + route["pattern"]]["table"], None)


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
        if CHANGES["last"] is not None:
            (n0, a0), (n1, a1) = CHANGES["last"], changes_now()
            CHANGES["last"] = (n1, a1)
            self.assertFalse(n1 != n0 and a1 == a0, "%s: HTTP %s changed %d rows and wrote no audit entry"
                             % (what, r.status, n1 - n0))
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
        GET lists (without its id and the members a write does not take), or a valid
        WBP for the WBP collection; else {}."""
        if route["method"] == "PATCH":
            return {}
        if to_pattern(path) == "/api/v1/wbp":
            return H.valid_wbp(site=H.SITE_A)
        tries = [path] + [to_pattern(path).replace("{id}", str(wid)) for wid in H.wbp_ids(H.SITE_A, 60)
                          if to_pattern(path).startswith("/api/v1/wbp/")]
        for p in tries:
            g = c.api("GET", p)
            if g.status == 200 and isinstance(g.json(), dict) and g.json().get("items"):
                item = {k: v for k, v in g.json()["items"][0].items() if k not in ("id", "wbp_id")}
                # members the GET shows but a write refuses (derived values, the owner's id, labels):
                # each one sent alone is named in the 422 answer
                for k in list(item):
                    r = c.api("POST", path, {k: item[k]})
                    if r.status == 400 or (r.status == 422 and k in (r.json()["error"].get("fields") or {})):
                        del item[k]
                return item
        return {}

    def assert_check(self):
        """`bekal check` finds the chain whole and every row equal to its audit trail, apart
        from the rows the fixtures write with SQL (training_fixtures.py: enrolments; the
        holiday of a previous run deleted by training_rows)."""
        r = H.cli("check")
        self.assertIn("rantai log audit utuh", r.out, r)
        bad = [l for l in r.out.splitlines() if l.startswith("SALAH") and not FIXTURE_ROWS.search(l)]
        self.assertEqual(bad, [], r)

    def api_csv_upload(self, c, path, where):
        """An API upload of a CSV file (the SDP export): broken bodies, wrong media types
        and a file over its size setting."""
        for raw in BAD_JSON + [b"\xff\xfe\x00", b"a;b\n1;2\n", b"no_registrasi\n" + b"x" * 70000, b"\"" * 5000]:
            r = c.api("POST", path, raw=raw, ctype="text/csv")
            self.judge(r, "%s body %r" % (where, raw[:40]), True, True)
        for ctype in (None, "application/json", "application/pdf", "multipart/form-data; boundary=x"):
            r = c.api("POST", path, raw=b"no_registrasi,tanggal_ekspirasi\n1,2030-01-01\n", ctype=ctype) if ctype \
                else c.request("POST", path, b"a")
            self.judge(r, "%s content-type %r" % (where, ctype), True, True)
            self.assertStatus(r, 415)
        kib = int(H.db_one("SELECT value FROM setting WHERE name = 'reconcile.export_max_kib' AND site_id IS NULL "
                           "ORDER BY effective_from DESC LIMIT 1"))
        r = c.api("POST", path, raw=b"x" * (kib * 1024 + 1), ctype="text/csv")
        self.judge(r, "%s over %d KiB" % (where, kib), True, True)
        self.assertStatus(r, 413)

    def api_upload(self, c, path, where):
        """An API upload (the body is the file): broken and non-PDF bodies, wrong media
        types, a file over the size setting, and hostile file names (stored made safe)."""
        if "/reconcile/" in path:
            return self.api_csv_upload(c, path, where)
        good = pdf(400)
        for raw in BAD_JSON + [b"%PDF", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n" + b"0" * 100, b"%%EOF\n%PDF-1.4\n"]:
            r = c.api("POST", path, raw=raw, ctype="application/pdf")
            self.judge(r, "%s body %r" % (where, raw[:40]), True, True)
        for ctype in (None, "text/plain", "application/json", "application/pdfx", "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=x"):
            r = c.api("POST", path, raw=good, ctype=ctype) if ctype else c.request("POST", path, good)
            self.judge(r, "%s content-type %r" % (where, ctype), True, True)
        kib = int(H.db_one("SELECT value FROM setting WHERE name = 'agreement.document_max_kib' AND site_id IS NULL "
                           "ORDER BY effective_from DESC LIMIT 1"))
        r = c.api("POST", path, raw=pdf(kib * 1024 + 1), ctype="application/pdf")
        self.judge(r, "%s over %d KiB" % (where, kib), True, True)
        self.assertStatus(r, 413)
        for v in [v for v in ODD_VALUES if isinstance(v, str) and len(v) <= 5000] + \
                ["../../etc/passwd", "..\\..\\boot.ini", "a\r\nSet-Cookie: x=1", "a\"; filename=\"b.exe", "\x00", ".pdf"]:
            r = c.api("POST", path + "?file_name=" + urllib.parse.quote(v), raw=good, ctype="application/pdf")
            self.judge(r, "%s file_name=%r" % (where, v[:40]), False, True)
            if r.status == 201:
                self.assertRegex(r.json()["file_name"], r"^[A-Za-z0-9._ -]{1,100}\.pdf$", v)
                d = c.api("GET", path)
                self.assertStatus(d, 200)
                self.assertEqual(d.body, good)
                self.assertEqual(d.header("Content-Disposition"), 'attachment; filename="%s"' % r.json()["file_name"])

    def test_api_writes(self):
        n_routes = 0
        for route in ROUTES:
            if "api" not in route["flags"] or route["method"] not in ("POST", "PATCH", "PUT"):
                continue
            if route["pattern"] in NOT_YET:
                continue
            n_routes += 1
            name = role_for(route)
            c = S.client(token=TOKEN[name])
            path = concrete(route["pattern"], route["method"])
            where = "%s %s" % (route["method"], route["pattern"])
            if "upload" in route["flags"]:  # the body is a file, not JSON
                with self.subTest(route=where):
                    self.api_upload(c, path, where)
                self.alive()
                continue
            with self.subTest(route=where):
                # Bodies that are not a JSON object, wrong media types and oversized bodies
                # are refused by the web layer before any query (server.c, web_json_read):
                # the same code whichever database is behind it, so they run on SQLite only.
                for raw in BAD_JSON if not H.IS_PG else ():
                    r = c.api(route["method"], path, raw=raw)
                    self.judge(r, "%s body %r" % (where, raw[:40]), True, True)
                for v in (["x"], "x", 1, None, True) if not H.IS_PG else ():
                    r = c.api(route["method"], path, raw=json.dumps(v).encode())
                    self.judge(r, "%s top-level %r" % (where, v), True, True)
                for ctype in (None, "text/plain", "application/jsonx", "application/x-www-form-urlencoded",
                              "multipart/form-data; boundary=x", "application/json; charset=latin1\x01") \
                        if not H.IS_PG else ():
                    r = c.api(route["method"], path, raw=b"{}", ctype=ctype) if ctype and "\x01" not in ctype \
                        else c.request(route["method"], path, b"{}", {"Content-Type": ctype} if ctype else {})
                    # a charset parameter is ignored (JSON is UTF-8, and the body is checked as such)
                    self.judge(r, "%s content-type %r" % (where, ctype), not (ctype or "").startswith("application/json;"),
                               True)
                if not H.IS_PG:
                    big = json.dumps({"name": "x" * (1 << 20)}).encode()
                    r = c.api(route["method"], path, raw=big)
                    self.judge(r, "%s oversized body" % where, True, True)
                    self.assertStatus(r, 413)
                fields = self.api_fields(c, route, path)
                self.assertTrue(fields, "%s: no fields learnt" % where)
                base = self.api_base(c, route, path)
                for f in fields + ["no_such_field"]:
                    # a list of ids (a deposit's sale_ids) takes lists, the empty one included:
                    # its bad values are lists of things that are not ids
                    # (a value of the wrong JSON type is refused by the field's reader, before
                    # any query: on PostgreSQL only the lists of ids, which are looked up, run)
                    bad = BAD_TYPES if not f.endswith("_ids") else \
                        [v for v in BAD_TYPES if not isinstance(v, list)] + BAD_ID_LISTS
                    if H.IS_PG:
                        bad = BAD_ID_LISTS if f.endswith("_ids") else []
                    for v in bad:
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

    def test_api_deletes(self):
        """Every DELETE API route: impossible ids, bodies (a DELETE takes none: ignored or
        refused, never a 5xx), an oversized body, then a plain delete of a row of its own,
        which succeeds once and is 404 the second time."""
        n_routes = 0
        for route in ROUTES:
            if "api" not in route["flags"] or route["method"] != "DELETE":
                continue
            n_routes += 1
            c = S.client(token=TOKEN[role_for(route)])
            where = "DELETE %s" % route["pattern"]
            with self.subTest(route=where):
                for bad in ("0", "-1", "99999999999999999999", "1e3", "0x10", "1%00", "%ff", "9223372036854775808",
                            "1;2", str(2 ** 62)):
                    r = c.api("DELETE", route["pattern"].replace("{id}", bad))
                    self.judge(r, "%s with id %r" % (where, bad), True, True)
                    self.assertIn(r.status, (400, 404), r)
                bodies = BAD_JSON + [json.dumps(v).encode() for v in (["x"], 1, None, {"id": 1})] + \
                    [json.dumps({"reason": inj}).encode() for inj in INJECTIONS]
                if H.IS_PG:  # what a DELETE does with a body is the web layer's: on SQLite only
                    bodies = [json.dumps({"reason": inj}).encode() for inj in INJECTIONS[:2]]
                for raw in bodies:
                    for ctype in ("application/json", "text/plain"):
                        r = c.api("DELETE", concrete(route["pattern"], "DELETE"), raw=raw, ctype=ctype)
                        used_up(route, r)
                        self.judge(r, "%s body %r (%s)" % (where, raw[:40], ctype), False, True)
                r = c.api("DELETE", concrete(route["pattern"], "DELETE"), raw=b"{\"a\":\"" + b"x" * (1 << 20) + b"\"}")
                used_up(route, r)
                self.judge(r, "%s oversized body" % where, True, True)
                self.assertStatus(r, 413)
                path = concrete(route["pattern"], "DELETE")
                r = c.api("DELETE", path)
                self.judge(r, "%s plain" % where, False, True)
                self.assertIn(r.status, (200, 204), "%s: the delete itself: %r" % (where, r))
                used_up(route, r)
                r = c.api("DELETE", path)
                self.judge(r, "%s again" % where, True, True)
                self.assertStatus(r, 404)
            self.alive()
        self.assertGreaterEqual(n_routes, 7)

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
        # forms a page shows only in some states of its row: the reopen form of a closed
        # phase and the apply form of an open one; the reversal form of a settled sale
        admin = self.session("admin")
        site = "(SELECT id FROM site WHERE code = ?)"
        for (qid,) in H.db_query("SELECT id FROM agreement_quota WHERE site_id = %s ORDER BY id LIMIT 20" % site,
                                 (H.SITE_A,)):
            pages.append(admin.get("/phases/%d/placement" % int(qid)).text)
        for (sid,) in H.db_query("SELECT id FROM sale WHERE site_id = %s ORDER BY id LIMIT 30" % site, (H.SITE_A,)):
            pages.append(admin.get("/sales/%d" % int(sid)).text)
        # the end form of an assignment in force (issue 21; the API sweep may have ended the first)
        for (cid,) in H.db_query("SELECT id FROM caseload WHERE site_id = %s AND ended_on IS NULL ORDER BY id LIMIT 3"
                                 % site, (H.SITE_A,)):
            pages.append(admin.get("/caseloads/%d" % int(cid)).text)
        # a WBP page shows the "tidak diusulkan" form only for an eligible inmate without a
        # proposal or a mark, and the withdrawal form only for a marked one
        for (wid,) in H.db_query("SELECT wbp_id FROM wbp_not_proposed WHERE site_id = %s AND ended_on IS NULL "
                                 "ORDER BY id LIMIT 2" % site, (H.SITE_A,)):
            pages.append(admin.get("/wbp/%d" % int(wid)).text)
        taken = {int(w) for (w,) in H.db_query("SELECT wbp_id FROM usulan UNION SELECT wbp_id FROM wbp_not_proposed")}
        r = admin.get("/api/v1/eligibility?show=eligible&per_page=200&site=%s" % H.SITE_A)
        for wid in [x["id"] for x in r.json().get("items", []) if x["id"] not in taken][:20]:
            page = admin.get("/wbp/%d" % wid).text
            if "/not-proposed\"" in page:
                pages.append(page)
                break
        # the end form of a safety-threatened record in force (issue 20): on the page of an
        # inmate who has one (a fresh inmate: the API sweep may have ended the fixture's)
        c = S.client(token=TOKEN["admin"])
        wid = _inmate(c)
        _made(c.api("POST", "/api/v1/wbp/%d/exclusions" % wid, {"from_date": H.day(-30), "basis": "Uji sapuan"}))
        pages.append(admin.get("/wbp/%d" % wid).text)
        # the movement list (issue 26) of a date with an outside session nobody has left
        # for yet (its departure form), and of one whose participants have left (their
        # return forms)
        fresh = outside_sessions(without_movements=True)
        self.assertGreaterEqual(len(fresh), 2, "the demo has two outside sessions without movements")
        pages.append(admin.get("/movements?date=%s" % fresh[0][1]).text)
        r = c.api("POST", "/api/v1/sessions/%d/depart" % fresh[1][0], {"escort": "Uji sapuan", "time": "07:00"})
        self.assertEqual(r.status, 200, r)
        pages.append(admin.get("/movements?date=%s" % fresh[1][1]).text)
        # an account's page (/users/edit?name=...): the state, role and (with a token) token forms
        H.token_for("bi.instruktur")
        pages.append(admin.get("/users/edit?name=bi.instruktur").text)
        for page in pages:
            for action, body in re.findall(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page, re.S):
                names = set(re.findall(r'name="([^"]+)"', body)) - {"_csrf"}
                out.setdefault(to_pattern(html.unescape(action)), set()).update(names)
        return out

    # The form sweep runs on SQLite only: a form's body is decoded and checked by the web
    # layer, the same code whichever database is behind it, and what it stores goes through
    # the store functions the API sweep drives with the same hostile values on PostgreSQL
    # too. (On PostgreSQL it took about 150 of the suite's seconds.)
    @H.unittest.skipIf(H.IS_PG, "the form sweep runs on SQLite (see above)")
    def test_forms(self):
        training_rows()  # the API sweep may have used up the last ones' forms (started, completed, revoked)
        scraped = self.form_fields()
        n_routes = 0
        for route in ROUTES:
            if "api" in route["flags"] or route["method"] == "GET":
                continue
            if route["pattern"] in NOT_YET:
                continue
            n_routes += 1
            name = role_for(route)
            public = "public" in route["roles"]
            if route["pattern"] == "/logout":  # it ends the session: a session of its own
                c = S.client()
                c.login(name)
            else:
                c = S.client() if public else self.session(name)
            # a delete route's row is gone after a request that succeeds: the next request gets another
            here = (lambda pat=route["pattern"], m=route["method"]: concrete(pat, m))
            where = "%s %s" % (route["method"], route["pattern"])
            hdr = {"X-CSRF-Token": c.csrf} if c.csrf else {}
            upload = "upload" in route["flags"]
            with self.subTest(route=where):
                if route["pattern"] != "/logout":
                    self.assertIn(route["pattern"], scraped, "%s: no page renders this form" % where)
                # a form without fields (/logout, the delete buttons): any body that parses just does it
                fieldless = route["pattern"] in scraped and not scraped[route["pattern"]]
                for raw in BAD_FORMS:
                    r = c.request("POST", here(), raw, dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                    used_up(route, r)
                    self.judge(r, "%s body %r" % (where, raw[:40]), not fieldless, False)
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
                    r = c.request("POST", here(), raw, dict(hdr, **{"Content-Type": ctype}))
                    used_up(route, r)
                    self.judge(r, "%s %s %r" % (where, ctype, raw[:30]), True, False)
                r = c.request("POST", here(), b"a=" + b"x" * ((32 << 20) if upload else (1 << 20)),
                              dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                used_up(route, r)
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
                            r = c.post_multipart(here(), list(fields.items()),
                                                 [("file", "w.csv", ("regno,name\n%s,%s\n" % (v, v)).encode(),
                                                   "text/csv")])
                        elif public:
                            r = c.post_form(here(), fields)
                        else:
                            r = c.post_form(here(), fields)
                        used_up(route, r)
                        self.judge(r, "%s %s=%r" % (where, f, v[:40]), "\x00" in v, False)
                # raw invalid UTF-8 in a field value
                raw = urllib.parse.urlencode(list(base.items())).encode() + b"&name=\xff\xfe"
                r = c.request("POST", here(), raw, dict(hdr, **{"Content-Type": "application/x-www-form-urlencoded"}))
                used_up(route, r)
                self.judge(r, "%s raw invalid UTF-8" % where, True, False)
            self.alive()
        self.assertGreaterEqual(n_routes, 7)

    # ------------------------------------------------------------ GET routes, paths, headers

    def test_queries_and_paths(self):
        # On PostgreSQL, the values that reach the database (numbers, dates, sort keys,
        # site codes, search text); the ones the web layer refuses or ignores before any
        # query (broken percent-encoding, unknown parameters named by injections) are
        # database-independent and run on SQLite.
        queries = [q for q in BAD_QUERY if not (H.IS_PG and q in WEB_ONLY_QUERY)]
        if not H.IS_PG:
            queries += ["%s=%s" % (urllib.parse.quote(x), urllib.parse.quote(x)) for x in INJECTIONS]
        n = 0
        for route in ROUTES:
            if route["method"] != "GET":
                continue
            name = role_for(route)
            api = "api" in route["flags"]
            c = S.client(token=TOKEN[name]) if api else self.session(name)
            path = concrete(route["pattern"])
            for q in queries:
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
        self.assert_check()

    def test_injections_in_the_programme_area(self):
        """The generic entity pages: own fields, reference labels (partner, agreement,
        trade names shown on other records' pages and in select options), child rows,
        the lists and the home page's expiring agreements, all escaped; stored literally."""
        c = S.client(token=TOKEN["admin"])
        page = self.session("admin")
        day = H.day

        def made(r):
            self.assertStatus(r, 201)
            return r.json()["id"]

        for inj in INJECTIONS:
            with self.subTest(inj=inj):
                tag = H.uniq(" #")
                pa = made(c.api("POST", "/api/v1/partners", {"site": H.SITE_A, "name": inj + tag, "kind": "lpk",
                                                              "contact_name": inj, "notes": inj}))
                kj = made(c.api("POST", "/api/v1/kejuruan", {"site": H.SITE_A, "code": H.uniq("K"), "name": inj + tag,
                                                              "description": inj}))
                ag = made(c.api("POST", "/api/v1/agreements", {
                    "site": H.SITE_A, "title": inj + tag, "partner_id": pa, "number_site": H.uniq("NO/"),
                    "signed_place": inj, "signed_date": day(-10), "valid_from": day(-10), "valid_to": day(30),
                    "status": "aktif"}))
                made(c.api("POST", "/api/v1/agreements/%d/trades" % ag, {"kejuruan_id": kj}))
                made(c.api("POST", "/api/v1/agreements/%d/quotas" % ag, {"phase": 1, "quota_min": 0, "quota_max": 10}))
                made(c.api("POST", "/api/v1/agreements/%d/parties" % ag, {"role": "saksi", "side": "lainnya",
                                                                           "name": inj, "position": inj}))
                pg = made(c.api("POST", "/api/v1/programs", {
                    "name": inj + tag, "agreement_id": ag, "phase": 1, "kejuruan_id": kj, "schedule": inj,
                    "start_date": day(-5), "end_date": day(20), "capacity_min": 1, "capacity_max": 5}))
                for table, col, ident in (("partner", "name", pa), ("kejuruan", "description", kj),
                                          ("agreement", "title", ag), ("program", "schedule", pg)):
                    self.assertIn(H.db_one("SELECT %s FROM %s WHERE id = ?" % (col, table), (ident,)),
                                  (inj, inj + tag))
                name = inj + tag
                for path, params in (("/partners/%d" % pa, None), ("/partners", {"q": inj}),
                                     ("/kejuruan/%d" % kj, None), ("/kejuruan", {"q": inj}),
                                     ("/agreements/%d" % ag, None), ("/agreements/%d/edit" % ag, None),
                                     ("/agreements", {"q": inj}), ("/programs/%d" % pg, None),
                                     ("/programs/%d/edit" % pg, None), ("/programs", {"q": inj}), ("/", None)):
                    shown = page.get(path, params)
                    self.assertStatus(shown, 200)
                    esc = html.escape(name, quote=True).replace("&#x27;", "&#39;")
                    self.assertIn(esc, shown.text, path)
                    for raw in (name, inj):
                        if html.escape(raw, quote=True) != raw:
                            self.assertNotIn(raw, shown.text, "raw on %s" % path)
        self.assert_check()


if __name__ == "__main__":
    H.main()
