package backupsync.pipeline;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.BackupStorageRow;
import backupsync.data.DatabaseBackupRow;
import backupsync.storage.StoreStatus;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Step "checkSyncAllowed": ZStack's state checks (SYS.1006), plus the ones a copy needs to make sense. */
public class CheckSyncAllowed implements Processor {
    private final StoreStatus status;

    /** @param status why a store this node found unreachable is Disconnected, said in the refusal */
    public CheckSyncAllowed(StoreStatus status) {
        this.status = status;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        DatabaseBackupRow backup = sync.getBackup();
        BackupStorageRow source = sync.getSource();
        BackupStorageRow destination = sync.getDestination();

        if (!"Enabled".equals(backup.state()) || !"Ready".equals(backup.status())) {
            throw operationError("database backup[uuid:%s] is not Enabled and Ready".formatted(backup.uuid()));
        }
        if ("Disabled".equals(source.state()) || "Disabled".equals(destination.state())) {
            throw operationError("One of the backup storage[uuids: %s, %s] is in the state of Disabled, can not do sync operation"
                    .formatted(source.uuid(), destination.uuid()));
        }
        if (source.uuid().equals(destination.uuid())) {
            throw new ApiException(ZStackError.INVALID_ARGUMENT,
                    "srcBackupStorageUuid and dstBackupStorageUuid are the same backup storage[uuid:%s]; nothing to sync"
                            .formatted(source.uuid()));
        }
        for (BackupStorageRow storage : new BackupStorageRow[] {source, destination}) {
            if (!BackupStorageRow.IMAGE_STORE.equals(storage.type())) {
                throw operationError("backup storage[uuid:%s] is of type %s; only %s can sync database backups"
                        .formatted(storage.uuid(), storage.type(), BackupStorageRow.IMAGE_STORE));
            }
        }
        if (!"Connected".equals(destination.status())) {
            throw new ApiException(ZStackError.BACKUP_STORAGE_UNREACHABLE,
                    "destination backup storage[uuid:%s] is %s, not Connected%s".formatted(destination.uuid(),
                            destination.status(), reason(destination)));
        }
        // The ping (storage/PingBackupStorages) found the source unreachable: refuse now, not after a read timeout.
        if ("Disconnected".equals(source.status())) {
            throw new ApiException(ZStackError.BACKUP_STORAGE_UNREACHABLE,
                    "source backup storage[uuid:%s] is Disconnected%s".formatted(source.uuid(), reason(source)));
        }
        if (destination.availableCapacity() != null && destination.availableCapacity() < backup.size()) {
            throw operationError("backup storage[uuid:%s] has %d bytes available, database backup[uuid:%s] needs %d"
                    .formatted(destination.uuid(), destination.availableCapacity(), backup.uuid(), backup.size()));
        }
    }

    private String reason(BackupStorageRow storage) {
        return status.reasonOf(storage.uuid()).map(why -> ": " + why).orElse("");
    }

    private static ApiException operationError(String details) {
        return new ApiException(ZStackError.OPERATION_ERROR, details);
    }
}
