#!/usr/bin/env bash
# The benchmark code at a small N, run by `make test` so it cannot rot: bench/gen.py
# twice with the same seed (same bytes), then bench/run.sh end to end at N=300 with
# short wrk runs and fewer repetitions (below), its results in a temporary file. Checks that every benchmark
# row is there with numbers; the ratios themselves are `make bench`'s business.
set -euo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=300
python3 bench/gen.py "$T/a" --n $N >/dev/null
python3 bench/gen.py "$T/b" --n $N >/dev/null
for f in sites wbp remisi discipline sppn programmes assessment enrolment attendance; do
  [ -s "$T/a/$f.csv" ] || { echo "bench smoke: gen.py wrote no $f.csv" >&2; exit 1; }
  cmp -s "$T/a/$f.csv" "$T/b/$f.csv" || { echo "bench smoke: gen.py is not deterministic ($f.csv)" >&2; exit 1; }
done
[ "$(($(wc -l < "$T/a/wbp.csv") - 1))" -eq $N ] || { echo "bench smoke: wbp.csv has not $N rows" >&2; exit 1; }
[ "$(($(wc -l < "$T/a/sites.csv") - 1))" -eq 530 ] || { echo "bench smoke: sites.csv has not 530 sites" >&2; exit 1; }

# Small everywhere: 1-second wrk runs with one thread and 4 connections (the rows need
# numbers, not a saturated server), one access log on/off round instead of 3, 4 sites
# syncing at once instead of 20, the N/3 data in T (not bench/data).
SITES=4
BENCH_SYNC_N=200 BENCH_SYNC_DAY=50 BENCH_SYNC_SITE_N=4 BENCH_SYNC_SITES=$SITES BENCH_N=$N BENCH_DATA="$T/a" \
  BENCH_DATA_SMALL="$T/s" BENCH_RESULTS="$T/results.json" BENCH_WRK_SECONDS=1 BENCH_WRK_THREADS=1 \
  BENCH_WRK_CONNECTIONS=4 BENCH_AB_ROUNDS=1 bash bench/run.sh >"$T/table.txt" 2>"$T/log.txt" ||
  { cat "$T/log.txt" "$T/table.txt" >&2; echo "bench smoke: bench/run.sh failed" >&2; exit 1; }
cat "$T/table.txt"
python3 - "$T/results.json" $N $SITES <<'PY'
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))}
n, sites = sys.argv[2], sys.argv[3]
want = [f"import wbp ({n} rows)", f"eligibility --at, SQLite ({n})", f"eligibility --at, PostgreSQL ({n})",
        "WBP list page, 50 rows, search (req/s)", "  latency p50 (ms; ceiling: /healthz)",
        "  latency p99 (ms; ceiling: /healthz)", "dashboard page, regional view (req/s)",
        "  dashboard latency p99 (ms; ceiling: /healthz)", "  dashboard first view, computed (ms)",
        "inbox home page, kanwil (req/s)", "inbox home page, staf of one site (req/s)", "peak RSS of bekal serve (MiB)",
        "initial sync, 200 inmates + history (s; ceiling: migrate)", "one day's changes (50 entries): KiB sent",
        "  round trips per batch", f"hub apply rate, {sites} sites at once (rows/s; ceiling: migrate)",
        "WBP list page, access log on vs off (req/s)", "dashboard of 16 sites, first view (ms)",
        "PostgreSQL: WBP list page, search (req/s)", "PostgreSQL: dashboard, regional view (req/s)",
        "PostgreSQL: inbox home page, kanwil (req/s)", "PostgreSQL: dashboard of 16 sites, first view (ms)",
        "  PostgreSQL: dashboard first view, computed (ms)",
        f"import wbp, µs per inmate: {n} vs {int(n) // 3}", f"eligibility, µs per inmate: {n} vs {int(n) // 3}",
        f"list page, µs per request and inmate: {n} vs {int(n) // 3}"]
bad = [w for w in want if w not in rows or not (rows[w].get("value", 0) > 0 and rows[w].get("ceiling", 0) > 0)]
if bad:
    sys.exit("bench smoke: rows missing or without numbers: " + ", ".join(bad))
print(f"bench smoke: {len(rows)} rows")
PY
