package backupsync.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import backupsync.data.BackupStorageRow;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import backupsync.storage.local.LocalStore;
import backupsync.storage.ssh.SshEndpoint;
import backupsync.storage.ssh.SshStore;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Finds the {@link BackupStore} behind a BackupStorageVO row: one per store, kept, so its claimed space is shared
 * by every copy to it. A row whose url changed (the inventory moved the store) gets a new one. A store with an
 * ImageStoreSshVO row is remote ({@link SshStore}, on ImageStoreBackupStorageVO's host); without one it is local.
 */
public class BackupStores {
    private final Map<String, BackupStore> byStore = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;
    private final NamedParameterJdbcTemplate jdbc;
    private final SshStoreDefaults ssh;
    private final PinnedStatuses pinnedStatuses = new PinnedStatuses();

    /**
     * @param flushers      flushes large files while copies write them (local: {@link WriteBehind}, remote: fsync@openssh.com)
     * @param writeBehindMs how often ({@code backupsync.copy.write-behind-period})
     * @param jdbc          reads how to reach a remote store (ImageStoreSshVO)
     * @param ssh           what every remote store shares ({@code backupsync.ssh.*})
     */
    public BackupStores(ScheduledExecutorService flushers, long writeBehindMs, NamedParameterJdbcTemplate jdbc,
                        SshStoreDefaults ssh) {
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
        this.jdbc = jdbc;
        this.ssh = ssh;
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

    /** The statuses the inventory set on purpose, which the ping leaves alone: shared by the loader, the ping, the API. */
    public PinnedStatuses pinnedStatuses() {
        return pinnedStatuses;
    }

    /** Whether a remote store without a key file or password of its own can log in ({@code backupsync.ssh.private-key-file}). */
    public boolean hasDefaultPrivateKey() {
        return ssh.defaultPrivateKeyFile() != null;
    }

    /** Drops every store object, closing their connections: the service stops. */
    public void closeAll() {
        byStore.keySet().stream().map(key -> key.substring(0, key.indexOf('\n'))).distinct().toList().forEach(this::forget);
    }

    /**
     * The one place the kind of a store is chosen from its row. The access details are read here, by uuid, so the
     * password never travels in a BackupStorageRow (nor in its toString).
     */
    private BackupStore create(BackupStorageRow storage) {
        List<Map<String, Object>> access = jdbc.queryForList(SqlFiles.load("select-image-store-ssh-access"),
                Map.of("uuid", storage.uuid()));
        if (access.isEmpty()) {
            return new LocalStore(storage.url(), flushers, writeBehindMs);
        }
        Map<String, Object> row = access.get(0);
        SshEndpoint endpoint = new SshEndpoint((String) row.get("hostname"), Rows.toLong(row.get("sshPort")).intValue(),
                (String) row.get("username"), storage.url());
        return new SshStore(ssh.settingsFor(endpoint, (String) row.get("hostKeyFingerprint"),
                (String) row.get("privateKeyFile"), (String) row.get("password")), flushers, writeBehindMs);
    }
}
