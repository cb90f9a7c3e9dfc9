#!/usr/bin/env python3
"""Crash safety: concurrent API writes while `bekal serve` is killed with SIGKILL at
random moments, 20 times. After every restart each write that was answered 2xx is
present with its values, nothing half-written is visible (every WBP has its audit
entry, every remisi its owner), and `bekal check` passes."""
import random
import signal
import threading
import time

import harness as H


class CrashSafety(H.BekalTest):
    def test_sigkill_loses_no_acknowledged_write(self):
        H.setup_db()
        token = H.token_for("staf")
        rnd = random.Random(20261128)
        acked = []           # (regno, name) answered 201
        acked_remisi = []    # (wbp id, decree) answered 201
        lock = threading.Lock()
        for round_no in range(20):
            s = H.Server()
            s.start()
            stop = threading.Event()

            def writer(k):
                c = s.client(token=token)
                i = 0
                while not stop.is_set():
                    i += 1
                    body = H.valid_wbp(regno="CR/%d/%d/%d" % (round_no, k, i), name="Crash %d-%d-%d" % (round_no, k, i))
                    try:
                        r = c.api("POST", "/api/v1/wbp", body)
                    except Exception:
                        return  # connection dropped by the kill: the outcome is unknown, nothing to assert
                    if r.status == 201:
                        wid = r.json()["id"]
                        with lock:
                            acked.append((body["regno"], body["name"]))
                        try:
                            r2 = c.api("POST", "/api/v1/wbp/%d/remisi" % wid,
                                       {"kind": "umum", "months": 1, "granted_date": "2024-08-17",
                                        "decree_no": "SK/%d" % wid})
                        except Exception:
                            return
                        if r2.status == 201:
                            with lock:
                                acked_remisi.append((wid, "SK/%d" % wid))

            threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            time.sleep(rnd.uniform(0.2, 1.2))
            s.proc.send_signal(signal.SIGKILL)
            s.proc.wait(10)
            stop.set()
            for t in threads:
                t.join(30)
            s.proc = None
            # after the kill: everything acknowledged is there, intact
            have = dict(H.db_query("SELECT regno, name FROM wbp WHERE regno LIKE 'CR/%'"))
            for regno, name in acked:
                self.assertEqual(have.get(regno), name, "acknowledged WBP %s lost after kill %d" % (regno, round_no))
            rem = set(H.db_query("SELECT wbp_id, decree_no FROM remisi WHERE decree_no LIKE 'SK/%'"))
            for wid, sk in acked_remisi:
                self.assertIn((str(wid), sk), rem)
            # nothing half-written: every WBP row has its audit entry
            orphans = H.db_one("SELECT count(*) FROM wbp w WHERE w.regno LIKE 'CR/%' AND NOT EXISTS "
                               "(SELECT 1 FROM audit_log a WHERE a.entity = 'wbp' AND a.entity_id = w.id)")
            self.assertEqual(int(orphans), 0)
            r = H.cli("check")
            self.assertEqual(r.code, 0, r)
        self.assertGreater(len(acked), 20)


if __name__ == "__main__":
    H.main()
