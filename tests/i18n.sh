#!/usr/bin/env bash
# i18n.sh — fails when any text of the interface is left untranslated in English:
# the sources are extracted afresh (every _() and N_() text), merged with po/en.po,
# and the result must have no untranslated or fuzzy entry, and no entry whose English
# is a copy of the Indonesian unless a "# same in English" comment says it is meant
# (month names such as "April"). po/id.po must hold every text too (`make po`).
# Every shipped rule file must give each title, label and notes text in English too
# (tests/rules_en.py).
# Then the pages themselves (tests/i18n_pages.py): the real binary is started on a demo
# database and the pages of every area are fetched in English; any Indonesian text of
# the interface left on them (a literal never wrapped in _(), a label table without
# N_()) fails. BEKAL_BIN picks the binary (default build/asan/bekal, else build/bekal).
#   tests/i18n.sh
set -euo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 --package-name=bekal -o "$T/bekal.pot" src/*/*.c src/web/pages/*.c
msgmerge --quiet --no-fuzzy-matching -o "$T/en.po" po/en.po "$T/bekal.pot"
msgfmt --check -o /dev/null "$T/en.po"
msgcmp po/id.po "$T/bekal.pot" || { echo "i18n: po/id.po is out of date; run make po" >&2; exit 1; }
python3 - "$T/en.po" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = []
for e in text.split("\n\n"):
    if e.lstrip().startswith("#~") or "msgid" not in e:
        continue
    def field(name):
        m = re.search(r"^%s ((?:\".*\"\n?)+)" % name, e + "\n", re.M)
        return "".join(re.findall(r"\"(.*)\"", m.group(1))) if m else None
    mid, mstr = field("msgid"), field("msgstr")
    if mid == "":
        continue
    where = " ".join(l[3:] for l in e.splitlines() if l.startswith("#: "))
    if "#, fuzzy" in e:
        bad.append(f"fuzzy: {mid!r} ({where})")
    elif not mstr:
        bad.append(f"untranslated: {mid!r} ({where})")
    elif mstr == mid and "# same in English" not in e:
        bad.append(f"English is a copy of the Indonesian: {mid!r} ({where})")
if bad:
    print("i18n: %d text(s) of the English interface need work in po/en.po (make po, then translate):" % len(bad))
    print("\n".join("  " + b for b in bad))
    sys.exit(1)
print("i18n: every text has an English translation")
PY
python3 tests/rules_en.py
BIN=${BEKAL_BIN:-build/asan/bekal}
[ -x "$BIN" ] || BIN=build/bekal
[ -x "$BIN" ] || { echo "i18n: no binary to check the pages with (make all asan)" >&2; exit 1; }
BEKAL_BIN="$BIN" python3 tests/i18n_pages.py
