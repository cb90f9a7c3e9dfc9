"""test_training.py — running a training programme through the real `bekal serve` (issue 6):
schedule generation (holidays and cancelled days skipped, sessions editable), attendance
with its correction window (inside and outside, roles, reason, audit and history), the
completion rule setting enrolment statuses with reasons, certificate numbers under
concurrent issuing (no duplicates, reprint never renumbers), the certificate PDF read back
with pdftotext (and its QR code with zbarimg when installed), the public verification page
(no private data, revoked status, %2F, rate limit with 429), instructor scoping, the
certificates API list, and the demo's finished programme. Runs on SQLite and PostgreSQL."""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import training_fixtures as F  # noqa: E402

S = None
TOK = {}


def setUpModule():
    global S
    H.setup_db()
    H.add_user("instr.lain", "instruktur", "LPKTP")
    for name in ("admin", "staf", "instruktur", "instr.lain", "kalapas", "kanwil", "wali", "admin.ptk"):
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(name="staf"):
    return S.client(token=TOK[name])


def page(name="staf"):
    c = S.client()
    c.login(name)
    return c


def ok(r, status=200):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json() if (r.header("Content-Type") or "").startswith("application/json") else r


def audit_rows(entity, entity_id):
    return H.db_query("SELECT action, user_name, before_json, after_json FROM audit_log WHERE entity = ? AND "
                      "entity_id = ? ORDER BY id", (entity, entity_id))


def participants(prog, who="staf"):
    return {p["enrolment_id"]: p for p in ok(api(who).api("GET", "/api/v1/programs/%d/participants"
                                                          % prog["program"]))["items"]}


def status_of(eid):
    return H.db_one("SELECT status FROM enrolment WHERE id = ?", (eid,))


def past_programme(people=3, **kw):
    """A programme of 2 weeks that ended last month (so every session can be recorded)."""
    start = H.TODAY - datetime.timedelta(days=60)
    start -= datetime.timedelta(days=start.weekday())  # a Monday
    end = start + datetime.timedelta(days=11)          # Friday of the next week
    return F.make_programme(api("admin"), "LPKTP", start.isoformat(), end.isoformat(), people=people, **kw)


class Schedule(H.BekalTest):
    def test_generate_skips_holidays_and_cancelled_days_and_sessions_are_editable(self):
        start = datetime.date(2025, 3, 3)  # Monday
        prog = F.make_programme(api("admin"), "LPKTP", "2025-03-03", "2025-03-21", units=((24, "A"), (16, "B")),
                                people=2, instructors=("instruktur",))
        staf = page("staf")
        hol = "2025-03-05"
        self.assertRedirect(staf.post_form("/holidays", {"holiday_date": hol, "name": "Libur uji"}), "/holidays/")
        ss = F.generate(staf, prog, cancelled="2025-03-07\n", jp_per_day=8)
        dates = [s["session_date"] for s in ss]
        self.assertNotIn(hol, dates, "a holiday is skipped")
        self.assertNotIn("2025-03-07", dates, "a cancelled day is skipped")
        self.assertEqual(dates[0], "2025-03-03")
        self.assertEqual(sum(s["jp"] for s in ss), 40)
        # 40 JP at 8 a day: 5 days (Mon 3, Tue 4, Thu 6, Mon 10, Tue 11); units taught in order
        self.assertEqual(sorted(set(dates)), ["2025-03-03", "2025-03-04", "2025-03-06", "2025-03-10", "2025-03-11"])
        self.assertEqual([s["unit_id"] for s in ss][0], prog["units"][0])
        self.assertEqual(ss[-1]["unit_id"], prog["units"][1])
        self.assertEqual(sum(s["jp"] for s in ss if s["unit_id"] == prog["units"][0]), 24)
        uid = int(H.db_one("SELECT id FROM app_user WHERE name = 'instruktur'"))
        self.assertTrue(all(s["instructor_id"] == uid for s in ss), "the programme's instructor is assigned")
        self.assertIn("Libur uji", staf.get("/holidays").text)
        self.assertEqual(start.weekday(), 0)

        # a session is editable: cancelling needs a reason
        sid = ss[-1]["id"]
        form = {"program_id": prog["program"], "session_date": "2025-03-11", "start_time": "08:00",
                "end_time": "13:20", "jp": 8, "cancelled": "1"}
        r = staf.post_form("/sessions/%d" % sid, form)
        self.assertStatus(r, 422)
        self.assertIn("alasan", r.text.lower())
        form["cancel_reason"] = "Instruktur dinas luar"
        self.assertRedirect(staf.post_form("/sessions/%d" % sid, form), "/sessions/%d" % sid)
        self.assertEqual(H.db_one("SELECT cancelled FROM training_session WHERE id = ?", (sid,)), "1")
        self.assertTrue(any(a[0] == "update" for a in audit_rows("training_session", sid)))
        # times must hold the JP (8 x 40 minutes = 320 minutes)
        bad = dict(form, end_time="10:00", cancelled="0")
        self.assertStatus(staf.post_form("/sessions/%d" % sid, bad), 422)
        # the programme of a session cannot change; the API refuses it too
        e = api("staf").api("PATCH", "/api/v1/sessions/%d" % sid, {"program_id": 1})
        self.assertApiError(e, 422, "validation")

        # regenerating keeps the cancelled session's day free and is refused once attendance exists
        ss2 = F.generate(staf, prog, cancelled="2025-03-07")
        self.assertIn(sid, [s["id"] for s in ss2], "a cancelled session is kept")
        self.assertNotIn("2025-03-11", [s["session_date"] for s in ss2 if not s["cancelled"]])
        F.start_training(staf, prog)
        ok(api().api("POST", "/api/v1/sessions/%d/attendance" % ss2[0]["id"],
                     {"entries": [{"enrolment_id": prog["enrolments"][0], "status": "hadir"}]}))
        r = staf.post_form("/programs/%d/sessions/generate" % prog["program"], {"jp_per_day": 8, "confirm": "1"})
        self.assertStatus(r, 409)
        self.assertIn("kehadiran", r.text)


