package backupsync.data;

import java.sql.SQLException;

import javax.sql.DataSource;

import backupsync.StartupFailure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** Opens the connection pool and brings the schema to the current version (Flyway, one folder per database). */
public final class Database {
    /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1: the file is locked by another process. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private Database() {
    }

    /** The embedded default: an H2 file database in the data directory, kept open while the service runs. */
    public static String embeddedH2Url(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("backupsync") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;WRITE_DELAY=0";
    }

    /**
     * {@link #open}, with the reasons an operator can fix said in one line ({@link StartupFailure}): the embedded
     * file already open by another process, or a database that refuses the connection. The URL is shown without
     * any password it carries.
     */
    public static HikariDataSource openOrExplain(String url, String username, String password, int poolSize,
                                                 long connectionTimeoutMs) {
        try {
            return open(url, username, password, poolSize, connectionTimeoutMs);
        } catch (RuntimeException e) {
            String shownUrl = url.replaceAll("(?i)(password=)[^;&]*", "$1***");
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                    throw new StartupFailure("the embedded database %s is open in another process (a backup-sync on the same data directory?): stop it or set backupsync.data-dir"
                            .formatted(shownUrl.replaceAll("^jdbc:h2:file:([^;]*).*$", "$1.mv.db")), e);
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new StartupFailure("cannot open the database %s as %s: %s: check backupsync.db.url, backupsync.db.username and BACKUPSYNC_DB_PASSWORD"
                    .formatted(shownUrl, username, root.getMessage()), e);
        }
    }

    public static HikariDataSource open(String url, String username, String password, int poolSize,
                                        long connectionTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("backup-sync");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setExceptionOverrideClassName(BrokenConnectionEviction.class.getName());
        // READ COMMITTED everywhere: H2's and PostgreSQL's default, not MariaDB's. Under REPEATABLE READ InnoDB
        // keeps a lock on every row an UPDATE examines (matching or not) and gap locks on missing keys, so an
        // inventory load on a starting node deadlocked with the syncs of a running one (ReplicationClusterTest).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(config);
    }

    /**
     * {@code backupsync.db.migrate}: {@code migrate} creates or upgrades our schema (and refuses a non-empty database
     * Flyway has never seen, rather than guess); {@code baseline} accepts a database that already holds ZStack's
     * tables (V1) and applies only later versions; {@code none} leaves the schema alone.
     */
    public static void migrate(DataSource dataSource, String vendor, String mode) {
        switch (mode) {
            case "none" -> {
            }
            case "migrate", "baseline" -> Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + vendor)
                    .baselineOnMigrate("baseline".equals(mode))
                    .baselineVersion("1")
                    .baselineDescription("existing ZStack schema")
                    .load()
                    .migrate();
            default -> throw new IllegalArgumentException(
                    "backupsync.db.migrate must be migrate, baseline or none, got '%s'".formatted(mode));
        }
    }
}
