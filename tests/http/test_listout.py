"""test_listout.py — charts and print (issue 25), on the demo database:

* Every paged list answers ?print=1 with all its filtered rows on one page (no menu,
  no pager, no forms) and ?export=csv|xlsx with the same rows; the filter the list
  page takes is respected (the counts equal the list's own "N found" and the
  database's count); an unknown export is 400. Lists: the WBP register, an entity
  list (enrolments, with a small per_page so there are several pages), certificates,
  the screening and the "tidak diusulkan" list.
* The dashboard's charts: every <text> of every SVG becomes a box (DejaVu Sans
  advance widths, rotation applied); no two boxes intersect, none leaves the canvas.
* The monthly report's PDF: pdftotext finds every word of every table header and
  cell (as the dashboard shows them) whole: no word is broken across lines.
"""
import csv
import html
import io
import math
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile

import harness as H

MONTH = H.TODAY.strftime("%Y-%m")


def setUpModule():
    H.setup_db()
    global SERVER, C
    SERVER = H.start_server()
    C = SERVER.client()
    C.login("admin")


def tearDownModule():
    H.stop_servers()


def found(text):
    """The count in the list's "N ... ditemukan." / "N ... cocok" line."""
    m = re.search(r'aria-live="polite">(\d+)', text)
    assert m, text[:3000]
    return int(m.group(1))


