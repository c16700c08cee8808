#!/usr/bin/env bash
# Scheduled batch replication, 1,000-backup case: runs of a policy (started with run-now) against `rsync -a` of the
# same files, in the same run, on the same disk. Prints every run's time, the medians and their ratio.
# Warm-up runs of other policies warm the JVM up first, as a node that has been running for a while is: on 2 cores
# the C2 compiler takes a third of the CPU for the first ~15,000 syncs, and still took a quarter in the three runs
# after them (ninth session). They replicate a second set of as many backups, from a second source store: when they
# replicated the timed runs' backups, each warm-up run left one more ref per backup (16 by the first timed run after
# 15, where a cloud keeps a backup on 2-3 stores), and those refs cost the timed runs' statements
# (docs/benchmarks.md, section 3).
# The first warm-up run's time is printed too, as the cold figure.
#   bench/batch-replication.sh [backups (1000)] [bytes per backup (65536)] [parallel copies (8)] [warm-up runs (40)]
#                              [timed runs (5)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BACKUPS=${1:-1000}
SIZE=${2:-65536}
PARALLEL=${3:-8}
WARMUPS=${4:-40}
RUNS=${5:-5}
# policy i (warm-up runs first, then the timed ones), each to its own store dr-i: 5c...5c<i as two hex digits>
POLICY_PREFIX=5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c
[ $((WARMUPS + RUNS)) -le 256 ] || { echo "at most 256 runs in all" >&2; exit 1; }

command -v rsync >/dev/null || { apt-get update -qq && apt-get install -y -qq rsync >/dev/null; }
for tool in curl python3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

WORK=$(mktemp -d /tmp/backupsync-bench.XXXXXX)
cleanup() {
  stop_service
  remove_tree "$WORK"
}
trap cleanup EXIT

echo "building target/backup-sync.jar"
mvn -B -q -ntp -DskipTests package

echo "creating $BACKUPS backups of $SIZE bytes under $WORK, and as many for the warm-up runs"
mkdir -p "$WORK/primary/zsbak" "$WORK/warm-up/zsbak" "$WORK/data"
PARALLEL=$PARALLEL python3 - "$WORK" "$BACKUPS" "$SIZE" "$POLICY_PREFIX" "$WARMUPS" $((WARMUPS + RUNS)) <<'PY'
import os, sys, uuid
work, count, size, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
warmups, policies = int(sys.argv[5]), int(sys.argv[6])
sources = {"primary": uuid.uuid4().hex, "warm-up": uuid.uuid4().hex}
stores = [uuid.uuid4().hex for _ in range(policies)]
for i in range(policies):
    os.makedirs(f"{work}/dr-{i}")  # every store root exists, so the service reports ready
lines = ["accounts:", "  - {name: admin, password: password, type: SystemAdmin}", "backupStorages:"]
lines += [f"  - {{uuid: {source}, name: {name}, url: {work}/{name}}}" for name, source in sources.items()]
lines += [f"  - {{uuid: {store}, name: dr-{i}, url: {work}/dr-{i}}}" for i, store in enumerate(stores)]
lines.append("databaseBackups:")
for name, source in sources.items():
    for i in range(count if name == "primary" or warmups else 0):
        backup = uuid.uuid4().hex
        with open(f"{work}/{name}/zsbak/{backup}", "wb") as f:
            f.write(os.urandom(size))
        lines.append(f"  - {{uuid: {backup}, name: {name}-{i}, installPath: 'zstore://zsbak/{backup}', backupStorageUuids: [{source}]}}")
lines.append("replicationPolicies:")
lines += [f"  - {{uuid: {prefix}{i:02x}, name: bench-{i}, sourceBackupStorageUuid: {sources['warm-up' if i < warmups else 'primary']}, "
          f"destinationBackupStorageUuids: [{store}], schedule: '0 0 0 1 1 ? 2099', "
          f"maxParallelCopies: {os.environ.get('PARALLEL', '8')}}}" for i, store in enumerate(stores)]
open(f"{work}/inventory.yaml", "w").write("\n".join(lines) + "\n")
PY

wait_for_freed_inodes
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "starting the service on port $PORT"
start_service "$WORK/data" "$WORK/inventory.yaml" "$PORT" -Xmx512m
SESSION=$(login "$PORT")
BASE=http://127.0.0.1:$PORT/zstack/v1

