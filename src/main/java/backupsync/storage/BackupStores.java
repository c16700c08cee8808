package backupsync.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.data.BackupStorageRow;

/** Finds the {@link LegacyPathStore} behind a BackupStorageVO row. */
public class BackupStores {
    private final Map<String, LegacyPathStore> byUrl = new ConcurrentHashMap<>();

    public LegacyPathStore of(BackupStorageRow storage) {
        return byUrl.computeIfAbsent(storage.url(), LocalDirectoryStore::new);
    }
}
