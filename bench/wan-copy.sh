#!/usr/bin/env bash
# Long-haul copy: verified syncs local -> remote through the link emulator (src/test/java/backupsync/support/
# LinkEmulator: a TCP relay that holds each chunk for the one-way delay and shapes each direction with a token
# bucket) in front of the bench's own sshd, at each one-way delay, side by side with scp and rsync -e ssh of the same
# file through the same link in the same run, RUNS times each; then the resume figure: a sync whose connection the
# link resets once 70 % of the file has crossed it, and the bytes that crossed against the file's size.
# One link process per delay, each on a loopback address of its own (a store's hostname is unique); each run syncs a
# backup of its own (hard links of one file), since a store that holds a backup already would not copy it again.
# Usage: bench/wan-copy.sh [runs=1] [size-MiB=1024] [rate=200mbit] [delays-ms="0 25 50"]
source "$(dirname "$0")/lib.sh"
RUNS=${1:-1}; SIZE_MIB=${2:-1024}; RATE=${3:-200mbit}; DELAYS=(${4:-0 25 50})
build_jar
(cd "$ROOT" && mvn -q -B -ntp -DskipTests test-compile) || exit 1
DIR=${BENCH_DIR:-$ROOT/target/bench}/wan-copy; remove_tree "$DIR"
mkdir -p "$DIR/local/zsbak" "$DIR/data"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
SIZE=$((SIZE_MIB * 1048576))
FILE=$DIR/local/zsbak/original
head -c "$SIZE" /dev/urandom > "$FILE"
MD5=$(md5sum "$FILE" | cut -d' ' -f1)

ADDRESSES=(127.0.0.1)
for k in "${!DELAYS[@]}"; do ADDRESSES+=("127.0.0.$((60 + k))"); done
ADDRESSES+=(127.0.0.70)   # the resume run
start_sshd "$DIR/sshd" 127.0.0.1
declare -A LINK_FD LINK_PORT
LINK_PIDS=()
trap 'stop_service; for fd in "${LINK_FD[@]}"; do echo quit >&"$fd"; done 2>/dev/null; kill "${LINK_PIDS[@]}" 2>/dev/null; stop_sshd' EXIT

# start_link <name> <address> <delay-ms>: a link process reading its commands from a fifo; sets LINK_PORT[name]
start_link() {
  mkfifo "$DIR/$1.in"
  java -cp "$ROOT/target/test-classes" backupsync.support.LinkEmulator --listen "$2:0" \
    --target "127.0.0.1:$SSHD_PORT" --delay-ms "$3" --rate "$RATE" < "$DIR/$1.in" > "$DIR/$1.out" 2>&1 &
  LINK_PIDS+=($!)
  local fd; exec {fd}>"$DIR/$1.in"; LINK_FD[$1]=$fd
  for _ in $(seq 1 100); do grep -q 'listening on' "$DIR/$1.out" && break; sleep 0.1; done
  LINK_PORT[$1]=$(grep -o 'listening on [^ ]*' "$DIR/$1.out" | sed 's/.*://')
  [ -n "${LINK_PORT[$1]}" ] || { echo "link $1 did not start: $(cat "$DIR/$1.out")" >&2; exit 1; }
  # scp and rsync check the host key of the address and port they dial
  echo "[$2]:${LINK_PORT[$1]} $(cut -d' ' -f1,2 "$DIR/sshd/host_key.pub")" >> "$DIR/sshd/known_hosts"
}
# link_cmd <name> <command>: sends it and answers the link's reply line
link_cmd() {
  local before; before=$(wc -l < "$DIR/$1.out")
  echo "$2" >&"${LINK_FD[$1]}"
  for _ in $(seq 1 200); do
    [ "$(wc -l < "$DIR/$1.out")" -gt "$before" ] && { tail -n +"$((before + 1))" "$DIR/$1.out" | head -1; return; }
    sleep 0.05
  done
  echo "link $1 did not answer '$2'" >&2; exit 1
}
# to_server_bytes <name>: bytes the link carried client -> server so far
to_server_bytes() { link_cmd "$1" stats | grep -o 'to-server [0-9]*' | awk '{print $2}'; }

LOCAL=$(uuid32)
declare -A STORE BACKUPS
for k in "${!DELAYS[@]}"; do
  start_link "d$k" "127.0.0.$((60 + k))" "${DELAYS[$k]}"; STORE[d$k]=$(uuid32); mkdir -p "$DIR/d$k"
