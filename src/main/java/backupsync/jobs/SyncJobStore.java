package backupsync.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import backupsync.data.SqlFiles;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** ZStack's AsyncRestVO: the only place a job's state lives, so any node can answer a poll, even after a restart. */
public class SyncJobStore {
    /** AsyncRestVO.nodeId is VARCHAR(255). */
    private static final int MAX_NODE_ID = 255;
    private final NamedParameterJdbcTemplate jdbc;
    private final String nodeId;

    public SyncJobStore(NamedParameterJdbcTemplate jdbc, String nodeId) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
    }

    /**
     * {@code <hostname>:<data dir>}: stable across restarts of one installation, distinct between installations.
     * Longer than the column allows, the data dir is replaced by its hash.
     */
    public static String defaultNodeId(Path dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unresolvable) {
            host = "localhost";
        }
        String nodeId = host + ":" + dataDir;
        return nodeId.length() <= MAX_NODE_ID ? nodeId : host + ":" + Integer.toHexString(dataDir.toString().hashCode());
    }

    /** Records a new Processing job; false when the uuid is already taken (a repeated X-Job-UUID runs once). */
    public boolean insert(SyncJob job, String requestData, String sessionUuid) {
        Instant now = Instant.now();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("uuid", job.getUuid());
        parameters.put("requestData", requestData);
        parameters.put("now", Timestamp.from(now));
        parameters.put("sessionUuid", sessionUuid);
        parameters.put("apiTimeout", job.getApiTimeoutMs());
        parameters.put("deadline", Timestamp.from(now.plusMillis(job.getApiTimeoutMs())));
        parameters.put("wantsSchema", job.isWantsSchema());
        parameters.put("webHook", job.getWebHook());
        parameters.put("nodeId", nodeId);
        try {
            jdbc.update(SqlFiles.load("insert-async-rest-job"), parameters);
            return true;
        } catch (DuplicateKeyException alreadyKnown) {
            return false;
        }
    }

    public Optional<StoredJob> find(String uuid) {
        List<StoredJob> rows = jdbc.query(SqlFiles.load("select-async-rest-job"), Map.of("uuid", uuid),
                (row, i) -> new StoredJob(row.getString("uuid"), row.getString("state"), row.getString("result"),
                        (Integer) row.getObject("resultStatus"), row.getTimestamp("lastOpDate").toInstant(),
                        row.getString("sessionUuid"), row.getLong("apiTimeout"), row.getBoolean("wantsSchema")));
        return rows.stream().findFirst();
    }

    /** Processing to Done with its answer; false when the job was already Done (its timeout or its result won). */
    public boolean finish(String uuid, int resultStatus, String result) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("uuid", uuid);
        parameters.put("resultStatus", resultStatus);
        parameters.put("result", result);
        parameters.put("now", Timestamp.from(Instant.now()));
        parameters.put("nodeId", nodeId);
        return jdbc.update(SqlFiles.load("finish-async-rest-job"), parameters) == 1;
    }

    /** The job's web hook answered 2xx or was given up: nothing is owed any more. */
    public void webHookSettled(String uuid) {
        jdbc.update(SqlFiles.load("settle-web-hook"), Map.of("uuid", uuid));
    }

    /** At start-up: finished jobs whose web hook this node owed when it last stopped. */
    public List<OwedWebHook> webHooksOwedByThisNode() {
        return jdbc.query(SqlFiles.load("select-web-hooks-owed-by-node"), Map.of("nodeId", nodeId),
                (row, i) -> new OwedWebHook(unfinishedJob(row, i), row.getInt("resultStatus"), row.getString("result")));
    }

    /** A finished job and the answer its web hook still has to carry. */
    public record OwedWebHook(SyncJob job, int status, String body) {
    }

    /** At start-up: the jobs this node left Processing, which died with its previous process. */
    public List<SyncJob> jobsLeftByThisNode() {
        return jdbc.query(SqlFiles.load("select-async-rest-jobs-left-by-node"), Map.of("nodeId", nodeId), SyncJobStore::unfinishedJob);
    }

    /** Processing jobs past their deadline, on any node (a node that died and never came back included). */
    public List<SyncJob> overdueJobs() {
        return jdbc.query(SqlFiles.load("select-overdue-async-rest-jobs"), Map.of("now", Timestamp.from(Instant.now())),
                SyncJobStore::unfinishedJob);
    }

    public int deleteJobsDoneBefore(Instant expiredBefore) {
        return jdbc.update(SqlFiles.load("delete-expired-async-rest-jobs"),
                Map.of("expiredBefore", Timestamp.from(expiredBefore)));
    }

    private static SyncJob unfinishedJob(ResultSet row, int rowNumber) throws SQLException {
        return new SyncJob(row.getString("uuid"), row.getLong("apiTimeout"), row.getString("webHook"),
                row.getBoolean("wantsSchema"), null);
    }
}
