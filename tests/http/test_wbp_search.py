"""test_wbp_search.py — the WBP list's search (name or registration number contains the
text, ASCII case ignored, within the user's sites) answers exactly as the plain
substring search over the table does, on SQLite (site digests, migration 012) and on
PostgreSQL (the same digests, migration 033, with plpgsql triggers; since 037 they
also hold the fields the list page shows, and the page's rows come from them): on the demo data, after inmates are added and edited
through the API, after another program renames, renumbers, moves and deletes them
behind the application's back, and after `bekal import wbp`. The reference is
computed here from the table itself; totals and the full set of ids over all pages
must match, for a two-site kanwil user and for one site's admin."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None
TOK = {}
TEXTS = ["budi", "BUDI", "a", "an", "ti", "Sant", "wati", "/", "0", "01", "%", "_", "zq", "ZQX", "x budi",
         "qx bu", "tidak-ada-yang-begini", "d\u00e9", "\u00c9d"]


def setUpModule():
    global S
    H.setup_db()
    H.add_user("kanwil.cari", "kanwil", H.SITE_A + "," + H.SITE_B)
    for name in ("admin", "kanwil.cari"):
        TOK[name] = H.token_for(name)
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def fold(s):
    """ASCII letters to lower case, nothing else (what the search ignores)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def reference(text, sites):
    """Ids of the inmates of `sites` whose name or number contains text."""
    marks = ",".join("'%s'" % s for s in sites)
    rows = H.db_query("SELECT w.id, w.name, w.regno FROM wbp w JOIN site s ON s.id = w.site_id "
                      "WHERE s.code IN (%s)" % marks)
    t = fold(text)
    return {int(i) for i, n, r in rows if t in fold(n) or t in fold(r)}


def listed(user, text):
    """(total, ids over every page) from the API's list."""
    c = S.client(token=TOK[user])
    ids, page, total = set(), 1, None
    while True:
        r = c.api("GET", "/api/v1/wbp?per_page=200&page=%d&q=%s" % (page, H.urllib.parse.quote(text)))
        assert r.status == 200, r
        j = r.json()
        total = j["total"]
        ids |= {x["id"] for x in j["items"]}
        if len(j["items"]) < 200:
            return total, ids
        page += 1


