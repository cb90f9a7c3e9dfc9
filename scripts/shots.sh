#!/usr/bin/env bash
# The screenshots of the user's guide (docs/panduan-pengguna.md): walks the browser
# story (tests/e2e/run.sh) with BEKAL_SHOTS=docs/img, so story.mjs saves its key pages
# there (1000x700, phones at their size, the first page of the certificate and of the
# monthly report), then makes the PNGs small with pngquant and optipng (installed by
# `scripts/deps.sh shots`). Run it again after a change to those pages and
# commit docs/img. The normal suite never takes these pictures.
#   scripts/shots.sh [BIN]   (default build/asan/bekal: the story needs the test clock)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/asan/bekal}
bash scripts/deps.sh shots
IMG=$(realpath -m docs/img)
mkdir -p "$IMG"
rm -f "$IMG"/*.png
BEKAL_SHOTS="$IMG" tests/e2e/run.sh "$BIN"
if command -v pngquant >/dev/null; then
  pngquant --force --skip-if-larger --strip --quality 60-90 --ext .png "$IMG"/*.png || true
else
  echo "shots: pngquant is not installed; the pictures stay as they are" >&2
fi
command -v optipng >/dev/null && optipng -quiet -o2 -strip all "$IMG"/*.png
echo "shots: $(ls "$IMG"/*.png | wc -l) pictures, $(du -ch "$IMG"/*.png | tail -1 | cut -f1) in $IMG"
