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
#   reconcile:   {"why", "input": {sentence, sdp, at} (see `bekal calc reconcile --help`), "expect": {...}}
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

# Per file: one jq reads what the run needs, bekal runs, one jq checks the answer
# (jq's start-up costs as much as the check; files x ten jq runs were most of the time).
# META: NUL-separated: ok|bad, expect_exit, expect_stderr, at, input (JSON), args...
META='if (has("why") and has("expect") or has("expect_exit")) then "ok" else "bad" end, "\u0000",
  (.expect_exit // 0 | if type == "string" then . else tojson end), "\u0000",
  (.expect_stderr // "" | if type == "string" then . else tojson end), "\u0000",
  (.at // "" | if type == "string" then . else tojson end), "\u0000",
  (.input | tojson), "\u0000",
  (if $kind == "sentence" then .args[] | (if type == "string" then . else tojson end), "\u0000" else empty end)'
# CHECK (the output slurped, the golden file in $g): one JSON line each, keys sorted:
# ["notjson"] | ["want", expected] then ["got", projected output] per output value,
# then ["bad", message] for an expect_detail not met (the last one), else an expect_reason.
CHECK="$PROJ"'
if length == 0 or .[-1] == null or .[-1] == false then ["notjson"] else
  $g[0] as $f | ($f.expect // {}) as $e | ["want", $e], (.[] | ["got", (shape | proj($e))]),
  (.[0] as $o | [ [ ((($f.expect_detail // {}) | to_entries[] | select(.key != "")) as $d |
      ([$o | .requirements[]? | select(.code == $d.key) | .detail | if type == "string" then . else tojson end]
       | join("\n")) as $got |
      select($got | contains($d.value) | not) | "detail: \($d.key): \"\($got)\" lacks \"\($d.value)\"") ],
    [ ((($f.expect_reason // {}) | to_entries[] | select(.key != "")) as $r |
      ($o | [(.placed // [])[], (.waitlist // [])[] | select(.wbp == $r.key) | .reason] | first // ""
       | if type == "string" then . else tojson end) as $got |
      select($got | contains($r.value) | not) | "reason: \($r.key): \"\($got)\" lacks \"\($r.value)\"") ] ]
   | map(select(length > 0)) | if length > 0 then ["bad", .[0][-1]] else empty end)
end'

for f in "$DIR"/sentence/*.json "$DIR"/eligibility/*.json "$DIR"/split/*.json "$DIR"/placement/*.json "$DIR"/schedule/*.json "$DIR"/completion/*.json "$DIR"/reconcile/*.json; do
  [ -f "$f" ] || continue
  kind=$(basename "$(dirname "$f")")
  meta=()
  mapfile -d '' meta < <(jq -j --arg kind "$kind" "$META" "$f" 2>/dev/null)
  if [ "${meta[0]:-}" != ok ] || [ ${#meta[@]} -lt 5 ]; then
    failed "$f" "bad golden file (needs why and expect or expect_exit)"; continue
  fi
  want_rc=${meta[1]} want_err=${meta[2]} at=${meta[3]}
  if [ "$kind" = sentence ]; then
    args=(calc sentence "${meta[@]:5}")
  else
    printf '%s\n' "${meta[4]}" > "$TMP/input.json"
    case "$kind" in
      split|placement|schedule|completion|reconcile) args=(calc "$kind" "$TMP/input.json") ;;
      *) args=(calc eligibility --input "$TMP/input.json")
         [ -n "$at" ] && args+=(--at "$at") ;;
    esac
  fi
  "$BIN" "${args[@]}" > "$TMP/out" 2> "$TMP/err"
  rc=$?
  if [ "$rc" != "$want_rc" ]; then
    failed "$f" "exit $rc, expected $want_rc"; sed 's/^/    stderr: /' "$TMP/err" | head -5; continue
  fi
  if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$TMP/err"; then
    failed "$f" "stderr lacks \"$want_err\""; sed 's/^/    stderr: /' "$TMP/err" | head -5; continue
  fi
  if [ "$want_rc" = 0 ]; then
    lines=()
    mapfile -t lines < <(jq -c -S -s --slurpfile g "$f" "$CHECK" "$TMP/out" 2>/dev/null || echo '["notjson"]')
    if [ "${lines[0]:-}" = '["notjson"]' ] || [ "${lines[-1]:-}" = '["notjson"]' ]; then
      failed "$f" "output is not JSON"; head -5 "$TMP/out"; continue
    fi
    want=${lines[0]#'["want",'} got=() bad=""
    for l in "${lines[@]:1}"; do
      case "$l" in
        '["got",'*) got+=("${l#'["got",'}") ;;
        '["bad",'*) bad=$(jq -r '.[1]' <<< "$l") ;;
      esac
    done
    if [ ${#got[@]} -ne 1 ] || [ "${got[0]}" != "$want" ]; then
      failed "$f" "output differs (- expected, + actual)"
      jq -S '.expect // {}' "$f" > "$TMP/want"
      jq -S --slurpfile e "$TMP/want" "$PROJ"' shape | proj($e[0])' "$TMP/out" > "$TMP/got"
      diff -u "$TMP/want" "$TMP/got" | tail -n +3 | sed 's/^/    /'; continue
    fi
    if [ -n "$bad" ]; then failed "$f" "$bad"; continue; fi
  fi
  pass=$((pass+1))
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
