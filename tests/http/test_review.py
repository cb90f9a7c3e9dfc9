"""test_review.py — irreversible steps made safe (issue 22), through the real `bekal
serve` on SQLite and PostgreSQL:

  * a release dated in the future is scheduled: the inmate stays in custody, the
    enrolments and the premi stay as they are, until `bekal release apply-due` (what
    `bekal serve` runs at start and daily) runs on its date;
  * a release recorded by mistake is reversed (review first, then confirm) by a
    reversing entry: custody, enrolments and premi restored, audited; the inmate may
    then be released again; outside the correction window it is refused;
  * a settlement is reversed by reversing ledger entries (never a delete) and the
    sale can be settled again;
  * placement of a closed phase answers 409 (API and page), an assessment too; an
    admin reopens it with a reason (audited);
  * issuing a certificate under an agreement without the signatories the template
    needs answers 422;
  * a future decree date answers 422;
  * /settings (admin only) adds a dated value, keeps the history, audits it, shows a
    failed form again with what was typed; the certificate's QR link uses the public
    address set there."""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import training_fixtures as F  # noqa: E402

S = None
TOK = {}
USERS = ["admin", "staf", "wali", "kalapas"]


def setUpModule():
    global S
    H.setup_db()
    for name in USERS:
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(who="admin"):
    return S.client(token=TOK[who])


def page(who="admin"):
    c = S.client()
    c.login(who)
    return c


def ok(r, status=200):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json() if r.body else None


def new_inmate():
    return ok(api().api("POST", "/api/v1/wbp", H.valid_wbp()), 201)["id"]


def wbp_status(wid):
    return H.db_one("SELECT status FROM wbp WHERE id = ?", (wid,))


def give_premi(wid, spendable, saved):
    """Premi credited directly (as a settled sale would), consistent balance and ledger."""
    site = int(H.db_one("SELECT site_id FROM wbp WHERE id = ?", (wid,)))
    now = H.now_iso()
    H.db_exec("INSERT INTO premi_balance(wbp_id, site_id, spendable, saved, entries, updated_at) VALUES "
              "(?, ?, ?, ?, 1, ?)", (wid, site, spendable, saved, now))
    H.db_exec("INSERT INTO premi_ledger(site_id, wbp_id, entry_date, kind, amount, spendable_delta, saved_delta, "
              "spendable_after, saved_after, created_at) VALUES (?, ?, ?, 'credit', ?, ?, ?, ?, ?, ?)",
              (site, wid, H.day(-30), spendable + saved, spendable, saved, spendable, saved, now))


def balance(wid):
    r = H.db_query("SELECT spendable, saved FROM premi_balance WHERE wbp_id = ?", (wid,))
    return tuple(int(x) for x in r[0]) if r else (0, 0)


def enrol(wid, status="terdaftar"):
    """An enrolment of the inmate in a demo programme (what placement would have made)."""
    site, = H.db_query("SELECT site_id FROM wbp WHERE id = ?", (wid,))[0]
    ag, pid = H.db_query("SELECT agreement_id, id FROM program WHERE site_id = ? ORDER BY id LIMIT 1", (site,))[0]
    now = H.now_iso()
    H.db_exec("INSERT INTO enrolment(site_id, wbp_id, agreement_id, phase, program_id, status, status_at, created_at, "
              "updated_at) VALUES (?, ?, ?, 7, ?, ?, ?, ?, ?)", (site, wid, ag, pid, status, now, now, now))
    return int(H.db_one("SELECT id FROM enrolment WHERE wbp_id = ? AND phase = 7", (wid,)))


def enrol_status(eid):
    return H.db_one("SELECT status FROM enrolment WHERE id = ?", (eid,))


