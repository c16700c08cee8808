package backupsync.storage.ssh;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Learns the key a host presents, for the "add store" step: an admin sees the fingerprint and accepts it, and only
 * then is it pinned. The probe refuses the key itself, so the connection ends in the key exchange: no credential
 * is sent to a host nobody has accepted yet.
 */
public final class SshHostKeys {

    /** What a host presented: its fingerprint as {@code ssh-keygen -l} prints it, and the key in authorized_keys form. */
    public record PresentedKey(String hostAddress, String fingerprint, String keyType, String publicKey) {
    }

    private SshHostKeys() {
    }

    public static PresentedKey presentedBy(String hostname, int sshPort, Duration timeout) throws IOException {
        String hostAddress = hostname + ":" + sshPort;
        AtomicReference<PublicKey> presented = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, address, key) -> {
            presented.set(key);
            return false;
        });
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, timeout);
        client.start();
        try (ClientSession session = client.connect("host-key-probe", hostname, sshPort).verify(timeout).getClientSession()) {
            // The key exchange runs on its own; it ends when our verifier refuses the key.
            session.auth().await(timeout);
        } catch (IOException e) {
            if (presented.get() == null) {
                throw new SshStoreException(hostAddress, "cannot learn the host key of %s: %s".formatted(hostAddress, LinkFailures.connectReason(e)), e);
            }
        } finally {
            client.stop();
        }
        PublicKey key = presented.get();
        if (key == null) {
            throw new SshStoreException(hostAddress, "%s presented no host key within %s (is it an SSH server?)".formatted(hostAddress, timeout), null);
        }
        return new PresentedKey(hostAddress, PinnedHostKey.fingerprintOf(key), KeyUtils.getKeyType(key), PublicKeyEntry.toString(key));
    }
}