class Completion(H.BekalTest):
    def test_completion_rule_sets_statuses_with_reasons(self):
        prog = past_programme(people=4)
        staf = page("staf")
        F.start_training(staf, prog)
        for e in prog["enrolments"]:
            self.assertEqual(status_of(e), "terdaftar")
        ss = F.generate(staf, prog)
        a, b, c, d = prog["enrolments"]
        for i, s in enumerate(ss):
            ents = [{"enrolment_id": a, "status": "hadir"},
                    {"enrolment_id": b, "status": "alpa" if i % 2 else "hadir"},
                    {"enrolment_id": c, "status": "sakit" if i == 0 else "hadir", "note": "demam" if i == 0 else None},
                    {"enrolment_id": d, "status": "hadir"}]
            ok(api().api("POST", "/api/v1/sessions/%d/attendance" % s["id"], {"entries": ents}))
        end = F.prog_end(prog)
        for u in prog["units"]:
            for e in (a, b, c):
                res = "belum_kompeten" if (e == c and u == prog["units"][1]) else "kompeten"
                ok(api("instruktur" if False else "staf").api("POST", "/api/v1/enrolments/%d/results" % e, {
                    "unit_id": u, "result": res, "assessed_on": end, "assessor": "Asesor Uji"}), 201)
        # d: one unit never assessed -> still pending
        for u in prog["units"][:-1]:
            ok(api().api("POST", "/api/v1/enrolments/%d/results" % d, {
                "unit_id": u, "result": "kompeten", "assessed_on": end, "assessor": "Asesor Uji"}), 201)
        p = participants(prog)
        self.assertEqual(p[a]["outcome"], "lulus")
        self.assertEqual(p[b]["outcome"], "tidak_lulus")
        self.assertTrue(p[b]["attendance"]["below_minimum"])
        self.assertEqual(p[c]["outcome"], "tidak_lulus", "a unit belum kompeten fails the rule")
        self.assertEqual(p[d]["outcome"], "belum", "a unit not assessed leaves it pending")
        self.assertFalse(p[a]["attendance"]["below_minimum"])

        # a bare POST (no confirm field of the button) does nothing
        self.assertStatus(staf.post_form("/programs/%d/complete" % prog["program"], {}), 422)
        self.assertEqual(status_of(a), "terdaftar")
        self.assertRedirect(staf.post_form("/programs/%d/complete" % prog["program"], {"confirm": "1"}), "/programs/")
        self.assertEqual([status_of(x) for x in (a, b, c, d)], ["selesai", "tidak_lulus", "tidak_lulus", "terdaftar"])
        ev = H.db_query("SELECT from_status, to_status, reason, user_id FROM enrolment_event WHERE enrolment_id = ? "
                        "ORDER BY id", (b,))
        self.assertEqual([(x[0], x[1]) for x in ev], [("ditempatkan", "terdaftar"), ("terdaftar", "tidak_lulus")])
        self.assertIn("ehadiran", ev[-1][2], "the reason names the attendance requirement")
        self.assertIn("80", ev[-1][2])
        staf_id = H.db_one("SELECT id FROM app_user WHERE name = 'staf'")
        self.assertEqual(ev[-1][3], staf_id)
        self.assertIn("tidak_lulus", audit_rows("enrolment", b)[-1][3])
        reason_c = H.db_one("SELECT reason FROM enrolment WHERE id = ?", (c,))
        self.assertIn("Dasar", reason_c, "the reason names the unit not kompeten")
        # the participant's page explains each requirement
        t = staf.get("/enrolments/%d/training" % d).text
        self.assertIn("belum dinilai", t.lower())
        self.assertIn('href="/enrolments/%d"' % d, t, "back to the enrolment and its status history")
        # the enrolment page (placement, status history) leads to the training record
        self.assertIn('href="/enrolments/%d/training"' % d, staf.get("/enrolments/%d" % d).text)
        # completing again changes nothing more (final statuses stay)
        self.assertRedirect(staf.post_form("/programs/%d/complete" % prog["program"], {"confirm": "1"}), "/programs/")
        self.assertEqual(status_of(a), "selesai")


