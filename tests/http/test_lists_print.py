#!/usr/bin/env python3
"""test_lists_print.py — what issue 25 still lacked after session 9, on the demo database:

* /releases/due searches by name and registration number, sorts by its column headings
  (ascending, then descending; plain links), keeps months, q and sort together, and has
  the print view and both exports of exactly the filtered rows; the API takes q and sort.
* The printouts' filter line names each parameter by its label and each coded value by
  its name, in the reader's language (no "q =", "status =", no raw codes).
* A list has one way to print and export (the "Print · CSV · XLSX" line); the raw-data
  CSV (every stored field and code) is a labelled link on that line, not a second
  "Unduh CSV" button.
* Print and export stop at a row cap (BEKAL_EXPORT_MAX_ROWS; here 5): the print view
  says the list was cut, a file carries X-Bekal-Rows-Cut.
* A completion reason stored in Indonesian before the reasons were coded is shown in
  English to an English reader, and as stored to an Indonesian one.

  BEKAL_BIN=build/asan/bekal BEKAL_TEST_DB=/tmp/x.db python3 tests/http/test_lists_print.py
"""
import csv
import html
import io
import re

import harness as H


def setUpModule():
    H.setup_db()
    global S, ADMIN, EN
    S = H.start_server()
    ADMIN = S.client()
    ADMIN.login("admin")
    # the language is the account's: an admin of every site who reads English
    sites = ",".join(r[0] for r in H.db_query("SELECT code FROM site ORDER BY id"))
    EN = S.client()
    EN.login(H.add_user(H.uniq("en").lower(), "admin", sites))
    r = EN.post_form("/lang", {"lang": "en", "next": "/"})
    assert r.status in (302, 303), r.status


def tearDownModule():
    H.stop_servers()


