package backupsync.http;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.SessionService;
import backupsync.query.QueryDatabaseBackups;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * Reads the requests of an admin-only door over policies and their runs (replication and verify alike): who asks,
 * the uuid in the path, the action's body, and the paging of a run listing.
 */
public final class PolicyDoorRequests {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final SessionService sessions;
    private final String whatIsAdminOnly;

    /** {@code whatIsAdminOnly} names the door's resources in the refusal, e.g. "Verify policies and runs". */
    public PolicyDoorRequests(SessionService sessions, String whatIsAdminOnly) {
        this.sessions = sessions;
        this.whatIsAdminOnly = whatIsAdminOnly;
    }

    /** The caller's session must be admin's: policies concern every account's backups. */
    public void requireAdmin(Exchange exchange) {
        sessions.authenticateAdmin(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")),
                whatIsAdminOnly + " are for admin only");
    }

    /** The body's {@code {"<actionKey>": {...}}} object, or a malformed request naming what was expected. */
    public static JsonNode action(Exchange exchange, String actionKey) {
        JsonNode action = ZStackJson.readObject(RequestParts.jsonBody(exchange)).get(actionKey);
        if (action == null || !action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no action key; expected {\"%s\": {}} or {\"%s\": {\"dryRun\": true}}"
                            .formatted(actionKey, actionKey));
        }
        return action;
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

    /** The uuid the path's first group holds, checked to be a ZStack uuid. */
    public static String uuidIn(Exchange exchange, Pattern path) {
        Matcher matcher = path.matcher(String.valueOf(RequestParts.path(exchange)));
        String uuid = matcher.matches() ? matcher.group(1) : null;
        if (!Uuids.isValid(uuid)) {
            throw ApiException.invalidField("uuid", "'%s' is not a ZStack uuid (32 lowercase hex characters)"
                    .formatted(shorten(String.valueOf(uuid))));
        }
        return uuid;
    }

    /** A run listing's query: {@code ?policyUuid=&limit=&start=}. */
    public static RunPage runPage(Exchange exchange) {
        Map<String, List<String>> parameters = QueryDatabaseBackups.parseQueryString(
                exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        List<String> policy = parameters.get("policyUuid");
        String policyUuid = policy == null || policy.isEmpty() ? null : policy.get(0);
        if (policyUuid != null && !Uuids.isValid(policyUuid)) {
            throw ApiException.invalidField("policyUuid", "'%s' is not a ZStack uuid".formatted(shorten(policyUuid)));
        }
        return new RunPage(policyUuid, QueryDatabaseBackups.number(parameters, "limit", DEFAULT_LIMIT, MAX_LIMIT),
                QueryDatabaseBackups.number(parameters, "start", 0, Integer.MAX_VALUE));
    }

    /** Which runs to list: one policy's or all ({@code policyUuid} null), newest first. */
    public record RunPage(String policyUuid, int limit, int start) {
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
