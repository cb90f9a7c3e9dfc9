#!/usr/bin/env python3
"""test_lists.py — lists and forms (issue 25).

* Search and sort on the screening, release, usulan and certificate lists: q finds by
  name or registration number (and certificate number); the column headings are links
  that sort ascending, then descending; the paging links keep q, sort and dir; all of
  it plain links and GET forms (no JavaScript).
* Searchable selects: a long select (the 330+ inmates) stays a plain <select> with all
  its options, and the page loads /static/select.js, which Bekal serves itself.
* Product names that appear twice are told apart in the sale form's select.
* A wali is shown no link to a sale (a page the role may not open).

  BEKAL_BIN=build/asan/bekal BEKAL_TEST_DB=/tmp/x.db python3 tests/http/test_lists.py
"""
import html
import re
from urllib.parse import quote

import harness as H


def setUpModule():
    H.setup_db()
    global S, ADMIN
    S = H.start_server()
    ADMIN = S.client()
    ADMIN.login("admin")


def tearDownModule():
    H.stop_servers()


def pager_links(text):
    nav = text.split('class="pager"', 1)[1].split("</nav>", 1)[0]
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', nav)]


def ascii_key(s):
    return s.encode().lower()


class Screening(H.BekalTest):
    def test_search_by_name_and_regno(self):
        regno, name = H.db_query("SELECT regno, name FROM wbp WHERE site_id = 1 AND status = 'ditahan' "
                                 "ORDER BY id LIMIT 1")[0]
        word = name.split()[0]
        r = ADMIN.get("/eligibility?q=" + quote(word.lower()))
        self.assertStatus(r, 200)
        rows = H.table_rows(r.text)
        self.assertTrue(rows)
        for row in rows:
            self.assertTrue(word.lower() in row[1].lower() or word.lower() in row[0].lower(), row)
        r = ADMIN.get("/eligibility?q=" + quote(regno))
        rows = H.table_rows(r.text)
        self.assertIn(regno, [x[0] for x in rows])
        self.assertIn('name="q"', r.text)

    def test_sort_by_heading_and_paging_keeps_it(self):
        r = ADMIN.get("/eligibility")
        links = H.sort_links(r.text)
        for col in ("No. registrasi", "Nama", "Lokasi", "Status", "Memenuhi sejak"):
            self.assertIn(col, links)
        r = ADMIN.get(links["Nama"])
        self.assertStatus(r, 200)
        names = [x[1] for x in H.table_rows(r.text)]
        self.assertGreater(len(names), 10)
        self.assertEqual(names, sorted(names, key=ascii_key))
        self.assertIn('aria-sort="ascending"', r.text)
        # the same heading now turns the order round
        r2 = ADMIN.get(H.sort_links(r.text)["Nama"])
        names2 = [x[1] for x in H.table_rows(r2.text)]
        self.assertEqual(names2, sorted(names2, key=ascii_key, reverse=True))
        self.assertNotEqual(names[0], names2[0])
        # the next page keeps the order and continues it
        nxt = [p for p in pager_links(r2.text) if "page=2" in p]
        self.assertTrue(nxt, "a second page")
        self.assertIn("sort=name", nxt[0])
        self.assertIn("dir=desc", nxt[0])
        r3 = ADMIN.get(nxt[0])
        names3 = [x[1] for x in H.table_rows(r3.text)]
        self.assertLessEqual(ascii_key(names3[0]), ascii_key(names2[-1]))
        self.assertEqual(names3, sorted(names3, key=ascii_key, reverse=True))

    def test_search_and_sort_together_in_paging_and_api(self):
        r = ADMIN.get("/eligibility?q=a&sort=regno&dir=desc")
        self.assertStatus(r, 200)
        regnos = [x[0] for x in H.table_rows(r.text)]
        self.assertEqual(regnos, sorted(regnos, key=ascii_key, reverse=True))
        for p in pager_links(r.text):
            self.assertIn("q=a", p)
            self.assertIn("sort=regno", p)
        j = ADMIN.get("/api/v1/eligibility?q=a&sort=regno&dir=desc&per_page=20").json()
        self.assertEqual([it["wbp"] for it in j["items"]], regnos[:20])
        # a sort key outside the whitelist is the default order, not an error
        self.assertStatus(ADMIN.get("/eligibility?sort=name;drop"), 200)


