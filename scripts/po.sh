#!/usr/bin/env bash
# po.sh — refreshes the translation catalogues from the sources (`make po`).
# Extracts every _("…") and N_("…") text into po/bekal.pot, merges it into
# po/en.po (new texts arrive untranslated, to be translated by hand) and po/id.po
# (the message ids are Indonesian, so id.po is the identity and is regenerated).
# Prints what is still untranslated in English; tests/i18n.sh fails while any is.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 --add-comments=TRANSLATORS: --package-name=bekal --sort-by-file \
  -o po/bekal.pot src/*/*.c src/web/pages/*.c
if [ -f po/en.po ]; then
  msgmerge --quiet --no-fuzzy-matching --update --backup=none po/en.po po/bekal.pot
else
  msginit --no-translator --locale=en_US.UTF-8 -i po/bekal.pot -o po/en.po
fi
msgattrib --no-obsolete -o po/en.po po/en.po
msginit --no-translator --locale=id_ID.UTF-8 -i po/bekal.pot -o - 2>/dev/null | msgen -o po/id.po -
left=$(msgattrib --untranslated --no-obsolete po/en.po | grep -c '^msgid ' || true)
[ "$left" -gt 0 ] && left=$((left - 1)) # the header entry
echo "po: $(grep -c '^msgid ' po/bekal.pot) texts; untranslated in po/en.po: $left"
