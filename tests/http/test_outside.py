"""test_outside.py — training outside the walls and the road home (issue 26).

* CV (GET /wbp/{id}/cv.pdf) and the BLK-only certificate (the agreement's setting
  certificate_variant = "blk": the PDF in the BLK's name, the verification page with only
  the holder's name, the trade, the units and the BLK): read back with pdftotext, they hold
  none of the words about the prison, the offence or the sentence (FORBIDDEN, the site's
  name, the inmate's offence and registration number).
* Agreement scorecard (GET /api/v1/agreements/{id}/scorecard, the page and the PDF): for
  the demo's 2021 agreement every number adds up with the records, recomputed here with
  the test's own SQL; the next phase's suggestion per trade follows the rule file.
* Release readiness (GET/POST /api/v1/wbp/{id}/readiness, the WBP page's form, the
  release list's progress column): items from the rule file, each with a state and a
  date, audited; unknown items, states and future dates are refused.
* Movement list (GET /api/v1/movements?date=, the page /movements?date=, the PDF
  /movements.pdf): every session held outside the walls on the date, its place, escort,
  participants, departure and return; recording the departure of a session's participants
  (POST /api/v1/sessions/{id}/depart {escort, time}) and a person's return
  (POST /api/v1/sessions/{id}/return {wbp_id, time}), audited; a person back after the
  session's end, or not back while the session is over, is `late` on the list, on the
  kalapas's inbox and on the dashboard; the page's forms carry CSRF; the PDF has a check
  box per person. The demo's BLK programmes are held outside; its sewing programme has a
  session with a late return.
"""
import os
import subprocess
import tempfile
import harness as H


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN
    SERVER = H.start_server()
    ADMIN = SERVER.client(token=H.token_for("admin"))


def tearDownModule():
    H.stop_servers()


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    finally:
        os.unlink(f.name)


def sewing():
    return int(H.db_one("SELECT id FROM program WHERE name LIKE 'Menjahit lanjutan%' AND site_id = "
                        "(SELECT id FROM site WHERE code = ?)", (H.SITE_A,)))


FORBIDDEN = ["lapas", "rutan", "pemasyarakatan", "narapidana", "wbp", "pidana", "vonis", "penjara", "tahanan",
             "hukuman", "register", "kelas iib", "lembaga pemasyarakatan"]


def forbidden_in(text, wid):
    site, crime, detail, regno = H.db_query("SELECT s.name, w.crime_category, COALESCE(w.crime_detail, ''), w.regno "
                                            "FROM wbp w JOIN site s ON s.id = w.site_id WHERE w.id = ?", (wid,))[0]
    low = text.lower()
    words = FORBIDDEN + [site.lower(), crime.lower().replace("_", " "), regno.lower()] + \
        ([detail.lower()] if detail else [])
    return [w for w in words if w and w in low]


