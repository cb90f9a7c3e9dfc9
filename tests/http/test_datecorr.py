"""test_datecorr.py — a correction of a computed date with a reason (issue 24).

The kalapas (or admin) records a correction of an inmate's expiry, 1/2 or 2/3 date with a
coded reason (rule data), a document reference and a note. Every place that uses the date
uses the correction and says it is corrected, with the reason: the screening page (and its
CSV/API), the WBP page, the usulan's eligibility guard and the TPP list, the SDP
reconciliation. The correction lapses by itself when the inputs it corrected change (here: a
new remisi) and the WBP page says why. Audited; CSRF; roles (staf and wali may not record).
"""
import csv
import io
import math

import harness as H


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN, KALAPAS
    SERVER = H.start_server()
    ADMIN = SERVER.client(token=H.token_for("admin"))
    KALAPAS = SERVER.client(token=H.token_for("kalapas"))


def tearDownModule():
    H.stop_servers()


def later_inmate():
    """An inmate who meets every requirement but 1/2 of the sentence, reached in about four
    months (detained 20 months ago, a four-year term)."""
    return H.eligible_wbp(ADMIN, detention_start=H.day(-600), term_years=4, term_months=0)


def elig(wid):
    r = ADMIN.api("GET", "/api/v1/wbp/%d/eligibility" % wid)
    assert r.status == 200, r
    return r.json()


def correct(wid, client=None, **body):
    b = {"which": "setengah", "corrected_date": H.day(-10), "reason": "putusan_pengadilan",
         "document_ref": "Putusan PN 77/Pid.B/2026", "note": "putusan banding"}
    b.update(body)
    return (client or KALAPAS).api("POST", "/api/v1/wbp/%d/date-corrections" % wid, b)


def screening_csv(show="eligible"):
    r = ADMIN.get("/eligibility.csv", {"show": show})
    assert r.status == 200, r
    return list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))


