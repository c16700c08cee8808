package backupsync.data;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP to drop a connection the database end has closed. HikariCP evicts on SQLState class 08 only;
 * H2's server mode reports a broken session with its own codes (90067 and kin), and without this the pool kept
 * handing out dead connections after the database came back (found by DatabaseFaultTest).
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {
    private static final Set<Integer> H2_CONNECTION_BROKEN = Set.of(90067, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException || H2_CONNECTION_BROKEN.contains(e.getErrorCode())
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return Override.MUST_EVICT;
        }
        return Override.CONTINUE_EVICT;
    }
}
