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
        return "jdbc:h2:file:" + dataDir.resolve("backupsync") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
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
        return new HikariDataSource(config);
    }

    public static void migrate(DataSource dataSource, String vendor) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor)
                .load()
                .migrate();
    }
}
