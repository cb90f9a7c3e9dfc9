"""harness.py — black-box test harness for the real `bekal` binary.

Used by tests/http/test_*.py (run by tests/run-all.sh, one fresh database per file):

  BEKAL_BIN           the binary under test (default build/asan/bekal)
  BEKAL_TEST_DB       a fresh SQLite path or postgres://... URL (default: a temp file)
  BEKAL_TEST_DB_KIND  sqlite | postgres (default: from the URL)
  BEKAL_TEST_TEMPLATE a database holding `init --demo` (tests/run-all.sh makes one per
                      kind with `harness.py template DB`): setup_db() copies it
  BEKAL_TEST_KEEPALIVE 0: a new TCP connection per request (default: one kept-alive
                      connection per client and thread)

What it gives a test file:
  * setup_db()        `bekal --db URL init --demo` (or a copy of BEKAL_TEST_TEMPLATE),
                      once per process
  * Server            `bekal serve` on a free loopback port; stop() sends SIGTERM and
                      asserts a clean exit (0 within 10 s, no ASan/UBSan/LSan report)
  * Client            cookie jar, form/JSON/multipart helpers, login(), CSRF handling,
                      Bearer tokens; never follows redirects, never raises on 4xx/5xx
  * cli()             runs a subcommand, captures exit code/stdout/stderr and fails on
                      any sanitizer report
  * db_exec/db_query  tamper with or inspect the database directly (sqlite3 module or
                      psql), bypassing the application; on PostgreSQL through one psql
                      session kept open, on SQLite a kept connection with keep=True
  * main()            unittest.main(); exit status is non-zero on any failure

Python 3 standard library only.
"""
import atexit
import datetime
import functools
import html
import http.client
import http.cookiejar
import itertools
import json
import os
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.path.join(ROOT, os.environ.get("BEKAL_BIN") or "build/asan/bekal"))
_TMP = tempfile.mkdtemp(prefix="bekal-http-")
DB = os.environ.get("BEKAL_TEST_DB") or os.path.join(_TMP, "test.db")
KIND = os.environ.get("BEKAL_TEST_DB_KIND") or ("postgres" if DB.startswith("postgres") else "sqlite")
IS_PG = KIND == "postgres"
DEMO_PASSWORD = "bekal123"
SITE_A, SITE_B = "LPKTP", "LPPTK"  # Ketapang, Pontianak (src/cli/demo.c)

ENV = dict(os.environ)
ENV.pop("BEKAL_DB", None)
ENV.pop("BEKAL_LISTEN", None)
ENV.setdefault("BEKAL_CONFIG", "none")  # never an installed /etc/bekal/bekal.conf
ENV.pop("JOURNAL_STREAM", None)
ENV.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:print_summary=1:"
               "allocator_release_to_os_interval_ms=-1:quarantine_size_mb=32")  # see tests/run-all.sh
ENV.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
ENV.setdefault("BEKAL_ARGON2_OPS", "1")
ENV.setdefault("BEKAL_ARGON2_MEM_KIB", "8")  # cheap hashes: see tests/run-all.sh

# The tests' clock (issue 18): no test depends on the day it runs. The test build of
# bekal reads BEKAL_NOW (src/util/util.c clock_now); every bekal this harness starts is
# given the harness's own "now", which starts at BEKAL_TEST_TODAY (default below, 05:00
# UTC: midday in WIB) when this module is imported and runs at the real pace. Tests
# compare the server's times with now() and its dates with TODAY, never time.time().
TODAY = datetime.date.fromisoformat(os.environ.get("BEKAL_TEST_TODAY") or "2026-12-07")
# A whole number of seconds: the server's clock (whole seconds, from BEKAL_NOW) then
# reads exactly floor(now()), never a second behind or ahead of the tests' clock.
_CLOCK_OFFSET = round(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 5, 0, 0,
                                        tzinfo=datetime.timezone.utc).timestamp() - time.time())

# The fixed dates the date-dependent tests also run at (tests/run-all.sh, tests/dates.sh,
# test_dates_en.py, i18n_pages.py): a day in each month whose English name differs from
# the Indonesian one, month ends, a leap day, the last day of a year, holidays.
FIXED_DATES = ["2026-12-31", "2027-01-31", "2027-03-31", "2027-05-01", "2027-06-30", "2027-07-15",
               "2027-08-17", "2027-10-31", "2028-02-29"]


