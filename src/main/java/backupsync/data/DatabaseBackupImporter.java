package backupsync.data;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import backupsync.api.ZStackJson;
import backupsync.data.InventoryFile.Entry;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.HashingInputStream;
import backupsync.storage.InstallPath;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The inventory's {@code databaseBackups}, upserted by uuid with a Ready ref on each of their stores and their owner.
 * Each file is checked on every store it is said to be on, through the store ({@link BackupStore#size}); its size
 * and, when asked, its MD5 come from there.
 */
final class DatabaseBackupImporter {
    private final NamedParameterJdbcTemplate jdbc;
    private final BackupStores stores;
    private final boolean fillMd5;

    DatabaseBackupImporter(NamedParameterJdbcTemplate jdbc, BackupStores stores, boolean fillMd5) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.fillMd5 = fillMd5;
    }

    /**
     * @param accountUuidsByName the file's accounts; an owner not among them is looked up in the database
     * @param storages           the file's stores: a backup may only be on one of them
     */
    void importAll(List<Entry> databaseBackups, Map<String, String> accountUuidsByName,
                   Map<String, BackupStorageRow> storages) {
        for (Entry entry : databaseBackups) {
            importOne(entry, accountUuidsByName, storages);
        }
    }

    private void importOne(Entry entry, Map<String, String> accountUuidsByName, Map<String, BackupStorageRow> storages) {
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
            BackupStorageRow storage = storages.get(storageUuid);
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
        String ownerUuid = ownerUuid(entry, accountUuidsByName);

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

    private String ownerUuid(Entry entry, Map<String, String> accountUuidsByName) {
        String ownerName = entry.text("owner", "admin");
        String ownerUuid = accountUuidsByName.get(ownerName);
        if (ownerUuid != null) {
            return ownerUuid;
        }
        List<Map<String, Object>> owner = jdbc.queryForList(SqlFiles.load("select-account-by-name"), Map.of("name", ownerName));
        if (owner.isEmpty()) {
            throw entry.problem("owner '%s' is not an account of the inventory".formatted(ownerName));
        }
        return (String) owner.get(0).get("uuid");
    }

    /** The updates skip unchanged rows, so "nothing updated" no longer means "no row": ask. */
    private boolean isAbsent(String countSql, Map<String, Object> key) {
        Integer rows = jdbc.queryForObject(SqlFiles.load(countSql), key, Integer.class);
        return rows == null || rows == 0;
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
}
