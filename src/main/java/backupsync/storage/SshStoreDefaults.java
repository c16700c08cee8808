package backupsync.storage;

import java.nio.file.Path;
import java.time.Duration;

import backupsync.config.Settings;
import backupsync.storage.ssh.SshEndpoint;
import backupsync.storage.ssh.SshStoreSettings;

/**
 * What every remote store of this node shares, from the {@code backupsync.ssh.*} properties: timeouts, the pool, the
 * MD5 on the destination host, how a copy cut off by the link resumes, and the private key file a store uses when its record names neither a key nor a
 * password.
 *
 * @param defaultPrivateKeyFile null when there is none
 */
public record SshStoreDefaults(Duration connectTimeout, Duration authTimeout, Duration readTimeout,
                               Duration keepaliveInterval, int maxConnections, int channelsPerConnection,
                               boolean md5AtStore, int retries, Duration retryBackoff, int writeChannels,
                               Path defaultPrivateKeyFile) {

    /** The node's {@code backupsync.ssh.*} settings. */
    public static SshStoreDefaults from(Settings settings) {
        String keyFile = settings.optionalText("backupsync.ssh.private-key-file");
        // Read by routes/storage-status.yaml's timer (every store's ping, local ones too); checked here with the store
        // settings, so a bad value names itself.
        settings.number("backupsync.storage.ping-period", 1, Integer.MAX_VALUE);
        return new SshStoreDefaults(millis(settings, "backupsync.ssh.connect-timeout"),
                millis(settings, "backupsync.ssh.auth-timeout"), millis(settings, "backupsync.ssh.read-timeout"),
                millis(settings, "backupsync.ssh.keepalive-interval"),
                settings.integer("backupsync.ssh.max-connections", 1, 64),
                settings.integer("backupsync.ssh.channels-per-connection", 1, 1024),
                settings.flag("backupsync.ssh.md5-at-store"),
                settings.integer("backupsync.ssh.retries", 0, 1000),
                Duration.ofMillis(settings.number("backupsync.ssh.retry-backoff", 0, Integer.MAX_VALUE)),
                settings.integer("backupsync.ssh.write-channels", 1, 16),
                keyFile == null ? null : Path.of(keyFile));
    }

    private static Duration millis(Settings settings, String key) {
        return Duration.ofMillis(settings.number(key, 1, Integer.MAX_VALUE));
    }

    /** MINA SSHD's defaults as SshStoreSettings has them, with the MD5 at the store on and no default key. */
    public static SshStoreDefaults standard() {
        return new SshStoreDefaults(SshStoreSettings.DEFAULT_CONNECT_TIMEOUT, SshStoreSettings.DEFAULT_AUTH_TIMEOUT,
                SshStoreSettings.DEFAULT_READ_TIMEOUT, SshStoreSettings.DEFAULT_KEEPALIVE_INTERVAL,
                SshStoreSettings.DEFAULT_MAX_CONNECTIONS, SshStoreSettings.DEFAULT_CHANNELS_PER_CONNECTION, true,
                SshStoreSettings.DEFAULT_RETRIES, SshStoreSettings.DEFAULT_RETRY_BACKOFF,
                SshStoreSettings.DEFAULT_WRITE_CHANNELS, null);
    }

    /**
     * The settings of one store: its own key file first (key auth is preferred), else its password, else this
     * node's default key file. Throws IllegalArgumentException naming the store when it has none of them.
     */
    public SshStoreSettings settingsFor(SshEndpoint endpoint, String hostKeyFingerprint, String privateKeyFile, String password) {
        Path keyFile = privateKeyFile != null && !privateKeyFile.isBlank() ? Path.of(privateKeyFile)
                : password != null && !password.isEmpty() ? null : defaultPrivateKeyFile;
        return SshStoreSettings.of(endpoint, hostKeyFingerprint, keyFile, keyFile == null ? password : null)
                .withTimeouts(connectTimeout, authTimeout, readTimeout, keepaliveInterval)
                .withPool(maxConnections, channelsPerConnection)
                .withMd5AtStore(md5AtStore)
                .withRetries(retries, retryBackoff)
                .withWriteChannels(writeChannels);
    }
}
