package backupsync.pipeline;

import backupsync.storage.LegacyPathStore;
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
        if (sync.getWriteBehind() != null) {
            try {
                sync.getWriteBehind().close();
            } catch (Exception e) {
                LOG.warn("sync {}: could not stop flushing {}: {}", sync.getRequestId(), sync.getTemporaryFile(), e.toString());
            }
        }
        if (sync.getSpaceClaim() != null) {
            sync.getSpaceClaim().close();
        }
        LegacyPathStore store = sync.getDestinationStore();
        if (store != null) {
            if (sync.getTemporaryFile() != null) {
                store.deleteQuietly(sync.getTemporaryFile());
                LOG.info("sync {}: removed temporary file {}", sync.getRequestId(), sync.getTemporaryFile());
            }
            if (sync.isPublished()) {
                // Renamed into place but never recorded: without a ref nobody owns it.
                store.deleteQuietly(sync.getTargetFile());
                LOG.info("sync {}: removed unrecorded copy {}", sync.getRequestId(), sync.getTargetFile());
            }
        }
    }

    /** True when this sync inserted a Creating ref that was not committed. */
    public static boolean holdsReservation(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return sync != null && sync.isReserved() && !sync.isCommitted();
    }
}
