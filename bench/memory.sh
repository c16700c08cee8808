#!/usr/bin/env bash
# Memory: a 4 GiB backup synced with the service started at -Xmx64m. Reports success, peak heap (sampled with
# jstat every 200 ms) and peak RSS (VmHWM), side by side with cp of the same file.
# Usage: bench/memory.sh [size-GiB=4]
source "$(dirname "$0")/lib.sh"
SIZE_GIB=${1:-4}
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/memory; remove_tree "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/dst" "$DIR/cp" "$DIR/data"
SRC=$(uuid32); DST=$(uuid32); B=$(uuid32)
# Random data (not sparse): the copy must really move every byte.
head -c $((SIZE_GIB * 1024 * 1048576)) /dev/urandom > "$DIR/src/zsbak/$B"
MD5=$(md5sum "$DIR/src/zsbak/$B" | cut -d' ' -f1)
cat > "$DIR/inventory.yaml" <<YAML
backupStorages:
  - {uuid: $SRC, name: src, url: $DIR/src}
  - {uuid: $DST, name: dst, url: $DIR/dst}
databaseBackups:
  - {uuid: $B, name: big, installPath: 'zstore://zsbak/$B', backupStorageUuids: [$SRC], metadata: '{"md5":"$MD5"}'}
YAML
PORT=${PORT:-18183}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Xmx64m
trap stop_service EXIT
SESSION=$(login "$PORT")
( while kill -0 "$SERVICE_PID" 2>/dev/null; do
    jstat -gc "$SERVICE_PID" 2>/dev/null | awk 'NR==2 {printf "%.0f\n", ($3+$4+$6+$8)*1024}'
    sleep 0.2
  done ) > "$DIR/heap.samples" &
SAMPLER=$!
T=$(timed sync_backup "$PORT" "$SESSION" "$B" "$SRC" "$DST")
PEAK_RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/$SERVICE_PID/status)
kill $SAMPLER 2>/dev/null || true
cmp "$DIR/src/zsbak/$B" "$DIR/dst/zsbak/$B"
CP=$(timed cp "$DIR/src/zsbak/$B" "$DIR/cp/x")
PEAK_HEAP=$(sort -n "$DIR/heap.samples" | tail -1)
echo "## Memory: ${SIZE_GIB} GiB verified sync at -Xmx64m ($(date -u +%F))"
echo
echo "| what | value |"
echo "|---|---|"
echo "| sync result | 200, destination identical (cmp) |"
printf '| sync wall time | %.1f s (cp of the same file: %.1f s, ratio %s) |\n' "$T" "$CP" "$(ratio "$T" "$CP")"
echo "| peak heap used (jstat, 200 ms samples) | $((PEAK_HEAP / 1048576)) MiB of 64 MiB |"
echo "| peak RSS (VmHWM) | $((PEAK_RSS_KB / 1024)) MiB |"
echo "| heap samples | $(wc -l < "$DIR/heap.samples"), min $(( $(sort -n "$DIR/heap.samples" | head -1) / 1048576 )) MiB, max $((PEAK_HEAP / 1048576)) MiB |"
