"""test_placement.py — the initial assessment, the placement and the asimilasi
proposal through the real binary (issue 5), on SQLite and PostgreSQL.

Each test builds its own phase: an agreement valid around today with a quota for
phase 1, two trades and a programme of each starting in a month, and inmates made
through the API (eligible ones: detained 2018 for 12 years, with SPPN scores for the
last months; a not-eligible one: detained a year ago). All of them share one release
date and risk level, so a programme's priority is the aptitude for its trade, which
lets the test check stability itself: no candidate and programme would both rather
have each other than what they got.

Covered: `bekal place` JSON and text, stable, deterministic (same answer twice, by
phase key and AGREEMENT:PHASE, and the page shows the same proposal), capacity and
eligibility and fitness respected; confirming on the page and --apply write the
enrolments with events and audit entries once (a re-run writes nothing); a stale
confirmation is refused (409); withdrawal promotes the best waiting candidate and
renumbers the list; overrides are audited, kept by later runs, refused when the
programme is full or the inmate not eligible; illegal enrolment and proposal steps
answer 409 with a message naming the states; role checks on every proposal step
(chain kalapas and kanwil); the dossier blocks the TPP until complete; scans; the
TPP list as PDF (pdftotext) and XLSX; CSV import of assessments with line and
column errors, dry run and idempotent re-import; the fast assessment page; the
instructor's scope; counts by trade interest on the screening page; the demo."""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}
USERS = ["admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas", "admin.ptk"]


def setUpModule():
    global S
    H.setup_db()
    H.add_user("instruktur3", "instruktur", "LPKTP")
    for name in USERS + ["instruktur3"]:
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(name="admin"):
    return S.client(token=TOK[name])


def logged_in(name):
    c = S.client()
    c.login(name)
    return c


def day(offset=0):
    return H.day(offset)


def ok(r, status=201):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json()


# ---------------------------------------------------------------- fixtures

class Phase:
    """An agreement with phase 1, trades and programmes, at site A (or B)."""

    def __init__(self, caps=(2, 2), site="LPKTP", who="admin"):
        self.who = who
        c = api(who)
        self.trades = []
        for _ in caps:
            code = H.uniq("T").upper()[:12]
            self.trades.append(ok(c.api("POST", "/api/v1/kejuruan", {"code": code, "name": "Kejuruan " + code,
                                                                      "standard_jp": 240, "days": 30})))
        partner = ok(c.api("POST", "/api/v1/partners", {"name": "Mitra " + H.uniq(), "kind": "blk"}))
        self.ag = ok(c.api("POST", "/api/v1/agreements", {
            "title": "PKS Uji " + H.uniq(), "partner_id": partner["id"], "number_site": H.uniq("PKS/"),
            "signed_date": day(-60), "valid_from": day(-60), "valid_to": day(400), "status": "aktif"}))
        ok(c.api("POST", "/api/v1/agreements/%d/quotas" % self.ag["id"],
                 {"phase": 1, "quota_min": 0, "quota_max": sum(caps) + 10}))
        for t in self.trades:
            ok(c.api("POST", "/api/v1/agreements/%d/trades" % self.ag["id"], {"kejuruan_id": t["id"]}))
        self.progs = []
        for t, cap in zip(self.trades, caps):
            self.progs.append(ok(c.api("POST", "/api/v1/programs", {
                "name": "Program " + t["code"], "agreement_id": self.ag["id"], "phase": 1, "kejuruan_id": t["id"],
                "start_date": day(30), "end_date": day(60), "capacity_min": 0, "capacity_max": cap})))
        phases = ok(c.api("GET", "/api/v1/phases"), 200)["items"]
        self.key = [p["id"] for p in phases if p["agreement_id"] == self.ag["id"]][0]
        self.spec = "%d:1" % self.ag["id"]
        self.aptitude = {}  # (wbp id, trade index) -> aptitude
        self.interests = {}  # wbp id -> [trade index, ...]
        self.fit = {}  # (wbp id, trade index) -> bool
        self.eligible = {}

    def wbp(self, eligible=True, site="LPKTP"):
        c = api(self.who)
        if eligible:
            w = H.eligible_wbp(c, site=site)
        else:
            w = ok(c.api("POST", "/api/v1/wbp", H.valid_wbp(site=site, detention_start=day(-365), term_years=12,
                                                             term_months=0)))
            H.assign_caseload(c, w["id"])  # the wali assesses their caseload only (issue 21)
        self.eligible[w["id"]] = eligible
        return w

    def assess(self, wid, prefs, who="wali", risk="rendah", expect=(200, 201)):
        """prefs: [(trade index, aptitude, fit)] in order of interest."""
        trades = []
        for rank, (t, apt, fit) in enumerate(prefs, 1):
            trades.append({"code": self.trades[t]["code"], "interest_rank": rank, "aptitude": apt, "fit": fit})
            self.aptitude[(wid, t)] = apt
            self.fit[(wid, t)] = fit
        self.interests[wid] = [t for t, _, _ in prefs]
        r = api(who).api("POST", "/api/v1/phases/%d/assessments" % self.key,
                         {"wbp_id": wid, "assessed_on": day(0), "assessor": "Asesor Uji", "risk": risk,
                          "literacy": "baik", "trades": trades})
        if r.status not in expect:
            raise AssertionError(r)
        return r.json()

    def prog_index(self, program_id):
        return [p["id"] for p in self.progs].index(program_id) if program_id else None

    def place(self, *args):
        r = H.cli("place", "--phase", self.spec, *args)
        if r.code != 0:
            raise AssertionError(r)
        return json.loads(r.out) if "--format" not in args or "json" in args else r.out


def standard_phase(test):
    """Two programmes of 2 seats; six eligible inmates who mostly want trade 0, one who
    is not eligible, one unfit for trade 0. Returns (phase, [wbp ...])."""
    ph = Phase(caps=(2, 2))
    ws = [ph.wbp() for _ in range(6)]
    late = ph.wbp(eligible=False)
    ph.assess(ws[0]["id"], [(0, 90, True), (1, 40, True)])
    ph.assess(ws[1]["id"], [(0, 80, True), (1, 95, True)])
    ph.assess(ws[2]["id"], [(0, 70, True), (1, 60, True)])
    ph.assess(ws[3]["id"], [(1, 85, True), (0, 99, True)])
    ph.assess(ws[4]["id"], [(0, 97, False), (1, 65, True)])  # unfit for trade 0
    ph.assess(ws[5]["id"], [(0, 60, True)])
    ph.assess(late["id"], [(0, 100, True), (1, 100, True)])  # not eligible by the start
    return ph, ws, late