class Search(H.BekalTest):
    def check_all(self, when):
        for user, sites in (("kanwil.cari", (H.SITE_A, H.SITE_B)), ("admin", (H.SITE_A,))):
            for text in TEXTS:
                with self.subTest(when=when, user=user, q=text):
                    want = reference(text, sites)
                    total, ids = listed(user, text)
                    self.assertEqual(total, len(want))
                    self.assertEqual(ids, want)

    def digests_complete(self):
        """Every site has its search digest again (bekal rebuilt them), on both databases."""
        self.assertEqual(int(H.db_one("SELECT count(*) FROM wbp_search_site")), int(H.db_one("SELECT count(*) FROM site")))

    def test_search_equals_plain_substring(self):
        self.check_all("demo")
        self.assertGreater(len(reference("a", (H.SITE_A,))), 10)  # the texts do find people

        # added and edited through the application
        c = S.client(token=TOK["admin"])
        made = []
        for name in ("Zqx Budi Santoso", "D\u00e9di Zqx", "ANI_50% WATI"):
            r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name=name))
            self.assertStatus(r, 201)
            made.append(r.json()["id"])
        self.assertStatus(c.api("PATCH", "/api/v1/wbp/%d" % made[1], {"name": "Tono Zqx Budiman"}), 200)
        self.assertStatus(c.api("PATCH", "/api/v1/wbp/%d" % made[0], {"regno": "ZQX/01/budi"}), 200)
        self.digests_complete()
        self.check_all("api")

        # another program writes the table directly
        other = [int(x) for x in H.wbp_ids(H.SITE_A, 12)[5:12]]
        H.db_exec("UPDATE wbp SET name = 'Budi Zqx Langsung' WHERE id = ?", (other[0],))
        H.db_exec("UPDATE wbp SET regno = 'ZQX-LANGSUNG' WHERE id = ?", (other[1],))
        site_b = H.db_one("SELECT id FROM site WHERE code = ?", (H.SITE_B,))
        H.db_exec("UPDATE wbp SET site_id = ?, regno = 'PINDAH-ZQX' WHERE id = ?", (site_b, other[2]))
        for wid in other[3:5]:
            for t in ("remisi", "discipline", "sppn"):
                H.db_exec("DELETE FROM %s WHERE wbp_id = ?" % t, (wid,))
        deleted = []
        for wid in other[3:5]:
            try:
                H.db_exec("DELETE FROM wbp WHERE id = ?", (wid,))
                deleted.append(wid)
            except Exception:  # still referenced by other records: leave it
                pass
        # the triggers dropped the digests of the sites written behind bekal's back
        # (those sites are searched the old way until bekal writes inmates again)
        self.assertLess(int(H.db_one("SELECT count(*) FROM wbp_search_site")), int(H.db_one("SELECT count(*) FROM site")))
        self.check_all("direct")

        # bekal import wbp: new rows and changed names in both sites
        regnos = [r[0] for r in H.db_query(
            "SELECT w.regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? ORDER BY w.id LIMIT 3",
            (H.SITE_A,))]
        lines = ["site,regno,name,sex,crime_category,detention_start,term_years"]
        for i, regno in enumerate(regnos):
            lines.append("%s,%s,Impor Zqx Budi %d,L,umum,2021-02-03,2" % (H.SITE_A, regno, i))
        for i in range(4):
            lines.append("%s,IMP/ZQX/%d,Wati Impor %d,P,narkotika,2022-05-06,3" % (H.SITE_B, i, i))
        path = os.path.join(tempfile.mkdtemp(prefix="bekal-search-"), "impor.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        r = H.cli("import", "wbp", path)
        self.assertEqual(r.code, 0, r)
        self.digests_complete()
        self.check_all("import")
        self.assertEqual(len(reference("impor zqx", (H.SITE_A,))), 3)

    def test_page_rows_from_digests_follow_every_shown_field(self):
        """The list page's search draws its rows from the digests (migration 037): each
        shown field (number, name, site, category, sentence, start, status) equals what
        the table gives (a status filter makes the list read the rows from the table),
        after API edits of those fields and after a change behind bekal's back."""
        c = S.client(token=TOK["admin"])
        page = S.client()
        page.login("admin")
        ids = []
        for name in ("Zqy Halaman Satu", "Zqy Halaman Dua"):
            r = c.api("POST", "/api/v1/wbp", H.valid_wbp(name=name))
            self.assertStatus(r, 201)
            ids.append(r.json()["id"])

        def rows(query):
            r = page.get("/wbp?per_page=200&q=zqy+halaman" + query)
            self.assertStatus(r, 200)
            return H.table_rows(r.text)

        def from_table():
            return sorted(rows("&status=ditahan") + rows("&status=bebas") + rows("&status=pindah"))

        first = rows("")
        self.assertEqual(len(first), 2)
        self.assertEqual(sorted(first), from_table())
        for patch in ({"crime_category": "narkotika", "term_years": 9, "term_months": 0,
                       "detention_start": "2019-02-03"}, {"status": "pindah"}):
            self.assertStatus(c.api("PATCH", "/api/v1/wbp/%d" % ids[0], patch), 200)
            self.digests_complete()
            now = rows("")
            self.assertEqual(sorted(now), from_table())
            self.assertNotEqual(now, first)
            first = now
        # another program changes a shown field: the site's digest is dropped
        H.db_exec("UPDATE wbp SET crime_category = 'korupsi' WHERE id = ?", (ids[1],))
        self.assertLess(int(H.db_one("SELECT count(*) FROM wbp_search_site")), int(H.db_one("SELECT count(*) FROM site")))
        now = rows("")
        self.assertEqual(sorted(now), from_table())
        self.assertNotEqual(now, first)


if __name__ == "__main__":
    H.main()