def apply_due(on_day):
    """`bekal release apply-due` with the clock on on_day (what serve runs daily)."""
    env = dict(H.ENV)
    env["BEKAL_NOW"] = on_day + "T05:00:00Z"
    p = subprocess.run([H.BIN, "--db", H.DB, "release", "apply-due"], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    out = p.stdout.decode() + p.stderr.decode()
    if p.returncode != 0 or H.sanitizer_report(out):
        raise AssertionError("apply-due: %d %s" % (p.returncode, out))
    return out


def release(wid, date, status=201):
    r = api().api("POST", "/api/v1/releases", {"wbp_id": wid, "kind": "bebas_murni", "release_date": date,
                                               "district": "Kabupaten Ketapang"})
    return ok(r, status)


class Releases(H.BekalTest):
    def test_future_release_waits_for_its_date_and_a_mistake_is_reversed(self):
        wid = new_inmate()
        eid = enrol(wid)
        give_premi(wid, 60000, 40000)
        rel = release(wid, H.day(5))
        self.assertEqual((rel["state"], rel["payout"]), ("terjadwal", 0))
        # scheduled: still in custody, enrolment and premi untouched
        self.assertEqual(wbp_status(wid), "ditahan")
        self.assertEqual(enrol_status(eid), "terdaftar")
        self.assertEqual(balance(wid), (60000, 40000))
        self.assertIn("terjadwal", page("staf").get("/releases/%d" % rel["id"]).text)
        # the day before its date nothing happens; on its date it takes effect
        apply_due(H.day(4))
        self.assertEqual(wbp_status(wid), "ditahan")
        apply_due(H.day(5))
        self.assertEqual(wbp_status(wid), "bebas")
        self.assertEqual(enrol_status(eid), "mundur")
        self.assertEqual(balance(wid), (0, 0))
        got = ok(api().api("GET", "/api/v1/releases/%d" % rel["id"]))
        self.assertEqual((got["state"], got["payout"]), ("berlaku", 100000))
        self.assertEqual(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'release' AND action = 'apply' AND "
                                  "entity_id = ?", (rel["id"],)), "1")

        url = "/api/v1/releases/%d/reverse" % rel["id"]
        self.assertApiError(api().api("POST", url, {"confirm": True}), 422)  # a reason is required
        self.assertApiError(api("wali").api("POST", url, {"reason": "x", "confirm": True}), 403)
        # without confirm: only the preview
        pre = ok(api().api("POST", url, {"reason": "Salah orang"}))
        self.assertFalse(pre["applied"])
        self.assertEqual(pre["preview"], {"wbp_status": "ditahan", "enrolments_restored": 1,
                                          "premi_restored": 100000})
        self.assertEqual(wbp_status(wid), "bebas")
        # the review page names what will change, and changes nothing
        c = page("staf")
        r = c.post_form("/releases/%d/reverse" % rel["id"], {"reason": "Salah orang"})
        self.assertStatus(r, 200)
        self.assertIn("Tinjau pembatalan pembebasan", r.text)
        self.assertIn("Rp 100.000", r.text)
        self.assertIn('name="confirm" value="1"', r.text)
        self.assertEqual(wbp_status(wid), "bebas")
        # confirmed: the reversing entry
        r = c.post_form("/releases/%d/reverse" % rel["id"], {"reason": "Salah orang", "confirm": "1"})
        self.assertStatus(r, 303, str(re.findall(r"role=.alert.>([^<]*)", r.text)))
        self.assertEqual(wbp_status(wid), "ditahan")
        self.assertEqual(enrol_status(eid), "terdaftar")
        self.assertEqual(balance(wid), (60000, 40000))
        got = ok(api().api("GET", "/api/v1/releases/%d" % rel["id"]))
        self.assertEqual(got["state"], "dibatalkan")
        self.assertEqual(H.db_query("SELECT reason, premi_restored, enrolments_restored FROM release_reversal "
                                    "WHERE release_id = ?", (rel["id"],)), [("Salah orang", "100000", "1")])
        rev = H.db_query("SELECT kind, amount, spendable_delta, saved_delta FROM premi_ledger WHERE wbp_id = ? AND "
                         "reverses_id IS NOT NULL", (wid,))
        self.assertEqual(rev, [("credit", "100000", "60000", "40000")])
        self.assertEqual(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'release' AND action = 'reverse' "
                                  "AND entity_id = ?", (rel["id"],)), "1")
        self.assertApiError(api().api("POST", url, {"reason": "lagi", "confirm": True}), 409, "already_reversed")
        # the payout reversed, the release is out of the lists; a correct release may be recorded now
        rel2 = release(wid, H.day(0))
        self.assertEqual((rel2["state"], rel2["payout"]), ("berlaku", 100000))
        self.assertEqual(wbp_status(wid), "bebas")

    def test_correction_window_and_dates(self):
        wid = new_inmate()
        rel = release(wid, H.day(0))
        H.db_exec("UPDATE wbp_release SET created_at = ? WHERE id = ?", (H.day(-40) + "T01:00:00Z", rel["id"]))
        self.assertApiError(api().api("POST", "/api/v1/releases/%d/reverse" % rel["id"],
                                      {"reason": "terlambat", "confirm": True}), 409, "correction_window_closed")
        self.assertEqual(wbp_status(wid), "bebas")
        # a release before the detention began cannot be right
        w2 = new_inmate()
        det = H.db_one("SELECT detention_start FROM wbp WHERE id = ?", (w2,))
        before = (datetime.date.fromisoformat(det) - datetime.timedelta(days=1)).isoformat()
        err = self.assertApiError(api().api("POST", "/api/v1/releases", {
            "wbp_id": w2, "kind": "bebas_murni", "release_date": before, "district": "X"}), 422)
        self.assertIn("release_date", str(err))
        self.assertEqual(wbp_status(w2), "ditahan")