def check_stable(test, ph, plan):
    """Capacity, acceptability and no blocking pair, from the fixture's own facts."""
    placed = {p["wbp_id"]: ph.prog_index(p["program"]) for p in plan["placed"]}
    by_prog = {}
    for w, pi in placed.items():
        by_prog.setdefault(pi, []).append(w)
    for pi, members in by_prog.items():
        test.assertLessEqual(len(members), ph.progs[pi]["capacity_max"], "capacity of programme %d" % pi)

    def acceptable(w, t):
        return ph.eligible[w] and ph.fit.get((w, t)) is True

    for w, pi in placed.items():
        test.assertTrue(acceptable(w, pi), "placed %d in %d although not acceptable" % (w, pi))
        test.assertIn(pi, ph.interests[w])
    for w, prefs in ph.interests.items():
        got = placed.get(w)
        better = prefs if got is None else prefs[:prefs.index(got)]
        for t in better:
            if not acceptable(w, t):
                continue
            members = by_prog.get(t, [])
            if len(members) < ph.progs[t]["capacity_max"]:
                test.fail("blocking pair: %d wants programme %d, which has a free seat" % (w, t))
            worst = min(ph.aptitude[(m, t)] for m in members)
            test.assertLess(ph.aptitude[(w, t)], worst,
                            "blocking pair: %d (aptitude %d) prefers programme %d over what it got, and ranks above "
                            "a member (aptitude %d)" % (w, ph.aptitude[(w, t)], t, worst))


def events_count():
    return int(H.db_one("SELECT count(*) FROM enrolment_event"))


def enrolments(ph):
    rows = H.db_query("SELECT wbp_id, status, program_id, wait_rank, overridden, id FROM enrolment WHERE "
                      "agreement_id = ? AND phase = 1 ORDER BY wbp_id", (ph.ag["id"],))
    return {int(r[0]): (r[1], int(r[2]) if r[2] is not None else None, int(r[3]) if r[3] is not None else None,
                        int(r[4]), int(r[5])) for r in rows}


# ---------------------------------------------------------------- placement

