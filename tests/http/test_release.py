"""test_release.py — release and follow-up after release, the dashboard and the
monthly report (issue 8) through the real `bekal serve` and `bekal report`: the
due-for-release list against the computed dates of the eligibility API; recording a
release ends open enrolments (reason "bebas", history rows), deactivates the inmate
and pays out the premi balance; follow-up overdue logic through the API and page as
contacts are added; the report's numbers for one site and for the region against the
underlying rows, in CSV, PDF (pdftotext) and XLSX (read back with zipfile); access
(Bapas writes follow-ups, Kanwil's regional view is read-only)."""
import csv
import datetime
import html
import io
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
USERS = ["admin", "staf", "wali", "kalapas", "kanwil", "bapas", "admin.ptk"]
TODAY = H.TODAY
MONTH = TODAY.strftime("%Y-%m")


def setUpModule():
    global S
    H.setup_db()
    for name in USERS:
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(name="admin"):
    return S.client(token=TOK[name])


def ok(r, status=201):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json()


def day(offset=0):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
            31][m - 1]
    return datetime.date(y, m, min(d.day, last))


def new_wbp(who="admin", **over):
    return ok(api(who).api("POST", "/api/v1/wbp", H.valid_wbp(**over)))["id"]


def release(wbp_id, who="admin", status=201, **over):
    body = {"wbp_id": wbp_id, "kind": "bebas_murni", "release_date": day(), "district": "Kabupaten Ketapang"}
    body.update(over)
    body.setdefault("confirm", True)
    r = api(who).api("POST", "/api/v1/releases", body)
    if r.status != status:
        raise AssertionError("release: want %s, got %r" % (status, r))
    return r.json()


def report_tables(text):
    """The report CSV as {title: [data rows]} (each table: title line, header, rows)."""
    out = {}
    for block in re.split(r"\r?\n\r?\n", text.strip()):
        rows = list(csv.reader(io.StringIO(block)))
        out[rows[0][0]] = rows[2:]
    return out


def cli_report(*args):
    r = H.cli("report", "monthly", "--month", MONTH, *args)
    if r.code != 0:
        raise AssertionError("report: %r" % r)
    return r


class Due(H.BekalTest):
    def test_due_list_matches_the_computed_dates(self):
        items = []
        page = 1
        while True:
            j = ok(api().api("GET", "/api/v1/eligibility?per_page=1000&page=%d" % page), 200)
            items += j["items"]
            if len(items) >= j["matched"] or not j["items"]:
                break
            page += 1
        self.assertGreater(len(items), 50)
        for months in (1, 2, 3):
            until = add_months(TODAY, months)
            want = sorted(it["id"] for it in items if it.get("dates") and it["dates"].get("expiry")
                          and TODAY.isoformat() <= it["dates"]["expiry"] <= until.isoformat())
            got = ok(api().api("GET", "/api/v1/releases/due?months=%d" % months), 200)
            self.assertEqual(sorted(x["id"] for x in got["items"]), want, "months=%d" % months)
            dates = [x["release_date"] for x in got["items"]]
            self.assertEqual(dates, sorted(dates))
            self.assertEqual(got["to"], until.isoformat())
        self.assertTrue(want, "the demo has inmates due within 3 months")
        # the page shows them, with the link to record the release
        c = S.client()
        c.login("staf")
        r = c.get("/releases/due?months=3")
        self.assertEqual(r.status, 200)
        name = H.db_one("SELECT name FROM wbp WHERE id = ?", (want[0],))
        self.assertIn(name.replace("&", "&amp;").replace("'", "&#39;"), r.text)
        self.assertIn("/releases/new?wbp_id=%d" % want[0], r.text)
        self.assertEqual(api().api("GET", "/api/v1/releases/due?months=4").status, 400)
        self.assertEqual(api().api("GET", "/api/v1/releases/due?months=x").status, 400)
        # another site's code: an empty list, not an error
        self.assertEqual(ok(api().api("GET", "/api/v1/releases/due?site=LPPTK"), 200)["items"], [])

    def test_due_list_shows_enrolment_status(self):
        until = add_months(TODAY, 1)
        got = ok(api().api("GET", "/api/v1/releases/due?months=1"), 200)["items"]
        if not got:
            self.skipTest("no inmate due within a month in the demo")
        wid = got[0]["id"]
        ag = H.db_one("SELECT a.id FROM agreement a JOIN site s ON s.id = a.site_id WHERE s.code = 'LPKTP' "
                      "ORDER BY a.id LIMIT 1")
        pid = H.db_one("SELECT id FROM program WHERE agreement_id = ? ORDER BY id LIMIT 1", (ag,))
        pname = H.db_one("SELECT name FROM program WHERE id = ?", (pid,))
        site = H.db_one("SELECT site_id FROM wbp WHERE id = ?", (wid,))
        H.db_exec("INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, status_at, "
                  "created_at, updated_at) VALUES (?, ?, ?, 9, ?, 'terdaftar', '2026-01-01', '2026-01-01', '2026-01-01')",
                  (site, wid, ag, pid))
        got = ok(api().api("GET", "/api/v1/releases/due?months=1"), 200)["items"]
        row = [x for x in got if x["id"] == wid][0]
        self.assertIn(pname, row["training"])
        self.assertLessEqual(row["release_date"], until.isoformat())


