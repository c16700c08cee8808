package backupsync.pipeline;

import backupsync.api.DatabaseBackupInventory;
import backupsync.data.BackupStorageRefRow;
import backupsync.data.DatabaseBackupRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Step "buildInventory": the backup with every ref, as the sync's answer. */
public class BuildInventory implements Processor {

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        DatabaseBackupRow backup = DatabaseBackupRow.from(
                exchange.getMessage().getHeader(AttachSyncSubjects.BACKUP_ROW, java.util.Map.class));
        exchange.getMessage().removeHeader(AttachSyncSubjects.BACKUP_ROW);
        DatabaseBackupInventory inventory = new DatabaseBackupInventory(backup.uuid(), backup.name(),
                backup.description(), backup.state(), backup.status(), backup.size(), backup.metadata(),
                backup.createDate(), backup.lastOpDate(),
                sync.getRefs().stream().map(BackupStorageRefRow::toInventory).toList());
        sync.setInventory(inventory);
        exchange.getMessage().setBody(inventory);
    }
}
