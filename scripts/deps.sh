#!/usr/bin/env bash
# Installs the Debian packages Bekal needs to build, run and test, when any is missing.
# Usage: scripts/deps.sh [build|test]   (test adds PostgreSQL, curl, jq, python3, clang)
set -euo pipefail
want=(build-essential pkg-config libmicrohttpd-dev libsqlite3-dev sqlite3 libsodium-dev
      libjansson-dev libpq-dev libssl-dev)
if [ "${1:-build}" = test ]; then
  want+=(libcmocka-dev postgresql curl jq python3 clang libclang-rt-14-dev)
  want+=(wrk)  # bench/run.sh, also run small by tests/bench_smoke.sh
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}" >&2
SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
