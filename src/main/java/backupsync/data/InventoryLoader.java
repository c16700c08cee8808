package backupsync.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import backupsync.storage.BackupStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the inventory YAML at start-up: {@link InventoryFile} reads and checks it, then one importer per section runs,
 * in the order the sections depend on each other, in one transaction. Upsert by uuid, so loading the same file again
 * changes nothing.
 */
public class InventoryLoader {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryLoader.class);
    public static final String DEFAULT_ADMIN_PASSWORD = "password";

    private final TransactionTemplate transaction;
    private final AccountImporter accounts;
    private final BackupStorageImporter backupStorages;
    private final DatabaseBackupImporter databaseBackups;
    private final ReplicationPolicyImporter replicationPolicies;
    private final VerifyPolicyImporter verifyPolicies;

    /**
     * @param stores  where the backups' files are checked and read, through their store
     * @param fillMd5 compute metadata.md5 from the file when the inventory gives none (reads every such file once)
     */
    public InventoryLoader(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                           BackupStores stores, boolean fillMd5) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.accounts = new AccountImporter(jdbc);
        this.backupStorages = new BackupStorageImporter(jdbc, stores);
        this.databaseBackups = new DatabaseBackupImporter(jdbc, stores, fillMd5);
        this.replicationPolicies = new ReplicationPolicyImporter(jdbc);
        this.verifyPolicies = new VerifyPolicyImporter(jdbc);
    }

    /** Loads the file if there is one; an installation without any admin gets ZStack's default admin account. */
    public void loadDefaultsAndFile(Path inventoryFile) {
        // Read and checked first: a bad file stops start-up before anything is written.
        InventoryFile inventory = inventoryFile == null ? null : InventoryFile.read(inventoryFile);
        transaction.executeWithoutResult(status -> {
            // Before the file's backups, which default their owner to admin; not when the file gives admin itself.
            accounts.createDefaultAdminUnlessGiven(inventory == null ? List.of() : inventory.entries("accounts"));
            if (inventory != null) {
                load(inventory);
            }
        });
    }

    private void load(InventoryFile inventory) {
        Map<String, String> accountUuidsByName = accounts.importAll(inventory.entries("accounts"));
        Map<String, BackupStorageRow> storages = backupStorages.importAll(inventory.entries("backupStorages"));
        databaseBackups.importAll(inventory.entries("databaseBackups"), accountUuidsByName, storages);
        backupStorages.refreshCapacity(storages.keySet());
        replicationPolicies.importAll(inventory.entries("replicationPolicies"));
        verifyPolicies.importAll(inventory.entries("verifyPolicies"));
        LOG.info("inventory {} loaded: {} accounts, {} backup storages, {} database backups, {} replication policies, {} verify policies",
                inventory.file(), inventory.entries("accounts").size(), storages.size(),
                inventory.entries("databaseBackups").size(), inventory.entries("replicationPolicies").size(),
                inventory.entries("verifyPolicies").size());
    }
}
