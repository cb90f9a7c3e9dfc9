"""test_matrix.py — the access-control matrix, generated from the route table.

`bekal routes --format json` lists every route; tests/http/data/access.txt says, for
each METHOD PATTERN, which roles may use it and how it names a site (format at the top
of that file). For every route x every role (admin staf wali instruktur kalapas kanwil
bapas, plus anonymous) x the user's own site vs another site, one request is made and
its answer classified as allowed or denied; API routes are tried with the session
cookie and with a Bearer token. A route missing from the expectations file fails.
Every table an {id} route names has a fixture row at both sites, made through the API
(a delete route that succeeded gets a new row for the next cell); the matrix's
instructor teaches the site-A fixture programme, and an instructor who teaches nothing
is checked to get 404 on every programme route.

Least privilege within a site (issue 21): wali, instruktur and bapas see only some
inmates of their site (a wali's caseload, an instructor's participants, bapas' inmates
with a release or a proposal; the view wbp_scope). A cell whose {id} row is about an
inmate outside the role's scope wants 404, like another site's row. The matrix's wali
is given the fixture rows' inmates as a caseload (through the API), so their cells are
allowed; ScopeMatrix checks, for each restricted role, an inmate in scope and one out of
it on every inmate route (read and write, page, API and token) and in the lists and
exports.

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
RESTRICTED = ("wali", "instruktur", "bapas")  # see only some inmates of their sites (issue 21)
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
    """{ "METHOD PATTERN": {"roles": set|None (public), "site": kind, "table": str|None,
    "fixture": str|None} }: `id:TABLE@VARIANT` names a row of TABLE in a given state
    (fixture key TABLE@VARIANT, set up in setUpModule).
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
            elif roles == "site":  # a site's credential only (sync routes): no role gets in
                rset = set()
            elif roles == "any":
                rset = set(ROLES)
            else:
                rset = set(roles.split(","))
                bad = rset - set(ROLES)
                if bad:
                    raise ValueError("%s:%d: unknown role(s) %s" % (path, no, ", ".join(sorted(bad))))
            table = fixture = None
            if site.startswith("id:"):
                fixture = site[3:]
                if not re.fullmatch(r"[a-z_][a-z0-9_]*(@[a-z_]+)?", fixture):
                    raise ValueError("%s:%d: bad table name %r" % (path, no, fixture))
                table = fixture.split("@")[0]
                site = "id"
            if site not in ("none", "list", "create", "id"):
                raise ValueError("%s:%d: SITE must be none, list, create or id:TABLE, got %r" % (path, no, site))
            if (site == "id") != ("{id}" in pattern):
                raise ValueError("%s:%d: a pattern with {id} needs SITE id:TABLE, and only such a pattern"
                                 % (path, no))
            key = method + " " + pattern
            if key in out:
                raise ValueError("%s:%d: %s listed twice" % (path, no, key))
            out[key] = {"roles": rset, "site": site, "table": table, "fixture": fixture}
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
            # the training routes' enrolment is a completed participant (enrolment@training);
            # the placement routes use the withdrawn one (placement_fixtures)
            IDS[(table + "@training" if table == "enrolment" else table, site)] = rid
    # one marker inmate per site, through the API, so ids and names are known
    for site, admin in ((OWN, "admin"), (OTHER, "admin.ptk")):
        c = S.client(token=H.token_for(admin))
        # serving a long term (H.ELIGIBLE_WBP): placement_fixtures proposes an usulan for site B's
        body = H.valid_wbp(regno=H.uniq("MTX%s/" % site[-1]), name="Penanda Matriks " + H.uniq(site), **H.ELIGIBLE_WBP)
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
        # an ended safety-threatened record, for /exclusions/{id}/end (it no longer excludes)
        r = c.api("POST", "/api/v1/wbp/%d/exclusions" % wid, {"from_date": "2024-01-10", "basis": "Penanda"})
        if r.status != 201 or c.api("POST", "/api/v1/exclusions/%d/end" % r.json()["id"],
                                    {"reason": "Penanda", "until_date": "2024-02-10"}).status != 200:
            raise AssertionError("marker exclusion: %r" % r)
        if site == OTHER:
            B_DATA.extend([body["regno"], body["name"]])
        # an access-log entry at the site (issue 21), written before the log routes are tried
        if c.api("GET", "/api/v1/wbp/%d" % wid).status != 200 or c.api("GET", "/api/v1/access-log").status != 200:
            raise AssertionError("marker access-log entry")
        # a released inmate with one follow-up, for /releases/{id} and /followups/{id}
        rb = H.valid_wbp(regno=H.uniq("MTR%s/" % site[-1]), name="Bebas Matriks " + H.uniq(site))
        r = c.api("POST", "/api/v1/wbp", rb)
        if r.status != 201:
            raise AssertionError("marker released WBP: %r" % r)
        r = c.api("POST", "/api/v1/releases", {"confirm": True, "site": site, "wbp_id": r.json()["id"], "kind": "bebas_murni",
                                                "release_date": "2024-01-10", "district": "Kabupaten Ketapang"})
        if r.status != 201:
            raise AssertionError("marker release: %r" % r)
        r = c.api("POST", "/api/v1/releases/%d/followups" % r.json()["id"],
                  {"contact_date": "2024-04-10", "status": "menganggur"})
        if r.status != 201:
            raise AssertionError("marker follow-up: %r" % r)
    # the programme area at both sites (the demo has it at site A only): one row of each
    # table an {id} route names, created through the API by each site's admin
    H.add_user("mx.instr.row", "instruktur", OWN)   # its listing is the row the delete routes remove
    H.add_user("mx.instr.none", "instruktur", OWN)  # listed on nothing: test_unassigned_instructor
    H.add_user("mx.instr.b", "instruktur", OTHER)
    for site, admin, teachers in ((OWN, "admin", (USERS["instruktur"], "mx.instr.row")),
                                  (OTHER, "admin.ptk", ("mx.instr.b",))):
        ADMIN_TOKEN[site] = H.token_for(admin)
        names = programme_fixtures(site, teachers)
        if site == OTHER:
            B_DATA.extend(names)
    B_DATA.append(H.db_one("SELECT name FROM site WHERE code = ?", (OTHER,)))
    a_regnos = {r[0] for r in H.db_query("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id "
                                         "WHERE s.code = ?", (OWN,))}
    b_regnos = [r[0] for r in H.db_query("SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id "
                                         "WHERE s.code = ? ORDER BY w.id", (OTHER,))]
    B_DATA.extend(x for x in b_regnos if x not in a_regnos and not any(x in a for a in a_regnos))
    placement_fixtures()
    caseload_fixtures()


