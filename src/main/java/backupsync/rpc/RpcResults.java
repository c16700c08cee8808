package backupsync.rpc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import backupsync.http.HttpResponses;
import backupsync.http.RequestParts;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code GET /zstack/api/result/{uuid}}: the RestAPIResponse of a job the RPC door accepted, read from AsyncRestVO, so
 * any node answers it, after a restart too. As in ZStack the poll carries no session: the job's uuid, random, is what
 * lets one read it. Jobs started through the REST door are not RPC results and are not found here.
 */
public class RpcResults {
    private static final Pattern RESULT_PATH = Pattern.compile("^/zstack/api/result/([^/]+)/?$");
    private static final Pattern MESSAGE_NAME = Pattern.compile("\\{\"apiMessageName\":\"([A-Za-z0-9_.]+)\"");
    private final NamedParameterJdbcTemplate jdbc;
    private final Supplier<Instant> expiredBefore;

    public RpcResults(NamedParameterJdbcTemplate jdbc, Supplier<Instant> expiredBefore) {
        this.jdbc = jdbc;
        this.expiredBefore = expiredBefore;
    }

    /** Step "answerRpcResult". */
    public void answerResult(Exchange exchange) {
        String uuid = uuidOf(RequestParts.path(exchange));
        Map<String, Object> row = (Uuids.isValid(uuid) ? find(uuid) : Optional.<Map<String, Object>>empty())
                .filter(found -> "Processing".equals(found.get("state"))
                        || Rows.date(found.get("lastOpDate")).toInstant().isAfter(expiredBefore.get()))
                .orElseThrow(() -> new ApiException(ZStackError.RESOURCE_NOT_FOUND,
                        "No api result[uuid:%s] found; it may have expired".formatted(RpcEnvelope.shorten(String.valueOf(uuid))), 404));
        RpcMessage message = messageOf((String) row.get("requestData")).orElseThrow(() -> new ApiException(
                ZStackError.RESOURCE_NOT_FOUND, "No api result[uuid:%s] found".formatted(uuid), 404));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uuid", uuid);
        response.put("state", row.get("state"));
        response.put("createdDate", Rows.date(row.get("createDate")));
        if (RpcAnswers.DONE.equals(row.get("state"))) {
            response.put("finishedDate", Rows.date(row.get("lastOpDate")));
            Number status = (Number) row.get("resultStatus");
            response.put("result", RpcAnswers.result(message, status == null ? 503 : status.intValue(), (String) row.get("result")));
        }
        HttpResponses.write(exchange, 200, response);
    }

    private Optional<Map<String, Object>> find(String uuid) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-rpc-api-result"), Map.of("uuid", uuid));
        return rows.stream().findFirst();
    }

    /**
     * The message an RPC job was started for, as its job record names it first (jobs/SyncJobDoor; read from the
     * start, since a long record is cut at the column's size); empty for a REST job.
     */
    private static Optional<RpcMessage> messageOf(String requestData) {
        Matcher matcher = requestData == null ? null : MESSAGE_NAME.matcher(requestData);
        return matcher != null && matcher.lookingAt() ? RpcMessage.byClassName(matcher.group(1)) : Optional.empty();
    }

    private static String uuidOf(String path) {
        Matcher matcher = path == null ? null : RESULT_PATH.matcher(path);
        return matcher != null && matcher.matches() ? matcher.group(1) : null;
    }
}
