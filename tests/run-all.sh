#!/usr/bin/env bash
# The whole suite, under ASan+UBSan: unit tests (cmocka), golden calculator files,
# black-box HTTP tests against the real binary. Runs once on SQLite and once on a
# throwaway PostgreSQL cluster (argument: sqlite | postgres | both). Ends with
# "N passed, M failed".
# Tests run in lanes (BEKAL_TEST_JOBS, default one per core): each lane takes the
# next test from one queue (the slowest first), its output goes to a log file that is
# printed whole when the test ends. BEKAL_TEST_JOBS=1 runs them one after another in
# the old order, output as it comes. Every test is timed; the slowest ten are listed.
# The HTTP tests copy a demo database made once per kind (BEKAL_TEST_TEMPLATE).
set -uo pipefail
cd "$(dirname "$0")/.."
which_db="${1:-both}"
# allocator_release_to_os_interval_ms=-1: the sanitizer allocator keeps freed pages
# instead of handing them back with madvise every few seconds (that cost a server about
# a third of its CPU time, most of it in the kernel); every check stays on.
# quarantine_size_mb=32 (default 256): freed memory waits in quarantine until 32 MB more
# have been freed, not 256 MB, so allocations reuse warm pages instead of faulting in
# fresh ones (a test server's CPU per request fell by ~40 %). A use after free is still
# caught while less than 32 MB was freed in between: many requests' worth.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:print_summary=1:allocator_release_to_os_interval_ms=-1:quarantine_size_mb=32"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Cheap hashes in tests only: one pass over 8 KiB, the least libsodium allows. At 8 MiB
# the logins alone (hashing, and the kernel mapping and clearing the memory) cost a
# fifth of the access matrix's CPU under ASan. Production keeps its default (auth.c).
export BEKAL_ARGON2_OPS=1 BEKAL_ARGON2_MEM_KIB=8
# One today for every test (issue 18): the unit tests and anything else that runs the
# test build read BEKAL_NOW; the HTTP harness and the browser story set their own from
# BEKAL_TEST_TODAY (see db_http below).
export BEKAL_NOW="${BEKAL_TEST_TODAY:-2026-12-07}"
BIN=build/asan/bekal
# One lane per core. (A third lane on 2 cores was tried: the lanes' summed CPU time rose
# by a fifth and the suite took as long; the "waiting" is PostgreSQL's and chromium's CPU.)
JOBS="${BEKAL_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || { echo "run-all: BEKAL_TEST_JOBS must be a positive number" >&2; exit 2; }
TMP=$(mktemp -d)
mkdir -p "$TMP/logs"   # one log per test when lanes run
PGDIR=""
workers=()

# Stops what runs (on Ctrl-C or TERM too): the lanes and their tests, the cluster, TMP.
cleanup() {
  local w f
  for w in "${workers[@]}"; do kill "$w" 2>/dev/null; done
  for f in "$TMP"/lane*.pid; do   # each test runs in its own process group
    [ -f "$f" ] && kill -TERM -- "-$(cat "$f")" 2>/dev/null
  done
  for w in "${workers[@]}"; do wait "$w" 2>/dev/null; done
  if [ -n "$PGDIR" ] && [ -d "$PGDIR" ]; then bash scripts/pg.sh stop "$PGDIR" || true; fi
  rm -rf "$TMP"
}
trap 'echo "run-all: interrupted" >&2; cleanup; exit 130' INT TERM
trap 'cleanup' EXIT

# The queue: parallel arrays of a test's name and its command (words quoted for eval).
names=(); cmds=()
add() { # name, command...
  names+=("$1"); shift
  cmds+=("$(printf '%q ' "$@")")
}

