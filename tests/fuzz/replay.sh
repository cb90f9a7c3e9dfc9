#!/usr/bin/env bash
# replay.sh — run by `make test` (tests/run-all.sh): builds the libFuzzer harnesses
# (clang, ASan+UBSan; `make fuzz-build`) and runs every input of
# tests/fuzz/corpus/<name>/ once through its harness. Fails when any input crashes,
# leaks, trips a sanitizer or breaks a harness invariant, naming the inputs.
# No fuzzing happens here; `make fuzz` does that.
set -uo pipefail
cd "$(dirname "$0")/../.."
command -v "${FUZZ_CC:-clang}" >/dev/null || { echo "replay: clang not found (make test-deps installs it)" >&2; exit 1; }
mkdir -p build   # flock: one make at a time when tests run in parallel (bench/run.sh builds too)
flock build/.make.lock make -s fuzz-build -j"$(nproc 2>/dev/null || echo 2)" || { echo "replay: fuzz harnesses do not build" >&2; exit 1; }
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p build/fuzz/logs
fail=0 total=0 start=$(date +%s)
for src in tests/fuzz/fuzz_*.c; do
  n=${src##*/fuzz_}; n=${n%.c}
  bin=build/fuzz/fuzz_$n dir=tests/fuzz/corpus/$n log=build/fuzz/logs/replay_$n.log
  mapfile -d '' files < <(find "$dir" -type f -print0 2>/dev/null | sort -z)
  if [ ${#files[@]} -eq 0 ]; then echo "replay $n: no corpus in $dir" >&2; fail=1; continue; fi
  total=$((total + ${#files[@]}))
  # Given files (not a directory), libFuzzer runs each once, whole, and stops at the first crash.
  if "$bin" -timeout=10 -rss_limit_mb=2048 "${files[@]}" > "$log" 2>&1; then
    echo "replay $n: ${#files[@]} inputs ok"
  else
    fail=1
    echo "replay $n: FAILED; the inputs that crash:"
    for f in "${files[@]}"; do
      "$bin" -timeout=10 "$f" > "$log.one" 2>&1 && continue
      echo "  $f"
      { grep -a -A1 -E 'fuzz invariant|runtime error|ERROR: (Address|Leak)Sanitizer' "$log.one" | head -2
        grep -a -E '^ +#[0-9]+ .* in [^ ]+ [^ ]*/(src|tests/fuzz)/' "$log.one" | head -4 | sed 's/0x[0-9a-f]* in //'
      } | sed 's/^/    /'
    done
    rm -f "$log.one"
  fi
done
echo "replay: $total inputs in $(( $(date +%s) - start ))s"
exit $fail
