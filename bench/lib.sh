# Shared helpers for the bench scripts: build the jar, start/stop the service, time commands, medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/target/backup-sync.jar"
ADMIN_SHA512=b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86

build_jar() {
  [ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)
}

# Deleted files slow file creation on this VM's disk for five minutes: ext4 without a journal skips an inode
# freed less than 300 s ago while its inode table block is dirty, and creating a file scans past every such
# inode. In a run started right after another run's clean-up (~100,000 files) that scan took 23 % of the service's
# CPU (async-profiler: open -> ext4_create -> find_inode_bit -> recently_deleted), and an empty-file create
# took 159 us instead of 22 us. Benches that delete many files mark when; those that create many wait it out.
FREED_INODES_MARK=${TMPDIR:-/tmp}/backupsync-bench-freed-inodes
remove_tree() {
  [ -e "$1" ] || return 0
  local files; files=$(find "$1" | wc -l)
  rm -rf "$1"
  if [ "$files" -gt 1000 ]; then touch "$FREED_INODES_MARK"; fi
}
wait_for_freed_inodes() {
  local age
  [ -f "$FREED_INODES_MARK" ] || return 0
  age=$(( $(date +%s) - $(stat -c %Y "$FREED_INODES_MARK") ))
  if [ "$age" -lt 300 ]; then
    echo "waiting $((300 - age)) s: files deleted $age s ago would slow this run's file creation (bench/lib.sh)" >&2
    sleep $((300 - age))
  fi
}

uuid32() { cat /proc/sys/kernel/random/uuid | tr -d '-'; }

now() { date +%s.%N; }

# seconds elapsed running "$@"
timed() { local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now); echo "$t1 - $t0" | bc -l; }

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

ratio() { echo "scale=2; $1 / $2" | bc -l; }

# start_service <data-dir> <inventory> <port> [extra java options...]; sets SERVICE_PID
start_service() {
  local data=$1 inventory=$2 port=$3; shift 3
  # Another bench's service still on the port would answer for this one.
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: is another bench running?" >&2; exit 1; fi
  # shellcheck disable=SC2086
  # Its embedded broker gets a port of its own too: a node refuses to start on a port another process holds.
  java ${EXTRA_JAVA_OPTS:-} "$@" -Dbackupsync.data-dir="$data" -Dbackupsync.inventory-file="$inventory" -Dcamel.server.port="$port" \
    -Dbackupsync.broker.port="$((port + 20000))" -jar "$JAR" >"$data/service.log" 2>&1 &
  SERVICE_PID=$!
  # Up to 10 minutes: a 12,000-backup inventory took over 2 minutes to load on a slow day of a shared host.
  for _ in $(seq 1 3000); do
    if curl -sf "http://127.0.0.1:$port/observe/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "service died, see $data/service.log" >&2; exit 1; fi
    sleep 0.2
  done
  echo "service did not become ready" >&2; exit 1
}

# the service's CPU time so far (user + system, all threads), in clock ticks
service_cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat"; }

stop_service() { [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; }

login() {
  curl -s -X PUT "http://127.0.0.1:$1/zstack/v1/accounts/login" -H 'Content-Type: application/json' \
    -d "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"$ADMIN_SHA512\"}}" | sed -E 's/.*"uuid":"([0-9a-f]{32})".*/\1/'
}

# sync <port> <session> <backup> <src> <dst>: fails unless HTTP 200
sync_backup() {
  local code
  code=$(curl -s -o /tmp/bench-sync-answer.json -w '%{http_code}' -X PUT "http://127.0.0.1:$1/zstack/v1/database-backups/$3/actions" \
    -H "Authorization: OAuth $2" -H 'Content-Type: application/json' \
    -d "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"$4\",\"dstBackupStorageUuid\":\"$5\"}}")
  [ "$code" = 200 ] || { echo "sync failed: $code $(cat /tmp/bench-sync-answer.json)" >&2; return 1; }
}
