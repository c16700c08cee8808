#!/usr/bin/env bash
# Request throughput over REST, embedded H2: many small (4 KiB) distinct backups synced with 1, 16 and 64 concurrent
# connections (each a real, verified, fsynced copy recorded in the database), and requests that fail validation.
# Load from wrk (Debian's package, installed if missing), a C load generator, so the 2 cores go to the service.
# The service is measured warm: a long-running node has compiled its hot code; a cold JVM spends its first
# minute in the JIT compiler. Warm-up rounds sync backups to other destination stores first.
# Every run, warm-up or measured, goes on through the pool of backups where the one before stopped (wrapping round
# at its end), each to its own destination store: a backup gains one ref each time the pool comes round. When every
# run synced the whole pool from its start, the measured runs' backups held 9-17 refs each, where a cloud keeps a
# backup on 2-3 stores, and each sync read and answered with all of them.
# Each level runs several times; the table gives the median run (by requests/s) and every run's rate.
# Usage: bench/throughput.sh [backups in the pool (60000)] [seconds per run (10)] [warm-up rounds (8)] [runs per level (3)]
# LEVELS="16" measures the syncs at 16 connections only; REJECTED_LEVELS (default: LEVELS) those of the rejected
# requests, none when set empty.
source "$(dirname "$0")/lib.sh"
BACKUPS=${1:-60000}; SECONDS_PER_RUN=${2:-10}; WARMUPS=${3:-8}; RUNS=${4:-3}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/throughput; remove_tree "$DIR"; mkdir -p "$DIR/data"
LEVELS=${LEVELS:-1 16 64}
REJECTED_LEVELS=${REJECTED_LEVELS-$LEVELS}
SRC=$(uuid32)
# One destination store per warm-up round and per measured run: every run copies its backups afresh.
DESTINATIONS="$(for _ in $(seq 1 "$WARMUPS") $(seq 1 $(( $(wc -w <<<"$LEVELS") * RUNS ))); do uuid32; done)"
python3 - "$DIR" "$BACKUPS" "$SRC" $DESTINATIONS <<'PY'
import os, sys, uuid
work, count, src, destinations = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
os.makedirs(f"{work}/src/zsbak")
lines = ["backupStorages:", f"  - {{uuid: {src}, name: src, url: {work}/src}}"]
for i, dst in enumerate(destinations):
    os.makedirs(f"{work}/dst-{dst}")
    lines.append(f"  - {{uuid: {dst}, name: dst-{i}, url: {work}/dst-{dst}}}")
lines.append("databaseBackups:")
with open(f"{work}/uuids", "w") as uuids:
    for i in range(count):
        backup = uuid.uuid4().hex
        uuids.write(backup + "\n")
        with open(f"{work}/src/zsbak/{backup}", "wb") as f:
            f.write(os.urandom(4096))
        lines.append(f"  - {{uuid: {backup}, name: b{i}, installPath: 'zstore://zsbak/{backup}', backupStorageUuids: [{src}]}}")
open(f"{work}/inventory.yaml", "w").write("\n".join(lines) + "\n")
PY
PORT=${PORT:-18182}
wait_for_freed_inodes
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT"
trap stop_service EXIT
SESSION=$(login "$PORT")
export SESSION SRC UUIDS="$DIR/uuids-of-this-run"
# next_backups <copied by the run before>: the pool from where that run stopped, round to where it started
POOL_OFFSET=0
next_backups() {
  POOL_OFFSET=$(( (POOL_OFFSET + $1) % BACKUPS ))
  { tail -n +$((POOL_OFFSET + 1)) "$DIR/uuids"; head -n "$POOL_OFFSET" "$DIR/uuids"; } >"$UUIDS"
}
next_backups 0

# run_wrk <script> <connections> [wrk args...]: prints "requests seconds rps p50 p99 bad cpu-ms-per-request"
run_wrk() {
  local script=$1 connections=$2 threads=2 before after line; shift 2
  [ "$connections" -lt 2 ] && threads=1
  before=$(service_cpu_ticks)
  line=$(THREADS=$threads wrk -t"$threads" -c"$connections" -d"${SECONDS_PER_RUN}s" --timeout 30s \
           -s "$ROOT/bench/wrk/$script" "$@" | grep '^RESULT')
  after=$(service_cpu_ticks)
  read -r _ n s rps p50 p99 bad <<<"$line"
  echo "$n $s $rps $p50 $p99 $bad $(echo "scale=3; ($after - $before) * 1000 / $(getconf CLK_TCK) / $n" | bc -l)"
}

set -- $DESTINATIONS
for round in $(seq 1 "$WARMUPS"); do
  read -r n s rps _ <<<"$(DST=$1 run_wrk sync.lua 16 "http://127.0.0.1:$PORT")"
  echo "warm-up round $round: $n syncs in $s s ($rps/s)" >&2
  next_backups "$(find "$DIR/dst-$1" -type f | wc -l)"
  shift
done

# median_row <label> <connections> <lines of run_wrk output>: the run with the median requests/s, and all rates
median_row() {
  local label=$1 level=$2 sorted n s rps p50 p99 bad cpu
  sorted=$(grep . <<<"$3" | sort -g -k3)
  read -r n s rps p50 p99 bad cpu <<<"$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")"
  echo "| $label | $level | $rps | $(awk '{printf "%s%s", sep, $3; sep=", "}' <<<"$sorted") | $n | $p50 | $p99 | $bad | $cpu |"
}

echo "## Request throughput, embedded H2 ($(date -u +%F), $BACKUPS backups of 4 KiB, $RUNS runs of ${SECONDS_PER_RUN} s per level after $WARMUPS warm-up rounds)"
echo
echo "| requests | connections | per second (median run) | every run (per second) | requests in the median run | p50 ms | p99 ms | unexpected answers | service CPU ms per request |"
echo "|---|---|---|---|---|---|---|---|---|"
for level in $LEVELS; do
  runs=
  for _ in $(seq 1 "$RUNS"); do
    line=$(DST=$1 run_wrk sync.lua "$level" "http://127.0.0.1:$PORT")
    read -r n _ <<<"$line"
    copied=$(find "$DIR/dst-$1" -type f | wc -l)
    # Each answer must stand for one new copy: more answers than files would mean repeats were timed.
    [ "$copied" -ge $((n - level)) ] || echo "!! only $copied files copied for $n answers" >&2
    [ "$copied" -lt $((BACKUPS - level)) ] || echo "!! the run synced the whole pool: give more backups" >&2
    next_backups "$copied"
    runs+="$line"$'\n'
    shift
  done
  median_row "sync 4 KiB (verified copy)" "$level" "$runs"
done
for level in $REJECTED_LEVELS; do
  runs=
  for _ in $(seq 1 "$RUNS"); do
    runs+="$(run_wrk reject.lua "$level" \
        "http://127.0.0.1:$PORT/zstack/v1/database-backups/0123456789abcdef0123456789abcdef/actions")"$'\n'
  done
  median_row "rejected (SYS.1007, after the session check)" "$level" "$runs"
done
