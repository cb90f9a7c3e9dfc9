#!/usr/bin/env python3
"""test_demo.py — `bekal init --demo` stays alive (issue 18): the demo is built around
the day it is made, so a demo made on any day shows a live screening and dashboard.
For each of three days (one of them 29 February of a leap year), with the clock set
to that day (BEKAL_NOW) and a fresh database, through the CLI and the API:

  * among the inmates in custody (`bekal eligibility --at DAY --format json`), some
    are eligible for asimilasi that day, some become eligible within three months,
    and some are not eligible for each kind of reason the screening gives (remand,
    life and death sentences, time served, minimum months served, discipline, SPPN,
    deradicalisation, corruption fine/restitution, a foreigner's documents);
  * SPPN scores run up to the last complete month, never into the current one;
  * the dashboard (GET /api/v1/dashboard) of the current and the previous month has
    training sessions with attendance, sales and a release, and its pipeline counts
    inmates eligible now and within three months;
  * one active agreement (PKS) ends within 90 days (/api/v1/agreements?expiring_days=90);
  * the same day gives the same demo (the screening of two demos made the same day
    is identical), the two sites and the demo accounts are there.
On PostgreSQL only the leap day runs (without the same-day rerun): see ON_SQLITE_ONLY.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

# On PostgreSQL one day is enough: how the demo follows its day is the same code on
# both kinds and is checked on SQLite for all three days (and the same-day rerun);
# PostgreSQL checks that `init --demo` writes the same demo there, on the leap day.
ON_SQLITE_ONLY = unittest.skipIf(H.IS_PG, "the day logic is checked on SQLite; PostgreSQL runs the leap day")

# Every requirement code the screening can report unmet (src/core/eligibility.c).
REASONS = ["status_hukum", "jenis_pidana", "masa_pidana", "masa_minimal", "berkelakuan_baik", "aktif_pembinaan",
           "deradikalisasi", "denda_uang_pengganti", "dokumen_wna"]
USERS = ["admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas", "admin.ptk"]
_made = set()
_TMP = []  # the module's one temporary folder for its SQLite files, removed at the end


def tearDownModule():
    for d in _TMP:
        shutil.rmtree(d, ignore_errors=True)


def fresh_db(name):
    """An empty database of the kind under test: a new SQLite file, or a new
    PostgreSQL database in the harness's cluster (scripts/pg.sh newdb)."""
    if not H.IS_PG:
        if not _TMP:
            _TMP.append(tempfile.mkdtemp(prefix="bekal-demo-"))
        return os.path.join(_TMP[0], name + ".db")
    pgdir = os.environ.get("BEKAL_PG_DIR")
    if not pgdir:
        raise RuntimeError("PostgreSQL run without BEKAL_PG_DIR: cannot make fresh databases")
    p = subprocess.run(["bash", os.path.join(H.ROOT, "scripts", "pg.sh"), "newdb", pgdir, name],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("pg.sh newdb %s failed: %s" % (name, p.stderr.decode()))
    return p.stdout.decode().strip().splitlines()[-1]


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    last = (datetime.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(y, m + 1, min(d.day, last))


class DemoDay:
    """The checks for one day; subclasses set DAY ("YYYY-MM-DD")."""
    DAY = None

    @classmethod
    def setUpClass(cls):
        cls.day = datetime.date.fromisoformat(cls.DAY)
        cls.env = {"BEKAL_NOW": cls.DAY + "T05:00:00Z"}  # midday in Ketapang
        cls.db = fresh_db("t_demo_" + cls.DAY.replace("-", ""))
        r = H.cli("init", "--demo", db=cls.db, env=cls.env, timeout=600)
        assert r.code == 0, r
        cls.elig = cls.screening(cls.db)
        cls.srv = None
        tok = H.cli("token", "create", "kanwil", db=cls.db, env=cls.env)
        assert tok.code == 0, tok
        cls.tok = tok.out.strip().splitlines()[-1].strip()
        cls.srv = H.Server(db=cls.db, env=cls.env).start()

    @classmethod
    def tearDownClass(cls):
        if cls.srv:
            cls.srv.stop()

    @classmethod
    def screening(cls, db):
        r = H.cli("eligibility", "--at", cls.DAY, "--format", "json", db=db, env=cls.env)
        assert r.code == 0, r
        return json.loads(r.out)

    def api(self, path):
        r = self.srv.client(token=self.tok).api("GET", path)
        self.assertStatus(r, 200)
        return r.json()

    # ---- the screening

    def test_some_are_eligible_today_at_both_sites(self):
        for site in (H.SITE_A, H.SITE_B):
            rows = [x for x in self.elig if x["site"] == site]
            self.assertGreater(len(rows), 20, site)
            yes = [x for x in rows if x["eligible"]]
            self.assertTrue(yes, "%s: nobody eligible on %s" % (site, self.DAY))
            for x in yes:
                self.assertTrue(all(q["met"] for q in x["requirements"]), x)
                self.assertLessEqual(x["eligible_from"] or self.DAY, self.DAY, x)
        # a live list, not a handful
        self.assertGreaterEqual(sum(1 for x in self.elig if x["eligible"]), 20)

    def test_some_become_eligible_within_three_months(self):
        until = add_months(self.day, 3).isoformat()
        soon = [x for x in self.elig if not x["eligible"] and x["eligible_from"]
                and self.DAY < x["eligible_from"] <= until]
        self.assertGreaterEqual(len(soon), 5, "eligible between %s and %s" % (self.DAY, until))
        # something still to wait for: a requirement met only from a later date
        for x in soon:
            self.assertTrue(any(not q["met"] and q["met_from"] and q["met_from"] > self.DAY
                                for q in x["requirements"]), x)

    def test_every_kind_of_reason_for_not_eligible(self):
        unmet = {}
        for x in self.elig:
            if x["eligible"]:
                continue
            for q in x["requirements"]:
                if not q["met"]:
                    unmet.setdefault(q["code"], []).append((x, q))
        for code in REASONS:
            self.assertIn(code, unmet, "nobody not eligible for %s on %s" % (code, self.DAY))
        # jenis_pidana: both the life and the death sentence
        details = " ".join(q["detail"] for _, q in unmet["jenis_pidana"])
        self.assertIn("seumur hidup", details)
        self.assertIn("mati", details.replace("seumur hidup", ""))
        # status_hukum: remand (not the released: they are not listed at all)
        self.assertTrue(any("tahanan" in q["detail"] for _, q in unmet["status_hukum"]), unmet["status_hukum"])
        # SPPN: both someone with a low score and someone with no scores yet
        low = no = False
        for x, _ in unmet["aktif_pembinaan"]:
            scores = H.db_query("SELECT s.month, s.score FROM sppn s WHERE s.wbp_id = ? AND s.month < ?",
                                (x["id"], self.DAY[:7]), db=self.db)
            low = low or any(int(sc) < 60 for _, sc in scores)
            no = no or not scores
        self.assertTrue(low, "nobody with a low SPPN score")
        self.assertTrue(no, "nobody without SPPN scores")
        # a reason without a date (e.g. deradicalisation) means no date of eligibility
        for x, _ in unmet["deradikalisasi"]:
            self.assertIsNone(x["eligible_from"], x)

    # ---- SPPN

    def test_sppn_runs_up_to_the_last_complete_month(self):
        last = add_months(self.day.replace(day=1), -1).strftime("%Y-%m")
        self.assertEqual(H.db_one("SELECT MAX(month) FROM sppn", db=self.db), last)
        n = int(H.db_one("SELECT COUNT(*) FROM sppn WHERE month = ?", (last,), db=self.db))
        self.assertGreater(n, 100, "SPPN scores of %s" % last)
        for k in (2, 3):
            m = add_months(self.day.replace(day=1), -k).strftime("%Y-%m")
            self.assertGreater(int(H.db_one("SELECT COUNT(*) FROM sppn WHERE month = ?", (m,), db=self.db)), 100, m)

    # ---- the dashboard

    def section(self, month, code):
        j = self.api("/api/v1/dashboard?site=%s&month=%s" % (H.SITE_A, month))
        self.assertEqual(j["month"], month)
        for s in j["sections"]:
            if s["code"] == code:
                return s
        self.fail("no section %s" % code)

    def test_dashboard_this_and_last_month_have_training_production_and_releases(self):
        this = self.day.strftime("%Y-%m")
        prev = add_months(self.day.replace(day=1), -1).strftime("%Y-%m")
        for month in (this, prev):
            att = self.section(month, "attendance")
            self.assertTrue(att["rows"], "no training sessions in %s" % month)
            tot = att["totals"]
            self.assertGreater(tot[3], 0, "sessions held in %s" % month)  # Sesi terlaksana
            self.assertGreater(tot[5], 0, "JP attended in %s" % month)  # JP peserta hadir
            rev = self.section(month, "revenue")
            row = [r for r in rev["rows"] if r[0] == month]
            self.assertEqual(len(row), 1, rev)
            self.assertGreater(row[0][1], 0, "sales in %s" % month)
            rel = self.section(month, "releases")
            self.assertGreater(rel["totals"][1], 0, "releases in %s" % month)
        pipe = self.section(this, "pipeline")["totals"]
        self.assertGreater(pipe[2], 0, "pipeline: eligible now")
        self.assertGreater(pipe[3], 0, "pipeline: eligible within 3 months")
        self.assertEqual(pipe[2], sum(1 for x in self.elig if x["eligible"] and x["site"] == H.SITE_A))
        # production runs this month, none after today
        self.assertGreater(int(H.db_one("SELECT COUNT(*) FROM production WHERE prod_date >= ? AND prod_date <= ?",
                                        (self.day.replace(day=1).isoformat(), self.DAY), db=self.db)), 0)
        self.assertEqual(int(H.db_one("SELECT COUNT(*) FROM sale WHERE sale_date > ?", (self.DAY,), db=self.db)), 0)

    # ---- agreements

    def test_one_agreement_ends_within_90_days(self):
        j = self.api("/api/v1/agreements?expiring_days=90")
        self.assertGreaterEqual(j["total"], 1, j)
        for a in j["items"]:
            self.assertLessEqual(self.DAY, a["valid_to"])
            self.assertTrue(0 <= a["days_left"] <= 90, a)
            self.assertEqual(a["effective_status"], "aktif", a)

    # ---- sites and accounts as they were

    def test_sites_and_accounts(self):
        self.assertEqual(sorted(r[0] for r in H.db_query("SELECT code FROM site", db=self.db)), [H.SITE_A, H.SITE_B])
        self.assertEqual(sorted(r[0] for r in H.db_query("SELECT name FROM app_user", db=self.db)), sorted(USERS))
        c = self.srv.client()
        c.login("staf")
        self.assertStatus(c.get("/eligibility"), 200)


@ON_SQLITE_ONLY
class Demo20261207(DemoDay, H.BekalTest):
    DAY = "2026-12-07"


@ON_SQLITE_ONLY
class Demo20270510(DemoDay, H.BekalTest):
    DAY = "2027-05-10"


class Demo20280229(DemoDay, H.BekalTest):
    DAY = "2028-02-29"

    @ON_SQLITE_ONLY
    def test_same_day_same_demo(self):
        other = fresh_db("t_demo_20280229_b")
        r = H.cli("init", "--demo", db=other, env=self.env, timeout=600)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.screening(other), self.elig)


if __name__ == "__main__":
    H.main()
