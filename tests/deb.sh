#!/usr/bin/env bash
# The Debian package (issue 27). Reuses build/deb/bekal_VERSION_ARCH.deb when it is
# newer than the sources it is made of, else builds it with `make deb` (which also
# runs lintian). Then installs it into a throwaway root and checks it:
#   * a copy-on-write copy of this machine (overlayfs over /, in a private mount
#     namespace, entered with chroot): `dpkg -i` runs the real maintainer scripts
#     (user, directories, `bekal init`), then the files, `bekal --version` from
#     /usr/bin, the configuration file read by `bekal serve` (its listen address),
#     the request log, the English catalogue found in /usr/share/locale, the backup
#     script keeping N copies, systemd-analyze verify of the units, an upgrade
#     (reinstall: migrates, no first-install text) and a purge (configuration gone,
#     data kept). Nothing of it touches this machine: the overlay is thrown away.
#   * under a running systemd (not in a container without it: a visible SKIP): the
#     package installed on the machine itself, bekal.service started, /healthz asked,
#     then purged and its data removed (only where Bekal is not installed already).
#   * without unshare/overlayfs (no CAP_SYS_ADMIN): `dpkg-deb -x` into a directory and
#     the checks that need no maintainer scripts, with a visible SKIP for the rest.
# Usage: tests/deb.sh   (needs `scripts/deps.sh deb`; run as root for the overlay)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(cat VERSION)
ARCH=$(dpkg --print-architecture)
DEB=build/deb/bekal_${VERSION}_${ARCH}.deb
fail() { echo "deb.sh: FAIL: $*" >&2; exit 1; }
ok() { echo "deb.sh: ok: $* (${SECONDS}s)"; }

newer=""
if [ -f "$DEB" ]; then
  newer=$(find src debian scripts/man.py po migrations rules Makefile VERSION -newer "$DEB" -type f -print -quit)
fi
if [ ! -f "$DEB" ] || [ -n "$newer" ]; then
  echo "deb.sh: building the package (make deb)${newer:+: $newer is newer than $DEB}"
  # For the test only: no -dbgsym package (nothing here installs or checks it) and xz at
  # level 1 (the same format; at the default level 6 dh_builddeb took ~3 of the ~26 CPU s).
  DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }noautodbgsym" DPKG_DEB_COMPRESSOR_LEVEL=1 \
    make --no-print-directory deb > build/deb.log 2>&1 || { tail -40 build/deb.log; fail "make deb"; }
  ok "make deb built $DEB and lintian found no errors"
else
  # `make deb` keeps a package only when lintian found no errors in it.
  echo "deb.sh: reusing $DEB (lintian passed when make deb built it)"
fi
ABS_DEB=$(readlink -f "$DEB")

