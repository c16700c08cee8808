package backupsync.bandwidth;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.SessionService;
import backupsync.data.SqlFiles;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.http.RequestParts;

/** The bandwidth REST doors (routes/bandwidth-doors.yaml); admin only, as a limit holds back every account's copies. */
public class BandwidthDoor {
    public static final String SET_ACTION_KEY = "setBandwidthLimit";
    private static final Pattern SET_PATH = Pattern.compile("^/zstack/v1/bandwidth-limits/([^/]+)/([^/]+)/actions/?$");
    /** Node ids are host:data-dir by default; in the path they come URL-encoded (%3A, %2F). */
    private static final Pattern NODE_ID = Pattern.compile("^[\\x21-\\x7e]{1,128}$");

    private final SessionService sessions;
    private final BandwidthLimits limits;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public BandwidthDoor(SessionService sessions, BandwidthLimits limits, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.sessions = sessions;
        this.limits = limits;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Step "listBandwidthLimits": 200 {"inventories": [limit...]}. */
    public void listBandwidthLimits(Exchange exchange) {
        requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", limits.all().stream().map(this::inventory).toList()));
    }

    /** Step "setBandwidthLimit": checks scope, key and timetable, records it, answers the limit as it now is. */
    public void setBandwidthLimit(Exchange exchange) {
        requireAdmin(exchange);
        Matcher path = SET_PATH.matcher(String.valueOf(RequestParts.path(exchange)));
        if (!path.matches()) {
            throw ApiException.invalidField("scope", "expected /zstack/v1/bandwidth-limits/{scope}/{key}/actions");
        }
        String scope = java.net.URLDecoder.decode(path.group(1), java.nio.charset.StandardCharsets.UTF_8);
        String key = java.net.URLDecoder.decode(path.group(2), java.nio.charset.StandardCharsets.UTF_8);
        checkScopeAndKey(scope, key);
        JsonNode action = ZStackJson.readObject(RequestParts.jsonBody(exchange)).get(SET_ACTION_KEY);
        JsonNode timetable = action == null ? null : action.get("timetable");
        if (timetable == null || !timetable.isTextual()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no timetable; expected {\"%s\": {\"timetable\": \"Mon-Fri 08:00,10M 18:00,off\"}}".formatted(SET_ACTION_KEY));
        }
        Timetable parsed;
        try {
            parsed = Timetable.parse(timetable.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("timetable", e.getMessage());
        }
        HttpResponses.write(exchange, 200, Map.of("inventory", inventory(limits.set(scope, key, parsed))));
    }

    private void checkScopeAndKey(String scope, String key) {
        switch (scope) {
            case BandwidthLimits.NODE -> {
                if (!NODE_ID.matcher(key).matches()) {
                    throw ApiException.invalidField("key", "'%s' is not a node id (up to 128 printable characters, URL-encoded in the path)".formatted(shorten(key)));
                }
            }
            case BandwidthLimits.BACKUP_STORAGE -> requireRow("count-backup-storage-by-uuid", key, ZStackError.RESOURCE_NOT_FOUND, "backup storage");
            case BandwidthLimits.REPLICATION_POLICY -> requireRow("count-replication-policy-by-uuid", key, ZStackError.RESOURCE_NOT_FOUND, "replication policy");
            default -> throw ApiException.invalidField("scope", "'%s' is not a scope: %s".formatted(shorten(scope),
                    String.join(", ", BandwidthLimits.SCOPES)));
        }
    }

    private void requireRow(String countSql, String uuid, ZStackError notFound, String what) {
        if (!Uuids.isValid(uuid)) {
            throw ApiException.invalidField("key", "'%s' is not a ZStack uuid (32 lowercase hex characters)".formatted(shorten(uuid)));
        }
        Integer count = jdbc.queryForObject(SqlFiles.load(countSql), Map.of("uuid", uuid), Integer.class);
        if (count == null || count == 0) {
            throw new ApiException(notFound, "%s[uuid:%s] is not found".formatted(what, uuid));
        }
    }

    private Map<String, Object> inventory(Bandwidth limit) {
        Map<String, Object> inventory = new LinkedHashMap<>();
        inventory.put("scope", limit.scope());
        inventory.put("key", limit.key());
        inventory.put("timetable", limit.timetable().text());
        OptionalLong now = limit.limitNow();
        inventory.put("bytesPerSecondNow", now.isPresent() ? now.getAsLong() : null);
        LocalDateTime at = LocalDateTime.now(clock);
        LocalDateTime next = limit.timetable().nextChangeAfter(at);
        inventory.put("nextChange", limit.timetable().limitAt(next).equals(now) ? null : next.toString());
        inventory.put("bytesPassed", limit.bytesPassed());
        return inventory;
    }

    private void requireAdmin(Exchange exchange) {
        sessions.authenticateAdmin(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")),
                "Bandwidth limits are for admin only");
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
