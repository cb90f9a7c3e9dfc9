#!/usr/bin/env python3
"""test_dossier.py — an usulan's dossier on one form (issue 25): every document of the
checklist is a row of one form (one CSRF token, one submit) with its own fields
(present, note, scan). Each document is checked on its own and its error shown next to
it; a refused form keeps nothing; a good one writes the documents that changed, one
audit entry each, and none for the documents left as they were.

  BEKAL_BIN=build/asan/bekal BEKAL_TEST_DB=/tmp/x.db python3 tests/http/test_dossier.py
"""
import html
import re

import harness as H


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def setUpModule():
    H.setup_db()
    global S
    S = H.start_server()


def tearDownModule():
    H.stop_servers()


def doc_audits(uid):
    return int(H.db_one("SELECT count(*) FROM audit_log WHERE entity = 'usulan_document' AND entity_id IN "
                    "(SELECT id FROM usulan_document WHERE usulan_id = ?)", (uid,)) or 0)


class OneForm(H.BekalTest):
    def test_one_form_per_document_errors_and_audit(self):
        api = S.client(token=H.token_for("admin"))
        w = H.eligible_wbp(api)
        c = S.client()
        c.login("wali")
        loc = self.assertRedirect(c.post_form("/wbp/%d/usulan" % w["id"], {"form": "dalam_lapas"}), "/usulan/")
        uid = int(re.search(r"/usulan/(\d+)", loc).group(1))
        page = c.get("/usulan/%d" % uid)
        self.assertStatus(page, 200)
        codes = re.findall(r'name="present-([a-z0-9_]+)"', page.text)
        self.assertGreaterEqual(len(codes), 5, "every document of the checklist has its row")
        forms = re.findall(r'<form method="post" action="/usulan/%d/dossier".*?</form>' % uid, page.text, re.S)
        self.assertEqual(len(forms), 1, "one form for the whole dossier")
        form = forms[0]
        self.assertEqual(form.count('name="_csrf"'), 1)
        self.assertEqual(form.count('type="submit"'), 1)
        for code in codes:
            for f in ("present-", "note-", "file-"):
                self.assertIn('name="%s%s"' % (f, code), form)
        self.assertNotIn('action="/usulan/%d/documents"' % uid, page.text, "no form per document any more")

        a, b, bad = codes[0], codes[1], codes[2]
        before = doc_audits(uid)
        # one bad scan: the error stands next to its document, and nothing is kept
        r = c.post_multipart("/usulan/%d/dossier" % uid,
                             [("present-" + a, "1"), ("note-" + a, "asli"), ("present-" + bad, "1")],
                             [("file-" + b, "putusan.pdf", pdf_bytes(), "application/pdf"),
                              ("file-" + bad, "x.gif", b"GIF89a....", "image/gif")])
        self.assertStatus(r, 422)
        m = re.search(r'<span id="d-%s-err"[^>]*>(.*?)</span>' % bad, r.text)
        self.assertTrue(m, "the error next to the refused document")
        self.assertIn("PDF", html.unescape(m.group(1)))
        self.assertNotIn('id="d-%s-err"' % a, r.text)
        self.assertIn('value="asli"', r.text, "what was typed is kept")
        self.assertEqual(doc_audits(uid), before)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM usulan_document WHERE usulan_id = ?", (uid,))), 0)
        # a bad choice is reported the same way
        r = c.post_multipart("/usulan/%d/dossier" % uid, [("present-" + a, "maybe")])
        self.assertStatus(r, 422)
        self.assertIn('id="d-%s-err"' % a, r.text)

        # the good form: two documents change, one audit entry each
        r = c.post_multipart("/usulan/%d/dossier" % uid,
                             [("present-" + a, "1"), ("note-" + a, "asli"), ("present-" + bad, "0")],
                             [("file-" + b, "putusan.pdf", pdf_bytes(), "application/pdf")])
        self.assertRedirect(r, "/usulan/%d?saved=1" % uid)
        self.assertEqual(doc_audits(uid), before + 2)
        rows = {x[0]: x[1:] for x in H.db_query(
            "SELECT doc_code, present, note, size_bytes FROM usulan_document WHERE usulan_id = ?", (uid,))}
        self.assertEqual(set(rows), {a, b})
        self.assertEqual(int(rows[a][0]), 1)
        self.assertEqual(rows[a][1], "asli")
        self.assertEqual(int(rows[b][0]), 1)
        self.assertEqual(int(rows[b][2]), len(pdf_bytes()))
        page = c.get("/usulan/%d" % uid)
        self.assertIn("putusan.pdf", page.text)
        # the same form again changes nothing and writes nothing
        fields = [("present-" + x, "1" if x in (a, b) else "0") for x in codes] + [("note-" + a, "asli")]
        self.assertRedirect(c.post_multipart("/usulan/%d/dossier" % uid, fields), "/usulan/%d?saved=1" % uid)
        self.assertEqual(doc_audits(uid), before + 2)
        # without the token the form is refused
        self.assertStatus(c.post_multipart("/usulan/%d/dossier" % uid, fields, csrf=False), 403)


if __name__ == "__main__":
    H.main()
