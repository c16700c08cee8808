package backupsync.storage.ssh;

import java.net.SocketAddress;
import java.security.PublicKey;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Accepts exactly one host key, by its SHA-256 fingerprint. A session that presented another key carries the
 * fingerprint it saw ({@link #presentedBy}), so the failed connection can name both keys.
 */
final class PinnedHostKey implements ServerKeyVerifier {
    static final AttributeKey<String> PRESENTED = new AttributeKey<>();

    private final String pinned;

    PinnedHostKey(String pinnedFingerprint) {
        this.pinned = pinnedFingerprint;
    }

    static String fingerprintOf(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String presented = fingerprintOf(serverKey);
        session.setAttribute(PRESENTED, presented);
        return pinned.equals(presented);
    }

    /** The fingerprint a session's host presented, when it was not the pinned one; null otherwise. */
    String mismatchOf(ClientSession session) {
        String presented = session == null ? null : session.getAttribute(PRESENTED);
        return presented != null && !pinned.equals(presented) ? presented : null;
    }

    String pinned() {
        return pinned;
    }
}
