#!/usr/bin/env bash
# Golden calculator examples: runs every tests/golden/{sentence,eligibility,split,placement}/*.json
# against BEKAL_BINARY, all in one `bekal calc batch` process, and compares in one
# python3 (tests/golden/check.py). Usage: tests/golden/run.sh BEKAL_BINARY
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
exec python3 "$(dirname "$0")/check.py" "$BIN"
