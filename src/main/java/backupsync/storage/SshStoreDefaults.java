package backupsync.storage;

import java.nio.file.Path;
import java.time.Duration;

import backupsync.storage.ssh.SshEndpoint;
import backupsync.storage.ssh.SshStoreSettings;

/**
 * What every remote store of this node shares, from the {@code backupsync.ssh.*} properties: timeouts, the pool, the
 * MD5 on the destination host, and the private key file a store uses when its record names neither a key nor a
 * password.
 *
 * @param defaultPrivateKeyFile null when there is none
 */
public record SshStoreDefaults(Duration connectTimeout, Duration authTimeout, Duration readTimeout,
                               Duration keepaliveInterval, int maxConnections, int channelsPerConnection,
                               boolean md5AtStore, Path defaultPrivateKeyFile) {

    /** MINA SSHD's defaults as SshStoreSettings has them, with the MD5 at the store on and no default key. */
    public static SshStoreDefaults standard() {
        return new SshStoreDefaults(SshStoreSettings.DEFAULT_CONNECT_TIMEOUT, SshStoreSettings.DEFAULT_AUTH_TIMEOUT,
                SshStoreSettings.DEFAULT_READ_TIMEOUT, SshStoreSettings.DEFAULT_KEEPALIVE_INTERVAL,
                SshStoreSettings.DEFAULT_MAX_CONNECTIONS, SshStoreSettings.DEFAULT_CHANNELS_PER_CONNECTION, true, null);
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
                .withMd5AtStore(md5AtStore);
    }
}
