#!/usr/bin/env python3
"""test_english_walk.py — the strict English walk (issue 25): an officer who reads the
interface in English finds no Indonesian text outside the records people typed.

Unlike tests/i18n_pages.py (which follows links and leaves the rule files' texts and
every stored value alone), this walk takes every page route of the route table
(`bekal routes --format json`: each GET route that answers HTML; an {id} route with the
demo's first row of its table at the user's site) and reads each as admin and as wali
with English chosen. A text is Indonesian when, after what people typed is taken out of
it, a word of MARKERS is left. What people typed is every text stored in the demo's
tables except the texts the program writes itself (SYSTEM_WRITTEN: placement reasons,
the audit log's images, ...): those, and the rule files' texts (document names, chain
states, reason labels), must reach the English reader in English. A raw key (`month3`,
`tidak_lulus`) in a visible text fails too.

Then a sample of bad API requests with Accept-Language: en: every error message must be
English. Database-independent (runs once, on SQLite).

  BEKAL_BIN=build/asan/bekal BEKAL_TEST_DB=/tmp/x.db python3 tests/http/test_english_walk.py
"""
import glob
import html
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

# Indonesian words of the interface that are not English nor loan words the English
# interface keeps (asimilasi, remisi, premi, PNBP, WBP, Lapas, Kalapas, Bapas, usulan,
# kejuruan, wali, TPP, PKS, SPPN...).
MARKERS = set("""
dan yang tidak belum sudah dengan untuk dari pada atau akan ini itu oleh telah bila jika tanpa
semua simpan tambah ubah hapus kembali cari halaman tanggal nomor lokasi kategori jumlah keterangan
riwayat berikutnya sebelumnya unduh unggah terapkan batal tindakan waktu syarat memenuhi terpenuhi
tahun bulan hari mulai selesai nama jenis kelamin agama pendidikan ditahan putusan denda dibayar
baru diubah dibuat kesalahan baris kolom berkas impor ditemukan cocok pilih masuk keluar sandi
pengguna peran nilai catatan alasan tahap penempatan peserta pelatihan sertifikat laporan
pembebasan penyaringan pembinaan pelanggaran hukuman disiplin sampai sejak lalu perlu harus
dapat boleh masih lagi sebagai tentang antara setelah sebelum hingga kepada bagi secara
lihat cetak rincian daftar ringkasan tersimpan disimpan dihapus gagal berhasil kosong wajib
sisa menjalani bebas bersyarat cuti menjelang mitra perjanjian
penjualan produksi pekerja barang harga pembeli lunas bayar setoran pendapatan bagian
kehadiran hadir izin sakit alpa lulus kompeten lanjut pekerjaan alamat telepon
kuota prioritas penuh menunggu diterima ditolak disetujui dibatalkan lengkap surat keputusan
diusulkan diajukan pengajuan dokumen persetujuan berlaku
ditempatkan draf direkomendasikan ditetapkan dicabut mengundurkan terdaftar kandidat
januari februari maret mei juni juli agustus oktober desember
senin selasa rabu kamis jumat sabtu minggu
""".split())

# Texts the program writes itself into the database, shown to readers: not "typed by
# people", so they must be in the reader's language (table, column).
SYSTEM_WRITTEN = {("enrolment", "reason"), ("enrolment_event", "reason"), ("audit_log", "before_json"),
                  ("audit_log", "after_json"), ("wbp_date_correction", "inputs"), ("certificate", "content"),
                  ("sync_change", "payload"), ("schema_migrations", "name"), ("sqlite_sequence", "name")}
# ...except the placement reasons an officer typed when overriding (enrolment.overridden = 1).

# A raw key: a word with digits glued to lowercase letters (month3) anywhere, or a
# whole text that is one snake_case code (a status "tidak_lulus" shown as it is stored;
# a file's column names in a sentence that explains the file are meant).
RAW_KEY = re.compile(r"(?<![\w/.#=-])[a-z]+[0-9]+(?![\w/.-])")
RAW_CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")

