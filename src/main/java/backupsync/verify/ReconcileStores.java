package backupsync.verify;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import backupsync.data.BackupStorageRefRow;
import backupsync.data.BackupStorageRow;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.InstallPath;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Step "listOrphans" at the end of a (real) verify run: for each store the run met, list the folders its refs use
 * and compare with the refs. A file no ref names is an orphan: listed in the report, never deleted. A Ready ref
 * whose file is not there is marked Missing, even one this run skipped as verified recently, so that a sync copies
 * it again instead of answering "already there". Temporary files of copies in flight are neither.
 */
public class ReconcileStores {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileStores.class);
    private static final String TEMPORARY_SUFFIX = ".part";

    private final NamedParameterJdbcTemplate jdbc;
    private final VerifyRecords records;
    private final BackupStores stores;
    private final VerifyMetrics metrics;

    public ReconcileStores(NamedParameterJdbcTemplate jdbc, VerifyRecords records, BackupStores stores, VerifyMetrics metrics) {
        this.jdbc = jdbc;
        this.records = records;
        this.stores = stores;
        this.metrics = metrics;
    }

    public void listOrphans(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        for (String storeUuid : new TreeSet<>(run.getStoresSeen())) {
            BackupStorageRow storage = records.store(storeUuid);
            if (storage == null || !"Enabled".equals(storage.state()) || !"Connected".equals(storage.status())) {
                continue;
            }
            try {
                reconcile(run, storeUuid, stores.of(storage));
            } catch (IOException | RuntimeException e) {
                LOG.warn("verify run {}: could not list the folders of backup storage {}: {}", run.getRunUuid(), storeUuid,
                        e.getMessage());
            }
        }
    }

    private void reconcile(VerifyRun run, String storeUuid, BackupStore store) throws IOException {
        // folder -> file -> the ref naming it
        Map<String, Map<String, BackupStorageRefRow>> named = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-refs-on-store"), Map.of("storeUuid", storeUuid))) {
            // Column labels come back in each database's case (H2 upper, PostgreSQL lower).
            Map<String, Object> columns = new LinkedCaseInsensitiveMap<>();
            columns.putAll(row);
            columns.put("backupStorageUuid", storeUuid);
            BackupStorageRefRow ref = BackupStorageRefRow.from(columns);
            try {
                StoreName name = StoreName.of(InstallPath.parse(ref.installPath()));
                named.computeIfAbsent(name.folder(), key -> new HashMap<>()).put(name.file(), ref);
            } catch (StoragePathException e) {
                // A ref whose installPath names nothing in a folder: the copy check reports it.
            }
        }
        for (Map.Entry<String, Map<String, BackupStorageRefRow>> folder : named.entrySet()) {
            Optional<List<String>> listing = store.filesIn(folder.getKey());
            if (listing.isEmpty()) {
                LOG.info("verify run {}: backup storage {} ({}) cannot list its folders: no orphan check there",
                        run.getRunUuid(), storeUuid, store.location());
                return;
            }
            TreeSet<String> files = new TreeSet<>(listing.get());
            for (String file : files) {
                if (!folder.getValue().containsKey(file) && !(file.startsWith(".") && file.endsWith(TEMPORARY_SUFFIX))) {
                    orphan(run, storeUuid, store, new StoreName(folder.getKey(), file));
                }
            }
            for (Map.Entry<String, BackupStorageRefRow> ref : folder.getValue().entrySet()) {
                BackupStorageRefRow row = ref.getValue();
                if (!files.contains(ref.getKey()) && BackupStorageRefRow.READY.equals(row.status())
                        && !BackupStorageRefRow.MISSING.equals(row.verifyOutcome())) {
                    missing(run, storeUuid, store, row);
                }
            }
        }
    }

    private void orphan(VerifyRun run, String storeUuid, BackupStore store, StoreName name) throws IOException {
        run.countOrphan();
        Long size = store.size(name).isPresent() ? store.size(name).getAsLong() : null;
        records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(null, storeUuid, name.toString(), "Orphan", size,
                null, null, null, null, "no ref names this file; it is listed, not deleted", null));
        LOG.warn("verify run {}: orphan file {} on backup storage {} ({}): no ref names it", run.getRunUuid(), name,
                storeUuid, store.location());
    }

    private void missing(VerifyRun run, String storeUuid, BackupStore store, BackupStorageRefRow ref) {
        run.countMissing();
        metrics.verified(storeUuid, CopyChecker.MISSING, 0);
        records.recordVerification(Rows.toLong(ref.refId()), CopyChecker.MISSING, null, null, run.getRunUuid());
        String details = "the folder listing of %s has no %s".formatted(store.location(), ref.installPath());
        records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(ref.databaseBackupUuid(), storeUuid,
                ref.installPath(), CopyChecker.MISSING, null, null, null, null, null, details, null));
        LOG.warn("verify run {}: database backup {} on backup storage {}: Missing: {}", run.getRunUuid(),
                ref.databaseBackupUuid(), storeUuid, details);
    }
}
