package backupsync.storage.ssh;

import org.apache.sshd.sftp.common.SftpException;

import backupsync.storage.StoragePathException;

/**
 * Tells a failure of the link (dropped, reset, timed out, the host's sshd restarted: worth a reconnect) from an answer
 * of the server or a refusal of ours (a full disk, a denied write, a changed host key, a path out of the root:
 * another try would meet the same).
 */
final class LinkFailures {
    private LinkFailures() {
    }

    static boolean isLinkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SftpException || t instanceof HostKeyMismatchException || t instanceof StoragePathException) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }
}
