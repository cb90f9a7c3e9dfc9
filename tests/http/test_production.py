"""test_production.py — production, sales, PNBP and the inmates' premi through the real
`bekal serve` and `bekal report` (issue 7), on SQLite and PostgreSQL:

  * reconciliation end to end through the API: randomised sales (items with decimal
    quantities, half-up amounts) settled one by one; every sale's premi + PNBP +
    capital = its total, computed independently here from the rule; the workers'
    shares add up to the premi and land in their ledgers; the month's sales
    (GET /api/v1/sales?month=) add up to the revenue report, whose CSV rows (one per
    production unit, from the page and from `bekal report revenue`) add up too;
  * effective-dated split rules: a sale on each side of a rule change is split by the
    rule in force on its date; rules are not back-dated over, changed or removed after
    settled sales use them;
  * the premi ledger never goes negative through the API (409/422 with a clear
    message), concurrent purchases cannot overdraw, payout only on release;
  * settling is idempotent (also when requested concurrently) and audited; a settled
    sale, its items and its run's workers are locked;
  * PNBP deposits and the sales they cover; outstanding PNBP;
  * every report downloads as PDF (checked with pdftotext), XLSX (a zip with numeric
    cells) and CSV, from the pages and the command line;
  * who may do what, site isolation (another site's record answers 404), audit entries;
  * the demo data (both sites) reconciles."""
import csv
import html.parser
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}
USERS = ["admin", "staf", "wali", "instruktur", "kalapas", "kanwil", "bapas", "admin.ptk"]
MONTH = "2025-03"  # the month the tests' own sales fall in (the demo's are months before its "today")


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


def ok(r, status=201):
    if r.status != status:
        raise AssertionError("want %s, got %r" % (status, r))
    return r.json() if r.body else None


