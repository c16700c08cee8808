#!/usr/bin/env bash
# The console during a large copy: the requests its pages make (the progress of syncs in flight every second, the
# job poll, the backups and stores views, the page itself) timed with curl while a 4 GiB verified sync runs, beside
# the same requests on the idle service in the same run. Per request: median, 95th percentile and maximum, and the
# ratio of the medians (copying / idle). The copy's own time beside cp of the same file says what the polling cost it.
# Usage: bench/console-during-copy.sh [size-GiB=4]
source "$(dirname "$0")/lib.sh"
SIZE_GIB=${1:-4}
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/console-during-copy; remove_tree "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/dst" "$DIR/cp" "$DIR/data"
SRC=$(uuid32); DST=$(uuid32); B=$(uuid32); JOB=$(uuid32)
head -c $((SIZE_GIB * 1024 * 1048576)) /dev/urandom > "$DIR/src/zsbak/$B"
MD5=$(md5sum "$DIR/src/zsbak/$B" | cut -d' ' -f1)
cat > "$DIR/inventory.yaml" <<YAML
backupStorages:
  - {uuid: $SRC, name: src, url: $DIR/src}
  - {uuid: $DST, name: dst, url: $DIR/dst}
databaseBackups:
  - {uuid: $B, name: big, installPath: 'zstore://zsbak/$B', backupStorageUuids: [$SRC], metadata: '{"md5":"$MD5"}'}
YAML
PORT=${PORT:-18184}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT"
trap stop_service EXIT
SESSION=$(login "$PORT")
BASE="http://127.0.0.1:$PORT"
JOB_PATH="/zstack/v1/api-jobs/$JOB"
PATHS=(/zstack/v1/database-backups/syncs/progress "/zstack/v1/database-backups?limit=50&start=0&replyWithCount=true"
       "/zstack/v1/backup-storage?sort=name" /zstack/v1/backup-storage/image-store /console/)

# probe <label>: one round of the console's requests, a line "<label> <path> <seconds>" each
probe() {
  for path in "${PATHS[@]}"; do
    curl -s -o /dev/null -w "$1 $path %{time_total}\n" -H "Authorization: OAuth $SESSION" "$BASE$path"
  done
}

sync
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 40); do probe idle; sleep 0.25; done > "$DIR/samples"
T0=$(now)
code=$(curl -s -o "$DIR/accepted.json" -w '%{http_code}' -X PUT "$BASE/zstack/v1/database-backups/$B/actions" \
  -H "Authorization: OAuth $SESSION" -H 'Content-Type: application/json' -H "X-Job-UUID: $JOB" \
  -d "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"$SRC\",\"dstBackupStorageUuid\":\"$DST\"}}")
[ "$code" = 202 ] || { echo "sync not accepted: $code $(cat "$DIR/accepted.json")" >&2; exit 1; }
# As the console does: one round a second until the job is done.
while :; do
  probe copying >> "$DIR/samples"
  read -r state seconds <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: OAuth $SESSION" "$BASE$JOB_PATH")"
  echo "copying $JOB_PATH $seconds" >> "$DIR/samples"
  [ "$state" = 202 ] || break
  sleep 1
done
T=$(echo "$(now) - $T0" | bc -l)
[ "$state" = 200 ] || { echo "sync failed: job answered $state" >&2; exit 1; }
cmp "$DIR/src/zsbak/$B" "$DIR/dst/zsbak/$B"
sync
CP=$(timed cp "$DIR/src/zsbak/$B" "$DIR/cp/x")

stats() { # <label> <path>: count median p95 max (ms)
  grep -F "$1 $2 " "$DIR/samples" | awk '{print $3 * 1000}' | sort -g \
    | awk '{a[NR]=$1} END {if (!NR) {printf "0 - - -"; exit} m = NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; p = a[int(NR*0.95 + 0.999)]; printf "%d %.1f %.1f %.1f", NR, m, p, a[NR]}'
}
echo "## The console's requests during a ${SIZE_GIB} GiB verified sync ($(date -u +%F), load before: $LOAD)"
echo
printf 'Sync (job, polled by these rounds every second): %.1f s; cp of the same file: %.1f s (ratio %s).\n\n' "$T" "$CP" "$(ratio "$T" "$CP")"
echo "| request | idle: n, median, p95, max ms | during the copy: n, median, p95, max ms | median ratio |"
echo "|---|---|---|---|"
for path in "${PATHS[@]}" "$JOB_PATH"; do
  read -r n1 m1 p1 x1 <<<"$(stats idle "$path")"
  read -r n2 m2 p2 x2 <<<"$(stats copying "$path")"
  printf '| `%s` | %s, %s, %s, %s | %s, %s, %s, %s | %s |\n' "${path/$JOB/{uuid\}}" "$n1" "$m1" "$p1" "$x1" "$n2" "$m2" "$p2" "$x2" "$( [ "$m1" = - ] && echo - || ratio "$m2" "$m1")"
done
remove_tree "$DIR/src"; remove_tree "$DIR/dst"; remove_tree "$DIR/cp"