# The inmate a fixture row is about (tables whose rows belong to an inmate).
INMATE_SQL = {
    "wbp": "SELECT id FROM wbp WHERE id = ?",
    "followup": "SELECT r.wbp_id FROM followup f JOIN wbp_release r ON r.id = f.release_id WHERE f.id = ?",
    "usulan_document": "SELECT u.wbp_id FROM usulan_document d JOIN usulan u ON u.id = d.usulan_id WHERE d.id = ?",
    "certificate": "SELECT e.wbp_id FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id WHERE c.id = ?",
}
for _t in ("discipline", "assessment", "enrolment", "usulan", "wbp_release", "premi_ledger", "production_worker",
           "wbp_not_proposed", "wbp_exclusion", "wbp_date_correction"):
    INMATE_SQL[_t] = "SELECT wbp_id FROM %s WHERE id = ?" % _t
SCOPE_CACHE = {}


def inmate_of(fixture, site):
    sql = INMATE_SQL.get(fixture.split("@")[0])
    return int(H.db_one(sql, (row_id(fixture, site),))) if sql else None


def in_scope(role, wid):
    """Whether role's matrix user sees inmate wid (the view wbp_scope; cached: the matrix
    does not change who is in whose scope)."""
    if role not in RESTRICTED:
        return True
    key = (role, wid)
    if key not in SCOPE_CACHE:
        SCOPE_CACHE[key] = int(H.db_one("SELECT count(*) FROM wbp_scope WHERE user_id = ? AND wbp_id = ?",
                                        (_user_id(USERS[role]), wid))) > 0
    return SCOPE_CACHE[key]


