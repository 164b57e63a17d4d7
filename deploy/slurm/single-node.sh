#!/usr/bin/env bash
# The organisation audit on a real scheduler, end to end, on this machine: a single-node Slurm from
# Debian's packages (slurmctld, slurmd, munge), `hush plan`, the shards as an array job, `hush merge`.
#   deploy/slurm/single-node.sh HUSH_BINARY TARGETS_FILE SHARDS WORK_DIR
# Needs root (it starts munged, slurmctld and slurmd, and stops them at the end). It writes
# WORK_DIR/merged.json and WORK_DIR/summary.json, checks that they are exactly what one process
# auditing the same targets gives, and exits 0 when they are and every target was done.
set -euo pipefail
hush="$(realpath "$1")"; targets="$(realpath "$2")"; shards="$3"; work="$(realpath -m "$4")"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v slurmctld >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmd slurmctld slurm-client munge
fi
mkdir -p "$work/slurm/state" "$work/slurm/spool" "$work/slurm/log"
node="$(hostname -s)"
cpus="$(nproc)"
conf="$work/slurm/slurm.conf"
cat > "$conf" <<CONF
ClusterName=hush
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/log/slurmctld.log
SlurmdLogFile=$work/slurm/log/slurmd.log
NodeName=$node CPUs=$cpus State=UNKNOWN
PartitionName=audit Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
# munge: a key if the package made none, then the daemon (as its own user).
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
# The daemons run in the foreground (-D) as children of this script, so that it knows their ids and
# stops exactly them, and waits until they are gone.
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  done
}
trap stop EXIT
# munge answers (`munge -n`) only when its daemon is up: start one if none is.
if ! munge -n >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged --foreground &
  pids+=("$!")
  for _ in $(seq 20); do munge -n >/dev/null 2>&1 && break; sleep 0.5; done
fi
slurmctld -D -f "$conf" &
pids=("$!" "${pids[@]}")
slurmd -D -f "$conf" &
pids=("$!" "${pids[@]}")
ready=""
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then ready=1; break; fi
  sleep 1
done
if [ -z "$ready" ]; then
  echo "single-node.sh: the Slurm node did not come up in 60 s (logs: $work/slurm/log)" >&2
  exit 1
fi
sinfo
"$hush" plan --targets-file "$targets" --shards "$shards" --output "$work/plan.jsonl"
HUSH="$hush" sbatch --wait --array="0-$((shards - 1))" --chdir="$work" \
  "$here/org-audit.sbatch" "$work/plan.jsonl" "$work/results" || true
"$hush" audit status --plan "$work/plan.jsonl" --out "$work/results"
code=0
"$hush" merge "$work/results" --format json --output "$work/merged.json" \
  --summary "$work/summary.json" || code=$?
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  echo "single-node.sh: the merge exited $code (a target failed or is missing)" >&2
  exit 1
fi
# The reference: one process, one shard, the same targets.
"$hush" plan --targets-file "$targets" --shards 1 --output "$work/plan-1.jsonl"
"$hush" audit --plan "$work/plan-1.jsonl" --shard 0 --out "$work/reference" -q
"$hush" merge "$work/reference" --format json --output "$work/reference.json" -q || true
if ! cmp "$work/merged.json" "$work/reference.json"; then
  echo "single-node.sh: the Slurm array's merged report differs from one process's" >&2
  exit 1
fi
echo "single-node.sh: the Slurm array's merged report equals one process's ($(grep -c '"rule_id"' "$work/merged.json") findings)"
