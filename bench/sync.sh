#!/usr/bin/env bash
# bench/sync.sh PGURL WORKDIR — the sync rows of `make bench` (issue 23), run by
# bench/run.sh with its PostgreSQL cluster. Prints one row a line:
# "name|value|ceiling|target|unit".
#   - initial sync of a site (the demo prison, inmates imported up to
#     $BENCH_SYNC_N = 2000, with their history) against `bekal migrate` of the same
#     site: at most 3x its time;
#   - one day's changes (about 500 audit entries: $BENCH_SYNC_DAY inmates imported):
#     KiB on the wire (< 200) and round trips per batch (<= 2);
#   - the hub's apply rate with 20 sites ($BENCH_SYNC_SITE_N inmates each) syncing at
#     once, in rows per second, against migrate's rows per second: at least 0.5x. The
#     20 pushes reach the hub together (bench/sync_gate.py holds each until all have
#     arrived); the rate is the rows the hub applied over its busy window (the first
#     push's start to the last push's end, from BEKAL_LOG_REQUESTS). The end-to-end
#     rate (the 20 `bekal sync` processes from start to exit, each loading ~75 shared
#     libraries and opening its SQLite file) is printed as information.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BENCH_SYNC_BIN:-$PWD/build/bekal}"
PG="$1"
W="$2"
mkdir -p "$W"
N="${BENCH_SYNC_N:-2000}"
DAY="${BENCH_SYNC_DAY:-500}"
SN="${BENCH_SYNC_SITE_N:-100}"
SITES="${BENCH_SYNC_SITES:-20}"   # the sites syncing at once (tests/bench_smoke.sh: fewer)
ADMIN="${PG%/*}/postgres"
newdb() { psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; echo "${PG%/*}/$1"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
inmates() { # file code count first
  python3 - "$@" <<'PY'
import sys
path, code, n, first = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, "w") as f:
    f.write("regno;name;birth_date;sex;religion;education;legal_class;crime_category;crime_detail;pidana;"
            "detention_start;verdict_no;verdict_date;fine;fine_paid;status\n")
    for i in range(first, first + n):
        f.write(f"B{code}.{i:05d}/2025;WBP Bench {i};1990-01-01;L;Islam;SMA/SMK;narapidana;umum;Pasal 362 KUHP;3y;"
                "2025-01-10;;;0;tidak;ditahan\n")
PY
}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HUBURL="http://127.0.0.1:$PORT"

# the site: the demo prison, inmates up to N
SITE="$W/site.db"
rm -f "$SITE"*
"$BIN" --db "$SITE" init --demo >/dev/null
have=$(sqlite3 "$SITE" "SELECT count(*) FROM wbp w JOIN site s ON s.id = w.site_id WHERE s.code = 'LPKTP'")
if [ "$N" -gt "$have" ]; then
  inmates "$W/more.csv" LPKTP $((N - have)) 1
  "$BIN" --db "$SITE" import wbp "$W/more.csv" --site LPKTP >/dev/null
fi
cp "$SITE" "$W/site-sync.db"

# bekal migrate
M=$(newdb bench_sync_mig)
"$BIN" --db "$M" init >/dev/null
t0=$(now); "$BIN" migrate --from "sqlite:$SITE" --to "$M" --site LPKTP > "$W/mig.txt"; t1=$(now)
tm=$(elapsed "$t0" "$t1")
mrows=$(sed -n 's/^Lokasi LPKTP: \([0-9]*\) baris disalin.*/\1/p' "$W/mig.txt")