def caseload_fixtures():
    """Issue 21: the matrix's wali gets every site-A fixture row's inmate as a caseload, and
    one more inmate whose assignment is the id:caseload row at site A (the end routes end
    it; a wali keeps seeing their own ended assignments); site B's admin assigns B's marker
    inmate to a wali of B (B's id:caseload row). Through the API, as the admins."""
    wanted = set()
    for exp in EXPECT.values():
        if exp["site"] == "id" and exp["table"] in INMATE_SQL:
            wanted.add(inmate_of(exp["fixture"], OWN))
    wali = _user_id(USERS["wali"])
    c = S.client(token=H.token_for("admin"))
    for wid in sorted(wanted):
        _made(c.api("POST", "/api/v1/caseloads", {"wbp_id": wid, "user_id": wali}), "caseload")
    extra = H.db_one("SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? AND w.status = 'ditahan' "
                     "AND w.id NOT IN (SELECT wbp_id FROM caseload) ORDER BY w.id LIMIT 1", (OWN,))
    IDS[("caseload", OWN)] = _made(c.api("POST", "/api/v1/caseloads", {"wbp_id": int(extra), "user_id": wali,
                                                                        "notes": "matriks"}), "caseload")
    H.add_user("mx.wali.b", "wali", OTHER)
    IDS[("caseload", OTHER)] = _made(S.client(token=H.token_for("admin.ptk")).api(
        "POST", "/api/v1/caseloads", {"wbp_id": IDS[("wbp", OTHER)], "user_id": _user_id("mx.wali.b")}), "caseload")


def placement_fixtures():
    """Issue 5: a phase with an assessment, an enrolment, a proposal and a dossier
    document at site B (site A has the demo's), and mx.instruktur teaching the
    programme of the site-A enrolment the matrix uses (instructors see only the
    placements of their own programmes). That enrolment is the demo's withdrawn one,
    which no placement run changes."""

    def d(n):
        return H.day(n)

    def ok(r, status=201):
        if r.status != status:
            raise AssertionError("placement fixture: %r" % r)
        return r.json()

    c = S.client(token=H.token_for("admin.ptk"))
    kj = ok(c.api("POST", "/api/v1/kejuruan", {"code": H.uniq("MX")[:12].upper(), "name": "Kejuruan matriks",
                                               "standard_jp": 240, "days": 30}))
    partner = ok(c.api("POST", "/api/v1/partners", {"name": "Mitra matriks " + H.uniq(), "kind": "blk"}))
    ag = ok(c.api("POST", "/api/v1/agreements", {"title": "PKS matriks " + H.uniq(), "partner_id": partner["id"],
                                                 "number_site": H.uniq("MX/"), "signed_date": d(-30),
                                                 "valid_from": d(-30), "valid_to": d(300), "status": "aktif"}))
    ok(c.api("POST", "/api/v1/agreements/%d/quotas" % ag["id"], {"phase": 1, "quota_min": 0, "quota_max": 5}))
    ok(c.api("POST", "/api/v1/agreements/%d/trades" % ag["id"], {"kejuruan_id": kj["id"]}))
    ok(c.api("POST", "/api/v1/programs", {"name": "Program matriks", "agreement_id": ag["id"], "phase": 1,
                                          "kejuruan_id": kj["id"], "start_date": d(30), "end_date": d(60),
                                          "capacity_max": 5}))
    key = [p["id"] for p in ok(c.api("GET", "/api/v1/phases"), 200)["items"] if p["agreement_id"] == ag["id"]][0]
    wid = IDS[("wbp", OTHER)]
    ok(c.api("POST", "/api/v1/phases/%d/assessments" % key,
             {"wbp_id": wid, "assessed_on": d(0), "assessor": "Matriks",
              "trades": [{"kejuruan_id": kj["id"], "interest_rank": 1, "aptitude": 50, "fit": True}]}))
    ok(c.api("POST", "/api/v1/phases/%d/placement" % key, {"confirm": True}), 200)
    H.make_eligible(c, wid)  # issue 20: no usulan without recent SPPN scores
    u = ok(c.api("POST", "/api/v1/wbp/%d/usulan" % wid, {"form": "dalam_lapas"}))
    ok(c.api("POST", "/api/v1/usulan/%d/documents" % u["id"], {"doc_code": "litmas", "present": True}), 200)
    row = H.db_query("SELECT e.id, e.program_id FROM enrolment e JOIN site s ON s.id = e.site_id WHERE s.code = ? "
                     "AND e.program_id IS NOT NULL ORDER BY CASE WHEN e.status = 'mundur' THEN 0 ELSE 1 END, e.id "
                     "LIMIT 1", (OWN,))[0]
    IDS[("enrolment", OWN)] = int(row[0])
    uid = int(H.db_one("SELECT id FROM app_user WHERE name = ?", (USERS["instruktur"],)))
    ok(S.client(token=H.token_for("admin")).api("POST", "/api/v1/programs/%d/instructors" % int(row[1]),
                                                {"user_id": uid}))


