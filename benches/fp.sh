#!/usr/bin/env bash
# False positives per 100 MB of ordinary code, for hush and two peers, on the same trees:
#   - the crate sources under ~/.cargo/registry/src (as the machine's builds left them), and
#   - a Python site-packages holding a few large packages (pinned below).
# Neither tree holds real credentials, so every finding is a false positive, a test key shipped in a
# package, or a documentation example: docs/precision.md reviews each hush finding.
#
# It also runs the three tools on hush's labelled corpus (tests/corpus) for recall beside precision
# (benches/corpus_recall.py).
#
# Usage: benches/fp.sh [WORKDIR]     (default WORKDIR: /tmp/hush-fp; needs python3, pip, cargo)
# Prints a Markdown report; raw outputs stay in WORKDIR. The peers take the better part of an hour on
# two cores, so a rerun keeps the registry snapshot and the peers' outputs found in WORKDIR and only
# reruns hush: set FP_FRESH=1 to take a new snapshot and rerun everything.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${1:-/tmp/hush-fp}
mkdir -p "$WORK"

SITE_PACKAGES="boto3==1.44.5 django==5.2.19 numpy==2.4.6 pandas==3.1.1 requests==2.34.2"
DETECT_SECRETS=detect-secrets==1.5.0
RIPSECRETS=0.1.11

log() { echo "fp.sh: $*" >&2; }

# --- tools
cargo build --release --quiet
HUSH=$REPO/target/release/hush
if [ ! -x "$WORK/ds/bin/detect-secrets" ]; then
  log "installing $DETECT_SECRETS"
  python3 -m venv "$WORK/ds"
  "$WORK/ds/bin/pip" install --quiet "$DETECT_SECRETS"
fi
if [ ! -x "$WORK/rs/bin/ripsecrets" ]; then
  log "installing ripsecrets $RIPSECRETS"
  cargo install --quiet --locked ripsecrets --version "$RIPSECRETS" --root "$WORK/rs"
fi

# --- trees
if [ ! -d "$WORK/site" ]; then
  log "installing $SITE_PACKAGES"
  python3 -m pip install --quiet --disable-pip-version-check --target "$WORK/site" $SITE_PACKAGES
fi
# A snapshot of the registry, without the peers' own sources: `cargo install ripsecrets` puts its test
# fixtures (real-looking secrets, on purpose) in the registry, which would measure the measurement.
if [ "${FP_FRESH:-0}" = 1 ]; then
  rm -rf "$WORK/cargo" "$WORK"/*.ds.json "$WORK"/*.rs.txt
fi
if [ ! -d "$WORK/cargo" ]; then
  mkdir -p "$WORK/cargo"
  for index in "$HOME"/.cargo/registry/src/*/; do
    for crate in "$index"*/; do
      case "$(basename "$crate")" in ripsecrets-*) continue ;; esac
      cp -a "$crate" "$WORK/cargo/"
    done
  done
fi