# ---------------------------------------------------------------- settlement

def make_settled_sale(total_price=1000000):
    u = ok(api().api("POST", "/api/v1/production-units", {"site": H.SITE_A, "code": H.uniq("U"),
                                                          "name": "Unit " + H.uniq(), "trade": "Uji",
                                                          "supervisor": "Pengawas"}), 201)
    ok(api().api("POST", "/api/v1/production-units/%d/splits" % u["id"], {
        "effective_from": "2020-01-01", "premi_bp": 5000, "pnbp_bp": 1500, "capital_bp": 3500,
        "share_basis": "pieces", "remainder_to": "capital"}), 201)
    w = new_inmate()
    p = ok(api().api("POST", "/api/v1/productions", {"site": H.SITE_A, "unit_id": u["id"], "prod_date": H.day(-3),
                                                     "product": "Barang", "qty_milli": 1000, "qty_unit": "kg"}), 201)
    ok(api().api("POST", "/api/v1/productions/%d/workers" % p["id"], {"wbp_id": w, "pieces": 1, "minutes": 60}), 201)
    s = ok(api().api("POST", "/api/v1/sales", {"site": H.SITE_A, "unit_id": u["id"], "sale_date": H.day(-2),
                                               "buyer": "Pembeli", "payment_status": "lunas",
                                               "production_id": p["id"]}), 201)
    ok(api().api("POST", "/api/v1/sales/%d/items" % s["id"], {"product": "Barang", "qty_milli": 1000,
                                                              "unit_price": total_price, "qty_unit": "kg"}), 201)
    s = ok(api().api("GET", "/api/v1/sales/%d" % s["id"]))
    ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"]}))
    return s, w


class Settlement(H.BekalTest):
    def test_a_settlement_is_reversed_by_reversing_entries(self):
        s, w = make_settled_sale()
        self.assertEqual(sum(balance(w)), 500000)
        url = "/api/v1/sales/%d/reverse" % s["id"]
        pre = ok(api().api("POST", url, {"reason": "Harga salah"}))
        self.assertFalse(pre["applied"])
        self.assertEqual((pre["premi"], pre["pnbp"], pre["capital"], pre["credits_reversed"]),
                         (500000, 150000, 350000, 1))
        self.assertEqual(sum(balance(w)), 500000)
        self.assertApiError(api("kalapas").api("POST", url, {"reason": "x", "confirm": True}), 403)
        r = page("staf").post_form("/sales/%d/reverse" % s["id"], {"reason": "Harga salah"})
        self.assertStatus(r, 200)
        self.assertIn("Tinjau pembatalan bagi hasil", r.text)
        j = ok(api().api("POST", url, {"reason": "Harga salah", "confirm": True}))
        self.assertTrue(j["applied"])
        # nothing deleted: the credit stays, a debit reverses it; the split is kept on the reversal
        rows = H.db_query("SELECT kind, amount, reverses_id IS NOT NULL FROM premi_ledger WHERE wbp_id = ? "
                          "ORDER BY id", (w,))
        self.assertEqual([(k, a) for k, a, _ in rows], [("credit", "500000"), ("debit", "500000")])
        self.assertEqual(balance(w), (0, 0))
        self.assertEqual(H.db_query("SELECT reason, premi, pnbp, capital FROM sale_reversal WHERE sale_id = ?",
                                    (s["id"],)), [("Harga salah", "500000", "150000", "350000")])
        got = ok(api().api("GET", "/api/v1/sales/%d" % s["id"]))
        self.assertIsNone(got["split_id"])
        self.assertEqual(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'sale' AND action = 'reverse' AND "
                                  "entity_id = ?", (s["id"],)), "1")
        self.assertApiError(api().api("POST", url, {"reason": "lagi", "confirm": True}), 409, "not_settled")
        # settled again: one live credit
        ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"]}))
        self.assertEqual(sum(balance(w)), 500000)
        out = ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"]}))
        self.assertEqual(len(out["shares"]), 1)


