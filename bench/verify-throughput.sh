#!/usr/bin/env bash
# Verification throughput: one verify run over N copies on a local store (each re-read and MD5-checked against
# metadata.md5, no read limit), side by side with `md5sum` of the same files in the same run.
# Usage: bench/verify-throughput.sh [runs=5] [copies=64] [size-MiB=64]   (BENCH_DIR to choose the disk; default target/bench)
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}; COPIES=${2:-64}; SIZE_MIB=${3:-64}
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/verify-throughput; remove_tree "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/dr/zsbak" "$DIR/data"
SRC=$(uuid32); DR=$(uuid32); POLICY=$(uuid32)
{
  echo "backupStorages:"
  echo "  - {uuid: $SRC, name: src, url: $DIR/src}"
  echo "  - {uuid: $DR, name: dr, url: $DIR/dr}"
  echo "databaseBackups:"
  for i in $(seq 1 "$COPIES"); do
    b=$(uuid32)
    head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$DIR/dr/zsbak/$b"
    cp "$DIR/dr/zsbak/$b" "$DIR/src/zsbak/$b"
    md5=$(md5sum "$DIR/dr/zsbak/$b" | cut -d' ' -f1)
    echo "  - {uuid: $b, name: bench-$i, installPath: 'zstore://zsbak/$b', backupStorageUuids: [$SRC, $DR], metadata: '{\"md5\":\"$md5\"}'}"
  done
  echo "verifyPolicies:"
  echo "  - {uuid: $POLICY, name: bench-dr, backupStorageUuid: $DR, schedule: '0 0 0 1 1 ? 2099'}"
} > "$DIR/inventory.yaml"
PORT=${PORT:-18184}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Dbackupsync.inventory.fill-md5=false
trap stop_service EXIT
SESSION=$(login "$PORT")
BYTES=$((COPIES * SIZE_MIB * 1048576))

# One verify run over the DR store, waited for through its stored report; prints nothing. Read with grep, not a
# Python per poll: starting an interpreter each poll added about 0.3 s to every run (0.43 s measured for one copy of
# 1 MiB, 0.07-0.11 s of it the service's).
verify_run() {
  local run answer
  run=$(curl -sf -X PUT "http://127.0.0.1:$PORT/zstack/v1/database-backups/verify-policies/$POLICY/actions" \
    -H "Authorization: OAuth $SESSION" -H 'Content-Type: application/json' -d '{"runVerifyPolicy":{}}' \
    | grep -o '"uuid":"[0-9a-f]*"' | head -1 | cut -d'"' -f4)
  while :; do
    answer=$(curl -sf "http://127.0.0.1:$PORT/zstack/v1/database-backups/verify-runs/$run" -H "Authorization: OAuth $SESSION")
    case "$answer" in
      *'"status":"Running"'*) sleep 0.01 ;;
      *'"status":"Succeeded"'*'"good":'"$COPIES"[,}]*) return 0 ;;
      *) echo "verify run $run ended: $answer" >&2; return 1 ;;
    esac
  done
}
# Both read from the page cache when the files fit in it, from disk when not: the same for both, run after run.
warm() { cat "$DIR"/dr/zsbak/* > /dev/null; }

for i in $(seq 1 "$RUNS"); do
  warm; echo "md5sum $(timed sh -c "md5sum '$DIR'/dr/zsbak/* > /dev/null")"
  warm; echo "verify-run $(timed verify_run)"
done > "$DIR/times.txt"

m() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | median; }
MD=$(m md5sum); VR=$(m verify-run)
echo "## Verification throughput, $COPIES copies of ${SIZE_MIB} MiB, median of $RUNS runs ($(date -u +%F))"
echo
echo "| what | median s | MiB/s | ratio |"
echo "|---|---|---|---|"
printf '| md5sum of the files | %.3f | %.0f | |\n' "$MD" "$(echo "$BYTES / 1048576 / $MD" | bc -l)"
printf '| backup-sync verify run (no read limit) | %.3f | %.0f | %s x md5sum |\n' "$VR" "$(echo "$BYTES / 1048576 / $VR" | bc -l)" "$(ratio "$VR" "$MD")"
