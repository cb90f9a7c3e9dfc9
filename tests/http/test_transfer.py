"""test_transfer.py — the safety-threatened exclusion recorded by people (issue 20),
transfers that carry the record and coded withdrawal reasons (issue 26).

* Exclusion: recording one (POST /api/v1/wbp/{id}/exclusions, the WBP page's form)
  makes an eligible inmate not eligible, and the explanation names the record and its
  basis; ending it with a reason restores eligibility; one record in force at a time;
  refusals (no basis, a future date, an end without reason) keep what was typed on the
  page; audited; a wali reads the caseload's records but may not write them.
* Transfer (POST /api/v1/wbp/{id}/transfer {to_site, date, confirm}; the WBP page's form
  with its review step): without confirm a preview that changes nothing; with it one
  transaction ends the open enrolments (mundur, coded reason "pindah"), carries the premi
  balance (a closing entry at the sending site, an opening entry of the same parts at the
  receiving one: the sums are checked) and the coaching records, moves the inmate and sets
  wbp.transfer_date. The receiving site sees the training history and certificates; the
  sending site no longer sees the inmate. A past-date screening counts him at the sending
  site before the transfer date. A future date is scheduled and applied by
  `bekal release apply-due` on its date.
* Withdrawal reasons: a withdrawal (mundur) takes a coded reason (rules/alasan-mundur-*.json;
  an unknown code is refused with 422), stored on the enrolment and its event; the monthly
  report / dashboard section "withdrawals" counts them by reason, and a withdrawal stored
  without a code (before the codes) counts as "lainnya".
"""
import json
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


def site_id(code):
    return int(H.db_one("SELECT id FROM site WHERE code = ?", (code,)))


# the receiving site has no inmate with the same registration number (the demo's sites share some)
FREE_AT_B = "NOT EXISTS (SELECT 1 FROM wbp x JOIN site sb ON sb.id = x.site_id WHERE sb.code = ? AND x.regno = w.regno)"


def open_enrolled_with_premi():
    """A held inmate of site A with an open enrolment and a premi balance (the demo has them)."""
    row = H.db_query(
        "SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id JOIN premi_balance b ON b.wbp_id = w.id "
        "WHERE s.code = ? AND w.status = 'ditahan' AND b.spendable > 0 AND b.saved > 0 AND EXISTS (SELECT 1 FROM "
        "enrolment e WHERE e.wbp_id = w.id AND e.status IN ('kandidat','ditempatkan','daftar_tunggu','terdaftar')) "
        "AND NOT EXISTS (SELECT 1 FROM wbp_transfer t WHERE t.wbp_id = w.id) AND " + FREE_AT_B + " ORDER BY w.id LIMIT 1",
        (H.SITE_A, H.SITE_B))
    if not row:
        raise AssertionError("the demo has no held inmate with an open enrolment and premi")
    return int(row[0][0])


def with_certificate():
    row = H.db_query(
        "SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id JOIN enrolment e ON e.wbp_id = w.id JOIN certificate c "
        "ON c.enrolment_id = e.id WHERE s.code = ? AND w.status = 'ditahan' AND NOT EXISTS (SELECT 1 FROM wbp_transfer t "
        "WHERE t.wbp_id = w.id) AND " + FREE_AT_B + " ORDER BY w.id LIMIT 1", (H.SITE_A, H.SITE_B))
    if not row:
        raise AssertionError("the demo has no held inmate with a certificate")
    return int(row[0][0])


def ledger_sum(wid, site):
    """(spendable, saved) moved by the inmate's ledger entries at a site."""
    r = H.db_query("SELECT COALESCE(sum(spendable_delta), 0), COALESCE(sum(saved_delta), 0) FROM premi_ledger "
                   "WHERE wbp_id = ? AND site_id = ?", (wid, site_id(site)))[0]
    return int(r[0]), int(r[1])