# ---------------------------------------------------------------- phases

class Phases(H.BekalTest):
    def test_closed_phase_refuses_placement_and_admin_reopens(self):
        phases = ok(api().api("GET", "/api/v1/phases?site=LPKTP"))["items"]
        closed = None
        for ph in phases:
            if ok(api().api("GET", "/api/v1/phases/%d/placement" % ph["id"])).get("closed"):
                closed = ph["id"]
                break
        self.assertIsNotNone(closed, "the demo's 2021 phase has ended")
        before = H.db_query("SELECT id, status, program_id FROM enrolment WHERE agreement_id = ? AND phase = ? "
                            "ORDER BY id", (ph["agreement_id"], ph["phase"]))
        err = self.assertApiError(api().api("POST", "/api/v1/phases/%d/placement" % closed, {}), 409, "phase_closed")
        self.assertIn("ditutup", err["message"])
        c = page("staf")
        p = c.get("/phases/%d/placement" % closed)
        self.assertIn("sudah ditutup", p.text)
        self.assertNotIn('name="fingerprint"', p.text)
        self.assertStatus(c.post_form("/phases/%d/placement" % closed, {"fingerprint": "x"}), 409)
        self.assertEqual(H.db_query("SELECT id, status, program_id FROM enrolment WHERE agreement_id = ? AND "
                                    "phase = ? ORDER BY id", (ph["agreement_id"], ph["phase"])), before)
        # assessments of a closed phase are refused too
        wid = int(H.db_one("SELECT wbp_id FROM enrolment WHERE agreement_id = ? AND phase = ? LIMIT 1",
                           (ph["agreement_id"], ph["phase"])))
        self.assertApiError(api().api("POST", "/api/v1/phases/%d/assessments" % closed, {
            "wbp_id": wid, "assessed_on": H.day(0), "assessor": "X", "literacy": "baik", "numeracy": "baik",
            "risk": "rendah", "trades": []}), 409, "phase_closed")
        # reopening: admin only, with a reason, audited
        self.assertApiError(api("staf").api("POST", "/api/v1/phases/%d/reopen" % closed, {"reason": "x"}), 403)
        self.assertApiError(api().api("POST", "/api/v1/phases/%d/reopen" % closed, {}), 422)
        ok(api().api("POST", "/api/v1/phases/%d/reopen" % closed, {"reason": "Koreksi data peserta 2021"}))
        self.assertFalse(ok(api().api("GET", "/api/v1/phases/%d/placement" % closed))["closed"])
        self.assertEqual(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'phase' AND action = 'reopen' AND "
                                  "entity_id = ?", (closed,)), "1")


# ---------------------------------------------------------------- certificates and settings

def past_programme():
    start = H.TODAY - datetime.timedelta(days=60)
    start -= datetime.timedelta(days=start.weekday())
    end = start + datetime.timedelta(days=11)
    return F.make_programme(api("admin"), "LPKTP", start.isoformat(), end.isoformat(), people=1)


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()


