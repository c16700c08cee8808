package backupsync.pipeline;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.BackupStorageRefRow;
import backupsync.storage.BackupStores;
import backupsync.storage.InstallPath;
import backupsync.storage.StoreName;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "checkSourceHoldsBackup": the source must hold a Ready copy (ZStack check 5), and its installPath must stay
 * inside both store roots (a {@link StoreName}). Pure name arithmetic: nothing is read or written before this passes.
 */
public class CheckSourceHoldsBackup implements Processor {
    private final BackupStores stores;

    public CheckSourceHoldsBackup(BackupStores stores) {
        this.stores = stores;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        BackupStorageRefRow sourceRef = sync.refOn(sync.getSource().uuid());
        if (sourceRef == null || !BackupStorageRefRow.READY.equals(sourceRef.status())) {
            throw new ApiException(ZStackError.OPERATION_ERROR, "database backup[uuid:%s] not found in backup storage[uuid:%s]"
                    .formatted(sync.getBackupUuid(), sync.getSource().uuid()));
        }
        InstallPath installPath = InstallPath.parse(sourceRef.installPath());
        sync.setInstallPath(sourceRef.installPath());
        sync.setSourceStore(stores.of(sync.getSource()));
        sync.setDestinationStore(stores.of(sync.getDestination()));
        // ZStack keeps the installPath on the destination: the same name on both stores.
        sync.setTargetName(StoreName.of(installPath));
    }

    /**
     * Predicate for the route: the destination holds no good Ready copy yet, so there is something to copy. A Ready
     * ref that a verify run found corrupt or missing (docs/verify.md) is no copy: it is copied again.
     */
    public static boolean destinationLacksBackup(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        BackupStorageRefRow ref = sync.refOn(sync.getDestination().uuid());
        return ref == null || !BackupStorageRefRow.READY.equals(ref.status()) || ref.isMarkedBad();
    }

    /** Predicate for the route: the destination's Ready ref is marked bad; this sync may take it over to copy again. */
    public static boolean destinationMarkedBad(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        BackupStorageRefRow ref = sync.refOn(sync.getDestination().uuid());
        return ref != null && ref.isMarkedBad();
    }

    /** Predicate for the route: another sync holds the destination's Creating ref; wait for its copy to end. */
    public static boolean destinationBeingCopied(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        BackupStorageRefRow ref = sync.refOn(sync.getDestination().uuid());
        return ref != null && BackupStorageRefRow.CREATING.equals(ref.status());
    }

    /** Predicate for the route: the destination has no ref at all, so this sync may try to reserve it. */
    public static boolean destinationFree(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return sync.refOn(sync.getDestination().uuid()) == null;
    }

    /** Predicate for the route: neither reserved by this sync nor already complete, so look again. */
    public static boolean destinationUnsettled(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        return !sync.isReserved() && destinationLacksBackup(exchange);
    }
}