def set_today(d):
    """Moves the test clock to d ("YYYY-MM-DD" or a date), 05:00 UTC, for the processes
    started from now on (a server already running keeps its clock). For a module that
    runs its checks at several dates in one process; read H.TODAY at call time."""
    global TODAY, _CLOCK_OFFSET
    TODAY = d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)
    _CLOCK_OFFSET = round(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 5, 0, 0,
                                            tzinfo=datetime.timezone.utc).timestamp() - time.time())
    clock_env(ENV)


def now():
    """The test clock, as a Unix time (what time.time() would be on TODAY)."""
    return time.time() + _CLOCK_OFFSET


def now_iso(shift=0):
    """now() + shift seconds as "YYYY-MM-DDTHH:MM:SSZ", as the server writes times."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now() + shift))


def day(offset=0):
    """TODAY + offset days, as "YYYY-MM-DD"."""
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def clock_env(e):
    """e with BEKAL_NOW set to the test clock's instant, anchored to the real Unix time
    (util.c clock_now: "...@EPOCH"), so that the process's clock reads floor(now())
    however late it first looks at it."""
    t = int(time.time())
    e["BEKAL_NOW"] = "%s@%d" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t + _CLOCK_OFFSET)), t)
    return e


clock_env(ENV)   # for processes a test starts itself (the import in test_crash)

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer", "SUMMARY: AddressSanitizer")


def sanitizer_report(text):
    """The first sanitizer marker found in text, or None."""
    for m in SANITIZER_MARKERS:
        if m in text:
            return m
    return None


_counter = itertools.count(1)


def uniq(prefix="T"):
    """A short string unique within this run (and, practically, across runs)."""
    return "%s%d%s" % (prefix, next(_counter), uuid.uuid4().hex[:6])


# ---------------------------------------------------------------- command line

class CliResult:
    def __init__(self, args, code, out, err):
        self.args, self.code, self.out, self.err = args, code, out, err

    def __repr__(self):
        return "<bekal %s: exit %s\n--- stdout\n%s\n--- stderr\n%s>" % (
            " ".join(self.args), self.code, self.out[-3000:], self.err[-3000:])


def cli(*args, stdin=None, db=DB, timeout=180, env=None):
    """Runs `bekal [--db DB] ARGS...`; db=None leaves --db out. Fails the calling test on
    a sanitizer report. Returns CliResult(code, out, err) with text output."""
    argv = [BIN] + (["--db", db] if db is not None else []) + [str(a) for a in args]
    e = clock_env(dict(ENV))
    if env:
        e.update(env)  # an explicit BEKAL_NOW wins over the test clock
    p = subprocess.run(argv, input=stdin.encode() if isinstance(stdin, str) else stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, timeout=timeout,
                       cwd=_TMP)
    r = CliResult(argv[1:], p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))
    bad = sanitizer_report(r.err)
    if bad:
        raise AssertionError("sanitizer report (%s) from %r" % (bad, r))
    return r


_db_ready = False
# A database that already holds `bekal init --demo` (made once per suite run by
# tests/run-all.sh, see make_template below): setup_db() copies it (SQLite: the file;
# PostgreSQL: CREATE DATABASE ... TEMPLATE) instead of running init --demo under ASan
# in every test module. Unset: setup_db() runs init --demo.
TEMPLATE = os.environ.get("BEKAL_TEST_TEMPLATE") or None


def setup_db():
    """Creates the schema and the demo data once per process (from TEMPLATE when set)."""
    global _db_ready
    if _db_ready:
        return
    if TEMPLATE and os.environ.get("BEKAL_TEST_TEMPLATE_DAY", "").strip() == TODAY.isoformat():
        clone_db(TEMPLATE, DB)   # the demo is built around its day: only a template of TODAY will do
    else:
        r = cli("init", "--demo", timeout=600)
        if r.code != 0:
            raise RuntimeError("bekal init --demo failed: %r" % r)
    _db_ready = True


def make_template(db):
    """`bekal init --demo` into db (an empty database or a new SQLite path), left ready
    to be copied by clone_db: on SQLite the WAL is checkpointed into the file."""
    r = cli("init", "--demo", db=db, timeout=600)
    if r.code != 0:
        raise RuntimeError("bekal init --demo failed: %r" % r)
    if not db.startswith("postgres"):
        con = sqlite3.connect(_sqlite_path(db), timeout=30)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()


def _pg_split(url):
    """postgres://user@host:port/name -> (url of the maintenance database, name)."""
    u = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/postgres", u.query, u.fragment)), u.path.lstrip("/")


