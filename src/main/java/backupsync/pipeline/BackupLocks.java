package backupsync.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;

/**
 * One sync at a time per backup, as ZStack queues operations per backup. Semaphores, not locks: the permit is
 * released when the exchange completes, which may be on another thread than the one that took it.
 */
public class BackupLocks {
    private final Map<String, Entry> entries = new HashMap<>();
    private final long timeoutMs;

    public BackupLocks(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    private static final class Entry {
        final Semaphore semaphore = new Semaphore(1, true);
        int users;
    }

    /** Blocks until this backup is free; returns the release action. */
    public Runnable acquire(String backupUuid) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(backupUuid, key -> new Entry());
            entry.users++;
        }
        boolean acquired = false;
        try {
            acquired = entry.semaphore.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!acquired) {
                forget(backupUuid, entry);
            }
        }
        if (!acquired) {
            throw new ApiException(ZStackError.TIMEOUT,
                    "gave up after %d ms waiting for another operation on database backup[uuid:%s] to finish"
                            .formatted(timeoutMs, backupUuid));
        }
        Entry held = entry;
        return () -> {
            held.semaphore.release();
            forget(backupUuid, held);
        };
    }

    private void forget(String backupUuid, Entry entry) {
        synchronized (entries) {
            if (--entry.users == 0) {
                entries.remove(backupUuid);
            }
        }
    }
}
