package backupsync.http;

import backupsync.config.Settings;

/** The API's HTTP server ({@code camel.server.*}) and the sessions of its callers ({@code backupsync.session-*}). */
public record HttpSettings(String host, int port, long maxBodySize, long sessionTimeoutSeconds,
                           long sessionCacheSeconds) {

    public static HttpSettings from(Settings settings) {
        return new HttpSettings(
                settings.text("camel.server.host"),
                settings.integer("camel.server.port", 1, 65535),
                settings.number("camel.server.max-body-size", 1024, Integer.MAX_VALUE),
                settings.number("backupsync.session-timeout", 1, Long.MAX_VALUE),
                settings.number("backupsync.session-cache-seconds", 0, 86_400));
    }
}