class Placement(H.BekalTest):
    def test_stable_deterministic_capacity_and_eligibility(self):
        ph, ws, late = standard_phase(self)
        a = ph.place()
        b = ph.place()
        self.assertEqual(a, b, "the same data gives the same proposal")
        by_key = json.loads(H.cli("place", "--phase", str(ph.key)).out)
        self.assertEqual(by_key, a, "the phase key names the same phase")
        self.assertEqual(a["phase"]["agreement_id"], ph.ag["id"])
        self.assertEqual(len(a["placed"]), 4)  # both programmes full
        check_stable(self, ph, a)
        placed = {p["wbp_id"]: p for p in a["placed"]}
        wait = {x["wbp_id"]: x for x in a["waitlist"]}
        # not eligible by the start date: on the waiting list with that reason, whatever the aptitude
        self.assertNotIn(late["id"], placed)
        self.assertEqual(wait[late["id"]]["code"], "belum_syarat_asimilasi")
        self.assertIn("syarat asimilasi", wait[late["id"]]["reason"])
        # unfit for trade 0 (aptitude 97): placed in trade 1 with the reason naming the fitness
        self.assertEqual(ph.prog_index(placed[ws[4]["id"]]["program"]), 1)
        self.assertIn("tidak layak fisik", placed[ws[4]["id"]]["reason"])
        # every placement and waiting-list entry says why; the waiting list is ordered 1..n
        for p in a["placed"]:
            self.assertTrue(p["reason"].startswith("Ditempatkan di "), p)
            self.assertIn("pilihan ke-%d" % p["interest_rank"], p["reason"])
        self.assertEqual([x["rank"] for x in a["waitlist"]], list(range(1, len(a["waitlist"]) + 1)))
        self.assertEqual(a["summary"]["placed"] + a["summary"]["waitlist"], 7)
        # text format
        out = ph.place("--format", "text")
        for p in a["placed"]:
            self.assertIn(p["wbp"], out)
        self.assertIn("Daftar tunggu", out)

    def test_page_shows_the_proposal_and_confirm_writes_it_once(self):
        ph, ws, late = standard_phase(self)
        plan = ph.place()
        c = logged_in("staf")
        r = c.get("/phases/%d/placement" % ph.key)
        self.assertStatus(r, 200)
        for p in plan["placed"]:
            self.assertIn(p["wbp"], r.text)
        self.assertIn('name="fingerprint" value="%s"' % plan["fingerprint"], r.text, "the page shows this proposal")
        ev0, audit0 = events_count(), H.audit_count()
        self.assertRedirect(c.post_form("/phases/%d/placement" % ph.key, {"fingerprint": plan["fingerprint"], "confirm": "1"}),
                            "/phases/%d/placement?applied=1" % ph.key)
        en = enrolments(ph)
        for p in plan["placed"]:
            self.assertEqual(en[p["wbp_id"]][:2], ("ditempatkan", p["program"]))
        for x in plan["waitlist"]:
            self.assertEqual(en[x["wbp_id"]][0], "daftar_tunggu")
            self.assertEqual(en[x["wbp_id"]][2], x["rank"])
        self.assertEqual(events_count() - ev0, 7, "one event per candidate (kandidat -> placed or waiting)")
        self.assertGreaterEqual(H.audit_count() - audit0, 7)
        who = H.db_query("SELECT DISTINCT user_name FROM audit_log WHERE entity = 'enrolment' AND entity_id = ?",
                         (en[plan["placed"][0]["wbp_id"]][4],))
        self.assertIn(("staf",), [tuple(x) for x in who])
        # a re-run over the same data changes nothing, through the CLI and the page
        ev1, audit1 = events_count(), H.audit_count()
        again = ph.place("--apply")
        self.assertEqual(again["applied"], {"created": 0, "changed": 0, "updated": 0})
        self.assertEqual(again["summary"]["changes"], 0)
        self.assertEqual((events_count(), H.audit_count()), (ev1, audit1))
        self.assertEqual([(p["wbp"], p["program"]) for p in again["placed"]],
                         [(p["wbp"], p["program"]) for p in plan["placed"]])
        r = c.get("/phases/%d/placement" % ph.key)
        self.assertIn("sudah sama dengan usulan ini", r.text)
        # a confirmation of a proposal that is no longer current is refused
        extra = ph.wbp()
        ph.assess(extra["id"], [(0, 99, True)])
        r = c.post_form("/phases/%d/placement" % ph.key, {"fingerprint": plan["fingerprint"], "confirm": "1"})
        self.assertStatus(r, 409)
        self.assertIn("berubah", r.text)
        r = api("staf").api("POST", "/api/v1/phases/%d/placement" % ph.key, {"confirm": True, "fingerprint": plan["fingerprint"]})
        self.assertApiError(r, 409, "proposal_changed")
        # the API applies the new one: the newcomer with the best aptitude displaces someone
        r = ok(api("staf").api("POST", "/api/v1/phases/%d/placement" % ph.key, {"confirm": True}), 200)
        self.assertGreaterEqual(r["applied"]["changed"], 1)
        self.assertEqual(enrolments(ph)[extra["id"]][0], "ditempatkan")
        check_stable(self, ph, r)

    def test_fixed_seats_beyond_max_minus_min_still_place(self):
        """Found by test_badinput: the demo's phase 1 (its finished training programme holds
        more fixed seats than capacity_max - capacity_min) answered its placement page and
        API with 400 "jumlah minimum harus 0 sampai kuota": the minimum was not reduced by
        the fixed seats the capacity was. Now it is: the proposal shows, with the
        programme's real minimum and fixed seats."""
        qid = int(H.db_one("SELECT q.id FROM agreement_quota q JOIN site s ON s.id = q.site_id JOIN program p "
                           "ON p.agreement_id = q.agreement_id AND p.phase = q.phase WHERE s.code = ? AND "
                           "p.name = 'Las listrik tahap 1' ORDER BY q.id LIMIT 1", (H.SITE_A,)))
        r = api().api("GET", "/api/v1/phases/%d/placement" % qid)
        self.assertEqual(r.status, 200, r)
        self.assertStatus(logged_in("admin").get("/phases/%d/placement" % qid), 200)

    def test_withdrawal_promotes_from_the_waiting_list(self):
        ph, ws, late = standard_phase(self)
        plan = ph.place("--apply")
        en = enrolments(ph)
        leaving = [p for p in plan["placed"] if ph.prog_index(p["program"]) == 0][0]
        # expected: the waiting candidate with the highest aptitude for trade 0 who wants it and may join
        waiting = [x["wbp_id"] for x in plan["waitlist"]]
        fits = [w for w in waiting if 0 in ph.interests[w] and ph.eligible[w] and ph.fit[(w, 0)]]
        self.assertTrue(fits, plan)
        expect = max(fits, key=lambda w: ph.aptitude[(w, 0)])
        r = ok(api("staf").api("POST", "/api/v1/enrolments/%d/status" % en[leaving["wbp_id"]][4],
                               {"confirm": True, "to": "mundur", "reason": "Sakit berkepanjangan"}), 200)
        self.assertEqual(r["status"], "mundur")
        self.assertEqual(r["promoted"]["wbp_id"], expect)
        self.assertEqual(r["promoted"]["program_id"], leaving["program"])
        now = enrolments(ph)
        self.assertEqual(now[expect][:2], ("ditempatkan", leaving["program"]))
        ranks = sorted(v[2] for v in now.values() if v[0] == "daftar_tunggu")
        self.assertEqual(ranks, list(range(1, len(ranks) + 1)), "the waiting list is renumbered")
        ev = H.db_query("SELECT from_status, to_status, reason FROM enrolment_event WHERE enrolment_id = ? "
                        "ORDER BY id DESC LIMIT 1", (now[expect][4],))[0]
        self.assertEqual((ev[0], ev[1]), ("daftar_tunggu", "ditempatkan"))
        self.assertIn("menggantikan " + leaving["wbp"], ev[2])
        ev = H.db_query("SELECT from_status, to_status, reason, at FROM enrolment_event WHERE enrolment_id = ? "
                        "ORDER BY id DESC LIMIT 1", (en[leaving["wbp_id"]][4],))[0]
        self.assertEqual(tuple(ev[:3]), ("ditempatkan", "mundur", "Sakit berkepanjangan"))
        self.assertTrue(ev[3])
        # a withdrawal from the waiting list promotes nobody, the page shows who took a seat
        nxt = [w for w, v in now.items() if v[0] == "daftar_tunggu"][0]
        r = ok(api("staf").api("POST", "/api/v1/enrolments/%d/status" % now[nxt][4],
                               {"confirm": True, "to": "mundur", "reason": "Dipindahkan ke Lapas lain"}), 200)
        self.assertIsNone(r["promoted"])
        c = logged_in("staf")
        placed_one = [p for p in plan["placed"] if p["wbp_id"] != leaving["wbp_id"]][0]
        loc = self.assertRedirect(c.post_form("/enrolments/%d/status" % en[placed_one["wbp_id"]][4],
                                              {"to": "mundur", "reason": "Bebas bersyarat lebih awal", "confirm": "1"}),
                                  "/enrolments/%d?saved=1" % en[placed_one["wbp_id"]][4])
        page = c.get(loc.split("#")[0])
        self.assertIn("Riwayat status", page.text)
        self.assertIn("Bebas bersyarat lebih awal", page.text)

    def test_override_is_audited_and_kept(self):
        ph, ws, late = standard_phase(self)
        plan = ph.place("--apply")
        en = enrolments(ph)
        waiting = plan["waitlist"][0]
        target = ph.progs[1]
        # the programme is full: refused with the numbers
        r = api("staf").api("POST", "/api/v1/enrolments/%d/override" % en[waiting["wbp_id"]][4],
                            {"confirm": True, "program_id": target["id"], "reason": "Permintaan instruktur"})
        if ph.eligible[waiting["wbp_id"]]:
            err = self.assertApiError(r, 409, "program_full")
            self.assertIn("penuh", err["message"])
        # make room by an override to the waiting list, then put the waiting one in
        member = [p for p in plan["placed"] if p["program"] == target["id"]][0]
        audit0 = H.audit_count()
        r = api("staf").api("POST", "/api/v1/enrolments/%d/override" % en[member["wbp_id"]][4], {"confirm": True, "program_id": None})
        self.assertIn("reason", self.assertApiError(r, 422, "validation")["fields"])
        r = ok(api("staf").api("POST", "/api/v1/enrolments/%d/override" % en[member["wbp_id"]][4],
                               {"confirm": True, "program_id": None, "reason": "Jadwal sidang pengadilan"}), 200)
        self.assertEqual((r["status"], r["overridden"]), ("daftar_tunggu", True))
        eligible_waiting = [x for x in plan["waitlist"] if ph.eligible[x["wbp_id"]]][0]
        r = ok(api("staf").api("POST", "/api/v1/enrolments/%d/override" % en[eligible_waiting["wbp_id"]][4],
                               {"confirm": True, "program_id": target["id"], "reason": "Permintaan instruktur"}), 200)
        self.assertEqual((r["status"], r["program_id"], r["overridden"]), ("ditempatkan", target["id"], True))
        self.assertTrue(r["events"][-1]["overridden"])
        self.assertEqual(r["events"][-1]["reason"], "Permintaan instruktur")
        self.assertGreater(H.audit_count(), audit0)
        row = H.db_query("SELECT user_name, after_json FROM audit_log WHERE entity = 'enrolment' AND entity_id = ? "
                         "ORDER BY id DESC LIMIT 1", (en[eligible_waiting["wbp_id"]][4],))[0]
        self.assertEqual(row[0], "staf")
        self.assertIn("Permintaan instruktur", row[1])
        # not eligible by the start: refused even by hand
        r = api("staf").api("POST", "/api/v1/enrolments/%d/override" % en[late["id"]][4],
                            {"confirm": True, "program_id": ph.progs[0]["id"], "reason": "Coba"})
        self.assertStatus(r, 409)
        # later runs keep both overrides
        again = ph.place("--apply")
        now = enrolments(ph)
        self.assertEqual(now[eligible_waiting["wbp_id"]][:2], ("ditempatkan", target["id"]))
        self.assertEqual(now[member["wbp_id"]][0], "daftar_tunggu")
        fixed = {f["wbp_id"]: f for f in again["fixed"]}
        self.assertTrue(fixed[eligible_waiting["wbp_id"]]["overridden"])
        self.assertNotIn(member["wbp_id"], [p["wbp_id"] for p in again["placed"]])

    def test_illegal_enrolment_transitions_are_409(self):
        ph, ws, late = standard_phase(self)
        plan = ph.place("--apply")
        en = enrolments(ph)
        placed = en[plan["placed"][0]["wbp_id"]][4]
        r = api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed, {"confirm": True, "to": "selesai", "reason": "x"})
        err = self.assertApiError(r, 409, "illegal_transition")
        self.assertIn("ditempatkan", err["message"].lower())
        self.assertIn("selesai", err["message"].lower())
        r = api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed, {"confirm": True, "to": "terdaftar"})
        self.assertIn("reason", self.assertApiError(r, 422, "validation")["fields"])
        c = logged_in("staf")
        r = c.post_form("/enrolments/%d/status" % placed, {"to": "terdaftar", "reason": " "})
        self.assertStatus(r, 422)  # the form again, with what was chosen (issue 22)
        self.assertIn('value="terdaftar" selected', r.text)
        self.assertIn("wajib diisi", r.text)
        ok(api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed,
                           {"confirm": True, "to": "terdaftar", "reason": "Pelatihan dimulai"}), 200)
        ok(api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed,
                           {"confirm": True, "to": "selesai", "reason": "Lulus uji"}), 200)
        r = api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed, {"confirm": True, "to": "mundur", "reason": "x"})
        err = self.assertApiError(r, 409, "illegal_transition")
        self.assertIn("status akhir", err["message"])
        r = api("staf").api("POST", "/api/v1/enrolments/%d/status" % placed, {"confirm": True, "to": "nonsense", "reason": "x"})
        self.assertApiError(r, 400)
        # the page answers the same refusal with the message
        c = logged_in("staf")
        r = c.post_form("/enrolments/%d/status" % placed, {"to": "kandidat", "reason": "x"})
        self.assertStatus(r, 409)
        self.assertIn("Selesai".lower(), r.text.lower())
        # enrolled (terdaftar) seats are kept by later runs
        self.assertIn(plan["placed"][0]["wbp_id"], [f["wbp_id"] for f in ph.place()["fixed"]])

    def test_roles(self):
        ph, ws, late = standard_phase(self)
        ph.place("--apply")
        en = enrolments(ph)
        some = list(en.values())[0][4]
        for who in ("wali", "kalapas", "kanwil", "instruktur", "bapas"):
            with self.subTest(who=who):
                self.assertApiError(api(who).api("POST", "/api/v1/phases/%d/placement" % ph.key, {"confirm": True}), 403)
                self.assertApiError(api(who).api("POST", "/api/v1/enrolments/%d/status" % some,
                                                 {"confirm": True, "to": "mundur", "reason": "x"}), 403)
        for who in ("instruktur", "bapas"):
            self.assertApiError(api(who).api("GET", "/api/v1/phases/%d/placement" % ph.key), 403)
            self.assertApiError(api(who).api("POST", "/api/v1/phases/%d/assessments" % ph.key, {}), 403)
        for who in ("kalapas", "kanwil", "wali"):
            ok(api(who).api("GET", "/api/v1/phases/%d/placement" % ph.key), 200)
        # another site's phase answers 404
        self.assertApiError(api("admin.ptk").api("GET", "/api/v1/phases/%d/placement" % ph.key), 404)

    def test_instructor_sees_own_programmes_only(self):
        ph, ws, late = standard_phase(self)
        plan = ph.place("--apply")
        uid = int(H.db_one("SELECT id FROM app_user WHERE name = 'instruktur3'"))
        ok(api().api("POST", "/api/v1/programs/%d/instructors" % ph.progs[0]["id"], {"user_id": uid}))
        mine = ok(api("instruktur3").api("GET", "/api/v1/enrolments?agreement_id=%d&per_page=200" % ph.ag["id"]), 200)
        self.assertEqual({x["program_id"] for x in mine["items"]}, {ph.progs[0]["id"]})
        self.assertEqual(mine["total"], len([p for p in plan["placed"] if p["program"] == ph.progs[0]["id"]]))
        other = [x for x in enrolments(ph).values() if x[1] == ph.progs[1]["id"]][0]
        self.assertApiError(api("instruktur3").api("GET", "/api/v1/enrolments/%d" % other[4]), 404)
        r = logged_in("instruktur3").get("/enrolments?agreement_id=%d" % ph.ag["id"])
        self.assertStatus(r, 200)
        self.assertNotIn(">%s<" % ph.progs[1]["name"], r.text)

    def test_candidates(self):
        ph = Phase(caps=(3,))
        good = ph.wbp()
        late = ph.wbp(eligible=False)
        j = ok(api("wali").api("GET", "/api/v1/phases/%d/candidates" % ph.key), 200)
        items = {x["wbp_id"]: x for x in j["items"]}
        self.assertIn(good["id"], items, "eligible by the start: a candidate")
        self.assertTrue(items[good["id"]]["pool"])
        self.assertIsNone(items[good["id"]]["assessment_id"])
        self.assertNotIn(late["id"], items, "not eligible by the start: not a candidate")
        self.assertEqual(j["at"], day(0), "the start is ahead: eligibility is judged today (projected to the start)")
        ph.assess(good["id"], [(0, 75, True)])
        j = ok(api("wali").api("GET", "/api/v1/phases/%d/candidates" % ph.key), 200)
        x = [x for x in j["items"] if x["wbp_id"] == good["id"]][0]
        self.assertEqual((x["assessed_on"], x["interests"], x["status"]), (day(0), [ph.trades[0]["code"]], "kandidat"))
        page = logged_in("wali").get("/phases/%d?show=assessed" % ph.key)
        self.assertStatus(page, 200)
        self.assertIn(good["regno"], page.text)
        self.assertIn(ph.trades[0]["code"], page.text)
        page = logged_in("wali").get("/phases/%d?show=unassessed" % ph.key)
        self.assertNotIn(good["regno"], page.text)
        csvr = logged_in("wali").get("/phases/%d/candidates.csv" % ph.key)
        self.assertStatus(csvr, 200)
        self.assertIn(good["regno"], csvr.text)
        # an assessment for a WBP of another site, or not in custody, is refused
        other = ok(api("admin.ptk").api("POST", "/api/v1/wbp", H.valid_wbp(site="LPPTK")))
        r = api("wali").api("POST", "/api/v1/phases/%d/assessments" % ph.key,
                            {"wbp_id": other["id"], "assessed_on": day(0), "assessor": "X", "trades": []})
        self.assertIn("wbp_id", self.assertApiError(r, 422, "validation")["fields"])
        # nor for an inmate of the site outside the wali's scope (issue 21): to the wali that
        # inmate does not exist, through the API, the form and the CSV import alike
        uid = int(H.db_one("SELECT id FROM app_user WHERE name = 'wali'"))
        out = H.db_query("SELECT w.id, w.regno, w.name FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = "
                         "'LPKTP' AND w.status = 'ditahan' AND w.id NOT IN (SELECT wbp_id FROM wbp_scope WHERE "
                         "user_id = ?) ORDER BY w.id LIMIT 1", (uid,))[0]
        self.assertApiError(api("wali").api("GET", "/api/v1/wbp/%s" % out[0]), 404)
        r = api("wali").api("POST", "/api/v1/phases/%d/assessments" % ph.key,
                            {"wbp_id": int(out[0]), "assessed_on": day(0), "assessor": "X", "trades": []})
        self.assertIn("wbp_id", self.assertApiError(r, 422, "validation")["fields"])
        self.assertNotIn(out[2], r.text)
        r = logged_in("wali").post_form("/phases/%d/assess" % ph.key,
                                        {"wbp_id": str(out[0]), "assessed_on": day(0), "assessor": "X"})
        self.assertEqual(r.status, 422)
        self.assertNotIn(out[2], r.text)
        r = logged_in("wali").post_multipart("/phases/%d/assessments/import" % ph.key,
                                             files=[("file", "a.csv", ("regno,assessed_on,assessor\n%s,%s,X\n" % (
                                                 out[1], day(0))).encode(), "text/csv")])
        self.assertEqual(r.status, 422)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE wbp_id = ?", (out[0],))), 0)
        # the same inmate is assessed by staf, who sees every inmate of the site
        ok(api("staf").api("POST", "/api/v1/phases/%d/assessments" % ph.key,
                           {"wbp_id": int(out[0]), "assessed_on": day(0), "assessor": "X", "trades": []}))

    def test_assessment_validation(self):
        ph = Phase(caps=(2, 2))
        w = ph.wbp()
        url = "/api/v1/phases/%d/assessments" % ph.key
        r = api("wali").api("POST", url, {"wbp_id": w["id"], "assessed_on": day(1), "assessor": "X", "trades": [
            {"code": ph.trades[0]["code"], "interest_rank": 1, "aptitude": 101},
            {"code": ph.trades[1]["code"], "interest_rank": 1}]})
        err = self.assertApiError(r, 422, "validation")
        self.assertIn("assessed_on", err["fields"])
        self.assertIn("aptitude_%s" % ph.trades[0]["code"], err["fields"])
        self.assertIn("interest_rank_%s" % ph.trades[1]["code"], err["fields"])
        r = api("wali").api("POST", url, {"wbp_id": w["id"], "assessor": "X", "trades": [{"code": "NOPE"}]})
        err = self.assertApiError(r, 422, "validation")
        self.assertIn("trades", err["fields"])
        self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE wbp_id = ?", (w["id"],))), 0)
        first = ph.assess(w["id"], [(1, 70, True)])
        self.assertEqual(first["result"], "created")
        again = ph.assess(w["id"], [(1, 70, True)])
        self.assertEqual(again["result"], "unchanged")
        changed = ph.assess(w["id"], [(0, 80, True), (1, 70, False)])
        self.assertEqual(changed["result"], "updated")
        self.assertEqual(len(changed["trades"]), 2)
        listed = ok(api("kanwil").api("GET", "/api/v1/assessments?agreement_id=%d" % ph.ag["id"]), 200)
        self.assertEqual(listed["total"], 1)
        one = ok(api("kanwil").api("GET", "/api/v1/assessments/%d" % first["id"]), 200)
        self.assertEqual(sorted((t["interest_rank"], t["aptitude"]) for t in one["trades"]), [(1, 80), (2, 70)])

    def test_assessment_of_a_candidate_who_left_custody(self):
        """Checking and saving read only the inmate's own part of the phase, not the
        eligibility of the whole site (issue 19), with the same answers: an inmate
        assessed in the phase stays its candidate after leaving custody, and the
        assessment can still be corrected (API and form); one of the pool who left
        custody unassessed is refused, as is an inmate of another site."""
        ph = Phase(caps=(2, 2))
        a, b = ph.wbp(), ph.wbp()
        url = "/api/v1/phases/%d/assessments" % ph.key
        ph.assess(a["id"], [(0, 70, True)])
        H.db_exec("UPDATE wbp SET status = 'bebas' WHERE id IN (?, ?)", (a["id"], b["id"]))
        try:
            again = ph.assess(a["id"], [(0, 75, True)])
            self.assertEqual((again["result"], again["wbp_id"], again["wbp"]), ("updated", a["id"], a["regno"]))
            self.assertEqual([t["aptitude"] for t in again["trades"]], [75])
            body = {"wbp_id": b["id"], "assessed_on": day(0), "assessor": "X",
                    "trades": [{"code": ph.trades[0]["code"], "interest_rank": 1}]}
            err = self.assertApiError(api("wali").api("POST", url, body), 422, "validation")
            self.assertIn("status bebas", err["fields"]["wbp_id"])
            far = int(H.db_one("SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPPTK' "
                               "AND w.status = 'ditahan' ORDER BY w.id LIMIT 1"))
            err = self.assertApiError(api("admin").api("POST", url, dict(body, wbp_id=far)), 422, "validation")
            self.assertIn("tidak ada di", err["fields"]["wbp_id"])
            # the form: the corrected one saved, the other refused on the page with its candidates
            c = logged_in("staf")
            fields = {"wbp_id": str(a["id"]), "assessed_on": day(0), "assessor": "Petugas",
                      "interest_rank_%s" % ph.trades[0]["code"]: "1", "aptitude_%s" % ph.trades[0]["code"]: "60",
                      "risk": "rendah", "next": "0"}
            self.assertRedirect(c.post_form("/phases/%d/assess" % ph.key, fields),
                                "/phases/%d/assess?wbp=%d" % (ph.key, a["id"]))
            self.assertEqual(H.db_one("SELECT assessor FROM assessment WHERE wbp_id = ?", (a["id"],)), "Petugas")
            r = c.post_form("/phases/%d/assess" % ph.key, dict(fields, wbp_id=str(b["id"])))
            self.assertStatus(r, 422)
            self.assertIn("status bebas", r.text)
            self.assertIn('role="alert"', r.text)
            self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE wbp_id = ?", (b["id"],))), 0)
        finally:
            H.db_exec("UPDATE wbp SET status = 'ditahan' WHERE id IN (?, ?)", (a["id"], b["id"]))


