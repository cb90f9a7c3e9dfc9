"""test_i18n.py — the interface language: Indonesian by default, English from the
browser's Accept-Language (q-values honoured), the user's stored preference over
the browser (set with the header's language switch, audited, CSRF-protected), the
html lang attribute, translated dates and API errors, and the command line's
BEKAL_LANG."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

S = None


def setUpModule():
    global S
    H.setup_db()
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


class Language(H.BekalTest):
    def setUp(self):
        H.db_exec("UPDATE app_user SET lang = '' WHERE name = 'staf'")
        self.c = S.client()
        self.c.login("staf")

    def test_default_is_indonesian(self):
        r = self.c.get("/")
        self.assertStatus(r, 200)
        self.assertIn('<html lang="id">', r.text)
        self.assertIn(">Beranda</a>", r.text)
        self.assertIn(">Keluar</button>", r.text)

    def test_accept_language_english(self):
        r = self.c.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
        self.assertIn('<html lang="en">', r.text)
        self.assertIn(">Home</a>", r.text)
        self.assertIn(">Log out</button>", r.text)
        self.assertNotIn(">Beranda</a>", r.text)
        # Indonesian preferred over English by q-value
        r = self.c.get("/", headers={"Accept-Language": "en;q=0.5, id;q=0.8"})
        self.assertIn(">Beranda</a>", r.text)
        # an unsupported language falls back to Indonesian
        r = self.c.get("/", headers={"Accept-Language": "fr-FR"})
        self.assertIn(">Beranda</a>", r.text)

    def test_preference_beats_browser_and_is_audited(self):
        before = H.audit_count()
        r = self.c.post_form("/lang", {"lang": "en", "next": "/wbp"})
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/wbp")
        self.assertEqual(H.db_one("SELECT lang FROM app_user WHERE name = 'staf'"), "en")
        self.assertEqual(H.audit_count(), before + 1)
        r = self.c.get("/", headers={"Accept-Language": "id"})
        self.assertIn(">Home</a>", r.text)
        # also on a page that does not exist, or with a method a page does not take
        r = self.c.get("/no-such-page", headers={"Accept-Language": "id"})
        self.assertStatus(r, 404)
        self.assertIn("page or resource not found", r.text)
        self.assertIn(">Home</a>", r.text)
        r = self.c.request("PUT", "/wbp", b"", {"Accept-Language": "id"})
        self.assertStatus(r, 405)
        self.assertIn("method PUT is not allowed for /wbp", r.text)
        # a date is written in the interface's language
        r = self.c.post_form("/lang", {"lang": "id", "next": "//evil.example/"})
        self.assertEqual(r.header("Location"), "/", "the return address stays on this site")
        r = self.c.get("/", headers={"Accept-Language": "en"})
        self.assertIn(">Beranda</a>", r.text)

    def test_switch_needs_csrf_and_a_known_language(self):
        r = self.c.post_form("/lang", {"lang": "en"}, csrf=False)
        self.assertStatus(r, 403)
        r = self.c.post_form("/lang", {"lang": "fr"})
        self.assertStatus(r, 422)
        self.assertEqual(H.db_one("SELECT lang FROM app_user WHERE name = 'staf'") or "", "")

    def test_api_error_in_english(self):
        tok = H.token_for("staf")
        c = S.client(token=tok)
        r = c.api("GET", "/api/v1/nothing-here", headers={"Accept-Language": "en"})
        self.assertStatus(r, 404)
        self.assertEqual(r.json()["error"]["message"], "page or resource not found")
        r = c.api("GET", "/api/v1/nothing-here")
        self.assertEqual(r.json()["error"]["message"], "halaman atau sumber daya tidak ditemukan")
        r = c.api("PATCH", "/api/v1/me", headers={"Accept-Language": "en"})
        self.assertStatus(r, 405)
        self.assertEqual(r.json()["error"]["message"], "method PATCH is not allowed for /api/v1/me")
        # the API's own refusals too
        wid = H.wbp_ids("LPKTP", 1)[0]
        r = c.api("PATCH", "/api/v1/wbp/%d" % wid, {"site": "LPPTK"}, headers={"Accept-Language": "en"})
        self.assertStatus(r, 400)
        self.assertEqual(r.json()["error"]["message"], "an inmate's site cannot be changed with PATCH (use a transfer)")
        # once the caller is known, their stored preference decides (token users too)
        b = S.client(token=H.token_for("bapas"))
        r = b.api("POST", "/api/v1/wbp", {}, headers={"Accept-Language": "en"})
        self.assertStatus(r, 403)
        self.assertEqual(r.json()["error"]["message"], "role bapas is not allowed to do this")
        H.db_exec("UPDATE app_user SET lang = 'id' WHERE name = 'bapas'")
        r = b.api("POST", "/api/v1/wbp", {}, headers={"Accept-Language": "en"})
        self.assertEqual(r.json()["error"]["message"], "peran bapas tidak berwenang untuk tindakan ini")
        H.db_exec("UPDATE app_user SET lang = '' WHERE name = 'bapas'")

    def test_dates_follow_the_language(self):
        wid = H.wbp_ids("LPKTP", 1)[0]
        H.db_exec("UPDATE wbp SET detention_start = '2021-03-08' WHERE id = %d" % wid)
        r = self.c.get("/wbp/%d" % wid)
        self.assertIn("8 Maret 2021", r.text)
        self.c.post_form("/lang", {"lang": "en", "next": "/"})
        r = self.c.get("/wbp/%d" % wid)
        self.assertIn("8 March 2021", r.text)


if __name__ == "__main__":
    H.main()
