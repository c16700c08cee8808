package backupsync.storage;

import backupsync.pipeline.NoteStoreFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The stores' wiring: the factory of store objects (local or over SSH, {@code backupsync.ssh.*}), the periodic ping
 * of every store, local or remote (bean "pingBackupStorages", route of that id in routes/storage-status.yaml) and the error-path
 * step that names the store a sync failed on (bean "noteStoreFailure"). Called once by BackupSyncConfiguration.
 */
public final class StorageConfiguration {

    private StorageConfiguration() {
    }

    /** Builds the store factory and binds the storage beans; the stores' connections close when the service stops. */
    /** What the other features use. */
    public record StorageBeans(BackupStores stores, StoreStatus status) {
    }

    public static StorageBeans bind(CamelContext context, long writeBehindPeriodMs, SshStoreDefaults ssh,
                                    NamedParameterJdbcTemplate jdbc) throws Exception {
        Registry registry = context.getRegistry();
        BackupStores stores = new BackupStores(
                context.getExecutorServiceManager().newScheduledThreadPool(StorageConfiguration.class, "write-behind", 2),
                writeBehindPeriodMs, jdbc, ssh);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                stores.closeAll();
            }
        });
        StoreStatus status = new StoreStatus(jdbc);
        registry.bind("pingBackupStorages", new PingBackupStorages(jdbc, stores, status));
        registry.bind("noteStoreFailure", new NoteStoreFailure(stores, status));
        return new StorageBeans(stores, status);
    }
}
