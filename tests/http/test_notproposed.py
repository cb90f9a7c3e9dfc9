"""test_notproposed.py — every eligible inmate accounted for (issue 24): an inmate who is
eligible for asimilasi and has no proposal can be marked "tidak diusulkan" with a coded
reason (rule data), a note and a review date; the mark lapses on the review date and the
inmate is back among those to decide on.

* The WBP page offers the mark only for an eligible inmate without a proposal; the mark
  shows its reason and review date; a withdrawal keeps the row (ended_on, end_reason).
* Refusals: not eligible (409), already proposed (409), already marked (409), an unknown
  reason / a missing required note / a future decision date (422, the typed values kept on
  the page), a withdrawal without reason (422).
* The review date is the decision date + the reason's months; on that date the mark no
  longer holds and the inmate can be marked again (the clock moved forward).
* The list (/not-proposed) filters by state, reason and name, sorts, pages and exports CSV;
  every mark and withdrawal is audited; roles: bapas reads, instruktur is refused.
"""
import csv
import datetime
import io

import harness as H


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN
    SERVER = H.start_server()
    ADMIN = SERVER.client(token=H.token_for("admin"))


def tearDownModule():
    H.stop_servers()


def add_months(d, n):
    y, m = d.year, d.month - 1 + n
    y, m = y + m // 12, m % 12 + 1
    last = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return datetime.date(y, m, min(d.day, last))


def mark(wid, **body):
    return ADMIN.api("POST", "/api/v1/wbp/%d/not-proposed" % wid, body)


class Marks(H.BekalTest):
    def test_mark_review_and_withdraw(self):
        w = H.eligible_wbp(ADMIN)
        page = SERVER.client()
        page.login("admin")
        r = page.get("/wbp/%d" % w["id"])
        self.assertStatus(r, 200)
        self.assertIn('action="/wbp/%d/not-proposed"' % w["id"], r.text)     # offered: eligible, not proposed
        before = H.audit_count()
        r = mark(w["id"], reason="kesehatan", note="rawat inap")
        self.assertStatus(r, 201)
        m = r.json()
        self.assertEqual(m["decided_on"], H.TODAY.isoformat())
        self.assertEqual(m["review_on"], add_months(H.TODAY, 2).isoformat())  # kesehatan: 2 months (rule data)
        self.assertIsNone(m["ended_on"])
        self.assertEqual(H.audit_count(), before + 1)
        r = page.get("/wbp/%d" % w["id"])
        self.assertIn("Ditandai tidak diusulkan", r.text)
        self.assertIn("Alasan kesehatan", r.text)
        self.assertNotIn('action="/wbp/%d/not-proposed"' % w["id"], r.text)
        # twice: refused
        self.assertApiError(mark(w["id"], reason="ditolak_wbp"), 409, "not_markable")
        # listed while in force
        r = ADMIN.api("GET", "/api/v1/not-proposed?q=%s" % w["regno"])
        self.assertEqual([x["id"] for x in r.json()["items"]], [m["id"]])
        # on the review date the mark lapses: listed as past, the inmate can be marked again
        later = SERVER.__class__(env={"BEKAL_NOW": m["review_on"]})
        later.start()
        try:
            lc = later.client(token=H.token_for("admin"))
            self.assertEqual(lc.api("GET", "/api/v1/not-proposed?q=%s" % w["regno"]).json()["total"], 0)
            self.assertEqual(lc.api("GET", "/api/v1/not-proposed?state=lewat&q=%s" % w["regno"]).json()["total"], 1)
        finally:
            later.stop()
        # a withdrawal needs a reason, keeps the row, and frees the inmate for a new decision
        self.assertApiError(ADMIN.api("POST", "/api/v1/not-proposed/%d/end" % m["id"], {"reason": ""}), 422)
        r = ADMIN.api("POST", "/api/v1/not-proposed/%d/end" % m["id"], {"reason": "salah pilih WBP"})
        self.assertStatus(r, 200)
        self.assertApiError(ADMIN.api("POST", "/api/v1/not-proposed/%d/end" % m["id"], {"reason": "lagi"}), 409)
        r = ADMIN.api("GET", "/api/v1/not-proposed?state=semua&q=%s" % w["regno"])
        self.assertEqual(r.json()["items"][0]["end_reason"], "salah pilih WBP")
        self.assertEqual(r.json()["items"][0]["ended_on"], H.TODAY.isoformat())
        self.assertStatus(mark(w["id"], reason="ditolak_wbp"), 201)

    def test_refusals(self):
        w = H.eligible_wbp(ADMIN)
        r = mark(w["id"], reason="lainnya")
        self.assertApiError(r, 422)
        self.assertIn("note", r.json()["error"]["fields"])
        r = mark(w["id"], reason="tidak_ada")
        self.assertIn("reason", r.json()["error"]["fields"])
        r = mark(w["id"], reason="kesehatan", decided_on=H.day(1))
        self.assertIn("decided_on", r.json()["error"]["fields"])
        self.assertApiError(mark(w["id"], reason="kesehatan", colour="red"), 422)
        # not eligible: a fresh short-term inmate without scores
        r = ADMIN.api("POST", "/api/v1/wbp", H.valid_wbp(detention_start=H.day(-30)))
        self.assertStatus(r, 201)
        r = mark(r.json()["id"], reason="kesehatan")
        self.assertApiError(r, 409, "not_markable")
        self.assertIn("tidak memenuhi syarat", r.json()["error"]["message"])
        # already proposed
        p = H.eligible_wbp(ADMIN)
        self.assertStatus(ADMIN.api("POST", "/api/v1/wbp/%d/usulan" % p["id"], {"form": "dalam_lapas"}), 201)
        r = mark(p["id"], reason="kesehatan")
        self.assertApiError(r, 409, "not_markable")
        self.assertIn("sudah diusulkan", r.json()["error"]["message"])

    def test_page_keeps_what_was_typed(self):
        w = H.eligible_wbp(ADMIN)
        c = SERVER.client()
        c.login("admin")
        c.refresh_csrf("/wbp/%d" % w["id"])
        r = c.post_form("/wbp/%d/not-proposed" % w["id"], {"reason": "lainnya", "note": "", "decided_on": "2020-01-01"})
        self.assertStatus(r, 422)
        self.assertIn('value="lainnya" selected', r.text)
        self.assertIn('value="2020-01-01"', r.text)
        self.assertIn("memerlukan catatan", r.text)
        r = c.post_form("/wbp/%d/not-proposed" % w["id"], {"reason": "sidang_kasus", "note": "sidang 12/1"})
        self.assertStatus(r, 303)
        r = c.get("/not-proposed?q=%s" % w["regno"])
        self.assertStatus(r, 200)
        self.assertIn(w["regno"], r.text)
        self.assertIn("Menunggu sidang kasus", r.text)
        r = c.get("/not-proposed.csv?q=%s" % w["regno"])
        rows = list(csv.DictReader(io.StringIO(r.text)))
        self.assertEqual([x["reason"] for x in rows], ["sidang_kasus"])
        self.assertEqual(rows[0]["review_on"], add_months(H.TODAY, 1).isoformat())
        mid = int(H.db_one("SELECT id FROM wbp_not_proposed WHERE wbp_id = ?", (w["id"],))[0])
        r = c.post_form("/not-proposed/%d/end" % mid, {"reason": ""})
        self.assertStatus(r, 422)
        r = c.post_form("/not-proposed/%d/end" % mid, {"reason": "sidang sudah selesai"})
        self.assertStatus(r, 303)

    def test_list_sort_page_roles(self):
        p = H.uniq("Urut")
        ws = [H.eligible_wbp(ADMIN, name="%s %s" % (p, k)) for k in ("C", "A", "B")]
        for w in ws:
            self.assertStatus(mark(w["id"], reason="program_lain"), 201)
        r = ADMIN.api("GET", "/api/v1/not-proposed?reason=program_lain&sort=name&q=%s" % p)
        self.assertEqual([x["name"] for x in r.json()["items"]], [p + " A", p + " B", p + " C"])
        r = ADMIN.api("GET", "/api/v1/not-proposed?reason=program_lain&sort=name&dir=desc&q=%s&per_page=2&page=2" % p)
        self.assertEqual([x["name"] for x in r.json()["items"]], [p + " A"])
        self.assertEqual(r.json()["total"], 3)
        bapas = SERVER.client()
        bapas.login("bapas")
        self.assertStatus(bapas.get("/not-proposed"), 200)
        ins = SERVER.client()
        ins.login("instruktur")
        self.assertStatus(ins.get("/not-proposed"), 403)
        self.assertStatus(bapas.post_form("/wbp/%d/not-proposed" % ws[0]["id"], {"reason": "kesehatan"}), 403)


