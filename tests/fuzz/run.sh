#!/usr/bin/env bash
# run.sh — `make fuzz`: runs each libFuzzer harness for a set time (ASan+UBSan),
# starting from its corpus tests/fuzz/corpus/<name>/, then merges the new inputs
# that add coverage back into that corpus (libFuzzer -merge=1), so the corpus in the
# repository grows only by useful inputs. libFuzzer runs in fork mode and keeps
# going after a crash (-ignore_crashes=1), so a known bug (a crash-* input in the
# corpus, waiting for its fix) does not stop the search for others. Crashes are
# saved to build/fuzz/artifacts/<name>/; the script ends non-zero when there was
# one, and build/fuzz/summary.txt gets the executions per harness.
# Usage: tests/fuzz/run.sh SECONDS [NAME...]   (names: the tests/fuzz/fuzz_NAME.c files)
set -uo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"; shift || true
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for s in tests/fuzz/fuzz_*.c; do n=${s##*/fuzz_}; names+=("${n%.c}"); done
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:print_summary=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
max_len() { case "$1" in dates) echo 64;; router) echo 512;; text) echo 4096;; *) echo 8192;; esac; }

mkdir -p build/fuzz
total=0; crashed=()
printf '%-8s %12s %8s %8s  %s\n' harness executions corpus added result > build/fuzz/summary.txt
for n in "${names[@]}"; do
  bin=build/fuzz/fuzz_$n corpus=tests/fuzz/corpus/$n new=build/fuzz/new/$n art=build/fuzz/artifacts/$n
  log=build/fuzz/logs/$n.log
  [ -x "$bin" ] || { echo "fuzz: $bin missing (make fuzz-build)" >&2; exit 1; }
  mkdir -p "$corpus" "$art" build/fuzz/logs
  rm -rf "$new"; mkdir -p "$new"
  dict=(); [ -f "tests/fuzz/$n.dict" ] && dict=(-dict="tests/fuzz/$n.dict")
  before=$(find "$corpus" -type f | wc -l)
  echo "=== fuzz $n for ${secs}s (corpus: $before inputs)"
  arts_before=$(find "$art" -type f | wc -l)
  "$bin" -fork=1 -ignore_crashes=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
         -max_len="$(max_len "$n")" -artifact_prefix="$art/" "${dict[@]}" "$new" "$corpus" > "$log" 2>&1
  rc=$?
  # Fork mode's status lines start with "#<executions so far>:".
  execs=$(sed -n 's/^#\([0-9][0-9]*\): .*/\1/p' "$log" | tail -1)
  execs=${execs:-0}; total=$((total + execs))
  crashes=$(( $(find "$art" -type f | wc -l) - arts_before ))
  [ "$crashes" -gt 0 ] && rc=1
  # Keep only new inputs that add coverage (and not the crashing one, which is in $art).
  # (A crash-* input in the corpus crashes again here; its artifact goes to $art/merge-*.)
  "$bin" -merge=1 -max_len="$(max_len "$n")" -artifact_prefix="$art/merge-" "$corpus" "$new" >> "$log" 2>&1 || true
  after=$(find "$corpus" -type f | wc -l)
  if [ $rc -ne 0 ]; then
    result="CRASH: ${crashes} new input(s) in $art/ (log $log)"; crashed+=("$n")
  else result=ok; fi
  printf '%-8s %12s %8s %8s  %s\n' "$n" "$execs" "$after" "+$((after - before))" "$result" | tee -a build/fuzz/summary.txt
done
echo "total executions: $total" | tee -a build/fuzz/summary.txt
echo "corpus size: $(du -sh --apparent-size tests/fuzz/corpus | cut -f1) in $(find tests/fuzz/corpus -type f | wc -l) files" | tee -a build/fuzz/summary.txt
if [ ${#crashed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${crashed[*]}; minimise with build/fuzz/fuzz_NAME -minimize_crash=1 -runs=10000 FILE," >&2
  echo "      add the minimised input to tests/fuzz/corpus/NAME/ so the replay fails until it is fixed" >&2
  exit 1
fi
