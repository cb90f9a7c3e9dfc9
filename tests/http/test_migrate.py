#!/usr/bin/env python3
"""`bekal migrate --from sqlite:PATH --to TARGET`: a prison's SQLite file (the full demo:
programmes, placement, training, certificates, production, releases, usulan scans, plus
a scanned agreement uploaded here) moved into the test database (PostgreSQL in the
postgres run, another SQLite file otherwise). Every table of the schema is either
copied or excluded by name (guard); every copied table has rows in the source and the
same rows, references translated, in the target; idempotent per site; counts and
checksums verified; audit chain intact after; the public certificate check, the
scanned document (byte for byte) and API tokens work on a server on the target."""
import hashlib
import os
import tempfile

import harness as H

# Source rows these scopes leave out on purpose: rules for every site (migrate warns
# about them instead) and audit entries of no site (accounts).
SOURCE_SCOPE = {"setting": "site_id IS NOT NULL", "premi_policy": "site_id IS NOT NULL",
                "audit_log": "site_id IS NOT NULL AND site_id <> 0"}
IMPLICIT_REFS = {"site_id": "site", "created_by": "app_user", "updated_by": "app_user"}
# Columns ending in _id / _by that are not references to a copied row.
NOT_REFS = {("audit_log", "entity_id")}


def migrate_tables():
    """migrate's own list: {table: (how, {col: referenced table}, audit entity)}."""
    r = H.cli("migrate", "--tables", db=None)
    assert r.code == 0, r
    out = {}
    for line in r.out.splitlines():
        name, how, refs, entity = line.split("\t")
        m = {}
        if how != "tidak":
            for pair in refs.split():
                col, tab = pair.split("=")
                m[col] = tab
        out[name] = (how, m, entity)
    return out


def columns(table, db):
    if db.startswith("postgres"):
        return [r[0] for r in H.db_query("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                          "AND table_schema = current_schema() ORDER BY ordinal_position", (table,),
                                          db=db)]
    return [r[1] for r in H.db_query("PRAGMA table_info(%s)" % table, db=db)]


