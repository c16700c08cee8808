package backupsync.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import backupsync.api.ZStackJson;
import backupsync.auth.Caller;
import backupsync.auth.PasswordHash;
import backupsync.data.InventoryFile.Entry;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.HashingInputStream;
import backupsync.storage.InstallPath;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the inventory YAML (accounts, backup storages, database backups) at start-up, in one transaction.
 * Upsert by uuid, so loading the same file again changes nothing.
 */
public class InventoryLoader {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryLoader.class);
    public static final String DEFAULT_ADMIN_PASSWORD = "password";
    private static final Set<String> ACCOUNT_TYPES = Set.of("SystemAdmin", "Normal");
    /** Bounds on a policy's parallel copies: each copy holds a thread and a database connection. */
    private static final int MAX_PARALLEL_COPIES = 64;
    private static final int DEFAULT_PARALLEL_COPIES = 2;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BackupStores stores;
    private final boolean fillMd5;

    /**
     * @param stores  where the backups' files are checked and read, through their store
     * @param fillMd5 compute metadata.md5 from the file when the inventory gives none (reads every such file once)
     */
    public InventoryLoader(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                           BackupStores stores, boolean fillMd5) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.stores = stores;
        this.fillMd5 = fillMd5;
    }

    /** Loads the file if there is one; an installation without any admin gets ZStack's default admin account. */
    public void loadDefaultsAndFile(Path inventoryFile) {
        // Read and checked first: a bad file stops start-up before anything is written.
        InventoryFile inventory = inventoryFile == null ? null : InventoryFile.read(inventoryFile);
        transaction.executeWithoutResult(status -> {
            // Before the file's backups, which default their owner to admin; not when the file gives admin itself.
            Integer admins = jdbc.queryForObject(SqlFiles.load("count-account-by-uuid"),
                    Map.of("uuid", Caller.ADMIN_ACCOUNT_UUID), Integer.class);
            if ((admins == null || admins == 0) && (inventory == null || !givesAdmin(inventory))) {
                upsertAccount(Caller.ADMIN_ACCOUNT_UUID, "admin", PasswordHash.sha512Hex(DEFAULT_ADMIN_PASSWORD),
                        Caller.SYSTEM_ADMIN);
                LOG.warn("created ZStack's default account admin/password; set its password in the inventory file");
            }
            if (inventory != null) {
                load(inventory);
            }
        });
    }

    /** Whether the file's accounts include ZStack's admin (the account named admin gets its uuid by default). */
    private static boolean givesAdmin(InventoryFile inventory) {
        for (Entry entry : inventory.entries("accounts")) {
            String name = entry.text("name", null);
            if (Caller.ADMIN_ACCOUNT_UUID.equals(entry.text("uuid", "admin".equals(name) ? Caller.ADMIN_ACCOUNT_UUID : null))) {
                return true;
            }
        }
        return false;
    }

    private void load(InventoryFile inventory) {
        Map<String, String> accountUuidsByName = new HashMap<>();
        for (Entry entry : inventory.entries("accounts")) {
            loadAccount(entry, accountUuidsByName);
        }
        Map<String, BackupStorageRow> storageRoots = new HashMap<>();
        for (Entry entry : inventory.entries("backupStorages")) {
            loadBackupStorage(entry, storageRoots);
        }
        for (Entry entry : inventory.entries("databaseBackups")) {
            loadDatabaseBackup(entry, accountUuidsByName, storageRoots);
        }
        for (Map.Entry<String, BackupStorageRow> storage : storageRoots.entrySet()) {
            jdbc.update(SqlFiles.load("refresh-backup-storage-capacity"), Map.of("uuid", storage.getKey()));
        }
        for (Entry entry : inventory.entries("replicationPolicies")) {
            loadReplicationPolicy(entry);
        }
        LOG.info("inventory {} loaded: {} accounts, {} backup storages, {} database backups, {} replication policies",
                inventory.file(), inventory.entries("accounts").size(), storageRoots.size(),
                inventory.entries("databaseBackups").size(), inventory.entries("replicationPolicies").size());
    }

    private void loadAccount(Entry entry, Map<String, String> accountUuidsByName) {
        String name = entry.requiredText("name");
        String password = entry.requiredText("password");
        String type = entry.text("type", "admin".equals(name) ? Caller.SYSTEM_ADMIN : "Normal");
        if (!ACCOUNT_TYPES.contains(type)) {
            throw entry.problem("type must be one of " + ACCOUNT_TYPES);
        }
        String uuid = entry.text("uuid", "admin".equals(name) ? Caller.ADMIN_ACCOUNT_UUID : nameBasedUuid(name));
        entry.requireUuid("uuid", uuid);
        List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-account-by-name"), Map.of("name", name));
        if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
            throw entry.problem("an account named '%s' already exists with uuid %s".formatted(name, sameName.get(0).get("uuid")));
        }
        upsertAccount(uuid, name, PasswordHash.sha512Hex(password), type);
        accountUuidsByName.put(name, uuid);
    }

    private static boolean sameStorage(Map<String, Object> stored, Map<String, Object> row) {
        for (String column : List.of("name", "url", "description", "state", "status", "type")) {
            if (!java.util.Objects.equals(stored.get(column), row.get(column))) {
                return false;
            }
        }
        Object total = stored.get("totalCapacity");
        return stored.get("deleted") == null && java.util.Objects.equals(
                total == null ? null : ((Number) total).longValue(), row.get("totalCapacity"));
    }

    /** The updates skip unchanged rows, so "nothing updated" no longer means "no row": ask. */
    private boolean isAbsent(String countSql, Map<String, Object> key) {
        Integer rows = jdbc.queryForObject(SqlFiles.load(countSql), key, Integer.class);
        return rows == null || rows == 0;
    }

    private void upsertAccount(String uuid, String name, String passwordHash, String type) {
        Map<String, Object> row = Map.of("uuid", uuid, "name", name, "password", passwordHash, "type", type);
        if (jdbc.update(SqlFiles.load("update-account"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-account"), row);
        }
    }

    private void loadBackupStorage(Entry entry, Map<String, BackupStorageRow> storageRoots) {
        String uuid = entry.requiredText("uuid");
        entry.requireUuid("uuid", uuid);
        String url = entry.requiredText("url");
        Path root = Path.of(url);
        if (!root.isAbsolute()) {
            throw entry.problem("url must be the absolute path of the store's root directory, got '%s'".formatted(url));
        }
        RemoteAccess remote = remoteAccess(entry);
        if (remote == null && !Files.isDirectory(root)) {
            LOG.warn("{}: root directory {} does not exist (yet); syncs involving it will fail until it does", entry, url);
        }
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
        BackupStorageRow storage = BackupStorageRow.from(row);
        storageRoots.put(uuid, storage);
        if (remote != null) {
            warnUnlessReachable(entry, storage);
        }
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

    /** A remote store that cannot be reached now does not stop start-up: the ping marks it, syncs fail clearly. */
    private void warnUnlessReachable(Entry entry, BackupStorageRow storage) {
        BackupStore store = stores.of(storage);
        try {
            store.checkRoot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the remote store {} does not answer now: {}; syncs involving it will fail until it does",
                    entry, store.location(), e.getMessage());
        }
    }

    private void loadDatabaseBackup(Entry entry, Map<String, String> accountUuidsByName,
                                    Map<String, BackupStorageRow> storageRoots) {
        String uuid = entry.requiredText("uuid");
        entry.requireUuid("uuid", uuid);
        String installPathText = entry.requiredText("installPath");
        InstallPath installPath;
        try {
            installPath = InstallPath.parse(installPathText);
        } catch (StoragePathException e) {
            throw entry.problem(e.getMessage());
        }
        List<String> storageUuids = entry.requiredTextList("backupStorageUuids");
        StoreName name = StoreName.of(installPath);
        BackupStore firstStore = null;
        long fileSize = -1;
        for (String storageUuid : storageUuids) {
            BackupStorageRow storage = storageRoots.get(storageUuid);
            if (storage == null) {
                throw entry.problem("backup storage %s is not in the inventory's backupStorages".formatted(storageUuid));
            }
            BackupStore store = stores.of(storage);
            OptionalLong found = size(entry, store, name);
            if (found.isEmpty()) {
                throw entry.problem("file %s (installPath %s) does not exist on backup storage %s (%s)"
                        .formatted(name, installPathText, storageUuid, store.location()));
            }
            if (firstStore == null) {
                firstStore = store;
                fileSize = found.getAsLong();
            }
        }
        Long size = entry.optionalLong("size");
        if (size != null && size != fileSize) {
            throw entry.problem("size is %d but the file %s on %s has %d bytes".formatted(size, name,
                    firstStore.location(), fileSize));
        }
        String ownerName = entry.text("owner", "admin");
        String ownerUuid = accountUuidsByName.get(ownerName);
        if (ownerUuid == null) {
            List<Map<String, Object>> owner = jdbc.queryForList(SqlFiles.load("select-account-by-name"), Map.of("name", ownerName));
            if (owner.isEmpty()) {
                throw entry.problem("owner '%s' is not an account of the inventory".formatted(ownerName));
            }
            ownerUuid = (String) owner.get(0).get("uuid");
        }

        Map<String, Object> row = new HashMap<>();
        row.put("uuid", uuid);
        row.put("name", entry.requiredText("name"));
        row.put("description", entry.text("description", null));
        row.put("size", fileSize);
        row.put("state", entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled")));
        row.put("status", entry.oneOf("status", "Ready", Set.of("Creating", "Ready", "Downloading")));
        row.put("metadata", metadataWithMd5(entry, uuid, firstStore, name, fileSize));
        if (jdbc.update(SqlFiles.load("update-database-backup"), row) == 0 && isAbsent("count-database-backup-by-uuid", row)) {
            jdbc.update(SqlFiles.load("insert-database-backup"), row);
        }
        for (String storageUuid : storageUuids) {
            Map<String, Object> ref = Map.of("databaseBackupUuid", uuid, "backupStorageUuid", storageUuid,
                    "installPath", installPathText);
            if (jdbc.update(SqlFiles.load("update-ready-ref"), ref) == 0 && isAbsent("count-ref-by-key", ref)) {
                jdbc.update(SqlFiles.load("insert-ready-ref"), ref);
            }
        }
        Map<String, Object> ownership = Map.of("accountUuid", ownerUuid, "resourceUuid", uuid);
        if (jdbc.update(SqlFiles.load("update-database-backup-owner"), ownership) == 0) {
            jdbc.update(SqlFiles.load("insert-database-backup-owner"), ownership);
        }
    }

    /**
     * A replication policy (docs/replication.md), upserted by uuid; without a uuid, one derived from the name, so
     * the same file loaded on every node and at every start names the same policy.
     */
    private void loadReplicationPolicy(Entry entry) {
        String name = entry.requiredText("name");
        String uuid = entry.text("uuid", nameBasedUuid("replicationPolicy", name));
        entry.requireUuid("uuid", uuid);
        List<Map<String, Object>> sameName = jdbc.queryForList(SqlFiles.load("select-replication-policy-by-name"), Map.of("name", name));
        if (!sameName.isEmpty() && !uuid.equals(sameName.get(0).get("uuid"))) {
            throw entry.problem("a replication policy named '%s' already exists with uuid %s".formatted(name, sameName.get(0).get("uuid")));
        }
        String source = entry.requiredText("sourceBackupStorageUuid");
        requireBackupStorage(entry, "sourceBackupStorageUuid", source);
        List<String> destinations = entry.requiredTextList("destinationBackupStorageUuids");
        for (String destination : destinations) {
            requireBackupStorage(entry, "destinationBackupStorageUuids", destination);
            if (destination.equals(source)) {
                throw entry.problem("destination %s is the source itself".formatted(destination));
            }
        }
        String schedule = entry.requiredText("schedule");
        try {
            org.quartz.CronExpression.validateExpression(schedule);
        } catch (java.text.ParseException e) {
            throw entry.problem("schedule '%s' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 * * ?'): %s"
                    .formatted(schedule, e.getMessage()));
        }
        Long newestPerName = entry.optionalLong("newestPerName");
        if (newestPerName != null && (newestPerName < 1 || newestPerName > Integer.MAX_VALUE)) {
            throw entry.problem("newestPerName must be at least 1, got " + newestPerName);
        }
        Long maxParallelCopies = entry.optionalLong("maxParallelCopies");
        if (maxParallelCopies != null && (maxParallelCopies < 1 || maxParallelCopies > MAX_PARALLEL_COPIES)) {
            throw entry.problem("maxParallelCopies must be between 1 and %d, got %d".formatted(MAX_PARALLEL_COPIES, maxParallelCopies));
        }
        Map<String, Object> row = new HashMap<>();
        row.put("uuid", uuid);
        row.put("name", name);
        row.put("sourceBackupStorageUuid", source);
        row.put("schedule", schedule.strip());
        row.put("namePattern", entry.text("namePattern", null));
        row.put("createdAfter", entry.optionalDate("createdAfter"));
        row.put("newestPerName", newestPerName == null ? null : newestPerName.intValue());
        row.put("maxParallelCopies", maxParallelCopies == null ? DEFAULT_PARALLEL_COPIES : maxParallelCopies.intValue());
        row.put("state", entry.oneOf("state", "Enabled", Set.of("Enabled", "Disabled")));
        if (jdbc.update(SqlFiles.load("update-replication-policy"), row) == 0) {
            jdbc.update(SqlFiles.load("insert-replication-policy"), row);
        }
        jdbc.update(SqlFiles.load("delete-replication-policy-destinations"), Map.of("uuid", uuid));
        for (String destination : destinations) {
            jdbc.update(SqlFiles.load("insert-replication-policy-destination"), Map.of("uuid", uuid, "backupStorageUuid", destination));
        }
    }

    private void requireBackupStorage(Entry entry, String field, String uuid) {
        entry.requireUuid(field, uuid);
        Integer known = jdbc.queryForObject(SqlFiles.load("count-backup-storage-by-uuid"), Map.of("uuid", uuid), Integer.class);
        if (known == null || known == 0) {
            throw entry.problem("%s: backup storage %s is neither in the inventory's backupStorages nor in the database"
                    .formatted(field, uuid));
        }
    }

    /** The metadata JSON with {@code md5} filled in; reused from the database when the file size did not change. */
    private String metadataWithMd5(Entry entry, String uuid, BackupStore store, StoreName file, long fileSize) {
        ObjectNode metadata;
        String given = entry.text("metadata", null);
        try {
            JsonNode parsed = given == null ? ZStackJson.mapper().createObjectNode() : ZStackJson.mapper().readTree(given);
            if (!(parsed instanceof ObjectNode object)) {
                throw entry.problem("metadata must be a JSON object in a string");
            }
            metadata = object;
        } catch (IOException e) {
            throw entry.problem("metadata is not valid JSON: " + e.getMessage());
        }
        if (fillMd5 && !metadata.hasNonNull("md5")) {
            metadata.put("md5", knownMd5(uuid, fileSize));
            if (metadata.get("md5").isNull()) {
                metadata.put("md5", md5(entry, store, file));
            }
        }
        return ZStackJson.write(metadata);
    }

    private String knownMd5(String uuid, long fileSize) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-database-backup-metadata"), Map.of("uuid", uuid));
        if (rows.isEmpty() || ((Number) rows.get(0).get("size")).longValue() != fileSize) {
            return null;
        }
        return DatabaseBackupRow.from(rows.get(0)).expectedMd5();
    }

    private static OptionalLong size(Entry entry, BackupStore store, StoreName file) {
        try {
            return store.size(file);
        } catch (IOException | StoragePathException e) {
            throw entry.problem("cannot read %s on %s: %s".formatted(file, store.location(), e.getMessage()));
        }
    }

    /** Where the store can, computed there; otherwise the file is read once through the copy's own hashing. */
    private static String md5(Entry entry, BackupStore store, StoreName file) {
        try {
            var atStore = store.md5AtStore(file);
            if (atStore.isPresent()) {
                return atStore.get();
            }
            try (HashingInputStream in = HashingInputStream.inline(store.openForReading(file, 0))) {
                byte[] buffer = new byte[1 << 20];
                while (in.read(buffer) >= 0) {
                    // hashed as it is read
                }
                return in.md5Hex();
            }
        } catch (IOException | StoragePathException e) {
            throw entry.problem("cannot checksum %s on %s: %s".formatted(file, store.location(), e.getMessage()));
        }
    }

    private static String nameBasedUuid(String name) {
        return nameBasedUuid("account", name);
    }

    private static String nameBasedUuid(String kind, String name) {
        return java.util.UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }
}
