#!/usr/bin/env python3
"""Crash safety: concurrent API writes while `bekal serve` is killed with SIGKILL at
random moments, 20 times. The writers mix three kinds of write: a WBP with a remisi
record; a training attendance entry (POST /api/v1/sessions/{id}/attendance, each writer
its own participant); and a sale that is made, given an item and settled (the split and
the premi credits to the run's workers in one transaction). After every restart each
write that was answered 2xx is present with its values (an attendance entry holds the
last acknowledged status, or the one sent after it whose answer the kill cut off),
nothing half-written is visible (every WBP has its audit entry, every remisi its owner,
every settled sale its premi credits adding up to its premi part and no unsettled sale
any, every premi balance the sum of its ledger), and `bekal check` passes. Prints the
kills survived and the acknowledged writes of each kind."""
import datetime
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import harness as H
import training_fixtures as F

STATUSES = ("hadir", "izin", "sakit", "alpa")


def ok(r, status=201):
    if r.status != status:
        raise AssertionError("fixture: want %s, got %r" % (status, r))
    return r.json()


def fixtures():
    """A training programme with four participants (one per writer) and its sessions, and
    a production unit with a split rule and a run with two workers, made through the API
    on a server of their own."""
    s = H.Server()
    s.start()
    try:
        tok = s.client(token=H.token_for("admin"))
        pg = s.client()
        pg.login("admin")
        start = H.TODAY - datetime.timedelta(days=21)
        start -= datetime.timedelta(days=start.weekday())
        prog = F.make_programme(tok, H.SITE_A, start.isoformat(), (start + datetime.timedelta(days=11)).isoformat(),
                                people=4)
        F.start_training(pg, prog)
        sessions = [x["id"] for x in F.generate(pg, prog)]
        unit = ok(tok.api("POST", "/api/v1/production-units", {"site": H.SITE_A, "code": H.uniq("CR"),
                                                               "name": "Unit crash", "trade": "Uji",
                                                               "supervisor": "Pengawas"}))["id"]
        ok(tok.api("POST", "/api/v1/production-units/%d/splits" % unit,
                   {"effective_from": "2020-01-01", "premi_bp": 5000, "pnbp_bp": 1500, "capital_bp": 3500,
                    "share_basis": "pieces", "remainder_to": "capital"}))
        run = ok(tok.api("POST", "/api/v1/productions", {"site": H.SITE_A, "unit_id": unit, "prod_date": "2025-03-02",
                                                          "product": "Barang", "qty_milli": 1000, "qty_unit": "kg"}))["id"]
        workers = []
        for pieces in (3, 5):
            w = ok(tok.api("POST", "/api/v1/wbp", H.valid_wbp(site=H.SITE_A)))["id"]
            ok(tok.api("POST", "/api/v1/productions/%d/workers" % run, {"wbp_id": w, "pieces": pieces, "minutes": 60}))
            workers.append(w)
        return {"enrolments": prog["enrolments"], "sessions": sessions, "unit": unit, "run": run, "workers": workers}
    finally:
        s.stop()


def settle_backends(timeout=60):
    """PostgreSQL: waits until the killed server's backends are gone. A backend may still
    be finishing a statement or a COMMIT the server sent just before the kill (an
    unanswered write); checked earlier, such a write could land after the check, even
    after the next round's acknowledged writes, which read the row without seeing it."""
    deadline = time.time() + timeout
    while int(H.db_one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) > 0:
        if time.time() > deadline:
            raise AssertionError("backends of the killed server still there after %d s" % timeout)
        time.sleep(0.05)


