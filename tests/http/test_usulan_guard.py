"""test_usulan_guard.py — the law enforced where the usulan is made (issue 20), on
SQLite and PostgreSQL: life, death and remand inmates, and inmates not yet eligible
on the planned start, are refused with 422 and each unmet requirement (code,
detail, met_from) through the API and the form (which keeps what was typed); a
special-crime inmate only for social work; a heavy punishment recorded after the
proposal (Register F box unticked) blocks the TPP step and the usulan page says why;
and `bekal eligibility --at` a past date lists exactly the inmates in custody then,
going by the detention and release records."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}


def setUpModule():
    global S
    H.setup_db()
    for name in ("admin", "wali", "staf"):
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def api(name="wali"):
    return S.client(token=TOK[name])


def months_back(k):
    d = H.TODAY.replace(day=1)
    y, m = d.year, d.month - k
    while m < 1:
        m += 12
        y -= 1
    return "%04d-%02d" % (y, m)


def make_wbp(**over):
    body = H.valid_wbp(site="LPKTP", **dict({"detention_start": "2018-01-01", "term_years": 12, "term_months": 0}, **over))
    r = api("admin").api("POST", "/api/v1/wbp", body)
    assert r.status == 201, r
    w = r.json()
    for k in range(1, 5):
        r = api("admin").api("POST", "/api/v1/wbp/%d/sppn" % w["id"], {"month": months_back(k), "score": 85})
        assert r.status == 201, r
    H.assign_caseload(api("admin"), w["id"])  # the wali proposes for the caseload only (issue 21)
    return w


def propose(w, form="dalam_lapas", **extra):
    return api("wali").api("POST", "/api/v1/wbp/%d/usulan" % w["id"], dict({"form": form}, **extra))


class Guard(H.BekalTest):
    def unmet(self, r):
        err = self.assertApiError(r, 422, "not_eligible")
        self.assertTrue(err["unmet"], err)
        for q in err["unmet"]:
            self.assertEqual(set(q) >= {"code", "detail", "met_from"}, True, q)
        return {q["code"]: q for q in err["unmet"]}

    def test_life_death_remand_never(self):
        for over, code in (({"sentence_kind": "seumur_hidup", "term_years": 0}, "jenis_pidana"),
                           ({"sentence_kind": "mati", "term_years": 0}, "jenis_pidana"),
                           ({"legal_class": "tahanan"}, "status_hukum")):
            w = make_wbp(**over)
            for form in ("dalam_lapas", "kerja_sosial", "pihak_ketiga"):
                u = self.unmet(propose(w, form))
                self.assertIn(code, u)
            self.assertEqual(int(H.db_one("SELECT count(*) FROM usulan WHERE wbp_id = ?", (w["id"],))), 0)
        # the remand text says there is no verdict
        self.assertIn("belum ada putusan", u["status_hukum"]["detail"])

    def test_special_crime_social_work_only(self):
        w = make_wbp(crime_category="narkotika", term_years=9, term_months=6, detention_start="2020-01-10")
        u = self.unmet(propose(w, "pihak_ketiga"))
        self.assertEqual(list(u), ["bentuk_asimilasi"])
        self.assertIn("kerja_sosial", u["bentuk_asimilasi"]["detail"])
        self.unmet(propose(w, "dalam_lapas"))
        r = propose(w, "kerja_sosial")
        self.assertStatus(r, 201)
        j = r.json()
        self.assertTrue(j["eligibility"]["eligible"], j["eligibility"])

    def test_not_yet_eligible_on_planned_start(self):
        w = make_wbp(detention_start=H.day(-365), term_years=4)
        u = self.unmet(propose(w))
        self.assertEqual(u["masa_pidana"]["met_from"], H.day(365))
        # judged on the planned start: before the half refused, after it accepted (the
        # months after today cannot be scored yet: active coaching as it stands today)
        self.assertIn("masa_pidana", self.unmet(propose(w, planned_start=H.day(300))))
        r = propose(w, planned_start=H.day(400))
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["planned_start"], H.day(400))
        self.assertTrue(r.json()["eligibility"]["eligible"])
        self.assertApiError(propose(make_wbp(), planned_start=H.day(-1)), 400, "invalid_date")

    def test_form_shows_reasons_and_keeps_input(self):
        w = make_wbp(sentence_kind="seumur_hidup", term_years=0)
        c = S.client()
        c.login("wali")
        page = c.get("/wbp/%d" % w["id"])
        self.assertStatus(page, 200)
        self.assertIn('id="syarat-belum"', page.text)
        self.assertIn("jenis_pidana", page.text)
        r = c.post_form("/wbp/%d/usulan" % w["id"], {"form": "kerja_sosial", "notes": "Catatan wali uji", "planned_start": ""})
        self.assertStatus(r, 422)
        self.assertIn("Catatan wali uji", r.text)
        self.assertIn('value="kerja_sosial" selected', r.text)
        self.assertIn("jenis_pidana", r.text)
        self.assertIn("Pidana seumur hidup dikecualikan", r.text)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM usulan WHERE wbp_id = ?", (w["id"],))), 0)

    def test_heavy_punishment_since_blocks_the_tpp_step(self):
        w = make_wbp()
        r = propose(w)
        self.assertStatus(r, 201)
        u = r.json()
        for d in u["checklist"]:
            if d["status"] == "belum_ada":
                self.assertStatus(api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                                  {"doc_code": d["code"], "present": True}), 200)
        r = api("admin").api("POST", "/api/v1/wbp/%d/discipline" % w["id"], {
            "offence": "Berkelahi", "level": "berat", "decision_date": H.day(-5), "punish_start": H.day(-5),
            "punish_end": H.day(-1), "register_f": False})
        self.assertStatus(r, 201)
        url = "/api/v1/usulan/%d/step" % u["id"]
        q = self.unmet(api("wali").api("POST", url, {"confirm": True, "to": "diusulkan_tpp", "tpp_date": H.day(10)}))
        self.assertIn("berkelakuan_baik", q)
        self.assertIn("Berkelahi", q["berkelakuan_baik"]["detail"])
        self.assertEqual(H.db_one("SELECT state FROM usulan WHERE id = ?", (u["id"],)), "draft")
        c = S.client()
        c.login("wali")
        page = c.get("/usulan/%d" % u["id"])
        self.assertIn("terhalang", page.text)
        self.assertIn("Berkelahi", page.text)
        # rejection stays open
        j = api("wali").api("GET", "/api/v1/usulan/%d" % u["id"]).json()
        self.assertFalse(j["eligibility"]["eligible"])


class TppShowsEligibility(H.BekalTest):
    def test_tpp_list_page_api_and_pdf(self):
        w = make_wbp()
        r = propose(w)
        self.assertStatus(r, 201)
        u = r.json()
        for d in u["checklist"]:
            if d["status"] == "belum_ada":
                api("wali").api("POST", "/api/v1/usulan/%d/documents" % u["id"], {"doc_code": d["code"], "present": True})
        tpp = H.day(9)
        self.assertStatus(api("wali").api("POST", "/api/v1/usulan/%d/step" % u["id"],
                                          {"confirm": True, "to": "diusulkan_tpp", "tpp_date": tpp}), 200)
        c = S.client()
        c.login("staf")
        page = c.get("/tpp", {"date": tpp})
        self.assertStatus(page, 200)
        self.assertIn("Syarat asimilasi", page.text)
        self.assertIn("Masa pidana (1/2 atau 2/3)", page.text)
        j = api("staf").api("GET", "/api/v1/tpp?date=" + tpp).json()
        item = [x for x in j["items"] if x["id"] == u["id"]][0]
        self.assertTrue(item["eligibility"]["eligible"])
        self.assertIn("masa_pidana", [q["code"] for q in item["eligibility"]["requirements"]])
        # the verdict agrees with its requirements: no "met" next to an unmet one (the TPP date
        # is in the future, where coaching is judged as known today)
        for x in j["items"]:
            self.assertEqual(x["eligibility"]["eligible"], all(q["met"] for q in x["eligibility"]["requirements"]), x)
        pdf = c.get("/tpp.pdf", {"date": tpp})
        self.assertStatus(pdf, 200)
        import subprocess
        import tempfile
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf.body)
            f.flush()
            text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True).stdout
        self.assertIn("Syarat asimilasi", text)
        self.assertIn("Memenuhi", text)
        self.assertIn(w["regno"] if isinstance(w, dict) and "regno" in w else "Syarat asimilasi tiap usulan", text)


class PastDate(H.BekalTest):
    def test_population_by_records(self):
        """`bekal eligibility --at` a past date: inmates detained by then and not released before it."""
        at = "2021-04-01"
        before = make_wbp(detention_start="2019-05-01", term_years=3)
        after = make_wbp(detention_start="2022-01-01", term_years=3)
        gone = make_wbp(detention_start="2019-05-01", term_years=2)
        H.db_exec("INSERT INTO wbp_release(site_id, wbp_id, kind, release_date, district, created_at, updated_at) "
                  "SELECT site_id, id, 'bebas_murni', '2021-05-01', 'Ketapang', '2021-05-01', '2021-05-01' FROM wbp "
                  "WHERE id = ?", (gone["id"],))
        H.db_exec("UPDATE wbp SET status = 'bebas' WHERE id = ?", (gone["id"],))
        early = make_wbp(detention_start="2019-05-01", term_years=1)
        H.db_exec("INSERT INTO wbp_release(site_id, wbp_id, kind, release_date, district, created_at, updated_at) "
                  "SELECT site_id, id, 'bebas_murni', '2020-05-01', 'Ketapang', '2020-05-01', '2020-05-01' FROM wbp "
                  "WHERE id = ?", (early["id"],))
        H.db_exec("UPDATE wbp SET status = 'bebas' WHERE id = ?", (early["id"],))
        r = H.cli("eligibility", "--at", at)
        self.assertEqual(r.code, 0, r)
        got = {x["id"] for x in json.loads(r.out)}
        self.assertIn(before["id"], got)
        self.assertIn(gone["id"], got)      # released after the date: in custody then
        self.assertNotIn(after["id"], got)  # detained after it
        self.assertNotIn(early["id"], got)  # released before it
        # exactly the records' population
        want = {int(row[0]) for row in H.db_query(
            "SELECT w.id FROM wbp w WHERE w.detention_start <= ? AND NOT EXISTS (SELECT 1 FROM wbp_release r "
            "WHERE r.wbp_id = w.id AND r.release_date < ?) AND (w.status <> 'pindah' OR "
            "COALESCE(w.transfer_date, substr(w.updated_at, 1, 10)) >= ?)", (at, at, at))}
        self.assertEqual(got, want)
        # met only when met_from <= at
        for x in json.loads(r.out):
            for q in x["requirements"]:
                if q["met"] and q["met_from"]:
                    self.assertLessEqual(q["met_from"], at, (x["wbp"], q))
        r = H.cli("eligibility", "--at", "2017-06-01")
        self.assertEqual(r.code, 0, r)


if __name__ == "__main__":
    H.main()
