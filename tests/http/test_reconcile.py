"""test_reconcile.py — Bekal's sentence dates against an SDP export (issue 24).

The fixture register (tests/data/reconcile_wbp.csv, a site of its own) and the fixture
export (tests/data/sdp_export.csv, SDP-style headers, both date forms, one unreadable
row) hold one case of every class: sama, remisi, subsider, metode, pidana (a later start
and a longer sentence), tidak_diketahui (no cause fits; a life sentence with no dates in
Bekal), hanya_sdp and hanya_bekal. Checked through `bekal reconcile sdp` (JSON, CSV,
XLSX, PDF), the upload page (/reconcile) and POST /api/v1/reconcile/sdp, and that
nothing is written (the audit log does not grow).
"""
import io
import os
import zipfile

import harness as H

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
EXPORT = os.path.join(DATA, "sdp_export.csv")
SITE = "RKT"
STAF = "rk.staf"  # a staf officer of the fixture site

EXPECTED = {
    "RK.01/2024": "sama",
    "RK.02/2024": "remisi",
    "RK.03/2024": "subsider",
    "RK.04/2024": "metode",
    "RK.05/2024": "pidana",
    "RK.06/2024": "pidana",
    "RK.07/2024": "tidak_diketahui",
    "RK.08/2024": "hanya_bekal",
    "RK.09/2024": "hanya_sdp",
    "RK.10/2024": "tidak_diketahui",
}


def setUpModule():
    H.setup_db()
    if not H.db_one("SELECT id FROM site WHERE code = ?", (SITE,)):
        r = H.cli("site", "add", SITE, "--name", "Lapas Uji Rekonsiliasi")
        assert r.code == 0, r
        r = H.cli("import", "wbp", os.path.join(DATA, "reconcile_wbp.csv"), "--site", SITE)
        assert r.code == 0, r
        H.add_user(STAF, "staf", SITE)
    global SERVER
    SERVER = H.start_server()


def tearDownModule():
    H.stop_servers()


def export_bytes():
    with open(EXPORT, "rb") as f:
        return f.read()


class Cli(H.BekalTest):
    def test_every_class(self):
        before = H.audit_count()
        r = H.cli("reconcile", "sdp", EXPORT, "--site", SITE)
        self.assertEqual(r.code, 0, r)
        j = __import__("json").loads(r.out)
        got = {row["regno"]: row["class"] for row in j["rows"]}
        self.assertEqual(got, EXPECTED)
        self.assertEqual(j["counts"], {"sama": 1, "remisi": 1, "pidana": 2, "subsider": 1, "metode": 1,
                                       "tidak_diketahui": 2, "hanya_sdp": 1, "hanya_bekal": 1})
        # the unreadable row is named, not compared; the rest still are
        self.assertEqual(j["errors_total"], 1)
        self.assertEqual(j["errors"][0]["line"], 11)
        self.assertIn("expiry", j["errors"][0]["message"])
        self.assertIn("tidak dapat dibaca", r.err)
        # the worklist: the largest difference first, agreement last
        sizes = [row["size"] for row in j["rows"] if row["class"] != "sama"]
        self.assertEqual(sizes, sorted(sizes, reverse=True))
        self.assertEqual(j["rows"][-1]["class"], "sama")
        rows = {row["regno"]: row for row in j["rows"]}
        # Bekal and SDP dates side by side, the difference in days (SDP - Bekal)
        self.assertEqual(rows["RK.02/2024"]["bekal"]["expiry"], "2027-05-10")
        self.assertEqual(rows["RK.02/2024"]["sdp"]["expiry"], "2027-04-10")   # written 10-04-2027
        self.assertEqual(rows["RK.02/2024"]["sdp"]["remisi_total"], "1m")
        self.assertEqual(rows["RK.02/2024"]["diff"]["expiry"], -30)
        self.assertEqual(rows["RK.05/2024"]["diff"], {"expiry": 10, "half": 10, "two_thirds": 10})
        self.assertIn("mulai", rows["RK.05/2024"]["explanation"])
        self.assertIn("Lama pidana", rows["RK.06/2024"]["explanation"])
        self.assertIsNone(rows["RK.10/2024"]["bekal"])   # a life sentence: no dates in Bekal
        self.assertIsNone(rows["RK.08/2024"]["line"])
        self.assertEqual(H.audit_count(), before, "a reconciliation changed nothing")

    def test_files(self):
        r = H.cli("reconcile", "sdp", EXPORT, "--site", SITE, "--format", "csv")
        self.assertEqual(r.code, 0, r)
        self.assertIn("RK.06/2024", r.out)
        self.assertIn("remisi,", r.out)  # the counts table keeps the class codes
        out = os.path.join(H._TMP, "recon.xlsx")
        r = H.cli("reconcile", "sdp", EXPORT, "--site", SITE, "--format", "xlsx", "-o", out)
        self.assertEqual(r.code, 0, r)
        with zipfile.ZipFile(out) as z:
            self.assertIn("xl/workbook.xml", z.namelist())
        pdf = os.path.join(H._TMP, "recon.pdf")
        r = H.cli("reconcile", "sdp", EXPORT, "--site", SITE, "--format", "pdf", "-o", pdf)
        self.assertEqual(r.code, 0, r)
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")

    def test_refusals(self):
        bad = os.path.join(H._TMP, "noheader.csv")
        with open(bad, "w") as f:
            f.write("nomor;nama\nRK.01/2024;A\n")
        r = H.cli("reconcile", "sdp", bad, "--site", SITE)
        self.assertEqual(r.code, 1, r)
        self.assertIn("tanggal_ekspirasi", r.err)  # names the headers it accepts
        r = H.cli("reconcile", "sdp", EXPORT, "--site", "NOPE")
        self.assertEqual(r.code, 2, r)
        r = H.cli("reconcile", "sdp", EXPORT, "--format", "doc")
        self.assertEqual(r.code, 2, r)
        r = H.cli("reconcile", "sdp", os.path.join(H._TMP, "missing.csv"))
        self.assertEqual(r.code, 1, r)