done
start_link resume 127.0.0.70 "${DELAYS[-1]}"; STORE[resume]=$(uuid32); mkdir -p "$DIR/resume"
{
  echo "backupStorages:"
  echo "  - {uuid: $LOCAL, name: local, url: $DIR/local}"
  for name in "${!STORE[@]}"; do
    address=127.0.0.70; [ "$name" = resume ] || address=127.0.0.$((60 + ${name#d}))
    echo "  - {uuid: ${STORE[$name]}, name: far-$name, url: $DIR/$name, hostname: $address, sshPort: ${LINK_PORT[$name]}, username: root, privateKeyFile: $SSHD_CLIENT_KEY, hostKeyFingerprint: '$SSHD_FINGERPRINT'}"
  done
  echo "databaseBackups:"
  for name in "${!STORE[@]}"; do
    for i in $(seq 1 "$RUNS"); do
      b=$(uuid32); ln "$FILE" "$DIR/local/zsbak/$b"; BACKUPS[$name.$i]=$b
      echo "  - {uuid: $b, name: $name-$i, installPath: 'zstore://zsbak/$b', backupStorageUuids: [$LOCAL], metadata: '{\"md5\":\"$MD5\"}'}"
    done
  done
} > "$DIR/inventory.yaml"
PORT=${PORT:-18186}
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Dbackupsync.inventory.fill-md5=false
SESSION=$(login "$PORT")
CIPHER=$(ssh_cipher_of_last_connection "$DIR/sshd")
SCP=(scp -q -F "$SSH_CONFIG" -c "$CIPHER" -o Compression=no)

for k in "${!DELAYS[@]}"; do
  name=d$k; address=127.0.0.$((60 + k)); port=${LINK_PORT[$name]}
  for i in $(seq 1 "$RUNS"); do
    mkdir -p "$DIR/$name/scp" "$DIR/$name/rsync"
    cat "$FILE" > /dev/null
    echo "scp-$name $(timed "${SCP[@]}" -P "$port" "$FILE" "$address:$DIR/$name/scp/x")"
    echo "rsync-$name $(timed rsync -e "ssh -F $SSH_CONFIG -p $port -c $CIPHER" "$FILE" "$address:$DIR/$name/rsync/")"
    echo "sync-$name $(timed sync_backup "$PORT" "$SESSION" "${BACKUPS[$name.$i]}" "$LOCAL" "${STORE[$name]}")"
    cmp "$FILE" "$DIR/$name/scp/x"; cmp "$FILE" "$DIR/$name/zsbak/${BACKUPS[$name.$i]}"
    rm -rf "$DIR/$name/scp" "$DIR/$name/rsync" "$DIR/$name/zsbak/${BACKUPS[$name.$i]}"
  done
done > "$DIR/times.txt"

# The resume figure: every connection is reset once 70 % of the file has crossed it; cut-after is lifted once the
# first cut happened, so the resumed copy goes through.
CUT_AT=$((SIZE * 7 / 10))
before=$(to_server_bytes resume)
link_cmd resume "cut-after $CUT_AT" > /dev/null
sync_backup "$PORT" "$SESSION" "${BACKUPS[resume.1]}" "$LOCAL" "${STORE[resume]}" & SYNC=$!
until link_cmd resume stats | grep -q 'cut [1-9]'; do kill -0 $SYNC 2>/dev/null || break; sleep 0.2; done
link_cmd resume "cut-after off" > /dev/null
wait $SYNC; RESUME_STATUS=$?
RESUME_BYTES=$(( $(to_server_bytes resume) - before ))
cmp "$FILE" "$DIR/resume/zsbak/${BACKUPS[resume.1]}" && RESUME_IDENTICAL=identical || RESUME_IDENTICAL=DIFFERENT
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

m() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | median; }
runs() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | xargs printf '%.2f ' | sed 's/ $//'; }
mbit() { echo "scale=1; $SIZE * 8 / $1 / 1000000" | bc -l; }
echo "## Long-haul copy through the link emulator, ${SIZE_MIB} MiB at $RATE each way, median of $RUNS runs ($(date -u +%F))"
echo
echo "OpenSSH $(ssh -V 2>&1 | cut -d, -f1 | sed 's/OpenSSH_//') behind a user-space link (one-way delay each direction, token bucket), cipher $CIPHER, no compression."
echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
echo
echo "| one-way delay (RTT) | scp s (Mbit/s) | rsync -e ssh s (Mbit/s) | backup-sync verified s (Mbit/s) | sync / scp | every sync run |"
echo "|---|---|---|---|---|---|"
for k in "${!DELAYS[@]}"; do
  name=d$k; S=$(m "scp-$name"); R=$(m "rsync-$name"); Y=$(m "sync-$name")
  printf '| %s ms (%s ms) | %.2f (%s) | %.2f (%s) | %.2f (%s) | %s x | %s |\n' "${DELAYS[$k]}" "$((2 * DELAYS[$k]))" \
    "$S" "$(mbit "$S")" "$R" "$(mbit "$R")" "$Y" "$(mbit "$Y")" "$(ratio "$Y" "$S")" "$(runs "sync-$name")"
done
echo
echo "Resume: a sync at ${DELAYS[-1]} ms one-way whose connection the link reset at $CUT_AT bytes (70 %): exit $RESUME_STATUS, copy $RESUME_IDENTICAL;"
echo "$RESUME_BYTES bytes crossed the link client -> server for a $SIZE-byte file: $(( RESUME_BYTES - SIZE )) bytes beyond the file (sent again after the cut, plus SSH and SFTP framing)."
