package backupsync.pipeline;

import java.util.List;
import java.util.Map;

import backupsync.data.BackupStorageRefRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Takes the backup's refs, as the last query read them, into the sync. */
public class AttachBackupStorageRefs implements Processor {
    public static final String REF_ROWS = "backupSyncRefRows";

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        List<Map<String, Object>> rows = exchange.getMessage().getHeader(REF_ROWS, List.class);
        exchange.getMessage().removeHeader(REF_ROWS);
        sync.setRefs(rows.stream().map(BackupStorageRefRow::from).toList());
    }
}