class Transfer(H.BekalTest):
    def test_transfer_carries_enrolments_and_premi(self):
        wid = open_enrolled_with_premi()
        sp, sv = (int(x) for x in H.db_query("SELECT spendable, saved FROM premi_balance WHERE wbp_id = ?", (wid,))[0])
        open_en = [int(x[0]) for x in H.db_query(
            "SELECT id FROM enrolment WHERE wbp_id = ? AND status IN ('kandidat','ditempatkan','daftar_tunggu','terdaftar')",
            (wid,))]
        a_before = ledger_sum(wid, H.SITE_A)
        self.assertEqual(a_before, (sp, sv))
        # the preview changes nothing
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": H.SITE_B, "date": H.TODAY.isoformat()})
        self.assertStatus(r, 200)
        pv = r.json()
        self.assertTrue(pv["confirm_required"])
        self.assertEqual(pv["preview"]["premi_carried"], sp + sv)
        self.assertEqual(pv["preview"]["enrolments_ended"], len(open_en))
        self.assertEqual(int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (wid,))), site_id(H.SITE_A))
        self.assertEqual(int(H.db_one("SELECT count(*) FROM wbp_transfer WHERE wbp_id = ?", (wid,))), 0)
        # refusals: unknown site, own site
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": "NOPE", "confirm": True})
        self.assertApiError(r, 422)
        self.assertIn("to_site", r.json()["error"]["fields"])
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": H.SITE_A, "confirm": True})
        self.assertApiError(r, 422)
        before = H.audit_count()
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % wid,
                      {"to_site": H.SITE_B, "date": H.TODAY.isoformat(), "note": "SK Kakanwil 1/2026", "confirm": True})
        self.assertStatus(r, 201)
        t = r.json()
        self.assertEqual((t["state"], t["from_site"], t["to_site"]), ("berlaku", H.SITE_A, H.SITE_B))
        self.assertEqual(t["premi_carried"], sp + sv)
        self.assertEqual(t["enrolments_ended"], len(open_en))
        self.assertGreater(H.audit_count(), before + len(open_en) + 2)
        # the inmate moved, with his transfer date
        row = H.db_query("SELECT site_id, status, transfer_date FROM wbp WHERE id = ?", (wid,))[0]
        self.assertEqual((int(row[0]), row[1], row[2]), (site_id(H.SITE_B), "ditahan", H.TODAY.isoformat()))
        # enrolments ended with the coded reason
        for eid in open_en:
            st, wr = H.db_query("SELECT status, withdraw_reason FROM enrolment WHERE id = ?", (eid,))[0]
            self.assertEqual((st, wr), ("mundur", "pindah"))
        # premi: the closing entry empties site A, the opening entry gives the same parts at site B
        out = H.db_query("SELECT amount, spendable_delta, saved_delta, spendable_after, saved_after FROM premi_ledger "
                         "WHERE wbp_id = ? AND kind = 'transfer_out'", (wid,))
        inn = H.db_query("SELECT amount, spendable_delta, saved_delta, spendable_after, saved_after FROM premi_ledger "
                         "WHERE wbp_id = ? AND kind = 'transfer_in'", (wid,))
        self.assertEqual([tuple(int(x) for x in out[0])], [(sp + sv, -sp, -sv, 0, 0)])
        self.assertEqual([tuple(int(x) for x in inn[0])], [(sp + sv, sp, sv, sp, sv)])
        self.assertEqual(ledger_sum(wid, H.SITE_A), (0, 0))
        self.assertEqual(ledger_sum(wid, H.SITE_B), (sp, sv))
        row = H.db_query("SELECT site_id, spendable, saved FROM premi_balance WHERE wbp_id = ?", (wid,))[0]
        self.assertEqual(tuple(int(x) for x in row), (site_id(H.SITE_B), sp, sv))
        # the receiving site sees him, his premi and his training history; the sending site no longer
        b = SERVER.client(token=H.token_for("admin.ptk"))
        self.assertStatus(b.api("GET", "/api/v1/wbp/%d" % wid), 200)
        led = b.api("GET", "/api/v1/wbp/%d/premi" % wid)
        self.assertStatus(led, 200)
        self.assertEqual(led.json()["balance"]["total"], sp + sv)
        h = b.api("GET", "/api/v1/wbp/%d/transfers" % wid)
        self.assertStatus(h, 200)
        self.assertEqual([x["id"] for x in h.json()["items"]], [t["id"]])
        self.assertEqual(sorted(x["id"] for x in h.json()["enrolments"] if x["withdraw_reason"] == "pindah"),
                         sorted(open_en))
        self.assertApiError(ADMIN.api("GET", "/api/v1/wbp/%d" % wid), 404)
        # twice: the inmate is no longer at the sending site
        self.assertApiError(b.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": H.SITE_B, "confirm": True}), 422)
        # bekal check: every changed row has its audit entry
        r = H.cli("check")
        self.assertNotIn("wbp_transfer", r.out + r.err)
        self.assertNotIn("premi", (r.out + r.err).lower().replace("premi_policy", ""))

    def test_receiving_site_sees_certificates_and_past_screening(self):
        wid = with_certificate()
        cert = H.db_one("SELECT c.number FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.wbp_id = ?",
                        (wid,))
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": H.SITE_B, "confirm": True})
        self.assertStatus(r, 201)
        b = SERVER.client()
        b.login("admin.ptk")
        page = b.get("/wbp/%d" % wid)
        self.assertStatus(page, 200)
        self.assertIn(cert, page.text)
        self.assertIn("Riwayat pelatihan di semua lokasi", page.text)
        # a screening of a past date: at the sending site then, not at the receiving one
        at = H.day(-30)
        got = {x["id"] for x in json.loads(H.cli("eligibility", "--at", at, "--site", H.SITE_A).out)}
        self.assertIn(wid, got)
        got = {x["id"] for x in json.loads(H.cli("eligibility", "--at", at, "--site", H.SITE_B).out)}
        self.assertNotIn(wid, got)
        got = {x["id"] for x in json.loads(H.cli("eligibility", "--at", H.TODAY.isoformat(), "--site", H.SITE_B).out)}
        self.assertIn(wid, got)

    def test_future_transfer_is_scheduled(self):
        w = H.eligible_wbp(ADMIN)
        when = H.day(10)
        r = ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % w["id"], {"to_site": H.SITE_B, "date": when, "confirm": True})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["state"], "terjadwal")
        self.assertEqual(int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (w["id"],))), site_id(H.SITE_A))
        self.assertApiError(ADMIN.api("POST", "/api/v1/wbp/%d/transfer" % w["id"],
                                      {"to_site": H.SITE_B, "date": when, "confirm": True}), 409, "already_scheduled")
        r = H.cli("release", "apply-due", env={"BEKAL_NOW": H.day(9)})
        self.assertEqual(r.code, 0, r)
        self.assertEqual(int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (w["id"],))), site_id(H.SITE_A))
        r = H.cli("release", "apply-due", env={"BEKAL_NOW": when})
        self.assertEqual(r.code, 0, r)
        self.assertIn("1 pemindahan terjadwal diterapkan", r.out)
        row = H.db_query("SELECT site_id, transfer_date FROM wbp WHERE id = ?", (w["id"],))[0]
        self.assertEqual((int(row[0]), row[1]), (site_id(H.SITE_B), when))
        self.assertEqual(H.db_one("SELECT state FROM wbp_transfer WHERE wbp_id = ?", (w["id"],)), "berlaku")

    def test_page_review_then_confirm(self):
        w = H.eligible_wbp(ADMIN)
        c = SERVER.client()
        c.login("staf")
        r = c.get("/wbp/%d" % w["id"])
        self.assertIn('action="/wbp/%d/transfer"' % w["id"], r.text)
        c.refresh_csrf("/wbp/%d" % w["id"])
        r = c.post_form("/wbp/%d/transfer" % w["id"], {"to_site": "", "date": H.TODAY.isoformat(), "note": "catatan Y"})
        self.assertStatus(r, 422)
        self.assertIn('value="catatan Y"', r.text)
        r = c.post_form("/wbp/%d/transfer" % w["id"], {"to_site": H.SITE_B, "date": H.TODAY.isoformat()})
        self.assertStatus(r, 200)
        self.assertTrue(H.asks_confirmation(r), r.text[:500])
        self.assertIn("Tinjau pemindahan", r.text)
        self.assertEqual(int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (w["id"],))), site_id(H.SITE_A))
        r = c.post_form("/wbp/%d/transfer" % w["id"], {"to_site": H.SITE_B, "date": H.TODAY.isoformat(), "confirm": "1"})
        self.assertStatus(r, 200)
        self.assertIn("dipindahkan ke %s" % H.SITE_B, r.text)
        self.assertEqual(int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (w["id"],))), site_id(H.SITE_B))
        # wali and instruktur may not transfer
        wali = SERVER.client(token=H.token_for("wali"))
        self.assertApiError(wali.api("POST", "/api/v1/wbp/%d/transfer" % w["id"], {"to_site": H.SITE_A}), 403)


