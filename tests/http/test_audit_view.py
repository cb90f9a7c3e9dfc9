"""test_audit_view.py — plain language (issue 25): the audit log as a readable list of
changes, one time zone per site, and the placement page in an officer's words.

* An update of an inmate shows on /audit as "field label: before → after" (before is
  what the row's previous entry left), with the record named by the inmate's name and
  the kind's human name, not a table key; the raw JSON is on the entry's details page.
* The list is searchable by record, user and date, sortable, paged; its print view and
  CSV carry the whole filtered list.
* The site setting site.time_zone (WIB, WITA, WIT; admin, audited) changes every time
  shown: the same entry reads 14.05 WIB and 16.05 WIT. A zone that is none of the three
  is refused.
* A list or CSV of many entries names each by its own record: the child records of
  several inmates, interleaved, each carry their inmate's name and their own changes;
  entries of two sites in different zones each show their site's time.
* The placement page explains itself without "Deferred acceptance", and its count of
  changes is the number on its button.
"""
import csv
import datetime
import io
import re

import harness as H

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


def setUpModule():
    H.setup_db()
    global SERVER, ADMIN
    SERVER = H.start_server()
    ADMIN = SERVER.client()
    ADMIN.login("admin")


def tearDownModule():
    H.stop_servers()


def shown(at_iso, hours, zone):
    """The server's rendering of UTC time at_iso in a zone hours east of UTC."""
    t = datetime.datetime.strptime(at_iso[:16], "%Y-%m-%dT%H:%M") + datetime.timedelta(hours=hours)
    return "%d %s %d %02d.%02d %s" % (t.day, BULAN[t.month - 1], t.year, t.hour, t.minute, zone)


def plain(html):
    """The page's text without its tags."""
    return re.sub(r"<[^>]+>", "", html)


def set_zone(value, site=H.SITE_A):
    return ADMIN.post_form("/settings", {"name": "site.time_zone", "site": site, "effective_from": H.day(-1),
                                         "value": value, "note": "uji zona"})


