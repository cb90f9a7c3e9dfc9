#!/usr/bin/env python3
"""i18n_pages.py — the English interface, as users see it (run by tests/i18n.sh).

Makes a demo database, starts the real binary, logs in as staf and as admin with the
interface language set to English, and walks the pages: a fixed list of the areas
(the WBP register, list/show/forms, eligibility screening, pembinaan sections, the
audit log, entity pages, training, production, releases, reports) and, from there,
the links each page offers (a few of each kind). On every page, each visible text
and each text meant for people (title, aria-label, placeholder, alt) must not be
Indonesian: a text is Indonesian when it holds one of the common words of the
interface below. Data from the database (names, places, crime details) is not the
interface and is skipped: a text equal to a stored value is not checked.

Then the pages whose text carries today's date or month (TODAY_PAGES) again at each
of the fixed dates of the harness (H.FIXED_DATES: a day in every month whose English
name differs from the Indonesian one, 29 February 2028, 31 December), each on a
server whose clock (BEKAL_NOW) is set to that date; BEKAL_TEST_DATES (a comma list,
or none) narrows them. The first walk is at the harness's today (BEKAL_TEST_TODAY).

Fails, listing the text and the page, when a text is still Indonesian: a literal
never wrapped in _(), or one whose English is missing from po/en.po.

  BEKAL_BIN=build/asan/bekal python3 tests/i18n_pages.py
"""
import glob
import html.parser
import json
import os
import re
import sqlite3
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "http"))
import harness as H  # noqa: E402

# Common words of the interface that are not English (nor loan words kept in the
# English interface: asimilasi, remisi, premi, PNBP, WBP, Lapas, Kalapas, Bapas...).
WORDS = set("""
dan yang tidak belum dengan untuk dari pada atau sudah akan ini itu oleh telah bila jika tanpa
semua simpan tambah ubah hapus kembali cari halaman tanggal nomor lokasi kategori jumlah keterangan
riwayat berikutnya sebelumnya unduh unggah terapkan batal tindakan waktu syarat memenuhi terpenuhi
tahun bulan hari mulai selesai nama jenis kelamin agama pendidikan ditahan putusan denda dibayar
baru diubah dibuat kesalahan baris kolom berkas impor ditemukan cocok pilih masuk keluar sandi
pengguna peran nilai catatan alasan tahap usulan penempatan peserta pelatihan sertifikat laporan
pembebasan penyaringan pembinaan pelanggaran hukuman disiplin sampai sejak lalu perlu harus
dapat boleh masih lagi sebagai tentang antara setelah sebelum hingga kepada bagi oleh secara
lihat cetak rincian daftar ringkasan tersimpan disimpan dihapus gagal berhasil kosong wajib
sisa menjalani bebas bersyarat cuti menjelang program pelatihan kejuruan mitra perjanjian
penjualan produksi pekerja barang harga pembeli lunas bayar setoran pendapatan bagian
kehadiran hadir izin sakit alpa lulus kompeten tindak lanjut pekerjaan alamat telepon
ya tidak bukan
januari februari maret mei juni juli agustus oktober desember
senin selasa rabu kamis jumat sabtu minggu
""".split()) - {"program"}

MAX_PER_KIND = 2     # pages of the same shape (digits replaced) visited per user
MAX_PAGES = 260


