package backupsync.verify;

import java.util.Date;
import java.util.Map;

import backupsync.bandwidth.Timetable;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A verify policy (docs/verify.md): on a Quartz cron schedule, re-read every Ready copy on one store (or on every
 * store, {@code backupStorageUuid} null) and check its size and metadata.md5, no faster than {@code readRateLimit};
 * skip copies verified good within {@code reverifyAfterDays}; with {@code repair}, copy a bad one again from a good one.
 */
@JsonPropertyOrder({"uuid", "name", "backupStorageUuid", "schedule", "reverifyAfterDays", "readRateLimit", "repair",
        "webHook", "state", "runningRunUuid", "runningSince", "lastOpDate", "createDate"})
public record VerifyPolicy(String uuid, String name, String backupStorageUuid, String schedule, int reverifyAfterDays,
                           String readRateLimit, boolean repair, String webHook, String state, String runningRunUuid,
                           Date runningSince, Date lastOpDate, Date createDate) {
    public static final String ENABLED = "Enabled";
    public static final String VO_TYPE = "VerifyPolicyVO";

    public static VerifyPolicy from(Map<String, Object> row) {
        return new VerifyPolicy((String) row.get("uuid"), (String) row.get("name"), (String) row.get("backupStorageUuid"),
                (String) row.get("schedule"), ((Number) row.get("reverifyAfterDays")).intValue(),
                (String) row.get("readRateLimit"), number(row.get("repair")) != 0, (String) row.get("webHook"),
                (String) row.get("state"), (String) row.get("runningRunUuid"), (Date) row.get("runningSince"),
                (Date) row.get("lastOpDate"), (Date) row.get("createDate"));
    }

    private static long number(Object value) {
        return value instanceof Boolean flag ? (flag ? 1 : 0) : ((Number) value).longValue();
    }

    @JsonIgnore
    public boolean isEnabled() {
        return ENABLED.equals(state);
    }

    /** The read limit as a timetable (checked when the inventory was loaded). */
    @JsonIgnore
    public Timetable readTimetable() {
        return Timetable.parse(readRateLimit);
    }
}