# {id} routes: the table whose first row at the user's site they show (the route's
# {id} is that row's id). A new page route with {id} must be added here.
ID_TABLES = {
    "/wbp/{id}": "wbp", "/wbp/{id}/edit": "wbp", "/wbp/{id}/premi/statement": "wbp",
    "/access-log/{id}": "access_log", "/audit/{id}": "audit_log",
    "/partners/{id}": "partner", "/partners/{id}/edit": "partner",
    "/agreements/{id}": "agreement", "/agreements/{id}/edit": "agreement",
    "/agreements/{id}/scorecard": "agreement",
    "/agreement-parties/{id}/edit": "agreement_party", "/agreement-quotas/{id}/edit": "agreement_quota",
    "/kejuruan/{id}": "kejuruan", "/kejuruan/{id}/edit": "kejuruan", "/competency-units/{id}/edit": "competency_unit",
    "/programs/{id}": "program", "/programs/{id}/edit": "program", "/programs/{id}/training": "program",
    "/programs/{id}/results": "program",
    "/caseloads/{id}": "caseload", "/caseloads/{id}/edit": "caseload",
    "/releases/{id}": "wbp_release", "/followups/{id}/edit": "followup",
    "/production-units/{id}": "production_unit", "/production-units/{id}/edit": "production_unit",
    "/revenue-splits/{id}/edit": "revenue_split",
    "/productions/{id}": "production", "/productions/{id}/edit": "production",
    "/production-workers/{id}/edit": "production_worker",
    "/sales/{id}": "sale", "/sales/{id}/edit": "sale", "/sale-items/{id}/edit": "sale_item",
    "/pnbp-deposits/{id}": "pnbp_deposit", "/pnbp-deposits/{id}/edit": "pnbp_deposit",
    "/phases/{id}": "agreement_quota", "/phases/{id}/assess": "agreement_quota",
    "/phases/{id}/assessments/import": "agreement_quota", "/phases/{id}/placement": "agreement_quota",
    "/assessments/{id}": "assessment", "/enrolments/{id}": "enrolment", "/enrolments/{id}/training": "enrolment",
    "/usulan/{id}": "usulan",
    "/sessions/{id}": "training_session", "/sessions/{id}/edit": "training_session",
    "/certificates/{id}": "certificate",
    "/holidays/{id}": "holiday", "/holidays/{id}/edit": "holiday",
}
# Page routes that need a query to show anything.
QUERY = {"/users/edit": "/users/edit?name=staf"}
# Not pages: files and downloads (CSV, PDF, XLSX, scanned documents).
NOT_PAGES = re.compile(r"\.(csv|pdf|xlsx|css|js|json)$|/pdf$|/document$|^/agreement-documents/|^/usulan-documents/"
                       r"|^/healthz$|^/login$")

# More rows of the demo whose pages carry the program's own explanations: the first
# enrolment the placement explained, the first usulan with a document, the first
# inmate with a date correction, a withdrawn enrolment.
EXTRA = [
    ("/enrolments/%s", "SELECT min(id) FROM enrolment WHERE site_id = 1 AND reason <> '' AND overridden = 0"),
    ("/enrolments/%s", "SELECT min(id) FROM enrolment WHERE site_id = 1 AND status = 'ditolak'"),
    ("/enrolments/%s", "SELECT min(id) FROM enrolment WHERE site_id = 1 AND status = 'mundur'"),
    ("/wbp/%s", "SELECT min(wbp_id) FROM wbp_date_correction WHERE site_id = 1"),
    ("/wbp/%s", "SELECT min(wbp_id) FROM enrolment WHERE site_id = 1 AND status = 'selesai'"),
    ("/wbp/%s", "SELECT min(wbp_id) FROM wbp_release WHERE site_id = 1"),
    ("/wbp/%s", "SELECT min(wbp_id) FROM wbp_exclusion WHERE site_id = 1"),
    ("/wbp/%s", "SELECT min(wbp_id) FROM usulan WHERE site_id = 1"),
    ("/usulan/%s", "SELECT max(id) FROM usulan WHERE site_id = 1"),
    # an inmate of the wali's caseload whose premi came from a sale: the wali may not open sales
    ("/wbp/%s", "SELECT min(p.wbp_id) FROM premi_ledger p JOIN caseload c ON c.wbp_id = p.wbp_id AND c.ended_on IS NULL "
                "JOIN app_user u ON u.id = c.user_id AND u.name = 'wali' WHERE p.sale_id IS NOT NULL"),
    ("/programs/%s/results", "SELECT max(program_id) FROM enrolment WHERE site_id = 1 AND status = 'selesai'"),
    ("/releases/%s", "SELECT max(id) FROM wbp_release WHERE site_id = 1"),
    ("/audit?entity=enrolment", None),
    ("/eligibility?status=all", None),
    ("/eligibility?status=soon", None),
]

