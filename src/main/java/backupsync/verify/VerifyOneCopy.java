package backupsync.verify;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import backupsync.api.ErrorCode;
import backupsync.api.Failures;
import backupsync.api.SyncRequest;
import backupsync.api.Uuids;
import backupsync.data.BackupStorageRefRow;
import backupsync.data.BackupStorageRow;
import backupsync.data.DatabaseBackupRow;
import backupsync.data.Rows;
import backupsync.pipeline.SyncContext;
import backupsync.storage.BackupStore;
import backupsync.storage.BackupStores;
import backupsync.storage.InstallPath;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import backupsync.storage.StoreStatus;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Steps "checkCopy", "recordRepaired" and "recordRepairFailed" of a verify run: one Ready copy is skipped (verified
 * good recently), listed (dry run) or checked where it lies; what was found is recorded on its ref and, when bad, as
 * a line of the run's report. With {@code repair}, a bad copy becomes a sync from a copy on another store whose own
 * MD5 was just checked, through the pipeline (direct:syncDatabaseBackup), which takes the bad ref over and replaces
 * the file by its atomic rename. Nothing here deletes a file.
 */
public class VerifyOneCopy {
    public static final String DOOR = "verify";
    /** Exchange property: the store a repair copies from. */
    public static final String REPAIR_SOURCE = "verifyRepairSource";
    private static final Logger LOG = LoggerFactory.getLogger(VerifyOneCopy.class);

    private final VerifyRecords records;
    private final BackupStores stores;
    private final CopyChecker checker;
    private final VerifyMetrics metrics;

    public VerifyOneCopy(VerifyRecords records, BackupStores stores, CopyChecker checker, VerifyMetrics metrics) {
        this.records = records;
        this.stores = stores;
        this.checker = checker;
        this.metrics = metrics;
    }

    /** The candidate row, as select-verify-candidates.sql reads it. */
    private record Candidate(long refId, String backupUuid, String storeUuid, String installPath, Long size,
                             String expectedMd5, Date lastVerifiedDate, String verifyOutcome) {
        static Candidate from(Map<?, ?> body) {
            Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
            body.forEach((key, value) -> row.put(String.valueOf(key), value));
            String metadata = (String) row.get("metadata");
            String md5 = new DatabaseBackupRow(null, null, null, 0, null, null, metadata, null, null).expectedMd5();
            return new Candidate(Rows.toLong(row.get("refId")), (String) row.get("backupUuid"),
                    (String) row.get("backupStorageUuid"), (String) row.get("installPath"), Rows.toLong(row.get("size")),
                    md5, Rows.date(row.get("lastVerifiedDate")), (String) row.get("verifyOutcome"));
        }
    }

