#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL cluster for tests, on 127.0.0.1 only, trust auth,
# fsync off. Never for real data.
#
#   scripts/pg.sh start DIR        create and start a cluster in DIR (must not hold one
#                                  already); prints postgres://USER@127.0.0.1:PORT/bekal_test
#                                  and writes it to DIR/url
#   scripts/pg.sh newdb DIR NAME   (re)creates an empty database NAME; prints its URL
#   scripts/pg.sh stop DIR         stops the cluster and removes DIR
#
# The server never runs as root: as root it runs as the `postgres` system user (or a
# `bekaltest` user it creates). When that user cannot reach DIR (a parent directory
# is private, or DIR is too long for a socket path), the cluster's files live in a
# private directory under ${TMPDIR:-/tmp} recorded in DIR/base and removed by `stop`.
# Port: the first free one from ${BEKAL_PG_PORT:-54320}. Binaries: $PGBIN, or the
# newest /usr/lib/postgresql/*/bin. Any failure exits non-zero and shows the log.
set -euo pipefail

die() {
  echo "pg.sh: $*" >&2
  exit 1
}
show_log() {
  [ -n "${1:-}" ] && [ -f "$1" ] || return 0
  echo "pg.sh: ---- server log $1 ----" >&2
  tail -n 60 "$1" >&2 || true
  echo "pg.sh: ---- end of log ----" >&2
}

if [ -z "${PGBIN:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
[ -n "$PGBIN" ] && [ -x "$PGBIN/postgres" ] && [ -x "$PGBIN/initdb" ] ||
  die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin; set PGBIN). Install with: scripts/deps.sh test"

# The user the server runs as.
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then
    RUNAS=postgres
  else
    id bekaltest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin bekaltest ||
      die "cannot create the bekaltest user to run PostgreSQL as non-root"
    RUNAS=bekaltest
  fi
else
  RUNAS=$(id -un)
fi
as_user() { # command... — runs as RUNAS from / (its home may be unreadable)
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u "$RUNAS" -- "$@")
  else
    (cd / && "$@")
  fi
}

cmd="${1:-}"
DIR="${2:-}"
[ -n "$cmd" ] && [ -n "$DIR" ] || die "usage: pg.sh start DIR | pg.sh newdb DIR NAME | pg.sh stop DIR"
DIR=$(realpath -m -- "$DIR")

state() { # DIR/<name> written by start
  [ -f "$DIR/$1" ] || die "$DIR holds no cluster started by pg.sh (missing $DIR/$1)"
  cat "$DIR/$1"
}

# On a failed start: stop what runs, keep the log in DIR, drop a private base dir.
start_failed() {
  local base
  base=$(cat "$DIR/base" 2>/dev/null) || return 0
  [ -n "$base" ] && [ -d "$base" ] || return 0
  if [ -f "$base/data/postmaster.pid" ]; then
    as_user "$PGBIN/pg_ctl" -D "$base/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [ "$base" != "$DIR" ]; then
    rm -f "$DIR/server.log"
    cp "$base/server.log" "$DIR/server.log" 2>/dev/null || true
    rm -rf -- "$base"
  fi
  echo "pg.sh: start failed; the server log is kept in $DIR/server.log" >&2
}

