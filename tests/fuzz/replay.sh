#!/usr/bin/env bash
# replay.sh — run by `make test` (tests/run-all.sh): runs every input of
# tests/fuzz/corpus/<name>/ once through its harness, under ASan+UBSan. The harnesses
# are linked with a plain main() (tests/fuzz/replay_main.c) and the sanitizer build's
# library objects (`make fuzz-replay-build`, gcc), so no clang build is needed here.
# Fails when any input crashes, leaks, trips a sanitizer or breaks a harness invariant,
# naming the input. No fuzzing happens here; `make fuzz` (clang, libFuzzer) does that.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build   # flock: one make at a time when tests run in parallel (bench/run.sh builds too)
flock build/.make.lock make -s fuzz-replay-build -j"$(nproc 2>/dev/null || echo 2)" || { echo "replay: harnesses do not build" >&2; exit 1; }
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p build/asan/fuzz/logs
fail=0 total=0 start=$(date +%s)
for src in tests/fuzz/fuzz_*.c; do
  n=${src##*/fuzz_}; n=${n%.c}
  bin=build/asan/fuzz/replay_$n dir=tests/fuzz/corpus/$n log=build/asan/fuzz/logs/replay_$n.log
  mapfile -d '' files < <(find "$dir" -type f -print0 2>/dev/null | sort -z)
  if [ ${#files[@]} -eq 0 ]; then echo "replay $n: no corpus in $dir" >&2; fail=1; continue; fi
  total=$((total + ${#files[@]}))
  if REPLAY_VERBOSE=1 "$bin" "${files[@]}" > "$log" 2>&1; then
    echo "replay $n: ${#files[@]} inputs ok"
  else
    fail=1
    # the last input named before the failure is the one that broke it
    bad=$(grep -a '^replay: ' "$log" | tail -1 | sed 's/^replay: //')
    echo "replay $n: FAILED at input $bad"
    { grep -a -A1 -E 'fuzz invariant|runtime error|ERROR: (Address|Leak)Sanitizer' "$log" | head -2
      grep -a -E '^ +#[0-9]+ .* in [^ ]+ [^ ]*/(src|tests/fuzz)/' "$log" | head -4 | sed 's/0x[0-9a-f]* in //'
    } | sed 's/^/    /'
  fi
done
echo "replay: $total inputs in $(( $(date +%s) - start ))s"
exit $fail
