# Shared helpers for the bench scripts: build the jar, start/stop the service, time commands, medians.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/target/backup-sync.jar"
ADMIN_SHA512=b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86

# (Re)builds the jar when it is missing or older than a source: a bench of a stale jar measures yesterday's code.
build_jar() {
  if [ ! -f "$JAR" ] || [ -n "$(cd "$ROOT" && find pom.xml src/main routes config -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)
  fi
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

# CPU time of the whole machine so far (user, nice, system, irq, softirq of every core), in clock ticks
machine_cpu_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

# measure <label> <command...>: prints "<label> <wall s>" and "machine-<label> <CPU s of the whole machine>"
measure() {
  local label=$1 c0 wall; shift
  c0=$(machine_cpu_ticks); wall=$(timed "$@")
  echo "$label $wall"
  echo "machine-$label $(echo "($(machine_cpu_ticks) - $c0) / $(getconf CLK_TCK)" | bc -l)"
}

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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_sshd <dir> <address...>: the real OpenSSH on a free port of the given loopback addresses, with its own
# config, a fresh ECDSA host key and client key (root logs in by key), as src/test/java/.../support/OpenSshServer
# does; never the system's sshd. Sets SSHD_PID, SSHD_PORT, SSHD_FINGERPRINT, SSHD_CLIENT_KEY and SSH_CONFIG (an
# ssh_config for scp/rsync/ssh: that client key only, the host key pinned in a known_hosts file, no compression).
# LogLevel DEBUG1: sshd logs the cipher each connection negotiated (ssh_cipher_of_last_connection), to
# <dir>/sshd.log.
start_sshd() {
  local dir=$1; shift
  [ -x /usr/sbin/sshd ] || { echo "/usr/sbin/sshd is missing: run scripts/test-setup.sh as root" >&2; exit 1; }
  mkdir -p "$dir" /run/sshd
  ssh-keygen -q -t ecdsa -b 256 -N '' -C 'backup-sync bench host' -f "$dir/host_key"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C 'backup-sync bench client' -f "$dir/client_key"
  cp "$dir/client_key.pub" "$dir/authorized_keys"
  SSHD_PORT=$(free_port)
  SSHD_FINGERPRINT=$(ssh-keygen -l -E sha256 -f "$dir/host_key.pub" | cut -d' ' -f2)
  SSHD_CLIENT_KEY=$dir/client_key
  {
    echo "Port $SSHD_PORT"
    for address in "$@"; do echo "ListenAddress $address"; done
    echo "HostKey $dir/host_key"
    echo "PidFile $dir/sshd.pid"
    echo "AuthorizedKeysFile $dir/authorized_keys"
    echo "PubkeyAuthentication yes"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "PermitRootLogin prohibit-password"
    echo "UsePAM no"
    echo "StrictModes no"
    echo "AllowUsers root"
    echo "MaxStartups 100"
    echo "Subsystem sftp internal-sftp"
    # An empty home: the machine's ~/.bashrc (pyenv here) stays out of every exec the service runs on the host.
    mkdir -p "$dir/home"; echo "SetEnv HOME=$dir/home"
    echo "LogLevel DEBUG1"
  } > "$dir/sshd_config"
  : > "$dir/known_hosts"
  for address in "$@"; do echo "[$address]:$SSHD_PORT $(cut -d' ' -f1,2 "$dir/host_key.pub")" >> "$dir/known_hosts"; done
  cat > "$dir/ssh_config" <<CONFIG
Host *
  Port $SSHD_PORT
  User root
  IdentityFile $dir/client_key
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $dir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  Compression no
CONFIG
  SSH_CONFIG=$dir/ssh_config
  # -E, not -e: with -e a session's own debug lines would reach its client on the channel's stderr.
  /usr/sbin/sshd -D -E "$dir/sshd.log" -f "$dir/sshd_config" &
  SSHD_PID=$!
  for _ in $(seq 1 100); do
    if ssh -F "$SSH_CONFIG" "$1" true 2>/dev/null; then return 0; fi
    kill -0 "$SSHD_PID" 2>/dev/null || { echo "sshd exited: $(cat "$dir/sshd.log")" >&2; exit 1; }
    sleep 0.1
  done
  echo "sshd did not answer on $1:$SSHD_PORT: $(tail -5 "$dir/sshd.log")" >&2; exit 1
}

stop_sshd() { [ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null || true; }

# The cipher (client to server) of the last connection sshd logged: "kex: client->server cipher: X MAC: ..."
ssh_cipher_of_last_connection() { grep -o 'kex: client->server cipher: [^ ]*' "$1/sshd.log" | tail -1 | awk '{print $4}'; }

# remote_store_entry <uuid> <name> <root> <address>: an inventory line for a store on the bench's sshd (key auth,
# pinned fingerprint)
remote_store_entry() {
  echo "  - {uuid: $1, name: $2, url: $3, hostname: $4, sshPort: $SSHD_PORT, username: root, privateKeyFile: $SSHD_CLIENT_KEY, hostKeyFingerprint: '$SSHD_FINGERPRINT'}"
}