class Migrate(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bekal-mig-")
        cls.src = os.path.join(cls.tmp, "prison.db")
        r = H.cli("init", "--demo", db=cls.src)
        assert r.code == 0, r
        H.cli("init")  # the regional database, empty
        cls.tables = migrate_tables()
        cls.add_source_rows()

    @classmethod
    def add_source_rows(cls):
        """What the demo does not make: a scanned agreement (binary bytes, through the
        API), an API token, a late attendance correction, a site's own rules."""
        src = cls.src
        cls.pdf = b"%PDF-1.4\n" + bytes(range(256)) * 4 + os.urandom(3000) + b"\x00\r\n\xff%%EOF\n"
        s = H.start_server(db=src)
        try:
            c = s.client()
            c.login("admin")
            cls.agreement = int(H.db_one("SELECT min(id) FROM agreement", db=src))
            r = c.api("POST", "/api/v1/agreements/%d/document?file_name=pks-uji.pdf" % cls.agreement, raw=cls.pdf,
                      ctype="application/pdf")
            assert r.status in (200, 201), r
            # a scheduled transfer (issue 26): the inmate stays at the site until its date
            wid = int(H.db_one("SELECT min(w.id) FROM wbp w JOIN site t ON t.id = w.site_id WHERE t.code = 'LPKTP' "
                               "AND w.status = 'ditahan'", db=src))
            r = c.api("POST", "/api/v1/wbp/%d/transfer" % wid, {"to_site": "LPPTK", "date": H.day(30), "confirm": True})
            assert r.status == 201, r
        finally:
            s.stop()
        # a safety-threatened record (issue 20), written as the store writes it
        H.db_exec("INSERT INTO wbp_exclusion(site_id, wbp_id, kind, from_date, until_date, basis, created_at, updated_at) "
                  "SELECT site_id, id, 'keselamatan_terancam', '2024-05-01', '2024-09-01', 'Berita acara TPP (uji)', "
                  "'2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z' FROM wbp WHERE id = (SELECT min(id) FROM wbp)", db=src)
        r = H.cli("token", "create", "staf", db=src)
        assert r.code == 0, r
        cls.token = r.out.strip().split()[-1]
        H.db_exec("INSERT INTO attendance_change(site_id, attendance_id, at, user_id, from_status, to_status, "
                  "from_note, to_note, late, reason) SELECT site_id, id, '2026-01-05T03:00:00Z', updated_by, status, "
                  "'izin', '', 'surat izin', 1, 'uji migrasi' FROM attendance ORDER BY id LIMIT 1", db=src)
        H.db_exec("INSERT INTO setting(name, site_id, effective_from, value, note) SELECT 'agreement.expiring_days', "
                  "id, '2025-01-01', '60', 'aturan lokasi' FROM site WHERE code = 'LPKTP'", db=src)
        H.db_exec("INSERT INTO premi_policy(site_id, effective_from, saved_bp, basis_note, created_at, updated_at) "
                  "SELECT id, '2025-01-01', 4000, 'SK Kalapas uji', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' "
                  "FROM site WHERE code = 'LPKTP'", db=src)
        # issue 22's reversing entries: a settlement and a release reversal (rows as the store writes them)
        H.db_exec("INSERT INTO sale_reversal(site_id, sale_id, reversed_on, reason, split_id, total, premi, pnbp, "
                  "capital, created_at) SELECT s.site_id, s.id, '2026-01-06', 'uji migrasi', s.split_id, s.total, "
                  "s.premi, s.pnbp, s.capital, '2026-01-06T03:00:00Z' FROM sale s JOIN site t ON t.id = s.site_id "
                  "WHERE t.code = 'LPKTP' AND s.split_id IS NOT NULL ORDER BY s.id LIMIT 1", db=src)
        H.db_exec("INSERT INTO release_reversal(site_id, release_id, reversed_on, reason, created_at) SELECT "
                  "r.site_id, r.id, '2026-01-06', 'uji migrasi', '2026-01-06T03:00:00Z' FROM wbp_release r JOIN site t "
                  "ON t.id = r.site_id WHERE t.code = 'LPKTP' ORDER BY r.id LIMIT 1", db=src)

    def migrate(self, *extra):
        return H.cli("migrate", "--from", "sqlite:" + self.src, "--to", H.DB, *extra, db=None)

    def copied(self):
        return [t for t, (how, _, _) in self.tables.items() if how in ("salin", "penghitung", "log-audit")]

    # ---- guard: migrate knows every table and every id column ----

    def test_every_table_is_copied_or_excluded(self):
        schema = {r[0] for r in H.db_query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%'", db=self.src)}
        unknown = schema - set(self.tables)
        self.assertFalse(unknown, "tables migrate does not know (add them to mig_tables[] in src/cli/migrate.c, "
                                  "copied or excluded with a reason): %s" % sorted(unknown))
        self.assertFalse(set(self.tables) - schema, "migrate lists tables the schema lacks")
        for t in ("session", "login_failure", "schema_migrations", "migration_map", "audit_head"):
            self.assertEqual(self.tables[t][0], "tidak", t)

    def test_every_reference_column_is_mapped(self):
        for t in self.copied():
            _, refs, _ = self.tables[t]
            known = dict(IMPLICIT_REFS, **refs)
            for fk in H.db_query("PRAGMA foreign_key_list(%s)" % t, db=self.src):
                col, target = fk[3], fk[2]
                self.assertEqual(known.get(col), target, "%s.%s references %s: not in migrate's refs" % (t, col, target))
            for col in columns(t, self.src):
                if (col.endswith("_id") or col.endswith("_by")) and (t, col) not in NOT_REFS:
                    self.assertIn(col, known, "%s.%s looks like a reference migrate does not translate" % (t, col))

    # ---- the copy ----

    def canon_rows(self, table, db, side):
        """The table's copied rows as comparable tuples: references as source ids
        (target ids translated back through migration_map), sites by code, users by
        name; the database-assigned id and the audit chain columns left out."""
        how, refs, _ = self.tables[table]
        refs = dict(IMPLICIT_REFS, **refs)
        cols_all = columns(table, self.src)
        cols = [c for c in cols_all if c != "id" and not (how == "log-audit" and c in
                                                                            ("prev_hash", "hash"))]
        if (db, side) not in self.lookups:
            back = {}
            if side == "target":
                for ent, sid, tid in H.db_query("SELECT entity, source_id, target_id FROM migration_map", db=db):
                    back[(ent, tid)] = sid
            self.lookups[(db, side)] = (dict(H.db_query("SELECT id, name FROM app_user", db=db)),
                                        dict(H.db_query("SELECT id, code FROM site", db=db)), back)
        users, sites, back = self.lookups[(db, side)]
        entity_table = {e: t for t, (_, _, e) in self.tables.items()}
        sel = ", ".join(cols)
        if side == "source":
            where = SOURCE_SCOPE.get(table, "1=1")
            rows = H.db_query("SELECT %s FROM %s WHERE %s" % (sel, table, where), db=db)
        elif how == "penghitung":
            rows = H.db_query("SELECT %s FROM %s" % (sel, table), db=db)
        else:
            key = "id" if "id" in cols_all else [c for c in cols if refs.get(c) and c in
                                                               ("wbp_id", "sale_id")][0]
            rows = H.db_query("SELECT %s FROM %s WHERE %s IN (SELECT target_id FROM migration_map WHERE entity = ?)"
                              % (sel, table, key), (table,), db=db)
        out = []
        for row in rows:
            vals = dict(zip(cols, row))
            t = []
            for c in cols:
                v = vals[c]
                ref = refs.get(c)
                if table == "audit_log" and c == "entity_id":
                    ref = entity_table.get(vals["entity"])
                if v is None or ref is None or v == "0":
                    t.append(v)
                elif ref == "site":
                    t.append("site:" + sites.get(v, "?" + v))
                elif ref == "app_user":
                    t.append("user:" + users.get(v, "?" + v))
                elif side == "target":
                    t.append(back.get((ref, v), v if table == "audit_log" else "?" + v))
                else:
                    t.append(v)
            out.append(tuple("\x01" if x is None else x for x in t))
        return sorted(out)

    def test_copies_verifies_and_is_idempotent(self):
        for t in self.copied():  # the demo (and setUpClass) cover every copied table
            self.assertGreater(int(H.db_one("SELECT count(*) FROM %s WHERE %s" % (t, SOURCE_SCOPE.get(t, "1=1")),
                                            db=self.src)), 0, t)
        r = self.migrate()
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("TIDAK COCOK", r.out)
        for t in ("wbp", "certificate", "attendance", "usulan_document", "agreement_document", "premi_ledger",
                  "wbp_release", "audit_log"):
            self.assertRegex(r.out, r"\n  %s +[1-9]\d* .* cocok" % t)
        self.lookups = {}
        for t in self.copied():
            a, b = self.canon_rows(t, self.src, "source"), self.canon_rows(t, H.DB, "target")
            self.assertEqual(len(a), len(b), t)
            self.assertEqual(a, b, "table %s differs after migrate" % t)
        # same answers on both sides
        a = H.cli("eligibility", "--at", "2026-11-28", "--format", "csv", db=self.src)
        b = H.cli("eligibility", "--at", "2026-11-28", "--format", "csv")
        self.assertEqual(sorted(a.out.splitlines()), sorted(b.out.splitlines()))
        chk = H.cli("check")
        self.assertEqual(chk.code, 0, chk)
        # the copied inmates are in the list's search digests (migrate rebuilds the
        # ones its inserts dropped; both databases)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM wbp_search_site")), int(H.db_one("SELECT count(*) FROM site")))
        n_src = int(H.db_one("SELECT count(*) FROM audit_log WHERE site_id IS NOT NULL AND site_id <> 0", db=self.src))
        self.assertIn("OK: rantai log audit utuh", chk.out)
        self.assertGreaterEqual(int(H.db_one("SELECT count(*) FROM audit_log")), n_src + 2)
        # a second run copies nothing
        counts = {t: int(H.db_one("SELECT count(*) FROM %s" % t)) for t in self.copied()}
        audit_before = H.audit_count()
        r2 = self.migrate()
        self.assertEqual(r2.code, 0, r2)
        self.assertIn("Lokasi LPKTP: 0 baris disalin", r2.out)
        self.assertIn("Lokasi LPPTK: 0 baris disalin", r2.out)
        self.assertNotIn("TIDAK COCOK", r2.out)
        for t in self.copied():
            if t != "audit_log":
                self.assertEqual(int(H.db_one("SELECT count(*) FROM %s" % t)), counts[t], t)
        self.assertEqual(H.audit_count(), audit_before + 2)  # one "migrate" entry per site
        self.assertEqual(H.cli("check").code, 0)
        # the regional server: users log in with the same password, the WBP history
        # shows the prison's entries, the scanned agreement is the same bytes, the API
        # token works, and the public certificate check answers
        s = H.start_server()
        c = s.client()
        c.login("staf")
        self.assertStatus(c.get("/wbp"), 200)
        aid = int(H.db_one("SELECT target_id FROM migration_map WHERE entity = 'agreement' AND source_id = %d"
                           % self.agreement))
        doc = c.get("/agreements/%d/document" % aid)
        self.assertStatus(doc, 200)
        self.assertEqual(hashlib.sha256(doc.body).hexdigest(), hashlib.sha256(self.pdf).hexdigest())
        self.assertEqual(doc.body, self.pdf)
        api = s.client(token=self.token)
        self.assertStatus(api.get("/api/v1/wbp"), 200)
        num, code = H.db_query("SELECT number, verify_code FROM certificate WHERE status = 'valid' ORDER BY id "
                               "LIMIT 1", db=self.src)[0]
        v = s.client().get("/verify/" + num)
        self.assertStatus(v, 200)
        self.assertIn("SAH", v.text)
        v = s.client().get("/verify?kode=" + code)  # the code travels with the certificate
        self.assertStatus(v, 200)
        self.assertIn(H.db_one("SELECT holder_name FROM certificate WHERE number = ?", (num,), db=self.src), v.text)
        self.assertStatus(s.client().get("/verify/9999/TIDAK/ADA"), 404)

    def test_verification_catches_a_changed_row(self):
        self.migrate()
        wid = int(H.db_one("SELECT max(target_id) FROM migration_map WHERE site_code = 'LPPTK' AND entity = 'wbp'"))
        old = H.db_one("SELECT name FROM wbp WHERE id = %d" % wid)
        H.db_exec("UPDATE wbp SET name = 'Diubah Diam-diam' WHERE id = %d" % wid)
        try:
            r = self.migrate("--site", "LPPTK")
            self.assertNotEqual(r.code, 0, r)
            self.assertRegex(r.out, r"\n  wbp .* TIDAK COCOK")
        finally:
            H.db_exec("UPDATE wbp SET name = '%s' WHERE id = %d" % (old.replace("'", "''"), wid))
        # a certificate and a scan changed on the target are found as well
        cid = int(H.db_one("SELECT max(target_id) FROM migration_map WHERE site_code = 'LPKTP' AND "
                           "entity = 'certificate'"))
        did = int(H.db_one("SELECT max(target_id) FROM migration_map WHERE site_code = 'LPKTP' AND "
                           "entity = 'agreement_document'"))
        H.db_exec("UPDATE certificate SET holder_name = holder_name || ' X' WHERE id = %d" % cid)
        H.db_exec("UPDATE agreement_document SET data = 'A' || data WHERE id = %d" % did)
        try:
            r = self.migrate("--site", "LPKTP")
            self.assertNotEqual(r.code, 0, r)
            self.assertRegex(r.out, r"\n  certificate .* TIDAK COCOK")
            self.assertRegex(r.out, r"\n  agreement_document .* TIDAK COCOK")
            self.assertRegex(r.out, r"\n  wbp .* cocok")
        finally:
            H.db_exec("UPDATE certificate SET holder_name = substr(holder_name, 1, length(holder_name) - 2) "
                      "WHERE id = %d" % cid)
            H.db_exec("UPDATE agreement_document SET data = substr(data, 2) WHERE id = %d" % did)
        r = self.migrate()
        self.assertEqual(r.code, 0, r)

    def test_usage_errors(self):
        self.assertEqual(H.cli("migrate", "--from", "sqlite:" + self.src, db=None).code, 2)
        self.assertEqual(H.cli("migrate", "--bogus", db=None).code, 2)
        r = self.migrate("--site", "NOPE")
        self.assertNotEqual(r.code, 0)


if __name__ == "__main__":
    try:
        H.main()
    finally:
        H.stop_servers()
