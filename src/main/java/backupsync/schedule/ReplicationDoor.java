package backupsync.schedule;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RequestParts;
import backupsync.query.QueryDatabaseBackups;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** The replication REST doors (routes/replication-doors.yaml); admin only, as policies concern every backup. */
public class ReplicationDoor {
    public static final String RUN_ACTION_KEY = "runReplicationPolicy";
    private static final Pattern POLICY_ACTIONS_PATH =
            Pattern.compile("^/zstack/v1/database-backups/replication-policies/([^/]+)/actions/?$");
    private static final Pattern RUN_PATH = Pattern.compile("^/zstack/v1/database-backups/replication-runs/([^/]+)/?$");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final SessionService sessions;
    private final ReplicationPolicies policies;
    private final ReplicationReports reports;
    private final ReplicationRpo rpo;

    public ReplicationDoor(SessionService sessions, ReplicationPolicies policies, ReplicationReports reports,
                           ReplicationRpo rpo) {
        this.sessions = sessions;
        this.reports = reports;
        this.policies = policies;
        this.rpo = rpo;
    }

    /** Step "listReplicationPolicies": 200 {"inventories": [policy...]}, each with its RPO measured now. */
    public void listReplicationPolicies(Exchange exchange) {
        requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", policies.all().stream().map(rpo::withRpo).toList()));
    }

    /** Step "readRunRequest": {"runReplicationPolicy": {}} on the policy's actions path. */
    public void readRunRequest(Exchange exchange) {
        requireAdmin(exchange);
        JsonNode action = ZStackJson.readObject(RequestParts.jsonBody(exchange)).get(RUN_ACTION_KEY);
        if (action == null || !action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no action key; expected {\"%s\": {}}".formatted(RUN_ACTION_KEY));
        }
        String policyUuid = uuidIn(exchange, POLICY_ACTIONS_PATH);
        exchange.setProperty(ReplicationDryRun.DRY_RUN, backupsync.verify.VerifyDoor.dryRun(action));
        exchange.setProperty(ClaimReplicationRun.POLICY_UUID, policyUuid);
        exchange.setProperty(ClaimReplicationRun.TRIGGERED_BY, ReplicationRun.BY_API);
        exchange.getMessage().setBody(null);
    }

    /**
     * Step "answerRunStarted": 200 {"inventory": run} while the run goes on in the background; a dry run answers what
     * it would copy (never stored).
     */
    public void answerRunStarted(Exchange exchange) {
        Object dryRun = exchange.getProperty(ReplicationDryRun.RESULT);
        if (dryRun != null) {
            HttpResponses.write(exchange, 200, Map.of("inventory", dryRun));
            return;
        }
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(run.getRunUuid())));
    }

    /** Step "listReplicationRuns": ?policyUuid=&limit=&start=, newest first. */
    public void listReplicationRuns(Exchange exchange) {
        requireAdmin(exchange);
        Map<String, List<String>> parameters = QueryDatabaseBackups.parseQueryString(
                exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        List<String> policy = parameters.get("policyUuid");
        String policyUuid = policy == null || policy.isEmpty() ? null : policy.get(0);
        if (policyUuid != null && !Uuids.isValid(policyUuid)) {
            throw ApiException.invalidField("policyUuid", "'%s' is not a ZStack uuid".formatted(shorten(policyUuid)));
        }
        HttpResponses.write(exchange, 200, Map.of("inventories", reports.runs(policyUuid,
                QueryDatabaseBackups.number(parameters, "limit", DEFAULT_LIMIT, MAX_LIMIT),
                QueryDatabaseBackups.number(parameters, "start", 0, Integer.MAX_VALUE))));
    }

    /** Step "getReplicationRun": one report with every failed copy and its ErrorCode. */
    public void getReplicationRun(Exchange exchange) {
        requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(uuidIn(exchange, RUN_PATH))));
    }

    private void requireAdmin(Exchange exchange) {
        Caller caller = sessions.authenticate(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")));
        if (!caller.isAdmin()) {
            throw new ApiException(ZStackError.PERMISSION_DENIED,
                    "operation denied. Replication policies and runs are for admin only; the account[uuid: %s] is not admin"
                            .formatted(caller.accountUuid()));
        }
    }

    private static String uuidIn(Exchange exchange, Pattern path) {
        Matcher matcher = path.matcher(String.valueOf(RequestParts.path(exchange)));
        String uuid = matcher.matches() ? matcher.group(1) : null;
        if (!Uuids.isValid(uuid)) {
            throw ApiException.invalidField("uuid", "'%s' is not a ZStack uuid (32 lowercase hex characters)"
                    .formatted(shorten(String.valueOf(uuid))));
        }
        return uuid;
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
