#!/usr/bin/env python3
"""The golden files' checks (tests/golden/run.sh says what the files hold).

Usage: tests/golden/check.py BEKAL_BINARY

Every file's run goes to one `bekal calc batch` process (one line of arguments in,
one line {exit, stdout, stderr} out, what the separate run `bekal calc ARGS...`
prints); the checks are the ones the jq version made, file by file:
  * the file has "why" and "expect", or "expect_exit";
  * the exit status is expect_exit (default 0); stderr holds expect_stderr;
  * with exit 0: stdout is a stream of JSON values, not empty, the last not null or
    false; there is exactly one, and it, shaped (eligibility: "requirements" keyed by
    code, "codes" the codes in order) and cut to the keys "expect" names (recursively;
    an array to the expected length), equals "expect" (numbers as numbers, true is
    not 1); every expect_detail is a substring of that requirement's details (joined
    by newlines), every expect_reason of that wbp's first placed/waitlist reason.
The batch itself must end with status 0: a leak or a sanitizer error in any run fails.
Ends with "golden: N passed, M failed"; exit status 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

KINDS = ["sentence", "eligibility", "split", "placement", "schedule", "completion", "reconcile"]


def text(v):
    """A value as jq's `if type == "string" then . else tojson end`."""
    return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def alt(g, key, default):
    """jq's `.key // default`: null, false and a missing key give default."""
    v = g.get(key)
    return default if v is None or v is False else v


def proj(a, e):
    """a cut to the shape of e: e's keys only (missing ones null), arrays to e's length."""
    if isinstance(e, dict):
        return {k: proj(a.get(k) if isinstance(a, dict) else None, v) for k, v in e.items()}
    if isinstance(e, list) and isinstance(a, list):
        return [proj(a[i] if i < len(a) else None, v) for i, v in enumerate(e)]
    return a


class Bad(Exception):
    pass


def shape(o):
    if isinstance(o, dict) and "requirements" in o:
        reqs = o["requirements"]
        if not isinstance(reqs, list) or not all(isinstance(r, dict) and isinstance(r.get("code"), str) for r in reqs):
            raise Bad("requirements is not a list of objects with a code")
        o = dict(o)
        o["codes"] = [r["code"] for r in reqs]
        o["requirements"] = {r["code"]: r for r in reqs}
    return o


