package backupsync.storage.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one remote store. Authenticates with a private key file (preferred) or a password; the host key is
 * pinned by its fingerprint ({@code SHA256:<base64>}, as {@code ssh-keygen -l} prints it) and there is no setting that
 * turns checking off. The password is never printed: {@link #toString} leaves it out.
 *
 * @param connectTimeout    TCP connect and SSH key exchange
 * @param authTimeout       authentication
 * @param readTimeout       the longest wait for any answer of the server, and for a dead link to be noticed
 * @param keepaliveInterval keepalive@openssh.com requests on idle and busy connections alike
 * @param maxConnections    SSH connections per store
 * @param channelsPerConnection SFTP and exec channels per connection; OpenSSH's MaxSessions is 10 by default
 * @param md5AtStore        run {@code md5sum} on the host over an exec channel; off: the caller reads the file back
 * @param retries           how often a read or a write cut off by the link (not refused by the server) reconnects
 *                          and resumes where the host's file stands, before it fails
 * @param retryBackoff      the wait before the first reconnect; doubled before each next one
 * @param writeChannels     SFTP channels one write spreads its file over, in stripes: OpenSSH gives each channel a
 *                          2 MiB window, which at 100 ms of round trip holds a link to 168 Mbit/s
 */
public record SshStoreSettings(SshEndpoint endpoint, String hostKeyFingerprint, Path privateKeyFile, String password,
                               Duration connectTimeout, Duration authTimeout, Duration readTimeout,
                               Duration keepaliveInterval, int maxConnections, int channelsPerConnection,
                               boolean md5AtStore, int retries, Duration retryBackoff, int writeChannels) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 2;
    public static final int DEFAULT_CHANNELS_PER_CONNECTION = 8;
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_WRITE_CHANNELS = 2;

    public SshStoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (hostKeyFingerprint == null || !hostKeyFingerprint.startsWith("SHA256:")) {
            throw new IllegalArgumentException("the store %s has no pinned host key (SHA256:... as ssh-keygen -l prints it)"
                    .formatted(endpoint.location()));
        }
        if (privateKeyFile == null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("the store %s has neither a private key file nor a password".formatted(endpoint.location()));
        }
        for (Duration timeout : new Duration[] {connectTimeout, authTimeout, readTimeout, keepaliveInterval}) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeouts of the store %s must be positive".formatted(endpoint.location()));
            }
        }
        if (retries < 0 || retryBackoff == null || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("the store %s needs a retry count and back-off of zero or more".formatted(endpoint.location()));
        }
        if (writeChannels < 1) {
            throw new IllegalArgumentException("the store %s needs at least one write channel".formatted(endpoint.location()));
        }
        if (maxConnections < 1 || channelsPerConnection < 1) {
            throw new IllegalArgumentException("the store %s needs at least one connection and one channel".formatted(endpoint.location()));
        }
    }

    /** Default timeouts and pool; key auth when {@code privateKeyFile} is set, else password auth. */
    public static SshStoreSettings of(SshEndpoint endpoint, String hostKeyFingerprint, Path privateKeyFile, String password) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_AUTH_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_KEEPALIVE_INTERVAL, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_CHANNELS_PER_CONNECTION, true, DEFAULT_RETRIES, DEFAULT_RETRY_BACKOFF, DEFAULT_WRITE_CHANNELS);
    }

    public SshStoreSettings withTimeouts(Duration connect, Duration auth, Duration read, Duration keepalive) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, connect, auth, read, keepalive,
                maxConnections, channelsPerConnection, md5AtStore, retries, retryBackoff, writeChannels);
    }

    public SshStoreSettings withPool(int connections, int channels) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, connectTimeout, authTimeout,
                readTimeout, keepaliveInterval, connections, channels, md5AtStore, retries, retryBackoff, writeChannels);
    }

    public SshStoreSettings withMd5AtStore(boolean on) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, connectTimeout, authTimeout,
                readTimeout, keepaliveInterval, maxConnections, channelsPerConnection, on, retries, retryBackoff, writeChannels);
    }

    public SshStoreSettings withRetries(int count, Duration backoff) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, connectTimeout, authTimeout,
                readTimeout, keepaliveInterval, maxConnections, channelsPerConnection, md5AtStore, count, backoff, writeChannels);
    }

    public SshStoreSettings withWriteChannels(int channels) {
        return new SshStoreSettings(endpoint, hostKeyFingerprint, privateKeyFile, password, connectTimeout, authTimeout,
                readTimeout, keepaliveInterval, maxConnections, channelsPerConnection, md5AtStore, retries, retryBackoff, channels);
    }

    public SshStoreSettings withHostKeyFingerprint(String fingerprint) {
        return new SshStoreSettings(endpoint, fingerprint, privateKeyFile, password, connectTimeout, authTimeout,
                readTimeout, keepaliveInterval, maxConnections, channelsPerConnection, md5AtStore, retries, retryBackoff, writeChannels);
    }

    @Override
    public String toString() {
        return "SshStoreSettings[%s, hostKey=%s, auth=%s, connect=%s, authTimeout=%s, read=%s, keepalive=%s, pool=%dx%d, md5AtStore=%s, retries=%d after %s, writeChannels=%d]"
                .formatted(endpoint.location(), hostKeyFingerprint,
                        privateKeyFile != null ? "key " + privateKeyFile : "password (not shown)",
                        connectTimeout, authTimeout, readTimeout, keepaliveInterval, maxConnections, channelsPerConnection, md5AtStore, retries, retryBackoff, writeChannels);
    }
}
