"""test_transfer.py — the safety-threatened exclusion recorded by people (issue 20),
transfers that carry the record and coded withdrawal reasons (issue 26).

* Exclusion: recording one (POST /api/v1/wbp/{id}/exclusions, the WBP page's form)
  makes an eligible inmate not eligible, and the explanation names the record and its
  basis; ending it with a reason restores eligibility; one record in force at a time;
  refusals (no basis, a future date, an end without reason) keep what was typed on the
  page; audited; a wali reads the caseload's records but may not write them.
"""
import harness as H


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN
    SERVER = H.start_server()
    ADMIN = SERVER.client(token=H.token_for("admin"))


def tearDownModule():
    H.stop_servers()


def eligibility(wid):
    r = ADMIN.api("GET", "/api/v1/wbp/%d/eligibility" % wid)
    if r.status != 200:
        raise AssertionError(repr(r))
    return r.json()


def requirement(j, code):
    for q in j["requirements"]:
        if q["code"] == code:
            return q
    return None


class Exclusion(H.BekalTest):
    def test_record_excludes_and_end_restores(self):
        w = H.eligible_wbp(ADMIN)
        self.assertTrue(eligibility(w["id"])["eligible"])
        before = H.audit_count()
        r = ADMIN.api("POST", "/api/v1/wbp/%d/exclusions" % w["id"],
                      {"from_date": H.day(-3), "basis": "SK Kalapas W12.PAS.1-PK.01/2026", "note": "ancaman di blok"})
        self.assertStatus(r, 201)
        x = r.json()
        self.assertTrue(x["in_force"])
        self.assertEqual(x["from_date"], H.day(-3))
        self.assertEqual(H.audit_count(), before + 1)
        j = eligibility(w["id"])
        self.assertFalse(j["eligible"])
        q = requirement(j, "keselamatan")
        self.assertIsNotNone(q, j)
        self.assertFalse(q["met"])
        self.assertIn("W12.PAS.1-PK.01/2026", q["detail"])
        # one in force at a time
        r = ADMIN.api("POST", "/api/v1/wbp/%d/exclusions" % w["id"], {"basis": "lagi"})
        self.assertApiError(r, 409, "already_excluded")
        # the WBP page shows it with the form to end it
        page = SERVER.client()
        page.login("admin")
        r = page.get("/wbp/%d" % w["id"])
        self.assertIn("W12.PAS.1-PK.01/2026", r.text)
        self.assertIn('action="/exclusions/%d/end"' % x["id"], r.text)
        # ending it needs a reason; it restores eligibility and keeps the row
        self.assertApiError(ADMIN.api("POST", "/api/v1/exclusions/%d/end" % x["id"], {"reason": ""}), 422)
        r = ADMIN.api("POST", "/api/v1/exclusions/%d/end" % x["id"], {"reason": "pelaku dipindahkan"})
        self.assertStatus(r, 200)
        self.assertFalse(r.json()["in_force"])
        self.assertEqual(r.json()["until_date"], H.TODAY.isoformat())
        self.assertEqual(r.json()["end_reason"], "pelaku dipindahkan")
        self.assertApiError(ADMIN.api("POST", "/api/v1/exclusions/%d/end" % x["id"], {"reason": "lagi"}), 409)
        j = eligibility(w["id"])
        self.assertTrue(j["eligible"], j)
        items = ADMIN.api("GET", "/api/v1/wbp/%d/exclusions" % w["id"]).json()["items"]
        self.assertEqual([(i["id"], i["in_force"]) for i in items], [(x["id"], False)])
        self.assertEqual(H.audit_count(), before + 2)
        # an usulan is refused while a record holds
        r = ADMIN.api("POST", "/api/v1/wbp/%d/exclusions" % w["id"], {"basis": "ancaman baru"})
        self.assertStatus(r, 201)
        r = ADMIN.api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"})
        self.assertApiError(r, 422, "not_eligible")
        self.assertIn("keselamatan", [u["code"] for u in r.json()["error"]["unmet"]])

    def test_refusals_on_the_page_keep_input(self):
        w = H.eligible_wbp(ADMIN)
        c = SERVER.client()
        c.login("staf")
        c.refresh_csrf("/wbp/%d" % w["id"])
        r = c.post_form("/wbp/%d/exclusions" % w["id"], {"from_date": H.day(5), "basis": "", "note": "catatan X"})
        self.assertStatus(r, 422)
        self.assertIn('value="catatan X"', r.text)
        self.assertIn('value="%s"' % H.day(5), r.text)
        self.assertIn("sesudah hari ini", r.text)
        r = c.post_form("/wbp/%d/exclusions" % w["id"], {"from_date": H.day(-1), "basis": "Nota dinas 7/2026"})
        self.assertStatus(r, 303)
        xid = int(H.db_one("SELECT id FROM wbp_exclusion WHERE wbp_id = ?", (w["id"],)))
        r = c.post_form("/exclusions/%d/end" % xid, {"reason": "", "until_date": H.day(-5)})
        self.assertStatus(r, 422)
        r = c.post_form("/exclusions/%d/end" % xid, {"reason": "ancaman selesai"})
        self.assertStatus(r, 303)
        self.assertTrue(eligibility(w["id"])["eligible"])
        # without CSRF: refused
        r = c.post_form("/wbp/%d/exclusions" % w["id"], {"basis": "x"}, csrf=False)
        self.assertIn(r.status, (400, 403))
        self.assertEqual(int(H.db_one("SELECT count(*) FROM wbp_exclusion WHERE wbp_id = ?", (w["id"],))), 1)

    def test_wali_reads_but_does_not_write(self):
        w = H.eligible_wbp(ADMIN)   # in the demo wali's caseload
        self.assertStatus(ADMIN.api("POST", "/api/v1/wbp/%d/exclusions" % w["id"], {"basis": "SK 1"}), 201)
        wali = SERVER.client(token=H.token_for("wali"))
        r = wali.api("GET", "/api/v1/wbp/%d/exclusions" % w["id"])
        self.assertStatus(r, 200)
        self.assertEqual(len(r.json()["items"]), 1)
        self.assertApiError(wali.api("POST", "/api/v1/wbp/%d/exclusions" % w["id"], {"basis": "SK 2"}), 403)
        xid = r.json()["items"][0]["id"]
        self.assertApiError(wali.api("POST", "/api/v1/exclusions/%d/end" % xid, {"reason": "x"}), 403)
        kalapas = SERVER.client(token=H.token_for("kalapas"))
        self.assertStatus(kalapas.api("POST", "/api/v1/exclusions/%d/end" % xid, {"reason": "selesai"}), 200)


if __name__ == "__main__":
    H.main()