# run_policy <uuid>: runs it now, waits for its report; sets REPORT, RUN_SECONDS and RUN_CPU_SECONDS
run_policy() {
  local start run cpu_before
  sync
  cpu_before=$(service_cpu_ticks)
  start=$(date +%s.%N)
  run=$(curl -s -X PUT "$BASE/database-backups/replication-policies/$1/actions" -H "Authorization: OAuth $SESSION" \
        -H 'Content-Type: application/json' -d '{"runReplicationPolicy":{}}' \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["inventory"]["uuid"])')
  # Polled with curl and grep only, ten times a second: a python3 per poll took most of a core from the service.
  while :; do
    REPORT=$(curl -s "$BASE/database-backups/replication-runs/$run" -H "Authorization: OAuth $SESSION")
    grep -q '"status":"Running"' <<<"$REPORT" || break
    sleep 0.1
  done
  RUN_SECONDS=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  RUN_CPU_SECONDS=$(python3 -c "print(f'{($(service_cpu_ticks) - $cpu_before) / $(getconf CLK_TCK):.2f}')")
}
check_report() {
  echo "$REPORT" | python3 -c 'import json,sys; r=json.load(sys.stdin)["inventory"]; ok = r["status"] == "Succeeded" and r["candidates"] == r["copied"] == int(sys.argv[1]); print(("" if ok else "!! ") + "report: status={status} candidates={candidates} copied={copied} skipped={skipped} failed={failed} bytes={bytes}".format(**r)); sys.exit(0 if ok else 1)' "$BACKUPS"
}
COLD_SECONDS=
for i in $(seq 0 $((WARMUPS - 1))); do
  run_policy "$POLICY_PREFIX$(printf %02x "$i")"
  echo "warm-up run $((i + 1)): $RUN_SECONDS s (service CPU $RUN_CPU_SECONDS s)"
  COLD_SECONDS=${COLD_SECONDS:-$RUN_SECONDS}
done
SERVICE_RUNS=; RSYNC_RUNS=
for i in $(seq "$WARMUPS" $((WARMUPS + RUNS - 1))); do
  run_policy "$POLICY_PREFIX$(printf %02x "$i")"
  check_report
  cmp -s <(cd "$WORK/primary/zsbak" && md5sum * | sort) <(cd "$WORK/dr-$i/zsbak" && md5sum * | sort) \
    || { echo "dr-$i differs from the source" >&2; exit 1; }
  echo "timed run $((i - WARMUPS + 1)): $RUN_SECONDS s (service CPU $RUN_CPU_SECONDS s); destination identical to the source (md5sum of every file)"
  SERVICE_RUNS+="$RUN_SECONDS $RUN_CPU_SECONDS"$'\n'
  sync
  START=$(date +%s.%N)
  rsync -a "$WORK/primary/zsbak" "$WORK/rsync-copy-$i/"
  sync
  RSYNC_RUNS+="$(python3 -c "import time; print(f'{time.time() - $START:.2f}')")"$'\n'
done

# The embedded database after every run's commits: H2 keeps a chunk per commit until housekeeping rewrites it.
echo "embedded database file: $(stat -c %s "$WORK/data/backupsync.mv.db") bytes after $((WARMUPS + RUNS)) runs"

python3 - "$BACKUPS" "$SIZE" "$PARALLEL" "$COLD_SECONDS" "$SERVICE_RUNS" "$RSYNC_RUNS" <<'PY'
import statistics, sys
backups, size, parallel, cold = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
runs = [tuple(map(float, line.split())) for line in sys.argv[5].split("\n") if line.strip()]
rsyncs = [float(line) for line in sys.argv[6].split("\n") if line.strip()]
service = statistics.median(seconds for seconds, _ in runs)
cpu = statistics.median(cpu for _, cpu in runs)
rsync = statistics.median(rsyncs)
print(f"{backups} backups x {size} bytes, {parallel} parallel copies, {len(runs)} timed runs (medians)")
print(f"first run after start (cold JVM)    : {cold:8.2f} s  ({cold / max(rsync, 0.01):.1f} x rsync)")
print(f"backup-sync run (verified, recorded): {service:8.2f} s  (runs: {', '.join(f'{s:.2f}' for s, _ in runs)}; "
      f"service CPU {cpu:.2f} s: {1000 * cpu / backups:.2f} ms per backup)")
print(f"rsync -a (same files)               : {rsync:8.2f} s  (runs: {', '.join(f'{s:.2f}' for s in rsyncs)})")
print(f"ratio backup-sync / rsync (medians) : {service / max(rsync, 0.01):8.1f}")
PY
