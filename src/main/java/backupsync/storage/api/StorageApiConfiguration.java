package backupsync.storage.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import backupsync.auth.SessionService;
import backupsync.storage.BackupStores;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The backup storage API's beans (routes/backup-storage-doors.yaml), under the names its routes give them.
 *
 * <p>Properties: {@code backupsync.ssh.private-key-file} (optional; the key that logs in to a store added without a
 * password or a privateKeyFile of its own), {@code backupsync.storage-api.connect-timeout} (ms, default 15000: TCP
 * connect, key exchange and login while adding or reconnecting a store).
 */
public final class StorageApiConfiguration {
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 15000;

    private StorageApiConfiguration() {
    }

    /** @param optionalProperty a property's value, or null when it is not set */
    public static void bind(Registry registry, Function<String, String> optionalProperty, NamedParameterJdbcTemplate jdbc,
                            PlatformTransactionManager transactionManager, SessionService sessions, BackupStores stores) {
        String keyFile = optionalProperty.apply("backupsync.ssh.private-key-file");
        Path nodeKeyFile = keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile.strip());
        String timeout = optionalProperty.apply("backupsync.storage-api.connect-timeout");
        RemoteStoreProbe probe = new RemoteStoreProbe(Duration.ofMillis(timeout == null || timeout.isBlank()
                ? DEFAULT_CONNECT_TIMEOUT_MS : Long.parseLong(timeout.strip())));
        BackupStorageRecords records = new BackupStorageRecords(jdbc, transactionManager);

        registry.bind("backupStorageDoor", new BackupStorageDoor(sessions));
        registry.bind("queryBackupStorages", new QueryBackupStorages(sessions, jdbc));
        registry.bind("addImageStoreBackupStorage", new AddImageStoreBackupStorage(records, probe, stores, nodeKeyFile));
        registry.bind("reconnectBackupStorage", new ReconnectBackupStorage(records, probe, stores, jdbc, nodeKeyFile));
        registry.bind("updateBackupStorage", new UpdateBackupStorage(records));
        registry.bind("deleteBackupStorage", new DeleteBackupStorage(records, stores));
    }
}
