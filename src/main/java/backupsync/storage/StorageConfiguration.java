package backupsync.storage;

import java.nio.file.Path;
import java.time.Duration;

import backupsync.pipeline.NoteStoreFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The stores' wiring: the factory of store objects (local or over SSH, {@code backupsync.ssh.*}), the periodic ping
 * of remote stores (bean "pingBackupStorages", route of that id in routes/storage-status.yaml) and the error-path
 * step that names the store a sync failed on (bean "noteStoreFailure"). Called once by BackupSyncConfiguration.
 */
public final class StorageConfiguration {

    private StorageConfiguration() {
    }

    /** Builds the store factory and binds the storage beans; the stores' connections close when the service stops. */
    public static BackupStores bind(CamelContext context, Object executorSource, NamedParameterJdbcTemplate jdbc)
            throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        BackupStores stores = new BackupStores(
                context.getExecutorServiceManager().newScheduledThreadPool(executorSource, "write-behind", 2),
                Long.parseLong(property(properties, "backupsync.copy.write-behind-period")),
                jdbc, sshDefaults(properties));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                stores.closeAll();
            }
        });
        StoreStatus status = new StoreStatus(jdbc);
        registry.bind("pingBackupStorages", new PingBackupStorages(jdbc, stores, status));
        registry.bind("noteStoreFailure", new NoteStoreFailure(stores, status));
        return stores;
    }

    static SshStoreDefaults sshDefaults(PropertiesComponent properties) {
        String keyFile = properties.resolveProperty("backupsync.ssh.private-key-file").orElse("");
        return new SshStoreDefaults(millis(properties, "backupsync.ssh.connect-timeout"),
                millis(properties, "backupsync.ssh.auth-timeout"), millis(properties, "backupsync.ssh.read-timeout"),
                millis(properties, "backupsync.ssh.keepalive-interval"),
                Integer.parseInt(property(properties, "backupsync.ssh.max-connections")),
                Integer.parseInt(property(properties, "backupsync.ssh.channels-per-connection")),
                Boolean.parseBoolean(property(properties, "backupsync.ssh.md5-at-store")),
                keyFile.isBlank() ? null : Path.of(keyFile.strip()));
    }

    private static Duration millis(PropertiesComponent properties, String key) {
        long value = Long.parseLong(property(properties, key));
        if (value <= 0) {
            throw new IllegalArgumentException("%s must be a positive number of milliseconds, got %d".formatted(key, value));
        }
        return Duration.ofMillis(value);
    }

    private static String property(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("missing configuration property " + key));
    }
}