    /** Step "checkCopy". Sets {@link SyncContext#PROPERTY} when a repair is to run. */
    public void checkCopy(Exchange exchange) throws InvalidPayloadException {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        Candidate copy = Candidate.from(exchange.getMessage().getMandatoryBody(Map.class));
        exchange.getMessage().setBody(null);
        run.countCopy(copy.storeUuid());
        if (recentlyVerifiedGood(run.getPolicy(), copy)) {
            run.countSkipped();
            return;
        }
        if (run.isDryRun()) {
            run.countWouldRead(copy.size() == null ? 0 : copy.size());
            run.addDryRunItem(new VerifyRunInventory.Item(copy.backupUuid(), copy.storeUuid(), copy.installPath(),
                    "WouldRead", copy.size(), copy.expectedMd5(), null, null, null, null, null));
            return;
        }
        CopyChecker.Result result = check(run, copy.backupUuid(), copy.storeUuid(), copy.installPath(), copy.size(),
                copy.expectedMd5(), copy.refId());
        if (result.isGood() || !BackupStorageRefRow.isBadOutcome(result.outcome()) || !run.getPolicy().repair()) {
            return;
        }
        String source = findGoodSource(run, copy.backupUuid(), copy.storeUuid(), copy.size(), copy.expectedMd5());
        if (source == null) {
            run.countUnrepaired();
            metrics.repair(copy.storeUuid(), "unrepaired");
            String details = "NO GOOD COPY: database backup %s is %s on backup storage %s and no other store holds a copy whose size and md5 match; nothing was changed"
                    .formatted(copy.backupUuid(), result.outcome(), copy.storeUuid());
            LOG.error("verify run {}: {}", run.getRunUuid(), details);
            records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(copy.backupUuid(), copy.storeUuid(),
                    copy.installPath(), "Unrepaired", copy.size(), copy.expectedMd5(), null, null, "NoGoodCopy", details, null));
            return;
        }
        SyncContext sync = new SyncContext(Uuids.random(), DOOR,
                new SyncRequest(copy.backupUuid(), source, copy.storeUuid(), List.of(), List.of()), null);
        // The run records counts and findings, never the inventory.
        sync.setAnswerWanted(false);
        exchange.setProperty(SyncContext.PROPERTY, sync);
        exchange.setProperty(REPAIR_SOURCE, source);
    }

    /** Step "recordRepaired": the pipeline answered; it copied over the bad file, or another sync already had. */
    public void recordRepaired(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        String store = sync.getRequest().dstBackupStorageUuid();
        run.countRepaired();
        metrics.repair(store, "repaired");
        records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(sync.getBackupUuid(), store, sync.getInstallPath(),
                "Repaired", sync.isCopied() ? sync.getBytesCopied() : null, null, null,
                exchange.getProperty(REPAIR_SOURCE, String.class), null,
                sync.isCopied() ? "copied again from backup storage " + exchange.getProperty(REPAIR_SOURCE, String.class)
                        : "another sync had copied it again meanwhile", null));
        LOG.info("verify run {}: database backup {} on backup storage {} repaired from {}", run.getRunUuid(),
                sync.getBackupUuid(), store, exchange.getProperty(REPAIR_SOURCE, String.class));
    }

    /** Step "recordRepairFailed": after the pipeline's reservation was undone (the bad ref is Ready and marked again). */
    public void recordRepairFailed(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        ErrorCode error = Failures.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).errorCode();
        String store = sync.getRequest().dstBackupStorageUuid();
        run.countUnrepaired();
        metrics.repair(store, "unrepaired");
        records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(sync.getBackupUuid(), store, sync.getInstallPath(),
                "Unrepaired", null, null, null, exchange.getProperty(REPAIR_SOURCE, String.class), error.code(),
                error.details(), null));
        LOG.error("verify run {}: repairing database backup {} on backup storage {} failed: {} {}", run.getRunUuid(),
                sync.getBackupUuid(), store, error.code(), error.details());
    }

    private static boolean recentlyVerifiedGood(VerifyPolicy policy, Candidate copy) {
        if (policy.reverifyAfterDays() <= 0 || copy.lastVerifiedDate() == null
                || BackupStorageRefRow.isBadOutcome(copy.verifyOutcome())) {
            return false;
        }
        long age = System.currentTimeMillis() - copy.lastVerifiedDate().getTime();
        return age < TimeUnit.DAYS.toMillis(policy.reverifyAfterDays());
    }

    /** Checks one copy and records what was found: on its ref (unless unreachable) and, when not good, in the report. */
    private CopyChecker.Result check(VerifyRun run, String backupUuid, String storeUuid, String installPath, Long size,
                                     String expectedMd5, long refId) {
        CopyChecker.Result result = checkAtStore(run, storeUuid, installPath, size, expectedMd5);
        run.countRead(result.bytesRead());
        switch (result.outcome()) {
            case CopyChecker.GOOD -> run.countGood();
            case CopyChecker.CORRUPT -> run.countCorrupt();
            case CopyChecker.MISSING -> run.countMissing();
            default -> run.countUnreachable();
        }
        metrics.verified(storeUuid, result.outcome(), result.bytesRead());
        if (!CopyChecker.UNREACHABLE.equals(result.outcome())) {
            records.recordVerification(refId, result.outcome(), result.actualSize(), result.actualMd5(), run.getRunUuid());
        }
        if (!result.isGood()) {
            LOG.warn("verify run {}: database backup {} on backup storage {}: {}: {}", run.getRunUuid(), backupUuid,
                    storeUuid, result.outcome(), result.details());
            records.recordItem(run.getRunUuid(), new VerifyRunInventory.Item(backupUuid, storeUuid, installPath,
                    result.outcome(), result.actualSize(), expectedMd5, result.actualMd5(), null, null, result.details(), null));
        }
        return result;
    }

    private CopyChecker.Result checkAtStore(VerifyRun run, String storeUuid, String installPath, Long size, String expectedMd5) {
        BackupStorageRow storage = records.store(storeUuid);
        if (storage == null || !"Enabled".equals(storage.state()) || !StoreStatus.CONNECTED.equals(storage.status())) {
            return new CopyChecker.Result(CopyChecker.UNREACHABLE, null, null, 0, "backup storage %s is %s"
                    .formatted(storeUuid, storage == null ? "gone" : storage.state() + "/" + storage.status()));
        }
        StoreName name;
        try {
            name = StoreName.of(InstallPath.parse(installPath));
        } catch (StoragePathException e) {
            return new CopyChecker.Result(CopyChecker.UNREACHABLE, null, null, 0, e.getMessage());
        }
        BackupStore store = stores.of(storage);
        return checker.check(store, name, size, expectedMd5, run.getReadLimit());
    }

    /**
     * A copy on another store that is Ready, not marked bad, and whose size and MD5 match now (checked here, at the
     * run's read limit, and recorded on its ref): the source of the repair. Null when there is none anywhere.
     */
    private String findGoodSource(VerifyRun run, String backupUuid, String badStoreUuid, Long size, String expectedMd5) {
        for (Map<String, Object> row : records.refsOf(backupUuid)) {
            BackupStorageRefRow ref = BackupStorageRefRow.from(row);
            if (ref.backupStorageUuid().equals(badStoreUuid) || !BackupStorageRefRow.READY.equals(ref.status())
                    || ref.isMarkedBad()) {
                continue;
            }
            CopyChecker.Result result = check(run, backupUuid, ref.backupStorageUuid(), ref.installPath(), size,
                    expectedMd5, ref.refId());
            if (result.isGood()) {
                return ref.backupStorageUuid();
            }
        }
        return null;
    }
}
