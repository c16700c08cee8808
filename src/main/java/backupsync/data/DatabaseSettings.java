package backupsync.data;

import java.nio.file.Path;

import backupsync.config.Settings;

/** {@code backupsync.db.*}: which database, how the pool reaches it, what Flyway does, the embedded file's upkeep. */
public record DatabaseSettings(String vendor, String url, String username, String password, int poolSize,
                               long connectionTimeoutMs, String migrate, long h2HousekeepingPeriodMs) {

    /** @param dataDir where the embedded H2 file lives when {@code backupsync.db.url} is empty */
    public static DatabaseSettings from(Settings settings, Path dataDir) {
        String url = settings.optionalText("backupsync.db.url");
        return new DatabaseSettings(
                settings.oneOf("backupsync.db.vendor", "h2", "postgresql", "mariadb"),
                url == null ? Database.embeddedH2Url(dataDir) : url,
                settings.text("backupsync.db.username"),
                settings.optionalText("backupsync.db.password"),
                settings.integer("backupsync.db.pool-size", 1, 1000),
                settings.number("backupsync.db.connection-timeout", 250, Integer.MAX_VALUE),
                settings.oneOf("backupsync.db.migrate", "migrate", "baseline", "none"),
                settings.number("backupsync.db.h2.housekeeping-period", 0, Long.MAX_VALUE));
    }

    @Override
    public String toString() {
        return "DatabaseSettings[%s %s as %s, pool %d]".formatted(vendor, url.replaceAll("(?i)(password=)[^;&]*", "$1***"),
                username, poolSize);
    }
}