# ---------------------------------------------------------------- the fast page and CSV import

class AssessPage(H.BekalTest):
    def test_fast_entry_one_after_another(self):
        ph = Phase(caps=(2, 2))
        a, b = ph.wbp(), ph.wbp()
        c = logged_in("staf")
        r = c.get("/phases/%d/assess" % ph.key)
        self.assertStatus(r, 200)
        first, second = sorted([a, b], key=lambda x: [int(t) if t.isdigit() else t
                                                       for t in re.split(r"(\d+)", x["regno"])])
        self.assertIn(first["regno"], r.text)
        self.assertEqual(len(re.findall(r"\bautofocus\b", r.text)), 1, "one field has the focus")
        self.assertIn('name="interest_rank_%s"' % ph.trades[0]["code"], r.text)
        fields = {"wbp_id": str(first["id"]), "assessed_on": day(0), "assessor": "Petugas Cepat",
                  "interest_rank_%s" % ph.trades[0]["code"]: "1", "aptitude_%s" % ph.trades[0]["code"]: "77",
                  "fit_%s" % ph.trades[0]["code"]: "1", "interest_rank_%s" % ph.trades[1]["code"]: "1",
                  "risk": "rendah", "next": "1"}
        # the same rank twice: the form again, the message next to the field
        r = c.post_form("/phases/%d/assess" % ph.key, fields)
        self.assertStatus(r, 422)
        self.assertRegex(r.text, r'id="f-interest_rank_%s"[^>]*aria-invalid="true"' % ph.trades[1]["code"])
        self.assertIn("dua kali", r.text)
        fields["interest_rank_%s" % ph.trades[1]["code"]] = "2"
        loc = self.assertRedirect(c.post_form("/phases/%d/assess" % ph.key, fields),
                                  "/phases/%d/assess?after=%d" % (ph.key, first["id"]))
        self.assertIn("on=%s" % day(0), loc)
        nxt = c.get(loc)
        self.assertIn("Asesmen %s tersimpan" % first["regno"], nxt.text)
        self.assertIn(second["regno"] + " — ", nxt.text)
        self.assertIn('value="Petugas Cepat"', nxt.text, "the assessor carries over to the next inmate")
        row = H.db_query("SELECT assessor, risk FROM assessment WHERE wbp_id = ?", (first["id"],))[0]
        self.assertEqual(tuple(row), ("Petugas Cepat", "rendah"))
        self.assertEqual(H.db_one("SELECT status FROM enrolment WHERE wbp_id = ? AND agreement_id = ?",
                                  (first["id"], ph.ag["id"])), "kandidat")

    def test_csv_import(self):
        ph = Phase(caps=(2, 2))
        ws = [ph.wbp() for _ in range(3)]
        t0, t1 = ph.trades[0]["code"], ph.trades[1]["code"]
        header = "regno;assessed_on;assessor;risk;interests;aptitude_%s;fit_%s;aptitude_%s\n" % (t0, t0, t1)
        bad = header + ("%s;%s;A;rendah;%s > %s;80;ya;70\n" % (ws[0]["regno"], day(0), t0, t1) +
                        "%s;%s;A;rendah;%s;180;ya;\n" % (ws[1]["regno"], day(0), t0) +
                        "TIDAK/ADA;31-02-2024;A;sedang;ZZZ;;mungkin;\n")
        c = logged_in("wali")
        r = c.post_multipart("/phases/%d/assessments/import" % ph.key, [],
                             [("file", "asesmen.csv", bad.encode(), "text/csv")])
        self.assertStatus(r, 422)
        self.assertIn("baris 3, kolom aptitude_%s" % t0, r.text)
        self.assertIn("baris 4, kolom regno", r.text)
        self.assertIn("baris 4, kolom assessed_on", r.text)
        self.assertIn("baris 4, kolom interests", r.text)
        self.assertIn("baris 4, kolom fit_%s" % t0, r.text)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE agreement_id = ?", (ph.ag["id"],))), 0,
                         "nothing is written when a row is wrong")
        r = c.post_multipart("/phases/%d/assessments/import" % ph.key, [],
                             [("file", "h.csv", b"regno,zzz\n", "text/csv")])
        self.assertStatus(r, 422)
        self.assertIn("baris 1, kolom zzz", r.text)
        self.assertIn("assessed_on", r.text)
        good = header + "".join("%s;%s;Tim Asesmen;rendah;%s;%d;ya;60\n" % (w["regno"], day(0), t0, 70 + i)
                                for i, w in enumerate(ws))
        r = c.post_multipart("/phases/%d/assessments/import" % ph.key, [("dry_run", "1")],
                             [("file", "asesmen.csv", good.encode(), "text/csv")])
        self.assertStatus(r, 200)
        self.assertIn("3 baru", r.text)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE agreement_id = ?", (ph.ag["id"],))), 0,
                         "a dry run writes nothing")
        r = c.post_multipart("/phases/%d/assessments/import" % ph.key, [],
                             [("file", "asesmen.csv", good.encode(), "text/csv")])
        self.assertStatus(r, 200)
        self.assertIn("3 baru", r.text)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE agreement_id = ?", (ph.ag["id"],))), 3)
        self.assertEqual(int(H.db_one("SELECT aptitude FROM assessment_trade t JOIN assessment a ON a.id = "
                                      "t.assessment_id WHERE a.wbp_id = ? AND t.interest_rank = 1",
                                      (ws[2]["id"],))), 72)
        audit = H.audit_count()
        r = c.post_multipart("/phases/%d/assessments/import" % ph.key, [],
                             [("file", "asesmen.csv", good.encode(), "text/csv")])
        self.assertIn("3 tidak berubah", r.text)
        self.assertEqual(H.audit_count(), audit, "re-importing the same file changes nothing")
        # the imported assessments place like any other
        plan = ph.place()
        self.assertEqual(len(plan["placed"]), 2)
        self.assertEqual({p["wbp_id"] for p in plan["placed"]}, {ws[1]["id"], ws[2]["id"]})