def clone_db(template, db):
    """db becomes a copy of template (made by make_template; nothing may be connected
    to it). SQLite: an online copy with the backup API; PostgreSQL: db is dropped and
    created again from template."""
    _close_kept(db)
    if db.startswith("postgres"):
        admin, name = _pg_split(db)
        tname = _pg_split(template)[1]
        for attempt in range(20):  # the other lane may be cloning the same template at this moment
            p = subprocess.run(["psql", admin, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                "-c", 'DROP DATABASE IF EXISTS "%s"' % name,
                                "-c", 'CREATE DATABASE "%s" TEMPLATE "%s"' % (name, tname)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            if p.returncode == 0:
                return
            if b"is being accessed by other users" not in p.stderr:
                break
            time.sleep(0.2 + 0.1 * attempt)
        raise RuntimeError("cloning %s from template %s failed: %s" % (name, tname, p.stderr.decode()))
    path = _sqlite_path(db)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    src = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(_sqlite_path(template)), uri=True, timeout=30)
    dst = sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def add_user(name, role, sites, password=DEMO_PASSWORD):
    r = cli("user", "add", name, "--role", role, "--site", sites, "--password-stdin", stdin=password + "\n")
    if r.code != 0:
        raise AssertionError("user add failed: %r" % r)
    return name


def token_for(name):
    r = cli("token", "create", name)
    if r.code != 0:
        raise AssertionError("token create failed: %r" % r)
    tok = r.out.strip().splitlines()[-1].strip()
    if not tok.startswith("bk_"):
        raise AssertionError("unexpected token output: %r" % r)
    return tok


# ---------------------------------------------------------------- database

def _lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def _render(sql, params):
    parts = sql.split("?")
    if len(parts) - 1 != len(params):
        raise ValueError("placeholder count mismatch in %r" % sql)
    out = [parts[0]]
    for p, rest in zip(params, parts[1:]):
        out.append(_lit(p))
        out.append(rest)
    return "".join(out)


_NULL = "\x01NULL\x01"


def _sqlite_path(db):
    return db[7:] if db.startswith("sqlite:") else db


class _Psql:
    """One psql process kept open on a database: statements are written to its stdin
    and its answer is read up to a marker line. Saves starting psql (and a server
    backend) for every db_query on PostgreSQL. Used for plain single statements only
    (see _kept_ok); anything else still gets a psql of its own."""

    def __init__(self, url):
        self.err = tempfile.TemporaryFile(dir=_TMP)
        self.p = subprocess.Popen(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=0", "-A", "-t",
                                   "-F", "\x1f", "-R", "\x1e", "-P", "null=" + _NULL],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.n = 0

    def query(self, text):
        self.n += 1
        mark = "\x02end%d.%s" % (self.n, uuid.uuid4().hex)
        err_at = self.err.seek(0, os.SEEK_END)
        self.p.stdin.write((text.rstrip().rstrip(";") + ";\n\\echo " + mark + " :ERROR\n").encode())
        self.p.stdin.flush()
        buf, want = b"", mark.encode() + b" "
        fd = self.p.stdout.fileno()
        while True:
            at = buf.find(want)
            if at >= 0 and b"\n" in buf[at:]:
                break
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise RuntimeError("psql ended: %s\n%s" % (text, self._err(err_at)))
            buf += chunk
        out, status = buf[:at], buf[at + len(want):buf.index(b"\n", at)].strip()
        if status != b"false":
            raise RuntimeError("psql failed: %s\n%s" % (text, self._err(err_at)))
        return out.decode()

    def _err(self, at):
        self.err.seek(at)
        return self.err.read().decode("utf-8", "replace")

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(10)
        except Exception:  # noqa: BLE001
            self.p.kill()


_kept = {}  # database -> _Psql | sqlite3.Connection kept open
_kept_lock = threading.Lock()
_KEPT_RE = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.I)


def _kept_ok(text):
    """A statement the kept psql session runs exactly as `psql -c` would: one plain
    statement (no ';' inside, no backslash or comment, nothing psql would read as a :variable),
    that leaves no session state behind."""
    return bool(_KEPT_RE.match(text)) and ";" not in text.rstrip().rstrip(";") and "\\" not in text \
        and "--" not in text and "/*" not in text and not re.search(r"(?<!:):['\"A-Za-z_{]", text)


def _close_kept(db=None):
    """Closes the kept database sessions (of db, or all)."""
    with _kept_lock:
        for k in [k for k in _kept if db is None or k == db]:
            _kept.pop(k).close()


atexit.register(_close_kept)


def _parse_psql(out):
    rows = []
    for rec in out.split("\x1e"):
        rec = rec.strip("\n")
        if rec == "":
            continue
        rows.append(tuple(None if c == _NULL else c for c in rec.split("\x1f")))
    return rows


