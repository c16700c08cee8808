package backupsync.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import backupsync.data.InventoryFile.Entry;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The inventory's {@code backupStorages}, upserted by uuid: BackupStorageVO, ImageStoreBackupStorageVO and, for a
 * remote store, ImageStoreSshVO. A root that cannot be used now (checked through its store) does not stop start-up:
 * it is warned about, the ping marks it, syncs involving it fail clearly.
 */
final class BackupStorageImporter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupStorageImporter.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final BackupStores stores;

    BackupStorageImporter(NamedParameterJdbcTemplate jdbc, BackupStores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    /** Upserts every store; answers their rows by uuid, for the backups' files. */
    Map<String, BackupStorageRow> importAll(List<Entry> backupStorages) {
        Map<String, BackupStorageRow> byUuid = new LinkedHashMap<>();
        for (Entry entry : backupStorages) {
            BackupStorageRow storage = importOne(entry);
            byUuid.put(storage.uuid(), storage);
        }
        return byUuid;
    }

    /** After the backups: a store's available capacity counts the files now recorded on it. */
    void refreshCapacity(Iterable<String> storageUuids) {
        for (String uuid : storageUuids) {
            jdbc.update(SqlFiles.load("refresh-backup-storage-capacity"), Map.of("uuid", uuid));
        }
    }

    private BackupStorageRow importOne(Entry entry) {
        String uuid = entry.requiredText("uuid");
        entry.requireUuid("uuid", uuid);
        String url = entry.requiredText("url");
        Path root = Path.of(url);
        if (!root.isAbsolute()) {
            throw entry.problem("url must be the absolute path of the store's root directory, got '%s'".formatted(url));
        }
        RemoteAccess remote = remoteAccess(entry);
        String state = entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled"));
        String status = entry.oneOf("status", "Connected", Set.of("Connecting", "Connected", "Disconnected"));
        Long totalCapacity = entry.optionalLong("totalCapacity");
        Map<String, Object> row = new HashMap<>();
        row.put("uuid", uuid);
        row.put("name", entry.requiredText("name"));
        row.put("url", root.toAbsolutePath().normalize().toString());
        row.put("description", entry.text("description", null));
        row.put("totalCapacity", totalCapacity);
        row.put("state", state);
        row.put("status", status);
        row.put("type", "ImageStoreBackupStorage");
        row.put("hostname", entry.text("hostname", uuid + ".local"));
        row.put("username", entry.text("username", "root"));
        row.put("sshPort", entry.optionalLong("sshPort") == null ? 22 : entry.optionalLong("sshPort").intValue());
        List<Map<String, Object>> existing = jdbc.queryForList(SqlFiles.load("select-backup-storage-for-inventory"), row);
        if (existing.isEmpty()) {
            jdbc.update(SqlFiles.load("insert-backup-storage"), row);
        } else if (!sameStorage(existing.get(0), row)) {
            // Only a changed row is written (and locked): another node may be committing copies to this store.
            jdbc.update(SqlFiles.load("update-backup-storage"), row);
        }
        if (jdbc.update(SqlFiles.load("update-image-store"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-image-store"), row);
        }
        upsertRemoteAccess(uuid, remote);
        stores.pinnedStatuses().setByInventory(uuid, status);
        BackupStorageRow storage = BackupStorageRow.from(row);
        warnUnlessUsable(entry, storage);
        return storage;
    }

    private static boolean sameStorage(Map<String, Object> stored, Map<String, Object> row) {
        for (String column : List.of("name", "url", "description", "state", "status", "type")) {
            if (!Objects.equals(stored.get(column), row.get(column))) {
                return false;
            }
        }
        Object total = stored.get("totalCapacity");
        return stored.get("deleted") == null && Objects.equals(
                total == null ? null : ((Number) total).longValue(), row.get("totalCapacity"));
    }

    /** How the inventory says a remote store is reached; null for a local store (no {@code hostname}). */
    private record RemoteAccess(String hostKeyFingerprint, String privateKeyFile, String password) {
        @Override
        public String toString() {
            return "RemoteAccess[hostKey=%s, privateKeyFile=%s, password=%s]".formatted(hostKeyFingerprint, privateKeyFile,
                    password == null ? "none" : "(not shown)");
        }
    }

    private RemoteAccess remoteAccess(Entry entry) {
        String hostname = entry.text("hostname", null);
        if (hostname == null) {
            for (String field : List.of("hostKeyFingerprint", "privateKeyFile", "password")) {
                if (entry.text(field, null) != null) {
                    throw entry.problem(field + " is for a remote store: give its hostname too, or leave it out for a local store");
                }
            }
            return null;
        }
        String fingerprint = entry.text("hostKeyFingerprint", null);
        if (fingerprint == null || !fingerprint.startsWith("SHA256:")) {
            throw entry.problem("a remote store (hostname %s) needs hostKeyFingerprint, the host key's SHA256:... fingerprint as `ssh-keyscan -p PORT host | ssh-keygen -lf -` prints it; host keys are always checked"
                    .formatted(hostname));
        }
        String keyFile = entry.text("privateKeyFile", null);
        if (keyFile != null && !Path.of(keyFile).isAbsolute()) {
            throw entry.problem("privateKeyFile must be an absolute path, got '%s'".formatted(keyFile));
        }
        String password = entry.text("password", null);
        if (keyFile == null && password == null && !stores.hasDefaultPrivateKey()) {
            throw entry.problem("a remote store (hostname %s) needs privateKeyFile (preferred) or password, or backupsync.ssh.private-key-file set"
                    .formatted(hostname));
        }
        return new RemoteAccess(fingerprint, keyFile, password);
    }

    /** ImageStoreSshVO makes the store remote; without a row it is local. Either way its store object is built anew. */
    private void upsertRemoteAccess(String uuid, RemoteAccess remote) {
        if (remote == null) {
            jdbc.update(SqlFiles.load("delete-image-store-ssh"), Map.of("uuid", uuid));
        } else {
            Map<String, Object> row = new HashMap<>();
            row.put("uuid", uuid);
            row.put("hostKeyFingerprint", remote.hostKeyFingerprint());
            row.put("privateKeyFile", remote.privateKeyFile());
            row.put("password", remote.password());
            jdbc.update(SqlFiles.load("update-image-store-ssh-password"), row);
            if (jdbc.update(SqlFiles.load("update-image-store-ssh"), row) == 0) {
                jdbc.update(SqlFiles.load("insert-image-store-ssh"), row);
            }
        }
        stores.forget(uuid);
    }

    /** The same check as the ping's ({@link BackupStore#checkRoot}), local or remote: a warning, never a stop. */
    private void warnUnlessUsable(Entry entry, BackupStorageRow storage) {
        BackupStore store = stores.of(storage);
        try {
            store.checkRoot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the store's root {} cannot be used now: {}; syncs involving it will fail until it can",
                    entry, store.location(), e.getMessage());
        }
    }
}
