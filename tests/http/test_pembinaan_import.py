#!/usr/bin/env python3
"""`bekal import remisi|discipline|sppn FILE.csv`: all-or-nothing, idempotent,
errors name line and column, and the imported records change the eligibility answer."""
import json
import os
import tempfile

import harness as H


class PembinaanImport(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        H.setup_db()
        cls.tmp = tempfile.mkdtemp(prefix="bekal-pi-")
        row = H.db_query("SELECT regno FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP' "
                         "AND w.status = 'ditahan' AND w.legal_class = 'narapidana' ORDER BY w.id LIMIT 1")
        cls.regno = row[0][0]

    def write(self, name, text):
        p = os.path.join(self.tmp, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def count(self, table):
        return int(H.db_one("SELECT count(*) FROM %s" % table))

    def test_remisi_import_is_idempotent_and_moves_the_expiry(self):
        before = json.loads(H.cli("eligibility", "--wbp", self.regno, "--site", "LPKTP", "--at", "2026-11-28").out)
        p = self.write("r.csv", "regno,kind,months,days,granted_date,decree_no\n"
                                "%s,tambahan,1,10,2026-01-05,SK-T1\n" % self.regno)
        n0, a0 = self.count("remisi"), H.audit_count()
        r = H.cli("import", "remisi", p, "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.count("remisi"), n0 + 1)
        self.assertEqual(H.audit_count(), a0 + 1)
        r = H.cli("import", "remisi", p, "--site", "LPKTP")
        self.assertEqual(r.code, 0, r)
        self.assertIn("1 tidak berubah", r.out)
        self.assertEqual(self.count("remisi"), n0 + 1)
        after = json.loads(H.cli("eligibility", "--wbp", self.regno, "--site", "LPKTP", "--at", "2026-11-28").out)
        if before["dates"]:
            self.assertLess(after["dates"]["expiry"], before["dates"]["expiry"])

    def test_bad_rows_write_nothing_and_name_line_and_column(self):
        p = self.write("s.csv", "regno;month;score\n%s;2026-13;50\nTIDAK-ADA;2026-01;50\n%s;2026-02;101\n"
                       % (self.regno, self.regno))
        n0 = self.count("sppn")
        r = H.cli("import", "sppn", p, "--site", "LPKTP")
        self.assertEqual(r.code, 1, r)
        self.assertIn("baris 2, kolom month", r.err)
        self.assertIn("baris 3, kolom regno", r.err)
        self.assertIn("baris 4, kolom score", r.err)
        self.assertEqual(self.count("sppn"), n0)

    def test_unknown_kind_and_column(self):
        self.assertEqual(H.cli("import", "hukuman", "x.csv").code, 2)
        p = self.write("d.csv", "regno,offence,level,decision_date,warna\n%s,x,berat,2026-01-01,merah\n" % self.regno)
        r = H.cli("import", "discipline", p, "--site", "LPKTP")
        self.assertEqual(r.code, 1, r)
        self.assertIn("warna", r.err)


if __name__ == "__main__":
    H.main()
