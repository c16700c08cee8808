#!/usr/bin/env bash
# Two backup-sync nodes on one PostgreSQL database, sharing their stores, to try cross-node syncs by hand.
#   scripts/two-nodes.sh [work-dir]     (default: data/two-nodes, git-ignored; HTTP ports NODE1_PORT=8081,
#                                         NODE2_PORT=8082; embedded broker ports NODE1_BROKER_PORT=61617, NODE2_BROKER_PORT=61618)
# Builds target/backup-sync.jar if missing, creates database $DB (default backupsync_two_nodes) on
# 127.0.0.1:5432 as postgres, a primary and a dr store with one 8 MiB sample backup, then starts both nodes and
# prints a login + sync curl for each. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=$(realpath -m "${1:-data/two-nodes}")
DB=${DB:-backupsync_two_nodes}
NODE1_PORT=${NODE1_PORT:-8081}
NODE2_PORT=${NODE2_PORT:-8082}
# Each node owns its embedded broker (a node refuses to start on a port another holds); both serve the same queue door.
NODE1_BROKER_PORT=${NODE1_BROKER_PORT:-61617}
NODE2_BROKER_PORT=${NODE2_BROKER_PORT:-61618}
PRIMARY_UUID=a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1
DR_UUID=b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b2
BACKUP_UUID=c04683f1c53039d1bb0b0f0b601b5a5b
# sha512("password"), as ZStack clients send it
ADMIN_PASSWORD=b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86

[ -f target/backup-sync.jar ] || mvn -B -q -DskipTests package

pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"

mkdir -p "$DIR/stores/primary/zsbak" "$DIR/stores/dr" "$DIR/node1" "$DIR/node2"
[ -f "$DIR/stores/primary/zsbak/$BACKUP_UUID" ] || head -c $((8 << 20)) /dev/urandom > "$DIR/stores/primary/zsbak/$BACKUP_UUID"
cat > "$DIR/inventory.yaml" <<YAML
accounts:
  - {name: admin, password: password, type: SystemAdmin}
backupStorages:
  - {uuid: $PRIMARY_UUID, name: primary, url: $DIR/stores/primary}
  - {uuid: $DR_UUID, name: dr-site, url: $DIR/stores/dr}
databaseBackups:
  - {uuid: $BACKUP_UUID, name: Backup-1, owner: admin, installPath: 'zstore://zsbak/$BACKUP_UUID', backupStorageUuids: [$PRIMARY_UUID]}
YAML

# BACKEND=postgresql,rabbitmq scripts/two-nodes.sh runs both nodes on one RabbitMQ (127.0.0.1:5672; export
# BACKUPSYNC_BROKER_PASSWORD=guest) instead of an embedded broker each.
BACKEND=${BACKEND:-postgresql}

pids=()
stop_nodes() {
    trap - INT TERM EXIT
    echo; echo "stopping both nodes"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait || true
}
trap stop_nodes INT TERM EXIT

for node in 1 2; do
    port_var=NODE${node}_PORT
    broker_port_var=NODE${node}_BROKER_PORT
    broker=()
    [[ $BACKEND == *rabbitmq* ]] || broker=(-Dbackupsync.broker.port="${!broker_port_var}")
    BACKUPSYNC_BACKEND=$BACKEND \
    BACKUPSYNC_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?stringtype=unspecified&ApplicationName=backup-sync-node$node" \
    BACKUPSYNC_DB_USERNAME=postgres \
        java -Dbackupsync.data-dir="$DIR/node$node" -Dbackupsync.inventory-file="$DIR/inventory.yaml" \
            -Dcamel.server.port="${!port_var}" "${broker[@]}" -jar target/backup-sync.jar > "$DIR/node$node.log" 2>&1 &
    pids+=($!)
    # The first node migrates the schema; let it finish before the second one starts.
    for _ in $(seq 120); do
        grep -q "started in" "$DIR/node$node.log" && break
        kill -0 "${pids[-1]}" 2>/dev/null || { echo "node $node did not start:" >&2; tail -5 "$DIR/node$node.log" >&2; exit 1; }
        sleep 1
    done
done

for node in 1 2; do
    port_var=NODE${node}_PORT
    port=${!port_var}
    cat <<TXT

node $node: http://localhost:$port  (log: $DIR/node$node.log)
  SESSION=\$(curl -s -X PUT 'http://localhost:$port/zstack/v1/accounts/login' -H 'Content-Type: application/json;charset=UTF-8' -d '{"logInByAccount":{"accountName":"admin","password":"$ADMIN_PASSWORD"}}' | sed -E 's/.*"uuid":"([0-9a-f]{32})".*/\1/')
  curl -X PUT 'http://localhost:$port/zstack/v1/database-backups/$BACKUP_UUID/actions' -H "Authorization: OAuth \$SESSION" -H 'Content-Type: application/json;charset=UTF-8' -d '{"syncdatabasebackupfromimagestorebackupstorage":{"srcBackupStorageUuid":"$PRIMARY_UUID","dstBackupStorageUuid":"$DR_UUID"},"systemTags":[],"userTags":[]}'
TXT
done
echo; echo "both nodes running; Ctrl-C stops them"
wait
