#!/usr/bin/env bash
# Peak memory and time of `hush git` on two hostile histories, built with git fast-import:
#   linear: 100,000 commits, each changing one file (and two planting a secret);
#   wide:   2,000 branches off one root, merged one by one, then a 40-parent octopus merge;
#   bigblob: one commit holding a 1 GiB blob (zeros; over the default 100 MiB limit) and a secret.
# Usage: benches/hostile-repos.sh [N_COMMITS] [N_BRANCHES]   (needs a release build: cargo build --release)
# Prints "name commits elapsed max-RSS findings" per history. Numbers are recorded in fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
B=${2:-2000}
HUSH=${HUSH:-target/release/hush}
[ -x "$HUSH" ] || { echo "build first: cargo build --release" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 - "$TMP" "$N" "$B" <<'PY'
import sys, os
tmp, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
gh = "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"
slack = "xoxb-111524493909-3668587840057-7u6yB54HkJlpobluliGGxGRJ"
def data(s):
    s = s.encode()
    return b"data %d\n" % len(s) + s + b"\n"
def commit(out, branch, mark, parents, files):
    out.write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark))
    out.write(b"committer A <a@example.org> %d +0000\n" % (1700000000 + mark))
    out.write(data("c%d" % mark))
    for i, p in enumerate(parents):
        out.write(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
    for path, content in files:
        out.write(b"M 644 inline %s\n" % path.encode())
        out.write(data(content))
    out.write(b"\n")
with open(os.path.join(tmp, "linear.fi"), "wb") as out:
    for i in range(1, n + 1):
        files = [("counter.txt", "%d\n" % i)]
        if i == 1: files.append(("first.py", "t = '%s'\n" % gh))
        if i == n // 2: files.append(("middle.py", "s = '%s'\n" % slack))
        commit(out, "main", i, [i - 1] if i > 1 else [], files)
with open(os.path.join(tmp, "wide.fi"), "wb") as out:
    commit(out, "main", 1, [], [("root.txt", "root\n")])
    body = lambda k: ("t = '%s'\n" % gh) if k == 777 else "branch %d\n" % k
    for k in range(b):
        commit(out, "br%d" % k, 10 + k, [1], [("b%d/file.txt" % k, body(k))])
    prev = 1
    for k in range(b):
        mark = 10 + b + k
        commit(out, "main", mark, [prev, 10 + k], [("b%d/file.txt" % k, body(k))])
        prev = mark
    commit(out, "main", 10 + 2 * b, [prev] + [10 + k for k in range(39)], [("octo.py", "s = '%s'\n" % slack)])
PY

repo="$TMP/bigblob"
git init -q -b main "$repo"
truncate -s 1G "$repo/zeros.bin"
echo "t = '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'" > "$repo/app.py"
git -C "$repo" add zeros.bin app.py
git -C "$repo" -c user.name=A -c user.email=a@example.org commit -qm big
rm "$repo/zeros.bin"

for name in linear wide bigblob; do
  repo="$TMP/$name"
  if [ -f "$TMP/$name.fi" ]; then
    git init -q -b main "$repo"
    git -C "$repo" fast-import --quiet < "$TMP/$name.fi"
  fi
  commits=$(git -C "$repo" rev-list --all | wc -l)
  /usr/bin/time -v "$HUSH" git "$repo" --format json --no-config > "$TMP/$name.json" 2> "$TMP/$name.time" || true
  rss=$(grep "Maximum resident" "$TMP/$name.time" | awk '{print $NF}')
  elapsed=$(grep "Elapsed (wall" "$TMP/$name.time" | awk '{print $NF}')
  found=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$TMP/$name.json")
  printf "%-7s commits=%-7s elapsed=%-8s max_rss=%sKB findings=%s\n" "$name" "$commits" "$elapsed" "$rss" "$found"
done