class ReadableLog(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        w = H.valid_wbp(name="Audit Sebelum " + H.uniq("A"))
        r = ADMIN.api("POST", "/api/v1/wbp", w)
        assert r.status == 201, r
        cls.wid = r.json()["id"]
        cls.old = w["name"]
        cls.new = "Audit Sesudah " + H.uniq("B")
        r = ADMIN.api("PATCH", "/api/v1/wbp/%d" % cls.wid, {"name": cls.new})
        assert r.status == 200, r
        cls.entry = H.db_query("SELECT id, at FROM audit_log WHERE entity = 'wbp' AND entity_id = ? "
                               "ORDER BY id DESC LIMIT 1", (cls.wid,))[0]

    def test_change_reads_before_and_after(self):
        r = ADMIN.get("/audit", {"entity": "wbp", "record_id": str(self.wid)})
        self.assertStatus(r, 200)
        # the update: the field's label, what it was and what it became
        self.assertIn("Nama: %s → %s" % (self.old, self.new), plain(r.text))
        # the record by its kind and the inmate's name, not "wbp #id"
        self.assertIn("WBP — %s" % self.new, r.text)
        self.assertNotIn("wbp #%d" % self.wid, r.text)
        # the create: every field new
        self.assertIn("Nama: — → %s" % self.old, plain(r.text))
        # no raw JSON on the list; it is behind the entry's link
        self.assertNotIn('{"regno"', r.text)
        self.assertIn('href="/audit/%s"' % self.entry[0], r.text)
        d = ADMIN.get("/audit/%s" % self.entry[0])
        self.assertStatus(d, 200)
        self.assertIn("<details>", d.text)
        self.assertIn("&quot;name&quot;:&quot;%s&quot;" % self.new, d.text)
        self.assertIn("%s → %s" % (self.old, self.new), plain(d.text))
        # another site's admin does not see it
        other = SERVER.client()
        other.login("admin.ptk")
        self.assertStatus(other.get("/audit/%s" % self.entry[0]), 404)

    def test_search_sort_page_print_csv(self):
        r = ADMIN.get("/audit", {"q": self.new})
        self.assertIn(self.new, r.text)
        self.assertNotIn("Tidak ada entri.", r.text)
        r = ADMIN.get("/audit", {"q": "tidak-ada-" + H.uniq("Z")})
        self.assertIn("Tidak ada entri.", r.text)
        r = ADMIN.get("/audit", {"user": "admin", "q": self.new})
        self.assertIn(self.new, r.text)
        r = ADMIN.get("/audit", {"user": "wali", "q": self.new})
        self.assertIn("Tidak ada entri.", r.text)
        # by date: the entry's day in the site's zone, and the day after it
        local = (datetime.datetime.strptime(self.entry[1][:16], "%Y-%m-%dT%H:%M") + datetime.timedelta(hours=7)).date()
        r = ADMIN.get("/audit", {"q": self.new, "from": local.isoformat(), "to": local.isoformat()})
        self.assertIn(self.new, r.text)
        nxt = (local + datetime.timedelta(days=1)).isoformat()
        r = ADMIN.get("/audit", {"q": self.new, "from": nxt})
        self.assertIn("Tidak ada entri.", r.text)
        # sorted oldest first: the create comes before the update
        t = plain(ADMIN.get("/audit", {"entity": "wbp", "record_id": str(self.wid), "sort": "1"}).text)
        self.assertLess(t.index("— → %s" % self.old), t.index("%s → %s" % (self.old, self.new)))
        t = plain(ADMIN.get("/audit", {"entity": "wbp", "record_id": str(self.wid), "sort": "0"}).text)
        self.assertGreater(t.index("— → %s" % self.old), t.index("%s → %s" % (self.old, self.new)))
        # paged: 50 rows a page and a link to the next
        r = ADMIN.get("/audit")
        self.assertEqual(r.text.count('href="/audit/'), 50)
        self.assertIn("/audit?page=2", r.text)
        # print view and CSV: the whole filtered list, not one page
        total = int(H.db_one("SELECT count(*) FROM audit_log WHERE site_id IN (SELECT site_id FROM user_site u "
                             "JOIN app_user a ON a.id = u.user_id WHERE a.name = 'admin') AND entity = 'wbp'"))
        self.assertGreater(total, 50)
        p = ADMIN.get("/audit", {"entity": "wbp", "print": "1"})
        self.assertEqual(p.text.count('href="/audit/'), min(total, 5000))
        self.assertNotIn("/audit?page=2", p.text)
        c = ADMIN.get("/audit.csv", {"entity": "wbp", "record_id": str(self.wid)})
        self.assertStatus(c, 200)
        rows = list(csv.reader(io.StringIO(c.text.lstrip("\ufeff"))))
        self.assertIn([str(self.entry[0])], [[row[0]] for row in rows[1:]])
        self.assertTrue(any(row[7] == "Nama" and row[8] == self.old and row[9] == self.new for row in rows[1:]), rows)
        c = ADMIN.get("/audit.csv", {"entity": "wbp"})
        self.assertEqual(len({row[0] for row in csv.reader(io.StringIO(c.text.lstrip("\ufeff")))}) - 1, total)

    def test_page_is_not_wider_than_the_screen(self):
        r = ADMIN.get("/audit")
        # the table sits in a scrolling box, and no cell holds an unbroken JSON image
        self.assertIn('<div class="scroll"><table class="audit">', r.text)
        self.assertIsNone(re.search(r"<code>\{", r.text))


class TimeZone(H.BekalTest):
    def test_zone_setting_changes_times_shown(self):
        wid, at = H.db_query("SELECT entity_id, at FROM audit_log WHERE entity = 'wbp' AND site_id = 1 "
                             "ORDER BY id DESC LIMIT 1")[0]
        r = ADMIN.get("/audit", {"entity": "wbp", "record_id": str(wid)})
        self.assertIn(shown(at, 7, "WIB"), r.text)
        self.assertIn("(waktu WIB)", r.text)
        n0 = H.audit_count()
        self.assertIn(set_zone("WIT").status, (200, 303))
        try:
            self.assertEqual(H.audit_count(), n0 + 1, "the setting is audited")
            r = ADMIN.get("/audit", {"entity": "wbp", "record_id": str(wid)})
            self.assertIn(shown(at, 9, "WIT"), r.text)
            self.assertNotIn(shown(at, 7, "WIB"), r.text)
            # the inmate's page shows the same zone in its history
            self.assertIn(shown(at, 9, "WIT"), ADMIN.get("/wbp/%s" % wid).text)
            # a zone that is none of WIB, WITA, WIT is refused
            bad = set_zone("UTC")
            self.assertStatus(bad, 422)
            self.assertIn("WIB, WITA atau WIT", bad.text)
        finally:
            self.assertIn(set_zone("WIB").status, (200, 303))
        self.assertIn(shown(at, 7, "WIB"), ADMIN.get("/audit", {"entity": "wbp", "record_id": str(wid)}).text)


class ManyEntries(H.BekalTest):
    def test_child_records_of_several_inmates_named_each(self):
        tag = H.uniq("Banyak")
        wids, names = [], {}
        for k in range(3):
            w = H.valid_wbp(name="Audit %s %d" % (tag, k))
            r = ADMIN.api("POST", "/api/v1/wbp", w)
            self.assertStatus(r, 201)
            wids.append(r.json()["id"])
            names[r.json()["id"]] = "%s — %s" % (w["regno"], w["name"])
        # interleaved: inmate 0, 1, 2, 0, 1, 2, ...
        for i in range(3):
            for k, wid in enumerate(wids):
                self.assertStatus(ADMIN.api("POST", "/api/v1/wbp/%d/remisi" % wid,
                                            {"kind": "umum", "months": i + 1, "granted_date": H.day(-40 + i),
                                             "decree_no": "SK/%s/%d/%d" % (tag, k, i)}), 201)
        owner = {str(rid): int(wid) for rid, wid in H.db_query("SELECT id, wbp_id FROM remisi WHERE decree_no LIKE ?",
                                                           ("SK/%s/%%" % tag,))}
        self.assertEqual(len(owner), 9)
        c = ADMIN.get("/audit.csv", {"q": tag, "entity": "remisi"})
        self.assertStatus(c, 200)
        rows = list(csv.reader(io.StringIO(c.text.lstrip("\ufeff"))))[1:]
        self.assertEqual({row[5] for row in rows}, set(owner))
        for row in rows:
            # the inmate's name on every row of the entry; its own values
            self.assertEqual(row[6], names[owner[row[5]]], row)
        decrees = {(row[5], row[9]) for row in rows if row[7] == "Nomor SK"}
        self.assertEqual(len(decrees), 9, rows)
        for rid, decree in decrees:
            k = wids.index(owner[rid])
            self.assertTrue(decree.startswith("SK/%s/%d/" % (tag, k)), (rid, decree))
        months = sorted(row[9] for row in rows if row[7] == "Bulan")
        self.assertEqual(months, ["1", "1", "1", "2", "2", "2", "3", "3", "3"])
        # the list page: the same names, each entry once
        t = plain(ADMIN.get("/audit", {"q": tag, "entity": "remisi"}).text)
        for wid in wids:
            self.assertEqual(t.count("Remisi — " + names[wid]), 3, t)

    def test_two_sites_two_zones_in_one_list(self):
        tag = H.uniq("Zona")
        ptk = SERVER.client()
        ptk.login("admin.ptk")
        made = {}
        for c, site in ((ADMIN, H.SITE_A), (ptk, H.SITE_B)):
            r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name="Audit %s %s" % (tag, site)))
            self.assertStatus(r, 201)
            made[site] = r.json()["id"]
        self.assertIn(ptk.post_form("/settings", {"name": "site.time_zone", "site": H.SITE_B, "effective_from": H.day(-1),
                                                  "value": "WIT", "note": "uji zona"}).status, (200, 303))
        try:
            kanwil = SERVER.client()
            kanwil.login("kanwil")
            c = kanwil.get("/audit.csv", {"q": tag, "entity": "wbp"})
            self.assertStatus(c, 200)
            rows = list(csv.reader(io.StringIO(c.text.lstrip("\ufeff"))))[1:]
            for site, hours, zone in ((H.SITE_A, 7, "WIB"), (H.SITE_B, 9, "WIT")):
                eid, at = H.db_query("SELECT id, at FROM audit_log WHERE entity = 'wbp' AND entity_id = ? "
                                     "AND action = 'create'", (made[site],))[0]
                times = {row[1] for row in rows if row[0] == str(eid)}
                self.assertEqual(times, {shown(at, hours, zone)}, rows)
            t = kanwil.get("/audit", {"q": tag, "entity": "wbp"}).text
            self.assertIn(shown(at, 9, "WIT"), t)
        finally:
            self.assertIn(ptk.post_form("/settings", {"name": "site.time_zone", "site": H.SITE_B,
                                                      "effective_from": H.day(-1), "value": "WIB",
                                                      "note": "uji zona"}).status, (200, 303))


