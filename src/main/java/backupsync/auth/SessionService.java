package backupsync.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.SessionInventory;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.data.Rows;
import backupsync.data.SqlFiles;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** LogInByAccount and session checks, on ZStack's AccountVO and SessionVO. */
public class SessionService {
    private final NamedParameterJdbcTemplate jdbc;
    private final long sessionTimeoutSeconds;
    private final SessionCache cache;

    public SessionService(NamedParameterJdbcTemplate jdbc, long sessionTimeoutSeconds, SessionCache cache) {
        this.jdbc = jdbc;
        this.sessionTimeoutSeconds = sessionTimeoutSeconds;
        this.cache = cache;
    }

    public SessionInventory logIn(String accountName, String passwordSha512Hex) {
        // No account name holds a NUL character, and PostgreSQL refuses one in a query: the same answer as any wrong name.
        if (accountName.indexOf('\0') >= 0 || passwordSha512Hex.indexOf('\0') >= 0) {
            throw new ApiException(ZStackError.AUTHENTICATION_ERROR, "wrong account name or password");
        }
        List<Map<String, Object>> accounts = jdbc.queryForList(SqlFiles.load("select-account-by-name"),
                Map.of("name", accountName));
        // One answer for an unknown name and a wrong password: the error must not reveal which accounts exist.
        if (accounts.isEmpty() || !PasswordHash.matches((String) accounts.get(0).get("password"), passwordSha512Hex)) {
            throw new ApiException(ZStackError.AUTHENTICATION_ERROR, "wrong account name or password");
        }
        Map<String, Object> account = accounts.get(0);
        if (!"Enabled".equals(account.get("state"))) {
            throw new ApiException(ZStackError.AUTHENTICATION_ERROR, "the account is %s".formatted(account.get("state")));
        }
        String accountUuid = (String) account.get("uuid");
        Instant now = Instant.now();
        // Whole seconds: the date format ZStack clients read has no fractions.
        Timestamp createDate = Timestamp.from(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Timestamp expiredDate = Timestamp.from(createDate.toInstant().plusSeconds(sessionTimeoutSeconds));
        String sessionUuid = Uuids.sessionId();
        jdbc.update(SqlFiles.load("insert-session"), Map.of("uuid", sessionUuid, "accountUuid", accountUuid,
                "userUuid", accountUuid, "expiredDate", expiredDate, "createDate", createDate));
        return new SessionInventory(sessionUuid, accountUuid, accountUuid, expiredDate, createDate);
    }

    /**
     * The caller behind a session, who must be admin; ID.1002 otherwise, its details starting with {@code whatIsAdminOnly}
     * (e.g. "Bandwidth limits are for admin only").
     */
    public Caller authenticateAdmin(String sessionUuid, String whatIsAdminOnly) {
        Caller caller = authenticate(sessionUuid);
        if (!caller.isAdmin()) {
            throw new ApiException(ZStackError.PERMISSION_DENIED, "operation denied. %s; the account[uuid: %s] is not admin"
                    .formatted(whatIsAdminOnly, caller.accountUuid()));
        }
        return caller;
    }

    /** The caller behind a session; ID.1001 for a session that is unknown, malformed or past its expiredDate. */
    public Caller authenticate(String sessionUuid) {
        if (!Uuids.isValid(sessionUuid)) {
            throw invalidSession();
        }
        Caller cached = cache.get(sessionUuid, Instant.now());
        if (cached != null) {
            return cached;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-session-caller"),
                Map.of("sessionUuid", sessionUuid));
        if (rows.isEmpty()) {
            throw invalidSession();
        }
        Map<String, Object> row = rows.get(0);
        Date expiredDate = Rows.date(row.get("expiredDate"));
        if (expiredDate.toInstant().isBefore(Instant.now())) {
            jdbc.update(SqlFiles.load("delete-session"), Map.of("sessionUuid", sessionUuid));
            throw invalidSession();
        }
        Caller caller = new Caller((String) row.get("accountUuid"), (String) row.get("accountName"),
                (String) row.get("accountType"), sessionUuid);
        cache.put(caller, expiredDate.toInstant());
        return caller;
    }

    /**
     * LogOut: the session is deleted, so it stops working on every node (another node's cache may trust it for up to
     * {@code backupsync.session-cache-seconds}, as for any session deleted elsewhere). As in ZStack, an unknown or
     * already ended session is not an error.
     */
    public void logOut(String sessionUuid) {
        if (!Uuids.isValid(sessionUuid)) {
            return;
        }
        cache.remove(sessionUuid);
        jdbc.update(SqlFiles.load("delete-session"), Map.of("sessionUuid", sessionUuid));
    }

    /**
     * The session presented is never echoed: an expired one was a real credential, and the details are logged and
     * may be stored as a job's result.
     */
    private static ApiException invalidSession() {
        return new ApiException(ZStackError.INVALID_SESSION,
                "the session is expired or does not exist; log in again with PUT /zstack/v1/accounts/login");
    }
}
