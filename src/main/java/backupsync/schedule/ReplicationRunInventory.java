package backupsync.schedule;

import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A run's report as the REST door shows it; {@code failures} only when one run is asked for. */
@JsonPropertyOrder({"uuid", "policyUuid", "triggeredBy", "scheduledFireTime", "nodeId", "status", "startDate",
        "endDate", "candidates", "copied", "skipped", "failed", "bytes", "error", "failures"})
public record ReplicationRunInventory(String uuid, String policyUuid, String triggeredBy, Date scheduledFireTime,
                                      String nodeId, String status, Date startDate, Date endDate, long candidates,
                                      long copied, long skipped, long failed, long bytes, String error,
                                      @JsonInclude(JsonInclude.Include.NON_NULL) List<Failure> failures) {

    /** One candidate that could not be copied, with the ErrorCode the pipeline raised. */
    public record Failure(String databaseBackupUuid, String backupStorageUuid, String code, String description,
                          String details, Date createDate) {
        static Failure from(Map<String, Object> row) {
            return new Failure((String) row.get("databaseBackupUuid"), (String) row.get("backupStorageUuid"),
                    (String) row.get("code"), (String) row.get("description"), (String) row.get("details"),
                    (Date) row.get("createDate"));
        }
    }

    static ReplicationRunInventory from(Map<String, Object> row, List<Failure> failures) {
        return new ReplicationRunInventory((String) row.get("uuid"), (String) row.get("policyUuid"),
                (String) row.get("triggeredBy"), (Date) row.get("scheduledFireTime"), (String) row.get("nodeId"),
                (String) row.get("status"), (Date) row.get("startDate"), (Date) row.get("endDate"),
                number(row, "candidates"), number(row, "copied"), number(row, "skipped"), number(row, "failed"),
                number(row, "bytes"), (String) row.get("error"), failures);
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
