"""test_dashboard.py — the training sections of the dashboard and the monthly report
(issue 8: attendance rate per programme, completion and certificates per trade, this
month) through the real `bekal report monthly` and `bekal serve`: known sessions,
attendance, completions and certificates at both demo sites; the numbers of each
section for one site and for the region compared with the underlying rows in CSV,
PDF (pdftotext, with the charts drawn), XLSX (read back) and GET /api/v1/dashboard;
the API's access (another site, the region, roles); the regional letterhead with the
Kanwil name (setting report.region_name, else the sites' region)."""
import csv
import datetime
import io
import itertools
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}
USERS = ["admin", "admin.ptk", "kanwil", "kalapas", "staf", "bapas", "wali"]
TODAY = H.TODAY
FIRST = TODAY.replace(day=1)
MONTH = TODAY.strftime("%Y-%m")
NEXT = (FIRST + datetime.timedelta(days=32)).replace(day=1)
LAST = NEXT - datetime.timedelta(days=1)
LAS, JAHIT = "Uji Dasbor Las", "Uji Dasbor Jahit"
ATT_TITLE = "Kehadiran peserta per program dalam periode (JP hadir / JP dihitung)"
COMP_TITLE = "Peserta yang menyelesaikan pelatihan dalam periode"
CERT_TITLE = "Sertifikat pelatihan yang diterbitkan dalam periode"

# The fixture: per site, programmes (trade, sessions as (jp, cancelled, statuses by
# participant: None = no entry), participants' final status, certificates as
# (participant, revoked)).
FIX = {
    "LPKTP": [
        {"trade": LAS, "people": ["selesai", "selesai", "tidak_lulus", "terdaftar"],
         "sessions": [(4, False, ["hadir", "hadir", "izin", "alpa"]),
                      (6, False, ["hadir", "sakit", "hadir", None]),
                      (4, True, ["hadir", "hadir", "hadir", "hadir"])],
         "certs": [(0, False), (1, True)]},
        {"trade": JAHIT, "people": ["selesai", "terdaftar"],
         "sessions": [(3, False, ["hadir", "alpa"])],
         "certs": [(0, False)]},
    ],
    "LPPTK": [
        {"trade": LAS, "people": ["selesai", "terdaftar"],
         "sessions": [(5, False, ["hadir", "hadir"])],
         "certs": [(0, False)]},
    ],
}


