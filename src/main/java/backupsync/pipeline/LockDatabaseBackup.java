package backupsync.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Step "serializePerBackup": waits for any other operation on this backup, and frees it when this exchange is
 * done, after the error path has undone whatever this sync reserved.
 */
public class LockDatabaseBackup implements Processor {
    private final BackupLocks locks;

    public LockDatabaseBackup(BackupLocks locks) {
        this.locks = locks;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Runnable release = locks.acquire(sync.getBackupUuid());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release.run();
            }
        });
    }
}
