#!/usr/bin/env bash
# Request throughput: many small (4 KiB) distinct backups synced over REST with 1, 16 and 64 concurrent
# connections (each a real, verified, fsynced copy), and requests that fail validation. Embedded H2.
# Usage: bench/throughput.sh [backups-per-level=2000] [rejected-requests=50000]
source "$(dirname "$0")/lib.sh"
PER_LEVEL=${1:-2000}; REJECTS=${2:-50000}
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/throughput; rm -rf "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/dst" "$DIR/data"
SRC=$(uuid32); DST=$(uuid32)
{
  echo "backupStorages:"
  echo "  - {uuid: $SRC, name: src, url: $DIR/src}"
  echo "  - {uuid: $DST, name: dst, url: $DIR/dst}"
  echo "databaseBackups:"
  for level in 1 16 64; do
    for i in $(seq 1 "$PER_LEVEL"); do
      u=$(uuid32); echo "$u" >> "$DIR/uuids-$level"
      head -c 4096 /dev/urandom > "$DIR/src/zsbak/$u"
      echo "  - {uuid: $u, name: b$level-$i, installPath: 'zstore://zsbak/$u', backupStorageUuids: [$SRC]}"
    done
  done
} > "$DIR/inventory.yaml"
PORT=${PORT:-18182}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT"
trap stop_service EXIT
SESSION=$(login "$PORT")
echo "## Request throughput, embedded H2 ($(date -u +%F))"
echo
echo "| requests | connections | requests | seconds | per second | p50 ms | p99 ms | unexpected answers |"
echo "|---|---|---|---|---|---|---|---|"
for level in 1 16 64; do
  read -r n s rps p50 p99 bad < <(java "$ROOT/bench/LoadGen.java" sync "http://127.0.0.1:$PORT" "$SESSION" "$SRC" "$DST" "$DIR/uuids-$level" "$level")
  echo "| sync 4 KiB (verified copy) | $level | $n | $s | $rps | $p50 | $p99 | $bad |"
done
for level in 1 16 64; do
  read -r n s rps p50 p99 bad < <(java "$ROOT/bench/LoadGen.java" reject "http://127.0.0.1:$PORT" "$SESSION" "$REJECTS" "$level")
  echo "| rejected (SYS.1007, after the session check) | $level | $n | $s | $rps | $p50 | $p99 | $bad |"
done
