package backupsync.data;

import java.util.Date;
import java.util.Map;

import backupsync.api.ZStackJson;
import com.fasterxml.jackson.databind.JsonNode;

/** A DatabaseBackupVO row. */
public record DatabaseBackupRow(String uuid, String name, String description, long size, String state, String status,
                                String metadata, Date createDate, Date lastOpDate) {

    public static DatabaseBackupRow from(Map<String, Object> row) {
        return new DatabaseBackupRow((String) row.get("uuid"), (String) row.get("name"), (String) row.get("description"),
                ((Number) row.get("size")).longValue(), (String) row.get("state"), (String) row.get("status"),
                (String) row.get("metadata"), (Date) row.get("createDate"), (Date) row.get("lastOpDate"));
    }

    /** {@code metadata.md5}, the MD5 of the dump file, or null when the metadata does not carry one. */
    public String expectedMd5() {
        if (metadata == null || metadata.isBlank()) {
            return null;
        }
        try {
            JsonNode md5 = ZStackJson.mapper().readTree(metadata).get("md5");
            return md5 != null && md5.isTextual() && !md5.textValue().isBlank() ? md5.textValue().toLowerCase() : null;
        } catch (Exception unreadableMetadata) {
            return null;
        }
    }
}