class Text(html.parser.HTMLParser):
    """Visible texts (and texts in title/aria-label/placeholder/alt attributes) of a
    page, skipping script/style/code (file formats, settings keys) and anything marked lang="id" (the language switch).
    Also collects the same-site links."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.links, self.cur = [], [], [], []

    def skipping(self):
        return any(t in ("script", "style", "code") or lid for t, lid in self.stack)

    def flush(self):
        s = " ".join("".join(self.cur).split())
        if s:
            self.texts.append(s)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.flush()
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
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


def rule_texts():
    """Every text of the rule files (rules/*.json): rules are data, like the database."""
    out = set()

    def walk(v):
        if isinstance(v, str):
            out.add(" ".join(v.split()))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for f in glob.glob(os.path.join(H.ROOT, "rules", "*.json")):
        with open(f, encoding="utf-8") as fh:
            walk(json.load(fh))
    return out


def stored_values(db):
    """Every text stored in the database (the data shown on pages)."""
    con = sqlite3.connect(db)
    out = rule_texts()
    for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        cols = [r[1] for r in con.execute('PRAGMA table_info("%s")' % t)]
        for c in cols:
            for (v,) in con.execute('SELECT DISTINCT "%s" FROM "%s" WHERE typeof("%s") = \'text\' LIMIT 5000' % (c, t, c)):
                if v and len(v) < 5000:
                    out.add(" ".join(v.split()))
    con.close()
    return out


def indonesian(text, data):
    if text in data or re.fullmatch(r"[\w./-]+", text):  # data, or an identifier (a code, a file name)
        return False
    if not any(w.lower() in WORDS for w in re.findall(r"[A-Za-z]+", text)):
        return False
    # the data inside a text (e.g. "Nama (REG/1)") is not the interface
    rest = text
    for d in sorted((d for d in data if len(d) > 3 and d in text), key=len, reverse=True)[:20]:
        rest = rest.replace(d, " ")
    rest = re.sub(r'"[^"]*"|\S*[_/]\S*', " ", rest)  # quoted values, codes and paths inside a text
    return any(w.lower() in WORDS for w in re.findall(r"[A-Za-z]+", rest))


def kind(path):
    return re.sub(r"\d+", "N", path.split("?")[0])


SEEDS = ["/", "/wbp", "/wbp?sort=regno&dir=desc", "/wbp?q=zzzz-nothing", "/wbp/new", "/wbp/import",
         "/eligibility", "/audit", "/partners", "/agreements", "/kejuruan", "/programs", "/placement",
         "/usulan", "/certificates", "/releases", "/releases/due", "/followups/overdue", "/dashboard",
         "/reports", "/sales", "/productions", "/production-units", "/pnbp-deposits", "/verify",
         "/wbp/999999999"]
SKIP = re.compile(r"\.(csv|pdf|xlsx|svg|png|json)(\?|$)|^/api/|/document|/logout|/static/|/receipt")


# The pages whose text carries today's date or month: walked again (without following
# their links) at each of the harness's fixed dates (H.FIXED_DATES), each on its own
# server whose clock is set to that date, over the same demo database.
TODAY_PAGES = ["/", "/dashboard", "/eligibility", "/releases/due", "/followups/overdue", "/reports",
               "/reports/monthly", "/reports/pnbp-outstanding", "/reports/revenue", "/reports/pnbp",
               "/reports/premi", "/tpp", "/placement", "/programs", "/agreements", "/usulan", "/sales"]


def walk(server, user, data, problems, seen_kinds, seeds=SEEDS, follow=True, when=""):
    c = server.client()
    c.login(user)
    r = c.post_form("/lang", {"lang": "en", "next": "/"})
    assert r.status in (302, 303), "POST /lang: %r" % r
    todo, seen, count = list(seeds), set(), 0
    while todo and count < MAX_PAGES:
        p = todo.pop(0)
        if p in seen or SKIP.search(p):
            continue
        seen.add(p)
        k = (user, kind(p))
        if seen_kinds.get(k, 0) >= MAX_PER_KIND:
            continue
        seen_kinds[k] = seen_kinds.get(k, 0) + 1
        r = c.get(p)
        if not (r.header("Content-Type") or "").startswith("text/html"):
            continue
        count += 1
        t = Text()
        t.feed(r.text)
        t.flush()
        if not follow and r.status != 200:
            problems.append("%s%s %s: HTTP %d" % (when, user, p, r.status))
        if 'lang="en"' not in r.text[:300]:
            problems.append("%s%s %s: the page is not in English (<html lang>)" % (when, user, p))
        for s in t.texts:
            if indonesian(s, data):
                problems.append("%s%s %s: %s" % (when, user, p, s[:160]))
        if not follow:
            continue
        for href in t.links:
            u = urllib.parse.urlparse(href)
            if u.scheme or u.netloc or not u.path.startswith("/"):
                continue
            q = u.path + ("?" + u.query if u.query else "")
            if q not in seen:
                todo.append(q)
    return count


def main():
    H.setup_db()
    server = H.start_server()
    problems, seen_kinds, pages = [], {}, 0
    try:
        data = stored_values(H.DB)
        for user in ("staf", "admin"):
            pages += walk(server, user, data, problems, seen_kinds)
        server.stop()
        dates = H.FIXED_DATES if os.environ.get("BEKAL_TEST_DATES", "all") == "all" else \
            [d for d in os.environ["BEKAL_TEST_DATES"].split(",") if d and d != "none"]
        for d in dates:
            H.set_today(d)
            s = H.start_server()
            pages += walk(s, "staf", data, problems, {}, TODAY_PAGES, follow=False, when="(today %s) " % d)
            s.stop()
    finally:
        H.stop_servers()
    uniq = list(dict.fromkeys(problems))
    if uniq:
        print("i18n: %d Indonesian text(s) in the English interface (%d pages):" % (len(uniq), pages))
        print("\n".join("  " + p for p in uniq))
        sys.exit(1)
    print("i18n: %d pages in English, no Indonesian text left" % pages)


if __name__ == "__main__":
    main()