def same(a, b):
    """JSON equality as jq compares: numbers by value, booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def values(s):
    """The JSON values of a stream (jq -s), or None when it is not JSON."""
    dec, out, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(s) and s[i] in " \t\n\r":
            i += 1
        if i == len(s):
            return out
        try:
            v, i = dec.raw_decode(s, i)
        except ValueError:
            return None
        out.append(v)


def pretty(v):
    return json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


def check(f, g, res):
    """None when the run res answers golden file g, else the message."""
    want_rc, want_err = text(alt(g, "expect_exit", 0)), text(alt(g, "expect_stderr", ""))
    out, err = res.get("stdout"), res.get("stderr")
    if out is None or err is None:
        return "output is not UTF-8", []
    if str(res["exit"]) != want_rc:
        return f"exit {res['exit']}, expected {want_rc}", ["    stderr: " + l for l in err.splitlines()[:5]]
    if want_err and want_err not in err:
        return f'stderr lacks "{want_err}"', ["    stderr: " + l for l in err.splitlines()[:5]]
    if want_rc != "0":
        return None, []
    vs = values(out)
    if not vs or vs[-1] is None or vs[-1] is False:
        return "output is not JSON", out.splitlines()[:5]
    e = alt(g, "expect", {})
    try:
        got = [proj(shape(v), e) for v in vs]
    except Bad as x:
        return f"output is not JSON ({x})", out.splitlines()[:5]
    if len(got) != 1 or not same(got[0], e):
        import difflib
        diff = difflib.unified_diff(pretty(e), [l for v in got for l in pretty(v)], lineterm="", n=3)
        return "output differs (- expected, + actual)", ["    " + l for l in list(diff)[2:]]
    o = vs[0]
    groups = [[], []]
    for code, sub in alt(g, "expect_detail", {}).items():
        if code == "":
            continue
        reqs = o.get("requirements") if isinstance(o, dict) else None
        got_s = "\n".join(text(r.get("detail")) for r in (reqs if isinstance(reqs, list) else [])
                          if isinstance(r, dict) and r.get("code") == code)
        if not isinstance(sub, str):
            return f"expect_detail {code} is not a string", []
        if sub not in got_s:
            groups[0].append(f'detail: {code}: "{got_s}" lacks "{sub}"')
    for wbp, sub in alt(g, "expect_reason", {}).items():
        if wbp == "":
            continue
        rows = []
        if isinstance(o, dict):
            for key in ("placed", "waitlist"):
                lst = o.get(key)
                rows += lst if isinstance(lst, list) else []
        reasons = [r.get("reason") for r in rows if isinstance(r, dict) and r.get("wbp") == wbp]
        got_s = reasons[0] if reasons and reasons[0] not in (None, False) else ""
        got_s = text(got_s)
        if not isinstance(sub, str):
            return f"expect_reason {wbp} is not a string", []
        if sub not in got_s:
            groups[1].append(f'reason: {wbp}: "{got_s}" lacks "{sub}"')
    for grp in groups:
        if grp:
            return grp[-1], []
    return None, []


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tests/golden/run.sh BEKAL_BINARY")
    binary, here = sys.argv[1], os.path.dirname(os.path.abspath(__file__))
    passed, failed = 0, 0

    def fail(f, msg, lines=()):
        nonlocal failed
        failed += 1
        print(f"FAIL {os.path.relpath(f, here)}: {msg}")
        for l in lines:
            print(l)

    with tempfile.TemporaryDirectory() as tmp:
        cases = []  # (file, golden, args)
        for kind in KINDS:
            d = os.path.join(here, kind)
            for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                f = os.path.join(d, name)
                if not name.endswith(".json") or not os.path.isfile(f):
                    continue
                try:
                    with open(f, encoding="utf-8") as fh:
                        g = json.load(fh)
                except ValueError:
                    g = None
                if not isinstance(g, dict) or not ("why" in g and "expect" in g or "expect_exit" in g):
                    fail(f, "bad golden file (needs why and expect or expect_exit)")
                    continue
                if kind == "sentence":
                    a = g.get("args")
                    args = ["sentence"] + [text(x) for x in (a if isinstance(a, list) else [])]
                else:
                    inp = os.path.join(tmp, f"{len(cases)}.json")
                    with open(inp, "w", encoding="utf-8") as fh:
                        fh.write(json.dumps(g.get("input"), ensure_ascii=False) + "\n")
                    if kind == "eligibility":
                        args = ["eligibility", "--input", inp]
                        at = text(alt(g, "at", ""))
                        if at:
                            args += ["--at", at]
                    else:
                        args = [kind, inp]
                cases.append((f, g, args))
        stdin = "".join(json.dumps(a, ensure_ascii=False) + "\n" for _, _, a in cases)
        p = subprocess.run([binary, "calc", "batch"], input=stdin.encode(), capture_output=True)
        results = [json.loads(l) for l in p.stdout.decode("utf-8", "replace").splitlines() if l.strip()]
        for i, (f, g, _) in enumerate(cases):
            if i >= len(results):
                fail(f, "no answer: `bekal calc batch` stopped before this file")
                continue
            msg, lines = check(f, g, results[i])
            if msg:
                fail(f, msg, lines)
            else:
                passed += 1
        if p.returncode != 0:
            failed += 1
            print(f"FAIL bekal calc batch exited {p.returncode} (a leak or a sanitizer error in one of the runs?):")
            print("\n".join("    " + l for l in p.stderr.decode("utf-8", "replace").splitlines()[-40:]))
    print(f"golden: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
