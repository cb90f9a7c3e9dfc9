#!/usr/bin/env python3
"""test_dates_en.py — dates and months in the reader's language (issue 18).

A reader of the English interface gets English month names in every date shown to
them: on pages and in the CSV, XLSX and PDF they download (the production reports,
the monthly report with its signature line, the sale and premi receipts, the premi
statement, the TPP list). The writers' own words (page footer, table and chart captions) too.
Texts deliberately stored in Indonesian (reasons) are not at issue here; the
certificate is an Indonesian document and is left out.

Today is the harness's clock (H.TODAY, BEKAL_TEST_TODAY). Every check runs at that
date; the checks of texts that carry today's date or month (AtFixedDates) run again
at the harness's fixed dates (H.FIXED_DATES: a day in every month whose English name
differs from the Indonesian one, 29 February 2028, 31 December), each on its own
server (BEKAL_NOW) over the same demo database: on SQLite the even-numbered dates, on
PostgreSQL the odd ones, so the suite covers them all; BEKAL_TEST_DATES=all (or a
comma list, or none) chooses. The user "staf" reads in English, "admin" in Indonesian
(the contrast: the same download in Indonesian carries the Indonesian date, so the
check is not empty)."""
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from html import unescape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"]
ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
      "November", "Desember"]
# an Indonesian month name followed by a year, or a day, the name and a year
ID_DATE = re.compile(r"\b(?:Januari|Februari|Maret|Mei|Juni|Juli|Agustus|Oktober|Desember)\s+\d{4}\b")

S = None
EN_C = ID_C = None


def long_en(d):
    return "%d %s %d" % (d.day, EN[d.month - 1], d.year)


def long_id(d):
    return "%d %s %d" % (d.day, ID[d.month - 1], d.year)


def iso(s):
    import datetime
    return datetime.date.fromisoformat(s[:10])