def _made(r, what):
    if r.status != 201:
        raise AssertionError("matrix fixture %s: %r" % (what, r))
    return r.json()["id"]


def _user_id(name):
    return int(H.db_one("SELECT id FROM app_user WHERE name = ?", (name,)))


def _pdf():
    head, tail = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\ntrailer<<>>\n%%EOF\n"
    return head + b"0" * 200 + tail


# How to make one more row of a child table at a site, under the fixture owners in IDS
# (used for the first row, and again when a delete route removed it).
MAKE = {
    "agreement_party": lambda c, site: _made(c.api("POST", "/api/v1/agreements/%d/parties" % IDS[("agreement", site)],
                                                   {"role": "saksi", "side": "lainnya", "name": H.uniq("Saksi "),
                                                    "position": "Saksi"}), "party"),
    # no phase: the next one after the agreement's last
    "agreement_quota": lambda c, site: _made(c.api("POST", "/api/v1/agreements/%d/quotas" % IDS[("agreement", site)],
                                                   {"quota_min": 0, "quota_max": 10}), "quota"),
    "agreement_kejuruan": lambda c, site: _made(c.api("POST", "/api/v1/agreements/%d/trades" % IDS[("agreement", site)],
                                                      {"kejuruan_id": IDS[("kejuruan", site)]}), "trade"),
    "competency_unit": lambda c, site: _made(c.api("POST", "/api/v1/kejuruan/%d/units" % IDS[("kejuruan", site)],
                                                   {"seq": int(H.db_one("SELECT coalesce(max(seq), 0) + 1 FROM "
                                                                        "competency_unit WHERE kejuruan_id = ?",
                                                                        (IDS[("kejuruan", site)],))),
                                                    "title": H.uniq("Unit "), "jp": 10}), "unit"),
    "program_instructor": lambda c, site: _made(c.api("POST", "/api/v1/programs/%d/instructors" % IDS[("program", site)],
                                                      {"user_id": _user_id(TEACHER[site])}), "instructor"),
}
ADMIN_TOKEN = {}  # site code -> a token of that site's admin
TEACHER = {}      # site code -> the instructor whose listing is the program_instructor fixture row


def programme_fixtures(site, teachers):
    """A partner, a trade with a unit, an agreement with a party, a quota, the trade and
    a document, and a programme taught by teachers, at site; their ids go to IDS. Returns
    the names that identify them (for the 'nothing of site B' checks)."""
    c = S.client(token=ADMIN_TOKEN[site])
    tag = H.uniq("MX%s" % site[-1])
    names = ["Mitra " + tag, "Kejuruan " + tag, "PKS " + tag, "Program " + tag, "NO/" + tag]
    IDS[("partner", site)] = _made(c.api("POST", "/api/v1/partners", {"site": site, "name": names[0],
                                                                       "kind": "blk"}), "partner")
    IDS[("kejuruan", site)] = _made(c.api("POST", "/api/v1/kejuruan", {"site": site, "code": tag, "name": names[1],
                                                                        "standard_jp": 40, "days": 5}), "kejuruan")
    IDS[("agreement", site)] = _made(c.api("POST", "/api/v1/agreements", {
        "site": site, "title": names[2], "partner_id": IDS[("partner", site)], "number_site": names[4],
        "signed_date": "2025-01-01", "valid_from": "2025-01-01", "valid_to": "2025-12-31", "status": "aktif"}),
        "agreement")
    for table in ("agreement_party", "agreement_quota", "agreement_kejuruan", "competency_unit"):
        IDS[(table, site)] = MAKE[table](c, site)
    r = c.api("POST", "/api/v1/agreements/%d/document?file_name=pks.pdf" % IDS[("agreement", site)], raw=_pdf(),
              ctype="application/pdf")
    IDS[("agreement_document", site)] = _made(r, "document")
    IDS[("program", site)] = _made(c.api("POST", "/api/v1/programs", {
        "name": names[3], "agreement_id": IDS[("agreement", site)], "phase": 1, "kejuruan_id": IDS[("kejuruan", site)],
        "start_date": "2025-03-01", "end_date": "2025-04-15", "capacity_min": 1, "capacity_max": 5}), "program")
    for t in teachers:
        TEACHER[site] = t
        IDS[("program_instructor", site)] = MAKE["program_instructor"](c, site)
    return names


