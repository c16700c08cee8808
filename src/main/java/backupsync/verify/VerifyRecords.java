package backupsync.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** What verify runs write: each ref's last verification (kept across restarts) and each run's findings. */
public class VerifyRecords {
    private static final int MAX_DETAILS = 4096;
    private final NamedParameterJdbcTemplate jdbc;

    public VerifyRecords(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Upsert by ref id; two runs on two nodes may verify one ref at once, the later write wins. */
    public void recordVerification(long refId, String outcome, Long actualSize, String actualMd5, String runUuid) {
        Map<String, Object> row = new HashMap<>();
        row.put("refId", refId);
        row.put("outcome", outcome);
        row.put("actualSize", actualSize);
        row.put("actualMd5", actualMd5);
        row.put("runUuid", runUuid);
        if (jdbc.update(SqlFiles.load("update-ref-verification"), row) > 0) {
            return;
        }
        try {
            jdbc.update(SqlFiles.load("insert-ref-verification"), row);
        } catch (DuplicateKeyException insertedMeanwhile) {
            jdbc.update(SqlFiles.load("update-ref-verification"), row);
        }
    }

    public void recordItem(String runUuid, VerifyRunInventory.Item item) {
        Map<String, Object> row = new HashMap<>();
        row.put("runUuid", runUuid);
        row.put("databaseBackupUuid", item.databaseBackupUuid());
        row.put("backupStorageUuid", item.backupStorageUuid());
        row.put("path", item.path());
        row.put("outcome", item.outcome());
        row.put("bytes", item.bytes());
        row.put("expectedMd5", item.expectedMd5());
        row.put("actualMd5", item.actualMd5());
        row.put("repairedFrom", item.repairedFrom());
        row.put("code", item.code());
        row.put("details", shorten(item.details()));
        jdbc.update(SqlFiles.load("insert-verify-run-item"), row);
    }

    /** The store's row, or null when it is gone from the database. */
    public BackupStorageRow store(String uuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-backup-storage-by-uuid"), Map.of("uuid", uuid));
        return rows.isEmpty() ? null : BackupStorageRow.from(rows.get(0));
    }

    public List<Map<String, Object>> refsOf(String backupUuid) {
        return jdbc.queryForList(SqlFiles.load("select-refs-of-backups"), Map.of("uuids", List.of(backupUuid)));
    }

    public void deleteStaleVerifications() {
        jdbc.update(SqlFiles.load("delete-stale-ref-verifications"), Map.of());
    }

    static String shorten(String text) {
        return text == null || text.length() <= MAX_DETAILS ? text : text.substring(0, MAX_DETAILS - 3) + "...";
    }
}