def pdftotext(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        p = subprocess.run(["pdftotext", f.name, "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if p.returncode != 0:
            raise AssertionError("pdftotext failed: %s" % p.stderr.decode())
        return " ".join(p.stdout.decode("utf-8", "replace").split())
    finally:
        os.unlink(f.name)


def xlsx_text(data):
    """Every text of an XLSX: shared strings and inline strings of every sheet."""
    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for n in z.namelist():
        if n == "xl/sharedStrings.xml" or re.match(r"xl/worksheets/sheet\d+\.xml$", n):
            out += re.findall(r"<t[^>]*>([^<]*)</t>", z.read(n).decode("utf-8"))
    return " ".join(" ".join(unescape(x) for x in out).split())


def html_text(s):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", s)).split())


def clients(server):
    """staf in English and admin in Indonesian, logged in on server."""
    en = server.client()
    en.login("staf")
    r = en.post_form("/lang", {"lang": "en", "next": "/"})
    assert r.status in (302, 303), r
    idc = server.client()
    idc.login("admin")
    return en, idc


def setUpModule():
    global S, EN_C, ID_C
    H.setup_db()
    S = H.start_server()
    EN_C, ID_C = clients(S)


def tearDownModule():
    H.stop_servers()


def fixed_dates():
    """The fixed dates this run covers (see the module's comment)."""
    want = os.environ.get("BEKAL_TEST_DATES", "")
    if want == "all":
        return list(H.FIXED_DATES)
    if want == "none":
        return []
    if want:
        return want.split(",")
    return H.FIXED_DATES[1::2] if H.IS_PG else H.FIXED_DATES[0::2]


class Checks(H.BekalTest):
    """The checks, each for the clients EN_C/ID_C and today H.TODAY."""

    def fetch(self, c, path, kind=None):
        """The text of a page or download (kind: html, csv, xlsx or pdf, else from the path)."""
        r = c.get(path)
        self.assertStatus(r, 200, path)
        kind = kind or ("pdf" if ".pdf" in path or "format=pdf" in path else "xlsx" if ".xlsx" in path or
                        "format=xlsx" in path else "csv" if "format=csv" in path or ".csv" in path else "html")
        if kind == "pdf":
            return pdftotext(r.body)
        if kind == "xlsx":
            return xlsx_text(r.body)
        if kind == "csv":
            return " ".join(r.body.decode("utf-8").split())
        return html_text(r.text)

    def english(self, path, *want, kind=None):
        """path in English holds each of want and no Indonesian date; returns its text."""
        t = self.fetch(EN_C, path, kind)
        doc = (kind or "") in ("pdf", "xlsx") or re.search(r"\.(pdf|xlsx)|format=(pdf|xlsx)", path)
        for w in want:
            self.assertIn(w, t, "%s in English (today %s)" % (path, H.TODAY))
        m = ID_DATE.search(t)
        self.assertIsNone(m, "%s in English (today %s) has an Indonesian date: %r" %
                          (path, H.TODAY, m and t[max(0, m.start() - 60):m.end() + 20]))
        # the writers' own words (page footer, table and chart captions) in English too
        if doc:
            self.assertIsNone(re.search(r"\b(?:Halaman|Tabel|Grafik)\b", t), "%s in English: %s" % (path, t[:300]))
        return t

    def check_outstanding(self, full=True):
        """The PNBP-outstanding report says 'As of <today>' in English, in every format."""
        p = "/reports/pnbp-outstanding?site=LPKTP"
        for fmt in ("", "&format=pdf", "&format=xlsx") if full else ("", "&format=pdf"):
            with self.subTest(fmt=fmt):
                self.english(p + fmt, "As of " + long_en(H.TODAY))
        if full:
            self.english(p + "&format=pdf", "Page 1 of 1", "Table 1. ")
            self.english(p + "&format=csv")
        self.assertIn(long_id(H.TODAY), self.fetch(ID_C, p + "&format=pdf"))

    def check_monthly(self, full=True):
        """The monthly report: the month in its subtitle, today on its signature line."""
        month = H.TODAY.strftime("%Y-%m")
        name = "%s %d" % (EN[H.TODAY.month - 1], H.TODAY.year)
        for fmt in ("pdf", "xlsx") if full else ("pdf",):
            with self.subTest(fmt=fmt):
                self.english("/reports/monthly?site=LPKTP&month=%s&format=%s" % (month, fmt), name,
                             long_en(H.TODAY), "Table 1. ", *(("Chart 2. ",) if fmt == "pdf" else ()))
        if full:
            self.english("/reports/monthly?site=LPKTP&month=%s&format=csv" % month)
            self.assertIn(long_id(H.TODAY),
                          self.fetch(ID_C, "/reports/monthly?site=LPKTP&month=%s&format=pdf" % month))

    def check_statement(self, full=True):
        """The premi statement: balances as of today."""
        wid = H.db_one("SELECT p.wbp_id FROM premi_ledger p JOIN wbp w ON w.id = p.wbp_id JOIN site t ON "
                       "t.id = w.site_id WHERE t.code = 'LPKTP' ORDER BY p.id DESC LIMIT 1")
        for fmt in ("pdf", "xlsx") if full else ("pdf",):
            with self.subTest(fmt=fmt):
                self.english("/wbp/%s/premi/statement?format=%s" % (wid, fmt), long_en(H.TODAY))
        if full:
            self.english("/wbp/%s/premi/statement?format=csv" % wid)

    def check_tpp(self, full=True):
        """The list of proposals for a TPP session today: its date in English."""
        d = H.day()
        self.english("/tpp.pdf?site=LPKTP&date=%s" % d, long_en(H.TODAY))
        self.english("/tpp?site=LPKTP&date=%s" % d, long_en(H.TODAY))
        if full:
            self.english("/tpp.xlsx?site=LPKTP&date=%s" % d, long_en(H.TODAY))

    def check_pages(self):
        """Pages whose text carries today's date or month (home, dashboard, eligibility,
        releases due, the monthly report's form...): no Indonesian date in English."""
        for p in ("/", "/dashboard", "/eligibility", "/releases/due", "/followups/overdue", "/reports",
                  "/reports/monthly", "/agreements", "/programs", "/sales", "/productions", "/pnbp-deposits",
                  "/certificates", "/usulan", "/placement"):
            with self.subTest(page=p):
                self.english(p)
        self.english("/eligibility?at=%s" % H.day(), long_en(H.TODAY))
        month = H.TODAY.strftime("%Y-%m")
        self.english("/reports/revenue?month=%s" % month, "%s %d" % (EN[H.TODAY.month - 1], H.TODAY.year))


class Dates(Checks):
    def test_outstanding_pnbp_as_of_today(self):
        self.check_outstanding()

    def test_monthly_report_month_and_signature(self):
        self.check_monthly()

    def test_premi_statement(self):
        self.check_statement()

    def test_tpp_list(self):
        self.check_tpp()

    def test_pages_with_today(self):
        self.check_pages()

    def test_period_reports_name_the_month(self):
        month = H.TODAY.strftime("%Y-%m")
        name = "%s %d" % (EN[H.TODAY.month - 1], H.TODAY.year)
        for kind in ("revenue", "pnbp", "premi"):
            for fmt in ("", "&format=pdf", "&format=xlsx"):
                with self.subTest(kind=kind, fmt=fmt):
                    self.english("/reports/%s?month=%s%s" % (kind, month, fmt), name)
        # the year's report lists the months by name
        self.english("/reports/revenue?year=%d&format=pdf" % H.TODAY.year, *EN)
        self.english("/reports/revenue?year=%d&format=xlsx" % H.TODAY.year, *EN)

    def test_receipts(self):
        """A sale receipt and a premi receipt carry their date in English."""
        sid, sdate = H.db_query("SELECT s.id, s.sale_date FROM sale s JOIN site t ON t.id = s.site_id "
                                "WHERE t.code = 'LPKTP' ORDER BY s.id DESC LIMIT 1")[0]
        self.english("/sales/%s/receipt.pdf" % sid, long_en(iso(sdate)))
        self.assertIn(long_id(iso(sdate)), self.fetch(ID_C, "/sales/%s/receipt.pdf" % sid))
        pid, pdate = H.db_query("SELECT p.id, p.entry_date FROM premi_ledger p JOIN wbp w ON w.id = p.wbp_id "
                                "JOIN site t ON t.id = w.site_id WHERE t.code = 'LPKTP' ORDER BY p.id DESC "
                                "LIMIT 1")[0]
        self.english("/premi-entries/%s/receipt.pdf" % pid, long_en(iso(pdate)))

    def test_weekday_names(self):
        """The training days of the schedule form are named in English (the values stay
        the rule's codes)."""
        pid = H.db_one("SELECT p.id FROM program p JOIN site t ON t.id = p.site_id WHERE t.code = 'LPKTP' "
                       "ORDER BY p.id LIMIT 1")
        r = EN_C.get("/programs/%s/training" % pid)
        self.assertStatus(r, 200)
        m = re.search(r'<div class="weekdays">(.*?)</div>', r.text, re.S)
        self.assertIsNotNone(m, "the schedule form's training days")
        self.assertIn('value="senin"', m.group(1))
        t = html_text(m.group(1))
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            self.assertIn(day, t)
        self.assertIsNone(re.search(r"\b(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu)\b", t, re.I), t[:300])

    def test_program_dates_error_in_english(self):
        """A form error that quotes dates (end before start) quotes them in English."""
        r = EN_C.api("POST", "/api/v1/programs", {"name": H.uniq("P"), "start_date": "2026-05-14",
                                                  "end_date": "2026-03-03"})
        self.assertStatus(r, 422)
        msg = r.json()["error"]["fields"]["end_date"]
        self.assertIn("(3 March 2026)", msg)
        self.assertIn("(14 May 2026)", msg)


class AtFixedDates(Checks):
    def test_texts_with_today_at_fixed_dates(self):
        """The checks of texts that carry today, on a server whose clock is set to each
        fixed date of this run (same demo database)."""
        global EN_C, ID_C
        keep = (H.TODAY,)
        try:
            for d in fixed_dates():
                with self.subTest(today=d):
                    H.set_today(d)
                    srv = H.Server().start()
                    try:
                        EN_C, ID_C = clients(srv)
                        self.check_outstanding(full=False)
                        self.check_monthly(full=False)
                        self.check_statement(full=False)
                        self.check_tpp(full=False)
                        self.check_pages()
                    finally:
                        srv.stop()
        finally:
            H.set_today(keep[0])
            # the sessions of the module's clients were dropped as expired at later dates
            EN_C, ID_C = clients(S)


if __name__ == "__main__":
    H.main()
