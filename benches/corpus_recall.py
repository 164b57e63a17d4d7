#!/usr/bin/env python3
"""Recall of hush, detect-secrets and ripsecrets on hush's labelled corpus (tests/corpus), per rule
family and per context, and their findings on the corpus's hard negatives. Called by benches/fp.sh.

A label counts as found when the tool reports anything at its file and line (for a blocked-file-name
label, anything in that file): location only, the same test for every tool. tests/recall.rs is
stricter for hush (the right rule id at the right line).

usage: corpus_recall.py LABELS POS_HUSH.json POS_DS.json POS_RS.txt NEG_HUSH.json NEG_DS.json NEG_RS.txt
"""

import collections
import json
import sys


def hush_locs(path):
    out = set()
    for f in json.load(open(path))["findings"]:
        out.add((f["path"], "-" if f["line"] is None else str(f["line"])))
    return out


def ds_locs(path):
    out = set()
    for fname, items in json.load(open(path))["results"].items():
        for it in items:
            out.add((fname, str(it["line_number"])))
    return out


def rs_locs(path):
    out = set()
    for line in open(path, errors="replace"):
        parts = line.rstrip("\n").split(":", 2)
        if len(parts) >= 2 and parts[1].isdigit():
            out.add((parts[0].removeprefix("./"), parts[1]))
    return out


def main():
    labels_path, ph, pd, pr, nh, nd, nr = sys.argv[1:8]
    tools = {"hush": hush_locs(ph), "detect-secrets": ds_locs(pd), "ripsecrets": rs_locs(pr)}
    files = {t: {p for p, _ in locs} for t, locs in tools.items()}
    fam = collections.defaultdict(collections.Counter)
    ctx = collections.defaultdict(collections.Counter)
    for line in open(labels_path):
        if line.startswith("#") or not line.strip():
            continue
        path, ln, _rule, family, context = line.rstrip("\n").split("\t")
        fam[family]["n"] += 1
        ctx[context]["n"] += 1
        for t, locs in tools.items():
            hit = (path in files[t]) if ln == "-" else ((path, ln) in locs)
            fam[family][t] += hit
            ctx[context][t] += hit
    names = list(tools)
    for title, table in [("family", fam), ("context", ctx)]:
        print(f"| {title} | labels | " + " | ".join(names) + " |")
        print("|---|---:|" + "---:|" * len(names))
        total = collections.Counter()
        for k in sorted(table):
            c = table[k]
            total.update(c)
            print(f"| {k} | {c['n']} | " + " | ".join(f"{c[t] / c['n']:.3f}" for t in names) + " |")
        if title == "family":
            print(f"| **all** | {total['n']} | " + " | ".join(f"**{total[t] / total['n']:.3f}**" for t in names) + " |")
        print()
    neg = {"hush": len(hush_locs(nh)), "detect-secrets": len(ds_locs(nd)), "ripsecrets": len(rs_locs(nr))}
    print("Findings on the corpus's hard negatives (tests/corpus/negatives): "
          + ", ".join(f"{t} {n}" for t, n in neg.items()) + ".")


if __name__ == "__main__":
    main()
