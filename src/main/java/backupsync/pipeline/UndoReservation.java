package backupsync.pipeline;

import backupsync.storage.BackupStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error path, step "deletePartialFiles": removes what this sync wrote and did not commit. The Creating ref is
 * deleted by the SQL step that follows, guarded by {@link #holdsReservation}.
 */
public class UndoReservation implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(UndoReservation.class);

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        if (sync == null || sync.isCommitted()) {
            return;
        }
        if (sync.getSpaceClaim() != null) {
            sync.getSpaceClaim().close();
        }
        if (sync.getStagedWrite() != null && !sync.isPublished()) {
            // Stops the write-behind, closes and deletes the temporary file: said only when one was there to delete.
            if (sync.getStagedWrite().abort()) {
                LOG.info("sync {}: removed temporary file {}", sync.getRequestId(), sync.getStagedWrite().temporaryName());
            }
        }
        BackupStore store = sync.getDestinationStore();
        if (store != null && sync.isPublished()) {
            // Renamed into place but never recorded: without a ref nobody owns it.
            store.deleteQuietly(sync.getTargetName());
            LOG.info("sync {}: removed unrecorded copy {} on {}", sync.getRequestId(), sync.getTargetName(), store.location());
        }
    }

    /** True when this sync inserted a Creating ref that was not committed. */
    public static boolean holdsReservation(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return sync != null && sync.isReserved() && !sync.isCommitted();
    }
}
