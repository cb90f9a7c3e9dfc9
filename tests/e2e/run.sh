#!/usr/bin/env bash
# run.sh — the browser story (issue 12): installs the test-only npm packages
# (playwright-core, axe-core, vnu-jar) into tests/e2e/node_modules when missing,
# makes a demo database, starts `bekal serve` on a free loopback port, and walks the
# story in Debian's chromium (story.mjs). Every visited page is checked by axe-core
# (no serious/critical violations) and by the Nu HTML checker (no errors).
# The pages' HTML, the PDFs, and (with BEKAL_E2E_SCREENS=1) screenshots of the pages axe
# checks are kept in build/e2e/ as artefacts.
#   tests/e2e/run.sh BIN
set -euo pipefail
BIN_ARG=${1:-build/bekal}; BIN=$(realpath "$BIN_ARG"); cd "$(dirname "$0")"
OUT=$(realpath -m ../../build/e2e)
CHROME=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROME" ] || { echo "e2e: $CHROME not found (scripts/deps.sh test installs chromium)" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
rm -rf "$OUT"; mkdir -p "$OUT/pages" "$OUT/screens"
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export BEKAL_ARGON2_OPS=${BEKAL_ARGON2_OPS:-1} BEKAL_ARGON2_MEM_KIB=${BEKAL_ARGON2_MEM_KIB:-8}
# The story's "today" (as in tests/http/harness.py): the test build of bekal reads
# BEKAL_NOW, story.mjs reads BEKAL_TEST_TODAY; the story does not depend on the day it runs.
export BEKAL_TEST_TODAY=${BEKAL_TEST_TODAY:-2026-12-07}
export BEKAL_NOW="${BEKAL_TEST_TODAY}T05:00:00"
"$BIN" init --db "$TMP/e2e.db" --demo > "$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$TMP/e2e.db" --listen "127.0.0.1:$PORT" > "$OUT/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT" OUT="$OUT" CHROME="$CHROME" node story.mjs
# The Nu HTML checker over every page the story saved (errors only), in one JVM.
# Most of its CPU time is the JVM starting and compiling the checker, not the pages: only
# the quick compiler (TieredStopAtLevel=1) and the serial collector halve it (10 s -> 5 s
# of CPU for 151 pages; the same errors found). Code from the quick compiler takes more
# stack than -Xss1m gives the schema's recursion (a StackOverflowError): 8m.
java -Xss8m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu "$OUT"/pages/*.html \
  > "$OUT/vnu.txt" 2>&1 || { echo "e2e: HTML errors (Nu checker):" >&2; cat "$OUT/vnu.txt" >&2; exit 1; }
echo "e2e: $(ls "$OUT"/pages | wc -l) pages valid HTML; PDFs${BEKAL_E2E_SCREENS:+ and screenshots} in $OUT/screens"