db_url() { # db-kind, base name — a fresh database for one test
  case "$1" in
    sqlite) echo "$TMP/$2.db" ;;
    postgres) bash scripts/pg.sh newdb "$PGDIR" "t_$(echo "$2" | tr -c 'a-z0-9\n' '_')" ;;
  esac
}
db_unit() { # db-kind, unit test binary
  local url; url=$(db_url "$1" "$(basename "$2")") || return 1
  env BEKAL_TEST_DB="$url" "$2"
}
# The tests' today (issue 18): BEKAL_TEST_TODAY (tests/http/harness.py; default
# 2026-12-07). The modules whose results depend on today run at other fixed dates
# (harness FIXED_DATES), one on SQLite and another on PostgreSQL, so that the suite
# covers a day in every month whose English name differs from the Indonesian one, a
# leap day and the year's end; tests/dates.sh runs a test at every fixed date.
declare -A DATED=(
  [sqlite:test_dashboard.py]=2028-02-29 [postgres:test_dashboard.py]=2027-06-30
  [sqlite:test_release.py]=2026-12-31   [postgres:test_release.py]=2027-07-15
  [sqlite:test_programs.py]=2027-01-31  [postgres:test_programs.py]=2027-08-17
  [sqlite:test_placement.py]=2027-03-31 [postgres:test_placement.py]=2027-10-31
  [sqlite:test_training.py]=2027-05-01  [postgres:test_training.py]=2028-02-29
)
db_http() { # db-kind, test_*.py
  local url pgdir="" today tpl tplday; url=$(db_url "$1" "http$(basename "$2" .py)") || return 1
  [ "$1" = postgres ] && pgdir="$PGDIR"
  today=${DATED[$1:$(basename "$2")]:-${BEKAL_TEST_TODAY:-}}
  # the template is made while the first tests (which need none) run: wait for it
  if [ -e "$TMP/template.$1.pending" ] && [ ! -e "$TMP/template.$1.done" ]; then
    local w0=$EPOCHREALTIME
    while [ ! -e "$TMP/template.$1.done" ]; do sleep 0.2; done
    echo "run-all: waited $(secs_since "$w0") s for the $1 template (counted in this test's time)" >&2
  fi
  tpl=$(cat "$TMP/template.$1" 2>/dev/null)
  tplday=$(cat "$TMP/template.$1.day" 2>/dev/null)
  env BEKAL_BIN="$BIN" BEKAL_TEST_DB="$url" BEKAL_TEST_DB_KIND="$1" BEKAL_PG_DIR="$pgdir" \
    BEKAL_TEST_TODAY="$today" BEKAL_TEST_TEMPLATE="$tpl" BEKAL_TEST_TEMPLATE_DAY="$tplday" python3 "$2"
}
# The demo database of a kind, made once (`bekal init --demo` under ASan takes seconds);
# each HTTP test's setup_db() copies it (tests/http/harness.py clone_db) when the test's
# today is the day the template was made (the demo is built around that day: a module
# at another fixed date runs init --demo itself). Its URL goes to TMP/template.KIND, its
# day to TMP/template.KIND.day; when it cannot be made, the tests run init --demo themselves.
make_template() { # db-kind
  local url; url=$(db_url "$1" template) || return 1
  if env BEKAL_BIN="$BIN" python3 tests/http/harness.py template "$url" > "$TMP/template.$1.day" 2> "$TMP/template.$1.log"; then
    echo "$url" > "$TMP/template.$1"
  else
    echo "run-all: the $1 demo template could not be made; each HTTP test runs init --demo:" >&2
    cat "$TMP/template.$1.log" >&2
  fi
}

# Database-independent tests.
for t in build/asan/unit/test_*; do
  case "$t" in */test_db|*/test_db_*|*/test_import|*/test_wbp_list|*/test_audit) continue;; esac   # need a database, run below
  add "unit $(basename "$t")" "$t"
