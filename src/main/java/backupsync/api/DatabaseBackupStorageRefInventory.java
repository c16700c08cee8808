package backupsync.api;

import java.util.Date;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * ZStack's DatabaseBackupStorageRefInventory, field for field, plus what verify runs found (docs/verify.md):
 * {@code lastVerifiedDate} and {@code verifyOutcome}, only once a run verified the copy. ZStack's SDK ignores fields
 * it does not know, so its typed inventory is unchanged.
 */
@JsonPropertyOrder({"databaseBackupUuid", "backupStorageUuid", "installPath", "exportUrl", "status", "createDate",
        "lastOpDate", "lastVerifiedDate", "verifyOutcome"})
public record DatabaseBackupStorageRefInventory(String databaseBackupUuid, String backupStorageUuid,
                                                String installPath, String exportUrl, String status,
                                                Date createDate, Date lastOpDate,
                                                @JsonInclude(JsonInclude.Include.NON_NULL) Date lastVerifiedDate,
                                                @JsonInclude(JsonInclude.Include.NON_NULL) String verifyOutcome) {
    public static final String ZSTACK_CLASS =
            "org.zstack.header.storage.database.backup.DatabaseBackupStorageRefInventory";
}
