package backupsync.verify;

import backupsync.config.Settings;

/** {@code backupsync.verify.*}: how verify runs read and how their web hooks are delivered. */
public record VerifySettings(int readBufferSize, int candidateFetchSize, int webHookAttempts, long webHookBackoffMs,
                             long webHookTimeoutMs, long rpoCheckPeriodMs) {

    public static VerifySettings from(Settings settings) {
        return new VerifySettings(
                settings.integer("backupsync.verify.read-buffer-size", 4096, 64 << 20),
                settings.integer("backupsync.verify.candidate-fetch-size", 1, 100_000),
                settings.integer("backupsync.verify.webhook-attempts", 1, 100),
                settings.number("backupsync.verify.webhook-backoff", 1, 3_600_000),
                settings.number("backupsync.verify.webhook-timeout", 1, 3_600_000),
                settings.number("backupsync.verify.rpo-check-period", 100, 86_400_000));
    }
}
