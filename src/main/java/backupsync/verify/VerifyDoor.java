package backupsync.verify;

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

/** The verify REST doors (routes/verify-doors.yaml); admin only, as policies concern every backup. */
public class VerifyDoor {
    public static final String RUN_ACTION_KEY = "runVerifyPolicy";
    private static final Pattern POLICY_ACTIONS_PATH =
            Pattern.compile("^/zstack/v1/database-backups/verify-policies/([^/]+)/actions/?$");
    private static final Pattern RUN_PATH = Pattern.compile("^/zstack/v1/database-backups/verify-runs/([^/]+)/?$");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final SessionService sessions;
    private final VerifyPolicies policies;
    private final VerifyReports reports;
    private final String nodeId;

    public VerifyDoor(SessionService sessions, VerifyPolicies policies, VerifyReports reports, String nodeId) {
        this.sessions = sessions;
        this.policies = policies;
        this.reports = reports;
        this.nodeId = nodeId;
    }

    /** Step "listVerifyPolicies": 200 {"inventories": [policy...]}. */
    public void listVerifyPolicies(Exchange exchange) {
        requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", policies.all()));
    }

    /** Step "readVerifyRunRequest": {"runVerifyPolicy": {}} or {"runVerifyPolicy": {"dryRun": true}}. */
    public void readRunRequest(Exchange exchange) {
        requireAdmin(exchange);
        JsonNode action = ZStackJson.readObject(RequestParts.jsonBody(exchange)).get(RUN_ACTION_KEY);
        if (action == null || !action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no action key; expected {\"%s\": {}} or {\"%s\": {\"dryRun\": true}}"
                            .formatted(RUN_ACTION_KEY, RUN_ACTION_KEY));
        }
        exchange.setProperty(ClaimVerifyRun.DRY_RUN, dryRun(action));
        exchange.setProperty(ClaimVerifyRun.POLICY_UUID, uuidIn(exchange, POLICY_ACTIONS_PATH));
        exchange.setProperty(ClaimVerifyRun.TRIGGERED_BY, VerifyRun.BY_API);
        exchange.getMessage().setBody(null);
    }

    /** {@code dryRun} is a JSON boolean when present; anything else is a malformed request. */
    public static boolean dryRun(JsonNode action) {
        JsonNode dryRun = action.get("dryRun");
        if (dryRun == null || dryRun.isNull()) {
            return false;
        }
        if (!dryRun.isBoolean()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "field dryRun must be true or false, got %s".formatted(shorten(dryRun.toString())));
        }
        return dryRun.booleanValue();
    }

    /**
     * Step "answerVerifyRun": a real run answers at once, 200 {"inventory": run} (Running) while it goes on in the
     * background; a dry run has already run and answers its whole listing, which was never stored.
     */
    public void answerRun(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        HttpResponses.write(exchange, 200, Map.of("inventory",
                run.isDryRun() ? VerifyRunInventory.ofDryRun(run, nodeId) : reports.run(run.getRunUuid())));
    }

    /** Step "listVerifyRuns": ?policyUuid=&limit=&start=, newest first. */
    public void listVerifyRuns(Exchange exchange) {
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

    /** Step "getVerifyRun": one report with every finding. */
    public void getVerifyRun(Exchange exchange) {
        requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(uuidIn(exchange, RUN_PATH))));
    }

    private void requireAdmin(Exchange exchange) {
        Caller caller = sessions.authenticate(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")));
        if (!caller.isAdmin()) {
            throw new ApiException(ZStackError.PERMISSION_DENIED,
                    "operation denied. Verify policies and runs are for admin only; the account[uuid: %s] is not admin"
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