start() {
  if [ -e "$DIR/url" ] || [ -e "$DIR/base" ]; then die "$DIR already holds a cluster; stop it first"; fi
  mkdir -p "$DIR"
  local base="$DIR"
  if [ ${#DIR} -gt 80 ]; then base=""; fi # socket path limit (~107 bytes)
  if [ -n "$base" ]; then
    if [ "$(id -u)" -eq 0 ]; then chown "$RUNAS" "$DIR"; fi
    chmod 700 "$DIR"
    as_user test -w "$DIR" -a -x "$DIR" || base=""
  fi
  if [ -z "$base" ]; then
    base=$(mktemp -d "${TMPDIR:-/tmp}/bekal-pg.XXXXXX")
    if [ "$(id -u)" -eq 0 ]; then chown "$RUNAS" "$base"; fi
    as_user test -w "$base" || die "user $RUNAS cannot write $base"
  fi
  echo "$base" >"$DIR/base"
  echo "$RUNAS" >"$DIR/user"
  trap 'start_failed' EXIT
  local log="$base/server.log"
  if [ "$base" != "$DIR" ]; then ln -sfn "$log" "$DIR/server.log"; fi

  if ! as_user "$PGBIN/initdb" -D "$base/data" -U "$RUNAS" -E UTF8 --no-locale -A trust >"$base/initdb.log" 2>&1; then
    cat "$base/initdb.log" >&2
    die "initdb failed in $base/data (as user $RUNAS)"
  fi
  as_user sh -c "cat >> '$base/data/postgresql.conf'" <<EOF

# pg.sh: throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
# logical replication between databases of the cluster (tests/http/test_national.py:
# the national database subscribes to regional hubs)
wal_level = logical
max_replication_slots = 40
max_wal_senders = 40
max_logical_replication_workers = 8
max_worker_processes = 16
EOF
  as_user sh -c "cat > '$base/data/pg_hba.conf'" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF

  local port="${BEKAL_PG_PORT:-54320}" last=$((${BEKAL_PG_PORT:-54320} + 200)) started=""
  while [ "$port" -lt "$last" ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=$((port + 1)); continue; fi
    : >"$log"
    if [ "$(id -u)" -eq 0 ]; then chown "$RUNAS" "$log"; fi
    if as_user "$PGBIN/pg_ctl" -D "$base/data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      started=1
      break
    fi
    if grep -qiE 'address already in use|lock file .* already exists' "$log"; then
      port=$((port + 1)) # lost a race for this port; try the next
      continue
    fi
    show_log "$log"
    die "PostgreSQL did not start (data $base/data, port $port)"
  done
  [ -n "$started" ] || { show_log "$log"; die "no free port in ${BEKAL_PG_PORT:-54320}..$((last - 1))"; }
  echo "$port" >"$DIR/port"
  if ! "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$RUNAS" bekal_test 2>"$base/createdb.log"; then
    cat "$base/createdb.log" >&2
    show_log "$log"
    die "createdb bekal_test failed"
  fi
  local url="postgres://$RUNAS@127.0.0.1:$port/bekal_test"
  echo "$url" >"$DIR/url"
  trap - EXIT
  echo "$url"
}

newdb() {
  local name="${1:-}"
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "bad database name '$name' (want [a-z_][a-z0-9_]*)"
  local port user
  port=$(state port)
  user=$(state user)
  local out
  out=$(PGOPTIONS='-c client_min_messages=warning' "$PGBIN/dropdb" -h 127.0.0.1 -p "$port" -U "$user" --if-exists "$name" 2>&1) ||
    die "dropdb $name failed on port $port: $out"
  "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$name" || die "createdb $name failed on port $port"
  echo "postgres://$user@127.0.0.1:$port/$name"
}

stop() {
  [ -d "$DIR" ] || die "$DIR does not exist"
  local base
  base=$(state base)
  [ -n "$base" ] && [ "$base" != / ] || die "bad base directory in $DIR/base"
  local rc=0
  if [ -f "$base/data/postmaster.pid" ]; then
    if ! as_user "$PGBIN/pg_ctl" -D "$base/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      as_user "$PGBIN/pg_ctl" -D "$base/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || {
        show_log "$base/server.log"
        echo "pg.sh: could not stop the cluster in $base/data" >&2
        rc=1
      }
    fi
  fi
  [ "$rc" -eq 0 ] || exit 1
  if [ "$base" != "$DIR" ]; then rm -rf -- "$base"; fi
  rm -rf -- "$DIR"
}

case "$cmd" in
start) start ;;
newdb) newdb "${3:-}" ;;
stop) stop ;;
*) die "unknown command '$cmd' (start | newdb | stop)" ;;
esac
