#!/usr/bin/env bash
# Remote copy over SSH: a backup synced through the REST API to and between remote stores served by the real
# OpenSSH on loopback, side by side with scp (same cipher, no compression), md5sum and rsync -e ssh of the same file
# in the same run, interleaved, RUNS times each:
#   local -> remote, verified (metadata.md5; MD5 on the destination host on)  against scp and md5sum
#   remote -> remote, verified, streamed through the node                      against scp -3
# The bench starts its own sshd (fresh host and client keys; bench/lib.sh start_sshd) listening on several loopback
# addresses: 127.0.0.2 holds the remote source store, and each run gets destination stores of its own on
# 127.0.0.1x / 127.0.0.4x (a store's hostname is unique, and a copy to a store that already holds the backup would
# not copy again).
# Usage: bench/remote-copy.sh [runs=3] [size-MiB=1024]   (BENCH_DIR to choose the disk; default target/bench)
source "$(dirname "$0")/lib.sh"
RUNS=${1:-3}; SIZE_MIB=${2:-1024}
[ "$RUNS" -le 30 ] || { echo "at most 30 runs (one loopback address per run and direction)" >&2; exit 1; }
if ! command -v rsync >/dev/null; then
  echo "rsync is missing: installing it (apt-get install rsync)" >&2
  apt-get install -y -qq rsync >/dev/null
fi
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/remote-copy; remove_tree "$DIR"
mkdir -p "$DIR/local/zsbak" "$DIR/rsrc/zsbak" "$DIR/data"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TOP_BEFORE=$(ps -eo pcpu,etime,comm --sort=-pcpu | head -6 | tail -5 | awk '{printf "%s %s%% (up %s); ", $3, $1, $2}')

LOCAL=$(uuid32); RSRC=$(uuid32); B=$(uuid32); B2=$(uuid32)
head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$DIR/local/zsbak/$B"
cp "$DIR/local/zsbak/$B" "$DIR/rsrc/zsbak/$B2"
MD5=$(md5sum "$DIR/local/zsbak/$B" | cut -d' ' -f1)

ADDRESSES=(127.0.0.1 127.0.0.2)
for i in $(seq 1 "$RUNS"); do ADDRESSES+=("127.0.0.$((10 + i))" "127.0.0.$((40 + i))"); done
start_sshd "$DIR/sshd" "${ADDRESSES[@]}"
trap 'stop_service; stop_sshd' EXIT
{
  echo "backupStorages:"
  echo "  - {uuid: $LOCAL, name: local, url: $DIR/local}"
  remote_store_entry "$RSRC" remote-src "$DIR/rsrc" 127.0.0.2
  LR=(); RR=()
  for i in $(seq 1 "$RUNS"); do
    LR+=("$(uuid32)"); RR+=("$(uuid32)"); mkdir -p "$DIR/lr$i" "$DIR/rr$i"
    remote_store_entry "${LR[-1]}" "local-to-remote-$i" "$DIR/lr$i" "127.0.0.$((10 + i))"
    remote_store_entry "${RR[-1]}" "remote-to-remote-$i" "$DIR/rr$i" "127.0.0.$((40 + i))"
  done
  echo "databaseBackups:"
  echo "  - {uuid: $B, name: local-backup, installPath: 'zstore://zsbak/$B', backupStorageUuids: [$LOCAL], metadata: '{\"md5\":\"$MD5\"}'}"
  echo "  - {uuid: $B2, name: remote-backup, installPath: 'zstore://zsbak/$B2', backupStorageUuids: [$RSRC], metadata: '{\"md5\":\"$MD5\"}'}"
} > "$DIR/inventory.yaml"
PORT=${PORT:-18184}
LOG_MARK=$(wc -l < "$DIR/sshd/sshd.log")
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Dbackupsync.inventory.fill-md5=false
SESSION=$(login "$PORT")
# The cipher MINA SSHD negotiated with this sshd at start-up (it checks every remote root); scp and rsync are
# forced to the same one. Until then only start_sshd's own probe (OpenSSH's client) has connected.
for _ in $(seq 1 100); do
  CIPHER=$(tail -n +"$((LOG_MARK + 1))" "$DIR/sshd/sshd.log" | grep -o 'kex: client->server cipher: [^ ]*' | head -1 | awk '{print $4}')
  [ -n "$CIPHER" ] && break; sleep 0.1
done
[ -n "$CIPHER" ] || { echo "the service did not connect to sshd; see $DIR/data/service.log" >&2; exit 1; }
MINA_VERSION=$(tail -n +"$((LOG_MARK + 1))" "$DIR/sshd/sshd.log" | grep -o 'remote software version [^ ]*' | head -1 | awk '{print $4}')
SSH=(ssh -F "$SSH_CONFIG" -c "$CIPHER")
SCP=(scp -q -F "$SSH_CONFIG" -c "$CIPHER" -o Compression=no)

