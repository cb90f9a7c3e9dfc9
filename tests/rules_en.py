#!/usr/bin/env python3
"""rules_en.py — fails when a shipped rule file (rules/*.json) has an Indonesian text
without its English counterpart: every "title", "label" and "notes" string, at the top
or in any list item, needs a non-empty "title_en", "label_en" or "notes_en" beside it
(Bekal shows the _en text to an English reader). Run by tests/i18n.sh.
  python3 tests/rules_en.py [rules-dir]"""
import json, os, sys

TEXT_KEYS = ("title", "label", "notes")


def walk(node, path, bad):
    if isinstance(node, dict):
        for k in TEXT_KEYS:
            if isinstance(node.get(k), str) and node[k].strip():
                en = node.get(k + "_en")
                if not isinstance(en, str) or not en.strip():
                    bad.append("%s.%s: %r has no %s_en" % (path, k, node[k][:60], k))
                elif en.strip() == node[k].strip() and len(node[k]) > 12:
                    bad.append("%s.%s_en: a copy of the Indonesian" % (path, k))
        for k, v in node.items():
            walk(v, "%s.%s" % (path, k), bad)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, "%s[%d]" % (path, i), bad)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "rules")
    bad = []
    files = sorted(f for f in os.listdir(d) if f.endswith(".json"))
    for f in files:
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            walk(json.load(fh), f, bad)
    if bad:
        print("rules_en: %d text(s) of the rule files have no English (add the _en key):" % len(bad))
        print("\n".join("  " + b for b in bad))
        sys.exit(1)
    print("rules_en: every text of the %d rule files has its English" % len(files))


if __name__ == "__main__":
    main()
