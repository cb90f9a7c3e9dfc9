#!/usr/bin/env bash
# Golden calculator examples: runs every tests/golden/{sentence,eligibility,split,placement}/*.json
# against BEKAL_BINARY and compares with jq. Usage: tests/golden/run.sh BEKAL_BINARY
#
# File shapes (every file has a "why" saying where the expected values come from):
#   sentence:    {"why", "args": [...calc sentence options...], "expect": {...}}
#   eligibility: {"why", "input": {...inmate...}, "at": "YYYY-MM-DD", "expect": {...}}
#   split:       {"why", "input": {...rules and sales, see `bekal calc split --help`...}, "expect": {...}}
#   placement:   {"why", "input": {...bekal calc placement FILE.json...}, "expect": {...}}
#                optional "expect_reason": {wbp: substring of that wbp's reason (placed or waitlist)}
#   schedule, completion: {"why", "input": {...see `bekal calc schedule|completion --help`...}, "expect": {...}}
# "expect" is partial: only the keys it names are compared (recursively). For
# eligibility, "requirements" is compared keyed by code ({"masa_pidana": {"met":
# true, "met_from": "..."}}) and "codes" is the list of requirement codes in order.
# Optional: "expect_exit" (default 0), "expect_stderr" (substring of stderr),
# "expect_detail" ({code: substring of that requirement's detail}).
# Ends with "golden: N passed, M failed"; exit status 1 on any failure.
set -uo pipefail
BIN="${1:?usage: tests/golden/run.sh BEKAL_BINARY}"
DIR="$(cd "$(dirname "$0")" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0; fail=0

PROJ='def proj($e):
  if ($e|type) == "object" then
    . as $a | reduce ($e|keys[]) as $k ({}; . + {($k): (($a | if type == "object" then .[$k] else null end) | proj($e[$k]))})
  elif ($e|type) == "array" and type == "array" then
    . as $a | [range(0; $e|length) as $i | ($a[$i] | proj($e[$i]))]
  else . end;
def shape: if type == "object" and has("requirements") then
    .codes = [.requirements[].code] | .requirements = (.requirements | map({key: .code, value: .}) | from_entries)
  else . end;'

failed() { # file, message
  fail=$((fail+1)); echo "FAIL ${1#$DIR/}: $2"
}

for f in "$DIR"/sentence/*.json "$DIR"/eligibility/*.json "$DIR"/split/*.json "$DIR"/placement/*.json "$DIR"/schedule/*.json "$DIR"/completion/*.json; do
  [ -f "$f" ] || continue
  kind=$(basename "$(dirname "$f")")
  if ! jq -e 'has("why") and has("expect") or has("expect_exit")' "$f" >/dev/null 2>&1; then
    failed "$f" "bad golden file (needs why and expect or expect_exit)"; continue
  fi
  args=()
  if [ "$kind" = sentence ]; then
    while IFS= read -r -d '' a; do args+=("$a"); done < <(jq -j '.args[] | ., "\u0000"' "$f")
    args=(calc sentence "${args[@]}")
  elif [ "$kind" = split ]; then
    jq '.input' "$f" > "$TMP/input.json"
    args=(calc split "$TMP/input.json")
  elif [ "$kind" = placement ]; then
    jq '.input' "$f" > "$TMP/input.json"
    args=(calc placement "$TMP/input.json")
  elif [ "$kind" = schedule ] || [ "$kind" = completion ]; then
    jq '.input' "$f" > "$TMP/input.json"
    args=(calc "$kind" "$TMP/input.json")
  else
    jq '.input' "$f" > "$TMP/input.json"
    args=(calc eligibility --input "$TMP/input.json")
    at=$(jq -r '.at // empty' "$f")
    [ -n "$at" ] && args+=(--at "$at")
  fi
  "$BIN" "${args[@]}" > "$TMP/out" 2> "$TMP/err"
  rc=$?
  want_rc=$(jq -r '.expect_exit // 0' "$f")
  if [ "$rc" != "$want_rc" ]; then
    failed "$f" "exit $rc, expected $want_rc"; sed 's/^/    stderr: /' "$TMP/err" | head -5; continue
  fi
  want_err=$(jq -r '.expect_stderr // empty' "$f")
  if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$TMP/err"; then
    failed "$f" "stderr lacks \"$want_err\""; sed 's/^/    stderr: /' "$TMP/err" | head -5; continue
  fi
  if [ "$want_rc" = 0 ]; then
    if ! jq -e . "$TMP/out" >/dev/null 2>&1; then failed "$f" "output is not JSON"; head -5 "$TMP/out"; continue; fi
    jq -S '.expect // {}' "$f" > "$TMP/want"
    jq -S --slurpfile e "$TMP/want" "$PROJ"' shape | proj($e[0])' "$TMP/out" > "$TMP/got"
    if ! cmp -s "$TMP/want" "$TMP/got"; then
      failed "$f" "output differs (- expected, + actual)"; diff -u "$TMP/want" "$TMP/got" | tail -n +3 | sed 's/^/    /'; continue
    fi
    bad=""
    while IFS=$'\t' read -r code sub; do
      [ -z "$code" ] && continue
      got=$(jq -r --arg c "$code" '.requirements[] | select(.code == $c) | .detail' "$TMP/out")
      case "$got" in *"$sub"*) ;; *) bad="$code: \"$got\" lacks \"$sub\"";; esac
    done < <(jq -r '(.expect_detail // {}) | to_entries[] | [.key, .value] | @tsv' "$f")
    if [ -n "$bad" ]; then failed "$f" "detail: $bad"; continue; fi
    while IFS=$'\t' read -r wbp sub; do
      [ -z "$wbp" ] && continue
      got=$(jq -r --arg w "$wbp" '[(.placed // [])[], (.waitlist // [])[] | select(.wbp == $w) | .reason] | first // ""' "$TMP/out")
      case "$got" in *"$sub"*) ;; *) bad="$wbp: \"$got\" lacks \"$sub\"";; esac
    done < <(jq -r '(.expect_reason // {}) | to_entries[] | [.key, .value] | @tsv' "$f")
    if [ -n "$bad" ]; then failed "$f" "reason: $bad"; continue; fi
  fi
  pass=$((pass+1))
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
