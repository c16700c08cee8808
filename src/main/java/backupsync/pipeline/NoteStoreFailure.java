package backupsync.pipeline;

import backupsync.data.BackupStorageRow;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.StoreFailureException;
import backupsync.storage.StoreStatus;
import backupsync.storage.ssh.HostKeyMismatchException;
import backupsync.storage.ssh.SshStoreException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Error path, step "noteStoreFailure", before the undo: a sync that failed on a remote store gets the store's uuid
 * added to its failure ({@link StoreFailureException}, so the ErrorCode names the store and its host), and a store
 * whose host key changed is marked Disconnected at once: every operation on it is refused until an admin accepts
 * the new key.
 */
public class NoteStoreFailure implements Processor {
    private final BackupStores stores;
    private final StoreStatus status;

    public NoteStoreFailure(BackupStores stores, StoreStatus status) {
        this.stores = stores;
        this.status = status;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        boolean pending = exchange.getException() != null;
        Throwable thrown = pending ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SshStoreException failure = sshFailureIn(thrown);
        if (sync == null || failure == null) {
            return;
        }
        // The destination first: when both stores are on one host, the write is what most often breaks.
        BackupStorageRow storage = on(sync.getDestinationStore(), failure) ? sync.getDestination()
                : on(sync.getSourceStore(), failure) ? sync.getSource() : null;
        if (storage == null) {
            return;
        }
        BackupStore store = stores.of(storage);
        if (failure instanceof HostKeyMismatchException) {
            status.set(storage.uuid(), store.location(), StoreStatus.DISCONNECTED, failure.getMessage());
            stores.forget(storage.uuid());
        }
        StoreFailureException named = new StoreFailureException(storage.uuid(), store.location(), thrown);
        if (pending) {
            exchange.setException(named);
        } else {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, named);
        }
    }

    private static SshStoreException sshFailureIn(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreFailureException) {
                return null;
            }
            if (cause instanceof SshStoreException ssh) {
                return ssh;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** The failure names the store itself ({@code user@host:port:/root}) or its connection ({@code user@host:port}). */
    private static boolean on(BackupStore store, SshStoreException failure) {
        if (store == null || failure.location() == null) {
            return false;
        }
        String location = store.location();
        return location.equals(failure.location()) || location.startsWith(failure.location() + ":");
    }
}
