#!/usr/bin/env python3
"""The national tier (issue 23): regional hubs feed one national database by
PostgreSQL logical replication, and the national view lists every region's sites
with their last sync and lag (/national, GET /api/v1/national/sites).

On PostgreSQL: two regional hubs (their own databases on the test cluster, made by
`bekal init`) each publish their sync_site (publication bekal_national, without the
credential columns, docs/admin.md "The three tiers"); the test's database is the national one and
subscribes to both. The hubs' site rows are written as a push writes them (sync
status, region and name: test_sync.py drives real pushes); the test waits until they
have replicated, checks the view, then a later sync at one hub and sees the lag move.
scripts/pg.sh starts its clusters with wal_level = logical. On SQLite (no national
tier there) the view is checked over the database's own sync_site.
"""
import os
import subprocess
import time
import unittest

import harness as H

COLS = ("site_code, region, site_name, witnessed_id, head_id, last_ok_at, last_try_at, status, refused_at, "
        "rows_applied, hub_id")


def psql(url, *cmds):
    args = ["psql", url, "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1"]
    for c in cmds:
        args += ["-c", c]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("psql %s: %s" % (cmds, p.stderr))
    return p.stdout.strip()


def ago(minutes):
    return H.now_iso(-60 * minutes)


class National(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        r = H.cli("init")
        assert r.code == 0, r
        assert H.cli("site", "add", "DITJEN", "--name", "Direktorat Jenderal").code == 0
        H.add_user("nasional", "kanwil", "DITJEN", password="nasional-rahasia-1")
        H.add_user("stafnas", "staf", "DITJEN", password="nasional-rahasia-2")
        cls.tok = H.token_for("nasional")
        cls.staf = H.token_for("stafnas")
        cls.hubs = []
        cls.subs = []
        if H.IS_PG:
            cls.admin, name = H._pg_split(H.DB)
            if psql(cls.admin, "SHOW wal_level") != "logical":
                raise unittest.SkipTest("the cluster's wal_level is not logical (scripts/pg.sh sets it)")
            for tag in ("kalbar", "kalteng"):  # the second hub a copy of the first's fresh schema
                hub = H.DB.rsplit("/", 1)[0] + "/%s_%s" % (name, tag)
                hname = hub.rsplit("/", 1)[1]
                first = cls.hubs[0][2] if cls.hubs else None
                psql(cls.admin, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % hname,
                     'CREATE DATABASE "%s"' % hname + (' TEMPLATE "%s"' % first if first else ""))
                if not first:
                    assert H.cli("init", db=hub).code == 0
                cls.hubs.append((tag, hub, hname))
            # each hub's identity, made once (the second hub's copy of the schema has none yet)
            cls.hub_ids = []
            for _tag, hub, _hname in cls.hubs:
                r = H.cli("site", "hub-id", db=hub)
                assert r.code == 0, r
                cls.hub_ids.append(r.out.strip())
            assert len(set(cls.hub_ids)) == 2 and all(len(x) == 32 for x in cls.hub_ids), cls.hub_ids
        else:
            cls.hub_ids = ["a" * 32, "b" * 32]
        cls.server = H.start_server()

    @classmethod
    def tearDownClass(cls):
        for sub in cls.subs:  # drops each hub's slot too
            try:
                psql(H.DB, "DROP SUBSCRIPTION IF EXISTS %s" % sub)
            except AssertionError:
                pass
        for _tag, _hub, hname in cls.hubs:
            try:
                psql(cls.admin, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % hname)
            except AssertionError:
                pass
        H.stop_servers()

    def national(self):
        r = self.server.client(token=self.tok).get("/api/v1/national/sites")
        self.assertEqual(r.status, 200, r.text)
        return r.json()

    def sites(self):
        return {s["site_code"]: s for s in self.national()["sites"]}

    def hub_site(self, hub, code, region, name, witnessed, head, minutes, status="ok", hub_id=None):
        """The hub's sync_site row of a site as a push leaves it (sync_store.c push_tx), with
        the hub's identity."""
        sql = ("INSERT INTO sync_site(site_code, credential_hash, region, site_name, witnessed_id, head_id, "
               "last_ok_at, last_try_at, status, hub_id) VALUES ('%s', 'x', '%s', '%s', %d, %d, '%s', '%s', '%s', "
               "'%s') "
               "ON CONFLICT (site_code) DO UPDATE SET witnessed_id = EXCLUDED.witnessed_id, head_id = "
               "EXCLUDED.head_id, last_ok_at = EXCLUDED.last_ok_at, last_try_at = EXCLUDED.last_try_at, "
               "status = EXCLUDED.status" % (code, region, name, witnessed, head, ago(minutes), ago(minutes), status, hub_id))
        if hub:
            psql(hub, sql)
        else:
            H.db_exec(sql)

    def wait_for(self, pred, what, timeout=25):
        t0 = time.time()
        while time.time() - t0 < timeout:
            s = self.sites()
            if pred(s):
                return s
            time.sleep(0.2)
        self.fail("the national view did not show %s within %d s: %r" % (what, timeout, self.sites()))

    def test_every_region_with_lag(self):
        if H.IS_PG:
            (ta, ha, na), (tb, hb, nb) = self.hubs
            ia, ib = self.hub_ids
            # LPPTK's site row still names its region the old way: the national view
            # places it by its hub's registration, not by that text
            self.hub_site(ha, "LPKTP", "Kalimantan Barat", "Lapas Ketapang", 900, 900, 10, hub_id=ia)
            self.hub_site(ha, "LPPTK", "Kalbar", "Lapas Pontianak", 400, 520, 190, hub_id=ia)
            self.hub_site(hb, "LPPLK", "Kalimantan Tengah", "Lapas Palangka Raya", 300, 300, 3000, "refused", hub_id=ib)
            port = H._pg_split(H.DB)[0].rsplit(":", 1)[1].split("/")[0]
            user = H.DB.split("//", 1)[1].split("@", 1)[0]
            for tag, hub, hname in self.hubs:
                # each regional hub publishes its sync status, without the credential columns
                psql(hub, "CREATE PUBLICATION bekal_national FOR TABLE sync_site (%s)" % COLS,
                     "SELECT pg_create_logical_replication_slot('nat_%s', 'pgoutput')" % hname)
                # the national database subscribes (slot made above: same cluster)
                sub = "nat_%s" % hname
                psql(H.DB, "CREATE SUBSCRIPTION %s CONNECTION 'host=127.0.0.1 port=%s user=%s dbname=%s' "
                           "PUBLICATION bekal_national WITH (create_slot = false, slot_name = 'nat_%s')"
                     % (sub, port, user, hname, hname))
                self.subs.append(sub)
            # each subscription tied to its hub and region by the hub's identity
            for (tag, hub, hname), hid, region in zip(self.hubs, self.hub_ids, ("Kalimantan Barat", "Kalimantan Tengah")):
                r = H.cli("site", "region", "nat_%s" % hname, "--hub-id", hid, "--region", region)
                self.assertEqual(r.code, 0, r)
            s = self.wait_for(lambda s: {"LPKTP", "LPPTK", "LPPLK"} <= set(s), "both regions' sites")
            # nothing secret came over
            self.assertEqual(str(H.db_one("SELECT count(*) FROM sync_site WHERE credential_hash IS NOT NULL")), "0")
        else:
            ia, ib = self.hub_ids
            self.hub_site(None, "LPKTP", "Kalimantan Barat", "Lapas Ketapang", 900, 900, 10, hub_id=ia)
            self.hub_site(None, "LPPTK", "Kalbar", "Lapas Pontianak", 400, 520, 190, hub_id=ia)
            self.hub_site(None, "LPPLK", "Kalimantan Tengah", "Lapas Palangka Raya", 300, 300, 3000, "refused",
                          hub_id=ib)
            for sub, hid, region in (("nat_a", ia, "Kalimantan Barat"), ("nat_b", ib, "Kalimantan Tengah")):
                self.assertEqual(H.cli("site", "region", sub, "--hub-id", hid, "--region", region).code, 0)
            r = H.cli("site", "region", "nat_c", "--hub-id", "not-an-id", "--region", "X")
            self.assertNotEqual(r.code, 0, r)
            s = self.sites()
        self.assertEqual(s["LPKTP"]["region"], "Kalimantan Barat")
        self.assertEqual(s["LPPLK"]["region"], "Kalimantan Tengah")
        self.assertEqual(s["LPPTK"]["site_name"], "Lapas Pontianak")
        self.assertEqual(s["LPPTK"]["region"], "Kalimantan Barat")  # by its hub's key, not the text it sent
        self.assertEqual(s["LPPTK"]["hub_id"], self.hub_ids[0])
        self.assertEqual(s["LPPLK"]["hub_id"], self.hub_ids[1])
        self.assertEqual(s["LPPTK"]["entries_behind"], 120)
        self.assertEqual(s["LPKTP"]["entries_behind"], 0)
        self.assertTrue(10 <= s["LPKTP"]["lag_minutes"] <= 12, s["LPKTP"])
        self.assertTrue(190 <= s["LPPTK"]["lag_minutes"] <= 192, s["LPPTK"])
        self.assertEqual(s["LPPLK"]["status"], "refused")
        # per region, the newest sync its hub recorded
        reg = {x["region"]: x for x in self.national()["regions"]}
        self.assertEqual(reg["Kalimantan Barat"]["sites"], 2)
        self.assertTrue(10 <= reg["Kalimantan Barat"]["newest_sync_minutes"] <= 12, reg)
        self.assertTrue(3000 <= reg["Kalimantan Tengah"]["newest_sync_minutes"] <= 3002, reg)
        if H.IS_PG:
            # the replication lag from each hub (pg_stat_subscription): both running, a
            # message from each hub received, seconds behind
            subs = ["nat_" + hname for _t, _h, hname in self.hubs]
            t0 = time.time()
            while True:
                rep = {x["subscription"]: x for x in self.national()["replication"]}
                if all(rep.get(x, {}).get("lag_seconds") is not None for x in subs) or time.time() - t0 > 25:
                    break
                time.sleep(0.3)
            self.assertEqual(sorted(rep), sorted(subs))
            for x in subs:
                self.assertTrue(rep[x]["running"], rep)
                self.assertIsNotNone(rep[x]["lag_seconds"], rep)
                self.assertLess(rep[x]["lag_seconds"], 120, rep)
                self.assertTrue(rep[x]["received_at"].endswith("Z"), rep)
            # each subscription's region and hub by the registration; each region's replication lag
            for (tag, hub, hname), hid, region in zip(self.hubs, self.hub_ids, ("Kalimantan Barat", "Kalimantan Tengah")):
                self.assertEqual(rep["nat_" + hname]["region"], region, rep)
                self.assertEqual(rep["nat_" + hname]["hub_id"], hid, rep)
                self.assertEqual(reg[region]["subscription"], "nat_" + hname, reg)
            reg = {x["region"]: x for x in self.national()["regions"]}
            for region in ("Kalimantan Barat", "Kalimantan Tengah"):
                self.assertTrue(reg[region]["replication_running"], reg)
                self.assertLess(reg[region]["replication_lag_seconds"], 120, reg)
        else:
            self.assertEqual(self.national()["replication"], [])
        page = self.server.client(token=self.tok).get("/national")
        self.assertEqual(page.status, 200)
        t = page.text
        for want in ("Kalimantan Barat", "Kalimantan Tengah", "Lapas Ketapang", "LPPLK", "3 jam 10 menit",
                     "2 hari 2 jam", "ditolak", "10 menit yang lalu"):
            self.assertIn(want, t)
        if H.IS_PG:
            self.assertIn("Replikasi dari hub wilayah", t)
            self.assertIn("jam kedua server", t)
            for _t, _h, hname in self.hubs:
                self.assertIn("nat_" + hname, t)
            # a hub's replication stopped: shown as not running
            psql(H.DB, "ALTER SUBSCRIPTION nat_%s DISABLE" % self.hubs[1][2])
            t0 = time.time()
            while time.time() - t0 < 25:
                rep = {x["subscription"]: x for x in self.national()["replication"]}
                if not rep["nat_" + self.hubs[1][2]]["running"]:
                    break
                time.sleep(0.3)
            self.assertFalse(rep["nat_" + self.hubs[1][2]]["running"], rep)
            self.assertTrue(rep["nat_" + self.hubs[0][2]]["running"], rep)
            psql(H.DB, "ALTER SUBSCRIPTION nat_%s ENABLE" % self.hubs[1][2])
        # a later sync at one hub: the national view follows
        if H.IS_PG:
            self.hub_site(self.hubs[0][1], "LPPTK", "Kalbar", "Lapas Pontianak", 520, 530, 0, hub_id=self.hub_ids[0])
            s = self.wait_for(lambda s: s.get("LPPTK", {}).get("witnessed_id") == 520, "the later sync")
        else:
            self.hub_site(None, "LPPTK", "Kalbar", "Lapas Pontianak", 520, 530, 0, hub_id=self.hub_ids[0])
            s = self.sites()
        self.assertEqual(s["LPPTK"]["entries_behind"], 10)
        self.assertLessEqual(s["LPPTK"]["lag_minutes"], 1)

    def test_roles(self):
        c = self.server.client(token=self.staf)
        self.assertEqual(c.get("/api/v1/national/sites").status, 403)
        self.assertEqual(c.get("/national").status, 403)


if __name__ == "__main__":
    H.main()
