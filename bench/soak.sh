#!/usr/bin/env bash
# bench/soak.sh — the soak run of issue 11 (not part of `make test`; `make soak`).
#
# Starts the release build of `bekal serve` on 127.0.0.1 with a fresh demo database and
# drives it with wrk for SOAK_SECONDS (default 300) over SOAK_CONNECTIONS (default 64)
# connections: about 80% reads (pages with a session cookie, API with a token) and 20%
# writes (PATCH of existing inmates, new inmates), bench/soak.lua. Resident memory of
# the server is sampled every SOAK_SAMPLE seconds; the growth counts from the end of
# the warm-up (SOAK_WARMUP seconds, default 60, at most a fifth of the run) to the end.
#
# Passes when: no request failed (no socket error, no timeout, no answer outside
# 2xx/3xx), RSS grew by less than SOAK_MAX_GROWTH percent (default 10) after warm-up,
# `bekal check` passes afterwards and the server stops cleanly on SIGTERM.
# SOAK_DB=postgres://... runs against PostgreSQL instead of a temporary SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${SOAK_SECONDS:-300}"
CONNS="${SOAK_CONNECTIONS:-64}"
SAMPLE="${SOAK_SAMPLE:-5}"
MAXG="${SOAK_MAX_GROWTH:-10}"
WARM="${SOAK_WARMUP:-60}"
[ "$WARM" -gt $((SECS / 5)) ] && WARM=$((SECS / 5))
BIN="$PWD/build/bekal"
[ -x "$BIN" ] || make -s all
bash scripts/deps.sh bench >&2
WORK=$(mktemp -d)
SPID=
trap '[ -n "$SPID" ] && kill -9 $SPID 2>/dev/null; rm -rf "$WORK"' EXIT
export BEKAL_ARGON2_OPS=1 BEKAL_ARGON2_MEM_KIB=8192
DB="${SOAK_DB:-$WORK/soak.db}"
"$BIN" --db "$DB" init --demo >/dev/null
"$BIN" --db "$DB" user add soak --role staf --site LPKTP --password-stdin <<< "soakpass1" >/dev/null
export SOAK_TOKEN=$("$BIN" --db "$DB" token create soak | tail -1)
export SOAK_IDS=$("$BIN" --db "$DB" export wbp --site LPKTP --format json |
  python3 -c 'import json,sys; print(",".join(str(r["id"]) for r in json.load(sys.stdin)))')
PORT=$((19000 + RANDOM % 1000))
BEKAL_LOG_REQUESTS=0 "$BIN" --db "$DB" serve --listen 127.0.0.1:$PORT --threads 4 --pool 8 > "$WORK/serve.out" 2> "$WORK/serve.err" &
SPID=$!
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
CJ="$WORK/cj"
CS=$(curl -s -c "$CJ" -b "$CJ" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | cut -d'"' -f4)
curl -s -o /dev/null -c "$CJ" -b "$CJ" --data-urlencode "_csrf=$CS" --data-urlencode "name=soak" \
  --data-urlencode "password=soakpass1" "http://127.0.0.1:$PORT/login"
export SOAK_SID=$(awk '$6=="bekal_sid"{print $7}' "$CJ")
[ -n "$SOAK_SID" ] || { echo "soak: login failed" >&2; exit 1; }

echo "soak: ${SECS}s, $CONNS connections, warm-up ${WARM}s, server pid $SPID on 127.0.0.1:$PORT, db $DB" >&2
wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s bench/soak.lua "http://127.0.0.1:$PORT" > "$WORK/wrk.out" 2>&1 &
WPID=$!
start=$(date +%s)
: > "$WORK/rss"
while kill -0 $WPID 2>/dev/null; do
  echo "$(( $(date +%s) - start )) $(awk '/VmRSS/{print $2}' /proc/$SPID/status)" >> "$WORK/rss"
  sleep "$SAMPLE"
done
wait $WPID || true
kill -0 $SPID 2>/dev/null || { echo "soak: FAIL: bekal serve died" >&2; cat "$WORK/serve.err" >&2; exit 1; }
kill -TERM $SPID
rc=0; wait $SPID || rc=$?
SPID=
check_rc=0; "$BIN" --db "$DB" check > "$WORK/check.out" 2>&1 || check_rc=$?
cat "$WORK/wrk.out"
python3 - "$WORK/wrk.out" "$WORK/rss" "$WARM" "$MAXG" "$rc" "$check_rc" "$WORK/serve.err" <<'PY'
import re, sys
wrk, rssf, warm, maxg, serve_rc, check_rc, serr = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
out = open(wrk).read()
reqs = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
sock = sum(int(x) for x in m.groups()) if m else 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
bad = int(m.group(1)) if m else 0
status = {int(a): int(b) for a, b in re.findall(r"status (\d+): (\d+)", out)}
samples = [tuple(map(int, l.split())) for l in open(rssf) if len(l.split()) == 2]
after = [r for t, r in samples if t >= warm]
base = after[0] if after else samples[0][1]
end = sum(r for _, r in samples[-3:]) / len(samples[-3:])
growth = (end - base) / base * 100
server_errors = [l for l in open(serr) if "-> 5" in l][:5]
print("\n== soak summary")
print("requests            %d (%.0f/s), by status: %s" % (reqs, rps, ", ".join("%d: %d" % kv for kv in sorted(status.items()))))
print("errors              %d socket/timeout, %d non-2xx/3xx" % (sock, bad))
print("RSS (KiB)           start %d, after warm-up (%ds) %d, end %.0f, max %d -> growth %.1f%% (limit %.0f%%)"
      % (samples[0][1], warm, base, end, max(r for _, r in samples), growth, maxg))
print("RSS samples         " + " ".join("%d:%d" % s for s in samples[:: max(1, len(samples) // 12)]))
print("bekal check         %s" % ("ok" if check_rc == 0 else "FAILED (%d)" % check_rc))
print("serve exit          %d" % serve_rc)
for l in server_errors:
    print("server error        " + l.strip())
ok = sock == 0 and bad == 0 and growth < maxg and check_rc == 0 and serve_rc == 0
print("result              " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PY