# the hub, and the initial sync
H=$(newdb bench_sync_hub)
"$BIN" --db "$H" init >/dev/null
export BEKAL_SYNC_CREDENTIAL
BEKAL_SYNC_CREDENTIAL=$("$BIN" --db "$H" site credential issue LPKTP)
# the hub logs every request with its duration; each line is stamped with the time
# it was written , so the hub's own busy window can be measured below
BEKAL_LOG_REQUESTS=1 "$BIN" --db "$H" serve --listen "127.0.0.1:$PORT" --threads 4 --pool 24 --max-conn-per-ip 0 \
  2> >(python3 -u -c 'import sys, time
for l in sys.stdin: sys.stdout.write(f"{time.time():.6f} {l}"); sys.stdout.flush()' > "$W/hub.log") >/dev/null &
HPID=$!
trap 'kill $HPID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$HUBURL/healthz" >/dev/null && break; sleep 0.1; done
t0=$(now); "$BIN" --db "$W/site-sync.db" sync --hub "$HUBURL" --site LPKTP > "$W/sync1.txt"; t1=$(now)
ts=$(elapsed "$t0" "$t1")
echo "initial sync, $N inmates + history (s; ceiling: migrate)|$ts|$tm|<=3|s"

# one day's changes
inmates "$W/day.csv" LPKTP "$DAY" 100000
"$BIN" --db "$W/site-sync.db" import wbp "$W/day.csv" --site LPKTP >/dev/null
"$BIN" --db "$W/site-sync.db" sync --hub "$HUBURL" > "$W/sync2.txt"
kib=$(sed -n 's/.*permintaan, \([0-9]*\) KiB).*/\1/p' "$W/sync2.txt")
batches=$(sed -n 's/.*: \([0-9]*\) kiriman.*/\1/p' "$W/sync2.txt")
requests=$(sed -n 's/.*kiriman (\([0-9]*\) permintaan.*/\1/p' "$W/sync2.txt")
echo "one day's changes ($DAY entries): KiB sent|$kib|200|<=1|KiB"
echo "  round trips per batch|$(python3 -c "print(round($requests / $batches, 2))")|2|<=1|n"

# 20 ($SITES) sites at once
TPL="$W/small.db"
rm -f "$TPL"*
"$BIN" --db "$TPL" init >/dev/null
"$BIN" --db "$TPL" site add TPL --name "Lapas Bench" >/dev/null
inmates "$W/small.csv" TPL "$SN" 1
"$BIN" --db "$TPL" import wbp "$W/small.csv" --site TPL >/dev/null
sqlite3 "$TPL" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
pids=()
for i in $(seq -w 1 "$SITES"); do
  cp "$TPL" "$W/b$i.db"
  sqlite3 "$W/b$i.db" "UPDATE site SET code = 'B$i' WHERE code = 'TPL'"
  "$BIN" --db "$H" site credential issue "B$i" > "$W/b$i.cred"
  # the site's side made ready (change triggers, its rows queued) by a round that finds no hub
  BEKAL_SYNC_TRIES=1 "$BIN" --db "$W/b$i.db" sync --hub http://127.0.0.1:9 --credential-file "$W/b$i.cred" >/dev/null 2>&1 || true
done
# the $SITES pushes reach the hub together through a gate (bench/sync_gate.py)
GPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/sync_gate.py "$GPORT" "$PORT" "$SITES" &
GPID=$!
trap 'kill $HPID $GPID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$GPORT/healthz" >/dev/null && break; sleep 0.1; done
mark=$(wc -l < "$W/hub.log")
t0=$(now)
for i in $(seq -w 1 "$SITES"); do
  "$BIN" --db "$W/b$i.db" sync --hub "http://127.0.0.1:$GPORT" --credential-file "$W/b$i.cred" >/dev/null 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
t1=$(now)
kill $GPID 2>/dev/null || true
applied=$(psql -qtA "$H" -c "SELECT sum(rows_applied) FROM sync_site WHERE site_code LIKE 'B%'")
# the hub's busy window: from the start of the first push it answered (its end less
# its duration) to the end of the last one
window=$(tail -n +"$((mark + 1))" "$W/hub.log" | python3 -c '
import re, sys
spans = [(float(l.split()[0]) - float(m.group(1)) / 1000, float(l.split()[0]))
         for l in sys.stdin if "route=/api/v1/sync/push" in l and "status=200" in l
         for m in [re.search(r" ms=([0-9.]+)", l)] if m]
print(f"{max(e for s, e in spans) - min(s for s, e in spans):.3f}" if spans else "0")')
rate=$(python3 -c "print(round($applied / max($window, 0.001), 1))")
rate_e2e=$(python3 -c "print(round($applied / ($(elapsed "$t0" "$t1")), 1))")
mrate=$(python3 -c "print(round(${mrows:-0} / $tm, 1))")
echo "hub apply rate, $SITES sites at once (rows/s; ceiling: migrate)|$rate|$mrate|>=0.5|rows/s"
echo "  end to end, incl. $SITES bekal sync starts (rows/s)|$rate_e2e|$mrate|info|rows/s"
kill $HPID 2>/dev/null || true
wait $HPID 2>/dev/null || true
