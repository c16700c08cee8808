package backupsync.schedule;

import java.sql.Timestamp;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A replication policy: what is Ready on the source is copied to every destination on a Quartz cron schedule.
 * {@code namePattern} is a glob ({@code *} any run of characters, {@code ?} one character), matched by SQL LIKE.
 */
@JsonPropertyOrder({"uuid", "name", "sourceBackupStorageUuid", "destinationBackupStorageUuids", "schedule",
        "namePattern", "createdAfter", "newestPerName", "maxParallelCopies", "state", "runningRunUuid",
        "runningSince", "rpoThresholdMinutes", "webHook", "rpoAlertSince", "rpoSeconds", "pendingCopies", "lastOpDate",
        "createDate"})
public record ReplicationPolicy(String uuid, String name, String sourceBackupStorageUuid,
                                List<String> destinationBackupStorageUuids, String schedule, String namePattern,
                                Date createdAfter, Integer newestPerName, int maxParallelCopies, String state,
                                String runningRunUuid, Date runningSince, Integer rpoThresholdMinutes, String webHook,
                                Date rpoAlertSince, Long rpoSeconds, Long pendingCopies, Date lastOpDate,
                                Date createDate) {
    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";
    public static final String VO_TYPE = "ReplicationPolicyVO";
    /** LIKE's escape character in select-replication-candidates.sql; '!' because a backslash is not portable. */
    private static final char LIKE_ESCAPE = '!';

    public static ReplicationPolicy from(Map<String, Object> row, List<String> destinations) {
        return new ReplicationPolicy((String) row.get("uuid"), (String) row.get("name"),
                (String) row.get("sourceBackupStorageUuid"), destinations, (String) row.get("schedule"),
                (String) row.get("namePattern"), (Date) row.get("createdAfter"),
                row.get("newestPerName") == null ? null : ((Number) row.get("newestPerName")).intValue(),
                ((Number) row.get("maxParallelCopies")).intValue(), (String) row.get("state"),
                (String) row.get("runningRunUuid"), (Date) row.get("runningSince"),
                row.get("rpoThresholdMinutes") == null ? null : ((Number) row.get("rpoThresholdMinutes")).intValue(),
                (String) row.get("webHook"), backupsync.data.Rows.date(row.get("rpoAlertSince")), null, null,
                (Date) row.get("lastOpDate"), (Date) row.get("createDate"));
    }

    /**
     * With its RPO as {@link ReplicationRpo} measured it: the age in seconds of the newest source backup not yet on
     * its destinations (0 when every one is there), and how many copies are pending.
     */
    public ReplicationPolicy withRpo(long seconds, long pending) {
        return new ReplicationPolicy(uuid, name, sourceBackupStorageUuid, destinationBackupStorageUuids, schedule,
                namePattern, createdAfter, newestPerName, maxParallelCopies, state, runningRunUuid, runningSince,
                rpoThresholdMinutes, webHook, rpoAlertSince, seconds, pending, lastOpDate, createDate);
    }

    @JsonIgnore
    public boolean isEnabled() {
        return ENABLED.equals(state);
    }

    /** Named parameters of select-replication-candidates.sql; absent filters become values that select all. */
    @JsonIgnore
    public Map<String, Object> getCandidateParameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("policyUuid", uuid);
        parameters.put("sourceBackupStorageUuid", sourceBackupStorageUuid);
        parameters.put("nameLikePattern", namePattern == null ? "%" : globToLike(namePattern));
        parameters.put("createdAfter", new Timestamp(createdAfter == null ? 0 : createdAfter.getTime()));
        parameters.put("newestPerName", newestPerName == null ? Integer.MAX_VALUE : newestPerName);
        return parameters;
    }

    /** {@code Backup-*} becomes {@code Backup-%}; LIKE's own wildcards in the glob are matched literally. */
    static String globToLike(String glob) {
        StringBuilder like = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', LIKE_ESCAPE -> like.append(LIKE_ESCAPE).append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
