package backupsync.jobs;

import backupsync.config.Settings;

/** {@code backupsync.jobs.*}: ZStack's async job protocol (threads, timeouts, expiry, web hooks). */
public record JobSettings(int poolSize, long defaultApiTimeoutMs, long expireAfterSeconds, long cleanupIntervalSeconds,
                          int webHookAttempts, long webHookBackoffMs, long webHookTimeoutMs) {

    public static JobSettings from(Settings settings) {
        return new JobSettings(
                settings.integer("backupsync.jobs.pool-size", 1, 10_000),
                settings.number("backupsync.jobs.default-api-timeout", 1, Long.MAX_VALUE),
                settings.number("backupsync.jobs.expire-after", 1, Long.MAX_VALUE),
                settings.number("backupsync.jobs.cleanup-interval", 1, 86_400),
                settings.integer("backupsync.jobs.webhook-attempts", 1, 1_000_000),
                settings.number("backupsync.jobs.webhook-backoff", 0, 3_600_000),
                settings.number("backupsync.jobs.webhook-timeout", 1, 3_600_000));
    }
}