def print_rows(text):
    body = text.split('<tbody>', 1)[1].split('</tbody>', 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def csv_rows(data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def xlsx_rows(data, first_head):
    """The rows under the header row (whose first cell is first_head) of the workbook's sheet."""
    z = zipfile.ZipFile(io.BytesIO(data))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    sst = [html.unescape(re.sub(r"<[^>]+>", "", si))
           for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
    rows = re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet, re.S)
    for k, (num, cells) in enumerate(rows):
        m = re.search(r'<c r="A\d+"[^>]*t="s"[^>]*><v>(\d+)</v>', cells)
        if m and sst[int(m.group(1))] == first_head:
            return len(rows) - k - 1
    raise AssertionError("no header row %r" % first_head)


class ListOut(H.BekalTest):
    def whole(self, path, query, count=None, min_pages=2, check=None):
        """The list at path?query, its print view and both exports: every filtered row."""
        page = C.get(path + "?" + query)
        self.assertStatus(page, 200)
        n = found(page.text)
        if count is not None:
            self.assertEqual(n, count)
        per = int(dict(p.split("=") for p in query.split("&") if "=" in p).get("per_page", 50))
        self.assertGreaterEqual(n, per * (min_pages - 1) + 1, "the list should need %d pages" % min_pages)
        self.assertIn("print=1", page.text)
        self.assertIn("export=xlsx", page.text)
        pr = C.get(path + "?" + query + "&print=1")
        self.assertStatus(pr, 200)
        rows = print_rows(pr.text)
        self.assertEqual(len(rows), n)
        for tag in ("<nav", 'class="pager"', "<form", 'class="top"'):
            self.assertNotIn(tag, pr.text)
        self.assertIn('href="/static/app.css"', pr.text)
        cv = C.get(path + "?" + query + "&export=csv")
        self.assertStatus(cv, 200)
        self.assertIn("text/csv", cv.header("Content-Type"))
        head, body = csv_rows(cv.body)
        self.assertEqual(len(body), n)
        xl = C.get(path + "?" + query + "&export=xlsx")
        self.assertStatus(xl, 200)
        self.assertEqual(xlsx_rows(xl.body, head[0]), n)
        if check:
            for r in body:
                check(head, r)
        return n, head, body

    def test_wbp(self):
        status = H.db_query("SELECT status, COUNT(*) FROM wbp GROUP BY status ORDER BY 2 DESC LIMIT 1")[0][0]
        n, head, body = self.whole("/wbp", "status=%s&per_page=20" % status)
        self.assertLess(n, found(C.get("/wbp").text))  # the filter narrows the export too
        col = head.index("Status")
        self.assertEqual(len({r[col] for r in body}), 1)
        # a search narrows the same way in the page and the exports
        name = H.db_one("SELECT name FROM wbp WHERE status = ? ORDER BY id LIMIT 1", (status,))
        word = name.split()[0]
        page = C.get("/wbp?" + "q=%s&status=%s" % (word, status))
        cv = C.get("/wbp?q=%s&status=%s&export=csv" % (word, status))
        self.assertEqual(len(csv_rows(cv.body)[1]), found(page.text))
        self.assertLess(found(page.text), n)

    def test_entity_list(self):
        total = int(H.db_one("SELECT COUNT(*) FROM enrolment"))
        self.assertGreater(total, 10)
        self.whole("/enrolments", "per_page=5")
        st = H.db_query("SELECT status, COUNT(*) FROM enrolment GROUP BY status ORDER BY 2 DESC LIMIT 1")[0]
        self.whole("/enrolments", "status=%s&per_page=3" % st[0], count=int(st[1]))

    def test_certificates(self):
        want = int(H.db_one("SELECT COUNT(*) FROM certificate"))
        self.whole("/certificates", "per_page=3", count=want)

    def test_screening(self):
        page = C.get("/eligibility?show=all")
        n = found(page.text)
        pr = C.get("/eligibility?show=all&print=1")
        self.assertEqual(len(print_rows(pr.text)), n)
        self.assertGreater(n, 50)  # more than one page of 50
        cv = C.get("/eligibility?show=not&export=csv")
        self.assertEqual(len(csv_rows(cv.body)[1]), found(C.get("/eligibility?show=not").text))
        xl = C.get("/eligibility?show=eligible&export=xlsx")
        self.assertEqual(xlsx_rows(xl.body, "No. registrasi"), found(C.get("/eligibility?show=eligible").text))

    def test_not_proposed(self):
        page = C.get("/not-proposed?state=semua")
        n = found(page.text)
        pr = C.get("/not-proposed?state=semua&print=1")
        self.assertEqual(len(print_rows(pr.text)), n)
        cv = C.get("/not-proposed?state=semua&per_page=1&export=csv")
        self.assertEqual(len(csv_rows(cv.body)[1]), n)

    def test_bad_export(self):
        self.assertStatus(C.get("/wbp?export=pdf"), 400)
        self.assertStatus(C.get("/enrolments?export=doc"), 400)
        self.assertStatus(C.get("/certificates?print=yes"), 400)


# DejaVu Sans advance widths of ASCII 32..126 in thousandths of an em; 1 em beyond.
DV = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
      636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656,
      557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613,
      635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818,
      592, 592, 525, 636, 337, 636, 838]


def text_w(s, size=11.0):
    return sum(DV[ord(ch) - 32] if 32 <= ord(ch) < 127 else 1000 for ch in s) * size / 1000.0


def boxes(svg):
    """Every line of text of an SVG chart as four corners."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    out = []
    for t in root.iter(ns + "text"):
        anchor = t.get("text-anchor", "start")
        deg, cx, cy = 0.0, 0.0, 0.0
        m = re.match(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)", t.get("transform", ""))
        if m:
            deg, cx, cy = map(float, m.groups())
        lines = []
        spans = list(t.iter(ns + "tspan"))
        if spans:
            y = float(t.get("y"))
            for s in spans:
                y += float(s.get("dy", "0"))
                lines.append((float(s.get("x")), y, s.text or ""))
        else:
            lines.append((float(t.get("x")), float(t.get("y")), t.text or ""))
        for x, y, s in lines:
            w = text_w(s)
            x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
            pts = [(x0, y - 9), (x0 + w, y - 9), (x0 + w, y + 3), (x0, y + 3)]
            a = math.radians(deg)
            pts = [(cx + (px - cx) * math.cos(a) - (py - cy) * math.sin(a),
                    cy + (px - cx) * math.sin(a) + (py - cy) * math.cos(a)) for px, py in pts]
            out.append((s, pts))
    return out


def overlap(p, q):
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y1 - y2, x2 - x1
            ln = math.hypot(nx, ny)
            if not ln:
                continue
            a = [(x * nx + y * ny) / ln for x, y in p]
            b = [(x * nx + y * ny) / ln for x, y in q]
            if max(a) <= min(b) + 0.5 or max(b) <= min(a) + 0.5:
                return False
    return True


class Charts(H.BekalTest):
    def test_dashboard_labels(self):
        checked = 0
        kanwil = SERVER.client()
        kanwil.login("kanwil")
        for cl, query in ((C, "month=" + MONTH), (kanwil, "region=1&month=" + MONTH)):
            page = cl.get("/dashboard?" + query)
            self.assertStatus(page, 200)
            svgs = re.findall(r"<svg xmlns=.*?</svg>", page.text, re.S)
            self.assertTrue(svgs)
            for svg in svgs:
                m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
                W, H_ = float(m.group(1)), float(m.group(2))
                bx = boxes(svg)
                for i, (s, p) in enumerate(bx):
                    for x, y in p:
                        self.assertTrue(-0.5 <= x <= W + 0.5 and -0.5 <= y <= H_ + 0.5,
                                        "label %r leaves the %gx%g canvas" % (s, W, H_))
                    for s2, p2 in bx[:i]:
                        self.assertFalse(overlap(p, p2), "labels %r and %r overlap" % (s2, s))
                checked += len(bx)
        self.assertGreater(checked, 20)


class MonthlyPdf(H.BekalTest):
    def test_no_broken_words(self):
        page = C.get("/dashboard?month=" + MONTH)
        cells = re.findall(r'<table class="report".*?</table>', page.text, re.S)
        self.assertTrue(cells)
        words = set()
        for t in cells:
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", t, re.S):
                c = html.unescape(re.sub(r"<[^>]+>", " ", c))
                if "(tidak ada data)" not in c:  # the page's note for an empty table; the PDF has none
                    words.update(c.split())
        r = C.get("/reports/monthly?format=pdf&month=" + MONTH)
        self.assertStatus(r, 200)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(r.body)
            f.flush()
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True,
                                  check=True).stdout.decode()
        tokens = set(text.split())
        for h in ("Lokasi", "Status"):
            self.assertIn(h, words)
        missing = sorted(w for w in words if w not in tokens)
        self.assertEqual(missing, [], "words broken or missing in the PDF")


if __name__ == "__main__":
    H.main()