done
[ -x tests/golden/run.sh ] && add "golden" tests/golden/run.sh "$BIN"
[ -x tests/lint.sh ] && add "lint" tests/lint.sh
[ -x tests/i18n.sh ] && add "i18n: English has every text" tests/i18n.sh
[ -x tests/fuzz/replay.sh ] && add "fuzz corpus replay" tests/fuzz/replay.sh
[ -x tests/man.sh ] && add "man page agrees with --help" tests/man.sh "$BIN"
# The Debian package: make deb (reusing the normal build), install into an overlay root.
[ -x tests/deb.sh ] && add "deb package (make deb, install, service, purge)" tests/deb.sh
[ -x tests/bench_smoke.sh ] && add "bench smoke (gen.py + bench/run.sh at N=300)" tests/bench_smoke.sh
# The browser story (chromium + axe-core + Nu HTML checker), on SQLite.
[ -x tests/e2e/run.sh ] && add "e2e browser story" tests/e2e/run.sh "$BIN"

suite_on() { # db-kind
  local t
  for t in build/asan/unit/test_db build/asan/unit/test_db_* build/asan/unit/test_import build/asan/unit/test_wbp_list build/asan/unit/test_audit; do
    [ -x "$t" ] || continue
    add "$1 unit $(basename "$t")" db_unit "$1" "$t"
  done
  for t in tests/http/test_*.py; do
    [ -f "$t" ] || continue
    # database-independent modules (headers, the OpenAPI document, the interface and date
    # language, the configuration file) run once, on SQLite
    if [ "$1" = postgres ]; then
      case "$(basename "$t")" in test_headers.py|test_openapi.py|test_i18n.py|test_dates_en.py|test_deploy.py|test_english_walk.py) continue;; esac
    fi
    add "$1 http $(basename "$t")" db_http "$1" "$t"
  done
}

pre_failed=()
if [ "$which_db" = sqlite ] || [ "$which_db" = both ]; then
  suite_on sqlite
fi
if [ "$which_db" = postgres ] || [ "$which_db" = both ]; then
  PGDIR="$TMP/pg"
  if bash scripts/pg.sh start "$PGDIR" > "$TMP/pg.url"; then
    export PGDIR
    suite_on postgres
  else
    pre_failed+=("postgres: cluster could not start")
    echo "FAILED: PostgreSQL could not start; the PostgreSQL half of the suite did not run" >&2
  fi
fi

# BEKAL_TEST_ONLY (a pattern, e.g. "* http test_web.py"): only the tests whose name
# matches, run as the suite runs them (templates, lanes, timing).
if [ -n "${BEKAL_TEST_ONLY:-}" ]; then
  kept_names=(); kept_cmds=()
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2053
    [[ "${names[i]}" == $BEKAL_TEST_ONLY ]] && { kept_names+=("${names[i]}"); kept_cmds+=("${cmds[i]}"); }
  done
  names=("${kept_names[@]}"); cmds=("${kept_cmds[@]}")
fi

# The slowest tests (as measured; patterns) go first when lanes run, so no lane is
# left with a long test at the end; the rest keep their order. The first two need no
# database: they run while the templates are made.
SLOW_FIRST=(
  "e2e browser story" "golden" "sqlite http test_badinput.py" "postgres http test_badinput.py"
  "fuzz corpus replay" "postgres http test_matrix.py" "postgres unit test_wbp_list" "postgres http test_crash.py"
  "postgres http *" "sqlite http test_matrix.py" "sqlite http test_crash.py" "sqlite unit test_wbp_list"
  "bench smoke*" "deb package*" "i18n*" "sqlite http *"
)
order=()
if [ "$JOBS" -gt 1 ]; then
  declare -A taken=()
  for s in "${SLOW_FIRST[@]}"; do
    for i in "${!names[@]}"; do
      [[ "${names[i]}" == $s ]] && [ -z "${taken[$i]:-}" ] && { order+=("$i"); taken[$i]=1; }
    done
  done
  for i in "${!names[@]}"; do [ -n "${taken[$i]:-}" ] || order+=("$i"); done
else
  order=("${!names[@]}")