def db_query(sql, params=(), db=DB, keep=False):
    """Runs one statement directly against the database (no application involved).
    '?' placeholders are replaced by quoted literals. Returns rows as tuples of str or
    None (numbers as their decimal text).
    PostgreSQL: plain single statements go through one psql session kept open per
    database. SQLite: keep=True keeps one connection open for the next calls (a fresh
    connection costs a schema read; keep only where no test needs the file closed,
    e.g. journal-mode changes, and close with db_release())."""
    text = _render(sql, tuple(params))
    if db.startswith("postgres"):
        if _kept_ok(text):
            with _kept_lock:
                if db not in _kept:
                    _kept[db] = _Psql(db)
                return _parse_psql(_kept[db].query(text))
        p = subprocess.run(["psql", db, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t",
                            "-F", "\x1f", "-R", "\x1e", "-P", "null=" + _NULL, "-c", text],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("psql failed: %s\n%s" % (text, p.stderr.decode()))
        return _parse_psql(p.stdout.decode())
    path = _sqlite_path(db)
    if keep or db in _kept:
        with _kept_lock:
            con = _kept.get(db)
            if con is not None and con.ident != _file_id(path):  # the file was replaced or removed
                _kept.pop(db).close()
                con = None
            if con is None:
                con = _kept[db] = _Sqlite(path)
            return con.run(text)
    con = sqlite3.connect(path, timeout=30)
    try:
        cur = con.execute(text)
        rows = cur.fetchall()
        con.commit()
    finally:
        con.close()
    return _sqlite_rows(rows)


def _sqlite_rows(rows):
    return [tuple(None if c is None else (c.decode() if isinstance(c, bytes) else str(c)) for c in r)
            for r in rows]


def _file_id(path):
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except OSError:
        return None


class _Sqlite:
    """A kept SQLite connection (db_query(keep=True)); its file's identity, to notice a
    file put in its place (the open connection keeps the old inode alive, so a new
    file cannot get the same number)."""

    def __init__(self, path):
        self.con = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.ident = _file_id(path)

    def run(self, text):
        cur = self.con.execute(text)
        rows = cur.fetchall()
        self.con.commit()
        return _sqlite_rows(rows)

    def close(self):
        self.con.close()


def db_release(db=DB):
    """Closes the database session db_query keeps open for db (if any)."""
    _close_kept(db)


def db_exec(sql, params=(), db=DB, keep=False):
    db_query(sql, params, db, keep)


def db_one(sql, params=(), db=DB, keep=False):
    rows = db_query(sql, params, db, keep)
    return rows[0][0] if rows else None


def wbp_count(site=None):
    if site:
        return int(db_one("SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ?", (site,)))
    return int(db_one("SELECT count(*) FROM wbp"))


def wbp_ids(site, limit=5):
    return [int(r[0]) for r in db_query(
        "SELECT w.id FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = ? ORDER BY w.id LIMIT ?",
        (site, limit))]


def wbp_row(wid, cols="regno, name"):
    rows = db_query("SELECT %s FROM wbp WHERE id = ?" % cols, (wid,))
    return rows[0] if rows else None


def audit_count():
    return int(db_one("SELECT count(*) FROM audit_log"))


def months_back(k):
    """The month k whole months before TODAY's month, as "YYYY-MM" (1: last month)."""
    y, m = TODAY.year, TODAY.month - k
    while m < 1:
        m += 12
        y -= 1
    return "%04d-%02d" % (y, m)


def make_eligible(client, wid, months=4):
    """Give WBP wid good SPPN scores for the last `months` complete months before TODAY
    (issue 20: an usulan needs active pembinaan, i.e. scores for the last 3 months).
    client: a harness client of a user who may write pembinaan at the inmate's site."""
    for k in range(1, months + 1):
        r = client.api("POST", "/api/v1/wbp/%d/sppn" % wid, {"month": months_back(k), "score": 85, "predicate": "baik"})
        if r.status != 201:
            raise AssertionError("make_eligible: SPPN %s for WBP %d: %r" % (months_back(k), wid, r))


# an inmate whose time served allows every benefit (detained in 2018, a 12-year term);
# with make_eligible's scores and no discipline, an usulan for him is accepted
ELIGIBLE_WBP = {"detention_start": "2018-01-01", "term_years": 12, "term_months": 0}


def eligible_wbp(client, **over):
    """Create (through the API, as client) an inmate an usulan can be made for: ELIGIBLE_WBP
    terms and make_eligible's scores; keyword arguments override valid_wbp's fields. The
    demo account `wali` gets it in its caseload when it works at the inmate's site (issue
    21: a wali proposes only for the caseload). Returns the created WBP's JSON."""
    r = client.api("POST", "/api/v1/wbp", valid_wbp(**dict(ELIGIBLE_WBP, **over)))
    if r.status != 201:
        raise AssertionError("eligible_wbp: %r" % r)
    w = r.json()
    make_eligible(client, w["id"])
    assign_caseload(client, w["id"])
    return w


def assign_caseload(client, wid, wali="wali"):
    """Put inmate wid in the caseload of the wali account `wali` (through the API, as client:
    admin or staf), when that account works at the inmate's site; returns the assignment's
    id, or None when it does not."""
    uid = db_one("SELECT u.id FROM app_user u JOIN user_site us ON us.user_id = u.id JOIN wbp w "
                 "ON w.site_id = us.site_id WHERE u.name = ? AND u.role = 'wali' AND w.id = ?", (wali, wid))
    if uid is None:
        return None
    r = client.api("POST", "/api/v1/caseloads", {"wbp_id": wid, "user_id": int(uid)})
    if r.status != 201:
        raise AssertionError("assign_caseload: %r" % r)
    return r.json()["id"]


def valid_wbp(**over):
    """A valid WBP as API JSON / form fields; keyword arguments override."""
    d = {"regno": uniq("REG/"), "name": "Uji " + uniq("N"), "birth_date": "1990-04-01", "sex": "L",
         "religion": "Islam", "crime_category": "umum", "term_years": 2, "term_months": 6,
         "detention_start": "2020-01-15"}
    d.update(over)
    return {k: v for k, v in d.items() if v is not ...}


# ---------------------------------------------------------------- server

def table_rows(text):
    """The cells (tags removed) of each row of the page's last table body."""
    tb = text.rsplit("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", tb, re.S):
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
    return [r for r in rows if len(r) > 1]


def sort_links(text):
    """Column heading -> its link (sortable headings only)."""
    return {html.unescape(re.sub(r"<[^>]+>|[▲▼]", "", m[1])).strip(): html.unescape(m[0])
            for m in re.findall(r'<th scope="col"[^>]*><a href="([^"]+)">(.*?)</a></th>', text)}


def asks_confirmation(r):
    """A page delete without confirm=1 answers a page asking for it, and deletes nothing."""
    return r.status == 200 and 'name="confirm" value="1"' in r.text


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _early_answer(conn, method):
    """(response, body) the server sent on conn before the request was fully sent (it
    answered from the headers and closed), or None when there is none to read."""
    if conn.sock is None:
        return None
    resp = http.client.HTTPResponse(conn.sock, method=method)
    try:
        resp.begin()
        return resp, resp.read()
    except (http.client.HTTPException, OSError):
        return None


class Server:
    """One `bekal serve` process on a free loopback port."""

    def __init__(self, db=DB, env=None, args=()):
        self.db, self.env, self.proc, self.args = db, env, None, list(args)

    def start(self, timeout=60):
        for attempt in range(3):
            self.port = free_port()
            self.base = "http://127.0.0.1:%d" % self.port
            self._out = tempfile.TemporaryFile(dir=_TMP)
            self._err = tempfile.TemporaryFile(dir=_TMP)
            e = clock_env(dict(ENV))
            if self.env:
                e.update(self.env)  # an explicit BEKAL_NOW wins over the test clock
            self.proc = subprocess.Popen([BIN, "--db", self.db, "serve", "--listen", "127.0.0.1:%d" % self.port]
                                         + self.args,
                                         stdout=self._out, stderr=self._err, env=e, cwd=_TMP)
            deadline = time.time() + timeout
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                        if r.status == 200:
                            return self
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                time.sleep(0.1)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("bekal serve did not answer /healthz within %ds:\n%s" % (timeout, self.stderr()))
            err = self.stderr()
            if "port terpakai" not in err and "tidak dapat mendengarkan" not in err:
                raise RuntimeError("bekal serve exited with %s:\n%s" % (self.proc.returncode, err))
        raise RuntimeError("bekal serve could not find a free port")

    def stderr(self):
        self._err.seek(0)
        return self._err.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM; asserts exit 0 within 10 s and no sanitizer report. Idempotent."""
        if self.proc is None:
            return
        p, self.proc = self.proc, None
        already = p.poll()
        if already is None:
            p.send_signal(signal.SIGTERM)
            try:
                rc = p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                raise AssertionError("bekal serve did not exit within 10 s of SIGTERM\n" + self._tail())
        else:
            rc = already
        self.proc = None
        err = self._tail()
        bad = sanitizer_report(err)
        if bad:
            raise AssertionError("bekal serve stderr has a sanitizer report (%s):\n%s" % (bad, err))
        if already is not None:
            raise AssertionError("bekal serve had died before SIGTERM (exit %s):\n%s" % (rc, err))
        if rc != 0:
            raise AssertionError("bekal serve exited %s on SIGTERM (want 0):\n%s" % (rc, err))

    def _tail(self):
        self.proc_stderr = self.stderr()
        return self.proc_stderr[-20000:]

    def client(self, **kw):
        return Client(self, **kw)


_servers = []


def start_server(**kw):
    s = Server(**kw).start()
    _servers.append(s)
    return s


def stop_servers():
    """For tearDownModule: stops every server this process started; raises on any
    unclean exit or sanitizer report (which fails the run)."""
    errors = []
    while _servers:
        s = _servers.pop()
        try:
            s.stop()
        except AssertionError as ex:
            errors.append(str(ex))
    if errors:
        raise AssertionError("\n\n".join(errors))


# ---------------------------------------------------------------- client

def _closed_by_peer(conn):
    """True when the server has closed the kept connection (it is readable while idle)."""
    if conn.sock is None:
        return True
    try:
        r, _, _ = select.select([conn.sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(r)


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @functools.cached_property
    def text(self):
        """The body decoded once (a test may look for many strings in it: test_matrix's
        other-site data in every list it is allowed)."""
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        return self.headers.get(name)

    def cookies(self):
        return self.headers.get_all("Set-Cookie") or []

    def cookie(self, name):
        """The raw Set-Cookie header for name, or None."""
        for c in self.cookies():
            if c.split("=", 1)[0].strip() == name:
                return c
        return None

    def __repr__(self):
        return "<%s %s: %s>" % (self.status, self.url, self.text[:1500])


class _NoRaise(urllib.request.HTTPErrorProcessor):
    """Hands every response back as is: no exceptions for 4xx/5xx, no redirects."""

    def http_response(self, request, response):
        return response

    https_response = http_response


CSRF_RE = re.compile(r'name="_csrf" value="([^"]*)"')


def find_csrf(html):
    m = CSRF_RE.search(html)
    return m.group(1) if m else None


def encode_multipart(fields, files):
    """fields: list of (name, value); files: list of (name, filename, bytes, ctype)."""
    boundary = "----bekaltest" + uuid.uuid4().hex
    out = []
    for k, v in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, k)).encode())
        out.append(v.encode() if isinstance(v, str) else v)
        out.append(b"\r\n")
    for k, fname, data, ctype in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, k, fname, ctype)).encode())
        out.append(data)
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


class _SourceHandler(urllib.request.HTTPHandler):
    """Connects from a given local address (any 127.0.0.0/8 address works on Linux)."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def http_open(self, req):
        import http.client
        return self.do_open(lambda host, **kw: http.client.HTTPConnection(
            host, source_address=(self.source, 0), **kw), req)


def raw_http(server, data, source=None, timeout=10, read_limit=1 << 20):
    """Sends the bytes `data` on a fresh connection (optionally from the local address
    `source`) and reads until the server closes or answers a whole response.
    Returns (status or None, head text, body bytes)."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    try:
        s.sendall(data)
        got = b""
        while len(got) < read_limit:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            got += chunk
            head, sep, body = got.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if sep and m and len(body) >= int(m.group(1)):
                break
    finally:
        s.close()
    head, _, body = got.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return (int(m.group(1)) if m else None), head.decode("latin-1"), body


# Clients keep one connection (HTTP/1.1 keep-alive) per thread to their server instead
# of a new TCP connection for every request; BEKAL_TEST_KEEPALIVE=0 goes back to one
# connection per request. The request sent is the same either way (urllib's headers,
# Content-Type defaulting to the form type for a body without one), except "Connection".
KEEPALIVE = os.environ.get("BEKAL_TEST_KEEPALIVE", "1") != "0"
_UA = "Python-urllib/%d.%d" % sys.version_info[:2]


class Client:
    """An HTTP client for one user: cookie jar + the session's CSRF token, or a Bearer
    token. Methods return Response and never follow redirects."""

    def __init__(self, server, token=None, source=None):  # noqa: D401
        self.server = server
        self.base = server.base
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), _NoRaise]
        if source:  # another loopback address (127.0.0.N): a client from another address
            handlers.append(_SourceHandler(source))
        self.opener = urllib.request.build_opener(*handlers)
        self.csrf = None
        self.token = token
        self.source = source
        self._local = threading.local()
        self._conns = []  # every kept connection of every thread, closed with the client

    def close(self):
        """Closes the kept connections (also done when the client is collected)."""
        for conn in self._conns:
            conn.close()
        self._conns = []

    __del__ = close

    def request(self, method, path, body=None, headers=None, timeout=60):
        url = path if path.startswith("http") else self.base + path
        h = {}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        req = urllib.request.Request(url, data=body, method=method, headers=h)
        if KEEPALIVE:
            return self._kept(req, url, timeout)
        try:
            resp = self.opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as e:  # should not happen with _NoRaise
            resp = e
        with resp:
            data = resp.read()
            return Response(resp.status if hasattr(resp, "status") else resp.code, resp.headers, data, url)

    def _kept(self, req, url, timeout):
        """The request over this thread's kept connection (a new one when there is none,
        or the server closed it): the headers urllib would send, then the cookies."""
        if req.data is not None:
            if not req.has_header("Content-type"):
                req.add_unredirected_header("Content-type", "application/x-www-form-urlencoded")
            if not req.has_header("Content-length"):
                req.add_unredirected_header("Content-length", str(len(req.data)))
        if not req.has_header("Host"):
            req.add_unredirected_header("Host", req.host)
        if not req.has_header("User-agent"):
            req.add_unredirected_header("User-agent", _UA)
        self.jar.add_cookie_header(req)
        hdrs = dict(req.unredirected_hdrs)
        hdrs.update({k: v for k, v in req.headers.items() if k not in hdrs})
        hdrs = {k.title(): v for k, v in hdrs.items()}
        key = (req.host, timeout)
        conn = getattr(self._local, "conn", None)
        if conn is not None and (getattr(self._local, "key", None) != key or _closed_by_peer(conn)):
            conn.close()
            conn = None
        reused = conn is not None
        if conn is None:
            conn = http.client.HTTPConnection(req.host, timeout=timeout,
                                              source_address=(self.source, 0) if self.source else None)
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._local.conn, self._local.key = conn, key
            self._conns = [c for c in self._conns if c.sock is not None] + [conn]
        try:
            try:
                conn.request(req.get_method(), req.selector, req.data, hdrs)
            except (ConnectionResetError, BrokenPipeError):
                # the server may answer from the headers alone (an oversized body: 413) and close
                # before reading the body; its answer is still in the socket: read it
                early = _early_answer(conn, req.get_method())
                if early is None:
                    raise
                conn.close()
                self._local.conn = None
                self.jar.extract_cookies(early[0], req)
                return Response(early[0].status, early[0].headers, early[1], url)
            resp = conn.getresponse()
            data = resp.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            self._local.conn = None
            # an idle connection the server closed just now: once more on a new one (reads only;
            # a write's outcome is unknown, as it would be without keep-alive)
            if reused and req.get_method() in ("GET", "HEAD"):
                return self._kept(req, url, timeout)
            raise
        except BaseException:
            conn.close()
            self._local.conn = None
            raise
        if resp.will_close:
            conn.close()
            self._local.conn = None
        self.jar.extract_cookies(resp, req)
        return Response(resp.status, resp.headers, data, url)

    def get(self, path, params=None, headers=None):
        if params:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(params)
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields=None, csrf=True, headers=None):
        """fields: dict or list of pairs. csrf=True adds the session's _csrf (if known);
        a string adds that value; False sends none."""
        items = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        items = [(k, "" if v is None else str(v)) for k, v in items]
        if csrf is True and self.csrf:
            items.append(("_csrf", self.csrf))
        elif isinstance(csrf, str):
            items.append(("_csrf", csrf))
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, urllib.parse.urlencode(items).encode(), h)

    def post_multipart(self, path, fields=(), files=(), csrf=True):
        fields = list(fields)
        if csrf is True and self.csrf:
            fields.append(("_csrf", self.csrf))
        elif isinstance(csrf, str):
            fields.append(("_csrf", csrf))
        body, ctype = encode_multipart(fields, list(files))
        return self.request("POST", path, body, {"Content-Type": ctype})

    def upload_csv(self, csv_text, site=None, dry_run=False, csrf=True, filename="wbp.csv"):
        data = csv_text.encode("utf-8") if isinstance(csv_text, str) else csv_text
        fields = []
        if site:
            fields.append(("site", site))
        if dry_run:
            fields.append(("dry_run", "1"))
        return self.post_multipart("/wbp/import", fields, [("file", filename, data, "text/csv")], csrf=csrf)

    def api(self, method, path, obj=None, raw=None, ctype="application/json", csrf=True, headers=None):
        """JSON API call. With cookie auth and csrf=True, sends X-CSRF-Token on unsafe
        methods. obj is serialised as JSON; raw (bytes) is sent as is."""
        h = {}
        body = None
        if obj is not None:
            body = json.dumps(obj).encode()
        if raw is not None:
            body = raw
        if body is not None and ctype:
            h["Content-Type"] = ctype
        if method not in ("GET", "HEAD") and not self.token:
            if csrf is True and self.csrf:
                h["X-CSRF-Token"] = self.csrf
            elif isinstance(csrf, str):
                h["X-CSRF-Token"] = csrf
        h.update(headers or {})
        return self.request(method, path, body, h)

    def sid(self):
        for c in self.jar:
            if c.name == "bekal_sid":
                return c.value
        return None

    def set_sid(self, value):
        """Puts a bekal_sid cookie for this client's server into the jar (e.g. a session
        made on another server)."""
        host = urllib.parse.urlparse(self.base).hostname
        c = http.cookiejar.Cookie(0, "bekal_sid", value, None, False, host, False, False, "/", True, False,
                                  None, False, None, None, {})
        self.jar.set_cookie(c)

    def login(self, name, password=DEMO_PASSWORD, next_path=None, expect=303):
        """GET /login for the login CSRF field + bekal_lc cookie, POST the form, then load
        / to learn the session CSRF token. Returns the POST's Response."""
        r = self.get("/login")
        if r.status != 200:
            raise AssertionError("GET /login: %r" % r)
        lc = find_csrf(r.text)
        fields = [("name", name), ("password", password), ("_csrf", lc)]
        if next_path is not None:
            fields.append(("next", next_path))
        r = self.post_form("/login", fields, csrf=False)
        if expect is not None and r.status != expect:
            raise AssertionError("login %s: want %s, got %r" % (name, expect, r))
        if r.status == 303:
            self.refresh_csrf()
        return r

    def refresh_csrf(self, path="/"):
        r = self.get(path)
        if r.status != 200:
            raise AssertionError("GET %s after login: %r" % (path, r))
        self.csrf = find_csrf(r.text)
        if not self.csrf or len(self.csrf) != 64:
            raise AssertionError("no session _csrf on %s: %r" % (path, r))
        return self.csrf


