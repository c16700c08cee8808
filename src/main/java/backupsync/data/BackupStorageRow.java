package backupsync.data;

import java.util.Map;

/** A BackupStorageVO row; for an image store, {@code url} is the store's root directory on this machine. */
public record BackupStorageRow(String uuid, String name, String url, String type, String state, String status,
                               Long totalCapacity, Long availableCapacity) {
    public static final String IMAGE_STORE = "ImageStoreBackupStorage";

    public static BackupStorageRow from(Map<String, Object> row) {
        return new BackupStorageRow((String) row.get("uuid"), (String) row.get("name"), (String) row.get("url"),
                (String) row.get("type"), (String) row.get("state"), (String) row.get("status"),
                toLong(row.get("totalCapacity")), toLong(row.get("availableCapacity")));
    }

    private static Long toLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
