package backupsync.pipeline;

import backupsync.storage.BackupStore;
import backupsync.storage.StagedWrite;
import backupsync.storage.ssh.SshStoreException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error path, step "deletePartialFiles": removes what this sync wrote and did not commit, except a temporary file
 * that the link cut off, which is kept for the next sync to resume ({@link PartialCopies}). The Creating ref is
 * deleted by the SQL step that follows, guarded by {@link #holdsReservation}.
 */
public class UndoReservation implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(UndoReservation.class);
    private final PartialCopies partials;

    public UndoReservation(PartialCopies partials) {
        this.partials = partials;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        if (sync == null || sync.isCommitted()) {
            return;
        }
        if (sync.getSpaceClaim() != null) {
            sync.getSpaceClaim().close();
        }
        StagedWrite write = sync.getStagedWrite();
        if (write != null && !sync.isPublished()) {
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (SshStoreException.causedByLinkFailure(failure) && !sync.isLeaseLost()) {
                // The bytes that reached the destination are good as far as they were fsynced: the retry goes on from there.
                partials.keep(sync.getDestinationStore(), sync.getBackupUuid(), sync.getDestination().uuid(),
                        write.temporaryName(), write.suspend());
            } else if (write.abort()) {
                // Stops the write-behind, closes and deletes the temporary file: said only when one was there to delete.
                LOG.info("sync {}: removed temporary file {}", sync.getRequestId(), write.temporaryName());
            }
        }
        BackupStore store = sync.getDestinationStore();
        if (store != null && sync.isPublished()) {
            // Renamed into place but never recorded: without a ref nobody owns it.
            store.deleteQuietly(sync.getTargetName());
            LOG.info("sync {}: removed unrecorded copy {} on {}", sync.getRequestId(), sync.getTargetName(), store.location());
        }
    }

    /**
     * True when this sync inserted a Creating ref that was not committed, and it is still its own: after a takeover
     * the ref and the records under that key are the other sync's.
     */
    public static boolean holdsReservation(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return sync != null && sync.isReserved() && !sync.isCommitted() && !sync.isLeaseLost();
    }
}
