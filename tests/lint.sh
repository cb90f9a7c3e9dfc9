#!/usr/bin/env bash
# Code check (after Fossil's codecheck1): the HTML writer h() and the SQL wrappers
# must get a string literal as their format / SQL text, so no input can become
# markup or SQL. SQL built from compiled-in field tables is allowed only in the
# files listed in ALLOW. Also: no sqlite3_/PQ calls outside src/store/.
set -uo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, sys, glob
# sync_store.c: table names from migrate's compiled-in list (a batch's names are checked
# against it), column names checked against the schema of the scratch database.
ALLOW = {"src/store/records.c", "src/store/wbp_store.c", "src/store/db.c", "src/store/wbp_import.c", "src/store/migrate_store.c",
         "src/store/sync_store.c", "src/store/access_log_store.c"}
bad = []
calls = {"h": 1, "db_query": 2, "db_query_locked": 2, "db_run": 2, "db_one_int": 2, "db_prepare": 1, "db_exec": 1}
for path in sorted(glob.glob("src/*/*.c") + glob.glob("src/web/pages/*.c")):
    src = open(path, encoding="utf-8").read()
    code = re.sub(r'"(?:\\.|[^"\\])*"', lambda m: '"' + "x" * (len(m.group(0)) - 2) + '"', src)
    for name, argi in calls.items():
        for m in re.finditer(r'(?<![\w.>])' + name + r'\s*\(', code):
            if path.endswith("db.c") and name != "h":
                continue
            # split args at top level, keeping their spans so the original text can be read
            i, depth, spans, st = m.end(), 1, [], m.end()
            while i < len(code) and depth:
                c = code[i]
                if c in "([{": depth += 1
                elif c in ")]}": depth -= 1
                if (depth == 1 and c == ",") or depth == 0: spans.append((st, i)); st = i + 1
                i += 1
            args = [code[x:y] for x, y in spans]
            orig = [src[x:y] for x, y in spans]
            if name in ("db_query", "db_query_locked", "db_run", "db_one_int") and len(orig) > argi + 1:
                tlits = re.findall(r'"((?:\\.|[^"\\])*)"', orig[argi + 1])
                if tlits or orig[argi + 1].strip() == '""':
                    types = "".join(tlits)
                    nargs = len(orig) - (argi + 2)
                    line = code.count("\n", 0, m.start()) + 1
                    if len(types) != nargs:
                        bad.append(f"{path}:{line}: {name}() type string \"{types}\" has {len(types)} letters for {nargs} arguments")
                    sl = re.findall(r'"((?:\\.|[^"\\])*)"', orig[argi])
                    only_literals = re.fullmatch(r'\s*("(?:\\.|[^"\\])*"\s*)+', orig[argi]) is not None
                    if sl and only_literals:
                        q = re.sub(r"'[^']*'", "", "".join(sl)).count("?")
                        if q != len(types):
                            bad.append(f"{path}:{line}: {name}() SQL has {q} placeholders for type string \"{types}\"")
            if len(args) <= argi: continue
            a = args[argi].strip()
            line = code.count("\n", 0, m.start()) + 1
            if a.startswith('"'): continue
            if name == "db_exec" and a in ('begin', '"COMMIT"', '"ROLLBACK"', 'sql'): 
                if path in ALLOW or path.startswith("src/store/"): continue
            if path in ALLOW and name != "h": continue
            if re.match(r'^(const char|char|static)', a): continue
            bad.append(f"{path}:{line}: {name}() with non-literal text: {a[:60]}")
    for m in re.finditer(r'\b(sqlite3_\w+|PQ\w+)\s*\(', code):
        if not path.startswith("src/store/"):
            bad.append(f"{path}:{code.count(chr(10),0,m.start())+1}: {m.group(1)} outside src/store/")
# The web layer's house plan (issue 19): one file per area in src/web/pages/; no
# page file includes another page file (what areas share is framework: web.h,
# request.c, compose.c, training_common.h; the route table's handlers: pages.h).
import os
for path in sorted(glob.glob("src/web/pages/*.[ch]")):
    for n, l in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', l)
        if m and os.path.normpath(os.path.join(os.path.dirname(path), m.group(1))).startswith("src/web/pages/"):
            bad.append(f"{path}:{n}: a page file includes another page file ({m.group(1)}); share through src/web/")
# SQL only in src/store/ (issue 19): no statement (SELECT ... FROM, INSERT INTO,
# UPDATE ... SET, DELETE FROM) in the string literals of src/web/, src/cli/ and
# src/report/; they call store functions (SQL fragments for record lists, too, come
# from src/store/: scope.h and the area stores; the report sections' data from
# store/report_store.c).
sqlre = re.compile(r'\b(SELECT\b[\s\S]*?\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|INSERT\s+OR\s+\w+\s+INTO)\b', re.I)
for path in sorted(glob.glob("src/web/*.[ch]") + glob.glob("src/web/pages/*.[ch]") + glob.glob("src/cli/*.[ch]") + glob.glob("src/report/*.[ch]")):
    src = open(path, encoding="utf-8").read()
    src = re.sub(r'/\*[\s\S]*?\*/|//[^\n]*', ' ', src)
    # adjacent literals ("SELECT a " "FROM b") are one text
    texts = ["".join(re.findall(r'"((?:\\.|[^"\\])*)"', m.group(0)))
             for m in re.finditer(r'(?:"(?:\\.|[^"\\])*"\s*)+', src)]
    if any(sqlre.search(x) for x in texts):
        bad.append(f"{path}: SQL outside src/store/ (call a store function instead)")
# RM_LIST_BY_ID (store/rowmap.h) binds one id: its SQL is literals with one "?".
for path in sorted(glob.glob("src/store/*.c")):
    src = open(path, encoding="utf-8").read()
    for m in re.finditer(r'^RM_LIST_BY_ID\(\w+, \w+, \w+,((?:\s*"(?:\\.|[^"\\])*")+)\)', src, re.M):
        q = re.sub(r"'[^']*'", "", "".join(re.findall(r'"((?:\\.|[^"\\])*)"', m.group(1)))).count("?")
        if q != 1:
            bad.append(f"{path}:{src.count(chr(10), 0, m.start()) + 1}: RM_LIST_BY_ID SQL has {q} placeholders (wants 1)")
    n_all = len(re.findall(r'^RM_LIST_BY_ID\(', src, re.M))
    n_ok = len(re.findall(r'^RM_LIST_BY_ID\(\w+, \w+, \w+,(?:\s*"(?:\\.|[^"\\])*")+\)', src, re.M))
    if n_all != n_ok:
        bad.append(f"{path}: RM_LIST_BY_ID whose SQL is not string literals")
for b in bad: print(b)
print(f"lint: {len(bad)} problem(s)")
sys.exit(1 if bad else 0)
PY