class EntityLists(H.BekalTest):
    def check_list(self, base, nrows_min=2):
        r = ADMIN.get(base)
        self.assertStatus(r, 200)
        links = H.sort_links(r.text)
        self.assertIn("WBP", links, "the inmate column sorts")
        asc = ADMIN.get(links["WBP"])
        self.assertStatus(asc, 200)
        desc = ADMIN.get(H.sort_links(asc.text)["WBP"])
        self.assertIn("dir=desc", H.sort_links(asc.text)["WBP"])
        a, d = H.table_rows(asc.text), H.table_rows(desc.text)
        self.assertGreaterEqual(len(a), nrows_min)
        self.assertEqual([x[0] for x in a], [x[0] for x in reversed(d)])
        return a

    def search(self, base, wid):
        regno, name = H.wbp_row(wid)
        for q in (name.split()[-1].lower(), regno):
            r = ADMIN.get(base + "?q=" + quote(q))
            self.assertStatus(r, 200)
            rows = H.table_rows(r.text)
            self.assertTrue(rows, q)
            self.assertTrue(any(name in x[0] for x in rows), (q, rows))
        self.assertIn("Cari nama / no. registrasi WBP", ADMIN.get(base).text)

    def test_releases(self):
        self.check_list("/releases")
        self.search("/releases", H.db_one("SELECT min(wbp_id) FROM wbp_release WHERE site_id = 1"))

    def test_usulan(self):
        self.check_list("/usulan")
        self.search("/usulan", H.db_one("SELECT min(wbp_id) FROM usulan WHERE site_id = 1"))


class Certificates(H.BekalTest):
    def test_search_by_number_name_regno(self):
        num, holder, regno = H.db_query(
            "SELECT c.number, c.holder_name, w.regno FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
            "JOIN wbp w ON w.id = e.wbp_id ORDER BY c.id LIMIT 1")[0]
        for q in (num, holder.split()[0], regno):
            r = ADMIN.get("/certificates?q=" + quote(q))
            self.assertStatus(r, 200)
            self.assertIn(num, [x[0] for x in H.table_rows(r.text)], q)

    def test_sort_by_columns(self):
        r = ADMIN.get("/certificates")
        links = H.sort_links(r.text)
        for col in ("Nomor", "Peserta", "Kejuruan", "Terbit", "Status"):
            self.assertIn(col, links)
        a = H.table_rows(ADMIN.get(links["Nomor"]).text)
        d = H.table_rows(ADMIN.get(links["Nomor"] + "&dir=desc").text)
        self.assertGreaterEqual(len(a), 2)
        self.assertEqual([x[0] for x in a], [x[0] for x in reversed(d)])
        j = ADMIN.get("/api/v1/certificates?sort=number&dir=desc").json()
        self.assertEqual([it["number"] for it in j["items"]], [x[0] for x in d])


class Selects(H.BekalTest):
    def test_long_select_is_plain_and_script_served(self):
        r = ADMIN.get("/releases/new")
        self.assertStatus(r, 200)
        m = re.search(r'<select id="f-wbp_id" name="wbp_id"[^>]*>(.*?)</select>', r.text, re.S)
        self.assertTrue(m, "a plain select of the inmates")
        self.assertGreater(m.group(1).count("<option"), 300)
        self.assertIn('<script src="/static/select.js" defer', r.text)
        js = S.client().get("/static/select.js")   # public, like the style sheet
        self.assertStatus(js, 200)
        self.assertTrue(js.header("Content-Type").startswith("text/javascript"))
        self.assertIn("select-filter", js.text)
        self.assertNotIn("http", js.text)   # nothing fetched from elsewhere

    def test_duplicate_product_names_told_apart(self):
        dup = H.db_query("SELECT product FROM production WHERE site_id = 1 GROUP BY product HAVING count(*) > 1")
        self.assertTrue(dup, "the demo has a product made twice")
        r = ADMIN.get("/sales/new")
        self.assertStatus(r, 200)
        m = re.search(r'<select id="f-production_id"[^>]*>(.*?)</select>', r.text, re.S)
        self.assertTrue(m)
        labels = [html.unescape(x) for x in re.findall(r"<option value=\"\d+\"[^>]*>(.*?)</option>", m.group(1))]
        self.assertTrue(any(lbl.startswith(dup[0][0]) for lbl in labels))
        self.assertEqual(len(labels), len(set(labels)), "every option distinct")


class Links(H.BekalTest):
    def test_wali_sees_no_sale_link(self):
        wid = H.db_one("SELECT min(p.wbp_id) FROM premi_ledger p JOIN caseload c ON c.wbp_id = p.wbp_id "
                       "AND c.ended_on IS NULL JOIN app_user u ON u.id = c.user_id AND u.name = 'wali' "
                       "WHERE p.sale_id IS NOT NULL")
        self.assertIsNotNone(wid, "an inmate of the wali's caseload paid from a sale")
        wid = int(wid)
        self.assertIn('href="/sales/', ADMIN.get("/wbp/%d" % wid).text)
        w = S.client()
        w.login("wali")
        r = w.get("/wbp/%d" % wid)
        self.assertStatus(r, 200)
        self.assertNotIn('href="/sales/', r.text)
        receipt = H.db_one("SELECT s.receipt_no FROM premi_ledger p JOIN sale s ON s.id = p.sale_id "
                           "WHERE p.wbp_id = ? ORDER BY p.id DESC LIMIT 1", (wid,))
        self.assertIn(html.escape(receipt), r.text)


if __name__ == "__main__":
    H.main()
