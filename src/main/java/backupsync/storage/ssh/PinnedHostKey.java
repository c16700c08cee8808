package backupsync.storage.ssh;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Accepts exactly one host key, by its SHA-256 fingerprint. A session that presented another key carries the
 * fingerprint it saw ({@link #presentedBy}), so the failed connection can name both keys.
 */
final class PinnedHostKey implements ServerKeyVerifier {
    private final String pinned;
    /** Kept here, not as a session attribute: a session refused in the key exchange closes, and drops those, at once. */
    private final Map<ClientSession, String> mismatches = new ConcurrentHashMap<>();

    PinnedHostKey(String pinnedFingerprint) {
        this.pinned = pinnedFingerprint;
    }

    static String fingerprintOf(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String presented = fingerprintOf(serverKey);
        if (pinned.equals(presented)) {
            return true;
        }
        mismatches.put(session, presented);
        return false;
    }

    /** The fingerprint a session's host presented, when it was not the pinned one (once); null otherwise. */
    String takeMismatchOf(ClientSession session) {
        return session == null ? null : mismatches.remove(session);
    }

    String pinned() {
        return pinned;
    }
}
