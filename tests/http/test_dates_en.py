#!/usr/bin/env python3
"""test_dates_en.py — dates and months in the reader's language (issue 18).

A reader of the English interface gets English month names in every date shown to
them: on pages and in the CSV, XLSX and PDF they download (the production reports,
the monthly report with its signature line, the sale and premi receipts, the premi
statement, the TPP list). The writers' own words (page footer, table and chart captions) too.
Texts deliberately stored in Indonesian (reasons) are not at issue here; the
certificate is an Indonesian document and is left out.

Today is the harness's clock (H.TODAY, BEKAL_TEST_TODAY): tests/dates.sh runs this
module at dates in every month whose English name differs from the Indonesian one, on
29 February and on 31 December. One demo database and one server for the module; the
user "staf" reads in English, "admin" in Indonesian (the contrast: the same download
in Indonesian carries the Indonesian date, so the check is not empty)."""
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


def setUpModule():
    global S, EN_C, ID_C
    H.setup_db()
    S = H.start_server()
    EN_C = S.client()
    EN_C.login("staf")
    r = EN_C.post_form("/lang", {"lang": "en", "next": "/"})
    assert r.status in (302, 303), r
    ID_C = S.client()
    ID_C.login("admin")


def tearDownModule():
    H.stop_servers()


class Dates(H.BekalTest):
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
            self.assertIn(w, t, "%s in English" % path)
        self.assertIsNone(ID_DATE.search(t), "%s in English has an Indonesian date: %r" %
                          (path, ID_DATE.search(t) and t[max(0, ID_DATE.search(t).start() - 60):
                                                         ID_DATE.search(t).end() + 20]))
        # the writers' own words (page footer, table and chart captions) in English too
        if doc:
            self.assertIsNone(re.search(r"\b(?:Halaman|Tabel|Grafik)\b", t), "%s in English: %s" % (path, t[:300]))
        return t

    def test_outstanding_pnbp_as_of_today(self):
        """The PNBP-outstanding report says 'As of <today>' in English, in every format."""
        p = "/reports/pnbp-outstanding?site=LPKTP"
        for fmt in ("", "&format=pdf", "&format=xlsx"):
            with self.subTest(fmt=fmt):
                self.english(p + fmt, "As of " + long_en(H.TODAY))
        self.english(p + "&format=pdf", "Page 1 of 1", "Table 1. ")
        self.english(p + "&format=csv")
        self.assertIn(long_id(H.TODAY), self.fetch(ID_C, p + "&format=pdf"))

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

    def test_monthly_report_month_and_signature(self):
        """The monthly report: the month in its subtitle, today on its signature line."""
        month = H.TODAY.strftime("%Y-%m")
        name = "%s %d" % (EN[H.TODAY.month - 1], H.TODAY.year)
        for fmt in ("pdf", "xlsx"):
            with self.subTest(fmt=fmt):
                self.english("/reports/monthly?site=LPKTP&month=%s&format=%s" % (month, fmt), name,
                             long_en(H.TODAY), "Table 1. ")
        self.english("/reports/monthly?site=LPKTP&month=%s&format=pdf" % month, "Chart 2. ")
        self.english("/reports/monthly?site=LPKTP&month=%s&format=csv" % month)
        self.assertIn(long_id(H.TODAY), self.fetch(ID_C, "/reports/monthly?site=LPKTP&month=%s&format=pdf" % month))

    def test_receipts(self):
        """A sale receipt and a premi receipt carry their date in English."""
        sid, sdate = H.db_query("SELECT s.id, s.sale_date FROM sale s JOIN site t ON t.id = s.site_id "
                                "WHERE t.code = 'LPKTP' ORDER BY s.id DESC LIMIT 1")[0]
        self.english("/sales/%s/receipt.pdf" % sid, long_en(iso(sdate)))
        self.assertIn(long_id(iso(sdate)), self.fetch(ID_C, "/sales/%s/receipt.pdf" % sid))
        pid, pdate, wid = H.db_query("SELECT p.id, p.entry_date, p.wbp_id FROM premi_ledger p JOIN wbp w ON "
                                     "w.id = p.wbp_id JOIN site t ON t.id = w.site_id WHERE t.code = 'LPKTP' "
                                     "ORDER BY p.id DESC LIMIT 1")[0]
        self.english("/premi-entries/%s/receipt.pdf" % pid, long_en(iso(pdate)))
        # the statement: balances as of today
        for fmt in ("pdf", "xlsx"):
            with self.subTest(fmt=fmt):
                self.english("/wbp/%s/premi/statement?format=%s" % (wid, fmt), long_en(H.TODAY))
        self.english("/wbp/%s/premi/statement?format=csv" % wid)

    def test_tpp_list(self):
        """The list of proposals for a TPP session: its date in English."""
        d = H.day()
        self.english("/tpp.pdf?site=LPKTP&date=%s" % d, long_en(H.TODAY))
        self.english("/tpp.xlsx?site=LPKTP&date=%s" % d, long_en(H.TODAY))
        self.english("/tpp?site=LPKTP&date=%s" % d, long_en(H.TODAY))

    def test_pages_with_today(self):
        """Pages whose text carries today's date or month (dashboard, eligibility,
        releases due, the monthly report's form): no Indonesian date in English."""
        for p in ("/", "/dashboard", "/eligibility", "/releases/due", "/followups/overdue", "/reports",
                  "/reports/monthly", "/agreements", "/programs", "/sales", "/productions", "/pnbp-deposits",
                  "/certificates", "/usulan"):
            with self.subTest(page=p):
                self.english(p)
        self.english("/eligibility?at=%s" % H.day(), long_en(H.TODAY))

    def test_program_dates_error_in_english(self):
        """A form error that quotes dates (end before start) quotes them in English."""
        r = EN_C.api("POST", "/api/v1/programs", {"name": H.uniq("P"), "start_date": "2026-05-14",
                                                  "end_date": "2026-03-03"})
        self.assertStatus(r, 422)
        msg = r.json()["error"]["fields"]["end_date"]
        self.assertIn("(3 March 2026)", msg)
        self.assertIn("(14 May 2026)", msg)


if __name__ == "__main__":
    H.main()
