package backupsync.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import backupsync.api.ApiException;
import backupsync.data.BackupStorageRow;
import backupsync.data.DatabaseBackupRow;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Step "enrich", second half: takes what the enrichment queries found and checks it exists, in ZStack's order
 * (backup, source, destination: SYS.1003). The backup's row carries its owner (ownerAccountUuid, a join).
 */
public class AttachSyncSubjects implements Processor {
    public static final String BACKUP_ROW = "backupSyncDatabaseBackupRow";
    public static final String STORAGE_ROWS = "backupSyncBackupStorageRows";
    public static final String OWNER = "backupSyncOwnerAccountUuid";
    public static final String USER_TAG_ROWS = "backupSyncUserTagRows";

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Message message = exchange.getMessage();
        Map<String, Object> backupRow = message.getHeader(BACKUP_ROW, Map.class);
        List<Map<String, Object>> storageRows = message.getHeader(STORAGE_ROWS, List.class);
        List<Map<String, Object>> userTagRows = message.getHeader(USER_TAG_ROWS, List.class);
        message.removeHeaders("backupSync*");

        if (backupRow == null) {
            throw ApiException.notFound(sync.getBackupUuid(), "DatabaseBackupVO");
        }
        sync.setBackup(DatabaseBackupRow.from(backupRow));
        sync.setSource(storage(storageRows, sync.getRequest().srcBackupStorageUuid()));
        sync.setDestination(storage(storageRows, sync.getRequest().dstBackupStorageUuid()));
        exchange.setProperty(OWNER, backupRow.get("ownerAccountUuid"));

        Set<String> existingTags = userTagRows == null ? Set.of()
                : userTagRows.stream().map(row -> (String) row.get("tag")).collect(Collectors.toSet());
        sync.setNewUserTags(sync.getRequest().userTags().stream().filter(tag -> !existingTags.contains(tag)).toList());
    }

    private static BackupStorageRow storage(List<Map<String, Object>> rows, String uuid) {
        return rows.stream().filter(row -> uuid.equals(row.get("uuid"))).findFirst().map(BackupStorageRow::from)
                .orElseThrow(() -> ApiException.notFound(uuid, "BackupStorageVO"));
    }
}
