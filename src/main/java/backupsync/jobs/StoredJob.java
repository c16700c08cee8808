package backupsync.jobs;

import java.time.Instant;

/** One AsyncRestVO row, as polls read it. */
public record StoredJob(String uuid, String state, String result, Integer resultStatus, Instant lastOpDate,
                        String sessionUuid, long apiTimeout, boolean wantsSchema) {
    public static final String PROCESSING = "Processing";
    public static final String DONE = "Done";

    public boolean isDone() {
        return DONE.equals(state);
    }
}