# As bench/verified-copy.sh: before each tool `sync`, its source read once, and warm free memory (this VM hands
# freed memory back to its host within seconds).
SCRATCH="$DIR/scratch"; head -c $(( (SIZE_MIB + 256) * 1048576 )) /dev/zero > "$SCRATCH"
recycle_memory() { cat "$SCRATCH" > /dev/null; dd if="$SCRATCH" iflag=nocache count=0 status=none; }
fair() { sync; cat "$1" > /dev/null; recycle_memory; }
TICKS=$(getconf CLK_TCK)
SRC_FILE=$DIR/local/zsbak/$B; RSRC_FILE=$DIR/rsrc/zsbak/$B2

for i in $(seq 1 "$RUNS"); do
  mkdir -p "$DIR/scp" "$DIR/scpsync" "$DIR/rsync" "$DIR/scp3"
  fair "$SRC_FILE"; measure md5sum md5sum "$SRC_FILE"
  fair "$SRC_FILE"; measure scp "${SCP[@]}" "$SRC_FILE" "127.0.0.1:$DIR/scp/x"
  # The sync's copy is durable (fsync@openssh.com before the rename); scp's is not. This one is, for comparison.
  fair "$SRC_FILE"; measure scp+fsync sh -c "${SCP[*]} '$SRC_FILE' '127.0.0.1:$DIR/scpsync/x' && ${SSH[*]} 127.0.0.1 sync '$DIR/scpsync/x'"
  fair "$SRC_FILE"; measure rsync-ssh rsync -e "${SSH[*]}" "$SRC_FILE" "127.0.0.1:$DIR/rsync/"
  fair "$SRC_FILE"; c0=$(service_cpu_ticks); measure sync-local-remote sync_backup "$PORT" "$SESSION" "$B" "$LOCAL" "${LR[$((i - 1))]}"
  echo "cpu-local-remote $(echo "($(service_cpu_ticks) - $c0) / $TICKS" | bc -l)"
  fair "$RSRC_FILE"; measure scp-3 "${SCP[@]}" -3 "127.0.0.2:$RSRC_FILE" "127.0.0.1:$DIR/scp3/x"
  fair "$RSRC_FILE"; c0=$(service_cpu_ticks); measure sync-remote-remote sync_backup "$PORT" "$SESSION" "$B2" "$RSRC" "${RR[$((i - 1))]}"
  echo "cpu-remote-remote $(echo "($(service_cpu_ticks) - $c0) / $TICKS" | bc -l)"
  cmp "$SRC_FILE" "$DIR/scp/x"; cmp "$SRC_FILE" "$DIR/scp3/x"
  cmp "$SRC_FILE" "$DIR/lr$i/zsbak/$B"; cmp "$SRC_FILE" "$DIR/rr$i/zsbak/$B2"
  rm -rf "$DIR/scp" "$DIR/scpsync" "$DIR/rsync" "$DIR/scp3" "$DIR/lr$i/zsbak" "$DIR/rr$i/zsbak"
done > "$DIR/times.txt"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

m() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | median; }
runs() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | xargs printf '%.2f ' | sed 's/ $//'; }
MD=$(m md5sum); SC=$(m scp); SCS=$(m scp+fsync); RS=$(m rsync-ssh); LRT=$(m sync-local-remote); LRC=$(m cpu-local-remote); RRC=$(m cpu-remote-remote); SC3=$(m scp-3); RRT=$(m sync-remote-remote)
MAX=$(echo "if ($SC > $MD) $SC else $MD" | bc -l)
echo "## Remote copy over SSH, ${SIZE_MIB} MiB, median of $RUNS runs ($(date -u +%F))"
echo
echo "OpenSSH $(ssh -V 2>&1 | cut -d, -f1 | sed 's/OpenSSH_//') on loopback, client $MINA_VERSION, cipher $CIPHER (scp and rsync forced to it with -c), no compression."
echo "Load average before: $LOAD_BEFORE (busiest: $TOP_BEFORE); after: $LOAD_AFTER."
echo
echo "| what | median s | every run | ratio | machine CPU s (every process, both cores) |"
echo "|---|---|---|---|---|"
# row <label> <key> [ratio text]
row() { printf '| %s | %.3f | %s | %s | %.2f |\n' "$1" "$(m "$2")" "$(runs "$2")" "${3:-}" "$(m "machine-$2")"; }
row md5sum md5sum
row "scp -c $CIPHER" scp
row "scp, then sync(1) of the file on the host" scp+fsync
row "rsync -e ssh (to empty dir)" rsync-ssh
row "backup-sync local -> remote, verified" sync-local-remote "$(ratio "$LRT" "$MAX") x max(scp, md5sum); $(ratio "$LRT" "$SCS") x (scp + sync); $(ratio "$LRT" "$RS") x rsync -e ssh"
printf '| (the service'"'"'s CPU during it: user + system, all threads) | %.3f | %s | | |\n' "$LRC" "$(runs cpu-local-remote)"
row "scp -3 remote -> remote" scp-3
row "backup-sync remote -> remote, verified" sync-remote-remote "$(ratio "$RRT" "$SC3") x scp -3"
printf '| (the service'"'"'s CPU during it) | %.3f | %s | | |\n' "$RRC" "$(runs cpu-remote-remote)"