TMP=$(mktemp -d /tmp/bekal-deb.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# Files every installation has.
FILES=(/usr/bin/bekal /etc/bekal/bekal.conf /lib/systemd/system/bekal.service
       /lib/systemd/system/bekal-backup.service /lib/systemd/system/bekal-backup.timer
       /usr/libexec/bekal/bekal-backup /usr/share/locale/en/LC_MESSAGES/bekal.mo
       /usr/share/man/man1/bekal.1.gz /usr/share/doc/bekal/examples/nginx-bekal.conf
       /usr/share/doc/bekal/copyright)
for d in docs/*.md; do FILES+=("/usr/share/doc/bekal/$(basename "$d")"); done
for d in docs/img/*.png; do FILES+=("/usr/share/doc/bekal/img/$(basename "$d")"); done  # the user's guide's pictures
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\.||' > "$TMP/list"
for f in "${FILES[@]}"; do grep -qx "$f" "$TMP/list" || fail "the package has no $f"; done
ok "the package holds the ${#FILES[@]} expected files"
dpkg-deb -f "$DEB" Depends | grep -q 'libmicrohttpd' || fail "Depends does not name the runtime libraries"
ok "Depends: $(dpkg-deb -f "$DEB" Depends | cut -c1-100)..."

# The service under a running systemd (the real one: a machine or VM booted with
# systemd). Installs the package on this machine, starts bekal.service, asks /healthz,
# then purges it and removes its data and user again. Never on a machine where Bekal is
# installed or has left data. Elsewhere (a container without systemd): a visible SKIP.
HOST_INSTALLED=""
host_cleanup() {
  [ -n "$HOST_INSTALLED" ] || return 0
  dpkg --purge bekal > /dev/null 2>&1 || true
  rm -rf /var/lib/bekal /var/backups/bekal
  getent passwd bekal > /dev/null && { userdel bekal 2>/dev/null || true; }
  HOST_INSTALLED=""
}
trap 'host_cleanup; rm -rf "$TMP"' EXIT
service_under_systemd() {
  if [ ! -d /run/systemd/system ] || ! command -v systemctl > /dev/null; then
    echo "deb.sh: SKIP: starting bekal.service: systemd is not running here (no /run/systemd/system);"
    echo "deb.sh: SKIP: the unit is checked by systemd-analyze verify and serve runs by hand below"
    return 0
  fi
  if [ "$(id -u)" != 0 ] || dpkg -s bekal > /dev/null 2>&1 || [ -e /var/lib/bekal ] || [ -e /etc/bekal ] ||
     getent passwd bekal > /dev/null; then
    echo "deb.sh: SKIP: starting bekal.service: not root, or Bekal is installed here (or left its data): not touched"
    return 0
  fi
  HOST_INSTALLED=1
  dpkg -i "$ABS_DEB" > "$TMP/host-install.log" 2>&1 || { cat "$TMP/host-install.log"; fail "dpkg -i on this machine"; }
  local port up=""
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  sed -i "s|^listen = .*|listen = 127.0.0.1:$port|" /etc/bekal/bekal.conf
  systemctl reset-failed bekal.service 2> /dev/null || true   # had 8080 been taken, the first start failed
  systemctl restart bekal.service
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then up=1; break; fi
    sleep 0.1
  done
  [ -n "$up" ] || { systemctl status bekal.service --no-pager || true; journalctl -u bekal --no-pager -n 30 || true
                    fail "bekal.service did not answer /healthz on 127.0.0.1:$port"; }
  [ "$(systemctl show -p User --value bekal.service)" = bekal ] || fail "bekal.service does not run as bekal"
  [ "$(stat -c %U "/proc/$(systemctl show -p MainPID --value bekal.service)")" = bekal ] ||
    fail "the service's process is not the bekal user's"
  systemctl is-enabled bekal.service > /dev/null || fail "bekal.service is not enabled"
  systemctl is-active bekal-backup.timer > /dev/null || fail "bekal-backup.timer is not active"
  ok "under systemd: dpkg -i started bekal.service (user bekal, enabled), /healthz answers, the backup timer is active"
  host_cleanup
  ok "under systemd: purged again (data and user removed by the test)"
}
service_under_systemd

overlay_ok() {
  [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
    mkdir -p "$TMP/probe/u" "$TMP/probe/w" "$TMP/probe/m" &&
    unshare -m sh -c "mount -t overlay overlay -o lowerdir=/,upperdir=$TMP/probe/u,workdir=$TMP/probe/w $TMP/probe/m" 2>/dev/null
}

if ! overlay_ok; then
  echo "deb.sh: SKIP: no overlayfs in a private mount namespace here (needs root and CAP_SYS_ADMIN);"
  echo "deb.sh: SKIP: maintainer scripts, service start and purge are not tried; checking an extracted copy"
  R="$TMP/root"
  dpkg-deb -x "$DEB" "$R"
  "$R/usr/bin/bekal" --version | grep -qx "bekal $VERSION" || fail "bekal --version"
  ok "bekal --version from the extracted /usr/bin"
  sed -e "s|^db = .*|db = $TMP/x.db|" "$R/etc/bekal/bekal.conf" > "$TMP/bekal.conf"
  BEKAL_CONFIG="$TMP/bekal.conf" "$R/usr/bin/bekal" init | grep -q "$TMP/x.db" || fail "the configuration's db was not used"
  ok "the configuration file is read (db)"
  if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify "$R/lib/systemd/system/bekal.service" 2>&1 | grep -v 'bekal\.service.*Command /usr/bin/bekal' || true
  else
    echo "deb.sh: SKIP: systemd-analyze is not installed"
  fi
  exit 0
fi

# The throwaway root: overlayfs over /, private mounts, no service ever started.
mkdir -p "$TMP/u" "$TMP/w" "$TMP/m"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$TMP/inside.sh" <<'INSIDE'
#!/bin/bash
# Runs inside the chroot. $1 = the .deb, $2 = a free port, $3 = the version.
set -euo pipefail
DEB=$1 PORT=$2 VERSION=$3
fail() { echo "deb.sh: FAIL: $*" >&2; exit 1; }
ok() { echo "deb.sh: ok: $* (${SECONDS}s)"; }
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
rm -f /var/lib/man-db/auto-update   # man-db's trigger would rebuild the whole index: slow, not ours
rm -rf /etc/bekal /var/lib/bekal /var/backups/bekal
getent passwd bekal >/dev/null && { userdel bekal 2>/dev/null || true; }

dpkg -i "$DEB" > /tmp/install.log 2>&1 || { cat /tmp/install.log; fail "dpkg -i"; }
grep -q 'bekal site add' /tmp/install.log || fail "the first install did not print how to create the first admin"
ok "dpkg -i: installed; it printed how to create the site and the first admin"
getent passwd bekal | grep -q ':/var/lib/bekal:/usr/sbin/nologin$' || fail "no system user bekal: $(getent passwd bekal)"
[ "$(stat -c %U:%a /var/lib/bekal)" = bekal:750 ] || fail "/var/lib/bekal is $(stat -c %U:%a /var/lib/bekal)"
[ "$(stat -c %U:%a /var/backups/bekal)" = bekal:750 ] || fail "/var/backups/bekal is $(stat -c %U:%a /var/backups/bekal)"
[ "$(stat -c %U:%G:%a /etc/bekal/bekal.conf)" = root:bekal:640 ] || fail "bekal.conf is $(stat -c %U:%G:%a /etc/bekal/bekal.conf)"
[ -f /var/lib/bekal/bekal.db ] || fail "postinst did not create /var/lib/bekal/bekal.db"
[ "$(stat -c %U /var/lib/bekal/bekal.db)" = bekal ] || fail "the database is not the bekal user's"
ok "user bekal, /var/lib/bekal and /var/backups/bekal (bekal, 0750), bekal.conf (root:bekal 0640), database created"
[ "$(sqlite3 /var/lib/bekal/bekal.db 'SELECT count(*) FROM wbp')" = 0 ] || fail "the database has inmates: demo data?"
ok "bekal init without --demo (no inmates)"
[ "$(/usr/bin/bekal --version)" = "bekal $VERSION" ] || fail "bekal --version: $(/usr/bin/bekal --version)"
ok "/usr/bin/bekal --version: bekal $VERSION"
man -l /usr/share/man/man1/bekal.1.gz 2>/dev/null | grep -q 'bekal serve' || fail "man page"
ok "man bekal renders"

# The configuration file: no --db, no --listen; both come from /etc/bekal/bekal.conf.
cd /var/lib/bekal
runuser -u bekal -- bekal site add LPKTP --name "Lapas Kelas IIB Ketapang" > /dev/null
echo 'rahasia-panjang' | runuser -u bekal -- bekal user add admin --role admin --site LPKTP --password-stdin > /dev/null
sed -i "s|^listen = .*|listen = 127.0.0.1:$PORT|" /etc/bekal/bekal.conf
JOURNAL_STREAM=8:1 runuser -u bekal -- bekal serve > /tmp/serve.out 2> /tmp/serve.err &
SPID=$!
up=""
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1; then up=1; break; fi
  sleep 0.1
done
[ -n "$up" ] || { cat /tmp/serve.err; fail "bekal serve did not listen on the configured 127.0.0.1:$PORT"; }
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login?next=/x"
kill -TERM $SPID; wait $SPID || true
ok "bekal serve took its database and listen address from /etc/bekal/bekal.conf"
grep -q "^<6>time=.* event=request method=GET route=/login status=200 ms=.* user=-" /tmp/serve.err ||
  { cat /tmp/serve.err; fail "no request line in the log"; }
grep -q 'next=' /tmp/serve.err && fail "the log has the query string"
ok "one request line in the journal format: $(grep 'route=/login' /tmp/serve.err | head -1)"
if locale -a 2>/dev/null | grep -qiE '^en_(US|GB)\.utf-?8$'; then
  grep -q 'katalog' /tmp/serve.err && fail "English catalogue not found in /usr/share/locale"
  ok "the English catalogue is found in /usr/share/locale"
else
  grep -q 'English locale' /tmp/install.log || fail "no English locale here, and the install did not say how to make one"
  echo "deb.sh: SKIP: English pages: this machine has no English locale (scripts/deps.sh makes one); the install said how"
fi

# The backup script keeps the newest N. Its runs are a second apart (its names are
# dated to the second): date(1), which names the copy, answers for the given second
# (the real date with -d @EPOCH; a shim first on PATH) instead of the test sleeping.
REAL_DATE=$(command -v date)
mkdir -p /tmp/clock && printf '#!/bin/sh\nexec %s -d "@$BEKAL_TEST_EPOCH" "$@"\n' "$REAL_DATE" > /tmp/clock/date
chmod 755 /tmp/clock /tmp/clock/date
t=$("$REAL_DATE" +%s)
for i in 0 1 2; do
  runuser -u bekal -- env PATH="/tmp/clock:$PATH" BEKAL_TEST_EPOCH=$((t + i)) BEKAL_BACKUP_KEEP=2 \
    /usr/libexec/bekal/bekal-backup > /dev/null
done
n=$(ls /var/backups/bekal | grep -c '^bekal-.*\.db$')
[ "$n" = 2 ] || fail "bekal-backup kept $n copies, want 2: $(ls /var/backups/bekal)"
want="$("$REAL_DATE" -u -d "@$((t + 1))" +bekal-%Y%m%dT%H%M%SZ.db) $("$REAL_DATE" -u -d "@$((t + 2))" +bekal-%Y%m%dT%H%M%SZ.db)"
[ "$(ls /var/backups/bekal | grep '^bekal-.*\.db$' | sort | tr '\n' ' ')" = "$want " ] ||
  fail "bekal-backup did not keep the newest two ($want): $(ls /var/backups/bekal)"
ok "bekal-backup: 3 runs with BEKAL_BACKUP_KEEP=2 leave the newest 2 copies"

if command -v systemd-analyze >/dev/null 2>&1; then
  out=$(systemd-analyze verify /lib/systemd/system/bekal.service /lib/systemd/system/bekal-backup.service \
        /lib/systemd/system/bekal-backup.timer 2>&1) || { echo "$out"; fail "systemd-analyze verify"; }
  [ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify has warnings"; }
  ok "systemd-analyze verify: bekal.service, bekal-backup.service, bekal-backup.timer"
  sec=$(systemd-analyze security --offline=true /lib/systemd/system/bekal.service 2>/dev/null | tail -1 || true)
  [ -n "$sec" ] && echo "deb.sh: info: $sec"
else
  echo "deb.sh: SKIP: systemd-analyze is not installed"
fi
grep -q '^ProtectSystem=strict' /lib/systemd/system/bekal.service || fail "bekal.service: ProtectSystem"

# Upgrade (the same version again): postinst migrates, prints no first-install text.
dpkg -i "$DEB" > /tmp/upgrade.log 2>&1 || { cat /tmp/upgrade.log; fail "dpkg -i again"; }
grep -q 'bekal site add' /tmp/upgrade.log && fail "the upgrade printed the first-install text"
[ "$(runuser -u bekal -- bekal user list | grep -c '^admin ')" = 1 ] || fail "the upgrade lost the admin"
grep -q "listen = 127.0.0.1:$PORT" /etc/bekal/bekal.conf || fail "the upgrade replaced the changed configuration"
ok "upgrade: configuration and data kept"

# Purge: the configuration goes, the data stays.
dpkg --purge bekal > /tmp/purge.log 2>&1 || { cat /tmp/purge.log; fail "dpkg --purge"; }
[ ! -e /etc/bekal ] || fail "purge left /etc/bekal: $(ls -la /etc/bekal)"
[ -f /var/lib/bekal/bekal.db ] || fail "purge removed the database"
[ "$(ls /var/backups/bekal | wc -l)" = 2 ] || fail "purge removed the backups"
ok "purge: /etc/bekal removed; the database and the backups kept"
INSIDE
chmod +x "$TMP/inside.sh"
cp "$ABS_DEB" "$TMP/bekal.deb"
unshare -m bash -euo pipefail -c "
  mount --make-rprivate /
  mount -t overlay overlay -o lowerdir=/,upperdir=$TMP/u,workdir=$TMP/w $TMP/m
  mount --rbind /dev $TMP/m/dev
  mount -t proc proc $TMP/m/proc
  mount -t tmpfs tmpfs $TMP/m/tmp
  mount -t tmpfs tmpfs $TMP/m/run
  cp $TMP/inside.sh $TMP/bekal.deb $TMP/m/tmp/
  chroot $TMP/m /tmp/inside.sh /tmp/bekal.deb $PORT $VERSION
"
echo "deb.sh: all checks passed"