class CorrectionWindow(H.BekalTest):
    def setUp(self):
        self.prog = past_programme(people=2, instructors=("instruktur",))
        F.start_training(page("staf"), self.prog)
        self.ss = F.generate(page("staf"), self.prog)
        self.sid = self.ss[0]["id"]
        self.e1, self.e2 = self.prog["enrolments"]
        ok(api("instruktur").api("POST", "/api/v1/sessions/%d/attendance" % self.sid, {"entries": [
            {"enrolment_id": self.e1, "status": "hadir"}, {"enrolment_id": self.e2, "status": "hadir"}]}))
        self.att = int(H.db_one("SELECT id FROM attendance WHERE session_id = ? AND enrolment_id = ?",
                                (self.sid, self.e1)))

    def save(self, who, status, reason=None):
        body = {"entries": [{"enrolment_id": self.e1, "status": status}]}
        if reason is not None:
            body["reason"] = reason
        return api(who).api("POST", "/api/v1/sessions/%d/attendance" % self.sid, body)

    def age(self, days):
        t = H.now_iso(-days * 86400)
        H.db_exec("UPDATE attendance SET entered_at = ? WHERE id = ?", (t, self.att))

    def current(self):
        return H.db_one("SELECT status FROM attendance WHERE id = ?", (self.att,))

    def test_inside_the_window_the_instructor_corrects(self):
        self.age(6)
        j = ok(self.save("instruktur", "izin"))
        self.assertEqual(j["saved"]["corrected"], 1)
        self.assertEqual(j["saved"]["late"], 0)
        self.assertEqual(self.current(), "izin")
        ch = H.db_query("SELECT from_status, to_status, late, reason FROM attendance_change WHERE attendance_id = ?",
                        (self.att,))
        self.assertEqual(ch, [("hadir", "izin", "0", "")])
        acts = [a[0] for a in audit_rows("attendance", self.att)]
        self.assertEqual(acts, ["create", "correct"])

    def test_after_the_window_only_staff_with_a_reason(self):
        self.age(8)
        n_audit = H.audit_count()
        e = self.save("instruktur", "alpa")
        self.assertApiError(e, 403, "correction_refused")
        self.assertEqual(self.current(), "hadir")
        e = self.save("staf", "alpa")
        self.assertApiError(e, 422, "reason_required")
        self.assertEqual(self.current(), "hadir")
        self.assertEqual(H.audit_count(), n_audit, "refused corrections change nothing")
        # the page keeps the form and says why
        r = page("instruktur").post_form("/sessions/%d/attendance" % self.sid, {"s_%d" % self.e1: "alpa"})
        self.assertStatus(r, 403)
        self.assertIn('role="alert"', r.text)
        self.assertIn('value="alpa" checked', r.text)
        j = ok(self.save("staf", "alpa", "Salah catat: peserta tidak hadir, dicek di buku piket"))
        self.assertEqual(j["saved"]["late"], 1)
        self.assertEqual(self.current(), "alpa")
        ch = H.db_query("SELECT from_status, to_status, late, reason FROM attendance_change WHERE attendance_id = ?",
                        (self.att,))
        self.assertEqual(ch, [("hadir", "alpa", "1", "Salah catat: peserta tidak hadir, dicek di buku piket")])
        last = audit_rows("attendance", self.att)[-1]
        self.assertEqual((last[0], last[1]), ("correct_late", "staf"))
        self.assertIn("buku piket", last[3])
        self.assertIn('"hadir"', last[2])
        # the session page lists the late correction with its reason
        self.assertIn("buku piket", page("staf").get("/sessions/%d" % self.sid).text)
        # an unchanged entry is no correction at all
        j = ok(self.save("instruktur", "alpa"))
        self.assertEqual(j["saved"]["unchanged"], 1)

    def test_roles(self):
        for who in ("kalapas", "wali", "kanwil"):
            self.assertApiError(self.save(who, "sakit"), 403)
        self.assertEqual(self.current(), "hadir")
        # an instructor of another programme sees nothing of this one
        self.assertApiError(self.save("instr.lain", "sakit"), 404)


