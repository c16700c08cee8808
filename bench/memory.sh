#!/usr/bin/env bash
# Memory: a 4 GiB backup synced with the service started at -Xmx64m. Reports success, peak heap (sampled with
# jstat every 200 ms) and peak RSS (VmHWM), side by side with cp of the same file.
# remote: the destination is a store on the bench's own sshd (bench/lib.sh start_sshd; key auth, pinned host key,
# MD5 on the destination host), and the copy beside it is scp with the cipher the service negotiated.
# Usage: bench/memory.sh [size-GiB=4] [local|remote]
source "$(dirname "$0")/lib.sh"
SIZE_GIB=${1:-4}; KIND=${2:-local}
case "$KIND" in local|remote) ;; *) echo "usage: bench/memory.sh [size-GiB] [local|remote]" >&2; exit 2 ;; esac
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/memory-$KIND; remove_tree "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/dst" "$DIR/cp" "$DIR/data"
SRC=$(uuid32); DST=$(uuid32); B=$(uuid32)
# Random data (not sparse): the copy must really move every byte.
head -c $((SIZE_GIB * 1024 * 1048576)) /dev/urandom > "$DIR/src/zsbak/$B"
MD5=$(md5sum "$DIR/src/zsbak/$B" | cut -d' ' -f1)
if [ "$KIND" = remote ]; then
  start_sshd "$DIR/sshd" 127.0.0.1
  trap stop_sshd EXIT
  DST_ENTRY=$(remote_store_entry "$DST" dst "$DIR/dst" 127.0.0.1)
else
  DST_ENTRY="  - {uuid: $DST, name: dst, url: $DIR/dst}"
fi
cat > "$DIR/inventory.yaml" <<YAML
backupStorages:
  - {uuid: $SRC, name: src, url: $DIR/src}
$DST_ENTRY
databaseBackups:
  - {uuid: $B, name: big, installPath: 'zstore://zsbak/$B', backupStorageUuids: [$SRC], metadata: '{"md5":"$MD5"}'}
YAML
PORT=${PORT:-18183}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Xmx64m
trap 'stop_service; stop_sshd' EXIT
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
if [ "$KIND" = remote ]; then
  CIPHER=$(ssh_cipher_of_last_connection "$DIR/sshd")
  COPY_TOOL="scp -c $CIPHER"
  CP=$(timed scp -q -F "$SSH_CONFIG" -c "$CIPHER" "$DIR/src/zsbak/$B" "127.0.0.1:$DIR/cp/x")
else
  COPY_TOOL=cp
  CP=$(timed cp "$DIR/src/zsbak/$B" "$DIR/cp/x")
fi
PEAK_HEAP=$(sort -n "$DIR/heap.samples" | tail -1)
echo "## Memory: ${SIZE_GIB} GiB verified sync, $KIND destination, at -Xmx64m ($(date -u +%F))"
echo
echo "| what | value |"
echo "|---|---|"
echo "| sync result | 200, destination identical (cmp) |"
printf '| sync wall time | %.1f s (%s of the same file: %.1f s, ratio %s) |\n' "$T" "$COPY_TOOL" "$CP" "$(ratio "$T" "$CP")"
echo "| peak heap used (jstat, 200 ms samples) | $((PEAK_HEAP / 1048576)) MiB of 64 MiB |"
echo "| peak RSS (VmHWM) | $((PEAK_RSS_KB / 1024)) MiB |"
echo "| heap samples | $(wc -l < "$DIR/heap.samples"), min $(( $(sort -n "$DIR/heap.samples" | head -1) / 1048576 )) MiB, max $((PEAK_HEAP / 1048576)) MiB |"