class Release(H.BekalTest):
    def test_release_closes_enrolments_deactivates_and_pays_out(self):
        wid = new_wbp()
        site = H.db_one("SELECT site_id FROM wbp WHERE id = ?", (wid,))
        ag = H.db_one("SELECT id FROM agreement WHERE site_id = ? ORDER BY id LIMIT 1", (site,))
        pid = H.db_one("SELECT id FROM program WHERE agreement_id = ? ORDER BY id LIMIT 1", (ag,))
        for phase, status, prog in ((21, "terdaftar", pid), (22, "kandidat", None), (23, "selesai", pid)):
            H.db_exec("INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, status_at, "
                      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01', '2026-01-01')",
                      (site, wid, ag, phase, prog, status))
        H.db_exec("INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta, "
                  "spendable_after, saved_after, created_at) VALUES (?, ?, '2026-01-05', 'credit', 6000, 1000, 5000, "
                  "1000, 5000, '2026-01-05')", (site, wid))
        H.db_exec("INSERT INTO premi_balance(wbp_id, site_id, spendable, saved, entries, updated_at) "
                  "VALUES (?, ?, 1000, 5000, 1, '2026-01-05')", (wid, site))
        audits = H.audit_count()
        # kanwil and bapas may not record a release
        release(wid, who="kanwil", status=403)
        release(wid, who="bapas", status=403)
        rel = release(wid, who="staf", kind="pembebasan_bersyarat", payout=999)
        self.assertEqual(rel["payout"], "6000" if isinstance(rel["payout"], str) else 6000)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "bebas")
        rows = {int(r[0]): (r[1], r[2]) for r in H.db_query("SELECT phase, status, reason FROM enrolment WHERE wbp_id = ?",
                                                        (wid,))}
        self.assertEqual(rows[21], ("mundur", "bebas"))
        self.assertEqual(rows[22], ("mundur", "bebas"))
        self.assertEqual(rows[23][0], "selesai")
        ev = H.db_query("SELECT e.from_status, e.to_status, e.reason FROM enrolment_event e JOIN enrolment n ON "
                        "n.id = e.enrolment_id WHERE n.wbp_id = ? ORDER BY e.id", (wid,))
        self.assertEqual(sorted(tuple(x) for x in ev), [("kandidat", "mundur", "bebas"), ("terdaftar", "mundur", "bebas")])
        self.assertEqual(int(H.db_one("SELECT spendable + saved FROM premi_balance WHERE wbp_id = ?", (wid,))), 0)
        self.assertEqual(int(H.db_one("SELECT amount FROM premi_ledger WHERE wbp_id = ? AND kind = 'payout'", (wid,))),
                         6000)
        self.assertGreaterEqual(H.audit_count() - audits, 5)  # 2 enrolments, wbp, ledger, release
        # not twice, and the inmate is no longer in custody (nor on the due list)
        r = api().api("POST", "/api/v1/releases", {"confirm": True, "wbp_id": wid, "kind": "bebas_murni", "release_date": day(),
                                                   "district": "X"})
        self.assertEqual(r.status, 422)
        due = ok(api().api("GET", "/api/v1/releases/due?months=3"), 200)["items"]
        self.assertNotIn(wid, [x["id"] for x in due])
        # the page shows it
        c = S.client()
        c.login("kalapas")
        r = c.get("/releases/%d" % rel["id"])
        self.assertEqual(r.status, 200)
        self.assertIn("Jadwal tindak lanjut", r.text)
        # its title names the inmate, not the inmate's id
        name = H.db_one("SELECT name FROM wbp WHERE id = ?", (wid,))
        self.assertRegex(r.text, r"<h1>[^<]*%s" % re.escape(html.escape(name)))

    def test_release_form_and_validation(self):
        wid = new_wbp()
        c = S.client()
        c.login("staf")
        r = c.get("/releases/new?wbp_id=%d" % wid)
        self.assertEqual(r.status, 200)
        r = c.post_form("/releases", {"wbp_id": str(wid), "kind": "tidak_ada", "release_date": day(), "district": ""})
        self.assertEqual(r.status, 422)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "ditahan")
        form = {"wbp_id": str(wid), "kind": "cuti_bersyarat", "release_date": day(), "district": "Kota Pontianak"}
        r = c.post_form("/releases", form)
        self.assertEqual(r.status, 200, r)  # the review first (issue 22): nothing changes yet
        self.assertIn("Tinjau pembebasan", r.text)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "ditahan")
        r = c.post_form("/releases", dict(form, confirm="1"))
        self.assertEqual(r.status, 303, r)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "bebas")
        # another site's inmate cannot be released from here
        other = new_wbp(who="admin.ptk")
        r = api().api("POST", "/api/v1/releases", {"confirm": True, "wbp_id": other, "kind": "bebas_murni", "release_date": day(),
                                                   "district": "X"})
        self.assertEqual(r.status, 422)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (other,)), "ditahan")

    def test_release_form_offers_the_confirmation_a_misfit_kind_needs(self):
        # detained 100 days ago on a 2.5-year sentence: parole today is before 2/3
        wid = new_wbp(detention_start=day(-100))
        c = S.client()
        c.login("staf")
        r = c.get("/releases/new?wbp_id=%d" % wid)
        self.assertEqual(r.status, 200)
        self.assertNotIn('name="confirm_kind"', r.text)  # asked only when needed
        body = {"wbp_id": str(wid), "kind": "pembebasan_bersyarat", "release_date": day(), "district": "Kota Pontianak"}
        r = c.post_form("/releases", body)
        self.assertEqual(r.status, 422, r)
        self.assertRegex(r.text, r'<input type="checkbox" id="f-confirm" name="confirm_kind" value="1">')
        self.assertIn('name="notes"', r.text)
        # confirmed without a reason: still refused, the box stays ticked
        r = c.post_form("/releases", dict(body, confirm_kind="1"))
        self.assertEqual(r.status, 422, r)
        self.assertIn('name="confirm_kind" value="1" checked>', r.text)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "ditahan")
        # with a reason: the review (the kind's confirmation carried along), then the release
        r = c.post_form("/releases", dict(body, confirm_kind="1", notes="Keputusan Ditjenpas"))
        self.assertEqual(r.status, 200, r)
        self.assertIn('name="confirm_kind" value="1"', r.text)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "ditahan")
        r = c.post_form("/releases", dict(body, confirm_kind="1", notes="Keputusan Ditjenpas", confirm="1"))
        self.assertEqual(r.status, 303, r)
        self.assertEqual(H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,)), "bebas")

    def overdue(self, who="bapas"):
        return {x["release_id"]: x for x in ok(api(who).api("GET", "/api/v1/followups/overdue"), 200)["items"]}

    def test_overdue_logic_through_api_and_page(self):
        wid = new_wbp()
        released = TODAY - datetime.timedelta(days=250)
        rel = release(wid, release_date=released.isoformat())
        rid = rel["id"]
        self.assertEqual(rel["followups_overdue"], 2)  # months 3 and 6 (rules/tindak-lanjut-default.json)
        self.assertEqual(self.overdue()[rid]["overdue"], 2)
        c = S.client()
        c.login("bapas")
        name = H.db_one("SELECT name FROM wbp WHERE id = ?", (wid,))
        self.assertIn("/releases/%d" % rid, c.get("/followups/overdue").text)
        # kanwil and kalapas read but may not write follow-ups
        for who in ("kanwil", "kalapas", "wali"):
            r = api(who).api("POST", "/api/v1/releases/%d/followups" % rid,
                             {"contact_date": day(-1), "status": "menganggur"})
            self.assertEqual(r.status, 403, who)
        # a contact before the release is refused
        r = api("bapas").api("POST", "/api/v1/releases/%d/followups" % rid,
                             {"contact_date": (released - datetime.timedelta(days=1)).isoformat(), "status": "menganggur"})
        self.assertEqual(r.status, 422)
        # Bapas records the 3-month contact: one point left overdue
        f = ok(api("bapas").api("POST", "/api/v1/releases/%d/followups" % rid,
                                {"contact_date": (released + datetime.timedelta(days=95)).isoformat(),
                                 "status": "bekerja_sesuai_pelatihan", "employer": "Bengkel Las Maju"}))
        self.assertEqual(f["who"], "bapas")
        self.assertEqual(self.overdue()[rid]["overdue"], 1)
        # the 6-month contact by staff (form): nothing overdue, off the list
        r = c.post_form("/releases/%d/followups" % rid, {"contact_date": day(-1), "status": "wirausaha",
                                                          "method": "kunjungan"})
        self.assertEqual(r.status, 303, r)
        self.assertNotIn(rid, self.overdue())
        self.assertNotIn("/releases/%d\"" % rid, c.get("/followups/overdue").text)
        j = ok(api("kanwil").api("GET", "/api/v1/releases/%d" % rid), 200)
        self.assertEqual([p["state"] for p in j["followup_schedule"]][:2], ["selesai", "selesai"])
        self.assertEqual(len(j["followups"]), 2)
        self.assertTrue(name)

    def test_fresh_release_is_not_overdue(self):
        rid = release(new_wbp(), release_date=day(-10))["id"]
        self.assertNotIn(rid, self.overdue())