class Certificates(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.many = past_programme(people=12)
        F.complete_programme(page("staf"), api("staf"), cls.many)
        cls.prog = past_programme(people=4)
        F.complete_programme(page("staf"), api("staf"), cls.prog)
        r = page("staf").post_form("/programs/%d/certificates" % cls.prog["program"], {"confirm": "1"})
        if r.status != 303 or "issued=4" not in (r.header("Location") or ""):
            raise AssertionError("bulk issue: %r %s" % (r, r.header("Location")))

    def test_concurrent_issuing_never_duplicates_a_number(self):
        prog = self.many
        for e in prog["enrolments"]:
            self.assertEqual(status_of(e), "selesai")
        results = []

        def issue(eid, c):
            results.append(c.post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"}).status)

        clients = [page("staf") for _ in range(4)]
        # every enrolment twice, from different sessions at once
        threads = [threading.Thread(target=issue, args=(e, clients[(i + k) % 4]))
                   for k in range(2) for i, e in enumerate(prog["enrolments"])]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results.count(303), len(prog["enrolments"]), results)
        self.assertEqual(results.count(409), len(prog["enrolments"]), results)
        rows = H.db_query("SELECT number, seq, seq_key, enrolment_id FROM certificate WHERE program_id = ?",
                          (prog["program"],))
        self.assertEqual(len(rows), len(prog["enrolments"]), "one certificate per participant")
        self.assertEqual(len({r[0] for r in rows}), len(rows), "no duplicate numbers")
        key = rows[0][2]
        seqs = sorted(int(r[1]) for r in H.db_query("SELECT number, seq FROM certificate WHERE seq_key = ?", (key,)))
        self.assertEqual(seqs, list(range(seqs[0], seqs[0] + len(seqs))), "the sequence has no gaps or repeats")
        year = str(H.TODAY.year)
        for num, seq, _, _ in rows:
            self.assertRegex(num, r"^\d{4}/PLT/T[0-9A-Za-z]+/LPKTP/[IVX]+/%s$" % year)
            self.assertTrue(num.startswith("%04d/" % int(seq)))
        # a reprint never renumbers; issuing again is refused with the number
        cid, num = H.db_query("SELECT id, number FROM certificate WHERE enrolment_id = ?", (prog["enrolments"][0],))[0]
        r = page("staf").post_form("/enrolments/%d/certificate" % prog["enrolments"][0], {"confirm": "1"})
        self.assertStatus(r, 409)
        self.assertIn(num, r.text)
        a = page("staf").get("/certificates/%s/pdf" % cid)
        b = page("staf").get("/certificates/%s/pdf" % cid)
        self.assertEqual(pdf_text(a.body), pdf_text(b.body))
        self.assertEqual(H.db_one("SELECT number FROM certificate WHERE id = ?", (cid,)), num)
        self.assertIn("issue", [x[0] for x in audit_rows("certificate", int(cid))])

    def test_number_format_without_site_and_code_on_first_use(self):
        prog = past_programme(people=2)
        F.complete_programme(page("staf"), api("staf"), prog)
        site = int(H.db_one("SELECT id FROM site WHERE code = 'LPKTP'"))
        ins = ("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES (?, ?, ?, ?, 'uji')")
        H.db_exec(ins, ("certificate.number_format", site, H.day(0), "{seq:05}/PLT/{trade}/{year}"))
        H.db_exec(ins, ("certificate.seq_per", site, H.day(0), "year"))
        try:
            for eid in prog["enrolments"]:
                self.assertStatus(page("staf").post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"}), 303)
            rows = H.db_query("SELECT id, number, verify_code FROM certificate WHERE program_id = ? ORDER BY id",
                              (prog["program"],))
            for _, num, code in rows:
                self.assertRegex(num, r"^\d{5}/PLT/T[0-9A-Za-z]+/%d$" % H.TODAY.year)
                self.assertNotIn("LPKTP", num)
                self.assertRegex(code, r"^[0-9a-f]{32}$")
            # an invalid format is refused with its reason, nothing issued
            H.db_exec(ins, ("certificate.seq_per", site, H.day(0), "site"))
            prog2 = past_programme(people=1)
            F.complete_programme(page("staf"), api("staf"), prog2)
            r = page("staf").post_form("/enrolments/%d/certificate" % prog2["enrolments"][0], {"confirm": "1"})
            self.assertIn(r.status, (409, 422), r)
            self.assertIn("certificate.number_format", r.text)
        finally:
            H.db_exec(ins, ("certificate.number_format", site, H.day(0), ""))
            H.db_exec(ins, ("certificate.seq_per", site, H.day(0), ""))
        # a certificate without a code (made outside Bekal) gets one when it is first shown
        cid = rows[0][0]
        H.db_exec("UPDATE certificate SET verify_code = NULL WHERE id = ?", (cid,))
        r = page("kalapas").get("/certificates/%s" % cid)
        self.assertStatus(r, 200)
        code = H.db_one("SELECT verify_code FROM certificate WHERE id = ?", (cid,))
        self.assertRegex(code or "", r"^[0-9a-f]{32}$")
        self.assertIn("/verify?kode=" + code, r.text)
        self.assertStatus(S.client().get("/verify?kode=" + code), 200)

    def test_only_completed_participants_get_one(self):
        prog = past_programme(people=1)
        F.start_training(page("staf"), prog)
        r = page("staf").post_form("/enrolments/%d/certificate" % prog["enrolments"][0], {"confirm": "1"})
        self.assertStatus(r, 409)
        self.assertIn("selesai", r.text)

    def test_pdf_text_and_qr(self):
        prog = self.prog
        eid = prog["enrolments"][1]
        cid, num, holder, code = H.db_query("SELECT id, number, holder_name, verify_code FROM certificate "
                                            "WHERE enrolment_id = ?", (eid,))[0]
        self.assertRegex(code, r"^[0-9a-f]{32}$")
        r = page("kalapas").get("/certificates/%s/pdf" % cid)
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertTrue(r.body.startswith(b"%PDF-"))
        t = pdf_text(r.body)
        flat = re.sub(r"\s+", " ", t)
        name = H.db_one("SELECT name FROM wbp WHERE id = (SELECT wbp_id FROM enrolment WHERE id = ?)", (eid,))
        self.assertEqual(holder, name)
        trade = H.db_one("SELECT name FROM kejuruan WHERE id = ?", (prog["kejuruan"],))
        site = H.db_one("SELECT name FROM site WHERE code = 'LPKTP'")
        blk = H.db_one("SELECT name FROM partner WHERE id = ?", (prog["partner"],))
        for want in ("SERTIFIKAT PELATIHAN", num, name, trade, site.upper(), blk.upper(), "80 jam", "K3",
                     "Praktik", "Kalapas Uji", "Kepala BLK Uji", "Kota Uji", "/verify?kode=" + code):
            self.assertIn(want, flat)
        start = H.db_one("SELECT min(session_date) FROM training_session WHERE program_id = ?", (prog["program"],))
        d = datetime.date.fromisoformat(start)
        self.assertIn("%d %s %d" % (d.day, BULAN[d.month - 1], d.year), flat)
        # the QR code carries the verification URL
        if shutil.which("zbarimg") and shutil.which("pdftoppm"):
            with tempfile.TemporaryDirectory() as tmp:
                p = os.path.join(tmp, "c.pdf")
                with open(p, "wb") as f:
                    f.write(r.body)
                subprocess.run(["pdftoppm", "-png", "-r", "200", p, os.path.join(tmp, "c")], check=True)
                out = subprocess.run(["zbarimg", "-q", os.path.join(tmp, "c-1.png")], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL).stdout.decode()
                self.assertIn("/verify?kode=" + code, out)
        # the command line prints the same certificate, with the public URL it is given
        res = H.cli("certificate", "pdf", num, env={"BEKAL_PUBLIC_URL": "https://bekal.contoh.id/"})
        self.assertEqual(res.code, 0, res)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "c.pdf")
            res = H.cli("certificate", "pdf", num, "--out", out, env={"BEKAL_PUBLIC_URL": "https://bekal.contoh.id/"})
            self.assertEqual(res.code, 0, res)
            with open(out, "rb") as f:
                t2 = re.sub(r"\s+", " ", pdf_text(f.read()))
        self.assertIn("https://bekal.contoh.id/verify?kode=" + code, t2)
        self.assertIn(name, t2)
        self.assertEqual(H.cli("certificate", "pdf", "0000/NONE").code, 1)
        self.assertEqual(H.cli("certificate", "zip").code, 2)

    def test_revoke_and_verify_page(self):
        prog = self.prog
        eid = prog["enrolments"][2]
        cid, num, code = H.db_query("SELECT id, number, verify_code FROM certificate WHERE enrolment_id = ?",
                                    (eid,))[0]
        w = H.db_query("SELECT w.regno, w.crime_detail, w.crime_category, w.detention_start, w.verdict_no, w.name "
                       "FROM wbp w JOIN enrolment e ON e.wbp_id = w.id WHERE e.id = ?", (eid,))[0]
        H.db_exec("UPDATE wbp SET crime_detail = 'Pasal 999 RAHASIA', verdict_no = 'PUTUSAN-RAHASIA-1' WHERE regno = ?",
                  (w[0],))
        anon = S.client()
        # by number alone: valid or not, and no name (issue 21: numbers run in sequence)
        for path in ("/verify/" + num, "/verify/" + urllib.parse.quote(num, safe="")):
            r = anon.get(path)
            self.assertStatus(r, 200)
            self.assertIn("BERLAKU", r.text)
            self.assertIn(num, r.text)
            self.assertNotIn(w[5], r.text, "the page for a bare number names the holder")
            for secret in (w[0], "Pasal 999 RAHASIA", "PUTUSAN-RAHASIA-1", w[3], "Lapas", "pidana", "narkotika",
                           "ditahan", code):
                self.assertNotIn(secret, r.text, "the public page shows %r" % secret)
        # by the verification code of its QR link: the holder's details
        for path in ("/verify?kode=" + code, "/verify?kode=" + code.upper()):
            r = anon.get(path)
            if path.endswith(code):
                self.assertStatus(r, 200)
                self.assertIn("BERLAKU", r.text)
                self.assertIn(w[5], r.text)
                self.assertIn(num, r.text)
            else:
                self.assertStatus(r, 400)
                self.assertNotIn(w[5], r.text)
            for secret in (w[0], "Pasal 999 RAHASIA", "PUTUSAN-RAHASIA-1", w[3], "Lapas", "pidana", "narkotika",
                           "ditahan"):
                self.assertNotIn(secret, r.text, "the public page shows %r" % secret)
        self.assertEqual(r.header("X-Robots-Tag"), "noindex")
        # revocation needs a reason; then the page says revoked, without the reason
        self.assertStatus(page("staf").post_form("/certificates/%s/revoke" % cid, {"reason": ""}), 422)
        self.assertApiError(api("staf").api("POST", "/api/v1/certificates/%s/revoke" % cid, {}), 422, "validation")
        self.assertRedirect(page("staf").post_form("/certificates/%s/revoke" % cid,
                                                   {"reason": "Data peserta RAHASIA-ALASAN keliru"}), "/certificates/")
        self.assertEqual(H.db_one("SELECT status FROM certificate WHERE id = ?", (cid,)), "dicabut")
        for path in ("/verify/" + num, "/verify?kode=" + code):
            r = anon.get(path)
            self.assertStatus(r, 200)
            self.assertIn("DICABUT", r.text)
            self.assertNotIn("RAHASIA-ALASAN", r.text)
            self.assertNotIn("BERLAKU.", r.text)
        self.assertIn("revoke", [a[0] for a in audit_rows("certificate", int(cid))])
        self.assertIn("DICABUT", pdf_text(page("staf").get("/certificates/%s/pdf" % cid).body))
        self.assertApiError(api("staf").api("POST", "/api/v1/certificates/%s/revoke" % cid, {"reason": "lagi"}), 409)
        # a revoked certificate can be replaced by a new one with a new number
        self.assertStatus(page("staf").post_form("/enrolments/%d/certificate" % eid, {"confirm": "1"}), 303)
        nums = [x[0] for x in H.db_query("SELECT number FROM certificate WHERE enrolment_id = ? ORDER BY id", (eid,))]
        self.assertEqual(len(nums), 2)
        self.assertNotEqual(nums[0], nums[1])
        codes = [x[0] for x in H.db_query("SELECT verify_code FROM certificate WHERE enrolment_id = ? ORDER BY id",
                                          (eid,))]
        self.assertNotEqual(codes[0], codes[1])
        # unknown and malformed codes and numbers
        r = anon.get("/verify?kode=" + "0" * 32)
        self.assertStatus(r, 404)
        self.assertIn('role="alert"', r.text)
        r = anon.get("/verify/9999/TIDAK/ADA")
        self.assertStatus(r, 404)
        self.assertIn('role="alert"', r.text)
        r = anon.get("/verify/%3Cscript%3E")
        self.assertStatus(r, 400)
        self.assertNotIn("<script>", r.text)
        self.assertRedirect(anon.get("/verify?nomor=" + urllib.parse.quote(num)), "/verify/" + num)

    def test_api_list(self):
        prog = self.prog
        c = page("staf")
        n = len(prog["enrolments"])
        j = ok(api("kanwil").api("GET", "/api/v1/certificates?program_id=%d&per_page=2" % prog["program"]))
        self.assertEqual(j["total"], int(H.db_one("SELECT count(*) FROM certificate WHERE program_id = ?",
                                                  (prog["program"],))))
        self.assertGreaterEqual(j["total"], n)
        self.assertEqual(len(j["items"]), 2)
        it = j["items"][0]
        for k in ("number", "participant", "trade", "issued", "status"):
            self.assertIn(k, it)
        self.assertEqual(set(j) >= {"items", "page", "per_page", "total"}, True)
        j2 = ok(api("admin").api("GET", "/api/v1/certificates?program_id=%d&per_page=3&page=2" % prog["program"]))
        self.assertEqual((j2["page"], j2["per_page"], j2["total"]), (2, 3, j["total"]))
        self.assertEqual(len(j2["items"]), j["total"] - 3)
        one = j["items"][0]["number"]
        j3 = ok(api().api("GET", "/api/v1/certificates?q=" + urllib.parse.quote(one)))
        self.assertEqual([x["number"] for x in j3["items"]], [one])
        j4 = ok(api().api("GET", "/api/v1/certificates?status=dicabut&program_id=%d" % prog["program"]))
        self.assertTrue(all(x["status"] == "dicabut" for x in j4["items"]))
        self.assertApiError(api().api("GET", "/api/v1/certificates?status=apa"), 400)
        self.assertApiError(api("wali").api("GET", "/api/v1/certificates"), 403)
        self.assertApiError(api("instruktur").api("GET", "/api/v1/certificates"), 403)
        # another site's user sees none of these
        jb = ok(api("admin.ptk").api("GET", "/api/v1/certificates?program_id=%d" % prog["program"]))
        self.assertEqual(jb["total"], 0)
        cid = j["items"][0]["id"]
        self.assertApiError(api("admin.ptk").api("GET", "/api/v1/certificates/%d" % cid), 404)
        self.assertStatus(page("admin.ptk").get("/certificates/%d/pdf" % cid), 404)
        one = ok(api().api("GET", "/api/v1/certificates/%d" % cid))
        self.assertEqual(one["content"]["number"], one["number"])
        # the page list and CLI list agree
        self.assertIn(one["number"], c.get("/certificates?q=" + urllib.parse.quote(one["number"])).text)
        lines = H.cli("certificate", "list", "--site", "LPKTP").out.splitlines()
        self.assertTrue(any(one["number"] in x for x in lines))


class RateLimit(H.BekalTest):
    def test_verify_lookups_are_limited_per_client(self):
        today = H.TODAY.isoformat()
        H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                  "('verify.rate_per_minute', NULL, ?, '3', 'uji')", (today,))
        try:
            s2 = H.start_server()
            c = s2.client()
            codes = [c.get("/verify/0000/UJI/%d" % i).status for i in range(3)]
            self.assertEqual(codes, [404, 404, 404])
            r = c.get("/verify/0000/UJI/9")
            self.assertStatus(r, 429)
            self.assertIn('role="alert"', r.text)
            self.assertTrue(int(r.header("Retry-After")) >= 1)
            self.assertIn("detik", r.text)
            self.assertStatus(c.get("/healthz"), 200, "other pages are not limited")
        finally:
            H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                      "('verify.rate_per_minute', NULL, ?, '1000', 'uji selesai')", (today,))