class Certificates(H.BekalTest):
    def test_signatories_required_and_public_address_from_settings(self):
        prog = past_programme()
        F.complete_programme(page("staf"), api("staf"), prog)
        eid = prog["enrolments"][0]
        H.db_exec("DELETE FROM agreement_party WHERE agreement_id = ? AND side = 'mitra'", (prog["agreement"],))
        r = page("staf").post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"})
        self.assertStatus(r, 422)
        self.assertIn("penanda tangan", r.text)
        self.assertIn("pihak mitra", r.text)
        self.assertEqual(H.db_one("SELECT count(*) FROM certificate WHERE enrolment_id = ?", (eid,)), "0")
        ok(api().api("POST", "/api/v1/agreements/%d/parties" % prog["agreement"], {
            "role": "penandatangan", "side": "mitra", "name": "Kepala BLK", "position": "Kepala BLK"}), 201)

        # the public address, set on the settings page
        c = page("admin")
        self.assertStatus(page("staf").get("/settings"), (403, 404))
        self.assertIn("certificate.public_url", c.get("/settings").text)
        bad = c.post_form("/settings", {"name": "release.correction_days", "site": "", "effective_from": "2020-01-01",
                                        "value": "tiga puluh"})
        self.assertStatus(bad, 422)
        self.assertIn("bilangan bulat", bad.text)
        self.assertIn('value="tiga puluh"', bad.text)
        r = c.post_form("/settings", {"name": "certificate.public_url", "site": "LPKTP",
                                      "effective_from": H.day(-1), "value": "https://bekal.ketapang.contoh.id",
                                      "note": "alamat publik"})
        self.assertStatus(r, 303)
        self.assertEqual(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'setting' AND action = 'create' AND "
                                  "after_json LIKE '%bekal.ketapang.contoh.id%'"), "1")
        hist = c.get("/settings").text
        self.assertIn("http://127.0.0.1:8080", hist)  # the history stays
        self.assertIn("https://bekal.ketapang.contoh.id", hist)
        r = page("staf").post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"})
        self.assertStatus(r, 303)
        cid, num, code = H.db_query("SELECT id, number, verify_code FROM certificate WHERE enrolment_id = ?",
                                    (eid,))[0]
        pdf = page("staf").get("/certificates/%s/pdf" % cid)
        self.assertStatus(pdf, 200)
        flat = re.sub(r"\s+", " ", pdf_text(pdf.body))
        self.assertIn("https://bekal.ketapang.contoh.id/verify?kode=" + code, flat)
        if shutil.which("zbarimg") and shutil.which("pdftoppm"):
            with tempfile.TemporaryDirectory() as tmp:
                p = os.path.join(tmp, "c.pdf")
                with open(p, "wb") as f:
                    f.write(pdf.body)
                subprocess.run(["pdftoppm", "-png", "-r", "200", p, os.path.join(tmp, "c")], check=True)
                out = subprocess.run(["zbarimg", "-q", os.path.join(tmp, "c-1.png")], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL).stdout.decode()
                self.assertIn("https://bekal.ketapang.contoh.id/verify?kode=" + code, out)


# ---------------------------------------------------------------- usulan dates

class UsulanDates(H.BekalTest):
    def test_future_decree_date_is_refused(self):
        w = H.eligible_wbp(api())["id"]  # issue 20: an usulan only for an eligible inmate
        u = ok(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w, {"form": "dalam_lapas"}), 201)
        j = ok(api("wali").api("GET", "/api/v1/usulan/%d" % u["id"]))
        for d in j["checklist"]:
            if d["status"] == "belum_ada":
                ok(api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                   {"doc_code": d["code"], "present": True}))
        url = "/api/v1/usulan/%d/step" % u["id"]
        det = H.db_one("SELECT detention_start FROM wbp WHERE id = ?", (w,))
        early = (datetime.date.fromisoformat(det) - datetime.timedelta(days=1)).isoformat()
        self.assertApiError(api("wali").api("POST", url, {"to": "diusulkan_tpp", "tpp_date": early}), 422,
                            "invalid_date")
        ok(api("wali").api("POST", url, {"to": "diusulkan_tpp", "tpp_date": H.day(-3)}))
        ok(api("staf").api("POST", url, {"to": "direkomendasikan"}))
        err = self.assertApiError(api("kalapas").api("POST", url, {"to": "ditetapkan", "decree_no": "SK/9",
                                                                  "decree_date": H.day(2)}), 422, "future_date")
        self.assertIn("masa depan", err["message"])
        self.assertEqual(ok(api().api("GET", "/api/v1/usulan/%d" % u["id"]))["state"], "direkomendasikan")
        ok(api("kalapas").api("POST", url, {"to": "ditetapkan", "decree_no": "SK/9", "decree_date": H.day(0)}))


if __name__ == "__main__":
    H.main()