class Corrections(H.BekalTest):
    def test_correction_used_everywhere_and_lapses_with_a_remisi(self):
        w = later_inmate()
        before = elig(w["id"])
        self.assertFalse(before["eligible"])
        computed = before["dates"]["half"]
        self.assertGreater(computed, H.TODAY.isoformat())
        self.assertNotIn(w["regno"], [x["regno"] for x in screening_csv()])
        audits = H.audit_count()
        r = correct(w["id"])
        self.assertStatus(r, 201)
        c = r.json()
        self.assertEqual(c["state"], "berlaku")
        self.assertEqual(c["computed_date"], computed)
        self.assertEqual(c["corrected_date"], H.day(-10))
        self.assertEqual(c["decided_on"], H.TODAY.isoformat())
        self.assertIn("remisi=", c["inputs"])
        self.assertEqual(H.audit_count(), audits + 1)
        # the eligibility computation uses it: eligible now, 1/2 corrected
        e = elig(w["id"])
        self.assertTrue(e["eligible"])
        self.assertEqual(e["dates"]["half"], H.day(-10))
        self.assertEqual([(x["which"], x["state"], x["reason"]) for x in e["corrections"]],
                         [("setengah", "berlaku", "Putusan pengadilan")])
        masa = [q for q in e["requirements"] if q["code"] == "masa_pidana"][0]
        self.assertIn("dikoreksi (Putusan pengadilan)", masa["detail"])
        # the screening page: listed as eligible, marked corrected with the reason
        rows = [x for x in screening_csv() if x["regno"] == w["regno"]]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["half"], H.day(-10))
        self.assertIn("dikoreksi: Putusan pengadilan", rows[0]["corrected"])
        matched = len(screening_csv())
        page = ADMIN.get("/eligibility", {"show": "eligible", "page": max(1, math.ceil(matched / 50))})
        self.assertIn(w["regno"], page.text)
        self.assertIn("1/2 masa pidana dikoreksi: Putusan pengadilan", page.text)
        # the WBP page
        c_page = SERVER.client()
        c_page.login("kalapas")
        p = c_page.get("/wbp/%d" % w["id"])
        self.assertIn('id="koreksi-tanggal"', p.text)
        self.assertIn("dikoreksi menjadi", p.text)
        self.assertIn("Putusan PN 77/Pid.B/2026", p.text)
        # the usulan (only possible with the correction) and the TPP list show it
        r = ADMIN.api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"})
        self.assertStatus(r, 201)
        u = r.json()
        labels = [q["label"] for q in u["eligibility"]["requirements"]] if "eligibility" in u else \
            [q["label"] for q in ADMIN.api("GET", "/api/v1/usulan/%d" % u["id"]).json()["eligibility"]["requirements"]]
        self.assertIn("Masa pidana (1/2 atau 2/3) — dikoreksi: Putusan pengadilan", labels)
        for d in u["checklist"]:
            if d["status"] == "belum_ada":
                self.assertStatus(ADMIN.api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                            {"doc_code": d["code"], "present": True}), 200)
        tpp = H.day(9)
        self.assertStatus(ADMIN.api("POST", "/api/v1/usulan/%d/step" % u["id"],
                                    {"confirm": True, "to": "diusulkan_tpp", "tpp_date": tpp}), 200)
        t = ADMIN.get("/tpp", {"date": tpp})
        self.assertStatus(t, 200)
        self.assertIn(w["regno"], t.text)
        self.assertIn("dikoreksi: Putusan pengadilan", t.text)
        # a new remisi: the correction lapses, Bekal's own date is back, the officer is told why
        self.assertStatus(ADMIN.api("POST", "/api/v1/wbp/%d/remisi" % w["id"],
                                    {"kind": "umum", "months": 1, "granted_date": H.day(-1)}), 201)
        e = elig(w["id"])
        self.assertNotEqual(e["dates"]["half"], H.day(-10))
        self.assertLess(e["dates"]["half"], computed)  # the remisi counts
        self.assertEqual(e["corrections"][0]["state"], "gugur")
        self.assertIn("remisi berubah", e["corrections"][0]["lapse_cause"])
        lst = KALAPAS.api("GET", "/api/v1/wbp/%d/date-corrections" % w["id"]).json()["items"]
        self.assertEqual([(x["state"], "remisi berubah (0 bl 0 hr → 1 bl 0 hr)" in (x["lapse_cause"] or ""))
                          for x in lst], [("gugur", True)])
        p = c_page.get("/wbp/%d" % w["id"])
        self.assertIn("gugur karena remisi berubah", p.text)
        self.assertNotIn("dikoreksi: Putusan pengadilan", ADMIN.get("/tpp", {"date": tpp}).text)
        rows = [x for x in screening_csv("all") if x["regno"] == w["regno"]]
        self.assertEqual(rows[0]["corrected"], "")

    def test_replace_withdraw_and_refusals(self):
        w = later_inmate()
        r = correct(w["id"], which="ekspirasi", corrected_date=H.day(900), reason="koreksi_sdp")
        self.assertStatus(r, 201)
        first = r.json()
        self.assertEqual(elig(w["id"])["dates"]["expiry"], H.day(900))
        # a second correction of the same date replaces the first (ended, with a reason)
        r = correct(w["id"], ADMIN, which="ekspirasi", corrected_date=H.day(901), reason="pindah_berkas")
        self.assertStatus(r, 201)
        second = r.json()
        lst = ADMIN.api("GET", "/api/v1/wbp/%d/date-corrections" % w["id"]).json()["items"]
        self.assertEqual([(x["id"], x["state"]) for x in lst], [(second["id"], "berlaku"), (first["id"], "berakhir")])
        self.assertEqual(lst[1]["end_reason"], "Diganti koreksi baru")
        self.assertEqual(elig(w["id"])["dates"]["expiry"], H.day(901))
        # withdrawal: a reason is required; the row stays; Bekal's own date is back
        url = "/api/v1/date-corrections/%d/end" % second["id"]
        self.assertApiError(KALAPAS.api("POST", url, {"reason": ""}), 422)
        r = KALAPAS.api("POST", url, {"reason": "salah WBP"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "berakhir")
        self.assertApiError(KALAPAS.api("POST", url, {"reason": "lagi"}), 409)
        self.assertNotIn(elig(w["id"])["dates"]["expiry"], (H.day(900), H.day(901)))
        # refusals
        r = correct(w["id"], reason="lainnya", note="", document_ref="")
        self.assertApiError(r, 422)
        self.assertIn("note", r.json()["error"]["fields"])
        self.assertIn("document_ref", r.json()["error"]["fields"])
        r = correct(w["id"], which="sepertiga", reason="x", decided_on=H.day(2))
        for f in ("which", "reason", "decided_on"):
            self.assertIn(f, r.json()["error"]["fields"])
        r = correct(w["id"], corrected_date=elig(w["id"])["dates"]["half"])
        self.assertIn("corrected_date", r.json()["error"]["fields"])  # the same as Bekal's
        self.assertApiError(correct(w["id"], colour="red"), 422)
        # a life sentence has no dates to correct
        r = ADMIN.api("POST", "/api/v1/wbp", H.valid_wbp(sentence_kind="seumur_hidup", term_years=0, term_months=0))
        if r.status == 201:
            self.assertIn("which", correct(r.json()["id"]).json()["error"]["fields"])
        # roles: staf and wali may not record; they read
        for role in ("staf", "wali"):
            self.assertApiError(correct(w["id"], SERVER.client(token=H.token_for(role))), 403)
        self.assertStatus(SERVER.client(token=H.token_for("staf")).api(
            "GET", "/api/v1/wbp/%d/date-corrections" % w["id"]), 200)

    def test_page_form_csrf_and_typed_values(self):
        w = later_inmate()
        c = SERVER.client()
        c.login("kalapas")
        c.refresh_csrf("/wbp/%d" % w["id"])
        page = c.get("/wbp/%d" % w["id"])
        self.assertIn('action="/wbp/%d/date-corrections"' % w["id"], page.text)
        form = {"which": "dua_pertiga", "corrected_date": H.day(400), "reason": "lainnya", "document_ref": "SK-1",
                "note": "", "decided_on": H.TODAY.isoformat()}
        self.assertStatus(c.post_form("/wbp/%d/date-corrections" % w["id"], form, csrf="wrong"), 403)
        r = c.post_form("/wbp/%d/date-corrections" % w["id"], form)
        self.assertStatus(r, 422)
        self.assertIn('value="dua_pertiga" selected', r.text)
        self.assertIn('value="SK-1"', r.text)
        self.assertIn("memerlukan catatan", r.text)
        form["note"] = "berkas Lapas asal"
        self.assertStatus(c.post_form("/wbp/%d/date-corrections" % w["id"], form), 303)
        self.assertEqual(elig(w["id"])["dates"]["two_thirds"], H.day(400))
        cid = int(H.db_one("SELECT id FROM wbp_date_correction WHERE wbp_id = ?", (w["id"],)))
        self.assertStatus(c.post_form("/date-corrections/%d/end" % cid, {"reason": ""}), 422)
        self.assertStatus(c.post_form("/date-corrections/%d/end" % cid, {"reason": "keliru"}), 303)
        # a staf sees the section but not the form
        s = SERVER.client()
        s.login("staf")
        p = s.get("/wbp/%d" % w["id"])
        self.assertIn('id="koreksi-tanggal"', p.text)
        self.assertNotIn('action="/wbp/%d/date-corrections"' % w["id"], p.text)

    def test_reconciliation_shows_the_corrected_date(self):
        w = later_inmate()
        self.assertStatus(correct(w["id"]), 201)
        e = elig(w["id"])
        d = e["dates"]
        body = ("no_registrasi,nama,tanggal_ekspirasi,tanggal_setengah,tanggal_dua_pertiga\n%s,%s,%s,%s,%s\n"
                % (w["regno"], w["name"], d["expiry"], H.day(-10), d["two_thirds"])).encode()
        site = H.db_one("SELECT s.code FROM wbp w JOIN site s ON s.id = w.site_id WHERE w.id = ?", (w["id"],))
        r = KALAPAS.api("POST", "/api/v1/reconcile/sdp?site=%s" % site, raw=body, ctype="text/csv")
        self.assertStatus(r, 200)
        row = [x for x in r.json()["rows"] if x["regno"] == w["regno"]][0]
        self.assertEqual(row["class"], "sama")           # SDP holds the corrected date
        self.assertEqual(row["bekal"]["half"], H.day(-10))
        self.assertIn("Putusan pengadilan", row["corrected"])
        self.assertIn("memakai koreksi", row["explanation"])

    def test_demo_has_corrections(self):
        n = int(H.db_one("SELECT count(*) FROM wbp_date_correction WHERE document_ref LIKE '%contoh%'"))
        self.assertGreaterEqual(n, 3)


if __name__ == "__main__":
    H.main()
