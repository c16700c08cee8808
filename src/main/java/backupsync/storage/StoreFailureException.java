package backupsync.storage;

import java.io.IOException;

/**
 * An operation on a remote store failed during a sync: the store's failure ({@code cause}, which names its host)
 * with the uuid of the backup storage it hit, added on the error path where the sync knows it
 * (pipeline/NoteStoreFailure). Never carries a secret.
 */
public class StoreFailureException extends IOException {
    private final String storeUuid;
    private final String location;

    public StoreFailureException(String storeUuid, String location, Throwable cause) {
        super("backup storage[uuid:%s] at %s".formatted(storeUuid, location), cause);
        this.storeUuid = storeUuid;
        this.location = location;
    }

    public String storeUuid() {
        return storeUuid;
    }

    public String location() {
        return location;
    }
}