bytes_of() { find -L "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
files_of() { find -L "$1" -type f | wc -l; }

# --- runs: one JSON/text output per tool and tree; counts go to $WORK/<tree>.<tool>.count
run_tree() {
  local tree=$1 dir=$WORK/$1
  log "hush on $tree"
  local t0=$SECONDS
  "$HUSH" scan "$dir" --no-config --format json -o "$WORK/$tree.hush.json" -q || [ $? -eq 1 ]
  echo $((SECONDS - t0)) > "$WORK/$tree.hush.secs"
  if [ ! -s "$WORK/$tree.ds.json" ]; then
    log "detect-secrets on $tree (slow: minutes)"
    t0=$SECONDS
    (cd "$dir" && "$WORK/ds/bin/detect-secrets" scan --all-files > "$WORK/$tree.ds.json.tmp")
    mv "$WORK/$tree.ds.json.tmp" "$WORK/$tree.ds.json"
    echo $((SECONDS - t0)) > "$WORK/$tree.ds.secs"
  fi
  if [ ! -f "$WORK/$tree.rs.txt" ]; then
    log "ripsecrets on $tree"
    t0=$SECONDS
    (cd "$dir" && "$WORK/rs/bin/ripsecrets" --only-matching . > "$WORK/$tree.rs.txt.tmp") || [ $? -eq 1 ]
    mv "$WORK/$tree.rs.txt.tmp" "$WORK/$tree.rs.txt"
    echo $((SECONDS - t0)) > "$WORK/$tree.rs.secs"
  fi
}
run_tree cargo
run_tree site

# --- the labelled corpus: recall and hard negatives for every tool
for part in positives negatives; do
  dir=$REPO/tests/corpus/$part
  log "all tools on tests/corpus/$part"
  "$HUSH" scan "$dir" --no-config --format json -o "$WORK/corpus-$part.hush.json" -q || [ $? -eq 1 ]
  (cd "$dir" && "$WORK/ds/bin/detect-secrets" scan --all-files > "$WORK/corpus-$part.ds.json")
  (cd "$dir" && "$WORK/rs/bin/ripsecrets" --only-matching . > "$WORK/corpus-$part.rs.txt") || [ $? -eq 1 ]
done

# --- report
python3 - "$WORK" "$(bytes_of "$WORK/cargo")" "$(files_of "$WORK/cargo")" \
  "$(bytes_of "$WORK/site")" "$(files_of "$WORK/site")" "$SITE_PACKAGES" <<'EOF'
import collections, json, sys
work, cb, cf, sb, sf, pkgs = sys.argv[1:7]
trees = {"cargo": (int(cb), int(cf)), "site": (int(sb), int(sf))}
label = {"cargo": "~/.cargo/registry/src", "site": "site-packages (" + pkgs + ")"}

def count(tree, tool):
    p = f"{work}/{tree}.{tool}"
    if tool == "hush":
        return len(json.load(open(p + ".json"))["findings"])
    if tool == "ds":
        return sum(len(v) for v in json.load(open(p + ".json"))["results"].values())
    return sum(1 for line in open(p + ".txt") if line.strip())

def secs(tree, tool):
    return open(f"{work}/{tree}.{tool}.secs").read().strip()

print("| tree | size | files | tool | findings | per 100 MB | time (s) |")
print("|---|---:|---:|---|---:|---:|---:|")
total = collections.Counter()
for tree, (b, f) in trees.items():
    for tool, name in [("hush", "hush"), ("ds", "detect-secrets"), ("rs", "ripsecrets")]:
        n = count(tree, tool)
        total[name] += n
        print(f"| {label[tree]} | {b / 1e6:.1f} MB | {f} | {name} | {n} | {n * 1e8 / b:.2f} | {secs(tree, tool)} |")
all_bytes = sum(b for b, _ in trees.values())
print()
print("| tool | findings, both trees | per 100 MB |")
print("|---|---:|---:|")
for name, n in total.items():
    print(f"| {name} | {n} | {n * 1e8 / all_bytes:.2f} |")
print()
print("hush findings by rule (both trees):")
print()
print("| rule | confidence | count |")
print("|---|---|---:|")
rules = collections.Counter()
for tree in trees:
    for f in json.load(open(f"{work}/{tree}.hush.json"))["findings"]:
        rules[(f["rule_id"], f["confidence"])] += 1
for (rule, conf), n in rules.most_common(20):
    print(f"| {rule} | {conf} | {n} |")
print()
print("hush findings, one per line (review each in docs/precision.md):")
print()
for tree in trees:
    for f in json.load(open(f"{work}/{tree}.hush.json"))["findings"]:
        extra = ", ".join(x for x in [f.get("note"), f.get("decoded")] if x)
        print(f"- {tree}: `{f['path']}:{f['line']}` {f['rule_id']} ({f['confidence']}{', ' + extra if extra else ''})")
EOF

echo
echo "Recall on the labelled corpus (tests/corpus):"
echo
python3 "$REPO/benches/corpus_recall.py" "$REPO/tests/corpus/labels.tsv" \
  "$WORK/corpus-positives.hush.json" "$WORK/corpus-positives.ds.json" "$WORK/corpus-positives.rs.txt" \
  "$WORK/corpus-negatives.hush.json" "$WORK/corpus-negatives.ds.json" "$WORK/corpus-negatives.rs.txt"
