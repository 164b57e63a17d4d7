#!/usr/bin/env python3
"""Writes a synthetic `hush audit` results directory for timing `hush merge` (docs/scale.md).

usage: synth_results.py HEADER_PLAN OUT_DIR TARGETS FINDINGS_PER_TARGET

HEADER_PLAN is a plan written by this hush (its header line, with the rule digest this binary
computes, is reused). Every target gets FINDINGS_PER_TARGET findings in findings.jsonl, a .done
record and positions.json; one secret in 50 is shared by many repositories so that grouping has work.
"""
import hashlib
import json
import os
import sys

header_plan, out, n_targets, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(header_plan) as f:
    header = json.loads(f.readline())
header["shards"] = 1
os.makedirs(out, exist_ok=True)
lines = [json.dumps(header, separators=(",", ":"))]
for t in range(n_targets):
    tid = f"repo-{t:05d}"
    lines.append(json.dumps({"id": tid, "location": f"/srv/git/{tid}.git", "ref": None,
                             "size": 1000, "shard": 0}, separators=(",", ":")))
    d = os.path.join(out, tid)
    os.makedirs(d, exist_ok=True)
    positions = {}
    with open(os.path.join(d, "findings.jsonl"), "w") as f:
        for i in range(per):
            shared = i % 50 == 0
            secret = f"shared-{i}" if shared else f"{tid}-{i}"
            sha = hashlib.sha1(secret.encode()).hexdigest()
            commit = hashlib.sha1(f"{tid}-c{i % 97}".encode()).hexdigest()
            positions[commit] = i % 97
            f.write(json.dumps({
                "rule_id": "github-pat-classic", "rule_name": "GitHub personal access token (classic)",
                "path": f"src/mod{i % 113}/file{i}.py", "line": i % 400 + 1, "column": 9,
                "end_line": i % 400 + 1, "end_column": 49, "redacted": "ghp_Ab…kQ",
                "secret_sha1": sha, "fingerprint": hashlib.sha1(f"{tid}{i}".encode()).hexdigest(),
                "confidence": "high", "validated": "checksum", "commit": commit,
                "author": "Alice Example", "email": "alice@example.org",
                "date": f"2024-01-{i % 28 + 1:02d}T03:04:05+00:00", "in_head": i % 3 == 0,
            }, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(d, "positions.json"), "w") as f:
        json.dump(positions, f)
    done = {"id": tid, "status": "done", "location": f"/srv/git/{tid}.git", "ref": None,
            "part": None, "hush_version": header["hush_version"],
            "rules_digest": header["rules_digest"], "findings": per, "commits": 97,
            "stats": {"files": per, "blobs": per, "bytes": per * 1000}, "durations_ms": {},
            "finished": 0}
    with open(os.path.join(d, ".done"), "w") as f:
        json.dump(done, f)
with open(os.path.join(out, "plan.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