class Scoping(H.BekalTest):
    def test_instructors_see_and_enter_only_their_programmes(self):
        mine = past_programme(people=2, instructors=("instr.lain",))
        other = past_programme(people=2, instructors=("instruktur",))
        staf = page("staf")
        for p in (mine, other):
            F.start_training(staf, p)
            F.generate(staf, p)
        ins = page("instr.lain")
        self.assertStatus(ins.get("/programs/%d/training" % mine["program"]), 200)
        self.assertStatus(ins.get("/programs/%d/training" % other["program"]), 404)
        s_mine = F.sessions(api("staf"), mine)[0]["id"]
        s_other = F.sessions(api("staf"), other)[0]["id"]
        self.assertStatus(ins.get("/sessions/%d" % s_mine), 200)
        self.assertStatus(ins.get("/sessions/%d" % s_other), 404)
        self.assertStatus(ins.get("/sessions/%d/edit" % s_other), 404)
        self.assertStatus(ins.get("/enrolments/%d/training" % other["enrolments"][0]), 404)
        self.assertStatus(ins.get("/programs/%d/results" % other["program"]), 404)
        r = ins.post_form("/sessions/%d/attendance" % s_other, {"s_%d" % other["enrolments"][0]: "hadir"})
        self.assertStatus(r, 404)
        self.assertIsNone(H.db_one("SELECT id FROM attendance WHERE session_id = ?", (s_other,)))
        r = ins.post_form("/sessions/%d/attendance" % s_mine, {"s_%d" % mine["enrolments"][0]: "hadir",
                                                              "s_%d" % mine["enrolments"][1]: "izin",
                                                              "n_%d" % mine["enrolments"][1]: "ke klinik"})
        self.assertRedirect(r, "/sessions/%d?saved=1" % s_mine)
        self.assertEqual(H.db_one("SELECT note FROM attendance WHERE session_id = ? AND enrolment_id = ?",
                                  (s_mine, mine["enrolments"][1])), "ke klinik")
        a = api("instr.lain")
        self.assertApiError(a.api("GET", "/api/v1/programs/%d/participants" % other["program"]), 404)
        self.assertApiError(a.api("GET", "/api/v1/sessions/%d" % s_other), 404)
        self.assertApiError(a.api("POST", "/api/v1/enrolments/%d/results" % other["enrolments"][0],
                                  {"unit_id": other["units"][0], "result": "kompeten", "assessed_on": "2025-01-01",
                                   "assessor": "x"}), 404)
        ok(a.api("POST", "/api/v1/enrolments/%d/results" % mine["enrolments"][0],
                 {"unit_id": mine["units"][0], "result": "kompeten", "assessed_on": F.prog_end(mine), "assessor": "x"}),
           201)
        # instructors do not run the programme: no completion or certificates
        self.assertStatus(ins.post_form("/programs/%d/complete" % mine["program"], {}), 403)
        self.assertStatus(ins.post_form("/programs/%d/sessions/generate" % mine["program"], {}), 403)
        # kalapas reads, does not write
        k = page("kalapas")
        self.assertStatus(k.get("/programs/%d/training" % other["program"]), 200)
        self.assertStatus(k.post_form("/sessions/%d/attendance" % s_other, {}), 403)
        # another site's programme is not found
        self.assertStatus(page("admin.ptk").get("/programs/%d/training" % other["program"]), 404)