class CrashSafety(H.BekalTest):
    def test_sigkill_loses_no_acknowledged_write(self):
        H.setup_db()
        fx = fixtures()
        self.assertEqual(len(fx["enrolments"]), 4)
        self.assertTrue(fx["sessions"])
        token = H.token_for("staf")
        rnd = random.Random(20261128)
        acked = []           # (regno, name) answered 201
        acked_remisi = []    # (wbp id, decree) answered 201
        att = {}             # (session, enrolment): [last acknowledged status, status sent after it or None]
        acked_att = [0]
        settled = []         # sale ids whose settle was answered 200
        lock = threading.Lock()
        kills = 0
        for round_no in range(20):
            s = H.Server()
            s.start()
            stop = threading.Event()

            def wbp_write(c, k, i):
                body = H.valid_wbp(regno="CR/%d/%d/%d" % (round_no, k, i), name="Crash %d-%d-%d" % (round_no, k, i))
                r = c.api("POST", "/api/v1/wbp", body)
                if r.status == 201:
                    wid = r.json()["id"]
                    with lock:
                        acked.append((body["regno"], body["name"]))
                    r2 = c.api("POST", "/api/v1/wbp/%d/remisi" % wid,
                               {"kind": "umum", "months": 1, "granted_date": "2024-08-17", "decree_no": "SK/%d" % wid})
                    if r2.status == 201:
                        with lock:
                            acked_remisi.append((wid, "SK/%d" % wid))

            def attendance_write(c, k, i):
                key = (fx["sessions"][(round_no * 7 + i) % len(fx["sessions"])], fx["enrolments"][k])
                status = STATUSES[(i + k + round_no) % 4]
                with lock:
                    att.setdefault(key, [None, None])[1] = status
                r = c.api("POST", "/api/v1/sessions/%d/attendance" % key[0],
                          {"entries": [{"enrolment_id": key[1], "status": status}], "reason": "uji crash"})
                if r.status != 200:
                    raise AssertionError("attendance write refused: %r" % r)
                with lock:
                    att[key] = [status, None]
                    acked_att[0] += 1

            def sale_write(c, k, i):
                r = c.api("POST", "/api/v1/sales", {"site": H.SITE_A, "unit_id": fx["unit"], "production_id": fx["run"],
                                                     "sale_date": "2025-03-05", "buyer": "Crash %d-%d-%d" % (round_no, k, i),
                                                     "payment_status": "lunas"})
                if r.status != 201:
                    return
                sid = r.json()["id"]
                r = c.api("POST", "/api/v1/sales/%d/items" % sid, {"product": "Barang", "qty_milli": 1000 + i,
                                                                  "unit_price": 10000 + 37 * k, "qty_unit": "kg"})
                if r.status != 201:
                    return
                total = c.api("GET", "/api/v1/sales/%d" % sid).json()["total"]
                r = c.api("POST", "/api/v1/sales/%d/settle" % sid, {"total": total, "confirm": True})
                if r.status == 200:
                    with lock:
                        settled.append(sid)

            def writer(k):
                c = s.client(token=token)
                i = 0
                while not stop.is_set():
                    i += 1
                    try:
                        (wbp_write, attendance_write, sale_write)[(i + k) % 3](c, k, i)
                    except AssertionError:
                        raise
                    except Exception:
                        return  # connection dropped by the kill: the outcome is unknown, nothing to assert

            errors = []

            def run(k):
                try:
                    writer(k)
                except AssertionError as e:
                    errors.append(e)

            threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
            def answered():
                with lock:
                    return len(acked) + acked_att[0] + len(settled)
            before = answered()
            for t in threads:
                t.start()
            # the kill comes at a random moment once the round has had a few writes answered
            # (on a loaded machine the server may take seconds before its first answer)
            deadline = time.monotonic() + 20
            while answered() < before + 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rnd.uniform(0.0, 1.0))
            s.proc.send_signal(signal.SIGKILL)
            s.proc.wait(10)
            kills += 1
            stop.set()
            for t in threads:
                t.join(30)
            s.proc = None
            self.assertEqual(errors, [])
            if H.IS_PG:
                settle_backends()
            # after the kill: everything acknowledged is there, intact
            have = dict(H.db_query("SELECT regno, name FROM wbp WHERE regno LIKE 'CR/%'"))
            for regno, name in acked:
                self.assertEqual(have.get(regno), name, "acknowledged WBP %s lost after kill %d" % (regno, round_no))
            rem = set(H.db_query("SELECT wbp_id, decree_no FROM remisi WHERE decree_no LIKE 'SK/%'"))
            for wid, sk in acked_remisi:
                self.assertIn((str(wid), sk), rem)
            stored = {(int(a), int(b)): st for a, b, st in H.db_query(
                "SELECT session_id, enrolment_id, status FROM attendance WHERE enrolment_id IN (%s)"
                % ",".join(str(e) for e in fx["enrolments"]))}
            for key, (last, sent) in att.items():
                if last is not None or key in stored:
                    self.assertIn(stored.get(key), (last, sent),
                                  "attendance %r after kill %d: stored %r, acknowledged %r, unanswered %r"
                                  % (key, round_no, stored.get(key), last, sent))
                att[key] = [stored.get(key), None]  # an unanswered write that landed is the value from now on
            sales = {int(i): (sp, pr) for i, sp, pr in H.db_query(
                "SELECT id, split_id, premi FROM sale WHERE unit_id = ?", (fx["unit"],))}
            credits = {int(i): int(n) for i, n in H.db_query(
                "SELECT sale_id, sum(amount) FROM premi_ledger WHERE kind = 'credit' AND sale_id IS NOT NULL "
                "GROUP BY sale_id")}
            for sid in settled:
                self.assertIsNotNone(sales[sid][0], "acknowledged settle of sale %d lost after kill %d" % (sid, round_no))
            # nothing half-written: a settled sale has all its credits, an unsettled one none
            for sid, (split, premi) in sales.items():
                want = int(premi) if split is not None else 0
                self.assertEqual(credits.get(sid, 0), want, "sale %d: credits vs premi after kill %d" % (sid, round_no))
            for w in fx["workers"]:
                bal = H.db_query("SELECT spendable, saved FROM premi_balance WHERE wbp_id = ?", (w,))
                led = H.db_query("SELECT coalesce(sum(spendable_delta), 0), coalesce(sum(saved_delta), 0) "
                                 "FROM premi_ledger WHERE wbp_id = ?", (w,))
                self.assertEqual([int(x) for x in (bal[0] if bal else ("0", "0"))], [int(x) for x in led[0]],
                                 "premi balance of %d is not its ledger after kill %d" % (w, round_no))
            # every WBP row has its audit entry
            orphans = H.db_one("SELECT count(*) FROM wbp w WHERE w.regno LIKE 'CR/%' AND NOT EXISTS "
                               "(SELECT 1 FROM audit_log a WHERE a.entity = 'wbp' AND a.entity_id = w.id)")
            self.assertEqual(int(orphans), 0)
            r = H.cli("check")
            self.assertEqual(r.code, 0, r)
        print("crash: %d kills survived; acknowledged and kept: %d WBP, %d remisi, %d attendance entries, "
              "%d settled sales; 0 lost" % (kills, len(acked), len(acked_remisi), acked_att[0], len(settled)),
              file=sys.stderr)
        self.assertGreater(len(acked), 20)
        self.assertGreater(acked_att[0], 20)
        self.assertGreater(len(settled), 5)