class Web(H.BekalTest):
    def setUp(self):
        self.c = SERVER.client()
        self.c.login(STAF)

    def test_upload_page(self):
        r = self.c.get("/reconcile")
        self.assertStatus(r, 200)
        self.assertIn('enctype="multipart/form-data"', r.text)
        before = H.audit_count()
        r = self.c.post_multipart("/reconcile", [("site", SITE), ("at", H.TODAY.isoformat()), ("format", "html")],
                                  [("file", "sdp.csv", export_bytes(), "text/csv")])
        self.assertStatus(r, 200)
        for regno in EXPECTED:
            self.assertIn(regno, r.text)
        self.assertIn("Remisi tidak sama", r.text)
        self.assertIn("Hanya ada di SDP", r.text)
        self.assertIn("tidak dapat dibaca", r.text)
        self.assertEqual(H.audit_count(), before)
        r = self.c.post_multipart("/reconcile", [("site", SITE), ("format", "xlsx")],
                                  [("file", "sdp.csv", export_bytes(), "text/csv")])
        self.assertStatus(r, 200)
        self.assertIn("spreadsheetml", r.header("Content-Type"))
        zipfile.ZipFile(io.BytesIO(r.body)).testzip()

    def test_bad_file_keeps_the_form(self):
        r = self.c.post_multipart("/reconcile", [("site", SITE), ("at", "2026-11-30"), ("format", "pdf")],
                                  [("file", "x.csv", b"nomor;nama\n1;A\n", "text/csv")])
        self.assertStatus(r, 422)
        self.assertIn("tanggal_ekspirasi", r.text)
        self.assertIn('value="2026-11-30"', r.text)          # what was chosen is kept
        self.assertIn('value="pdf" selected', r.text)
        r = self.c.post_multipart("/reconcile", [("site", SITE)], [], )
        self.assertStatus(r, 422)

    def test_csrf_and_roles(self):
        r = self.c.post_multipart("/reconcile", [("site", SITE)], [("file", "sdp.csv", export_bytes(), "text/csv")],
                                  csrf="wrong")
        self.assertStatus(r, 403)
        wali = SERVER.client()
        wali.login("wali")
        self.assertStatus(wali.get("/reconcile"), 403)
        # an officer of another site cannot compare against this site's register
        admin = SERVER.client()
        admin.login("admin")
        self.assertStatus(admin.get("/reconcile"), 200)
        r = admin.post_multipart("/reconcile", [("site", SITE)], [("file", "sdp.csv", export_bytes(), "text/csv")])
        self.assertStatus(r, 403)


class Api(H.BekalTest):
    def test_api(self):
        c = SERVER.client(token=H.token_for(STAF))
        r = c.api("POST", "/api/v1/reconcile/sdp?site=%s" % SITE, raw=export_bytes(), ctype="text/csv")
        self.assertStatus(r, 200)
        j = r.json()
        self.assertEqual({row["regno"]: row["class"] for row in j["rows"]}, EXPECTED)
        self.assertEqual(j["site"], SITE)
        r = c.api("POST", "/api/v1/reconcile/sdp?site=%s&format=csv" % SITE, raw=export_bytes(), ctype="text/csv")
        self.assertStatus(r, 200)
        self.assertIn("RK.06/2024", r.text)
        self.assertApiError(c.api("POST", "/api/v1/reconcile/sdp?site=%s" % SITE, raw=b"a;b\n1;2\n",
                                  ctype="text/csv"), 400)
        self.assertApiError(c.api("POST", "/api/v1/reconcile/sdp?site=%s" % SITE, raw=b"", ctype="text/csv"), 400)


if __name__ == "__main__":
    H.main()