fi
# The templates of both kinds, side by side, in the background: the lanes start at
# once with the tests that need no database (the browser story, golden), and an HTTP
# test waits in db_http until its kind's template is there.
for k in sqlite postgres; do
  if [ "$which_db" = "$k" ] || [ "$which_db" = both ]; then
    [ "$k" = postgres ] && ! [ -s "$TMP/pg.url" ] && continue   # the cluster did not start
    : > "$TMP/template.$k.pending"
    { make_template "$k"; : > "$TMP/template.$k.done"; } &
    workers+=($!)
  fi
done

printf '%s\n' "${order[@]}" > "$TMP/queue"
echo 0 > "$TMP/next"

secs_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
cpu_secs() { # the children's line of `times` ("1m2.5s 0m3.25s": user, system) -> seconds
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%.1f", t }' "$1"
}
record() { # rc, seconds, name[, file with the CPU time]
  local cpu=""
  [ -s "${4:-}" ] && cpu=", cpu $(cpu_secs "$4") s"
  if [ "$1" -eq 0 ]; then echo "--- ok: $3 ($2 s$cpu)"; else echo "--- FAILED: $3 ($2 s$cpu)"; fi
  echo "$1 $2 $3" >> "$TMP/results"
}

if [ "$JOBS" -eq 1 ]; then
  for i in "${order[@]}"; do
    echo "=== ${names[i]}"
    t0=$EPOCHREALTIME rc=0
    eval "${cmds[i]}" || rc=$?
    record "$rc" "$(secs_since "$t0")" "${names[i]}"
  done
else
  next_job() { # prints the next queue index of a test, or nothing when the queue is empty
    local n
    exec 9>>"$TMP/next.lock"; flock 9
    n=$(cat "$TMP/next"); echo $((n + 1)) > "$TMP/next"
    flock -u 9; exec 9>&-
    sed -n "$((n + 1))p" "$TMP/queue"
  }
  lane() { # lane number
    set -m   # each test gets its own process group: cleanup() can stop it whole
    local i t0 rc log out="$TMP/lane$1.out"
    while i=$(next_job) && [ -n "$i" ]; do
      t0=$EPOCHREALTIME rc=0 log="$TMP/logs/$i.log"
      # the test's CPU time (its processes and the children they waited for; not the
      # PostgreSQL backends, which belong to the cluster) goes to a file beside its log
      ( rc=0; eval "${cmds[i]}" || rc=$?; times > "$log.cpu"; exit $rc ) \
        > "$log" 2>&1 < /dev/null &
      echo $! > "$TMP/lane$1.pid"
      wait $! || rc=$?
      rm -f "$TMP/lane$1.pid"
      { echo "=== ${names[i]}"; cat "$log"; record "$rc" "$(secs_since "$t0")" "${names[i]}" "$log.cpu"; } > "$out"
      flock "$TMP/out.lock" cat "$out"   # whole, never interleaved with the other lane
    done
  }
  for ((l = 1; l <= JOBS; l++)); do
    lane "$l" &
    workers+=($!)
  done
  for w in "${workers[@]}"; do wait "$w"; done
  workers=()
fi

pass=0; fail=${#pre_failed[@]}; failed=("${pre_failed[@]}")
while read -r rc secs name; do
  if [ "$rc" -eq 0 ]; then pass=$((pass+1)); else fail=$((fail+1)); failed+=("$name"); fi
done < <(cat "$TMP/results" 2>/dev/null)
ran=$(cat "$TMP/results" 2>/dev/null | wc -l)
[ "$ran" -eq "${#names[@]}" ] || { fail=$((fail+1)); failed+=("run-all: only $ran of ${#names[@]} tests reported"); }
echo
echo "slowest:"; sort -k2,2 -rn "$TMP/results" 2>/dev/null | head -10 | awk '{ s = $2; $1 = $2 = ""; printf "  %7.1f s %s\n", s, substr($0, 3) }'
echo "wall clock: ${SECONDS} s ($JOBS lane(s))"
[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