class Report(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        # known rows this month at both sites: sales, a PNBP deposit, releases with follow-ups
        first = TODAY.replace(day=1).isoformat()
        for code, total, pnbp, premi in (("LPKTP", 1000000, 150000, 500000), ("LPPTK", 200000, 30000, 100000)):
            site = H.db_one("SELECT id FROM site WHERE code = ?", (code,))
            ucode = H.uniq("U")
            H.db_exec("INSERT INTO production_unit(site_id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                      (site, ucode, "Unit " + ucode, first, first))
            unit = H.db_one("SELECT id FROM production_unit WHERE code = ?", (ucode,))
            H.db_exec("INSERT INTO sale(site_id, unit_id, sale_date, receipt_no, total, premi, pnbp, capital, "
                      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (site, unit, first, H.uniq("R"), total, premi, pnbp, total - premi - pnbp, first, first))
        for who, kind in (("admin", "bebas_murni"), ("admin", "cuti_bersyarat"), ("admin.ptk", "bebas_murni")):
            rid = release(new_wbp(who=who), who=who, kind=kind, release_date=day(-1) if TODAY.day > 1 else day())["id"]
            ok(api(who).api("POST", "/api/v1/releases/%d/followups" % rid,
                            {"contact_date": day(), "status": "bekerja_lain"}))

    def expected(self, site=None):
        """The numbers straight from the tables, for site (a code) or every site."""
        where, p = ("AND r.site_id = (SELECT id FROM site WHERE code = ?)", (site,)) if site else ("", ())
        first = TODAY.replace(day=1).isoformat()
        last = (add_months(TODAY.replace(day=1), 1) - datetime.timedelta(days=1)).isoformat()
        kinds = {k: int(n) for k, n in H.db_query(
            "SELECT kind, COUNT(*) FROM wbp_release r WHERE release_date >= ? AND release_date <= ? %s GROUP BY kind"
            % where, (first, last) + p)}
        swhere = where.replace("r.site_id", "x.site_id")
        rev = H.db_query("SELECT COALESCE(SUM(total), 0), COALESCE(SUM(pnbp), 0), COALESCE(SUM(premi), 0) FROM sale x "
                         "WHERE sale_date >= ? AND sale_date <= ? %s" % swhere, (first, last) + p)[0]
        released = H.db_one("SELECT COUNT(*) FROM wbp_release r WHERE release_date <= ? %s" % where, (last,) + p)
        return kinds, [int(v) for v in rev], int(released)

    def check_csv(self, text, site=None):
        t = report_tables(text)
        kinds, rev, released = self.expected(site)
        rel = {row[0]: row for row in t["WBP bebas dalam periode menurut jenis pembebasan"]}
        self.assertEqual(int(rel["Bebas murni"][1]), kinds.get("bebas_murni", 0))
        self.assertEqual(int(rel["Cuti bersyarat"][1]), kinds.get("cuti_bersyarat", 0))
        self.assertEqual(int(rel["Jumlah"][1]), sum(kinds.values()))
        revt = {row[0]: row for row in t["Pendapatan, PNBP dan premi per bulan"]}
        self.assertEqual([int(x) for x in revt[MONTH][1:4]], rev)
        out = {row[0]: row for row in t["Keadaan WBP setelah bebas (kontak tindak lanjut terakhir)"]}
        self.assertEqual(int(out["Jumlah"][2]), released)
        self.assertGreaterEqual(int(out["Bekerja di bidang lain"][2]), 2 if site == "LPKTP" else 1)
        pipe = t["Alur calon peserta: syarat asimilasi"]
        sites = [row[0] for row in pipe if row[0] != "Jumlah"]
        self.assertEqual(sites, [site] if site else ["LPKTP", "LPPTK"])
        return rev, kinds

    def test_site_and_region_numbers_match_the_records(self):
        rev_site, _ = self.check_csv(cli_report("--site", "LPKTP", "--format", "csv").out, "LPKTP")
        rev_all, kinds_all = self.check_csv(cli_report("--region", "--format", "csv").out)
        self.assertGreater(rev_all[0], rev_site[0])
        # pipeline counts against the eligibility API for the site
        t = report_tables(cli_report("--site", "LPKTP", "--format", "csv").out)
        row = t["Alur calon peserta: syarat asimilasi"][0]
        elig = ok(api().api("GET", "/api/v1/eligibility?per_page=1&site=LPKTP"), 200)
        if TODAY.strftime("%Y-%m") == MONTH:
            self.assertEqual(int(row[1]), elig["total"])
            self.assertEqual(int(row[2]), elig["eligible"])

    def test_pdf_and_xlsx_contain_the_numbers(self):
        _, rev, _ = self.expected("LPKTP")
        d = tempfile.mkdtemp()
        pdf, xlsx = os.path.join(d, "r.pdf"), os.path.join(d, "r.xlsx")
        cli_report("--site", "LPKTP", "--format", "pdf", "-o", pdf)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True).stdout.decode()
        self.assertIn("Laporan Bulanan", text)
        self.assertIn("KANTOR WILAYAH", text)  # letterhead (setting report.letterhead.N)
        self.assertIn("Lapas Kelas IIB Ketapang", text)
        self.assertIn("Kepala Lembaga Pemasyarakatan", text)  # signature block
        rp = "{:,}".format(rev[0]).replace(",", ".")
        self.assertIn(rp, text)
        self.assertIn("Tabel 5", text)
        cli_report("--site", "LPKTP", "--format", "xlsx", "-o", xlsx)
        with zipfile.ZipFile(xlsx) as z:
            sheets = [n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
            self.assertEqual(len(sheets), 13)  # one per table (10: withdrawals by coded reason; 11-13: the funnel)
            body = "".join(z.read(n).decode() for n in sheets)
        # numbers are numeric cells, not text
        self.assertRegex(body, r'<c r="[A-Z]+\d+"[^>]*><v>%d</v></c>' % rev[0])

    def test_download_page_and_dashboard(self):
        c = S.client()
        c.login("kalapas")
        r = c.get("/reports/monthly")
        self.assertEqual(r.status, 200)
        r = c.get("/reports/monthly?format=xlsx&site=LPKTP&month=" + MONTH)
        self.assertEqual(r.status, 200)
        self.assertIn("spreadsheetml", r.header("Content-Type"))
        zipfile.ZipFile(io.BytesIO(r.body)).testzip()
        r = c.get("/reports/monthly?format=csv&month=" + MONTH)
        self.assertEqual(r.status, 200)
        self.check_csv(r.body.decode(), "LPKTP")
        self.assertEqual(c.get("/reports/monthly?format=doc&month=" + MONTH).status, 400)
        self.assertEqual(c.get("/reports/monthly?format=pdf&month=2026-13").status, 400)
        r = c.get("/dashboard")
        self.assertEqual(r.status, 200)
        self.assertIn('role="img"', r.text)
        self.assertEqual(r.text.count("<svg"), r.text.count('class="chart-data"') or r.text.count("<svg"))
        self.assertEqual(c.get("/dashboard?region=1").status, 403)  # the regional view is Kanwil's
        k = S.client()
        k.login("kanwil")
        r = k.get("/dashboard")
        self.assertEqual(r.status, 200)
        self.assertIn("LPPTK", r.text)
        self.assertIn("LPKTP", r.text)
        r = k.get("/reports/monthly?format=csv&region=1&month=" + MONTH)
        self.assertEqual(r.status, 200)
        self.check_csv(r.body.decode())
        # bapas has no dashboard
        b = S.client()
        b.login("bapas")
        self.assertEqual(b.get("/dashboard").status, 403)


if __name__ == "__main__":
    H.main()