class ScreeningHidesMarked(H.BekalTest):
    def test_marked_inmate_left_out_of_the_eligible_list(self):
        w = H.eligible_wbp(ADMIN)

        def listed(**q):
            r = ADMIN.api("GET", "/api/v1/eligibility?show=eligible&per_page=1000" +
                          "".join("&%s=%s" % kv for kv in q.items()))
            self.assertStatus(r, 200)
            return r.json()

        j = listed()
        self.assertIn(w["id"], [x["id"] for x in j["items"]])
        hidden = j["hidden_marked"]
        self.assertStatus(mark(w["id"], reason="kesehatan"), 201)
        j2 = listed()
        self.assertNotIn(w["id"], [x["id"] for x in j2["items"]])
        self.assertEqual(j2["hidden_marked"], hidden + 1)
        self.assertEqual(j2["eligible"], j["eligible"])        # still counted as eligible
        self.assertIn(w["id"], [x["id"] for x in listed(marked=1)["items"]])
        page = ADMIN.get("/eligibility", {"show": "eligible"})
        self.assertIn("%d WBP yang ditandai tidak diusulkan" % (hidden + 1), page.text)
        self.assertIn('href="/not-proposed"', page.text)
        self.assertIn("marked=1", page.text)
        csv_ids = [x["regno"] for x in csv.DictReader(io.StringIO(
            ADMIN.get("/eligibility.csv", {"show": "eligible"}).text.lstrip("\ufeff")))]
        self.assertNotIn(w["regno"], csv_ids)
        # the whole list ("all") still shows him
        self.assertIn(w["regno"], [x["regno"] for x in csv.DictReader(io.StringIO(
            ADMIN.get("/eligibility.csv", {"show": "all"}).text.lstrip("\ufeff")))])


if __name__ == "__main__":
    H.main()