class PhoneGrid(H.BekalTest):
    def test_session_page_is_a_card_per_participant(self):
        prog = past_programme(people=3, instructors=("instruktur",))
        F.start_training(page("staf"), prog)
        sid = F.generate(page("staf"), prog)[0]["id"]
        t = page("instruktur").get("/sessions/%d" % sid).text
        self.assertEqual(t.count('<fieldset class="att">'), 3)
        self.assertNotIn("<table", t.split("<main", 1)[1].split("Riwayat koreksi")[0])
        self.assertIn('name="viewport"', t)
        for st in ("hadir", "izin", "sakit", "alpa"):
            self.assertIn('value="%s"' % st, t)
        css = S.client().get("/static/app.css").text
        self.assertIn("min-height:44px", css)


class Demo(H.BekalTest):
    def test_demo_has_a_finished_programme(self):
        pid = int(H.db_one("SELECT id FROM program WHERE name = 'Las listrik tahap 1'"))
        st = dict(H.db_query("SELECT status, count(*) FROM enrolment WHERE program_id = ? GROUP BY status", (pid,)))
        self.assertGreaterEqual(int(st.get("selesai", 0)), 1)
        self.assertEqual(set(st) - {"selesai", "tidak_lulus"}, set())
        self.assertGreater(int(H.db_one("SELECT count(*) FROM training_session WHERE program_id = ?", (pid,))), 20)
        self.assertGreater(int(H.db_one("SELECT count(*) FROM attendance a JOIN training_session s ON "
                                        "s.id = a.session_id WHERE s.program_id = ?", (pid,))), 100)
        self.assertGreater(int(H.db_one("SELECT count(*) FROM competency_result r JOIN enrolment e ON "
                                        "e.id = r.enrolment_id WHERE e.program_id = ?", (pid,))), 10)
        j = ok(api("staf").api("GET", "/api/v1/certificates?program_id=%d" % pid))
        self.assertEqual(j["total"], int(st["selesai"]))
        num = j["items"][-1]["number"]
        self.assertRegex(num, r"^0001/PLT/LAS/LPKTP/VI/2021$|^\d{4}/PLT/LAS/LPKTP/[IVX]+/2021$")
        self.assertStatus(S.client().get("/verify/" + num), 200)
        self.assertIn("Lulus", page("instruktur").get("/programs/%d/training" % pid).text)
        # the schedule skipped the holidays and the cancelled day of the demo
        self.assertIsNone(H.db_one("SELECT id FROM training_session WHERE program_id = ? AND session_date = "
                                   "'2021-05-13'", (pid,)))
        self.assertEqual(H.db_one("SELECT count(*) FROM training_session WHERE program_id = ? AND cancelled = 1",
                                  (pid,)), "1")


class BeforeTheRules(H.BekalTest):
    def test_programme_before_every_training_rule_is_a_clear_4xx(self):
        """Found by tests/fuzz/fuzz_training.c: a programme starting before the first
        training rule file (pelatihan-default: 2021-03-08) was answered 500 on its pages and
        API (no rule set in force was taken for a server fault). It is the programme's date
        that no rule covers: a 4xx naming the date."""
        prog = F.make_programme(api("admin"), "LPKTP", "2019-03-04", "2019-03-15", people=1)
        pid = prog["program"]
        for path in ("/programs/%d/training" % pid, "/programs/%d/results" % pid):
            r = page("staf").get(path)
            self.assertTrue(400 <= r.status < 500, "%s: %r" % (path, r))
            self.assertIn("2019-03-04", r.text)
        r = api("staf").api("GET", "/api/v1/programs/%d/participants" % pid)
        self.assertTrue(400 <= r.status < 500, r)
        self.assertIn("2019-03-04", r.json()["error"]["message"])


BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    H.main()
