"""test_funnel.py — the asimilasi funnel (issue 24): a section of the dashboard and of the
monthly report (PDF, XLSX, CSV), per site and for the region.

* On the demo data the funnel adds up: every inmate eligible on the date, or with a proposal
  holding a stage, is counted in exactly one stage (no decision, not proposed, proposed, TPP,
  decree, running, completed); the eligible are the screening's; those not proposed split by
  reason into the marks in force; eligible inmates without a proposal are no decision or not
  proposed.
* A proposal's stage comes from the dates its chain filled: put to a TPP session in the
  future it is still "proposed"; with the session today it is at the TPP stage, and the days
  proposed → TPP are measured.
"""
import csv
import io

import harness as H

STAGES = ["tanpa_keputusan", "tidak_diusulkan", "diusulkan", "tpp", "sk", "berjalan", "selesai"]


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN, KANWIL, MONTH
    SERVER = H.start_server()
    ADMIN = SERVER.client(token=H.token_for("admin"))
    KANWIL = SERVER.client(token=H.token_for("kanwil"))
    MONTH = H.TODAY.strftime("%Y-%m")


def tearDownModule():
    H.stop_servers()


def sections(client, query):
    r = client.api("GET", "/api/v1/dashboard?month=%s&%s" % (MONTH, query))
    assert r.status == 200, r
    return {s["code"]: s for s in r.json()["sections"]}


def funnel_rows(secs):
    """{site: {"eligible": n, stage code: n, "total": n}} of the funnel section."""
    out = {}
    for row in secs["funnel"]["rows"]:
        out[row[0]] = dict(zip(["eligible"] + STAGES + ["total"], row[1:]))
    return out


