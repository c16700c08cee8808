package backupsync.data;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** Opens the connection pool and brings the schema to the current version (Flyway, one folder per database). */
public final class Database {
    private Database() {
    }

    /** The embedded default: an H2 file database in the data directory, kept open while the service runs. */
    public static String embeddedH2Url(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("backupsync") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;WRITE_DELAY=0";
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