def deletes(route):
    return route["method"] == "DELETE" or route["pattern"].endswith("/delete")


def tearDownModule():
    print("matrix: %d cells checked" % STATS["cells"], file=sys.stderr)
    H.stop_servers()


def row_id(table, site):
    """An id of a row of table (a fixture key: TABLE or TABLE@VARIANT) at site (cached)."""
    key = (table, site)
    if key not in IDS:
        if "@" in table:
            raise AssertionError("no fixture %s at site %s: add it in test_matrix.setUpModule" % (table, site))
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
    path = pattern.replace("{id}", str(row_id(exp["fixture"], site))) if kind == "id" else pattern
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
    if exp["site"] == "id" and role in RESTRICTED:
        wid = inmate_of(exp["fixture"], site)
        if wid is not None and not in_scope(role, wid):
            return "notfound"  # an inmate outside the role's scope is answered like a missing one
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
        # the row is gone (not when a page delete only asked for confirmation): a new one for the next cell
        if deletes(route) and got == "allow" and r.status < 400 and not H.asks_confirmation(r):
            IDS[(exp["table"], site)] = MAKE[exp["table"]](S.client(token=ADMIN_TOKEN[site]), site)
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
        for must in ("/", "/wbp", "/api/v1/wbp", "/audit", "/partners", "/agreements", "/api/v1/agreements",
                     "/kejuruan", "/programs", "/programs.csv", "/api/v1/programs"):
            self.assertIn(must, seen)

    def test_unassigned_instructor(self):
        """The programme routes an instructor may use (the matrix's instructor teaches the
        fixture programme) answer an instructor who teaches nothing 404 for that same
        programme, and the lists show it nothing."""
        c = S.client()
        c.login("mx.instr.none")
        tc = S.client(token=H.token_for("mx.instr.none"))
        n = 0
        prog_name = H.db_one("SELECT name FROM program WHERE id = ?", (IDS[("program", OWN)],))
        for route in ROUTES:
            exp = EXPECT.get(route["method"] + " " + route["pattern"])
            if not exp or "instruktur" not in (exp["roles"] or ()):
                continue
            if exp["table"] in ("program", "program_instructor"):
                for client in (c, tc) if "api" in route["flags"] else (c,):
                    with self.subTest(route=route["pattern"], method=route["method"], token=client is tc):
                        r = send(client, route, exp, OWN)
                        self.assertEqual(verdict(r), "notfound", r)
                        n += 1
            elif exp["site"] == "list" and "/programs" in route["pattern"]:
                r = send(c if "api" not in route["flags"] else tc, route, exp, OWN)
                self.assertStatus(r, 200)
                self.assertNotIn(prog_name, r.text)
                # the matrix's own instructor does see it
                mine = send(S.client(token=TOKENS["instruktur"]) if "api" in route["flags"] else self.teacher(),
                            route, exp, OWN)
                self.assertIn(prog_name, mine.text)
                n += 1
        self.assertGreaterEqual(n, 10)

    def teacher(self):
        c = S.client()
        c.login(USERS["instruktur"])
        return c