def write_import_csv(path, site, n, tag):
    """n valid WBP rows of one site as an import file."""
    with open(path, "w") as f:
        f.write("site,regno,name,sex,religion,crime_category,term_years,term_months,detention_start\n")
        for i in range(n):
            f.write("%s,KILL/%s/%06d,Uji Impor %s %d,L,Islam,umum,2,6,2020-01-15\n" % (site, tag, i, tag, i))


def start_import(path, db):
    return subprocess.Popen([H.BIN, "--db", db, "import", "wbp", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=H.ENV)


def wait_until(proc, cond, what, limit=300):
    """Polls cond() every 10 ms while proc runs; fails when proc ends first."""
    t = time.time()
    while not cond():
        if proc.poll() is not None:
            raise AssertionError("import ended (exit %s) before %s: %s" % (proc.returncode, what,
                                                                             proc.stderr.read().decode()[-2000:]))
        if time.time() - t > limit:
            proc.kill()
            raise AssertionError("no %s after %d s" % (what, limit))
        time.sleep(0.01)


class ImportKill(H.BekalTest):
    """`bekal import wbp` killed with SIGKILL in the middle of its transaction leaves
    the database as it was: no WBP, no audit entry, `bekal check` passes, and the same
    file imports afterwards."""

    def assert_as_before(self, db, wbp, audit):
        self.assertEqual(int(H.db_one("SELECT count(*) FROM wbp", db=db)), wbp)
        self.assertEqual(int(H.db_one("SELECT count(*) FROM audit_log", db=db)), audit)
        self.assertEqual(int(H.db_one("SELECT last_id FROM audit_head WHERE id = 1", db=db)), audit)

    def test_kill_mid_first_load_sqlite(self):
        """A first load into an empty register on SQLite runs with the rollback journal:
        while it runs the file is in rollback mode (header bytes 18/19 = 1) with a
        journal next to it, and pages past the file's original end are written without
        being journaled. After a kill the file is longer than before; the next bekal
        command rolls the journal back, cuts the file to its old length and puts the
        database back into WAL mode."""
        if H.IS_PG:
            self.skipTest("SQLite journal modes")
        tmp = os.path.dirname(H.DB) if os.path.isabs(H.DB) else "."
        db = os.path.join(tmp, "importkill.db")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        r = H.cli("init", db=db)
        self.assertEqual(r.code, 0, r)
        H.db_exec("INSERT INTO site(code, name, region) VALUES ('KIL', 'Lapas Uji Kill', 'Wilayah Uji')", db=db)
        r = H.cli("check", db=db)  # checkpoints the WAL into the file
        self.assertEqual(r.code, 0, r)
        audit0 = int(H.db_one("SELECT count(*) FROM audit_log", db=db))
        csv_path = os.path.join(tmp, "importkill.csv")
        write_import_csv(csv_path, "KIL", 60000, "A")

        def header_mode():
            with open(db, "rb") as f:
                f.seek(18)
                return tuple(f.read(2))

        self.assertEqual(header_mode(), (2, 2), "a bekal database is in WAL mode")
        size0 = os.path.getsize(db)
        p = start_import(csv_path, db)
        # the transaction has spilled pages into the file beyond its old end
        wait_until(p, lambda: os.path.exists(db + "-journal") and os.path.getsize(db) > size0 + (4 << 20),
                   "pages written past the old end of the file")
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        self.assertEqual(header_mode(), (1, 1), "the import ran with the rollback journal")
        self.assertTrue(os.path.exists(db + "-journal"), "hot journal left by the kill")
        self.assertGreater(os.path.getsize(db), size0 + (4 << 20))
        self.assertFalse(os.path.exists(db + "-wal"))
        r = H.cli("check", db=db)  # the first connection rolls the journal back
        self.assertEqual(r.code, 0, r)
        self.assertEqual(os.path.getsize(db), size0, "rollback cut the file back to its old length")
        self.assertEqual(header_mode(), (2, 2), "back in WAL mode")
        self.assert_as_before(db, 0, audit0)
        # the file imports afterwards, and leaves the database in WAL mode
        r = H.cli("import", "wbp", csv_path, db=db, timeout=600)
        self.assertEqual(r.code, 0, r)
        self.assertIn("60000 baru", r.out)
        self.assertEqual(header_mode(), (2, 2))
        self.assertFalse(os.path.exists(db + "-journal"))
        self.assertEqual(int(H.db_one("SELECT count(*) FROM audit_log", db=db)), audit0 + 60000)
        r = H.cli("check", db=db)
        self.assertEqual(r.code, 0, r)

    def test_kill_mid_import_demo_register(self):
        """Into a register that already holds WBP (both databases): killed once rows are
        being written, nothing of the import is kept."""
        H.setup_db()
        wbp0, audit0 = H.wbp_count(), H.audit_count()
        tmp = os.path.dirname(H.DB) if os.path.isabs(H.DB) else "/tmp"
        csv_path = os.path.join(tmp if os.path.isdir(tmp) else "/tmp", "importkill2.csv")
        write_import_csv(csv_path, H.SITE_A, 20000, "B")
        p = start_import(csv_path, H.DB)
        if H.IS_PG:
            def writing():
                """Another backend holds a transaction that has written (it has an xid): the
                importer's, open until it commits. (Its current query alone comes and goes
                between statements.)"""
                return int(H.db_one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")) > 0
        else:
            def writing():
                """The importer holds the write lock: its transaction is open."""
                con = sqlite3.connect(H.DB, timeout=0, isolation_level=None)
                try:
                    con.execute("BEGIN IMMEDIATE")
                    con.execute("ROLLBACK")
                    return False
                except sqlite3.OperationalError:
                    return True
                finally:
                    con.close()
        wait_until(p, writing, "rows being written")
        time.sleep(0.3)
        self.assertTrue(writing(), "the import committed within 0.3 s: make the file bigger")
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        r = H.cli("check")
        self.assertEqual(r.code, 0, r)
        self.assert_as_before(H.DB, wbp0, audit0)


if __name__ == "__main__":
    H.main()