def split(total, rule):
    """The split as money.h defines it, computed independently: floor for the parts that
    are not the remainder bucket, the rest to the bucket."""
    parts = {k: total * rule[k + "_bp"] // 10000 for k in ("premi", "pnbp", "capital")}
    rem = rule.get("remainder_to", "capital")
    parts[rem] = total - sum(v for k, v in parts.items() if k != rem)
    return parts


def make_unit(who="admin", site=H.SITE_A, rules=(("2020-01-01", 5000, 1500, 3500, "pieces", "capital"),)):
    u = ok(api(who).api("POST", "/api/v1/production-units",
                        {"site": site, "code": H.uniq("U"), "name": "Unit " + H.uniq(), "trade": "Uji",
                         "supervisor": "Pengawas Uji"}))
    u["rules"] = []
    for frm, p, q, c, basis, rem in rules:
        u["rules"].append(ok(api(who).api("POST", "/api/v1/production-units/%d/splits" % u["id"],
                                          {"effective_from": frm, "premi_bp": p, "pnbp_bp": q, "capital_bp": c,
                                           "share_basis": basis, "remainder_to": rem})))
    return u


def make_inmate(who="admin", site=H.SITE_A, **over):
    return ok(api(who).api("POST", "/api/v1/wbp", H.valid_wbp(site=site, **over)))


def make_run(unit, workers, date=MONTH + "-02", who="admin", site=H.SITE_A):
    """A production run of unit with workers [(wbp_id, pieces, minutes)]."""
    p = ok(api(who).api("POST", "/api/v1/productions",
                        {"site": site, "unit_id": unit["id"], "prod_date": date, "product": "Barang uji",
                         "qty_milli": 12500, "qty_unit": "kg"}))
    for wid, pieces, minutes in workers:
        ok(api(who).api("POST", "/api/v1/productions/%d/workers" % p["id"],
                        {"wbp_id": wid, "pieces": pieces, "minutes": minutes}))
    return p


def make_sale(unit, run, items, date=MONTH + "-05", status="lunas", who="admin", site=H.SITE_A):
    """A sale with items [(qty_milli, unit_price)]; returns the sale as the API shows it."""
    body = {"site": site, "unit_id": unit["id"], "sale_date": date, "buyer": "Pembeli " + H.uniq(),
            "payment_status": status}
    if run:
        body["production_id"] = run["id"]
    s = ok(api(who).api("POST", "/api/v1/sales", body))
    for qty, price in items:
        ok(api(who).api("POST", "/api/v1/sales/%d/items" % s["id"],
                        {"product": "Barang", "qty_milli": qty, "unit_price": price, "qty_unit": "kg"}))
    return ok(api(who).api("GET", "/api/v1/sales/%d" % s["id"]), 200)


def item_amount(qty, price):
    return (qty * price + 500) // 1000


def premi(wid, who="admin"):
    return ok(api(who).api("GET", "/api/v1/wbp/%d/premi" % wid), 200)


def csv_table(text):
    return list(csv.reader(io.StringIO(text)))


def pdftotext(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(data)
    try:
        p = subprocess.run(["pdftotext", "-layout", f.name, "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        if p.returncode != 0:
            raise AssertionError("pdftotext failed: %s" % p.stderr.decode())
        return p.stdout.decode("utf-8", "replace")
    finally:
        os.unlink(f.name)


def xlsx_numbers(data):
    """The numeric cell values of every sheet of an XLSX (a zip of XML parts)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert "[Content_Types].xml" in names, names
    nums = []
    for n in names:
        if n.startswith("xl/worksheets/") and n.endswith(".xml"):
            xml = z.read(n).decode()
            for attrs, v in re.findall(r"<c ([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>", xml):
                if 't="' not in attrs:  # no type: a number
                    nums.append(float(v))
    return nums


class _Balance(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
            "rect", "line", "path", "circle", "text", "title", "desc", "g", "svg", "polyline"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                if v in self.ids:
                    self.errors.append("duplicate id %r" % v)
                self.ids.add(v)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %r" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()


def html_problems(text):
    """Unbalanced tags and duplicate ids of a page (inline SVG elements aside)."""
    p = _Balance()
    p.feed(text)
    p.close()
    return p.errors + (["unclosed %r" % p.stack] if p.stack else [])


class Pages(H.BekalTest):
    def test_every_page_renders_well_formed_in_both_languages(self):
        ids = {t: H.db_one("SELECT min(x.id) FROM %s x JOIN site s ON s.id = x.site_id WHERE s.code = ?" % t,
                           (H.SITE_A,))
               for t in ("production_unit", "revenue_split", "production", "production_worker", "sale", "sale_item",
                         "pnbp_deposit", "premi_ledger")}
        wid = H.db_one("SELECT wbp_id FROM premi_ledger WHERE id = ?", (ids["premi_ledger"],))
        pages = ["/production-units", "/production-units/new", "/production-units/%s" % ids["production_unit"],
                 "/revenue-splits/%s/edit" % ids["revenue_split"], "/productions", "/productions/new",
                 "/productions/%s" % ids["production"], "/production-workers/%s/edit" % ids["production_worker"],
                 "/sales", "/sales?month=" + MONTH, "/sales?pnbp=outstanding", "/sales/new",
                 "/sales/%s" % ids["sale"], "/sales/%s/edit" % ids["sale"], "/sale-items/%s/edit" % ids["sale_item"],
                 "/pnbp-deposits", "/pnbp-deposits/new", "/pnbp-deposits/%s" % ids["pnbp_deposit"],
                 "/wbp/%s" % wid, "/reports", "/reports/revenue", "/reports/revenue?year=" + MONTH[:4],
                 "/reports/pnbp", "/reports/premi", "/reports/pnbp-outstanding"]
        for lang, probe in (("id", "Penjualan"), ("en", "Sales")):
            c = S.client()
            c.login("admin")
            for p in pages:
                r = c.get(p, headers={"Accept-Language": lang})
                self.assertStatus(r, 200, p)
                self.assertEqual(html_problems(r.text), [], p)
            self.assertIn(probe, c.get("/sales", headers={"Accept-Language": lang}).text)
        en = S.client()
        en.login("admin")
        t = en.get("/reports/revenue", headers={"Accept-Language": "en"}).text
        self.assertIn("Revenue and its split by production unit", t)
        self.assertIn("<svg", t)
        self.assertIn("Rp ", t)


class Reconciliation(H.BekalTest):
    def test_random_sales_settle_and_reconcile_to_the_rupiah(self):
        rng = random.Random(20250301)
        unit = make_unit(rules=(("2020-01-01", 3333, 1111, 5556, "pieces", "capital"),))
        rule = unit["rules"][0]
        workers = [make_inmate()["id"] for _ in range(3)]
        run = make_run(unit, [(w, rng.randint(1, 9), rng.randint(30, 600)) for w in workers])
        weights = {w["wbp_id"]: w["pieces"] for w in ok(api().api("GET", "/api/v1/productions/%d" % run["id"]),
                                                          200)["workers"]}
        before = {w: premi(w)["balance"]["total"] for w in workers}
        sales, credited = [], {w: 0 for w in workers}
        for i in range(12):
            items = [(rng.randint(1, 40000), rng.randint(1, 2000000)) for _ in range(rng.randint(1, 3))]
            s = make_sale(unit, run, items, date="%s-%02d" % (MONTH, rng.randint(1, 28)))
            total = sum(item_amount(q, p) for q, p in items)
            self.assertEqual(s["total"], total, "total = sum of items, each qty x price half up")
            self.assertEqual([it["amount"] for it in s["items"]], [item_amount(q, p) for q, p in items])
            self.assertFalse(s["settled"])
            out = ok(api("staf").api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)
            want = split(total, rule)
            self.assertEqual((out["revenue"], out["premi"], out["pnbp"], out["capital"]),
                             (total, want["premi"], want["pnbp"], want["capital"]), out)
            self.assertEqual(out["premi"] + out["pnbp"] + out["capital"], out["revenue"])
            self.assertFalse(out["already_settled"])
            self.assertEqual(sum(x["premi"] for x in out["shares"]), out["premi"])
            # largest remainder: each share is floor or floor + 1 of its exact part
            wsum = sum(weights.values())
            for x in out["shares"]:
                exact = out["premi"] * weights[x["wbp_id"]] // wsum
                self.assertIn(x["premi"], (exact, exact + 1), out)
                credited[x["wbp_id"]] += x["premi"]
            got = ok(api().api("GET", "/api/v1/sales/%d" % s["id"]), 200)
            self.assertTrue(got["settled"])
            self.assertEqual((got["premi"], got["pnbp"], got["capital"], got["paid_amount"]),
                             (out["premi"], out["pnbp"], out["capital"], total))
            sales.append(got)
        for w in workers:
            led = premi(w)
            self.assertEqual(led["balance"]["total"] - before[w], credited[w])
            self.assertEqual(led["balance"]["spendable"] + led["balance"]["saved"], led["balance"]["total"])
            last = led["entries"][-1]
            self.assertEqual((last["spendable_after"], last["saved_after"]),
                             (led["balance"]["spendable"], led["balance"]["saved"]))

        # the month's sales of this unit through the API ...
        listed = ok(api().api("GET", "/api/v1/sales?month=%s&unit_id=%d&per_page=200" % (MONTH, unit["id"])), 200)
        self.assertEqual(sorted(x["id"] for x in listed["items"]), sorted(x["id"] for x in sales))
        revenue = sum(x["total"] for x in listed["items"])
        parts = {k: sum(x[k] for x in listed["items"]) for k in ("premi", "pnbp", "capital")}
        self.assertEqual(sum(parts.values()), revenue)
        # ... equal the revenue report's row for the unit, from the page and the command line
        r = api().get("/reports/revenue?month=%s&site=%s&format=csv" % (MONTH, H.SITE_A))
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        for text in (r.text, H.cli("report", "revenue", "--month", MONTH, "--site", H.SITE_A, "--format", "csv").out):
            rows = csv_table(text)
            head = rows[0]
            self.assertEqual(head, ["site", "unit_code", "unit_name", "sales", "revenue", "premi", "pnbp", "capital"])
            body = [dict(zip(head, x)) for x in rows[1:]]
            codes = [x["unit_code"] for x in body]
            self.assertEqual(len(codes), len(set(codes)), "one row per production unit")
            for x in body:
                self.assertEqual(int(x["premi"]) + int(x["pnbp"]) + int(x["capital"]), int(x["revenue"]), x)
            mine = [x for x in body if x["unit_code"] == unit["code"]]
            self.assertEqual(len(mine), 1)
            self.assertEqual((int(mine[0]["sales"]), int(mine[0]["revenue"]), int(mine[0]["premi"]),
                              int(mine[0]["pnbp"]), int(mine[0]["capital"])),
                             (len(sales), revenue, parts["premi"], parts["pnbp"], parts["capital"]))

    def test_month_totals_equal_the_sum_of_that_months_sales(self):
        """For every unit of the site, the report's row = the month's settled sales from the API."""
        for month in (MONTH, self.demo_month()):
            items, page = [], 1
            while True:
                j = ok(api().api("GET", "/api/v1/sales?month=%s&settled=1&site=%s&per_page=200&page=%d"
                                 % (month, H.SITE_A, page)), 200)
                items += j["items"]
                if page * 200 >= j["total"]:
                    break
                page += 1
            self.assertTrue(all(x["sale_date"].startswith(month) and x["settled"] for x in items))
            out = H.cli("report", "revenue", "--month", month, "--site", H.SITE_A)
            self.assertEqual(out.code, 0, out)
            rows = csv_table(out.out)
            got = {x[1]: list(map(int, x[3:])) for x in rows[1:]}
            want = {}
            for x in items:
                code = H.db_one("SELECT code FROM production_unit WHERE id = ?", (x["unit_id"],))
                w = want.setdefault(code, [0, 0, 0, 0, 0])
                for i, k in enumerate((None, "total", "premi", "pnbp", "capital")):
                    w[i] += 1 if k is None else x[k]
            for code, w in want.items():
                self.assertEqual(got[code], w, (month, code))
            for code, g in got.items():
                if code not in want:
                    self.assertEqual(g, [0, 0, 0, 0, 0])

    def demo_month(self):
        """The latest month of the demo's settled sales at site A (their receipts name the site)."""
        return H.db_one("SELECT max(substr(s.sale_date, 1, 7)) FROM sale s JOIN site t ON t.id = s.site_id "
                        "WHERE t.code = ? AND s.split_id IS NOT NULL AND s.receipt_no LIKE ?",
                        (H.SITE_A, "PJ/%s/%%" % H.SITE_A))

    def test_demo_data_reconciles_at_both_sites(self):
        for site in (H.SITE_A, H.SITE_B):
            n = int(H.db_one("SELECT count(*) FROM sale s JOIN site t ON t.id = s.site_id WHERE t.code = ? "
                             "AND s.split_id IS NOT NULL", (site,)))
            self.assertGreater(n, 5, site)
            for table in ("production_unit", "revenue_split", "production", "production_worker", "sale", "sale_item",
                          "pnbp_deposit", "premi_ledger"):
                self.assertGreater(int(H.db_one("SELECT count(*) FROM %s x JOIN site t ON t.id = x.site_id "
                                                "WHERE t.code = ?" % table, (site,))), 0, (table, site))
        bad = H.db_query("SELECT id FROM sale WHERE split_id IS NOT NULL AND premi + pnbp + capital <> total")
        self.assertEqual(bad, [])
        bad = H.db_query("SELECT s.id FROM sale s WHERE s.split_id IS NOT NULL AND s.premi <> "
                         "(SELECT COALESCE(sum(amount), 0) FROM premi_ledger l WHERE l.sale_id = s.id)")
        self.assertEqual(bad, [], "each settled sale's premi is credited exactly to its workers")
        bad = H.db_query("SELECT wbp_id FROM premi_balance b WHERE spendable + saved <> "
                         "(SELECT COALESCE(sum(CASE WHEN kind = 'credit' THEN amount ELSE -amount END), 0) "
                         "FROM premi_ledger l WHERE l.wbp_id = b.wbp_id)")
        self.assertEqual(bad, [])
        # the welding shop changed its rule: both rules are in use
        self.assertEqual(int(H.db_one("SELECT count(DISTINCT s.split_id) FROM sale s JOIN production_unit u "
                                      "ON u.id = s.unit_id WHERE u.code = 'LAS'")), 2)
        # some PNBP deposited, some outstanding
        self.assertGreater(int(H.db_one("SELECT count(*) FROM pnbp_deposit_sale")), 0)
        out = csv_table(H.cli("report", "pnbp-outstanding").out)
        self.assertGreater(len(out), 1)


class EffectiveDatedSplit(H.BekalTest):
    def test_rule_in_force_on_the_sale_date(self):
        unit = make_unit(rules=(("2024-01-01", 5000, 1500, 3500, "pieces", "capital"),
                                ("2024-06-01", 3500, 5000, 1500, "hours", "pnbp")))
        a, b = unit["rules"]
        w1, w2 = make_inmate()["id"], make_inmate()["id"]
        run = make_run(unit, [(w1, 1, 300), (w2, 3, 100)], date="2024-05-20")
        may = make_sale(unit, run, [(1000, 1000003)], date="2024-05-31")
        june = make_sale(unit, run, [(1000, 1000003)], date="2024-06-01")
        o1 = ok(api().api("POST", "/api/v1/sales/%d/settle" % may["id"], {"total": may["total"], "confirm": True}), 200)
        o2 = ok(api().api("POST", "/api/v1/sales/%d/settle" % june["id"], {"total": june["total"], "confirm": True}), 200)
        self.assertEqual(o1["rule"]["id"], a["id"])
        self.assertEqual(o2["rule"]["id"], b["id"])
        for o, rule in ((o1, a), (o2, b)):
            want = split(1000003, rule)
            self.assertEqual((o["premi"], o["pnbp"], o["capital"]), (want["premi"], want["pnbp"], want["capital"]))
        # May by pieces (1:3), June by minutes (300:100)
        share = {x["wbp_id"]: x["premi"] for x in o1["shares"]}
        self.assertEqual(share[w1] + share[w2], o1["premi"])
        self.assertLess(share[w1], share[w2])
        share = {x["wbp_id"]: x["premi"] for x in o2["shares"]}
        self.assertGreater(share[w1], share[w2])
        self.assertEqual(share[w1] + share[w2], o2["premi"])
        # the rupiah left by rounding went to the rule's bucket (PNBP in June)
        self.assertEqual(o2["pnbp"], 1000003 - 1000003 * 3500 // 10000 - 1000003 * 1500 // 10000)

        # settled sales keep their rules: no back-dating, no change, no removal
        c = api()
        r = c.api("POST", "/api/v1/production-units/%d/splits" % unit["id"],
                  {"effective_from": "2024-06-01", "premi_bp": 4000, "pnbp_bp": 4000, "capital_bp": 2000})
        self.assertApiError(r, 422)
        r = c.api("POST", "/api/v1/production-units/%d/splits" % unit["id"],
                  {"effective_from": "2024-03-01", "premi_bp": 4000, "pnbp_bp": 4000, "capital_bp": 2000})
        self.assertApiError(r, 422)
        self.assertIn("sudah dibagi", r.json()["error"]["fields"]["effective_from"])
        self.assertApiError(c.api("PATCH", "/api/v1/revenue-splits/%d" % b["id"], {"premi_bp": 4000,
                                                                                    "pnbp_bp": 4500}), 422)
        self.assertApiError(c.api("DELETE", "/api/v1/revenue-splits/%d" % b["id"]), 422)
        # a new rule after the last settled sale is fine, and applies to later sales
        new = ok(c.api("POST", "/api/v1/production-units/%d/splits" % unit["id"],
                       {"effective_from": "2024-07-01", "premi_bp": 2500, "pnbp_bp": 1000, "capital_bp": 6500,
                        "share_basis": "pieces"}))
        july = make_sale(unit, run, [(2500, 40000)], date="2024-07-15")
        o3 = ok(c.api("POST", "/api/v1/sales/%d/settle" % july["id"], {"total": july["total"], "confirm": True}), 200)
        self.assertEqual(o3["rule"]["id"], new["id"])
        # a rule that does not add up to 100% is refused, with the sum in the message
        r = c.api("POST", "/api/v1/production-units/%d/splits" % unit["id"],
                  {"effective_from": "2025-01-01", "premi_bp": 5000, "pnbp_bp": 1500, "capital_bp": 3000})
        self.assertApiError(r, 422)
        self.assertIn("95", r.json()["error"]["fields"]["capital_bp"])
        # the form takes percentages with a decimal comma
        page = S.client()
        page.login("staf")
        r = page.post_form("/production-units/%d/splits" % unit["id"],
                           {"effective_from": "2025-02-01", "premi_bp": "33,5", "pnbp_bp": "16,5",
                            "capital_bp": "50", "share_basis": "pieces", "remainder_to": "capital"})
        self.assertStatus(r, 303)
        got = ok(c.api("GET", "/api/v1/production-units/%d/splits" % unit["id"]), 200)["items"]
        self.assertIn((3350, 1650, 5000), [(x["premi_bp"], x["pnbp_bp"], x["capital_bp"]) for x in got])

    def test_no_rule_yet_is_a_clear_refusal(self):
        unit = make_unit(rules=(("2024-06-01", 5000, 1500, 3500, "pieces", "capital"),))
        run = make_run(unit, [(make_inmate()["id"], 2, 60)], date="2024-05-01")
        s = make_sale(unit, run, [(1000, 5000)], date="2024-05-02")
        r = api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True})
        self.assertApiError(r, 409, "no_split_rule")
        self.assertIn("aturan pembagian hasil", r.json()["error"]["message"])


class Ledger(H.BekalTest):
    def funded_inmate(self, amount=1000000):
        """An inmate with premi credited from one settled sale; returns (id, ledger)."""
        unit = make_unit()
        w = make_inmate()["id"]
        run = make_run(unit, [(w, 1, 60)])
        s = make_sale(unit, run, [(1000, amount)])
        ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)
        return w, premi(w)

    def test_never_negative_through_the_api(self):
        w, led = self.funded_inmate()
        spend, saved = led["balance"]["spendable"], led["balance"]["saved"]
        self.assertEqual(spend + saved, 500000)  # 50% premi of Rp 1.000.000
        self.assertEqual(saved, 250000)  # the default policy saves half
        c = api("staf")
        n = int(H.db_one("SELECT count(*) FROM premi_ledger WHERE wbp_id = ?", (w,)))
        r = c.api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": spend + 1, "date": "2025-03-20"})
        self.assertApiError(r, 409, "insufficient_premi")
        msg = r.json()["error"]["message"]
        self.assertIn("tidak cukup", msg)
        self.assertIn("Rp 250.000", msg)
        for bad in (0, -5, "abc", 1.5, None):
            self.assertApiError(c.api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": bad}), (400, 422))
        self.assertApiError(c.api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": 10, "date": "2999-01-01"}),
                            422)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM premi_ledger WHERE wbp_id = ?", (w,))), n)
        e = ok(c.api("POST", "/api/v1/wbp/%d/premi/debits" % w,
                     {"amount": "Rp 250.000", "date": "2025-03-20", "receipt_no": "KOP/1", "note": "Sabun"}))
        self.assertEqual((e["kind"], e["amount"], e["spendable_after"], e["saved_after"]), ("debit", spend, 0, saved))
        self.assertApiError(c.api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": 1}), 409, "insufficient_premi")
        self.assertEqual(premi(w)["balance"], {"spendable": 0, "saved": saved, "total": saved})
        # the database refuses a negative balance whatever writes it
        with self.assertRaises(Exception):
            H.db_exec("UPDATE premi_balance SET spendable = -1 WHERE wbp_id = ?", (w,))
        # payout only on release, then it empties both parts once
        self.assertApiError(c.api("POST", "/api/v1/wbp/%d/premi/payout" % w, {"date": "2025-03-22"}), 409,
                            "not_released")
        r = c.api("POST", "/api/v1/wbp/%d/premi/payout" % w, {})
        self.assertApiError(r, 422)
        self.assertIn("date", r.json()["error"]["fields"])
        ok(c.api("PATCH", "/api/v1/wbp/%d" % w, {"status": "bebas"}), 200)
        p = ok(c.api("POST", "/api/v1/wbp/%d/premi/payout" % w, {"receipt_no": "BYR/1", "date": "2025-03-23"}))
        self.assertEqual((p["kind"], p["amount"], p["spendable_after"], p["saved_after"]), ("payout", saved, 0, 0))
        self.assertApiError(c.api("POST", "/api/v1/wbp/%d/premi/payout" % w, {"date": "2025-03-23"}), 409,
                            "empty_premi")
        text = pdftotext(api().get("/premi-entries/%d/receipt.pdf" % p["id"]).body)
        self.assertIn("TANDA TERIMA PEMBAYARAN PREMI", text)
        self.assertIn("Rp 250.000", text)
        self.assertIn("dua ratus lima puluh ribu rupiah", text)
        name = ok(api().api("GET", "/api/v1/wbp/%d" % w), 200)["name"]
        self.assertIn(name, text)
        # the statement in three formats
        stmt = api().get("/wbp/%d/premi/statement?format=csv" % w)
        rows = csv_table(stmt.text)
        self.assertEqual(rows[0][:4], ["entry_id", "entry_date", "kind", "description"])
        self.assertEqual([x[2] for x in rows[1:]], ["credit", "debit", "payout"])
        self.assertIn("REKENING PREMI", pdftotext(api().get("/wbp/%d/premi/statement?format=pdf" % w).body))
        self.assertIn(250000.0, xlsx_numbers(api().get("/wbp/%d/premi/statement?format=xlsx" % w).body))

    def test_concurrent_debits_cannot_overdraw(self):
        w, led = self.funded_inmate(2000000)
        spend = led["balance"]["spendable"]
        amount = spend // 3 + 1  # two fit, three do not
        results = []

        def buy():
            r = api("staf").api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": amount})
            results.append(r.status)

        threads = [threading.Thread(target=buy) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(results), [201, 201] + [409] * 6, results)
        bal = premi(w)["balance"]
        self.assertEqual(bal["spendable"], spend - 2 * amount)
        self.assertGreaterEqual(bal["spendable"], 0)
        debits = H.db_query("SELECT amount, spendable_after FROM premi_ledger WHERE wbp_id = ? AND kind = 'debit' "
                            "ORDER BY id", (w,))
        self.assertEqual([int(x[1]) for x in debits], [spend - amount, spend - 2 * amount])

    def test_page_forms_and_section(self):
        w, led = self.funded_inmate(400000)
        c = S.client()
        c.login("staf")
        page = c.get("/wbp/%d" % w)
        self.assertStatus(page, 200)
        self.assertIn('id="premi"', page.text)
        self.assertIn("Rp 100.000", page.text)  # spendable
        r = c.post_form("/wbp/%d/premi/debits" % w, {"amount": "150.000", "date": "2025-03-21"})
        self.assertStatus(r, 409)
        self.assertIn('role="alert"', r.text)
        self.assertIn("tidak cukup", r.text)
        self.assertRedirect(c.post_form("/wbp/%d/premi/debits" % w, {"amount": "40.000", "date": "2025-03-21"}),
                            "/wbp/%d" % w)
        self.assertEqual(premi(w)["balance"]["spendable"], 60000)
        # the wali (of the inmate's caseload) reads the section but gets no forms
        H.assign_caseload(api("admin"), w)
        wali = S.client()
        wali.login("wali")
        t = wali.get("/wbp/%d" % w).text
        self.assertIn('id="premi"', t)
        self.assertNotIn("/premi/debits", t)

    def assertRedirect(self, r, prefix):
        self.assertStatus(r, (302, 303))
        self.assertTrue((r.header("Location") or "").startswith(prefix), r)


class Settling(H.BekalTest):
    def test_idempotent_concurrent_and_audited(self):
        unit = make_unit()
        ws = [make_inmate()["id"] for _ in range(3)]
        run = make_run(unit, [(w, 2, 60) for w in ws])
        s = make_sale(unit, run, [(3000, 333333)])
        audits = H.audit_count()
        results = []

        def settle():
            results.append(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}))

        threads = [threading.Thread(target=settle) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([r.status for r in results], [200] * 5, results)
        outs = [r.json() for r in results]
        self.assertEqual(sum(not o["already_settled"] for o in outs), 1)
        self.assertEqual(len({json.dumps({k: o[k] for k in ("premi", "pnbp", "capital")}) for o in outs}), 1)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM premi_ledger WHERE sale_id = ?", (s["id"],))), 3)
        again = ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)
        self.assertTrue(again["already_settled"])
        self.assertApiError(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"] + 1, "confirm": True}), 409,
                            "total_changed")
        self.assertEqual(int(H.db_one("SELECT count(*) FROM premi_ledger WHERE sale_id = ?", (s["id"],))), 3)
        # audited: one settle entry with the split, one ledger entry per credit
        rows = H.db_query("SELECT user_name, after_json FROM audit_log WHERE entity = 'sale' AND entity_id = ? "
                          "AND action = 'settle'", (s["id"],))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "admin")
        after = json.loads(rows[0][1])
        self.assertEqual((after["premi"], after["pnbp"], after["capital"]),
                         (again["premi"], again["pnbp"], again["capital"]))
        self.assertEqual(len(after["credits"]), 3)
        self.assertEqual(H.audit_count() - audits, 4)
        self.assertEqual(H.cli("check").code, 0)

    def test_refusals_and_locks(self):
        unit = make_unit()
        w = make_inmate()["id"]
        run = make_run(unit, [(w, 2, 60)])
        c = api()
        unpaid = make_sale(unit, run, [(1000, 1000)], status="belum")
        self.assertApiError(c.api("POST", "/api/v1/sales/%d/settle" % unpaid["id"], {"total": unpaid["total"], "confirm": True}), 409,
                            "not_paid")
        # the request confirms the total being split
        r = c.api("POST", "/api/v1/sales/%d/settle" % unpaid["id"], {})
        self.assertApiError(r, 422)
        self.assertIn("total", r.json()["error"]["fields"])
        self.assertApiError(c.api("POST", "/api/v1/sales/%d/settle" % unpaid["id"], {"total": 1, "x": 1, "confirm": True}), 422)
        self.assertApiError(c.api("POST", "/api/v1/sales/%d/settle" % unpaid["id"], raw=b"{"), 400)
        empty = make_sale(unit, run, [])
        self.assertApiError(c.api("POST", "/api/v1/sales/%d/settle" % empty["id"], {"total": empty["total"], "confirm": True}), 422,
                            "nothing_to_split")
        orphan = make_sale(unit, None, [(1000, 1000)])
        r = c.api("POST", "/api/v1/sales/%d/settle" % orphan["id"], {"total": orphan["total"], "confirm": True})
        self.assertApiError(r, 409, "no_production")
        self.assertIn("produksi", r.json()["error"]["message"])
        # a worker must have been in custody on the day of the run
        late = make_inmate(detention_start="2025-06-01")["id"]
        r = c.api("POST", "/api/v1/productions/%d/workers" % run["id"], {"wbp_id": late, "pieces": 1})
        self.assertApiError(r, 422)
        self.assertIn("ditahan", r.json()["error"]["fields"]["wbp_id"])
        # the run of another unit, or made after the sale, cannot be named
        other = make_run(make_unit(), [(w, 1, 1)])
        self.assertApiError(c.api("PATCH", "/api/v1/sales/%d" % orphan["id"], {"production_id": other["id"]}), 422)
        later = make_run(unit, [(w, 1, 1)], date=MONTH + "-20")
        self.assertApiError(c.api("PATCH", "/api/v1/sales/%d" % orphan["id"], {"production_id": later["id"]}), 422)
        # computed fields are not input
        r = c.api("PATCH", "/api/v1/sales/%d" % orphan["id"], {"premi": 5, "total": 1})
        self.assertApiError(r, 422)
        self.assertEqual(set(r.json()["error"]["fields"]), {"premi", "total"})
        # a settled sale, its items and its run's workers are locked
        s = make_sale(unit, run, [(1000, 9000)])
        ok(c.api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)
        self.assertApiError(c.api("PATCH", "/api/v1/sales/%d" % s["id"], {"sale_date": MONTH + "-06"}), 422)
        self.assertApiError(c.api("POST", "/api/v1/sales/%d/items" % s["id"], {"product": "x", "qty_milli": 1000,
                                                                               "unit_price": 1}), 422)
        item = s["items"][0]["id"]
        self.assertApiError(c.api("DELETE", "/api/v1/sale-items/%d" % item), 422)
        self.assertApiError(c.api("PATCH", "/api/v1/sale-items/%d" % item, {"unit_price": 1}), 422)
        ok(c.api("PATCH", "/api/v1/sales/%d" % s["id"], {"buyer": "Nama pembeli dibetulkan"}), 200)
        wid = ok(c.api("GET", "/api/v1/productions/%d" % run["id"]), 200)["workers"][0]["id"]
        self.assertApiError(c.api("PATCH", "/api/v1/production-workers/%d" % wid, {"pieces": 9}), 422)
        self.assertApiError(c.api("DELETE", "/api/v1/production-workers/%d" % wid), 422)
        self.assertEqual(ok(c.api("GET", "/api/v1/sales/%d" % s["id"]), 200)["total"], 9000)
        # the pages hide the controls and show the split
        p = S.client()
        p.login("admin")
        t = p.get("/sales/%d" % s["id"]).text
        self.assertNotIn("/sales/%d/items" % s["id"], t)
        self.assertIn("Premi per pekerja", t)
        t = p.get("/sales/%d" % unpaid["id"]).text
        self.assertIn('action="/sales/%d/settle"' % unpaid["id"], t)

    def test_form_flow_with_decimal_quantities(self):
        unit = make_unit()
        run = make_run(unit, [(make_inmate()["id"], 1, 1)])
        c = S.client()
        c.login("staf")
        r = c.post_form("/sales", {"site": H.SITE_A, "unit_id": unit["id"], "production_id": run["id"],
                                   "sale_date": MONTH + "-07", "buyer": "Form", "payment_status": "lunas"})
        self.assertStatus(r, 303)
        sid = int(re.search(r"/sales/(\d+)", r.header("Location")).group(1))
        self.assertStatus(c.post_form("/sales/%d/items" % sid, {"product": "Keripik", "qty_milli": "2,5",
                                                                "qty_unit": "kg", "unit_price": "Rp 60.001"}), 303)
        s = ok(api().api("GET", "/api/v1/sales/%d" % sid), 200)
        self.assertEqual((s["items"][0]["qty_milli"], s["items"][0]["amount"], s["total"], s["paid_amount"]),
                         (2500, 150003, 150003, 150003))
        self.assertTrue(s["receipt_no"].startswith("PJ/%s/" % unit["code"]))
        self.assertIn("2,5 kg", c.get("/sales/%d" % sid).text)
        self.assertStatus(c.post_form("/sales/%d/settle" % sid, {}), 422)  # the total is confirmed
        self.assertStatus(c.post_form("/sales/%d/settle" % sid, {"total": "150.003", "confirm": "1"}), 303)
        self.assertTrue(ok(api().api("GET", "/api/v1/sales/%d" % sid), 200)["settled"])
        text = pdftotext(c.get("/sales/%d/receipt.pdf" % sid).body)
        for want in ("KUITANSI PENJUALAN", s["receipt_no"], "Rp 150.003", "LAPAS KELAS IIB KETAPANG",
                     "seratus lima puluh ribu tiga rupiah"):
            self.assertIn(want, text)


class Deposits(H.BekalTest):
    def test_cover_sales_and_outstanding(self):
        unit = make_unit()
        run = make_run(unit, [(make_inmate()["id"], 1, 1)])
        c = api()
        sales = []
        for i in range(3):
            s = make_sale(unit, run, [(1000, 100000 * (i + 1))])
            sales.append(ok(c.api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200))
        unsettled = make_sale(unit, run, [(1000, 5)], status="belum")
        pnbp = [x["pnbp"] for x in sales]
        self.assertEqual(pnbp, [15000, 30000, 45000])
        out = [x[2] for x in csv_table(H.cli("report", "pnbp-outstanding", "--site", H.SITE_A).out)[1:]]
        receipts = [ok(c.api("GET", "/api/v1/sales/%d" % x["sale_id"]), 200)["receipt_no"] for x in sales]
        for rno in receipts:
            self.assertIn(rno, out)
        self.assertApiError(c.api("POST", "/api/v1/pnbp-deposits", {"site": H.SITE_A, "deposit_date": MONTH + "-28",
                                                                    "amount": 45000, "ntpn": "kurang"}), 422)
        ntpn = ("N%015d" % random.randrange(10 ** 15))[:16]
        dep = ok(c.api("POST", "/api/v1/pnbp-deposits", {"site": H.SITE_A, "deposit_date": MONTH + "-28",
                                                         "amount": 45000, "ntpn": ntpn, "billing_code": "8201"}))
        r = c.api("POST", "/api/v1/pnbp-deposits/%d/sales" % dep["id"],
                  {"sale_ids": [sales[0]["sale_id"], sales[1]["sale_id"], sales[2]["sale_id"]]})
        self.assertApiError(r, 422)
        self.assertIn("melebihi", r.json()["error"]["message"])
        self.assertApiError(c.api("POST", "/api/v1/pnbp-deposits/%d/sales" % dep["id"],
                                  {"sale_ids": [unsettled["id"]]}), 422)
        d = ok(c.api("POST", "/api/v1/pnbp-deposits/%d/sales" % dep["id"],
                     {"sale_ids": [sales[0]["sale_id"], sales[1]["sale_id"]]}), 200)
        self.assertEqual((d["covered"], d["unallocated"]), (45000, 0))
        self.assertEqual(sorted(x["sale_id"] for x in d["sales"]), sorted([sales[0]["sale_id"], sales[1]["sale_id"]]))
        got = ok(c.api("GET", "/api/v1/sales/%d" % sales[0]["sale_id"]), 200)
        self.assertEqual(got["pnbp_deposit"]["ntpn"], ntpn)
        out = [x[2] for x in csv_table(H.cli("report", "pnbp-outstanding", "--site", H.SITE_A).out)[1:]]
        self.assertNotIn(receipts[0], out)
        self.assertIn(receipts[2], out)
        # a sale's PNBP is deposited once; the amount cannot drop below what is covered
        dep2 = ok(c.api("POST", "/api/v1/pnbp-deposits", {"site": H.SITE_A, "deposit_date": MONTH + "-29",
                                                          "amount": 100000, "ntpn": ntpn[:-1] + "Z"}))
        r = c.api("POST", "/api/v1/pnbp-deposits/%d/sales" % dep2["id"], {"sale_ids": [sales[0]["sale_id"]]})
        self.assertApiError(r, 422)
        self.assertIn(ntpn, r.json()["error"]["message"])
        self.assertApiError(c.api("PATCH", "/api/v1/pnbp-deposits/%d" % dep["id"], {"amount": 1000}), 422)
        self.assertApiError(c.api("POST", "/api/v1/pnbp-deposits", {"site": H.SITE_A, "deposit_date": MONTH + "-28",
                                                                    "amount": 1, "ntpn": ntpn}), 422)
        # the page form sets the covered sales too; the deposits list shows what is unpaid
        p = S.client()
        p.login("staf")
        r = p.post_form("/pnbp-deposits/%d/sales" % dep2["id"], [("sale_id", str(sales[2]["sale_id"]))])
        self.assertStatus(r, 303)
        self.assertEqual(ok(c.api("GET", "/api/v1/pnbp-deposits/%d" % dep2["id"]), 200)["covered"], 45000)
        self.assertIn("PNBP yang belum disetor", p.get("/pnbp-deposits").text)
        audit = H.db_query("SELECT after_json FROM audit_log WHERE entity = 'pnbp_deposit' AND entity_id = ? "
                           "AND action = 'update' ORDER BY id DESC LIMIT 1", (dep2["id"],))
        self.assertEqual(json.loads(audit[0][0])["sale_ids"], [sales[2]["sale_id"]])


class Reports(H.BekalTest):
    def test_every_report_in_every_format(self):
        c = api("kalapas")
        year = MONTH[:4]
        for kind, title in (("revenue", "LAPORAN PENDAPATAN"), ("pnbp", "LAPORAN PNBP"), ("premi", "LAPORAN PREMI"),
                            ("pnbp-outstanding", "BELUM DISETOR")):
            for q in ("month=" + MONTH, "year=" + year):
                base = "/reports/%s?%s&site=%s" % (kind, q, H.SITE_A)
                page = c.get(base)
                self.assertStatus(page, 200)
                self.assertIn("<table", page.text)
                r = c.get(base + "&format=pdf")
                self.assertStatus(r, 200)
                self.assertEqual(r.header("Content-Type"), "application/pdf")
                text = pdftotext(r.body)
                self.assertIn(title, text)
                self.assertIn("LAPAS KELAS IIB KETAPANG", text)
                self.assertIn("Kepala Lapas Kelas IIB Ketapang", text)
                r = c.get(base + "&format=xlsx")
                self.assertStatus(r, 200)
                self.assertTrue(r.body.startswith(b"PK"), "XLSX is a zip")
                nums = xlsx_numbers(r.body)
                r = c.get(base + "&format=csv")
                self.assertStatus(r, 200)
                rows = csv_table(r.text)
                self.assertGreaterEqual(len(rows), 1)
                if kind == "revenue" and q.startswith("month"):
                    self.assertTrue(nums, "numeric cells in the workbook")
                    revenue = sum(int(x[4]) for x in rows[1:] if len(x) > 4 and x[4].isdigit())
                    if revenue:
                        self.assertIn(float(revenue), nums)
        # the command line writes the same three formats
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("csv", "xlsx", "pdf"):
                path = os.path.join(d, "r." + fmt)
                out = H.cli("report", "revenue", "--year", year, "--format", fmt, "-o", path)
                self.assertEqual(out.code, 0, out)
                data = open(path, "rb").read()
                if fmt == "pdf":
                    self.assertIn("LAPORAN PENDAPATAN", pdftotext(data))
                elif fmt == "xlsx":
                    self.assertTrue(xlsx_numbers(data))
                else:
                    # a year has two tables (by month, by unit), each under its title line
                    lines = data.decode().split("\r\n")
                    self.assertEqual(lines[1], "month,sales,revenue,premi,pnbp,capital")
                    self.assertIn("site,unit_code,unit_name,sales,revenue,premi,pnbp,capital", lines)
        for bad in (("report", "revenue", "--month", "2025-13"), ("report", "nothing"),
                    ("report", "revenue", "--format", "doc"), ("report", "revenue", "--site", "NOPE"),
                    ("report", "statement")):
            self.assertEqual(H.cli(*bad).code, 2, bad)
        self.assertStatus(api().get("/reports/revenue?month=2025-99"), 400)
        self.assertStatus(api().get("/reports/revenue?format=doc"), 400)


class Access(H.BekalTest):
    def test_roles(self):
        unit = make_unit()
        w = make_inmate()["id"]
        run = make_run(unit, [(w, 1, 1)])
        s = make_sale(unit, run, [(1000, 10000)])
        for who in ("kalapas", "kanwil"):
            self.assertStatus(api(who).api("GET", "/api/v1/sales/%d" % s["id"]), 200)
            self.assertStatus(api(who).get("/reports/revenue"), 200)
            self.assertApiError(api(who).api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 403)
            self.assertApiError(api(who).api("POST", "/api/v1/production-units", {"code": "X", "name": "X"}), 403)
            self.assertApiError(api(who).api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": 1}), 403)
        H.assign_caseload(api("admin"), w)  # a wali reads the premi of the caseload's inmates
        self.assertStatus(api("wali").api("GET", "/api/v1/wbp/%d/premi" % w), 200)
        self.assertApiError(api("wali").api("GET", "/api/v1/sales"), 403)
        self.assertApiError(api("wali").api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": 1}), 403)
        for path in ("/api/v1/sales", "/api/v1/wbp/%d/premi" % w, "/api/v1/production-units"):
            self.assertApiError(api("instruktur").api("GET", path), 403)
            self.assertApiError(api("bapas").api("GET", path), 403)
        ok(api("staf").api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)

    def test_site_isolation(self):
        unit = make_unit()
        w = make_inmate()["id"]
        run = make_run(unit, [(w, 1, 1)])
        s = make_sale(unit, run, [(1000, 10000)])
        ok(api().api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 200)
        ptk = api("admin.ptk")
        for path in ("/api/v1/sales/%d" % s["id"], "/api/v1/production-units/%d" % unit["id"],
                     "/api/v1/productions/%d" % run["id"], "/api/v1/wbp/%d/premi" % w,
                     "/api/v1/revenue-splits/%d" % unit["rules"][0]["id"]):
            self.assertApiError(ptk.api("GET", path), 404)
        self.assertApiError(ptk.api("POST", "/api/v1/sales/%d/settle" % s["id"], {"total": s["total"], "confirm": True}), 404)
        self.assertApiError(ptk.api("POST", "/api/v1/sales/%d/settle" % s["id"], {}), 404)  # access before parsing
        self.assertApiError(ptk.api("POST", "/api/v1/wbp/%d/premi/debits" % w, {"amount": 1}), 404)
        for path in ("/sales/%d/receipt.pdf" % s["id"], "/wbp/%d/premi/statement" % w):
            self.assertStatus(ptk.get(path), 404)
        entry = premi(w)["entries"][0]["id"]
        self.assertStatus(ptk.get("/premi-entries/%d/receipt.pdf" % entry), 404)
        # lists and reports hold nothing of the other site
        items = ok(ptk.api("GET", "/api/v1/sales?per_page=200"), 200)["items"]
        self.assertTrue(items)
        self.assertEqual({x["site"] for x in items}, {H.SITE_B})
        r = ptk.get("/reports/revenue?month=%s&site=%s&format=csv" % (MONTH, H.SITE_A))
        self.assertStatus(r, 200)
        self.assertNotIn(unit["code"], r.text)
        self.assertNotIn("Ketapang", ptk.get("/reports/revenue?month=%s&site=%s" % (MONTH, H.SITE_A)).text)
        # a reference to another site's record is refused
        other_unit = ok(ptk.api("GET", "/api/v1/production-units"), 200)["items"][0]
        self.assertApiError(api().api("POST", "/api/v1/sales", {"site": H.SITE_A, "unit_id": other_unit["id"],
                                                                "sale_date": MONTH + "-01"}), 422)
        # the regional office sees both sites in one report
        r = api("kanwil").get("/reports/revenue?month=%s&format=csv" % MONTH)
        sites = {x[0] for x in csv_table(r.text)[1:]}
        self.assertEqual(sites, {H.SITE_A, H.SITE_B})


if __name__ == "__main__":
    H.main()