# ---------------------------------------------------------------- proposals

def complete_dossier(test, uid, who="wali"):
    j = ok(api(who).api("GET", "/api/v1/usulan/%d" % uid), 200)
    for d in j["checklist"]:
        if d["status"] == "belum_ada":
            ok(api(who).api("POST", "/api/v1/usulan/%d/documents" % uid, {"doc_code": d["code"], "present": True}),
               200)
    j = ok(api(who).api("GET", "/api/v1/usulan/%d" % uid), 200)
    test.assertTrue(j["dossier_complete"], j["checklist"])
    return j


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Proposal(H.BekalTest):
    def test_steps_roles_dossier_and_decree(self):
        ph = Phase(caps=(2,))
        w = ph.wbp()
        r = api("instruktur").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"})
        self.assertApiError(r, 403)
        u = ok(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas", "notes": "Uji"}))
        self.assertEqual((u["state"], u["variant"], u["chain_code"]), ("draft", "kalapas", "alur-usulan-kalapas"))
        self.assertIn("form", self.assertApiError(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {}), 422,
                                                  "validation")["fields"])
        self.assertApiError(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "kerja_sosial"}), 409,
                            "open_proposal")
        self.assertFalse(u["dossier_complete"])
        url = "/api/v1/usulan/%d/step" % u["id"]
        # to the TPP only with a complete dossier
        err = self.assertApiError(api("wali").api("POST", url, {"confirm": True, "to": "diusulkan_tpp", "tpp_date": day(10)}), 409,
                                  "dossier_incomplete")
        self.assertIn("Litmas", err["message"])
        # a scan (PDF) marks a document present; other files are refused
        j = ok(api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                               {"doc_code": "litmas", "present": False, "note": "menunggu Bapas"}), 200)
        doc = [d for d in j["checklist"] if d["code"] == "litmas"][0]
        self.assertEqual((doc["status"], doc["note"]), ("belum_ada", "menunggu Bapas"))
        r = api("wali").request("POST", "/api/v1/usulan-documents/%d/scan?file_name=../litmas" % doc["document_id"],
                                pdf_bytes(), {"Content-Type": "application/pdf"})
        self.assertStatus(r, 201)
        self.assertEqual((r.json()["file_name"], r.json()["size_bytes"]), ("litmas.pdf", len(pdf_bytes())))
        j = ok(api("wali").api("GET", "/api/v1/usulan/%d" % u["id"]), 200)
        scan = [d for d in j["checklist"] if d["code"] == "litmas"][0]
        self.assertEqual(scan["status"], "ada")
        self.assertEqual(scan["scan"]["sha256"], r.json()["sha256"])
        got = logged_in("bapas").get("/usulan-documents/%d" % doc["document_id"])
        self.assertStatus(got, 200)
        self.assertEqual(got.body, pdf_bytes())
        got = api("kanwil").api("GET", "/api/v1/usulan-documents/%d/scan" % doc["document_id"])
        self.assertEqual((got.status, got.body, got.header("Content-Type")), (200, pdf_bytes(), "application/pdf"))
        r = api("wali").request("POST", "/api/v1/usulan-documents/%d/scan" % doc["document_id"], b"GIF89a....",
                                {"Content-Type": "application/pdf"})
        self.assertApiError(r, 415)
        self.assertApiError(api("admin.ptk").api("GET", "/api/v1/usulan-documents/%d/scan" % doc["document_id"]), 404)
        self.assertApiError(api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                            {"doc_code": "tidak_ada", "present": True}), 422, "unknown_document")
        complete_dossier(self, u["id"])
        # draft -> TPP: the date is required, and wali may
        self.assertApiError(api("wali").api("POST", url, {"confirm": True, "to": "diusulkan_tpp"}), 400, "field_required")
        j = ok(api("wali").api("POST", url, {"confirm": True, "to": "diusulkan_tpp", "tpp_date": day(-20)}), 200)
        self.assertEqual((j["state"], j["tpp_date"]), ("diusulkan_tpp", day(-20)))
        self.assertEqual(int(H.db_one("SELECT count(*) FROM tpp_session WHERE session_date = ?", (day(-20),))), 1)
        # illegal: straight to the decree
        err = self.assertApiError(api("kalapas").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_no": "X",
                                                                  "decree_date": day(-19)}), 409, "illegal_transition")
        self.assertIn("Diusulkan ke sidang TPP", err["message"])
        self.assertIn("Ditetapkan", err["message"])
        # the TPP's recommendation is staf's step, not wali's nor kalapas'
        for who in ("wali", "kalapas", "kanwil"):
            self.assertApiError(api(who).api("POST", url, {"confirm": True, "to": "direkomendasikan"}), 403, "forbidden")
        for who in ("instruktur", "bapas"):
            self.assertApiError(api(who).api("POST", url, {"confirm": True, "to": "direkomendasikan"}), 403)
        ok(api("staf").api("POST", url, {"confirm": True, "to": "direkomendasikan"}), 200)
        # the decision is the Kalapas', with decree number and date in order
        self.assertApiError(api("staf").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_no": "SK/1",
                                                         "decree_date": day(-19)}), 403, "forbidden")
        self.assertApiError(api("kalapas").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_date": day(-19)}), 400,
                            "field_required")
        self.assertApiError(api("kalapas").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_no": "SK/1",
                                                            "decree_date": day(-25)}), 400, "invalid_date")
        j = ok(api("kalapas").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_no": "W11-PK.01.04-77",
                                               "decree_date": day(-19)}), 200)
        self.assertEqual((j["decree_no"], j["decree_date"]), ("W11-PK.01.04-77", day(-19)))
        self.assertEqual([s["to"] for s in j["next"]], ["aktif"])
        # the page of a kalapas shows no step form for staf's step
        page = logged_in("kalapas").get("/usulan/%d" % u["id"])
        self.assertStatus(page, 200)
        self.assertIn("W11-PK.01.04-77", page.text)
        self.assertNotIn('name="to" value="aktif"', page.text)
        self.assertIn('name="to" value="aktif"', logged_in("staf").get("/usulan/%d" % u["id"]).text)
        j = ok(api("staf").api("POST", url, {"confirm": True, "to": "aktif", "start_date": day(12)}), 200)
        # revocation is the Kalapas', with reason and end date
        self.assertApiError(api("staf").api("POST", url, {"confirm": True, "to": "dicabut", "reason": "x", "end_date": day(20)}), 403)
        j = ok(api("kalapas").api("POST", url, {"confirm": True, "to": "dicabut", "reason": "Melanggar tata tertib",
                                               "end_date": day(20)}), 200)
        self.assertEqual(j["state"], "dicabut")
        self.assertEqual([e["to"] for e in j["events"]],
                         ["draft", "diusulkan_tpp", "direkomendasikan", "ditetapkan", "aktif", "dicabut"])
        self.assertEqual([e["role"] for e in j["events"]][-2:], ["staf", "kalapas"])
        err = self.assertApiError(api("kalapas").api("POST", url, {"confirm": True, "to": "aktif", "start_date": day(21)}), 409,
                                  "illegal_transition")
        self.assertIn("akhir", err["message"])
        # a final proposal's dossier is closed; a new proposal may now be made
        self.assertApiError(api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                            {"doc_code": "litmas", "present": False}), 409)
        ok(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "kerja_sosial"}))
        self.assertGreaterEqual(int(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'usulan' AND "
                                             "entity_id = ?", (u["id"],))), 6)

    def test_kanwil_chain_is_a_setting(self):
        site_b = int(H.db_one("SELECT id FROM site WHERE code = 'LPPTK'"))
        H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) VALUES "
                  "('usulan.chain', ?, '2020-01-01', 'kanwil', 'uji')", (site_b,))
        try:
            # an eligible inmate (issue 20: an usulan is refused otherwise)
            w = H.eligible_wbp(api("admin.ptk"), site="LPPTK")
            u = ok(api("admin.ptk").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"}))
            self.assertEqual((u["variant"], u["chain_code"]), ("kanwil", "alur-usulan-kanwil"))
            complete_dossier(self, u["id"], who="admin.ptk")
            url = "/api/v1/usulan/%d/step" % u["id"]
            ok(api("admin.ptk").api("POST", url, {"confirm": True, "to": "diusulkan_tpp", "tpp_date": day(-10)}), 200)
            ok(api("admin.ptk").api("POST", url, {"confirm": True, "to": "direkomendasikan"}), 200)
            H.add_user("kalapas.ptk", "kalapas", "LPPTK")
            ok(api_for("kalapas.ptk").api("POST", url, {"confirm": True, "to": "ditetapkan", "decree_no": "SK-PTK/9",
                                                       "decree_date": day(-9)}), 200)
            # after the decree the Kanwil approves: nobody else, and not straight to active
            self.assertApiError(api("admin.ptk").api("POST", url, {"confirm": True, "to": "aktif", "start_date": day(6)}), 409,
                                "illegal_transition")
            self.assertApiError(api("admin.ptk").api("POST", url, {"confirm": True, "to": "disetujui_kanwil", "letter_no": "L/1",
                                                                  "letter_date": day(-8)}), 403, "forbidden")
            self.assertApiError(api("kanwil").api("POST", url, {"confirm": True, "to": "disetujui_kanwil", "letter_date": day(-8)}), 400,
                                "field_required")
            j = ok(api("kanwil").api("POST", url, {"confirm": True, "to": "disetujui_kanwil", "letter_no": "W11/PAS/123",
                                                  "letter_date": day(-8)}), 200)
            self.assertEqual((j["state"], j["letter_no"]), ("disetujui_kanwil", "W11/PAS/123"))
            # proposals made before the setting changed keep their chain
            pa = [x for x in ok(api("kanwil").api("GET", "/api/v1/usulan?site=LPKTP&per_page=200"), 200)["items"]]
            self.assertTrue(all(x["variant"] == "kalapas" for x in pa))
        finally:
            H.db_exec("DELETE FROM setting WHERE name = 'usulan.chain' AND site_id = ?", (site_b,))

    def test_pages_create_step_and_upload(self):
        w = Phase(caps=(1,)).wbp()
        c = logged_in("wali")
        page = c.get("/wbp/%d" % w["id"])
        self.assertIn('action="/wbp/%d/usulan"' % w["id"], page.text)
        loc = self.assertRedirect(c.post_form("/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas", "notes": "x"}),
                                  "/usulan/")
        uid = int(re.search(r"/usulan/(\d+)", loc).group(1))
        r = c.post_form("/usulan/%d/step" % uid, {"to": "diusulkan_tpp", "tpp_date": day(9), "confirm": "1"})
        self.assertStatus(r, 409)
        self.assertIn("Berkas usulan belum lengkap", r.text)
        r = c.post_multipart("/usulan/%d/dossier" % uid, [("present-putusan_ba8", "1")],
                             [("file-putusan_ba8", "putusan.pdf", pdf_bytes(), "application/pdf")])
        self.assertRedirect(r, "/usulan/%d?saved=1" % uid)
        page = c.get("/usulan/%d" % uid)
        self.assertIn("putusan.pdf", page.text)
        row = H.db_query("SELECT present, sha256, size_bytes FROM usulan_document WHERE usulan_id = ? AND "
                         "doc_code = 'putusan_ba8'", (uid,))[0]
        self.assertEqual(int(row[0]), 1)
        self.assertEqual(int(row[2]), len(pdf_bytes()))
        r = c.post_multipart("/usulan/%d/dossier" % uid, [("present-litmas", "1")],
                             [("file-litmas", "x.txt", b"hello", "text/plain")])
        self.assertStatus(r, 422)  # the dossier form: the error next to the document, nothing kept