def setUpModule():
    global S
    H.setup_db()
    for name in USERS:
        TOK[name] = H.token_for(name)
    S = H.start_server()
    now = FIRST.isoformat() + "T10:00:00Z"
    for code, progs in FIX.items():
        site = H.db_one("SELECT id FROM site WHERE code = ?", (code,))
        pname = H.uniq("Mitra dasbor ")
        H.db_exec("INSERT INTO partner(site_id, name, kind, created_at, updated_at) VALUES (?, ?, 'disnakertrans', ?, ?)",
                  (site, pname, now, now))
        partner = H.db_one("SELECT id FROM partner WHERE name = ?", (pname,))
        num = H.uniq("PKS/DASBOR/")
        H.db_exec("INSERT INTO agreement(site_id, title, partner_id, number_site, signed_date, valid_from, valid_to, "
                  "status, created_at, updated_at) VALUES (?, 'PKS uji dasbor', ?, ?, ?, ?, ?, 'aktif', ?, ?)",
                  (site, partner, num, FIRST.isoformat(), FIRST.isoformat(), (FIRST + datetime.timedelta(days=400))
                   .isoformat(), now, now))
        agreement = H.db_one("SELECT id FROM agreement WHERE number_site = ?", (num,))
        who = "admin" if code == "LPKTP" else "admin.ptk"
        for pi, prog in enumerate(progs):
            kcode = H.uniq("K")
            H.db_exec("INSERT INTO kejuruan(site_id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                      (site, kcode, prog["trade"], now, now))
            kej = H.db_one("SELECT id FROM kejuruan WHERE code = ? AND site_id = ?", (kcode, site))
            name = H.uniq("Program dasbor ")
            prog["name"] = name
            H.db_exec("INSERT INTO program(site_id, name, agreement_id, phase, kejuruan_id, start_date, end_date, "
                      "total_jp, capacity_max, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 100, 20, "
                      "'berjalan', ?, ?)", (site, name, agreement, pi + 1, kej, FIRST.isoformat(), LAST.isoformat(),
                                            now, now))
            pid = H.db_one("SELECT id FROM program WHERE name = ?", (name,))
            enrol = []
            for status in prog["people"]:
                wid = ok(S.client(token=TOK[who]).api("POST", "/api/v1/wbp", H.valid_wbp()))["id"]
                H.db_exec("INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, status_at, "
                          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (site, wid, agreement, pi + 1, pid, status, now, now, now))
                enrol.append(H.db_one("SELECT id FROM enrolment WHERE wbp_id = ? AND program_id = ?", (wid, pid)))
            for si, (jp, cancelled, marks) in enumerate(prog["sessions"]):
                topic = H.uniq("sesi ")
                H.db_exec("INSERT INTO training_session(site_id, program_id, session_date, start_time, end_time, jp, "
                          "topic, cancelled, created_at, updated_at) VALUES (?, ?, ?, '08:00', '12:00', ?, ?, ?, ?, ?)",
                          (site, pid, FIRST.isoformat(), jp, topic, 1 if cancelled else 0, now, now))
                sid = H.db_one("SELECT id FROM training_session WHERE topic = ?", (topic,))
                for e, mark in zip(enrol, marks):
                    if mark:
                        H.db_exec("INSERT INTO attendance(site_id, session_id, enrolment_id, status, entered_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?, ?)", (site, sid, e, mark, now, now))
            # a session next month counts for nothing this month
            H.db_exec("INSERT INTO training_session(site_id, program_id, session_date, start_time, end_time, jp, "
                      "created_at, updated_at) VALUES (?, ?, ?, '08:00', '12:00', 8, ?, ?)",
                      (site, pid, NEXT.isoformat(), now, now))
            for person, revoked in prog["certs"]:
                number = H.uniq("CERT/DASBOR/")
                H.db_exec("INSERT INTO certificate(site_id, enrolment_id, program_id, number, seq_key, seq, holder_name, "
                          "trade_name, start_date, end_date, total_jp, issued_on, content, status, revoked_at, "
                          "revoke_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 'X', ?, ?, ?, 100, ?, '{}', "
                          "?, ?, ?, ?, ?)",
                          (site, enrol[person], pid, number, number, prog["trade"], FIRST.isoformat(), LAST.isoformat(),
                           FIRST.isoformat(), "dicabut" if revoked else "valid",
                           FIRST.isoformat() + "T12:00:00Z" if revoked else None, "salah data" if revoked else None,
                           now, now))


def tearDownModule():
    H.stop_servers()


def ok(r, status=201):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json()


def api(who):
    return S.client(token=TOK[who])


# ---------------------------------------------------------------- expected numbers

def site_filter(alias, site):
    if not site:
        return "", ()
    return " AND %s.site_id = (SELECT id FROM site WHERE code = ?)" % alias, (site,)


def rate(num, base):
    """Basis points rounded down, as the report does; None without a base."""
    return num * 10000 // base if base else None


def expected(site=None):
    """Each section straight from the tables (the default training rules: izin and
    sakit count as absent, a session without an entry is left out)."""
    held_to = min(LAST, TODAY).isoformat()
    w, p = site_filter("ts", site)
    att = {}
    for name, trade, n, jp in H.db_query(
            "SELECT p.name, k.name, COUNT(*), SUM(ts.jp) FROM training_session ts JOIN program p ON p.id = ts.program_id "
            "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE ts.cancelled = 0 AND ts.session_date >= ? AND "
            "ts.session_date <= ?%s GROUP BY p.id, p.name, k.name" % w, (FIRST.isoformat(), held_to) + p):
        att[name] = {"trade": trade, "sessions": int(n), "jp": int(jp), "att": 0, "base": 0}
    for name, status, jp in H.db_query(
            "SELECT p.name, a.status, SUM(ts.jp) FROM attendance a JOIN training_session ts ON ts.id = a.session_id "
            "JOIN program p ON p.id = ts.program_id WHERE ts.cancelled = 0 AND ts.session_date >= ? AND "
            "ts.session_date <= ?%s GROUP BY p.name, a.status" % w, (FIRST.isoformat(), held_to) + p):
        att[name]["base"] += int(jp)
        if status == "hadir":
            att[name]["att"] += int(jp)
    w, p = site_filter("en", site)
    comp = {}
    for trade, status, n in H.db_query(
            "SELECT k.name, en.status, COUNT(*) FROM enrolment en JOIN program p ON p.id = en.program_id "
            "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE en.status IN ('selesai', 'tidak_lulus') AND "
            "en.status_at >= ? AND en.status_at < ?%s GROUP BY k.name, en.status" % w,
            (FIRST.isoformat(), NEXT.isoformat()) + p):
        comp.setdefault(trade, {"selesai": 0, "tidak_lulus": 0})[status] = int(n)
    w, p = site_filter("c", site)
    cert = {}
    for trade, status, revoked_at, n in H.db_query(
            "SELECT k.name, c.status, c.revoked_at, COUNT(*) FROM certificate c JOIN program p ON p.id = c.program_id "
            "JOIN kejuruan k ON k.id = p.kejuruan_id WHERE c.issued_on >= ? AND c.issued_on <= ?%s "
            "GROUP BY k.name, c.status, c.revoked_at" % w, (FIRST.isoformat(), LAST.isoformat()) + p):
        x = cert.setdefault(trade, {"all": 0, "revoked": 0})
        x["all"] += int(n)
        if status == "dicabut" and revoked_at and revoked_at < NEXT.isoformat():
            x["revoked"] += int(n)
    return att, comp, cert


def fixture_numbers(site):
    """The same numbers for the fixture's own programmes, from FIX alone."""
    out = {}
    for prog in FIX[site]:
        live = [s for s in prog["sessions"] if not s[1]]
        a = sum(jp for jp, _, marks in live for m in marks if m == "hadir")
        b = sum(jp for jp, _, marks in live for m in marks if m)
        out[prog["name"]] = (len(live), sum(jp for jp, _, _ in live), a, b, rate(a, b))
    return out


# ---------------------------------------------------------------- readers

def csv_tables(text):
    out = {}
    for block in re.split(r"\r?\n\r?\n", text.strip()):
        rows = list(csv.reader(io.StringIO(block)))
        out[rows[0][0]] = rows[2:]
    return out


def pct(s):
    """"58.82" (CSV) as basis points; None for an empty cell."""
    return round(float(s) * 100) if s not in ("", None) else None


def xlsx_sheets(path):
    """Every sheet of an XLSX as a list of rows (lists of str or float), in order."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        strings = []
        if "xl/sharedStrings.xml" in names:
            for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S):
                strings.append(unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", si))))
        sheets = sorted((n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml$", n)),
                        key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
        out = []
        for n in sheets:
            rows = []
            for row in re.findall(r"<row [^>]*>(.*?)</row>", z.read(n).decode(), re.S):
                cells = {}
                for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
                    col = 0
                    for ch in ref:
                        col = col * 26 + ord(ch) - 64
                    v = re.search(r"<v>([^<]*)</v>", body or "")
                    t = re.search(r't="(\w+)"', attrs)
                    if t and t.group(1) == "s":
                        cells[col - 1] = strings[int(v.group(1))]
                    elif t and t.group(1) == "inlineStr":
                        cells[col - 1] = unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", body)))
                    elif t and t.group(1) == "str":
                        cells[col - 1] = unescape(v.group(1)) if v else ""
                    elif v:
                        cells[col - 1] = float(v.group(1))
                rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
            out.append(rows)
        return out


def unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def sheet_table(rows, first_header):
    """The data rows of a sheet's table: after the header row, up to the totals row."""
    i = next(k for k, r in enumerate(rows) if r and r[0] == first_header)
    out = []
    for r in rows[i + 1:]:
        if not r or r[0] == "Jumlah":
            break
        out.append(r)
    return out


def report(*args):
    r = H.cli("report", "monthly", "--month", MONTH, *args)
    if r.code != 0:
        raise AssertionError("report: %r" % r)
    return r


class Numbers(H.BekalTest):
    def check_csv(self, site):
        att, comp, cert = expected(site)
        t = csv_tables(report(*(["--site", site] if site else ["--region"]), "--format", "csv").out)
        rows = {r[1]: r for r in t[ATT_TITLE] if r[0] != "Jumlah"}
        self.assertEqual(set(rows), set(att))
        for name, x in att.items():
            r = rows[name]
            self.assertEqual(r[2], x["trade"])
            self.assertEqual([int(v) for v in r[3:7]], [x["sessions"], x["jp"], x["att"], x["base"]], name)
            self.assertEqual(pct(r[7]), rate(x["att"], x["base"]), name)
        tot = [r for r in t[ATT_TITLE] if r[0] == "Jumlah"][0]
        a, b = sum(x["att"] for x in att.values()), sum(x["base"] for x in att.values())
        self.assertEqual([int(tot[5]), int(tot[6])], [a, b])
        self.assertEqual(pct(tot[7]), rate(a, b))
        crow = {r[0]: r for r in t[COMP_TITLE]}
        self.assertEqual(set(crow) - {"Jumlah"}, set(comp))
        for trade, x in comp.items():
            n = x["selesai"] + x["tidak_lulus"]
            self.assertEqual([int(v) for v in crow[trade][1:4]], [x["selesai"], x["tidak_lulus"], n], trade)
            self.assertEqual(pct(crow[trade][4]), rate(x["selesai"], n))
        kt = {r[0]: r for r in t[CERT_TITLE]}
        self.assertEqual(set(kt) - {"Jumlah"}, set(cert))
        for trade, x in cert.items():
            self.assertEqual([int(v) for v in kt[trade][1:4]], [x["all"], x["all"] - x["revoked"], x["revoked"]])
        self.assertEqual(int(kt["Jumlah"][1]), sum(x["all"] for x in cert.values()))
        return att, comp, cert

    def test_site_numbers_match_the_records(self):
        att, comp, cert = self.check_csv("LPKTP")
        # the fixture's own programmes, from its definition alone
        for name, (n, jp, a, b, bp) in fixture_numbers("LPKTP").items():
            x = att[name]
            self.assertEqual((x["sessions"], x["jp"], x["att"], x["base"], rate(x["att"], x["base"])), (n, jp, a, b, bp))
        self.assertGreaterEqual(comp[LAS]["selesai"], 2)
        self.assertGreaterEqual(comp[LAS]["tidak_lulus"], 1)
        self.assertGreaterEqual(cert[LAS]["revoked"], 1)
        self.assertNotIn(FIX["LPPTK"][0]["name"], att)  # the other site's programme is not in the site's report

    def test_region_numbers_match_the_records(self):
        att, comp, cert = self.check_csv(None)
        self.assertIn(FIX["LPPTK"][0]["name"], att)
        self.assertIn(FIX["LPKTP"][0]["name"], att)
        site = expected("LPKTP")
        # the region adds the other site's graduates of the same trade
        self.assertGreater(comp[LAS]["selesai"], site[1][LAS]["selesai"])
        self.assertGreater(cert[LAS]["all"], site[2][LAS]["all"])

    def test_pdf_has_the_numbers_and_charts(self):
        att, comp, cert = expected("LPKTP")
        d = tempfile.mkdtemp()
        pdf = os.path.join(d, "r.pdf")
        report("--site", "LPKTP", "--format", "pdf", "-o", pdf)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()
        flat = re.sub(r"\s+", " ", text)
        for no, title in ((4, "Kehadiran peserta per program"), (5, COMP_TITLE), (6, CERT_TITLE)):
            self.assertIn("Tabel %d. %s" % (no, title), flat)
        # the charts of the sections with data, each under its table
        for no in (4, 5, 6):
            self.assertIn("Grafik %d." % no, flat)
        for name, x in att.items():
            bp = rate(x["att"], x["base"])
            if bp is not None:
                s = "%d,%02d%%" % (bp // 100, bp % 100)  # as the PDF prints it: "58,82%"
                self.assertIn(s, text, name)
        c = cert[LAS]
        self.assertRegex(text, r"%s\s+%d\s+%d\s+%d\b" % (LAS, c["all"], c["all"] - c["revoked"], c["revoked"]))
        x = comp[LAS]
        self.assertRegex(text, r"%s\s+%d\s+%d\s+%d\b" % (LAS, x["selesai"], x["tidak_lulus"],
                                                         x["selesai"] + x["tidak_lulus"]))

    def test_xlsx_has_real_numbers(self):
        for site in ("LPKTP", None):
            att, comp, cert = expected(site)
            d = tempfile.mkdtemp()
            path = os.path.join(d, "r.xlsx")
            report(*(["--site", site] if site else ["--region"]), "--format", "xlsx", "-o", path)
            sheets = xlsx_sheets(path)
            self.assertEqual(len(sheets), 13)  # one per table (10: withdrawals by coded reason; 11-13: the funnel)
            rows = {r[1]: r for r in sheet_table(sheets[3], "Lokasi")}
            self.assertEqual(set(rows), set(att))
            for name, x in att.items():
                r = rows[name]
                self.assertEqual(r[3:7], [float(x["sessions"]), float(x["jp"]), float(x["att"]), float(x["base"])])
                bp = rate(x["att"], x["base"])
                self.assertAlmostEqual(r[7], bp / 10000.0, places=6)  # a real percentage (0.5882 = 58,82 %)
            crow = {r[0]: r for r in sheet_table(sheets[4], "Kejuruan")}
            for trade, x in comp.items():
                self.assertEqual(crow[trade][1:3], [float(x["selesai"]), float(x["tidak_lulus"])])
            krow = {r[0]: r for r in sheet_table(sheets[5], "Kejuruan")}
            for trade, x in cert.items():
                self.assertEqual(krow[trade][1:4], [float(x["all"]), float(x["all"] - x["revoked"]), float(x["revoked"])])


class Api(H.BekalTest):
    def sections(self, who, query, status=200):
        r = api(who).api("GET", "/api/v1/dashboard?" + query)
        j = ok(r, status)
        return {s["code"]: s for s in j["sections"]} if status == 200 else j

    def check(self, secs, site):
        att, comp, cert = expected(site)
        a = secs["attendance"]
        self.assertEqual([c["type"] for c in a["columns"]],
                         ["text", "text", "text", "int", "int", "int", "int", "percent"])
        rows = {r[1]: r for r in a["rows"]}
        self.assertEqual(set(rows), set(att))
        for name, x in att.items():
            self.assertEqual(rows[name][3:7], [x["sessions"], x["jp"], x["att"], x["base"]])
            self.assertAlmostEqual(rows[name][7], rate(x["att"], x["base"]) / 100.0, places=2)
        self.assertEqual(a["totals"][5], sum(x["att"] for x in att.values()))
        self.assertEqual(a["chart"]["value_type"], "percent")
        c = {r[0]: r for r in secs["completion"]["rows"]}
        self.assertEqual(set(c), set(comp))
        for trade, x in comp.items():
            self.assertEqual(c[trade][1:4], [x["selesai"], x["tidak_lulus"], x["selesai"] + x["tidak_lulus"]])
        k = {r[0]: r for r in secs["certificates"]["rows"]}
        self.assertEqual(set(k), set(cert))
        for trade, x in cert.items():
            self.assertEqual(k[trade][1:4], [x["all"], x["all"] - x["revoked"], x["revoked"]])
        ch = secs["certificates"]["chart"]
        self.assertEqual([s["name"] for s in ch["series"]], ["Berlaku", "Dicabut"])
        self.assertEqual(sum(ch["series"][1]["values"]), sum(x["revoked"] for x in cert.values()))

    def test_site_and_region(self):
        secs = self.sections("admin", "site=LPKTP&month=" + MONTH)
        self.assertEqual([s for s in secs], ["agreements", "pipeline", "participants", "attendance", "completion",
                                             "certificates", "revenue", "releases", "outcomes", "withdrawals", "funnel",
                                             "funnel_reasons", "funnel_days"])
        self.assertEqual([secs[s]["number"] for s in secs], list(range(1, 14)))
        self.check(secs, "LPKTP")
        self.check(self.sections("kalapas", "month=" + MONTH), "LPKTP")  # default: the user's site
        region = self.sections("kanwil", "region=1&month=" + MONTH)
        self.check(region, None)
        # the same numbers as the page shows
        c = S.client()
        c.login("kanwil")
        page = c.get("/dashboard?region=1&month=" + MONTH)
        self.assertEqual(page.status, 200)
        for code in ("attendance", "completion", "certificates"):
            m = re.search(r'<section class="dash" id="%s">(.*?)</section>' % code, page.text, re.S)
            self.assertTrue(m, code)
            self.assertIn('role="img"', m.group(1))  # the chart, with its table beside it
            self.assertIn("<table", m.group(1))
        self.assertIn(FIX["LPPTK"][0]["name"], page.text)

    def test_access(self):
        # another site's code is refused, and so is the region for a site user
        self.assertEqual(api("admin").api("GET", "/api/v1/dashboard?site=LPPTK&month=" + MONTH).status, 403)
        self.assertEqual(api("admin.ptk").api("GET", "/api/v1/dashboard?site=LPKTP&month=" + MONTH).status, 403)
        self.assertEqual(api("admin").api("GET", "/api/v1/dashboard?region=1&month=" + MONTH).status, 403)
        for who in ("bapas", "wali"):
            self.assertEqual(api(who).api("GET", "/api/v1/dashboard?month=" + MONTH).status, 403, who)
        self.assertEqual(S.client().api("GET", "/api/v1/dashboard").status, 401)
        self.assertEqual(api("admin").api("GET", "/api/v1/dashboard?month=2026-13").status, 400)
        self.assertEqual(api("kanwil").api("GET", "/api/v1/dashboard?region=1&site=LPKTP").status, 400)
        # the other site's own view has its programme and not LPKTP's
        secs = self.sections("admin.ptk", "site=LPPTK&month=" + MONTH)
        names = [r[1] for r in secs["attendance"]["rows"]]
        self.assertIn(FIX["LPPTK"][0]["name"], names)
        self.assertNotIn(FIX["LPKTP"][0]["name"], names)


HOLIDAY_DAYS = itertools.count()


class Memo(H.BekalTest):
    """The sections are computed once per data version and kept (src/web/memo.h): a
    change made through Bekal (it moves the audit chain) shows at once; a change made
    in SQL behind Bekal's back shows only after the next audited change, or never is
    kept when the server runs with --cache-seconds 0."""

    def certs(self, server, who="admin", query="site=LPKTP&month=" + MONTH):
        r = server.client(token=TOK[who]).api("GET", "/api/v1/dashboard?" + query)
        secs = {s["code"]: s for s in ok(r, 200)["sections"]}
        return sum(row[1] for row in secs["certificates"]["rows"])

    def page_certs(self, server, who="kanwil", query="site=LPKTP&month=" + MONTH):
        c = server.client()
        c.login(who)
        page = c.get("/dashboard?" + query)
        self.assertEqual(page.status, 200)
        m = re.search(r'<section class="dash" id="certificates">(.*?)</section>', page.text, re.S)
        return re.sub(r"\s+", " ", m.group(1))

    def holiday(self, server):
        """An audited change unrelated to the numbers: a holiday far in the future."""
        day = (TODAY + datetime.timedelta(days=3000 + next(HOLIDAY_DAYS))).isoformat()
        r = server.client(token=TOK["admin"]).api("POST", "/api/v1/holidays",
                                                  {"site": "LPKTP", "name": H.uniq("Libur memo "), "holiday_date": day})
        ok(r)

    def test_sql_behind_bekal_waits_for_the_next_audited_change(self):
        cert = H.db_one("SELECT min(c.id) FROM certificate c JOIN site s ON s.id = c.site_id "
                        "WHERE s.code = 'LPKTP' AND c.issued_on >= ?", (FIRST.isoformat(),))
        issued = H.db_one("SELECT issued_on FROM certificate WHERE id = ?", (cert,))
        before, page = self.certs(S), self.page_certs(S)
        self.assertGreater(before, 0)
        H.db_exec("UPDATE certificate SET issued_on = '2000-01-01' WHERE id = ?", (cert,))
        try:
            self.assertEqual(self.certs(S), before)  # kept: nothing went through Bekal
            self.assertEqual(self.page_certs(S), page)
            self.holiday(S)
            self.assertEqual(self.certs(S), before - 1)  # the audit chain moved: computed again
            self.assertNotEqual(self.page_certs(S), page)
            # a server that keeps nothing sees the SQL change at once
            s0 = H.start_server(env={"BEKAL_CACHE_SECONDS": "0"})
            H.db_exec("UPDATE certificate SET issued_on = ? WHERE id = ?", (issued, cert))
            self.assertEqual(self.certs(s0), before)
            s0.stop()
        finally:
            H.db_exec("UPDATE certificate SET issued_on = ? WHERE id = ?", (issued, cert))
            self.holiday(S)
        self.assertEqual(self.certs(S), before)
        self.assertEqual(self.page_certs(S), page)

    def test_scope_and_language_are_part_of_the_key(self):
        # the same month for two sites, the region, and in English: each its own numbers/text
        lpktp, lpptk = self.certs(S), self.certs(S, "admin.ptk", "site=LPPTK&month=" + MONTH)
        self.assertEqual(lpktp, sum(x["all"] for x in expected("LPKTP")[2].values()))
        self.assertEqual(lpptk, sum(x["all"] for x in expected("LPPTK")[2].values()))
        self.assertEqual(self.certs(S, "kanwil", "region=1&month=" + MONTH), lpktp + lpptk)
        c = S.client()
        c.login("kanwil")
        url = "/dashboard?region=1&month=" + MONTH
        try:
            for lang in ("id", "en", "id", "en"):  # each from the memo the second time
                self.assertEqual(c.post_form("/lang", {"lang": lang, "next": "/"}).status, 303)
                page = c.get(url)
                self.assertEqual(page.status, 200)
                self.assertEqual(CERT_TITLE in page.text, lang == "id", lang)
        finally:
            c.post_form("/lang", {"lang": "id", "next": "/"})


class Letterhead(H.BekalTest):
    def pdf_text(self, *args):
        d = tempfile.mkdtemp()
        pdf = os.path.join(d, "r.pdf")
        report(*args, "--format", "pdf", "-o", pdf)
        return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()

    def test_region_letterhead_carries_the_kanwil_name(self):
        day = "2000-01-01"
        # the sites' region when the letterhead does not name it already
        H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                  "('report.letterhead.2', NULL, ?, 'DIREKTORAT JENDERAL PEMASYARAKATAN', 'uji')", (day,))
        try:
            text = self.pdf_text("--region")
            self.assertIn("Kantor Wilayah Kalimantan Barat", text)
            self.assertNotIn("Kantor Wilayah Kalimantan Barat", self.pdf_text("--site", "LPKTP"))
            # the dated setting wins
            H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                      "('report.region_name', NULL, ?, 'KANWIL DITJENPAS KALIMANTAN BARAT (UJI)', 'uji')", (day,))
            text = self.pdf_text("--region")
            self.assertIn("KANWIL DITJENPAS KALIMANTAN BARAT (UJI)", text)
            self.assertNotIn("Kantor Wilayah Kalimantan Barat", text)
        finally:
            H.db_exec("DELETE FROM setting WHERE note = 'uji'")


if __name__ == "__main__":
    H.main()
