#!/usr/bin/env python3
"""Writes N small bare repositories with planted secrets (git fast-import), and a targets file.

usage: make_repos.py OUT_DIR N [COMMITS]

Each repository has COMMITS commits (default 30) of a few source files, one GitHub token of the test
suite's in config/settings.py, and every third one a token shared with the others. Used for the
repositories-per-minute figure of docs/scale.md and the Slurm run (deploy/slurm/single-node.sh).
"""
import os
import subprocess
import sys

out, n = sys.argv[1], int(sys.argv[2])
commits = int(sys.argv[3]) if len(sys.argv) > 3 else 30
# The test suite's tokens (tests/common/mod.rs), split so that this file holds none whole.
own = "ghp_" + "XfZ2KBj6SGKScMyXdUVW58QWtd1O8R1YcefO"
shared = "ghp_" + "ttrLwtebT7mYU154hu3lCooUq6t2EZ0NArXC"
os.makedirs(out, exist_ok=True)
targets = []
for r in range(n):
    repo = os.path.abspath(os.path.join(out, f"repo-{r:04d}.git"))
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", repo], check=True)
    s = bytearray()
    for c in range(commits):
        when = 1704164645 + c * 3600
        msg = f"change {c}\n".encode()
        s += b"commit refs/heads/main\n" + f"mark :{c + 1}\n".encode()
        s += f"committer Alice Example <alice@example.org> {when} +0000\n".encode()
        s += f"data {len(msg)}\n".encode() + msg
        if c:
            s += f"from :{c}\n".encode()
        files = {f"src/mod{c % 7}.py": "".join(f"value_{c}_{i} = {i * r}\n" for i in range(200))}
        if c == 1:
            files["config/settings.py"] = f"TOKEN = '{own}'\n"
        if c == 2 and r % 3 == 0:
            files["deploy/ci.env"] = f"GH_TOKEN={shared}\n"
        for path, text in files.items():
            b = text.encode()
            s += f"M 644 inline {path}\ndata {len(b)}\n".encode() + b + b"\n"
        s += b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], input=bytes(s), check=True,
                   env={**os.environ, "GIT_DIR": repo})
    targets.append(repo)
with open(os.path.join(out, "targets.txt"), "w") as f:
    f.write("".join(t + "\n" for t in targets))
