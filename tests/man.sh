#!/usr/bin/env bash
# The manual page and --help agree (issue 27): builds bekal.1 from the binary with
# scripts/man.py, renders it with man(1), and checks that every line of
# `bekal --help`, of each command's `--help` and of the sub-commands' helps is in
# the rendered page (spaces normalised), and that every command has its section.
# Usage: tests/man.sh [BEKAL]   (default build/bekal; tests/run-all.sh passes the ASan build)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/bekal}"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
export BEKAL_CONFIG=none BEKAL_LANG=id
python3 scripts/man.py "$BIN" "$TMP/bekal.1"
# man's own checks: groff warnings are errors here.
warn=$(LC_ALL=C.UTF-8 MANWIDTH=200 man --warnings -l -Tutf8 "$TMP/bekal.1" 2>&1 >/dev/null || true)
[ -z "$warn" ] || { echo "man.sh: FAIL: groff warns:"; echo "$warn"; exit 1; }
LC_ALL=C.UTF-8 MANWIDTH=200 MAN_KEEP_FORMATTING= man -l "$TMP/bekal.1" 2>/dev/null | col -b > "$TMP/page.txt"
helps=("--help")
for c in $("$BIN" --help | awk '/^Perintah:/{f=1;next} /^$/{f=0} f{print $1}'); do helps+=("$c --help"); done
helps+=("calc sentence --help" "calc eligibility --help" "import wbp --help" "report monthly --help")
python3 - "$BIN" "$TMP/page.txt" "${helps[@]}" <<'PY'
import re, subprocess, sys
bin_, page = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
norm = lambda s: re.sub(r"\s+", " ", s.replace("\u2010", "-").replace("\u2212", "-")).strip()
page_lines = {norm(l) for l in page.splitlines()}
page_all = norm(page)
missing, n = [], 0
for h in sys.argv[3:]:
    out = subprocess.run([bin_] + h.split(), capture_output=True, check=True).stdout.decode()
    for line in out.splitlines():
        if not line.strip():
            continue
        n += 1
        if norm(line) not in page_lines:
            missing.append("bekal %s: %s" % (h, line))
    if h != "--help" and not re.search(r"^\s*%s\s*$" % re.escape(h.replace(" --help", "")), page, re.M):
        missing.append("no section for %s" % h)
if missing:
    print("man.sh: FAIL: %d help lines not in the manual page:" % len(missing))
    print("\n".join(missing[:40]))
    sys.exit(1)
print("man.sh: ok: %d help lines of %d helps are in bekal.1" % (n, len(sys.argv) - 3))
PY
