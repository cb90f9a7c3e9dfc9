#!/usr/bin/env bash
# dates.sh — runs HTTP test modules at every fixed date of the tests' clock (issue 18):
# tests/http/harness.py FIXED_DATES (a day in every month whose English name differs
# from the Indonesian one, 29 February 2028, 31 December) and its default today. Each
# run has its own SQLite database and BEKAL_TEST_TODAY; the test build of bekal reads
# the clock from BEKAL_NOW, which the harness sets. Not part of `make test` (which runs
# each date-dependent module at one fixed date per database kind, tests/run-all.sh);
# for checking a change that touches dates, or a test that depends on today.
#   tests/dates.sh [test_x.py ...]   (default: the modules whose results depend on today)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BEKAL_BIN:-build/asan/bekal}
[ $# -gt 0 ] || set -- test_dashboard.py test_release.py test_programs.py test_placement.py test_training.py test_dates_en.py
dates=$(python3 - <<'PY'
import ast, os
t = ast.parse(open("tests/http/harness.py").read())
fixed = next(ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign)
             and getattr(n.targets[0], "id", "") == "FIXED_DATES")
print(os.environ.get("BEKAL_TEST_TODAY") or "2026-12-07", *fixed)
PY
)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
for t in "$@"; do
  for d in $dates; do
    s=$SECONDS
    if BEKAL_BIN="$BIN" BEKAL_TEST_DB="$T/$d.db" BEKAL_TEST_TODAY="$d" BEKAL_TEST_DATES=none \
        python3 "tests/http/$(basename "$t")" > "$T/log" 2>&1; then
      echo "ok     $t at $d ($((SECONDS - s)) s)"
    else
      echo "FAILED $t at $d ($((SECONDS - s)) s)"; tail -40 "$T/log"; fail=1
    fi
    rm -f "$T/$d.db"*
  done
done
exit $fail
