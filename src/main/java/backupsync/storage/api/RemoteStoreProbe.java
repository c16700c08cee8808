package backupsync.storage.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.ssh.HostKeyMismatchException;
import backupsync.storage.ssh.SshEndpoint;
import backupsync.storage.ssh.SshHostKeys;
import backupsync.storage.ssh.SshStore;
import backupsync.storage.ssh.SshStoreException;
import backupsync.storage.ssh.SshStoreSettings;

/**
 * Reaches a remote store for the API, in two steps, each failure with an ErrorCode of its own: the host key the host
 * presents (no credential sent; BS.1500 when the host does not answer SSH), then a login pinned to the accepted key
 * and the store's root checked (SYS.1006 when the login is refused or the key changed; SYS.1007 when the url is not
 * a writable directory). SshStore's messages name the host and the key file, never the password.
 */
public class RemoteStoreProbe {
    private final Duration timeout;

    public RemoteStoreProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** The fingerprint the host presents now. */
    public String presentedFingerprint(String hostname, int sshPort) {
        try {
            return SshHostKeys.presentedBy(hostname, sshPort, timeout).fingerprint();
        } catch (IOException e) {
            throw new ApiException(ZStackError.BACKUP_STORAGE_UNREACHABLE, e.getMessage());
        }
    }

    /** Logs in with the accepted key pinned and checks the root; answers its free bytes. */
    public long checkRoot(SshEndpoint endpoint, String fingerprint, Path privateKeyFile, String password) {
        SshStoreSettings settings = SshStoreSettings.of(endpoint, fingerprint, privateKeyFile,
                        privateKeyFile != null ? null : password)
                .withTimeouts(timeout, timeout, SshStoreSettings.DEFAULT_READ_TIMEOUT, SshStoreSettings.DEFAULT_KEEPALIVE_INTERVAL)
                .withPool(1, 1);
        try (SshStore store = new SshStore(settings)) {
            return store.checkRoot();
        } catch (HostKeyMismatchException e) {
            throw hostKeyChanged(e.expected(), e.presented(), endpoint.hostAddress());
        } catch (SshStoreException e) {
            // Connection and login failures name the host only; what is wrong with the root names the store.
            if (e.location().equals(endpoint.hostAddress())) {
                throw new ApiException(ZStackError.OPERATION_ERROR, e.getMessage());
            }
            throw ApiException.invalidField("url", e.getMessage());
        } catch (IOException e) {
            throw ApiException.invalidField("url", "the root of the store %s cannot be used: %s".formatted(endpoint.location(), e.getMessage()));
        }
    }

    static ApiException hostKeyChanged(String pinned, String presented, String hostAddress) {
        return new ApiException(ZStackError.OPERATION_ERROR, ("the host key of %s changed: it presented %s but %s is pinned "
                + "for this store; if the host was re-installed, reconnect with acceptHostKey %s (a param or the system tag "
                + "acceptHostKey::%s)").formatted(hostAddress, presented, pinned, presented, presented));
    }
}
