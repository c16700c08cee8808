package backupsync.schedule;

import backupsync.config.Settings;

/** {@code backupsync.replication.*}: the clustered Quartz scheduler of the replication policies. */
public record ReplicationSettings(String schedulerName, String driverDelegate, long checkinIntervalMs, int threadCount,
                                  int candidateFetchSize) {

    /** @param databaseVendor picks Quartz's delegate when {@code driver-delegate} is empty */
    public static ReplicationSettings from(Settings settings, String databaseVendor) {
        String delegate = settings.optionalText("backupsync.replication.quartz.driver-delegate");
        if (delegate == null) {
            delegate = "postgresql".equals(databaseVendor)
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        }
        return new ReplicationSettings(
                settings.text("backupsync.replication.quartz.scheduler-name"),
                delegate,
                settings.number("backupsync.replication.quartz.checkin-interval", 1, 3_600_000),
                settings.integer("backupsync.replication.quartz.thread-count", 1, 256),
                settings.integer("backupsync.replication.candidate-fetch-size", 1, 100_000));
    }
}
