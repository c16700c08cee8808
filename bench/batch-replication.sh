#!/usr/bin/env bash
# Scheduled batch replication, 1,000-backup case: one run of a policy (started with run-now) against
# `rsync -a` of the same files, in the same run, on the same disk. Prints both times and the ratio.
# Warm-up runs of other policies (same backups, other destinations) warm the JVM up, as a node that has been
# running for a while is; the first one's time is printed too, as the cold figure.
#   bench/batch-replication.sh [backups (1000)] [bytes per backup (65536)] [parallel copies (8)] [warm-up runs (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BACKUPS=${1:-1000}
SIZE=${2:-65536}
PARALLEL=${3:-8}
WARMUPS=${4:-3}
POLICY=5c5c5c5c5c5c5c5c5c5c5c5c5c5c5cbe
# warm-up policy i: 5c...5c<i as two hex digits> (fewer than 190 warm-up runs: the timed policy ends in be)
WARMUP_POLICY_PREFIX=5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c

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

echo "creating $BACKUPS backups of $SIZE bytes under $WORK"
mkdir -p "$WORK/primary/zsbak" "$WORK/dr" "$WORK/rsync-copy" "$WORK/data"
PARALLEL=$PARALLEL python3 - "$WORK" "$BACKUPS" "$SIZE" "$POLICY" "$WARMUP_POLICY_PREFIX" "$WARMUPS" <<'PY'
import os, sys, uuid
work, count, size, policy, warmup_prefix, warmups = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
primary, dr = uuid.uuid4().hex, uuid.uuid4().hex
warmup_stores = [uuid.uuid4().hex for _ in range(warmups)]
for i in range(warmups):
    os.makedirs(f"{work}/dr-warmup-{i}")  # every store root exists, so the service reports ready
lines = ["accounts:", "  - {name: admin, password: password, type: SystemAdmin}", "backupStorages:",
         f"  - {{uuid: {primary}, name: primary, url: {work}/primary}}", f"  - {{uuid: {dr}, name: dr, url: {work}/dr}}"]
lines += [f"  - {{uuid: {store}, name: dr-warmup-{i}, url: {work}/dr-warmup-{i}}}" for i, store in enumerate(warmup_stores)]
lines.append("databaseBackups:")
for i in range(count):
    backup = uuid.uuid4().hex
    with open(f"{work}/primary/zsbak/{backup}", "wb") as f:
        f.write(os.urandom(size))
    lines.append(f"  - {{uuid: {backup}, name: bench-{i}, installPath: 'zstore://zsbak/{backup}', backupStorageUuids: [{primary}]}}")
lines += ["replicationPolicies:",
          f"  - {{uuid: {policy}, name: bench, sourceBackupStorageUuid: {primary}, destinationBackupStorageUuids: [{dr}], "
          f"schedule: '0 0 0 1 1 ? 2099', maxParallelCopies: {os.environ.get('PARALLEL', '8')}}}"]
lines += [f"  - {{uuid: {warmup_prefix}{i:02x}, name: warmup-{i}, sourceBackupStorageUuid: {primary}, destinationBackupStorageUuids: [{store}], "
          f"schedule: '0 0 0 1 1 ? 2099', maxParallelCopies: {os.environ.get('PARALLEL', '8')}}}" for i, store in enumerate(warmup_stores)]
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
COLD_SECONDS=
for i in $(seq 0 $((WARMUPS - 1))); do
  run_policy "$WARMUP_POLICY_PREFIX$(printf %02x "$i")"
  echo "warm-up run $((i + 1)): $RUN_SECONDS s (service CPU $RUN_CPU_SECONDS s)"
  COLD_SECONDS=${COLD_SECONDS:-$RUN_SECONDS}
done
run_policy "$POLICY"
SERVICE_SECONDS=$RUN_SECONDS
SERVICE_CPU_SECONDS=$RUN_CPU_SECONDS

sync
START=$(date +%s.%N)
rsync -a "$WORK/primary/zsbak" "$WORK/rsync-copy/"
sync
RSYNC_SECONDS=$(python3 -c "import time; print(f'{time.time() - $START:.2f}')")

echo "$REPORT" | python3 -c 'import json,sys; r=json.load(sys.stdin)["inventory"]; print("report: status={status} candidates={candidates} copied={copied} skipped={skipped} failed={failed} bytes={bytes}".format(**r))'
cmp -s <(cd "$WORK/primary/zsbak" && md5sum * | sort) <(cd "$WORK/dr/zsbak" && md5sum * | sort) \
  && echo "destination identical to the source (md5sum of every file)" || { echo "destination differs from the source" >&2; exit 1; }
python3 - "$BACKUPS" "$SIZE" "$PARALLEL" "$SERVICE_SECONDS" "$RSYNC_SECONDS" "$COLD_SECONDS" "$SERVICE_CPU_SECONDS" <<'PY'
import sys
backups, size, parallel, service, rsync, cold, cpu = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
print(f"{backups} backups x {size} bytes, {parallel} parallel copies")
print(f"first run after start (cold JVM)    : {cold:8.2f} s  ({cold / max(rsync, 0.01):.1f} x rsync)")
print(f"backup-sync run (verified, recorded): {service:8.2f} s  (service CPU {cpu:.2f} s: {1000 * cpu / backups:.2f} ms per backup)")
print(f"rsync -a (same files)               : {rsync:8.2f} s")
print(f"ratio backup-sync / rsync           : {service / max(rsync, 0.01):8.1f}")
PY