def csv_rows(data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def filter_line(text):
    """The print view's filter line (the first paragraph after the title)."""
    m = re.search(r"</h1>\s*<p>(.*?)</p>", text, re.S)
    return html.unescape(m.group(1)) if m else ""


class ReleasesDue(H.BekalTest):
    def rows(self, params, client=None):
        r = (client or ADMIN).get("/releases/due", params)
        self.assertStatus(r, 200)
        return H.table_rows(r.text), r.text

    def test_search_sort_print_export(self):
        rows, text = self.rows({"months": "3"})
        self.assertGreaterEqual(len(rows), 3, "the demo has releases due within 3 months")
        # search form and sortable headings, no script needed
        self.assertIn('action="/releases/due"', text)
        links = H.sort_links(text)
        for head in ("Nama", "No. registrasi", "Tanggal bebas", "Lokasi"):
            self.assertIn(head, links)
        # sort by name, ascending then descending
        by_name, _ = self.rows({"months": "3", "sort": "name"})
        names = [r[2] for r in by_name]
        self.assertEqual(names, sorted(names, key=str.casefold))
        self.assertEqual(len(by_name), len(rows))
        desc, text_desc = self.rows({"months": "3", "sort": "name", "dir": "desc"})
        self.assertEqual([r[2] for r in desc], list(reversed(names)))
        self.assertIn('aria-sort="descending"', text_desc)
        # the default order is the release date
        dates = [r[0] for r in rows]
        self.assertEqual(len(dates), len(rows))
        # search by a part of a name (any case) and by a registration number
        target = rows[len(rows) // 2]
        part = target[2].split()[0][:4].lower()
        found, ftext = self.rows({"months": "3", "q": part, "sort": "name"})
        self.assertTrue(found and all(part in r[2].lower() or part in r[1].lower() for r in found), found)
        self.assertLessEqual(len(found), len(rows))
        self.assertIn(target[2], [r[2] for r in found])
        self.assertIn('value="%s"' % html.escape(part), ftext)
        # the sort heading keeps months and q
        keep = H.sort_links(ftext)["Nama"]
        self.assertIn("q=" + part, keep)
        self.assertIn("months=3", keep)
        one, _ = self.rows({"months": "3", "q": target[1]})
        self.assertEqual([r[1] for r in one], [target[1]])
        none, ntext = self.rows({"months": "3", "q": "zzzz-tidak-ada"})
        self.assertEqual(none, [])
        self.assertIn("Tidak ada data yang cocok.", ntext)
        # print view and exports: exactly the filtered rows, in the list's order
        q = {"months": "3", "q": part, "sort": "name"}
        pr = ADMIN.get("/releases/due", dict(q, print=1))
        self.assertStatus(pr, 200)
        self.assertNotIn('<nav class="menu', pr.text)
        self.assertEqual([r[2] for r in H.table_rows(pr.text)], [r[2] for r in found])
        head, data = csv_rows(ADMIN.get("/releases/due", dict(q, export="csv")).body)
        self.assertEqual(head[:3], ["Lokasi", "No. registrasi", "Nama"])
        self.assertEqual([r[2] for r in data], [r[2] for r in found])
        xl = ADMIN.get("/releases/due", dict(q, export="xlsx"))
        self.assertStatus(xl, 200)
        self.assertTrue(xl.body.startswith(b"PK"))
        self.assertIn('href="/releases/due?months=3&amp;q=%s&amp;sort=name&amp;print=1"' % part, ftext)
        # the API takes the same q and sort
        api = ADMIN.get("/api/v1/releases/due", q)
        self.assertStatus(api, 200)
        self.assertEqual([x["name"] for x in api.json()["items"]], [r[2] for r in found])
        bad = ADMIN.get("/releases/due", {"q": "x" * 101})
        self.assertStatus(bad, 400)


class FilterLine(H.BekalTest):
    def test_labels_and_value_names(self):
        # the WBP register: search and status
        pr = EN.get("/wbp", {"q": "a", "status": "ditahan", "print": "1"})
        self.assertStatus(pr, 200)
        line = filter_line(pr.text)
        self.assertIn("Search = a", line)
        self.assertIn("Status = Inside the prison", line)
        for raw in ("q =", "status =", "ditahan"):
            self.assertNotIn(raw, line)
        pr = ADMIN.get("/wbp", {"q": "a", "status": "ditahan", "print": "1"})
        self.assertIn("Saringan: Pencarian = a, Status = Di dalam Lapas", filter_line(pr.text))
        # an entity list: the field's label and the enum's name
        pr = EN.get("/enrolments", {"status": "ditempatkan", "print": "1"})
        self.assertStatus(pr, 200)
        line = filter_line(pr.text)
        self.assertIn("Status = ", line)
        self.assertNotIn("status =", line)
        self.assertNotIn("ditempatkan", line)
        # the screening: what it shows and the reason by their names
        pr = EN.get("/eligibility", {"show": "not", "reason": "masa_pidana", "print": "1"})
        self.assertStatus(pr, 200)
        line = filter_line(pr.text)
        self.assertIn("Not yet eligible", line)
        for raw in ("show =", "reason =", "masa_pidana", "not,"):
            self.assertNotIn(raw, line)
        # the releases due: the months by their label
        line = filter_line(EN.get("/releases/due", {"months": "2", "print": "1"}).text)
        self.assertNotIn("months =", line)
        self.assertIn("= 2", line)


class OneWayToExport(H.BekalTest):
    def test_raw_csv_is_labelled_on_the_line(self):
        for path, raw in (("/wbp", "/wbp.csv"), ("/enrolments", "/enrolments.csv"),
                          ("/eligibility", "/eligibility.csv"), ("/not-proposed", "/not-proposed.csv")):
            text = ADMIN.get(path, {"q": "a"}).text
            self.assertNotIn("Unduh CSV", text, path)
            line = text.split('class="list-out actions"', 1)[1].split("</p>", 1)[0]
            self.assertIn("print=1", line, path)
            self.assertIn("export=csv", line, path)
            m = re.search(r'class="raw-csv" href="([^"]+)"[^>]*>([^<]+)<', line)
            self.assertTrue(m, path)
            self.assertTrue(html.unescape(m.group(1)).startswith(raw + "?"), m.group(1))
            self.assertIn("q=a", m.group(1))
            self.assertIn("Data mentah", m.group(2))
            self.assertStatus(ADMIN.get(html.unescape(m.group(1))), 200)
        text = EN.get("/wbp").text
        self.assertNotIn("Download CSV", text)
        self.assertIn("Raw data (CSV", text)


class RowCap(H.BekalTest):
    def test_print_and_export_stop_at_the_cap(self):
        s = H.start_server(env={"BEKAL_EXPORT_MAX_ROWS": "5"})
        c = s.client()
        c.login("admin")
        pr = c.get("/wbp", {"print": "1"})
        self.assertStatus(pr, 200)
        self.assertEqual(len(H.table_rows(pr.text)), 5)
        self.assertIn("dipotong pada 5 baris", pr.text)
        ex = c.get("/wbp", {"export": "csv"})
        self.assertEqual(ex.header("X-Bekal-Rows-Cut"), "5")
        self.assertEqual(len(csv_rows(ex.body)[1]), 5)
        for path in ("/enrolments", "/releases/due", "/eligibility"):
            ex = c.get(path, {"export": "csv"})
            self.assertStatus(ex, 200)
            self.assertEqual(len(csv_rows(ex.body)[1]), 5, path)
            self.assertEqual(ex.header("X-Bekal-Rows-Cut"), "5", path)
        # a list within the cap is whole and says nothing
        regno = H.db_one("SELECT regno FROM wbp ORDER BY id LIMIT 1")
        one = c.get("/wbp", {"q": regno, "export": "csv"})
        self.assertIsNone(one.header("X-Bekal-Rows-Cut"))
        # the default cap leaves the demo's lists whole
        ex = ADMIN.get("/wbp", {"export": "csv"})
        self.assertIsNone(ex.header("X-Bekal-Rows-Cut"))
        listed = int(re.search(r'aria-live="polite">(\d+)', ADMIN.get("/wbp").text).group(1))
        self.assertGreater(listed, 5)
        self.assertEqual(len(csv_rows(ex.body)[1]), listed)


class OldCompletionReasons(H.BekalTest):
    OLD = ("Tidak lulus. Kehadiran 70% (56 dari 80 JP) di bawah minimum 80%. 8 JP izin dan sakit tidak "
           "dihitung. 1 dari 3 unit kompetensi belum kompeten: J.620900.002.01 (belum kompeten), unit ke-3 "
           "(belum dinilai).")

    def test_shown_in_the_readers_language(self):
        ev_id, enr = H.db_query("SELECT id, enrolment_id FROM enrolment_event ORDER BY id LIMIT 1")[0]
        H.db_exec("UPDATE enrolment_event SET reason = ? WHERE id = ?", (self.OLD, ev_id))
        en = EN.get("/enrolments/%s" % enr)
        self.assertStatus(en, 200)
        text = html.unescape(en.text)
        self.assertNotIn("Tidak lulus. Kehadiran", text)
        self.assertIn("Failed. Attendance 70% (56 of 80 JP) is below the minimum of 80%.", text)
        self.assertNotIn("belum kompeten", text)
        idn = html.unescape(ADMIN.get("/enrolments/%s" % enr).text)
        self.assertIn(self.OLD, idn)
        # a reason a person typed stays as typed, marked Indonesian
        H.db_exec("UPDATE enrolment_event SET reason = ? WHERE id = ?", ("Tidak lulus karena sakit panjang", ev_id))
        en = EN.get("/enrolments/%s" % enr)
        self.assertIn('lang="id">Tidak lulus karena sakit panjang', en.text)


if __name__ == "__main__":
    H.main()
