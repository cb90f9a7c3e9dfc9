#!/usr/bin/env bash
# Installs the Debian packages Bekal needs to build, run and test, when any is missing.
# Usage: scripts/deps.sh [build|test|bench|deb|fuzz|shots]   (deb adds debhelper, lintian and
# dpkg-dev for `make deb` and tests/deb.sh, and systemd for systemd-analyze; test adds PostgreSQL, curl, jq, python3,
# chromium, Java and Node.js for the browser story; bench adds wrk and curl for
# bench/run.sh and bench/soak.sh; fuzz adds clang and its libFuzzer runtime for
# `make fuzz`, which `make test` does not need: it replays the corpus with gcc)
set -euo pipefail
want=(build-essential pkg-config libmicrohttpd-dev libsqlite3-dev sqlite3 libsodium-dev
      libjansson-dev libpq-dev libssl-dev gettext locales)
# Sync between a site and its hub (issue 23): libcurl for the client (HTTPS), zlib to compress.
want+=(libcurl4-openssl-dev zlib1g-dev)
# Reports (src/report/): spreadsheets, PDF and chart drawing, the font, QR codes.
want+=(libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core libqrencode-dev)
if [ "${1:-build}" = test ] || [ "${1:-build}" = shots ]; then
  want+=(libcmocka-dev postgresql curl jq python3)
  want+=(wrk)  # bench/run.sh, also run small by tests/bench_smoke.sh
  want+=(poppler-utils zbar-tools)   # report tests read PDFs back (pdfinfo, pdftotext) and decode QR codes (zbarimg)
  # Browser story (tests/e2e): Debian's chromium, a headless Java for the Nu HTML
  # checker; Node.js and npm only when no node is on the machine yet. npm also brings
  # the OpenAPI 3.1 validator of tests/http/test_openapi.py (tests/openapi, `npm ci`
  # by the test): Debian 12 packages none (python3-openapi-spec-validator is not in
  # bookworm; openapi-specification ships no 3.1 schema).
  want+=(chromium)
  command -v java >/dev/null 2>&1 || want+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
fi
# The Debian package (`make deb`, tests/deb.sh): also part of the test mode.
if [ "${1:-build}" = deb ] || [ "${1:-build}" = test ]; then
  want+=(debhelper lintian dpkg-dev fakeroot systemd man-db)
fi
# The user's guide's screenshots (scripts/shots.sh): the test tools and two PNG optimisers.
if [ "${1:-build}" = shots ]; then
  want+=(pngquant optipng)
fi
if [ "${1:-build}" = fuzz ]; then
  want+=(clang libclang-rt-14-dev)
fi
if [ "${1:-build}" = bench ]; then
  want+=(wrk curl python3)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
# The English interface switches each request's LC_MESSAGES to an English UTF-8
# locale (src/util/i18n.c); generate one when the system has none.
if ! locale -a 2>/dev/null | grep -qiE '^en_(US|GB)\.utf-?8$'; then
  echo "deps: generating the en_US.UTF-8 locale" >&2
  $SUDO localedef -i en_US -c -f UTF-8 en_US.UTF-8
fi
