#!/bin/sh
# Turns migrations/*.sql into a C array (stdout), so the binary carries its schema.
set -eu
echo '/* Generated from migrations/*.sql by scripts/embed-migrations.sh. Do not edit. */'
echo 'struct migration { const char *name; const char *sql; };'
echo 'const struct migration bekal_migrations[] = {'
n=0
for f in $(ls migrations/*.sql | sort); do
  printf '  {"%s",\n' "$(basename "$f" .sql)"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/   "/' -e 's/$/\\n"/' "$f"
  echo '  },'
  n=$((n+1))
done
echo '};'
echo "const int bekal_migrations_count = $n;"
