package backupsync.support;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading answers and the database the way the tests check a sync: refs, ref rows, destination capacity. */
public final class Inventories {
    private Inventories() {
    }

    public static JsonNode refOn(JsonNode inventory, String storageUuid) {
        for (JsonNode ref : inventory.get("backupStorageRefs")) {
            if (ref.get("backupStorageUuid").asText().equals(storageUuid)) {
                return ref;
            }
        }
        throw new AssertionError("no ref on " + storageUuid + " in " + inventory);
    }

    /** Each committed copy consumes the backup's size from its destination: the count of copies made. */
    public static Long availableCapacity(ServiceRunner service, String storageUuid) {
        return service.jdbc().queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                Map.of("u", storageUuid), Long.class);
    }

    public static int refRows(ServiceRunner service, String backupUuid, String storageUuid) {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO "
                        + "WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                Map.of("b", backupUuid, "s", storageUuid), Integer.class);
    }
}