class AddsUp(H.BekalTest):
    def test_every_eligible_inmate_in_exactly_one_stage_or_reason(self):
        secs = sections(KANWIL, "region=1")
        f = funnel_rows(secs)
        self.assertEqual(set(f), {"LPKTP", "LPPTK"})
        cols = [c["title"] for c in secs["funnel"]["columns"]]
        self.assertEqual(len(cols), 10)
        for site, x in f.items():
            self.assertEqual(sum(x[s] for s in STAGES), x["total"], site)
            self.assertLessEqual(x["eligible"], x["total"])
            # the eligible are the screening's
            j = KANWIL.api("GET", "/api/v1/eligibility?site=%s&per_page=1" % site).json()
            self.assertEqual(x["eligible"], j["eligible"], site)
            eligible_ids = set()
            page = 1
            while True:
                r = KANWIL.api("GET", "/api/v1/eligibility?site=%s&show=eligible&marked=1&per_page=1000&page=%d"
                              % (site, page)).json()
                eligible_ids |= {it["id"] for it in r["items"]}
                if page * 1000 >= r["matched"]:
                    break
                page += 1
            self.assertEqual(len(eligible_ids), x["eligible"])
            # eligible inmates with no proposal holding a stage: no decision or not proposed
            held = {int(w) for (w,) in H.db_query(
                "SELECT u.wbp_id FROM usulan u JOIN site s ON s.id = u.site_id WHERE s.code = ? AND "
                "u.state NOT IN ('ditolak', 'dicabut')", (site,))}
            self.assertEqual(x["tanpa_keputusan"] + x["tidak_diusulkan"], len(eligible_ids - held), site)
            marked = {int(w) for (w,) in H.db_query(
                "SELECT n.wbp_id FROM wbp_not_proposed n JOIN site s ON s.id = n.site_id WHERE s.code = ? AND "
                "n.ended_on IS NULL AND n.decided_on <= ? AND n.review_on > ?",
                (site, H.TODAY.isoformat(), H.TODAY.isoformat()))}
            self.assertEqual(x["tidak_diusulkan"], len((eligible_ids - held) & marked), site)
            self.assertGreater(x["tidak_diusulkan"], 0)  # the demo marks some at each site
        # the reasons: per site they add up to "not proposed", and "no decision" is its own row
        by_site = {}
        for site, reason, n in secs["funnel_reasons"]["rows"]:
            by_site.setdefault(site, {})[reason] = n
        for site, x in f.items():
            rs = by_site.get(site, {})
            nd = [n for r, n in rs.items() if r.startswith("Belum ada keputusan")]
            self.assertEqual(nd, [x["tanpa_keputusan"]] if x["tanpa_keputusan"] else [])
            self.assertEqual(sum(n for r, n in rs.items() if not r.startswith("Belum ada keputusan")),
                             x["tidak_diusulkan"])
        # the region's totals are the sum of the sites
        tot = secs["funnel"]["totals"]
        self.assertEqual(tot[-1], sum(x["total"] for x in f.values()))
        # one site's view is that site's row
        one = funnel_rows(sections(ADMIN, "site=LPKTP"))
        self.assertEqual(one["LPKTP"], f["LPKTP"])
        self.assertIn("funnel_days", secs)

    def test_stage_from_dates_and_days_between(self):
        before = funnel_rows(sections(ADMIN, "site=LPKTP"))["LPKTP"]
        w = H.eligible_wbp(ADMIN)
        x = funnel_rows(sections(ADMIN, "site=LPKTP"))["LPKTP"]
        self.assertEqual(x["tanpa_keputusan"], before["tanpa_keputusan"] + 1)
        r = ADMIN.api("POST", "/api/v1/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"})
        self.assertStatus(r, 201)
        u = r.json()
        x = funnel_rows(sections(ADMIN, "site=LPKTP"))["LPKTP"]
        self.assertEqual(x["tanpa_keputusan"], before["tanpa_keputusan"])
        self.assertEqual(x["diusulkan"], before["diusulkan"] + 1)
        for d in u["checklist"]:
            if d["status"] == "belum_ada":
                self.assertStatus(ADMIN.api("POST", "/api/v1/usulan/%d/documents" % u["id"],
                                            {"doc_code": d["code"], "present": True}), 200)
        # put to a session today: the TPP stage (the state code alone would say so for a future
        # session too; the date decides)
        r = ADMIN.api("POST", "/api/v1/usulan/%d/step" % u["id"],
                      {"confirm": True, "to": "diusulkan_tpp", "tpp_date": H.TODAY.isoformat()})
        self.assertStatus(r, 200)
        secs = sections(ADMIN, "site=LPKTP")
        x = funnel_rows(secs)["LPKTP"]
        self.assertEqual(x["tpp"], before["tpp"] + 1)
        self.assertEqual(x["diusulkan"], before["diusulkan"])
        days = secs["funnel_days"]["rows"][0]
        self.assertEqual(days[0], "LPKTP")
        self.assertEqual(days[2], 0)  # proposed → TPP: the same day (the only one this period at LPKTP)
        # a session in the future: back to "proposed" by its date
        H.db_exec("UPDATE usulan SET tpp_date = ? WHERE id = ?", (H.day(5), u["id"]))
        ADMIN.api("POST", "/api/v1/wbp/%d/sppn" % w["id"], {"month": H.months_back(6), "score": 85,
                                                           "predicate": "baik"})  # a write: a new data version
        x = funnel_rows(sections(ADMIN, "site=LPKTP"))["LPKTP"]
        self.assertEqual(x["diusulkan"], before["diusulkan"] + 1)
        self.assertEqual(x["tpp"], before["tpp"])

    def test_monthly_report_formats(self):
        r = H.cli("report", "monthly", "--month", MONTH, "--region", "--format", "csv")
        self.assertEqual(r.code, 0, r)
        text = r.out
        self.assertIn("Alur asimilasi per", text)
        self.assertIn("tidak diusulkan, menurut alasan", text)
        self.assertIn("Median hari antartahap asimilasi", text)
        rows = list(csv.reader(io.StringIO(text)))
        head = [i for i, row in enumerate(rows) if row and row[0] == "Lokasi" and "Jumlah dalam alur" in row][0]
        for row in rows[head + 1:]:
            if not row or not row[0]:
                break
            self.assertEqual(sum(int(v) for v in row[2:9]), int(row[9]), row)


if __name__ == "__main__":
    H.main()