class ScopeMatrix(H.BekalTest):
    """Issue 21: for each restricted role, an inmate of its site in its scope and one
    outside it, on every route about an inmate (id:wbp) the role may use, page and API,
    session and token: allowed for the one, 404 for the other, reads and writes alike;
    the lists and exports show the one and not the other."""

    def pair(self, role):
        uid = _user_id(USERS[role])
        base = ("SELECT min(w.id) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? AND w.id %s IN "
                "(SELECT wbp_id FROM wbp_scope WHERE user_id = ?)")
        inside, outside = H.db_one(base % "", (OWN, uid)), H.db_one(base % "NOT", (OWN, uid))
        self.assertIsNotNone(inside, "%s has an inmate in scope" % role)
        self.assertIsNotNone(outside, "%s has an inmate out of scope" % role)
        return int(inside), int(outside)

    def test_in_and_out_of_scope_on_every_inmate_route(self):
        failures, n = [], 0
        for role in RESTRICTED:
            inside, outside = self.pair(role)
            c = S.client()
            c.login(USERS[role])
            tc = S.client(token=TOKENS[role])
            for route in ROUTES:
                exp = EXPECT.get(route["method"] + " " + route["pattern"])
                if not exp or exp["table"] != "wbp" or role not in (exp["roles"] or ()):
                    continue
                for wid, want in ((inside, "allow"), (outside, "notfound")):
                    for client in (c, tc) if "api" in route["flags"] else (c,):
                        IDS[("wbp@scope", OWN)] = wid
                        r = send(client, route, dict(exp, fixture="wbp@scope"), OWN)
                        n += 1
                        if verdict(r) != want:
                            failures.append("%s %s as %s%s, inmate %s scope: want %s, got %s (HTTP %s) %s" % (
                                route["method"], route["pattern"], role, " (token)" if client is tc else "",
                                "in" if want == "allow" else "out of", want, verdict(r), r.status, r.text[:160]))
        if failures:
            self.fail("%d of %d cells wrong:\n%s" % (len(failures), n, "\n".join(failures)))
        self.assertGreaterEqual(n, 3 * 20)

    def test_lists_and_exports_keep_to_the_scope(self):
        for role in RESTRICTED:
            inside, outside = self.pair(role)
            rin = H.db_one("SELECT regno FROM wbp WHERE id = ?", (inside,))
            rout = H.db_one("SELECT regno FROM wbp WHERE id = ?", (outside,))
            c = S.client()
            c.login(USERS[role])
            tc = S.client(token=TOKENS[role])
            for path in ("/wbp", "/wbp.csv", "/api/v1/wbp"):
                cl = tc if path.startswith("/api/") else c
                with self.subTest(role=role, path=path):
                    r = cl.get(path, {"q": rin}) if cl is c else cl.api("GET", path + "?q=" + urllib.parse.quote(rin))
                    self.assertStatus(r, 200)
                    self.assertIn(rin, r.text)
                    r = cl.get(path, {"q": rout}) if cl is c else cl.api("GET", path + "?q=" + urllib.parse.quote(rout))
                    self.assertStatus(r, 200)
                    self.assertNotIn(rout, r.text.split("<tbody>", 1)[-1])  # (the page repeats the search text above)
            # without a search, every page of the list is in scope (the count too)
            r = tc.api("GET", "/api/v1/wbp?per_page=200&site=" + OWN)
            self.assertStatus(r, 200)
            ids = {x["id"] for x in r.json()["items"]}
            want = {int(x[0]) for x in H.db_query("SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id WHERE "
                                                  "s.code = ? AND w.id IN (SELECT wbp_id FROM wbp_scope WHERE "
                                                  "user_id = ?)", (OWN, _user_id(USERS[role])))}
            self.assertEqual(ids, want if len(want) <= 200 else ids & want)
            self.assertNotIn(outside, ids)
            for path in ("/eligibility.csv", "/api/v1/eligibility"):
                with self.subTest(role=role, path=path):
                    r = c.get(path) if not path.startswith("/api/") else tc.api("GET", path)
                    self.assertStatus(r, 200)
                    self.assertNotIn(rout, r.text)

    def test_phase_candidates_keep_to_the_scope(self):
        """A phase's candidates (page data, API and CSV alike come from one load): a wali
        sees those of the caseload only; admin sees others too (the check is not vacuous)."""
        admin = S.client(token=H.token_for("admin"))
        tc = S.client(token=TOKENS["wali"])
        uid = _user_id(USERS["wali"])
        mine = {int(x[0]) for x in H.db_query("SELECT wbp_id FROM wbp_scope WHERE user_id = ?", (uid,))}
        others = 0
        for p in admin.api("GET", "/api/v1/phases").json()["items"]:
            every = {c["wbp_id"] for c in admin.api("GET", "/api/v1/phases/%d/candidates" % p["id"]).json()["items"]}
            r = tc.api("GET", "/api/v1/phases/%d/candidates" % p["id"])
            if r.status == 404:
                continue  # another site's phase
            self.assertStatus(r, 200)
            seen = {c["wbp_id"] for c in r.json()["items"]}
            self.assertEqual(seen, every & mine)
            others += len(every - mine)
        self.assertGreater(others, 0)

    def test_wali_writes_coaching_only_for_the_caseload(self):
        inside, outside = self.pair("wali")
        tc = S.client(token=TOKENS["wali"])
        month = H.months_back(8)
        r = tc.api("POST", "/api/v1/wbp/%d/sppn" % inside, {"month": month, "score": 80})
        self.assertStatus(r, 201)
        before = H.db_one("SELECT count(*) FROM sppn WHERE wbp_id = ?", (outside,))
        for kind, body in (("sppn", {"month": month, "score": 80}),
                           ("remisi", {"kind": "umum", "months": 1, "days": 0, "granted_date": H.day(-30)}),
                           ("discipline", {"offence": "x", "level": "ringan", "decision_date": H.day(-30)})):
            with self.subTest(kind=kind):
                self.assertApiError(tc.api("POST", "/api/v1/wbp/%d/%s" % (outside, kind), body), 404)
        self.assertEqual(H.db_one("SELECT count(*) FROM sppn WHERE wbp_id = ?", (outside,)), before)
        # ending the assignment takes the inmate out of the wali's scope at once
        admin = S.client(token=H.token_for("admin"))
        cid = _made(admin.api("POST", "/api/v1/caseloads", {"wbp_id": outside, "user_id": _user_id(USERS["wali"])}),
                    "caseload")
        self.assertStatus(tc.api("GET", "/api/v1/wbp/%d" % outside), 200)
        self.assertApiError(admin.api("POST", "/api/v1/caseloads/%d/end" % cid, {}), 422)  # the date is asked for
        page = S.client()
        page.login("admin")
        self.assertIn('action="/caseloads/%d/end"' % cid, page.get("/caseloads/%d" % cid).text)
        self.assertStatus(admin.api("POST", "/api/v1/caseloads/%d/end" % cid, {"ended_on": H.day(0)}), 200)
        self.assertApiError(tc.api("GET", "/api/v1/wbp/%d" % outside), 404)
        self.assertNotIn('action="/caseloads/%d/end"' % cid, page.get("/caseloads/%d" % cid).text)
        self.assertApiError(admin.api("POST", "/api/v1/caseloads/%d/end" % cid, {"ended_on": H.day(0)}), 409, "not_in_force")


class CsrfEverywhere(H.BekalTest):
    """Every route the table marks 'csrf', for a role that may use it: no token, an
    empty, wrong, over-long or another session's token → 403, and nothing changes."""

    def snapshot(self):
        """Row counts and the latest update of the tables the guarded routes write (one query)."""
        counts = ["(SELECT count(*) FROM %s)" % t for t in
                  ("wbp", "audit_log", "remisi", "discipline", "sppn", "session", "partner", "agreement",
                   "agreement_party", "agreement_quota", "agreement_kejuruan", "agreement_document", "kejuruan",
                   "competency_unit", "program", "program_instructor")]
        latest = ["(SELECT max(updated_at) FROM %s)" % t for t in ("wbp", "partner", "agreement", "kejuruan", "program")]
        # (on a kept connection: a fresh one reads the whole schema first, twice a request here)
        return H.db_query("SELECT " + ", ".join(counts + latest), keep=True)[0]

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
                        path = route["pattern"].replace("{id}", str(row_id(exp["fixture"], OWN))) if kind == "id" \
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
