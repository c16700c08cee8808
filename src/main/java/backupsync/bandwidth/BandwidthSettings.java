package backupsync.bandwidth;

import backupsync.config.Settings;
import backupsync.StartupFailure;

/** {@code backupsync.copy.bandwidth*}: this node's limit until the API sets one, and how often the shared ones are read. */
public record BandwidthSettings(Timetable nodeDefault, long refreshPeriodMs) {

    public static BandwidthSettings from(Settings settings) {
        String text = settings.text("backupsync.copy.bandwidth");
        Timetable nodeDefault;
        try {
            nodeDefault = Timetable.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure("backupsync.copy.bandwidth = '%s' is not valid: %s".formatted(text, e.getMessage()));
        }
        return new BandwidthSettings(nodeDefault, settings.number("backupsync.copy.bandwidth-refresh-period", 100, 3_600_000));
    }
}
