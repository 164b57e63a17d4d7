#!/usr/bin/env python3
"""Turns a benches/compare.sh result directory into a Markdown report: per group, each command's
median, spread, ratio to the group's floor (its first command), throughput and peak RSS; then how
hush scales with threads and with input size. Prints it, and writes it to --record FILE if given."""

import argparse
import datetime
import json
import os
import re
import statistics
import sys


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def rss_and_exits(out, group, name):
    text = read(os.path.join(out, "rss", f"{group}.{name}.txt"))
    rss = [int(m) for m in re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)]
    exits = sorted({int(m) for m in re.findall(r"Exit status: (\d+)", text)})
    return (max(rss) if rss else None), exits


def fmt_time(s):
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--note", default="")
    ap.add_argument("--command", default="benches/compare.sh")
    ap.add_argument("--record")
    args = ap.parse_args()
    out = args.out

    groups = [line.split("\t", 1) for line in read(os.path.join(out, "groups.tsv")).splitlines() if line]
    sizes = {}
    units = {}  # group -> "bytes" (of content) or "files" (in the repository)
    for line in read(os.path.join(out, "sizes.tsv")).splitlines():
        cols = line.split("\t")
        g, n = cols[0], cols[1]
        units[g] = cols[2] if len(cols) > 2 else "bytes"
        # A size of 0 from older runs means "not recorded".
        if int(n):
            sizes[g] = int(n)

    medians = {}  # (group, name) -> median seconds
    lines = []
    w = lines.append
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    w(f"# hush benchmark run, {now}")
    w("")
    w(f"Command: `{args.command.strip()}`")
    if args.note:
        w("")
        w(f"Note: {args.note}")
    w("")
    w("## Machine")
    w("```")
    w(read(os.path.join(out, "machine.txt")).rstrip())
    w("```")
    w("## Versions")
    w("```")
    w(read(os.path.join(out, "versions.txt")).rstrip())
    w("```")
    w("")
    w("Ratios are to the first row of each table (the floor), measured in the same hyperfine")
    w("invocation. Times are whole-process wall-clock medians (warm page cache). Peak RSS is the")
    w("largest `Maximum resident set size` GNU time saw over the runs; exit 1 means findings.")
    w("CPU is hyperfine's mean user+system time of the process tree: on a shared machine it is")
    w("steadier than wall time, and its ratio shows the work done whatever the contention.")

    for group, desc in groups:
        data = json.loads(read(os.path.join(out, f"{group}.json"), "{}") or "{}")
        results = data.get("results", [])
        if not results:
            continue
        w("")
        w(f"## {group}: {desc}")
        size = sizes.get(group, 0)
        if size and units.get(group) == "files":
            w("")
            w(f"Input: a repository of {size:,} files")
            size = 0  # no throughput for a file count
        elif size:
            w("")
            amount = f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size:,} bytes"
            w(f"Input: {amount}" + (" of blob content" if group.startswith("history") else ""))
        w("")
        w("| command | median | mean ± σ | min … max | ratio | CPU (user+sys) | CPU ratio | MB/s | peak RSS | exit |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        floor = results[0]["median"]
        floor_cpu = results[0]["user"] + results[0]["system"]
        for r in results:
            name = r["command"]
            med = r["median"]
            medians[(group, name)] = med
            mean, sd = r["mean"], r.get("stddev") or 0.0
            rss, exits = rss_and_exits(out, group, name)
            mbs = f"{size / 1e6 / med:,.0f}" if size >= 1e6 and med > 0 else ""
            cpu = r["user"] + r["system"]
            w(
                f"| {name} | {fmt_time(med)} | {fmt_time(mean)} ± {fmt_time(sd)} | "
                f"{fmt_time(r['min'])} … {fmt_time(r['max'])} | {med / floor:.2f}x | "
                f"{fmt_time(cpu)} | {cpu / floor_cpu:.2f}x | {mbs} | "
                f"{'' if rss is None else f'{rss / 1024:,.0f} MB'} | {','.join(map(str, exits))} |"
            )

    # Scaling: threads and input size, for hush and the floor.
    rows = []
    for large, small in [("tree", "tree-small"), ("history", "history-small"), ("staged-large", "staged-small")]:
        for who in ["hush-j2", "hush-j1"]:
            if (large, who) in medians and (small, who) in medians:
                t_ratio = medians[(large, who)] / medians[(small, who)]
                s_ratio = (sizes.get(large, 0) / sizes[small]) if sizes.get(small) else None
                rows.append((large, who, t_ratio, s_ratio))
    speedups = []
    for group, _ in groups:
        if (group, "hush-j1") in medians and (group, "hush-j2") in medians:
            speedups.append((group, medians[(group, "hush-j1")] / medians[(group, "hush-j2")]))
    if rows or speedups:
        w("")
        w("## Scaling")
        if speedups:
            w("")
            w("| group | hush 1 thread / 2 threads (2.00x is perfect) |")
            w("|---|---:|")
            for g, s in speedups:
                w(f"| {g} | {s:.2f}x |")
        if rows:
            w("")
            w("| job | hush | time large / small | input large / small |")
            w("|---|---|---:|---:|")
            for g, who, t, s in rows:
                unit = units.get(g, "bytes")
                w(f"| {g} | {who} | {t:.2f}x | {'' if s is None else f'{s:.2f}x {unit}'} |")

    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.record:
        with open(args.record, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