def withdrawals(month):
    r = ADMIN.api("GET", "/api/v1/dashboard?site=%s&month=%s" % (H.SITE_A, month))
    if r.status != 200:
        raise AssertionError(repr(r))
    sec = {x["code"]: x for x in r.json()["sections"]}["withdrawals"]
    return {row[0]: row[1] for row in sec["rows"]}


class Withdrawal(H.BekalTest):
    def test_coded_reason_and_monthly_count(self):
        eid = int(H.db_one(
            "SELECT e.id FROM enrolment e JOIN site s ON s.id = e.site_id JOIN wbp w ON w.id = e.wbp_id WHERE s.code = ? "
            "AND w.status = 'ditahan' AND e.status IN ('kandidat','daftar_tunggu','terdaftar') ORDER BY e.id DESC LIMIT 1",
            (H.SITE_A,)))
        month = H.TODAY.isoformat()[:7]
        before = withdrawals(month)
        self.assertIn("Kesehatan", before)          # every coded reason has its row
        self.assertIn("Lainnya (dengan catatan)", before)
        r = ADMIN.api("POST", "/api/v1/enrolments/%d/status" % eid,
                      {"to": "mundur", "reason": "dirawat", "withdraw_reason": "tidak_ada", "confirm": True})
        self.assertApiError(r, 422, "withdraw_reason")
        r = ADMIN.api("POST", "/api/v1/enrolments/%d/status" % eid,
                      {"to": "mundur", "reason": "dirawat di RS", "withdraw_reason": "kesehatan", "confirm": True})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["withdraw_reason"], "kesehatan")
        self.assertEqual(H.db_one("SELECT withdraw_reason FROM enrolment_event WHERE enrolment_id = ? AND "
                                  "to_status = 'mundur'", (eid,)), "kesehatan")
        after = withdrawals(month)
        self.assertEqual(after["Kesehatan"], before["Kesehatan"] + 1)
        # a withdrawal stored before the codes (free text only) counts as "lainnya"
        H.db_exec("UPDATE enrolment_event SET withdraw_reason = NULL WHERE enrolment_id = ? AND to_status = 'mundur'",
                  (eid,))
        # (the dashboard is memoised by the audit log's head: any audited write makes it count again)
        self.assertStatus(ADMIN.api("POST", "/api/v1/wbp", H.valid_wbp()), 201)
        old = withdrawals(month)
        self.assertEqual(old["Kesehatan"], before["Kesehatan"])
        self.assertEqual(old["Lainnya (dengan catatan)"], before["Lainnya (dengan catatan)"] + 1)

    def test_page_offers_the_codes(self):
        eid = int(H.db_one(
            "SELECT e.id FROM enrolment e JOIN site s ON s.id = e.site_id JOIN wbp w ON w.id = e.wbp_id WHERE s.code = ? "
            "AND w.status = 'ditahan' AND e.status IN ('kandidat','daftar_tunggu','terdaftar') ORDER BY e.id LIMIT 1",
            (H.SITE_A,)))
        c = SERVER.client()
        c.login("admin")
        r = c.get("/enrolments/%d" % eid)
        self.assertStatus(r, 200)
        self.assertIn('name="withdraw_reason"', r.text)
        self.assertIn('value="permintaan_sendiri"', r.text)
        c.refresh_csrf("/enrolments/%d" % eid)
        r = c.post_form("/enrolments/%d/status" % eid, {"to": "mundur", "reason": "x", "withdraw_reason": "nope"})
        self.assertStatus(r, 422)
        self.assertIn("Pilih alasan mundur", r.text)
        r = c.post_form("/enrolments/%d/status" % eid,
                        {"to": "mundur", "reason": "minta keluar", "withdraw_reason": "permintaan_sendiri", "confirm": "1"})
        self.assertStatus(r, 303)
        self.assertEqual(H.db_one("SELECT withdraw_reason FROM enrolment WHERE id = ?", (eid,)), "permintaan_sendiri")


if __name__ == "__main__":
    H.main()
