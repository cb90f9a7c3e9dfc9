#!/usr/bin/env bash
# The whole suite, under ASan+UBSan: unit tests (cmocka), golden calculator files,
# black-box HTTP tests against the real binary. Runs once on SQLite and once on a
# throwaway PostgreSQL cluster (argument: sqlite | postgres | both). Ends with
# "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
which_db="${1:-both}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:print_summary=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export BEKAL_ARGON2_OPS=1 BEKAL_ARGON2_MEM_KIB=8192   # cheap hashes in tests only
BIN=build/asan/bekal
pass=0; fail=0; failed=()
run() { # name, command...
  local name="$1"; shift
  echo "=== $name"
  if "$@"; then pass=$((pass+1)); echo "--- ok: $name"; else fail=$((fail+1)); failed+=("$name"); echo "--- FAILED: $name"; fi
}

# Database-independent tests.
for t in build/asan/unit/test_*; do
  case "$t" in */test_db|*/test_db_*|*/test_import|*/test_wbp_list) continue;; esac   # need a database, run below
  run "unit $(basename "$t")" "$t"
done
[ -x tests/golden/run.sh ] && run "golden" tests/golden/run.sh "$BIN"
[ -x tests/lint.sh ] && run "lint" tests/lint.sh
[ -x tests/i18n.sh ] && run "i18n: English has every text" tests/i18n.sh
[ -x tests/fuzz/replay.sh ] && run "fuzz corpus replay" tests/fuzz/replay.sh
[ -x tests/bench_smoke.sh ] && run "bench smoke (gen.py + bench/run.sh at N=300)" tests/bench_smoke.sh
# The browser story (chromium + axe-core + Nu HTML checker), on SQLite.
[ -x tests/e2e/run.sh ] && run "e2e browser story" tests/e2e/run.sh "$BIN"

suite_on() { # db-kind url-maker
  local kind="$1"
  for t in build/asan/unit/test_db build/asan/unit/test_db_* build/asan/unit/test_import build/asan/unit/test_wbp_list; do
    [ -x "$t" ] || continue
    local url; url=$($2 "$(basename "$t")")
    run "$kind unit $(basename "$t")" env BEKAL_TEST_DB="$url" "$t"
  done
  for t in tests/http/test_*.py; do
    [ -f "$t" ] || continue
    local url; url=$($2 "http$(basename "$t" .py)")
    run "$kind http $(basename "$t")" env BEKAL_BIN="$BIN" BEKAL_TEST_DB="$url" BEKAL_TEST_DB_KIND="$kind" \
        BEKAL_PG_DIR="${PGDIR:-}" python3 "$t"
  done
}

TMP=$(mktemp -d)
sqlite_url() { echo "$TMP/$1.db"; }
pg_url() { bash scripts/pg.sh newdb "$PGDIR" "t_$(echo "$1" | tr -c 'a-z0-9\n' '_')"; }

if [ "$which_db" = sqlite ] || [ "$which_db" = both ]; then
  suite_on sqlite sqlite_url
fi
if [ "$which_db" = postgres ] || [ "$which_db" = both ]; then
  PGDIR="$TMP/pg"
  if bash scripts/pg.sh start "$PGDIR" > "$TMP/pg.url"; then
    export PGDIR
    suite_on postgres pg_url
    bash scripts/pg.sh stop "$PGDIR" || true
  else
    fail=$((fail+1)); failed+=("postgres: cluster could not start")
    echo "FAILED: PostgreSQL could not start; the PostgreSQL half of the suite did not run" >&2
  fi
fi
rm -rf "$TMP"
echo
[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
