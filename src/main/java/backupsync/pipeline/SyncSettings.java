package backupsync.pipeline;

import java.util.concurrent.TimeUnit;

import backupsync.config.Settings;

/** {@code backupsync.sync.*}, {@code backupsync.copy.*} and {@code backupsync.tags.*}: how one sync behaves. */
public record SyncSettings(int maxTags, int maxTagLength, long lockTimeoutMs, long leaseMs, long waitPollIntervalMs,
                           int copyBufferSize, long writeBehindPeriodMs, long resumeCheckpointBytes) {

    public static SyncSettings from(Settings settings) {
        return new SyncSettings(
                settings.integer("backupsync.tags.max-count", 0, 100_000),
                settings.integer("backupsync.tags.max-length", 1, 1 << 20),
                settings.number("backupsync.sync.lock-timeout", 0, Long.MAX_VALUE),
                TimeUnit.SECONDS.toMillis(settings.number("backupsync.sync.lease-seconds", 1, 86_400 * 7)),
                settings.number("backupsync.sync.wait-poll-interval", 1, 3_600_000),
                settings.integer("backupsync.copy.buffer-size", 4096, 64 << 20),
                settings.number("backupsync.copy.write-behind-period", 1, 3_600_000),
                settings.number("backupsync.copy.resume-checkpoint", 1 << 20, 1L << 40));
    }
}