class RoadHome(H.BekalTest):
    def test_cv(self):
        wid = int(H.db_one("SELECT en.wbp_id FROM certificate c JOIN enrolment en ON en.id = c.enrolment_id WHERE "
                           "c.status = 'valid' AND EXISTS (SELECT 1 FROM production_worker pw WHERE pw.wbp_id = "
                           "en.wbp_id) ORDER BY en.wbp_id LIMIT 1") or
                  H.db_one("SELECT en.wbp_id FROM certificate c JOIN enrolment en ON en.id = c.enrolment_id "
                           "WHERE c.status = 'valid' ORDER BY en.wbp_id LIMIT 1"))
        r = ADMIN.get("/wbp/%d/cv.pdf" % wid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        text = pdf_text(r.body)
        name = H.db_one("SELECT name FROM wbp WHERE id = ?", (wid,))
        self.assertIn("DAFTAR RIWAYAT KETERAMPILAN", text)
        self.assertIn(name.split()[0], text)
        trade = H.db_one("SELECT c.trade_name FROM certificate c JOIN enrolment en ON en.id = c.enrolment_id WHERE "
                         "en.wbp_id = ? AND c.status = 'valid'", (wid,))
        self.assertIn(trade, text)
        unit = H.db_one("SELECT cu.title FROM competency_result cr JOIN enrolment en ON en.id = cr.enrolment_id JOIN "
                        "competency_unit cu ON cu.id = cr.unit_id WHERE en.wbp_id = ? AND cr.result = 'kompeten' "
                        "ORDER BY cu.seq LIMIT 1", (wid,))
        self.assertIn(unit.split()[0], text)
        self.assertIn("Jam pelatihan", text)
        self.assertIn("Pengalaman kerja produksi", text)
        self.assertEqual(text.count("\f"), 1, "one page")
        self.assertEqual(forbidden_in(text, wid), [])
        # an instructor may not print it; another site's inmate is not found
        self.assertEqual(SERVER.client(token=H.token_for("instruktur")).get("/wbp/%d/cv.pdf" % wid).status, 403)

    def test_blk_certificate(self):
        cid, eid, ag, wid = (int(x) for x in H.db_query(
            "SELECT c.id, c.enrolment_id, p.agreement_id, en.wbp_id FROM certificate c JOIN program p ON p.id = "
            "c.program_id JOIN enrolment en ON en.id = c.enrolment_id WHERE c.status = 'valid' ORDER BY c.id LIMIT 1")[0])
        r = ADMIN.api("PATCH", "/api/v1/agreements/%d" % ag, {"certificate_variant": "blk"})
        self.assertEqual(r.status, 200, r)
        try:
            self.assertEqual(ADMIN.api("POST", "/api/v1/certificates/%d/revoke" % cid, {"reason": "diganti paspor"}).status,
                             200)
            staf = SERVER.client()
            staf.login("staf")
            staf.refresh_csrf("/certificates")
            r = staf.post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"})
            self.assertIn(r.status, (200, 303), r.text[-3000:])
            nid, code, number = H.db_query("SELECT id, verify_code, number FROM certificate WHERE enrolment_id = ? AND "
                                           "status = 'valid'", (eid,))[0]
            pdf = ADMIN.get("/certificates/%s/pdf" % nid)
            self.assertEqual(pdf.status, 200, pdf)
            text = pdf_text(pdf.body)
            provider = H.db_one("SELECT pr.name FROM program p JOIN partner pr ON pr.id = p.provider_id JOIN certificate c "
                                "ON c.program_id = p.id WHERE c.id = ?", (nid,))
            self.assertIn("SERTIFIKAT PELATIHAN KERJA", text)
            self.assertIn(provider.upper().split()[0], text)
            self.assertEqual(forbidden_in(text, wid), [])
            # the public verification page: the holder, the trade, the units and the BLK, nothing more
            anon = SERVER.client()
            v = anon.get("/verify?kode=%s" % code)
            self.assertEqual(v.status, 200, v)
            name = H.db_one("SELECT name FROM wbp WHERE id = ?", (wid,))
            self.assertIn(name, v.text)
            self.assertIn(provider, v.text)
            self.assertNotIn(number, v.text)
            self.assertEqual(forbidden_in(v.text.split("<main", 1)[-1], wid), [])
        finally:
            ADMIN.api("PATCH", "/api/v1/agreements/%d" % ag, {"certificate_variant": "lapas"})


def n(sql, params=()):
    return int(H.db_one(sql, params) or 0)


class Scorecard(H.BekalTest):
    def test_demo_2021_adds_up(self):
        ag = n("SELECT id FROM agreement WHERE signed_date = '2021-03-08' AND site_id = (SELECT id FROM site WHERE code = ?)",
               (H.SITE_A,))
        r = ADMIN.api("GET", "/api/v1/agreements/%d/scorecard" % ag)
        self.assertEqual(r.status, 200, r)
        j = r.json()
        valid_to = H.db_one("SELECT valid_to FROM agreement WHERE id = ?", (ag,))
        self.assertEqual(j["days_to_expiry"], (H.datetime.date.fromisoformat(valid_to) - H.TODAY).days)
        total = 0
        for a in [int(x[0]) for x in H.db_query("SELECT id FROM agreement")]:
            pnbp, premi = (int(x) for x in H.db_query(
                "SELECT COALESCE(sum(s.pnbp), 0), COALESCE(sum(s.premi), 0) FROM sale s JOIN production_unit u ON u.id = "
                "s.unit_id JOIN agreement a ON a.id = ? WHERE s.site_id = a.site_id AND s.split_id IS NOT NULL AND "
                "s.sale_date BETWEEN a.valid_from AND a.valid_to AND s.id NOT IN (SELECT sale_id FROM sale_reversal) AND "
                "lower(u.trade) IN (SELECT lower(k.name) FROM agreement_kejuruan ak JOIN kejuruan k ON k.id = "
                "ak.kejuruan_id WHERE ak.agreement_id = a.id)", (a,))[0])
            ja = j if a == ag else ADMIN.api("GET", "/api/v1/agreements/%d/scorecard" % a).json()
            self.assertEqual((ja["pnbp"], ja["premi"]), (pnbp, premi))
            total += pnbp + premi
        self.assertGreater(total, 0)
        self.assertEqual([p["phase"] for p in j["phases"]], [1])
        p = j["phases"][0]
        self.assertEqual(p["places_agreed"], n("SELECT quota_max FROM agreement_quota WHERE agreement_id = ? AND phase = 1",
                                               (ag,)))
        self.assertEqual(p["places_filled"], n(
            "SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND program_id IS NOT NULL AND status IN "
            "('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus')", (ag,)))
        present, entries = (int(x) for x in H.db_query(
            "SELECT sum(CASE WHEN a.status = 'hadir' THEN 1 ELSE 0 END), count(*) FROM attendance a WHERE a.session_id IN "
            "(SELECT ts.id FROM training_session ts WHERE ts.cancelled = 0 AND ts.program_id IN (SELECT id FROM program "
            "WHERE agreement_id = ? AND phase = 1))", (ag,))[0])
        self.assertEqual((p["attendance_present"], p["attendance_entries"]), (present, entries))
        self.assertGreater(entries, 0)
        done = n("SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND status = 'selesai'", (ag,))
        failed = n("SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND status = 'tidak_lulus'", (ag,))
        self.assertEqual((p["completed"], p["failed"]), (done, failed))
        self.assertEqual(p["pass_rate_bp"], round(done * 10000 / (done + failed)))
        self.assertEqual(p["certificates"], n("SELECT count(*) FROM certificate WHERE status = 'valid' AND program_id IN "
                                              "(SELECT id FROM program WHERE agreement_id = ? AND phase = 1)", (ag,)))
        wd = {}
        for code, reason in H.db_query("SELECT withdraw_reason, reason FROM enrolment WHERE agreement_id = ? AND "
                                       "phase = 1 AND status = 'mundur'", (ag,)):
            k = code or ("bebas" if reason == "bebas" else "lainnya")
            wd[k] = wd.get(k, 0) + 1
        self.assertEqual(p["withdrawals"], wd)
        self.assertEqual(p["withdrawn"], sum(wd.values()))
        # outcomes: the latest follow-up of each released participant, grouped by the rule file
        groups = {"bekerja_sesuai_pelatihan": "bekerja", "bekerja_lain": "bekerja", "wirausaha": "bekerja",
                  "menganggur": "tidak_bekerja", "mengulangi_pidana": "tidak_bekerja"}
        out = {"bekerja": 0, "pelatihan": 0, "tidak_bekerja": 0, "tidak_diketahui": 0}
        for (rid,) in H.db_query("SELECT r.id FROM wbp_release r JOIN enrolment e ON e.wbp_id = r.wbp_id WHERE "
                                 "e.agreement_id = ? AND e.phase = 1 AND e.program_id IS NOT NULL AND e.status IN "
                                 "('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus', 'mundur')", (ag,)):
            last = H.db_query("SELECT status FROM followup WHERE release_id = ? ORDER BY contact_date DESC, id DESC",
                              (rid,))
            out[groups.get(last[0][0], "tidak_diketahui") if last else "tidak_diketahui"] += 1
        self.assertEqual(p["outcomes"], out)
        self.assertEqual(p["released"], sum(out.values()))
        # the suggestion per trade: filled + first-choice waiting list, by the rule file
        trades = {t["trade"]: t for t in p["next_phase"]}
        self.assertEqual(len(trades), n("SELECT count(*) FROM agreement_kejuruan WHERE agreement_id = ?", (ag,)))
        self.assertEqual(sum(t["filled"] for t in trades.values()), p["places_filled"])
        wait = n("SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND status = 'daftar_tunggu'", (ag,))
        self.assertEqual(sum(t["waitlist"] for t in trades.values()), wait)
        for t in trades.values():
            exp = t["filled"] + t["waitlist"]
            judged = t["completed"] + t["failed"]
            if judged and t["completed"] * 10000 < 6000 * judged:
                exp -= -(-exp * 2500 // 10000)
            if t["released"] >= 3 and t["working"] * 10000 >= 5000 * t["released"]:
                exp += -(-exp * 2000 // 10000)
            self.assertEqual(t["suggested_places"], max(0, min(30, exp)), t)
            self.assertIn("daftar tunggu", t["how"])
        # the page and the PDF carry the same numbers
        page = ADMIN.get("/agreements/%d/scorecard" % ag)
        self.assertEqual(page.status, 200)
        self.assertIn('data-k="filled">%d<' % p["places_filled"], page.text)
        self.assertIn('data-k="certificates">%d<' % p["certificates"], page.text)
        pdf = ADMIN.get("/agreements/%d/scorecard.pdf" % ag)
        self.assertEqual(pdf.status, 200)
        text = pdf_text(pdf.body)
        self.assertIn("RAPOR PERJANJIAN KERJA SAMA", text)
        self.assertIn("%d / %d" % (p["places_agreed"], p["places_filled"]), text)
        # a wali may not read it
        self.assertEqual(SERVER.client(token=H.token_for("wali")).api("GET", "/api/v1/agreements/%d/scorecard" % ag).status,
                         403)


class Readiness(H.BekalTest):
    def test_checklist(self):
        wid = H.eligible_wbp(ADMIN)["id"]
        r = ADMIN.api("GET", "/api/v1/wbp/%d/readiness" % wid)
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual([i["item"] for i in j["items"]],
                         ["ektp", "kk", "rekening", "bpjs_tk", "cv", "sertifikat", "pekerjaan", "daerah_asal"])
        self.assertEqual((j["done"], j["total"], j["weeks"]), (0, 8, 12))
        before = H.audit_count()
        r = ADMIN.api("POST", "/api/v1/wbp/%d/readiness" % wid,
                      {"item": "rekening", "state": "selesai", "date": H.day(-2), "note": "BRI 0123-01-000123-50-1"})
        self.assertEqual(r.status, 200, r)
        item = [i for i in r.json()["items"] if i["item"] == "rekening"][0]
        self.assertEqual((item["state"], item["state_date"], item["note"]), ("selesai", H.day(-2), "BRI 0123-01-000123-50-1"))
        self.assertEqual(r.json()["done"], 1)
        r = ADMIN.api("POST", "/api/v1/wbp/%d/readiness" % wid, {"item": "ektp", "state": "proses"})
        self.assertEqual([i["state_date"] for i in r.json()["items"] if i["item"] == "ektp"], [H.day(0)])
        self.assertEqual(r.json()["done"], 1)
        self.assertEqual(H.audit_count(), before + 2)
        for bad in ({"item": "paspor", "state": "selesai"}, {"item": "kk", "state": "beres"},
                    {"item": "kk", "state": "selesai", "date": H.day(3)}, {"item": "kk", "state": "x", "extra": 1}):
            self.assertEqual(ADMIN.api("POST", "/api/v1/wbp/%d/readiness" % wid, bad).status, 422, bad)
        # the WBP page shows the checklist and its form; the release list its progress
        staf = SERVER.client()
        staf.login("staf")
        page = staf.get("/wbp/%d" % wid)
        self.assertIn('id="kesiapan"', page.text)
        self.assertIn('action="/wbp/%d/readiness"' % wid, page.text)
        r = staf.post_form("/wbp/%d/readiness" % wid, {"item": "kk", "state": "selesai", "date": H.day(0)})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(ADMIN.api("GET", "/api/v1/wbp/%d/readiness" % wid).json()["done"], 2)
        due = [int(x[0]) for x in H.db_query("SELECT id FROM wbp WHERE status = 'ditahan' LIMIT 1")]
        r = staf.get("/releases/due?months=3")
        self.assertEqual(r.status, 200)
        self.assertIn("Kesiapan bebas", r.text)
        # kalapas reads, may not write
        k = SERVER.client(token=H.token_for("kalapas"))
        self.assertEqual(k.api("GET", "/api/v1/wbp/%d/readiness" % wid).status, 200)
        self.assertEqual(k.api("POST", "/api/v1/wbp/%d/readiness" % wid, {"item": "kk", "state": "belum"}).status, 403)
        del due


class Movements(H.BekalTest):
    def test_01_demo(self):
        # the BLK programmes are outside, with their place; the sewing programme too
        n_blk = int(H.db_one("SELECT count(*) FROM program p JOIN partner pr ON pr.id = p.provider_id "
                             "WHERE pr.kind = 'blk'"))
        self.assertGreater(n_blk, 0)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM program p JOIN partner pr ON pr.id = p.provider_id "
                                      "WHERE pr.kind = 'blk' AND p.outside = 1 AND p.venue LIKE 'BLK%'")), n_blk)
        pid = sewing()
        sid, date = H.db_query("SELECT DISTINCT ts.id, ts.session_date FROM movement m JOIN training_session ts ON "
                               "ts.id = m.session_id WHERE ts.program_id = ?", (pid,))[0]
        r = ADMIN.api("GET", "/api/v1/movements?date=%s" % date)
        self.assertEqual(r.status, 200, r)
        items = [i for i in r.json()["items"] if i["session_id"] == int(sid)]
        self.assertGreater(len(items), 1)
        for i in items:
            for k in ("wbp_id", "program_id", "place", "escort", "departed_at", "returned_at", "late"):
                self.assertIn(k, i)
            self.assertIn("LPK", i["place"])
            self.assertTrue(i["escort"])
        self.assertEqual(sum(1 for i in items if i["late"]), 1)

    def test_02_depart_return_late(self):
        pid = sewing()
        row = H.db_query("SELECT id, session_date, end_time FROM training_session ts WHERE program_id = ? AND "
                         "cancelled = 0 AND session_date < ? AND NOT EXISTS (SELECT 1 FROM movement m WHERE "
                         "m.session_id = ts.id) ORDER BY session_date DESC LIMIT 1", (pid, H.TODAY.isoformat()))[0]
        sid, date, end = int(row[0]), row[1], row[2]
        r = ADMIN.api("GET", "/api/v1/movements?date=%s" % date)
        people = [i for i in r.json()["items"] if i["session_id"] == sid]
        self.assertGreaterEqual(len(people), 3)
        self.assertTrue(all(i["departed_at"] is None and not i["late"] for i in people))
        # a departure needs the escort
        r = ADMIN.api("POST", "/api/v1/sessions/%d/depart" % sid, {"time": "07:30"})
        self.assertEqual(r.status, 422, r)
        before = H.audit_count()
        r = ADMIN.api("POST", "/api/v1/sessions/%d/depart" % sid, {"escort": "Petugas A, Petugas B", "time": "07:30"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["count"], len(people))
        self.assertEqual(H.audit_count(), before + len(people))
        r = ADMIN.api("POST", "/api/v1/sessions/%d/depart" % sid, {"escort": "X", "wbp_id": people[0]["wbp_id"]})
        self.assertEqual(r.status, 409, r)
        # back in time, back late, not back at all
        ontime, late, out = people[0]["wbp_id"], people[1]["wbp_id"], people[2]["wbp_id"]
        hh, mm = (int(x) for x in end.split(":"))
        early = "%02d:%02d" % divmod(hh * 60 + mm - 5, 60)
        after = "%02d:%02d" % divmod(hh * 60 + mm + 20, 60)
        self.assertEqual(ADMIN.api("POST", "/api/v1/sessions/%d/return" % sid, {"wbp_id": ontime, "time": early}).status, 200)
        self.assertEqual(ADMIN.api("POST", "/api/v1/sessions/%d/return" % sid, {"wbp_id": late, "time": after}).status, 200)
        r = ADMIN.api("POST", "/api/v1/sessions/%d/return" % sid, {"wbp_id": late, "time": after})
        self.assertEqual(r.status, 409, r)
        r = ADMIN.api("POST", "/api/v1/sessions/%d/return" % sid, {"wbp_id": out, "time": "06:00"})
        self.assertEqual(r.status, 422, r)   # before the departure
        items = {i["wbp_id"]: i for i in ADMIN.api("GET", "/api/v1/movements?date=%s" % date).json()["items"]
                 if i["session_id"] == sid}
        self.assertEqual(items[ontime]["returned_at"], "%s %s" % (date, early))
        self.assertFalse(items[ontime]["late"])
        self.assertTrue(items[late]["late"])
        self.assertIsNone(items[out]["returned_at"])
        self.assertTrue(items[out]["late"])        # the session is over and he is not back
        self.assertEqual(items[ontime]["escort"], "Petugas A, Petugas B")
        # the kalapas's inbox and the dashboard say so
        kalapas = SERVER.client(token=H.token_for("kalapas"))
        inbox = kalapas.api("GET", "/api/v1/inbox").json()
        item = [i for i in inbox["items"] if i["code"] == "movements_late"]
        self.assertEqual(len(item), 1, inbox)
        self.assertGreaterEqual(item[0]["count"], 2)
        d = kalapas.get("/dashboard")
        self.assertEqual(d.status, 200)
        self.assertIn('id="movements-late"', d.text)
        # the page: late rows flagged, CSRF on the return form, the gate's PDF with a box per person
        staf = SERVER.client()
        staf.login("staf")
        page = staf.get("/movements?date=%s" % date)
        self.assertEqual(page.status, 200)
        self.assertIn("Terlambat", page.text)
        self.assertIn('action="/sessions/%d/return"' % sid, page.text)
        self.assertIn('name="_csrf"', page.text)
        pdf = ADMIN.get("/movements.pdf?date=%s" % date)
        self.assertEqual(pdf.status, 200)
        self.assertEqual(pdf.header("Content-Type"), "application/pdf")
        text = pdf_text(pdf.body)
        self.assertIn("Terlambat", text)
        self.assertGreaterEqual(text.count("\u2610"), len(people))
        # a staf return through the page's form (CSRF checked), back to the list
        r = staf.post_form("/sessions/%d/return" % sid, {"wbp_id": str(out)}, csrf=False)
        self.assertEqual(r.status, 403, r)
        staf.refresh_csrf("/movements?date=%s" % date)
        r = staf.post_form("/sessions/%d/return" % sid, {"wbp_id": str(out), "time": after})
        self.assertEqual(r.status, 303, r)
        self.assertIn("/movements?date=%s" % date, r.header("Location"))

    def test_03_not_outside_and_bad_date(self):
        sid = int(H.db_one("SELECT ts.id FROM training_session ts JOIN program p ON p.id = ts.program_id WHERE "
                           "p.outside = 0 AND p.place = 'lapas' LIMIT 1") or 0) if H.db_one(
            "SELECT count(*) FROM training_session ts JOIN program p ON p.id = ts.program_id WHERE p.outside = 0 "
            "AND p.place = 'lapas'") != "0" else 0
        if sid:
            r = ADMIN.api("POST", "/api/v1/sessions/%d/depart" % sid, {"escort": "X"})
            self.assertEqual(r.status, 422, r)
        self.assertEqual(ADMIN.api("GET", "/api/v1/movements?date=2026-13-01").status, 400)
        wali = SERVER.client(token=H.token_for("wali"))
        self.assertEqual(wali.api("GET", "/api/v1/movements").status, 403)


if __name__ == "__main__":
    H.main()