def api_for(name):
    if name not in TOK:
        TOK[name] = H.token_for(name)
    return api(name)


class TppList(H.BekalTest):
    def test_pdf_and_xlsx(self):
        when = day(45)
        ws = []
        for _ in range(2):
            w = Phase(caps=(1,)).wbp()
            u = ok(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"}))
            complete_dossier(self, u["id"])
            ok(api("wali").api("POST", "/api/v1/usulan/%d/step" % u["id"], {"confirm": True, "to": "diusulkan_tpp", "tpp_date": when}),
               200)
            ws.append(w)
        elsewhere = Phase(caps=(1,)).wbp()
        u = ok(api("wali").api("POST", "/api/v1/wbp/%d/usulan" % elsewhere["id"], {"form": "dalam_lapas"}))
        complete_dossier(self, u["id"])
        ok(api("wali").api("POST", "/api/v1/usulan/%d/step" % u["id"], {"confirm": True, "to": "diusulkan_tpp", "tpp_date": day(46)}),
           200)
        c = logged_in("staf")
        self.assertRedirect(c.post_form("/tpp", {"site": "LPKTP", "date": when, "place": "Aula Uji",
                                                 "chair": "Ketua Sidang Uji"}), "/tpp?date=")
        j = ok(api("kalapas").api("GET", "/api/v1/tpp?date=%s" % when), 200)
        self.assertEqual({x["wbp"] for x in j["items"]}, {w["regno"] for w in ws})
        self.assertTrue(all(x["dossier_complete"] for x in j["items"]))
        r = logged_in("kalapas").get("/tpp.pdf?date=%s" % when)
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/pdf"))
        self.assertTrue(r.body.startswith(b"%PDF-"))
        if shutil.which("pdftotext"):
            with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
                f.write(r.body)
            text = subprocess.run(["pdftotext", "-layout", f.name, "-"], stdout=subprocess.PIPE).stdout.decode()
            os.unlink(f.name)
            for w in ws:
                self.assertIn(w["regno"], text)
            self.assertNotIn(elsewhere["regno"], text)
            self.assertIn("Ketua TPP", text)
            self.assertIn("Ketua Sidang Uji", text)
            self.assertIn("Aula Uji", text)
            self.assertIn("LAPAS KELAS IIB KETAPANG", text)
        r = logged_in("kanwil").get("/tpp.xlsx?date=%s&site=LPKTP" % when)
        self.assertStatus(r, 200)
        z = zipfile.ZipFile(io.BytesIO(r.body))
        strings = z.read("xl/sharedStrings.xml").decode()
        for w in ws:
            self.assertIn(w["regno"], strings)
        self.assertNotIn(elsewhere["regno"], strings)
        self.assertIn("Diusulkan ke sidang TPP", strings)
        # another site's code: nothing of this site
        r = logged_in("admin.ptk").get("/tpp?date=%s&site=LPKTP" % when)
        self.assertStatus(r, 200)
        self.assertNotIn(ws[0]["regno"], r.text)
        self.assertEqual(ok(api("admin.ptk").api("GET", "/api/v1/tpp?date=%s" % when), 200)["items"], [])


# ---------------------------------------------------------------- screening and demo

class Screening(H.BekalTest):
    def test_counts_by_trade_interest(self):
        ph = Phase(caps=(2, 2))
        ws = [ph.wbp() for _ in range(3)]
        ph.assess(ws[0]["id"], [(0, 80, True), (1, 70, True)])
        ph.assess(ws[1]["id"], [(0, 60, True)])
        ph.assess(ws[2]["id"], [(1, 60, True), (0, 90, True)])
        r = logged_in("staf").get("/eligibility?show=eligible")
        self.assertStatus(r, 200)
        self.assertIn("Menurut minat kejuruan", r.text)
        for t, first, any_ in ((0, 2, 3), (1, 1, 2)):
            code = ph.trades[t]["code"]
            self.assertRegex(r.text, r"\(%s\)</td><td>%d</td><td>%d</td>" % (re.escape(code), first, any_))


class Demo(H.BekalTest):
    def test_demo_phase_one(self):
        ag = int(H.db_one("SELECT id FROM agreement WHERE signed_date = '2021-03-08'"))
        # placed, or (Las listrik: the training demo ran it) enrolled and finished
        held = "('ditempatkan', 'terdaftar', 'selesai', 'tidak_lulus')"
        placed = int(H.db_one("SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND status IN "
                              + held, (ag,)))
        self.assertTrue(25 <= placed <= 30, placed)
        self.assertGreaterEqual(int(H.db_one("SELECT count(*) FROM assessment WHERE agreement_id = ?", (ag,))), 35)
        per = H.db_query("SELECT program_id, count(*) FROM enrolment WHERE agreement_id = ? AND status IN "
                         + held + " GROUP BY program_id", (ag,))
        self.assertEqual(len(per), 5, "every programme has participants")
        trained = int(H.db_one("SELECT count(*) FROM enrolment WHERE agreement_id = ? AND phase = 1 AND status IN "
                               "('selesai', 'tidak_lulus')", (ag,)))
        self.assertGreater(trained, 0, "the finished programme's participants")
        states = {r[0] for r in H.db_query("SELECT DISTINCT state FROM usulan")}
        self.assertGreaterEqual(len(states), 4, states)
        # the stored placement is what a placement run explains, and it is stable
        # (a programme full of enrolled participants leaves no seats and no minimum
        # to the proposal: it still runs)
        out = json.loads(H.cli("place", "--phase", "%d:1" % ag).out)
        self.assertGreaterEqual(len(out["placed"]), 25 - trained)
        self.assertEqual(out["at"], "2021-05-03")

    def test_cli_usage(self):
        self.assertEqual(H.cli("place").code, 2)
        self.assertEqual(H.cli("place", "--phase", "1:1", "--format", "xml").code, 2)
        r = H.cli("place", "--phase", "999999:1")
        self.assertEqual(r.code, 1)
        self.assertIn("tidak ditemukan", r.err)
        self.assertEqual(H.cli("place", "--help").code, 0)


if __name__ == "__main__":
    H.main()
