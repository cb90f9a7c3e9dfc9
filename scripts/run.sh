#!/usr/bin/env bash
# `make run`: create bekal.db with demo data when missing, then serve on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${BEKAL_DB:-bekal.db}"
LISTEN="${BEKAL_LISTEN:-127.0.0.1:8080}"
build/bekal --db "$DB" init --demo   # prints the demo logins
echo
echo "Buka http://$LISTEN/ di peramban."
echo
exec build/bekal --db "$DB" serve --listen "$LISTEN"