def main():
    """unittest.main with verbose output; exits non-zero on any failure or error."""
    sys.stdout.reconfigure(line_buffering=True)
    print("bekal http tests: bin=%s db-kind=%s db=%s today=%s" % (BIN, KIND, DB, TODAY), file=sys.stderr)
    if not os.access(BIN, os.X_OK):
        print("FATAL: %s is not an executable (build it with `make asan`)" % BIN, file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)


class BekalTest(unittest.TestCase):
    """TestCase with a few assertions that print the response on failure."""
    maxDiff = 4000

    def assertStatus(self, r, want, msg=None):
        wants = want if isinstance(want, (tuple, list, set)) else (want,)
        if r.status not in wants:
            self.fail("%sHTTP %s, want %s: %r" % ((msg + ": ") if msg else "", r.status, want, r))

    def assertApiError(self, r, status, code=None):
        self.assertStatus(r, status)
        ct = r.header("Content-Type") or ""
        self.assertTrue(ct.startswith("application/json"), "error reply not JSON (%s): %r" % (ct, r))
        j = r.json()
        self.assertIn("error", j, r)
        self.assertIsInstance(j["error"].get("code"), str, r)
        self.assertIsInstance(j["error"].get("message"), str, r)
        self.assertTrue(j["error"]["message"], r)
        if code is not None:
            self.assertEqual(j["error"]["code"], code, r)
        return j["error"]

    def assertRedirect(self, r, to_prefix):
        self.assertStatus(r, (302, 303))
        loc = r.header("Location") or ""
        self.assertTrue(loc.startswith(to_prefix), "Location %r, want %r...: %r" % (loc, to_prefix, r))
        return loc


if __name__ == "__main__":
    # tests/run-all.sh: `harness.py template DB` makes the demo database the test
    # modules copy (BEKAL_TEST_TEMPLATE), with this harness's clock and settings.
    if len(sys.argv) != 3 or sys.argv[1] != "template":
        sys.exit("usage: harness.py template DB")
    make_template(sys.argv[2])
    print(TODAY.isoformat())   # the day the demo was built around (run-all: template.KIND.day)
