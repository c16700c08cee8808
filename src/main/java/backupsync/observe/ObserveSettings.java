package backupsync.observe;

import backupsync.config.Settings;

/** {@code backupsync.progress.*}: how often long copies are logged with their progress. */
public record ObserveSettings(long progressLogPeriodMs) {

    public static ObserveSettings from(Settings settings) {
        return new ObserveSettings(settings.number("backupsync.progress.log-period", 1, 86_400_000));
    }
}
