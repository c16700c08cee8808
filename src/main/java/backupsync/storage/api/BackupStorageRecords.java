package backupsync.storage.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import backupsync.api.ApiException;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The API's reads and writes of BackupStorageEO, ImageStoreBackupStorageVO and ImageStoreSshVO. */
public class BackupStorageRecords {
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public BackupStorageRecords(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** A store and how it is reached; the password stays in here and in {@link StoreAccess}, never in an answer. */
    public record StoreAccess(String uuid, String name, String url, String hostname, String username, String password,
                              Integer sshPort, String hostKeyFingerprint, String privateKeyFile) {
        public boolean remote() {
            return hostKeyFingerprint != null;
        }

        @Override
        public String toString() {
            return "StoreAccess[%s, %s@%s:%s:%s]".formatted(uuid, username, hostname, sshPort, url);
        }
    }

    public StoreAccess access(String uuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-backup-storage-access"), Map.of("uuid", uuid));
        if (rows.isEmpty()) {
            throw ApiException.notFound(uuid, "BackupStorageVO");
        }
        Map<String, Object> row = rows.get(0);
        Long port = Rows.toLong(row.get("sshPort"));
        return new StoreAccess(uuid, (String) row.get("name"), (String) row.get("url"), (String) row.get("hostname"),
                (String) row.get("username"), (String) row.get("password"), port == null ? null : port.intValue(),
                (String) row.get("hostKeyFingerprint"), (String) row.get("privateKeyFile"));
    }

    public Optional<BackupStorageInventory> inventory(String uuid) {
        Map<String, Object> values = new HashMap<>();
        values.put("p0", uuid);
        values.put("limit", 1);
        values.put("start", 0);
        String sql = SqlFiles.load("query-backup-storages").replace("/*where*/", "AND s.uuid = :p0").replace("/*orderBy*/", "");
        return jdbc.queryForList(sql, values).stream().map(BackupStorageRecords::inventoryOf).findFirst();
    }

    static BackupStorageInventory inventoryOf(Map<String, Object> row) {
        Long port = Rows.toLong(row.get("sshPort"));
        return new BackupStorageInventory((String) row.get("uuid"), (String) row.get("name"), (String) row.get("url"),
                (String) row.get("description"), Rows.toLong(row.get("totalCapacity")),
                Rows.toLong(row.get("availableCapacity")), (String) row.get("type"), (String) row.get("state"),
                (String) row.get("status"), Rows.date(row.get("createDate")), Rows.date(row.get("lastOpDate")), List.of(),
                (String) row.get("hostname"), (String) row.get("username"), port == null ? null : port.intValue());
    }

    public boolean hostnameTaken(String hostname) {
        Long count = jdbc.queryForObject(SqlFiles.load("count-image-store-by-hostname"), Map.of("hostname", hostname), Long.class);
        return count != null && count > 0;
    }

    /** The three rows of a new remote store, in one transaction: all of them or none. */
    public void insertRemote(AddImageStoreParams add, String fingerprint, long freeBytes) {
        Map<String, Object> row = new HashMap<>();
        row.put("uuid", add.uuid());
        row.put("name", add.name());
        row.put("url", add.url());
        row.put("description", add.description());
        row.put("totalCapacity", freeBytes);
        row.put("availableCapacity", freeBytes);
        row.put("hostname", add.hostname());
        row.put("username", add.username());
        row.put("password", add.password() == null || add.password().isEmpty() ? null : add.password());
        row.put("sshPort", add.sshPort());
        row.put("hostKeyFingerprint", fingerprint);
        row.put("privateKeyFile", add.keyFileFromRequest() ? add.privateKeyFile().toString() : null);
        transaction.executeWithoutResult(status -> {
            jdbc.update(SqlFiles.load("insert-remote-backup-storage"), row);
            jdbc.update(SqlFiles.load("insert-remote-image-store"), row);
            jdbc.update(SqlFiles.load("insert-image-store-ssh"), row);
        });
    }

    public void reconnected(String uuid, long freeBytes, String newFingerprint) {
        transaction.executeWithoutResult(status -> {
            if (newFingerprint != null) {
                jdbc.update(SqlFiles.load("update-image-store-ssh-host-key"), Map.of("uuid", uuid, "hostKeyFingerprint", newFingerprint));
            }
            jdbc.update(SqlFiles.load("reconnected-backup-storage"), Map.of("uuid", uuid, "freeBytes", freeBytes));
        });
    }

    public void disconnected(String uuid) {
        jdbc.update(SqlFiles.load("disconnect-backup-storage"), Map.of("uuid", uuid));
    }

    public void rename(String uuid, String name, String description) {
        Map<String, Object> values = new HashMap<>();
        values.put("uuid", uuid);
        values.put("name", name);
        values.put("description", description);
        jdbc.update(SqlFiles.load("rename-backup-storage"), values);
    }

    /**
     * Deletes the store's rows once nothing needs them, checked in the same transaction; answers why not otherwise.
     * The files on the store stay where they are.
     */
    public Optional<String> deleteUnlessUsed(String uuid) {
        return transaction.execute(status -> {
            Map<String, Object> key = Map.of("uuid", uuid);
            Long syncs = jdbc.queryForObject(SqlFiles.load("count-syncs-using-backup-storage"), key, Long.class);
            if (syncs != null && syncs > 0) {
                return Optional.of("a sync to or from the backup storage[uuid:%s] is in progress; delete it when the sync has ended".formatted(uuid));
            }
            List<String> lastCopies = jdbc.queryForList(SqlFiles.load("select-last-copies-on-backup-storage"), key, String.class);
            if (!lastCopies.isEmpty()) {
                return Optional.of(("the backup storage[uuid:%s] holds the only Ready copy of %d database backup(s) %s; sync them "
                        + "to another backup storage first").formatted(uuid, lastCopies.size(),
                        lastCopies.subList(0, Math.min(10, lastCopies.size()))));
            }
            List<String> policies = jdbc.queryForList(SqlFiles.load("select-replication-policies-using-backup-storage"), key, String.class);
            if (!policies.isEmpty()) {
                return Optional.of("the replication policies %s copy from or to the backup storage[uuid:%s]; change them first"
                        .formatted(policies, uuid));
            }
            jdbc.update(SqlFiles.load("delete-backup-storage"), key);
            return Optional.empty();
        });
    }
}
