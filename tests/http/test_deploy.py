"""test_deploy.py — what an installed Bekal relies on (issue 27).

* The configuration file (`key = value`, /etc/bekal/bekal.conf or --config/BEKAL_CONFIG):
  `bekal serve` with no --db and no --listen takes both from it, and its public-url and
  behind-tls (cookies marked Secure); the environment wins over the file and the command
  line over both; a wrong line stops `bekal` with exit 2 naming the line; BEKAL_CONFIG=none
  reads no file.
* The request log: one logfmt line per request on stderr with time, method, the route's
  pattern (not the path's ids nor the query), status, duration and user; under systemd
  (JOURNAL_STREAM set) each line starts with its sd-daemon priority; BEKAL_LOG_REQUESTS=0
  turns it off. A server error (500) is at its own level, <3> (err): its request line
  and a line with its code and message (other requests are at <6>, info).
* `bekal site add|list`: the first site of a fresh installation, audited, refused twice.
"""
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request

import harness as H

TMP = tempfile.mkdtemp(prefix="bekal-deploy-")


def tearDownModule():
    H.stop_servers()


def write_conf(text):
    fd, path = tempfile.mkstemp(dir=TMP, suffix=".conf")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def answers(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=2) as r:
                return r.status == 200
        except OSError:
            time.sleep(0.1)
    return False


class RawServer:
    """`bekal serve ARGS` exactly as given (no --db, no --listen added)."""

    def __init__(self, args, env):
        e = dict(H.ENV)
        e.update(env)
        self.err = tempfile.TemporaryFile(dir=TMP)
        self.proc = subprocess.Popen([H.BIN, "serve"] + args, stdout=subprocess.DEVNULL, stderr=self.err,
                                     env=H.clock_env(e), cwd=TMP)

    def stop(self):
        self.proc.terminate()
        rc = self.proc.wait(15)
        self.err.seek(0)
        err = self.err.read().decode("utf-8", "replace")
        self.err.close()
        if H.sanitizer_report(err):
            raise AssertionError(err)
        return rc, err