class PlacementWords(H.BekalTest):
    def test_placement_page_in_plain_words(self):
        c = SERVER.client()
        c.login("staf")
        c.post_form("/lang", {"lang": "id", "next": "/"})  # the account's language is kept: start in Indonesian
        buttons = 0
        for (qid,) in H.db_query("SELECT id FROM agreement_quota WHERE site_id = 1 ORDER BY id"):
            r = c.get("/phases/%s/placement" % qid)
            self.assertStatus(r, 200)
            self.assertNotIn("Deferred acceptance", r.text)
            self.assertIn("Penempatan otomatis menurut pilihan peserta dan nilainya", r.text)
            self.assertNotRegex(r.text, r"kuota 0|prioritas ke-0|urutan ke-0")
            # the rule by its title, not its code
            self.assertIn("Prioritas penempatan peserta pelatihan kerja", r.text)
            self.assertNotIn("aturan penempatan-default", r.text)
            card = re.search(r"<span>Peserta yang datanya berubah</span><b>(\d+)</b>", r.text)
            self.assertIsNotNone(card, "the count of changes")
            # the rows marked as changing are the ones counted
            marked = r.text.count("<td>pindah tempat atau status</td>") + r.text.count("<td>urutan atau alasan</td>")
            self.assertEqual(marked, int(card.group(1)))
            button = re.search(r"Konfirmasi dan simpan penempatan \((\d+) peserta berubah\)", r.text)
            if button:
                buttons += 1
                self.assertEqual(button.group(1), card.group(1), "one count of changes")
            else:
                self.assertTrue(card.group(1) == "0" or "sudah ditutup" in r.text, r.text)
        # in English, the same page in English words
        e = SERVER.client()
        e.login("staf")
        e.post_form("/lang", {"lang": "en", "next": "/"})
        r = e.get("/phases/%s/placement" % H.db_one("SELECT min(id) FROM agreement_quota WHERE site_id = 1"))
        self.assertIn("Automatic placement by the participants&#39; choices and scores", r.text)
        self.assertIn("Participants whose record changes", r.text)
        e.post_form("/lang", {"lang": "id", "next": "/"})


if __name__ == "__main__":
    H.main()
