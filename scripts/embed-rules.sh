#!/bin/sh
# Turns rules/*.json (the built-in asimilasi rule sets) into a C array (stdout),
# so the binary carries its rule sets. Read by src/core/ruleset.c.
set -eu
echo '/* Generated from rules/*.json by scripts/embed-rules.sh. Do not edit. */'
echo 'struct bekal_rule_file { const char *name; const char *json; };'
echo 'const struct bekal_rule_file bekal_builtin_rules[] = {'
n=0
for f in $(ls rules/*.json | sort); do
  printf '  {"%s",\n' "$(basename "$f" .json)"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/   "/' -e 's/$/\\n"/' "$f"
  echo '  },'
  n=$((n+1))
done
echo '};'
echo "const int bekal_builtin_rules_count = $n;"