class ConfigFile(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        H.setup_db()

    def serve_with(self, conf_text, args=(), env=None):
        path = write_conf(conf_text)
        s = RawServer(list(args), dict({"BEKAL_CONFIG": path}, **(env or {})))
        self.addCleanup(lambda: s.proc.poll() is None and s.stop())
        return s

    def test_serve_takes_db_listen_and_tls_from_the_file(self):
        port = H.free_port()
        s = self.serve_with("# Bekal\n\ndb = %s\nlisten = 127.0.0.1:%d\nbehind-tls = yes\n"
                            "public-url = \"https://bekal.example.go.id\"\n" % (H.DB, port))
        self.assertTrue(answers(port), "serve did not listen on the configured port")
        with urllib.request.urlopen("http://127.0.0.1:%d/login" % port, timeout=10) as r:
            cookies = r.headers.get_all("Set-Cookie") or []
        self.assertTrue(cookies and all(c.endswith("; Secure") for c in cookies), cookies)
        rc, err = s.stop()
        self.assertEqual(rc, 0, err)

    def test_without_behind_tls_cookies_are_not_secure(self):
        port = H.free_port()
        self.serve_with("db = %s\nlisten = 127.0.0.1:%d\nbehind-tls = no\n" % (H.DB, port))
        self.assertTrue(answers(port))
        with urllib.request.urlopen("http://127.0.0.1:%d/login" % port, timeout=10) as r:
            cookies = r.headers.get_all("Set-Cookie") or []
        self.assertTrue(cookies and not any("Secure" in c for c in cookies), cookies)

    def test_command_line_and_environment_win(self):
        file_port, env_port, cli_port = H.free_port(), H.free_port(), H.free_port()
        conf = "db = %s\nlisten = 127.0.0.1:%d\n" % (H.DB, file_port)
        self.serve_with(conf, env={"BEKAL_LISTEN": "127.0.0.1:%d" % env_port})
        self.assertTrue(answers(env_port), "the environment's listen address did not win over the file")
        self.serve_with(conf, args=["--listen", "127.0.0.1:%d" % cli_port],
                        env={"BEKAL_LISTEN": "127.0.0.1:%d" % env_port})
        self.assertTrue(answers(cli_port), "--listen did not win")
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", file_port), timeout=1).close()

    def test_config_option_and_none(self):
        db = os.path.join(TMP, "fromconf.db") if not H.IS_PG else None
        if db:
            path = write_conf("db = %s\n" % db)
            r = H.cli("--config", path, "init", db=None, env={"BEKAL_CONFIG": "none"})
            self.assertEqual(r.code, 0, r)
            self.assertTrue(os.path.exists(db), r)
            os.unlink(db)
            r = H.cli("init", db=None, env={"BEKAL_CONFIG": path})
            self.assertEqual(r.code, 0, r)
            self.assertIn(db, r.out)
        missing = os.path.join(TMP, "absent.conf")
        r = H.cli("check", env={"BEKAL_CONFIG": missing})
        self.assertEqual(r.code, 2, r)
        self.assertIn("absent.conf", r.err)
        r = H.cli("check", env={"BEKAL_CONFIG": "none"})
        self.assertEqual(r.code, 0, r)

    def test_a_wrong_line_is_named(self):
        for text, want in [("db = x\nlisen = 1\n", "baris 2: kunci tidak dikenal: lisen"),
                           ("behind-tls = kadang\n", "baris 1: behind-tls harus yes atau no"),
                           ("\nno equals here\n", "baris 2: bukan")]:
            with self.subTest(text=text):
                r = H.cli("check", env={"BEKAL_CONFIG": write_conf(text)})
                self.assertEqual(r.code, 2, r)
                self.assertIn(want, r.err)


class RequestLog(H.BekalTest):
    LINE = re.compile(r"^(<\d>)?time=(\S+) level=(\w+) event=request method=(\w+) route=(\S+) status=(\d+) "
                      r"ms=([\d.]+) user=(\S+)$")

    @classmethod
    def setUpClass(cls):
        H.setup_db()
        cls.journal = H.start_server(env={"JOURNAL_STREAM": "8:12345"})
        cls.quiet = H.start_server(env={"BEKAL_LOG_REQUESTS": "0"})

    def lines(self, server, mark):
        time.sleep(0.2)
        out = server.stderr()
        return [m for m in (self.LINE.match(l) for l in out[out.index(mark):].splitlines()) if m] if mark in out \
            else [m for m in (self.LINE.match(l) for l in out.splitlines()) if m]

    def test_one_line_per_request_with_route_pattern_status_and_user(self):
        c = self.journal.client()
        before = len(self.lines(self.journal, ""))
        wid = H.wbp_ids(H.SITE_A, 1)[0]
        r = c.get("/wbp/%d" % wid, params={"q": "rahasia-kueri"})
        self.assertStatus(r, 303)  # not logged in: to /login
        c.login("admin")
        r = c.get("/wbp/%d" % wid, params={"q": "rahasia-kueri"})
        self.assertStatus(r, 200)
        r = c.api("GET", "/api/v1/no-such-thing")
        self.assertStatus(r, 404)
        got = self.lines(self.journal, "")[before:]
        routes = [(m.group(4), m.group(5), m.group(6), m.group(8)) for m in got]
        self.assertIn(("GET", "/wbp/{id}", "303", "-"), routes)
        self.assertIn(("GET", "/wbp/{id}", "200", "admin"), routes)
        self.assertIn(("GET", "-", "404", "admin"), routes)
        self.assertIn(("POST", "/login", "303", "-"), routes)
        for m in got:
            self.assertEqual(m.group(1), "<6>", m.group(0))  # info, under systemd
            self.assertEqual(m.group(3), "info")
            self.assertRegex(m.group(2), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        text = self.journal.stderr()
        self.assertNotIn("rahasia-kueri", text)
        self.assertNotIn("/wbp/%d" % wid, text)

    def test_a_server_error_is_logged_at_the_error_level(self):
        # a stored agreement document whose bytes no longer match their hash: a 500
        ag = int(H.db_one("SELECT a.id FROM agreement a JOIN site s ON s.id = a.site_id WHERE s.code = ? "
                          "ORDER BY a.id LIMIT 1", (H.SITE_A,)))
        head, tail = b"%PDF-1.4\n", b"\ntrailer<<>>\n%%EOF\n"
        data = head + b"0" * 900 + tail
        api = self.journal.client(token=H.token_for("admin"))
        r = api.api("POST", "/api/v1/agreements/%d/document" % ag, raw=data, ctype="application/pdf")
        self.assertStatus(r, 201)
        import base64
        H.db_exec("UPDATE agreement_document SET data = ? WHERE id = ?",
                  (base64.b64encode(data[:-10] + b"TAMPERED%%").decode(), r.json()["id"]))
        c = self.journal.client()
        c.login("admin")
        self.assertStatus(c.get("/agreement-documents/%d" % r.json()["id"]), 500)
        time.sleep(0.2)
        err = [l for l in self.journal.stderr().splitlines() if " event=error " in l]
        self.assertTrue(err, self.journal.stderr()[-2000:])
        self.assertRegex(err[-1], r"^<3>time=\S+ level=error event=error method=GET route=/agreement-documents/\{id\} "
                                  r"status=500 code=\S+ message=")
        req = [m for m in self.lines(self.journal, "") if m.group(6) == "500"]
        self.assertTrue(req, "no request line for the 500")
        self.assertEqual((req[-1].group(1), req[-1].group(3)), ("<3>", "error"), req[-1].group(0))

    def test_without_journal_no_prefix_and_it_can_be_turned_off(self):
        plain = H.start_server()
        plain.client().get("/login")
        got = self.lines(plain, "")
        self.assertTrue(got and all(m.group(1) is None for m in got), plain.stderr())
        self.quiet.client().get("/login")
        self.assertEqual(self.lines(self.quiet, ""), [], self.quiet.stderr())


class Sites(H.BekalTest):
    @classmethod
    def setUpClass(cls):
        H.setup_db()

    def test_add_list_refuse_twice_audited(self):
        code = H.uniq("S").upper()
        audits = H.audit_count()
        r = H.cli("site", "add", code, "--name", "Rutan Kelas IIB Contoh", "--region", "Kalimantan Barat",
                  "--city", "Contoh")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(H.audit_count(), audits + 1)
        row = H.db_query("SELECT name, region, city FROM site WHERE code = ?", (code,))[0]
        self.assertEqual(tuple(str(v) for v in row), ("Rutan Kelas IIB Contoh", "Kalimantan Barat", "Contoh"))
        r = H.cli("site", "list")
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.out, r"(?m)^%s\s+Rutan Kelas IIB Contoh\s+Kalimantan Barat$" % code)
        r = H.cli("site", "add", code, "--name", "lagi")
        self.assertEqual(r.code, 1, r)
        self.assertIn("sudah ada", r.err)
        self.assertEqual(H.audit_count(), audits + 1)
        for bad in (["site", "add", "a b", "--name", "x"], ["site", "add", code + "X", "--name", ""]):
            r = H.cli(*bad)
            self.assertEqual(r.code, 1, r)
        r = H.cli("site", "add", "NONAME")
        self.assertEqual(r.code, 2, r)
        name = "adm" + code.lower()
        H.add_user(name, "admin", code)
        r = H.cli("check")
        self.assertEqual(r.code, 0, r)


if __name__ == "__main__":
    H.main()
