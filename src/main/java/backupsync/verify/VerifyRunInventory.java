package backupsync.verify;

import java.util.Date;
import java.util.List;
import java.util.Map;

import backupsync.data.Rows;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A verify run's report as the REST door shows it; {@code items} only when one run is asked for (and for a dry run). */
@JsonPropertyOrder({"uuid", "policyUuid", "triggeredBy", "dryRun", "scheduledFireTime", "nodeId", "status", "startDate",
        "endDate", "copies", "verified", "skipped", "good", "corrupt", "missing", "unreachable", "repaired", "unrepaired",
        "orphans", "bytes", "error", "items"})
public record VerifyRunInventory(String uuid, String policyUuid, String triggeredBy, boolean dryRun,
                                 Date scheduledFireTime, String nodeId, String status, Date startDate, Date endDate,
                                 long copies, long verified, long skipped, long good, long corrupt, long missing,
                                 long unreachable, long repaired, long unrepaired, long orphans, long bytes, String error,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) List<Item> items) {

    /**
     * One finding: a copy Corrupt, Missing or Unreachable, its repair (Repaired, Unrepaired), an Orphan file (path, no
     * backup), or, in a dry run, a copy that would be read (WouldRead).
     */
    @JsonPropertyOrder({"databaseBackupUuid", "backupStorageUuid", "path", "outcome", "bytes", "expectedMd5",
            "actualMd5", "repairedFrom", "code", "details", "createDate"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String databaseBackupUuid, String backupStorageUuid, String path, String outcome, Long bytes,
                       String expectedMd5, String actualMd5, String repairedFrom, String code, String details,
                       Date createDate) {
        static Item from(Map<String, Object> row) {
            return new Item((String) row.get("databaseBackupUuid"), (String) row.get("backupStorageUuid"),
                    (String) row.get("path"), (String) row.get("outcome"), Rows.toLong(row.get("bytes")),
                    (String) row.get("expectedMd5"), (String) row.get("actualMd5"), (String) row.get("repairedFrom"),
                    (String) row.get("code"), (String) row.get("details"), Rows.date(row.get("createDate")));
        }
    }

    static VerifyRunInventory from(Map<String, Object> row, List<Item> items) {
        return new VerifyRunInventory((String) row.get("uuid"), (String) row.get("policyUuid"),
                (String) row.get("triggeredBy"), false, Rows.date(row.get("scheduledFireTime")), (String) row.get("nodeId"),
                (String) row.get("status"), Rows.date(row.get("startDate")), Rows.date(row.get("endDate")),
                number(row, "copies"), number(row, "verified"), number(row, "skipped"), number(row, "good"),
                number(row, "corrupt"), number(row, "missing"), number(row, "unreachable"), number(row, "repaired"),
                number(row, "unrepaired"), number(row, "orphans"), number(row, "bytes"), (String) row.get("error"), items);
    }

    /** The answer of a dry run: never stored, built from the run in memory. */
    static VerifyRunInventory ofDryRun(VerifyRun run, String nodeId) {
        return new VerifyRunInventory(run.getRunUuid(), run.getPolicyUuid(), run.getTriggeredBy(), true, null, nodeId,
                run.outcome(), new Date(run.getStartMillis()), new Date(), run.getCopies(), run.getVerified(),
                run.getSkipped(), 0, 0, 0, 0, 0, 0, 0, run.getBytes(), run.getError(), List.copyOf(run.getDryRunItems()));
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
