#!/usr/bin/env bash
# A limited copy's rate over time: a verified sync local -> remote (the bench's own sshd on loopback) held to a
# bandwidth limit set on the destination store through the API, its progress (bytes done) sampled every second;
# the rate over every 30 s window, sliding by one sample, against the limit. Beside it, the same file through
# `rsync --bwlimit` at the same limit, the tool operators know, sampled the same way (the size of its file on the
# host). Usage: bench/limited-copy.sh [limit=10M] [seconds=90]   (limit as the API takes it: 10M = 10 MiB/s)
source "$(dirname "$0")/lib.sh"
LIMIT=${1:-10M}; SECONDS_LONG=${2:-90}
case "$LIMIT" in *M) BPS=$(( ${LIMIT%M} * 1048576 ));; *k) BPS=$(( ${LIMIT%k} * 1024 ));; *) echo "limit: <n>M or <n>k" >&2; exit 1;; esac
SIZE=$(( BPS * SECONDS_LONG ))
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/limited-copy; remove_tree "$DIR"
mkdir -p "$DIR/local/zsbak" "$DIR/far" "$DIR/rsync" "$DIR/data"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FILE=$DIR/local/zsbak/original
head -c "$SIZE" /dev/urandom > "$FILE"
MD5=$(md5sum "$FILE" | cut -d' ' -f1)
start_sshd "$DIR/sshd" 127.0.0.1 127.0.0.80
trap 'stop_service; stop_sshd' EXIT
LOCAL=$(uuid32); FAR=$(uuid32); B=$(uuid32); ln "$FILE" "$DIR/local/zsbak/$B"
{
  echo "backupStorages:"
  echo "  - {uuid: $LOCAL, name: local, url: $DIR/local}"
  remote_store_entry "$FAR" far "$DIR/far" 127.0.0.80
  echo "databaseBackups:"
  echo "  - {uuid: $B, name: limited, installPath: 'zstore://zsbak/$B', backupStorageUuids: [$LOCAL], metadata: '{\"md5\":\"$MD5\"}'}"
} > "$DIR/inventory.yaml"
PORT=${PORT:-18187}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Dbackupsync.inventory.fill-md5=false
SESSION=$(login "$PORT")
code=$(curl -s -o "$DIR/limit.json" -w '%{http_code}' -X PUT "http://127.0.0.1:$PORT/zstack/v1/bandwidth-limits/backup-storage/$FAR/actions" \
  -H "Authorization: OAuth $SESSION" -H 'Content-Type: application/json' -d "{\"setBandwidthLimit\":{\"timetable\":\"$LIMIT\"}}")
[ "$code" = 200 ] || { echo "setting the limit failed: $code $(cat "$DIR/limit.json")" >&2; exit 1; }

# sample_progress <pid> / sample_file <pid> <folder>: "seconds bytes" every second while that process runs
sample_progress() {
  local t0; t0=$(now)
  while kill -0 "$1" 2>/dev/null; do
    local done_bytes
    done_bytes=$(curl -s "http://127.0.0.1:$PORT/zstack/v1/database-backups/syncs/progress" -H "Authorization: OAuth $SESSION" \
      | grep -o '"bytesDone":[0-9]*' | head -1 | cut -d: -f2 || true)
    [ -n "$done_bytes" ] && echo "$(echo "$(now) - $t0" | bc -l) $done_bytes"
    sleep 1
  done
}
sample_file() {
  local t0; t0=$(now)
  while kill -0 "$1" 2>/dev/null; do
    local f; f=$(ls -A "$2" 2>/dev/null | head -1 || true)
    [ -n "$f" ] && echo "$(echo "$(now) - $t0" | bc -l) $(stat -c %s "$2/$f" 2>/dev/null || echo 0)"
    sleep 1
  done
}
# windows <samples>: min, median and max rate over every 30 s window, as a fraction of the limit
windows() {
  awk -v bps="$BPS" '{t[NR]=$1; b[NR]=$2} END {
    n = 0
    for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (t[j] - t[i] >= 30) { r[++n] = (b[j] - b[i]) / (t[j] - t[i]) / bps; break }
    if (n == 0) { print "no 30 s window"; exit }
    asort(r); printf "%d windows: min %.3f, median %.3f, max %.3f x the limit", n, r[1], r[int((n + 1) / 2)], r[n]
  }' "$1"
}

sync_backup "$PORT" "$SESSION" "$B" "$LOCAL" "$FAR" & SYNC=$!
sample_progress "$SYNC" > "$DIR/sync.samples"
wait "$SYNC"; SYNC_STATUS=$?
cmp -s "$FILE" "$DIR/far/zsbak/$B" && SYNC_COPY=identical || SYNC_COPY=DIFFERENT
T_SYNC=$(tail -1 "$DIR/sync.samples" | cut -d' ' -f1)

rsync --bwlimit="$(( BPS / 1024 ))" -e "ssh -F $SSH_CONFIG" "$FILE" "127.0.0.80:$DIR/rsync/" & RSYNC=$!
sample_file "$RSYNC" "$DIR/rsync" > "$DIR/rsync.samples"
wait "$RSYNC"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo "## A limited copy's rate over time: $LIMIT on the destination store, $(( SIZE / 1048576 )) MiB, local -> remote over loopback ($(date -u +%F))"
echo
echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER. Samples every second of bytes done (the sync's progress API; rsync: its file on the host)."
echo
echo "| copy | rate over each 30 s window |"
echo "|---|---|"
echo "| backup-sync, store limit $LIMIT (exit $SYNC_STATUS, copy $SYNC_COPY) | $(windows "$DIR/sync.samples") |"
echo "| rsync --bwlimit=$(( BPS / 1024 )) | $(windows "$DIR/rsync.samples") |"
