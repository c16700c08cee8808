package backupsync.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.jdbc.core.JdbcTemplate;

/** Readiness: the database answers a trivial query within a few seconds. */
public class DatabaseHealthCheck extends AbstractHealthCheck {
    private final JdbcTemplate jdbc;

    public DatabaseHealthCheck(JdbcTemplate jdbc) {
        super("backupsync", "database");
        this.jdbc = jdbc;
        this.jdbc.setQueryTimeout(5);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Ours come first in /observe/health: {@link BackupSyncHealthOrder}. */
    @Override
    public int getOrder() {
        return BackupSyncHealthOrder.DATABASE;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            builder.up();
        } catch (RuntimeException e) {
            builder.message("the database does not answer: " + e.getMessage()).error(e).down();
        }
    }
}
