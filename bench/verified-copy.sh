#!/usr/bin/env bash
# Verified copy: a 1 GiB backup synced through the REST API, side by side with cp, md5sum and
# rsync --checksum of the same file in the same run. Also the copy without md5 in metadata, against cp, and
# against two copies that are on disk when they end: cp + fsync, and dd straight to disk (O_DIRECT, 64 MiB blocks).
# Usage: bench/verified-copy.sh [runs=5] [size-MiB=1024]   (BENCH_DIR to choose the disk; default target/bench)
source "$(dirname "$0")/lib.sh"
RUNS=${1:-5}; SIZE_MIB=${2:-1024}
command -v rsync >/dev/null || apt-get install -y -qq rsync >/dev/null
build_jar
DIR=${BENCH_DIR:-$ROOT/target/bench}/verified-copy; remove_tree "$DIR"; mkdir -p "$DIR/src/zsbak" "$DIR/data"
SRC=$(uuid32); VERIFIED=$(uuid32); PLAIN=$(uuid32)
head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$DIR/src/zsbak/$VERIFIED"
cp "$DIR/src/zsbak/$VERIFIED" "$DIR/src/zsbak/$PLAIN"
MD5=$(md5sum "$DIR/src/zsbak/$VERIFIED" | cut -d' ' -f1)
{
  echo "backupStorages:"
  echo "  - {uuid: $SRC, name: src, url: $DIR/src}"
  DSTS=()
  for i in $(seq 1 "$RUNS"); do for kind in v p; do
    d=$(uuid32); DSTS+=("$kind:$d"); mkdir -p "$DIR/dst-$kind$i"
    echo "  - {uuid: $d, name: dst-$kind$i, url: $DIR/dst-$kind$i}"
  done; done
  echo "databaseBackups:"
  echo "  - {uuid: $VERIFIED, name: verified, installPath: 'zstore://zsbak/$VERIFIED', backupStorageUuids: [$SRC], metadata: '{\"md5\":\"$MD5\"}'}"
  echo "  - {uuid: $PLAIN, name: plain, installPath: 'zstore://zsbak/$PLAIN', backupStorageUuids: [$SRC], metadata: '{}'}"
} > "$DIR/inventory.yaml"
PORT=${PORT:-18181}
# EXTRA_JAVA_OPTS: e.g. -Dbackupsync.copy.write-behind-period=600000 to compare without write-behind
start_service "$DIR/data" "$DIR/inventory.yaml" "$PORT" -Dbackupsync.inventory.fill-md5=false
trap stop_service EXIT
SESSION=$(login "$PORT")
# This VM hands freed memory back to its host within seconds (virtio-balloon free page reporting), and a page
# the host took back costs a fault the next time it is used: writing 1 GiB into page cache took 0.3 s with
# memory freed a moment before and 2.0-2.3 s with memory freed 5 s before. So, before each tool, a scratch
# file's cached pages are dropped (posix_fadvise DONTNEED through dd), leaving each tool the same warm free memory.
SCRATCH="$DIR/scratch"; head -c $(( (SIZE_MIB + 256) * 1048576 )) /dev/zero > "$SCRATCH"
recycle_memory() { cat "$SCRATCH" > /dev/null; dd if="$SCRATCH" iflag=nocache count=0 status=none; }
fair() { sync; cat "$DIR/src/zsbak/$1" > /dev/null; recycle_memory; }

for i in $(seq 1 "$RUNS"); do
  vdst=$(printf '%s\n' "${DSTS[@]}" | grep '^v:' | sed -n "${i}p" | cut -d: -f2)
  pdst=$(printf '%s\n' "${DSTS[@]}" | grep '^p:' | sed -n "${i}p" | cut -d: -f2)
  mkdir -p "$DIR/cp" "$DIR/cpsync" "$DIR/rsync" "$DIR/direct"
  # Before each tool: `sync`, so it does not pay for the previous one's dirty pages (cp and rsync leave 1 GiB
  # behind), its source read once, so each starts from a cached source, and warm free memory (recycle_memory).
  fair "$VERIFIED"; echo "cp $(timed cp "$DIR/src/zsbak/$VERIFIED" "$DIR/cp/x")"
  fair "$VERIFIED"; echo "cp+fsync $(timed sh -c "cp '$DIR/src/zsbak/$VERIFIED' '$DIR/cpsync/x' && sync '$DIR/cpsync/x'")"
  fair "$VERIFIED"; echo "dd-direct $(timed dd if="$DIR/src/zsbak/$VERIFIED" of="$DIR/direct/x" bs=64M oflag=direct status=none)"
  fair "$VERIFIED"; echo "md5sum $(timed md5sum "$DIR/src/zsbak/$VERIFIED")"
  fair "$VERIFIED"; echo "rsync-checksum $(timed rsync --checksum "$DIR/src/zsbak/$VERIFIED" "$DIR/rsync/")"
  fair "$VERIFIED"; echo "sync-verified $(timed sync_backup "$PORT" "$SESSION" "$VERIFIED" "$SRC" "$vdst")"
  fair "$PLAIN"; echo "sync-unverified $(timed sync_backup "$PORT" "$SESSION" "$PLAIN" "$SRC" "$pdst")"
  cmp "$DIR/src/zsbak/$VERIFIED" "$DIR/dst-v$i/zsbak/$VERIFIED"
  rm -rf "$DIR/cp" "$DIR/cpsync" "$DIR/rsync" "$DIR/direct" "$DIR/dst-v$i/zsbak" "$DIR/dst-p$i/zsbak"
done > "$DIR/times.txt"

m() { grep "^$1 " "$DIR/times.txt" | cut -d' ' -f2 | median; }
CP=$(m cp); CPS=$(m cp+fsync); DIRECT=$(m dd-direct); MD=$(m md5sum); RS=$(m rsync-checksum); SV=$(m sync-verified); SU=$(m sync-unverified)
MAX=$(echo "if ($CP > $MD) $CP else $MD" | bc -l)
echo "## Verified copy, ${SIZE_MIB} MiB, median of $RUNS runs ($(date -u +%F))"
echo
echo "| what | median s | ratio |"
echo "|---|---|---|"
printf '| cp | %.3f | |\n| cp + fsync | %.3f | |\n| dd oflag=direct bs=64M (straight to disk) | %.3f | %s x cp |\n| md5sum | %.3f | |\n| rsync --checksum (to empty dir) | %.3f | |\n' "$CP" "$CPS" "$DIRECT" "$(ratio "$DIRECT" "$CP")" "$MD" "$RS"
printf '| backup-sync, verified (md5 in metadata) | %.3f | %s x max(cp, md5sum); %s x (cp + fsync); %s x rsync --checksum |\n' "$SV" "$(ratio "$SV" "$MAX")" "$(ratio "$SV" "$CPS")" "$(ratio "$SV" "$RS")"
printf '| backup-sync, unverified (no md5) | %.3f | %s x cp; %s x (cp + fsync); %s x dd oflag=direct |\n' "$SU" "$(ratio "$SU" "$CP")" "$(ratio "$SU" "$CPS")" "$(ratio "$SU" "$DIRECT")"
