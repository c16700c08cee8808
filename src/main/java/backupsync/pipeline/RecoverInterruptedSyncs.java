package backupsync.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import backupsync.storage.local.LocalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Start-up recovery: every reservation this node still holds belongs to a copy that died with the previous process.
 * Its temporary file is kept for the retry to resume from its last checkpoint ({@link PartialCopies}; deleted when
 * nothing of it was recorded durable), a file renamed into place but never committed goes, and the Creating ref
 * goes, so the sync can simply be retried. A Ready ref is never touched: it is only ever written after the copy was verified,
 * made durable and renamed. Each step is idempotent, so a crash during recovery is recovered at the next start.
 * The files are named relative to their store and deleted through it ({@link BackupStores}); a record written by a
 * version before store-relative names holds absolute local paths, deleted only when they lie under the store's root.
 */
public class RecoverInterruptedSyncs {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverInterruptedSyncs.class);
    private final NamedParameterJdbcTemplate jdbc;
    private final BackupStores stores;
    private final String nodeId;
    private final PartialCopies partials;

    public RecoverInterruptedSyncs(NamedParameterJdbcTemplate jdbc, BackupStores stores, String nodeId, PartialCopies partials) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.nodeId = nodeId;
        this.partials = partials;
    }

    public void run() {
        List<Map<String, Object>> reservations = jdbc.queryForList(SqlFiles.load("select-sync-reservations-of-node"),
                Map.of("nodeId", nodeId));
        for (Map<String, Object> reservation : reservations) {
            String storageUuid = (String) reservation.get("backupStorageUuid");
            Map<String, Object> key = Map.of("databaseBackupUuid", reservation.get("databaseBackupUuid"),
                    "backupStorageUuid", storageUuid);
            BackupStore store = storeOf(storageUuid);
            if (!keepOrDelete(store, reservation)) {
                // A remote store out of reach: its partial file stays, so the records stay too, for the next start or
                // the lease takeover by another sync (AwaitOtherNodesCopy), which delete it then. Start-up goes on.
                LOG.warn("left the reservation of sync {} (database backup {}, backup storage {}) for the next start: its store does not answer",
                        reservation.get("requestId"), reservation.get("databaseBackupUuid"), storageUuid);
                continue;
            }
            int refsDeleted = jdbc.update(SqlFiles.load("delete-creating-ref-by-key"), key);
            if (refsDeleted > 0) {
                // The ref was still Creating: whatever lies at the target was never recorded as a verified copy.
                delete(store, (String) reservation.get("targetPath"));
            }
            jdbc.update(SqlFiles.load("delete-sync-reservation-by-key"), key);
            LOG.warn("recovered the sync {} of database backup {} to backup storage {} interrupted by the last stop: "
                            + "its Creating ref is removed; retry the sync (it resumes from the last checkpoint)",
                    reservation.get("requestId"), reservation.get("databaseBackupUuid"), storageUuid);
        }
    }

    /** Keeps the temporary file for a resume, or deletes it; false when it had to be deleted and the store did not answer. */
    private boolean keepOrDelete(BackupStore store, Map<String, Object> reservation) {
        String recorded = (String) reservation.get("temporaryPath");
        long durable = ((Number) reservation.get("durableBytes")).longValue();
        if (durable > 0 && store != null && !recorded.startsWith("/")) {
            try {
                return partials.keep(store, (String) reservation.get("databaseBackupUuid"),
                        (String) reservation.get("backupStorageUuid"), StoreName.parse(recorded), durable);
            } catch (StoragePathException e) {
                LOG.warn("not keeping {} during recovery: {}", recorded, e.getMessage());
                return true;
            }
        }
        return delete(store, recorded);
    }

    /** Null when the store is gone from the database: its files are out of reach, the records still go. */
    private BackupStore storeOf(String storageUuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-backup-storage-by-uuid"),
                Map.of("uuid", storageUuid));
        return rows.isEmpty() ? null : stores.of(BackupStorageRow.from(rows.get(0)));
    }

    /** False only when the store did not answer (a remote one, out of reach): the file may still be there. */
    private static boolean delete(BackupStore store, String recorded) {
        if (store == null) {
            LOG.warn("could not delete {} during recovery: its backup storage is no longer recorded", recorded);
            return true;
        }
        StoreName name;
        try {
            name = recorded.startsWith("/") ? legacyName(store, Path.of(recorded)) : StoreName.parse(recorded);
        } catch (StoragePathException e) {
            LOG.warn("not deleting {} during recovery: {}", recorded, e.getMessage());
            return true;
        }
        if (store instanceof LocalStore) {
            store.deleteQuietly(name);
            return true;
        }
        try {
            store.delete(name);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {} on {} during recovery: {}", name, store.location(), e.getMessage());
            return false;
        }
    }

    /** An absolute path recorded by the previous version: only a {@code <root>/<folder>/<file>} of this local store. */
    private static StoreName legacyName(BackupStore store, Path file) {
        Path normalized = file.normalize();
        if (store instanceof LocalStore local && normalized.startsWith(local.root())
                && normalized.getNameCount() == local.root().getNameCount() + 2) {
            Path relative = local.root().relativize(normalized);
            return new StoreName(relative.getName(0).toString(), relative.getName(1).toString());
        }
        throw new StoragePathException("%s is not a file of the store at %s".formatted(file, store.location()));
    }
}
