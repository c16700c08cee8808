package backupsync.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import backupsync.data.BackupStorageRow;
import backupsync.storage.local.LocalStore;

/**
 * Finds the {@link BackupStore} behind a BackupStorageVO row: one per store, kept, so its claimed space is shared
 * by every copy to it. A row whose url changed (the inventory moved the store) gets a new one.
 */
public class BackupStores {
    private final Map<String, BackupStore> byStore = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;

    /**
     * @param flushers      flushes large files while local copies write them ({@link WriteBehind})
     * @param writeBehindMs how often ({@code backupsync.copy.write-behind-period})
     */
    public BackupStores(ScheduledExecutorService flushers, long writeBehindMs) {
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
    }

    public BackupStore of(BackupStorageRow storage) {
        return byStore.computeIfAbsent(storage.uuid() + "\n" + storage.url(), key -> create(storage));
    }

    /**
     * Drops the store objects of {@code uuid} (its access changed: reconnected, a new host key accepted, deleted), so
     * the next use builds them anew. A store object that holds connections is closed.
     */
    public void forget(String uuid) {
        byStore.entrySet().removeIf(entry -> {
            if (!entry.getKey().startsWith(uuid + "\n")) {
                return false;
            }
            if (entry.getValue() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(BackupStores.class).warn("closing the store {}: {}", uuid, e.toString());
                }
            }
            return true;
        });
    }

    /** The one place the kind of a store is chosen from its row. */
    private BackupStore create(BackupStorageRow storage) {
        return new LocalStore(storage.url(), flushers, writeBehindMs);
    }
}