# The rule files' codes (rules/<code>.json): names of files, shown as such.
RULE_CODES = sorted((os.path.basename(f)[:-5] for f in glob.glob(os.path.join(H.ROOT, "rules", "*.json"))),
                    key=len, reverse=True)

# Known and not yet fixed: nothing now (issue 25 coded the completion rule's details).
# A pattern here is listed, not failed, only with BEKAL_WALK_LENIENT=1; the walk is
# strict by default.
KNOWN = [re.compile(x) for x in (
)] if os.environ.get("BEKAL_WALK_LENIENT") == "1" else []

S = None
TYPED = set()
PAGES = []


class Text(html.parser.HTMLParser):
    """Visible texts of a page (and title/aria-label/placeholder/alt texts), without
    script, style and code, nor anything marked lang="id" (the language switch)."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.cur = [], [], []

    def skipping(self):
        return any(t in ("script", "style", "code", "textarea") or lid for t, lid in self.stack)

    def flush(self):
        s = " ".join("".join(self.cur).split())
        if s:
            self.texts.append(s)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.flush()
        if not self.skipping() and a.get("lang") != "id":
            for k in ("title", "aria-label", "placeholder", "alt"):
                if a.get(k):
                    self.texts.append(a[k])
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
        if tag not in self.VOID:
            self.stack.append((tag, a.get("lang") == "id"))

    def handle_endtag(self, tag):
        self.flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skipping():
            self.cur.append(data)


def typed_values():
    """Every text people typed into the demo's database (names, notes, places...): all
    stored texts but SYSTEM_WRITTEN."""
    out = set()
    tables = [r[0] for r in H.db_query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        for row in H.db_query('PRAGMA table_info("%s")' % t):
            c = row[1]
            if (t, c) in SYSTEM_WRITTEN:
                continue
            for (v,) in H.db_query('SELECT DISTINCT "%s" FROM "%s" WHERE typeof("%s") = \'text\'' % (c, t, c)):
                if v and len(v) < 5000:
                    out.add(" ".join(v.split()))
    # ...but an officer's own words: a placement made by hand, a withdrawal's note
    for (v,) in H.db_query("SELECT DISTINCT reason FROM enrolment WHERE overridden = 1 OR status = 'mundur' "
                           "UNION SELECT DISTINCT reason FROM enrolment_event WHERE to_status = 'mundur'"):
        if v:
            out.add(" ".join(v.split()))
    return out


def problems_in(text):
    """What in a visible text is Indonesian, or a raw key (a list of strings)."""
    if text in TYPED:
        return []
    rest = text
    for d in sorted((d for d in TYPED if len(d) > 3 and d in text), key=len, reverse=True)[:30]:
        rest = rest.replace(d, " ")
    if RAW_CODE.fullmatch(text):
        return ["raw code"]
    rest = re.sub(r"https?://\S+", " ", rest)
    for code in RULE_CODES:
        rest = rest.replace(code, " ")
    rest = re.sub(r'"[^"]*"', " ", rest)   # a quoted value: what an officer types ("ya" or "tidak" in a file)
    out = []
    words = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"\S*[_/]\S*", " ", rest)) if w.lower() in MARKERS]
    if words:
        out.append("Indonesian (%s)" % ", ".join(sorted(set(w.lower() for w in words))))
    keys = RAW_KEY.findall(rest)
    if keys:
        out.append("raw key (%s)" % ", ".join(sorted(set(keys))))
    return out


def page_routes():
    r = H.cli("routes", "--format", "json", db=None)
    assert r.code == 0, r
    return [x for x in json.loads(r.out) if x["method"] == "GET" and not x["pattern"].startswith("/api/")
            and "public" not in x["roles"] and not NOT_PAGES.search(x["pattern"])]


def setUpModule():
    global S, TYPED, PAGES
    H.setup_db()
    S = H.start_server()
    TYPED = typed_values()
    PAGES = page_routes()


def tearDownModule():
    H.stop_servers()


class EnglishWalk(H.BekalTest):
    maxDiff = None

    def walk(self, user, role, strict):
        c = S.client()
        c.login(user)
        r = c.post_form("/lang", {"lang": "en", "next": "/"})
        self.assertIn(r.status, (302, 303))
        paths, missing = [], []
        for rt in PAGES:
            if role not in rt["roles"]:
                continue
            p = rt["pattern"]
            if "{id}" in p:
                if p not in ID_TABLES:
                    missing.append(p)
                    continue
                rid = H.db_one("SELECT min(id) FROM %s WHERE site_id = 1" % ID_TABLES[p])
                if rid is None:
                    continue   # no such row in the demo (an agreement's scanned document)
                p = p.replace("{id}", str(rid))
            paths.append(QUERY.get(p, p))
        for p, sql in EXTRA:
            if sql is None:
                paths.append(p)
                continue
            rid = H.db_one(sql)
            if rid is not None:
                paths.append(p % rid)
        self.assertEqual(missing, [], "page routes with {id} the walk does not know (add them to ID_TABLES)")
        found, pages_html = [], []
        for p in dict.fromkeys(paths):
            r = c.get(p)
            if r.status == 200 and (r.header("Content-Type") or "").startswith("text/html"):
                pages_html.append((p, r.text))
            if strict and r.status != 200:
                found.append("%s %s: HTTP %d" % (user, p, r.status))
            if not (r.header("Content-Type") or "").startswith("text/html"):
                continue
            if '<html lang="en"' not in r.text[:300]:
                found.append("%s %s: not English (<html lang>)" % (user, p))
            t = Text()
            t.feed(r.text)
            t.flush()
            for s in t.texts:
                for what in problems_in(s):
                    found.append("%s %s: %s: %s" % (user, p, what, s[:200]))
        found += self.forbidden_links(c, user, pages_html)
        found = list(dict.fromkeys(found))
        known = [f for f in found if any(k.search(f) for k in KNOWN)]
        found = [f for f in found if f not in known]
        if known:
            print("\n  known, not yet English (%d): e.g. %s" % (len(known), known[0][:160]), file=sys.stderr)
        if found:
            self.fail("\n%d problem(s) on %d pages:\n  %s" % (len(found), len(paths), "\n  ".join(found)))

    def forbidden_links(self, c, user, pages_html):
        """Issue 25: a page shows a link only when the role may open it. Every link of
        every page walked (one per shape: numbers taken as one) must not answer 403."""
        shapes, out = {}, []
        for page, text in pages_html:
            for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', text):
                href = html.unescape(href)
                if not href.startswith("/") or href.startswith("//"):
                    continue
                path = href.split("#")[0]
                if not path:
                    continue
                shape = re.sub(r"\d+", "N", path.split("?")[0])
                shapes.setdefault(shape, (page, path))
        for shape, (page, path) in sorted(shapes.items()):
            r = c.get(path)
            if r.status == 403:
                out.append("%s %s: link to %s answers 403" % (user, page, path))
        return out

    def test_admin(self):
        self.walk("admin", "admin", True)

    def test_wali(self):
        self.walk("wali", "wali", False)


# Bad requests (method, path, body): each answers an error whose message must be English.
BAD_API = [
    ("GET", "/api/v1/nothing-here", None),
    ("GET", "/api/v1/wbp/999999999", None),
    ("GET", "/api/v1/wbp?limit=abc", None),
    ("POST", "/api/v1/wbp", {}),
    ("POST", "/api/v1/wbp", {"regno": "", "name": ""}),
    ("POST", "/api/v1/wbp", "not json"),
    ("PATCH", "/api/v1/wbp/{wbp}", {"birth_date": "2020-13-45"}),
    ("PATCH", "/api/v1/wbp/{wbp}", {"nosuchfield": 1}),
    ("POST", "/api/v1/wbp/{wbp}/transfer", {"to_site": "NOPE", "date": "x"}),
    ("POST", "/api/v1/wbp/{wbp}/exclusions", {}),
    ("POST", "/api/v1/wbp/{wbp}/date-corrections", {}),
    ("POST", "/api/v1/wbp/{wbp}/date-corrections", {"field": "expiry", "date": "2020-01-01", "reason": "nope"}),
    ("POST", "/api/v1/partners", {}),
    ("POST", "/api/v1/agreements", {"title": ""}),
    ("POST", "/api/v1/programs", {}),
    ("POST", "/api/v1/releases", {}),
    ("POST", "/api/v1/releases", {"wbp_id": 999999999, "kind": "nope", "release_date": "x"}),
    ("POST", "/api/v1/sales", {}),
    ("POST", "/api/v1/productions", {}),
    ("POST", "/api/v1/pnbp-deposits", {"amount": -1}),
    ("POST", "/api/v1/usulan", {}),
    ("POST", "/api/v1/usulan", {"wbp_id": "{wbp}"}),
    ("POST", "/api/v1/caseloads", {}),
    ("POST", "/api/v1/holidays", {"holiday_date": "nope"}),
    ("GET", "/api/v1/eligibility?months=999", None),
    ("GET", "/api/v1/reports/monthly?month=2020-13", None),
    ("GET", "/api/v1/dashboard?month=nope", None),
    ("GET", "/api/v1/releases/due?months=9", None),
    ("GET", "/api/v1/productions?month=nope", None),
    ("POST", "/api/v1/enrolments/999999999/withdraw", {}),
    ("POST", "/api/v1/usulan/999999999/advance", {}),
]


class EnglishApiErrors(H.BekalTest):
    def test_errors_in_english(self):
        c = S.client(token=H.token_for("admin"))
        wid = str(H.wbp_ids(H.SITE_A, 1)[0])
        found, errors = [], 0
        for method, path, body in BAD_API:
            path = path.replace("{wbp}", wid)
            if isinstance(body, dict):
                body = {k: (int(wid) if v == "{wbp}" else v) for k, v in body.items()}
            if isinstance(body, str):
                r = c.api(method, path, raw=body.encode(), headers={"Accept-Language": "en"})
            else:
                r = c.api(method, path, body, headers={"Accept-Language": "en"})
            if os.environ.get("WALK_DEBUG"):
                print(method, path, r.status, r.text[:200])
            if r.status < 400:
                continue
            errors += 1
            try:
                err = r.json()["error"]
            except Exception:  # noqa: BLE001
                found.append("%s %s: HTTP %d without a JSON error" % (method, path, r.status))
                continue
            texts = [err.get("message") or ""]
            for d in err.get("details") or err.get("fields") or []:
                if isinstance(d, dict):
                    texts += [v for v in d.values() if isinstance(v, str)]
            for s in texts:
                for what in problems_in(s):
                    found.append("%s %s (%d): %s: %s" % (method, path, r.status, what, s))
        self.assertGreater(errors, len(BAD_API) // 2, "most of the sample is refused")
        if found:
            self.fail("\n  " + "\n  ".join(found))


if __name__ == "__main__":
    H.main()
