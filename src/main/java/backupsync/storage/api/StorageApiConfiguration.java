package backupsync.storage.api;

import java.nio.file.Path;

import backupsync.auth.SessionService;
import backupsync.storage.BackupStores;
import backupsync.storage.SshStoreDefaults;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The backup storage API's beans (routes/backup-storage-doors.yaml), under the names its routes give them. Adding and
 * reconnecting a store log in with the node's {@code backupsync.ssh.*} settings: its connect timeout, and its default
 * private key file for a store added without a password or a key file of its own.
 */
public final class StorageApiConfiguration {

    private StorageApiConfiguration() {
    }

    public static void bind(Registry registry, SshStoreDefaults ssh, NamedParameterJdbcTemplate jdbc,
                            PlatformTransactionManager transactionManager, SessionService sessions, BackupStores stores) {
        Path nodeKeyFile = ssh.defaultPrivateKeyFile();
        RemoteStoreProbe probe = new RemoteStoreProbe(ssh.connectTimeout());
        BackupStorageRecords records = new BackupStorageRecords(jdbc, transactionManager);

        registry.bind("backupStorageDoor", new BackupStorageDoor(sessions));
        registry.bind("queryBackupStorages", new QueryBackupStorages(sessions, jdbc));
        registry.bind("addImageStoreBackupStorage", new AddImageStoreBackupStorage(records, probe, stores, nodeKeyFile));
        registry.bind("reconnectBackupStorage", new ReconnectBackupStorage(records, probe, stores, jdbc, nodeKeyFile));
        registry.bind("updateBackupStorage", new UpdateBackupStorage(records));
        registry.bind("deleteBackupStorage", new DeleteBackupStorage(records, stores));
    }
}
