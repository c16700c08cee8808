package backupsync.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.data.BackupStorageRow;

/** Finds the {@link BackupStore} behind a BackupStorageVO row. */
public class BackupStores {
    private final Map<String, BackupStore> byUrl = new ConcurrentHashMap<>();

    public BackupStore of(BackupStorageRow storage) {
        return byUrl.computeIfAbsent(storage.url(), LocalDirectoryStore::new);
    }
}
