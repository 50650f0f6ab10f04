#!/usr/bin/env bash
# Issue 22, point 5: the sample corpus as a Slurm array job on a real single-node cluster
# (Debian's slurm-wlm and munge, started here without systemd, everything in a temp folder),
# one task per shard with tools/slurm/vnotice_array.sbatch (the script docs/batch.md shows),
# the shard archives merged with `vnotice archive merge`; the result must equal one
# `vnotice batch` run: the same records, summary rows and search hits.
#
# Usage: slurm_test.sh VNOTICE SOURCE_DIR        (as root; tools/setup.sh installs the packages)
# Env:   SLURMCTLD_PORT, SLURMD_PORT (default 6817, 6818)
set -euo pipefail
vnotice=$1
source_dir=$2
script=$source_dir/tools/slurm/vnotice_array.sbatch
log() { echo "slurm_test: $*" >&2; }

# The docs show the very script this test submits.
python3 - "$script" "$source_dir/docs/batch.md" <<'PY'
import sys
script, docs = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
if script.strip() not in docs:
    sys.exit("slurm_test: docs/batch.md does not show tools/slurm/vnotice_array.sbatch as it is")
PY

for tool in slurmctld slurmd sbatch munged mungekey; do
  command -v "$tool" >/dev/null || { log "$tool is missing: run tools/setup.sh"; exit 1; }
done

work=$(mktemp -d /tmp/vnotice-slurm.XXXXXX)
# munged insists that every folder on its socket's path be world-executable.
chmod 755 "$work"
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log" "$work/corpus"
chmod 755 "$work/munge"
export SLURM_CONF=$work/slurm.conf
socket=$work/munge/munge.sock

stop_cluster() {
  local status=$?
  set +e
  if [[ -f $work/slurmctld.pid ]]; then
    scancel --user="$(id -un)" >/dev/null 2>&1
    for _ in $(seq 1 30); do
      [[ -z "$(squeue -h 2>/dev/null)" ]] && break
      sleep 1
    done
  fi
  for daemon in slurmd slurmctld; do
    if [[ -f $work/$daemon.pid ]]; then
      pid=$(cat "$work/$daemon.pid")
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null
    fi
  done
  if [[ -f $work/munge/munged.pid ]]; then
    pid=$(cat "$work/munge/munged.pid")
    munged -s -S "$socket" >/dev/null 2>&1 || kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
  fi
  if [[ $status != 0 ]]; then
    log "failed (exit $status); the daemons' logs end with:"
    tail -n 20 "$work"/log/*.log "$work/munge/munged.log" >&2 2>/dev/null
  fi
  rm -rf "$work"
  exit "$status"
}
trap stop_cluster EXIT

# munge: a key of our own, a private socket.
mungekey --create --force --keyfile="$work/munge/munge.key"
munged --key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
munge -n -S "$socket" | unmunge -S "$socket" >/dev/null

# One node, this host, as slurmd sees its hardware (memory left out so that a small change
# cannot drain it); no accounting, no cgroups.
host=$(hostname -s)
node=$(slurmd -C | head -n1 | sed -e "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/" \
  -e 's/ RealMemory=[0-9]*//')
# Two ports free now, unless given: the usual 6817/6818 may still be held by a daemon that is
# shutting down (a run before this one), and slurmd then never registers.
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
cat >"$SLURM_CONF" <<EOF
ClusterName=vnotice-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${SLURMCTLD_PORT:-$ctld_port}
SlurmdPort=${SLURMD_PORT:-$slurmd_port}
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
$node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
state=
for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$host" -o '%t' 2>/dev/null || true)
  [[ $state == idle ]] && break
  sleep 1
done
[[ $state == idle ]] || { log "the node did not become idle (state '$state')"; exit 1; }

# The corpus: every sample, PDF, DOCX and ODT.
cp "$source_dir"/samples/pdf/*.pdf "$source_dir"/samples/docx/*.docx \
  "$source_dir"/samples/odt/*.odt "$work/corpus/"
shards=3
sbatch --array=1-$shards --wait --chdir="$work" --output="$work/log/task-%a.out" \
  --export=ALL,VNOTICE="$vnotice",INPUTS="$work/corpus",OUT="$work/out",SHARDS=$shards \
  "$script" >/dev/null
"$vnotice" archive merge "$work/out/archive.sqlite" "$work"/out/shard-*/archive.sqlite
"$vnotice" batch "$work/corpus" -o "$work/single" --jobs 2 --quiet

python3 - "$vnotice" "$work" "$shards" <<'PY'
import glob, json, os, subprocess, sys
vnotice, work, shards = sys.argv[1], sys.argv[2], int(sys.argv[3])

def files(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out

records = {}
rows = []
for k in range(1, shards + 1):
    shard = os.path.join(work, "out", f"shard-{k}")
    for name, data in files(os.path.join(shard, "records")).items():
        assert name not in records, f"{name} in two shards"
        records[name] = data
    with open(os.path.join(shard, "summary.csv"), encoding="utf-8") as f:
        rows += f.read().splitlines()[1:]
single = os.path.join(work, "single")
assert records == files(os.path.join(single, "records")), "the shards' records differ"
with open(os.path.join(single, "summary.csv"), encoding="utf-8") as f:
    assert sorted(rows) == sorted(f.read().splitlines()[1:]), "the summary rows differ"

def hits(db, query):
    out = subprocess.run([vnotice, "search", query, "--db", db, "--json", "--limit", "1000"],
                         check=True, capture_output=True, text=True).stdout
    return [json.dumps(hit, sort_keys=True) for hit in json.loads(out)]  # in order

for query in ("cai cach hanh chinh", "thong bao ket qua", ""):
    merged = hits(os.path.join(work, "out", "archive.sqlite"), query)
    assert merged, f"no hits for {query!r}"
    assert merged == hits(os.path.join(single, "archive.sqlite"), query), f"hits differ: {query!r}"
print(f"slurm_test: {shards} array tasks, {len(records)} records, {len(rows)} summary rows: "
      "the merged shards equal the single run")
PY
